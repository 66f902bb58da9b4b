/*
 * test_ctrl.c - the control interface's dispatcher (ctrl_cmd.c) against a
 * fake backend: every reply compared byte for byte with hostapd's layout,
 * and bad input answered FAIL / UNKNOWN COMMAND.
 */
#include <errno.h>
#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ctrl.h>

#include "check.h"

#define NSTA 3

static struct fake {
	struct ctrl_sta_info sta[NSTA];
	bool present[NSTA];
	uint8_t kicked[6];
	uint16_t reason;
	bool tx, deauth;
	int reloads, rereads, terminated;
	bool enabled;
	int level;
	bool stamp;
	uint8_t acl[2][4][6];
	unsigned acl_n[2];
	int stats_ret;
} fk;

static const uint8_t sta1[6] = { 0x02, 0, 0, 0, 0x01, 0x00 };
static const uint8_t sta2[6] = { 0x02, 0, 0, 0, 0x02, 0x00 };
static const uint8_t sta3[6] = { 0x02, 0, 0, 0, 0x03, 0x00 };

static int find_sta(const uint8_t *mac)
{
	for (int i = 0; i < NSTA; i++)
		if (fk.present[i] && mac_equal(fk.sta[i].addr, mac))
			return i;
	return -1;
}

static int next_present(int from)
{
	for (int i = from; i < NSTA; i++)
		if (fk.present[i])
			return i;
	return -1;
}

static int f_sta_first(void *arg, struct ctrl_sta_info *out)
{
	int i = next_present(0);

	if (i < 0)
		return -ENOENT;
	*out = fk.sta[i];
	return 0;
}

static int f_sta_next(void *arg, const uint8_t *after,
		      struct ctrl_sta_info *out)
{
	int i = find_sta(after);

	if (i < 0)
		return -ENOENT;
	i = next_present(i + 1);
	if (i < 0)
		return -ENODATA;
	*out = fk.sta[i];
	return 0;
}

static int f_sta_get(void *arg, const uint8_t *addr, struct ctrl_sta_info *o)
{
	int i = find_sta(addr);

	if (i < 0)
		return -ENOENT;
	*o = fk.sta[i];
	return 0;
}

static int kick(const uint8_t *addr, uint16_t reason, bool tx, bool deauth)
{
	int i = find_sta(addr);

	memcpy(fk.kicked, addr, 6);
	fk.reason = reason;
	fk.tx = tx;
	fk.deauth = deauth;
	if (i >= 0) {
		fk.present[i] = false;
		return 0;
	}
	if (!mac_is_broadcast(addr))
		return -ENOENT;
	memset(fk.present, 0, sizeof(fk.present));
	return 0;
}

static int f_deauth(void *arg, const uint8_t *a, uint16_t r, bool tx)
{
	return kick(a, r, tx, true);
}

static int f_disassoc(void *arg, const uint8_t *a, uint16_t r, bool tx)
{
	return kick(a, r, tx, false);
}

static int f_status(void *arg, struct ctrl_status *st)
{
	static const uint8_t rates[] = { 0x02, 0x04, 0x0b, 0x16, 0x0c, 0x12,
					 0x18, 0x24, 0x30, 0x48, 0x60, 0x6c };

	st->state = fk.enabled ? CTRL_STATE_ENABLED : CTRL_STATE_DISABLED;
	strcpy(st->phy, "phy0");
	st->freq = 2437;
	st->num_sta_no_ht = 1;
	st->hw_mode = CTRL_HW_MODE_G;
	memcpy(st->country, "FR\x20", 3);
	st->channel = 6;
	st->ieee80211n = true;
	st->beacon_int = 100;
	st->dtim_period = 2;
	st->ht_caps_info = 0x000c;
	st->ht_mcs[0] = 0xff;
	st->n_rates = sizeof(rates);
	memcpy(st->rates, rates, sizeof(rates));
	st->have_max_txpower = true;
	st->max_txpower = 20;
	strcpy(st->ifname, "wlan0");
	memcpy(st->bssid, "\x02\x00\x00\x00\x00\x01", 6);
	st->ssid_len = 8;
	memcpy(st->ssid, "rapd \"a\"", 8);
	st->num_sta = 2;
	return 0;
}

