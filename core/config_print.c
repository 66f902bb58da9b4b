/*
 * config_print.c - the effective configuration as key=value lines (what
 * `rapd --check-config` prints).
 *
 * Pure; any thread (struct conf is read-only after load). Defaults are
 * written out, derived values are shown resolved (wmm_enabled's "auto",
 * ieee80211n after HT was disabled, rsn_pairwise after its fallback), and
 * the output is itself a config that rapd reads back to the same values,
 * except the secrets, which are shown as <hidden>. An SSID that ssid=
 * could not carry (control characters, blanks at either end, " #") is
 * written as ssid2=P"...".
 */
#include "config_pvt.h"
#include "rapd/bytes.h"

static const char *hw_mode_name(enum conf_hw_mode m)
{
	switch (m) {
	case CONF_HW_MODE_B:
		return "b";
	case CONF_HW_MODE_G:
		return "g";
	case CONF_HW_MODE_A:
		return "a";
	}
	return "?";
}

static void print_ssid(const struct conf *c, FILE *out)
{
	if (conf_ssid_plain(c->ssid, c->ssid_len)) {
		fputs("ssid=", out);
		fwrite(c->ssid, 1, c->ssid_len, out);
	} else {
		fputs("ssid2=", out);
		conf_ssid_escape(c->ssid, c->ssid_len, out);
	}
	fputc('\n', out);
}

static void print_radio(const struct conf *c, FILE *out)
{
	char ht[256];

	fprintf(out, "hw_mode=%s\n", hw_mode_name(c->hw_mode));
	fprintf(out, "channel=%u\n", c->channel);
	if (c->country_code[0])
		fprintf(out, "country_code=%s\n", c->country_code);
	fprintf(out, "ieee80211d=%d\n", c->ieee80211d);
	fprintf(out, "ieee80211n=%d\n", c->ieee80211n);
	if (c->ieee80211n && conf_ht_capab_str(c, ht, sizeof(ht)))
		fprintf(out, "ht_capab=%s\n", ht);
	fprintf(out, "wmm_enabled=%d\n", c->wmm_enabled);
	fprintf(out, "beacon_int=%u\n", c->beacon_int);
	fprintf(out, "dtim_period=%u\n", c->dtim_period);
	fprintf(out, "max_num_sta=%u\n", c->max_num_sta);
	fprintf(out, "ignore_broadcast_ssid=%u\n", c->ignore_broadcast_ssid);
	fprintf(out, "ap_max_inactivity=%u\n", c->ap_max_inactivity);
}

static void print_security(const struct conf *c, FILE *out)
{
	fprintf(out, "auth_algs=%u\n", c->auth_algs);
	fprintf(out, "wpa=%u\n", c->wpa);
	if (!(c->wpa & CONF_WPA_RSN))
		return;
	fprintf(out, "wpa_key_mgmt=%s%s%s\n",
		c->wpa_key_mgmt & CONF_AKM_PSK ? "WPA-PSK" : "",
		c->wpa_key_mgmt == (CONF_AKM_PSK | CONF_AKM_PSK_SHA256) ? " "
									 : "",
		c->wpa_key_mgmt & CONF_AKM_PSK_SHA256 ? "WPA-PSK-SHA256" : "");
	fputs("rsn_pairwise=CCMP\n", out);
	if (c->wpa_psk_set)
		fputs("wpa_psk=<hidden>\n", out);
	else if (c->wpa_passphrase[0])
		fputs("wpa_passphrase=<hidden>\n", out);
	fprintf(out, "wpa_group_rekey=%u\n", c->wpa_group_rekey);
	fprintf(out, "wpa_ptk_rekey=%u\n", c->wpa_ptk_rekey);
	fprintf(out, "wpa_pairwise_update_count=%u\n",
		c->wpa_pairwise_update_count);
}

void conf_print(const struct conf *c, FILE *out)
{
	char mac[MAC_STR_LEN];

	fprintf(out, "interface=%s\n", c->interface);
	fprintf(out, "driver=%s\n",
		c->driver == CONF_DRIVER_MONITOR ? "monitor" : "nl80211");
	if (c->ctrl_interface[0])
		fprintf(out, "ctrl_interface=%s\n", c->ctrl_interface);
	if (c->ctrl_interface_group[0])
		fprintf(out, "ctrl_interface_group=%s\n",
			c->ctrl_interface_group);
	print_ssid(c, out);
	if (c->bssid_set)
		fprintf(out, "bssid=%s\n", mac_str(c->bssid, mac));
	print_radio(c, out);
	print_security(c, out);
	fprintf(out, "macaddr_acl=%d\n", (int)c->macaddr_acl);
	if (c->accept_mac_file[0])
		fprintf(out, "accept_mac_file=%s\n", c->accept_mac_file);
	if (c->deny_mac_file[0])
		fprintf(out, "deny_mac_file=%s\n", c->deny_mac_file);
	fprintf(out, "logger_stdout=%d\n", (int)c->logger_stdout);
	fprintf(out, "logger_stdout_level=%u\n", c->logger_stdout_level);
	fprintf(out, "rapd_workers=%u\n", c->rapd_workers);
	fprintf(out, "rapd_ring_size=%u\n", c->rapd_ring_size);
	fprintf(out, "rapd_pool_frames=%u\n", c->rapd_pool_frames);
	fprintf(out, "tap_interface=%s\n", c->tap_interface);
}
