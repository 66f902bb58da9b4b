/*
 * test_port_in.c - the replay input port (core/port_pcap_in.c) on files
 * written byte by byte here (pcap and pcapng, radiotap with FCS, DATAPAD,
 * TX status echoes, truncated, oversized, runt records, a foreign link
 * type, a file cut mid-record) and on the real captures in
 * ../shared/captures (link types 105 and 127, the malformed set), read in
 * place and compared with what libpcap itself returns.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rapd/bytes.h"
#include "rapd/port.h"

#define NS 1000000000ull

static char tmpdir[64];
static struct frame fr;

static const char *tmp_path(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/* One record of a hand-written pcap file. */
struct rec {
	uint64_t ts_ns;
	const uint8_t *data;
	uint32_t caplen;
	uint32_t len;	 /* 0: caplen */
	uint32_t stored; /* bytes really written, 0: caplen */
};

static void fput_le32(FILE *fp, uint32_t v)
{
	uint8_t b[4];

	put_le32(b, v);
	fwrite(b, 1, 4, fp);
}

/* A nanosecond pcap file, little-endian, with the given link-type word. */
static void write_pcap(const char *path, uint32_t lt_word, const struct rec *r,
		       int n)
{
	FILE *fp = fopen(path, "wb");
	int i;

	CHECK(fp != NULL);
	if (!fp)
		return;
	fput_le32(fp, 0xa1b23c4d);
	fput_le32(fp, 2 | 4u << 16); /* version 2.4 */
	fput_le32(fp, 0);	     /* thiszone */
	fput_le32(fp, 0);	     /* sigfigs */
	fput_le32(fp, 65535);
	fput_le32(fp, lt_word);
	for (i = 0; i < n; i++) {
		fput_le32(fp, (uint32_t)(r[i].ts_ns / NS));
		fput_le32(fp, (uint32_t)(r[i].ts_ns % NS));
		fput_le32(fp, r[i].caplen);
		fput_le32(fp, r[i].len ? r[i].len : r[i].caplen);
		fwrite(r[i].data, 1, r[i].stored ? r[i].stored : r[i].caplen,
		       fp);
	}
	CHECK(fclose(fp) == 0);
}

/* A 24-byte management header (deauth to a station) + reason, 26 bytes. */
static const uint8_t deauth[26] = {
	0xc0, 0x00, 0x00, 0x00,		    /* Deauthentication, duration */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* addr1: the station */
	0x02, 0x00, 0x00, 0x00, 0x01, 0x00, /* addr2: the AP */
	0x02, 0x00, 0x00, 0x00, 0x01, 0x00, /* addr3: the BSSID */
	0x10, 0x00,			    /* sequence 1 */
	0x03, 0x00,			    /* reason 3 */
};

static struct port *open_in(const char *path)
{
	char err[256] = "";
	struct port *p = port_pcap_in_open(path, err, sizeof(err));

	if (!p)
		fprintf(stderr, "  open: %s\n", err);
	CHECK(p != NULL);
	return p;
}

static void check_stats(struct port *p, uint64_t records,
			enum port_in_verdict v, uint64_t n)
{
	struct port_pcap_in_stats st;

	CHECK_EQ_INT(port_pcap_in_stats(p, &st), 0);
	CHECK_EQ_INT(st.records, records);
	CHECK_EQ_INT(st.count[v], n);
}

/* 105 records come out as they are, timestamps to the nanosecond. */
static void test_plain_80211(void)
{
	struct rec r[2] = {
		{1700000000123456789ull, deauth, sizeof(deauth), 0, 0},
		{1700000001000000001ull, deauth, sizeof(deauth), 0, 0},
	};
	const char *path = tmp_path("plain.pcap");
	struct port *p;

	write_pcap(path, 105, r, 2);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(p->caps, 0);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(fr.len, sizeof(deauth));
	CHECK_MEM(fr.data, deauth, sizeof(deauth));
	CHECK(fr.ts_ns == 1700000000123456789ull);
	CHECK_EQ_INT(fr.order, 0);
	CHECK_EQ_INT(fr.flags, 0);
	CHECK_EQ_INT(fr.rate_500k, 0);
	CHECK_EQ_INT(fr.freq_mhz, 0);
	CHECK_EQ_INT(fr.signal_dbm, 0);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK(fr.ts_ns == 1700000001000000001ull);
	CHECK_EQ_INT(fr.order, 1);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	CHECK(port_rx_error(p) == NULL);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	CHECK_EQ_INT(port_send(p, &fr), -EOPNOTSUPP);
	check_stats(p, 2, PORT_IN_OK, 2);
	CHECK_EQ_INT(port_close(p), 0);
	unlink(path);
}

