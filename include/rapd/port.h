/*
 * port.h - frame ports: where the pipeline's 802.11 frames come from and
 * go to (a pcap file, the simulated medium, later a live monitor
 * interface), behind one small ops table.
 *
 * Contract
 * - Threads. port_recv() is called by the RX thread only, port_send() by
 *   the TX thread only, and the two may run at the same time on the same
 *   port. Every implementation says in its top comment what state recv
 *   and send share and why that is safe. Opening happens before either
 *   thread starts; port_close() after both have been joined.
 * - Frame memory belongs to the caller. recv fills a struct frame the
 *   caller owns (from its pool): data[0..len), len, ts_ns, order, flags,
 *   signal_dbm, rate_500k, freq_mhz; it never touches home or pool_state.
 *   send reads the frame and copies out what it needs before returning:
 *   the caller may reuse or return the frame at once.
 * - What recv hands out: the 802.11 frame with the radio header parsed
 *   off into the frame's fields and any FCS stripped. An echo of a frame
 *   this AP sent (a radiotap header carrying TX_FLAGS: a live monitor
 *   interface's TX status report, or a sent frame in a recording) has
 *   FRAME_F_TX_STATUS; FRAME_F_ACKED when the TX_FAIL bit is clear;
 *   FRAME_F_NOACK when it went out without asking for an ACK.
 * - What send writes: f->data[0..len) behind a radiotap injection header
 *   (rt_build_tx: rate f->rate_500k, or the port's default when 0; TX
 *   flags NOSEQNO, plus NOACK when addr1 is a group address or the frame
 *   has FRAME_F_NOACK).
 * - Caps (struct port.caps): PORT_CAP_TX_STATUS means every frame sent
 *   comes back through recv as a TX status echo; without it the caller
 *   assumes each sent frame was ACKed. Caps live in the instance, not in
 *   the ops, because a wrapper (the recorder) inherits its inner port's.
 *
 * Return values
 * - recv: PORT_RECV_GOT (1) a frame was filled; PORT_RECV_NONE (0) nothing
 *   yet: a live port waits at most ~10 ms first, so the RX loop can notice
 *   shutdown (file ports never return it); PORT_RECV_END (-1) no more
 *   input: port_rx_error() is NULL after a clean end (end of file) and the
 *   reason otherwise. After END, recv keeps returning END.
 * - send: 0 when the frame was handed on (written, injected), or a
 *   negative errno: -EINVAL (shorter than the 10-byte minimal 802.11
 *   header), -EMSGSIZE (len > FRAME_DATA_MAX), -ERANGE (a time the format
 *   cannot hold), -EIO (the write failed), -EOPNOTSUPP (a read-only port).
 * - close: flushes and frees the port; 0, or a negative errno when
 *   something written earlier or at the final flush was lost. The port is
 *   freed either way. NULL is a no-op returning 0.
 * - Openers return NULL with a one-line reason in err[0..errlen) (which
 *   may be NULL/0 when the caller does not want it).
 */
#ifndef RAPD_PORT_H
#define RAPD_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rapd/frame.h"

#define PORT_CAP_TX_STATUS 0x1u

enum port_recv_result {
	PORT_RECV_END = -1,
	PORT_RECV_NONE = 0,
	PORT_RECV_GOT = 1,
};

#define PORT_ERR_LEN 256

struct port;

struct port_ops {
	int (*recv)(struct port *p, struct frame *f);	    /* RX thread */
	int (*send)(struct port *p, const struct frame *f); /* TX thread */
	int (*close)(struct port *p);
};

/*
 * The part every port shares; an implementation embeds it as the first
 * member of its own struct.
 */
struct port {
	const struct port_ops *ops;
	unsigned int caps; /* PORT_CAP_* */
	/*
	 * Why recv returned PORT_RECV_END; "" after a clean end. Written by
	 * recv only (RX thread), read by the RX thread after END or by anyone
	 * once the RX thread has been joined.
	 */
	char rx_error[PORT_ERR_LEN];
};

/* Caller: RX thread only. */
static inline int port_recv(struct port *p, struct frame *f)
{
	return p->ops->recv(p, f);
}

/* Caller: TX thread only. */
static inline int port_send(struct port *p, const struct frame *f)
{
	return p->ops->send(p, f);
}

/* Caller: any one thread, after the RX and TX threads were joined. */
static inline int port_close(struct port *p)
{
	return p ? p->ops->close(p) : 0;
}

/* Caller: RX thread after PORT_RECV_END. NULL when the end was clean. */
static inline const char *port_rx_error(const struct port *p)
{
	return p->rx_error[0] ? p->rx_error : NULL;
}

/*
 * The default injection rate of a band, in 500 kb/s: 1 Mb/s (DSSS) below
 * 3 GHz, 6 Mb/s (OFDM) above, which every station of that band decodes.
 */
static inline uint8_t port_default_rate_500k(unsigned int freq_mhz)
{
	return freq_mhz < 3000 ? 2 : 12;
}

