/*
 * test_simsta_ap.c - a simulated station against rapd's real access point
 * (ap.h, wpa_auth.h), in-process, one thread, no medium: a FIFO of frames
 * between the two, time advanced to the next timer when it is empty, and
 * a core stand-in (AID bitmap, station count, seeded nonces, TX status,
 * CCMP protection of EAPOL frames once the AP installed the PTK).
 * Covers the whole join (probe, auth, assoc, 4-way) with PSK and
 * PSK-SHA256, a wrong passphrase, a group rekey, frames lost on purpose
 * (retransmissions on both sides), vanish and churn.
 */
#include "check.h"
#include "simsta_testutil.h"

#include <rapd/ap.h>
#include <rapd/bss.h>
#include <rapd/bytes.h>
#include <rapd/simsta.h>
#include <rapd/wpa_auth.h>

#define MS 1000000ull
#define QMAX 64
#define FMAX 640

enum dir { TO_AP, TO_STA, STATUS_TO_AP };

struct item {
	enum dir dir;
	bool acked;
	uint16_t len;
	uint8_t data[FMAX];
};

struct env {
	/* AP and its core stand-in */
	struct bss bss;
	struct ap_ctx ctx;
	struct ap_ops ops;
	struct ap_out out;
	struct ap_sta sta;
	bool have_sta;
	uint64_t aids[(WLAN_AID_MAX + 64) / 64];
	unsigned count;
	struct crypto_rng nonces;
	uint64_t pn;
	unsigned events[8];
	unsigned ap_drops;
	/* the station */
	struct simsta s;
	struct simsta_params params;
	struct simsta_counters cnt;
	struct simsta_ctx sctx;
	struct simsta_out sout;
	/* the air */
	struct item q[QMAX];
	unsigned head, n;
	unsigned to_sta_no, to_ap_no;	  /* frames carried so far */
	unsigned drop_to_sta, drop_to_ap; /* 1-based frame to lose, 0 none */
	uint64_t now;
};

static const uint8_t pmk_bytes[32] = {
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
};
static const uint8_t gmk[WPA_GMK_LEN] = {0x47, 0x4d, 0x4b};

static uint16_t t_aid_alloc(void *arg, unsigned shard)
{
	struct env *e = arg;

	for (uint16_t a = 1; a <= WLAN_AID_MAX; a++) {
		if (!(e->aids[a / 64] & (1ull << (a % 64)))) {
			e->aids[a / 64] |= 1ull << (a % 64);
			return a;
		}
	}
	return 0;
}

static void t_aid_free(void *arg, uint16_t aid)
{
	struct env *e = arg;

	e->aids[aid / 64] &= ~(1ull << (aid % 64));
}

static bool t_count_inc(void *arg, unsigned max)
{
	struct env *e = arg;

	if (e->count >= max)
		return false;
	e->count++;
	return true;
}

static void t_count_dec(void *arg)
{
	struct env *e = arg;

	e->count--;
}

static int t_nonce(void *arg, const uint8_t sta[6], uint32_t no,
		   uint8_t out[32])
{
	struct env *e = arg;

	return crypto_rng_bytes(&e->nonces, out, 32);
}

