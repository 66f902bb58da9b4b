/*
 * test_ie.c - unit tests of the element codec (ie.c, ie_build.c): the
 * iterator and lookups (by ID, extension ID, vendor OUI and type) on
 * well-formed and broken element lists, and every element parser and
 * builder but RSN's (SSID, rates, DS, ERP, TIM bitmaps, Country, HT
 * Capabilities/Operation, WMM, Extended Capabilities): exact bytes, round
 * trips, bounds and rejects. The RSN element: test_rsn.c.
 */
#include "check.h"
#include "wlan_testutil.h"

#include <rapd/bytes.h>
#include <rapd/ie.h>

static void iter_walks_elements(void)
{
	static const uint8_t ies[] = {0x00, 0x03, 'a',	'b',  'c',  0x03, 0x01,
				      0x06, 0xff, 0x02, 0x23, 0x99, 0xdd, 0x00};
	struct ie_iter it;
	struct ie e;

	ie_iter_init(&it, ies, sizeof(ies));
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_ELEMENT);
	CHECK_EQ_INT(e.id, IE_SSID);
	CHECK_EQ_INT(e.len, 3);
	CHECK_MEM(e.data, "abc", 3);
	CHECK(e.elem == ies);
	CHECK_EQ_INT(e.elem_len, 5);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_ELEMENT);
	CHECK_EQ_INT(e.id, IE_DS_PARAMS);
	CHECK_EQ_INT(e.data[0], 6);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_ELEMENT);
	CHECK_EQ_INT(e.id, IE_EXTENSION);
	CHECK_EQ_INT(e.ext_id, IE_EXT_HE_CAPAB);
	CHECK_EQ_INT(e.len, 1);
	CHECK_EQ_INT(e.data[0], 0x99);
	CHECK_EQ_INT(e.elem_len, 4);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_ELEMENT);
	CHECK_EQ_INT(e.id, IE_VENDOR);
	CHECK_EQ_INT(e.len, 0);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_END);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_END);
	CHECK_EQ_INT(ie_validate(ies, sizeof(ies)), IE_ITER_END);
	CHECK_EQ_INT(ie_validate(NULL, 0), IE_ITER_END);
	CHECK_EQ_INT(ie_validate(ies, 0), IE_ITER_END);
}

static void iter_stops_on_truncation(void)
{
	static const uint8_t ies[] = {0x00, 0x01, 'x',	0x01,
				      0x04, 0x82, 0x84, 0x8b};
	static const uint8_t lone_id[] = {0x00, 0x00, 0x30};
	static const uint8_t bad_ext[] = {0xff, 0x00, 0x00, 0x00};
	struct ie_iter it;
	struct ie e;
	size_t n;

	ie_iter_init(&it, ies, sizeof(ies));
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_ELEMENT);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_TRUNCATED);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_TRUNCATED); /* sticky */
	CHECK_EQ_INT(ie_validate(lone_id, sizeof(lone_id)), IE_ITER_TRUNCATED);
	CHECK_EQ_INT(ie_validate(bad_ext, sizeof(bad_ext)),
		     IE_ITER_BAD_EXTENSION);
	/* Each prefix either ends on a boundary or is truncated. */
	for (n = 0; n <= sizeof(ies); n++)
		CHECK_EQ_INT(ie_validate(ies, n), (n == 0 || n == 3)
							  ? IE_ITER_END
							  : IE_ITER_TRUNCATED);
	/* The element after a truncated one is never found. */
	CHECK(!ie_find(ies, sizeof(ies), IE_SUPP_RATES, &e));
	CHECK(ie_find(ies, sizeof(ies), IE_SSID, &e));
	CHECK(strcmp(ie_iter_verdict_name(IE_ITER_TRUNCATED), "?") != 0);
}

