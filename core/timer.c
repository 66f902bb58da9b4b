/*
 * timer.c - a worker's timer queue (contract in include/rapd/timer.h).
 *
 * Run by one worker thread on its own queue (created and destroyed by the
 * main thread around the worker's life). Owns the heap array; the nodes
 * belong to the caller (embedded in its stations). No spec clause: the
 * timeouts themselves (dot11RSNAConfigPairwiseUpdateCount, association
 * timeouts, ...) are the mlme layer's business.
 *
 * A binary min-heap of node pointers in heap[0..n-1]: heap[i] sorts before
 * its children heap[2i+1] and heap[2i+2]. Each node stores 1 + its index
 * (0 = idle), so cancel and reschedule find it without a search. The order
 * is strict and total on (deadline, key), which is what makes the pop order
 * independent of how the heap was built.
 */
#include <errno.h>
#include <stdlib.h>

#include "rapd/timer.h"

struct timer_queue {
	uint32_t n;
	uint32_t cap;
	struct timer_node **heap;
};

static bool timer_before(const struct timer_node *a, const struct timer_node *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->key < b->key;
}

static void timer_place(struct timer_queue *tq, uint32_t i,
			struct timer_node *node)
{
	tq->heap[i] = node;
	node->pos = i + 1;
}

/* Moves heap[i] towards the root while it sorts before its parent. */
static uint32_t timer_sift_up(struct timer_queue *tq, uint32_t i)
{
	struct timer_node *node = tq->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!timer_before(node, tq->heap[parent]))
			break;
		timer_place(tq, i, tq->heap[parent]);
		i = parent;
	}
	timer_place(tq, i, node);
	return i;
}

/* Moves heap[i] towards the leaves while a child sorts before it. */
static void timer_sift_down(struct timer_queue *tq, uint32_t i)
{
	struct timer_node *node = tq->heap[i];

	for (;;) {
		uint32_t child = 2 * i + 1;

		if (child >= tq->n)
			break;
		if (child + 1 < tq->n &&
		    timer_before(tq->heap[child + 1], tq->heap[child]))
			child++;
		if (!timer_before(tq->heap[child], node))
			break;
		timer_place(tq, i, tq->heap[child]);
		i = child;
	}
	timer_place(tq, i, node);
}

/* Restores the heap order around heap[i] after its node changed. */
static void timer_fix(struct timer_queue *tq, uint32_t i)
{
	if (timer_sift_up(tq, i) == i)
		timer_sift_down(tq, i);
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
		tq->heap[i]->pos = 0;
	free(tq->heap);
	free(tq);
}

int timer_set(struct timer_queue *tq, struct timer_node *node,
	      uint64_t deadline)
{
	if (node->pos) {
		node->deadline = deadline;
		timer_fix(tq, node->pos - 1);
		return 0;
	}
	if (tq->n == tq->cap)
		return -ENOSPC;
	node->deadline = deadline;
	tq->heap[tq->n] = node;
	tq->n++;
	timer_sift_up(tq, tq->n - 1);
	return 0;
}

void timer_cancel(struct timer_queue *tq, struct timer_node *node)
{
	uint32_t i;
	struct timer_node *last;

	if (!node->pos)
		return;
	i = node->pos - 1;
	node->pos = 0;
	tq->n--;
	last = tq->heap[tq->n];
	tq->heap[tq->n] = NULL;
	if (i == tq->n)
		return; /* it was the last leaf: nothing to refill */
	tq->heap[i] = last;
	timer_fix(tq, i);
}

uint64_t timer_next_deadline(const struct timer_queue *tq)
{
	return tq->n ? tq->heap[0]->deadline : TIMER_NEVER;
}

struct timer_node *timer_pop_expired(struct timer_queue *tq, uint64_t now)
{
	struct timer_node *node;

	if (tq->n == 0 || tq->heap[0]->deadline > now)
		return NULL;
	node = tq->heap[0];
	timer_cancel(tq, node);
	return node;
}

uint32_t timer_count(const struct timer_queue *tq)
{
	return tq->n;
}
