/*
 * config_keys.c - the table of keys rapd implements, the defaults, the
 * strict value parsers and the parse functions of the plain keys (the
 * radio, SSID and security keys have their own files).
 *
 * Pure; called by the main thread at start-up. Defaults are hostapd's
 * (src/ap/ap_config.c, hostapd/hostapd.conf), except where rapd has no
 * such feature: auth_algs defaults to 1 (hostapd built without WEP) and the
 * pairwise cipher to CCMP (hostapd built with CONFIG_NO_TKIP).
 */
#include <limits.h>
#include <string.h>

#include "config_pvt.h"
#include "rapd/bytes.h"

#define HT_CAP_SMPS_DISABLED 0x000c /* hostapd's default ht_capab */

void conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->driver = CONF_DRIVER_NL80211;
	c->hw_mode = CONF_HW_MODE_B;
	c->ht_capab = HT_CAP_SMPS_DISABLED;
	c->beacon_int = 100;
	c->dtim_period = 2;
	c->max_num_sta = CONF_MAX_STA;
	c->ap_max_inactivity = 300;
	c->auth_algs = CONF_AUTH_OPEN;
	c->wpa_key_mgmt = CONF_AKM_PSK;
	c->rsn_pairwise = CONF_CIPHER_CCMP;
	c->wpa_group_rekey = 86400;
	c->wpa_pairwise_update_count = 4;
	c->macaddr_acl = CONF_ACL_ACCEPT_UNLESS_DENIED;
	c->logger_stdout = -1;
	c->logger_stdout_level = 2;
	c->rapd_ring_size = CONF_RING_SIZE_DEFAULT;
	c->rapd_pool_frames = CONF_POOL_FRAMES_DEFAULT;
	memcpy(c->tap_interface, CONF_TAP_DEFAULT, sizeof(CONF_TAP_DEFAULT));
}

/* --- Value parsers --------------------------------------------------- */

bool conf_get_uint(struct conf_ctx *x, const char *v, unsigned long min,
		   unsigned long max, unsigned long *out)
{
	char shown[CONF_SHOW_SIZE];
	unsigned long n = 0;
	bool big = false;
	const char *p;

	for (p = v; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (n > (ULONG_MAX - d) / 10)
			big = true;
		else
			n = n * 10 + d;
	}
	if (p == v || *p) {
		conf_err(x, "'%s' is not a number (expected %lu..%lu)",
			 conf_show(shown, v), min, max);
		return false;
	}
	if (big || n < min || n > max) {
		conf_err(x, "%s is out of range %lu..%lu", conf_show(shown, v),
			 min, max);
		return false;
	}
	*out = n;
	return true;
}

bool conf_get_bool(struct conf_ctx *x, const char *v, bool *out)
{
	char shown[CONF_SHOW_SIZE];

	if ((v[0] != '0' && v[0] != '1') || v[1]) {
		conf_err(x, "'%s' is not 0 or 1", conf_show(shown, v));
		return false;
	}
	*out = v[0] == '1';
	return true;
}

/* "xx:xx:xx:xx:xx:xx"; *end (if wanted) gets the first byte after it. */
bool conf_parse_mac(const char *s, uint8_t mac[6], const char **end)
{
	for (int i = 0; i < 6; i++) {
		int b = hex_byte(s);

		if (b < 0 || (i < 5 && s[2] != ':'))
			return false;
		mac[i] = (uint8_t)b;
		s += i < 5 ? 3 : 2;
	}
	if (end)
		*end = s;
	else if (*s)
		return false;
	return true;
}

/* Linux's dev_valid_name(): 1..15 bytes, not . or .., no '/', ':' or
 * blank; rapd also refuses control characters. */
bool conf_ifname_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= CONF_IFNAME_SIZE || !strcmp(s, ".") ||
	    !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || (unsigned char)*s <= ' ' ||
		    *s == 0x7f)
			return false;
	return true;
}

/* --- Plain keys ------------------------------------------------------ */

static void set_ifname(struct conf_ctx *x, const char *v, char *dst)
{
	char shown[CONF_SHOW_SIZE];

	if (!conf_ifname_valid(v)) {
		conf_err(x, "invalid interface name '%s' (1..15 characters, "
			 "no '/', ':' or blanks)", conf_show(shown, v));
		return;
	}
	strcpy(dst, v);
}

static void parse_interface(struct conf_ctx *x, const char *v)
{
	char ignored[CONF_IFNAME_SIZE];

	/* -i wins over the file; the file's name must still be valid. */
	set_ifname(x, v, x->conf->interface_from_cmdline ? ignored
							 : x->conf->interface);
}

static void parse_tap_interface(struct conf_ctx *x, const char *v)
{
	set_ifname(x, v, x->conf->tap_interface);
}

