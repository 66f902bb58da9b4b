/*
 * test_nl_parse.c - netlink/'s reply parsers for GET_INTERFACE and
 * GET_STATION fed canned messages, built here with nla_put /
 * nla_nest_start as the kernel would send them (GET_WIPHY, events and
 * nl_link: test_nl_events.c). Each parser also gets messages with missing
 * or short attributes, which it must refuse or skip without reading past
 * them (the ASan build checks the latter).
 */
#include <errno.h>

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

static struct nl_msg *msg_new(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY, 0, 0,
				 cmd, 0))
		abort();
	return msg;
}

/* An interface message as nl80211_send_iface writes it; channel is
 * optional. */
static struct nl_msg *iface_msg(bool with_ifindex, bool with_channel)
{
	struct nl_msg *msg = msg_new(NL80211_CMD_NEW_INTERFACE);

	if (with_ifindex) {
		nla_put_u32(msg, NL80211_ATTR_IFINDEX, 9);
		nla_put_string(msg, NL80211_ATTR_IFNAME, "wlan1");
	}
	nla_put_u32(msg, NL80211_ATTR_WIPHY, 1);
	nla_put_u32(msg, NL80211_ATTR_IFTYPE, NL80211_IFTYPE_AP);
	nla_put_u64(msg, NL80211_ATTR_WDEV, 0x100000002ull);
	nla_put(msg, NL80211_ATTR_MAC, 6, sta_mac);
	if (with_channel) {
		nla_put_u32(msg, NL80211_ATTR_WIPHY_FREQ, 5180);
		nla_put_u32(msg, NL80211_ATTR_CHANNEL_WIDTH,
			    NL80211_CHAN_WIDTH_80);
		nla_put_u32(msg, NL80211_ATTR_CENTER_FREQ1, 5210);
	}
	return msg;
}

static int parse_iface_msg(struct nl_msg *msg, struct nl_iface *v,
			   unsigned cap, unsigned *n)
{
	struct nl_iface_list l = { .v = v, .cap = cap };
	int rc = nl_cmd_get_interface.parse(msg, &l);

	*n = l.n;
	nlmsg_free(msg);
	return rc;
}

static void get_interface(void)
{
	struct nl_iface f[2];
	unsigned n;

	memset(f, 0xee, sizeof(f));
	CHECK_EQ_INT(parse_iface_msg(iface_msg(true, true), f, 2, &n), 0);
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_INT(f[0].ifindex, 9);
	CHECK(strcmp(f[0].name, "wlan1") == 0);
	CHECK_EQ_INT(f[0].wiphy, 1);
	CHECK_EQ_INT(f[0].iftype, NL80211_IFTYPE_AP);
	CHECK_MEM(f[0].addr, sta_mac, 6);
	CHECK(f[0].wdev == 0x100000002ull);
	CHECK_EQ_INT(f[0].freq_mhz, 5180);
	CHECK_EQ_INT(f[0].chan_width, NL80211_CHAN_WIDTH_80);
	CHECK_EQ_INT(f[0].center_freq1, 5210);
	/* No channel: all three zero. */
	CHECK_EQ_INT(parse_iface_msg(iface_msg(true, false), f, 2, &n), 0);
	CHECK_EQ_INT(f[0].freq_mhz, 0);
	CHECK_EQ_INT(f[0].chan_width, 0);
	CHECK_EQ_INT(f[0].center_freq1, 0);
	/* A wdev without a netdev (P2P device): skipped. */
	CHECK_EQ_INT(parse_iface_msg(iface_msg(false, true), f, 2, &n), 0);
	CHECK_EQ_INT(n, 0);
}

/* Old kernels: a frequency without width or center is 20 MHz, no HT. */
static void get_interface_freq_only(void)
{
	struct nl_msg *msg = iface_msg(true, false);
	struct nl_iface f;
	unsigned n;

	nla_put_u32(msg, NL80211_ATTR_WIPHY_FREQ, 2412);
	CHECK_EQ_INT(parse_iface_msg(msg, &f, 1, &n), 0);
	CHECK_EQ_INT(f.freq_mhz, 2412);
	CHECK_EQ_INT(f.chan_width, NL80211_CHAN_WIDTH_20_NOHT);
	CHECK_EQ_INT(f.center_freq1, 2412);
}

