/*
 * nl_key.c - keys of the kernel AP: NEW_KEY (pairwise or group), SET_KEY
 * (the default group key), DEL_KEY.
 *
 * Called by the thread owning the struct nl_conn (the one that completes
 * 4-way and group handshakes). Owns nothing; the key bytes are copied into
 * the message only, which nl_exec zeroes after sending (row flag wipe).
 *
 * Follows nl80211.h: the key is the nest NL80211_ATTR_KEY {KEY_DATA,
 * KEY_CIPHER (suite), KEY_IDX (u8), KEY_TYPE, KEY_SEQ}, with the station in
 * the top-level NL80211_ATTR_MAC for a pairwise key only. Key lengths by
 * cipher suite are IEEE 802.11-2020 Table 12-4; key ids are 0..3 (1..3
 * for GTKs, 0..1 for PTKs with Extended Key ID) and 4..5 for IGTKs.
 * The default key is selected with KEY_DEFAULT and the nest
 * KEY_DEFAULT_TYPES {KEY_DEFAULT_TYPE_MULTICAST}.
 */
#include <errno.h>
#include <string.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_pvt.h"

#define KEY_IDX_MAX 5		/* 4 and 5: IGTK */
#define KEY_IDX_PAIRWISE_MAX 1	/* Extended Key ID uses 0 and 1 */
#define KEY_IDX_DEFAULT_MAX 3
#define KEY_SEQ_MAX 16		/* the kernel's bound on KEY_SEQ */

/* Key length of a cipher suite (00-0F-AC:n), 0 for one rapd does not
 * know. */
static size_t cipher_key_len(uint32_t suite)
{
	switch (suite) {
	case 0x000fac01:	/* WEP-40 */
		return 5;
	case 0x000fac05:	/* WEP-104 */
		return 13;
	case 0x000fac02:	/* TKIP: 16 + two 8-octet MIC keys */
	case 0x000fac09:	/* GCMP-256 */
	case 0x000fac0a:	/* CCMP-256 */
	case 0x000fac0c:	/* BIP-GMAC-256 */
	case 0x000fac0d:	/* BIP-CMAC-256 */
		return 32;
	case 0x000fac04:	/* CCMP-128 */
	case 0x000fac06:	/* BIP-CMAC-128 */
	case 0x000fac08:	/* GCMP-128 */
	case 0x000fac0b:	/* BIP-GMAC-128 */
		return 16;
	}
	return 0;
}

/* Which key: a station's pairwise key, or a group key by its id. */
static bool key_id_valid(const struct nl_key_req *k)
{
	if (k->addr)
		return nl_mac_is_unicast(k->addr) &&
		       k->idx <= KEY_IDX_PAIRWISE_MAX;
	return k->idx <= KEY_IDX_MAX;
}

static bool new_key_valid(const struct nl_key_req *k)
{
	size_t want = cipher_key_len(k->cipher);

	if (!want || !k->key || k->key_len != want)
		return false;
	if (k->seq_len > KEY_SEQ_MAX || (!k->seq && k->seq_len))
		return false;
	return key_id_valid(k);
}

static int put_key_type(struct nl_msg *msg, const struct nl_key_req *k)
{
	uint32_t type = k->addr ? NL80211_KEYTYPE_PAIRWISE
				: NL80211_KEYTYPE_GROUP;

	return nla_put_u32(msg, NL80211_KEY_TYPE, type) < 0 ? -EMSGSIZE : 0;
}

/* The station of a pairwise key, outside the nest as the kernel reads it. */
static int put_station(struct nl_msg *msg, const struct nl_key_req *k)
{
	if (!k->addr)
		return 0;
	return nla_put(msg, NL80211_ATTR_MAC, 6, k->addr) < 0 ? -EMSGSIZE : 0;
}

