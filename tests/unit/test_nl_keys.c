/*
 * test_nl_keys.c - netlink/'s key requests (NEW_KEY, SET_KEY default,
 * DEL_KEY) built into the test's own message and read back: the nested
 * NL80211_ATTR_KEY (data, cipher, index, type, sequence), the top-level
 * MAC for pairwise keys only, and -EINVAL for keys the kernel would refuse
 * (a length that does not fit the cipher, an index out of range). The
 * first 16 key octets are the TK of the CCMP test vector in
 * shared/reference/vectors.md (IEEE 802.11-2012 M.6.4); any octets would do,
 * they are only compared.
 */
#include <errno.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "../../netlink/nl_pvt.h"
#include "check.h"
#include "nl_testutil.h"

#define CCMP 0x000fac04


static const uint8_t sta_mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t tk[32] = {
	0xc9, 0x7c, 0x1f, 0x67, 0xce, 0x37, 0x11, 0x85,
	0x51, 0x4a, 0x8a, 0x19, 0xf2, 0xbd, 0xd5, 0x2f,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
static const uint8_t rsc[6] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 };

/* Builds req with row; on success tb holds the top level and kt the
 * NL80211_ATTR_KEY nest (all NULL without one). The caller frees *out. */
static int build(const struct nl_cmd *row, const struct nl_key_req *req,
		 struct nl_msg **out, struct nlattr **tb, struct nlattr **kt)
{
	int rc = nlt_build(row, req, out, tb);

	memset(kt, 0, sizeof(*kt) * (NL80211_KEY_MAX + 1));
	if (rc == 0 && tb[NL80211_ATTR_KEY] &&
	    nla_parse_nested(kt, NL80211_KEY_MAX, tb[NL80211_ATTR_KEY], NULL))
		rc = -EBADMSG;
	return rc;
}

static void new_key_pairwise(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1], *kt[NL80211_KEY_MAX + 1];
	struct nl_key_req k = {
		.addr = sta_mac, .idx = 0, .cipher = CCMP,
		.key = tk, .key_len = 16,
	};
	struct nl_msg *msg;

	CHECK_EQ_INT(build(&nl_cmd_new_key, &k, &msg, tb, kt), 0);
	CHECK_BYTES(tb[NL80211_ATTR_MAC], sta_mac, 6);
	CHECK_EQ_INT(nlt_n_attrs(msg), 2);	/* MAC and the nest */
	CHECK_BYTES(kt[NL80211_KEY_DATA], tk, 16);
	CHECK_U32(kt[NL80211_KEY_CIPHER], CCMP);
	CHECK_U8(kt[NL80211_KEY_IDX], 0);
	CHECK_U32(kt[NL80211_KEY_TYPE], NL80211_KEYTYPE_PAIRWISE);
	CHECK(kt[NL80211_KEY_SEQ] == NULL);
	if (tb[NL80211_ATTR_KEY])
		CHECK_EQ_INT(nlt_attrs_in(nla_data(tb[NL80211_ATTR_KEY]),
					nla_len(tb[NL80211_ATTR_KEY])), 4);
	nlmsg_free(msg);
	/* The message holds the key: nl_exec must clear it. */
	CHECK(nl_cmd_new_key.wipe);
	CHECK_EQ_INT(nl_cmd_new_key.cmd, NL80211_CMD_NEW_KEY);
}

static void new_key_group(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1], *kt[NL80211_KEY_MAX + 1];
	struct nl_key_req k = {
		.idx = 2, .cipher = CCMP, .key = tk, .key_len = 16,
		.seq = rsc, .seq_len = sizeof(rsc),
	};
	struct nl_msg *msg;

	CHECK_EQ_INT(build(&nl_cmd_new_key, &k, &msg, tb, kt), 0);
	CHECK(tb[NL80211_ATTR_MAC] == NULL);
	CHECK_EQ_INT(nlt_n_attrs(msg), 1);
	CHECK_BYTES(kt[NL80211_KEY_DATA], tk, 16);
	CHECK_U32(kt[NL80211_KEY_CIPHER], CCMP);
	CHECK_U8(kt[NL80211_KEY_IDX], 2);
	CHECK_U32(kt[NL80211_KEY_TYPE], NL80211_KEYTYPE_GROUP);
	CHECK_BYTES(kt[NL80211_KEY_SEQ], rsc, sizeof(rsc));
	nlmsg_free(msg);
	/* 32-octet ciphers take 32 octets; an IGTK sits at 4 or 5. */
	k.cipher = 0x000fac09;	/* GCMP-256 */
	k.key_len = 32;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_key, &k), 0);
	k.cipher = 0x000fac06;	/* BIP-CMAC-128 */
	k.key_len = 16;
	k.idx = 4;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_key, &k), 0);
}

