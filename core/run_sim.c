/*
 * run_sim.c - `rapd --simulate N [CONFIG]`: the access point, with all its
 * threads, against N simulated WPA2 stations on an in-process medium
 * (sim.h), running like a live AP: events as stations connect, a summary on
 * exit.
 *
 * Main thread. Runs like a live AP until SIGINT/SIGTERM or --duration; with
 * --until-settled, once every station has settled (connected, failed or
 * vanished). Exit status 0 only if
 * every station that should have connected (right passphrase, not told to
 * vanish) did, and every station with a wrong passphrase was refused.
 */
#include <rapd/run.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rapd/sim.h>

#include "run_pvt.h"

static volatile sig_atomic_t sim_signalled, sim_hup;

static void sim_on_signal(int sig)
{
	if (sig == SIGHUP)
		sim_hup = 1;
	else
		sim_signalled = 1;
}

static void sim_cfg(const struct run_opts *o, const struct conf *c,
		    const struct bss *b, struct sim_config *sc)
{
	sim_config_init(sc);
	sc->n_stations = o->simulate;
	memcpy(sc->bssid, b->bssid, 6);
	memcpy(sc->ssid, b->ssid, b->ssid_len);
	sc->ssid_len = b->ssid_len;
	sc->pmk = b->rsn ? &b->pmk : NULL;
	sc->seed = o->seeded ? o->seed : 0;
	/* The medium opens before the pipeline is built (its pools take a
	 * while to fault in): stations start once it runs, all within a few
	 * milliseconds of each other, a storm. */
	sc->start_delay_ns = 250000000ull;
	sc->start_interval_ns = 20000;
	sc->loss_rate = o->sim_loss;
	sc->wrong_passphrase.count = o->sim_wrong_psk;
	sc->vanish.count = o->sim_vanish;
	sc->vanish_after = 2; /* sends M2, then silence */
	if (o->sim_churn) {
		sc->churn.frac = 1.0;
		sc->churn_cycles = 1;
		sc->churn_after_ns = 1000000000ull;
		sc->churn_delay_ns = 500000000ull;
	}
	sc->end_when_settled = o->until_settled;
	/* Settled stations stay quiet this long before the run ends, so the
	 * AP's last retransmissions and deauthentications still happen (the
	 * 4-way handshake gives up 3.1 s after its first message). */
	sc->settle_linger_ns = 5000000000ull;
	sc->freq_mhz = (uint16_t)bss_channel_freq(b->band, b->channel);
	(void)c;
}

/* Medium, and the recorder around it with --record. */
static struct port *sim_port(const struct run_opts *o, const struct sim_config *sc,
			     struct port **medium)
{
	char err[256];
	struct port *p = sim_open(sc, err, sizeof(err)), *tee;

	*medium = p;
	if (!p) {
		fprintf(stderr, "rapd: simulation: %s\n", err);
		return NULL;
	}
	if (!o->record)
		return p;
	tee = port_tee_open(p, o->record, port_default_rate_500k(sc->freq_mhz),
			    err, sizeof(err));
	if (!tee)
		fprintf(stderr, "rapd: %s: %s\n", o->record, err);
	return tee;
}

/* Serves the control interface and events until the pipeline ends, the
 * duration passes, a signal comes or TERMINATE is asked. */
static void sim_wait(const struct run_opts *o, struct run_ctx *r,
		     struct port *medium)
{
	uint64_t t0 = 0, limit = (uint64_t)(o->duration * 1e9);
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	while (run_poll(r, 50)) {
		uint64_t now;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		if (sim_hup) { /* SIGHUP: the configuration file again */
			sim_hup = 0;
			run_reload(r, true);
		}
		if (sim_signalled || r->terminate ||
		    (limit && now - t0 >= limit)) {
			sim_stop(medium);
			pipeline_request_stop(r->pipe);
		}
	}
}

static int sim_verdict(const struct run_opts *o, const struct sim_stats *ss)
{
	unsigned expected = ss->should_connect;
	unsigned bad = ss->failed - ss->wrong_passphrase_failed;

	if (ss->connected_ok >= expected && bad == 0 &&
	    ss->wrong_passphrase_failed == ss->wrong_passphrase)
		return 0;
	if (o->sim_churn && ss->first_connects >= expected && bad == 0)
		return 0; /* churning stations may be away at the end */
	fprintf(stderr, "rapd: simulation: %u of %u stations that should "
		"have connected did not\n",
		expected > ss->connected_ok ? expected - ss->connected_ok : 0,
		expected);
	return 1;
}

static int sim_start(struct pipeline *pipe)
{
	if (pipeline_start(pipe) == 0)
		return 0;
	perror("rapd: cannot start threads");
	return -1;
}

static int sim_run(const struct run_opts *o, const struct conf *c,
		   const struct bss *b)
{
	struct run_ctx r = { .ifname = c->interface, .quiet = o->quiet,
			     .phy = "sim0", .bss = b, .conf = c,
			     .opts = o };
	struct pipe_params pp = {
		.conf = c, .bss = b, .nworkers = run_workers(o, c),
		.clock = PIPE_CLOCK_LIVE, .seeded = o->seeded, .seed = o->seed,
		.beacons = true, .ring_size = c->rapd_ring_size,
		.pool_frames = c->rapd_pool_frames,
		.on_event = run_print_event, .arg = &r,
	};
	struct sim_config sc;
	struct sim_stats ss;
	struct pipe_stats st;
	struct port *medium;
	struct pipeline *pipe;
	char err[256];
	long leaked;
	int rc;

	sim_cfg(o, c, b, &sc);
	pp.port = sim_port(o, &sc, &medium);
	if (!pp.port)
		return 1;
	pipe = pipeline_create(&pp, err, sizeof(err));
	r.pipe = pipe;
	if (!pipe)
		fprintf(stderr, "rapd: %s\n", err);
	if (!pipe || run_ctrl_open(&r) != 0 || sim_start(pipe) != 0) {
		run_ctrl_close(&r);
		pipeline_destroy(pipe);
		sim_stop(medium);
		port_close(pp.port);
		return 1;
	}
	signal(SIGINT, sim_on_signal);
	signal(SIGTERM, sim_on_signal);
	signal(SIGHUP, sim_on_signal);
	sim_wait(o, &r, medium);
	pipeline_join(pipe);
	run_ctrl_close(&r);
	pipeline_stats(pipe, &st);
	leaked = pipeline_destroy(pipe);
	run_reload_free(&r);
	sim_stop(medium);
	sim_stats(medium, &ss);
	rc = port_close(pp.port) ? 1 : 0;
	run_print_summary(&st);
	sim_stats_print(stdout, &ss);
	if (rc)
		fprintf(stderr, "rapd: %s: recording failed\n", o->record);
	if (leaked) {
		fprintf(stderr, "rapd: BUG: %ld frames or stations leaked\n",
			leaked);
		rc = 1;
	}
	return sim_verdict(o, &ss) || rc;
}

int run_simulate(const struct run_opts *o)
{
	if (o->write) {
		fputs("rapd: --write goes with --replay; --simulate records "
		      "with --record\n", stderr);
		return RUN_EXIT_USAGE;
	}
	return run_mode(o, sim_run);
}
