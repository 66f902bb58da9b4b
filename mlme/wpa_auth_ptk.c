/*
 * wpa_auth_ptk.c - the authenticator's 4-way handshake (see wpa_auth.h):
 * one function per message and direction, the EAPOL dispatcher, the
 * retransmission timer, and the EAPOL-Key sender shared with the group
 * key handshake (wpa_auth_group.c).
 *
 * Pure code, run by the worker that owns the station (ap_rx_data hands it
 * cleartext 802.1X frames, ap_tx_status starts it, ap_timeout drives the
 * timer). The PTK lives in the station (struct wpa_sta); a candidate PTK
 * lives on the stack until M2's MIC verified, and is wiped either way.
 *
 * Follows IEEE Std 802.11-2020 12.7.6 (4-way handshake: 12.7.6.2-5 the
 * four messages, their Key Information bits and key data), 12.7.2
 * (EAPOL-Key frames: MIC, key data encryption and padding), 12.7.10
 * (authenticator state machine: PTKSTART -> PTKCALCNEGOTIATING ->
 * PTKINITNEGOTIATING -> PTKINITDONE, retries bounded by
 * dot11RSNAConfigPairwiseUpdateCount), and hostapd's timers: first
 * retransmission after 100 ms, then every 1 s, each copy with a new
 * replay counter; an M2 answering any M1 of the handshake is accepted.
 *
 * Message 1 as rapd sends it (802.1X header onward, PSK, descriptor v2):
 *   02 03 005f  02  008a  0010  <replay>  <ANonce>  00.. (IV, RSC, ID,
 *   MIC)  0000
 * Message 3: info 13ca (v2 | pairwise | install | ack | MIC | secure |
 * encrypted), Key RSC = the GTK's PN, key data = wrap(KEK, RSNE || GTK
 * KDE || dd 00..).
 */
#include <rapd/wpa_auth.h>

#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ie.h>

#define CCMP_KEY_LEN 16

uint16_t wpa_desc_version(const struct wpa_sta *w)
{
	return w->mic_alg == CRYPTO_MIC_AES_CMAC ? EAPOL_KEY_V_CMAC_AES
						 : EAPOL_KEY_V_SHA1_AES;
}

void wpa_sta_reset(struct wpa_sta *w)
{
	w->ptk_state = WPA_PTK_INITIALIZE;
	w->group_state = WPA_GROUP_IDLE;
	crypto_wipe(w->anonce, sizeof(w->anonce));
	crypto_wipe(w->snonce, sizeof(w->snonce));
	crypto_wipe(&w->ptk, sizeof(w->ptk));
	w->ptk_installed = false;
	w->has_group = false;
	w->sends = 0;
	w->mic_failures = 0;
	w->deadline = 0;
}

void wpa_sta_setup(struct wpa_sta *w, uint32_t akm)
{
	wpa_sta_reset(w);
	w->akm = akm;
	/* 12.7.2 b.1 and 12.7.1.3: the AKM picks MIC and key derivation. */
	if (akm == RSN_AKM_PSK_SHA256) {
		w->mic_alg = CRYPTO_MIC_AES_CMAC;
		w->kdf = CRYPTO_SHA256;
	} else {
		w->mic_alg = CRYPTO_MIC_HMAC_SHA1;
		w->kdf = CRYPTO_SHA1;
	}
}

uint64_t wpa_next_replay(struct wpa_sta *w)
{
	return ++w->replay_counter;
}

void wpa_arm_timer(struct ap_ctx *ctx, struct ap_sta *sta, uint64_t now,
		   uint64_t first_ns)
{
	sta->wpa.deadline =
		now + (sta->wpa.sends <= 1 ? first_ns : WPA_TIMEOUT_NEXT_NS);
}

