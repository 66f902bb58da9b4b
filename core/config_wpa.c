/*
 * config_wpa.c - the security keys: auth_algs, wpa, wpa_key_mgmt, the
 * pairwise ciphers, wpa_passphrase and wpa_psk; their cross-checks; and
 * the PMK, derived once at load.
 *
 * Pure but for conf_wpa_derive() (PBKDF2, a few ms); main thread at
 * start-up. Owns the passphrase and PMK copies in struct conf, wiped by
 * conf_free(). Never prints a secret.
 *
 * rapd implements WPA2-PSK with CCMP-128 (802.11-2020 12.7, AKM suites
 * 00-0F-AC:2 and :6) and open networks. Everything else hostapd accepts
 * here is refused by name: WPA1 (wpa=1/3), TKIP-only, GCMP and CCMP-256,
 * 802.1X/EAP, SAE, FT, OWE, FILS, DPP; and WEP shared-key authentication
 * (auth_algs=2; auth_algs=3 is accepted with a warning). The passphrase is
 * 8..63 characters coded 32..126 and the PSK 64 hex digits (J.4.1). As in
 * hostapd, rsn_pairwise falls back to wpa_pairwise; unlike hostapd (which
 * falls back to TKIP), the last resort is CCMP.
 */
#include <string.h>

#include "config_pvt.h"
#include "rapd/bytes.h"
#include "rapd/crypto.h"

#define CIPHER_TKIP 0x100 /* parsed only to be refused or dropped */

void conf_parse_auth_algs(struct conf_ctx *x, const char *v)
{
	unsigned long n;

	if (!conf_get_uint(x, v, 1, 3, &n))
		return;
	if (n == CONF_AUTH_SHARED) {
		conf_err(x, "shared key (WEP) authentication is not supported "
			 "by rapd");
		return;
	}
	if (n & CONF_AUTH_SHARED)
		conf_warn(x, "shared key (WEP) authentication is not supported "
			  "by rapd: such requests will be refused");
	x->conf->auth_algs = (unsigned)n;
}

void conf_parse_wpa(struct conf_ctx *x, const char *v)
{
	unsigned long n;

	if (!conf_get_uint(x, v, 0, 3, &n))
		return;
	if (n & 1) {
		conf_err(x, "WPA (version 1) is not supported by rapd: use "
			 "wpa=2");
		return;
	}
	x->conf->wpa = (unsigned)n;
}

struct token {
	const char *name;
	unsigned bit;         /* 0: refused */
	const char *feature;  /* why it is refused */
};

static const struct token akms[] = {
	{ "WPA-PSK", CONF_AKM_PSK, NULL },
	{ "WPA-PSK-SHA256", CONF_AKM_PSK_SHA256, NULL },
	{ "WPA-EAP", 0, "802.1X/EAP" },
	{ "WPA-EAP-SHA256", 0, "802.1X/EAP" },
	{ "WPA-EAP-SHA384", 0, "802.1X/EAP" },
	{ "WPA-EAP-SUITE-B", 0, "802.1X/EAP, Suite B" },
	{ "WPA-EAP-SUITE-B-192", 0, "802.1X/EAP, Suite B" },
	{ "SAE", 0, "WPA3-Personal" },
	{ "SAE-EXT-KEY", 0, "WPA3-Personal" },
	{ "OWE", 0, "Enhanced Open" },
	{ "DPP", 0, "Device Provisioning Protocol" },
	{ "OSEN", 0, "Hotspot 2.0" },
	{ "FILS-SHA256", 0, "fast initial link setup" },
	{ "FILS-SHA384", 0, "fast initial link setup" },
	{ "PASN", 0, "pre-association security negotiation" },
};

static const struct token ciphers[] = {
	{ "CCMP", CONF_CIPHER_CCMP, NULL },
	{ "TKIP", CIPHER_TKIP, NULL },
	{ "CCMP-256", 0, "CCMP-128 only" },
	{ "GCMP", 0, "CCMP-128 only" },
	{ "GCMP-256", 0, "CCMP-128 only" },
};

/* A blank-separated list of tokens into a bit mask; 0 after an error. */
static unsigned parse_list(struct conf_ctx *x, const char *v,
			   const struct token *tab, size_t n,
			   const char *what, const char *supported)
{
	char word[CONF_SHOW_SIZE], shown[CONF_SHOW_SIZE];
	unsigned mask = 0;
	bool ok = true;

	while (*v) {
		size_t len = strcspn(v, " \t");
		const struct token *t = NULL;

		for (size_t i = 0; i < n && !t; i++)
			if (strlen(tab[i].name) == len &&
			    !memcmp(tab[i].name, v, len))
				t = &tab[i];
		if (!t || !t->bit) {
			len = len < sizeof(word) ? len : sizeof(word) - 1;
			memcpy(word, v, len);
			word[len] = '\0';
			conf_show(shown, word);
			ok = false;
		}
		if (t && !t->bit)
			conf_err(x, "%s is not supported by rapd (%s)", shown,
				 t->feature);
		else if (!t && !strncmp(word, "FT-", 3))
			conf_err(x, "%s is not supported by rapd (fast BSS "
				 "transition, 802.11r)", shown);
		else if (!t)
			conf_err(x, "unknown %s '%s' (rapd supports %s)", what,
				 shown, supported);
		mask |= t ? t->bit : 0;
		for (v += strcspn(v, " \t"); *v == ' ' || *v == '\t'; v++)
			;
	}
	return ok ? mask : 0;
}

