/*
 * storm_crypto_base.c - the baseline `rapd-storm --mode crypto` compares
 * rapd with: the same authenticator-side work of one WPA2-PSK 4-way
 * handshake (the steps of storm_crypto_rapd.c), written the way common
 * code uses OpenSSL 3's public API:
 *
 *   HMAC-SHA1  EVP_MAC_fetch("HMAC"), EVP_MAC_CTX_new, EVP_MAC_init with
 *              the key and the "SHA1" digest, update, final, then both
 *              freed: on every call, so the PRF's three blocks and every
 *              MIC pay for the fetch and for keying the HMAC anew
 *   PRF-SHA1   12.7.1.2 over that HMAC with the raw PMK
 *   key wrap   EVP_CIPHER_fetch("AES-128-WRAP") and a new cipher context
 *              per call (RFC 3394, default IV)
 *   ANonce     RAND_bytes
 *   MIC check  a copy with the MIC zeroed, HMAC, CRYPTO_memcmp
 *
 * Benchmark code: it lives in bench/ and nothing in rapd calls it.
 * storm_crypto.c checks, before timing, that it produces the same PTK, M3
 * (wrapped key data and MIC) and MIC verdicts as rapd, so the two are
 * timed on equal work. Main thread of rapd-storm; owns no state between
 * calls; cleanses its temporaries as rapd does.
 */
#include "storm.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <string.h>

#define SHA1_LEN 20
#define PTK_LEN 48 /* KCK || KEK || TK for CCMP-128 */

static int base_hmac_sha1(const uint8_t *key, size_t key_len,
			  const struct crypto_buf *in, size_t n,
			  uint8_t out[SHA1_LEN])
{
	static char digest[] = "SHA1";
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[2];
	size_t len = 0;
	int ok;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	ok = ctx && EVP_MAC_init(ctx, key, key_len, params);
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_MAC_update(ctx, in[i].p, in[i].len);
	ok = ok && EVP_MAC_final(ctx, out, &len, SHA1_LEN) && len == SHA1_LEN;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok ? 0 : -1;
}

/* 12.7.1.2 PRF-384: HMAC-SHA1(PMK, label || 0 || data || i), i = 0..2. */
static int base_prf_sha1_384(const uint8_t *pmk, const uint8_t *data,
			     size_t data_len, uint8_t out[PTK_LEN])
{
	static const char label[] = "Pairwise key expansion";
	uint8_t blocks[3 * SHA1_LEN], zero = 0, i;
	int rc = 0;

	for (i = 0; i < 3 && rc == 0; i++) {
		const struct crypto_buf in[4] = {
			{ (const uint8_t *)label, sizeof(label) - 1 },
			{ &zero, 1 },
			{ data, data_len },
			{ &i, 1 },
		};

		rc = base_hmac_sha1(pmk, CRYPTO_PMK_LEN, in, 4,
				    blocks + i * SHA1_LEN);
	}
	if (rc == 0)
		memcpy(out, blocks, PTK_LEN);
	OPENSSL_cleanse(blocks, sizeof(blocks));
	return rc;
}

static void put_min_max(uint8_t *p, const uint8_t *a, const uint8_t *b,
			size_t len)
{
	bool a_first = memcmp(a, b, len) < 0;

	memcpy(p, a_first ? a : b, len);
	memcpy(p + len, a_first ? b : a, len);
}

static int base_ptk(void *impl, const struct storm_hs_net *net,
		    const struct storm_hs_input *in,
		    struct storm_hs_output *out)
{
	uint8_t data[2 * 6 + 2 * CRYPTO_NONCE_LEN], ptk[PTK_LEN];
	int rc;

	put_min_max(data, net->b->bssid, in->spa, 6);
	put_min_max(data + 12, in->anonce, in->snonce, CRYPTO_NONCE_LEN);
	rc = base_prf_sha1_384(net->b->pmk.pmk, data, sizeof(data), ptk);
	if (rc == 0) {
		memcpy(out->ptk.kck, ptk, CRYPTO_KCK_LEN);
		memcpy(out->ptk.kek, ptk + CRYPTO_KCK_LEN, CRYPTO_KEK_LEN);
		memcpy(out->ptk.tk, ptk + CRYPTO_KCK_LEN + CRYPTO_KEK_LEN,
		       CRYPTO_TK_LEN);
	}
	OPENSSL_cleanse(ptk, sizeof(ptk));
	return rc;
}

