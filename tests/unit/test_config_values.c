/*
 * test_config_values.c - rapd's configuration reader (core/config_*.c),
 * key by key: the tables of invalid values with the exact error each one
 * gets, invalid SSIDs, the hostapd features rapd refuses, unknown keys,
 * then the checks across keys (channel against hw_mode, HT40, country,
 * required keys, the interface override, security settings and the
 * control socket path). Loading, line syntax, ssid2, ACL files, the PMK
 * and conf_print are in test_config.c.
 *
 * Configs are parsed from strings with conf_parse_buf under the name
 * "t.conf" (conf_testutil.h), and every diagnostic is compared as the full
 * line a user sees ("t.conf:5: beacon_int: 10 is out of range 15..65535").
 */
#include "check.h"
#include "conf_testutil.h"
#include "rapd/config.h"

/* --- Values ---------------------------------------------------------- */

struct bad_case {
	const char *line;
	const char *msg; /* after "t.conf:5: " */
};

static const struct bad_case bad_values[] = {
	{ "beacon_int=10", "beacon_int: 10 is out of range 15..65535" },
	{ "beacon_int=65536", "beacon_int: 65536 is out of range 15..65535" },
	{ "beacon_int=100x",
	  "beacon_int: '100x' is not a number (expected 15..65535)" },
	{ "beacon_int=-100",
	  "beacon_int: '-100' is not a number (expected 15..65535)" },
	{ "beacon_int=0x64",
	  "beacon_int: '0x64' is not a number (expected 15..65535)" },
	{ "beacon_int=99999999999999999999999",
	  "beacon_int: 99999999999999999999999 is out of range 15..65535" },
	{ "beacon_int=", "beacon_int: empty value" },
	{ "dtim_period=0", "dtim_period: 0 is out of range 1..255" },
	{ "dtim_period=256", "dtim_period: 256 is out of range 1..255" },
	{ "max_num_sta=0", "max_num_sta: 0 is out of range 1..2007" },
	{ "max_num_sta=2008", "max_num_sta: 2008 is out of range 1..2007" },
	{ "ignore_broadcast_ssid=3",
	  "ignore_broadcast_ssid: 3 is out of range 0..2" },
	{ "ap_max_inactivity=0",
	  "ap_max_inactivity: 0 is out of range 1..2147483647" },
	{ "wpa_pairwise_update_count=0",
	  "wpa_pairwise_update_count: 0 is out of range 1..4294967295" },
	{ "logger_stdout_level=5",
	  "logger_stdout_level: 5 is out of range 0..4" },
	{ "logger_stdout=-2",
	  "logger_stdout: '-2' is not a number (expected 0..2147483647)" },
	{ "ieee80211d=2", "ieee80211d: '2' is not 0 or 1" },
	{ "ieee80211n=yes", "ieee80211n: 'yes' is not 0 or 1" },
	{ "wmm_enabled=01", "wmm_enabled: '01' is not 0 or 1" },
	{ "wpa_passphrase=short",
	  "wpa_passphrase: passphrase is 5 characters long; it must be 8..63" },
	{ "wpa_passphrase=1234567890123456789012345678901234567890123456789"
	  "012345678901234",
	  "wpa_passphrase: passphrase is 64 characters long; it must be "
	  "8..63" },
	{ "wpa_passphrase=ab\x01" "defghij",
	  "wpa_passphrase: character 3 is not printable ASCII (a passphrase "
	  "is 8..63 characters coded 32..126)" },
	{ "wpa_passphrase=caf\xc3\xa9-latte",
	  "wpa_passphrase: character 4 is not printable ASCII (a passphrase "
	  "is 8..63 characters coded 32..126)" },
	{ "wpa_psk=abcd", "wpa_psk: must be 64 hex digits (got 4 characters)" },
	{ "wpa_psk=0123456789gbcdef0123456789abcdef0123456789abcdef"
	  "0123456789abcdef",
	  "wpa_psk: must be 64 hex digits (character 11 is not one)" },
	{ "country_code=USA",
	  "country_code: 'USA' is not an ISO 3166-1 alpha-2 code (two "
	  "upper-case letters)" },
	{ "country_code=us",
	  "country_code: 'us' is not an ISO 3166-1 alpha-2 code (two "
	  "upper-case letters)" },
	{ "bssid=00:11:22:33:44",
	  "bssid: '00:11:22:33:44' is not a MAC address (xx:xx:xx:xx:xx:xx)" },
	{ "bssid=00:11:22:33:44:55:66",
	  "bssid: '00:11:22:33:44:55:66' is not a MAC address "
	  "(xx:xx:xx:xx:xx:xx)" },
	{ "bssid=03:00:00:00:00:01",
	  "bssid: 03:00:00:00:00:01 is a group address; a BSSID is unicast" },
	{ "bssid=00:00:00:00:00:00",
	  "bssid: 00:00:00:00:00:00 is not a valid BSSID" },
	{ "interface=this-name-is-16chr",
	  "interface: invalid interface name 'this-name-is-16chr' (1..15 "
	  "characters, no '/', ':' or blanks)" },
	{ "interface=a/b",
	  "interface: invalid interface name 'a/b' (1..15 characters, no "
	  "'/', ':' or blanks)" },
	{ "tap_interface=..",
	  "tap_interface: invalid interface name '..' (1..15 characters, no "
	  "'/', ':' or blanks)" },
	{ "ctrl_interface_group=wheel group",
	  "ctrl_interface_group: invalid group 'wheel group' (a group name "
	  "or number)" },
	{ "driver=wired",
	  "driver: driver 'wired' is not supported by rapd (nl80211 or "
	  "monitor)" },
	{ "driver=foo", "driver: unknown driver 'foo' (nl80211 or monitor)" },
	{ "hw_mode=ad",
	  "hw_mode: 802.11ad (60 GHz, hw_mode=ad) is not supported by rapd" },
	{ "hw_mode=any",
	  "hw_mode: hw_mode=any (automatic channel selection) is not "
	  "supported by rapd" },
	{ "hw_mode=n", "hw_mode: unknown hw_mode 'n' (a, b or g)" },
	{ "channel=0",
	  "channel: automatic channel selection (channel=0) is not "
	  "supported by rapd: set a channel number" },
	{ "channel=acs_survey",
	  "channel: automatic channel selection (channel=acs_survey) is not "
	  "supported by rapd: set a channel number" },
	{ "channel=256", "channel: 256 is out of range 1..255" },
	{ "ht_capab=HT40+", "ht_capab: expected [FLAG] at 'HT40+'" },
	{ "ht_capab=[HT40+][HT40-]",
	  "ht_capab: conflicting or repeated flag '[HT40-]'" },
	{ "ht_capab=[SHORT-GI-20][VHT]", "ht_capab: unknown flag '[VHT]'" },
	{ "ht_capab=[GF", "ht_capab: expected [FLAG] at '[GF'" },
	{ "macaddr_acl=2",
	  "macaddr_acl: RADIUS MAC authentication (macaddr_acl=2) is not "
	  "supported by rapd" },
	{ "macaddr_acl=3", "macaddr_acl: 3 is out of range 0..1" },
	{ "accept_mac_file=/tmp/\x1b",
	  "accept_mac_file: control character in path" },
	{ "rapd_workers=65", "rapd_workers: 65 is out of range 0..64" },
	{ "rapd_ring_size=1000", "rapd_ring_size: 1000 is not a power of two" },
	{ "rapd_ring_size=8", "rapd_ring_size: 8 is out of range 16..1048576" },
	{ "rapd_pool_frames=1",
	  "rapd_pool_frames: 1 is out of range 64..4194304" },
};