/* Pads and wraps plaintext key data with the KEK into out (12.7.2). */
static size_t wrap_key_data(struct ap_ctx *ctx, const struct wpa_sta *w,
			    const uint8_t *kd, size_t len, uint8_t *out,
			    size_t out_size)
{
	uint8_t plain[EAPOL_KEY_DATA_MAX];
	uint8_t *p;
	size_t n = 0;

	if (len > sizeof(plain))
		return 0;
	memcpy(plain, kd, len);
	p = eapol_pad_key_data(plain, plain + len, plain + sizeof(plain));
	if (p)
		p = eapol_wrap_key_data(ctx->ws, w->ptk.kek, plain,
					(size_t)(p - plain), out,
					out + out_size);
	if (p)
		n = (size_t)(p - out);
	crypto_wipe(plain, sizeof(plain));
	return n;
}

enum ap_verdict wpa_auth_send_key(struct ap_ctx *ctx, struct ap_sta *sta,
				  struct eapol_key_params *kp,
				  enum ap_frame_kind kind, struct ap_out *out)
{
	const uint8_t *bssid = ctx->bss->bssid;
	uint8_t wrapped[EAPOL_KEY_DATA_MAX];
	const uint8_t *end;
	uint8_t *start, *key, *p;

	if (kp->info & EAPOL_KI_ENC_KEY_DATA) {
		kp->key_data_len = wrap_key_data(ctx, &sta->wpa, kp->key_data,
						 kp->key_data_len, wrapped,
						 sizeof(wrapped));
		if (kp->key_data_len == 0)
			return AP_DROP_CRYPTO;
		kp->key_data = wrapped;
	}
	start = ap_out_begin(out, &end);
	p = wlan_put_data_hdr(start, end, WLAN_FC_FROMDS, sta->addr, bssid,
			      bssid, ap_sta_next_seq(sta), -1);
	p = eapol_put_llc_snap(p, end);
	key = p;
	p = eapol_build_key(p, end, kp);
	if (p && (kp->info & EAPOL_KI_MIC) &&
	    eapol_set_mic(ctx->ws, sta->wpa.mic_alg, sta->wpa.ptk.kck, key,
			  (size_t)(p - key)) != EAPOL_OK)
		return AP_DROP_CRYPTO;
	if (!ap_out_commit(out, start, p, kind,
			   AP_FRAME_F_NEEDS_ACK | AP_FRAME_F_EAPOL))
		return AP_DROP_OUT_FULL;
	return AP_OK;
}

/* 12.7.6.2: Message 1, the ANonce; no MIC (there is no PTK yet). */
enum ap_verdict eapol_send_m1(struct ap_ctx *ctx, struct ap_sta *sta,
			      uint64_t now, struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;
	struct eapol_key_params kp = {
		.version = WPA_EAPOL_VERSION,
		.desc_type = EAPOL_DESC_RSN,
		.info = wpa_desc_version(w) | EAPOL_KI_PAIRWISE | EAPOL_KI_ACK,
		.key_len = CCMP_KEY_LEN,
		.replay_counter = wpa_next_replay(w),
		.nonce = w->anonce,
	};
	enum ap_verdict v;

	v = wpa_auth_send_key(ctx, sta, &kp, AP_FRAME_EAPOL_M1, out);
	w->sends++;
	wpa_arm_timer(ctx, sta, now, WPA_TIMEOUT_FIRST_NS);
	return v;
}

enum ap_verdict wpa_auth_start(struct ap_ctx *ctx, struct ap_sta *sta,
			       uint64_t now, struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;

	w->handshake_no++;
	if (ctx->ops->nonce(ctx->arg, sta->addr, w->handshake_no, w->anonce) !=
	    0) {
		ap_sta_deauth(ctx, sta, WLAN_REASON_UNSPECIFIED, out);
		return AP_DROP_NO_NONCE;
	}
	/* A group handshake in progress stops: M3 carries the GTK. */
	w->group_state = WPA_GROUP_IDLE;
	w->ptk_state = WPA_PTK_PTKSTART;
	w->first_m1_replay = w->replay_counter + 1;
	w->sends = 0;
	w->mic_failures = 0;
	crypto_wipe(w->snonce, sizeof(w->snonce));
	return eapol_send_m1(ctx, sta, now, out);
}

