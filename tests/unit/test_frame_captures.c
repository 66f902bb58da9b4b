/*
 * test_frame_captures.c - the frame and element codec (frame.c, ie.c,
 * rsn.c) on the real captures of the shared captures folder, read in place
 * and SKIPped when absent: for wpa2.eapol.cap, zn2i.pcap and n-02.cap, the
 * facts tshark 4.0.17 reports (frame counts per subtype, addresses,
 * sequence numbers, beacon SSID/channel/DTIM, authentication and
 * (re)association fields, RSN elements and their validation, protected and
 * control frames). Broken and truncated frames: test_frame_sweep.c.
 */
#include "check.h"
#include "wlan_testutil.h"

#include <rapd/bytes.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>

static void check_mac(const uint8_t *got, const char *want)
{
	uint8_t mac[6];

	CHECK(mac_parse(want, mac) == 0);
	CHECK(got != NULL);
	if (got)
		CHECK_MEM(got, mac, 6);
}

static void check_ssid(const struct wlan_mgmt *m, const char *want)
{
	struct ie_ssid s;
	struct ie e;

	CHECK(ie_find(m->ies, m->ies_len, IE_SSID, &e));
	CHECK_EQ_INT(ie_parse_ssid(&e, &s), IE_OK);
	CHECK_EQ_INT(s.len, strlen(want));
	CHECK_MEM(s.ssid, want, strlen(want));
}

/* The RSN element of m; checks its AKM and capabilities. */
static void check_rsn(const struct wlan_mgmt *m, uint32_t akm, uint16_t capab)
{
	struct rsn_ie r;
	struct ie e;

	CHECK(ie_find(m->ies, m->ies_len, IE_RSN, &e));
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_OK);
	CHECK_EQ_INT(r.group, RSN_SUITE_CCMP);
	CHECK_EQ_INT(r.pairwise_mask, RSN_CIPHER_CCMP);
	CHECK_EQ_INT(r.akm_mask, akm);
	CHECK_EQ_INT(r.capab, capab);
}

/* A beacon's SSID, BSSID, DS channel and DTIM period. */
static void check_beacon(const struct wt_capture *c, const char *ssid,
			 const char *bssid, uint8_t chan, uint8_t dtim)
{
	struct ie_tim tim;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e;
	uint8_t ch = 0;

	if (!wt_cap_mgmt(c, 1, WLAN_STYPE_BEACON, &h, &m))
		return;
	check_mac(wlan_hdr_bssid(&h), bssid);
	CHECK(mac_is_broadcast(h.addr1));
	check_ssid(&m, ssid);
	CHECK_EQ_INT(ie_validate(m.ies, m.ies_len), IE_ITER_END);
	CHECK(ie_find(m.ies, m.ies_len, IE_DS_PARAMS, &e));
	CHECK_EQ_INT(ie_parse_ds(&e, &ch), IE_OK);
	CHECK_EQ_INT(ch, chan);
	CHECK(ie_find(m.ies, m.ies_len, IE_TIM, &e));
	CHECK_EQ_INT(ie_parse_tim(&e, &tim), IE_OK);
	CHECK_EQ_INT(tim.dtim_period, dtim);
	CHECK(m.u.beacon.capab & WLAN_CAPAB_PRIVACY);
}

