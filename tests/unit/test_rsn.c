/*
 * test_rsn.c - unit tests of the RSN element codec (rsn.c, IEEE
 * 802.11-2020 9.4.2.24): parsing with every field and at every length,
 * building the AP's element (exact bytes, bounds, configurations that
 * cannot be advertised), and every status code rsn_validate() can answer
 * for a station's element, MFP policy included. Published vector: the RSN
 * element of the wpa2.eapol.cap handshake (shared/reference/vectors.md 4).
 */
#include "check.h"
#include "wlan_testutil.h"

#include <rapd/ie.h>

/* vectors.md 4: the RSN element in M2's key data and in M3. */
static const char rsn_vector[] = "30140100000fac040100000fac040100000fac020100";

static const struct rsn_config psk_ap = {
	.group_cipher = RSN_CIPHER_CCMP,
	.pairwise_ciphers = RSN_CIPHER_CCMP,
	.akms = RSN_AKM_PSK,
	.mfp = RSN_MFP_DISABLED,
	.capab = RSN_CAPAB_PREAUTH,
};

static void rsn_vector_round_trip(void)
{
	uint8_t *vec, buf[64], *p;
	size_t len;
	struct rsn_ie r;
	struct ie e;

	vec = check_unhex(rsn_vector, &len);
	e = wt_first_elem(vec, len);
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_OK);
	CHECK_EQ_INT(r.version, 1);
	CHECK_EQ_INT(r.fields, RSN_HAS_GROUP | RSN_HAS_PAIRWISE | RSN_HAS_AKM |
				       RSN_HAS_CAPAB);
	CHECK_EQ_INT(r.group, RSN_SUITE_CCMP);
	CHECK_EQ_INT(r.n_pairwise, 1);
	CHECK_EQ_INT(rsn_suite_at(r.pairwise, 0), RSN_SUITE_CCMP);
	CHECK_EQ_INT(r.pairwise_mask, RSN_CIPHER_CCMP);
	CHECK_EQ_INT(r.n_akm, 1);
	CHECK_EQ_INT(rsn_suite_at(r.akm, 0), RSN_SUITE_AKM_PSK);
	CHECK_EQ_INT(r.akm_mask, RSN_AKM_PSK);
	CHECK_EQ_INT(r.capab, RSN_CAPAB_PREAUTH);
	CHECK_EQ_INT(r.n_pmkid, 0);
	CHECK_EQ_INT(r.group_mgmt, RSN_SUITE_BIP_CMAC_128);
	p = rsn_put_ie(buf, buf + sizeof(buf), &psk_ap);
	CHECK(p == buf + len);
	CHECK_MEM(buf, vec, len);
	CHECK(rsn_put_ie(buf, buf + len, &psk_ap) == buf + len);
	CHECK(!rsn_put_ie(buf, buf + len - 1, &psk_ap));
	free(vec);
}

static void rsn_truncation_at_every_length(void)
{
	uint8_t *vec;
	size_t len, n;
	struct rsn_ie r;
	struct ie e;

	vec = check_unhex(rsn_vector, &len);
	e = wt_first_elem(vec, len);
	/* Legal stops: after version(2), group(6), pairwise(12), AKM(18),
	 * capabilities(20); anything else ends inside a field. */
	for (n = 0; n + 2 <= len; n++) {
		e.len = (uint8_t)n;
		CHECK_EQ_INT(rsn_parse(&e, &r),
			     (n == 2 || n == 6 || n == 12 || n == 18 || n == 20)
				     ? RSN_OK
				     : RSN_TRUNCATED_FIELD);
	}
	e.len = 2;
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_OK);
	CHECK_EQ_INT(r.fields, 0);
	CHECK_EQ_INT(r.group, RSN_SUITE_CCMP);
	CHECK_EQ_INT(r.pairwise_mask, RSN_CIPHER_CCMP);
	CHECK_EQ_INT(r.akm_mask, RSN_AKM_8021X);
	e.id = IE_VENDOR;
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_NOT_RSN);
	free(vec);
}

