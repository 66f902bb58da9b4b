/*
 * storm_report.c - rapd-storm's figures: derived from the pipeline's final
 * counters and the measured window (storm_closed.c, storm_replay.c), then
 * printed as a table for people or as one JSON object for scripts.
 *
 * Main thread, after the pipeline was joined. Nothing is estimated: every
 * figure is a counter, a clock difference or a getrusage reading, or a
 * ratio of those; a ratio over zero associations prints 0.
 *
 * Latency percentiles are the upper bounds of the pipeline's log2
 * histogram buckets (pipe_stats_latency_us), of the time from association
 * to authorization (M4 processed) per station, on the pipeline's clock:
 * CLOCK_MONOTONIC in closed mode, the recorded trace's time in replay (so
 * a replay shows the recorded storm's latencies, not its own speed).
 * With a duration, "connected" is the count the main thread read at the
 * window's end, while the histogram also holds the few handshakes that
 * were in flight then and completed before the pipeline stopped.
 */
#include "storm.h"

#include <stdio.h>
#include <string.h>

static const double storm_quantiles[4] = { 0.5, 0.9, 0.99, 0.999 };

uint64_t storm_connected(const struct pipe_stats *st)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < st->nworkers; i++)
		n += st->worker[i].connected;
	return n;
}

void storm_collect(const struct pipe_stats *st, struct storm_result *res)
{
	res->connected = storm_connected(st);
	res->retransmissions = 0;
	res->tx_ring_drops = 0;
	memset(res->lat_hist, 0, sizeof(res->lat_hist));
	for (unsigned i = 0; i < st->nworkers; i++) {
		const struct pipe_worker_stats *w = &st->worker[i];

		for (unsigned b = 0; b < PIPE_LAT_BUCKETS; b++)
			res->lat_hist[b] += w->lat[b];
		res->retransmissions += w->retransmissions;
		res->tx_ring_drops += w->tx_drop[PIPE_TX_NO_BUFFER] +
				      w->tx_drop[PIPE_TX_RING_FULL];
	}
	res->rx_ring_drops = st->rx_drop[PIPE_RX_NO_BUFFER] +
			     st->rx_drop[PIPE_RX_RING_FULL];
	res->frames_in = st->rx_frames;
	res->frames_out = st->tx_frames;
	for (unsigned q = 0; q < 4; q++)
		res->lat_us[q] = pipe_stats_latency_us(st, storm_quantiles[q]);
}

static double assoc_per_sec(const struct storm_result *r)
{
	return r->wall_s > 0 ? (double)r->connected / r->wall_s : 0;
}

static double cpu_us_per_assoc(const struct storm_result *r)
{
	return r->connected ? r->cpu_s * 1e6 / (double)r->connected : 0;
}

static uint64_t bytes_per_station(const struct storm_result *r)
{
	return r->stations ? r->peak_rss_bytes / r->stations : 0;
}

const char *storm_mode_name(enum storm_mode m)
{
	switch (m) {
	case STORM_CLOSED:
		return "closed";
	case STORM_REPLAY:
		return "replay";
	case STORM_CRYPTO:
		return "crypto";
	}
	return "?";
}

/* How the stations came, in words: "all at once", "at 500/s", ... */
static void print_arrival(const struct storm_result *r)
{
	if (r->rate > 0)
		printf(", arriving at %g/s", r->rate);
	else
		printf(", all at once");
	if (r->duration_s > 0)
		printf(", for %g s", r->duration_s);
	if (r->churn)
		printf(", leaving and rejoining");
}

static void table_header(const struct storm_result *r)
{
	printf("rapd-storm: %s, %u stations", storm_mode_name(r->mode),
	       r->stations);
	if (r->mode == STORM_CLOSED)
		print_arrival(r);
	printf(", %u worker%s", r->workers, r->workers == 1 ? "" : "s");
	if (r->seeded)
		printf(", seed %llu", (unsigned long long)r->seed);
	putchar('\n');
	if (r->mode == STORM_CLOSED)
		printf("threads: main, RX, %u worker%s, TX, simulated medium "
		       "(every station)\n", r->workers,
		       r->workers == 1 ? "" : "s");
	else
		printf("threads: main, RX (pcap in), %u worker%s, TX (pcap "
		       "out to /dev/null); recorded in a child process\n",
		       r->workers, r->workers == 1 ? "" : "s");
}

static const char *window_words(const struct storm_result *r)
{
	if (r->mode != STORM_CLOSED)
		return "pipeline start to the end of the trace";
	if (r->duration_s > 0)
		return "stations' start to the end of the duration";
	return "stations' start to the last M4 processed";
}

