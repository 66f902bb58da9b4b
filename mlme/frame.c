/*
 * frame.c - 802.11 MAC header and management body codec (see ieee80211.h).
 *
 * Pure code: called by the RX thread (header filter), the workers (MLME)
 * and the trace dumper; no I/O, no allocation, no state. Parsed structs
 * point into the caller's frame. Follows IEEE Std 802.11-2020 9.2 (MAC
 * frame formats), 9.3 (frame types) and 9.4.1 (fixed fields).
 *
 * Byte layout (all fields little-endian):
 *
 *   FC(2) Dur/ID(2) A1(6) A2(6) A3(6) SeqCtl(2) [A4(6)] [QoS(2)] [HTC(4)]
 *   - A4 only in data frames with ToDS and FromDS both set;
 *   - QoS Control in data frames whose subtype has bit 3 (QoS) set;
 *   - HT Control when +HTC/Order is set on a QoS data or management frame.
 *   Control frames stop early: ACK, CTS and Control Wrapper are FC Dur A1
 *   (10 octets); RTS, PS-Poll, BlockAckReq, BlockAck, CF-End and the rest
 *   are FC Dur A1 A2 (16 octets), their own fields following as body.
 *
 * Management bodies (9.3.3), fixed fields before the elements:
 *   Beacon, Probe Resp   Timestamp(8) BeaconInt(2) Capab(2)
 *   Authentication       Alg(2) TransSeq(2) Status(2)
 *   Assoc Req            Capab(2) ListenInt(2)
 *   Reassoc Req          Capab(2) ListenInt(2) CurrentAP(6)
 *   (Re)Assoc Resp       Capab(2) Status(2) AID(2)
 *   Deauth, Disassoc     Reason(2)
 *   Action               Category(1) then action-specific octets
 *
 * One frame, annotated: the Authentication reply wlan_put_mgmt_hdr() and
 * wlan_put_auth() write (test_frame.c checks these exact octets):
 *   b0 00                 FC: version 0, type 0 (mgmt), subtype 11 (Auth)
 *   00 00                 Duration 0 (the radio fills it)
 *   02 00 00 00 00 02     A1 = DA, the station
 *   02 00 00 00 00 01     A2 = SA, the AP
 *   02 00 00 00 00 01     A3 = BSSID
 *   70 00                 SeqCtl 0x0070: sequence 7, fragment 0
 *   00 00                 Authentication algorithm 0: Open System
 *   02 00                 Transaction sequence number 2
 *   00 00                 Status 0: success
 */
#include <rapd/bytes.h>
#include <rapd/ieee80211.h>

#include <string.h>

static bool room(const uint8_t *p, const uint8_t *end, size_t n)
{
	return p && p <= end && (size_t)(end - p) >= n;
}

static bool is_four_addr(const struct wlan_hdr *h)
{
	return h->type == WLAN_FC_TYPE_DATA &&
	       (h->flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) ==
		       (WLAN_FC_TODS | WLAN_FC_FROMDS);
}

/* Management and data frames: the 24-octet header plus optional fields. */
static enum wlan_hdr_verdict parse_seq_hdr(const uint8_t *buf, size_t len,
					   struct wlan_hdr *h)
{
	size_t need = WLAN_HDR_LEN_MGMT;
	bool four = is_four_addr(h);

	h->has_qos = h->type == WLAN_FC_TYPE_DATA &&
		     (h->subtype & WLAN_STYPE_QOS_BIT);
	h->has_htc = (h->flags & WLAN_FC_ORDER) &&
		     (h->type == WLAN_FC_TYPE_MGMT || h->has_qos);
	need += (four ? 6 : 0) + (h->has_qos ? 2 : 0) + (h->has_htc ? 4 : 0);
	if (len < need)
		return WLAN_HDR_TRUNCATED;

	h->addr1 = buf + 4;
	h->addr2 = buf + 10;
	h->addr3 = buf + 16;
	h->has_seq = true;
	h->seq_ctl = get_le16(buf + 22);
	h->seq = h->seq_ctl >> 4;
	h->frag = h->seq_ctl & 0x0f;
	if (four)
		h->addr4 = buf + 24;
	if (h->has_qos)
		h->qos_ctl = get_le16(buf + 24 + (four ? 6 : 0));
	if (h->has_htc)
		h->ht_ctl = get_le32(buf + need - 4);
	h->hdr_len = need;
	return WLAN_HDR_OK;
}

