/*
 * hmac.c - HMAC-SHA1 and HMAC-SHA256 (RFC 2104) with prepared keys.
 *
 * A struct crypto_hmac_key holds the hash states reached after absorbing
 * key ^ ipad and key ^ opad. A MAC then copies those two states and runs
 * the message and the inner digest through them: two compression-function
 * chains, no allocation, no provider dispatch. This is what every PTK,
 * PMKID, PBKDF2 iteration and EAPOL-Key MIC (version 2) in rapd costs.
 * crypto_hmac_begin/finish (crypto_pvt.h) split one MAC in two so that
 * messages sharing a prefix (the PRF's iterations) hash it once.
 *
 * Pure functions over caller memory; safe from any thread.
 */

/*
 * SHA1_Init/Update/Final and SHA256_* are deprecated in OpenSSL 3.0 but
 * present and backed by the same SHA-NI/AVX assembly as EVP. They are used
 * on purpose: their SHA_CTX/SHA256_CTX is plain copyable state (so a
 * prepared key is a memcpy), they never allocate, and they skip the
 * provider dispatch that makes an EVP_MAC HMAC cost ~1.8 us instead of
 * ~0.2 us. The suppression is confined to crypto/.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "crypto_pvt.h"

#define HMAC_BLOCK 64 /* SHA-1 and SHA-256 block size */
#define HMAC_MAX_DIGEST SHA256_DIGEST_LENGTH

union hash_ctx {
	SHA_CTX sha1;
	SHA256_CTX sha256;
};

#define STATE_SIZE sizeof(((struct crypto_hmac_key *)0)->state[0])
_Static_assert(sizeof(SHA_CTX) <= STATE_SIZE, "SHA_CTX too big for state[]");
_Static_assert(sizeof(SHA256_CTX) <= STATE_SIZE,
	       "SHA256_CTX too big for state[]");
_Static_assert(sizeof(union hash_ctx) <= STATE_SIZE,
	       "hash context union too big for state[]");

static size_t digest_len(enum crypto_hash hash)
{
	switch (hash) {
	case CRYPTO_SHA1:
		return SHA_DIGEST_LENGTH;
	case CRYPTO_SHA256:
		return SHA256_DIGEST_LENGTH;
	}
	return 0;
}

/* The low-level calls return 1 on success; each result is checked. */
static int hash_init(enum crypto_hash hash, union hash_ctx *c)
{
	switch (hash) {
	case CRYPTO_SHA1:
		return SHA1_Init(&c->sha1) == 1 ? 0 : -1;
	case CRYPTO_SHA256:
		return SHA256_Init(&c->sha256) == 1 ? 0 : -1;
	}
	return -1;
}

static int hash_update(enum crypto_hash hash, union hash_ctx *c,
		       const uint8_t *p, size_t len)
{
	switch (hash) {
	case CRYPTO_SHA1:
		return SHA1_Update(&c->sha1, p, len) == 1 ? 0 : -1;
	case CRYPTO_SHA256:
		return SHA256_Update(&c->sha256, p, len) == 1 ? 0 : -1;
	}
	return -1;
}

static int hash_final(enum crypto_hash hash, union hash_ctx *c, uint8_t *md)
{
	switch (hash) {
	case CRYPTO_SHA1:
		return SHA1_Final(md, &c->sha1) == 1 ? 0 : -1;
	case CRYPTO_SHA256:
		return SHA256_Final(md, &c->sha256) == 1 ? 0 : -1;
	}
	return -1;
}

/* The state after absorbing one padded key block (RFC 2104 step 2/5). */
static int pad_state(enum crypto_hash hash, const uint8_t *block,
		     uint8_t pad, uint8_t *state)
{
	struct {
		uint8_t x[HMAC_BLOCK];
		union hash_ctx c;
	} t; /* one wipe for both temporaries */
	int rc;

	for (size_t i = 0; i < HMAC_BLOCK; i++)
		t.x[i] = block[i] ^ pad;
	rc = hash_init(hash, &t.c);
	if (rc == 0)
		rc = hash_update(hash, &t.c, t.x, sizeof(t.x));
	if (rc == 0)
		memcpy(state, &t.c, sizeof(t.c));
	OPENSSL_cleanse(&t, sizeof(t));
	return rc;
}

