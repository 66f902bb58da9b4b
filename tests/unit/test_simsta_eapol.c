/*
 * test_simsta_eapol.c - the simulated station's supplicant: every check
 * on M1, M3 and G1 failing with its own verdict while the station stays
 * where it was, then the honest frame passing; retransmitted M1 and M3;
 * a CCMP-protected G1; a wrong passphrase. The AP is hand-built
 * (simsta_testutil.c) with the EAPOL codec's builders.
 */
#include "check.h"
#include "simsta_testutil.h"

#include <rapd/bytes.h>
#include <rapd/simsta.h>

/* Sends k and expects verdict v with no answer and no state change. */
static void expect_drop(struct st_fx *fx, const struct st_key *k,
			enum simsta_verdict v, int line)
{
	enum simsta_state st = fx->s.state;
	uint64_t replay = fx->s.replay;
	enum simsta_verdict got;

	st_put_key(fx, k);
	got = st_rx_buf(fx);
	if (got != v)
		fprintf(stderr, "  line %d: verdict %s, want %s\n", line,
			simsta_verdict_name(got), simsta_verdict_name(v));
	CHECK_EQ_INT(got, v);
	CHECK_EQ_INT(fx->out.n, 0);
	CHECK_EQ_INT(fx->s.state, st);
	CHECK_EQ_INT(fx->s.replay, replay);
}
#define EXPECT_DROP(fx, k, v) expect_drop(fx, k, v, __LINE__)

static void test_m1_checks(void)
{
	static const uint8_t other[6] = {0x02, 0, 0, 0, 0, 8};
	static struct st_fx fx;
	uint8_t zero[CRYPTO_NONCE_LEN] = {0};
	struct st_key k;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_tick(&fx, 0);
	st_key_m1(&fx, &k);
	EXPECT_DROP(&fx, &k, SIMSTA_UNEXPECTED); /* not associated yet */
	st_to_handshake(&fx);

	st_key_m1(&fx, &k);
	k.info |= EAPOL_KI_INSTALL;
	EXPECT_DROP(&fx, &k, SIMSTA_M1_BAD_KEY_INFO);
	st_key_m1(&fx, &k);
	k.info |= EAPOL_KI_SECURE;
	EXPECT_DROP(&fx, &k, SIMSTA_M1_BAD_KEY_INFO);
	st_key_m1(&fx, &k);
	k.key_len = 32;
	EXPECT_DROP(&fx, &k, SIMSTA_M1_BAD_KEY_LEN);
	st_key_m1(&fx, &k);
	k.nonce = zero;
	EXPECT_DROP(&fx, &k, SIMSTA_M1_ZERO_NONCE);
	st_key_m1(&fx, &k);
	k.desc_version = EAPOL_KEY_V_CMAC_AES; /* AKM 2 wants version 2 */
	EXPECT_DROP(&fx, &k, SIMSTA_EAPOL_BAD_DESC);
	st_key_m1(&fx, &k);
	k.info = EAPOL_KI_PAIRWISE | EAPOL_KI_MIC; /* an M4 */
	EXPECT_DROP(&fx, &k, SIMSTA_EAPOL_BAD_MSG);
	st_key_m1(&fx, &k);
	k.fc_flags = WLAN_FC_TODS;
	EXPECT_DROP(&fx, &k, SIMSTA_EAPOL_BAD_DATA);
	st_key_m1(&fx, &k);
	k.da = other;
	EXPECT_DROP(&fx, &k, SIMSTA_NOT_FOR_US);
	st_key_m1(&fx, &k);
	k.fc_flags |= WLAN_FC_PROTECTED; /* no PTK to decrypt with */
	EXPECT_DROP(&fx, &k, SIMSTA_EAPOL_UNDECRYPTABLE);

	/* the honest M1; then its replay, and an older counter */
	st_m1_m2(&fx);
	CHECK_EQ_INT(fx.s.replay, fx.ap.replay);
	st_key_m1(&fx, &k);
	k.replay = fx.s.replay;
	EXPECT_DROP(&fx, &k, SIMSTA_M1_REPLAY);
	k.replay = fx.s.replay - 1;
	EXPECT_DROP(&fx, &k, SIMSTA_M1_REPLAY);
	CHECK_EQ_INT(fx.cnt.verdict[SIMSTA_M1_REPLAY], 2);
}

