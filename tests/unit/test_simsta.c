/*
 * test_simsta.c - the simulated station's management side: the frames it
 * sends, every check on probe responses, beacons, authentication and
 * association responses failing with its own verdict, its timers
 * (retries, restarts, FAILED), deauthentication, and the vanish and churn
 * options. The EAPOL checks are in test_simsta_eapol.c. The AP is
 * hand-built (simsta_testutil.c).
 */
#include "check.h"
#include "simsta_testutil.h"

#include <rapd/bytes.h>
#include <rapd/simsta.h>

#define MS 1000000ull

static void test_happy_path_frames(void)
{
	static struct st_fx fx;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct rsn_ie rsn;
	struct st_bss b;
	struct ie e;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);
	CHECK_EQ_INT(fx.s.deadline, 0);
	st_tick(&fx, 0);
	/* probe request: broadcast, wildcard BSSID, our SSID */
	CHECK(st_out_mgmt(&fx, 0, WLAN_STYPE_PROBE_REQ, &h, &m));
	CHECK(mac_is_broadcast(h.addr1) && mac_is_broadcast(h.addr3));
	CHECK(ie_find(m.ies, m.ies_len, IE_SSID, &e));
	CHECK_EQ_INT(e.len, ST_SSID_LEN);
	CHECK_MEM(e.data, st_ssid, ST_SSID_LEN);
	CHECK_EQ_INT(fx.s.deadline, 200 * MS);

	st_bss_default(&fx, &b);
	st_put_bss(&fx, &b);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK(st_out_mgmt(&fx, 0, WLAN_STYPE_AUTH, &h, &m));
	CHECK(mac_equal(h.addr1, st_bssid) && mac_equal(h.addr3, st_bssid));
	CHECK_EQ_INT(m.u.auth.alg, WLAN_AUTH_OPEN);
	CHECK_EQ_INT(m.u.auth.trans_seq, 1);
	CHECK_EQ_INT(h.seq, 1); /* the probe took 0 */

	st_put_auth(&fx, WLAN_AUTH_OPEN, 2, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK(st_out_mgmt(&fx, 0, WLAN_STYPE_ASSOC_REQ, &h, &m));
	CHECK(ie_find(m.ies, m.ies_len, IE_SSID, &e));
	CHECK(ie_find(m.ies, m.ies_len, IE_RSN, &e));
	CHECK_EQ_INT(rsn_parse(&e, &rsn), RSN_OK);
	CHECK_EQ_INT(rsn.akm_mask, RSN_AKM_PSK);
	CHECK_EQ_INT(rsn.pairwise_mask, RSN_CIPHER_CCMP);
	CHECK_EQ_INT(rsn_validate(&e, &fx.ap.rsn, NULL), WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(e.elem_len, fx.s.own_rsn_len);
	/* our rates are the AP's, no basic bit, no membership selector */
	CHECK(ie_find(m.ies, m.ies_len, IE_SUPP_RATES, &e));
	CHECK_EQ_INT(e.data[0], 0x02);
	CHECK_EQ_INT(fx.s.ap_rates.n, 12);

	st_put_assoc_resp(&fx, WLAN_STYPE_ASSOC_RESP, 0, 2007);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK_EQ_INT(fx.s.aid, 2007);
	CHECK_EQ_INT(fx.out.n, 0);
	CHECK_EQ_INT(fx.s.deadline, fx.now + 5000 * MS);
	st_m1_m2(&fx);
	st_m3_m4(&fx);
	CHECK_EQ_INT(fx.s.deadline, SIMSTA_NEVER);
	CHECK_EQ_INT(fx.cnt.connects, 1);
	CHECK_EQ_INT(fx.cnt.verdict[SIMSTA_OK], 5);
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_PROBE], 1);
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_M4], 1);
	simsta_wipe(&fx.s);
	CHECK_EQ_INT(fx.s.ptk_installed, false);
}

/* The AP offers both PSK AKMs: the station picks PSK-SHA256. */
static void test_akm_sha256(void)
{
	static struct st_fx fx;

	st_setup(&fx, RSN_AKM_PSK | RSN_AKM_PSK_SHA256, NULL, NULL);
	st_connect(&fx);
	CHECK_EQ_INT(fx.s.akm, RSN_AKM_PSK_SHA256);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_CONNECTED);
}

