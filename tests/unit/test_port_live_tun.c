/*
 * test_port_live_tun.c - the live monitor port (core/port_live.c) end to
 * end, on a TUN device whose link type is set to radiotap
 * (ARPHRD_IEEE80211_RADIOTAP), in a network namespace of its own when one
 * can be made: frames written into the TUN fd are what the radio
 * "received", frames rapd injects come out of it. The filter and the
 * refusals that need no device: test_port_live.c; the record builders
 * both use: port_live_testutil.c.
 *
 * Covers decoding, the kernel filter, the copies of injected frames being
 * dropped, the injection header, counters, an RX and a TX thread at once,
 * an interface that is down, and the interface going away. Needs
 * CAP_NET_ADMIN and CAP_NET_RAW: SKIP otherwise. The first test to run
 * moves the process into the new namespace.
 * Not covered here (no radio on the test host): mac80211's TX status
 * reports and real injection; the hwsim VM test does those.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "port_live_testutil.h"
#include "rapd/bytes.h"
#include "rapd/ieee80211.h"
#include "rapd/port.h"
#include "rapd/radiotap.h"

#define ARPHRD_RADIOTAP 803 /* linux/if_arp.h ARPHRD_IEEE80211_RADIOTAP */
#define ETH_P_802_2_BE 0x0004

struct tun {
	int fd;
	char name[IF_NAMESIZE];
};

static struct tun tun = {.fd = -1};
static struct frame fr;

/* Brings the TUN device up or down; 0 or -1. */
static int tun_set_up(bool up)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, tun.name, sizeof(tun.name));
	rc = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	if (rc == 0)
		rc = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return rc;
}

/* Creates and brings up a TUN device of link type radiotap. */
static const char *tun_up(void)
{
	struct ifreq ifr;

	/* A namespace of our own when allowed; else the device lives in
	 * the current one, only until its fd closes (non-persistent). */
	(void)unshare(CLONE_NEWNET);
	tun.fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (tun.fd < 0)
		return "no /dev/net/tun";
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN; /* with the 4-byte packet information */
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "rapdt%%d");
	if (ioctl(tun.fd, TUNSETIFF, &ifr) != 0 ||
	    ioctl(tun.fd, TUNSETLINK, (unsigned long)ARPHRD_RADIOTAP) != 0)
		return "cannot create a TUN device (needs CAP_NET_ADMIN)";
	memcpy(tun.name, ifr.ifr_name, sizeof(tun.name));
	return tun_set_up(true) ? "cannot bring the TUN device up" : NULL;
}

/* What the radio "received": r written into the TUN device. */
static void tun_write(const struct plt_rec *r)
{
	uint8_t b[4 + sizeof(r->b)];

	put_le16(b, 0);
	put_be16(b + 2, ETH_P_802_2_BE);
	memcpy(b + 4, r->b, r->len);
	CHECK_EQ_INT(write(tun.fd, b, 4 + r->len), 4 + r->len);
}

/* What the port injected: one packet out of the TUN device, or -1. */
static ssize_t tun_read(uint8_t *b, size_t cap)
{
	struct pollfd pfd = {.fd = tun.fd, .events = POLLIN};
	uint8_t raw[4 + 4096];
	ssize_t n;

	if (poll(&pfd, 1, 1000) != 1)
		return -1;
	n = read(tun.fd, raw, sizeof(raw));
	if (n < 4 || (size_t)(n - 4) > cap)
		return -1;
	memcpy(b, raw + 4, (size_t)n - 4);
	return n - 4;
}

