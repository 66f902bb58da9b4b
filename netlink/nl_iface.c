/*
 * nl_iface.c - interfaces: GET_INTERFACE (one or a dump), NEW_INTERFACE,
 * DEL_INTERFACE, SET_INTERFACE (type), SET_WIPHY (a monitor's channel),
 * REQ_SET_REG, and the channel definition shared with START_AP.
 *
 * Called by the thread owning the struct nl_conn (main thread: set-up and
 * restore of the interfaces rapd uses). Owns nothing: replies are copied
 * into the caller's struct nl_iface.
 *
 * Follows nl80211.h: an interface is described by IFINDEX, IFNAME, WIPHY,
 * IFTYPE, MAC, WDEV and, when it has one, the channel definition
 * (WIPHY_FREQ, CHANNEL_WIDTH, CENTER_FREQ1); wdevs without a netdev (P2P
 * device, NAN) come without IFINDEX and are skipped. Monitor flags are a
 * nest of flag attributes whose types are NL80211_MNTR_FLAG_*. Channel
 * definitions follow the HT channelization of IEEE 802.11-2020 clause 19
 * (a 40 MHz channel is the primary and the secondary 20 MHz channel, its
 * center between them) and, for the wider ones, the rule the kernel checks
 * (cfg80211_chandef_valid).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_pvt.h"

#define IFNAME_MAX 15	/* IFNAMSIZ less the NUL */

static const struct nla_policy iface_policy[NL80211_ATTR_MAX + 1] = {
	[NL80211_ATTR_IFINDEX] = { .type = NLA_U32 },
	[NL80211_ATTR_IFNAME] = { .type = NLA_STRING },
	[NL80211_ATTR_WIPHY] = { .type = NLA_U32 },
	[NL80211_ATTR_IFTYPE] = { .type = NLA_U32 },
	[NL80211_ATTR_MAC] = { .type = NLA_UNSPEC, .minlen = 6 },
	[NL80211_ATTR_WDEV] = { .type = NLA_U64 },
	[NL80211_ATTR_WIPHY_FREQ] = { .type = NLA_U32 },
	[NL80211_ATTR_CHANNEL_WIDTH] = { .type = NLA_U32 },
	[NL80211_ATTR_CENTER_FREQ1] = { .type = NLA_U32 },
};

/* The width in MHz of the widths a single center describes; 0 others. */
static uint32_t width_mhz(uint32_t width)
{
	switch (width) {
	case NL80211_CHAN_WIDTH_20_NOHT:
	case NL80211_CHAN_WIDTH_20:
		return 20;
	case NL80211_CHAN_WIDTH_40:
		return 40;
	case NL80211_CHAN_WIDTH_80:
		return 80;
	case NL80211_CHAN_WIDTH_160:
		return 160;
	case NL80211_CHAN_WIDTH_320:
		return 320;
	case NL80211_CHAN_WIDTH_5:
		return 5;
	case NL80211_CHAN_WIDTH_10:
		return 10;
	}
	return 0;	/* 80+80 (needs CENTER_FREQ2) and the rest */
}

/* The primary 20 MHz channel must sit inside the wide channel at an odd
 * multiple of 10 MHz from its center: 10 for 40 MHz, 10/30 for 80 MHz,
 * 10..70 for 160 MHz, 10..150 for 320 MHz. The narrow widths are centered
 * on the channel. */
static bool chandef_valid(uint32_t freq, uint32_t width, uint32_t center)
{
	uint32_t mhz = width_mhz(width), off;

	if (!freq || !mhz)
		return false;
	if (mhz <= 20)
		return center == freq;
	off = center > freq ? center - freq : freq - center;
	return off < mhz / 2 && off % 20 == 10;
}

int nl_put_chandef(struct nl_msg *msg, uint32_t freq_mhz, uint32_t width,
		   uint32_t center_freq1)
{
	uint32_t center = center_freq1 ? center_freq1 : freq_mhz;

	if (!chandef_valid(freq_mhz, width, center))
		return -EINVAL;
	if (nla_put_u32(msg, NL80211_ATTR_WIPHY_FREQ, freq_mhz) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_CHANNEL_WIDTH, width) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_CENTER_FREQ1, center) < 0)
		return -EMSGSIZE;
	return 0;
}

void nl_chandef(uint32_t freq_mhz, bool ht, int sec_offset,
		uint32_t *chan_width, uint32_t *center_freq1)
{
	*center_freq1 = freq_mhz;
	if (!ht) {
		*chan_width = NL80211_CHAN_WIDTH_20_NOHT;
	} else if (sec_offset == 0) {
		*chan_width = NL80211_CHAN_WIDTH_20;
	} else {
		*chan_width = NL80211_CHAN_WIDTH_40;
		*center_freq1 = sec_offset > 0 ? freq_mhz + 10 : freq_mhz - 10;
	}
}

