/*
 * ap.h - the access point's MLME: per-station state machines for
 * authentication, (re)association, deauthentication and disassociation,
 * frame class filtering, inactivity, and the authenticator's entry points
 * (wpa_auth.h); beacons and probe responses.
 *
 * Contract
 * - Pure: no threads, no I/O, no clock, no allocation. Every call takes
 *   `now` (ns, the logical time of its cause) and writes what must go out
 *   into a caller-supplied struct ap_out: frames (802.11 MAC frames, no
 *   radiotap, no FCS) in its arena, events, and out->sta_action. Output
 *   frames get the time of their cause; their order in out is the order to
 *   send them.
 * - A struct ap_ctx belongs to one worker, with its struct crypto_ws. A
 *   struct ap_sta belongs to the worker that owns its shard: only it calls
 *   these functions on it. struct bss is read-only and shared.
 * - Returns: enum ap_verdict, AP_OK (handled, answers in out), AP_PASS_DATA
 *   (deliver the data frame), or AP_DROP_* naming why the frame was
 *   dropped (core counts them by verdict; some drops are answered, e.g.
 *   class 2/3 frames with a deauthentication, and say so).
 * - Stations: a worker that has no station for a frame's transmitter calls
 *   ap_rx_nosta(), except when ap_creates_sta() says the frame can create
 *   one (an Authentication frame): it then takes a zeroed struct ap_sta,
 *   ap_sta_init()s it and calls ap_rx_mgmt(). After each call:
 *     out->sta_action == AP_ACT_INSERT  insert the (fresh) station;
 *     out->sta_action == AP_ACT_KEEP    nothing to do;
 *     out->sta_action == AP_ACT_REMOVE  the station is gone: remove it
 *       from the table if it is there and free it (it holds no AID, no
 *       count, no key any more). A fresh station never gets KEEP.
 *   sta->deadline is the next time ap_timeout() must be called (0: none);
 *   the worker re-reads it after every call on that station.
 * - Keys: with AP_EV_4WAY_COMPLETED (after AP_EV_STA_CONNECTED the first
 *   time) sta->wpa.ptk holds the new PTK: core installs its TK before it
 *   opens the port, and ctx->group holds the GTK. Core keeps its own copy
 *   of the installed TK: sta->wpa.ptk changes at M2 of a later handshake
 *   (EAPOL-Start), while the old TK still protects frames to the station
 *   (the EAPOL frames of that handshake included, sent protected by core).
 *   Core wipes a station with ap_sta_wipe() before freeing it.
 * - Sequence numbers: unicast frames to a known station carry its own
 *   counter (sta->tx_seq); frames flagged AP_FRAME_F_TX_SEQ (answers to
 *   unknown stations) carry 0 and core numbers them (rapd: a counter per
 *   shard of the receiver, so replay reproduces them).
 *
 * Clauses: IEEE Std 802.11-2020 11.1.4.3 (probe responses), 11.3
 * (authentication and association: 11.3.1 states, 11.3.3 frame filtering
 * by state and class, 11.3.5 association procedures), 12.3.3.2 (Open
 * System authentication), 9.3.3 (management frame bodies); hostapd's
 * behaviour where the standard leaves a choice (interop.md 1.2, 1.5).
 */
#ifndef RAPD_AP_H
#define RAPD_AP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/bss.h>
#include <rapd/crypto.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>

#define AP_NS_PER_MS 1000000ull
#define AP_NS_PER_S 1000000000ull
/* A (Re)Association Response whose TX status has not come back by then
 * counts as not acknowledged. */
#define AP_TX_STATUS_TIMEOUT_NS (2 * AP_NS_PER_S)

