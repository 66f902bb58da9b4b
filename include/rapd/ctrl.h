/*
 * ctrl.h - the control interface: hostapd's control protocol, so the stock
 * hostapd_cli (and scripts written for it) work against rapd unchanged.
 *
 * Three layers, each usable alone:
 *   - the server (ctrl_sock.c): a UNIX datagram socket <dir>/<ifname>,
 *     one reply datagram per request, to its sender;
 *   - the dispatcher (ctrl_cmd.c): a pure function from a request to the
 *     reply bytes, hostapd's layouts, talking to the rest of rapd only
 *     through struct ctrl_backend_ops;
 *   - the event clients (ctrl_event.c): the table of ATTACHed clients and
 *     the "<level>TEXT" broadcast to them.
 *
 * Contract
 * - Main thread only: nothing here locks; the backend ops are called from
 *   inside ctrl_handle() on the main thread and must not block (they read
 *   the station table under RCU and queue requests to workers; they never
 *   wait for a worker).
 * - Nothing blocks: the server socket is non-blocking, ctrl_handle() reads
 *   only what is pending and events are sent with MSG_DONTWAIT. A client
 *   whose socket is gone (ENOENT, ECONNREFUSED) or that failed more than
 *   CTRL_CLIENT_MAX_ERRORS sends in a row is detached.
 * - Returns: 0 or a negative errno; ctrl_open() returns NULL with a reason
 *   in err. Backend ops return 0 or a negative errno (the dispatcher
 *   answers FAIL to any error). Nothing here prints.
 * - Ownership: struct ctrl owns its socket, its path and the client table;
 *   ctrl_close() unlinks the socket and removes the directory when empty.
 *   The backend and its arg are borrowed and must outlive the ctrl.
 *
 * Events the daemon sends with ctrl_event() (hostapd's names and levels):
 * AP-STA-CONNECTED <mac>, AP-STA-DISCONNECTED <mac>,
 * AP-STA-POSSIBLE-PSK-MISMATCH <mac>, EAPOL-4WAY-HS-COMPLETED <mac>,
 * AP-REJECTED-MAX-STA <mac>, AP-ENABLED, AP-DISABLED,
 * CTRL-EVENT-TERMINATING, all at CTRL_MSG_INFO. The dispatcher itself
 * sends none: ENABLE, DISABLE and TERMINATE only call the backend, whose
 * owner emits the event once the state has really changed.
 */
#ifndef RAPD_CTRL_H
#define RAPD_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#define CTRL_REQUEST_MAX 4096 /* longer requests are answered FAIL */
#define CTRL_REPLY_MAX 8192
#define CTRL_CLIENTS_MAX 64
#define CTRL_CLIENT_MAX_ERRORS 10 /* detached after more in a row */
#define CTRL_RATES_MAX 16

/* hostapd's debug levels (wpa_debug.h MSG_*): event and client levels. */
enum ctrl_level {
	CTRL_MSG_EXCESSIVE = 0,
	CTRL_MSG_MSGDUMP = 1,
	CTRL_MSG_DEBUG = 2,
	CTRL_MSG_INFO = 3,
	CTRL_MSG_WARNING = 4,
	CTRL_MSG_ERROR = 5,
};

/* ---- what the backend reports --------------------------------------- */

/* Station flags, printed in hostapd's order as flags=[AUTH][ASSOC]... */
#define CTRL_STA_AUTH 0x0001
#define CTRL_STA_ASSOC 0x0002
#define CTRL_STA_AUTHORIZED 0x0004
#define CTRL_STA_SHORT_PREAMBLE 0x0008
#define CTRL_STA_WMM 0x0010
#define CTRL_STA_MFP 0x0020
#define CTRL_STA_NONERP 0x0040
#define CTRL_STA_HT 0x0080
#define CTRL_STA_VHT 0x0100