static void env_init(struct env *e, uint32_t akms,
		     const struct simsta_opts *opts,
		     const struct crypto_pmk *sta_pmk)
{
	struct simsta_cfg c = {
		.ssid = st_ssid,
		.ssid_len = ST_SSID_LEN,
		.pmk = sta_pmk ? sta_pmk : &st_pmk,
		.seed = 1,
		.stream = 2,
	};

	memset(e, 0, sizeof(*e));
	bss_init(&e->bss);
	memcpy(e->bss.bssid, st_bssid, 6);
	memcpy(e->bss.ssid, st_ssid, ST_SSID_LEN);
	e->bss.ssid_len = ST_SSID_LEN;
	CHECK_EQ_INT(bss_set_rsn(&e->bss, akms, pmk_bytes), 0);
	CHECK_EQ_INT(bss_finish(&e->bss), 0);
	CHECK_EQ_INT(bss_check(&e->bss), BSS_OK);
	e->ops.aid_alloc = t_aid_alloc;
	e->ops.aid_free = t_aid_free;
	e->ops.sta_count_inc = t_count_inc;
	e->ops.sta_count_dec = t_count_dec;
	e->ops.nonce = t_nonce;
	crypto_rng_init_seeded(&e->nonces, 3, 4);
	CHECK_EQ_INT(ap_ctx_init(&e->ctx, &e->bss, st_ws(), &e->ops, e, gmk, 0),
		     0);
	simsta_params_default(&e->params);
	e->sctx.params = &e->params;
	e->sctx.ws = st_ws();
	e->sctx.cnt = &e->cnt;
	memcpy(c.addr, st_sta_addr, 6);
	memcpy(c.bssid, st_bssid, 6);
	if (opts)
		c.opts = *opts;
	CHECK_EQ_INT(simsta_init(&e->s, &c), 0);
}

static void env_done(struct env *e)
{
	if (e->have_sta)
		ap_sta_wipe(&e->sta);
	ap_ctx_wipe(&e->ctx);
	simsta_wipe(&e->s);
	bss_wipe(&e->bss);
}

static void push(struct env *e, enum dir d, const uint8_t *p, size_t len,
		 bool acked)
{
	struct item *it;

	CHECK(e->n < QMAX && len <= FMAX);
	if (e->n >= QMAX || len > FMAX)
		return;
	it = &e->q[(e->head + e->n++) % QMAX];
	it->dir = d;
	it->acked = acked;
	it->len = (uint16_t)len;
	memcpy(it->data, p, len);
}

/* What core does with an EAPOL frame to a station whose PTK is in use. */
static size_t protect(struct env *e, const uint8_t *p, size_t len, uint8_t *enc)
{
	size_t n = 0;

	CHECK_EQ_INT(crypto_ccmp_encrypt(st_ws(), e->sta.wpa.ptk.tk, ++e->pn, 0,
					 p, len, enc, &n),
		     0);
	return n;
}

/* The AP's output goes on the air; acknowledged frames get a status. */
static void ap_output(struct env *e)
{
	uint8_t enc[FMAX];

	for (unsigned i = 0; i < e->out.n_events; i++)
		e->events[e->out.event[i].kind]++;
	for (unsigned i = 0; i < e->out.n_frames; i++) {
		const struct ap_frame *fr = &e->out.frame[i];
		size_t len;
		const uint8_t *p = ap_out_frame(&e->out, i, &len);
		bool lost = ++e->to_sta_no == e->drop_to_sta;

		if ((fr->flags & AP_FRAME_F_EAPOL) && e->have_sta &&
		    e->sta.wpa.ptk_installed) {
			len = protect(e, p, len, enc);
			p = enc;
		}
		if (!lost)
			push(e, TO_STA, p, len, true);
		if (fr->flags & AP_FRAME_F_NEEDS_ACK)
			push(e, STATUS_TO_AP, p, len, !lost);
	}
	if (e->out.sta_action == AP_ACT_INSERT)
		e->have_sta = true;
	else if (e->out.sta_action == AP_ACT_REMOVE && e->have_sta) {
		ap_sta_wipe(&e->sta);
		e->have_sta = false;
	}
}

static void note(struct env *e, enum ap_verdict v)
{
	if (v != AP_OK && v != AP_PASS_DATA)
		e->ap_drops++;
}

