/*
 * test_acl.c - the run-time MAC access lists (core/acl.c): copies of the
 * configured lists, edits that leave the original untouched, hostapd's
 * decision order (accept list, deny list, then macaddr_acl).
 */
#include "check.h"

#include <rapd/acl.h>

static const uint8_t a1[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t a2[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t a3[6] = { 2, 0, 0, 0, 0, 3 };

static struct acl *empty(enum conf_acl_policy policy)
{
	struct conf c;
	struct acl *a;

	conf_init(&c);
	c.macaddr_acl = policy;
	a = acl_from_conf(&c);
	conf_free(&c);
	return a;
}

static void test_edit_keeps_old(void)
{
	struct acl *a = empty(CONF_ACL_ACCEPT_UNLESS_DENIED);
	struct acl *b = acl_edit(a, ACL_DENY, ACL_ADD, a2);
	struct acl *c;

	CHECK(a && b);
	CHECK(acl_allows(a, a2));
	CHECK(!acl_allows(b, a2));
	CHECK(acl_allows(b, a1));
	c = acl_edit(b, ACL_DENY, ACL_ADD, a2); /* twice: listed once */
	CHECK_EQ_INT(c->list[ACL_DENY].n, 1);
	acl_free(c);
	c = acl_edit(b, ACL_DENY, ACL_DEL, a2);
	CHECK(acl_allows(c, a2));
	CHECK_EQ_INT(c->list[ACL_DENY].n, 0);
	acl_free(c);
	acl_free(b);
	acl_free(a);
}

static void test_sorted_and_clear(void)
{
	struct acl *a = empty(CONF_ACL_DENY_UNLESS_ACCEPTED);
	struct acl *b = acl_edit(a, ACL_ACCEPT, ACL_ADD, a3);
	struct acl *c = acl_edit(b, ACL_ACCEPT, ACL_ADD, a1);
	struct acl *d;

	CHECK_EQ_INT(c->list[ACL_ACCEPT].n, 2);
	CHECK_MEM(c->list[ACL_ACCEPT].addr[0], a1, 6);
	CHECK_MEM(c->list[ACL_ACCEPT].addr[1], a3, 6);
	CHECK(acl_allows(c, a1) && acl_allows(c, a3) && !acl_allows(c, a2));
	d = acl_edit(c, ACL_ACCEPT, ACL_CLEAR, NULL);
	CHECK_EQ_INT(d->list[ACL_ACCEPT].n, 0);
	CHECK(!acl_allows(d, a1));
	acl_free(d);
	acl_free(c);
	acl_free(b);
	acl_free(a);
}

/* The accept list wins over the deny list, as in hostapd_check_acl. */
static void test_order(void)
{
	struct acl *a = empty(CONF_ACL_ACCEPT_UNLESS_DENIED);
	struct acl *b = acl_edit(a, ACL_DENY, ACL_ADD, a1);
	struct acl *c = acl_edit(b, ACL_ACCEPT, ACL_ADD, a1);

	CHECK(!acl_allows(b, a1));
	CHECK(acl_allows(c, a1));
	acl_free(c);
	acl_free(b);
	acl_free(a);
}

int main(void)
{
	check_begin("test_acl");
	RUN(test_edit_keeps_old);
	RUN(test_sorted_and_clear);
	RUN(test_order);
	return check_end();
}