static enum wlan_hdr_verdict parse_ctrl_hdr(const uint8_t *buf, size_t len,
					    struct wlan_hdr *h)
{
	bool ra_only = h->subtype == WLAN_STYPE_ACK ||
		       h->subtype == WLAN_STYPE_CTS ||
		       h->subtype == WLAN_STYPE_CTRL_WRAPPER;
	size_t need = ra_only ? WLAN_HDR_LEN_CTRL_RA : WLAN_HDR_LEN_CTRL_RA_TA;

	if (h->subtype < WLAN_STYPE_TRIGGER)
		return WLAN_HDR_RESERVED_SUBTYPE;
	if (len < need)
		return WLAN_HDR_TRUNCATED;
	h->addr1 = buf + 4;
	if (!ra_only)
		h->addr2 = buf + 10;
	h->hdr_len = need;
	return WLAN_HDR_OK;
}

enum wlan_hdr_verdict wlan_parse_hdr(const uint8_t *buf, size_t len,
				     struct wlan_hdr *hdr)
{
	enum wlan_hdr_verdict v;

	memset(hdr, 0, sizeof(*hdr));
	if (len < 2)
		return WLAN_HDR_TRUNCATED;
	hdr->fc = get_le16(buf);
	hdr->type = (buf[0] >> 2) & 0x03;
	hdr->subtype = buf[0] >> 4;
	hdr->flags = buf[1];
	if (buf[0] & 0x03)
		return WLAN_HDR_BAD_VERSION;
	if (hdr->type == WLAN_FC_TYPE_EXT)
		return WLAN_HDR_EXTENSION_TYPE;
	if (len < 4)
		return WLAN_HDR_TRUNCATED;
	hdr->duration = get_le16(buf + 2);
	if (hdr->type == WLAN_FC_TYPE_CTRL)
		v = parse_ctrl_hdr(buf, len, hdr);
	else
		v = parse_seq_hdr(buf, len, hdr);
	if (v != WLAN_HDR_OK)
		return v;
	hdr->body = buf + hdr->hdr_len;
	hdr->body_len = len - hdr->hdr_len;
	return WLAN_HDR_OK;
}

const uint8_t *wlan_hdr_bssid(const struct wlan_hdr *hdr)
{
	if (hdr->type == WLAN_FC_TYPE_CTRL)
		return hdr->subtype == WLAN_STYPE_PSPOLL ? hdr->addr1 : NULL;
	if (hdr->type == WLAN_FC_TYPE_MGMT)
		return hdr->addr3;
	switch (hdr->flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) {
	case WLAN_FC_TODS:
		return hdr->addr1;
	case WLAN_FC_FROMDS:
		return hdr->addr2;
	case 0:
		return hdr->addr3;
	default:
		return NULL; /* mesh / WDS: no BSSID field */
	}
}

const uint8_t *wlan_hdr_sa(const struct wlan_hdr *hdr)
{
	if (hdr->type == WLAN_FC_TYPE_CTRL)
		return NULL;
	if (is_four_addr(hdr))
		return hdr->addr4;
	if (hdr->type == WLAN_FC_TYPE_DATA && (hdr->flags & WLAN_FC_FROMDS))
		return hdr->addr3;
	return hdr->addr2;
}

const uint8_t *wlan_hdr_da(const struct wlan_hdr *hdr)
{
	if (hdr->type == WLAN_FC_TYPE_CTRL)
		return NULL;
	if (hdr->type == WLAN_FC_TYPE_DATA && (hdr->flags & WLAN_FC_TODS))
		return hdr->addr3;
	return hdr->addr1;
}

/*
 * tshark's names where it has one. Deviations, by design: management 6 is
 * the standard's Timing Advertisement (tshark: "Measurement Pilot"),
 * management 15 is Reserved (tshark names a vendor's use), control 3 and
 * 6 and data 13 carry the standard's names or Reserved (tshark has none).
 */
