/*
 * simsta.h - a simulated WPA2-PSK station: the supplicant side of an
 * association, as the sim medium (core/sim_medium.c) and the unit tests
 * drive it against rapd's AP.
 *
 * A station scans for one BSS (probe request with the SSID, or a beacon),
 * authenticates with Open System, associates with an RSN element
 * (CCMP-128, PSK or PSK-SHA256 as the AP's RSN element offers) and runs
 * the supplicant side of the 4-way and group key handshakes (IEEE Std
 * 802.11-2020 11.3, 12.7.6, 12.7.7). It checks every frame the AP sends;
 * a frame that fails a check is counted under a named verdict and ignored,
 * as a real supplicant ignores it, so an AP that sends a bad frame shows
 * up as a counted verdict and a station that never connects.
 *
 * Contract
 * - Pure: no threads, no I/O, no clock, no allocation. Time comes in as
 *   `now` (ns on any monotonic clock); the caller calls simsta_timeout()
 *   once now >= s->deadline. Frames the station sends are written into a
 *   caller-supplied struct simsta_out, in sending order.
 * - One struct simsta per station, owned by one thread (the sim thread);
 *   several stations may share a const struct crypto_pmk. The context
 *   (struct simsta_ctx) carries that thread's crypto workspace and
 *   counters: one per thread.
 * - Inputs are untrusted 802.11 frames without radiotap and FCS; every
 *   length is checked before reading.
 * - Returns: simsta_rx() returns an enum simsta_verdict, SIMSTA_OK when
 *   the frame was accepted and acted on, else why it was ignored. Every
 *   verdict, OK included, is also counted in ctx->cnt.
 * - Secrets: the PTK and GTK live in the struct; simsta_wipe() clears
 *   them (call before the memory is freed or reused).
 */
#ifndef RAPD_SIMSTA_H
#define RAPD_SIMSTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/crypto.h>
#include <rapd/eapol.h>
#include <rapd/ie.h>

#define SIMSTA_NEVER UINT64_MAX /* deadline: no timer armed */

/* Where the station is (the supplicant's view of 11.3 and 12.7.6). */
enum simsta_state {
	SIMSTA_ST_IDLE,		  /* waiting to start (or restart) a scan */
	SIMSTA_ST_PROBING,	  /* probe request sent; wants a probe
				   * response or a beacon of the BSS */
	SIMSTA_ST_AUTHENTICATING, /* Open System request sent */
	SIMSTA_ST_ASSOCIATING,	  /* association request sent */
	SIMSTA_ST_HANDSHAKE,	  /* associated; 4-way handshake running */
	SIMSTA_ST_CONNECTED,	  /* M4 sent, PTK and GTK installed */
	SIMSTA_ST_FAILED,	  /* gave up: s->fail says why; terminal */
	SIMSTA_ST_VANISHED,	  /* went silent on purpose; terminal */
};

/* The last failure of a connection attempt (FAILED: the final one). */
enum simsta_fail {
	SIMSTA_FAIL_NONE,
	SIMSTA_FAIL_NO_AP,	    /* no acceptable probe response/beacon */
	SIMSTA_FAIL_AUTH_TIMEOUT,   /* no authentication response */
	SIMSTA_FAIL_AUTH_REJECTED,  /* authentication status not 0 */
	SIMSTA_FAIL_ASSOC_TIMEOUT,  /* no association response */
	SIMSTA_FAIL_ASSOC_REJECTED, /* association status not 0 */
	SIMSTA_FAIL_4WAY,	    /* 4-way timed out, or deauthenticated
				     * during it (a wrong passphrase ends
				     * here) */
	SIMSTA_FAIL_DEAUTHED,	    /* deauthenticated or disassociated
				     * outside the 4-way handshake */
	SIMSTA_FAIL_COUNT
};

