/*
 * test_sim.c - the simulated medium (core/sim_medium.c, core/sim_pop.c)
 * as a port: its configuration checks, the MACs of its stations, and a
 * population joining rapd's real AP through it. The test thread plays
 * both the RX thread (port_recv) and the TX thread (port_send) around a
 * one-worker AP built from ap.h (stations by MAC index, timers scanned,
 * TX status echoes fed to ap_tx_status), the pipeline in miniature; the
 * sim thread runs the stations on CLOCK_MONOTONIC.
 */
#include "check.h"
#include "simsta_testutil.h"

#include <errno.h>
#include <time.h>

#include <rapd/ap.h>
#include <rapd/bss.h>
#include <rapd/bytes.h>
#include <rapd/frame.h>
#include <rapd/sim.h>
#include <rapd/wpa_auth.h>

#define MS 1000000ull
#define NSTA 24

struct mini_ap {
	struct bss bss;
	struct ap_ctx ctx;
	struct ap_ops ops;
	struct ap_out out;
	struct ap_sta sta[NSTA];
	bool used[NSTA];
	uint64_t aids[(WLAN_AID_MAX + 64) / 64];
	unsigned count;
	struct crypto_rng nonces;
	struct port *port;
	unsigned connected_events;
	unsigned send_errors;
};

static const uint8_t pmk_bytes[32] = {
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11};
static const uint8_t gmk[WPA_GMK_LEN] = {1, 2, 3};

static uint64_t mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint16_t m_aid_alloc(void *arg, unsigned shard)
{
	struct mini_ap *a = arg;

	for (uint16_t i = 1; i <= WLAN_AID_MAX; i++) {
		if (!(a->aids[i / 64] & (1ull << (i % 64)))) {
			a->aids[i / 64] |= 1ull << (i % 64);
			return i;
		}
	}
	return 0;
}

static void m_aid_free(void *arg, uint16_t aid)
{
	struct mini_ap *a = arg;

	a->aids[aid / 64] &= ~(1ull << (aid % 64));
}

static bool m_count_inc(void *arg, unsigned max)
{
	struct mini_ap *a = arg;

	return a->count < max ? (a->count++, true) : false;
}

static void m_count_dec(void *arg)
{
	struct mini_ap *a = arg;

	a->count--;
}

static int m_nonce(void *arg, const uint8_t sta[6], uint32_t no,
		   uint8_t out[32])
{
	struct mini_ap *a = arg;

	return crypto_rng_bytes(&a->nonces, out, 32);
}

static void ap_init(struct mini_ap *a, unsigned update_count)
{
	memset(a, 0, sizeof(*a));
	bss_init(&a->bss);
	memcpy(a->bss.bssid, st_bssid, 6);
	memcpy(a->bss.ssid, st_ssid, ST_SSID_LEN);
	a->bss.ssid_len = ST_SSID_LEN;
	a->bss.pairwise_update_count = update_count;
	CHECK_EQ_INT(bss_set_rsn(&a->bss, RSN_AKM_PSK, pmk_bytes), 0);
	CHECK_EQ_INT(bss_finish(&a->bss), 0);
	CHECK_EQ_INT(bss_check(&a->bss), BSS_OK);
	a->ops.aid_alloc = m_aid_alloc;
	a->ops.aid_free = m_aid_free;
	a->ops.sta_count_inc = m_count_inc;
	a->ops.sta_count_dec = m_count_dec;
	a->ops.nonce = m_nonce;
	crypto_rng_init_seeded(&a->nonces, 5, 6);
	CHECK_EQ_INT(ap_ctx_init(&a->ctx, &a->bss, st_ws(), &a->ops, a, gmk, 0),
		     0);
}

static void ap_done(struct mini_ap *a)
{
	for (unsigned i = 0; i < NSTA; i++)
		if (a->used[i])
			ap_sta_wipe(&a->sta[i]);
	ap_ctx_wipe(&a->ctx);
	bss_wipe(&a->bss);
}