/* Sends b while scanning: verdict v, still scanning, nothing sent. */
static void expect_bss(struct st_fx *fx, const struct st_bss *b,
		       enum simsta_verdict v)
{
	st_put_bss(fx, b);
	CHECK_EQ_INT(st_rx_buf(fx), v);
	CHECK_EQ_INT(fx->s.state, SIMSTA_ST_PROBING);
	CHECK_EQ_INT(fx->out.n, 0);
}

/* Each check of a probe response failing on its own. */
static void test_bss_checks(void)
{
	static const uint8_t other[6] = {0x02, 0xbb, 0, 0, 0, 9};
	static const uint8_t rsn_trunc[5] = {IE_RSN, 3, 1, 0, 0};
	static const uint8_t bad_elems[3] = {IE_VENDOR, 9, 0};
	static struct st_fx fx;
	struct st_bss b;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_tick(&fx, 0);
	st_bss_default(&fx, &b);
	b.ssid = (const uint8_t *)"rapd-sin";
	expect_bss(&fx, &b, SIMSTA_BSS_BAD_SSID);
	b.ssid = st_ssid;
	b.ssid_len = 4;
	expect_bss(&fx, &b, SIMSTA_BSS_BAD_SSID);
	b.ssid = NULL;
	expect_bss(&fx, &b, SIMSTA_BSS_BAD_SSID);
	st_bss_default(&fx, &b);
	b.capab = WLAN_CAPAB_ESS;
	expect_bss(&fx, &b, SIMSTA_BSS_BAD_CAPAB);
	b.capab = WLAN_CAPAB_PRIVACY;
	expect_bss(&fx, &b, SIMSTA_BSS_BAD_CAPAB);
	st_bss_default(&fx, &b);
	b.no_rates = true;
	expect_bss(&fx, &b, SIMSTA_BSS_NO_RATES);
	st_bss_default(&fx, &b);
	b.rsn = NULL;
	expect_bss(&fx, &b, SIMSTA_BSS_NO_RSN);
	b.rsn = rsn_trunc;
	b.rsn_len = sizeof(rsn_trunc);
	expect_bss(&fx, &b, SIMSTA_BSS_BAD_RSN);
	st_bss_default(&fx, &b);
	b.extra = bad_elems;
	b.extra_len = sizeof(bad_elems);
	expect_bss(&fx, &b, SIMSTA_BSS_BAD_ELEMS);
	st_bss_default(&fx, &b);
	b.da = other;
	expect_bss(&fx, &b, SIMSTA_NOT_FOR_US);
	st_bss_default(&fx, &b);
	b.bssid = other;
	expect_bss(&fx, &b, SIMSTA_NOT_FROM_AP);
	st_bss_default(&fx, &b);
	b.subtype = WLAN_STYPE_BEACON; /* a beacon to us alone is no beacon */
	expect_bss(&fx, &b, SIMSTA_NOT_FOR_US);
	CHECK_EQ_INT(fx.cnt.verdict[SIMSTA_BSS_BAD_SSID], 3);
}

/* RSN offers the station cannot take, then a beacon it can. */
static void test_bss_offers(void)
{
	static struct st_fx fx;
	struct rsn_config cfg[4];
	uint8_t rsn[64];
	struct st_bss b;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_tick(&fx, 0);
	for (unsigned i = 0; i < 4; i++)
		cfg[i] = fx.ap.rsn;
	cfg[0].group_cipher = RSN_CIPHER_TKIP;
	cfg[1].akms = RSN_AKM_8021X;
	cfg[2].pairwise_ciphers = RSN_CIPHER_TKIP;
	cfg[3].mfp = RSN_MFP_REQUIRED;
	for (unsigned i = 0; i < 4; i++) {
		st_bss_default(&fx, &b);
		b.rsn = rsn;
		b.rsn_len = (size_t)(rsn_put_ie(rsn, rsn + 64, &cfg[i]) - rsn);
		expect_bss(&fx, &b, SIMSTA_BSS_UNSUPPORTED);
	}
	CHECK_EQ_INT(fx.cnt.verdict[SIMSTA_BSS_UNSUPPORTED], 4);

	/* a broadcast beacon of the BSS ends the scan */
	st_bss_default(&fx, &b);
	b.subtype = WLAN_STYPE_BEACON;
	b.da = (const uint8_t *)"\xff\xff\xff\xff\xff\xff";
	st_put_bss(&fx, &b);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_AUTHENTICATING);
	CHECK_EQ_INT(fx.s.ap_rsn_len, fx.ap.rsn_ie_len);
	/* a second probe response (to a retried probe) is late */
	st_bss_default(&fx, &b);
	st_put_bss(&fx, &b);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_LATE);
	CHECK_EQ_INT(fx.out.n, 0);
}

