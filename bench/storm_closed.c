/*
 * storm_closed.c - the closed-loop association storm: N simulated WPA2
 * stations (sim.h) against rapd's whole pipeline in one process. The
 * stations start all within N microseconds of each other, or at --rate R
 * (one every 1/R s); the storm runs until every station has settled
 * (connected, or failed for good), or with --duration S for S seconds,
 * during which, with --churn, every station leaves (Deauthentication) and
 * rejoins over and over, so that associations keep coming.
 *
 * Thread layout: main (this file: polls events and counters every 0.1 ms,
 * otherwise asleep; storm_watch.c samples and draws every 100 ms), the
 * pipeline's RX thread, its W workers and its TX thread (PIPE_CLOCK_LIVE,
 * CLOCK_MONOTONIC), and the simulated medium's one thread, which runs
 * every station, its crypto included.
 *
 * What is measured: the window from the later of the pipeline's start and
 * the stations' first probe, to the moment the main thread learns that the
 * AP completed its last 4-way handshake (M4 processed; events are polled
 * every 0.1 ms) or, with a duration, to the duration's end; the process's
 * user+sys CPU time over that window (the simulated stations' share
 * included); the completed associations (with a duration: the pipeline's
 * counters read at the window's end; handshakes still in flight then are
 * not counted); the pipeline's other counters once it stopped. Stations
 * that never connect (refused, failed) are waited for until they give up,
 * but outside the window. Set-up (pools faulting in) and shutdown stay
 * outside the window. With o->record (replay's recording run) the
 * medium's traffic also goes to a pcap through port_tee and the figures
 * are not reported.
 */
#include "storm.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rapd/pipeline.h>
#include <rapd/sim.h>

/* Stations start once the pipeline surely runs (its pools take a while
 * to fault in), one microsecond apart: a storm. */
#define STORM_START_DELAY_NS 250000000ull
#define STORM_START_INTERVAL_NS 1000ull
/* How often the main thread looks for the end of the storm: 1 ms, so its
 * own wake-ups cost little CPU (they count in cpu_us_per_assoc); the end
 * is seen at most 1 ms late. */
#define STORM_POLL_NS 1000000L
/* Counters (pipeline and medium) are read this often meanwhile. */
#define STORM_CHECK_NS 10000000ull
/* A storm that has not settled this long after its last station started
 * is stopped (stations give up within seconds: only a bug gets here). */
#define STORM_CAP_NS 300000000000ull
/*
 * Churn: a station stays connected for half a cycle, then away for the
 * other half, then joins again. The medium lets a station rejoin at most
 * 255 times (sim_config.churn_cycles is 8 bits), so a cycle lasts at
 * least duration / 255: the churn then lasts the whole duration. Offered
 * load is raised with more stations, not shorter cycles.
 */
#define STORM_CHURN_CYCLES 255u
#define STORM_CHURN_MIN_HALF_NS 1000000ull

struct closed_run {
	const struct storm_opts *o;
	struct pipeline *pipe;
	struct port *medium;
	struct storm_watch watch;
	uint64_t duration_ns;	   /* 0: until every station settled */
	uint64_t cap_ns;	   /* ... but not longer than this */
	uint64_t window_connected; /* with a duration: at the window's end */
	uint64_t connected_events; /* AP_EV_STA_CONNECTED delivered */
	uint64_t connected_seen;   /* the most connections known so far */
	uint64_t last_connect_ns;  /* when the main thread learnt of the */
	double last_connect_cpu;   /* last one, and the CPU used by then */
};

static void closed_on_event(void *arg, const struct pipe_event *ev)
{
	struct closed_run *cr = arg;

	if (ev->kind == AP_EV_STA_CONNECTED)
		cr->connected_events++;
}

/* The main thread learnt that n stations connected by now. */
static void closed_progress(struct closed_run *cr, uint64_t n)
{
	if (n <= cr->connected_seen)
		return;
	cr->connected_seen = n;
	cr->last_connect_ns = storm_now_ns();
	cr->last_connect_cpu = storm_cpu_s();
}

