/*
 * fuzz_ctrl - the control interface's dispatcher on arbitrary bytes.
 *
 * The input is split at each '\n' into requests, run in order against a
 * fake backend (two stations, ACL lists, a client table) so that
 * sequences such as ATTACH then LEVEL are reached. No socket: the pure
 * ctrl_cmd_process(). Oracles: the reply never exceeds its buffer (a
 * guard zone after it stays untouched), and a reply that is not text is
 * exactly one of hostapd's fixed answers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ctrl.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ctrl_sta_info stas[2];
static bool present[2];
static uint8_t acl_macs[2][8][6];
static unsigned acl_n[2];

static int sta_index(const uint8_t *mac)
{
	for (int i = 0; i < 2; i++)
		if (present[i] && mac_equal(stas[i].addr, mac))
			return i;
	return -1;
}

static int sta_first(void *arg, struct ctrl_sta_info *out)
{
	for (int i = 0; i < 2; i++) {
		if (present[i]) {
			*out = stas[i];
			return 0;
		}
	}
	return -ENOENT;
}

static int sta_next(void *arg, const uint8_t *after, struct ctrl_sta_info *o)
{
	int i = sta_index(after);

	if (i < 0)
		return -ENOENT;
	if (i == 1 || !present[1])
		return -ENODATA;
	*o = stas[1];
	return 0;
}

static int sta_get(void *arg, const uint8_t *mac, struct ctrl_sta_info *o)
{
	int i = sta_index(mac);

	if (i < 0)
		return -ENOENT;
	*o = stas[i];
	return 0;
}

static int kick(void *arg, const uint8_t *mac, uint16_t reason, bool tx)
{
	int i = sta_index(mac);

	if (i >= 0) {
		present[i] = false;
		return 0;
	}
	if (!mac_is_broadcast(mac))
		return -ENOENT;
	present[0] = present[1] = false;
	return 0;
}

static int status(void *arg, struct ctrl_status *st)
{
	st->state = CTRL_STATE_ENABLED;
	st->ieee80211n = true;
	st->ssid_len = 40; /* longer than the field: must be clamped */
	memset(st->ssid, 0xc3, sizeof(st->ssid));
	st->n_rates = 200; /* likewise */
	st->hw_mode = CTRL_HW_MODE_G;
	strcpy(st->ifname, "wlan0");
	return 0;
}

static int get_config(void *arg, struct ctrl_config *cf)
{
	cf->ssid_len = 255;
	cf->wpa = CTRL_WPA_RSN | CTRL_WPA_WPA;
	cf->key_mgmt = CTRL_KEY_MGMT_PSK | CTRL_KEY_MGMT_PSK_SHA256;
	cf->group_cipher = CTRL_CIPHER_CCMP;
	cf->rsn_pairwise = CTRL_CIPHER_CCMP;
	cf->wpa_pairwise = CTRL_CIPHER_TKIP;
	return 0;
}

static int reload(void *arg, bool reread)
{
	return reread ? -EINVAL : 0;
}

static int toggle(void *arg)
{
	return 0;
}

static void terminate(void *arg)
{
}

static void log_get(void *arg, int *level, bool *stamp)
{
	*level = 7; /* out of range: printed as "?" */
	*stamp = true;
}

static int log_set(void *arg, int level, int stamp)
{
	return 0;
}

static int acl(void *arg, enum ctrl_acl_list l, enum ctrl_acl_op op,
	       const uint8_t *mac)
{
	if (op == CTRL_ACL_CLEAR) {
		acl_n[l] = 0;
		return 0;
	}
	if (op == CTRL_ACL_ADD && acl_n[l] < 8)
		memcpy(acl_macs[l][acl_n[l]++], mac, 6);
	return 0;
}

static int acl_entry(void *arg, enum ctrl_acl_list l, unsigned i, uint8_t *m)
{
	if (i >= acl_n[l])
		return -ENOENT;
	memcpy(m, acl_macs[l][i], 6);
	return 0;
}

static int text(void *arg, char *buf, size_t len)
{
	size_t n = len < 100 ? len : 100;

	memset(buf, 'x', n);
	return (int)n;
}

static const struct ctrl_backend_ops ops = {
	.status = status,	.get_config = get_config,
	.sta_first = sta_first, .sta_next = sta_next,
	.sta_get = sta_get,	.deauth = kick,
	.disassoc = kick,	.reload = reload,
	.enable = toggle,	.disable = toggle,
	.terminate = terminate, .log_level_get = log_get,
	.log_level_set = log_set, .acl = acl,
	.acl_entry = acl_entry, .mib = text,
	.stats = text,
};

static void reset(void)
{
	memset(stas, 0, sizeof(stas));
	stas[0].addr[0] = 0x02;
	stas[0].addr[5] = 0x01;
	stas[0].pairwise_suite = CTRL_SUITE_CCMP;
	stas[0].have_counters = true;
	stas[0].n_rates = 255; /* clamped to CTRL_RATES_MAX */
	stas[0].timeout_next = CTRL_TIMEOUT_REMOVE;
	stas[1].addr[0] = 0x02;
	stas[1].addr[5] = 0x02;
	stas[1].flags = 0xffffffff;
	present[0] = present[1] = true;
	acl_n[0] = acl_n[1] = 0;
}

static bool fixed_reply(const char *r, size_t n)
{
	static const char *const fixed[] = { "OK\n", "FAIL\n", "PONG\n",
					     "UNKNOWN COMMAND\n" };

	for (size_t i = 0; i < RAPD_ARRAY_SIZE(fixed); i++)
		if (n == strlen(fixed[i]) && !memcmp(r, fixed[i], n))
			return true;
	return false;
}

static void one(const struct ctrl_req *rq, const char *req, size_t len)
{
	static char reply[CTRL_REPLY_MAX + 64];
	size_t n;

	memset(reply + CTRL_REPLY_MAX, 0x5a, 64);
	n = ctrl_cmd_process(rq, req, len, reply, CTRL_REPLY_MAX);
	if (n > CTRL_REPLY_MAX)
		abort();
	for (size_t i = CTRL_REPLY_MAX; i < sizeof(reply); i++)
		if (reply[i] != 0x5a)
			abort();
	/* a known command's text never starts like the unknown answer */
	if (n >= 7 && !memcmp(reply, "UNKNOWN", 7) && !fixed_reply(reply, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ctrl_clients clients;
	struct sockaddr_un from = { .sun_family = AF_UNIX,
				    .sun_path = "/tmp/wpa_ctrl_1-1" };
	struct ctrl_req rq = { .ops = &ops, .clients = &clients,
			       .from = &from, .fromlen = sizeof(from) };
	const char *p = (const char *)data, *end = p + size;

	reset();
	ctrl_clients_init(&clients);
	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		/* a different sender per line fills the client table */
		from.sun_path[15] = (char)('0' + (len & 63));
		one(&rq, p, len);
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}
