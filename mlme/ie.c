/*
 * ie.c - element iterator, lookups and element parsers (see ie.h).
 *
 * Pure code: the workers parse station elements with it, the trace dumper
 * and fuzz targets too; no I/O, no allocation, no state. Results point
 * into the caller's buffer. Follows IEEE Std 802.11-2020 9.4.2 (elements)
 * and the Wi-Fi Alliance WMM specification 1.2 (WMM elements).
 *
 * Byte layout of an element (9.4.2.1):
 *
 *   ID(1) Length(1) body(Length)
 *   ID 255: ID(1) Length(1) ExtID(1) body(Length - 1)
 *
 * The iterator checks 2 + Length against what is left before yielding an
 * element, so no parser ever sees a body past the buffer; each parser then
 * checks Length against its own clause before reading a field. Elements of
 * fixed size that later amendments may extend (DSSS, ERP, HT) are read as
 * extensible: octets after the known fields are ignored (10.28.8).
 *
 * One element, annotated (the TIM of a beacon with nothing buffered):
 *   05 04        ID 5 (TIM), Length 4
 *   00           DTIM count 0
 *   01           DTIM period 1
 *   00           Bitmap Control: no group traffic, offset N1 = 0
 *   00           partial virtual bitmap: octet 0, no AID flagged
 */
#include <rapd/bytes.h>
#include <rapd/ie.h>

#include <string.h>

void ie_iter_init(struct ie_iter *it, const uint8_t *ies, size_t len)
{
	it->pos = ies;
	it->end = ies ? ies + len : NULL;
	it->stop = IE_ITER_ELEMENT;
}

enum ie_iter_verdict ie_iter_next(struct ie_iter *it, struct ie *out)
{
	size_t left;
	const uint8_t *p = it->pos;

	if (it->stop != IE_ITER_ELEMENT)
		return it->stop;
	left = p ? (size_t)(it->end - p) : 0;
	if (left == 0)
		return it->stop = IE_ITER_END;
	if (left < 2 || left - 2 < p[1])
		return it->stop = IE_ITER_TRUNCATED;
	if (p[0] == IE_EXTENSION && p[1] == 0)
		return it->stop = IE_ITER_BAD_EXTENSION;

	out->id = p[0];
	out->elem = p;
	out->elem_len = 2 + (size_t)p[1];
	out->data = p + 2;
	out->len = p[1];
	out->ext_id = 0;
	if (out->id == IE_EXTENSION) {
		out->ext_id = p[2];
		out->data++;
		out->len--;
	}
	it->pos = p + out->elem_len;
	return IE_ITER_ELEMENT;
}

enum ie_iter_verdict ie_validate(const uint8_t *ies, size_t len)
{
	struct ie_iter it;
	struct ie e;
	enum ie_iter_verdict v;

	ie_iter_init(&it, ies, len);
	while ((v = ie_iter_next(&it, &e)) == IE_ITER_ELEMENT)
		;
	return v;
}

const char *ie_iter_verdict_name(enum ie_iter_verdict v)
{
	switch (v) {
	case IE_ITER_ELEMENT:
		return "element";
	case IE_ITER_END:
		return "end";
	case IE_ITER_TRUNCATED:
		return "truncated element";
	case IE_ITER_BAD_EXTENSION:
		return "extension element without extension ID";
	}
	return "?";
}

static uint32_t vendor_oui(const struct ie *e)
{
	return (uint32_t)e->data[0] << 16 | (uint32_t)e->data[1] << 8 |
	       e->data[2];
}

/* The one walk behind every lookup: match(e, a, b) picks the element. */
static bool find_by(const uint8_t *ies, size_t len,
		    bool (*match)(const struct ie *, uint32_t, uint8_t),
		    uint32_t a, uint8_t b, struct ie *out)
{
	struct ie_iter it;
	struct ie e;

	ie_iter_init(&it, ies, len);
	while (ie_iter_next(&it, &e) == IE_ITER_ELEMENT) {
		if (match(&e, a, b)) {
			*out = e;
			return true;
		}
	}
	return false;
}

static bool match_id(const struct ie *e, uint32_t id, uint8_t unused)
{
	return e->id == id && id != IE_EXTENSION;
}

static bool match_ext(const struct ie *e, uint32_t ext_id, uint8_t unused)
{
	return e->id == IE_EXTENSION && e->ext_id == ext_id;
}

static bool match_vendor(const struct ie *e, uint32_t oui, uint8_t type)
{
	return e->id == IE_VENDOR && e->len >= 4 && vendor_oui(e) == oui &&
	       e->data[3] == type;
}

bool ie_find(const uint8_t *ies, size_t len, uint8_t id, struct ie *out)
{
	return find_by(ies, len, match_id, id, 0, out);
}

bool ie_find_ext(const uint8_t *ies, size_t len, uint8_t ext_id, struct ie *out)
{
	return find_by(ies, len, match_ext, ext_id, 0, out);
}

