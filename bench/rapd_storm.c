/*
 * rapd-storm - the association-storm benchmark: N WPA2 stations associate
 * with rapd all at once, and the tool prints what it cost.
 *
 *   rapd-storm --mode closed|replay --stations N [--workers W] [--seed S]
 *              [--json] [CONFIG]
 *
 * closed: N simulated stations against the pipeline in this process
 * (storm_closed.c: main, RX, W workers, TX and the medium's thread).
 * replay: such a storm recorded once by a child process, then replayed
 * through a fresh pipeline on the trace clock at full speed (storm_replay.c:
 * main, RX reading the pcap, W workers, TX writing to /dev/null).
 *
 * Measured per run: complete associations per second, handshake latency
 * percentiles, user+sys CPU per association, peak RSS and RSS per station,
 * ring drops and retransmissions (storm_report.c says how each is derived).
 * Main thread only. A benchmark prints figures and never judges them:
 * exit 0 when the run completed, 1 when it could not be set up or run, 2
 * on a usage error.
 */
#include "storm.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/pipeline.h>
#include <rapd/sim.h>

#define STORM_EXIT_USAGE 2

static void usage(FILE *out)
{
	fputs("usage: rapd-storm --mode closed|replay --stations N "
	      "[--workers W] [--seed S]\n"
	      "                  [--json] [CONFIG]\n"
	      "  --mode closed   N simulated WPA2 stations against rapd in "
	      "one process\n"
	      "  --mode replay   record such a storm once, then replay it "
	      "through rapd at\n"
	      "                  full speed; only the replay is measured\n"
	      "  --stations N    stations, all starting at once "
	      "(1..16777214)\n"
	      "  --workers W     worker threads (default: the configuration's "
	      "rapd_workers,\n"
	      "                  else one per CPU)\n"
	      "  --seed S        deterministic nonces (replay draws one when "
	      "absent)\n"
	      "  --json          one JSON object instead of the table\n"
	      "  CONFIG          a hostapd-style configuration (default: "
	      "rapd's built-in\n"
	      "                  WPA2-PSK network)\n"
	      "Exit status: 0 the run completed, 1 set-up or run error, "
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

static int parse_mode(const char *s, enum storm_mode *m)
{
	if (strcmp(s, "closed") == 0)
		*m = STORM_CLOSED;
	else if (strcmp(s, "replay") == 0)
		*m = STORM_REPLAY;
	else {
		fprintf(stderr, "rapd-storm: --mode %s: want closed or "
			"replay\n", s);
		return -1;
	}
	return 0;
}

/* One option; 0, or -1 on a usage error (printed). */
static int parse_opt(int ch, const char *arg, struct storm_opts *o,
		     bool *have_mode)
{
	unsigned long long v;

	switch (ch) {
	case 'm':
		*have_mode = true;
		return parse_mode(arg, &o->mode);
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
	case 'j':
		o->json = true;
		return 0;
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct storm_opts *o)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "stations", required_argument, NULL, 'n' },
		{ "workers", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_mode = false;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			usage(stdout);
			exit(0);
		}
		if (parse_opt(ch, optarg, o, &have_mode) != 0)
			return -1;
	}
	if (optind < argc)
		o->config = argv[optind++];
	if (optind < argc || !have_mode || !o->stations) {
		fputs(optind < argc ? "rapd-storm: one CONFIG at most\n"
				    : "rapd-storm: --mode and --stations are "
				      "required\n", stderr);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct storm_opts o = { .mode = STORM_CLOSED };
	struct storm_result res = { 0 };
	int rc;

	if (parse_args(argc, argv, &o) != 0) {
		usage(stderr);
		return STORM_EXIT_USAGE;
	}
	if (o.mode == STORM_REPLAY)
		rc = storm_replay(&o, &res);
	else
		rc = storm_with_network(&o, storm_closed, &res);
	if (rc != 0)
		return 1;
	if (o.json)
		storm_print_json(&res);
	else
		storm_print_table(&res);
	return 0;
}
