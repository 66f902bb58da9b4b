/*
 * test_tap.c - the TAP interface (core/tap.c) against the real kernel.
 *
 * Each test forks a child that moves into a network namespace of its own
 * (unshare(CLONE_NEWNET)), so the host's links are never touched and
 * whatever a test leaves behind goes with the namespace. The child turns
 * IPv6 off in its namespace first, so the kernel sends nothing of its own
 * (router solicitations, MLD) out of the TAP and frame counts are exact.
 * A child reports its failure count as its exit status, or a skip reason
 * through a pipe. Needs root (CAP_SYS_ADMIN for the namespace,
 * CAP_NET_ADMIN for the TAP): SKIP otherwise.
 *
 * Covers: creation (MAC, MTU, up, flags, non-blocking fd) and deletion on
 * close; frames written reaching a packet socket bound to the TAP; frames
 * sent from a packet socket read in bursts of 1, 32 and 100; frames longer
 * than the buffer counted, not delivered; write errors (short frame, link
 * down) and, through a seccomp filter in the child, the drop (EAGAIN,
 * ENOBUFS), partial-write and read-error paths the kernel cannot be made
 * to take on demand; a persistent TAP (single and multi-queue) attached and
 * left with its old MAC, MTU and state; the refusals (name, group MAC, not
 * a TAP, a TUN, busy, not root, no /dev/net/tun); concurrent writers with
 * one reader and a stats reader.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "rapd/tap.h"

#define ETH_P_TEST 0x88b5 /* IEEE 802 local experimental EtherType */
#define CHILD_SKIP 77

