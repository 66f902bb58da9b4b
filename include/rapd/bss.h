/*
 * bss.h - struct bss: everything the access point answers with. Core fills
 * one at start-up from the configuration (mlme never sees struct conf);
 * the workers, the beacon builder and the authenticator only read it.
 *
 * Contract
 * - Plain data. Filled once by the main thread, then read-only: any thread
 *   may read it without a lock. It holds secrets (the PMK): the owner wipes
 *   it with bss_wipe() before freeing it.
 * - How to fill one: bss_init() (hostapd's defaults, an open network on
 *   2.4 GHz channel 1, 802.11b rates), set the fields below, call
 *   bss_set_rsn() for a WPA2 network, then bss_finish() (derives the
 *   advertised capability, the RSN element bytes, the HT and WMM defaults,
 *   the Country triplet), then bss_check(), which must return BSS_OK
 *   before any other mlme function sees the struct.
 * - Pure functions, no allocation, no I/O; return conventions per function.
 *
 * Clauses: IEEE Std 802.11-2020 9.4.1.4 (Capability Information), 9.4.2
 * (elements), 11.1.3 (beacon generation), 12.6.3 (RSNA policy).
 */
#ifndef RAPD_BSS_H
#define RAPD_BSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/crypto.h>
#include <rapd/ie.h>

enum bss_band {
	BSS_BAND_2GHZ,
	BSS_BAND_5GHZ,
};

/* hostapd's hw_mode: the PHY, and so the rate set and the band. */
enum bss_hw_mode {
	BSS_HW_MODE_B, /* DSSS/HR-DSSS, 2.4 GHz */
	BSS_HW_MODE_G, /* ERP, 2.4 GHz */
	BSS_HW_MODE_A, /* OFDM, 5 GHz */
};

/* ignore_broadcast_ssid: what beacons carry and whether wildcard probe
 * requests get an answer. */
enum bss_hidden {
	BSS_SSID_VISIBLE = 0,
	BSS_SSID_EMPTY = 1,  /* beacons: SSID element of length 0 */
	BSS_SSID_ZEROED = 2, /* beacons: the SSID's length, all octets 0 */
};

/* auth_algs bits. Shared Key is answered with status 13 in any case. */
#define BSS_AUTH_OPEN 0x1
#define BSS_AUTH_SHARED 0x2

#define BSS_MAX_STA 2007	       /* AIDs 1..2007 (9.4.1.8) */
#define BSS_BEACON_INT_MIN 15	       /* TU, hostapd's range */
#define BSS_MAX_INACTIVITY_DEFAULT 300 /* seconds (hostapd) */
#define BSS_UPDATE_COUNT_DEFAULT 4     /* wpa_{pairwise,group}_update_count */
#define BSS_GROUP_REKEY_DEFAULT 86400  /* seconds, CCMP group cipher */
#define BSS_COUNTRY_TRIPLETS_MAX 8
/* Above the longest beacon a struct passing bss_check() produces (about
 * 560 octets: 32 rates, a full TIM, 8 Country triplets, two AKMs, HT,
 * WMM; test_ap_beacon builds it), so buffers of this size always fit. */
#define BSS_BEACON_MAX 1024
/* Room for an RSN element: ID, Length and up to 255 octets. */
#define BSS_RSN_IE_MAX 257

struct bss {
	/* Identity */
	uint8_t bssid[6];
	uint8_t ssid[IE_SSID_MAX];
	uint8_t ssid_len; /* 1..32 */
	enum bss_hidden ignore_broadcast_ssid;

	/* Timing */
	uint16_t beacon_int; /* TU, 15..65535 */
	uint8_t dtim_period; /* beacons, 1..255 */

	/* Radio */
	enum bss_hw_mode hw_mode;
	enum bss_band band; /* set by bss_finish from hw_mode */
	uint8_t channel;
	/* Wire octets in the order advertised; IE_RATE_BASIC marks the
	 * BSSBasicRateSet, every station must support those (status 18). */
	struct ie_rateset rates;
	uint16_t capab; /* advertised; bss_finish derives it */

	/* 802.11n */
	bool ht;
	struct ie_ht_capab ht_capab; /* info set by core; rest defaulted */
	struct ie_ht_oper ht_oper;   /* bss_finish fills it */
	int8_t ht_sec_chan;	     /* +1 above, -1 below, 0: 20 MHz only */

	/* WMM (Wi-Fi Alliance): the Parameter element, default EDCA */
	bool wmm;
	struct ie_wmm_ac_param wmm_ac[4];

	/* Country element (ieee80211d=1): cc[0..1] letters, cc[2] the
	 * environment octet (' ' any, 'O' outdoor, 'I' indoor). */
	bool country_ie;
	char cc[3];
	struct ie_country_triplet country[BSS_COUNTRY_TRIPLETS_MAX];
	uint8_t n_country; /* 0: bss_finish adds our channel */

