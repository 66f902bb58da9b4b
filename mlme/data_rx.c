/*
 * data_rx.c - data frames from a station to the AP: checks, duplicate
 * detection, CCMP decryption, replay detection, and the 802.11 to Ethernet
 * conversion (see data.h).
 *
 * Pure code, called by the worker that owns the station, with that
 * worker's struct crypto_ws. Owns nothing: it reads the caller's frame,
 * writes the caller's out buffer and updates the caller's struct
 * data_sta only for a frame it delivers.
 *
 * Follows IEEE Std 802.11-2020 9.3.2.1 (data frame format, Table 9-30:
 * with To DS only, A1 = BSSID, A2 = SA, A3 = DA), 10.3.2.14 (duplicate
 * detection: the last Sequence Control per TID, and one for non-QoS
 * data), 12.5.3.4 (CCMP decapsulation; 12.5.3.4.4: one replay counter
 * per TID, updated only once the MIC verified), IEEE Std 802.1H-1997
 * (which SNAP headers become an EtherType again) and RFC 1042.
 *
 * Byte layout of a received MPDU (all 802.11 fields little-endian):
 *
 *   FC(2) Dur(2) A1(6) A2(6) A3(6) SeqCtl(2) [QoS(2)] [HTC(4)]
 *   [CCMP header(8): PN0 PN1 rsvd KeyID|ExtIV PN2 PN3 PN4 PN5]
 *   MSDU: LLC/SNAP(8) = aa aa 03 00 00 00 (RFC 1042) or aa aa 03 00 00 f8
 *         (bridge tunnel), then EtherType(2, big-endian) and the payload;
 *         or any other LLC, carried as it is
 *   [MIC(8)]
 *
 * and of the Ethernet frame written: DA(6) SA(6) EtherType(2) payload, or
 * DA(6) SA(6) Length(2) LLC... for an MSDU without a strippable SNAP.
 *
 * One frame, annotated (test_data.c checks this conversion): an open BSS,
 *   88 01              FC: QoS Data (type 2, subtype 8), To DS
 *   00 00              Duration
 *   02 00 00 00 00 01  A1 = BSSID
 *   02 00 00 00 00 02  A2 = SA, the station
 *   02 00 00 00 00 03  A3 = DA
 *   50 01              SeqCtl 0x0150: sequence 21, fragment 0
 *   05 00              QoS Control: TID 5, normal ack, no A-MSDU
 *   aa aa 03 00 00 00  LLC/SNAP, RFC 1042
 *   08 00              EtherType: IPv4
 *   45 a0 00 14 ...    the IPv4 packet
 * becomes 02 00 00 00 00 03 | 02 00 00 00 00 02 | 08 00 | 45 a0 00 14 ...
 */
#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/data.h>
#include <rapd/ieee80211.h>

#include <string.h>

#define QOS_AMSDU_PRESENT 0x0080
#define ETHERTYPE_AARP 0x80f3
#define ETHERTYPE_IPX 0x8137
#define CCMP_OVERHEAD (CRYPTO_CCMP_HDR_LEN + CRYPTO_CCMP_MIC_LEN)

static const uint8_t snap_rfc1042[6] = {0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00};
static const uint8_t snap_bridge_tunnel[6] = {0xaa, 0xaa, 0x03,
					      0x00, 0x00, 0xf8};

/* The MSDU of a frame, where it lies (the frame, or out once decrypted). */
struct msdu {
	const uint8_t *p;
	size_t len;
	bool protected;
	uint64_t pn;
};

/*
 * The EtherType to put back in place of the MSDU's LLC/SNAP header, or 0
 * to keep the LLC (802.3 length frame). 802.1H: a bridge-tunnel header
 * always goes; an RFC 1042 header goes unless it carries AARP or IPX,
 * which Ethernet senders encapsulate with the bridge-tunnel header.
 */
static uint16_t snap_ethertype(const uint8_t *body, size_t len)
{
	uint16_t type;

	if (len < DATA_LLC_SNAP_LEN)
		return 0;
	type = get_be16(body + 6);
	if (type < DATA_ETHERTYPE_MIN)
		return 0;
	if (!memcmp(body, snap_bridge_tunnel, sizeof(snap_bridge_tunnel)))
		return type;
	if (!memcmp(body, snap_rfc1042, sizeof(snap_rfc1042)) &&
	    type != ETHERTYPE_AARP && type != ETHERTYPE_IPX)
		return type;
	return 0;
}

