/*
 * radiotap_iter.c - walks the fields of a radiotap header.
 *
 * Pure code: called by the RX thread (through rt_parse), by rapd-trace and
 * by tests; it owns nothing beyond the caller's struct rt_iter and reads
 * only the caller's buffer. Follows radiotap.org: the header preamble, the
 * defined fields (sizes and alignments below), extended presence bitmaps
 * (bit 31), the Radiotap Namespace (bit 29), Vendor Namespace (bit 30)
 * and TLV (bit 28) fields.
 *
 * Byte layout (little-endian, offsets from the first header byte; every
 * field aligned to its own alignment counted from there):
 *
 *   0  u8   it_version (0)
 *   1  u8   it_pad
 *   2  le16 it_len: the whole header, presence words and fields included
 *   4  le32 it_present[0]; bit 31 set -> another le32 word follows
 *   .. fields in presence order; when bit 30 is set in a word, after that
 *      word's own fields comes (aligned to 2) a vendor header
 *        u8 OUI[3], u8 sub_ns, le16 skip_length
 *      then skip_length bytes that hold the vendor namespace's fields.
 *
 * Annotated example: the shape mac80211 gives a monitor interface, with
 * one receive chain reported in a second radiotap namespace (values made
 * up for this comment):
 *
 *   00 00 24 00     version 0, pad, it_len 36
 *   2f 40 00 a0     present[0]: TSFT FLAGS RATE CHANNEL DBM_ANTSIGNAL
 *                   RX_FLAGS | bit 29 (radiotap ns next) | bit 31 (more)
 *   20 08 00 00     present[1], radiotap ns, index reset: DBM_ANTSIGNAL
 *                   ANTENNA
 *   00 00 00 00     pad: TSFT is 8-aligned, from offset 12 to 16
 *   xx .. xx        16 TSFT (8 bytes)
 *   10              24 FLAGS: FCS at the end of the frame
 *   02              25 RATE: 1 Mb/s
 *   6c 09 a0 00     26 CHANNEL: 2412 MHz, flags 0x00a0 (CCK, 2 GHz)
 *   c4              30 DBM_ANTSIGNAL: -60 dBm
 *   00              31 pad: RX_FLAGS is 2-aligned
 *   00 00           32 RX_FLAGS
 *   c2 00           34 chain 0: DBM_ANTSIGNAL -62 dBm, ANTENNA 0
 *
 * Padding depends on the offset from the header start, not on the address
 * in memory, so the walk below tracks offsets.
 */
#include "rapd/radiotap.h"

#include <string.h>

#include "rapd/bytes.h"

#define RT_FIXED_LEN 8	    /* version, pad, it_len, it_present[0] */
#define RT_VENDOR_HDR_LEN 6 /* OUI[3], sub_ns, le16 skip_length */
#define RT_VENDOR_HDR_ALIGN 2
#define RT_STEP_ON 2 /* internal: keep walking */

/*
 * Sizes and alignments from radiotap.org's defined fields. FHSS is listed
 * there as two u8 without an alignment; the kernel's, the radiotap
 * library's and Wireshark's parsers all align it to 2, and so do we so
 * that a header means the same to all of them. Bit 25 (HE-MU-other-user)
 * is only tentatively assigned: unknown here, as in those parsers.
 */
static const struct rt_field_spec rt_fields[] = {
	[RT_FIELD_TSFT] = {8, 8},
	[RT_FIELD_FLAGS] = {1, 1},
	[RT_FIELD_RATE] = {1, 1},
	[RT_FIELD_CHANNEL] = {2, 4},
	[RT_FIELD_FHSS] = {2, 2},
	[RT_FIELD_DBM_ANTSIGNAL] = {1, 1},
	[RT_FIELD_DBM_ANTNOISE] = {1, 1},
	[RT_FIELD_LOCK_QUALITY] = {2, 2},
	[RT_FIELD_TX_ATTENUATION] = {2, 2},
	[RT_FIELD_DB_TX_ATTENUATION] = {2, 2},
	[RT_FIELD_DBM_TX_POWER] = {1, 1},
	[RT_FIELD_ANTENNA] = {1, 1},
	[RT_FIELD_DB_ANTSIGNAL] = {1, 1},
	[RT_FIELD_DB_ANTNOISE] = {1, 1},
	[RT_FIELD_RX_FLAGS] = {2, 2},
	[RT_FIELD_TX_FLAGS] = {2, 2},
	[RT_FIELD_RTS_RETRIES] = {1, 1},
	[RT_FIELD_DATA_RETRIES] = {1, 1},
	[RT_FIELD_XCHANNEL] = {4, 8}, /* le32 flags, le16 MHz, u8, u8 */
	[RT_FIELD_MCS] = {1, 3},
	[RT_FIELD_AMPDU_STATUS] = {4, 8},
	[RT_FIELD_VHT] = {2, 12},
	[RT_FIELD_TIMESTAMP] = {8, 12},
	[RT_FIELD_HE] = {2, 12}, /* le16 data1..data6 */
	[RT_FIELD_HE_MU] = {2, 12},
	[RT_FIELD_ZERO_LEN_PSDU] = {1, 1},
	[RT_FIELD_LSIG] = {2, 4},
	[RT_FIELD_TLV] = {4, 0}, /* to it_len */
};

