/*
 * acl.c - the run-time MAC access lists (acl.h): copies of the configured
 * lists, and edited copies for the control interface. Main thread; readers
 * use acl_allows on the copy the pipeline published.
 */
#include <rapd/acl.h>

#include <stdlib.h>
#include <string.h>

static int mac_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 6);
}

static int list_copy(struct conf_mac_list *dst, const struct conf_mac_list *src,
		     size_t extra)
{
	dst->n = src->n;
	dst->addr = malloc((src->n + extra) * 6 + 1);
	if (!dst->addr)
		return -1;
	if (src->n)
		memcpy(dst->addr, src->addr, src->n * 6);
	return 0;
}

void acl_free(struct acl *a)
{
	if (!a)
		return;
	free(a->list[ACL_ACCEPT].addr);
	free(a->list[ACL_DENY].addr);
	free(a);
}

static struct acl *acl_copy(enum conf_acl_policy policy,
			    const struct conf_mac_list *accept,
			    const struct conf_mac_list *deny, size_t extra)
{
	struct acl *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->policy = policy;
	if (list_copy(&a->list[ACL_ACCEPT], accept, extra) ||
	    list_copy(&a->list[ACL_DENY], deny, extra)) {
		acl_free(a);
		return NULL;
	}
	return a;
}

struct acl *acl_from_conf(const struct conf *c)
{
	return acl_copy(c->macaddr_acl, &c->accept, &c->deny, 0);
}

bool acl_allows(const struct acl *a, const uint8_t mac[6])
{
	return conf_acl_decide(a->policy, &a->list[ACL_ACCEPT],
			       &a->list[ACL_DENY], mac);
}

struct acl *acl_edit(const struct acl *old, enum acl_list l, enum acl_op op,
		     const uint8_t *mac)
{
	struct acl *a = acl_copy(old->policy, &old->list[ACL_ACCEPT],
				 &old->list[ACL_DENY], 1);
	struct conf_mac_list *list;
	uint8_t(*hit)[6];

	if (!a)
		return NULL;
	list = &a->list[l];
	hit = op != ACL_CLEAR && list->n
		      ? bsearch(mac, list->addr, list->n, 6, mac_cmp)
		      : NULL;
	switch (op) {
	case ACL_CLEAR:
		list->n = 0;
		break;
	case ACL_DEL:
		if (hit) {
			memmove(hit, hit + 1,
				(size_t)(list->addr + list->n - hit - 1) * 6);
			list->n--;
		}
		break;
	case ACL_ADD:
		if (hit)
			break;
		if (list->n >= CONF_ACL_MAX) {
			acl_free(a);
			return NULL;
		}
		memcpy(list->addr[list->n++], mac, 6);
		qsort(list->addr, list->n, 6, mac_cmp);
		break;
	}
	return a;
}
