/*
 * simsta.c - the simulated station's management side: scan, Open System
 * authentication, association, deauthentication, and its timers (see
 * include/rapd/simsta.h). The EAPOL side is simsta_eapol.c, the frames it
 * sends are built in simsta_tx.c.
 *
 * Pure code, run by the sim thread (core/sim_medium.c) and by unit tests.
 * It owns nothing beyond the struct simsta it is handed; frames go into
 * the caller's struct simsta_out.
 *
 * One connection attempt, as a non-AP STA runs it (IEEE Std 802.11-2020
 * 11.1.4.3 active scanning, 11.3.4 authentication, 11.3.5 association):
 *   IDLE --timer--> PROBING --probe resp/beacon--> AUTHENTICATING
 *   --auth seq 2, status 0--> ASSOCIATING --assoc resp, status 0-->
 *   HANDSHAKE --M1/M3 (simsta_eapol.c)--> CONNECTED
 * A request without an answer is resent every step_timeout_ns, step_tries
 * times in all; then, or on a refusal, a deauthentication from the AP or
 * a handshake timeout, the attempt fails and a new one starts from the
 * scan after restart_delay_ns, up to max_attempts failed attempts.
 * Frames from the AP are checked in a fixed order: addresses, state,
 * fields; the first failed check is the verdict and the frame is dropped.
 */
#include <rapd/simsta.h>

#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>

#include "simsta_pvt.h"

void simsta_params_default(struct simsta_params *p)
{
	p->step_timeout_ns = 200000000ull;
	p->step_tries = 4;
	p->handshake_timeout_ns = 5000000000ull;
	p->max_attempts = 3;
	p->restart_delay_ns = 100000000ull;
	p->keepalive_ns = 0;
}

int simsta_init(struct simsta *s, const struct simsta_cfg *cfg)
{
	if (!cfg->pmk || cfg->ssid_len < 1 || cfg->ssid_len > IE_SSID_MAX)
		return -1;
	memset(s, 0, sizeof(*s));
	memcpy(s->addr, cfg->addr, 6);
	memcpy(s->bssid, cfg->bssid, 6);
	memcpy(s->ssid, cfg->ssid, cfg->ssid_len);
	s->ssid_len = (uint8_t)cfg->ssid_len;
	s->pmk = cfg->pmk;
	crypto_rng_init_seeded(&s->rng, cfg->seed, cfg->stream);
	s->opts = cfg->opts;
	s->churns_left = cfg->opts.churn_cycles;
	s->state = SIMSTA_ST_IDLE;
	s->deadline = cfg->start_at;
	s->churn_at = SIMSTA_NEVER;
	s->keepalive_at = SIMSTA_NEVER;
	return 0;
}

void simsta_wipe(struct simsta *s)
{
	simsta_handshake_reset(s);
	crypto_wipe(&s->rng, sizeof(s->rng));
}

/* --- State changes --------------------------------------------------- */

/* Sends the request of a waiting state and arms its answer timer. */
static void send_request(const struct simsta_ctx *ctx, struct simsta *s,
			 uint64_t now, struct simsta_out *out)
{
	if (s->state == SIMSTA_ST_PROBING)
		simsta_send_probe(ctx, s, out);
	else if (s->state == SIMSTA_ST_AUTHENTICATING)
		simsta_send_auth(ctx, s, out);
	else
		simsta_send_assoc(ctx, s, out);
	s->deadline = now + ctx->params->step_timeout_ns;
}

static void enter_step(const struct simsta_ctx *ctx, struct simsta *s,
		       enum simsta_state st, uint64_t now,
		       struct simsta_out *out)
{
	s->state = st;
	s->tries = 1;
	send_request(ctx, s, now, out);
}

/* Forgets the link (AID, keys) so the next attempt starts clean. */
static void drop_link(struct simsta *s)
{
	s->aid = 0;
	s->churn_at = SIMSTA_NEVER;
	s->keepalive_at = SIMSTA_NEVER;
	simsta_handshake_reset(s);
}