static void test_auth_checks(void)
{
	static struct st_fx fx;
	struct st_bss b;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	/* before the scan found the BSS, an auth response is unexpected */
	st_tick(&fx, 0);
	st_put_auth(&fx, WLAN_AUTH_OPEN, 2, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_UNEXPECTED);
	st_bss_default(&fx, &b);
	st_put_bss(&fx, &b);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);

	st_put_auth(&fx, WLAN_AUTH_SHARED_KEY, 2, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_AUTH_BAD_ALG);
	st_put_auth(&fx, WLAN_AUTH_OPEN, 1, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_AUTH_BAD_SEQ);
	st_put_auth(&fx, WLAN_AUTH_OPEN, 4, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_AUTH_BAD_SEQ);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_AUTHENTICATING);
	CHECK_EQ_INT(fx.out.n, 0);
	/* a refusal ends the attempt: a new scan after the restart delay */
	st_put_auth(&fx, WLAN_AUTH_OPEN, 2, WLAN_STATUS_UNSPECIFIED_FAILURE);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_AUTH_REFUSED);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);
	CHECK_EQ_INT(fx.s.fail, SIMSTA_FAIL_AUTH_REJECTED);
	CHECK_EQ_INT(fx.s.attempts, 1);
	CHECK_EQ_INT(fx.s.deadline, fx.now + 100 * MS);
	CHECK_EQ_INT(fx.cnt.restarts, 1);
}

static void test_assoc_checks(void)
{
	static struct st_fx fx;
	struct st_bss b;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_tick(&fx, 0);
	st_bss_default(&fx, &b);
	st_put_bss(&fx, &b);
	st_rx_buf(&fx);
	st_put_auth(&fx, WLAN_AUTH_OPEN, 2, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);

	st_put_assoc_resp(&fx, WLAN_STYPE_ASSOC_RESP, 0, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_ASSOC_BAD_AID);
	st_put_assoc_resp(&fx, WLAN_STYPE_ASSOC_RESP, 0, 2007);
	/* AID 2008: the builder refuses it, so the test patches the field */
	put_le16(fx.buf + 24 + 4, WLAN_AID_WIRE_BITS | 2008);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_ASSOC_BAD_AID);
	st_put_assoc_resp(&fx, WLAN_STYPE_REASSOC_RESP, 0, 1);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_UNEXPECTED);
	st_put_assoc_resp(&fx, WLAN_STYPE_ASSOC_RESP, 0, 1);
	fx.buf[fx.len - 5] = 20; /* the rates element now overruns */
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_ASSOC_BAD_ELEMS);
	st_put_auth(&fx, WLAN_AUTH_OPEN, 2, 0); /* answers a retried auth */
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_LATE);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_ASSOCIATING);
	CHECK_EQ_INT(fx.s.aid, 0);

	st_put_assoc_resp(&fx, WLAN_STYPE_ASSOC_RESP,
			  WLAN_STATUS_AP_UNABLE_TO_HANDLE_NEW_STA, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_ASSOC_REFUSED);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);
	CHECK_EQ_INT(fx.s.fail, SIMSTA_FAIL_ASSOC_REJECTED);
}

/* Garbage, control frames, frames of others. */
static void test_other_frames(void)
{
	static struct st_fx fx;
	uint8_t ack[10] = {0xd4, 0, 0, 0, 2, 0, 0, 0, 0, 7};

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_tick(&fx, 0);
	CHECK_EQ_INT(st_rx(&fx, ack, 3), SIMSTA_BAD_FRAME);
	CHECK_EQ_INT(st_rx(&fx, ack, sizeof(ack)), SIMSTA_UNHANDLED);
	st_put_auth(&fx, WLAN_AUTH_OPEN, 2, 0);
	CHECK_EQ_INT(st_rx(&fx, fx.buf, 24 + 3), SIMSTA_BAD_FRAME);
	CHECK_EQ_INT(fx.s.last, SIMSTA_BAD_FRAME);
	CHECK_EQ_INT(fx.cnt.verdict[SIMSTA_BAD_FRAME], 2);
}

