/*
 * ap_testutil_supp.c - the test supplicant of the access point tests (see
 * ap_testutil.h): checks M1, M3 and G1 as a station would (Key
 * Information bits, nonce, replay counter, Key RSC, MIC, the unwrapped
 * RSN element and GTK KDE) and builds M2, M4 and G2 with the codec's
 * eapol_build_key and eapol_set_mic. Test code only, single-threaded.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>
#include <rapd/crypto.h>

static enum crypto_hash supp_kdf(const struct apt_supp *s)
{
	return s->akm == RSN_AKM_PSK_SHA256 ? CRYPTO_SHA256 : CRYPTO_SHA1;
}

static enum crypto_mic_alg supp_mic(const struct apt_supp *s)
{
	return s->akm == RSN_AKM_PSK_SHA256 ? CRYPTO_MIC_AES_CMAC
					    : CRYPTO_MIC_HMAC_SHA1;
}

static uint16_t supp_dv(const struct apt_supp *s)
{
	return s->akm == RSN_AKM_PSK_SHA256 ? EAPOL_KEY_V_CMAC_AES
					    : EAPOL_KEY_V_SHA1_AES;
}

void apt_supp_init(struct apt_supp *s, const uint8_t addr[6], uint32_t akm,
		   const uint8_t pmk[32])
{
	memset(s, 0, sizeof(*s));
	memcpy(s->addr, addr, 6);
	s->akm = akm;
	CHECK(crypto_pmk_init(&s->pmk, pmk) == 0);
	s->rsn_ie_len = apt_sta_rsn_ie(s->rsn_ie, sizeof(s->rsn_ie), akm);
	memset(s->snonce, 0x5e, sizeof(s->snonce));
	memcpy(s->snonce, addr, 6);
}

void apt_supp_assoc(const struct apt_env *e, const struct apt_supp *s,
		    struct apt_assoc *a)
{
	apt_assoc_defaults(e, a);
	a->rsn_ie = s->rsn_ie;
	a->rsn_ie_len = s->rsn_ie_len;
}

/* Frame i of out as an EAPOL-Key frame to s from the BSS. */
static bool key_to(const struct apt_supp *s, const struct apt_env *e,
		   unsigned i, enum eapol_msg msg, struct eapol_key *key)
{
	struct wlan_hdr h = apt_hdr(&e->out, i);

	CHECK(h.type == WLAN_FC_TYPE_DATA && h.flags == WLAN_FC_FROMDS);
	CHECK(mac_equal(h.addr1, s->addr) && mac_equal(h.addr3, e->bss.bssid));
	if (!eapol_is_llc_snap(h.body, h.body_len) ||
	    eapol_parse_key(h.body + 8, h.body_len - 8, key) != EAPOL_OK)
		return false;
	CHECK_EQ_INT(eapol_classify(key), msg);
	CHECK_EQ_INT(key->version, EAPOL_VERSION_2004);
	CHECK_EQ_INT(key->desc_type, EAPOL_DESC_RSN);
	CHECK(key->replay_counter > s->replay);
	return eapol_classify(key) == msg && key->replay_counter > s->replay;
}

bool apt_supp_m1(struct apt_supp *s, const struct apt_env *e, unsigned i)
{
	struct eapol_key key;
	int bad = check_failures;

	if (!key_to(s, e, i, EAPOL_MSG_M1, &key))
		return false;
	CHECK_EQ_INT(key.info, supp_dv(s) | EAPOL_KI_PAIRWISE | EAPOL_KI_ACK);
	CHECK_EQ_INT(key.key_len, 16);
	CHECK_EQ_INT(key.key_data_len, 0);
	memcpy(s->anonce, key.nonce, 32);
	s->replay = key.replay_counter;
	CHECK(crypto_ptk_derive(&s->pmk, supp_kdf(s), e->bss.bssid, s->addr,
				s->anonce, s->snonce, &s->ptk) == 0);
	return check_failures == bad;
}

/* Checks the unwrapped key data: [the AP's RSNE], then a GTK KDE. */
static bool take_gtk(struct apt_supp *s, const struct apt_env *e,
		     const struct eapol_key *key, bool want_rsne)
{
	uint8_t plain[EAPOL_KEY_DATA_MAX];
	struct eapol_kde_iter it;
	struct eapol_kde kde;
	struct eapol_gtk gtk;
	size_t n = 0;

	CHECK_EQ_INT(eapol_unwrap_key_data(apt_ws(), s->ptk.kek, key, plain,
					   sizeof(plain), &n),
		     EAPOL_OK);
	eapol_kde_iter_init(&it, plain, n);
	if (want_rsne) {
		CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
		CHECK_EQ_INT(kde.elem_len, e->bss.rsn_ie_len);
		CHECK_MEM(kde.elem, e->bss.rsn_ie, e->bss.rsn_ie_len);
	}
	if (eapol_kde_next(&it, &kde) != EAPOL_KDE_ITEM ||
	    eapol_kde_gtk(&kde, &gtk) != EAPOL_OK)
		return false;
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_END);
	CHECK(!gtk.tx);
	memcpy(s->gtk, gtk.key, gtk.key_len);
	s->gtk_len = gtk.key_len;
	s->gtk_key_id = gtk.key_id;
	return true;
}

