/*
 * bss.c - struct bss helpers (see include/rapd/bss.h): defaults, the rate
 * sets of each hw_mode, what is derived from the configured fields (the
 * advertised capability, the RSN element, HT and WMM defaults, a Country
 * triplet) and the check core runs before any worker starts.
 *
 * Pure code, called once by core's main thread at start-up (and by tests).
 * It owns nothing but the struct it is given; bss_wipe() clears the PMK.
 * Follows IEEE Std 802.11-2020 9.4.1.4 (Capability Information), 9.4.2.3
 * (rates and the BSSBasicRateSet), 9.4.2.8 (Country), 9.4.2.24 (RSNE),
 * 9.4.2.55/56 (HT), 15.4.4.3 and 17.3.8.4 (channel numbering), and
 * hostapd's defaults (interop.md 1.7).
 */
#include <rapd/bss.h>

#include <string.h>

#include <rapd/bytes.h>

/* Rates in 500 kb/s units. */
static const uint8_t rates_b[] = {2, 4, 11, 22};
static const uint8_t rates_g[] = {2,  4,  11, 22, 12, 18,
				  24, 36, 48, 72, 96, 108};
static const uint8_t rates_a[] = {12, 18, 24, 36, 48, 72, 96, 108};

static bool is_basic(enum bss_hw_mode mode, uint8_t rate)
{
	switch (mode) {
	case BSS_HW_MODE_B:
		return rate == 2 || rate == 4;
	case BSS_HW_MODE_G:
		return rate == 2 || rate == 4 || rate == 11 || rate == 22;
	case BSS_HW_MODE_A:
		return rate == 12 || rate == 24 || rate == 48;
	}
	return false;
}

void bss_default_rates(enum bss_hw_mode mode, struct ie_rateset *rs)
{
	const uint8_t *list = rates_b;
	size_t n = sizeof(rates_b);

	if (mode == BSS_HW_MODE_G) {
		list = rates_g;
		n = sizeof(rates_g);
	} else if (mode == BSS_HW_MODE_A) {
		list = rates_a;
		n = sizeof(rates_a);
	}
	memset(rs, 0, sizeof(*rs));
	for (size_t i = 0; i < n; i++)
		rs->rate[i] =
			list[i] | (is_basic(mode, list[i]) ? IE_RATE_BASIC : 0);
	rs->n = (uint8_t)n;
}

void bss_init(struct bss *b)
{
	memset(b, 0, sizeof(*b));
	b->beacon_int = 100;
	b->dtim_period = 2;
	b->hw_mode = BSS_HW_MODE_B;
	b->channel = 1;
	bss_default_rates(b->hw_mode, &b->rates);
	b->auth_algs = BSS_AUTH_OPEN;
	b->max_sta = BSS_MAX_STA;
	b->max_inactivity = BSS_MAX_INACTIVITY_DEFAULT;
	b->max_listen_interval = UINT16_MAX;
	b->pairwise_update_count = BSS_UPDATE_COUNT_DEFAULT;
	b->group_update_count = BSS_UPDATE_COUNT_DEFAULT;
	b->group_rekey = BSS_GROUP_REKEY_DEFAULT;
	b->cc[2] = ' ';
}

int bss_set_rsn(struct bss *b, uint32_t akms, const uint8_t pmk[32])
{
	b->rsn = false;
	b->pmk_set = false;
	memset(&b->rsn_cfg, 0, sizeof(b->rsn_cfg));
	b->rsn_cfg.group_cipher = RSN_CIPHER_CCMP;
	b->rsn_cfg.pairwise_ciphers = RSN_CIPHER_CCMP;
	b->rsn_cfg.akms = akms;
	b->rsn_cfg.mfp = RSN_MFP_DISABLED;
	if (crypto_pmk_init(&b->pmk, pmk) != 0)
		return -1;
	b->pmk_set = true;
	b->rsn = true;
	return 0;
}

