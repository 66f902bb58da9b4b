/*
 * pipe_ctrl.c - the pipeline as the control interface sees it: station
 * views read under RCU, and commands queued to the owning worker.
 *
 * Threads. pipe_sta_publish and pipe_worker_commands run on the worker
 * that owns the station; pipeline_sta_info, pipeline_sta_next and
 * pipeline_command on the main thread. They meet only through the view's
 * atomics (the worker stores them relaxed after each change; a reader may
 * see a mix of two consecutive states, never a torn field) and through each
 * worker's SPSC command ring (main produces, the worker consumes). The
 * control path never waits on a worker.
 */
#include "pipe_pvt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/bytes.h>

#define RELAXED memory_order_relaxed

static unsigned sta_flags(const struct ap_sta *as)
{
	unsigned f = 0;

	switch (as->state) {
	case AP_STA_AUTHORIZED:
		f |= PIPE_STA_AUTHORIZED;
		/* fall through */
	case AP_STA_ASSOC:
		f |= PIPE_STA_ASSOC;
		/* fall through */
	case AP_STA_ASSOC_PENDING:
	case AP_STA_AUTH:
		f |= PIPE_STA_AUTH;
		break;
	case AP_STA_NEW:
	case AP_STA_GONE:
		break;
	}
	if (f & PIPE_STA_ASSOC) {
		if (as->wmm)
			f |= PIPE_STA_WMM;
		if (as->ht)
			f |= PIPE_STA_HT;
	}
	return f;
}

void pipe_sta_publish(struct sta *sta)
{
	struct pipe_sta *ps = sta_proto(sta);
	const struct ap_sta *as = &ps->ap;
	struct pipe_sta_view *v = &ps->view;
	uint8_t rates[16] = { 0 };
	unsigned n = as->rates.n < 16 ? as->rates.n : 16;
	uint64_t r0, r1;

	for (unsigned i = 0; i < n; i++)
		rates[i] = as->rates.rate[i];
	memcpy(&r0, rates, 8);
	memcpy(&r1, rates + 8, 8);
	atomic_store_explicit(&v->flags, sta_flags(as), RELAXED);
	atomic_store_explicit(&v->aid, as->aid, RELAXED);
	atomic_store_explicit(&v->capab, as->capab, RELAXED);
	atomic_store_explicit(&v->listen_int, as->listen_int, RELAXED);
	atomic_store_explicit(&v->akm, as->wpa.akm, RELAXED);
	atomic_store_explicit(&v->rates[0], r0, RELAXED);
	atomic_store_explicit(&v->rates[1], r1, RELAXED);
	atomic_store_explicit(&v->n_rates, (uint8_t)n, RELAXED);
	atomic_store_explicit(&v->assoc_ns,
			      (sta_flags(as) & PIPE_STA_ASSOC) ? as->assoc_time : 0,
			      RELAXED);
	atomic_store_explicit(&v->last_rx_ns, as->last_activity, RELAXED);
}

static uint64_t pipe_now(struct pipeline *p)
{
	if (p->pp.clock == PIPE_CLOCK_TRACE)
		return atomic_load_explicit(&p->rx_clock, memory_order_acquire);
	return pipe_mono_ns();
}

/* Reads a station's view. Call under the RCU read lock. */
static void sta_read_view(struct pipeline *p, struct sta *sta,
			  struct pipe_sta_info *info)
{
	struct pipe_sta_view *v = &((struct pipe_sta *)sta_proto(sta))->view;
	uint64_t r[2];

	memset(info, 0, sizeof(*info));
	memcpy(info->addr, sta->addr, 6);
	info->flags = atomic_load_explicit(&v->flags, RELAXED);
	info->aid = atomic_load_explicit(&v->aid, RELAXED);
	info->capab = atomic_load_explicit(&v->capab, RELAXED);
	info->listen_int = atomic_load_explicit(&v->listen_int, RELAXED);
	info->akm = atomic_load_explicit(&v->akm, RELAXED);
	r[0] = atomic_load_explicit(&v->rates[0], RELAXED);
	r[1] = atomic_load_explicit(&v->rates[1], RELAXED);
	memcpy(info->rates, r, sizeof(info->rates));
	info->n_rates = atomic_load_explicit(&v->n_rates, RELAXED);
	info->assoc_ns = atomic_load_explicit(&v->assoc_ns, RELAXED);
	info->last_rx_ns = atomic_load_explicit(&v->last_rx_ns, RELAXED);
	info->now_ns = pipe_now(p);
}

