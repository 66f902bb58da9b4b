/*
 * worker.c - a worker thread: the MLME and the WPA2 authenticator of the
 * stations of its shards.
 *
 * Thread: worker i. Touches: its RX ring (consumer), the RX pool (returner
 * i), its stations (the only writer), its timers, its TX pool (owner) and
 * TX ring (producer), its event ring (producer), its counters; reads the
 * shared struct bss and conf, the AID map and the station-place counter
 * through atomics (worker_ops.c).
 *
 * Per frame: fire the timers due by the frame's time (a timer due at T
 * fires before a frame at T, in deadline-then-MAC order), hand the frame to
 * mlme (ap_*), then carry out what mlme asked (worker_out.c): frames out,
 * events, the station into or out of the table, its next deadline.
 *
 * Time. Live: frames carry CLOCK_MONOTONIC times and timers also run when
 * the worker is idle, which sleeps until input, a command or the next
 * deadline. Trace: time only moves with the trace: when its ring is empty
 * the worker runs its timers up to the RX thread's clock, then publishes
 * that clock as its progress (the TX merge's watermark: every frame this
 * worker will still send is later than it), wakes the TX thread if it
 * waits for that, and sleeps until input, the end of the trace, or the TX
 * thread asking for a newer progress.
 */
#include "pipe_pvt.h"

#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ieee80211.h>

static void worker_count(struct pipe_worker *w, enum ap_verdict v)
{
	if (v < AP_VERDICT_COUNT) /* PIPE_NOT_DISPATCHED is counted apart */
		STAT_INC(w->st.verdict[v]);
}

/* The timer at the head of the queue fires at its own deadline (its
 * logical time), with the outputs keyed by the station's MAC. */
static void worker_fire_timer(struct pipe_worker *w, uint64_t at)
{
	struct timer_node *n = timer_pop_expired(w->tq, at);
	struct sta *sta;

	if (!n)
		return;
	sta = sta_from_timer(n);
	ap_out_reset(&w->out);
	sta_read_lock();
	pipe_worker_kernel_activity(w, sta, at);
	worker_count(w, ap_timeout(&w->ap, sta_proto(sta), at, &w->out));
	STAT_INC(w->st.timeouts);
	pipe_worker_apply(w, sta, &w->out, at, sta_mac_key(sta->addr) << 8);
	pipe_worker_sta_done(w, sta, &w->out, false);
	sta_read_unlock();
}

/* Group rekey (wpa_group_rekey): a new GTK epoch, G1 to each station. */
static int worker_rekey_one(struct sta *sta, void *arg)
{
	struct pipe_worker *w = arg;

	if (sta->worker != w->id)
		return 0;
	ap_out_reset(&w->out);
	worker_count(w, ap_rekey_group(&w->ap, sta_proto(sta), w->next_rekey,
				       &w->out));
	pipe_worker_apply(w, sta, &w->out, w->next_rekey,
			  sta_mac_key(sta->addr) << 8);
	pipe_worker_sta_done(w, sta, &w->out, false);
	return 0;
}

static void worker_rekey(struct pipe_worker *w)
{
	if (ap_ctx_set_epoch(&w->ap, ++w->epoch) == 0) {
		pipe_worker_kernel_group(w);
		sta_read_lock();
		sta_for_each(w->p->table, worker_rekey_one, w);
		sta_read_unlock();
	}
	w->next_rekey += (uint64_t)w->ap.bss->group_rekey * AP_NS_PER_S;
}

/*
 * Time moved to now: the timers and group rekeys due by then, each at its
 * own time, earliest first (a rekey before a timer due at the same time).
 * The rekey schedule starts at the pipeline's start time (the first
 * frame's, in a trace), the same in every worker.
 */
static void worker_advance(struct pipe_worker *w, uint64_t now)
{
	uint32_t period = w->ap.bss->group_rekey;

	if (!w->next_rekey && period && w->ap.bss->rsn) {
		uint64_t start = atomic_load_explicit(&w->p->trace_start,
						      memory_order_acquire);

		if (start)
			w->next_rekey = start + (uint64_t)period * AP_NS_PER_S;
	}
	for (;;) {
		uint64_t t = timer_next_deadline(w->tq);

		if (w->next_rekey && w->next_rekey <= t &&
		    w->next_rekey <= now)
			worker_rekey(w);
		else if (t <= now)
			worker_fire_timer(w, t);
		else
			break;
	}
}

/* A management frame from a station with no entry yet. */
static enum ap_verdict worker_new_sta(struct pipe_worker *w,
				      const struct wlan_hdr *h,
				      const struct wlan_mgmt *m, uint64_t now,
				      struct sta **stap)
{
	struct sta *sta;

