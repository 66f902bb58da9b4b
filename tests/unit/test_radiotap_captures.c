/*
 * test_radiotap_captures.c - the radiotap codec (rapd/radiotap.h):
 * iterator and rt_parse() on real inputs, read in place from
 * ../shared/captures (each test SKIPs when they are absent): the radiotap
 * project's parser cases in radiotap-check/ (X.bin iterated, compared with
 * X.out, which is what that project's test program printed), zn2i.pcap
 * (values, items, every truncation) and the fuzzer-found
 * malformed/radiotap-heapoverflow.pcap. Hand-made headers and the builder
 * are tested in test_radiotap.c.
 *
 * Every input is copied to a heap buffer of its exact length so that the
 * ASan build catches any read past it. rt_testutil.h walks them.
 */
#include "check.h"

#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdarg.h>

#include "rapd/bytes.h"
#include "rapd/radiotap.h"
#include "rt_testutil.h"

/* ---- helpers ---------------------------------------------------------- */

static uint8_t *dup_exact(const uint8_t *p, size_t len)
{
	uint8_t *b = malloc(len ? len : 1);

	if (!b)
		abort();
	if (len)
		memcpy(b, p, len);
	return b;
}

/* Reads a whole file into an exact-size heap buffer; NULL if absent. */
static uint8_t *read_file(const char *path, size_t *len)
{
	uint8_t tmp[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return NULL;
	n = fread(tmp, 1, sizeof(tmp), f);
	fclose(f);
	*len = n;
	return dup_exact(tmp, n);
}

/* ---- the radiotap project's parser cases ------------------------------ */

/*
 * The vendor namespace the radiotap project's test program registers
 * (its parse.c): OUI 00:00:00, sub_ns 0, fields 0 and 52 of 4 bytes,
 * alignment 1.
 */
static const struct rt_field_spec test_ns_fields[53] = {
	[0] = {1, 4},
	[52] = {1, 4},
};
static const struct rt_vendor_ns test_ns = {
	.oui = {0, 0, 0},
	.subns = 0,
	.fields = test_ns_fields,
	.n_fields = RAPD_ARRAY_SIZE(test_ns_fields),
};

struct text {
	char s[4096];
	size_t n;
};

static void emit(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(t->s + t->n, sizeof(t->s) - t->n, fmt, ap);
	va_end(ap);
	if (k > 0 && (size_t)k < sizeof(t->s) - t->n)
		t->n += (size_t)k;
}

static void emit_radiotap(struct text *t, const struct rt_iter *it, bool fcshdr)
{
	switch (it->index) {
	case RT_FIELD_TSFT:
		emit(t, "\tTSFT: %" PRIu64 "\n", get_le64(it->data));
		break;
	case RT_FIELD_FLAGS:
		emit(t, "\tflags: %02x\n", it->data[0]);
		break;
	case RT_FIELD_RATE:
		emit(t, "\trate: %lf\n", (double)it->data[0] / 2);
		break;
	case RT_FIELD_RX_FLAGS:
		if (fcshdr)
			emit(t, "\tFCS in header: %.8x\n", get_le32(it->data));
		else
			emit(t, "\tRX flags: %#.4x\n", get_le16(it->data));
		break;
	default:
		break; /* printed by nobody */
	}
}

static void emit_vendor_raw(struct text *t, const struct rt_iter *it)
{
	emit(t, "\tvendor NS (%.2x-%.2x-%.2x:%d, %d bytes)\n", it->oui[0],
	     it->oui[1], it->oui[2], it->subns, (int)it->size);
	for (size_t i = 0; i < it->size; i++)
		emit(t, "%s%.2x", i % 8 ? " " : "\t\t", it->data[i]);
	emit(t, "\n");
}

/* Prints the walk the way the radiotap project's test program does. */
static void emit_walk(struct text *t, const uint8_t *buf, size_t len,
		      bool fcshdr)
{
	const struct rt_iter_opts opts = {&test_ns, 1, fcshdr};
	struct rt_iter it;
	int r;

	if (rt_iter_init(&it, buf, len, &opts) != RT_OK) {
		emit(t, "malformed radiotap header\n");
		return;
	}
	while ((r = rt_iter_next(&it)) > 0) {
		if (it.ns == RT_NS_RADIOTAP) {
			emit_radiotap(t, &it, fcshdr);
		} else if (it.index == RT_BIT_VENDOR_NS) {
			emit_vendor_raw(t, &it);
		} else {
			emit(t, "\t00:00:00-00|%u: %.2x/%.2x/%.2x/%.2x\n",
			     it.index, it.data[0], it.data[1], it.data[2],
			     it.data[3]);
		}
	}
	if (r < 0)
		emit(t, "malformed radiotap data\n");
}

static const struct rt_iter_opts test_opts = {&test_ns, 1, false};

/*
 * The cases of radiotap-check/: the walk must print NAME.out (which holds
 * the TSFT values, flags, rates, FCS, vendor bytes and field indices) and
 * hand out the items of rc_items[] for NAME at these offsets, then end
 * with rc (0: complete).
 */
static const struct rc_case {
	const char *name;
	bool fcshdr;
	int rc;
} rc_cases[] = {
	{"0", false, 0},
	{"00", false, 0},
	{"0fcs", true, 0},
	{"0v0", false, 0},
	{"0v0-2", false, 0},
	{"0v0-3", false, 0},
	{"0v0-4", false, 0},
	{"1", false, 0},
	{"malformed-vendor", false, RT_ERR_VENDOR_PAST_LEN},
	{"unparsed-vendor", false, 0},
};

#define NS_R RT_NS_RADIOTAP
#define NS_V RT_NS_VENDOR

static const struct rc_item {
	const char *name;
	enum rt_ns ns;
	unsigned int index;
	size_t off, size;
} rc_items[] = {
	{"0", NS_R, RT_FIELD_TSFT, 8, 8},
	/* Two presence words, TSFT in both (bit 29 resets the index). */
	{"00", NS_R, RT_FIELD_TSFT, 16, 8},
	{"00", NS_R, RT_FIELD_TSFT, 24, 8},
	/* Field 14 read as a 4-byte FCS. */
	{"0fcs", NS_R, RT_FIELD_TSFT, 8, 8},
	{"0fcs", NS_R, RT_FIELD_RX_FLAGS, 16, 4},
	/* radiotap -> registered vendor ns (field 0) -> radiotap. */
	{"0v0", NS_R, RT_FIELD_TSFT, 16, 8},
	{"0v0", NS_V, 0, 30, 4},
	{"0v0", NS_R, RT_FIELD_TSFT, 40, 8},
	/* Registered namespace, field 1 unknown to it: the rest skipped. */
	{"0v0-2", NS_R, RT_FIELD_TSFT, 16, 8},
	{"0v0-2", NS_R, RT_FIELD_TSFT, 40, 8},
	/* Unregistered sub_ns 1: the whole vendor data as one item. */
	{"0v0-3", NS_R, RT_FIELD_TSFT, 16, 8},
	{"0v0-3", NS_V, RT_BIT_VENDOR_NS, 30, 4},
	{"0v0-3", NS_R, RT_FIELD_TSFT, 40, 8},
	/* A vendor field in the namespace's second word: 32 + 20 = 52. */
	{"0v0-4", NS_R, RT_FIELD_TSFT, 24, 8},
	{"0v0-4", NS_V, 52, 38, 4},
	{"0v0-4", NS_R, RT_FIELD_TSFT, 48, 8},
	{"1", NS_R, RT_FIELD_FLAGS, 8, 1},
	/* The vendor header runs past it_len, after six radiotap fields. */
	{"malformed-vendor", NS_R, RT_FIELD_FLAGS, 20, 1},
	{"malformed-vendor", NS_R, RT_FIELD_RATE, 21, 1},
	{"malformed-vendor", NS_R, RT_FIELD_CHANNEL, 22, 4},
	{"malformed-vendor", NS_R, RT_FIELD_DBM_ANTSIGNAL, 26, 1},
	{"malformed-vendor", NS_R, RT_FIELD_ANTENNA, 27, 1},
	{"malformed-vendor", NS_R, RT_FIELD_RX_FLAGS, 28, 2},
	/* Unknown OUI skipped by its skip length, then RATE (2 Mb/s). */
	{"unparsed-vendor", NS_R, RT_FIELD_FLAGS, 20, 1},
	{"unparsed-vendor", NS_R, RT_FIELD_RATE, 21, 1},
	{"unparsed-vendor", NS_R, RT_FIELD_CHANNEL, 22, 4},
	{"unparsed-vendor", NS_R, RT_FIELD_DBM_ANTSIGNAL, 26, 1},
	{"unparsed-vendor", NS_R, RT_FIELD_ANTENNA, 27, 1},
	{"unparsed-vendor", NS_R, RT_FIELD_RX_FLAGS, 28, 2},
	{"unparsed-vendor", NS_V, RT_BIT_VENDOR_NS, 36, 2},
	{"unparsed-vendor", NS_R, RT_FIELD_RATE, 38, 1},
};

/* Loads radiotap-check/NAME.EXT into an exact-size buffer, or NULL. */
static uint8_t *rc_load(const char *name, const char *ext, size_t *len)
{
	char rel[256];
	const char *path;

	snprintf(rel, sizeof(rel), "radiotap-check/%s.%s", name, ext);
	path = check_capture(rel);
	return path ? read_file(path, len) : NULL;
}

static void rc_run(int k)
{
	const struct rc_case *c = &rc_cases[k];
	struct text t = {.n = 0};
	size_t len, out_len;
	uint8_t *bin = rc_load(c->name, "bin", &len);
	uint8_t *out = rc_load(c->name, "out", &out_len);
	const struct rt_iter_opts opts = {&test_ns, 1, c->fcshdr};
	struct rtt_walk w;
	int n = 0;

	if (!bin || !out) {
		free(bin);
		free(out);
		SKIP("radiotap-check captures absent");
	}
	emit_walk(&t, bin, len, c->fcshdr);
	if (t.n != out_len || memcmp(t.s, out, out_len) != 0) {
		fprintf(stderr, "  %s: printed\n%.*s  want\n%.*s", c->name,
			(int)t.n, t.s, (int)out_len, (const char *)out);
		check_failures++;
	}
	rtt_walk(bin, len, &opts, &w);
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(rc_items); i++) {
		const struct rc_item *r = &rc_items[i];

		if (strcmp(r->name, c->name) == 0)
			rtt_check_item(&w, n++, r->ns, r->index, r->off,
				       r->size);
	}
	CHECK_EQ_INT(w.n, n);
	CHECK_EQ_INT(w.rc, c->rc);
	if (c->rc == 0)
		CHECK_EQ_INT(w.end, RT_END_COMPLETE);
	free(bin);
	free(out);
}

