/*
 * config.h - rapd's configuration: the hostapd.conf format, a documented
 * subset of its keys plus rapd's own (rapd_*, tap_interface).
 *
 * Contract
 * - struct conf is plain data, filled once at start-up by the main thread
 *   and read-only afterwards, so any thread may read it without a lock.
 *   Its only heap memory is the two MAC lists of the ACL files; conf_free()
 *   releases them and wipes the secrets (passphrase, PMK).
 * - Life cycle: conf_init() (defaults: hostapd's, see rapd.conf.example),
 *   optionally conf_set_interface() (the -i override, which wins over the
 *   file), then conf_load() = read the file + conf_parse_buf() +
 *   conf_finish(). conf_parse_buf() is pure (no I/O, no crypto) and is what
 *   the fuzzer drives; conf_finish() reads the ACL files and derives the
 *   PMK. None of them touches a network interface.
 * - Diagnostics go to a struct conf_diag, one complete line per message,
 *   without a trailing newline:
 *     FILE:LINE: KEY: reason               an invalid value (an error)
 *     FILE: missing required key 'ssid'    a problem of the whole file
 *     FILE:LINE: warning: ...              a warning (unknown key, ...)
 *   Every problem is reported, not only the first (the reader gives up
 *   after CONF_MAX_ERRORS errors in one file). Secrets are never echoed.
 * - Return values: 0 when no error was reported, -1 otherwise (the counts
 *   are in the diag). conf_set_interface() returns -1 on an invalid name.
 *
 * Differences from hostapd's reader (documented in rapd.conf.example):
 * whitespace followed by '#' starts a comment anywhere on a line (inside
 * ssid2's quotes it does not), whitespace around keys and values is not
 * significant, and CRLF line ends are accepted.
 */
#ifndef RAPD_CONFIG_H
#define RAPD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONF_IFNAME_SIZE 16 /* IFNAMSIZ: 15 characters and the NUL */
#define CONF_PATH_SIZE 256
#define CONF_GROUP_SIZE 33
#define CONF_SSID_MAX 32
#define CONF_PASSPHRASE_MIN 8
#define CONF_PASSPHRASE_MAX 63
#define CONF_PMK_LEN 32
#define CONF_MAX_STA 2007 /* AIDs 1..2007 (9.4.1.8) */
#define CONF_WORKERS_MAX 64
#define CONF_RING_SIZE_MIN 16
#define CONF_RING_SIZE_MAX (1u << 20)
#define CONF_RING_SIZE_DEFAULT 1024
#define CONF_POOL_FRAMES_MIN 64
#define CONF_POOL_FRAMES_MAX (1u << 22)
#define CONF_POOL_FRAMES_DEFAULT 8192
#define CONF_TAP_DEFAULT "rapd0"
#define CONF_FILE_MAX (1u << 20) /* larger config or ACL files are refused */
#define CONF_LINE_MAX 1024       /* longest line, in bytes */
#define CONF_MAX_ERRORS 100      /* the reader gives up after this many */
#define CONF_ACL_MAX 65536       /* entries per ACL file */

enum conf_driver {
	CONF_DRIVER_NL80211, /* kernel AP interface + monitor beside it */
	CONF_DRIVER_MONITOR, /* active monitor only, data through a TAP */
};

enum conf_hw_mode {
	CONF_HW_MODE_B, /* hostapd's default */
	CONF_HW_MODE_G,
	CONF_HW_MODE_A,
};

/* Secondary channel of a 40 MHz BSS, from ht_capab [HT40+] / [HT40-]. */
enum conf_ht40 {
	CONF_HT40_NONE,
	CONF_HT40_PLUS,
	CONF_HT40_MINUS,
};

/* macaddr_acl; hostapd's 2 (RADIUS) is refused. */
enum conf_acl_policy {
	CONF_ACL_ACCEPT_UNLESS_DENIED = 0,
	CONF_ACL_DENY_UNLESS_ACCEPTED = 1,
};

