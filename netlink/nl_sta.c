/*
 * nl_sta.c - stations of the kernel AP: NEW_STATION, SET_STATION (flags),
 * DEL_STATION, GET_STATION (one or a dump).
 *
 * Called by the thread owning the struct nl_conn (the thread that pushes
 * stations once the MLME has associated them, and the control interface's
 * STA queries). Owns nothing: replies are copied into struct nl_sta_info.
 *
 * Follows nl80211.h: a new AP station carries STA_SUPPORTED_RATES (the
 * Supported and Extended Supported Rates octets, basic bit as sent, IEEE
 * 802.11-2020 9.4.2.3), STA_AID, STA_LISTEN_INTERVAL, STA_CAPABILITY,
 * HT_CAPABILITY (the 26-octet element body, 9.4.2.55) and STA_FLAGS2, a
 * struct nl80211_sta_flag_update {mask, set} of 1 << NL80211_STA_FLAG_*.
 * A reply describes a station by MAC and a STA_INFO nest; counters a
 * driver does not keep are absent. STA_FLAGS in it is {mask: flags the
 * driver reports, set: those that hold}.
 */
#include <errno.h>
#include <string.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_pvt.h"

#define AID_MAX 2007	/* IEEE 802.11-2020 9.4.1.8 */
#define STA_FLAGS_KNOWN                                                     \
	(((1u << (NL80211_STA_FLAG_MAX + 1)) - 1) &                         \
	 ~(1u << __NL80211_STA_FLAG_INVALID))

static const struct nla_policy sta_policy[NL80211_ATTR_MAX + 1] = {
	[NL80211_ATTR_MAC] = { .type = NLA_UNSPEC, .minlen = 6 },
	[NL80211_ATTR_STA_INFO] = { .type = NLA_NESTED },
};

static const struct nla_policy info_policy[NL80211_STA_INFO_MAX + 1] = {
	[NL80211_STA_INFO_INACTIVE_TIME] = { .type = NLA_U32 },
	[NL80211_STA_INFO_RX_BYTES] = { .type = NLA_U32 },
	[NL80211_STA_INFO_TX_BYTES] = { .type = NLA_U32 },
	[NL80211_STA_INFO_RX_BYTES64] = { .type = NLA_U64 },
	[NL80211_STA_INFO_TX_BYTES64] = { .type = NLA_U64 },
	[NL80211_STA_INFO_RX_PACKETS] = { .type = NLA_U32 },
	[NL80211_STA_INFO_TX_PACKETS] = { .type = NLA_U32 },
	[NL80211_STA_INFO_TX_RETRIES] = { .type = NLA_U32 },
	[NL80211_STA_INFO_TX_FAILED] = { .type = NLA_U32 },
	[NL80211_STA_INFO_SIGNAL] = { .type = NLA_U8 },
	[NL80211_STA_INFO_STA_FLAGS] = {
		.type = NLA_UNSPEC,
		.minlen = sizeof(struct nl80211_sta_flag_update),
	},
};

static uint32_t get_u32_or0(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

/* The 64-bit counter when the kernel sends it, else the 32-bit one. */
static uint64_t get_bytes(struct nlattr **tb, int type64, int type32)
{
	if (tb[type64])
		return nla_get_u64(tb[type64]);
	return get_u32_or0(tb, type32);
}

static int info_fill(struct nl_sta_info *s, struct nlattr *nest)
{
	struct nlattr *tb[NL80211_STA_INFO_MAX + 1];
	struct nl80211_sta_flag_update fl;

	if (nla_parse_nested(tb, NL80211_STA_INFO_MAX, nest, info_policy) < 0)
		return -EPROTO;
	s->inactive_ms = get_u32_or0(tb, NL80211_STA_INFO_INACTIVE_TIME);
	s->rx_bytes = get_bytes(tb, NL80211_STA_INFO_RX_BYTES64,
				NL80211_STA_INFO_RX_BYTES);
	s->tx_bytes = get_bytes(tb, NL80211_STA_INFO_TX_BYTES64,
				NL80211_STA_INFO_TX_BYTES);
	s->rx_packets = get_u32_or0(tb, NL80211_STA_INFO_RX_PACKETS);
	s->tx_packets = get_u32_or0(tb, NL80211_STA_INFO_TX_PACKETS);
	s->tx_retries = get_u32_or0(tb, NL80211_STA_INFO_TX_RETRIES);
	s->tx_failed = get_u32_or0(tb, NL80211_STA_INFO_TX_FAILED);
	if (tb[NL80211_STA_INFO_SIGNAL])
		s->signal_dbm = (int8_t)nla_get_u8(tb[NL80211_STA_INFO_SIGNAL]);
	if (tb[NL80211_STA_INFO_STA_FLAGS]) {
		memcpy(&fl, nla_data(tb[NL80211_STA_INFO_STA_FLAGS]),
		       sizeof(fl));
		s->flags = fl.set & fl.mask;
	}
	return 0;
}

/* One station message (GET's reply or a dump part): MAC and STA_INFO are
 * required. */
static int parse_station(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_sta_list *l = arg;
	struct nl_sta_info s = { 0 };
	int rc;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NL80211_ATTR_MAX,
			  sta_policy) < 0 ||
	    !tb[NL80211_ATTR_MAC] || !tb[NL80211_ATTR_STA_INFO])
		return -EPROTO;
	if (l->n == l->cap)
		return -ENOSPC;
	memcpy(s.addr, nla_data(tb[NL80211_ATTR_MAC]), 6);
	rc = info_fill(&s, tb[NL80211_ATTR_STA_INFO]);
	if (rc == 0)
		l->v[l->n++] = s;
	return rc;
}

