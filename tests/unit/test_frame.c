/*
 * test_frame.c - unit tests of the frame codec (frame.c) and of the whole
 * parse chain on real captures: MAC headers of every type, management
 * bodies and their builders, names, then every frame of the shared
 * captures (facts cross-checked with tshark 4.0.17), tcpdump's malformed
 * cases, and every truncation of every frame through wlan_parse_hdr,
 * wlan_parse_mgmt, the element iterator and every element parser, each
 * truncation in an exact-size heap buffer so ASan sees any overread.
 * Captures are read in place (check_capture) and SKIPped when absent.
 */
#include "check.h"

#include <rapd/bytes.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>

#include <pcap/pcap.h>

static const uint8_t ap[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t sta[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static struct wlan_hdr parse_ok(const uint8_t *buf, size_t len)
{
	struct wlan_hdr h;

	CHECK_EQ_INT(wlan_parse_hdr(buf, len, &h), WLAN_HDR_OK);
	return h;
}

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
	h = parse_ok(buf, 30);
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
	h = parse_ok(buf, 28);
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
	h = parse_ok(buf, 40);
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
	h = parse_ok(buf, 24);
	CHECK(!h.has_qos && !h.has_htc && !h.addr4);
	CHECK_EQ_INT(h.hdr_len, 24);
	CHECK(wlan_hdr_bssid(&h) == h.addr2);
	CHECK(wlan_hdr_sa(&h) == h.addr3 && wlan_hdr_da(&h) == h.addr1);
	buf[1] = WLAN_FC_TODS;
	h = parse_ok(buf, 24);
	CHECK(wlan_hdr_bssid(&h) == h.addr1);
	CHECK(wlan_hdr_sa(&h) == h.addr2 && wlan_hdr_da(&h) == h.addr3);
	/* QoS Null, no DS bits. */
	buf[0] = 0xc8;
	buf[1] = 0;
	h = parse_ok(buf, 26);
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
		h = parse_ok(buf, 32);
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
	h = parse_ok(buf, 16);
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
	struct wlan_hdr h = parse_ok(buf, end ? (size_t)(end - buf) : 0);
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
	h = parse_ok(buf, 40);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_PROTECTED);
	buf[0] = 0x08;
	h = parse_ok(buf, 40);
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

/* --- captures --------------------------------------------------------- */

#define CAP_MAX 256

static const char *const all_captures[] = {
	"wpa2.eapol.cap",
	"zn2i.pcap",
	"n-02.cap",
	"malformed/ieee802.11_meshhdr-oobr.pcap",
	"malformed/ieee802.11_parse_elements_oobr.pcap",
	"malformed/ieee802.11_rates_oobr.pcap",
	"malformed/ieee802.11_tim_ie_oobr.pcap",
	"malformed/radiotap-heapoverflow.pcap",
};

/* Frames of one capture, each copied into an exact-size heap buffer. */
struct capture {
	unsigned n;
	unsigned radiotap_bad; /* frames whose radiotap header is broken */
	uint8_t *frame[CAP_MAX + 1]; /* 1-based, as tshark numbers them */
	size_t len[CAP_MAX + 1];
};

/*
 * Skips the radiotap header by its it_len, as tshark does even when the
 * header is invalid (tcpdump's fuzz cases have version 0x30), so the 802.11
 * codec sees what tshark dissects. Only a version-0 header is read further:
 * its Flags field (after TSFT, 8 octets 8-aligned, when present; extended
 * presence words skipped) may say a 4-octet FCS ends the frame.
 */
static bool strip_radiotap(const uint8_t **p, size_t *len)
{
	const uint8_t *f = *p;
	size_t rt_len, off = 8, n = *len;
	uint32_t present, word;
	bool fcs = false;

	if (n < 4)
		return false;
	rt_len = get_le16(f + 2);
	if (rt_len < 8 || rt_len > n)
		return false;
	present = word = get_le32(f + 4);
	while (f[0] == 0 && (word & (1u << 31)) && off + 4 <= rt_len) {
		word = get_le32(f + off);
		off += 4;
	}
	if (present & 1)
		off = ((off + 7) & ~(size_t)7) + 8;
	if (f[0] == 0 && (present & 2) && off < rt_len)
		fcs = f[off] & 0x10;
	*p = f + rt_len;
	*len = n - rt_len;
	if (fcs) {
		if (*len < 4)
			return false;
		*len -= 4;
	}
	return true;
}

static bool load_capture(const char *name, struct capture *c)
{
	const char *path = check_capture(name);
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *ph;
	const u_char *data;
	pcap_t *pc;
	bool radiotap;

	memset(c, 0, sizeof(*c));
	if (!path)
		return false;
	pc = pcap_open_offline(path, err);
	CHECK(pc != NULL);
	if (!pc)
		return false;
	radiotap = pcap_datalink(pc) == DLT_IEEE802_11_RADIO;
	while (c->n < CAP_MAX && pcap_next_ex(pc, &ph, &data) == 1) {
		const uint8_t *f = data;
		size_t len = ph->caplen;

		if (radiotap && !strip_radiotap(&f, &len)) {
			c->radiotap_bad++;
			continue;
		}
		c->n++;
		c->frame[c->n] = malloc(len ? len : 1);
		c->len[c->n] = len;
		memcpy(c->frame[c->n], f, len);
	}
	pcap_close(pc);
	return true;
}

static void free_capture(struct capture *c)
{
	unsigned i;

	for (i = 1; i <= c->n; i++)
		free(c->frame[i]);
}

/* Parses frame no as a management frame: header and body must be OK. */
static bool cap_mgmt(const struct capture *c, unsigned no, uint8_t stype,
		     struct wlan_hdr *h, struct wlan_mgmt *m)
{
	if (no > c->n ||
	    wlan_parse_hdr(c->frame[no], c->len[no], h) != WLAN_HDR_OK ||
	    h->type != WLAN_FC_TYPE_MGMT || h->subtype != stype) {
		fprintf(stderr, "  frame %u is not management %u\n", no, stype);
		check_failures++;
		return false;
	}
	CHECK_EQ_INT(wlan_parse_mgmt(h, m), WLAN_MGMT_OK);
	return true;
}

static void check_mac(const uint8_t *got, const char *want)
{
	uint8_t mac[6];

	CHECK(mac_parse(want, mac) == 0);
	CHECK(got != NULL);
	if (got)
		CHECK_MEM(got, mac, 6);
}

static void check_ssid(const struct wlan_mgmt *m, const char *want)
{
	struct ie_ssid s;
	struct ie e;

	CHECK(ie_find(m->ies, m->ies_len, IE_SSID, &e));
	CHECK_EQ_INT(ie_parse_ssid(&e, &s), IE_OK);
	CHECK_EQ_INT(s.len, strlen(want));
	CHECK_MEM(s.ssid, want, strlen(want));
}

/* The RSN element of m; checks its AKM and capabilities. */
static void check_rsn(const struct wlan_mgmt *m, uint32_t akm, uint16_t capab)
{
	struct rsn_ie r;
	struct ie e;

	CHECK(ie_find(m->ies, m->ies_len, IE_RSN, &e));
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_OK);
	CHECK_EQ_INT(r.group, RSN_SUITE_CCMP);
	CHECK_EQ_INT(r.pairwise_mask, RSN_CIPHER_CCMP);
	CHECK_EQ_INT(r.akm_mask, akm);
	CHECK_EQ_INT(r.capab, capab);
}

