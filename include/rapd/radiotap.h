/*
 * radiotap.h - rapd's radiotap codec: a field iterator, rt_parse() for the
 * few fields the RX path needs, and the injection header builder.
 *
 * Contract
 * - Pure code over caller buffers: no I/O, no allocation, no global state.
 *   Every function is safe from any thread; an iterator belongs to the one
 *   thread that runs it.
 * - Input is untrusted: nothing is read outside [buf, buf + it_len], and
 *   it_len is checked against the caller's buffer length first. Pointers
 *   handed out (rt_iter.data) point into the caller's buffer and are valid
 *   while it is. Multi-byte fields are little-endian and unaligned in
 *   memory: read them with get_le16() and friends from rapd/bytes.h.
 * - Verdicts: rt_iter_init() and rt_parse() return RT_OK or a negative
 *   enum rt_verdict naming why the header was rejected. rt_iter_next()
 *   returns 1 (a field is current), 0 (the end; rt_iter.end says whether
 *   the header was walked completely or stopped at a field whose size is
 *   unknown) or a negative enum rt_verdict. Once it returned 0 or an
 *   error, it keeps returning the same.
 * - Builders write into out[0..cap) and return the end of what they wrote,
 *   or NULL when cap is too small (nothing useful is written then).
 *
 * Format (radiotap.org): u8 version (0), u8 pad, le16 it_len (the whole
 * header), then le32 presence words while bit 31 is set, then the fields in
 * presence-bit order, each aligned to its own alignment counted from the
 * first byte of the header. Bit 29 returns to the radiotap namespace and
 * bit 30 enters a vendor namespace (both reset the bit index to 0 for the
 * next word); a vendor namespace's data starts with a 2-aligned
 * OUI[3], sub_ns, le16 skip_length header.
 */
#ifndef RAPD_RADIOTAP_H
#define RAPD_RADIOTAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Field bit indices of the radiotap namespace (radiotap.org). */
enum rt_field {
	RT_FIELD_TSFT = 0,    /* le64 us, align 8 */
	RT_FIELD_FLAGS = 1,   /* u8, RT_FLAG_* */
	RT_FIELD_RATE = 2,    /* u8, 500 kb/s units */
	RT_FIELD_CHANNEL = 3, /* le16 MHz, le16 flags */
	RT_FIELD_FHSS = 4,
	RT_FIELD_DBM_ANTSIGNAL = 5, /* s8 dBm */
	RT_FIELD_DBM_ANTNOISE = 6,  /* s8 dBm */
	RT_FIELD_LOCK_QUALITY = 7,
	RT_FIELD_TX_ATTENUATION = 8,
	RT_FIELD_DB_TX_ATTENUATION = 9,
	RT_FIELD_DBM_TX_POWER = 10,
	RT_FIELD_ANTENNA = 11, /* u8 antenna index */
	RT_FIELD_DB_ANTSIGNAL = 12,
	RT_FIELD_DB_ANTNOISE = 13,
	RT_FIELD_RX_FLAGS = 14, /* le16 */
	RT_FIELD_TX_FLAGS = 15, /* le16, RT_TX_* */
	RT_FIELD_RTS_RETRIES = 16,
	RT_FIELD_DATA_RETRIES = 17, /* u8 */
	RT_FIELD_XCHANNEL = 18,
	RT_FIELD_MCS = 19, /* u8 known, u8 flags, u8 index */
	RT_FIELD_AMPDU_STATUS = 20,
	RT_FIELD_VHT = 21,
	RT_FIELD_TIMESTAMP = 22,
	RT_FIELD_HE = 23,
	RT_FIELD_HE_MU = 24,
	RT_FIELD_ZERO_LEN_PSDU = 26,
	RT_FIELD_LSIG = 27,
	RT_FIELD_TLV = 28,	 /* TLV list filling the rest, align 4 */
	RT_BIT_RADIOTAP_NS = 29, /* next word: radiotap namespace */
	RT_BIT_VENDOR_NS = 30,	 /* next word: a vendor namespace */
	RT_BIT_EXT = 31,	 /* another presence word follows */
};