/* RFC 2104 section 2: a key longer than the block is hashed first, a
 * shorter one is zero-padded to the block; both pads are absorbed now. */
int crypto_hmac_key_init(struct crypto_hmac_key *k, enum crypto_hash hash,
			 const uint8_t *key, size_t key_len)
{
	uint8_t block[HMAC_BLOCK] = { 0 };
	union hash_ctx c;
	int rc = 0;

	memset(k, 0, sizeof(*k));
	if (digest_len(hash) == 0 || (!key && key_len))
		return -1;
	k->hash = hash;
	if (key_len > HMAC_BLOCK) {
		rc = hash_init(hash, &c);
		if (rc == 0)
			rc = hash_update(hash, &c, key, key_len);
		if (rc == 0)
			rc = hash_final(hash, &c, block);
		OPENSSL_cleanse(&c, sizeof(c));
	} else if (key_len) {
		memcpy(block, key, key_len);
	}
	if (rc == 0)
		rc = pad_state(hash, block, 0x36, k->state[0]);
	if (rc == 0)
		rc = pad_state(hash, block, 0x5c, k->state[1]);
	OPENSSL_cleanse(block, sizeof(block));
	if (rc)
		OPENSSL_cleanse(k, sizeof(*k));
	return rc;
}

/* RFC 2104's inner hash, H(K ^ ipad || text), up to part of text. */
int crypto_hmac_begin(const struct crypto_hmac_key *k,
		      const struct crypto_buf *in, size_t n,
		      struct crypto_hmac_run *run)
{
	union hash_ctx c;
	int rc = digest_len(k->hash) ? 0 : -1;

	if (rc == 0)
		memcpy(&c, k->state[0], sizeof(c));
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = hash_update(k->hash, &c, in[i].p, in[i].len);
	run->hash = k->hash;
	if (rc == 0)
		memcpy(run->ctx, &c, sizeof(c));
	OPENSSL_cleanse(&c, sizeof(c));
	return rc;
}

/*
 * From an inner hash state `start` (K ^ ipad, possibly with a prefix of
 * text already in): the rest of text, then H(K ^ opad || inner digest).
 * The one body of crypto_hmac and crypto_hmac_finish.
 */
static int hmac_from(const struct crypto_hmac_key *k, const void *start,
		     const struct crypto_buf *in, size_t n, uint8_t *out)
{
	struct {
		union hash_ctx c;
		uint8_t inner[HMAC_MAX_DIGEST];
	} t; /* one wipe for both temporaries */
	size_t dlen = digest_len(k->hash);
	int rc = dlen ? 0 : -1;

	if (rc == 0)
		memcpy(&t.c, start, sizeof(t.c));
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = hash_update(k->hash, &t.c, in[i].p, in[i].len);
	if (rc == 0)
		rc = hash_final(k->hash, &t.c, t.inner);
	if (rc == 0) {
		memcpy(&t.c, k->state[1], sizeof(t.c));
		rc = hash_update(k->hash, &t.c, t.inner, dlen);
	}
	if (rc == 0)
		rc = hash_final(k->hash, &t.c, out);
	if (rc && dlen)
		OPENSSL_cleanse(out, dlen);
	OPENSSL_cleanse(&t, sizeof(t));
	return rc;
}

/* The rest of text, then H(K ^ opad || inner digest). */
int crypto_hmac_finish(const struct crypto_hmac_key *k,
		       const struct crypto_hmac_run *run,
		       const struct crypto_buf *in, size_t n, uint8_t *out)
{
	if (run->hash != k->hash) {
		if (digest_len(k->hash))
			OPENSSL_cleanse(out, digest_len(k->hash));
		return -1;
	}
	return hmac_from(k, run->ctx, in, n, out);
}

/* RFC 2104: H(K ^ opad || H(K ^ ipad || text)), both pad states reused.
 * The whole message at once: begin + finish without the run's copies. */
int crypto_hmac(const struct crypto_hmac_key *k, const struct crypto_buf *in,
		size_t n, uint8_t *out)
{
	return hmac_from(k, k->state[0], in, n, out);
}
