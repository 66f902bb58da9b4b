/*
 * ie_build.c - element builders (see ie.h), used by the beacon and probe
 * response templates and the (re)association responses.
 *
 * Pure code, any thread: each builder writes one whole element at a
 * cursor bounded by end and returns the new cursor, or NULL when it does
 * not fit or its arguments cannot be encoded (OpenBSD's frm pattern with a
 * bound). No allocation, no state. Follows IEEE Std 802.11-2020 9.4.2
 * and the WMM specification 1.2 (2.2.2 WMM Parameter element).
 *
 * Byte layouts written here:
 *   SSID         00 len ssid...
 *   Rates        01 len rate... (<= 8)    Ext Rates   32 len rate...
 *   DSSS         03 01 channel
 *   TIM          05 len dtim-count dtim-period bitmap-ctl pvb(N2-N1+1)
 *   Country      07 len c c env (first n max)... [pad 00]
 *   ERP          2a 01 flags
 *   HT Cap       2d 1a info(2) ampdu(1) mcs(16) ext(2) txbf(4) asel(1)
 *   HT Oper      3d 16 primary(1) info(5) basic-mcs(16)
 *   Ext Capab    7f len bits...
 *   WMM Param    dd 18 00 50 f2 02 01 01 qos-info 00 then BE BK VI VO:
 *                aci<<5|acm<<4|aifsn  ecwmax<<4|ecwmin  txop(2)
 *
 * One element, annotated (a TIM for AID 2007 only, DTIM 0 of 2):
 *   05 04 00 02 fa 80   Bitmap Control 0xfa: N1 = 250; octet 250 = 0x80,
 *                       bit 7 = AID 250 * 8 + 7 = 2007
 */
#include <rapd/bytes.h>
#include <rapd/ie.h>

#include <string.h>

static bool room(const uint8_t *p, const uint8_t *end, size_t n)
{
	return p && p <= end && (size_t)(end - p) >= n;
}

/* Writes ID and Length after checking room for the whole element. */
static uint8_t *put_head(uint8_t *p, const uint8_t *end, uint8_t id, size_t len)
{
	if (len > 255 || !room(p, end, 2 + len))
		return NULL;
	p[0] = id;
	p[1] = (uint8_t)len;
	return p + 2;
}

uint8_t *ie_put(uint8_t *p, const uint8_t *end, uint8_t id, const uint8_t *data,
		size_t len)
{
	p = put_head(p, end, id, len);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, data, len);
	return p + len;
}

uint8_t *ie_put_ssid(uint8_t *p, const uint8_t *end, const uint8_t *ssid,
		     size_t len)
{
	if (len > IE_SSID_MAX)
		return NULL;
	return ie_put(p, end, IE_SSID, ssid, len);
}

#define SUPP_RATES_MAX 8

uint8_t *ie_put_supp_rates(uint8_t *p, const uint8_t *end,
			   const struct ie_rateset *rs)
{
	size_t n = rs->n < SUPP_RATES_MAX ? rs->n : SUPP_RATES_MAX;

	if (n == 0 || rs->n > IE_RATES_MAX)
		return NULL;
	return ie_put(p, end, IE_SUPP_RATES, rs->rate, n);
}

uint8_t *ie_put_ext_rates(uint8_t *p, const uint8_t *end,
			  const struct ie_rateset *rs)
{
	if (rs->n > IE_RATES_MAX)
		return NULL;
	if (rs->n <= SUPP_RATES_MAX)
		return p;
	return ie_put(p, end, IE_EXT_RATES, rs->rate + SUPP_RATES_MAX,
		      rs->n - SUPP_RATES_MAX);
}

uint8_t *ie_put_ds(uint8_t *p, const uint8_t *end, uint8_t channel)
{
	return ie_put(p, end, IE_DS_PARAMS, &channel, 1);
}

/* Octet i of the virtual bitmap; AID 0 is not a station, never flagged. */
static uint8_t vbm_octet(const uint8_t *vbm, unsigned i)
{
	if (!vbm)
		return 0;
	return i == 0 ? vbm[0] & 0xfe : vbm[i];
}

