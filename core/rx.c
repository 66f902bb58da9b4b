/*
 * rx.c - the RX thread: reads the frame port, keeps what concerns this BSS,
 * and hands each frame to the worker that owns its station.
 *
 * Thread: RX only. Touches: the port's recv side, the RX pool (owner), the
 * workers' RX rings (producer), the rx_* counters, and in trace mode the
 * trace clock it publishes (rx_clock, trace_start, rx_done).
 *
 * What is kept (everything else is counted and dropped here):
 * - management frames to our BSSID, and probe requests to broadcast;
 * - data frames To DS to our BSSID (EAPOL, and class 3 frames of stations
 *   that must be told to go away);
 * - TX status echoes of our association responses (routed by their
 *   receiver); the echoes of other frames change nothing and stop here;
 * - not frames sent by our own BSSID: a replayed recording holds the AP's
 *   own frames, which rapd regenerates instead.
 * The worker is sta_worker_of(station MAC): shard % workers, so a shard's
 * stations meet on one worker whatever the worker count.
 *
 * Live clock: a full ring or an empty pool drops the frame and counts it,
 * never blocks; each push wakes its worker if it sleeps. Trace clock: the
 * input is a file, so the RX thread sleeps until there is room instead
 * (dropping would make replay depend on thread timing; the worker wakes
 * it once it drained half its ring), wakes a sleeping worker every
 * PIPE_WAKE_BATCH frames and at the end, wakes the TX thread when the
 * clock reaches a beacon it waits for,
 * makes timestamps strictly increasing (a frame stamped at or before the
 * previous one gets the previous + 1 ns: every input has its own instant,
 * which keys the TX merge) and publishes each frame's time after handing it
 * out.
 */
#include "pipe_pvt.h"

#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ieee80211.h>

/* Decides whether a frame goes to a worker; *drop says why not. */
static const uint8_t *rx_classify(const struct frame *f, const uint8_t *bssid,
				  enum pipe_rx_drop *drop)
{
	struct wlan_hdr h;

	if (wlan_parse_hdr(f->data, f->len, &h) != WLAN_HDR_OK) {
		*drop = PIPE_RX_MALFORMED;
		return NULL;
	}
	if (h.type == WLAN_FC_TYPE_CTRL) {
		*drop = PIPE_RX_CONTROL;
		return NULL;
	}
	if (f->flags & FRAME_F_TX_STATUS) {
		/* Only an association response's status changes anything
		 * (mlme creates the station once it was ACKed). */
		if (h.addr2 && mac_equal(h.addr2, bssid) &&
		    !mac_is_group(h.addr1) && h.type == WLAN_FC_TYPE_MGMT &&
		    (h.subtype == WLAN_STYPE_ASSOC_RESP ||
		     h.subtype == WLAN_STYPE_REASSOC_RESP))
			return h.addr1;
		*drop = PIPE_RX_ECHO;
		return NULL;
	}
	if (h.addr2 && mac_equal(h.addr2, bssid)) {
		*drop = PIPE_RX_OWN;
		return NULL;
	}
	if (h.type == WLAN_FC_TYPE_MGMT) {
		if (mac_equal(h.addr1, bssid) ||
		    (h.subtype == WLAN_STYPE_PROBE_REQ && mac_is_broadcast(h.addr1)))
			return h.addr2;
	} else if (h.type == WLAN_FC_TYPE_DATA) {
		if ((h.flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) == WLAN_FC_TODS &&
		    mac_equal(h.addr1, bssid))
			return h.addr2;
	}
	*drop = PIPE_RX_NOT_OURS;
	return NULL;
}

/* Trace clock: strictly increasing input times. */
static void rx_stamp_trace(struct pipeline *p, struct frame *f,
			   uint64_t *last_ts)
{
	if (*last_ts == 0)
		atomic_store_explicit(&p->trace_start, f->ts_ns ? f->ts_ns : 1,
				      memory_order_release);
	if (f->ts_ns <= *last_ts)
		f->ts_ns = *last_ts + 1;
	*last_ts = f->ts_ns;
}

/* After a push to w: wake it if it sleeps for input. Live: every push
 * (latency); trace: every PIPE_WAKE_BATCH pushes, the end of the input and
 * the TX thread's requests wake it for the rest (throughput). */
static void rx_wake_worker(struct pipeline *p, struct pipe_worker *w,
			   bool trace)
{
	if (trace && ++p->rx_since_wake[w->id] < PIPE_WAKE_BATCH)
		return;
	p->rx_since_wake[w->id] = 0;
	if (pipe_asleep_on(&w->sleep, PIPE_ON_INPUT))
		pipe_wake(&w->sleep);
}

/* Trace: waits for room in w's ring, which w signals once it drained half
 * of it. False when stopping. */
static bool rx_wait_room(struct pipeline *p, struct pipe_worker *w,
			 void **obj)
{
	while (!atomic_load_explicit(&p->stop, memory_order_relaxed)) {
		uint32_t seq = pipe_sleep_prepare(&p->rx_sleep,
						  (int32_t)w->id);

		if (ring_push_burst(w->rx_ring, obj, 1) == 1) {
			pipe_sleep_cancel(&p->rx_sleep);
			return true;
		}
		pipe_wake(&w->sleep); /* its ring is full: it must not sleep */
		pipe_sleep_wait(&p->rx_sleep, seq, PIPE_TRACE_NAP_NS);
	}
	return false;
}

