/*
 * tx.c - the TX thread: takes the workers' frames and its own beacons to
 * the port.
 *
 * Thread: TX only. Touches: the workers' TX rings (consumer), their TX
 * pools (returner PIPE_RET_TX), the port's send side, its beacon frame and
 * sequence counter, the tx_* counters; reads the workers' progress.
 *
 * Sequence numbers: frames to a station carry the station's own counter
 * (mlme), frames to no station a per-shard counter (worker_out.c); the TX
 * thread numbers only its beacons.
 *
 * Live clock: round robin over the rings, beacons on each TBTT of
 * CLOCK_MONOTONIC, asleep in between (a worker's push wakes it). Trace
 * clock: a merge. Each worker's ring is in (ts_ns, order) order; the TX
 * thread sends the smallest head, or the next beacon, once it is safe:
 * every worker with an empty ring has published a progress at or past
 * that time, so nothing smaller can still come. The output is then the
 * same for any number of workers. While it is not safe the thread sleeps:
 * for the worker that is behind (which it wakes to catch up with the
 * clock), or for the RX clock to reach a beacon's time.
 */
#include "pipe_pvt.h"

#include <string.h>

#include <rapd/bytes.h>

static void tx_send(struct tx_state *t, struct frame *f)
{
	if (port_send(t->p->pp.port, f) == 0)
		STAT_INC(t->p->tx.frames);
	else
		STAT_INC(t->p->tx.port_errors);
}

/* Builds and sends the beacon of TBTT t->tbtt, then schedules the next. */
static void tx_beacon(struct tx_state *t)
{
	/* The BSS in force (RELOAD may replace it while we run). */
	const struct bss *b = atomic_load_explicit(&t->p->cur_bss,
						   memory_order_acquire);
	struct ap_tim tim = {
		.dtim_count = (uint8_t)((b->dtim_period -
					 t->tbtt_k % b->dtim_period) %
					b->dtim_period),
	};
	struct frame *f = &t->beacon;
	uint8_t *end = ap_build_beacon(b, &tim, t->seq,
				       (t->tbtt - t->start) / 1000, f->data,
				       f->data + sizeof(f->data));

	if (atomic_load_explicit(&t->p->disabled, memory_order_relaxed))
		end = NULL; /* DISABLE: the TBTTs pass silently */
	if (end) {
		f->len = (uint32_t)(end - f->data);
		f->ts_ns = t->tbtt;
		f->order = 0;
		f->flags = FRAME_F_NOACK;
		t->seq = (t->seq + 1) & 0xfff;
		tx_send(t, f);
		STAT_INC(t->p->tx.beacons);
	}
	if ((uint64_t)b->beacon_int * 1024 * 1000 != t->interval) {
		/* RELOAD changed beacon_int: a new schedule from this TBTT. */
		t->start = t->tbtt;
		t->tbtt_k = 0;
		t->interval = (uint64_t)b->beacon_int * 1024 * 1000;
	}
	t->tbtt_k++;
	t->tbtt = t->start + t->tbtt_k * t->interval;
}

static bool tx_all_done(struct pipeline *p)
{
	return atomic_load_explicit(&p->workers_done, memory_order_acquire) ==
	       p->pp.nworkers;
}

/* --- live clock ------------------------------------------------------ */

static unsigned tx_drain_live(struct tx_state *t)
{
	struct pipeline *p = t->p;
	unsigned moved = 0;

	for (unsigned i = 0; i < p->pp.nworkers; i++) {
		struct pipe_worker *w = &p->w[i];
		void *objs[PIPE_BURST];
		unsigned n = ring_pop_burst(w->tx_ring, objs, PIPE_BURST);

		for (unsigned k = 0; k < n; k++)
			tx_send(t, objs[k]);
		if (n)
			pool_put_burst(w->tx_pool, PIPE_RET_TX,
				       (struct frame *const *)objs, n);
		moved += n;
	}
	return moved;
}

/* Whether any worker's ring holds a frame. */
static bool tx_any_frame(struct pipeline *p)
{
	for (unsigned i = 0; i < p->pp.nworkers; i++)
		if (ring_peek(p->w[i].tx_ring))
			return true;
	return false;
}