static void get_interface_bad(void)
{
	struct nl_iface f;
	struct nl_msg *msg;
	unsigned n;
	char name[40];

	msg = msg_new(NL80211_CMD_NEW_INTERFACE);
	nla_put_u32(msg, NL80211_ATTR_IFINDEX, 9);
	nla_put_u32(msg, NL80211_ATTR_WIPHY, 1);	/* no IFTYPE */
	CHECK_EQ_INT(parse_iface_msg(msg, &f, 1, &n), -EPROTO);
	msg = iface_msg(true, false);
	nla_put(msg, NL80211_ATTR_MAC, 5, sta_mac);	/* short MAC */
	CHECK_EQ_INT(parse_iface_msg(msg, &f, 1, &n), -EPROTO);
	CHECK_EQ_INT(n, 0);
	msg = iface_msg(false, false);
	nla_put_u16(msg, NL80211_ATTR_IFINDEX, 9);	/* 2-octet index */
	CHECK_EQ_INT(parse_iface_msg(msg, &f, 1, &n), -EPROTO);
	msg = iface_msg(false, false);
	nla_put_u32(msg, NL80211_ATTR_IFINDEX, 9);
	nla_put(msg, NL80211_ATTR_IFNAME, 4, "wlan");	/* no NUL */
	CHECK_EQ_INT(parse_iface_msg(msg, &f, 1, &n), -EPROTO);
	/* A name too long for IFNAMSIZ is cut, NUL-terminated. */
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	msg = iface_msg(false, false);
	nla_put_u32(msg, NL80211_ATTR_IFINDEX, 9);
	nla_put_string(msg, NL80211_ATTR_IFNAME, name);
	CHECK_EQ_INT(parse_iface_msg(msg, &f, 1, &n), 0);
	CHECK_EQ_INT(strlen(f.name), 15);
	/* A dump past its capacity. */
	CHECK_EQ_INT(parse_iface_msg(iface_msg(true, true), &f, 0, &n),
		     -ENOSPC);
	CHECK(nl_cmd_dump_interface.flags == NLM_F_DUMP &&
	      nl_cmd_dump_interface.parse == nl_cmd_get_interface.parse);
	CHECK(nl_cmd_new_interface.parse == nl_cmd_get_interface.parse);
}

/* An empty nest; libnl's nla_nest_end drops those. */
static void put_empty_nest(struct nl_msg *msg, int type)
{
	nla_put(msg, type, 0, NULL);
}

/* A station message as nl80211_send_station writes it. info adds the
 * STA_INFO nest's content; NULL leaves it empty. */
static struct nl_msg *station_msg(void (*info)(struct nl_msg *))
{
	struct nl_msg *msg = msg_new(NL80211_CMD_NEW_STATION);
	struct nlattr *nest;

	nla_put_u32(msg, NL80211_ATTR_IFINDEX, 9);
	nla_put(msg, NL80211_ATTR_MAC, 6, sta_mac);
	if (!info) {
		put_empty_nest(msg, NL80211_ATTR_STA_INFO);
		return msg;
	}
	nest = nla_nest_start(msg, NL80211_ATTR_STA_INFO);
	info(msg);
	nla_nest_end(msg, nest);
	return msg;
}

static void full_info(struct nl_msg *msg)
{
	struct nl80211_sta_flag_update fl = {
		.mask = 1u << NL80211_STA_FLAG_AUTHORIZED |
			1u << NL80211_STA_FLAG_AUTHENTICATED |
			1u << NL80211_STA_FLAG_ASSOCIATED,
		.set = 1u << NL80211_STA_FLAG_AUTHENTICATED |
		       1u << NL80211_STA_FLAG_ASSOCIATED |
		       1u << NL80211_STA_FLAG_WME,	/* not in mask */
	};

	nla_put_u32(msg, NL80211_STA_INFO_INACTIVE_TIME, 1234);
	nla_put_u32(msg, NL80211_STA_INFO_RX_BYTES, 111);
	nla_put_u64(msg, NL80211_STA_INFO_RX_BYTES64, 0x123456789ull);
	nla_put_u32(msg, NL80211_STA_INFO_TX_BYTES, 222);
	nla_put_u32(msg, NL80211_STA_INFO_RX_PACKETS, 10);
	nla_put_u32(msg, NL80211_STA_INFO_TX_PACKETS, 20);
	nla_put_u32(msg, NL80211_STA_INFO_TX_RETRIES, 3);
	nla_put_u32(msg, NL80211_STA_INFO_TX_FAILED, 1);
	nla_put_u8(msg, NL80211_STA_INFO_SIGNAL, (uint8_t)-42);
	nla_put(msg, NL80211_STA_INFO_STA_FLAGS, sizeof(fl), &fl);
}

