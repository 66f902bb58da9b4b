/*
 * test_ap_beacon.c - struct bss (mlme/bss.c) and the beacon / probe
 * response builder (mlme/beacon.c): defaults and rate sets, what
 * bss_finish derives, every bss_check refusal, a beacon's elements in
 * Table 9-27 order parsed back, hidden SSIDs (ignore_broadcast_ssid 1
 * and 2), the nl80211 head/tail split against the full beacon, the
 * largest beacon, and probe requests answered or dropped by 11.1.4.3.4.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>

static const uint8_t sta1[6] = {0x02, 0xee, 0x00, 0x00, 0x00, 0x03};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static struct apt_env env;
static uint8_t f[APT_FRAME_MAX];
static uint8_t b[BSS_BEACON_MAX];

static void test_bss_defaults(void)
{
	static const uint8_t g[] = {0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12,
				    0x18, 0x24, 0x30, 0x48, 0x60, 0x6c};
	static const uint8_t a[] = {0x8c, 0x12, 0x98, 0x24,
				    0xb0, 0x48, 0x60, 0x6c};
	static const uint8_t bb[] = {0x82, 0x84, 0x0b, 0x16};
	struct ie_rateset rs;
	uint8_t rsne[22];
	struct bss x;

	bss_init(&x);
	CHECK(x.beacon_int == 100 && x.dtim_period == 2 && x.max_sta == 2007);
	CHECK(x.max_inactivity == 300 && x.pairwise_update_count == 4);
	CHECK(x.group_rekey == 86400 && x.auth_algs == BSS_AUTH_OPEN);
	CHECK_MEM(x.rates.rate, bb, sizeof(bb));
	bss_default_rates(BSS_HW_MODE_G, &rs);
	CHECK_EQ_INT(rs.n, sizeof(g));
	CHECK_MEM(rs.rate, g, sizeof(g));
	bss_default_rates(BSS_HW_MODE_A, &rs);
	CHECK_MEM(rs.rate, a, sizeof(a));
	CHECK_EQ_INT(bss_channel_freq(BSS_BAND_2GHZ, 6), 2437);
	CHECK_EQ_INT(bss_channel_freq(BSS_BAND_2GHZ, 14), 2484);
	CHECK_EQ_INT(bss_channel_freq(BSS_BAND_5GHZ, 36), 5180);
	CHECK_EQ_INT(bss_channel_freq(BSS_BAND_2GHZ, 36), 0);
	apt_env_init(&env, RSN_AKM_PSK);
	CHECK_EQ_INT(env.bss.capab, WLAN_CAPAB_ESS | WLAN_CAPAB_SHORT_SLOT |
					    WLAN_CAPAB_PRIVACY);
	check_unhex_into("30140100000fac040100000fac040100000fac020000", rsne,
			 sizeof(rsne));
	CHECK_EQ_INT(env.bss.rsn_ie_len, sizeof(rsne));
	CHECK_MEM(env.bss.rsn_ie, rsne, sizeof(rsne));
	env.bss.wmm = true; /* 16 PTKSA replay counters, as hostapd */
	apt_env_refresh(&env);
	CHECK_EQ_INT(get_le16(env.bss.rsn_ie + 20), 0x000c);
	bss_wipe(&x);
}

/* A copy of env.bss with one change must fail with want. */
#define REFUSE(change, want)                                                   \
	do {                                                                   \
		struct bss x = env.bss;                                        \
		change;                                                        \
		CHECK_EQ_INT(bss_check(&x), want);                             \
	} while (0)

