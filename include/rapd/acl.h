/*
 * acl.h - the MAC access lists while rapd runs: macaddr_acl with its accept
 * and deny lists, changed by the control interface (ACCEPT_ACL, DENY_ACL).
 *
 * Contract
 * - A struct acl is immutable once built: a change makes a new one
 *   (acl_edit) that the pipeline publishes by RCU pointer; workers read the
 *   current one under their RCU read lock, and the old one is freed after
 *   a grace period. So readers never lock and never see a half-made list.
 * - Built and edited by the main thread only; acl_allows may be called by
 *   any thread on a struct acl it holds.
 * - Allocation: acl_from_conf and acl_edit allocate (control path only).
 */
#ifndef RAPD_ACL_H
#define RAPD_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <urcu.h>

#include <rapd/config.h>

enum acl_list {
	ACL_ACCEPT,
	ACL_DENY,
};

enum acl_op {
	ACL_ADD,
	ACL_DEL,
	ACL_CLEAR,
};

struct acl {
	enum conf_acl_policy policy;
	struct conf_mac_list list[2]; /* by enum acl_list, sorted */
	struct rcu_head rcu;
};

/* A copy of the configuration's lists; NULL when out of memory. */
struct acl *acl_from_conf(const struct conf *c);
/* hostapd's decision: accept list, deny list, then the policy. */
bool acl_allows(const struct acl *a, const uint8_t mac[6]);
/* A new ACL: old with op applied to one list (mac ignored for CLEAR).
 * NULL when out of memory or the list is full (CONF_ACL_MAX). */
struct acl *acl_edit(const struct acl *old, enum acl_list l, enum acl_op op,
		     const uint8_t *mac);
void acl_free(struct acl *a);

#endif