/* 12.7.6.3: M2's key data must hold the RSNE of the association request,
 * octet for octet. */
static bool m2_rsne_matches(const struct ap_sta *sta,
			    const struct eapol_key *key)
{
	struct eapol_kde_iter it;
	struct eapol_kde kde;

	eapol_kde_iter_init(&it, key->key_data, key->key_data_len);
	while (eapol_kde_next(&it, &kde) == EAPOL_KDE_ITEM) {
		if (kde.id != IE_RSN)
			continue;
		return kde.elem_len == sta->rsn_ie_len &&
		       memcmp(kde.elem, sta->rsn_ie, kde.elem_len) == 0;
	}
	return false;
}

/* The MIC verdict as a drop; a bad MIC is counted (PSK mismatch). */
static enum ap_verdict mic_verdict(struct wpa_sta *w, enum eapol_verdict ev)
{
	if (ev == EAPOL_OK)
		return AP_OK;
	if (ev == EAPOL_BAD_MIC) {
		w->mic_failures++;
		return AP_DROP_EAPOL_BAD_MIC; /* will time out: M1/M3 resent */
	}
	if (ev == EAPOL_BAD_DESC_VERSION)
		return AP_DROP_EAPOL_DESC_VERSION;
	if (ev == EAPOL_BAD_CRYPTO)
		return AP_DROP_CRYPTO;
	return AP_DROP_EAPOL_MALFORMED; /* a frame parse_key should refuse */
}

/* 12.7.6.3: Message 2, the SNonce, MIC with the new PTK's KCK. */
enum ap_verdict eapol_recv_m2(struct ap_ctx *ctx, struct ap_sta *sta,
			      const struct eapol_key *key, uint64_t now,
			      struct ap_out *out)
{
	const struct bss *bss = ctx->bss;
	struct wpa_sta *w = &sta->wpa;
	struct crypto_ptk tptk;
	enum ap_verdict v;

	if (w->ptk_state != WPA_PTK_PTKSTART)
		return AP_DROP_EAPOL_UNEXPECTED;
	if (key->replay_counter < w->first_m1_replay ||
	    key->replay_counter > w->replay_counter)
		return AP_DROP_EAPOL_REPLAY;
	if (crypto_ptk_derive(&bss->pmk, w->kdf, bss->bssid, sta->addr,
			      w->anonce, key->nonce, &tptk) != 0)
		return AP_DROP_CRYPTO;
	v = mic_verdict(w,
			eapol_verify_mic(ctx->ws, w->mic_alg, tptk.kck, key));
	if (v != AP_OK) {
		crypto_wipe(&tptk, sizeof(tptk));
		return v;
	}
	w->ptk_state = WPA_PTK_PTKCALCNEGOTIATING;
	if (!m2_rsne_matches(sta, key)) {
		crypto_wipe(&tptk, sizeof(tptk));
		ap_sta_deauth(ctx, sta, WLAN_REASON_IE_IN_4WAY_DIFFERS, out);
		return AP_DROP_EAPOL_RSNE_DIFFERS;
	}
	w->ptk = tptk;
	crypto_wipe(&tptk, sizeof(tptk));
	memcpy(w->snonce, key->nonce, EAPOL_NONCE_LEN);
	w->ptk_state = WPA_PTK_PTKINITNEGOTIATING;
	w->sends = 0;
	return eapol_send_m3(ctx, sta, now, out);
}

void wpa_gtk_rsc(const struct ap_ctx *ctx, uint8_t rsc[EAPOL_KEY_RSC_LEN])
{
	uint64_t pn = 0;

	if (ctx->ops->gtk_rsc)
		pn = ctx->ops->gtk_rsc(ctx->arg, ctx->group.key_id);
	put_le64(rsc, pn);
}

/* 12.7.6.4: Message 3, the AP's RSNE and the GTK, encrypted with the KEK;
 * Install, Secure, MIC. */
