/*
 * config_radio.c - hw_mode, channel, country_code and ht_capab, and the
 * checks that tie them together (channel against band, HT against mode
 * and WMM, the 40 MHz secondary channel, 802.11d against country_code).
 *
 * Pure; main thread at start-up. Channel numbering: 802.11-2020 Annex E
 * (2.4 GHz channels 1..14, 14 for DSSS/802.11b only; 5 GHz 20 MHz
 * channels 36..64, 100..144, 149..177 in steps of 4). HT Capability
 * Information bits: 9.4.2.55.2, with hostapd's ht_capab flag names.
 * Like hostapd (hostapd_config_check), HT with hw_mode=b or without WMM is
 * disabled with a warning rather than refused.
 */
#include <string.h>

#include "config_pvt.h"

void conf_parse_hw_mode(struct conf_ctx *x, const char *v)
{
	char shown[CONF_SHOW_SIZE];

	if (!strcmp(v, "b"))
		x->conf->hw_mode = CONF_HW_MODE_B;
	else if (!strcmp(v, "g"))
		x->conf->hw_mode = CONF_HW_MODE_G;
	else if (!strcmp(v, "a"))
		x->conf->hw_mode = CONF_HW_MODE_A;
	else if (!strcmp(v, "ad"))
		conf_err(x, "802.11ad (60 GHz, hw_mode=ad) is not supported "
			 "by rapd");
	else if (!strcmp(v, "any"))
		conf_err(x, "hw_mode=any (automatic channel selection) is "
			 "not supported by rapd");
	else
		conf_err(x, "unknown hw_mode '%s' (a, b or g)",
			 conf_show(shown, v));
}

void conf_parse_channel(struct conf_ctx *x, const char *v)
{
	unsigned long n;

	if (!strcmp(v, "0") || !strcmp(v, "acs_survey")) {
		conf_err(x, "automatic channel selection (channel=%s) is not "
			 "supported by rapd: set a channel number", v);
		return;
	}
	if (conf_get_uint(x, v, 1, 255, &n))
		x->conf->channel = (unsigned)n;
}

void conf_parse_country(struct conf_ctx *x, const char *v)
{
	char shown[CONF_SHOW_SIZE];

	if (v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' || v[2]) {
		conf_err(x, "'%s' is not an ISO 3166-1 alpha-2 code (two "
			 "upper-case letters)", conf_show(shown, v));
		return;
	}
	memcpy(x->conf->country_code, v, 3);
}

/* --- ht_capab -------------------------------------------------------- */

#define HT_CAP_HT40 0x0002
#define HT_CAP_SMPS_MASK 0x000c
#define HT_CAP_RX_STBC_MASK 0x0300
#define HT_CAP_DEFAULT 0x000c /* SM power save disabled */

struct ht_flag {
	const char *name;
	uint16_t mask; /* the field the flag sets */
	uint16_t bits;
	enum conf_ht40 ht40;
};

static const struct ht_flag ht_flags[] = {
	{ "LDPC", 0x0001, 0x0001, CONF_HT40_NONE },
	{ "HT40+", HT_CAP_HT40, HT_CAP_HT40, CONF_HT40_PLUS },
	{ "HT40-", HT_CAP_HT40, HT_CAP_HT40, CONF_HT40_MINUS },
	{ "SMPS-STATIC", HT_CAP_SMPS_MASK, 0x0000, CONF_HT40_NONE },
	{ "SMPS-DYNAMIC", HT_CAP_SMPS_MASK, 0x0004, CONF_HT40_NONE },
	{ "GF", 0x0010, 0x0010, CONF_HT40_NONE },
	{ "SHORT-GI-20", 0x0020, 0x0020, CONF_HT40_NONE },
	{ "SHORT-GI-40", 0x0040, 0x0040, CONF_HT40_NONE },
	{ "TX-STBC", 0x0080, 0x0080, CONF_HT40_NONE },
	{ "RX-STBC1", HT_CAP_RX_STBC_MASK, 0x0100, CONF_HT40_NONE },
	{ "RX-STBC12", HT_CAP_RX_STBC_MASK, 0x0200, CONF_HT40_NONE },
	{ "RX-STBC123", HT_CAP_RX_STBC_MASK, 0x0300, CONF_HT40_NONE },
	{ "DELAYED-BA", 0x0400, 0x0400, CONF_HT40_NONE },
	{ "MAX-AMSDU-7935", 0x0800, 0x0800, CONF_HT40_NONE },
	{ "DSSS_CCK-40", 0x1000, 0x1000, CONF_HT40_NONE },
	{ "40-INTOLERANT", 0x4000, 0x4000, CONF_HT40_NONE },
	{ "LSIG-TXOP-PROT", 0x8000, 0x8000, CONF_HT40_NONE },
};