/* --- Replay input: a pcap or pcapng file (port_pcap_in.c) ----------- */

/*
 * What happened to a record of the input file. Everything but PORT_IN_OK
 * is a skipped record: counted, never fatal.
 */
enum port_in_verdict {
	PORT_IN_OK = 0,	   /* handed out by recv */
	PORT_IN_RADIOTAP,  /* rt_parse() refused the radiotap header */
	PORT_IN_TRUNCATED, /* caplen < len: cut by the capture's snaplen */
	PORT_IN_BAD_FCS,   /* radiotap FLAGS: the FCS check failed */
	PORT_IN_RUNT,	   /* under 10 bytes of 802.11 frame (after FCS) */
	PORT_IN_OVERSIZE,  /* 802.11 frame longer than FRAME_DATA_MAX */
	PORT_IN_TIMESTAMP, /* negative, or past 64-bit nanoseconds */
	PORT_IN_VERDICTS,  /* count, not a verdict */
};

struct port_pcap_in_stats {
	uint64_t records;		  /* read from the file */
	uint64_t count[PORT_IN_VERDICTS]; /* records by verdict */
};

/*
 * Opens a capture for replay: pcap or pcapng (libpcap reads both), link
 * type 127 (radiotap) or 105 (bare 802.11; FCS assumed absent unless the
 * pcap header's link-type word announces one); any other link type is
 * refused here, naming it. Timestamps are read with nanosecond precision
 * when the file has it. recv hands records out in file order with
 * f->order = the record's 0-based index in the file (skipped ones
 * included, so the index is that of the file). caps = 0; send returns
 * -EOPNOTSUPP.
 */
struct port *port_pcap_in_open(const char *path, char *err, size_t errlen);

/*
 * Caller: any thread, at any time (the counters are read atomically; a
 * snapshot taken while recv runs may be one record behind).
 * Returns 0, or -EINVAL if p is not a pcap input port.
 */
int port_pcap_in_stats(const struct port *p, struct port_pcap_in_stats *st);

/* A short constant name for logs ("radiotap", "truncated", ...). */
const char *port_in_verdict_name(enum port_in_verdict v);

/* --- Replay output and recordings: a pcap file (port_pcap_out.c) ---- */

/* Which radiotap header a frame is written with. */
enum port_dir {
	/*
	 * A frame received: RATE, CHANNEL and DBM_ANTSIGNAL from the frame's
	 * fields (each only when non-zero), plus TX_FLAGS for a TX status
	 * echo (TX_FAIL when not ACKed, NOACK when FRAME_F_NOACK), so
	 * port_pcap_in gives the same frame back.
	 */
	PORT_DIR_RX,
	/* A frame sent: the injection header (see send above). */
	PORT_DIR_TX,
};

/*
 * Creates (truncates) path as a pcap file, link type 127 (radiotap),
 * nanosecond timestamps; each frame is stamped with f->ts_ns. Its
 * seconds must stay below 2^31 (the format has 32 bits, which libpcap
 * reads as signed: until 2038), else -ERANGE.
 * default_rate_500k is the injection rate of frames whose rate_500k is 0
 * (see port_default_rate_500k(); 0 here means 2, 1 Mb/s). Writing copies
 * into one buffer allocated here: no allocation per frame. caps = 0; recv
 * returns PORT_RECV_END with an error (write-only port).
 */
struct port *port_pcap_out_open(const char *path, uint8_t default_rate_500k,
				char *err, size_t errlen);

/*
 * Caller: one thread at a time (send is this with PORT_DIR_TX; the
 * recorder calls it under its own lock). Writes f with the header of dir.
 * Returns as send does. -EINVAL also if p is not a pcap output port.
 */
int port_pcap_out_write(struct port *p, const struct frame *f,
			enum port_dir dir);

/* --- Recorder: a tee of both directions to a pcap (port_tee.c) ------ */

/*
 * Wraps inner (e.g. the sim medium) and records its traffic into a pcap
 * file written as port_pcap_out does: every frame recv returns (received
 * frames and TX status echoes, PORT_DIR_RX) and, when inner has no
 * PORT_CAP_TX_STATUS, every frame send handed on successfully
 * (PORT_DIR_TX). When inner does report TX status, the echo is the record
 * of the sent frame (with its ACK outcome, at the time it was reported),
 * as a capture on a live monitor interface shows it: recording the send
 * too would put each sent frame in the file twice, and a replay would
 * then see two TX status reports for it. Recording `rapd --simulate`
 * this way gives a file port_pcap_in replays.
 *
 * caps = inner's caps; recv and send return what inner's do (a recording
 * failure is counted, never returned: the pipeline goes on). On success
 * the tee owns inner and port_close() closes it; on failure (NULL) inner
 * is left to the caller.
 */
struct port *port_tee_open(struct port *inner, const char *path,
			   uint8_t default_rate_500k, char *err, size_t errlen);

