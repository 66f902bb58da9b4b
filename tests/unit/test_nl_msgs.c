/*
 * test_nl_msgs.c - the nl80211 request builders of netlink/ for the AP,
 * interfaces, channels, regulatory domain and stations, without a kernel
 * (keys: test_nl_keys.c). Each row's builder writes into a message of the
 * test's own (nlmsg_alloc + genlmsg_put with a made-up family id), which
 * is parsed back with genlmsg_parse / nla_parse_nested and checked
 * attribute by attribute: type, length, value, and that nothing else is
 * there. Requests the kernel would refuse for their shape must give
 * -EINVAL.
 */
#include <errno.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "../../netlink/nl_pvt.h"
#include "check.h"
#include "nl_testutil.h"


static const uint8_t sta_mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t group_mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };

/* A beacon head of the minimum size: header, timestamp, interval, caps,
 * then an SSID element; made-up bytes, only compared. */
static const uint8_t head[40] = {
	0x80, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x64, 0x00,
	0x11, 0x04, 0x00, 0x02, 'a', 'p',
};
static const uint8_t tail[6] = { 0x30, 0x04, 0x01, 0x00, 0x00, 0x0f };

static struct nl_ap_params wpa2_ap(void)
{
	static const uint8_t ssid[] = "rapd-test";
	struct nl_ap_params ap = {
		.head = head, .head_len = sizeof(head),
		.tail = tail, .tail_len = sizeof(tail),
		.beacon_int = 100, .dtim_period = 2,
		.ssid = ssid, .ssid_len = sizeof(ssid) - 1,
		.hidden = NL80211_HIDDEN_SSID_NOT_IN_USE, .privacy = true,
		.wpa_versions = NL80211_WPA_VERSION_2, .akm = 0x000fac02,
		.pairwise_cipher = 0x000fac04, .group_cipher = 0x000fac04,
		.freq_mhz = 2437, .chan_width = NL80211_CHAN_WIDTH_40,
		.center_freq1 = 2447, .inactivity_timeout = 300,
	};
	return ap;
}

static void start_ap_wpa2(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_ap_params ap = wpa2_ap();
	struct nl_msg *msg;

	CHECK_EQ_INT(nlt_build(&nl_cmd_start_ap, &ap, &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_BEACON_HEAD], head, sizeof(head));
	CHECK_BYTES(tb[NL80211_ATTR_BEACON_TAIL], tail, sizeof(tail));
	CHECK_U32(tb[NL80211_ATTR_BEACON_INTERVAL], 100);
	CHECK_U32(tb[NL80211_ATTR_DTIM_PERIOD], 2);
	CHECK_BYTES(tb[NL80211_ATTR_SSID], "rapd-test", 9);
	CHECK_U32(tb[NL80211_ATTR_HIDDEN_SSID], NL80211_HIDDEN_SSID_NOT_IN_USE);
	CHECK_FLAG(tb[NL80211_ATTR_PRIVACY]);
	CHECK_U32(tb[NL80211_ATTR_WPA_VERSIONS], NL80211_WPA_VERSION_2);
	/* Suite arrays: one host-order u32 each. */
	CHECK_U32(tb[NL80211_ATTR_AKM_SUITES], 0x000fac02);
	CHECK_U32(tb[NL80211_ATTR_CIPHER_SUITES_PAIRWISE], 0x000fac04);
	CHECK_U32(tb[NL80211_ATTR_CIPHER_SUITE_GROUP], 0x000fac04);
	CHECK_U32(tb[NL80211_ATTR_WIPHY_FREQ], 2437);
	CHECK_U32(tb[NL80211_ATTR_CHANNEL_WIDTH], NL80211_CHAN_WIDTH_40);
	CHECK_U32(tb[NL80211_ATTR_CENTER_FREQ1], 2447);
	CHECK_U16(tb[NL80211_ATTR_INACTIVITY_TIMEOUT], 300);
	CHECK_EQ_INT(nlt_n_attrs(msg), 15);
	CHECK_EQ_INT(genlmsg_hdr(nlmsg_hdr(msg))->cmd, NL80211_CMD_START_AP);
	nlmsg_free(msg);
}

