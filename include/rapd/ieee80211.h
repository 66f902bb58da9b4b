/*
 * ieee80211.h - 802.11 MAC frames: frame control, headers, management
 * frame bodies, status and reason codes (IEEE Std 802.11-2020 clause 9).
 *
 * Contract
 * - Pure functions over byte buffers: no I/O, no allocation, no global
 *   state; safe from any thread.
 * - Parsers take untrusted bytes and check every length before reading.
 *   They return an enum verdict naming why a frame was refused; on any
 *   verdict but ..._OK the output struct is unspecified.
 * - Parsed structs point into the caller's buffer (addresses, body,
 *   elements): they live as long as that buffer and are never owned.
 * - Builders use a write cursor: `uint8_t *wlan_put_x(uint8_t *p, const
 *   uint8_t *end, ...)` writes at p, never at or past end, and returns the
 *   new cursor, or NULL when the bytes do not fit (nothing useful is left at
 *   p then). A NULL p is passed through, so calls chain without a check
 *   after each one: p = wlan_put_a(p, end, ...); p = ie_put_b(p, end, ...);
 *   if (!p) ...
 * - Multi-octet fields are little-endian on the air and host order here.
 */
#ifndef RAPD_IEEE80211_H
#define RAPD_IEEE80211_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Frame Control field (9.2.4.1): first octet version/type/subtype. */
#define WLAN_FC_TYPE_MGMT 0
#define WLAN_FC_TYPE_CTRL 1
#define WLAN_FC_TYPE_DATA 2
#define WLAN_FC_TYPE_EXT 3

/* Second octet of Frame Control: the flags (struct wlan_hdr.flags). */
#define WLAN_FC_TODS 0x01
#define WLAN_FC_FROMDS 0x02
#define WLAN_FC_MOREFRAG 0x04
#define WLAN_FC_RETRY 0x08
#define WLAN_FC_PWRMGT 0x10
#define WLAN_FC_MOREDATA 0x20
#define WLAN_FC_PROTECTED 0x40
#define WLAN_FC_ORDER 0x80 /* +HTC in QoS data and management frames */

/* Management subtypes (Table 9-1). */
#define WLAN_STYPE_ASSOC_REQ 0
#define WLAN_STYPE_ASSOC_RESP 1
#define WLAN_STYPE_REASSOC_REQ 2
#define WLAN_STYPE_REASSOC_RESP 3
#define WLAN_STYPE_PROBE_REQ 4
#define WLAN_STYPE_PROBE_RESP 5
#define WLAN_STYPE_TIMING_ADV 6
#define WLAN_STYPE_BEACON 8
#define WLAN_STYPE_ATIM 9
#define WLAN_STYPE_DISASSOC 10
#define WLAN_STYPE_AUTH 11
#define WLAN_STYPE_DEAUTH 12
#define WLAN_STYPE_ACTION 13
#define WLAN_STYPE_ACTION_NOACK 14

/* Control subtypes (Table 9-1). */
#define WLAN_STYPE_TRIGGER 2
#define WLAN_STYPE_TACK 3
#define WLAN_STYPE_BF_REPORT_POLL 4
#define WLAN_STYPE_NDP_ANNOUNCE 5
#define WLAN_STYPE_CTRL_EXT 6
#define WLAN_STYPE_CTRL_WRAPPER 7
#define WLAN_STYPE_BAR 8
#define WLAN_STYPE_BA 9
#define WLAN_STYPE_PSPOLL 10
#define WLAN_STYPE_RTS 11
#define WLAN_STYPE_CTS 12
#define WLAN_STYPE_ACK 13
#define WLAN_STYPE_CFEND 14
#define WLAN_STYPE_CFEND_CFACK 15

/* Data subtypes (Table 9-1): bit 3 is QoS, bit 2 is "no data". */
#define WLAN_STYPE_DATA 0
#define WLAN_STYPE_NULL 4
#define WLAN_STYPE_QOS_DATA 8
#define WLAN_STYPE_QOS_NULL 12
#define WLAN_STYPE_QOS_BIT 0x08
#define WLAN_STYPE_NODATA_BIT 0x04

#define WLAN_HDR_LEN_MGMT 24 /* 3-address header */
#define WLAN_HDR_LEN_4ADDR 30
#define WLAN_HDR_LEN_CTRL_RA 10 /* ACK, CTS, Control Wrapper */
#define WLAN_HDR_LEN_CTRL_RA_TA 16