/* recv until it gives something other than NONE (at most ~2 s). */
static int recv_next(struct port *p, struct frame *f)
{
	int rc = PORT_RECV_NONE;
	int i;

	for (i = 0; i < 200 && rc == PORT_RECV_NONE; i++)
		rc = port_recv(p, f);
	return rc;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct port *tun_port(void)
{
	struct port_live_params lp = plt_params(tun.name);
	char err[PORT_ERR_LEN] = "";
	struct port *p = port_live_open(&lp, err, sizeof(err));

	if (!p)
		fprintf(stderr, "  open %s: %s\n", tun.name, err);
	CHECK(p != NULL);
	return p;
}

static struct port_live_stats live_stats(struct port *p)
{
	struct port_live_stats st;

	memset(&st, 0xff, sizeof(st));
	CHECK_EQ_INT(port_live_stats(p, &st), 0);
	return st;
}

static const char *tun_skip = "not tried";
static bool tun_tried;

static bool tun_ready(void)
{
	if (!tun_tried) {
		tun_tried = true;
		tun_skip = tun_up();
	}
	return tun_skip == NULL;
}

static void check_frame(const struct frame *f, const struct plt_rec *r)
{
	CHECK_EQ_INT(f->len, r->mpdu_len);
	if (f->len == r->mpdu_len)
		CHECK_MEM(f->data, r->b + r->mpdu_off, r->mpdu_len);
}

/* Decoding, the kernel filter, times, order and the RX counters. */
static void test_live_recv(void)
{
	struct port_live_stats st;
	struct plt_rec r, beacon;
	struct port *p;
	uint64_t t0, t1;

	if (!tun_ready())
		SKIP(tun_skip);
	p = tun_port();
	if (!p)
		return;
	CHECK_EQ_INT(p->caps, PORT_CAP_TX_STATUS);
	t0 = mono_ns();
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_NONE);
	t1 = mono_ns();
	CHECK(t1 - t0 >= 5000000ull && t1 - t0 < 500000000ull);

	/* A beacon stays in the kernel; the auth comes, FCS stripped. */
	plt_rec_mgmt(&beacon, PLT_HDR_RX, WLAN_STYPE_BEACON, plt_bcast, plt_bss,
		     plt_bss);
	tun_write(&beacon);
	plt_rec_mgmt(&r, PLT_HDR_RX, WLAN_STYPE_AUTH, plt_bss, plt_sta,
		     plt_bss);
	t0 = mono_ns();
	tun_write(&r);
	CHECK_EQ_INT(recv_next(p, &fr), PORT_RECV_GOT);
	t1 = mono_ns();
	check_frame(&fr, &r);
	CHECK(fr.ts_ns >= t0 && fr.ts_ns <= t1);
	CHECK_EQ_INT(fr.order, 0);
	CHECK_EQ_INT(fr.flags, 0);
	CHECK_EQ_INT(fr.signal_dbm, -60);
	CHECK_EQ_INT(fr.rate_500k, 2);
	CHECK_EQ_INT(fr.freq_mhz, 2437);

	/* TX status: not ACKed; no CHANNEL, so the port's frequency. */
	plt_rec_mgmt(&r, PLT_HDR_ECHO_FAIL, WLAN_STYPE_ASSOC_RESP, plt_sta,
		     plt_bss, plt_bss);
	tun_write(&r);
	CHECK_EQ_INT(recv_next(p, &fr), PORT_RECV_GOT);
	check_frame(&fr, &r);
	CHECK_EQ_INT(fr.flags, FRAME_F_TX_STATUS);
	CHECK_EQ_INT(fr.freq_mhz, PLT_FREQ);
	CHECK_EQ_INT(fr.order, 1);
	plt_rec_data(&r, PLT_HDR_ECHO, WLAN_FC_FROMDS, plt_sta, plt_bss,
		     plt_bss, 0, 0x888e);
	tun_write(&r);
	CHECK_EQ_INT(recv_next(p, &fr), PORT_RECV_GOT);
	check_frame(&fr, &r);
	CHECK_EQ_INT(fr.flags, FRAME_F_TX_STATUS | FRAME_F_ACKED);

	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_NONE);
	st = live_stats(p);
	CHECK_EQ_INT(st.received, 3);
	CHECK_EQ_INT(st.handed_out, 3);
	CHECK_EQ_INT(st.bad_fcs + st.bad_radiotap + st.runts + st.oversize, 0);
	CHECK_EQ_INT(st.own_copies + st.kernel_drops, 0);
	CHECK_EQ_INT(st.injected + st.inject_errors, 0);
	CHECK_EQ_INT(port_close(p), 0);
}

