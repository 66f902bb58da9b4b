/*
 * rsn.c - the RSN element (see ie.h): parser, association-time check of a
 * station's element against the AP's policy, and the AP's own element.
 *
 * Pure code: workers call rsn_validate() on each (Re)Association Request
 * and the EAPOL code compares elements with rsn_parse(); the beacon
 * template calls rsn_put_ie(). No I/O, no allocation, no state. Follows
 * IEEE Std 802.11-2020 9.4.2.24 (RSNE), 12.6.3 (RSNA policy selection in
 * an ESS) and 11.13 (management frame protection negotiation).
 *
 * Byte layout (counts little-endian; suites are OUI(3) then type(1)):
 *
 *   30 len  Version(2)  Group Data Cipher Suite(4)
 *           Pairwise Count(2) Pairwise Suites(4 * m)
 *           AKM Count(2) AKM Suites(4 * n)
 *           RSN Capabilities(2)
 *           PMKID Count(2) PMKIDs(16 * s)
 *           Group Management Cipher Suite(4)
 *
 * Every field after Version is optional, but only from the end: the
 * element may stop at any field boundary, never inside a field (a count
 * and its list are one field here).
 *
 * One element, annotated (wpa2.eapol.cap M2 key data, vectors.md 4):
 *   30 14          RSN element, 20 octets
 *   01 00          version 1
 *   00 0f ac 04    group cipher CCMP-128
 *   01 00 00 0f ac 04    1 pairwise suite: CCMP-128
 *   01 00 00 0f ac 02    1 AKM suite: PSK
 *   01 00          capabilities: pre-authentication
 */
#include <rapd/bytes.h>
#include <rapd/ie.h>

#include <string.h>

#define SUITE_LEN 4

uint32_t rsn_suite_at(const uint8_t *list, unsigned i)
{
	return get_be32(list + (size_t)SUITE_LEN * i);
}

uint32_t rsn_suite_bit(uint32_t suite)
{
	if (suite >> 8 == RSN_OUI && (suite & 0xff) <= 30)
		return 1u << (suite & 0xff);
	return RSN_SUITE_OTHER;
}

static uint32_t list_mask(const uint8_t *list, unsigned n)
{
	uint32_t mask = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		mask |= rsn_suite_bit(rsn_suite_at(list, i));
	return mask;
}

/* A read position within the element body. */
struct rd {
	const uint8_t *p;
	size_t left;
};

static bool take(struct rd *r, size_t n, const uint8_t **at)
{
	if (r->left < n)
		return false;
	*at = r->p;
	r->p += n;
	r->left -= n;
	return true;
}

/* A count and its list of unit-octet entries, as one field. */
static bool take_list(struct rd *r, size_t unit, uint16_t *n,
		      const uint8_t **list)
{
	const uint8_t *c;

	if (!take(r, 2, &c))
		return false;
	*n = get_le16(c);
	return take(r, unit * *n, list);
}

static void set_defaults(struct rsn_ie *out)
{
	memset(out, 0, sizeof(*out));
	out->group = RSN_SUITE_CCMP;
	out->pairwise_mask = RSN_CIPHER_CCMP;
	out->akm_mask = RSN_AKM_8021X;
	out->group_mgmt = RSN_SUITE_BIP_CMAC_128;
}

/* The optional fields, each stopping cleanly when the body ends. */
static enum rsn_verdict parse_optional(struct rd *r, struct rsn_ie *out)
{
	const uint8_t *f;

	if (r->left == 0)
		return RSN_OK;
	if (!take(r, SUITE_LEN, &f))
		return RSN_TRUNCATED_FIELD;
	out->group = get_be32(f);
	out->fields |= RSN_HAS_GROUP;
	if (r->left == 0)
		return RSN_OK;
	if (!take_list(r, SUITE_LEN, &out->n_pairwise, &out->pairwise))
		return RSN_TRUNCATED_FIELD;
	out->pairwise_mask = list_mask(out->pairwise, out->n_pairwise);
	out->fields |= RSN_HAS_PAIRWISE;
	if (r->left == 0)
		return RSN_OK;
	if (!take_list(r, SUITE_LEN, &out->n_akm, &out->akm))
		return RSN_TRUNCATED_FIELD;
	out->akm_mask = list_mask(out->akm, out->n_akm);
	out->fields |= RSN_HAS_AKM;
	if (r->left == 0)
		return RSN_OK;
	if (!take(r, 2, &f))
		return RSN_TRUNCATED_FIELD;
	out->capab = get_le16(f);
	out->fields |= RSN_HAS_CAPAB;
	if (r->left == 0)
		return RSN_OK;
	if (!take_list(r, RSN_PMKID_LEN, &out->n_pmkid, &out->pmkid))
		return RSN_TRUNCATED_FIELD;
	out->fields |= RSN_HAS_PMKID;
	if (r->left == 0)
		return RSN_OK;
	if (!take(r, SUITE_LEN, &f))
		return RSN_TRUNCATED_FIELD;
	out->group_mgmt = get_be32(f);
	out->fields |= RSN_HAS_GROUP_MGMT;
	return RSN_OK; /* later octets: extensions we do not know */
}

