/*
 * port_radio_pvt.h - do not include directly: private to the frame ports
 * that read radio captures (port_pcap_in.c, port_live.c), and to their
 * unit tests.
 *
 * Contract
 * - What: the decoding both the replay input and the live monitor port
 *   apply to one captured record: radiotap header parsed off (or a bare
 *   802.11 record taken as it is), FCS and DATAPAD padding removed, the
 *   frame size checked, and the radio fields and TX status flags of
 *   struct frame filled. Both ports thus hand out the very same frame for
 *   the very same bytes, which is what makes a replay equal to live.
 * - Pure code over caller buffers: no I/O, no allocation, no global
 *   state; safe from any thread. Input is untrusted: nothing outside
 *   data[0..caplen) is read.
 * - A struct port_radio_rec points into the caller's record and is valid
 *   while the record is.
 * - Verdicts reuse enum port_in_verdict (port.h): PORT_IN_OK, or the
 *   reason the record is skipped (RADIOTAP, TRUNCATED, BAD_FCS, RUNT,
 *   OVERSIZE). The caller counts it; none is fatal.
 */
#ifndef RAPD_PORT_RADIO_PVT_H
#define RAPD_PORT_RADIO_PVT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rapd/frame.h"
#include "rapd/port.h"
#include "rapd/radiotap.h"

/* How a record carries its 802.11 frame. */
enum port_radio_framing {
	PORT_RADIO_RADIOTAP, /* link type 127: radiotap header, MPDU */
	PORT_RADIO_BARE,     /* link type 105: the MPDU alone */
	PORT_RADIO_BARE_FCS, /* link type 105 announcing a 4-byte FCS */
};

/* Where the MPDU lies in a record and what the radio header said. */
struct port_radio_rec {
	const uint8_t *mpdu;
	size_t len;    /* MPDU bytes, FCS excluded, padding included */
	size_t pad_at; /* DATAPAD: offset of the pad octets in mpdu */
	size_t pad;    /* and how many */
	struct rt_info rt;
	bool has_rt;
};

/*
 * Locates the MPDU of one record: caplen bytes captured at data of a
 * packet wirelen bytes long on the air (caplen < wirelen: cut by the
 * snaplen). Fills r (r->rt is valid once the radiotap header parsed,
 * whatever the verdict after that) and returns PORT_IN_OK or the reason
 * the record is skipped.
 */
enum port_in_verdict port_radio_locate(const uint8_t *data, size_t caplen,
				       size_t wirelen,
				       enum port_radio_framing framing,
				       struct port_radio_rec *r);

/*
 * Copies the MPDU of a record port_radio_locate() accepted into f (pad
 * octets removed): f->data, f->len, f->flags, f->signal_dbm,
 * f->rate_500k, f->freq_mhz (each 0 when the header lacks the field).
 * TX_FLAGS present makes a TX status echo: FRAME_F_TX_STATUS, plus
 * FRAME_F_ACKED when TX_FAIL is clear and FRAME_F_NOACK when NOACK is
 * set. ts_ns and order are the caller's.
 */
void port_radio_to_frame(const struct port_radio_rec *r, struct frame *f);

/*
 * True when a radiotap header is rapd's own injection header
 * (rt_build_tx(): TX_FLAGS with NOSEQNO, no DATA_RETRIES) rather than a
 * TX status report: mac80211 reports the status of a sent frame with
 * TX_FLAGS and DATA_RETRIES and never sets NOSEQNO in it. A live port
 * that cannot restrict its capture to incoming packets uses this to
 * drop the outgoing copy of each frame it injected.
 */
bool port_radio_is_injection_hdr(const struct rt_info *rt);

#endif
