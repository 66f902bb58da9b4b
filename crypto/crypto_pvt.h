/*
 * crypto_pvt.h - internals shared by the files of crypto/. Do not include
 * directly: nothing outside crypto/ may use what is declared here; the
 * module's contract is include/rapd/crypto.h.
 *
 * struct crypto_ws is defined here so that the AES users (keywrap.c,
 * mic.c's CMAC, ccmp.c) can reach its cipher contexts; init.c creates it.
 * The same threading rule as the public header applies: one ws per thread.
 */
#ifndef RAPD_CRYPTO_PVT_H
#define RAPD_CRYPTO_PVT_H

#include <openssl/evp.h>

#include "rapd/crypto.h"

#define CRYPTO_AES_BLOCK 16

/* Index of an AES key size in the ws's ECB contexts. */
enum crypto_aes_size {
	CRYPTO_AES_128,
	CRYPTO_AES_192,
	CRYPTO_AES_256,
	CRYPTO_AES_SIZES,
};

struct crypto_ws {
	/* AES-{128,192,256}-ECB, padding off, re-keyed on every use. */
	EVP_CIPHER_CTX *ecb[CRYPTO_AES_SIZES];
	/* AES-128-CCM with a 13-byte nonce and an 8-byte tag (CCMP). */
	EVP_CIPHER_CTX *ccm;
};

/*
 * Keys the ws's ECB context for key_len (16, 24 or 32) bytes, for
 * encryption or decryption; no allocation. Returns the context, or NULL
 * for a bad key length or an OpenSSL error.
 */
EVP_CIPHER_CTX *crypto_ecb_key(struct crypto_ws *ws, const uint8_t *key,
			       size_t key_len, bool encrypt);
/* Runs one 16-byte block through a context keyed by crypto_ecb_key.
 * in and out may be the same buffer. 0 or -1. */
int crypto_ecb_block(EVP_CIPHER_CTX *ctx, const uint8_t *in, uint8_t *out);

/*
 * hmac.c: an HMAC split in two, for messages that share a prefix (the
 * PRF's iterations differ only in their last octet). begin absorbs in[]
 * into a copy of the key's inner state; finish absorbs more into a copy of
 * that and completes the MAC. crypto_hmac(k, in, n) is begin(in, n) then
 * finish(nothing). The run holds key-dependent state: the caller wipes it
 * (crypto_wipe) when done. 0 or -1.
 */
struct crypto_hmac_run {
	enum crypto_hash hash;
	uint8_t ctx[sizeof(((struct crypto_hmac_key *)0)->state[0])];
};

int crypto_hmac_begin(const struct crypto_hmac_key *k,
		      const struct crypto_buf *in, size_t n,
		      struct crypto_hmac_run *run);
int crypto_hmac_finish(const struct crypto_hmac_key *k,
		       const struct crypto_hmac_run *run,
		       const struct crypto_buf *in, size_t n, uint8_t *out);

#endif
