/*
 * test_ap_class.c - frame classes and the station life cycle (mlme/ap.c):
 * class 2 and class 3 frames from unknown and from authenticated
 * stations (deauthentication reason 6 / 7, disassociation reason 7,
 * 11.3.3), Deauthentication and Disassociation from a station, the
 * operator's ap_deauth / ap_disassoc, inactivity (reason 4), and data
 * frames: EAPOL, null data, other data before and after authorization.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>

static const uint8_t sta1[6] = {0x02, 0xdd, 0x00, 0x00, 0x00, 0x09};

static struct apt_env env;
static uint8_t f[APT_FRAME_MAX];
static const uint8_t payload[] = {0xaa, 0xaa, 0x03, 0,	  0,
				  0,	0x08, 0x00, 0x45, 0x00};

/* One answer in env.out: subtype, to sta, with reason; TX seq flag when
 * the station is unknown. */
static void expect_answer(uint8_t subtype, uint16_t reason, bool unknown)
{
	struct wlan_hdr h = apt_hdr(&env.out, 0);
	struct wlan_mgmt m = apt_mgmt(&env.out, 0);

	CHECK_EQ_INT(env.out.n_frames, 1);
	CHECK_EQ_INT(m.subtype, subtype);
	CHECK_EQ_INT(apt_reason(&env.out, 0), reason);
	CHECK(mac_equal(h.addr1, sta1));
	CHECK_EQ_INT(!!(env.out.frame[0].flags & AP_FRAME_F_TX_SEQ), unknown);
}

static void test_class2_unknown(void)
{
	struct apt_assoc a;

	apt_env_init(&env, 0);
	apt_assoc_defaults(&env, &a);
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)),
		     AP_DROP_CLASS2_NOT_AUTH);
	expect_answer(WLAN_STYPE_DEAUTH, 6, true);
	a.reassoc = true;
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)),
		     AP_DROP_CLASS2_NOT_AUTH);
	expect_answer(WLAN_STYPE_DEAUTH, 6, true);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_reason_frame(f, sta1, WLAN_STYPE_DISASSOC, 8)),
		     AP_DROP_CLASS2_NOT_AUTH);
	expect_answer(WLAN_STYPE_DEAUTH, 6, true);
	CHECK(apt_sta(&env, sta1) == NULL);
	/* a deauthentication from an unknown station needs no answer */
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_reason_frame(f, sta1, WLAN_STYPE_DEAUTH, 3)),
		     AP_DROP_UNHANDLED);
	CHECK_EQ_INT(env.out.n_frames, 0);
}

static void test_class3_unknown(void)
{
	uint8_t action[64];
	size_t n;

	apt_env_init(&env, 0);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_DATA,
				     payload, sizeof(payload))),
		     AP_DROP_CLASS3_NOT_ASSOC);
	expect_answer(WLAN_STYPE_DEAUTH, 7, true);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_NULL,
				     NULL, 0)),
		     AP_DROP_CLASS3_NOT_ASSOC);
	expect_answer(WLAN_STYPE_DEAUTH, 7, true);
	/* a Block Ack Action frame is class 3, a Public one class 1 */
	n = (size_t)(wlan_put_mgmt_hdr(action, action + sizeof(action),
				       WLAN_STYPE_ACTION, apt_bssid, sta1,
				       apt_bssid, 0) -
		     action);
	action[n] = WLAN_ACTION_BLOCK_ACK;
	action[n + 1] = 0;
	CHECK_EQ_INT(apt_rx(&env, action, n + 2), AP_DROP_CLASS3_NOT_ASSOC);
	expect_answer(WLAN_STYPE_DEAUTH, 7, true);
	action[n] = WLAN_ACTION_PUBLIC;
	CHECK_EQ_INT(apt_rx(&env, action, n + 2), AP_DROP_UNHANDLED);
	CHECK_EQ_INT(env.out.n_frames, 0);
	/* not addressed to us: no answer */
	n = apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_DATA, NULL, 0);
	f[4] ^= 0x40;
	CHECK_EQ_INT(apt_rx(&env, f, n), AP_DROP_NOT_OUR_BSS);
	CHECK_EQ_INT(env.out.n_frames, 0);
}

