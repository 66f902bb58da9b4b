/*
 * keywrap.c - AES key wrap and unwrap (RFC 3394 section 2.2), the key data
 * encryption of EAPOL-Key frames with key descriptor versions 2 and 3
 * (12.7.2 b.1, Key Data field): M3 carries the GTK this way.
 *
 * With a 128-bit KEK (every CCMP-128 PTK) on a CPU with AES-NI, the 6n
 * block steps run on an AES-128 key schedule built here with AESKEYGENASSIST
 * (FIPS 197 5.2) and AESENC rounds (5.1), on the stack: ~0.1 us per M3.
 * Otherwise they run over the ws's AES-ECB context, re-keyed per call
 * (~2.4 us per M3 through EVP's per-call dispatch; OpenSSL 3.0's own wrap
 * mode costs ~3.7 us). Both paths give the same bytes (RFC 3394 vectors in
 * tests/unit/test_crypto_aes.c exercise the one this CPU takes).
 *
 * Called by the workers and tests, with the calling thread's ws.
 */
#include <immintrin.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto_pvt.h"

#define SEMIBLOCK 8

/* RFC 3394 2.2.3.1: the default initial value A6A6A6A6A6A6A6A6. */
static const uint8_t default_iv[SEMIBLOCK] = {
	0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6,
};

/* A ^= t, t as a 64-bit big-endian integer (RFC 3394 2.2.1, 2.2.2). */
static void xor_step(uint8_t a[SEMIBLOCK], uint64_t t)
{
	for (int i = SEMIBLOCK - 1; i >= 0 && t; i--, t >>= 8)
		a[i] ^= (uint8_t)t;
}

static bool kek_len_valid(size_t kek_len)
{
	return kek_len == 16 || kek_len == 24 || kek_len == 32;
}

#define AES128_ROUNDS 10

/* FIPS 197 5.2: the next round key from the previous one and
 * SubWord(RotWord(w3)) ^ Rcon, which AESKEYGENASSIST leaves in lane 3. */
__attribute__((target("aes")))
static __m128i ni_next_key(__m128i k, __m128i assist)
{
	assist = _mm_shuffle_epi32(assist, 0xff);
	k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
	k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
	k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
	return _mm_xor_si128(k, assist);
}

/* The Rcon operand of AESKEYGENASSIST must be an immediate. */
#define NI_ROUND_KEY(rk, i, rcon)                                           \
	((rk)[i] = ni_next_key((rk)[(i) - 1],                                 \
			       _mm_aeskeygenassist_si128((rk)[(i) - 1], rcon)))

__attribute__((target("aes")))
static void ni_schedule128(const uint8_t key[16],
			   __m128i rk[AES128_ROUNDS + 1])
{
	rk[0] = _mm_loadu_si128((const __m128i *)key);
	NI_ROUND_KEY(rk, 1, 0x01);
	NI_ROUND_KEY(rk, 2, 0x02);
	NI_ROUND_KEY(rk, 3, 0x04);
	NI_ROUND_KEY(rk, 4, 0x08);
	NI_ROUND_KEY(rk, 5, 0x10);
	NI_ROUND_KEY(rk, 6, 0x20);
	NI_ROUND_KEY(rk, 7, 0x40);
	NI_ROUND_KEY(rk, 8, 0x80);
	NI_ROUND_KEY(rk, 9, 0x1b);
	NI_ROUND_KEY(rk, 10, 0x36);
}

__attribute__((target("aes")))
static __m128i ni_encrypt128(const __m128i rk[AES128_ROUNDS + 1], __m128i b)
{
	b = _mm_xor_si128(b, rk[0]);
	for (int r = 1; r < AES128_ROUNDS; r++)
		b = _mm_aesenc_si128(b, rk[r]);
	return _mm_aesenclast_si128(b, rk[AES128_ROUNDS]);
}

/* RFC 3394 2.2.1 as in crypto_aes_wrap, AES-128 on AES-NI. A and each
 * R[i] are handled as 64-bit words in memory order, so t, a big-endian
 * integer, is XORed byte-swapped. out already holds R[1..n]. */