static void capture_wpa2_eapol(void)
{
	struct wt_capture c;
	struct ie_rateset rs;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	unsigned i;

	if (!wt_load_capture("wpa2.eapol.cap", &c))
		SKIP("wpa2.eapol.cap absent");
	CHECK_EQ_INT(c.n, 5);
	check_beacon(&c, "Harkonen", "00:14:6c:7e:40:80", 1, 1);
	if (wt_cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m)) {
		CHECK_EQ_INT(h.seq, 113);
		CHECK_EQ_INT(m.u.beacon.beacon_int, 250);
		CHECK_EQ_INT(m.u.beacon.capab, 0x0431);
		CHECK_EQ_INT(ie_parse_rateset(m.ies, m.ies_len, &rs), IE_OK);
		CHECK_EQ_INT(rs.n, 12);
		CHECK_EQ_INT(rs.rate[0], 0x82);
		CHECK(ie_rateset_has(&rs, 108));
		check_rsn(&m, RSN_AKM_PSK, RSN_CAPAB_PREAUTH);
	}
	/* M1..M4: FromDS, ToDS alternately, LLC/SNAP for EAPOL. */
	for (i = 2; i <= c.n; i++) {
		h = wt_parse_ok(c.frame[i], c.len[i]);
		CHECK_EQ_INT(h.type, WLAN_FC_TYPE_DATA);
		CHECK_EQ_INT(h.flags & 3,
			     i % 2 ? WLAN_FC_TODS : WLAN_FC_FROMDS);
		check_mac(wlan_hdr_bssid(&h), "00:14:6c:7e:40:80");
		check_mac(i % 2 ? wlan_hdr_sa(&h) : wlan_hdr_da(&h),
			  "00:13:46:fe:32:0c");
		CHECK(h.body_len > 8);
		CHECK_MEM(h.body, "\xaa\xaa\x03\x00\x00\x00\x88\x8e", 8);
	}
	wt_free_capture(&c);
}

static void capture_zn2i(void)
{
	static const uint16_t auth_seq[] = {1, 1, 2};
	struct rsn_selection sel;
	struct wt_capture c;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e;
	unsigned i;

	if (!wt_load_capture("zn2i.pcap", &c))
		SKIP("zn2i.pcap absent");
	CHECK_EQ_INT(c.n, 12);
	CHECK_EQ_INT(c.radiotap_bad, 0);
	/* No FCS (tshark: radiotap.flags.fcs 0): 214 - 18 and 187 - 21. */
	CHECK_EQ_INT(c.len[1], 196);
	CHECK_EQ_INT(c.len[2], 166);
	for (i = 1; i <= c.n; i++)
		CHECK_EQ_INT(wlan_parse_hdr(c.frame[i], c.len[i], &h),
			     WLAN_HDR_OK);
	check_beacon(&c, "dlink", "00:06:4f:12:34:56", 4, 2);
	if (wt_cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m))
		check_rsn(&m, RSN_AKM_PSK, 0x000c);
	for (i = 3; i <= 5; i++) {
		if (!wt_cap_mgmt(&c, i, WLAN_STYPE_AUTH, &h, &m))
			continue;
		CHECK_EQ_INT(m.u.auth.alg, WLAN_AUTH_OPEN);
		CHECK_EQ_INT(m.u.auth.trans_seq, auth_seq[i - 3]);
		CHECK_EQ_INT(m.u.auth.status, WLAN_STATUS_SUCCESS);
		CHECK_EQ_INT(!!(h.flags & WLAN_FC_RETRY), i == 4);
	}
	if (wt_cap_mgmt(&c, 6, WLAN_STYPE_REASSOC_REQ, &h, &m)) {
		CHECK_EQ_INT(h.seq, 1520);
		check_mac(m.u.assoc_req.current_ap, "00:12:34:56:78:92");
		CHECK_EQ_INT(m.u.assoc_req.listen_int, 10);
		check_ssid(&m, "dlink");
		check_rsn(&m, RSN_AKM_PSK, 0);
		CHECK(ie_find(m.ies, m.ies_len, IE_RSN, &e));
		CHECK_EQ_INT(rsn_validate(&e, &wt_psk_ap, &sel),
			     WLAN_STATUS_SUCCESS);
	}
	if (wt_cap_mgmt(&c, 7, WLAN_STYPE_REASSOC_RESP, &h, &m)) {
		CHECK_EQ_INT(m.u.assoc_resp.status, WLAN_STATUS_SUCCESS);
		CHECK_EQ_INT(m.u.assoc_resp.aid, 1);
	}
	h = wt_parse_ok(c.frame[2], c.len[2]);
	CHECK(h.has_qos && (h.flags & WLAN_FC_PROTECTED));
	CHECK_EQ_INT(h.seq, 108);
	wt_free_capture(&c);
}