/* The AP's slot of a station MAC 02:00:00:00:00:ii (sim_sta_mac). */
static int slot_of(const uint8_t *mac)
{
	uint8_t want[6];

	if (mac[5] < 1 || mac[5] > NSTA)
		return -1;
	sim_sta_mac(mac[5] - 1u, want);
	return mac_equal(mac, want) ? mac[5] - 1 : -1;
}

static void apply(struct mini_ap *a, int slot)
{
	static struct frame f;

	for (unsigned i = 0; i < a->out.n_events; i++)
		if (a->out.event[i].kind == AP_EV_STA_CONNECTED)
			a->connected_events++;
	for (unsigned i = 0; i < a->out.n_frames; i++) {
		size_t len;
		const uint8_t *p = ap_out_frame(&a->out, i, &len);

		memcpy(f.data, p, len);
		f.len = (uint32_t)len;
		f.flags = mac_is_group(p + 4) ? FRAME_F_NOACK : 0;
		if (port_send(a->port, &f) != 0)
			a->send_errors++;
	}
	if (slot < 0)
		return;
	if (a->out.sta_action == AP_ACT_INSERT) {
		a->used[slot] = true;
	} else if (a->out.sta_action == AP_ACT_REMOVE && a->used[slot]) {
		ap_sta_wipe(&a->sta[slot]);
		a->used[slot] = false;
	}
}

static void rx_status(struct mini_ap *a, const struct frame *f,
		      const struct wlan_hdr *h)
{
	int slot = slot_of(h->addr1);

	if (slot < 0 || !a->used[slot])
		return;
	ap_out_reset(&a->out);
	ap_tx_status(&a->ctx, &a->sta[slot], h, f->flags & FRAME_F_ACKED,
		     f->ts_ns, &a->out);
	apply(a, slot);
}

/* One frame from the medium, as the RX thread and a worker treat it. */
static void rx(struct mini_ap *a, const struct frame *f)
{
	struct wlan_hdr h;
	struct wlan_mgmt m;
	int slot;

	if (wlan_parse_hdr(f->data, f->len, &h) != WLAN_HDR_OK)
		return;
	if (f->flags & FRAME_F_TX_STATUS) {
		rx_status(a, f, &h);
		return;
	}
	if (h.type == WLAN_FC_TYPE_MGMT &&
	    wlan_parse_mgmt(&h, &m) != WLAN_MGMT_OK)
		return;
	slot = slot_of(h.addr2);
	CHECK(slot >= 0);
	if (slot < 0)
		return;
	ap_out_reset(&a->out);
	if (!a->used[slot] && ap_creates_sta(&h)) {
		ap_sta_init(&a->sta[slot], h.addr2, 0, f->ts_ns);
		ap_rx_mgmt(&a->ctx, &a->sta[slot], &h, &m, f->ts_ns, &a->out);
	} else if (!a->used[slot]) {
		ap_rx_nosta(&a->ctx, &h,
			    h.type == WLAN_FC_TYPE_MGMT ? &m : NULL, f->ts_ns,
			    &a->out);
	} else if (h.type == WLAN_FC_TYPE_MGMT) {
		ap_rx_mgmt(&a->ctx, &a->sta[slot], &h, &m, f->ts_ns, &a->out);
	} else {
		ap_rx_data(&a->ctx, &a->sta[slot], &h, f->ts_ns, &a->out);
	}
	apply(a, slot);
}

static void timers(struct mini_ap *a, uint64_t now)
{
	for (unsigned i = 0; i < NSTA; i++) {
		if (!a->used[i] || !a->sta[i].deadline ||
		    a->sta[i].deadline > now)
			continue;
		ap_out_reset(&a->out);
		ap_timeout(&a->ctx, &a->sta[i], now, &a->out);
		apply(a, (int)i);
	}
}