/* A beacon's SSID, BSSID, DS channel and DTIM period. */
static void check_beacon(const struct capture *c, const char *ssid,
			 const char *bssid, uint8_t chan, uint8_t dtim)
{
	struct ie_tim tim;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e;
	uint8_t ch = 0;

	if (!cap_mgmt(c, 1, WLAN_STYPE_BEACON, &h, &m))
		return;
	check_mac(wlan_hdr_bssid(&h), bssid);
	CHECK(mac_is_broadcast(h.addr1));
	check_ssid(&m, ssid);
	CHECK_EQ_INT(ie_validate(m.ies, m.ies_len), IE_ITER_END);
	CHECK(ie_find(m.ies, m.ies_len, IE_DS_PARAMS, &e));
	CHECK_EQ_INT(ie_parse_ds(&e, &ch), IE_OK);
	CHECK_EQ_INT(ch, chan);
	CHECK(ie_find(m.ies, m.ies_len, IE_TIM, &e));
	CHECK_EQ_INT(ie_parse_tim(&e, &tim), IE_OK);
	CHECK_EQ_INT(tim.dtim_period, dtim);
	CHECK(m.u.beacon.capab & WLAN_CAPAB_PRIVACY);
}

static void capture_wpa2_eapol(void)
{
	struct capture c;
	struct ie_rateset rs;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	unsigned i;

	if (!load_capture("wpa2.eapol.cap", &c))
		SKIP("wpa2.eapol.cap absent");
	CHECK_EQ_INT(c.n, 5);
	check_beacon(&c, "Harkonen", "00:14:6c:7e:40:80", 1, 1);
	if (cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m)) {
		CHECK_EQ_INT(h.seq, 113);
		CHECK_EQ_INT(m.u.beacon.beacon_int, 250);
		CHECK_EQ_INT(m.u.beacon.capab, 0x0431);
		CHECK_EQ_INT(ie_parse_rateset(m.ies, m.ies_len, &rs), IE_OK);
		CHECK_EQ_INT(rs.n, 12);
		CHECK_EQ_INT(rs.rate[0], 0x82);
		CHECK(ie_rateset_has(&rs, 108));
		check_rsn(&m, RSN_AKM_PSK, RSN_CAPAB_PREAUTH);
	}
	/* M1..M4: FromDS, ToDS alternately, LLC/SNAP for EAPOL. */
	for (i = 2; i <= c.n; i++) {
		h = parse_ok(c.frame[i], c.len[i]);
		CHECK_EQ_INT(h.type, WLAN_FC_TYPE_DATA);
		CHECK_EQ_INT(h.flags & 3,
			     i % 2 ? WLAN_FC_TODS : WLAN_FC_FROMDS);
		check_mac(wlan_hdr_bssid(&h), "00:14:6c:7e:40:80");
		check_mac(i % 2 ? wlan_hdr_sa(&h) : wlan_hdr_da(&h),
			  "00:13:46:fe:32:0c");
		CHECK(h.body_len > 8);
		CHECK_MEM(h.body, "\xaa\xaa\x03\x00\x00\x00\x88\x8e", 8);
	}
	free_capture(&c);
}

