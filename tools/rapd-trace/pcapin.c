/*
 * pcapin.c - rapd-trace's capture reader: pcap/pcapng records to 802.11.
 *
 * Called by dump.c and handshake.c (single thread). Owns the pcap_t of an
 * open capture; libpcap reads both pcap and pcapng. Each record is handed
 * on as a struct rtrace_frame: the radio header decoded and the MPDU
 * located, the FCS stripped when the link layer says one is there. The
 * radiotap header is decoded by rapd's own rt_parse(); Prism and AVS are
 * decoded here because rapd itself never meets them.
 *
 * Link types and their headers (all values as in the capture):
 *
 *   105  bare 802.11 MPDU. The pcap file header's link type word may carry
 *        the FCS length (bit 26 "FCS length present", bits 28-31 the length
 *        in 16-bit units): 2 means each frame ends in a 4-byte FCS.
 *   127  radiotap header, it_len bytes, then the MPDU (FCS at the end when
 *        the Flags field has 0x10).
 *   119  either a Prism header or an AVS header, told apart by the first
 *        word, then the MPDU:
 *
 *   Prism (wlan-ng "sniff frame" message), 144 bytes, host byte order of
 *   the capturing machine, recognised by msgcode 0x44 or 0x41 read in
 *   either order:
 *     0  msgcode u32 | 4 msglen u32 | 8 devname[16]
 *    24  ten items of 12 bytes: did u32, status u16 (0 = supplied),
 *        len u16, data u32. DIDs 0x000N0044 (msgcode 0x44 captures) or
 *        0x0000N041 (msgcode 0x41), N: 1 hosttime, 2 mactime, 3 channel
 *        number, 4 rssi, 5 sq, 6 signal, 7 noise, 8 rate (500 kb/s units),
 *        9 istx, A frmlen.
 *   As Wireshark does, the MPDU starts at 144 whatever msglen says, the
 *   rssi item is taken as the signal in dBm, and a record whose first word
 *   is no Prism msgcode is read as a bare MPDU.
 *
 *   AVS (wlan-ng capture header v1/v2), big-endian, first word 0x80211001
 *   or 0x80211002:
 *     0 version | 4 length (header bytes, >= 64) | 8 mactime u64
 *    16 hosttime u64 | 24 phytype | 28 channel number | 32 data rate in
 *       100 kb/s | 36 antenna | 40 priority | 44 ssi_type (2 = dBm)
 *    48 ssi_signal s32 | 52 ssi_noise s32 | 56 preamble | 60 encoding
 */
#include "trace.h"

#include <rapd/bytes.h>
#include <rapd/radiotap.h>

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#define PRISM_HDR_LEN 144
#define PRISM_ITEMS_OFF 24
#define PRISM_ITEM_LEN 12
#define AVS_MIN_LEN 64
#define AVS_SSI_DBM 2
#define FCS_LEN 4
/* The radiotap MCS field (radiotap.org, field 19): known, flags, index. */
#define HT_MCS_KNOWN_BW 0x01
#define HT_MCS_KNOWN_INDEX 0x02
#define HT_MCS_KNOWN_GI 0x04
#define HT_MCS_BW_MASK 0x03
#define HT_MCS_BW_40 1
#define HT_MCS_SGI 0x04
/* pcap link type word: bit 26 = FCS length present, bits 28-31 = length
 * in 16-bit words. */
#define LT_FCS_PRESENT 0x04000000u
#define LT_FCS_WORDS(x) (((unsigned)(x) >> 28) & 0xf)

struct rtrace_in {
	pcap_t *pcap;
	int dlt;
	bool dlt_fcs;
	unsigned long count;
};

enum prism_item {
	PRISM_ITEM_OTHER,
	PRISM_ITEM_CHANNEL,
	PRISM_ITEM_RSSI,
	PRISM_ITEM_RATE,
};

/* Channel number to centre frequency, as 802.11 numbers 2.4 and 5 GHz
 * channels (Annex E): what Prism and AVS headers carry instead of MHz. */
static bool chan_to_mhz(uint32_t chan, unsigned *mhz)
{
	if (chan >= 1 && chan <= 13)
		*mhz = 2407 + 5 * chan;
	else if (chan == 14)
		*mhz = 2484;
	else if (chan >= 32 && chan <= 196)
		*mhz = 5000 + 5 * chan;
	else
		return false;
	return true;
}

static enum prism_item prism_item_of(uint32_t did)
{
	switch (did) {
	case 0x00030044:
	case 0x00003041:
		return PRISM_ITEM_CHANNEL;
	case 0x00040044:
	case 0x00004041:
		return PRISM_ITEM_RSSI;
	case 0x00080044:
	case 0x00008041:
		return PRISM_ITEM_RATE;
	}
	return PRISM_ITEM_OTHER;
}