static void find_by_id_ext_and_vendor(void)
{
	/* WPS (00:50:f2 type 4) first, then WMM information (type 2). */
	/* clang-format off */
	static const uint8_t ies[] = {
		0xdd, 0x05, 0x00, 0x50, 0xf2, 0x04, 0x10,
		0xff, 0x02, 0x23, 0x01,
		0xdd, 0x07, 0x00, 0x50, 0xf2, 0x02, 0x00, 0x01, 0x0f,
		0xdd, 0x02, 0x00, 0x50, /* too short for OUI + type */
		0x30, 0x02, 0x01, 0x00,
	};
	/* clang-format on */
	struct ie e;
	struct ie_wmm wmm;

	CHECK(ie_find_vendor(ies, sizeof(ies), IE_OUI_MICROSOFT,
			     IE_WMM_OUI_TYPE, &e));
	CHECK(e.elem == ies + 11);
	CHECK_EQ_INT(ie_parse_wmm(&e, &wmm), IE_OK);
	CHECK_EQ_INT(wmm.subtype, IE_WMM_SUBTYPE_INFO);
	CHECK_EQ_INT(wmm.qos_info, 0x0f);
	CHECK(ie_find_vendor(ies, sizeof(ies), IE_OUI_MICROSOFT, 4, &e));
	CHECK(e.elem == ies);
	CHECK(!ie_find_vendor(ies, sizeof(ies), 0x000fac, 2, &e));
	CHECK(ie_find_ext(ies, sizeof(ies), IE_EXT_HE_CAPAB, &e));
	CHECK_EQ_INT(e.data[0], 0x01);
	CHECK(!ie_find_ext(ies, sizeof(ies), IE_EXT_HE_OPER, &e));
	CHECK(!ie_find(ies, sizeof(ies), IE_EXTENSION, &e));
	CHECK(ie_find(ies, sizeof(ies), IE_RSN, &e));
	CHECK(e.elem == ies + 24);
	CHECK(!ie_find(ies, sizeof(ies), IE_TIM, &e));
}

static void ssid_parse_and_build(void)
{
	uint8_t buf[40], long_ssid[33];
	struct ie_ssid s;
	struct ie e;
	uint8_t *p;

	p = ie_put_ssid(buf, buf + sizeof(buf), (const uint8_t *)"dlink", 5);
	CHECK(p == buf + 7);
	CHECK_MEM(buf,
		  "\x00\x05"
		  "dlink",
		  7);
	e = wt_first_elem(buf, 7);
	CHECK_EQ_INT(ie_parse_ssid(&e, &s), IE_OK);
	CHECK_EQ_INT(s.len, 5);
	CHECK_MEM(s.ssid, "dlink", 5);
	/* The wildcard SSID is empty. */
	p = ie_put_ssid(buf, buf + 2, NULL, 0);
	CHECK(p == buf + 2);
	e = wt_first_elem(buf, 2);
	CHECK_EQ_INT(ie_parse_ssid(&e, &s), IE_OK);
	CHECK_EQ_INT(s.len, 0);
	memset(long_ssid, 'a', sizeof(long_ssid));
	CHECK(!ie_put_ssid(buf, buf + sizeof(buf), long_ssid, 33));
	CHECK(!ie_put_ssid(buf, buf + 6, (const uint8_t *)"dlink", 5));
	buf[0] = IE_SSID;
	buf[1] = 33;
	memcpy(buf + 2, long_ssid, 33);
	e = wt_first_elem(buf, 35);
	CHECK_EQ_INT(ie_parse_ssid(&e, &s), IE_BAD_LENGTH);
	e.id = IE_DS_PARAMS;
	CHECK_EQ_INT(ie_parse_ssid(&e, &s), IE_WRONG_ID);
}

/* The 802.11g set: 1 2 5.5 11 basic, then 6 9 12 18 24 36 48 54. */
static const uint8_t g_rates[12] = {0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12,
				    0x18, 0x24, 0x30, 0x48, 0x60, 0x6c};

static void rates_split_and_merge(void)
{
	struct ie_rateset rs, back;
	uint8_t buf[32], *p, *end = buf + sizeof(buf);

	memset(&rs, 0, sizeof(rs));
	rs.n = 12;
	memcpy(rs.rate, g_rates, 12);
	p = ie_put_supp_rates(buf, end, &rs);
	p = ie_put_ds(p, end, 11);
	p = ie_put_ext_rates(p, end, &rs);
	CHECK(p == buf + 10 + 3 + 6);
	CHECK_MEM(buf,
		  "\x01\x08\x82\x84\x8b\x96\x0c\x12\x18\x24"
		  "\x03\x01\x0b"
		  "\x32\x04\x30\x48\x60\x6c",
		  19);
	CHECK_EQ_INT(ie_parse_rateset(buf, 19, &back), IE_OK);
	CHECK_EQ_INT(back.n, 12);
	CHECK_MEM(back.rate, g_rates, 12);
	CHECK(ie_rateset_has(&back, 108));
	CHECK(ie_rateset_has(&back, 2));
	CHECK(!ie_rateset_has(&back, 44));
	CHECK(back.rate[0] & IE_RATE_BASIC);
	CHECK(!(back.rate[4] & IE_RATE_BASIC));

	/* Eight rates or fewer: no Extended Supported Rates at all. */
	rs.n = 8;
	p = ie_put_ext_rates(buf, end, &rs);
	CHECK(p == buf);
	rs.n = 0;
	CHECK(!ie_put_supp_rates(buf, end, &rs));
	CHECK_EQ_INT(ie_parse_rateset(buf + 10, 3, &back), IE_MISSING);
}