static void table_counts(const struct storm_result *r)
{
	if (r->duration_s > 0)
		printf("  %-28s %llu  (within the window; %u stations)\n",
		       "associations (4-way done)",
		       (unsigned long long)r->connected, r->stations);
	else
		printf("  %-28s %llu of %u\n", "connected (4-way done)",
		       (unsigned long long)r->connected, r->stations);
	printf("  %-28s %.6f s  (%s)\n", "wall time", r->wall_s,
	       window_words(r));
	printf("  %-28s %.0f\n", "associations per second",
	       assoc_per_sec(r));
	printf("  %-28s %.2f us  (user+sys, whole process%s)\n",
	       "CPU per association", cpu_us_per_assoc(r),
	       r->mode == STORM_CLOSED ? ", simulated stations included"
				       : ", pcap read and write included");
}

void storm_print_table(const struct storm_result *r)
{
	static const char *const qname[4] = {
		"handshake latency p50", "handshake latency p90",
		"handshake latency p99", "handshake latency p99.9",
	};
	bool closed = r->mode == STORM_CLOSED;

	table_header(r);
	table_counts(r);
	for (unsigned q = 0; q < 4; q++)
		printf("  %-28s %llu us\n", qname[q],
		       (unsigned long long)r->lat_us[q]);
	printf("  (latency: association to M4 processed, on the %s clock;\n"
	       "   each figure is the upper bound of a log2 histogram "
	       "bucket)\n", closed ? "monotonic" : "recorded trace's");
	printf("  %-28s %.1f MiB\n", "peak RSS",
	       (double)r->peak_rss_bytes / (1024.0 * 1024.0));
	printf("  %-28s %llu  (peak RSS / stations, fixed costs included)\n",
	       "bytes per station", (unsigned long long)bytes_per_station(r));
	printf("  %-28s rx %llu, tx %llu", "ring drops",
	       (unsigned long long)r->rx_ring_drops,
	       (unsigned long long)r->tx_ring_drops);
	if (closed)
		printf(", medium %llu", (unsigned long long)r->medium_drops);
	putchar('\n');
	printf("  %-28s %llu\n", "retransmissions (EAPOL-Key)",
	       (unsigned long long)r->retransmissions);
	printf("  %-28s in %llu, out %llu\n", "frames",
	       (unsigned long long)r->frames_in,
	       (unsigned long long)r->frames_out);
}

/* A number, or null when the run had none (JSON has no "unset"). */
static void json_number_or_null(const char *key, double v)
{
	if (v > 0)
		printf("\"%s\":%g,", key, v);
	else
		printf("\"%s\":null,", key);
}

static void json_run(const struct storm_result *r)
{
	printf("{\"mode\":\"%s\",\"stations\":%u,\"workers\":%u,",
	       storm_mode_name(r->mode), r->stations, r->workers);
	if (r->seeded)
		printf("\"seed\":%llu,", (unsigned long long)r->seed);
	json_number_or_null("duration_s", r->duration_s);
	json_number_or_null("rate", r->rate);
	printf("\"churn\":%s,", r->churn ? "true" : "false");
	printf("\"connected\":%llu,\"wall_s\":%.9f,\"assoc_per_sec\":%.1f,"
	       "\"cpu_s\":%.6f,\"cpu_us_per_assoc\":%.3f,",
	       (unsigned long long)r->connected, r->wall_s, assoc_per_sec(r),
	       r->cpu_s, cpu_us_per_assoc(r));
}

void storm_print_json(const struct storm_result *r)
{
	json_run(r);
	printf("\"latency_us\":{\"p50\":%llu,\"p90\":%llu,\"p99\":%llu,"
	       "\"p999\":%llu},\"latency_note\":\"association to M4, "
	       "%s clock, log2 histogram bucket upper bounds\",",
	       (unsigned long long)r->lat_us[0],
	       (unsigned long long)r->lat_us[1],
	       (unsigned long long)r->lat_us[2],
	       (unsigned long long)r->lat_us[3],
	       r->mode == STORM_CLOSED ? "monotonic" : "trace");
	printf("\"peak_rss_bytes\":%llu,\"bytes_per_station\":%llu,",
	       (unsigned long long)r->peak_rss_bytes,
	       (unsigned long long)bytes_per_station(r));
	printf("\"drops\":{\"rx_ring\":%llu,\"tx_ring\":%llu,\"medium\":%llu},",
	       (unsigned long long)r->rx_ring_drops,
	       (unsigned long long)r->tx_ring_drops,
	       (unsigned long long)r->medium_drops);
	printf("\"retransmissions\":%llu,\"frames_in\":%llu,"
	       "\"frames_out\":%llu}\n",
	       (unsigned long long)r->retransmissions,
	       (unsigned long long)r->frames_in,
	       (unsigned long long)r->frames_out);
}
