/*
 * kdf.c - 802.11 key derivation: PRF-SHA1 (12.7.1.2), KDF-SHA256
 * (12.7.1.6.2), the pairwise key hierarchy's PTK (12.7.1.3) and the PMKID
 * (12.7.1.3, 9.4.2.24.5's "PMK Name").
 *
 * Every function takes a key prepared by crypto_hmac_key_init (usually the
 * network's struct crypto_pmk), so the per-handshake cost is a few HMAC
 * runs on the stack: no allocation, no algorithm fetch.
 *
 * Called by the workers (one PTK per handshake) and by tests; pure.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "crypto_pvt.h"

#define SHA1_LEN 20
#define SHA256_LEN 32
#define MAC_LEN 6
#define PTK_LEN (CRYPTO_KCK_LEN + CRYPTO_KEK_LEN + CRYPTO_TK_LEN)
#define PTK_DATA_LEN (2 * MAC_LEN + 2 * CRYPTO_NONCE_LEN)

static const char ptk_label[] = "Pairwise key expansion";
static const char pmkid_label[] = "PMK Name";

/* 12.7.1.2: PRF-n(K, A, B) = the first n bits of
 * HMAC-SHA1(K, A || 0 || B || i) for i = 0, 1, ... (one-octet i). */
int crypto_prf_sha1(const struct crypto_hmac_key *k, const char *label,
		    const uint8_t *data, size_t data_len, uint8_t *out,
		    size_t out_len)
{
	uint8_t zero = 0, counter = 0, block[SHA1_LEN];
	struct crypto_buf in[4] = {
		{ (const uint8_t *)label, strlen(label) },
		{ &zero, 1 },
		{ data, data_len },
		{ &counter, 1 },
	};
	struct crypto_hmac_run run;
	size_t done = 0;
	int rc;

	if (k->hash != CRYPTO_SHA1 || out_len > 256 * SHA1_LEN)
		return -1;
	/* Only the counter octet differs between iterations: the blocks
	 * before it are hashed once (2 of the PTK's 9 compressions). */
	rc = crypto_hmac_begin(k, in, 3, &run);
	while (rc == 0 && done < out_len) {
		size_t take = out_len - done < SHA1_LEN ? out_len - done
							: SHA1_LEN;

		rc = crypto_hmac_finish(k, &run, &in[3], 1, block);
		memcpy(out + done, block, take);
		done += take;
		counter++;
	}
	OPENSSL_cleanse(&run, sizeof(run));
	OPENSSL_cleanse(block, sizeof(block));
	if (rc)
		OPENSSL_cleanse(out, out_len);
	return rc;
}

/* 12.7.1.6.2: KDF-Hash-Length(K, label, Context) is the first Length bits
 * of HMAC-SHA256(K, i || label || Context || Length), i = 1, 2, ..., with
 * i and Length as 16-bit little-endian integers. */
int crypto_kdf_sha256(const struct crypto_hmac_key *k, const char *label,
		      const uint8_t *data, size_t data_len, uint8_t *out,
		      size_t out_bits)
{
	uint8_t i_le[2], bits_le[2], block[SHA256_LEN];
	struct crypto_buf in[4] = {
		{ i_le, 2 },
		{ (const uint8_t *)label, strlen(label) },
		{ data, data_len },
		{ bits_le, 2 },
	};
	size_t out_len = out_bits / 8, done = 0;
	unsigned i = 1;
	int rc = 0;

	if (k->hash != CRYPTO_SHA256 || out_bits % 8 || out_bits > 0xffff)
		return -1;
	bits_le[0] = (uint8_t)out_bits;
	bits_le[1] = (uint8_t)(out_bits >> 8);
	while (rc == 0 && done < out_len) {
		size_t take = out_len - done < SHA256_LEN ? out_len - done
							  : SHA256_LEN;

		i_le[0] = (uint8_t)i;
		i_le[1] = (uint8_t)(i >> 8);
		rc = crypto_hmac(k, in, 4, block);
		memcpy(out + done, block, take);
		done += take;
		i++;
	}
	OPENSSL_cleanse(block, sizeof(block));
	if (rc)
		OPENSSL_cleanse(out, out_len);
	return rc;
}

