/*
 * nl_event.c - what the kernel tells rapd without being asked: nl80211
 * events (stations added or removed, class 3 frames from unknown stations,
 * the AP or the interface going away) and rtnetlink link changes.
 *
 * Called by the one thread that opened the struct nl_events (main thread,
 * from its poll loop). Owns two netlink sockets, their receive buffer and
 * a small queue of events read while waiting for a registration's answer.
 *
 * - nl80211: a generic netlink socket joined to nl80211's "mlme" and
 *   "config" multicast groups, which also receives UNEXPECTED_FRAME events
 *   unicast once registered (NL80211_CMD_UNEXPECTED_FRAME request).
 * - rtnetlink: NETLINK_ROUTE joined to RTNLGRP_LINK; a message is
 *   struct nlmsghdr, struct ifinfomsg, then IFLA_* attributes (rtnetlink(7)).
 *   Only AF_UNSPEC messages describe the link itself: the bridge sends
 *   AF_BRIDGE ones on the same group, an RTM_DELLINK among them when a
 *   port merely leaves the bridge.
 *
 * Reading bypasses libnl's receive path: recvfrom into one buffer, walked
 * with nlmsg_ok/nlmsg_next, so there is no sequence check (multicast events
 * carry sequence 0) and ENOBUFS, the kernel's word that it dropped events
 * because the socket was full, is seen as such and reported, not fatal.
 * Messages from any sender but the kernel (port id 0) are dropped.
 */
#include <errno.h>
#include <poll.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/netlink.h>
#include <linux/nl80211.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "nl_pvt.h"

#define EV_BUF_SIZE (64 * 1024)	/* above any one nl80211 event */
#define EV_RCVBUF (4 * 1024 * 1024)	/* what a burst of stations needs */
#define EV_BATCH 256		/* datagrams per socket per read call */
#define EV_PENDING 64		/* events kept while awaiting an answer */
#define ACK_WAIT_MS 1000

/* Where parsed events go: the caller's callback, or the pending queue. */
struct ev_sink {
	void (*cb)(void *arg, const struct nl_event *e);
	void *arg;
};

struct nl_events {
	struct nl_sock *genl, *rtnl;
	int family;			/* nl80211's generic netlink id */
	/* The registration request awaiting the kernel's answer. */
	bool ack_wanted, ack_done;
	uint32_t ack_seq;
	int ack_err;
	/* Events read while waiting, handed out by the next read. */
	unsigned n_pending;
	bool pending_overrun;
	struct nl_event pending[EV_PENDING];
	alignas(8) uint8_t buf[EV_BUF_SIZE];
};

static const struct nla_policy event_policy[NL80211_ATTR_MAX + 1] = {
	[NL80211_ATTR_IFINDEX] = { .type = NLA_U32 },
	[NL80211_ATTR_MAC] = { .type = NLA_UNSPEC, .minlen = 6 },
};

static enum nl_event_kind kind_of(uint8_t cmd)
{
	switch (cmd) {
	case NL80211_CMD_NEW_STATION:
		return NL_EV_NEW_STATION;
	case NL80211_CMD_DEL_STATION:
		return NL_EV_DEL_STATION;
	case NL80211_CMD_UNEXPECTED_FRAME:
		return NL_EV_UNEXPECTED_FRAME;
	case NL80211_CMD_STOP_AP:
		return NL_EV_STOP_AP;
	case NL80211_CMD_DEL_INTERFACE:
		return NL_EV_DEL_INTERFACE;
	}
	return NL_EV_OTHER;
}

/* An event that names a station needs its MAC and interface; one that
 * names an interface needs its index. */
static bool has_required(enum nl_event_kind kind, struct nlattr **tb)
{
	switch (kind) {
	case NL_EV_NEW_STATION:
	case NL_EV_DEL_STATION:
	case NL_EV_UNEXPECTED_FRAME:
		return tb[NL80211_ATTR_MAC] && tb[NL80211_ATTR_IFINDEX];
	case NL_EV_STOP_AP:
	case NL_EV_DEL_INTERFACE:
		return tb[NL80211_ATTR_IFINDEX] != NULL;
	case NL_EV_LINK_DOWN:
	case NL_EV_LINK_GONE:
	case NL_EV_OVERRUN:
	case NL_EV_OTHER:
		break;
	}
	return true;
}

enum nl_ev_parse nl_event_parse_genl(struct nlmsghdr *nlh, int family,
				     struct nl_event *e)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	const struct genlmsghdr *g;

	if (nlh->nlmsg_type != family)
		return NL_EVP_IGNORED;
	if (genlmsg_parse(nlh, 0, tb, NL80211_ATTR_MAX, event_policy) < 0)
		return NL_EVP_MALFORMED;
	g = nlmsg_data(nlh);
	memset(e, 0, sizeof(*e));
	e->cmd = g->cmd;
	e->kind = kind_of(g->cmd);
	if (!has_required(e->kind, tb))
		return NL_EVP_MALFORMED;
	if (tb[NL80211_ATTR_IFINDEX])
		e->ifindex = nla_get_u32(tb[NL80211_ATTR_IFINDEX]);
	if (tb[NL80211_ATTR_MAC])
		memcpy(e->addr, nla_data(tb[NL80211_ATTR_MAC]), 6);
	return NL_EVP_EVENT;
}

