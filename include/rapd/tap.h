/*
 * tap.h - the TAP interface of monitor-only mode (driver=monitor): the
 * Ethernet side of rapd's user-space data path. Frames the host sends out
 * of the TAP (tap_interface, default "rapd0") are read here and go to the
 * stations; frames from the stations are written here and enter the host's
 * stack as if received on that link.
 *
 * Contract
 * - Life cycle, main thread only, while no other thread uses the tap:
 *   tap_open() before the threads start, tap_close() after they are
 *   joined. Open the TAP after daemon_start() has forked: a child that
 *   keeps a copy of the fd keeps a non-persistent TAP alive.
 * - tap_open() on a name with no interface creates a TAP (IFF_TAP |
 *   IFF_NO_PI, not persistent), sets its MAC (the BSSID), MTU 1500 and
 *   brings it up. tap_close() brings it down and closes the fd; the kernel
 *   deletes a non-persistent TAP when its last fd closes, and tap_close()
 *   checks that the interface is gone (-EBUSY if it is not: another process
 *   holds a copy of the fd).
 * - A persistent TAP that already exists (`ip tuntap add dev rapd0 mode
 *   tap`) is attached to, then set up the same way; tap_close() puts back
 *   its MAC, MTU and up/down state and leaves it in place. The queue flags
 *   (packet information, vnet header) are not the device's but each
 *   attaching program's: every program sets its own when it attaches, so
 *   rapd's (no PI, no vnet header) last until the next program attaches.
 *   An interface that exists and is not a TAP (a TUN, an Ethernet card,
 *   ...) is refused before anything is touched.
 * - Threads, between open and close:
 *     tap_read_burst()   ONE reading thread at a time (the design's TAP
 *                        reader): it updates the RX counters without a
 *                        read-modify-write.
 *     tap_write_burst()  any number of threads at once (the workers): each
 *                        frame is one write(), which the kernel takes whole
 *                        or refuses, so frames of concurrent writers never
 *                        interleave; the TX counters are atomic adds.
 *                        Safe concurrently with tap_read_burst().
 *     tap_stats()        any thread, any time: each counter is exact on its
 *                        own, the set is not one instant's snapshot.
 *     tap->fd            the reader polls it for POLLIN. Writers never poll:
 *                        a write never blocks (the fd is O_NONBLOCK).
 * - The kernel moves one frame per read() or write() on a TAP fd (there is
 *   no recvmmsg for a character device), so a burst is a loop of system
 *   calls; what it batches is the caller's work and the counter updates
 *   (one per burst). Nothing here allocates or logs.
 * - Drops: a frame the kernel has no room for (EAGAIN, ENOBUFS, ENOMEM) is
 *   dropped and counted in tx_drops, never retried or waited for. With
 *   the TAP's default send buffer (unlimited) the kernel hands each frame
 *   to its stack inside write(), so what overflows later (a socket's
 *   receive buffer, the backlog) is dropped and counted by the kernel (the
 *   link's rx_dropped in `ip -s link`), not here. Frames the host sends
 *   faster than rapd reads them are dropped by the kernel when the TAP's
 *   queue (txqueuelen) is full: its tx_dropped.
 * - Returns: tap_open/tap_close 0 or a negative errno, with one line in
 *   err naming the interface, what failed and what to do (err may be NULL;
 *   TAP_ERR_LEN is enough). tap_read_burst the number of frames (0..n) or
 *   a negative errno when the first read failed; tap_write_burst the
 *   number of frames the kernel took whole (0..n).
 */
#ifndef RAPD_TAP_H
#define RAPD_TAP_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TAP_IFNAME_SIZE 16 /* IFNAMSIZ: 15 characters and the NUL */
#define TAP_MTU 1500
/* The longest frame the host sends through the TAP at TAP_MTU: Ethernet
 * header (14), one VLAN tag (4), payload. No FCS on a TAP. */
#define TAP_FRAME_MAX (14 + 4 + TAP_MTU)
#define TAP_ETH_HLEN 14 /* the kernel refuses shorter frames (EINVAL) */
#define TAP_ERR_LEN 192
#define TAP_CACHE_LINE 64

/* What became of one frame given to tap_write_burst. */
enum tap_tx_status {
	TAP_TX_SENT,	  /* the kernel took the whole frame */
	TAP_TX_DROP_FULL, /* no room in the kernel: dropped (tx_drops) */
	TAP_TX_PARTIAL,	  /* the kernel took part of it (tx_errors) */
	TAP_TX_ERROR,	  /* refused: too short (EINVAL), link down (EIO),
			   * ... (tx_errors, tx_last_errno) */
};

