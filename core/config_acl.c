/*
 * config_acl.c - the MAC access lists (accept_mac_file, deny_mac_file) and
 * the decision conf_acl_allows() makes with them.
 *
 * conf_acl_load runs in the main thread at start-up and owns the two
 * heap arrays it leaves in struct conf (freed by conf_acl_free); after it,
 * conf_acl_allows is a pure lookup any thread may call.
 *
 * File format (hostapd's, hostapd/hostapd.accept): one MAC address
 * xx:xx:xx:xx:xx:xx per line, optionally followed by a VLAN id, which rapd
 * ignores (as hostapd does without VLAN support); '#' starts a comment
 * line; a line "-xx:xx:xx:xx:xx:xx" removes an address listed above it.
 * rapd also allows blanks around an entry and a trailing " # comment".
 * Errors name that file and its line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_pvt.h"

struct acl_reader {
	struct conf_diag *d;
	const char *path;
	uint32_t line;
	struct conf_mac_list *list;
	size_t cap;
};

static int mac_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 6);
}

static bool list_add(struct acl_reader *r, const uint8_t mac[6])
{
	struct conf_mac_list *l = r->list;

	if (l->n == CONF_ACL_MAX) {
		conf_report(r->d, CONF_SEV_ERROR, r->path, r->line, NULL,
			    "more than %u addresses", CONF_ACL_MAX);
		return false;
	}
	if (l->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		void *p = realloc(l->addr, cap * 6);

		if (!p) {
			conf_report(r->d, CONF_SEV_ERROR, r->path, r->line,
				    NULL, "out of memory");
			return false;
		}
		l->addr = p;
		r->cap = cap;
	}
	memcpy(l->addr[l->n++], mac, 6);
	return true;
}

static void list_remove(struct conf_mac_list *l, const uint8_t mac[6])
{
	size_t out = 0;

	for (size_t i = 0; i < l->n; i++)
		if (memcmp(l->addr[i], mac, 6))
			memmove(l->addr[out++], l->addr[i], 6);
	l->n = out;
}

/* One line, NUL-terminated and trimmed. false stops the file. */
static bool acl_line(struct acl_reader *r, char *s)
{
	char shown[CONF_SHOW_SIZE];
	bool remove = s[0] == '-';
	const char *end;
	uint8_t mac[6];

	if (!conf_parse_mac(s + remove, mac, &end) ||
	    (*end && !conf_is_blank(*end))) {
		conf_report(r->d, CONF_SEV_ERROR, r->path, r->line, NULL,
			    "invalid MAC address '%s'", conf_show(shown, s));
		return true;
	}
	while (conf_is_blank(*end))
		end++;
	if (*end && strspn(end, "0123456789") != strlen(end)) {
		conf_report(r->d, CONF_SEV_ERROR, r->path, r->line, NULL,
			    "'%s' after the MAC address is not a VLAN id",
			    conf_show(shown, end));
		return true;
	}
	if (remove) {
		list_remove(r->list, mac);
		return true;
	}
	return list_add(r, mac);
}

static char *acl_trim(char *s)
{
	char *c = s;
	size_t n;

	while (conf_is_blank(*s))
		s++;
	for (c = s; *c; c++) {
		if (*c == '#' && (c == s || conf_is_blank(c[-1]))) {
			*c = '\0';
			break;
		}
	}
	n = strlen(s);
	while (n && conf_is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static void acl_parse(struct acl_reader *r, char *buf, size_t len)
{
	unsigned start = r->d->errors;
	size_t pos = 0;

	while (pos < len && r->d->errors - start < CONF_MAX_ERRORS) {
		char *line = buf + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		char *s;

		pos += n + 1;
		r->line++;
		if (memchr(line, '\0', n)) {
			conf_report(r->d, CONF_SEV_ERROR, r->path, r->line,
				    NULL, "line contains a NUL byte");
			continue;
		}
		line[n] = '\0'; /* conf_read_file leaves room for it */
		s = acl_trim(line);
		if (*s && !acl_line(r, s))
			break;
	}
}

static void sort_unique(struct conf_mac_list *l)
{
	size_t out = 0;

	if (!l->n)
		return;
	qsort(l->addr, l->n, 6, mac_cmp);
	for (size_t i = 1; i < l->n; i++)
		if (memcmp(l->addr[i], l->addr[out], 6))
			memcpy(l->addr[++out], l->addr[i], 6);
	l->n = out + 1;
}

static void load_list(struct conf *c, struct conf_diag *d, enum conf_key k,
		      const char *path, struct conf_mac_list *list)
{
	struct acl_reader r = { .d = d, .path = path, .list = list };
	char shown[CONF_SHOW_SIZE];
	char *buf;
	size_t len;
	int rc;

	if (!path[0])
		return;
	rc = conf_read_file(path, &buf, &len);
	if (rc < 0) {
		conf_report(d, CONF_SEV_ERROR, c->path, c->line[k],
			    conf_key_name(k), "cannot read '%s': %s",
			    conf_show(shown, path),
			    rc == -EINVAL ? "not a regular file"
					  : strerror(-rc));
		return;
	}
	acl_parse(&r, buf, len);
	free(buf);
	sort_unique(list);
}

int conf_acl_load(struct conf *c, struct conf_diag *d)
{
	unsigned start = d->errors;

	conf_acl_free(c);
	load_list(c, d, CONF_KEY_ACCEPT_MAC_FILE, c->accept_mac_file,
		  &c->accept);
	load_list(c, d, CONF_KEY_DENY_MAC_FILE, c->deny_mac_file, &c->deny);
	return d->errors > start ? -1 : 0;
}

void conf_acl_free(struct conf *c)
{
	free(c->accept.addr);
	free(c->deny.addr);
	memset(&c->accept, 0, sizeof(c->accept));
	memset(&c->deny, 0, sizeof(c->deny));
}

bool conf_mac_listed(const struct conf_mac_list *l, const uint8_t mac[6])
{
	return l->n && bsearch(mac, l->addr, l->n, 6, mac_cmp);
}

bool conf_acl_decide(enum conf_acl_policy policy,
		     const struct conf_mac_list *accept,
		     const struct conf_mac_list *deny, const uint8_t mac[6])
{
	if (conf_mac_listed(accept, mac))
		return true;
	if (conf_mac_listed(deny, mac))
		return false;
	return policy == CONF_ACL_ACCEPT_UNLESS_DENIED;
}

/* hostapd_check_acl(): the accept list first, then the deny list, then
 * the policy. */
bool conf_acl_allows(const struct conf *c, const uint8_t mac[6])
{
	return conf_acl_decide(c->macaddr_acl, &c->accept, &c->deny, mac);
}