/* What the station's inactivity timer does next (timeout_next=). */
enum ctrl_timeout_next {
	CTRL_TIMEOUT_NULLFUNC, /* "NULLFUNC POLL" */
	CTRL_TIMEOUT_DISASSOC, /* "DISASSOC" */
	CTRL_TIMEOUT_DEAUTH,   /* "DEAUTH" */
	CTRL_TIMEOUT_REMOVE,   /* "REMOVE" */
};

/* An RSN suite selector as printed: 00-0f-ac-4 is 0x000fac04. */
#define CTRL_SUITE(oui, type) ((uint32_t)(oui) << 8 | (type))
#define CTRL_SUITE_CCMP CTRL_SUITE(0x000fac, 4)
#define CTRL_SUITE_PSK CTRL_SUITE(0x000fac, 2)
#define CTRL_SUITE_PSK_SHA256 CTRL_SUITE(0x000fac, 6)

/* One station, as STA / STA-FIRST / STA-NEXT print it. */
struct ctrl_sta_info {
	uint8_t addr[6];
	uint16_t aid;
	uint32_t flags; /* CTRL_STA_* */
	uint16_t capability;
	uint16_t listen_interval;
	uint8_t n_rates;
	uint8_t rates[CTRL_RATES_MAX]; /* as in the element (0x82 = basic 1) */
	enum ctrl_timeout_next timeout_next;
	uint8_t auth_alg; /* 0 open system */
	/* RSN block: printed when pairwise_suite != 0 (a WPA2 station). */
	uint32_t pairwise_suite; /* CTRL_SUITE_CCMP */
	uint32_t akm_suite;	 /* CTRL_SUITE_PSK */
	uint8_t wpa;		 /* 2 = RSN */
	uint8_t ptk_state;	 /* PTK state machine: 11 PTKINITDONE */
	uint8_t ptk_group_state;
	uint8_t mfpr;
	/* Traffic block: printed when have_counters (hostapd omits it when the
	 * driver cannot be asked). */
	bool have_counters;
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t inactive_msec;
	int signal;		/* dBm */
	uint32_t rx_rate, tx_rate; /* last rates, 100 kb/s units */
	uint64_t connected_time; /* seconds since association */
};

enum ctrl_iface_state {
	CTRL_STATE_UNINITIALIZED,
	CTRL_STATE_DISABLED,
	CTRL_STATE_ENABLED,
};

enum ctrl_hw_mode {
	CTRL_HW_MODE_UNKNOWN, /* hw_mode= line omitted */
	CTRL_HW_MODE_B,
	CTRL_HW_MODE_G,
	CTRL_HW_MODE_A,
};

/* The interface, as STATUS prints it (one BSS: bss[0]=...). */
struct ctrl_status {
	enum ctrl_iface_state state;
	char phy[32];
	unsigned freq; /* MHz */
	unsigned num_sta_non_erp, num_sta_no_short_slot_time;
	unsigned num_sta_no_short_preamble, olbc, num_sta_ht_no_gf;
	unsigned num_sta_no_ht, num_sta_ht_20mhz, num_sta_ht40_intolerant;
	unsigned olbc_ht, ht_op_mode;
	enum ctrl_hw_mode hw_mode;
	char country[3]; /* "" = none; country[2] is the third octet */
	unsigned channel;
	int secondary_channel; /* printed as 0 unless ieee80211n */
	bool ieee80211n, ieee80211ac, ieee80211ax;
	unsigned beacon_int;
	unsigned dtim_period;
	uint16_t ht_caps_info;	/* printed when ieee80211n */
	uint8_t ht_mcs[10];	/* ht_mcs_bitmask=, when ieee80211n */
	uint8_t n_rates;
	uint8_t rates[CTRL_RATES_MAX]; /* 500 kb/s units, no basic bit */
	bool have_max_txpower;
	unsigned max_txpower; /* dBm */
	char ifname[16];
	uint8_t bssid[6];
	uint8_t ssid_len;
	uint8_t ssid[32];
	unsigned num_sta;
};