/* HT Operation from our channel and secondary channel offset. */
static void finish_ht(struct bss *b)
{
	static const uint8_t zero_mcs[16];

	if (memcmp(b->ht_capab.mcs, zero_mcs, sizeof(zero_mcs)) == 0)
		b->ht_capab.mcs[0] = 0xff; /* one spatial stream: MCS 0-7 */
	if (b->ht_capab.ampdu_params == 0)
		b->ht_capab.ampdu_params = 0x03; /* max A-MPDU 65535 octets */
	memset(&b->ht_oper, 0, sizeof(b->ht_oper));
	b->ht_oper.primary_chan = b->channel;
	if (b->ht_sec_chan > 0)
		b->ht_oper.info1 = IE_HT_OP1_SEC_ABOVE | IE_HT_OP1_ANY_WIDTH;
	else if (b->ht_sec_chan < 0)
		b->ht_oper.info1 = IE_HT_OP1_SEC_BELOW | IE_HT_OP1_ANY_WIDTH;
}

int bss_finish(struct bss *b)
{
	uint8_t *end;

	b->band = b->hw_mode == BSS_HW_MODE_A ? BSS_BAND_5GHZ : BSS_BAND_2GHZ;
	/* Short Slot Time: rapd does not track stations without it. */
	b->capab = WLAN_CAPAB_ESS;
	if (b->hw_mode == BSS_HW_MODE_G)
		b->capab |= WLAN_CAPAB_SHORT_SLOT;
	if (b->rsn)
		b->capab |= WLAN_CAPAB_PRIVACY;
	if (b->ht)
		finish_ht(b);
	if (b->wmm)
		ie_wmm_default_params(b->wmm_ac);
	if (b->country_ie && b->n_country == 0) {
		b->country[0] = (struct ie_country_triplet){b->channel, 1, 20};
		b->n_country = 1;
	}
	b->rsn_ie_len = 0;
	if (!b->rsn)
		return 0;
	/* With WMM, hostapd advertises 16 PTKSA replay counters (9.4.2.24.4:
	 * a QoS station keeps one per TID). */
	b->rsn_cfg.capab &= (uint16_t)~RSN_CAPAB_PTKSA_REPLAY_MASK;
	if (b->wmm)
		b->rsn_cfg.capab |= RSN_CAPAB_PTKSA_REPLAY_MASK;
	end = rsn_put_ie(b->rsn_ie, b->rsn_ie + sizeof(b->rsn_ie), &b->rsn_cfg);
	if (!end)
		return -1;
	b->rsn_ie_len = (uint16_t)(end - b->rsn_ie);
	return 0;
}

unsigned bss_channel_freq(enum bss_band band, unsigned channel)
{
	switch (band) {
	case BSS_BAND_2GHZ:
		if (channel == 14)
			return 2484;
		if (channel >= 1 && channel <= 13)
			return 2407 + 5 * channel;
		return 0;
	case BSS_BAND_5GHZ:
		if (channel >= 32 && channel <= 177)
			return 5000 + 5 * channel;
		return 0;
	}
	return 0;
}

static bool rates_ok(const struct ie_rateset *rs)
{
	bool basic = false;

	if (rs->n == 0 || rs->n > IE_RATES_MAX)
		return false;
	for (unsigned i = 0; i < rs->n; i++) {
		if (IE_RATE_VALUE(rs->rate[i]) == 0)
			return false;
		if (rs->rate[i] & IE_RATE_BASIC)
			basic = true;
	}
	return basic;
}

static bool ht_ok(const struct bss *b)
{
	int sec;

	if (!b->ht)
		return true;
	if (b->hw_mode == BSS_HW_MODE_B)
		return false;
	if (b->ht_sec_chan == 0)
		return true;
	/* The secondary channel is 4 channel numbers away, 20 MHz. */
	sec = b->channel + 4 * b->ht_sec_chan;
	return sec > 0 && bss_channel_freq(b->band, (unsigned)sec) != 0;
}

static bool country_ok(const struct bss *b)
{
	if (!b->country_ie)
		return true;
	return b->cc[0] >= 'A' && b->cc[0] <= 'Z' && b->cc[1] >= 'A' &&
	       b->cc[1] <= 'Z' && b->n_country >= 1 &&
	       b->n_country <= BSS_COUNTRY_TRIPLETS_MAX;
}

/* Only WPA2-PSK with CCMP runs here; the element must be what
 * bss_finish() built from rsn_cfg. */
