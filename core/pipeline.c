/*
 * pipeline.c - builds the pipeline (rings, pools, station table, workers'
 * mlme contexts), starts and stops its threads, and gives the main thread
 * events and counters. The thread bodies are rx.c, worker.c and tx.c.
 *
 * Thread: main only (pipeline_request_stop: any). Everything allocated
 * here is allocated before the threads start: none of them allocates
 * afterwards. Also the threads' sleep and wake-up primitive (pipe_sleep_*,
 * pipe_wake: a futex word per sleeping thread, contract in pipe_pvt.h),
 * which every thread file uses instead of spinning.
 */
#include "pipe_pvt.h"

#include <rapd/acl.h>

#include <errno.h>
#include <linux/futex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

uint64_t pipe_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * AP_NS_PER_S + (uint64_t)ts.tv_nsec;
}

uint32_t pipe_sleep_prepare(struct pipe_sleep *s, int32_t on)
{
	uint32_t seq = atomic_load_explicit(&s->seq, memory_order_acquire);

	atomic_store_explicit(&s->on, on, memory_order_relaxed);
	/* F1: pairs with the RMW in pipe_asleep. Both are read-modify-writes
	 * of asleep, so one comes first: if ours, the waker reads 1; if the
	 * waker's, ours reads what it wrote and synchronizes with it, so our
	 * re-check sees what it published before. (No fence: TSan cannot
	 * follow fences.) */
	atomic_exchange_explicit(&s->asleep, 1, memory_order_seq_cst);
	return seq;
}

void pipe_sleep_cancel(struct pipe_sleep *s)
{
	atomic_store_explicit(&s->asleep, 0, memory_order_relaxed);
}

/* Sleeps until pipe_wake bumps seq past the value prepare returned, or the
 * timeout; a wake that came before returns at once (futex compares). */
void pipe_sleep_wait(struct pipe_sleep *s, uint32_t seq, uint64_t timeout_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(timeout_ns / AP_NS_PER_S),
		.tv_nsec = (long)(timeout_ns % AP_NS_PER_S),
	};

	syscall(SYS_futex, (uint32_t *)&s->seq, FUTEX_WAIT_PRIVATE, seq, &ts,
		NULL, 0);
	atomic_store_explicit(&s->asleep, 0, memory_order_relaxed);
}

/* Async-signal-safe (pipeline_request_stop may run in a handler). */
void pipe_wake(struct pipe_sleep *s)
{
	/* Only the waker that clears asleep makes the system call. */
	if (!atomic_exchange_explicit(&s->asleep, 0, memory_order_acq_rel))
		return;
	atomic_fetch_add_explicit(&s->seq, 1, memory_order_release);
	syscall(SYS_futex, (uint32_t *)&s->seq, FUTEX_WAKE_PRIVATE, 1, NULL,
		NULL, 0);
}

void pipe_wake_all(struct pipeline *p)
{
	for (unsigned i = 0; p->w && i < p->pp.nworkers; i++)
		pipe_wake(&p->w[i].sleep);
	pipe_wake(&p->rx_sleep);
	pipe_wake(&p->tx_sleep);
}

static void *fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return NULL;
}

/* The group master key: from the seed, or random. */
static int pipe_gmk(struct pipeline *p)
{
	struct crypto_rng rng;
	int r;

	if (p->pp.seeded)
		crypto_rng_init_seeded(&rng, p->pp.seed, 0x474d4b /* "GMK" */);
	else
		crypto_rng_init_system(&rng);
	r = crypto_rng_bytes(&rng, p->gmk, sizeof(p->gmk));
	crypto_wipe(&rng, sizeof(rng));
	return r;
}

