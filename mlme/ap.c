/*
 * ap.c - the access point's dispatcher (see ap.h): management frames by
 * subtype, frame classes by station state, data frames, frames from
 * unknown transmitters, Deauthentication and Disassociation both ways,
 * timers, TX status, the output struct and the names of verdicts.
 *
 * Pure code, run by the worker that owns the station; ap_ctx is that
 * worker's. It owns no memory: stations and output structs are the
 * caller's. Follows IEEE Std 802.11-2020 11.3.3 (frame filtering by state
 * and class: class 2 from a station not authenticated is answered with a
 * deauthentication, reason 6; class 3 from one not authenticated with a
 * deauthentication and from one authenticated but not associated with a
 * disassociation, reason 7), 10.3.2.14 (duplicate detection), 11.3.4.5
 * and 11.3.5.10 (deauthentication and disassociation received), and
 * hostapd's inactivity handling (ap_max_inactivity, reason 4; without the
 * null-data poll).
 */
#include <rapd/ap.h>

#include <string.h>

#include <rapd/bytes.h>

/* --- Output ---------------------------------------------------------- */

void ap_out_reset(struct ap_out *out)
{
	out->sta_action = AP_ACT_KEEP;
	out->n_frames = 0;
	out->n_events = 0;
	out->used = 0;
}

const uint8_t *ap_out_frame(const struct ap_out *out, unsigned i, size_t *len)
{
	*len = out->frame[i].len;
	return out->arena + out->frame[i].off;
}

uint8_t *ap_out_begin(struct ap_out *out, const uint8_t **end)
{
	*end = out->arena + sizeof(out->arena);
	if (out->n_frames >= AP_OUT_FRAMES_MAX)
		return NULL;
	return out->arena + out->used;
}

bool ap_out_commit(struct ap_out *out, const uint8_t *start, const uint8_t *p,
		   enum ap_frame_kind kind, unsigned flags)
{
	struct ap_frame *f;

	if (!start || !p)
		return false;
	f = &out->frame[out->n_frames++];
	f->off = (uint16_t)(start - out->arena);
	f->len = (uint16_t)(p - start);
	f->kind = kind;
	f->flags = flags;
	out->used += f->len;
	return true;
}

void ap_out_event(struct ap_out *out, enum ap_event_kind kind,
		  const uint8_t addr[6], uint16_t code)
{
	struct ap_event *e;

	if (out->n_events >= AP_OUT_EVENTS_MAX)
		return; /* cannot happen: see AP_OUT_EVENTS_MAX */
	e = &out->event[out->n_events++];
	e->kind = kind;
	memcpy(e->addr, addr, 6);
	e->code = code;
}

bool ap_send_reason(const struct ap_ctx *ctx, struct ap_out *out,
		    uint8_t subtype, const uint8_t da[6], uint16_t seq,
		    unsigned flags, uint16_t reason)
{
	const uint8_t *bssid = ctx->bss->bssid;
	bool deauth = subtype == WLAN_STYPE_DEAUTH;
	const uint8_t *end;
	uint8_t *start, *p;

	start = ap_out_begin(out, &end);
	p = wlan_put_mgmt_hdr(start, end, subtype, da, bssid, bssid, seq);
	p = deauth ? wlan_put_deauth(p, end, reason)
		   : wlan_put_disassoc(p, end, reason);
	return ap_out_commit(out, start, p,
			     deauth ? AP_FRAME_DEAUTH : AP_FRAME_DISASSOC,
			     flags | AP_FRAME_F_NEEDS_ACK);
}

/* --- Frame classes (11.3.3) ------------------------------------------- */

enum frame_class { CLASS_1 = 1, CLASS_2, CLASS_3 };

