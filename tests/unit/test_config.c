/*
 * test_config.c - rapd's configuration reader (core/config_*.c).
 *
 * Configs are parsed from strings with conf_parse_buf under the name
 * "t.conf", and every diagnostic is compared as the full line a user sees
 * ("t.conf:5: beacon_int: 10 is out of range 15..65535"). The ACL and
 * conf_load tests read tests/data/config/, so the program runs from the
 * repository root (as make test does). The PMK vector is IEEE 802.11's
 * passphrase-to-PSK example from shared/reference/vectors.md section 1.
 */
#include <unistd.h>

#include "check.h"
#include "rapd/config.h"

#define DATA "tests/data/config/"
#define BASE "interface=wlan0\nssid=test\nhw_mode=g\nchannel=6\n"
#define MSGS_MAX 400

static struct {
	unsigned n;
	char line[MSGS_MAX][256];
} msgs;
static struct conf conf;
static struct conf_diag diag;

static void collect(void *arg, enum conf_severity sev, const char *msg)
{
	(void)arg;
	(void)sev;
	if (msgs.n < MSGS_MAX)
		snprintf(msgs.line[msgs.n++], sizeof(msgs.line[0]), "%s", msg);
}

static void reset(void)
{
	conf_free(&conf);
	conf_init(&conf);
	memset(&msgs, 0, sizeof(msgs));
	diag = (struct conf_diag){ .emit = collect };
}

static int parse_len(const char *text, size_t len)
{
	reset();
	return conf_parse_buf("t.conf", text, len, &conf, &diag);
}

static int parse(const char *text)
{
	return parse_len(text, strlen(text));
}

static bool has_msg(const char *want)
{
	for (unsigned i = 0; i < msgs.n; i++)
		if (!strcmp(msgs.line[i], want))
			return true;
	fprintf(stderr, "  missing message: %s\n  got %u:\n", want, msgs.n);
	for (unsigned i = 0; i < msgs.n && i < 10; i++)
		fprintf(stderr, "    %s\n", msgs.line[i]);
	return false;
}

#define CHECK_MSG(want) CHECK(has_msg(want))

static bool ssid_is(const char *want, size_t len)
{
	return conf.ssid_len == len && !memcmp(conf.ssid, want, len);
}

/* --- The tutorial configuration ------------------------------------- */

static const char tutorial[] =
	"interface=wlan0 # the interface used by the Hostapd\n"
	"driver=nl80211 # wap driver interface\n"
	"channel=10 # the channel to be used\n"
	"country_code=US # the country code\n"
	"ieee80211n=1 # 802.11n support\n"
	"wmm_enabled=1 # QoS support\n"
	"ssid=somename # the name of the AP\n"
	"auth_algs=1 # 1=wpa, 2=wep, 3=both\n"
	"wpa=2 # WPA2 only\n"
	"wpa_key_mgmt=WPA-PSK # WPA mdoe\n"
	"rsn_pairwise=CCMP #\n"
	"wpa_passphrase=somepassword # WPA password\n";

static void check_tutorial_values(const char *name)
{
	char want[256];

	CHECK(!strcmp(conf.interface, "wlan0"));
	CHECK_EQ_INT(conf.driver, CONF_DRIVER_NL80211);
	CHECK_EQ_INT(conf.channel, 10);
	CHECK(!strcmp(conf.country_code, "US"));
	CHECK(ssid_is("somename", 8));
	CHECK(!strcmp(conf.wpa_passphrase, "somepassword"));
	CHECK_EQ_INT(conf.auth_algs, CONF_AUTH_OPEN);
	CHECK_EQ_INT(conf.wpa, 2);
	CHECK_EQ_INT(conf.wpa_key_mgmt, CONF_AKM_PSK);
	CHECK_EQ_INT(conf.rsn_pairwise, CONF_CIPHER_CCMP);
	CHECK_EQ_INT(conf.wmm_enabled, 1);
	/* hostapd's default hw_mode is b, where HT is disabled (warned). */
	CHECK_EQ_INT(conf.hw_mode, CONF_HW_MODE_B);
	CHECK_EQ_INT(conf.ieee80211n, 0);
	CHECK_EQ_INT(diag.errors, 0);
	CHECK_EQ_INT(diag.warnings, 1);
	snprintf(want, sizeof(want), "%s:5: warning: ieee80211n: HT is not "
		 "allowed with hw_mode=b (hostapd's default): HT disabled, as "
		 "hostapd does; set hw_mode=g for 802.11n", name);
	CHECK_MSG(want);
}