static void test_bss_check(void)
{
	apt_env_init(&env, RSN_AKM_PSK);
	CHECK_EQ_INT(bss_check(&env.bss), BSS_OK);
	REFUSE(x.bssid[0] = 1, BSS_BAD_BSSID);
	REFUSE(x.ssid_len = 0, BSS_BAD_SSID);
	REFUSE(x.ssid_len = 33, BSS_BAD_SSID);
	REFUSE(x.ignore_broadcast_ssid = (enum bss_hidden)3, BSS_BAD_HIDDEN);
	REFUSE(x.beacon_int = 14, BSS_BAD_BEACON_INT);
	REFUSE(x.dtim_period = 0, BSS_BAD_DTIM);
	REFUSE(x.channel = 15, BSS_BAD_CHANNEL);
	REFUSE(x.hw_mode = BSS_HW_MODE_A, BSS_BAD_CHANNEL); /* band stale */
	REFUSE(x.rates.n = 0, BSS_BAD_RATES);
	REFUSE(for (int i = 0; i < x.rates.n; i++) x.rates.rate[i] &= 0x7f,
	       BSS_BAD_RATES);
	REFUSE((x.ht = true, x.hw_mode = BSS_HW_MODE_B), BSS_BAD_HT);
	REFUSE((x.ht = true, x.channel = 11, x.ht_sec_chan = 1), BSS_BAD_HT);
	REFUSE((x.country_ie = true, x.cc[0] = 'u', x.cc[1] = 'S',
		x.n_country = 1),
	       BSS_BAD_COUNTRY);
	REFUSE((x.country_ie = true, x.cc[0] = 'U', x.cc[1] = 'S'),
	       BSS_BAD_COUNTRY); /* no triplet */
	REFUSE(x.auth_algs = BSS_AUTH_SHARED, BSS_BAD_AUTH_ALGS);
	REFUSE(x.rsn_cfg.pairwise_ciphers |= RSN_CIPHER_TKIP, BSS_BAD_RSN);
	REFUSE(x.rsn_cfg.akms = RSN_AKM_SAE, BSS_BAD_RSN);
	REFUSE(x.rsn_ie[5] = 2, BSS_BAD_RSN); /* not what rsn_cfg says */
	REFUSE(x.rsn = false, BSS_BAD_RSN);   /* an element, no RSN */
	REFUSE(x.pmk_set = false, BSS_BAD_PMK);
	REFUSE(x.max_sta = 0, BSS_BAD_MAX_STA);
	REFUSE(x.max_sta = 2008, BSS_BAD_MAX_STA);
	REFUSE(x.group_update_count = 0, BSS_BAD_UPDATE_COUNT);
	for (int v = BSS_OK; v <= BSS_BAD_UPDATE_COUNT; v++)
		CHECK(strcmp(bss_verdict_name((enum bss_verdict)v), "?") != 0);
}

/* Element IDs of a frame body's element area, in order. */
static unsigned element_ids(const uint8_t *ies, size_t len, uint8_t *ids)
{
	struct ie_iter it;
	struct ie e;
	unsigned n = 0;

	ie_iter_init(&it, ies, len);
	while (ie_iter_next(&it, &e) == IE_ITER_ELEMENT && n < 32)
		ids[n++] = e.id;
	CHECK_EQ_INT(ie_validate(ies, len), IE_ITER_END);
	return n;
}

/* An 802.11g RSN BSS with HT, WMM and a Country element. */
static void full_bss(void)
{
	apt_env_init(&env, RSN_AKM_PSK);
	env.bss.ht = true;
	env.bss.ht_sec_chan = -1;
	env.bss.wmm = true;
	env.bss.country_ie = true;
	memcpy(env.bss.cc, "DE ", 3);
	apt_env_refresh(&env);
}

