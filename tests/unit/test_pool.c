/*
 * test_pool.c - unit tests of the frame pools (include/rapd/frame.h,
 * core/pool.c), single-threaded: the owner and every returner are played
 * by the test in turn.
 *
 * Covers argument checks, exhaustion (NULL, short bursts), return through
 * each returner's ring and by the owner, LIFO reuse, that a frame given
 * back through a ring is reused within a refill period (while still warm)
 * rather than after every cold frame, the header reset, a pool whose size
 * is not a power of two returned whole through one ring, bursts longer
 * than the internal chunk, the leak count of pool_free, and that misuse
 * (double put, foreign frame, bad returner) aborts.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "rapd/frame.h"

static void test_create_args(void)
{
	struct pool *p;

	errno = 0;
	CHECK(pool_create(0, 1) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	errno = 0;
	CHECK(pool_create(4, POOL_RETURNERS_MAX + 1) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	errno = 0;
	CHECK(pool_create(POOL_FRAMES_MAX + 1, 1) == NULL);
	CHECK_EQ_INT(errno, EINVAL);
	p = pool_create(1, 0);
	CHECK(p != NULL);
	if (p)
		CHECK_EQ_INT(pool_nframes(p), 1);
	CHECK_EQ_INT(pool_free(p), 0);
	CHECK_EQ_INT(pool_free(NULL), 0);
}

/* Takes every frame: distinct, aligned, homed; then NULL until one is
 * given back. */
