/*
 * test_data_rx.c - the monitor-only data plane (mlme/data*.c), frames
 * from stations: what data_rx() reports of a frame, duplicate and replay
 * detection per TID, CCMP failures, the port rules (EAPOL before the
 * keys, unprotected and unauthorized data), every header refusal, Null
 * frames and LLC variants, and the CCMP data frame of zn2i.pcap
 * (skipped when the captures are absent).
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
	data_sta_init(&s, dt_sta_mac, false, true);
	s.authorized = true;
	CHECK_EQ_INT(
		data_rx(dt_ws, &s, dt_bssid, frame, n, out, sizeof(out), &ri),
		DATA_RX_OK);
	CHECK_EQ_INT(ri.eth_len, 18);
	CHECK_HEX(out, "020000000003 020000000002 0800 45a00014");
	CHECK(ri.tid == 5 && ri.seq == 21 && !ri.protected && !ri.pm);
}

static enum data_rx_verdict rx(struct data_sta *s, const uint8_t *f, size_t n,
			       struct data_rx_info *ri)
{
	uint8_t out[DT_BUF];

	return data_rx(dt_ws, s, dt_bssid, f, n, out, sizeof(out), ri);
}

static void test_duplicate(void)
{
	uint8_t f[DT_BUF];
	struct data_rx_info ri;
	size_t n;
	struct data_sta s;

	data_sta_init(&s, dt_sta_mac, false, true);
	s.authorized = true;
	n = dt_sta_ip4(f, 10, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
	CHECK(ri.retry && ri.seq == 10 && ri.tid == 0);
	f[1] &= (uint8_t)~WLAN_FC_RETRY; /* no Retry: a new MSDU */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	n = dt_sta_ip4(f, 10, 3, NULL, 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK); /* TID 3: its own */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
	n = dt_sta_ip4(f, 10, -1, NULL, 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK); /* non-QoS: its own */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
	n = dt_sta_ip4(f, 11, -1, NULL, 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	/* protected: a retry is a duplicate before it could be a replay */
	dt_sta_ready(&s, true);
	n = dt_sta_ip4(f, 12, 1, dt_tk, 1);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	CHECK(data_tx_set_retry(f, n));
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DUPLICATE);
}

static enum data_rx_verdict rx_pn(struct data_sta *s, uint16_t seq, int tid,
				  uint64_t pn)
{
	uint8_t f[DT_BUF];
	size_t n = dt_sta_ip4(f, seq, tid, dt_tk, pn);
	struct data_rx_info ri;
	enum data_rx_verdict v = rx(s, f, n, &ri);

	CHECK_EQ_INT(ri.pn, pn);
	CHECK(ri.protected);
	return v;
}

static void test_replay_per_tid(void)
{
	struct data_sta s;

	dt_sta_ready(&s, true);
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
	CHECK_EQ_INT(data_sta_set_tk(&s, dt_tk), DATA_KEY_SAME);
	CHECK_EQ_INT(rx_pn(&s, 7, 5, 6), DATA_RX_REPLAY); /* counters kept */
	s.tk[0] ^= 1;
	CHECK_EQ_INT(data_sta_set_tk(&s, dt_tk), DATA_KEY_INSTALLED);
	CHECK_EQ_INT(rx_pn(&s, 7, 5, 1), DATA_RX_OK); /* a new key: afresh */
}

static void test_decrypt_failure(void)
{
	static const size_t flips[] = {16, 24, 24 + 8 + 3, 0};
	uint8_t f[DT_BUF], bad[DT_BUF], other[16] = {0};
	size_t n;
	struct data_rx_info ri;
	struct data_sta s;

	dt_sta_ready(&s, false);
	n = dt_sta_ip4(f, 20, -1, dt_tk, 7);
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
	CHECK_EQ_INT(data_rx(NULL, &s, dt_bssid, f, n, bad, sizeof(bad), &ri),
		     DATA_RX_DECRYPT_FAILED);
	CHECK_EQ_INT(data_rx(dt_ws, &s, dt_bssid, f, n, bad, n - 17, &ri),
		     DATA_RX_NO_ROOM);
	data_sta_set_tk(&s, other);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_DECRYPT_FAILED);
	data_sta_set_tk(&s, dt_tk);
	/* none of that moved the duplicate cache or the replay counter */
	CHECK(s.rx_seq_valid == 0 && s.rx_pn[0] == 0);
	f[1] |= WLAN_FC_RETRY;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
	CHECK_EQ_INT(s.rx_pn[0], 7);
}

