/*
 * nl_pvt.h - netlink/'s private part: the command rows and what their
 * builders and parsers take. Do not include directly: only the files of
 * netlink/ and the unit tests (tests/unit/test_nl_*.c) do, so that a test
 * can build a request into a message of its own, or feed a canned reply to
 * a parser, without a kernel.
 *
 * Contract of every row (struct nl_cmd in rapd/nl.h): build(msg, req)
 * adds attributes after the generic netlink header and the interface index
 * that nl_exec wrote, and returns 0, -EINVAL for a request the kernel
 * would refuse for its shape (nothing is sent then), or -EMSGSIZE. Its
 * parse(msg, arg) reads one reply message into arg and returns 0 or a
 * negative errno (-EPROTO for a message it cannot read). The comment by
 * each row names the type of req and of arg. Pure functions; no sockets.
 */
#ifndef RAPD_NL_PVT_H
#define RAPD_NL_PVT_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "rapd/nl.h"

/* Where a parser of a (possibly dumped) reply stores what it reads:
 * v[0..cap-1], n stored. A message past cap makes the parser return
 * -ENOSPC. */
struct nl_phy_list {
	struct nl_phy *v;
	unsigned cap, n;
};

struct nl_iface_list {
	struct nl_iface *v;
	unsigned cap, n;
};

struct nl_sta_list {
	struct nl_sta_info *v;
	unsigned cap, n;
};

struct nl_iface_new_req {
	uint32_t wiphy;
	const char *name;
	uint32_t iftype, mntr_flags;
	const uint8_t *addr;	/* NULL: the kernel's choice */
};

struct nl_chandef_req {
	uint32_t freq_mhz, chan_width, center_freq1;
};

struct nl_beacon_req {
	const uint8_t *head, *tail;
	size_t head_len, tail_len;
};

struct nl_sta_flags_req {
	const uint8_t *addr;
	uint32_t mask, set;
};

struct nl_key_req {
	const uint8_t *addr;	/* pairwise: the station; NULL: group */
	uint8_t idx;
	uint32_t cipher;
	const uint8_t *key, *seq;
	size_t key_len, seq_len;
};

/* libnl's error code (NLE_*, either sign) as a negative errno. (nl.c) */
int nl_errno(int nle);

/* nl_phy.c */
extern const struct nl_cmd nl_cmd_get_wiphy_dump; /* -, nl_phy_list */

/* nl_iface.c */
extern const struct nl_cmd nl_cmd_get_interface;  /* -, nl_iface_list */
extern const struct nl_cmd nl_cmd_dump_interface; /* -, nl_iface_list */
extern const struct nl_cmd nl_cmd_new_interface;  /* nl_iface_new_req,
						   * nl_iface_list */
extern const struct nl_cmd nl_cmd_del_interface;  /* -, - */
extern const struct nl_cmd nl_cmd_set_interface;  /* uint32_t iftype, - */
extern const struct nl_cmd nl_cmd_set_channel;	   /* nl_chandef_req, - */
extern const struct nl_cmd nl_cmd_req_set_reg;	   /* char alpha2[2], - */

/* nl_ap.c */
extern const struct nl_cmd nl_cmd_start_ap;	/* nl_ap_params, - */
extern const struct nl_cmd nl_cmd_set_beacon;	/* nl_beacon_req, - */
extern const struct nl_cmd nl_cmd_stop_ap;	/* -, - */

/* nl_sta.c */
extern const struct nl_cmd nl_cmd_new_station;	 /* nl_sta_params, - */
extern const struct nl_cmd nl_cmd_set_station;	 /* nl_sta_flags_req, - */
extern const struct nl_cmd nl_cmd_del_station;	 /* uint8_t addr[6] or
						  * NULL, - */
extern const struct nl_cmd nl_cmd_get_station;	 /* uint8_t addr[6],
						  * nl_sta_list */
extern const struct nl_cmd nl_cmd_dump_station; /* -, nl_sta_list */

/* nl_key.c */
extern const struct nl_cmd nl_cmd_new_key;	   /* nl_key_req, - */
extern const struct nl_cmd nl_cmd_set_key_default; /* nl_key_req (idx), - */
extern const struct nl_cmd nl_cmd_del_key;	   /* nl_key_req, - */

/*
 * The channel definition attributes of START_AP and SET_WIPHY: WIPHY_FREQ,
 * CHANNEL_WIDTH, CENTER_FREQ1 (center_freq1 0: freq_mhz). -EINVAL when the
 * center does not fit the width (cfg80211_chandef_valid's rule: the
 * primary 20 MHz channel lies inside the wide one, on its 20 MHz grid) or
 * the width needs a second segment (80+80). (nl_iface.c)
 */
int nl_put_chandef(struct nl_msg *msg, uint32_t freq_mhz, uint32_t width,
		   uint32_t center_freq1);

/* A station address the kernel accepts: not group, not zero. */
static inline bool nl_mac_is_unicast(const uint8_t *a)
{
	return a && !(a[0] & 1) &&
	       (a[0] | a[1] | a[2] | a[3] | a[4] | a[5]) != 0;
}

/* nl_event.c: what one netlink message means to nl_events_read. */
enum nl_ev_parse {
	NL_EVP_EVENT,		/* *e holds an event to deliver */
	NL_EVP_IGNORED,		/* well-formed, names nothing rapd acts on */
	NL_EVP_MALFORMED,	/* too short, or an attribute of a bad size */
};

/* One message from the nl80211 socket; family is nl80211's id. */
enum nl_ev_parse nl_event_parse_genl(struct nlmsghdr *nlh, int family,
				     struct nl_event *e);
/* One message from the rtnetlink socket (RTM_NEWLINK, RTM_DELLINK). */
enum nl_ev_parse nl_event_parse_rtnl(const struct nlmsghdr *nlh,
				     struct nl_event *e);

#endif