/* clang-format off */
static const char *const subtype_names[4][16] = {
	[WLAN_FC_TYPE_MGMT] = {
		"Association Request", "Association Response",
		"Reassociation Request", "Reassociation Response",
		"Probe Request", "Probe Response", "Timing Advertisement",
		"Reserved", "Beacon frame", "ATIM", "Disassociate",
		"Authentication", "Deauthentication", "Action",
		"Action No Ack", "Reserved",
	},
	[WLAN_FC_TYPE_CTRL] = {
		"Reserved", "Reserved", "Trigger", "TACK",
		"Beamforming Report Poll", "VHT/HE NDP Announcement",
		"Control Frame Extension", "Control Wrapper",
		"802.11 Block Ack Req", "802.11 Block Ack",
		"Power-Save poll", "Request-to-send", "Clear-to-send",
		"Acknowledgement", "CF-End (Control-frame)",
		"CF-End + CF-Ack (Control-frame)",
	},
	[WLAN_FC_TYPE_DATA] = {
		"Data", "Data + CF-Ack", "Data + CF-Poll",
		"Data + CF-Ack + CF-Poll", "Null function (No data)",
		"Acknowledgement (No data)", "CF-Poll (No data)",
		"CF-Ack/Poll (No data)", "QoS Data",
		"QoS Data + CF-Acknowledgment", "QoS Data + CF-Poll",
		"QoS Data + CF-Ack + CF-Poll", "QoS Null function (No data)",
		"Reserved", "QoS CF-Poll (No Data)",
		"QoS CF-Ack + CF-Poll (No data)",
	},
	[WLAN_FC_TYPE_EXT] = {
		"DMG Beacon", "S1G Beacon", "Reserved", "Reserved",
		"Reserved", "Reserved", "Reserved", "Reserved", "Reserved",
		"Reserved", "Reserved", "Reserved", "Reserved", "Reserved",
		"Reserved", "Reserved",
	},
};
/* clang-format on */

const char *wlan_subtype_name(unsigned type, unsigned subtype)
{
	if (type > 3 || subtype > 15)
		return "Reserved";
	return subtype_names[type][subtype];
}

const char *wlan_hdr_verdict_name(enum wlan_hdr_verdict v)
{
	switch (v) {
	case WLAN_HDR_OK:
		return "ok";
	case WLAN_HDR_TRUNCATED:
		return "truncated header";
	case WLAN_HDR_BAD_VERSION:
		return "bad protocol version";
	case WLAN_HDR_EXTENSION_TYPE:
		return "extension frame type";
	case WLAN_HDR_RESERVED_SUBTYPE:
		return "reserved subtype";
	}
	return "?";
}

