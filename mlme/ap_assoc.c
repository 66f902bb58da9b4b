/*
 * ap_assoc.c - (Re)Association Requests from authenticated stations: the
 * checks against the BSS, the AID, the (Re)Association Response, and its
 * TX status, which is what makes the station associated (see ap.h).
 *
 * Pure code, run by the worker that owns the station (ap_rx_mgmt and
 * ap_tx_status dispatch here). Follows IEEE Std 802.11-2020 11.3.5.3 (AP
 * association receipt procedures), 11.3.5.5 (reassociation), 9.3.3.6-9
 * (request and response bodies), 9.4.1.4 (capability), 9.4.2.3 (the
 * BSSBasicRateSet every member must support), 12.6.3 (RSNA policy, via
 * rsn_validate). Where the standard leaves the status open, hostapd's
 * choice is taken (check_assoc_ies and friends): a missing or wrong SSID,
 * missing rates or malformed elements are status 1.
 */
#include <rapd/ap.h>

#include <string.h>

#include <rapd/bytes.h>

/* What an acceptable request brings, kept once the station is accepted. */
struct assoc_info {
	struct ie_rateset rates;
	bool ht;
	struct ie_ht_capab ht_capab;
	bool wmm;
	struct ie rsn; /* valid when rsn_found */
	bool rsn_found;
	struct rsn_selection sel;
};

static uint16_t check_ssid(const struct bss *bss, const struct wlan_mgmt *m)
{
	struct ie e;

	if (!ie_find(m->ies, m->ies_len, IE_SSID, &e) ||
	    e.len != bss->ssid_len || memcmp(e.data, bss->ssid, e.len) != 0)
		return WLAN_STATUS_UNSPECIFIED_FAILURE;
	return WLAN_STATUS_SUCCESS;
}

/*
 * Capability (9.4.1.4): a station of an IBSS cannot join an ESS, and a
 * station asking for privacy in an open BSS wants WEP, which rapd does
 * not run: status 10. ESS is not required in a request (the subfield is
 * defined for Beacon and Probe Response frames); an RSN station without
 * the Privacy bit is judged by its RSN element alone.
 */
static uint16_t check_capab(const struct bss *bss, uint16_t capab)
{
	if (capab & WLAN_CAPAB_IBSS)
		return WLAN_STATUS_CAPS_UNSUPPORTED;
	if (!bss->rsn && (capab & WLAN_CAPAB_PRIVACY))
		return WLAN_STATUS_CAPS_UNSUPPORTED;
	return WLAN_STATUS_SUCCESS;
}

/* Every rate of the BSSBasicRateSet must be supported (11.3.5.3). */
static uint16_t check_rates(const struct bss *bss, const struct wlan_mgmt *m,
			    struct ie_rateset *rs)
{
	memset(rs, 0, sizeof(*rs));
	if (ie_parse_rateset(m->ies, m->ies_len, rs) != IE_OK)
		return WLAN_STATUS_UNSPECIFIED_FAILURE;
	for (unsigned i = 0; i < bss->rates.n; i++) {
		uint8_t r = bss->rates.rate[i];

		if ((r & IE_RATE_BASIC) &&
		    !ie_rateset_has(rs, IE_RATE_VALUE(r)))
			return WLAN_STATUS_ASSOC_DENIED_RATES;
	}
	return WLAN_STATUS_SUCCESS;
}

/* The RSN element against the BSS's policy: 40-46 or 31 (rsn_validate). */
static uint16_t check_rsn(const struct bss *bss, const struct wlan_mgmt *m,
			  struct assoc_info *info)
{
	if (!bss->rsn)
		return WLAN_STATUS_SUCCESS; /* an RSNE in an open BSS is ignored
					     */
	info->rsn_found = ie_find(m->ies, m->ies_len, IE_RSN, &info->rsn);
	return rsn_validate(info->rsn_found ? &info->rsn : NULL, &bss->rsn_cfg,
			    &info->sel);
}