/* What happened to a frame given to mlme. */
enum ap_verdict {
	AP_OK,			    /* handled: answers, events in out */
	AP_PASS_DATA,		    /* an authorized station's data */
	AP_DROP_NOT_OUR_BSS,	    /* receiver or BSSID not ours */
	AP_DROP_GROUP_SA,	    /* transmitter is a group address */
	AP_DROP_DUPLICATE,	    /* retry of the last one (10.3.2.14) */
	AP_DROP_WRONG_STA,	    /* transmitter is not sta (caller bug) */
	AP_DROP_BAD_ELEMENTS,	    /* element area malformed */
	AP_DROP_UNHANDLED,	    /* a subtype rapd does not handle */
	AP_DROP_NEEDS_STA,	    /* Authentication given to ap_rx_nosta */
	AP_DROP_PROBE_SSID,	    /* probe for another SSID, or no SSID */
	AP_DROP_PROBE_HIDDEN,	    /* wildcard probe, hidden SSID */
	AP_DROP_PROBE_CHANNEL,	    /* probe sent on another channel */
	AP_DROP_CLASS2_NOT_AUTH,    /* class 2 from a station not
				     * authenticated: deauth reason 6 sent */
	AP_DROP_CLASS3_NOT_ASSOC,   /* class 3 from a station not associated:
				     * deauth or disassoc reason 7 sent */
	AP_DROP_NOT_ASSOCIATED,	    /* Disassociation, not associated */
	AP_DROP_ASSOC_PENDING,	    /* class 3 frame before the assoc
				     * response's TX status */
	AP_DROP_NOT_TODS,	    /* data frame not To DS only */
	AP_DROP_PROTECTED,	    /* still encrypted: core decrypts first */
	AP_DROP_PORT_CLOSED,	    /* data other than EAPOL before the
				     * 4-way handshake completed */
	AP_DROP_TX_STATUS_STALE,    /* TX status of nothing awaited */
	AP_DROP_OUT_FULL,	    /* struct ap_out too small: nothing sent */
	AP_DROP_EAPOL_NO_RSN,	    /* EAPOL in an open BSS */
	AP_DROP_EAPOL_MALFORMED,    /* the EAPOL codec refused the frame */
	AP_DROP_EAPOL_IGNORED,	    /* EAP, Logoff: unused with PSK */
	AP_DROP_EAPOL_START_BUSY,   /* EAPOL-Start during a handshake */
	AP_DROP_EAPOL_UNKNOWN_MSG,  /* Key Information of no message */
	AP_DROP_EAPOL_REQUEST,	    /* EAPOL-Key Request: not supported */
	AP_DROP_EAPOL_UNEXPECTED,   /* message not expected in this state */
	AP_DROP_EAPOL_REPLAY,	    /* counter of no message sent */
	AP_DROP_EAPOL_DESC_VERSION, /* descriptor version not the AKM's */
	AP_DROP_EAPOL_BAD_MIC,	    /* bad MIC: the timer resends */
	AP_DROP_EAPOL_RSNE_DIFFERS, /* M2's RSNE differs: deauth 17 sent */
	AP_DROP_CRYPTO,		    /* the crypto module failed */
	AP_DROP_NO_NONCE,	    /* the nonce source failed: deauth sent */
	AP_VERDICT_COUNT
};

/* What out->sta_action asks of the worker (see the contract above). */
enum ap_sta_action {
	AP_ACT_KEEP,
	AP_ACT_INSERT,
	AP_ACT_REMOVE,
};

/* Station states (11.3.1), with the wait for the association response's
 * TX status split out of State 2. */
enum ap_sta_state {
	AP_STA_NEW,	      /* fresh, not in the table: State 1 */
	AP_STA_AUTH,	      /* State 2: authenticated, not associated */
	AP_STA_ASSOC_PENDING, /* State 2, successful (Re)Association
			       * Response sent, its TX status awaited */
	AP_STA_ASSOC,	      /* State 3: associated, RSNA not done */
	AP_STA_AUTHORIZED,    /* State 4: associated, port open */
	AP_STA_GONE,	      /* removed (AP_ACT_REMOVE was returned) */
};

