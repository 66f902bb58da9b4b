/*
 * test_data.c - the monitor-only data plane (mlme/data*.c): Ethernet to
 * 802.11 and back for unicast and group frames of every kind, the TID
 * from DSCP and its access category, sequence numbers per TID, PNs
 * (strictly increasing, refused at the wrap, kept on key reinstall),
 * duplicate and replay detection, CCMP failures, the port rules, every
 * refusal verdict, the published CCMP vector through TX and the CCMP data
 * frame of zn2i.pcap through RX (skipped when the captures are absent).
 *
 * Round trips: what the AP sends a station is decrypted as the station
 * would, and its MSDU sent back To DS (under the station's TK, to the
 * original SA): the Ethernet frame data_rx() returns must be the one sent,
 * DA and SA swapped.
 */
#include "check.h"
#include "wlan_testutil.h"

#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/data.h>
#include <rapd/ieee80211.h>

#define BUF 2600

static struct crypto_ws *ws;

static const uint8_t bssid[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t sta_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t host[6] = {0x02, 0, 0, 0, 0, 0x03};
static const uint8_t tk[16] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
			       0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
static const uint8_t gtk[16] = {0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
				0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t v6_mcast[6] = {0x33, 0x33, 0, 0, 0, 0x01};
static const uint8_t ip4[20] = {0x45, 0, 0, 20, 0, 0, 0x40, 0, 64, 17};

/* A station of an RSN BSS after its 4-way handshake. */
static void sta_ready(struct data_sta *s, bool wmm)
{
	data_sta_init(s, sta_mac, true, wmm);
	CHECK_EQ_INT(data_sta_set_tk(s, tk), DATA_KEY_INSTALLED);
	s->authorized = true;
}

/* An Ethernet frame: da, sa, type (or 802.3 length), payload. */
static size_t eth_frame(uint8_t *buf, const uint8_t *da, const uint8_t *sa,
			uint16_t type, const uint8_t *payload, size_t n)
{
	memcpy(buf, da, 6);
	memcpy(buf + 6, sa, 6);
	put_be16(buf + 12, type);
	memcpy(buf + 14, payload, n);
	return 14 + n;
}

/* A frame from the station: To DS, A1 = BSSID, A2 = station, A3 = da;
 * CCMP under key with pn unless key is NULL. */
static size_t sta_frame(uint8_t *out, const uint8_t *da, uint16_t seq, int tid,
			const uint8_t *body, size_t n, const uint8_t *key,
			uint64_t pn)
{
	uint8_t plain[BUF], *p;
	size_t len, out_len = 0;

	p = wlan_put_data_hdr(plain, plain + sizeof(plain), WLAN_FC_TODS, bssid,
			      sta_mac, da, seq, tid);
	CHECK(p != NULL && n <= BUF - 26);
	if (!p || n > BUF - 26)
		return 0;
	if (n)
		memcpy(p, body, n);
	len = (size_t)(p - plain) + n;
	if (!key) {
		memcpy(out, plain, len);
		return len;
	}
	CHECK(crypto_ccmp_encrypt(ws, key, pn, 0, plain, len, out, &out_len) ==
	      0);
	return out_len;
}

/* LLC/SNAP (RFC 1042) + type + payload. */
static size_t snap_body(uint8_t *buf, uint16_t type, const uint8_t *payload,
			size_t n)
{
	static const uint8_t snap[6] = {0xaa, 0xaa, 0x03, 0, 0, 0};

	memcpy(buf, snap, 6);
	put_be16(buf + 6, type);
	memcpy(buf + 8, payload, n);
	return 8 + n;
}

/* An IPv4 packet from the station to the host, under key unless NULL. */
static size_t sta_ip4(uint8_t *f, uint16_t seq, int tid, const uint8_t *key,
		      uint64_t pn)
{
	uint8_t body[64];
	size_t bn = snap_body(body, 0x0800, ip4, sizeof(ip4));

	return sta_frame(f, host, seq, tid, body, bn, key, pn);
}

/* The MSDU of an AP frame sent back by the station (see the top), to da,
 * or to the AP frame's SA when da is NULL. */
static size_t reflect(const uint8_t *mpdu, size_t len, const uint8_t *key,
		      const uint8_t *da, uint64_t pn, uint8_t *out)
{
	uint8_t plain[BUF];
	struct wlan_hdr h;
	size_t plen = len;
	uint64_t rx_pn;

	memcpy(plain, mpdu, len);
	if (mpdu[1] & WLAN_FC_PROTECTED)
		CHECK(crypto_ccmp_decrypt(ws, key, mpdu, len, plain, &plen,
					  &rx_pn) == 0);
	h = wt_parse_ok(plain, plen);
	CHECK_EQ_INT(h.flags & (WLAN_FC_TODS | WLAN_FC_FROMDS), WLAN_FC_FROMDS);
	return sta_frame(out, da ? da : h.addr3, h.seq,
			 h.has_qos ? h.qos_ctl & 15 : -1, h.body, h.body_len,
			 tk, pn);
}

/* Sends eth to the station, checks the MPDU, reflects it, receives it. */
static void unicast_round_trip(struct data_sta *s, const uint8_t *eth,
			       size_t len, enum data_rx_verdict want)
{
	uint8_t mpdu[BUF], back[BUF], got[BUF], swapped[BUF];
	struct data_tx_info ti;
	struct data_rx_info ri;
	struct wlan_hdr h;
	size_t n;

	CHECK_EQ_INT(data_tx_unicast(ws, s, bssid, eth, len, mpdu,
				     mpdu + sizeof(mpdu), &ti),
		     DATA_TX_OK);
	h = wt_parse_ok(mpdu, ti.len);
	CHECK(mac_equal(h.addr1, sta_mac) && mac_equal(h.addr2, bssid) &&
	      mac_equal(h.addr3, eth + 6));
	CHECK_EQ_INT(h.has_qos, s->wmm);
	CHECK_EQ_INT(ti.tid, s->wmm ? (int)data_8021d_priority(eth, len) : -1);
	CHECK_EQ_INT(!!(h.flags & WLAN_FC_PROTECTED), 1);
	n = reflect(mpdu, ti.len, tk, NULL, ti.pn, back);
	CHECK_EQ_INT(data_rx(ws, s, bssid, back, n, got, sizeof(got), &ri),
		     want);
	memcpy(swapped, eth + 6, 6);
	memcpy(swapped + 6, eth, 6);
	memcpy(swapped + 12, eth + 12, len - 12);
	CHECK_EQ_INT(ri.eth_len, len);
	CHECK_MEM(got, swapped, len);
}

static enum data_tx_verdict tx_uni(struct data_sta *s, const uint8_t *eth,
				   size_t n, uint8_t *mpdu,
				   struct data_tx_info *ti)
{
	return data_tx_unicast(ws, s, bssid, eth, n, mpdu, mpdu + BUF, ti);
}

/* Every kind of frame, to a station with and without WMM. */
static void test_round_trip_unicast(void)
{
	static const struct {
		uint16_t type; /* 0: an 802.3 frame, the payload's length */
		const char *payload;
	} cases[] = {
		{0x0800, "45b80014 00004000 40110000 0a000001 0a000002"},
		{0x86dd, "6b800000 00003b40"},
		{0x0806, "0001 0800 06 04 0001 020000000003 0a000001"},
		{0x888e, "02030004 01020304"}, /* EAPOL */
		{0, "424203 000000 00"},       /* STP BPDU under 802.2 LLC */
		{0x80f3, "0001809b0604"},      /* AARP: bridge tunnel */
		{0x8137, "ffff001e"},	       /* IPX: bridge tunnel */
	};
	uint8_t eth[BUF], pay[64];
	struct data_sta s;

	for (int wmm = 0; wmm <= 1; wmm++) {
		sta_ready(&s, wmm);
		for (size_t i = 0; i < RAPD_ARRAY_SIZE(cases); i++) {
			size_t n = check_unhex_upto(cases[i].payload, pay,
						    sizeof(pay));
			uint16_t type = cases[i].type ? cases[i].type : n;

			unicast_round_trip(
				&s, eth,
				eth_frame(eth, sta_mac, host, type, pay, n),
				type == 0x888e ? DATA_RX_EAPOL : DATA_RX_OK);
		}
		data_sta_wipe(&s);
	}
}

/* 802.1H: AARP goes out under the bridge-tunnel header; IPv4 under RFC
 * 1042; an 802.3 frame's LLC as it is, its padding dropped. */
static void test_tx_encapsulation(void)
{
	static const uint8_t pay[4] = {1, 2, 3, 4};
	uint8_t eth[64] = {0}, mpdu[BUF];
	struct data_tx_info ti;
	struct data_sta s;
	size_t n;

	data_sta_init(&s, sta_mac, false, false);
	s.authorized = true;
	n = eth_frame(eth, sta_mac, host, 0x80f3, pay, 4);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK_HEX(mpdu + 24, "aaaa030000f8 80f3 01020304");
	n = eth_frame(eth, sta_mac, host, 0x0800, pay, 4);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK_HEX(mpdu + 24, "aaaa03000000 0800 01020304");
	CHECK_EQ_INT(ti.len, 24 + 8 + 4);
	/* length 4, then padding up to the 60-octet Ethernet minimum */
	eth_frame(eth, sta_mac, host, 4, pay, 4);
	CHECK_EQ_INT(tx_uni(&s, eth, 60, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(ti.len, 24 + 4);
	CHECK_HEX(mpdu + 24, "01020304");
	CHECK_EQ_INT(ti.protected, 0);
}

static void group_round_trip(struct data_group *g, struct data_sta *s,
			     const uint8_t *eth, size_t len)
{
	uint8_t mpdu[BUF], back[BUF], got[BUF];
	struct data_tx_info ti;
	struct data_rx_info ri;
	struct wlan_hdr h;
	uint16_t seq = g->tx_seq;
	size_t n;

	CHECK_EQ_INT(data_tx_group(ws, g, bssid, eth, len, mpdu,
				   mpdu + sizeof(mpdu), &ti),
		     DATA_TX_OK);
	h = wt_parse_ok(mpdu, ti.len);
	CHECK(mac_equal(h.addr1, eth) && mac_equal(h.addr2, bssid) &&
	      mac_equal(h.addr3, eth + 6));
	CHECK(h.subtype == WLAN_STYPE_DATA && !h.has_qos && ti.tid == -1);
	CHECK_EQ_INT(h.flags, WLAN_FC_FROMDS | WLAN_FC_PROTECTED);
	CHECK_EQ_INT(h.seq, seq);
	CHECK_EQ_INT(h.body[3], g->key_id << 6 | 0x20);
	CHECK_EQ_INT(ti.pn, g->tx_pn);
	n = reflect(mpdu, ti.len, gtk, eth, ti.pn, back);
	CHECK_EQ_INT(data_rx(ws, s, bssid, back, n, got, sizeof(got), &ri),
		     DATA_RX_OK);
	CHECK_EQ_INT(data_dest_of(got, ri.eth_len, bssid), DATA_DEST_GROUP);
	CHECK_EQ_INT(ri.eth_len, len);
	CHECK_MEM(got, eth, 6);
	CHECK_MEM(got + 6, sta_mac, 6);
	CHECK_MEM(got + 12, eth + 12, len - 12);
}

static void test_round_trip_group(void)
{
	static const uint8_t arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};
	static const uint8_t ip6[40] = {0x60};
	struct data_group g;
	struct data_sta s;
	uint8_t eth[BUF];

	data_group_init(&g, true);
	CHECK_EQ_INT(data_group_set_gtk(&g, gtk, 2), DATA_KEY_INSTALLED);
	sta_ready(&s, true);
	group_round_trip(&g, &s, eth,
			 eth_frame(eth, bcast, host, 0x0806, arp, sizeof(arp)));
	group_round_trip(
		&g, &s, eth,
		eth_frame(eth, v6_mcast, host, 0x86dd, ip6, sizeof(ip6)));
	CHECK_EQ_INT(g.tx_pn, 2);
	CHECK_EQ_INT(g.tx_seq, 2);
	data_group_wipe(&g);
}

/* IEEE 802.11-2012 M.6.4 through data_tx_unicast(); see data_tx.c. */
static void test_tx_ccmp_vector(void)
{
	static const char *want =
		"0842 0000 0fd2e128a57c 5030f1844408 abaea5b8fcba 8033"
		"0ce70020769703b5 f3d0a2fe9a3dbf2342a643e43246e80c3c04d019"
		"a20330402e9e1734";
	uint8_t eth[64], msdu[20], out[BUF], vtk[16], da[6], vbssid[6], sa[6];
	struct data_tx_info ti;
	struct data_sta s;

	check_unhex_into("f8ba1a55d02f85ae967bb62fb6cda8eb7e78a050", msdu, 20);
	check_unhex_into("c97c1f67ce371185514a8a19f2bdd52f", vtk, 16);
	check_unhex_into("0fd2e128a57c", da, 6);
	check_unhex_into("5030f1844408", vbssid, 6);
	check_unhex_into("abaea5b8fcba", sa, 6);
	data_sta_init(&s, da, true, false);
	data_sta_set_tk(&s, vtk);
	s.authorized = true;
	s.tx_pn = 0xb5039776e70bull;
	s.tx_seq[DATA_SLOT_NONQOS] = 0x338;
	CHECK_EQ_INT(data_tx_unicast(ws, &s, vbssid, eth,
				     eth_frame(eth, da, sa, 20, msdu, 20), out,
				     out + sizeof(out), &ti),
		     DATA_TX_OK);
	CHECK_EQ_INT(ti.len, 60);
	CHECK_HEX(out, want);
	CHECK(ti.pn == 0xb5039776e70cull && s.tx_pn == ti.pn);
	CHECK(ti.seq == 0x338 && s.tx_seq[DATA_SLOT_NONQOS] == 0x339);
	CHECK(ti.protected && ti.ac == DATA_AC_BE && ti.tid == -1);
	data_sta_wipe(&s);
}

/* The frame annotated at the top of data_rx.c. */
static void test_rx_annotated(void)
{
	uint8_t frame[64], out[64];
	struct data_rx_info ri;
	struct data_sta s;
	size_t n;

	n = check_unhex_upto("8801 0000 020000000001 020000000002 020000000003"
			     "5001 0500 aaaa03000000 0800 45a00014",
			     frame, sizeof(frame));
	data_sta_init(&s, sta_mac, false, true);
	s.authorized = true;
	CHECK_EQ_INT(data_rx(ws, &s, bssid, frame, n, out, sizeof(out), &ri),
		     DATA_RX_OK);
	CHECK_EQ_INT(ri.eth_len, 18);
	CHECK_HEX(out, "020000000003 020000000002 0800 45a00014");
	CHECK(ri.tid == 5 && ri.seq == 21 && !ri.protected && !ri.pm);
}

static void test_priority(void)
{
	static const struct {
		uint16_t type;
		uint8_t b0, b1;
		unsigned prio;
	} cases[] = {
		{0x0800, 0x45, 0x00, 0}, {0x0800, 0x45, 0x20, 1},
		{0x0800, 0x45, 0x40, 2}, {0x0800, 0x45, 0x68, 3},
		{0x0800, 0x45, 0x88, 4}, {0x0800, 0x45, 0xb8, 5},
		{0x0800, 0x45, 0xc0, 6}, {0x0800, 0x45, 0xe0, 7},
		{0x86dd, 0x6b, 0x80, 5}, {0x86dd, 0x60, 0x00, 0},
		{0x86dd, 0x6e, 0x00, 7}, {0x86dd, 0x62, 0x00, 1},
		{0x0806, 0xff, 0xff, 0}, {0x888e, 0xe0, 0xe0, 0},
	};
	static const enum data_ac ac[8] = {DATA_AC_BE, DATA_AC_BK, DATA_AC_BK,
					   DATA_AC_BE, DATA_AC_VI, DATA_AC_VI,
					   DATA_AC_VO, DATA_AC_VO};
	uint8_t eth[64] = {0}, mpdu[BUF];
	struct data_tx_info ti;
	struct data_sta s;

	sta_ready(&s, true);
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(cases); i++) {
		uint8_t pay[20] = {cases[i].b0, cases[i].b1};
		size_t n =
			eth_frame(eth, sta_mac, host, cases[i].type, pay, 20);

		CHECK_EQ_INT(data_8021d_priority(eth, n), cases[i].prio);
		CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_OK);
		CHECK_EQ_INT(ti.tid, cases[i].prio);
		CHECK_EQ_INT(ti.ac, ac[cases[i].prio]);
		CHECK_EQ_INT(mpdu[24], cases[i].prio); /* QoS Control */
		CHECK_EQ_INT(mpdu[0], 0x88);
	}
	CHECK_EQ_INT(data_8021d_priority(eth, 15), 0); /* no TOS octet */
	for (unsigned tid = 0; tid < 16; tid++)
		CHECK_EQ_INT(data_tid_ac(tid), ac[tid & 7]);
	data_sta_wipe(&s);
}

/* An IPv4 packet of TOS tos from the host to s, into mpdu (BUF). */
static enum data_tx_verdict tx_ip4(struct data_sta *s, uint8_t tos,
				   uint8_t *mpdu, struct data_tx_info *ti)
{
	uint8_t eth[64], ip[20] = {0x45, tos};
	size_t n = eth_frame(eth, s->addr, host, 0x0800, ip, 20);

	return data_tx_unicast(ws, s, bssid, eth, n, mpdu, mpdu + BUF, ti);
}

static uint16_t send_seq(struct data_sta *s, uint8_t tos)
{
	uint8_t mpdu[BUF];
	struct data_tx_info ti;

	CHECK_EQ_INT(tx_ip4(s, tos, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(get_le16(mpdu + 22) >> 4, ti.seq);
	return ti.seq;
}

static void test_seq_per_tid(void)
{
	struct data_sta s;

	sta_ready(&s, true);
	CHECK_EQ_INT(send_seq(&s, 0x00), 0); /* TID 0 */
	CHECK_EQ_INT(send_seq(&s, 0xa0), 0); /* TID 5 */
	CHECK_EQ_INT(send_seq(&s, 0x00), 1);
	CHECK_EQ_INT(send_seq(&s, 0xa0), 1);
	CHECK_EQ_INT(send_seq(&s, 0xa0), 2);
	CHECK_EQ_INT(send_seq(&s, 0xe0), 0); /* TID 7 */
	CHECK_EQ_INT(s.tx_pn, 6); /* one PN sequence across the TIDs */
	s.tx_seq[0] = WLAN_SEQ_MAX;
	CHECK_EQ_INT(send_seq(&s, 0x00), WLAN_SEQ_MAX);
	CHECK_EQ_INT(send_seq(&s, 0x00), 0); /* modulo 4096 */
	s.wmm = false;
	CHECK_EQ_INT(send_seq(&s, 0xa0), 0); /* non-QoS: its own */
	CHECK_EQ_INT(send_seq(&s, 0x00), 1);
	CHECK_EQ_INT(s.tx_seq[5], 3);
	data_sta_wipe(&s);
}

static void test_pn(void)
{
	uint8_t mpdu[BUF];
	struct data_tx_info ti;
	struct data_sta s;
	uint64_t last = 0;

	sta_ready(&s, false);
	for (int i = 0; i < 5; i++) {
		CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_OK);
		CHECK(ti.pn > last && ti.pn == s.tx_pn);
		last = ti.pn;
	}
	CHECK_EQ_INT(last, 5);
	CHECK_EQ_INT(data_sta_set_tk(&s, tk), DATA_KEY_SAME);
	CHECK_EQ_INT(s.tx_pn, 5); /* a reinstalled key keeps its PN */
	s.tx_pn = DATA_PN_MAX - 1;
	CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_OK);
	CHECK(ti.pn == DATA_PN_MAX);
	CHECK_HEX(mpdu + 24, "ffff0020ffffffff");
	CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_PN_EXHAUSTED);
	CHECK_EQ_INT(s.tx_seq[DATA_SLOT_NONQOS], 6); /* not consumed */
	CHECK(s.tx_pn == DATA_PN_MAX);
	CHECK_EQ_INT(data_sta_set_tk(&s, gtk), DATA_KEY_INSTALLED);
	CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(ti.pn, 1);
	data_sta_wipe(&s);
}

