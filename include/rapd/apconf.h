/*
 * apconf.h - from the configuration (core) to the access point's struct bss
 * (mlme): the one place where hostapd.conf values become what the AP
 * answers with.
 *
 * Contract: called by the main thread at start-up, before any worker runs;
 * pure apart from reading the struct conf. The bss it fills holds the PMK:
 * the caller wipes it with bss_wipe() when done.
 */
#ifndef RAPD_APCONF_H
#define RAPD_APCONF_H

#include <stddef.h>
#include <stdint.h>

#include <rapd/bss.h>
#include <rapd/config.h>

/* The BSSID rapd uses without a radio (simulation, replay) when the
 * configuration sets none: a locally administered unicast address,
 * 02:72:61:70:64:00 ("rapd"), outside the simulator's 02:00:00:xx:xx:xx. */
#define APCONF_DEFAULT_BSSID { 0x02, 0x72, 0x61, 0x70, 0x64, 0x00 }

/*
 * Fills b from c, with bssid the radio's address (or c->bssid when set).
 * Returns 0, or -1 with a reason in err when the result does not pass
 * bss_check() (a configuration conf_load accepted always should).
 */
int apconf_bss(const struct conf *c, const uint8_t bssid[6], struct bss *b,
	       char *err, size_t errlen);

#endif