static enum frame_class frame_class(const struct wlan_hdr *hdr,
				    const struct wlan_mgmt *m)
{
	if (hdr->type == WLAN_FC_TYPE_DATA)
		return CLASS_3;
	switch (m->subtype) {
	case WLAN_STYPE_ASSOC_REQ:
	case WLAN_STYPE_ASSOC_RESP:
	case WLAN_STYPE_REASSOC_REQ:
	case WLAN_STYPE_REASSOC_RESP:
	case WLAN_STYPE_DISASSOC:
		return CLASS_2;
	case WLAN_STYPE_ACTION:
	case WLAN_STYPE_ACTION_NOACK:
		/* Public Action frames are class 1, the others class 3. */
		return m->u.action.category == WLAN_ACTION_PUBLIC ? CLASS_1
								  : CLASS_3;
	default: /* WLAN_STYPE_* are plain numbers, not an enum */
		return CLASS_1;
	}
}

/*
 * A frame of a class the transmitter's state does not allow. seq is the
 * station's counter, or 0 with AP_FRAME_F_TX_SEQ for an unknown one.
 */
static enum ap_verdict refuse_class(struct ap_ctx *ctx, const uint8_t *ta,
				    enum ap_sta_state state,
				    enum frame_class cls, struct ap_sta *sta,
				    struct ap_out *out)
{
	unsigned flags = sta ? 0 : AP_FRAME_F_TX_SEQ;
	uint16_t seq;

	if (state == AP_STA_ASSOC_PENDING)
		return AP_DROP_ASSOC_PENDING; /* it may not have our answer */
	seq = sta ? ap_sta_next_seq(sta) : 0;
	if (cls == CLASS_2) {
		ap_send_reason(ctx, out, WLAN_STYPE_DEAUTH, ta, seq, flags,
			       WLAN_REASON_CLASS2_FRAME_FROM_NONAUTH_STA);
		return AP_DROP_CLASS2_NOT_AUTH;
	}
	ap_send_reason(
		ctx, out,
		state == AP_STA_AUTH ? WLAN_STYPE_DISASSOC : WLAN_STYPE_DEAUTH,
		ta, seq, flags, WLAN_REASON_CLASS3_FRAME_FROM_NONASSOC_STA);
	return AP_DROP_CLASS3_NOT_ASSOC;
}

/* The highest class a station in this state may send. */
static enum frame_class class_allowed(enum ap_sta_state state)
{
	switch (state) {
	case AP_STA_NEW:
	case AP_STA_GONE:
		return CLASS_1;
	case AP_STA_AUTH:
	case AP_STA_ASSOC_PENDING:
		return CLASS_2;
	case AP_STA_ASSOC:
	case AP_STA_AUTHORIZED:
		return CLASS_3;
	}
	return CLASS_1;
}

/* --- Frames from unknown transmitters --------------------------------- */

bool ap_creates_sta(const struct wlan_hdr *hdr)
{
	return hdr->type == WLAN_FC_TYPE_MGMT &&
	       hdr->subtype == WLAN_STYPE_AUTH && hdr->addr2 &&
	       !mac_is_group(hdr->addr2);
}

enum ap_verdict ap_rx_nosta(struct ap_ctx *ctx, const struct wlan_hdr *hdr,
			    const struct wlan_mgmt *m, uint64_t now,
			    struct ap_out *out)
{
	enum frame_class cls;

	if (hdr->type != WLAN_FC_TYPE_MGMT && hdr->type != WLAN_FC_TYPE_DATA)
		return AP_DROP_UNHANDLED;
	if (mac_is_group(hdr->addr2))
		return AP_DROP_GROUP_SA;
	if (hdr->type == WLAN_FC_TYPE_MGMT &&
	    m->subtype == WLAN_STYPE_PROBE_REQ)
		return ap_rx_probe_req(ctx, hdr, m, now, out);
	if (!mac_equal(hdr->addr1, ctx->bss->bssid))
		return AP_DROP_NOT_OUR_BSS;
	if (ap_creates_sta(hdr))
		return AP_DROP_NEEDS_STA;
	cls = frame_class(hdr, m);
	if (cls == CLASS_1)
		return AP_DROP_UNHANDLED; /* e.g. a deauth: nothing to undo */
	return refuse_class(ctx, hdr->addr2, AP_STA_NEW, cls, NULL, out);
}