/* 105 with "FCS length 4" in the link-type word: the FCS is stripped. */
static void test_plain_80211_lt_fcs(void)
{
	uint8_t buf[sizeof(deauth) + 4];
	struct rec r = {5 * NS, buf, sizeof(buf), 0, 0};
	const char *path = tmp_path("ltfcs.pcap");
	struct port *p;

	memcpy(buf, deauth, sizeof(deauth));
	memcpy(buf + sizeof(deauth), "\x11\x22\x33\x44", 4);
	write_pcap(path, 105 | 0x04000000u | 2u << 28, &r, 1);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(fr.len, sizeof(deauth));
	CHECK_MEM(fr.data, deauth, sizeof(deauth));
	port_close(p);
	unlink(path);
}

/*
 * Radiotap FLAGS | RATE | CHANNEL | DBM_ANTSIGNAL:
 * 00 00 10 00 2e 00 00 00 | flags | rate 0c | 85 09 c0 00 | c3 | pad
 */
static size_t put_rx_radiotap(uint8_t *b, uint8_t flags)
{
	static const uint8_t hdr[16] = {0x00, 0x00, 0x10, 0x00, 0x2e, 0x00,
					0x00, 0x00, 0x00, 0x0c, 0x85, 0x09,
					0xc0, 0x00, 0xc3, 0x00};

	memcpy(b, hdr, sizeof(hdr));
	b[8] = flags;
	return sizeof(hdr);
}

/* FLAGS 0x10: the last 4 bytes are the FCS; 0x50: bad FCS, skipped. */
static void test_radiotap_fcs(void)
{
	uint8_t good[64], bad[64], runt[24];
	size_t h = put_rx_radiotap(good, 0x10);
	struct rec r[3];
	const char *path = tmp_path("fcs.pcap");
	struct port *p;

	memcpy(good + h, deauth, sizeof(deauth));
	memcpy(good + h + sizeof(deauth), "\xde\xad\xbe\xef", 4);
	memcpy(bad, good, sizeof(good));
	bad[8] = 0x50;
	put_rx_radiotap(runt, 0x10);
	memcpy(runt + h, "\xc0\x00\x00", 3); /* less than an FCS */
	r[0] = (struct rec){1, bad, (uint32_t)(h + sizeof(deauth) + 4), 0, 0};
	r[1] = (struct rec){2, runt, (uint32_t)(h + 3), 0, 0};
	r[2] = (struct rec){3, good, (uint32_t)(h + sizeof(deauth) + 4), 0, 0};
	write_pcap(path, 127, r, 3);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(fr.len, sizeof(deauth));
	CHECK_MEM(fr.data, deauth, sizeof(deauth));
	CHECK_EQ_INT(fr.ts_ns, 3);
	CHECK_EQ_INT(fr.order, 2);
	CHECK_EQ_INT(fr.rate_500k, 12);
	CHECK_EQ_INT(fr.freq_mhz, 2437);
	CHECK_EQ_INT(fr.signal_dbm, -61);
	CHECK_EQ_INT(fr.flags, 0);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	check_stats(p, 3, PORT_IN_BAD_FCS, 1);
	check_stats(p, 3, PORT_IN_RUNT, 1);
	check_stats(p, 3, PORT_IN_OK, 1);
	port_close(p);
	unlink(path);
}

/*
 * DATAPAD: a QoS data frame (26-byte header) with 2 pad octets before its
 * body comes out without them.
 */