/* Four lines of base, then line, which must be the only error. */
static void expect_one_error(const char *base, const char *line,
			     const char *msg)
{
	char text[512], want[512];
	int failures = check_failures;

	snprintf(text, sizeof(text), "%s%s\n", base, line);
	snprintf(want, sizeof(want), "t.conf:5: %s", msg);
	CHECK_EQ_INT(ct_parse(text), -1);
	CHECK_MSG(want);
	CHECK_EQ_INT(ct_diag.errors, 1);
	if (check_failures != failures)
		fprintf(stderr, "  (case: %s)\n", line);
}

static void test_bad_values(void)
{
	for (size_t i = 0; i < sizeof(bad_values) / sizeof(*bad_values); i++)
		expect_one_error(BASE, bad_values[i].line, bad_values[i].msg);
}

static const struct bad_case bad_ssids[] = {
	{ "ssid=123456789012345678901234567890123",
	  "ssid: SSID is 33 bytes long; at most 32" },
	{ "ssid=", "ssid: empty value" },
	{ "ssid2=\"abc", "ssid2: missing closing '\"'" },
	{ "ssid2=\"", "ssid2: missing closing '\"'" },
	{ "ssid2=P\"", "ssid2: missing closing '\"'" },
	{ "ssid2=\"\"", "ssid2: empty SSID" },
	{ "ssid2=P\"\"", "ssid2: empty SSID" },
	{ "ssid2=abc", "ssid2: odd number of hex digits (or a missing '\"')" },
	{ "ssid2=zz", "ssid2: not hex digits, \"text\" or P\"text\"" },
	{ "ssid2=P\"a\\qb\"",
	  "ssid2: unknown escape (\\\\ \\\" \\n \\r \\t \\e \\xHH \\ooo)" },
	{ "ssid2=P\"a\\\"", "ssid2: ends in a lone backslash" },
	{ "ssid2=P\"\\400\"", "ssid2: octal escape above \\377" },
	{ "ssid2=P\"\\xg\"", "ssid2: \\x without a hex digit" },
	{ "ssid2=000102030405060708090a0b0c0d0e0f"
	  "101112131415161718191a1b1c1d1e1f20",
	  "ssid2: SSID longer than 32 bytes" },
	{ "ssid2=\"123456789012345678901234567890123\"",
	  "ssid2: SSID longer than 32 bytes" },
	{ "ssid2=P\"12345678901234567890123456789012\\n\"",
	  "ssid2: SSID longer than 32 bytes" },
};