static const uint8_t bssid[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t peer[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t admin_mac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
static int skip_pipe = -1;

/* In a child: report a skip to the parent and end the child. */
static void child_skip(const char *why)
{
	if (write(skip_pipe, why, strlen(why)) < 0)
		perror("skip pipe");
	_exit(CHILD_SKIP);
}

static void quiet_ipv6(void)
{
	static const char *const knobs[] = {
		"/proc/sys/net/ipv6/conf/default/disable_ipv6",
		"/proc/sys/net/ipv6/conf/all/disable_ipv6",
	};

	for (size_t i = 0; i < 2; i++) {
		int fd = open(knobs[i], O_WRONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (write(fd, "1", 1) != 1)
				perror(knobs[i]);
			close(fd);
		}
	}
}

/* Runs fn in a forked child, in a new network namespace when netns, and
 * adds the child's failures here (or its skip reason, sent up a pipe). */
static void run_child(void (*fn)(void), bool netns)
{
	static char why[160];
	int fds[2], st = 0;
	ssize_t n;
	pid_t pid;

	CHECK_EQ_INT(pipe2(fds, O_CLOEXEC), 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		skip_pipe = fds[1];
		if (netns && unshare(CLONE_NEWNET) != 0)
			child_skip("needs root (CAP_SYS_ADMIN for a network "
				   "namespace, CAP_NET_ADMIN for the TAP)");
		if (access("/dev/net/tun", R_OK | W_OK) != 0)
			child_skip("no /dev/net/tun");
		if (netns)
			quiet_ipv6();
		check_failures = 0;
		fn();
		fflush(NULL);
		_exit(check_failures > 60 ? 60 : check_failures);
	}
	close(fds[1]);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	n = read(fds[0], why, sizeof(why) - 1);
	close(fds[0]);
	if (WIFEXITED(st) && WEXITSTATUS(st) == CHILD_SKIP && n > 0) {
		why[n] = '\0';
		check_skip = why;
	} else if (!WIFEXITED(st)) {
		fprintf(stderr, "  child killed by signal %d\n", WTERMSIG(st));
		check_failures++;
	} else {
		check_failures += WEXITSTATUS(st);
	}
}

/* A test: its body in a child in a namespace of its own. */
#define NETNS_TEST(name)                                                    \
	static void test_tap_##name(void)                                   \
	{                                                                   \
		run_child(body_##name, true);                               \
	}

/* --- reading a link's state with our own ioctls --------------------- */

static int if_ioctl(const char *name, unsigned long req, struct ifreq *ifr)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	rc = s < 0 ? -1 : ioctl(s, req, ifr);
	if (s >= 0)
		close(s);
	return rc;
}

static bool link_up(const char *name)
{
	struct ifreq ifr = { 0 };

	CHECK_EQ_INT(if_ioctl(name, SIOCGIFFLAGS, &ifr), 0);
	return ifr.ifr_flags & IFF_UP;
}

static void set_link_up(const char *name, bool up)
{
	struct ifreq ifr = { 0 };

	CHECK_EQ_INT(if_ioctl(name, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags = up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP;
	CHECK_EQ_INT(if_ioctl(name, SIOCSIFFLAGS, &ifr), 0);
}

static int link_mtu(const char *name)
{
	struct ifreq ifr = { 0 };

	CHECK_EQ_INT(if_ioctl(name, SIOCGIFMTU, &ifr), 0);
	return ifr.ifr_mtu;
}

static void check_link_mac(const char *name, const uint8_t mac[6])
{
	struct ifreq ifr = { 0 };

	CHECK_EQ_INT(if_ioctl(name, SIOCGIFHWADDR, &ifr), 0);
	CHECK_MEM(ifr.ifr_hwaddr.sa_data, mac, 6);
}

/* What `ip tuntap add` leaves: a persistent TAP nobody is attached to. */
static void make_persistent(const char *name, short flags, int mtu, bool up)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	struct ifreq ifr = { 0 };

	CHECK(fd >= 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_flags = flags;
	CHECK_EQ_INT(ioctl(fd, TUNSETIFF, &ifr), 0);
	CHECK_EQ_INT(ioctl(fd, TUNSETPERSIST, 1), 0);
	close(fd);
	if (!(flags & IFF_TAP))
		return;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_hwaddr.sa_family = 1; /* ARPHRD_ETHER */
	memcpy(ifr.ifr_hwaddr.sa_data, admin_mac, 6);
	CHECK_EQ_INT(if_ioctl(name, SIOCSIFHWADDR, &ifr), 0);
	ifr.ifr_mtu = mtu;
	CHECK_EQ_INT(if_ioctl(name, SIOCSIFMTU, &ifr), 0);
	set_link_up(name, up);
}

/* --- frames ---------------------------------------------------------- */

/* A test frame of len bytes: dst, src, ETH_P_TEST, then seq and a fill. */
static void test_frame(uint8_t *b, size_t len, const uint8_t dst[6],
		       uint32_t seq)
{
	memcpy(b, dst, 6);
	memcpy(b + 6, peer, 6);
	b[12] = ETH_P_TEST >> 8;
	b[13] = ETH_P_TEST & 0xff;
	for (size_t i = 14; i < len; i++)
		b[i] = (uint8_t)(seq * 7 + i);
	if (len >= 18)
		memcpy(b + 14, &seq, 4);
}

static int pkt_open(uint32_t ifindex)
{
	int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL),
				  .sll_ifindex = (int)ifindex };
	int one = 1;

	CHECK(s >= 0);
	CHECK_EQ_INT(bind(s, (struct sockaddr *)&ll, sizeof(ll)), 0);
	CHECK_EQ_INT(setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
				sizeof(one)), 0);
	return s;
}

static void pkt_send(int s, size_t len, uint32_t seq)
{
	uint8_t b[2048];

	test_frame(b, len, bssid, seq);
	CHECK_EQ_INT(send(s, b, len, 0), len);
}

static ssize_t pkt_recv(int s, uint8_t *b, size_t cap)
{
	struct pollfd p = { .fd = s, .events = POLLIN };

	if (poll(&p, 1, 1000) != 1)
		return -1;
	return recv(s, b, cap, 0);
}

static struct tap tap;

static void open_rapd0(void)
{
	char err[TAP_ERR_LEN] = "";
	int rc = tap_open(&tap, "rapd0", bssid, err, sizeof(err));

	if (rc)
		fprintf(stderr, "  tap_open: %s\n", err);
	CHECK_EQ_INT(rc, 0);
}

static void close_rapd0(void)
{
	char err[TAP_ERR_LEN] = "";
	int rc = tap_close(&tap, err, sizeof(err));

	if (rc)
		fprintf(stderr, "  tap_close: %s\n", err);
	CHECK_EQ_INT(rc, 0);
}

/* --- creation and deletion ------------------------------------------ */

static void body_created(void)
{
	struct ifreq ifr = { 0 };

	open_rapd0();
	if (tap.fd < 0)
		return;
	CHECK(!tap.existed);
	CHECK(!strcmp(tap.name, "rapd0"));
	CHECK_EQ_INT(tap.ifindex, if_nametoindex("rapd0"));
	CHECK(fcntl(tap.fd, F_GETFL) & O_NONBLOCK);
	check_link_mac("rapd0", bssid);
	CHECK_EQ_INT(link_mtu("rapd0"), 1500);
	CHECK(link_up("rapd0"));
	CHECK_EQ_INT(ioctl(tap.fd, TUNGETIFF, &ifr), 0);
	CHECK_EQ_INT(ifr.ifr_flags & (IFF_TAP | IFF_TUN | IFF_NO_PI |
				      IFF_PERSIST | IFF_VNET_HDR),
		     IFF_TAP | IFF_NO_PI);
	close_rapd0();
	/* Non-persistent: the kernel deleted it as the fd closed. */
	CHECK_EQ_INT(if_nametoindex("rapd0"), 0);
	CHECK_EQ_INT(tap.fd, -1);
	CHECK_EQ_INT(tap_close(&tap, NULL, 0), 0);

	/* No name: the configuration's default; no MAC: the kernel's. */
	CHECK_EQ_INT(tap_open(&tap, NULL, NULL, NULL, 0), 0);
	CHECK(if_nametoindex("rapd0") != 0);
	CHECK(link_up("rapd0"));
	CHECK_EQ_INT(tap_close(&tap, NULL, 0), 0);
	CHECK_EQ_INT(if_nametoindex("rapd0"), 0);
}

NETNS_TEST(created)

/* --- writing: what the host receives ------------------------------- */

static void body_write(void)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff,
					  0xff, 0xff, 0xff };
	const uint8_t *dsts[3] = { bssid, bcast, admin_mac };
	uint8_t frames[3][600], got[2048];
	const uint8_t *bufs[3];
	size_t lens[3] = { 60, 600, 14 };
	enum tap_tx_status st[3];
	struct tap_stats s;
	int ps;

	open_rapd0();
	if (tap.fd < 0)
		return;
	ps = pkt_open(tap.ifindex);
	for (int i = 0; i < 3; i++) {
		test_frame(frames[i], lens[i], dsts[i], (uint32_t)i);
		bufs[i] = frames[i];
	}
	CHECK_EQ_INT(tap_write_burst(&tap, bufs, lens, 3, st), 3);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ_INT(st[i], TAP_TX_SENT);
		CHECK_EQ_INT(pkt_recv(ps, got, sizeof(got)), lens[i]);
		CHECK_MEM(got, frames[i], lens[i]);
	}
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.tx_frames, 3);
	CHECK_EQ_INT(s.tx_bytes, 60 + 600 + 14);
	CHECK_EQ_INT(s.tx_drops + s.tx_errors + s.rx_frames, 0);
	close(ps);
	close_rapd0();
}

