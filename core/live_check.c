/*
 * live_check.c - what rapd verifies before it touches a real interface
 * (driver=nl80211): running as root, the interface exists and is a
 * wireless one, its phy can be an AP and a monitor, the channel exists on
 * it and may be used to start a BSS. Every refusal names the thing and the
 * reason, and nothing has been changed when it is made.
 *
 * Main thread, on its own nl80211 connection. Reads only.
 */
#include <rapd/live.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/nl80211.h>

#define LIVE_MAX_PHYS 16

static int refuse(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int refuse(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* What needs no nl80211: the interface exists. */
static int check_link(const struct conf *c, struct live_iface *li, char *err,
		      size_t errlen)
{
	int rc;

	if (strlen(c->interface) >= sizeof(li->ifname))
		return refuse(err, errlen, -EINVAL, "%s: name too long",
			      c->interface);
	strcpy(li->ifname, c->interface);
	rc = nl_link_index(li->ifname, &li->ifindex);
	if (rc != 0)
		return refuse(err, errlen, rc, "%s: no such interface",
			      li->ifname);
	return 0;
}

static int check_iface(struct nl_conn *nl, struct live_iface *li, char *err,
		       size_t errlen)
{
	struct nl_iface ni;
	int rc = nl_iface_get(nl, li->ifindex, &ni);

	if (rc != 0)
		return refuse(err, errlen, rc,
			      "%s: not a wireless interface (nl80211 does "
			      "not know it)", li->ifname);
	li->wiphy = ni.wiphy;
	li->iftype = ni.iftype;
	memcpy(li->addr, ni.addr, 6);
	rc = nl_link_get_up(li->ifname, &li->was_up);
	if (rc != 0)
		return refuse(err, errlen, rc, "%s: cannot read its state: %s",
			      li->ifname, strerror(-rc));
	if (snprintf(li->mon, sizeof(li->mon), "mon.%s", li->ifname) >=
	    (int)sizeof(li->mon))
		return refuse(err, errlen, -EINVAL,
			      "%s: name too long for its monitor interface "
			      "mon.%s (15 characters at most)", li->ifname,
			      li->ifname);
	return 0;
}

static const struct nl_channel *find_channel(const struct nl_phy *phy,
					     uint32_t freq)
{
	for (unsigned b = 0; b < NL_PHY_BANDS; b++)
		for (unsigned i = 0; i < phy->bands[b].n_channels; i++)
			if (phy->bands[b].channels[i].freq_mhz == freq)
				return &phy->bands[b].channels[i];
	return NULL;
}

static int check_channel(const struct conf *c, const struct nl_phy *phy,
			 struct live_iface *li, char *err, size_t errlen)
{
	enum bss_band band = c->hw_mode == CONF_HW_MODE_A ? BSS_BAND_5GHZ
							  : BSS_BAND_2GHZ;
	const struct nl_channel *ch;
	int sec = c->ht40 == CONF_HT40_PLUS ? 1
		  : c->ht40 == CONF_HT40_MINUS ? -1 : 0;

	if (c->channel == 0)
		return refuse(err, errlen, -EINVAL,
			      "channel=0 (automatic channel selection) is not "
			      "supported: set a channel");
	li->freq_mhz = bss_channel_freq(band, c->channel);
	ch = li->freq_mhz ? find_channel(phy, li->freq_mhz) : NULL;
	if (!ch)
		return refuse(err, errlen, -EINVAL,
			      "channel %u (hw_mode=%s) is not supported by %s",
			      c->channel, band == BSS_BAND_5GHZ ? "a" : "g",
			      phy->name);
	if (ch->flags & NL_CHAN_DISABLED)
		return refuse(err, errlen, -EPERM,
			      "channel %u (%u MHz) is disabled on %s (by the "
			      "regulatory domain%s)", c->channel, li->freq_mhz,
			      phy->name,
			      c->country_code[0] ? "" : "; set country_code");
	if (ch->flags & NL_CHAN_RADAR)
		return refuse(err, errlen, -EPERM,
			      "channel %u (%u MHz) needs radar detection "
			      "(DFS), which rapd does not do: pick another",
			      c->channel, li->freq_mhz);
	if (ch->flags & NL_CHAN_NO_IR)
		return refuse(err, errlen, -EPERM,
			      "channel %u (%u MHz) is no-IR on %s: the "
			      "regulatory domain does not allow starting a "
			      "BSS there%s", c->channel, li->freq_mhz,
			      phy->name,
			      c->country_code[0] ? "" : " (set country_code)");
	nl_chandef(li->freq_mhz, c->ieee80211n, sec, &li->chan_width,
		   &li->center_freq1);
	return 0;
}

static int check_phy(struct nl_conn *nl, const struct conf *c,
		     struct live_iface *li, char *err, size_t errlen)
{
	static struct nl_phy phys[LIVE_MAX_PHYS]; /* main thread only */
	const struct nl_phy *phy = NULL;
	unsigned n = 0;
	int rc = nl_phy_dump(nl, phys, LIVE_MAX_PHYS, &n);

	if (rc != 0 && rc != -ENOSPC)
		return refuse(err, errlen, rc, "cannot read the phys: %s",
			      strerror(-rc));
	for (unsigned i = 0; i < n; i++)
		if (phys[i].index == li->wiphy)
			phy = &phys[i];
	if (!phy)
		return refuse(err, errlen, -ENODEV, "%s: its phy is not listed",
			      li->ifname);
	snprintf(li->phy, sizeof(li->phy), "%s", phy->name);
	if (c->driver == CONF_DRIVER_NL80211 &&
	    !(phy->iftypes & (1u << NL80211_IFTYPE_AP)))
		return refuse(err, errlen, -EOPNOTSUPP,
			      "%s (%s) does not support AP mode", phy->name,
			      li->ifname);
	if (!(phy->iftypes & (1u << NL80211_IFTYPE_MONITOR)))
		return refuse(err, errlen, -EOPNOTSUPP,
			      "%s (%s) does not support monitor mode, which "
			      "rapd needs%s", phy->name, li->ifname,
			      c->driver == CONF_DRIVER_NL80211
				      ? " beside the AP interface" : "");
	li->active_monitor =
		phy->features & NL80211_FEATURE_ACTIVE_MONITOR;
	return check_channel(c, phy, li, err, errlen);
}

int live_check(struct nl_conn **nl, const struct conf *c, struct live_iface *li,
	       char *err, size_t errlen)
{
	int rc;

	*nl = NULL;
	memset(li, 0, sizeof(*li));
	li->monitor_only = c->driver == CONF_DRIVER_MONITOR;
	if (geteuid() != 0)
		return refuse(err, errlen, -EPERM,
			      "must run as root to configure %s (needs "
			      "CAP_NET_ADMIN and CAP_NET_RAW)", c->interface);
	rc = check_link(c, li, err, errlen);
	if (rc != 0)
		return rc;
	rc = nl_conn_open(nl);
	if (rc != 0)
		return refuse(err, errlen, rc, "nl80211 not available: %s",
			      rc == -ENOENT ? "the kernel has no cfg80211"
					    : strerror(-rc));
	rc = check_iface(*nl, li, err, errlen);
	if (rc == 0)
		rc = check_phy(*nl, c, li, err, errlen);
	if (rc == 0)
		memcpy(li->bssid, c->bssid_set ? c->bssid : li->addr, 6);
	return rc;
}
