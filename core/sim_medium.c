/*
 * sim_medium.c - the simulated medium as a frame port (see
 * include/rapd/sim.h): the AP's frames go to in-process simulated
 * stations and theirs come back, with TX status echoes and a loss rate.
 *
 * Threads and what each touches
 *   TX thread (port_send): owner of send_pool; producer of to_sim; the
 *     atomic full_from_ap counter.
 *   sim thread (sim_main): consumer of to_sim and returner 0 of
 *     send_pool; owner of sim_pool and producer of to_ap; the whole
 *     population (sim_pop.c), the loss generator, the output order; it
 *     publishes a stats snapshot under snap_lock and the settled/finished
 *     flags.
 *   RX thread (port_recv): consumer of to_ap and returner 0 of sim_pool;
 *     its own rx_ended flag.
 *   main thread: sim_stats (snap_lock), sim_stop; open and close.
 * Frames cross threads only by the SPSC rings (ring.h: the release of a
 * push pairs with the acquire of the pop, which publishes the frame's
 * contents) and return through the pools' return rings (frame.h).
 * The flags: settled and finished are stored (release) by the sim thread
 * after the pushes they vouch for, and loaded (acquire) by the RX thread
 * before it looks at the ring one last time, so "settled and empty"
 * cannot miss a frame pushed before settled was set.
 *
 * The sim thread's loop: pop the AP's frames (a burst), for each decide
 * loss, echo its TX status, hand it to its station(s); then fire due
 * station timers (at most SIM_TIMER_BURST per round, so the AP's frames
 * are not starved by a storm of timers); publish the stats every
 * SIM_PUBLISH_NS; when there was nothing to do, sleep until the AP sends
 * (sim_send wakes it), the next station timer or snapshot, or a stop. The
 * RX thread's recv sleeps likewise until the sim thread pushes (woken once
 * per round that pushed) or the input ends.
 */
#include "sim_pvt.h"

#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <rapd/bytes.h>
#include <rapd/frame.h>
#include <rapd/ieee80211.h>
#include <rapd/ring.h>

#define SIM_BURST 32
#define SIM_TIMER_BURST 256
#define SIM_IDLE_MAX_NS 10000000ull  /* sim thread's longest sleep */
#define SIM_RECV_WAIT_NS 10000000ull /* recv's wait before NONE */
#define SIM_PUBLISH_NS 50000000ull
#define SIM_RING_DEFAULT 4096

/* A futex word and the flag its sleeper raises (see sleep_prepare). */
struct sim_sleep {
	alignas(64) _Atomic uint32_t seq;
	_Atomic uint32_t asleep;
};

struct sim {
	struct port port; /* first: the port handed out */
	struct sim_pop pop;
	struct crypto_ws *ws;
	struct ring *to_sim, *to_ap;
	struct pool *send_pool, *sim_pool;
	struct simsta_out out; /* sim thread's scratch */
	struct crypto_rng loss_rng;
	uint64_t loss_threshold; /* a draw below it is a loss */
	uint64_t order;		 /* rank of the next frame to the AP */
	uint64_t last_publish;
	uint64_t linger_ns;	/* settle_linger_ns */
	uint64_t settled_since; /* all settled since then; 0: not */
	uint16_t freq_mhz;
	int8_t signal_dbm;
	uint8_t rate_500k;
	bool end_when_settled;
	bool rx_ended;	     /* RX thread only */
	bool thread_started; /* main thread only */
	pthread_t th;
	_Atomic bool stop;	       /* main -> sim */
	_Atomic bool settled;	       /* sim -> RX */
	_Atomic bool finished;	       /* sim -> RX: the sim thread returned */
	_Atomic uint64_t full_from_ap; /* TX thread */
	struct sim_sleep sim_sleep;    /* the sim thread sleeps on it */
	struct sim_sleep rx_sleep;     /* the RX thread (recv) sleeps on it */
	pthread_mutex_t snap_lock;
	struct sim_stats snap; /* guarded by snap_lock */
};

static const struct port_ops sim_ops;

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * A thread with nothing to do sleeps on its struct sim_sleep (a futex
 * word); the thread that gives it work wakes it, only if it announced it
 * sleeps. As in the pipeline (core/pipeline.c, F1): the sleeper sets
 * asleep by a read-modify-write, then re-checks for work; a waker
 * publishes the work (ring push, flag), then reads asleep by a
 * read-modify-write too: the later of the two sees the earlier.
 */
