/*
 * eapol_key.c - LLC/SNAP, the 802.1X header and the EAPOL-Key frame: parse,
 * classify, build, and the MIC (see include/rapd/eapol.h).
 *
 * Pure code: called by the workers' EAPOL state machines, by rapd-trace and
 * by the benchmark's simulated stations, from any thread. It owns nothing;
 * parsed structures point into the caller's buffer. The only stack buffer
 * is eapol_verify_mic()'s bounded copy of the frame (EAPOL_KEY_MAX_LEN).
 *
 * Follows IEEE Std 802.11-2020 12.7.2 (EAPOL-Key frames), 12.7.6 and
 * 12.7.7 (which message carries which Key Information bits), IEEE Std
 * 802.1X-2010 11.3 (header), RFC 1042 (LLC/SNAP).
 *
 * Layout, offsets from the 802.1X header; multi-byte fields big-endian:
 *   0   1  protocol version (1, 2, 3)
 *   1   1  packet type (3 = Key)
 *   2   2  body length (bytes after this header; padding may follow)
 *   4   1  descriptor type (2 RSN, 254 WPA)
 *   5   2  key information
 *   7   2  key length
 *   9   8  replay counter
 *  17  32  key nonce
 *  49  16  EAPOL-Key IV
 *  65   8  key RSC
 *  73   8  reserved (key ID)
 *  81  16  key MIC (16 bytes for the AKMs rapd supports)
 *  97   2  key data length
 *  99   n  key data
 *
 * Message 1 of the Harkonen handshake (vectors.md section 4):
 *   01 03 005f        version 1, Key, body 95 bytes
 *   02                RSN descriptor
 *   008a              version 2 (HMAC-SHA1/AES), pairwise, Ack
 *   0010              key length 16 (CCMP)
 *   0000000000000001  replay counter 1
 *   225854b0...a055   ANonce (32 bytes)
 *   00 x 16, 00 x 8, 00 x 8, 00 x 16   IV, RSC, ID, MIC all zero
 *   0000              no key data
 */
#include <rapd/eapol.h>

#include <string.h>

#include <rapd/bytes.h>

static const uint8_t llc_snap_eapol[EAPOL_LLC_SNAP_LEN] = {
	0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0x8e,
};

const char *eapol_verdict_str(enum eapol_verdict v)
{
	switch (v) {
	case EAPOL_OK:
		return "ok";
	case EAPOL_BAD_SHORT:
		return "shorter than the 802.1X header";
	case EAPOL_BAD_VERSION:
		return "bad 802.1X version";
	case EAPOL_BAD_BODY_LEN:
		return "802.1X body length past the end";
	case EAPOL_BAD_NOT_KEY:
		return "not an EAPOL-Key frame";
	case EAPOL_BAD_KEY_SHORT:
		return "key descriptor truncated";
	case EAPOL_BAD_DESC_TYPE:
		return "bad key descriptor type";
	case EAPOL_BAD_KEY_DATA_LEN:
		return "key data length past the body";
	case EAPOL_BAD_TOO_LONG:
		return "EAPOL-Key frame too long";
	case EAPOL_BAD_DESC_VERSION:
		return "unexpected key descriptor version";
	case EAPOL_BAD_NO_MIC_FLAG:
		return "Key MIC bit clear";
	case EAPOL_BAD_MIC:
		return "MIC mismatch";
	case EAPOL_BAD_NOT_ENCRYPTED:
		return "key data not encrypted";
	case EAPOL_BAD_WRAP_LEN:
		return "bad wrapped key data length";
	case EAPOL_BAD_UNWRAP:
		return "key data unwrap failed";
	case EAPOL_BAD_KDE_LEN:
		return "key data element past the end";
	case EAPOL_BAD_KDE_PADDING:
		return "bad key data padding";
	case EAPOL_BAD_GTK_KDE:
		return "bad GTK KDE";
	case EAPOL_BAD_IGTK_KDE:
		return "bad IGTK KDE";
	case EAPOL_BAD_NO_GTK:
		return "no GTK KDE";
	case EAPOL_BAD_BUFFER:
		return "output buffer too small";
	case EAPOL_BAD_CRYPTO:
		return "crypto failure";
	}
	return "unknown verdict";
}