/* auth_algs bits */
#define CONF_AUTH_OPEN 0x1
#define CONF_AUTH_SHARED 0x2 /* accepted only with OPEN; requests refused */

/* wpa: 0 = open network, 2 = WPA2 (RSN); 1 and 3 (WPA1) are refused. */
#define CONF_WPA_RSN 0x2

/* wpa_key_mgmt bits (AKM suites 00-0F-AC:2 and :6) */
#define CONF_AKM_PSK 0x1
#define CONF_AKM_PSK_SHA256 0x2

/* Pairwise cipher bits; only CCMP-128 is supported. */
#define CONF_CIPHER_CCMP 0x1

/* Every key rapd implements; the order is that of conf_print(). */
enum conf_key {
	CONF_KEY_INTERFACE,
	CONF_KEY_DRIVER,
	CONF_KEY_CTRL_INTERFACE,
	CONF_KEY_CTRL_INTERFACE_GROUP,
	CONF_KEY_SSID,
	CONF_KEY_SSID2,
	CONF_KEY_BSSID,
	CONF_KEY_HW_MODE,
	CONF_KEY_CHANNEL,
	CONF_KEY_COUNTRY_CODE,
	CONF_KEY_IEEE80211D,
	CONF_KEY_IEEE80211N,
	CONF_KEY_HT_CAPAB,
	CONF_KEY_WMM_ENABLED,
	CONF_KEY_BEACON_INT,
	CONF_KEY_DTIM_PERIOD,
	CONF_KEY_MAX_NUM_STA,
	CONF_KEY_IGNORE_BROADCAST_SSID,
	CONF_KEY_AP_MAX_INACTIVITY,
	CONF_KEY_AUTH_ALGS,
	CONF_KEY_WPA,
	CONF_KEY_WPA_KEY_MGMT,
	CONF_KEY_WPA_PAIRWISE,
	CONF_KEY_RSN_PAIRWISE,
	CONF_KEY_WPA_PASSPHRASE,
	CONF_KEY_WPA_PSK,
	CONF_KEY_WPA_GROUP_REKEY,
	CONF_KEY_WPA_PTK_REKEY,
	CONF_KEY_WPA_PAIRWISE_UPDATE_COUNT,
	CONF_KEY_MACADDR_ACL,
	CONF_KEY_ACCEPT_MAC_FILE,
	CONF_KEY_DENY_MAC_FILE,
	CONF_KEY_LOGGER_STDOUT,
	CONF_KEY_LOGGER_STDOUT_LEVEL,
	CONF_KEY_RAPD_WORKERS,
	CONF_KEY_RAPD_RING_SIZE,
	CONF_KEY_RAPD_POOL_FRAMES,
	CONF_KEY_TAP_INTERFACE,
	CONF_KEY__COUNT
};

/* A sorted, duplicate-free list of MAC addresses. */
struct conf_mac_list {
	uint8_t (*addr)[6];
	size_t n;
};

struct conf {
	/* Where each value came from: the file, and the line that set each
	 * key (0 = the default). */
	char path[CONF_PATH_SIZE];
	uint32_t line[CONF_KEY__COUNT];
	bool interface_from_cmdline;

	char interface[CONF_IFNAME_SIZE];
	enum conf_driver driver;
	char ctrl_interface[CONF_PATH_SIZE];           /* "" = none */
	char ctrl_interface_group[CONF_GROUP_SIZE];    /* name or gid, "" */
	uint8_t ssid[CONF_SSID_MAX];
	size_t ssid_len;
	bool bssid_set;
	uint8_t bssid[6];

	enum conf_hw_mode hw_mode;
	unsigned channel;
	char country_code[3];                          /* "" = unset */
	bool ieee80211d;
	bool ieee80211n;          /* effective: false if HT was disabled */
	uint16_t ht_capab;        /* HT Capability Information (9.4.2.55.2) */
	enum conf_ht40 ht40;
	bool wmm_enabled;         /* effective: "auto" resolved */
	unsigned beacon_int;      /* TU */
	unsigned dtim_period;
	unsigned max_num_sta;
	unsigned ignore_broadcast_ssid; /* 0, 1 (empty SSID), 2 (zeroed) */
	unsigned ap_max_inactivity;     /* seconds */