/* A frame from the station, handed to the AP the way a worker does. */
static void to_ap(struct env *e, const uint8_t *p, size_t len)
{
	struct wlan_hdr h;
	struct wlan_mgmt m;
	bool mgmt;

	CHECK_EQ_INT(wlan_parse_hdr(p, len, &h), WLAN_HDR_OK);
	mgmt = h.type == WLAN_FC_TYPE_MGMT;
	if (mgmt)
		CHECK_EQ_INT(wlan_parse_mgmt(&h, &m), WLAN_MGMT_OK);
	ap_out_reset(&e->out);
	if (!e->have_sta && ap_creates_sta(&h)) {
		ap_sta_init(&e->sta, h.addr2, 0, e->now);
		note(e, ap_rx_mgmt(&e->ctx, &e->sta, &h, &m, e->now, &e->out));
	} else if (!e->have_sta) {
		note(e, ap_rx_nosta(&e->ctx, &h, mgmt ? &m : NULL, e->now,
				    &e->out));
	} else if (mgmt) {
		note(e, ap_rx_mgmt(&e->ctx, &e->sta, &h, &m, e->now, &e->out));
	} else {
		note(e, ap_rx_data(&e->ctx, &e->sta, &h, e->now, &e->out));
	}
	ap_output(e);
}

static void sta_output(struct env *e)
{
	for (unsigned i = 0; i < e->sout.n; i++)
		if (++e->to_ap_no != e->drop_to_ap)
			push(e, TO_AP, e->sout.f[i].data, e->sout.f[i].len,
			     true);
}

static void step(struct env *e, const struct item *it)
{
	struct wlan_hdr h;

	switch (it->dir) {
	case TO_STA:
		simsta_out_reset(&e->sout);
		simsta_rx(&e->sctx, &e->s, it->data, it->len, e->now, &e->sout);
		sta_output(e);
		break;
	case TO_AP:
		to_ap(e, it->data, it->len);
		break;
	case STATUS_TO_AP:
		if (!e->have_sta)
			break;
		CHECK_EQ_INT(wlan_parse_hdr(it->data, it->len, &h),
			     WLAN_HDR_OK);
		ap_out_reset(&e->out);
		ap_tx_status(&e->ctx, &e->sta, &h, it->acked, e->now, &e->out);
		ap_output(e);
		break;
	}
}

/* Fires the earliest timer (station first on a tie); false if none. */
static bool next_timer(struct env *e, uint64_t limit)
{
	uint64_t ap_t =
		e->have_sta && e->sta.deadline ? e->sta.deadline : SIMSTA_NEVER;
	uint64_t t = e->s.deadline < ap_t ? e->s.deadline : ap_t;

	if (t == SIMSTA_NEVER || t > limit)
		return false;
	if (t > e->now)
		e->now = t;
	if (e->s.deadline == t) {
		simsta_out_reset(&e->sout);
		simsta_timeout(&e->sctx, &e->s, e->now, &e->sout);
		sta_output(e);
	} else {
		ap_out_reset(&e->out);
		note(e, ap_timeout(&e->ctx, &e->sta, e->now, &e->out));
		ap_output(e);
	}
	return true;
}

/* Runs the air and both sides' timers until nothing is left or limit. */
static void run(struct env *e, uint64_t limit)
{
	for (unsigned guard = 0; guard < 10000; guard++) {
		if (e->n) {
			struct item it = e->q[e->head];

			e->head = (e->head + 1) % QMAX;
			e->n--;
			e->now += 1000; /* 1 us of air time */
			step(e, &it);
		} else if (!next_timer(e, limit)) {
			return;
		}
	}
	CHECK(!"the simulation did not settle");
}

static unsigned bad_verdicts(const struct env *e)
{
	unsigned n = 0;

	for (int v = 1; v < SIMSTA_VERDICT_COUNT; v++)
		n += (unsigned)e->cnt.verdict[v];
	return n;
}

static void check_connected(struct env *e)
{
	CHECK_EQ_INT(e->s.state, SIMSTA_ST_CONNECTED);
	CHECK(e->have_sta);
	CHECK_EQ_INT(e->sta.state, AP_STA_AUTHORIZED);
	CHECK_EQ_INT(e->sta.wpa.ptk_state, WPA_PTK_PTKINITDONE);
	CHECK_MEM(&e->s.ptk, &e->sta.wpa.ptk, sizeof(e->s.ptk));
	CHECK_EQ_INT(e->s.gtk_len, WPA_GTK_LEN);
	CHECK_MEM(e->s.gtk, e->ctx.group.gtk, WPA_GTK_LEN);
	CHECK_EQ_INT(e->s.aid, e->sta.aid);
	CHECK(e->events[AP_EV_STA_CONNECTED] >= 1);
}

