/*
 * eapol.h - the EAPOL codec: LLC/SNAP, the 802.1X header, the EAPOL-Key
 * descriptor, its MIC, and the KDEs of its key data.
 *
 * Contract
 * - Pure code over caller-supplied buffers: no I/O, no clock, no allocation,
 *   no global state. Every function is safe from any thread; functions that
 *   take a struct crypto_ws need the caller's own (per-thread) workspace.
 * - Parsers (eapol_parse_*, eapol_kde_next) read untrusted bytes. They check
 *   every length before reading and return an enum eapol_verdict naming why a
 *   frame was refused. On success the structures they fill point INTO the
 *   caller's buffer: they are valid only as long as that buffer is.
 * - Builders use a write cursor and an end bound: uint8_t *eapol_put_x(p,
 *   end, ...) writes at p and returns the new cursor, or NULL when the bytes
 *   would pass end or an argument is out of range (nothing useful is written
 *   then). A NULL p is passed through as NULL, so calls can be chained and
 *   checked once.
 * - Secrets: the plaintext key data that eapol_unwrap_key_data() writes
 *   (GTK, IGTK) lives in the caller's buffer; the caller wipes it with
 *   crypto_wipe(). Functions here wipe their own temporaries.
 * - Bounds: rapd handles EAPOL-Key frames (802.1X header + body) of at most
 *   EAPOL_KEY_MAX_LEN bytes, with the 16-byte MIC of the AKMs it supports
 *   (PSK, PSK-SHA256). Anything longer is refused with EAPOL_BAD_TOO_LONG,
 *   which lets MIC checks work on a bounded stack copy.
 *
 * Clauses: IEEE Std 802.11-2020 12.7.2 (EAPOL-Key frames, Figure 12-32,
 * Table 12-9 KDEs), 12.7.6 (4-way handshake), 12.7.7 (group key handshake);
 * IEEE Std 802.1X-2010 11.3 (EAPOL PDU header); RFC 1042 (LLC/SNAP).
 */
#ifndef RAPD_EAPOL_H
#define RAPD_EAPOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/crypto.h>

/* --- Sizes and offsets ---------------------------------------------- */

#define EAPOL_LLC_SNAP_LEN 8
#define EAPOL_ETHERTYPE 0x888e
#define EAPOL_HDR_LEN 4 /* version, packet type, body length */
#define EAPOL_NONCE_LEN 32
#define EAPOL_KEY_IV_LEN 16
#define EAPOL_KEY_RSC_LEN 8
#define EAPOL_KEY_ID_LEN 8
#define EAPOL_MIC_LEN 16
/* Offsets from the start of the 802.1X header (Figure 12-32). */
#define EAPOL_KEY_INFO_OFF 5
#define EAPOL_REPLAY_OFF 9
#define EAPOL_NONCE_OFF 17
#define EAPOL_KEY_IV_OFF 49
#define EAPOL_KEY_RSC_OFF 65
#define EAPOL_KEY_ID_OFF 73
#define EAPOL_MIC_OFF 81
#define EAPOL_KEY_DATA_LEN_OFF 97
/* 802.1X header + descriptor up to and including Key Data Length. */
#define EAPOL_KEY_FIXED_LEN 99
/* The largest EAPOL-Key frame rapd accepts or builds (header + body). */
#define EAPOL_KEY_MAX_LEN 512
#define EAPOL_KEY_DATA_MAX (EAPOL_KEY_MAX_LEN - EAPOL_KEY_FIXED_LEN)
/* Bytes an EAPOL-Key frame with kd_len bytes of key data takes. */
#define EAPOL_KEY_FRAME_LEN(kd_len) (EAPOL_KEY_FIXED_LEN + (size_t)(kd_len))
/* AES key wrap adds one 8-byte block to the padded plaintext. */
#define EAPOL_WRAP_OVERHEAD 8

