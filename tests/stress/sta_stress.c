/*
 * sta_stress.c - the station table, AID bitmap and timers under real
 * concurrency, for a bounded time; built with -fsanitize=thread by
 * tests/trace/tsan_sta.sh.
 *
 *   usage: sta_stress [SECONDS]     (default 2)
 *
 * Threads, as in rapd:
 * - STRESS_WORKERS workers, each the owner of the stations whose
 *   sta_worker_of() is its index: it allocates (with an AID of the
 *   station's shard), fills the protocol area (a self-check: MAC copy,
 *   AID, checksum, key bytes derived from the MAC), inserts, arms the
 *   station's timer in its own queue, expires and removes stations, and
 *   tries duplicates of its own live MACs (-EEXIST -> sta_release_unused).
 *   More stations are wanted than max_sta, so -ENOSPC happens; removals
 *   outrun grace periods, so -EAGAIN happens and is answered with
 *   sta_table_reclaim().
 * - STRESS_READERS readers that look up recently published MACs and
 *   iterate the whole table under the read lock, checking every station
 *   they see: never wiped, never half-initialised.
 * - liburcu's call_rcu thread, wiping and freeing removed stations.
 * At the end every worker removes what it still owns; then no station, no
 * AID, no queued timer is left and every slot is back on a free stack.
 * Prints the counts and "sta_stress: ok", or the failures; exit 0 or 1.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapd/aid.h"
#include "rapd/sta.h"
#include "rapd/timer.h"

#define STRESS_WORKERS 3
#define STRESS_READERS 2
#define STRESS_MAX_STA 600
#define STRESS_WANT 300 /* per worker: 900 wanted > 600 allowed */
#define STRESS_RECENT 256
#define STRESS_MAGIC 0x7374612d73747273ull

struct stress_proto {
	uint64_t magic;
	uint8_t mac[6];
	uint16_t aid;
	uint64_t sum;
	uint8_t key[32];
};

struct worker {
	pthread_t thread;
	unsigned int index;
	uint64_t rng;
	struct timer_queue *tq;
	struct sta *mine[STRESS_WANT];
	unsigned int n;
	uint32_t next_mac;
	uint64_t now;
	unsigned long inserted, removed, expired, dup, nospc, again;
};

struct reader {
	pthread_t thread;
	uint64_t rng;
	unsigned long lookups, hits, walks, visited;
};

static struct sta_table *table;
static struct aid_map aids;
static _Atomic uint8_t aid_taken[AID_MAX + 1];
static _Atomic uint64_t recent[STRESS_RECENT]; /* mac keys, 0 = empty */
static atomic_bool stop;
static atomic_ulong failures;

#define FAIL(...)                                                              \
	do {                                                                   \
		if (atomic_fetch_add(&failures, 1) < 20)                       \
			fprintf(stderr, "sta_stress: " __VA_ARGS__);           \
	} while (0)

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static uint64_t proto_sum(const uint8_t mac[6], uint16_t aid)
{
	return sta_hash(mac) ^ ((uint64_t)aid << 48) ^ STRESS_MAGIC;
}

static void proto_fill(struct stress_proto *p, const uint8_t mac[6],
		       uint16_t aid)
{
	unsigned int i;

	p->magic = STRESS_MAGIC;
	memcpy(p->mac, mac, 6);
	p->aid = aid;
	p->sum = proto_sum(mac, aid);
	for (i = 0; i < sizeof(p->key); i++)
		p->key[i] = (uint8_t)(mac[i % 6] + i);
}

/* What any thread may assert about a station it found under the lock. */
static bool sta_sane(struct sta *sta)
{
	const struct stress_proto *p = sta_proto(sta);
	unsigned int i;

	if (p->magic != STRESS_MAGIC || memcmp(p->mac, sta->addr, 6) ||
	    p->sum != proto_sum(sta->addr, p->aid) ||
	    sta->shard != sta_shard(sta->addr) || p->aid < AID_MIN ||
	    p->aid > AID_MAX)
		return false;
	for (i = 0; i < sizeof(p->key); i++)
		if (p->key[i] != (uint8_t)(sta->addr[i % 6] + i))
			return false;
	return true;
}

static void mac_from_key(uint64_t key, uint8_t mac[6])
{
	int i;

	for (i = 5; i >= 0; i--, key >>= 8)
		mac[i] = (uint8_t)key;
}

/* The worker's next MAC: 02:<worker>:<counter>, counting until the hash
 * lands on this worker; the counter wraps so MACs come back. */
