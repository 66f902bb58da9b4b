/*
 * handshake.c - `rapd-trace check-handshake`: finds the 4-way handshakes
 * of a capture, pairs their messages and verifies every MIC with a PMK
 * (main.c parses the options and derives the PMK).
 *
 * Single-threaded; owns copies of every EAPOL-Key frame of the capture
 * (the pcap buffer is reused per record) and the PMK, wiped at the end.
 * Frames are decoded by rapd's codec (rtrace_decode_wlan: 802.11, LLC/SNAP,
 * eapol_parse_key, eapol_classify); keys come from crypto_* and MICs are
 * checked by eapol_verify_mic, as rapd checks them live.
 *
 * Pairing (IEEE Std 802.11-2020 12.7.6): M1 and M3 come from the AP
 * (transmitter = BSSID), M2 and M4 from the station. A handshake is keyed
 * by (AP, STA, ANonce):
 *   M1  joins the newest handshake of (AP, STA) with its ANonce, else
 *       starts one (an AP that resends M1 keeps its ANonce);
 *   M2  answers the newest handshake holding an M1 with its replay
 *       counter; else it starts one whose ANonce is not known yet;
 *   M3  carries the ANonce of M1 and a replay counter above M1's; else it
 *       gives its ANonce to the newest handshake of M2s without one;
 *   M4  echoes the replay counter of an M3; else it joins the newest
 *       handshake with an M2 of a lower replay counter.
 * A message whose bytes equal an earlier one of its handshake is a copy
 * (a retransmission): it counts once but is verified like the first.
 * PTK = PRF-SHA1 (key descriptor versions 1, 2) or KDF-SHA256 (version 3)
 * of the PMK over AA, SPA, ANonce and the SNonce of an M2 (or of an M4 that
 * repeats it); M2 is checked with its own SNonce, M3 and M4 with each
 * SNonce of the handshake (the one the AP took verifies).
 * Networks: an AP whose beacon or probe response names another SSID than
 * --ssid is reported and not verified (its PSK would differ).
 */
#include "trace.h"

#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/eapol.h>
#include <rapd/ie.h>

#include <stdlib.h>
#include <string.h>

enum hs_mic {
	HS_MIC_NONE,	  /* M1: no MIC to check */
	HS_MIC_UNCHECKED, /* no PTK: a nonce is missing or the version is 0 */
	HS_MIC_OK,
	HS_MIC_BAD,
};

enum hs_result {
	HS_VERIFIED,	/* every MIC checked is right, at least one */
	HS_MIC_FAILURE, /* a MIC is wrong: wrong PSK (or forged frame) */
	HS_UNCHECKED,	/* nothing to check (M1 only, nonce missing) */
	HS_OTHER_SSID,	/* the AP announces another SSID */
};

struct hs_msg {
	unsigned long frame;
	enum eapol_msg msg;
	uint8_t ap[6], sta[6];
	uint64_t rc;
	uint8_t nonce[EAPOL_NONCE_LEN];
	unsigned keyver;
	uint8_t *eapol; /* copy of the 802.1X frame */
	size_t eapol_len;
	size_t hs;
	bool copy;
	enum hs_mic mic;
};

struct hs {
	uint8_t ap[6], sta[6];
	bool has_anonce;
	uint8_t anonce[EAPOL_NONCE_LEN];
};

struct ap_ssid {
	uint8_t bssid[6];
	uint8_t ssid[IE_SSID_MAX];
	size_t ssid_len;
};

struct hs_set {
	struct hs_msg *msgs;
	size_t n_msgs, cap_msgs;
	struct hs *hs;
	size_t n_hs, cap_hs;
	struct ap_ssid *aps;
	size_t n_aps, cap_aps;
};

/* Grows *arr (of size elements) to hold one more; false when out of
 * memory. */
static bool grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t new_cap;

	if (n < *cap)
		return true;
	new_cap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, new_cap * size);
	if (!p)
		return false;
	*arr = p;
	*cap = new_cap;
	return true;
}

static bool is_from_ap(enum eapol_msg msg)
{
	return msg == EAPOL_MSG_M1 || msg == EAPOL_MSG_M3;
}

static bool same_link(const struct hs *h, const struct hs_msg *m)
{
	return mac_equal(h->ap, m->ap) && mac_equal(h->sta, m->sta);
}

