/*
 * test_wpa_auth_group.c - the GTK and the group key handshake
 * (mlme/wpa_auth_group.c), EAPOL-Start, and the EAPOL frames the
 * authenticator drops (wpa_auth_rx_eapol): GTK derivation against an
 * independent HMAC computation, G1/G2 after a rekey, its retransmissions
 * and timeout (reason 16), a rekey while the 4-way handshake runs, a
 * 4-way handshake restarted by EAPOL-Start, the nonce source failing.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

static const uint8_t sta1[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x07};

static struct apt_env env;
static struct apt_supp supp;
static uint8_t f[APT_FRAME_MAX];

/* An RSN env with an authorized station. */
static struct ap_sta *connected(void)
{
	struct apt_assoc a;

	apt_env_init(&env, RSN_AKM_PSK);
	apt_supp_init(&supp, sta1, RSN_AKM_PSK, apt_pmk);
	apt_supp_assoc(&env, &supp, &a);
	apt_associate(&env, sta1, &a);
	CHECK(apt_handshake(&env, &supp));
	return apt_sta(&env, sta1);
}

/* GTK = first 16 octets of HMAC-SHA1(GMK, "Group key expansion" || 0 ||
 * AA || GNonce || 0), computed here with OpenSSL's one-shot HMAC. */
static void test_gtk_derivation(void)
{
	static const char label[] = "Group key expansion";
	uint8_t in[sizeof(label) + 6 + 32 + 1], md[20];
	unsigned md_len = 0;
	struct wpa_group g, g2;

	apt_env_init(&env, RSN_AKM_PSK);
	CHECK(wpa_group_derive(&env.ctx.gmk, apt_bssid, 5, &g) == 0);
	CHECK_EQ_INT(g.epoch, 5);
	CHECK_EQ_INT(g.key_id, 2);
	CHECK_EQ_INT(get_be64(g.gnonce + 24), 5);
	memcpy(in, label, sizeof(label)); /* with its NUL: the 0 octet */
	memcpy(in + sizeof(label), apt_bssid, 6);
	memcpy(in + sizeof(label) + 6, g.gnonce, 32);
	in[sizeof(in) - 1] = 0;
	CHECK(HMAC(EVP_sha1(), apt_gmk, sizeof(apt_gmk), in, sizeof(in), md,
		   &md_len) != NULL);
	CHECK_MEM(g.gtk, md, WPA_GTK_LEN);
	/* another worker, same epoch: same GTK; next epoch: another */
	CHECK(wpa_group_derive(&env.ctx.gmk, apt_bssid, 5, &g2) == 0);
	CHECK_MEM(g2.gtk, g.gtk, WPA_GTK_LEN);
	CHECK(wpa_group_derive(&env.ctx.gmk, apt_bssid, 6, &g2) == 0);
	CHECK_EQ_INT(g2.key_id, 1);
	CHECK(memcmp(g2.gtk, g.gtk, WPA_GTK_LEN) != 0);
	CHECK_EQ_INT(env.ctx.group.key_id, 1); /* epoch 0 */
}

static void test_group_rekey(void)
{
	struct ap_sta *s = connected();
	uint8_t old[WPA_GTK_LEN];
	int i;

	memcpy(old, supp.gtk, sizeof(old));
	env.gtk_pn = 0x1234; /* the Key RSC carries the GTK's PN */
	CHECK(ap_ctx_set_epoch(&env.ctx, 1) == 0);
	CHECK_EQ_INT(apt_rekey(&env, sta1), AP_OK);
	i = apt_find(&env.out, AP_FRAME_EAPOL_G1);
	CHECK_EQ_INT(i, 0);
	CHECK(apt_supp_g1(&supp, &env, 0));
	CHECK_EQ_INT(supp.replay, 3);
	CHECK_EQ_INT(supp.gtk_key_id, 2);
	CHECK_MEM(supp.gtk, env.ctx.group.gtk, WPA_GTK_LEN);
	CHECK(memcmp(supp.gtk, old, WPA_GTK_LEN) != 0);
	CHECK_EQ_INT(s->wpa.group_state, WPA_GROUP_REKEYNEGOTIATING);
	/* a second call for the same epoch sends nothing more */
	CHECK_EQ_INT(apt_rekey(&env, sta1), AP_OK);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_g2(&supp, f, 3)), AP_OK);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(s->wpa.group_state, WPA_GROUP_REKEYESTABLISHED);
	CHECK_EQ_INT(s->wpa.group_epoch, 1);
	CHECK_EQ_INT(s->wpa.deadline, 0);
	CHECK_EQ_INT(apt_rekey(&env, sta1), AP_OK);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
}

