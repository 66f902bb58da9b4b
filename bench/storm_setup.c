/*
 * storm_setup.c - rapd-storm's set-up and its measuring instruments: the
 * network a storm runs against (a hostapd-style CONFIG, or rapd's built-in
 * WPA2-PSK network through run_load_config), and the clock and getrusage
 * readings every figure is computed from; the result's release.
 *
 * Main thread only, before the pipeline's threads start and after they
 * stop. Owns the configuration and BSS for the length of one run; the BSS
 * (keys included) is wiped before it goes.
 */
#include "storm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <rapd/apconf.h>
#include <rapd/crypto.h>
#include <rapd/run.h>

uint64_t storm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

double storm_cpu_s(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

uint64_t storm_peak_rss_bytes(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0 || ru.ru_maxrss < 0)
		return 0;
	return (uint64_t)ru.ru_maxrss * 1024; /* Linux: KiB */
}

void storm_sleep_until(uint64_t t_ns)
{
	struct timespec ts = { .tv_sec = (time_t)(t_ns / 1000000000ull),
			       .tv_nsec = (long)(t_ns % 1000000000ull) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

void storm_result_free(struct storm_result *res)
{
	free(res->series.v);
	res->series.v = NULL;
	res->series.n = res->series.cap = 0;
}

unsigned storm_workers(const struct storm_opts *o, const struct conf *c)
{
	struct run_opts ro = { .workers = o->workers };

	return run_workers(&ro, c);
}

int storm_with_network(const struct storm_opts *o,
		       int (*fn)(const struct storm_opts *o,
				 const struct conf *c, const struct bss *b,
				 struct storm_result *res),
		       struct storm_result *res)
{
	static const uint8_t default_bssid[6] = APCONF_DEFAULT_BSSID;
	struct run_opts ro = { .config = o->config };
	struct conf c;
	struct bss b;
	char err[256];
	int rc;

	if (crypto_init() != 0) {
		fputs("rapd-storm: OpenSSL initialisation failed\n", stderr);
		return 1;
	}
	if (run_load_config(&ro, &c) != 0) {
		crypto_cleanup();
		return 1;
	}
	memset(&b, 0, sizeof(b));
	rc = apconf_bss(&c, default_bssid, &b, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "rapd-storm: %s\n", err);
		rc = 1;
	} else {
		rc = fn(o, &c, &b, res);
	}
	bss_wipe(&b);
	conf_free(&c);
	crypto_cleanup();
	return rc;
}
