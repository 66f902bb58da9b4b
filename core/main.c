/*
 * main.c - rapd's main(): reads the command line and dispatches to a mode.
 *
 * Main thread only.
 *   rapd --check-config FILE     parse and validate FILE, print the
 *                                effective configuration (secrets masked)
 *   rapd --replay IN --write OUT [--seed S] [--workers N] [CONFIG]
 *                                the AP over a recorded trace (run_replay.c)
 *   rapd --simulate N [--duration S | --until-settled] [--seed S]
 *                [--record FILE] [CONFIG]
 *                                the AP against N simulated stations
 *                                (run_sim.c)
 *   rapd --list-phys             each wireless phy's modes, ciphers and
 *                                channels, read over nl80211 (run_phys.c)
 * Without CONFIG the modes use a built-in WPA2-PSK network (run_common.c).
 * Exit codes: 0 success, 1 failure (invalid configuration, unreadable
 * file, stations that did not connect, no phy or no nl80211 for
 * --list-phys), 2 bad command line.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapd/config.h"
#include "rapd/run.h"

#ifndef RAPD_VERSION
#define RAPD_VERSION "0.2"
#endif

static void usage(FILE *out)
{
	fputs("Usage: rapd --check-config FILE\n"
	      "       rapd --simulate N [options] [CONFIG]\n"
	      "       rapd --replay IN --write OUT [options] [CONFIG]\n"
	      "       rapd --list-phys\n"
	      "       rapd --help | --version\n"
	      "\n"
	      "rapd, a user-space Wi-Fi access point daemon reading\n"
	      "hostapd.conf files (see rapd.conf.example). Without CONFIG\n"
	      "the modes run a built-in WPA2-PSK network.\n"
	      "\n"
	      "  -c, --check-config FILE  parse and validate FILE, print the\n"
	      "                           effective configuration (secrets\n"
	      "                           masked); exit 0 if valid, 1 if not\n"
	      "  -S, --simulate N         run the AP against N simulated\n"
	      "                           WPA2 stations; exit 0 if every one\n"
	      "                           that should connect did\n"
	      "      --duration SECONDS   stop the simulation after this long\n"
	      "                           (default: run until SIGINT/SIGTERM)\n"
	      "      --until-settled      stop once every station has connected,\n"
	      "                           failed or vanished\n"
	      "      --record FILE        write the simulated medium (both\n"
	      "                           directions) to a pcap\n"
	      "      --wrong-psk K        K of the stations use a wrong passphrase\n"
	      "      --vanish K           K of the stations vanish mid-handshake\n"
	      "      --loss RATE          frame loss rate on the medium (0..1)\n"
	      "      --churn              stations leave and come back\n"
	      "  -r, --replay IN          run the AP over the trace IN (pcap or\n"
	      "                           pcapng, radiotap or 802.11)\n"
	      "  -w, --write OUT          write what the AP sends to OUT (pcap)\n"
	      "      --seed S             deterministic nonces and keys (replay,\n"
	      "                           simulation; never on a live radio)\n"
	      "      --list-phys          list each wireless phy: interface\n"
	      "                           modes, active monitor, ciphers and\n"
	      "                           channels (disabled, no-IR, radar);\n"
	      "                           exit 1 if none or no nl80211\n"
	      "  -W, --workers N          worker threads (default: rapd_workers,\n"
	      "                           else one per CPU)\n"
	      "  -i IFNAME                the interface, overriding the config\n"
	      "  -q, --quiet              no per-station event lines\n"
	      "  -h, --help               this text\n"
	      "  -V, --version            rapd's version\n",
	      out);
}

/* A whole number in [min, max] from s, or -1 after printing why. */
static int parse_num(const char *opt, const char *s, unsigned long long min,
		     unsigned long long max, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || end == s || *end || *out < min || *out > max ||
	    s[0] == '-') {
		fprintf(stderr, "rapd: %s: '%s' is not a number in %llu..%llu\n",
			opt, s, min, max);
		return -1;
	}
	return 0;
}

static int parse_real(const char *opt, const char *s, double min, double max,
		      double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || !(*out >= min && *out <= max)) {
		fprintf(stderr, "rapd: %s: '%s' is not a number in %g..%g\n",
			opt, s, min, max);
		return -1;
	}
	return 0;
}

enum {
	OPT_DURATION = 256,
	OPT_RECORD,
	OPT_SEED,
	OPT_WRONG_PSK,
	OPT_VANISH,
	OPT_LOSS,
	OPT_CHURN,
	OPT_UNTIL_SETTLED,
	OPT_LIST_PHYS,
};