static void test_bad_ssids(void)
{
	for (size_t i = 0; i < sizeof(bad_ssids) / sizeof(*bad_ssids); i++)
		expect_one_error(NO_SSID, bad_ssids[i].line, bad_ssids[i].msg);
}

static const struct bad_case refusals[] = {
	{ "wpa=1", "wpa: WPA (version 1) is not supported by rapd: use wpa=2" },
	{ "wpa=3", "wpa: WPA (version 1) is not supported by rapd: use wpa=2" },
	{ "wpa=4", "wpa: 4 is out of range 0..3" },
	{ "auth_algs=2",
	  "auth_algs: shared key (WEP) authentication is not supported by "
	  "rapd" },
	{ "auth_algs=0", "auth_algs: 0 is out of range 1..3" },
	{ "wpa_key_mgmt=WPA-EAP",
	  "wpa_key_mgmt: WPA-EAP is not supported by rapd (802.1X/EAP)" },
	{ "wpa_key_mgmt=WPA-PSK SAE",
	  "wpa_key_mgmt: SAE is not supported by rapd (WPA3-Personal)" },
	{ "wpa_key_mgmt=FT-PSK",
	  "wpa_key_mgmt: FT-PSK is not supported by rapd (fast BSS "
	  "transition, 802.11r)" },
	{ "wpa_key_mgmt=OWE",
	  "wpa_key_mgmt: OWE is not supported by rapd (Enhanced Open)" },
	{ "wpa_key_mgmt=WPA-PSK WPA-PKS",
	  "wpa_key_mgmt: unknown key management 'WPA-PKS' (rapd supports "
	  "WPA-PSK and WPA-PSK-SHA256)" },
	{ "rsn_pairwise=GCMP",
	  "rsn_pairwise: GCMP is not supported by rapd (CCMP-128 only)" },
	{ "rsn_pairwise=CCMP-256",
	  "rsn_pairwise: CCMP-256 is not supported by rapd (CCMP-128 only)" },
	{ "wpa_pairwise=GCMP-256",
	  "wpa_pairwise: GCMP-256 is not supported by rapd (CCMP-128 only)" },
	{ "rsn_pairwise=AES",
	  "rsn_pairwise: unknown cipher 'AES' (rapd supports CCMP)" },
	{ "ieee80211ac=1",
	  "ieee80211ac: 802.11ac (VHT) is not supported by rapd (only "
	  "ieee80211ac=0 is accepted)" },
	{ "ieee80211ax=1",
	  "ieee80211ax: 802.11ax (HE) is not supported by rapd (only "
	  "ieee80211ax=0 is accepted)" },
	{ "ieee80211w=2",
	  "ieee80211w: management frame protection (802.11w) is not "
	  "supported by rapd (only ieee80211w=0 is accepted)" },
	{ "ieee80211w=1",
	  "ieee80211w: management frame protection (802.11w) is not "
	  "supported by rapd (only ieee80211w=0 is accepted)" },
	{ "wpa_psk_file=/etc/hostapd.wpa_psk",
	  "wpa_psk_file: a per-station PSK file is not supported by rapd" },
	{ "ieee8021x=1",
	  "ieee8021x: IEEE 802.1X is not supported by rapd (only "
	  "ieee8021x=0 is accepted)" },
	{ "eap_server=1",
	  "eap_server: the integrated EAP server is not supported by rapd "
	  "(only eap_server=0 is accepted)" },
	{ "wps_state=2",
	  "wps_state: WPS is not supported by rapd (only wps_state=0 is "
	  "accepted)" },
	{ "bridge=br0",
	  "bridge: bridging the AP interface (bridge=) is not supported by "
	  "rapd" },
	{ "bss=wlan0_1",
	  "bss: more than one BSS (bss=) is not supported by rapd" },
	{ "vlan_file=/etc/hostapd.vlan",
	  "vlan_file: VLAN tagging is not supported by rapd" },
	{ "wep_key0=1234567890", "wep_key0: WEP is not supported by rapd" },
	{ "wep_default_key=0",
	  "wep_default_key: WEP is not supported by rapd" },
	{ "vht_oper_chwidth=1",
	  "vht_oper_chwidth: 802.11ac (VHT) is not supported by rapd" },
	{ "sae_password=secret",
	  "sae_password: SAE (WPA3-Personal) is not supported by rapd" },
	{ "auth_server_addr=127.0.0.1",
	  "auth_server_addr: RADIUS is not supported by rapd" },
	{ "group_cipher=TKIP",
	  "group_cipher: a group cipher other than CCMP is not supported by "
	  "rapd (only group_cipher=CCMP is accepted)" },
};