static void closed_sim_cfg(const struct storm_opts *o, const struct bss *b,
			   struct sim_config *sc)
{
	sim_config_init(sc);
	sc->n_stations = o->stations;
	memcpy(sc->bssid, b->bssid, 6);
	memcpy(sc->ssid, b->ssid, b->ssid_len);
	sc->ssid_len = b->ssid_len;
	sc->pmk = b->rsn ? &b->pmk : NULL;
	sc->seed = o->seeded ? o->seed : 0;
	sc->start_delay_ns = STORM_START_DELAY_NS;
	sc->start_interval_ns = STORM_START_INTERVAL_NS;
	if (o->rate > 0) {
		sc->start_interval_ns = (uint64_t)(1e9 / o->rate + 0.5);
		if (!sc->start_interval_ns)
			sc->start_interval_ns = 1;
	}
	if (o->churn) {
		uint64_t half = (uint64_t)(o->duration_s * 1e9) /
				(2 * STORM_CHURN_CYCLES);

		sc->churn.frac = 1.0;
		sc->churn_cycles = STORM_CHURN_CYCLES;
		sc->churn_after_ns = half > STORM_CHURN_MIN_HALF_NS
					     ? half : STORM_CHURN_MIN_HALF_NS;
		sc->churn_delay_ns = sc->churn_after_ns;
	}
	sc->freq_mhz = (uint16_t)bss_channel_freq(b->band, b->channel);
}

/* The smallest power of two >= n, at most max (a power of two). */
static unsigned pow2_at_least(uint64_t n, unsigned max)
{
	unsigned v = 1;

	while (v < n && v < max)
		v <<= 1;
	return v;
}

/*
 * The recording is replayed as a conversation: a frame the recording AP
 * dropped (ring or pool full) would reach the replaying one and make the
 * two diverge. So the recording run gets rings and pools for the whole
 * storm at once (sizes only grow from the configured ones).
 */
static void closed_record_sizes(const struct storm_opts *o,
				struct pipe_params *pp, struct sim_config *sc)
{
	uint64_t want = 4ull * o->stations;
	unsigned ring = pow2_at_least(want, CONF_RING_SIZE_MAX);
	unsigned pool = want < CONF_POOL_FRAMES_MAX ? (unsigned)want
						    : CONF_POOL_FRAMES_MAX;

	if (ring > pp->ring_size)
		pp->ring_size = ring;
	if (pool > pp->pool_frames)
		pp->pool_frames = pool;
	if (ring > 4096)
		sc->ring_size = ring;
}

/* What a replay of this recording can be trusted for. */
static void closed_record_check(const struct storm_opts *o,
				const struct storm_result *res)
{
	uint64_t drops = res->rx_ring_drops + res->tx_ring_drops +
			 res->medium_drops;

	if (!drops && res->connected >= o->stations)
		return;
	fprintf(stderr, "rapd-storm: warning: the recorded storm had %llu "
		"ring drops and %llu of %u stations connected: its replay "
		"may differ from it\n", (unsigned long long)drops,
		(unsigned long long)res->connected, o->stations);
}

/* The medium, and the recorder around it for replay's recording run. */
static struct port *closed_port(const struct storm_opts *o,
				const struct sim_config *sc,
				struct port **medium)
{
	char err[256];
	struct port *p = sim_open(sc, err, sizeof(err)), *tee;

	*medium = p;
	if (!p) {
		fprintf(stderr, "rapd-storm: simulated medium: %s\n", err);
		return NULL;
	}
	if (!o->record)
		return p;
	tee = port_tee_open(p, o->record, port_default_rate_500k(sc->freq_mhz),
			    err, sizeof(err));
	if (!tee) {
		fprintf(stderr, "rapd-storm: %s: %s\n", o->record, err);
		sim_stop(p);
		port_close(p);
	}
	return tee;
}