static void check_rsc(const struct apt_env *e, const struct eapol_key *key)
{
	uint8_t rsc[8];

	put_le64(rsc, e->gtk_pn);
	CHECK_MEM(key->rsc, rsc, 8);
}

bool apt_supp_m3(struct apt_supp *s, const struct apt_env *e, unsigned i)
{
	struct eapol_key key;
	int bad = check_failures;

	if (!key_to(s, e, i, EAPOL_MSG_M3, &key))
		return false;
	CHECK_EQ_INT(key.info, supp_dv(s) | EAPOL_KI_PAIRWISE |
				       EAPOL_KI_INSTALL | EAPOL_KI_ACK |
				       EAPOL_KI_MIC | EAPOL_KI_SECURE |
				       EAPOL_KI_ENC_KEY_DATA);
	CHECK_EQ_INT(key.key_len, 16);
	CHECK_MEM(key.nonce, s->anonce, 32);
	check_rsc(e, &key);
	CHECK_EQ_INT(eapol_verify_mic(apt_ws(), supp_mic(s), s->ptk.kck, &key),
		     EAPOL_OK);
	CHECK(take_gtk(s, e, &key, true));
	s->replay = key.replay_counter;
	return check_failures == bad;
}

bool apt_supp_g1(struct apt_supp *s, const struct apt_env *e, unsigned i)
{
	static const uint8_t zero[32];
	struct eapol_key key;
	int bad = check_failures;

	if (!key_to(s, e, i, EAPOL_MSG_G1, &key))
		return false;
	CHECK_EQ_INT(key.info, supp_dv(s) | EAPOL_KI_ACK | EAPOL_KI_MIC |
				       EAPOL_KI_SECURE | EAPOL_KI_ENC_KEY_DATA);
	CHECK_EQ_INT(key.key_len, 0);
	CHECK_MEM(key.nonce, zero, 32);
	check_rsc(e, &key);
	CHECK_EQ_INT(eapol_verify_mic(apt_ws(), supp_mic(s), s->ptk.kck, &key),
		     EAPOL_OK);
	CHECK(take_gtk(s, e, &key, false));
	s->replay = key.replay_counter;
	return check_failures == bad;
}

/* An EAPOL-Key frame from s, MIC by its KCK, as an 802.11 frame. */
static size_t supp_frame(const struct apt_supp *s, uint8_t *buf,
			 struct eapol_key_params *kp)
{
	uint8_t x[EAPOL_KEY_MAX_LEN];
	uint8_t *p;

	kp->version = EAPOL_VERSION_2001;
	kp->desc_type = EAPOL_DESC_RSN;
	kp->info |= supp_dv(s) | EAPOL_KI_MIC;
	p = eapol_build_key(x, x + sizeof(x), kp);
	CHECK(p != NULL);
	if (!p)
		return 0;
	CHECK_EQ_INT(eapol_set_mic(apt_ws(), supp_mic(s), s->ptk.kck, x,
				   (size_t)(p - x)),
		     EAPOL_OK);
	return apt_eapol(buf, s->addr, x, (size_t)(p - x));
}

size_t apt_supp_m2(const struct apt_supp *s, uint8_t *buf, uint64_t rc)
{
	struct eapol_key_params kp = {
		.info = EAPOL_KI_PAIRWISE,
		.key_len = 16,
		.replay_counter = rc,
		.nonce = s->snonce,
		.key_data = s->rsn_ie,
		.key_data_len = s->rsn_ie_len,
	};

	return supp_frame(s, buf, &kp);
}

size_t apt_supp_m4(const struct apt_supp *s, uint8_t *buf, uint64_t rc)
{
	struct eapol_key_params kp = {
		.info = EAPOL_KI_PAIRWISE | EAPOL_KI_SECURE,
		.key_len = 16,
		.replay_counter = rc,
	};

	return supp_frame(s, buf, &kp);
}

size_t apt_supp_g2(const struct apt_supp *s, uint8_t *buf, uint64_t rc)
{
	struct eapol_key_params kp = {
		.info = EAPOL_KI_SECURE,
		.replay_counter = rc,
	};

	return supp_frame(s, buf, &kp);
}

bool apt_handshake(struct apt_env *e, struct apt_supp *s)
{
	uint8_t f[APT_FRAME_MAX];
	struct ap_sta *sta;
	int i = apt_find(&e->out, AP_FRAME_EAPOL_M1);

	if (i < 0 || !apt_supp_m1(s, e, (unsigned)i))
		return false;
	CHECK_EQ_INT(apt_rx(e, f, apt_supp_m2(s, f, s->replay)), AP_OK);
	i = apt_find(&e->out, AP_FRAME_EAPOL_M3);
	if (i < 0 || !apt_supp_m3(s, e, (unsigned)i))
		return false;
	CHECK_EQ_INT(apt_rx(e, f, apt_supp_m4(s, f, s->replay)), AP_OK);
	CHECK(apt_event(&e->out, AP_EV_4WAY_COMPLETED, s->addr));
	sta = apt_sta(e, s->addr);
	return sta && sta->state == AP_STA_AUTHORIZED &&
	       sta->wpa.ptk_state == WPA_PTK_PTKINITDONE;
}