/* HT and WMM are noted only when the BSS runs them too. */
static void note_options(const struct bss *bss, const struct wlan_mgmt *m,
			 struct assoc_info *info)
{
	struct ie e;
	struct ie_wmm wmm;

	if (bss->ht && ie_find(m->ies, m->ies_len, IE_HT_CAPAB, &e))
		info->ht = ie_parse_ht_capab(&e, &info->ht_capab) == IE_OK;
	if (bss->wmm && ie_find_vendor(m->ies, m->ies_len, IE_OUI_MICROSOFT,
				       IE_WMM_OUI_TYPE, &e))
		info->wmm = ie_parse_wmm(&e, &wmm) == IE_OK;
}

/* The checks of 11.3.5.3 in a fixed order; the first failure answers. */
static uint16_t check_request(const struct bss *bss, const struct wlan_mgmt *m,
			      struct assoc_info *info)
{
	const struct wlan_assoc_req *req = &m->u.assoc_req;
	uint16_t status;

	memset(info, 0, sizeof(*info));
	if (ie_validate(m->ies, m->ies_len) != IE_ITER_END)
		return WLAN_STATUS_UNSPECIFIED_FAILURE;
	status = check_ssid(bss, m);
	if (status == WLAN_STATUS_SUCCESS)
		status = check_capab(bss, req->capab);
	if (status == WLAN_STATUS_SUCCESS &&
	    req->listen_int > bss->max_listen_interval)
		status = WLAN_STATUS_ASSOC_DENIED_LISTEN_INT_TOO_LARGE;
	if (status == WLAN_STATUS_SUCCESS)
		status = check_rates(bss, m, &info->rates);
	if (status == WLAN_STATUS_SUCCESS)
		status = check_rsn(bss, m, info);
	if (status == WLAN_STATUS_SUCCESS)
		note_options(bss, m, info);
	return status;
}

/* Keeps what the accepted request said, for the kernel and for M2. */
static void commit_request(struct ap_sta *sta, const struct wlan_mgmt *m,
			   const struct assoc_info *info)
{
	sta->reassoc = m->subtype == WLAN_STYPE_REASSOC_REQ;
	sta->capab = m->u.assoc_req.capab;
	sta->listen_int = m->u.assoc_req.listen_int;
	sta->rates = info->rates;
	sta->ht = info->ht;
	sta->ht_capab = info->ht_capab;
	sta->wmm = info->wmm;
	sta->rsn_ie_len = 0;
	if (info->rsn_found) {
		memcpy(sta->rsn_ie, info->rsn.elem, info->rsn.elem_len);
		sta->rsn_ie_len = (uint16_t)info->rsn.elem_len;
		wpa_sta_setup(&sta->wpa, info->sel.akm);
	}
}

static bool send_assoc_resp(struct ap_ctx *ctx, struct ap_sta *sta,
			    bool reassoc, uint16_t status, struct ap_out *out)
{
	const struct bss *bss = ctx->bss;
	const uint8_t *end;
	uint8_t *start, *p;
	uint16_t seq = ap_sta_next_seq(sta);
	uint16_t aid = status == WLAN_STATUS_SUCCESS ? sta->aid : 0;

	start = ap_out_begin(out, &end);
	p = wlan_put_mgmt_hdr(start, end,
			      reassoc ? WLAN_STYPE_REASSOC_RESP
				      : WLAN_STYPE_ASSOC_RESP,
			      sta->addr, bss->bssid, bss->bssid, seq);
	p = wlan_put_assoc_resp(p, end, bss->capab, status, aid);
	p = ie_put_supp_rates(p, end, &bss->rates);
	p = ie_put_ext_rates(p, end, &bss->rates);
	if (bss->ht) {
		p = ie_put_ht_capab(p, end, &bss->ht_capab);
		p = ie_put_ht_oper(p, end, &bss->ht_oper);
	}
	if (status == WLAN_STATUS_SUCCESS && sta->wmm)
		p = ie_put_wmm_param(p, end, 0, bss->wmm_ac);
	sta->assoc_resp_seq = seq;
	return ap_out_commit(out, start, p,
			     reassoc ? AP_FRAME_REASSOC_RESP
				     : AP_FRAME_ASSOC_RESP,
			     AP_FRAME_F_NEEDS_ACK);
}