/* n-02.cap frame counts by type<<4|subtype, as tshark counts them. */
static const struct {
	uint8_t ts;
	unsigned n;
} n02_counts[] = {
	{0x00, 1}, {0x01, 1}, {0x02, 1},  {0x03, 1},  {0x04, 9},  {0x05, 9},
	{0x08, 1}, {0x0b, 4}, {0x0d, 25}, {0x0e, 1},  {0x15, 8},  {0x18, 1},
	{0x19, 3}, {0x1c, 3}, {0x1d, 49}, {0x20, 81}, {0x24, 16}, {0x28, 4},
};

static void n02_check_counts(const struct wt_capture *c)
{
	unsigned seen[64] = {0}, i;
	struct wlan_hdr h;

	for (i = 1; i <= c->n; i++)
		if (wlan_parse_hdr(c->frame[i], c->len[i], &h) == WLAN_HDR_OK)
			seen[h.type << 4 | h.subtype]++;
	for (i = 0; i < RAPD_ARRAY_SIZE(n02_counts); i++)
		CHECK_EQ_INT(seen[n02_counts[i].ts], n02_counts[i].n);
}

static void capture_n02(void)
{
	struct rsn_config sha256_ap = wt_psk_ap;
	struct rsn_selection sel;
	struct wt_capture c;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e;

	if (!wt_load_capture("n-02.cap", &c))
		SKIP("n-02.cap absent");
	CHECK_EQ_INT(c.n, 218);
	n02_check_counts(&c);
	check_beacon(&c, "Neheb", "b0:b9:8a:56:8d:ea", 64, 2);
	if (wt_cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m))
		check_rsn(&m, RSN_AKM_PSK_SHA256, 0x00cc);
	if (wt_cap_mgmt(&c, 52, WLAN_STYPE_AUTH, &h, &m))
		CHECK_EQ_INT(m.u.auth.trans_seq, 1);
	if (wt_cap_mgmt(&c, 54, WLAN_STYPE_AUTH, &h, &m))
		CHECK_EQ_INT(m.u.auth.trans_seq, 2);
	sha256_ap.akms = RSN_AKM_PSK_SHA256;
	sha256_ap.mfp = RSN_MFP_CAPABLE;
	if (wt_cap_mgmt(&c, 56, WLAN_STYPE_ASSOC_REQ, &h, &m)) {
		CHECK_EQ_INT(m.u.assoc_req.listen_int, 20);
		check_rsn(&m, RSN_AKM_PSK_SHA256, 0x008c);
		CHECK(ie_find(m.ies, m.ies_len, IE_RSN, &e));
		CHECK_EQ_INT(rsn_validate(&e, &sha256_ap, &sel),
			     WLAN_STATUS_SUCCESS);
		CHECK(sel.mfp);
		CHECK_EQ_INT(rsn_validate(&e, &wt_psk_ap, &sel),
			     WLAN_STATUS_INVALID_AKMP);
	}
	if (wt_cap_mgmt(&c, 60, WLAN_STYPE_ASSOC_RESP, &h, &m))
		CHECK_EQ_INT(m.u.assoc_resp.status,
			     WLAN_STATUS_ASSOC_REJECTED_TEMPORARILY);
	if (wt_cap_mgmt(&c, 117, WLAN_STYPE_REASSOC_REQ, &h, &m))
		check_mac(m.u.assoc_req.current_ap, "b0:b9:8a:56:8d:eb");
	if (wt_cap_mgmt(&c, 120, WLAN_STYPE_REASSOC_RESP, &h, &m))
		CHECK_EQ_INT(m.u.assoc_resp.aid, 1);
	if (wt_cap_mgmt(&c, 122, WLAN_STYPE_ACTION, &h, &m))
		CHECK_EQ_INT(m.u.action.category, WLAN_ACTION_HT);
	h = wt_parse_ok(c.frame[58], c.len[58]);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_PROTECTED);
	h = wt_parse_ok(c.frame[24], c.len[24]); /* Ack */
	CHECK_EQ_INT(h.hdr_len, 10);
	check_mac(h.addr1, "b0:b9:8a:56:8d:ea");
	wt_free_capture(&c);
}

int main(void)
{
	check_begin("test_frame_captures");
	RUN(capture_wpa2_eapol);
	RUN(capture_zn2i);
	RUN(capture_n02);
	return check_end();
}
