/*
 * simsta_eapol.c - the simulated station's supplicant: the 4-way
 * handshake (M1 -> M2, M3 -> M4) and the group key handshake (G1 -> G2)
 * of IEEE Std 802.11-2020 12.7.6 and 12.7.7, with PSK (AKM 2: descriptor
 * version 2, PRF-SHA1, HMAC-SHA1 MIC) or PSK-SHA256 (AKM 6: version 3,
 * KDF-SHA256, AES-CMAC MIC), CCMP-128 pairwise and group.
 *
 * Pure code, run by the sim thread and unit tests through simsta_rx(); it
 * owns the handshake fields of the struct simsta it is handed. The only
 * buffers are on the stack: a decrypted copy of a protected frame and the
 * unwrapped key data, both wiped before return.
 *
 * Every received EAPOL-Key frame is checked in this order, the first
 * failure being the verdict (the frame is then dropped and the AP's
 * retransmission or timeout decides what happens next):
 *   data frame FromDS to us from the BSSID; CCMP (if protected) and PN;
 *   LLC/SNAP; EAPOL-Key parse; RSN descriptor and the AKM's version;
 *   message kind; state; Key Information bits; Key Length; replay counter
 *   (strictly above every one accepted); nonce; MIC with the KCK of the
 *   PTK derived from M1 (12.7.6.2-4); key data unwrapped with the KEK;
 *   its RSN element byte-identical to the beacon's (12.7.6.4) and its GTK
 *   KDE. Only then do the replay counter, PTK and GTK change.
 * The PTK derived on M1 is kept apart from an installed one by
 * ptk_installed (OpenBSD's TPTK): a retransmitted M3 after M4 is answered
 * with M4 again but never reinstalls the key (12.7.6.4 note).
 *
 * EAPOL frames go to the AP in Data frames, ToDS, A1 = A3 = BSSID, in the
 * clear (the PTK is installed only after M4 is sent; G2 is also sent in
 * the clear, which the AP's EAPOL path accepts as hostapd does).
 */
#include <rapd/simsta.h>

#include <string.h>

#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/eapol.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>

#include "simsta_pvt.h"

#define CCMP_TK_LEN 16	  /* Key Length of M1/M3, GTK length (CCMP-128) */
#define PROTECTED_MAX 640 /* a protected EAPOL frame we decrypt */

void simsta_handshake_reset(struct simsta *s)
{
	crypto_wipe(&s->ptk, sizeof(s->ptk));
	crypto_wipe(s->gtk, sizeof(s->gtk));
	crypto_wipe(s->anonce, sizeof(s->anonce));
	crypto_wipe(s->snonce, sizeof(s->snonce));
	s->gtk_len = 0;
	s->gtk_id = 0;
	s->ptk_installed = false;
	s->replay_seen = false;
	s->replay = 0;
	s->m1_seen = false;
	s->rx_pn = 0;
}

void simsta_handshake_begin(struct simsta *s)
{
	simsta_handshake_reset(s);
	/* one SNonce per association, reused for retransmitted M1s */
	crypto_rng_bytes(&s->rng, s->snonce, sizeof(s->snonce));
}

/* Descriptor version and MIC algorithm the AKM fixes (12.7.2 b.1). */
static unsigned akm_desc_version(const struct simsta *s)
{
	return s->akm == RSN_AKM_PSK_SHA256 ? EAPOL_KEY_V_CMAC_AES
					    : EAPOL_KEY_V_SHA1_AES;
}