static enum data_tx_verdict tx_group(struct data_group *g, const uint8_t *eth,
				     size_t n, uint8_t *mpdu,
				     struct data_tx_info *ti)
{
	return data_tx_group(ws, g, bssid, eth, n, mpdu, mpdu + BUF, ti);
}

static void test_group_pn_and_keys(void)
{
	uint8_t eth[64], mpdu[BUF], pay[8] = {0};
	struct data_tx_info ti;
	struct data_group g;
	size_t n = eth_frame(eth, bcast, host, 0x0800, pay, 8);

	data_group_init(&g, true);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_NO_KEY);
	CHECK_EQ_INT(data_group_set_gtk(&g, gtk, 0), DATA_KEY_BAD_KEY_ID);
	CHECK_EQ_INT(data_group_set_gtk(&g, gtk, 4), DATA_KEY_BAD_KEY_ID);
	CHECK_EQ_INT(data_group_set_gtk(&g, gtk, 1), DATA_KEY_INSTALLED);
	g.tx_pn = DATA_PN_MAX - 1;
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_PN_EXHAUSTED);
	CHECK_EQ_INT(data_group_set_gtk(&g, gtk, 1), DATA_KEY_SAME);
	CHECK(g.tx_pn == DATA_PN_MAX);
	CHECK_EQ_INT(data_group_set_gtk(&g, gtk, 2), DATA_KEY_INSTALLED);
	CHECK_EQ_INT(g.tx_pn, 0);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK(ti.pn == 1 && mpdu[27] == (2 << 6 | 0x20));
	data_group_init(&g, false); /* open BSS: in the clear */
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK(!ti.protected && ti.len == 24 + 8 + 8);
}