static bool flags_valid(uint32_t mask, uint32_t set)
{
	return !(mask & ~STA_FLAGS_KNOWN) && !(set & ~mask);
}

static int put_flags2(struct nl_msg *msg, uint32_t mask, uint32_t set)
{
	struct nl80211_sta_flag_update fl = { .mask = mask, .set = set };

	return nla_put(msg, NL80211_ATTR_STA_FLAGS2, sizeof(fl), &fl) < 0 ?
		       -EMSGSIZE : 0;
}

static bool new_sta_valid(const struct nl_sta_params *sp)
{
	return nl_mac_is_unicast(sp->addr) && sp->aid >= 1 &&
	       sp->aid <= AID_MAX && sp->n_rates >= 1 &&
	       sp->n_rates <= NL_STA_RATES &&
	       flags_valid(sp->flags_mask, sp->flags_set);
}

static int build_new_station(struct nl_msg *msg, const void *req)
{
	const struct nl_sta_params *sp = req;

	if (!new_sta_valid(sp))
		return -EINVAL;
	if (nla_put(msg, NL80211_ATTR_MAC, 6, sp->addr) < 0 ||
	    nla_put(msg, NL80211_ATTR_STA_SUPPORTED_RATES, (int)sp->n_rates,
		    sp->rates) < 0 ||
	    nla_put_u16(msg, NL80211_ATTR_STA_AID, sp->aid) < 0 ||
	    nla_put_u16(msg, NL80211_ATTR_STA_LISTEN_INTERVAL,
			sp->listen_interval) < 0 ||
	    nla_put_u16(msg, NL80211_ATTR_STA_CAPABILITY, sp->capability) < 0)
		return -EMSGSIZE;
	if (sp->ht && nla_put(msg, NL80211_ATTR_HT_CAPABILITY,
			      sizeof(sp->ht_capa), sp->ht_capa) < 0)
		return -EMSGSIZE;
	if (sp->flags_mask)
		return put_flags2(msg, sp->flags_mask, sp->flags_set);
	return 0;
}

static int build_set_station(struct nl_msg *msg, const void *req)
{
	const struct nl_sta_flags_req *r = req;

	if (!nl_mac_is_unicast(r->addr) || !r->mask ||
	    !flags_valid(r->mask, r->set))
		return -EINVAL;
	if (nla_put(msg, NL80211_ATTR_MAC, 6, r->addr) < 0)
		return -EMSGSIZE;
	return put_flags2(msg, r->mask, r->set);
}

/* req NULL: no MAC, which the kernel reads as every station. */
static int build_del_station(struct nl_msg *msg, const void *req)
{
	if (!req)
		return 0;
	if (!nl_mac_is_unicast(req))
		return -EINVAL;
	return nla_put(msg, NL80211_ATTR_MAC, 6, req) < 0 ? -EMSGSIZE : 0;
}

static int build_get_station(struct nl_msg *msg, const void *req)
{
	if (!nl_mac_is_unicast(req))
		return -EINVAL;
	return nla_put(msg, NL80211_ATTR_MAC, 6, req) < 0 ? -EMSGSIZE : 0;
}

const struct nl_cmd nl_cmd_new_station = {
	.name = "NEW_STATION",
	.cmd = NL80211_CMD_NEW_STATION,
	.build = build_new_station,
};

const struct nl_cmd nl_cmd_set_station = {
	.name = "SET_STATION",
	.cmd = NL80211_CMD_SET_STATION,
	.build = build_set_station,
};

const struct nl_cmd nl_cmd_del_station = {
	.name = "DEL_STATION",
	.cmd = NL80211_CMD_DEL_STATION,
	.build = build_del_station,
};

const struct nl_cmd nl_cmd_get_station = {
	.name = "GET_STATION",
	.cmd = NL80211_CMD_GET_STATION,
	.build = build_get_station,
	.parse = parse_station,
	.quiet_errno = ENOENT,
};

const struct nl_cmd nl_cmd_dump_station = {
	.name = "GET_STATION",
	.cmd = NL80211_CMD_GET_STATION,
	.flags = NLM_F_DUMP,
	.parse = parse_station,
};

int nl_sta_new(struct nl_conn *nl, uint32_t ifindex,
	       const struct nl_sta_params *sp)
{
	if (!ifindex || !sp)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_new_station, ifindex, sp, NULL);
}

int nl_sta_set_flags(struct nl_conn *nl, uint32_t ifindex,
		     const uint8_t addr[6], uint32_t mask, uint32_t set)
{
	struct nl_sta_flags_req r = { .addr = addr, .mask = mask, .set = set };

	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_set_station, ifindex, &r, NULL);
}

int nl_sta_del(struct nl_conn *nl, uint32_t ifindex, const uint8_t *addr)
{
	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_del_station, ifindex, addr, NULL);
}

int nl_sta_get(struct nl_conn *nl, uint32_t ifindex, const uint8_t addr[6],
	       struct nl_sta_info *out)
{
	struct nl_sta_list l = { .v = out, .cap = 1 };
	int rc;

	if (!ifindex)
		return -EINVAL;
	rc = nl_exec(nl, &nl_cmd_get_station, ifindex, addr, &l);
	if (rc == 0 && l.n == 0)
		rc = -EPROTO;	/* acked without the station */
	return rc;
}

int nl_sta_dump(struct nl_conn *nl, uint32_t ifindex, struct nl_sta_info *v,
		unsigned cap, unsigned *n)
{
	struct nl_sta_list l = { .v = v, .cap = cap };
	int rc;

	*n = 0;
	if (!ifindex)
		return -EINVAL;
	rc = nl_exec(nl, &nl_cmd_dump_station, ifindex, NULL, &l);
	*n = l.n;
	return rc;
}
