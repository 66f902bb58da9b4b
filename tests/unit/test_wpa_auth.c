/*
 * test_wpa_auth.c - the authenticator's 4-way handshake
 * (mlme/wpa_auth_ptk.c) driven through the AP's entry points against the
 * test supplicant of ap_testutil_supp.c: a whole handshake, the published
 * Harkonen frames (vectors.md section 4) accepted by rapd's AP, a wrong
 * passphrase (retransmissions at 100 ms, 1 s, 1 s, then deauthentication
 * reason 15 and AP-STA-POSSIBLE-PSK-MISMATCH), retransmitted and late
 * messages, an RSN element that differs in M2 (reason 17), bad MICs,
 * PSK-SHA256. The group key handshake is test_wpa_auth_group.c's.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>

static const uint8_t sta1[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x05};
static const uint8_t wrong_pmk[32] = {1, 2, 3};

static struct apt_env env;
static struct apt_supp supp;
static uint8_t f[APT_FRAME_MAX];

/* An RSN env and an associated station whose M1 is in env.out. */
static struct ap_sta *setup(uint32_t akm, const uint8_t *pmk)
{
	struct apt_assoc a;

	apt_env_init(&env, akm);
	apt_supp_init(&supp, sta1, akm, pmk);
	apt_supp_assoc(&env, &supp, &a);
	return apt_associate(&env, sta1, &a);
}

static uint64_t out_replay(unsigned i)
{
	struct wlan_hdr h = apt_hdr(&env.out, i);
	struct eapol_key key;

	if (eapol_parse_key(h.body + 8, h.body_len - 8, &key) != EAPOL_OK)
		return 0;
	return key.replay_counter;
}

static void test_full_handshake(void)
{
	struct ap_sta *s = setup(RSN_AKM_PSK, apt_pmk);

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_INT(s->wpa.ptk_state, WPA_PTK_PTKSTART);
	CHECK_EQ_INT(out_replay(0), 1);
	CHECK(env.out.frame[0].flags & AP_FRAME_F_NEEDS_ACK);
	CHECK(apt_handshake(&env, &supp));
	/* AP-STA-CONNECTED then EAPOL-4WAY-HS-COMPLETED, hostapd's order */
	CHECK_EQ_INT(env.out.n_events, 2);
	CHECK_EQ_INT(env.out.event[0].kind, AP_EV_STA_CONNECTED);
	CHECK_EQ_INT(env.out.event[0].code, s->aid);
	CHECK_EQ_INT(env.out.event[1].kind, AP_EV_4WAY_COMPLETED);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(supp.replay, 2);
	CHECK_MEM(s->wpa.ptk.tk, supp.ptk.tk, CRYPTO_TK_LEN);
	CHECK(s->wpa.ptk_installed);
	CHECK_EQ_INT(supp.gtk_len, WPA_GTK_LEN);
	CHECK_EQ_INT(supp.gtk_key_id, 1);
	CHECK_MEM(supp.gtk, env.ctx.group.gtk, WPA_GTK_LEN);
	CHECK_EQ_INT(s->wpa.group_state, WPA_GROUP_REKEYESTABLISHED);
	/* only the inactivity timer is left */
	CHECK_EQ_INT(s->wpa.deadline, 0);
	CHECK_EQ_INT(s->deadline, env.now + 300 * AP_NS_PER_S);
}

/* vectors.md section 4: the Harkonen AP and station. */
static const uint8_t hk_aa[6] = {0x00, 0x14, 0x6c, 0x7e, 0x40, 0x80};
static const uint8_t hk_spa[6] = {0x00, 0x13, 0x46, 0xfe, 0x32, 0x0c};
/* clang-format off */
#define HK_ANONCE \
	"225854b0444de3af06d1492b852984f04cf6274c0e3218b8681756864db7a055"
#define HK_SNONCE \
	"59168bc3a5df18d71efb6423f340088dab9e1ba2bbc58659e07b3764b0de8570"
#define HK_PTK "ea0e404633c802450302868ccaa749de" \
	"5cba5abcb267e2de1d5e21e57accd507" "9b31e9ff220e132ae4f6ed9ef1acc885"
#define HK_RSNE "30140100000fac040100000fac040100000fac020100"
static const char *const hk_m2 = "0103007502010a00100000000000000001"
	"59168bc3a5df18d71efb6423f340088dab9e1ba2bbc58659e07b3764b0de8570"
	"00000000000000000000000000000000" "0000000000000000"
	"0000000000000000" "d5355382b8a9b806dcaf99cdaf564eb6" "0016" HK_RSNE;