static int f_get_config(void *arg, struct ctrl_config *cf)
{
	memcpy(cf->bssid, "\x02\x00\x00\x00\x00\x01", 6);
	cf->ssid_len = 4;
	memcpy(cf->ssid, "rapd", 4);
	cf->wpa = CTRL_WPA_RSN;
	cf->key_mgmt = CTRL_KEY_MGMT_PSK;
	cf->group_cipher = CTRL_CIPHER_CCMP;
	cf->rsn_pairwise = CTRL_CIPHER_CCMP;
	return 0;
}

static int f_reload(void *arg, bool reread)
{
	if (reread)
		fk.rereads++;
	else
		fk.reloads++;
	return 0;
}

static int f_enable(void *arg)
{
	if (fk.enabled)
		return -EALREADY;
	fk.enabled = true;
	return 0;
}

static int f_disable(void *arg)
{
	if (!fk.enabled)
		return -EALREADY;
	fk.enabled = false;
	return 0;
}

static void f_terminate(void *arg)
{
	fk.terminated++;
}

static void f_log_get(void *arg, int *level, bool *stamp)
{
	*level = fk.level;
	*stamp = fk.stamp;
}

static int f_log_set(void *arg, int level, int stamp)
{
	fk.level = level;
	if (stamp >= 0)
		fk.stamp = stamp;
	return 0;
}

static int f_acl(void *arg, enum ctrl_acl_list l, enum ctrl_acl_op op,
		 const uint8_t *mac)
{
	switch (op) {
	case CTRL_ACL_ADD:
		if (fk.acl_n[l] == 4)
			return -ENOSPC;
		memcpy(fk.acl[l][fk.acl_n[l]++], mac, 6);
		return 0;
	case CTRL_ACL_DEL:
		for (unsigned i = 0; i < fk.acl_n[l]; i++) {
			if (mac_equal(fk.acl[l][i], mac)) {
				memcpy(fk.acl[l][i], fk.acl[l][--fk.acl_n[l]],
				       6);
				return 0;
			}
		}
		return 0;
	case CTRL_ACL_CLEAR:
		fk.acl_n[l] = 0;
		return 0;
	}
	return -EINVAL;
}

static int f_acl_entry(void *arg, enum ctrl_acl_list l, unsigned idx,
		       uint8_t *mac)
{
	if (idx >= fk.acl_n[l])
		return -ENOENT;
	memcpy(mac, fk.acl[l][idx], 6);
	return 0;
}

static int f_mib(void *arg, char *buf, size_t len)
{
	static const char t[] = "dot11RSNAOptionImplemented=TRUE\n";

	if (len < sizeof(t) - 1)
		return -ENOSPC;
	memcpy(buf, t, sizeof(t) - 1);
	return (int)sizeof(t) - 1;
}

static int f_stats(void *arg, char *buf, size_t len)
{
	if (fk.stats_ret < 0)
		return fk.stats_ret;
	if (len < 10)
		return -ENOSPC;
	memcpy(buf, "rx=1\ntx=2\n", 10);
	return fk.stats_ret ? fk.stats_ret : 10;
}

static const struct ctrl_backend_ops fake_ops = {
	.status = f_status,
	.get_config = f_get_config,
	.sta_first = f_sta_first,
	.sta_next = f_sta_next,
	.sta_get = f_sta_get,
	.deauth = f_deauth,
	.disassoc = f_disassoc,
	.reload = f_reload,
	.enable = f_enable,
	.disable = f_disable,
	.terminate = f_terminate,
	.log_level_get = f_log_get,
	.log_level_set = f_log_set,
	.acl = f_acl,
	.acl_entry = f_acl_entry,
	.mib = f_mib,
	.stats = f_stats,
};

static struct ctrl_clients clients;
static struct sockaddr_un from = { .sun_family = AF_UNIX,
				   .sun_path = "/tmp/wpa_ctrl_1-1" };