/* The fields of one interface message that has an IFINDEX. */
static void iface_fill(struct nl_iface *f, struct nlattr **tb)
{
	memset(f, 0, sizeof(*f));
	f->ifindex = nla_get_u32(tb[NL80211_ATTR_IFINDEX]);
	if (tb[NL80211_ATTR_IFNAME])
		nla_strlcpy(f->name, tb[NL80211_ATTR_IFNAME], sizeof(f->name));
	if (tb[NL80211_ATTR_WIPHY])
		f->wiphy = nla_get_u32(tb[NL80211_ATTR_WIPHY]);
	if (tb[NL80211_ATTR_IFTYPE])
		f->iftype = nla_get_u32(tb[NL80211_ATTR_IFTYPE]);
	if (tb[NL80211_ATTR_MAC])
		memcpy(f->addr, nla_data(tb[NL80211_ATTR_MAC]), 6);
	if (tb[NL80211_ATTR_WDEV])
		f->wdev = nla_get_u64(tb[NL80211_ATTR_WDEV]);
	if (tb[NL80211_ATTR_WIPHY_FREQ]) {
		f->freq_mhz = nla_get_u32(tb[NL80211_ATTR_WIPHY_FREQ]);
		f->chan_width = NL80211_CHAN_WIDTH_20_NOHT;
		f->center_freq1 = f->freq_mhz;
	}
	if (f->freq_mhz && tb[NL80211_ATTR_CHANNEL_WIDTH])
		f->chan_width = nla_get_u32(tb[NL80211_ATTR_CHANNEL_WIDTH]);
	if (f->freq_mhz && tb[NL80211_ATTR_CENTER_FREQ1])
		f->center_freq1 = nla_get_u32(tb[NL80211_ATTR_CENTER_FREQ1]);
}

/* One interface message (a reply to GET, a dump part, NEW's reply). An
 * interface without IFTYPE or WIPHY is malformed; one without IFINDEX is
 * a wdev without a netdev, skipped. */
static int parse_iface(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_iface_list *l = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NL80211_ATTR_MAX,
			  iface_policy) < 0 ||
	    !tb[NL80211_ATTR_IFTYPE] || !tb[NL80211_ATTR_WIPHY])
		return -EPROTO;
	if (!tb[NL80211_ATTR_IFINDEX])
		return 0;
	if (l->n == l->cap)
		return -ENOSPC;
	iface_fill(&l->v[l->n++], tb);
	return 0;
}

/* Monitor flags as a nest of flag attributes, one per bit set. */
static int put_mntr_flags(struct nl_msg *msg, uint32_t flags)
{
	struct nlattr *nest = nla_nest_start(msg, NL80211_ATTR_MNTR_FLAGS);
	int f;

	if (!nest)
		return -EMSGSIZE;
	for (f = 1; f <= NL80211_MNTR_FLAG_MAX; f++)
		if ((flags & (1u << f)) && nla_put_flag(msg, f) < 0)
			return -EMSGSIZE;
	return nla_nest_end(msg, nest) < 0 ? -EMSGSIZE : 0;
}

static bool iftype_has_netdev(uint32_t t)
{
	return t >= 1 && t <= NL80211_IFTYPE_MAX &&
	       t != NL80211_IFTYPE_P2P_DEVICE && t != NL80211_IFTYPE_NAN;
}

static bool new_iface_valid(const struct nl_iface_new_req *r)
{
	uint32_t known = ((1u << (NL80211_MNTR_FLAG_MAX + 1)) - 1) & ~1u;
	size_t len = r->name ? strnlen(r->name, IFNAME_MAX + 1) : 0;

	if (len == 0 || len > IFNAME_MAX || !iftype_has_netdev(r->iftype))
		return false;
	if (r->mntr_flags && r->iftype != NL80211_IFTYPE_MONITOR)
		return false;
	if (r->mntr_flags & ~known)
		return false;
	if ((r->mntr_flags & (1u << NL80211_MNTR_FLAG_ACTIVE)) && !r->addr)
		return false;
	return !r->addr || nl_mac_is_unicast(r->addr);
}

static int build_new_iface(struct nl_msg *msg, const void *req)
{
	const struct nl_iface_new_req *r = req;

	if (!new_iface_valid(r))
		return -EINVAL;
	if (nla_put_u32(msg, NL80211_ATTR_WIPHY, r->wiphy) < 0 ||
	    nla_put_string(msg, NL80211_ATTR_IFNAME, r->name) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_IFTYPE, r->iftype) < 0)
		return -EMSGSIZE;
	if (r->mntr_flags && put_mntr_flags(msg, r->mntr_flags) < 0)
		return -EMSGSIZE;
	if (r->addr && nla_put(msg, NL80211_ATTR_MAC, 6, r->addr) < 0)
		return -EMSGSIZE;
	return 0;
}

static int build_set_type(struct nl_msg *msg, const void *req)
{
	const uint32_t *iftype = req;

	if (!iftype_has_netdev(*iftype))
		return -EINVAL;
	return nla_put_u32(msg, NL80211_ATTR_IFTYPE, *iftype) < 0 ? -EMSGSIZE
								   : 0;
}

