/*
 * pipeline.h - rapd's threads: RX → workers → TX over lock-free rings, the
 * station table, and the main thread's view of them.
 *
 *   port ──recv──▶ RX ──ring per worker──▶ worker 0..N-1 ──ring each──▶ TX ──send──▶ port
 *                                             │ events ring each
 *                                             ▼
 *                                          main (pipeline_poll)
 *
 * Contract
 * - The main thread creates, starts, polls, stops and destroys a pipeline;
 *   no other thread calls these functions. pipeline_request_stop() alone
 *   may be called from anywhere (a signal handler included: it only stores
 *   an atomic flag).
 * - Threads: one RX thread (the only caller of port recv), N workers (each
 *   the only writer of the stations of its shards: shard % N), one TX thread
 *   (the only caller of port send). They share no lock: frames move by SPSC
 *   rings and return to their pools by return rings (frame.h); stations are
 *   read by others under RCU (sta.h); counters are written by one thread
 *   each and read relaxed by the main thread.
 * - Clocks. PIPE_CLOCK_LIVE: timers run on CLOCK_MONOTONIC and input frames
 *   carry monotonic timestamps. PIPE_CLOCK_TRACE (replay): time is the
 *   trace's; the RX thread publishes the time of the last frame it handed
 *   out, workers run their timers up to it and publish their progress, and
 *   the TX thread merges the workers' frames (and its own beacons) in the
 *   order of (ts_ns, order): the output is the same whatever the number of
 *   workers.
 * - Shutdown. TRACE: at the end of the input every worker drains, runs its
 *   timers to the end of the trace, and stops; TX stops when all have.
 *   LIVE: pipeline_request_stop(); RX stops reading, workers drain their
 *   rings, TX drains theirs. Stations left are removed and wiped by their
 *   workers before they exit. pipeline_destroy() frees everything and says
 *   whether a frame or a station leaked.
 * - Errors: create returns NULL with a reason in err. Nothing here prints,
 *   except through the event callback the caller supplies.
 */
#ifndef RAPD_PIPELINE_H
#define RAPD_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/ap.h>
#include <rapd/bss.h>
#include <rapd/config.h>
#include <rapd/port.h>

#define PIPE_WORKERS_MAX 64

enum pipe_clock {
	PIPE_CLOCK_LIVE,
	PIPE_CLOCK_TRACE,
};

/* An event, as the main thread receives it. */
struct pipe_event {
	uint64_t ts_ns;
	enum ap_event_kind kind;
	uint8_t addr[6];
	uint16_t code;
	uint8_t worker;
};

/*
 * The kernel's part of a station (driver=nl80211). The kernel AP interface
 * forwards a station's data only once it knows the station and its keys;
 * rapd tells it from the worker that owns the station, in the mlme call
 * that changed it, before that call's frames are queued (so the kernel
 * knows a station before it is sent M1). Each worker opens its own context
 * (libnl sockets are not thread-safe) and calls these on its own thread.
 * Calls are synchronous netlink round trips, made once per association,
 * not per frame. A failure is counted (kernel_errors), never fatal: the
 * station then gets no data service and will time out.
 */
struct pipe_kernel_ops {
	/* Worker start: its context, or NULL when it cannot have one (every
	 * call of that worker then counts as an error). */
	void *(*open)(void *arg, unsigned worker);
	void (*close)(void *wctx);
	/* The station entered State 3: its (Re)Association Response was
	 * ACKed (AP_EV_STA_ASSOCIATED). */
	int (*sta_add)(void *wctx, const struct ap_sta *sta);
	/* Its port opens: tk is the new pairwise key (AP_EV_4WAY_COMPLETED),
	 * NULL in an open network (AP_EV_STA_CONNECTED). */
	int (*sta_authorize)(void *wctx, const struct ap_sta *sta,
			     const uint8_t *tk);
	/* It left State 3/4 (AP_EV_STA_DISASSOCIATED). */
	int (*sta_del)(void *wctx, const uint8_t addr[6]);
	/* The group key of an epoch; worker 0 alone calls it, at its start
	 * and at each group rekey, before that rekey's group messages. */
	int (*group_key)(void *wctx, const struct wpa_group *g);
	/* How long the kernel has seen nothing from the station, in ms:
	 * asked before mlme's inactivity timer expires a station, since its
	 * data frames go to the kernel, not to rapd. */
	int (*sta_inactive_ms)(void *wctx, const uint8_t addr[6],
			       uint32_t *ms);
};

