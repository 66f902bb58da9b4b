/*
 * main.c - rapd-trace's command line: subcommands, options, PSK, exit codes.
 *
 * rapd-trace answers two questions about a capture file with rapd's own
 * codec (radiotap, 802.11, EAPOL, crypto from librapd): "what is in it?"
 * (dump, see dump.c) and "is my passphrase right?" (check-handshake, see
 * handshake.c). Single-threaded; owns the PMK of a check, wiped before
 * exit. The PSK is PBKDF2 of the passphrase and SSID (IEEE Std 802.11-2020
 * J.4) or the 64 hex digits of --psk, as hostapd's wpa_psk.
 *
 * Exit codes (enum rtrace_exit): 0 done (check-handshake: at least one
 * handshake verified), 1 no handshake verified, 2 bad usage or a file
 * that cannot be read.
 */
#include "trace.h"

#include <rapd/ie.h>

#include <getopt.h>
#include <string.h>

static const char synopsis[] =
	"usage: rapd-trace dump FILE\n"
	"       rapd-trace frames FILE\n"
	"       rapd-trace check-handshake --ssid SSID\n"
	"                  (--passphrase PASS | --psk HEX) FILE\n"
	"       rapd-trace --help\n";

/* The synopsis alone after a usage error, everything for --help. */
static void usage(FILE *out, bool full)
{
	fputs(synopsis, out);
	if (!full)
		return;
	fputs("\n"
	      "FILE is a pcap or pcapng capture with link type 105 (802.11),\n"
	      "119 (Prism or AVS header) or 127 (radiotap); - reads stdin.\n"
	      "\n"
	      "dump             one tab-separated line per frame, after a\n"
	      "                 '#' line naming the columns: index, time\n"
	      "                 (epoch seconds.microseconds), link type,\n"
	      "                 radio header length, channel MHz, rate Mb/s,\n"
	      "                 signal dBm, FCS present (1/0), type/subtype,\n"
	      "                 addr1, addr2, addr3, sequence number, SSID,\n"
	      "                 EAPOL-Key message (1-4, G1/G2) and\n"
	      "                 'malformed: REASON' where parsing stopped;\n"
	      "                 '-' marks an absent value.\n"
	      "frames           one line per frame: index, time, and the\n"
	      "                 802.11 frame in hex (radio header and FCS\n"
	      "                 removed), for comparing what two captures\n"
	      "                 carry whatever their radio headers.\n"
	      "check-handshake  finds every 4-way handshake and verifies the\n"
	      "                 MIC of each M2, M3 and M4 with the PSK of\n"
	      "                 --ssid and --passphrase (8..63 characters)\n"
	      "                 or --psk (64 hex digits); one line per\n"
	      "                 handshake: AP, station, messages, MIC per\n"
	      "                 message, key descriptor version, frames,\n"
	      "                 result (verified, mic-failure, unchecked,\n"
	      "                 other-ssid:SSID).\n"
	      "\n"
	      "exit status: 0 success (check-handshake: one handshake or\n"
	      "more verified), 1 no handshake verified, 2 bad usage or a\n"
	      "file that cannot be read.\n",
	      out);
}

static int usage_error(const char *cmd, const char *why)
{
	if (why)
		fprintf(stderr, "rapd-trace %s: %s\n", cmd, why);
	usage(stderr, false);
	return RTRACE_EXIT_USAGE;
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "help");
}

/* dump and frames: one FILE argument. */
static int cmd_file(int argc, char **argv,
		    int (*fn)(FILE *out, const char *path))
{
	if (argc == 2 && is_help(argv[1])) {
		usage(stdout, true);
		return RTRACE_EXIT_OK;
	}
	/* A lone "-" is stdin; any other dash word is an unknown option. */
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
		return usage_error(argv[0], "give exactly one capture FILE");
	return fn(stdout, argv[1]);
}

struct hs_args {
	const char *ssid;
	const char *passphrase;
	const char *psk_hex;
	const char *path;
};