static void test_beacon_contents(void)
{
	static const uint8_t order[] = {
		IE_SSID,     IE_SUPP_RATES, IE_DS_PARAMS, IE_TIM,
		IE_COUNTRY,  IE_ERP,	    IE_EXT_RATES, IE_RSN,
		IE_HT_CAPAB, IE_HT_OPER,    IE_VENDOR,
	};
	uint8_t vbm[IE_TIM_BITMAP_LEN] = {0}, ids[32];
	const struct ap_tim tim = {.dtim_count = 1, .vbm = vbm};
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie_tim t;
	struct ie e;
	uint8_t *p;

	full_bss();
	vbm[0] = 1 << 5; /* AID 5 */
	p = ap_build_beacon(&env.bss, &tim, 77, 123456, b, b + sizeof(b));
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ_INT(wlan_parse_hdr(b, (size_t)(p - b), &h), WLAN_HDR_OK);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	CHECK_EQ_INT(m.subtype, WLAN_STYPE_BEACON);
	CHECK(mac_equal(h.addr1, bcast) && mac_equal(h.addr2, apt_bssid));
	CHECK_EQ_INT(h.seq, 77);
	CHECK_EQ_INT(m.u.beacon.timestamp, 123456);
	CHECK_EQ_INT(m.u.beacon.beacon_int, 100);
	CHECK_EQ_INT(m.u.beacon.capab, env.bss.capab);
	CHECK_EQ_INT(element_ids(m.ies, m.ies_len, ids), sizeof(order));
	CHECK_MEM(ids, order, sizeof(order));
	CHECK(ie_find(m.ies, m.ies_len, IE_TIM, &e));
	CHECK_EQ_INT(ie_parse_tim(&e, &t), IE_OK);
	CHECK(t.dtim_count == 1 && t.dtim_period == 2);
	CHECK(ie_tim_has_aid(&t, 5) && !ie_tim_has_aid(&t, 6));
	CHECK(ie_find(m.ies, m.ies_len, IE_DS_PARAMS, &e) && e.data[0] == 6);
	CHECK(ie_find(m.ies, m.ies_len, IE_RSN, &e));
	CHECK_EQ_INT(e.elem_len, env.bss.rsn_ie_len);
	CHECK_MEM(e.elem, env.bss.rsn_ie, e.elem_len);
	CHECK(ie_find(m.ies, m.ies_len, IE_HT_OPER, &e));
	CHECK_EQ_INT(e.data[1] & IE_HT_OP1_SEC_CHAN_MASK, IE_HT_OP1_SEC_BELOW);
	CHECK(ie_find(m.ies, m.ies_len, IE_COUNTRY, &e));
	CHECK(e.data[0] == 'D' && e.data[1] == 'E' && e.data[3] == 6);
	CHECK(ie_find_vendor(m.ies, m.ies_len, IE_OUI_MICROSOFT,
			     IE_WMM_OUI_TYPE, &e));
}

static struct ie beacon_ssid(void)
{
	const struct ap_tim tim = {0};
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e = {0};
	uint8_t *p = ap_build_beacon(&env.bss, &tim, 0, 0, b, b + sizeof(b));

	CHECK(p && wlan_parse_hdr(b, (size_t)(p - b), &h) == WLAN_HDR_OK);
	CHECK(wlan_parse_mgmt(&h, &m) == WLAN_MGMT_OK);
	CHECK(ie_find(m.ies, m.ies_len, IE_SSID, &e));
	return e;
}

static void test_hidden_ssid(void)
{
	static const uint8_t zero[9];
	struct ie e;

	apt_env_init(&env, 0);
	e = beacon_ssid();
	CHECK(e.len == 9 && memcmp(e.data, "rapd-test", 9) == 0);
	env.bss.ignore_broadcast_ssid = BSS_SSID_EMPTY;
	e = beacon_ssid();
	CHECK_EQ_INT(e.len, 0);
	env.bss.ignore_broadcast_ssid = BSS_SSID_ZEROED;
	e = beacon_ssid();
	CHECK_EQ_INT(e.len, 9);
	CHECK_MEM(e.data, zero, 9);
}