static int parse_sta_msg(struct nl_msg *msg, struct nl_sta_info *s,
			 unsigned cap)
{
	struct nl_sta_list l = { .v = s, .cap = cap };
	int rc = nl_cmd_get_station.parse(msg, &l);

	nlmsg_free(msg);
	return rc;
}

static void get_station(void)
{
	struct nl_sta_info s;

	memset(&s, 0xee, sizeof(s));
	CHECK_EQ_INT(parse_sta_msg(station_msg(full_info), &s, 1), 0);
	CHECK_MEM(s.addr, sta_mac, 6);
	CHECK_EQ_INT(s.inactive_ms, 1234);
	CHECK(s.rx_bytes == 0x123456789ull);	/* 64-bit one wins */
	CHECK_EQ_INT(s.tx_bytes, 222);
	CHECK_EQ_INT(s.rx_packets, 10);
	CHECK_EQ_INT(s.tx_packets, 20);
	CHECK_EQ_INT(s.tx_retries, 3);
	CHECK_EQ_INT(s.tx_failed, 1);
	CHECK_EQ_INT(s.signal_dbm, -42);
	CHECK_EQ_INT(s.flags, 1u << NL80211_STA_FLAG_AUTHENTICATED |
				      1u << NL80211_STA_FLAG_ASSOCIATED);
	/* An empty STA_INFO: every counter 0. */
	memset(&s, 0xee, sizeof(s));
	CHECK_EQ_INT(parse_sta_msg(station_msg(NULL), &s, 1), 0);
	CHECK_EQ_INT(s.inactive_ms, 0);
	CHECK(s.rx_bytes == 0 && s.tx_bytes == 0);
	CHECK_EQ_INT(s.signal_dbm, 0);
	CHECK_EQ_INT(s.flags, 0);
	CHECK_EQ_INT(parse_sta_msg(station_msg(full_info), &s, 0), -ENOSPC);
}

static void short_flags(struct nl_msg *msg)
{
	nla_put_u32(msg, NL80211_STA_INFO_STA_FLAGS, 1);
}

static void short_inactive(struct nl_msg *msg)
{
	nla_put_u16(msg, NL80211_STA_INFO_INACTIVE_TIME, 1);
}

static void short_bytes64(struct nl_msg *msg)
{
	nla_put_u32(msg, NL80211_STA_INFO_TX_BYTES64, 1);
}

static void get_station_bad(void)
{
	struct nl_sta_info s;
	struct nl_msg *msg;

	CHECK_EQ_INT(parse_sta_msg(station_msg(short_flags), &s, 1), -EPROTO);
	CHECK_EQ_INT(parse_sta_msg(station_msg(short_inactive), &s, 1),
		     -EPROTO);
	CHECK_EQ_INT(parse_sta_msg(station_msg(short_bytes64), &s, 1),
		     -EPROTO);
	msg = msg_new(NL80211_CMD_NEW_STATION);		/* no STA_INFO */
	nla_put(msg, NL80211_ATTR_MAC, 6, sta_mac);
	CHECK_EQ_INT(parse_sta_msg(msg, &s, 1), -EPROTO);
	msg = msg_new(NL80211_CMD_NEW_STATION);		/* no MAC */
	put_empty_nest(msg, NL80211_ATTR_STA_INFO);
	CHECK_EQ_INT(parse_sta_msg(msg, &s, 1), -EPROTO);
	msg = msg_new(NL80211_CMD_NEW_STATION);		/* short MAC */
	nla_put(msg, NL80211_ATTR_MAC, 4, sta_mac);
	put_empty_nest(msg, NL80211_ATTR_STA_INFO);
	CHECK_EQ_INT(parse_sta_msg(msg, &s, 1), -EPROTO);
	CHECK(nl_cmd_dump_station.parse == nl_cmd_get_station.parse);
}

int main(void)
{
	check_begin("test_nl_parse");
	RUN(get_interface);
	RUN(get_interface_freq_only);
	RUN(get_interface_bad);
	RUN(get_station);
	RUN(get_station_bad);
	return check_end();
}