static enum data_rx_verdict rx(struct data_sta *s, const uint8_t *f, size_t n,
			       struct data_rx_info *ri)
{
	uint8_t out[BUF];

	return data_rx(ws, s, bssid, f, n, out, sizeof(out), ri);
}

static void test_duplicate(void)
{
	uint8_t f[BUF];
	struct data_rx_info ri;
	size_t n;
	struct data_sta s;

	data_sta_init(&s, sta_mac, false, true);
	s.authorized = true;
	n = sta_ip4(f, 10, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
	CHECK(ri.retry && ri.seq == 10 && ri.tid == 0);
	f[1] &= (uint8_t)~WLAN_FC_RETRY; /* no Retry: a new MSDU */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	n = sta_ip4(f, 10, 3, NULL, 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK); /* TID 3: its own */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
	n = sta_ip4(f, 10, -1, NULL, 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK); /* non-QoS: its own */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
	n = sta_ip4(f, 11, -1, NULL, 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	/* protected: a retry is a duplicate before it could be a replay */
	sta_ready(&s, true);
	n = sta_ip4(f, 12, 1, tk, 1);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	CHECK(data_tx_set_retry(f, n));
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
}

static enum data_rx_verdict rx_pn(struct data_sta *s, uint16_t seq, int tid,
				  uint64_t pn)
{
	uint8_t f[BUF];
	size_t n = sta_ip4(f, seq, tid, tk, pn);
	struct data_rx_info ri;
	enum data_rx_verdict v = rx(s, f, n, &ri);

	CHECK_EQ_INT(ri.pn, pn);
	CHECK(ri.protected);
	return v;
}

static void test_replay_per_tid(void)
{
	struct data_sta s;

	sta_ready(&s, true);
	CHECK_EQ_INT(rx_pn(&s, 1, 5, 5), DATA_RX_OK);
	CHECK_EQ_INT(rx_pn(&s, 1, 0, 3), DATA_RX_OK); /* TID 0 is fresh */
	CHECK_EQ_INT(rx_pn(&s, 2, 0, 3), DATA_RX_REPLAY);
	CHECK_EQ_INT(rx_pn(&s, 3, 0, 2), DATA_RX_REPLAY);
	CHECK_EQ_INT(rx_pn(&s, 2, 5, 4), DATA_RX_REPLAY);
	CHECK_EQ_INT(rx_pn(&s, 3, 5, 5), DATA_RX_REPLAY);
	CHECK_EQ_INT(rx_pn(&s, 4, 5, 6), DATA_RX_OK);
	CHECK_EQ_INT(rx_pn(&s, 4, -1, 3), DATA_RX_REPLAY); /* TID 0's */
	CHECK_EQ_INT(rx_pn(&s, 5, -1, 4), DATA_RX_OK);
	CHECK_EQ_INT(rx_pn(&s, 6, 0, 4), DATA_RX_REPLAY);
	CHECK_EQ_INT(rx_pn(&s, 6, 7, 0), DATA_RX_REPLAY); /* PNs start at 1 */
	CHECK(s.rx_pn[0] == 4 && s.rx_pn[5] == 6 && s.rx_pn[7] == 0);
	CHECK_EQ_INT(data_sta_set_tk(&s, tk), DATA_KEY_SAME);
	CHECK_EQ_INT(rx_pn(&s, 7, 5, 6), DATA_RX_REPLAY); /* counters kept */
	s.tk[0] ^= 1;
	CHECK_EQ_INT(data_sta_set_tk(&s, tk), DATA_KEY_INSTALLED);
	CHECK_EQ_INT(rx_pn(&s, 7, 5, 1), DATA_RX_OK); /* a new key: afresh */
}

static void test_decrypt_failure(void)
{
	static const size_t flips[] = {16, 24, 24 + 8 + 3, 0};
	uint8_t f[BUF], bad[BUF], other[16] = {0};
	size_t n;
	struct data_rx_info ri;
	struct data_sta s;

	sta_ready(&s, false);
	n = sta_ip4(f, 20, -1, tk, 7);
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(flips); i++) {
		size_t at = flips[i] ? flips[i] : n - 1; /* A3, PN, data, MIC */

		memcpy(bad, f, n);
		bad[at] ^= 0x04;
		CHECK_EQ_INT(rx(&s, bad, n, &ri), DATA_RX_DECRYPT_FAILED);
	}
	memcpy(bad, f, n);
	bad[24 + 3] &= (uint8_t)~0x20; /* ExtIV */
	CHECK_EQ_INT(rx(&s, bad, n, &ri), DATA_RX_DECRYPT_FAILED);
	CHECK_EQ_INT(rx(&s, f, 24 + 15, &ri), DATA_RX_TRUNCATED);
	CHECK_EQ_INT(data_rx(NULL, &s, bssid, f, n, bad, sizeof(bad), &ri),
		     DATA_RX_DECRYPT_FAILED);
	CHECK_EQ_INT(data_rx(ws, &s, bssid, f, n, bad, n - 17, &ri),
		     DATA_RX_NO_ROOM);
	data_sta_set_tk(&s, other);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DECRYPT_FAILED);
	data_sta_set_tk(&s, tk);
	/* none of that moved the duplicate cache or the replay counter */
	CHECK(s.rx_seq_valid == 0 && s.rx_pn[0] == 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	CHECK_EQ_INT(s.rx_pn[0], 7);
}

static void test_port_rules(void)
{
	static const uint8_t eapol[8] = {2, 3, 0, 4, 1, 2, 3, 4};
	uint8_t ebody[64], f[BUF], out[BUF];
	size_t en = snap_body(ebody, 0x888e, eapol, 8), n;
	struct data_rx_info ri;
	struct data_sta s;

	sta_ready(&s, true);
	n = sta_ip4(f, 1, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNPROTECTED);
	n = sta_frame(f, bssid, 2, 0, ebody, en, NULL, 0);
	CHECK_EQ_INT(data_rx(ws, &s, bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_EAPOL);
	CHECK(!ri.protected && ri.eth_len == 14 + 8);
	CHECK_HEX(out, "020000000001 020000000002 888e 0203000401020304");
	n = sta_frame(f, bssid, 3, 0, ebody, en, tk, 1);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_EAPOL);
	CHECK(ri.protected);
	s.authorized = false;
	n = sta_ip4(f, 4, 0, tk, 2);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNAUTHORIZED);
	n = sta_ip4(f, 5, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNAUTHORIZED);
	data_sta_init(&s, sta_mac, true, true); /* before the 4-way */
	n = sta_frame(f, bssid, 6, 0, ebody, en, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_EAPOL);
	n = sta_ip4(f, 7, 0, tk, 3);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NO_KEY);
	data_sta_init(&s, sta_mac, false, true); /* open BSS */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NO_KEY);
	n = sta_ip4(f, 8, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNAUTHORIZED);
	s.authorized = true;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
}