static void fake_reset(void)
{
	static const uint8_t rates[] = { 0x82, 0x84, 0x8b, 0x96,
					 0x0c, 0x12, 0x18, 0x24 };
	struct ctrl_sta_info *s = &fk.sta[0];

	memset(&fk, 0, sizeof(fk));
	fk.enabled = true;
	fk.level = CTRL_MSG_INFO;
	ctrl_clients_init(&clients);

	memcpy(s->addr, sta1, 6);
	s->aid = 1;
	s->flags = CTRL_STA_AUTH | CTRL_STA_ASSOC | CTRL_STA_AUTHORIZED |
		   CTRL_STA_WMM | CTRL_STA_HT;
	s->capability = 0x431;
	s->listen_interval = 10;
	s->n_rates = sizeof(rates);
	memcpy(s->rates, rates, sizeof(rates));
	s->pairwise_suite = CTRL_SUITE_CCMP;
	s->akm_suite = CTRL_SUITE_PSK;
	s->wpa = 2;
	s->ptk_state = 11;
	s->have_counters = true;
	s->rx_packets = 10;
	s->tx_packets = 20;
	s->rx_bytes = 1000;
	s->tx_bytes = 2000;
	s->inactive_msec = 300;
	s->signal = -40;
	s->rx_rate = 540;
	s->tx_rate = 650;
	s->connected_time = 42;

	s = &fk.sta[1];
	memcpy(s->addr, sta2, 6);
	s->aid = 2;
	s->flags = CTRL_STA_AUTH | CTRL_STA_ASSOC | CTRL_STA_SHORT_PREAMBLE;
	s->listen_interval = 5;
	s->timeout_next = CTRL_TIMEOUT_DEAUTH;
	s->connected_time = 7;

	memcpy(fk.sta[2].addr, sta3, 6);
	fk.present[0] = fk.present[1] = true;
}

static char reply[CTRL_REPLY_MAX];

/* Runs req; the reply, NUL ended, is in `reply`; returns its length. */
static size_t run_len(const char *req, size_t len)
{
	struct ctrl_req rq = {
		.ops = &fake_ops,
		.clients = &clients,
		.from = &from,
		.fromlen = sizeof(from),
	};
	size_t n = ctrl_cmd_process(&rq, req, len, reply, sizeof(reply) - 1);

	reply[n] = '\0';
	return n;
}

static const char *run(const char *req)
{
	run_len(req, strlen(req));
	return reply;
}

#define CHECK_REPLY(req, want)                                              \
	do {                                                                \
		const char *_got = run(req);                                \
		if (strcmp(_got, (want))) {                                 \
			fprintf(stderr, "  %s:%d: %s:\n got [%s]\nwant [%s]\n",\
				__FILE__, __LINE__, (req), _got, (want));   \
			check_failures++;                                   \
		}                                                           \
	} while (0)

#define STA1_TEXT                                                           \
	"02:00:00:00:01:00\n"                                               \
	"flags=[AUTH][ASSOC][AUTHORIZED][WMM][HT]\n"                        \
	"aid=1\ncapability=0x431\nlisten_interval=10\n"                     \
	"supported_rates=82 84 8b 96 0c 12 18 24\n"                         \
	"timeout_next=NULLFUNC POLL\nauth_alg=0\n"                          \
	"dot11RSNAStatsSTAAddress=02:00:00:00:01:00\n"                      \
	"dot11RSNAStatsVersion=1\n"                                         \
	"dot11RSNAStatsSelectedPairwiseCipher=00-0f-ac-4\n"                 \
	"dot11RSNAStatsTKIPLocalMICFailures=0\n"                            \
	"dot11RSNAStatsTKIPRemoteMICFailures=0\n"                           \
	"wpa=2\nAKMSuiteSelector=00-0f-ac-2\n"                              \
	"hostapdWPAPTKState=11\nhostapdWPAPTKGroupState=0\nhostapdMFPR=0\n" \
	"rx_packets=10\ntx_packets=20\nrx_bytes=1000\ntx_bytes=2000\n"      \
	"inactive_msec=300\nsignal=-40\nrx_rate_info=540\n"                 \
	"tx_rate_info=650\nconnected_time=42\n"

#define STA2_TEXT                                                           \
	"02:00:00:00:02:00\nflags=[AUTH][ASSOC][SHORT_PREAMBLE]\n"          \
	"aid=2\ncapability=0x0\nlisten_interval=5\nsupported_rates=\n"      \
	"timeout_next=DEAUTH\nauth_alg=0\nconnected_time=7\n"

