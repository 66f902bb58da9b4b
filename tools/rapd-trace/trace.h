/*
 * trace.h - private to tools/rapd-trace: do not include from elsewhere.
 *
 * The pieces of rapd-trace talk through this header:
 *   pcapin.c     opens a capture (pcap or pcapng through libpcap) and turns
 *                each record into a struct rtrace_frame: the radio header
 *                (radiotap, Prism or AVS) decoded, the 802.11 MPDU located;
 *   wlan.c       reads an MPDU through rapd's 802.11, element and EAPOL
 *                codec into a struct rtrace_wlan;
 *   dump.c       `rapd-trace dump`: one tab-separated line per frame;
 *   handshake.c  `rapd-trace check-handshake`: pairs EAPOL-Key messages
 *                into 4-way handshakes and verifies their MICs;
 *   main.c       the command line: arguments, PSK, exit codes.
 * Single-threaded tool; nothing here is shared between threads. A frame's
 * pointers stay valid until the next rtrace_next() or rtrace_close() on
 * the same input. Functions return 0 / 1 / negative as documented on each.
 */
#ifndef RAPD_TRACE_TRACE_H
#define RAPD_TRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rapd/crypto.h>
#include <rapd/eapol.h>

/* Link types rapd-trace decodes (pcap LINKTYPE_ values). */
enum rtrace_dlt {
	RTRACE_DLT_IEEE802_11 = 105,
	RTRACE_DLT_PRISM = 119,
	RTRACE_DLT_RADIOTAP = 127,
};

/* Exit codes shared by the subcommands. */
enum rtrace_exit {
	RTRACE_EXIT_OK = 0,
	RTRACE_EXIT_NONE = 1,  /* check-handshake: nothing verified */
	RTRACE_EXIT_USAGE = 2, /* bad arguments or an unreadable file */
};

/* Size of the error text buffers rtrace_open/rtrace_next fill. */
#define RTRACE_ERR_LEN 512

struct rtrace_in;

/*
 * One capture record after the radio header. Values that the radio header
 * does not carry have their has_* flag false. rate_100k is the data rate
 * in units of 100 kb/s (1 Mb/s = 10, 5.5 Mb/s = 55, MCS rates rounded
 * down to the 0.1 Mb/s). When the radio header is broken, malformed names
 * the reason and mpdu is NULL.
 */
struct rtrace_frame {
	unsigned long index; /* 1-based, like tshark's frame.number */
	long long ts_sec;
	unsigned ts_usec;
	int dlt;
	const uint8_t *data; /* the whole captured record */
	size_t caplen;
	size_t wirelen;

	bool has_radio_len; /* a radiotap/Prism/AVS header was present */
	size_t radio_len;
	bool has_freq;
	unsigned freq_mhz;
	bool has_rate;
	unsigned rate_100k;
	bool has_signal;
	int signal_dbm;
	bool has_fcs_flag; /* the link layer says whether an FCS ends it */
	bool fcs;
	bool datapad; /* radiotap: 802.11 header padded to 4 bytes */

	const uint8_t *mpdu; /* 802.11 header onward, FCS stripped */
	size_t mpdu_len;
	const char *malformed;
};

/*
 * Opens path. Returns the input, or NULL with a message in err (a missing
 * file, not a capture, or a link type other than 105/119/127).
 */
struct rtrace_in *rtrace_open(const char *path, char *err, size_t err_len);
/* Reads the next record: 1 with *f filled, 0 at the end, -1 on a read
 * error (a file cut in the middle of a record) with the text in err. */
int rtrace_next(struct rtrace_in *in, struct rtrace_frame *f, char *err,
		size_t err_len);
int rtrace_dlt(const struct rtrace_in *in);
void rtrace_close(struct rtrace_in *in);

/* Decodes the radio header of data[0..caplen) for link type dlt into f
 * (f->data, caplen, dlt set by the caller). Pure; exported for tests. */
void rtrace_decode_link(struct rtrace_frame *f, bool dlt_fcs);

/*
 * What dump and check-handshake read of one MPDU, through rapd's 802.11,
 * element and EAPOL codecs. Pointers are into the frame's data; NULL or
 * has_* false for what the frame does not carry. malformed names where
 * parsing stopped (what was read before it stays filled).
 */
struct rtrace_wlan {
	bool has_fc;
	uint16_t fc;
	const char *name; /* type/subtype, e.g. "beacon", "qos-data" */
	const uint8_t *addr1, *addr2, *addr3;
	bool has_seq;
	unsigned seq;
	bool ssid_announce; /* a beacon or probe response: addr3's SSID */
	bool has_ssid;
	const uint8_t *ssid;
	size_t ssid_len;
	bool has_eapol_key; /* an EAPOL-Key frame that parsed */
	struct eapol_key key;
	enum eapol_msg msg;
	const char *malformed;
};

/* Decodes f's MPDU into w (zeroed first). A frame whose radio header was
 * refused (f->mpdu NULL) leaves w empty with f's reason. */
void rtrace_decode_wlan(const struct rtrace_frame *f, struct rtrace_wlan *w);

/*
 * Writes s[0..len) to out as one tab-separated field: printable ASCII
 * as is, backslash as \\, tab \t, newline \n, carriage return \r, a
 * double quote and every other byte as \xNN. An empty string prints as
 * "" and a one-byte "-" as \x2d, so neither reads as another value.
 */
void rtrace_put_escaped(FILE *out, const uint8_t *s, size_t len);

/*
 * dump: prints the header line and one line per record of path to out
 * (format: dump.c). RTRACE_EXIT_OK, or RTRACE_EXIT_USAGE when the file
 * cannot be opened or ends inside a record (message on stderr, records
 * before the cut printed).
 */
int rtrace_dump(FILE *out, const char *path);
/* `frames`: index, time and the MPDU in hex per frame (or "malformed:
 * REASON" where the radio header is broken). Exit code as rtrace_dump. */
int rtrace_frames(FILE *out, const char *path);

/*
 * check-handshake: pairs the EAPOL-Key messages of path into 4-way
 * handshakes, verifies their MICs with pmk and prints one line each to
 * out (format: handshake.c). With ssid, an AP whose beacon or probe
 * response names another SSID is reported but not verified. Returns how
 * many handshakes verified, or -1 when the file cannot be opened or memory
 * runs out (message on stderr). crypto_init() must have run.
 */
int rtrace_check_handshakes(FILE *out, const char *path,
			    const struct crypto_pmk *pmk, const uint8_t *ssid,
			    size_t ssid_len);

#endif