static void rsn_optional_fields(void)
{
	/* PSK-SHA256, MFPR|MFPC, 16 replay counters, one PMKID, BIP-GMAC-256,
	 * then two octets of some future field. */
	static const char hex[] =
		"302c 0100 000fac04 0100 000fac04 0100 000fac06 cc00"
		"0100 00112233445566778899aabbccddeeff 000fac0c 4242";
	uint8_t *keep;
	struct rsn_ie r;
	struct ie e = wt_hex_elem(hex, &keep);

	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_OK);
	CHECK_EQ_INT(r.fields, 0x3f);
	CHECK_EQ_INT(r.akm_mask, RSN_AKM_PSK_SHA256);
	CHECK_EQ_INT(r.capab, RSN_CAPAB_MFPR | RSN_CAPAB_MFPC | 0x000c);
	CHECK_EQ_INT(r.n_pmkid, 1);
	CHECK_EQ_INT(r.pmkid[15], 0xff);
	CHECK_EQ_INT(r.group_mgmt, RSN_SUITE_BIP_GMAC_256);
	/* A PMKID count that runs past the element. */
	keep[2 + 20] = 2;
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_TRUNCATED_FIELD);
	keep[2] = 2;
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_BAD_VERSION);
	CHECK(strcmp(rsn_verdict_name(RSN_BAD_VERSION), "?") != 0);
	CHECK_EQ_INT(rsn_suite_bit(0x0050f202), RSN_SUITE_OTHER);
	CHECK_EQ_INT(rsn_suite_bit(RSN_SUITE(31)), RSN_SUITE_OTHER);
	free(keep);
}

/* rsn_validate() of a station element given in hex against ap. */
static enum wlan_status validate_hex(const char *hex,
				     const struct rsn_config *ap,
				     struct rsn_selection *sel)
{
	uint8_t *keep;
	struct ie e = wt_hex_elem(hex, &keep);
	enum wlan_status st = rsn_validate(&e, ap, sel);

	free(keep);
	return st;
}

#define STA_RSN(group, pw, akm, capab)                                         \
	"30140100" group "0100" pw "0100" akm capab

static void rsn_validate_status_codes(void)
{
	struct rsn_config ap = psk_ap;
	struct rsn_selection sel;

	CHECK_EQ_INT(validate_hex(rsn_vector, &ap, &sel), WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(sel.pairwise, RSN_CIPHER_CCMP);
	CHECK_EQ_INT(sel.akm, RSN_AKM_PSK);
	CHECK(!sel.mfp);
	CHECK_EQ_INT(rsn_validate(NULL, &ap, &sel), WLAN_STATUS_INVALID_IE);
	CHECK_EQ_INT(validate_hex("dd020100", &ap, NULL),
		     WLAN_STATUS_INVALID_IE);
	CHECK_EQ_INT(validate_hex("3003010000", &ap, NULL),
		     WLAN_STATUS_INVALID_IE);
	CHECK_EQ_INT(validate_hex("30020200", &ap, NULL),
		     WLAN_STATUS_UNSUPPORTED_RSN_IE_VERSION);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac02", "000fac04", "000fac02",
					  "0000"),
				  &ap, NULL),
		     WLAN_STATUS_INVALID_GROUP_CIPHER);
	CHECK_EQ_INT(validate_hex("30180100000fac040200000fac04000fac02"
				  "0100000fac020000",
				  &ap, NULL),
		     WLAN_STATUS_INVALID_PAIRWISE_CIPHER);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac02", "000fac02",
					  "0000"),
				  &ap, NULL),
		     WLAN_STATUS_INVALID_PAIRWISE_CIPHER);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "00904c04", "000fac02",
					  "0000"),
				  &ap, NULL),
		     WLAN_STATUS_INVALID_PAIRWISE_CIPHER);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac01", "000fac02",
					  "0000"),
				  &ap, NULL),
		     WLAN_STATUS_CIPHER_REJECTED_PER_POLICY);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac00", "000fac02",
					  "0000"),
				  &ap, NULL),
		     WLAN_STATUS_CIPHER_REJECTED_PER_POLICY);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac04", "000fac01",
					  "0000"),
				  &ap, NULL),
		     WLAN_STATUS_INVALID_AKMP);
	CHECK_EQ_INT(
		validate_hex("30100100000fac040100000fac0400000000", &ap, NULL),
		WLAN_STATUS_INVALID_AKMP);
	/* Only a version: the defaults (AKM 802.1X) apply. */
	CHECK_EQ_INT(validate_hex("30020100", &ap, NULL),
		     WLAN_STATUS_INVALID_AKMP);
	ap.akms |= RSN_AKM_8021X;
	CHECK_EQ_INT(validate_hex("30020100", &ap, &sel), WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(sel.akm, RSN_AKM_8021X);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac04", "000fac02",
					  "4000"),
				  &ap, NULL),
		     WLAN_STATUS_INVALID_RSN_IE_CAPAB);
}