static void test_rx_header_refusals(void)
{
	uint8_t f[BUF], mgmt[64];
	struct data_rx_info ri;
	struct data_sta s;
	size_t n;

	data_sta_init(&s, sta_mac, false, true);
	s.authorized = true;
	n = (size_t)(wlan_put_mgmt_hdr(mgmt, mgmt + 64, WLAN_STYPE_AUTH, bssid,
				       sta_mac, bssid, 0) -
		     mgmt);
	CHECK_EQ_INT(rx(&s, mgmt, n, &ri), DATA_RX_NOT_DATA);
	CHECK_EQ_INT(rx(&s, mgmt, 0, &ri), DATA_RX_NOT_DATA);
	n = sta_frame(f, host, 1, 0, ip4, 20, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, 25, &ri), DATA_RX_TRUNCATED);
	f[0] |= 1; /* protocol version 1 */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NOT_DATA);
	f[0] = 0x98; /* QoS Data + CF-Ack */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_BAD_SUBTYPE);
	f[0] = 0x88;
	f[1] = WLAN_FC_FROMDS;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NOT_TODS);
	f[1] = 0;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NOT_TODS);
	f[1] = WLAN_FC_TODS | WLAN_FC_FROMDS;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_WDS);
	f[1] = WLAN_FC_TODS | WLAN_FC_MOREFRAG;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_FRAGMENT);
	f[1] = WLAN_FC_TODS;
	f[22] |= 1; /* fragment number 1 */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_FRAGMENT);
	f[22] &= 0xf0;
	f[24] |= 0x80; /* A-MSDU present */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_AMSDU);
	f[24] &= 0x7f;
	f[4] ^= 1;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NOT_OUR_BSS);
	f[4] ^= 1;
	f[10] ^= 1;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_WRONG_STA);
	f[10] ^= 1;
	CHECK_EQ_INT(s.rx_seq_valid, 0); /* no refusal touched the state */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
}

