/*
 * timer.c - a worker's timer queue (contract in include/rapd/timer.h).
 *
 * Run by one worker thread on its own queue (created and destroyed by the
 * main thread around the worker's life). Owns the heap array; the nodes
 * belong to the caller (embedded in its stations). No spec clause: the
 * timeouts themselves (dot11RSNAConfigPairwiseUpdateCount, association
 * timeouts, ...) are the mlme layer's business.
 *
 * A binary min-heap in heap[0..n-1]: heap[i] sorts before its children
 * heap[2i+1] and heap[2i+2]. Each slot holds its sort key (deadline, key)
 * beside the node pointer, so a sift compares within the heap array and
 * never reads the nodes (embedded in cold station entries); a node stores
 * 1 + its index (0 = idle), so cancel and reschedule find it without a
 * search. The order is strict and total on (deadline, key), which is what
 * makes the pop order independent of how the heap was built.
 *
 * Postponing is lazy. A station's timer moves later on almost every frame
 * (each step of a handshake re-arms it); timer_set then only records the
 * node's new deadline and leaves its slot where it was, keyed by the old,
 * earlier one. A slot's key is therefore never later than its node's real
 * deadline, and the slot at the root is re-keyed (sifted down) when it is
 * found stale, before anything reads or pops the root: the root is then
 * the real minimum, so expiry order is unchanged. A timer re-armed k times
 * costs one sift instead of k.
 */
#include <errno.h>
#include <stdlib.h>

#include "rapd/timer.h"

struct timer_slot {
	uint64_t deadline; /* <= node->deadline; equal once at the root */
	uint64_t key;
	struct timer_node *node;
};

struct timer_queue {
	uint32_t n;
	uint32_t cap;
	struct timer_slot *heap;
};

static bool timer_before(const struct timer_slot *a, const struct timer_slot *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->key < b->key;
}

static void timer_place(struct timer_queue *tq, uint32_t i,
			const struct timer_slot *slot)
{
	tq->heap[i] = *slot;
	slot->node->pos = i + 1;
}

/* Moves heap[i] towards the root while it sorts before its parent. */
static uint32_t timer_sift_up(struct timer_queue *tq, uint32_t i)
{
	struct timer_slot slot = tq->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!timer_before(&slot, &tq->heap[parent]))
			break;
		timer_place(tq, i, &tq->heap[parent]);
		i = parent;
	}
	timer_place(tq, i, &slot);
	return i;
}

/* Moves heap[i] towards the leaves while a child sorts before it. */
static void timer_sift_down(struct timer_queue *tq, uint32_t i)
{
	struct timer_slot slot = tq->heap[i];

	for (;;) {
		uint32_t child = 2 * i + 1;

		if (child >= tq->n)
			break;
		if (child + 1 < tq->n &&
		    timer_before(&tq->heap[child + 1], &tq->heap[child]))
			child++;
		if (!timer_before(&tq->heap[child], &slot))
			break;
		timer_place(tq, i, &tq->heap[child]);
		i = child;
	}
	timer_place(tq, i, &slot);
}

/* Restores the heap order around heap[i] after its key changed. */
static void timer_fix(struct timer_queue *tq, uint32_t i)
{
	if (timer_sift_up(tq, i) == i)
		timer_sift_down(tq, i);
}

/* Re-keys a stale root until the root holds its node's real deadline. */
static void timer_settle_root(struct timer_queue *tq)
{
	while (tq->n && tq->heap[0].deadline < tq->heap[0].node->deadline) {
		tq->heap[0].deadline = tq->heap[0].node->deadline;
		timer_sift_down(tq, 0);
	}
}

struct timer_queue *timer_queue_create(uint32_t capacity)
{
	struct timer_queue *tq;

	if (capacity == 0)
		return NULL;
	tq = calloc(1, sizeof(*tq));
	if (!tq)
		return NULL;
	tq->heap = calloc(capacity, sizeof(*tq->heap));
	if (!tq->heap) {
		free(tq);
		return NULL;
	}
	tq->cap = capacity;
	return tq;
}

void timer_queue_destroy(struct timer_queue *tq)
{
	uint32_t i;

	if (!tq)
		return;
	for (i = 0; i < tq->n; i++)
		tq->heap[i].node->pos = 0;
	free(tq->heap);
	free(tq);
}

int timer_set(struct timer_queue *tq, struct timer_node *node,
	      uint64_t deadline)
{
	struct timer_slot *slot;

	if (node->pos) {
		slot = &tq->heap[node->pos - 1];
		node->deadline = deadline;
		if (deadline >= slot->deadline)
			return 0; /* later: the slot is re-keyed at the root */
		slot->deadline = deadline;
		timer_sift_up(tq, node->pos - 1);
		return 0;
	}
	if (tq->n == tq->cap)
		return -ENOSPC;
	node->deadline = deadline;
	slot = &tq->heap[tq->n];
	slot->deadline = deadline;
	slot->key = node->key;
	slot->node = node;
	tq->n++;
	timer_sift_up(tq, tq->n - 1);
	return 0;
}

void timer_cancel(struct timer_queue *tq, struct timer_node *node)
{
	uint32_t i;

	if (!node->pos)
		return;
	i = node->pos - 1;
	node->pos = 0;
	tq->n--;
	if (i == tq->n)
		return; /* it was the last leaf: nothing to refill */
	tq->heap[i] = tq->heap[tq->n];
	timer_fix(tq, i);
}

uint64_t timer_next_deadline(struct timer_queue *tq)
{
	timer_settle_root(tq);
	return tq->n ? tq->heap[0].deadline : TIMER_NEVER;
}

struct timer_node *timer_pop_expired(struct timer_queue *tq, uint64_t now)
{
	struct timer_node *node;

	timer_settle_root(tq);
	if (tq->n == 0 || tq->heap[0].deadline > now)
		return NULL;
	node = tq->heap[0].node;
	timer_cancel(tq, node);
	return node;
}

uint32_t timer_count(const struct timer_queue *tq)
{
	return tq->n;
}