/* --- Management frames from a station ---------------------------------- */

/* 11.3.4.5: the station is no longer authenticated, nor associated. */
static enum ap_verdict rx_deauth(struct ap_ctx *ctx, struct ap_sta *sta,
				 const struct wlan_hdr *hdr,
				 const struct wlan_mgmt *m, uint64_t now,
				 struct ap_out *out)
{
	ap_sta_leave(ctx, sta, out);
	return AP_OK;
}

/* 11.3.5.10: back to State 2; the station keeps its authentication. */
static enum ap_verdict rx_disassoc(struct ap_ctx *ctx, struct ap_sta *sta,
				   const struct wlan_hdr *hdr,
				   const struct wlan_mgmt *m, uint64_t now,
				   struct ap_out *out)
{
	if (sta->state == AP_STA_AUTH)
		return AP_DROP_NOT_ASSOCIATED;
	ap_sta_disassociated(ctx, sta, out);
	return AP_OK;
}

static enum ap_verdict rx_probe(struct ap_ctx *ctx, struct ap_sta *sta,
				const struct wlan_hdr *hdr,
				const struct wlan_mgmt *m, uint64_t now,
				struct ap_out *out)
{
	return ap_rx_probe_req(ctx, hdr, m, now, out);
}

/* No Action category is handled in this version (Block Ack sessions are
 * the kernel's; SA Query needs MFP, which rapd does not offer). */
static enum ap_verdict rx_action(struct ap_ctx *ctx, struct ap_sta *sta,
				 const struct wlan_hdr *hdr,
				 const struct wlan_mgmt *m, uint64_t now,
				 struct ap_out *out)
{
	return AP_DROP_UNHANDLED;
}

/*
 * 10.3.2.14: a frame with the Retry bit and the Sequence Control of the
 * station's previous management frame is a retransmission of one already
 * handled (its ACK was lost). Monitor interfaces pass such retries up;
 * handling a (Re)Association Request twice would restart an association.
 */
static bool is_duplicate(struct ap_sta *sta, const struct wlan_hdr *hdr)
{
	bool dup = sta->have_rx_seq && (hdr->flags & WLAN_FC_RETRY) &&
		   hdr->seq_ctl == sta->rx_seq_ctl;

	sta->have_rx_seq = true;
	sta->rx_seq_ctl = hdr->seq_ctl;
	return dup;
}

typedef enum ap_verdict (*mgmt_handler)(struct ap_ctx *, struct ap_sta *,
					const struct wlan_hdr *,
					const struct wlan_mgmt *, uint64_t,
					struct ap_out *);

/* The management subtypes an AP acts on; any other is dropped. */
static const mgmt_handler mgmt_handlers[16] = {
	[WLAN_STYPE_AUTH] = ap_rx_auth,
	[WLAN_STYPE_ASSOC_REQ] = ap_rx_assoc_req,
	[WLAN_STYPE_REASSOC_REQ] = ap_rx_assoc_req,
	[WLAN_STYPE_PROBE_REQ] = rx_probe,
	[WLAN_STYPE_DEAUTH] = rx_deauth,
	[WLAN_STYPE_DISASSOC] = rx_disassoc,
	[WLAN_STYPE_ACTION] = rx_action,
	[WLAN_STYPE_ACTION_NOACK] = rx_action,
};

static enum ap_verdict rx_mgmt(struct ap_ctx *ctx, struct ap_sta *sta,
			       const struct wlan_hdr *hdr,
			       const struct wlan_mgmt *m, uint64_t now,
			       struct ap_out *out)
{
	const struct bss *bss = ctx->bss;
	enum frame_class cls = frame_class(hdr, m);
	enum ap_verdict v;