static void test_rx_null_and_llc(void)
{
	static const uint8_t snap_short[10] = {0xaa, 0xaa, 3, 0, 0, 0, 5, 0xdc};
	static const uint8_t snap_aarp[10] = {0xaa, 0xaa, 3,	0,
					      0,    0,	  0x80, 0xf3};
	uint8_t f[BUF], out[BUF], big[1501] = {0x42, 0x42, 0x03};
	struct data_rx_info ri;
	struct data_sta s;
	size_t n;

	data_sta_init(&s, sta_mac, true, true); /* even unauthorized */
	n = sta_frame(f, host, 1, -1, NULL, 0, NULL, 0);
	f[0] = 0x48; /* Null */
	f[1] |= WLAN_FC_PWRMGT;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NULL);
	CHECK(ri.pm && ri.null_func && ri.tid == -1);
	n = sta_frame(f, host, 1, 6, NULL, 0, NULL, 0);
	f[0] = 0xc8; /* QoS Null */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NULL);
	CHECK(!ri.pm && ri.null_func && ri.tid == 6);
	s.rsn = false;
	s.authorized = true;
	n = sta_frame(f, host, 2, 0, big, 1501, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OVERSIZE);
	n = sta_frame(f, host, 3, 0, big, 1500, NULL, 0);
	CHECK_EQ_INT(data_rx(ws, &s, bssid, f, n, out, 1514, &ri), DATA_RX_OK);
	CHECK(ri.eth_len == 1514 && get_be16(out + 12) == 1500);
	CHECK_MEM(out + 14, big, 1500);
	n = sta_frame(f, host, 4, 0, big, 20, NULL, 0);
	CHECK_EQ_INT(data_rx(ws, &s, bssid, f, n, out, 33, &ri),
		     DATA_RX_NO_ROOM);
	n = sta_frame(f, host, 5, 0, snap_short, 10, NULL, 0);
	CHECK_EQ_INT(data_rx(ws, &s, bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_OK); /* SNAP of no EtherType: kept */
	CHECK(ri.eth_len == 24 && get_be16(out + 12) == 10);
	n = sta_frame(f, host, 6, 0, snap_aarp, 10, NULL, 0);
	CHECK_EQ_INT(data_rx(ws, &s, bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_OK); /* RFC 1042 + AARP: kept (802.1H) */
	CHECK(ri.eth_len == 24 && get_be16(out + 12) == 10);
	n = sta_frame(f, host, 7, 0, NULL, 0, NULL, 0);
	CHECK_EQ_INT(data_rx(ws, &s, bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_OK);
	CHECK(ri.eth_len == 14 && get_be16(out + 12) == 0);
}

static enum data_tx_verdict tx_len(struct data_sta *s, uint16_t type,
				   size_t pay_len, size_t frame_len,
				   size_t room, struct data_tx_info *ti)
{
	static const uint8_t zeros[BUF];
	static uint8_t eth[BUF], mpdu[BUF];

	eth_frame(eth, sta_mac, host, type, zeros, pay_len);
	return data_tx_unicast(ws, s, bssid, eth,
			       frame_len ? frame_len : 14 + pay_len, mpdu,
			       mpdu + room, ti);
}

static void test_tx_refusals(void)
{
	struct data_tx_info ti;
	struct data_sta s;

	sta_ready(&s, true);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 0, 13, BUF, &ti), DATA_TX_TRUNCATED);
	CHECK_EQ_INT(tx_len(&s, 100, 20, 0, BUF, &ti), DATA_TX_BAD_LENGTH);
	CHECK_EQ_INT(tx_len(&s, 0x5ff, 1600, 0, BUF, &ti), DATA_TX_BAD_LENGTH);
	CHECK_EQ_INT(tx_len(&s, 0x600, 20, 0, BUF, &ti), DATA_TX_OK);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 2297, 0, BUF, &ti), DATA_TX_TOO_LONG);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 2296, 0, DATA_TX_MPDU_MAX - 1, &ti),
		     DATA_TX_NO_ROOM);
	CHECK_EQ_INT(s.tx_pn, 1); /* nothing consumed */
	CHECK_EQ_INT(s.tx_seq[0], 1);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 2296, 0, DATA_TX_MPDU_MAX, &ti),
		     DATA_TX_OK);
	CHECK_EQ_INT(ti.len, DATA_TX_MPDU_MAX);
	s.authorized = false;
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, BUF, &ti), DATA_TX_UNAUTHORIZED);
	CHECK_EQ_INT(tx_len(&s, 0x888e, 20, 0, BUF, &ti), DATA_TX_OK);
	CHECK(ti.eapol && ti.protected); /* under the TK once it is set */
	data_sta_init(&s, sta_mac, true, false);
	CHECK_EQ_INT(tx_len(&s, 0x888e, 20, 0, BUF, &ti), DATA_TX_OK);
	CHECK(ti.eapol && !ti.protected && ti.len == 24 + 8 + 20);
	s.authorized = true; /* a core bug: open port, no TK */
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, BUF, &ti), DATA_TX_NO_KEY);
	data_sta_init(&s, sta_mac, false, false);
	s.authorized = true;
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, 24 + 8 + 19, &ti),
		     DATA_TX_NO_ROOM);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, 24 + 8 + 20, &ti), DATA_TX_OK);
	CHECK_EQ_INT(s.tx_seq[DATA_SLOT_NONQOS], 1);
}