static int build_new_key(struct nl_msg *msg, const void *req)
{
	const struct nl_key_req *k = req;
	struct nlattr *nest;

	if (!new_key_valid(k))
		return -EINVAL;
	nest = nla_nest_start(msg, NL80211_ATTR_KEY);
	if (!nest ||
	    nla_put(msg, NL80211_KEY_DATA, (int)k->key_len, k->key) < 0 ||
	    nla_put_u32(msg, NL80211_KEY_CIPHER, k->cipher) < 0 ||
	    nla_put_u8(msg, NL80211_KEY_IDX, k->idx) < 0 ||
	    put_key_type(msg, k) < 0)
		return -EMSGSIZE;
	if (k->seq_len &&
	    nla_put(msg, NL80211_KEY_SEQ, (int)k->seq_len, k->seq) < 0)
		return -EMSGSIZE;
	if (nla_nest_end(msg, nest) < 0)
		return -EMSGSIZE;
	return put_station(msg, k);
}

static int build_set_default(struct nl_msg *msg, const void *req)
{
	const struct nl_key_req *k = req;
	struct nlattr *nest, *types;

	if (k->idx > KEY_IDX_DEFAULT_MAX)
		return -EINVAL;
	nest = nla_nest_start(msg, NL80211_ATTR_KEY);
	if (!nest || nla_put_u8(msg, NL80211_KEY_IDX, k->idx) < 0 ||
	    nla_put_flag(msg, NL80211_KEY_DEFAULT) < 0)
		return -EMSGSIZE;
	types = nla_nest_start(msg, NL80211_KEY_DEFAULT_TYPES);
	if (!types ||
	    nla_put_flag(msg, NL80211_KEY_DEFAULT_TYPE_MULTICAST) < 0 ||
	    nla_nest_end(msg, types) < 0 || nla_nest_end(msg, nest) < 0)
		return -EMSGSIZE;
	return 0;
}

static int build_del_key(struct nl_msg *msg, const void *req)
{
	const struct nl_key_req *k = req;
	struct nlattr *nest;

	if (!key_id_valid(k))
		return -EINVAL;
	nest = nla_nest_start(msg, NL80211_ATTR_KEY);
	if (!nest || nla_put_u8(msg, NL80211_KEY_IDX, k->idx) < 0 ||
	    put_key_type(msg, k) < 0 || nla_nest_end(msg, nest) < 0)
		return -EMSGSIZE;
	return put_station(msg, k);
}

const struct nl_cmd nl_cmd_new_key = {
	.name = "NEW_KEY",
	.cmd = NL80211_CMD_NEW_KEY,
	.build = build_new_key,
	.wipe = true,
};

const struct nl_cmd nl_cmd_set_key_default = {
	.name = "SET_KEY",
	.cmd = NL80211_CMD_SET_KEY,
	.build = build_set_default,
};

const struct nl_cmd nl_cmd_del_key = {
	.name = "DEL_KEY",
	.cmd = NL80211_CMD_DEL_KEY,
	.build = build_del_key,
};

int nl_key_new(struct nl_conn *nl, uint32_t ifindex, const uint8_t *addr,
	       uint8_t key_idx, uint32_t cipher, const uint8_t *key,
	       size_t key_len, const uint8_t *seq, size_t seq_len)
{
	struct nl_key_req k = {
		.addr = addr, .idx = key_idx, .cipher = cipher,
		.key = key, .key_len = key_len, .seq = seq, .seq_len = seq_len,
	};

	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_new_key, ifindex, &k, NULL);
}

int nl_key_set_default(struct nl_conn *nl, uint32_t ifindex, uint8_t key_idx)
{
	struct nl_key_req k = { .idx = key_idx };

	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_set_key_default, ifindex, &k, NULL);
}

int nl_key_del(struct nl_conn *nl, uint32_t ifindex, const uint8_t *addr,
	       uint8_t key_idx)
{
	struct nl_key_req k = { .addr = addr, .idx = key_idx };

	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_del_key, ifindex, &k, NULL);
}