static void test_tutorial(void)
{
	CHECK_EQ_INT(parse(tutorial), 0);
	check_tutorial_values("t.conf");
	CHECK(!conf.pmk_ready); /* conf_parse_buf does no crypto */
}

static void test_tutorial_file(void)
{
	reset();
	CHECK_EQ_INT(conf_load(DATA "tutorial.conf", &conf, &diag), 0);
	check_tutorial_values(DATA "tutorial.conf");
	CHECK(conf.pmk_ready);
	CHECK(!strcmp(conf.path, DATA "tutorial.conf"));
}

static void test_defaults(void)
{
	CHECK_EQ_INT(parse(BASE), 0);
	CHECK_EQ_INT(diag.warnings, 0);
	CHECK_EQ_INT(conf.beacon_int, 100);
	CHECK_EQ_INT(conf.dtim_period, 2);
	CHECK_EQ_INT(conf.max_num_sta, 2007);
	CHECK_EQ_INT(conf.wpa, 0);
	CHECK_EQ_INT(conf.auth_algs, 1);
	CHECK_EQ_INT(conf.wmm_enabled, 0); /* auto = ieee80211n = 0 */
	CHECK_EQ_INT(conf.wpa_group_rekey, 86400);
	CHECK_EQ_INT(conf.wpa_pairwise_update_count, 4);
	CHECK_EQ_INT(conf.ap_max_inactivity, 300);
	CHECK_EQ_INT(conf.logger_stdout, -1);
	CHECK_EQ_INT(conf.logger_stdout_level, 2);
	CHECK_EQ_INT(conf.ht_capab, 0x000c);
	CHECK_EQ_INT(conf.rapd_workers, 0);
	CHECK_EQ_INT(conf.rapd_ring_size, CONF_RING_SIZE_DEFAULT);
	CHECK(!strcmp(conf.tap_interface, "rapd0"));
	conf_init(&conf);
	CHECK_EQ_INT(conf.hw_mode, CONF_HW_MODE_B); /* hostapd's default */
	CHECK_EQ_INT(conf.channel, 0);
}

/* --- Lines ----------------------------------------------------------- */

static void test_comments_and_blanks(void)
{
	CHECK_EQ_INT(parse("# comment\n\n   # indented\n \t \n"
			   "  interface = wlan1  \t\n"
			   "ssid=a#b\nhw_mode=g\tchannel=1\nchannel=1\t#c\n"),
		     -1);
	CHECK_MSG("t.conf:7: hw_mode: unknown hw_mode 'g\\x09channel=1' "
		  "(a, b or g)");
	CHECK(!strcmp(conf.interface, "wlan1"));
	CHECK(ssid_is("a#b", 3));
	CHECK_EQ_INT(conf.channel, 1);
	CHECK_EQ_INT(parse("interface=wlan0\nssid=two words #c\n"
			   "channel=3\n"), 0);
	CHECK(ssid_is("two words", 9));
	CHECK_EQ_INT(parse("interface=wlan0\nssid= #only a comment\n"
			   "channel=3\n"), -1);
	CHECK_MSG("t.conf:2: ssid: empty value");
	CHECK_EQ_INT(diag.errors, 1);
}

static void test_crlf(void)
{
	CHECK_EQ_INT(parse("interface=wlan0\r\nssid=abc\r\nchannel=11\r\n"
			   "wpa=2\r\nwpa_passphrase=abcdefgh # x\r\n"), 0);
	CHECK(ssid_is("abc", 3));
	CHECK_EQ_INT(conf.channel, 11);
	CHECK(!strcmp(conf.wpa_passphrase, "abcdefgh"));
	CHECK_EQ_INT(parse("interface=wlan0\nssid=abc\nchannel=1"), 0);
	CHECK_EQ_INT(conf.channel, 1); /* no final newline */
}

