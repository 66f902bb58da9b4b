/*
 * fuzz_ap.c - libFuzzer target for the access point's MLME and
 * authenticator (mlme/ap*.c, mlme/wpa_auth*.c), whose frames come from the
 * air, or from a trace file in replay.
 *
 * A tiny worker: a struct bss (four variants: bss_init, bss_set_rsn with a
 * fixed PMK, bss_finish), an ap_ctx with trivial services (AIDs from a
 * local bitmap, a place count, an ACL, a fixed nonce; the input can make
 * them refuse) and ONE station slot run as core's worker runs its table
 * (ap_creates_sta, ap_sta_init + ap_rx_mgmt or ap_rx_nosta, sta_action
 * obeyed, due timers fired before a frame); a station left at the end is
 * deauthenticated, as at shutdown.
 *
 * Input: chunks split by the 4 octets SEP (16 used at most). Chunk 0, if
 * shorter than any 802.11 frame (10), is the settings (bits 0-1 the BSS
 * variant, bit 2 a gtk_rsc service); else a frame received first, so a
 * bare frame cut from a capture is an input. Chunks 1..: [op][dt] bytes;
 * time advances by dt^2 * 5 ms (up to 325 s); (op & 15) % 12 is what to
 * do (enum fz_op; empty chunk: OP_RX); bit 4 leaves the frame's addresses
 * alone (else they are the station's and the BSSID); bits 5-7 make the
 * ACL refuse, the nonce fail, AIDs and places run out, for this chunk.
 * Synthetic ops build the station's association request, M2, M4 or G2
 * around the bytes; sealed ops put the MIC a supplicant knowing the PMK
 * would, so inputs get through the 4-way handshake and beyond.
 *
 * Checked after every call (abort): each output frame parses with
 * wlan_parse_hdr, comes from the BSSID, is of its kind (management with
 * well-formed elements, or EAPOL-Key); ap_out's bounds; verdicts and
 * events in their enums; sta_action per ap.h (INSERT only and always for
 * a fresh station, KEEP from ap_rx_nosta, REMOVE from ap_deauth, nothing
 * held after REMOVE); the AIDs and places given out are exactly those the
 * station holds; after its timer ran, a station's deadline is ahead.
 */
#define _GNU_SOURCE /* memmem */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/ap.h>
#include <rapd/bss.h>
#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/eapol.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>
#include <rapd/wpa_auth.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHUNKS_MAX 16
#define FZ_VARIANTS 4
#define FZ_FRAME_BUF 2400
#define FZ_MIN_FRAME 10 /* ACK and CTS: the shortest 802.11 frames */

static const uint8_t SEP[4] = {0xa5, 0x5a, 'A', 'P'};
static const uint8_t bssid[6] = {0x02, 0xaa, 0x00, 0x00, 0x00, 0x01};
static const uint8_t sta_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x42};

enum fz_op {
	OP_RX,	       /* the bytes as a received frame */
	OP_RX_SEALED,  /* the same, an EAPOL-Key MIC put right */
	OP_TXS_ACK,    /* the bytes as a TX status echo (none: the last
			* frame mlme sent), ACKed */
	OP_TXS_NOACK,  /* ... not ACKed */
	OP_TIMER,      /* time jumps to the station's deadline */
	OP_DEAUTH,     /* operator: ap_deauth, the reason from the bytes */
	OP_DISASSOC,   /* operator: ap_disassoc */
	OP_REKEY,      /* a new group epoch, then ap_rekey_group */
	OP_SYN_ASSOC,  /* (Re)Association Request, the bytes appended */
	OP_SYN_M2,     /* EAPOL-Key M2, SNonce from the bytes, sealed */
	OP_SYN_M4,     /* M4, sealed */
	OP_SYN_G2,     /* G2, sealed */
	OP_COUNT
};

#define OP_RAW 0x10
#define OP_ACL_REFUSES 0x20
#define OP_NONCE_FAILS 0x40
#define OP_EXHAUSTED 0x80

