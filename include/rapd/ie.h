/*
 * ie.h - 802.11 elements (IEEE Std 802.11-2020 9.4.2): a bounds-checked
 * iterator, lookups, parsers and builders of the elements an AP reads and
 * writes, and the RSN element (9.4.2.24) with its association-time check.
 *
 * Contract
 * - Pure functions: no I/O, no allocation, no global state; any thread.
 * - Element bytes are untrusted. The iterator never yields an element that
 *   runs past the end of its buffer: it stops with IE_ITER_TRUNCATED.
 *   Parsers check each element's length against its clause and return an
 *   enum verdict; on any verdict but ..._OK the output is unspecified.
 * - Parsed structs point into the caller's buffer (never owned).
 * - Builders write whole elements (ID, Length, body) with the cursor
 *   pattern of ieee80211.h: `uint8_t *ie_put_x(uint8_t *p, const uint8_t
 *   *end, ...)` returns the new cursor or NULL if the element does not fit
 *   or its arguments cannot be encoded; a NULL p passes through.
 */
#ifndef RAPD_IE_H
#define RAPD_IE_H

#include <rapd/ieee80211.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Element IDs (Table 9-92). */
#define IE_SSID 0
#define IE_SUPP_RATES 1
#define IE_DS_PARAMS 3
#define IE_TIM 5
#define IE_COUNTRY 7
#define IE_CHALLENGE 16
#define IE_POWER_CAPAB 33
#define IE_SUPP_CHANNELS 36
#define IE_ERP 42
#define IE_HT_CAPAB 45
#define IE_RSN 48
#define IE_EXT_RATES 50
#define IE_MOBILITY_DOMAIN 54
#define IE_FAST_BSS_TRANS 55
#define IE_TIMEOUT_INTERVAL 56
#define IE_SUPP_OP_CLASSES 59
#define IE_HT_OPER 61
#define IE_RM_ENABLED_CAPAB 70
#define IE_BSS_COEX 72
#define IE_OBSS_SCAN 74
#define IE_MME 76
#define IE_EXT_CAPAB 127
#define IE_VHT_CAPAB 191
#define IE_VHT_OPER 192
#define IE_RSNX 244
#define IE_VENDOR 221
#define IE_EXTENSION 255

/* Element ID Extension values (Table 9-92, element 255). */
#define IE_EXT_PASSWORD_ID 33
#define IE_EXT_HE_CAPAB 35
#define IE_EXT_HE_OPER 36
#define IE_EXT_REJECTED_GROUPS 92
#define IE_EXT_ANTI_CLOGGING_TOKEN 93

/* Vendor elements: OUI as a 24-bit value, then the OUI type. */
#define IE_OUI_MICROSOFT 0x0050f2
#define IE_WMM_OUI_TYPE 2
#define IE_WMM_SUBTYPE_INFO 0
#define IE_WMM_SUBTYPE_PARAM 1

/* One element as the iterator yields it. */
struct ie {
	uint8_t id;	     /* Element ID */
	uint8_t ext_id;	     /* Element ID Extension when id == IE_EXTENSION */
	const uint8_t *data; /* body; after the extension ID for id 255 */
	uint8_t len;	     /* octets at data */
	const uint8_t *elem; /* the whole element, ID and Length included */
	size_t elem_len;     /* 2 + Length */
};

enum ie_iter_verdict {
	IE_ITER_ELEMENT,       /* *out holds the next element */
	IE_ITER_END,	       /* the buffer ended on an element boundary */
	IE_ITER_TRUNCATED,     /* an element header or body runs past the end */
	IE_ITER_BAD_EXTENSION, /* element 255 with Length 0 (no extension ID) */
};

/*
 * Walks ies[0..len). Once next() returns anything but IE_ITER_ELEMENT it
 * returns the same verdict again: iteration stops at the first bad element.
 */
struct ie_iter {
	const uint8_t *pos, *end;
	enum ie_iter_verdict stop; /* IE_ITER_ELEMENT while running */
};

void ie_iter_init(struct ie_iter *it, const uint8_t *ies, size_t len);
enum ie_iter_verdict ie_iter_next(struct ie_iter *it, struct ie *out);
/* Walks the whole buffer: IE_ITER_END when every element is well formed. */
enum ie_iter_verdict ie_validate(const uint8_t *ies, size_t len);
const char *ie_iter_verdict_name(enum ie_iter_verdict v);