static enum crypto_mic_alg akm_mic_alg(const struct simsta *s)
{
	return s->akm == RSN_AKM_PSK_SHA256 ? CRYPTO_MIC_AES_CMAC
					    : CRYPTO_MIC_HMAC_SHA1;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static bool replay_fresh(const struct simsta *s, uint64_t counter)
{
	return !s->replay_seen || counter > s->replay;
}

static void replay_accept(struct simsta *s, uint64_t counter)
{
	s->replay = counter;
	s->replay_seen = true;
}

/*
 * Sends one EAPOL-Key frame to the AP: info bits (the descriptor version
 * is added), replay counter, nonce (NULL: zero), key data; MIC with the
 * KCK of s->ptk.
 */
static bool send_key(const struct simsta_ctx *ctx, struct simsta *s,
		     struct simsta_out *out, uint16_t info, uint64_t replay,
		     const uint8_t *nonce, const uint8_t *kd, size_t kd_len,
		     enum simsta_tx kind)
{
	struct eapol_key_params kp = {
		.version = s->eapol_version,
		.desc_type = EAPOL_DESC_RSN,
		.info = (uint16_t)(info | akm_desc_version(s) | EAPOL_KI_MIC),
		.replay_counter = replay,
		.nonce = nonce,
		.key_data = kd,
		.key_data_len = kd_len,
	};
	struct simsta_frame *f = simsta_slot(out);
	uint8_t *p = f ? f->data : NULL, *key;
	const uint8_t *end = f ? f->data + sizeof(f->data) : NULL;

	p = wlan_put_data_hdr(p, end, WLAN_FC_TODS, s->bssid, s->addr, s->bssid,
			      s->seq, -1);
	p = eapol_put_llc_snap(p, end);
	key = p;
	p = eapol_build_key(p, end, &kp);
	if (p && eapol_set_mic(ctx->ws, akm_mic_alg(s), s->ptk.kck, key,
			       (size_t)(p - key)) != EAPOL_OK)
		p = NULL;
	return simsta_commit(ctx, s, out, f, p, kind);
}

/* M1 (12.7.6.2): ANonce in; derive the PTK; M2 with SNonce and our RSN
 * element (the one of the association request) out. */
static enum simsta_verdict rx_m1(const struct simsta_ctx *ctx, struct simsta *s,
				 const struct eapol_key *k,
				 struct simsta_out *out)
{
	enum crypto_hash hash =
		s->akm == RSN_AKM_PSK_SHA256 ? CRYPTO_SHA256 : CRYPTO_SHA1;

	if (s->state != SIMSTA_ST_HANDSHAKE)
		return SIMSTA_UNEXPECTED;
	if (k->info & (EAPOL_KI_INSTALL | EAPOL_KI_SECURE |
		       EAPOL_KI_ENC_KEY_DATA | EAPOL_KI_ERROR))
		return SIMSTA_M1_BAD_KEY_INFO;
	if (k->key_len != CCMP_TK_LEN)
		return SIMSTA_M1_BAD_KEY_LEN;
	if (!replay_fresh(s, k->replay_counter))
		return SIMSTA_M1_REPLAY;
	if (all_zero(k->nonce, EAPOL_NONCE_LEN))
		return SIMSTA_M1_ZERO_NONCE;
	replay_accept(s, k->replay_counter);
	memcpy(s->anonce, k->nonce, EAPOL_NONCE_LEN);
	s->m1_seen = true;
	s->eapol_version = k->version;
	if (s->opts.vanish_after == 1) {
		simsta_vanish(s);
		return SIMSTA_OK;
	}
	if (crypto_ptk_derive(s->pmk, hash, s->bssid, s->addr, s->anonce,
			      s->snonce, &s->ptk) != 0)
		return SIMSTA_CRYPTO_FAILED;
	send_key(ctx, s, out, EAPOL_KI_PAIRWISE, k->replay_counter, s->snonce,
		 s->own_rsn, s->own_rsn_len, SIMSTA_TX_M2);
	if (s->opts.vanish_after == 2)
		simsta_vanish(s);
	return SIMSTA_OK;
}

/*
 * Key data of M3: an RSN element byte-identical to the one of the
 * beacon/probe response (12.7.6.4; a second RSN element, if any, is not
 * looked at), and a GTK KDE with a CCMP-128 GTK.
 */
static enum simsta_verdict m3_key_data(const struct simsta *s,
				       const uint8_t *kd, size_t len,
				       struct eapol_gtk *gtk)
{
	struct eapol_kde_iter it;
	struct eapol_kde item;
	bool rsn_seen = false, gtk_seen = false;
	enum eapol_kde_step step;

