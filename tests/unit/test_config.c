/*
 * test_config.c - rapd's configuration reader (core/config_*.c): loading
 * (the tutorial configuration from a string and with conf_load, the
 * defaults), the line syntax (comments, blanks, CRLF, bad and long lines,
 * the error limit), ssid2's three forms, the ACL files, the PMK and
 * conf_print. The tables of invalid values, refusals and the checks
 * across keys are in test_config_values.c.
 *
 * Configs are parsed from strings with conf_parse_buf under the name
 * "t.conf" (conf_testutil.h), and every diagnostic is compared as the full
 * line a user sees. The ACL and conf_load tests read tests/data/config/,
 * so the program runs from the repository root (as make test does). The
 * PMK vector is IEEE 802.11's passphrase-to-PSK example from
 * shared/reference/vectors.md section 1.
 */
#include <unistd.h>

#include "check.h"
#include "conf_testutil.h"
#include "rapd/config.h"

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

	CHECK(!strcmp(ct_conf.interface, "wlan0"));
	CHECK_EQ_INT(ct_conf.driver, CONF_DRIVER_NL80211);
	CHECK_EQ_INT(ct_conf.channel, 10);
	CHECK(!strcmp(ct_conf.country_code, "US"));
	CHECK(ct_ssid_is("somename", 8));
	CHECK(!strcmp(ct_conf.wpa_passphrase, "somepassword"));
	CHECK_EQ_INT(ct_conf.auth_algs, CONF_AUTH_OPEN);
	CHECK_EQ_INT(ct_conf.wpa, 2);
	CHECK_EQ_INT(ct_conf.wpa_key_mgmt, CONF_AKM_PSK);
	CHECK_EQ_INT(ct_conf.rsn_pairwise, CONF_CIPHER_CCMP);
	CHECK_EQ_INT(ct_conf.wmm_enabled, 1);
	/* hostapd's default hw_mode is b, where HT is disabled (warned). */
	CHECK_EQ_INT(ct_conf.hw_mode, CONF_HW_MODE_B);
	CHECK_EQ_INT(ct_conf.ieee80211n, 0);
	CHECK_EQ_INT(ct_diag.errors, 0);
	CHECK_EQ_INT(ct_diag.warnings, 1);
	snprintf(want, sizeof(want), "%s:5: warning: ieee80211n: HT is not "
		 "allowed with hw_mode=b (hostapd's default): HT disabled, as "
		 "hostapd does; set hw_mode=g for 802.11n", name);
	CHECK_MSG(want);
}

static void test_tutorial(void)
{
	CHECK_EQ_INT(ct_parse(tutorial), 0);
	check_tutorial_values("t.conf");
	CHECK(!ct_conf.pmk_ready); /* conf_parse_buf does no crypto */
}

static void test_tutorial_file(void)
{
	ct_reset();
	CHECK_EQ_INT(conf_load(DATA "tutorial.conf", &ct_conf, &ct_diag), 0);
	check_tutorial_values(DATA "tutorial.conf");
	CHECK(ct_conf.pmk_ready);
	CHECK(!strcmp(ct_conf.path, DATA "tutorial.conf"));
}

static void test_defaults(void)
{
	CHECK_EQ_INT(ct_parse(BASE), 0);
	CHECK_EQ_INT(ct_diag.warnings, 0);
	CHECK_EQ_INT(ct_conf.beacon_int, 100);
	CHECK_EQ_INT(ct_conf.dtim_period, 2);
	CHECK_EQ_INT(ct_conf.max_num_sta, 2007);
	CHECK_EQ_INT(ct_conf.wpa, 0);
	CHECK_EQ_INT(ct_conf.auth_algs, 1);
	CHECK_EQ_INT(ct_conf.wmm_enabled, 0); /* auto = ieee80211n = 0 */
	CHECK_EQ_INT(ct_conf.wpa_group_rekey, 86400);
	CHECK_EQ_INT(ct_conf.wpa_pairwise_update_count, 4);
	CHECK_EQ_INT(ct_conf.ap_max_inactivity, 300);
	CHECK_EQ_INT(ct_conf.logger_stdout, -1);
	CHECK_EQ_INT(ct_conf.logger_stdout_level, 2);
	CHECK_EQ_INT(ct_conf.ht_capab, 0x000c);
	CHECK_EQ_INT(ct_conf.rapd_workers, 0);
	CHECK_EQ_INT(ct_conf.rapd_ring_size, CONF_RING_SIZE_DEFAULT);
	CHECK(!strcmp(ct_conf.tap_interface, "rapd0"));
	conf_init(&ct_conf);
	CHECK_EQ_INT(ct_conf.hw_mode, CONF_HW_MODE_B); /* hostapd's default */
	CHECK_EQ_INT(ct_conf.channel, 0);
}