/*
 * First element with that ID (not IE_EXTENSION: use ie_find_ext) before
 * the end or the first malformed element. True if found.
 */
bool ie_find(const uint8_t *ies, size_t len, uint8_t id, struct ie *out);
bool ie_find_ext(const uint8_t *ies, size_t len, uint8_t ext_id,
		 struct ie *out);
/* Vendor Specific element (221) by OUI (e.g. IE_OUI_MICROSOFT) and type. */
bool ie_find_vendor(const uint8_t *ies, size_t len, uint32_t oui, uint8_t type,
		    struct ie *out);

/* What an element parser says. */
enum ie_verdict {
	IE_OK,
	IE_WRONG_ID,   /* not the element this parser reads */
	IE_BAD_LENGTH, /* Length outside what the clause allows */
	IE_BAD_VALUE,  /* a field holds a value the clause forbids */
	IE_TOO_MANY,   /* more entries than the output holds */
	IE_MISSING,    /* a lookup found no such element */
};

const char *ie_verdict_name(enum ie_verdict v);

/* SSID (9.4.2.2): 0..32 octets, not a string (no NUL). */
#define IE_SSID_MAX 32
struct ie_ssid {
	const uint8_t *ssid;
	uint8_t len;
};
enum ie_verdict ie_parse_ssid(const struct ie *e, struct ie_ssid *out);

/*
 * Supported Rates and BSS Membership Selectors (9.4.2.3) plus Extended
 * Supported Rates (9.4.2.13), merged in order of appearance. Each entry
 * is the wire octet: bit 7 = basic rate, bits 0-6 = rate in 500 kb/s or a
 * membership selector (IE_SELECTOR_*, always with bit 7).
 */
#define IE_RATES_MAX 32
#define IE_RATE_BASIC 0x80
#define IE_RATE_VALUE(r) ((r)&0x7f)
#define IE_SELECTOR_HT_PHY 127
#define IE_SELECTOR_VHT_PHY 126
#define IE_SELECTOR_SAE_H2E 123
struct ie_rateset {
	uint8_t n;
	uint8_t rate[IE_RATES_MAX];
};
/*
 * Appends the rates of a Supported or Extended Supported Rates element to
 * rs (zeroed by the caller before the first one). A rate already in rs is
 * not added twice; its basic bit is ORed in.
 */
enum ie_verdict ie_parse_rates(const struct ie *e, struct ie_rateset *rs);
/* Finds both elements in ies and merges them; IE_MISSING if neither. */
enum ie_verdict ie_parse_rateset(const uint8_t *ies, size_t len,
				 struct ie_rateset *rs);
/* True if rs lists rate (500 kb/s units; basic or not). */
bool ie_rateset_has(const struct ie_rateset *rs, uint8_t rate);

/* DSSS Parameter Set (9.4.2.4): the current channel. */
enum ie_verdict ie_parse_ds(const struct ie *e, uint8_t *channel);

/*
 * TIM (9.4.2.5). The partial virtual bitmap holds octets N1..N2 of the
 * 251-octet traffic indication virtual bitmap, where bit n is AID n.
 */
#define IE_TIM_BITMAP_LEN 251
#define IE_TIM_MULTICAST 0x01 /* Bitmap Control bit 0 */
struct ie_tim {
	uint8_t dtim_count;
	uint8_t dtim_period;
	uint8_t bitmap_ctl;
	uint8_t offset;	    /* N1: Bitmap Control bits 1-7 times 2 */
	const uint8_t *pvb; /* partial virtual bitmap */
	uint8_t pvb_len;    /* 1..251, offset + pvb_len <= 251 */
};
enum ie_verdict ie_parse_tim(const struct ie *e, struct ie_tim *out);
/* True if the TIM flags traffic for aid (1..2007). */
bool ie_tim_has_aid(const struct ie_tim *tim, uint16_t aid);

/*
 * Country (9.4.2.8): a 3-octet country string (2 letters, then ' ', 'O',
 * 'I' or 0x04) and triplets: subband (first channel, number of channels,
 * max tx power in dBm) or, when the first octet is >= 201, an operating
 * triplet (extension ID, operating class, coverage class).
 */
