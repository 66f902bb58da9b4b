/*
 * worker_kernel.c - a worker tells the kernel about its stations
 * (driver=nl80211, struct pipe_kernel_ops in pipeline.h): the station when
 * it associates, its key and authorization when its port opens, its
 * removal when it leaves, and (worker 0) the group key of each epoch.
 *
 * Thread: the worker; the context is its own (its own netlink socket).
 * Called from pipe_worker_apply() before the frames of the same mlme call
 * are queued, so the kernel has the station before M1 goes out, and the
 * pairwise key before the station is authorized. Nothing here runs per
 * frame: one to three netlink round trips per association.
 */
#include "pipe_pvt.h"

static void kernel_result(struct pipe_worker *w, int rc)
{
	STAT_INC(w->st.kernel_calls);
	if (rc != 0)
		STAT_INC(w->st.kernel_errors);
}

void pipe_worker_kernel_open(struct pipe_worker *w)
{
	const struct pipe_kernel_ops *k = w->p->pp.kernel;

	if (!k)
		return;
	w->kctx = k->open(w->p->pp.kernel_arg, w->id);
	if (w->id == 0 && w->ap.bss->rsn)
		pipe_worker_kernel_group(w);
}

void pipe_worker_kernel_close(struct pipe_worker *w)
{
	const struct pipe_kernel_ops *k = w->p->pp.kernel;

	if (k && w->kctx)
		k->close(w->kctx);
	w->kctx = NULL;
}

void pipe_worker_kernel_group(struct pipe_worker *w)
{
	const struct pipe_kernel_ops *k = w->p->pp.kernel;

	if (!k || w->id != 0)
		return;
	kernel_result(w, w->kctx ? k->group_key(w->kctx, &w->ap.group) : -1);
}

/* One event of an mlme call on sta. */
static void kernel_event(struct pipe_worker *w, const struct ap_sta *as,
			 const struct ap_event *e)
{
	const struct pipe_kernel_ops *k = w->p->pp.kernel;
	int rc = -1;

	switch (e->kind) {
	case AP_EV_STA_ASSOCIATED:
		if (w->kctx)
			rc = k->sta_add(w->kctx, as);
		break;
	case AP_EV_STA_CONNECTED:
		if (w->ap.bss->rsn)
			return; /* the keys come with 4WAY_COMPLETED */
		if (w->kctx)
			rc = k->sta_authorize(w->kctx, as, NULL);
		break;
	case AP_EV_4WAY_COMPLETED:
		if (w->kctx)
			rc = k->sta_authorize(w->kctx, as, as->wpa.ptk.tk);
		break;
	case AP_EV_STA_DISASSOCIATED:
		if (w->kctx)
			rc = k->sta_del(w->kctx, e->addr);
		break;
	case AP_EV_STA_DISCONNECTED:
	case AP_EV_PSK_MISMATCH:
	case AP_EV_REJECTED_MAX_STA:
		return;
	}
	kernel_result(w, rc);
}

void pipe_worker_kernel_events(struct pipe_worker *w, struct sta *sta,
			       const struct ap_out *out)
{
	if (!w->p->pp.kernel || !sta)
		return;
	for (unsigned i = 0; i < out->n_events; i++)
		kernel_event(w, sta_proto(sta), &out->event[i]);
}

/*
 * Before mlme's timer on sta fires at `at`: if that could expire it for
 * inactivity, its last activity is what the kernel saw, whose data path
 * carries its frames in this mode (mlme only sees management and EAPOL).
 */
void pipe_worker_kernel_activity(struct pipe_worker *w, struct sta *sta,
				 uint64_t at)
{
	const struct pipe_kernel_ops *k = w->p->pp.kernel;
	struct ap_sta *as = sta_proto(sta);
	uint64_t max_idle = (uint64_t)w->ap.bss->max_inactivity * AP_NS_PER_S;
	uint32_t ms;
	uint64_t seen;
	int rc;

	if (!k || !w->kctx || !max_idle || as->last_activity + max_idle > at ||
	    (as->state != AP_STA_ASSOC && as->state != AP_STA_AUTHORIZED))
		return;
	rc = k->sta_inactive_ms(w->kctx, as->addr, &ms);
	kernel_result(w, rc);
	if (rc != 0)
		return;
	seen = (uint64_t)ms * AP_NS_PER_MS;
	if (seen < at && at - seen > as->last_activity)
		as->last_activity = at - seen;
}
