/*
 * wlan.c - what rapd-trace reads of one 802.11 MPDU, through rapd's codec.
 *
 * Called by dump.c and handshake.c (single thread); pure, no allocation:
 * struct rtrace_wlan points into the frame. The header is parsed by
 * wlan_parse_hdr, management bodies by wlan_parse_mgmt, elements by the
 * ie_ iterator, and EAPOL by eapol_is_llc_snap / eapol_parse_key /
 * eapol_classify: the code rapd runs live, not a second parser.
 *
 * Where the codec refuses a part of the frame, malformed names that part
 * and the codec's reason ("802.11: truncated header", "eapol: ..."), and
 * what was read before it stays in the struct. Encrypted bodies are not
 * malformed: they are simply not read.
 */
#include "trace.h"

#include <rapd/ie.h>
#include <rapd/ieee80211.h>

#include <stdio.h>
#include <string.h>

/* Reasons are built from two constant texts; one buffer per process is
 * enough for a single-threaded tool that prints a frame before reading
 * the next. */
static char reason_buf[128];

static const char *reason(const char *part, const char *why)
{
	snprintf(reason_buf, sizeof(reason_buf), "%s: %s", part, why);
	return reason_buf;
}

/* Walks every element (a malformed one stops the walk and is reported);
 * the first SSID element fills w's SSID. */
static void read_elements(const struct wlan_mgmt *m, struct rtrace_wlan *w)
{
	struct ie_iter it;
	struct ie e;
	enum ie_iter_verdict iv;

	ie_iter_init(&it, m->ies, m->ies_len);
	while ((iv = ie_iter_next(&it, &e)) == IE_ITER_ELEMENT) {
		struct ie_ssid ssid;
		enum ie_verdict v;

		if (e.id != IE_SSID || w->has_ssid || w->malformed)
			continue;
		v = ie_parse_ssid(&e, &ssid);
		if (v != IE_OK) {
			w->malformed = reason("SSID", ie_verdict_name(v));
			continue;
		}
		w->has_ssid = true;
		w->ssid = ssid.ssid;
		w->ssid_len = ssid.len;
	}
	if (iv != IE_ITER_END && !w->malformed)
		w->malformed = reason("elements", ie_iter_verdict_name(iv));
}

static void read_mgmt(const struct wlan_hdr *h, struct rtrace_wlan *w)
{
	struct wlan_mgmt m;
	enum wlan_mgmt_verdict v = wlan_parse_mgmt(h, &m);

	if (v == WLAN_MGMT_PROTECTED || v == WLAN_MGMT_UNKNOWN_SUBTYPE)
		return;
	if (v != WLAN_MGMT_OK) {
		w->malformed = reason("802.11", wlan_mgmt_verdict_name(v));
		return;
	}
	w->ssid_announce = h->subtype == WLAN_STYPE_BEACON ||
			   h->subtype == WLAN_STYPE_PROBE_RESP;
	/* SAE and FILS authentication bodies are the algorithm's fields,
	 * not (only) elements: only open, shared key and FT carry elements
	 * alone. */
	if (h->subtype == WLAN_STYPE_AUTH && m.u.auth.alg != WLAN_AUTH_OPEN &&
	    m.u.auth.alg != WLAN_AUTH_SHARED_KEY &&
	    m.u.auth.alg != WLAN_AUTH_FT)
		return;
	read_elements(&m, w);
}

/* An EAPOL frame in a data body: LLC/SNAP, then the 802.1X frame. */
static void read_eapol(const uint8_t *body, size_t len, struct rtrace_wlan *w)
{
	enum eapol_verdict v;

	if (!eapol_is_llc_snap(body, len))
		return;
	v = eapol_parse_key(body + EAPOL_LLC_SNAP_LEN, len - EAPOL_LLC_SNAP_LEN,
			    &w->key);
	if (v == EAPOL_BAD_NOT_KEY)
		return; /* EAP, Start, Logoff: not a key frame */
	if (v != EAPOL_OK) {
		w->malformed = reason("eapol", eapol_verdict_str(v));
		return;
	}
	w->has_eapol_key = true;
	w->msg = eapol_classify(&w->key);
}

static void read_data(const struct rtrace_frame *f, const struct wlan_hdr *h,
		      struct rtrace_wlan *w)
{
	const uint8_t *body = h->body;
	size_t len = h->body_len;

	if ((h->flags & WLAN_FC_PROTECTED) ||
	    (h->subtype & WLAN_STYPE_NODATA_BIT))
		return;
	if (f->datapad && h->hdr_len % 4) {
		/* Radiotap DATAPAD: the header was padded to 4 octets. */
		size_t pad = 4 - h->hdr_len % 4;

		if (len < pad) {
			w->malformed = "802.11: body shorter than its padding";
			return;
		}
		body += pad;
		len -= pad;
	}
	read_eapol(body, len, w);
}

void rtrace_decode_wlan(const struct rtrace_frame *f, struct rtrace_wlan *w)
{
	struct wlan_hdr h;
	enum wlan_hdr_verdict v;

	memset(w, 0, sizeof(*w));
	if (!f->mpdu) {
		w->malformed = f->malformed;
		return;
	}
	v = wlan_parse_hdr(f->mpdu, f->mpdu_len, &h);
	if (v != WLAN_HDR_OK) {
		w->malformed = reason("802.11", wlan_hdr_verdict_name(v));
		return;
	}
	w->has_fc = true;
	w->fc = h.fc;
	w->name = wlan_subtype_name(h.type, h.subtype);
	w->addr1 = h.addr1;
	w->addr2 = h.addr2;
	w->addr3 = h.addr3;
	w->has_seq = h.has_seq;
	w->seq = h.seq;
	if (h.type == WLAN_FC_TYPE_MGMT)
		read_mgmt(&h, w);
	else if (h.type == WLAN_FC_TYPE_DATA)
		read_data(f, &h, w);
}
