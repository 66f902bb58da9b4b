/*
 * ctrl_fmt.c - the control interface's reply formatters: the bounded
 * write cursor and the key=value layouts of STA, STATUS, GET_CONFIG and
 * the ACL SHOW listing, in hostapd's order so hostapd_cli parses them.
 *
 * Called by ctrl_cmd.c's handlers on the caller's thread (the main thread,
 * or the fuzz target); pure. Owns nothing; writes only into the reply
 * buffer behind a struct ctrl_out, never past its cap.
 *
 * Follows src/ap/ctrl_iface_ap.c (the STA, STATUS and ACL SHOW layouts)
 * and hostapd/ctrl_iface.c (GET_CONFIG).
 */
#include <stdarg.h>
#include <stdio.h>

#include <rapd/bytes.h>

#include "ctrl_pvt.h"

void ctrl_out_printf(struct ctrl_out *o, const char *fmt, ...)
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

static void out_mac(struct ctrl_out *o, const uint8_t *mac)
{
	char s[MAC_STR_LEN];

	ctrl_out_printf(o, "%s", mac_str(mac, s));
}

/* hostapd's printf_encode (wpa_ssid_txt): printable ASCII as it is, the
 * rest escaped, so an SSID never breaks the key=value lines. */
static void out_ssid(struct ctrl_out *o, const uint8_t *ssid, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t c = ssid[i];

		if (c == '"' || c == '\\')
			ctrl_out_printf(o, "\\%c", c);
		else if (c == 033)
			ctrl_out_printf(o, "\\e");
		else if (c == '\n')
			ctrl_out_printf(o, "\\n");
		else if (c == '\r')
			ctrl_out_printf(o, "\\r");
		else if (c == '\t')
			ctrl_out_printf(o, "\\t");
		else if (c >= 32 && c <= 126)
			ctrl_out_printf(o, "%c", c);
		else
			ctrl_out_printf(o, "\\x%02x", c);
	}
}

static void out_rates(struct ctrl_out *o, const uint8_t *rates, unsigned n)
{
	if (n > CTRL_RATES_MAX)
		n = CTRL_RATES_MAX;
	for (unsigned i = 0; i < n; i++)
		ctrl_out_printf(o, "%s%02x", i ? " " : "", rates[i]);
}