/* 802.1X protocol versions (802.1X-2001, -2004, -2010). */
enum eapol_version {
	EAPOL_VERSION_2001 = 1,
	EAPOL_VERSION_2004 = 2,
	EAPOL_VERSION_2010 = 3,
};

/* 802.1X packet types (802.1X-2010 Table 11-3). */
enum eapol_type {
	EAPOL_TYPE_EAP = 0,
	EAPOL_TYPE_START = 1,
	EAPOL_TYPE_LOGOFF = 2,
	EAPOL_TYPE_KEY = 3,
	EAPOL_TYPE_ASF_ALERT = 4,
	EAPOL_TYPE_MKA = 5,
};

/* EAPOL-Key descriptor types. */
enum eapol_desc_type {
	EAPOL_DESC_RSN = 2,   /* IEEE 802.11 key descriptor */
	EAPOL_DESC_WPA = 254, /* pre-RSN WPA */
};

/* Key Information bits (12.7.2 b), host order after the big-endian read. */
#define EAPOL_KI_VERSION_MASK 0x0007 /* key descriptor version */
#define EAPOL_KI_PAIRWISE 0x0008     /* key type: 1 pairwise, 0 group */
#define EAPOL_KI_INSTALL 0x0040
#define EAPOL_KI_ACK 0x0080
#define EAPOL_KI_MIC 0x0100
#define EAPOL_KI_SECURE 0x0200
#define EAPOL_KI_ERROR 0x0400
#define EAPOL_KI_REQUEST 0x0800
#define EAPOL_KI_ENC_KEY_DATA 0x1000
#define EAPOL_KI_SMK 0x2000

/* Key descriptor versions (Key Information bits 0-2). */
enum eapol_key_version {
	EAPOL_KEY_V_AKM = 0,	  /* algorithms given by the AKM */
	EAPOL_KEY_V_MD5_RC4 = 1,  /* HMAC-MD5 MIC, RC4 key data */
	EAPOL_KEY_V_SHA1_AES = 2, /* HMAC-SHA1-128 MIC, AES key wrap */
	EAPOL_KEY_V_CMAC_AES = 3, /* AES-128-CMAC MIC, AES key wrap */
};

/* --- Verdicts -------------------------------------------------------- */

enum eapol_verdict {
	EAPOL_OK = 0,
	EAPOL_BAD_SHORT,	 /* fewer bytes than the 802.1X header */
	EAPOL_BAD_VERSION,	 /* 802.1X version not 1, 2 or 3 */
	EAPOL_BAD_BODY_LEN,	 /* 802.1X body length runs past the buffer */
	EAPOL_BAD_NOT_KEY,	 /* packet type is not EAPOL-Key */
	EAPOL_BAD_KEY_SHORT,	 /* body shorter than the key descriptor */
	EAPOL_BAD_DESC_TYPE,	 /* descriptor type not RSN (2) or WPA (254) */
	EAPOL_BAD_KEY_DATA_LEN,	 /* key data length runs past the body */
	EAPOL_BAD_TOO_LONG,	 /* frame over EAPOL_KEY_MAX_LEN */
	EAPOL_BAD_DESC_VERSION,	 /* descriptor version not the one expected */
	EAPOL_BAD_NO_MIC_FLAG,	 /* Key MIC bit clear where a MIC is needed */
	EAPOL_BAD_MIC,		 /* MIC does not match */
	EAPOL_BAD_NOT_ENCRYPTED, /* key data not marked encrypted */
	EAPOL_BAD_WRAP_LEN,	 /* wrapped key data not n*8 bytes, n >= 3 */
	EAPOL_BAD_UNWRAP,	 /* AES key unwrap integrity check failed */
	EAPOL_BAD_KDE_LEN,	 /* an element runs past the key data */
	EAPOL_BAD_KDE_PADDING,	 /* dd padding followed by non-zero bytes */
	EAPOL_BAD_GTK_KDE,	 /* not a GTK KDE, or a GTK not 5..32 bytes */
	EAPOL_BAD_IGTK_KDE,	 /* not an IGTK KDE, bad key ID or length */
	EAPOL_BAD_NO_GTK,	 /* key data holds no GTK KDE */
	EAPOL_BAD_BUFFER,	 /* caller's output buffer too small */
	EAPOL_BAD_CRYPTO,	 /* the crypto module failed (OpenSSL) */
};

