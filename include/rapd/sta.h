/*
 * sta.h - the station table: every associated or associating station,
 * keyed by MAC, in a liburcu lock-free RCU hash table (cds_lfht).
 *
 * Contract
 * - Writers: a station is owned by exactly one worker, worker =
 *   sta_shard(mac) % nworkers, and only that worker allocates, inserts,
 *   writes and removes it. Readers (the other threads: control interface,
 *   TX thread, statistics) only read, under the RCU read lock.
 * - RCU: every thread that calls a "Call under rcu_read_lock" function is a
 *   registered RCU thread (rcu_register_thread(), default flavour
 *   urcu-memb) and holds the read lock, preferably through sta_read_lock()
 *   and sta_read_unlock() (rcu_read_lock/unlock plus the annotations that
 *   let ThreadSanitizer see the grace period). A station returned by a
 *   lookup stays valid, and its fields stay readable, until the read lock
 *   is dropped; not one instant longer.
 * - What readers may read: addr, shard, worker and the protocol fields the
 *   owner only ever writes with atomics. Other protocol fields are written
 *   by the owner without a lock: a reader reading them races (C11 data
 *   race), so publish what the control interface shows through atomics.
 * - The free rule: sta_remove() = cds_lfht_del() -> call_rcu() -> (after a
 *   grace period, in liburcu's call_rcu thread) OPENSSL_cleanse() of the
 *   whole slot, struct sta and protocol area (keys, PTK, nonces) -> slot
 *   back on a free stack. A station that was never inserted (or whose
 *   insert failed with -EEXIST) needs no grace period:
 *   sta_release_unused() wipes and frees it at once.
 * - Memory: one slab of 2 * max_sta fixed-size slots allocated by
 *   sta_table_create(); no malloc afterwards. The slots sit on per-worker
 *   lock-free free stacks (initially dealt round-robin). A worker pops from
 *   its own stack and, when that is empty, from the others', so a worker
 *   can hold every station (the shards may be skewed) and whether an
 *   allocation succeeds never depends on the worker count. A slot freed by
 *   the call_rcu thread is pushed onto its owner worker's stack. Stacks are
 *   Treiber stacks of slot indices with a generation tag in the same
 *   64-bit word (no ABA), so the call_rcu thread's push and any worker's
 *   pop never race. Twice max_sta slots let up to max_sta removed stations
 *   wait for their grace period while max_sta stations are live.
 * - Protocol state: the mlme layer's struct ap_sta lives in the trailing
 *   area sta->proto (proto_size bytes given to sta_table_create, aligned
 *   for any type up to alignof(max_align_t)); sta_proto() and
 *   sta_from_proto() convert. A fresh station's proto area is all zero.
 * - Hash and shard: sta_hash() is a fixed function of the MAC (no seed):
 *   it decides the shard, hence the worker, the AID class (aid.h) and the
 *   nonce stream, so changing it changes replay output.
 * - Return values: 0 or a negative errno (documented per function).
 */
#ifndef RAPD_STA_H
#define RAPD_STA_H

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#include <urcu.h>
#include <urcu/rculfhash.h>

#include "rapd/aid.h"
#include "rapd/timer.h"

#define STA_TABLE_MAX (1u << 20) /* max_sta limit of sta_table_create */
#define STA_WORKERS_MAX 64	 /* workers limit (fits sta->worker) */
#define STA_PROTO_MAX (1u << 16) /* proto_size limit */

struct sta_table;

struct sta {
	struct cds_lfht_node node; /* table linkage: liburcu's while linked */
	struct rcu_head rcu;	   /* deferred free */
	struct sta_table *table;   /* home table, for the call_rcu callback */
	unsigned long hash;	   /* sta_hash(addr) */
	struct timer_node tnode;   /* owner's timer; key = MAC (sta_mac_key) */
	uint8_t addr[6];	   /* the key: immutable once inserted */
	uint8_t shard;		   /* sta_shard(addr) */
	uint8_t worker;		   /* owning worker: shard % nworkers */
	uint8_t state;		   /* slot life cycle, private to sta.c */
	alignas(max_align_t) uint8_t proto[]; /* struct ap_sta (mlme) */
};

static inline void *sta_proto(struct sta *sta)
{
	return sta->proto;
}

static inline struct sta *sta_from_proto(void *proto)
{
	return (struct sta *)((uint8_t *)proto - offsetof(struct sta, proto));
}

static inline struct sta *sta_from_timer(struct timer_node *tnode)
{
	return (struct sta *)((uint8_t *)tnode - offsetof(struct sta, tnode));
}

/*
 * The station hash: a fixed 64-bit mix of the 48-bit MAC (the replay
 * contract above). Pure; any thread.
 */
uint64_t sta_hash(const uint8_t mac[6]);

/* The MAC as a big-endian 48-bit integer: the timer tie-break key, so
 * stations with equal deadlines expire in MAC order. Pure; any thread. */
