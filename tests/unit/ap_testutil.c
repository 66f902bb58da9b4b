/*
 * ap_testutil.c - the access point tests' tiny worker, frame builders for
 * a station, and a test supplicant (see ap_testutil.h). Test code only,
 * single-threaded; linked into every unit test program by the Makefile.
 * Frames are built with the codec's builders (wlan_put_*, ie_put_*,
 * eapol_build_key) and the AP's output is parsed back with its parsers.
 */
#include "check.h"
#include "ap_testutil.h"

#include <rapd/bytes.h>
#include <rapd/crypto.h>

const uint8_t apt_bssid[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x00};
const uint8_t apt_pmk[32] = {
	0xee, 0x51, 0x88, 0x37, 0x93, 0xa6, 0xf6, 0x8e, 0x96, 0x15, 0xfe,
	0x73, 0xc8, 0x0a, 0x3a, 0xa6, 0xf2, 0xdd, 0x0e, 0xa5, 0x37, 0xbc,
	0xe6, 0x27, 0xb9, 0x29, 0x18, 0x3c, 0xc6, 0xe5, 0x79, 0x25,
};
const uint8_t apt_gmk[WPA_GMK_LEN] = {
	0x47, 0x4d, 0x4b, 0x20, 0x6f, 0x66, 0x20, 0x74, 0x68, 0x65, 0x20,
	0x75, 0x6e, 0x69, 0x74, 0x20, 0x74, 0x65, 0x73, 0x74, 0x73, 0x2e,
};

static struct crypto_ws *ws;

struct crypto_ws *apt_ws(void)
{
	if (!ws) {
		CHECK(crypto_init() == 0);
		ws = crypto_ws_new();
		CHECK(ws != NULL);
	}
	return ws;
}

void apt_cleanup(void)
{
	crypto_ws_free(ws);
	ws = NULL;
	crypto_cleanup();
}

/* --- Fake core services ------------------------------------------------ */

static bool aid_take(struct apt_env *e, unsigned a)
{
	uint64_t bit = 1ull << (a % 64);

	if (e->aid_map[a / 64] & bit)
		return false;
	e->aid_map[a / 64] |= bit;
	return true;
}

static uint16_t fake_aid_alloc(void *arg, unsigned shard)
{
	struct apt_env *e = arg;
	unsigned a;

	for (a = shard % 64 ? shard % 64 : 64; a <= WLAN_AID_MAX; a += 64)
		if (aid_take(e, a))
			return (uint16_t)a;
	for (a = 1; a <= WLAN_AID_MAX; a++)
		if (aid_take(e, a))
			return (uint16_t)a;
	return 0;
}

static void fake_aid_free(void *arg, uint16_t aid)
{
	struct apt_env *e = arg;

	CHECK(aid >= 1 && aid <= WLAN_AID_MAX);
	CHECK(e->aid_map[aid / 64] & (1ull << (aid % 64)));
	e->aid_map[aid / 64] &= ~(1ull << (aid % 64));
}

static bool fake_count_inc(void *arg, unsigned max)
{
	struct apt_env *e = arg;

	if (e->n_sta >= max)
		return false;
	e->n_sta++;
	return true;
}

static void fake_count_dec(void *arg)
{
	struct apt_env *e = arg;

	CHECK(e->n_sta > 0);
	e->n_sta--;
}

static bool fake_acl(void *arg, const uint8_t mac[6])
{
	struct apt_env *e = arg;

	for (unsigned i = 0; i < e->n_deny; i++)
		if (mac_equal(e->deny[i], mac))
			return false;
	return true;
}

/* ANonce: 0xa0 + handshake number, then the station's address. */
static int fake_nonce(void *arg, const uint8_t sta[6], uint32_t no,
		      uint8_t out[32])
{
	struct apt_env *e = arg;

	e->nonce_calls++;
	if (e->nonce_fails)
		return -1;
	memset(out, (int)(0xa0 + (no & 0x0f)), 32);
	memcpy(out + 26, sta, 6);
	return 0;
}

static uint64_t fake_gtk_rsc(void *arg, unsigned key_id)
{
	struct apt_env *e = arg;

	return e->gtk_pn;
}

/* --- The env --------------------------------------------------------- */

void apt_env_refresh(struct apt_env *e)
{
	CHECK(bss_finish(&e->bss) == 0);
	CHECK_EQ_INT(bss_check(&e->bss), BSS_OK);
	CHECK(ap_ctx_init(&e->ctx, &e->bss, apt_ws(), &e->ops, e, apt_gmk, 0) ==
	      0);
}