#define CTRL_WPA_WPA 1 /* wpa= bits, as in hostapd.conf */
#define CTRL_WPA_RSN 2
#define CTRL_KEY_MGMT_PSK 0x1
#define CTRL_KEY_MGMT_PSK_SHA256 0x2
#define CTRL_CIPHER_CCMP 0x1
#define CTRL_CIPHER_TKIP 0x2

/* The BSS configuration, as GET_CONFIG prints it. */
struct ctrl_config {
	uint8_t bssid[6];
	uint8_t ssid_len;
	uint8_t ssid[32];
	unsigned wpa;	   /* CTRL_WPA_*; 0 = open: no key lines */
	unsigned key_mgmt; /* CTRL_KEY_MGMT_* */
	unsigned group_cipher;	/* one CTRL_CIPHER_* */
	unsigned rsn_pairwise;	/* CTRL_CIPHER_* */
	unsigned wpa_pairwise;	/* CTRL_CIPHER_* */
};

enum ctrl_acl_list {
	CTRL_ACL_ACCEPT,
	CTRL_ACL_DENY,
};

enum ctrl_acl_op {
	CTRL_ACL_ADD,
	CTRL_ACL_DEL,
	CTRL_ACL_CLEAR,
};

/*
 * How the dispatcher reaches the rest of rapd. Every op is called on the
 * main thread with the arg given to ctrl_open(), must not block, and
 * returns 0 or a negative errno. Every op must be set.
 */
struct ctrl_backend_ops {
	int (*status)(void *arg, struct ctrl_status *st);
	int (*get_config)(void *arg, struct ctrl_config *cf);
	/* -ENOENT: no station at all. */
	int (*sta_first)(void *arg, struct ctrl_sta_info *out);
	/* The station after `after`: -ENOENT if `after` is no station,
	 * -ENODATA if it is the last one. */
	int (*sta_next)(void *arg, const uint8_t *after,
			struct ctrl_sta_info *out);
	/* -ENOENT: no such station. */
	int (*sta_get)(void *arg, const uint8_t *addr,
		       struct ctrl_sta_info *out);
	/* Deauthenticate / disassociate with `reason`; tx=false removes the
	 * station without sending a frame. ff:ff:ff:ff:ff:ff: every station.
	 * -ENOENT: no such station. */
	int (*deauth)(void *arg, const uint8_t *addr, uint16_t reason,
		      bool tx);
	int (*disassoc)(void *arg, const uint8_t *addr, uint16_t reason,
			bool tx);
	/* reread_file: RELOAD_CONFIG (the file again), else RELOAD (the
	 * configuration in memory). */
	int (*reload)(void *arg, bool reread_file);
	int (*enable)(void *arg);  /* -EALREADY if enabled */
	int (*disable)(void *arg); /* -EALREADY if disabled */
	/* Asks the daemon to exit; the reply OK goes out first. */
	void (*terminate)(void *arg);
	/* The daemon's log level (enum ctrl_level) and timestamp flag. */
	void (*log_level_get)(void *arg, int *level, bool *timestamp);
	int (*log_level_set)(void *arg, int level, int timestamp /* -1 keep */);
	/* ADD, DEL, CLEAR on one MAC list (mac NULL for CLEAR). */
	int (*acl)(void *arg, enum ctrl_acl_list list, enum ctrl_acl_op op,
		   const uint8_t *mac);
	/* The idx-th entry of a list: 0, or -ENOENT past its end. */
	int (*acl_entry)(void *arg, enum ctrl_acl_list list, unsigned idx,
			 uint8_t *mac);
	/* Free text appended to the reply, at most len bytes (no NUL
	 * needed): MIB (dot11 counters) and rapd's STATS. Return the byte
	 * count or a negative errno. */
	int (*mib)(void *arg, char *buf, size_t len);
	int (*stats)(void *arg, char *buf, size_t len);
};