static void test_refusals(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(*refusals); i++)
		expect_one_error(BASE, refusals[i].line, refusals[i].msg);
	/* The "off" value of a refused key changes nothing: accepted. */
	CHECK_EQ_INT(ct_parse(BASE "ieee80211w=0\nieee80211ac=0\nwps_state=0\n"
			      "ieee8021x=0\n"), 0);
	CHECK_EQ_INT(ct_diag.warnings, 0);
	CHECK_EQ_INT(ct_parse(BASE "auth_algs=3\n"), 0);
	CHECK_MSG("t.conf:5: warning: auth_algs: shared key (WEP) "
		  "authentication is not supported by rapd: such requests "
		  "will be refused");
	CHECK_EQ_INT(ct_conf.auth_algs, 3);
}

static void test_unknown_key(void)
{
	CHECK_EQ_INT(ct_parse(BASE "no_such_key=1 # comment\n"
			      "logger_syslog=-1\n"), 0);
	CHECK_EQ_INT(ct_diag.errors, 0);
	CHECK_EQ_INT(ct_diag.warnings, 2);
	CHECK_MSG("t.conf:5: warning: unknown key 'no_such_key' ignored");
	CHECK_MSG("t.conf:6: warning: unknown key 'logger_syslog' ignored");
	CHECK_EQ_INT(ct_parse(BASE "bad\x01key=1\n"), 0);
	CHECK_MSG("t.conf:5: warning: unknown key 'bad\\x01key' ignored");
}

/* --- Checks across keys ---------------------------------------------- */

