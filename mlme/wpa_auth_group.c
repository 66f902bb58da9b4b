/*
 * wpa_auth_group.c - the GTK and the group key handshake (see
 * wpa_auth.h): GTK derivation from the GMK and the epoch, G1 out, G2 in,
 * the group retransmission timer, ap_rekey_group, which the worker calls
 * for each of its stations when the epoch changes, and the worker's
 * context with its GMK (ap_ctx_init, ap_ctx_set_epoch, ap_ctx_wipe).
 *
 * Pure code, run by the worker that owns the station; the GMK and the
 * current GTK are in the worker's struct ap_ctx. Every worker derives the
 * same GTK for the same epoch, so no state is shared between workers.
 *
 * Follows IEEE Std 802.11-2020 12.7.1.4 (group key hierarchy: GTK =
 * PRF(GMK, "Group key expansion", AA || GNonce)), 12.7.7 (group key
 * handshake: 12.7.7.2 message 1, 12.7.7.3 message 2), 12.7.10 (per
 * station group key state machine: REKEYNEGOTIATING, REKEYESTABLISHED,
 * KEYERROR as a deauthentication with reason 16), and hostapd's timers
 * (first retransmission after 500 ms, then every 1 s,
 * wpa_group_update_count copies in all).
 *
 * Group message 1 as rapd sends it (802.1X header onward, PSK):
 *   02 03 <len>  02  1382 (v2 | ack | MIC | secure | encrypted)  0000
 *   <replay>  00 x32 (nonce)  00 x16 (IV)  <GTK PN>  00 x8  <MIC>
 *   <len> wrap(KEK, GTK KDE || dd 00..)
 */
#include <rapd/wpa_auth.h>

#include <string.h>

#include <rapd/bytes.h>

static const char gtk_label[] = "Group key expansion";

int wpa_group_derive(const struct crypto_hmac_key *gmk, const uint8_t aa[6],
		     uint32_t epoch, struct wpa_group *g)
{
	uint8_t data[6 + EAPOL_NONCE_LEN];
	int rc;

	memset(g, 0, sizeof(*g));
	g->epoch = epoch;
	g->key_id = (epoch & 1) ? 2 : 1;
	put_be64(g->gnonce + EAPOL_NONCE_LEN - 8, epoch);
	memcpy(data, aa, 6);
	memcpy(data + 6, g->gnonce, EAPOL_NONCE_LEN);
	rc = crypto_prf_sha1(gmk, gtk_label, data, sizeof(data), g->gtk,
			     WPA_GTK_LEN);
	if (rc != 0)
		crypto_wipe(g, sizeof(*g));
	return rc;
}

/* 12.7.7.2: group message 1, the GTK encrypted with the KEK; no nonce,
 * no pairwise bit, Key Length 0. */
enum ap_verdict eapol_send_g1(struct ap_ctx *ctx, struct ap_sta *sta,
			      uint64_t now, struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;
	uint8_t kd[64], rsc[EAPOL_KEY_RSC_LEN];
	struct eapol_key_params kp = {
		.version = WPA_EAPOL_VERSION,
		.desc_type = EAPOL_DESC_RSN,
		.info = wpa_desc_version(w) | EAPOL_KI_ACK | EAPOL_KI_MIC |
			EAPOL_KI_SECURE | EAPOL_KI_ENC_KEY_DATA,
		.rsc = rsc,
		.key_data = kd,
	};
	enum ap_verdict v = AP_DROP_CRYPTO;
	uint8_t *p;

	wpa_gtk_rsc(ctx, rsc);
	p = eapol_put_gtk_kde(kd, kd + sizeof(kd), ctx->group.key_id, false,
			      ctx->group.gtk, WPA_GTK_LEN);
	kp.replay_counter = wpa_next_replay(w);
	if (p) {
		kp.key_data_len = (size_t)(p - kd);
		w->sent_epoch = ctx->group.epoch;
		v = wpa_auth_send_key(ctx, sta, &kp, AP_FRAME_EAPOL_G1, out);
	}
	crypto_wipe(kd, sizeof(kd));
	w->sends++;
	wpa_arm_timer(ctx, sta, now, WPA_TIMEOUT_GROUP_FIRST_NS);
	return v;
}