/* ---- event clients (ctrl_event.c) ------------------------------------ */

struct ctrl_client {
	struct sockaddr_un addr;
	socklen_t addrlen;
	int level;	 /* events below it are not sent */
	unsigned errors; /* consecutive send failures */
};

struct ctrl_clients {
	unsigned n;
	struct ctrl_client c[CTRL_CLIENTS_MAX];
	uint64_t detached; /* gone or failing clients dropped */
	uint64_t dropped;  /* events not sent: a client's queue was full */
};

void ctrl_clients_init(struct ctrl_clients *cl);
/* ATTACH: adds the address at CTRL_MSG_INFO (again: resets the level).
 * -ENOSPC when CTRL_CLIENTS_MAX are attached. */
int ctrl_clients_attach(struct ctrl_clients *cl, const struct sockaddr_un *a,
			socklen_t alen);
/* DETACH: -ENOENT if not attached. */
int ctrl_clients_detach(struct ctrl_clients *cl, const struct sockaddr_un *a,
			socklen_t alen);
/* LEVEL n: -ENOENT if not attached. */
int ctrl_clients_level(struct ctrl_clients *cl, const struct sockaddr_un *a,
		       socklen_t alen, int level);
/*
 * Sends "<level>text" on fd (MSG_DONTWAIT) to every client whose level is
 * at most `level`, detaching those that are gone or keep failing.
 * Returns the number of clients it reached.
 */
unsigned ctrl_clients_send(struct ctrl_clients *cl, int fd, int level,
			   const char *text);

/* ---- the dispatcher (ctrl_cmd.c) ------------------------------------- */

/* Who asked, and what answers. */
struct ctrl_req {
	const struct ctrl_backend_ops *ops;
	void *arg;
	struct ctrl_clients *clients;
	const struct sockaddr_un *from;
	socklen_t fromlen;
};

/*
 * Answers one request of len bytes (not NUL-terminated; an embedded NUL
 * ends the command, as in hostapd). Writes the reply into reply[0..cap)
 * and returns its length, which may be 0 (an empty reply datagram, as
 * STA-NEXT after the last station). cap must be at least 16. Pure apart
 * from the backend calls and the client table.
 */
size_t ctrl_cmd_process(const struct ctrl_req *rq, const char *req,
			size_t len, char *reply, size_t cap);

/* ---- the server (ctrl_sock.c) ---------------------------------------- */

struct ctrl_params {
	const char *dir;    /* ctrl_interface, e.g. /var/run/hostapd */
	const char *group;  /* ctrl_interface_group: name or gid; NULL/"" */
	const char *ifname; /* the socket's name in dir */
	const struct ctrl_backend_ops *ops;
	void *arg;
};

struct ctrl;

/*
 * Creates dir (0770; an existing one is used as it is), gives it and the
 * socket the group, binds <dir>/<ifname> (a stale socket left by a crashed
 * run is replaced; a live one is an error) and chmods it 0770.
 */
struct ctrl *ctrl_open(const struct ctrl_params *p, char *err, size_t errlen);
/* The socket to poll for POLLIN. */
int ctrl_fd(const struct ctrl *c);
/* Answers every pending request (at most a batch per call: poll again),
 * never blocking. Returns the number answered. */
unsigned ctrl_handle(struct ctrl *c);
/* Sends "<level>text" to the attached clients; returns how many. */
unsigned ctrl_event(struct ctrl *c, int level, const char *text);
/* The same for "NAME aa:bb:cc:dd:ee:ff" at CTRL_MSG_INFO. */
unsigned ctrl_event_sta(struct ctrl *c, const char *name,
			const uint8_t *addr);
/* Clients currently attached. */
unsigned ctrl_clients_attached(const struct ctrl *c);
/* Closes the socket, unlinks it and removes dir if empty. Sends nothing
 * (send CTRL-EVENT-TERMINATING first). NULL is accepted. */
void ctrl_close(struct ctrl *c);

#endif
