/*
 * pipe_pvt.h - internals shared by the pipeline's thread files (rx.c,
 * worker.c, worker_out.c, tx.c, pipeline.c). Do not include directly:
 * the contract is include/rapd/pipeline.h.
 *
 * Who writes what
 *   RX thread:   rx_* counters, rx_clock, rx_done, trace_start, trace_end;
 *                the RX pool (owner).
 *   worker i:    w[i] (counters, progress, done, its timers, its stations,
 *                its TX pool as owner, the RX pool as returner i).
 *   TX thread:   tx_* counters, tx_done; each TX pool as returner 0.
 *   main thread: the event rings (consumer), each TX pool as returner 1.
 *   anyone:      wakes a thread through its struct pipe_sleep (below);
 *                only the owner of a pipe_sleep sleeps on it.
 * Counters are single-writer atomics read relaxed by the main thread:
 * STAT_ADD is a relaxed load and store, no locked instruction.
 */
#ifndef RAPD_PIPE_PVT_H
#define RAPD_PIPE_PVT_H

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>

#include <rapd/aid.h>
#include <rapd/frame.h>
#include <rapd/pipeline.h>
#include <rapd/ring.h>
#include <rapd/sta.h>
#include <rapd/timer.h>

#define STAT_ADD(c, n)                                                      \
	atomic_store_explicit(                                              \
		&(c), atomic_load_explicit(&(c), memory_order_relaxed) + (n), \
		memory_order_relaxed)
#define STAT_INC(c) STAT_ADD(c, 1)
#define STAT_GET(c) atomic_load_explicit(&(c), memory_order_relaxed)

#define PIPE_BURST 32
/* Station entries beyond bss->max_sta (see pipeline_create). */
#define PIPE_STA_HEADROOM 256
/* A worker_dispatch result that mlme never saw (no station slot). */
#define PIPE_NOT_DISPATCHED AP_VERDICT_COUNT
#define PIPE_EVENT_RING 1024
/* TX pool returners: the TX thread sends and returns frames, the main
 * thread returns event frames. */
#define PIPE_RET_TX 0
#define PIPE_RET_MAIN 1

/* Output order key kinds (struct frame.order, top bit): at equal ts_ns,
 * beacons (order 0) and timer-caused frames come before input-caused ones,
 * because a worker fires timers due at T before it handles a frame at T. */
#define PIPE_ORDER_INPUT (1ull << 63)

/*
 * The protocol area of a station entry (sta->proto): mlme's state, then
 * what the control interface may read of it. Only the owning worker
 * writes either; the view's fields are atomics it stores (relaxed) after
 * each change, so readers on other threads never race with it.
 */
struct pipe_sta_view {
	_Atomic uint32_t flags; /* PIPE_STA_* */
	_Atomic uint16_t aid;
	_Atomic uint16_t capab;
	_Atomic uint16_t listen_int;
	_Atomic uint8_t n_rates;
	_Atomic uint32_t akm;
	_Atomic uint64_t rates[2]; /* up to 16 octets */
	_Atomic uint64_t assoc_ns;
	_Atomic uint64_t last_rx_ns;
};

struct pipe_sta {
	struct ap_sta ap; /* first: sta_proto() is the struct ap_sta */
	struct pipe_sta_view view;
};

/* A control command on its way to a worker (pipeline_command), or a
 * RELOAD (bss set: deauthenticate everyone, then switch to bss). */
struct pipe_cmd {
	enum pipe_cmd_kind kind;
	uint8_t addr[6];
	uint16_t reason;
	bool tx;
	const struct bss *bss;
};

#define PIPE_CMD_RING 64

/*
 * Sleeping and waking (pipeline.c). A thread that has nothing to do
 * sleeps on its own struct pipe_sleep (a futex word); any thread may wake
 * it. No lost wake-up: both sides read-modify-write asleep (F1 in
 * pipeline.c), so the later of the two sees the earlier:
 *   sleeper: seq = pipe_sleep_prepare(s, on)   (asleep = 1, an RMW)
 *            re-check what it waits for; if it came: pipe_sleep_cancel(s)
 *            else pipe_sleep_wait(s, seq, timeout)
 *   waker:   publish (ring push, progress, clock, flag), then
 *            pipe_asleep_on(s) (an RMW of asleep, then on), and
 *            pipe_wake(s) if it is waiting for what was published.
 * Either the sleeper's re-check sees the publication, or the waker sees
 * asleep; pipe_wake bumps the futex word, so a sleeper that has not
 * entered futex_wait yet returns at once. A waker wakes only a thread
 * that announced it sleeps: a busy pipeline makes no system call.
 * Before a thread sleeps on X it wakes X, so no two threads can sleep on
 * each other. Timeouts bound live waits (timers, TBTT); trace waits use
 * PIPE_TRACE_NAP_NS only as a safety net.
 */