static int worker_init(struct pipeline *p, unsigned i)
{
	struct pipe_worker *w = &p->w[i];
	uint32_t timers = 2 * p->pp.bss->max_sta + 16;

	w->p = p;
	w->id = i;
	w->rx_ring = ring_create(p->pp.ring_size);
	w->tx_ring = ring_create(p->pp.ring_size);
	w->ev_ring = ring_create(PIPE_EVENT_RING);
	w->cmd_ring = ring_create(PIPE_CMD_RING);
	w->tx_pool = pool_create(p->pp.pool_frames, 2);
	w->tq = timer_queue_create(timers);
	w->ws = crypto_ws_new();
	if (!w->rx_ring || !w->tx_ring || !w->ev_ring || !w->cmd_ring ||
	    !w->tx_pool ||
	    !w->tq || !w->ws)
		return -1;
	crypto_rng_init_system(&w->rng);
	return ap_ctx_init(&w->ap, p->pp.bss, w->ws, &pipe_ap_ops, w, p->gmk,
			   0);
}

static bool params_ok(const struct pipe_params *pp, char *err, size_t errlen)
{
	if (!pp->bss || !pp->port) {
		fail(err, errlen, "no BSS or no frame port");
		return false;
	}
	if (pp->nworkers < 1 || pp->nworkers > PIPE_WORKERS_MAX) {
		fail(err, errlen, "workers: %u is not in 1..%u", pp->nworkers,
		     PIPE_WORKERS_MAX);
		return false;
	}
	if (pp->ring_size < 2 || (pp->ring_size & (pp->ring_size - 1))) {
		fail(err, errlen, "ring size %u is not a power of two",
		     pp->ring_size);
		return false;
	}
	return true;
}

struct pipeline *pipeline_create(const struct pipe_params *pp, char *err,
				 size_t errlen)
{
	struct pipeline *p;

	if (!params_ok(pp, err, errlen))
		return NULL;
	p = aligned_alloc(64, (sizeof(*p) + 63) & ~(size_t)63);
	if (!p)
		return fail(err, errlen, "out of memory");
	memset(p, 0, sizeof(*p));
	p->pp = *pp;
	rcu_register_thread(); /* the main thread reads the table too */
	aid_map_init(&p->aids, BSS_MAX_STA);
	/* Room beyond max_num_sta: a station over the limit still gets an
	 * entry for the moment mlme needs to refuse it (status 17). */
	p->table = sta_table_create(pp->bss->max_sta + PIPE_STA_HEADROOM,
				    pp->nworkers, sizeof(struct pipe_sta));
	p->rx_pool = pool_create(pp->pool_frames, pp->nworkers);
	p->w = aligned_alloc(64, sizeof(*p->w) * pp->nworkers);
	if (!p->table || !p->rx_pool || !p->w || pipe_gmk(p) != 0) {
		pipeline_destroy(p);
		return fail(err, errlen, "cannot set up the pipeline: %s",
			    strerror(errno ? errno : ENOMEM));
	}
	memset(p->w, 0, sizeof(*p->w) * pp->nworkers);
	atomic_store(&p->cur_bss, pp->bss);
	if (pp->conf && !(p->acl = acl_from_conf(pp->conf))) {
		pipeline_destroy(p);
		return fail(err, errlen, "out of memory");
	}
	for (unsigned i = 0; i < pp->nworkers; i++) {
		if (worker_init(p, i) != 0) {
			pipeline_destroy(p);
			return fail(err, errlen,
				    "cannot set up worker %u (memory or "
				    "OpenSSL)", i);
		}
	}
	return p;
}

int pipeline_start(struct pipeline *p)
{
	int e;

	if (p->pp.clock == PIPE_CLOCK_LIVE)
		atomic_store_explicit(&p->trace_start, pipe_mono_ns(),
				      memory_order_release);
	for (unsigned i = 0; i < p->pp.nworkers; i++) {
		e = pthread_create(&p->w[i].th, NULL, pipe_worker_main, &p->w[i]);
		if (e)
			goto failed;
		p->w[i].started = true;
	}
	e = pthread_create(&p->tx_th, NULL, pipe_tx_main, p);
	if (e)
		goto failed;
	p->tx_started = true;
	e = pthread_create(&p->rx_th, NULL, pipe_rx_main, p);
	if (e)
		goto failed;
	p->rx_started = true;
	return 0;
failed:
	/* Without an RX thread nothing ends the others: end them. */
	atomic_store(&p->rx_done, true);
	pipeline_request_stop(p);
	pipeline_join(p);
	errno = e;
	return -1;
}