/* True once every station settled. The pipeline's counters also catch
 * connections whose events were dropped (events ring full). */
static bool closed_settled(struct closed_run *cr)
{
	static struct pipe_stats st; /* ~30 KiB: off the stack */
	struct sim_stats ss;
	uint64_t connected = 0;

	pipeline_stats(cr->pipe, &st);
	for (unsigned i = 0; i < st.nworkers; i++)
		connected += st.worker[i].connected;
	closed_progress(cr, connected);
	if (connected >= cr->o->stations)
		return true;
	return sim_stats(cr->medium, &ss) == 0 && ss.settled >= ss.stations;
}

/* With a duration: polls until it passed. */
static void closed_wait_duration(struct closed_run *cr, uint64_t t0)
{
	const struct timespec tick = { 0, STORM_POLL_NS };
	uint64_t now;

	for (;;) {
		if (!pipeline_poll(cr->pipe, 0))
			return; /* the pipeline ended on its own: a bug */
		now = storm_now_ns();
		if (now - t0 >= cr->duration_ns)
			return;
		storm_watch_tick(&cr->watch, cr->pipe, now);
		nanosleep(&tick, NULL);
	}
}

/* Polls until the storm settled (or the cap); false on the cap. */
static bool closed_wait_settled(struct closed_run *cr, uint64_t t0)
{
	const struct timespec tick = { 0, STORM_POLL_NS };
	uint64_t now, last_check = t0;

	for (;;) {
		if (!pipeline_poll(cr->pipe, 0))
			return true; /* the pipeline ended on its own: a bug */
		closed_progress(cr, cr->connected_events);
		if (cr->connected_events >= cr->o->stations)
			return true;
		now = storm_now_ns();
		storm_watch_tick(&cr->watch, cr->pipe, now);
		if (now - last_check >= STORM_CHECK_NS) {
			last_check = now;
			if (closed_settled(cr))
				return true;
			if (now - t0 >= cr->cap_ns)
				return false;
		}
		nanosleep(&tick, NULL);
	}
}

/* The end of a duration's window: the time, the CPU, the associations
 * completed by then (read before anything stops). */
static void closed_window_end(struct closed_run *cr, uint64_t *end_ns,
			      double *end_cpu)
{
	static struct pipe_stats st;

	*end_ns = storm_now_ns();
	*end_cpu = storm_cpu_s();
	pipeline_stats(cr->pipe, &st);
	cr->window_connected = storm_connected(&st);
}

/*
 * The measured window: from stations_start (or now, if later) to the
 * moment the main thread learnt of the last connection (when none came,
 * to the moment every station had settled), or to the duration's end.
 * Fills wall_s, cpu_s and timed_out.
 */
static void closed_measure(struct closed_run *cr, uint64_t stations_start,
			   struct storm_result *res)
{
	uint64_t t0, end_ns, connected;
	double cpu0, end_cpu;

	if (storm_now_ns() < stations_start)
		storm_sleep_until(stations_start);
	t0 = storm_now_ns();
	cpu0 = storm_cpu_s();
	storm_watch_start(&cr->watch, cr->o, res,
			  cr->duration_ns ? 0 : cr->o->stations, t0);
	if (cr->duration_ns) {
		closed_wait_duration(cr, t0);
		closed_window_end(cr, &end_ns, &end_cpu);
		connected = cr->window_connected;
	} else {
		res->timed_out = !closed_wait_settled(cr, t0);
		if (!cr->connected_seen) {
			cr->last_connect_ns = storm_now_ns();
			cr->last_connect_cpu = storm_cpu_s();
		}
		end_ns = cr->last_connect_ns;
		end_cpu = cr->last_connect_cpu;
		connected = cr->connected_seen;
	}
	storm_watch_end(&cr->watch, end_ns, connected);
	res->cpu_s = end_cpu - cpu0;
	res->wall_s = (double)(end_ns - t0) * 1e-9;
}