/* --- Lines ----------------------------------------------------------- */

static void test_comments_and_blanks(void)
{
	CHECK_EQ_INT(ct_parse("# comment\n\n   # indented\n \t \n"
			      "  interface = wlan1  \t\n"
			      "ssid=a#b\nhw_mode=g\tchannel=1\n"
			      "channel=1\t#c\n"), -1);
	CHECK_MSG("t.conf:7: hw_mode: unknown hw_mode 'g\\x09channel=1' "
		  "(a, b or g)");
	CHECK(!strcmp(ct_conf.interface, "wlan1"));
	CHECK(ct_ssid_is("a#b", 3));
	CHECK_EQ_INT(ct_conf.channel, 1);
	CHECK_EQ_INT(ct_parse("interface=wlan0\nssid=two words #c\n"
			      "channel=3\n"), 0);
	CHECK(ct_ssid_is("two words", 9));
	CHECK_EQ_INT(ct_parse("interface=wlan0\nssid= #only a comment\n"
			      "channel=3\n"), -1);
	CHECK_MSG("t.conf:2: ssid: empty value");
	CHECK_EQ_INT(ct_diag.errors, 1);
}

static void test_crlf(void)
{
	CHECK_EQ_INT(ct_parse("interface=wlan0\r\nssid=abc\r\nchannel=11\r\n"
			      "wpa=2\r\nwpa_passphrase=abcdefgh # x\r\n"), 0);
	CHECK(ct_ssid_is("abc", 3));
	CHECK_EQ_INT(ct_conf.channel, 11);
	CHECK(!strcmp(ct_conf.wpa_passphrase, "abcdefgh"));
	CHECK_EQ_INT(ct_parse("interface=wlan0\nssid=abc\nchannel=1"), 0);
	CHECK_EQ_INT(ct_conf.channel, 1); /* no final newline */
}

static void test_bad_lines(void)
{
	char text[3000];

	CHECK_EQ_INT(ct_parse(BASE "junk\n=1\nfoo # x=1\n"), -1);
	CHECK_MSG("t.conf:5: invalid line 'junk': expected key=value");
	CHECK_MSG("t.conf:6: missing key before '='");
	CHECK_MSG("t.conf:7: invalid line 'foo': expected key=value");
	CHECK_EQ_INT(ct_diag.errors, 3);
	CHECK_EQ_INT(ct_parse_len(BASE "ssid=a\0b\n", sizeof(BASE) + 8), -1);
	CHECK_MSG("t.conf:5: line contains a NUL byte");
	memset(text, 'a', sizeof(text));
	memcpy(text, BASE, strlen(BASE));
	text[sizeof(text) - 1] = '\0';
	CHECK_EQ_INT(ct_parse(text), -1);
	CHECK_MSG("t.conf:5: line longer than 1024 bytes");
	CHECK_EQ_INT(ct_diag.errors, 1);
}

