/*
 * live_iface.c - the interfaces around a kernel AP (driver=nl80211): set
 * up in a fixed order, each change recorded as it succeeds, and put back
 * in reverse order on exit or on a failed set-up (see live.h).
 *
 *   set-up                              undone by
 *   regulatory country (country_code)   - (global; see below)
 *   link down, if it was up             link up again at the end
 *   interface type AP                   the type it had
 *   MAC = bssid=, when set              the MAC it had
 *   link up                             link down
 *   mon.<ifname>: plain monitor, up     deleted
 *   (live_ap_enable, once rapd can      STOP_AP
 *   answer:) START_AP (beacon head and
 *     tail, SSID, channel, ciphers, AKM)
 *
 * The monitor interface is plain (no flags): not "cooked" and not
 * skipping TX, so it delivers the echo of every frame the radio sends
 * (TX status). A mon.<ifname> found at start is one a killed run left
 * behind: it is deleted and made again.
 * The regulatory domain is global to the machine, not the interface's
 * state; rapd sets it as hostapd does and leaves it.
 *
 * Main thread, on its own nl80211 connection.
 */
#include <rapd/live.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/nl80211.h>

#include <rapd/ap.h>
#include <rapd/log.h>

#define SUITE(type) (0x000fac00u | (type))
#define CIPHER_SUITE_CCMP SUITE(4)

static int fail(char *err, size_t errlen, int rc, const char *what,
		const char *name)
{
	snprintf(err, errlen, "%s: %s: %s", name, what, strerror(-rc));
	return rc;
}

/* The lowest AKM of a mask of RSN_AKM_* bits, as a suite. */
static uint32_t akm_suite(uint32_t akms)
{
	for (unsigned t = 0; t < 32; t++)
		if (akms & (1u << t))
			return SUITE(t);
	return 0;
}

static uint32_t hidden_mode(enum bss_hidden h)
{
	switch (h) {
	case BSS_SSID_EMPTY:
		return NL80211_HIDDEN_SSID_ZERO_LEN;
	case BSS_SSID_ZEROED:
		return NL80211_HIDDEN_SSID_ZERO_CONTENTS;
	case BSS_SSID_VISIBLE:
		break;
	}
	return NL80211_HIDDEN_SSID_NOT_IN_USE;
}

struct beacon_buf {
	uint8_t head[BSS_BEACON_MAX], tail[BSS_BEACON_MAX];
	size_t head_len, tail_len;
};

static int build_beacon(const struct bss *b, struct beacon_buf *bb)
{
	uint8_t *h = ap_build_beacon_head(b, 0, 0, bb->head,
					  bb->head + sizeof(bb->head));
	uint8_t *t = ap_build_beacon_tail(b, bb->tail,
					  bb->tail + sizeof(bb->tail));

	if (!h || !t)
		return -EMSGSIZE;
	bb->head_len = (size_t)(h - bb->head);
	bb->tail_len = (size_t)(t - bb->tail);
	return 0;
}

static int start_ap(struct nl_conn *nl, const struct bss *b,
		    struct live_iface *li, char *err, size_t errlen)
{
	static struct beacon_buf bb; /* main thread only */
	struct nl_ap_params ap = {
		.beacon_int = b->beacon_int, .dtim_period = b->dtim_period,
		.ssid = b->ssid, .ssid_len = b->ssid_len,
		.hidden = hidden_mode(b->ignore_broadcast_ssid),
		.freq_mhz = li->freq_mhz, .chan_width = li->chan_width,
		.center_freq1 = li->center_freq1,
	};
	int rc = build_beacon(b, &bb);

