/*
 * storm_crypto_prep.c - what `rapd-storm --mode crypto` measures against,
 * made before any timing: the network side (GTK, M3's plaintext key data,
 * M3 as a template) and STORM_HS_SETS station sides, each with its own
 * address, ANonce, SNonce, and its M2 and M4 carrying valid MICs.
 *
 * Main thread; untimed. Uses rapd's own mlme builders (eapol_build_key,
 * eapol_set_mic, eapol_put_gtk_kde, eapol_pad_key_data), so the frames are
 * the ones rapd would receive and send, octet for octet in length and
 * layout (IEEE Std 802.11-2020 12.7.2 EAPOL-Key frames, 12.7.6.3-5
 * messages 2 to 4, WPA2-PSK with descriptor version 2: HMAC-SHA1-128 MIC,
 * AES key wrap). Nonces and the GTK come from a seeded generator, so every
 * run measures the same handshakes. Owns nothing past the call; the
 * station's PTK is wiped.
 */
#include "storm.h"

#include <string.h>

#include <rapd/sim.h>
#include <rapd/wpa_auth.h>

#define HS_SEED 0x73746f726dull /* any fixed value: runs are comparable */
#define HS_GTK_KEY_ID 1

static const char *const step_names[STORM_HS_STEPS] = {
	[STORM_HS_ANONCE] = "ANonce (32 B)",
	[STORM_HS_PTK] = "PTK (PRF-SHA1, 384 bits)",
	[STORM_HS_M2_MIC] = "M2 MIC check",
	[STORM_HS_M3_WRAP] = "M3 key data wrap",
	[STORM_HS_M3_MIC] = "M3 MIC",
	[STORM_HS_M4_MIC] = "M4 MIC check",
};

static const char *const step_keys[STORM_HS_STEPS] = {
	[STORM_HS_ANONCE] = "anonce",
	[STORM_HS_PTK] = "ptk",
	[STORM_HS_M2_MIC] = "m2_mic",
	[STORM_HS_M3_WRAP] = "m3_wrap",
	[STORM_HS_M3_MIC] = "m3_mic",
	[STORM_HS_M4_MIC] = "m4_mic",
};

const char *storm_hs_step_name(enum storm_hs_step s)
{
	return s < STORM_HS_STEPS ? step_names[s] : "?";
}

const char *storm_hs_step_key(enum storm_hs_step s)
{
	return s < STORM_HS_STEPS ? step_keys[s] : "?";
}

/* M3's key data (12.7.6.4): the AP's RSNE, the GTK KDE, then padding. */
static int net_key_data(struct storm_hs_net *net)
{
	const struct bss *b = net->b;
	uint8_t *end = net->kd + sizeof(net->kd), *p;

	if (b->rsn_ie_len > sizeof(net->kd))
		return -1;
	memcpy(net->kd, b->rsn_ie, b->rsn_ie_len);
	p = eapol_put_gtk_kde(net->kd + b->rsn_ie_len, end, HS_GTK_KEY_ID,
			      false, net->gtk, sizeof(net->gtk));
	if (p)
		p = eapol_pad_key_data(net->kd, p, end);
	if (!p)
		return -1;
	net->kd_len = (size_t)(p - net->kd);
	return 0;
}

/* M3 with a zero ANonce, key data and MIC: each handshake fills them. */
static int net_m3_template(struct storm_hs_net *net)
{
	static const uint8_t zero[STORM_KD_MAX + EAPOL_WRAP_OVERHEAD];
	static const uint8_t zero_rsc[EAPOL_KEY_RSC_LEN];
	struct eapol_key_params kp = {
		.version = WPA_EAPOL_VERSION,
		.desc_type = EAPOL_DESC_RSN,
		.info = EAPOL_KEY_V_SHA1_AES | EAPOL_KI_PAIRWISE |
			EAPOL_KI_INSTALL | EAPOL_KI_ACK | EAPOL_KI_MIC |
			EAPOL_KI_SECURE | EAPOL_KI_ENC_KEY_DATA,
		.key_len = CRYPTO_TK_LEN,
		.replay_counter = 2,
		.nonce = zero,
		.rsc = zero_rsc,
		.key_data = zero,
		.key_data_len = net->kd_len + EAPOL_WRAP_OVERHEAD,
	};
	uint8_t *p = eapol_build_key(net->m3, net->m3 + sizeof(net->m3), &kp);

	if (!p)
		return -1;
	net->m3_len = (size_t)(p - net->m3);
	return 0;
}

/* Builds one station message at buf (MIC set with kck); its length, or
 * 0 on failure. */
static size_t station_msg(uint8_t *buf, size_t size,
			  const struct eapol_key_params *kp,
			  const uint8_t kck[CRYPTO_KCK_LEN])
{
	uint8_t *p = eapol_build_key(buf, buf + size, kp);
	size_t len;

	if (!p)
		return 0;
	len = (size_t)(p - buf);
	if (eapol_set_mic(NULL, CRYPTO_MIC_HMAC_SHA1, kck, buf, len) !=
	    EAPOL_OK)
		return 0;
	return len;
}

/* Station i: its nonces, its PTK (then wiped), its M2 and M4. */
static int station_side(const struct bss *b, unsigned i,
			struct storm_hs_input *in)
{
	struct eapol_key_params kp = {
		.version = WPA_EAPOL_VERSION,
		.desc_type = EAPOL_DESC_RSN,
		.info = EAPOL_KEY_V_SHA1_AES | EAPOL_KI_PAIRWISE | EAPOL_KI_MIC,
		.replay_counter = 1,
	};
	struct crypto_rng rng;
	struct crypto_ptk ptk;
	int rc = -1;

	sim_sta_mac(i, in->spa);
	crypto_rng_init_seeded(&rng, HS_SEED, 1 + (uint64_t)i);
	if (crypto_rng_bytes(&rng, in->anonce, sizeof(in->anonce)) ||
	    crypto_rng_bytes(&rng, in->snonce, sizeof(in->snonce)) ||
	    crypto_ptk_derive(&b->pmk, CRYPTO_SHA1, b->bssid, in->spa,
			      in->anonce, in->snonce, &ptk))
		goto out;
	kp.nonce = in->snonce; /* 12.7.6.3: SNonce, the station's RSNE */
	kp.key_data = b->rsn_ie;
	kp.key_data_len = b->rsn_ie_len;
	in->m2_len = station_msg(in->m2, sizeof(in->m2), &kp, ptk.kck);
	kp.info |= EAPOL_KI_SECURE; /* 12.7.6.5: M4, no nonce, no data */
	kp.replay_counter = 2;
	kp.nonce = NULL;
	kp.key_data = NULL;
	kp.key_data_len = 0;
	in->m4_len = station_msg(in->m4, sizeof(in->m4), &kp, ptk.kck);
	if (in->m2_len && in->m4_len)
		rc = 0;
out:
	crypto_wipe(&ptk, sizeof(ptk));
	crypto_wipe(&rng, sizeof(rng));
	return rc;
}

int storm_hs_prepare(const struct bss *b, struct storm_hs_net *net,
		     struct storm_hs_input *in, size_t n)
{
	struct crypto_rng rng;
	int rc;

	memset(net, 0, sizeof(*net));
	net->b = b;
	crypto_rng_init_seeded(&rng, HS_SEED, 0);
	rc = crypto_rng_bytes(&rng, net->gtk, sizeof(net->gtk));
	crypto_wipe(&rng, sizeof(rng));
	if (rc || net_key_data(net) || net_m3_template(net))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (station_side(b, (unsigned)i, &in[i]) != 0)
			return -1;
	return 0;
}