struct fz {
	const struct bss *bss;
	struct ap_ops ops;
	struct ap_ctx ctx;
	struct ap_out out;
	uint64_t now;
	uint32_t epoch;
	uint16_t seq; /* of the synthetic frames */
	/* the services' books and the input's refusals */
	uint64_t aid_map[(WLAN_AID_MAX + 64) / 64];
	unsigned places;
	bool acl_refuses, nonce_fails, exhausted;
	/* the one station slot */
	struct ap_sta sta;
	bool sta_used;
	/* the last frame mlme sent */
	uint8_t last[AP_OUT_ARENA_SIZE];
	size_t last_len;
};

static struct crypto_ws *ws;
static struct bss variants[FZ_VARIANTS];
static struct fz fz;

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_ap: %s\n", why);
	abort();
}

/* --- The worker's services ------------------------------------------- */

static bool aid_held(const struct fz *z, unsigned a)
{
	return z->aid_map[a / 64] & (1ull << (a % 64));
}

/* The lowest free AID (core's shard classes do not matter here). */
static uint16_t svc_aid_alloc(void *arg, unsigned shard)
{
	struct fz *z = arg;

	(void)shard;
	for (unsigned a = 1; a <= WLAN_AID_MAX && !z->exhausted; a++) {
		if (!aid_held(z, a)) {
			z->aid_map[a / 64] |= 1ull << (a % 64);
			return (uint16_t)a;
		}
	}
	return 0;
}

static void svc_aid_free(void *arg, uint16_t aid)
{
	struct fz *z = arg;

	if (aid < 1 || aid > WLAN_AID_MAX || !aid_held(z, aid))
		fail("aid_free of an AID not given out");
	z->aid_map[aid / 64] &= ~(1ull << (aid % 64));
}

static bool svc_count_inc(void *arg, unsigned max)
{
	struct fz *z = arg;

	if (z->exhausted || z->places >= max)
		return false;
	z->places++;
	return true;
}

static void svc_count_dec(void *arg)
{
	struct fz *z = arg;

	if (z->places == 0)
		fail("sta_count_dec without a place taken");
	z->places--;
}

static bool svc_acl(void *arg, const uint8_t mac[6])
{
	(void)mac;
	return !((const struct fz *)arg)->acl_refuses;
}

static int svc_nonce(void *arg, const uint8_t sta[6], uint32_t no,
		     uint8_t out[32])
{
	if (((const struct fz *)arg)->nonce_fails)
		return -1;
	memset(out, (int)(0x5a ^ (no & 0xff)), 32);
	memcpy(out + 26, sta, 6);
	return 0;
}

static uint64_t svc_gtk_rsc(void *arg, unsigned key_id)
{
	(void)arg;
	return 0x10000ull * key_id + 7;
}

/* --- Checks ---------------------------------------------------------- */

/* The services' books against what the station says it holds. */
static void check_books(const struct fz *z)
{
	unsigned n = 0, aid = 0;

	for (unsigned a = 1; a <= WLAN_AID_MAX; a++)
		if (aid_held(z, a))
			n++, aid = a;
	if (!z->sta_used) {
		if (n || z->places)
			fail("AID or place leaked by a removed station");
	} else if (n != (z->sta.aid != 0) || (n && aid != z->sta.aid)) {
		fail("station's AID differs from the AIDs given out");
	} else if (z->places != (z->sta.counted ? 1u : 0u)) {
		fail("station's place differs from the places given out");
	}
}

/* The management subtype of each kind; 0xff: an EAPOL data frame. */
static const uint8_t kind_subtype[] = {
	[AP_FRAME_AUTH] = WLAN_STYPE_AUTH,
	[AP_FRAME_ASSOC_RESP] = WLAN_STYPE_ASSOC_RESP,
	[AP_FRAME_REASSOC_RESP] = WLAN_STYPE_REASSOC_RESP,
	[AP_FRAME_PROBE_RESP] = WLAN_STYPE_PROBE_RESP,
	[AP_FRAME_DEAUTH] = WLAN_STYPE_DEAUTH,
	[AP_FRAME_DISASSOC] = WLAN_STYPE_DISASSOC,
	[AP_FRAME_EAPOL_M1] = 0xff,
	[AP_FRAME_EAPOL_M3] = 0xff,
	[AP_FRAME_EAPOL_G1] = 0xff,
};