static void test_tx_wrong_dest(void)
{
	uint8_t eth[64], mpdu[BUF];
	struct data_tx_info ti;
	struct data_group g;
	struct data_sta s;
	size_t n;

	sta_ready(&s, false);
	data_group_init(&g, false);
	n = eth_frame(eth, host, bssid, 0x0800, ip4, 20);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_WRONG_STA);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_NOT_GROUP);
	n = eth_frame(eth, bcast, bssid, 0x0800, ip4, 20);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_WRONG_STA);
	n = eth_frame(eth, sta_mac, bssid, 0x0800, ip4, 20);
	CHECK_EQ_INT(
		data_tx_unicast(NULL, &s, bssid, eth, n, mpdu, mpdu + BUF, &ti),
		DATA_TX_CRYPTO_FAILED);
	CHECK(s.tx_pn == 0 && s.tx_seq[DATA_SLOT_NONQOS] == 0);
}

static void test_retry_and_more_data(void)
{
	uint8_t eth[64], mpdu[BUF], plain[BUF];
	struct data_tx_info ti;
	struct data_sta s;
	size_t n, plen;
	uint64_t pn;

	sta_ready(&s, true);
	n = eth_frame(eth, sta_mac, host, 0x0800, ip4, 20);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK(data_tx_set_retry(mpdu, ti.len));
	CHECK(data_tx_set_more_data(mpdu, ti.len, true));
	CHECK_EQ_INT(mpdu[1], WLAN_FC_FROMDS | WLAN_FC_PROTECTED |
				      WLAN_FC_RETRY | WLAN_FC_MOREDATA);
	/* both bits are outside the AAD: the resent frame still decrypts */
	CHECK(crypto_ccmp_decrypt(ws, tk, mpdu, ti.len, plain, &plen, &pn) ==
	      0);
	CHECK_EQ_INT(pn, ti.pn);
	CHECK(data_tx_set_more_data(mpdu, ti.len, false));
	CHECK_EQ_INT(mpdu[1] & WLAN_FC_MOREDATA, 0);
	CHECK(!data_tx_set_retry(mpdu, 23));
	CHECK(!data_tx_set_more_data(mpdu, 23, true));
}