static void test_bad_lines(void)
{
	char text[3000];

	CHECK_EQ_INT(parse(BASE "junk\n=1\nfoo # x=1\n"), -1);
	CHECK_MSG("t.conf:5: invalid line 'junk': expected key=value");
	CHECK_MSG("t.conf:6: missing key before '='");
	CHECK_MSG("t.conf:7: invalid line 'foo': expected key=value");
	CHECK_EQ_INT(diag.errors, 3);
	CHECK_EQ_INT(parse_len(BASE "ssid=a\0b\n", sizeof(BASE) + 8), -1);
	CHECK_MSG("t.conf:5: line contains a NUL byte");
	memset(text, 'a', sizeof(text));
	memcpy(text, BASE, strlen(BASE));
	text[sizeof(text) - 1] = '\0';
	CHECK_EQ_INT(parse(text), -1);
	CHECK_MSG("t.conf:5: line longer than 1024 bytes");
	CHECK_EQ_INT(diag.errors, 1);
}

static void test_too_many_errors(void)
{
	static char text[200 * 5 + 1];

	for (int i = 0; i < 200; i++)
		memcpy(text + 5 * i, "junk\n", 5);
	CHECK_EQ_INT(parse(text), -1);
	CHECK_EQ_INT(diag.errors, CONF_MAX_ERRORS + 1);
	CHECK_MSG("t.conf: too many errors, giving up after line 100");
}

static void test_thousand_lines(void)
{
	static char text[1000 * 32];
	size_t o = 0;

	o += (size_t)sprintf(text + o, "%s", BASE);
	for (int line = 5; line < 1000; line++) {
		if (line % 3 == 0)
			o += (size_t)sprintf(text + o, "# filler %d\n", line);
		else if (line % 3 == 1)
			o += (size_t)sprintf(text + o, "\n");
		else
			o += (size_t)sprintf(text + o, "beacon_int=%d\n",
					     100 + line);
	}
	CHECK_EQ_INT(parse(text), 0);
	CHECK_EQ_INT(conf.beacon_int, 1098);
	CHECK_EQ_INT(conf.line[CONF_KEY_BEACON_INT], 998);
	CHECK_EQ_INT(diag.warnings, 331); /* duplicates of beacon_int */
	CHECK_MSG("t.conf:998: warning: beacon_int: duplicate key (also set "
		  "on line 995): the last one wins");
	o += (size_t)sprintf(text + o, "dtim_period=0\n");
	CHECK_EQ_INT(parse(text), -1);
	CHECK_EQ_INT(diag.errors, 1);
	CHECK_MSG("t.conf:1000: dtim_period: 0 is out of range 1..255");
}

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
	CHECK_EQ_INT(parse(text), -1);
	CHECK_MSG(want);
	CHECK_EQ_INT(diag.errors, 1);
	if (check_failures != failures)
		fprintf(stderr, "  (case: %s)\n", line);
}

static void test_bad_values(void)
{
	for (size_t i = 0; i < sizeof(bad_values) / sizeof(*bad_values); i++)
		expect_one_error(BASE, bad_values[i].line, bad_values[i].msg);
}

#define NO_SSID "interface=wlan0\nhw_mode=g\nchannel=6\n# no ssid yet\n"

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
	CHECK_EQ_INT(parse(BASE "ieee80211w=0\nieee80211ac=0\nwps_state=0\n"
			   "ieee8021x=0\n"), 0);
	CHECK_EQ_INT(diag.warnings, 0);
	CHECK_EQ_INT(parse(BASE "auth_algs=3\n"), 0);
	CHECK_MSG("t.conf:5: warning: auth_algs: shared key (WEP) "
		  "authentication is not supported by rapd: such requests "
		  "will be refused");
	CHECK_EQ_INT(conf.auth_algs, 3);
}

static void test_unknown_key(void)
{
	CHECK_EQ_INT(parse(BASE "no_such_key=1 # comment\nlogger_syslog=-1\n"),
		     0);
	CHECK_EQ_INT(diag.errors, 0);
	CHECK_EQ_INT(diag.warnings, 2);
	CHECK_MSG("t.conf:5: warning: unknown key 'no_such_key' ignored");
	CHECK_MSG("t.conf:6: warning: unknown key 'logger_syslog' ignored");
	CHECK_EQ_INT(parse(BASE "bad\x01key=1\n"), 0);
	CHECK_MSG("t.conf:5: warning: unknown key 'bad\\x01key' ignored");
}

/* --- ssid2 ----------------------------------------------------------- */