void apt_env_init(struct apt_env *e, uint32_t akms)
{
	memset(e, 0, sizeof(*e));
	bss_init(&e->bss);
	memcpy(e->bss.bssid, apt_bssid, 6);
	memcpy(e->bss.ssid, "rapd-test", 9);
	e->bss.ssid_len = 9;
	e->bss.hw_mode = BSS_HW_MODE_G;
	e->bss.channel = 6;
	bss_default_rates(BSS_HW_MODE_G, &e->bss.rates);
	if (akms)
		CHECK(bss_set_rsn(&e->bss, akms, apt_pmk) == 0);
	e->ops = (struct ap_ops){
		.aid_alloc = fake_aid_alloc,
		.aid_free = fake_aid_free,
		.sta_count_inc = fake_count_inc,
		.sta_count_dec = fake_count_dec,
		.acl_allows = fake_acl,
		.nonce = fake_nonce,
		.gtk_rsc = fake_gtk_rsc,
	};
	e->now = 1000 * AP_NS_PER_S;
	apt_env_refresh(e);
}

static int slot_of(const struct apt_env *e, const uint8_t addr[6])
{
	for (int i = 0; i < APT_STA_MAX; i++)
		if (e->used[i] && mac_equal(e->sta[i].addr, addr))
			return i;
	return -1;
}

struct ap_sta *apt_sta(struct apt_env *e, const uint8_t addr[6])
{
	int i = slot_of(e, addr);

	return i < 0 ? NULL : &e->sta[i];
}

/* Every frame out must parse and come from the BSS. */
static void check_out(const struct apt_env *e)
{
	for (unsigned i = 0; i < e->out.n_frames; i++) {
		struct wlan_hdr h = apt_hdr(&e->out, i);
		struct eapol_key key;

		CHECK(h.addr2 && mac_equal(h.addr2, e->bss.bssid));
		if (h.type == WLAN_FC_TYPE_MGMT) {
			struct wlan_mgmt m = apt_mgmt(&e->out, i);

			CHECK_EQ_INT(ie_validate(m.ies, m.ies_len),
				     IE_ITER_END);
			continue;
		}
		CHECK_EQ_INT(h.type, WLAN_FC_TYPE_DATA);
		CHECK_EQ_INT(h.flags, WLAN_FC_FROMDS);
		CHECK(e->out.frame[i].flags & AP_FRAME_F_EAPOL);
		CHECK(eapol_is_llc_snap(h.body, h.body_len));
		CHECK_EQ_INT(eapol_parse_key(h.body + 8, h.body_len - 8, &key),
			     EAPOL_OK);
	}
}

/* Carries out sta_action on slot as core does. */
static void apply(struct apt_env *e, int slot, bool fresh)
{
	switch (e->out.sta_action) {
	case AP_ACT_INSERT:
		CHECK(fresh);
		if (slot >= 0)
			e->used[slot] = true;
		break;
	case AP_ACT_REMOVE:
		CHECK_EQ_INT(e->sta[slot].state, AP_STA_GONE);
		CHECK_EQ_INT(e->sta[slot].aid, 0);
		CHECK(!e->sta[slot].counted);
		ap_sta_wipe(&e->sta[slot]);
		e->used[slot] = false;
		break;
	case AP_ACT_KEEP:
		CHECK(!fresh);
		break;
	}
}

static int free_slot(const struct apt_env *e)
{
	for (int i = 0; i < APT_STA_MAX; i++)
		if (!e->used[i])
			return i;
	CHECK(!"station table of the test full");
	return 0;
}

static enum ap_verdict rx_known(struct apt_env *e, int slot,
				const struct wlan_hdr *h,
				const struct wlan_mgmt *m)
{
	if (h->type == WLAN_FC_TYPE_MGMT)
		return ap_rx_mgmt(&e->ctx, &e->sta[slot], h, m, e->now,
				  &e->out);
	return ap_rx_data(&e->ctx, &e->sta[slot], h, e->now, &e->out);
}

enum ap_verdict apt_rx(struct apt_env *e, const uint8_t *frame, size_t len)
{
	struct wlan_hdr h;
	struct wlan_mgmt m;
	bool mgmt, fresh = false;
	int slot;