static void rsn_validate_mfp(void)
{
	struct rsn_config ap = psk_ap;
	struct rsn_selection sel;
	const char *mfpc = STA_RSN("000fac04", "000fac04", "000fac02", "8000");
	const char *mfpr = STA_RSN("000fac04", "000fac04", "000fac02", "c000");

	/* AP without MFP: a station that requires it cannot join. */
	CHECK_EQ_INT(validate_hex(mfpr, &ap, NULL),
		     WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION);
	CHECK_EQ_INT(validate_hex(mfpc, &ap, &sel), WLAN_STATUS_SUCCESS);
	CHECK(!sel.mfp);
	ap.mfp = RSN_MFP_REQUIRED;
	CHECK_EQ_INT(validate_hex(rsn_vector, &ap, NULL),
		     WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION);
	CHECK_EQ_INT(validate_hex(mfpc, &ap, &sel), WLAN_STATUS_SUCCESS);
	CHECK(sel.mfp);
	ap.mfp = RSN_MFP_CAPABLE;
	CHECK_EQ_INT(validate_hex(rsn_vector, &ap, &sel), WLAN_STATUS_SUCCESS);
	CHECK(!sel.mfp);
	CHECK_EQ_INT(validate_hex(mfpr, &ap, &sel), WLAN_STATUS_SUCCESS);
	CHECK(sel.mfp);
	/* Under MFP the group management cipher must be the AP's. */
	CHECK_EQ_INT(validate_hex("301a0100000fac040100000fac040100000fac02"
				  "8000 0000 000fac0c",
				  &ap, NULL),
		     WLAN_STATUS_CIPHER_REJECTED_PER_POLICY);
	ap.group_mgmt_cipher = RSN_CIPHER_BIP_GMAC_256;
	CHECK_EQ_INT(validate_hex("301a0100000fac040100000fac040100000fac02"
				  "8000 0000 000fac0c",
				  &ap, NULL),
		     WLAN_STATUS_SUCCESS);
	ap.group_mgmt_cipher = 0;
	/* TKIP cannot be used with MFP. */
	ap.pairwise_ciphers |= RSN_CIPHER_TKIP;
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac02", "000fac02",
					  "8000"),
				  &ap, NULL),
		     WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac02", "000fac02",
					  "0000"),
				  &ap, &sel),
		     WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(sel.pairwise, RSN_CIPHER_TKIP);
	/* SAE without MFP is refused. */
	ap.akms |= RSN_AKM_SAE;
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac04", "000fac08",
					  "0000"),
				  &ap, NULL),
		     WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION);
	CHECK_EQ_INT(validate_hex(STA_RSN("000fac04", "000fac04", "000fac08",
					  "8000"),
				  &ap, &sel),
		     WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(sel.akm, RSN_AKM_SAE);
}