/* Skipped and counted: a bad FCS, a radiotap version 1; order goes on. */
static void test_live_skips(void)
{
	struct port_live_stats st;
	struct plt_rec r;
	struct port *p;

	if (!tun_ready())
		SKIP(tun_skip);
	p = tun_port();
	if (!p)
		return;
	plt_rec_mgmt(&r, PLT_HDR_BAD_FCS, WLAN_STYPE_AUTH, plt_bss, plt_sta,
		     plt_bss);
	tun_write(&r);
	plt_rec_mgmt(&r, PLT_HDR_RX, WLAN_STYPE_AUTH, plt_bss, plt_sta,
		     plt_bss);
	r.b[0] = 1;
	tun_write(&r);
	plt_rec_mgmt(&r, PLT_HDR_RX_EXT, WLAN_STYPE_DEAUTH, plt_bss, plt_sta,
		     plt_bss);
	tun_write(&r);
	CHECK_EQ_INT(recv_next(p, &fr), PORT_RECV_GOT);
	check_frame(&fr, &r);
	CHECK_EQ_INT(fr.order, 2);
	CHECK_EQ_INT(fr.signal_dbm, -60);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_NONE);
	st = live_stats(p);
	CHECK_EQ_INT(st.received, 3);
	CHECK_EQ_INT(st.handed_out, 1);
	CHECK_EQ_INT(st.bad_fcs, 1);
	CHECK_EQ_INT(st.bad_radiotap, 1);
	CHECK_EQ_INT(st.runts + st.oversize + st.own_copies, 0);
	CHECK_EQ_INT(port_close(p), 0);
}

/* A management frame of rapd's, seq numbering it, into f. */
static void make_tx(struct frame *f, const uint8_t *da, uint16_t seq)
{
	uint8_t *end = f->data + sizeof(f->data);
	uint8_t *p = wlan_put_mgmt_hdr(f->data, end, WLAN_STYPE_AUTH, da,
				       plt_bss, plt_bss, seq);

	p = p ? wlan_put_auth(p, end, WLAN_AUTH_OPEN, 2, 0) : NULL;
	memset(f, 0, offsetof(struct frame, data));
	f->len = p ? (uint32_t)(p - f->data) : 0;
}

/* The injection header and frame as they leave, and no copy comes back. */
static void check_sent(struct port *p, const char *want_hex)
{
	uint8_t out[64 + FRAME_DATA_MAX];
	ssize_t n;

	CHECK_EQ_INT(port_send(p, &fr), 0);
	n = tun_read(out, sizeof(out));
	CHECK_EQ_INT(n, RT_TX_HDR_LEN + fr.len);
	if (n != (ssize_t)(RT_TX_HDR_LEN + fr.len))
		return;
	CHECK_HEX(out, want_hex);
	CHECK_MEM(out + RT_TX_HDR_LEN, fr.data, fr.len);
}

static void test_live_send(void)
{
	struct port_live_stats st;
	struct plt_rec r;
	struct port *p;

	if (!tun_ready())
		SKIP(tun_skip);
	p = tun_port();
	if (!p)
		return;
	make_tx(&fr, plt_sta, 1);
	check_sent(p, "00000c00 04800000 02 00 1000"); /* 1 Mb/s, NOSEQNO */
	make_tx(&fr, plt_bcast, 2);
	fr.rate_500k = 12;
	check_sent(p, "00000c00 04800000 0c 00 1800"); /* + NOACK */
	make_tx(&fr, plt_sta, 3);
	fr.flags = FRAME_F_NOACK;
	check_sent(p, "00000c00 04800000 02 00 1800");
	fr.len = WLAN_HDR_LEN_CTRL_RA - 1;
	CHECK_EQ_INT(port_send(p, &fr), -EINVAL);
	fr.len = FRAME_DATA_MAX + 1;
	CHECK_EQ_INT(port_send(p, &fr), -EMSGSIZE);

	/* The outgoing copies of those three never reach recv. */
	plt_rec_mgmt(&r, PLT_HDR_RX, WLAN_STYPE_AUTH, plt_bss, plt_sta,
		     plt_bss);
	tun_write(&r);
	CHECK_EQ_INT(recv_next(p, &fr), PORT_RECV_GOT);
	check_frame(&fr, &r);
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_NONE);
	st = live_stats(p);
	CHECK_EQ_INT(st.injected, 3);
	CHECK_EQ_INT(st.inject_errors, 0);
	CHECK_EQ_INT(st.received, 1);
	CHECK_EQ_INT(st.own_copies, 0);
	CHECK_EQ_INT(port_close(p), 0);
}

#define TX_FRAMES 200 /* below the TUN device's 500-packet queue */
#define RX_FRAMES 300

struct tx_job {
	struct port *p;
	int failures;
};

