/*
 * test_port_live.c - the live monitor port (core/port_live.c,
 * port_live_filter.c) and the decoding it shares with the replay input
 * (core/port_radio.c).
 *
 * - The filter expression compiled by libpcap for link type 127 and run
 *   with pcap_offline_filter() over frames built here behind radiotap
 *   headers: what reaches rapd and what stays in the kernel.
 * - port_live_open() refusals: no such interface, "lo" (not radiotap).
 * - The port itself on a TUN device whose link type is set to radiotap
 *   (ARPHRD_IEEE80211_RADIOTAP), in a network namespace of its own when
 *   one can be made: frames written into the TUN fd are what the radio
 *   "received", frames rapd injects come out of it. Covers decoding, the
 *   kernel filter, the copies of injected frames being dropped, the
 *   injection header, counters, an RX and a TX thread at once, an
 *   interface that is down, and the interface going away. Needs
 *   CAP_NET_ADMIN and CAP_NET_RAW: SKIP otherwise. Those tests run last:
 *   they move the process into the new namespace.
 * Not covered here (no radio on the test host): mac80211's TX status
 * reports and real injection; the hwsim VM test does those.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <pcap/pcap.h>
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

#include "../../core/port_radio_pvt.h"
#include "check.h"
#include "rapd/bytes.h"
#include "rapd/ieee80211.h"
#include "rapd/port.h"
#include "rapd/radiotap.h"

#define ARPHRD_RADIOTAP 803 /* linux/if_arp.h ARPHRD_IEEE80211_RADIOTAP */
#define ETH_P_802_2_BE 0x0004
#define FREQ 2437

