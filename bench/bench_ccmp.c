/*
 * bench_ccmp - what CCMP costs rapd's user-space data path (monitor-only
 * and replay modes): MB/s of crypto_ccmp_encrypt and crypto_ccmp_decrypt
 * on one core, next to plain OpenSSL code that fetches AES-128-CCM and
 * makes a new cipher context for every frame, as common code does.
 *
 * Thread layout: one thread, as one worker runs it: one struct crypto_ws,
 * one TK, frames already in memory (no I/O). MPDU sizes 64, 512 and 1500
 * bytes: a QoS Data header of 26 bytes (FromDS, TID 5, 3 addresses) and
 * the body; the figure counts the plaintext MPDU bytes (header included)
 * per second of the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so other
 * processes on the machine do not count against it. Each row runs for
 * BENCH_SECONDS of CPU time (default 1). Encryption uses a new PN for
 * every frame; decryption opens the same protected frame again and again
 * (the replay check is the caller's, crypto_ccmp_pn_fresh).
 *
 * Before timing anything, both sides must agree: for each size, rapd's
 * protected frame and the baseline's are the same bytes, each side opens
 * the other's frame back to the plaintext, and both refuse it with one
 * bit flipped. Otherwise nothing is timed and the exit status is 1.
 * Clause: IEEE Std 802.11-2020 12.5.3 (CCMP: AAD 12.5.3.3.3, nonce
 * 12.5.3.3.4); the baseline builds AAD and nonce itself for the one
 * header layout used here. A benchmark prints figures and never judges
 * them.
 */
#include <rapd/crypto.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HDR_LEN 26	/* QoS Data, 3 addresses */
#define AAD_LEN 24	/* FC, A1-A3, SC, QC (12.5.3.3.3) */
#define NONCE_LEN 13
#define MPDU_MAX 1500
#define PROT_MAX (MPDU_MAX + CRYPTO_CCMP_HDR_LEN + CRYPTO_CCMP_MIC_LEN)
#define TID 5

static const size_t sizes[] = { 64, 512, 1500 };

static const uint8_t tk[16] = { 0xc9, 0x7c, 0x1f, 0x67, 0xce, 0x37,
				0x11, 0x85, 0x51, 0x4a, 0x8a, 0x19,
				0xf2, 0xbd, 0xd5, 0x2f };

struct fixture {
	struct crypto_ws *ws;
	size_t len;			/* plaintext MPDU */
	uint64_t pn;
	uint8_t plain[MPDU_MAX];
	uint8_t prot[PROT_MAX];	/* rapd's protected frame, PN 1 */
	uint8_t out[PROT_MAX];
	size_t out_len;
	unsigned failures;		/* calls that returned an error */
};

static struct fixture fx;

/* A downlink QoS Data MPDU: FromDS, A1 = station, A2 = BSSID = A3. */
static void make_mpdu(uint8_t *m, size_t len)
{
	static const uint8_t hdr[HDR_LEN] = {
		0x88, 0x02, 0x2c, 0x00,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,	/* A1 */
		0x02, 0x11, 0x22, 0x33, 0x44, 0x55,	/* A2 */
		0x02, 0x11, 0x22, 0x33, 0x44, 0x55,	/* A3 */
		0x30, 0x12,				/* SC */
		TID, 0x00,				/* QC */
	};

	memcpy(m, hdr, HDR_LEN);
	for (size_t i = HDR_LEN; i < len; i++)
		m[i] = (uint8_t)(i * 31 + 7);
}

/* --- the baseline: per-frame fetch and context, its own AAD/nonce ---- */

/* 12.5.3.3.3 and .4 for a 3-address QoS Data header: FC with Retry,
 * PwrMgt, MoreData and Order cleared and Protected set, subtype bits 4-6
 * cleared; SC's sequence number cleared; QC reduced to the TID. */