static void out_suite(struct ctrl_out *o, const char *key, uint32_t suite)
{
	ctrl_out_printf(o, "%s=%02x-%02x-%02x-%u\n", key, suite >> 24 & 0xff,
			suite >> 16 & 0xff, suite >> 8 & 0xff, suite & 0xff);
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

static void fmt_sta_rsn(struct ctrl_out *o, const struct ctrl_sta_info *s)
{
	ctrl_out_printf(o, "dot11RSNAStatsSTAAddress=");
	out_mac(o, s->addr);
	ctrl_out_printf(o, "\ndot11RSNAStatsVersion=1\n");
	out_suite(o, "dot11RSNAStatsSelectedPairwiseCipher", s->pairwise_suite);
	/* CCMP only: rapd has no TKIP, so no Michael MIC failure */
	ctrl_out_printf(o, "dot11RSNAStatsTKIPLocalMICFailures=0\n"
			   "dot11RSNAStatsTKIPRemoteMICFailures=0\n"
			   "wpa=%u\n", s->wpa);
	out_suite(o, "AKMSuiteSelector", s->akm_suite);
	ctrl_out_printf(o, "hostapdWPAPTKState=%u\nhostapdWPAPTKGroupState=%u\n"
			   "hostapdMFPR=%u\n", s->ptk_state, s->ptk_group_state,
			s->mfpr);
}

static void fmt_sta_counters(struct ctrl_out *o, const struct ctrl_sta_info *s)
{
	ctrl_out_printf(o, "rx_packets=%llu\ntx_packets=%llu\nrx_bytes=%llu\n"
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
void ctrl_fmt_sta(struct ctrl_out *o, const struct ctrl_sta_info *s)
{
	out_mac(o, s->addr);
	ctrl_out_printf(o, "\nflags=");
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(sta_flags); i++)
		if (s->flags & sta_flags[i].flag)
			ctrl_out_printf(o, "%s", sta_flags[i].txt);
	ctrl_out_printf(o, "\naid=%u\ncapability=0x%x\nlisten_interval=%u\n"
			   "supported_rates=", s->aid, s->capability,
			s->listen_interval);
	out_rates(o, s->rates, s->n_rates);
	ctrl_out_printf(o, "\ntimeout_next=%s\nauth_alg=%u\n",
			timeout_next_txt(s->timeout_next), s->auth_alg);
	if (s->pairwise_suite)
		fmt_sta_rsn(o, s);
	if (s->have_counters)
		fmt_sta_counters(o, s);
	ctrl_out_printf(o, "connected_time=%llu\n",
			(unsigned long long)s->connected_time);
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

static void fmt_status_radio(struct ctrl_out *o, const struct ctrl_status *st)
{
	const char *mode = hw_mode_txt(st->hw_mode);

	ctrl_out_printf(o, "state=%s\nphy=%s\nfreq=%u\nnum_sta_non_erp=%u\n"
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
		ctrl_out_printf(o, "hw_mode=%s\n", mode);
	if (st->country[0] && st->country[1])
		ctrl_out_printf(o, "country_code=%c%c\ncountry3=0x%X\n",
				st->country[0], st->country[1],
				(unsigned char)st->country[2]);
	/* no DFS: CAC never runs */
	ctrl_out_printf(o, "cac_time_seconds=0\ncac_time_left_seconds=N/A\n"
			   "channel=%u\nedmg_enable=0\nedmg_channel=0\n"
			   "secondary_channel=%d\nieee80211n=%d\n"
			   "ieee80211ac=0\nieee80211ax=0\nieee80211be=0\n"
			   "beacon_int=%u\ndtim_period=%u\n",
			st->channel, st->ieee80211n ? st->secondary_channel : 0,
			st->ieee80211n, st->beacon_int, st->dtim_period);
}

void ctrl_fmt_status(struct ctrl_out *o, const struct ctrl_status *st)
{
	fmt_status_radio(o, st);
	if (st->ieee80211n) {
		char hex[2 * sizeof(st->ht_mcs) + 1];

		hex_encode(st->ht_mcs, sizeof(st->ht_mcs), hex);
		ctrl_out_printf(o, "ht_caps_info=%04x\nht_mcs_bitmask=%s\n",
				st->ht_caps_info, hex);
	}
	if (st->n_rates) {
		ctrl_out_printf(o, "supported_rates=");
		out_rates(o, st->rates, st->n_rates);
		ctrl_out_printf(o, "\n");
	}
	if (st->have_max_txpower)
		ctrl_out_printf(o, "max_txpower=%u\n", st->max_txpower);
	ctrl_out_printf(o, "bss[0]=%.*s\nbssid[0]=", (int)sizeof(st->ifname),
			st->ifname);
	out_mac(o, st->bssid);
	ctrl_out_printf(o, "\nssid[0]=");
	out_ssid(o, st->ssid, st->ssid_len < 32 ? st->ssid_len : 32);
	ctrl_out_printf(o, "\nnum_sta[0]=%u\n", st->num_sta);
}

/* wpa_write_ciphers order, each followed by a space. */
static void out_ciphers(struct ctrl_out *o, const char *key, unsigned ciphers)
{
	ctrl_out_printf(o, "%s=%s%s\n", key,
			ciphers & CTRL_CIPHER_CCMP ? "CCMP " : "",
			ciphers & CTRL_CIPHER_TKIP ? "TKIP " : "");
}

void ctrl_fmt_config(struct ctrl_out *o, const struct ctrl_config *cf)
{
	ctrl_out_printf(o, "bssid=");
	out_mac(o, cf->bssid);
	ctrl_out_printf(o, "\nssid=");
	out_ssid(o, cf->ssid, cf->ssid_len < 32 ? cf->ssid_len : 32);
	ctrl_out_printf(o, "\nwps_state=disabled\n");
	if (!cf->wpa)
		return;
	ctrl_out_printf(o, "wpa=%u\n", cf->wpa);
	if (cf->key_mgmt)
		ctrl_out_printf(o, "key_mgmt=%s%s\n",
				cf->key_mgmt & CTRL_KEY_MGMT_PSK ?
					"WPA-PSK " : "",
				cf->key_mgmt & CTRL_KEY_MGMT_PSK_SHA256 ?
					"WPA-PSK-SHA256 " : "");
	ctrl_out_printf(o, "group_cipher=%s\n",
			cf->group_cipher & CTRL_CIPHER_CCMP ? "CCMP" : "TKIP");
	if ((cf->wpa & CTRL_WPA_RSN) && cf->rsn_pairwise)
		out_ciphers(o, "rsn_pairwise_cipher", cf->rsn_pairwise);
	if ((cf->wpa & CTRL_WPA_WPA) && cf->wpa_pairwise)
		out_ciphers(o, "wpa_pairwise_cipher", cf->wpa_pairwise);
}

/* ---- ACCEPT_ACL SHOW, DENY_ACL SHOW ------------------------------------ */

bool ctrl_fmt_acl_entry(struct ctrl_out *o, const uint8_t *mac)
{
	out_mac(o, mac);
	ctrl_out_printf(o, " VLAN_ID=0\n");
	return !o->full;
}