static void worker_next_mac(struct worker *w, uint8_t mac[6])
{
	do {
		w->next_mac =
			(w->next_mac + 1) % (4 * STRESS_WANT * STRESS_WORKERS);
		mac[0] = 0x02;
		mac[1] = (uint8_t)w->index;
		mac[2] = 0;
		mac[3] = (uint8_t)(w->next_mac >> 16);
		mac[4] = (uint8_t)(w->next_mac >> 8);
		mac[5] = (uint8_t)w->next_mac;
	} while (sta_worker_of(table, mac) != w->index);
}

static uint16_t take_aid(unsigned int shard)
{
	uint16_t aid = aid_alloc(&aids, shard);

	if (!aid)
		FAIL("no AID left for shard %u\n", shard);
	else if (atomic_exchange(&aid_taken[aid], 1))
		FAIL("AID %u handed out twice\n", aid);
	return aid;
}

static void give_aid(uint16_t aid)
{
	atomic_store(&aid_taken[aid], 0);
	if (aid_free(&aids, aid) != 0)
		FAIL("AID %u free failed\n", aid);
}

/* A new station, fully initialised before sta_insert publishes it. */
static void worker_add(struct worker *w)
{
	uint8_t mac[6];
	struct sta *sta;
	struct stress_proto *p;
	int rc;

	worker_next_mac(w, mac);
	rc = sta_alloc(table, mac, &sta);
	if (rc == -ENOSPC) {
		w->nospc++;
		return;
	}
	if (rc == -EAGAIN) {
		w->again++;
		sta_read_unlock();
		sta_table_reclaim(table);
		sta_read_lock();
		return;
	}
	if (rc != 0 || sta->worker != w->index) {
		FAIL("alloc: %d\n", rc);
		return;
	}
	p = sta_proto(sta);
	proto_fill(p, mac, take_aid(sta->shard));
	rc = sta_insert(table, sta);
	if (rc == -EEXIST) {
		w->dup++;
		give_aid(p->aid);
		if (sta_release_unused(table, sta) != 0)
			FAIL("release_unused failed\n");
		return;
	}
	if (rc != 0) {
		FAIL("insert: %d\n", rc);
		return;
	}
	/* Lifetimes of up to 2000 steps: the population presses on max_sta. */
	if (timer_set(w->tq, &sta->tnode,
		      w->now + 100 * (rng_next(&w->rng) % 2000)))
		FAIL("timer queue full\n");
	w->mine[w->n++] = sta;
	w->inserted++;
	atomic_store(&recent[rng_next(&w->rng) % STRESS_RECENT],
		     sta_mac_key(mac));
}

static void worker_drop(struct worker *w, struct sta *sta)
{
	unsigned int i;
	uint16_t aid = ((struct stress_proto *)sta_proto(sta))->aid;

	for (i = 0; i < w->n && w->mine[i] != sta; i++)
		;
	if (i == w->n) {
		FAIL("expired station not owned\n");
		return;
	}
	w->mine[i] = w->mine[--w->n];
	timer_cancel(w->tq, &sta->tnode); /* before the slot is wiped */
	give_aid(aid);
	if (sta_remove(table, sta) != 0)
		FAIL("remove failed\n");
	w->removed++;
}

/* One step: check an own station, then add, expire or drop. */
static void worker_step(struct worker *w)
{
	uint64_t r = rng_next(&w->rng);
	struct timer_node *tn;

	if (w->n) {
		struct sta *own = w->mine[r % w->n];

		if (sta_lookup(table, own->addr) != own || !sta_sane(own))
			FAIL("worker lost its own station\n");
	}
	w->now += 100;
	while ((tn = timer_pop_expired(w->tq, w->now)) != NULL) {
		w->expired++;
		worker_drop(w, sta_from_timer(tn));
	}
	if (w->n < STRESS_WANT && (r >> 20) % 8)
		worker_add(w);
	else if (w->n)
		worker_drop(w, w->mine[(r >> 32) % w->n]);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned int i;

	rcu_register_thread();
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		sta_read_lock();
		for (i = 0; i < 16; i++)
			worker_step(w);
		sta_read_unlock();
	}
	sta_read_lock();
	while (w->n)
		worker_drop(w, w->mine[w->n - 1]);
	sta_read_unlock();
	if (timer_count(w->tq))
		FAIL("worker %u: timers left\n", w->index);
	rcu_unregister_thread();
	return NULL;
}

static int reader_visit(struct sta *sta, void *arg)
{
	struct reader *r = arg;

	r->visited++;
	if (!sta_sane(sta))
		FAIL("iteration saw a wiped or partial station\n");
	return 0;
}