/* Field 14 read as a trailing FCS some drivers put in the header. */
static const struct rt_field_spec rt_fcs_field = {4, 4};

const struct rt_field_spec *rt_radiotap_field(unsigned int index)
{
	if (index >= RAPD_ARRAY_SIZE(rt_fields) || !rt_fields[index].align)
		return NULL;
	return &rt_fields[index];
}

const char *rt_verdict_str(enum rt_verdict v)
{
	switch (v) {
	case RT_OK:
		return "ok";
	case RT_ERR_SHORT_BUFFER:
		return "shorter than the 8-byte radiotap preamble";
	case RT_ERR_VERSION:
		return "radiotap version is not 0";
	case RT_ERR_LEN_TOO_SMALL:
		return "radiotap length below 8";
	case RT_ERR_LEN_PAST_BUFFER:
		return "radiotap length past the captured bytes";
	case RT_ERR_PRESENCE_PAST_LEN:
		return "presence words run past the radiotap length";
	case RT_ERR_FIELD_PAST_LEN:
		return "a field runs past the radiotap length";
	case RT_ERR_VENDOR_PAST_LEN:
		return "vendor namespace runs past the radiotap length";
	case RT_ERR_VENDOR_FIELD_PAST_SKIP:
		return "vendor field runs past its skip length";
	case RT_ERR_NS_CONFLICT:
		return "radiotap and vendor namespace bits both set";
	case RT_ERR_TLV_NOT_LAST:
		return "TLV bit set with later presence bits";
	}
	return "unknown radiotap verdict";
}

static int rt_fail(struct rt_iter *it, enum rt_verdict v)
{
	it->verdict = v;
	return v;
}

static int rt_stop(struct rt_iter *it, enum rt_end why)
{
	it->end = why;
	return 0;
}

/* Rounds off up to a multiple of align (any align > 0, vendor tables too). */
static size_t rt_align(size_t off, unsigned int align)
{
	return (off + align - 1) / align * align;
}

enum rt_verdict rt_iter_init(struct rt_iter *it, const uint8_t *buf,
			     size_t buflen, const struct rt_iter_opts *opts)
{
	size_t len, off = 4;

	memset(it, 0, sizeof(*it));
	if (opts)
		it->st.opts = *opts;
	if (buflen < RT_FIXED_LEN)
		return rt_fail(it, RT_ERR_SHORT_BUFFER);
	if (buf[0] != 0)
		return rt_fail(it, RT_ERR_VERSION);
	len = get_le16(buf + 2);
	if (len < RT_FIXED_LEN)
		return rt_fail(it, RT_ERR_LEN_TOO_SMALL);
	if (len > buflen)
		return rt_fail(it, RT_ERR_LEN_PAST_BUFFER);
	while (get_le32(buf + off) & (1u << RT_BIT_EXT)) {
		off += 4;
		if (off + 4 > len)
			return rt_fail(it, RT_ERR_PRESENCE_PAST_LEN);
	}
	it->len = len;
	it->st.hdr = buf;
	it->st.word_off = 4;
	it->st.word = get_le32(buf + 4);
	it->st.pos = off + 4;
	return RT_OK;
}

/* Sets the current item to size bytes at the (aligned) cursor. */
static int rt_take(struct rt_iter *it, unsigned int index,
		   const struct rt_field_spec *spec, size_t limit,
		   enum rt_verdict overrun)
{
	size_t pos = rt_align(it->st.pos, spec->align);

	if (pos > limit || spec->size > limit - pos)
		return rt_fail(it, overrun);
	it->index = index;
	it->data = it->st.hdr + pos;
	it->size = spec->size;
	it->st.pos = pos + spec->size;
	return 1;
}

/* Bit 28: a TLV list fills the rest, so no later presence bit may exist. */
static int rt_tlv(struct rt_iter *it)
{
	size_t pos = rt_align(it->st.pos, rt_fields[RT_FIELD_TLV].align);

	if (it->st.word >> RT_BIT_RADIOTAP_NS)
		return rt_fail(it, RT_ERR_TLV_NOT_LAST);
	if (pos > it->len)
		return rt_fail(it, RT_ERR_FIELD_PAST_LEN);
	it->index = RT_FIELD_TLV;
	it->data = it->st.hdr + pos;
	it->size = it->len - pos;
	it->st.pos = it->len;
	return 1;
}

static int rt_radiotap_bit(struct rt_iter *it, unsigned int index)
{
	const struct rt_field_spec *spec = rt_radiotap_field(index);

	it->ns = RT_NS_RADIOTAP;
	memset(it->oui, 0, sizeof(it->oui));
	it->subns = 0;
	if (index == RT_FIELD_RX_FLAGS && it->st.opts.rx_flags_as_fcs)
		spec = &rt_fcs_field;
	if (!spec) {
		/* Its size is unknown, so nothing after it can be found. */
		it->index = index;
		it->data = NULL;
		it->size = 0;
		return rt_stop(it, RT_END_UNKNOWN_FIELD);
	}
	if (index == RT_FIELD_TLV)
		return rt_tlv(it);
	return rt_take(it, index, spec, it->len, RT_ERR_FIELD_PAST_LEN);
}