static void test_radiotap_datapad(void)
{
	static const uint8_t qos_hdr[26] = {
		0x88, 0x01, 0x00, 0x00,		    /* QoS Data, ToDS */
		0x02, 0x00, 0x00, 0x00, 0x01, 0x00, /* addr1: the BSSID */
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* addr2: the station */
		0x02, 0x00, 0x00, 0x00, 0x01, 0x00, /* addr3: the DA */
		0x20, 0x00,			    /* sequence 2 */
		0x06, 0x00,			    /* QoS Control: TID 6 */
	};
	static const uint8_t body[8] = {0xaa, 0xaa, 3, 0, 0, 0, 0x88, 0x8e};
	uint8_t rec[80], want[34];
	size_t h = put_rx_radiotap(rec, 0x20);
	struct rec r;
	const char *path = tmp_path("pad.pcap");
	struct port *p;

	memcpy(rec + h, qos_hdr, 26);
	memcpy(rec + h + 26, "\xee\xee", 2);
	memcpy(rec + h + 28, body, 8);
	memcpy(want, qos_hdr, 26);
	memcpy(want + 26, body, 8);
	r = (struct rec){7, rec, (uint32_t)(h + 36), 0, 0};
	write_pcap(path, 127, &r, 1);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(fr.len, sizeof(want));
	CHECK_MEM(fr.data, want, sizeof(want));
	port_close(p);
	unlink(path);
}

/* TX_FLAGS marks an echo: TX_FAIL clear = ACKed; NOACK passed on. */
static void test_radiotap_tx_status(void)
{
	/* 00 00 0c 00 04 80 00 00 | rate 02 | pad | tx_flags le16 */
	static const uint16_t txf[3] = {0x0010, 0x0001, 0x0018};
	static const uint16_t want[3] = {
		FRAME_F_TX_STATUS | FRAME_F_ACKED,
		FRAME_F_TX_STATUS,
		FRAME_F_TX_STATUS | FRAME_F_ACKED | FRAME_F_NOACK,
	};
	uint8_t buf[3][40];
	struct rec r[3];
	const char *path = tmp_path("echo.pcap");
	struct port *p;
	int i;

	for (i = 0; i < 3; i++) {
		memcpy(buf[i], "\x00\x00\x0c\x00\x04\x80\x00\x00\x02\x00", 10);
		put_le16(buf[i] + 10, txf[i]);
		memcpy(buf[i] + 12, deauth, sizeof(deauth));
		r[i] = (struct rec){(uint64_t)i, buf[i], 12 + sizeof(deauth), 0,
				    0};
	}
	write_pcap(path, 127, r, 3);
	p = open_in(path);
	if (!p)
		return;
	for (i = 0; i < 3; i++) {
		CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
		CHECK_EQ_INT(fr.flags, want[i]);
		CHECK_EQ_INT(fr.rate_500k, 2);
		CHECK_MEM(fr.data, deauth, sizeof(deauth));
	}
	port_close(p);
	unlink(path);
}

/* Cut by the snaplen, too long, too short: skipped and counted. */
static void test_skipped_records(void)
{
	static uint8_t big[FRAME_DATA_MAX + 1];
	struct rec r[5] = {
		{1, deauth, 20, sizeof(deauth), 0}, /* truncated */
		{2, big, FRAME_DATA_MAX + 1, 0, 0}, /* oversize */
		{3, deauth, 9, 0, 0},		    /* runt */
		{4, big, FRAME_DATA_MAX, 0, 0},	    /* the largest */
		{5, deauth, sizeof(deauth), 0, 0},
	};
	const char *path = tmp_path("skip.pcap");
	struct port *p;

	memcpy(big, deauth, sizeof(deauth));
	write_pcap(path, 105, r, 5);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(fr.len, FRAME_DATA_MAX);
	CHECK_EQ_INT(fr.order, 3);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(fr.ts_ns, 5);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	CHECK(port_rx_error(p) == NULL);
	check_stats(p, 5, PORT_IN_TRUNCATED, 1);
	check_stats(p, 5, PORT_IN_OVERSIZE, 1);
	check_stats(p, 5, PORT_IN_RUNT, 1);
	check_stats(p, 5, PORT_IN_OK, 2);
	port_close(p);
	unlink(path);
}

/* A file cut inside a record: the frames before it, then an error. */
static void test_file_cut(void)
{
	struct rec r[2] = {
		{1, deauth, sizeof(deauth), 0, 0},
		{2, deauth, sizeof(deauth), 0, 10},
	};
	const char *path = tmp_path("cut.pcap");
	struct port *p;

	write_pcap(path, 105, r, 2);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	CHECK(port_rx_error(p) != NULL);
	if (port_rx_error(p))
		CHECK(strstr(port_rx_error(p), "truncated") != NULL);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	port_close(p);
	unlink(path);
}

