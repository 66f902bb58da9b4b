/*
 * wpa_auth.h - the WPA2-PSK authenticator: the 4-way handshake and the
 * group key handshake run by the access point for each station, and the
 * GTK the access point hands out.
 *
 * Contract
 * - Pure state machines, OpenBSD net80211 style: one function per message
 *   and direction (eapol_send_m1, eapol_recv_m2, eapol_send_m3,
 *   eapol_recv_m4, eapol_send_g1, eapol_recv_g2), one dispatcher
 *   (wpa_auth_rx_eapol), one timer function (wpa_auth_timeout). Every
 *   eapol_recv_* checks, in this order: expected state, replay counter,
 *   then derives into a local PTK, checks the MIC, commits to the
 *   station, and builds the next message. Keys are never committed before
 *   the MIC verified.
 * - No clock, no I/O, no allocation: each call takes `now` (ns) and writes
 *   frames and events into the caller's struct ap_out (see ap.h). The
 *   station (struct ap_sta, which embeds struct wpa_sta) belongs to the
 *   calling worker; the struct ap_ctx is that worker's own.
 * - Returns enum ap_verdict (ap.h): AP_OK or the reason a frame was
 *   dropped. A dropped message changes nothing but counters; the
 *   retransmission timer goes on.
 * - Secrets (PTK, GTK, nonces) are wiped with crypto_wipe by wpa_sta_reset
 *   and ap_sta_wipe, and by ap_ctx_wipe for the GMK and GTK.
 * - Include order: this header and ap.h include each other; either may be
 *   included first.
 *
 * Clauses: IEEE Std 802.11-2020 12.7.1.3 (pairwise key hierarchy),
 * 12.7.1.4 (group key hierarchy), 12.7.2 (EAPOL-Key frames), 12.7.6
 * (4-way handshake), 12.7.7 (group key handshake), 12.7.10 (authenticator
 * key management state machines: 4-way handshake and group key handshake,
 * per station). Timers and retry counts: hostapd's (interop.md 1.5).
 */
#ifndef RAPD_WPA_AUTH_H
#define RAPD_WPA_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/crypto.h>
#include <rapd/eapol.h>

#define WPA_GMK_LEN 32
#define WPA_GTK_LEN 16			     /* CCMP-128 group cipher */
#define WPA_EAPOL_VERSION EAPOL_VERSION_2004 /* hostapd's eapol_version */

/* Retransmission timers (hostapd: eapol_key_timeout_first/_subseq and
 * eapol_key_timeout_first_group). */
#define WPA_TIMEOUT_FIRST_NS 100000000ull	/* 100 ms */
#define WPA_TIMEOUT_GROUP_FIRST_NS 500000000ull /* 500 ms */
#define WPA_TIMEOUT_NEXT_NS 1000000000ull	/* 1 s */

/*
 * Authenticator state machine: 4-way handshake, per station (12.7.10,
 * the PTK states of the authenticator's figure; rapd keeps the states a
 * station can be seen in between two calls, plus PTKCALCNEGOTIATING,
 * which lives only inside eapol_recv_m2 between the MIC check and M3).
 */
enum wpa_ptk_state {
	WPA_PTK_INITIALIZE,	    /* no handshake: not associated (yet) */
	WPA_PTK_PTKSTART,	    /* M1 sent, waiting for M2 */
	WPA_PTK_PTKCALCNEGOTIATING, /* M2's MIC verified, PTK derived */
	WPA_PTK_PTKINITNEGOTIATING, /* M3 sent, waiting for M4 */
	WPA_PTK_PTKINITDONE,	    /* PTK installed, port authorized */
};

/* Authenticator state machine: group key handshake, per station (12.7.10,
 * the group states; KEYERROR ends in a deauthentication, so it is never
 * seen between calls). */
