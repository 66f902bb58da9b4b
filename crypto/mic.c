/*
 * mic.c - the EAPOL-Key MIC (12.7.2 b.1) in its three key descriptor
 * versions, and AES-128-CMAC (RFC 4493) which version 3 uses.
 *
 * Version 1 (HMAC-MD5) exists only to check old WPA captures; version 2
 * (HMAC-SHA1-128) is WPA2-PSK; version 3 (AES-128-CMAC) is AKM 6. The CMAC
 * runs RFC 4493's block chain over the ws's AES-128-ECB context, so it
 * neither fetches nor allocates.
 *
 * Called by the workers (M2..M4 of every handshake) and tests. The ws, when
 * given, belongs to the calling thread.
 */

/*
 * MD5_Init/Update/Final are deprecated in OpenSSL 3.0 but present; as with
 * SHA-1 in hmac.c they are plain copyable state with no allocation and no
 * provider dispatch. Only the version-1 MIC uses them.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/md5.h>

#include "crypto_pvt.h"

#define MD5_BLOCK 64
#define SHA1_LEN 20

/* RFC 2104 with MD5 and the 16-byte KCK (shorter than a block). */
static int hmac_md5(const uint8_t key[CRYPTO_KCK_LEN], const uint8_t *msg,
		    size_t len, uint8_t out[MD5_DIGEST_LENGTH])
{
	uint8_t ipad[MD5_BLOCK], opad[MD5_BLOCK], inner[MD5_DIGEST_LENGTH];
	MD5_CTX c;
	int ok;

	memset(ipad, 0x36, sizeof(ipad));
	memset(opad, 0x5c, sizeof(opad));
	for (size_t i = 0; i < CRYPTO_KCK_LEN; i++) {
		ipad[i] ^= key[i];
		opad[i] ^= key[i];
	}
	ok = MD5_Init(&c) == 1 && MD5_Update(&c, ipad, sizeof(ipad)) == 1 &&
	     MD5_Update(&c, msg, len) == 1 && MD5_Final(inner, &c) == 1 &&
	     MD5_Init(&c) == 1 && MD5_Update(&c, opad, sizeof(opad)) == 1 &&
	     MD5_Update(&c, inner, sizeof(inner)) == 1 &&
	     MD5_Final(out, &c) == 1;
	OPENSSL_cleanse(ipad, sizeof(ipad));
	OPENSSL_cleanse(opad, sizeof(opad));
	OPENSSL_cleanse(inner, sizeof(inner));
	OPENSSL_cleanse(&c, sizeof(c));
	return ok ? 0 : -1;
}

/* 12.7.2: version 2's MIC is the first 128 bits of HMAC-SHA1(KCK). */
static int hmac_sha1_128(const uint8_t kck[CRYPTO_KCK_LEN],
			 const uint8_t *msg, size_t len,
			 uint8_t mic[CRYPTO_MIC_LEN])
{
	struct {
		struct crypto_hmac_key k;
		uint8_t full[SHA1_LEN];
	} t; /* one wipe for both temporaries */
	struct crypto_buf in = { msg, len };
	int rc;

	rc = crypto_hmac_key_init(&t.k, CRYPTO_SHA1, kck, CRYPTO_KCK_LEN);
	if (rc == 0)
		rc = crypto_hmac(&t.k, &in, 1, t.full);
	if (rc == 0)
		memcpy(mic, t.full, CRYPTO_MIC_LEN);
	OPENSSL_cleanse(&t, sizeof(t));
	return rc;
}

/* 12.7.2 b.1: the key descriptor version picks the MIC algorithm; the
 * caller zeroed the MIC field of the frame beforehand. */
int crypto_eapol_mic(struct crypto_ws *ws, enum crypto_mic_alg alg,
		     const uint8_t kck[CRYPTO_KCK_LEN], const uint8_t *frame,
		     size_t len, uint8_t mic[CRYPTO_MIC_LEN])
{
	int rc = -1;

	switch (alg) {
	case CRYPTO_MIC_HMAC_MD5:
		rc = hmac_md5(kck, frame, len, mic);
		break;
	case CRYPTO_MIC_HMAC_SHA1:
		rc = hmac_sha1_128(kck, frame, len, mic);
		break;
	case CRYPTO_MIC_AES_CMAC:
		rc = crypto_aes_cmac(ws, kck, frame, len, mic);
		break;
	}
	if (rc)
		OPENSSL_cleanse(mic, CRYPTO_MIC_LEN);
	return rc;
}

/* RFC 4493 2.3: doubling in GF(2^128), Rb = 0x87. The carry is turned
 * into a mask rather than a branch so the key does not steer timing. */
static void cmac_double(const uint8_t in[16], uint8_t out[16])
{
	uint8_t rb = (uint8_t)(-(in[0] >> 7) & 0x87);

	for (size_t i = 0; i < 15; i++)
		out[i] = (uint8_t)(in[i] << 1 | in[i + 1] >> 7);
	out[15] = (uint8_t)(in[15] << 1) ^ rb;
}

/* RFC 4493 2.4: the last block, XORed with K1 if it is complete and
 * non-empty, else padded with 10..0 and XORed with K2. */
static void cmac_last_block(const uint8_t *last, size_t last_len,
			    uint8_t l_k[16], uint8_t m_last[16])
{
	uint8_t k1[16], k2[16];

	cmac_double(l_k, k1);
	cmac_double(k1, k2);
	memset(m_last, 0, 16);
	if (last_len)
		memcpy(m_last, last, last_len);
	if (last_len == 16) {
		for (size_t i = 0; i < 16; i++)
			m_last[i] ^= k1[i];
	} else {
		m_last[last_len] = 0x80;
		for (size_t i = 0; i < 16; i++)
			m_last[i] ^= k2[i];
	}
	OPENSSL_cleanse(k1, sizeof(k1));
	OPENSSL_cleanse(k2, sizeof(k2));
	OPENSSL_cleanse(l_k, 16);
}

/* RFC 4493 2.4: AES-CMAC(K, M) with a 128-bit key, any length. */
int crypto_aes_cmac(struct crypto_ws *ws, const uint8_t key[16],
		    const uint8_t *in, size_t len, uint8_t mac[16])
{
	uint8_t l[16] = { 0 }, x[16] = { 0 }, m_last[16];
	size_t full = len ? (len - 1) / 16 : 0; /* blocks before the last */
	EVP_CIPHER_CTX *ctx = crypto_ecb_key(ws, key, 16, true);
	int rc = ctx ? crypto_ecb_block(ctx, l, l) : -1; /* L = AES(K, 0) */

	if (rc == 0)
		cmac_last_block(len ? in + 16 * full : NULL, len - 16 * full,
				l, m_last);
	for (size_t b = 0; rc == 0 && b < full; b++) {
		for (size_t i = 0; i < 16; i++)
			x[i] ^= in[16 * b + i];
		rc = crypto_ecb_block(ctx, x, x);
	}
	if (rc == 0) {
		for (size_t i = 0; i < 16; i++)
			x[i] ^= m_last[i];
		rc = crypto_ecb_block(ctx, x, mac);
	}
	OPENSSL_cleanse(l, sizeof(l));
	OPENSSL_cleanse(x, sizeof(x));
	OPENSSL_cleanse(m_last, sizeof(m_last));
	if (rc)
		OPENSSL_cleanse(mac, 16);
	return rc;
}
