/*
 * cmd.c - rapd-cli's commands: hostapd_cli's names mapped to control
 * requests, one-shot execution, and the station list for completion.
 *
 * Main thread only. Owns the session's two connections (requests, and the
 * attached monitor for events) and the station list. Follows hostapd_cli
 * (hostapd/hostapd_cli.c, interop.md 1.6): all_sta and list_sta are
 * client-side loops over STA-FIRST / STA-NEXT <last MAC> that end at FAIL
 * or an empty reply; the station list follows AP-STA-CONNECTED and
 * AP-STA-DISCONNECTED events and every listing. A reply is printed as the
 * daemon sent it; FAIL, UNKNOWN COMMAND, a timeout or a missing daemon
 * make the command fail (exit 1), unlike hostapd_cli which exits 0.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A request that is the command's name in capitals plus its arguments. */
struct rcli_cmd {
	const char *name;
	const char *request; /* NULL: fn does the work */
	int (*fn)(struct rcli *r, int argc, char **argv);
	int min_args, max_args; /* max -1: any */
	bool sta_args;		/* arguments complete as station MACs */
	const char *args;	/* for usage messages */
	const char *help;
};

void rcli_sta_add(struct rcli_stas *s, const char *mac)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!strcasecmp(s->mac[i], mac))
			return;
	if (s->n >= RCLI_STAS_MAX || strlen(mac) != RCLI_MAC_LEN - 1)
		return; /* completion only: a full list just stops growing */
	strcpy(s->mac[s->n++], mac);
}

void rcli_sta_del(struct rcli_stas *s, const char *mac)
{
	for (unsigned i = 0; i < s->n; i++) {
		if (strcasecmp(s->mac[i], mac))
			continue;
		s->n--;
		memmove(s->mac[i], s->mac[s->n], RCLI_MAC_LEN);
		return;
	}
}

/* The MAC after "AP-STA-CONNECTED " (up to a space): into mac. */
static bool event_mac(const char *body, const char *name, char *mac)
{
	size_t n = strlen(name);
	size_t len;

	if (strncmp(body, name, n) || body[n] != ' ')
		return false;
	body += n + 1;
	len = strcspn(body, " \n");
	if (len != RCLI_MAC_LEN - 1)
		return false;
	memcpy(mac, body, len);
	mac[len] = '\0';
	return true;
}

void rcli_on_event(void *arg, const char *text)
{
	struct rcli *r = arg;
	const char *body = rcli_event_body(text);
	char mac[RCLI_MAC_LEN];

	if (event_mac(body, "AP-STA-CONNECTED", mac))
		rcli_sta_add(&r->stas, mac);
	else if (event_mac(body, "AP-STA-DISCONNECTED", mac))
		rcli_sta_del(&r->stas, mac);
	if (!r->interactive)
		return;
	fputs(text, stdout);
	if (!text[0] || text[strlen(text) - 1] != '\n')
		putchar('\n');
	fflush(stdout);
}

int rcli_send(struct rcli *r, const char *cmd)
{
	int n = rcli_request(&r->ctrl, cmd, r->reply, sizeof(r->reply),
			     rcli_on_event, r);

	if (n >= 0)
		return n;
	if (n == -ETIMEDOUT)
		fprintf(stderr, "rapd-cli: '%s' command timed out.\n", cmd);
	else if (n == -EINTR)
		fprintf(stderr, "rapd-cli: '%s' interrupted.\n", cmd);
	else
		fprintf(stderr, "rapd-cli: '%s' failed: %s: %s (is rapd "
			"running?)\n", cmd, r->ctrl.peer, strerror(-n));
	return -1;
}

static bool reply_failed(const char *reply)
{
	return !strncmp(reply, "FAIL", 4) ||
	       !strncmp(reply, "UNKNOWN COMMAND", 15);
}

/* Sends the words joined by spaces after prefix; prints the reply. */
static int send_joined(struct rcli *r, const char *prefix, int argc,
		       char **argv)
{
	char cmd[4096];
	size_t len = strlen(prefix);
	int n;

	if (len >= sizeof(cmd))
		return RCLI_EXIT_USAGE;
	memcpy(cmd, prefix, len + 1);
	for (int i = 0; i < argc; i++) {
		size_t w = strlen(argv[i]);

		if (len + 1 + w >= sizeof(cmd)) {
			fprintf(stderr, "rapd-cli: command too long\n");
			return RCLI_EXIT_USAGE;
		}
		if (len)
			cmd[len++] = ' ';
		memcpy(cmd + len, argv[i], w + 1);
		len += w;
	}
	n = rcli_send(r, cmd);
	if (n < 0)
		return RCLI_EXIT_FAIL;
	fputs(r->reply, stdout);
	fflush(stdout);
	return reply_failed(r->reply) ? RCLI_EXIT_FAIL : RCLI_EXIT_OK;
}

