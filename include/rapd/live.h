/*
 * live.h - driver=nl80211 on a real card: the checks made before anything
 * is touched, the interfaces rapd sets up around the kernel AP interface
 * (and puts back as it found them), and the kernel's part of each station
 * (struct pipe_kernel_ops over nl80211).
 *
 * driver=monitor: no kernel AP at all. The configured interface is only
 * taken down; "mon.<ifname>" is an *active* monitor interface whose MAC is
 * the BSSID (where the phy supports it: the hardware then ACKs frames to
 * the AP; elsewhere a plain one, and stations see no ACKs), on the
 * configured channel; rapd beacons and answers everything through it.
 *
 * driver=nl80211, hostapd's classic monitor architecture: the configured
 * interface becomes a kernel AP interface (it owns the BSSID, beacons from
 * the head/tail rapd builds, ACKs, the data path); a plain monitor
 * interface "mon.<ifname>" on the same phy carries management and EAPOL
 * frames up to rapd as radiotap, with an echo of every frame the radio
 * sent (TX status), and rapd injects its answers there.
 *
 * Contract
 * - Main thread only, except live_kernel_ops, whose functions run on the
 *   workers, each on a netlink connection of its own.
 * - live_check() reads (the driver, root, the interface, its phy, the
 *   channel) and changes nothing; every refusal is one line in err naming what and
 *   why. live_setup() makes the changes in a fixed order and records each
 *   one in *li as it succeeds; on failure it undoes what it did
 *   (live_restore) before returning. live_restore() undoes whatever *li
 *   records, in reverse order, carrying on past a failed step; it may be
 *   called more than once.
 * - Returns: 0, or a negative errno with the reason in err (live_restore:
 *   the first error met, messages on stderr).
 */
#ifndef RAPD_LIVE_H
#define RAPD_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/bss.h>
#include <rapd/config.h>
#include <rapd/nl.h>
#include <rapd/pipeline.h>

#define LIVE_IFNAME_SIZE 16 /* IFNAMSIZ */

struct live_iface {
	/* Found by live_check, before anything was touched */
	char ifname[LIVE_IFNAME_SIZE];
	uint32_t ifindex;
	uint32_t wiphy;
	char phy[NL_PHY_NAME_LEN];
	uint32_t iftype;	/* NL80211_IFTYPE_* it was in */
	bool was_up;
	uint8_t addr[6];	/* its MAC: the BSSID unless bssid= is set */
	uint8_t bssid[6];	/* what the AP will use */
	bool active_monitor;	/* the phy can ACK on a monitor interface */
	bool monitor_only;	/* driver=monitor: no kernel AP interface */
	/* The channel to use */
	uint32_t freq_mhz, chan_width, center_freq1;
	char mon[LIVE_IFNAME_SIZE]; /* "mon.<ifname>" */
	/* What live_setup changed, in order; live_restore undoes it */
	bool reg_set;
	bool downed;
	bool type_set;
	bool addr_set;
	bool upped;
	bool mon_created;
	uint32_t mon_ifindex;
	bool ap_started;
};

/* Opens *nl (the main thread's connection, also on failure once opened:
 * the caller closes it) after the checks that need none. */
int live_check(struct nl_conn **nl, const struct conf *c, struct live_iface *li,
	       char *err, size_t errlen);
/* Everything up to, not including, START_AP: the caller starts the AP
 * with live_ap_enable() once it can answer stations (its frame port,
 * threads and control socket exist), so nothing sees a beaconing AP that
 * cannot answer yet. */
int live_setup(struct nl_conn *nl, const struct conf *c, const struct bss *b,
	       struct live_iface *li, char *err, size_t errlen);
/* SET_BEACON with b's head and tail (after a reload). */
int live_set_beacon(struct nl_conn *nl, const struct live_iface *li,
		    const struct bss *b);
int live_restore(struct nl_conn *nl, struct live_iface *li);
/* ENABLE / DISABLE: START_AP with b again, or STOP_AP (recorded in
 * li->ap_started, so live_restore stays right). */
int live_ap_enable(struct nl_conn *nl, struct live_iface *li,
		   const struct bss *b, bool on);

/* pipe_params.kernel for driver=nl80211; kernel_arg: the struct
 * live_iface (read-only while the pipeline runs). */
extern const struct pipe_kernel_ops live_kernel_ops;

#endif
