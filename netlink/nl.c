/*
 * nl.c - the nl80211 connection and the one request/reply path, nl_exec().
 *
 * Called by whichever thread owns the struct nl_conn (main thread for
 * --list-phys; each worker will own its own): libnl sockets are not
 * thread-safe, so a connection is never shared. Owns the libnl socket and
 * the resolved family id. Everything that sends an nl80211 command goes
 * through nl_exec(), as iw's __handle_cmd(): builders only add attributes
 * and parsers only read replies; neither touches sockets or callbacks.
 * The message of a row marked wipe (keys) is zeroed before it is freed.
 *
 * Follows the netlink protocol (RFC 3549 framing, Linux's extended ack:
 * NETLINK_EXT_ACK, NLM_F_ACK_TLVS, NLMSGERR_ATTR_MSG) and nl80211.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "nl_pvt.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct nl_conn {
	struct nl_sock *sock;
	int family;		/* nl80211's generic netlink id */
};

/* Where one exchange stands; the callbacks below fill it. */
struct nl_exchange {
	const struct nl_cmd *cmd;
	void *arg;
	bool done;
	int err;		/* first error: kernel's, or the parser's */
};

int nl_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_AF_NOSUPPORT:
	case NLE_PROTO_MISMATCH:
		return -EPROTONOSUPPORT;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	}
	return -EIO;
}

int nl_conn_open(struct nl_conn **out)
{
	struct nl_conn *nl;
	int one = 1, rc;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->sock = nl_socket_alloc();
	if (!nl->sock) {
		free(nl);
		return -ENOMEM;
	}
	rc = genl_connect(nl->sock);
	if (rc == 0)
		rc = nl->family = genl_ctrl_resolve(nl->sock, "nl80211");
	if (rc < 0) {
		nl_conn_close(nl);
		return nl_errno(rc);
	}
	/* Kernels before 4.12 lack extended ack; errors then come without
	 * text, which is no reason to refuse the connection. */
	(void)setsockopt(nl_socket_get_fd(nl->sock), SOL_NETLINK,
			 NETLINK_EXT_ACK, &one, sizeof(one));
	*out = nl;
	return 0;
}

void nl_conn_close(struct nl_conn *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sock);
	free(nl);
}

/* The extended-ack text after the echoed request, if the kernel sent one.
 * The ack is laid out as nlmsghdr, nlmsgerr (error + the request's header),
 * the request's payload unless NLM_F_CAPPED, then NLMSGERR_ATTR_* TLVs. */
static const char *ext_ack_text(const struct nlmsgerr *e)
{
	static struct nla_policy policy[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	};
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t at = NLMSG_HDRLEN + sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return NULL;
		at += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (at >= nlh->nlmsg_len)
		return NULL;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + at),
		      (int)(nlh->nlmsg_len - at), policy) < 0 ||
	    !tb[NLMSGERR_ATTR_MSG])
		return NULL;
	return nla_get_string(tb[NLMSGERR_ATTR_MSG]);
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nl_exchange *x = arg;
	const char *text = ext_ack_text(e);

	if (!x->cmd->quiet_errno || -e->error != x->cmd->quiet_errno)
		fprintf(stderr, "rapd: nl80211 %s: %s%s%s\n", x->cmd->name,
			strerror(-e->error), text ? ": kernel reports: " : "",
			text ? text : "");
	if (!x->err)
		x->err = e->error < 0 ? e->error : -EPROTO;
	x->done = true;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nl_exchange *x = arg;

	x->done = true;
	return NL_STOP;
}

/* A parser's error is kept but the rest of the reply is still read
 * (NL_SKIP), so no stale dump message is left on the socket. */
static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nl_exchange *x = arg;
	int rc;

	if (!x->cmd->parse || x->err)
		return NL_SKIP;
	rc = x->cmd->parse(msg, x->arg);
	if (rc < 0)
		x->err = rc;
	return NL_SKIP;
}

/* The message for one command: header, interface, the builder's part. */
static int compose(struct nl_conn *nl, struct nl_msg *msg,
		   const struct nl_cmd *cmd, uint32_t ifindex, const void *req)
{
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 cmd->flags, cmd->cmd, 0))
		return -EMSGSIZE;
	if (ifindex && nla_put_u32(msg, NL80211_ATTR_IFINDEX, ifindex) < 0)
		return -EMSGSIZE;
	return cmd->build ? cmd->build(msg, req) : 0;
}

/* Sends msg and reads replies until the ack, the dump's end or an error. */
static int exchange(struct nl_conn *nl, struct nl_msg *msg,
		    struct nl_exchange *x)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_finish, x);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, x);
	rc = nl_send_auto(nl->sock, msg);
	while (rc >= 0 && !x->done)
		rc = nl_recvmsgs(nl->sock, cb);
	nl_cb_put(cb);
	/* A refusal stops the receive loop with an error of libnl's own:
	 * the kernel's errno, already reported, is the one that counts. */
	if (rc < 0 && !x->err) {
		fprintf(stderr, "rapd: nl80211 %s: %s\n", x->cmd->name,
			nl_geterror(rc));
		return nl_errno(rc);
	}
	return x->err;
}

int nl_exec(struct nl_conn *nl, const struct nl_cmd *cmd, uint32_t ifindex,
	    const void *req, void *arg)
{
	struct nl_exchange x = { .cmd = cmd, .arg = arg };
	struct nl_msg *msg = nlmsg_alloc();
	int rc;

	if (!msg)
		return -ENOMEM;
	rc = compose(nl, msg, cmd, ifindex, req);
	if (rc == 0)
		rc = exchange(nl, msg, &x);
	/* libnl frees without clearing; keys must not linger on the heap. */
	if (cmd->wipe)
		explicit_bzero(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
	return rc;
}
