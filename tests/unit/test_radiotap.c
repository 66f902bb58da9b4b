/*
 * test_radiotap.c - the radiotap codec (rapd/radiotap.h) on hand-made
 * headers: the verdict of every malformed shape, unknown fields, field
 * alignment, extended presence bitmaps, vendor namespaces (registered or
 * not, chained), the TLV list, the field table, and rt_build_tx(). Real
 * captures (the radiotap project's parser cases, zn2i.pcap, the malformed
 * capture) are in test_radiotap_captures.c.
 *
 * The headers below are written for these tests; each is decoded into a
 * heap buffer of its exact length (check_unhex) so that the ASan build
 * catches any read past it. rt_testutil.h walks them.
 */
#include "check.h"

#include "rapd/bytes.h"
#include "rapd/radiotap.h"
#include "rt_testutil.h"

/* ---- hand-made headers ------------------------------------------------- */

/* Parses hex into an exact-size buffer and returns rt_parse's verdict. */
static int parse_hex(const char *hex, struct rt_info *info)
{
	size_t len;
	uint8_t *b = check_unhex(hex, &len);
	int v = rt_parse(b, len, info);

	free(b);
	return v;
}

static void walk_hex(const char *hex, const struct rt_iter_opts *opts,
		     struct rtt_walk *w)
{
	size_t len;
	uint8_t *b = check_unhex(hex, &len);

	rtt_walk(b, len, opts, w);
	free(b);
}

/* Hand-made headers and the verdict both rt_parse and the walk give. */
static const struct {
	const char *hex;
	int verdict;
} verdicts[] = {
	{"", RT_ERR_SHORT_BUFFER},
	{"00 00 08 00 00 00 00", RT_ERR_SHORT_BUFFER},
	{"01 00 08 00 00 00 00 00", RT_ERR_VERSION},
	{"00 00 07 00 00 00 00 00", RT_ERR_LEN_TOO_SMALL},
	{"00 00 0a 00 02 00 00 00 10", RT_ERR_LEN_PAST_BUFFER},
	/* The minimal header: no fields at all. */
	{"00 00 08 00 00 00 00 00", RT_OK},
	/* Presence words past it_len, even where the buffer goes on. */
	{"00 00 08 00 00 00 00 80", RT_ERR_PRESENCE_PAST_LEN},
	{"00 00 0c 00 00 00 00 80 00 00 00 80", RT_ERR_PRESENCE_PAST_LEN},
	{"00 00 0c 00 00 00 00 80 00 00 00 80 00 00 00 00",
	 RT_ERR_PRESENCE_PAST_LEN},
	/* TSFT with one byte; CHANNEL after FLAGS and its pad byte; RATE
	 * in the buffer but past it_len. */
	{"00 00 09 00 01 00 00 00 00", RT_ERR_FIELD_PAST_LEN},
	{"00 00 0b 00 0a 00 00 00 10 00 6c", RT_ERR_FIELD_PAST_LEN},
	{"00 00 08 00 04 00 00 00 02", RT_ERR_FIELD_PAST_LEN},
	/* FLAGS, vendor header with skip_length 10 and 2 bytes left. */
	{"00 00 16 00 02 00 00 c0 00 00 00 00 10 00 00 11 22 07 0a 00 aa bb",
	 RT_ERR_VENDOR_PAST_LEN},
	/* FLAGS, then bits 29 and 30 in one word. */
	{"00 00 0d 00 02 00 00 e0 00 00 00 00 33", RT_ERR_NS_CONFLICT},
	/* TLV with bits 29 and 31 in its word; TLV padding past it_len. */
	{"00 00 10 00 00 00 00 b0 00 00 00 00 00 00 00 00",
	 RT_ERR_TLV_NOT_LAST},
	{"00 00 09 00 02 00 00 10 33", RT_ERR_FIELD_PAST_LEN},
};