static void test_exhaustion(void)
{
	struct pool *p = pool_create(6, 1);
	struct frame *f[6];
	int i, j, bad = 0;

	CHECK(p != NULL);
	if (!p)
		return;
	for (i = 0; i < 6; i++) {
		f[i] = pool_get(p);
		CHECK(f[i] != NULL);
		if (!f[i])
			return;
		bad += f[i]->home != p;
		bad += (uintptr_t)f[i] % 64 != 0;
		for (j = 0; j < i; j++)
			bad += f[i] == f[j];
		f[i]->len = 100; /* the whole data area is writable */
		f[i]->data[FRAME_DATA_MAX - 1] = (uint8_t)i;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(pool_get(p) == NULL);
	CHECK(pool_get(p) == NULL);
	pool_put(p, 0, f[2]);
	CHECK(pool_get(p) == f[2]);
	CHECK(pool_get(p) == NULL);
	for (i = 0; i < 6; i++)
		pool_put_owner(p, f[i]);
	CHECK_EQ_INT(pool_free(p), 0);
}

/* Frames given back through returner k come back out of pool_get. */
static void test_each_returner(void)
{
	struct pool *p = pool_create(9, 3);
	struct frame *f[9], *g;
	int i, seen[9] = {0}, bad = 0;

	CHECK(p != NULL);
	if (!p)
		return;
	for (i = 0; i < 9; i++)
		f[i] = pool_get(p);
	CHECK(f[8] != NULL);
	if (!f[8])
		return;
	for (i = 0; i < 9; i++)
		pool_put(p, (unsigned int)(i % 3), f[i]);
	for (i = 0; i < 9; i++) {
		g = pool_get(p);
		CHECK(g != NULL);
		if (!g)
			break;
		for (int j = 0; j < 9; j++)
			seen[j] += g == f[j];
	}
	for (i = 0; i < 9; i++)
		bad += seen[i] != 1;
	CHECK_EQ_INT(bad, 0);
	CHECK(pool_get(p) == NULL);
	for (i = 0; i < 9; i++)
		pool_put(p, 2, f[i]); /* all through one returner's ring */
	CHECK_EQ_INT(pool_free(p), 0);
}

static void test_owner_return_lifo(void)
{
	struct pool *p = pool_create(4, 1);
	struct frame *a, *b;

	CHECK(p != NULL);
	if (!p)
		return;
	a = pool_get(p);
	b = pool_get(p);
	CHECK(a != NULL && b != NULL && a != b);
	if (!a || !b)
		return;
	pool_put_owner(p, a);
	CHECK(pool_get(p) == a); /* the warmest frame first */
	pool_put_owner(p, b);
	pool_put_owner(p, a);
	CHECK_EQ_INT(pool_free(p), 0);
}

/* A frame returned through a ring comes back out within 32 gets, long
 * before the 255 frames that never left the stack are used up. */
static void test_returned_reused_soon(void)
{
	struct pool *p = pool_create(256, 1);
	struct frame *first, *f;
	bool seen = false;

	CHECK(p != NULL);
	if (!p)
		return;
	first = pool_get(p);
	pool_put(p, 0, first);
	for (unsigned int i = 0; i < 32 && !seen; i++) {
		f = pool_get(p);
		seen = f == first;
	}
	CHECK(seen);
	/* what is still out is counted, whatever the order of reuse */
	CHECK(pool_free(p) > 0);
}

static void test_header_reset(void)
{
	struct pool *p = pool_create(1, 1);
	struct frame *f;

	CHECK(p != NULL);
	if (!p)
		return;
	f = pool_get(p);
	CHECK(f != NULL);
	if (!f)
		return;
	f->ts_ns = 123;
	f->order = 456;
	f->len = 7;
	f->flags = FRAME_F_TX_STATUS | FRAME_F_ACKED;
	f->signal_dbm = -40;
	f->rate_500k = 2;
	f->freq_mhz = 2412;
	pool_put(p, 0, f);
	CHECK(pool_get(p) == f);
	CHECK(f->ts_ns == 0 && f->order == 0 && f->len == 0);
	CHECK(f->flags == 0 && f->signal_dbm == 0);
	CHECK(f->rate_500k == 0 && f->freq_mhz == 0);
	CHECK(f->home == p);
	pool_put_owner(p, f);
	CHECK_EQ_INT(pool_free(p), 0);
}

/* Bursts: short when dry; a put burst longer than the internal chunk. */
static void test_bursts(void)
{
	struct pool *p = pool_create(100, 2);
	struct frame *f[120];
	unsigned int got;

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ_INT(pool_get_burst(p, f, 30), 30);
	CHECK_EQ_INT(pool_get_burst(p, f + 30, 90), 70);
	CHECK_EQ_INT(pool_get_burst(p, f + 100, 5), 0);
	pool_put_burst(p, 1, f, 75);
	pool_put_burst(p, 0, f + 75, 0);
	/* the refill drains the return ring: 75 free again */
	got = pool_get_burst(p, f + 100, 20);
	CHECK_EQ_INT(got, 20);
	CHECK_EQ_INT(pool_get_burst(p, f, 75), 55);
	pool_put_burst(p, 0, f, 55);
	pool_put_burst(p, 1, f + 75, 25);
	pool_put_burst(p, 1, f + 100, 20);
	CHECK_EQ_INT(pool_free(p), 0);
}

/* A pool of 5 (its rings get 8 slots) returned whole through each ring in
 * turn, then a mix of rings and owner's stack. */
static void test_odd_size(void)
{
	struct pool *p = pool_create(5, 2);
	struct frame *f[5];
	int round;

	CHECK(p != NULL);
	if (!p)
		return;
	for (round = 0; round < 4; round++) {
		CHECK_EQ_INT(pool_get_burst(p, f, 5), 5);
		pool_put_burst(p, (unsigned int)(round & 1), f, 5);
	}
	CHECK_EQ_INT(pool_get_burst(p, f, 2), 2);
	pool_put(p, 0, f[0]);
	CHECK_EQ_INT(pool_get_burst(p, f + 2, 3), 3);
	pool_put_burst(p, 1, f + 1, 4);
	CHECK_EQ_INT(pool_free(p), 0);
}

static void test_leak_count(void)
{
	struct pool *p = pool_create(8, 2);
	struct frame *f[8];

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ_INT(pool_get_burst(p, f, 8), 8);
	pool_put(p, 0, f[0]);
	pool_put(p, 1, f[1]);
	pool_put_owner(p, f[2]);
	/* 3 home (one in the stack, two still in return rings), 5 out */
	CHECK_EQ_INT(pool_free(p), 5);
}

enum misuse {
	MISUSE_DOUBLE_PUT,
	MISUSE_DOUBLE_OWNER_PUT,
	MISUSE_FOREIGN,
	MISUSE_BAD_RETURNER,
	MISUSE_DUP_IN_BURST,
	MISUSE_NONE
};

static void misuse_child(enum misuse how)
{
	struct pool *p = pool_create(4, 1), *q = pool_create(4, 1);
	struct frame *f = p ? pool_get(p) : NULL;
	struct frame *g = q ? pool_get(q) : NULL;
	struct frame *two[2] = {f, f};

	if (!f || !g)
		_exit(3);
	switch (how) {
	case MISUSE_DOUBLE_PUT:
		pool_put(p, 0, f);
		pool_put(p, 0, f);
		break;
	case MISUSE_DOUBLE_OWNER_PUT:
		pool_put_owner(p, f);
		pool_put_owner(p, f);
		break;
	case MISUSE_FOREIGN:
		pool_put(p, 0, g);
		break;
	case MISUSE_BAD_RETURNER:
		pool_put(p, 1, f);
		break;
	case MISUSE_DUP_IN_BURST:
		pool_put_burst(p, 0, two, 2);
		break;
	case MISUSE_NONE:
		pool_put(p, 0, f);
		pool_put_owner(q, g);
		break;
	}
	_exit(pool_free(p) == 0 && pool_free(q) == 0 ? 0 : 4);
}

/* Runs the misuse in a child; true when it died of SIGABRT. */
static int misuse_aborts(enum misuse how)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		misuse_child(how);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
		return 1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void test_misuse_aborts(void)
{
	CHECK_EQ_INT(misuse_aborts(MISUSE_NONE), 0);
	CHECK_EQ_INT(misuse_aborts(MISUSE_DOUBLE_PUT), 1);
	CHECK_EQ_INT(misuse_aborts(MISUSE_DOUBLE_OWNER_PUT), 1);
	CHECK_EQ_INT(misuse_aborts(MISUSE_FOREIGN), 1);
	CHECK_EQ_INT(misuse_aborts(MISUSE_BAD_RETURNER), 1);
	CHECK_EQ_INT(misuse_aborts(MISUSE_DUP_IN_BURST), 1);
}

int main(void)
{
	check_begin("test_pool");
	RUN(test_create_args);
	RUN(test_exhaustion);
	RUN(test_each_returner);
	RUN(test_owner_return_lifo);
	RUN(test_returned_reused_soon);
	RUN(test_header_reset);
	RUN(test_bursts);
	RUN(test_odd_size);
	RUN(test_leak_count);
	RUN(test_misuse_aborts);
	return check_end();
}
