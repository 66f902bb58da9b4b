/*
 * tap.c - the TAP interface of monitor-only mode: open or attach, set up,
 * batched non-blocking frame I/O with counters, and putting everything
 * back (include/rapd/tap.h is the contract).
 *
 * Threads: tap_open and tap_close run on the main thread with no other
 * user; tap_read_burst on the one reading thread; tap_write_burst on any
 * number of workers at once; tap_stats anywhere. Owns the TAP fd and,
 * for a TAP it created, the interface (the kernel deletes it when the fd
 * closes).
 *
 * Kernel interface (Documentation/networking/tuntap.rst, netdevice(7)):
 * - /dev/net/tun + TUNSETIFF {name, IFF_TAP | IFF_NO_PI} creates the
 *   interface, or attaches to an existing persistent one of that name
 *   (EINVAL if it is a TUN or not a tun-driver link, EBUSY if another fd
 *   is attached, EPERM without CAP_NET_ADMIN or the TAP's owner).
 *   TUNGETIFF's IFF_PERSIST then says which of the two happened, with no
 *   race against an admin creating it in between.
 * - Each read() returns one frame; a frame longer than the buffer is cut
 *   to it and the rest discarded, with no flag: the read goes through
 *   readv with one spare byte after the buffer, so a frame that fills
 *   the spare byte is known to be too long.
 * - Each write() hands one whole Ethernet frame to the stack: EINVAL
 *   shorter than 14 bytes, EIO while the link is down.
 * - SIOCETHTOOL ETHTOOL_GDRVINFO (no privilege needed) tells a tun-driver
 *   link (driver "tun") and its kind (bus_info "tap" or "tun") before
 *   anything is touched, for a clear refusal.
 * Counters are relaxed atomics: statistics, which publish no other
 * memory; one update per burst.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>

#include "rapd/config.h"
#include "rapd/nl.h"
#include "rapd/tap.h"

#define TUN_PATH "/dev/net/tun"

static int tap_fail(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Writes one line into err (when given) and returns rc. */
static int tap_fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* The kernel's rule for interface names (dev_valid_name), checked here
 * so the message can say what is wrong; '%' is refused too, since it
 * would make the kernel choose the name. Copies a valid name to tap. */
static int tap_set_name(struct tap *tap, const char *name, char *err,
			size_t errlen)
{
	size_t len = (size_t)snprintf(tap->name, sizeof(tap->name), "%s",
				      name);

	if (len >= sizeof(tap->name))
		return tap_fail(err, errlen, -ENAMETOOLONG,
				"TAP interface name '%s...' is too long (at "
				"most %d characters)", tap->name,
				TAP_IFNAME_SIZE - 1);
	if (!strcmp(name, ".") || !strcmp(name, "..") ||
	    strpbrk(name, "/:% \t\n\v\f\r"))
		return tap_fail(err, errlen, -EINVAL,
				"'%s' is not a valid interface name (no '/', "
				"':', '%%' or spaces; not '.' or '..')", name);
	return 0;
}

/* One interface ioctl on a throwaway datagram socket; 0 or -errno. */
static int tap_ifreq(const char *name, unsigned long req, struct ifreq *ifr)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = 0;

	if (s < 0 && errno == EAFNOSUPPORT)
		s = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	if (ioctl(s, req, ifr) < 0)
		rc = -errno;
	close(s);
	return rc;
}

static int tap_get_mtu(const char *name, int *mtu)
{
	struct ifreq ifr;
	int rc;

	memset(&ifr, 0, sizeof(ifr));
	rc = tap_ifreq(name, SIOCGIFMTU, &ifr);
	if (rc == 0)
		*mtu = ifr.ifr_mtu;
	return rc;
}

static int tap_set_mtu(const char *name, int mtu)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_mtu = mtu;
	return tap_ifreq(name, SIOCSIFMTU, &ifr);
}

/* Refuses an existing interface that is not a TAP, touching nothing. */
static int tap_check_existing(const char *name, char *err, size_t errlen)
{
	struct ethtool_drvinfo di;
	struct ifreq ifr;

	memset(&di, 0, sizeof(di));
	memset(&ifr, 0, sizeof(ifr));
	di.cmd = ETHTOOL_GDRVINFO;
	ifr.ifr_data = (void *)&di;
	if (tap_ifreq(name, SIOCETHTOOL, &ifr) != 0 ||
	    strncmp(di.driver, "tun", sizeof(di.driver)) != 0)
		return tap_fail(err, errlen, -EEXIST,
				"interface '%s' exists and is not a TAP "
				"device (driver '%.32s'): choose another "
				"tap_interface", name,
				di.driver[0] ? di.driver : "unknown");
	if (strncmp(di.bus_info, "tap", sizeof(di.bus_info)) != 0)
		return tap_fail(err, errlen, -EEXIST,
				"interface '%s' is a TUN (layer 3) device, not "
				"a TAP: remove it or make it with 'ip tuntap "
				"add dev %s mode tap'", name, name);
	return 0;
}