/* Byte-wise comparison as 802.11 orders addresses and nonces (12.7.1.3:
 * "Min" and "Max" treat them as unsigned big-endian integers). */
static const uint8_t *min_of(const uint8_t *a, const uint8_t *b, size_t n)
{
	return memcmp(a, b, n) < 0 ? a : b;
}

static const uint8_t *max_of(const uint8_t *a, const uint8_t *b, size_t n)
{
	return memcmp(a, b, n) < 0 ? b : a;
}

/* 12.7.1.3: PTK = PRF-384 or KDF-SHA256-384(PMK, "Pairwise key expansion",
 * Min(AA,SPA) || Max(AA,SPA) || Min(ANonce,SNonce) || Max(ANonce,SNonce)),
 * split into KCK || KEK || TK (CCMP-128, 12.7.1.3 Table 12-8). */
int crypto_ptk_derive(const struct crypto_pmk *pmk, enum crypto_hash hash,
		      const uint8_t aa[6], const uint8_t spa[6],
		      const uint8_t anonce[CRYPTO_NONCE_LEN],
		      const uint8_t snonce[CRYPTO_NONCE_LEN],
		      struct crypto_ptk *ptk)
{
	uint8_t data[PTK_DATA_LEN], raw[PTK_LEN];
	uint8_t *p = data;
	int rc = -1;

	memcpy(p, min_of(aa, spa, MAC_LEN), MAC_LEN);
	p += MAC_LEN;
	memcpy(p, max_of(aa, spa, MAC_LEN), MAC_LEN);
	p += MAC_LEN;
	memcpy(p, min_of(anonce, snonce, CRYPTO_NONCE_LEN), CRYPTO_NONCE_LEN);
	p += CRYPTO_NONCE_LEN;
	memcpy(p, max_of(anonce, snonce, CRYPTO_NONCE_LEN), CRYPTO_NONCE_LEN);

	switch (hash) {
	case CRYPTO_SHA1:
		rc = crypto_prf_sha1(&pmk->prf_sha1, ptk_label, data,
				     sizeof(data), raw, PTK_LEN);
		break;
	case CRYPTO_SHA256:
		rc = crypto_kdf_sha256(&pmk->prf_sha256, ptk_label, data,
				       sizeof(data), raw, PTK_LEN * 8);
		break;
	}
	if (rc == 0) {
		memcpy(ptk->kck, raw, CRYPTO_KCK_LEN);
		memcpy(ptk->kek, raw + CRYPTO_KCK_LEN, CRYPTO_KEK_LEN);
		memcpy(ptk->tk, raw + CRYPTO_KCK_LEN + CRYPTO_KEK_LEN,
		       CRYPTO_TK_LEN);
	} else {
		OPENSSL_cleanse(ptk, sizeof(*ptk));
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(data, sizeof(data));
	return rc;
}

/* 12.7.1.3: PMKID = Truncate-128(HMAC-SHA-1 or HMAC-SHA-256 (AKM 6)
 * (PMK, "PMK Name" || AA || SPA)). */
int crypto_pmkid(const struct crypto_pmk *pmk, enum crypto_hash hash,
		 const uint8_t aa[6], const uint8_t spa[6],
		 uint8_t pmkid[CRYPTO_PMKID_LEN])
{
	const struct crypto_buf in[3] = {
		{ (const uint8_t *)pmkid_label, sizeof(pmkid_label) - 1 },
		{ aa, MAC_LEN },
		{ spa, MAC_LEN },
	};
	const struct crypto_hmac_key *k = NULL;
	uint8_t mac[SHA256_LEN];
	int rc;

	switch (hash) {
	case CRYPTO_SHA1:
		k = &pmk->prf_sha1;
		break;
	case CRYPTO_SHA256:
		k = &pmk->prf_sha256;
		break;
	}
	rc = k ? crypto_hmac(k, in, 3, mac) : -1;
	if (rc == 0)
		memcpy(pmkid, mac, CRYPTO_PMKID_LEN);
	else
		OPENSSL_cleanse(pmkid, CRYPTO_PMKID_LEN);
	OPENSSL_cleanse(mac, sizeof(mac));
	return rc;
}