enum rsn_verdict rsn_parse(const struct ie *e, struct rsn_ie *out)
{
	struct rd r = {e->data, e->len};
	const uint8_t *f;

	set_defaults(out);
	if (e->id != IE_RSN)
		return RSN_NOT_RSN;
	if (!take(&r, 2, &f))
		return RSN_TRUNCATED_FIELD;
	out->version = get_le16(f);
	if (out->version != RSN_VERSION)
		return RSN_BAD_VERSION;
	return parse_optional(&r, out);
}

const char *rsn_verdict_name(enum rsn_verdict v)
{
	switch (v) {
	case RSN_OK:
		return "ok";
	case RSN_NOT_RSN:
		return "not an RSN element";
	case RSN_BAD_VERSION:
		return "unsupported RSN version";
	case RSN_TRUNCATED_FIELD:
		return "element ends inside a field";
	}
	return "?";
}

/* Suites no RSNA may pick as its pairwise cipher under rapd's policy. */
#define PAIRWISE_FORBIDDEN                                                     \
	(RSN_CIPHER_USE_GROUP | RSN_CIPHER_WEP40 | RSN_CIPHER_WEP104 |         \
	 RSN_CIPHER_BIP_CMAC_128 | RSN_CIPHER_NO_GROUP_TRAFFIC |               \
	 RSN_CIPHER_BIP_GMAC_128 | RSN_CIPHER_BIP_GMAC_256 |                   \
	 RSN_CIPHER_BIP_CMAC_256)
#define AKM_NEEDS_MFP (RSN_AKM_SAE | RSN_AKM_FT_SAE | RSN_AKM_SAE_EXT_KEY)

static uint32_t ap_group_mgmt(const struct rsn_config *ap)
{
	return ap->group_mgmt_cipher ? ap->group_mgmt_cipher
				     : RSN_CIPHER_BIP_CMAC_128;
}

/* One suite, allowed by the AP: exactly one bit, inside allowed. */
static bool one_allowed(uint32_t mask, uint32_t allowed)
{
	return mask && !(mask & (mask - 1)) && !(mask & ~allowed);
}

static enum wlan_status check_suites(const struct rsn_ie *r,
				     const struct rsn_config *ap)
{
	if (rsn_suite_bit(r->group) != ap->group_cipher)
		return WLAN_STATUS_INVALID_GROUP_CIPHER;
	if ((r->fields & RSN_HAS_PAIRWISE) && r->n_pairwise != 1)
		return WLAN_STATUS_INVALID_PAIRWISE_CIPHER;
	if (r->pairwise_mask & PAIRWISE_FORBIDDEN)
		return WLAN_STATUS_CIPHER_REJECTED_PER_POLICY;
	if (!one_allowed(r->pairwise_mask, ap->pairwise_ciphers))
		return WLAN_STATUS_INVALID_PAIRWISE_CIPHER;
	if ((r->fields & RSN_HAS_AKM) && r->n_akm != 1)
		return WLAN_STATUS_INVALID_AKMP;
	if (!one_allowed(r->akm_mask, ap->akms))
		return WLAN_STATUS_INVALID_AKMP;
	return WLAN_STATUS_SUCCESS;
}