static const char *const status_names[] = {
	[WLAN_STATUS_SUCCESS] = "success",
	[WLAN_STATUS_UNSPECIFIED_FAILURE] = "unspecified failure",
	[WLAN_STATUS_TDLS_WAKEUP_ALTERNATE] = "TDLS wakeup: alternative",
	[WLAN_STATUS_TDLS_WAKEUP_REJECT] = "TDLS wakeup rejected",
	[WLAN_STATUS_SECURITY_DISABLED] = "security disabled",
	[WLAN_STATUS_UNACCEPTABLE_LIFETIME] = "unacceptable lifetime",
	[WLAN_STATUS_NOT_IN_SAME_BSS] = "not in same BSS",
	[WLAN_STATUS_CAPS_UNSUPPORTED] = "capabilities unsupported",
	[WLAN_STATUS_REASSOC_NO_ASSOC] = "reassociation without association",
	[WLAN_STATUS_ASSOC_DENIED_UNSPEC] = "association denied",
	[WLAN_STATUS_NOT_SUPPORTED_AUTH_ALG] = "auth algorithm unsupported",
	[WLAN_STATUS_UNKNOWN_AUTH_TRANSACTION] = "auth sequence unexpected",
	[WLAN_STATUS_CHALLENGE_FAIL] = "challenge failure",
	[WLAN_STATUS_AUTH_TIMEOUT] = "authentication timeout",
	[WLAN_STATUS_AP_UNABLE_TO_HANDLE_NEW_STA] = "AP full",
	[WLAN_STATUS_ASSOC_DENIED_RATES] = "basic rates unsupported",
	[WLAN_STATUS_ASSOC_DENIED_NOSHORT] = "short preamble unsupported",
	[WLAN_STATUS_SPEC_MGMT_REQUIRED] = "spectrum management required",
	[WLAN_STATUS_PWRCAP_NOT_VALID] = "power capability unacceptable",
	[WLAN_STATUS_SUPPCHAN_NOT_VALID] = "supported channels unacceptable",
	[WLAN_STATUS_ASSOC_DENIED_NO_SHORT_SLOT] = "short slot unsupported",
	[WLAN_STATUS_ASSOC_DENIED_NO_HT] = "HT unsupported",
	[WLAN_STATUS_R0KH_UNREACHABLE] = "R0KH unreachable",
	[WLAN_STATUS_ASSOC_REJECTED_TEMPORARILY] = "rejected temporarily",
	[WLAN_STATUS_ROBUST_MGMT_FRAME_POLICY_VIOLATION] =
		"robust management frame policy violation",
	[WLAN_STATUS_UNSPECIFIED_QOS_FAILURE] = "QoS failure",
	[WLAN_STATUS_DENIED_INSUFFICIENT_BANDWIDTH] = "insufficient bandwidth",
	[WLAN_STATUS_DENIED_POOR_CHANNEL_CONDITIONS] = "poor channel",
	[WLAN_STATUS_DENIED_QOS_NOT_SUPPORTED] = "QoS unsupported",
	[WLAN_STATUS_REQUEST_DECLINED] = "request declined",
	[WLAN_STATUS_INVALID_PARAMETERS] = "invalid parameters",
	[WLAN_STATUS_REJECTED_WITH_SUGGESTED_CHANGES] = "suggested changes",
	[WLAN_STATUS_INVALID_IE] = "invalid element",
	[WLAN_STATUS_INVALID_GROUP_CIPHER] = "invalid group cipher",
	[WLAN_STATUS_INVALID_PAIRWISE_CIPHER] = "invalid pairwise cipher",
	[WLAN_STATUS_INVALID_AKMP] = "invalid AKMP",
	[WLAN_STATUS_UNSUPPORTED_RSN_IE_VERSION] = "unsupported RSNE version",
	[WLAN_STATUS_INVALID_RSN_IE_CAPAB] = "invalid RSNE capabilities",
	[WLAN_STATUS_CIPHER_REJECTED_PER_POLICY] = "cipher rejected by policy",
	[WLAN_STATUS_TS_NOT_CREATED] = "TS not created",
	[WLAN_STATUS_DEST_STA_NOT_PRESENT] = "destination STA not present",
	[WLAN_STATUS_DEST_STA_NOT_QOS_STA] = "destination STA not QoS",
	[WLAN_STATUS_ASSOC_DENIED_LISTEN_INT_TOO_LARGE] =
		"listen interval too large",
	[WLAN_STATUS_INVALID_FT_ACTION_FRAME_COUNT] = "invalid FT frame count",
	[WLAN_STATUS_INVALID_PMKID] = "invalid PMKID",
	[WLAN_STATUS_INVALID_MDE] = "invalid MDE",
	[WLAN_STATUS_INVALID_FTE] = "invalid FTE",
	[WLAN_STATUS_INVALID_RSNE] = "invalid RSNE contents",
	[WLAN_STATUS_ANTI_CLOGGING_TOKEN_REQ] = "anti-clogging token required",
	[WLAN_STATUS_FINITE_CYCLIC_GROUP_NOT_SUPPORTED] =
		"finite cyclic group unsupported",
	[WLAN_STATUS_REJECTED_WITH_SUGGESTED_BSS_TRANSITION] =
		"suggested BSS transition",
	[WLAN_STATUS_DENIED_EXTERNAL_REASON] = "refused, external reason",
	[WLAN_STATUS_DENIED_MEMORY_LIMITS] = "refused, AP memory limits",
	[WLAN_STATUS_ASSOC_DENIED_NO_VHT] = "VHT unsupported",
	[WLAN_STATUS_UNKNOWN_PASSWORD_IDENTIFIER] = "unknown password id",
	[WLAN_STATUS_SAE_HASH_TO_ELEMENT] = "SAE hash-to-element",
};

