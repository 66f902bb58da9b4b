/*
 * nl_testutil.c - see nl_testutil.h.
 */
#include "nl_testutil.h"

#include <errno.h>
#include <stdlib.h>

#include <linux/nl80211.h>
#include <netlink/genl/genl.h>

struct nl_msg *nlt_msg_new(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, NLT_FAMILY, 0,
				 0, cmd, 0))
		abort();
	return msg;
}

int nlt_attrs_in(const struct nlattr *head, int len)
{
	const struct nlattr *a;
	int rem, n = 0;

	nla_for_each_attr(a, head, len, rem) n++;
	return n;
}

int nlt_n_attrs(struct nl_msg *msg)
{
	struct genlmsghdr *g = genlmsg_hdr(nlmsg_hdr(msg));

	return nlt_attrs_in(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0));
}

int nlt_build(const struct nl_cmd *row, const void *req, struct nl_msg **out,
	      struct nlattr **tb)
{
	struct nl_msg *msg = nlt_msg_new(row->cmd);
	int rc = row->build(msg, req);

	if (rc == 0 &&
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, NL80211_ATTR_MAX, NULL) < 0)
		rc = -EBADMSG;
	*out = msg;
	return rc;
}

int nlt_build_rc(const struct nl_cmd *row, const void *req)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nl_msg *msg;
	int rc = nlt_build(row, req, &msg, tb);

	nlmsg_free(msg);
	return rc;
}
