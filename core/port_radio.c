/*
 * port_radio.c - the decoding every radio capture port shares: one
 * captured record (radiotap + 802.11, or bare 802.11) turned into a
 * struct frame, so the replay input (port_pcap_in.c) and the live
 * monitor port (port_live.c) hand out the same frame for the same bytes.
 *
 * Pure functions over the caller's record, called by the RX thread of
 * whichever port owns the record; they own nothing and keep no state.
 * Formats: radiotap.org (header, FLAGS, TX_FLAGS), IEEE 802.11-2020
 * 9.2.3 (MAC frame format: the header whose length places DATAPAD's pad
 * octets) and 9.2.4.8 (the FCS, stripped here). rt_parse() does the
 * radiotap walk; this file only applies what it found.
 *
 * Byte layout of a record:
 *   radiotap (link type 127):
 *     | radiotap header, it_len bytes | MAC header | [pad] | body | [FCS] |
 *     FLAGS 0x10 (FCS): the last 4 bytes are the FCS; FLAGS 0x40
 *     (BADFCS): the frame failed its FCS check; FLAGS 0x20 (DATAPAD):
 *     0..3 pad octets after the MAC header up to a 4-byte boundary.
 *     TX_FLAGS present: the record is a TX status report of a sent frame
 *     (TX_FAIL 0x0001: not ACKed; NOACK 0x0008: no ACK was asked).
 *   bare (link type 105): | MAC header | body | [FCS when announced] |
 * A record whose snaplen cut it (caplen < len on the wire) is skipped:
 * its tail and FCS are missing and the AP would act on a frame it does
 * not have.
 */
#include "port_radio_pvt.h"

#include <string.h>

#include "rapd/ieee80211.h"

#define FCS_LEN 4
#define MIN_FRAME_LEN WLAN_HDR_LEN_CTRL_RA

/*
 * DATAPAD: the pad after the MAC header up to a 4-byte boundary. Frames
 * too short for their own header are left alone (RUNT or the 802.11
 * parser will refuse them).
 */
static void find_pad(struct port_radio_rec *r)
{
	struct wlan_hdr hdr;
	size_t pad;

	if (wlan_parse_hdr(r->mpdu, r->len, &hdr) != WLAN_HDR_OK)
		return;
	pad = (4 - hdr.hdr_len % 4) % 4;
	if (pad && r->len >= hdr.hdr_len + pad) {
		r->pad_at = hdr.hdr_len;
		r->pad = pad;
	}
}

static enum port_in_verdict locate_radiotap(const uint8_t *data, size_t caplen,
					    size_t wirelen,
					    struct port_radio_rec *r)
{
	enum rt_verdict v = rt_parse(data, caplen, &r->rt);

	if (v != RT_OK) {
		/* A header cut by the snaplen is a truncated record. */
		if (caplen < wirelen &&
		    (v == RT_ERR_SHORT_BUFFER || v == RT_ERR_LEN_PAST_BUFFER))
			return PORT_IN_TRUNCATED;
		return PORT_IN_RADIOTAP;
	}
	r->has_rt = true;
	if (caplen < wirelen)
		return PORT_IN_TRUNCATED;
	if (r->rt.flags & RT_FLAG_BADFCS)
		return PORT_IN_BAD_FCS;
	r->mpdu = data + r->rt.len;
	r->len = caplen - r->rt.len;
	if (r->rt.fcs_at_end) {
		if (r->len < FCS_LEN)
			return PORT_IN_RUNT;
		r->len -= FCS_LEN;
	}
	if (r->rt.flags & RT_FLAG_DATAPAD)
		find_pad(r);
	return PORT_IN_OK;
}

static enum port_in_verdict locate_bare(const uint8_t *data, size_t caplen,
					size_t wirelen, bool fcs,
					struct port_radio_rec *r)
{
	if (caplen < wirelen)
		return PORT_IN_TRUNCATED;
	r->mpdu = data;
	r->len = caplen;
	if (fcs) {
		if (r->len < FCS_LEN)
			return PORT_IN_RUNT;
		r->len -= FCS_LEN;
	}
	return PORT_IN_OK;
}

enum port_in_verdict port_radio_locate(const uint8_t *data, size_t caplen,
				       size_t wirelen,
				       enum port_radio_framing framing,
				       struct port_radio_rec *r)
{
	enum port_in_verdict v = PORT_IN_RADIOTAP;

	memset(r, 0, sizeof(*r));
	switch (framing) {
	case PORT_RADIO_RADIOTAP:
		v = locate_radiotap(data, caplen, wirelen, r);
		break;
	case PORT_RADIO_BARE:
		v = locate_bare(data, caplen, wirelen, false, r);
		break;
	case PORT_RADIO_BARE_FCS:
		v = locate_bare(data, caplen, wirelen, true, r);
		break;
	}
	if (v != PORT_IN_OK)
		return v;
	if (r->len - r->pad < MIN_FRAME_LEN)
		return PORT_IN_RUNT;
	if (r->len - r->pad > FRAME_DATA_MAX)
		return PORT_IN_OVERSIZE;
	return PORT_IN_OK;
}

/* The radio fields and flags of f from the radiotap header, if any. */
static void fill_radio(const struct port_radio_rec *r, struct frame *f)
{
	const struct rt_info *rt = &r->rt;

	f->flags = 0;
	f->signal_dbm = 0;
	f->rate_500k = 0;
	f->freq_mhz = 0;
	if (!r->has_rt)
		return;
	if (rt->has & RT_HAS(RT_FIELD_DBM_ANTSIGNAL))
		f->signal_dbm = rt->dbm_signal;
	if (rt->has & RT_HAS(RT_FIELD_RATE))
		f->rate_500k = rt->rate;
	if (rt->has & RT_HAS(RT_FIELD_CHANNEL))
		f->freq_mhz = rt->chan_freq;
	if (rt->has & RT_HAS(RT_FIELD_TX_FLAGS)) {
		f->flags |= FRAME_F_TX_STATUS;
		if (!(rt->tx_flags & RT_TX_FAIL))
			f->flags |= FRAME_F_ACKED;
		if (rt->tx_flags & RT_TX_NOACK)
			f->flags |= FRAME_F_NOACK;
	}
}

void port_radio_to_frame(const struct port_radio_rec *r, struct frame *f)
{
	f->len = (uint32_t)(r->len - r->pad);
	if (r->pad) {
		memcpy(f->data, r->mpdu, r->pad_at);
		memcpy(f->data + r->pad_at, r->mpdu + r->pad_at + r->pad,
		       r->len - r->pad_at - r->pad);
	} else {
		memcpy(f->data, r->mpdu, r->len);
	}
	fill_radio(r, f);
}

bool port_radio_is_injection_hdr(const struct rt_info *rt)
{
	return (rt->has & RT_HAS(RT_FIELD_TX_FLAGS)) &&
	       (rt->tx_flags & RT_TX_NOSEQNO) &&
	       !(rt->has & RT_HAS(RT_FIELD_DATA_RETRIES));
}
