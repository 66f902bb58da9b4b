/*
 * test_ring.c - unit tests of the SPSC ring (include/rapd/ring.h, core/ring.c).
 *
 * Single-threaded semantics: size checks, empty and full, burst partial
 * counts, FIFO order across laps of the slot array, the 32-bit index wrap
 * (indices started just below 2^32), peek, the snapshot counters and the
 * cache-line layout; then one two-thread FIFO run (the storm with drops
 * and shutdown is tests/stress/ring_stress.c, under TSan).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stddef.h>

#include "check.h"
#include "rapd/ring.h"

/* Objects are small integers disguised as pointers; 0 (NULL) is avoided. */
static void *obj(uintptr_t v)
{
	return (void *)(v + 1);
}

static uintptr_t val(void *o)
{
	return (uintptr_t)o - 1;
}

/* Moves a fresh, empty ring's indices to start (no thread uses it). */
static void ring_start_at(struct ring *r, uint32_t start)
{
	atomic_store(&r->tail, start);
	atomic_store(&r->head, start);
	r->head_cache = start;
	r->tail_cache = start;
}

static void test_create_sizes(void)
{
	static const uint32_t bad[] = {0,  1,	3,    6,	   7,
				       15, 255, 1000, 0x80000001u, 0xffffffffu};
	static const uint32_t good[] = {2, 4, 8, 1024};
	struct ring *r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		r = ring_create(bad[i]);
		CHECK(r == NULL);
		CHECK_EQ_INT(errno, EINVAL);
		ring_free(r);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		r = ring_create(good[i]);
		CHECK(r != NULL);
		if (!r)
			continue;
		CHECK_EQ_INT(ring_capacity(r), good[i]);
		CHECK_EQ_INT(ring_count(r), 0);
		CHECK_EQ_INT(ring_free_count(r), good[i]);
		CHECK_EQ_INT((uintptr_t)r % RING_CACHE_LINE, 0);
		ring_free(r);
	}
	ring_free(NULL);
}

static void test_layout(void)
{
	size_t tail = offsetof(struct ring, tail);
	size_t head = offsetof(struct ring, head);
	size_t size = offsetof(struct ring, size);

	CHECK(alignof(struct ring) >= RING_CACHE_LINE);
	/* producer-written, consumer-written and read-only fields sit on
	 * three different cache lines */
	CHECK_EQ_INT(tail / RING_CACHE_LINE,
		     offsetof(struct ring, head_cache) / RING_CACHE_LINE);
	CHECK_EQ_INT(head / RING_CACHE_LINE,
		     offsetof(struct ring, tail_cache) / RING_CACHE_LINE);
	CHECK(head / RING_CACHE_LINE != tail / RING_CACHE_LINE);
	CHECK(size / RING_CACHE_LINE != tail / RING_CACHE_LINE);
	CHECK(size / RING_CACHE_LINE != head / RING_CACHE_LINE);
	CHECK(offsetof(struct ring, slots) / RING_CACHE_LINE !=
	      head / RING_CACHE_LINE);
}

static void test_empty(void)
{
	struct ring *r = ring_create(4);
	void *out[4] = {0};

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_INT(ring_pop_burst(r, out, 4), 0);
	CHECK_EQ_INT(ring_pop_burst(r, out, 0), 0);
	CHECK(ring_peek(r) == NULL);
	CHECK(out[0] == NULL);
	ring_free(r);
}

static void test_full_short_push(void)
{
	struct ring *r = ring_create(8);
	void *in[11], *out[11];
	uintptr_t i;

	CHECK(r != NULL);
	if (!r)
		return;
	for (i = 0; i < 11; i++)
		in[i] = obj(i);
	/* capacity is size, not size - 1 */
	CHECK_EQ_INT(ring_push_burst(r, in, 11), 8);
	CHECK_EQ_INT(ring_count(r), 8);
	CHECK_EQ_INT(ring_free_count(r), 0);
	CHECK_EQ_INT(ring_push_burst(r, in + 8, 3), 0);
	CHECK_EQ_INT(ring_push_burst(r, in, 0), 0);
	/* one pop frees one slot: the producer sees it (re-reads head) */
	CHECK_EQ_INT(ring_pop_burst(r, out, 1), 1);
	CHECK(out[0] == obj(0));
	CHECK_EQ_INT(ring_push_burst(r, in + 8, 3), 1);
	CHECK_EQ_INT(ring_pop_burst(r, out, 11), 8);
	for (i = 0; i < 8; i++)
		CHECK(out[i] == obj(i + 1));
	CHECK_EQ_INT(ring_count(r), 0);
	ring_free(r);
}

static void test_partial_bursts(void)
{
	struct ring *r = ring_create(8);
	void *in[5], *out[10];
	uintptr_t i;

	CHECK(r != NULL);
	if (!r)
		return;
	for (i = 0; i < 5; i++)
		in[i] = obj(i);
	CHECK_EQ_INT(ring_push_burst(r, in, 5), 5);
	CHECK_EQ_INT(ring_pop_burst(r, out, 3), 3);
	CHECK(out[0] == obj(0) && out[1] == obj(1) && out[2] == obj(2));
	CHECK_EQ_INT(ring_count(r), 2);
	CHECK_EQ_INT(ring_pop_burst(r, out, 10), 2);
	CHECK(out[0] == obj(3) && out[1] == obj(4));
	CHECK_EQ_INT(ring_pop_burst(r, out, 10), 0);
	ring_free(r);
}

