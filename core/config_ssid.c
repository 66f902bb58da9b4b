/*
 * config_ssid.c - the ssid and ssid2 keys, and the escaping that lets
 * conf_print() write any SSID back in a form the reader accepts.
 *
 * Pure; main thread at start-up. An SSID is 1..32 arbitrary octets
 * (802.11-2020 9.4.2.2). hostapd's forms, which rapd reads the same way:
 *   ssid=text         the bytes of the value as written
 *   ssid2="text"      the bytes between the first and the last '"'
 *   ssid2=P"text"     the same, with printf escapes: \\ \" \n \r \t \e,
 *                     \xH or \xHH, and octal \o, \oo or \ooo (at most \377)
 *   ssid2=0a1b2c      hex digits, two per byte
 * rapd refuses an unknown escape (hostapd's printf_decode skips it).
 */
#include <string.h>

#include "config_pvt.h"
#include "rapd/bytes.h"

static void set_ssid(struct conf_ctx *x, const uint8_t *s, size_t len)
{
	memcpy(x->conf->ssid, s, len);
	x->conf->ssid_len = len;
}

void conf_parse_ssid(struct conf_ctx *x, const char *v)
{
	size_t len = strlen(v);

	if (len > CONF_SSID_MAX) {
		conf_err(x, "SSID is %zu bytes long; at most %d", len,
			 CONF_SSID_MAX);
		return;
	}
	set_ssid(x, (const uint8_t *)v, len);
}

/* Octal \o, \oo or \ooo; *p is on the first digit. */
static const char *unescape_octal(const char **p, const char *end,
				  unsigned *out)
{
	unsigned v = 0;
	int digits = 0;

	while (digits < 3 && *p < end && **p >= '0' && **p <= '7') {
		v = v * 8 + (unsigned)(**p - '0');
		(*p)++;
		digits++;
	}
	*out = v;
	return v > 0xff ? "octal escape above \\377" : NULL;
}

/* \xH or \xHH; *p is after the 'x'. */
static const char *unescape_hex(const char **p, const char *end,
				unsigned *out)
{
	int hi = *p < end ? hex_digit(**p) : -1;
	int lo;

	if (hi < 0)
		return "\\x without a hex digit";
	(*p)++;
	lo = *p < end ? hex_digit(**p) : -1;
	if (lo < 0) {
		*out = (unsigned)hi;
		return NULL;
	}
	(*p)++;
	*out = (unsigned)(hi << 4 | lo);
	return NULL;
}

/* One escape after a backslash; *p is on the character after it. */
static const char *unescape_one(const char **p, const char *end,
				unsigned *out)
{
	static const char simple[] = "\\\\\"\"n\nr\rt\te\033";

	if (*p == end)
		return "ends in a lone backslash";
	for (size_t i = 0; i + 1 < sizeof(simple); i += 2) {
		if (**p == simple[i]) {
			*out = (unsigned char)simple[i + 1];
			(*p)++;
			return NULL;
		}
	}
	if (**p >= '0' && **p <= '7')
		return unescape_octal(p, end, out);
	if (**p == 'x') {
		(*p)++;
		return unescape_hex(p, end, out);
	}
	return "unknown escape (\\\\ \\\" \\n \\r \\t \\e \\xHH \\ooo)";
}

/* hostapd's printf_decode over [p, end). NULL or the reason. */
static const char *unescape(const char *p, const char *end, uint8_t *out,
			    size_t *len)
{
	size_t n = 0;

	while (p < end) {
		unsigned ch;
		const char *why;

		if (n == CONF_SSID_MAX)
			return "SSID longer than 32 bytes";
		if (*p != '\\') {
			out[n++] = (uint8_t)*p++;
			continue;
		}
		p++;
		why = unescape_one(&p, end, &ch);
		if (why)
			return why;
		out[n++] = (uint8_t)ch;
	}
	*len = n;
	return NULL;
}

static const char *unhex(const char *v, uint8_t *out, size_t *len)
{
	size_t n = strlen(v);

	if (n % 2)
		return "odd number of hex digits (or a missing '\"')";
	if (n / 2 > CONF_SSID_MAX)
		return "SSID longer than 32 bytes";
	if (hex_decode(v, out, n / 2))
		return "not hex digits, \"text\" or P\"text\"";
	*len = n / 2;
	return NULL;
}

void conf_parse_ssid2(struct conf_ctx *x, const char *v)
{
	uint8_t out[CONF_SSID_MAX];
	size_t n = strlen(v), len = 0;
	const char *why;

	if (v[0] == '"' || (v[0] == 'P' && v[1] == '"')) {
		size_t open = v[0] == '"' ? 0 : 1;

		if (n < open + 2 || v[n - 1] != '"')
			why = "missing closing '\"'";
		else if (open == 0 && n - 2 > CONF_SSID_MAX)
			why = "SSID longer than 32 bytes";
		else if (open == 0) {
			len = n - 2;
			memcpy(out, v + 1, len);
			why = NULL;
		} else {
			why = unescape(v + 2, v + n - 1, out, &len);
		}
	} else {
		why = unhex(v, out, &len);
	}
	if (!why && len == 0)
		why = "empty SSID";
	if (why) {
		conf_err(x, "%s", why);
		return;
	}
	set_ssid(x, out, len);
}

/* --- Writing back ---------------------------------------------------- */

bool conf_ssid_plain(const uint8_t *ssid, size_t len)
{
	if (len == 0 || conf_is_blank((char)ssid[0]) ||
	    conf_is_blank((char)ssid[len - 1]))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (ssid[i] < 0x20 || ssid[i] == 0x7f)
			return false;
		if (ssid[i] == '#' && i > 0 && conf_is_blank((char)ssid[i - 1]))
			return false;
	}
	return true;
}

void conf_ssid_escape(const uint8_t *ssid, size_t len, FILE *out)
{
	static const char simple[] = "\\\\\"\"\nn\rr\tt\033e";

	fputs("P\"", out);
	for (size_t i = 0; i < len; i++) {
		const char *s = memchr(simple, ssid[i], sizeof(simple) - 1);
		size_t at = s ? (size_t)(s - simple) : 1;

		if (s && at % 2 == 0)
			fprintf(out, "\\%c", simple[at + 1]);
		else if (ssid[i] >= 0x20 && ssid[i] < 0x7f)
			fputc(ssid[i], out);
		else
			fprintf(out, "\\x%02x", ssid[i]);
	}
	fputc('"', out);
}
