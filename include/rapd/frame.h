/*
 * frame.h - the frame buffer every pipeline thread passes around, and the
 * pools they come from.
 *
 * Frames
 * - struct frame holds one 802.11 frame (no radiotap, no FCS), what its
 *   radiotap header said, and two logical keys: ts_ns (capture time of an
 *   input frame, time of the cause of an output frame) and order (the
 *   deterministic merge key of output frames in replay). A frame is owned
 *   by exactly one thread at a time; ownership moves with the pointer
 *   through an SPSC ring (ring.h), whose release/acquire pair publishes the
 *   frame's contents to the next owner.
 * - Every frame comes from a pool and goes back to the same pool (home).
 *
 * Pools
 * - A pool has exactly ONE owner thread and n_returners returner slots; each
 *   returner slot k belongs to exactly ONE thread (the SPSC producer of the
 *   pool's return ring k; the owner is its consumer).
 *     owner thread only:       pool_get(), pool_get_burst(), pool_put_owner()
 *     returner thread k only:  pool_put(p, k, f), pool_put_burst(p, k, ...)
 *     no other thread using the pool: pool_create(), pool_free()
 *   One thread may be the owner of some pools and returner k of others (a
 *   worker owns its TX pool and returns RX frames to the RX thread's pool).
 * - pool_get() takes from the owner's local free stack (LIFO: the frame
 *   last returned is the one still in cache); it drains every return ring
 *   onto the top of the stack in bursts when the stack is empty and every
 *   32 gets, so returned (warm) frames are reused before cold ones.
 *   Exhausted, it returns NULL: the caller counts the drop. Nothing
 *   blocks; no lock; no allocation after pool_create(), which allocates
 *   all frames in one cache-aligned block and each return ring with room
 *   for every frame, so a put never finds its ring full.
 * - pool_get() resets the frame's header (times, length, flags, radio
 *   fields) to zero; data[] is not cleared.
 * - Misuse is a bug, not a runtime condition: putting a frame that is not
 *   out (a double put), a frame of another pool, or a bad returner index
 *   aborts the process, as a double free() does.
 * - pool_free() returns the number of frames that never came back (0 when
 *   nothing leaked; negative when more came back than went out), so tests
 *   and the shutdown path can assert on it.
 */
#ifndef RAPD_FRAME_H
#define RAPD_FRAME_H

#include <stdint.h>

/* 802.11 MPDU maximum without FCS (IEEE 802.11-2020 9.2.4.7.1: 2304-byte
 * body + header + security overhead), as radiotap captures carry it. */
#define FRAME_DATA_MAX 2352

/* struct frame.flags */
enum frame_flag {
	FRAME_F_TX_STATUS = 1u << 0, /* echo of a frame we sent (TX status) */
	FRAME_F_ACKED = 1u << 1,     /* with TX_STATUS: the peer ACKed it */
	FRAME_F_NOACK = 1u << 2,     /* sent without ACK (group addressed) */
};

struct pool;

struct frame {
	uint64_t ts_ns;	     /* logical time: capture in, cause out */
	uint64_t order;	     /* deterministic order key (replay merge) */
	uint32_t len;	     /* bytes in data[] */
	uint16_t flags;	     /* enum frame_flag bits */
	int8_t signal_dbm;   /* radiotap antenna signal, 0 when absent */
	uint8_t rate_500k;   /* radiotap rate in 500 kb/s, 0 when absent */
	uint16_t freq_mhz;   /* radiotap channel frequency, 0 when absent */
	uint16_t pool_state; /* private to pool.c: free or out (debug) */
	struct pool *home;   /* the pool it returns to; set once by the pool */
	uint8_t data[FRAME_DATA_MAX];
};

#define POOL_FRAMES_MAX (1u << 24)
#define POOL_RETURNERS_MAX 256

/*
 * Caller: any thread, before the pool is shared.
 * A pool of nframes frames (1 .. POOL_FRAMES_MAX) with n_returners return
 * rings (0 .. POOL_RETURNERS_MAX). The calling thread need not be the
 * owner. Returns NULL with errno EINVAL or ENOMEM.
 */
struct pool *pool_create(uint32_t nframes, unsigned int n_returners);

/*
 * Caller: any thread, after every thread using the pool has stopped (and
 * been joined). Frees the pool and its frames; frames still out become
 * dangling. Returns the number of frames that were neither in the free
 * stack nor in a return ring: 0 when none leaked. NULL returns 0.
 */
long pool_free(struct pool *p);

/*
 * Caller: owner only.
 * A free frame with its header zeroed, or NULL when all frames are out
 * (the caller counts the drop).
 */
struct frame *pool_get(struct pool *p);

/*
 * Caller: owner only.
 * Up to n free frames into out[0..k); returns k, 0..n (short when the pool
 * runs dry: the caller counts what it could not get).
 */
unsigned int pool_get_burst(struct pool *p, struct frame **out, unsigned int n);

/*
 * Caller: owner only.
 * Gives back a frame the owner itself took (e.g. a frame dropped because a
 * ring was full) straight onto its free stack.
 */
void pool_put_owner(struct pool *p, struct frame *f);

/*
 * Caller: returner thread k only (0 <= k < n_returners).
 * Gives back a frame through return ring k; never fails, never blocks.
 */
void pool_put(struct pool *p, unsigned int k, struct frame *f);

/*
 * Caller: returner thread k only.
 * pool_put() of frames[0..n), in bursts.
 */
void pool_put_burst(struct pool *p, unsigned int k, struct frame *const *frames,
		    unsigned int n);

/* Caller: any thread. The number of frames the pool was created with. */
uint32_t pool_nframes(const struct pool *p);

#endif