	if (!ap_creates_sta(h))
		return ap_rx_nosta(&w->ap, h, m, now, &w->out);
	if (sta_alloc(w->p->table, h->addr2, &sta) != 0) {
		/* Every slot taken or waiting for its grace period: like a
		 * lost frame, the station retries. */
		STAT_INC(w->st.sta_no_slot);
		return PIPE_NOT_DISPATCHED;
	}
	ap_sta_init(sta_proto(sta), h->addr2, sta->shard, now);
	*stap = sta;
	return ap_rx_mgmt(&w->ap, sta_proto(sta), h, m, now, &w->out);
}

/* Hands one frame to mlme; *stap gets the station it concerned. */
static enum ap_verdict worker_dispatch(struct pipe_worker *w,
				       const struct frame *f,
				       const struct wlan_hdr *h, bool *fresh,
				       struct sta **stap)
{
	uint64_t now = f->ts_ns;
	struct wlan_mgmt m;
	struct sta *sta;

	if (f->flags & FRAME_F_TX_STATUS) {
		sta = sta_lookup(w->p->table, h->addr1);
		if (!sta)
			return AP_DROP_TX_STATUS_STALE;
		*stap = sta;
		return ap_tx_status(&w->ap, sta_proto(sta), h,
				    f->flags & FRAME_F_ACKED, now, &w->out);
	}
	sta = sta_lookup(w->p->table, h->addr2);
	*stap = sta;
	if (h->type == WLAN_FC_TYPE_DATA)
		return sta ? ap_rx_data(&w->ap, sta_proto(sta), h, now, &w->out)
			   : ap_rx_nosta(&w->ap, h, NULL, now, &w->out);
	switch (wlan_parse_mgmt(h, &m)) {
	case WLAN_MGMT_OK:
		break;
	case WLAN_MGMT_PROTECTED: /* a robust management frame: no MFP */
		return AP_DROP_PROTECTED;
	case WLAN_MGMT_UNKNOWN_SUBTYPE:
		return AP_DROP_UNHANDLED;
	case WLAN_MGMT_NOT_MGMT:
	case WLAN_MGMT_TRUNCATED:
		return AP_DROP_BAD_ELEMENTS;
	}
	if (sta)
		return ap_rx_mgmt(&w->ap, sta_proto(sta), h, &m, now, &w->out);
	*fresh = true;
	return worker_new_sta(w, h, &m, now, stap);
}

static void worker_frame(struct pipe_worker *w, struct frame *f)
{
	struct sta *sta = NULL;
	bool fresh = false;
	struct wlan_hdr h;

	STAT_INC(w->st.frames_in);
	worker_advance(w, f->ts_ns);
	if (f->ts_ns > w->last_ts)
		w->last_ts = f->ts_ns;
	if (wlan_parse_hdr(f->data, f->len, &h) != WLAN_HDR_OK) {
		worker_count(w, AP_DROP_BAD_ELEMENTS); /* RX checked it */
		return;
	}
	ap_out_reset(&w->out);
	sta_read_lock();
	worker_count(w, worker_dispatch(w, f, &h, &fresh, &sta));
	pipe_worker_apply(w, sta, &w->out, f->ts_ns, PIPE_ORDER_INPUT);
	if (sta) {
		if (fresh && w->out.sta_action == AP_ACT_KEEP)
			w->out.sta_action = AP_ACT_REMOVE; /* never keep a
							    * station mlme did
							    * not take */
		pipe_worker_sta_done(w, sta, &w->out, fresh);
	}
	sta_read_unlock();
}

/* After a burst: the RX thread may wait for room in this worker's ring
 * (woken once half of it is free, so it refills in long runs) or for
 * frames of its pool. */
static void worker_wake_rx(struct pipe_worker *w)
{
	struct pipe_sleep *s = &w->p->rx_sleep;
	int32_t on;

	if (!pipe_asleep(s))
		return;
	on = pipe_sleep_on(s);
	if (on == PIPE_ON_POOL ||
	    (on == (int32_t)w->id &&
	     ring_count(w->rx_ring) <= ring_capacity(w->rx_ring) / 2))
		pipe_wake(s);
}

/* Handles a burst from the RX ring; returns how many frames it took. */
static unsigned worker_burst(struct pipe_worker *w)
{
	void *objs[PIPE_BURST];
	unsigned n;

	pipe_worker_commands(w);
	n = ring_pop_burst(w->rx_ring, objs, PIPE_BURST);

	for (unsigned i = 0; i < n; i++) {
		if (i + 1 < n) /* written by the RX thread's core */
			__builtin_prefetch(objs[i + 1]);
		worker_frame(w, objs[i]);
	}
	if (n) {
		pool_put_burst(w->p->rx_pool, w->id,
			       (struct frame *const *)objs, n);
		worker_wake_rx(w);
	}
	return n;
}

static void worker_publish(struct pipe_worker *w, uint64_t progress)
{
	/* Pairs with the TX thread's acquire: every frame pushed before it
	 * is visible to a TX thread that sees this progress. */
	atomic_store_explicit(&w->progress, progress, memory_order_release);
	pipe_worker_wake_tx(w);
}

