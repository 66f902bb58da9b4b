#!/bin/bash
# nomalloc.sh BUILD_DIR - rapd's per-frame path does not allocate.
#
# Counts heap allocator calls (tests/tools/malloc_count.c, LD_PRELOAD) over
# whole runs with 100 and with 1000 stations, in replay and in simulation:
# ten times the frames must not mean more allocations. Everything rapd
# allocates is allocated at start-up (pools, rings, station slab, timers),
# so the two counts are equal up to a few calls whose number does not
# depend on the traffic.
# Prints PASS/FAIL nomalloc/<case>; under ASan (which owns malloc) SKIP.
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${1:?usage: $0 BUILD_DIR}
case $B in
*asan*)
	echo "SKIP nomalloc/replay: the ASan build replaces malloc itself"
	echo "SKIP nomalloc/simulate: the ASan build replaces malloc itself"
	exit 0 ;;
esac
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0
if ! cc -shared -fPIC -O2 -o "$TMP/mc.so" tests/tools/malloc_count.c -ldl; then
	echo "FAIL nomalloc/build: cannot build the counting library"
	exit 1
fi
SLACK=16

count() { # name command... -> prints the allocation count
	# env sets the preload for rapd alone, not for timeout.
	timeout 300 env MALLOC_COUNT_FILE="$TMP/$1.count" \
		LD_PRELOAD="$TMP/mc.so" "${@:2}" >/dev/null 2>"$TMP/$1.err" || {
		echo "error"
		return
	}
	cat "$TMP/$1.count"
}

verdict() { # case small large
	if [ "$2" = error ] || [ "$3" = error ] ||
		[ $(($3 - $2)) -gt $SLACK ] || [ $(($2 - $3)) -gt $SLACK ]; then
		echo "FAIL nomalloc/$1: 100 stations: $2 allocations, 1000: $3"
		failed=1
	else
		echo "PASS nomalloc/$1 ($2 vs $3 allocations)"
	fi
}

for n in 100 1000; do
	timeout 300 "$B/rapd" --simulate $n --seed 3 --until-settled -q \
		--record "$TMP/rec$n.pcap" >/dev/null 2>&1
done
small=$(count r100 "$B/rapd" --replay "$TMP/rec100.pcap" \
	--write "$TMP/o100.pcap" --seed 3 --workers 2 -q)
large=$(count r1000 "$B/rapd" --replay "$TMP/rec1000.pcap" \
	--write "$TMP/o1000.pcap" --seed 3 --workers 2 -q)
verdict replay "$small" "$large"
small=$(count s100 "$B/rapd" --simulate 100 --seed 3 --until-settled -q)
large=$(count s1000 "$B/rapd" --simulate 1000 --seed 3 --until-settled -q)
verdict simulate "$small" "$large"
exit $failed