static void rsn_build_ap_element(void)
{
	struct rsn_config ap = {
		.group_cipher = RSN_CIPHER_CCMP,
		.pairwise_ciphers = RSN_CIPHER_CCMP | RSN_CIPHER_GCMP_256,
		.akms = RSN_AKM_PSK | RSN_AKM_PSK_SHA256 | RSN_AKM_SAE,
		.mfp = RSN_MFP_REQUIRED,
		.group_mgmt_cipher = RSN_CIPHER_BIP_GMAC_256,
		.capab = 0x000c | RSN_CAPAB_MFPC,
	};
	uint8_t buf[300], *p;
	struct rsn_ie r;
	struct ie e;

	p = rsn_put_ie(buf, buf + sizeof(buf), &ap);
	CHECK(p == buf + 40);
	CHECK_HEX(buf, "3026 0100 000fac04 0200 000fac04 000fac09"
		       "0300 000fac02 000fac06 000fac08 cc00"
		       "0000 000fac0c");
	e = wt_first_elem(buf, (size_t)(p - buf));
	CHECK_EQ_INT(rsn_parse(&e, &r), RSN_OK);
	CHECK_EQ_INT(r.pairwise_mask, ap.pairwise_ciphers);
	CHECK_EQ_INT(r.akm_mask, ap.akms);
	CHECK_EQ_INT(r.group_mgmt, RSN_SUITE_BIP_GMAC_256);
	/* MFP capable with the default BIP: no PMKID count, no BIP suite. */
	ap.mfp = RSN_MFP_CAPABLE;
	ap.group_mgmt_cipher = RSN_CIPHER_BIP_CMAC_128;
	p = rsn_put_ie(buf, buf + sizeof(buf), &ap);
	CHECK(p == buf + 2 + 0x26 - 6);
	CHECK_EQ_INT(buf[1], 0x26 - 6);
	CHECK_EQ_INT(buf[2 + 0x26 - 8], 0x8c);
	/* Configurations that cannot be advertised. */
	ap.pairwise_ciphers = 0;
	CHECK(!rsn_put_ie(buf, buf + sizeof(buf), &ap));
	ap.pairwise_ciphers = 0x7fffffff;
	ap.akms = 0x7fffffff;
	CHECK(!rsn_put_ie(buf, buf + sizeof(buf), &ap));
	ap.pairwise_ciphers = RSN_CIPHER_CCMP;
	ap.group_cipher = RSN_CIPHER_CCMP | RSN_CIPHER_TKIP;
	CHECK(!rsn_put_ie(buf, buf + sizeof(buf), &ap));
	ap.group_cipher = RSN_CIPHER_CCMP;
	CHECK(!rsn_put_ie(NULL, buf + sizeof(buf), &ap));
}

/* A station element built with one bit per list validates against an AP
 * advertising a superset. */
static void rsn_station_round_trip(void)
{
	struct rsn_config ap = {
		.group_cipher = RSN_CIPHER_CCMP,
		.pairwise_ciphers = RSN_CIPHER_CCMP | RSN_CIPHER_GCMP,
		.akms = RSN_AKM_PSK | RSN_AKM_PSK_SHA256,
		.mfp = RSN_MFP_CAPABLE,
	};
	struct rsn_config sta = ap;
	struct rsn_selection sel;
	uint8_t buf[64], *p;
	struct ie e;

	sta.pairwise_ciphers = RSN_CIPHER_GCMP;
	sta.akms = RSN_AKM_PSK_SHA256;
	p = rsn_put_ie(buf, buf + sizeof(buf), &sta);
	CHECK(p != NULL);
	e = wt_first_elem(buf, p ? (size_t)(p - buf) : 0);
	CHECK_EQ_INT(rsn_validate(&e, &ap, &sel), WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(sel.pairwise, RSN_CIPHER_GCMP);
	CHECK_EQ_INT(sel.akm, RSN_AKM_PSK_SHA256);
	CHECK(sel.mfp);
	/* The AP's own element lists two of each: not a valid request. */
	p = rsn_put_ie(buf, buf + sizeof(buf), &ap);
	e = wt_first_elem(buf, p ? (size_t)(p - buf) : 0);
	CHECK_EQ_INT(rsn_validate(&e, &ap, &sel),
		     WLAN_STATUS_INVALID_PAIRWISE_CIPHER);
}

int main(void)
{
	check_begin("test_rsn");
	RUN(rsn_vector_round_trip);
	RUN(rsn_truncation_at_every_length);
	RUN(rsn_optional_fields);
	RUN(rsn_validate_status_codes);
	RUN(rsn_validate_mfp);
	RUN(rsn_build_ap_element);
	RUN(rsn_station_round_trip);
	return check_end();
}