/* The kind of an output frame, so TX status can be matched. */
enum ap_frame_kind {
	AP_FRAME_AUTH,
	AP_FRAME_ASSOC_RESP,
	AP_FRAME_REASSOC_RESP,
	AP_FRAME_PROBE_RESP,
	AP_FRAME_DEAUTH,
	AP_FRAME_DISASSOC,
	AP_FRAME_EAPOL_M1,
	AP_FRAME_EAPOL_M3,
	AP_FRAME_EAPOL_G1,
};

#define AP_FRAME_F_NEEDS_ACK 0x01 /* unicast: send with ACK, report status */
#define AP_FRAME_F_TX_SEQ 0x02	  /* core writes the sequence number */
#define AP_FRAME_F_EAPOL                                                       \
	0x04 /* data frame carrying EAPOL (nl80211:                            \
	      * send over the control port) */

enum ap_event_kind {
	AP_EV_STA_ASSOCIATED,	 /* entered State 3 (kernel station) */
	AP_EV_STA_DISASSOCIATED, /* left State 3/4 (core: kernel station) */
	AP_EV_STA_CONNECTED,	 /* AP-STA-CONNECTED: authorized */
	AP_EV_STA_DISCONNECTED,	 /* AP-STA-DISCONNECTED: no longer */
	AP_EV_4WAY_COMPLETED,	 /* EAPOL-4WAY-HS-COMPLETED */
	AP_EV_PSK_MISMATCH,	 /* AP-STA-POSSIBLE-PSK-MISMATCH */
	AP_EV_REJECTED_MAX_STA,	 /* AP-REJECTED-MAX-STA */
};

struct ap_event {
	enum ap_event_kind kind;
	uint8_t addr[6];
	uint16_t code; /* AID, reason code, or 0 */
};

struct ap_frame {
	uint16_t off; /* in out->arena */
	uint16_t len;
	enum ap_frame_kind kind;
	unsigned flags; /* AP_FRAME_F_* */
};

/* No call emits more than 2 frames or 4 events: the maxima leave room. */
#define AP_OUT_FRAMES_MAX 4
#define AP_OUT_EVENTS_MAX 6
#define AP_OUT_ARENA_SIZE (BSS_BEACON_MAX + 1024)

/* What one call produced. ap_out_reset() before each call. */
struct ap_out {
	enum ap_sta_action sta_action;
	unsigned n_frames;
	unsigned n_events;
	size_t used; /* arena octets taken */
	struct ap_frame frame[AP_OUT_FRAMES_MAX];
	struct ap_event event[AP_OUT_EVENTS_MAX];
	uint8_t arena[AP_OUT_ARENA_SIZE];
};

#include <rapd/wpa_auth.h> /* struct wpa_sta; needs enum ap_verdict */

/* Everything mlme keeps about one station. */
struct ap_sta {
	uint8_t addr[6];
	uint8_t shard; /* given to aid_alloc */
	enum ap_sta_state state;
	uint16_t aid;	   /* 1..2007 while it holds one, else 0 */
	uint16_t auth_alg; /* WLAN_AUTH_OPEN */
	bool counted;	   /* holds one of bss->max_sta places */
	/* From the last accepted (Re)Association Request */
	bool reassoc;
	uint16_t capab;
	uint16_t listen_int;
	struct ie_rateset rates;
	bool ht;
	struct ie_ht_capab ht_capab;
	bool wmm;
	uint8_t rsn_ie[BSS_RSN_IE_MAX]; /* its RSN element, ID and Length */
	uint16_t rsn_ie_len;
	struct wpa_sta wpa;
	/* Duplicate detection of management frames (10.3.2.14) */
	bool have_rx_seq;
	uint16_t rx_seq_ctl; /* Sequence Control of its last one */
	/* Frames to it and timers */
	uint16_t tx_seq;	 /* next sequence number */
	uint16_t assoc_resp_seq; /* of the response whose status we await */
	uint64_t last_activity;	 /* last frame from it */
	uint64_t assoc_time;	 /* when it entered State 3 */
	uint64_t tx_status_deadline;
	uint64_t deadline; /* min of the timers; 0 = none */
};