static int tap_open_dev(char *err, size_t errlen)
{
	int fd = open(TUN_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return tap_fail(err, errlen, -errno,
				"no " TUN_PATH ": the kernel's tun driver is "
				"not loaded (modprobe tun)");
	case EACCES:
	case EPERM:
		return tap_fail(err, errlen, -errno,
				"cannot open " TUN_PATH ": permission denied "
				"(run rapd as root)");
	default:
		return tap_fail(err, errlen, -errno, "cannot open " TUN_PATH
				": %s", strerror(errno));
	}
}

/* TUNSETIFF on fd; a multi-queue persistent TAP wants IFF_MULTI_QUEUE
 * (EINVAL without it), so that is tried second. */
static int tap_attach(int fd, const char *name, bool exists, char *err,
		      size_t errlen)
{
	struct ifreq ifr;
	int rc;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	rc = ioctl(fd, TUNSETIFF, &ifr) ? -errno : 0;
	if (rc == -EINVAL && exists) {
		ifr.ifr_flags |= IFF_MULTI_QUEUE;
		rc = ioctl(fd, TUNSETIFF, &ifr) ? -errno : 0;
	}
	switch (rc) {
	case 0:
		return 0;
	case -EPERM:
		if (exists)
			return tap_fail(err, errlen, rc,
					"not allowed to attach to TAP '%s' "
					"(it belongs to another user): run "
					"rapd as root", name);
		return tap_fail(err, errlen, rc,
				"creating TAP '%s' needs CAP_NET_ADMIN: run "
				"rapd as root", name);
	case -EBUSY:
		return tap_fail(err, errlen, rc,
				"TAP '%s' is in use by another process", name);
	case -EINVAL:
		return tap_fail(err, errlen, -EEXIST,
				"interface '%s' exists and is not a TAP "
				"device: choose another tap_interface", name);
	default:
		return tap_fail(err, errlen, rc, "TUNSETIFF %s: %s", name,
				strerror(-rc));
	}
}

/* Records what an existing TAP was like, before anything changes it. */
static int tap_record(struct tap *tap, char *err, size_t errlen)
{
	int rc = nl_link_get_up(tap->name, &tap->was_up);

	if (rc == 0)
		rc = nl_link_get_addr(tap->name, tap->old_addr);
	if (rc == 0)
		rc = tap_get_mtu(tap->name, &tap->old_mtu);
	if (rc)
		return tap_fail(err, errlen, rc, "reading TAP '%s': %s",
				tap->name, strerror(-rc));
	return 0;
}

/* MAC, MTU, up; each step recorded for tap_close to undo. A TAP accepts
 * a new MAC while up (the kernel marks it IFF_LIVE_ADDR_CHANGE). */
static int tap_configure(struct tap *tap, const uint8_t addr[6], char *err,
			 size_t errlen)
{
	int rc = 0;

	if (addr) {
		rc = nl_link_set_addr(tap->name, addr);
		if (rc)
			return tap_fail(err, errlen, rc, "setting the MAC of "
					"TAP '%s': %s", tap->name,
					strerror(-rc));
		tap->addr_set = true;
	}
	rc = tap_set_mtu(tap->name, TAP_MTU);
	if (rc)
		return tap_fail(err, errlen, rc, "setting MTU %d on TAP '%s': "
				"%s", TAP_MTU, tap->name, strerror(-rc));
	tap->mtu_set = true;
	rc = nl_link_set_up(tap->name, true);
	if (rc)
		return tap_fail(err, errlen, rc, "bringing TAP '%s' up: %s",
				tap->name, strerror(-rc));
	tap->upped = true;
	return 0;
}

static void tap_reset(struct tap *tap)
{
	memset(tap, 0, sizeof(*tap));
	tap->fd = -1;
}