/*
 * Accepts the request: a station already associated leaves its old
 * association first (11.3.5.5: a reassociation replaces it; keys and
 * handshakes start over), then gets an AID: status 17 when none is left.
 */
static uint16_t accept_request(struct ap_ctx *ctx, struct ap_sta *sta,
			       const struct wlan_mgmt *m,
			       const struct assoc_info *info,
			       struct ap_out *out)
{
	if (sta->state != AP_STA_AUTH)
		ap_sta_disassociated(ctx, sta, out);
	sta->aid = ctx->ops->aid_alloc(ctx->arg, sta->shard);
	if (sta->aid == 0)
		return WLAN_STATUS_AP_UNABLE_TO_HANDLE_NEW_STA;
	commit_request(sta, m, info);
	sta->state = AP_STA_ASSOC_PENDING;
	return WLAN_STATUS_SUCCESS;
}

/*
 * A (Re)Association Request from an authenticated station (the caller
 * filtered frame classes). A refused request leaves the station as it was.
 * A successful one puts it in AP_STA_ASSOC_PENDING until the response's
 * TX status (ap_assoc_tx_status) or AP_TX_STATUS_TIMEOUT_NS.
 */
enum ap_verdict ap_rx_assoc_req(struct ap_ctx *ctx, struct ap_sta *sta,
				const struct wlan_hdr *hdr,
				const struct wlan_mgmt *m, uint64_t now,
				struct ap_out *out)
{
	bool reassoc = m->subtype == WLAN_STYPE_REASSOC_REQ;
	struct assoc_info info;
	uint16_t status;
	bool sent;

	status = check_request(ctx->bss, m, &info);
	if (status == WLAN_STATUS_SUCCESS)
		status = accept_request(ctx, sta, m, &info, out);
	sent = send_assoc_resp(ctx, sta, reassoc, status, out);
	if (status == WLAN_STATUS_SUCCESS)
		sta->tx_status_deadline = now + AP_TX_STATUS_TIMEOUT_NS;
	ap_sta_update_deadline(ctx, sta);
	return sent ? AP_OK : AP_DROP_OUT_FULL;
}

/*
 * The TX status of the successful (Re)Association Response (or its
 * timeout, acked false). ACKed: State 3 (hostapd's handle_assoc_cb); an
 * open BSS authorizes the station at once, an RSN BSS sends M1. Not
 * ACKed: the station did not hear it; it stays authenticated without an
 * AID and will ask again.
 */
enum ap_verdict ap_assoc_tx_status(struct ap_ctx *ctx, struct ap_sta *sta,
				   bool acked, uint64_t now, struct ap_out *out)
{
	enum ap_verdict v = AP_OK;

	sta->tx_status_deadline = 0;
	if (!acked) {
		if (sta->aid)
			ctx->ops->aid_free(ctx->arg, sta->aid);
		sta->aid = 0;
		sta->state = AP_STA_AUTH;
		ap_sta_update_deadline(ctx, sta);
		return AP_OK;
	}
	sta->state = AP_STA_ASSOC;
	sta->assoc_time = now;
	ap_out_event(out, AP_EV_STA_ASSOCIATED, sta->addr, sta->aid);
	if (ctx->bss->rsn)
		v = wpa_auth_start(ctx, sta, now, out);
	else
		ap_sta_authorize(ctx, sta, out);
	ap_sta_update_deadline(ctx, sta);
	return v;
}