	ap_out_reset(&e->out);
	CHECK_EQ_INT(wlan_parse_hdr(frame, len, &h), WLAN_HDR_OK);
	mgmt = h.type == WLAN_FC_TYPE_MGMT;
	if (mgmt)
		CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	slot = slot_of(e, h.addr2);
	if (slot < 0 && mgmt && ap_creates_sta(&h)) {
		slot = free_slot(e);
		fresh = true;
		ap_sta_init(&e->sta[slot], h.addr2, h.addr2[5] % 64, e->now);
	}
	if (slot < 0)
		e->last = ap_rx_nosta(&e->ctx, &h, mgmt ? &m : NULL, e->now,
				      &e->out);
	else
		e->last = rx_known(e, slot, &h, &m);
	if (slot >= 0)
		apply(e, slot, fresh);
	else
		CHECK_EQ_INT(e->out.sta_action, AP_ACT_KEEP);
	check_out(e);
	return e->last;
}

enum ap_verdict apt_tx_status(struct apt_env *e, unsigned i, bool acked)
{
	uint8_t copy[AP_OUT_ARENA_SIZE];
	struct wlan_hdr h;
	size_t len;
	const uint8_t *f = ap_out_frame(&e->out, i, &len);
	int slot;

	memcpy(copy, f, len);
	CHECK_EQ_INT(wlan_parse_hdr(copy, len, &h), WLAN_HDR_OK);
	slot = slot_of(e, h.addr1);
	CHECK(slot >= 0);
	if (slot < 0)
		return AP_DROP_WRONG_STA;
	ap_out_reset(&e->out);
	e->last = ap_tx_status(&e->ctx, &e->sta[slot], &h, acked, e->now,
			       &e->out);
	apply(e, slot, false);
	check_out(e);
	return e->last;
}

/* The station whose timer is due first by t, or -1. */
static int next_due(const struct apt_env *e, uint64_t t)
{
	int best = -1;

	for (int i = 0; i < APT_STA_MAX; i++) {
		uint64_t d = e->sta[i].deadline;

		if (!e->used[i] || d == 0 || d > t)
			continue;
		if (best < 0 || d < e->sta[best].deadline)
			best = i;
	}
	return best;
}

unsigned apt_advance(struct apt_env *e, uint64_t t)
{
	unsigned runs = 0;
	int slot;

	while ((slot = next_due(e, t)) >= 0 && runs < 100) {
		if (e->sta[slot].deadline > e->now)
			e->now = e->sta[slot].deadline;
		ap_out_reset(&e->out);
		e->last = ap_timeout(&e->ctx, &e->sta[slot], e->now, &e->out);
		apply(e, slot, false);
		check_out(e);
		runs++;
	}
	CHECK(runs < 100); /* a timer that never moves on */
	if (t > e->now)
		e->now = t;
	return runs;
}

enum ap_verdict apt_call(struct apt_env *e, const uint8_t addr[6],
			 enum ap_verdict (*fn)(struct ap_ctx *, struct ap_sta *,
					       uint16_t, uint64_t,
					       struct ap_out *),
			 uint16_t arg)
{
	int slot = slot_of(e, addr);

	CHECK(slot >= 0);
	if (slot < 0)
		return AP_DROP_WRONG_STA;
	ap_out_reset(&e->out);
	e->last = fn(&e->ctx, &e->sta[slot], arg, e->now, &e->out);
	apply(e, slot, false);
	check_out(e);
	return e->last;
}

enum ap_verdict apt_rekey(struct apt_env *e, const uint8_t addr[6])
{
	int slot = slot_of(e, addr);

	CHECK(slot >= 0);
	if (slot < 0)
		return AP_DROP_WRONG_STA;
	ap_out_reset(&e->out);
	e->last = ap_rekey_group(&e->ctx, &e->sta[slot], e->now, &e->out);
	apply(e, slot, false);
	check_out(e);
	return e->last;
}

/* --- Looking at the output --------------------------------------------- */

int apt_find(const struct ap_out *out, enum ap_frame_kind kind)
{
	for (unsigned i = 0; i < out->n_frames; i++)
		if (out->frame[i].kind == kind)
			return (int)i;
	return -1;
}

struct wlan_hdr apt_hdr(const struct ap_out *out, unsigned i)
{
	struct wlan_hdr h;
	size_t len;
	const uint8_t *f = ap_out_frame(out, i, &len);

	memset(&h, 0, sizeof(h));
	CHECK(i < out->n_frames);
	CHECK_EQ_INT(wlan_parse_hdr(f, len, &h), WLAN_HDR_OK);
	return h;
}