/* Runs the AP on the medium until recv ends; false on the wall limit. */
static bool serve(struct mini_ap *a, uint64_t limit_ns)
{
	static struct frame f;
	uint64_t t0 = mono();
	uint64_t last_order = 0;
	bool first = true;

	for (;;) {
		int rc = port_recv(a->port, &f);

		if (rc == PORT_RECV_END)
			return true;
		if (rc == PORT_RECV_GOT) {
			CHECK(first || f.order == last_order + 1);
			first = false;
			last_order = f.order;
			rx(a, &f);
		}
		timers(a, mono());
		if (mono() - t0 > limit_ns)
			return false;
	}
}

static void base_config(struct sim_config *c, unsigned n)
{
	sim_config_init(c);
	c->n_stations = n;
	memcpy(c->bssid, st_bssid, 6);
	memcpy(c->ssid, st_ssid, ST_SSID_LEN);
	c->ssid_len = ST_SSID_LEN;
	c->pmk = &st_pmk; /* the same 32 octets as pmk_bytes */
	c->seed = 77;
	c->start_interval_ns = 1 * MS;
	c->end_when_settled = true;
	c->settle_linger_ns = 300 * MS;
}

static void test_config_checks(void)
{
	struct sim_config c;
	char err[PORT_ERR_LEN];

#define REFUSE(change)                                                         \
	do {                                                                   \
		base_config(&c, 4);                                            \
		change;                                                        \
		err[0] = 0;                                                    \
		CHECK(sim_open(&c, err, sizeof(err)) == NULL);                 \
		CHECK(strncmp(err, "simulation: ", 12) == 0);                  \
	} while (0)

	REFUSE(c.n_stations = 0);
	REFUSE(c.n_stations = SIM_STATIONS_MAX + 1);
	REFUSE(c.ssid_len = 0);
	REFUSE(c.pmk = NULL);
	REFUSE(c.bssid[0] = 1);
	REFUSE(c.loss_rate = 1.0);
	REFUSE(c.loss_rate = -0.1);
	REFUSE(c.ring_size = 100);
	REFUSE((c.vanish.count = 1, c.vanish_after = 5));
	REFUSE(c.churn.frac = 0.5);
	REFUSE(c.params.step_timeout_ns = 1); /* other params left 0 */
	REFUSE((c.wrong_passphrase.count = 3, c.vanish.count = 2,
		c.vanish_after = 2));
#undef REFUSE
	CHECK(sim_open(&c, NULL, 0) == NULL);
	CHECK_EQ_INT(sim_stats(NULL, NULL), -EINVAL);
}

static void test_macs(void)
{
	uint8_t mac[6];

	sim_sta_mac(0, mac);
	CHECK_MEM(mac, "\x02\x00\x00\x00\x00\x01", 6);
	sim_sta_mac(0x123455, mac);
	CHECK_MEM(mac, "\x02\x00\x00\x12\x34\x56", 6);
}

/* Stopped at once: recv ends, nothing leaks, stats stay coherent. */
static void test_stop(void)
{
	struct sim_config c;
	struct sim_stats st;
	static struct frame f;
	struct port *p;
	int rc;

	base_config(&c, 3);
	c.start_delay_ns = 1000 * MS; /* nobody probes before the stop */
	c.wrong_passphrase.count = 1;
	c.vanish.frac = 0.5; /* 1.5 rounds to 2: never the wrong one */
	c.vanish_after = 1;
	p = sim_open(&c, NULL, 0);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ_INT(p->caps, PORT_CAP_TX_STATUS);
	f.len = 5;
	CHECK_EQ_INT(port_send(p, &f), -EINVAL);
	sim_stop(p);
	sim_stop(p);
	while ((rc = port_recv(p, &f)) == PORT_RECV_GOT)
		;
	CHECK_EQ_INT(rc, PORT_RECV_END);
	CHECK_EQ_INT(port_recv(p, &f), PORT_RECV_END);
	CHECK(port_rx_error(p) == NULL);
	CHECK_EQ_INT(sim_stats(p, &st), 0);
	CHECK_EQ_INT(st.stations, 3);
	CHECK_EQ_INT(st.pending, 3);
	CHECK_EQ_INT(st.wrong_passphrase, 1);
	CHECK_EQ_INT(st.should_connect, 0);
	CHECK_EQ_INT(st.to_ap, 0);
	CHECK_EQ_INT(port_close(p), 0);
}