/* The worker's services, passed per instance (no globals). */
struct ap_ops {
	/* An AID for a station of shard (the lowest free one of the shard's
	 * class first), or 0 when none is free. */
	uint16_t (*aid_alloc)(void *arg, unsigned shard);
	void (*aid_free)(void *arg, uint16_t aid);
	/* Takes one of max station places; false when all are taken. */
	bool (*sta_count_inc)(void *arg, unsigned max);
	void (*sta_count_dec)(void *arg);
	/* macaddr_acl decision; NULL accepts everyone. */
	bool (*acl_allows)(void *arg, const uint8_t mac[6]);
	/* ANonce of the station's handshake_no-th 4-way handshake
	 * (getrandom, or the seeded per-station stream). 0 or -1. */
	int (*nonce)(void *arg, const uint8_t sta[6], uint32_t handshake_no,
		     uint8_t out[32]);
	/* The GTK's current transmit PN, for the Key RSC of M3 and G1;
	 * NULL means 0 (a fresh GTK). */
	uint64_t (*gtk_rsc)(void *arg, unsigned key_id);
};

/* One per worker. */
struct ap_ctx {
	const struct bss *bss;
	struct crypto_ws *ws;
	const struct ap_ops *ops;
	void *arg;
	struct crypto_hmac_key gmk; /* prepared GMK, secret */
	struct wpa_group group;	    /* the current GTK */
};

/*
 * Sets ctx up. gmk is the group master key (random, or from the seed: the
 * same in every worker) and epoch the current group rekey counter; the
 * GTK of that epoch is derived. 0, or -1 on a crypto failure.
 */
int ap_ctx_init(struct ap_ctx *ctx, const struct bss *bss, struct crypto_ws *ws,
		const struct ap_ops *ops, void *arg,
		const uint8_t gmk[WPA_GMK_LEN], uint32_t epoch);
/* A new group epoch (wpa_group_rekey): derives its GTK; then the worker
 * calls ap_rekey_group() for each of its stations. 0 or -1. */
int ap_ctx_set_epoch(struct ap_ctx *ctx, uint32_t epoch);
void ap_ctx_wipe(struct ap_ctx *ctx);

/* A fresh station: state AP_STA_NEW, last activity now. */
void ap_sta_init(struct ap_sta *sta, const uint8_t addr[6], unsigned shard,
		 uint64_t now);
/* Wipes keys and nonces, then the whole struct (crypto_wipe). */
void ap_sta_wipe(struct ap_sta *sta);

void ap_out_reset(struct ap_out *out);
/* Frame i < out->n_frames: its bytes and length. */
const uint8_t *ap_out_frame(const struct ap_out *out, unsigned i, size_t *len);

/* True for a frame that may create a station: an Authentication frame. */
bool ap_creates_sta(const struct wlan_hdr *hdr);

/*
 * A management frame from sta (hdr and m parsed by the caller from the
 * same buffer): Authentication, (Re)Association Request, Probe Request,
 * Deauthentication, Disassociation; Action frames are only filtered by
 * class.
 */
enum ap_verdict ap_rx_mgmt(struct ap_ctx *ctx, struct ap_sta *sta,
			   const struct wlan_hdr *hdr,
			   const struct wlan_mgmt *m, uint64_t now,
			   struct ap_out *out);

/* A data frame from sta, cleartext (core decrypted a protected one):
 * EAPOL goes to the authenticator, null data only counts as activity,
 * other data is AP_PASS_DATA once the station is authorized. */
