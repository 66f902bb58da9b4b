/*
 * fuzz_frame.c - libFuzzer target for the 802.11 frame and element codec.
 *
 * The input is an 802.11 frame (no radiotap, no FCS). It goes through
 * wlan_parse_hdr, wlan_parse_mgmt, the element iterator and every element
 * parser (each element is offered to every parser under that parser's
 * ID), rsn_parse and rsn_validate; the input is also read as a bare
 * element list and as the body of each management subtype, so mutations
 * reach the element parsers without a valid header first. Every pointer a
 * parser hands out is read back byte by byte for the sanitizers, and an
 * output outside the input, a verdict outside its enum, or a TIM or rate
 * set that does not survive build-then-parse aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/ie.h>
#include <rapd/ieee80211.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *in_start;
static size_t in_size;
static volatile unsigned sink;

/* Aborts unless p[0..n) lies inside the input, then reads it. */
static void touch(const uint8_t *p, size_t n)
{
	if (n == 0)
		return;
	if (p < in_start || n > in_size || (size_t)(p - in_start) > in_size - n)
		abort();
	while (n--)
		sink += *p++;
}

static const struct rsn_config fuzz_ap = {
	.group_cipher = RSN_CIPHER_CCMP,
	.pairwise_ciphers = RSN_CIPHER_CCMP | RSN_CIPHER_TKIP,
	.akms = RSN_AKM_PSK | RSN_AKM_PSK_SHA256 | RSN_AKM_SAE,
	.mfp = RSN_MFP_CAPABLE,
};

/* A parsed TIM rebuilt from its bitmap must flag the same AIDs. */
static void tim_round_trip(const struct ie_tim *tim)
{
	uint8_t vbm[IE_TIM_BITMAP_LEN] = {0}, buf[260], *end;
	struct ie_iter it;
	struct ie_tim back;
	struct ie e;
	unsigned aid;

	for (aid = 1; aid <= WLAN_AID_MAX; aid++)
		if (ie_tim_has_aid(tim, (uint16_t)aid))
			vbm[aid / 8] |= (uint8_t)(1u << (aid % 8));
	end = ie_put_tim(buf, buf + sizeof(buf), tim->dtim_count,
			 tim->dtim_period, vbm,
			 tim->bitmap_ctl & IE_TIM_MULTICAST);
	if (!end)
		abort();
	ie_iter_init(&it, buf, (size_t)(end - buf));
	if (ie_iter_next(&it, &e) != IE_ITER_ELEMENT ||
	    ie_parse_tim(&e, &back) != IE_OK)
		abort();
	for (aid = 0; aid <= WLAN_AID_MAX + 1; aid++)
		if (ie_tim_has_aid(&back, (uint16_t)aid) !=
		    ie_tim_has_aid(tim, (uint16_t)aid))
			abort();
}

/* A parsed rate set written as Supported + Extended Rates reads back. */
static void rates_round_trip(const struct ie_rateset *rs)
{
	struct ie_rateset back;
	uint8_t buf[80], *p;

	p = ie_put_supp_rates(buf, buf + sizeof(buf), rs);
	p = ie_put_ext_rates(p, buf + sizeof(buf), rs);
	if (!p || ie_parse_rateset(buf, (size_t)(p - buf), &back) != IE_OK ||
	    back.n != rs->n || memcmp(back.rate, rs->rate, rs->n) != 0)
		abort();
}

static void parse_fixed_size(struct ie e)
{
	struct ie_ht_capab htc;
	struct ie_ht_oper hto;
	struct ie_ssid ssid;
	struct ie_wmm wmm;
	uint8_t v;

	e.id = IE_SSID;
	if (ie_parse_ssid(&e, &ssid) == IE_OK)
		touch(ssid.ssid, ssid.len);
	e.id = IE_DS_PARAMS;
	sink += ie_parse_ds(&e, &v);
	e.id = IE_ERP;
	sink += ie_parse_erp(&e, &v);
	e.id = IE_HT_CAPAB;
	sink += ie_parse_ht_capab(&e, &htc);
	e.id = IE_HT_OPER;
	sink += ie_parse_ht_oper(&e, &hto);
	e.id = IE_VENDOR;
	if (ie_parse_wmm(&e, &wmm) > IE_MISSING)
		abort();
}