struct port_tee_stats {
	uint64_t rx_written;   /* received frames and echoes recorded */
	uint64_t tx_written;   /* sent frames recorded */
	uint64_t write_errors; /* frames the recording lost */
};

/* Caller: any thread. Returns 0, or -EINVAL if p is not a recorder. */
int port_tee_stats(struct port *p, struct port_tee_stats *st);

/*
 * Receives from in (RX thread) and sends to out (TX thread): replay's
 * trace in, file out. Takes both ports: closing the pair closes them.
 * NULL with errno ENOMEM (the caller still owns in and out then).
 */
struct port *port_pair_open(struct port *in, struct port *out);

/* --- Live monitor interface: libpcap (port_live.c) ------------------ */

struct port_live_params {
	const char *ifname; /* the monitor interface, e.g. "mon.wlan0" */
	uint8_t bssid[6];
	/* The channel: the default injection rate comes from its band, and
	 * it is f->freq_mhz of frames whose radiotap has no CHANNEL. */
	uint32_t freq_mhz;
	unsigned int buffer_bytes; /* pcap buffer; 0: 8 MiB */
	/* Also admit every data frame to or from the BSS (monitor-only
	 * mode); false: only EAPOL. */
	bool data_frames;
};

/*
 * Opens ifname for capture and injection: libpcap in immediate mode
 * (buffer_bytes of kernel ring, snaplen 65535), non-blocking, incoming
 * packets only (the copies of what rapd itself injects are dropped), the
 * kernel BPF filter of port_live_filter(); injection goes through a
 * PF_PACKET socket of its own on the same interface. caps =
 * PORT_CAP_TX_STATUS: the monitor interface reports every frame the
 * radio sent, with its ACK outcome.
 *
 * recv (RX thread) waits at most ~10 ms for a frame (PORT_RECV_NONE
 * then) and decodes it exactly as the replay input does (port_radio.c);
 * f->ts_ns is CLOCK_MONOTONIC at reading (the live pipeline's clock),
 * f->order counts frames read, f->freq_mhz is lp->freq_mhz when the
 * radiotap header has no CHANNEL. A capture error (the interface went
 * down or away) ends the port: PORT_RECV_END with the reason. send (TX
 * thread) injects the frame behind rt_build_tx()'s header (rate
 * f->rate_500k, or port_default_rate_500k(lp->freq_mhz)); -EIO when the
 * kernel refused it (counted).
 *
 * Refused, NULL and a reason in err: a name that is no interface, an
 * interface whose link type is not 127 ("lo: link type EN10MB, not a
 * monitor interface (802.11 + radiotap)"), missing privileges (capture
 * and injection need CAP_NET_RAW), an interface that is down.
 */
struct port *port_live_open(const struct port_live_params *lp, char *err,
			    size_t errlen);

/* Room port_live_filter() needs, NUL included, with margin. */
#define PORT_LIVE_FILTER_MAX 512

/*
 * Caller: any thread (pure).
 * The libpcap filter expression of a BSS, written into buf[0..cap):
 * management frames of the BSS (addr3 = bssid, or addr1 = bssid) except
 * beacons; probe requests to the wildcard BSSID (addr3 broadcast, any
 * SSID); data frames to or from the BSS (addr1 or addr2 = bssid)
 * carrying EAPOL (LLC/SNAP ethertype 0x888e, QoS data included), or every
 * such data frame when data_frames is true. Nothing else: no control
 * frames, no other BSS. rapd's own transmissions come back (TX status)
 * because they are such frames (addr2 = addr3 = bssid).
 * Returns the length written (NUL excluded), or -ENOSPC when cap is too
 * small (buf then holds "").
 */
int port_live_filter(const uint8_t bssid[6], bool data_frames, char *buf,
		     size_t cap);

struct port_live_stats {
	uint64_t received;   /* frames read from pcap */
	uint64_t handed_out; /* returned by recv */
	/* Dropped by decoding (port_radio.c verdicts): */
	uint64_t bad_radiotap; /* radiotap header refused */
	uint64_t runts;	       /* under 10 bytes of 802.11 frame */
	uint64_t bad_fcs;      /* radiotap FLAGS: the FCS check failed */
	uint64_t oversize;     /* over FRAME_DATA_MAX, or cut by the snaplen */
	/*
	 * Copies of injected frames recognised by their header and dropped:
	 * only where the capture cannot be limited to incoming packets
	 * (never on Linux, where libpcap drops them).
	 */
	uint64_t own_copies;
	uint64_t injected, inject_errors; /* by send */
	/* pcap_stats() ps_drop + ps_ifdrop, read by recv at most once a
	 * second and when the port ends (last read). */
	uint64_t kernel_drops;
};

/*
 * Caller: any thread, at any time (counters read atomically; a snapshot
 * taken while recv and send run may be a frame behind).
 * Returns 0, or -EINVAL if p is not a live port.
 */
int port_live_stats(struct port *p, struct port_live_stats *st);

#endif
