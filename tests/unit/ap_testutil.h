/*
 * ap_testutil.h - helpers shared by the access point's unit tests
 * (test_ap*.c, test_wpa_auth*.c). The prefix apt_ stands for "AP test".
 *
 * Contract: single-threaded test code only; linked into every unit test
 * program by the Makefile. A struct apt_env is a tiny worker: a struct bss,
 * the ap_ctx, fake core services (AID bitmap, station count, ACL, nonce
 * source) and a station table of APT_STA_MAX slots run the way core runs
 * them (ap_creates_sta, ap_rx_nosta, sta_action). Every call through the
 * env checks that each frame the AP emitted parses with the codec
 * (wlan_parse_hdr, wlan_parse_mgmt, the element iterator, eapol_parse_key)
 * and comes from the BSSID. struct apt_supp is a test supplicant: it checks
 * M1, M3 and G1 (MIC, bits, GTK unwrap) and builds M2, M4 and G2.
 * Helpers record failed assertions through check.h and go on.
 * apt_cleanup() frees the crypto workspace at the end of main().
 */
#ifndef RAPD_TEST_AP_TESTUTIL_H
#define RAPD_TEST_AP_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/ap.h>
#include <rapd/bss.h>
#include <rapd/eapol.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>
#include <rapd/wpa_auth.h>

#define APT_STA_MAX 8
#define APT_FRAME_MAX 512
#define APT_NS_MS AP_NS_PER_MS

extern const uint8_t apt_bssid[6];
/* The published Harkonen PMK (vectors.md section 4). */
extern const uint8_t apt_pmk[32];
extern const uint8_t apt_gmk[WPA_GMK_LEN];

struct apt_env {
	struct bss bss;
	struct ap_ctx ctx;
	struct ap_ops ops;
	struct ap_out out;
	uint64_t now;
	/* fake core */
	uint64_t aid_map[(WLAN_AID_MAX + 64) / 64];
	unsigned n_sta;	    /* stations counted (sta_count_inc) */
	uint8_t deny[4][6]; /* ACL: these are refused */
	unsigned n_deny;
	bool nonce_fails;
	unsigned nonce_calls;
	uint64_t gtk_pn; /* what gtk_rsc answers */
	/* station table */
	struct ap_sta sta[APT_STA_MAX];
	bool used[APT_STA_MAX];
	enum ap_verdict last;
};

/* An env with a finished, checked struct bss: SSID "rapd-test", channel 6
 * 802.11g, max_sta as given, RSN (WPA2-PSK with akms and apt_pmk) when
 * akms != 0, else open. Tests change e->bss and call apt_env_refresh. */
void apt_env_init(struct apt_env *e, uint32_t akms);
/* bss_finish + bss_check (must be BSS_OK) + ap_ctx_init again. */
void apt_env_refresh(struct apt_env *e);

/* The station of addr in the table, or NULL. */
struct ap_sta *apt_sta(struct apt_env *e, const uint8_t addr[6]);

/* One received frame, at e->now, through the table as core does; returns
 * the verdict (also in e->last). Output is in e->out. */
enum ap_verdict apt_rx(struct apt_env *e, const uint8_t *frame, size_t len);
/* TX status of output frame i of e->out (copied first), at e->now. */
enum ap_verdict apt_tx_status(struct apt_env *e, unsigned i, bool acked);
/* Sets e->now to t after running every station timer due by then, in
 * deadline order; frames of the last timer run are in e->out. Returns
 * how many timer calls ran. */
unsigned apt_advance(struct apt_env *e, uint64_t t);
/* ap_deauth/ap_disassoc/ap_rekey_group through the table. */
enum ap_verdict apt_call(struct apt_env *e, const uint8_t addr[6],
			 enum ap_verdict (*fn)(struct ap_ctx *, struct ap_sta *,
					       uint16_t, uint64_t,
					       struct ap_out *),
			 uint16_t arg);
enum ap_verdict apt_rekey(struct apt_env *e, const uint8_t addr[6]);

/* Index of the first output frame of kind, or -1. */
int apt_find(const struct ap_out *out, enum ap_frame_kind kind);
/* Output frame i parsed; a failure fails the test. */
struct wlan_hdr apt_hdr(const struct ap_out *out, unsigned i);
struct wlan_mgmt apt_mgmt(const struct ap_out *out, unsigned i);
/* True if out holds an event of kind for addr. */
bool apt_event(const struct ap_out *out, enum ap_event_kind kind,
	       const uint8_t addr[6]);
/* The reason code of the Deauthentication or Disassociation i, or -1. */
int apt_reason(const struct ap_out *out, unsigned i);

/* --- Frames a station sends (codec builders) ------------------------- */