/* Authenticated, not associated: class 3 gets a disassociation. */
static void test_class3_authenticated(void)
{
	struct ap_sta *s;

	apt_env_init(&env, 0);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_DATA,
				     payload, sizeof(payload))),
		     AP_DROP_CLASS3_NOT_ASSOC);
	expect_answer(WLAN_STYPE_DISASSOC, 7, false);
	CHECK_EQ_INT(apt_hdr(&env.out, 0).seq, 1); /* its own counter */
	s = apt_sta(&env, sta1);
	CHECK(s && s->state == AP_STA_AUTH);
	/* its Disassociation: it was not associated */
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_reason_frame(f, sta1, WLAN_STYPE_DISASSOC, 8)),
		     AP_DROP_NOT_ASSOCIATED);
}

/* Between the response and its TX status the station may already send
 * (it got the response); the frame is dropped, not answered. */
static void test_class3_pending(void)
{
	struct apt_assoc a;

	apt_env_init(&env, 0);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	apt_assoc_defaults(&env, &a);
	CHECK_EQ_INT(apt_rx(&env, f, apt_assoc_req(f, sta1, &a)), AP_OK);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_NULL,
				     NULL, 0)),
		     AP_DROP_ASSOC_PENDING);
	CHECK_EQ_INT(env.out.n_frames, 0);
}

static void test_station_leaves(void)
{
	struct ap_sta *s;

	apt_env_init(&env, 0);
	s = apt_associate(&env, sta1, NULL);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_reason_frame(f, sta1, WLAN_STYPE_DISASSOC, 8)),
		     AP_OK);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK(apt_event(&env.out, AP_EV_STA_DISCONNECTED, sta1));
	CHECK(apt_event(&env.out, AP_EV_STA_DISASSOCIATED, sta1));
	CHECK(s->state == AP_STA_AUTH && s->aid == 0);
	CHECK_EQ_INT(env.aid_map[0], 0);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_reason_frame(f, sta1, WLAN_STYPE_DEAUTH, 3)),
		     AP_OK);
	CHECK_EQ_INT(env.out.sta_action, AP_ACT_REMOVE);
	CHECK_EQ_INT(env.out.n_events, 0); /* it was not associated */
	CHECK(apt_sta(&env, sta1) == NULL);
	CHECK_EQ_INT(env.n_sta, 0);
	/* deauthentication straight from State 4 */
	apt_associate(&env, sta1, NULL);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_reason_frame(f, sta1, WLAN_STYPE_DEAUTH, 3)),
		     AP_OK);
	CHECK(apt_event(&env.out, AP_EV_STA_DISCONNECTED, sta1));
	CHECK(apt_sta(&env, sta1) == NULL);
	CHECK_EQ_INT(env.aid_map[0], 0);
}

static void test_operator(void)
{
	struct ap_sta *s;

	apt_env_init(&env, RSN_AKM_PSK);
	s = apt_associate(&env, sta1, NULL);
	CHECK_EQ_INT(apt_call(&env, sta1, ap_disassoc, 5), AP_OK);
	expect_answer(WLAN_STYPE_DISASSOC, 5, false);
	CHECK(!apt_event(&env.out, AP_EV_STA_DISCONNECTED, sta1));
	CHECK(apt_event(&env.out, AP_EV_STA_DISASSOCIATED, sta1));
	CHECK(s->state == AP_STA_AUTH && s->wpa.deadline == 0);
	CHECK_EQ_INT(apt_call(&env, sta1, ap_disassoc, 5),
		     AP_DROP_NOT_ASSOCIATED);
	CHECK_EQ_INT(apt_call(&env, sta1, ap_deauth, 2), AP_OK);
	expect_answer(WLAN_STYPE_DEAUTH, 2, false);
	CHECK(apt_sta(&env, sta1) == NULL);
	CHECK_EQ_INT(env.n_sta, 0);
}

/* ap_max_inactivity without a frame: deauthentication, reason 4. */
static void test_inactivity(void)
{
	uint64_t t0;

	apt_env_init(&env, 0);
	env.bss.max_inactivity = 10;
	apt_env_refresh(&env);
	apt_associate(&env, sta1, NULL);
	t0 = env.now;
	CHECK_EQ_INT(apt_advance(&env, t0 + 5 * AP_NS_PER_S), 0);
	/* any frame is activity: the timer starts again */
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_NULL,
				     NULL, 0)),
		     AP_OK);
	CHECK_EQ_INT(apt_advance(&env, t0 + 15 * AP_NS_PER_S - 1), 0);
	CHECK_EQ_INT(apt_advance(&env, t0 + 15 * AP_NS_PER_S), 1);
	expect_answer(WLAN_STYPE_DEAUTH, WLAN_REASON_DISASSOC_INACTIVITY,
		      false);
	CHECK(apt_event(&env.out, AP_EV_STA_DISCONNECTED, sta1));
	CHECK(apt_sta(&env, sta1) == NULL);
	/* ap_max_inactivity=0: no timer at all */
	env.bss.max_inactivity = 0;
	apt_env_refresh(&env);
	apt_associate(&env, sta1, NULL);
	CHECK_EQ_INT(apt_sta(&env, sta1)->deadline, 0);
}