/* Sleeps until a worker pushes a frame or ends, or until timeout_ns. */
static void tx_sleep_frames(struct tx_state *t, uint64_t timeout_ns)
{
	struct pipeline *p = t->p;
	uint32_t seq = pipe_sleep_prepare(&p->tx_sleep, PIPE_ON_FRAMES);

	if (tx_any_frame(p) || tx_all_done(p) ||
	    atomic_load_explicit(&p->stop, memory_order_relaxed)) {
		pipe_sleep_cancel(&p->tx_sleep);
		return;
	}
	pipe_sleep_wait(&p->tx_sleep, seq, timeout_ns);
}

static void tx_live(struct tx_state *t)
{
	for (;;) {
		bool done = tx_all_done(t->p); /* before the last drain */
		uint64_t now, nap = PIPE_LIVE_NAP_NS;

		if (tx_drain_live(t))
			continue;
		now = pipe_mono_ns();
		if (t->tbtt && now >= t->tbtt) {
			tx_beacon(t);
			continue;
		}
		if (done)
			return;
		if (t->tbtt && t->tbtt - now < nap)
			nap = t->tbtt - now;
		tx_sleep_frames(t, nap);
	}
}

/* --- trace clock ------------------------------------------------------ */

static bool key_less(const struct frame *a, uint64_t ts, uint64_t order)
{
	return a->ts_ns < ts || (a->ts_ns == ts && a->order < order);
}

/*
 * The smallest head of the rings, or -1 for the beacon, or -2 when nothing
 * can be sent yet (or ever: *finished).
 */
static int tx_pick(struct tx_state *t, bool *finished)
{
	struct pipeline *p = t->p;
	bool rx_done = atomic_load_explicit(&p->rx_done, memory_order_acquire);
	uint64_t ts = UINT64_MAX, order = UINT64_MAX, end;
	int best = -2;

	*finished = false;
	if (!t->start && t->interval) {
		t->start = atomic_load_explicit(&p->trace_start,
						memory_order_acquire);
		t->tbtt = t->start;
	}
	end = atomic_load_explicit(&p->rx_clock, memory_order_acquire);
	if (t->tbtt && (!rx_done || t->tbtt <= end)) {
		ts = t->tbtt;
		order = 0;
		best = -1;
	}
	for (unsigned i = 0; i < p->pp.nworkers; i++) {
		struct frame *h = ring_peek(p->w[i].tx_ring);

		if (h && key_less(h, ts, order)) {
			ts = h->ts_ns;
			order = h->order;
			best = (int)i;
		}
	}
	if (best == -2)
		*finished = tx_all_done(p);
	return best;
}

#define TX_SAFE (-1)   /* nothing smaller can still come */
#define TX_REPICK (-2) /* a smaller head arrived */

/*
 * Nothing smaller than (ts, order) can still come: each ring's head is not
 * smaller (a head that arrived since tx_pick may be), and each worker with
 * an empty ring has published a progress at or past ts. Returns TX_SAFE,
 * TX_REPICK, or the worker whose progress is behind ts.
 */
static int tx_blocker(struct tx_state *t, uint64_t ts, uint64_t order)
{
	struct pipeline *p = t->p;

	for (unsigned i = 0; i < p->pp.nworkers; i++) {
		struct pipe_worker *w = &p->w[i];
		struct frame *h = ring_peek(w->tx_ring);

		if (h) {
			if (key_less(h, ts, order))
				return TX_REPICK;
			continue;
		}
		/* Pairs with the worker's release of progress: frames it
		 * pushed before are seen by the peek that follows. */
		if (atomic_load_explicit(&w->progress, memory_order_acquire) < ts)
			return (int)i;
		if (ring_peek(w->tx_ring))
			return TX_REPICK; /* a frame arrived: pick again */
	}
	return TX_SAFE;
}

/* Trace: the clock has not reached ts yet (a beacon ahead of the input):
 * sleeps until the RX thread moves it there or ends. */
static void tx_sleep_clock(struct tx_state *t, uint64_t ts)
{
	struct pipeline *p = t->p;
	uint32_t seq;

	atomic_store_explicit(&p->tx_sleep.want, ts, memory_order_relaxed);
	seq = pipe_sleep_prepare(&p->tx_sleep, PIPE_ON_CLOCK);
	if (atomic_load_explicit(&p->rx_clock, memory_order_acquire) >= ts ||
	    atomic_load_explicit(&p->rx_done, memory_order_acquire) ||
	    atomic_load_explicit(&p->stop, memory_order_relaxed)) {
		pipe_sleep_cancel(&p->tx_sleep);
		return;
	}
	pipe_sleep_wait(&p->tx_sleep, seq, PIPE_TRACE_NAP_NS);
}