/* One output frame: parses, from the BSSID, what its kind says. */
static void check_frame(const struct ap_frame *af, const uint8_t *b,
			size_t len)
{
	unsigned k = af->kind;
	struct eapol_key key;
	struct wlan_mgmt m;
	struct wlan_hdr h;

	if (wlan_parse_hdr(b, len, &h) != WLAN_HDR_OK)
		fail("output frame refused by wlan_parse_hdr");
	if (!h.addr2 || !mac_equal(h.addr2, bssid))
		fail("output frame not from the BSSID");
	if (k >= sizeof(kind_subtype) ||
	    h.type != (kind_subtype[k] == 0xff ? WLAN_FC_TYPE_DATA
					       : WLAN_FC_TYPE_MGMT))
		fail("output frame is not of its kind");
	if (h.type == WLAN_FC_TYPE_MGMT) {
		if (h.subtype != kind_subtype[k])
			fail("output frame is not of its kind");
		if (wlan_parse_mgmt(&h, &m) != WLAN_MGMT_OK ||
		    ie_validate(m.ies, m.ies_len) != IE_ITER_END)
			fail("output management frame malformed");
	} else if (!(af->flags & AP_FRAME_F_EAPOL) ||
		   h.flags != WLAN_FC_FROMDS ||
		   !eapol_is_llc_snap(h.body, h.body_len) ||
		   eapol_parse_key(h.body + EAPOL_LLC_SNAP_LEN,
				   h.body_len - EAPOL_LLC_SNAP_LEN,
				   &key) != EAPOL_OK) {
		fail("output EAPOL frame malformed");
	}
}

/* Everything one call produced; its last frame is kept. */
static void check_out(struct fz *z, enum ap_verdict v)
{
	const struct ap_out *out = &z->out;

	if ((unsigned)v >= AP_VERDICT_COUNT || !ap_verdict_name(v))
		fail("verdict outside its enum");
	if (out->n_frames > AP_OUT_FRAMES_MAX ||
	    out->n_events > AP_OUT_EVENTS_MAX || out->used > sizeof(out->arena))
		fail("struct ap_out overrun");
	for (unsigned i = 0; i < out->n_frames; i++) {
		const struct ap_frame *af = &out->frame[i];
		size_t len;
		const uint8_t *b = ap_out_frame(out, i, &len);

		if (b != out->arena + af->off || len != af->len ||
		    (size_t)af->off + len > out->used)
			fail("output frame outside the arena");
		check_frame(af, b, len);
		memcpy(z->last, b, len);
		z->last_len = len;
	}
	for (unsigned i = 0; i < out->n_events; i++)
		if (out->event[i].kind > AP_EV_REJECTED_MAX_STA ||
		    !ap_event_name(out->event[i].kind))
			fail("event outside its enum");
}

/* --- The worker ------------------------------------------------------ */

/* After a call: its output checked, sta_action carried out. */
static void after(struct fz *z, enum ap_verdict v, bool on_sta, bool fresh)
{
	enum ap_sta_action act = z->out.sta_action;

	check_out(z, v);
	if (!on_sta) {
		if (act != AP_ACT_KEEP)
			fail("ap_rx_nosta asked for a station action");
	} else if (act == AP_ACT_REMOVE) {
		if (z->sta.state != AP_STA_GONE || z->sta.aid ||
		    z->sta.counted)
			fail("removed station still holds state");
		ap_sta_wipe(&z->sta);
		z->sta_used = false;
	} else if (act != AP_ACT_KEEP && act != AP_ACT_INSERT) {
		fail("sta_action outside its enum");
	} else if (fresh != (act == AP_ACT_INSERT)) {
		fail(fresh ? "KEEP for a fresh station"
			   : "INSERT for a station already in the table");
	} else if (z->sta.state == AP_STA_GONE) {
		fail("station gone but not removed");
	}
	check_books(z);
}