static void new_key_refused(void)
{
	struct nl_key_req k;

#define REFUSED(field_change)                                               \
	do {                                                                \
		k = (struct nl_key_req){                                    \
			.addr = sta_mac, .cipher = CCMP, .key = tk,         \
			.key_len = 16, .seq = rsc, .seq_len = 6,            \
		};                                                          \
		CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_key, &k), 0);             \
		field_change;                                               \
		CHECK_EQ_INT(nlt_build_rc(&nl_cmd_new_key, &k), -EINVAL);       \
	} while (0)
	REFUSED(k.key_len = 15);
	REFUSED(k.key_len = 32);
	REFUSED(k.key = NULL);
	REFUSED(k.cipher = 0x000fac03);		/* reserved suite */
	REFUSED(k.cipher = 0x0050f204);		/* another OUI */
	REFUSED(k.seq_len = 17);
	REFUSED(k.seq = NULL);
	REFUSED(k.idx = 2);			/* pairwise: 0 or 1 */
	REFUSED((k.addr = NULL, k.idx = 6));	/* group: 0..5 */
	REFUSED(k.addr = (const uint8_t *)"\x01\x00\x5e\x00\x00\x01");
#undef REFUSED
}

static void set_key_default(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1], *kt[NL80211_KEY_MAX + 1];
	struct nlattr *dt[NUM_NL80211_KEY_DEFAULT_TYPES];
	struct nl_key_req k = { .idx = 1 };
	struct nl_msg *msg;

	CHECK_EQ_INT(build(&nl_cmd_set_key_default, &k, &msg, tb, kt), 0);
	CHECK_EQ_INT(nlt_n_attrs(msg), 1);
	CHECK_U8(kt[NL80211_KEY_IDX], 1);
	CHECK_LEN(kt[NL80211_KEY_DEFAULT], 0);
	CHECK(kt[NL80211_KEY_DEFAULT_MGMT] == NULL);
	CHECK(kt[NL80211_KEY_DATA] == NULL && kt[NL80211_KEY_TYPE] == NULL);
	CHECK(kt[NL80211_KEY_DEFAULT_TYPES] != NULL);
	if (kt[NL80211_KEY_DEFAULT_TYPES]) {
		CHECK_EQ_INT(nla_parse_nested(dt,
					      NUM_NL80211_KEY_DEFAULT_TYPES - 1,
					      kt[NL80211_KEY_DEFAULT_TYPES],
					      NULL), 0);
		CHECK_LEN(dt[NL80211_KEY_DEFAULT_TYPE_MULTICAST], 0);
		CHECK(dt[NL80211_KEY_DEFAULT_TYPE_UNICAST] == NULL);
	}
	nlmsg_free(msg);
	k.idx = 4;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_set_key_default, &k), -EINVAL);
	CHECK(!nl_cmd_set_key_default.wipe);
}

static void del_key(void)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1], *kt[NL80211_KEY_MAX + 1];
	struct nl_key_req k = { .addr = sta_mac, .idx = 0 };
	struct nl_msg *msg;

	CHECK_EQ_INT(build(&nl_cmd_del_key, &k, &msg, tb, kt), 0);
	CHECK_BYTES(tb[NL80211_ATTR_MAC], sta_mac, 6);
	CHECK_U8(kt[NL80211_KEY_IDX], 0);
	CHECK_U32(kt[NL80211_KEY_TYPE], NL80211_KEYTYPE_PAIRWISE);
	CHECK(kt[NL80211_KEY_DATA] == NULL);
	nlmsg_free(msg);
	k.addr = NULL;
	k.idx = 3;
	CHECK_EQ_INT(build(&nl_cmd_del_key, &k, &msg, tb, kt), 0);
	CHECK(tb[NL80211_ATTR_MAC] == NULL);
	CHECK_U8(kt[NL80211_KEY_IDX], 3);
	CHECK_U32(kt[NL80211_KEY_TYPE], NL80211_KEYTYPE_GROUP);
	nlmsg_free(msg);
	k.idx = 6;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_del_key, &k), -EINVAL);
	k.addr = sta_mac;
	k.idx = 2;
	CHECK_EQ_INT(nlt_build_rc(&nl_cmd_del_key, &k), -EINVAL);
}

int main(void)
{
	check_begin("test_nl_keys");
	RUN(new_key_pairwise);
	RUN(new_key_group);
	RUN(new_key_refused);
	RUN(set_key_default);
	RUN(del_key);
	return check_end();
}