static int rc_current;

static void rc_run_current(void)
{
	rc_run(rc_current);
}

/* Each case is one test, named check_NAME. */
static void rc_run_all(void)
{
	char name[64];

	for (rc_current = 0; rc_current < (int)RAPD_ARRAY_SIZE(rc_cases);
	     rc_current++) {
		snprintf(name, sizeof(name), "check_%s",
			 rc_cases[rc_current].name);
		check_run(name, rc_run_current);
	}
}

/* The same cases through rt_parse, and without options or registry. */
static void test_check_parse(void)
{
	static const char *const names[5] = {
		"unparsed-vendor", "malformed-vendor", "0fcs", "0v0", "1"};
	uint8_t *b[5];
	size_t len[5];
	struct rt_info info;
	struct rtt_walk w;
	int n = 0;

	while (n < 5 && (b[n] = rc_load(names[n], "bin", &len[n])))
		n++;
	if (n < 5) {
		while (n--)
			free(b[n]);
		SKIP("radiotap-check captures absent");
	}
	CHECK_EQ_INT(rt_parse(b[0], len[0], &info), RT_OK);
	CHECK_EQ_INT(info.rate, 2); /* the first rate, 1 Mb/s */
	CHECK_EQ_INT(info.len, 39);
	CHECK_MEM(b[0] + 36, "\xde\xad", 2);
	CHECK_EQ_INT(rt_parse(b[1], len[1], &info), RT_ERR_VENDOR_PAST_LEN);
	rtt_walk(b[2], len[2], NULL, &w); /* 2-byte RX flags by default */
	rtt_check_item(&w, 1, RT_NS_RADIOTAP, RT_FIELD_RX_FLAGS, 16, 2);
	rtt_walk(b[3], len[3], NULL, &w); /* not registered: one item */
	rtt_check_item(&w, 1, RT_NS_VENDOR, RT_BIT_VENDOR_NS, 30, 4);
	CHECK_EQ_INT(w.rc, 0);
	CHECK_EQ_INT(rt_parse(b[4], len[4], &info), RT_OK);
	CHECK_EQ_INT(info.flags, 0x33);
	CHECK(info.fcs_at_end);
	CHECK_EQ_INT(info.has, RT_HAS(RT_FIELD_FLAGS));
	while (n--)
		free(b[n]);
}