static void test_g2_checks(void)
{
	struct ap_sta *s = connected();
	struct crypto_ptk good;

	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_g2(&supp, f, 2)),
		     AP_DROP_EAPOL_UNEXPECTED);
	CHECK(ap_ctx_set_epoch(&env.ctx, 1) == 0);
	CHECK_EQ_INT(apt_rekey(&env, sta1), AP_OK);
	CHECK(apt_supp_g1(&supp, &env, 0));
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_g2(&supp, f, 2)),
		     AP_DROP_EAPOL_REPLAY);
	good = supp.ptk;
	supp.ptk.kck[3] ^= 0x80;
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_g2(&supp, f, 3)),
		     AP_DROP_EAPOL_BAD_MIC);
	supp.ptk = good;
	CHECK_EQ_INT(s->wpa.group_state, WPA_GROUP_REKEYNEGOTIATING);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_g2(&supp, f, 3)), AP_OK);
}

/* G1 copies after 500 ms, 1 s, 1 s; then reason 16. */
static void test_group_timeout(void)
{
	uint64_t t0, at = 0;
	unsigned k;

	connected();
	t0 = env.now;
	CHECK(ap_ctx_set_epoch(&env.ctx, 1) == 0);
	CHECK_EQ_INT(apt_rekey(&env, sta1), AP_OK);
	for (k = 1; k <= 3; k++) {
		at = t0 + 500 * APT_NS_MS + (k - 1) * 1000 * APT_NS_MS;
		CHECK_EQ_INT(apt_advance(&env, at - 1), 0);
		CHECK_EQ_INT(apt_advance(&env, at), 1);
		CHECK(apt_supp_g1(&supp, &env, 0));
		CHECK_EQ_INT(supp.replay, 3 + k);
	}
	CHECK_EQ_INT(apt_advance(&env, at + 1000 * APT_NS_MS - 1), 0);
	CHECK_EQ_INT(apt_advance(&env, at + 1000 * APT_NS_MS), 1);
	CHECK_EQ_INT(apt_reason(&env.out, 0), 16);
	CHECK(apt_event(&env.out, AP_EV_STA_DISCONNECTED, sta1));
	CHECK(apt_sta(&env, sta1) == NULL);
}

/* M3 already out with the old GTK when the epoch moves: G1 after M4. */
static void test_rekey_during_4way(void)
{
	struct apt_assoc a;
	struct ap_sta *s;

	apt_env_init(&env, RSN_AKM_PSK);
	apt_supp_init(&supp, sta1, RSN_AKM_PSK, apt_pmk);
	apt_supp_assoc(&env, &supp, &a);
	s = apt_associate(&env, sta1, &a);
	CHECK(apt_supp_m1(&supp, &env, 0));
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 1)), AP_OK);
	CHECK(apt_supp_m3(&supp, &env, 0));
	CHECK(ap_ctx_set_epoch(&env.ctx, 1) == 0);
	CHECK_EQ_INT(apt_rekey(&env, sta1), AP_OK); /* not authorized yet */
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 2)), AP_OK);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
	CHECK_EQ_INT(apt_find(&env.out, AP_FRAME_EAPOL_G1), 0);
	CHECK(apt_supp_g1(&supp, &env, 0));
	CHECK_MEM(supp.gtk, env.ctx.group.gtk, WPA_GTK_LEN);
}

/* The epoch moved before M3: M3 carries the new GTK, no G1 follows. */
static void test_rekey_before_m3(void)
{
	struct apt_assoc a;

	apt_env_init(&env, RSN_AKM_PSK);
	apt_supp_init(&supp, sta1, RSN_AKM_PSK, apt_pmk);
	apt_supp_assoc(&env, &supp, &a);
	apt_associate(&env, sta1, &a);
	CHECK(ap_ctx_set_epoch(&env.ctx, 2) == 0);
	CHECK(apt_handshake(&env, &supp));
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(supp.gtk_key_id, 1);
	CHECK_MEM(supp.gtk, env.ctx.group.gtk, WPA_GTK_LEN);
}

static size_t eapol_start(uint8_t type)
{
	const uint8_t x[4] = {EAPOL_VERSION_2004, type, 0, 0};

	return apt_eapol(f, sta1, x, sizeof(x));
}

/* EAPOL-Start from an authorized station: a new handshake (new ANonce,
 * higher replay counter), the port stays open; a second Start while it
 * runs is dropped. */
static void test_eapol_start(void)
{
	struct ap_sta *s = connected();
	uint8_t anonce[32];

	memcpy(anonce, supp.anonce, 32);
	CHECK_EQ_INT(apt_rx(&env, f, eapol_start(EAPOL_TYPE_START)), AP_OK);
	CHECK_EQ_INT(apt_find(&env.out, AP_FRAME_EAPOL_M1), 0);
	CHECK(apt_supp_m1(&supp, &env, 0));
	CHECK_EQ_INT(supp.replay, 3);
	CHECK(memcmp(anonce, supp.anonce, 32) != 0);
	CHECK_EQ_INT(s->wpa.handshake_no, 2);
	CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
	CHECK_EQ_INT(apt_rx(&env, f, eapol_start(EAPOL_TYPE_START)),
		     AP_DROP_EAPOL_START_BUSY);
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m2(&supp, f, 3)), AP_OK);
	CHECK(apt_supp_m3(&supp, &env, 0));
	CHECK_EQ_INT(apt_rx(&env, f, apt_supp_m4(&supp, f, 4)), AP_OK);
	CHECK(apt_event(&env.out, AP_EV_4WAY_COMPLETED, sta1));
	CHECK(!apt_event(&env.out, AP_EV_STA_CONNECTED, sta1));
	CHECK_MEM(s->wpa.ptk.tk, supp.ptk.tk, CRYPTO_TK_LEN);
}