static const struct rsn_config psk_ap = {
	.group_cipher = RSN_CIPHER_CCMP,
	.pairwise_ciphers = RSN_CIPHER_CCMP,
	.akms = RSN_AKM_PSK,
};

static void capture_zn2i(void)
{
	static const uint16_t auth_seq[] = {1, 1, 2};
	struct rsn_selection sel;
	struct capture c;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e;
	unsigned i;

	if (!load_capture("zn2i.pcap", &c))
		SKIP("zn2i.pcap absent");
	CHECK_EQ_INT(c.n, 12);
	CHECK_EQ_INT(c.radiotap_bad, 0);
	/* No FCS (tshark: radiotap.flags.fcs 0): 214 - 18 and 187 - 21. */
	CHECK_EQ_INT(c.len[1], 196);
	CHECK_EQ_INT(c.len[2], 166);
	for (i = 1; i <= c.n; i++)
		CHECK_EQ_INT(wlan_parse_hdr(c.frame[i], c.len[i], &h),
			     WLAN_HDR_OK);
	check_beacon(&c, "dlink", "00:06:4f:12:34:56", 4, 2);
	if (cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m))
		check_rsn(&m, RSN_AKM_PSK, 0x000c);
	for (i = 3; i <= 5; i++) {
		if (!cap_mgmt(&c, i, WLAN_STYPE_AUTH, &h, &m))
			continue;
		CHECK_EQ_INT(m.u.auth.alg, WLAN_AUTH_OPEN);
		CHECK_EQ_INT(m.u.auth.trans_seq, auth_seq[i - 3]);
		CHECK_EQ_INT(m.u.auth.status, WLAN_STATUS_SUCCESS);
		CHECK_EQ_INT(!!(h.flags & WLAN_FC_RETRY), i == 4);
	}
	if (cap_mgmt(&c, 6, WLAN_STYPE_REASSOC_REQ, &h, &m)) {
		CHECK_EQ_INT(h.seq, 1520);
		check_mac(m.u.assoc_req.current_ap, "00:12:34:56:78:92");
		CHECK_EQ_INT(m.u.assoc_req.listen_int, 10);
		check_ssid(&m, "dlink");
		check_rsn(&m, RSN_AKM_PSK, 0);
		CHECK(ie_find(m.ies, m.ies_len, IE_RSN, &e));
		CHECK_EQ_INT(rsn_validate(&e, &psk_ap, &sel),
			     WLAN_STATUS_SUCCESS);
	}
	if (cap_mgmt(&c, 7, WLAN_STYPE_REASSOC_RESP, &h, &m)) {
		CHECK_EQ_INT(m.u.assoc_resp.status, WLAN_STATUS_SUCCESS);
		CHECK_EQ_INT(m.u.assoc_resp.aid, 1);
	}
	h = parse_ok(c.frame[2], c.len[2]);
	CHECK(h.has_qos && (h.flags & WLAN_FC_PROTECTED));
	CHECK_EQ_INT(h.seq, 108);
	free_capture(&c);
}

