/*
 * wlan_testutil.c - helpers shared by the 802.11 codec unit tests
 * (test_frame.c, test_frame_captures.c, test_frame_sweep.c, test_ie.c,
 * test_rsn.c): parse-or-fail wrappers, the first element of a buffer or
 * hex string, and a capture loader over libpcap that strips radiotap the
 * way tshark does. Test code only, single-threaded; linked into every unit
 * test program by the Makefile. Captures are read in place, never copied.
 */
#include "check.h"
#include "wlan_testutil.h"

#include <rapd/bytes.h>

#include <pcap/pcap.h>

struct wlan_hdr wt_parse_ok(const uint8_t *buf, size_t len)
{
	struct wlan_hdr h;

	CHECK_EQ_INT(wlan_parse_hdr(buf, len, &h), WLAN_HDR_OK);
	return h;
}

/* The first element of buf, which the test wrote well formed. */
struct ie wt_first_elem(const uint8_t *buf, size_t len)
{
	struct ie_iter it;
	struct ie e;

	memset(&e, 0, sizeof(e));
	ie_iter_init(&it, buf, len);
	CHECK_EQ_INT(ie_iter_next(&it, &e), IE_ITER_ELEMENT);
	return e;
}

struct ie wt_hex_elem(const char *hex, uint8_t **keep)
{
	size_t len;

	*keep = check_unhex(hex, &len);
	return wt_first_elem(*keep, len);
}

const struct rsn_config wt_psk_ap = {
	.group_cipher = RSN_CIPHER_CCMP,
	.pairwise_ciphers = RSN_CIPHER_CCMP,
	.akms = RSN_AKM_PSK,
};

/*
 * Skips the radiotap header by its it_len, as tshark does even when the
 * header is invalid (tcpdump's fuzz cases have version 0x30), so the 802.11
 * codec sees what tshark dissects. Only a version-0 header is read further:
 * its Flags field (after TSFT, 8 octets 8-aligned, when present; extended
 * presence words skipped) may say a 4-octet FCS ends the frame.
 */
static bool strip_radiotap(const uint8_t **p, size_t *len)
{
	const uint8_t *f = *p;
	size_t rt_len, off = 8, n = *len;
	uint32_t present, word;
	bool fcs = false;

	if (n < 4)
		return false;
	rt_len = get_le16(f + 2);
	if (rt_len < 8 || rt_len > n)
		return false;
	present = word = get_le32(f + 4);
	while (f[0] == 0 && (word & (1u << 31)) && off + 4 <= rt_len) {
		word = get_le32(f + off);
		off += 4;
	}
	if (present & 1)
		off = ((off + 7) & ~(size_t)7) + 8;
	if (f[0] == 0 && (present & 2) && off < rt_len)
		fcs = f[off] & 0x10;
	*p = f + rt_len;
	*len = n - rt_len;
	if (fcs) {
		if (*len < 4)
			return false;
		*len -= 4;
	}
	return true;
}

bool wt_load_capture(const char *name, struct wt_capture *c)
{
	const char *path = check_capture(name);
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *ph;
	const u_char *data;
	pcap_t *pc;
	bool radiotap;

	memset(c, 0, sizeof(*c));
	if (!path)
		return false;
	pc = pcap_open_offline(path, err);
	CHECK(pc != NULL);
	if (!pc)
		return false;
	radiotap = pcap_datalink(pc) == DLT_IEEE802_11_RADIO;
	while (c->n < WT_CAP_MAX && pcap_next_ex(pc, &ph, &data) == 1) {
		const uint8_t *f = data;
		size_t len = ph->caplen;

		if (radiotap && !strip_radiotap(&f, &len)) {
			c->radiotap_bad++;
			continue;
		}
		c->n++;
		c->frame[c->n] = malloc(len ? len : 1);
		c->len[c->n] = len;
		memcpy(c->frame[c->n], f, len);
	}
	pcap_close(pc);
	return true;
}

void wt_free_capture(struct wt_capture *c)
{
	unsigned i;

	for (i = 1; i <= c->n; i++)
		free(c->frame[i]);
}

/* Parses frame no as a management frame: header and body must be OK. */
bool wt_cap_mgmt(const struct wt_capture *c, unsigned no, uint8_t stype,
		 struct wlan_hdr *h, struct wlan_mgmt *m)
{
	if (no > c->n ||
	    wlan_parse_hdr(c->frame[no], c->len[no], h) != WLAN_HDR_OK ||
	    h->type != WLAN_FC_TYPE_MGMT || h->subtype != stype) {
		fprintf(stderr, "  frame %u is not management %u\n", no, stype);
		check_failures++;
		return false;
	}
	CHECK_EQ_INT(wlan_parse_mgmt(h, m), WLAN_MGMT_OK);
	return true;
}
