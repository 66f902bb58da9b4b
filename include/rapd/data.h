/*
 * data.h - the data plane of monitor-only mode: 802.11 data frames to and
 * from Ethernet frames (the TAP side), with CCMP, sequence numbers,
 * duplicate detection and replay checks done here, in user space.
 *
 * Contract
 * - Pure functions over caller buffers and caller-owned state: no threads,
 *   no I/O, no clock, no allocation, no global state.
 * - A struct data_sta belongs to the worker that owns the station; only it
 *   calls these functions on it (no lock). A struct data_group belongs to
 *   the one thread that sends group-addressed frames. Each caller passes
 *   its own struct crypto_ws (crypto.h).
 * - Ownership: the state holds key material (TK, GTK). The owner wipes it
 *   with data_sta_wipe() / data_group_wipe() before freeing it.
 * - Receive (station to AP): data_rx() takes an 802.11 MPDU (no radiotap,
 *   no FCS) from one station and returns an enum data_rx_verdict naming
 *   what it is or why it was refused. On DATA_RX_OK and DATA_RX_EAPOL the
 *   Ethernet frame is in the caller's buffer; any other verdict leaves no
 *   usable frame there. Station state (duplicate cache, replay counters)
 *   changes only on DATA_RX_OK and DATA_RX_EAPOL, so a forged or broken
 *   frame cannot move it.
 * - Transmit (AP to station, AP to the BSS): data_tx_unicast() and
 *   data_tx_group() take an Ethernet frame and write one 802.11 MPDU
 *   (no FCS) into out[0..end), which may not overlap the Ethernet frame,
 *   returning an enum data_tx_verdict. Sequence numbers and PNs are
 *   consumed only on DATA_TX_OK. Overflow of out is DATA_TX_NO_ROOM and
 *   writes nothing useful.
 * - PNs: a transmit PN is strictly increasing under one key and never
 *   reused; when the next one would pass 2^48 - 1 the builders refuse
 *   (DATA_TX_PN_EXHAUSTED) until a new key is installed. Re-installing the
 *   key already in use keeps every counter (a reinstalled key never
 *   restarts a PN).
 * - Retries: a frame sent again keeps its sequence number and PN;
 *   data_tx_set_retry() sets its Retry bit (outside the CCMP AAD, so the
 *   frame needs no new encryption).
 *
 * Clauses: IEEE Std 802.11-2020 9.2.4 (MAC header fields), 9.3.2 (data
 * frames, Table 9-30 address fields), 10.3.2.14 (duplicate detection),
 * Table 10-1 (UP-to-AC mappings), 12.5.3
 * (CCMP, 12.5.3.4.4 replay detection); IEEE Std 802.1H-1997 and RFC 1042
 * (LLC/SNAP encapsulation of Ethernet frames).
 */
#ifndef RAPD_DATA_H
#define RAPD_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/crypto.h>

#define DATA_TID_COUNT 16
/* Duplicate-detection and sequence-number slot of non-QoS data. */
#define DATA_SLOT_NONQOS DATA_TID_COUNT
#define DATA_SLOTS (DATA_TID_COUNT + 1)
#define DATA_PN_MAX 0xffffffffffffull /* 48-bit PN */
#define DATA_ETH_ALEN 6
#define DATA_ETH_HLEN 14 /* DA, SA, EtherType or 802.3 length */
#define DATA_LLC_SNAP_LEN 8
#define DATA_ETHERTYPE_EAPOL 0x888e
#define DATA_ETHERTYPE_MIN 0x0600 /* smaller values are 802.3 lengths */
#define DATA_8023_LEN_MAX 1500
#define DATA_MSDU_MAX 2304 /* 9.2.4.7.1: largest frame body */
/* Largest MPDU a builder writes: QoS header, the largest MSDU, CCMP. */
#define DATA_TX_MPDU_MAX                                                       \
	(24 + 2 + DATA_MSDU_MAX + CRYPTO_CCMP_HDR_LEN + CRYPTO_CCMP_MIC_LEN)