/* The station's timers due by t, each at its own deadline. */
static void run_timers(struct fz *z, uint64_t t)
{
	unsigned runs = 0;

	while (z->sta_used && z->sta.deadline && z->sta.deadline <= t) {
		if (++runs > 256)
			fail("timer fired 256 times in one step");
		if (z->sta.deadline > z->now)
			z->now = z->sta.deadline;
		ap_out_reset(&z->out);
		after(z, ap_timeout(&z->ctx, &z->sta, z->now, &z->out), true,
		      false);
		if (z->sta_used && z->sta.deadline &&
		    z->sta.deadline <= z->now)
			fail("deadline not moved on by ap_timeout");
	}
	if (t > z->now)
		z->now = t;
}

/* A received frame, dispatched as core's worker does. */
static void receive(struct fz *z, const uint8_t *buf, size_t len)
{
	bool mine, fresh = false;
	struct wlan_mgmt m;
	struct wlan_hdr h;
	enum ap_verdict v;

	/* The RX thread keeps no control frame: they never reach mlme. */
	if (wlan_parse_hdr(buf, len, &h) != WLAN_HDR_OK ||
	    h.type == WLAN_FC_TYPE_CTRL)
		return;
	mine = z->sta_used && mac_equal(h.addr2, z->sta.addr);
	ap_out_reset(&z->out);
	if (h.type == WLAN_FC_TYPE_DATA) {
		v = mine ? ap_rx_data(&z->ctx, &z->sta, &h, z->now, &z->out)
			 : ap_rx_nosta(&z->ctx, &h, NULL, z->now, &z->out);
	} else if (wlan_parse_mgmt(&h, &m) != WLAN_MGMT_OK) {
		return;
	} else if (mine) {
		v = ap_rx_mgmt(&z->ctx, &z->sta, &h, &m, z->now, &z->out);
	} else if (!ap_creates_sta(&h)) {
		v = ap_rx_nosta(&z->ctx, &h, &m, z->now, &z->out);
	} else if (z->sta_used) {
		return; /* the one slot is taken: a full table */
	} else {
		ap_sta_init(&z->sta, h.addr2, h.addr2[5] % 64, z->now);
		z->sta_used = fresh = true;
		v = ap_rx_mgmt(&z->ctx, &z->sta, &h, &m, z->now, &z->out);
	}
	after(z, v, mine || fresh, fresh);
}

/* TX status of an echoed frame, routed by its receiver. */
static void tx_status(struct fz *z, const uint8_t *buf, size_t len,
		      bool acked)
{
	struct wlan_hdr h;

	if (wlan_parse_hdr(buf, len, &h) != WLAN_HDR_OK ||
	    h.type == WLAN_FC_TYPE_CTRL || !z->sta_used ||
	    !mac_equal(h.addr1, z->sta.addr))
		return;
	ap_out_reset(&z->out);
	after(z, ap_tx_status(&z->ctx, &z->sta, &h, acked, z->now, &z->out),
	      true, false);
}

/* --- Frames from the station ----------------------------------------- */

/* Our BSS and station in the address fields, where the frame has them. */
static void patch_addresses(uint8_t *b, size_t len, bool echo)
{
	unsigned type = len ? (b[0] >> 2) & 3 : WLAN_FC_TYPE_CTRL;

	if (len < 10 ||
	    (type != WLAN_FC_TYPE_MGMT && type != WLAN_FC_TYPE_DATA))
		return;
	memcpy(b + 4, echo ? sta_mac : bssid, 6);
	if (len >= 16)
		memcpy(b + 10, echo ? bssid : sta_mac, 6);
	if (len >= 22 && type == WLAN_FC_TYPE_MGMT)
		memcpy(b + 16, bssid, 6);
}

/* The MIC the station's supplicant would put on its EAPOL-Key frame. */
static void seal(struct fz *z, uint8_t *b, size_t len)
{
	const struct wpa_sta *w = &z->sta.wpa;
	struct eapol_key key;
	struct crypto_ptk ptk;
	struct wlan_hdr h;
	uint8_t *x;

	if (!z->sta_used || w->ptk_state == WPA_PTK_INITIALIZE ||
	    wlan_parse_hdr(b, len, &h) != WLAN_HDR_OK ||
	    h.type != WLAN_FC_TYPE_DATA ||
	    !eapol_is_llc_snap(h.body, h.body_len))
		return;
	x = b + h.hdr_len + EAPOL_LLC_SNAP_LEN;
	if (eapol_parse_key(x, h.body_len - EAPOL_LLC_SNAP_LEN, &key) !=
	    EAPOL_OK)
		return;
	if (w->ptk_state != WPA_PTK_PTKSTART)
		ptk = w->ptk;
	else if (crypto_ptk_derive(&z->bss->pmk, w->kdf, bssid, z->sta.addr,
				   w->anonce, key.nonce, &ptk) != 0)
		return;
	eapol_set_mic(ws, w->mic_alg, ptk.kck, x, key.frame_len);
	crypto_wipe(&ptk, sizeof(ptk));
}