const char *eapol_msg_str(enum eapol_msg msg)
{
	switch (msg) {
	case EAPOL_MSG_UNKNOWN:
		return "unknown";
	case EAPOL_MSG_M1:
		return "M1/4";
	case EAPOL_MSG_M2:
		return "M2/4";
	case EAPOL_MSG_M3:
		return "M3/4";
	case EAPOL_MSG_M4:
		return "M4/4";
	case EAPOL_MSG_G1:
		return "G1/2";
	case EAPOL_MSG_G2:
		return "G2/2";
	case EAPOL_MSG_REQUEST:
		return "request";
	}
	return "unknown";
}

bool eapol_is_llc_snap(const uint8_t *body, size_t len)
{
	return len >= EAPOL_LLC_SNAP_LEN &&
	       memcmp(body, llc_snap_eapol, EAPOL_LLC_SNAP_LEN) == 0;
}

uint8_t *eapol_put_llc_snap(uint8_t *p, const uint8_t *end)
{
	if (!p || end - p < EAPOL_LLC_SNAP_LEN)
		return NULL;
	memcpy(p, llc_snap_eapol, EAPOL_LLC_SNAP_LEN);
	return p + EAPOL_LLC_SNAP_LEN;
}

enum eapol_verdict eapol_parse_hdr(const uint8_t *p, size_t len,
				   struct eapol_hdr *hdr)
{
	uint16_t body_len;

	if (len < EAPOL_HDR_LEN)
		return EAPOL_BAD_SHORT;
	if (p[0] < EAPOL_VERSION_2001 || p[0] > EAPOL_VERSION_2010)
		return EAPOL_BAD_VERSION;
	body_len = get_be16(p + 2);
	if (body_len > len - EAPOL_HDR_LEN)
		return EAPOL_BAD_BODY_LEN;
	hdr->version = p[0];
	hdr->type = p[1];
	hdr->body_len = body_len;
	hdr->body = p + EAPOL_HDR_LEN;
	return EAPOL_OK;
}

enum eapol_verdict eapol_parse_key(const uint8_t *p, size_t len,
				   struct eapol_key *key)
{
	struct eapol_hdr hdr;
	enum eapol_verdict v;
	size_t frame_len;
	uint16_t kd_len;

	v = eapol_parse_hdr(p, len, &hdr);
	if (v != EAPOL_OK)
		return v;
	if (hdr.type != EAPOL_TYPE_KEY)
		return EAPOL_BAD_NOT_KEY;
	frame_len = EAPOL_HDR_LEN + (size_t)hdr.body_len;
	if (frame_len > EAPOL_KEY_MAX_LEN)
		return EAPOL_BAD_TOO_LONG;
	if (frame_len < EAPOL_KEY_FIXED_LEN)
		return EAPOL_BAD_KEY_SHORT;
	if (p[4] != EAPOL_DESC_RSN && p[4] != EAPOL_DESC_WPA)
		return EAPOL_BAD_DESC_TYPE;
	kd_len = get_be16(p + EAPOL_KEY_DATA_LEN_OFF);
	if (kd_len > frame_len - EAPOL_KEY_FIXED_LEN)
		return EAPOL_BAD_KEY_DATA_LEN;

	key->frame = p;
	key->frame_len = frame_len;
	key->version = hdr.version;
	key->desc_type = p[4];
	key->info = get_be16(p + EAPOL_KEY_INFO_OFF);
	key->key_len = get_be16(p + EAPOL_KEY_INFO_OFF + 2);
	key->replay_counter = get_be64(p + EAPOL_REPLAY_OFF);
	key->nonce = p + EAPOL_NONCE_OFF;
	key->iv = p + EAPOL_KEY_IV_OFF;
	key->rsc = p + EAPOL_KEY_RSC_OFF;
	key->key_id = p + EAPOL_KEY_ID_OFF;
	key->mic = p + EAPOL_MIC_OFF;
	key->mic_offset = EAPOL_MIC_OFF;
	key->key_data_len = kd_len;
	key->key_data = p + EAPOL_KEY_FIXED_LEN;
	return EAPOL_OK;
}