size_t apt_auth(uint8_t *buf, const uint8_t sta[6], uint16_t alg,
		uint16_t trans_seq);
/* A request for the env's BSS; fields the test may change first. */
struct apt_assoc {
	bool reassoc;
	uint16_t capab;
	uint16_t listen_int;
	const uint8_t *ssid;
	size_t ssid_len;
	struct ie_rateset rates;
	const uint8_t *rsn_ie; /* whole element, or NULL */
	size_t rsn_ie_len;
	bool wmm;
	bool ht;
	const uint8_t *extra; /* raw bytes appended to the elements */
	size_t extra_len;
};
/* Defaults: ESS|Privacy (Privacy only for an RSN BSS), listen 10, our
 * SSID, the BSS's rates, an RSN element selecting PSK when the BSS runs
 * RSN (s->rsn_ie points into a static buffer). */
void apt_assoc_defaults(const struct apt_env *e, struct apt_assoc *a);
size_t apt_assoc_req(uint8_t *buf, const uint8_t sta[6],
		     const struct apt_assoc *a);
size_t apt_reason_frame(uint8_t *buf, const uint8_t sta[6], uint8_t subtype,
			uint16_t reason);
/* Probe request: da and bssid field given; ssid NULL = no SSID element,
 * ssid_len 0 = wildcard; ds_channel 0 = no DS Parameter Set. */
size_t apt_probe(uint8_t *buf, const uint8_t sta[6], const uint8_t da[6],
		 const uint8_t bssid[6], const uint8_t *ssid, size_t ssid_len,
		 uint8_t ds_channel);
/* Data frame To DS from sta with body (flags: extra WLAN_FC_* bits). */
size_t apt_data(uint8_t *buf, const uint8_t sta[6], uint8_t flags,
		uint8_t subtype, const uint8_t *body, size_t len);
/* Data frame with LLC/SNAP and an 802.1X frame. */
size_t apt_eapol(uint8_t *buf, const uint8_t sta[6], const uint8_t *x,
		 size_t len);

/* A station's RSN element choosing one AKM, CCMP; its length. */
size_t apt_sta_rsn_ie(uint8_t *buf, size_t cap, uint32_t akm);

/* Authenticates and associates sta with request a (NULL: the defaults),
 * the response ACKed, checking each step; for an RSN BSS e->out then holds
 * M1. Returns the station. */
struct ap_sta *apt_associate(struct apt_env *e, const uint8_t sta[6],
			     const struct apt_assoc *a);

/* --- The test supplicant (ap_testutil_supp.c) ------------------------ */

struct apt_supp {
	uint8_t addr[6];
	struct crypto_pmk pmk;
	uint32_t akm;
	uint8_t rsn_ie[64];
	size_t rsn_ie_len;
	uint8_t anonce[32];
	uint8_t snonce[32];
	struct crypto_ptk ptk;
	uint64_t replay; /* of the last M1/M3/G1 taken */
	uint8_t gtk[32];
	size_t gtk_len;
	unsigned gtk_key_id;
};

/* pmk: the supplicant's own (a wrong one makes bad MICs). */
void apt_supp_init(struct apt_supp *s, const uint8_t addr[6], uint32_t akm,
		   const uint8_t pmk[32]);
/* An apt_assoc carrying the supplicant's RSN element. */
void apt_supp_assoc(const struct apt_env *e, const struct apt_supp *s,
		    struct apt_assoc *a);
/* Checks frame i of out as M1 to s (bits, key length, nonce) and derives
 * the PTK; true if all checks held. */
bool apt_supp_m1(struct apt_supp *s, const struct apt_env *e, unsigned i);
/* Checks frame i as M3: MIC, bits, ANonce, replay above the last, the
 * AP's RSN element and a GTK KDE in the unwrapped key data. */
bool apt_supp_m3(struct apt_supp *s, const struct apt_env *e, unsigned i);
/* Checks frame i as G1 and takes its GTK. */
bool apt_supp_g1(struct apt_supp *s, const struct apt_env *e, unsigned i);
/* M2/M4/G2 as 802.11 frames into buf for replay counter rc. */
size_t apt_supp_m2(const struct apt_supp *s, uint8_t *buf, uint64_t rc);
size_t apt_supp_m4(const struct apt_supp *s, uint8_t *buf, uint64_t rc);
size_t apt_supp_g2(const struct apt_supp *s, uint8_t *buf, uint64_t rc);
/* The whole 4-way handshake after apt_associate (M1 in e->out): M2, M3,
 * M4; true when the station ended authorized. */
bool apt_handshake(struct apt_env *e, struct apt_supp *s);

/* The test's crypto workspace (crypto_init on first use). */
struct crypto_ws *apt_ws(void);
void apt_cleanup(void);

#endif