__attribute__((target("aes")))
static void ni_wrap128(const uint8_t kek[16], size_t blocks, uint8_t *out)
{
	__m128i rk[AES128_ROUNDS + 1], b;
	uint64_t a, r;

	ni_schedule128(kek, rk);
	memcpy(&a, default_iv, SEMIBLOCK);
	for (size_t j = 0; j < 6; j++) {
		for (size_t i = 1; i <= blocks; i++) {
			memcpy(&r, out + SEMIBLOCK * i, SEMIBLOCK);
			b = ni_encrypt128(rk, _mm_set_epi64x((long long)r,
							    (long long)a));
			a = (uint64_t)_mm_cvtsi128_si64(b) ^
			    __builtin_bswap64((uint64_t)(blocks * j + i));
			r = (uint64_t)_mm_cvtsi128_si64(
				_mm_unpackhi_epi64(b, b));
			memcpy(out + SEMIBLOCK * i, &r, SEMIBLOCK);
		}
	}
	memcpy(out, &a, SEMIBLOCK);
	OPENSSL_cleanse(rk, sizeof(rk));
	OPENSSL_cleanse(&a, sizeof(a));
	OPENSSL_cleanse(&r, sizeof(r));
}

/* FIPS 197 5.3.5 (equivalent inverse cipher): the decryption schedule is
 * the encryption one reversed, InvMixColumns applied to the inner keys. */
__attribute__((target("aes")))
static void ni_inverse128(const __m128i rk[AES128_ROUNDS + 1],
			  __m128i dk[AES128_ROUNDS + 1])
{
	dk[0] = rk[AES128_ROUNDS];
	for (int r = 1; r < AES128_ROUNDS; r++)
		dk[r] = _mm_aesimc_si128(rk[AES128_ROUNDS - r]);
	dk[AES128_ROUNDS] = rk[0];
}

__attribute__((target("aes")))
static __m128i ni_decrypt128(const __m128i dk[AES128_ROUNDS + 1], __m128i b)
{
	b = _mm_xor_si128(b, dk[0]);
	for (int r = 1; r < AES128_ROUNDS; r++)
		b = _mm_aesdec_si128(b, dk[r]);
	return _mm_aesdeclast_si128(b, dk[AES128_ROUNDS]);
}

/* RFC 3394 2.2.2 as in crypto_aes_unwrap, AES-128 on AES-NI. out already
 * holds R[1..n]; a gets the final A, which the caller checks. */
__attribute__((target("aes")))
static void ni_unwrap128(const uint8_t kek[16], size_t blocks, uint8_t *out,
			 uint8_t a_out[SEMIBLOCK])
{
	__m128i rk[AES128_ROUNDS + 1], dk[AES128_ROUNDS + 1], b;
	uint64_t a, r;

	ni_schedule128(kek, rk);
	ni_inverse128(rk, dk);
	memcpy(&a, a_out, SEMIBLOCK);
	for (size_t j = 6; j-- > 0;) {
		for (size_t i = blocks; i >= 1; i--) {
			memcpy(&r, out + SEMIBLOCK * (i - 1), SEMIBLOCK);
			a ^= __builtin_bswap64((uint64_t)(blocks * j + i));
			b = ni_decrypt128(dk, _mm_set_epi64x((long long)r,
							    (long long)a));
			a = (uint64_t)_mm_cvtsi128_si64(b);
			r = (uint64_t)_mm_cvtsi128_si64(
				_mm_unpackhi_epi64(b, b));
			memcpy(out + SEMIBLOCK * (i - 1), &r, SEMIBLOCK);
		}
	}
	memcpy(a_out, &a, SEMIBLOCK);
	OPENSSL_cleanse(rk, sizeof(rk));
	OPENSSL_cleanse(dk, sizeof(dk));
	OPENSSL_cleanse(&a, sizeof(a));
	OPENSSL_cleanse(&r, sizeof(r));
}

static bool have_aesni(void)
{
	return __builtin_cpu_supports("aes");
}