/* WMM access categories; the values are the ACI coding of the EDCA
 * Parameter Set element. */
enum data_ac {
	DATA_AC_BE = 0, /* best effort: priorities 0, 3 */
	DATA_AC_BK = 1, /* background: priorities 1, 2 */
	DATA_AC_VI = 2, /* video: priorities 4, 5 */
	DATA_AC_VO = 3, /* voice: priorities 6, 7 */
	DATA_AC_COUNT
};

/*
 * One station's data-plane state. Core sets the first block (with
 * data_sta_init and data_sta_set_tk, then the flags as the station's
 * state changes); the counters below it are this module's.
 */
struct data_sta {
	uint8_t addr[DATA_ETH_ALEN];
	bool rsn;	 /* the BSS is RSN: data is CCMP-protected */
	bool wmm;	 /* the station negotiated WMM: QoS data to it */
	bool authorized; /* port open: data other than EAPOL passes */
	bool tk_set;	 /* tk holds the installed pairwise key */
	uint8_t tk[CRYPTO_TK_LEN];
	/* Transmit: last PN sent under tk (0: none yet); next sequence
	 * number per TID, [DATA_SLOT_NONQOS] for non-QoS data. */
	uint64_t tx_pn;
	uint16_t tx_seq[DATA_SLOTS];
	/* Receive: Sequence Control of the last frame accepted per slot
	 * (valid where bit slot of rx_seq_valid is set), and the last PN
	 * accepted per TID (non-QoS data counts as TID 0). */
	uint32_t rx_seq_valid;
	uint16_t rx_seq_ctl[DATA_SLOTS];
	uint64_t rx_pn[DATA_TID_COUNT];
};

/* The BSS's group-addressed transmit state. */
struct data_group {
	bool rsn;	/* group frames are CCMP-protected with the GTK */
	bool gtk_set;	/* gtk and key_id hold the installed GTK */
	uint8_t key_id; /* 1..3 */
	uint8_t gtk[CRYPTO_TK_LEN];
	uint64_t tx_pn;	 /* last PN sent under gtk, the RSC to announce */
	uint16_t tx_seq; /* next sequence number of group frames */
};

/* What installing a key did. */
enum data_key_verdict {
	DATA_KEY_INSTALLED,  /* a new key: its PN counters start afresh */
	DATA_KEY_SAME,	     /* the key in use again: counters kept */
	DATA_KEY_BAD_KEY_ID, /* a group key ID other than 1..3 */
};

/* A fresh station: no key, not authorized, every counter zero. */
void data_sta_init(struct data_sta *sta, const uint8_t addr[DATA_ETH_ALEN],
		   bool rsn, bool wmm);
/* Installs the station's TK (12.7.6: the authenticator does on M4). */
enum data_key_verdict data_sta_set_tk(struct data_sta *sta,
				      const uint8_t tk[CRYPTO_TK_LEN]);
/* Wipes the whole struct (crypto_wipe), keys included. */
void data_sta_wipe(struct data_sta *sta);

void data_group_init(struct data_group *g, bool rsn);
/* Installs a GTK with its key ID (1..3). */
enum data_key_verdict data_group_set_gtk(struct data_group *g,
					 const uint8_t gtk[CRYPTO_TK_LEN],
					 unsigned key_id);
void data_group_wipe(struct data_group *g);

/* --- Receive --------------------------------------------------------- */

