/*
 * storm_crypto.c - `rapd-storm --mode crypto [--iterations N] [--json]
 * [CONFIG]`: what the authenticator's crypto of one WPA2-PSK 4-way
 * handshake costs in rapd (storm_crypto_rapd.c: crypto.h as mlme calls
 * it) and in a plain OpenSSL baseline that fetches its algorithms on
 * every call (storm_crypto_base.c), in one run, and their ratio.
 *
 * Main thread only, one core: nothing else of rapd runs. The network is
 * CONFIG's or the built-in one (its PMK prepared once, as rapd does at
 * start). Before timing, both sides run STORM_HS_SETS handshakes prepared
 * by storm_crypto_prep.c and must agree octet for octet on the PTK and on
 * M3 (wrapped key data, MIC), accept every M2 and M4, and refuse an M2
 * whose MIC was tampered with; otherwise nothing is timed and the run
 * fails. Then, in CRYPTO_ROUNDS interleaved rounds (the side that goes
 * first alternates), each side runs N handshakes in all, cycling over the
 * prepared sets, and then each step alone N times. The clock is the
 * thread's CPU time (CLOCK_THREAD_CPUTIME_ID: getrandom's system time
 * included, time other processes take excluded); a figure is the total
 * over the rounds divided by N. Every MIC check must still succeed after
 * timing. Owns the bench state (heap) for the call.
 */
#include "storm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CRYPTO_ROUNDS 5u
#define CRYPTO_DEFAULT_ITERATIONS 10000ul

enum { IMPL_RAPD, IMPL_BASE, IMPLS };
/* Measure 0 is the whole handshake, measure 1 + s is step s alone. */
#define MEASURES (1 + STORM_HS_STEPS)

struct crypto_bench {
	struct storm_hs_net net;
	struct storm_hs_input in[STORM_HS_SETS];
	struct storm_hs_output out[IMPLS][STORM_HS_SETS];
	struct storm_hs_impl impl[IMPLS];
	unsigned long iterations; /* per side and measure */
	unsigned rounds;
	uint64_t ns[IMPLS][MEASURES];
};

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int run_steps(const struct storm_hs_impl *im,
		     const struct storm_hs_net *net,
		     const struct storm_hs_input *in,
		     struct storm_hs_output *out, unsigned from, unsigned to)
{
	int rc = 0;

	for (unsigned s = from; s < to; s++)
		rc |= im->step[s](im->ctx, net, in, out);
	return rc;
}

static int run_all(struct crypto_bench *cb, unsigned impl, unsigned k)
{
	return run_steps(&cb->impl[impl], &cb->net, &cb->in[k],
			 &cb->out[impl][k], 0, STORM_HS_STEPS);
}

/* Both sides refuse an M2 whose MIC is one bit off (set 0's PTK). */
static int check_tampered(struct crypto_bench *cb)
{
	struct storm_hs_input bad = cb->in[0];

	bad.m2[EAPOL_MIC_OFF] ^= 0x01;
	for (unsigned i = 0; i < IMPLS; i++) {
		struct storm_hs_output *o = &cb->out[i][0];

		if (cb->impl[i].step[STORM_HS_M2_MIC](cb->impl[i].ctx,
						      &cb->net, &bad, o) ||
		    o->m2_ok) {
			fprintf(stderr, "rapd-storm: crypto: %s accepted a "
				"tampered M2\n", cb->impl[i].name);
			return -1;
		}
	}
	return 0;
}

/* Equal work: the same PTK and M3 octets, every MIC check passing. */
static int check_equal(struct crypto_bench *cb)
{
	const struct storm_hs_output *r, *b;

	for (unsigned k = 0; k < STORM_HS_SETS; k++) {
		if (run_all(cb, IMPL_RAPD, k) || run_all(cb, IMPL_BASE, k)) {
			fputs("rapd-storm: crypto: a crypto call failed\n",
			      stderr);
			return -1;
		}
		r = &cb->out[IMPL_RAPD][k];
		b = &cb->out[IMPL_BASE][k];
		if (!r->m2_ok || !r->m4_ok || !b->m2_ok || !b->m4_ok ||
		    memcmp(&r->ptk, &b->ptk, sizeof(r->ptk)) ||
		    memcmp(r->m3, b->m3, cb->net.m3_len)) {
			fprintf(stderr, "rapd-storm: crypto: rapd and the "
				"baseline disagree on handshake %u (MICs "
				"rapd %d/%d, baseline %d/%d)\n", k,
				r->m2_ok, r->m4_ok, b->m2_ok, b->m4_ok);
			return -1;
		}
	}
	return check_tampered(cb);
}

static int time_measure(struct crypto_bench *cb, unsigned impl, unsigned m,
			unsigned long n)
{
	unsigned from = m ? m - 1 : 0, to = m ? m : STORM_HS_STEPS;
	const struct storm_hs_impl *im = &cb->impl[impl];
	uint64_t t0 = thread_cpu_ns();
	int rc = 0;

	for (unsigned long i = 0; i < n; i++) {
		unsigned k = (unsigned)(i % STORM_HS_SETS);

		rc |= run_steps(im, &cb->net, &cb->in[k], &cb->out[impl][k],
				from, to);
	}
	cb->ns[impl][m] += thread_cpu_ns() - t0;
	return rc;
}

