/*
 * run_ctrl.c - the control interface's backend in rapd's modes: what
 * hostapd_cli's commands read and do, in terms of the pipeline.
 *
 * Main thread only (ctrl_handle calls these from the main loop). Station
 * queries read the workers' published views (pipeline_sta_*), commands go
 * to the owning worker by its command ring: nothing here waits on a
 * worker, so replies come at once even during a storm.
 *
 * ACCEPT_ACL / DENY_ACL edit a copy of the lists and publish it (acl.h);
 * like hostapd, a station the new lists refuse is deauthenticated. DISABLE
 * deauthenticates everyone and silences the AP; ENABLE undoes it.
 * RELOAD re-applies the configuration in force, RELOAD_CONFIG (and
 * SIGHUP) reads the file again: everyone is deauthenticated and the
 * workers switch to the new BSS and ACL (a change of BSSID or a larger
 * max_num_sta needs a restart: FAIL).
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <rapd/acl.h>
#include <rapd/apconf.h>
#include <rapd/ctrl.h>

#include "run_pvt.h"

static void sta_to_ctrl(const struct pipe_sta_info *in,
			struct ctrl_sta_info *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->addr, in->addr, 6);
	out->aid = in->aid;
	out->flags = (in->flags & PIPE_STA_AUTH ? CTRL_STA_AUTH : 0) |
		     (in->flags & PIPE_STA_ASSOC ? CTRL_STA_ASSOC : 0) |
		     (in->flags & PIPE_STA_AUTHORIZED ? CTRL_STA_AUTHORIZED : 0) |
		     (in->flags & PIPE_STA_WMM ? CTRL_STA_WMM : 0) |
		     (in->flags & PIPE_STA_HT ? CTRL_STA_HT : 0);
	out->capability = in->capab;
	out->listen_interval = in->listen_int;
	out->n_rates = (uint8_t)(in->n_rates < CTRL_RATES_MAX ? in->n_rates
							      : CTRL_RATES_MAX);
	memcpy(out->rates, in->rates, out->n_rates);
	out->timeout_next = CTRL_TIMEOUT_DEAUTH;
	if (in->akm) {
		out->wpa = 2;
		out->pairwise_suite = CTRL_SUITE_CCMP;
		out->akm_suite = in->akm == RSN_AKM_PSK_SHA256
					 ? CTRL_SUITE_PSK_SHA256
					 : CTRL_SUITE_PSK;
		out->ptk_state = in->flags & PIPE_STA_AUTHORIZED ? 11 : 0;
	}
	if (in->assoc_ns && in->now_ns > in->assoc_ns)
		out->connected_time = (in->now_ns - in->assoc_ns) / 1000000000u;
	out->inactive_msec = in->now_ns > in->last_rx_ns
				     ? (in->now_ns - in->last_rx_ns) / 1000000u
				     : 0;
}

static int be_sta_first(void *arg, struct ctrl_sta_info *out)
{
	struct run_ctx *r = arg;
	struct pipe_sta_info in;

	if (pipeline_sta_next(r->pipe, NULL, &in) != 0)
		return -ENOENT;
	sta_to_ctrl(&in, out);
	if (r->sta_counters)
		r->sta_counters(r, out);
	return 0;
}

static int be_sta_next(void *arg, const uint8_t *after,
		       struct ctrl_sta_info *out)
{
	struct run_ctx *r = arg;
	struct pipe_sta_info in;

	if (pipeline_sta_info(r->pipe, after, &in) != 0)
		return -ENOENT;
	if (pipeline_sta_next(r->pipe, after, &in) != 0)
		return -ENODATA;
	sta_to_ctrl(&in, out);
	if (r->sta_counters)
		r->sta_counters(r, out);
	return 0;
}

static int be_sta_get(void *arg, const uint8_t *addr,
		      struct ctrl_sta_info *out)
{
	struct run_ctx *r = arg;
	struct pipe_sta_info in;

	if (pipeline_sta_info(r->pipe, addr, &in) != 0)
		return -ENOENT;
	sta_to_ctrl(&in, out);
	if (r->sta_counters)
		r->sta_counters(r, out);
	return 0;
}

static int be_deauth(void *arg, const uint8_t *addr, uint16_t reason, bool tx)
{
	struct run_ctx *r = arg;

	return pipeline_command(r->pipe, PIPE_CMD_DEAUTH, addr, reason, tx);
}

static int be_disassoc(void *arg, const uint8_t *addr, uint16_t reason,
		       bool tx)
{
	struct run_ctx *r = arg;

	return pipeline_command(r->pipe, PIPE_CMD_DISASSOC, addr, reason, tx);
}

static int be_status(void *arg, struct ctrl_status *st)
{
	struct run_ctx *r = arg;
	const struct bss *b = r->bss;
	struct pipe_stats ps;

	memset(st, 0, sizeof(*st));
	st->state = r->disabled ? CTRL_STATE_DISABLED : CTRL_STATE_ENABLED;
	snprintf(st->phy, sizeof(st->phy), "%s", r->phy);
	st->freq = bss_channel_freq(b->band, b->channel);
	st->hw_mode = b->hw_mode == BSS_HW_MODE_A   ? CTRL_HW_MODE_A
		      : b->hw_mode == BSS_HW_MODE_G ? CTRL_HW_MODE_G
						    : CTRL_HW_MODE_B;
	if (b->country_ie)
		memcpy(st->country, b->cc, 3);
	st->channel = b->channel;
	st->secondary_channel = b->ht ? b->ht_sec_chan : 0;
	st->ieee80211n = b->ht;
	st->beacon_int = b->beacon_int;
	st->dtim_period = b->dtim_period;
	st->ht_caps_info = b->ht_capab.info;
	st->n_rates = (uint8_t)(b->rates.n < CTRL_RATES_MAX ? b->rates.n
							    : CTRL_RATES_MAX);
	for (unsigned i = 0; i < st->n_rates; i++)
		st->rates[i] = b->rates.rate[i] & 0x7f;
	snprintf(st->ifname, sizeof(st->ifname), "%s", r->ifname);
	memcpy(st->bssid, b->bssid, 6);
	st->ssid_len = b->ssid_len;
	memcpy(st->ssid, b->ssid, b->ssid_len);
	pipeline_stats(r->pipe, &ps);
	st->num_sta = ps.stations;
	return 0;
}

static int be_get_config(void *arg, struct ctrl_config *cf)
{
	struct run_ctx *r = arg;
	const struct bss *b = r->bss;

	memset(cf, 0, sizeof(*cf));
	memcpy(cf->bssid, b->bssid, 6);
	cf->ssid_len = b->ssid_len;
	memcpy(cf->ssid, b->ssid, b->ssid_len);
	if (!b->rsn)
		return 0;
	cf->wpa = CTRL_WPA_RSN;
	cf->key_mgmt = (b->rsn_cfg.akms & RSN_AKM_PSK ? CTRL_KEY_MGMT_PSK : 0) |
		       (b->rsn_cfg.akms & RSN_AKM_PSK_SHA256
				? CTRL_KEY_MGMT_PSK_SHA256 : 0);
	cf->group_cipher = CTRL_CIPHER_CCMP;
	cf->rsn_pairwise = CTRL_CIPHER_CCMP;
	return 0;
}

static int be_reload(void *arg, bool reread_file)
{
	return run_reload(arg, reread_file);
}

static void be_terminate(void *arg)
{
	struct run_ctx *r = arg;

	r->terminate = true;
}

static void be_log_level_get(void *arg, int *level, bool *timestamp)
{
	struct run_ctx *r = arg;

	*level = r->log_level;
	*timestamp = r->log_timestamp;
}

static int be_log_level_set(void *arg, int level, int timestamp)
{
	struct run_ctx *r = arg;

	r->log_level = level;
	if (timestamp >= 0)
		r->log_timestamp = timestamp;
	return 0;
}

/* Deauthenticates the stations the lists in force now refuse. */
static void acl_kick(struct run_ctx *r)
{
	const struct acl *a = pipeline_acl(r->pipe);
	struct pipe_sta_info in;
	const uint8_t *after = NULL;
	uint8_t prev[6];

	while (pipeline_sta_next(r->pipe, after, &in) == 0) {
		memcpy(prev, in.addr, 6);
		after = prev;
		if (!acl_allows(a, in.addr))
			pipeline_command(r->pipe, PIPE_CMD_DEAUTH, in.addr,
					 WLAN_REASON_UNSPECIFIED, true);
	}
}

