/*
 * nl_phy.c - what each phy can do: NL80211_CMD_GET_WIPHY as a split dump.
 *
 * Called by the thread owning the struct nl_conn (main thread, before any
 * interface is touched: --list-phys, and the checks that refuse a phy
 * without AP or monitor support). Owns nothing: replies are copied into
 * the caller's struct nl_phy array.
 *
 * With NL80211_ATTR_SPLIT_WIPHY_DUMP the kernel spreads one phy over many
 * messages, each carrying NL80211_ATTR_WIPHY; a band's channel list may be
 * cut across messages too, so channels are appended, never replaced.
 * Every message and nest is parsed against a static policy (nl80211.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_pvt.h"

static const struct nla_policy wiphy_policy[NL80211_ATTR_MAX + 1] = {
	[NL80211_ATTR_WIPHY] = { .type = NLA_U32 },
	[NL80211_ATTR_WIPHY_NAME] = { .type = NLA_STRING },
	[NL80211_ATTR_SUPPORTED_IFTYPES] = { .type = NLA_NESTED },
	[NL80211_ATTR_WIPHY_BANDS] = { .type = NLA_NESTED },
	[NL80211_ATTR_CIPHER_SUITES] = { .type = NLA_UNSPEC },
	[NL80211_ATTR_FEATURE_FLAGS] = { .type = NLA_U32 },
};

/* Each supported mode is a flag attribute whose type is the mode. */
static const struct nla_policy iftype_policy[NL80211_IFTYPE_MAX + 1] = {
	[0 ... NL80211_IFTYPE_MAX] = { .type = NLA_FLAG },
};

/* Bands are nests whose type is the band number. */
static const struct nla_policy bands_policy[NL_PHY_BANDS] = {
	[0 ... NL_PHY_BANDS - 1] = { .type = NLA_NESTED },
};

static const struct nla_policy band_policy[NL80211_BAND_ATTR_MAX + 1] = {
	[NL80211_BAND_ATTR_FREQS] = { .type = NLA_NESTED },
};

static const struct nla_policy freq_policy[NL80211_FREQUENCY_ATTR_MAX + 1] = {
	[NL80211_FREQUENCY_ATTR_FREQ] = { .type = NLA_U32 },
	[NL80211_FREQUENCY_ATTR_DISABLED] = { .type = NLA_FLAG },
	[NL80211_FREQUENCY_ATTR_NO_IR] = { .type = NLA_FLAG },
	[NL80211_FREQUENCY_ATTR_RADAR] = { .type = NLA_FLAG },
};

/* IEEE 802.11-2020 channel starting frequencies (2407, 4000, 5000, 5950
 * and 56160 MHz), channel 14 at 2484 MHz and the 6 GHz channel 2 exception
 * (5935 MHz). 5 GHz runs up to 5925 MHz (channel 185), as iw numbers it. */
unsigned nl_freq_to_channel(uint32_t f)
{
	if (f == 2484)
		return 14;
	if (f >= 2412 && f <= 2472)
		return (f - 2407) / 5;
	if (f >= 4910 && f <= 4980)
		return (f - 4000) / 5;
	if (f >= 5005 && f <= 5925)
		return (f - 5000) / 5;
	if (f == 5935)
		return 2;
	if (f >= 5955 && f <= 7115)
		return (f - 5950) / 5;
	if (f >= 58320 && f <= 70200)
		return (f - 56160) / 2160;
	return 0;
}

/* The entry for wiphy index idx: the one already started, or a new one. */
static struct nl_phy *phy_for_index(struct nl_phy_list *d, uint32_t idx)
{
	unsigned i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].index == idx)
			return &d->v[i];
	if (d->n == d->cap)
		return NULL;
	memset(&d->v[d->n], 0, sizeof(d->v[d->n]));
	d->v[d->n].index = idx;
	return &d->v[d->n++];
}

static int parse_iftypes(struct nl_phy *phy, struct nlattr *nest)
{
	struct nlattr *tb[NL80211_IFTYPE_MAX + 1];
	int t;

	if (nla_parse_nested(tb, NL80211_IFTYPE_MAX, nest, iftype_policy) < 0)
		return -EPROTO;
	/* 32 bits hold every mode nl80211.h defines (NL80211_IFTYPE_MAX
	 * is 12 today); a later one past bit 31 would simply not show. */
	for (t = 0; t <= NL80211_IFTYPE_MAX && t < 32; t++)
		if (tb[t])
			phy->iftypes |= 1u << t;
	return 0;
}

/* The attribute is an array of 32-bit suite selectors. */
static int parse_ciphers(struct nl_phy *phy, const struct nlattr *a)
{
	const uint8_t *p = nla_data(a);
	int len = nla_len(a), i;

	if (len % 4)
		return -EPROTO;
	phy->n_ciphers = 0;
	for (i = 0; i < len / 4 && phy->n_ciphers < NL_PHY_CIPHERS; i++)
		memcpy(&phy->ciphers[phy->n_ciphers++], p + 4 * i, 4);
	return 0;
}