struct wlan_mgmt apt_mgmt(const struct ap_out *out, unsigned i)
{
	struct wlan_hdr h = apt_hdr(out, i);
	struct wlan_mgmt m;

	memset(&m, 0, sizeof(m));
	CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	return m;
}

bool apt_event(const struct ap_out *out, enum ap_event_kind kind,
	       const uint8_t addr[6])
{
	for (unsigned i = 0; i < out->n_events; i++)
		if (out->event[i].kind == kind &&
		    mac_equal(out->event[i].addr, addr))
			return true;
	return false;
}

int apt_reason(const struct ap_out *out, unsigned i)
{
	struct wlan_mgmt m;

	if (i >= out->n_frames)
		return -1;
	m = apt_mgmt(out, i);
	if (m.subtype != WLAN_STYPE_DEAUTH && m.subtype != WLAN_STYPE_DISASSOC)
		return -1;
	return m.u.reason;
}

/* --- Frames a station sends -------------------------------------------- */

size_t apt_auth(uint8_t *buf, const uint8_t sta[6], uint16_t alg,
		uint16_t trans_seq)
{
	const uint8_t *end = buf + APT_FRAME_MAX;
	uint8_t *p;

	p = wlan_put_mgmt_hdr(buf, end, WLAN_STYPE_AUTH, apt_bssid, sta,
			      apt_bssid, 0);
	p = wlan_put_auth(p, end, alg, trans_seq, 0);
	CHECK(p != NULL);
	return p ? (size_t)(p - buf) : 0;
}

size_t apt_sta_rsn_ie(uint8_t *buf, size_t cap, uint32_t akm)
{
	const struct rsn_config c = {
		.group_cipher = RSN_CIPHER_CCMP,
		.pairwise_ciphers = RSN_CIPHER_CCMP,
		.akms = akm,
	};
	uint8_t *p = rsn_put_ie(buf, buf + cap, &c);

	CHECK(p != NULL);
	return p ? (size_t)(p - buf) : 0;
}

void apt_assoc_defaults(const struct apt_env *e, struct apt_assoc *a)
{
	static uint8_t rsn[64];

	memset(a, 0, sizeof(*a));
	a->capab = WLAN_CAPAB_ESS | (e->bss.rsn ? WLAN_CAPAB_PRIVACY : 0);
	a->listen_int = 10;
	a->ssid = e->bss.ssid;
	a->ssid_len = e->bss.ssid_len;
	a->rates = e->bss.rates;
	if (e->bss.rsn) {
		a->rsn_ie = rsn;
		a->rsn_ie_len = apt_sta_rsn_ie(rsn, sizeof(rsn),
					       e->bss.rsn_cfg.akms & RSN_AKM_PSK
						       ? RSN_AKM_PSK
						       : RSN_AKM_PSK_SHA256);
	}
}

static uint8_t *put_raw(uint8_t *p, const uint8_t *end, const uint8_t *b,
			size_t n)
{
	if (!p || !b || (size_t)(end - p) < n)
		return b ? NULL : p;
	memcpy(p, b, n);
	return p + n;
}

size_t apt_assoc_req(uint8_t *buf, const uint8_t sta[6],
		     const struct apt_assoc *a)
{
	static const uint8_t wmm_info[] = {0xdd, 0x07, 0x00, 0x50, 0xf2,
					   0x02, 0x00, 0x01, 0x00};
	const struct ie_ht_capab ht = {.info = IE_HT_CAP_SGI_20, .mcs = {0xff}};
	const uint8_t *end = buf + APT_FRAME_MAX;
	uint8_t *p;

	p = wlan_put_mgmt_hdr(buf, end,
			      a->reassoc ? WLAN_STYPE_REASSOC_REQ
					 : WLAN_STYPE_ASSOC_REQ,
			      apt_bssid, sta, apt_bssid, 0);
	p = a->reassoc ? wlan_put_reassoc_req(p, end, a->capab, a->listen_int,
					      apt_bssid)
		       : wlan_put_assoc_req(p, end, a->capab, a->listen_int);
	if (a->ssid)
		p = ie_put_ssid(p, end, a->ssid, a->ssid_len);
	if (a->rates.n) {
		p = ie_put_supp_rates(p, end, &a->rates);
		p = ie_put_ext_rates(p, end, &a->rates);
	}
	p = put_raw(p, end, a->rsn_ie, a->rsn_ie_len);
	if (a->ht)
		p = ie_put_ht_capab(p, end, &ht);
	if (a->wmm)
		p = put_raw(p, end, wmm_info, sizeof(wmm_info));
	p = put_raw(p, end, a->extra, a->extra_len);
	CHECK(p != NULL);
	return p ? (size_t)(p - buf) : 0;
}