static void test_connect(void)
{
	static const uint32_t akms[] = {RSN_AKM_PSK, RSN_AKM_PSK_SHA256,
					RSN_AKM_PSK | RSN_AKM_PSK_SHA256};
	static struct env e;

	for (unsigned i = 0; i < RAPD_ARRAY_SIZE(akms); i++) {
		env_init(&e, akms[i], NULL, NULL);
		run(&e, 60000 * MS);
		check_connected(&e);
		CHECK_EQ_INT(e.s.akm, akms[i] & RSN_AKM_PSK_SHA256
					      ? RSN_AKM_PSK_SHA256
					      : RSN_AKM_PSK);
		CHECK_EQ_INT(e.sta.wpa.akm, e.s.akm);
		CHECK_EQ_INT(bad_verdicts(&e), 0);
		CHECK_EQ_INT(e.ap_drops, 0);
		CHECK_EQ_INT(e.cnt.step_retries, 0);
		CHECK_EQ_INT(e.events[AP_EV_STA_CONNECTED], 1);
		CHECK(e.now < 10 * MS); /* no timer needed */
		env_done(&e);
	}
}

/* The AP refuses every M2; the station ends FAILED after its attempts. */
static void test_wrong_passphrase(void)
{
	static struct env e;

	env_init(&e, RSN_AKM_PSK, NULL, &st_wrong_pmk);
	run(&e, 600000 * MS);
	CHECK_EQ_INT(e.s.state, SIMSTA_ST_FAILED);
	CHECK_EQ_INT(e.s.fail, SIMSTA_FAIL_4WAY);
	CHECK_EQ_INT(e.s.attempts, e.params.max_attempts);
	CHECK_EQ_INT(e.events[AP_EV_STA_CONNECTED], 0);
	CHECK(e.events[AP_EV_PSK_MISMATCH] >= 1);
	CHECK(!e.have_sta);
	CHECK_EQ_INT(e.count, 0); /* the AP gave every place back */
	env_done(&e);
}

/* A new GTK epoch: G1 (protected with the TK by the core stand-in). */
static void test_group_rekey(void)
{
	static struct env e;

	env_init(&e, RSN_AKM_PSK, NULL, NULL);
	run(&e, 60000 * MS);
	check_connected(&e);
	CHECK_EQ_INT(ap_ctx_set_epoch(&e.ctx, 1), 0);
	ap_out_reset(&e.out);
	CHECK_EQ_INT(ap_rekey_group(&e.ctx, &e.sta, e.now, &e.out), AP_OK);
	ap_output(&e);
	run(&e, e.now + 60000 * MS);
	CHECK_EQ_INT(e.cnt.gtk_rekeys, 1);
	CHECK_EQ_INT(e.s.rx_pn, 1); /* it came protected */
	CHECK_MEM(e.s.gtk, e.ctx.group.gtk, WPA_GTK_LEN);
	CHECK_EQ_INT(e.s.gtk_id, e.ctx.group.key_id);
	CHECK_EQ_INT(e.sta.wpa.group_state, WPA_GROUP_REKEYESTABLISHED);
	CHECK_EQ_INT(bad_verdicts(&e), 0);
	CHECK_EQ_INT(e.ap_drops, 0);
	env_done(&e);
}

/*
 * Loses one frame on purpose and checks the join recovers: the probe
 * response (station re-probes), M1 (AP resends), the station's M2 (AP
 * resends M1), M4 (AP resends M3, station answers M4 again).
 */
