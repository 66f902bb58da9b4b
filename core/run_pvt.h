/*
 * run_pvt.h - shared by the run_*.c files (rapd's modes). Do not include
 * directly: the modes' contract is include/rapd/run.h.
 */
#ifndef RAPD_RUN_PVT_H
#define RAPD_RUN_PVT_H

#include <rapd/bytes.h>
#include <rapd/pipeline.h>

/* What the main thread keeps while a mode runs. */
struct run_ctx {
	const char *ifname;
	bool quiet;
	uint64_t events[AP_EV_REJECTED_MAX_STA + 1];
};

/* pipe_params.on_event: counts, and prints hostapd-style lines. */
void run_print_event(void *arg, const struct pipe_event *ev);
void run_print_summary(const struct run_ctx *r, const struct pipe_stats *st);

/* The set-up every mode shares: OpenSSL, the configuration (CONFIG or the
 * built-in network), the BSS; then fn; then everything wiped. Returns fn's
 * exit status, or 1 when the set-up failed (after printing why). */
int run_mode(const struct run_opts *o,
	     int (*fn)(const struct run_opts *o, const struct conf *c,
		       const struct bss *b));

#endif
