/*
 * test_sta.c - the station table (core/sta.c), single-threaded: insert,
 * lookup, remove, reinsert; duplicates; the max_sta limit and slots still
 * waiting for their grace period; 2007 stations; slot reuse; the wipe of a
 * freed slot; the leak count of destroy; misuse errors; hash, shard and
 * worker; iteration. The main thread is a registered RCU thread; liburcu's
 * call_rcu thread runs the deferred frees. Concurrency is in
 * tests/stress/sta_stress.c.
 */
#include <errno.h>

#include "check.h"
#include "rapd/sta.h"

struct test_proto {
	uint8_t key[48]; /* stands for a PTK */
	uint32_t tag;
};

static void make_mac(uint32_t i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(i >> 24);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

/* Allocates and inserts station i; NULL on any failure. */
static struct sta *add(struct sta_table *t, uint32_t i)
{
	uint8_t mac[6];
	struct sta *sta;
	int rc;

	make_mac(i, mac);
	if (sta_alloc(t, mac, &sta) != 0)
		return NULL;
	((struct test_proto *)sta_proto(sta))->tag = i;
	sta_read_lock();
	rc = sta_insert(t, sta);
	sta_read_unlock();
	if (rc != 0) {
		sta_release_unused(t, sta);
		return NULL;
	}
	return sta;
}

static struct sta *find(struct sta_table *t, uint32_t i)
{
	uint8_t mac[6];
	struct sta *sta;

	make_mac(i, mac);
	sta_read_lock();
	sta = sta_lookup(t, mac);
	sta_read_unlock();
	return sta;
}

static int del(struct sta_table *t, struct sta *sta)
{
	int rc;

	sta_read_lock();
	rc = sta_remove(t, sta);
	sta_read_unlock();
	return rc;
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_create_args(void)
{
	struct sta_table *t;

	CHECK(sta_table_create(0, 1, 16) == NULL);
	CHECK(sta_table_create(STA_TABLE_MAX + 1, 1, 16) == NULL);
	CHECK(sta_table_create(8, 0, 16) == NULL);
	CHECK(sta_table_create(8, STA_WORKERS_MAX + 1, 16) == NULL);
	CHECK(sta_table_create(8, 1, STA_PROTO_MAX + 1) == NULL);
	CHECK_EQ_INT(sta_table_destroy(NULL), 0);
	t = sta_table_create(8, 3, 0);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ_INT(sta_count(t), 0);
	CHECK_EQ_INT(sta_table_free_slots(t), 16);
	CHECK_EQ_INT(sta_table_destroy(t), 0);
}

static void test_hash_shard(void)
{
	static const uint8_t zero[6], mac[6] = {0, 0, 0, 0, 0, 1};
	static uint32_t per_shard[RAPD_SHARDS];
	uint8_t m[6];
	uint32_t i, lo = UINT32_MAX, hi = 0;

	/* The hash is SplitMix64's finaliser of the MAC: its published
	 * first output for state 0 pins it (the replay contract). */
	CHECK(sta_hash(zero) == 0xe220a8397b1dcdafull);
	CHECK(sta_mac_key(mac) == 1);
	make_mac(0x0a0b0c0d, m);
	CHECK(sta_mac_key(m) == 0x02000a0b0c0dull);
	CHECK_EQ_INT(sta_shard(m), sta_hash(m) % RAPD_SHARDS);
	memset(per_shard, 0, sizeof(per_shard));
	for (i = 0; i < 65536; i++) {
		make_mac(i, m);
		per_shard[sta_shard(m)]++;
	}
	for (i = 0; i < RAPD_SHARDS; i++) {
		lo = per_shard[i] < lo ? per_shard[i] : lo;
		hi = per_shard[i] > hi ? per_shard[i] : hi;
	}
	/* 1024 expected per shard; sequential MACs must spread. */
	CHECK(lo > 850 && hi < 1200);
}

static void test_insert_lookup_remove(void)
{
	struct sta_table *t =
		sta_table_create(16, 2, sizeof(struct test_proto));
	struct sta *a, *b;

	CHECK(t != NULL);
	if (!t)
		return;
	a = add(t, 1);
	b = add(t, 2);
	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK(find(t, 1) == a);
	CHECK(find(t, 2) == b);
	CHECK(find(t, 3) == NULL);
	CHECK_EQ_INT(((struct test_proto *)sta_proto(find(t, 2)))->tag, 2);
	CHECK_EQ_INT(sta_count(t), 2);
	CHECK_EQ_INT(del(t, a), 0);
	CHECK(find(t, 1) == NULL);
	CHECK(find(t, 2) == b);
	CHECK_EQ_INT(sta_count(t), 1);
	/* Reinsert the same MAC, before and after the grace period. */
	a = add(t, 1);
	CHECK(a != NULL && find(t, 1) == a);
	CHECK_EQ_INT(sta_count(t), 2);
	sta_table_reclaim(t);
	CHECK(find(t, 1) == a);
	CHECK_EQ_INT(((struct test_proto *)sta_proto(a))->tag, 1);
	CHECK_EQ_INT(del(t, a), 0);
	CHECK_EQ_INT(del(t, b), 0);
	CHECK_EQ_INT(sta_count(t), 0);
out:
	CHECK_EQ_INT(sta_table_destroy(t), 0);
}

static void test_duplicate(void)
{
	struct sta_table *t = sta_table_create(4, 1, sizeof(struct test_proto));
	struct sta *a, *dup;
	uint8_t mac[6];

	CHECK(t != NULL);
	if (!t)
		return;
	a = add(t, 7);
	make_mac(7, mac);
	CHECK(a != NULL);
	CHECK_EQ_INT(sta_alloc(t, mac, &dup), 0);
	if (!a || !dup)
		goto out;
	sta_read_lock();
	CHECK_EQ_INT(sta_insert(t, dup), -EEXIST);
	sta_read_unlock();
	CHECK(find(t, 7) == a);
	CHECK_EQ_INT(sta_count(t), 1);
	/* Never published: freed at once, no grace period. */
	CHECK_EQ_INT(sta_release_unused(t, dup), 0);
	CHECK(all_zero(dup, offsetof(struct sta, proto) +
				    sizeof(struct test_proto)));
	CHECK_EQ_INT(del(t, a), 0);
out:
	CHECK_EQ_INT(sta_table_destroy(t), 0);
}

static void test_full_and_grace(void)
{
	struct sta_table *t = sta_table_create(4, 1, sizeof(struct test_proto));
	struct sta *s[4], *extra;
	uint8_t mac[6];
	unsigned int i, round;

	CHECK(t != NULL);
	if (!t)
		return;
	for (i = 0; i < 4; i++)
		CHECK((s[i] = add(t, i)) != NULL);
	make_mac(99, mac);
	CHECK_EQ_INT(sta_alloc(t, mac, &extra), -ENOSPC);
	CHECK(extra == NULL);
	/* Holding the read lock stalls the grace period: every removed slot
	 * stays pending until the lock is dropped. */
	sta_read_lock();
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 4; i++) {
			CHECK_EQ_INT(sta_remove(t, s[i]), 0);
			make_mac(100 + round * 4 + i, mac);
			CHECK_EQ_INT(sta_alloc(t, mac, &s[i]),
				     round ? -EAGAIN : 0);
			if (!round)
				CHECK_EQ_INT(sta_insert(t, s[i]), 0);
		}
	}
	sta_read_unlock();
	CHECK_EQ_INT(sta_count(t), 0);
	sta_table_reclaim(t);
	CHECK_EQ_INT(sta_table_free_slots(t), 8);
	CHECK((extra = add(t, 5)) != NULL);
	CHECK_EQ_INT(sta_count(t), 1);
	CHECK_EQ_INT(sta_table_destroy(t), 1); /* extra is still in it */
}

