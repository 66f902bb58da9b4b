/*
 * conf_testutil.h - what the configuration tests (test_config*.c) share:
 * one struct conf and one struct conf_diag that every test parses into,
 * and the list of diagnostics the last parse emitted.
 *
 * Configs are parsed from strings with conf_parse_buf under the name
 * "t.conf", so a test compares each diagnostic as the full line a user
 * sees ("t.conf:5: beacon_int: 10 is out of range 15..65535").
 * Single-threaded test code; ct_reset() frees what the previous test left.
 */
#ifndef RAPD_TEST_CONF_TESTUTIL_H
#define RAPD_TEST_CONF_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "rapd/config.h"

/* Test inputs in the repository: the programs run from its root. */
#define DATA "tests/data/config/"
/* The four keys every valid config needs, on lines 1..4. */
#define BASE "interface=wlan0\nssid=test\nhw_mode=g\nchannel=6\n"
/* Four lines without an ssid, so line 5 can set one. */
#define NO_SSID "interface=wlan0\nhw_mode=g\nchannel=6\n# no ssid yet\n"

extern struct conf ct_conf;
extern struct conf_diag ct_diag;

/* Frees ct_conf, re-initialises it and forgets the diagnostics. */
void ct_reset(void);
/* ct_reset(), then conf_parse_buf on text; returns its result. */
int ct_parse_len(const char *text, size_t len);
int ct_parse(const char *text);
/* True if the last parse emitted exactly this line; else prints what it
 * did emit (use through CHECK_MSG). */
bool ct_has_msg(const char *want);
/* True if ct_conf's SSID is these len bytes. */
bool ct_ssid_is(const char *want, size_t len);

#define CHECK_MSG(want) CHECK(ct_has_msg(want))

#endif