static void test_channels(void)
{
	static const struct {
		const char *mode;
		unsigned ch;
		bool ok;
	} t[] = {
		{ "b", 1, 1 },    { "b", 14, 1 },   { "b", 15, 0 },
		{ "g", 13, 1 },   { "g", 14, 0 },   { "g", 36, 0 },
		{ "a", 36, 1 },   { "a", 37, 0 },   { "a", 64, 1 },
		{ "a", 68, 0 },   { "a", 96, 0 },   { "a", 100, 1 },
		{ "a", 144, 1 },  { "a", 148, 0 },  { "a", 149, 1 },
		{ "a", 165, 1 },  { "a", 177, 1 },  { "a", 181, 0 },
		{ "a", 6, 0 },
	};
	char text[128];

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		snprintf(text, sizeof(text),
			 "interface=wlan0\nssid=t\nhw_mode=%s\nchannel=%u\n",
			 t[i].mode, t[i].ch);
		if (ct_parse(text) != (t[i].ok ? 0 : -1)) {
			fprintf(stderr, "  hw_mode=%s channel=%u\n", t[i].mode,
				t[i].ch);
			CHECK(0);
		}
	}
	ct_parse("interface=wlan0\nssid=t\nhw_mode=g\nchannel=14\n");
	CHECK_MSG("t.conf:4: channel: channel 14 is only allowed with "
		  "hw_mode=b");
	ct_parse("interface=wlan0\nssid=t\nhw_mode=a\nchannel=68\n");
	CHECK_MSG("t.conf:4: channel: 68 is not a 5 GHz 20 MHz channel "
		  "(hw_mode=a: 36..64, 100..144 or 149..177 in steps of 4)");
	ct_parse("interface=wlan0\nssid=t\nchannel=15\n");
	CHECK_MSG("t.conf:3: channel: 15 is not a 2.4 GHz channel (hw_mode=b: "
		  "1..14)");
	CHECK_EQ_INT(ct_diag.errors, 1);
}

static void test_ht(void)
{
	static const struct {
		const char *mode;
		unsigned ch;
		char sign;
		bool ok;
	} t[] = {
		{ "g", 6, '+', 1 },   { "g", 9, '+', 1 },
		{ "g", 10, '+', 0 },  { "g", 5, '-', 1 },
		{ "g", 4, '-', 0 },   { "a", 36, '+', 1 },
		{ "a", 40, '+', 0 },  { "a", 40, '-', 1 },
		{ "a", 36, '-', 0 },  { "a", 140, '+', 1 },
		{ "a", 144, '+', 0 }, { "a", 149, '+', 1 },
		{ "a", 149, '-', 0 }, { "a", 153, '-', 1 },
		{ "a", 173, '+', 1 }, { "a", 177, '+', 0 },
		{ "a", 177, '-', 1 },
	};
	char text[160];

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		snprintf(text, sizeof(text), "interface=wlan0\nssid=t\n"
			 "hw_mode=%s\nchannel=%u\nieee80211n=1\n"
			 "ht_capab=[HT40%c]\n", t[i].mode, t[i].ch, t[i].sign);
		if (ct_parse(text) != (t[i].ok ? 0 : -1)) {
			fprintf(stderr, "  hw_mode=%s channel=%u HT40%c\n",
				t[i].mode, t[i].ch, t[i].sign);
			CHECK(0);
		}
	}
	ct_parse("interface=wlan0\nssid=t\nhw_mode=g\nchannel=10\n"
		 "ieee80211n=1\nht_capab=[HT40+]\n");
	CHECK_MSG("t.conf:6: ht_capab: [HT40+] is not possible on channel 10 "
		  "(no 40 MHz channel pair with the channel above it)");
	CHECK_EQ_INT(ct_parse(BASE "ieee80211n=1\nht_capab=[LDPC][SMPS-DYNAMIC]"
			      " [RX-STBC12][SHORT-GI-40] [DSSS_CCK-40]\n"), 0);
	CHECK_EQ_INT(ct_conf.ht_capab, 0x1245);
	CHECK_EQ_INT(ct_conf.ht40, CONF_HT40_NONE);
	CHECK_EQ_INT(ct_conf.wmm_enabled, 1); /* auto = ieee80211n */
	CHECK_EQ_INT(ct_conf.ieee80211n, 1);
	CHECK_EQ_INT(ct_parse(BASE "ieee80211n=1\nwmm_enabled=0\n"), 0);
	CHECK_EQ_INT(ct_conf.ieee80211n, 0);
	CHECK_MSG("t.conf:5: warning: ieee80211n: HT requires WMM "
		  "(wmm_enabled=0): HT disabled, as hostapd does");
	CHECK_EQ_INT(ct_parse(BASE "ht_capab=[SHORT-GI-20]\n"), 0);
	CHECK_MSG("t.conf:5: warning: ht_capab: ignored: ieee80211n=0");
}

