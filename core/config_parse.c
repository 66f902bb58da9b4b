/*
 * config_parse.c - the line reader of rapd's hostapd.conf-format files.
 *
 * Called by the main thread at start-up (and by the tests and the fuzzer);
 * pure except conf_load(), which reads the file. Owns nothing beyond the
 * call: conf_load's read buffer is wiped (it holds the passphrase) and
 * freed before it returns.
 *
 * Format (hostapd's, hostapd/hostapd.conf, with rapd's documented
 * differences):
 *   - one key=value per line; the key ends at the first '=';
 *   - a line whose first non-blank character is '#' is a comment, blank
 *     lines are skipped, a line may end in CRLF;
 *   - rapd only: whitespace followed by '#' starts a comment anywhere in a
 *     line (hostapd keeps it in the value). In a quoted ssid2 value the
 *     SSID ends at the last '"' that is followed by nothing or by a comment,
 *     so ssid2="a #b" keeps its ' #' (and a hostapd line without a comment
 *     reads as hostapd reads it; a comment after it must not end in '"');
 *   - rapd only: blanks around the key and the value are not part of them.
 * A line that is not key=value, holds a NUL byte or is longer than
 * CONF_LINE_MAX is an error; an unknown key is a warning.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_pvt.h"
#include "rapd/bytes.h"
#include "rapd/crypto.h"

/* --- Reporting ------------------------------------------------------- */

void conf_emit_stream(void *stream, enum conf_severity sev, const char *msg)
{
	(void)sev;
	fprintf(stream, "%s\n", msg);
}

static void report(struct conf_diag *d, enum conf_severity sev,
		   const char *file, uint32_t line, const char *key,
		   const char *fmt, va_list ap)
{
	char msg[512];
	int n;

	if (sev == CONF_SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (!d->emit)
		return;
	n = line ? snprintf(msg, sizeof(msg), "%s:%u: ", file, line)
		 : snprintf(msg, sizeof(msg), "%s: ", file);
	if (n > 0 && (size_t)n < sizeof(msg) && sev == CONF_SEV_WARNING)
		n += snprintf(msg + n, sizeof(msg) - n, "warning: ");
	if (n > 0 && (size_t)n < sizeof(msg) && key)
		n += snprintf(msg + n, sizeof(msg) - n, "%s: ", key);
	if (n > 0 && (size_t)n < sizeof(msg))
		vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	d->emit(d->arg, sev, msg);
}

void conf_report(struct conf_diag *d, enum conf_severity sev,
		 const char *file, uint32_t line, const char *key,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, sev, file, line, key, fmt, ap);
	va_end(ap);
}

void conf_err(struct conf_ctx *x, const char *fmt, ...)
{
	va_list ap;

	x->failed = true;
	va_start(ap, fmt);
	report(x->diag, CONF_SEV_ERROR, x->file, x->line, x->key, fmt, ap);
	va_end(ap);
}

void conf_warn(struct conf_ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(x->diag, CONF_SEV_WARNING, x->file, x->line, x->key, fmt, ap);
	va_end(ap);
}

void conf_err_key(struct conf_ctx *x, enum conf_key k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(x->diag, CONF_SEV_ERROR, x->file, x->conf->line[k],
	       conf_key_name(k), fmt, ap);
	va_end(ap);
}

void conf_warn_key(struct conf_ctx *x, enum conf_key k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(x->diag, CONF_SEV_WARNING, x->file, x->conf->line[k],
	       conf_key_name(k), fmt, ap);
	va_end(ap);
}

void conf_err_file(struct conf_diag *d, const char *file, const char *fmt,
		   ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, CONF_SEV_ERROR, file, 0, NULL, fmt, ap);
	va_end(ap);
}

const char *conf_show(char buf[CONF_SHOW_SIZE], const char *s)
{
	size_t o = 0;

	for (; *s && o < 40; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
			buf[o++] = (char)ch;
			continue;
		}
		buf[o++] = '\\';
		buf[o++] = 'x';
		hex_put_byte(buf + o, ch);
		o += 2;
	}
	if (*s) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* --- One line -------------------------------------------------------- */

