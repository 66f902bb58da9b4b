/*
 * test_data_tx.c - the monitor-only data plane (mlme/data*.c), the AP's
 * side of it: Ethernet to 802.11 for unicast and group frames of every
 * kind, checked by round trips (data_testutil.h), the TID from DSCP and
 * its access category, sequence numbers per TID, PNs (strictly
 * increasing, refused at the wrap, kept on key reinstall), group keys,
 * the Retry and More Data bits, every TX refusal, the destination helper,
 * the names, and the published CCMP vector through TX.
 */
#include <stdio.h>
#include <string.h>

#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/data.h>
#include <rapd/ieee80211.h>

#include "check.h"
#include "data_testutil.h"
#include "wlan_testutil.h"

/* Sends eth to the station, checks the MPDU, reflects it, receives it. */
static void unicast_round_trip(struct data_sta *s, const uint8_t *eth,
			       size_t len, enum data_rx_verdict want)
{
	uint8_t mpdu[DT_BUF], back[DT_BUF], got[DT_BUF], swapped[DT_BUF];
	struct data_tx_info ti;
	struct data_rx_info ri;
	struct wlan_hdr h;
	size_t n;

	CHECK_EQ_INT(data_tx_unicast(dt_ws, s, dt_bssid, eth, len, mpdu,
				     mpdu + sizeof(mpdu), &ti),
		     DATA_TX_OK);
	h = wt_parse_ok(mpdu, ti.len);
	CHECK(mac_equal(h.addr1, dt_sta_mac) && mac_equal(h.addr2, dt_bssid) &&
	      mac_equal(h.addr3, eth + 6));
	CHECK_EQ_INT(h.has_qos, s->wmm);
	CHECK_EQ_INT(ti.tid, s->wmm ? (int)data_8021d_priority(eth, len) : -1);
	CHECK_EQ_INT(!!(h.flags & WLAN_FC_PROTECTED), 1);
	n = dt_reflect(mpdu, ti.len, dt_tk, NULL, ti.pn, back);
	CHECK_EQ_INT(
		data_rx(dt_ws, s, dt_bssid, back, n, got, sizeof(got), &ri),
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
	return data_tx_unicast(dt_ws, s, dt_bssid, eth, n, mpdu, mpdu + DT_BUF,
			       ti);
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
	uint8_t eth[DT_BUF], pay[64];
	struct data_sta s;

	for (int wmm = 0; wmm <= 1; wmm++) {
		dt_sta_ready(&s, wmm);
		for (size_t i = 0; i < RAPD_ARRAY_SIZE(cases); i++) {
			size_t n = check_unhex_upto(cases[i].payload, pay,
						    sizeof(pay));
			uint16_t type = cases[i].type ? cases[i].type : n;

			unicast_round_trip(&s, eth,
					   dt_eth_frame(eth, dt_sta_mac,
							dt_host, type, pay, n),
					   type == 0x888e ? DATA_RX_EAPOL
							  : DATA_RX_OK);
		}
		data_sta_wipe(&s);
	}
}

/* 802.1H: AARP goes out under the bridge-tunnel header; IPv4 under RFC
 * 1042; an 802.3 frame's LLC as it is, its padding dropped. */
static void test_tx_encapsulation(void)
{
	static const uint8_t pay[4] = {1, 2, 3, 4};
	uint8_t eth[64] = {0}, mpdu[DT_BUF];
	struct data_tx_info ti;
	struct data_sta s;
	size_t n;

	data_sta_init(&s, dt_sta_mac, false, false);
	s.authorized = true;
	n = dt_eth_frame(eth, dt_sta_mac, dt_host, 0x80f3, pay, 4);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK_HEX(mpdu + 24, "aaaa030000f8 80f3 01020304");
	n = dt_eth_frame(eth, dt_sta_mac, dt_host, 0x0800, pay, 4);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK_HEX(mpdu + 24, "aaaa03000000 0800 01020304");
	CHECK_EQ_INT(ti.len, 24 + 8 + 4);
	/* length 4, then padding up to the 60-octet Ethernet minimum */
	dt_eth_frame(eth, dt_sta_mac, dt_host, 4, pay, 4);
	CHECK_EQ_INT(tx_uni(&s, eth, 60, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(ti.len, 24 + 4);
	CHECK_HEX(mpdu + 24, "01020304");
	CHECK_EQ_INT(ti.protected, 0);
}

static void group_round_trip(struct data_group *g, struct data_sta *s,
			     const uint8_t *eth, size_t len)
{
	uint8_t mpdu[DT_BUF], back[DT_BUF], got[DT_BUF];
	struct data_tx_info ti;
	struct data_rx_info ri;
	struct wlan_hdr h;
	uint16_t seq = g->tx_seq;
	size_t n;

	CHECK_EQ_INT(data_tx_group(dt_ws, g, dt_bssid, eth, len, mpdu,
				   mpdu + sizeof(mpdu), &ti),
		     DATA_TX_OK);
	h = wt_parse_ok(mpdu, ti.len);
	CHECK(mac_equal(h.addr1, eth) && mac_equal(h.addr2, dt_bssid) &&
	      mac_equal(h.addr3, eth + 6));
	CHECK(h.subtype == WLAN_STYPE_DATA && !h.has_qos && ti.tid == -1);
	CHECK_EQ_INT(h.flags, WLAN_FC_FROMDS | WLAN_FC_PROTECTED);
	CHECK_EQ_INT(h.seq, seq);
	CHECK_EQ_INT(h.body[3], g->key_id << 6 | 0x20);
	CHECK_EQ_INT(ti.pn, g->tx_pn);
	n = dt_reflect(mpdu, ti.len, dt_gtk, eth, ti.pn, back);
	CHECK_EQ_INT(
		data_rx(dt_ws, s, dt_bssid, back, n, got, sizeof(got), &ri),
		DATA_RX_OK);
	CHECK_EQ_INT(data_dest_of(got, ri.eth_len, dt_bssid), DATA_DEST_GROUP);
	CHECK_EQ_INT(ri.eth_len, len);
	CHECK_MEM(got, eth, 6);
	CHECK_MEM(got + 6, dt_sta_mac, 6);
	CHECK_MEM(got + 12, eth + 12, len - 12);
}

static void test_round_trip_group(void)
{
	static const uint8_t arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};
	static const uint8_t ip6[40] = {0x60};
	struct data_group g;
	struct data_sta s;
	uint8_t eth[DT_BUF];

	data_group_init(&g, true);
	CHECK_EQ_INT(data_group_set_gtk(&g, dt_gtk, 2), DATA_KEY_INSTALLED);
	dt_sta_ready(&s, true);
	group_round_trip(
		&g, &s, eth,
		dt_eth_frame(eth, dt_bcast, dt_host, 0x0806, arp, sizeof(arp)));
	group_round_trip(&g, &s, eth,
			 dt_eth_frame(eth, dt_v6_mcast, dt_host, 0x86dd, ip6,
				      sizeof(ip6)));
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
	uint8_t eth[64], msdu[20], out[DT_BUF], vtk[16], da[6], vbssid[6],
		sa[6];
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
	CHECK_EQ_INT(data_tx_unicast(dt_ws, &s, vbssid, eth,
				     dt_eth_frame(eth, da, sa, 20, msdu, 20),
				     out, out + sizeof(out), &ti),
		     DATA_TX_OK);
	CHECK_EQ_INT(ti.len, 60);
	CHECK_HEX(out, want);
	CHECK(ti.pn == 0xb5039776e70cull && s.tx_pn == ti.pn);
	CHECK(ti.seq == 0x338 && s.tx_seq[DATA_SLOT_NONQOS] == 0x339);
	CHECK(ti.protected && ti.ac == DATA_AC_BE && ti.tid == -1);
	data_sta_wipe(&s);
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
	uint8_t eth[64] = {0}, mpdu[DT_BUF];
	struct data_tx_info ti;
	struct data_sta s;

	dt_sta_ready(&s, true);
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(cases); i++) {
		uint8_t pay[20] = {cases[i].b0, cases[i].b1};
		size_t n = dt_eth_frame(eth, dt_sta_mac, dt_host, cases[i].type,
					pay, 20);

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

/* An IPv4 packet of TOS tos from the dt_host to s, into mpdu (DT_BUF). */
static enum data_tx_verdict tx_ip4(struct data_sta *s, uint8_t tos,
				   uint8_t *mpdu, struct data_tx_info *ti)
{
	uint8_t eth[64], ip[20] = {0x45, tos};
	size_t n = dt_eth_frame(eth, s->addr, dt_host, 0x0800, ip, 20);

	return data_tx_unicast(dt_ws, s, dt_bssid, eth, n, mpdu, mpdu + DT_BUF,
			       ti);
}

static uint16_t send_seq(struct data_sta *s, uint8_t tos)
{
	uint8_t mpdu[DT_BUF];
	struct data_tx_info ti;

	CHECK_EQ_INT(tx_ip4(s, tos, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(get_le16(mpdu + 22) >> 4, ti.seq);
	return ti.seq;
}

static void test_seq_per_tid(void)
{
	struct data_sta s;

	dt_sta_ready(&s, true);
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
	uint8_t mpdu[DT_BUF];
	struct data_tx_info ti;
	struct data_sta s;
	uint64_t last = 0;

	dt_sta_ready(&s, false);
	for (int i = 0; i < 5; i++) {
		CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_OK);
		CHECK(ti.pn > last && ti.pn == s.tx_pn);
		last = ti.pn;
	}
	CHECK_EQ_INT(last, 5);
	CHECK_EQ_INT(data_sta_set_tk(&s, dt_tk), DATA_KEY_SAME);
	CHECK_EQ_INT(s.tx_pn, 5); /* a reinstalled key keeps its PN */
	s.tx_pn = DATA_PN_MAX - 1;
	CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_OK);
	CHECK(ti.pn == DATA_PN_MAX);
	CHECK_HEX(mpdu + 24, "ffff0020ffffffff");
	CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_PN_EXHAUSTED);
	CHECK_EQ_INT(s.tx_seq[DATA_SLOT_NONQOS], 6); /* not consumed */
	CHECK(s.tx_pn == DATA_PN_MAX);
	CHECK_EQ_INT(data_sta_set_tk(&s, dt_gtk), DATA_KEY_INSTALLED);
	CHECK_EQ_INT(tx_ip4(&s, 0, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(ti.pn, 1);
	data_sta_wipe(&s);
}

static enum data_tx_verdict tx_group(struct data_group *g, const uint8_t *eth,
				     size_t n, uint8_t *mpdu,
				     struct data_tx_info *ti)
{
	return data_tx_group(dt_ws, g, dt_bssid, eth, n, mpdu, mpdu + DT_BUF,
			     ti);
}

static void test_group_pn_and_keys(void)
{
	uint8_t eth[64], mpdu[DT_BUF], pay[8] = {0};
	struct data_tx_info ti;
	struct data_group g;
	size_t n = dt_eth_frame(eth, dt_bcast, dt_host, 0x0800, pay, 8);

	data_group_init(&g, true);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_NO_KEY);
	CHECK_EQ_INT(data_group_set_gtk(&g, dt_gtk, 0), DATA_KEY_BAD_KEY_ID);
	CHECK_EQ_INT(data_group_set_gtk(&g, dt_gtk, 4), DATA_KEY_BAD_KEY_ID);
	CHECK_EQ_INT(data_group_set_gtk(&g, dt_gtk, 1), DATA_KEY_INSTALLED);
	g.tx_pn = DATA_PN_MAX - 1;
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_PN_EXHAUSTED);
	CHECK_EQ_INT(data_group_set_gtk(&g, dt_gtk, 1), DATA_KEY_SAME);
	CHECK(g.tx_pn == DATA_PN_MAX);
	CHECK_EQ_INT(data_group_set_gtk(&g, dt_gtk, 2), DATA_KEY_INSTALLED);
	CHECK_EQ_INT(g.tx_pn, 0);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK(ti.pn == 1 && mpdu[27] == (2 << 6 | 0x20));
	data_group_init(&g, false); /* open BSS: in the clear */
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK(!ti.protected && ti.len == 24 + 8 + 8);
}

static enum data_tx_verdict tx_len(struct data_sta *s, uint16_t type,
				   size_t pay_len, size_t frame_len,
				   size_t room, struct data_tx_info *ti)
{
	static const uint8_t zeros[DT_BUF];
	static uint8_t eth[DT_BUF], mpdu[DT_BUF];

	dt_eth_frame(eth, dt_sta_mac, dt_host, type, zeros, pay_len);
	return data_tx_unicast(dt_ws, s, dt_bssid, eth,
			       frame_len ? frame_len : 14 + pay_len, mpdu,
			       mpdu + room, ti);
}

static void test_tx_refusals(void)
{
	struct data_tx_info ti;
	struct data_sta s;

	dt_sta_ready(&s, true);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 0, 13, DT_BUF, &ti), DATA_TX_TRUNCATED);
	CHECK_EQ_INT(tx_len(&s, 100, 20, 0, DT_BUF, &ti), DATA_TX_BAD_LENGTH);
	CHECK_EQ_INT(tx_len(&s, 0x5ff, 1600, 0, DT_BUF, &ti),
		     DATA_TX_BAD_LENGTH);
	CHECK_EQ_INT(tx_len(&s, 0x600, 20, 0, DT_BUF, &ti), DATA_TX_OK);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 2297, 0, DT_BUF, &ti),
		     DATA_TX_TOO_LONG);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 2296, 0, DATA_TX_MPDU_MAX - 1, &ti),
		     DATA_TX_NO_ROOM);
	CHECK_EQ_INT(s.tx_pn, 1); /* nothing consumed */
	CHECK_EQ_INT(s.tx_seq[0], 1);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 2296, 0, DATA_TX_MPDU_MAX, &ti),
		     DATA_TX_OK);
	CHECK_EQ_INT(ti.len, DATA_TX_MPDU_MAX);
	s.authorized = false;
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, DT_BUF, &ti),
		     DATA_TX_UNAUTHORIZED);
	CHECK_EQ_INT(tx_len(&s, 0x888e, 20, 0, DT_BUF, &ti), DATA_TX_OK);
	CHECK(ti.eapol && ti.protected); /* under the TK once it is set */
	data_sta_init(&s, dt_sta_mac, true, false);
	CHECK_EQ_INT(tx_len(&s, 0x888e, 20, 0, DT_BUF, &ti), DATA_TX_OK);
	CHECK(ti.eapol && !ti.protected && ti.len == 24 + 8 + 20);
	s.authorized = true; /* a core bug: open port, no TK */
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, DT_BUF, &ti), DATA_TX_NO_KEY);
	data_sta_init(&s, dt_sta_mac, false, false);
	s.authorized = true;
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, 24 + 8 + 19, &ti),
		     DATA_TX_NO_ROOM);
	CHECK_EQ_INT(tx_len(&s, 0x0800, 20, 0, 24 + 8 + 20, &ti), DATA_TX_OK);
	CHECK_EQ_INT(s.tx_seq[DATA_SLOT_NONQOS], 1);
}

