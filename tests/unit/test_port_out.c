/*
 * test_port_out.c - the replay output port (core/port_pcap_out.c): frames
 * built with rapd's codec builders are written, read back with the input
 * port (same bytes, timestamps to the ns, flags, radio fields), checked
 * byte by byte at the radiotap header, converted to pcapng by editcap and
 * read again, and dissected by tshark, which must report no malformed
 * packet and no error-level expert info (SKIP when tshark is absent).
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rapd/bytes.h"
#include "rapd/eapol.h"
#include "rapd/ie.h"
#include "rapd/ieee80211.h"
#include "rapd/port.h"

#define NS 1000000000ull
#define NFRAMES 4

static char tmpdir[64];
static struct frame fr, built[NFRAMES];

static const uint8_t ap[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x00};
static const uint8_t sta[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const struct ie_rateset rates = {
	12,
	{0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 0x30, 0x48, 0x60,
	 0x6c},
};

static const char *tmp_path(const char *name)
{
	static char path[2][128];
	static int k;

	k ^= 1;
	snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
	return path[k];
}

static void finish(struct frame *f, const uint8_t *p, uint64_t ts, uint8_t rate)
{
	CHECK(p != NULL);
	memset(f, 0, offsetof(struct frame, data));
	f->len = p ? (uint32_t)(p - f->data) : 0;
	f->ts_ns = ts;
	f->rate_500k = rate;
}

static void build_auth_resp(struct frame *f)
{
	uint8_t *p = f->data, *end = f->data + FRAME_DATA_MAX;

	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_AUTH, sta, ap, ap, 1);
	p = wlan_put_auth(p, end, WLAN_AUTH_OPEN, 2, WLAN_STATUS_SUCCESS);
	finish(f, p, 1700000000000000001ull, 0);
}

static void build_assoc_resp(struct frame *f)
{
	uint8_t *p = f->data, *end = f->data + FRAME_DATA_MAX;
	struct ie_wmm_ac_param ac[4];

	ie_wmm_default_params(ac);
	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_ASSOC_RESP, sta, ap, ap, 2);
	p = wlan_put_assoc_resp(p, end, WLAN_CAPAB_ESS | WLAN_CAPAB_SHORT_SLOT,
				WLAN_STATUS_SUCCESS, 1);
	p = ie_put_supp_rates(p, end, &rates);
	p = ie_put_ext_rates(p, end, &rates);
	p = ie_put_wmm_param(p, end, 0, ac);
	finish(f, p, 1700000000123456789ull, 12);
}

/* M1 of the 4-way handshake in a data frame, AP to station. */
static void build_eapol_m1(struct frame *f)
{
	uint8_t *p = f->data, *end = f->data + FRAME_DATA_MAX;
	uint8_t nonce[EAPOL_NONCE_LEN];
	struct eapol_key_params kp = {
		.version = EAPOL_VERSION_2004,
		.desc_type = EAPOL_DESC_RSN,
		.info = EAPOL_KEY_V_SHA1_AES | EAPOL_KI_PAIRWISE | EAPOL_KI_ACK,
		.key_len = 16,
		.replay_counter = 1,
		.nonce = nonce,
	};

	memset(nonce, 0x5a, sizeof(nonce));
	p = wlan_put_data_hdr(p, end, WLAN_FC_FROMDS, sta, ap, ap, 3, -1);
	p = eapol_put_llc_snap(p, end);
	p = eapol_build_key(p, end, &kp);
	finish(f, p, 1700000001999999999ull, 0);
}

/* Group addressed: written with NOACK. */
static void build_beacon(struct frame *f)
{
	uint8_t *p = f->data, *end = f->data + FRAME_DATA_MAX;

	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_BEACON, bcast, ap, ap, 4);
	p = wlan_put_beacon_fixed(p, end, 0, 100, WLAN_CAPAB_ESS);
	p = ie_put_ssid(p, end, (const uint8_t *)"rapd", 4);
	p = ie_put_supp_rates(p, end, &rates);
	p = ie_put_ds(p, end, 6);
	p = ie_put_tim(p, end, 0, 1, NULL, false);
	p = ie_put_ext_rates(p, end, &rates);
	finish(f, p, 1700000002000000000ull, 0);
}

