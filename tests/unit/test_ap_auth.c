/*
 * test_ap_auth.c - Authentication frames (mlme/ap_auth.c) through the
 * AP's dispatcher: Open System accepted, every refusal with its status
 * code (13 Shared Key and unknown algorithms, 14 transaction number, 1
 * for an ACL-denied station and for our own address, 17 and
 * AP-REJECTED-MAX-STA for a full table), re-authentication of an
 * associated station, and the station table actions the worker carries
 * out. The answers are parsed back with the codec.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>

static const uint8_t sta1[6] = {0x02, 0xaa, 0x00, 0x00, 0x00, 0x01};
static const uint8_t sta2[6] = {0x02, 0xaa, 0x00, 0x00, 0x00, 0x02};

static struct apt_env env;
static uint8_t f[APT_FRAME_MAX];

/* The Authentication answer in env.out: frame 0 to sta. */
static struct wlan_auth answer(const uint8_t sta[6])
{
	struct wlan_hdr h = apt_hdr(&env.out, 0);
	struct wlan_mgmt m = apt_mgmt(&env.out, 0);

	CHECK_EQ_INT(env.out.n_frames, 1);
	CHECK_EQ_INT(env.out.frame[0].kind, AP_FRAME_AUTH);
	CHECK(env.out.frame[0].flags & AP_FRAME_F_NEEDS_ACK);
	CHECK_EQ_INT(m.subtype, WLAN_STYPE_AUTH);
	CHECK(mac_equal(h.addr1, sta) && mac_equal(h.addr2, apt_bssid) &&
	      mac_equal(h.addr3, apt_bssid));
	return m.u.auth;
}

static void test_open_system(void)
{
	struct wlan_auth a;
	struct ap_sta *s;

	apt_env_init(&env, RSN_AKM_PSK);
	CHECK(ap_creates_sta(&(struct wlan_hdr){.type = WLAN_FC_TYPE_MGMT,
						.subtype = WLAN_STYPE_AUTH,
						.addr2 = sta1}));
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(env.out.sta_action, AP_ACT_INSERT);
	a = answer(sta1);
	CHECK_EQ_INT(a.alg, WLAN_AUTH_OPEN);
	CHECK_EQ_INT(a.trans_seq, 2);
	CHECK_EQ_INT(a.status, WLAN_STATUS_SUCCESS);
	s = apt_sta(&env, sta1);
	CHECK(s && s->state == AP_STA_AUTH && s->counted && s->aid == 0);
	CHECK_EQ_INT(env.n_sta, 1);
	CHECK_EQ_INT(apt_hdr(&env.out, 0).seq, 0); /* the station's counter */
	/* hostapd's inactivity timer runs from authentication on */
	CHECK_EQ_INT(s->deadline, env.now + 300 * AP_NS_PER_S);
	/* authenticating again: same station, same place, next seq */
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(env.out.sta_action, AP_ACT_KEEP);
	CHECK_EQ_INT(answer(sta1).status, WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(apt_hdr(&env.out, 0).seq, 1);
	CHECK_EQ_INT(env.n_sta, 1);
}

/* Refused fresh stations: an answer, and nothing kept. */
static void refused(uint16_t alg, uint16_t seq, uint16_t want)
{
	unsigned before = env.n_sta;

	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta2, alg, seq)), AP_OK);
	CHECK_EQ_INT(env.out.sta_action, AP_ACT_REMOVE);
	CHECK_EQ_INT(answer(sta2).status, want);
	CHECK_EQ_INT(answer(sta2).alg, alg);
	CHECK_EQ_INT(answer(sta2).trans_seq, seq + 1);
	CHECK(apt_sta(&env, sta2) == NULL);
	CHECK_EQ_INT(env.n_sta, before);
}

static void test_refusals(void)
{
	apt_env_init(&env, 0);
	refused(WLAN_AUTH_SHARED_KEY, 1, WLAN_STATUS_NOT_SUPPORTED_AUTH_ALG);
	refused(WLAN_AUTH_SAE, 1, WLAN_STATUS_NOT_SUPPORTED_AUTH_ALG);
	refused(WLAN_AUTH_FT, 1, WLAN_STATUS_NOT_SUPPORTED_AUTH_ALG);
	refused(WLAN_AUTH_OPEN, 3, WLAN_STATUS_UNKNOWN_AUTH_TRANSACTION);
	/* auth_algs=3 allows Shared Key in the config; rapd still says 13 */
	env.bss.auth_algs = BSS_AUTH_OPEN | BSS_AUTH_SHARED;
	apt_env_refresh(&env);
	refused(WLAN_AUTH_SHARED_KEY, 1, WLAN_STATUS_NOT_SUPPORTED_AUTH_ALG);
}

static void test_acl_deny(void)
{
	apt_env_init(&env, 0);
	memcpy(env.deny[env.n_deny++], sta2, 6);
	refused(WLAN_AUTH_OPEN, 1, WLAN_STATUS_UNSPECIFIED_FAILURE);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(answer(sta1).status, WLAN_STATUS_SUCCESS);
}