#define IE_COUNTRY_OPERATING_EXT 201
struct ie_country_triplet {
	uint8_t first;	/* first channel, or operating extension ID */
	uint8_t second; /* number of channels, or operating class */
	uint8_t third;	/* max tx power (dBm), or coverage class */
};
struct ie_country {
	char cc[3];		 /* country string as on the air */
	const uint8_t *triplets; /* n_triplets * 3 octets */
	uint8_t n_triplets;
};
enum ie_verdict ie_parse_country(const struct ie *e, struct ie_country *out);
/* Triplet i < n_triplets of a parsed Country element. */
struct ie_country_triplet ie_country_triplet(const struct ie_country *c,
					     unsigned i);

/* HT Capabilities (9.4.2.55): 26 octets. */
#define IE_HT_CAPAB_LEN 26
#define IE_HT_CAP_LDPC 0x0001
#define IE_HT_CAP_40MHZ 0x0002
#define IE_HT_CAP_SMPS_MASK 0x000c
#define IE_HT_CAP_SMPS_DISABLED 0x000c
#define IE_HT_CAP_GREENFIELD 0x0010
#define IE_HT_CAP_SGI_20 0x0020
#define IE_HT_CAP_SGI_40 0x0040
#define IE_HT_CAP_TX_STBC 0x0080
#define IE_HT_CAP_RX_STBC_MASK 0x0300
#define IE_HT_CAP_DELAYED_BA 0x0400
#define IE_HT_CAP_MAX_AMSDU_7935 0x0800
#define IE_HT_CAP_DSSS_CCK_40 0x1000
#define IE_HT_CAP_40MHZ_INTOLERANT 0x4000
#define IE_HT_CAP_LSIG_TXOP 0x8000
struct ie_ht_capab {
	uint16_t info;	      /* HT Capability Information, IE_HT_CAP_* */
	uint8_t ampdu_params; /* max A-MPDU length exponent, spacing */
	uint8_t mcs[16];      /* Supported MCS Set as on the air */
	uint16_t ext_capab;
	uint32_t txbf_capab;
	uint8_t asel_capab;
};
enum ie_verdict ie_parse_ht_capab(const struct ie *e, struct ie_ht_capab *out);

/* HT Operation (9.4.2.56): 22 octets. */
#define IE_HT_OPER_LEN 22
#define IE_HT_OP1_SEC_CHAN_MASK 0x03 /* info1: 0 none, 1 above, 3 below */
#define IE_HT_OP1_SEC_ABOVE 0x01
#define IE_HT_OP1_SEC_BELOW 0x03
#define IE_HT_OP1_ANY_WIDTH 0x04
#define IE_HT_OP1_RIFS 0x08
#define IE_HT_OP2_PROT_MASK 0x0003 /* info2: HT protection mode */
#define IE_HT_OP2_NONGF_PRESENT 0x0004
#define IE_HT_OP2_OBSS_NONHT 0x0010
#define IE_HT_OP3_DUAL_BEACON 0x0040
#define IE_HT_OP3_DUAL_CTS 0x0080
#define IE_HT_OP3_STBC_BEACON 0x0100
struct ie_ht_oper {
	uint8_t primary_chan;
	uint8_t info1;	/* HT Operation Information octet 1 */
	uint16_t info2; /* octets 2-3 */
	uint16_t info3; /* octets 4-5 */
	uint8_t basic_mcs[16];
};
enum ie_verdict ie_parse_ht_oper(const struct ie *e, struct ie_ht_oper *out);

/* ERP (9.4.2.11): one octet of flags. */
#define IE_ERP_NON_ERP_PRESENT 0x01
#define IE_ERP_USE_PROTECTION 0x02
#define IE_ERP_BARKER_PREAMBLE 0x04
enum ie_verdict ie_parse_erp(const struct ie *e, uint8_t *flags);

/*
 * WMM (Wi-Fi Alliance WMM specification 1.2, 2.2): vendor element
 * 00:50:f2 type 2, subtype 0 Information (7 octets) or 1 Parameter (24
 * octets). AC records go in ACI order: BE, BK, VI, VO.
 */
enum ie_wmm_ac { IE_WMM_AC_BE, IE_WMM_AC_BK, IE_WMM_AC_VI, IE_WMM_AC_VO };
struct ie_wmm_ac_param {
	uint8_t aifsn;	 /* 2..15 */
	bool acm;	 /* admission control mandatory */
	uint8_t ecw_min; /* CWmin = 2^ecw_min - 1 */
	uint8_t ecw_max;
	uint16_t txop; /* TXOP limit in units of 32 us */
};
struct ie_wmm {
	uint8_t subtype;  /* IE_WMM_SUBTYPE_* */
	uint8_t qos_info; /* AP: bits 0-3 parameter set count, bit 7 U-APSD */
	struct ie_wmm_ac_param ac[4]; /* Parameter element only */
};
enum ie_verdict ie_parse_wmm(const struct ie *e, struct ie_wmm *out);
/*
 * The EDCA parameters an AP advertises by default, those of Table 9-155
 * for OFDM PHYs (aCWmin 15, aCWmax 1023): BE 3/4/10/0, BK 7/4/10/0,
 * VI 2/3/4/94 (3.008 ms), VO 2/2/3/47 (1.504 ms) as AIFSN/ECWmin/ECWmax/
 * TXOP.
 */