bool ie_find_vendor(const uint8_t *ies, size_t len, uint32_t oui, uint8_t type,
		    struct ie *out)
{
	return find_by(ies, len, match_vendor, oui, type, out);
}

const char *ie_verdict_name(enum ie_verdict v)
{
	switch (v) {
	case IE_OK:
		return "ok";
	case IE_WRONG_ID:
		return "wrong element ID";
	case IE_BAD_LENGTH:
		return "bad length";
	case IE_BAD_VALUE:
		return "bad value";
	case IE_TOO_MANY:
		return "too many entries";
	case IE_MISSING:
		return "missing";
	}
	return "?";
}

enum ie_verdict ie_parse_ssid(const struct ie *e, struct ie_ssid *out)
{
	if (e->id != IE_SSID)
		return IE_WRONG_ID;
	if (e->len > IE_SSID_MAX)
		return IE_BAD_LENGTH;
	out->ssid = e->data;
	out->len = e->len;
	return IE_OK;
}

static enum ie_verdict rateset_add(struct ie_rateset *rs, uint8_t octet)
{
	unsigned i;

	for (i = 0; i < rs->n && i < IE_RATES_MAX; i++) {
		if (IE_RATE_VALUE(rs->rate[i]) == IE_RATE_VALUE(octet)) {
			rs->rate[i] |= octet & IE_RATE_BASIC;
			return IE_OK;
		}
	}
	if (rs->n >= IE_RATES_MAX)
		return IE_TOO_MANY;
	rs->rate[rs->n++] = octet;
	return IE_OK;
}

enum ie_verdict ie_parse_rates(const struct ie *e, struct ie_rateset *rs)
{
	unsigned i;
	enum ie_verdict v;

	if (e->id != IE_SUPP_RATES && e->id != IE_EXT_RATES)
		return IE_WRONG_ID;
	if (e->len == 0)
		return IE_BAD_LENGTH;
	for (i = 0; i < e->len; i++) {
		if (IE_RATE_VALUE(e->data[i]) == 0)
			return IE_BAD_VALUE;
		v = rateset_add(rs, e->data[i]);
		if (v != IE_OK)
			return v;
	}
	return IE_OK;
}

enum ie_verdict ie_parse_rateset(const uint8_t *ies, size_t len,
				 struct ie_rateset *rs)
{
	struct ie supp, ext;
	bool has_supp = ie_find(ies, len, IE_SUPP_RATES, &supp);
	bool has_ext = ie_find(ies, len, IE_EXT_RATES, &ext);
	enum ie_verdict v = IE_OK;

	memset(rs, 0, sizeof(*rs));
	if (!has_supp && !has_ext)
		return IE_MISSING;
	if (has_supp)
		v = ie_parse_rates(&supp, rs);
	if (v == IE_OK && has_ext)
		v = ie_parse_rates(&ext, rs);
	return v;
}

bool ie_rateset_has(const struct ie_rateset *rs, uint8_t rate)
{
	unsigned i;

	for (i = 0; i < rs->n && i < IE_RATES_MAX; i++)
		if (IE_RATE_VALUE(rs->rate[i]) == IE_RATE_VALUE(rate))
			return true;
	return false;
}

enum ie_verdict ie_parse_ds(const struct ie *e, uint8_t *channel)
{
	if (e->id != IE_DS_PARAMS)
		return IE_WRONG_ID;
	if (e->len < 1)
		return IE_BAD_LENGTH;
	*channel = e->data[0];
	return IE_OK;
}

enum ie_verdict ie_parse_tim(const struct ie *e, struct ie_tim *out)
{
	if (e->id != IE_TIM)
		return IE_WRONG_ID;
	/* 3 fixed octets, then 1..251 octets of partial virtual bitmap. */
	if (e->len < 4 || e->len > 3 + IE_TIM_BITMAP_LEN)
		return IE_BAD_LENGTH;
	out->dtim_count = e->data[0];
	out->dtim_period = e->data[1];
	out->bitmap_ctl = e->data[2];
	out->offset = e->data[2] & 0xfe;
	out->pvb = e->data + 3;
	out->pvb_len = e->len - 3;
	if (out->dtim_period == 0 || out->dtim_count >= out->dtim_period)
		return IE_BAD_VALUE;
	/* The bitmap may not reach past octet 250 (AID 2007). */
	if ((unsigned)out->offset + out->pvb_len > IE_TIM_BITMAP_LEN)
		return IE_BAD_VALUE;
	return IE_OK;
}

bool ie_tim_has_aid(const struct ie_tim *tim, uint16_t aid)
{
	unsigned octet = aid / 8;

	if (aid == 0 || aid > WLAN_AID_MAX || octet < tim->offset ||
	    octet - tim->offset >= tim->pvb_len)
		return false;
	return tim->pvb[octet - tim->offset] & (1u << (aid % 8));
}

