/*
 * ring.c - creation and release of the SPSC rings of ring.h.
 *
 * Called at start-up and shutdown by whichever thread builds the pipeline
 * (main thread, pool_create), never on the hot path: push, pop and peek are
 * static inline in include/rapd/ring.h. Owns the ring's one allocation:
 * the three cache lines of indices followed by the slot array, aligned to
 * a cache line so the index lines are really separate.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rapd/ring.h"

struct ring *ring_create(uint32_t size)
{
	struct ring *r;
	size_t bytes;

	if (size < RING_SIZE_MIN || size > RING_SIZE_MAX ||
	    (size & (size - 1)) != 0) {
		errno = EINVAL;
		return NULL;
	}
	bytes = sizeof(*r) + (size_t)size * sizeof(r->slots[0]);
	/* aligned_alloc wants a multiple of the alignment */
	bytes = (bytes + RING_CACHE_LINE - 1) & ~(size_t)(RING_CACHE_LINE - 1);
	r = aligned_alloc(RING_CACHE_LINE, bytes);
	if (!r) {
		errno = ENOMEM;
		return NULL;
	}
	/* touch every page now, not on the first lap of the hot path */
	memset(r, 0, bytes);
	atomic_init(&r->tail, 0);
	atomic_init(&r->head, 0);
	r->head_cache = 0;
	r->tail_cache = 0;
	r->size = size;
	r->mask = size - 1;
	return r;
}

void ring_free(struct ring *r)
{
	free(r);
}
