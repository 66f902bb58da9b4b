/*
 * sta.c - the station table over liburcu's cds_lfht, and the slab of
 * station slots behind it (contract in include/rapd/sta.h).
 *
 * Who runs what
 * - main thread: sta_table_create() before the workers start,
 *   sta_table_destroy() after they stopped;
 * - the owning worker: sta_alloc, sta_insert, sta_remove,
 *   sta_release_unused (its own stations only);
 * - any registered RCU reader: sta_lookup, sta_for_each, under the lock;
 * - liburcu's call_rcu thread: sta_free_rcu(), the deferred wipe and free.
 * Owns the cds_lfht, the slab of 2 * max_sta slots, the next[] links and
 * the per-worker free stacks. Key material in a station (PTK, GTK copies,
 * nonces) is wiped with OPENSSL_cleanse before its slot can be reused. No
 * protocol clause applies here (AIDs, with 9.4.1.8, are in aid.c).
 *
 * Slot life cycle (sta->state, written by the owner or by whoever holds
 * the slot exclusively):
 *   FREE --sta_alloc--> ALLOCATED --sta_insert--> INSERTED
 *   ALLOCATED --sta_release_unused--> wipe --> FREE
 *   INSERTED --sta_remove--> REMOVED --grace period, call_rcu--> wipe --> FREE
 * A wipe zeroes the whole slot, so a FREE slot is all zero and sta_alloc
 * only sets the header.
 *
 * Free stacks: one per worker, each a Treiber stack of slot indices whose
 * 64-bit head packs (generation << 32 | top index). Every push and pop
 * bumps the generation, so a pop whose snapshot went stale (the top was
 * popped and pushed back meanwhile) fails its CAS instead of installing a
 * stale next link: pops from several threads (a worker stealing from
 * another's stack) and pushes from the call_rcu thread are all safe. The
 * 32-bit generation would have to wrap during one stalled pop (2^32
 * operations) for ABA to return.
 *
 * Memory-order edges (each release is named where its acquire is):
 *   F1 push: the CAS release on a stack head publishes the wiped slot and
 *      its next[] link; pairs with F2.
 *   F2 pop: the acquire load/CAS on the head; pairs with F1.
 *   Publication to readers and the grace period are liburcu's: the full
 *   barriers of cds_lfht_add_unique/cds_lfht_del and synchronize_rcu.
 * ThreadSanitizer does not see inside liburcu (not instrumented), so the
 * three liburcu edges rapd relies on are restated to it (no effect in
 * other builds):
 *   T1 publish: sta_insert releases the station; whoever finds it
 *      (sta_match, sta_for_each) acquires it.
 *   T2 grace period: every sta_read_unlock releases sta_grace; the
 *      call_rcu callback and destroy acquire it.
 *   T3 call_rcu hand-off: sta_remove releases sta->rcu before call_rcu;
 *      the callback acquires it; the callback releases the table after
 *      its push, which reclaim and destroy acquire after rcu_barrier.
 */
#include <assert.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "rapd/sta.h"

#if defined(__SANITIZE_THREAD__)
#define STA_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STA_TSAN 1
#endif
#endif

#ifdef STA_TSAN
#include <sanitizer/tsan_interface.h>
#define sta_hb_release(addr) __tsan_release((void *)(addr))
#define sta_hb_acquire(addr) __tsan_acquire((void *)(addr))
#else
#define sta_hb_release(addr) ((void)(addr))
#define sta_hb_acquire(addr) ((void)(addr))
#endif

#define STA_NIL UINT32_MAX /* empty stack / end of a next[] chain */
#define STA_CACHE_LINE 64
#define STA_SLOTS_PER_STA 2 /* live + waiting for a grace period */

enum sta_slot_state {
	STA_SLOT_FREE = 0, /* the value of a wiped slot */
	STA_SLOT_ALLOCATED,
	STA_SLOT_INSERTED,
	STA_SLOT_REMOVED,
};

struct sta_free_stack {
	alignas(STA_CACHE_LINE) _Atomic uint64_t head; /* gen << 32 | top */
};

struct sta_table {
	struct cds_lfht *ht;
	uint8_t *slab;		/* nslots * slot_size bytes */
	_Atomic uint32_t *next; /* next[i]: the slot below i on its stack */
	size_t slot_size;	/* multiple of STA_CACHE_LINE */
	uint32_t nslots;
	uint32_t max_sta;
	unsigned int nworkers;
	uint8_t worker_of[RAPD_SHARDS]; /* shard % nworkers, without a div */
	alignas(STA_CACHE_LINE) _Atomic uint32_t allocated; /* not given back */
	alignas(STA_CACHE_LINE) _Atomic uint32_t count;	    /* in the table */
	struct sta_free_stack stacks[STA_WORKERS_MAX];
};