enum rc_cmp { RC_EQ, RC_LT };

/* Does handshake h hold a message of kind msg whose replay counter is
 * equal to / lower than rc? */
static bool hs_has(const struct hs_set *s, size_t h, enum eapol_msg msg,
		   enum rc_cmp cmp, uint64_t rc)
{
	for (size_t i = 0; i < s->n_msgs; i++) {
		const struct hs_msg *m = &s->msgs[i];

		if (m->hs != h || m->msg != msg)
			continue;
		if (cmp == RC_EQ ? m->rc == rc : m->rc < rc)
			return true;
	}
	return false;
}

static bool has_msg(const struct hs_set *s, size_t h, enum eapol_msg msg)
{
	return hs_has(s, h, msg, RC_LT, UINT64_MAX) ||
	       hs_has(s, h, msg, RC_EQ, UINT64_MAX);
}

static bool anonce_is(const struct hs *h, const struct hs_msg *m)
{
	return h->has_anonce && !memcmp(h->anonce, m->nonce, EAPOL_NONCE_LEN);
}

/* The pairing rule of m's kind for handshake h (see the top comment);
 * fallback selects the second-choice rule. */
static bool hs_takes(const struct hs_set *s, size_t h, const struct hs_msg *m,
		     bool fallback)
{
	const struct hs *hs = &s->hs[h];

	switch (m->msg) {
	case EAPOL_MSG_M1:
		return !fallback && anonce_is(hs, m);
	case EAPOL_MSG_M2:
		return !fallback && hs_has(s, h, EAPOL_MSG_M1, RC_EQ, m->rc);
	case EAPOL_MSG_M3:
		if (fallback)
			return !hs->has_anonce &&
			       hs_has(s, h, EAPOL_MSG_M2, RC_LT, m->rc);
		return anonce_is(hs, m) &&
		       (hs_has(s, h, EAPOL_MSG_M1, RC_LT, m->rc) ||
			!has_msg(s, h, EAPOL_MSG_M1));
	case EAPOL_MSG_M4:
		if (fallback)
			return hs_has(s, h, EAPOL_MSG_M2, RC_LT, m->rc);
		return hs_has(s, h, EAPOL_MSG_M3, RC_EQ, m->rc);
	case EAPOL_MSG_UNKNOWN:
	case EAPOL_MSG_G1:
	case EAPOL_MSG_G2:
	case EAPOL_MSG_REQUEST:
		break;
	}
	return false;
}

/* Index of the handshake m belongs to, creating it when none fits;
 * (size_t)-1 when out of memory. */
static size_t pair(struct hs_set *s, const struct hs_msg *m)
{
	struct hs *h;

	for (int fallback = 0; fallback < 2; fallback++) {
		for (size_t i = s->n_hs; i-- > 0;) {
			if (same_link(&s->hs[i], m) &&
			    hs_takes(s, i, m, fallback))
				return i;
		}
	}
	if (!grow((void **)&s->hs, &s->cap_hs, s->n_hs, sizeof(*s->hs)))
		return (size_t)-1;
	h = &s->hs[s->n_hs];
	memset(h, 0, sizeof(*h));
	memcpy(h->ap, m->ap, 6);
	memcpy(h->sta, m->sta, 6);
	return s->n_hs++;
}

static bool is_copy(const struct hs_set *s, const struct hs_msg *m)
{
	for (size_t i = 0; i < s->n_msgs; i++) {
		const struct hs_msg *o = &s->msgs[i];

		if (o->hs == m->hs && o->msg == m->msg &&
		    o->eapol_len == m->eapol_len &&
		    !memcmp(o->eapol, m->eapol, m->eapol_len))
			return true;
	}
	return false;
}

