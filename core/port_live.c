/*
 * port_live.c - the live frame port: a monitor interface, read with
 * libpcap and written through a PF_PACKET socket, 802.11 with radiotap
 * both ways.
 *
 * Owns the pcap_t of the capture, the injection socket and the counters;
 * close frees them. Threads: port_live_open() and close run on the main
 * thread, before the RX and TX threads start and after they were joined.
 * recv runs on the RX thread and alone touches the pcap_t (reads,
 * pcap_stats, its error buffer), the RX counters, the frame order counter
 * and rx_error. send runs on the TX thread and alone touches the
 * injection socket and the TX counters. Everything else (interface
 * name, default rate and frequency, the injection address) is written at
 * open and only read afterwards. So recv and send share no mutable
 * state, and the counters (one writer each, relaxed atomics; RX and TX
 * on separate cache lines) may be read by port_live_stats() from any
 * thread.
 *
 * Why injection does not use pcap_inject() on the capture handle: on
 * Linux that is a send() on the capture socket, which by itself would be
 * safe beside reads from the mmap ring, but libpcap writes its handle's
 * error buffer on a failed send as on a failed read, and a pcap_t has
 * no thread-safety promise. A second socket (AF_PACKET, SOCK_RAW,
 * protocol 0, so it never receives anything) sends exactly the bytes
 * pcap_inject() would (sendto() the interface with protocol ETH_P_ALL,
 * as libpcap's bound socket does), gives send its own errno, and leaves
 * the pcap_t to the RX thread alone.
 *
 * Capture (libpcap on Linux, measured on mac80211_hwsim):
 * - Immediate mode, so every frame is handed over at once rather than
 *   when a ring block fills. A blocking read in immediate mode did not
 *   return while nothing matched the filter, so the handle is
 *   non-blocking and recv waits in poll() on pcap_get_selectable_fd(),
 *   at most LIVE_WAIT_MS, as port.h asks. libpcap checks in each read
 *   whether an interface that went down has disappeared, and reports it
 *   as an error; recv then ends the port with that reason.
 * - Link type 127 only: a monitor interface's frames carry radiotap.
 * - Each frame rapd injects shows up twice on the interface: the outgoing
 *   copy (packet type PACKET_OUTGOING, rapd's own injection header) and,
 *   10-20 ms later, mac80211's TX status report (incoming, TX_FLAGS with
 *   TX_FAIL when not ACKed, DATA_RETRIES). Only the report is wanted:
 *   pcap_setdirection(PCAP_D_IN) makes libpcap drop the outgoing copies.
 *   Should a platform refuse that, recv drops instead each frame whose
 *   radiotap header is rapd's injection header (port_radio.c: TX_FLAGS
 *   with NOSEQNO and no DATA_RETRIES, which no status report has),
 *   counted as own_copies.
 * - The kernel filter (port_live_filter.c) admits the BSS's management
 *   frames, wildcard probe requests and EAPOL (or all data, monitor-only
 *   mode); decoding is port_radio.c's, the replay input's own.
 * - Time: f->ts_ns is CLOCK_MONOTONIC when recv read the frame, because
 *   the live pipeline's timers run on the monotonic clock (a wall-clock
 *   step must not fire or stall them); the kernel's capture time stamp
 *   is wall-clock time and is not used.
 *
 * Injection: radiotap header of rt_build_tx() (radiotap.org; TX_FLAGS
 * per the kernel's mac80211-injection.rst: NOSEQNO always, rapd numbers
 * its frames; NOACK for group-addressed frames and FRAME_F_NOACK) then
 * the 802.11 frame, sent without blocking; a full socket buffer or
 * device queue gets one short wait and one retry before the frame is
 * counted lost (-EIO: the MLME's timers resend what matters).
 */
#include "rapd/port.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "port_radio_pvt.h"
#include "rapd/bytes.h"
#include "rapd/ieee80211.h"

#define LIVE_SNAPLEN 65535
#define LIVE_BUFFER_DEFAULT (8u << 20)
#define LIVE_WAIT_MS 10	   /* recv's longest wait (port.h: ~10 ms) */
#define LIVE_SKIP_MAX 64   /* skipped frames before recv returns NONE */
#define LIVE_TX_WAIT_MS 10 /* send's one wait for room */
#define NS_PER_SEC 1000000000ull
#define LIVE_STATS_PERIOD_NS NS_PER_SEC
#define ADDR1_OFF 4
#define CACHE_LINE 64

