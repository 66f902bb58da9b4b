/*
 * port_live_filter.c - the kernel capture filter of the live monitor
 * port: which frames of the air reach rapd's RX thread at all.
 *
 * Pure (a string built from its arguments), called by port_live_open()
 * on the main thread and by tests; owns nothing. The expression is in
 * libpcap's filter language (pcap-filter(7)), which compiles it to
 * classic BPF that the kernel runs on the packet socket, so the frames
 * of other networks and the control frames of every network never cross
 * into user space. Over link type 127 libpcap's code skips the radiotap
 * header by its it_len, and reads 802.11 fields (IEEE 802.11-2020 9.2.3
 * and 9.3: Frame Control type and subtype, Address 1..3) and, for
 * "ether proto", the LLC/SNAP header of a data frame's body past a QoS
 * Control field when there is one (hwsim measurements: admits QoS data).
 *
 * For a BSS with BSSID B, the expression admits:
 *   management frames, but beacons, with addr3 = B (frames of the BSS:
 *     authentication, association, deauthentication, action, directed
 *     probe requests, and rapd's own responses coming back as TX status)
 *     or addr1 = B (addressed to the AP);
 *   probe requests with addr3 = ff:ff:ff:ff:ff:ff (the wildcard BSSID:
 *     stations scanning for any network, which the AP answers);
 *   data frames with addr1 = B (to the AP) or addr2 = B (from the AP,
 *     rapd's EAPOL-Key frames as TX status), restricted to EAPOL
 *     (ethertype 0x888e) unless every data frame is wanted.
 * Beacons are refused even with addr3 = B: in nl80211 mode the kernel
 * sends them ten times a second and their echoes would only cost the RX
 * thread work.
 */
#include "rapd/port.h"

#include <errno.h>
#include <stdio.h>

#include "rapd/bytes.h"

int port_live_filter(const uint8_t bssid[6], bool data_frames, char *buf,
		     size_t cap)
{
	char b[MAC_STR_LEN];
	int n;

	mac_str(bssid, b);
	n = snprintf(buf, cap,
		     "(type mgt and not subtype beacon"
		     " and (wlan addr3 %s or wlan addr1 %s))"
		     " or (type mgt subtype probe-req"
		     " and wlan addr3 ff:ff:ff:ff:ff:ff)"
		     " or (type data and (wlan addr1 %s or wlan addr2 %s)%s)",
		     b, b, b, b, data_frames ? "" : " and ether proto 0x888e");
	if (n < 0 || (size_t)n >= cap) {
		/* A cut expression might still compile, to the wrong filter. */
		if (cap)
			buf[0] = '\0';
		return -ENOSPC;
	}
	return n;
}