/* What data_rx() made of a frame, in the order it checks. */
enum data_rx_verdict {
	DATA_RX_OK,		/* data for the TAP or the BSS: in out */
	DATA_RX_EAPOL,		/* an 802.1X frame (88-8e): in out, for the
				 * authenticator, protected or not */
	DATA_RX_NULL,		/* Null or QoS Null: no data, PM bit only */
	DATA_RX_TRUNCATED,	/* shorter than its header or CCMP fields */
	DATA_RX_NOT_DATA,	/* not a version-0 data frame */
	DATA_RX_BAD_SUBTYPE,	/* a reserved or CF-Poll/CF-Ack subtype */
	DATA_RX_NOT_TODS,	/* To DS clear (From DS, or no DS bits) */
	DATA_RX_WDS,		/* To DS and From DS: 4 addresses */
	DATA_RX_NOT_OUR_BSS,	/* receiver (addr1) is not the BSSID */
	DATA_RX_WRONG_STA,	/* transmitter (addr2) is not sta */
	DATA_RX_FRAGMENT,	/* fragmented: rapd does not reassemble */
	DATA_RX_AMSDU,		/* A-MSDU: rapd does not deaggregate */
	DATA_RX_DUPLICATE,	/* Retry set, same seq/frag as the last */
	DATA_RX_NO_KEY,		/* protected, but no TK installed */
	DATA_RX_DECRYPT_FAILED, /* CCMP MIC check failed (or no ExtIV) */
	DATA_RX_REPLAY,		/* PN not above the TID's last one */
	DATA_RX_UNPROTECTED,	/* cleartext non-EAPOL data from a station
				 * that must protect it */
	DATA_RX_UNAUTHORIZED,	/* non-EAPOL data before the port opened */
	DATA_RX_OVERSIZE,	/* a non-SNAP MSDU over 1500 octets: no
				 * 802.3 length can carry it */
	DATA_RX_NO_ROOM,	/* out too small (out_cap >= len is enough) */
	DATA_RX_VERDICT_COUNT
};

/* What data_rx() learnt of the frame besides the verdict. */
struct data_rx_info {
	bool pm;	/* Power Management bit; trust it on OK, EAPOL and
			 * NULL verdicts only */
	bool null_func; /* a Null or QoS Null frame */
	bool retry;
	bool protected; /* the Protected bit was set */
	int tid;	/* 0..15 for QoS subtypes, -1 otherwise */
	uint16_t seq;
	uint64_t pn;	/* the frame's PN once it decrypted */
	size_t eth_len; /* bytes of the Ethernet frame in out */
};

/*
 * Receives one data frame from sta (looked up by the frame's addr2)
 * through the BSS bssid: header checks, duplicate check, CCMP decryption
 * with sta->tk, replay check, then 802.11 to Ethernet into out[0..out_cap):
 * DA = addr3, SA = addr2; an RFC 1042 or bridge-tunnel LLC/SNAP header is
 * replaced by its EtherType (802.1H: AARP and IPX under RFC 1042 keep
 * theirs), anything else becomes an 802.3 length frame. info is filled as
 * far as the checks went. out may not overlap frame. ws may be NULL when
 * no frame is protected (a protected one is then DATA_RX_DECRYPT_FAILED).
 */
enum data_rx_verdict data_rx(struct crypto_ws *ws, struct data_sta *sta,
			     const uint8_t bssid[DATA_ETH_ALEN],
			     const uint8_t *frame, size_t len, uint8_t *out,
			     size_t out_cap, struct data_rx_info *info);

/* Where a received Ethernet frame goes, by its DA. */
enum data_dest {
	DATA_DEST_LOCAL,   /* the AP's own address: the TAP only */
	DATA_DEST_UNICAST, /* another station of the BSS (core looks the
			    * DA up) or, when none has it, the TAP */
	DATA_DEST_GROUP,   /* group addressed: the TAP and the BSS */
};

/* The destination of an Ethernet frame of len octets (DA first) for an
 * AP whose own address is own; DATA_DEST_LOCAL when len < 6. */
enum data_dest data_dest_of(const uint8_t *eth, size_t len,
			    const uint8_t own[DATA_ETH_ALEN]);

/* --- Transmit -------------------------------------------------------- */