void ie_wmm_default_params(struct ie_wmm_ac_param ac[4]);

/* Builders (ie_build.c). */

/* Any element from its body; len <= 255. */
uint8_t *ie_put(uint8_t *p, const uint8_t *end, uint8_t id, const uint8_t *data,
		size_t len);
uint8_t *ie_put_ssid(uint8_t *p, const uint8_t *end, const uint8_t *ssid,
		     size_t len);
/* Supported Rates: the first 8 entries of rs (1..8 required). */
uint8_t *ie_put_supp_rates(uint8_t *p, const uint8_t *end,
			   const struct ie_rateset *rs);
/* Extended Supported Rates: entries 9 onwards; writes nothing if none. */
uint8_t *ie_put_ext_rates(uint8_t *p, const uint8_t *end,
			  const struct ie_rateset *rs);
uint8_t *ie_put_ds(uint8_t *p, const uint8_t *end, uint8_t channel);
/*
 * TIM from the traffic indication virtual bitmap vbm[251] (bit n of octet
 * n / 8 = AID n; bit 0, AID 0, is ignored): the partial virtual bitmap is
 * octets N1..N2 with N1 the largest even number and N2 the smallest number
 * that leave only zero octets outside, 9.4.2.5. multicast sets Bitmap
 * Control bit 0 (group traffic buffered, meaningful at DTIM count 0).
 * vbm may be NULL for "no traffic".
 */
uint8_t *ie_put_tim(uint8_t *p, const uint8_t *end, uint8_t dtim_count,
		    uint8_t dtim_period, const uint8_t *vbm, bool multicast);
/*
 * Country: cc is two letters, environment ' ', 'O', 'I' or 0x04; one
 * triplet per channel range. A pad octet keeps the length even.
 */
uint8_t *ie_put_country(uint8_t *p, const uint8_t *end, const char *cc,
			uint8_t environment, const struct ie_country_triplet *t,
			size_t n);
uint8_t *ie_put_erp(uint8_t *p, const uint8_t *end, uint8_t flags);
uint8_t *ie_put_ht_capab(uint8_t *p, const uint8_t *end,
			 const struct ie_ht_capab *ht);
uint8_t *ie_put_ht_oper(uint8_t *p, const uint8_t *end,
			const struct ie_ht_oper *ht);
/* WMM Parameter element (AP: qos_info = parameter set count | U-APSD). */
uint8_t *ie_put_wmm_param(uint8_t *p, const uint8_t *end, uint8_t qos_info,
			  const struct ie_wmm_ac_param ac[4]);
/* Extended Capabilities (9.4.2.26): len octets of capability bits. */
#define IE_EXT_CAPAB_BSS_TRANSITION 19 /* bit numbers */
#define IE_EXT_CAPAB_OPMODE_NOTIF 62
uint8_t *ie_put_ext_capab(uint8_t *p, const uint8_t *end, const uint8_t *bits,
			  size_t len);

/*
 * RSN element (9.4.2.24, rsn.c). Suite selectors are 32-bit values
 * OUI << 8 | type, e.g. 00-0F-AC:4 = 0x000fac04. Suites of the 00-0F-AC
 * OUI also map to mask bits 1 << type (RSN_CIPHER_*, RSN_AKM_*), which is
 * how configuration and parse results list sets of them; any other suite
 * maps to RSN_SUITE_OTHER.
 */