#define HT_FLAG_COUNT (sizeof(ht_flags) / sizeof(ht_flags[0]))

static const struct ht_flag *ht_flag_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < HT_FLAG_COUNT; i++)
		if (strlen(ht_flags[i].name) == len &&
		    !memcmp(ht_flags[i].name, name, len))
			return &ht_flags[i];
	return NULL;
}

/* "[FLAG][FLAG]..." (blanks allowed between flags); each field once. */
void conf_parse_ht_capab(struct conf_ctx *x, const char *v)
{
	char shown[CONF_SHOW_SIZE];
	uint16_t cap = HT_CAP_DEFAULT, seen = 0;
	enum conf_ht40 ht40 = CONF_HT40_NONE;

	while (*v) {
		const char *close = v[0] == '[' ? strchr(v, ']') : NULL;
		const struct ht_flag *f;

		if (!close) {
			conf_err(x, "expected [FLAG] at '%s'",
				 conf_show(shown, v));
			return;
		}
		f = ht_flag_lookup(v + 1, (size_t)(close - v - 1));
		if (!f || (seen & f->mask)) {
			char tok[CONF_SHOW_SIZE];
			size_t n = (size_t)(close - v + 1);

			n = n < sizeof(tok) ? n : sizeof(tok) - 1;
			memcpy(tok, v, n);
			tok[n] = '\0';
			conf_err(x, "%s flag '%s'",
				 f ? "conflicting or repeated" : "unknown",
				 conf_show(shown, tok));
			return;
		}
		seen |= f->mask;
		cap = (uint16_t)((cap & ~f->mask) | f->bits);
		if (f->ht40 != CONF_HT40_NONE)
			ht40 = f->ht40;
		for (v = close + 1; conf_is_blank(*v); v++)
			;
	}
	x->conf->ht_capab = cap;
	x->conf->ht40 = ht40;
}

/* --- Checks ---------------------------------------------------------- */

static bool channel_5ghz(unsigned ch)
{
	if (ch % 4 == 0)
		return (ch >= 36 && ch <= 64) || (ch >= 100 && ch <= 144);
	return ch % 4 == 1 && ch >= 149 && ch <= 177;
}

static bool channel_in_band(enum conf_hw_mode mode, unsigned ch)
{
	switch (mode) {
	case CONF_HW_MODE_B:
		return ch >= 1 && ch <= 14;
	case CONF_HW_MODE_G:
		return ch >= 1 && ch <= 13;
	case CONF_HW_MODE_A:
		return channel_5ghz(ch);
	}
	return false;
}

static void check_channel(struct conf_ctx *x)
{
	struct conf *c = x->conf;

	if (x->bad[CONF_KEY_CHANNEL] || x->bad[CONF_KEY_HW_MODE])
		return;
	if (!c->line[CONF_KEY_CHANNEL]) {
		conf_err_file(x->diag, x->file,
			      "missing required key 'channel' (hostapd's "
			      "default, 0, means automatic channel selection, "
			      "which rapd does not do)");
		x->bad[CONF_KEY_CHANNEL] = true;
		return;
	}
	if (channel_in_band(c->hw_mode, c->channel))
		return;
	if (c->hw_mode == CONF_HW_MODE_G && c->channel == 14)
		conf_err_key(x, CONF_KEY_CHANNEL, "channel 14 is only allowed "
			     "with hw_mode=b");
	else if (c->hw_mode == CONF_HW_MODE_A)
		conf_err_key(x, CONF_KEY_CHANNEL, "%u is not a 5 GHz 20 MHz "
			     "channel (hw_mode=a: 36..64, 100..144 or 149..177 "
			     "in steps of 4)", c->channel);
	else
		conf_err_key(x, CONF_KEY_CHANNEL, "%u is not a 2.4 GHz channel "
			     "(hw_mode=%s: 1..%d)", c->channel,
			     c->hw_mode == CONF_HW_MODE_B ? "b" : "g",
			     c->hw_mode == CONF_HW_MODE_B ? 14 : 13);
	x->bad[CONF_KEY_CHANNEL] = true;
}

