/*
 * ctrl_cmd.c - the control interface's dispatcher: one request in, the
 * reply bytes out, with hostapd's layouts so hostapd_cli parses them.
 *
 * Called by ctrl_handle() on the main thread (and by the fuzz target);
 * pure apart from the backend ops it calls and the client table it is
 * given. Owns nothing; writes only into the caller's reply buffer, with
 * a bound on every write.
 *
 * Follows hostapd/ctrl_iface.c hostapd_ctrl_iface_receive_process and
 * src/ap/ctrl_iface_ap.c (STA, STATUS, DEAUTHENTICATE), ctrl_iface_common.c
 * (ATTACH, DETACH, LEVEL): a command either matches exactly ("PING") or
 * is a name and a space followed by arguments ("STA <mac>"). Replies:
 * "OK\n" by default, "FAIL\n" on any error, "UNKNOWN COMMAND\n", "PONG\n";
 * key=value lines; STA* put the bare MAC on the first line, and STA-NEXT
 * after the last station is an empty reply. Where hostapd accepts
 * trailing garbage (atoi, a MAC followed by anything), rapd is strict and
 * answers FAIL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/bytes.h>
#include <rapd/ctrl.h>

#define WLAN_REASON_PREV_AUTH_NOT_VALID 2

/* A bounded write cursor over the reply buffer. */
struct out {
	char *buf;
	size_t cap;
	size_t len;
	bool full; /* a write did not fit: later ones are dropped too */
};

__attribute__((format(printf, 2, 3))) static void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->cap - o->len;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		o->full = true; /* the reply ends at the last whole write */
	else
		o->len += (size_t)n;
}

static void out_mac(struct out *o, const uint8_t *mac)
{
	char s[MAC_STR_LEN];

	out_printf(o, "%s", mac_str(mac, s));
}

/* hostapd's printf_encode (wpa_ssid_txt): printable ASCII as it is, the
 * rest escaped, so an SSID never breaks the key=value lines. */
static void out_ssid(struct out *o, const uint8_t *ssid, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t c = ssid[i];

		if (c == '"' || c == '\\')
			out_printf(o, "\\%c", c);
		else if (c == 033)
			out_printf(o, "\\e");
		else if (c == '\n')
			out_printf(o, "\\n");
		else if (c == '\r')
			out_printf(o, "\\r");
		else if (c == '\t')
			out_printf(o, "\\t");
		else if (c >= 32 && c <= 126)
			out_printf(o, "%c", c);
		else
			out_printf(o, "\\x%02x", c);
	}
}

static void out_rates(struct out *o, const uint8_t *rates, unsigned n)
{
	if (n > CTRL_RATES_MAX)
		n = CTRL_RATES_MAX;
	for (unsigned i = 0; i < n; i++)
		out_printf(o, "%s%02x", i ? " " : "", rates[i]);
}

static void out_suite(struct out *o, const char *key, uint32_t suite)
{
	out_printf(o, "%s=%02x-%02x-%02x-%u\n", key, suite >> 24 & 0xff,
		   suite >> 16 & 0xff, suite >> 8 & 0xff, suite & 0xff);
}

/* ---- argument parsing -------------------------------------------------- */

/* Splits the first space-separated token off *s: returns it, NUL ended,
 * and leaves *s after the space (or at the NUL). */
static char *next_token(char **s)
{
	char *tok = *s, *sp = strchr(tok, ' ');

	if (sp) {
		*sp = '\0';
		*s = sp + 1;
	} else {
		*s = tok + strlen(tok);
	}
	return tok;
}

/* A decimal in [0, max] with nothing after it; -1 otherwise. */
static long parse_uint(const char *s, long max)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

/* ---- STA, STA-FIRST, STA-NEXT ------------------------------------------ */

static const char *timeout_next_txt(enum ctrl_timeout_next t)
{
	switch (t) {
	case CTRL_TIMEOUT_NULLFUNC:
		return "NULLFUNC POLL";
	case CTRL_TIMEOUT_DISASSOC:
		return "DISASSOC";
	case CTRL_TIMEOUT_DEAUTH:
		return "DEAUTH";
	case CTRL_TIMEOUT_REMOVE:
		return "REMOVE";
	}
	return "?";
}