/* STA-FIRST, then STA-NEXT <first line> until FAIL or an empty reply. */
static int sta_loop(struct rcli *r, bool macs_only)
{
	char cmd[64], mac[RCLI_MAC_LEN] = "";
	int n = rcli_send(r, "STA-FIRST");

	for (unsigned i = 0; n > 0 && i <= RCLI_STAS_MAX; i++) {
		size_t len = strcspn(r->reply, "\n");

		if (reply_failed(r->reply) || len != RCLI_MAC_LEN - 1)
			break;
		if (!strncmp(r->reply, mac, len))
			break; /* the same station again: never loop */
		memcpy(mac, r->reply, len);
		mac[len] = '\0';
		rcli_sta_add(&r->stas, mac);
		if (macs_only)
			puts(mac);
		else
			fputs(r->reply, stdout);
		snprintf(cmd, sizeof(cmd), "STA-NEXT %s", mac);
		n = rcli_send(r, cmd);
	}
	fflush(stdout);
	return n < 0 ? RCLI_EXIT_FAIL : RCLI_EXIT_OK;
}

static int cmd_all_sta(struct rcli *r, int argc, char **argv)
{
	return sta_loop(r, false);
}

static int cmd_list_sta(struct rcli *r, int argc, char **argv)
{
	return sta_loop(r, true);
}

static int cmd_raw(struct rcli *r, int argc, char **argv)
{
	return send_joined(r, "", argc - 1, argv + 1);
}

/* LEVEL goes to the attached connection, where it means something. */
static int cmd_level(struct rcli *r, int argc, char **argv)
{
	char cmd[64];
	int n;

	if (r->mon.fd < 0) {
		fprintf(stderr, "rapd-cli: level: only in interactive mode\n");
		return RCLI_EXIT_USAGE;
	}
	snprintf(cmd, sizeof(cmd), "LEVEL %.32s", argv[1]);
	n = rcli_request(&r->mon, cmd, r->reply, sizeof(r->reply), NULL, NULL);
	if (n < 0) {
		fprintf(stderr, "rapd-cli: level: %s\n", strerror(-n));
		return RCLI_EXIT_FAIL;
	}
	fputs(r->reply, stdout);
	return reply_failed(r->reply) ? RCLI_EXIT_FAIL : RCLI_EXIT_OK;
}

static int list_interfaces(const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	if (n < 0) {
		fprintf(stderr, "rapd-cli: %s: %s\n", dir, strerror(errno));
		return RCLI_EXIT_FAIL;
	}
	printf("Available interfaces:\n");
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (strcmp(name, ".") && strcmp(name, ".."))
			printf("%s\n", name);
		free(ents[i]);
	}
	free(ents);
	return RCLI_EXIT_OK;
}

/* `interface` lists the sockets; `interface NAME` switches to one. */
static int cmd_interface(struct rcli *r, int argc, char **argv)
{
	bool monitor = r->mon.fd >= 0;
	char old[sizeof(r->ifname)];

	if (argc < 2)
		return list_interfaces(r->dir);
	if (strlen(argv[1]) >= sizeof(r->ifname) || strchr(argv[1], '/')) {
		fprintf(stderr, "rapd-cli: bad interface name %s\n", argv[1]);
		return RCLI_EXIT_USAGE;
	}
	strcpy(old, r->ifname);
	rcli_disconnect(r);
	strcpy(r->ifname, argv[1]);
	if (rcli_connect(r, monitor) == RCLI_EXIT_OK) {
		printf("Connected to interface '%s'.\n", r->ifname);
		return RCLI_EXIT_OK;
	}
	strcpy(r->ifname, old); /* stay on the one that worked */
	rcli_connect(r, monitor);
	return RCLI_EXIT_FAIL;
}

static int cmd_help(struct rcli *r, int argc, char **argv)
{
	rcli_print_help(stdout);
	return RCLI_EXIT_OK;
}