#define RSN_OUI 0x000fac
#define RSN_SUITE(type) ((uint32_t)RSN_OUI << 8 | (type))
#define RSN_SUITE_USE_GROUP RSN_SUITE(0)
#define RSN_SUITE_WEP40 RSN_SUITE(1)
#define RSN_SUITE_TKIP RSN_SUITE(2)
#define RSN_SUITE_CCMP RSN_SUITE(4)
#define RSN_SUITE_WEP104 RSN_SUITE(5)
#define RSN_SUITE_BIP_CMAC_128 RSN_SUITE(6)
#define RSN_SUITE_NO_GROUP_TRAFFIC RSN_SUITE(7)
#define RSN_SUITE_GCMP RSN_SUITE(8)
#define RSN_SUITE_GCMP_256 RSN_SUITE(9)
#define RSN_SUITE_CCMP_256 RSN_SUITE(10)
#define RSN_SUITE_BIP_GMAC_128 RSN_SUITE(11)
#define RSN_SUITE_BIP_GMAC_256 RSN_SUITE(12)
#define RSN_SUITE_BIP_CMAC_256 RSN_SUITE(13)
#define RSN_SUITE_AKM_8021X RSN_SUITE(1)
#define RSN_SUITE_AKM_PSK RSN_SUITE(2)
#define RSN_SUITE_AKM_FT_8021X RSN_SUITE(3)
#define RSN_SUITE_AKM_FT_PSK RSN_SUITE(4)
#define RSN_SUITE_AKM_8021X_SHA256 RSN_SUITE(5)
#define RSN_SUITE_AKM_PSK_SHA256 RSN_SUITE(6)
#define RSN_SUITE_AKM_SAE RSN_SUITE(8)
#define RSN_SUITE_AKM_FT_SAE RSN_SUITE(9)
#define RSN_SUITE_AKM_OWE RSN_SUITE(18)
#define RSN_SUITE_AKM_SAE_EXT_KEY RSN_SUITE(24)

#define RSN_SUITE_OTHER (1u << 31) /* mask bit of a suite not listed */
#define RSN_CIPHER_USE_GROUP (1u << 0)
#define RSN_CIPHER_WEP40 (1u << 1)
#define RSN_CIPHER_TKIP (1u << 2)
#define RSN_CIPHER_CCMP (1u << 4)
#define RSN_CIPHER_WEP104 (1u << 5)
#define RSN_CIPHER_BIP_CMAC_128 (1u << 6)
#define RSN_CIPHER_NO_GROUP_TRAFFIC (1u << 7)
#define RSN_CIPHER_GCMP (1u << 8)
#define RSN_CIPHER_GCMP_256 (1u << 9)
#define RSN_CIPHER_CCMP_256 (1u << 10)
#define RSN_CIPHER_BIP_GMAC_128 (1u << 11)
#define RSN_CIPHER_BIP_GMAC_256 (1u << 12)
#define RSN_CIPHER_BIP_CMAC_256 (1u << 13)
#define RSN_AKM_8021X (1u << 1)
#define RSN_AKM_PSK (1u << 2)
#define RSN_AKM_FT_8021X (1u << 3)
#define RSN_AKM_FT_PSK (1u << 4)
#define RSN_AKM_8021X_SHA256 (1u << 5)
#define RSN_AKM_PSK_SHA256 (1u << 6)
#define RSN_AKM_SAE (1u << 8)
#define RSN_AKM_FT_SAE (1u << 9)
#define RSN_AKM_OWE (1u << 18)
#define RSN_AKM_SAE_EXT_KEY (1u << 24)

/* RSN Capabilities field (9.4.2.24.4). */
#define RSN_CAPAB_PREAUTH 0x0001
#define RSN_CAPAB_NO_PAIRWISE 0x0002
#define RSN_CAPAB_PTKSA_REPLAY_MASK 0x000c /* 0: 1 counter ... 3: 16 */
#define RSN_CAPAB_GTKSA_REPLAY_MASK 0x0030
#define RSN_CAPAB_MFPR 0x0040
#define RSN_CAPAB_MFPC 0x0080
#define RSN_CAPAB_PEERKEY 0x0200
#define RSN_CAPAB_EXT_KEY_ID 0x2000

#define RSN_VERSION 1
#define RSN_PMKID_LEN 16

/* Which optional fields an element carried (struct rsn_ie.fields). */
#define RSN_HAS_GROUP 0x01
#define RSN_HAS_PAIRWISE 0x02
#define RSN_HAS_AKM 0x04
#define RSN_HAS_CAPAB 0x08
#define RSN_HAS_PMKID 0x10
#define RSN_HAS_GROUP_MGMT 0x20

/*
 * A parsed RSN element. Absent fields hold the standard's defaults
 * (9.4.2.24.1): group and pairwise CCMP-128, AKM 802.1X, capabilities 0,
 * group management BIP-CMAC-128; `fields` says which were present.
 * Lists point into the element: n_x suites of 4 octets (read one with
 * rsn_suite_at) and n_pmkid PMKIDs of 16 octets.
 */
