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
 *   rapd [-B] [-P PIDFILE] [-f LOGFILE] [-d|-dd] [-t] [-i IF]
 *        [--capture FILE] CONFIG the access point on a real interface,
 *                                driver=nl80211 (run_live.c); the flags
 *                                are hostapd's
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
#include "rapd/daemon.h"
#include "rapd/log.h"
#include "rapd/run.h"

#ifndef RAPD_VERSION
#define RAPD_VERSION "0.2"
#endif

static void usage(FILE *out)
{
	fputs("Usage: rapd [-B] [-P PIDFILE] [-f LOGFILE] [-d|-dd] [-t] "
	      "[-i IFNAME]\n"
	      "            [--capture FILE] CONFIG\n"
	      "       rapd --check-config FILE\n"
	      "       rapd --simulate N [options] [CONFIG]\n"
	      "       rapd --replay IN --write OUT [options] [CONFIG]\n"
	      "       rapd --list-phys\n"
	      "       rapd --help | --version\n"
	      "\n"
	      "rapd, a user-space Wi-Fi access point daemon reading\n"
	      "hostapd.conf files (see rapd.conf.example). With only CONFIG\n"
	      "it runs the access point on the configured interface\n"
	      "(driver=nl80211, as root); without CONFIG the other modes\n"
	      "run a built-in WPA2-PSK network.\n"
	      "\n"
	      "  -B                       run in the background once set up\n"
	      "  -P PIDFILE               write the process id to PIDFILE\n"
	      "  -f LOGFILE               log to LOGFILE instead of stdout\n"
	      "  -d, -dd                  more, and even more, debug output\n"
	      "  -t                       timestamps on log lines\n"
	      "      --capture FILE       write every frame received and sent\n"
	      "                           on the air to FILE (pcap), which\n"
	      "                           --replay reads\n"
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
	OPT_CAPTURE,
};

/* hostapd's daemon flags. */
struct daemon_opts {
	bool background;	/* -B */
	const char *pidfile;	/* -P */
	const char *logfile;	/* -f */
	unsigned debug;		/* -d count */
	bool timestamps;	/* -t */
};

static int parse_daemon_opt(int o, const char *arg, struct daemon_opts *d)
{
	switch (o) {
	case 'B':
		d->background = true;
		return 0;
	case 'P':
		d->pidfile = arg;
		return 0;
	case 'f':
		d->logfile = arg;
		return 0;
	case 'd':
		d->debug++;
		return 0;
	case 't':
		d->timestamps = true;
		return 0;
	}
	return 1; /* not one of them */
}

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
	case OPT_CAPTURE:
		ro->capture = arg;
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
	if (optind < argc || modes > 1 || (!modes && !ro->config)) {
		fputs(optind < argc ? "rapd: too many arguments\n"
		      : modes ? "rapd: choose one of --check-config, "
				"--simulate, --replay, --list-phys\n"
			      : "rapd: nothing to do: give a CONFIG\n",
		      stderr);
		usage(stderr);
		return RUN_EXIT_USAGE;
	}
	if (ro->capture && modes) {
		fputs("rapd: --capture is for the live access point; "
		      "--simulate records with --record\n", stderr);
		return RUN_EXIT_USAGE;
	}
	if (!modes)
		return run_live(ro);
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

/* Logging, then -B and -P: before any thread exists (fork). */
static int start_daemon(const struct daemon_opts *d)
{
	enum log_level lvl = d->debug >= 2 ? LOG_EXCESSIVE
			     : d->debug ? LOG_DEBUG : LOG_INFO;
	int rc = log_open(lvl, d->timestamps, d->logfile);

	if (rc != 0) {
		fprintf(stderr, "rapd: %s: %s\n", d->logfile, strerror(-rc));
		return -1;
	}
	if (d->background && daemon_start() != 0) {
		perror("rapd: cannot run in the background");
		return -1;
	}
	if (d->pidfile && (rc = daemon_pidfile_write(d->pidfile)) != 0) {
		log_msg(LOG_ERROR, "%s: %s", d->pidfile, strerror(-rc));
		daemon_failed(1);
		return -1;
	}
	return 0;
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
		{ "capture", required_argument, NULL, OPT_CAPTURE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts ro = { 0 };
	struct daemon_opts d = { 0 };
	const char *check = NULL;
	int o, rc;

	while ((o = getopt_long(argc, argv, "c:S:r:w:W:i:qhVBP:f:dt", opts,
				NULL)) != -1) {
		if (o == 'h') {
			usage(stdout);
			return EXIT_SUCCESS;
		}
		if (o == 'V') {
			printf("rapd %s\n", RAPD_VERSION);
			return EXIT_SUCCESS;
		}
		if (parse_daemon_opt(o, optarg, &d) == 0)
			continue;
		if (o == '?' || parse_opt(o, optarg, &ro, &check) != 0) {
			usage(stderr);
			return RUN_EXIT_USAGE;
		}
	}
	if (start_daemon(&d) != 0)
		return EXIT_FAILURE;
	rc = dispatch(&ro, check, argc, argv);
	if (rc != 0)
		daemon_failed(rc);
	daemon_pidfile_remove();
	log_close();
	return rc;
}
