#!/bin/bash
# run.sh - every rapd test, in one run; what `make test` calls.
#
# 1. build (warnings are errors) and run the unit tests and trace tests;
# 2. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
# 3. each libFuzzer target for FUZZ_SECONDS (default 10) from a seed corpus
#    cut out of ../shared/captures at run time.
# Each test prints PASS/FAIL/SKIP lines; this script counts them and ends
# with the summary line "N passed, N failed, N skipped". Exit 1 if any
# failed. Run from anywhere; it works in the repository root.
set -u
cd "$(dirname "$0")/.."
: "${RAPD_CAPTURES:=$(cd .. && pwd)/shared/captures}"
export RAPD_CAPTURES
[ -d "$RAPD_CAPTURES" ] || echo "run.sh: $RAPD_CAPTURES absent: tests that read real captures are skipped"
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
JOBS=$(nproc 2>/dev/null || echo 2)

results=$(mktemp)
trap 'rm -f "$results"' EXIT

record() { # a PASS/FAIL/SKIP line (prefixed) -> terminal and results
	printf '%s\n' "$1" | tee -a "$results"
}

# Runs one test program or script; its PASS/FAIL/SKIP lines are recorded with
# a prefix, and a crash or non-zero exit with no FAIL line is a FAIL itself.
run_one() { # prefix name command...
	local prefix=$1 name=$2 out rc
	shift 2
	out=$("$@" 2> >(sed 's/^/    /' >&2))
	rc=$?
	while IFS= read -r line; do
		case $line in
		PASS\ * | FAIL\ * | SKIP\ *)
			record "${line%% *} $prefix${line#* }" ;;
		*) [ -n "$line" ] && echo "    $line" ;;
		esac
	done <<<"$out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then
		record "FAIL $prefix$name (exit $rc)"
	fi
}

suite() { # build-dir prefix make-args...
	local dir=$1 prefix=$2 t
	shift 2
	echo "== build $dir"
	if ! make -s -j"$JOBS" WERROR=1 "$@" all; then
		record "FAIL ${prefix}build"
		return
	fi
	record "PASS ${prefix}build"
	echo "== unit tests ($dir)"
	for t in "$dir"/test-bin/test_*; do
		run_one "$prefix" "$(basename "$t")" "$t"
	done
	echo "== trace tests ($dir)"
	for t in tests/trace/*.sh; do
		[ "$(basename "$t")" = lib.sh ] && continue
		run_one "$prefix" "$(basename "$t" .sh)" "$t" "$dir"
	done
}

suite build ""
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	suite build-asan "asan:" SAN=1

echo "== fuzz ($FUZZ_SECONDS s per target)"
if make -s -j"$JOBS" fuzz-build; then
	run_one "" fuzz tests/fuzz/run.sh "$FUZZ_SECONDS" \
		$(find build-fuzz -maxdepth 1 -type f -name "fuzz_*" -perm -u+x | sort)
else
	record "FAIL fuzz-build"
fi

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
skipped=$(grep -c '^SKIP ' "$results")
if [ "$failed" -gt 0 ]; then
	echo "== failed:"
	grep '^FAIL ' "$results"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