NETNS_TEST(write)

/* --- reading: what the host sends ----------------------------------- */

static uint8_t rxbuf[128][TAP_FRAME_MAX];
static uint8_t *rxbufs[128];
static size_t rxlens[128];

/* Waits for the TAP to be readable, then one burst of n into rxbufs. */
static int read_burst(size_t cap, unsigned n)
{
	struct pollfd p = { .fd = tap.fd, .events = POLLIN };

	for (int i = 0; i < 128; i++)
		rxbufs[i] = rxbuf[i];
	if (poll(&p, 1, 1000) != 1)
		return 0;
	return tap_read_burst(&tap, rxbufs, cap, rxlens, n);
}

/* Sends count frames of len (seq from seq0), reads them in one burst. */
static void burst_case(int ps, unsigned count, size_t len, uint32_t seq0)
{
	uint8_t want[2048];

	for (unsigned i = 0; i < count; i++)
		pkt_send(ps, len, seq0 + i);
	CHECK_EQ_INT(read_burst(TAP_FRAME_MAX, count), count);
	for (unsigned i = 0; i < count; i++) {
		test_frame(want, len, bssid, seq0 + i);
		CHECK_EQ_INT(rxlens[i], len);
		CHECK_MEM(rxbuf[i], want, len);
	}
}