static const char *const reason_names[] = {
	[WLAN_REASON_UNSPECIFIED] = "unspecified",
	[WLAN_REASON_PREV_AUTH_NOT_VALID] = "previous auth no longer valid",
	[WLAN_REASON_DEAUTH_LEAVING] = "leaving the BSS",
	[WLAN_REASON_DISASSOC_INACTIVITY] = "inactivity",
	[WLAN_REASON_DISASSOC_AP_BUSY] = "AP unable to handle all STAs",
	[WLAN_REASON_CLASS2_FRAME_FROM_NONAUTH_STA] =
		"class 2 frame from unauthenticated STA",
	[WLAN_REASON_CLASS3_FRAME_FROM_NONASSOC_STA] =
		"class 3 frame from unassociated STA",
	[WLAN_REASON_DISASSOC_STA_HAS_LEFT] = "STA has left",
	[WLAN_REASON_STA_REQ_ASSOC_WITHOUT_AUTH] = "association without auth",
	[WLAN_REASON_PWR_CAPABILITY_NOT_VALID] = "power capability invalid",
	[WLAN_REASON_SUPPORTED_CHANNEL_NOT_VALID] = "supported channels bad",
	[WLAN_REASON_BSS_TRANSITION_DISASSOC] = "BSS transition management",
	[WLAN_REASON_INVALID_IE] = "invalid element",
	[WLAN_REASON_MICHAEL_MIC_FAILURE] = "MIC failure",
	[WLAN_REASON_4WAY_HANDSHAKE_TIMEOUT] = "4-way handshake timeout",
	[WLAN_REASON_GROUP_KEY_UPDATE_TIMEOUT] = "group key handshake timeout",
	[WLAN_REASON_IE_IN_4WAY_DIFFERS] = "element in 4-way handshake differs",
	[WLAN_REASON_GROUP_CIPHER_NOT_VALID] = "invalid group cipher",
	[WLAN_REASON_PAIRWISE_CIPHER_NOT_VALID] = "invalid pairwise cipher",
	[WLAN_REASON_AKMP_NOT_VALID] = "invalid AKMP",
	[WLAN_REASON_UNSUPPORTED_RSN_IE_VERSION] = "unsupported RSNE version",
	[WLAN_REASON_INVALID_RSN_IE_CAPAB] = "invalid RSNE capabilities",
	[WLAN_REASON_IEEE_802_1X_AUTH_FAILED] = "802.1X authentication failed",
	[WLAN_REASON_CIPHER_SUITE_REJECTED] = "cipher rejected by policy",
	[WLAN_REASON_TDLS_TEARDOWN_UNREACHABLE] = "TDLS peer unreachable",
	[WLAN_REASON_TDLS_TEARDOWN_UNSPECIFIED] = "TDLS teardown",
	[WLAN_REASON_DISASSOC_LOW_ACK] = "too many frames not acknowledged",
	[WLAN_REASON_STA_LEAVING] = "peer leaving or resetting",
	[WLAN_REASON_END_TS_BA_DLS] = "stream or session ended",
	[WLAN_REASON_UNKNOWN_TS_BA] = "mechanism not set up",
	[WLAN_REASON_TIMEOUT] = "timeout",
	[WLAN_REASON_INVALID_PMKID] = "invalid PMKID",
	[WLAN_REASON_INVALID_MDE] = "invalid MDE",
	[WLAN_REASON_INVALID_FTE] = "invalid FTE",
};

const char *wlan_status_name(unsigned status)
{
	if (status < RAPD_ARRAY_SIZE(status_names) && status_names[status])
		return status_names[status];
	return "Reserved";
}

const char *wlan_reason_name(unsigned reason)
{
	if (reason < RAPD_ARRAY_SIZE(reason_names) && reason_names[reason])
		return reason_names[reason];
	return "Reserved";
}

/* Octets of fixed fields before the elements; -1 for unparsed subtypes. */
static const int8_t mgmt_fixed_len[16] = {
	[WLAN_STYPE_ASSOC_REQ] = 4,    [WLAN_STYPE_ASSOC_RESP] = 6,
	[WLAN_STYPE_REASSOC_REQ] = 10, [WLAN_STYPE_REASSOC_RESP] = 6,
	[WLAN_STYPE_PROBE_REQ] = 0,    [WLAN_STYPE_PROBE_RESP] = 12,
	[WLAN_STYPE_TIMING_ADV] = -1,  [7] = -1,
	[WLAN_STYPE_BEACON] = 12,      [WLAN_STYPE_ATIM] = 0,
	[WLAN_STYPE_DISASSOC] = 2,     [WLAN_STYPE_AUTH] = 6,
	[WLAN_STYPE_DEAUTH] = 2,       [WLAN_STYPE_ACTION] = 1,
	[WLAN_STYPE_ACTION_NOACK] = 1, [15] = -1,
};

