/*
 * ccmp.c - CCMP-128 encapsulation and decapsulation of one MPDU
 * (802.11-2020 12.5.3), over the ws's AES-128-CCM context (re-keyed per
 * frame: no fetch, no allocation).
 *
 * Called by the workers in monitor-only and replay modes (user-space data
 * path and protected management frames) and by tests, each with its own ws.
 *
 * Layout of a protected MPDU (12.5.3.2, Figure 12-16):
 *
 *   MAC header | CCMP header (8) | encrypted data | MIC (8) [| FCS]
 *
 *   CCMP header: PN0 PN1 rsvd (KeyID << 6 | ExtIV 0x20) PN2 PN3 PN4 PN5
 *
 * MAC header (9.3.2.1, 9.3.3.2): FC (2) Duration (2) A1 A2 A3 (6 each)
 * SeqCtl (2), then A4 (6) when ToDS and FromDS are both set, QoS Control
 * (2) in QoS data subtypes, HT Control (4) when Order is set in a QoS data
 * or a management frame. Frame Control bits: byte 0 = protocol version
 * (0-1), type (2-3), subtype (4-7); byte 1 = ToDS 0x01, FromDS 0x02,
 * MoreFrag 0x04, Retry 0x08, PwrMgt 0x10, MoreData 0x20, Protected 0x40,
 * +HTC/Order 0x80.
 *
 * Example (M.6.4): header 08 48 c3 2c 0fd2e128a57c 5030f1844408 abaea5b8fcba
 * 80 33, PN 0xb5039776e70c, key 0 -> CCMP header 0c e7 00 20 76 97 03 b5.
 *
 * The frame's FCS, if any, is the caller's to strip and recompute.
 */
#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto_pvt.h"

#define FC1_TODS 0x01
#define FC1_FROMDS 0x02
#define FC1_RETRY 0x08
#define FC1_PWRMGT 0x10
#define FC1_MOREDATA 0x20
#define FC1_PROTECTED 0x40
#define FC1_ORDER 0x80
#define FC0_QOS_SUBTYPE 0x80 /* subtype bit 3: QoS data subtypes */
#define EXT_IV 0x20
#define HDR_BASE_LEN 24
#define ADDR_LEN 6
#define QOS_LEN 2
#define HTC_LEN 4
#define AAD_MAX_LEN 30
#define NONCE_LEN 13
#define PN_MAX 0xffffffffffffULL
#define CCM_MAX_DATA 0xffff /* L = 2 octets of length (12.5.3.3.1) */

enum frame_type {
	FRAME_MGMT = 0,
	FRAME_CTRL = 1,
	FRAME_DATA = 2,
	FRAME_EXT = 3,
};

static enum frame_type fc_type(const uint8_t *hdr)
{
	return (enum frame_type)((hdr[0] >> 2) & 3);
}

static bool has_a4(const uint8_t *hdr)
{
	return (hdr[1] & (FC1_TODS | FC1_FROMDS)) == (FC1_TODS | FC1_FROMDS);
}

static bool is_qos_data(const uint8_t *hdr)
{
	return fc_type(hdr) == FRAME_DATA && (hdr[0] & FC0_QOS_SUBTYPE);
}

/* 9.3.2.1: which fields the header carries, by frame type and FC bits. */
size_t crypto_mpdu_hdr_len(const uint8_t *mpdu, size_t len)
{
	size_t hl = HDR_BASE_LEN;

	if (len < 2 || (mpdu[0] & 3) != 0) /* protocol version 0 only */
		return 0;
	switch (fc_type(mpdu)) {
	case FRAME_MGMT:
		if (mpdu[1] & FC1_ORDER)
			hl += HTC_LEN;
		break;
	case FRAME_DATA:
		if (has_a4(mpdu))
			hl += ADDR_LEN;
		if (is_qos_data(mpdu)) {
			hl += QOS_LEN;
			if (mpdu[1] & FC1_ORDER)
				hl += HTC_LEN;
		}
		break;
	case FRAME_CTRL:
	case FRAME_EXT:
		return 0;
	}
	return len >= hl ? hl : 0;
}