/* head || TIM || tail is the beacon, byte for byte. */
static void test_head_tail_split(void)
{
	uint8_t vbm[IE_TIM_BITMAP_LEN] = {0}, joined[BSS_BEACON_MAX];
	const struct ap_tim tim = {
		.dtim_count = 0, .multicast = true, .vbm = vbm};
	uint8_t *full, *p;
	struct ie e;

	for (int round = 0; round < 3; round++) {
		if (round == 0)
			full_bss();
		else
			apt_env_init(&env, round == 1 ? RSN_AKM_PSK : 0);
		env.bss.ignore_broadcast_ssid = (enum bss_hidden)round;
		vbm[round * 20] = 0x0e;
		full = ap_build_beacon(&env.bss, &tim, 9, 42, b, b + sizeof(b));
		p = ap_build_beacon_head(&env.bss, 9, 42, joined,
					 joined + sizeof(joined));
		CHECK(p && full);
		if (!p || !full)
			return;
		/* the head ends with the DS Parameter Set (2.4 GHz) */
		CHECK(p[-3] == IE_DS_PARAMS && p[-1] == 6);
		p = ie_put_tim(p, joined + sizeof(joined), 0, 2, vbm, true);
		p = ap_build_beacon_tail(&env.bss, p, joined + sizeof(joined));
		CHECK(p != NULL);
		CHECK_EQ_INT(p - joined, full - b);
		CHECK_MEM(joined, b, (size_t)(full - b));
		CHECK(ie_find(joined + 36, (size_t)(p - joined - 36), IE_TIM,
			      &e));
	}
}

/* The largest struct bss still gives a beacon inside BSS_BEACON_MAX. */
static void test_largest_beacon(void)
{
	static const uint8_t all[IE_TIM_BITMAP_LEN] = {
		[0 ... IE_TIM_BITMAP_LEN - 1] = 0xff};
	const struct ap_tim tim = {.multicast = true, .vbm = all};
	uint8_t *p;

	full_bss();
	env.bss.rates.n = IE_RATES_MAX;
	for (int i = 0; i < IE_RATES_MAX; i++)
		env.bss.rates.rate[i] = (uint8_t)(0x80 | (i + 2));
	env.bss.n_country = BSS_COUNTRY_TRIPLETS_MAX;
	env.bss.ssid_len = IE_SSID_MAX;
	CHECK(bss_set_rsn(&env.bss, RSN_AKM_PSK | RSN_AKM_PSK_SHA256,
			  apt_pmk) == 0);
	apt_env_refresh(&env);
	p = ap_build_beacon(&env.bss, &tim, 0, 0, b, b + sizeof(b));
	CHECK(p != NULL && p - b < 600);
	/* one octet short: the builder refuses rather than overflows */
	CHECK(ap_build_beacon(&env.bss, &tim, 0, 0, b, p - 1) == NULL);
}

/* A probe response is the beacon with the real SSID and without TIM:
 * its elements are the head's (SSID shown) followed by the tail. */
static void check_probe_resp(const uint8_t to[6])
{
	struct wlan_hdr h = apt_hdr(&env.out, 0);
	struct wlan_mgmt m = apt_mgmt(&env.out, 0);
	struct bss shown = env.bss;
	uint8_t *p;

	CHECK_EQ_INT(env.out.n_frames, 1);
	CHECK_EQ_INT(env.out.frame[0].kind, AP_FRAME_PROBE_RESP);
	CHECK_EQ_INT(env.out.frame[0].flags,
		     AP_FRAME_F_NEEDS_ACK | AP_FRAME_F_TX_SEQ);
	CHECK_EQ_INT(m.subtype, WLAN_STYPE_PROBE_RESP);
	CHECK(mac_equal(h.addr1, to) && mac_equal(h.addr3, apt_bssid));
	CHECK_EQ_INT(m.u.beacon.timestamp, env.now / 1000);
	CHECK_EQ_INT(m.u.beacon.capab, env.bss.capab);
	shown.ignore_broadcast_ssid = BSS_SSID_VISIBLE;
	p = ap_build_beacon_head(&shown, 0, 0, b, b + sizeof(b));
	p = ap_build_beacon_tail(&shown, p, b + sizeof(b));
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ_INT(m.ies_len, (size_t)(p - b) - 36);
	CHECK_MEM(m.ies, b + 36, m.ies_len);
}

