/*
 * simsta_testutil.h - a hand-built access point for the simulated
 * station's unit tests (test_simsta.c, test_simsta_eapol.c): it writes the
 * AP's frames with the codec builders (wlan_put_*, ie_put_*, rsn_put_ie,
 * eapol_build_key, eapol_set_mic, eapol_wrap_key_data, eapol_put_gtk_kde),
 * reads the station's frames back, and derives the PTK the way an AP does,
 * so each test can send one bad field and watch the station refuse it.
 * The prefix st_ stands for "simsta test".
 *
 * Contract: single-threaded test code. Helpers record failed assertions
 * through check.h and go on. st_crypto() must have succeeded before any
 * other helper runs (main() calls it). No allocation; a struct st_fx is
 * plain data the test owns (on its stack or static).
 */
#ifndef RAPD_TEST_SIMSTA_TESTUTIL_H
#define RAPD_TEST_SIMSTA_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/crypto.h>
#include <rapd/eapol.h>
#include <rapd/ie.h>
#include <rapd/simsta.h>

extern const uint8_t st_bssid[6];
extern const uint8_t st_sta_addr[6];
extern const uint8_t st_ssid[]; /* "rapd-sim" */
#define ST_SSID_LEN 8
extern struct crypto_pmk st_pmk;       /* the network's */
extern struct crypto_pmk st_wrong_pmk; /* a wrong passphrase's */

/* crypto_init, the workspace, both PMKs; false if OpenSSL failed. */
bool st_crypto(void);
struct crypto_ws *st_ws(void);
void st_crypto_done(void);

/* The AP side of one test: what it advertised and its handshake state. */
struct st_ap {
	struct rsn_config rsn;
	uint8_t rsn_ie[64]; /* element advertised (ID and Length) */
	size_t rsn_ie_len;
	uint8_t anonce[CRYPTO_NONCE_LEN];
	uint8_t snonce[CRYPTO_NONCE_LEN]; /* from the last M2 */
	struct crypto_ptk ptk;		  /* derived from the last M2 */
	uint64_t replay;		  /* last replay counter sent */
	uint8_t gtk[16];
	uint16_t seq;
};

/* One station and the AP it talks to. */
struct st_fx {
	struct st_ap ap;
	struct simsta s;
	struct simsta_params params;
	struct simsta_counters cnt;
	struct simsta_ctx ctx;
	struct simsta_out out;
	uint64_t now;
	uint8_t buf[1024]; /* the AP frame being built */
	size_t len;
};

/* AP offering akms (RSN_AKM_*); a station with opts (NULL: none) and pmk
 * (NULL: st_pmk), first timer at 0. */
void st_setup(struct st_fx *fx, uint32_t akms, const struct simsta_opts *opts,
	      const struct crypto_pmk *pmk);

/* Feeds buf[0..len) to the station at fx->now (fx->out reset first). */
enum simsta_verdict st_rx(struct st_fx *fx, const uint8_t *buf, size_t len);
/* Feeds fx->buf[0..fx->len). */
enum simsta_verdict st_rx_buf(struct st_fx *fx);
/* Advances fx->now to t and runs the station's timer (out reset first). */
void st_tick(struct st_fx *fx, uint64_t t);

/* What a Probe Response or Beacon carries; st_bss_default fills the
 * honest values of fx's AP. */
struct st_bss {
	uint8_t subtype; /* WLAN_STYPE_PROBE_RESP or _BEACON */
	const uint8_t *da, *bssid;
	const uint8_t *ssid;
	size_t ssid_len; /* with ssid NULL: no SSID element */
	uint16_t capab;
	bool no_rates;
	const uint8_t *rsn; /* whole element; NULL: none */
	size_t rsn_len;
	const uint8_t *extra; /* appended raw after the elements */
	size_t extra_len;
};
void st_bss_default(const struct st_fx *fx, struct st_bss *b);
/* Writes the frame into fx->buf (fx->len). */
void st_put_bss(struct st_fx *fx, const struct st_bss *b);

/* Authentication from the AP into fx->buf. */
void st_put_auth(struct st_fx *fx, uint16_t alg, uint16_t seq, uint16_t status);
/* (Re)Association Response (subtype) into fx->buf. */
void st_put_assoc_resp(struct st_fx *fx, uint8_t subtype, uint16_t status,
		       uint16_t aid);
/* Deauthentication/Disassociation (subtype) from sa to da. */
void st_put_leave(struct st_fx *fx, uint8_t subtype, const uint8_t *da,
		  const uint8_t *sa, uint16_t reason);

/* Drives a fresh station to HANDSHAKE, checking every step is OK. */
void st_to_handshake(struct st_fx *fx);

/* One EAPOL-Key frame from the AP; st_key_m1/m3/g1 fill honest ones. */
struct st_key {
	uint16_t info;	  /* EAPOL_KI_* without the descriptor version */
	int desc_version; /* -1: the one of the AP's AKM */
	uint16_t key_len;
	uint64_t replay;
	const uint8_t *nonce; /* NULL: zero */
	const uint8_t *plain; /* key data (wrapped when ENC_KEY_DATA) */
	size_t plain_len;
	const uint8_t *kek; /* wrap key; NULL: ap.ptk.kek */
	const uint8_t *kck; /* MIC key; NULL: ap.ptk.kck */
	uint8_t fc_flags;   /* WLAN_FC_FROMDS unless a test changes it */
	const uint8_t *da;  /* NULL: the station */
};
void st_key_m1(struct st_fx *fx, struct st_key *k);
/* M3 and G1 leave plain to the test: st_m3_key_data writes it. */
void st_key_m3(struct st_fx *fx, struct st_key *k);
void st_key_g1(struct st_fx *fx, struct st_key *k);
/* Writes the data frame into fx->buf (fx->len); replay is not advanced:
 * the st_key_* fillers take the next counter. */
void st_put_key(struct st_fx *fx, const struct st_key *k);

/* Key data of M3: rsn (NULL: none) then a GTK KDE of gtk_len octets of
 * fx->ap.gtk (0: none). Returns the length written into out. */
size_t st_m3_key_data(const struct st_fx *fx, const uint8_t *rsn,
		      size_t rsn_len, size_t gtk_len, uint8_t *out,
		      size_t size);

/*
 * Reads the station's output frame i as an EAPOL-Key frame to the AP
 * (checked: Data, ToDS, A1 = A3 = BSSID, A2 = station, LLC/SNAP) of kind
 * msg, whose MIC verifies with ptk's KCK. Fills *k (pointing into fx->out).
 */
bool st_out_key(struct st_fx *fx, unsigned i, enum eapol_msg msg,
		const struct crypto_ptk *ptk, struct eapol_key *k);

/* Sends an honest M1 and takes M2: derives fx->ap.ptk from its SNonce and
 * checks M2 (MIC, replay counter, RSN element of the association). */
void st_m1_m2(struct st_fx *fx);
/* Sends an honest M3 and checks M4: CONNECTED. */
void st_m3_m4(struct st_fx *fx);
/* From a fresh station to CONNECTED. */
void st_connect(struct st_fx *fx);

/* The management frame the station sent as output i: its header. */
bool st_out_mgmt(const struct st_fx *fx, unsigned i, uint8_t subtype,
		 struct wlan_hdr *h, struct wlan_mgmt *m);

#endif