/* ap_sta_flags_txt's order. */
static const struct {
	uint32_t flag;
	const char *txt;
} sta_flags[] = {
	{ CTRL_STA_AUTH, "[AUTH]" },
	{ CTRL_STA_ASSOC, "[ASSOC]" },
	{ CTRL_STA_AUTHORIZED, "[AUTHORIZED]" },
	{ CTRL_STA_SHORT_PREAMBLE, "[SHORT_PREAMBLE]" },
	{ CTRL_STA_WMM, "[WMM]" },
	{ CTRL_STA_MFP, "[MFP]" },
	{ CTRL_STA_NONERP, "[NonERP]" },
	{ CTRL_STA_HT, "[HT]" },
	{ CTRL_STA_VHT, "[VHT]" },
};

static void fmt_sta_rsn(struct out *o, const struct ctrl_sta_info *s)
{
	out_printf(o, "dot11RSNAStatsSTAAddress=");
	out_mac(o, s->addr);
	out_printf(o, "\ndot11RSNAStatsVersion=1\n");
	out_suite(o, "dot11RSNAStatsSelectedPairwiseCipher", s->pairwise_suite);
	/* CCMP only: rapd has no TKIP, so no Michael MIC failure */
	out_printf(o, "dot11RSNAStatsTKIPLocalMICFailures=0\n"
		      "dot11RSNAStatsTKIPRemoteMICFailures=0\n"
		      "wpa=%u\n", s->wpa);
	out_suite(o, "AKMSuiteSelector", s->akm_suite);
	out_printf(o, "hostapdWPAPTKState=%u\nhostapdWPAPTKGroupState=%u\n"
		      "hostapdMFPR=%u\n", s->ptk_state, s->ptk_group_state,
		   s->mfpr);
}

static void fmt_sta_counters(struct out *o, const struct ctrl_sta_info *s)
{
	out_printf(o, "rx_packets=%llu\ntx_packets=%llu\nrx_bytes=%llu\n"
		      "tx_bytes=%llu\ninactive_msec=%llu\nsignal=%d\n"
		      "rx_rate_info=%u\ntx_rate_info=%u\n",
		   (unsigned long long)s->rx_packets,
		   (unsigned long long)s->tx_packets,
		   (unsigned long long)s->rx_bytes,
		   (unsigned long long)s->tx_bytes,
		   (unsigned long long)s->inactive_msec, s->signal,
		   s->rx_rate, s->tx_rate);
}

/* hostapd_ctrl_iface_sta_mib's layout. */
static void fmt_sta(struct out *o, const struct ctrl_sta_info *s)
{
	out_mac(o, s->addr);
	out_printf(o, "\nflags=");
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(sta_flags); i++)
		if (s->flags & sta_flags[i].flag)
			out_printf(o, "%s", sta_flags[i].txt);
	out_printf(o, "\naid=%u\ncapability=0x%x\nlisten_interval=%u\n"
		      "supported_rates=", s->aid, s->capability,
		   s->listen_interval);
	out_rates(o, s->rates, s->n_rates);
	out_printf(o, "\ntimeout_next=%s\nauth_alg=%u\n",
		   timeout_next_txt(s->timeout_next), s->auth_alg);
	if (s->pairwise_suite)
		fmt_sta_rsn(o, s);
	if (s->have_counters)
		fmt_sta_counters(o, s);
	out_printf(o, "connected_time=%llu\n",
		   (unsigned long long)s->connected_time);
}

enum reply {
	REPLY_OK,   /* "OK\n" */
	REPLY_FAIL, /* "FAIL\n" */
	REPLY_TEXT, /* what the handler wrote, possibly nothing */
};

typedef enum reply (*cmd_fn)(const struct ctrl_req *rq, char *args,
			     struct out *o);

static enum reply sta_reply(struct out *o, int err,
			    const struct ctrl_sta_info *s)
{
	if (err)
		return REPLY_FAIL;
	fmt_sta(o, s);
	return REPLY_TEXT;
}

static enum reply cmd_sta_first(const struct ctrl_req *rq, char *args,
				struct out *o)
{
	struct ctrl_sta_info s = { 0 };
	int err = rq->ops->sta_first(rq->arg, &s);

	if (err == -ENOENT)
		return REPLY_TEXT; /* no station: an empty reply */
	return sta_reply(o, err, &s);
}

static enum reply cmd_sta(const struct ctrl_req *rq, char *args,
			  struct out *o)
{
	struct ctrl_sta_info s = { 0 };
	uint8_t mac[6];