/* NSTA stations, two with a wrong passphrase, join the real AP. */
static void test_population_joins(void)
{
	static struct mini_ap a;
	struct sim_config c;
	struct sim_stats st;
	char err[PORT_ERR_LEN] = "";

	ap_init(&a, 2); /* M1 twice: a wrong passphrase ends fast */
	base_config(&c, NSTA);
	c.wrong_passphrase.count = 2;
	simsta_params_default(&c.params);
	c.params.max_attempts = 1;
	a.port = sim_open(&c, err, sizeof(err));
	CHECK(a.port != NULL);
	if (!a.port) {
		fprintf(stderr, "  %s\n", err);
		ap_done(&a);
		return;
	}
	CHECK(serve(&a, 30000 * MS));
	sim_stop(a.port);
	CHECK_EQ_INT(sim_stats(a.port, &st), 0);
	sim_stats_print(stderr, &st);
	CHECK_EQ_INT(st.settled, NSTA);
	CHECK_EQ_INT(st.connected, NSTA - 2);
	CHECK_EQ_INT(st.connected_ok, NSTA - 2);
	CHECK_EQ_INT(st.should_connect, NSTA - 2);
	CHECK_EQ_INT(st.wrong_passphrase, 2);
	CHECK_EQ_INT(st.wrong_passphrase_failed, 2);
	CHECK_EQ_INT(st.failed_by[SIMSTA_FAIL_4WAY], 2);
	CHECK_EQ_INT(st.first_connects, NSTA - 2);
	CHECK_EQ_INT(st.echoes, st.from_ap);
	CHECK_EQ_INT(st.lost_from_ap + st.lost_to_ap, 0);
	CHECK_EQ_INT(st.no_station, 0);
	CHECK_EQ_INT(st.sta.verdict[SIMSTA_M3_BAD_MIC], 0);
	CHECK_EQ_INT(a.connected_events, NSTA - 2);
	CHECK_EQ_INT(a.send_errors, 0);
	CHECK_EQ_INT(port_close(a.port), 0);
	ap_done(&a);
}

/* 10% of frames lost both ways: every honest station still joins. */
static void test_population_lossy(void)
{
	static struct mini_ap a;
	struct sim_config c;
	struct sim_stats st;

	ap_init(&a, 4);
	base_config(&c, NSTA);
	c.loss_rate = 0.1;
	c.vanish.count = 2;
	c.vanish_after = 3;
	simsta_params_default(&c.params);
	c.params.max_attempts = 10;
	a.port = sim_open(&c, NULL, 0);
	CHECK(a.port != NULL);
	if (!a.port) {
		ap_done(&a);
		return;
	}
	CHECK(serve(&a, 60000 * MS));
	sim_stop(a.port);
	sim_stats(a.port, &st);
	sim_stats_print(stderr, &st);
	CHECK_EQ_INT(st.settled, NSTA);
	CHECK_EQ_INT(st.should_connect, NSTA - 2);
	CHECK_EQ_INT(st.vanished, 2);
	CHECK_EQ_INT(st.connected, NSTA - 2);
	CHECK_EQ_INT(st.connected_ok, NSTA - 2);
	CHECK(st.lost_from_ap + st.lost_to_ap > 0);
	CHECK(st.echoes <= st.from_ap);
	CHECK_EQ_INT(port_close(a.port), 0);
	ap_done(&a);
}

int main(void)
{
	check_begin("test_sim");
	if (!st_crypto()) {
		fprintf(stderr, "crypto set-up failed\n");
		return 1;
	}
	RUN(test_config_checks);
	RUN(test_macs);
	RUN(test_stop);
	RUN(test_population_joins);
	RUN(test_population_lossy);
	st_crypto_done();
	return check_end();
}