/* 1 good MIC, 0 bad, -1 when OpenSSL failed. */
static int base_mic_check(const uint8_t *kck, const uint8_t *frame, size_t len)
{
	uint8_t copy[EAPOL_KEY_MAX_LEN], mic[SHA1_LEN];
	struct crypto_buf in = { copy, len };
	int good = -1;

	if (len > sizeof(copy) || len < EAPOL_KEY_FIXED_LEN)
		return -1;
	memcpy(copy, frame, len);
	memset(copy + EAPOL_MIC_OFF, 0, EAPOL_MIC_LEN);
	if (base_hmac_sha1(kck, CRYPTO_KCK_LEN, &in, 1, mic) == 0)
		good = CRYPTO_memcmp(mic, frame + EAPOL_MIC_OFF,
				     EAPOL_MIC_LEN) == 0;
	OPENSSL_cleanse(mic, sizeof(mic));
	return good;
}

static int base_anonce(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	return RAND_bytes(out->drawn, sizeof(out->drawn)) == 1 ? 0 : -1;
}

static int base_m2_mic(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	int r = base_mic_check(out->ptk.kck, in->m2, in->m2_len);

	out->m2_ok = r == 1;
	return r < 0 ? -1 : 0;
}

static int base_wrap(const uint8_t *kek, const uint8_t *in, size_t n,
		     uint8_t *out)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-128-WRAP", NULL);
	EVP_CIPHER_CTX *ctx = c ? EVP_CIPHER_CTX_new() : NULL;
	int len = 0, fin = 0, ok;

	ok = ctx && EVP_EncryptInit_ex2(ctx, c, kek, NULL, NULL) &&
	     EVP_EncryptUpdate(ctx, out, &len, in, (int)n) &&
	     EVP_EncryptFinal_ex(ctx, out + len, &fin) &&
	     (size_t)len + (size_t)fin == n + EAPOL_WRAP_OVERHEAD;
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

static int base_m3_wrap(void *impl, const struct storm_hs_net *net,
			const struct storm_hs_input *in,
			struct storm_hs_output *out)
{
	memcpy(out->m3, net->m3, net->m3_len);
	memcpy(out->m3 + EAPOL_NONCE_OFF, in->anonce, EAPOL_NONCE_LEN);
	return base_wrap(out->ptk.kek, net->kd, net->kd_len,
			 out->m3 + EAPOL_KEY_FIXED_LEN);
}

static int base_m3_mic(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	struct crypto_buf msg = { out->m3, net->m3_len };
	uint8_t mic[SHA1_LEN];
	int rc;

	memset(out->m3 + EAPOL_MIC_OFF, 0, EAPOL_MIC_LEN);
	rc = base_hmac_sha1(out->ptk.kck, CRYPTO_KCK_LEN, &msg, 1, mic);
	if (rc == 0)
		memcpy(out->m3 + EAPOL_MIC_OFF, mic, EAPOL_MIC_LEN);
	OPENSSL_cleanse(mic, sizeof(mic));
	return rc;
}

static int base_m4_mic(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	int r = base_mic_check(out->ptk.kck, in->m4, in->m4_len);

	out->m4_ok = r == 1;
	return r < 0 ? -1 : 0;
}

void storm_base_hs_impl(struct storm_hs_impl *impl)
{
	impl->name = "baseline";
	impl->ctx = NULL;
	impl->step[STORM_HS_ANONCE] = base_anonce;
	impl->step[STORM_HS_PTK] = base_ptk;
	impl->step[STORM_HS_M2_MIC] = base_m2_mic;
	impl->step[STORM_HS_M3_WRAP] = base_m3_wrap;
	impl->step[STORM_HS_M3_MIC] = base_m3_mic;
	impl->step[STORM_HS_M4_MIC] = base_m4_mic;
}