/* n-02.cap frame counts by type<<4|subtype, as tshark counts them. */
static const struct {
	uint8_t ts;
	unsigned n;
} n02_counts[] = {
	{0x00, 1}, {0x01, 1}, {0x02, 1},  {0x03, 1},  {0x04, 9},  {0x05, 9},
	{0x08, 1}, {0x0b, 4}, {0x0d, 25}, {0x0e, 1},  {0x15, 8},  {0x18, 1},
	{0x19, 3}, {0x1c, 3}, {0x1d, 49}, {0x20, 81}, {0x24, 16}, {0x28, 4},
};

static void n02_check_counts(const struct capture *c)
{
	unsigned seen[64] = {0}, i;
	struct wlan_hdr h;

	for (i = 1; i <= c->n; i++)
		if (wlan_parse_hdr(c->frame[i], c->len[i], &h) == WLAN_HDR_OK)
			seen[h.type << 4 | h.subtype]++;
	for (i = 0; i < RAPD_ARRAY_SIZE(n02_counts); i++)
		CHECK_EQ_INT(seen[n02_counts[i].ts], n02_counts[i].n);
}

static void capture_n02(void)
{
	struct rsn_config sha256_ap = psk_ap;
	struct rsn_selection sel;
	struct capture c;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie e;

	if (!load_capture("n-02.cap", &c))
		SKIP("n-02.cap absent");
	CHECK_EQ_INT(c.n, 218);
	n02_check_counts(&c);
	check_beacon(&c, "Neheb", "b0:b9:8a:56:8d:ea", 64, 2);
	if (cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m))
		check_rsn(&m, RSN_AKM_PSK_SHA256, 0x00cc);
	if (cap_mgmt(&c, 52, WLAN_STYPE_AUTH, &h, &m))
		CHECK_EQ_INT(m.u.auth.trans_seq, 1);
	if (cap_mgmt(&c, 54, WLAN_STYPE_AUTH, &h, &m))
		CHECK_EQ_INT(m.u.auth.trans_seq, 2);
	sha256_ap.akms = RSN_AKM_PSK_SHA256;
	sha256_ap.mfp = RSN_MFP_CAPABLE;
	if (cap_mgmt(&c, 56, WLAN_STYPE_ASSOC_REQ, &h, &m)) {
		CHECK_EQ_INT(m.u.assoc_req.listen_int, 20);
		check_rsn(&m, RSN_AKM_PSK_SHA256, 0x008c);
		CHECK(ie_find(m.ies, m.ies_len, IE_RSN, &e));
		CHECK_EQ_INT(rsn_validate(&e, &sha256_ap, &sel),
			     WLAN_STATUS_SUCCESS);
		CHECK(sel.mfp);
		CHECK_EQ_INT(rsn_validate(&e, &psk_ap, &sel),
			     WLAN_STATUS_INVALID_AKMP);
	}
	if (cap_mgmt(&c, 60, WLAN_STYPE_ASSOC_RESP, &h, &m))
		CHECK_EQ_INT(m.u.assoc_resp.status,
			     WLAN_STATUS_ASSOC_REJECTED_TEMPORARILY);
	if (cap_mgmt(&c, 117, WLAN_STYPE_REASSOC_REQ, &h, &m))
		check_mac(m.u.assoc_req.current_ap, "b0:b9:8a:56:8d:eb");
	if (cap_mgmt(&c, 120, WLAN_STYPE_REASSOC_RESP, &h, &m))
		CHECK_EQ_INT(m.u.assoc_resp.aid, 1);
	if (cap_mgmt(&c, 122, WLAN_STYPE_ACTION, &h, &m))
		CHECK_EQ_INT(m.u.action.category, WLAN_ACTION_HT);
	h = parse_ok(c.frame[58], c.len[58]);
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_PROTECTED);
	h = parse_ok(c.frame[24], c.len[24]); /* Ack */
	CHECK_EQ_INT(h.hdr_len, 10);
	check_mac(h.addr1, "b0:b9:8a:56:8d:ea");
	free_capture(&c);
}

