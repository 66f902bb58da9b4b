/*
 * run_replay.c - `rapd --replay IN --write OUT [--seed S] CONFIG`: the
 * pipeline over a recorded trace, on the trace's clock, as fast as it goes.
 *
 * Main thread. Reads IN (pcap or pcapng; radiotap or plain 802.11), runs
 * the same threads as a live AP, writes every frame rapd transmits to OUT
 * (radiotap, timestamped on the trace clock), then prints a summary. With
 * --seed the output is byte-identical for any number of workers.
 */
#include <rapd/run.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>


#include "run_pvt.h"

static struct pipeline *volatile replay_pipe;

static void replay_on_signal(int sig)
{
	(void)sig;
	if (replay_pipe)
		pipeline_request_stop(replay_pipe);
}

/* IN and OUT as one port. NULL after printing why. */
static struct port *replay_port(const struct run_opts *o, const struct bss *b,
				struct port **inp)
{
	char err[PORT_ERR_LEN];
	struct port *in, *out, *pair;

	*inp = in = port_pcap_in_open(o->replay, err, sizeof(err));
	if (!in) {
		fprintf(stderr, "rapd: %s: %s\n", o->replay, err);
		return NULL;
	}
	out = port_pcap_out_open(o->write,
				 port_default_rate_500k(
					 bss_channel_freq(b->band, b->channel)),
				 err, sizeof(err));
	if (!out) {
		fprintf(stderr, "rapd: %s: %s\n", o->write, err);
		port_close(in);
		return NULL;
	}
	pair = port_pair_open(in, out);
	if (!pair) {
		perror("rapd");
		port_close(in);
		port_close(out);
	}
	return pair;
}

/* What the input port read and skipped (records it could not use). */
static void replay_print_input(const struct port_pcap_in_stats *st)
{
	printf("records read: %llu\n", (unsigned long long)st->records);
	for (unsigned v = PORT_IN_OK + 1; v < PORT_IN_VERDICTS; v++)
		if (st->count[v])
			printf("dropped by input: %s: %llu\n",
			       port_in_verdict_name(v),
			       (unsigned long long)st->count[v]);
}

static int replay_run(const struct run_opts *o, const struct conf *c,
		      const struct bss *b)
{
	struct run_ctx r = { .ifname = c->interface, .quiet = o->quiet };
	struct pipe_params pp = {
		.conf = c, .bss = b, .nworkers = run_workers(o, c),
		.clock = PIPE_CLOCK_TRACE, .seeded = o->seeded,
		.seed = o->seed, .beacons = true,
		.ring_size = c->rapd_ring_size,
		.pool_frames = c->rapd_pool_frames,
		.on_event = run_print_event, .arg = &r,
	};
	struct port_pcap_in_stats in_st;
	struct pipe_stats st;
	struct port *in;
	char err[256];
	long leaked;
	int rc = 0;

	pp.port = replay_port(o, b, &in);
	if (!pp.port)
		return 1;
	replay_pipe = pipeline_create(&pp, err, sizeof(err));
	if (!replay_pipe) {
		fprintf(stderr, "rapd: %s\n", err);
		port_close(pp.port);
		return 1;
	}
	signal(SIGINT, replay_on_signal);
	signal(SIGTERM, replay_on_signal);
	if (pipeline_start(replay_pipe) != 0) {
		perror("rapd: cannot start threads");
		rc = 1;
	}
	while (rc == 0 && pipeline_poll(replay_pipe, 100))
		;
	pipeline_join(replay_pipe);
	pipeline_stats(replay_pipe, &st);
	port_pcap_in_stats(in, &in_st); /* before the pair closes it */
	if (port_rx_error(pp.port)) {
		fprintf(stderr, "rapd: %s: %s\n", o->replay,
			port_rx_error(pp.port));
		rc = 1;
	}
	leaked = pipeline_destroy(replay_pipe);
	replay_pipe = NULL;
	if (port_close(pp.port) != 0) {
		fprintf(stderr, "rapd: %s: write failed\n", o->write);
		rc = 1;
	}
	replay_print_input(&in_st);
	run_print_summary(&st);
	if (leaked) {
		fprintf(stderr, "rapd: BUG: %ld frames or stations leaked\n",
			leaked);
		rc = 1;
	}
	return rc;
}

int run_replay(const struct run_opts *o)
{
	if (!o->write) {
		fputs("rapd: --replay needs --write OUT\n", stderr);
		return RUN_EXIT_USAGE;
	}
	return run_mode(o, replay_run);
}