static uint32_t get32(const uint8_t *p, bool le)
{
	return le ? get_le32(p) : get_be32(p);
}

static uint16_t get16(const uint8_t *p, bool le)
{
	return le ? get_le16(p) : get_be16(p);
}

static void prism_item(struct rtrace_frame *f, const uint8_t *item, bool le)
{
	uint32_t v = get32(item + 8, le);

	if (get16(item + 4, le) != 0) /* status: not supplied */
		return;
	switch (prism_item_of(get32(item, le))) {
	case PRISM_ITEM_CHANNEL:
		f->has_freq = chan_to_mhz(v, &f->freq_mhz);
		break;
	case PRISM_ITEM_RSSI:
		f->has_signal = true;
		f->signal_dbm = (int32_t)v;
		break;
	case PRISM_ITEM_RATE:
		f->has_rate = v != 0;
		f->rate_100k = v * 5;
		break;
	case PRISM_ITEM_OTHER:
		break;
	}
}

static void decode_prism(struct rtrace_frame *f)
{
	const uint8_t *p = f->data;
	bool le;

	if (f->caplen >= 4 && (get_be32(p) == 0x44 || get_be32(p) == 0x41)) {
		le = false;
	} else if (f->caplen >= 4 &&
		   (get_le32(p) == 0x44 || get_le32(p) == 0x41)) {
		le = true;
	} else {
		/* No Prism header on this record: a bare MPDU. */
		f->mpdu = p;
		f->mpdu_len = f->caplen;
		return;
	}
	f->has_radio_len = true;
	f->radio_len = PRISM_HDR_LEN;
	if (f->caplen < PRISM_HDR_LEN) {
		f->malformed = "prism header truncated";
		return;
	}
	for (size_t off = PRISM_ITEMS_OFF;
	     off + PRISM_ITEM_LEN <= PRISM_HDR_LEN; off += PRISM_ITEM_LEN)
		prism_item(f, p + off, le);
	f->mpdu = p + PRISM_HDR_LEN;
	f->mpdu_len = f->caplen - PRISM_HDR_LEN;
}

static void decode_avs(struct rtrace_frame *f)
{
	const uint8_t *p = f->data;
	uint32_t len;

	f->has_radio_len = true;
	if (f->caplen < 8) {
		f->radio_len = AVS_MIN_LEN;
		f->malformed = "avs header truncated";
		return;
	}
	len = get_be32(p + 4);
	f->radio_len = len;
	if (len < AVS_MIN_LEN || len > f->caplen) {
		f->malformed = "avs header length";
		return;
	}
	f->has_freq = chan_to_mhz(get_be32(p + 28), &f->freq_mhz);
	f->rate_100k = get_be32(p + 32);
	f->has_rate = f->rate_100k != 0;
	if (get_be32(p + 44) == AVS_SSI_DBM) {
		f->has_signal = true;
		f->signal_dbm = (int32_t)get_be32(p + 48);
	}
	f->mpdu = p + len;
	f->mpdu_len = f->caplen - len;
}

/* HT data rate from the MCS field (802.11-2020 19.5, Tables 19-27..):
 * data bits per OFDM symbol for one spatial stream of MCS 0-7, at 20 and
 * 40 MHz; a symbol lasts 4 us, or 3.6 us with the short guard interval. */
static bool ht_rate_100k(const struct rt_info *rt, unsigned *rate)
{
	static const uint16_t ndbps[2][8] = {
		{26, 52, 78, 104, 156, 208, 234, 260},
		{54, 108, 162, 216, 324, 432, 486, 540},
	};
	unsigned nss = rt->mcs_index / 8 + 1u, bits;
	bool bw40, sgi;

	if (!(rt->mcs_known & HT_MCS_KNOWN_INDEX) || rt->mcs_index > 31)
		return false;
	bw40 = (rt->mcs_known & HT_MCS_KNOWN_BW) &&
	       (rt->mcs_flags & HT_MCS_BW_MASK) == HT_MCS_BW_40;
	sgi = (rt->mcs_known & HT_MCS_KNOWN_GI) && (rt->mcs_flags & HT_MCS_SGI);
	bits = ndbps[bw40][rt->mcs_index % 8] * nss;
	*rate = sgi ? bits * 100 / 36 : bits * 10 / 4;
	return true;
}