static void test_2007_stations(void)
{
	struct sta_table *t =
		sta_table_create(AID_MAX, 4, sizeof(struct test_proto));
	static struct sta *s[AID_MAX];
	uint32_t i, bad = 0;

	CHECK(t != NULL);
	if (!t)
		return;
	for (i = 0; i < AID_MAX; i++)
		if (!(s[i] = add(t, i * 7919)))
			bad++;
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(sta_count(t), AID_MAX);
	CHECK(add(t, 1u << 30) == NULL); /* -ENOSPC */
	for (i = 0; i < AID_MAX; i++) {
		struct sta *f = find(t, i * 7919);

		if (!f || f != s[i] ||
		    ((struct test_proto *)sta_proto(f))->tag != i * 7919)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	for (i = 0; i < AID_MAX; i++)
		if (!s[i] || del(t, s[i]) != 0)
			bad++;
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(sta_count(t), 0);
	sta_table_reclaim(t);
	CHECK_EQ_INT(sta_table_free_slots(t), 2 * AID_MAX);
	CHECK_EQ_INT(sta_table_destroy(t), 0);
}

static void test_slot_reuse(void)
{
	struct sta_table *t = sta_table_create(1, 1, sizeof(struct test_proto));
	struct sta *seen[2] = {NULL, NULL}, *s;
	unsigned int i, distinct = 0, fails = 0;

	CHECK(t != NULL);
	if (!t)
		return;
	/* One station at a time, two slots: after each grace period the
	 * same two slots come back, forever. */
	for (i = 0; i < 100; i++) {
		s = add(t, i);
		if (!s) {
			fails++;
			continue;
		}
		if (s != seen[0] && s != seen[1] && distinct < 2)
			seen[distinct++] = s;
		else if (s != seen[0] && s != seen[1])
			fails++;
		if (del(t, s) != 0)
			fails++;
		sta_table_reclaim(t);
	}
	CHECK_EQ_INT(fails, 0);
	CHECK(distinct >= 1);
	CHECK_EQ_INT(sta_table_free_slots(t), 2);
	CHECK_EQ_INT(sta_table_destroy(t), 0);
}

static void test_wiped_on_free(void)
{
	size_t len = offsetof(struct sta, proto) + sizeof(struct test_proto);
	struct sta_table *t = sta_table_create(4, 1, sizeof(struct test_proto));
	struct sta *s;
	struct test_proto *p;

	CHECK(t != NULL);
	if (!t)
		return;
	s = add(t, 42);
	CHECK(s != NULL);
	if (!s)
		goto out;
	p = sta_proto(s);
	memset(p->key, 0xa5, sizeof(p->key));
	CHECK_EQ_INT(del(t, s), 0);
	sta_table_reclaim(t); /* rcu_barrier: the callback has run */
	/* The slot stays in the slab, free: header and keys all zero. */
	CHECK(all_zero(s, len));
out:
	CHECK_EQ_INT(sta_table_destroy(t), 0);
}

static void test_leak_count(void)
{
	struct sta_table *t = sta_table_create(8, 2, sizeof(struct test_proto));
	struct sta *unused;
	uint8_t mac[6];

	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(add(t, 1) && add(t, 2));
	make_mac(3, mac);
	CHECK_EQ_INT(sta_alloc(t, mac, &unused), 0);
	/* Two in the table and one allocated: three leaked. Destroy still
	 * wipes and frees them (ASan checks nothing is left). */
	CHECK_EQ_INT(sta_table_destroy(t), 3);
}

static void test_misuse(void)
{
	struct sta_table *t = sta_table_create(4, 1, sizeof(struct test_proto));
	struct sta_table *other = sta_table_create(4, 1, 0);
	struct sta *s, *u;
	uint8_t mac[6];

	CHECK(t && other);
	if (!t || !other)
		goto out;
	s = add(t, 1);
	make_mac(2, mac);
	CHECK_EQ_INT(sta_alloc(t, mac, &u), 0);
	CHECK(s && u);
	if (!s || !u)
		goto out;
	sta_read_lock();
	CHECK_EQ_INT(sta_insert(t, s), -EINVAL);     /* already in */
	CHECK_EQ_INT(sta_remove(t, u), -ENOENT);     /* never inserted */
	CHECK_EQ_INT(sta_insert(other, u), -EINVAL); /* wrong table */
	sta_read_unlock();
	CHECK_EQ_INT(sta_release_unused(t, s), -EBUSY);
	CHECK_EQ_INT(sta_release_unused(other, u), -EINVAL);
	CHECK_EQ_INT(sta_release_unused(t, u), 0);
	CHECK_EQ_INT(sta_release_unused(t, u), -EINVAL); /* twice */
	sta_read_lock();
	CHECK_EQ_INT(sta_remove(t, s), 0);
	CHECK_EQ_INT(sta_remove(t, s), -ENOENT); /* before the callback */
	sta_read_unlock();
	CHECK_EQ_INT(sta_count(t), 0);
out:
	CHECK_EQ_INT(sta_table_destroy(t), 0);
	CHECK_EQ_INT(sta_table_destroy(other), 0);
}

static void test_fresh_station(void)
{
	struct sta_table *t =
		sta_table_create(64, 3, sizeof(struct test_proto));
	struct sta *s;
	uint8_t mac[6];
	unsigned int i, bad = 0;

	CHECK(t != NULL);
	if (!t)
		return;
	for (i = 0; i < 64; i++) {
		make_mac(i * 31, mac);
		if (sta_alloc(t, mac, &s) != 0) {
			bad++;
			continue;
		}
		if (memcmp(s->addr, mac, 6) || s->shard != sta_shard(mac) ||
		    s->worker != sta_shard(mac) % 3 ||
		    s->worker != sta_worker_of(t, mac) ||
		    s->hash != (unsigned long)sta_hash(mac) ||
		    s->tnode.key != sta_mac_key(mac) ||
		    timer_pending(&s->tnode) ||
		    ((uintptr_t)sta_proto(s) % alignof(max_align_t)) ||
		    !all_zero(sta_proto(s), sizeof(struct test_proto)) ||
		    sta_from_proto(sta_proto(s)) != s ||
		    sta_from_timer(&s->tnode) != s)
			bad++;
	}
	/* 64 allocated by 3 workers from 128 slots dealt 43/43/42: the
	 * skewed workers took slots from the others' stacks. */
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(sta_table_free_slots(t), 64);
	CHECK_EQ_INT(sta_table_destroy(t), 64);
}

struct visit {
	uint32_t n;
	uint32_t stop_after;
	uint64_t tag_sum;
	struct sta_table *remove_from;
};

static int visit_one(struct sta *sta, void *arg)
{
	struct visit *v = arg;

	v->n++;
	v->tag_sum += ((struct test_proto *)sta_proto(sta))->tag;
	if (v->remove_from && sta_remove(v->remove_from, sta) != 0)
		return -1;
	return v->n == v->stop_after ? 7 : 0;
}

static void test_for_each(void)
{
	struct sta_table *t =
		sta_table_create(100, 2, sizeof(struct test_proto));
	struct visit v;
	uint32_t i;

	CHECK(t != NULL);
	if (!t)
		return;
	for (i = 1; i <= 100; i++)
		CHECK(add(t, i) != NULL);
	memset(&v, 0, sizeof(v));
	sta_read_lock();
	CHECK_EQ_INT(sta_for_each(t, visit_one, &v), 0);
	sta_read_unlock();
	CHECK_EQ_INT(v.n, 100);
	CHECK_EQ_INT(v.tag_sum, 5050);
	memset(&v, 0, sizeof(v));
	v.stop_after = 10;
	sta_read_lock();
	CHECK_EQ_INT(sta_for_each(t, visit_one, &v), 7);
	sta_read_unlock();
	CHECK_EQ_INT(v.n, 10);
	/* Removing each visited station while iterating. */
	memset(&v, 0, sizeof(v));
	v.remove_from = t;
	sta_read_lock();
	CHECK_EQ_INT(sta_for_each(t, visit_one, &v), 0);
	sta_read_unlock();
	CHECK_EQ_INT(v.n, 100);
	CHECK_EQ_INT(v.tag_sum, 5050);
	CHECK_EQ_INT(sta_count(t), 0);
	CHECK_EQ_INT(sta_table_destroy(t), 0);
}

int main(void)
{
	int rc;

	check_begin("test_sta");
	rcu_register_thread();
	RUN(test_create_args);
	RUN(test_hash_shard);
	RUN(test_insert_lookup_remove);
	RUN(test_duplicate);
	RUN(test_full_and_grace);
	RUN(test_2007_stations);
	RUN(test_slot_reuse);
	RUN(test_wiped_on_free);
	RUN(test_leak_count);
	RUN(test_misuse);
	RUN(test_fresh_station);
	RUN(test_for_each);
	rc = check_end();
	rcu_unregister_thread();
	return rc;
}
