/*
 * test_frame_sweep.c - the whole parse chain (wlan_parse_hdr,
 * wlan_parse_mgmt, the element iterator and lookups, every element parser
 * and rsn_validate) on real frames that are broken or cut short: every
 * element of every management frame of the shared captures parses,
 * tcpdump's malformed cases are refused or parsed without reading past
 * their end, and every truncation of every frame runs through the chain
 * in an exact-size heap buffer so ASan sees any overread. Captures are
 * read in place (check_capture) and SKIPped when absent.
 */
#include "check.h"
#include "wlan_testutil.h"

#include <rapd/bytes.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>

/* The three real sessions first, then tcpdump's malformed cases. */
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
	struct wt_capture c;

	for (k = 0; k < 3; k++) {
		if (!wt_load_capture(all_captures[k], &c))
			continue;
		loaded++;
		for (i = 1; i <= c.n; i++) {
			if (wlan_parse_hdr(c.frame[i], c.len[i], &h) ==
				    WLAN_HDR_OK &&
			    wlan_parse_mgmt(&h, &m) == WLAN_MGMT_OK)
				check_known_elements(&m, seen);
		}
		wt_free_capture(&c);
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
	ok += rsn_validate(&e, &wt_psk_ap, &sel) == WLAN_STATUS_SUCCESS;
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
static void sweep_capture(const struct wt_capture *c, struct chain_stats *st)
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
	struct wt_capture c;
	unsigned i, loaded = 0;

	for (i = 0; i < RAPD_ARRAY_SIZE(all_captures); i++) {
		if (!wt_load_capture(all_captures[i], &c))
			continue;
		loaded++;
		sweep_capture(&c, &st);
		wt_free_capture(&c);
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
	struct wt_capture c;
	struct wlan_hdr h;

	if (!wt_load_capture(name, &c))
		return;
	CHECK_EQ_INT(c.n, 1);
	if (c.n == 1)
		CHECK_EQ_INT(wlan_parse_hdr(c.frame[1], c.len[1], &h), want);
	wt_free_capture(&c);
}

/* tcpdump's fuzz cases: each is refused or parsed, never read past. */
static void malformed_captures(void)
{
	struct wt_capture c;
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
	if (wt_load_capture(all_captures[4], &c)) {
		/* A beacon whose elements run past the captured bytes. */
		CHECK_EQ_INT(c.n, 1);
		if (wt_cap_mgmt(&c, 1, WLAN_STYPE_BEACON, &h, &m))
			CHECK_EQ_INT(ie_validate(m.ies, m.ies_len),
				     IE_ITER_TRUNCATED);
		wt_free_capture(&c);
	}
	if (wt_load_capture(all_captures[6], &c)) {
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
		wt_free_capture(&c);
	}
}

int main(void)
{
	check_begin("test_frame_sweep");
	RUN(capture_elements_parse);
	RUN(malformed_captures);
	RUN(truncation_sweep);
	return check_end();
}