enum data_tx_verdict {
	DATA_TX_OK,
	DATA_TX_TRUNCATED,     /* Ethernet frame shorter than its header */
	DATA_TX_BAD_LENGTH,    /* an 802.3 length over the frame, or in
				* 1501..1535 (neither length nor type) */
	DATA_TX_TOO_LONG,      /* MSDU over 2304 octets */
	DATA_TX_WRONG_STA,     /* unicast DA is not the station */
	DATA_TX_NOT_GROUP,     /* data_tx_group() given a unicast DA */
	DATA_TX_UNAUTHORIZED,  /* non-EAPOL data before the port opened */
	DATA_TX_NO_KEY,	       /* protection needed, no key installed */
	DATA_TX_PN_EXHAUSTED,  /* the next PN would pass 2^48 - 1 */
	DATA_TX_NO_ROOM,       /* out too small (DATA_TX_MPDU_MAX is enough) */
	DATA_TX_CRYPTO_FAILED, /* the crypto module failed */
	DATA_TX_VERDICT_COUNT
};

/* What a builder wrote. */
struct data_tx_info {
	size_t len;	 /* MPDU octets written at out */
	int tid;	 /* 0..7 for QoS data, -1 for non-QoS */
	enum data_ac ac; /* core's queue: the TID's, BE for non-QoS */
	uint16_t seq;
	bool protected; /* CCMP-protected */
	bool eapol;	/* an 802.1X frame (88-8e) */
	uint64_t pn;	/* when protected */
};

/*
 * 802.1D user priority (0..7) of an Ethernet frame, as Linux's
 * cfg80211_classify8021d() without a QoS map: IPv4 TOS >> 5, IPv6 traffic
 * class >> 5, 0 for anything else (or a header too short to read).
 */
unsigned data_8021d_priority(const uint8_t *eth, size_t len);
/* The access category of a TID (Table 10-1; TIDs 8..15 as tid & 7). */
enum data_ac data_tid_ac(unsigned tid);

/*
 * An Ethernet frame to sta: From DS, addr1 = sta, addr2 = bssid, addr3 =
 * SA. QoS data with the TID of its 802.1D priority when
 * sta->wmm, else Data; the next sequence number of that TID; CCMP with
 * sta->tk, the next PN and key ID 0 once a TK is set. Before that only
 * EAPOL goes, in the clear; nothing but EAPOL goes before sta->authorized.
 */
enum data_tx_verdict data_tx_unicast(struct crypto_ws *ws, struct data_sta *sta,
				     const uint8_t bssid[DATA_ETH_ALEN],
				     const uint8_t *eth, size_t eth_len,
				     uint8_t *out, const uint8_t *end,
				     struct data_tx_info *info);

/*
 * A group-addressed Ethernet frame to the BSS: From DS, addr1 = DA, addr2
 * = bssid, addr3 = SA, non-QoS Data with the group sequence number; CCMP
 * with the GTK, its key ID and the next group PN when g->rsn.
 */
enum data_tx_verdict data_tx_group(struct crypto_ws *ws, struct data_group *g,
				   const uint8_t bssid[DATA_ETH_ALEN],
				   const uint8_t *eth, size_t eth_len,
				   uint8_t *out, const uint8_t *end,
				   struct data_tx_info *info);

/* Sets the Retry bit of an MPDU being sent again (same sequence number,
 * same PN); false when len is shorter than a data header. */
bool data_tx_set_retry(uint8_t *mpdu, size_t len);
/* Sets or clears More Data (more frames buffered for a dozing station);
 * outside the CCMP AAD too. false when len is too short. */
bool data_tx_set_more_data(uint8_t *mpdu, size_t len, bool more);

const char *data_rx_verdict_name(enum data_rx_verdict v);
const char *data_tx_verdict_name(enum data_tx_verdict v);
const char *data_ac_name(enum data_ac ac);

#endif