static void rates_parse_edge_cases(void)
{
	static const uint8_t dup[] = {0x01, 0x02, 0x0c, 0x12,
				      0x32, 0x02, 0x8c, 0x6c};
	static const uint8_t zero_rate[] = {0x01, 0x02, 0x82, 0x80};
	static const uint8_t empty[] = {0x01, 0x00};
	struct ie_rateset rs;
	uint8_t many[2 + 40];
	struct ie e;
	unsigned i;

	/* 6 Mb/s again in Extended Rates, now basic: merged, basic wins. */
	CHECK_EQ_INT(ie_parse_rateset(dup, sizeof(dup), &rs), IE_OK);
	CHECK_EQ_INT(rs.n, 3);
	CHECK_EQ_INT(rs.rate[0], 0x8c);
	CHECK_EQ_INT(rs.rate[2], 0x6c);
	CHECK_EQ_INT(ie_parse_rateset(zero_rate, sizeof(zero_rate), &rs),
		     IE_BAD_VALUE);
	CHECK_EQ_INT(ie_parse_rateset(empty, sizeof(empty), &rs),
		     IE_BAD_LENGTH);
	many[0] = IE_EXT_RATES;
	many[1] = 40;
	for (i = 0; i < 40; i++)
		many[2 + i] = (uint8_t)(i + 1);
	e = wt_first_elem(many, sizeof(many));
	memset(&rs, 0, sizeof(rs));
	CHECK_EQ_INT(ie_parse_rates(&e, &rs), IE_TOO_MANY);
	CHECK_EQ_INT(rs.n, IE_RATES_MAX);
	e.id = IE_SSID;
	CHECK_EQ_INT(ie_parse_rates(&e, &rs), IE_WRONG_ID);
}

static void ds_and_erp(void)
{
	uint8_t buf[8] = {0}, v = 0;
	struct ie e;

	CHECK(ie_put_ds(buf, buf + 3, 13) == buf + 3);
	CHECK_MEM(buf, "\x03\x01\x0d", 3);
	e = wt_first_elem(buf, 3);
	CHECK_EQ_INT(ie_parse_ds(&e, &v), IE_OK);
	CHECK_EQ_INT(v, 13);
	CHECK(ie_put_erp(buf, buf + 3,
			 IE_ERP_USE_PROTECTION | IE_ERP_NON_ERP_PRESENT) ==
	      buf + 3);
	CHECK_MEM(buf, "\x2a\x01\x03", 3);
	e = wt_first_elem(buf, 3);
	CHECK_EQ_INT(ie_parse_erp(&e, &v), IE_OK);
	CHECK_EQ_INT(v, 3);
	CHECK_EQ_INT(ie_parse_ds(&e, &v), IE_WRONG_ID);
	CHECK(!ie_put_erp(buf, buf + 2, 0));
	buf[0] = IE_ERP;
	buf[1] = 0;
	e = wt_first_elem(buf, 2);
	CHECK_EQ_INT(ie_parse_erp(&e, &v), IE_BAD_LENGTH);
	buf[0] = IE_DS_PARAMS;
	e = wt_first_elem(buf, 2);
	CHECK_EQ_INT(ie_parse_ds(&e, &v), IE_BAD_LENGTH);
}

