/* check.c - the unit test harness (see check.h). */
#include "check.h"

#include <ctype.h>
#include <unistd.h>

int check_failures;
const char *check_skip;
int check_total_failed;
static const char *program = "test";

void check_begin(const char *name)
{
	program = name;
}

void check_mem(const char *file, int line, const char *what,
	       const uint8_t *got, const uint8_t *want, size_t n)
{
	if (memcmp(got, want, n) == 0)
		return;
	fprintf(stderr, "  %s:%d: %s differs\n    got  ", file, line, what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%02x", got[i]);
	fprintf(stderr, "\n    want ");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%02x", want[i]);
	fprintf(stderr, "\n");
	check_failures++;
}

void check_mem_hex(const char *file, int line, const char *what,
		   const uint8_t *got, const char *hex)
{
	size_t n;
	uint8_t *want = check_unhex(hex, &n);

	check_mem(file, line, what, got, want, n);
	free(want);
}

void check_run(const char *name, void (*fn)(void))
{
	check_failures = 0;
	check_skip = NULL;
	fn();
	if (check_failures) {
		printf("FAIL %s/%s\n", program, name);
		check_total_failed++;
	} else if (check_skip) {
		printf("SKIP %s/%s: %s\n", program, name, check_skip);
	} else {
		printf("PASS %s/%s\n", program, name);
	}
	fflush(stdout);
}

int check_end(void)
{
	return check_total_failed ? 1 : 0;
}

uint8_t *check_unhex(const char *hex, size_t *len)
{
	size_t n = 0, cap = strlen(hex) / 2 + 1;
	uint8_t *out = malloc(cap);
	int hi = -1;

	if (!out)
		abort();
	for (const char *p = hex; *p; p++) {
		int v;

		if (isspace((unsigned char)*p))
			continue;
		if (!isxdigit((unsigned char)*p))
			abort(); /* a typo in a test vector */
		v = isdigit((unsigned char)*p) ? *p - '0'
					       : (tolower((unsigned char)*p) - 'a' + 10);
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		abort();
	*len = n;
	return out;
}

void check_unhex_into(const char *hex, uint8_t *out, size_t n)
{
	size_t len;
	uint8_t *b = check_unhex(hex, &len);

	if (len != n) { /* name the vector: the caller's line is not known */
		fprintf(stderr, "  check_unhex_into: \"%.32s...\" is %zu "
			"bytes, want %zu\n", hex, len, n);
		check_failures++;
	}
	memcpy(out, b, len < n ? len : n);
	free(b);
}

size_t check_unhex_upto(const char *hex, uint8_t *buf, size_t cap)
{
	size_t len;
	uint8_t *b = check_unhex(hex, &len);

	if (len > cap)
		abort();
	memcpy(buf, b, len);
	free(b);
	return len;
}

const char *check_capture(const char *name)
{
	static char path[4096];
	const char *dir = getenv("RAPD_CAPTURES");

	if (!dir)
		dir = "../shared/captures";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (access(path, R_OK) != 0)
		return NULL;
	return path;
}