/* Sequence Control field (9.2.4.4). */
#define WLAN_SEQ_MAX 4095
#define WLAN_SEQ_CTL(seq, frag) ((uint16_t)(((seq)&0xfff) << 4 | ((frag)&0xf)))

/* QoS Control field (9.2.4.5): TID in bits 0-3. */
#define WLAN_QOS_TID(qos_ctl) ((qos_ctl)&0x0f)

/* Capability Information field (9.4.1.4). */
#define WLAN_CAPAB_ESS 0x0001
#define WLAN_CAPAB_IBSS 0x0002
#define WLAN_CAPAB_PRIVACY 0x0010
#define WLAN_CAPAB_SHORT_PREAMBLE 0x0020
#define WLAN_CAPAB_SPECTRUM_MGMT 0x0100
#define WLAN_CAPAB_QOS 0x0200
#define WLAN_CAPAB_SHORT_SLOT 0x0400
#define WLAN_CAPAB_APSD 0x0800
#define WLAN_CAPAB_RADIO_MEAS 0x1000
#define WLAN_CAPAB_DELAYED_BA 0x4000
#define WLAN_CAPAB_IMMEDIATE_BA 0x8000

/* Authentication Algorithm Number field (9.4.1.1). */
#define WLAN_AUTH_OPEN 0
#define WLAN_AUTH_SHARED_KEY 1
#define WLAN_AUTH_FT 2
#define WLAN_AUTH_SAE 3
#define WLAN_AUTH_FILS_SK 4
#define WLAN_AUTH_FILS_SK_PFS 5
#define WLAN_AUTH_FILS_PK 6

/* AID field (9.4.1.8): the two top bits are set on the air. */
#define WLAN_AID_MAX 2007
#define WLAN_AID_WIRE_BITS 0xc000

/* Category field of Action frames (9.4.1.11, Table 9-51). */
#define WLAN_ACTION_SPECTRUM_MGMT 0
#define WLAN_ACTION_QOS 1
#define WLAN_ACTION_BLOCK_ACK 3
#define WLAN_ACTION_PUBLIC 4
#define WLAN_ACTION_RADIO_MEAS 5
#define WLAN_ACTION_FT 6
#define WLAN_ACTION_HT 7
#define WLAN_ACTION_SA_QUERY 8
#define WLAN_ACTION_PROTECTED_DUAL 9
#define WLAN_ACTION_WNM 10
#define WLAN_ACTION_UNPROTECTED_WNM 11
#define WLAN_ACTION_TDLS 12
#define WLAN_ACTION_SELF_PROTECTED 15
#define WLAN_ACTION_VHT 21
#define WLAN_ACTION_VENDOR_PROTECTED 126
#define WLAN_ACTION_VENDOR 127

/*
 * Status Code field (9.4.1.9, Table 9-50), the values rapd sends or may
 * meet. wlan_status_name() has a short text for every value listed here.
 */