static void body_read(void)
{
	struct tap_stats s;
	int ps;

	open_rapd0();
	if (tap.fd < 0)
		return;
	ps = pkt_open(tap.ifindex);
	burst_case(ps, 1, 60, 0);
	burst_case(ps, 32, 200, 1);
	burst_case(ps, 100, 1514, 33); /* full-size frames */
	/* Nothing left: an empty burst, not an error. */
	CHECK_EQ_INT(tap_read_burst(&tap, rxbufs, TAP_FRAME_MAX, rxlens, 8),
		     0);
	/* 100 queued, read 32 at a time: 32, 32, 32, 4. */
	for (uint32_t i = 0; i < 100; i++)
		pkt_send(ps, 64, 1000 + i);
	CHECK_EQ_INT(read_burst(TAP_FRAME_MAX, 32), 32);
	CHECK_EQ_INT(read_burst(TAP_FRAME_MAX, 32), 32);
	CHECK_EQ_INT(read_burst(TAP_FRAME_MAX, 32), 32);
	CHECK_EQ_INT(read_burst(TAP_FRAME_MAX, 32), 4);
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.rx_frames, 1 + 32 + 100 + 100);
	CHECK_EQ_INT(s.rx_bytes, 60 + 32 * 200 + 100 * 1514 + 100 * 64);
	CHECK_EQ_INT(s.rx_truncated + s.rx_errors + s.tx_frames, 0);
	close(ps);
	close_rapd0();
}

NETNS_TEST(read)

static void body_truncated(void)
{
	static const size_t sizes[6] = { 64, 1400, 64, 101, 100, 1514 };
	struct tap_stats s;
	int ps;

	open_rapd0();
	if (tap.fd < 0)
		return;
	ps = pkt_open(tap.ifindex);
	for (int i = 0; i < 6; i++)
		pkt_send(ps, sizes[i], (uint32_t)i);
	/* Buffers of 100 bytes: 64, 64 and 100 fit, the others do not. */
	CHECK_EQ_INT(read_burst(100, 16), 3);
	CHECK_EQ_INT(rxlens[0], 64);
	CHECK_EQ_INT(rxlens[1], 64);
	CHECK_EQ_INT(rxlens[2], 100);
	CHECK_EQ_INT(rxbuf[1][14], 2); /* seq 2: the one after the 1400 */
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.rx_frames, 3);
	CHECK_EQ_INT(s.rx_truncated, 3);
	CHECK_EQ_INT(s.rx_errors, 0);
	/* A frame that was too long takes one of the n reads. */
	pkt_send(ps, 200, 7);
	pkt_send(ps, 60, 8);
	CHECK_EQ_INT(read_burst(100, 1), 0);
	CHECK_EQ_INT(read_burst(100, 1), 1);
	CHECK_EQ_INT(rxlens[0], 60);
	close(ps);
	close_rapd0();
}

NETNS_TEST(truncated)

/* --- write errors ---------------------------------------------------- */