bool eapol_key_mic_alg(const struct eapol_key *key, enum crypto_mic_alg *alg)
{
	switch (eapol_key_desc_version(key)) {
	case EAPOL_KEY_V_MD5_RC4:
		*alg = CRYPTO_MIC_HMAC_MD5;
		return true;
	case EAPOL_KEY_V_SHA1_AES:
		*alg = CRYPTO_MIC_HMAC_SHA1;
		return true;
	case EAPOL_KEY_V_CMAC_AES:
		*alg = CRYPTO_MIC_AES_CMAC;
		return true;
	default: /* version 0 (AKM-defined) and reserved 4-7 */
		return false;
	}
}

/* Frames from the supplicant side (no Ack): M2, M4, G2. */
static enum eapol_msg classify_from_supplicant(const struct eapol_key *key)
{
	if (!(key->info & EAPOL_KI_MIC))
		return EAPOL_MSG_UNKNOWN;
	if (!(key->info & EAPOL_KI_PAIRWISE))
		return EAPOL_MSG_G2;
	/* M2 carries the supplicant's RSN element, M4 nothing (see eapol.h
	 * for why Secure and the nonce cannot decide). */
	return key->key_data_len > 0 ? EAPOL_MSG_M2 : EAPOL_MSG_M4;
}

/* Frames from the authenticator side (Ack set): M1, M3, G1. */
static enum eapol_msg classify_from_authenticator(const struct eapol_key *key)
{
	bool mic = key->info & EAPOL_KI_MIC;

	if (!(key->info & EAPOL_KI_PAIRWISE))
		return mic ? EAPOL_MSG_G1 : EAPOL_MSG_UNKNOWN;
	if (!mic)
		return EAPOL_MSG_M1;
	if (key->info & EAPOL_KI_INSTALL)
		return EAPOL_MSG_M3;
	return EAPOL_MSG_UNKNOWN;
}

enum eapol_msg eapol_classify(const struct eapol_key *key)
{
	if (key->info & EAPOL_KI_REQUEST)
		return EAPOL_MSG_REQUEST;
	/* Error is only meaningful with Request (MIC failure report); SMK
	 * belongs to the withdrawn PeerKey handshake. */
	if (key->info & (EAPOL_KI_ERROR | EAPOL_KI_SMK))
		return EAPOL_MSG_UNKNOWN;
	if (key->info & EAPOL_KI_ACK)
		return classify_from_authenticator(key);
	return classify_from_supplicant(key);
}

/* Copies n bytes of src at p, or n zero bytes when src is NULL. */
static uint8_t *put_field(uint8_t *p, const uint8_t *src, size_t n)
{
	if (src)
		memcpy(p, src, n);
	else
		memset(p, 0, n);
	return p + n;
}

