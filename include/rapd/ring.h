/*
 * ring.h - bounded lock-free single-producer single-consumer ring of
 * pointers: the hand-off between rapd's pipeline threads (RX -> worker,
 * worker -> TX, and every pool's return rings).
 *
 * @file
 * Contract
 * - SPSC: exactly ONE producer thread and ONE consumer thread per ring, for
 *   the ring's whole life (or until a happens-before edge such as a
 *   pthread_join hands a role to another thread).
 *     producer only:  ring_push_burst()
 *     consumer only:  ring_pop_burst(), ring_peek()
 *     any thread:     ring_count(), ring_free_count(), ring_capacity()
 *                     (a snapshot: exact when called by the producer or the
 *                     consumer for "its" side, approximate elsewhere)
 *     no other thread may use the ring during: ring_create(), ring_free()
 * - Size: a power of two, RING_SIZE_MIN (2) .. RING_SIZE_MAX (2^31).
 *   Usable capacity = size (not size - 1): indices are free-running 32-bit
 *   counters that wrap at 2^32, so "full" is tail - head == size and no
 *   slot is sacrificed.
 * - Bursts move 0..n objects, never "0 or n": push returns how many of
 *   objs[0..n) it stored (a short count when the ring fills up), pop how
 *   many it took (fewer than n when the ring holds fewer). The caller owns
 *   what was not pushed: it counts the drop and frees or reuses it. No call
 *   ever blocks, sleeps, allocates or takes a lock.
 * - Objects are opaque pointers; NULL may be stored but then ring_peek()
 *   cannot tell it from an empty ring (rapd never pushes NULL).
 * - Errors: ring_create() returns NULL with errno EINVAL (bad size) or
 *   ENOMEM. The hot-path calls cannot fail.
 *
 * Memory ordering (C11 <stdatomic.h>). Each atomic access below carries a
 * tag naming the access it pairs with:
 *   R1  release store of tail by ring_push_burst, after writing the slots;
 *   A1  acquire load of tail by ring_pop_burst / ring_peek, before reading
 *       the slots: R1 -> A1 makes the producer's slot writes (and all it
 *       wrote into the objects before pushing them) visible to the consumer.
 *   R2  release store of head by ring_pop_burst, after reading the slots;
 *   A2  acquire load of head by ring_push_burst, before overwriting slots:
 *       R2 -> A2 makes the consumer's reads of those slots (and all it did
 *       with the objects before popping more) happen before the producer
 *       reuses the slots.
 * A side's own index is loaded relaxed: only that side stores it. ring_count
 * loads both relaxed: a statistic, never used to touch a slot.
 *
 * Layout: the producer-written line (tail + the producer's cached copy of
 * head), the consumer-written line (head + the consumer's cached copy of
 * tail) and the read-only line (size, mask) are separate 64-byte cache
 * lines, so neither side writes a line the other reads on every call. Each
 * side re-reads the other's index only when its cached copy says the ring
 * is full (producer) or empty (consumer), as DPDK and liburcu's wfcq do:
 * in steady state a burst costs one cache-line transfer per side.
 */
#ifndef RAPD_RING_H
#define RAPD_RING_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define RING_CACHE_LINE 64
#define RING_SIZE_MIN 2u
#define RING_SIZE_MAX 0x80000000u

struct ring {
	/* Producer line: written by the producer only. */
	alignas(RING_CACHE_LINE) _Atomic uint32_t tail; /* next slot to fill */
	uint32_t head_cache; /* producer's last view of head */

	/* Consumer line: written by the consumer only. */
	alignas(RING_CACHE_LINE) _Atomic uint32_t head; /* next slot to take */
	uint32_t tail_cache; /* consumer's last view of tail */

	/* Read-only after ring_create(). */
	alignas(RING_CACHE_LINE) uint32_t size;
	uint32_t mask;
	void *slots[];
};

/*
 * Caller: any thread, no other thread using the ring yet.
 * Allocates an empty ring of size slots (one aligned_alloc). Returns NULL
 * with errno EINVAL when size is not a power of two in
 * [RING_SIZE_MIN, RING_SIZE_MAX], or ENOMEM.
 */
struct ring *ring_create(uint32_t size);