static void decode_radiotap(struct rtrace_frame *f)
{
	struct rt_info rt;
	enum rt_verdict v = rt_parse(f->data, f->caplen, &rt);

	if (f->caplen >= 4) {
		/* Shown even when the header is refused, as tshark does. */
		f->has_radio_len = true;
		f->radio_len = get_le16(f->data + 2);
	}
	if (v != RT_OK) {
		f->malformed = rt_verdict_str(v);
		return;
	}
	f->radio_len = rt.len;
	f->has_freq = rt.has & RT_HAS(RT_FIELD_CHANNEL);
	f->freq_mhz = rt.chan_freq;
	f->has_signal = rt.has & RT_HAS(RT_FIELD_DBM_ANTSIGNAL);
	f->signal_dbm = rt.dbm_signal;
	f->has_fcs_flag = rt.has & RT_HAS(RT_FIELD_FLAGS);
	f->fcs = rt.fcs_at_end;
	f->datapad =
		rt.has & RT_HAS(RT_FIELD_FLAGS) && (rt.flags & RT_FLAG_DATAPAD);
	if (rt.has & RT_HAS(RT_FIELD_RATE)) {
		f->has_rate = true;
		f->rate_100k = rt.rate * 5u;
	} else if (rt.has & RT_HAS(RT_FIELD_MCS)) {
		f->has_rate = ht_rate_100k(&rt, &f->rate_100k);
	}
	f->mpdu = f->data + rt.len;
	f->mpdu_len = f->caplen - rt.len;
}

static bool is_avs(const struct rtrace_frame *f)
{
	return f->caplen >= 4 && (get_be32(f->data) == 0x80211001 ||
				  get_be32(f->data) == 0x80211002);
}

static void strip_fcs(struct rtrace_frame *f)
{
	if (!f->mpdu)
		return;
	if (f->mpdu_len < FCS_LEN) {
		f->malformed = "frame shorter than its FCS";
		f->mpdu = NULL;
		return;
	}
	f->mpdu_len -= FCS_LEN;
}

void rtrace_decode_link(struct rtrace_frame *f, bool dlt_fcs)
{
	f->mpdu = NULL;
	f->mpdu_len = 0;
	f->malformed = NULL;
	f->has_radio_len = f->has_freq = f->has_rate = false;
	f->has_signal = f->has_fcs_flag = f->fcs = f->datapad = false;
	switch (f->dlt) {
	case RTRACE_DLT_IEEE802_11:
		f->mpdu = f->data;
		f->mpdu_len = f->caplen;
		f->has_fcs_flag = dlt_fcs;
		f->fcs = dlt_fcs;
		break;
	case RTRACE_DLT_RADIOTAP:
		decode_radiotap(f);
		break;
	case RTRACE_DLT_PRISM:
		if (is_avs(f))
			decode_avs(f);
		else
			decode_prism(f);
		break;
	}
	if (f->fcs)
		strip_fcs(f);
}

struct rtrace_in *rtrace_open(const char *path, char *err, size_t err_len)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct rtrace_in *in;
	pcap_t *pcap;
	int dlt, ext;

	pcap = pcap_open_offline(path, perr);
	if (!pcap) {
		snprintf(err, err_len, "%s", perr);
		return NULL;
	}
	dlt = pcap_datalink(pcap);
	if (dlt != RTRACE_DLT_IEEE802_11 && dlt != RTRACE_DLT_RADIOTAP &&
	    dlt != RTRACE_DLT_PRISM) {
		snprintf(
			err, err_len,
			"%s: link type %d not supported (need 105, 119 or 127)",
			path, dlt);
		pcap_close(pcap);
		return NULL;
	}
	in = calloc(1, sizeof(*in));
	if (!in) {
		snprintf(err, err_len, "out of memory");
		pcap_close(pcap);
		return NULL;
	}
	ext = pcap_datalink_ext(pcap);
	in->pcap = pcap;
	in->dlt = dlt;
	in->dlt_fcs = dlt == RTRACE_DLT_IEEE802_11 && (ext & LT_FCS_PRESENT) &&
		      LT_FCS_WORDS(ext) == 2;
	return in;
}

int rtrace_next(struct rtrace_in *in, struct rtrace_frame *f, char *err,
		size_t err_len)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r = pcap_next_ex(in->pcap, &h, &data);

	if (r == PCAP_ERROR_BREAK)
		return 0;
	if (r != 1) {
		snprintf(err, err_len, "%s", pcap_geterr(in->pcap));
		return -1;
	}
	memset(f, 0, sizeof(*f));
	f->index = ++in->count;
	f->ts_sec = (long long)h->ts.tv_sec;
	f->ts_usec = (unsigned)h->ts.tv_usec;
	f->dlt = in->dlt;
	f->data = data;
	f->caplen = h->caplen;
	f->wirelen = h->len;
	rtrace_decode_link(f, in->dlt_fcs);
	return 1;
}

int rtrace_dlt(const struct rtrace_in *in)
{
	return in->dlt;
}

void rtrace_close(struct rtrace_in *in)
{
	if (!in)
		return;
	pcap_close(in->pcap);
	free(in);
}