/* Pushes f to worker w; false when dropped (live) or stopping (trace). */
static bool rx_hand(struct pipeline *p, struct pipe_worker *w, struct frame *f,
		    bool trace)
{
	void *obj = f;

	if (ring_push_burst(w->rx_ring, &obj, 1) == 0) {
		if (!trace) {
			STAT_INC(p->rx.drop[PIPE_RX_RING_FULL]);
			return false;
		}
		if (!rx_wait_room(p, w, &obj))
			return false;
	}
	rx_wake_worker(p, w, trace);
	STAT_INC(p->rx.dispatched);
	return true;
}

/* Trace: the TX thread may wait for the clock to reach a beacon's time. */
static void rx_wake_tx_clock(struct pipeline *p, uint64_t now)
{
	struct pipe_sleep *s = &p->tx_sleep;

	if (pipe_asleep_on(s, PIPE_ON_CLOCK) &&
	    atomic_load_explicit(&s->want, memory_order_relaxed) <= now)
		pipe_wake(s);
}

/* One frame from the port: to its worker, or back to the pool. */
static void rx_one(struct pipeline *p, struct frame *f, uint64_t *last_ts,
		   bool trace)
{
	enum pipe_rx_drop drop = PIPE_RX_MALFORMED;
	const uint8_t *sta;

	STAT_INC(p->rx.frames);
	if (trace)
		rx_stamp_trace(p, f, last_ts);
	if (atomic_load_explicit(&p->disabled, memory_order_relaxed)) {
		sta = NULL;
		drop = PIPE_RX_DISABLED;
	} else {
		sta = rx_classify(f, p->pp.bss->bssid, &drop);
	}
	if (!sta) {
		STAT_INC(p->rx.drop[drop]);
		pool_put_owner(p->rx_pool, f);
	} else if (!rx_hand(p, &p->w[sta_worker_of(p->table, sta)], f, trace)) {
		pool_put_owner(p->rx_pool, f);
	}
	/* After the hand-off (f is the worker's now: read nothing of it):
	 * pairs with the workers' acquire load of rx_clock. */
	if (trace) {
		atomic_store_explicit(&p->rx_clock, *last_ts,
				      memory_order_release);
		/* Every batch of frames, and at every leap of the clock
		 * (the sparse end of a trace), so a waiting beacon goes out
		 * at most a batch after its time. */
		if ((STAT_GET(p->rx.frames) & (PIPE_WAKE_BATCH - 1)) == 0 ||
		    *last_ts - p->rx_clock_checked >= PIPE_CLOCK_LEAP_NS) {
			p->rx_clock_checked = *last_ts;
			rx_wake_tx_clock(p, *last_ts);
		}
	}
}

/* A frame to read into; in trace mode waits for one to come back (the
 * workers wake this thread after each burst they return). */
static struct frame *rx_buffer(struct pipeline *p, bool trace,
			       struct frame *scratch)
{
	struct frame *f;
	uint32_t seq;

	while (!(f = pool_get(p->rx_pool))) {
		if (!trace) {
			/* Read it anyway, to keep the port flowing, and drop. */
			STAT_INC(p->rx.drop[PIPE_RX_NO_BUFFER]);
			return scratch;
		}
		if (atomic_load_explicit(&p->stop, memory_order_relaxed))
			return NULL;
		seq = pipe_sleep_prepare(&p->rx_sleep, PIPE_ON_POOL);
		f = pool_get(p->rx_pool);
		if (f) {
			pipe_sleep_cancel(&p->rx_sleep);
			break;
		}
		for (unsigned i = 0; i < p->pp.nworkers; i++)
			pipe_wake(&p->w[i].sleep); /* they hold the frames */
		pipe_sleep_wait(&p->rx_sleep, seq, PIPE_TRACE_NAP_NS);
	}
	return f;
}

void *pipe_rx_main(void *arg)
{
	struct pipeline *p = arg;
	bool trace = p->pp.clock == PIPE_CLOCK_TRACE;
	static struct frame scratch; /* RX thread only */
	uint64_t last_ts = 0;

	while (!atomic_load_explicit(&p->stop, memory_order_relaxed)) {
		struct frame *f = rx_buffer(p, trace, &scratch);
		int r;

		if (!f)
			break;
		r = port_recv(p->pp.port, f);
		if (r != PORT_RECV_GOT) {
			if (f != &scratch)
				pool_put_owner(p->rx_pool, f);
			if (r == PORT_RECV_END)
				break;
			continue;
		}
		if (f == &scratch) {
			STAT_INC(p->rx.frames);
			continue;
		}
		rx_one(p, f, &last_ts, trace);
	}
	atomic_store_explicit(&p->rx_done, true, memory_order_release);
	pipe_wake_all(p);
	return NULL;
}