enum wpa_group_state {
	WPA_GROUP_IDLE,		    /* no group handshake running */
	WPA_GROUP_REKEYNEGOTIATING, /* G1 sent, waiting for G2 */
	WPA_GROUP_REKEYESTABLISHED, /* the station has the current GTK */
};

/*
 * The group key of one epoch. Every worker derives the same one from the
 * GMK and the epoch (wpa_group_derive), so no state is shared.
 */
struct wpa_group {
	uint32_t epoch; /* rekey counter, from core */
	uint8_t key_id; /* 1 or 2, alternating with the epoch */
	uint8_t gtk[WPA_GTK_LEN];
	uint8_t gnonce[EAPOL_NONCE_LEN];
};

/* Per-station authenticator state (embedded in struct ap_sta). */
struct wpa_sta {
	enum wpa_ptk_state ptk_state;
	enum wpa_group_state group_state;
	uint32_t akm;		     /* one RSN_AKM_* bit */
	enum crypto_mic_alg mic_alg; /* by AKM: SHA-1 (2) or AES-CMAC (6) */
	enum crypto_hash kdf;	     /* by AKM: PRF-SHA1 or KDF-SHA256 */
	uint64_t replay_counter;     /* of the last EAPOL-Key frame sent */
	uint64_t first_m1_replay;    /* of this handshake's first M1 */
	uint64_t first_m3_replay;    /* of its first M3 */
	uint32_t handshake_no;	     /* 4-way handshakes started, 1.. */
	uint8_t anonce[EAPOL_NONCE_LEN];
	uint8_t snonce[EAPOL_NONCE_LEN];
	struct crypto_ptk ptk; /* committed after M2's MIC */
	bool ptk_installed;    /* after M4: core installed the TK */
	uint32_t sent_epoch;   /* epoch of the GTK in the last M3 or G1 */
	uint32_t group_epoch;  /* group epoch the station holds */
	bool has_group;	       /* group_epoch is meaningful */
	unsigned sends;	       /* copies of the pending message sent */
	unsigned mic_failures; /* bad MICs in this handshake */
	uint64_t deadline;     /* next retransmission, 0 = none */
};

/* Needs the types above; ap.h includes this header in turn. */
#include <rapd/ap.h>

struct ap_ctx;
struct ap_sta;
struct ap_out;

/*
 * GTK = PRF-128(GMK, "Group key expansion", AA || GNonce) (12.7.1.4) with
 * GNonce = 24 zero octets || epoch as a big-endian 64-bit number, the
 * counter core keeps; key ID 1 for even epochs, 2 for odd ones. The PRF
 * is PRF-SHA1 whatever the stations' AKM: no station derives a GTK, the
 * AP only needs one value for all of them. gmk is a prepared CRYPTO_SHA1
 * key. 0, or -1 (g wiped) on a crypto failure.
 */
int wpa_group_derive(const struct crypto_hmac_key *gmk, const uint8_t aa[6],
		     uint32_t epoch, struct wpa_group *g);

/*
 * Sets the authenticator up for a station that has just associated with
 * the RSN selection of its (Re)Association Request (akm one RSN_AKM_*
 * bit); its RSN element is in sta->rsn_ie. Stops a handshake in progress
 * and wipes the PTK; keeps the replay counter, which never goes back for
 * a station.
 */
void wpa_sta_setup(struct wpa_sta *w, uint32_t akm);
/* Stops every handshake and wipes nonces and keys; keeps the replay
 * counter and the handshake count. */
void wpa_sta_reset(struct wpa_sta *w);

/* The association was ACKed (or EAPOL-Start came): starts a 4-way
 * handshake with a fresh ANonce, sending M1. */
enum ap_verdict wpa_auth_start(struct ap_ctx *ctx, struct ap_sta *sta,
			       uint64_t now, struct ap_out *out);

/*
 * One 802.1X frame from an associated station of an RSN BSS (the bytes
 * after LLC/SNAP, cleartext). EAPOL-Start restarts the 4-way handshake
 * when none runs; EAPOL-Key frames go to eapol_recv_m2/m4 or
 * eapol_recv_g2 by eapol_classify(); everything else is dropped.
 */
