/*
 * rapd-storm - the association-storm benchmark: N WPA2 stations associate
 * with rapd, all at once, at a given rate, or over and over for a
 * duration, and the tool prints what it cost; and a micro-benchmark of
 * the per-handshake crypto.
 *
 *   rapd-storm --mode closed|replay --stations N [--workers W] [--seed S]
 *              [--duration S [--churn]] [--rate R] [--json] [--plot DIR]
 *              [CONFIG]
 *   rapd-storm --mode crypto [--iterations N] [--json] [CONFIG]
 *
 * closed: N simulated stations against the pipeline in this process
 * (storm_closed.c: main, RX, W workers, TX and the medium's thread).
 * replay: such a storm recorded once by a child process, then replayed
 * through a fresh pipeline on the trace clock at full speed (storm_replay.c:
 * main, RX reading the pcap, W workers, TX writing to /dev/null).
 * crypto: the authenticator's crypto of one handshake, rapd against a
 * plain OpenSSL baseline, on this thread (storm_crypto.c).
 *
 * Measured per storm: complete associations per second, handshake latency
 * percentiles, user+sys CPU per association, peak RSS and RSS per station,
 * ring drops and retransmissions (storm_report.c says how each is derived).
 * Main thread only; a progress bar on stderr when it is a terminal
 * (storm_watch.c); --plot charts by gnuplot (storm_plot.c). A benchmark
 * prints figures and never judges them: exit 0 when the run completed, 1
 * when it could not be set up or run (or --plot could not draw, after the
 * figures were printed), 2 on a usage error.
 */
#include "storm.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rapd/sim.h>

#define STORM_EXIT_USAGE 2
#define STORM_DURATION_MAX 86400.0 /* a day */
#define STORM_RATE_MIN 0.01	   /* the last start stays in 64 bits */
#define STORM_RATE_MAX 1e9	   /* one station per nanosecond */

/* Which options were given, for the checks across them. */
enum storm_given {
	GIVEN_MODE = 1 << 0,
	GIVEN_STATIONS = 1 << 1,
	GIVEN_WORKERS = 1 << 2,
	GIVEN_SEED = 1 << 3,
	GIVEN_DURATION = 1 << 4,
	GIVEN_RATE = 1 << 5,
	GIVEN_CHURN = 1 << 6,
	GIVEN_PLOT = 1 << 7,
	GIVEN_ITERATIONS = 1 << 8,
};

static void usage(FILE *out)
{
	fputs("usage: rapd-storm --mode closed|replay --stations N "
	      "[--workers W] [--seed S]\n"
	      "                  [--duration S [--churn]] [--rate R] [--json] "
	      "[--plot DIR] [CONFIG]\n"
	      "       rapd-storm --mode crypto [--iterations N] [--json] "
	      "[CONFIG]\n"
	      "  --mode closed   N simulated WPA2 stations against rapd in "
	      "one process\n"
	      "  --mode replay   record such a storm once, then replay it "
	      "through rapd at\n"
	      "                  full speed; only the replay is measured\n"
	      "  --mode crypto   the authenticator's crypto of one 4-way "
	      "handshake, rapd\n"
	      "                  against a plain OpenSSL baseline, and the "
	      "ratio\n"
	      "  --stations N    stations (1..16777214), all starting at once "
	      "unless --rate\n"
	      "  --workers W     worker threads (default: the configuration's "
	      "rapd_workers,\n"
	      "                  else one per CPU)\n"
	      "  --seed S        deterministic nonces (replay draws one when "
	      "absent)\n"
	      "  --duration S    closed: run S seconds (default: until every "
	      "station settled)\n"
	      "  --churn         closed, with --duration: stations leave and "
	      "rejoin all along\n"
	      "  --rate R        closed: R stations start per second\n"
	      "  --iterations N  crypto: handshakes per side (default 10000)\n"
	      "  --json          one JSON object instead of the table\n"
	      "  --plot DIR      DIR/throughput.png and DIR/latency_cdf.png "
	      "(gnuplot)\n"
	      "  CONFIG          a hostapd-style configuration (default: "
	      "rapd's built-in\n"
	      "                  WPA2-PSK network)\n"
	      "Exit status: 0 the run completed, 1 set-up, run or plot error, "
	      "2 usage.\n", out);
}

/* An unsigned in [min, max], or -1 after printing why. */
static int parse_uint(const char *opt, const char *s, unsigned long long max,
		      unsigned long long min, unsigned long long *out)
{
	char *end;

	if (*s == '-' || *s == '\0')
		goto bad;
	*out = strtoull(s, &end, 0);
	if (*end == '\0' && *out >= min && *out <= max)
		return 0;
bad:
	fprintf(stderr, "rapd-storm: %s %s: want a number in %llu..%llu\n",
		opt, s, min, max);
	return -1;
}

/* A decimal number in [min, max], or -1 after printing why. */
static int parse_real(const char *opt, const char *s, double min, double max,
		      double *out)
{
	char *end;

	*out = strtod(s, &end);
	if (*s != '\0' && *end == '\0' && isfinite(*out) && *out >= min &&
	    *out <= max)
		return 0;
	fprintf(stderr, "rapd-storm: %s %s: want a number in %g..%g\n", opt,
		s, min, max);
	return -1;
}

static int parse_mode(const char *s, enum storm_mode *m)
{
	if (strcmp(s, "closed") == 0)
		*m = STORM_CLOSED;
	else if (strcmp(s, "replay") == 0)
		*m = STORM_REPLAY;
	else if (strcmp(s, "crypto") == 0)
		*m = STORM_CRYPTO;
	else {
		fprintf(stderr, "rapd-storm: --mode %s: want closed, replay "
			"or crypto\n", s);
		return -1;
	}
	return 0;
}