/* M1 bytes changed after building: descriptor type, LLC, length. */
static void test_m1_bytes(void)
{
	static struct st_fx fx;
	struct st_key k;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_to_handshake(&fx);
	st_key_m1(&fx, &k);
	st_put_key(&fx, &k);
	fx.buf[24 + 8 + 4] = EAPOL_DESC_WPA;
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_EAPOL_BAD_DESC);
	st_put_key(&fx, &k);
	fx.buf[24 + 6] = 0x86; /* ethertype 868e */
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_EAPOL_BAD_DATA);
	st_put_key(&fx, &k);
	fx.len -= 10;
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_EAPOL_BAD_KEY);
	CHECK_EQ_INT(fx.s.m1_seen, false);
}

/* The AP resends M1 (our M2 was lost): M2 again, same SNonce. */
static void test_m1_retransmit(void)
{
	static struct st_fx fx;
	uint8_t snonce[CRYPTO_NONCE_LEN];

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_to_handshake(&fx);
	st_m1_m2(&fx);
	memcpy(snonce, fx.ap.snonce, sizeof(snonce));
	fx.ap.anonce[0] ^= 1; /* a new M1 may carry a new ANonce */
	st_m1_m2(&fx);
	CHECK_MEM(fx.ap.snonce, snonce, sizeof(snonce));
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_M2], 2);
	st_m3_m4(&fx);
}

static void m3_with(struct st_fx *fx, struct st_key *k, uint8_t *kd,
		    size_t kd_size, const uint8_t *rsn, size_t rsn_len,
		    size_t gtk_len)
{
	st_key_m3(fx, k);
	k->plain = kd;
	k->plain_len = st_m3_key_data(fx, rsn, rsn_len, gtk_len, kd, kd_size);
}