/* FLAGS field bits. */
#define RT_FLAG_CFP 0x01
#define RT_FLAG_SHORTPRE 0x02
#define RT_FLAG_WEP 0x04
#define RT_FLAG_FRAG 0x08
#define RT_FLAG_FCS 0x10 /* the frame ends with its 4-byte FCS */
#define RT_FLAG_DATAPAD 0x20
#define RT_FLAG_BADFCS 0x40

/* TX_FLAGS field bits (as the kernel's mac80211 reads and echoes them). */
#define RT_TX_FAIL 0x0001 /* echo: unicast frame not ACKed */
#define RT_TX_CTS 0x0002
#define RT_TX_RTS 0x0004
#define RT_TX_NOACK 0x0008   /* inject: expect no ACK (group-addressed) */
#define RT_TX_NOSEQNO 0x0010 /* inject: keep our sequence number */
#define RT_TX_ORDER 0x0020   /* inject: do not reorder */

/* The verdicts; negative values reject the header. */
enum rt_verdict {
	RT_OK = 0,
	RT_ERR_SHORT_BUFFER = -1,      /* fewer than the 8 fixed bytes */
	RT_ERR_VERSION = -2,	       /* it_version is not 0 */
	RT_ERR_LEN_TOO_SMALL = -3,     /* it_len < 8 */
	RT_ERR_LEN_PAST_BUFFER = -4,   /* it_len > the caller's buffer */
	RT_ERR_PRESENCE_PAST_LEN = -5, /* presence words run past it_len */
	RT_ERR_FIELD_PAST_LEN = -6,    /* a field runs past it_len */
	RT_ERR_VENDOR_PAST_LEN = -7,   /* vendor header or skip past it_len */
	RT_ERR_VENDOR_FIELD_PAST_SKIP = -8, /* registered field past skip */
	RT_ERR_NS_CONFLICT = -9,	    /* bits 29 and 30 in one word */
	RT_ERR_TLV_NOT_LAST = -10,	    /* TLV bit with bits 29..31 set */
};

/* Why rt_iter_next() returned 0. */
enum rt_end {
	RT_END_NONE = 0, /* not at the end yet */
	RT_END_COMPLETE, /* every presence bit was walked */
	/*
	 * A radiotap-namespace field of unknown size (rt_iter.index names it):
	 * nothing after it can be located, so the walk stops there. Fields
	 * before it were valid; it is not an error.
	 */
	RT_END_UNKNOWN_FIELD,
};

enum rt_ns {
	RT_NS_RADIOTAP = 0,
	RT_NS_VENDOR,
};

/*
 * Alignment and size of one field; align 0 means "not defined". In the
 * radiotap namespace, TLV has size 0: it extends to it_len.
 */
struct rt_field_spec {
	uint8_t align;
	uint8_t size;
};

/*
 * A vendor namespace the caller knows how to walk: fields[] is indexed by
 * bit index (32 * word + bit within the namespace). A field whose entry is
 * missing or has align 0 ends the walk of that namespace only: the rest of
 * its data is skipped by skip_length and the walk goes on after it.
 */
struct rt_vendor_ns {
	uint8_t oui[3];
	uint8_t subns;
	const struct rt_field_spec *fields;
	unsigned int n_fields;
};

/* Options for rt_iter_init(); NULL means no vendors, no overrides. */
struct rt_iter_opts {
	const struct rt_vendor_ns *vendors; /* kept by pointer */
	unsigned int n_vendors;
	/* Read radiotap field 14 as a 4-byte FCS (align 4), not RX flags. */
	bool rx_flags_as_fcs;
};

struct rt_iter {
	/*
	 * The current item, valid after rt_iter_next() returned 1.
	 * index counts across the presence words of the current namespace
	 * (word k, bit b -> 32 * k + b). In a vendor namespace that is not
	 * registered, one item carries the whole vendor data (skip_length
	 * bytes after the 6-byte vendor header) with index RT_BIT_VENDOR_NS,
	 * which never names a field (bit 30 is reserved in every namespace).
	 */
	enum rt_ns ns;
	unsigned int index;
	const uint8_t *data;
	size_t size;
	uint8_t oui[3]; /* vendor namespace only */
	uint8_t subns;