enum wlan_status {
	WLAN_STATUS_SUCCESS = 0,
	WLAN_STATUS_UNSPECIFIED_FAILURE = 1,
	WLAN_STATUS_TDLS_WAKEUP_ALTERNATE = 2,
	WLAN_STATUS_TDLS_WAKEUP_REJECT = 3,
	WLAN_STATUS_SECURITY_DISABLED = 5,
	WLAN_STATUS_UNACCEPTABLE_LIFETIME = 6,
	WLAN_STATUS_NOT_IN_SAME_BSS = 7,
	WLAN_STATUS_CAPS_UNSUPPORTED = 10,
	WLAN_STATUS_REASSOC_NO_ASSOC = 11,
	WLAN_STATUS_ASSOC_DENIED_UNSPEC = 12,
	WLAN_STATUS_NOT_SUPPORTED_AUTH_ALG = 13,
	WLAN_STATUS_UNKNOWN_AUTH_TRANSACTION = 14,
	WLAN_STATUS_CHALLENGE_FAIL = 15,
	WLAN_STATUS_AUTH_TIMEOUT = 16,
	WLAN_STATUS_AP_UNABLE_TO_HANDLE_NEW_STA = 17,
	WLAN_STATUS_ASSOC_DENIED_RATES = 18,
	WLAN_STATUS_ASSOC_DENIED_NOSHORT = 19,
	WLAN_STATUS_SPEC_MGMT_REQUIRED = 22,
	WLAN_STATUS_PWRCAP_NOT_VALID = 23,
	WLAN_STATUS_SUPPCHAN_NOT_VALID = 24,
	WLAN_STATUS_ASSOC_DENIED_NO_SHORT_SLOT = 25,
	WLAN_STATUS_ASSOC_DENIED_NO_HT = 27,
	WLAN_STATUS_R0KH_UNREACHABLE = 28,
	WLAN_STATUS_ASSOC_REJECTED_TEMPORARILY = 30,
	WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION = 31,
	WLAN_STATUS_UNSPECIFIED_QOS_FAILURE = 32,
	WLAN_STATUS_DENIED_INSUFFICIENT_BANDWIDTH = 33,
	WLAN_STATUS_DENIED_POOR_CHANNEL_CONDITIONS = 34,
	WLAN_STATUS_DENIED_QOS_NOT_SUPPORTED = 35,
	WLAN_STATUS_REQUEST_DECLINED = 37,
	WLAN_STATUS_INVALID_PARAMETERS = 38,
	WLAN_STATUS_REJECTED_WITH_SUGGESTED_CHANGES = 39,
	WLAN_STATUS_INVALID_IE = 40,
	WLAN_STATUS_INVALID_GROUP_CIPHER = 41,
	WLAN_STATUS_INVALID_PAIRWISE_CIPHER = 42,
	WLAN_STATUS_INVALID_AKMP = 43,
	WLAN_STATUS_UNSUPPORTED_RSN_IE_VERSION = 44,
	WLAN_STATUS_INVALID_RSN_IE_CAPAB = 45,
	WLAN_STATUS_CIPHER_REJECTED_PER_POLICY = 46,
	WLAN_STATUS_TS_NOT_CREATED = 47,
	WLAN_STATUS_DEST_STA_NOT_PRESENT = 49,
	WLAN_STATUS_DEST_STA_NOT_QOS_STA = 50,
	WLAN_STATUS_ASSOC_DENIED_LISTEN_INT_TOO_LARGE = 51,
	WLAN_STATUS_INVALID_FT_ACTION_FRAME_COUNT = 52,
	WLAN_STATUS_INVALID_PMKID = 53,
	WLAN_STATUS_INVALID_MDE = 54,
	WLAN_STATUS_INVALID_FTE = 55,
	WLAN_STATUS_INVALID_RSNE = 72,
	WLAN_STATUS_ANTI_CLOGGING_TOKEN_REQ = 76,
	WLAN_STATUS_FINITE_CYCLIC_GROUP_NOT_SUPPORTED = 77,
	WLAN_STATUS_REJECTED_WITH_SUGGESTED_BSS_TRANSITION = 82,
	WLAN_STATUS_DENIED_EXTERNAL_REASON = 92,
	WLAN_STATUS_DENIED_MEMORY_LIMITS = 93,
	WLAN_STATUS_ASSOC_DENIED_NO_VHT = 104,
	WLAN_STATUS_UNKNOWN_PASSWORD_IDENTIFIER = 123,
	WLAN_STATUS_SAE_HASH_TO_ELEMENT = 126,
};

/* Reason Code field (9.4.1.7, Table 9-49), for Deauth and Disassoc. */
enum wlan_reason {
	WLAN_REASON_UNSPECIFIED = 1,
	WLAN_REASON_PREV_AUTH_NOT_VALID = 2,
	WLAN_REASON_DEAUTH_LEAVING = 3,
	WLAN_REASON_DISASSOC_INACTIVITY = 4,
	WLAN_REASON_DISASSOC_AP_BUSY = 5,
	WLAN_REASON_CLASS2_FRAME_FROM_NONAUTH_STA = 6,
	WLAN_REASON_CLASS3_FRAME_FROM_NONASSOC_STA = 7,
	WLAN_REASON_DISASSOC_STA_HAS_LEFT = 8,
	WLAN_REASON_STA_REQ_ASSOC_WITHOUT_AUTH = 9,
	WLAN_REASON_PWR_CAPABILITY_NOT_VALID = 10,
	WLAN_REASON_SUPPORTED_CHANNEL_NOT_VALID = 11,
	WLAN_REASON_BSS_TRANSITION_DISASSOC = 12,
	WLAN_REASON_INVALID_IE = 13,
	WLAN_REASON_MICHAEL_MIC_FAILURE = 14,
	WLAN_REASON_4WAY_HANDSHAKE_TIMEOUT = 15,
	WLAN_REASON_GROUP_KEY_UPDATE_TIMEOUT = 16,
	WLAN_REASON_IE_IN_4WAY_DIFFERS = 17,
	WLAN_REASON_GROUP_CIPHER_NOT_VALID = 18,
	WLAN_REASON_PAIRWISE_CIPHER_NOT_VALID = 19,
	WLAN_REASON_AKMP_NOT_VALID = 20,
	WLAN_REASON_UNSUPPORTED_RSN_IE_VERSION = 21,
	WLAN_REASON_INVALID_RSN_IE_CAPAB = 22,
	WLAN_REASON_IEEE_802_1X_AUTH_FAILED = 23,
	WLAN_REASON_CIPHER_SUITE_REJECTED = 24,
	WLAN_REASON_TDLS_TEARDOWN_UNREACHABLE = 25,
	WLAN_REASON_TDLS_TEARDOWN_UNSPECIFIED = 26,
	WLAN_REASON_DISASSOC_LOW_ACK = 34,
	WLAN_REASON_STA_LEAVING = 36,
	WLAN_REASON_END_TS_BA_DLS = 37,
	WLAN_REASON_UNKNOWN_TS_BA = 38,
	WLAN_REASON_TIMEOUT = 39,
	WLAN_REASON_INVALID_PMKID = 49,
	WLAN_REASON_INVALID_MDE = 50,
	WLAN_REASON_INVALID_FTE = 51,
};