static void test_port_rules(void)
{
	static const uint8_t eapol[8] = {2, 3, 0, 4, 1, 2, 3, 4};
	uint8_t ebody[64], f[DT_BUF], out[DT_BUF];
	size_t en = dt_snap_body(ebody, 0x888e, eapol, 8), n;
	struct data_rx_info ri;
	struct data_sta s;

	dt_sta_ready(&s, true);
	n = dt_sta_ip4(f, 1, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNPROTECTED);
	n = dt_sta_frame(f, dt_bssid, 2, 0, ebody, en, NULL, 0);
	CHECK_EQ_INT(data_rx(dt_ws, &s, dt_bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_EAPOL);
	CHECK(!ri.protected && ri.eth_len == 14 + 8);
	CHECK_HEX(out, "020000000001 020000000002 888e 0203000401020304");
	n = dt_sta_frame(f, dt_bssid, 3, 0, ebody, en, dt_tk, 1);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_EAPOL);
	CHECK(ri.protected);
	s.authorized = false;
	n = dt_sta_ip4(f, 4, 0, dt_tk, 2);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNAUTHORIZED);
	n = dt_sta_ip4(f, 5, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNAUTHORIZED);
	data_sta_init(&s, dt_sta_mac, true, true); /* before the 4-way */
	n = dt_sta_frame(f, dt_bssid, 6, 0, ebody, en, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_EAPOL);
	n = dt_sta_ip4(f, 7, 0, dt_tk, 3);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NO_KEY);
	data_sta_init(&s, dt_sta_mac, false, true); /* open BSS */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NO_KEY);
	n = dt_sta_ip4(f, 8, 0, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_UNAUTHORIZED);
	s.authorized = true;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OK);
}