/* Attaches (or creates) and finds out which of the two it was. */
static int tap_acquire(struct tap *tap, bool exists, char *err,
		       size_t errlen)
{
	struct ifreq ifr;
	int rc = tap_open_dev(err, errlen);

	if (rc < 0)
		return rc;
	tap->fd = rc;
	rc = tap_attach(tap->fd, tap->name, exists, err, errlen);
	if (rc)
		return rc;
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(tap->fd, TUNGETIFF, &ifr) != 0)
		return tap_fail(err, errlen, -errno, "TUNGETIFF %s: %s",
				tap->name, strerror(errno));
	tap->existed = ifr.ifr_flags & IFF_PERSIST;
	rc = nl_link_index(tap->name, &tap->ifindex);
	if (rc)
		return tap_fail(err, errlen, rc, "TAP '%s' has no index: %s",
				tap->name, strerror(-rc));
	return tap->existed ? tap_record(tap, err, errlen) : 0;
}

int tap_open(struct tap *tap, const char *name, const uint8_t addr[6],
	     char *err, size_t errlen)
{
	uint32_t ifindex;
	bool exists;
	int rc;

	tap_reset(tap);
	if (!name || !name[0])
		name = CONF_TAP_DEFAULT;
	rc = tap_set_name(tap, name, err, errlen);
	if (rc)
		return rc;
	if (addr && (addr[0] & 1))
		return tap_fail(err, errlen, -EINVAL, "TAP '%s': the MAC "
				"%02x:%02x:%02x:%02x:%02x:%02x is a group "
				"address", name, addr[0], addr[1], addr[2],
				addr[3], addr[4], addr[5]);
	exists = nl_link_index(name, &ifindex) == 0;
	if (exists) {
		rc = tap_check_existing(name, err, errlen);
		if (rc)
			return rc;
	}
	rc = tap_acquire(tap, exists, err, errlen);
	if (rc == 0)
		rc = tap_configure(tap, addr, err, errlen);
	if (rc)
		tap_close(tap, NULL, 0); /* undo; err keeps the first cause */
	return rc;
}

/* Puts an existing TAP back: MTU and MAC first, then the up/down state
 * it had (a TAP takes both while up). First error, or 0. */
static int tap_restore(struct tap *tap, char *err, size_t errlen)
{
	int rc, first = 0;

	if (tap->mtu_set && (rc = tap_set_mtu(tap->name, tap->old_mtu)))
		first = tap_fail(err, errlen, rc, "restoring MTU %d on TAP "
				 "'%s': %s", tap->old_mtu, tap->name,
				 strerror(-rc));
	if (tap->addr_set &&
	    (rc = nl_link_set_addr(tap->name, tap->old_addr)) && !first)
		first = tap_fail(err, errlen, rc, "restoring the MAC of TAP "
				 "'%s': %s", tap->name, strerror(-rc));
	if (tap->upped && !tap->was_up &&
	    (rc = nl_link_set_up(tap->name, false)) && !first)
		first = tap_fail(err, errlen, rc, "bringing TAP '%s' back "
				 "down: %s", tap->name, strerror(-rc));
	return first;
}

/* A created TAP: down, then the fd closes and the kernel unregisters the
 * interface inside close() (tun_detach, under the RTNL lock), so it must
 * be gone when close() returns. */
static int tap_remove(struct tap *tap, char *err, size_t errlen)
{
	uint32_t ifindex;
	int rc = 0;

	if (tap->upped)
		rc = nl_link_set_up(tap->name, false);
	close(tap->fd);
	tap->fd = -1;
	if (nl_link_index(tap->name, &ifindex) == 0)
		return tap_fail(err, errlen, -EBUSY, "TAP '%s' still exists "
				"after rapd closed it: another process holds "
				"its fd", tap->name);
	if (rc)
		return tap_fail(err, errlen, rc, "bringing TAP '%s' down: %s",
				tap->name, strerror(-rc));
	return 0;
}

int tap_close(struct tap *tap, char *err, size_t errlen)
{
	int rc;

	if (tap->fd < 0)
		return 0;
	if (!tap->existed)
		return tap_remove(tap, err, errlen);
	rc = tap_restore(tap, err, errlen);
	/* Detaching leaves a persistent TAP in place, carrier off. */
	close(tap->fd);
	tap->fd = -1;
	return rc;
}

/* Only the reading thread stores these: a load and a store, no RMW. */
static void tap_rx_add(_Atomic uint64_t *c, uint64_t v)
{
	if (v)
		atomic_store_explicit(c, atomic_load_explicit(
					 c, memory_order_relaxed) + v,
				      memory_order_relaxed);
}

static void tap_rx_account(struct tap *tap, uint64_t frames, uint64_t bytes,
			   uint64_t truncated, int error)
{
	tap_rx_add(&tap->rx_frames, frames);
	tap_rx_add(&tap->rx_bytes, bytes);
	tap_rx_add(&tap->rx_truncated, truncated);
	if (error) {
		tap_rx_add(&tap->rx_errors, 1);
		atomic_store_explicit(&tap->rx_last_errno, error,
				      memory_order_relaxed);
	}
}

