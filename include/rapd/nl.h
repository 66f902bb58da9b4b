/*
 * nl.h - rapd's nl80211 client over libnl-genl-3 (netlink/).
 *
 * Contract
 * - One struct nl_conn is one generic netlink socket with nl80211 resolved.
 *   libnl sockets are not thread-safe: a connection belongs to the thread
 *   that opened it (each worker opens its own). Nothing here is shared.
 * - Every nl80211 request goes through nl_exec() with a struct nl_cmd row:
 *   nl_exec allocates the message, writes the generic netlink header, adds
 *   the interface index, lets the row's builder add its attributes, sends,
 *   and runs the ack/finish/error callbacks. A kernel refusal is printed on
 *   stderr with the kernel's extended-ack text when it gave one.
 * - Returns: 0 on success, a negative errno otherwise (the kernel's own
 *   errno for a refused request; -ENOENT from nl_conn_open when the kernel
 *   has no nl80211 family, i.e. cfg80211 is not loaded).
 * - Parsed replies are copied into caller-supplied structures; nothing
 *   returned points into a netlink message.
 */
#ifndef RAPD_NL_H
#define RAPD_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl_conn;
struct nl_msg;

/* Opens a socket, connects it and resolves "nl80211". */
int nl_conn_open(struct nl_conn **out);
void nl_conn_close(struct nl_conn *nl);

/* One nl80211 command: what iw keeps in its COMMAND() rows. */
struct nl_cmd {
	const char *name;	/* for messages: "GET_WIPHY" */
	uint8_t cmd;		/* NL80211_CMD_* */
	int flags;		/* NLM_F_DUMP for dumps, else 0 */
	/* Adds the request's attributes; 0 or a negative errno. May be NULL. */
	int (*build)(struct nl_msg *msg, const void *req);
	/* Called once per reply message (NL_CB_VALID); 0 or a negative
	 * errno, which becomes nl_exec's result (the rest of the reply is
	 * read and skipped). May be NULL. */
	int (*parse)(struct nl_msg *msg, void *arg);
};

/* Runs one command. ifindex 0 adds no NL80211_ATTR_IFINDEX. */
int nl_exec(struct nl_conn *nl, const struct nl_cmd *cmd, uint32_t ifindex,
	    const void *req, void *arg);

/* Phy capabilities (nl_phy.c) ------------------------------------------ */

#define NL_PHY_NAME_LEN 32
#define NL_PHY_BANDS 6		/* nl80211 band numbers 0..5 */
#define NL_BAND_CHANNELS 96	/* 6 GHz has 59; room for more */
#define NL_PHY_CIPHERS 24

enum nl_chan_flag {
	NL_CHAN_DISABLED = 1 << 0,
	NL_CHAN_NO_IR = 1 << 1,	/* may not initiate radiation: no AP */
	NL_CHAN_RADAR = 1 << 2,	/* DFS: radar detection required */
};

struct nl_channel {
	uint32_t freq_mhz;
	uint16_t number;	/* 0 if the frequency maps to none */
	uint8_t flags;		/* enum nl_chan_flag bits */
};

struct nl_band {
	unsigned n_channels;
	bool truncated;		/* more than NL_BAND_CHANNELS listed */
	struct nl_channel channels[NL_BAND_CHANNELS];
};

struct nl_phy {
	uint32_t index;			/* NL80211_ATTR_WIPHY */
	char name[NL_PHY_NAME_LEN];	/* "phy0" */
	uint32_t iftypes;		/* bit (1 << NL80211_IFTYPE_*) */
	uint32_t features;		/* NL80211_FEATURE_* bits */
	unsigned n_ciphers;
	uint32_t ciphers[NL_PHY_CIPHERS];	/* suites: OUI << 8 | type */
	struct nl_band bands[NL_PHY_BANDS];	/* index: NL80211_BAND_* */
};

/* Dumps every phy (GET_WIPHY, split dump) into phys[0..cap-1]; *n is the
 * number found. -ENOSPC if there were more than cap. */
int nl_phy_dump(struct nl_conn *nl, struct nl_phy *phys, unsigned cap,
		unsigned *n);

/* The channel number of a frequency, 0 if none (2.4, 4.9/5, 6, 60 GHz). */
unsigned nl_freq_to_channel(uint32_t freq_mhz);

#endif
