/*
 * pool.c - fixed pools of struct frame: one owner takes, returners give
 * back through their own SPSC return rings (contract in rapd/frame.h).
 *
 * Callers: pool_create/pool_free by whichever thread builds and tears down
 * the pipeline; pool_get* and pool_put_owner by the pool's owner thread
 * (the RX thread for input frames, each worker for its output frames);
 * pool_put* by returner thread k. Owns the frames (one cache-aligned
 * block, every frame on its own cache lines), the owner's free stack and
 * one return ring per returner, each as large as the pool so it can never
 * be full. No lock and no allocation after pool_create.
 *
 * A frame's pool_state says whether it is free (in the stack or a return
 * ring) or out. It is written only by the thread owning the frame at that
 * moment, and handed over with the frame through the rings, so checking it
 * costs no synchronisation; a double put or a foreign frame aborts.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "rapd/frame.h"
#include "rapd/ring.h"

#define POOL_STATE_FREE 0x4652u /* "FR" */
#define POOL_STATE_OUT 0x4f55u	/* "OU" */
#define POOL_PUT_CHUNK 32u
/* The owner drains the return rings at least every this many gets. */
#define POOL_REFILL_EVERY 32u

struct pool {
	/* Owner line: the free stack, written by the owner only. */
	alignas(RING_CACHE_LINE) uint32_t nfree;
	uint32_t gets; /* since the last refill */
	void **stack; /* nframes entries; stack[0..nfree) are free frames */

	/* Read-only after pool_create: shared by the owner and returners. */
	alignas(RING_CACHE_LINE) uint32_t nframes;
	unsigned int n_returners;
	struct ring **returns; /* returns[k]: producer returner k */
	unsigned char *frames; /* frame i at frames + i * stride */
	size_t stride;
};

static size_t pool_stride(void)
{
	size_t s = sizeof(struct frame);

	return (s + RING_CACHE_LINE - 1) & ~(size_t)(RING_CACHE_LINE - 1);
}

static uint32_t pool_ring_size(uint32_t nframes)
{
	uint32_t size = RING_SIZE_MIN;

	while (size < nframes)
		size <<= 1;
	return size;
}

static void pool_release(struct pool *p)
{
	unsigned int k;

	if (p->returns) {
		for (k = 0; k < p->n_returners; k++)
			ring_free(p->returns[k]);
	}
	free(p->returns);
	free(p->stack);
	free(p->frames);
	free(p);
}

static int pool_alloc_parts(struct pool *p)
{
	uint32_t rsize = pool_ring_size(p->nframes);
	unsigned int k;

	p->stack = calloc(p->nframes, sizeof(*p->stack));
	p->frames = aligned_alloc(RING_CACHE_LINE, p->nframes * p->stride);
	p->returns = calloc(p->n_returners ? p->n_returners : 1,
			    sizeof(*p->returns));
	if (!p->stack || !p->frames || !p->returns)
		return -ENOMEM;
	for (k = 0; k < p->n_returners; k++) {
		p->returns[k] = ring_create(rsize);
		if (!p->returns[k])
			return -ENOMEM;
	}
	return 0;
}

struct pool *pool_create(uint32_t nframes, unsigned int n_returners)
{
	struct pool *p;
	uint32_t i;

	if (nframes < 1 || nframes > POOL_FRAMES_MAX ||
	    n_returners > POOL_RETURNERS_MAX) {
		errno = EINVAL;
		return NULL;
	}
	p = aligned_alloc(RING_CACHE_LINE, sizeof(*p));
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memset(p, 0, sizeof(*p));
	p->nframes = nframes;
	p->n_returners = n_returners;
	p->stride = pool_stride();
	if (pool_alloc_parts(p) < 0) {
		pool_release(p);
		errno = ENOMEM;
		return NULL;
	}
	/* touch every page now, not on the hot path */
	memset(p->frames, 0, nframes * p->stride);
	/* stack top = frame 0, so a fresh pool hands out frames in order */
	for (i = 0; i < nframes; i++) {
		struct frame *f =
			(struct frame *)(p->frames + (size_t)i * p->stride);

		f->home = p;
		f->pool_state = POOL_STATE_FREE;
		p->stack[nframes - 1 - i] = f;
	}
	p->nfree = nframes;
	return p;
}

