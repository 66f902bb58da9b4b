/*
 * simsta_testutil.c - the hand-built AP of the simulated station's unit
 * tests (see simsta_testutil.h). Test code only, single-threaded; linked
 * into every unit test program by the Makefile. Every frame is written
 * with rapd's codec builders; the AP's PTK is derived with crypto_ptk_derive
 * from the station's SNonce exactly as an authenticator does.
 */
#include "check.h"
#include "simsta_testutil.h"

#include <rapd/bytes.h>
#include <rapd/eapol.h>
#include <rapd/ieee80211.h>

const uint8_t st_bssid[6] = {0x02, 0xaa, 0x00, 0x00, 0x00, 0x01};
const uint8_t st_sta_addr[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x07};
const uint8_t st_ssid[] = "rapd-sim";
struct crypto_pmk st_pmk;
struct crypto_pmk st_wrong_pmk;

static struct crypto_ws *ws;

bool st_crypto(void)
{
	uint8_t key[CRYPTO_PMK_LEN];

	if (crypto_init() != 0 || !(ws = crypto_ws_new()))
		return false;
	memset(key, 0x11, sizeof(key));
	if (crypto_pmk_init(&st_pmk, key) != 0)
		return false;
	memset(key, 0x22, sizeof(key));
	return crypto_pmk_init(&st_wrong_pmk, key) == 0;
}

struct crypto_ws *st_ws(void)
{
	return ws;
}

void st_crypto_done(void)
{
	crypto_ws_free(ws);
	crypto_cleanup();
}

void st_setup(struct st_fx *fx, uint32_t akms, const struct simsta_opts *opts,
	      const struct crypto_pmk *pmk)
{
	struct simsta_cfg cfg = {
		.ssid = st_ssid,
		.ssid_len = ST_SSID_LEN,
		.pmk = pmk ? pmk : &st_pmk,
		.seed = 42,
		.stream = 7,
	};
	uint8_t *p;

	memset(fx, 0, sizeof(*fx));
	memcpy(cfg.addr, st_sta_addr, 6);
	memcpy(cfg.bssid, st_bssid, 6);
	if (opts)
		cfg.opts = *opts;
	fx->ap.rsn.group_cipher = RSN_CIPHER_CCMP;
	fx->ap.rsn.pairwise_ciphers = RSN_CIPHER_CCMP;
	fx->ap.rsn.akms = akms;
	p = rsn_put_ie(fx->ap.rsn_ie, fx->ap.rsn_ie + sizeof(fx->ap.rsn_ie),
		       &fx->ap.rsn);
	CHECK(p != NULL);
	fx->ap.rsn_ie_len = p ? (size_t)(p - fx->ap.rsn_ie) : 0;
	memset(fx->ap.anonce, 0xa5, sizeof(fx->ap.anonce));
	memset(fx->ap.gtk, 0x6b, sizeof(fx->ap.gtk));
	fx->ap.replay = 0;
	simsta_params_default(&fx->params);
	fx->ctx.params = &fx->params;
	fx->ctx.ws = ws;
	fx->ctx.cnt = &fx->cnt;
	CHECK_EQ_INT(simsta_init(&fx->s, &cfg), 0);
}

enum simsta_verdict st_rx(struct st_fx *fx, const uint8_t *buf, size_t len)
{
	simsta_out_reset(&fx->out);
	return simsta_rx(&fx->ctx, &fx->s, buf, len, fx->now, &fx->out);
}

enum simsta_verdict st_rx_buf(struct st_fx *fx)
{
	return st_rx(fx, fx->buf, fx->len);
}

void st_tick(struct st_fx *fx, uint64_t t)
{
	fx->now = t;
	simsta_out_reset(&fx->out);
	simsta_timeout(&fx->ctx, &fx->s, t, &fx->out);
}

/* --- Management frames --------------------------------------------- */

static void put_done(struct st_fx *fx, uint8_t *p)
{
	CHECK(p != NULL);
	fx->len = p ? (size_t)(p - fx->buf) : 0;
}

void st_bss_default(const struct st_fx *fx, struct st_bss *b)
{
	memset(b, 0, sizeof(*b));
	b->subtype = WLAN_STYPE_PROBE_RESP;
	b->da = st_sta_addr;
	b->bssid = st_bssid;
	b->ssid = st_ssid;
	b->ssid_len = ST_SSID_LEN;
	b->capab = WLAN_CAPAB_ESS | WLAN_CAPAB_PRIVACY;
	b->rsn = fx->ap.rsn_ie;
	b->rsn_len = fx->ap.rsn_ie_len;
}