static const struct rcli_cmd commands[] = {
	{ "ping", "PING", NULL, 0, 0, false,
	  "", "is rapd alive (PONG)" },
	{ "status", "STATUS", NULL, 0, 0, false,
	  "", "interface status" },
	{ "mib", "MIB", NULL, 0, -1, false,
	  "", "MIB counters" },
	{ "sta", "STA", NULL, 1, 1, true,
	  "<addr>",
	  "one station" },
	{ "all_sta", NULL, cmd_all_sta, 0, 0, false,
	  "", "every station" },
	{ "list_sta", NULL, cmd_list_sta, 0, 0, false,
	  "", "the addresses of every station" },
	{ "deauthenticate", "DEAUTHENTICATE", NULL, 1, -1, true,
	  "<addr> [reason=N] [tx=0]",
	  "deauthenticate a station" },
	{ "disassociate", "DISASSOCIATE", NULL, 1, -1, true,
	  "<addr> [reason=N] [tx=0]",
	  "disassociate a station" },
	{ "get_config", "GET_CONFIG", NULL, 0, 0, false,
	  "", "the BSS configuration" },
	{ "reload", "RELOAD", NULL, 0, 0, false,
	  "", "re-apply the configuration" },
	{ "reload_config", "RELOAD_CONFIG", NULL, 0, 0, false,
	  "", "re-read the configuration file" },
	{ "enable", "ENABLE", NULL, 0, 0, false,
	  "", "start the AP" },
	{ "disable", "DISABLE", NULL, 0, 0, false,
	  "", "stop the AP" },
	{ "log_level", "LOG_LEVEL", NULL, 0, 2, false,
	  "[<level>]",
	  "show or change the log level" },
	{ "terminate", "TERMINATE", NULL, 0, 0, false,
	  "", "stop rapd" },
	{ "accept_acl", "ACCEPT_ACL", NULL, 1, 2, true,
	  "ADD_MAC <addr> | DEL_MAC <addr> | SHOW | CLEAR",
	  "the accept MAC list" },
	{ "deny_acl", "DENY_ACL", NULL, 1, 2, true,
	  "ADD_MAC <addr> | DEL_MAC <addr> | SHOW | CLEAR",
	  "the deny MAC list" },
	{ "stats", NULL, rcli_stats, 0, 4, false,
	  "[-r <seconds>] [-n <count>]",
	  "rapd's counters as a table" },
	{ "level", NULL, cmd_level, 1, 1, false,
	  "<level>",
	  "events shown from this level on" },
	{ "interface", NULL, cmd_interface, 0, 1, false,
	  "[<ifname>]",
	  "list interfaces, or switch to one" },
	{ "raw", NULL, cmd_raw, 1, -1, false,
	  "<command> [<args>]",
	  "send a request as it is" },
	{ "help", NULL, cmd_help, 0, 0, false,
	  "", "this list" },
	{ "quit", NULL, NULL, 0, 0, false,
	  "", "leave (interactive mode)" },
};

const char *rcli_cmd_name(unsigned i)
{
	return i < sizeof(commands) / sizeof(commands[0]) ? commands[i].name
							  : NULL;
}

static const struct rcli_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

bool rcli_cmd_takes_sta(const char *name)
{
	const struct rcli_cmd *c = find_cmd(name);

	return c && c->sta_args;
}

void rcli_print_help(FILE *out)
{
	fprintf(out, "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-15s %s%s%s\n", commands[i].name,
			commands[i].args, commands[i].args[0] ? ": " : "",
			commands[i].help);
}

int rcli_run(struct rcli *r, int argc, char **argv)
{
	const struct rcli_cmd *c = find_cmd(argv[0]);
	int nargs = argc - 1;

	if (!c || (!c->request && !c->fn)) {
		fprintf(stderr, "rapd-cli: unknown command '%s' (try help)\n",
			argv[0]);
		return RCLI_EXIT_USAGE;
	}
	if (nargs < c->min_args || (c->max_args >= 0 && nargs > c->max_args)) {
		fprintf(stderr, "rapd-cli: usage: %s %s\n", c->name,
			c->args[0] ? c->args : "(no arguments)");
		return RCLI_EXIT_USAGE;
	}
	if (c->fn)
		return c->fn(r, argc, argv);
	return send_joined(r, c->request, nargs, argv + 1);
}

int rcli_connect(struct rcli *r, bool with_monitor)
{
	char path[sizeof(r->ctrl.peer)], err[512];
	int n = snprintf(path, sizeof(path), "%s/%s", r->dir, r->ifname);
	int e;

	if (n < 0 || (size_t)n >= sizeof(path)) {
		fprintf(stderr, "rapd-cli: %s/%s: path too long\n", r->dir,
			r->ifname);
		return RCLI_EXIT_FAIL;
	}
	if (rcli_conn_open(&r->ctrl, r->client_dir, path, err, sizeof(err)))
		goto fail;
	if (!with_monitor)
		return RCLI_EXIT_OK;
	if (rcli_conn_open(&r->mon, r->client_dir, path, err, sizeof(err)))
		goto fail;
	e = rcli_attach(&r->mon);
	if (!e)
		return RCLI_EXIT_OK;
	snprintf(err, sizeof(err), "cannot attach to %s: %s", path,
		 e == -ETIMEDOUT ? "timed out" : strerror(-e));
fail:
	fprintf(stderr, "rapd-cli: %s\n", err);
	rcli_disconnect(r);
	return RCLI_EXIT_FAIL;
}

void rcli_disconnect(struct rcli *r)
{
	rcli_conn_close(&r->mon);
	rcli_conn_close(&r->ctrl);
}

int rcli_first_ifname(const char *dir, char *out, size_t len)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	int found = -ESRCH;

	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (found && strcmp(name, ".") && strcmp(name, "..") &&
		    strlen(name) < len) {
			strcpy(out, name);
			found = 0;
		}
		free(ents[i]);
	}
	free(ents);
	return found;
}
