/*
 * run_live.c - `rapd CONFIG` with driver=nl80211: rapd as the access point
 * of a real card. The checks first (live_check: nothing touched when one
 * refuses), then the interfaces (live_setup), the monitor port, the
 * pipeline with the kernel's station hooks (live_kernel_ops), the control
 * interface and the kernel's events; on SIGTERM/SIGINT, TERMINATE, or the
 * interface going away: every station deauthenticated, the threads
 * stopped, the interfaces put back as they were found (live_restore).
 *
 * Main thread. Signals only set flags here: a signal during set-up is
 * acted on once set-up has finished, so nothing is left half made.
 */
#include <rapd/run.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rapd/apconf.h>
#include <rapd/daemon.h>
#include <rapd/live.h>
#include <rapd/log.h>

#include "run_pvt.h"

/* How long the stations' deauthentications get to go out at the end. */
#define LIVE_FAREWELL_MS 200

static volatile sig_atomic_t live_signalled, live_hup;

static void live_on_signal(int sig)
{
	if (sig == SIGHUP)
		live_hup = 1;
	else
		live_signalled = 1;
}

/* How long a kernel DEL_STATION waits before rapd acts on it: the
 * removals rapd makes itself (a station leaving, re-associating) are
 * reported too, and by then rapd's own view of the station has settled. */
#define LIVE_DEL_SETTLE_MS 1000
#define LIVE_DEL_PENDING 64
/* After the kernel stopped the AP: how long to wait for the link event
 * that says why. */
#define LIVE_CAUSE_WAIT_MS 500

struct live_run {
	struct run_ctx r;	/* first: live_on_reload/on_enable cast */
	struct live_iface li;
	struct nl_conn *nl;	/* the main thread's */
	struct nl_events *ev;
	const char *why_stop;	/* the interface went away: exit 1 */
	struct live_del {	/* DEL_STATION events waiting (a ring) */
		uint8_t addr[6];
		uint64_t at_ms;
	} del[LIVE_DEL_PENDING];
	unsigned del_head, del_n;
};

static void live_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = live_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A DEL_STATION event, kept until it has settled (live_del_settled). */
static void live_del_event(struct live_run *lr, const uint8_t addr[6])
{
	struct live_del *d;

	if (lr->del_n == LIVE_DEL_PENDING) { /* the oldest is dropped */
		lr->del_head = (lr->del_head + 1) % LIVE_DEL_PENDING;
		lr->del_n--;
	}
	d = &lr->del[(lr->del_head + lr->del_n++) % LIVE_DEL_PENDING];
	memcpy(d->addr, addr, 6);
	d->at_ms = mono_ms();
}

/* The kernel removed a station that rapd still has associated, and
 * associated before the removal (not one rapd removed itself: that one
 * has left rapd's table or re-associated since, and then the kernel has
 * it again): rapd deauthenticates it, so neither side keeps state. */
static void live_del_station(struct live_run *lr, const struct live_del *d)
{
	struct pipe_sta_info info;
	struct nl_sta_info ks;
	char mac[MAC_STR_LEN];
	const uint8_t *addr = d->addr;

	if (pipeline_sta_info(lr->r.pipe, addr, &info) != 0 ||
	    !(info.flags & PIPE_STA_ASSOC) ||
	    info.assoc_ns / 1000000 >= d->at_ms ||
	    nl_sta_get(lr->nl, lr->li.ifindex, addr, &ks) != -ENOENT)
		return;
	log_msg(LOG_INFO, "%s: station %s removed by the kernel: "
		"deauthenticating it", lr->li.ifname, mac_str(addr, mac));
	pipeline_command(lr->r.pipe, PIPE_CMD_DEAUTH, addr,
			 WLAN_REASON_PREV_AUTH_NOT_VALID, true);
}

static const char live_why_kernel_stop[] = "the kernel stopped the AP";