/* Why simsta_rx() ignored a frame (or SIMSTA_OK). */
enum simsta_verdict {
	SIMSTA_OK,
	/* any frame */
	SIMSTA_BAD_FRAME,     /* header or management body does not parse */
	SIMSTA_NOT_FOR_US,    /* receiver address is not ours */
	SIMSTA_NOT_FROM_AP,   /* transmitter or BSSID is not the target */
	SIMSTA_UNEXPECTED,    /* a valid frame this state does not expect */
	SIMSTA_LATE,	      /* an answer to a step already passed (it
			       * crossed our retry), or a beacon after the
			       * scan: harmless */
	SIMSTA_UNHANDLED,     /* a frame type a station ignores */
	SIMSTA_SILENT,	      /* the station vanished or is finished */
	SIMSTA_CRYPTO_FAILED, /* the crypto module failed (OpenSSL) */
	/* Probe Response and Beacon */
	SIMSTA_BSS_BAD_ELEMS,	/* malformed element area */
	SIMSTA_BSS_BAD_SSID,	/* SSID missing or not ours */
	SIMSTA_BSS_BAD_CAPAB,	/* not ESS, or Privacy clear */
	SIMSTA_BSS_NO_RATES,	/* no usable Supported Rates */
	SIMSTA_BSS_NO_RSN,	/* no RSN element */
	SIMSTA_BSS_BAD_RSN,	/* RSN element does not parse */
	SIMSTA_BSS_UNSUPPORTED, /* no CCMP/PSK offer, or MFP required */
	/* Authentication */
	SIMSTA_AUTH_BAD_ALG, /* not Open System */
	SIMSTA_AUTH_BAD_SEQ, /* transaction sequence not 2 */
	SIMSTA_AUTH_REFUSED, /* status not 0: the attempt ends */
	/* (Re)Association Response */
	SIMSTA_ASSOC_REFUSED,	/* status not 0: the attempt ends */
	SIMSTA_ASSOC_BAD_AID,	/* AID outside 1..2007 */
	SIMSTA_ASSOC_BAD_ELEMS, /* malformed element area */
	/* EAPOL frames */
	SIMSTA_EAPOL_BAD_DATA,	    /* not a FromDS data frame with EAPOL */
	SIMSTA_EAPOL_UNDECRYPTABLE, /* protected, and no PTK or CCMP fails */
	SIMSTA_EAPOL_PN_REPLAY,	    /* CCMP PN not above the last one */
	SIMSTA_EAPOL_BAD_KEY,	    /* EAPOL-Key frame does not parse */
	SIMSTA_EAPOL_BAD_DESC,	    /* not the RSN descriptor, or wrong
				     * descriptor version for the AKM */
	SIMSTA_EAPOL_BAD_MSG,	    /* not M1, M3 or G1 */
	SIMSTA_M1_BAD_KEY_INFO,	    /* Install, Secure or Encrypted set */
	SIMSTA_M1_BAD_KEY_LEN,	    /* Key Length not 16 (CCMP) */
	SIMSTA_M1_REPLAY,	    /* replay counter not above the last */
	SIMSTA_M1_ZERO_NONCE,	    /* ANonce all zero */
	SIMSTA_M3_REPLAY,
	SIMSTA_M3_BAD_MIC,
	SIMSTA_M3_BAD_KEY_INFO, /* Secure or Encrypted Key Data clear */
	SIMSTA_M3_BAD_KEY_LEN,
	SIMSTA_M3_ANONCE_CHANGED, /* not the ANonce of M1 */
	SIMSTA_M3_BAD_WRAP,	  /* key data does not unwrap with the KEK */
	SIMSTA_M3_BAD_KEY_DATA,	  /* malformed elements/KDEs in key data */
	SIMSTA_M3_NO_RSN,	  /* no RSN element in key data */
	SIMSTA_M3_RSN_MISMATCH,	  /* RSN element not the beacon's */
	SIMSTA_M3_BAD_GTK,	  /* no GTK KDE, or not a 16-byte GTK */
	SIMSTA_G1_REPLAY,
	SIMSTA_G1_BAD_MIC,
	SIMSTA_G1_BAD_KEY_INFO, /* Secure or Encrypted Key Data clear */
	SIMSTA_G1_BAD_WRAP,
	SIMSTA_G1_BAD_GTK,
	/* Deauthentication and Disassociation */
	SIMSTA_LEAVE_BAD_STATE, /* from the AP while not authenticated */
	SIMSTA_VERDICT_COUNT
};

