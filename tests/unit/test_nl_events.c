/*
 * test_nl_events.c - canned messages for the parsers nl_events_read uses
 * (nl80211 events, rtnetlink RTM_NEWLINK / RTM_DELLINK) and for
 * nl_phy.c's GET_WIPHY dump parser, built here with nla_put /
 * nla_nest_start as the kernel sends them, including messages cut short or
 * with attributes of the wrong size, which must be refused without reading
 * past them. Then nl_link_index on "lo" and on a name no interface has.
 */
#include <errno.h>
#include <sys/socket.h>

#include <linux/nl80211.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "../../netlink/nl_pvt.h"
#include "check.h"

#define FAMILY 0x1c	/* made-up nl80211 id */

static const uint8_t sta_mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

static struct nl_msg *msg_new(int family, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
				 cmd, 0))
		abort();
	return msg;
}

/* An nl80211 event with the interface and, if mac, the station. */
static struct nl_msg *event_msg(uint8_t cmd, bool mac)
{
	struct nl_msg *msg = msg_new(FAMILY, cmd);

	nla_put_u32(msg, NL80211_ATTR_WIPHY, 0);
	nla_put_u32(msg, NL80211_ATTR_IFINDEX, 7);
	if (mac)
		nla_put(msg, NL80211_ATTR_MAC, 6, sta_mac);
	return msg;
}

static enum nl_ev_parse parse_genl(struct nl_msg *msg, struct nl_event *e)
{
	enum nl_ev_parse v = nl_event_parse_genl(nlmsg_hdr(msg), FAMILY, e);

	nlmsg_free(msg);
	return v;
}

static void check_station_event(uint8_t cmd, enum nl_event_kind kind)
{
	struct nl_event e;

	memset(&e, 0xee, sizeof(e));
	CHECK_EQ_INT(parse_genl(event_msg(cmd, true), &e), NL_EVP_EVENT);
	CHECK_EQ_INT(e.kind, kind);
	CHECK_EQ_INT(e.cmd, cmd);
	CHECK_EQ_INT(e.ifindex, 7);
	CHECK_MEM(e.addr, sta_mac, 6);
	/* Naming a station, it must say which. */
	CHECK_EQ_INT(parse_genl(event_msg(cmd, false), &e), NL_EVP_MALFORMED);
}

static void genl_events(void)
{
	static const uint8_t zero[6];
	struct nl_event e;

	check_station_event(NL80211_CMD_NEW_STATION, NL_EV_NEW_STATION);
	check_station_event(NL80211_CMD_DEL_STATION, NL_EV_DEL_STATION);
	check_station_event(NL80211_CMD_UNEXPECTED_FRAME,
			    NL_EV_UNEXPECTED_FRAME);
	CHECK_EQ_INT(parse_genl(event_msg(NL80211_CMD_STOP_AP, false), &e),
		     NL_EVP_EVENT);
	CHECK_EQ_INT(e.kind, NL_EV_STOP_AP);
	CHECK_EQ_INT(e.ifindex, 7);
	CHECK_MEM(e.addr, zero, 6);
	CHECK_EQ_INT(parse_genl(event_msg(NL80211_CMD_DEL_INTERFACE, false),
				&e), NL_EVP_EVENT);
	CHECK_EQ_INT(e.kind, NL_EV_DEL_INTERFACE);
	CHECK_EQ_INT(e.ifindex, 7);
	CHECK_EQ_INT(parse_genl(event_msg(NL80211_CMD_CH_SWITCH_NOTIFY,
					  false), &e), NL_EVP_EVENT);
	CHECK_EQ_INT(e.kind, NL_EV_OTHER);
	CHECK_EQ_INT(e.cmd, NL80211_CMD_CH_SWITCH_NOTIFY);
	CHECK_EQ_INT(e.ifindex, 7);
	/* Any other event, even without an interface. */
	CHECK_EQ_INT(parse_genl(msg_new(FAMILY, NL80211_CMD_REG_CHANGE), &e),
		     NL_EVP_EVENT);
	CHECK_EQ_INT(e.kind, NL_EV_OTHER);
	CHECK_EQ_INT(e.ifindex, 0);
}

