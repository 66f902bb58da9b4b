#!/bin/bash
# tsan_sta.sh BUILD_DIR - the station table, AID bitmap and timers under
# ThreadSanitizer: builds tests/stress/sta_stress.c with core/sta.c,
# core/aid.c and core/timer.c and -fsanitize=thread into BUILD_DIR/tsan/,
# then runs it for STA_STRESS_SECONDS (default 2).
#
# Run from anywhere (tests/run.sh passes build or build-asan). Prints one
# line for tests/run.sh:
#   PASS tsan/sta | FAIL tsan/sta: why | SKIP tsan/sta: why
# and the stress program's output (and any TSan report) on stderr; exits 1
# on FAIL. ASan and TSan cannot share a binary, so the build-asan suite
# skips this test: the normal suite runs it.
#
# liburcu is not TSan-instrumented; tests/stress/tsan.supp lists (with the
# reason for each) the reports that come from liburcu's own internals.
# history_size=7 keeps enough access history for TSan to restore both
# stacks of a report, which the suppressions need to match.
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
if [ "$(basename "$1")" = build-asan ]; then
	echo "SKIP tsan/sta: runs in the normal suite"
	exit 0
fi
mkdir -p "$1/tsan" || exit 2
out_dir=$(cd "$1/tsan" && pwd) || exit 2
cd "$(dirname "$0")/../.." || exit 2

fail() {
	echo "FAIL tsan/sta: $1"
	exit 1
}

cc=${TSAN_CC:-}
if [ -z "$cc" ]; then
	if command -v clang >/dev/null; then cc=clang; else cc=cc; fi
fi
bin=$out_dir/sta_stress
log=$out_dir/sta_stress.log
warn="-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
-Wno-unused-parameter -Werror"
# shellcheck disable=SC2046,SC2086 # the flag lists are meant to split
if ! $cc -std=gnu11 -O1 -g -fsanitize=thread $warn -Iinclude \
	$(pkg-config --cflags liburcu openssl) \
	tests/stress/sta_stress.c core/sta.c core/aid.c core/timer.c \
	-o "$bin" $(pkg-config --libs liburcu liburcu-cds openssl) \
	-lpthread >"$log" 2>&1; then
	cat "$log" >&2
	fail "build with $cc -fsanitize=thread failed"
fi

run_stress() { # [prefix command...]
	TSAN_OPTIONS="halt_on_error=0 exitcode=66 history_size=7 \
suppressions=$PWD/tests/stress/tsan.supp" \
		timeout 300 "$@" "$bin" "${STA_STRESS_SECONDS:-2}" >"$log" 2>&1
}

run_stress
rc=$?
# Some kernels' high mmap randomisation breaks older TSan runtimes at
# start-up; the same run without address randomisation is still a test.
if grep -q 'unexpected memory mapping' "$log" &&
	command -v setarch >/dev/null; then
	run_stress setarch "$(uname -m)" -R
	rc=$?
fi
sed 's/^/    /' "$log" >&2
if grep -q 'WARNING: ThreadSanitizer' "$log"; then
	fail "ThreadSanitizer reports (above)"
fi
[ $rc -eq 0 ] || fail "exit $rc"
grep -q '^sta_stress: ok$' "$log" || fail "no 'sta_stress: ok'"
echo "PASS tsan/sta"