/* Frames a station sends, by kind (struct simsta_counters.tx). */
enum simsta_tx {
	SIMSTA_TX_PROBE,
	SIMSTA_TX_AUTH,
	SIMSTA_TX_ASSOC,
	SIMSTA_TX_M2,
	SIMSTA_TX_M4,
	SIMSTA_TX_G2,
	SIMSTA_TX_DEAUTH,
	SIMSTA_TX_DISASSOC,
	SIMSTA_TX_NULL, /* keep-alive Null Data */
	SIMSTA_TX_COUNT
};

/* Counters of one thread's stations; the caller zeroes them. */
struct simsta_counters {
	uint64_t verdict[SIMSTA_VERDICT_COUNT];
	uint64_t tx[SIMSTA_TX_COUNT];
	uint64_t tx_dropped;   /* a frame that did not fit struct simsta_out */
	uint64_t step_retries; /* probe/auth/assoc resent after a timeout */
	uint64_t restarts;     /* attempts begun again from the scan */
	uint64_t connects;     /* times a station reached CONNECTED */
	uint64_t m4_resent;    /* M4 again for a retransmitted M3 */
	uint64_t gtk_rekeys;   /* G1 accepted */
};

/* Timing and retry policy shared by a population (all nonzero). */
struct simsta_params {
	uint64_t step_timeout_ns; /* wait for a probe/auth/assoc answer */
	unsigned step_tries;	  /* sends of one request before giving up */
	uint64_t handshake_timeout_ns; /* association to M3 */
	unsigned max_attempts;	       /* connection attempts before FAILED */
	uint64_t restart_delay_ns;     /* pause before a new attempt */
	uint64_t keepalive_ns;	       /* Null Data while CONNECTED, so the AP's
					* inactivity timer (hostapd: 300 s) sees
					* the station; 0: none */
};

/* Defaults: 200 ms, 4 tries, 5 s, 3 attempts, 100 ms, no keep-alive. */
void simsta_params_default(struct simsta_params *p);

/* Per-station behaviour options (zero: a well-behaved station). */
struct simsta_opts {
	/*
	 * 0: never. k = 1..4: the station handles the 4-way handshake up to
	 * message k and then goes silent for good (VANISHED): 1 takes M1 but
	 * sends no M2, 2 sends M2 and ignores M3, 3 takes M3 but sends no M4,
	 * 4 sends M4 and then answers nothing more.
	 */
	uint8_t vanish_after;
	uint8_t churn_cycles;	 /* times to leave and come back */
	bool churn_disassoc;	 /* leave by Disassociation, else Deauth */
	uint64_t churn_after_ns; /* time connected before leaving */
	uint64_t churn_delay_ns; /* time away before scanning again */
};

struct simsta_cfg {
	uint8_t addr[6];
	uint8_t bssid[6]; /* the BSS to join */
	const uint8_t *ssid;
	size_t ssid_len;	      /* 1..32 */
	const struct crypto_pmk *pmk; /* shared; outlives the station */
	uint64_t seed, stream;	      /* SNonce generator (crypto_rng) */
	struct simsta_opts opts;
	uint64_t start_at; /* first probe at this time */
};

struct simsta {
	uint8_t addr[6];
	uint8_t bssid[6];
	uint8_t ssid[IE_SSID_MAX];
	uint8_t ssid_len;
	const struct crypto_pmk *pmk;
	struct crypto_rng rng;
	struct simsta_opts opts;

	enum simsta_state state;
	enum simsta_fail fail;	  /* last failure (NONE until one) */
	enum simsta_verdict last; /* verdict of the last simsta_rx */
	uint64_t deadline;	  /* next simsta_timeout, or SIMSTA_NEVER */
	uint64_t started_at;	  /* first scan of the current attempt */
	uint64_t connected_at;	  /* when CONNECTED was last reached */
	uint64_t churn_at;	  /* CONNECTED: when to leave, or NEVER */
	uint64_t keepalive_at;	  /* CONNECTED: next Null Data, or NEVER */
	uint8_t tries;		  /* sends of the current request */
	uint8_t attempts;	  /* connection attempts that failed */
	uint8_t churns_left;
	uint16_t seq; /* our next sequence number */
	uint16_t aid;