void conf_parse_key_mgmt(struct conf_ctx *x, const char *v)
{
	unsigned mask = parse_list(x, v, akms, sizeof(akms) / sizeof(*akms),
			  "key management", "WPA-PSK and WPA-PSK-SHA256");
	if (mask)
		x->conf->wpa_key_mgmt = mask;
}

static unsigned parse_ciphers(struct conf_ctx *x, const char *v)
{
	return parse_list(x, v, ciphers, sizeof(ciphers) / sizeof(*ciphers),
			  "cipher", "CCMP");
}

void conf_parse_wpa_pairwise(struct conf_ctx *x, const char *v)
{
	unsigned mask = parse_ciphers(x, v);

	if (mask)
		x->wpa_pairwise = mask;
}

void conf_parse_rsn_pairwise(struct conf_ctx *x, const char *v)
{
	unsigned mask = parse_ciphers(x, v);

	if (mask)
		x->conf->rsn_pairwise = mask;
}

static void forget_secrets(struct conf *c)
{
	crypto_wipe(c->wpa_passphrase, sizeof(c->wpa_passphrase));
	crypto_wipe(c->pmk, sizeof(c->pmk));
	c->wpa_psk_set = false;
	c->pmk_ready = false;
}

void conf_parse_passphrase(struct conf_ctx *x, const char *v)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < n; i++) {
		if (v[i] < 32 || v[i] > 126) {
			conf_err(x, "character %zu is not printable ASCII (a "
				 "passphrase is 8..63 characters coded "
				 "32..126)", i + 1);
			return;
		}
	}
	if (n < CONF_PASSPHRASE_MIN || n > CONF_PASSPHRASE_MAX) {
		conf_err(x, "passphrase is %zu characters long; it must be "
			 "8..63", n);
		return;
	}
	forget_secrets(x->conf);
	memcpy(x->conf->wpa_passphrase, v, n + 1);
}

void conf_parse_psk(struct conf_ctx *x, const char *v)
{
	size_t n = strlen(v);
	uint8_t pmk[CONF_PMK_LEN];

	if (n != 2 * CONF_PMK_LEN) {
		conf_err(x, "must be 64 hex digits (got %zu characters)", n);
		return;
	}
	if (hex_decode(v, pmk, CONF_PMK_LEN)) {
		size_t bad = 0;

		while (hex_digit(v[bad]) >= 0)
			bad++;
		conf_err(x, "must be 64 hex digits (character %zu is not one)",
			 bad + 1);
		crypto_wipe(pmk, sizeof(pmk));
		return;
	}
	forget_secrets(x->conf);
	memcpy(x->conf->pmk, pmk, sizeof(pmk));
	crypto_wipe(pmk, sizeof(pmk));
	x->conf->wpa_psk_set = true;
	x->conf->pmk_ready = true;
}

/* --- Checks ---------------------------------------------------------- */

/* The effective RSN pairwise ciphers: rsn_pairwise, else wpa_pairwise. */
static void check_pairwise(struct conf_ctx *x)
{
	struct conf *c = x->conf;
	enum conf_key src = CONF_KEY_RSN_PAIRWISE;
	unsigned mask = c->rsn_pairwise;

	if (!c->line[CONF_KEY_RSN_PAIRWISE] && x->wpa_pairwise) {
		src = CONF_KEY_WPA_PAIRWISE;
		mask = x->wpa_pairwise;
	}
	if (x->bad[src])
		return;
	if (mask == CIPHER_TKIP)
		conf_err_key(x, src, "TKIP is not supported by rapd (CCMP "
			     "only)%s", src == CONF_KEY_WPA_PAIRWISE ?
			     "; rsn_pairwise falls back to wpa_pairwise" : "");
	else if (mask & CIPHER_TKIP)
		conf_warn_key(x, src, "TKIP is not supported by rapd: only "
			      "CCMP will be offered");
}

void conf_check_wpa(struct conf_ctx *x)
{
	struct conf *c = x->conf;
	enum conf_key secret = c->wpa_psk_set ? CONF_KEY_WPA_PSK
					      : CONF_KEY_WPA_PASSPHRASE;
	bool have_secret = c->wpa_psk_set || c->wpa_passphrase[0];
	bool rsn = c->wpa & CONF_WPA_RSN;

	if (!x->bad[CONF_KEY_WPA] && rsn) {
		check_pairwise(x);
		if (!have_secret && !x->bad[CONF_KEY_WPA_PASSPHRASE])
			conf_err_file(x->diag, x->file, "missing required key "
				      "'wpa_passphrase' (or wpa_psk): wpa=2 "
				      "needs one");
	} else if (!x->bad[CONF_KEY_WPA] && have_secret) {
		conf_warn_key(x, secret, "ignored: wpa=0 makes an open "
			      "network");
	}
	c->rsn_pairwise = CONF_CIPHER_CCMP; /* all rapd offers */
}

int conf_wpa_derive(struct conf *c, struct conf_diag *d)
{
	if (!(c->wpa & CONF_WPA_RSN) || c->pmk_ready || !c->wpa_passphrase[0] ||
	    !c->ssid_len)
		return 0;
	if (crypto_psk_from_passphrase(c->wpa_passphrase, c->ssid,
				       c->ssid_len, c->pmk) < 0) {
		conf_err_file(d, c->path, "wpa_passphrase: deriving the PSK "
			      "failed");
		return -1;
	}
	c->pmk_ready = true;
	return 0;
}
