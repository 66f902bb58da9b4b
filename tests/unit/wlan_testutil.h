/*
 * wlan_testutil.h - helpers shared by the unit tests of the 802.11 frame
 * and element codec (test_frame*.c, test_ie.c, test_rsn.c). The prefix
 * wt_ stands for "wlan test".
 *
 * Contract: single-threaded test code only. Each helper records its own
 * failed assertions through check.h (so a caller sees file:line of this
 * file) and goes on; none aborts. Captures are read in place from the
 * shared captures folder (check_capture), never copied into the repo.
 * Ownership: a struct wt_capture owns one heap buffer per frame until
 * wt_free_capture(); element views (struct ie) point into the caller's
 * buffer, or into *keep for wt_hex_elem, which the caller frees.
 */
#ifndef RAPD_TEST_WLAN_TESTUTIL_H
#define RAPD_TEST_WLAN_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/ie.h>
#include <rapd/ieee80211.h>

/* Parses buf as a MAC header; a verdict other than WLAN_HDR_OK fails. */
struct wlan_hdr wt_parse_ok(const uint8_t *buf, size_t len);

/* The first element of buf, which the test wrote well formed (checked). */
struct ie wt_first_elem(const uint8_t *buf, size_t len);

/* The first element of the hex string; *keep holds its malloc'd bytes. */
struct ie wt_hex_elem(const char *hex, uint8_t **keep);

/* An AP offering CCMP and PSK only: no MFP, no RSN capabilities. */
extern const struct rsn_config wt_psk_ap;

#define WT_CAP_MAX 256

/* Frames of one capture, each copied into an exact-size heap buffer, so
 * ASan sees any read past a frame's end. */
struct wt_capture {
	unsigned n;
	unsigned radiotap_bad; /* frames whose radiotap header is broken */
	uint8_t *frame[WT_CAP_MAX + 1]; /* 1-based, as tshark numbers them */
	size_t len[WT_CAP_MAX + 1];
};

/*
 * Loads the first WT_CAP_MAX frames of a capture of the captures folder,
 * radiotap header (and any FCS it announces) stripped. Returns false when
 * the capture is absent (the caller SKIPs) or cannot be opened (a failed
 * check); c is then empty and need not be freed.
 */
bool wt_load_capture(const char *name, struct wt_capture *c);
void wt_free_capture(struct wt_capture *c);

/* Parses frame no of c into h and m; it must be a management frame of
 * subtype stype whose body parses. Returns false (a failed check) if not. */
bool wt_cap_mgmt(const struct wt_capture *c, unsigned no, uint8_t stype,
		 struct wlan_hdr *h, struct wlan_mgmt *m);

#endif
