/*
 * fuzz_data.c - libFuzzer target for the monitor-only data plane
 * (mlme/data*.c): data_rx() on hostile 802.11 frames, data_tx_unicast()
 * and data_tx_group() on arbitrary Ethernet frames.
 *
 * Input: a mode octet, a flags octet, then the bytes. Mode 0 gives them to
 * data_rx() as they are; mode 1 seals them first with CCMP under the fixed
 * TK (so mutations reach what follows a good MIC); mode 2 reads them as an
 * Ethernet frame for both builders. Flags pick the station's state (RSN,
 * WMM, authorized, TK installed, a PN near its end), a short output
 * buffer, and in modes 0-1 whether the station and BSSID are the frame's
 * own A2 and A1 (so mutated frames pass the address checks).
 *
 * Output buffers are heap blocks of exactly the size announced, so a
 * write past them is an ASan report. Invariants that abort: a verdict
 * outside its enum; an Ethernet frame that does not carry A3 and A2; a
 * delivered frame accepted again (no Retry: replay, or a second copy for
 * a cleartext frame; Retry: duplicate); a frame sealed here that fails to
 * decrypt; a PN that does not advance by one; and round trips: an MSDU
 * received, sent back through the builder, must come out as the same
 * MSDU (802.1H allows one rewrite: a bridge-tunnel header of an EtherType
 * other than AARP and IPX comes back as RFC 1042), and an Ethernet frame
 * built, then received, must come out as the same frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/data.h>
#include <rapd/ieee80211.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
	F_OWN_ADDRS = 1 << 0,
	F_RSN = 1 << 1,
	F_WMM = 1 << 2,
	F_AUTHORIZED = 1 << 3,
	F_TK = 1 << 4,
	F_SHORT_OUT = 1 << 5,
	F_PN_END = 1 << 6,
};

#define BUF (DATA_TX_MPDU_MAX + 64)

static struct crypto_ws *ws;
static const uint8_t tk[16] = {0x5a, 1, 2,  3,	4,  5,	6,  7,
			       8,    9, 10, 11, 12, 13, 14, 15};
static const uint8_t our_bssid[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t our_sta[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t snap_rfc1042[6] = {0xaa, 0xaa, 3, 0, 0, 0};
static const uint8_t snap_tunnel[6] = {0xaa, 0xaa, 3, 0, 0, 0xf8};

static void must(int cond)
{
	if (!cond)
		abort();
}

static void sta_from_flags(struct data_sta *s, const uint8_t *addr,
			   unsigned flags)
{
	data_sta_init(s, addr, flags & F_RSN, flags & F_WMM);
	s->authorized = flags & F_AUTHORIZED;
	if (flags & F_TK)
		data_sta_set_tk(s, tk);
	if (flags & F_PN_END) /* the last PN, or the one before */
		s->tx_pn = DATA_PN_MAX - ((flags >> 7) & 1);
}

/* The EtherType 802.1H strips from an MSDU's SNAP header, or 0. */
static uint16_t model_type(const uint8_t *b, size_t n)
{
	uint16_t t = n >= 8 ? get_be16(b + 6) : 0;

	if (t < 0x0600)
		return 0;
	if (!memcmp(b, snap_tunnel, 6))
		return t;
	if (!memcmp(b, snap_rfc1042, 6) && t != 0x80f3 && t != 0x8137)
		return t;
	return 0;
}

/* The MSDU (802.11 body) of an MPDU the builders wrote, decrypted with
 * key when protected, into plain. */
static size_t msdu_of(const uint8_t *mpdu, size_t len, const uint8_t *key,
		      uint8_t *plain, const uint8_t **body)
{
	struct wlan_hdr h;
	size_t plen = len;
	uint64_t pn;

	if (mpdu[1] & WLAN_FC_PROTECTED)
		must(crypto_ccmp_decrypt(ws, key, mpdu, len, plain, &plen,
					 &pn) == 0);
	else
		memcpy(plain, mpdu, len);
	must(wlan_parse_hdr(plain, plen, &h) == WLAN_HDR_OK);
	must((h.flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) == WLAN_FC_FROMDS);
	*body = h.body;
	return h.body_len;
}

/* A received MSDU b[0..n), delivered as eth, sent back to the station:
 * the builder must write the same MSDU (see the top). */