	if (rc != 0)
		return fail(err, errlen, rc, "beacon", li->ifname);
	ap.head = bb.head;
	ap.head_len = bb.head_len;
	ap.tail = bb.tail;
	ap.tail_len = bb.tail_len;
	if (b->rsn) {
		ap.privacy = true;
		ap.wpa_versions = NL80211_WPA_VERSION_2;
		ap.akm = akm_suite(b->rsn_cfg.akms);
		ap.pairwise_cipher = CIPHER_SUITE_CCMP;
		ap.group_cipher = CIPHER_SUITE_CCMP;
	}
	log_msg(LOG_DEBUG, "%s: START_AP: %u MHz width %u, beacon %zu+%zu "
		"octets, interval %u TU, DTIM %u", li->ifname, ap.freq_mhz,
		ap.chan_width, ap.head_len, ap.tail_len, ap.beacon_int,
		ap.dtim_period);
	rc = nl_ap_start(nl, li->ifindex, &ap);
	if (rc != 0)
		return fail(err, errlen, rc, "START_AP", li->ifname);
	li->ap_started = true;
	return 0;
}

int live_set_beacon(struct nl_conn *nl, const struct live_iface *li,
		    const struct bss *b)
{
	static struct beacon_buf bb; /* main thread only */
	int rc = build_beacon(b, &bb);

	if (rc == 0)
		rc = nl_ap_set_beacon(nl, li->ifindex, bb.head, bb.head_len,
				      bb.tail, bb.tail_len);
	return rc;
}

/* The AP interface itself: type, MAC, up. */
static int setup_ap_iface(struct nl_conn *nl, struct live_iface *li,
			  char *err, size_t errlen)
{
	int rc;

	if (li->was_up) {
		if ((rc = nl_link_set_up(li->ifname, false)) != 0)
			return fail(err, errlen, rc, "link down", li->ifname);
		li->downed = true;
	}
	log_msg(LOG_DEBUG, "%s: was type %u, %s; becomes an AP interface",
		li->ifname, li->iftype, li->was_up ? "up" : "down");
	if (li->iftype != NL80211_IFTYPE_AP) {
		rc = nl_iface_set_type(nl, li->ifindex, NL80211_IFTYPE_AP);
		if (rc != 0)
			return fail(err, errlen, rc, "set type AP", li->ifname);
		li->type_set = true;
	}
	if (memcmp(li->bssid, li->addr, 6) != 0) {
		if ((rc = nl_link_set_addr(li->ifname, li->bssid)) != 0)
			return fail(err, errlen, rc, "set MAC to bssid",
				    li->ifname);
		li->addr_set = true;
	}
	if ((rc = nl_link_set_up(li->ifname, true)) != 0)
		return fail(err, errlen, rc, "link up", li->ifname);
	li->upped = true;
	return 0;
}

static int setup_monitor(struct nl_conn *nl, struct live_iface *li,
			 char *err, size_t errlen)
{
	uint32_t stale;
	int rc;

	if (nl_link_index(li->mon, &stale) == 0) {
		log_msg(LOG_WARNING, "%s exists (left by an earlier run?): "
			"deleting it", li->mon);
		if ((rc = nl_iface_del(nl, stale)) != 0)
			return fail(err, errlen, rc, "delete", li->mon);
	}
	rc = nl_iface_new(nl, li->wiphy, li->mon, NL80211_IFTYPE_MONITOR, 0,
			  NULL, &li->mon_ifindex);
	if (rc != 0)
		return fail(err, errlen, rc, "create monitor interface",
			    li->mon);
	li->mon_created = true;
	log_msg(LOG_DEBUG, "%s: monitor interface created (ifindex %u)",
		li->mon, li->mon_ifindex);
	if ((rc = nl_link_set_up(li->mon, true)) != 0)
		return fail(err, errlen, rc, "link up", li->mon);
	return 0;
}

/* driver=monitor: the interface down, an (active) monitor on the
 * channel with the BSSID as its MAC. */