static void *tx_thread(void *arg)
{
	struct tx_job *job = arg;
	static struct frame f; /* this thread's alone */
	int i;

	for (i = 0; i < TX_FRAMES; i++) {
		make_tx(&f, plt_sta, (uint16_t)i);
		if (port_send(job->p, &f) != 0)
			job->failures++;
	}
	return NULL;
}

/* recv on this thread while another thread sends, as the pipeline does. */
static void test_live_rx_tx_at_once(void)
{
	struct tx_job job = {0};
	uint8_t out[64 + FRAME_DATA_MAX];
	struct port_live_stats st;
	pthread_t th;
	struct plt_rec r;
	int i, bad = 0;

	if (!tun_ready())
		SKIP(tun_skip);
	job.p = tun_port();
	if (!job.p)
		return;
	CHECK_EQ_INT(pthread_create(&th, NULL, tx_thread, &job), 0);
	for (i = 0; i < RX_FRAMES; i++) {
		plt_rec_mgmt(&r, PLT_HDR_RX, WLAN_STYPE_AUTH, plt_bss, plt_sta,
			     plt_bss);
		put_le16(r.b + r.mpdu_off + 22, WLAN_SEQ_CTL(i, 0));
		tun_write(&r);
		if (recv_next(job.p, &fr) != PORT_RECV_GOT ||
		    fr.len != r.mpdu_len ||
		    memcmp(fr.data, r.b + r.mpdu_off, fr.len) != 0)
			bad++;
	}
	pthread_join(th, NULL);
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(job.failures, 0);
	/* Every injected frame left whole, in order. */
	for (i = 0; i < TX_FRAMES; i++) {
		make_tx(&fr, plt_sta, (uint16_t)i);
		if (tun_read(out, sizeof(out)) !=
			    (ssize_t)(RT_TX_HDR_LEN + fr.len) ||
		    memcmp(out + RT_TX_HDR_LEN, fr.data, fr.len) != 0)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	st = live_stats(job.p);
	CHECK_EQ_INT(st.injected, TX_FRAMES);
	CHECK_EQ_INT(st.handed_out, RX_FRAMES);
	CHECK_EQ_INT(st.received, RX_FRAMES);
	CHECK_EQ_INT(port_close(job.p), 0);
}

/* An interface that is down is refused, naming it. */
static void test_live_down(void)
{
	struct port_live_params lp = plt_params(tun.name);
	char err[PORT_ERR_LEN] = "";
	char want[PORT_ERR_LEN];

	if (!tun_ready())
		SKIP(tun_skip);
	CHECK_EQ_INT(tun_set_up(false), 0);
	CHECK(port_live_open(&lp, err, sizeof(err)) == NULL);
	snprintf(want, sizeof(want), "%s: interface is down", tun.name);
	if (strcmp(err, want) != 0) {
		fprintf(stderr, "  err: %s\n", err);
		CHECK(0);
	}
	CHECK_EQ_INT(tun_set_up(true), 0);
}

/* The interface goes away: recv ends with the reason, send fails. */
static void test_live_gone(void)
{
	struct port_live_stats st;
	struct port *p;
	const char *why;

	if (!tun_ready())
		SKIP(tun_skip);
	p = tun_port();
	if (!p)
		return;
	close(tun.fd); /* a non-persistent TUN device dies with its fd */
	tun.fd = -1;
	CHECK_EQ_INT(recv_next(p, &fr), PORT_RECV_END);
	why = port_rx_error(p);
	CHECK(why != NULL);
	if (why) {
		CHECK(strncmp(why, tun.name, strlen(tun.name)) == 0);
		CHECK(strstr(why, "capture ended: ") != NULL);
	}
	CHECK_EQ_INT(port_recv(p, &fr), PORT_RECV_END);
	make_tx(&fr, plt_sta, 9);
	CHECK_EQ_INT(port_send(p, &fr), -EIO);
	st = live_stats(p);
	CHECK_EQ_INT(st.inject_errors, 1);
	CHECK_EQ_INT(st.injected, 0);
	CHECK_EQ_INT(port_close(p), 0);
}

int main(void)
{
	check_begin("test_port_live_tun");
	RUN(test_live_recv);
	RUN(test_live_skips);
	RUN(test_live_send);
	RUN(test_live_rx_tx_at_once);
	RUN(test_live_down);
	RUN(test_live_gone);
	return check_end();
}