struct tap_stats {
	uint64_t rx_frames;	/* delivered by tap_read_burst */
	uint64_t rx_bytes;
	uint64_t rx_truncated;	/* longer than the buffers: dropped */
	uint64_t rx_errors;	/* read() failures other than EAGAIN */
	uint64_t tx_frames;	/* TAP_TX_SENT */
	uint64_t tx_bytes;
	uint64_t tx_drops;	/* TAP_TX_DROP_FULL */
	uint64_t tx_errors;	/* TAP_TX_PARTIAL and TAP_TX_ERROR */
	int rx_last_errno;	/* errno of the last failed read, or 0 */
	int tx_last_errno;	/* errno of the last failed write, or 0 */
};

/*
 * One open TAP; the caller owns the storage. The plain fields are set by
 * tap_open() and read-only until tap_close(); the counters are private
 * (read them with tap_stats()).
 */
struct tap {
	int fd;				/* O_NONBLOCK; -1 when closed */
	char name[TAP_IFNAME_SIZE];
	uint32_t ifindex;
	bool existed;	/* a persistent TAP rapd attached to and leaves */
	/* How an existing TAP was, put back by tap_close() */
	bool was_up;
	uint8_t old_addr[6];
	int old_mtu;
	/* What tap_open changed, undone by tap_close() */
	bool addr_set, mtu_set, upped;

	/* Written by the reading thread only (relaxed load + store). */
	alignas(TAP_CACHE_LINE) _Atomic uint64_t rx_frames;
	_Atomic uint64_t rx_bytes, rx_truncated, rx_errors;
	_Atomic int rx_last_errno;
	/* Written by any writer (relaxed fetch_add). */
	alignas(TAP_CACHE_LINE) _Atomic uint64_t tx_frames;
	_Atomic uint64_t tx_bytes, tx_drops, tx_errors;
	_Atomic int tx_last_errno;
};

/*
 * Main thread. Opens or attaches to the TAP called name (NULL or "":
 * CONF_TAP_DEFAULT, "rapd0"), sets its MAC to addr (NULL: keep the one
 * the kernel chose; a group address is refused), its MTU to TAP_MTU and
 * brings it up. Errors, each one line in err: no /dev/net/tun (tun module
 * not loaded), permission (not root / no CAP_NET_ADMIN), a name too long
 * (-ENAMETOOLONG) or invalid, an interface of that name that is not a TAP
 * (-EEXIST), a TAP another process holds (-EBUSY). On failure nothing is
 * left changed and tap->fd is -1.
 */
int tap_open(struct tap *tap, const char *name, const uint8_t addr[6],
	     char *err, size_t errlen);

/*
 * Main thread, after every other user stopped. Created TAP: down, fd
 * closed, checked gone. Existing TAP: MTU, MAC and up/down state put
 * back, fd closed, left in place. Carries on past a failed step and
 * returns the first error; a second call does nothing and returns 0.
 */
int tap_close(struct tap *tap, char *err, size_t errlen);

/*
 * Reading thread. Reads up to n frames into bufs[0..n), each cap bytes;
 * lens[i] gets frame i's length. Stops at the first EAGAIN (queue empty),
 * after n read() calls, or at an error (counted in rx_errors; returned as
 * -errno only when no frame was read). A frame longer than cap is dropped
 * and counted in rx_truncated: it takes a read() of the n but no buffer.
 */
int tap_read_burst(struct tap *tap, uint8_t *const bufs[], size_t cap,
		   size_t lens[], unsigned n);

/*
 * Any thread. Writes frames bufs[i] of lens[i] bytes (Ethernet header
 * first, no FCS), one write() each, never blocking; status[i] (status may
 * be NULL) says what became of frame i. Every frame is tried, whatever
 * happened to the ones before it.
 */
unsigned tap_write_burst(struct tap *tap, const uint8_t *const bufs[],
			 const size_t lens[], unsigned n,
			 enum tap_tx_status status[]);

/* Any thread. */
void tap_stats(const struct tap *tap, struct tap_stats *out);

/* "sent", "drop-full", "partial", "error". */
const char *tap_tx_status_name(enum tap_tx_status s);

#endif