static void genl_events_bad(void)
{
	struct nl_event e;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;

	msg = msg_new(FAMILY, NL80211_CMD_DEL_STATION);
	nla_put_u32(msg, NL80211_ATTR_IFINDEX, 7);
	nla_put(msg, NL80211_ATTR_MAC, 5, sta_mac);	/* short MAC */
	CHECK_EQ_INT(parse_genl(msg, &e), NL_EVP_MALFORMED);
	msg = msg_new(FAMILY, NL80211_CMD_STOP_AP);
	nla_put_u16(msg, NL80211_ATTR_IFINDEX, 7);	/* short index */
	CHECK_EQ_INT(parse_genl(msg, &e), NL_EVP_MALFORMED);
	CHECK_EQ_INT(parse_genl(msg_new(FAMILY, NL80211_CMD_STOP_AP), &e),
		     NL_EVP_MALFORMED);		/* no index */
	/* Another family's message on the socket. */
	CHECK_EQ_INT(parse_genl(msg_new(FAMILY + 1, NL80211_CMD_NEW_STATION),
				&e), NL_EVP_IGNORED);
	/* A message cut inside the generic netlink header. */
	msg = event_msg(NL80211_CMD_NEW_STATION, true);
	nlh = nlmsg_hdr(msg);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK_EQ_INT(nl_event_parse_genl(nlh, FAMILY, &e), NL_EVP_MALFORMED);
	/* ... and inside an attribute: the cut one is not read. */
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + 8 + 6;
	CHECK_EQ_INT(nl_event_parse_genl(nlh, FAMILY, &e), NL_EVP_MALFORMED);
	nlmsg_free(msg);
}

/* An rtnetlink link message: struct ifinfomsg and an IFLA_IFNAME. */
static struct nl_msg *link_msg(int type, unsigned char family, int ifindex,
			       unsigned flags)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct ifinfomsg ifi = {
		.ifi_family = family, .ifi_index = ifindex,
		.ifi_flags = flags, .ifi_change = IFF_UP,
	};

	if (!msg || !nlmsg_put(msg, 0, 0, type, 0, 0) ||
	    nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(msg, IFLA_IFNAME, "wlan1") < 0)
		abort();
	return msg;
}

static enum nl_ev_parse parse_rtnl(struct nl_msg *msg, struct nl_event *e)
{
	enum nl_ev_parse v = nl_event_parse_rtnl(nlmsg_hdr(msg), e);

	nlmsg_free(msg);
	return v;
}

static void rtnl_events(void)
{
	struct nl_event e;
	struct nl_msg *msg;

	memset(&e, 0xee, sizeof(e));
	CHECK_EQ_INT(parse_rtnl(link_msg(RTM_NEWLINK, AF_UNSPEC, 5,
					 IFF_BROADCAST), &e), NL_EVP_EVENT);
	CHECK_EQ_INT(e.kind, NL_EV_LINK_DOWN);
	CHECK_EQ_INT(e.ifindex, 5);
	CHECK_EQ_INT(e.cmd, 0);
	CHECK_EQ_INT(parse_rtnl(link_msg(RTM_NEWLINK, AF_UNSPEC, 5,
					 IFF_UP | IFF_RUNNING), &e),
		     NL_EVP_IGNORED);
	CHECK_EQ_INT(parse_rtnl(link_msg(RTM_DELLINK, AF_UNSPEC, 6, IFF_UP),
				&e), NL_EVP_EVENT);
	CHECK_EQ_INT(e.kind, NL_EV_LINK_GONE);
	CHECK_EQ_INT(e.ifindex, 6);
	/* A port leaving a bridge is not the link going away. */
	CHECK_EQ_INT(parse_rtnl(link_msg(RTM_DELLINK, AF_BRIDGE, 6, 0), &e),
		     NL_EVP_IGNORED);
	CHECK_EQ_INT(parse_rtnl(link_msg(RTM_NEWADDR, AF_UNSPEC, 6, 0), &e),
		     NL_EVP_IGNORED);
	CHECK_EQ_INT(parse_rtnl(link_msg(RTM_DELLINK, AF_UNSPEC, 0, 0), &e),
		     NL_EVP_MALFORMED);
	/* Cut inside struct ifinfomsg. */
	msg = link_msg(RTM_DELLINK, AF_UNSPEC, 6, 0);
	nlmsg_hdr(msg)->nlmsg_len = NLMSG_HDRLEN + sizeof(struct ifinfomsg) - 1;
	CHECK_EQ_INT(parse_rtnl(msg, &e), NL_EVP_MALFORMED);
}

/* Channel i of a band's FREQS nest, with an optional flag attribute. */
static void put_channel(struct nl_msg *msg, int i, uint32_t freq, int flag)
{
	struct nlattr *ch = nla_nest_start(msg, i);

	nla_put_u32(msg, NL80211_FREQUENCY_ATTR_FREQ, freq);
	if (flag)
		nla_put_flag(msg, flag);
	nla_nest_end(msg, ch);
}

/* One part of a split GET_WIPHY dump: first (name, modes, features,
 * ciphers, 2.4 GHz channels 1, 13 and 14, 5 GHz channel 52) or second
 * (2.4 GHz channel 11, appended). */