static int time_all(struct crypto_bench *cb)
{
	unsigned long n;
	int rc = 0;

	for (unsigned r = 0; r < cb->rounds; r++) {
		n = cb->iterations / cb->rounds +
		    (r < cb->iterations % cb->rounds);
		for (unsigned m = 0; m < MEASURES; m++)
			for (unsigned j = 0; j < IMPLS; j++)
				rc |= time_measure(cb, (r + j) % IMPLS, m, n);
	}
	for (unsigned i = 0; i < IMPLS && rc == 0; i++)
		for (unsigned k = 0; k < STORM_HS_SETS; k++)
			if (!cb->out[i][k].m2_ok || !cb->out[i][k].m4_ok)
				rc = -1;
	if (rc)
		fputs("rapd-storm: crypto: a crypto call or MIC check failed "
		      "while timing\n", stderr);
	return rc;
}

static double us_per(const struct crypto_bench *cb, unsigned impl,
		     unsigned m)
{
	return (double)cb->ns[impl][m] / (double)cb->iterations / 1000.0;
}

static double ratio(const struct crypto_bench *cb, unsigned m)
{
	double r = us_per(cb, IMPL_RAPD, m);

	return r > 0 ? us_per(cb, IMPL_BASE, m) / r : 0;
}

static const char *measure_name(unsigned m)
{
	return m ? storm_hs_step_name(m - 1) : "whole handshake";
}

static void print_table(const struct crypto_bench *cb)
{
	printf("rapd-storm: crypto, the authenticator side of one WPA2-PSK "
	       "4-way handshake\n"
	       "  %lu handshakes per side, %u interleaved rounds, thread CPU "
	       "time\n"
	       "  checked first: %u handshakes, same PTK and M3 from both, "
	       "every MIC check passed; a tampered M2 refused by both\n",
	       cb->iterations, cb->rounds, STORM_HS_SETS);
	printf("  %-28s %10s %12s %16s\n", "step", "rapd us", "baseline us",
	       "baseline/rapd");
	for (unsigned m = 0; m < MEASURES; m++)
		printf("  %-28s %10.3f %12.3f %15.1fx\n", measure_name(m),
		       us_per(cb, IMPL_RAPD, m), us_per(cb, IMPL_BASE, m),
		       ratio(cb, m));
	printf("  rapd: crypto.h as mlme calls it (prepared PMK and KCK "
	       "HMAC states, a per-thread AES workspace, getrandom)\n"
	       "  baseline: OpenSSL 3 with the algorithm fetched per call "
	       "(EVP_MAC_fetch + EVP_MAC_CTX_new per HMAC,\n"
	       "  EVP_CIPHER_fetch + EVP_CIPHER_CTX_new per key wrap), "
	       "RAND_bytes\n");
}

static void print_json(const struct crypto_bench *cb)
{
	printf("{\"mode\":\"crypto\",\"iterations\":%lu,\"rounds\":%u,"
	       "\"clock\":\"thread_cpu\",\"handshakes_checked\":%u,",
	       cb->iterations, cb->rounds, STORM_HS_SETS);
	printf("\"crypto\":{\"rapd_us_per_handshake\":%.4f,"
	       "\"baseline_us_per_handshake\":%.4f,\"ratio\":%.3f,"
	       "\"steps\":{", us_per(cb, IMPL_RAPD, 0),
	       us_per(cb, IMPL_BASE, 0), ratio(cb, 0));
	for (unsigned m = 1; m < MEASURES; m++)
		printf("%s\"%s\":{\"rapd_us\":%.4f,\"baseline_us\":%.4f,"
		       "\"ratio\":%.3f}", m > 1 ? "," : "",
		       storm_hs_step_key(m - 1), us_per(cb, IMPL_RAPD, m),
		       us_per(cb, IMPL_BASE, m), ratio(cb, m));
	printf("},\"baseline\":\"OpenSSL 3, algorithm fetched per call: "
	       "EVP_MAC_fetch+EVP_MAC_CTX_new per HMAC, EVP_CIPHER_fetch+"
	       "EVP_CIPHER_CTX_new per key wrap, RAND_bytes\"}}\n");
}

static int crypto_run(const struct storm_opts *o, const struct conf *c,
		      const struct bss *b, struct storm_result *res)
{
	struct crypto_bench *cb;
	struct storm_rapd_hs *x = NULL;
	int rc = 1;

	if (!b->rsn || !b->pmk_set) {
		fputs("rapd-storm: --mode crypto needs a WPA2-PSK network "
		      "(wpa=2 with wpa_passphrase or wpa_psk)\n", stderr);
		return 1;
	}
	cb = calloc(1, sizeof(*cb));
	if (cb)
		x = storm_rapd_hs_new();
	if (!x) {
		fputs("rapd-storm: crypto: out of memory or OpenSSL "
		      "failure\n", stderr);
		free(cb);
		return 1;
	}
	cb->iterations = o->iterations ? o->iterations
				       : CRYPTO_DEFAULT_ITERATIONS;
	cb->rounds = cb->iterations < CRYPTO_ROUNDS ? (unsigned)cb->iterations
						   : CRYPTO_ROUNDS;
	storm_rapd_hs_impl(x, &cb->impl[IMPL_RAPD]);
	storm_base_hs_impl(&cb->impl[IMPL_BASE]);
	if (storm_hs_prepare(b, &cb->net, cb->in, STORM_HS_SETS) != 0)
		fputs("rapd-storm: crypto: cannot build the handshakes\n",
		      stderr);
	else if (check_equal(cb) == 0 && time_all(cb) == 0)
		rc = 0;
	if (rc == 0 && o->json)
		print_json(cb);
	else if (rc == 0)
		print_table(cb);
	storm_rapd_hs_free(x);
	crypto_wipe(cb, sizeof(*cb));
	free(cb);
	return rc;
}

int storm_crypto(const struct storm_opts *o)
{
	struct storm_result unused = { .mode = STORM_CRYPTO };

	return storm_with_network(o, crypto_run, &unused);
}