/* Open, no channel, no tail, no timeout: none of those attributes but an
 * empty tail. */
static void start_ap_open(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_ap_params ap = wpa2_ap();
	struct nl_msg *msg;

	ap.privacy = false;
	ap.wpa_versions = ap.akm = ap.pairwise_cipher = ap.group_cipher = 0;
	ap.freq_mhz = 0;
	ap.tail = NULL;
	ap.tail_len = 0;
	ap.inactivity_timeout = 0;
	ap.hidden = NL80211_HIDDEN_SSID_ZERO_LEN;
	CHECK_EQ_INT(nlt_build(&nl_cmd_start_ap, &ap, &msg, tb), 0);
	CHECK_LEN(tb[NL80211_ATTR_BEACON_TAIL], 0);
	CHECK_U32(tb[NL80211_ATTR_HIDDEN_SSID], NL80211_HIDDEN_SSID_ZERO_LEN);
	CHECK(!tb[NL80211_ATTR_PRIVACY] && !tb[NL80211_ATTR_WPA_VERSIONS]);
	CHECK(!tb[NL80211_ATTR_AKM_SUITES]);
	CHECK(!tb[NL80211_ATTR_CIPHER_SUITES_PAIRWISE]);
	CHECK(!tb[NL80211_ATTR_CIPHER_SUITE_GROUP]);
	CHECK(!tb[NL80211_ATTR_WIPHY_FREQ] && !tb[NL80211_ATTR_CHANNEL_WIDTH]);
	CHECK(!tb[NL80211_ATTR_INACTIVITY_TIMEOUT]);
	CHECK_EQ_INT(nlt_n_attrs(msg), 6);
	nlmsg_free(msg);
}

static void start_ap_refused(void)
{
	static const uint8_t long_ssid[33] = { 'x' };
	struct nl_ap_params ap;

#define REFUSED(field_change)                                               \
	do {                                                                \
		ap = wpa2_ap();                                             \
		field_change;                                               \
		CHECK_EQ_INT(nlt_build_rc(&nl_cmd_start_ap, &ap), -EINVAL);     \
	} while (0)
	REFUSED(ap.head_len = 0);
	REFUSED(ap.head = NULL);
	REFUSED(ap.head_len = 35);
	REFUSED(ap.head_len = 2305);
	REFUSED(ap.tail = NULL);
	REFUSED(ap.ssid_len = 0);
	REFUSED((ap.ssid = long_ssid, ap.ssid_len = 33));
	REFUSED(ap.ssid = NULL);
	REFUSED(ap.beacon_int = 0);
	REFUSED(ap.dtim_period = 0);
	REFUSED(ap.hidden = NL80211_HIDDEN_SSID_ZERO_CONTENTS + 1);
	REFUSED(ap.akm = 0);
	REFUSED(ap.pairwise_cipher = 0);
	REFUSED(ap.group_cipher = 0);
	REFUSED(ap.wpa_versions = 8);
	REFUSED(ap.center_freq1 = 2437);	/* 40 MHz centered on primary */
	REFUSED(ap.center_freq1 = 2457);	/* 40 MHz too far off */
	REFUSED(ap.chan_width = NL80211_CHAN_WIDTH_80P80);
#undef REFUSED
	ap = wpa2_ap();
	ap.ssid_len = 32;
	ap.ssid = long_ssid;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_start_ap, &ap), 0);
}