	if (!mac_equal(hdr->addr2, sta->addr))
		return AP_DROP_WRONG_STA;
	if (mac_is_group(sta->addr))
		return AP_DROP_GROUP_SA;
	if (m->subtype != WLAN_STYPE_PROBE_REQ &&
	    (!mac_equal(hdr->addr1, bss->bssid) ||
	     !mac_equal(hdr->addr3, bss->bssid)))
		return AP_DROP_NOT_OUR_BSS;
	if (sta->state == AP_STA_NEW && m->subtype != WLAN_STYPE_AUTH)
		return ap_rx_nosta(ctx, hdr, m, now, out);
	sta->last_activity = now;
	if (is_duplicate(sta, hdr))
		return AP_DROP_DUPLICATE;
	if (cls > class_allowed(sta->state))
		v = refuse_class(ctx, sta->addr, sta->state, cls, sta, out);
	else if (mgmt_handlers[m->subtype & 15])
		v = mgmt_handlers[m->subtype & 15](ctx, sta, hdr, m, now, out);
	else
		v = AP_DROP_UNHANDLED;
	ap_sta_update_deadline(ctx, sta);
	return v;
}

enum ap_verdict ap_rx_mgmt(struct ap_ctx *ctx, struct ap_sta *sta,
			   const struct wlan_hdr *hdr,
			   const struct wlan_mgmt *m, uint64_t now,
			   struct ap_out *out)
{
	enum ap_verdict v = rx_mgmt(ctx, sta, hdr, m, now, out);

	/* A fresh station that no handler took in is not kept. */
	if (sta->state == AP_STA_NEW || sta->state == AP_STA_GONE) {
		sta->state = AP_STA_GONE;
		out->sta_action = AP_ACT_REMOVE;
	}
	return v;
}

/* --- Data frames from a station ---------------------------------------- */

/* Data from an associated station, To DS, cleartext. */
static enum ap_verdict rx_assoc_data(struct ap_ctx *ctx, struct ap_sta *sta,
				     const struct wlan_hdr *hdr, uint64_t now,
				     struct ap_out *out)
{
	if ((hdr->flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) != WLAN_FC_TODS)
		return AP_DROP_NOT_TODS;
	if (hdr->flags & WLAN_FC_PROTECTED)
		return AP_DROP_PROTECTED;
	if (hdr->subtype & WLAN_STYPE_NODATA_BIT)
		return AP_OK; /* null data: activity only */
	if (eapol_is_llc_snap(hdr->body, hdr->body_len)) {
		if (!ctx->bss->rsn)
			return AP_DROP_EAPOL_NO_RSN;
		return wpa_auth_rx_eapol(
			ctx, sta, hdr->body + EAPOL_LLC_SNAP_LEN,
			hdr->body_len - EAPOL_LLC_SNAP_LEN, now, out);
	}
	if (sta->state != AP_STA_AUTHORIZED)
		return AP_DROP_PORT_CLOSED;
	return AP_PASS_DATA;
}

enum ap_verdict ap_rx_data(struct ap_ctx *ctx, struct ap_sta *sta,
			   const struct wlan_hdr *hdr, uint64_t now,
			   struct ap_out *out)
{
	enum ap_verdict v;

	if (hdr->type != WLAN_FC_TYPE_DATA)
		return AP_DROP_UNHANDLED;
	if (!mac_equal(hdr->addr2, sta->addr))
		return AP_DROP_WRONG_STA;
	if (!mac_equal(hdr->addr1, ctx->bss->bssid))
		return AP_DROP_NOT_OUR_BSS;
	if (sta->state == AP_STA_NEW) {
		sta->state = AP_STA_GONE;
		out->sta_action = AP_ACT_REMOVE;
		return ap_rx_nosta(ctx, hdr, NULL, now, out);
	}
	sta->last_activity = now;
	if (class_allowed(sta->state) < CLASS_3)
		v = refuse_class(ctx, sta->addr, sta->state, CLASS_3, sta, out);
	else
		v = rx_assoc_data(ctx, sta, hdr, now, out);
	ap_sta_update_deadline(ctx, sta);
	return v;
}