void simsta_attempt_failed(const struct simsta_ctx *ctx, struct simsta *s,
			   enum simsta_fail fail, uint64_t now)
{
	drop_link(s);
	s->fail = fail;
	if (s->attempts < UINT8_MAX)
		s->attempts++;
	if (s->attempts >= ctx->params->max_attempts) {
		s->state = SIMSTA_ST_FAILED;
		s->deadline = SIMSTA_NEVER;
		return;
	}
	ctx->cnt->restarts++;
	s->state = SIMSTA_ST_IDLE;
	s->deadline = now + ctx->params->restart_delay_ns;
}

void simsta_vanish(struct simsta *s)
{
	drop_link(s);
	s->state = SIMSTA_ST_VANISHED;
	s->deadline = SIMSTA_NEVER;
}

static void arm_connected(struct simsta *s)
{
	s->deadline =
		s->churn_at < s->keepalive_at ? s->churn_at : s->keepalive_at;
}

void simsta_connected(const struct simsta_ctx *ctx, struct simsta *s,
		      uint64_t now)
{
	uint64_t ka = ctx->params->keepalive_ns;

	s->state = SIMSTA_ST_CONNECTED;
	s->connected_at = now;
	ctx->cnt->connects++;
	if (s->opts.vanish_after == 4) {
		simsta_vanish(s);
		return;
	}
	s->churn_at =
		s->churns_left ? now + s->opts.churn_after_ns : SIMSTA_NEVER;
	s->keepalive_at = ka ? now + ka : SIMSTA_NEVER;
	arm_connected(s);
}

/* The churn option: leave the BSS now, come back after churn_delay_ns. */
static void churn_leave(const struct simsta_ctx *ctx, struct simsta *s,
			uint64_t now, struct simsta_out *out)
{
	bool disassoc = s->opts.churn_disassoc;

	simsta_send_leave(ctx, s, out, disassoc,
			  disassoc ? WLAN_REASON_DISASSOC_STA_HAS_LEFT
				   : WLAN_REASON_DEAUTH_LEAVING);
	drop_link(s);
	s->churns_left--;
	s->state = SIMSTA_ST_IDLE;
	s->deadline = now + s->opts.churn_delay_ns;
}

/* CONNECTED: time to leave (churn), or to show we are still here. */
static void connected_timer(const struct simsta_ctx *ctx, struct simsta *s,
			    uint64_t now, struct simsta_out *out)
{
	if (now >= s->churn_at) {
		churn_leave(ctx, s, now, out);
		return;
	}
	if (now >= s->keepalive_at) {
		simsta_send_null(ctx, s, out);
		s->keepalive_at = now + ctx->params->keepalive_ns;
	}
	arm_connected(s);
}

/* A request went unanswered: send it again, or give the attempt up. */
static void step_timeout(const struct simsta_ctx *ctx, struct simsta *s,
			 uint64_t now, struct simsta_out *out,
			 enum simsta_fail fail)
{
	if (s->tries >= ctx->params->step_tries) {
		simsta_attempt_failed(ctx, s, fail, now);
		return;
	}
	s->tries++;
	ctx->cnt->step_retries++;
	send_request(ctx, s, now, out);
}

void simsta_timeout(const struct simsta_ctx *ctx, struct simsta *s,
		    uint64_t now, struct simsta_out *out)
{
	if (now < s->deadline)
		return;
	switch (s->state) {
	case SIMSTA_ST_IDLE:
		s->started_at = now;
		enter_step(ctx, s, SIMSTA_ST_PROBING, now, out);
		break;
	case SIMSTA_ST_PROBING:
		step_timeout(ctx, s, now, out, SIMSTA_FAIL_NO_AP);
		break;
	case SIMSTA_ST_AUTHENTICATING:
		step_timeout(ctx, s, now, out, SIMSTA_FAIL_AUTH_TIMEOUT);
		break;
	case SIMSTA_ST_ASSOCIATING:
		step_timeout(ctx, s, now, out, SIMSTA_FAIL_ASSOC_TIMEOUT);
		break;
	case SIMSTA_ST_HANDSHAKE:
		/* the AP gave up on us, or never began: tell it we left */
		simsta_send_leave(ctx, s, out, false,
				  WLAN_REASON_4WAY_HANDSHAKE_TIMEOUT);
		simsta_attempt_failed(ctx, s, SIMSTA_FAIL_4WAY, now);
		break;
	case SIMSTA_ST_CONNECTED:
		connected_timer(ctx, s, now, out);
		break;
	case SIMSTA_ST_FAILED:
	case SIMSTA_ST_VANISHED:
		s->deadline = SIMSTA_NEVER;
		break;
	}
}