/* Trace: worker i's progress is behind ts. It is asked to catch up with
 * the clock (wake), and wakes us when it published, pushed a batch or
 * ended. */
static void tx_sleep_worker(struct tx_state *t, unsigned i, uint64_t ts)
{
	struct pipeline *p = t->p;
	struct pipe_worker *w = &p->w[i];
	uint32_t seq;

	if (ts > atomic_load_explicit(&p->rx_clock, memory_order_acquire) &&
	    !atomic_load_explicit(&p->rx_done, memory_order_acquire)) {
		tx_sleep_clock(t, ts);
		return;
	}
	seq = pipe_sleep_prepare(&p->tx_sleep, (int32_t)i);
	if (atomic_load_explicit(&w->progress, memory_order_acquire) >= ts ||
	    ring_peek(w->tx_ring) ||
	    atomic_load_explicit(&w->done, memory_order_acquire) ||
	    atomic_load_explicit(&p->stop, memory_order_relaxed)) {
		pipe_sleep_cancel(&p->tx_sleep);
		return;
	}
	pipe_wake(&w->sleep);
	pipe_sleep_wait(&p->tx_sleep, seq, PIPE_TRACE_NAP_NS);
}

/* Trace: a frame of worker i went out; every PIPE_WAKE_BATCH of them,
 * the worker is woken if it waits for room. */
static void tx_popped(struct tx_state *t, unsigned i)
{
	struct pipe_worker *w = &t->p->w[i];

	if (++t->popped[i] < PIPE_WAKE_BATCH)
		return;
	t->popped[i] = 0;
	if (pipe_asleep_on(&w->sleep, PIPE_ON_ROOM))
		pipe_wake(&w->sleep);
}

static void tx_trace(struct tx_state *t)
{
	for (;;) {
		bool finished;
		int best = tx_pick(t, &finished), blk;
		struct frame *f;

		if (best == -2) {
			if (finished)
				return;
			tx_sleep_frames(t, PIPE_TRACE_NAP_NS);
			continue;
		}
		f = best >= 0 ? ring_peek(t->p->w[best].tx_ring) : NULL;
		blk = tx_blocker(t, f ? f->ts_ns : t->tbtt, f ? f->order : 0);
		if (blk == TX_REPICK)
			continue;
		if (blk >= 0) {
			if (atomic_load_explicit(&t->p->stop,
						 memory_order_relaxed) &&
			    tx_all_done(t->p))
				return;
			tx_sleep_worker(t, (unsigned)blk,
					f ? f->ts_ns : t->tbtt);
			continue;
		}
		if (!f) {
			tx_beacon(t);
			continue;
		}
		ring_pop_burst(t->p->w[best].tx_ring, (void **)&f, 1);
		tx_send(t, f);
		pool_put(t->p->w[best].tx_pool, PIPE_RET_TX, f);
		tx_popped(t, (unsigned)best);
	}
}

void *pipe_tx_main(void *arg)
{
	struct pipeline *p = arg;
	struct tx_state *t = &p->tx_state;

	memset(t, 0, sizeof(*t));
	t->p = p;
	if (p->pp.beacons)
		t->interval = (uint64_t)p->pp.bss->beacon_int * 1024 * 1000;
	if (p->pp.clock == PIPE_CLOCK_LIVE) {
		if (t->interval) {
			t->start = atomic_load_explicit(&p->trace_start,
							memory_order_acquire);
			t->tbtt = t->start;
		}
		tx_live(t);
	} else {
		tx_trace(t);
	}
	/* Frames left after a stop request go back to their pools. */
	for (unsigned i = 0; i < p->pp.nworkers; i++) {
		void *f;

		while (ring_pop_burst(p->w[i].tx_ring, &f, 1))
			pool_put(p->w[i].tx_pool, PIPE_RET_TX, f);
	}
	atomic_store_explicit(&p->tx_done, true, memory_order_release);
	return NULL;
}
