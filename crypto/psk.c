/*
 * psk.c - the pre-shared key of a WPA2-PSK network and its prepared PMK.
 *
 * PBKDF2-HMAC-SHA1 (RFC 8018 section 5.2) over the prepared HMAC key of
 * hmac.c, the passphrase-to-PSK mapping of 802.11-2020 J.4.1, the 64-hex
 * form of hostapd's wpa_psk, and crypto_pmk_init, which prepares a PMK's
 * HMAC keys once per network (12.7.1.3: with PSK, PMK = PSK).
 *
 * Called at configuration time (main thread) or from tests; pure.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "rapd/bytes.h"
#include "rapd/crypto.h"

#define SHA1_LEN 20
#define PSK_ITERATIONS 4096 /* J.4.1 */
#define PASSPHRASE_MIN 8
#define PASSPHRASE_MAX 63
#define SSID_MAX 32

/* F(P, S, c, i) of RFC 8018 5.2: U1 ^ U2 ^ ... ^ Uc. */
static int pbkdf2_block(const struct crypto_hmac_key *k, const uint8_t *salt,
			size_t salt_len, unsigned iterations, uint32_t i,
			uint8_t t[SHA1_LEN])
{
	uint8_t be_i[4] = { i >> 24, i >> 16, i >> 8, i };
	struct crypto_buf first[2] = { { salt, salt_len }, { be_i, 4 } };
	uint8_t u[SHA1_LEN];
	struct crypto_buf next = { u, SHA1_LEN };
	int rc = crypto_hmac(k, first, 2, u);

	if (rc == 0)
		memcpy(t, u, SHA1_LEN);
	for (unsigned j = 1; rc == 0 && j < iterations; j++) {
		rc = crypto_hmac(k, &next, 1, u);
		for (size_t b = 0; b < SHA1_LEN; b++)
			t[b] ^= u[b];
	}
	OPENSSL_cleanse(u, sizeof(u));
	return rc;
}

/* RFC 8018 5.2: DK = T1 || T2 || ..., truncated to out_len; c >= 1. */
int crypto_pbkdf2_sha1(const uint8_t *pass, size_t pass_len,
		       const uint8_t *salt, size_t salt_len,
		       unsigned iterations, uint8_t *out, size_t out_len)
{
	struct crypto_hmac_key k;
	uint8_t t[SHA1_LEN];
	uint32_t block = 1;
	size_t done = 0;
	int rc;

	if (iterations == 0 || out_len == 0 || (!salt && salt_len) ||
	    out_len / SHA1_LEN >= UINT32_MAX)
		return -1;
	rc = crypto_hmac_key_init(&k, CRYPTO_SHA1, pass, pass_len);
	while (rc == 0 && done < out_len) {
		size_t take = out_len - done < SHA1_LEN ? out_len - done
							: SHA1_LEN;

		rc = pbkdf2_block(&k, salt, salt_len, iterations, block++, t);
		if (rc == 0)
			memcpy(out + done, t, take);
		done += take;
	}
	OPENSSL_cleanse(&k, sizeof(k));
	OPENSSL_cleanse(t, sizeof(t));
	if (rc)
		OPENSSL_cleanse(out, out_len);
	return rc;
}

/* J.4.1: a passphrase is 8..63 ASCII characters coded 32..126. */
static bool passphrase_valid(const char *pass, size_t *len)
{
	size_t n = 0;

	if (!pass)
		return false;
	while (n <= PASSPHRASE_MAX && pass[n]) {
		if (pass[n] < 32 || pass[n] > 126)
			return false;
		n++;
	}
	*len = n;
	return n >= PASSPHRASE_MIN && n <= PASSPHRASE_MAX;
}

/* J.4.1: PSK = PBKDF2(passphrase, SSID, 4096, 256 bits). */
int crypto_psk_from_passphrase(const char *passphrase, const uint8_t *ssid,
			       size_t ssid_len, uint8_t psk[CRYPTO_PMK_LEN])
{
	size_t pass_len;

	if (!passphrase_valid(passphrase, &pass_len) || !ssid ||
	    ssid_len == 0 || ssid_len > SSID_MAX)
		return -1;
	return crypto_pbkdf2_sha1((const uint8_t *)passphrase, pass_len, ssid,
				  ssid_len, PSK_ITERATIONS, psk,
				  CRYPTO_PMK_LEN);
}

/* hostapd.conf wpa_psk: exactly 64 hex digits, nothing after them. */
int crypto_psk_from_hex(const char *hex, uint8_t psk[CRYPTO_PMK_LEN])
{
	if (!hex)
		return -1;
	if (hex_decode(hex, psk, CRYPTO_PMK_LEN)) {
		OPENSSL_cleanse(psk, CRYPTO_PMK_LEN);
		return -1;
	}
	return 0;
}

/* 12.7.1.3: the PMK keys both PRFs; prepare them once per network. */
int crypto_pmk_init(struct crypto_pmk *pmk, const uint8_t key[CRYPTO_PMK_LEN])
{
	memmove(pmk->pmk, key, CRYPTO_PMK_LEN); /* key may be pmk->pmk */
	if (crypto_hmac_key_init(&pmk->prf_sha1, CRYPTO_SHA1, key,
				 CRYPTO_PMK_LEN) ||
	    crypto_hmac_key_init(&pmk->prf_sha256, CRYPTO_SHA256, key,
				 CRYPTO_PMK_LEN)) {
		OPENSSL_cleanse(pmk, sizeof(*pmk));
		return -1;
	}
	return 0;
}
