/*
 * init.c - the crypto module's one-time setup and per-thread workspaces.
 *
 * crypto_init() fetches, once and in the main thread before any other
 * thread starts, every OpenSSL cipher rapd uses (AES-ECB in three key sizes
 * for key wrap and CMAC, AES-128-CCM for CCMP) and keeps them in a static
 * table that nothing else writes. crypto_ws_new() builds a workspace of
 * cipher contexts from that table; afterwards the contexts are only
 * re-keyed (EVP_*Init_ex2 with a NULL cipher), which neither fetches nor
 * allocates. crypto_cleanup() releases the table after every thread is
 * gone.
 *
 * Owns: the fetched EVP_CIPHER objects; each ws owns its contexts.
 * Callers: crypto_init/cleanup from the main thread; a ws from the one
 * thread that owns it; crypto_wipe/crypto_equal from anywhere (pure).
 */
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_pvt.h"

static const size_t ecb_key_len[CRYPTO_AES_SIZES] = { 16, 24, 32 };
static const char *const ecb_name[CRYPTO_AES_SIZES] = {
	"AES-128-ECB",
	"AES-192-ECB",
	"AES-256-ECB",
};

/* Written only by crypto_init and crypto_cleanup; read-only in between. */
static struct {
	bool ready;
	EVP_CIPHER *ecb[CRYPTO_AES_SIZES];
	EVP_CIPHER *ccm;
} alg;

void crypto_cleanup(void)
{
	for (size_t i = 0; i < CRYPTO_AES_SIZES; i++) {
		EVP_CIPHER_free(alg.ecb[i]);
		alg.ecb[i] = NULL;
	}
	EVP_CIPHER_free(alg.ccm);
	alg.ccm = NULL;
	alg.ready = false;
}

int crypto_init(void)
{
	if (alg.ready)
		return 0;
	for (size_t i = 0; i < CRYPTO_AES_SIZES; i++) {
		alg.ecb[i] = EVP_CIPHER_fetch(NULL, ecb_name[i], NULL);
		if (!alg.ecb[i])
			goto fail;
	}
	alg.ccm = EVP_CIPHER_fetch(NULL, "AES-128-CCM", NULL);
	if (!alg.ccm)
		goto fail;
	alg.ready = true;
	return 0;
fail:
	crypto_cleanup();
	return -1;
}

void crypto_ws_free(struct crypto_ws *ws)
{
	if (!ws)
		return;
	/* Freeing a context cleanses its key schedule. */
	for (size_t i = 0; i < CRYPTO_AES_SIZES; i++)
		EVP_CIPHER_CTX_free(ws->ecb[i]);
	EVP_CIPHER_CTX_free(ws->ccm);
	free(ws);
}

/* An ECB context bound to its cipher, keyless, with padding off so that
 * each update returns its block at once (no held-back final block). */
static EVP_CIPHER_CTX *ecb_ctx_new(const EVP_CIPHER *cipher)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (!ctx)
		return NULL;
	if (EVP_EncryptInit_ex2(ctx, cipher, NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* The CCMP parameters (12.5.3.3.1: nonce 13 octets so L = 2, MIC 8
 * octets) are set once; re-keying keeps them. */
static EVP_CIPHER_CTX *ccm_ctx_new(const EVP_CIPHER *cipher)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (!ctx)
		return NULL;
	if (EVP_EncryptInit_ex2(ctx, cipher, NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 13, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
				CRYPTO_CCMP_MIC_LEN, NULL) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

struct crypto_ws *crypto_ws_new(void)
{
	struct crypto_ws *ws;

	if (!alg.ready)
		return NULL;
	ws = calloc(1, sizeof(*ws));
	if (!ws)
		return NULL;
	for (size_t i = 0; i < CRYPTO_AES_SIZES; i++) {
		ws->ecb[i] = ecb_ctx_new(alg.ecb[i]);
		if (!ws->ecb[i])
			goto fail;
	}
	ws->ccm = ccm_ctx_new(alg.ccm);
	if (!ws->ccm)
		goto fail;
	return ws;
fail:
	crypto_ws_free(ws);
	return NULL;
}

EVP_CIPHER_CTX *crypto_ecb_key(struct crypto_ws *ws, const uint8_t *key,
			       size_t key_len, bool encrypt)
{
	EVP_CIPHER_CTX *ctx = NULL;
	int ok;

	if (!ws)
		return NULL;
	for (size_t i = 0; i < CRYPTO_AES_SIZES; i++)
		if (ecb_key_len[i] == key_len)
			ctx = ws->ecb[i];
	if (!ctx)
		return NULL;
	if (encrypt)
		ok = EVP_EncryptInit_ex2(ctx, NULL, key, NULL, NULL);
	else
		ok = EVP_DecryptInit_ex2(ctx, NULL, key, NULL, NULL);
	return ok == 1 ? ctx : NULL;
}

int crypto_ecb_block(EVP_CIPHER_CTX *ctx, const uint8_t *in, uint8_t *out)
{
	int out_len = 0;

	if (EVP_CipherUpdate(ctx, out, &out_len, in, CRYPTO_AES_BLOCK) != 1 ||
	    out_len != CRYPTO_AES_BLOCK)
		return -1;
	return 0;
}

void crypto_wipe(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}

bool crypto_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}