	/* What the BSS advertised, kept for the association and M3. */
	uint8_t ap_rsn[2 + 255];
	uint16_t ap_rsn_len;
	struct ie_rateset ap_rates;
	uint32_t akm;	     /* RSN_AKM_PSK or RSN_AKM_PSK_SHA256 */
	uint8_t own_rsn[32]; /* our RSN element (assoc request, M2) */
	uint8_t own_rsn_len;

	/* 4-way and group key handshakes (12.7.6, 12.7.7). */
	uint8_t eapol_version; /* 802.1X version of the AP's M1, echoed */
	bool replay_seen;
	uint64_t replay; /* highest replay counter accepted */
	bool m1_seen;
	uint8_t anonce[CRYPTO_NONCE_LEN];
	uint8_t snonce[CRYPTO_NONCE_LEN];
	struct crypto_ptk ptk; /* derived from the last M1 (TPTK) */
	bool ptk_installed;    /* M3 accepted: PTK in use */
	uint64_t rx_pn;	       /* last CCMP PN accepted under the PTK */
	uint8_t gtk[EAPOL_GTK_MAX_LEN];
	uint8_t gtk_len;
	uint8_t gtk_id;
};

/* Room for the frames one call can emit (a step never sends more). */
#define SIMSTA_OUT_MAX 2
#define SIMSTA_FRAME_MAX 384

/* Frames a call produced, in sending order; the caller sets n = 0 (or
 * calls simsta_out_reset) before each call. */
struct simsta_out {
	unsigned n;
	struct simsta_frame {
		uint16_t len;
		uint8_t data[SIMSTA_FRAME_MAX];
	} f[SIMSTA_OUT_MAX];
};

static inline void simsta_out_reset(struct simsta_out *out)
{
	out->n = 0;
}

/* What every call needs from its thread. */
struct simsta_ctx {
	const struct simsta_params *params;
	struct crypto_ws *ws;	     /* the thread's crypto workspace */
	struct simsta_counters *cnt; /* the thread's counters */
};

/*
 * Sets a station up from cfg: state IDLE, first timer at cfg->start_at.
 * 0, or -1 when the SSID is not 1..32 octets or pmk is NULL.
 */
int simsta_init(struct simsta *s, const struct simsta_cfg *cfg);

/* Clears the keys (PTK, GTK, nonces) with crypto_wipe. */
void simsta_wipe(struct simsta *s);

/*
 * One frame from the medium (802.11 header onward, no FCS). Appends any
 * answer to out and may move s->deadline. The verdict is also stored in
 * s->last and counted in ctx->cnt->verdict[].
 */
enum simsta_verdict simsta_rx(const struct simsta_ctx *ctx, struct simsta *s,
			      const uint8_t *frame, size_t len, uint64_t now,
			      struct simsta_out *out);

/*
 * The station's timer; the caller calls it when now >= s->deadline (an
 * early call does nothing). Resends, starts, restarts or gives up, and
 * re-arms s->deadline.
 */
void simsta_timeout(const struct simsta_ctx *ctx, struct simsta *s,
		    uint64_t now, struct simsta_out *out);

/* True while the station scans, i.e. wants beacons; the medium hands
 * other group-addressed frames (a broadcast deauth) to every station that
 * is not done. */
static inline bool simsta_scanning(const struct simsta *s)
{
	return s->state == SIMSTA_ST_PROBING;
}

/* True once the station can do nothing more (FAILED or VANISHED). */
static inline bool simsta_done(const struct simsta *s)
{
	return s->state == SIMSTA_ST_FAILED || s->state == SIMSTA_ST_VANISHED;
}

/* Short fixed names for logs and summaries; never NULL. */
const char *simsta_state_name(enum simsta_state st);
const char *simsta_fail_name(enum simsta_fail f);
const char *simsta_verdict_name(enum simsta_verdict v);
const char *simsta_tx_name(enum simsta_tx t);

#endif