static void ping_and_unknown(void)
{
	fake_reset();
	CHECK_REPLY("PING", "PONG\n");
	CHECK_REPLY("PING ", "UNKNOWN COMMAND\n");
	CHECK_REPLY("ping", "UNKNOWN COMMAND\n");
	CHECK_REPLY("FOO", "UNKNOWN COMMAND\n");
	CHECK_REPLY("STA", "UNKNOWN COMMAND\n");
	CHECK_REPLY("STA-NEXT", "UNKNOWN COMMAND\n");
	CHECK_REPLY("ATTACH x", "UNKNOWN COMMAND\n");
	CHECK_EQ_INT(run_len("", 0), 16);
	CHECK(!strcmp(reply, "UNKNOWN COMMAND\n"));
	/* an embedded NUL ends the command, as in hostapd */
	CHECK_EQ_INT(run_len("PING\0junk", 9), 5);
	CHECK(!strcmp(reply, "PONG\n"));
}

static void oversized_request(void)
{
	static char big[CTRL_REQUEST_MAX + 1];

	fake_reset();
	memset(big, 'A', sizeof(big));
	memcpy(big, "PING", 4);
	run_len(big, sizeof(big));
	CHECK(!strcmp(reply, "FAIL\n"));
	/* exactly the limit is still read (and is no command) */
	run_len(big, CTRL_REQUEST_MAX);
	CHECK(!strcmp(reply, "UNKNOWN COMMAND\n"));
}

static void sta_walk(void)
{
	fake_reset();
	CHECK_REPLY("STA-FIRST", STA1_TEXT);
	CHECK_REPLY("STA-NEXT 02:00:00:00:01:00", STA2_TEXT);
	CHECK_EQ_INT(run_len("STA-NEXT 02:00:00:00:02:00", 26), 0);
	/* all_sta then sends "STA-NEXT " with no address: FAIL ends it */
	CHECK_REPLY("STA-NEXT ", "FAIL\n");
	CHECK_REPLY("STA-NEXT 02:00:00:00:03:00", "FAIL\n");
	CHECK_REPLY("STA 02:00:00:00:01:00", STA1_TEXT);
	CHECK_REPLY("STA 02-00-00-00-02-00", STA2_TEXT);
	CHECK_REPLY("STA 02:00:00:00:03:00", "FAIL\n");
	CHECK_REPLY("STA 02:00:00:00:01:00 eapol", "FAIL\n");
	CHECK_REPLY("STA 02:00:00:00:01", "FAIL\n");
	CHECK_REPLY("STA 02:00:00:00:01:0g", "FAIL\n");
	CHECK_REPLY("STA ", "FAIL\n");
	fk.present[0] = fk.present[1] = false;
	CHECK_EQ_INT(run_len("STA-FIRST", 9), 0);
}

static void status_layout(void)
{
	fake_reset();
	CHECK_REPLY("STATUS",
		    "state=ENABLED\nphy=phy0\nfreq=2437\nnum_sta_non_erp=0\n"
		    "num_sta_no_short_slot_time=0\n"
		    "num_sta_no_short_preamble=0\nolbc=0\n"
		    "num_sta_ht_no_gf=0\nnum_sta_no_ht=1\n"
		    "num_sta_ht_20_mhz=0\nnum_sta_ht40_intolerant=0\n"
		    "olbc_ht=0\nht_op_mode=0x0\nhw_mode=g\n"
		    "country_code=FR\ncountry3=0x20\n"
		    "cac_time_seconds=0\ncac_time_left_seconds=N/A\n"
		    "channel=6\nedmg_enable=0\nedmg_channel=0\n"
		    "secondary_channel=0\nieee80211n=1\nieee80211ac=0\n"
		    "ieee80211ax=0\nieee80211be=0\nbeacon_int=100\n"
		    "dtim_period=2\nht_caps_info=000c\n"
		    "ht_mcs_bitmask=ff000000000000000000\n"
		    "supported_rates=02 04 0b 16 0c 12 18 24 30 48 60 6c\n"
		    "max_txpower=20\nbss[0]=wlan0\nbssid[0]=02:00:00:00:00:01\n"
		    "ssid[0]=rapd \\\"a\\\"\nnum_sta[0]=2\n");
	CHECK_REPLY("STATUS x", "UNKNOWN COMMAND\n");
	fk.enabled = false;
	CHECK(!strncmp(run("STATUS"), "state=DISABLED\n", 15));
}