/* Builds the frames every later test writes. */
static void test_build(void)
{
	build_auth_resp(&built[0]);
	build_assoc_resp(&built[1]);
	build_eapol_m1(&built[2]);
	build_beacon(&built[3]);
	CHECK_EQ_INT(built[0].len, 30);
	CHECK_EQ_INT(built[2].len, 24 + 8 + EAPOL_KEY_FRAME_LEN(0));
	CHECK(mac_is_group(built[3].data + 4));
}

static struct port *open_out(const char *path, uint8_t rate)
{
	char err[256] = "";
	struct port *p = port_pcap_out_open(path, rate, err, sizeof(err));

	if (!p)
		fprintf(stderr, "  open: %s\n", err);
	CHECK(p != NULL);
	return p;
}

static struct port *open_in(const char *path)
{
	char err[256] = "";
	struct port *p = port_pcap_in_open(path, err, sizeof(err));

	if (!p)
		fprintf(stderr, "  open: %s\n", err);
	CHECK(p != NULL);
	return p;
}

/* Writes the built frames with send. */
static void write_built(const char *path, uint8_t rate)
{
	struct port *out = open_out(path, rate);
	int i;

	if (!out)
		return;
	for (i = 0; i < NFRAMES; i++)
		CHECK_EQ_INT(port_send(out, &built[i]), 0);
	CHECK_EQ_INT(port_close(out), 0);
}

/* Reads path back and compares with the built frames as sent. */
static void check_built(const char *path, uint8_t default_rate)
{
	struct port *in = open_in(path);
	uint16_t want;
	int i;

	if (!in)
		return;
	for (i = 0; i < NFRAMES; i++) {
		CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_GOT);
		CHECK_EQ_INT(fr.len, built[i].len);
		CHECK_MEM(fr.data, built[i].data, built[i].len);
		CHECK(fr.ts_ns == built[i].ts_ns);
		want = FRAME_F_TX_STATUS | FRAME_F_ACKED;
		if (i == 3)
			want |= FRAME_F_NOACK;
		CHECK_EQ_INT(fr.flags, want);
		CHECK_EQ_INT(fr.rate_500k, built[i].rate_500k
						   ? built[i].rate_500k
						   : default_rate);
		CHECK_EQ_INT(fr.order, i);
	}
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_END);
	CHECK(port_rx_error(in) == NULL);
	port_close(in);
}

static void test_roundtrip_sent(void)
{
	const char *path = tmp_path("sent.pcap");

	write_built(path, 0);
	check_built(path, 2);
	write_built(path, port_default_rate_500k(5180));
	check_built(path, 12);
	unlink(path);
}

/* The bytes on disk: nanosecond magic, link type 127, the TX header. */
static void test_file_bytes(void)
{
	static const uint8_t unicast[12] = {0, 0, 0x0c, 0, 0x04, 0x80,
					    0, 0, 0x02, 0, 0x10, 0x00};
	static const uint8_t group[12] = {0, 0, 0x0c, 0, 0x04, 0x80,
					  0, 0, 0x02, 0, 0x18, 0x00};
	const char *path = tmp_path("bytes.pcap");
	uint8_t head[24];
	struct pcap_pkthdr *h;
	const u_char *d;
	char perr[PCAP_ERRBUF_SIZE];
	pcap_t *pc;
	FILE *fp;
	int i;

	write_built(path, 2);
	fp = fopen(path, "rb");
	CHECK(fp != NULL);
	if (!fp)
		return;
	CHECK_EQ_INT(fread(head, 1, sizeof(head), fp), sizeof(head));
	fclose(fp);
	CHECK(get_le32(head) == 0xa1b23c4d || get_be32(head) == 0xa1b23c4d);
	pc = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, perr);
	CHECK(pc != NULL);
	if (!pc)
		return;
	CHECK_EQ_INT(pcap_datalink(pc), 127);
	for (i = 0; i < NFRAMES && pcap_next_ex(pc, &h, &d) == 1; i++) {
		CHECK_EQ_INT(h->caplen, 12 + built[i].len);
		CHECK_EQ_INT(h->len, h->caplen);
		CHECK_EQ_INT(h->ts.tv_usec, built[i].ts_ns % NS);
		if (i == 1) /* its own rate, 6 Mb/s */
			CHECK_EQ_INT(d[8], 12);
		else
			CHECK_MEM(d, i == 3 ? group : unicast, 12);
	}
	CHECK_EQ_INT(i, NFRAMES);
	pcap_close(pc);
	unlink(path);
}