/* RFC 3394 2.2.1 (index-based form): for j = 0..5, i = 1..n:
 * B = AES(K, A | R[i]); A = MSB64(B) ^ t with t = n*j + i; R[i] = LSB64(B). */
int crypto_aes_wrap(struct crypto_ws *ws, const uint8_t *kek, size_t kek_len,
		    const uint8_t *in, size_t n, uint8_t *out)
{
	size_t blocks = n / SEMIBLOCK;
	uint8_t b[CRYPTO_AES_BLOCK];
	EVP_CIPHER_CTX *ctx;
	int rc = 0;

	if (!kek_len_valid(kek_len) || n % SEMIBLOCK || n < 2 * SEMIBLOCK)
		return -1;
	if (kek_len == 16 && have_aesni()) {
		memmove(out + SEMIBLOCK, in, n);
		ni_wrap128(kek, blocks, out);
		return 0;
	}
	ctx = crypto_ecb_key(ws, kek, kek_len, true);
	if (!ctx)
		return -1;
	memcpy(b, default_iv, SEMIBLOCK);
	memmove(out + SEMIBLOCK, in, n);
	for (size_t j = 0; rc == 0 && j < 6; j++) {
		for (size_t i = 1; rc == 0 && i <= blocks; i++) {
			uint8_t *r = out + SEMIBLOCK * i;

			memcpy(b + SEMIBLOCK, r, SEMIBLOCK);
			rc = crypto_ecb_block(ctx, b, b);
			xor_step(b, (uint64_t)(blocks * j + i));
			memcpy(r, b + SEMIBLOCK, SEMIBLOCK);
		}
	}
	memcpy(out, b, SEMIBLOCK);
	OPENSSL_cleanse(b, sizeof(b));
	if (rc)
		OPENSSL_cleanse(out, n + SEMIBLOCK);
	return rc;
}

/* RFC 3394 2.2.2 over the ws's AES-ECB context (any KEK size). */
static int evp_unwrap(struct crypto_ws *ws, const uint8_t *kek,
		      size_t kek_len, size_t blocks, uint8_t *out,
		      uint8_t b[CRYPTO_AES_BLOCK])
{
	EVP_CIPHER_CTX *ctx = crypto_ecb_key(ws, kek, kek_len, false);
	int rc = ctx ? 0 : -1;

	for (size_t j = 6; rc == 0 && j-- > 0;) {
		for (size_t i = blocks; rc == 0 && i >= 1; i--) {
			uint8_t *r = out + SEMIBLOCK * (i - 1);

			xor_step(b, (uint64_t)(blocks * j + i));
			memcpy(b + SEMIBLOCK, r, SEMIBLOCK);
			rc = crypto_ecb_block(ctx, b, b);
			memcpy(r, b + SEMIBLOCK, SEMIBLOCK);
		}
	}
	return rc;
}

/* RFC 3394 2.2.2 (index-based form) and 2.2.3: for j = 5..0, i = n..1:
 * B = AES-1(K, (A ^ t) | R[i]); A = MSB64(B); R[i] = LSB64(B); then A must
 * equal the default IV, compared in constant time. */
int crypto_aes_unwrap(struct crypto_ws *ws, const uint8_t *kek,
		      size_t kek_len, const uint8_t *in, size_t n,
		      uint8_t *out)
{
	size_t blocks = n / SEMIBLOCK - 1;
	uint8_t b[CRYPTO_AES_BLOCK];
	int rc = 0;

	if (!kek_len_valid(kek_len) || n % SEMIBLOCK || n < 3 * SEMIBLOCK)
		return -1;
	memcpy(b, in, SEMIBLOCK);
	memmove(out, in + SEMIBLOCK, n - SEMIBLOCK);
	if (kek_len == 16 && have_aesni())
		ni_unwrap128(kek, blocks, out, b);
	else
		rc = evp_unwrap(ws, kek, kek_len, blocks, out, b);
	if (rc == 0 && CRYPTO_memcmp(b, default_iv, SEMIBLOCK) != 0)
		rc = -1;
	OPENSSL_cleanse(b, sizeof(b));
	if (rc)
		OPENSSL_cleanse(out, n - SEMIBLOCK);
	return rc;
}