/* --- Received management frames -------------------------------------- */

/*
 * The BSS's offer (9.4.2.24): group CCMP, pairwise CCMP, PSK-SHA256 or
 * PSK (SHA256 preferred, as wpa_supplicant does), no MFP required since
 * the station has no BIP. Fills our RSN element to match.
 */
static enum simsta_verdict choose_rsn(struct simsta *s, const uint8_t *ies,
				      size_t len)
{
	struct rsn_config own = {
		.group_cipher = RSN_CIPHER_CCMP,
		.pairwise_ciphers = RSN_CIPHER_CCMP,
	};
	struct rsn_ie rsn;
	struct ie e;
	uint8_t *p;

	if (!ie_find(ies, len, IE_RSN, &e))
		return SIMSTA_BSS_NO_RSN;
	if (rsn_parse(&e, &rsn) != RSN_OK)
		return SIMSTA_BSS_BAD_RSN;
	if (rsn.group != RSN_SUITE_CCMP ||
	    !(rsn.pairwise_mask & RSN_CIPHER_CCMP) ||
	    (rsn.capab & RSN_CAPAB_MFPR))
		return SIMSTA_BSS_UNSUPPORTED;
	if (rsn.akm_mask & RSN_AKM_PSK_SHA256)
		own.akms = RSN_AKM_PSK_SHA256;
	else if (rsn.akm_mask & RSN_AKM_PSK)
		own.akms = RSN_AKM_PSK;
	else
		return SIMSTA_BSS_UNSUPPORTED;
	p = rsn_put_ie(s->own_rsn, s->own_rsn + sizeof(s->own_rsn), &own);
	if (!p)
		return SIMSTA_BSS_UNSUPPORTED;
	s->own_rsn_len = (uint8_t)(p - s->own_rsn);
	s->akm = own.akms;
	memcpy(s->ap_rsn, e.elem, e.elem_len);
	s->ap_rsn_len = (uint16_t)e.elem_len;
	return SIMSTA_OK;
}

/* The AP's rates without BSS membership selectors: what we claim. */
static enum simsta_verdict take_rates(struct simsta *s, const uint8_t *ies,
				      size_t len)
{
	struct ie_rateset ap;

	memset(&ap, 0, sizeof(ap));
	if (ie_parse_rateset(ies, len, &ap) != IE_OK)
		return SIMSTA_BSS_NO_RATES;
	s->ap_rates.n = 0;
	for (unsigned i = 0; i < ap.n; i++) {
		uint8_t v = IE_RATE_VALUE(ap.rate[i]);
		bool selector =
			(ap.rate[i] & IE_RATE_BASIC) &&
			(v == IE_SELECTOR_HT_PHY || v == IE_SELECTOR_VHT_PHY ||
			 v == IE_SELECTOR_SAE_H2E);

		if (!selector && v != 0)
			s->ap_rates.rate[s->ap_rates.n++] = v;
	}
	return s->ap_rates.n ? SIMSTA_OK : SIMSTA_BSS_NO_RATES;
}

/*
 * The verdict of an answer that does not fit the state: LATE when the
 * station is past the step waiting for it (a copy answering one of our
 * retries, or a beacon after the scan), UNEXPECTED otherwise.
 */
static enum simsta_verdict out_of_step(const struct simsta *s,
				       enum simsta_state step)
{
	bool past = false;

	switch (s->state) {
	case SIMSTA_ST_AUTHENTICATING:
	case SIMSTA_ST_ASSOCIATING:
	case SIMSTA_ST_HANDSHAKE:
	case SIMSTA_ST_CONNECTED:
		past = s->state > step; /* the enum is in joining order */
		break;
	case SIMSTA_ST_IDLE:
	case SIMSTA_ST_PROBING:
	case SIMSTA_ST_FAILED:
	case SIMSTA_ST_VANISHED:
		break;
	}
	return past ? SIMSTA_LATE : SIMSTA_UNEXPECTED;
}