static void body_write_errors(void)
{
	uint8_t good[60], shortf[5] = { 0 };
	const uint8_t *bufs[3] = { good, shortf, good };
	size_t lens[3] = { 60, 5, 60 };
	enum tap_tx_status st[3];
	struct tap_stats s;

	open_rapd0();
	if (tap.fd < 0)
		return;
	test_frame(good, sizeof(good), bssid, 1);
	CHECK_EQ_INT(tap_write_burst(&tap, bufs, lens, 3, st), 2);
	CHECK_EQ_INT(st[0], TAP_TX_SENT);
	CHECK_EQ_INT(st[1], TAP_TX_ERROR);
	CHECK_EQ_INT(st[2], TAP_TX_SENT);
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.tx_frames, 2);
	CHECK_EQ_INT(s.tx_errors, 1);
	CHECK_EQ_INT(s.tx_last_errno, EINVAL);
	/* The link down: the kernel refuses every frame (EIO). */
	set_link_up("rapd0", false);
	CHECK_EQ_INT(tap_write_burst(&tap, bufs, lens, 1, NULL), 0);
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.tx_errors, 2);
	CHECK_EQ_INT(s.tx_last_errno, EIO);
	CHECK_EQ_INT(s.tx_drops, 0);
	CHECK(!strcmp(tap_tx_status_name(TAP_TX_DROP_FULL), "drop-full"));
	close_rapd0();
	CHECK_EQ_INT(if_nametoindex("rapd0"), 0);
}

NETNS_TEST(write_errors)

/* --- drops, partial writes, read errors (seccomp) -------------------- */

#if defined(__x86_64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/* A system call nr on fd (args[2] == len, or any when len is -1) gets
 * action instead of running. Little-endian: args' low words first. */
struct sc_rule {
	int nr;
	int fd;
	long len;
	uint32_t action;
};

#define SC_ARG(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define SC_LD(off) ((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, off))
#define SC_RET(act) ((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, act))
#define SC_IF(op, k, skip) \
	((struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K, k, 0, skip))

/* Installs the rules (at most 4); returns the notification listener. */
static int seccomp_rules(const struct sc_rule *r, int n)
{
#ifdef TEST_AUDIT_ARCH
	struct sock_filter f[3 + 7 * 4 + 1];
	struct sock_fprog prog = { .filter = f };
	int k = 0;

	f[k++] = SC_LD(offsetof(struct seccomp_data, arch));
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      TEST_AUDIT_ARCH, 1, 0);
	f[k++] = SC_RET(SECCOMP_RET_ALLOW); /* another ABI: not ours */
	for (int i = 0; i < n && i < 4; i++) { /* 7 each; a miss: the next */
		f[k++] = SC_LD(offsetof(struct seccomp_data, nr));
		f[k++] = SC_IF(BPF_JEQ, (uint32_t)r[i].nr, 5);
		f[k++] = SC_LD(SC_ARG(0));
		f[k++] = SC_IF(BPF_JEQ, (uint32_t)r[i].fd, 3);
		f[k++] = SC_LD(SC_ARG(2));
		f[k++] = r[i].len < 0 ? SC_IF(BPF_JGE, 0, 1) /* any */
				      : SC_IF(BPF_JEQ, (uint32_t)r[i].len, 1);
		f[k++] = SC_RET(r[i].action);
	}
	f[k++] = SC_RET(SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)k;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		child_skip("prctl(PR_SET_NO_NEW_PRIVS) refused");
	k = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			 SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (k < 0)
		child_skip("no seccomp user notification in this kernel");
	return k;
#else
	(void)r;
	(void)n;
	child_skip("seccomp rules written for x86_64 and aarch64 only");
	return -1;
#endif
}

/* Answers one notified write() with half its length: a partial write. */
static void *answer_partial(void *arg)
{
	int lfd = *(int *)arg;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct pollfd p = { .fd = lfd, .events = POLLIN };

	memset(&req, 0, sizeof(req));
	/* Bounded: if the filter failed to catch the write, no hang. */
	if (poll(&p, 1, 2000) != 1 ||
	    ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0)
		return NULL;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.val = (int64_t)(req.data.args[2] / 2);
	if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0)
		perror("SECCOMP_IOCTL_NOTIF_SEND");
	return NULL;
}