enum ap_verdict eapol_send_m3(struct ap_ctx *ctx, struct ap_sta *sta,
			      uint64_t now, struct ap_out *out)
{
	const struct bss *bss = ctx->bss;
	struct wpa_sta *w = &sta->wpa;
	uint8_t kd[BSS_RSN_IE_MAX + 64], rsc[EAPOL_KEY_RSC_LEN];
	struct eapol_key_params kp = {
		.version = WPA_EAPOL_VERSION,
		.desc_type = EAPOL_DESC_RSN,
		.info = wpa_desc_version(w) | EAPOL_KI_PAIRWISE |
			EAPOL_KI_INSTALL | EAPOL_KI_ACK | EAPOL_KI_MIC |
			EAPOL_KI_SECURE | EAPOL_KI_ENC_KEY_DATA,
		.key_len = CCMP_KEY_LEN,
		.nonce = w->anonce,
		.rsc = rsc,
		.key_data = kd,
	};
	enum ap_verdict v = AP_DROP_CRYPTO;
	uint8_t *p;

	memcpy(kd, bss->rsn_ie, bss->rsn_ie_len);
	p = eapol_put_gtk_kde(kd + bss->rsn_ie_len, kd + sizeof(kd),
			      ctx->group.key_id, false, ctx->group.gtk,
			      WPA_GTK_LEN);
	wpa_gtk_rsc(ctx, rsc);
	kp.replay_counter = wpa_next_replay(w);
	if (w->sends == 0)
		w->first_m3_replay = kp.replay_counter;
	if (p) {
		kp.key_data_len = (size_t)(p - kd);
		w->sent_epoch = ctx->group.epoch;
		v = wpa_auth_send_key(ctx, sta, &kp, AP_FRAME_EAPOL_M3, out);
	}
	crypto_wipe(kd, sizeof(kd));
	w->sends++;
	wpa_arm_timer(ctx, sta, now, WPA_TIMEOUT_FIRST_NS);
	return v;
}

/* 12.7.6.5: Message 4 answers an M3 of this handshake (its replay
 * counter: any copy sent, as hostapd accepts, since a slow station may
 * answer a copy the timer already replaced); then the PTK is installed and
 * the port opens (AP-STA-CONNECTED, then EAPOL-4WAY-HS-COMPLETED,
 * hostapd's order). */
enum ap_verdict eapol_recv_m4(struct ap_ctx *ctx, struct ap_sta *sta,
			      const struct eapol_key *key, uint64_t now,
			      struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;
	enum ap_verdict v;

	if (w->ptk_state != WPA_PTK_PTKINITNEGOTIATING)
		return AP_DROP_EAPOL_UNEXPECTED;
	if (key->replay_counter < w->first_m3_replay ||
	    key->replay_counter > w->replay_counter)
		return AP_DROP_EAPOL_REPLAY;
	v = mic_verdict(w,
			eapol_verify_mic(ctx->ws, w->mic_alg, w->ptk.kck, key));
	if (v != AP_OK)
		return v;
	w->ptk_state = WPA_PTK_PTKINITDONE;
	w->ptk_installed = true;
	w->sends = 0;
	w->deadline = 0;
	w->group_state = WPA_GROUP_REKEYESTABLISHED;
	w->group_epoch = w->sent_epoch;
	w->has_group = true;
	if (sta->state != AP_STA_AUTHORIZED)
		ap_sta_authorize(ctx, sta, out);
	ap_out_event(out, AP_EV_4WAY_COMPLETED, sta->addr, 0);
	/* The epoch moved on while M3 was out: the new GTK follows. */
	if (w->group_epoch != ctx->group.epoch)
		return wpa_group_start(ctx, sta, now, out);
	return AP_OK;
}

