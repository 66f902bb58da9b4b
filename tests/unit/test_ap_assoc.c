/*
 * test_ap_assoc.c - (Re)Association Requests (mlme/ap_assoc.c) and the TX
 * status of the response: success (AID of the station's shard class,
 * rates, HT and WMM elements), ACKed / not ACKed / no status at all, a
 * stale status, reassociation, and every refusal with its status code:
 * 1 (SSID, rates missing, malformed elements), 10 (capability), 17 (no
 * AID left), 18 (basic rate unsupported), 51 (listen interval), and the
 * RSN element's 40-46 and 31. Answers are parsed back with the codec.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>

static const uint8_t sta1[6] = {0x02, 0xcc, 0x00, 0x00, 0x00, 0x05};
static const uint8_t sta2[6] = {0x02, 0xcc, 0x00, 0x00, 0x01, 0x05};

static struct apt_env env;
static uint8_t f[APT_FRAME_MAX];

/* The (Re)Association Response in env.out (frame 0) to sta. */
static struct wlan_assoc_resp response(const uint8_t sta[6], bool reassoc)
{
	struct wlan_hdr h = apt_hdr(&env.out, 0);
	struct wlan_mgmt m = apt_mgmt(&env.out, 0);

	CHECK_EQ_INT(env.out.frame[0].kind,
		     reassoc ? AP_FRAME_REASSOC_RESP : AP_FRAME_ASSOC_RESP);
	CHECK_EQ_INT(m.subtype,
		     reassoc ? WLAN_STYPE_REASSOC_RESP : WLAN_STYPE_ASSOC_RESP);
	CHECK(env.out.frame[0].flags & AP_FRAME_F_NEEDS_ACK);
	CHECK(mac_equal(h.addr1, sta) && mac_equal(h.addr3, apt_bssid));
	CHECK_EQ_INT(m.u.assoc_resp.capab, env.bss.capab);
	return m.u.assoc_resp;
}

static void authenticate(const uint8_t sta[6])
{
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
}

static void test_assoc_success(void)
{
	struct wlan_mgmt m;
	struct ie_rateset rs = {0};
	struct apt_assoc a;
	struct ap_sta *s;

	apt_env_init(&env, 0);
	authenticate(sta1);
	apt_assoc_defaults(&env, &a);
	a.listen_int = 3;
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	CHECK_EQ_INT(response(sta1, false).status, WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(response(sta1, false).aid, 5); /* shard 5's lowest */
	m = apt_mgmt(&env.out, 0);
	CHECK_EQ_INT(ie_parse_rateset(m.ies, m.ies_len, &rs), IE_OK);
	CHECK_EQ_INT(rs.n, env.bss.rates.n);
	CHECK_MEM(rs.rate, env.bss.rates.rate, rs.n);
	s = apt_sta(&env, sta1);
	CHECK_EQ_INT(s->state, AP_STA_ASSOC_PENDING);
	CHECK_EQ_INT(s->listen_int, 3);
	CHECK_EQ_INT(s->capab, a.capab);
	CHECK_EQ_INT(s->deadline, env.now + AP_TX_STATUS_TIMEOUT_NS);
	CHECK_EQ_INT(env.out.n_events, 0);
	CHECK_EQ_INT(apt_tx_status(&env, 0, true), AP_OK);
	CHECK_EQ_INT(env.out.n_events, 2);
	CHECK_EQ_INT(env.out.event[0].kind, AP_EV_STA_ASSOCIATED);
	CHECK_EQ_INT(env.out.event[0].code, 5);
	CHECK_EQ_INT(env.out.event[1].kind, AP_EV_STA_CONNECTED);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
	CHECK_EQ_INT(s->assoc_time, env.now);
	CHECK_EQ_INT(s->deadline, env.now + 300 * AP_NS_PER_S);
	/* a second station of shard 5 gets the next AID of the class */
	apt_associate(&env, sta2, NULL);
	CHECK_EQ_INT(apt_sta(&env, sta2)->aid, 69);
}

static void test_not_acked(void)
{
	struct ap_sta *s;
	struct apt_assoc a;

	apt_env_init(&env, 0);
	authenticate(sta1);
	apt_assoc_defaults(&env, &a);
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	CHECK_EQ_INT(apt_tx_status(&env, 0, false), AP_OK);
	s = apt_sta(&env, sta1);
	CHECK_EQ_INT(s->state, AP_STA_AUTH);
	CHECK_EQ_INT(s->aid, 0);
	CHECK_EQ_INT(env.aid_map[0], 0);
	CHECK_EQ_INT(env.out.n_events, 0);
	/* no TX status at all: after AP_TX_STATUS_TIMEOUT_NS, the same */
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	CHECK_EQ_INT(apt_advance(&env, env.now + AP_TX_STATUS_TIMEOUT_NS - 1),
		     0);
	CHECK_EQ_INT(apt_advance(&env, env.now + 1), 1);
	CHECK_EQ_INT(s->state, AP_STA_AUTH);
	CHECK_EQ_INT(env.aid_map[0], 0);
}

/* Only the awaited response's status counts. */
static void test_stale_tx_status(void)
{
	struct apt_assoc a;
	struct ap_out first;

	apt_env_init(&env, 0);
	authenticate(sta1);
	CHECK_EQ_INT(apt_tx_status(&env, 0, true), AP_DROP_TX_STATUS_STALE);
	apt_assoc_defaults(&env, &a);
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	first = env.out;
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	env.out = first; /* the status of the first response comes late */
	CHECK_EQ_INT(apt_tx_status(&env, 0, true), AP_DROP_TX_STATUS_STALE);
	CHECK_EQ_INT(apt_sta(&env, sta1)->state, AP_STA_ASSOC_PENDING);
}

static void test_reassoc(void)
{
	struct apt_assoc a;
	struct ap_sta *s;

	apt_env_init(&env, 0);
	apt_assoc_defaults(&env, &a);
	a.reassoc = true;
	s = apt_associate(&env, sta1, &a);
	CHECK(s && s->reassoc);
	/* reassociating while associated: the old association ends first */
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	CHECK(apt_event(&env.out, AP_EV_STA_DISCONNECTED, sta1));
	CHECK(apt_event(&env.out, AP_EV_STA_DISASSOCIATED, sta1));
	CHECK_EQ_INT(response(sta1, true).status, WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(response(sta1, true).aid, 5);
	CHECK_EQ_INT(apt_tx_status(&env, 0, true), AP_OK);
	CHECK(apt_event(&env.out, AP_EV_STA_CONNECTED, sta1));
}

/* Sends a to an authenticated station, expects status want; a refused
 * station stays authenticated with no AID. */
static void expect_status(const struct apt_assoc *a, uint16_t want)
{
	struct ap_sta *s;

	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, a)), AP_OK);
	CHECK_EQ_INT(response(sta1, false).status, want);
	s = apt_sta(&env, sta1);
	if (want == WLAN_STATUS_SUCCESS || !s)
		return;
	CHECK_EQ_INT(response(sta1, false).aid, 0);
	CHECK_EQ_INT(s->state, AP_STA_AUTH);
	CHECK_EQ_INT(s->aid, 0);
}