/* Why wlan_parse_hdr() refused a frame. */
enum wlan_hdr_verdict {
	WLAN_HDR_OK,
	WLAN_HDR_TRUNCATED,	   /* shorter than its own header */
	WLAN_HDR_BAD_VERSION,	   /* protocol version not 0 (e.g. PV1) */
	WLAN_HDR_EXTENSION_TYPE,   /* type 3 (DMG/S1G beacon): not parsed */
	WLAN_HDR_RESERVED_SUBTYPE, /* control subtype 0 or 1 */
};

/*
 * A parsed MAC header. Addresses point into the frame, NULL when the frame
 * has no such field (control frames have one or two; addr4 only in data
 * frames with both ToDS and FromDS).
 */
struct wlan_hdr {
	uint16_t fc;	   /* Frame Control as a little-endian value */
	uint8_t type;	   /* WLAN_FC_TYPE_* */
	uint8_t subtype;   /* WLAN_STYPE_* of that type */
	uint8_t flags;	   /* WLAN_FC_TODS ... WLAN_FC_ORDER */
	uint16_t duration; /* Duration/ID (the AID in PS-Poll) */
	const uint8_t *addr1, *addr2, *addr3, *addr4;
	bool has_seq; /* Sequence Control present (mgmt and data) */
	uint16_t seq_ctl;
	uint16_t seq; /* sequence number, 0..4095 */
	uint8_t frag; /* fragment number, 0..15 */
	bool has_qos; /* QoS data subtypes */
	uint16_t qos_ctl;
	bool has_htc; /* +HTC set on a QoS data or management frame */
	uint32_t ht_ctl;
	size_t hdr_len;
	const uint8_t *body; /* after the header; encrypted if protected */
	size_t body_len;
};

/*
 * Parses the MAC header of the frame in buf[0..len), which ends where the
 * 802.11 frame ends (FCS already stripped by the caller).
 */
enum wlan_hdr_verdict wlan_parse_hdr(const uint8_t *buf, size_t len,
				     struct wlan_hdr *hdr);

/* BSSID, SA and DA by the ToDS/FromDS rules of Table 9-30; NULL if none. */
const uint8_t *wlan_hdr_bssid(const struct wlan_hdr *hdr);
const uint8_t *wlan_hdr_sa(const struct wlan_hdr *hdr);
const uint8_t *wlan_hdr_da(const struct wlan_hdr *hdr);

/*
 * Display name of a type/subtype. The wording is tshark's
 * wlan.fc.type_subtype value string (tshark 4.0: `tshark -G values`), so
 * a trace dump lines up with Wireshark, except where frame.c lists a
 * deviation; subtypes tshark does not name carry the standard's name
 * (Table 9-1) or "Reserved". Never NULL.
 */
const char *wlan_subtype_name(unsigned type, unsigned subtype);
const char *wlan_hdr_verdict_name(enum wlan_hdr_verdict v);
/* Short text of a status/reason code; "Reserved" for unlisted values. */
const char *wlan_status_name(unsigned status);
const char *wlan_reason_name(unsigned reason);

/* Management frame bodies (9.3.3). */

struct wlan_beacon { /* Beacon and Probe Response */
	uint64_t timestamp;
	uint16_t beacon_int; /* in TU (1024 us) */
	uint16_t capab;	     /* WLAN_CAPAB_* */
};

struct wlan_auth {
	uint16_t alg; /* WLAN_AUTH_* */
	uint16_t trans_seq;
	uint16_t status; /* enum wlan_status */
};

