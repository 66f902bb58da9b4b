/*
 * nl_ap.c - the kernel access point: START_AP, SET_BEACON, STOP_AP.
 *
 * Called by the thread owning the struct nl_conn (main thread: start,
 * reload, stop). Owns nothing; the beacon bytes are the caller's (built by
 * mlme/ with the head/tail split below) and only copied into the message.
 *
 * Follows nl80211.h's START_AP: the beacon comes as BEACON_HEAD (the
 * 802.11 header, the fixed fields and the elements before the TIM) and
 * BEACON_TAIL (the elements after it); the kernel inserts the TIM. The
 * interval, DTIM period, SSID, hidden mode, privacy, WPA versions, AKM and
 * cipher suites, channel and inactivity timeout are START_AP-only;
 * SET_BEACON changes head and tail. AKM_SUITES and CIPHER_SUITES_PAIRWISE
 * are arrays of u32 suite selectors (OUI << 8 | type, IEEE 802.11-2020
 * 9.4.2.24.2 and .3), sent here with one suite each.
 */
#include <errno.h>
#include <string.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl_pvt.h"

/* 24-octet header + timestamp, beacon interval, capability (IEEE
 * 802.11-2020 9.3.3.2): the kernel refuses a shorter head. */
#define BEACON_HEAD_MIN 36
#define BEACON_MAX 2304	/* IEEE80211_MAX_DATA_LEN, the kernel's bound */
#define SSID_MAX 32
#define WPA_VERSIONS_KNOWN                                                  \
	(NL80211_WPA_VERSION_1 | NL80211_WPA_VERSION_2 | NL80211_WPA_VERSION_3)

static bool beacon_valid(const uint8_t *head, size_t head_len,
			 const uint8_t *tail, size_t tail_len)
{
	return head && head_len >= BEACON_HEAD_MIN && head_len <= BEACON_MAX &&
	       (tail || tail_len == 0) && tail_len <= BEACON_MAX;
}

/* The tail is always sent, empty when there is none: the kernel keeps the
 * previous tail when SET_BEACON carries no BEACON_TAIL at all. */
static int put_beacon(struct nl_msg *msg, const uint8_t *head,
		      size_t head_len, const uint8_t *tail, size_t tail_len)
{
	if (!beacon_valid(head, head_len, tail, tail_len))
		return -EINVAL;
	if (nla_put(msg, NL80211_ATTR_BEACON_HEAD, (int)head_len, head) < 0 ||
	    nla_put(msg, NL80211_ATTR_BEACON_TAIL, (int)tail_len, tail) < 0)
		return -EMSGSIZE;
	return 0;
}

static bool security_valid(const struct nl_ap_params *ap)
{
	if (ap->wpa_versions & ~(uint32_t)WPA_VERSIONS_KNOWN)
		return false;
	if (ap->wpa_versions == 0)
		return true;
	return ap->akm && ap->pairwise_cipher && ap->group_cipher;
}

static bool ap_valid(const struct nl_ap_params *ap)
{
	return ap->beacon_int && ap->dtim_period && ap->ssid &&
	       ap->ssid_len >= 1 && ap->ssid_len <= SSID_MAX &&
	       ap->hidden <= NL80211_HIDDEN_SSID_ZERO_CONTENTS &&
	       security_valid(ap);
}

/* The security part: versions, then each suite the caller set. */
static int put_security(struct nl_msg *msg, const struct nl_ap_params *ap)
{
	if (ap->privacy && nla_put_flag(msg, NL80211_ATTR_PRIVACY) < 0)
		return -EMSGSIZE;
	if (ap->wpa_versions &&
	    nla_put_u32(msg, NL80211_ATTR_WPA_VERSIONS, ap->wpa_versions) < 0)
		return -EMSGSIZE;
	if (ap->akm && nla_put(msg, NL80211_ATTR_AKM_SUITES, 4, &ap->akm) < 0)
		return -EMSGSIZE;
	if (ap->pairwise_cipher &&
	    nla_put(msg, NL80211_ATTR_CIPHER_SUITES_PAIRWISE, 4,
		    &ap->pairwise_cipher) < 0)
		return -EMSGSIZE;
	if (ap->group_cipher &&
	    nla_put_u32(msg, NL80211_ATTR_CIPHER_SUITE_GROUP,
			ap->group_cipher) < 0)
		return -EMSGSIZE;
	return 0;
}

static int build_start_ap(struct nl_msg *msg, const void *req)
{
	const struct nl_ap_params *ap = req;
	int rc;

	if (!ap_valid(ap))
		return -EINVAL;
	rc = put_beacon(msg, ap->head, ap->head_len, ap->tail, ap->tail_len);
	if (rc < 0)
		return rc;
	if (nla_put_u32(msg, NL80211_ATTR_BEACON_INTERVAL,
			ap->beacon_int) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_DTIM_PERIOD, ap->dtim_period) < 0 ||
	    nla_put(msg, NL80211_ATTR_SSID, (int)ap->ssid_len, ap->ssid) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_HIDDEN_SSID, ap->hidden) < 0)
		return -EMSGSIZE;
	rc = put_security(msg, ap);
	if (rc == 0 && ap->freq_mhz)
		rc = nl_put_chandef(msg, ap->freq_mhz, ap->chan_width,
				    ap->center_freq1);
	if (rc == 0 && ap->inactivity_timeout &&
	    nla_put_u16(msg, NL80211_ATTR_INACTIVITY_TIMEOUT,
			ap->inactivity_timeout) < 0)
		rc = -EMSGSIZE;
	return rc;
}

static int build_set_beacon(struct nl_msg *msg, const void *req)
{
	const struct nl_beacon_req *b = req;

	return put_beacon(msg, b->head, b->head_len, b->tail, b->tail_len);
}

const struct nl_cmd nl_cmd_start_ap = {
	.name = "START_AP",
	.cmd = NL80211_CMD_START_AP,
	.build = build_start_ap,
};

const struct nl_cmd nl_cmd_set_beacon = {
	.name = "SET_BEACON",
	.cmd = NL80211_CMD_SET_BEACON,
	.build = build_set_beacon,
};

const struct nl_cmd nl_cmd_stop_ap = {
	.name = "STOP_AP",
	.cmd = NL80211_CMD_STOP_AP,
};

int nl_ap_start(struct nl_conn *nl, uint32_t ifindex,
		const struct nl_ap_params *ap)
{
	if (!ifindex || !ap)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_start_ap, ifindex, ap, NULL);
}

int nl_ap_set_beacon(struct nl_conn *nl, uint32_t ifindex,
		     const uint8_t *head, size_t head_len,
		     const uint8_t *tail, size_t tail_len)
{
	struct nl_beacon_req b = {
		.head = head, .head_len = head_len,
		.tail = tail, .tail_len = tail_len,
	};

	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_set_beacon, ifindex, &b, NULL);
}

int nl_ap_stop(struct nl_conn *nl, uint32_t ifindex)
{
	if (!ifindex)
		return -EINVAL;
	return nl_exec(nl, &nl_cmd_stop_ap, ifindex, NULL, NULL);
}