enum ap_verdict wpa_auth_rx_eapol(struct ap_ctx *ctx, struct ap_sta *sta,
				  const uint8_t *p, size_t len, uint64_t now,
				  struct ap_out *out);

/* Retransmission timer (sta->wpa.deadline <= now): resends M1, M3 or G1,
 * or deauthenticates at the retry cap (reason 15, or 16 for the group
 * key handshake; AP-STA-POSSIBLE-PSK-MISMATCH when M2s with a bad MIC
 * came). */
enum ap_verdict wpa_auth_timeout(struct ap_ctx *ctx, struct ap_sta *sta,
				 uint64_t now, struct ap_out *out);

/* The messages (wpa_auth_ptk.c, wpa_auth_group.c). send_* build the next
 * copy of a message with a new replay counter and arm the timer;
 * recv_* take a frame eapol_parse_key() accepted. */
enum ap_verdict eapol_send_m1(struct ap_ctx *ctx, struct ap_sta *sta,
			      uint64_t now, struct ap_out *out);
enum ap_verdict eapol_recv_m2(struct ap_ctx *ctx, struct ap_sta *sta,
			      const struct eapol_key *key, uint64_t now,
			      struct ap_out *out);
enum ap_verdict eapol_send_m3(struct ap_ctx *ctx, struct ap_sta *sta,
			      uint64_t now, struct ap_out *out);
enum ap_verdict eapol_recv_m4(struct ap_ctx *ctx, struct ap_sta *sta,
			      const struct eapol_key *key, uint64_t now,
			      struct ap_out *out);
enum ap_verdict eapol_send_g1(struct ap_ctx *ctx, struct ap_sta *sta,
			      uint64_t now, struct ap_out *out);
enum ap_verdict eapol_recv_g2(struct ap_ctx *ctx, struct ap_sta *sta,
			      const struct eapol_key *key, uint64_t now,
			      struct ap_out *out);

/* --- Between wpa_auth_ptk.c and wpa_auth_group.c (not for core) ------- */

/* Writes an EAPOL-Key frame to the station into out: data frame, LLC/SNAP,
 * kp's fields, the MIC by the station's AKM when kp->info has Key MIC.
 * kp->key_data is the plaintext key data; with EAPOL_KI_ENC_KEY_DATA it
 * is padded and wrapped with the KEK here. */
enum ap_verdict wpa_auth_send_key(struct ap_ctx *ctx, struct ap_sta *sta,
				  struct eapol_key_params *kp,
				  enum ap_frame_kind kind, struct ap_out *out);
/* Key descriptor version of the station's AKM (12.7.2 b.1): 2 or 3. */
uint16_t wpa_desc_version(const struct wpa_sta *w);
/* The Key RSC of M3 and G1: the GTK's next transmit PN, PN0 first. */
void wpa_gtk_rsc(const struct ap_ctx *ctx, uint8_t rsc[EAPOL_KEY_RSC_LEN]);
/* Replay counter of the next EAPOL-Key frame (never reused). */
uint64_t wpa_next_replay(struct wpa_sta *w);
/* Arms the retransmission timer after a send: first or next interval. */
void wpa_arm_timer(struct ap_ctx *ctx, struct ap_sta *sta, uint64_t now,
		   uint64_t first_ns);
/* Starts a group key handshake with the current GTK (wpa_auth_group.c):
 * G1 with a fresh retry count. */
enum ap_verdict wpa_group_start(struct ap_ctx *ctx, struct ap_sta *sta,
				uint64_t now, struct ap_out *out);
/* Group handshake timer (wpa_auth_group.c). */
enum ap_verdict wpa_group_timeout(struct ap_ctx *ctx, struct ap_sta *sta,
				  uint64_t now, struct ap_out *out);

#endif
