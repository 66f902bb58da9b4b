/*
 * cli.h - rapd-cli's private interfaces; do not include from elsewhere.
 *
 * rapd-cli is a single-threaded client of the control protocol that
 * core/ctrl_sock.c serves (hostapd's: one request datagram, one reply
 * datagram; events start with '<'). Pieces:
 *   conn.c         one client socket: open, request with a 10 s timeout,
 *                  ATTACH/DETACH, events;
 *   cmd.c          the command table (hostapd_cli's names) and one-shot
 *                  execution; the station list used for completion;
 *   stats.c        STATS as a table, refreshed with -r;
 *   interactive.c  the prompt (GNU readline when stdin is a terminal);
 *   main.c         flags, choosing the interface, the -a action loop.
 *
 * Conventions: functions returning int give 0 or a negative errno, except
 * the command runners, which give the process exit code (enum rcli_exit).
 * Messages for the user go to stderr prefixed "rapd-cli: "; replies go to
 * stdout unchanged.
 */
#ifndef RAPD_CLI_H
#define RAPD_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/un.h>

#define RCLI_VERSION "0.2"
#define RCLI_DEFAULT_DIR "/var/run/hostapd"
#define RCLI_CLIENT_DIR "/tmp"
#define RCLI_TIMEOUT_MS 10000	 /* per request, as wpa_ctrl_request */
#define RCLI_REPLY_MAX 8192	 /* the server's CTRL_REPLY_MAX */
#define RCLI_PING_INTERVAL 5	 /* seconds, hostapd_cli -G default */
#define RCLI_STAS_MAX 2048	 /* >= hostapd's max_num_sta (2007) */
#define RCLI_ARGS_MAX 64	 /* words in one interactive line */
#define RCLI_MAC_LEN 18

enum rcli_exit {
	RCLI_EXIT_OK = 0,
	RCLI_EXIT_FAIL = 1,  /* FAIL reply, timeout, no daemon */
	RCLI_EXIT_USAGE = 2, /* bad flags or command arguments */
};

/* Set by SIGINT/SIGTERM; every wait loop checks it. */
extern volatile sig_atomic_t rcli_stop;

/* ---- conn.c ------------------------------------------------------------ */

struct rcli_conn {
	int fd;			 /* -1 when closed */
	struct sockaddr_un local; /* our bound socket, unlinked on close */
	char peer[sizeof(((struct sockaddr_un *)0)->sun_path)];
	bool attached;
};

/* Called for an event that arrives while a request waits for its reply. */
typedef void (*rcli_event_fn)(void *arg, const char *text);

void rcli_conn_init(struct rcli_conn *c);
/* Binds <client_dir>/rapd_cli_<pid>-<n> and connects to path. On error
 * err says why (the daemon's path and errno). */
int rcli_conn_open(struct rcli_conn *c, const char *client_dir,
		   const char *path, char *err, size_t errlen);
/* Detaches if attached, closes and unlinks the local socket. */
void rcli_conn_close(struct rcli_conn *c);
/*
 * Sends cmd and waits for its reply (at most RCLI_TIMEOUT_MS in all):
 * returns the reply length (NUL-terminated in reply, which holds cap
 * bytes), -ETIMEDOUT, -EINTR when rcli_stop was raised, or the send's
 * -errno. Events received meanwhile go to on_event (may be NULL).
 */
int rcli_request(struct rcli_conn *c, const char *cmd, char *reply,
		 size_t cap, rcli_event_fn on_event, void *arg);
/* ATTACH / DETACH: 0, or -EPROTO if the reply is not exactly "OK\n". */
int rcli_attach(struct rcli_conn *c);
int rcli_detach(struct rcli_conn *c);
/* One pending datagram without waiting: its length, or -EAGAIN. */
int rcli_recv(struct rcli_conn *c, char *buf, size_t cap);
/* The event text after its "<N>" level prefix. */
const char *rcli_event_body(const char *text);

/* ---- the session (cmd.c) ----------------------------------------------- */

struct rcli_stas {
	unsigned n;
	char mac[RCLI_STAS_MAX][RCLI_MAC_LEN];
};

struct rcli {
	const char *dir;	/* -p */
	const char *client_dir; /* -s */
	char ifname[108];	/* -i, or the first socket in dir */
	bool interactive;
	struct rcli_conn ctrl;	/* requests */
	struct rcli_conn mon;	/* attached: events (interactive, -a) */
	struct rcli_stas stas;	/* for completion */
	char reply[RCLI_REPLY_MAX + 1];
};

/* Connects r->ctrl (and r->mon when with_monitor) to <dir>/<ifname>;
 * prints why not. Returns an enum rcli_exit. */
int rcli_connect(struct rcli *r, bool with_monitor);
void rcli_disconnect(struct rcli *r);
/* The first entry of dir other than . and .. (sorted): 0, -ESRCH for an
 * empty directory, or scandir's -errno (-ENOENT: no such directory). */
int rcli_first_ifname(const char *dir, char *out, size_t len);
/* Runs one command line (argv[0] is the command name); an enum rcli_exit. */
int rcli_run(struct rcli *r, int argc, char **argv);
/* Sends cmd on r->ctrl; prints a clear message on failure. The reply is
 * in r->reply. Returns the reply length or -1. */
int rcli_send(struct rcli *r, const char *cmd);
/* An event for the user: updates the station list and, in interactive
 * mode, prints it. */
void rcli_on_event(void *arg, const char *text);
/* The i-th command name, NULL past the end; true if the command's
 * arguments are station addresses. */
const char *rcli_cmd_name(unsigned i);
bool rcli_cmd_takes_sta(const char *name);
void rcli_print_help(FILE *out);

void rcli_sta_add(struct rcli_stas *s, const char *mac);
void rcli_sta_del(struct rcli_stas *s, const char *mac);

/* ---- stats.c ----------------------------------------------------------- */

/* `stats [-r SECONDS] [-n COUNT]`: an enum rcli_exit. */
int rcli_stats(struct rcli *r, int argc, char **argv);

/* ---- interactive.c ----------------------------------------------------- */

/* The prompt loop until quit, EOF or a signal: an enum rcli_exit. */
int rcli_interactive(struct rcli *r, int ping_interval);

#endif
