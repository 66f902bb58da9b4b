/*
 * bench_crypto - what rapd's per-handshake crypto costs, per primitive, next
 * to the straightforward OpenSSL code it replaces.
 *
 * Single thread, one core; each row runs its operation in a loop for about
 * BENCH_SECONDS (default 0.5 s, env) and prints nanoseconds per call. The
 * "baseline" rows are what common code does: HMAC() and EVP cipher calls
 * that fetch the algorithm on every call. A benchmark prints figures and
 * never fails: its exit status only says whether it could run.
 */
#include <rapd/crypto.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double bench_seconds = 0.5;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Runs fn until bench_seconds pass; returns nanoseconds per call. */
static double measure(void (*fn)(void *), void *arg)
{
	unsigned long n = 0, batch = 64;
	double t0 = now_s(), t;

	do {
		for (unsigned long i = 0; i < batch; i++)
			fn(arg);
		n += batch;
		t = now_s() - t0;
	} while (t < bench_seconds);
	return t * 1e9 / (double)n;
}

struct fixture {
	struct crypto_ws *ws;
	struct crypto_pmk pmk;
	struct crypto_ptk ptk;
	struct crypto_rng rng;
	uint8_t aa[6], spa[6], anonce[32], snonce[32];
	uint8_t m2[121], mic[16];
	uint8_t kd[48], wrapped[56];
	uint8_t mpdu[24 + 1500], ccmp_out[24 + 1500 + 16];
};

static struct fixture fx;

static void op_hmac_prepared(void *a)
{
	struct crypto_hmac_key k;
	uint8_t out[20];
	struct crypto_buf b = { fx.m2, sizeof(fx.m2) };

	(void)a;
	/* A KCK is new per handshake: preparing it is part of the cost. */
	crypto_hmac_key_init(&k, CRYPTO_SHA1, fx.ptk.kck, 16);
	crypto_hmac(&k, &b, 1, out);
}

static void op_hmac_baseline(void *a)
{
	uint8_t out[20];
	unsigned int len;

	(void)a;
	HMAC(EVP_sha1(), fx.ptk.kck, 16, fx.m2, sizeof(fx.m2), out, &len);
}

static void op_ptk(void *a)
{
	(void)a;
	crypto_ptk_derive(&fx.pmk, CRYPTO_SHA1, fx.aa, fx.spa, fx.anonce,
			  fx.snonce, &fx.ptk);
}

static void op_mic(void *a)
{
	(void)a;
	crypto_eapol_mic(fx.ws, CRYPTO_MIC_HMAC_SHA1, fx.ptk.kck, fx.m2,
			 sizeof(fx.m2), fx.mic);
}

static void op_wrap(void *a)
{
	(void)a;
	crypto_aes_wrap(fx.ws, fx.ptk.kek, 16, fx.kd, sizeof(fx.kd),
			fx.wrapped);
}

static void op_wrap_baseline(void *a)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-128-WRAP", NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len;

	(void)a;
	EVP_EncryptInit_ex2(ctx, c, fx.ptk.kek, NULL, NULL);
	EVP_EncryptUpdate(ctx, fx.wrapped, &len, fx.kd, sizeof(fx.kd));
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}

static void op_nonce(void *a)
{
	(void)a;
	crypto_rng_bytes(&fx.rng, fx.anonce, 32);
}

static void op_ccmp(void *a)
{
	size_t len;

	(void)a;
	crypto_ccmp_encrypt(fx.ws, fx.ptk.tk, 1, 0, fx.mpdu, sizeof(fx.mpdu),
			    fx.ccmp_out, &len);
}

struct row {
	const char *name;
	void (*fn)(void *);
};

int main(void)
{
	static const struct row rows[] = {
		{ "HMAC-SHA1 (M2, new key), rapd prepared", op_hmac_prepared },
		{ "HMAC-SHA1 (M2, new key), HMAC() baseline", op_hmac_baseline },
		{ "PTK derivation (PRF-SHA1, 384 bits)", op_ptk },
		{ "EAPOL-Key MIC v2 over M2", op_mic },
		{ "AES key wrap 48 B (M3 key data), rapd", op_wrap },
		{ "AES key wrap 48 B, EVP AES-128-WRAP baseline", op_wrap_baseline },
		{ "nonce 32 B, system rng (getrandom)", op_nonce },
		{ "CCMP encrypt 1500 B MPDU", op_ccmp },
	};
	const char *s = getenv("BENCH_SECONDS");
	uint8_t key[32] = { 1 };

	if (s)
		bench_seconds = atof(s);
	if (crypto_init() || !(fx.ws = crypto_ws_new()) ||
	    crypto_pmk_init(&fx.pmk, key)) {
		fprintf(stderr, "bench_crypto: OpenSSL initialisation failed\n");
		return 1;
	}
	crypto_rng_init_system(&fx.rng);
	memset(fx.m2, 0x5a, sizeof(fx.m2));
	memset(fx.kd, 0xdd, sizeof(fx.kd));
	memset(fx.mpdu, 0, sizeof(fx.mpdu));
	fx.mpdu[0] = 0x08; /* data frame */
	op_ptk(NULL);

	printf("%-48s %10s\n", "operation", "ns/call");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		printf("%-48s %10.0f\n", rows[i].name, measure(rows[i].fn, NULL));
	crypto_ws_free(fx.ws);
	crypto_cleanup();
	return 0;
}