static void test_ssid2(void)
{
	static const struct {
		const char *line;
		const char *ssid;
		size_t len;
	} ok[] = {
		{ "ssid2=\"hello world\"", "hello world", 11 },
		{ "ssid2=\"my #net\" # a comment", "my #net", 7 },
		{ "ssid2=\"a\" # the \"home\" net", "a", 1 },
		{ "ssid2=\"say \"hi\"\"", "say \"hi\"", 8 },
		{ "ssid2=\" spaces \"", " spaces ", 8 },
		{ "ssid2=\"a\\\"", "a\\", 2 }, /* no escapes in "" */
		{ "ssid2=P\"tab\\there\\x41\\101\\\\\\\"\"", "tab\there"
							 "AA\\\"", 12 },
		{ "ssid2=P\"caf\\xc3\\xa9 #1\"", "caf\xc3\xa9 #1", 8 },
		{ "ssid2=P\"\\x0\\e\\n\\r\\7\"", "\0\033\n\r\7", 5 },
		{ "ssid2=68656C6c6f", "hello", 5 },
		{ "ssid2=00", "\0", 1 },
		{ "ssid2=\"12345678901234567890123456789012\"",
		  "12345678901234567890123456789012", 32 },
	};
	char text[256];

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		int failures = check_failures;

		snprintf(text, sizeof(text), NO_SSID "%s\n", ok[i].line);
		CHECK_EQ_INT(parse(text), 0);
		CHECK(ssid_is(ok[i].ssid, ok[i].len));
		if (check_failures != failures)
			fprintf(stderr, "  (case: %s)\n", ok[i].line);
	}
	CHECK_EQ_INT(parse(BASE "ssid2=\"other\"\n"), 0);
	CHECK(ssid_is("other", 5));
	CHECK_MSG("t.conf:5: warning: ssid2: overrides ssid set on line 2");
	CHECK_EQ_INT(parse(NO_SSID "ssid2=\"a\"\nssid=b\n"), 0);
	CHECK(ssid_is("b", 1));
	CHECK_MSG("t.conf:6: warning: ssid: overrides ssid2 set on line 5");
	CHECK_EQ_INT(parse(NO_SSID "ssid=Caf\xc3\xa9 \xe2\x82\xac\n"), 0);
	CHECK(ssid_is("Caf\xc3\xa9 \xe2\x82\xac", 9));
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
		if (parse(text) != (t[i].ok ? 0 : -1)) {
			fprintf(stderr, "  hw_mode=%s channel=%u\n", t[i].mode,
				t[i].ch);
			CHECK(0);
		}
	}
	parse("interface=wlan0\nssid=t\nhw_mode=g\nchannel=14\n");
	CHECK_MSG("t.conf:4: channel: channel 14 is only allowed with "
		  "hw_mode=b");
	parse("interface=wlan0\nssid=t\nhw_mode=a\nchannel=68\n");
	CHECK_MSG("t.conf:4: channel: 68 is not a 5 GHz 20 MHz channel "
		  "(hw_mode=a: 36..64, 100..144 or 149..177 in steps of 4)");
	parse("interface=wlan0\nssid=t\nchannel=15\n");
	CHECK_MSG("t.conf:3: channel: 15 is not a 2.4 GHz channel (hw_mode=b: "
		  "1..14)");
	CHECK_EQ_INT(diag.errors, 1);
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
		if (parse(text) != (t[i].ok ? 0 : -1)) {
			fprintf(stderr, "  hw_mode=%s channel=%u HT40%c\n",
				t[i].mode, t[i].ch, t[i].sign);
			CHECK(0);
		}
	}
	parse("interface=wlan0\nssid=t\nhw_mode=g\nchannel=10\nieee80211n=1\n"
	      "ht_capab=[HT40+]\n");
	CHECK_MSG("t.conf:6: ht_capab: [HT40+] is not possible on channel 10 "
		  "(no 40 MHz channel pair with the channel above it)");
	CHECK_EQ_INT(parse(BASE "ieee80211n=1\nht_capab=[LDPC][SMPS-DYNAMIC]"
			   " [RX-STBC12][SHORT-GI-40] [DSSS_CCK-40]\n"), 0);
	CHECK_EQ_INT(conf.ht_capab, 0x1245);
	CHECK_EQ_INT(conf.ht40, CONF_HT40_NONE);
	CHECK_EQ_INT(conf.wmm_enabled, 1); /* auto = ieee80211n */
	CHECK_EQ_INT(conf.ieee80211n, 1);
	CHECK_EQ_INT(parse(BASE "ieee80211n=1\nwmm_enabled=0\n"), 0);
	CHECK_EQ_INT(conf.ieee80211n, 0);
	CHECK_MSG("t.conf:5: warning: ieee80211n: HT requires WMM "
		  "(wmm_enabled=0): HT disabled, as hostapd does");
	CHECK_EQ_INT(parse(BASE "ht_capab=[SHORT-GI-20]\n"), 0);
	CHECK_MSG("t.conf:5: warning: ht_capab: ignored: ieee80211n=0");
}