/* After the window: stops everything, reads the final counters. 0, or 1
 * when the recording failed or something leaked. */
static int closed_finish(struct closed_run *cr, struct port *port,
			 struct storm_result *res)
{
	static struct pipe_stats st;
	struct port_tee_stats ts = { 0 };
	struct sim_stats ss;
	long leaked;
	int rc = 0;

	sim_stop(cr->medium);
	pipeline_request_stop(cr->pipe);
	pipeline_join(cr->pipe);
	pipeline_stats(cr->pipe, &st);
	leaked = pipeline_destroy(cr->pipe);
	if (sim_stats(cr->medium, &ss) == 0)
		res->medium_drops = ss.full_from_ap + ss.full_to_ap;
	if (cr->o->record)
		port_tee_stats(port, &ts);
	if (port_close(port) != 0 || ts.write_errors) {
		fprintf(stderr, "rapd-storm: %s: recording failed\n",
			cr->o->record ? cr->o->record : "medium");
		rc = 1;
	}
	storm_collect(&st, res);
	if (cr->duration_ns)
		res->connected = cr->window_connected;
	res->peak_rss_bytes = storm_peak_rss_bytes();
	if (leaked) {
		fprintf(stderr, "rapd-storm: BUG: %ld frames or stations "
			"leaked\n", leaked);
		rc = 1;
	}
	return rc;
}

int storm_closed(const struct storm_opts *o, const struct conf *c,
		 const struct bss *b, struct storm_result *res)
{
	struct closed_run cr = {
		.o = o, .duration_ns = (uint64_t)(o->duration_s * 1e9),
	};
	struct pipe_params pp = {
		.conf = c, .bss = b, .nworkers = storm_workers(o, c),
		.clock = PIPE_CLOCK_LIVE, .seeded = o->seeded, .seed = o->seed,
		.beacons = true, .ring_size = c->rapd_ring_size,
		.pool_frames = c->rapd_pool_frames,
		.on_event = closed_on_event, .arg = &cr,
	};
	struct sim_config sc;
	uint64_t opened;
	char err[256];

	res->mode = o->record ? STORM_REPLAY : STORM_CLOSED;
	res->stations = o->stations;
	res->workers = pp.nworkers;
	res->seeded = o->seeded;
	res->seed = o->seed;
	res->duration_s = o->duration_s;
	res->rate = o->rate;
	res->churn = o->churn;
	if (o->stations > b->max_sta)
		fprintf(stderr, "rapd-storm: note: max_num_sta=%u: at most "
			"that many of the %u stations can be associated at "
			"once; the others are refused\n", b->max_sta,
			o->stations);
	closed_sim_cfg(o, b, &sc);
	cr.cap_ns = STORM_CAP_NS + (o->stations - 1) * sc.start_interval_ns;
	if (o->record)
		closed_record_sizes(o, &pp, &sc);
	opened = storm_now_ns();
	pp.port = closed_port(o, &sc, &cr.medium);
	if (!pp.port)
		return 1;
	cr.pipe = pipeline_create(&pp, err, sizeof(err));
	if (!cr.pipe) {
		fprintf(stderr, "rapd-storm: %s\n", err);
		sim_stop(cr.medium);
		port_close(pp.port);
		return 1;
	}
	if (pipeline_start(cr.pipe) != 0) {
		perror("rapd-storm: cannot start the pipeline's threads");
		closed_finish(&cr, pp.port, res);
		return 1;
	}
	closed_measure(&cr, opened + STORM_START_DELAY_NS, res);
	if (closed_finish(&cr, pp.port, res) != 0)
		return 1;
	if (o->record)
		closed_record_check(o, res);
	if (res->timed_out)
		fprintf(stderr, "rapd-storm: the storm had not settled after "
			"%llu s: stopped\n",
			(unsigned long long)(cr.cap_ns / 1000000000ull));
	return res->timed_out ? 1 : 0;
}
