/*
 * main.c - rapd-cli's command line: flags, which interface, and the three
 * modes (one command, interactive, -a action script).
 *
 * Single-threaded. Owns the session (struct rcli), the signal flag and the
 * -P pid file. Flags follow hostapd_cli's (hostapd/hostapd_cli.c,
 * interop.md 1.6): -p DIR (default /var/run/hostapd), -i IFNAME (default:
 * the first entry of DIR other than . and ..), -a ACTION runs
 * `ACTION IFNAME EVENT ARGS...` for each event with its "<N>" prefix
 * stripped (split on spaces, waited for, as hostapd's os_exec), -B runs
 * the -a loop in the background, -P writes its pid, -G sets the ping
 * interval, -s the folder for our own sockets. Flags end at the first
 * word that is not one, so a command's own options (stats -r) are its own.
 * Exit codes: enum rcli_exit.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

volatile sig_atomic_t rcli_stop;

static void on_signal(int sig)
{
	(void)sig;
	rcli_stop = 1;
}

static const char synopsis[] =
	"usage: rapd-cli [-p DIR] [-i IFNAME] [-s DIR] [-G SECONDS] [COMMAND "
	"[ARGS...]]\n"
	"       rapd-cli [-p DIR] [-i IFNAME] [-B] [-P PIDFILE] -a ACTION\n"
	"       rapd-cli -h | -v\n";

static void usage(FILE *out, bool full)
{
	fputs(synopsis, out);
	if (!full)
		return;
	fputs("\n"
	      "Talks to rapd (or hostapd) over its control interface.\n"
	      "Without COMMAND: interactive mode (history, TAB completion,\n"
	      "events shown as they come); quit or Ctrl-D leaves.\n"
	      "\n"
	      "  -p DIR       control sockets folder (default "
	      RCLI_DEFAULT_DIR ")\n"
	      "  -i IFNAME    interface (default: the first socket in DIR)\n"
	      "  -a ACTION    attach and run `ACTION IFNAME EVENT ARGS...`\n"
	      "               for each event, until rapd goes or a signal\n"
	      "  -B           with -a: run in the background\n"
	      "  -P PIDFILE   with -a: write the process id there\n"
	      "  -G SECONDS   ping interval while waiting for events (5)\n"
	      "  -s DIR       folder for rapd-cli's own sockets (/tmp)\n"
	      "  -h           this help;  -v  version\n"
	      "\n"
	      "Exit status: 0 done, 1 FAIL reply, timeout (10 s) or no\n"
	      "daemon, 2 bad usage.\n\n", out);
	rcli_print_help(out);
}

struct opts {
	const char *action, *pidfile;
	bool background;
	int ping_interval;
};

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: poll() returns */
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Runs ACTION IFNAME WORDS... and waits for it. */
static void run_action(const char *action, const char *ifname,
		       const char *event)
{
	char copy[RCLI_REPLY_MAX + 1], *argv[RCLI_ARGS_MAX + 3], *save = NULL;
	int argc = 0, status;
	pid_t pid;

	snprintf(copy, sizeof(copy), "%s", rcli_event_body(event));
	argv[argc++] = (char *)action;
	argv[argc++] = (char *)ifname;
	for (char *w = strtok_r(copy, " \n", &save);
	     w && argc < RCLI_ARGS_MAX + 2; w = strtok_r(NULL, " \n", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	pid = fork();
	if (pid < 0) {
		perror("rapd-cli: fork");
		return;
	}
	if (!pid) {
		execv(action, argv);
		fprintf(stderr, "rapd-cli: %s: %s\n", action, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

/* Events until rapd terminates, goes quiet and away, or a signal. */
static int action_loop(struct rcli *r, const struct opts *o)
{
	struct pollfd pfd = { .fd = r->mon.fd, .events = POLLIN };
	char buf[RCLI_REPLY_MAX + 1];

	while (!rcli_stop) {
		int n = poll(&pfd, 1, o->ping_interval * 1000);

		if (n < 0 && errno != EINTR)
			return RCLI_EXIT_FAIL;
		if (n == 0 && (rcli_send(r, "PING") < 0 ||
			       strcmp(r->reply, "PONG\n"))) {
			fprintf(stderr, "rapd-cli: connection to rapd lost - "
				"exiting\n");
			return RCLI_EXIT_FAIL;
		}
		while (n > 0 && rcli_recv(&r->mon, buf, sizeof(buf)) >= 0) {
			if (buf[0] != '<')
				continue; /* a late reply, not an event */
			run_action(o->action, r->ifname, buf);
			if (!strncmp(rcli_event_body(buf),
				     "CTRL-EVENT-TERMINATING", 22))
				return RCLI_EXIT_OK;
		}
	}
	return RCLI_EXIT_OK;
}

static int action_mode(struct rcli *r, struct opts *o)
{
	char path[PATH_MAX];
	FILE *f;
	int rc;

	/* -B changes to /: keep a relative ACTION working */
	if (!realpath(o->action, path)) {
		fprintf(stderr, "rapd-cli: -a %s: %s\n", o->action,
			strerror(errno));
		return RCLI_EXIT_USAGE;
	}
	o->action = path;
	if (rcli_connect(r, true))
		return RCLI_EXIT_FAIL;
	if (o->background && daemon(0, 0)) {
		perror("rapd-cli: daemon");
		rcli_disconnect(r);
		return RCLI_EXIT_FAIL;
	}
	if (o->pidfile) {
		f = fopen(o->pidfile, "w");
		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		} else {
			fprintf(stderr, "rapd-cli: %s: %s\n", o->pidfile,
				strerror(errno));
		}
	}
	rc = action_loop(r, o);
	rcli_disconnect(r);
	if (o->pidfile)
		unlink(o->pidfile);
	return rc;
}

static int parse_flags(int argc, char **argv, struct rcli *r, struct opts *o)
{
	int c;

	/* '+': stop at the command, whose own flags follow it */
	while ((c = getopt(argc, argv, "+a:BG:hi:p:P:s:v")) != -1) {
		switch (c) {
		case 'a':
			o->action = optarg;
			break;
		case 'B':
			o->background = true;
			break;
		case 'G':
			o->ping_interval = atoi(optarg);
			if (o->ping_interval < 1 || o->ping_interval > 3600)
				goto bad;
			break;
		case 'h':
			usage(stdout, true);
			exit(RCLI_EXIT_OK);
		case 'i':
			if (strlen(optarg) >= sizeof(r->ifname) ||
			    strchr(optarg, '/') || !optarg[0])
				goto bad;
			strcpy(r->ifname, optarg);
			break;
		case 'p':
			r->dir = optarg;
			break;
		case 'P':
			o->pidfile = optarg;
			break;
		case 's':
			r->client_dir = optarg;
			break;
		case 'v':
			printf("rapd-cli %s\n", RCLI_VERSION);
			exit(RCLI_EXIT_OK);
		default:
			goto bad;
		}
	}
	if ((o->background || o->pidfile) && !o->action)
		goto bad; /* they describe the -a loop */
	if (o->action && optind < argc)
		goto bad;
	return 0;
bad:
	usage(stderr, false);
	return -EINVAL;
}

/* -i, else the first socket in -p; a clear message when there is none. */
static int pick_ifname(struct rcli *r)
{
	int e;

	if (r->ifname[0])
		return 0;
	e = rcli_first_ifname(r->dir, r->ifname, sizeof(r->ifname));
	if (!e)
		return 0;
	if (e == -ESRCH)
		fprintf(stderr, "rapd-cli: no control socket in %s (is rapd "
			"running with ctrl_interface=%s?)\n", r->dir, r->dir);
	else
		fprintf(stderr, "rapd-cli: cannot open control folder %s: %s "
			"(is rapd running with ctrl_interface=%s?)\n", r->dir,
			strerror(-e), r->dir);
	return e;
}

int main(int argc, char **argv)
{
	static struct rcli r; /* the station list is 36 KB */
	struct opts o = { .ping_interval = RCLI_PING_INTERVAL };
	int rc;

	r.dir = RCLI_DEFAULT_DIR;
	r.client_dir = RCLI_CLIENT_DIR;
	rcli_conn_init(&r.ctrl);
	rcli_conn_init(&r.mon);
	if (parse_flags(argc, argv, &r, &o))
		return RCLI_EXIT_USAGE;
	install_signals();
	if (pick_ifname(&r))
		return RCLI_EXIT_FAIL;
	if (o.action)
		return action_mode(&r, &o);
	if (optind < argc) {
		if (rcli_connect(&r, false))
			return RCLI_EXIT_FAIL;
		rc = rcli_run(&r, argc - optind, argv + optind);
		rcli_disconnect(&r);
		return rc;
	}
	r.interactive = true;
	if (rcli_connect(&r, true))
		return RCLI_EXIT_FAIL;
	rc = rcli_interactive(&r, o.ping_interval);
	rcli_disconnect(&r);
	return rc;
}