/* A fixed, short English name of a verdict, for logs and traces. */
const char *eapol_verdict_str(enum eapol_verdict v);

/* --- LLC/SNAP (RFC 1042) --------------------------------------------- */

/* True when a data frame body starts with aa aa 03 00 00 00 88 8e; the
 * 802.1X frame then starts EAPOL_LLC_SNAP_LEN bytes into the body. */
bool eapol_is_llc_snap(const uint8_t *body, size_t len);

/* Writes the 8-byte LLC/SNAP header of an EAPOL frame. */
uint8_t *eapol_put_llc_snap(uint8_t *p, const uint8_t *end);

/* --- 802.1X header --------------------------------------------------- */

struct eapol_hdr {
	uint8_t version;     /* 1, 2 or 3 */
	uint8_t type;	     /* enum eapol_type, or an unknown value */
	uint16_t body_len;   /* bytes of body the header announces */
	const uint8_t *body; /* body_len bytes, inside the caller's buffer */
};

/* Parses the 4-byte header at p. Bytes past the body are padding and are
 * ignored. Any packet type is accepted: the caller picks the ones it wants.
 * EAPOL_OK, EAPOL_BAD_SHORT, EAPOL_BAD_VERSION or EAPOL_BAD_BODY_LEN. */
enum eapol_verdict eapol_parse_hdr(const uint8_t *p, size_t len,
				   struct eapol_hdr *hdr);

/* --- EAPOL-Key frames ------------------------------------------------ */

/* A parsed EAPOL-Key frame; pointers are into the caller's buffer. */
struct eapol_key {
	const uint8_t *frame;	 /* the 802.1X header */
	size_t frame_len;	 /* header + body: the bytes the MIC covers */
	uint8_t version;	 /* 802.1X version */
	uint8_t desc_type;	 /* enum eapol_desc_type */
	uint16_t info;		 /* Key Information, EAPOL_KI_* bits */
	uint16_t key_len;	 /* Key Length (pairwise cipher key bytes) */
	uint64_t replay_counter; /* big-endian on the air */
	const uint8_t *nonce;	 /* EAPOL_NONCE_LEN bytes */
	const uint8_t *iv;	 /* EAPOL_KEY_IV_LEN bytes */
	const uint8_t *rsc;	 /* EAPOL_KEY_RSC_LEN bytes, PN order */
	const uint8_t *key_id;	 /* EAPOL_KEY_ID_LEN bytes, reserved */
	const uint8_t *mic;	 /* EAPOL_MIC_LEN bytes */
	size_t mic_offset;	 /* of the MIC from frame: EAPOL_MIC_OFF */
	uint16_t key_data_len;
	const uint8_t *key_data; /* key_data_len bytes */
};

/*
 * Parses an EAPOL-Key frame starting at its 802.1X header (the bytes after
 * LLC/SNAP). Checks, in order: the header (see eapol_parse_hdr), packet
 * type Key, the frame bound EAPOL_KEY_MAX_LEN, the fixed descriptor fits the
 * body, descriptor type RSN or WPA, key data fits the body. Bytes of the
 * body after the key data, and bytes after the body, are ignored.
 * Descriptor version and flags are not judged here (see eapol_classify and
 * eapol_verify_mic). *key is filled on EAPOL_OK only.
 */
enum eapol_verdict eapol_parse_key(const uint8_t *p, size_t len,
				   struct eapol_key *key);

static inline unsigned eapol_key_desc_version(const struct eapol_key *key)
{
	return key->info & EAPOL_KI_VERSION_MASK;
}

