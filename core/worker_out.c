/*
 * worker_out.c - a worker carries out what one mlme call asked: frames to
 * the TX thread, events to the main thread, the station into or out of the
 * table, its next timer.
 *
 * Thread: the worker that owns the station (see worker.c).
 *
 * Output frames are copied from mlme's arena into frames of the worker's
 * TX pool, stamped with the logical time of their cause and an order key
 * (pipe_pvt.h) so the TX thread can merge workers deterministically.
 * Frames to no station (probe responses, deauthentications of strangers)
 * are numbered by a counter per shard of their receiver. A port
 * without TX status (a file) never echoes: a (Re)Association Response is
 * then taken as ACKed at once, which is what a replay must assume.
 */
#include "pipe_pvt.h"

#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ieee80211.h>

void pipe_worker_wake_tx(struct pipe_worker *w)
{
	struct pipe_sleep *s = &w->p->tx_sleep;
	int32_t on;

	w->tx_since_wake = 0;
	if (!pipe_asleep(s))
		return;
	on = pipe_sleep_on(s);
	if (on == (int32_t)w->id || on == PIPE_ON_FRAMES)
		pipe_wake(s);
}

/* A frame went to the TX ring: live, the TX thread is told at once;
 * trace, every PIPE_WAKE_BATCH frames (and at each published progress). */
static void out_pushed(struct pipe_worker *w)
{
	if (w->p->pp.clock != PIPE_CLOCK_TRACE ||
	    ++w->tx_since_wake >= PIPE_WAKE_BATCH)
		pipe_worker_wake_tx(w);
}

/* Trace: the TX side is behind (ring full or pool empty). Sleeps until
 * the TX thread gave room back, after a last try of again(w). NULL when
 * giving up (live, or stopping); else what again returned. */
static struct frame *out_wait(struct pipe_worker *w,
			      struct frame *(*again)(struct pipe_worker *w,
						     void *arg),
			      void *arg)
{
	struct frame *f;
	uint32_t seq;

	if (w->p->pp.clock != PIPE_CLOCK_TRACE)
		return NULL;
	while (!atomic_load_explicit(&w->p->stop, memory_order_relaxed)) {
		seq = pipe_sleep_prepare(&w->sleep, PIPE_ON_ROOM);
		f = again(w, arg);
		if (f) {
			pipe_sleep_cancel(&w->sleep);
			return f;
		}
		pipe_wake(&w->p->tx_sleep); /* it holds what we wait for */
		pipe_sleep_wait(&w->sleep, seq, PIPE_TRACE_NAP_NS);
	}
	return NULL;
}

static struct frame *out_try_get(struct pipe_worker *w, void *arg)
{
	(void)arg;
	return pool_get(w->tx_pool);
}

/* A non-NULL token when f went into the ring. */
static struct frame *out_try_push(struct pipe_worker *w, void *arg)
{
	void *obj = arg;

	return ring_push_burst(w->tx_ring, &obj, 1) ? arg : NULL;
}

static void out_frame(struct pipe_worker *w, const struct ap_out *out,
		      unsigned i, const uint8_t *bytes, size_t len, uint64_t ts,
		      uint64_t order)
{
	struct frame *f = pool_get(w->tx_pool);
	void *obj;

	if (!f && !(f = out_wait(w, out_try_get, NULL))) {
		STAT_INC(w->st.tx_drop[PIPE_TX_NO_BUFFER]);
		return;
	}
	memcpy(f->data, bytes, len);
	f->len = (uint32_t)len;
	f->ts_ns = ts;
	f->order = order;
	if (mac_is_group(bytes + 4))
		f->flags |= FRAME_F_NOACK;
	if (out->frame[i].flags & AP_FRAME_F_TX_SEQ && len >= 24) {
		/* A frame to no station: numbered per shard of its receiver,
		 * so the numbers depend on that shard's frames alone, not on
		 * how threads interleave (replay reproduces them). */
		uint16_t *seq = &w->shard_seq[sta_shard(bytes + 4)];

		put_le16(f->data + 22, (uint16_t)(*seq << 4));
		*seq = (*seq + 1) & 0xfff;
	}
	obj = f;
	if (ring_push_burst(w->tx_ring, &obj, 1) == 0 &&
	    !out_wait(w, out_try_push, f)) {
		STAT_INC(w->st.tx_drop[PIPE_TX_RING_FULL]);
		pool_put_owner(w->tx_pool, f);
		return;
	}
	out_pushed(w);
	STAT_INC(w->st.frames_out);
}

/* The station that just connected was associated at assoc_ns (w->cur):
 * its handshake latency goes into the histogram. */
static void out_latency(struct pipe_worker *w, uint64_t ts)
{
	uint64_t us = w->cur_assoc_ns && ts > w->cur_assoc_ns
			      ? (ts - w->cur_assoc_ns) / 1000 : 0;
	unsigned b = 0;

	STAT_INC(w->st.connected);
	while (us > 1 && b < PIPE_LAT_BUCKETS - 1) {
		us >>= 1;
		b++;
	}
	STAT_INC(w->st.lat[b]);
}