static void test_country(void)
{
	CHECK_EQ_INT(ct_parse(BASE "ieee80211d=1\n"), -1);
	CHECK_MSG("t.conf:5: ieee80211d: ieee80211d=1 requires country_code");
	CHECK_EQ_INT(ct_parse(BASE "ieee80211d=1\ncountry_code=DE\n"), 0);
	CHECK(!strcmp(ct_conf.country_code, "DE"));
	CHECK(ct_conf.ieee80211d);
}

static void test_required(void)
{
	CHECK_EQ_INT(ct_parse("# nothing\n"), -1);
	CHECK_EQ_INT(ct_diag.errors, 3);
	CHECK_MSG("t.conf: missing required key 'interface'");
	CHECK_MSG("t.conf: missing required key 'ssid'");
	CHECK_MSG("t.conf: missing required key 'channel' (hostapd's default, "
		  "0, means automatic channel selection, which rapd does not "
		  "do)");
	CHECK_EQ_INT(ct_parse(BASE "wpa=2\n"), -1);
	CHECK_EQ_INT(ct_diag.errors, 1);
	CHECK_MSG("t.conf: missing required key 'wpa_passphrase' (or "
		  "wpa_psk): wpa=2 needs one");
	/* A refused value is one error, not also a missing key. */
	CHECK_EQ_INT(ct_parse(BASE "wpa=2\nwpa_passphrase=x\n"), -1);
	CHECK_EQ_INT(ct_diag.errors, 1);
	CHECK_EQ_INT(ct_parse("interface=wlan0\nssid=x\nchannel=0\n"), -1);
	CHECK_EQ_INT(ct_diag.errors, 1);
}

static void test_interface_override(void)
{
	static const char text[] = "interface=wlan0\nssid=x\nchannel=1\n";

	ct_reset();
	CHECK_EQ_INT(conf_set_interface(&ct_conf, "wlan9"), 0);
	CHECK_EQ_INT(conf_parse_buf("t.conf", text, strlen(text), &ct_conf,
				    &ct_diag), 0);
	CHECK(!strcmp(ct_conf.interface, "wlan9"));
	ct_reset();
	CHECK_EQ_INT(conf_set_interface(&ct_conf, "wlan9"), 0);
	CHECK_EQ_INT(conf_parse_buf("t.conf", text + 16, strlen(text + 16),
				    &ct_conf, &ct_diag), 0);
	CHECK(!strcmp(ct_conf.interface, "wlan9"));
	CHECK_EQ_INT(conf_set_interface(&ct_conf, "bad/name"), -1);
	CHECK_EQ_INT(conf_set_interface(&ct_conf, ""), -1);
	CHECK_EQ_INT(conf_set_interface(&ct_conf, "0123456789abcdef"), -1);
	CHECK_EQ_INT(conf_set_interface(&ct_conf, NULL), -1);
	CHECK(!strcmp(ct_conf.interface, "wlan9"));
}