/* Many laps of a small ring with bursts of varying sizes, pushed and
 * popped in lockstep: every object comes out once, in order. */
static void run_laps(struct ring *r, uint32_t start)
{
	void *in[7], *out[7];
	uintptr_t next_in = 0, next_out = 0;
	unsigned int step, n, k, i;
	int bad = 0;

	ring_start_at(r, start);
	for (step = 0; step < 1000; step++) {
		n = 1 + step % 7;
		for (i = 0; i < n; i++)
			in[i] = obj(next_in + i);
		k = ring_push_burst(r, in, n);
		next_in += k;
		CHECK(ring_count(r) <= ring_capacity(r));
		k = ring_pop_burst(r, out, 1 + (step * 3) % 7);
		for (i = 0; i < k; i++)
			bad += out[i] != obj(next_out++);
	}
	while ((k = ring_pop_burst(r, out, 7)) > 0)
		for (i = 0; i < k; i++)
			bad += out[i] != obj(next_out++);
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(next_out, next_in);
	CHECK(next_in > 2000); /* the ring really lapped many times */
}

static void test_laps(void)
{
	struct ring *r = ring_create(8);

	CHECK(r != NULL);
	if (!r)
		return;
	run_laps(r, 0);
	ring_free(r);
}

/* The free-running 32-bit indices wrap at 2^32: fill and drain across the
 * wrap, and check full/empty/count there. */
static void test_index_wrap(void)
{
	struct ring *r = ring_create(8);
	void *in[8], *out[8];
	uintptr_t i;
	uint32_t start;

	CHECK(r != NULL);
	if (!r)
		return;
	for (i = 0; i < 8; i++)
		in[i] = obj(i);
	for (start = 0xfffffff8u; start != 4; start++) {
		ring_start_at(r, start);
		CHECK_EQ_INT(ring_count(r), 0);
		CHECK(ring_peek(r) == NULL);
		CHECK_EQ_INT(ring_push_burst(r, in, 8), 8);
		CHECK_EQ_INT(ring_count(r), 8);
		CHECK_EQ_INT(ring_push_burst(r, in, 1), 0);
		CHECK(ring_peek(r) == obj(0));
		CHECK_EQ_INT(ring_pop_burst(r, out, 5), 5);
		CHECK_EQ_INT(ring_count(r), 3);
		CHECK_EQ_INT(ring_push_burst(r, in, 8), 5);
		CHECK_EQ_INT(ring_pop_burst(r, out, 8), 8);
		CHECK(out[0] == obj(5) && out[2] == obj(7));
		CHECK(out[3] == obj(0) && out[7] == obj(4));
		CHECK_EQ_INT(ring_count(r), 0);
	}
	run_laps(r, 0xffffff00u);
	ring_free(r);
}

static void test_peek(void)
{
	struct ring *r = ring_create(4);
	void *in[3] = {obj(10), obj(11), obj(12)}, *out[3];

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK(ring_peek(r) == NULL);
	CHECK_EQ_INT(ring_push_burst(r, in, 3), 3);
	CHECK(ring_peek(r) == obj(10));
	CHECK(ring_peek(r) == obj(10)); /* peeking does not consume */
	CHECK_EQ_INT(ring_count(r), 3);
	CHECK_EQ_INT(ring_pop_burst(r, out, 1), 1);
	CHECK(out[0] == obj(10));
	CHECK(ring_peek(r) == obj(11));
	CHECK_EQ_INT(ring_pop_burst(r, out, 3), 2);
	CHECK(ring_peek(r) == NULL);
	/* a peeked object keeps its slot: the ring is full with it */
	CHECK_EQ_INT(ring_push_burst(r, in, 3), 3);
	CHECK(ring_peek(r) == obj(10));
	CHECK_EQ_INT(ring_push_burst(r, in, 3), 1);
	CHECK_EQ_INT(ring_free_count(r), 0);
	ring_free(r);
}

#define THREAD_OBJS 200000u

static void *producer_main(void *arg)
{
	struct ring *r = arg;
	void *in[13];
	uintptr_t next = 0;
	unsigned int n, k, i;

	while (next < THREAD_OBJS) {
		n = 1 + next % 13;
		if (n > THREAD_OBJS - next)
			n = (unsigned int)(THREAD_OBJS - next);
		for (i = 0; i < n; i++)
			in[i] = obj(next + i);
		k = ring_push_burst(r, in, n);
		next += k; /* the rest is pushed again: no drop here */
		if (k < n)
			sched_yield();
	}
	return NULL;
}

/* Two real threads through a 16-slot ring: order kept, nothing lost. */
static void test_two_threads(void)
{
	struct ring *r = ring_create(16);
	pthread_t t;
	void *out[9];
	uintptr_t next = 0;
	unsigned int k, i;
	int bad = 0;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_INT(pthread_create(&t, NULL, producer_main, r), 0);
	while (next < THREAD_OBJS) {
		k = ring_pop_burst(r, out, 1 + next % 9);
		for (i = 0; i < k; i++)
			bad += val(out[i]) != next++;
		if (k == 0)
			sched_yield();
	}
	pthread_join(t, NULL);
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(ring_count(r), 0);
	ring_free(r);
}

int main(void)
{
	check_begin("test_ring");
	RUN(test_create_sizes);
	RUN(test_layout);
	RUN(test_empty);
	RUN(test_full_short_push);
	RUN(test_partial_bursts);
	RUN(test_laps);
	RUN(test_index_wrap);
	RUN(test_peek);
	RUN(test_two_threads);
	return check_end();
}