/* Hands every pending event to the callback; returns how many. */
static unsigned pipe_events(struct pipeline *p)
{
	unsigned n = 0;

	for (unsigned i = 0; i < p->pp.nworkers; i++) {
		struct pipe_worker *w = &p->w[i];
		void *obj;

		while (w->ev_ring && ring_pop_burst(w->ev_ring, &obj, 1)) {
			struct frame *f = obj;
			struct pipe_event ev;

			memcpy(&ev, f->data, sizeof(ev));
			pool_put(w->tx_pool, PIPE_RET_MAIN, f);
			if (p->pp.on_event)
				p->pp.on_event(p->pp.arg, &ev);
			n++;
		}
	}
	return n;
}

bool pipeline_poll(struct pipeline *p, int timeout_ms)
{
	struct timespec ts = { 0, 1000000 };

	for (int waited = 0;; waited++) {
		bool done = atomic_load_explicit(&p->tx_done,
						 memory_order_acquire);

		if (pipe_events(p) || waited >= timeout_ms)
			return !done;
		if (done)
			return pipe_events(p) > 0;
		nanosleep(&ts, NULL);
	}
}

void pipeline_request_stop(struct pipeline *p)
{
	atomic_store_explicit(&p->stop, true, memory_order_relaxed);
	pipe_wake_all(p);
}

void pipeline_join(struct pipeline *p)
{
	if (p->joined)
		return;
	/* A live pipeline runs until told; a trace one ends by itself. */
	if (p->pp.clock == PIPE_CLOCK_LIVE)
		pipeline_request_stop(p);
	if (p->rx_started)
		pthread_join(p->rx_th, NULL);
	atomic_store_explicit(&p->rx_done, true, memory_order_release);
	pipe_wake_all(p);
	for (unsigned i = 0; i < p->pp.nworkers; i++)
		if (p->w[i].started)
			pthread_join(p->w[i].th, NULL);
	if (p->tx_started)
		pthread_join(p->tx_th, NULL);
	pipe_events(p);
	p->joined = true;
}

static void worker_stats(const struct pipe_worker *w,
			 struct pipe_worker_stats *o)
{
	const struct pipe_wstats *s = &w->st;

	for (unsigned b = 0; b < PIPE_LAT_BUCKETS; b++)
		o->lat[b] = STAT_GET(s->lat[b]);
	o->retransmissions = STAT_GET(s->retransmissions);
	o->handshakes_failed = STAT_GET(s->handshakes_failed);
	o->tx_ring_count = w->tx_ring ? ring_count(w->tx_ring) : 0;
	o->frames_in = STAT_GET(s->frames_in);
	o->frames_out = STAT_GET(s->frames_out);
	o->timeouts = STAT_GET(s->timeouts);
	for (unsigned v = 0; v < AP_VERDICT_COUNT; v++)
		o->verdict[v] = STAT_GET(s->verdict[v]);
	for (unsigned d = 0; d < PIPE_TX_DROPS; d++)
		o->tx_drop[d] = STAT_GET(s->tx_drop[d]);
	o->events_dropped = STAT_GET(s->events_dropped);
	o->connected = STAT_GET(s->connected);
	o->stations = STAT_GET(s->stations);
	o->sta_no_slot = STAT_GET(s->sta_no_slot);
	o->kernel_calls = STAT_GET(s->kernel_calls);
	o->kernel_errors = STAT_GET(s->kernel_errors);
	o->rx_ring_count = w->rx_ring ? ring_count(w->rx_ring) : 0;
}

void pipeline_stats(struct pipeline *p, struct pipe_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->nworkers = p->pp.nworkers;
	st->rx_frames = STAT_GET(p->rx.frames);
	st->rx_dispatched = STAT_GET(p->rx.dispatched);
	for (unsigned d = 0; d < PIPE_RX_DROPS; d++)
		st->rx_drop[d] = STAT_GET(p->rx.drop[d]);
	st->tx_frames = STAT_GET(p->tx.frames);
	st->tx_beacons = STAT_GET(p->tx.beacons);
	st->tx_port_errors = STAT_GET(p->tx.port_errors);
	for (unsigned i = 0; i < p->pp.nworkers; i++)
		worker_stats(&p->w[i], &st->worker[i]);
	st->stations = p->table ? sta_count(p->table) : 0;
}