enum ap_verdict ap_rx_data(struct ap_ctx *ctx, struct ap_sta *sta,
			   const struct wlan_hdr *hdr, uint64_t now,
			   struct ap_out *out);

/*
 * A frame from a transmitter without a station: probe requests are
 * answered; class 2 frames get a deauthentication with reason 6, class 3
 * frames (data, most Action frames) one with reason 7 (11.3.3). m is the
 * parsed body for a management frame, NULL for a data frame.
 */
enum ap_verdict ap_rx_nosta(struct ap_ctx *ctx, const struct wlan_hdr *hdr,
			    const struct wlan_mgmt *m, uint64_t now,
			    struct ap_out *out);

/*
 * sta->deadline has passed: runs every timer due by now, in this order:
 * the association response's TX status wait, EAPOL retransmission,
 * inactivity. Inactivity (bss->max_inactivity since the last frame)
 * deauthenticates with reason 4 straight away: this version sends no
 * null-data poll first (hostapd's skip_inactivity_poll=1 behaviour).
 */
enum ap_verdict ap_timeout(struct ap_ctx *ctx, struct ap_sta *sta, uint64_t now,
			   struct ap_out *out);

/*
 * TX status of a frame mlme sent to sta (hdr: the echoed frame). Only a
 * successful (Re)Association Response matters: ACKed, the station is
 * associated (an open BSS authorizes it, an RSN BSS starts the 4-way
 * handshake); not ACKed, it stays authenticated and loses its AID. Ports
 * without TX status report every frame ACKed.
 */
enum ap_verdict ap_tx_status(struct ap_ctx *ctx, struct ap_sta *sta,
			     const struct wlan_hdr *hdr, bool acked,
			     uint64_t now, struct ap_out *out);

/* Operator or shutdown: Deauthentication with reason, station removed. */
enum ap_verdict ap_deauth(struct ap_ctx *ctx, struct ap_sta *sta,
			  uint16_t reason, uint64_t now, struct ap_out *out);
/* Operator: Disassociation with reason; the station stays in State 2. */
enum ap_verdict ap_disassoc(struct ap_ctx *ctx, struct ap_sta *sta,
			    uint16_t reason, uint64_t now, struct ap_out *out);

/* The group epoch changed (ap_ctx_set_epoch): sends G1 with the new GTK
 * to an authorized station of an RSN BSS; a station still in its 4-way
 * handshake gets the GTK in M3 or a G1 after M4. */
enum ap_verdict ap_rekey_group(struct ap_ctx *ctx, struct ap_sta *sta,
			       uint64_t now, struct ap_out *out);

const char *ap_verdict_name(enum ap_verdict v);
/* hostapd's control interface text ("AP-STA-CONNECTED"...), or for the
 * events only core acts on, a lowercase name ("associated"). */
const char *ap_event_name(enum ap_event_kind k);
/* True if the event goes to control interface clients. */
bool ap_event_is_ctrl(enum ap_event_kind k);
const char *ap_sta_state_name(enum ap_sta_state s);

/* --- Beacons and probe responses (beacon.c) -------------------------- */

/* The TIM of one beacon: the caller (TX thread) keeps the DTIM count and
 * the buffered-traffic bitmap. */
struct ap_tim {
	uint8_t dtim_count;
	bool multicast;	    /* group traffic buffered (at DTIM) */
	const uint8_t *vbm; /* IE_TIM_BITMAP_LEN octets, or NULL */
};

/*
 * A Beacon: ap_build_beacon_head, the TIM, ap_build_beacon_tail. The head
 * (MAC header, fixed fields, SSID as ignore_broadcast_ssid says, rates,
 * DS Parameter Set) and the tail (everything after the TIM) are what
 * nl80211 START_AP takes as BEACON_HEAD and BEACON_TAIL; the kernel adds
 * the TIM. seq is the TX thread's counter, tsf the timestamp (0 in a
 * template). Cursor builders: the new cursor, or NULL if it did not fit.
 */
