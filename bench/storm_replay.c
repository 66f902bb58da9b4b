/*
 * storm_replay.c - the replayed association storm: one closed-loop storm
 * (storm_closed.c) recorded to a temporary pcap by a child process, then
 * replayed through a fresh pipeline on the trace clock, as fast as it
 * goes, in this process.
 *
 * Thread layout of the measured replay: main (this file: polls for the end
 * every 0.1 ms, otherwise asleep; storm_watch.c samples and draws every
 * 100 ms), the pipeline's RX thread reading the
 * recording (port_pcap_in), its W workers, and its TX thread writing what
 * rapd sends to /dev/null through port_pcap_out (so the pcap encoding of
 * every frame is paid, the disk is not). No simulated station runs.
 *
 * What is measured: from pipeline_start() to the moment every thread has
 * finished (end of the trace, timers run out); the process's user+sys CPU
 * time over that window; its peak RSS, which the recording cannot inflate
 * since the recording ran in another process. Both runs use the same seed
 * (drawn here when --seed is absent): the replayed AP must send the same
 * ANonces as the recorded one for the recorded stations' MICs to verify.
 */
#include "storm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rapd/pipeline.h>
#include <rapd/port.h>

/* How often the main thread looks for the end of the run: 1 ms, so its
 * own wake-ups cost little CPU (they count in cpu_us_per_assoc); the end
 * is seen at most 1 ms late. */
#define STORM_POLL_NS 1000000L

static void replay_on_event(void *arg, const struct pipe_event *ev)
{
	(void)arg;
	(void)ev; /* the figures come from the counters */
}

/* The recording, in a child process. 0, or 1 after printing why. */
static int replay_record(const struct storm_opts *o, const char *path)
{
	struct storm_opts ro = *o;
	struct storm_result r;
	int status;
	pid_t pid;

	ro.record = path;
	ro.phase = "recording";
	ro.plot_dir = NULL; /* the replay is what gets plotted */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("rapd-storm: fork");
		return 1;
	}
	if (pid == 0) {
		memset(&r, 0, sizeof(r));
		exit(storm_with_network(&ro, storm_closed, &r));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("rapd-storm: waitpid");
			return 1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	fprintf(stderr, "rapd-storm: recording the storm failed (%s %d)\n",
		WIFEXITED(status) ? "exit" : "signal",
		WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return 1;
}

/* The recording in, /dev/null out, as one port. NULL after printing. */
static struct port *replay_port(const char *path, const struct bss *b)
{
	char err[PORT_ERR_LEN];
	struct port *in, *out, *pair;

	in = port_pcap_in_open(path, err, sizeof(err));
	if (!in) {
		fprintf(stderr, "rapd-storm: %s: %s\n", path, err);
		return NULL;
	}
	out = port_pcap_out_open("/dev/null",
				 port_default_rate_500k(
					 bss_channel_freq(b->band, b->channel)),
				 err, sizeof(err));
	if (!out) {
		fprintf(stderr, "rapd-storm: /dev/null: %s\n", err);
		port_close(in);
		return NULL;
	}
	pair = port_pair_open(in, out);
	if (!pair) {
		perror("rapd-storm");
		port_close(in);
		port_close(out);
	}
	return pair;
}

/* From pipeline_start to the end of every thread. */
static int replay_measure(const struct storm_opts *o, struct pipeline *pipe,
			  struct storm_result *res)
{
	static struct pipe_stats st; /* ~30 KiB: off the stack */
	const struct timespec tick = { 0, STORM_POLL_NS };
	struct storm_watch watch;
	uint64_t t0 = storm_now_ns(), end;
	double cpu0 = storm_cpu_s();

	storm_watch_start(&watch, o, res, o->stations, t0);
	if (pipeline_start(pipe) != 0) {
		perror("rapd-storm: cannot start the pipeline's threads");
		return 1;
	}
	while (pipeline_poll(pipe, 0)) {
		storm_watch_tick(&watch, pipe, storm_now_ns());
		nanosleep(&tick, NULL);
	}
	res->cpu_s = storm_cpu_s() - cpu0;
	end = storm_now_ns();
	res->wall_s = (double)(end - t0) * 1e-9;
	pipeline_stats(pipe, &st);
	storm_watch_end(&watch, end, storm_connected(&st));
	return 0;
}

static int replay_run(const struct storm_opts *o, const struct conf *c,
		      const struct bss *b, struct storm_result *res)
{
	static struct pipe_stats st; /* ~30 KiB: off the stack */
	struct pipe_params pp = {
		.conf = c, .bss = b, .nworkers = storm_workers(o, c),
		.clock = PIPE_CLOCK_TRACE, .seeded = true, .seed = o->seed,
		.beacons = true, .ring_size = c->rapd_ring_size,
		.pool_frames = c->rapd_pool_frames,
		.on_event = replay_on_event,
	};
	struct pipeline *pipe;
	char err[256];
	long leaked;
	int rc;

	res->workers = pp.nworkers;
	pp.port = replay_port(o->replay, b);
	if (!pp.port)
		return 1;
	pipe = pipeline_create(&pp, err, sizeof(err));
	if (!pipe) {
		fprintf(stderr, "rapd-storm: %s\n", err);
		port_close(pp.port);
		return 1;
	}
	rc = replay_measure(o, pipe, res);
	pipeline_join(pipe);
	pipeline_stats(pipe, &st);
	if (port_rx_error(pp.port)) {
		fprintf(stderr, "rapd-storm: %s: %s\n", o->replay,
			port_rx_error(pp.port));
		rc = 1;
	}
	leaked = pipeline_destroy(pipe);
	if (port_close(pp.port) != 0) {
		fputs("rapd-storm: /dev/null: write failed\n", stderr);
		rc = 1;
	}
	storm_collect(&st, res);
	res->peak_rss_bytes = storm_peak_rss_bytes();
	if (leaked) {
		fprintf(stderr, "rapd-storm: BUG: %ld frames or stations "
			"leaked\n", leaked);
		rc = 1;
	}
	return rc;
}

/* A private folder for the recording, under $TMPDIR or /tmp. */
static int replay_tmpdir(char *dir, size_t len)
{
	const char *base = getenv("TMPDIR");

	if (!base || !*base)
		base = "/tmp";
	if ((size_t)snprintf(dir, len, "%s/rapd-storm.XXXXXX", base) >= len ||
	    !mkdtemp(dir)) {
		fprintf(stderr, "rapd-storm: cannot create a folder in %s: "
			"%s\n", base, strerror(errno));
		return -1;
	}
	return 0;
}

int storm_replay(struct storm_opts *o, struct storm_result *res)
{
	char dir[512], path[600];
	int rc;

	if (!o->seeded) {
		if (getrandom(&o->seed, sizeof(o->seed), 0) !=
		    (ssize_t)sizeof(o->seed)) {
			perror("rapd-storm: getrandom");
			return 1;
		}
		o->seeded = true;
	}
	if (replay_tmpdir(dir, sizeof(dir)) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/storm.pcap", dir);
	rc = replay_record(o, path);
	if (rc == 0) {
		o->replay = path;
		res->mode = STORM_REPLAY;
		res->stations = o->stations;
		res->seeded = true;
		res->seed = o->seed;
		rc = storm_with_network(o, replay_run, res);
	}
	unlink(path);
	rmdir(dir);
	return rc;
}