static void test_too_many_errors(void)
{
	static char text[200 * 5 + 1];

	for (int i = 0; i < 200; i++)
		memcpy(text + 5 * i, "junk\n", 5);
	CHECK_EQ_INT(ct_parse(text), -1);
	CHECK_EQ_INT(ct_diag.errors, CONF_MAX_ERRORS + 1);
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
	CHECK_EQ_INT(ct_parse(text), 0);
	CHECK_EQ_INT(ct_conf.beacon_int, 1098);
	CHECK_EQ_INT(ct_conf.line[CONF_KEY_BEACON_INT], 998);
	CHECK_EQ_INT(ct_diag.warnings, 331); /* duplicates of beacon_int */
	CHECK_MSG("t.conf:998: warning: beacon_int: duplicate key (also set "
		  "on line 995): the last one wins");
	o += (size_t)sprintf(text + o, "dtim_period=0\n");
	CHECK_EQ_INT(ct_parse(text), -1);
	CHECK_EQ_INT(ct_diag.errors, 1);
	CHECK_MSG("t.conf:1000: dtim_period: 0 is out of range 1..255");
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
		CHECK_EQ_INT(ct_parse(text), 0);
		CHECK(ct_ssid_is(ok[i].ssid, ok[i].len));
		if (check_failures != failures)
			fprintf(stderr, "  (case: %s)\n", ok[i].line);
	}
	CHECK_EQ_INT(ct_parse(BASE "ssid2=\"other\"\n"), 0);
	CHECK(ct_ssid_is("other", 5));
	CHECK_MSG("t.conf:5: warning: ssid2: overrides ssid set on line 2");
	CHECK_EQ_INT(ct_parse(NO_SSID "ssid2=\"a\"\nssid=b\n"), 0);
	CHECK(ct_ssid_is("b", 1));
	CHECK_MSG("t.conf:6: warning: ssid: overrides ssid2 set on line 5");
	CHECK_EQ_INT(ct_parse(NO_SSID "ssid=Caf\xc3\xa9 \xe2\x82\xac\n"), 0);
	CHECK(ct_ssid_is("Caf\xc3\xa9 \xe2\x82\xac", 9));
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
	CHECK_EQ_INT(ct_parse(BASE "macaddr_acl=1\naccept_mac_file=" DATA
			      "accept.acl\ndeny_mac_file=" DATA "deny.acl\n"),
		     0);
	CHECK_EQ_INT(ct_conf.accept.n, 0); /* read by conf_finish only */
	CHECK_EQ_INT(conf_finish(&ct_conf, &ct_diag), 0);
	CHECK_EQ_INT(ct_diag.errors + ct_diag.warnings, 0);
	CHECK_EQ_INT(ct_conf.accept.n, 3); /* sorted, one removed, no repeat */
	CHECK_MEM(ct_conf.accept.addr[0], mac_a1, 6);
	CHECK_MEM(ct_conf.accept.addr[1], mac_a2, 6);
	CHECK_MEM(ct_conf.accept.addr[2], mac_a3, 6);
	CHECK_EQ_INT(ct_conf.deny.n, 2);
	CHECK(conf_acl_allows(&ct_conf, mac_a1)); /* accept list wins */
	CHECK(conf_acl_allows(&ct_conf, mac_a3));
	CHECK(!conf_acl_allows(&ct_conf, mac_removed));
	CHECK(!conf_acl_allows(&ct_conf, mac_other));
	ct_conf.macaddr_acl = CONF_ACL_ACCEPT_UNLESS_DENIED;
	CHECK(conf_acl_allows(&ct_conf, mac_other));
	CHECK(!conf_acl_allows(&ct_conf, mac_d99));
	CHECK(conf_acl_allows(&ct_conf, mac_a1));
	CHECK_EQ_INT(conf_finish(&ct_conf, &ct_diag), 0); /* again: no leak */
	CHECK_EQ_INT(ct_conf.accept.n, 3);
}

static void test_acl_errors(void)
{
	CHECK_EQ_INT(ct_parse(BASE "accept_mac_file=" DATA "bad.acl\n"
			      "deny_mac_file=" DATA "none.acl\n"), 0);
	CHECK_EQ_INT(conf_finish(&ct_conf, &ct_diag), -1);
	CHECK_EQ_INT(ct_diag.errors, 3);
	CHECK_MSG(DATA "bad.acl:3: invalid MAC address '00:11:22:33:44'");
	CHECK_MSG(DATA "bad.acl:4: 'vlan7' after the MAC address is not a "
		  "VLAN id");
	CHECK_MSG("t.conf:6: deny_mac_file: cannot read '" DATA "none.acl': "
		  "No such file or directory");
	CHECK_EQ_INT(ct_parse(BASE "deny_mac_file=" DATA "\n"), 0);
	CHECK_EQ_INT(conf_finish(&ct_conf, &ct_diag), -1);
	CHECK_MSG("t.conf:5: deny_mac_file: cannot read '" DATA "': not a "
		  "regular file");
	CHECK_EQ_INT(ct_parse(BASE "macaddr_acl=1\n"), 0);
	CHECK_MSG("t.conf:5: warning: macaddr_acl: macaddr_acl=1 without "
		  "accept_mac_file: every station will be refused");
	CHECK(!conf_acl_allows(&ct_conf, mac_a1));
}