/* Unanswered requests are resent step_tries times, then the attempt
 * fails; after max_attempts the station is FAILED for good. */
static void test_retries_and_failure(void)
{
	static struct st_fx fx;
	uint64_t t = 0, last = 0;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	for (unsigned attempt = 0; attempt < 3; attempt++) {
		st_tick(&fx, t); /* IDLE: first probe */
		CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_PROBE], attempt * 4 + 1);
		for (unsigned i = 1; i < 4; i++) {
			st_tick(&fx, t + i * 200 * MS - 1);
			CHECK_EQ_INT(fx.out.n, 0); /* not yet */
			st_tick(&fx, t + i * 200 * MS);
			CHECK_EQ_INT(fx.out.n, 1);
		}
		st_tick(&fx, t + 800 * MS);
		CHECK_EQ_INT(fx.out.n, 0);
		CHECK_EQ_INT(fx.s.fail, SIMSTA_FAIL_NO_AP);
		CHECK_EQ_INT(fx.s.attempts, attempt + 1);
		last = t + 800 * MS;
		t = fx.s.deadline;
	}
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_FAILED);
	CHECK(simsta_done(&fx.s));
	CHECK_EQ_INT(fx.s.deadline, SIMSTA_NEVER);
	CHECK_EQ_INT(fx.cnt.step_retries, 9);
	CHECK_EQ_INT(fx.cnt.restarts, 2);
	st_tick(&fx, last + 1000 * MS);
	CHECK_EQ_INT(fx.out.n, 0);
	st_put_auth(&fx, WLAN_AUTH_OPEN, 2, 0);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_SILENT);
}

static void test_auth_assoc_timeouts(void)
{
	static struct st_fx fx;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct st_bss b;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_tick(&fx, 0);
	st_bss_default(&fx, &b);
	st_put_bss(&fx, &b);
	st_rx_buf(&fx);
	st_tick(&fx, 200 * MS);
	CHECK(st_out_mgmt(&fx, 0, WLAN_STYPE_AUTH, &h, &m)); /* resent */
	for (unsigned i = 2; i <= 4; i++)
		st_tick(&fx, i * 200 * MS);
	CHECK_EQ_INT(fx.s.fail, SIMSTA_FAIL_AUTH_TIMEOUT);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);

	st_to_handshake(&fx); /* the same station joins on its next try */
	CHECK_EQ_INT(fx.s.attempts, 1);
	/* no M1 in 5 s: the station deauthenticates and starts over */
	st_tick(&fx, fx.s.deadline);
	CHECK(st_out_mgmt(&fx, 0, WLAN_STYPE_DEAUTH, &h, &m));
	CHECK_EQ_INT(m.u.reason, WLAN_REASON_4WAY_HANDSHAKE_TIMEOUT);
	CHECK_EQ_INT(fx.s.fail, SIMSTA_FAIL_4WAY);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);
}

static void test_deauth_from_ap(void)
{
	static const uint8_t other[6] = {0x02, 0xbb, 0, 0, 0, 9};
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static struct st_fx fx;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_tick(&fx, 0);
	st_put_leave(&fx, WLAN_STYPE_DEAUTH, st_sta_addr, st_bssid, 1);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_LEAVE_BAD_STATE);

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_to_handshake(&fx);
	st_put_leave(&fx, WLAN_STYPE_DEAUTH, st_sta_addr, other, 1);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_NOT_FROM_AP);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_HANDSHAKE);
	st_put_leave(&fx, WLAN_STYPE_DEAUTH, st_sta_addr, st_bssid,
		     WLAN_REASON_4WAY_HANDSHAKE_TIMEOUT);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK_EQ_INT(fx.s.fail, SIMSTA_FAIL_4WAY);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);
	CHECK_EQ_INT(fx.s.ptk_installed, false);

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_connect(&fx);
	st_put_leave(&fx, WLAN_STYPE_DISASSOC, bcast, st_bssid, 8);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK_EQ_INT(fx.s.fail, SIMSTA_FAIL_DEAUTHED);
	CHECK_EQ_INT(fx.s.aid, 0);
	CHECK_EQ_INT(fx.s.gtk_len, 0);
}