static void test_losses(void)
{
	/* to_sta: 1 probe resp, 2 auth, 3 assoc resp, 4 M1, 5 M3;
	 * to_ap: 1 probe, 2 auth, 3 assoc, 4 M2, 5 M4 */
	static const struct {
		unsigned to_sta, to_ap;
	} drop[] = {
		{1, 0}, {3, 0}, {4, 0}, {5, 0}, {0, 2}, {0, 4}, {0, 5},
	};
	static struct env e;

	for (unsigned i = 0; i < RAPD_ARRAY_SIZE(drop); i++) {
		env_init(&e, RSN_AKM_PSK, NULL, NULL);
		e.drop_to_sta = drop[i].to_sta;
		e.drop_to_ap = drop[i].to_ap;
		run(&e, 60000 * MS);
		check_connected(&e);
		if (drop[i].to_ap == 5)
			CHECK_EQ_INT(e.cnt.m4_resent, 1);
		CHECK(e.now > 50 * MS); /* a timer had to fire */
		env_done(&e);
	}
}

/* Silent after M2: the AP resends M3 up to its cap, then deauths. */
static void test_vanish(void)
{
	struct simsta_opts o = {.vanish_after = 2};
	static struct env e;

	env_init(&e, RSN_AKM_PSK, &o, NULL);
	run(&e, 600000 * MS);
	CHECK_EQ_INT(e.s.state, SIMSTA_ST_VANISHED);
	CHECK(!e.have_sta);
	CHECK_EQ_INT(e.count, 0);
	CHECK_EQ_INT(e.events[AP_EV_STA_CONNECTED], 0);
	CHECK(e.cnt.verdict[SIMSTA_SILENT] >= 3); /* M3 copies, deauth */
	env_done(&e);
}

/* Leaves by deauthentication and joins again. */
static void test_churn(void)
{
	struct simsta_opts o = {
		.churn_cycles = 2,
		.churn_after_ns = 1000 * MS,
		.churn_delay_ns = 300 * MS,
	};
	static struct env e;

	env_init(&e, RSN_AKM_PSK, &o, NULL);
	run(&e, 60000 * MS);
	check_connected(&e);
	CHECK_EQ_INT(e.cnt.connects, 3);
	CHECK_EQ_INT(e.events[AP_EV_STA_CONNECTED], 3);
	CHECK_EQ_INT(e.cnt.tx[SIMSTA_TX_DEAUTH], 2);
	CHECK_EQ_INT(e.count, 1);
	CHECK_EQ_INT(bad_verdicts(&e), 0);
	env_done(&e);
}

/* Without traffic the AP's inactivity timer (300 s) deauthenticates the
 * station; Null Data every 60 s keeps it. */
static void test_keepalive(void)
{
	static struct env e;

	env_init(&e, RSN_AKM_PSK, NULL, NULL);
	run(&e, 400000 * MS);
	CHECK_EQ_INT(e.cnt.restarts, 1); /* deauthenticated once, back */
	CHECK_EQ_INT(e.s.fail, SIMSTA_FAIL_DEAUTHED);
	CHECK_EQ_INT(e.cnt.connects, 2);
	env_done(&e);

	env_init(&e, RSN_AKM_PSK, NULL, NULL);
	e.params.keepalive_ns = 60000 * MS;
	run(&e, 400000 * MS);
	check_connected(&e);
	CHECK_EQ_INT(e.cnt.connects, 1);
	CHECK_EQ_INT(e.cnt.tx[SIMSTA_TX_NULL], 6);
	CHECK_EQ_INT(e.ap_drops, 0);
	env_done(&e);
}

int main(void)
{
	check_begin("test_simsta_ap");
	if (!st_crypto()) {
		fprintf(stderr, "crypto set-up failed\n");
		return 1;
	}
	RUN(test_connect);
	RUN(test_wrong_passphrase);
	RUN(test_group_rekey);
	RUN(test_losses);
	RUN(test_vanish);
	RUN(test_churn);
	RUN(test_keepalive);
	st_crypto_done();
	return check_end();
}