enum ap_verdict wpa_group_start(struct ap_ctx *ctx, struct ap_sta *sta,
				uint64_t now, struct ap_out *out)
{
	sta->wpa.group_state = WPA_GROUP_REKEYNEGOTIATING;
	sta->wpa.sends = 0;
	return eapol_send_g1(ctx, sta, now, out);
}

/* 12.7.7.3: group message 2 answers the last G1, MIC with the KCK. */
enum ap_verdict eapol_recv_g2(struct ap_ctx *ctx, struct ap_sta *sta,
			      const struct eapol_key *key, uint64_t now,
			      struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;
	enum eapol_verdict ev;

	if (w->group_state != WPA_GROUP_REKEYNEGOTIATING)
		return AP_DROP_EAPOL_UNEXPECTED;
	if (key->replay_counter != w->replay_counter)
		return AP_DROP_EAPOL_REPLAY;
	ev = eapol_verify_mic(ctx->ws, w->mic_alg, w->ptk.kck, key);
	if (ev == EAPOL_BAD_MIC) {
		w->mic_failures++;
		return AP_DROP_EAPOL_BAD_MIC; /* will time out: G1 resent */
	}
	if (ev == EAPOL_BAD_DESC_VERSION)
		return AP_DROP_EAPOL_DESC_VERSION;
	if (ev != EAPOL_OK)
		return ev == EAPOL_BAD_CRYPTO ? AP_DROP_CRYPTO
					      : AP_DROP_EAPOL_MALFORMED;
	w->group_state = WPA_GROUP_REKEYESTABLISHED;
	w->group_epoch = w->sent_epoch;
	w->has_group = true;
	w->sends = 0;
	w->deadline = 0;
	return AP_OK;
}

/* 12.7.10: resend G1 up to wpa_group_update_count copies, then KEYERROR:
 * deauthentication with reason 16. */
enum ap_verdict wpa_group_timeout(struct ap_ctx *ctx, struct ap_sta *sta,
				  uint64_t now, struct ap_out *out)
{
	if (sta->wpa.sends < ctx->bss->group_update_count)
		return eapol_send_g1(ctx, sta, now, out);
	ap_sta_deauth(ctx, sta, WLAN_REASON_GROUP_KEY_UPDATE_TIMEOUT, out);
	return AP_OK;
}

enum ap_verdict ap_rekey_group(struct ap_ctx *ctx, struct ap_sta *sta,
			       uint64_t now, struct ap_out *out)
{
	struct wpa_sta *w = &sta->wpa;
	enum ap_verdict v;

	if (!ctx->bss->rsn || sta->state != AP_STA_AUTHORIZED)
		return AP_OK; /* nothing to rekey */
	/* During a 4-way handshake, M3 or a G1 after M4 brings the GTK. */
	if (w->ptk_state != WPA_PTK_PTKINITDONE)
		return AP_OK;
	if (w->group_state == WPA_GROUP_REKEYNEGOTIATING &&
	    w->sent_epoch == ctx->group.epoch)
		return AP_OK; /* already on its way */
	if (w->group_state == WPA_GROUP_REKEYESTABLISHED && w->has_group &&
	    w->group_epoch == ctx->group.epoch)
		return AP_OK;
	v = wpa_group_start(ctx, sta, now, out);
	ap_sta_update_deadline(ctx, sta);
	return v;
}

/* --- The worker's group key --------------------------------------------- */

int ap_ctx_init(struct ap_ctx *ctx, const struct bss *bss, struct crypto_ws *ws,
		const struct ap_ops *ops, void *arg,
		const uint8_t gmk[WPA_GMK_LEN], uint32_t epoch)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->bss = bss;
	ctx->ws = ws;
	ctx->ops = ops;
	ctx->arg = arg;
	if (crypto_hmac_key_init(&ctx->gmk, CRYPTO_SHA1, gmk, WPA_GMK_LEN))
		return -1;
	return ap_ctx_set_epoch(ctx, epoch);
}

int ap_ctx_set_epoch(struct ap_ctx *ctx, uint32_t epoch)
{
	return wpa_group_derive(&ctx->gmk, ctx->bss->bssid, epoch, &ctx->group);
}

void ap_ctx_wipe(struct ap_ctx *ctx)
{
	crypto_wipe(ctx, sizeof(*ctx));
}