static void test_verdicts(void)
{
	struct rt_info info;
	struct rtt_walk w;

	for (size_t i = 0; i < RAPD_ARRAY_SIZE(verdicts); i++) {
		walk_hex(verdicts[i].hex, NULL, &w);
		CHECK_EQ_INT(w.rc, verdicts[i].verdict);
		CHECK_EQ_INT(parse_hex(verdicts[i].hex, &info),
			     verdicts[i].verdict);
	}
	CHECK_EQ_INT(parse_hex("00 00 08 00 00 00 00 00", &info), RT_OK);
	CHECK_EQ_INT(info.len, 8);
	CHECK_EQ_INT(info.has, 0);
}

/* An unknown radiotap field: the walk stops there, cleanly. */
static void test_unknown_field_stops(void)
{
	struct rt_info info;
	struct rtt_walk w;

	/* FLAGS, bit 25 (not defined), bit 26 after it. */
	walk_hex("00 00 0c 00 02 00 00 06 33 aa bb cc", NULL, &w);
	CHECK_EQ_INT(w.n, 1);
	CHECK_EQ_INT(w.rc, 0);
	CHECK_EQ_INT(w.end, RT_END_UNKNOWN_FIELD);
	CHECK_EQ_INT(w.end_index, 25);
	CHECK_EQ_INT(parse_hex("00 00 0c 00 02 00 00 06 33 aa bb cc", &info),
		     RT_OK);
	CHECK_EQ_INT(info.flags, 0x33);
	CHECK(info.stopped_unknown);
	CHECK_EQ_INT(info.unknown_index, 25);
	/* Index 34 (word 1 of the radiotap ns, no reset), then index 35. */
	walk_hex("00 00 10 00 02 00 00 80 0c 00 00 00 33 01 02 03", NULL, &w);
	CHECK_EQ_INT(w.n, 1);
	rtt_check_item(&w, 0, RT_NS_RADIOTAP, RT_FIELD_FLAGS, 12, 1);
	CHECK_EQ_INT(w.end, RT_END_UNKNOWN_FIELD);
	CHECK_EQ_INT(w.end_index, 34);
}

/* TSFT after FLAGS (new namespace): 8-aligned from the header start. */
static void test_alignment_tsft_after_flags(void)
{
	static const char hex[] = "00 00 18 00 02 00 00 a0 01 00 00 00"
				  "10 ee ee ee 08 07 06 05 04 03 02 01";
	struct rt_info info;
	struct rtt_walk w;

	walk_hex(hex, NULL, &w);
	CHECK_EQ_INT(w.n, 2);
	rtt_check_item(&w, 0, RT_NS_RADIOTAP, RT_FIELD_FLAGS, 12, 1);
	rtt_check_item(&w, 1, RT_NS_RADIOTAP, RT_FIELD_TSFT, 16, 8);
	CHECK_EQ_INT(parse_hex(hex, &info), RT_OK);
	CHECK(info.tsft == 0x0102030405060708ULL);
	CHECK_EQ_INT(info.flags, 0x10);
	CHECK(info.fcs_at_end);
}

/* Every field of the table in one header: offsets follow align/size. */
static void test_alignment_all_fields(void)
{
	static const struct {
		unsigned int index;
		size_t off, size;
	} want[] = {
		{RT_FIELD_FLAGS, 8, 1},		 {RT_FIELD_CHANNEL, 10, 4},
		{RT_FIELD_DBM_ANTSIGNAL, 14, 1}, {RT_FIELD_RX_FLAGS, 16, 2},
		{RT_FIELD_MCS, 18, 3},		 {RT_FIELD_AMPDU_STATUS, 24, 8},
		{RT_FIELD_VHT, 32, 12},		 {RT_FIELD_TIMESTAMP, 48, 12},
		{RT_FIELD_HE, 60, 12},		 {RT_FIELD_HE_MU, 72, 12},
		{RT_FIELD_ZERO_LEN_PSDU, 84, 1}, {RT_FIELD_LSIG, 86, 4},
		{RT_FIELD_TLV, 92, 8},
	};
	uint8_t b[100] = {0};
	uint32_t present = 0;
	struct rtt_walk w;

	for (size_t i = 0; i < RAPD_ARRAY_SIZE(want); i++)
		present |= 1u << want[i].index;
	put_le16(b + 2, sizeof(b));
	put_le32(b + 4, present);
	put_le16(b + 92, 32); /* one TLV: type 32, 2 bytes, 2 of padding */
	put_le16(b + 94, 2);
	rtt_walk(b, sizeof(b), NULL, &w);
	CHECK_EQ_INT(w.n, (int)RAPD_ARRAY_SIZE(want));
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(want); i++)
		rtt_check_item(&w, (int)i, RT_NS_RADIOTAP, want[i].index,
			       want[i].off, want[i].size);
	CHECK_EQ_INT(w.rc, 0);
	CHECK_EQ_INT(w.end, RT_END_COMPLETE);
}

