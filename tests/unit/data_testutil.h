/*
 * data_testutil.h - what the data-plane tests (test_data_tx.c,
 * test_data_rx.c) share: a station's and the AP's addresses and keys, a
 * station ready for data, frames as a station sends them (To DS, under
 * its TK), and the reflection of an AP frame back To DS, which makes a
 * round trip: what the AP sends is decrypted as the station would and
 * its MSDU sent back, so data_rx() must return the Ethernet frame sent,
 * DA and SA swapped. Test code only; linked into every unit test program.
 */
#ifndef RAPD_DATA_TESTUTIL_H
#define RAPD_DATA_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/crypto.h>
#include <rapd/data.h>

#define DT_BUF 2600

extern struct crypto_ws *dt_ws; /* set up by each test's main() */
extern const uint8_t dt_bssid[6], dt_sta_mac[6], dt_host[6];
extern const uint8_t dt_tk[16], dt_gtk[16];
extern const uint8_t dt_bcast[6], dt_v6_mcast[6];
extern const uint8_t dt_ip4[20]; /* an IPv4 header */

/* A station of an RSN BSS after its 4-way handshake. */
void dt_sta_ready(struct data_sta *s, bool wmm);
/* An Ethernet frame: da, sa, type (or 802.3 length), payload. */
size_t dt_eth_frame(uint8_t *buf, const uint8_t *da, const uint8_t *sa,
		    uint16_t type, const uint8_t *payload, size_t n);
/* A frame from the station: To DS, A1 = BSSID, A2 = station, A3 = da;
 * QoS with tid unless tid < 0; CCMP under key with pn unless key is NULL. */
size_t dt_sta_frame(uint8_t *out, const uint8_t *da, uint16_t seq, int tid,
		    const uint8_t *body, size_t n, const uint8_t *key,
		    uint64_t pn);
/* LLC/SNAP (RFC 1042) + type + payload. */
size_t dt_snap_body(uint8_t *buf, uint16_t type, const uint8_t *payload,
		    size_t n);
/* An IPv4 packet from the station to the host, under key unless NULL. */
size_t dt_sta_ip4(uint8_t *f, uint16_t seq, int tid, const uint8_t *key,
		  uint64_t pn);
/* The MSDU of an AP frame sent back by the station under its TK, to da,
 * or to the AP frame's SA when da is NULL. */
size_t dt_reflect(const uint8_t *mpdu, size_t len, const uint8_t *key,
		  const uint8_t *da, uint64_t pn, uint8_t *out);

#endif