	size_t len;		 /* it_len, after a successful init */
	enum rt_end end;	 /* after rt_iter_next() returned 0 */
	enum rt_verdict verdict; /* RT_OK, or the error once one happened */

	/* Walk state: internal, callers leave it alone. */
	struct {
		const uint8_t *hdr;
		struct rt_iter_opts opts;
		const struct rt_vendor_ns *vns; /* registered, or NULL */
		size_t word_off;		/* offset of the current word */
		uint32_t word;
		unsigned int bit;     /* next bit of word to look at */
		unsigned int ns_word; /* word number in the namespace */
		size_t pos;	      /* offset of the next field */
		size_t vend_end;      /* end of the current vendor data */
		bool in_vendor;
		bool ns_skip;  /* rest of this vendor ns ignored */
		bool ns_reset; /* next word starts a namespace */
	} st;
};

/*
 * Starts a walk over buf[0..buflen). Checks the fixed header, it_len
 * against buflen and the chain of presence words against it_len.
 * Returns RT_OK or the reason the header is rejected.
 */
enum rt_verdict rt_iter_init(struct rt_iter *it, const uint8_t *buf,
			     size_t buflen, const struct rt_iter_opts *opts);

/* Moves to the next field: 1, 0 at the end, or a negative rt_verdict. */
int rt_iter_next(struct rt_iter *it);

/* Alignment and size of a radiotap-namespace field, or NULL if unknown. */
const struct rt_field_spec *rt_radiotap_field(unsigned int index);

/* A short constant text naming the verdict, for logs. */
const char *rt_verdict_str(enum rt_verdict v);

/* rt_info.has bits: bit n set when field n was found. */
#define RT_HAS(field) (1u << (field))

/* What the RX path needs from a received frame's radiotap header. */
struct rt_info {
	size_t len;   /* it_len: the 802.11 frame starts here */
	uint32_t has; /* RT_HAS(RT_FIELD_*) of the fields below */
	uint64_t tsft;
	uint8_t flags;	    /* RT_FLAG_* */
	bool fcs_at_end;    /* FLAGS has RT_FLAG_FCS */
	uint8_t rate;	    /* 500 kb/s units */
	uint16_t chan_freq; /* MHz */
	uint16_t chan_flags;
	int8_t dbm_signal;
	uint8_t antenna;
	uint16_t tx_flags; /* RT_TX_* (TX echoes) */
	uint8_t data_retries;
	uint8_t mcs_known;
	uint8_t mcs_flags;
	uint8_t mcs_index;
	/* The walk stopped at an unknown radiotap field (index below). */
	bool stopped_unknown;
	unsigned int unknown_index;
};

/*
 * Fills info from the first occurrence of each field in the radiotap
 * namespace (per-chain repeats in later namespaces are ignored; vendor
 * data is skipped). Returns RT_OK, or the reason the header is rejected;
 * info is then partly filled and must not be used.
 */
enum rt_verdict rt_parse(const uint8_t *buf, size_t len, struct rt_info *info);

/* Length of the injection header rt_build_tx() writes. */
#define RT_TX_HDR_LEN 12

/*
 * Writes the injection header: present = RATE | TX_FLAGS,
 * 00 00 0c 00 04 80 00 00 <rate> 00 <tx_flags le16>.
 * Returns out + RT_TX_HDR_LEN, or NULL if cap < RT_TX_HDR_LEN.
 */
uint8_t *rt_build_tx(uint8_t *out, size_t cap, uint8_t rate_500kbps,
		     uint16_t tx_flags);

/*
 * TX flags for a frame rapd injects: always NOSEQNO (rapd owns sequence
 * numbers), plus NOACK for group-addressed frames (nobody ACKs them).
 */
uint16_t rt_tx_flags_for(bool group_addressed);

#endif