/* The options that take a number. */
static int parse_number_opt(int ch, const char *arg, struct storm_opts *o)
{
	unsigned long long v;

	switch (ch) {
	case 'n':
		if (parse_uint("--stations", arg, SIM_STATIONS_MAX, 1, &v))
			return -1;
		o->stations = (unsigned)v;
		return 0;
	case 'w':
		if (parse_uint("--workers", arg, PIPE_WORKERS_MAX, 1, &v))
			return -1;
		o->workers = (unsigned)v;
		return 0;
	case 's':
		if (parse_uint("--seed", arg, ULLONG_MAX, 0, &v))
			return -1;
		o->seeded = true;
		o->seed = v;
		return 0;
	case 'i':
		if (parse_uint("--iterations", arg, 1000000000ull, 1, &v))
			return -1;
		o->iterations = (unsigned long)v;
		return 0;
	case 'd':
		return parse_real("--duration", arg, 0.001, STORM_DURATION_MAX,
				  &o->duration_s);
	case 'r':
		return parse_real("--rate", arg, STORM_RATE_MIN,
				  STORM_RATE_MAX, &o->rate);
	}
	return -1;
}

/* One option; 0, or -1 on a usage error (printed). */
static int parse_opt(int ch, const char *arg, struct storm_opts *o,
		     unsigned *given)
{
	static const struct {
		int ch;
		unsigned bit;
	} bits[] = {
		{ 'm', GIVEN_MODE },	 { 'n', GIVEN_STATIONS },
		{ 'w', GIVEN_WORKERS },	 { 's', GIVEN_SEED },
		{ 'd', GIVEN_DURATION }, { 'r', GIVEN_RATE },
		{ 'c', GIVEN_CHURN },	 { 'p', GIVEN_PLOT },
		{ 'i', GIVEN_ITERATIONS },
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (bits[i].ch == ch)
			*given |= bits[i].bit;
	switch (ch) {
	case 'm':
		return parse_mode(arg, &o->mode);
	case 'j':
		o->json = true;
		return 0;
	case 'c':
		o->churn = true;
		return 0;
	case 'p':
		o->plot_dir = arg;
		return 0;
	}
	return parse_number_opt(ch, arg, o);
}

/* The options each mode takes, and the ones that need another. */
static int check_given(const struct storm_opts *o, unsigned given)
{
	const unsigned storm_only = GIVEN_STATIONS | GIVEN_WORKERS |
				    GIVEN_SEED | GIVEN_DURATION | GIVEN_RATE |
				    GIVEN_CHURN | GIVEN_PLOT;
	const char *why = NULL;

	if (!(given & GIVEN_MODE))
		why = "--mode is required";
	else if (o->mode == STORM_CRYPTO && (given & storm_only))
		why = "--mode crypto takes --iterations, --json and CONFIG "
		      "only";
	else if (o->mode == STORM_CRYPTO)
		return 0;
	else if (!(given & GIVEN_STATIONS))
		why = "--stations is required";
	else if (given & GIVEN_ITERATIONS)
		why = "--iterations goes with --mode crypto";
	else if (o->mode == STORM_REPLAY &&
		 (given & (GIVEN_DURATION | GIVEN_RATE | GIVEN_CHURN)))
		why = "--duration, --rate and --churn go with --mode closed";
	else if ((given & GIVEN_CHURN) && !(given & GIVEN_DURATION))
		why = "--churn needs --duration";
	if (!why)
		return 0;
	fprintf(stderr, "rapd-storm: %s\n", why);
	return -1;
}

static int parse_args(int argc, char **argv, struct storm_opts *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "stations", required_argument, NULL, 'n' },
		{ "workers", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "rate", required_argument, NULL, 'r' },
		{ "churn", no_argument, NULL, 'c' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "plot", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned given = 0;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			usage(stdout);
			exit(0);
		}
		if (parse_opt(ch, optarg, o, &given) != 0)
			return -1;
	}
	if (optind < argc)
		o->config = argv[optind++];
	if (optind < argc) {
		fputs("rapd-storm: one CONFIG at most\n", stderr);
		return -1;
	}
	return check_given(o, given);
}

static int run_storm(struct storm_opts *o)
{
	struct storm_result res = { 0 };
	int rc;

	if (o->plot_dir && storm_plot_dir(o->plot_dir) != 0)
		return 1;
	if (o->mode == STORM_REPLAY)
		rc = storm_replay(o, &res);
	else
		rc = storm_with_network(o, storm_closed, &res);
	if (rc == 0) {
		if (o->json)
			storm_print_json(&res);
		else
			storm_print_table(&res);
		fflush(stdout);
		if (o->plot_dir)
			rc = storm_plot(o->plot_dir, &res);
	}
	storm_result_free(&res);
	return rc;
}

int main(int argc, char **argv)
{
	struct storm_opts o = { .mode = STORM_CLOSED };

	if (parse_args(argc, argv, &o) != 0) {
		usage(stderr);
		return STORM_EXIT_USAGE;
	}
	/* Only a person watching gets the bar; tests and CI see none. */
	o.progress = isatty(STDERR_FILENO) == 1;
	if (o.mode == STORM_CRYPTO)
		return storm_crypto(&o) ? 1 : 0;
	return run_storm(&o) ? 1 : 0;
}