/* Each element of a known ID must pass its own parser; counts them. */
static void check_known_elements(const struct wlan_mgmt *m, unsigned *seen)
{
	union {
		struct ie_ssid ssid;
		struct ie_rateset rs;
		struct ie_tim tim;
		struct ie_country country;
		struct ie_ht_capab htc;
		struct ie_ht_oper hto;
		struct ie_wmm wmm;
		struct rsn_ie rsn;
		uint8_t v;
	} u;
	struct ie_iter it;
	struct ie e;
	int v;

	CHECK_EQ_INT(ie_validate(m->ies, m->ies_len), IE_ITER_END);
	ie_iter_init(&it, m->ies, m->ies_len);
	while (ie_iter_next(&it, &e) == IE_ITER_ELEMENT) {
		memset(&u, 0, sizeof(u));
		switch (e.id) {
		case IE_SSID:
			v = ie_parse_ssid(&e, &u.ssid);
			break;
		case IE_SUPP_RATES:
		case IE_EXT_RATES:
			v = ie_parse_rates(&e, &u.rs);
			break;
		case IE_DS_PARAMS:
			v = ie_parse_ds(&e, &u.v);
			break;
		case IE_TIM:
			v = ie_parse_tim(&e, &u.tim);
			break;
		case IE_COUNTRY:
			v = ie_parse_country(&e, &u.country);
			break;
		case IE_HT_CAPAB:
			v = ie_parse_ht_capab(&e, &u.htc);
			break;
		case IE_HT_OPER:
			v = ie_parse_ht_oper(&e, &u.hto);
			break;
		case IE_ERP:
			v = ie_parse_erp(&e, &u.v);
			break;
		case IE_RSN:
			v = rsn_parse(&e, &u.rsn);
			break;
		case IE_VENDOR:
			if (e.len < 4 || e.data[3] != IE_WMM_OUI_TYPE ||
			    memcmp(e.data, "\x00\x50\xf2", 3))
				continue;
			v = ie_parse_wmm(&e, &u.wmm);
			break;
		default:
			continue;
		}
		CHECK_EQ_INT(v, 0);
		seen[e.id]++;
	}
}

/* Real management frames: well formed, every element parses. */
static void capture_elements_parse(void)
{
	static const unsigned ids[] = {
		IE_SSID, IE_SUPP_RATES, IE_EXT_RATES, IE_DS_PARAMS,
		IE_TIM,	 IE_COUNTRY,	IE_HT_CAPAB,  IE_HT_OPER,
		IE_ERP,	 IE_RSN,	IE_VENDOR};
	unsigned seen[256] = {0}, i, k, loaded = 0;
	struct wlan_mgmt m;
	struct wlan_hdr h;
	struct capture c;

	for (k = 0; k < 3; k++) {
		if (!load_capture(all_captures[k], &c))
			continue;
		loaded++;
		for (i = 1; i <= c.n; i++) {
			if (wlan_parse_hdr(c.frame[i], c.len[i], &h) ==
				    WLAN_HDR_OK &&
			    wlan_parse_mgmt(&h, &m) == WLAN_MGMT_OK)
				check_known_elements(&m, seen);
		}
		free_capture(&c);
	}
	if (!loaded)
		SKIP("captures absent");
	for (i = 0; i < RAPD_ARRAY_SIZE(ids); i++)
		if (!seen[ids[i]])
			fprintf(stderr, "  no element %u met\n", ids[i]);
	for (i = 0; i < RAPD_ARRAY_SIZE(ids); i++)
		CHECK(seen[ids[i]] > 0);
}

