/*
 * beacon.c - Beacon and Probe Response frames from a struct bss, built by
 * one element writer, and the probe request handler that answers with
 * them (see include/rapd/ap.h).
 *
 * Pure code. The TX thread builds beacons (monitor-only and replay
 * modes), core builds the nl80211 START_AP head and tail once, and the
 * workers answer probe requests; all read a shared const struct bss.
 * Follows IEEE Std 802.11-2020 9.3.3.2 (Beacon body, Table 9-27), 9.3.3.10
 * (Probe Response body, Table 9-34: the same elements without the TIM),
 * 11.1.3 (beacon generation, hidden SSIDs: hostapd's ignore_broadcast_ssid)
 * and 11.1.4.3.4 (criteria for answering a probe request).
 *
 * Layout of a beacon (head | TIM | tail, the split nl80211 wants):
 *   head: MAC header (DA ff:ff:ff:ff:ff:ff, SA = BSSID = ours)
 *         Timestamp(8) Beacon Interval(2) Capability(2)
 *         SSID, Supported Rates, DSSS Parameter Set (2.4 GHz only)
 *   TIM:  DTIM count, DTIM period, bitmap control, partial virtual bitmap
 *   tail: Country, ERP (802.11g), Extended Supported Rates, RSN,
 *         HT Capabilities, HT Operation, WMM Parameter (vendor, last)
 */
#include <rapd/ap.h>

#include <string.h>

#include <rapd/bytes.h>

static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* The SSID as beacons carry it (ignore_broadcast_ssid) or the real one. */
static uint8_t *put_ssid(const struct bss *bss, bool beacon, uint8_t *p,
			 const uint8_t *end)
{
	static const uint8_t zeros[IE_SSID_MAX];

	if (!beacon)
		return ie_put_ssid(p, end, bss->ssid, bss->ssid_len);
	switch (bss->ignore_broadcast_ssid) {
	case BSS_SSID_VISIBLE:
		return ie_put_ssid(p, end, bss->ssid, bss->ssid_len);
	case BSS_SSID_EMPTY:
		return ie_put_ssid(p, end, NULL, 0);
	case BSS_SSID_ZEROED:
		return ie_put_ssid(p, end, zeros, bss->ssid_len);
	}
	return NULL;
}

/* The elements before the TIM, in Table 9-27 order. */
static uint8_t *put_head_elements(const struct bss *bss, bool beacon,
				  uint8_t *p, const uint8_t *end)
{
	p = put_ssid(bss, beacon, p, end);
	p = ie_put_supp_rates(p, end, &bss->rates);
	if (bss->band == BSS_BAND_2GHZ)
		p = ie_put_ds(p, end, bss->channel);
	return p;
}

uint8_t *ap_build_beacon_tail(const struct bss *bss, uint8_t *p,
			      const uint8_t *end)
{
	if (bss->country_ie)
		p = ie_put_country(p, end, bss->cc, (uint8_t)bss->cc[2],
				   bss->country, bss->n_country);
	/* No non-ERP station is tracked: the ERP element says none. */
	if (bss->hw_mode == BSS_HW_MODE_G)
		p = ie_put_erp(p, end, 0);
	p = ie_put_ext_rates(p, end, &bss->rates);
	if (bss->rsn && p) {
		if (end < p || (size_t)(end - p) < bss->rsn_ie_len)
			return NULL;
		memcpy(p, bss->rsn_ie, bss->rsn_ie_len);
		p += bss->rsn_ie_len;
	}
	if (bss->ht) {
		p = ie_put_ht_capab(p, end, &bss->ht_capab);
		p = ie_put_ht_oper(p, end, &bss->ht_oper);
	}
	if (bss->wmm)
		p = ie_put_wmm_param(p, end, 0, bss->wmm_ac);
	return p;
}

uint8_t *ap_build_beacon_head(const struct bss *bss, uint16_t seq, uint64_t tsf,
			      uint8_t *p, const uint8_t *end)
{
	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_BEACON, broadcast, bss->bssid,
			      bss->bssid, seq);
	p = wlan_put_beacon_fixed(p, end, tsf, bss->beacon_int, bss->capab);
	return put_head_elements(bss, true, p, end);
}