static uint8_t *put_bytes(uint8_t *p, const uint8_t *end, const uint8_t *b,
			  size_t n)
{
	if (!p || (size_t)(end - p) < n)
		return NULL;
	memcpy(p, b, n);
	return p + n;
}

/* bytes[0] bit 0: Reassociation; bit 1: PSK-SHA256 if offered, else the
 * first AKM of the BSS; the other bytes appended as elements. */
static uint8_t *syn_assoc(struct fz *z, uint8_t *p, const uint8_t *end,
			  const uint8_t *b, size_t n)
{
	static const uint8_t wmm_info[] = {0xdd, 0x07, 0x00, 0x50, 0xf2,
					   0x02, 0x00, 0x01, 0x00};
	const struct ie_ht_capab ht = {.mcs = {0xff}};
	const struct bss *bss = z->bss;
	struct rsn_config rsn = {.group_cipher = RSN_CIPHER_CCMP,
				 .pairwise_ciphers = RSN_CIPHER_CCMP};
	uint8_t sel = n ? b[0] : 0;
	uint16_t capab = WLAN_CAPAB_ESS | (bss->rsn ? WLAN_CAPAB_PRIVACY : 0);

	rsn.akms = bss->rsn_cfg.akms & RSN_AKM_PSK ? RSN_AKM_PSK
						    : RSN_AKM_PSK_SHA256;
	if ((sel & 2) && (bss->rsn_cfg.akms & RSN_AKM_PSK_SHA256))
		rsn.akms = RSN_AKM_PSK_SHA256;
	p = wlan_put_mgmt_hdr(p, end,
			      sel & 1 ? WLAN_STYPE_REASSOC_REQ
				      : WLAN_STYPE_ASSOC_REQ,
			      bssid, sta_mac, bssid, z->seq++);
	p = sel & 1 ? wlan_put_reassoc_req(p, end, capab, 10, bssid)
		    : wlan_put_assoc_req(p, end, capab, 10);
	p = ie_put_ssid(p, end, bss->ssid, bss->ssid_len);
	p = ie_put_supp_rates(p, end, &bss->rates);
	p = ie_put_ext_rates(p, end, &bss->rates);
	if (bss->rsn && p)
		p = rsn_put_ie(p, end, &rsn);
	if (bss->ht)
		p = ie_put_ht_capab(p, end, &ht);
	if (bss->wmm)
		p = put_bytes(p, end, wmm_info, sizeof(wmm_info));
	return n ? put_bytes(p, end, b + 1, n - 1) : p;
}

/* M2, M4 or G2 of the station, for the last EAPOL-Key frame it got. */
static uint8_t *syn_key(struct fz *z, enum fz_op op, uint8_t *p,
			const uint8_t *end, const uint8_t *b, size_t n)
{
	const struct ap_sta *s = &z->sta;
	uint8_t snonce[EAPOL_NONCE_LEN] = {0};
	struct eapol_key_params kp = {
		.version = WPA_EAPOL_VERSION,
		.desc_type = EAPOL_DESC_RSN,
		.info = EAPOL_KI_MIC | (s->wpa.akm == RSN_AKM_PSK_SHA256
						? EAPOL_KEY_V_CMAC_AES
						: EAPOL_KEY_V_SHA1_AES),
		.replay_counter = s->wpa.replay_counter,
	};

	memcpy(snonce, b, n < sizeof(snonce) ? n : sizeof(snonce));
	if (op == OP_SYN_M2) {
		kp.info |= EAPOL_KI_PAIRWISE;
		kp.key_len = 16;
		kp.nonce = snonce;
		kp.key_data = s->rsn_ie;
		kp.key_data_len = s->rsn_ie_len;
	} else if (op == OP_SYN_M4) {
		kp.info |= EAPOL_KI_PAIRWISE | EAPOL_KI_SECURE;
		kp.key_len = 16;
	} else {
		kp.info |= EAPOL_KI_SECURE;
	}
	p = wlan_put_data_hdr(p, end, WLAN_FC_TODS, bssid, sta_mac, bssid,
			      z->seq++, -1);
	p = eapol_put_llc_snap(p, end);
	return p ? eapol_build_key(p, end, &kp) : NULL;
}