/* The MIC algorithm of the frame's own descriptor version; false for
 * version 0 (AKM-defined) and the reserved values 4-7. */
bool eapol_key_mic_alg(const struct eapol_key *key, enum crypto_mic_alg *alg);

enum eapol_msg {
	EAPOL_MSG_UNKNOWN = 0,
	EAPOL_MSG_M1,
	EAPOL_MSG_M2,
	EAPOL_MSG_M3,
	EAPOL_MSG_M4,
	EAPOL_MSG_G1,
	EAPOL_MSG_G2,
	EAPOL_MSG_REQUEST,
};

/*
 * Which handshake message a parsed frame is, from Key Information and the
 * key data length only (no state, no MIC check). The rule:
 *   Request set                           -> REQUEST (rekey, MIC failure)
 *   Error or SMK set without Request      -> UNKNOWN
 *   pairwise, Ack, no MIC                 -> M1
 *   pairwise, Ack, MIC, Install           -> M3
 *   pairwise, no Ack, MIC, key data > 0   -> M2
 *   pairwise, no Ack, MIC, key data == 0  -> M4
 *   group, Ack, MIC                       -> G1
 *   group, no Ack, MIC                    -> G2
 *   anything else                         -> UNKNOWN
 * M2 and M4 are told apart by key data alone: M2 always carries the
 * supplicant's RSN (or WPA) element, M4 carries none. The Secure bit cannot
 * decide (M4 of the first handshake has it, and so does M2 of a PTK rekey)
 * and neither can the nonce (some supplicants repeat the SNonce in M4).
 */
enum eapol_msg eapol_classify(const struct eapol_key *key);

/* "M1/4", "M2/4", ..., "G1/2", "G2/2", "request", "unknown". */
const char *eapol_msg_str(enum eapol_msg msg);

/* What eapol_build_key writes. NULL nonce, iv, rsc mean all zero. */
struct eapol_key_params {
	uint8_t version;   /* enum eapol_version */
	uint8_t desc_type; /* enum eapol_desc_type */
	uint16_t info;	   /* EAPOL_KI_* bits, with the descriptor version */
	uint16_t key_len;
	uint64_t replay_counter;
	const uint8_t *nonce;	 /* EAPOL_NONCE_LEN bytes or NULL */
	const uint8_t *iv;	 /* EAPOL_KEY_IV_LEN bytes or NULL */
	const uint8_t *rsc;	 /* EAPOL_KEY_RSC_LEN bytes or NULL */
	const uint8_t *key_data; /* already wrapped when encrypted */
	size_t key_data_len;	 /* at most EAPOL_KEY_DATA_MAX */
};

/*
 * Writes an EAPOL-Key frame (802.1X header onward, no LLC/SNAP) at p with
 * the MIC field zero: eapol_set_mic() fills it afterwards. NULL on overflow
 * of end, a version outside 1..3, a descriptor type other than RSN or WPA,
 * or key data over EAPOL_KEY_DATA_MAX.
 */
uint8_t *eapol_build_key(uint8_t *p, const uint8_t *end,
			 const struct eapol_key_params *kp);

/*
 * Computes the MIC of a frame eapol_build_key wrote (MIC field zeroed
 * first, crypto_eapol_mic over header + body) and writes it in place.
 * The frame must parse, have the Key MIC bit, and a descriptor version
 * that selects alg. ws is needed for AES-CMAC and may be NULL otherwise.
 */
enum eapol_verdict eapol_set_mic(struct crypto_ws *ws, enum crypto_mic_alg alg,
				 const uint8_t kck[CRYPTO_KCK_LEN],
				 uint8_t *frame, size_t len);

/*
 * Checks a received frame's MIC with alg and kck, in constant time, on a
 * stack copy: the caller's buffer is never written. EAPOL_OK,
 * EAPOL_BAD_NO_MIC_FLAG, EAPOL_BAD_DESC_VERSION (the frame's descriptor
 * version does not select alg: the AKM fixes it, 12.7.2 b.1),
 * EAPOL_BAD_MIC or EAPOL_BAD_CRYPTO (and EAPOL_BAD_TOO_LONG or
 * EAPOL_BAD_KEY_SHORT for a struct that eapol_parse_key did not fill).
 * ws as for eapol_set_mic.
 */