struct wlan_assoc_req { /* Association and Reassociation Request */
	uint16_t capab;
	uint16_t listen_int;	   /* in beacon intervals */
	const uint8_t *current_ap; /* Reassociation only, else NULL */
};

struct wlan_assoc_resp { /* Association and Reassociation Response */
	uint16_t capab;
	uint16_t status;
	uint16_t aid; /* without the two top bits */
};

struct wlan_action {	     /* Action and Action No Ack */
	uint8_t category;    /* WLAN_ACTION_* */
	const uint8_t *data; /* after the category */
	size_t len;
};

/*
 * A parsed management body. ies/ies_len is the element area after the
 * fixed fields (empty for Action, ATIM). For SAE authentication it is the
 * algorithm's own fields, not elements. Deauthentication and
 * Disassociation may carry vendor elements after the reason.
 */
struct wlan_mgmt {
	uint8_t subtype;
	const uint8_t *ies;
	size_t ies_len;
	union {
		struct wlan_beacon beacon;
		struct wlan_auth auth;
		struct wlan_assoc_req assoc_req;
		struct wlan_assoc_resp assoc_resp;
		uint16_t reason; /* Deauthentication, Disassociation */
		struct wlan_action action;
	} u;
};

enum wlan_mgmt_verdict {
	WLAN_MGMT_OK,
	WLAN_MGMT_NOT_MGMT,	   /* the header is not a management frame */
	WLAN_MGMT_PROTECTED,	   /* encrypted: decrypt, then parse_body */
	WLAN_MGMT_TRUNCATED,	   /* body shorter than its fixed fields */
	WLAN_MGMT_UNKNOWN_SUBTYPE, /* Timing Advertisement or reserved */
};

enum wlan_mgmt_verdict wlan_parse_mgmt(const struct wlan_hdr *hdr,
				       struct wlan_mgmt *m);
/* The same over a cleartext body, e.g. a decrypted robust frame. */
enum wlan_mgmt_verdict wlan_parse_mgmt_body(uint8_t subtype,
					    const uint8_t *body, size_t len,
					    struct wlan_mgmt *m);
const char *wlan_mgmt_verdict_name(enum wlan_mgmt_verdict v);

/*
 * Builders. Headers are written with Duration 0 (the radio fills it on
 * transmission) and no flag set; set WLAN_FC_* bits in p[1] afterwards
 * (e.g. Protected once the body is encrypted). seq is the 12-bit sequence
 * number rapd keeps; the fragment number is 0.
 */
uint8_t *wlan_put_mgmt_hdr(uint8_t *p, const uint8_t *end, uint8_t subtype,
			   const uint8_t *da, const uint8_t *sa,
			   const uint8_t *bssid, uint16_t seq);
/*
 * A data header: flags takes WLAN_FC_TODS or WLAN_FC_FROMDS (not both; the
 * caller orders the addresses by Table 9-30) and WLAN_FC_PROTECTED, other
 * bits are dropped; tid < 0 gives a Data frame, 0..15 a QoS Data frame
 * with that TID and normal ack policy.
 */
uint8_t *wlan_put_data_hdr(uint8_t *p, const uint8_t *end, uint8_t flags,
			   const uint8_t *a1, const uint8_t *a2,
			   const uint8_t *a3, uint16_t seq, int tid);
/* Beacon and Probe Response fixed fields. */
uint8_t *wlan_put_beacon_fixed(uint8_t *p, const uint8_t *end,
			       uint64_t timestamp, uint16_t beacon_int,
			       uint16_t capab);
uint8_t *wlan_put_auth(uint8_t *p, const uint8_t *end, uint16_t alg,
		       uint16_t trans_seq, uint16_t status);
uint8_t *wlan_put_assoc_req(uint8_t *p, const uint8_t *end, uint16_t capab,
			    uint16_t listen_int);
uint8_t *wlan_put_reassoc_req(uint8_t *p, const uint8_t *end, uint16_t capab,
			      uint16_t listen_int, const uint8_t *current_ap);
/* Association and Reassociation Response; aid 0..2007 (top bits added). */
uint8_t *wlan_put_assoc_resp(uint8_t *p, const uint8_t *end, uint16_t capab,
			     uint16_t status, uint16_t aid);
uint8_t *wlan_put_deauth(uint8_t *p, const uint8_t *end, uint16_t reason);
uint8_t *wlan_put_disassoc(uint8_t *p, const uint8_t *end, uint16_t reason);

#endif
