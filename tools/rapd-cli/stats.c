/*
 * stats.c - `stats`: rapd's STATS reply as a compact table, optionally
 * refreshed every -r SECONDS (-n COUNT times, or until interrupted).
 *
 * Main thread only; owns nothing beyond the call. STATS is rapd's own
 * request (no hostapd equivalent): key=value lines written by
 * run_format_stats() - stations=, workers=, rx_frames=, rx_dispatched=,
 * rx_drop_<reason>=, tx_frames=, tx_beacons=, then per worker N
 * workerN_frames_in/_frames_out/_connected/_failed/_retransmissions/
 * _stations/_timeouts/_rx_ring/_tx_ring/_tx_drops; handshake totals and
 * latency percentiles go on the "other:" line.
 * Keys this file does not know are shown on an "other:" line, so a newer
 * daemon's counters are never hidden. While refreshing, events reaching
 * the attached connection only update the station list (a table is not
 * the place for them), and are drained so the daemon never drops us.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STATS_WORKERS_MAX 64
#define STATS_DROPS_MAX 16
#define STATS_OTHER_MAX 16
#define STATS_KEY_MAX 48

/* Worker columns, in the order the table shows them. */
static const char *const worker_cols[] = {
	"frames_in", "frames_out", "connected", "failed", "retransmissions",
	"stations", "timeouts", "rx_ring", "tx_ring", "tx_drops",
};
/* Their headings, narrow enough for 80 columns. */
static const char *const worker_heads[] = {
	"in", "out", "conn", "failed", "retx", "stations", "timeouts",
	"rx_ring", "tx_ring", "tx_drop",
};
#define WORKER_COLS (sizeof(worker_cols) / sizeof(worker_cols[0]))

struct stats_kv {
	char key[STATS_KEY_MAX];
	unsigned long long val;
};

struct stats_view {
	unsigned long long stations, workers, rx_frames, rx_dispatched;
	unsigned long long tx_frames, tx_beacons;
	unsigned nworkers; /* rows seen: highest worker index + 1 */
	unsigned long long w[STATS_WORKERS_MAX][WORKER_COLS];
	unsigned ndrops, nother;
	struct stats_kv drop[STATS_DROPS_MAX];
	struct stats_kv other[STATS_OTHER_MAX];
};

static void add_kv(struct stats_kv *kv, unsigned *n, unsigned max,
		   const char *key, size_t klen, unsigned long long val)
{
	if (*n >= max || klen >= STATS_KEY_MAX)
		return; /* the table has a fixed size; the raw reply has all */
	memcpy(kv[*n].key, key, klen);
	kv[*n].key[klen] = '\0';
	kv[*n].val = val;
	(*n)++;
}

/* "workerN_col": true if it is one of the table's cells. */
static bool take_worker(struct stats_view *v, const char *key, size_t klen,
			unsigned long long val)
{
	char *end;
	unsigned long idx;

	if (klen < 8 || strncmp(key, "worker", 6) || key[6] < '0' ||
	    key[6] > '9')
		return false;
	idx = strtoul(key + 6, &end, 10);
	if (*end != '_' || idx >= STATS_WORKERS_MAX)
		return false;
	for (size_t c = 0; c < WORKER_COLS; c++) {
		size_t cl = strlen(worker_cols[c]);

		if ((size_t)(key + klen - (end + 1)) != cl ||
		    strncmp(end + 1, worker_cols[c], cl))
			continue;
		v->w[idx][c] = val;
		if (idx + 1 > v->nworkers)
			v->nworkers = (unsigned)idx + 1;
		return true;
	}
	return false;
}

static void take_line(struct stats_view *v, const char *key, size_t klen,
		      unsigned long long val)
{
	static const struct {
		const char *key;
		size_t off;
	} fixed[] = {
		{ "stations", offsetof(struct stats_view, stations) },
		{ "workers", offsetof(struct stats_view, workers) },
		{ "rx_frames", offsetof(struct stats_view, rx_frames) },
		{ "rx_dispatched", offsetof(struct stats_view, rx_dispatched) },
		{ "tx_frames", offsetof(struct stats_view, tx_frames) },
		{ "tx_beacons", offsetof(struct stats_view, tx_beacons) },
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		if (strlen(fixed[i].key) == klen &&
		    !strncmp(key, fixed[i].key, klen)) {
			*(unsigned long long *)((char *)v + fixed[i].off) = val;
			return;
		}
	}
	if (klen > 8 && !strncmp(key, "rx_drop_", 8))
		add_kv(v->drop, &v->ndrops, STATS_DROPS_MAX, key + 8, klen - 8,
		       val);
	else if (!take_worker(v, key, klen, val))
		add_kv(v->other, &v->nother, STATS_OTHER_MAX, key, klen, val);
}