static void test_data_frames(void)
{
	struct ap_sta *s;

	apt_env_init(&env, RSN_AKM_PSK);
	s = apt_associate(&env, sta1, NULL);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_DATA,
				     payload, sizeof(payload))),
		     AP_DROP_PORT_CLOSED);
	CHECK_EQ_INT(
		apt_rx(&env, f,
		       apt_data(f, sta1, WLAN_FC_TODS | WLAN_FC_PROTECTED,
				WLAN_STYPE_DATA, payload, sizeof(payload))),
		AP_DROP_PROTECTED);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, 0, WLAN_STYPE_DATA, payload,
				     sizeof(payload))),
		     AP_DROP_NOT_TODS);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_NULL,
				     NULL, 0)),
		     AP_OK);
	CHECK_EQ_INT(s->last_activity, env.now);
	/* an open BSS: data passes once associated */
	apt_env_init(&env, 0);
	apt_associate(&env, sta1, NULL);
	CHECK_EQ_INT(apt_rx(&env, f,
			    apt_data(f, sta1, WLAN_FC_TODS, WLAN_STYPE_DATA,
				     payload, sizeof(payload))),
		     AP_PASS_DATA);
	CHECK_EQ_INT(env.out.n_frames, 0);
}

/* A retry (Retry bit, same Sequence Control) of a handled request is
 * dropped: a lost ACK must not restart the association. */
static void test_duplicate(void)
{
	struct apt_assoc a;
	struct ap_sta *s;
	size_t n;

	apt_env_init(&env, 0);
	s = apt_associate(&env, sta1, NULL);
	apt_assoc_defaults(&env, &a);
	n = apt_assoc_req(f, sta1, &a);
	f[22] = 0x50;				 /* sequence number 5 */
	CHECK_EQ_INT(apt_rx(&env, f, n), AP_OK); /* a new request */
	CHECK_EQ_INT(apt_tx_status(&env, 0, true), AP_OK);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(apt_rx(&env, f, n), AP_DROP_DUPLICATE);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
	f[22] = 0x60; /* a retry of another frame is handled */
	CHECK_EQ_INT(apt_rx(&env, f, n), AP_OK);
	CHECK_EQ_INT(s->state, AP_STA_ASSOC_PENDING);
}

/* Every verdict, event and state has a name. */
static void test_names(void)
{
	for (int v = 0; v < AP_VERDICT_COUNT; v++)
		CHECK(strcmp(ap_verdict_name((enum ap_verdict)v), "?") != 0);
	CHECK(strcmp(ap_verdict_name(AP_VERDICT_COUNT), "?") == 0);
	for (int k = AP_EV_STA_ASSOCIATED; k <= AP_EV_REJECTED_MAX_STA; k++)
		CHECK(strcmp(ap_event_name((enum ap_event_kind)k), "?") != 0);
	CHECK(strcmp(ap_event_name(AP_EV_STA_CONNECTED), "AP-STA-CONNECTED") ==
	      0);
	CHECK(!ap_event_is_ctrl(AP_EV_STA_ASSOCIATED));
	for (int s = AP_STA_NEW; s <= AP_STA_GONE; s++)
		CHECK(strcmp(ap_sta_state_name((enum ap_sta_state)s), "?") !=
		      0);
}

int main(void)
{
	check_begin("test_ap_class");
	RUN(test_class2_unknown);
	RUN(test_class3_unknown);
	RUN(test_class3_authenticated);
	RUN(test_class3_pending);
	RUN(test_station_leaves);
	RUN(test_operator);
	RUN(test_inactivity);
	RUN(test_data_frames);
	RUN(test_duplicate);
	RUN(test_names);
	apt_cleanup();
	return check_end();
}