static void base_aad_nonce(const uint8_t *h, uint64_t pn,
			   uint8_t aad[AAD_LEN], uint8_t nonce[NONCE_LEN])
{
	aad[0] = h[0] & 0x8f;
	aad[1] = (uint8_t)((h[1] & ~(0x08 | 0x10 | 0x20 | 0x80)) | 0x40);
	memcpy(aad + 2, h + 4, 18);
	aad[20] = h[22] & 0x0f;
	aad[21] = 0;
	aad[22] = h[24] & 0x0f;
	aad[23] = 0;
	nonce[0] = h[24] & 0x0f;
	memcpy(nonce + 1, h + 10, 6);
	for (int i = 0; i < 6; i++)
		nonce[7 + i] = (uint8_t)(pn >> (40 - 8 * i));
}

/* One CCM operation with a freshly fetched cipher and a new context. */
static int base_ccm(int enc, const uint8_t *nonce, const uint8_t *aad,
		    const uint8_t *in, size_t len, uint8_t *out, uint8_t *mic)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-128-CCM", NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, ok = c && ctx &&
		    EVP_CipherInit_ex2(ctx, c, NULL, NULL, enc, NULL) == 1 &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN,
					NONCE_LEN, NULL) == 1 &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					CRYPTO_CCMP_MIC_LEN,
					enc ? NULL : mic) == 1 &&
		    EVP_CipherInit_ex2(ctx, NULL, tk, nonce, enc, NULL) == 1 &&
		    EVP_CipherUpdate(ctx, NULL, &n, NULL, (int)len) == 1 &&
		    EVP_CipherUpdate(ctx, NULL, &n, aad, AAD_LEN) == 1 &&
		    EVP_CipherUpdate(ctx, out, &n, in, (int)len) == 1;

	if (ok && enc)
		ok = EVP_CipherFinal_ex(ctx, out + len, &n) == 1 &&
		     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
					 CRYPTO_CCMP_MIC_LEN, mic) == 1;
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

static int base_encrypt(uint64_t pn, const uint8_t *in, size_t len,
			uint8_t *out, size_t *out_len)
{
	uint8_t aad[AAD_LEN], nonce[NONCE_LEN], *ccmp = out + HDR_LEN;
	size_t body = len - HDR_LEN;

	memcpy(out, in, HDR_LEN);
	out[1] |= 0x40;
	ccmp[0] = (uint8_t)pn;
	ccmp[1] = (uint8_t)(pn >> 8);
	ccmp[2] = 0;
	ccmp[3] = 0x20; /* ExtIV, key 0 */
	for (int i = 0; i < 4; i++)
		ccmp[4 + i] = (uint8_t)(pn >> (16 + 8 * i));
	base_aad_nonce(out, pn, aad, nonce);
	*out_len = len + CRYPTO_CCMP_HDR_LEN + CRYPTO_CCMP_MIC_LEN;
	return base_ccm(1, nonce, aad, in + HDR_LEN, body, ccmp + 8,
			ccmp + 8 + body);
}

static int base_decrypt(const uint8_t *in, size_t len, uint8_t *out,
			size_t *out_len)
{
	const uint8_t *ccmp = in + HDR_LEN;
	size_t body = len - HDR_LEN - CRYPTO_CCMP_HDR_LEN - CRYPTO_CCMP_MIC_LEN;
	uint8_t aad[AAD_LEN], nonce[NONCE_LEN], mic[CRYPTO_CCMP_MIC_LEN];
	uint64_t pn = (uint64_t)ccmp[0] | (uint64_t)ccmp[1] << 8;

	for (int i = 0; i < 4; i++)
		pn |= (uint64_t)ccmp[4 + i] << (16 + 8 * i);
	base_aad_nonce(in, pn, aad, nonce);
	memcpy(mic, in + len - CRYPTO_CCMP_MIC_LEN, sizeof(mic));
	memcpy(out, in, HDR_LEN);
	out[1] &= (uint8_t)~0x40;
	*out_len = HDR_LEN + body;
	return base_ccm(0, nonce, aad, ccmp + 8, body, out + HDR_LEN, mic);
}

/* --- agreement, checked before any timing ---------------------------- */