/* ---- zn2i.pcap and the malformed capture ------------------------------- */

struct pkt {
	uint8_t *data; /* exact-size heap copy */
	size_t len;
};

/* Loads up to max packets; returns how many, or -1 if the file is absent. */
static int load_pcap(const char *name, struct pkt *pkts, int max)
{
	char err[PCAP_ERRBUF_SIZE];
	const char *path = check_capture(name);
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;
	int n = 0;

	if (!path)
		return -1;
	p = pcap_open_offline(path, err);
	if (!p)
		return -1;
	while (n < max && pcap_next_ex(p, &h, &d) == 1) {
		pkts[n].data = dup_exact(d, h->caplen);
		pkts[n].len = h->caplen;
		n++;
	}
	pcap_close(p);
	return n;
}

static void free_pkts(struct pkt *pkts, int n)
{
	for (int i = 0; i < n; i++)
		free(pkts[i].data);
}

/*
 * dBm antenna signal of each frame, and frame 1's other values, as read
 * with tshark 4.0.17 (tshark -r zn2i.pcap -T fields -e radiotap.*).
 */
static const int8_t zn2i_signal[12] = {-74, -38, -34, -34, -74, -32,
				       -72, -74, -34, -76, -34, -38};

static void test_zn2i_parse(void)
{
	struct pkt pk[16];
	int n = load_pcap("zn2i.pcap", pk, 16), n18 = 0, n21 = 0;
	struct rt_info info;

	if (n < 0)
		SKIP("zn2i.pcap absent");
	CHECK_EQ_INT(n, 12);
	for (int i = 0; i < n && i < 12; i++) {
		uint32_t present = get_le32(pk[i].data + 4);

		CHECK_EQ_INT(rt_parse(pk[i].data, pk[i].len, &info), RT_OK);
		n18 += present == 0x0000482e && info.len == 18;
		n21 += present == 0x0008482a && info.len == 21;
		CHECK_EQ_INT(info.dbm_signal, zn2i_signal[i]);
		CHECK_EQ_INT(info.chan_freq, 2427);
		CHECK_EQ_INT(info.antenna, 1);
		CHECK(!info.fcs_at_end);
		CHECK(!info.stopped_unknown);
	}
	CHECK_EQ_INT(n18, 10);
	CHECK_EQ_INT(n21, 2);
	/* Frame 1 (tshark 4.0.17): 1 Mb/s, channel flags 0x00a0, flags 0. */
	CHECK_EQ_INT(rt_parse(pk[0].data, pk[0].len, &info), RT_OK);
	CHECK_EQ_INT(info.rate, 2);
	CHECK_EQ_INT(info.chan_flags, 0x00a0);
	CHECK_EQ_INT(info.flags, 0);
	CHECK_EQ_INT(info.has, RT_HAS(RT_FIELD_FLAGS) | RT_HAS(RT_FIELD_RATE) |
				       RT_HAS(RT_FIELD_CHANNEL) |
				       RT_HAS(RT_FIELD_DBM_ANTSIGNAL) |
				       RT_HAS(RT_FIELD_ANTENNA));
	/* Frames 2 and 12 (tshark 4.0.17): MCS known 0x07, index 2 and 15. */
	CHECK_EQ_INT(rt_parse(pk[1].data, pk[1].len, &info), RT_OK);
	CHECK(!(info.has & RT_HAS(RT_FIELD_RATE)));
	CHECK(info.has & RT_HAS(RT_FIELD_MCS));
	CHECK_EQ_INT(info.mcs_known, 0x07);
	CHECK_EQ_INT(info.mcs_flags, 0);
	CHECK_EQ_INT(info.mcs_index, 2);
	CHECK_EQ_INT(info.chan_flags, 0x0480);
	if (n >= 12) {
		CHECK_EQ_INT(rt_parse(pk[11].data, pk[11].len, &info), RT_OK);
		CHECK_EQ_INT(info.mcs_index, 15);
	}
	free_pkts(pk, n);
}