static void test_security(void)
{
	CHECK_EQ_INT(ct_parse(BASE "rsn_pairwise=CCMP TKIP\nwpa=2\n"
			      "wpa_passphrase=12345678\n"), 0);
	CHECK_MSG("t.conf:5: warning: rsn_pairwise: TKIP is not supported by "
		  "rapd: only CCMP will be offered");
	CHECK_EQ_INT(ct_conf.rsn_pairwise, CONF_CIPHER_CCMP);
	CHECK_EQ_INT(ct_parse(BASE "rsn_pairwise=TKIP\nwpa=2\n"
			      "wpa_passphrase=12345678\n"), -1);
	CHECK_MSG("t.conf:5: rsn_pairwise: TKIP is not supported by rapd "
		  "(CCMP only)");
	CHECK_EQ_INT(ct_parse(BASE "wpa_pairwise=TKIP\nwpa=2\n"
			      "wpa_passphrase=12345678\n"), -1);
	CHECK_MSG("t.conf:5: wpa_pairwise: TKIP is not supported by rapd "
		  "(CCMP only); rsn_pairwise falls back to wpa_pairwise");
	CHECK_EQ_INT(ct_parse(BASE "wpa_pairwise=TKIP\nrsn_pairwise=CCMP\n"
			      "wpa=2\nwpa_passphrase=12345678\n"), 0);
	CHECK_EQ_INT(ct_diag.warnings, 0);
	CHECK_EQ_INT(ct_parse(BASE "wpa_passphrase=12345678\n"), 0);
	CHECK_MSG("t.conf:5: warning: wpa_passphrase: ignored: wpa=0 makes an "
		  "open network");
	CHECK_EQ_INT(ct_parse(BASE "wpa=2\n"
			      "wpa_key_mgmt=WPA-PSK-SHA256  WPA-PSK\n"
			      "wpa_passphrase=12345678\n"), 0);
	CHECK_EQ_INT(ct_conf.wpa_key_mgmt, CONF_AKM_PSK | CONF_AKM_PSK_SHA256);
	CHECK_EQ_INT(ct_parse(BASE "wpa=2\nwpa_passphrase=12345678\nwpa_psk="
			      "0123456789abcdef0123456789abcdef0123456789abcdef"
			      "0123456789ABCDEF\n"), 0);
	CHECK_MSG("t.conf:7: warning: wpa_psk: overrides wpa_passphrase set on "
		  "line 6");
	CHECK(ct_conf.wpa_psk_set && ct_conf.pmk_ready &&
	      !ct_conf.wpa_passphrase[0]);
	CHECK_EQ_INT(ct_conf.pmk[31], 0xef);
	CHECK_EQ_INT(ct_parse(BASE "wpa=2\nwpa_psk=0123456789abcdef01234567"
			      "89abcdef0123456789abcdef0123456789abcdef\n"
			      "wpa_passphrase=12345678\n"), 0);
	CHECK(!ct_conf.wpa_psk_set && !ct_conf.pmk_ready);
	CHECK(!strcmp(ct_conf.wpa_passphrase, "12345678"));
	CHECK_EQ_INT(ct_parse(BASE "driver=monitor\ntap_interface=wlan0\n"),
		     -1);
	CHECK_MSG("t.conf:6: tap_interface: 'wlan0' is also the interface");
}

static void test_ctrl_interface(void)
{
	char dir[110], text[400];

	/* sun_path holds 107 characters: "/aaa...a" + "/wlan0" */
	memset(dir, 'a', sizeof(dir));
	dir[0] = '/';
	dir[102] = '\0';
	snprintf(text, sizeof(text), BASE "ctrl_interface=%s\n", dir);
	CHECK_EQ_INT(ct_parse(text), -1);
	CHECK_MSG("t.conf:5: ctrl_interface: the socket path (directory/wlan0) "
		  "would be 108 characters long; at most 107");
	dir[101] = '\0';
	snprintf(text, sizeof(text), BASE "ctrl_interface=%s\n"
		 "ctrl_interface_group=wheel\n", dir);
	CHECK_EQ_INT(ct_parse(text), 0);
	CHECK(!strcmp(ct_conf.ctrl_interface, dir));
	CHECK(!strcmp(ct_conf.ctrl_interface_group, "wheel"));
}

int main(void)
{
	check_begin("test_config_values");
	RUN(test_bad_values);
	RUN(test_bad_ssids);
	RUN(test_refusals);
	RUN(test_unknown_key);
	RUN(test_channels);
	RUN(test_ht);
	RUN(test_country);
	RUN(test_required);
	RUN(test_interface_override);
	RUN(test_security);
	RUN(test_ctrl_interface);
	conf_free(&ct_conf);
	return check_end();
}