static bool supported_subtype(uint8_t subtype)
{
	return subtype == WLAN_STYPE_DATA || subtype == WLAN_STYPE_NULL ||
	       subtype == WLAN_STYPE_QOS_DATA || subtype == WLAN_STYPE_QOS_NULL;
}

/* Header, addresses and direction; fills what info can say already. */
static enum data_rx_verdict check_hdr(const struct data_sta *sta,
				      const uint8_t *bssid,
				      const uint8_t *frame, size_t len,
				      struct wlan_hdr *h,
				      struct data_rx_info *info)
{
	if (len < 1 || (frame[0] & 0x03) ||
	    ((frame[0] >> 2) & 0x03) != WLAN_FC_TYPE_DATA)
		return DATA_RX_NOT_DATA;
	/* a version-0 data frame can only be refused for its length */
	if (wlan_parse_hdr(frame, len, h) != WLAN_HDR_OK)
		return DATA_RX_TRUNCATED;
	info->pm = h->flags & WLAN_FC_PWRMGT;
	info->retry = h->flags & WLAN_FC_RETRY;
	info->null_func = h->subtype & WLAN_STYPE_NODATA_BIT;
	info->tid = h->has_qos ? WLAN_QOS_TID(h->qos_ctl) : -1;
	info->seq = h->seq;
	if (!supported_subtype(h->subtype))
		return DATA_RX_BAD_SUBTYPE;
	switch (h->flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) {
	case WLAN_FC_TODS:
		break;
	case WLAN_FC_TODS | WLAN_FC_FROMDS:
		return DATA_RX_WDS;
	default:
		return DATA_RX_NOT_TODS;
	}
	if (!mac_equal(h->addr1, bssid))
		return DATA_RX_NOT_OUR_BSS;
	if (!mac_equal(h->addr2, sta->addr))
		return DATA_RX_WRONG_STA;
	return DATA_RX_OK;
}

/* Duplicate-detection slot: the TID, or the non-QoS one. */
static unsigned seq_slot(const struct wlan_hdr *h)
{
	return h->has_qos ? WLAN_QOS_TID(h->qos_ctl) : DATA_SLOT_NONQOS;
}

/* Replay counter: the TID; non-QoS data uses TID 0's, whose CCM nonce
 * priority (0) it shares. */
static unsigned pn_slot(const struct wlan_hdr *h)
{
	return h->has_qos ? WLAN_QOS_TID(h->qos_ctl) : 0;
}

static bool is_duplicate(const struct data_sta *sta, const struct wlan_hdr *h)
{
	unsigned slot = seq_slot(h);

	return (h->flags & WLAN_FC_RETRY) &&
	       (sta->rx_seq_valid & (1u << slot)) &&
	       sta->rx_seq_ctl[slot] == h->seq_ctl;
}

/*
 * Decrypts into out (header, then the plaintext MSDU at out + hdr_len)
 * and checks the PN against the TID's replay counter, not updating it.
 */
static enum data_rx_verdict
decrypt(struct crypto_ws *ws, const struct data_sta *sta,
	const struct wlan_hdr *h, const uint8_t *frame, size_t len,
	uint8_t *out, size_t out_cap, struct msdu *m)
{
	size_t plain_len;
	uint64_t pn;

	if (!sta->rsn || !sta->tk_set)
		return DATA_RX_NO_KEY;
	if (h->body_len < CCMP_OVERHEAD)
		return DATA_RX_TRUNCATED;
	if (out_cap < len - CCMP_OVERHEAD)
		return DATA_RX_NO_ROOM;
	if (!ws ||
	    crypto_ccmp_decrypt(ws, sta->tk, frame, len, out, &plain_len, &pn))
		return DATA_RX_DECRYPT_FAILED;
	m->p = out + h->hdr_len;
	m->len = plain_len - h->hdr_len;
	m->protected = true;
	m->pn = pn;
	if (!crypto_ccmp_pn_fresh(sta->rx_pn[pn_slot(h)], pn))
		return DATA_RX_REPLAY;
	return DATA_RX_OK;
}

