/*
 * run_phys.c - `rapd --list-phys`: what each wireless phy can do, in the
 * short form a user checks before starting an AP (iw list's essentials).
 *
 * Main thread. Opens its own nl80211 connection (netlink/), dumps the
 * phys, prints them and closes it. Touches no interface. Output, one block
 * per phy:
 *   phy0: modes IBSS,station,AP,...,monitor,...; active monitor: yes
 *     ciphers: WEP-40,WEP-104,TKIP,CCMP-128,...
 *     2.4 GHz: 1-11, 12-13 (no-IR), 14 (disabled)
 *     5 GHz: 36-48, 52-64 (radar), ...
 * Phys come in wiphy index order. A channel range joins channels listed
 * one after the other, at most a step apart (1 on 2.4 and 60 GHz, 4 on 5
 * and 6 GHz), that share their flags: disabled, no-IR (no AP may start
 * there), radar (DFS required). Bands whose channels have no number
 * (S1G, 900 MHz) are only counted: rapd cannot run an AP there.
 * Exit: 0 listed, 1 no phy or no nl80211.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/nl80211.h>

#include "rapd/nl.h"
#include "rapd/run.h"

#define PHYS_MAX 64

static const char *const mode_names[] = {
	[NL80211_IFTYPE_ADHOC] = "IBSS",
	[NL80211_IFTYPE_STATION] = "station",
	[NL80211_IFTYPE_AP] = "AP",
	[NL80211_IFTYPE_AP_VLAN] = "AP/VLAN",
	[NL80211_IFTYPE_WDS] = "WDS",
	[NL80211_IFTYPE_MONITOR] = "monitor",
	[NL80211_IFTYPE_MESH_POINT] = "mesh",
	[NL80211_IFTYPE_P2P_CLIENT] = "P2P-client",
	[NL80211_IFTYPE_P2P_GO] = "P2P-GO",
	[NL80211_IFTYPE_P2P_DEVICE] = "P2P-device",
	[NL80211_IFTYPE_OCB] = "OCB",
	[NL80211_IFTYPE_NAN] = "NAN",
};

/* Suite type n of the IEEE OUI 00-0F-AC (IEEE 802.11-2020 Table 9-149). */
static const char *const ieee_cipher_names[] = {
	[1] = "WEP-40",	      [2] = "TKIP",	    [4] = "CCMP-128",
	[5] = "WEP-104",      [6] = "BIP-CMAC-128", [8] = "GCMP-128",
	[9] = "GCMP-256",     [10] = "CCMP-256",    [11] = "BIP-GMAC-128",
	[12] = "BIP-GMAC-256", [13] = "BIP-CMAC-256",
};

static const char *const band_names[NL_PHY_BANDS] = {
	[NL80211_BAND_2GHZ] = "2.4 GHz", [NL80211_BAND_5GHZ] = "5 GHz",
	[NL80211_BAND_60GHZ] = "60 GHz", [NL80211_BAND_6GHZ] = "6 GHz",
	[NL80211_BAND_S1GHZ] = "S1G",	 [NL80211_BAND_LC] = "LC",
};

static void print_modes(const struct nl_phy *p)
{
	const char *sep = "";
	unsigned t;

	printf("modes ");
	for (t = 0; t < 32; t++) {
		if (!(p->iftypes & (1u << t)))
			continue;
		if (t < sizeof(mode_names) / sizeof(mode_names[0]) &&
		    mode_names[t])
			printf("%s%s", sep, mode_names[t]);
		else
			printf("%smode-%u", sep, t);
		sep = ",";
	}
	if (!*sep)
		printf("none");
}

static void print_ciphers(const struct nl_phy *p)
{
	unsigned i, type;

	printf("  ciphers: ");
	for (i = 0; i < p->n_ciphers; i++) {
		type = p->ciphers[i] & 0xff;
		if (p->ciphers[i] >> 8 == 0x000fac &&
		    type < sizeof(ieee_cipher_names) / sizeof(char *) &&
		    ieee_cipher_names[type])
			printf("%s%s", i ? "," : "", ieee_cipher_names[type]);
		else
			printf("%s%06X:%u", i ? "," : "", p->ciphers[i] >> 8,
			       type);
	}
	printf("%s\n", p->n_ciphers ? "" : "none");
}