static void set_beacon(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_beacon_req b = { head, tail, sizeof(head), sizeof(tail) };
	struct nl_msg *msg;

	CHECK_EQ_INT(nlt_build(&nl_cmd_set_beacon, &b, &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_BEACON_HEAD], head, sizeof(head));
	CHECK_BYTES(tb[NL80211_ATTR_BEACON_TAIL], tail, sizeof(tail));
	CHECK_EQ_INT(nlt_n_attrs(msg), 2);
	nlmsg_free(msg);
	/* No tail: an empty one, so the kernel drops the old tail. */
	b.tail = NULL;
	b.tail_len = 0;
	CHECK_EQ_INT(nlt_build(&nl_cmd_set_beacon, &b, &msg, tb), 0);
	CHECK_LEN(tb[NL80211_ATTR_BEACON_TAIL], 0);
	nlmsg_free(msg);
	b.head_len = 0;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_set_beacon, &b), -EINVAL);
	b.head_len = sizeof(head);
	b.tail_len = 3;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_set_beacon, &b), -EINVAL);
	CHECK_EQ_INT(nl_cmd_stop_ap.cmd, NL80211_CMD_STOP_AP);
	CHECK(nl_cmd_stop_ap.build == NULL);
}

static void new_interface_monitor(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nlattr *fl[NL80211_MNTR_FLAG_MAX + 1];
	struct nl_iface_new_req r = {
		.wiphy = 2, .name = "mon0", .iftype = NL80211_IFTYPE_MONITOR,
		.mntr_flags = 1u << NL80211_MNTR_FLAG_ACTIVE, .addr = sta_mac,
	};
	struct nl_msg *msg;
	int f;

	CHECK_EQ_INT(nlt_build(&nl_cmd_new_interface, &r, &msg, tb), 0);
	CHECK_U32(tb[NL80211_ATTR_WIPHY], 2);
	CHECK_BYTES(tb[NL80211_ATTR_IFNAME], "mon0", 5);
	CHECK_U32(tb[NL80211_ATTR_IFTYPE], NL80211_IFTYPE_MONITOR);
	CHECK_BYTES(tb[NL80211_ATTR_MAC], sta_mac, 6);
	CHECK(tb[NL80211_ATTR_MNTR_FLAGS] != NULL);
	CHECK_EQ_INT(nlt_n_attrs(msg), 5);
	if (tb[NL80211_ATTR_MNTR_FLAGS]) {
		CHECK_EQ_INT(nla_parse_nested(fl, NL80211_MNTR_FLAG_MAX,
					      tb[NL80211_ATTR_MNTR_FLAGS],
					      NULL), 0);
		for (f = 0; f <= NL80211_MNTR_FLAG_MAX; f++)
			CHECK(!fl[f] == (f != NL80211_MNTR_FLAG_ACTIVE));
		CHECK_FLAG(fl[NL80211_MNTR_FLAG_ACTIVE]);
	}
	nlmsg_free(msg);
	r.iftype = NL80211_IFTYPE_AP;
	r.mntr_flags = 0;
	r.addr = NULL;
	r.name = "ap012345678901x";	/* 15: the longest */
	CHECK_EQ_INT(nlt_build(&nl_cmd_new_interface, &r, &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_IFNAME], "ap012345678901x", 16);
	CHECK(!tb[NL80211_ATTR_MNTR_FLAGS] && !tb[NL80211_ATTR_MAC]);
	CHECK_EQ_INT(nlt_n_attrs(msg), 3);
	nlmsg_free(msg);
}

static void new_interface_refused(void)
{
	struct nl_iface_new_req r;

#define REFUSED(field_change)                                               \
	do {                                                                \
		r = (struct nl_iface_new_req){                              \
			.wiphy = 0, .name = "mon0",                         \
			.iftype = NL80211_IFTYPE_MONITOR,                   \
			.mntr_flags = 1u << NL80211_MNTR_FLAG_OTHER_BSS,    \
		};                                                          \
		CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_interface, &r), 0);       \
		field_change;                                               \
		CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_interface, &r), -EINVAL); \
	} while (0)
	REFUSED(r.name = "");
	REFUSED(r.name = NULL);
	REFUSED(r.name = "a123456789012345");
	REFUSED(r.mntr_flags = 1u << NL80211_MNTR_FLAG_ACTIVE);
	REFUSED(r.mntr_flags = 1u);	/* the reserved flag 0 */
	REFUSED(r.mntr_flags = 1u << (NL80211_MNTR_FLAG_MAX + 1));
	REFUSED(r.iftype = NL80211_IFTYPE_AP);	/* flags on an AP */
	REFUSED((r.iftype = NL80211_IFTYPE_P2P_DEVICE, r.mntr_flags = 0));
	REFUSED((r.iftype = NL80211_IFTYPE_NAN, r.mntr_flags = 0));
	REFUSED((r.iftype = 0, r.mntr_flags = 0));
	REFUSED((r.iftype = NL80211_IFTYPE_MAX + 1, r.mntr_flags = 0));
	REFUSED(r.addr = group_mac);