uint64_t sta_mac_key(const uint8_t mac[6]);

/* Shard of a station: sta_hash(mac) % RAPD_SHARDS. Pure; any thread. */
static inline unsigned int sta_shard(const uint8_t mac[6])
{
	return (unsigned int)(sta_hash(mac) % RAPD_SHARDS);
}

/*
 * Creates a table for up to max_sta (1..STA_TABLE_MAX) live stations owned
 * by nworkers (1..STA_WORKERS_MAX) workers, each with proto_size
 * (0..STA_PROTO_MAX) bytes of protocol state. The hash table is sized
 * once (buckets = next power of two >= max_sta) and never resizes (no
 * CDS_LFHT_AUTO_RESIZE: liburcu 0.13's destroy can deadlock with it).
 * Returns NULL on bad arguments or when out of memory.
 * No RCU lock needed. Caller: main thread, before the workers start.
 */
struct sta_table *sta_table_create(uint32_t max_sta, unsigned int nworkers,
				   size_t proto_size);

/*
 * Destroys the table: waits for pending frees (rcu_barrier), removes and
 * wipes what is left, frees everything. Returns how many stations were
 * still allocated (inserted, or allocated and never released): 0 unless
 * something leaked. NULL is a no-op returning 0.
 * Call outside rcu_read_lock. Caller: a registered RCU thread, after every
 * worker and reader stopped using the table.
 */
uint32_t sta_table_destroy(struct sta_table *t);

/* Worker that owns mac's station: sta_shard(mac) % nworkers.
 * No RCU lock needed. Caller: any thread (the RX thread routes by it). */
unsigned int sta_worker_of(const struct sta_table *t, const uint8_t mac[6]);

/*
 * Finds the station of mac, or NULL.
 * Call under rcu_read_lock. Caller: any registered RCU reader.
 */
struct sta *sta_lookup(struct sta_table *t, const uint8_t mac[6]);

/*
 * Takes a free slot for mac: *out = a station with addr, hash, shard,
 * worker and the timer key set, everything else zero, not in the table.
 * 0; -ENOSPC when max_sta stations are allocated; -EAGAIN when every
 * free slot is still waiting for its grace period (possible only with
 * more than max_sta removals in flight: call sta_table_reclaim() and
 * retry, or refuse the station).
 * No RCU lock needed. Caller: owning worker only.
 */
int sta_alloc(struct sta_table *t, const uint8_t mac[6], struct sta **out);

/*
 * Publishes a station from sta_alloc() (cds_lfht_add_unique: the full
 * barrier before the commit makes every field written so far visible to
 * readers that find it). 0; -EEXIST when that MAC is already in the table
 * (sta was not published: sta_release_unused() it at once); -EINVAL when
 * sta is not a freshly allocated station.
 * Call under rcu_read_lock. Caller: owning worker only.
 */
int sta_insert(struct sta_table *t, struct sta *sta);

/*
 * Unlinks sta and schedules its wipe and free after a grace period. The
 * caller must not touch sta afterwards (readers may, until they drop the
 * read lock). 0; -ENOENT when sta is not in the table.
 * Call under rcu_read_lock. Caller: owning worker only.
 */
int sta_remove(struct sta_table *t, struct sta *sta);

/*
 * Wipes and frees at once a station that was never inserted. 0; -EBUSY
 * when it is in the table (use sta_remove); -EINVAL when it is not an
 * allocated station.
 * No RCU lock needed. Caller: owning worker only.
 */
int sta_release_unused(struct sta_table *t, struct sta *sta);

/* Stations in the table (a snapshot). No RCU lock needed. Caller: any. */
uint32_t sta_count(const struct sta_table *t);

/*
 * Calls fn(sta, arg) for each station in the table, in hash order, until
 * fn returns non-zero; returns that value, or 0 after the last station.
 * Stations inserted or removed meanwhile may or may not be visited.
 * Call under rcu_read_lock. Caller: any registered RCU reader.
 */
int sta_for_each(struct sta_table *t, int (*fn)(struct sta *sta, void *arg),
		 void *arg);

/*
 * Waits until every station removed so far is wiped and its slot free
 * (rcu_barrier). For sta_alloc()'s -EAGAIN and for tests.
 * Call outside rcu_read_lock. Caller: a registered RCU thread.
 */
void sta_table_reclaim(struct sta_table *t);

/*
 * Free slots on all free stacks: 2 * max_sta when nothing is allocated
 * and no free is pending. Exact only while no thread allocates or frees.
 * No RCU lock needed. Caller: any thread (tests, leak checks).
 */
uint32_t sta_table_free_slots(struct sta_table *t);

/* rcu_read_lock(), for readers and workers of the table.
 * Caller: a registered RCU thread. */
void sta_read_lock(void);

/* rcu_read_unlock() after telling ThreadSanitizer that what this thread
 * read happens before the end of the grace period.
 * Caller: the thread that called sta_read_lock(). */
void sta_read_unlock(void);

#endif