	if (mac_parse(args, mac))
		return REPLY_FAIL;
	return sta_reply(o, rq->ops->sta_get(rq->arg, mac, &s), &s);
}

static enum reply cmd_sta_next(const struct ctrl_req *rq, char *args,
			       struct out *o)
{
	struct ctrl_sta_info s = { 0 };
	uint8_t mac[6];
	int err;

	if (mac_parse(args, mac))
		return REPLY_FAIL; /* also "STA-NEXT " that ends all_sta */
	err = rq->ops->sta_next(rq->arg, mac, &s);
	if (err == -ENODATA)
		return REPLY_TEXT; /* after the last: an empty reply */
	return sta_reply(o, err, &s);
}

/* ---- DEAUTHENTICATE, DISASSOCIATE ------------------------------------- */

/* "<mac> [reason=N] [tx=0|1]". */
static enum reply kick(const struct ctrl_req *rq, char *args, bool deauth)
{
	long reason = WLAN_REASON_PREV_AUTH_NOT_VALID;
	bool tx = true;
	uint8_t mac[6];
	int err;

	if (mac_parse(next_token(&args), mac))
		return REPLY_FAIL;
	while (*args) {
		char *tok = next_token(&args);

		if (!strncmp(tok, "reason=", 7))
			reason = parse_uint(tok + 7, 0xffff);
		else if (!strcmp(tok, "tx=0") || !strcmp(tok, "tx=1"))
			tx = tok[3] == '1';
		else if (*tok) /* test=, p2p=: not supported */
			return REPLY_FAIL;
		if (reason < 0)
			return REPLY_FAIL;
	}
	if (deauth)
		err = rq->ops->deauth(rq->arg, mac, (uint16_t)reason, tx);
	else
		err = rq->ops->disassoc(rq->arg, mac, (uint16_t)reason, tx);
	return err ? REPLY_FAIL : REPLY_OK;
}

static enum reply cmd_deauth(const struct ctrl_req *rq, char *args,
			     struct out *o)
{
	return kick(rq, args, true);
}

static enum reply cmd_disassoc(const struct ctrl_req *rq, char *args,
			       struct out *o)
{
	return kick(rq, args, false);
}

/* ---- STATUS, GET_CONFIG ------------------------------------------------ */

static const char *state_txt(enum ctrl_iface_state s)
{
	switch (s) {
	case CTRL_STATE_UNINITIALIZED:
		return "UNINITIALIZED";
	case CTRL_STATE_DISABLED:
		return "DISABLED";
	case CTRL_STATE_ENABLED:
		return "ENABLED";
	}
	return "UNKNOWN";
}

static const char *hw_mode_txt(enum ctrl_hw_mode m)
{
	switch (m) {
	case CTRL_HW_MODE_UNKNOWN:
		return NULL;
	case CTRL_HW_MODE_B:
		return "b";
	case CTRL_HW_MODE_G:
		return "g";
	case CTRL_HW_MODE_A:
		return "a";
	}
	return NULL;
}

static void fmt_status_radio(struct out *o, const struct ctrl_status *st)
{
	const char *mode = hw_mode_txt(st->hw_mode);

	out_printf(o, "state=%s\nphy=%s\nfreq=%u\nnum_sta_non_erp=%u\n"
		      "num_sta_no_short_slot_time=%u\n"
		      "num_sta_no_short_preamble=%u\nolbc=%u\n"
		      "num_sta_ht_no_gf=%u\nnum_sta_no_ht=%u\n"
		      "num_sta_ht_20_mhz=%u\nnum_sta_ht40_intolerant=%u\n"
		      "olbc_ht=%u\nht_op_mode=0x%x\n",
		   state_txt(st->state), st->phy, st->freq,
		   st->num_sta_non_erp, st->num_sta_no_short_slot_time,
		   st->num_sta_no_short_preamble, st->olbc,
		   st->num_sta_ht_no_gf, st->num_sta_no_ht,
		   st->num_sta_ht_20mhz, st->num_sta_ht40_intolerant,
		   st->olbc_ht, st->ht_op_mode);
	if (mode)
		out_printf(o, "hw_mode=%s\n", mode);
	if (st->country[0] && st->country[1])
		out_printf(o, "country_code=%c%c\ncountry3=0x%X\n",
			   st->country[0], st->country[1],
			   (unsigned char)st->country[2]);
	/* no DFS: CAC never runs */
	out_printf(o, "cac_time_seconds=0\ncac_time_left_seconds=N/A\n"
		      "channel=%u\nedmg_enable=0\nedmg_channel=0\n"
		      "secondary_channel=%d\nieee80211n=%d\nieee80211ac=0\n"
		      "ieee80211ax=0\nieee80211be=0\nbeacon_int=%u\n"
		      "dtim_period=%u\n",
		   st->channel, st->ieee80211n ? st->secondary_channel : 0,
		   st->ieee80211n, st->beacon_int, st->dtim_period);
}