static void rx_round_trip(const uint8_t *b, size_t n, const uint8_t *eth,
			  size_t eth_len, unsigned flags)
{
	static uint8_t again[BUF], mpdu[BUF], plain[BUF];
	struct data_tx_info ti;
	struct data_sta s;
	const uint8_t *tb;
	size_t tn;

	memcpy(again, eth, eth_len);
	memcpy(again, our_sta, 6);
	sta_from_flags(&s, our_sta, flags & F_WMM);
	s.authorized = true;
	if (data_tx_unicast(ws, &s, our_bssid, again, eth_len, mpdu, mpdu + BUF,
			    &ti) != DATA_TX_OK) {
		must(n > DATA_MSDU_MAX);
		return;
	}
	tn = msdu_of(mpdu, ti.len, tk, plain, &tb);
	must(tn == n);
	if (model_type(b, n) && !memcmp(b, snap_tunnel, 6) &&
	    get_be16(b + 6) != 0x80f3 && get_be16(b + 6) != 0x8137) {
		must(!memcmp(tb, snap_rfc1042, 6));
		must(!memcmp(tb + 6, b + 6, n - 6));
		return;
	}
	must(!memcmp(tb, b, n));
}

/* What must hold after data_rx() delivered frame[0..len) into out. */
static void check_delivered(const uint8_t *frame, size_t len,
			    const uint8_t *out, size_t out_cap,
			    const struct data_rx_info *ri)
{
	must(ri->eth_len >= DATA_ETH_HLEN && ri->eth_len <= out_cap);
	must(ri->eth_len <= len);
	must(!memcmp(out, frame + 16, 6) && !memcmp(out + 6, frame + 10, 6));
}

/* frame as received by s (set up from flags); msdu, when known, is the
 * cleartext body for the round trip. */
static void rx_once(const uint8_t *frame, size_t len, unsigned flags,
		    const uint8_t *msdu, size_t msdu_len)
{
	bool own = (flags & F_OWN_ADDRS) && len >= 16;
	const uint8_t *bssid = own ? frame + 4 : our_bssid;
	size_t out_cap = flags & F_SHORT_OUT ? len / 2 : len;
	uint8_t *out = malloc(out_cap ? out_cap : 1);
	struct data_rx_info ri;
	enum data_rx_verdict v, again;
	struct data_sta s;

	must(out != NULL);
	sta_from_flags(&s, own ? frame + 10 : our_sta, flags);
	v = data_rx(ws, &s, bssid, frame, len, out, out_cap, &ri);
	must((unsigned)v < DATA_RX_VERDICT_COUNT);
	if (v == DATA_RX_OK || v == DATA_RX_EAPOL) {
		check_delivered(frame, len, out, out_cap, &ri);
		if (msdu)
			rx_round_trip(msdu, msdu_len, out, ri.eth_len, flags);
		again = data_rx(ws, &s, bssid, frame, len, out, out_cap, &ri);
		if (frame[1] & WLAN_FC_RETRY)
			must(again == DATA_RX_DUPLICATE);
		else if (frame[1] & WLAN_FC_PROTECTED)
			must(again == DATA_RX_REPLAY);
		else
			must(again == v);
	}
	data_sta_wipe(&s);
	free(out);
}

/* A frame sealed here under tk must decrypt (whatever else refuses it). */
static void must_decrypt(const uint8_t *sealed, size_t n, unsigned flags)
{
	static uint8_t out[BUF + 16];
	bool own = flags & F_OWN_ADDRS;
	struct data_rx_info ri;
	struct data_sta s;

	sta_from_flags(&s, own ? sealed + 10 : our_sta, flags);
	must(data_rx(ws, &s, own ? sealed + 4 : our_bssid, sealed, n, out,
		     sizeof(out), &ri) != DATA_RX_DECRYPT_FAILED);
	data_sta_wipe(&s);
}

/* Mode 0: the input as it is, its body the MSDU when in the clear. */
static void rx_raw(const uint8_t *frame, size_t len, unsigned flags)
{
	size_t hl = crypto_mpdu_hdr_len(frame, len);

	if (hl && !(frame[1] & WLAN_FC_PROTECTED))
		rx_once(frame, len, flags, frame + hl, len - hl);
	else
		rx_once(frame, len, flags, NULL, 0);
}

/* Mode 1: the input is a cleartext MPDU; seal it, then receive it. */
static void rx_sealed(const uint8_t *plain, size_t len, unsigned flags)
{
	static uint8_t sealed[BUF + 16];
	size_t hl = crypto_mpdu_hdr_len(plain, len), n;
	uint64_t pn = 1 + (flags >> 7);

	if (!hl || len > BUF || ((plain[0] >> 2) & 3) != WLAN_FC_TYPE_DATA)
		return;
	must(crypto_ccmp_encrypt(ws, tk, pn, 0, plain, len, sealed, &n) == 0);
	flags |= F_RSN | F_TK;
	flags &= ~(unsigned)F_SHORT_OUT;
	must_decrypt(sealed, n, flags);
	rx_once(sealed, n, flags, plain + hl, len - hl);
}

/* The MSDU a builder must make of eth[0..len): a SNAP header (the bridge
 * tunnel for AARP and IPX) and the payload, or an 802.3 frame's LLC. */
