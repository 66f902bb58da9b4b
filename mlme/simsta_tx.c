/*
 * simsta_tx.c - the frames the simulated station sends, and its output
 * slots: Probe Request (wildcard BSSID, our SSID: IEEE Std 802.11-2020
 * 11.1.4.3.2), Open System Authentication (12.3.3.2), Association Request
 * with our RSN element (11.3.5.2), Deauthentication and Disassociation
 * (reason codes of Table 9-49), Null Data keep-alives (9.3.2.1). The EAPOL
 * frames are built in simsta_eapol.c.
 *
 * Pure code, called by simsta.c and simsta_eapol.c from the sim thread or
 * a unit test; it writes into the caller's struct simsta_out and owns
 * nothing. A frame that does not fit its slot is counted as dropped
 * (the timer resends it).
 */
#include <rapd/simsta.h>

#include <string.h>

#include <rapd/ie.h>
#include <rapd/ieee80211.h>

#include "simsta_pvt.h"

/* What the station supports: the 802.11b/g rates, none basic. */
static const struct ie_rateset own_rates = {
	.n = 12,
	.rate = {0x02, 0x04, 0x0b, 0x16, 0x0c, 0x12, 0x18, 0x24, 0x30, 0x48,
		 0x60, 0x6c},
};

static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

#define OWN_LISTEN_INTERVAL 10
#define OWN_CAPAB (WLAN_CAPAB_ESS | WLAN_CAPAB_PRIVACY)
/* First Frame Control octet of Null Data: subtype 4, type 2 (9.2.4.1). */
#define NULL_DATA_FC0 ((uint8_t)(WLAN_STYPE_NULL << 4 | WLAN_FC_TYPE_DATA << 2))

struct simsta_frame *simsta_slot(struct simsta_out *out)
{
	return out->n < SIMSTA_OUT_MAX ? &out->f[out->n] : NULL;
}

bool simsta_commit(const struct simsta_ctx *ctx, struct simsta *s,
		   struct simsta_out *out, struct simsta_frame *f, uint8_t *p,
		   enum simsta_tx kind)
{
	if (!f || !p) {
		ctx->cnt->tx_dropped++;
		return false;
	}
	f->len = (uint16_t)(p - f->data);
	out->n++;
	s->seq = (uint16_t)((s->seq + 1) & WLAN_SEQ_MAX);
	ctx->cnt->tx[kind]++;
	return true;
}

/* Cursor and bound of a slot; a NULL slot gives a NULL cursor, which
 * every builder passes through. */
static uint8_t *slot_begin(struct simsta_frame *f, const uint8_t **end)
{
	*end = f ? f->data + sizeof(f->data) : NULL;
	return f ? f->data : NULL;
}

void simsta_send_probe(const struct simsta_ctx *ctx, struct simsta *s,
		       struct simsta_out *out)
{
	struct simsta_frame *f = simsta_slot(out);
	const uint8_t *end;
	uint8_t *p = slot_begin(f, &end);

	/* wildcard BSSID, our SSID: 11.1.4.3.2 */
	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_PROBE_REQ, broadcast, s->addr,
			      broadcast, s->seq);
	p = ie_put_ssid(p, end, s->ssid, s->ssid_len);
	p = ie_put_supp_rates(p, end, &own_rates);
	p = ie_put_ext_rates(p, end, &own_rates);
	simsta_commit(ctx, s, out, f, p, SIMSTA_TX_PROBE);
}

void simsta_send_auth(const struct simsta_ctx *ctx, struct simsta *s,
		      struct simsta_out *out)
{
	struct simsta_frame *f = simsta_slot(out);
	const uint8_t *end;
	uint8_t *p = slot_begin(f, &end);

	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_AUTH, s->bssid, s->addr,
			      s->bssid, s->seq);
	p = wlan_put_auth(p, end, WLAN_AUTH_OPEN, 1, WLAN_STATUS_SUCCESS);
	simsta_commit(ctx, s, out, f, p, SIMSTA_TX_AUTH);
}

void simsta_send_assoc(const struct simsta_ctx *ctx, struct simsta *s,
		       struct simsta_out *out)
{
	struct simsta_frame *f = simsta_slot(out);
	const uint8_t *end;
	uint8_t *p = slot_begin(f, &end);

	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_ASSOC_REQ, s->bssid, s->addr,
			      s->bssid, s->seq);
	p = wlan_put_assoc_req(p, end, OWN_CAPAB, OWN_LISTEN_INTERVAL);
	p = ie_put_ssid(p, end, s->ssid, s->ssid_len);
	p = ie_put_supp_rates(p, end, &s->ap_rates);
	p = ie_put_ext_rates(p, end, &s->ap_rates);
	p = ie_put(p, end, IE_RSN, s->own_rsn + 2, s->own_rsn_len - 2u);
	simsta_commit(ctx, s, out, f, p, SIMSTA_TX_ASSOC);
}

void simsta_send_leave(const struct simsta_ctx *ctx, struct simsta *s,
		       struct simsta_out *out, bool disassoc, uint16_t reason)
{
	struct simsta_frame *f = simsta_slot(out);
	const uint8_t *end;
	uint8_t *p = slot_begin(f, &end);

	p = wlan_put_mgmt_hdr(
		p, end, disassoc ? WLAN_STYPE_DISASSOC : WLAN_STYPE_DEAUTH,
		s->bssid, s->addr, s->bssid, s->seq);
	if (disassoc)
		p = wlan_put_disassoc(p, end, reason);
	else
		p = wlan_put_deauth(p, end, reason);
	simsta_commit(ctx, s, out, f, p,
		      disassoc ? SIMSTA_TX_DISASSOC : SIMSTA_TX_DEAUTH);
}

/* Null Data to the AP (9.3.2.1, subtype 4): no body, just "still here". */
void simsta_send_null(const struct simsta_ctx *ctx, struct simsta *s,
		      struct simsta_out *out)
{
	struct simsta_frame *f = simsta_slot(out);
	const uint8_t *end;
	uint8_t *p = slot_begin(f, &end);

	p = wlan_put_data_hdr(p, end, WLAN_FC_TODS, s->bssid, s->addr, s->bssid,
			      s->seq, -1);
	if (p) /* the builder writes subtype Data: make it Null */
		f->data[0] = NULL_DATA_FC0;
	simsta_commit(ctx, s, out, f, p, SIMSTA_TX_NULL);
}