#undef REFUSED
}

static void set_interface_type(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	uint32_t t = NL80211_IFTYPE_AP;
	struct nl_msg *msg;

	CHECK_EQ_INT(nlt_build(&nl_cmd_set_interface, &t, &msg, tb), 0);
	CHECK_U32(tb[NL80211_ATTR_IFTYPE], NL80211_IFTYPE_AP);
	CHECK_EQ_INT(nlt_n_attrs(msg), 1);
	nlmsg_free(msg);
	t = NL80211_IFTYPE_UNSPECIFIED;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_set_interface, &t), -EINVAL);
	t = NL80211_IFTYPE_P2P_DEVICE;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_set_interface, &t), -EINVAL);
}

/* SET_WIPHY's channel: the center as given or, for 20 MHz, the channel. */
static void check_channel(uint32_t freq, uint32_t width, uint32_t center,
			  uint32_t want_center)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_chandef_req c = { freq, width, center };
	struct nl_msg *msg;

	CHECK_EQ_INT(nlt_build(&nl_cmd_set_channel, &c, &msg, tb), 0);
	CHECK_U32(tb[NL80211_ATTR_WIPHY_FREQ], freq);
	CHECK_U32(tb[NL80211_ATTR_CHANNEL_WIDTH], width);
	CHECK_U32(tb[NL80211_ATTR_CENTER_FREQ1], want_center);
	CHECK_EQ_INT(nlt_n_attrs(msg), 3);
	nlmsg_free(msg);
}

static int channel_rc(uint32_t freq, uint32_t width, uint32_t center)
{
	struct nl_chandef_req c = { freq, width, center };

	return nlt_build_rc(&nl_cmd_set_channel, &c);
}

static void set_channel(void)
{
	check_channel(2412, NL80211_CHAN_WIDTH_20_NOHT, 0, 2412);
	check_channel(2412, NL80211_CHAN_WIDTH_20, 2412, 2412);
	check_channel(2462, NL80211_CHAN_WIDTH_40, 2452, 2452);
	check_channel(5180, NL80211_CHAN_WIDTH_80, 5210, 5210);
	check_channel(5240, NL80211_CHAN_WIDTH_80, 5210, 5210);
	check_channel(5180, NL80211_CHAN_WIDTH_160, 5250, 5250);
	check_channel(5320, NL80211_CHAN_WIDTH_160, 5250, 5250);
	CHECK_EQ_INT(channel_rc(0, NL80211_CHAN_WIDTH_20_NOHT, 0), -EINVAL);
	CHECK_EQ_INT(channel_rc(2412, NL80211_CHAN_WIDTH_20, 2417), -EINVAL);
	CHECK_EQ_INT(channel_rc(2412, NL80211_CHAN_WIDTH_40, 0), -EINVAL);
	CHECK_EQ_INT(channel_rc(2412, NL80211_CHAN_WIDTH_40, 2432), -EINVAL);
	CHECK_EQ_INT(channel_rc(5180, NL80211_CHAN_WIDTH_80, 5200), -EINVAL);
	CHECK_EQ_INT(channel_rc(5180, NL80211_CHAN_WIDTH_80, 5230), -EINVAL);
	CHECK_EQ_INT(channel_rc(5180, NL80211_CHAN_WIDTH_80P80, 5210), -EINVAL);
	CHECK_EQ_INT(channel_rc(5180, 99, 5180), -EINVAL);
}

