/*
 * storm.h - rapd-storm's private header (bench/storm_*.c and
 * bench/rapd_storm.c only; do not include directly from anywhere else).
 *
 * Contract
 * - Everything here runs on the main thread of rapd-storm. The pipeline
 *   (pipeline.h) and the simulated medium (sim.h) start and own their own
 *   threads; these functions only create, poll, stop and read them.
 * - Figures are measured, never estimated: a field this run could not
 *   measure stays 0 and the report says so.
 * - Return values: 0 when the run completed (whatever its figures), 1
 *   after printing to stderr why it could not be set up or run.
 * - Ownership: a struct storm_result owns its throughput series (heap);
 *   storm_result_free() releases it. Nothing else here allocates for
 *   longer than one call.
 */
#ifndef RAPD_BENCH_STORM_H
#define RAPD_BENCH_STORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/bss.h>
#include <rapd/config.h>
#include <rapd/crypto.h>
#include <rapd/eapol.h>
#include <rapd/pipeline.h>

enum storm_mode {
	STORM_CLOSED, /* simulated stations against the pipeline, live */
	STORM_REPLAY, /* a recorded storm through a fresh pipeline */
	STORM_CRYPTO, /* per-handshake crypto: rapd against a baseline */
};

struct storm_opts {
	enum storm_mode mode;
	unsigned stations;    /* 1..SIM_STATIONS_MAX */
	unsigned workers;     /* 0: the configuration's, else CPUs */
	bool seeded;	      /* --seed given (replay always seeds) */
	uint64_t seed;
	bool json;
	double duration_s;    /* closed: run this long; 0: until settled */
	double rate;	      /* closed: stations per second; 0: at once */
	bool churn;	      /* closed, with a duration: leave and rejoin */
	const char *plot_dir; /* --plot: PNG charts there; NULL: none */
	unsigned long iterations; /* crypto: handshakes per side */
	bool progress;	      /* draw the progress bar (stderr is a tty) */
	const char *phase;    /* the progress bar's label */
	const char *config;   /* NULL: rapd's built-in WPA2-PSK network */
	const char *record;   /* recording run: the pcap to write */
	const char *replay;   /* replay run: the pcap to read */
};

/* One reading of the pipeline's completed associations. */
struct storm_sample {
	double t_s;	    /* since the measured window began */
	uint64_t connected; /* 4-way handshakes completed by then */
};

/* The throughput series --plot draws; sampled every 100 ms. */
struct storm_series {
	struct storm_sample *v;
	size_t n, cap;
	bool truncated; /* memory ran out: the series stops early */
};

/* What one measured run produced. */
struct storm_result {
	enum storm_mode mode;
	unsigned stations;
	unsigned workers;
	bool seeded;
	uint64_t seed;
	double duration_s;	 /* as asked (0: until settled) */
	double rate;		 /* as asked (0: all at once) */
	bool churn;
	uint64_t connected;	 /* 4-way handshakes the AP completed */
	double wall_s;		 /* the measured window */
	double cpu_s;		 /* user+sys, whole process, that window */
	uint64_t peak_rss_bytes; /* ru_maxrss of this process */
	uint64_t lat_us[4];	 /* p50 p90 p99 p99.9: bucket bounds */
	uint64_t lat_hist[PIPE_LAT_BUCKETS]; /* all workers summed */
	uint64_t rx_ring_drops;	 /* RX: pool empty, worker ring full */
	uint64_t tx_ring_drops;	 /* workers: TX pool empty, ring full */
	uint64_t medium_drops;	 /* sim rings or pools full (closed) */
	uint64_t retransmissions; /* EAPOL-Key messages resent */
	uint64_t frames_in;	 /* frames the RX thread received */
	uint64_t frames_out;	 /* frames the TX thread sent */
	bool timed_out;		 /* closed: stopped before all settled */
	struct storm_series series; /* with --plot */
};