/* --- Timers, TX status, operator ---------------------------------------- */

enum ap_verdict ap_timeout(struct ap_ctx *ctx, struct ap_sta *sta, uint64_t now,
			   struct ap_out *out)
{
	enum ap_verdict v = AP_OK;
	uint64_t max_idle = ctx->bss->max_inactivity * AP_NS_PER_S;

	if (sta->state == AP_STA_GONE || sta->state == AP_STA_NEW)
		return AP_DROP_WRONG_STA;
	if (sta->tx_status_deadline && sta->tx_status_deadline <= now)
		v = ap_assoc_tx_status(ctx, sta, false, now, out);
	if (sta->wpa.deadline && sta->wpa.deadline <= now)
		v = wpa_auth_timeout(ctx, sta, now, out);
	if (sta->state == AP_STA_GONE)
		return v;
	if (max_idle && sta->last_activity + max_idle <= now) {
		ap_sta_deauth(ctx, sta, WLAN_REASON_DISASSOC_INACTIVITY, out);
		return v;
	}
	ap_sta_update_deadline(ctx, sta);
	return v;
}

enum ap_verdict ap_tx_status(struct ap_ctx *ctx, struct ap_sta *sta,
			     const struct wlan_hdr *hdr, bool acked,
			     uint64_t now, struct ap_out *out)
{
	struct wlan_mgmt m;

	if (sta->state != AP_STA_ASSOC_PENDING ||
	    hdr->type != WLAN_FC_TYPE_MGMT ||
	    (hdr->subtype != WLAN_STYPE_ASSOC_RESP &&
	     hdr->subtype != WLAN_STYPE_REASSOC_RESP) ||
	    !mac_equal(hdr->addr1, sta->addr) ||
	    hdr->seq != sta->assoc_resp_seq)
		return AP_DROP_TX_STATUS_STALE;
	if (wlan_parse_mgmt(hdr, &m) != WLAN_MGMT_OK ||
	    m.u.assoc_resp.status != WLAN_STATUS_SUCCESS)
		return AP_DROP_TX_STATUS_STALE;
	return ap_assoc_tx_status(ctx, sta, acked, now, out);
}

enum ap_verdict ap_deauth(struct ap_ctx *ctx, struct ap_sta *sta,
			  uint16_t reason, uint64_t now, struct ap_out *out)
{
	if (sta->state == AP_STA_GONE || sta->state == AP_STA_NEW)
		return AP_DROP_WRONG_STA;
	ap_sta_deauth(ctx, sta, reason, out);
	return AP_OK;
}

enum ap_verdict ap_disassoc(struct ap_ctx *ctx, struct ap_sta *sta,
			    uint16_t reason, uint64_t now, struct ap_out *out)
{
	if (class_allowed(sta->state) < CLASS_3 &&
	    sta->state != AP_STA_ASSOC_PENDING)
		return AP_DROP_NOT_ASSOCIATED;
	ap_send_reason(ctx, out, WLAN_STYPE_DISASSOC, sta->addr,
		       ap_sta_next_seq(sta), 0, reason);
	ap_sta_disassociated(ctx, sta, out);
	ap_sta_update_deadline(ctx, sta);
	return AP_OK;
}

/* --- Names ---------------------------------------------------------------- */

