/*
 * port_pcap_in.c - the replay input port: records of a pcap or pcapng file
 * handed out as struct frame, in file order.
 *
 * Called by the RX thread (recv) once opened by the main thread; send is
 * refused without touching any state, so recv and send share nothing but
 * the immutable ops and caps. Owns the pcap_t of the file (libpcap reads
 * pcap and pcapng, and scales every timestamp to nanoseconds as asked at
 * open) and the per-verdict counters, which recv alone writes and any
 * thread may read (relaxed atomics: one writer, so a load and a store make
 * an increment, and a reader sees each counter whole), and the FILE libpcap
 * reads (a 1 MiB buffer, stdio locking off: one reader thread).
 *
 * Link types and what a record holds (decoded by port_radio.c, which the
 * live monitor port shares, so a replay sees what live saw):
 *   127  radiotap header (it_len bytes, parsed by rt_parse()), then the
 *        MPDU, then its 4-byte FCS when FLAGS has 0x10. FLAGS 0x20
 *        (DATAPAD) means pad octets sit between the MAC header and the
 *        body up to a 4-byte boundary: they are removed. TX_FLAGS
 *        present marks an echo of a frame we sent (TX status).
 *   105  bare MPDU. The pcap link-type word may announce an FCS (bit 26
 *        "FCS length present", bits 28-31 its length in 16-bit words; 2
 *        means 4 bytes); without that, there is none.
 * A record is skipped and counted when its radiotap header is refused,
 * when it was cut by the snaplen (caplen < len: the frame's tail, FCS
 * included, is missing, and the AP would act on a frame it does not
 * have), when FLAGS reports a bad FCS, when the frame left is under 10
 * bytes or over FRAME_DATA_MAX, or, here only, when its time is negative
 * or past what 64-bit nanoseconds hold.
 */
#include "rapd/port.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#include "port_radio_pvt.h"

#define LINKTYPE_IEEE802_11 105
#define LINKTYPE_RADIOTAP 127
#define LT_FCS_PRESENT 0x04000000u
#define LT_FCS_WORDS(x) (((unsigned int)(x) >> 28) & 0xf)
#define NS_PER_SEC 1000000000ull
/* stdio buffer of the file: libpcap reads each record with two freads. */
#define PIN_FILE_BUFFER (1u << 20)

struct pcap_in {
	struct port port; /* first: the port handed out */
	pcap_t *pcap;
	enum port_radio_framing framing; /* from the link type */
	bool ended;
	uint64_t index; /* of the next record */
	_Atomic uint64_t records;
	_Atomic uint64_t count[PORT_IN_VERDICTS];
};

static const struct port_ops pcap_in_ops;

static struct pcap_in *to_pin(struct port *p)
{
	return (struct pcap_in *)p;
}

static void counter_inc(_Atomic uint64_t *c)
{
	/* Single writer (the RX thread): no read-modify-write needed. */
	atomic_store_explicit(c,
			      atomic_load_explicit(c, memory_order_relaxed) + 1,
			      memory_order_relaxed);
}

static void set_err(char *err, size_t errlen, const char *path, const char *why)
{
	if (!err || !errlen)
		return;
	/* libpcap names the path in some messages, not in others. */
	if (strstr(why, path))
		snprintf(err, errlen, "%s", why);
	else
		snprintf(err, errlen, "%s: %s", path, why);
}

/* Decodes one record into f, or says why it is skipped. */
static enum port_in_verdict pin_decode(const struct pcap_in *in,
				       const struct pcap_pkthdr *h,
				       const uint8_t *data, struct frame *f)
{
	struct port_radio_rec r;
	enum port_in_verdict v;
	uint64_t sec, frac;

	v = port_radio_locate(data, h->caplen, h->len, in->framing, &r);
	if (v != PORT_IN_OK)
		return v;
	/* Opened with nanosecond precision: tv_usec holds nanoseconds. */
	if (h->ts.tv_sec < 0 || h->ts.tv_usec < 0 ||
	    (uint64_t)h->ts.tv_usec >= NS_PER_SEC)
		return PORT_IN_TIMESTAMP;
	sec = (uint64_t)h->ts.tv_sec;
	frac = (uint64_t)h->ts.tv_usec;
	if (sec > (UINT64_MAX - frac) / NS_PER_SEC)
		return PORT_IN_TIMESTAMP;
	f->ts_ns = sec * NS_PER_SEC + frac;
	port_radio_to_frame(&r, f);
	return PORT_IN_OK;
}

