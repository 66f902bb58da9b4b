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
 * - Requests are checked before anything is sent: a request the kernel
 *   would refuse for its shape (an SSID over 32 octets, a key whose length
 *   does not fit its cipher, ...) gives -EINVAL without a message.
 * - Numbers use nl80211.h's own values: NL80211_IFTYPE_*, NL80211_CHAN_
 *   WIDTH_*, NL80211_STA_FLAG_* (as bits 1 << flag), suites as OUI << 8 |
 *   type (0x000fac04 is CCMP-128).
 * - nl_link_* (interface flags and MAC) use ioctls on a datagram socket
 *   and need no nl_conn; nl_events_* own their own two netlink sockets.
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
	/* The request carries key material: nl_exec zeroes the message
	 * before freeing it. */
	bool wipe;
	/* A refusal with this errno (positive; 0: none) is an answer, not
	 * an error: nl_exec returns it without printing (GET_STATION of a
	 * station the kernel does not have: ENOENT). */
	int quiet_errno;
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

/* Interfaces (nl_iface.c) ----------------------------------------------- */

struct nl_iface {
	uint32_t ifindex;
	char name[16];		/* IFNAMSIZ */
	uint32_t wiphy;
	uint32_t iftype;	/* NL80211_IFTYPE_* */
	uint8_t addr[6];
	uint64_t wdev;
	uint32_t freq_mhz;	/* 0 when the kernel reports none */
	uint32_t chan_width;	/* NL80211_CHAN_WIDTH_*, valid with freq_mhz */
	uint32_t center_freq1;
};

/* GET_INTERFACE of one interface; -ENODEV (the kernel's) if absent. */
int nl_iface_get(struct nl_conn *nl, uint32_t ifindex, struct nl_iface *out);
/* Every interface with a netdev (P2P-device and NAN wdevs are skipped) into
 * v[0..cap-1]; *n is the number stored; -ENOSPC if there were more. */
int nl_iface_dump(struct nl_conn *nl, struct nl_iface *v, unsigned cap,
		  unsigned *n);
/* NEW_INTERFACE on wiphy: iftype, monitor flags (bits 1 <<
 * NL80211_MNTR_FLAG_*, 0 for none and only with a monitor;
 * NL80211_MNTR_FLAG_ACTIVE needs the MAC: pass addr), addr NULL = kernel's
 * choice. name: 1..15 characters. *ifindex gets the new interface's index
 * (from the reply). Interfaces without a netdev (P2P device, NAN) are
 * refused (-EINVAL): they have no ifindex to return. */
int nl_iface_new(struct nl_conn *nl, uint32_t wiphy, const char *name,
		 uint32_t iftype, uint32_t mntr_flags, const uint8_t *addr,
		 uint32_t *ifindex);
/* DEL_INTERFACE. */
int nl_iface_del(struct nl_conn *nl, uint32_t ifindex);
/* SET_INTERFACE to another NL80211_IFTYPE_*; mac80211 refuses it (-EBUSY)
 * while the link is up. */
int nl_iface_set_type(struct nl_conn *nl, uint32_t ifindex, uint32_t iftype);
/* The channel of a monitor interface: SET_WIPHY with IFINDEX, WIPHY_FREQ,
 * CHANNEL_WIDTH and CENTER_FREQ1 (center_freq1 0 means freq_mhz, valid for
 * the 20 MHz widths only). Call it with the link up: nl80211 hands the
 * interface to the driver only when it is running. */
int nl_iface_set_channel(struct nl_conn *nl, uint32_t ifindex,
			 uint32_t freq_mhz, uint32_t chan_width,
			 uint32_t center_freq1);
/* REQ_SET_REG: a regulatory hint for country alpha2 (two letters, either
 * case, or "00" for the world domain). The kernel applies it
 * asynchronously; 0 only means it was accepted. */
int nl_reg_set(struct nl_conn *nl, const char alpha2[2]);
/* The channel definition of hostapd's ht_capab: NL80211_CHAN_WIDTH_20_NOHT
 * when !ht, _20 with HT and sec_offset 0, _40 with sec_offset > 0 ([HT40+],
 * center = freq + 10) or < 0 ([HT40-], center = freq - 10). */
void nl_chandef(uint32_t freq_mhz, bool ht, int sec_offset,
		uint32_t *chan_width, uint32_t *center_freq1);

/* Links (nl_link.c): ioctls, no nl80211 -------------------------------- */

/* -ENODEV if there is no such interface, -EINVAL for a name that cannot be
 * one (empty, or 16 characters and more). */