static void test_dest(void)
{
	uint8_t eth[64];

	eth_frame(eth, bssid, sta_mac, 0x0800, ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, bssid), DATA_DEST_LOCAL);
	eth_frame(eth, host, sta_mac, 0x0800, ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, bssid), DATA_DEST_UNICAST);
	eth_frame(eth, bcast, sta_mac, 0x0800, ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, bssid), DATA_DEST_GROUP);
	eth_frame(eth, v6_mcast, sta_mac, 0x86dd, ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, bssid), DATA_DEST_GROUP);
	CHECK_EQ_INT(data_dest_of(eth, 5, bssid), DATA_DEST_LOCAL);
}

static void test_names(void)
{
	for (int v = 0; v < DATA_RX_VERDICT_COUNT; v++)
		CHECK(strcmp(data_rx_verdict_name(v), "?") != 0);
	for (int v = 0; v < DATA_TX_VERDICT_COUNT; v++)
		CHECK(strcmp(data_tx_verdict_name(v), "?") != 0);
	for (int v = 0; v < DATA_AC_COUNT; v++)
		CHECK(strcmp(data_ac_name(v), "?") != 0);
	CHECK(!strcmp(data_rx_verdict_name(DATA_RX_VERDICT_COUNT), "?"));
	CHECK(!strcmp(data_tx_verdict_name(DATA_TX_VERDICT_COUNT), "?"));
	CHECK(!strcmp(data_ac_name(DATA_AC_COUNT), "?"));
}