/* Counters written by the RX thread only. */
struct live_rx_counters {
	_Atomic uint64_t received, handed_out;
	_Atomic uint64_t bad_radiotap, runts, bad_fcs, oversize, own_copies;
	_Atomic uint64_t kernel_drops;
};

/* Counters written by the TX thread only. */
struct live_tx_counters {
	_Atomic uint64_t injected, inject_errors;
};

struct live {
	struct port port; /* first: the port handed out */
	char ifname[IF_NAMESIZE];
	uint16_t freq_mhz;
	uint8_t default_rate;

	/* RX thread */
	pcap_t *pcap;
	int rx_fd; /* pcap_get_selectable_fd() */
	bool drop_own_copies;
	bool ended;
	uint64_t next_order;
	uint64_t stats_read_ns; /* when pcap_stats() was last read */
	_Alignas(CACHE_LINE) struct live_rx_counters rx;

	/* TX thread */
	_Alignas(CACHE_LINE) struct live_tx_counters tx;
	int tx_fd;
	struct sockaddr_ll tx_addr;
};

static const struct port_ops live_ops;

static struct live *to_live(struct port *p)
{
	return (struct live *)p;
}

static void counter_inc(_Atomic uint64_t *c)
{
	/* One writer per counter: no read-modify-write needed. */
	atomic_store_explicit(c,
			      atomic_load_explicit(c, memory_order_relaxed) + 1,
			      memory_order_relaxed);
}