int nl_link_index(const char *ifname, uint32_t *ifindex);
int nl_link_get_up(const char *ifname, bool *up);
/* Needs CAP_NET_ADMIN. */
int nl_link_set_up(const char *ifname, bool up);
int nl_link_get_addr(const char *ifname, uint8_t addr[6]);
/* The link must be down (mac80211: -EBUSY otherwise). Keeps the link's
 * hardware type (a monitor is not Ethernet to the kernel). CAP_NET_ADMIN. */
int nl_link_set_addr(const char *ifname, const uint8_t addr[6]);

/* Access point (nl_ap.c) ------------------------------------------------ */

struct nl_ap_params {
	const uint8_t *head;	/* beacon head: header .. before TIM */
	size_t head_len;	/* 36 (header + fixed fields) .. 2304 */
	const uint8_t *tail;	/* after TIM; may be NULL with tail_len 0 */
	size_t tail_len;
	uint16_t beacon_int;	/* TU, not 0 */
	uint8_t dtim_period;	/* not 0 */
	/* 1..32 octets: the real SSID, also when hidden (the beacon then
	 * carries the hidden form). */
	const uint8_t *ssid;
	size_t ssid_len;
	uint32_t hidden;	/* NL80211_HIDDEN_SSID_* */
	bool privacy;
	uint32_t wpa_versions;	/* NL80211_WPA_VERSION_2, 0 open */
	uint32_t akm;		/* suite, e.g. 0x000fac02; 0 none */
	uint32_t pairwise_cipher; /* 0x000fac04 CCMP; 0 none */
	uint32_t group_cipher;
	/* 0: no channel sent (the kernel then uses the one set before). */
	uint32_t freq_mhz, chan_width, center_freq1;
	/* s; 0: not sent. The kernel refuses it (-EOPNOTSUPP) unless the
	 * phy has NL80211_FEATURE_INACTIVITY_TIMER (mac80211_hwsim has
	 * not): rapd times stations out itself otherwise. */
	uint16_t inactivity_timeout;
};

/* START_AP. With wpa_versions set, akm, pairwise and group cipher must be
 * too. */
int nl_ap_start(struct nl_conn *nl, uint32_t ifindex,
		const struct nl_ap_params *ap);
/* SET_BEACON: new head and tail (tail_len 0 clears the tail: an absent
 * tail would keep the old one). */
int nl_ap_set_beacon(struct nl_conn *nl, uint32_t ifindex,
		     const uint8_t *head, size_t head_len,
		     const uint8_t *tail, size_t tail_len);
/* STOP_AP: the kernel stops beaconing and flushes the stations. */
int nl_ap_stop(struct nl_conn *nl, uint32_t ifindex);

/* Stations (nl_sta.c) --------------------------------------------------- */

#define NL_STA_RATES 16

struct nl_sta_params {
	uint8_t addr[6];	/* unicast, not zero */
	uint16_t aid;		/* 1..2007 */
	uint16_t listen_interval;
	uint16_t capability;	/* Capability Information, host order */
	uint8_t rates[NL_STA_RATES]; /* wire octets (basic bit as sent) */
	unsigned n_rates;	/* 1..16: Supported + Extended Rates */
	bool ht;
	uint8_t ht_capa[26];	/* HT Capabilities element body */
	uint32_t flags_mask, flags_set; /* 1 << NL80211_STA_FLAG_* */
};

/* NEW_STATION with STA_FLAGS2 {mask, set} when mask is not 0; set must be
 * within mask. */
int nl_sta_new(struct nl_conn *nl, uint32_t ifindex,
	       const struct nl_sta_params *sp);
/* SET_STATION with STA_FLAGS2 only (mask not 0), e.g. AUTHORIZED. */
int nl_sta_set_flags(struct nl_conn *nl, uint32_t ifindex,
		     const uint8_t addr[6], uint32_t mask, uint32_t set);
/* DEL_STATION of addr, or of every station when addr is NULL. */
int nl_sta_del(struct nl_conn *nl, uint32_t ifindex, const uint8_t *addr);

struct nl_sta_info {
	uint8_t addr[6];
	uint32_t inactive_ms;
	uint64_t rx_bytes, tx_bytes;
	uint32_t rx_packets, tx_packets, tx_retries, tx_failed;
	int8_t signal_dbm;	/* 0: not reported */
	uint32_t flags;		/* 1 << NL80211_STA_FLAG_* set (STA_FLAGS) */
};

/* GET_STATION of one station: -ENOENT (the kernel's) if unknown. Counters
 * the driver does not report stay 0. */