int pipeline_sta_info(struct pipeline *p, const uint8_t mac[6],
		      struct pipe_sta_info *info)
{
	struct sta *sta;
	int r = -ENOENT;

	sta_read_lock();
	sta = sta_lookup(p->table, mac);
	if (sta) {
		sta_read_view(p, sta, info);
		r = 0;
	}
	sta_read_unlock();
	return r;
}

struct next_walk {
	struct pipeline *p;
	const uint8_t *after;
	bool passed;
	struct pipe_sta_info *info;
};

static int next_visit(struct sta *sta, void *arg)
{
	struct next_walk *nw = arg;

	if (!nw->passed) {
		nw->passed = mac_equal(sta->addr, nw->after);
		return 0;
	}
	sta_read_view(nw->p, sta, nw->info);
	return 1;
}

int pipeline_sta_next(struct pipeline *p, const uint8_t *after,
		      struct pipe_sta_info *info)
{
	struct next_walk nw = { p, after, after == NULL, info };
	int found;

	sta_read_lock();
	found = sta_for_each(p->table, next_visit, &nw);
	sta_read_unlock();
	return found ? 0 : -ENOENT;
}

static int state_visit(struct sta *sta, void *arg)
{
	unsigned *counts = arg;
	struct pipe_sta_view *v = &((struct pipe_sta *)sta_proto(sta))->view;
	unsigned f = atomic_load_explicit(&v->flags, RELAXED);

	if (f & PIPE_STA_AUTHORIZED)
		counts[2]++;
	else if (f & PIPE_STA_ASSOC)
		counts[1]++;
	else if (f & PIPE_STA_AUTH)
		counts[0]++;
	return 0;
}

void pipeline_sta_states(struct pipeline *p, unsigned counts[3])
{
	counts[0] = counts[1] = counts[2] = 0;
	sta_read_lock();
	sta_for_each(p->table, state_visit, counts);
	sta_read_unlock();
}

static int cmd_push(struct pipe_worker *w, const struct pipe_cmd *c)
{
	struct pipe_cmd *copy = malloc(sizeof(*copy));
	void *obj = copy;

	/* The control path is not the frame path: one small allocation per
	 * operator command is fine, and the worker frees it. */
	if (!copy)
		return -ENOMEM;
	*copy = *c;
	if (ring_push_burst(w->cmd_ring, &obj, 1) == 0) {
		free(copy);
		return -EAGAIN;
	}
	if (pipe_asleep_on(&w->sleep, PIPE_ON_INPUT))
		pipe_wake(&w->sleep);
	return 0;
}

int pipeline_command(struct pipeline *p, enum pipe_cmd_kind kind,
		     const uint8_t mac[6], uint16_t reason, bool tx)
{
	struct pipe_cmd c = { .kind = kind, .reason = reason, .tx = tx };
	struct pipe_sta_info info;
	int r = 0;

	memcpy(c.addr, mac, 6);
	if (kind == PIPE_CMD_CLASS3 && !mac_is_group(mac))
		return cmd_push(&p->w[sta_worker_of(p->table, mac)], &c);
	if (kind == PIPE_CMD_CLASS3)
		return -EINVAL;
	if (pipeline_sta_info(p, mac, &info) == 0)
		return cmd_push(&p->w[sta_worker_of(p->table, mac)], &c);
	if (!mac_is_broadcast(mac))
		return -ENOENT;
	/* The broadcast address with no such station: every station. */
	for (unsigned i = 0; i < p->pp.nworkers; i++)
		if (cmd_push(&p->w[i], &c) != 0)
			r = -EAGAIN;
	return r;
}

/* --- worker side ------------------------------------------------------ */

static void worker_cmd_sta(struct pipe_worker *w, struct sta *sta,
			   const struct pipe_cmd *c, uint64_t now)
{
	struct ap_sta *as = sta_proto(sta);

	ap_out_reset(&w->out);
	if (c->kind == PIPE_CMD_DEAUTH)
		STAT_INC(w->st.verdict[ap_deauth(&w->ap, as, c->reason, now,
						 &w->out)]);
	else
		STAT_INC(w->st.verdict[ap_disassoc(&w->ap, as, c->reason, now,
						   &w->out)]);
	if (!c->tx)
		w->out.n_frames = 0; /* tx=0: forget it without a word */
	pipe_worker_apply(w, sta, &w->out, now, sta_mac_key(sta->addr) << 8);
	pipe_worker_sta_done(w, sta, &w->out, false);
}