	eapol_kde_iter_init(&it, kd, len);
	while ((step = eapol_kde_next(&it, &item)) == EAPOL_KDE_ITEM) {
		if (item.id == IE_RSN && !rsn_seen) {
			rsn_seen = true;
			if (item.elem_len != s->ap_rsn_len ||
			    memcmp(item.elem, s->ap_rsn, item.elem_len) != 0)
				return SIMSTA_M3_RSN_MISMATCH;
		} else if (item.is_kde && item.kde_type == EAPOL_KDE_GTK &&
			   !gtk_seen) {
			gtk_seen = true;
			if (eapol_kde_gtk(&item, gtk) != EAPOL_OK ||
			    gtk->key_len != CCMP_TK_LEN)
				return SIMSTA_M3_BAD_GTK;
		}
	}
	if (step == EAPOL_KDE_BAD)
		return SIMSTA_M3_BAD_KEY_DATA;
	if (!rsn_seen)
		return SIMSTA_M3_NO_RSN;
	return gtk_seen ? SIMSTA_OK : SIMSTA_M3_BAD_GTK;
}

static void store_gtk(struct simsta *s, const struct eapol_gtk *gtk)
{
	memcpy(s->gtk, gtk->key, gtk->key_len);
	s->gtk_len = (uint8_t)gtk->key_len;
	s->gtk_id = (uint8_t)gtk->key_id;
}

/* Checks of M3 up to its MIC, before the key data is opened. */
static enum simsta_verdict m3_check(const struct simsta_ctx *ctx,
				    const struct simsta *s,
				    const struct eapol_key *k)
{
	uint16_t need = EAPOL_KI_SECURE | EAPOL_KI_ENC_KEY_DATA;

	if ((k->info & need) != need)
		return SIMSTA_M3_BAD_KEY_INFO;
	if (k->key_len != CCMP_TK_LEN)
		return SIMSTA_M3_BAD_KEY_LEN;
	if (!replay_fresh(s, k->replay_counter))
		return SIMSTA_M3_REPLAY;
	if (memcmp(k->nonce, s->anonce, EAPOL_NONCE_LEN) != 0)
		return SIMSTA_M3_ANONCE_CHANGED;
	if (eapol_verify_mic(ctx->ws, akm_mic_alg(s), s->ptk.kck, k) !=
	    EAPOL_OK)
		return SIMSTA_M3_BAD_MIC;
	return SIMSTA_OK;
}

/* M3 (12.7.6.4): verify everything, install PTK and GTK, send M4. A
 * retransmitted M3 once CONNECTED gets M4 again without reinstalling. */
static enum simsta_verdict rx_m3(const struct simsta_ctx *ctx, struct simsta *s,
				 const struct eapol_key *k, uint64_t now,
				 struct simsta_out *out)
{
	uint8_t plain[EAPOL_KEY_DATA_MAX];
	size_t plain_len = 0;
	struct eapol_gtk gtk;
	enum simsta_verdict v;
	bool again = s->state == SIMSTA_ST_CONNECTED;