static enum wlan_status check_mfp(const struct rsn_ie *r,
				  const struct rsn_config *ap, bool *mfp)
{
	bool mfpc = r->capab & RSN_CAPAB_MFPC;
	bool mfpr = r->capab & RSN_CAPAB_MFPR;

	*mfp = false;
	if (mfpr && !mfpc)
		return WLAN_STATUS_INVALID_RSN_IE_CAPAB;
	if (ap->mfp == RSN_MFP_REQUIRED && !mfpc)
		return WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION;
	if (ap->mfp == RSN_MFP_DISABLED && mfpr)
		return WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION;
	if ((r->akm_mask & AKM_NEEDS_MFP) && !mfpc)
		return WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION;
	if (ap->mfp == RSN_MFP_DISABLED || !mfpc)
		return WLAN_STATUS_SUCCESS;
	*mfp = true;
	if (r->pairwise_mask & RSN_CIPHER_TKIP)
		return WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION;
	if (rsn_suite_bit(r->group_mgmt) != ap_group_mgmt(ap))
		return WLAN_STATUS_CIPHER_REJECTED_PER_POLICY;
	return WLAN_STATUS_SUCCESS;
}

enum wlan_status rsn_validate(const struct ie *e, const struct rsn_config *ap,
			      struct rsn_selection *sel)
{
	struct rsn_ie r;
	enum wlan_status st;
	bool mfp = false;

	if (!e)
		return WLAN_STATUS_INVALID_IE;
	switch (rsn_parse(e, &r)) {
	case RSN_OK:
		break;
	case RSN_BAD_VERSION:
		return WLAN_STATUS_UNSUPPORTED_RSN_IE_VERSION;
	case RSN_NOT_RSN:
	case RSN_TRUNCATED_FIELD:
		return WLAN_STATUS_INVALID_IE;
	}
	st = check_suites(&r, ap);
	if (st == WLAN_STATUS_SUCCESS)
		st = check_mfp(&r, ap, &mfp);
	if (st == WLAN_STATUS_SUCCESS && sel) {
		sel->pairwise = r.pairwise_mask;
		sel->akm = r.akm_mask;
		sel->mfp = mfp;
	}
	return st;
}

static unsigned count_bits(uint32_t mask)
{
	unsigned n = 0;

	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

/* Count and suites of mask, ascending type; bit 31 (other) never set. */
static uint8_t *put_suites(uint8_t *p, uint32_t mask)
{
	unsigned type;

	put_le16(p, (uint16_t)count_bits(mask));
	p += 2;
	for (type = 0; type <= 30; type++) {
		if (mask & (1u << type)) {
			put_be32(p, RSN_SUITE(type));
			p += SUITE_LEN;
		}
	}
	return p;
}

uint8_t *rsn_put_ie(uint8_t *p, const uint8_t *end, const struct rsn_config *ap)
{
	uint32_t pw = ap->pairwise_ciphers & ~RSN_SUITE_OTHER;
	uint32_t akm = ap->akms & ~RSN_SUITE_OTHER;
	uint32_t gm = ap_group_mgmt(ap);
	uint16_t capab = ap->capab & ~(RSN_CAPAB_MFPC | RSN_CAPAB_MFPR);
	bool with_gm =
		ap->mfp != RSN_MFP_DISABLED && gm != RSN_CIPHER_BIP_CMAC_128;
	size_t len = 2 + SUITE_LEN + 2 + SUITE_LEN * count_bits(pw) + 2 +
		     SUITE_LEN * count_bits(akm) + 2 + (with_gm ? 2 + 4 : 0);

	if (count_bits(ap->group_cipher & ~RSN_SUITE_OTHER) != 1 || !pw ||
	    !akm || count_bits(gm & ~RSN_SUITE_OTHER) != 1)
		return NULL;
	if (len > 255 || !p || p > end || (size_t)(end - p) < 2 + len)
		return NULL;
	if (ap->mfp != RSN_MFP_DISABLED)
		capab |= RSN_CAPAB_MFPC;
	if (ap->mfp == RSN_MFP_REQUIRED)
		capab |= RSN_CAPAB_MFPR;
	*p++ = IE_RSN;
	*p++ = (uint8_t)len;
	put_le16(p, RSN_VERSION);
	put_be32(p + 2, RSN_SUITE(__builtin_ctz(ap->group_cipher)));
	p = put_suites(p + 6, pw);
	p = put_suites(p, akm);
	put_le16(p, capab);
	p += 2;
	if (with_gm) {
		put_le16(p, 0); /* no PMKID */
		put_be32(p + 2, RSN_SUITE(__builtin_ctz(gm)));
		p += 6;
	}
	return p;
}
