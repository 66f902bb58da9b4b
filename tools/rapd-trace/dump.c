/*
 * dump.c - `rapd-trace dump FILE`: one tab-separated line per frame.
 *
 * Single-threaded; owns nothing but the open capture. Each record goes
 * through pcapin.c (radio header) and wlan.c (rapd's 802.11 and EAPOL
 * codec) and is printed as it is read, so memory does not grow with the
 * file.
 *
 * Output format (trace tests compare it with tshark, field by field):
 *   a first line "#index<TAB>time<TAB>...<TAB>malformed" naming the 16
 *   columns, then per frame:
 *    1 index       1-based record number (tshark frame.number)
 *    2 time        seconds.microseconds since the epoch, 6 decimals
 *    3 linktype    105, 119 or 127
 *    4 radio_len   radiotap it_len, Prism (144) or AVS header length
 *    5 freq_mhz    channel centre frequency
 *    6 rate_mbps   one decimal: 1.0, 5.5, 54.0, 19.5 (HT from the MCS)
 *    7 signal_dbm  antenna signal, e.g. -74
 *    8 fcs         1 when the frame ends with an FCS, 0 when not
 *    9 type        type/subtype in tshark's words: "Beacon frame", ...
 *   10 addr1       receiver address, aa:bb:cc:dd:ee:ff
 *   11 addr2       transmitter address
 *   12 addr3       third address as it is in the frame
 *   13 seq         sequence number 0..4095
 *   14 ssid        the first SSID element (see rtrace_put_escaped)
 *   15 eapol       EAPOL-Key message: 1..4 of the 4-way handshake, G1/G2
 *                  of the group key handshake
 *   16 malformed   "malformed: REASON" where parsing stopped
 *   '-' marks a value the frame does not carry (or that could not be read
 *   because parsing stopped before it).
 * Exit: 0, or 2 when the file cannot be opened or is cut short (the
 * records before the cut are printed).
 */
#include "trace.h"

#include <rapd/bytes.h>

void rtrace_put_escaped(FILE *out, const uint8_t *s, size_t len)
{
	if (len == 0) {
		fputs("\"\"", out);
		return;
	}
	if (len == 1 && s[0] == '-') {
		fputs("\\x2d", out);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		uint8_t c = s[i];

		if (c == '\\')
			fputs("\\\\", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20 || c > 0x7e || c == '"')
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

static void put_sep(FILE *out)
{
	fputc('\t', out);
}

static void put_uint(FILE *out, bool has, unsigned long v)
{
	put_sep(out);
	if (has)
		fprintf(out, "%lu", v);
	else
		fputc('-', out);
}

static void put_mac(FILE *out, const uint8_t *mac)
{
	char buf[MAC_STR_LEN];

	put_sep(out);
	fputs(mac ? mac_str(mac, buf) : "-", out);
}

static const char *eapol_column(const struct rtrace_wlan *w)
{
	if (!w->has_eapol_key)
		return "-";
	switch (w->msg) {
	case EAPOL_MSG_M1:
		return "1";
	case EAPOL_MSG_M2:
		return "2";
	case EAPOL_MSG_M3:
		return "3";
	case EAPOL_MSG_M4:
		return "4";
	case EAPOL_MSG_G1:
		return "G1";
	case EAPOL_MSG_G2:
		return "G2";
	case EAPOL_MSG_UNKNOWN:
	case EAPOL_MSG_REQUEST:
		break;
	}
	return "-";
}

/* Columns 1-8: the capture record and its radio header. */
static void put_radio(FILE *out, const struct rtrace_frame *f)
{
	fprintf(out, "%lu\t%lld.%06u\t%d", f->index, f->ts_sec, f->ts_usec,
		f->dlt);
	put_uint(out, f->has_radio_len, f->radio_len);
	put_uint(out, f->has_freq, f->freq_mhz);
	put_sep(out);
	if (f->has_rate)
		fprintf(out, "%u.%u", f->rate_100k / 10, f->rate_100k % 10);
	else
		fputc('-', out);
	put_sep(out);
	if (f->has_signal)
		fprintf(out, "%d", f->signal_dbm);
	else
		fputc('-', out);
	put_uint(out, f->has_fcs_flag, f->fcs);
}

static void put_frame(FILE *out, const struct rtrace_frame *f)
{
	struct rtrace_wlan w;

	rtrace_decode_wlan(f, &w);
	put_radio(out, f);
	put_sep(out);
	fputs(w.name ? w.name : "-", out);
	put_mac(out, w.addr1);
	put_mac(out, w.addr2);
	put_mac(out, w.addr3);
	put_uint(out, w.has_seq, w.seq);
	put_sep(out);
	if (w.has_ssid)
		rtrace_put_escaped(out, w.ssid, w.ssid_len);
	else
		fputc('-', out);
	put_sep(out);
	fputs(eapol_column(&w), out);
	put_sep(out);
	if (w.malformed)
		fprintf(out, "malformed: %s", w.malformed);
	else
		fputc('-', out);
	fputc('\n', out);
}

int rtrace_dump(FILE *out, const char *path)
{
	char err[RTRACE_ERR_LEN];
	struct rtrace_frame f;
	struct rtrace_in *in = rtrace_open(path, err, sizeof(err));
	int r;

	if (!in) {
		fprintf(stderr, "rapd-trace: %s\n", err);
		return RTRACE_EXIT_USAGE;
	}
	fputs("#index\ttime\tlinktype\tradio_len\tfreq_mhz\trate_mbps\t"
	      "signal_dbm\tfcs\ttype\taddr1\taddr2\taddr3\tseq\tssid\t"
	      "eapol\tmalformed\n",
	      out);
	while ((r = rtrace_next(in, &f, err, sizeof(err))) == 1)
		put_frame(out, &f);
	if (r < 0)
		fprintf(stderr, "rapd-trace: %s: %s\n", path, err);
	rtrace_close(in);
	return r < 0 ? RTRACE_EXIT_USAGE : RTRACE_EXIT_OK;
}

int rtrace_frames(FILE *out, const char *path)
{
	char err[RTRACE_ERR_LEN];
	struct rtrace_frame f;
	struct rtrace_in *in = rtrace_open(path, err, sizeof(err));
	int r;

	if (!in) {
		fprintf(stderr, "rapd-trace: %s\n", err);
		return RTRACE_EXIT_USAGE;
	}
	while ((r = rtrace_next(in, &f, err, sizeof(err))) == 1) {
		fprintf(out, "%lu\t%lld.%06u\t", f.index, f.ts_sec, f.ts_usec);
		if (!f.mpdu)
			fprintf(out, "malformed: %s", f.malformed);
		for (size_t i = 0; f.mpdu && i < f.mpdu_len; i++)
			fprintf(out, "%02x", f.mpdu[i]);
		fputc('\n', out);
	}
	if (r < 0)
		fprintf(stderr, "rapd-trace: %s: %s\n", path, err);
	rtrace_close(in);
	return r < 0 ? RTRACE_EXIT_USAGE : RTRACE_EXIT_OK;
}