static int agree(size_t len)
{
	uint8_t r[PROT_MAX], b[PROT_MAX], back[PROT_MAX];
	size_t rl = 0, bl = 0, backl = 0;
	uint64_t pn = 0;
	int ok;

	make_mpdu(fx.plain, len);
	ok = !crypto_ccmp_encrypt(fx.ws, tk, 1, 0, fx.plain, len, r, &rl) &&
	     !base_encrypt(1, fx.plain, len, b, &bl) && rl == bl &&
	     !memcmp(r, b, rl);
	ok = ok && !base_decrypt(r, rl, back, &backl) && backl == len &&
	     !memcmp(back, fx.plain, len);
	ok = ok && !crypto_ccmp_decrypt(fx.ws, tk, b, bl, back, &backl, &pn) &&
	     backl == len && pn == 1 && !memcmp(back, fx.plain, len);
	r[HDR_LEN + 8] ^= 0x01; /* first body bit: both must refuse */
	ok = ok && base_decrypt(r, rl, back, &backl) != 0 &&
	     crypto_ccmp_decrypt(fx.ws, tk, r, rl, back, &backl, &pn) != 0;
	if (!ok)
		fprintf(stderr, "bench_ccmp: rapd and OpenSSL disagree on a "
			"%zu-byte MPDU: nothing timed\n", len);
	return ok ? 0 : -1;
}

/* --- timing --------------------------------------------------------- */

static void op_rapd_enc(void)
{
	fx.failures += crypto_ccmp_encrypt(fx.ws, tk, ++fx.pn, 0, fx.plain,
					   fx.len, fx.out, &fx.out_len) != 0;
}

static void op_rapd_dec(void)
{
	uint64_t pn;

	fx.failures += crypto_ccmp_decrypt(fx.ws, tk, fx.prot,
					   fx.len + 16, fx.out, &fx.out_len,
					   &pn) != 0;
}

static void op_base_enc(void)
{
	fx.failures += base_encrypt(++fx.pn, fx.plain, fx.len, fx.out,
				    &fx.out_len) != 0;
}

static void op_base_dec(void)
{
	fx.failures += base_decrypt(fx.prot, fx.len + 16, fx.out,
				    &fx.out_len) != 0;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs op for `seconds` of CPU time; nanoseconds per call. */
static double measure(void (*op)(void), double seconds)
{
	unsigned long n = 0;
	double t0 = cpu_s(), t;

	do {
		for (int i = 0; i < 256; i++)
			op();
		n += 256;
		t = cpu_s() - t0;
	} while (t < seconds);
	return t * 1e9 / (double)n;
}

static void row(size_t len, const char *what, void (*rapd)(void),
		void (*base)(void), double seconds)
{
	double r = measure(rapd, seconds), b = measure(base, seconds);

	printf("%6zu  %-7s  %10.1f  %9.0f  %12.1f  %10.0f  %6.2fx\n", len,
	       what, (double)len * 1e3 / r, r, (double)len * 1e3 / b, b,
	       b / r);
}

int main(void)
{
	const char *env = getenv("BENCH_SECONDS");
	double seconds = env ? atof(env) : 1.0;
	int rc = 0;

	if (seconds <= 0)
		seconds = 1.0;
	if (crypto_init() || !(fx.ws = crypto_ws_new())) {
		fprintf(stderr, "bench_ccmp: OpenSSL initialisation failed\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes) && !rc; i++)
		rc = agree(sizes[i]);
	if (!rc) {
		printf("CCMP-128, one thread, %.1f s of CPU per figure; MB/s "
		       "of plaintext MPDU (1 MB = 10^6 bytes)\n", seconds);
		printf("%6s  %-7s  %10s  %9s  %12s  %10s  %7s\n", "MPDU",
		       "op", "rapd MB/s", "rapd ns", "OpenSSL MB/s",
		       "OpenSSL ns", "speedup");
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes) && !rc; i++) {
		fx.len = sizes[i];
		make_mpdu(fx.plain, fx.len);
		rc = crypto_ccmp_encrypt(fx.ws, tk, 1, 0, fx.plain, fx.len,
					 fx.prot, &fx.out_len);
		row(fx.len, "encrypt", op_rapd_enc, op_base_enc, seconds);
		row(fx.len, "decrypt", op_rapd_dec, op_base_dec, seconds);
	}
	if (fx.failures) {
		fprintf(stderr, "bench_ccmp: %u calls failed while timed\n",
			fx.failures);
		rc = -1;
	}
	crypto_ws_free(fx.ws);
	crypto_cleanup();
	return rc ? 1 : 0;
}