static uint64_t counter_get(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* --- RX thread ------------------------------------------------------ */

/* Kernel drops as pcap_stats() counts them since open; kept on failure. */
static void live_read_kernel_stats(struct live *lv, uint64_t now)
{
	struct pcap_stat ps;

	lv->stats_read_ns = now;
	if (pcap_stats(lv->pcap, &ps) != 0)
		return;
	atomic_store_explicit(&lv->rx.kernel_drops,
			      (uint64_t)ps.ps_drop + ps.ps_ifdrop,
			      memory_order_relaxed);
}

static void live_maybe_read_stats(struct live *lv, uint64_t now)
{
	if (now - lv->stats_read_ns >= LIVE_STATS_PERIOD_NS)
		live_read_kernel_stats(lv, now);
}

static void live_count_skip(struct live *lv, enum port_in_verdict v)
{
	switch (v) {
	case PORT_IN_RADIOTAP:
		counter_inc(&lv->rx.bad_radiotap);
		break;
	case PORT_IN_BAD_FCS:
		counter_inc(&lv->rx.bad_fcs);
		break;
	case PORT_IN_RUNT:
		counter_inc(&lv->rx.runts);
		break;
	case PORT_IN_TRUNCATED:
		/* Cut by a 65535-byte snaplen: larger than any 802.11 frame. */
	case PORT_IN_OVERSIZE:
		counter_inc(&lv->rx.oversize);
		break;
	case PORT_IN_OK:
	case PORT_IN_TIMESTAMP: /* a file's verdict: port_radio never says it */
	case PORT_IN_VERDICTS:
		break;
	}
}

/* Decodes one captured frame into f; false when it is skipped (counted). */
static bool live_take(struct live *lv, const struct pcap_pkthdr *h,
		      const uint8_t *data, struct frame *f)
{
	struct port_radio_rec r;
	enum port_in_verdict v;
	uint64_t now = now_ns();
	uint64_t order = lv->next_order++;

	counter_inc(&lv->rx.received);
	v = port_radio_locate(data, h->caplen, h->len, PORT_RADIO_RADIOTAP, &r);
	if (v != PORT_IN_OK) {
		live_count_skip(lv, v);
		return false;
	}
	if (lv->drop_own_copies && port_radio_is_injection_hdr(&r.rt)) {
		counter_inc(&lv->rx.own_copies);
		return false;
	}
	port_radio_to_frame(&r, f);
	if (!f->freq_mhz)
		f->freq_mhz = lv->freq_mhz;
	f->ts_ns = now;
	f->order = order;
	counter_inc(&lv->rx.handed_out);
	return true;
}

static int live_end(struct live *lv, const char *why)
{
	snprintf(lv->port.rx_error, sizeof(lv->port.rx_error),
		 "%s: capture ended: %s", lv->ifname, why);
	lv->ended = true;
	live_read_kernel_stats(lv, now_ns());
	return PORT_RECV_END;
}

/* Waits for the capture socket; 0 (ready, timed out, interrupted) or -errno. */
static int live_wait(struct live *lv)
{
	struct pollfd pfd = {.fd = lv->rx_fd, .events = POLLIN};

	/*
	 * POLLERR or POLLHUP wake us as readable would: the read that
	 * follows lets libpcap fetch and report the socket's error.
	 */
	if (poll(&pfd, 1, LIVE_WAIT_MS) < 0 && errno != EINTR)
		return -errno;
	return 0;
}

static int live_recv(struct port *p, struct frame *f)
{
	struct live *lv = to_live(p);
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned int skipped = 0;
	bool waited = false;
	int rc;

	if (lv->ended)
		return PORT_RECV_END;
	for (;;) {
		rc = pcap_next_ex(lv->pcap, &h, &data);
		if (rc == 1) {
			if (live_take(lv, h, data, f)) {
				live_maybe_read_stats(lv, f->ts_ns);
				return PORT_RECV_GOT;
			}
			/* Bounded, so a flood of bad frames cannot hide a
			 * shutdown from the RX loop. */
			if (++skipped >= LIVE_SKIP_MAX)
				return PORT_RECV_NONE;
			continue;
		}
		if (rc == PCAP_ERROR_BREAK) /* rapd never breaks the loop */
			return live_end(lv, "interrupted");
		if (rc < 0)
			return live_end(lv, pcap_geterr(lv->pcap));
		if (waited)
			break;
		rc = live_wait(lv);
		if (rc < 0)
			return live_end(lv, strerror(-rc));
		waited = true;
	}
	live_maybe_read_stats(lv, now_ns());
	return PORT_RECV_NONE;
}

/* --- TX thread ------------------------------------------------------ */

/* sendmsg() without blocking; one short wait and one retry when full. */
static ssize_t live_sendmsg(struct live *lv, const struct msghdr *msg)
{
	struct pollfd pfd = {.fd = lv->tx_fd, .events = POLLOUT};
	ssize_t n = sendmsg(lv->tx_fd, msg, MSG_DONTWAIT);

	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		/* The socket's send buffer is full: wait for room. */
		poll(&pfd, 1, LIVE_TX_WAIT_MS);
	} else if (errno == ENOBUFS) {
		/* The device queue is full: give it time to drain. */
		poll(NULL, 0, 1);
	} else if (errno != EINTR) {
		return -1;
	}
	return sendmsg(lv->tx_fd, msg, MSG_DONTWAIT);
}

static int live_send(struct port *p, const struct frame *f)
{
	struct live *lv = to_live(p);
	uint8_t hdr[RT_TX_HDR_LEN];
	struct iovec iov[2];
	struct msghdr msg;
	bool noack;
	uint8_t rate;

	if (f->len < WLAN_HDR_LEN_CTRL_RA)
		return -EINVAL;
	if (f->len > FRAME_DATA_MAX)
		return -EMSGSIZE;
	noack = mac_is_group(f->data + ADDR1_OFF) || (f->flags & FRAME_F_NOACK);
	rate = f->rate_500k ? f->rate_500k : lv->default_rate;
	rt_build_tx(hdr, sizeof(hdr), rate, rt_tx_flags_for(noack));
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = (void *)f->data;
	iov[1].iov_len = f->len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &lv->tx_addr;
	msg.msg_namelen = sizeof(lv->tx_addr);
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	if (live_sendmsg(lv, &msg) != (ssize_t)(sizeof(hdr) + f->len)) {
		counter_inc(&lv->tx.inject_errors);
		return -EIO;
	}
	counter_inc(&lv->tx.injected);
	return 0;
}

/* --- Opening and closing (main thread) ------------------------------ */