/*
 * Caller: any thread, after both sides stopped. Objects still inside are
 * not touched (the owner of what they point to drains them first). NULL is
 * a no-op.
 */
void ring_free(struct ring *r);

/*
 * Caller: producer only.
 * Stores objs[0..k) in order and returns k = min(n, free slots), 0..n.
 * objs[k..n) stay the caller's: it counts them as dropped.
 */
static inline unsigned int ring_push_burst(struct ring *r, void *const *objs,
					   unsigned int n)
{
	/* own index: only the producer stores tail */
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t room = r->size - (tail - r->head_cache);
	uint32_t idx, first, i;

	if (room < n) {
		/* A2: acquire, pairs with R2 in ring_pop_burst */
		r->head_cache =
			atomic_load_explicit(&r->head, memory_order_acquire);
		room = r->size - (tail - r->head_cache);
		if (room < n)
			n = room;
		if (n == 0)
			return 0;
	}
	idx = tail & r->mask;
	first = r->size - idx; /* slots before the array wraps */
	if (first > n)
		first = n;
	for (i = 0; i < first; i++)
		r->slots[idx + i] = objs[i];
	for (; i < n; i++)
		r->slots[i - first] = objs[i];
	/* R1: release, pairs with A1 in ring_pop_burst and ring_peek */
	atomic_store_explicit(&r->tail, tail + n, memory_order_release);
	return n;
}

/* Consumer side: the number of objects ready, re-reading tail only when
 * the cached copy shows fewer than want. */
static inline uint32_t ring_ready_(struct ring *r, uint32_t head, uint32_t want)
{
	uint32_t ready = r->tail_cache - head;

	if (ready < want) {
		/* A1: acquire, pairs with R1 in ring_push_burst */
		r->tail_cache =
			atomic_load_explicit(&r->tail, memory_order_acquire);
		ready = r->tail_cache - head;
	}
	return ready;
}

/*
 * Caller: consumer only.
 * Moves the k = min(n, objects in the ring) oldest objects to objs[0..k),
 * oldest first, and returns k, 0..n.
 */
static inline unsigned int ring_pop_burst(struct ring *r, void **objs,
					  unsigned int n)
{
	/* own index: only the consumer stores head */
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint32_t ready = ring_ready_(r, head, n);
	uint32_t idx, first, i;

	if (ready < n)
		n = ready;
	if (n == 0)
		return 0;
	idx = head & r->mask;
	first = r->size - idx;
	if (first > n)
		first = n;
	for (i = 0; i < first; i++)
		objs[i] = r->slots[idx + i];
	for (; i < n; i++)
		objs[i] = r->slots[i - first];
	/* R2: release, pairs with A2 in ring_push_burst */
	atomic_store_explicit(&r->head, head + n, memory_order_release);
	return n;
}

/*
 * Caller: consumer only.
 * Returns the oldest object without removing it, or NULL when the ring is
 * empty. The object stays in the ring (the producer cannot reuse its slot)
 * until the consumer pops it; the TX merge peeks every worker ring to pick
 * the next frame in order.
 */
static inline void *ring_peek(struct ring *r)
{
	/* own index: only the consumer stores head */
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);

	if (ring_ready_(r, head, 1) == 0)
		return NULL;
	return r->slots[head & r->mask];
}

/*
 * Caller: any thread.
 * Objects in the ring, 0..size. Exact for the consumer as a lower bound
 * (the producer may add more), a snapshot for any other thread.
 */
static inline uint32_t ring_count(const struct ring *r)
{
	/* relaxed: a snapshot, pairs with nothing; head first, then tail,
	 * so a concurrent pop cannot make the difference negative */
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t count = tail - head;

	/* a third thread may see tail move on past a newer head */
	return count > r->size ? r->size : count;
}

/*
 * Caller: any thread.
 * Free slots, 0..size. Exact for the producer as a lower bound (the
 * consumer may free more), a snapshot for any other thread.
 */
static inline uint32_t ring_free_count(const struct ring *r)
{
	return r->size - ring_count(r);
}

/* Caller: any thread. The usable capacity: the size given to ring_create. */
static inline uint32_t ring_capacity(const struct ring *r)
{
	return r->size;
}

#endif