/* The 18-byte headers walk as flags, rate, channel, signal, antenna, rx. */
static void test_zn2i_iterate(void)
{
	struct pkt pk[16];
	int n = load_pcap("zn2i.pcap", pk, 16);
	struct rtt_walk w;

	if (n < 1)
		SKIP("zn2i.pcap absent");
	rtt_walk(pk[0].data, pk[0].len, NULL, &w);
	CHECK_EQ_INT(w.n, 6);
	rtt_check_item(&w, 0, RT_NS_RADIOTAP, RT_FIELD_FLAGS, 8, 1);
	rtt_check_item(&w, 1, RT_NS_RADIOTAP, RT_FIELD_RATE, 9, 1);
	rtt_check_item(&w, 2, RT_NS_RADIOTAP, RT_FIELD_CHANNEL, 10, 4);
	rtt_check_item(&w, 3, RT_NS_RADIOTAP, RT_FIELD_DBM_ANTSIGNAL, 14, 1);
	rtt_check_item(&w, 4, RT_NS_RADIOTAP, RT_FIELD_ANTENNA, 15, 1);
	rtt_check_item(&w, 5, RT_NS_RADIOTAP, RT_FIELD_RX_FLAGS, 16, 2);
	CHECK_EQ_INT(w.rc, 0);
	free_pkts(pk, n);
}