bool conf_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static char *trim(char *s)
{
	size_t n;

	while (conf_is_blank(*s))
		s++;
	n = strlen(s);
	while (n && conf_is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* The first blank+'#' in s (the comment's '#'), or NULL. */
static char *find_comment(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '#' && p > s && conf_is_blank(p[-1]))
			return p;
	return NULL;
}

static bool rest_is_comment(const char *p)
{
	while (conf_is_blank(*p))
		p++;
	return *p == '\0' || (*p == '#' && conf_is_blank(p[-1]));
}

/* Cuts the comment off a value; a quoted ssid2 value ends at the last '"'
 * followed by nothing or by a comment. */
static void cut_comment(char *v, bool quotable)
{
	char *q = v, *c;

	while (conf_is_blank(*q))
		q++;
	if (quotable && (q[0] == '"' || (q[0] == 'P' && q[1] == '"'))) {
		char *open = q[0] == '"' ? q : q + 1;

		for (char *p = open + strlen(open) - 1; p > open; p--) {
			if (*p == '"' && rest_is_comment(p + 1)) {
				p[1] = '\0';
				return;
			}
		}
	}
	c = find_comment(v);
	if (c)
		*c = '\0';
}

static void note_duplicate(struct conf_ctx *x, const struct conf_key_def *k)
{
	uint32_t prev = x->slot_line[k->slot];

	if (!prev)
		return;
	if (x->slot_key[k->slot] == k->key)
		conf_warn(x, "duplicate key (also set on line %u): the last "
			  "one wins", prev);
	else /* ssid2 after ssid, wpa_psk after wpa_passphrase, ... */
		conf_warn(x, "overrides %s set on line %u",
			  conf_key_name(x->slot_key[k->slot]), prev);
}

static void handle_pair(struct conf_ctx *x, char *key, char *value)
{
	const struct conf_key_def *k = conf_key_lookup(key);
	char shown[CONF_SHOW_SIZE];

	cut_comment(value, k && k->key == CONF_KEY_SSID2);
	value = trim(value);
	if (!k) {
		x->key = conf_show(shown, key);
		if (!conf_refuse_known(x, key, value)) {
			x->key = NULL;
			conf_warn(x, "unknown key '%s' ignored", shown);
		}
		return;
	}
	x->key = k->name;
	note_duplicate(x, k);
	x->failed = false;
	if (*value == '\0')
		conf_err(x, "empty value");
	else
		k->parse(x, value);
	x->conf->line[k->key] = x->line;
	x->slot_line[k->slot] = x->line;
	x->slot_key[k->slot] = k->key;
	x->bad[k->key] = x->failed;
	if (k->slot != k->key)
		x->bad[k->slot] = x->failed;
}

static void parse_line(struct conf_ctx *x, const char *p, size_t n)
{
	char buf[CONF_LINE_MAX + 1], shown[CONF_SHOW_SIZE];
	char *s, *eq, *hash;

	x->key = NULL;
	if (memchr(p, '\0', n)) {
		conf_err(x, "line contains a NUL byte");
		return;
	}
	if (n > CONF_LINE_MAX) {
		conf_err(x, "line longer than %u bytes", CONF_LINE_MAX);
		return;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	s = trim(buf);
	if (*s == '\0' || *s == '#')
		return;
	eq = strchr(s, '=');
	hash = find_comment(s);
	if (!eq || (hash && hash < eq)) {
		if (hash)
			*hash = '\0';
		conf_err(x, "invalid line '%s': expected key=value",
			 conf_show(shown, trim(s)));
		return;
	}
	*eq = '\0';
	s = trim(s);
	if (*s == '\0') {
		conf_err(x, "missing key before '='");
		return;
	}
	handle_pair(x, s, eq + 1);
}

/* --- Whole buffers and files ----------------------------------------- */

int conf_parse_buf(const char *name, const char *buf, size_t len,
		   struct conf *c, struct conf_diag *d)
{
	struct conf_ctx x = { .conf = c, .diag = d, .file = name };
	unsigned start = d->errors;
	size_t pos = 0;

	snprintf(c->path, sizeof(c->path), "%s", name);
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;

		x.line++;
		parse_line(&x, buf + pos, end - pos);
		pos = end + 1;
		if (d->errors - start >= CONF_MAX_ERRORS) {
			conf_err_file(d, name, "too many errors, giving up "
				      "after line %u", x.line);
			break;
		}
	}
	if (d->errors - start < CONF_MAX_ERRORS)
		conf_check(&x);
	return d->errors > start ? -1 : 0;
}

int conf_read_file(const char *path, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	size_t cap, got = 0;
	char *buf;
	int err = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;
	else if (st.st_size > CONF_FILE_MAX)
		err = -EFBIG;
	cap = err ? 0 : (size_t)st.st_size + 1; /* +1 sees a growing file */
	buf = err ? NULL : malloc(cap);
	if (!err && !buf)
		err = -ENOMEM;
	while (!err && got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);

		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n == 0)
			break;
		else if (n > 0)
			got += (size_t)n;
	}
	close(fd);
	if (!err && got == cap)
		err = -EAGAIN;
	if (err) {
		free(buf);
		return err;
	}
	*out = buf;
	*len = got;
	return 0;
}

int conf_load(const char *path, struct conf *c, struct conf_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = conf_read_file(path, &buf, &len);

	if (rc == -EINVAL)
		conf_err_file(d, path, "not a regular file");
	else if (rc == -EFBIG)
		conf_err_file(d, path, "larger than %u bytes", CONF_FILE_MAX);
	else if (rc == -EAGAIN)
		conf_err_file(d, path, "changed while being read");
	else if (rc < 0)
		conf_err_file(d, path, "cannot read: %s", strerror(-rc));
	if (rc < 0)
		return -1;
	rc = conf_parse_buf(path, buf, len, c, d);
	crypto_wipe(buf, len);
	free(buf);
	if (conf_finish(c, d) < 0)
		rc = -1;
	return rc;
}