	if (!again && (s->state != SIMSTA_ST_HANDSHAKE || !s->m1_seen))
		return SIMSTA_UNEXPECTED;
	v = m3_check(ctx, s, k);
	if (v != SIMSTA_OK)
		return v;
	if (eapol_unwrap_key_data(ctx->ws, s->ptk.kek, k, plain, sizeof(plain),
				  &plain_len) != EAPOL_OK)
		return SIMSTA_M3_BAD_WRAP;
	v = m3_key_data(s, plain, plain_len, &gtk);
	if (v == SIMSTA_OK) {
		replay_accept(s, k->replay_counter);
		if (!again)
			store_gtk(s, &gtk);
	}
	crypto_wipe(plain, sizeof(plain));
	if (v != SIMSTA_OK)
		return v;
	if (s->opts.vanish_after == 3) {
		simsta_vanish(s);
		return SIMSTA_OK;
	}
	send_key(ctx, s, out, EAPOL_KI_PAIRWISE | EAPOL_KI_SECURE,
		 k->replay_counter, NULL, NULL, 0, SIMSTA_TX_M4);
	if (again) {
		ctx->cnt->m4_resent++;
		return SIMSTA_OK;
	}
	s->ptk_installed = true;
	s->rx_pn = 0;
	simsta_connected(ctx, s, now);
	return SIMSTA_OK;
}

/* What eapol_unwrap_gtk said, as a G1 verdict. */
static enum simsta_verdict g1_verdict(enum eapol_verdict ev,
				      const struct eapol_gtk *gtk)
{
	if (ev == EAPOL_OK)
		return gtk->key_len == CCMP_TK_LEN ? SIMSTA_OK
						   : SIMSTA_G1_BAD_GTK;
	if (ev == EAPOL_BAD_GTK_KDE || ev == EAPOL_BAD_NO_GTK ||
	    ev == EAPOL_BAD_KDE_LEN || ev == EAPOL_BAD_KDE_PADDING)
		return SIMSTA_G1_BAD_GTK;
	return SIMSTA_G1_BAD_WRAP; /* not encrypted, bad length, unwrap */
}

/* G1 (12.7.7.2): a new GTK under the installed PTK; G2 out. */
static enum simsta_verdict rx_g1(const struct simsta_ctx *ctx, struct simsta *s,
				 const struct eapol_key *k,
				 struct simsta_out *out)
{
	uint16_t need = EAPOL_KI_SECURE | EAPOL_KI_ENC_KEY_DATA;
	uint8_t plain[EAPOL_KEY_DATA_MAX];
	struct eapol_gtk gtk;
	enum simsta_verdict v;

	if (s->state != SIMSTA_ST_CONNECTED)
		return SIMSTA_UNEXPECTED;
	if ((k->info & need) != need)
		return SIMSTA_G1_BAD_KEY_INFO;
	if (!replay_fresh(s, k->replay_counter))
		return SIMSTA_G1_REPLAY;
	if (eapol_verify_mic(ctx->ws, akm_mic_alg(s), s->ptk.kck, k) !=
	    EAPOL_OK)
		return SIMSTA_G1_BAD_MIC;
	memset(&gtk, 0, sizeof(gtk));
	v = g1_verdict(eapol_unwrap_gtk(ctx->ws, s->ptk.kek, k, plain,
					sizeof(plain), &gtk),
		       &gtk);
	if (v == SIMSTA_OK) {
		replay_accept(s, k->replay_counter);
		store_gtk(s, &gtk);
	}
	crypto_wipe(plain, sizeof(plain));
	if (v != SIMSTA_OK)
		return v;
	ctx->cnt->gtk_rekeys++;
	send_key(ctx, s, out, EAPOL_KI_SECURE, k->replay_counter, NULL, NULL, 0,
		 SIMSTA_TX_G2);
	return SIMSTA_OK;
}

static enum simsta_verdict rx_key(const struct simsta_ctx *ctx,
				  struct simsta *s, const uint8_t *p,
				  size_t len, uint64_t now,
				  struct simsta_out *out)
{
	struct eapol_key k;

