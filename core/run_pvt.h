/*
 * run_pvt.h - shared by the run_*.c files (rapd's modes). Do not include
 * directly: the modes' contract is include/rapd/run.h.
 */
#ifndef RAPD_RUN_PVT_H
#define RAPD_RUN_PVT_H

#include <rapd/bytes.h>
#include <rapd/ctrl.h>
#include <rapd/run.h>
#include <rapd/pipeline.h>

struct ctrl;

/* What the main thread keeps while a mode runs. */
struct run_ctx {
	const char *ifname;
	const char *phy;	 /* STATUS phy= */
	bool quiet;
	uint64_t events[AP_EV_REJECTED_MAX_STA + 1];
	/* For the control interface (run_ctrl.c) */
	struct pipeline *pipe;
	const struct bss *bss;
	const struct conf *conf;
	struct ctrl *ctrl;	 /* NULL: no ctrl_interface */
	const struct run_opts *opts; /* for RELOAD_CONFIG: the file again */
	/* Every configuration and BSS put in force by a reload: kept until
	 * the end (a worker may read an old BSS until it switches). */
	struct run_reloaded {
		struct conf conf;
		struct bss bss;
		struct run_reloaded *next;
	} *reloaded;
	bool reload_asked;	 /* SIGHUP */
	bool terminate;		 /* TERMINATE was asked */
	bool disabled;		 /* DISABLE was asked */
	int log_level;
	bool log_timestamp;
	/* Live mode: after a reload put a new BSS in force (r->bss), so the
	 * kernel's beacon follows; NULL elsewhere. Reloads that change the
	 * radio (interface, driver, channel, band) are refused when set. */
	void (*on_reload)(struct run_ctx *r);
	/* Live mode: ENABLE / DISABLE start and stop the kernel's AP too
	 * (0 or a negative errno); NULL elsewhere. */
	int (*on_enable)(struct run_ctx *r, bool enabled);
	/* Live mode (driver=nl80211): the kernel's traffic counters of a
	 * station (GET_STATION) for STA replies; NULL elsewhere. */
	void (*sta_counters)(struct run_ctx *r, struct ctrl_sta_info *out);
};

/* The control interface's backend (run_ctrl.c). */
extern const struct ctrl_backend_ops run_ctrl_ops;
/* rapd's STATS reply: the counters, one "key=value" line each. Returns
 * the bytes written (at most len). */
int run_format_stats(const struct pipe_stats *st, const unsigned states[3],
		     char *buf, size_t len);
/* Opens the control socket when the configuration has ctrl_interface;
 * 0, or -1 after printing why. */
int run_ctrl_open(struct run_ctx *r);
/* Waits up to timeout_ms for control requests, answers them, then hands
 * the pipeline's events out. Returns pipeline_poll's value. */
bool run_poll(struct run_ctx *r, int timeout_ms);
void run_ctrl_close(struct run_ctx *r);
/* RELOAD (reread false: the configuration in force again) or
 * RELOAD_CONFIG / SIGHUP (the file again): everyone deauthenticated, the
 * new BSS and ACL in force. 0, or a negative errno after printing why. */
int run_reload(struct run_ctx *r, bool reread);
/* Frees what the reloads kept (after the pipeline is destroyed). */
void run_reload_free(struct run_ctx *r);

/* pipe_params.on_event: counts, and prints hostapd-style lines. */
void run_print_event(void *arg, const struct pipe_event *ev);
void run_print_summary(const struct pipe_stats *st);

/* The set-up every mode shares: OpenSSL, the configuration (CONFIG or the
 * built-in network), the BSS; then fn; then everything wiped. Returns fn's
 * exit status, or 1 when the set-up failed (after printing why). */
int run_mode(const struct run_opts *o,
	     int (*fn)(const struct run_opts *o, const struct conf *c,
		       const struct bss *b));

#endif