uint8_t *ie_put_tim(uint8_t *p, const uint8_t *end, uint8_t dtim_count,
		    uint8_t dtim_period, const uint8_t *vbm, bool multicast)
{
	unsigned i, n1 = 0, n2 = 0;
	bool any = false;

	if (dtim_period == 0 || dtim_count >= dtim_period)
		return NULL;
	for (i = 0; i < IE_TIM_BITMAP_LEN; i++) {
		if (!vbm_octet(vbm, i))
			continue;
		if (!any)
			n1 = i & ~1u; /* even: Bitmap Control holds N1/2 */
		any = true;
		n2 = i;
	}
	p = put_head(p, end, IE_TIM, 3 + (n2 - n1 + 1));
	if (!p)
		return NULL;
	*p++ = dtim_count;
	*p++ = dtim_period;
	*p++ = (uint8_t)(n1 | (multicast ? IE_TIM_MULTICAST : 0));
	for (i = n1; i <= n2; i++)
		*p++ = vbm_octet(vbm, i);
	return p;
}

uint8_t *ie_put_country(uint8_t *p, const uint8_t *end, const char *cc,
			uint8_t environment, const struct ie_country_triplet *t,
			size_t n)
{
	size_t i, len = 3 + 3 * n;
	bool pad = len % 2;

	if (n == 0 || !cc[0] || !cc[1])
		return NULL;
	p = put_head(p, end, IE_COUNTRY, len + pad);
	if (!p)
		return NULL;
	*p++ = (uint8_t)cc[0];
	*p++ = (uint8_t)cc[1];
	*p++ = environment;
	for (i = 0; i < n; i++) {
		*p++ = t[i].first;
		*p++ = t[i].second;
		*p++ = t[i].third;
	}
	if (pad)
		*p++ = 0;
	return p;
}

uint8_t *ie_put_erp(uint8_t *p, const uint8_t *end, uint8_t flags)
{
	return ie_put(p, end, IE_ERP, &flags, 1);
}

uint8_t *ie_put_ht_capab(uint8_t *p, const uint8_t *end,
			 const struct ie_ht_capab *ht)
{
	p = put_head(p, end, IE_HT_CAPAB, IE_HT_CAPAB_LEN);
	if (!p)
		return NULL;
	put_le16(p, ht->info);
	p[2] = ht->ampdu_params;
	memcpy(p + 3, ht->mcs, 16);
	put_le16(p + 19, ht->ext_capab);
	put_le32(p + 21, ht->txbf_capab);
	p[25] = ht->asel_capab;
	return p + IE_HT_CAPAB_LEN;
}

uint8_t *ie_put_ht_oper(uint8_t *p, const uint8_t *end,
			const struct ie_ht_oper *ht)
{
	p = put_head(p, end, IE_HT_OPER, IE_HT_OPER_LEN);
	if (!p)
		return NULL;
	p[0] = ht->primary_chan;
	p[1] = ht->info1;
	put_le16(p + 2, ht->info2);
	put_le16(p + 4, ht->info3);
	memcpy(p + 6, ht->basic_mcs, 16);
	return p + IE_HT_OPER_LEN;
}

#define WMM_PARAM_LEN 24

uint8_t *ie_put_wmm_param(uint8_t *p, const uint8_t *end, uint8_t qos_info,
			  const struct ie_wmm_ac_param ac[4])
{
	static const uint8_t head[6] = {
		0x00, 0x50, 0xf2, IE_WMM_OUI_TYPE, IE_WMM_SUBTYPE_PARAM, 1};
	unsigned aci;

	for (aci = 0; aci < 4; aci++)
		if (ac[aci].aifsn > 15 || ac[aci].ecw_min > 15 ||
		    ac[aci].ecw_max > 15)
			return NULL;
	p = put_head(p, end, IE_VENDOR, WMM_PARAM_LEN);
	if (!p)
		return NULL;
	memcpy(p, head, sizeof(head));
	p += sizeof(head);
	*p++ = qos_info;
	*p++ = 0; /* reserved */
	for (aci = 0; aci < 4; aci++) {
		*p++ = (uint8_t)(aci << 5 | (ac[aci].acm ? 0x10 : 0) |
				 ac[aci].aifsn);
		*p++ = (uint8_t)(ac[aci].ecw_max << 4 | ac[aci].ecw_min);
		put_le16(p, ac[aci].txop);
		p += 2;
	}
	return p;
}

uint8_t *ie_put_ext_capab(uint8_t *p, const uint8_t *end, const uint8_t *bits,
			  size_t len)
{
	if (len == 0)
		return NULL;
	return ie_put(p, end, IE_EXT_CAPAB, bits, len);
}