static int build_set_channel(struct nl_msg *msg, const void *req)
{
	const struct nl_chandef_req *c = req;

	return nl_put_chandef(msg, c->freq_mhz, c->chan_width,
			      c->center_freq1);
}

/* ISO 3166-1 alpha-2, upper case as the regulatory database spells it, or
 * "00", the world domain. Sent NUL-terminated, as the kernel's policy
 * (a string of at most 2) allows. */
static int build_reg(struct nl_msg *msg, const void *req)
{
	const char *in = req;
	char a2[3] = { in[0], in[1], '\0' };
	int i;

	if (a2[0] == '0' && a2[1] == '0')
		return nla_put_string(msg, NL80211_ATTR_REG_ALPHA2, a2) < 0 ?
			       -EMSGSIZE : 0;
	for (i = 0; i < 2; i++) {
		if (a2[i] >= 'a' && a2[i] <= 'z')
			a2[i] = (char)(a2[i] - 'a' + 'A');
		if (a2[i] < 'A' || a2[i] > 'Z')
			return -EINVAL;
	}
	return nla_put_string(msg, NL80211_ATTR_REG_ALPHA2, a2) < 0 ? -EMSGSIZE
								     : 0;
}

const struct nl_cmd nl_cmd_get_interface = {
	.name = "GET_INTERFACE",
	.cmd = NL80211_CMD_GET_INTERFACE,
	.parse = parse_iface,
};

const struct nl_cmd nl_cmd_dump_interface = {
	.name = "GET_INTERFACE",
	.cmd = NL80211_CMD_GET_INTERFACE,
	.flags = NLM_F_DUMP,
	.parse = parse_iface,
};

const struct nl_cmd nl_cmd_new_interface = {
	.name = "NEW_INTERFACE",
	.cmd = NL80211_CMD_NEW_INTERFACE,
	.build = build_new_iface,
	.parse = parse_iface,
};

const struct nl_cmd nl_cmd_del_interface = {
	.name = "DEL_INTERFACE",
	.cmd = NL80211_CMD_DEL_INTERFACE,
};

const struct nl_cmd nl_cmd_set_interface = {
	.name = "SET_INTERFACE",
	.cmd = NL80211_CMD_SET_INTERFACE,
	.build = build_set_type,
};

const struct nl_cmd nl_cmd_set_channel = {
	.name = "SET_WIPHY",
	.cmd = NL80211_CMD_SET_WIPHY,
	.build = build_set_channel,
};

const struct nl_cmd nl_cmd_req_set_reg = {
	.name = "REQ_SET_REG",
	.cmd = NL80211_CMD_REQ_SET_REG,
	.build = build_reg,
};

int nl_iface_get(struct nl_conn *nl, uint32_t ifindex, struct nl_iface *out)
{
	struct nl_iface_list l = { .v = out, .cap = 1 };
	int rc;

	if (!ifindex)
		return -EINVAL;
	rc = nl_exec(nl, &nl_cmd_get_interface, ifindex, NULL, &l);
	if (rc == 0 && l.n == 0)
		rc = -EPROTO;	/* acked without the interface */
	return rc;
}

int nl_iface_dump(struct nl_conn *nl, struct nl_iface *v, unsigned cap,
		  unsigned *n)
{
	struct nl_iface_list l = { .v = v, .cap = cap };
	int rc;

	rc = nl_exec(nl, &nl_cmd_dump_interface, 0, NULL, &l);
	*n = l.n;
	return rc;
}

int nl_iface_new(struct nl_conn *nl, uint32_t wiphy, const char *name,
		 uint32_t iftype, uint32_t mntr_flags, const uint8_t *addr,
		 uint32_t *ifindex)
{
	struct nl_iface_new_req r = {
		.wiphy = wiphy, .name = name, .iftype = iftype,
		.mntr_flags = mntr_flags, .addr = addr,
	};
	struct nl_iface made;
	struct nl_iface_list l = { .v = &made, .cap = 1 };
	int rc;

	rc = nl_exec(nl, &nl_cmd_new_interface, 0, &r, &l);
	if (rc == 0 && l.n == 0)
		rc = -EPROTO;	/* created, but the reply did not say which */
	if (rc == 0)
		*ifindex = made.ifindex;
	return rc;
}

int nl_iface_del(struct nl_conn *nl, uint32_t ifindex)
{
	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_del_interface, ifindex, NULL, NULL);
}

int nl_iface_set_type(struct nl_conn *nl, uint32_t ifindex, uint32_t iftype)
{
	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_set_interface, ifindex, &iftype, NULL);
}

int nl_iface_set_channel(struct nl_conn *nl, uint32_t ifindex,
			 uint32_t freq_mhz, uint32_t chan_width,
			 uint32_t center_freq1)
{
	struct nl_chandef_req c = { freq_mhz, chan_width, center_freq1 };

	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_set_channel, ifindex, &c, NULL);
}

int nl_reg_set(struct nl_conn *nl, const char alpha2[2])
{
	if (!alpha2)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_req_set_reg, 0, alpha2, NULL);
}