struct cmd_walk {
	struct pipe_worker *w;
	const struct pipe_cmd *c;
	uint64_t now;
};

static int cmd_visit(struct sta *sta, void *arg)
{
	struct cmd_walk *cw = arg;

	if (sta->worker == cw->w->id)
		worker_cmd_sta(cw->w, sta, cw->c, cw->now);
	return 0;
}

int pipeline_reload(struct pipeline *p, const struct bss *bss)
{
	const struct bss *old = atomic_load(&p->cur_bss);
	struct pipe_cmd c = { .kind = PIPE_CMD_DEAUTH, .bss = bss,
			      .reason = WLAN_REASON_PREV_AUTH_NOT_VALID,
			      .tx = true };
	int r = 0;

	if (!mac_equal(bss->bssid, old->bssid) ||
	    bss->max_sta > p->pp.bss->max_sta)
		return -EINVAL;
	memset(c.addr, 0xff, 6);
	for (unsigned i = 0; i < p->pp.nworkers; i++)
		if (cmd_push(&p->w[i], &c) != 0)
			r = -EAGAIN;
	atomic_store_explicit(&p->cur_bss, bss, memory_order_release);
	return r;
}

/* RELOAD on this worker: its stations leave, then the new BSS. */
static void worker_reload(struct pipe_worker *w, struct cmd_walk *cw)
{
	sta_for_each(w->p->table, cmd_visit, cw);
	ap_ctx_wipe(&w->ap);
	if (ap_ctx_init(&w->ap, cw->c->bss, w->ws, &pipe_ap_ops, w, w->p->gmk,
			w->epoch) != 0)
		STAT_INC(w->st.verdict[AP_DROP_CRYPTO]);
}

/*
 * PIPE_CMD_CLASS3: mlme sees the frame the kernel reported, rebuilt as a
 * bare To-DS data header (the kernel reports only the transmitter), from
 * a station it has no entry for or one that is only authenticated. A
 * station rapd is associating is left alone: the kernel learns of it once
 * the association response's TX status is in.
 */
static void worker_class3(struct pipe_worker *w, struct sta *sta,
			  const uint8_t addr[6], uint64_t now)
{
	const uint8_t *bssid = w->ap.bss->bssid;
	uint8_t fr[24] = { 0x08, 0x01 }; /* data, To DS */
	struct wlan_hdr h;
	enum ap_verdict v;

	if (sta && ((struct ap_sta *)sta_proto(sta))->state != AP_STA_AUTH)
		return;
	memcpy(fr + 4, bssid, 6);
	memcpy(fr + 10, addr, 6);
	memcpy(fr + 16, bssid, 6);
	if (wlan_parse_hdr(fr, sizeof(fr), &h) != WLAN_HDR_OK)
		return;
	ap_out_reset(&w->out);
	v = sta ? ap_rx_data(&w->ap, sta_proto(sta), &h, now, &w->out)
		: ap_rx_nosta(&w->ap, &h, NULL, now, &w->out);
	STAT_INC(w->st.verdict[v]);
	pipe_worker_apply(w, sta, &w->out, now, sta_mac_key(addr) << 8);
	if (sta)
		pipe_worker_sta_done(w, sta, &w->out, false);
}

void pipe_worker_commands(struct pipe_worker *w)
{
	void *obj;

	while (ring_pop_burst(w->cmd_ring, &obj, 1)) {
		struct pipe_cmd *c = obj;
		uint64_t now = w->p->pp.clock == PIPE_CLOCK_TRACE
				       ? w->last_ts : pipe_mono_ns();
		struct cmd_walk cw = { w, c, now };
		struct sta *sta;

		sta_read_lock();
		sta = NULL;
		if (c->bss) {
			worker_reload(w, &cw);
		} else if (c->kind == PIPE_CMD_CLASS3) {
			sta = sta_lookup(w->p->table, c->addr);
			if (!sta || sta->worker == w->id)
				worker_class3(w, sta, c->addr, now);
		} else if (mac_is_broadcast(c->addr)) {
			sta_for_each(w->p->table, cmd_visit, &cw);
		} else if ((sta = sta_lookup(w->p->table, c->addr)) &&
			   sta->worker == w->id) {
			worker_cmd_sta(w, sta, c, cw.now);
		}
		sta_read_unlock();
		free(c);
	}
}
