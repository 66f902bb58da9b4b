/*
 * ring_stress.c - a storm through SPSC rings and a frame pool shaped like
 * rapd's pipeline, meant to run under ThreadSanitizer
 * (tests/trace/tsan_ring.sh) but correct in any build.
 *
 *   producer ("RX", owns the pool) --rx[k]--> worker k (k < NWORKERS)
 *   worker k --tx[k]--> merger ("TX": peeks every tx ring, takes the
 *   lowest sequence number first)
 *   worker k and the merger give frames back to the pool through their
 *   return rings (returner k, returner NWORKERS); the producer gives back
 *   what it could not push (pool_put_owner).
 *
 * Each object is a pool frame stamped with a sequence number (order) and a
 * payload whose checksum (ts_ns) is checked by every next owner, which
 * then rewrites the payload: with a missing acquire/release the payload
 * accesses race and TSan reports them. Bursts have random sizes; rings
 * and pool are small so rings fill (drops, counted by the pusher as
 * rapd's threads do) and the pool runs dry. The main thread reads the
 * rings' counters while the storm runs, then raises the stop flag in the
 * middle of it; threads drain and exit in pipeline order.
 *
 * Verdict: every sequence number in [0, produced) met exactly one fate
 * (consumed by a worker, sent by the merger, dropped at an rx or a tx
 * ring), the per-fate counts and the sum of sequence numbers add up, each
 * ring delivered in FIFO order, and pool_free() finds every frame home.
 * Prints "PASS stress/ring" or "FAIL stress/ring: why" (exit 1).
 *
 * Usage: ring_stress [seconds [max_objects [seed]]]   (2, 5000000, time)
 */
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapd/frame.h"
#include "rapd/ring.h"

#define NWORKERS 3
#define RX_RING_SIZE 16
#define TX_RING_SIZE 8
#define POOL_FRAMES 64 /* fewer than the rings hold: the pool runs dry */
#define PROD_BURST_MAX 32
#define WORK_BURST_MAX 16
#define PAYLOAD_MAX 200

enum fate {
	FATE_NONE,
	FATE_RX_DROP,
	FATE_CONSUMED,
	FATE_TX_DROP,
	FATE_SENT,
	FATE_COUNT
};

/* What one thread did; written by that thread only, read after join. */
struct tally {
	alignas(64) uint64_t n[FATE_COUNT];
	uint64_t seq_sum;
	uint64_t pool_empty;
};

static struct {
	struct pool *pool;
	struct ring *rx[NWORKERS];
	struct ring *tx[NWORKERS];
	_Atomic uint8_t *fate; /* per sequence number: how many fates */
	uint64_t max_objects;
	uint64_t seed;
	atomic_bool stop;      /* main -> producer */
	atomic_bool rx_closed; /* producer -> workers, after last push */
	atomic_bool tx_closed[NWORKERS]; /* worker k -> merger */
	_Atomic uint64_t produced;	 /* final value read after join */
	_Atomic(const char *) why;	 /* first failure */
	_Atomic uint64_t why_seq;
	struct tally prod, work[NWORKERS], merge;
} g;