size_t apt_reason_frame(uint8_t *buf, const uint8_t sta[6], uint8_t subtype,
			uint16_t reason)
{
	const uint8_t *end = buf + APT_FRAME_MAX;
	uint8_t *p;

	p = wlan_put_mgmt_hdr(buf, end, subtype, apt_bssid, sta, apt_bssid, 0);
	p = subtype == WLAN_STYPE_DEAUTH ? wlan_put_deauth(p, end, reason)
					 : wlan_put_disassoc(p, end, reason);
	CHECK(p != NULL);
	return p ? (size_t)(p - buf) : 0;
}

size_t apt_probe(uint8_t *buf, const uint8_t sta[6], const uint8_t da[6],
		 const uint8_t bssid[6], const uint8_t *ssid, size_t ssid_len,
		 uint8_t ds_channel)
{
	const uint8_t *end = buf + APT_FRAME_MAX;
	struct ie_rateset rs;
	uint8_t *p;

	bss_default_rates(BSS_HW_MODE_G, &rs);
	p = wlan_put_mgmt_hdr(buf, end, WLAN_STYPE_PROBE_REQ, da, sta, bssid,
			      0);
	if (ssid)
		p = ie_put_ssid(p, end, ssid, ssid_len);
	p = ie_put_supp_rates(p, end, &rs);
	if (ds_channel)
		p = ie_put_ds(p, end, ds_channel);
	CHECK(p != NULL);
	return p ? (size_t)(p - buf) : 0;
}

size_t apt_data(uint8_t *buf, const uint8_t sta[6], uint8_t flags,
		uint8_t subtype, const uint8_t *body, size_t len)
{
	static const uint8_t da[6] = {0x02, 0, 0, 0, 0, 0x99};
	const uint8_t *end = buf + APT_FRAME_MAX;
	uint8_t *p;

	p = wlan_put_data_hdr(buf, end, flags, apt_bssid, sta, da, 0, -1);
	if (p)
		buf[0] = (uint8_t)(WLAN_FC_TYPE_DATA << 2 | subtype << 4);
	p = put_raw(p, end, body, len);
	CHECK(p != NULL);
	return p ? (size_t)(p - buf) : 0;
}

size_t apt_eapol(uint8_t *buf, const uint8_t sta[6], const uint8_t *x,
		 size_t len)
{
	uint8_t body[APT_FRAME_MAX];
	uint8_t *p = eapol_put_llc_snap(body, body + sizeof(body));

	p = put_raw(p, body + sizeof(body), x, len);
	CHECK(p != NULL);
	if (!p)
		return 0;
	return apt_data(buf, sta, WLAN_FC_TODS, WLAN_STYPE_DATA, body,
			(size_t)(p - body));
}

struct ap_sta *apt_associate(struct apt_env *e, const uint8_t sta[6],
			     const struct apt_assoc *a)
{
	uint8_t f[APT_FRAME_MAX];
	struct apt_assoc def;
	struct ap_sta *s;
	int i;

	if (!a) {
		apt_assoc_defaults(e, &def);
		a = &def;
	}
	CHECK_EQ_INT(apt_rx(e, f, apt_auth(f, sta, WLAN_AUTH_OPEN, 1)), AP_OK);
	CHECK_EQ_INT(apt_rx(e, f, apt_assoc_req(f, sta, a)), AP_OK);
	i = apt_find(&e->out,
		     a->reassoc ? AP_FRAME_REASSOC_RESP : AP_FRAME_ASSOC_RESP);
	CHECK(i >= 0);
	if (i < 0)
		return NULL;
	CHECK_EQ_INT(apt_mgmt(&e->out, (unsigned)i).u.assoc_resp.status,
		     WLAN_STATUS_SUCCESS);
	CHECK_EQ_INT(apt_tx_status(e, (unsigned)i, true), AP_OK);
	s = apt_sta(e, sta);
	CHECK(s != NULL);
	if (s && !e->bss.rsn)
		CHECK_EQ_INT(s->state, AP_STA_AUTHORIZED);
	if (s && e->bss.rsn)
		CHECK(apt_find(&e->out, AP_FRAME_EAPOL_M1) >= 0);
	return s;
}
