/*
 * data.c - the data plane's state and names (see data.h): a station's and
 * the group's keys and counters, where a received Ethernet frame goes, and
 * the text of every verdict. data_rx.c receives, data_tx.c transmits.
 *
 * Pure code, called by the worker that owns a station (and by the thread
 * that sends group-addressed frames for struct data_group); it owns
 * nothing beyond the caller's structs, whose keys it wipes on request.
 *
 * Follows IEEE Std 802.11-2020 12.5.3.4.4: a key's replay counters start
 * at 0 when it is installed and its transmit PN at 1 for the first frame.
 * A key installed again (a retransmitted M3 or group message answered
 * twice) keeps its counters: resetting them would let PNs, hence CCM
 * nonces, be reused under one key (the key reinstallation attacks,
 * Vanhoef and Piessens, CCS 2017).
 */
#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/data.h>

#include <string.h>

#define GTK_KEY_ID_MIN 1
#define GTK_KEY_ID_MAX 3

void data_sta_init(struct data_sta *sta, const uint8_t addr[DATA_ETH_ALEN],
		   bool rsn, bool wmm)
{
	memset(sta, 0, sizeof(*sta));
	memcpy(sta->addr, addr, DATA_ETH_ALEN);
	sta->rsn = rsn;
	sta->wmm = wmm;
}

enum data_key_verdict data_sta_set_tk(struct data_sta *sta,
				      const uint8_t tk[CRYPTO_TK_LEN])
{
	if (sta->tk_set && crypto_equal(sta->tk, tk, CRYPTO_TK_LEN))
		return DATA_KEY_SAME;
	memcpy(sta->tk, tk, CRYPTO_TK_LEN);
	sta->tk_set = true;
	sta->tx_pn = 0;
	memset(sta->rx_pn, 0, sizeof(sta->rx_pn));
	return DATA_KEY_INSTALLED;
}

void data_sta_wipe(struct data_sta *sta)
{
	crypto_wipe(sta, sizeof(*sta));
}

void data_group_init(struct data_group *g, bool rsn)
{
	memset(g, 0, sizeof(*g));
	g->rsn = rsn;
}

enum data_key_verdict data_group_set_gtk(struct data_group *g,
					 const uint8_t gtk[CRYPTO_TK_LEN],
					 unsigned key_id)
{
	if (key_id < GTK_KEY_ID_MIN || key_id > GTK_KEY_ID_MAX)
		return DATA_KEY_BAD_KEY_ID;
	if (g->gtk_set && g->key_id == key_id &&
	    crypto_equal(g->gtk, gtk, CRYPTO_TK_LEN))
		return DATA_KEY_SAME;
	memcpy(g->gtk, gtk, CRYPTO_TK_LEN);
	g->key_id = (uint8_t)key_id;
	g->gtk_set = true;
	g->tx_pn = 0;
	return DATA_KEY_INSTALLED;
}

void data_group_wipe(struct data_group *g)
{
	crypto_wipe(g, sizeof(*g));
}

enum data_dest data_dest_of(const uint8_t *eth, size_t len,
			    const uint8_t own[DATA_ETH_ALEN])
{
	if (len < DATA_ETH_ALEN)
		return DATA_DEST_LOCAL;
	if (mac_is_group(eth))
		return DATA_DEST_GROUP;
	if (mac_equal(eth, own))
		return DATA_DEST_LOCAL;
	return DATA_DEST_UNICAST;
}

static const char *const rx_names[DATA_RX_VERDICT_COUNT] = {
	[DATA_RX_OK] = "ok",
	[DATA_RX_EAPOL] = "EAPOL",
	[DATA_RX_NULL] = "null function",
	[DATA_RX_TRUNCATED] = "truncated",
	[DATA_RX_NOT_DATA] = "not a data frame",
	[DATA_RX_BAD_SUBTYPE] = "unsupported data subtype",
	[DATA_RX_NOT_TODS] = "not To DS",
	[DATA_RX_WDS] = "To DS and From DS (WDS)",
	[DATA_RX_NOT_OUR_BSS] = "receiver is not our BSSID",
	[DATA_RX_WRONG_STA] = "transmitter is not the station",
	[DATA_RX_FRAGMENT] = "fragment (no reassembly)",
	[DATA_RX_AMSDU] = "A-MSDU (no deaggregation)",
	[DATA_RX_DUPLICATE] = "duplicate",
	[DATA_RX_NO_KEY] = "protected, no key",
	[DATA_RX_DECRYPT_FAILED] = "CCMP decryption failed",
	[DATA_RX_REPLAY] = "CCMP replay",
	[DATA_RX_UNPROTECTED] = "unprotected data",
	[DATA_RX_UNAUTHORIZED] = "data before authorization",
	[DATA_RX_OVERSIZE] = "non-SNAP MSDU over 1500 octets",
	[DATA_RX_NO_ROOM] = "output buffer too small",
};

static const char *const tx_names[DATA_TX_VERDICT_COUNT] = {
	[DATA_TX_OK] = "ok",
	[DATA_TX_TRUNCATED] = "Ethernet frame truncated",
	[DATA_TX_BAD_LENGTH] = "bad 802.3 length",
	[DATA_TX_TOO_LONG] = "MSDU over 2304 octets",
	[DATA_TX_WRONG_STA] = "destination is not the station",
	[DATA_TX_NOT_GROUP] = "destination is not a group address",
	[DATA_TX_UNAUTHORIZED] = "data before authorization",
	[DATA_TX_NO_KEY] = "no key installed",
	[DATA_TX_PN_EXHAUSTED] = "PN exhausted",
	[DATA_TX_NO_ROOM] = "output buffer too small",
	[DATA_TX_CRYPTO_FAILED] = "crypto failure",
};

static const char *const ac_names[DATA_AC_COUNT] = {
	[DATA_AC_BE] = "BE",
	[DATA_AC_BK] = "BK",
	[DATA_AC_VI] = "VI",
	[DATA_AC_VO] = "VO",
};

const char *data_rx_verdict_name(enum data_rx_verdict v)
{
	if ((unsigned)v >= DATA_RX_VERDICT_COUNT || !rx_names[v])
		return "?";
	return rx_names[v];
}

const char *data_tx_verdict_name(enum data_tx_verdict v)
{
	if ((unsigned)v >= DATA_TX_VERDICT_COUNT || !tx_names[v])
		return "?";
	return tx_names[v];
}

const char *data_ac_name(enum data_ac ac)
{
	if ((unsigned)ac >= DATA_AC_COUNT || !ac_names[ac])
		return "?";
	return ac_names[ac];
}