static void status_truncated(void)
{
	struct ctrl_req rq = { .ops = &fake_ops, .clients = &clients,
			       .from = &from, .fromlen = sizeof(from) };
	char small[400 + 8], full[CTRL_REPLY_MAX];
	size_t n, nfull;

	fake_reset();
	nfull = ctrl_cmd_process(&rq, "STATUS", 6, full, sizeof(full));
	memset(small, 'Z', sizeof(small));
	n = ctrl_cmd_process(&rq, "STATUS", 6, small, 400);
	CHECK(n <= 400 && n > 0 && n < nfull);
	CHECK(!memcmp(small, full, n));
	CHECK_EQ_INT(small[n - 1], '\n'); /* cut after a whole write */
	CHECK_EQ_INT(small[400], 'Z');
}

static void get_config_layout(void)
{
	fake_reset();
	CHECK_REPLY("GET_CONFIG",
		    "bssid=02:00:00:00:00:01\nssid=rapd\nwps_state=disabled\n"
		    "wpa=2\nkey_mgmt=WPA-PSK \ngroup_cipher=CCMP\n"
		    "rsn_pairwise_cipher=CCMP \n");
}

static void deauth_disassoc(void)
{
	fake_reset();
	CHECK_REPLY("DEAUTHENTICATE 02:00:00:00:01:00", "OK\n");
	CHECK(mac_equal(fk.kicked, sta1) && fk.reason == 2 && fk.tx &&
	      fk.deauth);
	CHECK(!fk.present[0] && fk.present[1]);
	CHECK_REPLY("DISASSOCIATE 02:00:00:00:02:00 reason=3 tx=0", "OK\n");
	CHECK(mac_equal(fk.kicked, sta2) && fk.reason == 3 && !fk.tx &&
	      !fk.deauth);
	CHECK_REPLY("DEAUTHENTICATE 02:00:00:00:02:00", "FAIL\n");
	CHECK_REPLY("DEAUTHENTICATE nonsense", "FAIL\n");
	CHECK_REPLY("DEAUTHENTICATE ", "FAIL\n");
	fake_reset();
	CHECK_REPLY("DEAUTHENTICATE 02:00:00:00:01:00 reason=70000", "FAIL\n");
	CHECK_REPLY("DEAUTHENTICATE 02:00:00:00:01:00 reason=", "FAIL\n");
	CHECK_REPLY("DEAUTHENTICATE 02:00:00:00:01:00 reason=3x", "FAIL\n");
	CHECK_REPLY("DEAUTHENTICATE 02:00:00:00:01:00 test=1", "FAIL\n");
	CHECK(fk.present[0]); /* none of those reached the backend */
	CHECK_REPLY("DEAUTHENTICATE ff:ff:ff:ff:ff:ff reason=1", "OK\n");
	CHECK(!fk.present[0] && !fk.present[1] && fk.reason == 1);
}

static void state_changes(void)
{
	fake_reset();
	CHECK_REPLY("RELOAD", "OK\n");
	CHECK_REPLY("RELOAD_CONFIG", "OK\n");
	CHECK(fk.reloads == 1 && fk.rereads == 1);
	CHECK_REPLY("ENABLE", "FAIL\n");
	CHECK_REPLY("DISABLE", "OK\n");
	CHECK_REPLY("DISABLE", "FAIL\n");
	CHECK_REPLY("ENABLE", "OK\n");
	CHECK_REPLY("TERMINATE", "OK\n");
	CHECK_EQ_INT(fk.terminated, 1);
	CHECK_REPLY("MIB", "dot11RSNAOptionImplemented=TRUE\n");
	CHECK_REPLY("STATS", "rx=1\ntx=2\n");
	fk.stats_ret = -EIO;
	CHECK_REPLY("STATS", "FAIL\n");
	fk.stats_ret = CTRL_REPLY_MAX + 1; /* a backend that lies */
	CHECK_REPLY("STATS", "FAIL\n");
}

static void log_level(void)
{
	fake_reset();
	CHECK_REPLY("LOG_LEVEL", "Current level: INFO\nTimestamp: 0\n");
	CHECK_REPLY("LOG_LEVEL debug 1", "OK\n");
	CHECK(fk.level == CTRL_MSG_DEBUG && fk.stamp);
	CHECK_REPLY("LOG_LEVEL ERROR", "OK\n");
	CHECK(fk.level == CTRL_MSG_ERROR && fk.stamp);
	CHECK_REPLY("LOG_LEVEL", "Current level: ERROR\nTimestamp: 1\n");
	CHECK_REPLY("LOG_LEVEL LOUD", "FAIL\n");
	CHECK_REPLY("LOG_LEVEL INFO 7", "FAIL\n");
	CHECK_EQ_INT(fk.level, CTRL_MSG_ERROR);
}

