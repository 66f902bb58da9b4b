/*
 * port_pcap_out.c - the replay output port: frames written to a pcap file
 * with a radiotap header, as rapd would have put them on the air.
 *
 * Called by the TX thread (send = port_pcap_out_write(PORT_DIR_TX)), and
 * by the recorder (port_tee.c) from the RX and TX threads under the
 * recorder's lock; recv only writes the port's rx_error, which send never
 * touches, so recv and send share nothing mutable. Owns the pcap_dumper_t
 * (stdio-buffered, 1 MiB, flushed on close) and one record buffer,
 * allocated at open, that each write assembles header + frame in:
 * pcap_dump() takes one contiguous record, and a reused buffer means no
 * allocation per frame.
 *
 * File: pcap (not pcapng), nanosecond magic a1 b2 3c 4d, link type 127.
 * Each record is a radiotap header (radiotap.org) then the 802.11 frame,
 * no FCS (FLAGS is never written, so readers assume none):
 *   sent (PORT_DIR_TX), rt_build_tx():
 *     00 00 0c 00 04 80 00 00 | rate | 00 | tx_flags le16
 *     present = RATE | TX_FLAGS; TX flags NOSEQNO (rapd numbers its own
 *     frames) | NOACK for group-addressed frames (nobody ACKs them) or
 *     frames with FRAME_F_NOACK.
 *   received (PORT_DIR_RX), fields present only when the frame has them:
 *     00 00 len le16 | present le32 | RATE u8 | CHANNEL (2-aligned)
 *     freq le16, flags le16 | DBM_ANTSIGNAL s8 | TX_FLAGS (2-aligned) le16
 *     for TX status echoes: TX_FAIL when not ACKed, NOACK.
 */
#include "rapd/port.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#include "rapd/bytes.h"
#include "rapd/ieee80211.h"
#include "rapd/radiotap.h"

#define NS_PER_SEC 1000000000ull
/* The record's 32-bit seconds; libpcap reads them signed (until 2038). */
#define PCAP_SECONDS_MAX 0x7fffffffull
#define POUT_SNAPLEN 65535
#define RT_FIXED_LEN 8
#define RT_RX_HDR_MAX 20 /* 8 + rate 1 + pad 1 + channel 4 + 1 + 1 + 2 */
#define POUT_HDR_MAX RT_RX_HDR_MAX
#define ADDR1_OFF 4
#define POUT_FILE_BUFFER (1u << 20)

/* Channel field flags (radiotap.org, field 3). */
#define RT_CHAN_CCK 0x0020
#define RT_CHAN_OFDM 0x0040
#define RT_CHAN_2GHZ 0x0080
#define RT_CHAN_5GHZ 0x0100

struct pcap_out {
	struct port port; /* first: the port handed out */
	pcap_t *dead;
	pcap_dumper_t *dumper;
	uint8_t default_rate;
	bool write_failed; /* a write error seen; close reports it */
	uint8_t *rec;	   /* POUT_HDR_MAX + FRAME_DATA_MAX bytes */
};

static const struct port_ops pcap_out_ops;

static struct pcap_out *to_pout(struct port *p)
{
	return (struct pcap_out *)p;
}

static bool rate_is_dsss(uint8_t rate)
{
	return rate == 2 || rate == 4 || rate == 11 || rate == 22;
}

static uint16_t chan_flags(uint16_t freq, uint8_t rate)
{
	uint16_t fl = freq < 3000 ? RT_CHAN_2GHZ : RT_CHAN_5GHZ;

	if (rate)
		fl |= rate_is_dsss(rate) ? RT_CHAN_CCK : RT_CHAN_OFDM;
	return fl;
}

static size_t align2(uint8_t *b, size_t pos)
{
	if (pos & 1)
		b[pos++] = 0;
	return pos;
}

/* The header of a received frame (see the top comment); returns its size. */
static size_t pout_put_rx_hdr(uint8_t *b, const struct frame *f)
{
	uint32_t present = 0;
	size_t pos = RT_FIXED_LEN;
	uint16_t txf;

	if (f->rate_500k) {
		present |= RT_HAS(RT_FIELD_RATE);
		b[pos++] = f->rate_500k;
	}
	if (f->freq_mhz) {
		present |= RT_HAS(RT_FIELD_CHANNEL);
		pos = align2(b, pos);
		put_le16(b + pos, f->freq_mhz);
		put_le16(b + pos + 2, chan_flags(f->freq_mhz, f->rate_500k));
		pos += 4;
	}
	if (f->signal_dbm) {
		present |= RT_HAS(RT_FIELD_DBM_ANTSIGNAL);
		b[pos++] = (uint8_t)f->signal_dbm;
	}
	if (f->flags & FRAME_F_TX_STATUS) {
		txf = (f->flags & FRAME_F_ACKED) ? 0 : RT_TX_FAIL;
		if (f->flags & FRAME_F_NOACK)
			txf |= RT_TX_NOACK;
		present |= RT_HAS(RT_FIELD_TX_FLAGS);
		pos = align2(b, pos);
		put_le16(b + pos, txf);
		pos += 2;
	}
	b[0] = 0; /* version */
	b[1] = 0;
	put_le16(b + 2, (uint16_t)pos);
	put_le32(b + 4, present);
	return pos;
}