static void test_probe_requests(void)
{
	static const uint8_t other[6] = {0x02, 0x77, 0, 0, 0, 1};
	const uint8_t *ssid = env.bss.ssid;
	uint8_t bad[APT_FRAME_MAX];
	size_t n;

	apt_env_init(&env, RSN_AKM_PSK);
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, bcast, bcast, ssid, 0, 0)),
		AP_OK);
	check_probe_resp(sta1);
	CHECK_EQ_INT(
		apt_rx(&env, f,
		       apt_probe(f, sta1, apt_bssid, apt_bssid, ssid, 9, 6)),
		AP_OK);
	check_probe_resp(sta1);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_probe(f, sta1, bcast, bcast,
				      (const uint8_t *)"other", 5, 0)),
		     AP_DROP_PROBE_SSID);
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, bcast, bcast, NULL, 0, 0)),
		AP_DROP_PROBE_SSID);
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, bcast, bcast, ssid, 0, 1)),
		AP_DROP_PROBE_CHANNEL);
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, other, bcast, ssid, 0, 0)),
		AP_DROP_NOT_OUR_BSS);
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, bcast, other, ssid, 0, 0)),
		AP_DROP_NOT_OUR_BSS);
	n = apt_probe(bad, sta1, bcast, bcast, ssid, 0, 0);
	bad[n++] = IE_VENDOR; /* an element header without its body */
	bad[n++] = 9;
	CHECK_EQ_INT(apt_rx(&env, bad, n), AP_DROP_BAD_ELEMENTS);
	CHECK_EQ_INT(env.out.n_frames, 0);
	/* hidden: only a probe naming the SSID is answered */
	env.bss.ignore_broadcast_ssid = BSS_SSID_ZEROED;
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, bcast, bcast, ssid, 0, 0)),
		AP_DROP_PROBE_HIDDEN);
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, bcast, bcast, ssid, 9, 0)),
		AP_OK);
	check_probe_resp(sta1);
	/* a known station probing is answered the same way */
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(
		apt_rx(&env, f, apt_probe(f, sta1, bcast, bcast, ssid, 9, 0)),
		AP_OK);
	check_probe_resp(sta1);
}

static void test_5ghz_and_deauth_all(void)
{
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e;
	uint8_t *p;

	apt_env_init(&env, 0);
	env.bss.hw_mode = BSS_HW_MODE_A;
	env.bss.channel = 36;
	bss_default_rates(BSS_HW_MODE_A, &env.bss.rates);
	apt_env_refresh(&env);
	CHECK_EQ_INT(env.bss.capab, WLAN_CAPAB_ESS);
	p = ap_build_probe_resp(&env.bss, sta1, 3, 0, b, b + sizeof(b));
	CHECK(p && wlan_parse_hdr(b, (size_t)(p - b), &h) == WLAN_HDR_OK);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	CHECK(!ie_find(m.ies, m.ies_len, IE_DS_PARAMS, &e));
	CHECK(!ie_find(m.ies, m.ies_len, IE_ERP, &e));
	CHECK(!ie_find(m.ies, m.ies_len, IE_EXT_RATES, &e));
	p = ap_build_deauth_all(&env.bss, WLAN_REASON_DEAUTH_LEAVING, 12, b,
				b + sizeof(b));
	CHECK(p && wlan_parse_hdr(b, (size_t)(p - b), &h) == WLAN_HDR_OK);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	CHECK(m.subtype == WLAN_STYPE_DEAUTH && mac_is_broadcast(h.addr1));
	CHECK(m.u.reason == 3 && h.seq == 12);
}

int main(void)
{
	check_begin("test_ap_beacon");
	RUN(test_bss_defaults);
	RUN(test_bss_check);
	RUN(test_beacon_contents);
	RUN(test_hidden_ssid);
	RUN(test_head_tail_split);
	RUN(test_largest_beacon);
	RUN(test_probe_requests);
	RUN(test_5ghz_and_deauth_all);
	apt_cleanup();
	return check_end();
}