static void parse_driver(struct conf_ctx *x, const char *v)
{
	static const char *const hostapd_only[] = {
		"wired", "none", "bsd", "hostap", "atheros", "madwifi",
		"macsec_linux", "macsec_qca", "roboswitch", "ndis", "test",
	};
	char shown[CONF_SHOW_SIZE];

	if (!strcmp(v, "nl80211")) {
		x->conf->driver = CONF_DRIVER_NL80211;
		return;
	}
	if (!strcmp(v, "monitor")) {
		x->conf->driver = CONF_DRIVER_MONITOR;
		return;
	}
	for (size_t i = 0; i < sizeof(hostapd_only) / sizeof(*hostapd_only);
	     i++) {
		if (!strcmp(v, hostapd_only[i])) {
			conf_err(x, "driver '%s' is not supported by rapd "
				 "(nl80211 or monitor)", v);
			return;
		}
	}
	conf_err(x, "unknown driver '%s' (nl80211 or monitor)",
		 conf_show(shown, v));
}

static void set_path(struct conf_ctx *x, const char *v, char *dst)
{
	for (const char *p = v; *p; p++) {
		if ((unsigned char)*p < ' ' || *p == 0x7f) {
			conf_err(x, "control character in path");
			return;
		}
	}
	if (strlen(v) >= CONF_PATH_SIZE) {
		conf_err(x, "path longer than %d characters",
			 CONF_PATH_SIZE - 1);
		return;
	}
	strcpy(dst, v);
}

static void parse_ctrl_interface(struct conf_ctx *x, const char *v)
{
	set_path(x, v, x->conf->ctrl_interface);
}

static void parse_accept_file(struct conf_ctx *x, const char *v)
{
	set_path(x, v, x->conf->accept_mac_file);
}

static void parse_deny_file(struct conf_ctx *x, const char *v)
{
	set_path(x, v, x->conf->deny_mac_file);
}

/* A group name (as useradd allows) or a numeric gid; resolved later by
 * the control interface, not here: checking a config reads no database. */
static void parse_ctrl_group(struct conf_ctx *x, const char *v)
{
	char shown[CONF_SHOW_SIZE];
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

	if (v[n] || v[0] == '-' || n >= CONF_GROUP_SIZE) {
		conf_err(x, "invalid group '%s' (a group name or number)",
			 conf_show(shown, v));
		return;
	}
	strcpy(x->conf->ctrl_interface_group, v);
}

static void parse_bssid(struct conf_ctx *x, const char *v)
{
	char shown[CONF_SHOW_SIZE];
	uint8_t mac[6];

	if (!conf_parse_mac(v, mac, NULL)) {
		conf_err(x, "'%s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
			 conf_show(shown, v));
		return;
	}
	if (mac[0] & 1) {
		conf_err(x, "%s is a group address; a BSSID is unicast", v);
		return;
	}
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5])) {
		conf_err(x, "00:00:00:00:00:00 is not a valid BSSID");
		return;
	}
	memcpy(x->conf->bssid, mac, 6);
	x->conf->bssid_set = true;
}

#define UINT_KEY(fn, field, min, max)                                     \
	static void fn(struct conf_ctx *x, const char *v)                 \
	{                                                                 \
		unsigned long n;                                          \
		if (conf_get_uint(x, v, (min), (max), &n))                \
			x->conf->field = n;                               \
	}
#define BOOL_KEY(fn, field)                                               \
	static void fn(struct conf_ctx *x, const char *v)                 \
	{                                                                 \
		bool b;                                                   \
		if (conf_get_bool(x, v, &b))                              \
			x->conf->field = b;                               \
	}

UINT_KEY(parse_beacon_int, beacon_int, 15, 65535)
UINT_KEY(parse_dtim_period, dtim_period, 1, 255)
UINT_KEY(parse_max_num_sta, max_num_sta, 1, CONF_MAX_STA)
UINT_KEY(parse_ignore_bcast, ignore_broadcast_ssid, 0, 2)
UINT_KEY(parse_ap_max_inactivity, ap_max_inactivity, 1, INT_MAX)
UINT_KEY(parse_group_rekey, wpa_group_rekey, 0, INT_MAX)
UINT_KEY(parse_ptk_rekey, wpa_ptk_rekey, 0, INT_MAX)
UINT_KEY(parse_update_count, wpa_pairwise_update_count, 1, UINT32_MAX)
UINT_KEY(parse_logger_level, logger_stdout_level, 0, 4)
UINT_KEY(parse_workers, rapd_workers, 0, CONF_WORKERS_MAX)
UINT_KEY(parse_pool_frames, rapd_pool_frames, CONF_POOL_FRAMES_MIN,
	 CONF_POOL_FRAMES_MAX)
BOOL_KEY(parse_ieee80211d, ieee80211d)
BOOL_KEY(parse_ieee80211n, ieee80211n)
BOOL_KEY(parse_wmm_enabled, wmm_enabled)

static void parse_ring_size(struct conf_ctx *x, const char *v)
{
	unsigned long n;

	if (!conf_get_uint(x, v, CONF_RING_SIZE_MIN, CONF_RING_SIZE_MAX, &n))
		return;
	if (n & (n - 1)) {
		conf_err(x, "%lu is not a power of two", n);
		return;
	}
	x->conf->rapd_ring_size = n;
}