enum nl_ev_parse nl_event_parse_rtnl(const struct nlmsghdr *nlh,
				     struct nl_event *e)
{
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return NL_EVP_IGNORED;
	if (!nlmsg_valid_hdr(nlh, sizeof(*ifi)))
		return NL_EVP_MALFORMED;
	ifi = nlmsg_data(nlh);
	if (ifi->ifi_index <= 0)
		return NL_EVP_MALFORMED;
	if (ifi->ifi_family != AF_UNSPEC)
		return NL_EVP_IGNORED;	/* a bridge port's view */
	memset(e, 0, sizeof(*e));
	e->ifindex = (uint32_t)ifi->ifi_index;
	if (nlh->nlmsg_type == RTM_DELLINK)
		e->kind = NL_EV_LINK_GONE;
	else if (!(ifi->ifi_flags & IFF_UP))
		e->kind = NL_EV_LINK_DOWN;
	else
		return NL_EVP_IGNORED;	/* up: nothing to undo */
	return NL_EVP_EVENT;
}

static void emit_overrun(const struct ev_sink *sink)
{
	struct nl_event e = { .kind = NL_EV_OVERRUN };

	sink->cb(sink->arg, &e);
}

/* The pending queue as a sink; when full, an overrun stands for the rest. */
static void queue_event(void *arg, const struct nl_event *e)
{
	struct nl_events *ev = arg;

	if (ev->n_pending == EV_PENDING) {
		ev->pending_overrun = true;
		return;
	}
	ev->pending[ev->n_pending++] = *e;
}

static void flush_pending(struct nl_events *ev, const struct ev_sink *sink)
{
	unsigned i;

	for (i = 0; i < ev->n_pending; i++)
		sink->cb(sink->arg, &ev->pending[i]);
	ev->n_pending = 0;
	if (ev->pending_overrun) {
		ev->pending_overrun = false;
		emit_overrun(sink);
	}
}

/* The kernel's answer to the registration, if this is it; an answer to a
 * request given up on (timed out) arrives with no one waiting. */
static void note_answer(struct nl_events *ev, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err;

	if (!ev->ack_wanted || nlh->nlmsg_seq != ev->ack_seq ||
	    !nlmsg_valid_hdr(nlh, sizeof(*err)))
		return;
	err = nlmsg_data(nlh);
	ev->ack_err = err->error <= 0 ? err->error : -EPROTO;
	ev->ack_wanted = false;
	ev->ack_done = true;
}

/* Every message of one datagram of len bytes in ev->buf. */
static void walk(struct nl_events *ev, bool genl, int len,
		 const struct ev_sink *sink)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)ev->buf;
	enum nl_ev_parse verdict;
	struct nl_event e;
	int rem = len;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		if (genl && nlh->nlmsg_type == NLMSG_ERROR) {
			note_answer(ev, nlh);
			continue;
		}
		verdict = genl ? nl_event_parse_genl(nlh, ev->family, &e)
			       : nl_event_parse_rtnl(nlh, &e);
		/* A message rapd cannot read names nothing it could act
		 * on; the kernel's state is read again when it matters. */
		if (verdict == NL_EVP_EVENT)
			sink->cb(sink->arg, &e);
	}
}

/* One datagram into buf: its length, 0 for one to skip (not from the
 * kernel), -EAGAIN when none is pending, -EMSGSIZE when it did not fit,
 * else the socket's -errno (-ENOBUFS: the kernel dropped some). */
static int recv_one(int fd, uint8_t *buf, size_t size)
{
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	ssize_t n;

	do {
		n = recvfrom(fd, buf, size, MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &fromlen);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if ((size_t)n > size)
		return -EMSGSIZE;
	if (fromlen < sizeof(from) || from.nl_pid != 0)
		return 0;
	return (int)n;
}

static int drain(struct nl_events *ev, bool genl, const struct ev_sink *sink)
{
	int fd = nl_socket_get_fd(genl ? ev->genl : ev->rtnl);
	unsigned i;
	int n;

	for (i = 0; i < EV_BATCH; i++) {
		n = recv_one(fd, ev->buf, sizeof(ev->buf));
		if (n == -EAGAIN)
			return 0;
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			emit_overrun(sink);	/* events were lost */
			continue;
		}
		if (n < 0)
			return n;
		walk(ev, genl, n, sink);
	}
	return 0;
}