static int be_acl(void *arg, enum ctrl_acl_list list, enum ctrl_acl_op op,
		  const uint8_t *mac)
{
	struct run_ctx *r = arg;
	enum acl_list l = list == CTRL_ACL_ACCEPT ? ACL_ACCEPT : ACL_DENY;
	enum acl_op o = op == CTRL_ACL_ADD   ? ACL_ADD
			: op == CTRL_ACL_DEL ? ACL_DEL
					     : ACL_CLEAR;
	struct acl *a = acl_edit(pipeline_acl(r->pipe), l, o, mac);

	if (!a)
		return -ENOMEM;
	pipeline_acl_replace(r->pipe, a);
	acl_kick(r);
	return 0;
}

static int be_acl_entry(void *arg, enum ctrl_acl_list list, unsigned idx,
			uint8_t *mac)
{
	struct run_ctx *r = arg;
	const struct acl *a = pipeline_acl(r->pipe);
	const struct conf_mac_list *l =
		&a->list[list == CTRL_ACL_ACCEPT ? ACL_ACCEPT : ACL_DENY];

	if (idx >= l->n)
		return -ENOENT;
	memcpy(mac, l->addr[idx], 6);
	return 0;
}

static int be_enable(void *arg)
{
	struct run_ctx *r = arg;
	int e;

	if (!r->disabled)
		return -EALREADY;
	if (r->on_enable && (e = r->on_enable(r, true)) != 0)
		return e;
	e = pipeline_set_enabled(r->pipe, true);
	if (e)
		return e;
	r->disabled = false;
	ctrl_event(r->ctrl, CTRL_MSG_INFO, "AP-ENABLED");
	return 0;
}

