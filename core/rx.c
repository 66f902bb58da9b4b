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
 * never blocks. Trace clock: the input is a file, so the RX thread waits
 * for room instead (dropping would make replay depend on thread timing),
 * makes timestamps strictly increasing (a frame stamped at or before the
 * previous one gets the previous + 1 ns: every input has its own instant,
 * which keys the TX merge) and publishes each frame's time after handing it
 * out.
 */
#include "pipe_pvt.h"

#include <sched.h>
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

/* Pushes f to worker w; false when dropped (live) or stopping (trace). */
static bool rx_hand(struct pipeline *p, struct pipe_worker *w, struct frame *f,
		    bool trace)
{
	void *obj = f;

	while (ring_push_burst(w->rx_ring, &obj, 1) == 0) {
		if (!trace) {
			STAT_INC(p->rx.drop[PIPE_RX_RING_FULL]);
			return false;
		}
		if (atomic_load_explicit(&p->stop, memory_order_relaxed))
			return false;
		sched_yield(); /* the worker frees room soon */
	}
	STAT_INC(p->rx.dispatched);
	return true;
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
	if (trace)
		atomic_store_explicit(&p->rx_clock, *last_ts,
				      memory_order_release);
}

/* A frame to read into; in trace mode waits for one to come back. */
static struct frame *rx_buffer(struct pipeline *p, bool trace,
			       struct frame *scratch)
{
	struct frame *f;

	while (!(f = pool_get(p->rx_pool))) {
		if (!trace) {
			/* Read it anyway, to keep the port flowing, and drop. */
			STAT_INC(p->rx.drop[PIPE_RX_NO_BUFFER]);
			return scratch;
		}
		if (atomic_load_explicit(&p->stop, memory_order_relaxed))
			return NULL;
		sched_yield();
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
	return NULL;
}