/*
 * Extended bitmap the way mac80211 reports chains: the combined signal
 * first, then one radiotap namespace per chain. rt_parse keeps the first.
 */
static void test_extended_bitmap_chains(void)
{
	static const char hex[] =
		"00 00 24 00 2f 40 00 a0 20 08 00 00 00 00 00 00"
		"01 00 00 00 00 00 00 00 10 02 6c 09 a0 00 c4 00"
		"00 00 c2 00";
	struct rt_info info;
	struct rtt_walk w;

	walk_hex(hex, NULL, &w);
	CHECK_EQ_INT(w.n, 8);
	rtt_check_item(&w, 0, RT_NS_RADIOTAP, RT_FIELD_TSFT, 16, 8);
	rtt_check_item(&w, 3, RT_NS_RADIOTAP, RT_FIELD_CHANNEL, 26, 4);
	rtt_check_item(&w, 4, RT_NS_RADIOTAP, RT_FIELD_DBM_ANTSIGNAL, 30, 1);
	rtt_check_item(&w, 5, RT_NS_RADIOTAP, RT_FIELD_RX_FLAGS, 32, 2);
	rtt_check_item(&w, 6, RT_NS_RADIOTAP, RT_FIELD_DBM_ANTSIGNAL, 34, 1);
	rtt_check_item(&w, 7, RT_NS_RADIOTAP, RT_FIELD_ANTENNA, 35, 1);
	CHECK_EQ_INT(parse_hex(hex, &info), RT_OK);
	CHECK_EQ_INT(info.dbm_signal, -60);
	CHECK_EQ_INT(info.chan_freq, 2412);
	CHECK_EQ_INT(info.rate, 2);
	CHECK(info.tsft == 1);
	CHECK(info.fcs_at_end);
	/* Word 1 without the reset bit: indices 32 + b, unknown -> stop. */
	walk_hex("00 00 10 00 02 00 00 80 01 00 00 00 10 00 00 00", NULL, &w);
	CHECK_EQ_INT(w.n, 1);
	CHECK_EQ_INT(w.end, RT_END_UNKNOWN_FIELD);
	CHECK_EQ_INT(w.end_index, 32);
}

static const struct rt_field_spec aligned_fields[] = {
	[0] = {1, 1},
	[1] = {2, 2},
};
static const struct rt_vendor_ns aligned_ns = {
	.oui = {0x00, 0x11, 0x22},
	.subns = 7,
	.fields = aligned_fields,
	.n_fields = RAPD_ARRAY_SIZE(aligned_fields),
};

static void test_vendor_namespaces(void)
{
	const struct rt_iter_opts opts = {&aligned_ns, 1, false};
	/* FLAGS | vendor | ext; vendor word: fields 0, 1 | bit 29 | ext;
	 * radiotap word: RATE. */
	static const char hex[] =
		"00 00 20 00 02 00 00 c0 03 00 00 a0 04 00 00 00"
		"10 00 00 11 22 07 05 00 aa 00 bb cc dd 0c 00 00";
	struct rt_info info;
	struct rtt_walk w;

	walk_hex(hex, &opts, &w);
	CHECK_EQ_INT(w.n, 4);
	rtt_check_item(&w, 0, RT_NS_RADIOTAP, RT_FIELD_FLAGS, 16, 1);
	rtt_check_item(&w, 1, RT_NS_VENDOR, 0, 24, 1);
	rtt_check_item(&w, 2, RT_NS_VENDOR, 1, 26, 2); /* padded to 2 */
	rtt_check_item(&w, 3, RT_NS_RADIOTAP, RT_FIELD_RATE, 29, 1);
	CHECK_EQ_INT(w.items[1].subns, 7);
	CHECK_MEM(w.items[2].oui, aligned_ns.oui, 3);
	CHECK_EQ_INT(w.rc, 0);
	/* Unregistered: the data is one item and RATE is still found. */
	walk_hex(hex, NULL, &w);
	CHECK_EQ_INT(w.n, 3);
	rtt_check_item(&w, 1, RT_NS_VENDOR, RT_BIT_VENDOR_NS, 24, 5);
	rtt_check_item(&w, 2, RT_NS_RADIOTAP, RT_FIELD_RATE, 29, 1);
	CHECK_EQ_INT(parse_hex(hex, &info), RT_OK);
	CHECK_EQ_INT(info.rate, 0x0c);
}