static int rt_vendor_bit(struct rt_iter *it, unsigned int index)
{
	const struct rt_vendor_ns *vns = it->st.vns;
	const struct rt_field_spec *spec = NULL;

	if (it->st.ns_skip)
		return RT_STEP_ON;
	if (index < vns->n_fields && vns->fields[index].align)
		spec = &vns->fields[index];
	if (!spec) {
		/* skip_length still bounds the namespace: skip the rest. */
		it->st.ns_skip = true;
		return RT_STEP_ON;
	}
	it->ns = RT_NS_VENDOR;
	memcpy(it->oui, vns->oui, 3);
	it->subns = vns->subns;
	return rt_take(it, index, spec, it->st.vend_end,
		       RT_ERR_VENDOR_FIELD_PAST_SKIP);
}

static const struct rt_vendor_ns *rt_find_vendor(const struct rt_iter *it,
						 const uint8_t *vh)
{
	const struct rt_iter_opts *o = &it->st.opts;

	for (unsigned int i = 0; o->vendors && i < o->n_vendors; i++) {
		if (memcmp(o->vendors[i].oui, vh, 3) == 0 &&
		    o->vendors[i].subns == vh[3])
			return &o->vendors[i];
	}
	return NULL;
}

/* Leaves a vendor namespace: its data ends where skip_length said. */
static void rt_leave_vendor(struct rt_iter *it)
{
	if (it->st.in_vendor)
		it->st.pos = it->st.vend_end;
}

/*
 * Bit 30: reads the vendor header; the next word is in that namespace.
 * An unregistered namespace is handed out whole, as one item.
 */
static int rt_enter_vendor(struct rt_iter *it)
{
	const uint8_t *vh;
	size_t pos, data_off, skip;

	rt_leave_vendor(it);
	pos = rt_align(it->st.pos, RT_VENDOR_HDR_ALIGN);
	if (pos > it->len || it->len - pos < RT_VENDOR_HDR_LEN)
		return rt_fail(it, RT_ERR_VENDOR_PAST_LEN);
	vh = it->st.hdr + pos;
	data_off = pos + RT_VENDOR_HDR_LEN;
	skip = get_le16(vh + 4);
	if (skip > it->len - data_off)
		return rt_fail(it, RT_ERR_VENDOR_PAST_LEN);
	it->st.vns = rt_find_vendor(it, vh);
	it->st.in_vendor = true;
	it->st.ns_skip = !it->st.vns;
	it->st.ns_reset = true;
	it->st.pos = data_off;
	it->st.vend_end = data_off + skip;
	if (it->st.vns)
		return RT_STEP_ON;
	it->ns = RT_NS_VENDOR;
	it->index = RT_BIT_VENDOR_NS;
	it->data = it->st.hdr + data_off;
	it->size = skip;
	memcpy(it->oui, vh, 3);
	it->subns = vh[3];
	return 1;
}

/* Bit 31: loads the next presence word (init checked it is in bounds). */
static int rt_next_word(struct rt_iter *it)
{
	if (!(it->st.word & (1u << RT_BIT_EXT)))
		return rt_stop(it, RT_END_COMPLETE);
	it->st.word_off += 4;
	it->st.word = get_le32(it->st.hdr + it->st.word_off);
	it->st.bit = 0;
	if (it->st.ns_reset)
		it->st.ns_word = 0;
	else
		it->st.ns_word++;
	it->st.ns_reset = false;
	return RT_STEP_ON;
}

/* Handles one set presence bit b of the current word. */
static int rt_bit(struct rt_iter *it, unsigned int b)
{
	const uint32_t both = 1u << RT_BIT_RADIOTAP_NS | 1u << RT_BIT_VENDOR_NS;

	switch (b) {
	case RT_BIT_EXT:
		return RT_STEP_ON; /* rt_next_word() follows it */
	case RT_BIT_RADIOTAP_NS:
		if ((it->st.word & both) == both)
			return rt_fail(it, RT_ERR_NS_CONFLICT);
		rt_leave_vendor(it);
		it->st.in_vendor = false;
		it->st.ns_reset = true;
		return RT_STEP_ON;
	case RT_BIT_VENDOR_NS:
		return rt_enter_vendor(it);
	}
	if (it->st.in_vendor)
		return rt_vendor_bit(it, 32 * it->st.ns_word + b);
	return rt_radiotap_bit(it, 32 * it->st.ns_word + b);
}

int rt_iter_next(struct rt_iter *it)
{
	int r;

	if (it->verdict != RT_OK)
		return it->verdict;
	if (it->end != RT_END_NONE)
		return 0;
	for (;;) {
		unsigned int b;

		if (it->st.bit == 32) {
			r = rt_next_word(it);
			if (r != RT_STEP_ON)
				return r;
		}
		b = it->st.bit++;
		if (!(it->st.word & (1u << b)))
			continue;
		r = rt_bit(it, b);
		if (r != RT_STEP_ON)
			return r;
	}
}