static void reader_lookups(struct reader *r)
{
	unsigned int i;

	for (i = 0; i < 64; i++) {
		uint64_t key =
			atomic_load(&recent[rng_next(&r->rng) % STRESS_RECENT]);
		uint8_t mac[6];
		struct sta *sta;

		if (!key)
			continue;
		mac_from_key(key, mac);
		r->lookups++;
		sta = sta_lookup(table, mac);
		if (!sta)
			continue;
		r->hits++;
		if (memcmp(sta->addr, mac, 6) || !sta_sane(sta))
			FAIL("lookup saw a wiped or partial station\n");
	}
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	unsigned long round = 0;

	rcu_register_thread();
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		sta_read_lock();
		reader_lookups(r);
		if (round++ % 8 == 0) {
			r->walks++;
			sta_for_each(table, reader_visit, r);
		}
		sta_read_unlock();
	}
	rcu_unregister_thread();
	return NULL;
}

static bool start_threads(struct worker *w, struct reader *r)
{
	unsigned int i;

	for (i = 0; i < STRESS_WORKERS; i++) {
		w[i].index = i;
		w[i].rng = 0x9e3779b97f4a7c15ull * (i + 1);
		w[i].tq = timer_queue_create(STRESS_WANT);
		if (!w[i].tq ||
		    pthread_create(&w[i].thread, NULL, worker_main, &w[i]))
			return false;
	}
	for (i = 0; i < STRESS_READERS; i++) {
		r[i].rng = 0xd1b54a32d192ed03ull * (i + 1);
		if (pthread_create(&r[i].thread, NULL, reader_main, &r[i]))
			return false;
	}
	return true;
}

static void report(const struct worker *w, const struct reader *r)
{
	unsigned long ins = 0, rem = 0, exp = 0, dup = 0, nospc = 0, again = 0,
		      look = 0, hits = 0, walks = 0, vis = 0;
	unsigned int i;

	for (i = 0; i < STRESS_WORKERS; i++) {
		ins += w[i].inserted;
		rem += w[i].removed;
		exp += w[i].expired;
		dup += w[i].dup;
		nospc += w[i].nospc;
		again += w[i].again;
	}
	for (i = 0; i < STRESS_READERS; i++) {
		look += r[i].lookups;
		hits += r[i].hits;
		walks += r[i].walks;
		vis += r[i].visited;
	}
	printf("sta_stress: %lu inserted, %lu removed (%lu expired), "
	       "%lu duplicate, %lu full, %lu reclaim; readers: %lu lookups "
	       "(%lu hits), %lu walks (%lu stations)\n",
	       ins, rem, exp, dup, nospc, again, look, hits, walks, vis);
	if (ins == 0 || rem != ins || look == 0 || walks == 0)
		FAIL("too little happened, or removals != insertions\n");
}

static void check_empty(void)
{
	uint32_t left;

	sta_table_reclaim(table);
	if (sta_count(table) != 0)
		FAIL("%u stations left in the table\n", sta_count(table));
	if (sta_table_free_slots(table) != 2 * STRESS_MAX_STA)
		FAIL("%u of %u slots free\n", sta_table_free_slots(table),
		     2 * STRESS_MAX_STA);
	if (aid_count(&aids) != 0)
		FAIL("%u AIDs left\n", aid_count(&aids));
	left = sta_table_destroy(table);
	if (left)
		FAIL("destroy: %u stations leaked\n", left);
}

int main(int argc, char **argv)
{
	static struct worker w[STRESS_WORKERS];
	static struct reader r[STRESS_READERS];
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	struct timespec pause;
	unsigned int i;

	rcu_register_thread();
	aid_map_init(&aids, AID_MAX);
	table = sta_table_create(STRESS_MAX_STA, STRESS_WORKERS,
				 sizeof(struct stress_proto));
	if (!table || !start_threads(w, r)) {
		fprintf(stderr, "sta_stress: setup failed\n");
		return 1;
	}
	pause.tv_sec = (time_t)seconds;
	pause.tv_nsec = (long)((seconds - (double)pause.tv_sec) * 1e9);
	nanosleep(&pause, NULL);
	atomic_store(&stop, true);
	for (i = 0; i < STRESS_WORKERS; i++)
		pthread_join(w[i].thread, NULL);
	for (i = 0; i < STRESS_READERS; i++)
		pthread_join(r[i].thread, NULL);
	report(w, r);
	check_empty();
	for (i = 0; i < STRESS_WORKERS; i++)
		timer_queue_destroy(w[i].tq);
	rcu_unregister_thread();
	if (atomic_load(&failures)) {
		printf("sta_stress: %lu failures\n", atomic_load(&failures));
		return 1;
	}
	printf("sta_stress: ok\n");
	return 0;
}