static void fmt_status(struct out *o, const struct ctrl_status *st)
{
	fmt_status_radio(o, st);
	if (st->ieee80211n) {
		char hex[2 * sizeof(st->ht_mcs) + 1];

		hex_encode(st->ht_mcs, sizeof(st->ht_mcs), hex);
		out_printf(o, "ht_caps_info=%04x\nht_mcs_bitmask=%s\n",
			   st->ht_caps_info, hex);
	}
	if (st->n_rates) {
		out_printf(o, "supported_rates=");
		out_rates(o, st->rates, st->n_rates);
		out_printf(o, "\n");
	}
	if (st->have_max_txpower)
		out_printf(o, "max_txpower=%u\n", st->max_txpower);
	out_printf(o, "bss[0]=%.*s\nbssid[0]=", (int)sizeof(st->ifname),
		   st->ifname);
	out_mac(o, st->bssid);
	out_printf(o, "\nssid[0]=");
	out_ssid(o, st->ssid, st->ssid_len < 32 ? st->ssid_len : 32);
	out_printf(o, "\nnum_sta[0]=%u\n", st->num_sta);
}

static enum reply cmd_status(const struct ctrl_req *rq, char *args,
			     struct out *o)
{
	struct ctrl_status st = { 0 };

	if (rq->ops->status(rq->arg, &st))
		return REPLY_FAIL;
	fmt_status(o, &st);
	return REPLY_TEXT;
}

/* wpa_write_ciphers order, each followed by a space. */
static void out_ciphers(struct out *o, const char *key, unsigned ciphers)
{
	out_printf(o, "%s=%s%s\n", key,
		   ciphers & CTRL_CIPHER_CCMP ? "CCMP " : "",
		   ciphers & CTRL_CIPHER_TKIP ? "TKIP " : "");
}

static void fmt_config(struct out *o, const struct ctrl_config *cf)
{
	out_printf(o, "bssid=");
	out_mac(o, cf->bssid);
	out_printf(o, "\nssid=");
	out_ssid(o, cf->ssid, cf->ssid_len < 32 ? cf->ssid_len : 32);
	out_printf(o, "\nwps_state=disabled\n");
	if (!cf->wpa)
		return;
	out_printf(o, "wpa=%u\n", cf->wpa);
	if (cf->key_mgmt)
		out_printf(o, "key_mgmt=%s%s\n",
			   cf->key_mgmt & CTRL_KEY_MGMT_PSK ? "WPA-PSK " : "",
			   cf->key_mgmt & CTRL_KEY_MGMT_PSK_SHA256 ?
				   "WPA-PSK-SHA256 " : "");
	out_printf(o, "group_cipher=%s\n",
		   cf->group_cipher & CTRL_CIPHER_CCMP ? "CCMP" : "TKIP");
	if ((cf->wpa & CTRL_WPA_RSN) && cf->rsn_pairwise)
		out_ciphers(o, "rsn_pairwise_cipher", cf->rsn_pairwise);
	if ((cf->wpa & CTRL_WPA_WPA) && cf->wpa_pairwise)
		out_ciphers(o, "wpa_pairwise_cipher", cf->wpa_pairwise);
}

static enum reply cmd_get_config(const struct ctrl_req *rq, char *args,
				 struct out *o)
{
	struct ctrl_config cf = { 0 };

	if (rq->ops->get_config(rq->arg, &cf))
		return REPLY_FAIL;
	fmt_config(o, &cf);
	return REPLY_TEXT;
}

/* ---- PING, state changes, free text ------------------------------------ */

static enum reply cmd_ping(const struct ctrl_req *rq, char *args,
			   struct out *o)
{
	out_printf(o, "PONG\n");
	return REPLY_TEXT;
}

static enum reply errno_reply(int err)
{
	return err ? REPLY_FAIL : REPLY_OK;
}

static enum reply cmd_reload(const struct ctrl_req *rq, char *args,
			     struct out *o)
{
	return errno_reply(rq->ops->reload(rq->arg, false));
}