enum pipe_wait_on {
	PIPE_ON_FRAMES = -1, /* TX: any worker's frame or end */
	PIPE_ON_INPUT = -2,  /* worker: its RX or command ring */
	PIPE_ON_ROOM = -3,   /* worker: TX ring room or TX pool frames */
	PIPE_ON_CLOCK = -4,  /* TX: rx_clock reaching sleep.want */
	PIPE_ON_POOL = -5,   /* RX: RX pool frames */
	/* >= 0: RX: room in worker N's RX ring; TX: worker N's progress */
};

struct pipe_sleep {
	alignas(64) _Atomic uint32_t seq; /* the futex word */
	_Atomic uint32_t asleep; /* 1: about to sleep or asleep */
	_Atomic int32_t on;	 /* enum pipe_wait_on or a worker */
	_Atomic uint64_t want;	 /* PIPE_ON_CLOCK: the clock wanted */
};

/* Wake checks in trace mode are batched: every PIPE_WAKE_BATCH pushes. */
#define PIPE_WAKE_BATCH 32
/* ... and at every leap of the trace clock by this much. */
#define PIPE_CLOCK_LEAP_NS 1000000ull
#define PIPE_TRACE_NAP_NS 2000000ull
/* Live waits end at the next timer, rekey or TBTT, or when woken; this
 * cap is only a safety net, kept long: an idle AP should cost nothing
 * (at 10 ms, the wake-ups of an idle AP took 8-16 % of a vCPU under
 * QEMU's TCG). */
#define PIPE_LIVE_NAP_NS 100000000ull

uint32_t pipe_sleep_prepare(struct pipe_sleep *s, int32_t on);
void pipe_sleep_cancel(struct pipe_sleep *s);
void pipe_sleep_wait(struct pipe_sleep *s, uint32_t seq, uint64_t timeout_ns);
void pipe_wake(struct pipe_sleep *s);

/* Waker side, after it published: whether s sleeps or is about to. A
 * read-modify-write (F1 in pipeline.c), not a plain load: see there. */
static inline bool pipe_asleep(struct pipe_sleep *s)
{
	return atomic_fetch_or_explicit(&s->asleep, 0, memory_order_seq_cst);
}

/* What a sleeper that pipe_asleep reported waits for (the acquire there
 * makes the sleeper's store of on visible). */
static inline int32_t pipe_sleep_on(struct pipe_sleep *s)
{
	return atomic_load_explicit(&s->on, memory_order_relaxed);
}

static inline bool pipe_asleep_on(struct pipe_sleep *s, int32_t on)
{
	return pipe_asleep(s) && pipe_sleep_on(s) == on;
}

/* Handshake latency histogram: bucket i counts latencies in
 * [2^i, 2^(i+1)) microseconds (bucket 0 also holds < 1 µs). */
#define PIPE_LAT_BUCKETS 32

struct pipe_wstats {
	_Atomic uint64_t lat[PIPE_LAT_BUCKETS];
	_Atomic uint64_t retransmissions;   /* M1/M3/G1 sent by a timer */
	_Atomic uint64_t handshakes_failed; /* deauth reason 15 or 16 sent */
	_Atomic uint64_t frames_in;
	_Atomic uint64_t frames_out;
	_Atomic uint64_t timeouts;
	_Atomic uint64_t verdict[AP_VERDICT_COUNT];
	_Atomic uint64_t tx_drop[PIPE_TX_DROPS];
	_Atomic uint64_t events_dropped;
	_Atomic uint64_t connected;
	_Atomic uint64_t stations;
	_Atomic uint64_t sta_no_slot;
	_Atomic uint64_t kernel_calls;
	_Atomic uint64_t kernel_errors;
};

struct pipe_worker {
	struct pipeline *p;
	unsigned id;
	pthread_t th;
	bool started;
	struct ring *rx_ring;  /* RX → this worker */
	struct ring *tx_ring;  /* this worker → TX */
	struct ring *ev_ring;  /* this worker → main: event frames */
	struct ring *cmd_ring; /* main → this worker: struct pipe_cmd */
	struct pool *tx_pool;  /* owner: this worker */
	struct timer_queue *tq;
	struct crypto_ws *ws;
	struct crypto_rng rng; /* system nonces (unseeded runs) */
	struct ap_ctx ap;
	struct ap_out out;
	struct ap_out out2;    /* synthesized TX status of out's frames */
	uint64_t last_ts;      /* logical time of the last input handled */
	uint64_t order_seq;    /* outputs of the current cause */
	uint64_t cur_assoc_ns; /* the station of the current call's */
	uint32_t epoch;	       /* group key epoch */
	uint16_t shard_seq[RAPD_SHARDS]; /* frames to no station, by shard */
	uint64_t next_rekey;   /* 0 = none */
	void *kctx;	       /* pipe_kernel_ops context, NULL: none */
	uint32_t tx_since_wake; /* frames pushed since the last TX check */
	alignas(64) _Atomic uint64_t progress; /* TRACE: all outputs with
					        * ts <= progress are pushed */
	_Atomic bool done;
	struct pipe_sleep sleep; /* PIPE_ON_INPUT or PIPE_ON_ROOM */
	struct pipe_wstats st;
};