static int pin_recv(struct port *p, struct frame *f)
{
	struct pcap_in *in = to_pin(p);
	struct pcap_pkthdr *h;
	const u_char *data;
	enum port_in_verdict v;
	int r;

	while (!in->ended) {
		r = pcap_next_ex(in->pcap, &h, &data);
		if (r != 1) {
			/* PCAP_ERROR_BREAK is the end of the file. */
			if (r != PCAP_ERROR_BREAK)
				snprintf(p->rx_error, sizeof(p->rx_error),
					 "reading the capture: %s",
					 pcap_geterr(in->pcap));
			in->ended = true;
			break;
		}
		counter_inc(&in->records);
		v = pin_decode(in, h, data, f);
		counter_inc(&in->count[v]);
		if (v == PORT_IN_OK) {
			f->order = in->index++;
			return PORT_RECV_GOT;
		}
		in->index++;
	}
	return PORT_RECV_END;
}

static int pin_send(struct port *p, const struct frame *f)
{
	return -EOPNOTSUPP;
}

static int pin_close(struct port *p)
{
	struct pcap_in *in = to_pin(p);

	pcap_close(in->pcap);
	free(in);
	return 0;
}

static const struct port_ops pcap_in_ops = {
	.recv = pin_recv,
	.send = pin_send,
	.close = pin_close,
};

struct port *port_pcap_in_open(const char *path, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct pcap_in *in;
	pcap_t *pcap;
	FILE *fp;
	int lt, ext;

	/* Our own FILE, so that its buffer is large and its lock is off:
	 * only the RX thread reads it (the main thread opens and closes it
	 * while no RX thread runs), and the two freads libpcap makes per
	 * record are then plain copies. pcap_close closes it. */
	fp = fopen(path, "rb");
	if (!fp) {
		set_err(err, errlen, path, strerror(errno));
		return NULL;
	}
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	setvbuf(fp, NULL, _IOFBF, PIN_FILE_BUFFER);
	pcap = pcap_fopen_offline_with_tstamp_precision(
		fp, PCAP_TSTAMP_PRECISION_NANO, perr);
	if (!pcap) {
		set_err(err, errlen, path, perr);
		fclose(fp);
		return NULL;
	}
	lt = pcap_datalink(pcap);
	if (lt != LINKTYPE_RADIOTAP && lt != LINKTYPE_IEEE802_11) {
		const char *name = pcap_datalink_val_to_name(lt);
		char why[160];

		snprintf(why, sizeof(why),
			 "link type %d (%s) not supported: need 127 (802.11 "
			 "with radiotap) or 105 (802.11)",
			 lt, name ? name : "unknown");
		set_err(err, errlen, path, why);
		pcap_close(pcap);
		return NULL;
	}
	in = calloc(1, sizeof(*in));
	if (!in) {
		set_err(err, errlen, path, strerror(ENOMEM));
		pcap_close(pcap);
		return NULL;
	}
	ext = pcap_datalink_ext(pcap);
	in->port.ops = &pcap_in_ops;
	in->pcap = pcap;
	if (lt == LINKTYPE_RADIOTAP)
		in->framing = PORT_RADIO_RADIOTAP;
	else if ((ext & LT_FCS_PRESENT) && LT_FCS_WORDS(ext) == 2)
		in->framing = PORT_RADIO_BARE_FCS;
	else
		in->framing = PORT_RADIO_BARE;
	return &in->port;
}

int port_pcap_in_stats(const struct port *p, struct port_pcap_in_stats *st)
{
	const struct pcap_in *in = (const struct pcap_in *)p;
	int i;

	if (!p || p->ops != &pcap_in_ops)
		return -EINVAL;
	st->records = atomic_load_explicit(&in->records, memory_order_relaxed);
	for (i = 0; i < PORT_IN_VERDICTS; i++)
		st->count[i] = atomic_load_explicit(&in->count[i],
						    memory_order_relaxed);
	return 0;
}

const char *port_in_verdict_name(enum port_in_verdict v)
{
	switch (v) {
	case PORT_IN_OK:
		return "ok";
	case PORT_IN_RADIOTAP:
		return "radiotap";
	case PORT_IN_TRUNCATED:
		return "truncated";
	case PORT_IN_BAD_FCS:
		return "bad-fcs";
	case PORT_IN_RUNT:
		return "runt";
	case PORT_IN_OVERSIZE:
		return "oversize";
	case PORT_IN_TIMESTAMP:
		return "timestamp";
	case PORT_IN_VERDICTS:
		break;
	}
	return "?";
}