enum eapol_verdict eapol_verify_mic(struct crypto_ws *ws,
				    enum crypto_mic_alg alg,
				    const uint8_t kck[CRYPTO_KCK_LEN],
				    const struct eapol_key *key);

/* --- Key data: elements and KDEs (12.7.2, Table 12-9) ----------------- */

#define EAPOL_KDE_OUI_TYPE_LEN 4 /* OUI 00-0f-ac + data type */
#define EAPOL_GTK_MAX_LEN 32
#define EAPOL_IGTK_IPN_LEN 6

/* KDE data types with the OUI 00-0f-ac. */
enum eapol_kde_type {
	EAPOL_KDE_GTK = 1,
	EAPOL_KDE_MAC_ADDR = 3,
	EAPOL_KDE_PMKID = 4,
	EAPOL_KDE_NONCE = 6,
	EAPOL_KDE_LIFETIME = 7,
	EAPOL_KDE_ERROR = 8,
	EAPOL_KDE_IGTK = 9,
	EAPOL_KDE_KEY_ID = 10,
	EAPOL_KDE_OCI = 13,
	EAPOL_KDE_BIGTK = 14,
};

/* One item of key data: an element (RSN element 48, a vendor element...)
 * or a KDE (element 221 with OUI 00-0f-ac). */
struct eapol_kde {
	uint8_t id;	     /* element ID; 221 for KDEs */
	const uint8_t *elem; /* whole element, ID and length included */
	size_t elem_len;     /* 2 + its length octet */
	bool is_kde;	     /* 221, length >= 4, OUI 00-0f-ac */
	uint8_t kde_type;    /* enum eapol_kde_type when is_kde */
	const uint8_t *data; /* KDE: after the data type; else after length */
	size_t data_len;
};

struct eapol_kde_iter {
	const uint8_t *pos;
	const uint8_t *end;
	enum eapol_verdict bad; /* why the iteration stopped on EAPOL_KDE_BAD */
};

enum eapol_kde_step {
	EAPOL_KDE_ITEM, /* *out holds the next item */
	EAPOL_KDE_END,	/* clean end of key data */
	EAPOL_KDE_BAD,	/* malformed: it->bad says why */
};

void eapol_kde_iter_init(struct eapol_kde_iter *it, const uint8_t *kd,
			 size_t len);

/*
 * Yields the next item of key data. The end is clean when the bytes run
 * out, or when the rest is padding: 0xdd followed only by 0x00 octets (the
 * standard's padding, 12.7.2), or 0x00 followed only by 0x00 octets (what
 * some APs send; see vectors.md section 4). On EAPOL_KDE_BAD, it->bad says
 * why (EAPOL_BAD_KDE_LEN or EAPOL_BAD_KDE_PADDING) and further calls
 * return EAPOL_KDE_BAD again.
 */
enum eapol_kde_step eapol_kde_next(struct eapol_kde_iter *it,
				   struct eapol_kde *out);

/* A GTK as a GTK KDE carries it; key points into the KDE. */
struct eapol_gtk {
	unsigned key_id; /* 0..3 */
	bool tx;
	const uint8_t *key;
	size_t key_len; /* 5..EAPOL_GTK_MAX_LEN */
};

/* An IGTK as an IGTK KDE carries it (12.7.2, Figure 12-40). */
struct eapol_igtk {
	unsigned key_id;    /* 4 or 5 */
	const uint8_t *ipn; /* EAPOL_IGTK_IPN_LEN bytes, PN order */
	const uint8_t *key;
	size_t key_len; /* 16 or 32 */
};

/* Reads a GTK KDE yielded by eapol_kde_next: EAPOL_OK or
 * EAPOL_BAD_GTK_KDE. */
