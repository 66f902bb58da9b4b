/*
 * test_eapol_captures.c - the EAPOL codec on every EAPOL frame of the real
 * captures in ../shared/captures (read in place, skipped when absent):
 * parse, classify as tshark does, verify each MIC with the KCK from the
 * captures' README, unwrap each M3's group keys.
 */
#include "check.h"

#include <pcap/pcap.h>

#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/eapol.h>

static struct crypto_ws *ws;

/*
 * Real captures. Expected message numbers were read with tshark 4.0.17:
 *   tshark -r FILE -Y eapol -T fields -e frame.number \
 *          -e wlan_rsna_eapol.keydes.msgnr
 * Keys are the "Known values" of ../shared/captures/README.md. No capture
 * here has an FCS: DLT 105 frames end with the EAPOL body, and tshark
 * reports radiotap.flags.fcs == 0 for zn2i (the parser would ignore a
 * trailing FCS anyway, as padding after the 802.1X body).
 */
struct cap_expect {
	unsigned frame;
	enum eapol_msg msg;
};

struct cap_case {
	const char *file;
	const struct cap_expect *expect;
	size_t n_expect;
	enum crypto_mic_alg alg;
	const char *kck, *kek;
	bool igtk; /* M3 also carries an IGTK KDE (PMF) */
};

static const struct cap_expect harkonen[] = {
	{2, EAPOL_MSG_M1},
	{3, EAPOL_MSG_M2},
	{4, EAPOL_MSG_M3},
	{5, EAPOL_MSG_M4},
};
static const struct cap_expect dlink[] = {
	{8, EAPOL_MSG_M1},
	{9, EAPOL_MSG_M2},
	{10, EAPOL_MSG_M3},
	{11, EAPOL_MSG_M4},
};
static const struct cap_expect neheb[] = {
	{126, EAPOL_MSG_M1},
	{130, EAPOL_MSG_M2},
	{132, EAPOL_MSG_M3},
	{134, EAPOL_MSG_M4},
};

static const struct cap_case cap_cases[] = {
	{"wpa2.eapol.cap", harkonen, 4, CRYPTO_MIC_HMAC_SHA1,
	 "ea0e404633c802450302868ccaa749de", "5cba5abcb267e2de1d5e21e57accd507",
	 false},
	{"zn2i.pcap", dlink, 4, CRYPTO_MIC_HMAC_SHA1,
	 "4ed97b7f7224f2459cea8aa0e5c2b306", "941279573df7a7a6b2a335f2883aec12",
	 false},
	{"n-02.cap", neheb, 4, CRYPTO_MIC_AES_CMAC,
	 "2c76dc592c3b671bac230f6c9e38a062", "a0ddc98f4ab4d6129022fc7f45fe9264",
	 true},
};

/* The 802.1X frame inside an unprotected data frame's LLC/SNAP, or NULL.
 * Header: 24 bytes, +6 with four addresses, +2 for QoS subtypes, +4 for
 * +HTC (Order bit on a QoS frame). */
static const uint8_t *cap_eapol(int dlt, const uint8_t *p, size_t caplen,
				size_t *len)
{
	size_t off = 0, hdr = 24;
	uint16_t fc;

	if (dlt == DLT_IEEE802_11_RADIO) {
		if (caplen < 4)
			return NULL;
		off = get_le16(p + 2);
	}
	if (off + 24 > caplen)
		return NULL;
	p += off, caplen -= off;
	fc = get_le16(p);
	if (((fc >> 2) & 3) != 2 || (fc & 0x4000)) /* data, not protected */
		return NULL;
	if ((fc & 0x0300) == 0x0300)
		hdr += 6;
	if (fc & 0x0080) /* QoS subtypes have bit 3 of the subtype set */
		hdr += (fc & 0x8000) ? 6 : 2;
	if (hdr > caplen || !eapol_is_llc_snap(p + hdr, caplen - hdr))
		return NULL;
	*len = caplen - hdr - EAPOL_LLC_SNAP_LEN;
	return p + hdr + EAPOL_LLC_SNAP_LEN;
}

