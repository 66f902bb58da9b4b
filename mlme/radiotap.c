/*
 * radiotap.c - rt_parse(), what the RX path reads from a radiotap header,
 * and rt_build_tx(), the header the TX thread puts before injected frames.
 *
 * Pure code: rt_parse() runs on the RX thread (and in rapd-trace, tests),
 * rt_build_tx() on the TX thread; both work on caller buffers only and
 * own nothing. Field meanings follow radiotap.org (FLAGS, RATE, CHANNEL,
 * dBm Antenna Signal, Antenna, TX flags, data retries, MCS); the injection
 * header follows what mac80211's ieee80211_parse_tx_radiotap() reads
 * (shared/reference/interop.md section 6).
 *
 * Injection header layout (12 bytes, little-endian):
 *
 *   00 00 0c 00     version 0, pad, it_len 12
 *   04 80 00 00     present: RATE (bit 2) | TX_FLAGS (bit 15)
 *   02              8  RATE in 500 kb/s units (here 1 Mb/s)
 *   00              9  pad: TX_FLAGS is 2-aligned
 *   18 00           10 TX_FLAGS le16 (here NOACK | NOSEQNO)
 *
 * Only the first occurrence of a field in the radiotap namespace counts:
 * mac80211 repeats DBM_ANTSIGNAL and ANTENNA per receive chain in later
 * namespaces, after the combined value.
 */
#include "rapd/radiotap.h"

#include <string.h>

#include "rapd/bytes.h"

#define RT_PREAMBLE_LEN 8 /* version, pad, it_len, it_present[0] */

/* Copies one field the RX path uses into info; others are ignored. */
static void rt_info_take(struct rt_info *info, unsigned int index,
			 const uint8_t *d)
{
	switch (index) {
	case RT_FIELD_TSFT:
		info->tsft = get_le64(d);
		break;
	case RT_FIELD_FLAGS:
		info->flags = d[0];
		info->fcs_at_end = d[0] & RT_FLAG_FCS;
		break;
	case RT_FIELD_RATE:
		info->rate = d[0];
		break;
	case RT_FIELD_CHANNEL:
		info->chan_freq = get_le16(d);
		info->chan_flags = get_le16(d + 2);
		break;
	case RT_FIELD_DBM_ANTSIGNAL:
		info->dbm_signal = (int8_t)d[0];
		break;
	case RT_FIELD_ANTENNA:
		info->antenna = d[0];
		break;
	case RT_FIELD_TX_FLAGS:
		info->tx_flags = get_le16(d);
		break;
	case RT_FIELD_DATA_RETRIES:
		info->data_retries = d[0];
		break;
	case RT_FIELD_MCS:
		info->mcs_known = d[0];
		info->mcs_flags = d[1];
		info->mcs_index = d[2];
		break;
	default:
		return; /* a field rapd does not use */
	}
	info->has |= RT_HAS(index);
}

/*
 * The common header, walked without the iterator: one presence word with
 * only known radiotap fields (no extension, namespace switch or TLV bit),
 * every field inside it_len. Same result as the iterator's walk; false
 * (info partly written) for anything else, which the iterator then
 * decodes, errors included.
 */
static bool rt_parse_simple(const uint8_t *buf, size_t len,
			    struct rt_info *info)
{
	const uint32_t special = RT_HAS(RT_FIELD_TLV) |
				 RT_HAS(RT_BIT_RADIOTAP_NS) |
				 RT_HAS(RT_BIT_VENDOR_NS) | RT_HAS(RT_BIT_EXT);
	size_t it_len, pos = RT_PREAMBLE_LEN;
	uint32_t present;

	if (len < RT_PREAMBLE_LEN || buf[0] != 0)
		return false;
	it_len = get_le16(buf + 2);
	present = get_le32(buf + 4);
	if (it_len < RT_PREAMBLE_LEN || it_len > len || (present & special))
		return false;
	for (; present; present &= present - 1) {
		unsigned int index = (unsigned int)__builtin_ctz(present);
		const struct rt_field_spec *spec = rt_radiotap_field(index);

		if (!spec || (spec->align & (spec->align - 1)))
			return false; /* unknown size: the iterator stops */
		/* a power of two: a mask, not a division, per field */
		pos = (pos + spec->align - 1) & ~(size_t)(spec->align - 1);
		if (pos > it_len || spec->size > it_len - pos)
			return false;
		rt_info_take(info, index, buf + pos);
		pos += spec->size;
	}
	info->len = it_len;
	return true;
}

enum rt_verdict rt_parse(const uint8_t *buf, size_t len, struct rt_info *info)
{
	struct rt_iter it;
	enum rt_verdict v;
	int r;

	memset(info, 0, sizeof(*info));
	if (rt_parse_simple(buf, len, info))
		return RT_OK;
	memset(info, 0, sizeof(*info));
	v = rt_iter_init(&it, buf, len, NULL);
	if (v != RT_OK)
		return v;
	info->len = it.len;
	while ((r = rt_iter_next(&it)) > 0) {
		if (it.ns != RT_NS_RADIOTAP || it.index >= 32 ||
		    (info->has & RT_HAS(it.index)))
			continue;
		rt_info_take(info, it.index, it.data);
	}
	if (r < 0)
		return (enum rt_verdict)r;
	if (it.end == RT_END_UNKNOWN_FIELD) {
		info->stopped_unknown = true;
		info->unknown_index = it.index;
	}
	return RT_OK;
}

uint8_t *rt_build_tx(uint8_t *out, size_t cap, uint8_t rate_500kbps,
		     uint16_t tx_flags)
{
	if (cap < RT_TX_HDR_LEN)
		return NULL;
	out[0] = 0; /* version */
	out[1] = 0; /* pad */
	put_le16(out + 2, RT_TX_HDR_LEN);
	put_le32(out + 4, RT_HAS(RT_FIELD_RATE) | RT_HAS(RT_FIELD_TX_FLAGS));
	out[8] = rate_500kbps;
	out[9] = 0; /* aligns TX_FLAGS to 2 */
	put_le16(out + 10, tx_flags);
	return out + RT_TX_HDR_LEN;
}

uint16_t rt_tx_flags_for(bool group_addressed)
{
	return RT_TX_NOSEQNO | (group_addressed ? RT_TX_NOACK : 0);
}
