/*
 * test_frame.c - unit tests of the frame codec (frame.c) on frames built
 * here: MAC headers of every type (address fields, Sequence/QoS/HT
 * Control, every too-short prefix), management bodies and their builders
 * (exact bytes, round trips, bounds, NULL chains), data header builders,
 * and the subtype/status/reason names. Real captures are exercised by
 * test_frame_captures.c and test_frame_sweep.c.
 */
#include "check.h"
#include "wlan_testutil.h"

#include <rapd/bytes.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>

static const uint8_t ap[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t sta[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Every prefix shorter than the header is TRUNCATED. */
static void check_prefixes_truncated(const uint8_t *buf, size_t hdr_len)
{
	struct wlan_hdr h;
	size_t n;

	for (n = 0; n < hdr_len; n++)
		CHECK_EQ_INT(wlan_parse_hdr(buf, n, &h), WLAN_HDR_TRUNCATED);
}

static void hdr_management(void)
{
	uint8_t buf[64], *p;
	struct wlan_hdr h;

	p = wlan_put_mgmt_hdr(buf, buf + sizeof(buf), WLAN_STYPE_BEACON, bcast,
			      ap, ap, 113);
	CHECK(p == buf + 24);
	CHECK_MEM(buf, "\x80\x00\x00\x00", 4);
	CHECK_MEM(buf + 22, "\x10\x07", 2);
	h = wt_parse_ok(buf, 30);
	CHECK_EQ_INT(h.type, WLAN_FC_TYPE_MGMT);
	CHECK_EQ_INT(h.subtype, WLAN_STYPE_BEACON);
	CHECK(h.addr1 == buf + 4 && h.addr2 == buf + 10 && h.addr3 == buf + 16);
	CHECK(h.addr4 == NULL);
	CHECK(h.has_seq && !h.has_qos && !h.has_htc);
	CHECK_EQ_INT(h.seq, 113);
	CHECK_EQ_INT(h.frag, 0);
	CHECK_EQ_INT(h.hdr_len, 24);
	CHECK(h.body == buf + 24);
	CHECK_EQ_INT(h.body_len, 6);
	CHECK(wlan_hdr_bssid(&h) == h.addr3);
	CHECK(wlan_hdr_sa(&h) == h.addr2 && wlan_hdr_da(&h) == h.addr1);
	check_prefixes_truncated(buf, 24);
	/* Sequence Control: 4095 / 15; +HTC adds HT Control to mgmt. */
	buf[1] = WLAN_FC_ORDER | WLAN_FC_PROTECTED;
	buf[22] = 0xff;
	buf[23] = 0xff;
	put_le32(buf + 24, 0x11223344);
	h = wt_parse_ok(buf, 28);
	CHECK_EQ_INT(h.seq, 4095);
	CHECK_EQ_INT(h.frag, 15);
	CHECK(h.has_htc);
	CHECK_EQ_INT(h.ht_ctl, 0x11223344);
	CHECK_EQ_INT(h.hdr_len, 28);
	CHECK_EQ_INT(h.flags, WLAN_FC_ORDER | WLAN_FC_PROTECTED);
	CHECK_EQ_INT(wlan_parse_hdr(buf, 27, &h), WLAN_HDR_TRUNCATED);
	CHECK(!wlan_put_mgmt_hdr(buf, buf + 23, WLAN_STYPE_AUTH, sta, ap, ap,
				 0));
}

static void hdr_data_frames(void)
{
	uint8_t buf[64] = {0};
	struct wlan_hdr h;

	/* QoS Data, ToDS|FromDS (4 addresses), +HTC: 24 + 6 + 2 + 4. */
	buf[0] = 0x88;
	buf[1] = WLAN_FC_TODS | WLAN_FC_FROMDS | WLAN_FC_ORDER;
	buf[30] = 0x05; /* QoS Control: TID 5 */
	h = wt_parse_ok(buf, 40);
	CHECK(h.addr4 == buf + 24);
	CHECK(h.has_qos && h.has_htc);
	CHECK_EQ_INT(WLAN_QOS_TID(h.qos_ctl), 5);
	CHECK_EQ_INT(h.hdr_len, 36);
	CHECK(wlan_hdr_bssid(&h) == NULL);
	CHECK(wlan_hdr_sa(&h) == h.addr4 && wlan_hdr_da(&h) == h.addr3);
	check_prefixes_truncated(buf, 36);
	/* Plain Data with Order: strictly ordered, no HT Control. */
	buf[0] = 0x08;
	buf[1] = WLAN_FC_FROMDS | WLAN_FC_ORDER;
	h = wt_parse_ok(buf, 24);
	CHECK(!h.has_qos && !h.has_htc && !h.addr4);
	CHECK_EQ_INT(h.hdr_len, 24);
	CHECK(wlan_hdr_bssid(&h) == h.addr2);
	CHECK(wlan_hdr_sa(&h) == h.addr3 && wlan_hdr_da(&h) == h.addr1);
	buf[1] = WLAN_FC_TODS;
	h = wt_parse_ok(buf, 24);
	CHECK(wlan_hdr_bssid(&h) == h.addr1);
	CHECK(wlan_hdr_sa(&h) == h.addr2 && wlan_hdr_da(&h) == h.addr3);
	/* QoS Null, no DS bits. */
	buf[0] = 0xc8;
	buf[1] = 0;
	h = wt_parse_ok(buf, 26);
	CHECK_EQ_INT(h.subtype, WLAN_STYPE_QOS_NULL);
	CHECK_EQ_INT(h.hdr_len, 26);
	CHECK_EQ_INT(h.body_len, 0);
	CHECK(wlan_hdr_bssid(&h) == h.addr3);
	CHECK_EQ_INT(wlan_parse_hdr(buf, 25, &h), WLAN_HDR_TRUNCATED);
}

static void hdr_control_frames(void)
{
	static const struct {
		uint8_t fc0;
		size_t len;
		bool ta;
	} cases[] = {
		{0xd4, 10, false}, /* Ack */
		{0xc4, 10, false}, /* CTS */
		{0x74, 10, false}, /* Control Wrapper */
		{0xb4, 16, true},  /* RTS */
		{0xa4, 16, true},  /* PS-Poll */
		{0x94, 16, true},  /* Block Ack */
		{0x84, 16, true},  /* Block Ack Request */
		{0x24, 16, true},  /* Trigger */
		{0x54, 16, true},  /* NDP Announcement */
	};
	uint8_t buf[32] = {0};
	struct wlan_hdr h;
	unsigned i;

	for (i = 0; i < RAPD_ARRAY_SIZE(cases); i++) {
		buf[0] = cases[i].fc0;
		h = wt_parse_ok(buf, 32);
		CHECK_EQ_INT(h.type, WLAN_FC_TYPE_CTRL);
		CHECK_EQ_INT(h.hdr_len, cases[i].len);
		CHECK(h.addr1 == buf + 4);
		CHECK((h.addr2 != NULL) == cases[i].ta);
		CHECK(!h.addr3 && !h.has_seq);
		CHECK_EQ_INT(h.body_len, 32 - cases[i].len);
		CHECK(!wlan_hdr_sa(&h) && !wlan_hdr_da(&h));
		check_prefixes_truncated(buf, cases[i].len);
	}
	buf[0] = 0xa4;
	h = wt_parse_ok(buf, 16);
	CHECK(wlan_hdr_bssid(&h) == h.addr1);
	buf[0] = 0x04;
	CHECK_EQ_INT(wlan_parse_hdr(buf, 32, &h), WLAN_HDR_RESERVED_SUBTYPE);
	buf[0] = 0x14;
	CHECK_EQ_INT(wlan_parse_hdr(buf, 32, &h), WLAN_HDR_RESERVED_SUBTYPE);
	buf[0] = 0x0c; /* type 3: DMG Beacon */
	CHECK_EQ_INT(wlan_parse_hdr(buf, 32, &h), WLAN_HDR_EXTENSION_TYPE);
	buf[0] = 0x81; /* protocol version 1 */
	CHECK_EQ_INT(wlan_parse_hdr(buf, 32, &h), WLAN_HDR_BAD_VERSION);
	CHECK(strcmp(wlan_hdr_verdict_name(WLAN_HDR_BAD_VERSION), "?") != 0);
}

static void names(void)
{
	unsigned t, s;

	CHECK(!strcmp(wlan_subtype_name(0, 8), "Beacon frame"));
	CHECK(!strcmp(wlan_subtype_name(0, 4), "Probe Request"));
	CHECK(!strcmp(wlan_subtype_name(0, 11), "Authentication"));
	CHECK(!strcmp(wlan_subtype_name(0, 10), "Disassociate"));
	CHECK(!strcmp(wlan_subtype_name(2, 8), "QoS Data"));
	CHECK(!strcmp(wlan_subtype_name(1, 13), "Acknowledgement"));
	CHECK(!strcmp(wlan_subtype_name(1, 11), "Request-to-send"));
	CHECK(!strcmp(wlan_subtype_name(1, 9), "802.11 Block Ack"));
	CHECK(!strcmp(wlan_subtype_name(1, 0), "Reserved"));
	CHECK(!strcmp(wlan_subtype_name(4, 0), "Reserved"));
	for (t = 0; t < 4; t++)
		for (s = 0; s < 16; s++)
			CHECK(wlan_subtype_name(t, s) != NULL);
	CHECK(!strcmp(wlan_status_name(0), "success"));
	CHECK(!strcmp(wlan_status_name(43), "invalid AKMP"));
	CHECK(!strcmp(wlan_status_name(4), "Reserved"));
	CHECK(!strcmp(wlan_status_name(65535), "Reserved"));
	CHECK(!strcmp(wlan_reason_name(15), "4-way handshake timeout"));
	CHECK(!strcmp(wlan_reason_name(0), "Reserved"));
	CHECK(!strcmp(wlan_reason_name(1000), "Reserved"));
}

/* Header + body built by the caller, parsed back as management. */
static struct wlan_mgmt mgmt_of(uint8_t *buf, uint8_t *end)
{
	struct wlan_hdr h = wt_parse_ok(buf, end ? (size_t)(end - buf) : 0);
	struct wlan_mgmt m;

	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	return m;
}

static uint8_t *hdr(uint8_t *buf, uint8_t *end, uint8_t stype)
{
	return wlan_put_mgmt_hdr(buf, end, stype, sta, ap, ap, 7);
}

static void mgmt_round_trips(void)
{
	uint8_t buf[128], *end = buf + sizeof(buf), *p;
	struct wlan_mgmt m;

	p = wlan_put_auth(hdr(buf, end, WLAN_STYPE_AUTH), end, WLAN_AUTH_OPEN,
			  2, WLAN_STATUS_SUCCESS);
	CHECK(p == buf + 30);
	/* The frame annotated at the top of frame.c. */
	CHECK_MEM(buf,
		  "\xb0\x00\x00\x00\x02\x00\x00\x00\x00\x02"
		  "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x01"
		  "\x70\x00\x00\x00\x02\x00\x00\x00",
		  30);
	m = mgmt_of(buf, p);
	CHECK_EQ_INT(m.u.auth.alg, WLAN_AUTH_OPEN);
	CHECK_EQ_INT(m.u.auth.trans_seq, 2);
	CHECK_EQ_INT(m.ies_len, 0);
	p = wlan_put_assoc_resp(hdr(buf, end, WLAN_STYPE_REASSOC_RESP), end,
				0x0431, WLAN_STATUS_SUCCESS, 2007);
	CHECK_MEM(buf + 24, "\x31\x04\x00\x00\xd7\xc7", 6);
	m = mgmt_of(buf, p);
	CHECK_EQ_INT(m.u.assoc_resp.aid, 2007);
	CHECK_EQ_INT(m.u.assoc_resp.capab, 0x0431);
	CHECK(!wlan_put_assoc_resp(buf, end, 0, 0, 2008));
	p = wlan_put_reassoc_req(hdr(buf, end, WLAN_STYPE_REASSOC_REQ), end,
				 0x0431, 10, ap);
	p = ie_put_ssid(p, end, (const uint8_t *)"dlink", 5);
	m = mgmt_of(buf, p);
	CHECK_EQ_INT(m.u.assoc_req.listen_int, 10);
	CHECK(m.u.assoc_req.current_ap &&
	      mac_equal(m.u.assoc_req.current_ap, ap));
	CHECK_EQ_INT(m.ies_len, 7);
	p = wlan_put_assoc_req(hdr(buf, end, WLAN_STYPE_ASSOC_REQ), end, 0x11,
			       20);
	m = mgmt_of(buf, p);
	CHECK_EQ_INT(m.u.assoc_req.capab, 0x11);
	CHECK(m.u.assoc_req.current_ap == NULL);
	p = wlan_put_deauth(hdr(buf, end, WLAN_STYPE_DEAUTH), end,
			    WLAN_REASON_4WAY_HANDSHAKE_TIMEOUT);
	CHECK_MEM(buf + 24, "\x0f\x00", 2);
	m = mgmt_of(buf, p);
	CHECK_EQ_INT(m.u.reason, 15);
	p = wlan_put_disassoc(hdr(buf, end, WLAN_STYPE_DISASSOC), end, 8);
	m = mgmt_of(buf, p);
	CHECK_EQ_INT(m.u.reason, 8);
	p = wlan_put_beacon_fixed(hdr(buf, end, WLAN_STYPE_PROBE_RESP), end,
				  0x0102030405060708ull, 100, 0x0411);
	CHECK_MEM(buf + 24, "\x08\x07\x06\x05\x04\x03\x02\x01\x64\x00\x11\x04",
		  12);
	p = ie_put_ds(p, end, 6);
	m = mgmt_of(buf, p);
	CHECK(m.u.beacon.timestamp == 0x0102030405060708ull);
	CHECK_EQ_INT(m.u.beacon.beacon_int, 100);
	CHECK_EQ_INT(m.u.beacon.capab, 0x0411);
	CHECK(m.ies == buf + 36 && m.ies_len == 3);
	p = ie_put_ssid(hdr(buf, end, WLAN_STYPE_PROBE_REQ), end, NULL, 0);
	m = mgmt_of(buf, p);
	CHECK(m.ies == buf + 24 && m.ies_len == 2);
}

static void mgmt_action_and_rejects(void)
{
	static const struct {
		uint8_t stype;
		size_t fixed;
	} fixed[] = {
		{WLAN_STYPE_ASSOC_REQ, 4},    {WLAN_STYPE_ASSOC_RESP, 6},
		{WLAN_STYPE_REASSOC_REQ, 10}, {WLAN_STYPE_REASSOC_RESP, 6},
		{WLAN_STYPE_PROBE_RESP, 12},  {WLAN_STYPE_BEACON, 12},
		{WLAN_STYPE_DISASSOC, 2},     {WLAN_STYPE_AUTH, 6},
		{WLAN_STYPE_DEAUTH, 2},	      {WLAN_STYPE_ACTION, 1},
		{WLAN_STYPE_ACTION_NOACK, 1},
	};
	uint8_t buf[64] = {0}, *end = buf + sizeof(buf);
	struct wlan_mgmt m;
	struct wlan_hdr h;
	unsigned i;
	size_t n;

	hdr(buf, end, WLAN_STYPE_ACTION);
	buf[24] = WLAN_ACTION_SA_QUERY;
	buf[25] = 0x01;
	m = mgmt_of(buf, buf + 28);
	CHECK_EQ_INT(m.u.action.category, WLAN_ACTION_SA_QUERY);
	CHECK(m.u.action.data == buf + 25 && m.u.action.len == 3);
	CHECK(m.ies == NULL && m.ies_len == 0);
	for (i = 0; i < RAPD_ARRAY_SIZE(fixed); i++)
		for (n = 0; n < fixed[i].fixed; n++)
			CHECK_EQ_INT(wlan_parse_mgmt_body(fixed[i].stype, buf,
							  n, &m),
				     WLAN_MGMT_TRUNCATED);
	CHECK_EQ_INT(wlan_parse_mgmt_body(WLAN_STYPE_ATIM, buf, 0, &m),
		     WLAN_MGMT_OK);
	CHECK_EQ_INT(wlan_parse_mgmt_body(WLAN_STYPE_PROBE_REQ, NULL, 0, &m),
		     WLAN_MGMT_OK);
	CHECK(m.ies == NULL && m.ies_len == 0);
	CHECK_EQ_INT(wlan_parse_mgmt_body(WLAN_STYPE_TIMING_ADV, buf, 20, &m),
		     WLAN_MGMT_UNKNOWN_SUBTYPE);
	CHECK_EQ_INT(wlan_parse_mgmt_body(15, buf, 20, &m),
		     WLAN_MGMT_UNKNOWN_SUBTYPE);
	buf[1] = WLAN_FC_PROTECTED;
	h = wt_parse_ok(buf, 40);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_PROTECTED);
	buf[0] = 0x08;
	h = wt_parse_ok(buf, 40);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_NOT_MGMT);
	CHECK(strcmp(wlan_mgmt_verdict_name(WLAN_MGMT_PROTECTED), "?") != 0);
}