static void test_tx_wrong_dest(void)
{
	uint8_t eth[64], mpdu[DT_BUF];
	struct data_tx_info ti;
	struct data_group g;
	struct data_sta s;
	size_t n;

	dt_sta_ready(&s, false);
	data_group_init(&g, false);
	n = dt_eth_frame(eth, dt_host, dt_bssid, 0x0800, dt_ip4, 20);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_WRONG_STA);
	CHECK_EQ_INT(tx_group(&g, eth, n, mpdu, &ti), DATA_TX_NOT_GROUP);
	n = dt_eth_frame(eth, dt_bcast, dt_bssid, 0x0800, dt_ip4, 20);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_WRONG_STA);
	n = dt_eth_frame(eth, dt_sta_mac, dt_bssid, 0x0800, dt_ip4, 20);
	CHECK_EQ_INT(data_tx_unicast(NULL, &s, dt_bssid, eth, n, mpdu,
				     mpdu + DT_BUF, &ti),
		     DATA_TX_CRYPTO_FAILED);
	CHECK(s.tx_pn == 0 && s.tx_seq[DATA_SLOT_NONQOS] == 0);
}

static void test_retry_and_more_data(void)
{
	uint8_t eth[64], mpdu[DT_BUF], plain[DT_BUF];
	struct data_tx_info ti;
	struct data_sta s;
	size_t n, plen;
	uint64_t pn;

	dt_sta_ready(&s, true);
	n = dt_eth_frame(eth, dt_sta_mac, dt_host, 0x0800, dt_ip4, 20);
	CHECK_EQ_INT(tx_uni(&s, eth, n, mpdu, &ti), DATA_TX_OK);
	CHECK(data_tx_set_retry(mpdu, ti.len));
	CHECK(data_tx_set_more_data(mpdu, ti.len, true));
	CHECK_EQ_INT(mpdu[1], WLAN_FC_FROMDS | WLAN_FC_PROTECTED |
				      WLAN_FC_RETRY | WLAN_FC_MOREDATA);
	/* both bits are outside the AAD: the resent frame still decrypts */
	CHECK(crypto_ccmp_decrypt(dt_ws, dt_tk, mpdu, ti.len, plain, &plen,
				  &pn) == 0);
	CHECK_EQ_INT(pn, ti.pn);
	CHECK(data_tx_set_more_data(mpdu, ti.len, false));
	CHECK_EQ_INT(mpdu[1] & WLAN_FC_MOREDATA, 0);
	CHECK(!data_tx_set_retry(mpdu, 23));
	CHECK(!data_tx_set_more_data(mpdu, 23, true));
}