/* Parses check-handshake's options; -1 when they are complete, else the
 * exit code to return at once (help or usage error). */
static int parse_hs_args(int argc, char **argv, struct hs_args *a)
{
	static const char cmd[] = "check-handshake";
	static const struct option opts[] = {
		{"ssid", required_argument, NULL, 's'},
		{"passphrase", required_argument, NULL, 'p'},
		{"psk", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->ssid = optarg;
			break;
		case 'p':
			a->passphrase = optarg;
			break;
		case 'k':
			a->psk_hex = optarg;
			break;
		case 'h':
			usage(stdout, true);
			return RTRACE_EXIT_OK;
		default:
			return usage_error(cmd, NULL);
		}
	}
	if (optind != argc - 1)
		return usage_error(cmd, "give exactly one capture FILE");
	a->path = argv[optind];
	if (!a->passphrase == !a->psk_hex)
		return usage_error(cmd, "give one of --passphrase and --psk");
	if (a->passphrase && !a->ssid)
		return usage_error(cmd, "--passphrase needs --ssid");
	if (a->ssid && (!*a->ssid || strlen(a->ssid) > IE_SSID_MAX))
		return usage_error(cmd, "an SSID has 1 to 32 bytes");
	return -1;
}

static int make_pmk(const struct hs_args *a, struct crypto_pmk *pmk)
{
	uint8_t psk[CRYPTO_PMK_LEN];
	int r;

	if (a->passphrase)
		r = crypto_psk_from_passphrase(a->passphrase,
					       (const uint8_t *)a->ssid,
					       strlen(a->ssid), psk);
	else
		r = crypto_psk_from_hex(a->psk_hex, psk);
	if (r < 0)
		return usage_error(
			"check-handshake",
			a->passphrase ? "a passphrase has 8 to 63 characters"
				      : "--psk takes 64 hex digits");
	r = crypto_pmk_init(pmk, psk);
	crypto_wipe(psk, sizeof(psk));
	if (r < 0) {
		fprintf(stderr, "rapd-trace: OpenSSL failed\n");
		return RTRACE_EXIT_USAGE;
	}
	return RTRACE_EXIT_OK;
}

static int cmd_check_handshake(int argc, char **argv)
{
	struct hs_args a = {0};
	struct crypto_pmk pmk;
	int r = parse_hs_args(argc, argv, &a);

	if (r >= 0)
		return r;
	if (crypto_init() < 0) {
		fprintf(stderr, "rapd-trace: OpenSSL initialisation failed\n");
		return RTRACE_EXIT_USAGE;
	}
	r = make_pmk(&a, &pmk);
	if (r == RTRACE_EXIT_OK) {
		r = rtrace_check_handshakes(stdout, a.path, &pmk,
					    (const uint8_t *)a.ssid,
					    a.ssid ? strlen(a.ssid) : 0);
		r = r < 0   ? RTRACE_EXIT_USAGE
		    : r > 0 ? RTRACE_EXIT_OK
			    : RTRACE_EXIT_NONE;
	}
	crypto_wipe(&pmk, sizeof(pmk));
	crypto_cleanup();
	return r;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd) {
		usage(stderr, false);
		return RTRACE_EXIT_USAGE;
	}
	if (is_help(cmd)) {
		usage(stdout, true);
		return RTRACE_EXIT_OK;
	}
	if (!strcmp(cmd, "dump"))
		return cmd_file(argc - 1, argv + 1, rtrace_dump);
	if (!strcmp(cmd, "frames"))
		return cmd_file(argc - 1, argv + 1, rtrace_frames);
	if (!strcmp(cmd, "check-handshake"))
		return cmd_check_handshake(argc - 1, argv + 1);
	fprintf(stderr, "rapd-trace: unknown command '%s'\n", cmd);
	usage(stderr, false);
	return RTRACE_EXIT_USAGE;
}