void st_put_bss(struct st_fx *fx, const struct st_bss *b)
{
	/* 802.11g with basic 1, 2, 5.5, 11 and the HT PHY selector */
	static const struct ie_rateset rates = {
		.n = 13,
		.rate = {0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 0x30,
			 0x48, 0x60, 0x6c, 0x80 | IE_SELECTOR_HT_PHY},
	};
	const uint8_t *end = fx->buf + sizeof(fx->buf);
	uint8_t *p = fx->buf;

	p = wlan_put_mgmt_hdr(p, end, b->subtype, b->da, b->bssid, b->bssid,
			      fx->ap.seq++);
	p = wlan_put_beacon_fixed(p, end, 0x1234, 100, b->capab);
	if (b->ssid)
		p = ie_put_ssid(p, end, b->ssid, b->ssid_len);
	if (!b->no_rates) {
		p = ie_put_supp_rates(p, end, &rates);
		p = ie_put_ext_rates(p, end, &rates);
	}
	p = ie_put_ds(p, end, 1);
	if (b->rsn && p && (size_t)(end - p) >= b->rsn_len) {
		memcpy(p, b->rsn, b->rsn_len);
		p += b->rsn_len;
	}
	if (b->extra && p && (size_t)(end - p) >= b->extra_len) {
		memcpy(p, b->extra, b->extra_len);
		p += b->extra_len;
	}
	put_done(fx, p);
}

void st_put_auth(struct st_fx *fx, uint16_t alg, uint16_t seq, uint16_t status)
{
	const uint8_t *end = fx->buf + sizeof(fx->buf);
	uint8_t *p = fx->buf;

	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_AUTH, st_sta_addr, st_bssid,
			      st_bssid, fx->ap.seq++);
	put_done(fx, wlan_put_auth(p, end, alg, seq, status));
}

void st_put_assoc_resp(struct st_fx *fx, uint8_t subtype, uint16_t status,
		       uint16_t aid)
{
	static const struct ie_rateset rates = {
		.n = 4,
		.rate = {0x82, 0x84, 0x8b, 0x96},
	};
	const uint8_t *end = fx->buf + sizeof(fx->buf);
	uint8_t *p = fx->buf;

	p = wlan_put_mgmt_hdr(p, end, subtype, st_sta_addr, st_bssid, st_bssid,
			      fx->ap.seq++);
	p = wlan_put_assoc_resp(p, end, WLAN_CAPAB_ESS | WLAN_CAPAB_PRIVACY,
				status, aid);
	put_done(fx, ie_put_supp_rates(p, end, &rates));
}

void st_put_leave(struct st_fx *fx, uint8_t subtype, const uint8_t *da,
		  const uint8_t *sa, uint16_t reason)
{
	const uint8_t *end = fx->buf + sizeof(fx->buf);
	uint8_t *p = fx->buf;

	p = wlan_put_mgmt_hdr(p, end, subtype, da, sa, sa, fx->ap.seq++);
	put_done(fx, wlan_put_deauth(p, end, reason));
}

bool st_out_mgmt(const struct st_fx *fx, unsigned i, uint8_t subtype,
		 struct wlan_hdr *h, struct wlan_mgmt *m)
{
	if (i >= fx->out.n) {
		CHECK(i < fx->out.n);
		return false;
	}
	CHECK_EQ_INT(wlan_parse_hdr(fx->out.f[i].data, fx->out.f[i].len, h),
		     WLAN_HDR_OK);
	CHECK_EQ_INT(h->type, WLAN_FC_TYPE_MGMT);
	CHECK_EQ_INT(h->subtype, subtype);
	CHECK(mac_equal(h->addr2, st_sta_addr));
	if (h->type != WLAN_FC_TYPE_MGMT || h->subtype != subtype)
		return false;
	CHECK_EQ_INT(wlan_parse_mgmt(h, m), WLAN_MGMT_OK);
	return true;
}

