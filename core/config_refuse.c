/*
 * config_refuse.c - hostapd keys that rapd knows but does not implement.
 *
 * Pure; main thread at start-up. A config written for hostapd must never
 * silently lose a feature under rapd: these keys are errors that name the
 * feature ("ieee80211ac: 802.11ac (VHT) is not supported by rapd"),
 * instead of the warning an unknown key gets. A key set to its "off" value
 * (ieee80211w=0, wps_state=0) changes nothing and is accepted quietly.
 * Keys hostapd knows that only tune what rapd does not do either (logging
 * to syslog, WMM parameters, ...) are left to the unknown-key warning.
 */
#include <string.h>

#include "config_pvt.h"

struct refused {
	const char *name;    /* the key, or a prefix ending in '_' */
	const char *off;     /* the value accepted as "off", or NULL */
	const char *feature;
};

/* Exact names first: they win over a prefix (wps_state before wps_). */
static const struct refused refused[] = {
	{ "ieee80211ac", "0", "802.11ac (VHT)" },
	{ "ieee80211ax", "0", "802.11ax (HE)" },
	{ "ieee80211be", "0", "802.11be (EHT)" },
	{ "ieee80211h", "0", "802.11h (DFS and TPC)" },
	{ "ieee80211w", "0", "management frame protection (802.11w)" },
	{ "group_mgmt_cipher", NULL, "management frame protection (802.11w)" },
	{ "ocv", "0", "operating channel validation" },
	{ "ieee8021x", "0", "IEEE 802.1X" },
	{ "eap_server", "0", "the integrated EAP server" },
	{ "wps_state", "0", "WPS" },
	{ "wpa_psk_file", NULL, "a per-station PSK file" },
	{ "wpa_psk_radius", "0", "fetching PSKs from RADIUS" },
	{ "group_cipher", "CCMP", "a group cipher other than CCMP" },
	{ "bridge", NULL, "bridging the AP interface (bridge=)" },
	{ "bss", NULL, "more than one BSS (bss=)" },
	{ "dynamic_vlan", "0", "VLAN tagging" },
	{ "mobility_domain", NULL, "fast BSS transition (802.11r)" },
	{ "r0kh", NULL, "fast BSS transition (802.11r)" },
	{ "r1kh", NULL, "fast BSS transition (802.11r)" },
	{ "r1_key_holder", NULL, "fast BSS transition (802.11r)" },
	{ "rsn_preauth", "0", "RSN pre-authentication" },
	{ "ap_isolate", "0", "client isolation (ap_isolate)" },
	{ "wds_sta", "0", "4-address (WDS) station mode" },
	{ "hs20", "0", "Hotspot 2.0" },
	{ "interworking", "0", "interworking (802.11u)" },
	{ "osen", "0", "OSEN" },
	{ "multi_ap", "0", "Multi-AP" },
	{ "vht_", NULL, "802.11ac (VHT)" },
	{ "he_", NULL, "802.11ax (HE)" },
	{ "eht_", NULL, "802.11be (EHT)" },
	{ "wep_", NULL, "WEP" },
	{ "sae_", NULL, "SAE (WPA3-Personal)" },
	{ "owe_", NULL, "OWE (Enhanced Open)" },
	{ "ft_", NULL, "fast BSS transition (802.11r)" },
	{ "fils_", NULL, "FILS" },
	{ "dpp_", NULL, "DPP" },
	{ "wps_", NULL, "WPS" },
	{ "eap_", NULL, "802.1X/EAP" },
	{ "vlan_", NULL, "VLAN tagging" },
	{ "auth_server_", NULL, "RADIUS" },
	{ "acct_server_", NULL, "RADIUS accounting" },
	{ "radius_", NULL, "RADIUS" },
	{ "acs_", NULL, "automatic channel selection" },
};

static bool matches(const struct refused *r, const char *name)
{
	size_t n = strlen(r->name);

	if (r->name[n - 1] == '_')
		return !strncmp(name, r->name, n) && name[n];
	return !strcmp(name, r->name);
}

bool conf_refuse_known(struct conf_ctx *x, const char *name,
		       const char *value)
{
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		const struct refused *r = &refused[i];

		if (!matches(r, name))
			continue;
		if (r->off && !strcmp(value, r->off))
			return true;
		if (r->off)
			conf_err(x, "%s is not supported by rapd (only %s=%s "
				 "is accepted)", r->feature, x->key, r->off);
		else
			conf_err(x, "%s is not supported by rapd", r->feature);
		return true;
	}
	return false;
}