static void body_drops(void)
{
	uint8_t b[99];
	const uint8_t *bufs[5] = { b, b, b, b, b };
	size_t lens[5] = { 60, 77, 78, 99, 60 };
	enum tap_tx_status st[5];
	struct tap_stats s;
	pthread_t th;
	int lfd;

	open_rapd0();
	if (tap.fd < 0)
		return;
	struct sc_rule rules[3] = {
		{ SYS_write, tap.fd, 77, SECCOMP_RET_ERRNO | EAGAIN },
		{ SYS_write, tap.fd, 78, SECCOMP_RET_ERRNO | ENOBUFS },
		{ SYS_write, tap.fd, 99, SECCOMP_RET_USER_NOTIF },
	};
	test_frame(b, sizeof(b), bssid, 5);
	lfd = seccomp_rules(rules, 3);
	CHECK_EQ_INT(pthread_create(&th, NULL, answer_partial, &lfd), 0);
	CHECK_EQ_INT(tap_write_burst(&tap, bufs, lens, 5, st), 2);
	pthread_join(th, NULL);
	CHECK_EQ_INT(st[0], TAP_TX_SENT);
	CHECK_EQ_INT(st[1], TAP_TX_DROP_FULL);
	CHECK_EQ_INT(st[2], TAP_TX_DROP_FULL);
	CHECK_EQ_INT(st[3], TAP_TX_PARTIAL);
	CHECK_EQ_INT(st[4], TAP_TX_SENT);
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.tx_frames, 2);
	CHECK_EQ_INT(s.tx_bytes, 120);
	CHECK_EQ_INT(s.tx_drops, 2);
	CHECK_EQ_INT(s.tx_errors, 1);
	CHECK_EQ_INT(s.tx_last_errno, ENOBUFS);
	close_rapd0();
}

NETNS_TEST(drops)

static void body_read_error(void)
{
	struct tap_stats s;

	open_rapd0();
	if (tap.fd < 0)
		return;
	struct sc_rule rule = { SYS_readv, tap.fd, -1,
				SECCOMP_RET_ERRNO | EIO };
	for (int i = 0; i < 128; i++)
		rxbufs[i] = rxbuf[i];
	seccomp_rules(&rule, 1);
	CHECK_EQ_INT(tap_read_burst(&tap, rxbufs, TAP_FRAME_MAX, rxlens, 4),
		     -EIO);
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.rx_errors, 1);
	CHECK_EQ_INT(s.rx_last_errno, EIO);
	CHECK_EQ_INT(s.rx_frames, 0);
	close_rapd0();
}

NETNS_TEST(read_error)

/* --- a persistent TAP made by the admin ------------------------------ */

static void persistent_case(short flags, bool was_up)
{
	uint8_t got[2048];
	int ps;

	make_persistent("rapd0", flags, 1400, was_up);
	open_rapd0();
	if (tap.fd < 0)
		return;
	CHECK(tap.existed);
	check_link_mac("rapd0", bssid);
	CHECK_EQ_INT(link_mtu("rapd0"), 1500);
	CHECK(link_up("rapd0"));
	ps = pkt_open(tap.ifindex);
	pkt_send(ps, 80, 9); /* host -> TAP */
	CHECK_EQ_INT(read_burst(TAP_FRAME_MAX, 4), 1);
	CHECK_EQ_INT(tap_write_burst(&tap, (const uint8_t *const *)rxbufs,
				     rxlens, 1, NULL), 1); /* and back */
	CHECK_EQ_INT(pkt_recv(ps, got, sizeof(got)), 80);
	close(ps);
	close_rapd0();
	/* Still there, as the admin left it. */
	CHECK(if_nametoindex("rapd0") != 0);
	check_link_mac("rapd0", admin_mac);
	CHECK_EQ_INT(link_mtu("rapd0"), 1400);
	CHECK_EQ_INT(link_up("rapd0"), was_up);
}

static void delete_persistent(const char *name, short flags)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_flags = flags;
	CHECK_EQ_INT(ioctl(fd, TUNSETIFF, &ifr), 0);
	CHECK_EQ_INT(ioctl(fd, TUNSETPERSIST, 0), 0);
	close(fd);
	CHECK_EQ_INT(if_nametoindex(name), 0);
}

