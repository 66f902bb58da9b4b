/*
 * check.h - the tiny test harness of rapd's unit tests.
 *
 * A test is a void function; CHECK() records a failure with file:line and
 * goes on, so one run shows every broken assertion. main() runs tests with
 * RUN(); a test calls SKIP("why") to count itself skipped (used when the
 * real captures in ../shared/captures are absent).
 *
 * Output, one line per test, read by tests/run.sh:
 *   PASS <program>/<test>
 *   FAIL <program>/<test>
 *   SKIP <program>/<test>: <why>
 * The program exits 1 if any test failed.
 */
#ifndef RAPD_TEST_CHECK_H
#define RAPD_TEST_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int check_failures;  /* failures within the running test */
extern const char *check_skip; /* set by SKIP() */
extern int check_total_failed;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",      \
				__FILE__, __LINE__, #cond);                 \
			check_failures++;                                   \
		}                                                           \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                  \
	do {                                                                \
		long long _a = (long long)(a), _b = (long long)(b);         \
		if (_a != _b) {                                             \
			fprintf(stderr, "  %s:%d: %s == %lld, want %lld\n", \
				__FILE__, __LINE__, #a, _a, _b);            \
			check_failures++;                                   \
		}                                                           \
	} while (0)

/* Compares n bytes and prints both in hex when they differ. */
#define CHECK_MEM(got, want, n)                                             \
	check_mem(__FILE__, __LINE__, #got, (const uint8_t *)(got),         \
		  (const uint8_t *)(want), (n))

/* Compares got with the bytes hex spells (whitespace ignored) as
 * CHECK_MEM does; got must hold at least that many bytes. */
#define CHECK_HEX(got, hex)                                                 \
	check_mem_hex(__FILE__, __LINE__, #got, (const uint8_t *)(got), (hex))

#define SKIP(why)                                                           \
	do {                                                                \
		check_skip = (why);                                         \
		return;                                                     \
	} while (0)

#define RUN(fn) check_run(#fn, fn)

void check_mem(const char *file, int line, const char *what,
	       const uint8_t *got, const uint8_t *want, size_t n);
void check_mem_hex(const char *file, int line, const char *what,
		   const uint8_t *got, const char *hex);
void check_run(const char *name, void (*fn)(void));
/* Sets the program name printed before each test; call first in main. */
void check_begin(const char *program);
/* Returns main's exit code. */
int check_end(void);

/* Decodes a hex string (whitespace ignored) into a malloc'd buffer. */
uint8_t *check_unhex(const char *hex, size_t *len);

/* Decodes hex (whitespace ignored) of exactly n bytes into out; another
 * length fails the running test (out then gets at most n bytes). */
void check_unhex_into(const char *hex, uint8_t *out, size_t n);

/* Decodes hex of at most cap bytes into buf and returns its length; a
 * longer vector aborts (a test buffer too small for it). */
size_t check_unhex_upto(const char *hex, uint8_t *buf, size_t cap);

/* Path of a file in ../shared/captures, or NULL when that folder is absent
 * (the caller then SKIPs). RAPD_CAPTURES overrides the folder. */
const char *check_capture(const char *name);

#endif
