/*
 * aid.h - the Association ID bitmap: AIDs 1..2007 (IEEE 802.11-2020
 * 9.4.1.8), one bit each, shared by every worker without a lock.
 *
 * Contract
 * - struct aid_map is an array of atomic 64-bit words; bit (a % 64) of word
 *   (a / 64) is AID a. aid_map_init() runs once before the workers start
 *   (plain stores); afterwards aid_alloc(), aid_free(), aid_in_use() and
 *   aid_count() may be called from any thread at the same time.
 * - Shard classes and determinism: a station of shard s (sta_shard(mac),
 *   0..RAPD_SHARDS-1) gets the LOWEST free AID of its class
 *   {a : 1 <= a <= max, a % RAPD_SHARDS == s}. With RAPD_SHARDS == 64 the
 *   class is bit s of every word. Every station of a shard lives on one
 *   worker whatever the worker count, so a class is only taken from by one
 *   thread, in that shard's event order: the AID a station gets depends
 *   only on its shard's history, never on thread timing.
 * - The one non-deterministic case: when the class is full, aid_alloc()
 *   takes any free AID, scanning from the HIGHEST AID down (classes fill
 *   from their lowest AID, so a borrowed AID is the one its own class
 *   needs last). Such an AID belongs to another class, so once any class
 *   overflows, the AIDs of the classes it borrowed from depend on timing
 *   too. A caller sees the case as aid % RAPD_SHARDS != shard and should
 *   count it.
 * - Return values: aid_alloc() returns the AID, or 0 when every AID in
 *   1..max is taken. aid_free() returns 0, or -EINVAL for an AID outside
 *   1..max or one that is not allocated (a double free).
 * - Memory: none allocated; the caller owns the struct (e.g. one static
 *   per BSS). The bitmap guards no other memory; alloc and free are still
 *   acquire/release so that a future AID-indexed array may rely on them.
 */
#ifndef RAPD_AID_H
#define RAPD_AID_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Stations are split into this many shards by MAC hash (see sta.h). */
#define RAPD_SHARDS 64
#define AID_MIN 1
#define AID_MAX 2007 /* 9.4.1.8: AID values 1..2007 */
#define AID_WORD_BITS 64
#define AID_WORDS ((AID_MAX + AID_WORD_BITS) / AID_WORD_BITS) /* 32 */

struct aid_map {
	_Atomic uint64_t word[AID_WORDS];
	uint16_t max; /* highest AID handed out, AID_MIN..AID_MAX */
};

/*
 * Clears the map and limits it to AIDs 1..max_aid (a max_aid of 0 or
 * above AID_MAX is taken as AID_MAX).
 * Caller: one thread, before any other thread uses the map.
 */
void aid_map_init(struct aid_map *m, uint16_t max_aid);

/*
 * Lowest free AID of shard's class, else the highest free AID of any
 * class; 0 when none is left (or shard >= RAPD_SHARDS).
 * Caller: any thread; deterministic as long as the class has room.
 */
uint16_t aid_alloc(struct aid_map *m, unsigned int shard);

/*
 * Gives aid back. 0, or -EINVAL (out of 1..max, or not allocated).
 * Caller: any thread; normally the worker that allocated it.
 */
int aid_free(struct aid_map *m, uint16_t aid);

/* Whether aid (1..max) is allocated; false outside that range.
 * Caller: any thread (a snapshot). */
bool aid_in_use(const struct aid_map *m, uint16_t aid);

/* Number of allocated AIDs (a snapshot). Caller: any thread. */
unsigned int aid_count(const struct aid_map *m);

#endif