static enum reply cmd_reload_config(const struct ctrl_req *rq, char *args,
				    struct out *o)
{
	return errno_reply(rq->ops->reload(rq->arg, true));
}

static enum reply cmd_enable(const struct ctrl_req *rq, char *args,
			     struct out *o)
{
	return errno_reply(rq->ops->enable(rq->arg));
}

static enum reply cmd_disable(const struct ctrl_req *rq, char *args,
			      struct out *o)
{
	return errno_reply(rq->ops->disable(rq->arg));
}

static enum reply cmd_terminate(const struct ctrl_req *rq, char *args,
				struct out *o)
{
	rq->ops->terminate(rq->arg);
	return REPLY_OK;
}

/* Free text from the backend, bounded by what is left of the reply. */
static enum reply backend_text(struct out *o, int n)
{
	if (n < 0 || (size_t)n > o->cap - o->len)
		return REPLY_FAIL;
	o->len += (size_t)n;
	return REPLY_TEXT;
}

static enum reply cmd_mib(const struct ctrl_req *rq, char *args,
			  struct out *o)
{
	return backend_text(o, rq->ops->mib(rq->arg, o->buf + o->len,
					    o->cap - o->len));
}

static enum reply cmd_stats(const struct ctrl_req *rq, char *args,
			    struct out *o)
{
	return backend_text(o, rq->ops->stats(rq->arg, o->buf + o->len,
					      o->cap - o->len));
}

/* ---- ATTACH, DETACH, LEVEL, LOG_LEVEL ----------------------------------- */

static enum reply cmd_attach(const struct ctrl_req *rq, char *args,
			     struct out *o)
{
	return errno_reply(ctrl_clients_attach(rq->clients, rq->from,
					       rq->fromlen));
}

static enum reply cmd_detach(const struct ctrl_req *rq, char *args,
			     struct out *o)
{
	return errno_reply(ctrl_clients_detach(rq->clients, rq->from,
					       rq->fromlen));
}

static enum reply cmd_level(const struct ctrl_req *rq, char *args,
			    struct out *o)
{
	long level = parse_uint(args, CTRL_MSG_ERROR);

	if (level < 0)
		return REPLY_FAIL;
	return errno_reply(ctrl_clients_level(rq->clients, rq->from,
					      rq->fromlen, (int)level));
}

static const char *const level_names[] = {
	[CTRL_MSG_EXCESSIVE] = "EXCESSIVE", [CTRL_MSG_MSGDUMP] = "MSGDUMP",
	[CTRL_MSG_DEBUG] = "DEBUG",	    [CTRL_MSG_INFO] = "INFO",
	[CTRL_MSG_WARNING] = "WARNING",	    [CTRL_MSG_ERROR] = "ERROR",
};

static enum reply log_level_show(const struct ctrl_req *rq, struct out *o)
{
	int level = CTRL_MSG_INFO;
	bool stamp = false;

	rq->ops->log_level_get(rq->arg, &level, &stamp);
	out_printf(o, "Current level: %s\nTimestamp: %d\n",
		   level >= 0 && (size_t)level < RAPD_ARRAY_SIZE(level_names) ?
			   level_names[level] : "?",
		   stamp);
	return REPLY_TEXT;
}

/* "LOG_LEVEL" shows; "LOG_LEVEL <name> [<timestamp 0|1>]" sets. */
static enum reply cmd_log_level(const struct ctrl_req *rq, char *args,
				struct out *o)
{
	char *name;
	long stamp = -1;
	int level = -1;

	while (*args == ' ')
		args++;
	if (!*args)
		return log_level_show(rq, o);
	name = next_token(&args);
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(level_names); i++)
		if (!strcasecmp(name, level_names[i]))
			level = (int)i;
	if (*args)
		stamp = parse_uint(args, 1);
	if (level < 0 || (*args && stamp < 0))
		return REPLY_FAIL;
	return errno_reply(rq->ops->log_level_set(rq->arg, level, (int)stamp));
}

/* ---- ACCEPT_ACL, DENY_ACL ---------------------------------------------- */

static enum reply acl_show(const struct ctrl_req *rq, enum ctrl_acl_list l,
			   struct out *o)
{
	uint8_t mac[6];

	for (unsigned i = 0; !rq->ops->acl_entry(rq->arg, l, i, mac); i++) {
		out_mac(o, mac);
		out_printf(o, " VLAN_ID=0\n");
		if (o->full)
			break;
	}
	return REPLY_TEXT;
}