	if (eapol_parse_key(p, len, &k) != EAPOL_OK)
		return SIMSTA_EAPOL_BAD_KEY;
	if (k.desc_type != EAPOL_DESC_RSN ||
	    eapol_key_desc_version(&k) != akm_desc_version(s))
		return SIMSTA_EAPOL_BAD_DESC;
	switch (eapol_classify(&k)) {
	case EAPOL_MSG_M1:
		return rx_m1(ctx, s, &k, out);
	case EAPOL_MSG_M3:
		return rx_m3(ctx, s, &k, now, out);
	case EAPOL_MSG_G1:
		return rx_g1(ctx, s, &k, out);
	case EAPOL_MSG_UNKNOWN:
	case EAPOL_MSG_M2:
	case EAPOL_MSG_M4:
	case EAPOL_MSG_G2:
	case EAPOL_MSG_REQUEST:
		break;
	}
	return SIMSTA_EAPOL_BAD_MSG;
}

/* A CCMP-protected frame under our PTK: decrypt into buf (header and
 * plaintext body, *len bytes), check the PN. */
static enum simsta_verdict unprotect(const struct simsta_ctx *ctx,
				     struct simsta *s,
				     const struct wlan_hdr *hdr, uint8_t *buf,
				     size_t size, size_t *len)
{
	const uint8_t *frame = hdr->body - hdr->hdr_len;
	size_t in_len = hdr->hdr_len + hdr->body_len;
	uint64_t pn;

	if (!s->ptk_installed || in_len > size + 16)
		return SIMSTA_EAPOL_UNDECRYPTABLE;
	if (crypto_ccmp_decrypt(ctx->ws, s->ptk.tk, frame, in_len, buf, len,
				&pn) != 0)
		return SIMSTA_EAPOL_UNDECRYPTABLE;
	if (!crypto_ccmp_pn_fresh(s->rx_pn, pn))
		return SIMSTA_EAPOL_PN_REPLAY;
	s->rx_pn = pn;
	return SIMSTA_OK;
}

static enum simsta_verdict check_data_hdr(const struct simsta *s,
					  const struct wlan_hdr *hdr)
{
	if ((hdr->subtype & WLAN_STYPE_NODATA_BIT) ||
	    (hdr->flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) != WLAN_FC_FROMDS)
		return SIMSTA_EAPOL_BAD_DATA;
	if (!mac_equal(hdr->addr1, s->addr))
		return SIMSTA_NOT_FOR_US;
	if (!mac_equal(hdr->addr2, s->bssid))
		return SIMSTA_NOT_FROM_AP;
	if (s->state != SIMSTA_ST_HANDSHAKE && s->state != SIMSTA_ST_CONNECTED)
		return SIMSTA_UNEXPECTED;
	return SIMSTA_OK;
}

/* The EAPOL frame inside a body: LLC/SNAP, then an EAPOL-Key frame. */
static enum simsta_verdict rx_body(const struct simsta_ctx *ctx,
				   struct simsta *s, const uint8_t *body,
				   size_t len, uint64_t now,
				   struct simsta_out *out)
{
	if (!eapol_is_llc_snap(body, len))
		return SIMSTA_EAPOL_BAD_DATA;
	return rx_key(ctx, s, body + EAPOL_LLC_SNAP_LEN,
		      len - EAPOL_LLC_SNAP_LEN, now, out);
}

enum simsta_verdict simsta_rx_data(const struct simsta_ctx *ctx,
				   struct simsta *s, const struct wlan_hdr *hdr,
				   uint64_t now, struct simsta_out *out)
{
	uint8_t buf[PROTECTED_MAX];
	enum simsta_verdict v = check_data_hdr(s, hdr);
	size_t len = 0;

	if (v != SIMSTA_OK)
		return v;
	if (!(hdr->flags & WLAN_FC_PROTECTED))
		return rx_body(ctx, s, hdr->body, hdr->body_len, now, out);
	v = unprotect(ctx, s, hdr, buf, sizeof(buf), &len);
	if (v == SIMSTA_OK)
		v = rx_body(ctx, s, buf + hdr->hdr_len, len - hdr->hdr_len, now,
			    out);
	crypto_wipe(buf, sizeof(buf));
	return v;
}
