/*
 * ap_auth.c - Authentication frames from stations (Open System, the MAC
 * ACL, the station limit) and the station's life cycle that starts there:
 * init, sequence numbers, the deadline, leaving State 3/4, leaving for
 * good, authorization (see ap.h).
 *
 * Pure code, run by the worker that owns the station (ap_rx_mgmt
 * dispatches here). It creates the station's protocol state (State 2);
 * the worker inserts it in the table when out->sta_action says so, and
 * frees it after AP_ACT_REMOVE, by which time the AID, the station place
 * and the keys are released here. Follows IEEE Std 802.11-2020 12.3.3.2
 * (Open System authentication), 11.3.4.3 (authentication at the
 * responding STA), 11.3.1 (the four states), 9.3.3.12 (Authentication
 * body), 9.4.1.9 (status codes), and hostapd's order of checks in
 * handle_auth: algorithm, transaction number, ACL, station limit. Shared
 * Key (WEP) is never offered: status 13.
 */
#include <rapd/ap.h>

#include <string.h>

#include <rapd/bytes.h>

/* The algorithm and transaction checks: 12.3.3.2, Table 9-36. */
static uint16_t auth_frame_status(const struct bss *bss,
				  const struct wlan_auth *a)
{
	/* 13: "Responding STA does not support the specified
	 * authentication algorithm". */
	if (a->alg != WLAN_AUTH_OPEN || !(bss->auth_algs & BSS_AUTH_OPEN))
		return WLAN_STATUS_NOT_SUPPORTED_AUTH_ALG;
	if (a->trans_seq != 1)
		return WLAN_STATUS_UNKNOWN_AUTH_TRANSACTION;
	return WLAN_STATUS_SUCCESS;
}

/* Who may authenticate: not our own address, and the ACL (hostapd answers
 * a station the ACL rejects with status 1). */
static uint16_t auth_peer_status(const struct ap_ctx *ctx,
				 const struct ap_sta *sta)
{
	if (mac_equal(sta->addr, ctx->bss->bssid))
		return WLAN_STATUS_UNSPECIFIED_FAILURE;
	if (ctx->ops->acl_allows && !ctx->ops->acl_allows(ctx->arg, sta->addr))
		return WLAN_STATUS_UNSPECIFIED_FAILURE;
	return WLAN_STATUS_SUCCESS;
}

/* A fresh station takes one of bss->max_sta places (hostapd counts every
 * station entry, authenticated or not). */
static uint16_t take_place(struct ap_ctx *ctx, struct ap_sta *sta,
			   struct ap_out *out)
{
	if (sta->counted)
		return WLAN_STATUS_SUCCESS;
	if (!ctx->ops->sta_count_inc(ctx->arg, ctx->bss->max_sta)) {
		ap_out_event(out, AP_EV_REJECTED_MAX_STA, sta->addr, 0);
		return WLAN_STATUS_AP_UNABLE_TO_HANDLE_NEW_STA;
	}
	sta->counted = true;
	return WLAN_STATUS_SUCCESS;
}

static bool send_auth_resp(struct ap_ctx *ctx, struct ap_sta *sta,
			   const struct wlan_auth *a, uint16_t status,
			   struct ap_out *out)
{
	const uint8_t *bssid = ctx->bss->bssid;
	const uint8_t *end;
	uint8_t *start, *p;

	start = ap_out_begin(out, &end);
	p = wlan_put_mgmt_hdr(start, end, WLAN_STYPE_AUTH, sta->addr, bssid,
			      bssid, ap_sta_next_seq(sta));
	p = wlan_put_auth(p, end, a->alg, (uint16_t)(a->trans_seq + 1), status);
	return ap_out_commit(out, start, p, AP_FRAME_AUTH,
			     AP_FRAME_F_NEEDS_ACK);
}

/*
 * An Authentication frame from sta: fresh (AP_STA_NEW) or known. A known
 * station in State 3 or 4 that authenticates again is starting over: its
 * association ends first (keys wiped, AID freed), as mac80211 and hostapd
 * do when a station re-authenticates.
 */
enum ap_verdict ap_rx_auth(struct ap_ctx *ctx, struct ap_sta *sta,
			   const struct wlan_hdr *hdr,
			   const struct wlan_mgmt *m, uint64_t now,
			   struct ap_out *out)
{
	const struct wlan_auth *a = &m->u.auth;
	bool fresh = sta->state == AP_STA_NEW;
	uint16_t status;
	bool sent;