int tap_read_burst(struct tap *tap, uint8_t *const bufs[], size_t cap,
		   size_t lens[], unsigned n)
{
	uint64_t bytes = 0, truncated = 0;
	unsigned got = 0;
	uint8_t spare;
	int error = 0;

	for (unsigned i = 0; i < n; i++) {
		struct iovec iov[2] = { { bufs[got], cap }, { &spare, 1 } };
		ssize_t r = readv(tap->fd, iov, 2);

		if (r < 0) {
			/* EAGAIN: queue empty; EINTR: the caller polls
			 * again. Neither is a fault of the TAP. */
			if (errno != EAGAIN && errno != EINTR)
				error = errno;
			break;
		}
		if (r == 0) { /* the kernel never reads an empty frame */
			error = EIO;
			break;
		}
		if ((size_t)r > cap) {
			truncated++;
			continue;
		}
		lens[got++] = (size_t)r;
		bytes += (size_t)r;
	}
	tap_rx_account(tap, got, bytes, truncated, error);
	return got == 0 && error ? -error : (int)got;
}

/* One frame, one write(); what became of it, and its errno if failed. */
static enum tap_tx_status tap_write_one(int fd, const uint8_t *p, size_t len,
					int *error)
{
	ssize_t w = write(fd, p, len);

	if (w >= 0)
		return (size_t)w == len ? TAP_TX_SENT : TAP_TX_PARTIAL;
	*error = errno;
	switch (errno) {
	case EAGAIN:
	case ENOBUFS:
	case ENOMEM:
	case EINTR: /* never retried: a writer must not wait */
		return TAP_TX_DROP_FULL;
	default:
		return TAP_TX_ERROR;
	}
}

unsigned tap_write_burst(struct tap *tap, const uint8_t *const bufs[],
			 const size_t lens[], unsigned n,
			 enum tap_tx_status status[])
{
	uint64_t bytes = 0, drops = 0, errors = 0;
	unsigned sent = 0;
	int error = 0;

	for (unsigned i = 0; i < n; i++) {
		enum tap_tx_status s =
			tap_write_one(tap->fd, bufs[i], lens[i], &error);

		switch (s) {
		case TAP_TX_SENT:
			sent++;
			bytes += lens[i];
			break;
		case TAP_TX_DROP_FULL:
			drops++;
			break;
		case TAP_TX_PARTIAL:
		case TAP_TX_ERROR:
			errors++;
			break;
		}
		if (status)
			status[i] = s;
	}
	if (sent) {
		atomic_fetch_add_explicit(&tap->tx_frames, sent,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&tap->tx_bytes, bytes,
					  memory_order_relaxed);
	}
	if (drops)
		atomic_fetch_add_explicit(&tap->tx_drops, drops,
					  memory_order_relaxed);
	if (errors)
		atomic_fetch_add_explicit(&tap->tx_errors, errors,
					  memory_order_relaxed);
	if (error)
		atomic_store_explicit(&tap->tx_last_errno, error,
				      memory_order_relaxed);
	return sent;
}

void tap_stats(const struct tap *tap, struct tap_stats *out)
{
	memory_order r = memory_order_relaxed;

	out->rx_frames = atomic_load_explicit(&tap->rx_frames, r);
	out->rx_bytes = atomic_load_explicit(&tap->rx_bytes, r);
	out->rx_truncated = atomic_load_explicit(&tap->rx_truncated, r);
	out->rx_errors = atomic_load_explicit(&tap->rx_errors, r);
	out->rx_last_errno = atomic_load_explicit(&tap->rx_last_errno, r);
	out->tx_frames = atomic_load_explicit(&tap->tx_frames, r);
	out->tx_bytes = atomic_load_explicit(&tap->tx_bytes, r);
	out->tx_drops = atomic_load_explicit(&tap->tx_drops, r);
	out->tx_errors = atomic_load_explicit(&tap->tx_errors, r);
	out->tx_last_errno = atomic_load_explicit(&tap->tx_last_errno, r);
}

const char *tap_tx_status_name(enum tap_tx_status s)
{
	switch (s) {
	case TAP_TX_SENT:
		return "sent";
	case TAP_TX_DROP_FULL:
		return "drop-full";
	case TAP_TX_PARTIAL:
		return "partial";
	case TAP_TX_ERROR:
		return "error";
	}
	return "unknown";
}
