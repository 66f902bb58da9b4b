/*
 * nl_testutil.h - what the nl80211 builder tests share: run a command
 * row's builder on a fresh generic netlink message and index the result,
 * count its attributes, and check attributes by type and length.
 * Test code only; linked into every unit test program.
 */
#ifndef RAPD_NL_TESTUTIL_H
#define RAPD_NL_TESTUTIL_H

#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "../../netlink/nl_pvt.h"
#include "check.h"

#define NLT_FAMILY 0x1c /* any generic netlink id: builders never see it */

#define CHECK_LEN(a, n) CHECK((a) != NULL && nla_len(a) == (int)(n))
#define CHECK_FLAG(a) CHECK_LEN(a, 0)
#define NLT_CHECK_INT(a, v, bits)                                              \
	do {                                                                   \
		CHECK_LEN(a, (bits) / 8);                                      \
		if ((a) && nla_len(a) == (bits) / 8)                           \
			CHECK_EQ_INT(nla_get_u##bits(a), (v));                 \
	} while (0)
#define CHECK_U8(a, v) NLT_CHECK_INT(a, v, 8)
#define CHECK_U16(a, v) NLT_CHECK_INT(a, v, 16)
#define CHECK_U32(a, v) NLT_CHECK_INT(a, v, 32)
#define CHECK_BYTES(a, p, n)                                                   \
	do {                                                                   \
		CHECK_LEN(a, n);                                               \
		if ((a) && nla_len(a) == (int)(n))                             \
			CHECK_MEM(nla_data(a), (p), (n));                      \
	} while (0)

/* A message with the generic netlink header of cmd (aborts on ENOMEM). */
struct nl_msg *nlt_msg_new(uint8_t cmd);
/* Attributes in [head, head + len) / at the top level of msg. */
int nlt_attrs_in(const struct nlattr *head, int len);
int nlt_n_attrs(struct nl_msg *msg);
/* Runs row's builder on a fresh message; on success indexes its top-level
 * attributes into tb[NL80211_ATTR_MAX + 1]. The caller frees *out. */
int nlt_build(const struct nl_cmd *row, const void *req, struct nl_msg **out,
	      struct nlattr **tb);
/* The builder's verdict alone, for requests that must be refused. */
int nlt_build_rc(const struct nl_cmd *row, const void *req);

#endif
