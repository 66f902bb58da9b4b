/*
 * main.c - rapd's main(): reads the command line and dispatches.
 *
 * Main thread only. Today rapd checks configurations:
 *   rapd --check-config FILE   parse and validate FILE, print the
 *                              effective configuration (secrets masked);
 *                              exit 0 if valid, 1 if not
 *   rapd --help | --version
 * Checking is pure: it touches no interface, socket or device. Messages
 * about the file go to stderr as FILE:LINE: KEY: reason. Exit codes:
 * 0 success, 1 invalid configuration, 2 bad command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "rapd/config.h"

#ifndef RAPD_VERSION
#define RAPD_VERSION "0.1"
#endif

#define EXIT_USAGE 2

static void usage(FILE *out)
{
	fputs("Usage: rapd --check-config FILE\n"
	      "       rapd --help | --version\n"
	      "\n"
	      "rapd, a user-space Wi-Fi access point daemon reading\n"
	      "hostapd.conf files (see rapd.conf.example).\n"
	      "\n"
	      "  -c, --check-config FILE  parse and validate FILE, print the\n"
	      "                           effective configuration (secrets\n"
	      "                           masked); exit 0 if valid, 1 if not\n"
	      "  -h, --help               this text\n"
	      "  -V, --version            rapd's version\n",
	      out);
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

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "check-config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *check = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "c:hV", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			check = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("rapd %s\n", RAPD_VERSION);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "rapd: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!check) {
		fputs("rapd: nothing to do: this build only checks "
		      "configurations (--check-config FILE)\n", stderr);
		usage(stderr);
		return EXIT_USAGE;
	}
	return check_config(check);
}