static void live_on_nl_event(void *arg, const struct nl_event *e)
{
	struct live_run *lr = arg;
	bool ours = e->ifindex == lr->li.ifindex ||
		    e->ifindex == lr->li.mon_ifindex;

	switch (e->kind) {
	case NL_EV_DEL_STATION:
		if (e->ifindex == lr->li.ifindex)
			live_del_event(lr, e->addr);
		break;
	case NL_EV_UNEXPECTED_FRAME:
		if (e->ifindex == lr->li.ifindex)
			pipeline_command(lr->r.pipe, PIPE_CMD_CLASS3, e->addr,
					 0, true);
		break;
	case NL_EV_STOP_AP:
		/* not the STOP_AP of a DISABLE */
		if (e->ifindex == lr->li.ifindex && lr->li.ap_started) {
			lr->li.ap_started = false; /* nothing to stop now */
			if (!lr->why_stop)
				lr->why_stop = live_why_kernel_stop;
		}
		break;
	/* These name the cause better than the STOP_AP the kernel reports
	 * first when a link goes down: they replace it. */
	case NL_EV_DEL_INTERFACE:
	case NL_EV_LINK_GONE:
		if (lr->li.monitor_only && e->ifindex == lr->li.ifindex)
			break; /* only its monitor matters */
		if (ours && (!lr->why_stop ||
			     lr->why_stop == live_why_kernel_stop))
			lr->why_stop = "interface removed";
		break;
	case NL_EV_LINK_DOWN:
		if (lr->li.monitor_only && e->ifindex == lr->li.ifindex)
			break; /* rapd took it down itself */
		if (ours && (!lr->why_stop ||
			     lr->why_stop == live_why_kernel_stop))
			lr->why_stop = "interface went down";
		break;
	case NL_EV_OVERRUN:
		log_msg(LOG_WARNING, "nl80211 events were lost (socket "
			"buffer overrun)");
		break;
	case NL_EV_NEW_STATION:
	case NL_EV_OTHER:
		break;
	}
}

/* Control requests, kernel events, then the pipeline's events. */
static bool live_poll(struct live_run *lr, int timeout_ms)
{
	struct pollfd pfd[3];
	int fds[2], n = 0;

	nl_events_fds(lr->ev, fds);
	pfd[n++] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	pfd[n++] = (struct pollfd){ .fd = fds[1], .events = POLLIN };
	if (lr->r.ctrl)
		pfd[n++] = (struct pollfd){ .fd = ctrl_fd(lr->r.ctrl),
					    .events = POLLIN };
	if (poll(pfd, (nfds_t)n, timeout_ms) > 0) {
		if ((pfd[0].revents | pfd[1].revents) & POLLIN)
			nl_events_read(lr->ev, live_on_nl_event, lr);
		if (n == 3 && pfd[2].revents & POLLIN)
			ctrl_handle(lr->r.ctrl);
	}
	return pipeline_poll(lr->r.pipe, 0);
}

/* After a reload (SIGHUP, RELOAD, RELOAD_CONFIG): the kernel's beacon
 * follows the new BSS. r is the first member of struct live_run. */
static void live_on_reload(struct run_ctx *r)
{
	struct live_run *lr = (struct live_run *)r;
	int rc;

	if (lr->li.monitor_only)
		return; /* the TX thread's beacons follow the new BSS */
	rc = live_set_beacon(lr->nl, &lr->li, r->bss);
	if (rc != 0)
		log_msg(LOG_ERROR, "%s: SET_BEACON: %s", lr->li.ifname,
			strerror(-rc));
}

/* STA / STA-FIRST / STA-NEXT: the kernel carries the station's data in
 * this mode, so its counters are the kernel's (GET_STATION), as hostapd
 * shows them. A station the kernel does not have gets none. */
static void live_sta_counters(struct run_ctx *r, struct ctrl_sta_info *out)
{
	struct live_run *lr = (struct live_run *)r;
	struct nl_sta_info ks;

	if (nl_sta_get(lr->nl, lr->li.ifindex, out->addr, &ks) != 0)
		return;
	out->have_counters = true;
	out->rx_packets = ks.rx_packets;
	out->tx_packets = ks.tx_packets;
	out->rx_bytes = ks.rx_bytes;
	out->tx_bytes = ks.tx_bytes;
	out->inactive_msec = ks.inactive_ms;
	out->signal = ks.signal_dbm;
}

static int live_on_enable(struct run_ctx *r, bool enabled)
{
	struct live_run *lr = (struct live_run *)r;

	return live_ap_enable(lr->nl, &lr->li, r->bss, enabled);
}

static void live_del_settled(struct live_run *lr)
{
	uint64_t now = mono_ms();

	while (lr->del_n &&
	       lr->del[lr->del_head].at_ms + LIVE_DEL_SETTLE_MS <= now) {
		live_del_station(lr, &lr->del[lr->del_head]);
		lr->del_head = (lr->del_head + 1) % LIVE_DEL_PENDING;
		lr->del_n--;
	}
}