static void test_basic_refusals(void)
{
	static const uint8_t other_ssid[] = "rapd-other";
	static const uint8_t bad_ie[] = {0xdd, 0x10, 0x00};
	struct apt_assoc a;

	apt_env_init(&env, 0);
	env.bss.max_listen_interval = 100;
	apt_env_refresh(&env);
	authenticate(sta1);
	apt_assoc_defaults(&env, &a);
	a.ssid = other_ssid;
	a.ssid_len = sizeof(other_ssid) - 1;
	expect_status(&a, WLAN_STATUS_UNSPECIFIED_FAILURE);
	a.ssid = NULL;
	expect_status(&a, WLAN_STATUS_UNSPECIFIED_FAILURE);
	apt_assoc_defaults(&env, &a);
	a.capab |= WLAN_CAPAB_IBSS;
	expect_status(&a, WLAN_STATUS_CAPS_UNSUPPORTED);
	apt_assoc_defaults(&env, &a);
	a.capab |= WLAN_CAPAB_PRIVACY; /* WEP in an open BSS */
	expect_status(&a, WLAN_STATUS_CAPS_UNSUPPORTED);
	apt_assoc_defaults(&env, &a);
	a.listen_int = 101;
	expect_status(&a, WLAN_STATUS_ASSOC_DENIED_LISTEN_INT_TOO_LARGE);
	apt_assoc_defaults(&env, &a);
	bss_default_rates(BSS_HW_MODE_A, &a.rates); /* no 1, 2, 5.5, 11 */
	expect_status(&a, WLAN_STATUS_ASSOC_DENIED_RATES);
	a.rates.n = 0;
	expect_status(&a, WLAN_STATUS_UNSPECIFIED_FAILURE);
	apt_assoc_defaults(&env, &a);
	a.extra = bad_ie;
	a.extra_len = sizeof(bad_ie);
	expect_status(&a, WLAN_STATUS_UNSPECIFIED_FAILURE);
	apt_assoc_defaults(&env, &a);
	a.capab = 0; /* ESS is not required in a request */
	a.listen_int = 100;
	expect_status(&a, WLAN_STATUS_SUCCESS);
}