static void parse_variable(struct ie e)
{
	struct ie_rateset rs = {0};
	struct ie_country country;
	struct ie_tim tim;
	unsigned i;

	e.id = IE_SUPP_RATES;
	if (ie_parse_rates(&e, &rs) == IE_OK)
		rates_round_trip(&rs);
	e.id = IE_TIM;
	if (ie_parse_tim(&e, &tim) == IE_OK) {
		touch(tim.pvb, tim.pvb_len);
		tim_round_trip(&tim);
	}
	e.id = IE_COUNTRY;
	if (ie_parse_country(&e, &country) == IE_OK) {
		touch(country.triplets, 3u * country.n_triplets);
		for (i = 0; i < country.n_triplets; i++)
			sink += ie_country_triplet(&country, i).first;
	}
}

static void parse_rsn(struct ie e)
{
	struct rsn_selection sel;
	struct rsn_ie r;
	unsigned st;

	e.id = IE_RSN;
	if (rsn_parse(&e, &r) == RSN_OK) {
		touch(r.pairwise, 4u * r.n_pairwise);
		touch(r.akm, 4u * r.n_akm);
		touch(r.pmkid, (size_t)RSN_PMKID_LEN * r.n_pmkid);
	}
	st = rsn_validate(&e, &fuzz_ap, &sel);
	if (st == WLAN_STATUS_SUCCESS &&
	    (!(sel.pairwise & fuzz_ap.pairwise_ciphers) ||
	     !(sel.akm & fuzz_ap.akms)))
		abort();
	sink += st;
}

static void parse_elements(const uint8_t *ies, size_t len)
{
	struct ie_rateset rs;
	struct ie_iter it;
	struct ie e;
	enum ie_iter_verdict v;

	ie_iter_init(&it, ies, len);
	while ((v = ie_iter_next(&it, &e)) == IE_ITER_ELEMENT) {
		touch(e.elem, e.elem_len);
		touch(e.data, e.len);
		parse_fixed_size(e);
		parse_variable(e);
		parse_rsn(e);
	}
	if (v > IE_ITER_BAD_EXTENSION || ie_validate(ies, len) != v)
		abort();
	if (ie_parse_rateset(ies, len, &rs) == IE_OK)
		rates_round_trip(&rs);
	if (ie_find_vendor(ies, len, IE_OUI_MICROSOFT, IE_WMM_OUI_TYPE, &e))
		touch(e.elem, e.elem_len);
	if (ie_find_ext(ies, len, IE_EXT_HE_CAPAB, &e))
		touch(e.data, e.len);
}

static void parse_mgmt(const struct wlan_mgmt *m)
{
	if (m->subtype == WLAN_STYPE_ACTION ||
	    m->subtype == WLAN_STYPE_ACTION_NOACK)
		touch(m->u.action.data, m->u.action.len);
	if (m->subtype == WLAN_STYPE_REASSOC_REQ)
		touch(m->u.assoc_req.current_ap, 6);
	touch(m->ies, m->ies_len);
	parse_elements(m->ies, m->ies_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wlan_hdr h;
	struct wlan_mgmt m;
	enum wlan_hdr_verdict hv;
	enum wlan_mgmt_verdict mv;

	in_start = data;
	in_size = size;
	hv = wlan_parse_hdr(data, size, &h);
	if (hv > WLAN_HDR_RESERVED_SUBTYPE)
		abort();
	if (hv == WLAN_HDR_OK) {
		if (h.hdr_len + h.body_len != size)
			abort();
		touch(h.addr1, 6);
		touch(h.addr4, h.addr4 ? 6 : 0);
		touch(h.body, h.body_len);
		sink += (unsigned)(uintptr_t)wlan_hdr_bssid(&h) +
			strlen(wlan_subtype_name(h.type, h.subtype));
		mv = wlan_parse_mgmt(&h, &m);
		if (mv > WLAN_MGMT_UNKNOWN_SUBTYPE)
			abort();
		if (mv == WLAN_MGMT_OK)
			parse_mgmt(&m);
	}
	/* The same bytes as a body of the subtype named by the first octet,
	 * and as a bare element list. */
	if (size > 0 && wlan_parse_mgmt_body(data[0] & 0x0f, data + 1, size - 1,
					     &m) == WLAN_MGMT_OK)
		parse_mgmt(&m);
	parse_elements(data, size);
	return 0;
}