static void test_rx_header_refusals(void)
{
	uint8_t f[DT_BUF], mgmt[64];
	struct data_rx_info ri;
	struct data_sta s;
	size_t n;

	data_sta_init(&s, dt_sta_mac, false, true);
	s.authorized = true;
	n = (size_t)(wlan_put_mgmt_hdr(mgmt, mgmt + 64, WLAN_STYPE_AUTH,
				       dt_bssid, dt_sta_mac, dt_bssid, 0) -
		     mgmt);
	CHECK_EQ_INT(rx(&s, mgmt, n, &ri), DATA_RX_NOT_DATA);
	CHECK_EQ_INT(rx(&s, mgmt, 0, &ri), DATA_RX_NOT_DATA);
	n = dt_sta_frame(f, dt_host, 1, 0, dt_ip4, 20, NULL, 0);
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
	uint8_t f[DT_BUF], out[DT_BUF], big[1501] = {0x42, 0x42, 0x03};
	struct data_rx_info ri;
	struct data_sta s;
	size_t n;

	data_sta_init(&s, dt_sta_mac, true, true); /* even unauthorized */
	n = dt_sta_frame(f, dt_host, 1, -1, NULL, 0, NULL, 0);
	f[0] = 0x48; /* Null */
	f[1] |= WLAN_FC_PWRMGT;
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NULL);
	CHECK(ri.pm && ri.null_func && ri.tid == -1);
	n = dt_sta_frame(f, dt_host, 1, 6, NULL, 0, NULL, 0);
	f[0] = 0xc8; /* QoS Null */
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_NULL);
	CHECK(!ri.pm && ri.null_func && ri.tid == 6);
	s.rsn = false;
	s.authorized = true;
	n = dt_sta_frame(f, dt_host, 2, 0, big, 1501, NULL, 0);
	CHECK_EQ_INT(rx(&s, f, n, &ri), DATA_RX_OVERSIZE);
	n = dt_sta_frame(f, dt_host, 3, 0, big, 1500, NULL, 0);
	CHECK_EQ_INT(data_rx(dt_ws, &s, dt_bssid, f, n, out, 1514, &ri),
		     DATA_RX_OK);
	CHECK(ri.eth_len == 1514 && get_be16(out + 12) == 1500);
	CHECK_MEM(out + 14, big, 1500);
	n = dt_sta_frame(f, dt_host, 4, 0, big, 20, NULL, 0);
	CHECK_EQ_INT(data_rx(dt_ws, &s, dt_bssid, f, n, out, 33, &ri),
		     DATA_RX_NO_ROOM);
	n = dt_sta_frame(f, dt_host, 5, 0, snap_short, 10, NULL, 0);
	CHECK_EQ_INT(data_rx(dt_ws, &s, dt_bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_OK); /* SNAP of no EtherType: kept */
	CHECK(ri.eth_len == 24 && get_be16(out + 12) == 10);
	n = dt_sta_frame(f, dt_host, 6, 0, snap_aarp, 10, NULL, 0);
	CHECK_EQ_INT(data_rx(dt_ws, &s, dt_bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_OK); /* RFC 1042 + AARP: kept (802.1H) */
	CHECK(ri.eth_len == 24 && get_be16(out + 12) == 10);
	n = dt_sta_frame(f, dt_host, 7, 0, NULL, 0, NULL, 0);
	CHECK_EQ_INT(data_rx(dt_ws, &s, dt_bssid, f, n, out, sizeof(out), &ri),
		     DATA_RX_OK);
	CHECK(ri.eth_len == 14 && get_be16(out + 12) == 0);
}

/* zn2i.pcap frame 12: QoS Data, To DS, CCMP PN 1, from the station to the
 * AP: an ARP request. Frame 2 is addressed to another receiver. */
static void test_capture_zn2i(void)
{
	uint8_t ap[6], sta[6], ztk[16], out[DT_BUF];
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
		CHECK_EQ_INT(data_rx(dt_ws, &s, ap, c.frame[12], c.len[12], out,
				     sizeof(out), &ri),
			     DATA_RX_OK);
		CHECK(ri.protected && ri.pn == 1 && ri.tid == 6);
		CHECK_EQ_INT(ri.eth_len, 14 + 28);
		CHECK_MEM(out, c.frame[12] + 16, 6); /* DA = A3 */
		CHECK_MEM(out + 6, sta, 6);
		CHECK_HEX(out + 12, "0806 0001 0800 06 04 0001"); /* request */
		CHECK_MEM(out + 22, sta, 6); /* sender hardware address */
		CHECK_EQ_INT(data_rx(dt_ws, &s, ap, c.frame[12], c.len[12], out,
				     sizeof(out), &ri),
			     DATA_RX_REPLAY);
		CHECK_EQ_INT(data_rx(dt_ws, &s, ap, c.frame[2], c.len[2], out,
				     sizeof(out), &ri),
			     DATA_RX_NOT_OUR_BSS);
	}
	data_sta_wipe(&s);
	wt_free_capture(&c);
}

int main(void)
{
	check_begin("test_data_rx");
	if (crypto_init() || !(dt_ws = crypto_ws_new())) {
		fprintf(stderr, "crypto_init failed\n");
		return 1;
	}
	RUN(test_rx_annotated);
	RUN(test_duplicate);
	RUN(test_replay_per_tid);
	RUN(test_decrypt_failure);
	RUN(test_port_rules);
	RUN(test_rx_header_refusals);
	RUN(test_rx_null_and_llc);
	RUN(test_capture_zn2i);
	crypto_ws_free(dt_ws);
	crypto_cleanup();
	return check_end();
}
