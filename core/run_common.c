/*
 * run_common.c - what the modes of rapd share: the configuration (a file,
 * or the built-in network), the worker count, event lines, the summary.
 *
 * Main thread only; runs before the pipeline's threads start and after
 * they stop, plus the event callback called from pipeline_poll().
 */
#include <rapd/run.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>

#include <rapd/apconf.h>
#include <rapd/crypto.h>
#include <rapd/log.h>

#include "run_pvt.h"

const char run_default_config[] =
	"# rapd's built-in network, used when no CONFIG is given\n"
	"interface=wlan0\n"
	"driver=nl80211\n"
	"ssid=rapd\n"
	"hw_mode=g\n"
	"channel=6\n"
	"wpa=2\n"
	"wpa_key_mgmt=WPA-PSK\n"
	"rsn_pairwise=CCMP\n"
	"wpa_passphrase=rapd-simulated\n";

int run_load_config(const struct run_opts *o, struct conf *c)
{
	struct conf_diag diag = { .emit = conf_emit_stream, .arg = stderr };
	int rc;

	conf_init(c);
	if (o->ifname && conf_set_interface(c, o->ifname) != 0) {
		fprintf(stderr, "rapd: -i %s: not an interface name\n",
			o->ifname);
		return -1;
	}
	if (o->config) {
		rc = conf_load(o->config, c, &diag);
	} else {
		rc = conf_parse_buf("(built-in)", run_default_config,
				    strlen(run_default_config), c, &diag);
		if (rc == 0)
			rc = conf_finish(c, &diag);
	}
	if (rc != 0)
		fprintf(stderr, "rapd: %s: %u error%s\n",
			o->config ? o->config : "(built-in)", diag.errors,
			diag.errors == 1 ? "" : "s");
	return rc;
}

unsigned run_workers(const struct run_opts *o, const struct conf *c)
{
	long n;

	if (o->workers)
		return o->workers;
	if (c->rapd_workers)
		return c->rapd_workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > PIPE_WORKERS_MAX ? PIPE_WORKERS_MAX : (unsigned)n;
}

/* hostapd's stdout lines: "wlan0: AP-STA-CONNECTED 02:00:..". */
void run_print_event(void *arg, const struct pipe_event *ev)
{
	struct run_ctx *r = arg;
	char mac[MAC_STR_LEN];

	r->events[ev->kind]++;
	if (!ap_event_is_ctrl(ev->kind))
		return;
	if (r->ctrl)
		ctrl_event_sta(r->ctrl, ap_event_name(ev->kind), ev->addr);
	/* Event lines are INFO messages: -q, or LOG_LEVEL WARNING and up
	 * through the control interface, silences them. */
	if (r->quiet || r->log_level > CTRL_MSG_INFO)
		return;
	if (ev->kind == AP_EV_STA_DISCONNECTED && ev->code)
		log_msg(LOG_INFO, "%s: %s %s reason=%u", r->ifname,
			ap_event_name(ev->kind), mac_str(ev->addr, mac),
			ev->code);
	else
		log_msg(LOG_INFO, "%s: %s %s", r->ifname,
			ap_event_name(ev->kind), mac_str(ev->addr, mac));
}

static uint64_t sum_verdicts(const struct pipe_stats *st, enum ap_verdict v)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < st->nworkers; i++)
		n += st->worker[i].verdict[v];
	return n;
}

/* The counters at the end of a run, one "key: value" line each; only the
 * drop reasons that happened. */