/* The TX thread's own state (tx.c). */
struct tx_state {
	struct pipeline *p;
	uint16_t seq;	   /* beacons */
	uint64_t start;	   /* TBTT 0 */
	uint64_t tbtt;	   /* the next beacon's time, 0: none */
	uint64_t tbtt_k;   /* its index */
	uint64_t interval; /* ns */
	struct frame beacon;
	uint32_t popped[PIPE_WORKERS_MAX]; /* since the last room check */
};

struct pipeline {
	struct pipe_params pp;
	struct sta_table *table;
	struct aid_map aids;
	alignas(64) _Atomic unsigned sta_places; /* bss->max_sta places */
	struct pool *rx_pool;
	struct pipe_worker *w;
	pthread_t rx_th, tx_th;
	bool rx_started, tx_started, joined;
	uint8_t gmk[32];

	struct acl *acl;       /* RCU: rcu_dereference by workers */
	/* The BSS in force: pp.bss at first, then each RELOAD's. The TX
	 * thread reads it; every one stays allocated (by its owner, the
	 * main thread) until the pipeline is destroyed. */
	const struct bss *_Atomic cur_bss;
	_Atomic bool disabled; /* DISABLE: RX ignores, TX does not beacon */

	alignas(64) _Atomic bool stop;
	_Atomic bool rx_done;
	_Atomic bool tx_done;
	_Atomic uint64_t rx_clock;    /* TRACE: ts of the last frame handed */
	_Atomic uint64_t trace_start; /* TRACE: ts of the first frame, 0 */
	_Atomic unsigned workers_done;

	struct {
		_Atomic uint64_t frames;
		_Atomic uint64_t dispatched;
		_Atomic uint64_t drop[PIPE_RX_DROPS];
	} rx;
	struct pipe_sleep rx_sleep; /* a worker N or PIPE_ON_POOL */
	struct pipe_sleep tx_sleep; /* PIPE_ON_FRAMES, _CLOCK or a worker N */
	/* RX thread only: pushes to each worker since its last wake check. */
	uint32_t rx_since_wake[PIPE_WORKERS_MAX];
	uint64_t rx_clock_checked; /* rx_clock at the last TX clock check */
	struct {
		_Atomic uint64_t frames;
		_Atomic uint64_t beacons;
		_Atomic uint64_t port_errors;
	} tx;
	struct tx_state tx_state;
};

/* The thread bodies. */
void *pipe_rx_main(void *arg);
void *pipe_worker_main(void *arg);
void *pipe_tx_main(void *arg);

/* worker_out.c: what one mlme call produced goes out. */
void pipe_worker_apply(struct pipe_worker *w, struct sta *sta,
		       struct ap_out *out, uint64_t ts, uint64_t order_base);
/* After an mlme call on sta: into or out of the table as out asks, and
 * its next timer. fresh: sta was allocated for this frame, not linked. */
void pipe_worker_sta_done(struct pipe_worker *w, struct sta *sta,
			  const struct ap_out *out, bool fresh);
/* The TX thread, if it waits for this worker's frames or progress. */
void pipe_worker_wake_tx(struct pipe_worker *w);
/* pipe_ctrl.c: the station's view for the control interface, and the
 * commands it sends (worker side). */
void pipe_sta_publish(struct sta *sta);
void pipe_worker_commands(struct pipe_worker *w);
/* The kernel's stations and keys (worker_kernel.c). */
void pipe_worker_kernel_open(struct pipe_worker *w);
void pipe_worker_kernel_close(struct pipe_worker *w);
void pipe_worker_kernel_group(struct pipe_worker *w);
void pipe_worker_kernel_events(struct pipe_worker *w, struct sta *sta,
			       const struct ap_out *out);
void pipe_worker_kernel_activity(struct pipe_worker *w, struct sta *sta,
				 uint64_t at);
/* worker_ops.c: the struct ap_ops a worker gives mlme. */
extern const struct ap_ops pipe_ap_ops;

/* CLOCK_MONOTONIC in ns. */
uint64_t pipe_mono_ns(void);
/* Wakes every thread of the pipeline (stop, end of input). */
void pipe_wake_all(struct pipeline *p);

#endif