	status = auth_frame_status(ctx->bss, a);
	if (status == WLAN_STATUS_SUCCESS)
		status = auth_peer_status(ctx, sta);
	if (status == WLAN_STATUS_SUCCESS)
		status = take_place(ctx, sta, out);
	if (status == WLAN_STATUS_SUCCESS) {
		if (sta->state != AP_STA_NEW && sta->state != AP_STA_AUTH)
			ap_sta_disassociated(ctx, sta, out);
		sta->state = AP_STA_AUTH;
		sta->auth_alg = WLAN_AUTH_OPEN;
		if (fresh)
			out->sta_action = AP_ACT_INSERT;
	} else if (fresh) {
		/* A refused fresh station holds nothing: it is dropped. */
		sta->state = AP_STA_GONE;
		out->sta_action = AP_ACT_REMOVE;
	}
	/* If the answer cannot go out, the station simply retries. */
	sent = send_auth_resp(ctx, sta, a, status, out);
	ap_sta_update_deadline(ctx, sta);
	return sent ? AP_OK : AP_DROP_OUT_FULL;
}

/* --- The station's life cycle ----------------------------------------- */

void ap_sta_init(struct ap_sta *sta, const uint8_t addr[6], unsigned shard,
		 uint64_t now)
{
	memset(sta, 0, sizeof(*sta));
	memcpy(sta->addr, addr, 6);
	sta->shard = (uint8_t)shard;
	sta->state = AP_STA_NEW;
	sta->last_activity = now;
}

void ap_sta_wipe(struct ap_sta *sta)
{
	crypto_wipe(sta, sizeof(*sta)); /* PTK, nonces and all */
}

uint16_t ap_sta_next_seq(struct ap_sta *sta)
{
	uint16_t seq = sta->tx_seq;

	sta->tx_seq = (uint16_t)((seq + 1) & WLAN_SEQ_MAX);
	return seq;
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

void ap_sta_update_deadline(const struct ap_ctx *ctx, struct ap_sta *sta)
{
	uint64_t inactive = 0;

	if (sta->state == AP_STA_GONE || sta->state == AP_STA_NEW) {
		sta->deadline = 0;
		return;
	}
	if (ctx->bss->max_inactivity)
		inactive = sta->last_activity +
			   ctx->bss->max_inactivity * AP_NS_PER_S;
	sta->deadline = earliest(earliest(inactive, sta->tx_status_deadline),
				 sta->wpa.deadline);
}

void ap_sta_disassociated(struct ap_ctx *ctx, struct ap_sta *sta,
			  struct ap_out *out)
{
	bool authorized = sta->state == AP_STA_AUTHORIZED;
	bool associated = authorized || sta->state == AP_STA_ASSOC;

	wpa_sta_reset(&sta->wpa);
	if (sta->aid)
		ctx->ops->aid_free(ctx->arg, sta->aid);
	sta->aid = 0;
	sta->tx_status_deadline = 0;
	sta->state = AP_STA_AUTH;
	if (authorized)
		ap_out_event(out, AP_EV_STA_DISCONNECTED, sta->addr, 0);
	if (associated)
		ap_out_event(out, AP_EV_STA_DISASSOCIATED, sta->addr, 0);
}

void ap_sta_leave(struct ap_ctx *ctx, struct ap_sta *sta, struct ap_out *out)
{
	ap_sta_disassociated(ctx, sta, out);
	if (sta->counted)
		ctx->ops->sta_count_dec(ctx->arg);
	sta->counted = false;
	sta->state = AP_STA_GONE;
	sta->deadline = 0;
	out->sta_action = AP_ACT_REMOVE;
}

void ap_sta_deauth(struct ap_ctx *ctx, struct ap_sta *sta, uint16_t reason,
		   struct ap_out *out)
{
	ap_send_reason(ctx, out, WLAN_STYPE_DEAUTH, sta->addr,
		       ap_sta_next_seq(sta), 0, reason);
	ap_sta_leave(ctx, sta, out);
}

void ap_sta_authorize(struct ap_ctx *ctx, struct ap_sta *sta,
		      struct ap_out *out)
{
	sta->state = AP_STA_AUTHORIZED;
	ap_out_event(out, AP_EV_STA_CONNECTED, sta->addr, sta->aid);
}