/* 802.1X frames the authenticator drops, each with its verdict. */
static void test_eapol_drops(void)
{
	struct eapol_key_params kp = {
		.version = 2,
		.desc_type = EAPOL_DESC_RSN,
		.info = EAPOL_KEY_V_SHA1_AES | EAPOL_KI_PAIRWISE |
			EAPOL_KI_MIC | EAPOL_KI_REQUEST,
	};
	uint8_t x[EAPOL_KEY_MAX_LEN] = {0}, *p;

	connected();
	CHECK_EQ_INT(apt_rx(&env, f, eapol_start(EAPOL_TYPE_LOGOFF)),
		     AP_DROP_EAPOL_IGNORED);
	CHECK_EQ_INT(apt_rx(&env, f, apt_eapol(f, sta1, x, 3)),
		     AP_DROP_EAPOL_MALFORMED);
	p = eapol_build_key(x, x + sizeof(x), &kp);
	CHECK_EQ_INT(apt_rx(&env, f, apt_eapol(f, sta1, x, (size_t)(p - x))),
		     AP_DROP_EAPOL_REQUEST);
	kp.info = EAPOL_KEY_V_SHA1_AES | EAPOL_KI_PAIRWISE | EAPOL_KI_ACK;
	p = eapol_build_key(x, x + sizeof(x), &kp);
	CHECK_EQ_INT(apt_rx(&env, f, apt_eapol(f, sta1, x, (size_t)(p - x))),
		     AP_DROP_EAPOL_UNKNOWN_MSG);
	kp.desc_type = EAPOL_DESC_WPA;
	p = eapol_build_key(x, x + sizeof(x), &kp);
	CHECK_EQ_INT(apt_rx(&env, f, apt_eapol(f, sta1, x, (size_t)(p - x))),
		     AP_DROP_EAPOL_MALFORMED);
	CHECK_EQ_INT(apt_sta(&env, sta1)->state, AP_STA_AUTHORIZED);
}

/* No ANonce: the handshake cannot start; the station is sent away. */
static void test_nonce_failure(void)
{
	struct apt_assoc a;
	uint8_t resp[APT_FRAME_MAX];
	int i;

	apt_env_init(&env, RSN_AKM_PSK);
	env.nonce_fails = true;
	apt_assoc_defaults(&env, &a);
	CHECK_EQ_INT(apt_rx(&env, f, apt_auth(f, sta1, WLAN_AUTH_OPEN, 1)),
		     AP_OK);
	CHECK_EQ_INT(apt_rx(&env, resp, apt_assoc_req(resp, sta1, &a)), AP_OK);
	i = apt_find(&env.out, AP_FRAME_ASSOC_RESP);
	CHECK_EQ_INT(apt_tx_status(&env, (unsigned)i, true), AP_DROP_NO_NONCE);
	CHECK_EQ_INT(env.nonce_calls, 1);
	CHECK_EQ_INT(apt_reason(&env.out, 0), WLAN_REASON_UNSPECIFIED);
	CHECK(apt_sta(&env, sta1) == NULL);
	CHECK_EQ_INT(env.n_sta, 0);
}

/* An open BSS has no authenticator. */
static void test_open_bss_eapol(void)
{
	apt_env_init(&env, 0);
	apt_associate(&env, sta1, NULL);
	CHECK_EQ_INT(apt_rx(&env, f, eapol_start(EAPOL_TYPE_START)),
		     AP_DROP_EAPOL_NO_RSN);
	CHECK_EQ_INT(env.out.n_frames, 0);
	CHECK_EQ_INT(apt_rekey(&env, sta1), AP_OK);
	CHECK_EQ_INT(env.out.n_frames, 0);
}

int main(void)
{
	check_begin("test_wpa_auth_group");
	RUN(test_gtk_derivation);
	RUN(test_group_rekey);
	RUN(test_g2_checks);
	RUN(test_group_timeout);
	RUN(test_rekey_during_4way);
	RUN(test_rekey_before_m3);
	RUN(test_eapol_start);
	RUN(test_eapol_drops);
	RUN(test_nonce_failure);
	RUN(test_open_bss_eapol);
	apt_cleanup();
	return check_end();
}