struct pipe_params {
	const struct conf *conf; /* ACL lists; read-only */
	const struct bss *bss;	 /* read-only, outlives the pipeline */
	struct port *port;
	unsigned nworkers;	 /* 1..PIPE_WORKERS_MAX */
	enum pipe_clock clock;
	bool seeded;		 /* --seed: nonces and GMK from seed */
	uint64_t seed;
	bool beacons;		 /* the TX thread sends beacons on TBTT */
	unsigned ring_size;	 /* power of two */
	unsigned pool_frames;	 /* per pool */
	/* driver=nl80211: the kernel's station entries and keys; NULL for
	 * ports with no kernel behind them (files, the simulated medium). */
	const struct pipe_kernel_ops *kernel;
	void *kernel_arg;
	/* Called by the main thread, from pipeline_poll(), per event. */
	void (*on_event)(void *arg, const struct pipe_event *ev);
	void *arg;
};

/* Why the RX thread did not hand a frame to a worker. */
enum pipe_rx_drop {
	PIPE_RX_MALFORMED,   /* 802.11 header refused by the codec */
	PIPE_RX_NOT_OURS,    /* not addressed to this BSS */
	PIPE_RX_OWN,	     /* sent by our BSSID (replayed AP frames) */
	PIPE_RX_CONTROL,     /* control frames: nothing to do yet */
	PIPE_RX_ECHO,	     /* TX status of a frame whose status is unused */
	PIPE_RX_DISABLED,    /* the AP is disabled (DISABLE) */
	PIPE_RX_NO_BUFFER,   /* RX pool empty */
	PIPE_RX_RING_FULL,   /* the worker's ring was full */
	PIPE_RX_DROPS
};

/* Why a worker could not send a frame mlme produced. */
enum pipe_tx_drop {
	PIPE_TX_NO_BUFFER, /* the worker's TX pool was empty */
	PIPE_TX_RING_FULL, /* its TX ring was full */
	PIPE_TX_PORT,	   /* the port refused it */
	PIPE_TX_DROPS
};

#define PIPE_LAT_BUCKETS 32

struct pipe_worker_stats {
	/* Association to authorized, bucket i: [2^i, 2^(i+1)) µs. */
	uint64_t lat[PIPE_LAT_BUCKETS];
	uint64_t retransmissions;   /* EAPOL-Key messages resent */
	uint64_t handshakes_failed; /* deauthenticated with reason 15/16 */
	uint64_t tx_ring_count;	    /* occupancy snapshot */
	uint64_t frames_in;
	uint64_t frames_out;
	uint64_t timeouts;
	uint64_t verdict[AP_VERDICT_COUNT];
	uint64_t tx_drop[PIPE_TX_DROPS];
	uint64_t events_dropped;
	uint64_t connected;	/* 4-way handshakes completed (or open) */
	uint64_t stations;	/* currently owned */
	uint64_t sta_no_slot;	/* no station slot left */
	uint64_t kernel_calls;	/* pipe_kernel_ops calls made */
	uint64_t kernel_errors;	/* of which failed */
	uint64_t rx_ring_count; /* occupancy snapshot */
};

struct pipe_stats {
	unsigned nworkers;
	uint64_t rx_frames;	/* received from the port */
	uint64_t rx_dispatched; /* handed to workers */
	uint64_t rx_drop[PIPE_RX_DROPS];
	uint64_t tx_frames;	/* sent to the port */
	uint64_t tx_beacons;
	uint64_t tx_port_errors;
	struct pipe_worker_stats worker[PIPE_WORKERS_MAX];
	uint32_t stations;	/* in the table now */
};

struct pipeline;

struct pipeline *pipeline_create(const struct pipe_params *pp, char *err,
				 size_t errlen);
/* Starts the threads. 0, or -1 (errno) if one could not start. */
int pipeline_start(struct pipeline *p);
/*
 * Main thread: delivers pending events to on_event, waiting up to
 * timeout_ms for one. Returns true while the pipeline runs, false once
 * every thread has finished (end of trace, or after a stop request).
 */
bool pipeline_poll(struct pipeline *p, int timeout_ms);
/* Any thread or a signal handler: asks every thread to wind down. */
void pipeline_request_stop(struct pipeline *p);
/* Joins the threads (a live pipeline is asked to stop first; a trace one
 * runs to the end of its input), then delivers the last events. */