static int live_close(struct port *p)
{
	struct live *lv = to_live(p);

	if (lv->pcap)
		pcap_close(lv->pcap);
	if (lv->tx_fd >= 0)
		close(lv->tx_fd);
	free(lv);
	return 0;
}

static const struct port_ops live_ops = {
	.recv = live_recv,
	.send = live_send,
	.close = live_close,
};

static void set_err(char *err, size_t errlen, const char *ifname,
		    const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", ifname, why);
}

/* Why pcap_activate() failed, in words a user can act on. */
static void activate_err(pcap_t *pcap, int rc, const struct live *lv, char *err,
			 size_t errlen)
{
	const char *detail = pcap_geterr(pcap);
	char why[PCAP_ERRBUF_SIZE + 96];

	if (!detail || !*detail)
		detail = pcap_statustostr(rc);
	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		snprintf(why, sizeof(why), "no such interface (%s)", detail);
		break;
	case PCAP_ERROR_PERM_DENIED:
		snprintf(why, sizeof(why), "permission denied (%s): %s", detail,
			 "capturing needs CAP_NET_RAW");
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		snprintf(why, sizeof(why), "interface is down");
		break;
	default:
		snprintf(why, sizeof(why), "cannot capture: %s", detail);
		break;
	}
	set_err(err, errlen, lv->ifname, why);
}

/* Refuses anything but radiotap, naming what the interface is. */
static int check_linktype(pcap_t *pcap, const struct live *lv, char *err,
			  size_t errlen)
{
	int lt = pcap_datalink(pcap);
	const char *name = pcap_datalink_val_to_name(lt);
	char why[160];

	if (lt == DLT_IEEE802_11_RADIO)
		return 0;
	if (name)
		snprintf(why, sizeof(why), "link type %s", name);
	else
		snprintf(why, sizeof(why), "link type %d", lt);
	strncat(why, ", not a monitor interface (802.11 + radiotap)",
		sizeof(why) - strlen(why) - 1);
	set_err(err, errlen, lv->ifname, why);
	return -1;
}