/* A registered field of 2 bytes in a skip_length of 1. */
static void test_vendor_field_past_skip(void)
{
	const struct rt_iter_opts opts = {&aligned_ns, 1, false};
	struct rtt_walk w;

	walk_hex("00 00 16 00 00 00 00 c0 02 00 00 00 00 11 22 07 01 00 aa bb"
		 "cc dd",
		 &opts, &w);
	CHECK_EQ_INT(w.n, 0);
	CHECK_EQ_INT(w.rc, RT_ERR_VENDOR_FIELD_PAST_SKIP);
	/* Unregistered, the same bytes are fine: one item of 1 byte. */
	walk_hex("00 00 16 00 00 00 00 c0 02 00 00 00 00 11 22 07 01 00 aa bb"
		 "cc dd",
		 NULL, &w);
	CHECK_EQ_INT(w.n, 1);
	rtt_check_item(&w, 0, RT_NS_VENDOR, RT_BIT_VENDOR_NS, 18, 1);
	CHECK_EQ_INT(w.rc, 0);
}

/* Vendor to vendor (bit 30 in a vendor word), and bit 30 without ext. */
static void test_vendor_chain(void)
{
	/* vendor A (2 bytes aa bb), then vendor B (0 bytes) at offset 24. */
	static const char hex[] =
		"00 00 1e 00 00 00 00 c0 00 00 00 c0 00 00 00 00"
		"00 00 01 01 02 00 aa bb 00 00 02 02 00 00";
	size_t len;
	uint8_t *b = check_unhex(hex, &len);
	struct rtt_walk w;

	rtt_walk(b, len, NULL, &w);
	CHECK_EQ_INT(w.n, 2);
	rtt_check_item(&w, 0, RT_NS_VENDOR, RT_BIT_VENDOR_NS, 22, 2);
	CHECK_EQ_INT(w.items[0].subns, 1);
	rtt_check_item(&w, 1, RT_NS_VENDOR, RT_BIT_VENDOR_NS, 30, 0);
	CHECK_EQ_INT(w.items[1].subns, 2);
	CHECK_EQ_INT(w.rc, 0);
	/* it_len 28: B's header no longer fits. */
	put_le16(b + 2, 28);
	rtt_walk(b, len, NULL, &w);
	CHECK_EQ_INT(w.n, 1);
	CHECK_EQ_INT(w.rc, RT_ERR_VENDOR_PAST_LEN);
	free(b);
	/* Bit 30 in the last word: its header is still read. */
	walk_hex("00 00 10 00 00 00 00 40 00 00 01 09 00 00 00 00", NULL, &w);
	CHECK_EQ_INT(w.n, 1);
	rtt_check_item(&w, 0, RT_NS_VENDOR, RT_BIT_VENDOR_NS, 14, 0);
	CHECK_EQ_INT(w.items[0].subns, 9);
	CHECK_EQ_INT(w.rc, 0);
}

/* FLAGS then an empty TLV list ending at it_len. */
static void test_tlv(void)
{
	struct rtt_walk w;

	walk_hex("00 00 0c 00 02 00 00 10 33 00 00 00", NULL, &w);
	CHECK_EQ_INT(w.n, 2);
	rtt_check_item(&w, 1, RT_NS_RADIOTAP, RT_FIELD_TLV, 12, 0);
	CHECK_EQ_INT(w.rc, 0);
}

