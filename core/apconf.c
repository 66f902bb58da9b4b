/*
 * apconf.c - struct conf (hostapd.conf, core) → struct bss (mlme).
 *
 * Main thread, at start-up. Every value has already been validated by the
 * config module; this file only translates names and units, and lets
 * bss_finish() derive the elements (capability, RSN element, HT/WMM
 * defaults), then bss_check() confirms the result.
 */
#include <rapd/apconf.h>

#include <stdio.h>
#include <string.h>

static void apconf_radio(const struct conf *c, struct bss *b)
{
	switch (c->hw_mode) {
	case CONF_HW_MODE_B:
		b->hw_mode = BSS_HW_MODE_B;
		break;
	case CONF_HW_MODE_G:
		b->hw_mode = BSS_HW_MODE_G;
		break;
	case CONF_HW_MODE_A:
		b->hw_mode = BSS_HW_MODE_A;
		break;
	}
	b->channel = (uint8_t)c->channel;
	bss_default_rates(b->hw_mode, &b->rates);
	b->ht = c->ieee80211n;
	if (b->ht) {
		b->ht_capab.info = c->ht_capab;
		b->ht_sec_chan = c->ht40 == CONF_HT40_PLUS    ? 1
				 : c->ht40 == CONF_HT40_MINUS ? -1
							      : 0;
	}
	b->wmm = c->wmm_enabled;
	if (c->ieee80211d) {
		b->country_ie = true;
		b->cc[0] = c->country_code[0];
		b->cc[1] = c->country_code[1];
		b->cc[2] = ' '; /* hostapd's default: any environment */
	}
}

static int apconf_security(const struct conf *c, struct bss *b)
{
	uint32_t akms = 0;

	b->auth_algs = 0;
	if (c->auth_algs & CONF_AUTH_OPEN)
		b->auth_algs |= BSS_AUTH_OPEN;
	if (c->auth_algs & CONF_AUTH_SHARED)
		b->auth_algs |= BSS_AUTH_SHARED;
	if (!(c->wpa & CONF_WPA_RSN))
		return 0;
	if (c->wpa_key_mgmt & CONF_AKM_PSK)
		akms |= RSN_AKM_PSK;
	if (c->wpa_key_mgmt & CONF_AKM_PSK_SHA256)
		akms |= RSN_AKM_PSK_SHA256;
	if (!c->pmk_ready)
		return -1;
	return bss_set_rsn(b, akms, c->pmk);
}

int apconf_bss(const struct conf *c, const uint8_t bssid[6], struct bss *b,
	       char *err, size_t errlen)
{
	enum bss_verdict v;

	bss_init(b);
	memcpy(b->bssid, c->bssid_set ? c->bssid : bssid, 6);
	memcpy(b->ssid, c->ssid, c->ssid_len);
	b->ssid_len = (uint8_t)c->ssid_len;
	b->ignore_broadcast_ssid = (enum bss_hidden)c->ignore_broadcast_ssid;
	b->beacon_int = (uint16_t)c->beacon_int;
	b->dtim_period = (uint8_t)c->dtim_period;
	apconf_radio(c, b);
	b->max_sta = c->max_num_sta;
	b->max_inactivity = c->ap_max_inactivity;
	b->pairwise_update_count = c->wpa_pairwise_update_count;
	b->group_rekey = c->wpa_group_rekey;
	if (apconf_security(c, b) != 0) {
		snprintf(err, errlen, "the network's PMK could not be prepared");
		return -1;
	}
	if (bss_finish(b) != 0) {
		snprintf(err, errlen, "the RSN element could not be built");
		return -1;
	}
	v = bss_check(b);
	if (v != BSS_OK) {
		snprintf(err, errlen, "configuration refused by the AP: %s",
			 bss_verdict_name(v));
		return -1;
	}
	return 0;
}