/* --- the whole parse chain on every truncation ------------------------- */

struct chain_stats {
	unsigned frames, headers, bodies, elements, parsed;
};

/* Octets read back from parser outputs, so ASan checks every pointer. */
static volatile unsigned sink;

static void touch(const uint8_t *p, size_t n)
{
	while (n--)
		sink += *p++;
}

static unsigned parse_tim_country(struct ie e)
{
	struct ie_country country;
	struct ie_tim tim;
	unsigned ok = 0, i;

	e.id = IE_TIM;
	if (ie_parse_tim(&e, &tim) == IE_OK) {
		for (i = 0; i <= WLAN_AID_MAX; i += 7)
			sink += ie_tim_has_aid(&tim, (uint16_t)i);
		touch(tim.pvb, tim.pvb_len);
		ok++;
	}
	e.id = IE_COUNTRY;
	if (ie_parse_country(&e, &country) == IE_OK) {
		for (i = 0; i < country.n_triplets; i++)
			sink += ie_country_triplet(&country, i).third;
		ok++;
	}
	return ok;
}

static unsigned parse_rsn(struct ie e)
{
	struct rsn_selection sel;
	struct rsn_ie rsn;
	unsigned ok = 0, i;

	e.id = IE_RSN;
	if (rsn_parse(&e, &rsn) == RSN_OK) {
		touch(rsn.pmkid, (size_t)RSN_PMKID_LEN * rsn.n_pmkid);
		for (i = 0; i < rsn.n_pairwise; i++)
			sink += rsn_suite_at(rsn.pairwise, i);
		for (i = 0; i < rsn.n_akm; i++)
			sink += rsn_suite_at(rsn.akm, i);
		ok++;
	}
	ok += rsn_validate(&e, &psk_ap, &sel) == WLAN_STATUS_SUCCESS;
	return ok;
}

/* Runs every element parser on e, whatever its ID; counts successes. */
static unsigned parse_element_all_ways(const struct ie *e0)
{
	struct ie e = *e0;
	struct ie_ssid ssid;
	struct ie_rateset rs = {0};
	struct ie_ht_capab htc;
	struct ie_ht_oper hto;
	struct ie_wmm wmm;
	unsigned ok = 0;
	uint8_t v;

	touch(e.elem, e.elem_len);
	e.id = IE_SSID;
	if (ie_parse_ssid(&e, &ssid) == IE_OK) {
		touch(ssid.ssid, ssid.len);
		ok++;
	}
	e.id = IE_SUPP_RATES;
	ok += ie_parse_rates(&e, &rs) == IE_OK;
	e.id = IE_DS_PARAMS;
	ok += ie_parse_ds(&e, &v) == IE_OK;
	e.id = IE_HT_CAPAB;
	ok += ie_parse_ht_capab(&e, &htc) == IE_OK;
	e.id = IE_HT_OPER;
	ok += ie_parse_ht_oper(&e, &hto) == IE_OK;
	e.id = IE_ERP;
	ok += ie_parse_erp(&e, &v) == IE_OK;
	e.id = IE_VENDOR;
	ok += ie_parse_wmm(&e, &wmm) == IE_OK;
	return ok + parse_tim_country(e) + parse_rsn(e);
}

static bool inside(const uint8_t *p, size_t n, const uint8_t *buf, size_t len)
{
	return n == 0 || (p >= buf && n <= len && (size_t)(p - buf) <= len - n);
}