uint8_t *ap_build_beacon(const struct bss *bss, const struct ap_tim *tim,
			 uint16_t seq, uint64_t tsf, uint8_t *p,
			 const uint8_t *end);
uint8_t *ap_build_beacon_head(const struct bss *bss, uint16_t seq, uint64_t tsf,
			      uint8_t *p, const uint8_t *end);
uint8_t *ap_build_beacon_tail(const struct bss *bss, uint8_t *p,
			      const uint8_t *end);
/* A Probe Response to da: the beacon's elements, the real SSID, no TIM. */
uint8_t *ap_build_probe_resp(const struct bss *bss, const uint8_t da[6],
			     uint16_t seq, uint64_t tsf, uint8_t *p,
			     const uint8_t *end);
/* A broadcast Deauthentication (start-up and shutdown, as hostapd). */
uint8_t *ap_build_deauth_all(const struct bss *bss, uint16_t reason,
			     uint16_t seq, uint8_t *p, const uint8_t *end);

/* --- Between the mlme files (not for core) --------------------------- */

/* A frame in out: ap_out_begin gives the write cursor (NULL when no frame
 * slot is left) and its end; ap_out_commit records [start, p) when p is
 * not NULL. false: it did not fit (the frame is dropped). */
uint8_t *ap_out_begin(struct ap_out *out, const uint8_t **end);
bool ap_out_commit(struct ap_out *out, const uint8_t *start, const uint8_t *p,
		   enum ap_frame_kind kind, unsigned flags);
void ap_out_event(struct ap_out *out, enum ap_event_kind kind,
		  const uint8_t addr[6], uint16_t code);
uint16_t ap_sta_next_seq(struct ap_sta *sta);
/* Deauthentication or Disassociation to da from the BSS. */
bool ap_send_reason(const struct ap_ctx *ctx, struct ap_out *out,
		    uint8_t subtype, const uint8_t da[6], uint16_t seq,
		    unsigned flags, uint16_t reason);
/* The station is gone: AID, place and keys released, AP_ACT_REMOVE. */
void ap_sta_leave(struct ap_ctx *ctx, struct ap_sta *sta, struct ap_out *out);
/* Sends a deauthentication with reason and removes the station. */
void ap_sta_deauth(struct ap_ctx *ctx, struct ap_sta *sta, uint16_t reason,
		   struct ap_out *out);
/* Leaves State 3/4 for State 2: AID freed, handshakes stopped. */
void ap_sta_disassociated(struct ap_ctx *ctx, struct ap_sta *sta,
			  struct ap_out *out);
/* State 4: port open, AP-STA-CONNECTED. */
void ap_sta_authorize(struct ap_ctx *ctx, struct ap_sta *sta,
		      struct ap_out *out);
void ap_sta_update_deadline(const struct ap_ctx *ctx, struct ap_sta *sta);
/* The per-subtype handlers of ap_rx_mgmt (ap_auth.c, ap_assoc.c,
 * beacon.c) and the association's TX status (ap_assoc.c). */
enum ap_verdict ap_rx_auth(struct ap_ctx *ctx, struct ap_sta *sta,
			   const struct wlan_hdr *hdr,
			   const struct wlan_mgmt *m, uint64_t now,
			   struct ap_out *out);
enum ap_verdict ap_rx_assoc_req(struct ap_ctx *ctx, struct ap_sta *sta,
				const struct wlan_hdr *hdr,
				const struct wlan_mgmt *m, uint64_t now,
				struct ap_out *out);
enum ap_verdict ap_rx_probe_req(struct ap_ctx *ctx, const struct wlan_hdr *hdr,
				const struct wlan_mgmt *m, uint64_t now,
				struct ap_out *out);
enum ap_verdict ap_assoc_tx_status(struct ap_ctx *ctx, struct ap_sta *sta,
				   bool acked, uint64_t now,
				   struct ap_out *out);

#endif
