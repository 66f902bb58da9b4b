/*
 * port_live_testutil.h - what the live monitor port's tests
 * (test_port_live.c: filter and refusals; test_port_live_tun.c: the port
 * on a TUN device) share: the addresses of a made-up BSS, the radiotap
 * headers receivers and mac80211 write, and builders of captured records
 * (radiotap header, 802.11 frame, FCS when the header announces one).
 *
 * The builders fill a caller-owned struct plt_rec and CHECK that the frame
 * fit; they keep no state and no pointer. Single-threaded test code.
 */
#ifndef RAPD_TEST_PORT_LIVE_TESTUTIL_H
#define RAPD_TEST_PORT_LIVE_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "rapd/port.h"

#define PLT_FREQ 2437 /* MHz: the port's channel, as the headers say */

extern const uint8_t plt_bss[6];   /* the AP under test */
extern const uint8_t plt_other[6]; /* another network's AP */
extern const uint8_t plt_sta[6];   /* a station */
extern const uint8_t plt_bcast[6];

/* Radiotap headers, as receivers and mac80211 write them. */
enum plt_hdr_kind {
	PLT_HDR_RX,	   /* FLAGS (FCS at end), RATE, CHANNEL, SIGNAL */
	PLT_HDR_RX_EXT,	   /* the same with a second presence word */
	PLT_HDR_BAD_FCS,   /* PLT_HDR_RX with FLAGS BADFCS */
	PLT_HDR_ECHO,	   /* mac80211 TX status: RATE, TX_FLAGS, RETRIES */
	PLT_HDR_ECHO_FAIL, /* the same with TX_FAIL: not ACKed */
	PLT_HDR_INJECT,	   /* rapd's own injection header */
};

/* A captured record: radiotap header, 802.11 frame, FCS when announced. */
struct plt_rec {
	uint8_t b[512];
	size_t len;
	size_t mpdu_off, mpdu_len; /* the 802.11 frame within b */
};

/* A management frame of subtype stype with a six-zero body. */
void plt_rec_mgmt(struct plt_rec *r, enum plt_hdr_kind kind, uint8_t stype,
		  const uint8_t *da, const uint8_t *sa, const uint8_t *bssid);

/* A data frame (ds: WLAN_FC_TODS or FROMDS; tid < 0: not QoS) carrying
 * an LLC/SNAP header of ethertype and 16 bytes of body. */
void plt_rec_data(struct plt_rec *r, enum plt_hdr_kind kind, uint8_t ds,
		  const uint8_t *a1, const uint8_t *a2, const uint8_t *a3,
		  int tid, uint16_t ethertype);

/* A control frame behind PLT_HDR_RX: ra only (ACK, CTS) or ra and ta
 * (RTS). */
void plt_rec_ctrl(struct plt_rec *r, uint8_t stype, const uint8_t *ra,
		  const uint8_t *ta);

/* Open parameters for ifname: plt_bss on PLT_FREQ, all else zero. */
struct port_live_params plt_params(const char *ifname);

#endif