/* Builds a TIM for the AIDs in aids[], checks bytes, parses it back. */
static void tim_case(const uint16_t *aids, size_t n, bool mc,
		     const char *want_hex)
{
	uint8_t vbm[IE_TIM_BITMAP_LEN] = {0}, buf[300], *p, *want;
	size_t want_len, i;
	struct ie_tim tim;
	struct ie e;
	unsigned aid;

	for (i = 0; i < n; i++)
		vbm[aids[i] / 8] |= (uint8_t)(1u << (aids[i] % 8));
	p = ie_put_tim(buf, buf + sizeof(buf), 0, 3, vbm, mc);
	want = check_unhex(want_hex, &want_len);
	CHECK(p == buf + want_len);
	CHECK_MEM(buf, want, want_len);
	/* Exactly enough room, then one octet short. */
	CHECK(ie_put_tim(buf, buf + want_len, 0, 3, vbm, mc) == buf + want_len);
	CHECK(!ie_put_tim(buf, buf + want_len - 1, 0, 3, vbm, mc));
	e = wt_first_elem(buf, want_len);
	CHECK_EQ_INT(ie_parse_tim(&e, &tim), IE_OK);
	CHECK_EQ_INT(tim.dtim_period, 3);
	CHECK_EQ_INT(!!(tim.bitmap_ctl & IE_TIM_MULTICAST), mc);
	for (aid = 1; aid <= WLAN_AID_MAX; aid++)
		CHECK_EQ_INT(ie_tim_has_aid(&tim, (uint16_t)aid),
			     !!(vbm[aid / 8] & (1u << (aid % 8))));
	CHECK(!ie_tim_has_aid(&tim, 0));
	CHECK(!ie_tim_has_aid(&tim, 2008));
	free(want);
}

static void tim_bitmaps(void)
{
	static const uint16_t aid1[] = {1}, aid2007[] = {2007};
	static const uint16_t aid9[] = {9}, spread[] = {17, 40, 41};
	static const uint16_t aid0[] = {0};

	tim_case(NULL, 0, false, "05 04 00 03 00 00");
	tim_case(NULL, 0, true, "05 04 00 03 01 00");
	tim_case(aid1, 1, false, "05 04 00 03 00 02");
	tim_case(aid2007, 1, false, "05 04 00 03 fa 80");
	tim_case(aid2007, 1, true, "05 04 00 03 fb 80");
	/* Octet 1: N1 must stay even, so the bitmap starts at octet 0. */
	tim_case(aid9, 1, false, "05 05 00 03 00 00 02");
	/* Octets 2 and 5: N1 = 2, N2 = 5. */
	tim_case(spread, 3, true, "05 07 00 03 03 02 00 00 03");
	/* AID 0 is not a station: ignored in the bitmap. */
	tim_case(aid0, 1, false, "05 04 00 03 00 00");
}

static void tim_parse_rejects(void)
{
	static const char *const bad_len[] = {"05 03 00 01 00", "05 00"};
	static const char *const bad_value[] = {
		"05 05 00 01 fa 00 00", /* octets 250-251: past AID 2007 */
		"05 04 00 00 00 00",	/* DTIM period 0 */
		"05 04 02 02 00 00",	/* DTIM count >= period */
	};
	uint8_t buf[300], *keep;
	struct ie_tim tim;
	struct ie e;
	unsigned i;

	for (i = 0; i < RAPD_ARRAY_SIZE(bad_len); i++) {
		e = wt_hex_elem(bad_len[i], &keep);
		CHECK_EQ_INT(ie_parse_tim(&e, &tim), IE_BAD_LENGTH);
		free(keep);
	}
	for (i = 0; i < RAPD_ARRAY_SIZE(bad_value); i++) {
		e = wt_hex_elem(bad_value[i], &keep);
		CHECK_EQ_INT(ie_parse_tim(&e, &tim), IE_BAD_VALUE);
		free(keep);
	}
	/* A maximal TIM: all 251 octets, offset 0. */
	memset(buf, 0xff, sizeof(buf));
	buf[0] = IE_TIM;
	buf[1] = 254;
	buf[2] = 0;
	buf[3] = 1;
	buf[4] = 0;
	e = wt_first_elem(buf, 256);
	CHECK_EQ_INT(ie_parse_tim(&e, &tim), IE_OK);
	CHECK(ie_tim_has_aid(&tim, 2007));
	buf[1] = 255;
	e = wt_first_elem(buf, 257);
	CHECK_EQ_INT(ie_parse_tim(&e, &tim), IE_BAD_LENGTH);
	CHECK(!ie_put_tim(buf, buf + sizeof(buf), 1, 1, NULL, false));
	CHECK(!ie_put_tim(buf, buf + sizeof(buf), 0, 0, NULL, false));
}