static int be_disable(void *arg)
{
	static const uint8_t all[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct run_ctx *r = arg;
	int e;

	/* Everyone leaves first (the workers send while still enabled:
	 * only RX and beacons stop), as hostapd's DISABLE does. */
	pipeline_command(r->pipe, PIPE_CMD_DEAUTH, all,
			 WLAN_REASON_DEAUTH_LEAVING, true);
	e = pipeline_set_enabled(r->pipe, false);
	if (e)
		return e;
	if (r->on_enable && r->on_enable(r, false) != 0)
		ctrl_event(r->ctrl, CTRL_MSG_WARNING, "AP-DISABLED: the kernel's "
			   "AP could not be stopped");
	r->disabled = true;
	ctrl_event(r->ctrl, CTRL_MSG_INFO, "AP-DISABLED");
	return 0;
}

static int be_mib(void *arg, char *buf, size_t len)
{
	struct run_ctx *r = arg;
	int n = snprintf(buf, len, "dot11RSNAEnabled=%s\n",
			 r->bss->rsn ? "TRUE" : "FALSE");

	return n < 0 ? -EIO : (int)((size_t)n < len ? (size_t)n : len);
}

static int be_stats(void *arg, char *buf, size_t len)
{
	struct run_ctx *r = arg;
	struct pipe_stats st;
	unsigned states[3];

	pipeline_stats(r->pipe, &st);
	pipeline_sta_states(r->pipe, states);
	return run_format_stats(&st, states, buf, len);
}

const struct ctrl_backend_ops run_ctrl_ops = {
	.status = be_status,
	.get_config = be_get_config,
	.sta_first = be_sta_first,
	.sta_next = be_sta_next,
	.sta_get = be_sta_get,
	.deauth = be_deauth,
	.disassoc = be_disassoc,
	.reload = be_reload,
	.enable = be_enable,
	.disable = be_disable,
	.terminate = be_terminate,
	.log_level_get = be_log_level_get,
	.log_level_set = be_log_level_set,
	.acl = be_acl,
	.acl_entry = be_acl_entry,
	.mib = be_mib,
	.stats = be_stats,
};

int run_reload(struct run_ctx *r, bool reread)
{
	struct run_reloaded *n;
	struct acl *acl;
	char err[256];

	if (!reread) { /* the configuration in force, applied again */
		acl = acl_from_conf(r->conf);
		if (!acl || pipeline_reload(r->pipe, r->bss) != 0) {
			acl_free(acl);
			return -EAGAIN;
		}
		pipeline_acl_replace(r->pipe, acl);
		return 0;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	if (run_load_config(r->opts, &n->conf) != 0)
		goto failed;
	if (apconf_bss(&n->conf, r->bss->bssid, &n->bss, err, sizeof(err))) {
		fprintf(stderr, "rapd: reload: %s\n", err);
		goto failed;
	}
	if (r->on_reload && (strcmp(n->conf.interface, r->conf->interface) ||
			     n->conf.driver != r->conf->driver ||
			     n->conf.channel != r->conf->channel ||
			     n->conf.hw_mode != r->conf->hw_mode ||
			     n->conf.ht40 != r->conf->ht40)) {
		fprintf(stderr, "rapd: reload refused: a new interface, "
			"driver, channel or band needs a restart\n");
		goto failed;
	}
	acl = acl_from_conf(&n->conf);
	if (!acl || pipeline_reload(r->pipe, &n->bss) != 0) {
		fprintf(stderr, "rapd: reload refused: a new BSSID or a larger "
			"max_num_sta needs a restart\n");
		acl_free(acl);
		goto failed;
	}
	pipeline_acl_replace(r->pipe, acl);
	n->next = r->reloaded;
	r->reloaded = n;
	r->bss = &n->bss;
	r->conf = &n->conf;
	printf("%s: configuration reloaded\n", r->ifname);
	if (r->on_reload)
		r->on_reload(r);
	return 0;
failed:
	bss_wipe(&n->bss);
	conf_free(&n->conf);
	free(n);
	return -EINVAL;
}

void run_reload_free(struct run_ctx *r)
{
	while (r->reloaded) {
		struct run_reloaded *n = r->reloaded;

		r->reloaded = n->next;
		bss_wipe(&n->bss);
		conf_free(&n->conf);
		free(n);
	}
}