/* Lines without '=' or with a value that is not a number are skipped. */
static void stats_parse(const char *reply, struct stats_view *v)
{
	memset(v, 0, sizeof(*v));
	while (*reply) {
		size_t len = strcspn(reply, "\n");
		const char *eq = memchr(reply, '=', len);

		if (eq && eq > reply && eq[1] >= '0' && eq[1] <= '9')
			take_line(v, reply, (size_t)(eq - reply),
				  strtoull(eq + 1, NULL, 10));
		reply += len;
		if (*reply)
			reply++;
	}
}

static void print_kvs(const char *title, const struct stats_kv *kv,
		      unsigned n)
{
	if (!n)
		return;
	printf("%s", title);
	for (unsigned i = 0; i < n; i++)
		printf("%s %s %llu", i ? "," : "", kv[i].key, kv[i].val);
	putchar('\n');
}

static void stats_print(const struct stats_view *v)
{
	unsigned long long total[WORKER_COLS] = { 0 };

	printf("stations %llu  workers %llu  rx %llu frames (%llu dispatched)"
	       "  tx %llu frames (%llu beacons)\n", v->stations, v->workers,
	       v->rx_frames, v->rx_dispatched, v->tx_frames, v->tx_beacons);
	print_kvs("rx drops:", v->drop, v->ndrops);
	print_kvs("other:", v->other, v->nother);
	printf("%-6s", "worker");
	for (size_t c = 0; c < WORKER_COLS; c++)
		printf(" %8s", worker_heads[c]);
	putchar('\n');
	for (unsigned i = 0; i < v->nworkers; i++) {
		printf("%-6u", i);
		for (size_t c = 0; c < WORKER_COLS; c++) {
			printf(" %8llu", v->w[i][c]);
			total[c] += v->w[i][c];
		}
		putchar('\n');
	}
	printf("%-6s", "total");
	for (size_t c = 0; c < WORKER_COLS; c++)
		printf(" %8llu", total[c]);
	putchar('\n');
	fflush(stdout);
}

/* Waits ms, draining the attached connection; false if interrupted. */
static bool stats_wait(struct rcli *r, long long ms)
{
	struct timespec t0, t;
	struct pollfd pfd = { .fd = r->mon.fd, .events = POLLIN };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		long long done;

		if (rcli_stop)
			return false;
		clock_gettime(CLOCK_MONOTONIC, &t);
		done = (t.tv_sec - t0.tv_sec) * 1000LL +
		       (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (done >= ms)
			return true;
		if (poll(&pfd, pfd.fd >= 0, (int)(ms - done)) > 0) {
			char buf[1024];

			while (rcli_recv(&r->mon, buf, sizeof(buf)) >= 0)
				rcli_on_event(r, buf);
		}
	}
}

struct stats_opts {
	double every; /* seconds; 0: once */
	long count;   /* tables to print; 0: until interrupted */
};

static int parse_opts(int argc, char **argv, struct stats_opts *o)
{
	o->every = 0;
	o->count = 1;
	for (int i = 1; i < argc; i += 2) {
		char *end;

		if (i + 1 >= argc)
			goto usage;
		if (!strcmp(argv[i], "-r")) {
			o->every = strtod(argv[i + 1], &end);
			if (*end || !isfinite(o->every) || o->every <= 0 ||
			    o->every > 86400)
				goto usage;
			if (o->count == 1)
				o->count = 0;
		} else if (!strcmp(argv[i], "-n")) {
			o->count = strtol(argv[i + 1], &end, 10);
			if (*end || o->count < 1 || o->count > 1000000)
				goto usage;
		} else {
			goto usage;
		}
	}
	if (o->count > 1 && o->every == 0)
		o->every = 1;
	return 0;
usage:
	fprintf(stderr, "rapd-cli: usage: stats [-r <seconds>] [-n <count>]"
		" (seconds > 0, count >= 1)\n");
	return -EINVAL;
}

int rcli_stats(struct rcli *r, int argc, char **argv)
{
	static struct stats_view v; /* 3 KB: not on the stack */
	struct stats_opts o;
	bool tty = isatty(STDOUT_FILENO);
	bool was_interactive = r->interactive;
	int rc = RCLI_EXIT_OK;

	if (parse_opts(argc, argv, &o))
		return RCLI_EXIT_USAGE;
	r->interactive = false; /* events: station list only */
	for (long i = 0; !o.count || i < o.count; i++) {
		if (i && !stats_wait(r, (long long)(o.every * 1000)))
			break;
		if (rcli_send(r, "STATS") < 0) {
			rc = RCLI_EXIT_FAIL;
			break;
		}
		if (!strncmp(r->reply, "FAIL", 4) ||
		    !strncmp(r->reply, "UNKNOWN", 7)) {
			fprintf(stderr, "rapd-cli: STATS: %s", r->reply);
			rc = RCLI_EXIT_FAIL;
			break;
		}
		stats_parse(r->reply, &v);
		if (tty && o.every > 0)
			fputs("\033[H\033[2J", stdout);
		else if (i)
			putchar('\n');
		stats_print(&v);
	}
	r->interactive = was_interactive;
	if (was_interactive)
		rcli_stop = 0; /* Ctrl-C ended the refresh, not the session */
	return rc;
}
