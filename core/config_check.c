/*
 * config_check.c - the checks made once the whole file is read: required
 * keys, keys that depend on one another, and conf_finish/conf_free.
 *
 * Pure but for conf_finish (ACL files, PBKDF2); main thread at start-up.
 * A key whose own value was refused is skipped here, so one mistake gives
 * one message. Required keys (hostapd's): interface (unless -i gave it),
 * ssid, channel (hostapd's default 0 is ACS, which rapd does not do), and
 * with wpa=2 a passphrase or PSK.
 */
#include <string.h>
#include <sys/un.h>

#include "config_pvt.h"
#include "rapd/crypto.h"

#define SUN_PATH_SIZE sizeof(((struct sockaddr_un *)0)->sun_path)

static void check_required(struct conf_ctx *x)
{
	struct conf *c = x->conf;

	if (!c->interface[0] && !x->bad[CONF_KEY_INTERFACE])
		conf_err_file(x->diag, x->file,
			      "missing required key 'interface'");
	if (!c->ssid_len && !x->bad[CONF_KEY_SSID])
		conf_err_file(x->diag, x->file, "missing required key 'ssid'");
}

/* The control socket is ctrl_interface/IFNAME, a sockaddr_un path. */
static void check_ctrl_path(struct conf_ctx *x)
{
	struct conf *c = x->conf;
	size_t len = strlen(c->ctrl_interface) + 1 + strlen(c->interface);

	if (c->ctrl_interface[0] && c->interface[0] && len >= SUN_PATH_SIZE)
		conf_err_key(x, CONF_KEY_CTRL_INTERFACE, "the socket path "
			     "(directory/%s) would be %zu characters long; at "
			     "most %zu", c->interface, len, SUN_PATH_SIZE - 1);
}

static void check_misc(struct conf_ctx *x)
{
	struct conf *c = x->conf;

	if (c->driver == CONF_DRIVER_MONITOR &&
	    !strcmp(c->tap_interface, c->interface))
		conf_err_key(x, CONF_KEY_TAP_INTERFACE, "'%s' is also the "
			     "interface", c->interface);
	if (c->macaddr_acl == CONF_ACL_DENY_UNLESS_ACCEPTED &&
	    !c->accept_mac_file[0] && !x->bad[CONF_KEY_ACCEPT_MAC_FILE])
		conf_warn_key(x, CONF_KEY_MACADDR_ACL, "macaddr_acl=1 without "
			      "accept_mac_file: every station will be refused");
}

void conf_check(struct conf_ctx *x)
{
	check_required(x);
	conf_check_radio(x);
	conf_check_wpa(x);
	check_ctrl_path(x);
	check_misc(x);
}

int conf_finish(struct conf *c, struct conf_diag *d)
{
	unsigned start = d->errors;

	conf_acl_load(c, d);
	conf_wpa_derive(c, d);
	return d->errors > start ? -1 : 0;
}

void conf_free(struct conf *c)
{
	conf_acl_free(c);
	crypto_wipe(c, sizeof(*c));
}