static bool rsn_ok(const struct bss *b)
{
	uint8_t ie[BSS_RSN_IE_MAX];
	const uint8_t *end;
	const uint32_t psk_akms = RSN_AKM_PSK | RSN_AKM_PSK_SHA256;

	if (!b->rsn)
		return b->rsn_ie_len == 0;
	if (b->rsn_cfg.group_cipher != RSN_CIPHER_CCMP ||
	    b->rsn_cfg.pairwise_ciphers != RSN_CIPHER_CCMP ||
	    b->rsn_cfg.akms == 0 || (b->rsn_cfg.akms & ~psk_akms) ||
	    b->rsn_cfg.mfp != RSN_MFP_DISABLED)
		return false;
	end = rsn_put_ie(ie, ie + sizeof(ie), &b->rsn_cfg);
	return end && (size_t)(end - ie) == b->rsn_ie_len &&
	       memcmp(ie, b->rsn_ie, b->rsn_ie_len) == 0;
}

enum bss_verdict bss_check(const struct bss *b)
{
	if (mac_is_group(b->bssid))
		return BSS_BAD_BSSID;
	if (b->ssid_len == 0 || b->ssid_len > IE_SSID_MAX)
		return BSS_BAD_SSID;
	if (b->ignore_broadcast_ssid != BSS_SSID_VISIBLE &&
	    b->ignore_broadcast_ssid != BSS_SSID_EMPTY &&
	    b->ignore_broadcast_ssid != BSS_SSID_ZEROED)
		return BSS_BAD_HIDDEN;
	if (b->beacon_int < BSS_BEACON_INT_MIN)
		return BSS_BAD_BEACON_INT;
	if (b->dtim_period == 0)
		return BSS_BAD_DTIM;
	if (b->band != (b->hw_mode == BSS_HW_MODE_A ? BSS_BAND_5GHZ
						    : BSS_BAND_2GHZ) ||
	    bss_channel_freq(b->band, b->channel) == 0)
		return BSS_BAD_CHANNEL;
	if (!rates_ok(&b->rates))
		return BSS_BAD_RATES;
	if (!ht_ok(b))
		return BSS_BAD_HT;
	if (!country_ok(b))
		return BSS_BAD_COUNTRY;
	if (!(b->auth_algs & BSS_AUTH_OPEN))
		return BSS_BAD_AUTH_ALGS;
	if (!rsn_ok(b))
		return BSS_BAD_RSN;
	if (b->rsn && !b->pmk_set)
		return BSS_BAD_PMK;
	if (b->max_sta == 0 || b->max_sta > BSS_MAX_STA)
		return BSS_BAD_MAX_STA;
	if (b->pairwise_update_count == 0 || b->group_update_count == 0)
		return BSS_BAD_UPDATE_COUNT;
	return BSS_OK;
}

const char *bss_verdict_name(enum bss_verdict v)
{
	switch (v) {
	case BSS_OK:
		return "ok";
	case BSS_BAD_BSSID:
		return "BSSID is a group address";
	case BSS_BAD_SSID:
		return "SSID not 1..32 octets";
	case BSS_BAD_HIDDEN:
		return "ignore_broadcast_ssid not 0, 1 or 2";
	case BSS_BAD_BEACON_INT:
		return "beacon interval below 15 TU";
	case BSS_BAD_DTIM:
		return "DTIM period 0";
	case BSS_BAD_CHANNEL:
		return "channel not in the band";
	case BSS_BAD_RATES:
		return "no rates, or no basic rate";
	case BSS_BAD_HT:
		return "HT with 802.11b, or secondary channel off the band";
	case BSS_BAD_COUNTRY:
		return "bad country code or no channel triplet";
	case BSS_BAD_AUTH_ALGS:
		return "Open System authentication not allowed";
	case BSS_BAD_RSN:
		return "RSN other than WPA2-PSK/CCMP, or element not built";
	case BSS_BAD_PMK:
		return "RSN without a PMK";
	case BSS_BAD_MAX_STA:
		return "max_num_sta not 1..2007";
	case BSS_BAD_UPDATE_COUNT:
		return "EAPOL-Key retry count 0";
	}
	return "?";
}

void bss_wipe(struct bss *b)
{
	crypto_wipe(b, sizeof(*b));
}