	/* Security: wpa=2 sets rsn; the PMK comes from wpa_passphrase or
	 * wpa_psk, prepared once (crypto_pmk_init) by bss_set_rsn. */
	bool rsn;
	struct rsn_config rsn_cfg;
	uint8_t rsn_ie[BSS_RSN_IE_MAX]; /* the AP's RSN element, rsn_put_ie */
	uint16_t rsn_ie_len;
	struct crypto_pmk pmk;
	bool pmk_set;
	unsigned auth_algs; /* BSS_AUTH_*, must include OPEN */

	/* Limits and timers */
	unsigned max_sta;		/* max_num_sta, 1..2007 */
	uint32_t max_inactivity;	/* ap_max_inactivity, s; 0 = never */
	uint16_t max_listen_interval;	/* larger requests: status 51 */
	unsigned pairwise_update_count; /* EAPOL-Key sends per message */
	unsigned group_update_count;
	uint32_t group_rekey; /* wpa_group_rekey, s; 0 = never.
			       * Core's timer: it bumps the epoch
			       * and calls ap_rekey_group. */
};

/* Why bss_check() refused a struct bss. */
enum bss_verdict {
	BSS_OK,
	BSS_BAD_BSSID,	      /* a group address */
	BSS_BAD_SSID,	      /* length 0 or over 32 */
	BSS_BAD_HIDDEN,	      /* ignore_broadcast_ssid not 0, 1 or 2 */
	BSS_BAD_BEACON_INT,   /* below 15 TU */
	BSS_BAD_DTIM,	      /* dtim_period 0 */
	BSS_BAD_CHANNEL,      /* not a channel of the band */
	BSS_BAD_RATES,	      /* none, or none basic */
	BSS_BAD_HT,	      /* HT with 802.11b, or 40 MHz off the band */
	BSS_BAD_COUNTRY,      /* not two letters, or no triplet */
	BSS_BAD_AUTH_ALGS,    /* Open System not allowed */
	BSS_BAD_RSN,	      /* suites rapd cannot run, stale element */
	BSS_BAD_PMK,	      /* RSN without a prepared PMK */
	BSS_BAD_MAX_STA,      /* 0 or over 2007 */
	BSS_BAD_UPDATE_COUNT, /* an EAPOL-Key retry count of 0 */
};

/* Defaults: hostapd's (beacon_int 100, dtim_period 2, max_num_sta 2007,
 * ap_max_inactivity 300, update counts 4, group rekey 86400), channel 1,
 * 802.11b rates, Open System, no RSN, no HT, no WMM, no Country. */
void bss_init(struct bss *b);

/*
 * The rate set hostapd uses for a hw_mode, basic rates marked:
 *   b: 1 2 5.5 11, basic 1 2
 *   g: 1 2 5.5 11 6 9 12 18 24 36 48 54, basic 1 2 5.5 11
 *   a: 6 9 12 18 24 36 48 54, basic 6 12 24
 */
void bss_default_rates(enum bss_hw_mode mode, struct ie_rateset *rs);

/*
 * WPA2-PSK: CCMP pairwise and group, the AKMs (RSN_AKM_PSK and/or
 * RSN_AKM_PSK_SHA256) and the PMK, prepared here. 0, or -1 if the PMK
 * cannot be prepared (the struct is then left without RSN).
 */
int bss_set_rsn(struct bss *b, uint32_t akms, const uint8_t pmk[32]);

/*
 * Derives what follows from the fields set: band (from hw_mode), the
 * capability (ESS; Privacy with RSN; Short Slot Time for 802.11g), the RSN
 * element (rsn_put_ie; 16 PTKSA replay counters with WMM, as hostapd), the
 * HT Capabilities defaults (one spatial stream, MCS 0-7, when core left
 * the MCS set empty) and HT Operation, the WMM default EDCA parameters,
 * and one Country triplet for our channel when none was given (20 dBm).
 * 0, or -1 when the RSN element cannot be built (bss_check then says
 * BSS_BAD_RSN).
 */
int bss_finish(struct bss *b);

/* Checks a finished struct; BSS_OK or the first problem found, in the
 * order of enum bss_verdict. */
enum bss_verdict bss_check(const struct bss *b);
const char *bss_verdict_name(enum bss_verdict v);

/* The 20 MHz channel centre frequency, or 0 if not a channel of band. */
unsigned bss_channel_freq(enum bss_band band, unsigned channel);

/* Wipes the PMK (crypto_wipe) and the rest of the struct. */
void bss_wipe(struct bss *b);

#endif