static void check_msdu(const uint8_t *eth, size_t len, const uint8_t *b,
		       size_t n)
{
	uint16_t field = get_be16(eth + 12);

	if (field < 0x0600) {
		must(n == field && !memcmp(b, eth + 14, n));
		return;
	}
	must(n == len - 14 + 8);
	must(!memcmp(b,
		     field == 0x80f3 || field == 0x8137 ? snap_tunnel
							: snap_rfc1042,
		     6));
	must(get_be16(b + 6) == field && !memcmp(b + 8, eth + 14, len - 14));
}

/* The MSDU b[0..n) the builder made of eth, sent To DS by a station to
 * eth's DA: data_rx() must give eth back (SA: the station). */
static void tx_round_trip(const uint8_t *eth, size_t len, const uint8_t *b,
			  size_t n)
{
	static uint8_t frame[BUF], out[BUF];
	uint16_t field = get_be16(eth + 12);
	size_t want = field < 0x0600 ? 14 + field : len;
	struct data_rx_info ri;
	enum data_rx_verdict v;
	struct data_sta s;
	uint8_t *p;

	if (field < 0x0600 && model_type(b, n))
		return; /* an 802.3 frame of SNAP: Ethernet II on receive */
	p = wlan_put_data_hdr(frame, frame + BUF, WLAN_FC_TODS, our_bssid,
			      our_sta, eth, 0, -1);
	must(p && n <= (size_t)(frame + BUF - p));
	memcpy(p, b, n);
	data_sta_init(&s, our_sta, false, false);
	s.authorized = true;
	v = data_rx(ws, &s, our_bssid, frame, (size_t)(p - frame) + n, out,
		    sizeof(out), &ri);
	must(v == (field == DATA_ETHERTYPE_EAPOL ? DATA_RX_EAPOL : DATA_RX_OK));
	must(ri.eth_len == want && !memcmp(out, eth, 6));
	must(!memcmp(out + 6, our_sta, 6));
	must(!memcmp(out + 12, eth + 12, want - 12));
}

/* PN and round trip after a builder wrote mpdu[0..ti->len). */
static void check_built(const uint8_t *eth, size_t len, const uint8_t *mpdu,
			const struct data_tx_info *ti, uint64_t pn_before)
{
	static uint8_t plain[BUF];
	const uint8_t *b;
	size_t n;

	if (ti->protected)
		must(ti->pn == pn_before + 1);
	must(!memcmp(mpdu + 4, eth, 6));      /* A1 = DA */
	must(!memcmp(mpdu + 16, eth + 6, 6)); /* A3 = SA */
	n = msdu_of(mpdu, ti->len, tk, plain, &b);
	check_msdu(eth, len, b, n);
	tx_round_trip(eth, len, b, n);
}

/* Mode 2: the input is an Ethernet frame, to a station and to the BSS. */
static void tx_both(const uint8_t *eth, size_t len, unsigned flags)
{
	size_t room = flags & F_SHORT_OUT ? len / 2 : DATA_TX_MPDU_MAX;
	uint8_t *out = malloc(room ? room : 1);
	struct data_tx_info ti;
	struct data_group g;
	struct data_sta s;
	uint64_t pn;

	must(out != NULL);
	sta_from_flags(&s, len >= 6 ? eth : our_sta, flags);
	pn = s.tx_pn;
	if (data_tx_unicast(ws, &s, our_bssid, eth, len, out, out + room,
			    &ti) == DATA_TX_OK) {
		must(ti.len <= room && ti.protected == (s.rsn && s.tk_set));
		must(s.tx_pn == (ti.protected ? pn + 1 : pn));
		check_built(eth, len, out, &ti, pn);
	} else {
		must(s.tx_pn == pn);
	}
	data_group_init(&g, flags & F_RSN);
	if (flags & F_TK)
		data_group_set_gtk(&g, tk, 1 + (flags >> 7));
	if (data_tx_group(ws, &g, our_bssid, eth, len, out, out + room, &ti) ==
	    DATA_TX_OK) {
		must(ti.len <= room && ti.tid == -1 && mac_is_group(eth));
		must(!ti.protected || out[24 + 3] == (g.key_id << 6 | 0x20));
		check_built(eth, len, out, &ti, 0);
	}
	data_sta_wipe(&s);
	data_group_wipe(&g);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ws) {
		if (crypto_init() || !(ws = crypto_ws_new()))
			abort();
	}
	if (size < 2 || size - 2 > BUF)
		return 0;
	switch (data[0] % 3) {
	case 0:
		rx_raw(data + 2, size - 2, data[1]);
		break;
	case 1:
		rx_sealed(data + 2, size - 2, data[1]);
		break;
	case 2:
		tx_both(data + 2, size - 2, data[1]);
		break;
	}
	return 0;
}