static uint32_t sleep_prepare(struct sim_sleep *s)
{
	uint32_t seq = atomic_load_explicit(&s->seq, memory_order_acquire);

	atomic_exchange_explicit(&s->asleep, 1, memory_order_seq_cst);
	return seq;
}

static void sleep_cancel(struct sim_sleep *s)
{
	atomic_store_explicit(&s->asleep, 0, memory_order_relaxed);
}

static void sleep_wait(struct sim_sleep *s, uint32_t seq, uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};

	syscall(SYS_futex, (uint32_t *)&s->seq, FUTEX_WAIT_PRIVATE, seq, &ts,
		NULL, 0);
	atomic_store_explicit(&s->asleep, 0, memory_order_relaxed);
}

static void wake(struct sim_sleep *s)
{
	/* the waker's RMW; only the one that clears asleep makes the call */
	if (!atomic_exchange_explicit(&s->asleep, 0, memory_order_seq_cst))
		return;
	atomic_fetch_add_explicit(&s->seq, 1, memory_order_release);
	syscall(SYS_futex, (uint32_t *)&s->seq, FUTEX_WAKE_PRIVATE, 1, NULL,
		NULL, 0);
}

/* --- Sim thread ------------------------------------------------------- */

static bool lose(struct sim *sim)
{
	uint8_t b[8];

	if (!sim->loss_threshold)
		return false;
	crypto_rng_bytes(&sim->loss_rng, b, sizeof(b));
	return get_le64(b) < sim->loss_threshold;
}

/* Hands one frame to the RX side; false when the medium had no room. */
static bool push_to_ap(struct sim *sim, const uint8_t *data, size_t len,
		       uint16_t flags, uint64_t now)
{
	struct frame *f = pool_get(sim->sim_pool);
	void *obj = f;

	if (!f) {
		sim->pop.st.full_to_ap++;
		return false;
	}
	memcpy(f->data, data, len);
	f->len = (uint32_t)len;
	f->ts_ns = now;
	f->order = sim->order;
	f->flags = flags;
	f->signal_dbm = sim->signal_dbm;
	f->rate_500k = sim->rate_500k;
	f->freq_mhz = sim->freq_mhz;
	if (ring_push_burst(sim->to_ap, &obj, 1) != 1) {
		pool_put_owner(sim->sim_pool, f);
		sim->pop.st.full_to_ap++;
		return false;
	}
	sim->order++;
	return true;
}

/* The station's frames go out (or are lost), then its timer and gauges. */
static void station_done(struct sim *sim, struct sim_sta *ss, uint64_t now)
{
	for (unsigned i = 0; i < sim->out.n; i++) {
		if (lose(sim))
			sim->pop.st.lost_to_ap++;
		else if (push_to_ap(sim, sim->out.f[i].data, sim->out.f[i].len,
				    0, now))
			sim->pop.st.to_ap++;
	}
	sim_pop_after(&sim->pop, ss);
}

static void deliver(struct sim *sim, struct sim_sta *ss, const uint8_t *data,
		    size_t len, uint64_t now)
{
	simsta_out_reset(&sim->out);
	simsta_rx(&sim->pop.ctx, &ss->s, data, len, now, &sim->out);
	station_done(sim, ss, now);
}

/* A group-addressed frame: beacons to scanners, other management frames
 * (a broadcast deauthentication) to every station not done. */
static void deliver_group(struct sim *sim, const struct frame *f, uint64_t now)
{
	struct wlan_hdr h;
	bool beacon;

	if (wlan_parse_hdr(f->data, f->len, &h) != WLAN_HDR_OK ||
	    h.type != WLAN_FC_TYPE_MGMT)
		return;
	beacon = h.subtype == WLAN_STYPE_BEACON;
	for (unsigned i = 0; i < sim->pop.n; i++) {
		struct sim_sta *ss = &sim->pop.sta[i];

		if (beacon ? simsta_scanning(&ss->s) : !simsta_done(&ss->s))
			deliver(sim, ss, f->data, f->len, now);
	}
}

