/*
 * data_tx.c - Ethernet frames from the TAP side to 802.11 data frames:
 * to one station (QoS by its WMM use, TID from the IP header) or to the
 * whole BSS (group addressed, GTK), with sequence numbers, CCMP and the
 * Retry and More Data bits of frames sent again or buffered (see data.h).
 *
 * Pure code, called by the worker that owns the station (struct data_sta)
 * or by the one thread sending group frames (struct data_group), with its
 * own struct crypto_ws. Owns nothing: the plaintext MPDU is built in a
 * stack buffer of DATA_TX_MPDU_MAX octets, then sealed into the caller's
 * out; counters move only for a frame built in full.
 *
 * Follows IEEE Std 802.11-2020 9.3.2.1 (Table 9-30: with From DS only,
 * A1 = DA, A2 = BSSID, A3 = SA), 9.2.4.4.2 (sequence numbers: one
 * modulo-4096 counter per TID, one for non-QoS and group-addressed data),
 * Table 10-1 (UP-to-AC mappings), 12.5.3.3 (CCMP encapsulation: PN
 * incremented for each MPDU, never repeated under one key); IEEE Std
 * 802.1H-1997 and RFC 1042 (LLC/SNAP); Linux's cfg80211_classify8021d()
 * for the user priority of a frame without a QoS map.
 *
 * Byte layout of an MPDU written (802.11 fields little-endian):
 *
 *   FC(2) Dur(2)=0 A1(6) A2(6) A3(6) SeqCtl(2) [QoS(2): TID, normal ack]
 *   [CCMP header(8): PN0 PN1 00 KeyID<<6|ExtIV(0x20) PN2 PN3 PN4 PN5]
 *   MSDU: aa aa 03 00 00 00 EtherType(2, big-endian) payload
 *         (aa aa 03 00 00 f8 for AARP 80-f3 and IPX 81-37, 802.1H), or
 *         the LLC payload of an 802.3 length frame as it is
 *   [MIC(8)]
 *
 * One frame, annotated (test_data.c builds it): the MSDU, PN and TK of the
 * CCMP vector of IEEE Std 802.11-2012 M.6.4, given as an 802.3 frame of 20
 * octets from ab:ae:a5:b8:fc:ba to a non-WMM station 0f:d2:e1:28:a5:7c,
 * whose non-QoS sequence counter is at 0x338 and last PN 0xb5039776e70b:
 *   08 42              FC: Data (type 2, subtype 0), From DS, Protected
 *   00 00              Duration 0 (the radio fills it)
 *   0f d2 e1 28 a5 7c  A1 = DA, the station
 *   50 30 f1 84 44 08  A2 = BSSID
 *   ab ae a5 b8 fc ba  A3 = SA
 *   80 33              SeqCtl 0x3380: sequence 0x338, fragment 0
 *   0c e7 00 20 76 97 03 b5   CCMP header: PN 0xb5039776e70c, key 0
 *   f3 d0 a2 fe ... d0 19     the 20 octets encrypted, as in M.6.4
 *   a2 03 30 40 2e 9e 17 34   MIC (M.6.4's differs: its header has no DS
 *                             bit, and FC is in the AAD)
 */
#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/data.h>
#include <rapd/ieee80211.h>

#include <string.h>

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_AARP 0x80f3
#define ETHERTYPE_IPX 0x8137
#define PRIORITY_SHIFT 5 /* the 3 top bits of TOS / traffic class */

static const uint8_t snap_rfc1042[6] = {0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00};
static const uint8_t snap_bridge_tunnel[6] = {0xaa, 0xaa, 0x03,
					      0x00, 0x00, 0xf8};

/* An Ethernet frame taken apart for encapsulation. */
struct eth_msdu {
	const uint8_t *da, *sa;
	uint16_t type;		/* EtherType, 0 for an 802.3 length frame */
	const uint8_t *payload; /* after the Ethernet header */
	size_t len;		/* payload octets (802.3: its length field) */
	size_t msdu_len;	/* octets of the 802.11 frame body */
	bool eapol;
};

/* What one MPDU carries; key NULL for a frame sent in the clear. */
struct tx_plan {
	const uint8_t *a1, *a2, *a3;
	uint16_t seq;
	int tid;
	const uint8_t *key;
	unsigned key_id;
	uint64_t pn;
};