static const uint8_t bss[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x00};
static const uint8_t other[6] = {0x02, 0x00, 0x00, 0x00, 0x02, 0x00};
static const uint8_t sta[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Radiotap headers, as receivers and mac80211 write them. */
enum hdr_kind {
	HDR_RX,	       /* FLAGS (FCS at end), RATE, CHANNEL, SIGNAL */
	HDR_RX_EXT,    /* the same with a second presence word */
	HDR_BAD_FCS,   /* HDR_RX with FLAGS BADFCS */
	HDR_ECHO,      /* mac80211 TX status: RATE, TX_FLAGS, DATA_RETRIES */
	HDR_ECHO_FAIL, /* the same with TX_FAIL: not ACKed */
	HDR_INJECT,    /* rapd's own injection header */
};

static const char *const hdr_hex[] = {
	/* FLAGS: FCS; 1 Mb/s; 2437 MHz, CCK 2 GHz; -60 dBm; pad */
	[HDR_RX] = "0000 1200 2e000000 10 02 8509 a000 c4 000000",
	/* + radiotap NS and EXT; word 2: DBM_ANTSIGNAL (a chain's) */
	[HDR_RX_EXT] = "0000 1400 2e0000a0 20000000 10 02 8509 a000 c4 c2",
	[HDR_BAD_FCS] = "0000 1200 2e000000 50 02 8509 a000 c4 000000",
	/* RATE 1 Mb/s, pad, TX_FLAGS, DATA_RETRIES */
	[HDR_ECHO] = "0000 0d00 04800200 02 00 0000 00",
	[HDR_ECHO_FAIL] = "0000 0d00 04800200 02 00 0100 00",
	/* rt_build_tx(): RATE 1 Mb/s, TX_FLAGS NOSEQNO */
	[HDR_INJECT] = "0000 0c00 04800000 02 00 1000",
};

static bool hdr_has_fcs(enum hdr_kind kind)
{
	return kind == HDR_RX || kind == HDR_RX_EXT || kind == HDR_BAD_FCS;
}

/* A captured record: radiotap header, 802.11 frame, FCS when announced. */
struct rec {
	uint8_t b[512];
	size_t len;
	size_t mpdu_off, mpdu_len;
};

static void rec_start(struct rec *r, enum hdr_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->mpdu_off = check_unhex_upto(hdr_hex[kind], r->b, 64);
	r->len = r->mpdu_off;
}

/* Ends r after the MPDU written up to p; p NULL is a failed builder. */
static void rec_end(struct rec *r, enum hdr_kind kind, const uint8_t *p)
{
	CHECK(p != NULL);
	if (!p)
		return;
	r->mpdu_len = (size_t)(p - (r->b + r->mpdu_off));
	r->len = r->mpdu_off + r->mpdu_len;
	if (hdr_has_fcs(kind)) {
		memcpy(r->b + r->len, "\x11\x22\x33\x44", 4); /* unchecked */
		r->len += 4;
	}
}

/* A management frame; the filter reads no body, so six zeros do. */
static void rec_mgmt(struct rec *r, enum hdr_kind kind, uint8_t stype,
		     const uint8_t *da, const uint8_t *sa, const uint8_t *bssid)
{
	uint8_t *p, *end = r->b + sizeof(r->b) - 4;

	rec_start(r, kind);
	p = wlan_put_mgmt_hdr(r->b + r->len, end, stype, da, sa, bssid, 7);
	if (p) {
		memset(p, 0, 6);
		p += 6;
	}
	rec_end(r, kind, p);
}

/* A data frame (tid < 0: not QoS) with an LLC/SNAP header of ethertype. */
static void rec_data(struct rec *r, enum hdr_kind kind, uint8_t ds,
		     const uint8_t *a1, const uint8_t *a2, const uint8_t *a3,
		     int tid, uint16_t ethertype)
{
	static const uint8_t snap[6] = {0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00};
	uint8_t *p, *end = r->b + sizeof(r->b) - 4;

	rec_start(r, kind);
	p = wlan_put_data_hdr(r->b + r->len, end, ds, a1, a2, a3, 9, tid);
	if (p) {
		memcpy(p, snap, sizeof(snap));
		put_be16(p + 6, ethertype);
		memset(p + 8, 0x5a, 16); /* an EAPOL-ish body */
		p += 24;
	}
	rec_end(r, kind, p);
}

/* A control frame: ACK (ra only) or RTS (ra, ta). */
static void rec_ctrl(struct rec *r, uint8_t stype, const uint8_t *ra,
		     const uint8_t *ta)
{
	uint8_t *p;

	rec_start(r, HDR_RX);
	p = r->b + r->len;
	p[0] = (uint8_t)(stype << 4 | WLAN_FC_TYPE_CTRL << 2);
	p[1] = 0;
	put_le16(p + 2, 44);
	memcpy(p + 4, ra, 6);
	p += 10;
	if (ta) {
		memcpy(p, ta, 6);
		p += 6;
	}
	rec_end(r, HDR_RX, p);
}

/* --- The filter ----------------------------------------------------- */

enum fkind { F_MGMT, F_DATA, F_CTRL };

/* One frame of the filter table and what each filter must do with it. */
struct fcase {
	const char *what;
	enum hdr_kind hdr;
	enum fkind kind;
	uint8_t stype;		     /* F_MGMT, F_CTRL */
	uint8_t ds;		     /* F_DATA: WLAN_FC_TODS or FROMDS */
	const uint8_t *a1, *a2, *a3; /* F_CTRL: ra, ta (NULL: none) */
	int tid;		     /* F_DATA: < 0 not QoS */
	uint16_t ethertype;	     /* F_DATA */
	bool eapol_only;	     /* admitted by the default filter */
	bool all_data;		     /* admitted with data_frames */
};

/* clang-format off */
#define FMGMT(w, h, st, a1, a2, a3, in)                                      \
	{w, h, F_MGMT, WLAN_STYPE_##st, 0, a1, a2, a3, -1, 0, in, in}
#define FDATA(w, h, ds, a1, a2, a3, tid, et, in, in_all)                     \
	{w, h, F_DATA, 0, WLAN_FC_##ds, a1, a2, a3, tid, et, in, in_all}
#define FCTRL(w, st, ra, ta)                                                 \
	{w, HDR_RX, F_CTRL, WLAN_STYPE_##st, 0, ra, ta, NULL, -1, 0, 0, 0}
/* clang-format on */

static const struct fcase fcases[] = {
	FMGMT("auth", HDR_RX, AUTH, bss, sta, bss, true),
	FMGMT("assoc req", HDR_RX, ASSOC_REQ, bss, sta, bss, true),
	FMGMT("wildcard probe", HDR_RX, PROBE_REQ, bcast, sta, bcast, true),
	FMGMT("directed probe", HDR_RX, PROBE_REQ, bss, sta, bss, true),
	FMGMT("deauth", HDR_RX, DEAUTH, bss, sta, bss, true),
	FMGMT("disassoc", HDR_RX, DISASSOC, bss, sta, bss, true),
	FMGMT("action", HDR_RX, ACTION, bss, sta, bss, true),
	FDATA("eapol", HDR_RX, TODS, bss, sta, bss, -1, 0x888e, true, true),
	FDATA("qos eapol", HDR_RX, TODS, bss, sta, bss, 6, 0x888e, true, true),
	/* rapd's own transmissions, as the monitor reports them */
	FMGMT("auth echo", HDR_ECHO, AUTH, sta, bss, bss, true),
	FMGMT("assoc resp", HDR_ECHO_FAIL, ASSOC_RESP, sta, bss, bss, true),
	FMGMT("probe resp", HDR_ECHO, PROBE_RESP, sta, bss, bss, true),
	FMGMT("group deauth", HDR_ECHO, DEAUTH, bcast, bss, bss, true),
	FDATA("eapol echo", HDR_ECHO, FROMDS, sta, bss, bss, -1, 0x888e, true,
	      true),
	FDATA("qos eapol echo", HDR_ECHO_FAIL, FROMDS, sta, bss, bss, 0, 0x888e,
	      true, true),
	/* beacons (ours too), other networks, control frames */
	FMGMT("beacon", HDR_RX, BEACON, bcast, other, other, false),
	FMGMT("our beacon", HDR_ECHO, BEACON, bcast, bss, bss, false),
	FMGMT("other auth", HDR_RX, AUTH, other, sta, other, false),
	FMGMT("other probe resp", HDR_RX, PROBE_RESP, sta, other, other, false),
	FMGMT("probe to other", HDR_RX, PROBE_REQ, other, sta, other, false),
	FCTRL("ack", ACK, bss, NULL),
	FCTRL("rts", RTS, bss, sta),
	FCTRL("cts", CTS, bss, NULL),
	/* data: EAPOL only, unless data_frames; never another BSS's */
	FDATA("ipv4", HDR_RX, TODS, bss, sta, bss, -1, 0x0800, false, true),
	FDATA("qos ipv6", HDR_RX, TODS, bss, sta, bss, 5, 0x86dd, false, true),
	FDATA("ipv4 echo", HDR_ECHO, FROMDS, sta, bss, bss, 0, 0x0800, false,
	      true),
	FDATA("other eapol", HDR_RX, TODS, other, sta, other, -1, 0x888e, false,
	      false),
	FDATA("other ipv4", HDR_RX, FROMDS, sta, other, other, -1, 0x0800,
	      false, false),
};

static void rec_case(struct rec *r, const struct fcase *c, enum hdr_kind h)
{
	switch (c->kind) {
	case F_MGMT:
		rec_mgmt(r, h, c->stype, c->a1, c->a2, c->a3);
		break;
	case F_DATA:
		rec_data(r, h, c->ds, c->a1, c->a2, c->a3, c->tid,
			 c->ethertype);
		break;
	case F_CTRL:
		rec_ctrl(r, c->stype, c->a1, c->a2);
		break;
	}
}

/* Compiles the filter of bss as the live port does, for link type 127. */
static bool filter_compile(pcap_t *dead, struct bpf_program *prog,
			   bool data_frames)
{
	char text[PORT_LIVE_FILTER_MAX];

	CHECK(port_live_filter(bss, data_frames, text, sizeof(text)) > 0);
	if (pcap_compile(dead, prog, text, 1, PCAP_NETMASK_UNKNOWN) == 0)
		return true;
	fprintf(stderr, "  compile: %s\n", pcap_geterr(dead));
	CHECK(0);
	return false;
}

/* Runs every case under its own header and one with two presence words. */
static void filter_run(const struct bpf_program *prog, bool data_frames)
{
	const enum hdr_kind extra = HDR_RX_EXT;
	struct pcap_pkthdr ph;
	struct rec r;
	size_t k;
	int v;

	for (k = 0; k < 2 * RAPD_ARRAY_SIZE(fcases); k++) {
		const struct fcase *c = &fcases[k / 2];
		bool want = data_frames ? c->all_data : c->eapol_only;
		bool got;

		rec_case(&r, c, k % 2 && c->kind != F_CTRL ? extra : c->hdr);
		memset(&ph, 0, sizeof(ph));
		ph.caplen = ph.len = (bpf_u_int32)r.len;
		v = pcap_offline_filter(prog, &ph, r.b);
		got = v != 0;
		if (got != want)
			fprintf(stderr, "  %s%s: %s\n", c->what,
				k % 2 ? " (2 presence words)" : "",
				got ? "admitted" : "refused");
		CHECK(got == want);
	}
}

static void test_filter(void)
{
	pcap_t *dead = pcap_open_dead(DLT_IEEE802_11_RADIO, 65535);
	struct bpf_program prog;

	CHECK(dead != NULL);
	if (!dead)
		return;
	if (filter_compile(dead, &prog, false)) {
		filter_run(&prog, false);
		pcap_freecode(&prog);
	}
	if (filter_compile(dead, &prog, true)) {
		filter_run(&prog, true);
		pcap_freecode(&prog);
	}
	pcap_close(dead);
}

static void test_filter_text(void)
{
	char buf[PORT_LIVE_FILTER_MAX];
	int n = port_live_filter(bss, false, buf, sizeof(buf));

	CHECK(n > 0 && (size_t)n == strlen(buf));
	CHECK(strstr(buf, "02:00:00:00:01:00") != NULL);
	CHECK(strstr(buf, "0x888e") != NULL);
	CHECK(port_live_filter(bss, true, buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "0x888e") == NULL);
	CHECK_EQ_INT(port_live_filter(bss, false, buf, (size_t)n), -ENOSPC);
	CHECK_EQ_INT(buf[0], '\0');
	CHECK_EQ_INT(port_live_filter(bss, false, buf, (size_t)n + 1), n);
	CHECK_EQ_INT(port_live_filter(bss, false, NULL, 0), -ENOSPC);
}

/* --- Shared decoding: the injection header test --------------------- */

static void test_injection_hdr(void)
{
	static const enum hdr_kind kinds[] = {HDR_RX, HDR_RX_EXT, HDR_ECHO,
					      HDR_ECHO_FAIL, HDR_INJECT};
	struct port_radio_rec pr;
	struct rec r;
	size_t k;

	for (k = 0; k < RAPD_ARRAY_SIZE(kinds); k++) {
		rec_mgmt(&r, kinds[k], WLAN_STYPE_AUTH, sta, bss, bss);
		CHECK_EQ_INT(port_radio_locate(r.b, r.len, r.len,
					       PORT_RADIO_RADIOTAP, &pr),
			     PORT_IN_OK);
		CHECK_EQ_INT(port_radio_is_injection_hdr(&pr.rt),
			     kinds[k] == HDR_INJECT);
		CHECK_EQ_INT(pr.len, r.mpdu_len);
	}
}

/* --- Opening: refusals ---------------------------------------------- */

static struct port_live_params params(const char *ifname)
{
	struct port_live_params lp;

	memset(&lp, 0, sizeof(lp));
	lp.ifname = ifname;
	memcpy(lp.bssid, bss, 6);
	lp.freq_mhz = FREQ;
	return lp;
}

static void test_open_refusals(void)
{
	struct port_live_params lp = params("rapdnosuch0");
	char err[PORT_ERR_LEN] = "";
	struct port_live_stats st;

	CHECK(port_live_open(&lp, err, sizeof(err)) == NULL);
	CHECK(strcmp(err, "rapdnosuch0: no such interface") == 0);
	CHECK(port_live_open(NULL, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "interface name") != NULL);
	lp.ifname = "";
	CHECK(port_live_open(&lp, NULL, 0) == NULL);
	lp.ifname = "a-name-far-too-long-for-linux";
	err[0] = '\0';
	CHECK(port_live_open(&lp, err, sizeof(err)) == NULL);
	CHECK(err[0] != '\0');
	CHECK_EQ_INT(port_live_stats(NULL, &st), -EINVAL);
}

static void test_open_lo(void)
{
	struct port_live_params lp = params("lo");
	char err[PORT_ERR_LEN] = "";
	struct port *p = port_live_open(&lp, err, sizeof(err));

	CHECK(p == NULL);
	port_close(p);
	if (strstr(err, "permission denied"))
		SKIP("capturing on lo needs CAP_NET_RAW");
	if (strcmp(err, "lo: link type EN10MB, not a monitor interface "
			"(802.11 + radiotap)") != 0) {
		fprintf(stderr, "  err: %s\n", err);
		CHECK(0);
	}
}

/* --- The port on a radiotap TUN device ------------------------------ */

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
static void tun_write(const struct rec *r)
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
	struct port_live_params lp = params(tun.name);
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

static void check_frame(const struct frame *f, const struct rec *r)
{
	CHECK_EQ_INT(f->len, r->mpdu_len);
	if (f->len == r->mpdu_len)
		CHECK_MEM(f->data, r->b + r->mpdu_off, r->mpdu_len);
}

/* Decoding, the kernel filter, times, order and the RX counters. */
static void test_live_recv(void)
{
	struct port_live_stats st;
	struct rec r, beacon;
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
	rec_mgmt(&beacon, HDR_RX, WLAN_STYPE_BEACON, bcast, bss, bss);
	tun_write(&beacon);
	rec_mgmt(&r, HDR_RX, WLAN_STYPE_AUTH, bss, sta, bss);
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
	rec_mgmt(&r, HDR_ECHO_FAIL, WLAN_STYPE_ASSOC_RESP, sta, bss, bss);
	tun_write(&r);
	CHECK_EQ_INT(recv_next(p, &fr), PORT_RECV_GOT);
	check_frame(&fr, &r);
	CHECK_EQ_INT(fr.flags, FRAME_F_TX_STATUS);
	CHECK_EQ_INT(fr.freq_mhz, FREQ);
	CHECK_EQ_INT(fr.order, 1);
	rec_data(&r, HDR_ECHO, WLAN_FC_FROMDS, sta, bss, bss, 0, 0x888e);
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
	struct rec r;
	struct port *p;

	if (!tun_ready())
		SKIP(tun_skip);
	p = tun_port();
	if (!p)
		return;
	rec_mgmt(&r, HDR_BAD_FCS, WLAN_STYPE_AUTH, bss, sta, bss);
	tun_write(&r);
	rec_mgmt(&r, HDR_RX, WLAN_STYPE_AUTH, bss, sta, bss);
	r.b[0] = 1;
	tun_write(&r);
	rec_mgmt(&r, HDR_RX_EXT, WLAN_STYPE_DEAUTH, bss, sta, bss);
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
	uint8_t *p = wlan_put_mgmt_hdr(f->data, end, WLAN_STYPE_AUTH, da, bss,
				       bss, seq);

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
	struct rec r;
	struct port *p;

	if (!tun_ready())
		SKIP(tun_skip);
	p = tun_port();
	if (!p)
		return;
	make_tx(&fr, sta, 1);
	check_sent(p, "00000c00 04800000 02 00 1000"); /* 1 Mb/s, NOSEQNO */
	make_tx(&fr, bcast, 2);
	fr.rate_500k = 12;
	check_sent(p, "00000c00 04800000 0c 00 1800"); /* + NOACK */
	make_tx(&fr, sta, 3);
	fr.flags = FRAME_F_NOACK;
	check_sent(p, "00000c00 04800000 02 00 1800");
	fr.len = WLAN_HDR_LEN_CTRL_RA - 1;
	CHECK_EQ_INT(port_send(p, &fr), -EINVAL);
	fr.len = FRAME_DATA_MAX + 1;
	CHECK_EQ_INT(port_send(p, &fr), -EMSGSIZE);

	/* The outgoing copies of those three never reach recv. */
	rec_mgmt(&r, HDR_RX, WLAN_STYPE_AUTH, bss, sta, bss);
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
		make_tx(&f, sta, (uint16_t)i);
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
	struct rec r;
	int i, bad = 0;

	if (!tun_ready())
		SKIP(tun_skip);
	job.p = tun_port();
	if (!job.p)
		return;
	CHECK_EQ_INT(pthread_create(&th, NULL, tx_thread, &job), 0);
	for (i = 0; i < RX_FRAMES; i++) {
		rec_mgmt(&r, HDR_RX, WLAN_STYPE_AUTH, bss, sta, bss);
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
		make_tx(&fr, sta, (uint16_t)i);
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
	struct port_live_params lp = params(tun.name);
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
	make_tx(&fr, sta, 9);
	CHECK_EQ_INT(port_send(p, &fr), -EIO);
	st = live_stats(p);
	CHECK_EQ_INT(st.inject_errors, 1);
	CHECK_EQ_INT(st.injected, 0);
	CHECK_EQ_INT(port_close(p), 0);
}

int main(void)
{
	check_begin("test_port_live");
	RUN(test_filter_text);
	RUN(test_filter);
	RUN(test_injection_hdr);
	RUN(test_open_refusals);
	RUN(test_open_lo);
	/* Last: these move the process into a network namespace. */
	RUN(test_live_recv);
	RUN(test_live_skips);
	RUN(test_live_send);
	RUN(test_live_rx_tx_at_once);
	RUN(test_live_down);
	RUN(test_live_gone);
	return check_end();
}