static int parse_opt(int o, const char *arg, struct run_opts *ro,
		     const char **check)
{
	unsigned long long n;

	switch (o) {
	case 'c':
		*check = arg;
		return 0;
	case 'S':
		if (parse_num("--simulate", arg, 1, 100000, &n))
			return -1;
		ro->simulate = (unsigned)n;
		return 0;
	case 'r':
		ro->replay = arg;
		return 0;
	case 'w':
		ro->write = arg;
		return 0;
	case 'W':
		if (parse_num("--workers", arg, 1, 64, &n))
			return -1;
		ro->workers = (unsigned)n;
		return 0;
	case 'i':
		ro->ifname = arg;
		return 0;
	case 'q':
		ro->quiet = true;
		return 0;
	case OPT_DURATION:
		return parse_real("--duration", arg, 0.001, 1e7, &ro->duration);
	case OPT_RECORD:
		ro->record = arg;
		return 0;
	case OPT_SEED:
		if (parse_num("--seed", arg, 0, UINT64_MAX, &n))
			return -1;
		ro->seeded = true;
		ro->seed = n;
		return 0;
	case OPT_WRONG_PSK:
		if (parse_num("--wrong-psk", arg, 0, 100000, &n))
			return -1;
		ro->sim_wrong_psk = (unsigned)n;
		return 0;
	case OPT_VANISH:
		if (parse_num("--vanish", arg, 0, 100000, &n))
			return -1;
		ro->sim_vanish = (unsigned)n;
		return 0;
	case OPT_LOSS:
		return parse_real("--loss", arg, 0, 1, &ro->sim_loss);
	case OPT_CHURN:
		ro->sim_churn = true;
		return 0;
	case OPT_UNTIL_SETTLED:
		ro->until_settled = true;
		return 0;
	case OPT_LIST_PHYS:
		ro->list_phys = true;
		return 0;
	}
	return -1;
}

static int check_config(const char *path)
{
	struct conf_diag diag = { .emit = conf_emit_stream, .arg = stderr };
	struct conf c;
	int rc;

	conf_init(&c);
	rc = conf_load(path, &c, &diag);
	if (rc == 0)
		conf_print(&c, stdout);
	conf_free(&c);
	if (fflush(stdout) != 0) {
		perror("rapd: stdout");
		return EXIT_FAILURE;
	}
	if (rc != 0)
		fprintf(stderr, "%s: %u error%s, %u warning%s\n", path,
			diag.errors, diag.errors == 1 ? "" : "s",
			diag.warnings, diag.warnings == 1 ? "" : "s");
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Which mode, once the options are read; RUN_EXIT_USAGE if none fits. */
static int dispatch(struct run_opts *ro, const char *check, int argc,
		    char **argv)
{
	int modes = !!check + !!ro->simulate + !!ro->replay + ro->list_phys;

	if (optind < argc)
		ro->config = argv[optind++];
	if (optind < argc || modes != 1) {
		fputs(optind < argc ? "rapd: too many arguments\n"
		      : modes ? "rapd: choose one of --check-config, "
				"--simulate, --replay, --list-phys\n"
			      : "rapd: nothing to do\n",
		      stderr);
		usage(stderr);
		return RUN_EXIT_USAGE;
	}
	if (check)
		return ro->config ? (usage(stderr), RUN_EXIT_USAGE)
				  : check_config(check);
	if (ro->list_phys)
		return ro->config ? (usage(stderr), RUN_EXIT_USAGE)
				  : run_list_phys(ro);
	if (ro->replay)
		return run_replay(ro);
	return run_simulate(ro);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "check-config", required_argument, NULL, 'c' },
		{ "simulate", required_argument, NULL, 'S' },
		{ "replay", required_argument, NULL, 'r' },
		{ "write", required_argument, NULL, 'w' },
		{ "workers", required_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "wrong-psk", required_argument, NULL, OPT_WRONG_PSK },
		{ "vanish", required_argument, NULL, OPT_VANISH },
		{ "loss", required_argument, NULL, OPT_LOSS },
		{ "churn", no_argument, NULL, OPT_CHURN },
		{ "until-settled", no_argument, NULL, OPT_UNTIL_SETTLED },
		{ "list-phys", no_argument, NULL, OPT_LIST_PHYS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts ro = { 0 };
	const char *check = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "c:S:r:w:W:i:qhV", opts, NULL)) !=
	       -1) {
		if (o == 'h') {
			usage(stdout);
			return EXIT_SUCCESS;
		}
		if (o == 'V') {
			printf("rapd %s\n", RAPD_VERSION);
			return EXIT_SUCCESS;
		}
		if (o == '?' || parse_opt(o, optarg, &ro, &check) != 0) {
			usage(stderr);
			return RUN_EXIT_USAGE;
		}
	}
	return dispatch(&ro, check, argc, argv);
}