unsigned data_8021d_priority(const uint8_t *eth, size_t len)
{
	const uint8_t *ip = eth + DATA_ETH_HLEN;

	if (len < DATA_ETH_HLEN + 2)
		return 0;
	switch (get_be16(eth + 2 * DATA_ETH_ALEN)) {
	case ETHERTYPE_IPV4: /* version/IHL, then TOS */
		return ip[1] >> PRIORITY_SHIFT;
	case ETHERTYPE_IPV6: /* version(4) traffic class(8) flow label */
		return (unsigned)((ip[0] & 0x0f) << 4 | ip[1] >> 4) >>
		       PRIORITY_SHIFT;
	}
	return 0;
}

enum data_ac data_tid_ac(unsigned tid)
{
	static const enum data_ac up_to_ac[8] = {
		DATA_AC_BE, DATA_AC_BK, DATA_AC_BK, DATA_AC_BE,
		DATA_AC_VI, DATA_AC_VI, DATA_AC_VO, DATA_AC_VO,
	};

	return up_to_ac[tid & 7];
}

static enum data_tx_verdict parse_eth(const uint8_t *eth, size_t len,
				      struct eth_msdu *e)
{
	uint16_t field;

	if (len < DATA_ETH_HLEN)
		return DATA_TX_TRUNCATED;
	field = get_be16(eth + 2 * DATA_ETH_ALEN);
	e->da = eth;
	e->sa = eth + DATA_ETH_ALEN;
	e->payload = eth + DATA_ETH_HLEN;
	e->len = len - DATA_ETH_HLEN;
	if (field >= DATA_ETHERTYPE_MIN) {
		e->type = field;
		e->msdu_len = DATA_LLC_SNAP_LEN + e->len;
	} else if (field <= DATA_8023_LEN_MAX && field <= e->len) {
		e->type = 0; /* octets past the length are padding */
		e->len = field;
		e->msdu_len = field;
	} else {
		return DATA_TX_BAD_LENGTH;
	}
	e->eapol = e->type == DATA_ETHERTYPE_EAPOL;
	return e->msdu_len > DATA_MSDU_MAX ? DATA_TX_TOO_LONG : DATA_TX_OK;
}

static uint8_t *put_msdu(uint8_t *p, const uint8_t *end,
			 const struct eth_msdu *e)
{
	bool tunnel = e->type == ETHERTYPE_AARP || e->type == ETHERTYPE_IPX;

	if (!p || p > end || (size_t)(end - p) < e->msdu_len)
		return NULL;
	if (e->type) {
		memcpy(p, tunnel ? snap_bridge_tunnel : snap_rfc1042, 6);
		put_be16(p + 6, e->type);
		p += DATA_LLC_SNAP_LEN;
	}
	memcpy(p, e->payload, e->len);
	return p + e->len;
}

/* Header and MSDU, then CCMP when t->key: into out[0..end). */
static enum data_tx_verdict build(struct crypto_ws *ws, const struct tx_plan *t,
				  const struct eth_msdu *e, uint8_t *out,
				  const uint8_t *end, size_t *len)
{
	uint8_t plain[DATA_TX_MPDU_MAX]; /* user data, not a secret */
	uint8_t *dst = t->key ? plain : out, *p;
	const uint8_t *dst_end = t->key ? plain + sizeof(plain) : end;
	size_t plain_len;

	p = wlan_put_data_hdr(dst, dst_end, WLAN_FC_FROMDS, t->a1, t->a2, t->a3,
			      t->seq, t->tid);
	p = put_msdu(p, dst_end, e);
	if (!p)
		return DATA_TX_NO_ROOM;
	if (!t->key) {
		*len = (size_t)(p - out);
		return DATA_TX_OK;
	}
	plain_len = (size_t)(p - plain);
	if (!out || out > end ||
	    (size_t)(end - out) <
		    plain_len + CRYPTO_CCMP_HDR_LEN + CRYPTO_CCMP_MIC_LEN)
		return DATA_TX_NO_ROOM;
	if (!ws || crypto_ccmp_encrypt(ws, t->key, t->pn, t->key_id, plain,
				       plain_len, out, len))
		return DATA_TX_CRYPTO_FAILED;
	return DATA_TX_OK;
}