uint8_t *eapol_build_key(uint8_t *p, const uint8_t *end,
			 const struct eapol_key_params *kp)
{
	size_t frame_len;
	uint8_t *q;

	if (!p || kp->version < EAPOL_VERSION_2001 ||
	    kp->version > EAPOL_VERSION_2010)
		return NULL;
	if (kp->desc_type != EAPOL_DESC_RSN && kp->desc_type != EAPOL_DESC_WPA)
		return NULL;
	if (kp->key_data_len > EAPOL_KEY_DATA_MAX ||
	    (kp->key_data_len && !kp->key_data))
		return NULL;
	frame_len = EAPOL_KEY_FRAME_LEN(kp->key_data_len);
	if (end < p || (size_t)(end - p) < frame_len)
		return NULL;

	p[0] = kp->version;
	p[1] = EAPOL_TYPE_KEY;
	put_be16(p + 2, (uint16_t)(frame_len - EAPOL_HDR_LEN));
	p[4] = kp->desc_type;
	put_be16(p + EAPOL_KEY_INFO_OFF, kp->info);
	put_be16(p + EAPOL_KEY_INFO_OFF + 2, kp->key_len);
	put_be64(p + EAPOL_REPLAY_OFF, kp->replay_counter);
	q = put_field(p + EAPOL_NONCE_OFF, kp->nonce, EAPOL_NONCE_LEN);
	q = put_field(q, kp->iv, EAPOL_KEY_IV_LEN);
	q = put_field(q, kp->rsc, EAPOL_KEY_RSC_LEN);
	q = put_field(q, NULL, EAPOL_KEY_ID_LEN);
	q = put_field(q, NULL, EAPOL_MIC_LEN);
	put_be16(q, (uint16_t)kp->key_data_len);
	q += 2;
	if (kp->key_data_len)
		memcpy(q, kp->key_data, kp->key_data_len);
	return p + frame_len;
}

/* The checks eapol_set_mic and eapol_verify_mic share. */
static enum eapol_verdict check_mic_frame(const struct eapol_key *key,
					  enum crypto_mic_alg alg)
{
	enum crypto_mic_alg frame_alg;

	if (!(key->info & EAPOL_KI_MIC))
		return EAPOL_BAD_NO_MIC_FLAG;
	if (!eapol_key_mic_alg(key, &frame_alg) || frame_alg != alg)
		return EAPOL_BAD_DESC_VERSION;
	/* A hand-made struct could claim more than the stack copy holds. */
	if (key->frame_len > EAPOL_KEY_MAX_LEN)
		return EAPOL_BAD_TOO_LONG;
	if (key->frame_len < EAPOL_KEY_FIXED_LEN)
		return EAPOL_BAD_KEY_SHORT;
	return EAPOL_OK;
}

enum eapol_verdict eapol_set_mic(struct crypto_ws *ws, enum crypto_mic_alg alg,
				 const uint8_t kck[CRYPTO_KCK_LEN],
				 uint8_t *frame, size_t len)
{
	uint8_t mic[CRYPTO_MIC_LEN];
	struct eapol_key key;
	enum eapol_verdict v;

	v = eapol_parse_key(frame, len, &key);
	if (v != EAPOL_OK)
		return v;
	v = check_mic_frame(&key, alg);
	if (v != EAPOL_OK)
		return v;
	memset(frame + EAPOL_MIC_OFF, 0, EAPOL_MIC_LEN);
	if (crypto_eapol_mic(ws, alg, kck, frame, key.frame_len, mic) != 0)
		return EAPOL_BAD_CRYPTO;
	memcpy(frame + EAPOL_MIC_OFF, mic, EAPOL_MIC_LEN);
	crypto_wipe(mic, sizeof(mic));
	return EAPOL_OK;
}

enum eapol_verdict eapol_verify_mic(struct crypto_ws *ws,
				    enum crypto_mic_alg alg,
				    const uint8_t kck[CRYPTO_KCK_LEN],
				    const struct eapol_key *key)
{
	uint8_t copy[EAPOL_KEY_MAX_LEN];
	uint8_t mic[CRYPTO_MIC_LEN];
	enum eapol_verdict v;
	bool equal;

	v = check_mic_frame(key, alg);
	if (v != EAPOL_OK)
		return v;
	memcpy(copy, key->frame, key->frame_len);
	memset(copy + EAPOL_MIC_OFF, 0, EAPOL_MIC_LEN);
	if (crypto_eapol_mic(ws, alg, kck, copy, key->frame_len, mic) != 0) {
		crypto_wipe(mic, sizeof(mic));
		return EAPOL_BAD_CRYPTO;
	}
	equal = crypto_equal(mic, key->frame + EAPOL_MIC_OFF, EAPOL_MIC_LEN);
	crypto_wipe(mic, sizeof(mic));
	return equal ? EAPOL_OK : EAPOL_BAD_MIC;
}