static void body_persistent(void)
{
	persistent_case(IFF_TAP | IFF_NO_PI, false);
	persistent_case(IFF_TAP | IFF_NO_PI, true);
	delete_persistent("rapd0", IFF_TAP | IFF_NO_PI);
	/* `ip tuntap add ... pi vnet_hdr multi_queue` */
	persistent_case(IFF_TAP | IFF_VNET_HDR | IFF_MULTI_QUEUE, false);
}

NETNS_TEST(persistent)

/* --- refusals --------------------------------------------------------- */

static void expect_refusal(const char *name, const uint8_t *mac, int want_rc,
			   const char *want_text)
{
	char err[TAP_ERR_LEN] = "";
	struct tap t;

	CHECK_EQ_INT(tap_open(&t, name, mac, err, sizeof(err)), want_rc);
	CHECK_EQ_INT(t.fd, -1);
	if (!strstr(err, want_text)) {
		fprintf(stderr, "  '%s' not in \"%s\"\n", want_text, err);
		check_failures++;
	}
}

static void refuse_not_root(void)
{
	CHECK_EQ_INT(setgroups(0, NULL), 0);
	CHECK_EQ_INT(setresgid(65534, 65534, 65534), 0);
	CHECK_EQ_INT(setresuid(65534, 65534, 65534), 0);
	expect_refusal("rapd0", bssid, -EPERM, "needs CAP_NET_ADMIN");
}

static void refuse_no_tun(void)
{
	CHECK_EQ_INT(unshare(CLONE_NEWNS), 0);
	CHECK_EQ_INT(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	CHECK_EQ_INT(mount("tmpfs", "/dev/net", "tmpfs", 0, "size=16k"), 0);
	expect_refusal("rapd0", bssid, -ENOENT, "modprobe tun");
}

static void body_refusals(void)
{
	static const uint8_t group[6] = { 0x03, 0, 0, 0, 0, 1 };
	int holder = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	struct ifreq ifr = { 0 };

	expect_refusal("rapd0123456789ab", bssid, -ENAMETOOLONG, "too long");
	expect_refusal("rapd/0", bssid, -EINVAL, "not a valid");
	expect_refusal("rapd0", group, -EINVAL, "group address");
	expect_refusal("lo", bssid, -EEXIST, "not a TAP");
	make_persistent("rapdtun", IFF_TUN, 0, false);
	expect_refusal("rapdtun", bssid, -EEXIST, "is a TUN");
	/* A TAP some other program holds open: refused, left alone. */
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "busy0");
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	CHECK_EQ_INT(ioctl(holder, TUNSETIFF, &ifr), 0);
	expect_refusal("busy0", bssid, -EBUSY, "in use");
	CHECK(if_nametoindex("busy0") != 0);
	close(holder);
	CHECK_EQ_INT(if_nametoindex("busy0"), 0);
	CHECK_EQ_INT(if_nametoindex("rapd0"), 0); /* nothing left behind */
	run_child(refuse_not_root, false);
	run_child(refuse_no_tun, false);
	CHECK_EQ_INT(if_nametoindex("rapd0"), 0);
}

NETNS_TEST(refusals)

/* --- threads: workers write, one thread reads ----------------------- */

#define WRITERS 4
#define PER_WRITER 100
#define ARP_LEN 42

static atomic_int writers_left;
static unsigned sent_by[WRITERS]; /* each writer's own slot */
static unsigned arp_replies;	 /* the reader's */

/* An ARP request "who has 10.77.0.1, tell 10.77.0.(10 + w)" from w. */
static void arp_request(uint8_t *b, int w)
{
	static const uint8_t head[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };

	memset(b, 0xff, 6);
	memcpy(b + 6, peer, 6);
	b[11] = (uint8_t)(0x10 + w);
	b[12] = 0x08;
	b[13] = 0x06;
	memcpy(b + 14, head, 8);
	memcpy(b + 22, b + 6, 6);
	memcpy(b + 28, (uint8_t[4]){ 10, 77, 0, (uint8_t)(10 + w) }, 4);
	memset(b + 32, 0, 6);
	memcpy(b + 38, (uint8_t[4]){ 10, 77, 0, 1 }, 4);
}

