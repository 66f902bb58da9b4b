/*
 * mkseeds - cuts fuzz seeds out of capture files at test time.
 *
 * The real captures in ../shared/captures belong to other projects and are
 * never committed to rapd, so the fuzzers' seed corpora are cut from them
 * when the tests run, into build-fuzz/corpus/. Deliberately independent of
 * rapd's own parsers (only libpcap and fixed offsets), so a bug in the code
 * under test cannot hide seeds from it.
 *
 *   mkseeds radiotap|radio|frame|eapol OUTDIR FILE...
 *     radiotap  whole packets of radiotap (DLT 127) captures
 *     radio     whole packets of radiotap and bare 802.11 (DLT 105)
 *               captures behind one byte naming the framing, 0 and 1
 *               (fuzz_port_radio.c's selector: whole, no FCS announced)
 *     frame     the 802.11 frame (radiotap header skipped by its length)
 *     eapol     the 802.1X frame after LLC/SNAP aa aa 03 00 00 00 88 8e
 * Every seed is also written truncated to half its length, so the corpus
 * starts with broken inputs too.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const uint8_t eapol_snap[8] = { 0xaa, 0xaa, 0x03, 0x00,
				       0x00, 0x00, 0x88, 0x8e };

/* Writes one seed: the prefix bytes (pre_len may be 0), then p. */
static int write_seed(const char *dir, const char *tag, unsigned n,
		      const uint8_t *pre, size_t pre_len, const uint8_t *p,
		      size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s-%u", dir, tag, n);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fwrite(pre, 1, pre_len, f);
	fwrite(p, 1, len, f);
	return fclose(f);
}

/* Returns the part of one packet a mode wants, or len 0 for none. */
static const uint8_t *cut(const char *mode, int dlt, const uint8_t *p,
			  size_t caplen, size_t *len)
{
	size_t off = 0;

	*len = 0;
	if (strcmp(mode, "radiotap") == 0) {
		if (dlt == DLT_IEEE802_11_RADIO)
			*len = caplen;
		return p;
	}
	if (strcmp(mode, "radio") == 0) {
		if (dlt == DLT_IEEE802_11_RADIO || dlt == DLT_IEEE802_11)
			*len = caplen;
		return p;
	}
	if (dlt == DLT_IEEE802_11_RADIO) {
		if (caplen < 4)
			return p;
		off = (size_t)(p[2] | p[3] << 8);
	} else if (dlt != DLT_IEEE802_11) {
		return p;
	}
	if (off > caplen)
		return p;
	if (strcmp(mode, "frame") == 0) {
		*len = caplen - off;
		return p + off;
	}
	for (size_t i = off; i + sizeof(eapol_snap) <= caplen; i++) {
		if (memcmp(p + i, eapol_snap, sizeof(eapol_snap)) == 0) {
			*len = caplen - i - sizeof(eapol_snap);
			return p + i + sizeof(eapol_snap);
		}
	}
	return p;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	unsigned n = 0;
	/* "radio" only: the framing selector before each record. */
	size_t sel_len;
	uint8_t sel;

	if (argc < 3) {
		fprintf(stderr, "usage: mkseeds radiotap|radio|frame|eapol "
				"OUTDIR FILE...\n");
		return 2;
	}
	sel_len = strcmp(argv[1], "radio") == 0;
	for (int a = 3; a < argc; a++) {
		struct pcap_pkthdr *h;
		const uint8_t *p;
		pcap_t *pc = pcap_open_offline(argv[a], err);

		if (!pc) {
			fprintf(stderr, "mkseeds: %s\n", err);
			continue;
		}
		sel = pcap_datalink(pc) == DLT_IEEE802_11_RADIO ? 0 : 1;
		while (pcap_next_ex(pc, &h, &p) == 1) {
			size_t len;
			const uint8_t *s = cut(argv[1], pcap_datalink(pc), p,
					       h->caplen, &len);

			if (len == 0)
				continue;
			write_seed(argv[2], argv[1], n++, &sel, sel_len, s,
				   len);
			write_seed(argv[2], argv[1], n++, &sel, sel_len, s,
				   len / 2);
		}
		pcap_close(pc);
	}
	printf("mkseeds: %u %s seeds in %s\n", n, argv[1], argv[2]);
	return 0;
}