static void country_parse_and_build(void)
{
	static const struct ie_country_triplet de[] = {{1, 13, 20}};
	static const struct ie_country_triplet us[] = {{1, 11, 30},
						       {36, 4, 23}};
	uint8_t buf[64], *p, *keep;
	struct ie_country c;
	struct ie_country_triplet t;
	struct ie e;

	p = ie_put_country(buf, buf + sizeof(buf), "DE", ' ', de, 1);
	CHECK(p == buf + 8);
	CHECK_MEM(buf,
		  "\x07\x06"
		  "DE \x01\x0d\x14",
		  8);
	e = wt_first_elem(buf, 8);
	CHECK_EQ_INT(ie_parse_country(&e, &c), IE_OK);
	CHECK_MEM(c.cc, "DE ", 3);
	CHECK_EQ_INT(c.n_triplets, 1);
	/* Two triplets make 9 octets: a pad octet keeps the length even. */
	p = ie_put_country(buf, buf + sizeof(buf), "US", 'O', us, 2);
	CHECK(p == buf + 12);
	CHECK_MEM(buf,
		  "\x07\x0a"
		  "USO\x01\x0b\x1e\x24\x04\x17\x00",
		  12);
	e = wt_first_elem(buf, 12);
	CHECK_EQ_INT(ie_parse_country(&e, &c), IE_OK);
	CHECK_EQ_INT(c.n_triplets, 2);
	t = ie_country_triplet(&c, 1);
	CHECK_EQ_INT(t.first, 36);
	CHECK_EQ_INT(t.second, 4);
	CHECK_EQ_INT(t.third, 23);
	t = ie_country_triplet(&c, 2);
	CHECK_EQ_INT(t.first, 0);
	CHECK(!ie_put_country(buf, buf + 11, "US", 'O', us, 2));
	CHECK(!ie_put_country(buf, buf + sizeof(buf), "US", 'O', us, 0));
	e = wt_hex_elem("07 05 44 45 20 01 0d", &keep);
	CHECK_EQ_INT(ie_parse_country(&e, &c), IE_BAD_LENGTH);
	free(keep);
	e = wt_hex_elem("07 08 44 45 20 01 0d 14 24 04", &keep);
	CHECK_EQ_INT(ie_parse_country(&e, &c), IE_BAD_LENGTH);
	free(keep);
}

static void ht_capab_and_oper(void)
{
	struct ie_ht_capab cap = {0}, cap2;
	struct ie_ht_oper op = {0}, op2;
	uint8_t buf[64], *p;
	struct ie e;

	cap.info = IE_HT_CAP_40MHZ | IE_HT_CAP_SGI_20 | IE_HT_CAP_SGI_40 |
		   IE_HT_CAP_SMPS_DISABLED;
	cap.ampdu_params = 0x17;
	cap.mcs[0] = 0xff;
	cap.mcs[1] = 0xff;
	cap.ext_capab = 0x0102;
	cap.txbf_capab = 0x04030201;
	cap.asel_capab = 0x05;
	p = ie_put_ht_capab(buf, buf + sizeof(buf), &cap);
	CHECK(p == buf + 28);
	CHECK_HEX(buf, "2d1a 6e00 17 ffff0000000000000000000000000000"
		       "0201 01020304 05");
	e = wt_first_elem(buf, 28);
	CHECK_EQ_INT(ie_parse_ht_capab(&e, &cap2), IE_OK);
	CHECK_EQ_INT(cap2.info, cap.info);
	CHECK_EQ_INT(cap2.ampdu_params, cap.ampdu_params);
	CHECK_MEM(cap2.mcs, cap.mcs, 16);
	CHECK_EQ_INT(cap2.ext_capab, cap.ext_capab);
	CHECK_EQ_INT(cap2.txbf_capab, cap.txbf_capab);
	CHECK_EQ_INT(cap2.asel_capab, cap.asel_capab);
	buf[1] = 25;
	e = wt_first_elem(buf, 27);
	CHECK_EQ_INT(ie_parse_ht_capab(&e, &cap2), IE_BAD_LENGTH);
	CHECK(!ie_put_ht_capab(buf, buf + 27, &cap));

	op.primary_chan = 6;
	op.info1 = IE_HT_OP1_SEC_BELOW | IE_HT_OP1_ANY_WIDTH;
	op.info2 = IE_HT_OP2_NONGF_PRESENT | 0x0001;
	op.info3 = IE_HT_OP3_STBC_BEACON;
	op.basic_mcs[0] = 0xff;
	p = ie_put_ht_oper(buf, buf + sizeof(buf), &op);
	CHECK(p == buf + 24);
	CHECK_HEX(buf, "3d16 06 07 0500 0001 ff000000000000000000000000"
		       "000000");
	e = wt_first_elem(buf, 24);
	CHECK_EQ_INT(ie_parse_ht_oper(&e, &op2), IE_OK);
	CHECK_EQ_INT(op2.primary_chan, 6);
	CHECK_EQ_INT(op2.info1, op.info1);
	CHECK_EQ_INT(op2.info2, op.info2);
	CHECK_EQ_INT(op2.info3, op.info3);
	CHECK_MEM(op2.basic_mcs, op.basic_mcs, 16);
	CHECK_EQ_INT(ie_parse_ht_capab(&e, &cap2), IE_WRONG_ID);
	buf[1] = 21;
	e = wt_first_elem(buf, 23);
	CHECK_EQ_INT(ie_parse_ht_oper(&e, &op2), IE_BAD_LENGTH);
}