static long worker_destroy(struct pipe_worker *w)
{
	long leaked = 0;

	ap_ctx_wipe(&w->ap);
	crypto_ws_free(w->ws);
	timer_queue_destroy(w->tq);
	ring_free(w->rx_ring);
	ring_free(w->tx_ring);
	ring_free(w->ev_ring);
	if (w->cmd_ring) { /* commands the worker never took */
		void *c;

		while (ring_pop_burst(w->cmd_ring, &c, 1))
			free(c);
		ring_free(w->cmd_ring);
	}
	if (w->tx_pool)
		leaked += pool_free(w->tx_pool);
	crypto_wipe(&w->rng, sizeof(w->rng));
	return leaked;
}

long pipeline_destroy(struct pipeline *p)
{
	long leaked = 0;

	if (!p)
		return 0;
	pipeline_join(p);
	for (unsigned i = 0; p->w && i < p->pp.nworkers; i++)
		leaked += worker_destroy(&p->w[i]);
	free(p->w);
	if (p->rx_pool)
		leaked += pool_free(p->rx_pool);
	if (p->table) {
		sta_table_reclaim(p->table); /* waits for pending frees */
		leaked += sta_table_destroy(p->table);
	}
	acl_free(p->acl); /* replaced ones went by call_rcu, reclaimed above */
	crypto_wipe(p->gmk, sizeof(p->gmk));
	rcu_unregister_thread();
	free(p);
	return leaked;
}

const char *pipe_rx_drop_name(enum pipe_rx_drop d)
{
	static const char *const names[PIPE_RX_DROPS] = {
		[PIPE_RX_MALFORMED] = "malformed",
		[PIPE_RX_NOT_OURS] = "not-for-this-bss",
		[PIPE_RX_OWN] = "own-frame",
		[PIPE_RX_CONTROL] = "control-frame",
		[PIPE_RX_ECHO] = "tx-status-unused",
		[PIPE_RX_DISABLED] = "ap-disabled",
		[PIPE_RX_NO_BUFFER] = "no-buffer",
		[PIPE_RX_RING_FULL] = "ring-full",
	};

	return d < PIPE_RX_DROPS ? names[d] : "?";
}

const char *pipe_tx_drop_name(enum pipe_tx_drop d)
{
	static const char *const names[PIPE_TX_DROPS] = {
		[PIPE_TX_NO_BUFFER] = "no-buffer",
		[PIPE_TX_RING_FULL] = "ring-full",
		[PIPE_TX_PORT] = "port-error",
	};

	return d < PIPE_TX_DROPS ? names[d] : "?";
}

const struct acl *pipeline_acl(struct pipeline *p)
{
	return p->acl;
}

static void acl_free_rcu(struct rcu_head *h)
{
	acl_free(caa_container_of(h, struct acl, rcu));
}

void pipeline_acl_replace(struct pipeline *p, struct acl *a)
{
	struct acl *old = p->acl;

	rcu_assign_pointer(p->acl, a);
	if (old)
		call_rcu(&old->rcu, acl_free_rcu);
}

int pipeline_set_enabled(struct pipeline *p, bool enabled)
{
	if (atomic_exchange(&p->disabled, !enabled) == !enabled)
		return -EALREADY;
	return 0;
}

uint64_t pipe_stats_latency_us(const struct pipe_stats *st, double q)
{
	uint64_t sum[PIPE_LAT_BUCKETS] = { 0 }, n = 0, seen = 0;

	for (unsigned i = 0; i < st->nworkers; i++)
		for (unsigned b = 0; b < PIPE_LAT_BUCKETS; b++) {
			sum[b] += st->worker[i].lat[b];
			n += st->worker[i].lat[b];
		}
	if (!n)
		return 0;
	for (unsigned b = 0; b < PIPE_LAT_BUCKETS; b++) {
		seen += sum[b];
		if ((double)seen >= q * (double)n)
			return 2ull << b; /* the bucket's upper bound */
	}
	return 2ull << (PIPE_LAT_BUCKETS - 1);
}