static void chandef_of_ht_capab(void)
{
	uint32_t w = 0, c = 0;

	nl_chandef(2437, false, 1, &w, &c);
	CHECK_EQ_INT(w, NL80211_CHAN_WIDTH_20_NOHT);
	CHECK_EQ_INT(c, 2437);
	nl_chandef(2437, true, 0, &w, &c);
	CHECK_EQ_INT(w, NL80211_CHAN_WIDTH_20);
	CHECK_EQ_INT(c, 2437);
	nl_chandef(2437, true, 1, &w, &c);
	CHECK_EQ_INT(w, NL80211_CHAN_WIDTH_40);
	CHECK_EQ_INT(c, 2447);
	nl_chandef(5200, true, -1, &w, &c);
	CHECK_EQ_INT(w, NL80211_CHAN_WIDTH_40);
	CHECK_EQ_INT(c, 5190);
	/* What it makes, the builder takes. */
	CHECK_EQ_INT(channel_rc(5200, w, c), 0);
}

static void req_set_reg(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_msg *msg;

	CHECK_EQ_INT(nlt_build(&nl_cmd_req_set_reg, "de", &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_REG_ALPHA2], "DE", 3);
	CHECK_EQ_INT(nlt_n_attrs(msg), 1);
	nlmsg_free(msg);
	CHECK_EQ_INT(nlt_build(&nl_cmd_req_set_reg, "00", &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_REG_ALPHA2], "00", 3);
	nlmsg_free(msg);
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_req_set_reg, "D1"), -EINVAL);
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_req_set_reg, "\0\0"), -EINVAL);
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_req_set_reg, "0A"), -EINVAL);
}

static struct nl_sta_params ht_station(void)
{
	struct nl_sta_params sp = {
		.addr = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 },
		.aid = 7, .listen_interval = 10, .capability = 0x0431,
		.rates = { 0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24,
			   0x30, 0x48, 0x60, 0x6c },
		.n_rates = 12, .ht = true,
		.flags_mask = 1u << NL80211_STA_FLAG_WME |
			      1u << NL80211_STA_FLAG_AUTHORIZED,
		.flags_set = 1u << NL80211_STA_FLAG_WME,
	};
	unsigned i;

	for (i = 0; i < sizeof(sp.ht_capa); i++)
		sp.ht_capa[i] = (uint8_t)(0xa0 + i);
	return sp;
}

static void new_station(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_sta_params sp = ht_station();
	struct nl80211_sta_flag_update fl;
	struct nl_msg *msg;

	CHECK_EQ_INT(nlt_build(&nl_cmd_new_station, &sp, &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_MAC], sta_mac, 6);
	CHECK_BYTES(tb[NL80211_ATTR_STA_SUPPORTED_RATES], sp.rates, 12);
	CHECK_U16(tb[NL80211_ATTR_STA_AID], 7);
	CHECK_U16(tb[NL80211_ATTR_STA_LISTEN_INTERVAL], 10);
	CHECK_U16(tb[NL80211_ATTR_STA_CAPABILITY], 0x0431);
	CHECK_BYTES(tb[NL80211_ATTR_HT_CAPABILITY], sp.ht_capa, 26);
	CHECK_LEN(tb[NL80211_ATTR_STA_FLAGS2], sizeof(fl));
	if (tb[NL80211_ATTR_STA_FLAGS2]) {
		memcpy(&fl, nla_data(tb[NL80211_ATTR_STA_FLAGS2]), sizeof(fl));
		CHECK_EQ_INT(fl.mask, sp.flags_mask);
		CHECK_EQ_INT(fl.set, sp.flags_set);
	}
	CHECK_EQ_INT(nlt_n_attrs(msg), 7);
	nlmsg_free(msg);
	/* Without HT and without flags, neither attribute. */
	sp.ht = false;
	sp.flags_mask = sp.flags_set = 0;
	sp.n_rates = 1;
	CHECK_EQ_INT(nlt_build(&nl_cmd_new_station, &sp, &msg, tb), 0);
	CHECK(!tb[NL80211_ATTR_HT_CAPABILITY] && !tb[NL80211_ATTR_STA_FLAGS2]);
	CHECK_BYTES(tb[NL80211_ATTR_STA_SUPPORTED_RATES], sp.rates, 1);
	CHECK_EQ_INT(nlt_n_attrs(msg), 5);
	nlmsg_free(msg);
}