long pool_free(struct pool *p)
{
	long home;
	unsigned int k;

	if (!p)
		return 0;
	home = p->nfree;
	for (k = 0; k < p->n_returners; k++)
		home += ring_count(p->returns[k]);
	home = (long)p->nframes - home;
	pool_release(p);
	return home;
}

uint32_t pool_nframes(const struct pool *p)
{
	return p->nframes;
}

/* Owner: moves whatever the returners gave back onto the free stack, one
 * burst per ring. Never more than the stack holds, so a frame put twice
 * cannot overflow it (it stays in the ring and pool_free reports it). */
static void pool_refill(struct pool *p)
{
	unsigned int k;

	for (k = 0; k < p->n_returners; k++) {
		uint32_t room = p->nframes - p->nfree;

		if (room == 0)
			return;
		p->nfree += ring_pop_burst(p->returns[k], p->stack + p->nfree,
					   room);
	}
}

/* Owner: the top of the free stack, marked out, header cleared. */
static struct frame *pool_take(struct pool *p)
{
	struct frame *f = p->stack[--p->nfree];

	if (f->pool_state != POOL_STATE_FREE || f->home != p)
		abort(); /* a free frame was written: memory corruption */
	f->pool_state = POOL_STATE_OUT;
	f->ts_ns = 0;
	f->order = 0;
	f->len = 0;
	f->flags = 0;
	f->signal_dbm = 0;
	f->rate_500k = 0;
	f->freq_mhz = 0;
	if (p->nfree) {
		/* The next frame's header and first bytes: its lines were last
		 * written by another core (or never), and the next get comes
		 * a whole frame's work later, time enough to fetch them. */
		const char *next = p->stack[p->nfree - 1];

		__builtin_prefetch(next, 1);
		__builtin_prefetch(next + RING_CACHE_LINE, 1);
	}
	return f;
}

/*
 * Returned frames go on top of the stack every POOL_REFILL_EVERY gets, not
 * only once the stack is empty: they were just used, so they are still in
 * cache, while the frames that never left the stack are cold (a fresh pool
 * of 8192 frames is 20 MB, far beyond any cache). The working set stays
 * the frames in flight plus a batch.
 */
struct frame *pool_get(struct pool *p)
{
	if (p->nfree == 0 || ++p->gets >= POOL_REFILL_EVERY) {
		p->gets = 0;
		pool_refill(p);
		if (p->nfree == 0)
			return NULL;
	}
	return pool_take(p);
}

unsigned int pool_get_burst(struct pool *p, struct frame **out, unsigned int n)
{
	unsigned int i;

	if (p->nfree < n || (p->gets += n) >= POOL_REFILL_EVERY) {
		p->gets = 0;
		pool_refill(p);
	}
	if (n > p->nfree)
		n = p->nfree;
	for (i = 0; i < n; i++)
		out[i] = pool_take(p);
	return n;
}

/* Any caller giving f back: it must be one of p's frames and out. */
static void pool_check_out(const struct pool *p, struct frame *f)
{
	if (f->home != p || f->pool_state != POOL_STATE_OUT)
		abort(); /* double put, or a frame of another pool */
}

void pool_put_owner(struct pool *p, struct frame *f)
{
	pool_check_out(p, f);
	f->pool_state = POOL_STATE_FREE;
	p->stack[p->nfree++] = f;
}

void pool_put(struct pool *p, unsigned int k, struct frame *f)
{
	void *obj = f;

	if (k >= p->n_returners)
		abort();
	pool_check_out(p, f);
	f->pool_state = POOL_STATE_FREE;
	/* the ring holds every frame of the pool: full means a frame is in
	 * it twice, which the state check above rules out */
	if (ring_push_burst(p->returns[k], &obj, 1) != 1)
		abort();
}

void pool_put_burst(struct pool *p, unsigned int k, struct frame *const *frames,
		    unsigned int n)
{
	void *chunk[POOL_PUT_CHUNK];
	unsigned int done = 0, i, m;

	if (k >= p->n_returners)
		abort();
	while (done < n) {
		m = n - done < POOL_PUT_CHUNK ? n - done : POOL_PUT_CHUNK;
		for (i = 0; i < m; i++) {
			pool_check_out(p, frames[done + i]);
			frames[done + i]->pool_state = POOL_STATE_FREE;
			chunk[i] = frames[done + i];
		}
		if (ring_push_burst(p->returns[k], chunk, m) != m)
			abort();
		done += m;
	}
}