static void wmm_param_element(void)
{
	struct ie_wmm_ac_param ac[4];
	struct ie_wmm wmm;
	uint8_t buf[32], *p;
	struct ie e;

	ie_wmm_default_params(ac);
	p = ie_put_wmm_param(buf, buf + sizeof(buf), 0x81, ac);
	CHECK(p == buf + 26);
	CHECK_HEX(buf, "dd18 0050f2 02 01 01 81 00 03a40000 27a40000"
		       "42435e00 62322f00");
	e = wt_first_elem(buf, 26);
	CHECK_EQ_INT(ie_parse_wmm(&e, &wmm), IE_OK);
	CHECK_EQ_INT(wmm.subtype, IE_WMM_SUBTYPE_PARAM);
	CHECK_EQ_INT(wmm.qos_info, 0x81);
	CHECK(memcmp(wmm.ac, ac, sizeof(ac)) == 0);
	CHECK_EQ_INT(wmm.ac[IE_WMM_AC_VO].txop, 47);
	CHECK(!ie_put_wmm_param(buf, buf + 25, 0, ac));
	/* Two records claiming ACI 0. */
	buf[2 + 12] = 0x03;
	CHECK_EQ_INT(ie_parse_wmm(&e, &wmm), IE_BAD_VALUE);
	buf[2 + 12] = 0x27;
	buf[2 + 5] = 2; /* WMM version 2 does not exist */
	CHECK_EQ_INT(ie_parse_wmm(&e, &wmm), IE_BAD_VALUE);
	buf[2 + 5] = 1;
	buf[1] = 20;
	e = wt_first_elem(buf, 22);
	CHECK_EQ_INT(ie_parse_wmm(&e, &wmm), IE_BAD_LENGTH);
	ac[0].aifsn = 16;
	CHECK(!ie_put_wmm_param(buf, buf + sizeof(buf), 0, ac));
	e.id = IE_RSN;
	CHECK_EQ_INT(ie_parse_wmm(&e, &wmm), IE_WRONG_ID);
}

static void generic_and_ext_capab(void)
{
	static const uint8_t bits[8] = {0, 0, 0x08, 0, 0, 0, 0, 0x40};
	uint8_t buf[16], *p;

	p = ie_put_ext_capab(buf, buf + sizeof(buf), bits, sizeof(bits));
	CHECK(p == buf + 10);
	CHECK_MEM(buf, "\x7f\x08\x00\x00\x08\x00\x00\x00\x00\x40", 10);
	CHECK(!ie_put_ext_capab(buf, buf + sizeof(buf), bits, 0));
	CHECK(!ie_put(buf, buf + sizeof(buf), IE_VENDOR, bits, 256));
	/* A NULL cursor passes through every builder. */
	CHECK(!ie_put_ds(NULL, buf + sizeof(buf), 1));
	CHECK(!ie_put_ssid(NULL, buf + sizeof(buf), bits, 1));
	CHECK(!ie_put_tim(NULL, buf + sizeof(buf), 0, 1, NULL, false));
	CHECK(strcmp(ie_verdict_name(IE_TOO_MANY), "?") != 0);
}

int main(void)
{
	check_begin("test_ie");
	RUN(iter_walks_elements);
	RUN(iter_stops_on_truncation);
	RUN(find_by_id_ext_and_vendor);
	RUN(ssid_parse_and_build);
	RUN(rates_split_and_merge);
	RUN(rates_parse_edge_cases);
	RUN(ds_and_erp);
	RUN(tim_bitmaps);
	RUN(tim_parse_rejects);
	RUN(country_parse_and_build);
	RUN(ht_capab_and_oper);
	RUN(wmm_param_element);
	RUN(generic_and_ext_capab);
	return check_end();
}