static void test_field_table(void)
{
	static const uint8_t want[29][2] = {
		{8, 8},	 {1, 1}, {1, 1}, {2, 4},  {2, 2},  {1, 1},
		{1, 1},	 {2, 2}, {2, 2}, {2, 2},  {1, 1},  {1, 1},
		{1, 1},	 {1, 1}, {2, 2}, {2, 2},  {1, 1},  {1, 1},
		{4, 8},	 {1, 3}, {4, 8}, {2, 12}, {8, 12}, {2, 12},
		{2, 12}, {0, 0}, {1, 1}, {2, 4},  {4, 0},
	};

	for (unsigned int i = 0; i < 29; i++) {
		const struct rt_field_spec *s = rt_radiotap_field(i);

		if (!want[i][0]) {
			CHECK(s == NULL);
			continue;
		}
		CHECK(s != NULL);
		if (!s)
			continue;
		CHECK_EQ_INT(s->align, want[i][0]);
		CHECK_EQ_INT(s->size, want[i][1]);
	}
	for (unsigned int i = 29; i < 40; i++)
		CHECK(rt_radiotap_field(i) == NULL);
	for (int v = RT_ERR_TLV_NOT_LAST; v < RT_OK; v++)
		CHECK(strcmp(rt_verdict_str((enum rt_verdict)v),
			     rt_verdict_str((enum rt_verdict)(v + 1))) != 0);
}

/* ---- builder ----------------------------------------------------------- */

/* ---- rt_parse's direct walk against the iterator ----------------------- */

/* What rt_parse must find, computed with the public iterator only. */
static int ref_parse(const uint8_t *b, size_t len, struct rt_info *o)
{
	struct rt_iter it;
	int r, v = rt_iter_init(&it, b, len, NULL);

	memset(o, 0, sizeof(*o));
	if (v != RT_OK)
		return v;
	o->len = it.len;
	while ((r = rt_iter_next(&it)) > 0) {
		const uint8_t *d = it.data;

		if (it.ns != RT_NS_RADIOTAP || it.index >= 32 ||
		    (o->has & RT_HAS(it.index)))
			continue;
		switch (it.index) {
		case RT_FIELD_TSFT:
			o->tsft = get_le64(d);
			break;
		case RT_FIELD_FLAGS:
			o->flags = d[0];
			o->fcs_at_end = d[0] & RT_FLAG_FCS;
			break;
		case RT_FIELD_RATE:
			o->rate = d[0];
			break;
		case RT_FIELD_CHANNEL:
			o->chan_freq = get_le16(d);
			o->chan_flags = get_le16(d + 2);
			break;
		case RT_FIELD_DBM_ANTSIGNAL:
			o->dbm_signal = (int8_t)d[0];
			break;
		case RT_FIELD_ANTENNA:
			o->antenna = d[0];
			break;
		case RT_FIELD_TX_FLAGS:
			o->tx_flags = get_le16(d);
			break;
		case RT_FIELD_DATA_RETRIES:
			o->data_retries = d[0];
			break;
		case RT_FIELD_MCS:
			o->mcs_known = d[0];
			o->mcs_flags = d[1];
			o->mcs_index = d[2];
			break;
		default:
			continue;
		}
		o->has |= RT_HAS(it.index);
	}
	if (r < 0)
		return r;
	if (it.end == RT_END_UNKNOWN_FIELD) {
		o->stopped_unknown = true;
		o->unknown_index = it.index;
	}
	return RT_OK;
}

static bool same_info(const struct rt_info *a, const struct rt_info *b)
{
	return a->len == b->len && a->has == b->has && a->tsft == b->tsft &&
	       a->flags == b->flags && a->fcs_at_end == b->fcs_at_end &&
	       a->rate == b->rate && a->chan_freq == b->chan_freq &&
	       a->chan_flags == b->chan_flags &&
	       a->dbm_signal == b->dbm_signal && a->antenna == b->antenna &&
	       a->tx_flags == b->tx_flags &&
	       a->data_retries == b->data_retries &&
	       a->mcs_known == b->mcs_known && a->mcs_flags == b->mcs_flags &&
	       a->mcs_index == b->mcs_index &&
	       a->stopped_unknown == b->stopped_unknown &&
	       (!a->stopped_unknown || a->unknown_index == b->unknown_index);
}