/* Received frames and echoes (PORT_DIR_RX) come back field for field. */
static const struct {
	uint16_t flags;
	int8_t signal;
	uint8_t rate;
	uint16_t freq;
} rx_cases[] = {
	{0, -40, 2, 2437},
	{0, 0, 0, 0},
	{0, -90, 12, 5180},
	{0, -1, 0, 2412},
	{FRAME_F_TX_STATUS | FRAME_F_ACKED, 0, 2, 0},
	{FRAME_F_TX_STATUS, -30, 22, 2462},
	{FRAME_F_TX_STATUS | FRAME_F_ACKED | FRAME_F_NOACK, 0, 0, 0},
	{FRAME_F_TX_STATUS | FRAME_F_NOACK, -55, 108, 5745},
};

static void write_rx_cases(const char *path)
{
	struct port *out = open_out(path, 2);
	unsigned i;

	if (!out)
		return;
	for (i = 0; i < RAPD_ARRAY_SIZE(rx_cases); i++) {
		fr = built[i % NFRAMES];
		fr.flags = rx_cases[i].flags;
		fr.signal_dbm = rx_cases[i].signal;
		fr.rate_500k = rx_cases[i].rate;
		fr.freq_mhz = rx_cases[i].freq;
		fr.ts_ns = i * 1000 + 7;
		CHECK_EQ_INT(port_pcap_out_write(out, &fr, PORT_DIR_RX), 0);
	}
	CHECK_EQ_INT(port_close(out), 0);
}

static void test_roundtrip_received(void)
{
	const char *path = tmp_path("rx.pcap");
	struct port *in;
	unsigned i;

	write_rx_cases(path);
	in = open_in(path);
	if (!in)
		return;
	for (i = 0; i < RAPD_ARRAY_SIZE(rx_cases); i++) {
		const struct frame *b = &built[i % NFRAMES];

		CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_GOT);
		CHECK_EQ_INT(fr.len, b->len);
		CHECK_MEM(fr.data, b->data, b->len);
		CHECK_EQ_INT(fr.ts_ns, i * 1000 + 7);
		CHECK_EQ_INT(fr.flags, rx_cases[i].flags);
		CHECK_EQ_INT(fr.signal_dbm, rx_cases[i].signal);
		CHECK_EQ_INT(fr.rate_500k, rx_cases[i].rate);
		CHECK_EQ_INT(fr.freq_mhz, rx_cases[i].freq);
	}
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_END);
	port_close(in);
	unlink(path);
}

/* Frames the format or 802.11 cannot hold are refused, nothing written. */
static void test_write_refused(void)
{
	const char *path = tmp_path("refused.pcap");
	struct port *out = open_out(path, 2), *in;
	struct port_pcap_in_stats st;

	if (!out)
		return;
	fr = built[0];
	fr.len = 9;
	CHECK_EQ_INT(port_send(out, &fr), -EINVAL);
	fr.len = FRAME_DATA_MAX + 1;
	CHECK_EQ_INT(port_send(out, &fr), -EMSGSIZE);
	fr = built[0];
	fr.ts_ns = (0x7fffffffull + 1) * NS;
	CHECK_EQ_INT(port_send(out, &fr), -ERANGE);
	fr.ts_ns = 0x7fffffffull * NS + NS - 1; /* the last one that fits */
	CHECK_EQ_INT(port_send(out, &fr), 0);
	CHECK_EQ_INT(port_pcap_out_write(NULL, &fr, PORT_DIR_TX), -EINVAL);
	CHECK_EQ_INT(port_recv(out, &fr), PORT_RECV_END);
	CHECK(port_rx_error(out) != NULL);
	CHECK_EQ_INT(port_close(out), 0);
	in = open_in(path);
	if (!in)
		return;
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_GOT);
	CHECK(fr.ts_ns == 0x7fffffffull * NS + NS - 1);
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_END);
	CHECK_EQ_INT(port_pcap_in_stats(in, &st), 0);
	CHECK_EQ_INT(st.records, 1);
	CHECK_EQ_INT(port_pcap_in_stats(NULL, &st), -EINVAL);
	port_close(in);
	unlink(path);
}

