/*
 * test_aid.c - the AID bitmap (core/aid.c): lowest AID of the shard's
 * class, the fallback when a class is full, all 2007 AIDs, free and
 * reallocation, the max limit, bad frees. Single-threaded; the concurrent
 * use is exercised by tests/stress/sta_stress.c.
 */
#include <errno.h>

#include "check.h"
#include "rapd/aid.h"

static struct aid_map map;

/* AIDs in shard's class within 1..max. */
static unsigned int class_size(unsigned int shard, unsigned int max)
{
	unsigned int a, n = 0;

	for (a = shard ? shard : RAPD_SHARDS; a <= max; a += RAPD_SHARDS)
		n++;
	return n;
}

static void test_lowest_in_class(void)
{
	aid_map_init(&map, AID_MAX);
	CHECK_EQ_INT(aid_count(&map), 0);
	CHECK_EQ_INT(aid_alloc(&map, 5), 5);
	CHECK_EQ_INT(aid_alloc(&map, 5), 69);
	CHECK_EQ_INT(aid_alloc(&map, 5), 133);
	/* Shard 0's class starts at 64: AID 0 is never given. */
	CHECK_EQ_INT(aid_alloc(&map, 0), 64);
	CHECK_EQ_INT(aid_alloc(&map, 0), 128);
	CHECK_EQ_INT(aid_alloc(&map, 63), 63);
	CHECK_EQ_INT(aid_alloc(&map, 1), 1);
	CHECK_EQ_INT(aid_count(&map), 7);
	CHECK(aid_in_use(&map, 69));
	CHECK(!aid_in_use(&map, 70));
	CHECK(!aid_in_use(&map, 0));
	/* Another class's activity does not move this one. */
	CHECK_EQ_INT(aid_alloc(&map, 6), 6);
	CHECK_EQ_INT(aid_alloc(&map, 5), 197);
	CHECK_EQ_INT(aid_alloc(&map, RAPD_SHARDS), 0); /* no such shard */
}

static void test_class_sizes(void)
{
	unsigned int s, total = 0;

	for (s = 0; s < RAPD_SHARDS; s++)
		total += class_size(s, AID_MAX);
	CHECK_EQ_INT(total, AID_MAX);
	CHECK_EQ_INT(class_size(0, AID_MAX), 31);  /* 64..1984 */
	CHECK_EQ_INT(class_size(23, AID_MAX), 32); /* 23..2007 */
	CHECK_EQ_INT(class_size(24, AID_MAX), 31); /* 24..1944 */
}

static void test_class_full_fallback(void)
{
	unsigned int i, n = class_size(9, AID_MAX);

	aid_map_init(&map, AID_MAX);
	for (i = 0; i < n; i++)
		CHECK_EQ_INT(aid_alloc(&map, 9), 9 + 64 * i);
	/* Class 9 full: the highest free AID of any class, downwards. */
	CHECK_EQ_INT(aid_alloc(&map, 9), 2007);
	CHECK_EQ_INT(aid_alloc(&map, 9), 2006);
	/* 2007 was class 23's last AID; class 23 still gets its lowest. */
	CHECK_EQ_INT(aid_alloc(&map, 23), 23);
	/* A freed class-9 AID is the class's again. */
	CHECK_EQ_INT(aid_free(&map, 9 + 64 * 3), 0);
	CHECK_EQ_INT(aid_alloc(&map, 9), 9 + 64 * 3);
	CHECK_EQ_INT(aid_count(&map), n + 3);
}

static void test_all_aids(void)
{
	static uint8_t seen[AID_MAX + 1];
	unsigned int i, ok = 1;

	memset(seen, 0, sizeof(seen));
	aid_map_init(&map, AID_MAX);
	/* Everything from one shard: its class, then every other AID. */
	for (i = 0; i < AID_MAX; i++) {
		uint16_t a = aid_alloc(&map, 17);

		if (a < AID_MIN || a > AID_MAX || seen[a])
			ok = 0;
		else
			seen[a] = 1;
	}
	CHECK(ok);
	CHECK_EQ_INT(aid_count(&map), AID_MAX);
	CHECK_EQ_INT(aid_alloc(&map, 17), 0);
	CHECK_EQ_INT(aid_alloc(&map, 0), 0);
	for (i = AID_MIN; i <= AID_MAX; i++)
		if (aid_free(&map, (uint16_t)i) != 0)
			ok = 0;
	CHECK(ok);
	CHECK_EQ_INT(aid_count(&map), 0);
	CHECK_EQ_INT(aid_alloc(&map, 17), 17);
}

static void test_all_aids_by_class(void)
{
	unsigned int s, i, ok = 1;

	aid_map_init(&map, AID_MAX);
	for (s = 0; s < RAPD_SHARDS; s++)
		for (i = 0; i < class_size(s, AID_MAX); i++)
			if (aid_alloc(&map, s) % RAPD_SHARDS != s)
				ok = 0;
	CHECK(ok); /* no fallback needed: each class had exactly its room */
	CHECK_EQ_INT(aid_count(&map), AID_MAX);
	CHECK_EQ_INT(aid_alloc(&map, 3), 0);
}

static void test_free_realloc(void)
{
	aid_map_init(&map, AID_MAX);
	CHECK_EQ_INT(aid_alloc(&map, 2), 2);
	CHECK_EQ_INT(aid_alloc(&map, 2), 66);
	CHECK_EQ_INT(aid_alloc(&map, 2), 130);
	CHECK_EQ_INT(aid_free(&map, 66), 0);
	CHECK(!aid_in_use(&map, 66));
	CHECK_EQ_INT(aid_alloc(&map, 2), 66); /* the lowest free again */
	CHECK_EQ_INT(aid_alloc(&map, 2), 194);
	CHECK_EQ_INT(aid_free(&map, 2), 0);
	CHECK_EQ_INT(aid_free(&map, 2), -EINVAL); /* double free */
	CHECK_EQ_INT(aid_free(&map, 0), -EINVAL);
	CHECK_EQ_INT(aid_free(&map, AID_MAX + 1), -EINVAL);
	CHECK_EQ_INT(aid_free(&map, 3), -EINVAL); /* never allocated */
	CHECK_EQ_INT(aid_count(&map), 3);
}

static void test_max(void)
{
	unsigned int i;

	aid_map_init(&map, 100);
	CHECK_EQ_INT(aid_alloc(&map, 36), 36);
	CHECK_EQ_INT(aid_alloc(&map, 36), 100);
	/* 164 is above max: class 36 is full, fall back below max. */
	CHECK_EQ_INT(aid_alloc(&map, 36), 99);
	for (i = 3; i < 100; i++)
		CHECK(aid_alloc(&map, 1) != 0);
	CHECK_EQ_INT(aid_count(&map), 100);
	CHECK_EQ_INT(aid_alloc(&map, 1), 0);
	CHECK_EQ_INT(aid_free(&map, 101), -EINVAL);
	CHECK(!aid_in_use(&map, 101));
	/* 0 and out-of-range limits mean the standard's 2007. */
	aid_map_init(&map, 0);
	CHECK_EQ_INT(map.max, AID_MAX);
	aid_map_init(&map, 5000);
	CHECK_EQ_INT(map.max, AID_MAX);
}

int main(void)
{
	check_begin("test_aid");
	RUN(test_lowest_in_class);
	RUN(test_class_sizes);
	RUN(test_class_full_fallback);
	RUN(test_all_aids);
	RUN(test_all_aids_by_class);
	RUN(test_free_realloc);
	RUN(test_max);
	return check_end();
}
