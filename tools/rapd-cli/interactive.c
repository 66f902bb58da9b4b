/*
 * interactive.c - rapd-cli's prompt: commands read line by line, events
 * printed as they arrive, until quit, end of input or Ctrl-C.
 *
 * Main thread only; one poll() loop over stdin and the attached monitor
 * connection, with a PING every -G seconds of quiet to notice a daemon
 * that went away (hostapd_cli's ping interval). On a terminal, GNU
 * readline (callback interface, so events can be shown while a line is
 * being typed) gives line editing, history and TAB completion of command
 * names and, after sta/deauthenticate/disassociate/..., of the station
 * addresses the session has seen (AP-STA-CONNECTED/-DISCONNECTED events
 * and listings, as hostapd_cli keeps them). Otherwise (a pipe or a
 * here-doc) lines are read plainly and no prompt is printed, so scripts
 * get replies and events only. Owns the partial-line buffer.
 */
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#define LINE_MAX_LEN 4096

static struct rcli *session; /* readline's callbacks take no argument */
static bool done;		/* quit or end of input */
static int exit_code;
static bool rl_installed;

/* Splits line in place on blanks and runs it; quit sets done. */
static void run_line(char *line)
{
	char *argv[RCLI_ARGS_MAX];
	int argc = 0;
	char *save = NULL;

	for (char *w = strtok_r(line, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == RCLI_ARGS_MAX) {
			fprintf(stderr, "rapd-cli: too many words\n");
			return;
		}
		argv[argc++] = w;
	}
	if (!argc)
		return;
	if (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit")) {
		done = true;
		return;
	}
	rcli_run(session, argc, argv);
}

/* ---- readline --------------------------------------------------------- */

static char *generate(const char *text, int state, bool stations)
{
	static unsigned idx;
	size_t len = strlen(text);

	if (!state)
		idx = 0;
	for (;;) {
		const char *cand;

		if (stations)
			cand = idx < session->stas.n ? session->stas.mac[idx]
						     : NULL;
		else
			cand = rcli_cmd_name(idx);
		if (!cand)
			return NULL;
		idx++;
		if (!strncasecmp(cand, text, len))
			return strdup(cand);
	}
}

static char *gen_command(const char *text, int state)
{
	return generate(text, state, false);
}

static char *gen_station(const char *text, int state)
{
	return generate(text, state, true);
}

static char **complete(const char *text, int start, int end)
{
	char first[64];
	size_t skip = strspn(rl_line_buffer, " \t");
	size_t len = strcspn(rl_line_buffer + skip, " \t");

	rl_attempted_completion_over = 1; /* never file names */
	if ((int)skip >= start)
		return rl_completion_matches(text, gen_command);
	if (len >= sizeof(first))
		return NULL;
	memcpy(first, rl_line_buffer + skip, len);
	first[len] = '\0';
	if (!rcli_cmd_takes_sta(first))
		return NULL;
	return rl_completion_matches(text, gen_station);
}

static void on_rl_line(char *line)
{
	if (!line) { /* Ctrl-D */
		putchar('\n');
		done = true;
		return;
	}
	if (line[strspn(line, " \t")])
		add_history(line);
	run_line(line);
	free(line);
	if (done || rcli_stop) { /* no new prompt after the last line */
		rl_callback_handler_remove();
		rl_installed = false;
	}
}

/* ---- plain lines (not a terminal) ------------------------------------- */

static char plain_buf[LINE_MAX_LEN];
static size_t plain_len;

static void read_plain(void)
{
	ssize_t n = read(STDIN_FILENO, plain_buf + plain_len,
			 sizeof(plain_buf) - 1 - plain_len);
	char *nl;

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) { /* end of input: a last line without newline too */
		plain_buf[plain_len] = '\0';
		run_line(plain_buf);
		done = true;
		return;
	}
	plain_len += (size_t)n;
	plain_buf[plain_len] = '\0';
	while (!done && (nl = strchr(plain_buf, '\n'))) {
		size_t used = (size_t)(nl - plain_buf) + 1;

		*nl = '\0';
		run_line(plain_buf);
		memmove(plain_buf, plain_buf + used, plain_len - used + 1);
		plain_len -= used;
	}
	if (plain_len == sizeof(plain_buf) - 1) {
		fprintf(stderr, "rapd-cli: line too long, ignored\n");
		plain_len = 0;
	}
}

/* ---- the loop ---------------------------------------------------------- */

static void show_events(struct rcli *r, bool use_rl)
{
	char buf[RCLI_REPLY_MAX + 1];

	while (rcli_recv(&r->mon, buf, sizeof(buf)) >= 0) {
		if (use_rl)
			rl_clear_visible_line();
		rcli_on_event(r, buf);
		if (use_rl)
			rl_forced_update_display();
		if (!strncmp(rcli_event_body(buf), "CTRL-EVENT-TERMINATING",
			     22)) {
			fprintf(stderr, "rapd-cli: rapd is terminating\n");
			done = true;
		}
	}
}

/* A PING after `interval` quiet seconds; false when rapd is gone. */
static bool still_there(struct rcli *r)
{
	if (rcli_send(r, "PING") < 0 || strcmp(r->reply, "PONG\n")) {
		fprintf(stderr, "rapd-cli: connection to rapd lost\n");
		exit_code = RCLI_EXIT_FAIL;
		return false;
	}
	return true;
}

int rcli_interactive(struct rcli *r, int ping_interval)
{
	bool use_rl = isatty(STDIN_FILENO);
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = r->mon.fd, .events = POLLIN },
	};

	session = r;
	done = false;
	exit_code = RCLI_EXIT_OK;
	if (use_rl) {
		printf("rapd-cli %s - interactive mode on %s/%s (help, quit)\n",
		       RCLI_VERSION, r->dir, r->ifname);
		rl_catch_signals = 0; /* ours set rcli_stop */
		rl_attempted_completion_function = complete;
		rl_callback_handler_install("> ", on_rl_line);
		rl_installed = true;
	}
	while (!done && !rcli_stop) {
		int n;

		pfd[1].fd = r->mon.fd; /* `interface` may have replaced it */
		n = poll(pfd, 2, ping_interval * 1000);

		if (n < 0 && errno != EINTR)
			break;
		if (n == 0 && !still_there(r))
			break;
		if (n <= 0)
			continue;
		if (pfd[1].revents)
			show_events(r, use_rl);
		if (pfd[0].revents && !done)
			use_rl ? rl_callback_read_char() : read_plain();
	}
	if (rl_installed)
		rl_callback_handler_remove();
	rl_installed = false;
	return exit_code;
}