static void builders_bound_and_chain(void)
{
	uint8_t buf[64] = {0}, *p;

	CHECK(wlan_put_auth(buf, buf + 6, 0, 1, 0) == buf + 6);
	CHECK(!wlan_put_auth(buf, buf + 5, 0, 1, 0));
	CHECK(!wlan_put_beacon_fixed(buf, buf + 11, 0, 100, 0));
	CHECK(!wlan_put_assoc_req(buf, buf + 3, 0, 0));
	CHECK(!wlan_put_reassoc_req(buf, buf + 9, 0, 0, ap));
	CHECK(!wlan_put_assoc_resp(buf, buf + 5, 0, 0, 1));
	CHECK(!wlan_put_deauth(buf, buf + 1, 1));
	CHECK(!wlan_put_disassoc(buf, buf + 1, 1));
	/* A failed step makes the whole chain NULL, nothing crashes. */
	p = wlan_put_mgmt_hdr(buf, buf + 30, WLAN_STYPE_DEAUTH, sta, ap, ap, 1);
	p = wlan_put_beacon_fixed(p, buf + 30, 0, 100, 0);
	p = wlan_put_deauth(p, buf + 30, 1);
	CHECK(p == NULL);
	/* Data headers: QoS with a TID, plain, never 4-address. */
	p = wlan_put_data_hdr(buf, buf + sizeof(buf), WLAN_FC_FROMDS, sta, ap,
			      ap, 5, 6);
	CHECK(p == buf + 26);
	CHECK_MEM(buf, "\x88\x02\x00\x00", 4);
	CHECK_MEM(buf + 24, "\x06\x00", 2);
	p = wlan_put_data_hdr(buf, buf + 24, WLAN_FC_TODS, ap, sta, ap, 5, -1);
	CHECK(p == buf + 24);
	CHECK_MEM(buf, "\x08\x01", 2);
	CHECK(!wlan_put_data_hdr(buf, buf + 64, WLAN_FC_TODS | WLAN_FC_FROMDS,
				 ap, sta, ap, 5, -1));
	CHECK(!wlan_put_data_hdr(buf, buf + 64, 0, ap, sta, ap, 5, 16));
	CHECK(!wlan_put_data_hdr(buf, buf + 25, 0, ap, sta, ap, 5, 0));
}

int main(void)
{
	check_begin("test_frame");
	RUN(hdr_management);
	RUN(hdr_data_frames);
	RUN(hdr_control_frames);
	RUN(names);
	RUN(mgmt_round_trips);
	RUN(mgmt_action_and_rejects);
	RUN(builders_bound_and_chain);
	return check_end();
}