/* Direction, kernel filter and non-blocking mode of an active handle. */
static int setup_capture(struct live *lv, pcap_t *pcap, const char *filter,
			 char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	char why[PCAP_ERRBUF_SIZE + 32];
	struct bpf_program prog;

	lv->drop_own_copies = pcap_setdirection(pcap, PCAP_D_IN) != 0;
	if (pcap_compile(pcap, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(why, sizeof(why), "filter: %s", pcap_geterr(pcap));
		set_err(err, errlen, lv->ifname, why);
		return -1;
	}
	if (pcap_setfilter(pcap, &prog) != 0) {
		pcap_freecode(&prog);
		snprintf(why, sizeof(why), "filter: %s", pcap_geterr(pcap));
		set_err(err, errlen, lv->ifname, why);
		return -1;
	}
	pcap_freecode(&prog);
	if (pcap_setnonblock(pcap, 1, perr) != 0) {
		set_err(err, errlen, lv->ifname, perr);
		return -1;
	}
	lv->rx_fd = pcap_get_selectable_fd(pcap);
	if (lv->rx_fd < 0) {
		set_err(err, errlen, lv->ifname, "no descriptor to poll");
		return -1;
	}
	return 0;
}

static int open_capture(struct live *lv, unsigned int buffer_bytes,
			const char *filter, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	pcap_t *pcap = pcap_create(lv->ifname, perr);
	int rc;

	if (!pcap) {
		set_err(err, errlen, lv->ifname, perr);
		return -1;
	}
	lv->pcap = pcap;
	if (pcap_set_snaplen(pcap, LIVE_SNAPLEN) != 0 ||
	    pcap_set_immediate_mode(pcap, 1) != 0 ||
	    pcap_set_buffer_size(pcap, (int)buffer_bytes) != 0) {
		set_err(err, errlen, lv->ifname, "cannot configure capture");
		return -1;
	}
	rc = pcap_activate(pcap);
	if (rc < 0) {
		activate_err(pcap, rc, lv, err, errlen);
		return -1;
	}
	/* rc > 0 is a warning (e.g. promiscuous mode unsupported): fine. */
	if (check_linktype(pcap, lv, err, errlen) != 0)
		return -1;
	return setup_capture(lv, pcap, filter, err, errlen);
}

/* The injection socket: sends only (protocol 0 registers no receive). */
static int open_injection(struct live *lv, unsigned int ifindex, char *err,
			  size_t errlen)
{
	char why[128];

	lv->tx_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (lv->tx_fd < 0) {
		snprintf(why, sizeof(why), "injection socket: %s",
			 strerror(errno));
		set_err(err, errlen, lv->ifname, why);
		return -1;
	}
	lv->tx_addr.sll_family = AF_PACKET;
	lv->tx_addr.sll_protocol = htons(ETH_P_ALL);
	lv->tx_addr.sll_ifindex = (int)ifindex;
	return 0;
}

/* Checks lp; returns the interface index, or 0 with err filled. */
static unsigned int check_params(const struct port_live_params *lp, char *err,
				 size_t errlen)
{
	unsigned int ifindex;

	if (!lp || !lp->ifname || !lp->ifname[0] ||
	    strlen(lp->ifname) >= IF_NAMESIZE) {
		if (err && errlen)
			snprintf(err, errlen,
				 "live port: no valid interface name");
		return 0;
	}
	if (lp->buffer_bytes > INT_MAX) {
		set_err(err, errlen, lp->ifname,
			"capture buffer over 2 GiB refused");
		return 0;
	}
	ifindex = if_nametoindex(lp->ifname);
	if (!ifindex)
		set_err(err, errlen, lp->ifname, "no such interface");
	return ifindex;
}

static struct live *live_alloc(const struct port_live_params *lp)
{
	struct live *lv = aligned_alloc(CACHE_LINE, sizeof(*lv));

	if (!lv)
		return NULL;
	memset(lv, 0, sizeof(*lv));
	lv->port.ops = &live_ops;
	lv->port.caps = PORT_CAP_TX_STATUS;
	strcpy(lv->ifname, lp->ifname); /* length checked */
	lv->freq_mhz = lp->freq_mhz <= UINT16_MAX ? (uint16_t)lp->freq_mhz : 0;
	lv->default_rate = port_default_rate_500k(lp->freq_mhz);
	lv->rx_fd = -1;
	lv->tx_fd = -1;
	return lv;
}

struct port *port_live_open(const struct port_live_params *lp, char *err,
			    size_t errlen)
{
	char filter[PORT_LIVE_FILTER_MAX];
	unsigned int ifindex = check_params(lp, err, errlen);
	unsigned int buffer;
	struct live *lv;

	if (!ifindex)
		return NULL;
	if (port_live_filter(lp->bssid, lp->data_frames, filter,
			     sizeof(filter)) < 0) {
		set_err(err, errlen, lp->ifname, "filter too long");
		return NULL;
	}
	buffer = lp->buffer_bytes ? lp->buffer_bytes : LIVE_BUFFER_DEFAULT;
	lv = live_alloc(lp);
	if (!lv) {
		set_err(err, errlen, lp->ifname, strerror(ENOMEM));
		return NULL;
	}
	if (open_capture(lv, buffer, filter, err, errlen) != 0 ||
	    open_injection(lv, ifindex, err, errlen) != 0) {
		live_close(&lv->port);
		return NULL;
	}
	/* The first reading; recv refreshes it every second. */
	live_read_kernel_stats(lv, now_ns());
	return &lv->port;
}

int port_live_stats(struct port *p, struct port_live_stats *st)
{
	struct live *lv;

	if (!p || p->ops != &live_ops)
		return -EINVAL;
	lv = to_live(p);
	st->received = counter_get(&lv->rx.received);
	st->handed_out = counter_get(&lv->rx.handed_out);
	st->bad_radiotap = counter_get(&lv->rx.bad_radiotap);
	st->runts = counter_get(&lv->rx.runts);
	st->bad_fcs = counter_get(&lv->rx.bad_fcs);
	st->oversize = counter_get(&lv->rx.oversize);
	st->own_copies = counter_get(&lv->rx.own_copies);
	st->kernel_drops = counter_get(&lv->rx.kernel_drops);
	st->injected = counter_get(&lv->tx.injected);
	st->inject_errors = counter_get(&lv->tx.inject_errors);
	return 0;
}