static void test_unsupported_linktype(void)
{
	struct rec r = {1, deauth, sizeof(deauth), 0, 0};
	const char *path = tmp_path("eth.pcap");
	char err[256] = "";

	write_pcap(path, 1, &r, 1); /* Ethernet */
	CHECK(port_pcap_in_open(path, err, sizeof(err)) == NULL);
	CHECK(strstr(err, path) != NULL);
	CHECK(strstr(err, "link type 1 (EN10MB) not supported") != NULL);
	CHECK(strstr(err, "127") != NULL && strstr(err, "105") != NULL);
	CHECK(port_pcap_in_open(path, NULL, 0) == NULL);
	unlink(path);
}

static void test_missing_and_garbage(void)
{
	char err[256] = "", path[128];
	FILE *fp;

	CHECK(port_pcap_in_open(tmp_path("absent.pcap"), err, sizeof(err)) ==
	      NULL);
	CHECK(strstr(err, "absent.pcap: No such file") != NULL);
	CHECK(strstr(err, "absent.pcap") == strrchr(err, '/') + 1);
	snprintf(path, sizeof(path), "%s", tmp_path("garbage.pcap"));
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (!fp)
		return;
	fputs("this is not a capture file\n", fp);
	fclose(fp);
	err[0] = 0;
	CHECK(port_pcap_in_open(path, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "garbage.pcap: ") != NULL);
	unlink(path);
}

static void put_block_len(uint8_t *b, size_t len)
{
	put_le32(b + 4, (uint32_t)len);
	put_le32(b + len - 4, (uint32_t)len);
}

/*
 * pcapng: section header, interface (link type 127, if_tsresol 9 = ns),
 * one enhanced packet block with a radiotap frame.
 */
static void test_pcapng(void)
{
	uint8_t f[256] = {0}, pkt[64];
	size_t h = put_rx_radiotap(pkt, 0), plen = h + sizeof(deauth);
	size_t off = 0, epb = 28 + ((plen + 3) & ~(size_t)3) + 4;
	uint64_t ts = 1600000000987654321ull;
	const char *path = tmp_path("hand.pcapng");
	struct port *p;
	FILE *fp;

	memcpy(pkt + h, deauth, sizeof(deauth));
	put_le32(f, 0x0a0d0d0a); /* SHB */
	put_le32(f + 8, 0x1a2b3c4d);
	put_le16(f + 12, 1);
	memset(f + 16, 0xff, 8); /* section length unknown */
	put_block_len(f, 28);
	off = 28;
	put_le32(f + off, 1); /* IDB */
	put_le16(f + off + 8, 127);
	put_le32(f + off + 12, 65535);
	put_le16(f + off + 16, 9); /* if_tsresol, 1 byte: 10^-9 */
	put_le16(f + off + 18, 1);
	f[off + 20] = 9;
	put_block_len(f + off, 32); /* the end-of-options is zeros */
	off += 32;
	put_le32(f + off, 6); /* EPB */
	put_le32(f + off + 12, (uint32_t)(ts >> 32));
	put_le32(f + off + 16, (uint32_t)ts);
	put_le32(f + off + 20, (uint32_t)plen);
	put_le32(f + off + 24, (uint32_t)plen);
	memcpy(f + off + 28, pkt, plen);
	put_block_len(f + off, epb);
	off += epb;
	fp = fopen(path, "wb");
	CHECK(fp != NULL);
	if (!fp)
		return;
	fwrite(f, 1, off, fp);
	fclose(fp);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK(fr.ts_ns == ts);
	CHECK_EQ_INT(fr.len, sizeof(deauth));
	CHECK_MEM(fr.data, deauth, sizeof(deauth));
	CHECK_EQ_INT(fr.freq_mhz, 2437);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	CHECK(port_rx_error(p) == NULL);
	port_close(p);
	unlink(path);
}

/*
 * A real capture through the port against libpcap's own reading: every
 * record, same bytes after the radiotap header, microsecond timestamps
 * scaled to ns. Returns the number of frames, -1 when absent.
 */