/* Keys of an M3: the GTK always, an IGTK too where PMF is on. */
static void cap_check_m3(const struct cap_case *c, const struct eapol_key *k)
{
	uint8_t kek[16], plain[EAPOL_KEY_MAX_LEN];
	struct eapol_kde_iter it;
	struct eapol_kde kde;
	struct eapol_igtk igtk;
	struct eapol_gtk gtk;
	size_t n = 0;
	int igtks = 0;

	check_unhex_into(c->kek, kek, 16);
	CHECK_EQ_INT(
		eapol_unwrap_key_data(ws, kek, k, plain, sizeof(plain), &n),
		EAPOL_OK);
	CHECK_EQ_INT(eapol_find_gtk(plain, n, &gtk), EAPOL_OK);
	CHECK_EQ_INT(gtk.key_id, 1);
	CHECK_EQ_INT(gtk.key_len, 16);
	eapol_kde_iter_init(&it, plain, n);
	while (eapol_kde_next(&it, &kde) == EAPOL_KDE_ITEM) {
		if (eapol_kde_igtk(&kde, &igtk) != EAPOL_OK)
			continue;
		igtks++;
		CHECK_EQ_INT(igtk.key_id, 4);
		CHECK_EQ_INT(igtk.key_len, 16);
	}
	CHECK_EQ_INT(it.bad, EAPOL_OK);
	CHECK_EQ_INT(igtks, c->igtk ? 1 : 0);
	crypto_wipe(plain, sizeof(plain));
}

static void cap_check_frame(const struct cap_case *c, unsigned frame_no,
			    const uint8_t *p, size_t len, size_t *found)
{
	const struct cap_expect *e = NULL;
	uint8_t kck[16];
	struct eapol_key k;

	for (size_t i = 0; i < c->n_expect; i++)
		if (c->expect[i].frame == frame_no)
			e = &c->expect[i];
	if (!e) {
		fprintf(stderr, "  %s: frame %u: EAPOL tshark did not list\n",
			c->file, frame_no);
		check_failures++;
		return;
	}
	(*found)++;
	CHECK_EQ_INT(eapol_parse_key(p, len, &k), EAPOL_OK);
	CHECK_EQ_INT(eapol_classify(&k), e->msg);
	if (!(k.info & EAPOL_KI_MIC))
		return;
	check_unhex_into(c->kck, kck, 16);
	CHECK_EQ_INT(eapol_verify_mic(ws, c->alg, kck, &k), EAPOL_OK);
	if (e->msg == EAPOL_MSG_M3)
		cap_check_m3(c, &k);
}

static void cap_run(const struct cap_case *c, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const uint8_t *pkt, *p;
	size_t found = 0, len;
	unsigned frame_no = 0;
	pcap_t *pc = pcap_open_offline(path, err);

	CHECK(pc != NULL);
	if (!pc)
		return;
	while (pcap_next_ex(pc, &h, &pkt) == 1) {
		frame_no++;
		p = cap_eapol(pcap_datalink(pc), pkt, h->caplen, &len);
		if (p)
			cap_check_frame(c, frame_no, p, len, &found);
	}
	pcap_close(pc);
	CHECK_EQ_INT(found, c->n_expect);
}

static void test_captures(void)
{
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(cap_cases); i++) {
		const char *path = check_capture(cap_cases[i].file);

		if (!path)
			SKIP("../shared/captures absent");
		cap_run(&cap_cases[i], path);
	}
}

int main(void)
{
	check_begin("test_eapol_captures");
	if (crypto_init() != 0 || !(ws = crypto_ws_new())) {
		fprintf(stderr, "crypto_init failed\n");
		return 1;
	}
	RUN(test_captures);
	crypto_ws_free(ws);
	crypto_cleanup();
	return check_end();
}