/* The contents of M3's key data, each wrong on its own. */
static void m3_key_data_checks(struct st_fx *fx)
{
	const uint8_t *ap_rsn = fx->ap.rsn_ie;
	size_t ap_len = fx->ap.rsn_ie_len, n;
	struct rsn_config cfg;
	uint8_t kd[160], rsn[64];
	struct st_key k;

	cfg = fx->ap.rsn;
	cfg.capab = RSN_CAPAB_PTKSA_REPLAY_MASK; /* one octet differs */
	n = (size_t)(rsn_put_ie(rsn, rsn + sizeof(rsn), &cfg) - rsn);
	m3_with(fx, &k, kd, sizeof(kd), rsn, n, 16);
	EXPECT_DROP(fx, &k, SIMSTA_M3_RSN_MISMATCH);
	cfg = fx->ap.rsn;
	cfg.akms |= RSN_AKM_PSK_SHA256; /* a downgrade would look so */
	n = (size_t)(rsn_put_ie(rsn, rsn + sizeof(rsn), &cfg) - rsn);
	m3_with(fx, &k, kd, sizeof(kd), rsn, n, 16);
	EXPECT_DROP(fx, &k, SIMSTA_M3_RSN_MISMATCH);
	m3_with(fx, &k, kd, sizeof(kd), NULL, 0, 16);
	EXPECT_DROP(fx, &k, SIMSTA_M3_NO_RSN);
	m3_with(fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 0);
	EXPECT_DROP(fx, &k, SIMSTA_M3_BAD_GTK);
	m3_with(fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 32);
	EXPECT_DROP(fx, &k, SIMSTA_M3_BAD_GTK);
	m3_with(fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	kd[k.plain_len] = IE_VENDOR; /* an element overrunning the data */
	kd[k.plain_len + 1] = 40;
	kd[k.plain_len + 2] = 0;
	k.plain_len += 3;
	EXPECT_DROP(fx, &k, SIMSTA_M3_BAD_KEY_DATA);
}

static void test_m3_checks(void)
{
	static struct st_fx fx;
	uint8_t kd[160], wrong[16], anonce[CRYPTO_NONCE_LEN];
	struct st_key k;
	uint64_t m1_replay;
	const uint8_t *ap_rsn;
	size_t ap_len;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_to_handshake(&fx);
	/* M3 before any M1 */
	m3_with(&fx, &k, kd, sizeof(kd), fx.ap.rsn_ie, fx.ap.rsn_ie_len, 16);
	EXPECT_DROP(&fx, &k, SIMSTA_UNEXPECTED);
	st_m1_m2(&fx);
	m1_replay = fx.ap.replay;
	ap_rsn = fx.ap.rsn_ie;
	ap_len = fx.ap.rsn_ie_len;
	memset(wrong, 0x5a, sizeof(wrong));

	m3_with(&fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	k.replay = m1_replay; /* not above M1's */
	EXPECT_DROP(&fx, &k, SIMSTA_M3_REPLAY);
	m3_with(&fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	k.kck = wrong;
	EXPECT_DROP(&fx, &k, SIMSTA_M3_BAD_MIC);
	m3_with(&fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	memcpy(anonce, fx.ap.anonce, sizeof(anonce));
	anonce[31] ^= 0x80;
	k.nonce = anonce;
	EXPECT_DROP(&fx, &k, SIMSTA_M3_ANONCE_CHANGED);
	m3_with(&fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	k.info &= (uint16_t)~EAPOL_KI_SECURE;
	EXPECT_DROP(&fx, &k, SIMSTA_M3_BAD_KEY_INFO);
	m3_with(&fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	k.info &= (uint16_t)~EAPOL_KI_ENC_KEY_DATA; /* GTK in the clear */
	EXPECT_DROP(&fx, &k, SIMSTA_M3_BAD_KEY_INFO);
	m3_with(&fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	k.key_len = 5;
	EXPECT_DROP(&fx, &k, SIMSTA_M3_BAD_KEY_LEN);
	m3_with(&fx, &k, kd, sizeof(kd), ap_rsn, ap_len, 16);
	k.kek = wrong;
	EXPECT_DROP(&fx, &k, SIMSTA_M3_BAD_WRAP);
	m3_key_data_checks(&fx);

	CHECK_EQ_INT(fx.s.ptk_installed, false);
	CHECK_EQ_INT(fx.s.gtk_len, 0);
	st_m3_m4(&fx); /* nothing above left a trace */
	CHECK_MEM(fx.s.gtk, fx.ap.gtk, 16);
	CHECK_EQ_INT(fx.s.gtk_id, 1);
	CHECK(fx.s.ptk_installed);
}

/* M4 was lost: a new M3 gets M4 again, the key is not reinstalled. */
static void test_m3_retransmit(void)
{
	static struct st_fx fx;
	struct crypto_ptk ptk;
	struct eapol_key m4;
	uint8_t kd[128];
	struct st_key k;

	st_setup(&fx, RSN_AKM_PSK_SHA256, NULL, NULL);
	st_connect(&fx);
	ptk = fx.s.ptk;
	fx.s.rx_pn = 9; /* a reinstall would reset it */
	m3_with(&fx, &k, kd, sizeof(kd), fx.ap.rsn_ie, fx.ap.rsn_ie_len, 16);
	st_put_key(&fx, &k);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK(st_out_key(&fx, 0, EAPOL_MSG_M4, &fx.ap.ptk, &m4));
	CHECK_EQ_INT(m4.replay_counter, k.replay);
	CHECK_EQ_INT(fx.cnt.m4_resent, 1);
	CHECK_EQ_INT(fx.cnt.connects, 1);
	CHECK_EQ_INT(fx.s.rx_pn, 9);
	CHECK_MEM(&fx.s.ptk, &ptk, sizeof(ptk));
	k.kck = NULL;
	EXPECT_DROP(&fx, &k, SIMSTA_M3_REPLAY); /* the same M3 again */
}

static void g1_with(struct st_fx *fx, struct st_key *k, uint8_t *kd,
		    size_t kd_size, size_t gtk_len)
{
	st_key_g1(fx, k);
	k->plain = kd;
	k->plain_len = st_m3_key_data(fx, NULL, 0, gtk_len, kd, kd_size);
}

static void test_g1(void)
{
	static struct st_fx fx;
	uint8_t kd[96], wrong[16];
	struct eapol_key g2;
	struct st_key k;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_to_handshake(&fx);
	st_m1_m2(&fx);
	g1_with(&fx, &k, kd, sizeof(kd), 16);
	EXPECT_DROP(&fx, &k, SIMSTA_UNEXPECTED); /* before M3 */
	st_m3_m4(&fx);
	memset(wrong, 0x5a, sizeof(wrong));

	g1_with(&fx, &k, kd, sizeof(kd), 16);
	k.replay = fx.s.replay;
	EXPECT_DROP(&fx, &k, SIMSTA_G1_REPLAY);
	g1_with(&fx, &k, kd, sizeof(kd), 16);
	k.kck = wrong;
	EXPECT_DROP(&fx, &k, SIMSTA_G1_BAD_MIC);
	g1_with(&fx, &k, kd, sizeof(kd), 16);
	k.info &= (uint16_t)~EAPOL_KI_SECURE;
	EXPECT_DROP(&fx, &k, SIMSTA_G1_BAD_KEY_INFO);
	g1_with(&fx, &k, kd, sizeof(kd), 16);
	k.kek = wrong;
	EXPECT_DROP(&fx, &k, SIMSTA_G1_BAD_WRAP);
	g1_with(&fx, &k, kd, sizeof(kd), 0);
	kd[0] = IE_RSN; /* key data without a GTK KDE */
	kd[1] = 0;
	k.plain_len = 2;
	EXPECT_DROP(&fx, &k, SIMSTA_G1_BAD_GTK);
	g1_with(&fx, &k, kd, sizeof(kd), 24);
	EXPECT_DROP(&fx, &k, SIMSTA_G1_BAD_GTK);

	memset(fx.ap.gtk, 0x7c, sizeof(fx.ap.gtk));
	g1_with(&fx, &k, kd, sizeof(kd), 16);
	st_put_key(&fx, &k);
	CHECK_EQ_INT(st_rx_buf(&fx), SIMSTA_OK);
	CHECK(st_out_key(&fx, 0, EAPOL_MSG_G2, &fx.ap.ptk, &g2));
	CHECK_EQ_INT(g2.replay_counter, k.replay);
	CHECK_EQ_INT(g2.info & (EAPOL_KI_PAIRWISE | EAPOL_KI_SECURE),
		     EAPOL_KI_SECURE);
	CHECK_MEM(fx.s.gtk, fx.ap.gtk, 16);
	CHECK_EQ_INT(fx.cnt.gtk_rekeys, 1);
	CHECK_EQ_INT(fx.cnt.tx[SIMSTA_TX_G2], 1);
}

/* A G1 protected with the TK, as an AP sends it after the 4-way. */
static void test_protected_g1(void)
{
	static struct st_fx fx;
	uint8_t kd[96], enc[1100];
	size_t enc_len = 0;
	struct st_key k;

	st_setup(&fx, RSN_AKM_PSK, NULL, NULL);
	st_connect(&fx);
	g1_with(&fx, &k, kd, sizeof(kd), 16);
	st_put_key(&fx, &k);
	CHECK_EQ_INT(crypto_ccmp_encrypt(st_ws(), fx.ap.ptk.tk, 5, 0, fx.buf,
					 fx.len, enc, &enc_len),
		     0);
	CHECK_EQ_INT(st_rx(&fx, enc, enc_len), SIMSTA_OK);
	CHECK_EQ_INT(fx.s.rx_pn, 5);
	CHECK(fx.out.n == 1);

	g1_with(&fx, &k, kd, sizeof(kd), 16);
	st_put_key(&fx, &k);
	CHECK_EQ_INT(crypto_ccmp_encrypt(st_ws(), fx.ap.ptk.tk, 5, 0, fx.buf,
					 fx.len, enc, &enc_len),
		     0);
	CHECK_EQ_INT(st_rx(&fx, enc, enc_len), SIMSTA_EAPOL_PN_REPLAY);
	CHECK_EQ_INT(crypto_ccmp_encrypt(st_ws(), fx.ap.ptk.tk, 6, 0, fx.buf,
					 fx.len, enc, &enc_len),
		     0);
	enc[40] ^= 1;
	CHECK_EQ_INT(st_rx(&fx, enc, enc_len), SIMSTA_EAPOL_UNDECRYPTABLE);
	enc[40] ^= 1;
	CHECK_EQ_INT(st_rx(&fx, enc, enc_len), SIMSTA_OK);
	CHECK_EQ_INT(fx.cnt.gtk_rekeys, 2);
}

/* A wrong passphrase: M2's MIC is wrong for the AP, and the AP's M3
 * fails our MIC check. */
static void test_wrong_passphrase(void)
{
	static struct st_fx fx;
	struct eapol_key m2;
	uint8_t kd[128];
	struct st_key k;

	st_setup(&fx, RSN_AKM_PSK, NULL, &st_wrong_pmk);
	st_to_handshake(&fx);
	st_m1_m2(&fx);
	CHECK(!st_out_key(&fx, 0, EAPOL_MSG_M2, &fx.ap.ptk, &m2));
	m3_with(&fx, &k, kd, sizeof(kd), fx.ap.rsn_ie, fx.ap.rsn_ie_len, 16);
	EXPECT_DROP(&fx, &k, SIMSTA_M3_BAD_MIC);
	CHECK_EQ_INT(fx.s.state, SIMSTA_ST_HANDSHAKE);
}

int main(void)
{
	check_begin("test_simsta_eapol");
	if (!st_crypto()) {
		fprintf(stderr, "crypto set-up failed\n");
		return 1;
	}
	RUN(test_m1_checks);
	RUN(test_m1_bytes);
	RUN(test_m1_retransmit);
	RUN(test_m3_checks);
	RUN(test_m3_retransmit);
	RUN(test_g1);
	RUN(test_protected_g1);
	RUN(test_wrong_passphrase);
	st_crypto_done();
	return check_end();
}