/* Is ch the lower (plus) or upper (minus) half of a 40 MHz pair? */
static bool ht40_possible(const struct conf *c)
{
	unsigned ch = c->channel;
	bool plus = c->ht40 == CONF_HT40_PLUS;

	if (c->hw_mode != CONF_HW_MODE_A)
		return plus ? ch + 4 <= 13 : ch >= 5;
	if (!plus && ch < 40)
		return false;
	if (!channel_5ghz(plus ? ch + 4 : ch - 4))
		return false;
	/* Pairs start at 36, 44, ..., 140 and at 149, 157, ..., 173. */
	return ((ch - (ch >= 149 ? 149 : 36)) / 4 % 2 == 0) == plus;
}

static void check_ht(struct conf_ctx *x)
{
	struct conf *c = x->conf;
	bool ht_configured = c->ieee80211n;

	if (!c->line[CONF_KEY_WMM_ENABLED])
		c->wmm_enabled = ht_configured; /* hostapd's "auto" */
	if (c->ieee80211n && c->hw_mode == CONF_HW_MODE_B &&
	    !x->bad[CONF_KEY_HW_MODE]) {
		conf_warn_key(x, CONF_KEY_IEEE80211N, "HT is not allowed with "
			      "hw_mode=b (hostapd's default): HT disabled, as "
			      "hostapd does; set hw_mode=g for 802.11n");
		c->ieee80211n = false;
	}
	if (c->ieee80211n && !c->wmm_enabled) {
		conf_warn_key(x, CONF_KEY_IEEE80211N, "HT requires WMM "
			      "(wmm_enabled=0): HT disabled, as hostapd does");
		c->ieee80211n = false;
	}
	if (!ht_configured && c->line[CONF_KEY_HT_CAPAB] &&
	    !x->bad[CONF_KEY_HT_CAPAB])
		conf_warn_key(x, CONF_KEY_HT_CAPAB, "ignored: ieee80211n=0");
	if (c->ieee80211n && c->ht40 != CONF_HT40_NONE &&
	    !x->bad[CONF_KEY_CHANNEL] && !x->bad[CONF_KEY_HT_CAPAB] &&
	    !ht40_possible(c))
		conf_err_key(x, CONF_KEY_HT_CAPAB, "[HT40%c] is not possible "
			     "on channel %u (no 40 MHz channel pair with the "
			     "channel %s it)",
			     c->ht40 == CONF_HT40_PLUS ? '+' : '-', c->channel,
			     c->ht40 == CONF_HT40_PLUS ? "above" : "below");
}

void conf_check_radio(struct conf_ctx *x)
{
	struct conf *c = x->conf;

	check_channel(x);
	check_ht(x);
	if (c->ieee80211d && !c->country_code[0] &&
	    !x->bad[CONF_KEY_COUNTRY_CODE])
		conf_err_key(x, CONF_KEY_IEEE80211D, "ieee80211d=1 requires "
			     "country_code");
}

/* --- Writing back ---------------------------------------------------- */

size_t conf_ht_capab_str(const struct conf *c, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < HT_FLAG_COUNT; i++) {
		const struct ht_flag *f = &ht_flags[i];
		bool on = (c->ht_capab & f->mask) == f->bits &&
			  (HT_CAP_DEFAULT & f->mask) != f->bits;
		int w;

		if (f->ht40 != CONF_HT40_NONE)
			on = c->ht40 == f->ht40;
		if (!on)
			continue;
		w = snprintf(buf + n, size - n, "[%s]", f->name);
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
	return n;
}