static int setup_monitor_only(struct nl_conn *nl, struct live_iface *li,
			      char *err, size_t errlen)
{
	uint32_t flags = li->active_monitor ? 1u << NL80211_MNTR_FLAG_ACTIVE
					    : 0;
	uint32_t stale;
	int rc;

	if (li->was_up) {
		if ((rc = nl_link_set_up(li->ifname, false)) != 0)
			return fail(err, errlen, rc, "link down", li->ifname);
		li->downed = true;
	}
	if (nl_link_index(li->mon, &stale) == 0) {
		log_msg(LOG_WARNING, "%s exists (left by an earlier run?): "
			"deleting it", li->mon);
		if ((rc = nl_iface_del(nl, stale)) != 0)
			return fail(err, errlen, rc, "delete", li->mon);
	}
	rc = nl_iface_new(nl, li->wiphy, li->mon, NL80211_IFTYPE_MONITOR,
			  flags, li->bssid, &li->mon_ifindex);
	if (rc != 0)
		return fail(err, errlen, rc, "create monitor interface",
			    li->mon);
	li->mon_created = true;
	if ((rc = nl_link_set_up(li->mon, true)) != 0)
		return fail(err, errlen, rc, "link up", li->mon);
	rc = nl_iface_set_channel(nl, li->mon_ifindex, li->freq_mhz,
				  li->chan_width, li->center_freq1);
	if (rc != 0)
		return fail(err, errlen, rc, "set channel", li->mon);
	if (!li->active_monitor)
		log_msg(LOG_WARNING, "%s: the phy has no active monitor mode: "
			"nothing will ACK the stations' frames to the AP, "
			"so they will retry and may give up", li->mon);
	log_msg(LOG_DEBUG, "%s: %s monitor on %u MHz, MAC = BSSID",
		li->mon, li->active_monitor ? "active" : "plain",
		li->freq_mhz);
	return 0;
}

int live_setup(struct nl_conn *nl, const struct conf *c, const struct bss *b,
	       struct live_iface *li, char *err, size_t errlen)
{
	int rc = 0;

	if (c->country_code[0]) {
		rc = nl_reg_set(nl, c->country_code);
		if (rc != 0)
			return fail(err, errlen, rc, "set regulatory country",
				    c->country_code);
		li->reg_set = true;
	}
	(void)b; /* START_AP comes later: live_ap_enable */
	if (li->monitor_only) {
		rc = setup_monitor_only(nl, li, err, errlen);
		if (rc != 0)
			live_restore(nl, li);
		return rc;
	}
	rc = setup_ap_iface(nl, li, err, errlen);
	if (rc == 0)
		rc = setup_monitor(nl, li, err, errlen);
	if (rc != 0)
		live_restore(nl, li);
	return rc;
}

int live_ap_enable(struct nl_conn *nl, struct live_iface *li,
		   const struct bss *b, bool on)
{
	char err[256];
	int rc;

	if (on == li->ap_started)
		return -EALREADY;
	if (on) {
		rc = start_ap(nl, b, li, err, sizeof(err));
		if (rc != 0)
			log_msg(LOG_ERROR, "%s", err);
		return rc;
	}
	rc = nl_ap_stop(nl, li->ifindex);
	if (rc == 0)
		li->ap_started = false;
	return rc;
}

static void restore_step(int *first, int rc, const char *what,
			 const char *name)
{
	if (rc == 0)
		return;
	log_msg(LOG_ERROR, "%s: cannot %s: %s", name, what, strerror(-rc));
	if (!*first)
		*first = rc;
}

int live_restore(struct nl_conn *nl, struct live_iface *li)
{
	int first = 0;

	log_msg(LOG_DEBUG, "%s: putting the interfaces back", li->ifname);
	if (li->ap_started)
		restore_step(&first, nl_ap_stop(nl, li->ifindex), "stop AP",
			     li->ifname);
	li->ap_started = false;
	if (li->mon_created)
		restore_step(&first, nl_iface_del(nl, li->mon_ifindex),
			     "delete", li->mon);
	li->mon_created = false;
	if (li->upped || li->type_set || li->addr_set)
		restore_step(&first, nl_link_set_up(li->ifname, false),
			     "set link down", li->ifname);
	li->upped = false;
	if (li->addr_set)
		restore_step(&first, nl_link_set_addr(li->ifname, li->addr),
			     "put its MAC back", li->ifname);
	li->addr_set = false;
	if (li->type_set)
		restore_step(&first,
			     nl_iface_set_type(nl, li->ifindex, li->iftype),
			     "put its interface type back", li->ifname);
	li->type_set = false;
	if (li->downed || li->was_up)
		restore_step(&first, nl_link_set_up(li->ifname, li->was_up),
			     "put its link state back", li->ifname);
	li->downed = false;
	return first;
}