static void test_country(void)
{
	CHECK_EQ_INT(parse(BASE "ieee80211d=1\n"), -1);
	CHECK_MSG("t.conf:5: ieee80211d: ieee80211d=1 requires country_code");
	CHECK_EQ_INT(parse(BASE "ieee80211d=1\ncountry_code=DE\n"), 0);
	CHECK(!strcmp(conf.country_code, "DE"));
	CHECK(conf.ieee80211d);
}

static void test_required(void)
{
	CHECK_EQ_INT(parse("# nothing\n"), -1);
	CHECK_EQ_INT(diag.errors, 3);
	CHECK_MSG("t.conf: missing required key 'interface'");
	CHECK_MSG("t.conf: missing required key 'ssid'");
	CHECK_MSG("t.conf: missing required key 'channel' (hostapd's default, "
		  "0, means automatic channel selection, which rapd does not "
		  "do)");
	CHECK_EQ_INT(parse(BASE "wpa=2\n"), -1);
	CHECK_EQ_INT(diag.errors, 1);
	CHECK_MSG("t.conf: missing required key 'wpa_passphrase' (or "
		  "wpa_psk): wpa=2 needs one");
	/* A refused value is one error, not also a missing key. */
	CHECK_EQ_INT(parse(BASE "wpa=2\nwpa_passphrase=x\n"), -1);
	CHECK_EQ_INT(diag.errors, 1);
	CHECK_EQ_INT(parse("interface=wlan0\nssid=x\nchannel=0\n"), -1);
	CHECK_EQ_INT(diag.errors, 1);
}

static void test_interface_override(void)
{
	static const char text[] = "interface=wlan0\nssid=x\nchannel=1\n";

	reset();
	CHECK_EQ_INT(conf_set_interface(&conf, "wlan9"), 0);
	CHECK_EQ_INT(conf_parse_buf("t.conf", text, strlen(text), &conf,
				    &diag), 0);
	CHECK(!strcmp(conf.interface, "wlan9"));
	reset();
	CHECK_EQ_INT(conf_set_interface(&conf, "wlan9"), 0);
	CHECK_EQ_INT(conf_parse_buf("t.conf", text + 16, strlen(text + 16),
				    &conf, &diag), 0);
	CHECK(!strcmp(conf.interface, "wlan9"));
	CHECK_EQ_INT(conf_set_interface(&conf, "bad/name"), -1);
	CHECK_EQ_INT(conf_set_interface(&conf, ""), -1);
	CHECK_EQ_INT(conf_set_interface(&conf, "0123456789abcdef"), -1);
	CHECK_EQ_INT(conf_set_interface(&conf, NULL), -1);
	CHECK(!strcmp(conf.interface, "wlan9"));
}

