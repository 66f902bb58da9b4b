/*
 * timer.h - a worker's timer queue: the deadlines of its stations
 * (EAPOL retransmission, auth/assoc timeouts, inactivity).
 *
 * Contract
 * - One queue per worker, used by that worker's thread only: no lock, no
 *   atomics. There are no cross-thread timers.
 * - The queue never reads a clock. Deadlines and `now` are uint64_t
 *   nanoseconds on the caller's clock (CLOCK_MONOTONIC live, the trace
 *   clock in replay), so replay fires timers where they fired live.
 * - Order: by deadline, then by the node's key (a caller-chosen number,
 *   e.g. the station MAC as a 48-bit integer). With keys unique among
 *   queued nodes, the expiry order depends only on the set of (deadline,
 *   key) pairs, never on the order of timer_set()/timer_cancel() calls
 *   that built it: what makes replay with any worker count identical.
 * - Memory: the caller embeds struct timer_node in its object and owns it;
 *   the queue stores pointers to nodes in an array of fixed capacity
 *   allocated by timer_queue_create(). No malloc afterwards. A node must
 *   be cancelled (or popped) before its memory is reused.
 * - Cost: a binary min-heap; set, cancel and pop are O(log n) (the node
 *   keeps its heap position). Moving a queued node later is O(1): the
 *   heap catches up when that node reaches the root, which
 *   next_deadline and pop_expired settle first (amortised O(log n)).
 * - Return values: timer_set() 0 or -ENOSPC (the queue holds capacity
 *   nodes); timer_queue_create() NULL when out of memory.
 */
#ifndef RAPD_TIMER_H
#define RAPD_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_NEVER UINT64_MAX /* timer_next_deadline() of an empty queue */

/* A zero-filled node is a valid idle node with key 0. */
struct timer_node {
	uint64_t deadline; /* valid while queued */
	uint64_t key;	   /* tie-breaker; never changed while queued */
	uint32_t pos;	   /* 1 + heap index while queued, 0 when idle */
};

struct timer_queue;

/* Sets the tie-breaking key of an idle node. Caller: the owning worker. */
static inline void timer_node_init(struct timer_node *n, uint64_t key)
{
	n->deadline = 0;
	n->key = key;
	n->pos = 0;
}

/* Whether the node is queued. Caller: the owning worker. */
static inline bool timer_pending(const struct timer_node *n)
{
	return n->pos != 0;
}

/* A queue for up to capacity nodes (>= 1), or NULL. Caller: any thread,
 * before the worker starts. */
struct timer_queue *timer_queue_create(uint32_t capacity);

/* Frees the queue; queued nodes are simply forgotten (marked idle).
 * Caller: any thread, after the worker stopped. NULL is a no-op. */
void timer_queue_destroy(struct timer_queue *tq);

/*
 * Queues node to expire at deadline, or moves it there if it is queued.
 * 0, or -ENOSPC when the node is idle and the queue is full.
 * Caller: the owning worker.
 */
int timer_set(struct timer_queue *tq, struct timer_node *node,
	      uint64_t deadline);

/* Unqueues node; an idle node is left alone. Caller: the owning worker. */
void timer_cancel(struct timer_queue *tq, struct timer_node *node);

/* Earliest deadline queued, or TIMER_NEVER. Caller: the owning worker
 * (not const: it may settle a postponed node at the root). */
uint64_t timer_next_deadline(struct timer_queue *tq);

/*
 * Unqueues and returns the first node (by deadline, then key) whose
 * deadline is <= now, or NULL when none is due. Call it in a loop to fire
 * every due timer in order. Caller: the owning worker.
 */
struct timer_node *timer_pop_expired(struct timer_queue *tq, uint64_t now);

/* Number of queued nodes. Caller: the owning worker. */
uint32_t timer_count(const struct timer_queue *tq);

#endif