static int add_msg(struct hs_set *s, unsigned long frame,
		   const struct rtrace_wlan *w)
{
	struct hs_msg m = {.frame = frame, .msg = w->msg};
	struct hs *h;

	if (!w->addr1 || !w->addr2)
		return 0;
	memcpy(m.ap, is_from_ap(m.msg) ? w->addr2 : w->addr1, 6);
	memcpy(m.sta, is_from_ap(m.msg) ? w->addr1 : w->addr2, 6);
	m.rc = w->key.replay_counter;
	memcpy(m.nonce, w->key.nonce, EAPOL_NONCE_LEN);
	m.keyver = eapol_key_desc_version(&w->key);
	m.hs = pair(s, &m);
	if (m.hs == (size_t)-1)
		return -1;
	h = &s->hs[m.hs];
	if (is_from_ap(m.msg) && !h->has_anonce) {
		h->has_anonce = true;
		memcpy(h->anonce, m.nonce, EAPOL_NONCE_LEN);
	}
	m.eapol = malloc(w->key.frame_len);
	if (!m.eapol)
		return -1;
	memcpy(m.eapol, w->key.frame, w->key.frame_len);
	m.eapol_len = w->key.frame_len;
	m.copy = is_copy(s, &m);
	if (!grow((void **)&s->msgs, &s->cap_msgs, s->n_msgs,
		  sizeof(*s->msgs))) {
		free(m.eapol);
		return -1;
	}
	s->msgs[s->n_msgs++] = m;
	return 0;
}

static bool same_ssid(const struct ap_ssid *a, const uint8_t *ssid, size_t len)
{
	return a->ssid_len == len && !memcmp(a->ssid, ssid, len);
}

/* Records each (BSSID, SSID) pair a beacon or probe response announces;
 * a hidden SSID (empty or all zero octets) says nothing. */
static int note_ssid(struct hs_set *s, const struct rtrace_wlan *w)
{
	struct ap_ssid *a;
	bool hidden = true;

	for (size_t i = 0; i < w->ssid_len; i++)
		hidden &= w->ssid[i] == 0;
	if (!w->addr3 || hidden || w->ssid_len > IE_SSID_MAX)
		return 0;
	for (size_t i = 0; i < s->n_aps; i++) {
		if (mac_equal(s->aps[i].bssid, w->addr3) &&
		    same_ssid(&s->aps[i], w->ssid, w->ssid_len))
			return 0;
	}
	if (!grow((void **)&s->aps, &s->cap_aps, s->n_aps, sizeof(*s->aps)))
		return -1;
	a = &s->aps[s->n_aps++];
	memcpy(a->bssid, w->addr3, 6);
	memcpy(a->ssid, w->ssid, w->ssid_len);
	a->ssid_len = w->ssid_len;
	return 0;
}

static bool is_handshake_msg(enum eapol_msg msg)
{
	return msg == EAPOL_MSG_M1 || msg == EAPOL_MSG_M2 ||
	       msg == EAPOL_MSG_M3 || msg == EAPOL_MSG_M4;
}

/*
 * Reads the capture into s. -1 when the file cannot be opened or memory
 * runs out (message printed); a file cut short is read up to the cut,
 * with a warning, so its handshakes are still checked.
 */
static int collect(struct hs_set *s, const char *path)
{
	char err[RTRACE_ERR_LEN];
	struct rtrace_frame f = {0};
	struct rtrace_wlan w;
	struct rtrace_in *in = rtrace_open(path, err, sizeof(err));
	int r;

	if (!in) {
		fprintf(stderr, "rapd-trace: %s\n", err);
		return -1;
	}
	while ((r = rtrace_next(in, &f, err, sizeof(err))) == 1) {
		rtrace_decode_wlan(&f, &w);
		if (w.has_ssid && w.ssid_announce && note_ssid(s, &w) < 0)
			r = -2;
		else if (w.has_eapol_key && is_handshake_msg(w.msg) &&
			 add_msg(s, f.index, &w) < 0)
			r = -2;
		if (r == -2)
			break;
	}
	if (r == -1)
		fprintf(stderr,
			"rapd-trace: %s: warning: read stopped after "
			"%lu records: %s\n",
			path, f.index, err);
	if (r == -2)
		fprintf(stderr, "rapd-trace: out of memory\n");
	rtrace_close(in);
	return r == -2 ? -1 : 0;
}