/* --- Ops ------------------------------------------------------------- */

/* The bytes as a frame, in a buffer of their exact size (so that the
 * sanitizer sees a read past the frame), addresses patched unless raw. */
static void frame_op(struct fz *z, unsigned op, const uint8_t *b, size_t n)
{
	enum fz_op what = (op & 0x0f) % OP_COUNT;
	bool echo = what == OP_TXS_ACK || what == OP_TXS_NOACK;
	uint8_t *f = malloc(n ? n : 1);

	if (!f)
		fail("out of memory");
	memcpy(f, b, n);
	if (!(op & OP_RAW))
		patch_addresses(f, n, echo);
	if (what == OP_RX_SEALED || what >= OP_SYN_M2)
		seal(z, f, n);
	if (echo)
		tx_status(z, f, n, what == OP_TXS_ACK);
	else
		receive(z, f, n);
	free(f);
}

/* Operator and timer ops on the station in the slot. */
static void station_op(struct fz *z, enum fz_op op, const uint8_t *b,
		       size_t n)
{
	uint16_t reason = n >= 2 ? get_le16(b) : WLAN_REASON_DEAUTH_LEAVING;
	enum ap_verdict v;

	if (!z->sta_used)
		return;
	if (op == OP_TIMER) {
		run_timers(z, z->sta.deadline);
		return;
	}
	if (op == OP_REKEY && ap_ctx_set_epoch(&z->ctx, ++z->epoch) != 0)
		fail("ap_ctx_set_epoch failed");
	ap_out_reset(&z->out);
	if (op == OP_DEAUTH)
		v = ap_deauth(&z->ctx, &z->sta, reason, z->now, &z->out);
	else if (op == OP_DISASSOC)
		v = ap_disassoc(&z->ctx, &z->sta, reason, z->now, &z->out);
	else
		v = ap_rekey_group(&z->ctx, &z->sta, z->now, &z->out);
	if (op == OP_DEAUTH && z->out.sta_action != AP_ACT_REMOVE)
		fail("ap_deauth kept the station");
	after(z, v, true, false);
}

static void run_op(struct fz *z, uint8_t op, const uint8_t *b, size_t n)
{
	enum fz_op what = (op & 0x0f) % OP_COUNT;
	uint8_t *buf, *p;

	z->acl_refuses = op & OP_ACL_REFUSES;
	z->nonce_fails = op & OP_NONCE_FAILS;
	z->exhausted = op & OP_EXHAUSTED;
	if ((what == OP_TXS_ACK || what == OP_TXS_NOACK) && n == 0) {
		if (z->last_len)
			tx_status(z, z->last, z->last_len, what == OP_TXS_ACK);
	} else if (what <= OP_TXS_NOACK) {
		frame_op(z, op, b, n);
	} else if (what < OP_SYN_ASSOC) {
		station_op(z, what, b, n);
	} else if (what == OP_SYN_ASSOC || z->sta_used) {
		buf = malloc(FZ_FRAME_BUF);
		if (!buf)
			fail("out of memory");
		p = what == OP_SYN_ASSOC
			    ? syn_assoc(z, buf, buf + FZ_FRAME_BUF, b, n)
			    : syn_key(z, what, buf, buf + FZ_FRAME_BUF, b, n);
		if (p)
			frame_op(z, what | OP_RAW, buf, (size_t)(p - buf));
		free(buf);
	}
	z->acl_refuses = z->nonce_fails = z->exhausted = false;
}

/* --- Set-up and the input -------------------------------------------- */