static struct nl_msg *wiphy_msg(uint32_t idx, bool first)
{
	static const uint32_t suites[2] = { 0x000fac04, 0x000fac02 };
	struct nl_msg *msg = msg_new(FAMILY, NL80211_CMD_NEW_WIPHY);
	struct nlattr *bands, *band, *freqs, *modes;

	nla_put_u32(msg, NL80211_ATTR_WIPHY, idx);
	if (first) {
		nla_put_string(msg, NL80211_ATTR_WIPHY_NAME, "phy3");
		modes = nla_nest_start(msg, NL80211_ATTR_SUPPORTED_IFTYPES);
		nla_put_flag(msg, NL80211_IFTYPE_AP);
		nla_put_flag(msg, NL80211_IFTYPE_MONITOR);
		nla_nest_end(msg, modes);
		nla_put_u32(msg, NL80211_ATTR_FEATURE_FLAGS,
			    NL80211_FEATURE_ACTIVE_MONITOR);
		nla_put(msg, NL80211_ATTR_CIPHER_SUITES, sizeof(suites),
			suites);
	}
	bands = nla_nest_start(msg, NL80211_ATTR_WIPHY_BANDS);
	band = nla_nest_start(msg, NL80211_BAND_2GHZ);
	freqs = nla_nest_start(msg, NL80211_BAND_ATTR_FREQS);
	if (first) {
		put_channel(msg, 0, 2412, 0);
		put_channel(msg, 1, 2472, NL80211_FREQUENCY_ATTR_NO_IR);
		put_channel(msg, 2, 2484, NL80211_FREQUENCY_ATTR_DISABLED);
	} else {
		put_channel(msg, 3, 2462, 0);
	}
	nla_nest_end(msg, freqs);
	nla_nest_end(msg, band);
	if (first) {
		band = nla_nest_start(msg, NL80211_BAND_5GHZ);
		freqs = nla_nest_start(msg, NL80211_BAND_ATTR_FREQS);
		put_channel(msg, 0, 5260, NL80211_FREQUENCY_ATTR_RADAR);
		nla_nest_end(msg, freqs);
		nla_nest_end(msg, band);
	}
	nla_nest_end(msg, bands);
	return msg;
}

static int parse_wiphy(struct nl_msg *msg, struct nl_phy_list *l)
{
	int rc = nl_cmd_get_wiphy_dump.parse(msg, l);

	nlmsg_free(msg);
	return rc;
}

static void wiphy_dump(void)
{
	static struct nl_phy phys[2];
	struct nl_phy_list l = { .v = phys, .cap = 2 };
	const struct nl_band *b24 = &phys[0].bands[NL80211_BAND_2GHZ];
	const struct nl_band *b5 = &phys[0].bands[NL80211_BAND_5GHZ];

	CHECK_EQ_INT(parse_wiphy(wiphy_msg(3, true), &l), 0);
	CHECK_EQ_INT(parse_wiphy(wiphy_msg(3, false), &l), 0);
	CHECK_EQ_INT(l.n, 1);
	CHECK_EQ_INT(phys[0].index, 3);
	CHECK(strcmp(phys[0].name, "phy3") == 0);
	CHECK_EQ_INT(phys[0].iftypes, 1u << NL80211_IFTYPE_AP |
					      1u << NL80211_IFTYPE_MONITOR);
	CHECK_EQ_INT(phys[0].features, NL80211_FEATURE_ACTIVE_MONITOR);
	CHECK_EQ_INT(phys[0].n_ciphers, 2);
	CHECK_EQ_INT(phys[0].ciphers[0], 0x000fac04);
	CHECK_EQ_INT(phys[0].ciphers[1], 0x000fac02);
	CHECK_EQ_INT(b24->n_channels, 4);
	CHECK_EQ_INT(b24->channels[0].number, 1);
	CHECK_EQ_INT(b24->channels[0].flags, 0);
	CHECK_EQ_INT(b24->channels[1].number, 13);
	CHECK_EQ_INT(b24->channels[1].flags, NL_CHAN_NO_IR);
	CHECK_EQ_INT(b24->channels[2].number, 14);
	CHECK_EQ_INT(b24->channels[2].flags, NL_CHAN_DISABLED);
	CHECK_EQ_INT(b24->channels[3].freq_mhz, 2462);
	CHECK_EQ_INT(b5->n_channels, 1);
	CHECK_EQ_INT(b5->channels[0].number, 52);
	CHECK_EQ_INT(b5->channels[0].flags, NL_CHAN_RADAR);
	/* A second phy takes the second entry; a third has no room. */
	CHECK_EQ_INT(parse_wiphy(wiphy_msg(5, false), &l), 0);
	CHECK_EQ_INT(l.n, 2);
	CHECK_EQ_INT(phys[1].index, 5);
	CHECK_EQ_INT(phys[1].bands[NL80211_BAND_2GHZ].n_channels, 1);
	CHECK_EQ_INT(parse_wiphy(wiphy_msg(6, true), &l), -ENOSPC);
	CHECK_EQ_INT(nl_cmd_get_wiphy_dump.flags, NLM_F_DUMP);
}