/* One frame the AP sent: its TX status echo first, then the air. */
static void from_ap(struct sim *sim, const struct frame *f, uint64_t now)
{
	const uint8_t *ra = f->data + 4; /* send checked len >= 10 */
	bool group = mac_is_group(ra) || (f->flags & FRAME_F_NOACK);
	bool lost = lose(sim);
	uint16_t echo = FRAME_F_TX_STATUS;
	struct sim_sta *ss;

	sim->pop.st.from_ap++;
	if (group)
		echo |= FRAME_F_NOACK | FRAME_F_ACKED;
	else if (!lost)
		echo |= FRAME_F_ACKED;
	if (push_to_ap(sim, f->data, f->len, echo, now))
		sim->pop.st.echoes++;
	if (lost) {
		sim->pop.st.lost_from_ap++;
		return;
	}
	if (mac_is_group(ra)) {
		deliver_group(sim, f, now);
		return;
	}
	ss = sim_pop_lookup(&sim->pop, ra);
	if (ss)
		deliver(sim, ss, f->data, f->len, now);
	else
		sim->pop.st.no_station++;
}

static unsigned run_ap_frames(struct sim *sim, uint64_t now)
{
	void *objs[SIM_BURST];
	unsigned n = ring_pop_burst(sim->to_sim, objs, SIM_BURST);

	for (unsigned i = 0; i < n; i++) {
		from_ap(sim, objs[i], now);
		pool_put(sim->send_pool, 0, objs[i]);
	}
	return n;
}

static unsigned run_timers(struct sim *sim, uint64_t now)
{
	struct timer_node *tn;
	unsigned n = 0;

	while (n < SIM_TIMER_BURST &&
	       (tn = timer_pop_expired(sim->pop.tq, now))) {
		struct sim_sta *ss = sim_pop_of_timer(tn);

		simsta_out_reset(&sim->out);
		simsta_timeout(&sim->pop.ctx, &ss->s, now, &sim->out);
		station_done(sim, ss, now);
		n++;
	}
	return n;
}

static void publish(struct sim *sim, uint64_t now, bool force)
{
	if (!force && now - sim->last_publish < SIM_PUBLISH_NS)
		return;
	sim->last_publish = now;
	sim->pop.st.connects = sim->pop.st.sta.connects;
	pthread_mutex_lock(&sim->snap_lock);
	sim->snap = sim->pop.st;
	pthread_mutex_unlock(&sim->snap_lock);
}

/* Every station settled, and for linger_ns already. */
static bool settled_long(struct sim *sim, uint64_t now)
{
	if (!sim_pop_settled(&sim->pop)) {
		sim->settled_since = 0;
		return false;
	}
	if (!sim->settled_since)
		sim->settled_since = now;
	return now - sim->settled_since >= sim->linger_ns;
}

/* Nothing to do: sleeps until the AP sends, a station's timer is due,
 * the next stats snapshot, or a stop (at most SIM_IDLE_MAX_NS). */
static void sim_idle(struct sim *sim, uint64_t now)
{
	uint64_t next = timer_next_deadline(sim->pop.tq), ns = SIM_IDLE_MAX_NS;
	uint64_t snap = sim->last_publish + SIM_PUBLISH_NS;
	uint32_t seq = sleep_prepare(&sim->sim_sleep);

	if (ring_peek(sim->to_sim) ||
	    atomic_load_explicit(&sim->stop, memory_order_acquire) ||
	    next <= now) {
		sleep_cancel(&sim->sim_sleep);
		return;
	}
	if (next - now < ns)
		ns = next - now;
	if (snap > now && snap - now < ns)
		ns = snap - now;
	sleep_wait(&sim->sim_sleep, seq, ns);
}

static void *sim_main(void *arg)
{
	struct sim *sim = arg;

	while (!atomic_load_explicit(&sim->stop, memory_order_acquire)) {
		uint64_t now = mono_ns();
		uint64_t pushed = sim->order;
		unsigned work = run_ap_frames(sim, now);
		bool settled;

		work += run_timers(sim, now);
		settled = settled_long(sim, now);
		/* after the pushes of this round: pairs with recv's acquire */
		atomic_store_explicit(&sim->settled, settled,
				      memory_order_release);
		if (sim->order != pushed || settled)
			wake(&sim->rx_sleep);
		publish(sim, now, false);
		if (!work)
			sim_idle(sim, now);
	}
	publish(sim, mono_ns(), true);
	/* pairs with the acquire in sim_recv */
	atomic_store_explicit(&sim->finished, true, memory_order_release);
	wake(&sim->rx_sleep);
	return NULL;
}

/* --- Port operations -------------------------------------------------- */

