/*
 * storm_crypto_rapd.c - the authenticator side of one WPA2-PSK 4-way
 * handshake through rapd's crypto.h, with the calls mlme makes
 * (mlme/wpa_auth_ptk.c, mlme/eapol_key.c, mlme/eapol_kde.c, and the
 * worker's nonce source in core/worker_ops.c), one function per step:
 *
 *   ANonce     crypto_rng_bytes, system mode (getrandom), 32 bytes
 *   PTK        crypto_ptk_derive with the network's prepared PMK
 *              (PRF-SHA1, 384 bits; 12.7.1.3)
 *   M2 MIC     eapol_verify_mic's crypto: a stack copy with the MIC field
 *              zeroed, crypto_eapol_mic (HMAC-SHA1-128 with the new KCK),
 *              crypto_equal (12.7.6.3)
 *   M3 wrap    crypto_aes_wrap of the padded key data with the KEK (12.7.2)
 *   M3 MIC     eapol_set_mic's crypto: MIC field zeroed, crypto_eapol_mic,
 *              the MIC written in (12.7.6.4)
 *   M4 MIC     as M2, with the installed KCK (12.7.6.5)
 *
 * M1 carries no MIC. The frame parsing and building around these calls is
 * not crypto and is not measured here (rapd-storm's closed and replay
 * modes measure everything). Main thread of rapd-storm only: the
 * workspace and the generator are this thread's, as a worker's are.
 * Owns both; storm_rapd_hs_free wipes and frees them.
 */
#include "storm.h"

#include <stdlib.h>
#include <string.h>

struct storm_rapd_hs {
	struct crypto_ws *ws;
	struct crypto_rng rng;
};

struct storm_rapd_hs *storm_rapd_hs_new(void)
{
	struct storm_rapd_hs *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->ws = crypto_ws_new();
	if (!x->ws) {
		free(x);
		return NULL;
	}
	crypto_rng_init_system(&x->rng);
	return x;
}

void storm_rapd_hs_free(struct storm_rapd_hs *x)
{
	if (!x)
		return;
	crypto_ws_free(x->ws);
	crypto_wipe(x, sizeof(*x));
	free(x);
}

/* A received frame's MIC, checked as eapol_verify_mic does: 1 good, 0
 * bad, -1 on a crypto failure. */
static int mic_check(struct crypto_ws *ws, const uint8_t *kck,
		     const uint8_t *frame, size_t len)
{
	uint8_t copy[EAPOL_KEY_MAX_LEN], mic[CRYPTO_MIC_LEN];
	int good;

	if (len > sizeof(copy) || len < EAPOL_KEY_FIXED_LEN)
		return -1;
	memcpy(copy, frame, len);
	memset(copy + EAPOL_MIC_OFF, 0, EAPOL_MIC_LEN);
	if (crypto_eapol_mic(ws, CRYPTO_MIC_HMAC_SHA1, kck, copy, len, mic)) {
		crypto_wipe(mic, sizeof(mic));
		return -1;
	}
	good = crypto_equal(mic, frame + EAPOL_MIC_OFF, EAPOL_MIC_LEN);
	crypto_wipe(mic, sizeof(mic));
	return good;
}

static int rapd_anonce(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	struct storm_rapd_hs *x = impl;

	return crypto_rng_bytes(&x->rng, out->drawn, sizeof(out->drawn));
}

static int rapd_ptk(void *impl, const struct storm_hs_net *net,
		    const struct storm_hs_input *in,
		    struct storm_hs_output *out)
{
	const struct bss *b = net->b;

	return crypto_ptk_derive(&b->pmk, CRYPTO_SHA1, b->bssid, in->spa,
				 in->anonce, in->snonce, &out->ptk);
}

static int rapd_m2_mic(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	struct storm_rapd_hs *x = impl;
	int r = mic_check(x->ws, out->ptk.kck, in->m2, in->m2_len);

	out->m2_ok = r == 1;
	return r < 0 ? -1 : 0;
}

/* M3 from its template: the ANonce, then the wrapped key data. */
static int rapd_m3_wrap(void *impl, const struct storm_hs_net *net,
			const struct storm_hs_input *in,
			struct storm_hs_output *out)
{
	struct storm_rapd_hs *x = impl;

	memcpy(out->m3, net->m3, net->m3_len);
	memcpy(out->m3 + EAPOL_NONCE_OFF, in->anonce, EAPOL_NONCE_LEN);
	return crypto_aes_wrap(x->ws, out->ptk.kek, CRYPTO_KEK_LEN, net->kd,
			       net->kd_len, out->m3 + EAPOL_KEY_FIXED_LEN);
}

static int rapd_m3_mic(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	struct storm_rapd_hs *x = impl;
	uint8_t mic[CRYPTO_MIC_LEN];
	int rc;

	memset(out->m3 + EAPOL_MIC_OFF, 0, EAPOL_MIC_LEN);
	rc = crypto_eapol_mic(x->ws, CRYPTO_MIC_HMAC_SHA1, out->ptk.kck,
			      out->m3, net->m3_len, mic);
	if (rc == 0)
		memcpy(out->m3 + EAPOL_MIC_OFF, mic, EAPOL_MIC_LEN);
	crypto_wipe(mic, sizeof(mic));
	return rc;
}

static int rapd_m4_mic(void *impl, const struct storm_hs_net *net,
		       const struct storm_hs_input *in,
		       struct storm_hs_output *out)
{
	struct storm_rapd_hs *x = impl;
	int r = mic_check(x->ws, out->ptk.kck, in->m4, in->m4_len);

	out->m4_ok = r == 1;
	return r < 0 ? -1 : 0;
}

void storm_rapd_hs_impl(struct storm_rapd_hs *x, struct storm_hs_impl *impl)
{
	impl->name = "rapd";
	impl->ctx = x;
	impl->step[STORM_HS_ANONCE] = rapd_anonce;
	impl->step[STORM_HS_PTK] = rapd_ptk;
	impl->step[STORM_HS_M2_MIC] = rapd_m2_mic;
	impl->step[STORM_HS_M3_WRAP] = rapd_m3_wrap;
	impl->step[STORM_HS_M3_MIC] = rapd_m3_mic;
	impl->step[STORM_HS_M4_MIC] = rapd_m4_mic;
}