struct rsn_ie {
	uint16_t version;
	unsigned fields; /* RSN_HAS_* */
	uint32_t group;	 /* suite selector */
	uint16_t n_pairwise;
	const uint8_t *pairwise;
	uint32_t pairwise_mask; /* RSN_CIPHER_* bits of the list */
	uint16_t n_akm;
	const uint8_t *akm;
	uint32_t akm_mask; /* RSN_AKM_* bits of the list */
	uint16_t capab;	   /* RSN_CAPAB_* */
	uint16_t n_pmkid;
	const uint8_t *pmkid;
	uint32_t group_mgmt; /* suite selector */
};

enum rsn_verdict {
	RSN_OK,
	RSN_NOT_RSN,	     /* not element 48 */
	RSN_BAD_VERSION,     /* version other than 1: nothing else decoded */
	RSN_TRUNCATED_FIELD, /* the element ends inside a field or a list */
};

/*
 * Parses an RSN element. Ending on a field boundary is legal (the rest
 * takes defaults); ending inside a field is RSN_TRUNCATED_FIELD. Octets
 * after the Group Management Cipher Suite are ignored (extensibility).
 */
enum rsn_verdict rsn_parse(const struct ie *e, struct rsn_ie *out);
const char *rsn_verdict_name(enum rsn_verdict v);
uint32_t rsn_suite_at(const uint8_t *list, unsigned i);
/* 1 << type for a 00-0F-AC suite of type 0..30, else RSN_SUITE_OTHER. */
uint32_t rsn_suite_bit(uint32_t suite);

/* Management frame protection (11.13) policy. */
enum rsn_mfp {
	RSN_MFP_DISABLED,
	RSN_MFP_CAPABLE,
	RSN_MFP_REQUIRED,
};

/* The AP's security configuration; also what rsn_put_ie() advertises. */
struct rsn_config {
	uint32_t group_cipher;	   /* one RSN_CIPHER_* bit */
	uint32_t pairwise_ciphers; /* RSN_CIPHER_* bits allowed */
	uint32_t akms;		   /* RSN_AKM_* bits allowed */
	enum rsn_mfp mfp;
	uint32_t group_mgmt_cipher; /* one RSN_CIPHER_BIP_* bit, 0: CMAC-128 */
	uint16_t capab;		    /* extra RSN_CAPAB_* (replay counters,
				     * pre-auth); MFPC/MFPR come from mfp */
};

/* What a station chose, filled when rsn_validate() returns SUCCESS. */
struct rsn_selection {
	uint32_t pairwise; /* one RSN_CIPHER_* bit */
	uint32_t akm;	   /* one RSN_AKM_* bit */
	bool mfp;	   /* management frame protection negotiated */
};

/*
 * Checks the RSN element of a (Re)Association Request (e NULL: absent)
 * against the AP's configuration, by 12.6.3 and 11.13, and returns the
 * status code to answer with: SUCCESS; INVALID_IE (absent or malformed);
 * UNSUPPORTED_RSN_IE_VERSION; INVALID_GROUP_CIPHER (not the AP's);
 * INVALID_PAIRWISE_CIPHER (not exactly one, or not allowed);
 * CIPHER_REJECTED_PER_POLICY (a pairwise suite no RSNA may use: WEP,
 * "use group", BIP; or a group management cipher other than the AP's
 * under MFP); INVALID_AKMP (not exactly one, or not allowed);
 * INVALID_RSN_IE_CAPAB (MFPR without MFPC);
 * ROBUST_MGMT_FRAME_POLICY_VIOLATION (MFP required but not capable, MFPR
 * against an AP without MFP, SAE without MFP, TKIP under MFP).
 * sel may be NULL.
 */
enum wlan_status rsn_validate(const struct ie *e, const struct rsn_config *ap,
			      struct rsn_selection *sel);

/*
 * The RSN element advertising ap: version 1, its group cipher, its
 * pairwise ciphers and AKMs in ascending suite-type order, capabilities
 * (ap->capab plus MFPC/MFPR by ap->mfp), then a zero PMKID count and the
 * group management cipher only when MFP is on and that cipher is not the
 * default BIP-CMAC-128. A station's element is the same with one bit in
 * each mask.
 */
uint8_t *rsn_put_ie(uint8_t *p, const uint8_t *end,
		    const struct rsn_config *ap);

#endif