/* T2's synchronisation object: only its address matters. */
static char sta_grace;

uint64_t sta_mac_key(const uint8_t mac[6])
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 6; i++)
		v = v << 8 | mac[i];
	return v;
}

/* The SplitMix64 finaliser (Steele, Lea and Flood 2014): every MAC bit
 * reaches every hash bit, so the shard (low 6 bits) and the bucket (low
 * bits) are spread even over sequential MACs. */
uint64_t sta_hash(const uint8_t mac[6])
{
	uint64_t z = sta_mac_key(mac) + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

unsigned int sta_worker_of(const struct sta_table *t, const uint8_t mac[6])
{
	return t->worker_of[sta_shard(mac)];
}

static struct sta *sta_slot(struct sta_table *t, uint32_t idx)
{
	return (struct sta *)(t->slab + (size_t)idx * t->slot_size);
}

static uint32_t sta_slot_index(const struct sta_table *t, const struct sta *sta)
{
	return (uint32_t)(((const uint8_t *)sta - t->slab) / t->slot_size);
}

static uint64_t sta_stack_word(uint64_t old, uint32_t top)
{
	return ((old >> 32) + 1) << 32 | top;
}

static void sta_stack_push(struct sta_table *t, unsigned int w, uint32_t idx)
{
	_Atomic uint64_t *head = &t->stacks[w].head;
	uint64_t old = atomic_load_explicit(head, memory_order_relaxed);

	do {
		atomic_store_explicit(&t->next[idx], (uint32_t)old,
				      memory_order_relaxed);
		/* F1 (the CAS): pairs with F2 in sta_stack_pop */
	} while (!atomic_compare_exchange_weak_explicit(
		head, &old, sta_stack_word(old, idx), memory_order_release,
		memory_order_relaxed));
}

static uint32_t sta_stack_pop(struct sta_table *t, unsigned int w)
{
	_Atomic uint64_t *head = &t->stacks[w].head;
	/* F2: pairs with F1 in sta_stack_push */
	uint64_t old = atomic_load_explicit(head, memory_order_acquire);

	for (;;) {
		uint32_t top = (uint32_t)old, below;

		if (top == STA_NIL)
			return STA_NIL;
		/* May be stale if top was popped meanwhile: then the
		 * generation changed and the CAS below fails. */
		below = atomic_load_explicit(&t->next[top],
					     memory_order_relaxed);
		if (atomic_compare_exchange_weak_explicit(
			    head, &old, sta_stack_word(old, below),
			    memory_order_acquire, memory_order_acquire))
			return top;
	}
}

/* A free slot: from worker w's own stack first, else from the others'. */
static uint32_t sta_slot_take(struct sta_table *t, unsigned int w)
{
	unsigned int i;

	for (i = 0; i < t->nworkers; i++) {
		uint32_t idx = sta_stack_pop(t, (w + i) % t->nworkers);

		if (idx != STA_NIL)
			return idx;
	}
	return STA_NIL;
}

/* Wipes the whole slot (keys included) and puts it back on its owner's
 * stack. The caller holds the slot exclusively: never inserted, or
 * unlinked a grace period ago. */
static void sta_slot_free(struct sta_table *t, struct sta *sta)
{
	uint32_t idx = sta_slot_index(t, sta);
	unsigned int w = sta->worker;

	OPENSSL_cleanse(sta, t->slot_size);
	sta_stack_push(t, w, idx);
}

static void sta_free_rcu(struct rcu_head *head)
{
	struct sta *sta = caa_container_of(head, struct sta, rcu);
	struct sta_table *t;

	/* Before the first read of the station. */
	sta_hb_acquire(&sta_grace); /* T2 */
	sta_hb_acquire(head);	    /* T3 */
	t = sta->table;
	sta_slot_free(t, sta);
	sta_hb_release(t); /* T3: for rcu_barrier's callers */
}

static size_t sta_round_up(size_t n, size_t align)
{
	return (n + align - 1) / align * align;
}

static unsigned long sta_pow2_at_least(uint32_t n)
{
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* Deals the slots round-robin, lowest index on top of each stack. */
static void sta_stacks_init(struct sta_table *t)
{
	unsigned int w;
	uint32_t i;

	for (w = 0; w < STA_WORKERS_MAX; w++)
		atomic_init(&t->stacks[w].head, STA_NIL);
	for (i = t->nslots; i-- > 0;) {
		w = i % t->nworkers;
		atomic_init(&t->next[i],
			    (uint32_t)atomic_load_explicit(
				    &t->stacks[w].head, memory_order_relaxed));
		atomic_init(&t->stacks[w].head, i);
	}
}

static struct sta_table *
sta_table_alloc(uint32_t max_sta, unsigned int nworkers, size_t proto_size)
{
	struct sta_table *t;

	t = aligned_alloc(STA_CACHE_LINE, sizeof(*t));
	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->max_sta = max_sta;
	t->nworkers = nworkers;
	for (unsigned int i = 0; i < RAPD_SHARDS; i++)
		t->worker_of[i] = (uint8_t)(i % nworkers);
	t->nslots = STA_SLOTS_PER_STA * max_sta;
	t->slot_size = sta_round_up(offsetof(struct sta, proto) + proto_size,
				    STA_CACHE_LINE);
	t->slab = aligned_alloc(STA_CACHE_LINE, t->nslots * t->slot_size);
	t->next = calloc(t->nslots, sizeof(*t->next));
	if (!t->slab || !t->next) {
		free(t->slab);
		free(t->next);
		free(t);
		return NULL;
	}
	memset(t->slab, 0, t->nslots * t->slot_size);
	return t;
}

struct sta_table *sta_table_create(uint32_t max_sta, unsigned int nworkers,
				   size_t proto_size)
{
	struct sta_table *t;
	unsigned long buckets;

	if (max_sta == 0 || max_sta > STA_TABLE_MAX || nworkers == 0 ||
	    nworkers > STA_WORKERS_MAX || proto_size > STA_PROTO_MAX)
		return NULL;
	t = sta_table_alloc(max_sta, nworkers, proto_size);
	if (!t)
		return NULL;
	sta_stacks_init(t);
	atomic_init(&t->allocated, 0);
	atomic_init(&t->count, 0);
	/* Sized once for max_sta; no CDS_LFHT_AUTO_RESIZE (see sta.h). */
	buckets = sta_pow2_at_least(max_sta);
	t->ht = cds_lfht_new(buckets, buckets, buckets, 0, NULL);
	if (!t->ht) {
		free(t->slab);
		free(t->next);
		free(t);
		return NULL;
	}
	return t;
}

/* cds_lfht_match_fct: key is a 6-byte MAC. */
static int sta_match(struct cds_lfht_node *node, const void *key)
{
	struct sta *sta = caa_container_of(node, struct sta, node);

	sta_hb_acquire(sta); /* T1 */
	return memcmp(sta->addr, key, sizeof(sta->addr)) == 0;
}

struct sta *sta_lookup(struct sta_table *t, const uint8_t mac[6])
{
	struct cds_lfht_iter iter;
	struct cds_lfht_node *node;

	assert(rcu_read_ongoing());
	cds_lfht_lookup(t->ht, (unsigned long)sta_hash(mac), sta_match, mac,
			&iter);
	node = cds_lfht_iter_get_node(&iter);
	return node ? caa_container_of(node, struct sta, node) : NULL;
}

/* Counts one more allocated station unless max_sta are. Only a count:
 * it guards no memory, hence relaxed. */
static bool sta_reserve(struct sta_table *t)
{
	uint32_t n = atomic_load_explicit(&t->allocated, memory_order_relaxed);

	do {
		if (n >= t->max_sta)
			return false;
	} while (!atomic_compare_exchange_weak_explicit(
		&t->allocated, &n, n + 1, memory_order_relaxed,
		memory_order_relaxed));
	return true;
}

int sta_alloc(struct sta_table *t, const uint8_t mac[6], struct sta **out)
{
	unsigned int shard = sta_shard(mac);
	uint32_t idx;
	struct sta *sta;

	*out = NULL;
	if (!sta_reserve(t))
		return -ENOSPC;
	idx = sta_slot_take(t, shard % t->nworkers);
	if (idx == STA_NIL) {
		atomic_fetch_sub_explicit(&t->allocated, 1,
					  memory_order_relaxed);
		return -EAGAIN;
	}
	sta = sta_slot(t, idx);
	cds_lfht_node_init(&sta->node);
	sta->table = t;
	sta->hash = (unsigned long)sta_hash(mac);
	memcpy(sta->addr, mac, sizeof(sta->addr));
	sta->shard = (uint8_t)shard;
	sta->worker = (uint8_t)(shard % t->nworkers);
	sta->state = STA_SLOT_ALLOCATED;
	timer_node_init(&sta->tnode, sta_mac_key(mac));
	*out = sta;
	return 0;
}

int sta_insert(struct sta_table *t, struct sta *sta)
{
	struct cds_lfht_node *added;

	assert(rcu_read_ongoing());
	if (sta->table != t || sta->state != STA_SLOT_ALLOCATED)
		return -EINVAL;
	sta_hb_release(sta); /* T1 */
	added = cds_lfht_add_unique(t->ht, sta->hash, sta_match, sta->addr,
				    &sta->node);
	if (added != &sta->node)
		return -EEXIST;
	sta->state = STA_SLOT_INSERTED;
	atomic_fetch_add_explicit(&t->count, 1, memory_order_relaxed);
	return 0;
}

int sta_remove(struct sta_table *t, struct sta *sta)
{
	assert(rcu_read_ongoing());
	if (sta->table != t || sta->state != STA_SLOT_INSERTED)
		return -ENOENT;
	if (cds_lfht_del(t->ht, &sta->node) != 0)
		return -ENOENT;
	sta->state = STA_SLOT_REMOVED;
	atomic_fetch_sub_explicit(&t->count, 1, memory_order_relaxed);
	atomic_fetch_sub_explicit(&t->allocated, 1, memory_order_relaxed);
	sta_hb_release(&sta->rcu); /* T3 */
	call_rcu(&sta->rcu, sta_free_rcu);
	return 0;
}

int sta_release_unused(struct sta_table *t, struct sta *sta)
{
	if (sta->table != t)
		return -EINVAL;
	if (sta->state == STA_SLOT_INSERTED)
		return -EBUSY;
	if (sta->state != STA_SLOT_ALLOCATED)
		return -EINVAL;
	sta_slot_free(t, sta);
	atomic_fetch_sub_explicit(&t->allocated, 1, memory_order_relaxed);
	return 0;
}

uint32_t sta_count(const struct sta_table *t)
{
	return atomic_load_explicit(&t->count, memory_order_relaxed);
}

int sta_for_each(struct sta_table *t, int (*fn)(struct sta *sta, void *arg),
		 void *arg)
{
	struct cds_lfht_iter iter;
	struct cds_lfht_node *node;

	assert(rcu_read_ongoing());
	cds_lfht_first(t->ht, &iter);
	while ((node = cds_lfht_iter_get_node(&iter)) != NULL) {
		struct sta *sta = caa_container_of(node, struct sta, node);
		int rc;

		sta_hb_acquire(sta); /* T1 */
		/* Step first: fn may remove the station it is given. */
		cds_lfht_next(t->ht, &iter);
		rc = fn(sta, arg);
		if (rc)
			return rc;
	}
	return 0;
}

void sta_table_reclaim(struct sta_table *t)
{
	assert(!rcu_read_ongoing());
	rcu_barrier();
	sta_hb_acquire(t); /* T3 */
}

uint32_t sta_table_free_slots(struct sta_table *t)
{
	uint32_t n = 0;
	unsigned int w;

	for (w = 0; w < t->nworkers; w++) {
		uint64_t head = atomic_load_explicit(&t->stacks[w].head,
						     memory_order_acquire);
		uint32_t idx = (uint32_t)head;

		/* The bound keeps a walk racing with pops finite. */
		while (idx != STA_NIL && n < t->nslots) {
			n++;
			idx = atomic_load_explicit(&t->next[idx],
						   memory_order_relaxed);
		}
	}
	return n;
}

/* Unlinks every station left; the caller then waits a grace period. */
static void sta_unlink_all(struct sta_table *t)
{
	struct cds_lfht_iter iter;
	struct cds_lfht_node *node;

	rcu_read_lock();
	cds_lfht_first(t->ht, &iter);
	while ((node = cds_lfht_iter_get_node(&iter)) != NULL) {
		cds_lfht_next(t->ht, &iter);
		(void)cds_lfht_del(t->ht, node); /* only fails if gone */
	}
	rcu_read_unlock();
}

uint32_t sta_table_destroy(struct sta_table *t)
{
	uint32_t left;

	if (!t)
		return 0;
	assert(!rcu_read_ongoing());
	left = atomic_load_explicit(&t->allocated, memory_order_relaxed);
	rcu_barrier();	   /* every pending sta_free_rcu has run */
	sta_hb_acquire(t); /* T3 */
	sta_unlink_all(t);
	synchronize_rcu();
	sta_hb_acquire(&sta_grace); /* T2 */
	/* Empty now and never had a resize worker: destroy cannot fail, and
	 * the nodes it would complain about live in our slab anyway. */
	(void)cds_lfht_destroy(t->ht, NULL);
	OPENSSL_cleanse(t->slab, t->nslots * t->slot_size);
	free(t->slab);
	free(t->next);
	free(t);
	return left;
}

void sta_read_lock(void)
{
	rcu_read_lock();
}

void sta_read_unlock(void)
{
	sta_hb_release(&sta_grace); /* T2 */
	rcu_read_unlock();
}