/* "ADD_MAC <mac>", "DEL_MAC <mac>", "SHOW", "CLEAR". */
static enum reply acl_cmd(const struct ctrl_req *rq, enum ctrl_acl_list l,
			  char *args, struct out *o)
{
	char *sub = next_token(&args);
	enum ctrl_acl_op op;
	uint8_t mac[6];

	if (!strcmp(sub, "SHOW") && !*args)
		return acl_show(rq, l, o);
	if (!strcmp(sub, "CLEAR") && !*args)
		return errno_reply(rq->ops->acl(rq->arg, l, CTRL_ACL_CLEAR,
						NULL));
	if (!strcmp(sub, "ADD_MAC"))
		op = CTRL_ACL_ADD;
	else if (!strcmp(sub, "DEL_MAC"))
		op = CTRL_ACL_DEL;
	else
		return REPLY_FAIL;
	if (mac_parse(args, mac))
		return REPLY_FAIL;
	return errno_reply(rq->ops->acl(rq->arg, l, op, mac));
}

static enum reply cmd_accept_acl(const struct ctrl_req *rq, char *args,
				 struct out *o)
{
	return acl_cmd(rq, CTRL_ACL_ACCEPT, args, o);
}

static enum reply cmd_deny_acl(const struct ctrl_req *rq, char *args,
			       struct out *o)
{
	return acl_cmd(rq, CTRL_ACL_DENY, args, o);
}

/* ---- the table --------------------------------------------------------- */

/* A name ending in a space takes arguments; any other matches exactly. */
static const struct {
	const char *name;
	cmd_fn fn;
} commands[] = {
	{ "PING", cmd_ping },
	{ "STATUS", cmd_status },
	{ "MIB", cmd_mib },
	{ "STATS", cmd_stats },
	{ "STA-FIRST", cmd_sta_first },
	{ "STA ", cmd_sta },
	{ "STA-NEXT ", cmd_sta_next },
	{ "ATTACH", cmd_attach },
	{ "DETACH", cmd_detach },
	{ "LEVEL ", cmd_level },
	{ "DEAUTHENTICATE ", cmd_deauth },
	{ "DISASSOCIATE ", cmd_disassoc },
	{ "GET_CONFIG", cmd_get_config },
	{ "RELOAD", cmd_reload },
	{ "RELOAD_CONFIG", cmd_reload_config },
	{ "ENABLE", cmd_enable },
	{ "DISABLE", cmd_disable },
	{ "TERMINATE", cmd_terminate },
	{ "LOG_LEVEL", cmd_log_level },
	{ "LOG_LEVEL ", cmd_log_level },
	{ "ACCEPT_ACL ", cmd_accept_acl },
	{ "DENY_ACL ", cmd_deny_acl },
};

/* The handler for cmd, and where its arguments start; NULL if unknown. */
static cmd_fn lookup(char *cmd, char **args)
{
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(commands); i++) {
		const char *name = commands[i].name;
		size_t n = strlen(name);

		if (name[n - 1] == ' ' ? !strncmp(cmd, name, n)
				       : !strcmp(cmd, name)) {
			*args = cmd + n; /* "" after an exact name */
			return commands[i].fn;
		}
	}
	return NULL;
}

static size_t put_fixed(char *reply, const char *text)
{
	size_t n = strlen(text);

	memcpy(reply, text, n);
	return n;
}

size_t ctrl_cmd_process(const struct ctrl_req *rq, const char *req,
			size_t len, char *reply, size_t cap)
{
	char cmd[CTRL_REQUEST_MAX + 1];
	struct out o = { .buf = reply, .cap = cap };
	char *args;
	cmd_fn fn;

	if (len > CTRL_REQUEST_MAX)
		return put_fixed(reply, "FAIL\n");
	memcpy(cmd, req, len);
	cmd[len] = '\0'; /* an embedded NUL ends the command, as in hostapd */
	fn = lookup(cmd, &args);
	if (!fn)
		return put_fixed(reply, "UNKNOWN COMMAND\n");
	switch (fn(rq, args, &o)) {
	case REPLY_OK:
		return put_fixed(reply, "OK\n");
	case REPLY_FAIL:
		return put_fixed(reply, "FAIL\n");
	case REPLY_TEXT:
		return o.len;
	}
	return put_fixed(reply, "FAIL\n");
}