static const char *const hk_m4 = "0103005f02030a00100000000000000002"
	"0000000000000000000000000000000000000000000000000000000000000000"
	"00000000000000000000000000000000" "0000000000000000"
	"0000000000000000" "9dc81ca6c4c729648de7f00b436335c8" "0000";
/* clang-format on */

static int hk_nonce(void *arg, const uint8_t sta[6], uint32_t no,
		    uint8_t out[32])
{
	check_unhex_into(HK_ANONCE, out, 32);
	return 0;
}

#define HK_DATA 0xff /* hk_frame: an EAPOL data frame */

/* A frame of the Harkonen station to the Harkonen AP. */
static size_t hk_frame(uint8_t subtype, const uint8_t *x, size_t len)
{
	const uint8_t *end = f + sizeof(f);
	uint8_t rsne[22];
	uint8_t *p;

	if (subtype == WLAN_STYPE_AUTH) {
		p = wlan_put_mgmt_hdr(f, end, subtype, hk_aa, hk_spa, hk_aa, 0);
		p = wlan_put_auth(p, end, WLAN_AUTH_OPEN, 1, 0);
	} else if (subtype == WLAN_STYPE_ASSOC_REQ) {
		check_unhex_into(HK_RSNE, rsne, sizeof(rsne));
		p = wlan_put_mgmt_hdr(f, end, subtype, hk_aa, hk_spa, hk_aa, 0);
		p = wlan_put_assoc_req(p, end, 0x0431, 10);
		p = ie_put_ssid(p, end, (const uint8_t *)"Harkonen", 8);
		p = ie_put_supp_rates(p, end, &env.bss.rates);
		p = ie_put_ext_rates(p, end, &env.bss.rates);
		p = ie_put(p, end, IE_RSN, rsne + 2, sizeof(rsne) - 2);
	} else {
		p = wlan_put_data_hdr(f, end, WLAN_FC_TODS, hk_aa, hk_spa,
				      hk_aa, 0, -1);
		p = eapol_put_llc_snap(p, end);
		if (p && (size_t)(end - p) >= len)
			memcpy(p, x, len);
		p = p ? p + len : NULL;
	}
	CHECK(p != NULL);
	return p ? (size_t)(p - f) : 0;
}

/* rapd's AP answers the real Harkonen station's published M2 and M4:
 * same PTK (KCK, KEK, TK), and M3 wraps rapd's GTK with that KEK. */
static void test_harkonen_vectors(void)
{
	uint8_t x[200], ptk[48];
	struct apt_supp hk;
	struct ap_sta *s;
	size_t n;
	int i;

	apt_env_init(&env, RSN_AKM_PSK);
	memcpy(env.bss.bssid, hk_aa, 6);
	memcpy(env.bss.ssid, "Harkonen", 8);
	env.bss.ssid_len = 8;
	env.ops.nonce = hk_nonce;
	apt_env_refresh(&env);
	CHECK_EQ_INT(apt_rx(&env, f, hk_frame(WLAN_STYPE_AUTH, NULL, 0)),
		     AP_OK);
	CHECK_EQ_INT(apt_rx(&env, f, hk_frame(WLAN_STYPE_ASSOC_REQ, NULL, 0)),
		     AP_OK);
	CHECK_EQ_INT(apt_tx_status(&env, 0, true), AP_OK);
	apt_supp_init(&hk, hk_spa, RSN_AKM_PSK, apt_pmk);
	check_unhex_into(HK_SNONCE, hk.snonce, 32);
	CHECK(apt_supp_m1(&hk, &env, 0));
	n = check_unhex_upto(hk_m2, x, sizeof(x));
	CHECK_EQ_INT(apt_rx(&env, f, hk_frame(HK_DATA, x, n)), AP_OK);
	s = apt_sta(&env, hk_spa);
	CHECK(s != NULL);
	if (!s)
		return;
	check_unhex_into(HK_PTK, ptk, sizeof(ptk));
	CHECK_MEM(&s->wpa.ptk, ptk, sizeof(ptk));
	CHECK_MEM(&hk.ptk, ptk, sizeof(ptk));
	i = apt_find(&env.out, AP_FRAME_EAPOL_M3);
	CHECK(i == 0);
	CHECK(apt_supp_m3(&hk, &env, 0));
	CHECK_EQ_INT(hk.replay, 2);
	n = check_unhex_upto(hk_m4, x, sizeof(x));
	CHECK_EQ_INT(apt_rx(&env, f, hk_frame(HK_DATA, x, n)), AP_OK);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
	crypto_wipe(&hk, sizeof(hk));
}

