/*
 * test_timer.c - the per-worker timer queue (core/timer.c): expiry order,
 * ties broken by key whatever the insertion order, cancel, reschedule,
 * capacity, and 10,000 random operations checked against a plain array
 * model. Single-threaded, as the queue is.
 */
#include <errno.h>

#include "check.h"
#include "rapd/timer.h"

#define MODEL_NODES 64
#define MODEL_OPS 10000

/* xorshift64: a fixed sequence, so a failure replays. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_order(void)
{
	struct timer_queue *tq = timer_queue_create(8);
	struct timer_node n[5];
	static const uint64_t when[5] = {50, 10, 40, 20, 30};
	unsigned int i;

	CHECK(tq != NULL);
	if (!tq)
		return;
	CHECK_EQ_INT(timer_next_deadline(tq) == TIMER_NEVER, 1);
	for (i = 0; i < 5; i++) {
		timer_node_init(&n[i], i);
		CHECK_EQ_INT(timer_set(tq, &n[i], when[i]), 0);
		CHECK(timer_pending(&n[i]));
	}
	CHECK_EQ_INT(timer_count(tq), 5);
	CHECK_EQ_INT(timer_next_deadline(tq), 10);
	CHECK(timer_pop_expired(tq, 9) == NULL);
	CHECK(timer_pop_expired(tq, 10) == &n[1]); /* deadline <= now */
	CHECK(!timer_pending(&n[1]));
	CHECK(timer_pop_expired(tq, 35) == &n[3]);
	CHECK(timer_pop_expired(tq, 35) == &n[4]);
	CHECK(timer_pop_expired(tq, 35) == NULL);
	CHECK_EQ_INT(timer_next_deadline(tq), 40);
	CHECK(timer_pop_expired(tq, UINT64_MAX) == &n[2]);
	CHECK(timer_pop_expired(tq, UINT64_MAX) == &n[0]);
	CHECK(timer_pop_expired(tq, UINT64_MAX) == NULL);
	CHECK_EQ_INT(timer_count(tq), 0);
	timer_queue_destroy(tq);
}

/* Pops everything due at 100 and records the keys in order. */
static void drain_keys(struct timer_queue *tq, uint64_t *keys, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct timer_node *t = timer_pop_expired(tq, 100);

		keys[i] = t ? t->key : UINT64_MAX;
	}
}

static void test_ties_independent_of_history(void)
{
	struct timer_queue *a = timer_queue_create(16);
	struct timer_queue *b = timer_queue_create(16);
	struct timer_node na[8], nb[8];
	uint64_t ka[8], kb[8];
	unsigned int i;

	CHECK(a && b);
	if (!a || !b)
		goto out;
	for (i = 0; i < 8; i++) {
		/* Same deadline for all; keys deliberately not in order. */
		timer_node_init(&na[i], (i * 5) % 8);
		timer_node_init(&nb[i], (i * 5) % 8);
	}
	for (i = 0; i < 8; i++)
		timer_set(a, &na[i], 100);
	/* b: reversed, with detours (set far, cancel, re-set). */
	for (i = 8; i-- > 0;) {
		timer_set(b, &nb[i], 5000 + i);
		if (i % 2)
			timer_cancel(b, &nb[i]);
	}
	for (i = 0; i < 8; i++)
		timer_set(b, &nb[i], 100);
	drain_keys(a, ka, 8);
	drain_keys(b, kb, 8);
	for (i = 0; i < 8; i++) {
		CHECK_EQ_INT(ka[i], i);
		CHECK_EQ_INT(kb[i], i);
	}
out:
	timer_queue_destroy(a);
	timer_queue_destroy(b);
}

static void test_cancel_reschedule(void)
{
	struct timer_queue *tq = timer_queue_create(4);
	struct timer_node x, y, z;

	CHECK(tq != NULL);
	if (!tq)
		return;
	timer_node_init(&x, 1);
	timer_node_init(&y, 2);
	timer_node_init(&z, 3);
	timer_set(tq, &x, 10);
	timer_set(tq, &y, 20);
	timer_set(tq, &z, 30);
	timer_cancel(tq, &x);
	CHECK(!timer_pending(&x));
	timer_cancel(tq, &x); /* idle: no effect */
	CHECK_EQ_INT(timer_count(tq), 2);
	CHECK_EQ_INT(timer_next_deadline(tq), 20);
	CHECK_EQ_INT(timer_set(tq, &z, 5), 0); /* move earlier */
	CHECK_EQ_INT(timer_next_deadline(tq), 5);
	CHECK_EQ_INT(timer_set(tq, &z, 25), 0); /* move later */
	CHECK_EQ_INT(timer_count(tq), 2);
	CHECK_EQ_INT(timer_next_deadline(tq), 20); /* z settled behind y */
	CHECK(timer_pop_expired(tq, 100) == &y);
	CHECK(timer_pop_expired(tq, 100) == &z);
	CHECK_EQ_INT(z.deadline, 25);
	timer_queue_destroy(tq);
}