static void decode_fixed(const uint8_t *b, size_t len, struct wlan_mgmt *m)
{
	switch (m->subtype) {
	case WLAN_STYPE_BEACON:
	case WLAN_STYPE_PROBE_RESP:
		m->u.beacon.timestamp = get_le64(b);
		m->u.beacon.beacon_int = get_le16(b + 8);
		m->u.beacon.capab = get_le16(b + 10);
		break;
	case WLAN_STYPE_AUTH:
		m->u.auth.alg = get_le16(b);
		m->u.auth.trans_seq = get_le16(b + 2);
		m->u.auth.status = get_le16(b + 4);
		break;
	case WLAN_STYPE_REASSOC_REQ:
		m->u.assoc_req.current_ap = b + 4;
		/* fall through */
	case WLAN_STYPE_ASSOC_REQ:
		m->u.assoc_req.capab = get_le16(b);
		m->u.assoc_req.listen_int = get_le16(b + 2);
		break;
	case WLAN_STYPE_ASSOC_RESP:
	case WLAN_STYPE_REASSOC_RESP:
		m->u.assoc_resp.capab = get_le16(b);
		m->u.assoc_resp.status = get_le16(b + 2);
		m->u.assoc_resp.aid = get_le16(b + 4) & ~WLAN_AID_WIRE_BITS;
		break;
	case WLAN_STYPE_DEAUTH:
	case WLAN_STYPE_DISASSOC:
		m->u.reason = get_le16(b);
		break;
	case WLAN_STYPE_ACTION:
	case WLAN_STYPE_ACTION_NOACK:
		m->u.action.category = b[0];
		m->u.action.data = b + 1;
		m->u.action.len = len - 1;
		break;
	default: /* Probe Request, ATIM: no fixed field */
		break;
	}
}

enum wlan_mgmt_verdict wlan_parse_mgmt_body(uint8_t subtype,
					    const uint8_t *body, size_t len,
					    struct wlan_mgmt *m)
{
	int fixed;

	memset(m, 0, sizeof(*m));
	m->subtype = subtype & 0x0f;
	fixed = mgmt_fixed_len[m->subtype];
	if (fixed < 0)
		return WLAN_MGMT_UNKNOWN_SUBTYPE;
	if (len < (size_t)fixed)
		return WLAN_MGMT_TRUNCATED;
	decode_fixed(body, len, m);
	if (body && m->subtype != WLAN_STYPE_ACTION &&
	    m->subtype != WLAN_STYPE_ACTION_NOACK) {
		m->ies = body + fixed;
		m->ies_len = len - (size_t)fixed;
	}
	return WLAN_MGMT_OK;
}

enum wlan_mgmt_verdict wlan_parse_mgmt(const struct wlan_hdr *hdr,
				       struct wlan_mgmt *m)
{
	memset(m, 0, sizeof(*m));
	if (hdr->type != WLAN_FC_TYPE_MGMT)
		return WLAN_MGMT_NOT_MGMT;
	m->subtype = hdr->subtype;
	if (hdr->flags & WLAN_FC_PROTECTED)
		return WLAN_MGMT_PROTECTED;
	return wlan_parse_mgmt_body(hdr->subtype, hdr->body, hdr->body_len, m);
}

const char *wlan_mgmt_verdict_name(enum wlan_mgmt_verdict v)
{
	switch (v) {
	case WLAN_MGMT_OK:
		return "ok";
	case WLAN_MGMT_NOT_MGMT:
		return "not a management frame";
	case WLAN_MGMT_PROTECTED:
		return "protected body";
	case WLAN_MGMT_TRUNCATED:
		return "truncated fixed fields";
	case WLAN_MGMT_UNKNOWN_SUBTYPE:
		return "unknown subtype";
	}
	return "?";
}

static uint8_t *put_u16(uint8_t *p, uint16_t v)
{
	put_le16(p, v);
	return p + 2;
}