/* zn2i.pcap frame 12: QoS Data, To DS, CCMP PN 1, from the station to the
 * AP: an ARP request. Frame 2 is addressed to another receiver. */
static void test_capture_zn2i(void)
{
	uint8_t ap[6], sta[6], ztk[16], out[BUF];
	struct wt_capture c;
	struct data_rx_info ri;
	struct data_sta s;

	if (!wt_load_capture("zn2i.pcap", &c))
		SKIP("captures absent");
	CHECK_EQ_INT(c.n, 12);
	check_unhex_into("00064f123456", ap, 6);
	check_unhex_into("001122334457", sta, 6);
	check_unhex_into("f920b3400ddb07ee9e60676dc89b8afc", ztk, 16);
	data_sta_init(&s, sta, true, true);
	data_sta_set_tk(&s, ztk);
	s.authorized = true;
	if (c.n >= 12) {
		CHECK_EQ_INT(data_rx(ws, &s, ap, c.frame[12], c.len[12], out,
				     sizeof(out), &ri),
			     DATA_RX_OK);
		CHECK(ri.protected && ri.pn == 1 && ri.tid == 6);
		CHECK_EQ_INT(ri.eth_len, 14 + 28);
		CHECK_MEM(out, c.frame[12] + 16, 6); /* DA = A3 */
		CHECK_MEM(out + 6, sta, 6);
		CHECK_HEX(out + 12, "0806 0001 0800 06 04 0001"); /* request */
		CHECK_MEM(out + 22, sta, 6); /* sender hardware address */
		CHECK_EQ_INT(data_rx(ws, &s, ap, c.frame[12], c.len[12], out,
				     sizeof(out), &ri),
			     DATA_RX_REPLAY);
		CHECK_EQ_INT(data_rx(ws, &s, ap, c.frame[2], c.len[2], out,
				     sizeof(out), &ri),
			     DATA_RX_NOT_OUR_BSS);
	}
	data_sta_wipe(&s);
	wt_free_capture(&c);
}

int main(void)
{
	check_begin("test_data");
	if (crypto_init() || !(ws = crypto_ws_new())) {
		fprintf(stderr, "crypto_init failed\n");
		return 1;
	}
	RUN(test_round_trip_unicast);
	RUN(test_tx_encapsulation);
	RUN(test_round_trip_group);
	RUN(test_tx_ccmp_vector);
	RUN(test_rx_annotated);
	RUN(test_priority);
	RUN(test_seq_per_tid);
	RUN(test_pn);
	RUN(test_group_pn_and_keys);
	RUN(test_duplicate);
	RUN(test_replay_per_tid);
	RUN(test_decrypt_failure);
	RUN(test_port_rules);
	RUN(test_rx_header_refusals);
	RUN(test_rx_null_and_llc);
	RUN(test_tx_refusals);
	RUN(test_tx_wrong_dest);
	RUN(test_retry_and_more_data);
	RUN(test_dest);
	RUN(test_names);
	RUN(test_capture_zn2i);
	crypto_ws_free(ws);
	crypto_cleanup();
	return check_end();
}