/* Copies a frame of the medium into the caller's, header fields only. */
static void copy_out(struct frame *dst, const struct frame *src)
{
	memcpy(dst->data, src->data, src->len);
	dst->len = src->len;
	dst->ts_ns = src->ts_ns;
	dst->order = src->order;
	dst->flags = src->flags;
	dst->signal_dbm = src->signal_dbm;
	dst->rate_500k = src->rate_500k;
	dst->freq_mhz = src->freq_mhz;
}

static bool pop_one(struct sim *sim, struct frame *f)
{
	void *obj;

	if (ring_pop_burst(sim->to_ap, &obj, 1) != 1)
		return false;
	copy_out(f, obj);
	pool_put(sim->sim_pool, 0, obj);
	return true;
}

/* End of input: the sim thread stopped, or (end_when_settled) every
 * station settled; read before the ring's last look. */
static bool input_over(struct sim *sim)
{
	/* acquire: pairs with the sim thread's release stores */
	return atomic_load_explicit(&sim->finished, memory_order_acquire) ||
	       (sim->end_when_settled &&
		atomic_load_explicit(&sim->settled, memory_order_acquire));
}

/* The medium has nothing for the AP yet: sleeps until the sim thread
 * pushes or ends, at most ns. */
static void recv_sleep(struct sim *sim, uint64_t ns)
{
	uint32_t seq = sleep_prepare(&sim->rx_sleep);

	if (ring_peek(sim->to_ap) || input_over(sim)) {
		sleep_cancel(&sim->rx_sleep);
		return;
	}
	sleep_wait(&sim->rx_sleep, seq, ns);
}

static int sim_recv(struct port *p, struct frame *f)
{
	struct sim *sim = (struct sim *)p;
	uint64_t start = mono_ns(), waited = 0;

	if (sim->rx_ended)
		return PORT_RECV_END;
	for (;;) {
		if (pop_one(sim, f))
			return PORT_RECV_GOT;
		if (input_over(sim)) {
			if (pop_one(sim, f))
				return PORT_RECV_GOT;
			sim->rx_ended = true;
			return PORT_RECV_END;
		}
		if (waited >= SIM_RECV_WAIT_NS)
			return PORT_RECV_NONE;
		recv_sleep(sim, SIM_RECV_WAIT_NS - waited);
		waited = mono_ns() - start;
	}
}

static int sim_send(struct port *p, const struct frame *f)
{
	struct sim *sim = (struct sim *)p;
	struct frame *g;
	void *obj;

	if (f->len < WLAN_HDR_LEN_CTRL_RA)
		return -EINVAL;
	if (f->len > FRAME_DATA_MAX)
		return -EMSGSIZE;
	g = pool_get(sim->send_pool);
	if (!g) {
		/* relaxed: a counter, this thread is its only writer */
		atomic_fetch_add_explicit(&sim->full_from_ap, 1,
					  memory_order_relaxed);
		return 0;
	}
	memcpy(g->data, f->data, f->len);
	g->len = f->len;
	g->ts_ns = f->ts_ns;
	g->flags = f->flags;
	obj = g;
	if (ring_push_burst(sim->to_sim, &obj, 1) != 1) {
		pool_put_owner(sim->send_pool, g);
		atomic_fetch_add_explicit(&sim->full_from_ap, 1,
					  memory_order_relaxed);
		return 0;
	}
	wake(&sim->sim_sleep);
	return 0;
}

void sim_stop(struct port *p)
{
	struct sim *sim = (struct sim *)p;

	if (!p || p->ops != &sim_ops || !sim->thread_started)
		return;
	atomic_store_explicit(&sim->stop, true, memory_order_release);
	wake(&sim->sim_sleep);
	pthread_join(sim->th, NULL);
	sim->thread_started = false;
}

static void sim_free(struct sim *sim)
{
	sim_pop_free(&sim->pop);
	ring_free(sim->to_sim);
	ring_free(sim->to_ap);
	/* frames still in the rings belong to the pools: freed with them */
	pool_free(sim->send_pool);
	pool_free(sim->sim_pool);
	crypto_ws_free(sim->ws);
	crypto_wipe(&sim->loss_rng, sizeof(sim->loss_rng));
	pthread_mutex_destroy(&sim->snap_lock);
	free(sim);
}

static int sim_close(struct port *p)
{
	sim_stop(p);
	sim_free((struct sim *)p);
	return 0;
}

static const struct port_ops sim_ops = {
	.recv = sim_recv,
	.send = sim_send,
	.close = sim_close,
};