static void test_dest(void)
{
	uint8_t eth[64];

	dt_eth_frame(eth, dt_bssid, dt_sta_mac, 0x0800, dt_ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, dt_bssid), DATA_DEST_LOCAL);
	dt_eth_frame(eth, dt_host, dt_sta_mac, 0x0800, dt_ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, dt_bssid), DATA_DEST_UNICAST);
	dt_eth_frame(eth, dt_bcast, dt_sta_mac, 0x0800, dt_ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, dt_bssid), DATA_DEST_GROUP);
	dt_eth_frame(eth, dt_v6_mcast, dt_sta_mac, 0x86dd, dt_ip4, 20);
	CHECK_EQ_INT(data_dest_of(eth, 34, dt_bssid), DATA_DEST_GROUP);
	CHECK_EQ_INT(data_dest_of(eth, 5, dt_bssid), DATA_DEST_LOCAL);
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

int main(void)
{
	check_begin("test_data_tx");
	if (crypto_init() || !(dt_ws = crypto_ws_new())) {
		fprintf(stderr, "crypto_init failed\n");
		return 1;
	}
	RUN(test_round_trip_unicast);
	RUN(test_tx_encapsulation);
	RUN(test_round_trip_group);
	RUN(test_tx_ccmp_vector);
	RUN(test_priority);
	RUN(test_seq_per_tid);
	RUN(test_pn);
	RUN(test_group_pn_and_keys);
	RUN(test_tx_refusals);
	RUN(test_tx_wrong_dest);
	RUN(test_retry_and_more_data);
	RUN(test_dest);
	RUN(test_names);
	crypto_ws_free(dt_ws);
	crypto_cleanup();
	return check_end();
}