/* A bad passphrase: M2s with bad MICs are dropped, M1 is resent after
 * 100 ms, 1 s, 1 s with rising replay counters, then reason 15. */
static void test_wrong_passphrase(void)
{
	struct ap_sta *s = setup(RSN_AKM_PSK, wrong_pmk);
	uint64_t t0 = env.now;
	uint8_t anonce[32];
	unsigned k;

	CHECK(s != NULL);
	CHECK(apt_supp_m1(&supp, &env, 0));
	memcpy(anonce, supp.anonce, 32);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)),
		     AP_DROP_EAPOL_BAD_MIC);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(s->wpa.mic_failures, 1);
	CHECK_EQ_INT(apt_advance(&env, t0 + 99 * APT_NS_MS), 0);
	for (k = 2; k <= 4; k++) {
		uint64_t at = t0 + 100 * APT_NS_MS + (k - 2) * 1000 * APT_NS_MS;

		CHECK_EQ_INT(apt_advance(&env, at - 1), 0);
		CHECK_EQ_INT(apt_advance(&env, at), 1);
		CHECK_EQ_INT(apt_find(&env.out, AP_FRAME_EAPOL_M1), 0);
		CHECK_EQ_INT(out_replay(0), k);
		CHECK(apt_supp_m1(&supp, &env, 0));
		CHECK_MEM(supp.anonce, anonce, 32); /* same ANonce */
		CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, k)),
			     AP_DROP_EAPOL_BAD_MIC);
	}
	CHECK_EQ_INT(apt_advance(&env, t0 + 3100 * APT_NS_MS - 1), 0);
	CHECK_EQ_INT(apt_advance(&env, t0 + 3100 * APT_NS_MS), 1);
	CHECK_EQ_INT(env.out.n_frames, 1);
	CHECK_EQ_INT(apt_reason(&env.out, 0), 15);
	CHECK(apt_event(&env.out, AP_EV_PSK_MISMATCH, sta1));
	CHECK_EQ_INT(env.out.sta_action, AP_ACT_REMOVE);
	CHECK(apt_sta(&env, sta1) == NULL);
	CHECK_EQ_INT(env.n_sta, 0);
}

/* A silent station times out the same way, without the mismatch event. */
static void test_no_answer(void)
{
	uint64_t t0;

	setup(RSN_AKM_PSK, apt_pmk);
	t0 = env.now;
	CHECK_EQ_INT(apt_advance(&env, t0 + 3100 * APT_NS_MS), 4);
	CHECK_EQ_INT(apt_reason(&env.out, 0), 15);
	CHECK(!apt_event(&env.out, AP_EV_PSK_MISMATCH, sta1));
	CHECK(apt_sta(&env, sta1) == NULL);
}

static void test_retransmitted_m2(void)
{
	size_t n;

	setup(RSN_AKM_PSK, apt_pmk);
	CHECK(apt_supp_m1(&supp, &env, 0));
	n = apt_supp_m2(&supp, f, 1);
	CHECK_EQ_INT(apt_rx(&env, f, n), AP_OK);
	CHECK_EQ_INT(apt_find(&env.out, AP_FRAME_EAPOL_M3), 0);
	CHECK_EQ_INT(apt_rx(&env, f, n), AP_DROP_EAPOL_UNEXPECTED);
	CHECK_EQ_INT(env.out.n_frames, 0);
}

/* An M2 may answer any M1 of the handshake, not one never sent. */
static void test_m2_answers_earlier_m1(void)
{
	setup(RSN_AKM_PSK, apt_pmk);
	CHECK(apt_supp_m1(&supp, &env, 0));
	CHECK_EQ_INT(apt_advance(&env, env.now + 100 * APT_NS_MS), 1);
	CHECK_EQ_INT(out_replay(0), 2);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 3)),
		     AP_DROP_EAPOL_REPLAY);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 0)),
		     AP_DROP_EAPOL_REPLAY);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)), AP_OK);
	CHECK_EQ_INT(out_replay(0), 3);
	CHECK(apt_supp_m3(&supp, &env, 0));
}

/* M4 lost: M3 is resent with a higher replay counter; an M4 may answer
 * either copy (hostapd's rule: a slow station answers the first copy after
 * the timer sent the second), never a counter not sent as an M3. */