int sim_stats(struct port *p, struct sim_stats *st)
{
	struct sim *sim = (struct sim *)p;

	if (!p || p->ops != &sim_ops)
		return -EINVAL;
	pthread_mutex_lock(&sim->snap_lock);
	*st = sim->snap;
	pthread_mutex_unlock(&sim->snap_lock);
	st->full_from_ap +=
		atomic_load_explicit(&sim->full_from_ap, memory_order_relaxed);
	return 0;
}

/* --- Opening ---------------------------------------------------------- */

void sim_config_init(struct sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ring_size = SIM_RING_DEFAULT;
	cfg->freq_mhz = 2412;
}

static const char *config_problem(const struct sim_config *cfg)
{
	unsigned rs = cfg->ring_size;

	if (cfg->n_stations < 1 || cfg->n_stations > SIM_STATIONS_MAX)
		return "the station count must be 1..16777214";
	if (cfg->ssid_len < 1 || cfg->ssid_len > 32)
		return "the SSID must be 1..32 octets";
	if (!cfg->pmk)
		return "no PMK";
	if (mac_is_group(cfg->bssid))
		return "the BSSID is a group address";
	if (!(cfg->loss_rate >= 0.0 && cfg->loss_rate < 1.0))
		return "the loss rate must be in [0, 1)";
	if (rs && (rs < RING_SIZE_MIN || (rs & (rs - 1))))
		return "the ring size must be a power of two";
	if ((cfg->vanish.count || cfg->vanish.frac > 0) &&
	    (cfg->vanish_after < 1 || cfg->vanish_after > 4))
		return "vanish_after must be 1..4";
	if ((cfg->churn.count || cfg->churn.frac > 0) && !cfg->churn_cycles)
		return "churn needs churn_cycles >= 1";
	return NULL;
}

static int open_parts(struct sim *sim, const struct sim_config *cfg, char *err,
		      size_t errlen)
{
	unsigned rs = cfg->ring_size ? cfg->ring_size : SIM_RING_DEFAULT;

	sim->ws = crypto_ws_new();
	sim->to_sim = ring_create(rs);
	sim->to_ap = ring_create(rs);
	sim->send_pool = pool_create(rs, 1);
	sim->sim_pool = pool_create(rs, 1);
	if (!sim->ws || !sim->to_sim || !sim->to_ap || !sim->send_pool ||
	    !sim->sim_pool) {
		snprintf(err, errlen,
			 "simulation: out of memory (or crypto "
			 "not initialised)");
		return -1;
	}
	return sim_pop_init(&sim->pop, cfg, sim->ws, mono_ns(), err, errlen);
}

static void set_radio(struct sim *sim, const struct sim_config *cfg)
{
	sim->freq_mhz = cfg->freq_mhz ? cfg->freq_mhz : 2412;
	sim->signal_dbm = cfg->signal_dbm ? cfg->signal_dbm : -40;
	sim->rate_500k = cfg->rate_500k ? cfg->rate_500k
					: port_default_rate_500k(sim->freq_mhz);
	/* loss < 1, so the product fits in 64 bits */
	sim->loss_threshold =
		(uint64_t)(cfg->loss_rate * 18446744073709551616.0);
}

struct port *sim_open(const struct sim_config *cfg, char *err, size_t errlen)
{
	char dummy[1];
	const char *problem = config_problem(cfg);
	struct sim *sim;

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	if (problem) {
		snprintf(err, errlen, "simulation: %s", problem);
		return NULL;
	}
	sim = calloc(1, sizeof(*sim));
	if (!sim || pthread_mutex_init(&sim->snap_lock, NULL) != 0) {
		free(sim);
		snprintf(err, errlen, "simulation: out of memory");
		return NULL;
	}
	sim->port.ops = &sim_ops;
	sim->port.caps = PORT_CAP_TX_STATUS;
	sim->end_when_settled = cfg->end_when_settled;
	sim->linger_ns = cfg->settle_linger_ns;
	set_radio(sim, cfg);
	if (open_parts(sim, cfg, err, errlen) != 0) {
		sim_free(sim);
		return NULL;
	}
	crypto_rng_init_seeded(&sim->loss_rng, sim->pop.seed, UINT64_MAX);
	sim->snap = sim->pop.st;
	if (pthread_create(&sim->th, NULL, sim_main, sim) != 0) {
		snprintf(err, errlen, "simulation: cannot start its thread");
		sim_free(sim);
		return NULL;
	}
	sim->thread_started = true;
	return &sim->port;
}