static void new_station_refused(void)
{
	struct nl_sta_params sp;

#define REFUSED(field_change)                                               \
	do {                                                                \
		sp = ht_station();                                          \
		field_change;                                               \
		CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_station, &sp), -EINVAL);  \
	} while (0)
	REFUSED(sp.n_rates = 0);
	REFUSED(sp.n_rates = NL_STA_RATES + 1);
	REFUSED(sp.aid = 0);
	REFUSED(sp.aid = 2008);
	REFUSED(sp.addr[0] = 0x01);		/* group address */
	REFUSED(memset(sp.addr, 0, 6));
	REFUSED(sp.flags_set = 1u << NL80211_STA_FLAG_MFP); /* not in mask */
	REFUSED(sp.flags_mask |= 1u);		/* the reserved flag 0 */
	REFUSED(sp.flags_mask |= 1u << (NL80211_STA_FLAG_MAX + 1));
#undef REFUSED
	sp = ht_station();
	sp.n_rates = NL_STA_RATES;
	sp.aid = 2007;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_station, &sp), 0);
}

static void set_del_get_station(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	uint32_t auth = 1u << NL80211_STA_FLAG_AUTHORIZED;
	struct nl_sta_flags_req r = { sta_mac, auth, auth };
	struct nl80211_sta_flag_update fl = { .mask = auth, .set = auth };
	struct nl_msg *msg;

	CHECK_EQ_INT(nlt_build(&nl_cmd_set_station, &r, &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_MAC], sta_mac, 6);
	CHECK_BYTES(tb[NL80211_ATTR_STA_FLAGS2], &fl, sizeof(fl));
	CHECK_EQ_INT(nlt_n_attrs(msg), 2);
	nlmsg_free(msg);
	r.mask = 0;
	r.set = 0;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_set_station, &r), -EINVAL);
	r = (struct nl_sta_flags_req){ group_mac, auth, auth };
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_set_station, &r), -EINVAL);

	CHECK_EQ_INT(nlt_build(&nl_cmd_del_station, sta_mac, &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_MAC], sta_mac, 6);
	CHECK_EQ_INT(nlt_n_attrs(msg), 1);
	nlmsg_free(msg);
	CHECK_EQ_INT(nlt_build(&nl_cmd_del_station, NULL, &msg, tb), 0);
	CHECK_EQ_INT(nlt_n_attrs(msg), 0);	/* every station */
	nlmsg_free(msg);
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_del_station, group_mac), -EINVAL);

	CHECK_EQ_INT(nlt_build(&nl_cmd_get_station, sta_mac, &msg, tb), 0);
	CHECK_BYTES(tb[NL80211_ATTR_MAC], sta_mac, 6);
	CHECK_EQ_INT(nlt_n_attrs(msg), 1);
	nlmsg_free(msg);
	CHECK_EQ_INT(nl_cmd_dump_station.flags, NLM_F_DUMP);
	CHECK_EQ_INT(nl_cmd_get_station.flags, 0);
}

int main(void)
{
	check_begin("test_nl_msgs");
	RUN(start_ap_wpa2);
	RUN(start_ap_open);
	RUN(start_ap_refused);
	RUN(set_beacon);
	RUN(new_interface_monitor);
	RUN(new_interface_refused);
	RUN(set_interface_type);
	RUN(set_channel);
	RUN(chandef_of_ht_capab);
	RUN(req_set_reg);
	RUN(new_station);
	RUN(new_station_refused);
	RUN(set_del_get_station);
	return check_end();
}