static int parse_channel(struct nl_band *band, struct nlattr *nest)
{
	struct nlattr *tb[NL80211_FREQUENCY_ATTR_MAX + 1];
	struct nl_channel *c;

	if (nla_parse_nested(tb, NL80211_FREQUENCY_ATTR_MAX, nest,
			     freq_policy) < 0 ||
	    !tb[NL80211_FREQUENCY_ATTR_FREQ])
		return -EPROTO;
	if (band->n_channels == NL_BAND_CHANNELS) {
		band->truncated = true;
		return 0;
	}
	c = &band->channels[band->n_channels++];
	c->freq_mhz = nla_get_u32(tb[NL80211_FREQUENCY_ATTR_FREQ]);
	c->number = (uint16_t)nl_freq_to_channel(c->freq_mhz);
	c->flags = 0;
	if (tb[NL80211_FREQUENCY_ATTR_DISABLED])
		c->flags |= NL_CHAN_DISABLED;
	if (tb[NL80211_FREQUENCY_ATTR_NO_IR])
		c->flags |= NL_CHAN_NO_IR;
	if (tb[NL80211_FREQUENCY_ATTR_RADAR])
		c->flags |= NL_CHAN_RADAR;
	return 0;
}

/* One band's part in this message; the channel list is a list of nests
 * indexed 0..n, walked in order and each parsed with freq_policy. */
static int parse_band(struct nl_band *band, struct nlattr *nest)
{
	struct nlattr *tb[NL80211_BAND_ATTR_MAX + 1], *ch;
	int rem, rc;

	if (nla_parse_nested(tb, NL80211_BAND_ATTR_MAX, nest, band_policy) < 0)
		return -EPROTO;
	if (!tb[NL80211_BAND_ATTR_FREQS])
		return 0;	/* rates or HT/VHT caps only, in this part */
	nla_for_each_nested(ch, tb[NL80211_BAND_ATTR_FREQS], rem) {
		rc = parse_channel(band, ch);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int parse_bands(struct nl_phy *phy, struct nlattr *nest)
{
	struct nlattr *tb[NL_PHY_BANDS];
	int b, rc;

	if (nla_parse_nested(tb, NL_PHY_BANDS - 1, nest, bands_policy) < 0)
		return -EPROTO;
	for (b = 0; b < NL_PHY_BANDS; b++) {
		if (!tb[b])
			continue;
		rc = parse_band(&phy->bands[b], tb[b]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* One message of the dump: whichever parts of one phy it carries. */
static int parse_wiphy(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_phy_list *d = arg;
	struct nl_phy *phy;
	int rc = 0;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NL80211_ATTR_MAX,
			  wiphy_policy) < 0 || !tb[NL80211_ATTR_WIPHY])
		return -EPROTO;
	phy = phy_for_index(d, nla_get_u32(tb[NL80211_ATTR_WIPHY]));
	if (!phy)
		return -ENOSPC;
	if (tb[NL80211_ATTR_WIPHY_NAME])
		snprintf(phy->name, sizeof(phy->name), "%s",
			 nla_get_string(tb[NL80211_ATTR_WIPHY_NAME]));
	if (tb[NL80211_ATTR_FEATURE_FLAGS])
		phy->features = nla_get_u32(tb[NL80211_ATTR_FEATURE_FLAGS]);
	if (tb[NL80211_ATTR_SUPPORTED_IFTYPES])
		rc = parse_iftypes(phy, tb[NL80211_ATTR_SUPPORTED_IFTYPES]);
	if (rc == 0 && tb[NL80211_ATTR_CIPHER_SUITES])
		rc = parse_ciphers(phy, tb[NL80211_ATTR_CIPHER_SUITES]);
	if (rc == 0 && tb[NL80211_ATTR_WIPHY_BANDS])
		rc = parse_bands(phy, tb[NL80211_ATTR_WIPHY_BANDS]);
	return rc;
}

/* Without this flag the kernel sends each phy in one message, which
 * overflows the default buffer on phys with many bands and channels. */
static int build_split_dump(struct nl_msg *msg, const void *req)
{
	return nla_put_flag(msg, NL80211_ATTR_SPLIT_WIPHY_DUMP) < 0 ?
		       -EMSGSIZE : 0;
}

/* Not static: the unit tests feed it canned messages (nl_pvt.h). */
const struct nl_cmd nl_cmd_get_wiphy_dump = {
	.name = "GET_WIPHY",
	.cmd = NL80211_CMD_GET_WIPHY,
	.flags = NLM_F_DUMP,
	.build = build_split_dump,
	.parse = parse_wiphy,
};

int nl_phy_dump(struct nl_conn *nl, struct nl_phy *phys, unsigned cap,
		unsigned *n)
{
	struct nl_phy_list d = { .v = phys, .cap = cap };
	int rc;

	rc = nl_exec(nl, &nl_cmd_get_wiphy_dump, 0, NULL, &d);
	*n = d.n;
	return rc;
}