/* A frame claiming our own address as its source is refused. */
static void test_own_address(void)
{
	apt_env_init(&env, 0);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, apt_bssid, 0, 1)), AP_OK);
	CHECK_EQ_INT(env.out.sta_action, AP_ACT_REMOVE);
	CHECK_EQ_INT(answer(apt_bssid).status, WLAN_STATUS_UNSPECIFIED_FAILURE);
}

static void test_table_full(void)
{
	apt_env_init(&env, 0);
	env.bss.max_sta = 1;
	apt_env_refresh(&env);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	refused(WLAN_AUTH_OPEN, 1, WLAN_STATUS_AP_UNABLE_TO_HANDLE_NEW_STA);
	CHECK(apt_event(&env.out, AP_EV_REJECTED_MAX_STA, sta2));
	CHECK(strcmp(ap_event_name(AP_EV_REJECTED_MAX_STA),
		     "AP-REJECTED-MAX-STA") == 0);
	CHECK(ap_event_is_ctrl(AP_EV_REJECTED_MAX_STA));
	/* a known station re-authenticating still fits */
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(answer(sta1).status, WLAN_STATUS_SUCCESS);
	/* once it leaves, its place is free */
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_reason_frame(f, sta1, WLAN_STYPE_DEAUTH, 3)),
		     AP_OK);
	CHECK_EQ_INT(env.n_sta, 0);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta2, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(answer(sta2).status, WLAN_STATUS_SUCCESS);
}

/* An authorized station authenticating again starts over: it is
 * disconnected and disassociated (AID freed), and stays authenticated. */
static void test_reauth_of_associated(void)
{
	struct ap_sta *s;
	uint16_t aid;

	apt_env_init(&env, 0);
	s = apt_associate(&env, sta1, NULL);
	CHECK(s != NULL);
	if (!s)
		return;
	aid = s->aid;
	CHECK(aid != 0);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(answer(sta1).status, WLAN_STATUS_SUCCESS);
	CHECK(apt_event(&env.out, AP_EV_STA_DISCONNECTED, sta1));
	CHECK(apt_event(&env.out, AP_EV_STA_DISASSOCIATED, sta1));
	CHECK_EQ_INT(s->state, AP_STA_AUTH);
	CHECK_EQ_INT(s->aid, 0);
	CHECK_EQ_INT(env.aid_map[aid / 64] & (1ull << (aid % 64)), 0);
	CHECK_EQ_INT(env.n_sta, 1);
}

/* Authentication frames that are not for us, or not from a station. */
static void test_auth_not_for_us(void)
{
	static const uint8_t other[6] = {0x02, 0xbb, 0, 0, 0, 1};
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ap_sta s;
	size_t n;

	apt_env_init(&env, 0);
	n = apt_auth(f, sta1, WLAN_AUTH_OPEN, 1);
	memcpy(f + 4, other, 6); /* addr1: another BSS */
	CHECK_EQ_INT(apt_rx(&env, f, n), AP_DROP_NOT_OUR_BSS);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK(apt_sta(&env, sta1) == NULL);
	/* given to ap_rx_nosta, Authentication asks for a station */
	n = apt_auth(f, sta1, WLAN_AUTH_OPEN, 1);
	CHECK_EQ_INT(wlan_parse_hdr(f, n, &h), WLAN_HDR_OK);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	ap_out_reset(&env.out);
	CHECK_EQ_INT(ap_rx_nosta(&env.ctx, &h, &m, env.now, &env.out),
		     AP_DROP_NEEDS_STA);
	/* a station struct for another address is refused */
	ap_sta_init(&s, sta2, 2, env.now);
	CHECK_EQ_INT(ap_rx_mgmt(&env.ctx, &s, &h, &m, env.now, &env.out),
		     AP_DROP_WRONG_STA);
	/* a group source never makes a station */
	h.addr2 = (const uint8_t[6]){0x03, 0, 0, 0, 0, 1};
	CHECK(!ap_creates_sta(&h));
}

/* A fresh station given a frame other than Authentication is dropped
 * again, and the frame is treated as from an unknown station. */
static void test_fresh_station_non_auth(void)
{
	struct apt_assoc a;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ap_sta s;
	size_t n;

	apt_env_init(&env, 0);
	apt_assoc_defaults(&env, &a);
	n = apt_assoc_req(f, sta1, &a);
	CHECK_EQ_INT(wlan_parse_hdr(f, n, &h), WLAN_HDR_OK);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	ap_sta_init(&s, sta1, 1, env.now);
	ap_out_reset(&env.out);
	CHECK_EQ_INT(ap_rx_mgmt(&env.ctx, &s, &h, &m, env.now, &env.out),
		     AP_DROP_CLASS2_NOT_AUTH);
	CHECK_EQ_INT(env.out.sta_action, AP_ACT_REMOVE);
	CHECK_EQ_INT(s.state, AP_STA_GONE);
	CHECK_EQ_INT(apt_reason(&env.out, 0), 6);
	CHECK_EQ_INT(env.n_sta, 0);
}

int main(void)
{
	check_begin("test_ap_auth");
	RUN(test_open_system);
	RUN(test_refusals);
	RUN(test_acl_deny);
	RUN(test_own_address);
	RUN(test_table_full);
	RUN(test_reauth_of_associated);
	RUN(test_auth_not_for_us);
	RUN(test_fresh_station_non_auth);
	apt_cleanup();
	return check_end();
}