/* hostapd's module bit mask, -1 meaning every module. */
static void parse_logger_stdout(struct conf_ctx *x, const char *v)
{
	unsigned long n;

	if (!strcmp(v, "-1")) {
		x->conf->logger_stdout = -1;
		return;
	}
	if (conf_get_uint(x, v, 0, INT32_MAX, &n))
		x->conf->logger_stdout = (int32_t)n;
}

static void parse_macaddr_acl(struct conf_ctx *x, const char *v)
{
	unsigned long n;

	if (!strcmp(v, "2")) {
		conf_err(x, "RADIUS MAC authentication (macaddr_acl=2) is not "
			 "supported by rapd");
		return;
	}
	if (conf_get_uint(x, v, 0, 1, &n))
		x->conf->macaddr_acl = n ? CONF_ACL_DENY_UNLESS_ACCEPTED
					 : CONF_ACL_ACCEPT_UNLESS_DENIED;
}

/* --- The table ------------------------------------------------------- */

#define ALIAS(n, k, s, fn)                                                \
	[CONF_KEY_##k] = { n, CONF_KEY_##k, CONF_KEY_##s, fn }
#define KEY(n, k, fn) ALIAS(n, k, k, fn)

static const struct conf_key_def keys[CONF_KEY__COUNT] = {
	KEY("interface", INTERFACE, parse_interface),
	KEY("driver", DRIVER, parse_driver),
	KEY("ctrl_interface", CTRL_INTERFACE, parse_ctrl_interface),
	KEY("ctrl_interface_group", CTRL_INTERFACE_GROUP, parse_ctrl_group),
	KEY("ssid", SSID, conf_parse_ssid),
	ALIAS("ssid2", SSID2, SSID, conf_parse_ssid2),
	KEY("bssid", BSSID, parse_bssid),
	KEY("hw_mode", HW_MODE, conf_parse_hw_mode),
	KEY("channel", CHANNEL, conf_parse_channel),
	KEY("country_code", COUNTRY_CODE, conf_parse_country),
	KEY("ieee80211d", IEEE80211D, parse_ieee80211d),
	KEY("ieee80211n", IEEE80211N, parse_ieee80211n),
	KEY("ht_capab", HT_CAPAB, conf_parse_ht_capab),
	KEY("wmm_enabled", WMM_ENABLED, parse_wmm_enabled),
	KEY("beacon_int", BEACON_INT, parse_beacon_int),
	KEY("dtim_period", DTIM_PERIOD, parse_dtim_period),
	KEY("max_num_sta", MAX_NUM_STA, parse_max_num_sta),
	KEY("ignore_broadcast_ssid", IGNORE_BROADCAST_SSID,
	    parse_ignore_bcast),
	KEY("ap_max_inactivity", AP_MAX_INACTIVITY, parse_ap_max_inactivity),
	KEY("auth_algs", AUTH_ALGS, conf_parse_auth_algs),
	KEY("wpa", WPA, conf_parse_wpa),
	KEY("wpa_key_mgmt", WPA_KEY_MGMT, conf_parse_key_mgmt),
	KEY("wpa_pairwise", WPA_PAIRWISE, conf_parse_wpa_pairwise),
	KEY("rsn_pairwise", RSN_PAIRWISE, conf_parse_rsn_pairwise),
	KEY("wpa_passphrase", WPA_PASSPHRASE, conf_parse_passphrase),
	ALIAS("wpa_psk", WPA_PSK, WPA_PASSPHRASE, conf_parse_psk),
	KEY("wpa_group_rekey", WPA_GROUP_REKEY, parse_group_rekey),
	KEY("wpa_ptk_rekey", WPA_PTK_REKEY, parse_ptk_rekey),
	KEY("wpa_pairwise_update_count", WPA_PAIRWISE_UPDATE_COUNT,
	    parse_update_count),
	KEY("macaddr_acl", MACADDR_ACL, parse_macaddr_acl),
	KEY("accept_mac_file", ACCEPT_MAC_FILE, parse_accept_file),
	KEY("deny_mac_file", DENY_MAC_FILE, parse_deny_file),
	KEY("logger_stdout", LOGGER_STDOUT, parse_logger_stdout),
	KEY("logger_stdout_level", LOGGER_STDOUT_LEVEL, parse_logger_level),
	KEY("rapd_workers", RAPD_WORKERS, parse_workers),
	KEY("rapd_ring_size", RAPD_RING_SIZE, parse_ring_size),
	KEY("rapd_pool_frames", RAPD_POOL_FRAMES, parse_pool_frames),
	KEY("tap_interface", TAP_INTERFACE, parse_tap_interface),
};

const struct conf_key_def *conf_key_lookup(const char *name)
{
	for (int i = 0; i < CONF_KEY__COUNT; i++)
		if (keys[i].name && !strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

const char *conf_key_name(enum conf_key k)
{
	if ((unsigned)k >= CONF_KEY__COUNT || !keys[k].name)
		return "?";
	return keys[k].name;
}

int conf_set_interface(struct conf *c, const char *ifname)
{
	if (!ifname || !conf_ifname_valid(ifname))
		return -1;
	strcpy(c->interface, ifname);
	c->interface_from_cmdline = true;
	return 0;
}