void st_to_handshake(struct st_fx *fx)
{
	struct st_bss b;

	st_tick(fx, fx->s.deadline);
	CHECK_EQ_INT(fx->s.state, SIMSTA_ST_PROBING);
	fx->now += 1000;
	st_bss_default(fx, &b);
	st_put_bss(fx, &b);
	CHECK_EQ_INT(st_rx_buf(fx), SIMSTA_OK);
	CHECK_EQ_INT(fx->s.state, SIMSTA_ST_AUTHENTICATING);
	st_put_auth(fx, WLAN_AUTH_OPEN, 2, WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(st_rx_buf(fx), SIMSTA_OK);
	CHECK_EQ_INT(fx->s.state, SIMSTA_ST_ASSOCIATING);
	st_put_assoc_resp(fx, WLAN_STYPE_ASSOC_RESP, WLAN_STATUS_SUCCESS, 1);
	CHECK_EQ_INT(st_rx_buf(fx), SIMSTA_OK);
	CHECK_EQ_INT(fx->s.state, SIMSTA_ST_HANDSHAKE);
}

/* --- EAPOL-Key frames ------------------------------------------------ */

static unsigned ap_desc_version(const struct st_fx *fx)
{
	return fx->s.akm == RSN_AKM_PSK_SHA256 ? EAPOL_KEY_V_CMAC_AES
					       : EAPOL_KEY_V_SHA1_AES;
}

static enum crypto_mic_alg ap_mic_alg(const struct st_fx *fx)
{
	return fx->s.akm == RSN_AKM_PSK_SHA256 ? CRYPTO_MIC_AES_CMAC
					       : CRYPTO_MIC_HMAC_SHA1;
}

static void key_base(struct st_fx *fx, struct st_key *k, uint16_t info)
{
	memset(k, 0, sizeof(*k));
	k->info = info;
	k->desc_version = -1;
	k->replay = ++fx->ap.replay;
	k->fc_flags = WLAN_FC_FROMDS;
}

void st_key_m1(struct st_fx *fx, struct st_key *k)
{
	key_base(fx, k, EAPOL_KI_PAIRWISE | EAPOL_KI_ACK);
	k->key_len = 16;
	k->nonce = fx->ap.anonce;
}

void st_key_m3(struct st_fx *fx, struct st_key *k)
{
	key_base(fx, k,
		 EAPOL_KI_PAIRWISE | EAPOL_KI_ACK | EAPOL_KI_MIC |
			 EAPOL_KI_INSTALL | EAPOL_KI_SECURE |
			 EAPOL_KI_ENC_KEY_DATA);
	k->key_len = 16;
	k->nonce = fx->ap.anonce;
}

void st_key_g1(struct st_fx *fx, struct st_key *k)
{
	key_base(fx, k,
		 EAPOL_KI_ACK | EAPOL_KI_MIC | EAPOL_KI_SECURE |
			 EAPOL_KI_ENC_KEY_DATA);
}

size_t st_m3_key_data(const struct st_fx *fx, const uint8_t *rsn,
		      size_t rsn_len, size_t gtk_len, uint8_t *out, size_t size)
{
	uint8_t *p = out;
	const uint8_t *end = out + size;

	if (rsn && rsn_len <= size) {
		memcpy(p, rsn, rsn_len);
		p += rsn_len;
	}
	if (gtk_len)
		p = eapol_put_gtk_kde(p, end, 1, false, fx->ap.gtk, gtk_len);
	CHECK(p != NULL);
	return p ? (size_t)(p - out) : 0;
}

/* Pads and wraps the key data of k into wrapped; its length, 0 if bad. */
static size_t wrap_key_data(struct st_fx *fx, const struct st_key *k,
			    uint8_t *wrapped, size_t size)
{
	uint8_t plain[EAPOL_KEY_DATA_MAX];
	uint8_t *p;

	if (k->plain_len > sizeof(plain) - 16)
		return 0;
	memcpy(plain, k->plain, k->plain_len);
	p = eapol_pad_key_data(plain, plain + k->plain_len,
			       plain + sizeof(plain));
	p = p ? eapol_wrap_key_data(ws, k->kek ? k->kek : fx->ap.ptk.kek, plain,
				    (size_t)(p - plain), wrapped,
				    wrapped + size)
	      : NULL;
	CHECK(p != NULL);
	return p ? (size_t)(p - wrapped) : 0;
}

void st_put_key(struct st_fx *fx, const struct st_key *k)
{
	unsigned dv = k->desc_version < 0 ? ap_desc_version(fx)
					  : (unsigned)k->desc_version;
	uint8_t wrapped[EAPOL_KEY_DATA_MAX];
	struct eapol_key_params kp = {
		.version = EAPOL_VERSION_2004,
		.desc_type = EAPOL_DESC_RSN,
		.info = (uint16_t)(k->info | dv),
		.key_len = k->key_len,
		.replay_counter = k->replay,
		.nonce = k->nonce,
		.key_data = k->plain,
		.key_data_len = k->plain_len,
	};
	const uint8_t *end = fx->buf + sizeof(fx->buf);
	uint8_t *p = fx->buf, *key;

	if (k->info & EAPOL_KI_ENC_KEY_DATA) {
		kp.key_data = wrapped;
		kp.key_data_len =
			wrap_key_data(fx, k, wrapped, sizeof(wrapped));
	}
	p = wlan_put_data_hdr(p, end, k->fc_flags, k->da ? k->da : st_sta_addr,
			      st_bssid, st_bssid, fx->ap.seq++, -1);
	p = eapol_put_llc_snap(p, end);
	key = p;
	p = eapol_build_key(p, end, &kp);
	if (p && (k->info & EAPOL_KI_MIC))
		CHECK_EQ_INT(eapol_set_mic(ws, ap_mic_alg(fx),
					   k->kck ? k->kck : fx->ap.ptk.kck,
					   key, (size_t)(p - key)),
			     EAPOL_OK);
	put_done(fx, p);
}

bool st_out_key(struct st_fx *fx, unsigned i, enum eapol_msg msg,
		const struct crypto_ptk *ptk, struct eapol_key *k)
{
	struct wlan_hdr h;
	const uint8_t *body;

	if (i >= fx->out.n) {
		CHECK(i < fx->out.n);
		return false;
	}
	CHECK_EQ_INT(wlan_parse_hdr(fx->out.f[i].data, fx->out.f[i].len, &h),
		     WLAN_HDR_OK);
	CHECK_EQ_INT(h.type, WLAN_FC_TYPE_DATA);
	CHECK_EQ_INT(h.flags, WLAN_FC_TODS);
	CHECK(mac_equal(h.addr1, st_bssid) && mac_equal(h.addr3, st_bssid));
	CHECK(mac_equal(h.addr2, st_sta_addr));
	body = h.body;
	if (h.type != WLAN_FC_TYPE_DATA || !eapol_is_llc_snap(body, h.body_len))
		return false;
	if (eapol_parse_key(body + EAPOL_LLC_SNAP_LEN,
			    h.body_len - EAPOL_LLC_SNAP_LEN, k) != EAPOL_OK) {
		CHECK(!"station's EAPOL-Key frame does not parse");
		return false;
	}
	CHECK_EQ_INT(eapol_classify(k), msg);
	CHECK_EQ_INT(eapol_key_desc_version(k), ap_desc_version(fx));
	return eapol_classify(k) == msg &&
	       eapol_verify_mic(ws, ap_mic_alg(fx), ptk->kck, k) == EAPOL_OK;
}

void st_m1_m2(struct st_fx *fx)
{
	enum crypto_hash hash =
		fx->s.akm == RSN_AKM_PSK_SHA256 ? CRYPTO_SHA256 : CRYPTO_SHA1;
	struct eapol_key m2;
	struct st_key k;

	st_key_m1(fx, &k);
	st_put_key(fx, &k);
	CHECK_EQ_INT(st_rx_buf(fx), SIMSTA_OK);
	CHECK_EQ_INT(fx->out.n, 1);
	if (fx->out.n != 1)
		return;
	/* the SNonce is in M2 whatever its MIC: the AP derives first */
	memcpy(fx->ap.snonce,
	       fx->out.f[0].data + 24 + EAPOL_LLC_SNAP_LEN + EAPOL_NONCE_OFF,
	       CRYPTO_NONCE_LEN);
	CHECK_EQ_INT(crypto_ptk_derive(&st_pmk, hash, st_bssid, st_sta_addr,
				       fx->ap.anonce, fx->ap.snonce,
				       &fx->ap.ptk),
		     0);
	if (fx->s.pmk != &st_pmk)
		return; /* a wrong passphrase: M2's MIC cannot verify */
	CHECK(st_out_key(fx, 0, EAPOL_MSG_M2, &fx->ap.ptk, &m2));
	CHECK_EQ_INT(m2.replay_counter, k.replay);
	CHECK_EQ_INT(m2.key_data_len, fx->s.own_rsn_len);
	CHECK_MEM(m2.key_data, fx->s.own_rsn, fx->s.own_rsn_len);
	if (!simsta_done(&fx->s)) /* a vanished station wiped it */
		CHECK_MEM(m2.nonce, fx->s.snonce, CRYPTO_NONCE_LEN);
}

void st_m3_m4(struct st_fx *fx)
{
	uint8_t kd[128];
	struct eapol_key m4;
	struct st_key k;

	st_key_m3(fx, &k);
	k.plain = kd;
	k.plain_len = st_m3_key_data(fx, fx->ap.rsn_ie, fx->ap.rsn_ie_len, 16,
				     kd, sizeof(kd));
	st_put_key(fx, &k);
	CHECK_EQ_INT(st_rx_buf(fx), SIMSTA_OK);
	CHECK_EQ_INT(fx->s.state, SIMSTA_ST_CONNECTED);
	CHECK(st_out_key(fx, 0, EAPOL_MSG_M4, &fx->ap.ptk, &m4));
	CHECK_EQ_INT(m4.replay_counter, k.replay);
	CHECK_EQ_INT(m4.info & EAPOL_KI_SECURE, EAPOL_KI_SECURE);
	CHECK_EQ_INT(m4.key_data_len, 0);
}

void st_connect(struct st_fx *fx)
{
	st_to_handshake(fx);
	st_m1_m2(fx);
	st_m3_m4(fx);
}