/* Random headers, mostly the one-word kind rt_parse walks directly (any
 * fields, lengths that cut them), some with the bits that need the
 * iterator: the verdict and every field must match the iterator's. */
static void test_direct_walk_matches_iterator(void)
{
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	unsigned int bad = 0;

	for (unsigned int n = 0; n < 20000 && !bad; n++) {
		uint8_t *b;
		struct rt_info got, want;
		uint32_t present;
		size_t len, it_len;
		int vg, vw;

		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		present = (uint32_t)rng & 0x003fffffu; /* fields 0..21 */
		if ((rng >> 32) % 8 == 0)
			present |= 1u << (22 + (rng >> 35) % 10); /* 22..31 */
		it_len = 8 + (rng >> 40) % 56;
		len = it_len + (rng >> 48) % 4;
		if ((rng >> 52) % 16 == 0)
			it_len = len + 1; /* past the buffer */
		b = malloc(len);
		if (!b)
			break;
		for (size_t i = 0; i < len; i++)
			b[i] = (uint8_t)(rng >> (i % 8 * 8)) ^ (uint8_t)i;
		b[0] = 0;
		put_le16(b + 2, (uint16_t)it_len);
		put_le32(b + 4, present);
		vg = rt_parse(b, len, &got);
		vw = ref_parse(b, len, &want);
		if (vg != vw || (vg == RT_OK && !same_info(&got, &want)))
			bad = n + 1;
		free(b);
	}
	CHECK_EQ_INT(bad, 0);
}

static void test_build_tx(void)
{
	static const uint8_t want[RT_TX_HDR_LEN] = {
		0x00, 0x00, 0x0c, 0x00, 0x04, 0x80,
		0x00, 0x00, 0x02, 0x00, 0x18, 0x00,
	};
	uint8_t out[RT_TX_HDR_LEN];
	struct rt_info info;

	CHECK(rt_build_tx(out, sizeof(out), 2, rt_tx_flags_for(true)) ==
	      out + RT_TX_HDR_LEN);
	CHECK_MEM(out, want, sizeof(want));
	CHECK(rt_build_tx(out, RT_TX_HDR_LEN - 1, 2, 0) == NULL);
	CHECK_EQ_INT(rt_tx_flags_for(true), RT_TX_NOACK | RT_TX_NOSEQNO);
	CHECK_EQ_INT(rt_tx_flags_for(false), RT_TX_NOSEQNO);
	for (unsigned int rate = 0; rate < 256; rate += 17) {
		uint16_t fl = (uint16_t)(rate * 0x0101u ^ RT_TX_NOSEQNO);

		CHECK(rt_build_tx(out, sizeof(out), (uint8_t)rate, fl) != NULL);
		CHECK_EQ_INT(rt_parse(out, sizeof(out), &info), RT_OK);
		CHECK_EQ_INT(info.len, RT_TX_HDR_LEN);
		CHECK_EQ_INT(info.rate, rate);
		CHECK_EQ_INT(info.tx_flags, fl);
		CHECK_EQ_INT(info.has,
			     RT_HAS(RT_FIELD_RATE) | RT_HAS(RT_FIELD_TX_FLAGS));
	}
}

int main(void)
{
	check_begin("test_radiotap");
	RUN(test_verdicts);
	RUN(test_unknown_field_stops);
	RUN(test_alignment_tsft_after_flags);
	RUN(test_alignment_all_fields);
	RUN(test_extended_bitmap_chains);
	RUN(test_vendor_namespaces);
	RUN(test_vendor_field_past_skip);
	RUN(test_vendor_chain);
	RUN(test_tlv);
	RUN(test_field_table);
	RUN(test_direct_walk_matches_iterator);
	RUN(test_build_tx);
	return check_end();
}