/* vanish_after = k: silent after message k of the 4-way handshake. */
static void test_vanish(void)
{
	static struct st_fx fx;
	struct simsta_opts o = {0};

	for (uint8_t k = 1; k <= 4; k++) {
		o.vanish_after = k;
		st_setup(&fx, RSN_AKM_PSK, &o, NULL);
		st_to_handshake(&fx);
		if (k == 1) {
			struct st_key m1;

			st_key_m1(&fx, &m1);
			st_put_key(&fx, &m1);
			CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
			CHECK_EQ_INT(fx.out.n, 0); /* no M2 */
		} else {
			st_m1_m2(&fx); /* M2 sent */
		}
		if (k >= 3) {
			uint8_t kd[128];
			struct st_key m3;

			st_key_m3(&fx, &m3);
			m3.plain = kd;
			m3.plain_len = st_m3_key_data(&fx, fx.ap.rsn_ie,
						      fx.ap.rsn_ie_len, 16, kd,
						      sizeof(kd));
			st_put_key(&fx, &m3);
			CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
			CHECK_EQ_INT(fx.out.n, k == 4 ? 1 : 0);
			CHECK_EQ_INT(fx.cnt.connects, k == 4 ? 1 : 0);
		}
		CHECK_EQ_INT(fx.s.state, SIMSTA_ST_VANISHED);
		CHECK_EQ_INT(fx.s.deadline, SIMSTA_NEVER);
		st_put_leave(&fx, WLAN_STYPE_DEAUTH, st_sta_addr, st_bssid, 15);
		CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_SILENT);
		CHECK_EQ_INT(fx.out.n, 0);
	}
}

/* churn: leave after churn_after_ns, scan again after churn_delay_ns. */
static void test_churn(void)
{
	static struct st_fx fx;
	struct simsta_opts o = {
		.churn_cycles = 1,
		.churn_after_ns = 3000 * MS,
		.churn_delay_ns = 500 * MS,
	};
	struct wlan_hdr h;
	struct wlan_mgmt m;
	uint64_t t;

	for (int disassoc = 0; disassoc <= 1; disassoc++) {
		o.churn_disassoc = disassoc;
		st_setup(&fx, RSN_AKM_PSK, &o, NULL);
		st_connect(&fx);
		t = fx.now;
		CHECK_EQ_INT(fx.s.deadline, t + 3000 * MS);
		st_tick(&fx, t + 3000 * MS);
		CHECK(st_out_mgmt(&fx, 0,
				  disassoc ? WLAN_STYPE_DISASSOC
					   : WLAN_STYPE_DEAUTH,
				  &h, &m));
		CHECK_EQ_INT(m.u.reason, disassoc ? 8 : 3);
		CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);
		CHECK_EQ_INT(fx.s.attempts, 0); /* leaving is no failure */
		CHECK_EQ_INT(fx.s.deadline, t + 3500 * MS);
		CHECK_EQ_INT(fx.s.ptk_installed, false);
		fx.ap.replay = 0;
		st_connect(&fx); /* back, and this time it stays */
		CHECK_EQ_INT(fx.cnt.connects, 2);
		CHECK_EQ_INT(fx.s.deadline, SIMSTA_NEVER);
	}
}

/* CONNECTED: Null Data every keepalive_ns, leaving when churn says. */
static void test_keepalive_timer(void)
{
	static struct st_fx fx;
	struct simsta_opts o = {.churn_cycles = 1, .churn_after_ns = 2500 * MS};
	struct wlan_hdr h;
	uint64_t t;

	st_setup(&fx, RSN_AKM_PSK, &o, NULL);
	fx.params.keepalive_ns = 1000 * MS;
	st_connect(&fx);
	t = fx.now;
	CHECK_EQ_INT(fx.s.deadline, t + 1000 * MS);
	for (unsigned i = 1; i <= 2; i++) {
		st_tick(&fx, t + i * 1000 * MS);
		CHECK_EQ_INT(fx.out.n, 1);
		CHECK_EQ_INT(
			wlan_parse_hdr(fx.out.f[0].data, fx.out.f[0].len, &h),
			WLAN_HDR_OK);
		CHECK_EQ_INT(h.type, WLAN_FC_TYPE_DATA);
		CHECK_EQ_INT(h.subtype, WLAN_STYPE_NULL);
		CHECK_EQ_INT(h.flags, WLAN_FC_TODS);
		CHECK_EQ_INT(h.body_len, 0);
		CHECK(mac_equal(h.addr1, st_bssid));
	}
	CHECK_EQ_INT(fx.s.deadline, t + 2500 * MS); /* churn comes first */
	st_tick(&fx, t + 2500 * MS);
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_DEAUTH], 1);
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_NULL], 2);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_IDLE);
}