static void test_capacity(void)
{
	struct timer_queue *tq = timer_queue_create(2);
	struct timer_node n[3];
	unsigned int i;

	CHECK(timer_queue_create(0) == NULL);
	CHECK(tq != NULL);
	if (!tq)
		return;
	for (i = 0; i < 3; i++)
		timer_node_init(&n[i], i);
	CHECK_EQ_INT(timer_set(tq, &n[0], 1), 0);
	CHECK_EQ_INT(timer_set(tq, &n[1], 2), 0);
	CHECK_EQ_INT(timer_set(tq, &n[2], 3), -ENOSPC);
	CHECK(!timer_pending(&n[2]));
	CHECK_EQ_INT(timer_set(tq, &n[1], 7), 0); /* moving needs no room */
	timer_queue_destroy(tq);		  /* forgets queued nodes */
	CHECK(!timer_pending(&n[0]) && !timer_pending(&n[1]));
}

struct model {
	bool queued[MODEL_NODES];
	uint64_t deadline[MODEL_NODES];
};

/* Index of the node the queue must pop at now, or -1. */
static int model_first_due(const struct model *m, uint64_t now)
{
	int i, best = -1;

	for (i = 0; i < MODEL_NODES; i++) {
		if (!m->queued[i] || m->deadline[i] > now)
			continue;
		/* Keys are 1000 - i: a key order unlike the index order. */
		if (best < 0 || m->deadline[i] < m->deadline[best] ||
		    (m->deadline[i] == m->deadline[best] && i > best))
			best = i;
	}
	return best;
}

/* The earliest deadline the model holds, or TIMER_NEVER. */
static uint64_t model_min(const struct model *m)
{
	uint64_t min = TIMER_NEVER;

	for (int i = 0; i < MODEL_NODES; i++)
		if (m->queued[i] && m->deadline[i] < min)
			min = m->deadline[i];
	return min;
}

/* One random operation on both; returns false on a mismatch. Moves
 * later and earlier both happen (postponement is lazy in the queue). */
static bool model_step(struct timer_queue *tq, struct timer_node *n,
		       struct model *m, uint64_t *now, uint64_t *rng)
{
	uint64_t r = rng_next(rng);
	unsigned int i = (unsigned int)(r % MODEL_NODES);
	int want;
	struct timer_node *got;

	switch ((r >> 8) % 4) {
	case 0:
	case 1: /* small range: many equal deadlines */
		m->deadline[i] = *now + (r >> 16) % 32;
		m->queued[i] = true;
		return timer_set(tq, &n[i], m->deadline[i]) == 0;
	case 2:
		m->queued[i] = false;
		timer_cancel(tq, &n[i]);
		return !timer_pending(&n[i]);
	default:
		if (timer_next_deadline(tq) != model_min(m))
			return false;
		*now += (r >> 16) % 8;
		want = model_first_due(m, *now);
		got = timer_pop_expired(tq, *now);
		if (want < 0)
			return got == NULL;
		m->queued[want] = false;
		return got == &n[want];
	}
}

static void test_random_against_model(void)
{
	struct timer_queue *tq = timer_queue_create(MODEL_NODES);
	static struct timer_node n[MODEL_NODES];
	static struct model m;
	uint64_t rng = 0x2545f4914f6cdd1dull, now = 1000;
	unsigned int i, queued, bad = 0;

	CHECK(tq != NULL);
	if (!tq)
		return;
	memset(&m, 0, sizeof(m));
	for (i = 0; i < MODEL_NODES; i++)
		timer_node_init(&n[i], 1000 - i);
	for (i = 0; i < MODEL_OPS && !bad; i++)
		if (!model_step(tq, n, &m, &now, &rng))
			bad = i + 1;
	CHECK_EQ_INT(bad, 0);
	for (i = 0, queued = 0; i < MODEL_NODES; i++)
		queued += m.queued[i];
	CHECK_EQ_INT(timer_count(tq), queued);
	/* Drain: the rest pops in model order too. */
	while (queued--) {
		int want = model_first_due(&m, UINT64_MAX);

		CHECK(want >= 0 &&
		      timer_pop_expired(tq, UINT64_MAX) == &n[want]);
		if (want >= 0)
			m.queued[want] = false;
	}
	CHECK(timer_pop_expired(tq, UINT64_MAX) == NULL);
	timer_queue_destroy(tq);
}

int main(void)
{
	check_begin("test_timer");
	RUN(test_order);
	RUN(test_ties_independent_of_history);
	RUN(test_cancel_reschedule);
	RUN(test_capacity);
	RUN(test_random_against_model);
	return check_end();
}