/* Retransmissions and failed handshakes, from what mlme sends. */
static void out_count(struct pipe_worker *w, const struct ap_frame *fr,
		      const uint8_t *bytes, size_t len, bool by_timer)
{
	switch (fr->kind) {
	case AP_FRAME_EAPOL_M1:
	case AP_FRAME_EAPOL_M3:
	case AP_FRAME_EAPOL_G1:
		if (by_timer)
			STAT_INC(w->st.retransmissions);
		break;
	case AP_FRAME_DEAUTH:
		if (len >= 26 && (get_le16(bytes + 24) == 15 ||
				  get_le16(bytes + 24) == 16))
			STAT_INC(w->st.handshakes_failed);
		break;
	case AP_FRAME_AUTH:
	case AP_FRAME_ASSOC_RESP:
	case AP_FRAME_REASSOC_RESP:
	case AP_FRAME_PROBE_RESP:
	case AP_FRAME_DISASSOC:
		break;
	}
}

static void out_event(struct pipe_worker *w, const struct ap_event *e,
		      uint64_t ts)
{
	struct pipe_event ev = {
		.ts_ns = ts, .kind = e->kind, .code = e->code,
		.worker = (uint8_t)w->id,
	};
	struct frame *f = pool_get(w->tx_pool);
	void *obj = f;

	if (e->kind == AP_EV_STA_CONNECTED)
		out_latency(w, ts);
	if (!f) {
		STAT_INC(w->st.events_dropped);
		return;
	}
	memcpy(ev.addr, e->addr, 6);
	memcpy(f->data, &ev, sizeof(ev));
	f->len = sizeof(ev);
	if (ring_push_burst(w->ev_ring, &obj, 1) == 0) {
		STAT_INC(w->st.events_dropped);
		pool_put_owner(w->tx_pool, f);
	}
}

/* No TX status from the port: the association responses of out count as
 * ACKed now. What that produces (M1) follows them. */
static void out_assume_acked(struct pipe_worker *w, struct sta *sta,
			     struct ap_out *out, uint64_t ts, uint64_t order)
{
	for (unsigned i = 0; i < out->n_frames; i++) {
		enum ap_frame_kind k = out->frame[i].kind;
		struct wlan_hdr h;
		size_t len;
		const uint8_t *b = ap_out_frame(out, i, &len);

		if (k != AP_FRAME_ASSOC_RESP && k != AP_FRAME_REASSOC_RESP)
			continue;
		if (wlan_parse_hdr(b, len, &h) != WLAN_HDR_OK)
			continue;
		ap_out_reset(&w->out2);
		STAT_INC(w->st.verdict[ap_tx_status(&w->ap, sta_proto(sta), &h,
						    true, ts, &w->out2)]);
		pipe_worker_apply(w, sta, &w->out2, ts, order);
		if (w->out2.sta_action == AP_ACT_REMOVE)
			out->sta_action = AP_ACT_REMOVE;
	}
}

void pipe_worker_apply(struct pipe_worker *w, struct sta *sta,
		       struct ap_out *out, uint64_t ts, uint64_t order_base)
{
	if (out != &w->out2)
		w->order_seq = 0;
	w->cur_assoc_ns = sta ? ((struct ap_sta *)sta_proto(sta))->assoc_time
			      : 0;
	pipe_worker_kernel_events(w, sta, out);
	for (unsigned i = 0; i < out->n_frames; i++) {
		size_t len;
		const uint8_t *b = ap_out_frame(out, i, &len);

		out_count(w, &out->frame[i], b, len,
			  !(order_base & PIPE_ORDER_INPUT));
		out_frame(w, out, i, b, len, ts,
			  order_base | (w->order_seq++ & 0xff));
	}
	for (unsigned i = 0; i < out->n_events; i++)
		out_event(w, &out->event[i], ts);
	if (sta && out != &w->out2 &&
	    !(w->p->pp.port->caps & PORT_CAP_TX_STATUS))
		out_assume_acked(w, sta, out, ts, order_base);
}

void pipe_worker_sta_done(struct pipe_worker *w, struct sta *sta,
			  const struct ap_out *out, bool fresh)
{
	struct ap_sta *as = sta_proto(sta);

	switch (out->sta_action) {
	case AP_ACT_INSERT:
		if (sta_insert(w->p->table, sta) != 0) {
			ap_sta_wipe(as);
			sta_release_unused(w->p->table, sta);
			return;
		}
		STAT_INC(w->st.stations);
		break;
	case AP_ACT_REMOVE:
		timer_cancel(w->tq, &sta->tnode);
		ap_sta_wipe(as);
		if (fresh) {
			sta_release_unused(w->p->table, sta);
		} else {
			sta_remove(w->p->table, sta);
			STAT_ADD(w->st.stations, (uint64_t)-1);
		}
		return;
	case AP_ACT_KEEP:
		break;
	}
	if (as->deadline)
		timer_set(w->tq, &sta->tnode, as->deadline);
	else
		timer_cancel(w->tq, &sta->tnode);
	pipe_sta_publish(sta);
}