static void fill_info(struct data_tx_info *info, const struct tx_plan *t,
		      const struct eth_msdu *e)
{
	info->tid = t->tid;
	info->ac = t->tid < 0 ? DATA_AC_BE : data_tid_ac((unsigned)t->tid);
	info->seq = t->seq;
	info->protected = t->key != NULL;
	info->eapol = e->eapol;
	info->pn = t->key ? t->pn : 0;
}

enum data_tx_verdict data_tx_unicast(struct crypto_ws *ws, struct data_sta *sta,
				     const uint8_t bssid[DATA_ETH_ALEN],
				     const uint8_t *eth, size_t eth_len,
				     uint8_t *out, const uint8_t *end,
				     struct data_tx_info *info)
{
	struct eth_msdu e;
	struct tx_plan t = {.a1 = sta->addr, .a2 = bssid, .tid = -1};
	enum data_tx_verdict v;
	unsigned slot;

	memset(info, 0, sizeof(*info));
	info->tid = -1;
	v = parse_eth(eth, eth_len, &e);
	if (v != DATA_TX_OK)
		return v;
	if (!mac_equal(e.da, sta->addr))
		return DATA_TX_WRONG_STA;
	if (!e.eapol && !sta->authorized)
		return DATA_TX_UNAUTHORIZED;
	if (sta->rsn && !sta->tk_set && !e.eapol)
		return DATA_TX_NO_KEY;
	if (sta->rsn && sta->tk_set) {
		if (sta->tx_pn >= DATA_PN_MAX)
			return DATA_TX_PN_EXHAUSTED;
		t.key = sta->tk;
		t.pn = sta->tx_pn + 1;
	}
	if (sta->wmm)
		t.tid = (int)data_8021d_priority(eth, eth_len);
	slot = t.tid < 0 ? DATA_SLOT_NONQOS : (unsigned)t.tid;
	t.seq = sta->tx_seq[slot];
	t.a3 = e.sa;
	v = build(ws, &t, &e, out, end, &info->len);
	if (v != DATA_TX_OK)
		return v;
	sta->tx_seq[slot] = (t.seq + 1) & WLAN_SEQ_MAX;
	if (t.key)
		sta->tx_pn = t.pn;
	fill_info(info, &t, &e);
	return DATA_TX_OK;
}

enum data_tx_verdict data_tx_group(struct crypto_ws *ws, struct data_group *g,
				   const uint8_t bssid[DATA_ETH_ALEN],
				   const uint8_t *eth, size_t eth_len,
				   uint8_t *out, const uint8_t *end,
				   struct data_tx_info *info)
{
	struct eth_msdu e;
	struct tx_plan t = {.a2 = bssid, .tid = -1};
	enum data_tx_verdict v;

	memset(info, 0, sizeof(*info));
	info->tid = -1;
	v = parse_eth(eth, eth_len, &e);
	if (v != DATA_TX_OK)
		return v;
	if (!mac_is_group(e.da))
		return DATA_TX_NOT_GROUP;
	if (g->rsn) {
		if (!g->gtk_set)
			return DATA_TX_NO_KEY;
		if (g->tx_pn >= DATA_PN_MAX)
			return DATA_TX_PN_EXHAUSTED;
		t.key = g->gtk;
		t.key_id = g->key_id;
		t.pn = g->tx_pn + 1;
	}
	t.a1 = e.da;
	t.a3 = e.sa;
	t.seq = g->tx_seq;
	v = build(ws, &t, &e, out, end, &info->len);
	if (v != DATA_TX_OK)
		return v;
	g->tx_seq = (t.seq + 1) & WLAN_SEQ_MAX;
	if (t.key)
		g->tx_pn = t.pn;
	fill_info(info, &t, &e);
	return DATA_TX_OK;
}

bool data_tx_set_retry(uint8_t *mpdu, size_t len)
{
	if (len < WLAN_HDR_LEN_MGMT)
		return false;
	mpdu[1] |= WLAN_FC_RETRY;
	return true;
}

bool data_tx_set_more_data(uint8_t *mpdu, size_t len, bool more)
{
	if (len < WLAN_HDR_LEN_MGMT)
		return false;
	if (more)
		mpdu[1] |= WLAN_FC_MOREDATA;
	else
		mpdu[1] &= (uint8_t)~WLAN_FC_MOREDATA;
	return true;
}