static uint8_t *put_hdr(uint8_t *p, uint8_t fc0, uint8_t flags,
			const uint8_t *a1, const uint8_t *a2, const uint8_t *a3,
			uint16_t seq)
{
	p[0] = fc0;
	p[1] = flags;
	put_le16(p + 2, 0);
	memcpy(p + 4, a1, 6);
	memcpy(p + 10, a2, 6);
	memcpy(p + 16, a3, 6);
	put_le16(p + 22, WLAN_SEQ_CTL(seq, 0));
	return p + WLAN_HDR_LEN_MGMT;
}

uint8_t *wlan_put_mgmt_hdr(uint8_t *p, const uint8_t *end, uint8_t subtype,
			   const uint8_t *da, const uint8_t *sa,
			   const uint8_t *bssid, uint16_t seq)
{
	if (!room(p, end, WLAN_HDR_LEN_MGMT))
		return NULL;
	return put_hdr(p, (uint8_t)((subtype & 0x0f) << 4), 0, da, sa, bssid,
		       seq);
}

uint8_t *wlan_put_data_hdr(uint8_t *p, const uint8_t *end, uint8_t flags,
			   const uint8_t *a1, const uint8_t *a2,
			   const uint8_t *a3, uint16_t seq, int tid)
{
	uint8_t stype = tid < 0 ? WLAN_STYPE_DATA : WLAN_STYPE_QOS_DATA;
	uint8_t fc0 = (uint8_t)(stype << 4 | WLAN_FC_TYPE_DATA << 2);

	flags &= WLAN_FC_TODS | WLAN_FC_FROMDS | WLAN_FC_PROTECTED;
	if ((flags & (WLAN_FC_TODS | WLAN_FC_FROMDS)) ==
	    (WLAN_FC_TODS | WLAN_FC_FROMDS))
		return NULL; /* a 4-address header needs A4: not built here */
	if (tid > 15 || !room(p, end, WLAN_HDR_LEN_MGMT + (tid < 0 ? 0 : 2)))
		return NULL;
	p = put_hdr(p, fc0, flags, a1, a2, a3, seq);
	if (tid >= 0)
		p = put_u16(p, (uint16_t)tid);
	return p;
}

uint8_t *wlan_put_beacon_fixed(uint8_t *p, const uint8_t *end,
			       uint64_t timestamp, uint16_t beacon_int,
			       uint16_t capab)
{
	if (!room(p, end, 12))
		return NULL;
	put_le64(p, timestamp);
	p = put_u16(p + 8, beacon_int);
	return put_u16(p, capab);
}

uint8_t *wlan_put_auth(uint8_t *p, const uint8_t *end, uint16_t alg,
		       uint16_t trans_seq, uint16_t status)
{
	if (!room(p, end, 6))
		return NULL;
	p = put_u16(p, alg);
	p = put_u16(p, trans_seq);
	return put_u16(p, status);
}

uint8_t *wlan_put_assoc_req(uint8_t *p, const uint8_t *end, uint16_t capab,
			    uint16_t listen_int)
{
	if (!room(p, end, 4))
		return NULL;
	p = put_u16(p, capab);
	return put_u16(p, listen_int);
}

uint8_t *wlan_put_reassoc_req(uint8_t *p, const uint8_t *end, uint16_t capab,
			      uint16_t listen_int, const uint8_t *current_ap)
{
	if (!room(p, end, 10))
		return NULL;
	p = wlan_put_assoc_req(p, end, capab, listen_int);
	memcpy(p, current_ap, 6);
	return p + 6;
}

uint8_t *wlan_put_assoc_resp(uint8_t *p, const uint8_t *end, uint16_t capab,
			     uint16_t status, uint16_t aid)
{
	if (aid > WLAN_AID_MAX || !room(p, end, 6))
		return NULL;
	p = put_u16(p, capab);
	p = put_u16(p, status);
	return put_u16(p, aid | WLAN_AID_WIRE_BITS);
}

uint8_t *wlan_put_deauth(uint8_t *p, const uint8_t *end, uint16_t reason)
{
	if (!room(p, end, 2))
		return NULL;
	return put_u16(p, reason);
}

uint8_t *wlan_put_disassoc(uint8_t *p, const uint8_t *end, uint16_t reason)
{
	return wlan_put_deauth(p, end, reason);
}