static void test_open_fail(void)
{
	char err[256] = "";

	CHECK(port_pcap_out_open(tmp_path("no/such/dir.pcap"), 2, err,
				 sizeof(err)) == NULL);
	CHECK(strstr(err, "no/such/dir.pcap") != NULL);
	CHECK(strstr(err, "No such file") != NULL);
	CHECK_EQ_INT(port_close(NULL), 0);
}

static bool have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* editcap -F pcapng: the same frames, timestamps still to the ns. */
static void test_pcapng_by_editcap(void)
{
	char cmd[512], ng[128];
	const char *path = tmp_path("ed.pcap");

	if (!have_tool("editcap"))
		SKIP("editcap absent");
	snprintf(ng, sizeof(ng), "%s", tmp_path("ed.pcapng"));
	write_built(path, 2);
	snprintf(cmd, sizeof(cmd), "editcap -F pcapng %s %s", path, ng);
	CHECK_EQ_INT(system(cmd), 0);
	check_built(ng, 2);
	unlink(path);
	unlink(ng);
}

/* Runs a shell command and returns its stdout (static buffer). */
static const char *run(const char *cmd)
{
	static char out[4096];
	size_t n;
	FILE *pp = popen(cmd, "r");

	out[0] = 0;
	CHECK(pp != NULL);
	if (!pp)
		return out;
	n = fread(out, 1, sizeof(out) - 1, pp);
	out[n] = 0;
	CHECK_EQ_INT(pclose(pp), 0);
	return out;
}

#define TSHARK_BAD "'_ws.malformed || _ws.expert.severity >= error'"

/* Frame numbers tshark flags as malformed or error-level expert info. */
static const char *tshark_bad(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -Y " TSHARK_BAD
		 " -T fields -e frame.number -e _ws.expert.message 2>/dev/null",
		 path);
	return run(cmd);
}

/* Subtype, rate in Mb/s, EAPOL packet type of each frame written. */
#define TSHARK_FIELDS "0x000b\t1\t\n0x0001\t6\t\n0x0020\t1\t3\n0x0008\t1\t\n"

static void test_tshark_clean(void)
{
	const char *path = tmp_path("ts.pcap"), *rx = tmp_path("tsrx.pcap");
	char cmd[512];
	const char *o;

	if (!have_tool("tshark"))
		SKIP("tshark absent");
	write_built(path, 2);
	write_rx_cases(rx);
	o = tshark_bad(path);
	CHECK(o[0] == 0);
	if (o[0])
		fprintf(stderr, "  tshark:\n%s", o);
	o = tshark_bad(rx);
	CHECK(o[0] == 0);
	if (o[0])
		fprintf(stderr, "  tshark (rx):\n%s", o);
	/* tshark saw what was built, EAPOL-Key included. */
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -T fields -e wlan.fc.type_subtype "
		 "-e radiotap.datarate -e eapol.type 2>/dev/null",
		 path);
	o = run(cmd);
	CHECK(strcmp(o, TSHARK_FIELDS) == 0);
	if (strcmp(o, TSHARK_FIELDS))
		fprintf(stderr, "  tshark fields:\n%s", o);
	unlink(path);
	unlink(rx);
}

/* The check above can fail: an element running past the frame is seen. */
static void test_tshark_sees_malformed(void)
{
	const char *path = tmp_path("bad.pcap");
	struct port *out;

	if (!have_tool("tshark"))
		SKIP("tshark absent");
	out = open_out(path, 2);
	if (!out)
		return;
	fr = built[1];
	fr.data[fr.len++] = 0xdd; /* vendor element, 40 bytes announced */
	fr.data[fr.len++] = 40;
	fr.data[fr.len++] = 0x00;
	CHECK_EQ_INT(port_send(out, &fr), 0);
	CHECK_EQ_INT(port_close(out), 0);
	CHECK(tshark_bad(path)[0] == '1');
	unlink(path);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rapd-test-port-out-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	check_begin("test_port_out");
	RUN(test_build);
	RUN(test_roundtrip_sent);
	RUN(test_file_bytes);
	RUN(test_roundtrip_received);
	RUN(test_write_refused);
	RUN(test_open_fail);
	RUN(test_pcapng_by_editcap);
	RUN(test_tshark_clean);
	RUN(test_tshark_sees_malformed);
	rmdir(tmpdir);
	return check_end();
}