int nl_sta_get(struct nl_conn *nl, uint32_t ifindex, const uint8_t addr[6],
	       struct nl_sta_info *out);
/* Every station of the interface into v[0..cap-1]; -ENOSPC past cap. */
int nl_sta_dump(struct nl_conn *nl, uint32_t ifindex, struct nl_sta_info *v,
		unsigned cap, unsigned *n);

/* Keys (nl_key.c) ------------------------------------------------------- */

/* NEW_KEY: addr non-NULL = pairwise key of that station (KEY_TYPE pairwise,
 * key_idx 0 or 1), NULL = group key (KEY_TYPE group, no MAC, key_idx 0..5;
 * 4 and 5 are IGTKs). cipher a suite (0x000fac04); key_len must be the
 * cipher's (16 for CCMP-128). seq (RSC, little-endian, 0..16 octets) may be
 * NULL. The message is zeroed once sent. */
int nl_key_new(struct nl_conn *nl, uint32_t ifindex, const uint8_t *addr,
	       uint8_t key_idx, uint32_t cipher, const uint8_t *key,
	       size_t key_len, const uint8_t *seq, size_t seq_len);
/* SET_KEY: key_idx (0..3) becomes the default (TX) group key: KEY_DEFAULT
 * + KEY_DEFAULT_TYPES multicast. */
int nl_key_set_default(struct nl_conn *nl, uint32_t ifindex, uint8_t key_idx);
/* DEL_KEY: the pairwise key of addr, or the group key key_idx (addr
 * NULL). */
int nl_key_del(struct nl_conn *nl, uint32_t ifindex, const uint8_t *addr,
	       uint8_t key_idx);

/* Events (nl_event.c) --------------------------------------------------- */

/*
 * Two sockets of its own: nl80211 joined to the "mlme" and "config"
 * multicast groups, and rtnetlink (RTNLGRP_LINK). Both are non-blocking
 * with a large receive buffer; when the kernel still drops events
 * (ENOBUFS) an NL_EV_OVERRUN event says so, and reading goes on. Owned by
 * the thread that opened it, like a struct nl_conn.
 */
enum nl_event_kind {
	NL_EV_NEW_STATION,	/* addr: the kernel added a station */
	NL_EV_DEL_STATION,	/* addr: ... removed one */
	NL_EV_UNEXPECTED_FRAME,	/* addr: class 3 from a station not added */
	NL_EV_STOP_AP,		/* ifindex: the AP stopped */
	NL_EV_DEL_INTERFACE,	/* ifindex: the interface was deleted */
	NL_EV_LINK_DOWN,	/* ifindex, rtnetlink: IFF_UP is clear */
	NL_EV_LINK_GONE,	/* ifindex, rtnetlink: the link was removed */
	NL_EV_OVERRUN,		/* ENOBUFS: events were lost */
	NL_EV_OTHER,		/* cmd: any other nl80211 event */
};

struct nl_event {
	enum nl_event_kind kind;
	uint32_t ifindex;	/* 0 when the event names none */
	uint8_t addr[6];	/* zero when the event names none */
	uint8_t cmd;		/* NL80211_CMD_* of nl80211 events, else 0 */
};

struct nl_events;

/* -ENOENT when the kernel has no nl80211 (as nl_conn_open). */
int nl_events_open(struct nl_events **out);
void nl_events_close(struct nl_events *ev);
/* Registers this socket for UNEXPECTED_FRAME of an AP interface (the
 * request NL80211_CMD_UNEXPECTED_FRAME with the ifindex, as hostapd does):
 * the kernel then reports class 3 frames from stations it does not know,
 * unicast to this socket, until the socket closes or the interface stops
 * being an AP. The interface must already be an AP (-EINVAL otherwise);
 * a second registration gives -EBUSY. Waits up to a second for the
 * kernel's answer (-ETIMEDOUT); events read meanwhile are kept for the
 * next nl_events_read. */
int nl_events_want_unexpected(struct nl_events *ev, uint32_t ifindex);
/* The descriptors to poll (POLLIN): fds[0] nl80211, fds[1] rtnetlink. */
void nl_events_fds(const struct nl_events *ev, int fds[2]);
/* Reads what is pending on both sockets and calls cb per event; at most
 * 256 datagrams per socket a call, so that a flood cannot hold the caller:
 * poll again. cb must not call nl_events_* on the same ev (the events sit
 * in its buffer). 0 or a negative errno (a socket error other than
 * ENOBUFS). */
int nl_events_read(struct nl_events *ev,
		   void (*cb)(void *arg, const struct nl_event *e), void *arg);

#endif