static const char *flag_text(uint8_t flags)
{
	if (flags & NL_CHAN_DISABLED)
		return " (disabled)";
	switch (flags & (NL_CHAN_NO_IR | NL_CHAN_RADAR)) {
	case NL_CHAN_NO_IR:
		return " (no-IR)";
	case NL_CHAN_RADAR:
		return " (radar)";
	case NL_CHAN_NO_IR | NL_CHAN_RADAR:
		return " (no-IR, radar)";
	}
	return "";
}

/* A frequency outside the numbered plans shows in MHz. */
static void print_channel(const char *sep, const struct nl_channel *c)
{
	if (c->number)
		printf("%s%u", sep, c->number);
	else
		printf("%s%u MHz", sep, c->freq_mhz);
}

/* Does c continue the range that ends with prev? */
static int same_range(const struct nl_channel *prev,
		      const struct nl_channel *c, unsigned step)
{
	return prev->number && c->number > prev->number &&
	       c->number <= prev->number + step &&
	       flag_text(prev->flags) == flag_text(c->flags);
}

static void print_band(const struct nl_band *band, int b)
{
	unsigned step = 1, i, first;

	printf("  %s: ", band_names[b]);
	if (b == NL80211_BAND_S1GHZ || b == NL80211_BAND_LC) {
		printf("%u channels (not usable by rapd)\n", band->n_channels);
		return;
	}
	if (b == NL80211_BAND_5GHZ || b == NL80211_BAND_6GHZ)
		step = 4;	/* 20 MHz channels are numbered 4 apart */
	for (i = 0; i < band->n_channels; i++) {
		first = i;
		while (i + 1 < band->n_channels &&
		       same_range(&band->channels[i], &band->channels[i + 1],
				  step))
			i++;
		print_channel(first ? ", " : "", &band->channels[first]);
		if (i > first)
			print_channel("-", &band->channels[i]);
		printf("%s", flag_text(band->channels[i].flags));
	}
	printf("%s\n", band->truncated ? ", ... (list cut)" : "");
}

static void print_phy(const struct nl_phy *p)
{
	int b;

	printf("%s: ", p->name[0] ? p->name : "(unnamed)");
	print_modes(p);
	printf("; active monitor: %s\n",
	       p->features & NL80211_FEATURE_ACTIVE_MONITOR ? "yes" : "no");
	print_ciphers(p);
	for (b = 0; b < NL_PHY_BANDS; b++)
		if (p->bands[b].n_channels)
			print_band(&p->bands[b], b);
}

static int by_index(const void *a, const void *b)
{
	const struct nl_phy *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/* The connection, or NULL after saying why nl80211 cannot be used. */
static struct nl_conn *open_nl80211(void)
{
	struct nl_conn *nl;
	int rc = nl_conn_open(&nl);

	if (rc == 0)
		return nl;
	if (rc == -ENOENT)
		fputs("rapd: nl80211 not available: the kernel has no nl80211 "
		      "family (cfg80211 not loaded)\n", stderr);
	else
		fprintf(stderr, "rapd: nl80211 not available: %s\n",
			strerror(-rc));
	return NULL;
}

/* Dumps and prints; EXIT_SUCCESS if at least one phy was shown. */
static int list_phys(struct nl_conn *nl, struct nl_phy *phys)
{
	unsigned n = 0, i;
	int rc = nl_phy_dump(nl, phys, PHYS_MAX, &n);

	if (rc == -ENOSPC)
		fprintf(stderr, "rapd: more than %u phys: the first %u shown\n",
			PHYS_MAX, PHYS_MAX);
	else if (rc < 0) {
		fprintf(stderr, "rapd: cannot list the phys: %s\n",
			strerror(-rc));
		return EXIT_FAILURE;
	}
	if (n == 0) {
		fputs("rapd: no wireless phy found\n", stderr);
		return EXIT_FAILURE;
	}
	qsort(phys, n, sizeof(*phys), by_index);
	for (i = 0; i < n; i++)
		print_phy(&phys[i]);
	if (fflush(stdout) != 0) {
		perror("rapd: stdout");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

int run_list_phys(const struct run_opts *o)
{
	struct nl_phy *phys = calloc(PHYS_MAX, sizeof(*phys));
	struct nl_conn *nl;
	int rc;

	if (!phys) {
		fputs("rapd: out of memory\n", stderr);
		return EXIT_FAILURE;
	}
	nl = open_nl80211();
	rc = nl ? list_phys(nl, phys) : EXIT_FAILURE;
	nl_conn_close(nl);
	free(phys);
	return rc;
}