/* A caller that left its out full: the frame is counted as dropped, the
 * state machine goes on (the timer will resend). */
static void test_out_full(void)
{
	static struct st_fx fx;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	fx.out.n = SIMSTA_OUT_MAX;
	simsta_timeout(&fx.ctx, &fx.s, 0, &fx.out);
	CHECK_EQ_INT(fx.out.n, SIMSTA_OUT_MAX);
	CHECK_EQ_INT(fx.cnt.tx_dropped, 1);
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_PROBE], 0);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_PROBING);
	st_tick(&fx, fx.s.deadline);
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_PROBE], 1);
}

/* Two stations of one seed and stream draw the same SNonce; another
 * stream draws another. */
static void test_snonce_determinism(void)
{
	static struct st_fx a, b;

	st_setup(&a, RSN_AKM_PSK, NULL, NULL);
	st_setup(&b, RSN_AKM_PSK, NULL, NULL);
	st_to_handshake(&a);
	st_to_handshake(&b);
	CHECK_MEM(a.s.snonce, b.s.snonce, CRYPTO_NONCE_LEN);
	CHECK(memcmp(a.s.snonce, "\0\0\0\0\0\0\0\0", 8) != 0);
	st_setup(&b, RSN_AKM_PSK, NULL, NULL);
	crypto_rng_init_seeded(&b.s.rng, 42, 8);
	st_to_handshake(&b);
	CHECK(memcmp(a.s.snonce, b.s.snonce, CRYPTO_NONCE_LEN) != 0);
}

static void test_init_and_names(void)
{
	struct simsta s;
	struct simsta_cfg cfg = {
		.ssid = st_ssid, .ssid_len = 0, .pmk = &st_pmk};

	CHECK_EQ_INT(simsta_init(&s, &cfg), -1);
	cfg.ssid_len = 33;
	CHECK_EQ_INT(simsta_init(&s, &cfg), -1);
	cfg.ssid_len = 1;
	cfg.pmk = NULL;
	CHECK_EQ_INT(simsta_init(&s, &cfg), -1);
	for (int v = 0; v < SIMSTA_VERDICT_COUNT; v++)
		CHECK(strcmp(simsta_verdict_name(v), "?") != 0);
	for (int f = 0; f < SIMSTA_FAIL_COUNT; f++)
		CHECK(strcmp(simsta_fail_name(f), "?") != 0);
	for (int t = 0; t < SIMSTA_TX_COUNT; t++)
		CHECK(strcmp(simsta_tx_name(t), "?") != 0);
	for (int st = SIMSTA_ST_IDLE; st <= SIMSTA_ST_VANISHED; st++)
		CHECK(strcmp(simsta_state_name(st), "?") != 0);
	CHECK(strcmp(simsta_verdict_name(SIMSTA_M3_BAD_MIC), "m3-bad-mic") ==
	      0);
	CHECK(strcmp(simsta_verdict_name(SIMSTA_VERDICT_COUNT), "?") == 0);
}

int main(void)
{
	check_begin("test_simsta");
	if (!st_crypto()) {
		fprintf(stderr, "crypto set-up failed\n");
		return 1;
	}
	RUN(test_happy_path_frames);
	RUN(test_akm_sha256);
	RUN(test_bss_checks);
	RUN(test_bss_offers);
	RUN(test_auth_checks);
	RUN(test_assoc_checks);
	RUN(test_other_frames);
	RUN(test_retries_and_failure);
	RUN(test_auth_assoc_timeouts);
	RUN(test_deauth_from_ap);
	RUN(test_vanish);
	RUN(test_churn);
	RUN(test_keepalive_timer);
	RUN(test_out_full);
	RUN(test_snonce_determinism);
	RUN(test_init_and_names);
	st_crypto_done();
	return check_end();
}