static void *writer(void *arg)
{
	int w = (int)(intptr_t)arg;
	uint8_t req[ARP_LEN];
	const uint8_t *bufs[10];
	size_t lens[10];

	arp_request(req, w);
	for (int i = 0; i < 10; i++) {
		bufs[i] = req;
		lens[i] = ARP_LEN;
	}
	for (int i = 0; i < PER_WRITER / 10; i++)
		sent_by[w] += tap_write_burst(&tap, bufs, lens, 10, NULL);
	atomic_fetch_sub(&writers_left, 1);
	return NULL;
}

/* The one reader: the kernel's ARP replies, until all are in or 5 s. */
static void *reader(void *arg)
{
	uint8_t *bufs[32];
	size_t lens[32];
	struct pollfd p = { .fd = tap.fd, .events = POLLIN };

	(void)arg;
	for (int i = 0; i < 32; i++)
		bufs[i] = rxbuf[i];
	for (int idle = 0; idle < 100 && arp_replies < WRITERS * PER_WRITER;) {
		int n;

		if (poll(&p, 1, 50) != 1) {
			idle += atomic_load(&writers_left) == 0;
			continue;
		}
		n = tap_read_burst(&tap, bufs, TAP_FRAME_MAX, lens, 32);
		for (int i = 0; i < n; i++)
			arp_replies += lens[i] >= ARP_LEN &&
				       bufs[i][12] == 0x08 &&
				       bufs[i][13] == 0x06 && bufs[i][21] == 2;
	}
	return NULL;
}

static void give_address(void)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0x0a4d0001); /* 10.77.0.1 */
	CHECK_EQ_INT(if_ioctl("rapd0", SIOCSIFADDR, &ifr), 0);
	sin->sin_addr.s_addr = htonl(0xffffff00);
	CHECK_EQ_INT(if_ioctl("rapd0", SIOCSIFNETMASK, &ifr), 0);
}

static void body_threads(void)
{
	pthread_t w[WRITERS], r;
	struct tap_stats s;
	uint64_t last = 0;

	open_rapd0();
	if (tap.fd < 0)
		return;
	give_address();
	atomic_store(&writers_left, WRITERS);
	CHECK_EQ_INT(pthread_create(&r, NULL, reader, NULL), 0);
	for (intptr_t i = 0; i < WRITERS; i++)
		CHECK_EQ_INT(pthread_create(&w[i], NULL, writer, (void *)i),
			     0);
	/* This thread reads the counters while the others run. */
	while (atomic_load(&writers_left) > 0) {
		tap_stats(&tap, &s);
		CHECK(s.tx_frames >= last);
		last = s.tx_frames;
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(w[i], NULL);
		CHECK_EQ_INT(sent_by[i], PER_WRITER);
	}
	pthread_join(r, NULL);
	tap_stats(&tap, &s);
	CHECK_EQ_INT(s.tx_frames, WRITERS * PER_WRITER);
	CHECK_EQ_INT(s.tx_bytes, WRITERS * PER_WRITER * ARP_LEN);
	CHECK_EQ_INT(s.tx_drops + s.tx_errors, 0);
	CHECK_EQ_INT(arp_replies, WRITERS * PER_WRITER);
	CHECK_EQ_INT(s.rx_frames, arp_replies);
	close_rapd0();
}

NETNS_TEST(threads)

int main(void)
{
	check_begin("test_tap");
	RUN(test_tap_created);
	RUN(test_tap_write);
	RUN(test_tap_read);
	RUN(test_tap_truncated);
	RUN(test_tap_write_errors);
	RUN(test_tap_drops);
	RUN(test_tap_read_error);
	RUN(test_tap_persistent);
	RUN(test_tap_refusals);
	RUN(test_tap_threads);
	return check_end();
}
