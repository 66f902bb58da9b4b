/*
 * config_pvt.h - shared internals of the core/config_*.c files.
 * Do not include directly: the contract is include/rapd/config.h.
 *
 * The reader (config_parse.c) splits lines and calls one parse function
 * per key from the table in config_keys.c; the parse functions live with
 * their topic (config_keys.c, config_radio.c, config_ssid.c,
 * config_wpa.c) and report through the conf_ctx. After the last line,
 * config_check.c checks the keys against each other.
 */
#ifndef RAPD_CONFIG_PVT_H
#define RAPD_CONFIG_PVT_H

#include "rapd/config.h"

/* The state of one conf_parse_buf() run. */
struct conf_ctx {
	struct conf *conf;
	struct conf_diag *diag;
	const char *file;
	uint32_t line;           /* current line, 1-based */
	const char *key;         /* key of the current line, for messages */
	bool failed;             /* the current value was refused */
	bool bad[CONF_KEY__COUNT]; /* a key whose last value was refused */
	uint32_t slot_line[CONF_KEY__COUNT]; /* for duplicate warnings */
	enum conf_key slot_key[CONF_KEY__COUNT]; /* which key set a slot */
	unsigned wpa_pairwise;   /* rsn_pairwise falls back to it */
	unsigned errors_at_start;
};

typedef void conf_parse_fn(struct conf_ctx *x, const char *value);

struct conf_key_def {
	const char *name;
	enum conf_key key;
	enum conf_key slot;  /* keys setting the same thing share a slot */
	conf_parse_fn *parse;
};

/* config_keys.c */
const struct conf_key_def *conf_key_lookup(const char *name);

/* config_refuse.c: hostapd keys rapd does not implement. Returns true
 * (and reports) when name is one; value is accepted if it is the key's
 * "off" value. */
bool conf_refuse_known(struct conf_ctx *x, const char *name,
		       const char *value);

/* config_parse.c: reporting. conf_err marks the current value refused. */
void conf_err(struct conf_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void conf_warn(struct conf_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* About key k as a whole, at the line that set it (or the file). */
void conf_err_key(struct conf_ctx *x, enum conf_key k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_warn_key(struct conf_ctx *x, enum conf_key k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* About the file ("FILE: ..."). */
void conf_err_file(struct conf_diag *d, const char *file, const char *fmt,
		   ...) __attribute__((format(printf, 3, 4)));
void conf_report(struct conf_diag *d, enum conf_severity sev,
		 const char *file, uint32_t line, const char *key,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A value made safe to print: non-printable bytes as \xHH, cut to about
 * 40 characters. Returns buf. */
#define CONF_SHOW_SIZE 64
const char *conf_show(char buf[CONF_SHOW_SIZE], const char *s);

/* config_keys.c: strict value parsers; on failure they report. */
bool conf_get_uint(struct conf_ctx *x, const char *v, unsigned long min,
		   unsigned long max, unsigned long *out);
bool conf_get_bool(struct conf_ctx *x, const char *v, bool *out);
bool conf_parse_mac(const char *s, uint8_t mac[6], const char **end);
bool conf_ifname_valid(const char *s);
bool conf_is_blank(char c);

/* Parse functions, by topic. */
conf_parse_fn conf_parse_ssid, conf_parse_ssid2;
conf_parse_fn conf_parse_hw_mode, conf_parse_channel, conf_parse_country,
	conf_parse_ht_capab;
conf_parse_fn conf_parse_auth_algs, conf_parse_wpa, conf_parse_key_mgmt,
	conf_parse_wpa_pairwise, conf_parse_rsn_pairwise,
	conf_parse_passphrase, conf_parse_psk;

/* config_radio.c: ht_capab as "[FLAG]..." (only what differs from the
 * default); returns its length, "" for none. */
size_t conf_ht_capab_str(const struct conf *c, char *buf, size_t size);

/* Cross-key checks (config_check.c calls the topic ones). */
void conf_check(struct conf_ctx *x);
void conf_check_radio(struct conf_ctx *x);
void conf_check_wpa(struct conf_ctx *x);

/* config_wpa.c: the PMK from the passphrase and SSID, once. */
int conf_wpa_derive(struct conf *c, struct conf_diag *d);

/* config_parse.c: a whole regular file of at most CONF_FILE_MAX bytes
 * into a malloc'd buffer with one spare byte after *len. 0 or -errno
 * (-EINVAL: not a regular file, -EFBIG: too large, -EAGAIN: it grew). */
int conf_read_file(const char *path, char **out, size_t *len);

/* config_acl.c */
int conf_acl_load(struct conf *c, struct conf_diag *d);
void conf_acl_free(struct conf *c);

/* config_ssid.c: hostapd's P"..." escapes; false if a byte must be
 * escaped for ssid= to read it back. */
bool conf_ssid_plain(const uint8_t *ssid, size_t len);
void conf_ssid_escape(const uint8_t *ssid, size_t len, FILE *out);

#endif