void storm_result_free(struct storm_result *res);

/* storm_setup.c: the clock and resource usage of the measured window. */
uint64_t storm_now_ns(void);
/* User+sys CPU seconds of the whole process (RUSAGE_SELF). */
double storm_cpu_s(void);
/* ru_maxrss of this process, in bytes. */
uint64_t storm_peak_rss_bytes(void);
/* Sleeps until CLOCK_MONOTONIC reaches t_ns. */
void storm_sleep_until(uint64_t t_ns);

/*
 * storm_setup.c: OpenSSL, the configuration (o->config or the built-in
 * network) and its BSS, then fn, then everything wiped. Returns fn's
 * status, or 1 when the set-up failed (after printing why).
 */
int storm_with_network(const struct storm_opts *o,
		       int (*fn)(const struct storm_opts *o,
				 const struct conf *c, const struct bss *b,
				 struct storm_result *res),
		       struct storm_result *res);
/* The worker count o asks for with configuration c. */
unsigned storm_workers(const struct storm_opts *o, const struct conf *c);

/*
 * storm_closed.c: o->stations simulated stations against the pipeline
 * (live clock): until every one settled, or for o->duration_s. Measures
 * the window from the stations' first probes to the moment the main
 * thread sees the last station connected (with a duration: to its end).
 * With o->record, the medium's traffic is also written there (port_tee).
 */
int storm_closed(const struct storm_opts *o, const struct conf *c,
		 const struct bss *b, struct storm_result *res);

/*
 * storm_replay.c: records one closed storm in a child process (so that
 * its memory and CPU stay out of the figures), then replays the
 * recording through a fresh pipeline on the trace clock, at full speed,
 * and measures that replay from its start to its end.
 */
int storm_replay(struct storm_opts *o, struct storm_result *res);

/* storm_report.c: res's figures from the pipeline's final counters. */
void storm_collect(const struct pipe_stats *st, struct storm_result *res);
/* Completed 4-way handshakes over all workers of st. */
uint64_t storm_connected(const struct pipe_stats *st);
/* The readable table, or one JSON object, on stdout. */
void storm_print_table(const struct storm_result *res);
void storm_print_json(const struct storm_result *res);
const char *storm_mode_name(enum storm_mode m);

/*
 * storm_watch.c: what the main thread does while a storm runs, every
 * STORM_WATCH_NS: samples the pipeline's completed associations into
 * res->series (with --plot) and redraws the progress bar on stderr
 * (when o->progress). expected is the associations that would make the
 * bar full, 0 when a duration fills it instead.
 */
#define STORM_WATCH_NS 100000000ull

struct storm_watch {
	const struct storm_opts *o;
	struct storm_series *series; /* NULL: no sampling */
	uint64_t t0_ns;		     /* the window's start */
	uint64_t next_ns;	     /* the next tick */
	uint64_t expected;
	uint64_t last_connected;
	bool drawn; /* the bar is on screen */
};

void storm_watch_start(struct storm_watch *w, const struct storm_opts *o,
		       struct storm_result *res, uint64_t expected,
		       uint64_t t0_ns);
/* Samples and redraws if a tick is due at now_ns (reads p's counters). */
void storm_watch_tick(struct storm_watch *w, struct pipeline *p,
		      uint64_t now_ns);
/* The window ended at end_ns with connected associations: the series
 * keeps what came before and ends there; the bar is erased. */
void storm_watch_end(struct storm_watch *w, uint64_t end_ns,
		     uint64_t connected);

/*
 * storm_plot.c: DIR/throughput.dat and DIR/latency_cdf.dat from res,
 * then DIR/throughput.png and DIR/latency_cdf.png by gnuplot (a child
 * process reading its script on stdin). 0, or 1 after printing why (no
 * gnuplot among them).
 */
int storm_plot(const char *dir, const struct storm_result *res);
/* DIR exists (made if need be) and is writable: 0, or 1 after printing
 * why. Checked before a storm runs, so that it is not run for nothing. */