	unsigned auth_algs;
	unsigned wpa;
	unsigned wpa_key_mgmt;
	unsigned rsn_pairwise;    /* effective (falls back to wpa_pairwise) */
	char wpa_passphrase[CONF_PASSPHRASE_MAX + 1]; /* "" = none */
	bool wpa_psk_set;         /* the PMK came from wpa_psk */
	bool pmk_ready;           /* pmk[] holds the network's PMK */
	uint8_t pmk[CONF_PMK_LEN];
	uint32_t wpa_group_rekey; /* seconds, 0 = never */
	uint32_t wpa_ptk_rekey;   /* seconds, 0 = never */
	uint32_t wpa_pairwise_update_count;

	enum conf_acl_policy macaddr_acl;
	char accept_mac_file[CONF_PATH_SIZE];
	char deny_mac_file[CONF_PATH_SIZE];
	struct conf_mac_list accept;
	struct conf_mac_list deny;

	int32_t logger_stdout;    /* module bit mask, -1 = all */
	unsigned logger_stdout_level; /* 0 verbose .. 4 warnings only */

	unsigned rapd_workers;    /* 0 = one per CPU */
	unsigned rapd_ring_size;  /* power of two */
	unsigned rapd_pool_frames;
	char tap_interface[CONF_IFNAME_SIZE];
};

enum conf_severity {
	CONF_SEV_WARNING,
	CONF_SEV_ERROR,
};

/* Where diagnostics go. emit may be NULL (they are then only counted). */
struct conf_diag {
	void (*emit)(void *arg, enum conf_severity sev, const char *msg);
	void *arg;
	unsigned errors;
	unsigned warnings;
};

/* An emit function writing each message and a newline to a FILE *arg. */
void conf_emit_stream(void *stream, enum conf_severity sev, const char *msg);

/* Fills c with the defaults. */
void conf_init(struct conf *c);

/* The -i override: checks and sets the interface name, which then wins
 * over the file's interface key. Call before conf_load. 0 or -1. */
int conf_set_interface(struct conf *c, const char *ifname);

/* Parses and checks config text (name is used in messages); pure. The
 * ACL files are not read and the PMK is not derived: see conf_finish. */
int conf_parse_buf(const char *name, const char *buf, size_t len,
		   struct conf *c, struct conf_diag *d);

/* Reads the ACL files and derives the PMK (from wpa_passphrase and the
 * SSID, PBKDF2, a few milliseconds; or from wpa_psk). */
int conf_finish(struct conf *c, struct conf_diag *d);

/* Reads path (a regular file of at most CONF_FILE_MAX bytes), then
 * conf_parse_buf() and conf_finish(). */
int conf_load(const char *path, struct conf *c, struct conf_diag *d);

/* Frees the ACL lists and wipes c (it may be conf_init'ed again). */
void conf_free(struct conf *c);

/* hostapd's ACL decision: a station in the accept list is accepted, one in
 * the deny list refused, any other accepted unless macaddr_acl=1. */
bool conf_acl_allows(const struct conf *c, const uint8_t mac[6]);
/* The same decision over any two sorted lists (the run-time ACL). */
bool conf_acl_decide(enum conf_acl_policy policy,
		     const struct conf_mac_list *accept,
		     const struct conf_mac_list *deny, const uint8_t mac[6]);
/* Whether mac is in the sorted list l. */
bool conf_mac_listed(const struct conf_mac_list *l, const uint8_t mac[6]);

/* The effective configuration as key=value lines that conf_parse_buf
 * reads back, secrets shown as <hidden>. */
void conf_print(const struct conf *c, FILE *out);

/* The name of a key ("ssid2"). */
const char *conf_key_name(enum conf_key k);

#endif
