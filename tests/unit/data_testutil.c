/*
 * data_testutil.c - see data_testutil.h.
 */
#include "data_testutil.h"

#include <rapd/bytes.h>
#include <rapd/ieee80211.h>

#include "check.h"
#include "wlan_testutil.h"

struct crypto_ws *dt_ws;

const uint8_t dt_bssid[6] = {0x02, 0, 0, 0, 0, 0x01};
const uint8_t dt_sta_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
const uint8_t dt_host[6] = {0x02, 0, 0, 0, 0, 0x03};
const uint8_t dt_tk[16] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
			   0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
const uint8_t dt_gtk[16] = {0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
			    0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f};
const uint8_t dt_bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const uint8_t dt_v6_mcast[6] = {0x33, 0x33, 0, 0, 0, 0x01};
const uint8_t dt_ip4[20] = {0x45, 0, 0, 20, 0, 0, 0x40, 0, 64, 17};

/* A station of an RSN BSS after its 4-way handshake. */
void dt_sta_ready(struct data_sta *s, bool wmm)
{
	data_sta_init(s, dt_sta_mac, true, wmm);
	CHECK_EQ_INT(data_sta_set_tk(s, dt_tk), DATA_KEY_INSTALLED);
	s->authorized = true;
}

/* An Ethernet frame: da, sa, type (or 802.3 length), payload. */
size_t dt_eth_frame(uint8_t *buf, const uint8_t *da, const uint8_t *sa,
		    uint16_t type, const uint8_t *payload, size_t n)
{
	memcpy(buf, da, 6);
	memcpy(buf + 6, sa, 6);
	put_be16(buf + 12, type);
	memcpy(buf + 14, payload, n);
	return 14 + n;
}

/* A frame from the station: To DS, A1 = BSSID, A2 = station, A3 = da;
 * CCMP under key with pn unless key is NULL. */
size_t dt_sta_frame(uint8_t *out, const uint8_t *da, uint16_t seq, int tid,
		    const uint8_t *body, size_t n, const uint8_t *key,
		    uint64_t pn)
{
	uint8_t plain[DT_BUF], *p;
	size_t len, out_len = 0;

	p = wlan_put_data_hdr(plain, plain + sizeof(plain), WLAN_FC_TODS,
			      dt_bssid, dt_sta_mac, da, seq, tid);
	CHECK(p != NULL && n <= DT_BUF - 26);
	if (!p || n > DT_BUF - 26)
		return 0;
	if (n)
		memcpy(p, body, n);
	len = (size_t)(p - plain) + n;
	if (!key) {
		memcpy(out, plain, len);
		return len;
	}
	CHECK(crypto_ccmp_encrypt(dt_ws, key, pn, 0, plain, len, out,
				  &out_len) == 0);
	return out_len;
}

/* LLC/SNAP (RFC 1042) + type + payload. */
size_t dt_snap_body(uint8_t *buf, uint16_t type, const uint8_t *payload,
		    size_t n)
{
	static const uint8_t snap[6] = {0xaa, 0xaa, 0x03, 0, 0, 0};

	memcpy(buf, snap, 6);
	put_be16(buf + 6, type);
	memcpy(buf + 8, payload, n);
	return 8 + n;
}

/* An IPv4 packet from the station to the dt_host, under key unless NULL. */
size_t dt_sta_ip4(uint8_t *f, uint16_t seq, int tid, const uint8_t *key,
		  uint64_t pn)
{
	uint8_t body[64];
	size_t bn = dt_snap_body(body, 0x0800, dt_ip4, sizeof(dt_ip4));

	return dt_sta_frame(f, dt_host, seq, tid, body, bn, key, pn);
}

/* The MSDU of an AP frame sent back by the station (see the top), to da,
 * or to the AP frame's SA when da is NULL. */
size_t dt_reflect(const uint8_t *mpdu, size_t len, const uint8_t *key,
		  const uint8_t *da, uint64_t pn, uint8_t *out)
{
	uint8_t plain[DT_BUF];
	struct wlan_hdr h;
	size_t plen = len;
	uint64_t rx_pn;

	memcpy(plain, mpdu, len);
	if (mpdu[1] & WLAN_FC_PROTECTED)
		CHECK(crypto_ccmp_decrypt(dt_ws, key, mpdu, len, plain, &plen,
					  &rx_pn) == 0);
	h = wt_parse_ok(plain, plen);
	CHECK_EQ_INT(h.flags & (WLAN_FC_TODS | WLAN_FC_FROMDS), WLAN_FC_FROMDS);
	return dt_sta_frame(out, da ? da : h.addr3, h.seq,
			    h.has_qos ? h.qos_ctl & 15 : -1, h.body, h.body_len,
			    dt_tk, pn);
}