int nl_events_read(struct nl_events *ev,
		   void (*cb)(void *arg, const struct nl_event *e), void *arg)
{
	const struct ev_sink out = { cb, arg };
	int rc;

	flush_pending(ev, &out);
	rc = drain(ev, true, &out);
	if (rc == 0)
		rc = drain(ev, false, &out);
	return rc;
}

void nl_events_fds(const struct nl_events *ev, int fds[2])
{
	fds[0] = nl_socket_get_fd(ev->genl);
	fds[1] = nl_socket_get_fd(ev->rtnl);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the nl80211 socket until the registration's answer, keeping the
 * events that come before it. */
static int wait_answer(struct nl_events *ev)
{
	const struct ev_sink keep = { queue_event, ev };
	struct pollfd p = {
		.fd = nl_socket_get_fd(ev->genl),
		.events = POLLIN,
	};
	int64_t deadline = now_ms() + ACK_WAIT_MS, left;
	int rc = 0;

	while (!ev->ack_done && rc == 0) {
		left = deadline - now_ms();
		if (left <= 0)
			rc = -ETIMEDOUT;
		else if (poll(&p, 1, (int)left) < 0)
			rc = errno == EINTR ? 0 : -errno;
		else
			rc = drain(ev, true, &keep);
	}
	ev->ack_wanted = false;
	return rc < 0 ? rc : ev->ack_err;
}

/* Sent with send(2) rather than libnl so that the errno is the socket's;
 * nl_complete_msg adds the port, a sequence number and the ack request. */
static int send_registration(struct nl_events *ev, uint32_t ifindex)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlmsghdr *nlh;
	int fd = nl_socket_get_fd(ev->genl), rc = 0;

	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ev->family, 0, 0,
			 NL80211_CMD_UNEXPECTED_FRAME, 0) ||
	    nla_put_u32(msg, NL80211_ATTR_IFINDEX, ifindex) < 0)
		rc = -EMSGSIZE;
	if (rc == 0) {
		nl_complete_msg(ev->genl, msg);
		nlh = nlmsg_hdr(msg);
		ev->ack_seq = nlh->nlmsg_seq;
		if (send(fd, nlh, nlh->nlmsg_len, 0) < 0)
			rc = -errno;
	}
	nlmsg_free(msg);
	return rc;
}

int nl_events_want_unexpected(struct nl_events *ev, uint32_t ifindex)
{
	int rc;

	if (!ifindex)
		return -EINVAL;
	ev->ack_wanted = true;
	ev->ack_done = false;
	rc = send_registration(ev, ifindex);
	if (rc < 0) {
		ev->ack_wanted = false;
		return rc;
	}
	return wait_answer(ev);
}

/* Non-blocking, and a receive buffer for bursts: forced past rmem_max when
 * rapd may (CAP_NET_ADMIN), else as large as the limit lets it be. */
static int tune(struct nl_sock *sock)
{
	int fd = nl_socket_get_fd(sock), size = EV_RCVBUF, rc;

	rc = nl_socket_set_nonblocking(sock);
	if (rc < 0)
		return nl_errno(rc);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size,
				 sizeof(size));
	return 0;
}

static int open_genl(struct nl_events *ev)
{
	int mlme = 0, config = 0, rc;

	ev->genl = nl_socket_alloc();
	if (!ev->genl)
		return -ENOMEM;
	rc = genl_connect(ev->genl);
	if (rc == 0)
		rc = ev->family = genl_ctrl_resolve(ev->genl, "nl80211");
	if (rc >= 0)
		rc = mlme = genl_ctrl_resolve_grp(ev->genl, "nl80211", "mlme");
	if (rc >= 0)
		rc = config = genl_ctrl_resolve_grp(ev->genl, "nl80211",
						    "config");
	if (rc >= 0)
		rc = nl_socket_add_memberships(ev->genl, mlme, config, 0);
	return rc < 0 ? nl_errno(rc) : tune(ev->genl);
}

static int open_rtnl(struct nl_events *ev)
{
	int rc;

	ev->rtnl = nl_socket_alloc();
	if (!ev->rtnl)
		return -ENOMEM;
	rc = nl_connect(ev->rtnl, NETLINK_ROUTE);
	if (rc == 0)
		rc = nl_socket_add_membership(ev->rtnl, RTNLGRP_LINK);
	return rc < 0 ? nl_errno(rc) : tune(ev->rtnl);
}

int nl_events_open(struct nl_events **out)
{
	struct nl_events *ev = calloc(1, sizeof(*ev));
	int rc;

	if (!ev)
		return -ENOMEM;
	rc = open_genl(ev);
	if (rc == 0)
		rc = open_rtnl(ev);
	if (rc < 0) {
		nl_events_close(ev);
		return rc;
	}
	*out = ev;
	return 0;
}

void nl_events_close(struct nl_events *ev)
{
	if (!ev)
		return;
	nl_socket_free(ev->genl);
	nl_socket_free(ev->rtnl);
	free(ev);
}