/* Probe Response or Beacon of the target BSS while scanning. */
static enum simsta_verdict rx_bss(const struct simsta_ctx *ctx,
				  struct simsta *s, const struct wlan_mgmt *m,
				  uint64_t now, struct simsta_out *out)
{
	enum simsta_verdict v;
	struct ie e;

	if (s->state != SIMSTA_ST_PROBING)
		return out_of_step(s, SIMSTA_ST_PROBING);
	if (ie_validate(m->ies, m->ies_len) != IE_ITER_END)
		return SIMSTA_BSS_BAD_ELEMS;
	if (!ie_find(m->ies, m->ies_len, IE_SSID, &e) || e.len != s->ssid_len ||
	    memcmp(e.data, s->ssid, e.len) != 0)
		return SIMSTA_BSS_BAD_SSID;
	if (!(m->u.beacon.capab & WLAN_CAPAB_ESS) ||
	    !(m->u.beacon.capab & WLAN_CAPAB_PRIVACY))
		return SIMSTA_BSS_BAD_CAPAB;
	v = take_rates(s, m->ies, m->ies_len);
	if (v == SIMSTA_OK)
		v = choose_rsn(s, m->ies, m->ies_len);
	if (v != SIMSTA_OK)
		return v;
	enter_step(ctx, s, SIMSTA_ST_AUTHENTICATING, now, out);
	return SIMSTA_OK;
}

static enum simsta_verdict rx_auth(const struct simsta_ctx *ctx,
				   struct simsta *s, const struct wlan_mgmt *m,
				   uint64_t now, struct simsta_out *out)
{
	if (s->state != SIMSTA_ST_AUTHENTICATING)
		return out_of_step(s, SIMSTA_ST_AUTHENTICATING);
	if (m->u.auth.alg != WLAN_AUTH_OPEN)
		return SIMSTA_AUTH_BAD_ALG;
	if (m->u.auth.trans_seq != 2)
		return SIMSTA_AUTH_BAD_SEQ;
	if (m->u.auth.status != WLAN_STATUS_SUCCESS) {
		simsta_attempt_failed(ctx, s, SIMSTA_FAIL_AUTH_REJECTED, now);
		return SIMSTA_AUTH_REFUSED;
	}
	enter_step(ctx, s, SIMSTA_ST_ASSOCIATING, now, out);
	return SIMSTA_OK;
}

static enum simsta_verdict rx_assoc(const struct simsta_ctx *ctx,
				    struct simsta *s, const struct wlan_mgmt *m,
				    uint64_t now)
{
	if (m->subtype != WLAN_STYPE_ASSOC_RESP)
		return SIMSTA_UNEXPECTED; /* we never reassociate */
	if (s->state != SIMSTA_ST_ASSOCIATING)
		return out_of_step(s, SIMSTA_ST_ASSOCIATING);
	if (m->u.assoc_resp.status != WLAN_STATUS_SUCCESS) {
		simsta_attempt_failed(ctx, s, SIMSTA_FAIL_ASSOC_REJECTED, now);
		return SIMSTA_ASSOC_REFUSED;
	}
	if (ie_validate(m->ies, m->ies_len) != IE_ITER_END)
		return SIMSTA_ASSOC_BAD_ELEMS;
	if (m->u.assoc_resp.aid < 1 || m->u.assoc_resp.aid > WLAN_AID_MAX)
		return SIMSTA_ASSOC_BAD_AID;
	s->aid = m->u.assoc_resp.aid;
	s->state = SIMSTA_ST_HANDSHAKE;
	s->deadline = now + ctx->params->handshake_timeout_ns;
	simsta_handshake_begin(s);
	return SIMSTA_OK;
}