/* Runs init/next/rt_parse on an exact-size copy of p[0..len). */
static int walk_copy(const uint8_t *p, size_t len, uint16_t it_len)
{
	uint8_t *b = dup_exact(p, len);
	struct rt_info info;
	struct rtt_walk w;
	int v;

	if (len >= 4)
		put_le16(b + 2, it_len);
	rtt_walk(b, len, &test_opts, &w);
	v = rt_parse(b, len, &info);
	CHECK(v == RT_OK || v == w.rc);
	free(b);
	return v;
}

/* Every truncation of every header: clean verdicts, no reads past. */
static void test_zn2i_truncations(void)
{
	struct pkt pk[16];
	int n = load_pcap("zn2i.pcap", pk, 16);

	if (n < 0)
		SKIP("zn2i.pcap absent");
	for (int i = 0; i < n; i++) {
		uint16_t hl = get_le16(pk[i].data + 2);

		for (size_t cut = 0; cut <= hl; cut++) {
			int v = walk_copy(pk[i].data, cut, hl);

			if (cut < 8)
				CHECK_EQ_INT(v, RT_ERR_SHORT_BUFFER);
			else if (cut < hl)
				CHECK_EQ_INT(v, RT_ERR_LEN_PAST_BUFFER);
			else
				CHECK_EQ_INT(v, RT_OK);
		}
		/* it_len itself shortened: the last field no longer fits. */
		for (size_t cut = 8; cut < hl; cut++)
			CHECK_EQ_INT(walk_copy(pk[i].data, cut, (uint16_t)cut),
				     RT_ERR_FIELD_PAST_LEN);
	}
	free_pkts(pk, n);
}

static void test_heapoverflow_capture(void)
{
	struct pkt pk[4];
	int n = load_pcap("malformed/radiotap-heapoverflow.pcap", pk, 4);
	struct rt_info info;

	if (n < 0)
		SKIP("malformed captures absent");
	CHECK(n >= 1);
	for (int i = 0; i < n; i++) {
		struct rtt_walk w;

		rtt_walk(pk[i].data, pk[i].len, &test_opts, &w);
		CHECK(w.rc < 0);
		CHECK(rt_parse(pk[i].data, pk[i].len, &info) < 0);
	}
	free_pkts(pk, n);
}

int main(void)
{
	check_begin("test_radiotap_captures");
	rc_run_all();
	RUN(test_check_parse);
	RUN(test_zn2i_parse);
	RUN(test_zn2i_iterate);
	RUN(test_zn2i_truncations);
	RUN(test_heapoverflow_capture);
	return check_end();
}