int storm_plot_dir(const char *dir);

/* --- crypto mode (storm_crypto*.c) ----------------------------------- */

/* Frame sizes of the handshakes measured (802.1X header onward). */
#define STORM_HS_SETS 64
#define STORM_M2_MAX (EAPOL_KEY_FIXED_LEN + BSS_RSN_IE_MAX)
#define STORM_KD_MAX (BSS_RSN_IE_MAX + 64)
#define STORM_M3_MAX (EAPOL_KEY_FIXED_LEN + STORM_KD_MAX + 8)

/* What the AP knows before any station comes: the network's prepared
 * PMK, its BSSID, the GTK, M3's plaintext key data and M3 as a template
 * (everything but ANonce, wrapped key data and MIC). */
struct storm_hs_net {
	const struct bss *b;
	uint8_t gtk[16];
	uint8_t kd[STORM_KD_MAX]; /* RSNE || GTK KDE || padding */
	size_t kd_len;
	uint8_t m3[STORM_M3_MAX];
	size_t m3_len;
};

/* The station side of one handshake, made before timing: the ANonce it
 * answered, its SNonce, and its M2 and M4 with valid MICs. */
struct storm_hs_input {
	uint8_t spa[6];
	uint8_t anonce[CRYPTO_NONCE_LEN];
	uint8_t snonce[CRYPTO_NONCE_LEN];
	uint8_t m2[STORM_M2_MAX];
	size_t m2_len;
	uint8_t m4[EAPOL_KEY_FIXED_LEN];
	size_t m4_len;
};

/* What the AP computed in one handshake. */
struct storm_hs_output {
	uint8_t drawn[CRYPTO_NONCE_LEN]; /* the ANonce drawn */
	struct crypto_ptk ptk;
	uint8_t m3[STORM_M3_MAX]; /* wrapped key data and MIC in place */
	bool m2_ok, m4_ok;	  /* the MIC checks' outcomes */
};

/* The authenticator-side steps of a handshake, in order. */
enum storm_hs_step {
	STORM_HS_ANONCE,
	STORM_HS_PTK,
	STORM_HS_M2_MIC,
	STORM_HS_M3_WRAP,
	STORM_HS_M3_MIC,
	STORM_HS_M4_MIC,
	STORM_HS_STEPS
};

/* One implementation of the steps; 0, or -1 when a call failed (a MIC
 * that does not verify is not a failure: it sets m2_ok/m4_ok false). */
typedef int (*storm_hs_fn)(void *impl, const struct storm_hs_net *net,
			   const struct storm_hs_input *in,
			   struct storm_hs_output *out);

struct storm_hs_impl {
	const char *name;
	void *ctx;
	storm_hs_fn step[STORM_HS_STEPS];
};

/* storm_crypto_prep.c: the network side and STORM_HS_SETS station
 * sides (with rapd's mlme builders, untimed). 0, or -1. */
int storm_hs_prepare(const struct bss *b, struct storm_hs_net *net,
		     struct storm_hs_input *in, size_t n);
const char *storm_hs_step_name(enum storm_hs_step s);
const char *storm_hs_step_key(enum storm_hs_step s);

/* storm_crypto_rapd.c: rapd's crypto.h calls, as mlme makes them. */
struct storm_rapd_hs;
struct storm_rapd_hs *storm_rapd_hs_new(void);
void storm_rapd_hs_free(struct storm_rapd_hs *x);
void storm_rapd_hs_impl(struct storm_rapd_hs *x, struct storm_hs_impl *impl);

/* storm_crypto_base.c: plain OpenSSL 3, the algorithm fetched per call. */
void storm_base_hs_impl(struct storm_hs_impl *impl);

/* storm_crypto.c: `--mode crypto`, on the network of o. */
int storm_crypto(const struct storm_opts *o);

#endif