static int compare_capture(const char *name)
{
	const char *path = check_capture(name);
	char perr[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	struct port *p;
	pcap_t *pc;
	int n = 0;

	if (!path)
		return -1;
	p = open_in(path);
	pc = pcap_open_offline(path, perr);
	CHECK(pc != NULL);
	if (!p || !pc)
		return 0;
	while (pcap_next_ex(pc, &h, &d) == 1) {
		size_t off = pcap_datalink(pc) == 127 ? get_le16(d + 2) : 0;

		CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
		CHECK_EQ_INT(fr.len, h->caplen - off);
		CHECK_MEM(fr.data, d + off, fr.len);
		CHECK(fr.ts_ns == (uint64_t)h->ts.tv_sec * NS +
					  (uint64_t)h->ts.tv_usec * 1000);
		CHECK_EQ_INT(fr.order, n);
		CHECK_EQ_INT(fr.flags, 0);
		n++;
	}
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	CHECK(port_rx_error(p) == NULL);
	check_stats(p, (uint64_t)n, PORT_IN_OK, (uint64_t)n);
	pcap_close(pc);
	port_close(p);
	return n;
}

static void test_capture_80211(void)
{
	int n = compare_capture("wpa2.eapol.cap");

	if (n < 0)
		SKIP("wpa2.eapol.cap absent");
	CHECK_EQ_INT(n, 5);
	CHECK_EQ_INT(compare_capture("n-02.cap"), 218);
}

/* zn2i.pcap: radiotap (no FCS), rate, channel and signal filled. */
static void test_capture_radiotap(void)
{
	const char *path = check_capture("zn2i.pcap");
	struct port *p;

	if (!path)
		SKIP("zn2i.pcap absent");
	CHECK_EQ_INT(compare_capture("zn2i.pcap"), 12);
	p = open_in(path);
	if (!p)
		return;
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_GOT);
	CHECK(fr.rate_500k != 0);
	CHECK(fr.freq_mhz >= 2412 && fr.freq_mhz <= 2484);
	CHECK(fr.signal_dbm < 0);
	CHECK_EQ_INT(fr.data[0], 0x80); /* the beacon */
	port_close(p);
}

/* The fuzzer-found captures: each record skipped for its reason. */
static void test_capture_malformed(void)
{
	static const struct {
		const char *name;
		int records;
		enum port_in_verdict v;
	} t[] = {
		{"malformed/ieee802.11_meshhdr-oobr.pcap", 1, PORT_IN_RADIOTAP},
		{"malformed/ieee802.11_parse_elements_oobr.pcap", 1,
		 PORT_IN_TRUNCATED},
		{"malformed/ieee802.11_rates_oobr.pcap", 1, PORT_IN_RADIOTAP},
		{"malformed/ieee802.11_tim_ie_oobr.pcap", 4, PORT_IN_TRUNCATED},
		{"malformed/radiotap-heapoverflow.pcap", 1, PORT_IN_RADIOTAP},
	};
	unsigned i;

	for (i = 0; i < RAPD_ARRAY_SIZE(t); i++) {
		const char *path = check_capture(t[i].name);
		struct port *p;

		if (!path)
			SKIP("malformed captures absent");
		p = open_in(path);
		if (!p)
			continue;
		CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
		CHECK(port_rx_error(p) == NULL);
		check_stats(p, (uint64_t)t[i].records, t[i].v,
			    (uint64_t)t[i].records);
		port_close(p);
	}
}

static void test_names(void)
{
	CHECK(strcmp(port_in_verdict_name(PORT_IN_TRUNCATED), "truncated") ==
	      0);
	CHECK(strcmp(port_in_verdict_name(PORT_IN_VERDICTS), "?") == 0);
	CHECK_EQ_INT(port_default_rate_500k(2437), 2);
	CHECK_EQ_INT(port_default_rate_500k(5180), 12);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rapd-test-port-in-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	check_begin("test_port_in");
	RUN(test_plain_80211);
	RUN(test_plain_80211_lt_fcs);
	RUN(test_radiotap_fcs);
	RUN(test_radiotap_datapad);
	RUN(test_radiotap_tx_status);
	RUN(test_skipped_records);
	RUN(test_file_cut);
	RUN(test_unsupported_linktype);
	RUN(test_missing_and_garbage);
	RUN(test_pcapng);
	RUN(test_capture_80211);
	RUN(test_capture_radiotap);
	RUN(test_capture_malformed);
	RUN(test_names);
	rmdir(tmpdir);
	return check_end();
}