enum ie_verdict ie_parse_country(const struct ie *e, struct ie_country *out)
{
	unsigned rest;

	if (e->id != IE_COUNTRY)
		return IE_WRONG_ID;
	/* Country string, at least one triplet, maybe one pad octet. */
	if (e->len < 6)
		return IE_BAD_LENGTH;
	rest = e->len - 3u;
	if (rest % 3 == 2)
		return IE_BAD_LENGTH;
	memcpy(out->cc, e->data, 3);
	out->triplets = e->data + 3;
	out->n_triplets = (uint8_t)(rest / 3);
	return IE_OK;
}

struct ie_country_triplet ie_country_triplet(const struct ie_country *c,
					     unsigned i)
{
	struct ie_country_triplet t = {0, 0, 0};

	if (i < c->n_triplets) {
		t.first = c->triplets[3 * i];
		t.second = c->triplets[3 * i + 1];
		t.third = c->triplets[3 * i + 2];
	}
	return t;
}

enum ie_verdict ie_parse_ht_capab(const struct ie *e, struct ie_ht_capab *out)
{
	const uint8_t *d = e->data;

	if (e->id != IE_HT_CAPAB)
		return IE_WRONG_ID;
	if (e->len < IE_HT_CAPAB_LEN)
		return IE_BAD_LENGTH;
	out->info = get_le16(d);
	out->ampdu_params = d[2];
	memcpy(out->mcs, d + 3, 16);
	out->ext_capab = get_le16(d + 19);
	out->txbf_capab = get_le32(d + 21);
	out->asel_capab = d[25];
	return IE_OK;
}

enum ie_verdict ie_parse_ht_oper(const struct ie *e, struct ie_ht_oper *out)
{
	const uint8_t *d = e->data;

	if (e->id != IE_HT_OPER)
		return IE_WRONG_ID;
	if (e->len < IE_HT_OPER_LEN)
		return IE_BAD_LENGTH;
	out->primary_chan = d[0];
	out->info1 = d[1];
	out->info2 = get_le16(d + 2);
	out->info3 = get_le16(d + 4);
	memcpy(out->basic_mcs, d + 6, 16);
	return IE_OK;
}

enum ie_verdict ie_parse_erp(const struct ie *e, uint8_t *flags)
{
	if (e->id != IE_ERP)
		return IE_WRONG_ID;
	if (e->len < 1)
		return IE_BAD_LENGTH;
	*flags = e->data[0];
	return IE_OK;
}

/* WMM Parameter element body: header(6) QoS(1) reserved(1) 4 x AC(4). */
#define WMM_INFO_LEN 7
#define WMM_PARAM_LEN 24

static enum ie_verdict parse_wmm_acs(const uint8_t *rec, struct ie_wmm *out)
{
	unsigned i, seen = 0;

	for (i = 0; i < 4; i++, rec += 4) {
		unsigned aci = (rec[0] >> 5) & 0x03;
		struct ie_wmm_ac_param *ac = &out->ac[aci];

		if (seen & (1u << aci))
			return IE_BAD_VALUE;
		seen |= 1u << aci;
		ac->aifsn = rec[0] & 0x0f;
		ac->acm = rec[0] & 0x10;
		ac->ecw_min = rec[1] & 0x0f;
		ac->ecw_max = rec[1] >> 4;
		ac->txop = get_le16(rec + 2);
		if (ac->aifsn < 2 || ac->ecw_min > ac->ecw_max)
			return IE_BAD_VALUE;
	}
	return IE_OK;
}

enum ie_verdict ie_parse_wmm(const struct ie *e, struct ie_wmm *out)
{
	if (!match_vendor(e, IE_OUI_MICROSOFT, IE_WMM_OUI_TYPE))
		return IE_WRONG_ID;
	if (e->len < WMM_INFO_LEN)
		return IE_BAD_LENGTH;
	if (e->data[5] != 1) /* WMM version */
		return IE_BAD_VALUE;
	memset(out, 0, sizeof(*out));
	out->subtype = e->data[4];
	out->qos_info = e->data[6];
	if (out->subtype == IE_WMM_SUBTYPE_INFO)
		return IE_OK;
	if (out->subtype != IE_WMM_SUBTYPE_PARAM)
		return IE_BAD_VALUE;
	if (e->len < WMM_PARAM_LEN)
		return IE_BAD_LENGTH;
	return parse_wmm_acs(e->data + 8, out);
}

void ie_wmm_default_params(struct ie_wmm_ac_param ac[4])
{
	static const struct ie_wmm_ac_param def[4] = {
		[IE_WMM_AC_BE] = {3, false, 4, 10, 0},
		[IE_WMM_AC_BK] = {7, false, 4, 10, 0},
		[IE_WMM_AC_VI] = {2, false, 3, 4, 94},
		[IE_WMM_AC_VO] = {2, false, 2, 3, 47},
	};

	memcpy(ac, def, sizeof(def));
}