static void live_wait(struct live_run *lr)
{
	while (live_poll(lr, 100)) {
		live_del_settled(lr);
		if (live_hup) {
			live_hup = 0;
			log_reopen(); /* -f after logrotate */
			run_reload(&lr->r, true);
		}
		if (live_signalled || lr->r.terminate || lr->why_stop)
			break;
	}
	if (lr->why_stop == live_why_kernel_stop) {
		/* The kernel stops the AP as a link starts going down, before
		 * the link's own event: give that a moment to name the cause. */
		uint64_t until = mono_ms() + LIVE_CAUSE_WAIT_MS;

		while (lr->why_stop == live_why_kernel_stop &&
		       mono_ms() < until && live_poll(lr, 20))
			;
	}
	if (lr->why_stop)
		log_msg(LOG_ERROR, "%s: %s: stopping", lr->li.ifname,
			lr->why_stop);
}

/* Every station is told (deauthentication, reason 3) while the radio is
 * still up, then the threads stop. */
static void live_stop(struct live_run *lr)
{
	static const uint8_t all[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint64_t until;
	unsigned states[3];

	pipeline_sta_states(lr->r.pipe, states);
	if (!lr->why_stop && states[0] + states[1] + states[2] > 0) {
		pipeline_command(lr->r.pipe, PIPE_CMD_DEAUTH, all,
				 WLAN_REASON_DEAUTH_LEAVING, true);
		until = mono_ms() + LIVE_FAREWELL_MS;
		while (mono_ms() < until && pipeline_poll(lr->r.pipe, 20))
			;
	}
	pipeline_request_stop(lr->r.pipe);
	pipeline_join(lr->r.pipe);
}

/* The monitor interface's port, and the recorder around it (--capture). */
static struct port *live_port(const struct run_opts *o, struct live_run *lr)
{
	struct port_live_params lp = {
		.ifname = lr->li.mon, .freq_mhz = lr->li.freq_mhz,
		.data_frames = lr->li.monitor_only,
	};
	char err[PORT_ERR_LEN];
	struct port *p, *tee;

	memcpy(lp.bssid, lr->li.bssid, 6);
	if (log_enabled(LOG_DEBUG)) {
		char filter[PORT_LIVE_FILTER_MAX];

		if (port_live_filter(lp.bssid, lp.data_frames, filter,
				     sizeof(filter)) > 0)
			log_msg(LOG_DEBUG, "%s: filter: %s", lr->li.mon,
				filter);
	}
	p = port_live_open(&lp, err, sizeof(err));
	if (!p) {
		log_msg(LOG_ERROR, "%s: %s", lr->li.mon, err);
		return NULL;
	}
	if (!o->capture)
		return p;
	tee = port_tee_open(p, o->capture,
			    port_default_rate_500k(lr->li.freq_mhz), err,
			    sizeof(err));
	if (!tee) {
		log_msg(LOG_ERROR, "%s: %s", o->capture, err);
		port_close(p);
	}
	return tee;
}

static struct pipeline *live_pipeline(const struct run_opts *o,
				      struct live_run *lr, struct port *port)
{
	const struct conf *c = lr->r.conf;
	struct pipe_params pp = {
		.conf = c, .bss = lr->r.bss, .port = port,
		.nworkers = run_workers(o, c), .clock = PIPE_CLOCK_LIVE,
		/* driver=nl80211: the kernel beacons; monitor: the TX thread */
		.beacons = lr->li.monitor_only,
		.ring_size = c->rapd_ring_size,
		.pool_frames = c->rapd_pool_frames,
		.kernel = lr->li.monitor_only ? NULL : &live_kernel_ops,
		.kernel_arg = &lr->li,
		.on_event = run_print_event, .arg = &lr->r,
	};
	char err[256];
	struct pipeline *pipe = pipeline_create(&pp, err, sizeof(err));

	if (!pipe)
		log_msg(LOG_ERROR, "%s", err);
	return pipe;
}

/* Everything after the interfaces are up; returns the exit status. */
static int live_serve(const struct run_opts *o, struct live_run *lr)
{
	struct port *port = live_port(o, lr);
	struct pipe_stats st;
	long leaked;
	int rc = 1, ev_rc;

	if (!port)
		return 1;
	lr->r.pipe = live_pipeline(o, lr, port);
	ev_rc = nl_events_open(&lr->ev);
	if (ev_rc != 0)
		log_msg(LOG_ERROR, "nl80211 events: %s", strerror(-ev_rc));
	else if (!lr->li.monitor_only &&
		 nl_events_want_unexpected(lr->ev, lr->li.ifindex) != 0)
		log_msg(LOG_WARNING, "%s: the kernel will not report class 3 "
			"frames of unknown stations", lr->li.ifname);
	if (lr->r.pipe && ev_rc == 0 && run_ctrl_open(&lr->r) == 0 &&
	    (lr->li.monitor_only ||
	     live_ap_enable(lr->nl, &lr->li, lr->r.bss, true) == 0) &&
	    pipeline_start(lr->r.pipe) == 0) {
		log_msg(LOG_INFO, "%s: AP-ENABLED", lr->li.ifname);
		daemon_ready();
		live_wait(lr);
		live_stop(lr);
		rc = lr->why_stop ? 1 : 0;
	} else if (lr->r.pipe && ev_rc == 0 && lr->li.ap_started) {
		log_msg(LOG_ERROR, "cannot start threads: %s",
			strerror(errno));
	}
	run_ctrl_close(&lr->r);
	nl_events_close(lr->ev);
	lr->ev = NULL;
	if (lr->r.pipe) {
		pipeline_stats(lr->r.pipe, &st);
		leaked = pipeline_destroy(lr->r.pipe);
		lr->r.pipe = NULL;
		if (rc == 0)
			run_print_summary(&st);
		if (leaked) {
			log_msg(LOG_ERROR, "BUG: %ld frames or stations leaked",
				leaked);
			rc = 1;
		}
	}
	if (port_close(port) != 0 && o->capture) {
		log_msg(LOG_ERROR, "%s: the capture lost frames", o->capture);
		rc = 1;
	}
	return rc;
}

static int live_run(const struct run_opts *o, const struct conf *c)
{
	struct live_run lr = { .r = { .ifname = c->interface, .quiet = o->quiet,
				      .conf = c, .opts = o } };
	char err[256];
	struct bss b;
	int rc;

	rc = live_check(&lr.nl, c, &lr.li, err, sizeof(err));
	if (rc == 0 && apconf_bss(c, lr.li.bssid, &b, err, sizeof(err)) != 0)
		rc = -EINVAL;
	if (rc != 0) {
		log_msg(LOG_ERROR, "%s", err);
		nl_conn_close(lr.nl);
		return 1;
	}
	lr.r.phy = lr.li.phy;
	lr.r.on_reload = live_on_reload;
	lr.r.on_enable = lr.li.monitor_only ? NULL : live_on_enable;
	lr.r.sta_counters = lr.li.monitor_only ? NULL : live_sta_counters;
	lr.r.bss = &b;
	live_signals();
	rc = live_setup(lr.nl, c, &b, &lr.li, err, sizeof(err));
	if (rc != 0) {
		log_msg(LOG_ERROR, "%s", err);
		rc = 1;
	} else if (live_signalled) {
		rc = 0; /* asked to stop during set-up */
	} else {
		log_msg(LOG_DEBUG, "%s: AP on %s, %u MHz; frames through %s",
			lr.li.ifname, lr.li.phy, lr.li.freq_mhz, lr.li.mon);
		rc = live_serve(o, &lr);
	}
	if (live_restore(lr.nl, &lr.li) != 0)
		rc = 1;
	nl_conn_close(lr.nl);
	run_reload_free(&lr.r);
	bss_wipe(&b);
	return rc;
}

int run_live(const struct run_opts *o)
{
	struct conf c;
	int rc;

	if (o->seeded) {
		fputs("rapd: --seed makes nonces predictable: it is for "
		      "--simulate and --replay, never a live interface\n",
		      stderr);
		return RUN_EXIT_USAGE;
	}
	if (crypto_init() != 0) {
		log_msg(LOG_ERROR, "OpenSSL initialisation failed");
		return 1;
	}
	if (run_load_config(o, &c) != 0) {
		crypto_cleanup();
		return 1;
	}
	rc = live_run(o, &c);
	fflush(stdout);
	conf_free(&c);
	crypto_cleanup();
	return rc;
}