/* 0: WPA2-PSK, 802.11b; 1: PSK and PSK-SHA256, 802.11g, HT, WMM, 30 s
 * inactivity; 2: open, 802.11g, WMM; 3: PSK-SHA256, 5 GHz, HT, hidden
 * SSID, one station, Country, fewer EAPOL-Key retries. */
static void variant(struct bss *b, unsigned i)
{
	static const uint8_t pmk[32] = "fuzz_ap: the PMK of every BSS..";
	static const uint32_t akms[FZ_VARIANTS] = {
		RSN_AKM_PSK, RSN_AKM_PSK | RSN_AKM_PSK_SHA256, 0,
		RSN_AKM_PSK_SHA256};

	bss_init(b);
	memcpy(b->bssid, bssid, 6);
	memcpy(b->ssid, "rapd-fuzz", 9);
	b->ssid_len = 9;
	if (i == 1 || i == 2) {
		b->hw_mode = BSS_HW_MODE_G;
		b->channel = i == 1 ? 6 : 11;
		b->wmm = true;
		b->ht = i == 1;
		b->max_inactivity = 30;
	} else if (i == 3) {
		b->hw_mode = BSS_HW_MODE_A;
		b->channel = 36;
		b->ht = true;
		b->ignore_broadcast_ssid = BSS_SSID_EMPTY;
		b->max_sta = 1;
		b->pairwise_update_count = 2;
		b->group_update_count = 1;
		b->country_ie = true;
		memcpy(b->cc, "DE ", 3);
	}
	bss_default_rates(b->hw_mode, &b->rates);
	if ((akms[i] && bss_set_rsn(b, akms[i], pmk) != 0) ||
	    bss_finish(b) != 0 || bss_check(b) != BSS_OK)
		fail("BSS variant refused");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (crypto_init() != 0 || !(ws = crypto_ws_new()))
		fail("crypto set-up failed");
	for (unsigned i = 0; i < FZ_VARIANTS; i++)
		variant(&variants[i], i);
	return 0;
}

static void start(struct fz *z, uint8_t settings)
{
	static const uint8_t gmk[WPA_GMK_LEN] = "fuzz_ap: the group master key";

	memset(z, 0, sizeof(*z));
	z->ops = (struct ap_ops){
		.aid_alloc = svc_aid_alloc,
		.aid_free = svc_aid_free,
		.sta_count_inc = svc_count_inc,
		.sta_count_dec = svc_count_dec,
		.acl_allows = svc_acl,
		.nonce = svc_nonce,
		.gtk_rsc = settings & 0x04 ? svc_gtk_rsc : NULL,
	};
	z->bss = &variants[settings % FZ_VARIANTS];
	z->now = 1000 * AP_NS_PER_S;
	if (ap_ctx_init(&z->ctx, z->bss, ws, &z->ops, z, gmk, 0) != 0)
		fail("ap_ctx_init failed");
}

/* Shutdown: the station left is deauthenticated; nothing may leak. */
static void finish(struct fz *z)
{
	station_op(z, OP_DEAUTH, NULL, 0);
	if (z->sta_used)
		fail("station left after ap_deauth");
	check_books(z);
	ap_ctx_wipe(&z->ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *cut;
	unsigned chunks = 1;

	cut = size ? memmem(p, size, SEP, sizeof(SEP)) : NULL;
	if (!cut)
		cut = end;
	if (cut - p < FZ_MIN_FRAME) {
		start(&fz, cut > p ? p[0] : 0);
	} else {
		start(&fz, 0);
		run_op(&fz, OP_RX, p, (size_t)(cut - p));
	}
	while (cut < end && chunks++ < FZ_CHUNKS_MAX) {
		size_t n;

		p = cut + sizeof(SEP);
		cut = memmem(p, (size_t)(end - p), SEP, sizeof(SEP));
		if (!cut)
			cut = end;
		n = (size_t)(cut - p);
		run_timers(&fz, fz.now + (n > 1 ? (uint64_t)p[1] * p[1] : 0) *
					     5 * AP_NS_PER_MS);
		run_op(&fz, n ? p[0] : OP_RX, p + (n > 2 ? 2 : n),
		       n > 2 ? n - 2 : 0);
	}
	finish(&fz);
	return 0;
}