/*
 * Writes the Ethernet frame. The MSDU may already lie in out, after the
 * decrypted header (at out + 24 or more): the Ethernet header written at
 * out[0..14) never reaches it, and the payload moves down with memmove.
 */
static enum data_rx_verdict to_ethernet(const struct wlan_hdr *h,
					const struct msdu *m, uint16_t type,
					uint8_t *out, size_t out_cap,
					size_t *eth_len)
{
	const uint8_t *payload = m->p;
	size_t n = m->len;
	uint16_t field = type;

	if (type) {
		payload += DATA_LLC_SNAP_LEN;
		n -= DATA_LLC_SNAP_LEN;
	} else {
		if (n > DATA_8023_LEN_MAX)
			return DATA_RX_OVERSIZE;
		field = (uint16_t)n;
	}
	if (out_cap < DATA_ETH_HLEN || out_cap - DATA_ETH_HLEN < n)
		return DATA_RX_NO_ROOM;
	memcpy(out, h->addr3, DATA_ETH_ALEN);
	memcpy(out + DATA_ETH_ALEN, h->addr2, DATA_ETH_ALEN);
	put_be16(out + 2 * DATA_ETH_ALEN, field);
	memmove(out + DATA_ETH_HLEN, payload, n);
	*eth_len = DATA_ETH_HLEN + n;
	return DATA_RX_OK;
}

/* Port rules, conversion, and only then the station's counters. */
static enum data_rx_verdict deliver(struct data_sta *sta,
				    const struct wlan_hdr *h,
				    const struct msdu *m, uint8_t *out,
				    size_t out_cap, struct data_rx_info *info)
{
	uint16_t type = snap_ethertype(m->p, m->len);
	bool eapol = type == DATA_ETHERTYPE_EAPOL;
	enum data_rx_verdict v;
	unsigned slot = seq_slot(h);

	if (!eapol && !sta->authorized)
		return DATA_RX_UNAUTHORIZED;
	if (!eapol && sta->rsn && !m->protected)
		return DATA_RX_UNPROTECTED;
	v = to_ethernet(h, m, type, out, out_cap, &info->eth_len);
	if (v != DATA_RX_OK)
		return v;
	sta->rx_seq_ctl[slot] = h->seq_ctl;
	sta->rx_seq_valid |= 1u << slot;
	if (m->protected)
		sta->rx_pn[pn_slot(h)] = m->pn;
	return eapol ? DATA_RX_EAPOL : DATA_RX_OK;
}

enum data_rx_verdict data_rx(struct crypto_ws *ws, struct data_sta *sta,
			     const uint8_t bssid[DATA_ETH_ALEN],
			     const uint8_t *frame, size_t len, uint8_t *out,
			     size_t out_cap, struct data_rx_info *info)
{
	struct wlan_hdr h;
	struct msdu m = {0};
	enum data_rx_verdict v;

	memset(info, 0, sizeof(*info));
	info->tid = -1;
	v = check_hdr(sta, bssid, frame, len, &h, info);
	if (v != DATA_RX_OK)
		return v;
	/* no MSDU to deliver once, and a repeated PM bit is harmless; QoS
	 * Null frames need not even carry a real sequence number */
	if (info->null_func)
		return DATA_RX_NULL;
	if ((h.flags & WLAN_FC_MOREFRAG) || h.frag)
		return DATA_RX_FRAGMENT;
	if (h.has_qos && (h.qos_ctl & QOS_AMSDU_PRESENT))
		return DATA_RX_AMSDU;
	if (is_duplicate(sta, &h))
		return DATA_RX_DUPLICATE;
	if (h.flags & WLAN_FC_PROTECTED) {
		info->protected = true;
		v = decrypt(ws, sta, &h, frame, len, out, out_cap, &m);
		info->pn = m.pn;
		if (v != DATA_RX_OK)
			return v;
	} else {
		m.p = h.body;
		m.len = h.body_len;
	}
	return deliver(sta, &h, &m, out, out_cap, info);
}
