/*
 * port_live_testutil.c - the live port tests' record builders (see
 * port_live_testutil.h). Test code only, one thread; owns nothing.
 * Records follow radiotap.org (header, FLAGS 0x10: FCS at end) and
 * IEEE 802.11-2020 9.3 (management, control and data frame formats).
 */
#include "port_live_testutil.h"

#include "check.h"
#include "rapd/bytes.h"
#include "rapd/ieee80211.h"

const uint8_t plt_bss[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x00};
const uint8_t plt_other[6] = {0x02, 0x00, 0x00, 0x00, 0x02, 0x00};
const uint8_t plt_sta[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const uint8_t plt_bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static const char *const hdr_hex[] = {
	/* FLAGS: FCS; 1 Mb/s; 2437 MHz, CCK 2 GHz; -60 dBm; pad */
	[PLT_HDR_RX] = "0000 1200 2e000000 10 02 8509 a000 c4 000000",
	/* + radiotap NS and EXT; word 2: DBM_ANTSIGNAL (a chain's) */
	[PLT_HDR_RX_EXT] = "0000 1400 2e0000a0 20000000 10 02 8509 a000 c4 c2",
	[PLT_HDR_BAD_FCS] = "0000 1200 2e000000 50 02 8509 a000 c4 000000",
	/* RATE 1 Mb/s, pad, TX_FLAGS, DATA_RETRIES */
	[PLT_HDR_ECHO] = "0000 0d00 04800200 02 00 0000 00",
	[PLT_HDR_ECHO_FAIL] = "0000 0d00 04800200 02 00 0100 00",
	/* rt_build_tx(): RATE 1 Mb/s, TX_FLAGS NOSEQNO */
	[PLT_HDR_INJECT] = "0000 0c00 04800000 02 00 1000",
};

static bool hdr_has_fcs(enum plt_hdr_kind kind)
{
	return kind == PLT_HDR_RX || kind == PLT_HDR_RX_EXT ||
	       kind == PLT_HDR_BAD_FCS;
}

static void rec_start(struct plt_rec *r, enum plt_hdr_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->mpdu_off = check_unhex_upto(hdr_hex[kind], r->b, 64);
	r->len = r->mpdu_off;
}

/* Ends r after the MPDU written up to p; p NULL is a failed builder. */
static void rec_end(struct plt_rec *r, enum plt_hdr_kind kind, const uint8_t *p)
{
	CHECK(p != NULL);
	if (!p)
		return;
	r->mpdu_len = (size_t)(p - (r->b + r->mpdu_off));
	r->len = r->mpdu_off + r->mpdu_len;
	if (hdr_has_fcs(kind)) {
		memcpy(r->b + r->len, "\x11\x22\x33\x44", 4); /* unchecked */
		r->len += 4;
	}
}

/* The filter reads no body, so six zeros do. */
void plt_rec_mgmt(struct plt_rec *r, enum plt_hdr_kind kind, uint8_t stype,
		  const uint8_t *da, const uint8_t *sa, const uint8_t *bssid)
{
	uint8_t *p, *end = r->b + sizeof(r->b) - 4;

	rec_start(r, kind);
	p = wlan_put_mgmt_hdr(r->b + r->len, end, stype, da, sa, bssid, 7);
	if (p) {
		memset(p, 0, 6);
		p += 6;
	}
	rec_end(r, kind, p);
}

void plt_rec_data(struct plt_rec *r, enum plt_hdr_kind kind, uint8_t ds,
		  const uint8_t *a1, const uint8_t *a2, const uint8_t *a3,
		  int tid, uint16_t ethertype)
{
	static const uint8_t snap[6] = {0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00};
	uint8_t *p, *end = r->b + sizeof(r->b) - 4;

	rec_start(r, kind);
	p = wlan_put_data_hdr(r->b + r->len, end, ds, a1, a2, a3, 9, tid);
	if (p) {
		memcpy(p, snap, sizeof(snap));
		put_be16(p + 6, ethertype);
		memset(p + 8, 0x5a, 16); /* an EAPOL-ish body */
		p += 24;
	}
	rec_end(r, kind, p);
}

void plt_rec_ctrl(struct plt_rec *r, uint8_t stype, const uint8_t *ra,
		  const uint8_t *ta)
{
	uint8_t *p;

	rec_start(r, PLT_HDR_RX);
	p = r->b + r->len;
	p[0] = (uint8_t)(stype << 4 | WLAN_FC_TYPE_CTRL << 2);
	p[1] = 0;
	put_le16(p + 2, 44);
	memcpy(p + 4, ra, 6);
	p += 10;
	if (ta) {
		memcpy(p, ta, 6);
		p += 6;
	}
	rec_end(r, PLT_HDR_RX, p);
}

struct port_live_params plt_params(const char *ifname)
{
	struct port_live_params lp;

	memset(&lp, 0, sizeof(lp));
	lp.ifname = ifname;
	memcpy(lp.bssid, plt_bss, 6);
	lp.freq_mhz = PLT_FREQ;
	return lp;
}