static enum hs_mic check_mic(struct crypto_ws *ws, const struct crypto_pmk *pmk,
			     const struct hs *h, const struct hs_msg *m,
			     const uint8_t *snonce)
{
	struct eapol_key key;
	enum crypto_mic_alg alg;
	struct crypto_ptk ptk;
	enum eapol_verdict v;

	if (eapol_parse_key(m->eapol, m->eapol_len, &key) != EAPOL_OK ||
	    !eapol_key_mic_alg(&key, &alg))
		return HS_MIC_UNCHECKED;
	crypto_ptk_derive(
		pmk, alg == CRYPTO_MIC_AES_CMAC ? CRYPTO_SHA256 : CRYPTO_SHA1,
		h->ap, h->sta, h->anonce, snonce, &ptk);
	v = eapol_verify_mic(ws, alg, ptk.kck, &key);
	crypto_wipe(&ptk, sizeof(ptk));
	if (v == EAPOL_OK)
		return HS_MIC_OK;
	return v == EAPOL_BAD_MIC ? HS_MIC_BAD : HS_MIC_UNCHECKED;
}

static bool is_zero(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i])
			return false;
	}
	return true;
}

/* A message of the handshake that carries the station's SNonce. */
static bool gives_snonce(const struct hs_msg *o)
{
	return o->msg == EAPOL_MSG_M2 ||
	       (o->msg == EAPOL_MSG_M4 && !is_zero(o->nonce, EAPOL_NONCE_LEN));
}

static void verify_msg(struct crypto_ws *ws, const struct crypto_pmk *pmk,
		       const struct hs_set *s, struct hs_msg *m)
{
	const struct hs *h = &s->hs[m->hs];

	m->mic = m->msg == EAPOL_MSG_M1 ? HS_MIC_NONE : HS_MIC_UNCHECKED;
	if (m->msg == EAPOL_MSG_M1 || !h->has_anonce)
		return;
	if (m->msg == EAPOL_MSG_M2) {
		m->mic = check_mic(ws, pmk, h, m, m->nonce);
		return;
	}
	for (size_t i = 0; i < s->n_msgs; i++) {
		const struct hs_msg *o = &s->msgs[i];
		enum hs_mic r;

		if (o->hs != m->hs || !gives_snonce(o))
			continue;
		r = check_mic(ws, pmk, h, m, o->nonce);
		if (r == HS_MIC_OK) {
			m->mic = r;
			return;
		}
		if (r == HS_MIC_BAD)
			m->mic = r;
	}
}

/* An SSID the AP announced when none of its announcements is ssid (the
 * network the PSK is for), else NULL. */
static const struct ap_ssid *other_network(const struct hs_set *s,
					   const uint8_t *ap,
					   const uint8_t *ssid, size_t len)
{
	const struct ap_ssid *other = NULL;

	for (size_t i = 0; ssid && i < s->n_aps; i++) {
		if (!mac_equal(s->aps[i].bssid, ap))
			continue;
		if (same_ssid(&s->aps[i], ssid, len))
			return NULL;
		other = &s->aps[i];
	}
	return other;
}

static enum hs_result hs_result(const struct hs_set *s, size_t h)
{
	unsigned ok = 0, bad = 0;

	for (size_t i = 0; i < s->n_msgs; i++) {
		if (s->msgs[i].hs != h)
			continue;
		ok += s->msgs[i].mic == HS_MIC_OK;
		bad += s->msgs[i].mic == HS_MIC_BAD;
	}
	if (bad)
		return HS_MIC_FAILURE;
	return ok ? HS_VERIFIED : HS_UNCHECKED;
}

static const char *mic_str(enum hs_mic mic)
{
	switch (mic) {
	case HS_MIC_OK:
		return "ok";
	case HS_MIC_BAD:
		return "bad";
	case HS_MIC_UNCHECKED:
	case HS_MIC_NONE:
		break;
	}
	return "unchecked";
}

static const char *result_str(enum hs_result r)
{
	switch (r) {
	case HS_VERIFIED:
		return "verified";
	case HS_MIC_FAILURE:
		return "mic-failure";
	case HS_UNCHECKED:
		return "unchecked";
	case HS_OTHER_SSID:
		return "other-ssid";
	}
	return "?";
}

/* "M1x2,M2,M3,M4": each kind present, with the count of distinct
 * messages (copies excluded) when above one. */
