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
 */
#ifndef RAPD_BENCH_STORM_H
#define RAPD_BENCH_STORM_H

#include <stdbool.h>
#include <stdint.h>

#include <rapd/bss.h>
#include <rapd/config.h>

enum storm_mode {
	STORM_CLOSED, /* simulated stations against the pipeline, live */
	STORM_REPLAY, /* a recorded storm through a fresh pipeline */
};

struct storm_opts {
	enum storm_mode mode;
	unsigned stations;    /* 1..SIM_STATIONS_MAX */
	unsigned workers;     /* 0: the configuration's, else CPUs */
	bool seeded;	      /* --seed given (replay always seeds) */
	uint64_t seed;
	bool json;
	const char *config;   /* NULL: rapd's built-in WPA2-PSK network */
	const char *record;   /* recording run: the pcap to write */
	const char *replay;   /* replay run: the pcap to read */
};

/* What one measured run produced. */
struct storm_result {
	enum storm_mode mode;
	unsigned stations;
	unsigned workers;
	bool seeded;
	uint64_t seed;
	uint64_t connected;	 /* 4-way handshakes the AP completed */
	double wall_s;		 /* the measured window */
	double cpu_s;		 /* user+sys, whole process, that window */
	uint64_t peak_rss_bytes; /* ru_maxrss of this process */
	uint64_t lat_us[4];	 /* p50 p90 p99 p99.9: bucket bounds */
	uint64_t rx_ring_drops;	 /* RX: pool empty, worker ring full */
	uint64_t tx_ring_drops;	 /* workers: TX pool empty, ring full */
	uint64_t medium_drops;	 /* sim rings or pools full (closed) */
	uint64_t retransmissions; /* EAPOL-Key messages resent */
	uint64_t frames_in;	 /* frames the RX thread received */
	uint64_t frames_out;	 /* frames the TX thread sent */
	bool timed_out;		 /* closed: stopped before all settled */
};

/* storm_setup.c: the clock and resource usage of the measured window. */
uint64_t storm_now_ns(void);
/* User+sys CPU seconds of the whole process (RUSAGE_SELF). */
double storm_cpu_s(void);
/* ru_maxrss of this process, in bytes. */
uint64_t storm_peak_rss_bytes(void);

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
 * (live clock) until every one settled; measures the window from the
 * pipeline's start (or the stations' first probes, whichever is later)
 * to the moment the main thread sees the last station connected. With
 * o->record, the medium's traffic is also written there (port_tee).
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
struct pipe_stats;
void storm_collect(const struct pipe_stats *st, struct storm_result *res);
/* The readable table, or one JSON object, on stdout. */
void storm_print_table(const struct storm_result *res);
void storm_print_json(const struct storm_result *res);

#endif