/* Header, body, elements and element parsers over buf[0..len). */
static void run_chain(const uint8_t *buf, size_t len, struct chain_stats *st)
{
	struct ie_rateset rs;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	struct ie_iter it;
	struct ie e;

	st->frames++;
	if (wlan_parse_hdr(buf, len, &h) != WLAN_HDR_OK)
		return;
	st->headers++;
	CHECK(h.hdr_len + h.body_len == len);
	CHECK(inside(h.body, h.body_len, buf, len));
	if (wlan_parse_mgmt(&h, &m) != WLAN_MGMT_OK)
		return;
	st->bodies++;
	CHECK(inside(m.ies, m.ies_len, buf, len));
	CHECK(inside(m.u.action.data, m.u.action.len, buf, len) ||
	      (m.subtype != WLAN_STYPE_ACTION &&
	       m.subtype != WLAN_STYPE_ACTION_NOACK));
	ie_iter_init(&it, m.ies, m.ies_len);
	while (ie_iter_next(&it, &e) == IE_ITER_ELEMENT) {
		st->elements++;
		CHECK(inside(e.elem, e.elem_len, buf, len));
		CHECK(inside(e.data, e.len, buf, len));
		st->parsed += parse_element_all_ways(&e);
	}
	ie_parse_rateset(m.ies, m.ies_len, &rs);
	ie_find_vendor(m.ies, m.ies_len, IE_OUI_MICROSOFT, IE_WMM_OUI_TYPE, &e);
	ie_find_ext(m.ies, m.ies_len, IE_EXT_HE_CAPAB, &e);
}

/* Every frame, cut at every length, each cut in its own heap buffer. */
static void sweep_capture(const struct capture *c, struct chain_stats *st)
{
	unsigned i;
	size_t n;

	for (i = 1; i <= c->n; i++) {
		for (n = 0; n <= c->len[i]; n++) {
			uint8_t *cut = malloc(n ? n : 1);

			memcpy(cut, c->frame[i], n);
			run_chain(cut, n, st);
			free(cut);
		}
	}
}

static void truncation_sweep(void)
{
	struct chain_stats st = {0};
	struct capture c;
	unsigned i, loaded = 0;

	for (i = 0; i < RAPD_ARRAY_SIZE(all_captures); i++) {
		if (!load_capture(all_captures[i], &c))
			continue;
		loaded++;
		sweep_capture(&c, &st);
		free_capture(&c);
	}
	if (!loaded)
		SKIP("captures absent");
	/* The sweep reached every stage, thousands of times. */
	CHECK(st.headers > 1000);
	CHECK(st.bodies > 1000);
	CHECK(st.elements > 10000);
	CHECK(st.parsed > 10000);
}

/* One frame's header verdict in a one-frame malformed capture. */
static void malformed_one(const char *name, enum wlan_hdr_verdict want)
{
	struct capture c;
	struct wlan_hdr h;

	if (!load_capture(name, &c))
		return;
	CHECK_EQ_INT(c.n, 1);
	if (c.n == 1)
		CHECK_EQ_INT(wlan_parse_hdr(c.frame[1], c.len[1], &h), want);
	free_capture(&c);
}

/* tcpdump's fuzz cases: each is refused or parsed, never read past. */
static void malformed_captures(void)
{
	struct capture c;
	struct wlan_hdr h;
	struct wlan_mgmt m;
	unsigned i;

	if (!check_capture(all_captures[3]))
		SKIP("malformed captures absent");
	/* Protocol version 3 (mesh header case), PV1 (rates case), nothing
	 * after an 8-octet radiotap header (heap overflow case). */
	malformed_one(all_captures[3], WLAN_HDR_BAD_VERSION);
	malformed_one(all_captures[5], WLAN_HDR_BAD_VERSION);
	malformed_one(all_captures[7], WLAN_HDR_TRUNCATED);
	if (load_capture(all_captures[4], &c)) {
		/* A beacon whose elements run past the captured bytes. */
		CHECK_EQ_INT(c.n, 1);
		if (cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m))
			CHECK_EQ_INT(ie_validate(m.ies, m.ies_len),
				     IE_ITER_TRUNCATED);
		free_capture(&c);
	}
	if (load_capture(all_captures[6], &c)) {
		/* Reassociation Responses cut short: refused or truncated. */
		CHECK_EQ_INT(c.n, 4);
		for (i = 1; i <= c.n; i++) {
			if (wlan_parse_hdr(c.frame[i], c.len[i], &h) !=
			    WLAN_HDR_OK)
				continue;
			if (wlan_parse_mgmt(&h, &m) == WLAN_MGMT_OK)
				CHECK_EQ_INT(ie_validate(m.ies, m.ies_len),
					     IE_ITER_TRUNCATED);
		}
		free_capture(&c);
	}
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
	RUN(capture_wpa2_eapol);
	RUN(capture_zn2i);
	RUN(capture_n02);
	RUN(capture_elements_parse);
	RUN(malformed_captures);
	RUN(truncation_sweep);
	return check_end();
}