/* Whether this worker has input (or a command) waiting. */
static bool worker_has_input(struct pipe_worker *w)
{
	return ring_peek(w->rx_ring) || ring_count(w->cmd_ring);
}

/*
 * Trace: sleeps unless input came, the input ended, or the TX thread
 * waits for this worker's progress while the clock moved on since it was
 * published (the TX thread then also wakes it).
 */
static void worker_trace_sleep(struct pipe_worker *w)
{
	struct pipeline *p = w->p;
	uint32_t seq = pipe_sleep_prepare(&w->sleep, PIPE_ON_INPUT);
	uint64_t r = atomic_load_explicit(&p->rx_clock, memory_order_acquire);

	/* after prepare's RMW of asleep (F1): see pipe_pvt.h */
	if (worker_has_input(w) ||
	    atomic_load_explicit(&p->rx_done, memory_order_acquire) ||
	    atomic_load_explicit(&p->stop, memory_order_relaxed) ||
	    (r > w->last_ts &&
	     atomic_load_explicit(&p->tx_sleep.asleep, memory_order_acquire) &&
	     pipe_sleep_on(&p->tx_sleep) == (int32_t)w->id)) {
		pipe_sleep_cancel(&w->sleep);
		return;
	}
	pipe_sleep_wait(&w->sleep, seq, PIPE_TRACE_NAP_NS);
}

/* Trace clock: one idle step; false once the trace is over. */
static bool worker_trace_idle(struct pipe_worker *w)
{
	bool rx_done = atomic_load_explicit(&w->p->rx_done,
					    memory_order_acquire);
	uint64_t r = atomic_load_explicit(&w->p->rx_clock,
					  memory_order_acquire);

	if (worker_burst(w))
		return true;
	if (r > w->last_ts) {
		worker_advance(w, r);
		w->last_ts = r;
	}
	worker_publish(w, w->last_ts);
	if (rx_done || atomic_load_explicit(&w->p->stop, memory_order_relaxed))
		return false;
	worker_trace_sleep(w);
	return true;
}

/* Live clock: sleeps until input, a command, a stop, the next timer or
 * group rekey (at most PIPE_LIVE_NAP_NS). */
static void worker_live_sleep(struct pipe_worker *w, uint64_t now)
{
	uint64_t next = timer_next_deadline(w->tq), nap = PIPE_LIVE_NAP_NS;
	uint32_t seq = pipe_sleep_prepare(&w->sleep, PIPE_ON_INPUT);

	if (w->next_rekey && w->next_rekey < next)
		next = w->next_rekey;
	if (worker_has_input(w) ||
	    atomic_load_explicit(&w->p->rx_done, memory_order_acquire) ||
	    atomic_load_explicit(&w->p->stop, memory_order_relaxed)) {
		pipe_sleep_cancel(&w->sleep);
		return;
	}
	if (next <= now)
		nap = 0;
	else if (next - now < nap)
		nap = next - now;
	pipe_sleep_wait(&w->sleep, seq, nap);
}

/* Live clock: one idle step; false once stopped and drained. */
static bool worker_live_idle(struct pipe_worker *w)
{
	bool stopping = atomic_load_explicit(&w->p->rx_done,
					     memory_order_acquire);
	uint64_t now;

	if (worker_burst(w))
		return true;
	now = pipe_mono_ns();
	worker_advance(w, now);
	if (stopping)
		return false;
	worker_live_sleep(w, now);
	return true;
}

static int worker_drop_sta(struct sta *sta, void *arg)
{
	struct pipe_worker *w = arg;

	if (sta->worker != w->id)
		return 0;
	timer_cancel(w->tq, &sta->tnode);
	ap_sta_wipe(sta_proto(sta));
	sta_remove(w->p->table, sta);
	STAT_ADD(w->st.stations, (uint64_t)-1);
	return 0;
}

void *pipe_worker_main(void *arg)
{
	struct pipe_worker *w = arg;
	bool trace = w->p->pp.clock == PIPE_CLOCK_TRACE;

	rcu_register_thread();
	pipe_worker_kernel_open(w);
	while (trace ? worker_trace_idle(w) : worker_live_idle(w))
		;
	while (worker_burst(w)) /* what is left after a stop */
		;
	sta_read_lock();
	sta_for_each(w->p->table, worker_drop_sta, w);
	sta_read_unlock();
	pipe_worker_kernel_close(w);
	worker_publish(w, UINT64_MAX);
	atomic_store_explicit(&w->done, true, memory_order_release);
	atomic_fetch_add_explicit(&w->p->workers_done, 1, memory_order_acq_rel);
	pipe_wake(&w->p->tx_sleep); /* it may wait for the last of us */
	rcu_unregister_thread();
	return NULL;
}