static void test_security(void)
{
	CHECK_EQ_INT(parse(BASE "rsn_pairwise=CCMP TKIP\nwpa=2\n"
			   "wpa_passphrase=12345678\n"), 0);
	CHECK_MSG("t.conf:5: warning: rsn_pairwise: TKIP is not supported by "
		  "rapd: only CCMP will be offered");
	CHECK_EQ_INT(conf.rsn_pairwise, CONF_CIPHER_CCMP);
	CHECK_EQ_INT(parse(BASE "rsn_pairwise=TKIP\nwpa=2\n"
			   "wpa_passphrase=12345678\n"), -1);
	CHECK_MSG("t.conf:5: rsn_pairwise: TKIP is not supported by rapd "
		  "(CCMP only)");
	CHECK_EQ_INT(parse(BASE "wpa_pairwise=TKIP\nwpa=2\n"
			   "wpa_passphrase=12345678\n"), -1);
	CHECK_MSG("t.conf:5: wpa_pairwise: TKIP is not supported by rapd "
		  "(CCMP only); rsn_pairwise falls back to wpa_pairwise");
	CHECK_EQ_INT(parse(BASE "wpa_pairwise=TKIP\nrsn_pairwise=CCMP\n"
			   "wpa=2\nwpa_passphrase=12345678\n"), 0);
	CHECK_EQ_INT(diag.warnings, 0);
	CHECK_EQ_INT(parse(BASE "wpa_passphrase=12345678\n"), 0);
	CHECK_MSG("t.conf:5: warning: wpa_passphrase: ignored: wpa=0 makes an "
		  "open network");
	CHECK_EQ_INT(parse(BASE "wpa=2\nwpa_key_mgmt=WPA-PSK-SHA256  WPA-PSK\n"
			   "wpa_passphrase=12345678\n"), 0);
	CHECK_EQ_INT(conf.wpa_key_mgmt, CONF_AKM_PSK | CONF_AKM_PSK_SHA256);
	CHECK_EQ_INT(parse(BASE "wpa=2\nwpa_passphrase=12345678\nwpa_psk="
			   "0123456789abcdef0123456789abcdef0123456789abcdef"
			   "0123456789ABCDEF\n"), 0);
	CHECK_MSG("t.conf:7: warning: wpa_psk: overrides wpa_passphrase set on "
		  "line 6");
	CHECK(conf.wpa_psk_set && conf.pmk_ready && !conf.wpa_passphrase[0]);
	CHECK_EQ_INT(conf.pmk[31], 0xef);
	CHECK_EQ_INT(parse(BASE "wpa=2\nwpa_psk=0123456789abcdef0123456789abcd"
			   "ef0123456789abcdef0123456789abcdef\n"
			   "wpa_passphrase=12345678\n"), 0);
	CHECK(!conf.wpa_psk_set && !conf.pmk_ready);
	CHECK(!strcmp(conf.wpa_passphrase, "12345678"));
	CHECK_EQ_INT(parse(BASE "driver=monitor\ntap_interface=wlan0\n"), -1);
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
	CHECK_EQ_INT(parse(text), -1);
	CHECK_MSG("t.conf:5: ctrl_interface: the socket path (directory/wlan0) "
		  "would be 108 characters long; at most 107");
	dir[101] = '\0';
	snprintf(text, sizeof(text), BASE "ctrl_interface=%s\n"
		 "ctrl_interface_group=wheel\n", dir);
	CHECK_EQ_INT(parse(text), 0);
	CHECK(!strcmp(conf.ctrl_interface, dir));
	CHECK(!strcmp(conf.ctrl_interface_group, "wheel"));
}

/* --- ACL files, PMK, printing ---------------------------------------- */