/* 12.7.10: a timeout resends the pending message, up to the cap. */
static enum ap_verdict ptk_retry(struct ap_ctx *ctx, struct ap_sta *sta,
				 uint64_t now, struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;

	if (w->sends < ctx->bss->pairwise_update_count)
		return w->ptk_state == WPA_PTK_PTKSTART
			       ? eapol_send_m1(ctx, sta, now, out)
			       : eapol_send_m3(ctx, sta, now, out);
	/* hostapd reports bad M2 MICs as a probable wrong passphrase. */
	if (w->ptk_state == WPA_PTK_PTKSTART && w->mic_failures > 0)
		ap_out_event(out, AP_EV_PSK_MISMATCH, sta->addr, 0);
	ap_sta_deauth(ctx, sta, WLAN_REASON_4WAY_HANDSHAKE_TIMEOUT, out);
	return AP_OK;
}

enum ap_verdict wpa_auth_timeout(struct ap_ctx *ctx, struct ap_sta *sta,
				 uint64_t now, struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;

	w->deadline = 0;
	switch (w->ptk_state) {
	case WPA_PTK_PTKSTART:
	case WPA_PTK_PTKINITNEGOTIATING:
		return ptk_retry(ctx, sta, now, out);
	case WPA_PTK_PTKINITDONE:
		if (w->group_state == WPA_GROUP_REKEYNEGOTIATING)
			return wpa_group_timeout(ctx, sta, now, out);
		return AP_OK;
	case WPA_PTK_INITIALIZE:
	case WPA_PTK_PTKCALCNEGOTIATING:
		return AP_OK; /* no timer runs in these states */
	}
	return AP_OK;
}

/* EAPOL-Start (802.1X-2010 11.3): the station asks for the handshake
 * again; one already running goes on (its timer resends). */
static enum ap_verdict rx_start(struct ap_ctx *ctx, struct ap_sta *sta,
				uint64_t now, struct ap_out *out)
{
	if (sta->wpa.ptk_state == WPA_PTK_PTKSTART ||
	    sta->wpa.ptk_state == WPA_PTK_PTKINITNEGOTIATING)
		return AP_DROP_EAPOL_START_BUSY;
	return wpa_auth_start(ctx, sta, now, out);
}

static enum ap_verdict rx_key(struct ap_ctx *ctx, struct ap_sta *sta,
			      const struct eapol_key *key, uint64_t now,
			      struct ap_out *out)
{
	switch (eapol_classify(key)) {
	case EAPOL_MSG_M2:
		return eapol_recv_m2(ctx, sta, key, now, out);
	case EAPOL_MSG_M4:
		return eapol_recv_m4(ctx, sta, key, now, out);
	case EAPOL_MSG_G2:
		return eapol_recv_g2(ctx, sta, key, now, out);
	case EAPOL_MSG_REQUEST:
		return AP_DROP_EAPOL_REQUEST; /* PTK rekey / MIC failure */
	case EAPOL_MSG_UNKNOWN:
	case EAPOL_MSG_M1:
	case EAPOL_MSG_M3:
	case EAPOL_MSG_G1:
		return AP_DROP_EAPOL_UNKNOWN_MSG;
	}
	return AP_DROP_EAPOL_UNKNOWN_MSG;
}

enum ap_verdict wpa_auth_rx_eapol(struct ap_ctx *ctx, struct ap_sta *sta,
				  const uint8_t *p, size_t len, uint64_t now,
				  struct ap_out *out)
{
	struct eapol_hdr hdr;
	struct eapol_key key;

	if (eapol_parse_hdr(p, len, &hdr) != EAPOL_OK)
		return AP_DROP_EAPOL_MALFORMED;
	if (hdr.type == EAPOL_TYPE_START)
		return rx_start(ctx, sta, now, out);
	if (hdr.type != EAPOL_TYPE_KEY)
		return AP_DROP_EAPOL_IGNORED; /* EAP, Logoff: PSK uses none */
	if (eapol_parse_key(p, len, &key) != EAPOL_OK ||
	    key.desc_type != EAPOL_DESC_RSN)
		return AP_DROP_EAPOL_MALFORMED;
	return rx_key(ctx, sta, &key, now, out);
}
