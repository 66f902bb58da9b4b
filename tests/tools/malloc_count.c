/*
 * malloc_count.c - an LD_PRELOAD library that counts calls to the heap
 * allocator, for tests/trace/nomalloc.sh: rapd's hot path must not
 * allocate, so the count of a run must not grow with the number of frames.
 *
 * Counts malloc, calloc, realloc, aligned_alloc, posix_memalign and
 * memalign calls (all threads, relaxed atomics) and writes the total to the
 * file named by MALLOC_COUNT_FILE at exit. The real functions are found
 * with dlsym(RTLD_NEXT); calloc during dlsym's own start-up is served from
 * a small static buffer (dlsym may call calloc before it can return it).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

static _Atomic unsigned long calls;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int (*real_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static char boot[4096];
static size_t boot_used;
static int resolving;

static void resolve(void)
{
	if (real_malloc || resolving)
		return;
	resolving = 1;
	real_malloc = dlsym(RTLD_NEXT, "malloc");
	real_calloc = dlsym(RTLD_NEXT, "calloc");
	real_realloc = dlsym(RTLD_NEXT, "realloc");
	real_memalign = dlsym(RTLD_NEXT, "posix_memalign");
	real_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
	resolving = 0;
}

static void count(void)
{
	atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
}

void *malloc(size_t n)
{
	resolve();
	count();
	return real_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	if (!real_calloc) {
		if (resolving) { /* dlsym's own calloc, before it returns */
			void *p = boot + boot_used;

			boot_used += (a * b + 15) & ~(size_t)15;
			return boot_used <= sizeof(boot) ? p : NULL;
		}
		resolve();
	}
	count();
	return real_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	resolve();
	count();
	return real_realloc(p, n);
}

int posix_memalign(void **p, size_t a, size_t n)
{
	resolve();
	count();
	return real_memalign(p, a, n);
}

void *aligned_alloc(size_t a, size_t n)
{
	resolve();
	count();
	return real_aligned_alloc(a, n);
}

void free(void *p)
{
	static void (*real_free)(void *);

	if ((char *)p >= boot && (char *)p < boot + sizeof(boot))
		return;
	if (!real_free)
		real_free = dlsym(RTLD_NEXT, "free");
	real_free(p);
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("MALLOC_COUNT_FILE");
	FILE *f;

	if (!path || !(f = fopen(path, "w")))
		return;
	fprintf(f, "%lu\n", atomic_load(&calls));
	fclose(f);
}