static void fail(const char *why, uint64_t seq)
{
	const char *none = NULL;

	if (atomic_compare_exchange_strong(&g.why, &none, why))
		atomic_store(&g.why_seq, seq);
	atomic_store(&g.stop, true);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static uint64_t checksum(const struct frame *f)
{
	uint64_t h = 0xcbf29ce484222325ull ^ f->order;
	uint32_t i;

	for (i = 0; i < f->len; i++)
		h = (h ^ f->data[i]) * 0x100000001b3ull;
	return h;
}

/* The next owner checks what the last one wrote, then writes its own. */
static bool check_and_rewrite(struct frame *f, uint8_t salt)
{
	uint32_t i;

	if (f->ts_ns != checksum(f) || f->len == 0 || f->len > PAYLOAD_MAX) {
		fail("payload checksum mismatch", f->order);
		return false;
	}
	for (i = 0; i < f->len; i++)
		f->data[i] ^= salt;
	f->ts_ns = checksum(f);
	return true;
}

static void settle(struct tally *t, struct frame *f, enum fate what)
{
	uint64_t seq = f->order;

	if (seq >= g.max_objects) {
		fail("sequence number out of range", seq);
		return;
	}
	if (atomic_fetch_add_explicit(&g.fate[seq], 1, memory_order_relaxed) !=
	    0)
		fail("object met two fates (duplicated)", seq);
	t->n[what]++;
	t->seq_sum += seq;
}

static void fill(struct frame *f, uint64_t seq, uint64_t *rs)
{
	uint32_t i;

	f->order = seq;
	f->len = 1 + (uint32_t)(rnd(rs) % PAYLOAD_MAX);
	for (i = 0; i < f->len; i++)
		f->data[i] = (uint8_t)(seq * 31 + i * 7);
	f->ts_ns = checksum(f);
}

/* One burst of new objects to a random worker; what does not fit is
 * dropped (counted) and goes straight back to the pool. */
static void produce_burst(uint64_t *rs, uint64_t *next)
{
	struct frame *f[PROD_BURST_MAX];
	unsigned int want = 1 + (unsigned int)(rnd(rs) % PROD_BURST_MAX);
	unsigned int got, pushed, i, k = (unsigned int)(rnd(rs) % NWORKERS);
	void *objs[PROD_BURST_MAX];

	if (want > g.max_objects - *next)
		want = (unsigned int)(g.max_objects - *next);
	got = pool_get_burst(g.pool, f, want);
	if (got < want)
		g.prod.pool_empty++;
	for (i = 0; i < got; i++) {
		fill(f[i], (*next)++, rs);
		objs[i] = f[i];
	}
	pushed = ring_push_burst(g.rx[k], objs, got);
	for (i = pushed; i < got; i++) {
		settle(&g.prod, f[i], FATE_RX_DROP);
		pool_put_owner(g.pool, f[i]);
	}
	if (got == 0 || pushed < got)
		sched_yield();
}

static void *producer_main(void *arg)
{
	uint64_t rs = g.seed ^ 0x9e3779b97f4a7c15ull, next = 0;

	(void)arg;
	while (!atomic_load_explicit(&g.stop, memory_order_acquire) &&
	       next < g.max_objects)
		produce_burst(&rs, &next);
	atomic_store_explicit(&g.produced, next, memory_order_relaxed);
	atomic_store_explicit(&g.rx_closed, true, memory_order_release);
	return NULL;
}

/* Worker k on one popped burst: each frame is checked, then consumed or
 * forwarded to the merger; frames the tx ring refuses are dropped. */
static void work_burst(unsigned int k, struct frame **f, unsigned int n,
		       uint64_t *rs)
{
	struct tally *t = &g.work[k];
	struct frame *back[WORK_BURST_MAX];
	void *fwd[WORK_BURST_MAX];
	unsigned int nback = 0, nfwd = 0, pushed, i;

	for (i = 0; i < n; i++) {
		if (!check_and_rewrite(f[i], (uint8_t)(0x11 * (k + 1))))
			return; /* the run failed: frames may leak */
		if (rnd(rs) & 1) {
			fwd[nfwd++] = f[i];
		} else {
			settle(t, f[i], FATE_CONSUMED);
			back[nback++] = f[i];
		}
	}
	pushed = ring_push_burst(g.tx[k], fwd, nfwd);
	for (i = pushed; i < nfwd; i++) {
		settle(t, fwd[i], FATE_TX_DROP);
		back[nback++] = fwd[i];
	}
	if (nback == 1 || (rnd(rs) & 3) == 0) {
		for (i = 0; i < nback; i++)
			pool_put(g.pool, k, back[i]);
	} else {
		pool_put_burst(g.pool, k, back, nback);
	}
}

/* Pops one burst (sometimes peeking first); checks FIFO order. Returns
 * how many frames it handled. */
static unsigned int worker_step(unsigned int k, uint64_t *rs, uint64_t *last)
{
	struct frame *f[WORK_BURST_MAX];
	void *objs[WORK_BURST_MAX], *peeked = NULL;
	unsigned int want = 1 + (unsigned int)(rnd(rs) % WORK_BURST_MAX);
	unsigned int n, i;

	if ((rnd(rs) & 3) == 0)
		peeked = ring_peek(g.rx[k]);
	n = ring_pop_burst(g.rx[k], objs, want);
	if (peeked && (n == 0 || objs[0] != peeked))
		fail("peek did not show the next object", 0);
	for (i = 0; i < n; i++) {
		f[i] = objs[i];
		if (*last != UINT64_MAX && f[i]->order <= *last)
			fail("rx ring out of order", f[i]->order);
		*last = f[i]->order;
	}
	if (n)
		work_burst(k, f, n, rs);
	return n;
}

static void *worker_main(void *arg)
{
	unsigned int k = (unsigned int)(uintptr_t)arg;
	uint64_t rs = g.seed * (k + 2) + 1, last = UINT64_MAX;

	for (;;) {
		if (worker_step(k, &rs, &last))
			continue;
		/* empty: after the producer closed, one more look finds
		 * everything it pushed before closing (R1 before the flag) */
		if (atomic_load_explicit(&g.rx_closed, memory_order_acquire)) {
			while (worker_step(k, &rs, &last))
				;
			break;
		}
		sched_yield();
	}
	atomic_store_explicit(&g.tx_closed[k], true, memory_order_release);
	return NULL;
}

/* The merger's step: the tx ring whose head has the lowest sequence
 * number gives one frame. Returns false when every tx ring was empty. */
static bool merge_step(uint64_t *last)
{
	struct frame *best = NULL, *f;
	void *obj;
	unsigned int k, best_k = 0;

	for (k = 0; k < NWORKERS; k++) {
		f = ring_peek(g.tx[k]);
		if (f && (!best || f->order < best->order)) {
			best = f;
			best_k = k;
		}
	}
	if (!best)
		return false;
	if (ring_pop_burst(g.tx[best_k], &obj, 1) != 1 || obj != best) {
		fail("pop did not return the peeked object", best->order);
		return false;
	}
	if (last[best_k] != UINT64_MAX && best->order <= last[best_k])
		fail("tx ring out of order", best->order);
	last[best_k] = best->order;
	if (!check_and_rewrite(best, 0xa5))
		return false;
	settle(&g.merge, best, FATE_SENT);
	pool_put(g.pool, NWORKERS, best);
	return true;
}

static bool workers_closed(void)
{
	unsigned int k;

	for (k = 0; k < NWORKERS; k++)
		if (!atomic_load_explicit(&g.tx_closed[k],
					  memory_order_acquire))
			return false;
	return true;
}

static void *merger_main(void *arg)
{
	uint64_t last[NWORKERS];
	unsigned int k;

	(void)arg;
	for (k = 0; k < NWORKERS; k++)
		last[k] = UINT64_MAX;
	for (;;) {
		if (merge_step(last))
			continue;
		if (workers_closed()) {
			while (merge_step(last))
				;
			break;
		}
		if (atomic_load(&g.why))
			break;
		sched_yield();
	}
	return NULL;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* While the storm runs: snapshot counters from a third thread (the
 * "any thread" calls) until the deadline or the producer finished.
 * Returns how many objects sat in the rings when the stop came. */
static uint32_t watch_storm(double seconds)
{
	uint64_t end = now_ns() + (uint64_t)(seconds * 1e9);
	struct timespec tick = {0, 1000000};
	uint32_t backlog = 0, c;
	unsigned int k;

	while (now_ns() < end &&
	       !atomic_load_explicit(&g.rx_closed, memory_order_acquire)) {
		for (k = 0; k < NWORKERS; k++) {
			if (ring_count(g.rx[k]) > ring_capacity(g.rx[k]) ||
			    ring_free_count(g.tx[k]) > TX_RING_SIZE)
				fail("ring counter snapshot out of range", k);
		}
		nanosleep(&tick, NULL);
	}
	for (k = 0; k < NWORKERS; k++) {
		c = ring_count(g.rx[k]) + ring_count(g.tx[k]);
		backlog += c;
	}
	atomic_store_explicit(&g.stop, true, memory_order_release);
	return backlog;
}

static int setup(void)
{
	unsigned int k;

	g.pool = pool_create(POOL_FRAMES, NWORKERS + 1);
	g.fate = calloc(g.max_objects, sizeof(*g.fate));
	if (!g.pool || !g.fate)
		return -1;
	for (k = 0; k < NWORKERS; k++) {
		g.rx[k] = ring_create(RX_RING_SIZE);
		g.tx[k] = ring_create(TX_RING_SIZE);
		if (!g.rx[k] || !g.tx[k])
			return -1;
	}
	return 0;
}

static void sum_tallies(struct tally *all)
{
	const struct tally *t[NWORKERS + 2];
	unsigned int i, k;

	memset(all, 0, sizeof(*all));
	t[0] = &g.prod;
	t[1] = &g.merge;
	for (k = 0; k < NWORKERS; k++)
		t[2 + k] = &g.work[k];
	for (i = 0; i < NWORKERS + 2; i++) {
		for (k = 0; k < FATE_COUNT; k++)
			all->n[k] += t[i]->n[k];
		all->seq_sum += t[i]->seq_sum;
		all->pool_empty += t[i]->pool_empty;
	}
}

/* After every thread was joined: the books must balance. Returns NULL or
 * why they do not. */
static const char *audit(uint64_t produced)
{
	struct tally all;
	uint64_t s, settled = 0;
	unsigned int k;

	sum_tallies(&all);
	for (k = 0; k < FATE_COUNT; k++)
		settled += all.n[k];
	if (settled != produced)
		return "produced != consumed + sent + dropped";
	for (s = 0; s < g.max_objects; s++)
		if (atomic_load(&g.fate[s]) != (s < produced ? 1 : 0))
			return "an object was lost or met two fates";
	if (all.seq_sum != produced * (produced - 1) / 2)
		return "sequence number checksum differs";
	if (!all.n[FATE_RX_DROP] || !all.n[FATE_TX_DROP])
		return "no ring ever filled: the storm tested no drop";
	if (!all.n[FATE_CONSUMED] || !all.n[FATE_SENT])
		return "a stage never delivered";
	for (k = 0; k < NWORKERS; k++)
		if (ring_count(g.rx[k]) || ring_count(g.tx[k]))
			return "a ring was not drained at shutdown";
	printf("stress/ring: %llu objects: %llu consumed, %llu sent, "
	       "%llu rx drops, %llu tx drops, pool dry %llu times\n",
	       (unsigned long long)produced,
	       (unsigned long long)all.n[FATE_CONSUMED],
	       (unsigned long long)all.n[FATE_SENT],
	       (unsigned long long)all.n[FATE_RX_DROP],
	       (unsigned long long)all.n[FATE_TX_DROP],
	       (unsigned long long)all.pool_empty);
	return NULL;
}

static int finish(const char *why, uint64_t seq)
{
	if (why) {
		printf("FAIL stress/ring: %s (seq %llu, seed %llu)\n", why,
		       (unsigned long long)seq, (unsigned long long)g.seed);
		return 1;
	}
	printf("PASS stress/ring\n");
	return 0;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	pthread_t prod, merge, work[NWORKERS];
	const char *why;
	uint32_t backlog;
	unsigned int k;
	long out;

	g.max_objects = argc > 2 ? strtoull(argv[2], NULL, 0) : 5000000;
	g.seed = argc > 3 ? strtoull(argv[3], NULL, 0) : now_ns();
	g.seed |= 1; /* xorshift needs a non-zero state */
	if (seconds <= 0 || g.max_objects < 2 || setup() < 0)
		return finish("bad arguments or out of memory", 0);
	if (pthread_create(&merge, NULL, merger_main, NULL))
		exit(finish("pthread_create failed", 0));
	for (k = 0; k < NWORKERS; k++)
		if (pthread_create(&work[k], NULL, worker_main,
				   (void *)(uintptr_t)k))
			exit(finish("pthread_create failed", 0));
	if (pthread_create(&prod, NULL, producer_main, NULL))
		exit(finish("pthread_create failed", 0));
	backlog = watch_storm(seconds);
	pthread_join(prod, NULL);
	for (k = 0; k < NWORKERS; k++)
		pthread_join(work[k], NULL);
	pthread_join(merge, NULL);
	printf("stress/ring: seed %llu, %u objects in rings at stop\n",
	       (unsigned long long)g.seed, backlog);
	why = atomic_load(&g.why);
	if (!why)
		why = audit(atomic_load(&g.produced));
	for (k = 0; k < NWORKERS; k++) {
		ring_free(g.rx[k]);
		ring_free(g.tx[k]);
	}
	out = pool_free(g.pool);
	if (!why && out != 0)
		why = "pool_free: frames not returned";
	free(g.fate);
	return finish(why, atomic_load(&g.why_seq));
}