static void test_pmk(void)
{
	size_t n;
	uint8_t *ieee = check_unhex("f42c6fc52df0ebef9ebb4b90b38a5f90"
				    "2e83fe1b135a70e23aed762e9710a12e", &n);
	uint8_t *other = check_unhex("0dc0d6eb90555ed6419756b9a15ec3e3"
				     "209b63df707dd508d14581f8982721af", &n);
	uint8_t zero[CONF_PMK_LEN] = { 0 };

	CHECK_EQ_INT(ct_parse("interface=wlan0\nssid=IEEE\nchannel=1\nwpa=2\n"
			      "wpa_passphrase=password\n"), 0);
	CHECK(!ct_conf.pmk_ready);
	CHECK_EQ_INT(conf_finish(&ct_conf, &ct_diag), 0);
	CHECK(ct_conf.pmk_ready);
	CHECK_MEM(ct_conf.pmk, ieee, CONF_PMK_LEN);
	conf_free(&ct_conf);
	CHECK_MEM(ct_conf.pmk, zero, CONF_PMK_LEN);
	CHECK_EQ_INT(ct_conf.wpa_passphrase[0], 0);
	CHECK_EQ_INT(ct_parse("interface=wlan0\nssid2=\"ThisIsASSID\"\n"
			      "channel=1\nwpa=2\n"
			      "wpa_passphrase=ThisIsAPassword\n"), 0);
	CHECK_EQ_INT(conf_finish(&ct_conf, &ct_diag), 0);
	CHECK_MEM(ct_conf.pmk, other, CONF_PMK_LEN);
	CHECK_EQ_INT(ct_parse("interface=wlan0\nssid=IEEE\nchannel=1\nwpa=2\n"
			      "wpa_psk=F42C6FC52DF0EBEF9EBB4B90B38A5F90"
			      "2E83FE1B135A70E23AED762E9710A12E\n"), 0);
	CHECK(ct_conf.pmk_ready);
	CHECK_MEM(ct_conf.pmk, ieee, CONF_PMK_LEN);
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
	conf_print(&ct_conf, f);
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

	CHECK_EQ_INT(ct_parse(BASE "wpa=2\nwpa_passphrase=secret-words\n"
			      "ieee80211n=1\n"
			      "ht_capab=[SHORT-GI-20][HT40+]\n"), 0);
	out = print_conf();
	CHECK(!strcmp(out, want));
	CHECK(!strstr(out, "secret-words"));
	free(out);
	CHECK_EQ_INT(ct_parse(BASE "wpa=2\nwpa_psk=0123456789abcdef01234567"
			      "89abcdef0123456789abcdef0123456789abcdef\n"), 0);
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

	CHECK_EQ_INT(ct_parse(text), 0);
	first = ct_conf;
	out1 = print_conf();
	secret = strstr(out1, "<hidden>");
	CHECK(secret != NULL);
	if (!secret)
		return;
	memcpy(secret, "12345678", 8); /* same length as <hidden> */
	CHECK(strstr(out1, "\nssid2=P\"\\x01 lead #x \\\\\\\"\\xff \"\n"));
	CHECK_EQ_INT(ct_parse(out1), 0);
	CHECK(ct_ssid_is((const char *)first.ssid, first.ssid_len));
	CHECK_EQ_INT(ct_conf.ht_capab, first.ht_capab);
	CHECK_EQ_INT(ct_conf.ht40, CONF_HT40_PLUS);
	CHECK_MEM(ct_conf.bssid, first.bssid, 6);
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
	RUN(test_ssid2);
	RUN(test_acl);
	RUN(test_acl_errors);
	RUN(test_pmk);
	RUN(test_print);
	RUN(test_print_reads_back);
	conf_free(&ct_conf);
	return check_end();
}