uint8_t *ap_build_beacon(const struct bss *bss, const struct ap_tim *tim,
			 uint16_t seq, uint64_t tsf, uint8_t *p,
			 const uint8_t *end)
{
	p = ap_build_beacon_head(bss, seq, tsf, p, end);
	p = ie_put_tim(p, end, tim->dtim_count, bss->dtim_period, tim->vbm,
		       tim->multicast);
	return ap_build_beacon_tail(bss, p, end);
}

uint8_t *ap_build_probe_resp(const struct bss *bss, const uint8_t da[6],
			     uint16_t seq, uint64_t tsf, uint8_t *p,
			     const uint8_t *end)
{
	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_PROBE_RESP, da, bss->bssid,
			      bss->bssid, seq);
	p = wlan_put_beacon_fixed(p, end, tsf, bss->beacon_int, bss->capab);
	p = put_head_elements(bss, false, p, end);
	return ap_build_beacon_tail(bss, p, end);
}

uint8_t *ap_build_deauth_all(const struct bss *bss, uint16_t reason,
			     uint16_t seq, uint8_t *p, const uint8_t *end)
{
	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_DEAUTH, broadcast, bss->bssid,
			      bss->bssid, seq);
	return wlan_put_deauth(p, end, reason);
}

/* Wildcard (length 0) or our SSID: 11.1.4.3.4 c). */
static enum ap_verdict probe_ssid_verdict(const struct bss *bss,
					  const struct ie *ssid)
{
	if (ssid->len == 0)
		return bss->ignore_broadcast_ssid == BSS_SSID_VISIBLE
			       ? AP_OK
			       : AP_DROP_PROBE_HIDDEN;
	if (ssid->len == bss->ssid_len &&
	    memcmp(ssid->data, bss->ssid, bss->ssid_len) == 0)
		return AP_OK;
	return AP_DROP_PROBE_SSID;
}

/*
 * A probe request is answered when (11.1.4.3.4) it is addressed to us or
 * broadcast, its BSSID field is ours or the wildcard, its SSID is ours or
 * the wildcard (unless the SSID is hidden), and, as hostapd checks, a DS
 * Parameter Set in it names our channel (a probe heard on a neighbouring
 * channel). The SSID List element is not looked at.
 */
enum ap_verdict ap_rx_probe_req(struct ap_ctx *ctx, const struct wlan_hdr *hdr,
				const struct wlan_mgmt *m, uint64_t now,
				struct ap_out *out)
{
	const struct bss *bss = ctx->bss;
	struct ie ssid, ds;
	enum ap_verdict v;
	const uint8_t *end;
	uint8_t *start, *p;

	if (!mac_is_broadcast(hdr->addr1) && !mac_equal(hdr->addr1, bss->bssid))
		return AP_DROP_NOT_OUR_BSS;
	if (!mac_is_broadcast(hdr->addr3) && !mac_equal(hdr->addr3, bss->bssid))
		return AP_DROP_NOT_OUR_BSS;
	if (mac_is_group(hdr->addr2))
		return AP_DROP_GROUP_SA;
	if (ie_validate(m->ies, m->ies_len) != IE_ITER_END)
		return AP_DROP_BAD_ELEMENTS;
	if (!ie_find(m->ies, m->ies_len, IE_SSID, &ssid))
		return AP_DROP_PROBE_SSID;
	v = probe_ssid_verdict(bss, &ssid);
	if (v != AP_OK)
		return v;
	if (bss->band == BSS_BAND_2GHZ &&
	    ie_find(m->ies, m->ies_len, IE_DS_PARAMS, &ds) && ds.len == 1 &&
	    ds.data[0] != bss->channel)
		return AP_DROP_PROBE_CHANNEL;

	start = ap_out_begin(out, &end);
	/* The radio normally writes the TSF; `now` in us stands in for it. */
	p = ap_build_probe_resp(bss, hdr->addr2, 0, now / 1000, start, end);
	if (!ap_out_commit(out, start, p, AP_FRAME_PROBE_RESP,
			   AP_FRAME_F_NEEDS_ACK | AP_FRAME_F_TX_SEQ))
		return AP_DROP_OUT_FULL;
	return AP_OK;
}