static void wiphy_dump_bad(void)
{
	static struct nl_phy phy;
	struct nl_phy_list l = { .v = &phy, .cap = 1 };
	struct nlattr *bands, *band, *freqs, *ch;
	struct nl_msg *msg;

	msg = msg_new(FAMILY, NL80211_CMD_NEW_WIPHY);	/* no index */
	nla_put_string(msg, NL80211_ATTR_WIPHY_NAME, "phy0");
	CHECK_EQ_INT(parse_wiphy(msg, &l), -EPROTO);
	msg = msg_new(FAMILY, NL80211_CMD_NEW_WIPHY);
	nla_put_u32(msg, NL80211_ATTR_WIPHY, 0);
	nla_put(msg, NL80211_ATTR_CIPHER_SUITES, 6, "\0\x0f\xac\x04\0\x0f");
	CHECK_EQ_INT(parse_wiphy(msg, &l), -EPROTO);	/* 1.5 suites */
	msg = msg_new(FAMILY, NL80211_CMD_NEW_WIPHY);
	nla_put_u32(msg, NL80211_ATTR_WIPHY, 0);
	nla_put_u16(msg, NL80211_ATTR_FEATURE_FLAGS, 1);
	CHECK_EQ_INT(parse_wiphy(msg, &l), -EPROTO);
	/* A channel without its frequency. */
	msg = msg_new(FAMILY, NL80211_CMD_NEW_WIPHY);
	nla_put_u32(msg, NL80211_ATTR_WIPHY, 0);
	bands = nla_nest_start(msg, NL80211_ATTR_WIPHY_BANDS);
	band = nla_nest_start(msg, NL80211_BAND_2GHZ);
	freqs = nla_nest_start(msg, NL80211_BAND_ATTR_FREQS);
	ch = nla_nest_start(msg, 0);
	nla_put_flag(msg, NL80211_FREQUENCY_ATTR_DISABLED);
	nla_nest_end(msg, ch);
	nla_nest_end(msg, freqs);
	nla_nest_end(msg, band);
	nla_nest_end(msg, bands);
	CHECK_EQ_INT(parse_wiphy(msg, &l), -EPROTO);
}

static void link_index(void)
{
	uint32_t idx = 0;
	int rc = nl_link_index("lo", &idx);

	if (rc == -EAFNOSUPPORT || rc == -EPERM || rc == -EACCES)
		SKIP("no socket for interface ioctls here");
	CHECK_EQ_INT(rc, 0);
	CHECK(idx >= 1);
	CHECK_EQ_INT(nl_link_index("nonexistent0", &idx), -ENODEV);
	CHECK_EQ_INT(nl_link_index("", &idx), -EINVAL);
	CHECK_EQ_INT(nl_link_index("a123456789012345", &idx), -EINVAL);
	CHECK_EQ_INT(nl_link_index(NULL, &idx), -EINVAL);
}

static void link_flags_and_addr(void)
{
	static const uint8_t zero[6];
	uint8_t addr[6];
	bool up;
	int rc = nl_link_get_up("lo", &up);

	if (rc == -EAFNOSUPPORT || rc == -EPERM || rc == -EACCES)
		SKIP("no socket for interface ioctls here");
	CHECK_EQ_INT(rc, 0);
	memset(addr, 0xee, sizeof(addr));
	CHECK_EQ_INT(nl_link_get_addr("lo", addr), 0);
	CHECK_MEM(addr, zero, 6);	/* loopback has no hardware address */
	CHECK_EQ_INT(nl_link_get_up("nonexistent0", &up), -ENODEV);
	CHECK_EQ_INT(nl_link_get_addr("nonexistent0", addr), -ENODEV);
	CHECK_EQ_INT(nl_link_set_up("nonexistent0", true), -ENODEV);
	CHECK_EQ_INT(nl_link_set_addr("nonexistent0", zero), -ENODEV);
}

int main(void)
{
	check_begin("test_nl_events");
	RUN(genl_events);
	RUN(genl_events_bad);
	RUN(rtnl_events);
	RUN(wiphy_dump);
	RUN(wiphy_dump_bad);
	RUN(link_index);
	RUN(link_flags_and_addr);
	return check_end();
}