void pipeline_join(struct pipeline *p);
/* A snapshot of the counters (exact once joined). */
void pipeline_stats(struct pipeline *p, struct pipe_stats *st);
/* The q-quantile (0..1) of the handshake latency over all workers, in
 * µs (the upper bound of its histogram bucket); 0 when none completed. */
uint64_t pipe_stats_latency_us(const struct pipe_stats *st, double q);
/*
 * Frees everything (after pipeline_join). Returns 0, or the number of
 * frames and stations that leaked (a bug).
 */
long pipeline_destroy(struct pipeline *p);

/* --- The control interface's view (main thread) -------------------- */

/* struct pipe_sta_info.flags */
#define PIPE_STA_AUTH 0x01
#define PIPE_STA_ASSOC 0x02
#define PIPE_STA_AUTHORIZED 0x04
#define PIPE_STA_WMM 0x08
#define PIPE_STA_HT 0x10

/* What the owning worker published of a station after its last change
 * (atomics in the station entry: reading it never waits on the worker). */
struct pipe_sta_info {
	uint8_t addr[6];
	uint16_t aid;
	unsigned flags;	     /* PIPE_STA_* */
	uint16_t capab;
	uint16_t listen_int;
	uint32_t akm;	     /* one RSN_AKM_* bit, 0: open */
	uint8_t rates[16];   /* supported rates, wire octets */
	unsigned n_rates;
	uint64_t assoc_ns;   /* when it associated, 0: not */
	uint64_t last_rx_ns; /* last frame from it */
	uint64_t now_ns;     /* the pipeline's clock when read */
};

/* The station of mac: 0, or -ENOENT. */
int pipeline_sta_info(struct pipeline *p, const uint8_t mac[6],
		      struct pipe_sta_info *info);
/* The station after `after` in the table's order (after NULL: the first):
 * 0, or -ENOENT past the last (or when `after` is not in the table). */
int pipeline_sta_next(struct pipeline *p, const uint8_t *after,
		      struct pipe_sta_info *info);

/* Stations by state: [0] authenticated only, [1] associated (handshake
 * not done), [2] authorized. */
void pipeline_sta_states(struct pipeline *p, unsigned counts[3]);

enum pipe_cmd_kind {
	PIPE_CMD_DEAUTH,
	PIPE_CMD_DISASSOC,
	/* The kernel dropped a class 3 frame from mac, a station it does
	 * not know (nl80211 UNEXPECTED_FRAME): unless rapd is associating
	 * it, it is answered as mlme answers such a frame (deauthentication,
	 * reason 7). reason and tx are unused. */
	PIPE_CMD_CLASS3,
};

/*
 * Asks the owning worker to deauthenticate or disassociate mac (the
 * broadcast address: every station) with reason; tx false removes the
 * station without sending a frame (PIPE_CMD_CLASS3: see above; any
 * station, known or not). Returns 0 once queued (the worker acts
 * within its next loop), -ENOENT for an unknown station, -EAGAIN when a
 * worker's command ring is full. Never waits on a worker.
 */
int pipeline_command(struct pipeline *p, enum pipe_cmd_kind kind,
		     const uint8_t mac[6], uint16_t reason, bool tx);

struct acl;
/* The MAC access lists in force (main thread: the only writer). */
const struct acl *pipeline_acl(struct pipeline *p);
/*
 * Puts a new ACL in force for every worker's next decision (published by
 * RCU; the old one is freed after a grace period). Takes ownership of a.
 */
void pipeline_acl_replace(struct pipeline *p, struct acl *a);

/*
 * RELOAD: every station is deauthenticated (reason 2, as hostapd's
 * reload) and each worker, at its next loop, switches to bss; beacons
 * follow it. bss must keep the BSSID and not raise max_sta past the
 * table's size (-EINVAL), and stay allocated until pipeline_destroy (the
 * caller owns it; workers may still read the old ones meanwhile, so the
 * caller keeps those too). 0, or -EAGAIN when a worker's ring is full.
 */
int pipeline_reload(struct pipeline *p, const struct bss *bss);

/* ENABLE / DISABLE: a disabled AP sends no beacons and ignores every
 * frame. 0, or -EALREADY when already in that state. */
int pipeline_set_enabled(struct pipeline *p, bool enabled);

const char *pipe_rx_drop_name(enum pipe_rx_drop d);
const char *pipe_tx_drop_name(enum pipe_tx_drop d);

#endif