static void print_messages(FILE *out, const struct hs_set *s, size_t h)
{
	const char *sep = "";

	for (int k = EAPOL_MSG_M1; k <= EAPOL_MSG_M4; k++) {
		unsigned n = 0;

		for (size_t i = 0; i < s->n_msgs; i++)
			n += s->msgs[i].hs == h && (int)s->msgs[i].msg == k &&
			     !s->msgs[i].copy;
		if (!n)
			continue;
		fprintf(out, "%sM%d", sep, k - EAPOL_MSG_M1 + 1);
		if (n > 1)
			fprintf(out, "x%u", n);
		sep = ",";
	}
}

/* "M2=ok,M3=ok,M4=ok": one entry per distinct message with a MIC. */
static void print_mics(FILE *out, const struct hs_set *s, size_t h)
{
	const char *sep = "";

	for (int k = EAPOL_MSG_M2; k <= EAPOL_MSG_M4; k++) {
		for (size_t i = 0; i < s->n_msgs; i++) {
			const struct hs_msg *m = &s->msgs[i];

			if (m->hs != h || (int)m->msg != k || m->copy)
				continue;
			fprintf(out, "%sM%d=%s", sep, k - EAPOL_MSG_M1 + 1,
				mic_str(m->mic));
			sep = ",";
		}
	}
	if (!*sep)
		fputc('-', out);
}

static void print_hs(FILE *out, const struct hs_set *s, size_t h,
		     enum hs_result r, const struct ap_ssid *ap)
{
	char a[MAC_STR_LEN], b[MAC_STR_LEN];
	const char *sep = "";
	unsigned keyver = 0;

	fprintf(out, "%s\t%s\t", mac_str(s->hs[h].ap, a),
		mac_str(s->hs[h].sta, b));
	print_messages(out, s, h);
	fputc('\t', out);
	print_mics(out, s, h);
	for (size_t i = s->n_msgs; i-- > 0;) {
		if (s->msgs[i].hs == h)
			keyver = s->msgs[i].keyver; /* ends on the first */
	}
	fprintf(out, "\t%u\t", keyver);
	for (size_t i = 0; i < s->n_msgs; i++) {
		if (s->msgs[i].hs == h) {
			fprintf(out, "%s%lu", sep, s->msgs[i].frame);
			sep = ",";
		}
	}
	fprintf(out, "\t%s", result_str(r));
	if (r == HS_OTHER_SSID) {
		fputc(':', out);
		rtrace_put_escaped(out, ap->ssid, ap->ssid_len);
	}
	fputc('\n', out);
}

/* Verifies and prints every handshake; returns how many verified. */
static unsigned report(FILE *out, struct hs_set *s, struct crypto_ws *ws,
		       const struct crypto_pmk *pmk, const uint8_t *ssid,
		       size_t ssid_len)
{
	unsigned verified = 0;

	fputs("#ap\tsta\tmessages\tmic\tkeyver\tframes\tresult\n", out);
	for (size_t h = 0; h < s->n_hs; h++) {
		const struct ap_ssid *other =
			other_network(s, s->hs[h].ap, ssid, ssid_len);
		enum hs_result r = HS_OTHER_SSID;

		for (size_t i = 0; !other && i < s->n_msgs; i++) {
			if (s->msgs[i].hs == h)
				verify_msg(ws, pmk, s, &s->msgs[i]);
		}
		if (!other)
			r = hs_result(s, h);
		verified += r == HS_VERIFIED;
		print_hs(out, s, h, r, other);
	}
	fprintf(out, "# %zu handshake(s), %u verified\n", s->n_hs, verified);
	return verified;
}

static void hs_set_free(struct hs_set *s)
{
	for (size_t i = 0; i < s->n_msgs; i++)
		free(s->msgs[i].eapol);
	free(s->msgs);
	free(s->hs);
	free(s->aps);
}

int rtrace_check_handshakes(FILE *out, const char *path,
			    const struct crypto_pmk *pmk, const uint8_t *ssid,
			    size_t ssid_len)
{
	struct hs_set s = {0};
	struct crypto_ws *ws = crypto_ws_new();
	int r = -1;

	if (!ws) {
		fprintf(stderr, "rapd-trace: OpenSSL workspace failed\n");
		return -1;
	}
	if (collect(&s, path) == 0)
		r = (int)report(out, &s, ws, pmk, ssid, ssid_len);
	hs_set_free(&s);
	crypto_ws_free(ws);
	return r;
}