static void acl_lists(void)
{
	fake_reset();
	CHECK_REPLY("ACCEPT_ACL ADD_MAC 02:00:00:00:01:00", "OK\n");
	CHECK_REPLY("ACCEPT_ACL ADD_MAC 02:00:00:00:02:00", "OK\n");
	CHECK_REPLY("DENY_ACL ADD_MAC 02:00:00:00:03:00", "OK\n");
	CHECK_REPLY("ACCEPT_ACL SHOW", "02:00:00:00:01:00 VLAN_ID=0\n"
				       "02:00:00:00:02:00 VLAN_ID=0\n");
	CHECK_REPLY("DENY_ACL SHOW", "02:00:00:00:03:00 VLAN_ID=0\n");
	CHECK_REPLY("ACCEPT_ACL DEL_MAC 02:00:00:00:01:00", "OK\n");
	CHECK_REPLY("ACCEPT_ACL SHOW", "02:00:00:00:02:00 VLAN_ID=0\n");
	CHECK_REPLY("ACCEPT_ACL CLEAR", "OK\n");
	CHECK_EQ_INT(run_len("ACCEPT_ACL SHOW", 15), 0);
	CHECK_REPLY("DENY_ACL ADD_MAC 02:00:00:00:03", "FAIL\n");
	CHECK_REPLY("DENY_ACL ADD_MAC", "FAIL\n");
	CHECK_REPLY("DENY_ACL FROB", "FAIL\n");
	CHECK_REPLY("DENY_ACL SHOW x", "FAIL\n");
	CHECK_REPLY("DENY_ACL ", "FAIL\n");
	CHECK_EQ_INT(fk.acl_n[CTRL_ACL_DENY], 1);
}

static void attach_level_detach(void)
{
	fake_reset();
	CHECK_REPLY("LEVEL 2", "FAIL\n"); /* not attached */
	CHECK_REPLY("DETACH", "FAIL\n");
	CHECK_REPLY("ATTACH", "OK\n");
	CHECK_EQ_INT(clients.n, 1);
	CHECK_EQ_INT(clients.c[0].level, CTRL_MSG_INFO);
	CHECK_REPLY("LEVEL 4", "OK\n");
	CHECK_EQ_INT(clients.c[0].level, CTRL_MSG_WARNING);
	CHECK_REPLY("LEVEL x", "FAIL\n");
	CHECK_REPLY("LEVEL 9", "FAIL\n");
	CHECK_REPLY("ATTACH", "OK\n"); /* again: one entry, level reset */
	CHECK_EQ_INT(clients.n, 1);
	CHECK_EQ_INT(clients.c[0].level, CTRL_MSG_INFO);
	CHECK_REPLY("DETACH", "OK\n");
	CHECK_EQ_INT(clients.n, 0);
}

static void attach_table_full(void)
{
	fake_reset();
	for (int i = 0; i < CTRL_CLIENTS_MAX; i++) {
		snprintf(from.sun_path, sizeof(from.sun_path),
			 "/tmp/wpa_ctrl_1-%d", i);
		CHECK_REPLY("ATTACH", "OK\n");
	}
	strcpy(from.sun_path, "/tmp/wpa_ctrl_2-1");
	CHECK_REPLY("ATTACH", "FAIL\n");
	CHECK_EQ_INT(clients.n, CTRL_CLIENTS_MAX);
	strcpy(from.sun_path, "/tmp/wpa_ctrl_1-5");
	CHECK_REPLY("DETACH", "OK\n");
	CHECK_EQ_INT(clients.n, CTRL_CLIENTS_MAX - 1);
	strcpy(from.sun_path, "/tmp/wpa_ctrl_1-1");
}

int main(void)
{
	check_begin("test_ctrl");
	RUN(ping_and_unknown);
	RUN(oversized_request);
	RUN(sta_walk);
	RUN(status_layout);
	RUN(status_truncated);
	RUN(get_config_layout);
	RUN(deauth_disassoc);
	RUN(state_changes);
	RUN(log_level);
	RUN(acl_lists);
	RUN(attach_level_detach);
	RUN(attach_table_full);
	return check_end();
}
