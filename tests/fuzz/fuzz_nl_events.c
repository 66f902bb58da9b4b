/*
 * fuzz_nl_events.c - libFuzzer target for what netlink/ parses of the
 * kernel's bytes: the two event parsers (nl_event_parse_genl,
 * nl_event_parse_rtnl) and the reply parsers of the GET_INTERFACE,
 * GET_STATION and GET_WIPHY (split dump) rows (netlink/nl_pvt.h).
 *
 * Input: one datagram as a netlink socket read returns it, at most 64 KiB
 * (nl_event.c's receive buffer), copied into a buffer of its exact size
 * and alignment so that ASan sees any read past it. Its messages are
 * walked with nlmsg_ok/nlmsg_next, which keep each message inside the
 * datagram (nlmsg_len is clamped the way a socket read bounds it), and
 * each message goes where the daemon would send it:
 * - to nl_event_parse_genl (nl80211 family id 0x1c, as the unit tests
 *   fake it), unless it is an NLMSG_ERROR answer, as nl_event.c's walk();
 * - to nl_event_parse_rtnl;
 * - when its type is not a netlink control message (NLMSG_MIN_TYPE and
 *   up, what libnl hands to NL_CB_VALID), to each row's parser as the
 *   struct nl_msg libnl builds (nlmsg_convert), one list per row kept
 *   across the datagram as a dump fills it, and no more messages to a
 *   row once it failed (nl.c's on_valid).
 * Seeds: tests/fuzz/run.sh writes a few canned messages with printf.
 * A verdict outside its enum, an event that does not say what the message
 * said, a list past its capacity or an unterminated name aborts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>

#include "../../netlink/nl_pvt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_FAMILY 0x1c /* a made-up nl80211 id, as the unit tests' */
#define DATAGRAM_MAX (64 * 1024)
#define LIST_CAP 2

/* The reply parsers' state over one datagram: one list per row. */
struct rows {
	struct nl_iface_list ifaces;
	struct nl_sta_list stas;
	struct nl_phy_list phys;
	int iface_rc, sta_rc, phy_rc;
};

static bool is_errno_ok(int rc)
{
	return rc == 0 || rc == -EPROTO || rc == -ENOSPC;
}

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static void check_genl(struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = nlmsg_data(nlh);
	enum nl_ev_parse v;
	struct nl_event e;

	v = nl_event_parse_genl(nlh, FUZZ_FAMILY, &e);
	if (v != NL_EVP_EVENT && v != NL_EVP_IGNORED && v != NL_EVP_MALFORMED)
		abort();
	if (nlh->nlmsg_type != FUZZ_FAMILY && v != NL_EVP_IGNORED)
		abort();
	if (v != NL_EVP_EVENT)
		return;
	/* An event was read from a whole generic netlink header. */
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || e.cmd != g->cmd ||
	    e.kind > NL_EV_OTHER || e.kind == NL_EV_OVERRUN ||
	    e.kind == NL_EV_LINK_DOWN || e.kind == NL_EV_LINK_GONE)
		abort();
}

static void check_rtnl(const struct nlmsghdr *nlh)
{
	enum nl_ev_parse v;
	struct nl_event e;

	v = nl_event_parse_rtnl(nlh, &e);
	if (v != NL_EVP_EVENT && v != NL_EVP_IGNORED && v != NL_EVP_MALFORMED)
		abort();
	if (v != NL_EVP_EVENT)
		return;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(struct ifinfomsg) ||
	    (e.kind != NL_EV_LINK_DOWN && e.kind != NL_EV_LINK_GONE) ||
	    e.ifindex == 0 || e.ifindex > INT32_MAX)
		abort();
}

/* One reply message to every row still reading, as nl.c's on_valid. */
static void feed_rows(struct rows *r, struct nl_msg *msg)
{
	if (r->iface_rc == 0)
		r->iface_rc = nl_cmd_get_interface.parse(msg, &r->ifaces);
	if (r->sta_rc == 0)
		r->sta_rc = nl_cmd_get_station.parse(msg, &r->stas);
	if (r->phy_rc == 0)
		r->phy_rc = nl_cmd_get_wiphy_dump.parse(msg, &r->phys);
	if (!is_errno_ok(r->iface_rc) || !is_errno_ok(r->sta_rc) ||
	    !is_errno_ok(r->phy_rc))
		abort();
	if (r->ifaces.n > r->ifaces.cap || r->stas.n > r->stas.cap ||
	    r->phys.n > r->phys.cap)
		abort();
}

static void check_phy(const struct nl_phy *phy)
{
	unsigned b;

	if (!terminated(phy->name, sizeof(phy->name)) ||
	    phy->n_ciphers > NL_PHY_CIPHERS)
		abort();
	for (b = 0; b < NL_PHY_BANDS; b++)
		if (phy->bands[b].n_channels > NL_BAND_CHANNELS)
			abort();
}

static void check_lists(const struct rows *r)
{
	unsigned i;

	for (i = 0; i < r->ifaces.n; i++)
		if (!terminated(r->ifaces.v[i].name,
				sizeof(r->ifaces.v[i].name)))
			abort();
	for (i = 0; i < r->phys.n; i++)
		check_phy(&r->phys.v[i]);
}

static void walk(uint8_t *buf, int len, struct rows *r)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nl_msg *msg;
	int rem = len;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_type != NLMSG_ERROR)
			check_genl(nlh);
		check_rtnl(nlh);
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		msg = nlmsg_convert(nlh);
		if (!msg)
			continue;
		feed_rows(r, msg);
		nlmsg_free(msg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rows r = {0};
	uint8_t *buf;

	if (size == 0 || size > DATAGRAM_MAX)
		return 0;
	buf = malloc(size);
	r.ifaces.v = calloc(LIST_CAP, sizeof(*r.ifaces.v));
	r.stas.v = calloc(LIST_CAP, sizeof(*r.stas.v));
	r.phys.v = calloc(LIST_CAP, sizeof(*r.phys.v));
	if (buf && r.ifaces.v && r.stas.v && r.phys.v) {
		r.ifaces.cap = r.stas.cap = r.phys.cap = LIST_CAP;
		memcpy(buf, data, size);
		walk(buf, (int)size, &r);
		check_lists(&r);
	}
	free(r.phys.v);
	free(r.stas.v);
	free(r.ifaces.v);
	free(buf);
	return 0;
}