void run_print_summary(const struct pipe_stats *st)
{
	uint64_t conn = 0;

	for (unsigned i = 0; i < st->nworkers; i++)
		conn += st->worker[i].connected;
	printf("frames in: %llu (to workers: %llu)\n",
	       (unsigned long long)st->rx_frames,
	       (unsigned long long)st->rx_dispatched);
	printf("frames out: %llu (beacons: %llu)\n",
	       (unsigned long long)st->tx_frames,
	       (unsigned long long)st->tx_beacons);
	printf("workers: %u\n", st->nworkers);
	printf("stations connected: %llu\n", (unsigned long long)conn);
	if (conn)
		printf("handshake latency (association to authorized, "
		       "histogram bucket bounds): p50 %llu us, p99 %llu us\n",
		       (unsigned long long)pipe_stats_latency_us(st, 0.5),
		       (unsigned long long)pipe_stats_latency_us(st, 0.99));
	printf("stations left in table: %u\n", st->stations);
	for (unsigned d = 0; d < PIPE_RX_DROPS; d++)
		if (st->rx_drop[d])
			printf("dropped by rx: %s: %llu\n", pipe_rx_drop_name(d),
			       (unsigned long long)st->rx_drop[d]);
	for (unsigned v = AP_OK + 1; v < AP_VERDICT_COUNT; v++) {
		uint64_t n = sum_verdicts(st, v);

		if (n && v != AP_PASS_DATA) {
			printf("dropped by mlme: %s: %llu\n",
			       ap_verdict_name(v), (unsigned long long)n);
		}
	}
	for (unsigned i = 0; i < st->nworkers; i++)
		if (st->worker[i].sta_no_slot)
			printf("dropped by worker %u: no station slot: %llu\n", i,
			       (unsigned long long)st->worker[i].sta_no_slot);
	for (unsigned i = 0; i < st->nworkers; i++)
		for (unsigned d = 0; d < PIPE_TX_DROPS; d++)
			if (st->worker[i].tx_drop[d])
				printf("dropped by worker %u: %s: %llu\n", i,
				       pipe_tx_drop_name(d),
				       (unsigned long long)
					       st->worker[i].tx_drop[d]);
	if (st->tx_port_errors)
		printf("port errors: %llu\n",
		       (unsigned long long)st->tx_port_errors);
}

int run_mode(const struct run_opts *o,
	     int (*fn)(const struct run_opts *o, const struct conf *c,
		       const struct bss *b))
{
	static const uint8_t default_bssid[6] = APCONF_DEFAULT_BSSID;
	struct conf c;
	struct bss b;
	char err[256];
	int rc;

	if (crypto_init() != 0) {
		fputs("rapd: OpenSSL initialisation failed\n", stderr);
		return 1;
	}
	if (run_load_config(o, &c) != 0) {
		crypto_cleanup();
		return 1;
	}
	rc = apconf_bss(&c, default_bssid, &b, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "rapd: %s\n", err);
	else
		rc = fn(o, &c, &b);
	fflush(stdout);
	bss_wipe(&b);
	conf_free(&c);
	crypto_cleanup();
	return rc;
}

/* Appends printf output to buf[*used..len). */
static void put(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n < len - *used ? (size_t)n : len - *used;
}

static void stats_totals(const struct pipe_stats *st, char *buf, size_t len,
			 size_t *used)
{
	uint64_t done = 0, failed = 0, retx = 0;

	for (unsigned i = 0; i < st->nworkers; i++) {
		done += st->worker[i].connected;
		failed += st->worker[i].handshakes_failed;
		retx += st->worker[i].retransmissions;
	}
	put(buf, len, used,
	    "handshakes_completed=%llu\nhandshakes_failed=%llu\n"
	    "retransmissions=%llu\n",
	    (unsigned long long)done, (unsigned long long)failed,
	    (unsigned long long)retx);
	put(buf, len, used,
	    "latency_us_p50=%llu\nlatency_us_p90=%llu\nlatency_us_p99=%llu\n"
	    "latency_us_p999=%llu\n",
	    (unsigned long long)pipe_stats_latency_us(st, 0.5),
	    (unsigned long long)pipe_stats_latency_us(st, 0.9),
	    (unsigned long long)pipe_stats_latency_us(st, 0.99),
	    (unsigned long long)pipe_stats_latency_us(st, 0.999));
}

