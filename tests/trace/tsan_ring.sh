#!/bin/bash
# tsan_ring.sh BUILD_DIR - the ring/pool storm (tests/stress/ring_stress.c)
# under ThreadSanitizer.
#
# Whatever BUILD_DIR's flavour, this always compiles its own TSan binary
# (cc -fsanitize=thread, which cannot be mixed with ASan) into
# BUILD_DIR/tsan/ and runs it for RING_STRESS_SECONDS (default 2) with
# TSAN_OPTIONS=halt_on_error=1:exitcode=66, so a data race fails the run.
# tests/run.sh calls every trace script once per build folder: for
# build-asan this one only prints SKIP, so the storm runs once per suite.
# Prints "PASS tsan/ring", "FAIL tsan/ring: why" or "SKIP tsan/ring: why";
# the storm's own report goes to stderr. Exit 1 on failure.
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
case $(basename "$1") in
build-asan)
	echo "SKIP tsan/ring: runs in the normal suite"
	exit 0
	;;
esac
mkdir -p "$1/tsan" || exit 2
out=$(cd "$1/tsan" && pwd) || exit 2
cd "$(dirname "$0")/../.." || exit 2

fail() {
	echo "FAIL tsan/ring: $1"
	exit 1
}

bin=$out/ring_stress
# shellcheck disable=SC2086 # CC may carry words, as make's does
${CC:-cc} -std=gnu11 -O1 -g -fsanitize=thread -Iinclude -pthread \
	tests/stress/ring_stress.c core/pool.c core/ring.c -o "$bin" ||
	fail "cannot build $bin with -fsanitize=thread"

run() {
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
		timeout 300 "$@" "$bin" "${RING_STRESS_SECONDS:-2}" \
		>"$out/ring_stress.log" 2>&1
}
run
rc=$?
# TSan needs its fixed address layout: with a large mmap randomisation
# (vm.mmap_rnd_bits) the runtime refuses to start; retry without ASLR.
if grep -q 'unexpected memory mapping' "$out/ring_stress.log"; then
	run setarch "$(uname -m)" -R
	rc=$?
fi
# The storm's lines would read as results of their own: indent them.
sed 's/^/    /' "$out/ring_stress.log" >&2

if [ $rc -eq 66 ] || grep -q 'ThreadSanitizer' "$out/ring_stress.log"; then
	fail "ThreadSanitizer reported (exit $rc): see $out/ring_stress.log"
fi
if [ $rc -eq 124 ]; then
	fail "the storm did not end within 300 s (a thread hung)"
fi
if [ $rc -ne 0 ] || ! grep -qx 'PASS stress/ring' "$out/ring_stress.log"; then
	why=$(grep -m1 '^FAIL stress/ring' "$out/ring_stress.log")
	fail "${why:-ring_stress exited $rc}"
fi
echo "PASS tsan/ring"