static const uint8_t mac_a1[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mac_a2[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t mac_a3[6] = { 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
static const uint8_t mac_removed[6] = { 0, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t mac_d99[6] = { 2, 0, 0, 0, 0, 0x99 };
static const uint8_t mac_other[6] = { 2, 0, 0, 0, 0, 0x42 };

static void test_acl(void)
{
	if (access(DATA "accept.acl", R_OK)) {
		fprintf(stderr, "  " DATA " not found: run from the repository "
			"root\n");
		CHECK(0);
		return;
	}
	CHECK_EQ_INT(parse(BASE "macaddr_acl=1\naccept_mac_file=" DATA
			   "accept.acl\ndeny_mac_file=" DATA "deny.acl\n"), 0);
	CHECK_EQ_INT(conf.accept.n, 0); /* read by conf_finish only */
	CHECK_EQ_INT(conf_finish(&conf, &diag), 0);
	CHECK_EQ_INT(diag.errors + diag.warnings, 0);
	CHECK_EQ_INT(conf.accept.n, 3); /* sorted, one removed, no repeat */
	CHECK_MEM(conf.accept.addr[0], mac_a1, 6);
	CHECK_MEM(conf.accept.addr[1], mac_a2, 6);
	CHECK_MEM(conf.accept.addr[2], mac_a3, 6);
	CHECK_EQ_INT(conf.deny.n, 2);
	CHECK(conf_acl_allows(&conf, mac_a1)); /* accept list wins */
	CHECK(conf_acl_allows(&conf, mac_a3));
	CHECK(!conf_acl_allows(&conf, mac_removed));
	CHECK(!conf_acl_allows(&conf, mac_other));
	conf.macaddr_acl = CONF_ACL_ACCEPT_UNLESS_DENIED;
	CHECK(conf_acl_allows(&conf, mac_other));
	CHECK(!conf_acl_allows(&conf, mac_d99));
	CHECK(conf_acl_allows(&conf, mac_a1));
	CHECK_EQ_INT(conf_finish(&conf, &diag), 0); /* again: no leak */
	CHECK_EQ_INT(conf.accept.n, 3);
}

static void test_acl_errors(void)
{
	CHECK_EQ_INT(parse(BASE "accept_mac_file=" DATA "bad.acl\n"
			   "deny_mac_file=" DATA "none.acl\n"), 0);
	CHECK_EQ_INT(conf_finish(&conf, &diag), -1);
	CHECK_EQ_INT(diag.errors, 3);
	CHECK_MSG(DATA "bad.acl:3: invalid MAC address '00:11:22:33:44'");
	CHECK_MSG(DATA "bad.acl:4: 'vlan7' after the MAC address is not a "
		  "VLAN id");
	CHECK_MSG("t.conf:6: deny_mac_file: cannot read '" DATA "none.acl': "
		  "No such file or directory");
	CHECK_EQ_INT(parse(BASE "deny_mac_file=" DATA "\n"), 0);
	CHECK_EQ_INT(conf_finish(&conf, &diag), -1);
	CHECK_MSG("t.conf:5: deny_mac_file: cannot read '" DATA "': not a "
		  "regular file");
	CHECK_EQ_INT(parse(BASE "macaddr_acl=1\n"), 0);
	CHECK_MSG("t.conf:5: warning: macaddr_acl: macaddr_acl=1 without "
		  "accept_mac_file: every station will be refused");
	CHECK(!conf_acl_allows(&conf, mac_a1));
}

static void test_pmk(void)
{
	size_t n;
	uint8_t *ieee = check_unhex("f42c6fc52df0ebef9ebb4b90b38a5f90"
				    "2e83fe1b135a70e23aed762e9710a12e", &n);
	uint8_t *other = check_unhex("0dc0d6eb90555ed6419756b9a15ec3e3"
				     "209b63df707dd508d14581f8982721af", &n);
	uint8_t zero[CONF_PMK_LEN] = { 0 };

	CHECK_EQ_INT(parse("interface=wlan0\nssid=IEEE\nchannel=1\nwpa=2\n"
			   "wpa_passphrase=password\n"), 0);
	CHECK(!conf.pmk_ready);
	CHECK_EQ_INT(conf_finish(&conf, &diag), 0);
	CHECK(conf.pmk_ready);
	CHECK_MEM(conf.pmk, ieee, CONF_PMK_LEN);
	conf_free(&conf);
	CHECK_MEM(conf.pmk, zero, CONF_PMK_LEN);
	CHECK_EQ_INT(conf.wpa_passphrase[0], 0);
	CHECK_EQ_INT(parse("interface=wlan0\nssid2=\"ThisIsASSID\"\n"
			   "channel=1\nwpa=2\n"
			   "wpa_passphrase=ThisIsAPassword\n"), 0);
	CHECK_EQ_INT(conf_finish(&conf, &diag), 0);
	CHECK_MEM(conf.pmk, other, CONF_PMK_LEN);
	CHECK_EQ_INT(parse("interface=wlan0\nssid=IEEE\nchannel=1\nwpa=2\n"
			   "wpa_psk=F42C6FC52DF0EBEF9EBB4B90B38A5F90"
			   "2E83FE1B135A70E23AED762E9710A12E\n"), 0);
	CHECK(conf.pmk_ready);
	CHECK_MEM(conf.pmk, ieee, CONF_PMK_LEN);
	free(ieee);
	free(other);
}

static char *print_conf(void)
{
	static char *out;
	static size_t len;
	FILE *f = open_memstream(&out, &len);
	char *text;

	if (!f)
		abort();
	conf_print(&conf, f);
	fclose(f);
	text = out;
	out = NULL;
	return text;
}

static void test_print(void)
{
	static const char want[] =
		"interface=wlan0\ndriver=nl80211\nssid=test\nhw_mode=g\n"
		"channel=6\nieee80211d=0\nieee80211n=1\n"
		"ht_capab=[HT40+][SHORT-GI-20]\nwmm_enabled=1\n"
		"beacon_int=100\ndtim_period=2\nmax_num_sta=2007\n"
		"ignore_broadcast_ssid=0\nap_max_inactivity=300\n"
		"auth_algs=1\nwpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\n"
		"wpa_passphrase=<hidden>\nwpa_group_rekey=86400\n"
		"wpa_ptk_rekey=0\nwpa_pairwise_update_count=4\n"
		"macaddr_acl=0\nlogger_stdout=-1\nlogger_stdout_level=2\n"
		"rapd_workers=0\nrapd_ring_size=1024\nrapd_pool_frames=8192\n"
		"tap_interface=rapd0\n";
	char *out;

	CHECK_EQ_INT(parse(BASE "wpa=2\nwpa_passphrase=secret-words\n"
			   "ieee80211n=1\nht_capab=[SHORT-GI-20][HT40+]\n"), 0);
	out = print_conf();
	CHECK(!strcmp(out, want));
	CHECK(!strstr(out, "secret-words"));
	free(out);
	CHECK_EQ_INT(parse(BASE "wpa=2\nwpa_psk=0123456789abcdef0123456789abcd"
			   "ef0123456789abcdef0123456789abcdef\n"), 0);
	out = print_conf();
	CHECK(strstr(out, "\nwpa_psk=<hidden>\n") && !strstr(out, "0123"));
	free(out);
}

/* What conf_print writes reads back to the same configuration. */
static void test_print_reads_back(void)
{
	static const char text[] =
		"interface=wlan3\ndriver=monitor\nctrl_interface=/run/rapd\n"
		"ssid2=P\"\\x01 lead #x \\\\\\\"\\xff \"\n"
		"bssid=02:AB:00:00:00:01\n"
		"hw_mode=a\nchannel=149\ncountry_code=FR\nieee80211d=1\n"
		"ieee80211n=1\n"
		"ht_capab=[HT40+][SMPS-STATIC][RX-STBC123][LDPC]\n"
		"beacon_int=200\ndtim_period=3\nmax_num_sta=12\n"
		"ignore_broadcast_ssid=2\nap_max_inactivity=60\nauth_algs=3\n"
		"wpa=2\nwpa_key_mgmt=WPA-PSK-SHA256\nwpa_passphrase=12345678\n"
		"wpa_group_rekey=0\nwpa_ptk_rekey=3600\n"
		"wpa_pairwise_update_count=7\nmacaddr_acl=1\n"
		"accept_mac_file=/etc/rapd.accept\nlogger_stdout=5\n"
		"logger_stdout_level=0\nrapd_workers=3\nrapd_ring_size=4096\n"
		"rapd_pool_frames=100\ntap_interface=tap7\n";
	struct conf first;
	char *out1, *out2, *secret;

	CHECK_EQ_INT(parse(text), 0);
	first = conf;
	out1 = print_conf();
	secret = strstr(out1, "<hidden>");
	CHECK(secret != NULL);
	if (!secret)
		return;
	memcpy(secret, "12345678", 8); /* same length as <hidden> */
	CHECK(strstr(out1, "\nssid2=P\"\\x01 lead #x \\\\\\\"\\xff \"\n"));
	CHECK_EQ_INT(parse(out1), 0);
	CHECK(ssid_is((const char *)first.ssid, first.ssid_len));
	CHECK_EQ_INT(conf.ht_capab, first.ht_capab);
	CHECK_EQ_INT(conf.ht40, CONF_HT40_PLUS);
	CHECK_MEM(conf.bssid, first.bssid, 6);
	out2 = print_conf();
	memcpy(strstr(out2, "<hidden>"), "12345678", 8);
	CHECK(!strcmp(out1, out2));
	free(out1);
	free(out2);
}

int main(void)
{
	check_begin("test_config");
	RUN(test_tutorial);
	RUN(test_tutorial_file);
	RUN(test_defaults);
	RUN(test_comments_and_blanks);
	RUN(test_crlf);
	RUN(test_bad_lines);
	RUN(test_too_many_errors);
	RUN(test_thousand_lines);
	RUN(test_bad_values);
	RUN(test_bad_ssids);
	RUN(test_refusals);
	RUN(test_unknown_key);
	RUN(test_ssid2);
	RUN(test_channels);
	RUN(test_ht);
	RUN(test_country);
	RUN(test_required);
	RUN(test_interface_override);
	RUN(test_security);
	RUN(test_ctrl_interface);
	RUN(test_acl);
	RUN(test_acl_errors);
	RUN(test_pmk);
	RUN(test_print);
	RUN(test_print_reads_back);
	conf_free(&conf);
	return check_end();
}