enum eapol_verdict eapol_kde_gtk(const struct eapol_kde *kde,
				 struct eapol_gtk *gtk);
/* Reads an IGTK KDE: EAPOL_OK or EAPOL_BAD_IGTK_KDE. */
enum eapol_verdict eapol_kde_igtk(const struct eapol_kde *kde,
				  struct eapol_igtk *igtk);

/* Finds the first GTK KDE of plaintext key data; its padding may be either
 * kind. EAPOL_OK, EAPOL_BAD_NO_GTK, or the iterator's or
 * eapol_kde_gtk's verdict. */
enum eapol_verdict eapol_find_gtk(const uint8_t *kd, size_t len,
				  struct eapol_gtk *gtk);

/* GTK KDE: key ID 0..3, Tx bit, a GTK of 5..32 bytes. */
uint8_t *eapol_put_gtk_kde(uint8_t *p, const uint8_t *end, unsigned key_id,
			   bool tx, const uint8_t *gtk, size_t gtk_len);
/* PMKID KDE. */
uint8_t *eapol_put_pmkid_kde(uint8_t *p, const uint8_t *end,
			     const uint8_t pmkid[CRYPTO_PMKID_LEN]);
/* IGTK KDE: key ID 4 or 5, 6-byte IPN, an IGTK of 16 or 32 bytes. */
uint8_t *eapol_put_igtk_kde(uint8_t *p, const uint8_t *end, unsigned key_id,
			    const uint8_t ipn[EAPOL_IGTK_IPN_LEN],
			    const uint8_t *igtk, size_t igtk_len);

/*
 * Pads the plaintext key data [start, p) for AES key wrap (12.7.2): when
 * it is shorter than 16 bytes or not a multiple of 8, appends 0xdd and then
 * 0x00 octets up to the next multiple of 8 that is at least 16. Returns the
 * new cursor, or NULL if the padding would pass end.
 */
uint8_t *eapol_pad_key_data(const uint8_t *start, uint8_t *p,
			    const uint8_t *end);

/*
 * Wraps len bytes of padded plaintext key data (a multiple of 8, >= 16,
 * as eapol_pad_key_data leaves it) with the KEK into out, which receives
 * len + EAPOL_WRAP_OVERHEAD bytes. Returns the new out cursor; NULL on a
 * bad length, an overflow of end, or a crypto failure. ws is required.
 */
uint8_t *eapol_wrap_key_data(struct crypto_ws *ws,
			     const uint8_t kek[CRYPTO_KEK_LEN],
			     const uint8_t *plain, size_t len, uint8_t *out,
			     const uint8_t *end);

/*
 * Unwraps the key data of a parsed M3 or G1 (RSN descriptor, Encrypted Key
 * Data bit set, descriptor version 2 or 3) into plain, which must hold
 * key_data_len - 8 bytes; *plain_len gets that count. Padding is left in
 * place (the KDE iterator ends on it). EAPOL_OK, EAPOL_BAD_NOT_ENCRYPTED,
 * EAPOL_BAD_DESC_VERSION, EAPOL_BAD_WRAP_LEN, EAPOL_BAD_BUFFER or
 * EAPOL_BAD_UNWRAP (plain is wiped then). ws is required.
 */
enum eapol_verdict eapol_unwrap_key_data(struct crypto_ws *ws,
					 const uint8_t kek[CRYPTO_KEK_LEN],
					 const struct eapol_key *key,
					 uint8_t *plain, size_t plain_size,
					 size_t *plain_len);

/* eapol_unwrap_key_data then eapol_find_gtk; gtk->key points into plain. */
enum eapol_verdict eapol_unwrap_gtk(struct crypto_ws *ws,
				    const uint8_t kek[CRYPTO_KEK_LEN],
				    const struct eapol_key *key, uint8_t *plain,
				    size_t plain_size, struct eapol_gtk *gtk);

#endif