/* The injection header of a frame rapd sends. */
static size_t pout_put_tx_hdr(const struct pcap_out *out, uint8_t *b,
			      const struct frame *f)
{
	bool noack =
		mac_is_group(f->data + ADDR1_OFF) || (f->flags & FRAME_F_NOACK);
	uint8_t rate = f->rate_500k ? f->rate_500k : out->default_rate;
	uint8_t *end =
		rt_build_tx(b, POUT_HDR_MAX, rate, rt_tx_flags_for(noack));

	return (size_t)(end - b);
}

int port_pcap_out_write(struct port *p, const struct frame *f,
			enum port_dir dir)
{
	struct pcap_out *out;
	struct pcap_pkthdr h;
	size_t hlen;

	if (!p || p->ops != &pcap_out_ops)
		return -EINVAL;
	out = to_pout(p);
	if (f->len < WLAN_HDR_LEN_CTRL_RA)
		return -EINVAL;
	if (f->len > FRAME_DATA_MAX)
		return -EMSGSIZE;
	if (f->ts_ns / NS_PER_SEC > PCAP_SECONDS_MAX)
		return -ERANGE;
	if (dir == PORT_DIR_TX)
		hlen = pout_put_tx_hdr(out, out->rec, f);
	else
		hlen = pout_put_rx_hdr(out->rec, f);
	memcpy(out->rec + hlen, f->data, f->len);
	memset(&h, 0, sizeof(h));
	/* A nanosecond dumper reads tv_usec as nanoseconds. */
	h.ts.tv_sec = (time_t)(f->ts_ns / NS_PER_SEC);
	h.ts.tv_usec = (suseconds_t)(f->ts_ns % NS_PER_SEC);
	h.caplen = (bpf_u_int32)(hlen + f->len);
	h.len = h.caplen;
	pcap_dump((u_char *)out->dumper, &h, out->rec);
	/* pcap_dump() returns nothing: stdio's error flag says if it failed. */
	if (ferror(pcap_dump_file(out->dumper))) {
		out->write_failed = true;
		return -EIO;
	}
	return 0;
}

static int pout_recv(struct port *p, struct frame *f)
{
	snprintf(p->rx_error, sizeof(p->rx_error),
		 "the pcap output port is write-only");
	return PORT_RECV_END;
}

static int pout_send(struct port *p, const struct frame *f)
{
	return port_pcap_out_write(p, f, PORT_DIR_TX);
}

static int pout_close(struct port *p)
{
	struct pcap_out *out = to_pout(p);
	int rc = out->write_failed ? -EIO : 0;

	if (pcap_dump_flush(out->dumper) != 0)
		rc = -EIO;
	pcap_dump_close(out->dumper);
	pcap_close(out->dead);
	free(out->rec);
	free(out);
	return rc;
}

static const struct port_ops pcap_out_ops = {
	.recv = pout_recv,
	.send = pout_send,
	.close = pout_close,
};

static void set_err(char *err, size_t errlen, const char *path, const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", path, why);
}

/*
 * The dumper, on our own FILE for a regular path: a 1 MiB buffer and
 * stdio's lock off, since one thread at a time writes (the TX thread, or
 * port_tee's callers under its lock) and the lock is otherwise taken
 * three times per record. "-" (stdout) stays libpcap's.
 */
static pcap_dumper_t *pout_dump_open(pcap_t *dead, const char *path,
				     char *err, size_t errlen)
{
	pcap_dumper_t *d;
	FILE *fp;

	if (strcmp(path, "-") == 0) {
		d = pcap_dump_open(dead, path);
		if (!d && err && errlen) /* it names the path and errno */
			snprintf(err, errlen, "%s", pcap_geterr(dead));
		return d;
	}
	fp = fopen(path, "wb");
	if (!fp) {
		set_err(err, errlen, path, strerror(errno));
		return NULL;
	}
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	setvbuf(fp, NULL, _IOFBF, POUT_FILE_BUFFER);
	d = pcap_dump_fopen(dead, fp);
	if (!d) {
		set_err(err, errlen, path, pcap_geterr(dead));
		fclose(fp);
	}
	return d;
}

struct port *port_pcap_out_open(const char *path, uint8_t default_rate_500k,
				char *err, size_t errlen)
{
	struct pcap_out *out = calloc(1, sizeof(*out));

	if (!out || !(out->rec = malloc(POUT_HDR_MAX + FRAME_DATA_MAX))) {
		set_err(err, errlen, path, strerror(ENOMEM));
		free(out);
		return NULL;
	}
	out->dead = pcap_open_dead_with_tstamp_precision(
		DLT_IEEE802_11_RADIO, POUT_SNAPLEN, PCAP_TSTAMP_PRECISION_NANO);
	if (!out->dead) {
		set_err(err, errlen, path, "pcap_open_dead failed");
		goto fail;
	}
	out->dumper = pout_dump_open(out->dead, path, err, errlen);
	if (!out->dumper) {
		pcap_close(out->dead);
		goto fail;
	}
	out->port.ops = &pcap_out_ops;
	out->default_rate = default_rate_500k ? default_rate_500k : 2;
	return &out->port;
fail:
	free(out->rec);
	free(out);
	return NULL;
}