static void stats_worker(const struct pipe_worker_stats *w, unsigned i,
			 char *buf, size_t len, size_t *used)
{
	uint64_t drops = 0;

	for (unsigned d = 0; d < PIPE_TX_DROPS; d++)
		drops += w->tx_drop[d];
	put(buf, len, used,
	    "worker%u_frames_in=%llu\nworker%u_frames_out=%llu\n"
	    "worker%u_connected=%llu\nworker%u_failed=%llu\n"
	    "worker%u_retransmissions=%llu\nworker%u_stations=%llu\n"
	    "worker%u_timeouts=%llu\nworker%u_rx_ring=%llu\n"
	    "worker%u_tx_ring=%llu\nworker%u_tx_drops=%llu\n",
	    i, (unsigned long long)w->frames_in, i,
	    (unsigned long long)w->frames_out, i,
	    (unsigned long long)w->connected, i,
	    (unsigned long long)w->handshakes_failed, i,
	    (unsigned long long)w->retransmissions, i,
	    (unsigned long long)w->stations, i,
	    (unsigned long long)w->timeouts, i,
	    (unsigned long long)w->rx_ring_count, i,
	    (unsigned long long)w->tx_ring_count, i,
	    (unsigned long long)drops);
}

int run_format_stats(const struct pipe_stats *st, const unsigned states[3],
		     char *buf, size_t len)
{
	size_t used = 0;

	put(buf, len, &used, "stations=%u\nworkers=%u\n", st->stations,
	    st->nworkers);
	put(buf, len, &used,
	    "stations_authenticated=%u\nstations_associated=%u\n"
	    "stations_authorized=%u\n",
	    states[0], states[1], states[2]);
	stats_totals(st, buf, len, &used);
	put(buf, len, &used, "rx_frames=%llu\nrx_dispatched=%llu\n",
	    (unsigned long long)st->rx_frames,
	    (unsigned long long)st->rx_dispatched);
	for (unsigned d = 0; d < PIPE_RX_DROPS; d++)
		put(buf, len, &used, "rx_drop_%s=%llu\n", pipe_rx_drop_name(d),
		    (unsigned long long)st->rx_drop[d]);
	put(buf, len, &used, "tx_frames=%llu\ntx_beacons=%llu\n",
	    (unsigned long long)st->tx_frames,
	    (unsigned long long)st->tx_beacons);
	for (unsigned i = 0; i < st->nworkers; i++)
		stats_worker(&st->worker[i], i, buf, len, &used);
	return (int)used;
}

int run_ctrl_open(struct run_ctx *r)
{
	struct ctrl_params cp = {
		.dir = r->conf->ctrl_interface,
		.group = r->conf->ctrl_interface_group,
		.ifname = r->ifname,
		.ops = &run_ctrl_ops,
		.arg = r,
	};
	char err[256];

	r->log_level = CTRL_MSG_INFO;
	if (!r->conf->ctrl_interface[0])
		return 0;
	r->ctrl = ctrl_open(&cp, err, sizeof(err));
	if (!r->ctrl) {
		fprintf(stderr, "rapd: control interface: %s\n", err);
		return -1;
	}
	ctrl_event(r->ctrl, CTRL_MSG_INFO, "AP-ENABLED");
	return 0;
}

bool run_poll(struct run_ctx *r, int timeout_ms)
{
	struct pollfd pfd;

	if (!r->ctrl)
		return pipeline_poll(r->pipe, timeout_ms);
	pfd.fd = ctrl_fd(r->ctrl);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, timeout_ms) > 0)
		ctrl_handle(r->ctrl);
	return pipeline_poll(r->pipe, 0);
}

void run_ctrl_close(struct run_ctx *r)
{
	if (!r->ctrl)
		return;
	ctrl_event(r->ctrl, CTRL_MSG_INFO, "CTRL-EVENT-TERMINATING");
	ctrl_close(r->ctrl);
	r->ctrl = NULL;
}