/*
 * 12.5.3.3.3 (AAD) and 12.5.3.3.4 (nonce) from a header known to be
 * complete. AAD = FC (subtype bits 4-6 masked in data frames; Retry,
 * PwrMgt, MoreData masked; Protected set; Order masked in QoS data, whose
 * HT Control is not in the AAD) || A1 A2 A3 || SC (sequence number masked,
 * fragment number kept) || A4 if present || QC if present (TID only: the
 * A-MSDU Present bit is masked as for a non-SPP A-MSDU link, the rest and
 * the second octet zero). Nonce = flags (priority = TID of QoS data, else
 * 0; bit 4 = management frame) || A2 || PN5..PN0. Returns the AAD length.
 */
static size_t ccmp_aad_nonce(const uint8_t *hdr, uint64_t pn,
			     uint8_t aad[AAD_MAX_LEN],
			     uint8_t nonce[NONCE_LEN])
{
	bool data = fc_type(hdr) == FRAME_DATA, qos = is_qos_data(hdr);
	bool a4 = data && has_a4(hdr);
	size_t pos = 22, qc = HDR_BASE_LEN + (a4 ? ADDR_LEN : 0);
	uint8_t priority = 0;

	aad[0] = data ? hdr[0] & 0x8f : hdr[0];
	aad[1] = (hdr[1] & ~(FC1_RETRY | FC1_PWRMGT | FC1_MOREDATA)) |
		 FC1_PROTECTED;
	if (qos)
		aad[1] &= (uint8_t)~FC1_ORDER;
	memcpy(aad + 2, hdr + 4, 3 * ADDR_LEN);
	aad[20] = hdr[22] & 0x0f;
	aad[21] = 0;
	if (a4) {
		memcpy(aad + pos, hdr + HDR_BASE_LEN, ADDR_LEN);
		pos += ADDR_LEN;
	}
	if (qos) {
		priority = hdr[qc] & 0x0f;
		aad[pos++] = priority;
		aad[pos++] = 0;
	}
	nonce[0] = priority | (fc_type(hdr) == FRAME_MGMT ? 0x10 : 0);
	memcpy(nonce + 1, hdr + 10, ADDR_LEN);
	for (int i = 0; i < 6; i++)
		nonce[7 + i] = (uint8_t)(pn >> (8 * (5 - i)));
	return pos;
}

/* CCM-encrypts len bytes (12.5.3.3.5) and writes the 8-byte MIC. */
static int ccm_seal(EVP_CIPHER_CTX *ctx, const uint8_t tk[16],
		    const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		    const uint8_t *in, size_t len, uint8_t *out, uint8_t *mic)
{
	int outl;

	if (EVP_EncryptInit_ex2(ctx, NULL, tk, nonce, NULL) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &outl, NULL, (int)len) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &outl, aad, (int)aad_len) != 1 ||
	    EVP_EncryptUpdate(ctx, out, &outl, in, (int)len) != 1 ||
	    EVP_EncryptFinal_ex(ctx, out + len, &outl) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
				CRYPTO_CCMP_MIC_LEN, mic) != 1)
		return -1;
	return 0;
}

/* CCM-decrypts len bytes and checks the MIC (12.5.3.4.4). */
static int ccm_open(EVP_CIPHER_CTX *ctx, const uint8_t tk[16],
		    const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		    const uint8_t *in, size_t len, const uint8_t *mic,
		    uint8_t *out)
{
	int outl;

	if (EVP_DecryptInit_ex2(ctx, NULL, tk, nonce, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
				CRYPTO_CCMP_MIC_LEN, (void *)mic) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &outl, NULL, (int)len) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &outl, aad, (int)aad_len) != 1 ||
	    EVP_DecryptUpdate(ctx, out, &outl, in, (int)len) != 1)
		return -1;
	return 0;
}