/* The station's RSN element against a WPA2-PSK/CCMP AP. */
static void test_rsn_refusals(void)
{
	/* clang-format off */
	static const struct { const char *rsne; uint16_t status; } cases[] = {
		{NULL, WLAN_STATUS_INVALID_IE},
		/* version only: the defaults, AKM 802.1X among them */
		{"30020100", WLAN_STATUS_INVALID_AKMP},
		{"3014 0100 000fac02 0100000fac04 0100000fac02 0000",
		 WLAN_STATUS_INVALID_GROUP_CIPHER},
		{"3014 0100 000fac04 0100000fac02 0100000fac02 0000",
		 WLAN_STATUS_INVALID_PAIRWISE_CIPHER},
		{"3018 0100 000fac04 0200000fac04000fac04 0100000fac02 0000",
		 WLAN_STATUS_INVALID_PAIRWISE_CIPHER},
		{"3014 0100 000fac04 0100000fac04 0100000fac01 0000",
		 WLAN_STATUS_INVALID_AKMP},
		{"3014 0200 000fac04 0100000fac04 0100000fac02 0000",
		 WLAN_STATUS_UNSUPPORTED_RSN_IE_VERSION},
		{"3014 0100 000fac04 0100000fac04 0100000fac02 4000",
		 WLAN_STATUS_INVALID_RSN_IE_CAPAB},
		{"3014 0100 000fac04 0100000fac01 0100000fac02 0000",
		 WLAN_STATUS_CIPHER_REJECTED_PER_POLICY},
		{"3014 0100 000fac04 0100000fac04 0100000fac02 c000",
		 WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION},
		{"3013 0100 000fac04 0100000fac04 0100000fac02 00",
		 WLAN_STATUS_INVALID_IE},
	};
	/* clang-format on */
	uint8_t rsne[64];
	struct apt_assoc a;

	apt_env_init(&env, RSN_AKM_PSK);
	authenticate(sta1);
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(cases); i++) {
		apt_assoc_defaults(&env, &a);
		a.rsn_ie = NULL;
		a.rsn_ie_len = 0;
		if (cases[i].rsne) {
			a.rsn_ie = rsne;
			a.rsn_ie_len = check_unhex_upto(cases[i].rsne, rsne,
							sizeof(rsne));
		}
		expect_status(&a, cases[i].status);
	}
}

/* No AID left anywhere: status 17. */
static void test_no_aid(void)
{
	struct apt_assoc a;

	apt_env_init(&env, 0);
	memset(env.aid_map, 0xff, sizeof(env.aid_map));
	authenticate(sta1);
	apt_assoc_defaults(&env, &a);
	expect_status(&a, WLAN_STATUS_AP_UNABLE_TO_HANDLE_NEW_STA);
}

/* HT and WMM: the response carries HT Capabilities and Operation, and
 * the WMM Parameter element only to a WMM station. */
static void test_ht_wmm_elements(void)
{
	struct wlan_mgmt m;
	struct apt_assoc a;
	struct ie e;
	struct ap_sta *s;

	apt_env_init(&env, RSN_AKM_PSK);
	env.bss.ht = true;
	env.bss.wmm = true;
	apt_env_refresh(&env);
	apt_assoc_defaults(&env, &a);
	a.ht = true;
	a.wmm = true;
	authenticate(sta1);
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	m = apt_mgmt(&env.out, 0);
	CHECK(ie_find(m.ies, m.ies_len, IE_HT_CAPAB, &e));
	CHECK(ie_find(m.ies, m.ies_len, IE_HT_OPER, &e) && e.data[0] == 6);
	CHECK(ie_find_vendor(m.ies, m.ies_len, IE_OUI_MICROSOFT,
			     IE_WMM_OUI_TYPE, &e));
	s = apt_sta(&env, sta1);
	CHECK(s->ht && s->wmm && s->ht_capab.mcs[0] == 0xff);
	CHECK_EQ_INT(s->rsn_ie_len, a.rsn_ie_len);
	CHECK_MEM(s->rsn_ie, a.rsn_ie, a.rsn_ie_len);
	CHECK_EQ_INT(s->wpa.akm, RSN_AKM_PSK);
	a.wmm = false;
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	m = apt_mgmt(&env.out, 0);
	CHECK(!ie_find_vendor(m.ies, m.ies_len, IE_OUI_MICROSOFT,
			      IE_WMM_OUI_TYPE, &e));
	CHECK(!s->wmm);
}

int main(void)
{
	check_begin("test_ap_assoc");
	RUN(test_assoc_success);
	RUN(test_not_acked);
	RUN(test_stale_tx_status);
	RUN(test_reassoc);
	RUN(test_basic_refusals);
	RUN(test_rsn_refusals);
	RUN(test_no_aid);
	RUN(test_ht_wmm_elements);
	apt_cleanup();
	return check_end();
}
