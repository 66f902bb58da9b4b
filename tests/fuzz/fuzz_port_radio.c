/*
 * fuzz_port_radio.c - libFuzzer target for the decoding both radio capture
 * ports share (core/port_radio.c): port_radio_locate() then, for a record
 * it accepts, port_radio_to_frame(), as port_pcap_in.c and port_live.c
 * call them on each record libpcap hands out.
 *
 * Input: one selector byte, then the captured record.
 *   bits 0-1  framing, as the capture's link type sets it: 0 and 3
 *             radiotap (127), 1 bare 802.11 (105), 2 bare 802.11 with
 *             an FCS announced in the link type word
 *   bits 2-3  the length on the air against the captured one: 0 and 3
 *             equal (a whole record), 1 longer (cut by the snaplen), 2
 *             shorter (a corrupt record header; libpcap does not check)
 *   bits 4-7  by how much: 1 to 16 bytes
 * mkseeds' "radio" mode writes seeds in this form (selector 0 before a
 * radiotap capture's record, 1 before a bare 802.11 one).
 *
 * The record is the tail of libFuzzer's own buffer and the frame is
 * allocated alone, so a read past the record or a write past the frame is
 * an overflow ASan reports. Beyond the sanitizers, an accepted record must
 * lie inside the captured bytes with its pad inside the MPDU and a frame
 * length within [10, FRAME_DATA_MAX]; the frame must be the MPDU without
 * its pad; the radio fields and TX status flags must agree with the
 * header. A broken promise aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/port_radio_pvt.h"
#include "rapd/ieee80211.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum wire_mode { WIRE_EQUAL, WIRE_LONGER, WIRE_SHORTER };

static enum port_radio_framing framing_of(uint8_t sel)
{
	switch (sel & 3) {
	case 1:
		return PORT_RADIO_BARE;
	case 2:
		return PORT_RADIO_BARE_FCS;
	default:
		return PORT_RADIO_RADIOTAP;
	}
}

static size_t wirelen_of(uint8_t sel, size_t caplen)
{
	size_t by = (size_t)(sel >> 4) + 1;

	switch ((sel >> 2) & 3) {
	case WIRE_LONGER:
		return caplen + by;
	case WIRE_SHORTER:
		return caplen > by ? caplen - by : 0;
	default:
		return caplen;
	}
}

/* Where an accepted record's MPDU and pad lie, and its frame length. */
static void check_located(const struct port_radio_rec *r, const uint8_t *rec,
			  size_t caplen, enum port_radio_framing framing)
{
	if (r->mpdu < rec || r->len > caplen ||
	    (size_t)(r->mpdu - rec) > caplen - r->len)
		abort();
	if (r->has_rt != (framing == PORT_RADIO_RADIOTAP))
		abort();
	if (r->has_rt && r->mpdu != rec + r->rt.len)
		abort();
	if (!r->has_rt && r->mpdu != rec)
		abort();
	if (r->pad > 3 || (r->pad && r->pad_at + r->pad > r->len))
		abort();
	if (r->pad && !(r->rt.flags & RT_FLAG_DATAPAD))
		abort();
	if (r->len - r->pad < WLAN_HDR_LEN_CTRL_RA ||
	    r->len - r->pad > FRAME_DATA_MAX)
		abort();
}

/* The frame's bytes: the MPDU with the pad octets taken out. */
static void check_bytes(const struct port_radio_rec *r, const struct frame *f)
{
	size_t tail = r->len - r->pad_at - r->pad;

	if (f->len != r->len - r->pad)
		abort();
	if (!r->pad) {
		if (memcmp(f->data, r->mpdu, r->len) != 0)
			abort();
		return;
	}
	if (memcmp(f->data, r->mpdu, r->pad_at) != 0 ||
	    memcmp(f->data + r->pad_at, r->mpdu + r->pad_at + r->pad, tail))
		abort();
}

static bool has_field(const struct port_radio_rec *r, enum rt_field field)
{
	return r->has_rt && (r->rt.has & RT_HAS(field));
}

/* The radio fields and flags: zero without a header, else the header's. */
static void check_radio(const struct port_radio_rec *r, const struct frame *f)
{
	const struct rt_info *rt = &r->rt;
	bool tx = has_field(r, RT_FIELD_TX_FLAGS);
	uint16_t want = 0;

	if (tx) {
		want = FRAME_F_TX_STATUS;
		if (!(rt->tx_flags & RT_TX_FAIL))
			want |= FRAME_F_ACKED;
		if (rt->tx_flags & RT_TX_NOACK)
			want |= FRAME_F_NOACK;
	}
	if (f->flags != want)
		abort();
	if ((!has_field(r, RT_FIELD_DBM_ANTSIGNAL) && f->signal_dbm) ||
	    (!has_field(r, RT_FIELD_RATE) && f->rate_500k) ||
	    (!has_field(r, RT_FIELD_CHANNEL) && f->freq_mhz))
		abort();
	if (r->has_rt && port_radio_is_injection_hdr(rt) && !tx)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum port_radio_framing framing;
	struct port_radio_rec r;
	enum port_in_verdict v;
	const uint8_t *rec;
	struct frame *f;
	size_t caplen;

	if (size < 1)
		return 0;
	framing = framing_of(data[0]);
	rec = data + 1;
	caplen = size - 1;
	v = port_radio_locate(rec, caplen, wirelen_of(data[0], caplen), framing,
			      &r);
	if (v >= PORT_IN_VERDICTS || v == PORT_IN_TIMESTAMP)
		abort();
	if (v != PORT_IN_OK)
		return 0;
	check_located(&r, rec, caplen, framing);
	f = malloc(sizeof(*f));
	if (!f)
		return 0;
	/* What recv gets: a pool frame holding an older frame's bytes. */
	memset(f, 0xa5, sizeof(*f));
	port_radio_to_frame(&r, f);
	check_bytes(&r, f);
	check_radio(&r, f);
	free(f);
	return 0;
}