static void test_lost_m4(void)
{
	struct ap_sta *s = setup(RSN_AKM_PSK, apt_pmk);

	CHECK(apt_supp_m1(&supp, &env, 0));
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)), AP_OK);
	CHECK(apt_supp_m3(&supp, &env, 0));
	CHECK_EQ_INT(apt_advance(&env, env.now + 99 * APT_NS_MS), 0);
	CHECK_EQ_INT(apt_advance(&env, env.now + 1 * APT_NS_MS), 1);
	CHECK_EQ_INT(apt_find(&env.out, AP_FRAME_EAPOL_M3), 0);
	CHECK(apt_supp_m3(&supp, &env, 0));
	CHECK_EQ_INT(supp.replay, 3);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 4)),
		     AP_DROP_EAPOL_REPLAY);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 1)),
		     AP_DROP_EAPOL_REPLAY); /* M1's counter */
	CHECK_EQ_INT(s->state, AP_STA_ASSOC);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 3)), AP_OK);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
}

/* The M4 of the first M3 copy, after the timer resent M3, completes. */
static void test_m4_answers_earlier_m3(void)
{
	struct ap_sta *s = setup(RSN_AKM_PSK, apt_pmk);

	CHECK(apt_supp_m1(&supp, &env, 0));
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)), AP_OK);
	CHECK(apt_supp_m3(&supp, &env, 0));
	CHECK_EQ_INT(apt_advance(&env, env.now + 100 * APT_NS_MS), 1);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 2)), AP_OK);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
}

/* The RSNE of M2 must be the association request's: else reason 17. */
static void test_m2_rsne_differs(void)
{
	setup(RSN_AKM_PSK, apt_pmk);
	CHECK(apt_supp_m1(&supp, &env, 0));
	supp.rsn_ie[supp.rsn_ie_len - 2] |= RSN_CAPAB_PREAUTH;
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)),
		     AP_DROP_EAPOL_RSNE_DIFFERS);
	CHECK_EQ_INT(env.out.n_frames, 1);
	CHECK_EQ_INT(apt_reason(&env.out, 0), 17);
	CHECK(apt_sta(&env, sta1) == NULL);
}

static void test_replayed_m2_after_completion(void)
{
	uint8_t m2[APT_FRAME_MAX];
	size_t n;

	setup(RSN_AKM_PSK, apt_pmk);
	CHECK(apt_handshake(&env, &supp));
	n = apt_supp_m2(&supp, m2, 1); /* the very M2 the AP took */
	CHECK_EQ_INT(apt_rx(&env, m2, n), AP_DROP_EAPOL_UNEXPECTED);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(apt_sta(&env, sta1)->state, AP_STA_AUTHORIZED);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 2)),
		     AP_DROP_EAPOL_UNEXPECTED);
}

static void test_m4_bad_mic(void)
{
	struct ap_sta *s = setup(RSN_AKM_PSK, apt_pmk);
	struct crypto_ptk good;

	CHECK(apt_supp_m1(&supp, &env, 0));
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)), AP_OK);
	CHECK(apt_supp_m3(&supp, &env, 0));
	good = supp.ptk;
	supp.ptk.kck[0] ^= 1;
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 2)),
		     AP_DROP_EAPOL_BAD_MIC);
	CHECK_EQ_INT(s->wpa.mic_failures, 1);
	CHECK_EQ_INT(s->state, AP_STA_ASSOC);
	supp.ptk = good;
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 2)), AP_OK);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
}

/* AKM 6: KDF-SHA256, descriptor version 3 (AES-CMAC MIC). */
static void test_psk_sha256(void)
{
	struct ap_sta *s = setup(RSN_AKM_PSK_SHA256, apt_pmk);

	CHECK(s != NULL);
	CHECK_EQ_INT(s->wpa.mic_alg, CRYPTO_MIC_AES_CMAC);
	CHECK(apt_handshake(&env, &supp));
}

/* An M2 whose descriptor version is not the negotiated AKM's. */
static void test_m2_wrong_desc_version(void)
{
	setup(RSN_AKM_PSK, apt_pmk);
	CHECK(apt_supp_m1(&supp, &env, 0));
	supp.akm = RSN_AKM_PSK_SHA256;
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)),
		     AP_DROP_EAPOL_DESC_VERSION);
	CHECK_EQ_INT(apt_sta(&env, sta1)->wpa.mic_failures, 0);
}

int main(void)
{
	check_begin("test_wpa_auth");
	RUN(test_full_handshake);
	RUN(test_harkonen_vectors);
	RUN(test_wrong_passphrase);
	RUN(test_no_answer);
	RUN(test_retransmitted_m2);
	RUN(test_m2_answers_earlier_m1);
	RUN(test_lost_m4);
	RUN(test_m4_answers_earlier_m3);
	RUN(test_m2_rsne_differs);
	RUN(test_replayed_m2_after_completion);
	RUN(test_m4_bad_mic);
	RUN(test_psk_sha256);
	RUN(test_m2_wrong_desc_version);
	apt_cleanup();
	return check_end();
}