static const char *const verdict_names[AP_VERDICT_COUNT] = {
	[AP_OK] = "ok",
	[AP_PASS_DATA] = "data for the data path",
	[AP_DROP_NOT_OUR_BSS] = "not our BSS",
	[AP_DROP_GROUP_SA] = "group transmitter address",
	[AP_DROP_DUPLICATE] = "duplicate frame",
	[AP_DROP_WRONG_STA] = "frame or call for another station",
	[AP_DROP_BAD_ELEMENTS] = "malformed elements",
	[AP_DROP_UNHANDLED] = "subtype not handled",
	[AP_DROP_NEEDS_STA] = "authentication needs a station",
	[AP_DROP_PROBE_SSID] = "probe for another SSID",
	[AP_DROP_PROBE_HIDDEN] = "wildcard probe, hidden SSID",
	[AP_DROP_PROBE_CHANNEL] = "probe from another channel",
	[AP_DROP_CLASS2_NOT_AUTH] = "class 2 frame, not authenticated",
	[AP_DROP_CLASS3_NOT_ASSOC] = "class 3 frame, not associated",
	[AP_DROP_NOT_ASSOCIATED] = "disassociation, not associated",
	[AP_DROP_ASSOC_PENDING] = "class 3 frame before association TX status",
	[AP_DROP_NOT_TODS] = "data frame not To DS",
	[AP_DROP_PROTECTED] = "protected frame not decrypted",
	[AP_DROP_PORT_CLOSED] = "data before authorization",
	[AP_DROP_TX_STATUS_STALE] = "TX status not awaited",
	[AP_DROP_OUT_FULL] = "output full",
	[AP_DROP_EAPOL_NO_RSN] = "EAPOL in an open BSS",
	[AP_DROP_EAPOL_MALFORMED] = "malformed EAPOL",
	[AP_DROP_EAPOL_IGNORED] = "EAPOL packet type ignored",
	[AP_DROP_EAPOL_START_BUSY] = "EAPOL-Start during a handshake",
	[AP_DROP_EAPOL_UNKNOWN_MSG] = "EAPOL-Key of no known message",
	[AP_DROP_EAPOL_REQUEST] = "EAPOL-Key request not supported",
	[AP_DROP_EAPOL_UNEXPECTED] = "EAPOL-Key message not expected",
	[AP_DROP_EAPOL_REPLAY] = "EAPOL-Key replay counter mismatch",
	[AP_DROP_EAPOL_DESC_VERSION] = "EAPOL-Key descriptor version",
	[AP_DROP_EAPOL_BAD_MIC] = "EAPOL-Key MIC failure",
	[AP_DROP_EAPOL_RSNE_DIFFERS] = "RSN element in 4-way differs",
	[AP_DROP_CRYPTO] = "crypto failure",
	[AP_DROP_NO_NONCE] = "no nonce",
};

const char *ap_verdict_name(enum ap_verdict v)
{
	if ((unsigned)v >= AP_VERDICT_COUNT || !verdict_names[v])
		return "?";
	return verdict_names[v];
}

const char *ap_event_name(enum ap_event_kind k)
{
	switch (k) {
	case AP_EV_STA_ASSOCIATED:
		return "associated";
	case AP_EV_STA_DISASSOCIATED:
		return "disassociated";
	case AP_EV_STA_CONNECTED:
		return "AP-STA-CONNECTED";
	case AP_EV_STA_DISCONNECTED:
		return "AP-STA-DISCONNECTED";
	case AP_EV_4WAY_COMPLETED:
		return "EAPOL-4WAY-HS-COMPLETED";
	case AP_EV_PSK_MISMATCH:
		return "AP-STA-POSSIBLE-PSK-MISMATCH";
	case AP_EV_REJECTED_MAX_STA:
		return "AP-REJECTED-MAX-STA";
	}
	return "?";
}

bool ap_event_is_ctrl(enum ap_event_kind k)
{
	return k != AP_EV_STA_ASSOCIATED && k != AP_EV_STA_DISASSOCIATED;
}

const char *ap_sta_state_name(enum ap_sta_state s)
{
	switch (s) {
	case AP_STA_NEW:
		return "new";
	case AP_STA_AUTH:
		return "authenticated";
	case AP_STA_ASSOC_PENDING:
		return "association pending";
	case AP_STA_ASSOC:
		return "associated";
	case AP_STA_AUTHORIZED:
		return "authorized";
	case AP_STA_GONE:
		return "gone";
	}
	return "?";
}