/* Deauthentication or Disassociation from the AP: the link is gone. */
static enum simsta_verdict rx_leave(const struct simsta_ctx *ctx,
				    struct simsta *s, uint64_t now)
{
	switch (s->state) {
	case SIMSTA_ST_AUTHENTICATING:
	case SIMSTA_ST_ASSOCIATING:
	case SIMSTA_ST_CONNECTED:
		simsta_attempt_failed(ctx, s, SIMSTA_FAIL_DEAUTHED, now);
		return SIMSTA_OK;
	case SIMSTA_ST_HANDSHAKE:
		simsta_attempt_failed(ctx, s, SIMSTA_FAIL_4WAY, now);
		return SIMSTA_OK;
	case SIMSTA_ST_IDLE:
	case SIMSTA_ST_PROBING:
	case SIMSTA_ST_FAILED:
	case SIMSTA_ST_VANISHED:
		break;
	}
	return SIMSTA_LEAVE_BAD_STATE;
}

/* Addresses of a management frame from the AP: to us (or broadcast for
 * beacons and leave frames), from and for the target BSS. */
static enum simsta_verdict check_mgmt_addrs(const struct simsta *s,
					    const struct wlan_hdr *h)
{
	bool group_ok = h->subtype == WLAN_STYPE_BEACON ||
			h->subtype == WLAN_STYPE_DEAUTH ||
			h->subtype == WLAN_STYPE_DISASSOC;

	if (!mac_equal(h->addr1, s->addr) &&
	    !(group_ok && mac_is_broadcast(h->addr1)))
		return SIMSTA_NOT_FOR_US;
	if (h->subtype == WLAN_STYPE_BEACON && !mac_is_broadcast(h->addr1))
		return SIMSTA_NOT_FOR_US;
	if (!mac_equal(h->addr2, s->bssid) || !mac_equal(h->addr3, s->bssid))
		return SIMSTA_NOT_FROM_AP;
	return SIMSTA_OK;
}

static enum simsta_verdict rx_mgmt(const struct simsta_ctx *ctx,
				   struct simsta *s, const struct wlan_hdr *h,
				   uint64_t now, struct simsta_out *out)
{
	enum simsta_verdict v = check_mgmt_addrs(s, h);
	struct wlan_mgmt m;

	if (v != SIMSTA_OK)
		return v;
	if (wlan_parse_mgmt(h, &m) != WLAN_MGMT_OK)
		return SIMSTA_BAD_FRAME;
	switch (m.subtype) {
	case WLAN_STYPE_PROBE_RESP:
	case WLAN_STYPE_BEACON:
		return rx_bss(ctx, s, &m, now, out);
	case WLAN_STYPE_AUTH:
		return rx_auth(ctx, s, &m, now, out);
	case WLAN_STYPE_ASSOC_RESP:
	case WLAN_STYPE_REASSOC_RESP:
		return rx_assoc(ctx, s, &m, now);
	case WLAN_STYPE_DEAUTH:
	case WLAN_STYPE_DISASSOC:
		return rx_leave(ctx, s, now);
	default:
		return SIMSTA_UNHANDLED;
	}
}

static enum simsta_verdict rx_frame(const struct simsta_ctx *ctx,
				    struct simsta *s, const uint8_t *frame,
				    size_t len, uint64_t now,
				    struct simsta_out *out)
{
	struct wlan_hdr h;

	if (simsta_done(s))
		return SIMSTA_SILENT;
	if (wlan_parse_hdr(frame, len, &h) != WLAN_HDR_OK)
		return SIMSTA_BAD_FRAME;
	if (h.type == WLAN_FC_TYPE_MGMT)
		return rx_mgmt(ctx, s, &h, now, out);
	if (h.type == WLAN_FC_TYPE_DATA)
		return simsta_rx_data(ctx, s, &h, now, out);
	return SIMSTA_UNHANDLED;
}

enum simsta_verdict simsta_rx(const struct simsta_ctx *ctx, struct simsta *s,
			      const uint8_t *frame, size_t len, uint64_t now,
			      struct simsta_out *out)
{
	enum simsta_verdict v = rx_frame(ctx, s, frame, len, now, out);

	s->last = v;
	ctx->cnt->verdict[v]++;
	return v;
}