/* 12.5.3.3: header (Protected set) || CCMP header || data || MIC. */
int crypto_ccmp_encrypt(struct crypto_ws *ws, const uint8_t tk[16],
			uint64_t pn, unsigned key_id, const uint8_t *in,
			size_t len, uint8_t *out, size_t *out_len)
{
	size_t hl = crypto_mpdu_hdr_len(in, len), body;
	uint8_t aad[AAD_MAX_LEN], nonce[NONCE_LEN], *ccmp;
	size_t aad_len;
	int rc;

	if (!ws || !hl || pn > PN_MAX || key_id > 3 ||
	    len - hl > CCM_MAX_DATA)
		return -1;
	body = len - hl;
	memcpy(out, in, hl);
	out[1] |= FC1_PROTECTED;
	ccmp = out + hl;
	ccmp[0] = (uint8_t)pn;
	ccmp[1] = (uint8_t)(pn >> 8);
	ccmp[2] = 0;
	ccmp[3] = (uint8_t)(key_id << 6 | EXT_IV);
	for (int i = 0; i < 4; i++)
		ccmp[4 + i] = (uint8_t)(pn >> (16 + 8 * i));
	aad_len = ccmp_aad_nonce(out, pn, aad, nonce);
	rc = ccm_seal(ws->ccm, tk, nonce, aad, aad_len, in + hl, body,
		      ccmp + CRYPTO_CCMP_HDR_LEN,
		      ccmp + CRYPTO_CCMP_HDR_LEN + body);
	OPENSSL_cleanse(nonce, sizeof(nonce));
	if (rc) {
		OPENSSL_cleanse(out, len + CRYPTO_CCMP_HDR_LEN +
					     CRYPTO_CCMP_MIC_LEN);
		return -1;
	}
	*out_len = len + CRYPTO_CCMP_HDR_LEN + CRYPTO_CCMP_MIC_LEN;
	return 0;
}

/* 12.5.3.4: checks the ExtIV bit, rebuilds AAD and nonce from the received
 * header and PN, and accepts the plaintext only if the MIC matches. */
int crypto_ccmp_decrypt(struct crypto_ws *ws, const uint8_t tk[16],
			const uint8_t *in, size_t len, uint8_t *out,
			size_t *out_len, uint64_t *pn)
{
	size_t hl = crypto_mpdu_hdr_len(in, len), body, aad_len;
	uint8_t aad[AAD_MAX_LEN], nonce[NONCE_LEN];
	const uint8_t *ccmp;
	uint64_t rx_pn;

	if (!ws || !hl ||
	    len - hl < CRYPTO_CCMP_HDR_LEN + CRYPTO_CCMP_MIC_LEN)
		return -1;
	body = len - hl - CRYPTO_CCMP_HDR_LEN - CRYPTO_CCMP_MIC_LEN;
	ccmp = in + hl;
	if (!(ccmp[3] & EXT_IV) || body > CCM_MAX_DATA)
		return -1;
	rx_pn = (uint64_t)ccmp[0] | (uint64_t)ccmp[1] << 8;
	for (int i = 0; i < 4; i++)
		rx_pn |= (uint64_t)ccmp[4 + i] << (16 + 8 * i);
	aad_len = ccmp_aad_nonce(in, rx_pn, aad, nonce);
	memcpy(out, in, hl);
	out[1] &= (uint8_t)~FC1_PROTECTED;
	if (ccm_open(ws->ccm, tk, nonce, aad, aad_len,
		     ccmp + CRYPTO_CCMP_HDR_LEN, body,
		     in + len - CRYPTO_CCMP_MIC_LEN, out + hl)) {
		OPENSSL_cleanse(out, hl + body);
		return -1;
	}
	*out_len = hl + body;
	*pn = rx_pn;
	return 0;
}
