#!/bin/bash
# storm.sh - rapd-storm, the association-storm benchmark, judged on what it
# reports rather than how fast: it runs, exits 0, prints one JSON object
# with every figure scripts rely on, as numbers, and every station
# connected. NO timing is asserted: a benchmark never fails on a timing.
#
# Usage, from anywhere: tests/trace/storm.sh BUILD_DIR
#
# Cases (issue 6, "Association storms"):
#   closed-200   --mode closed --stations 200 --json: in-process simulated
#                stations against the pipeline (main, RX, workers, TX, the
#                medium's thread)
#   replay-200   --mode replay --stations 200 --workers 2 --json --seed 3:
#                a storm recorded by a child process, replayed at full speed
#                through 2 workers (main, RX, 2 workers, TX)
#   usage        no --mode: exit 2 with a usage message
# The JSON is checked with python3 when present, else with grep.
# Prints PASS/FAIL storm/CASE lines; exits 1 if any FAIL.
set -u
FAILED=0
if [ $# -ne 1 ] || ! BUILD=$(cd "$1" 2>/dev/null && pwd); then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
cd "$(dirname "$0")/../.." || exit 2
STORM=$BUILD/rapd-storm
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass() { echo "PASS storm/$1"; }
fail() {
	echo "FAIL storm/$1${2:+: $2}"
	FAILED=1
}

NUM_KEYS="assoc_per_sec cpu_us_per_assoc peak_rss_bytes bytes_per_station
stations workers connected wall_s retransmissions"
LAT_KEYS="p50 p90 p99 p999"

# json_check FILE MODE STATIONS [WORKERS] -> WHY (empty when good)
json_check_python() {
	python3 - "$@" <<'EOF'
import json, sys
path, mode, stations = sys.argv[1], sys.argv[2], int(sys.argv[3])
workers = int(sys.argv[4]) if len(sys.argv) > 4 else None
num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
try:
    with open(path) as f:
        o = json.load(f)
except ValueError as e:
    sys.exit("not one JSON object: %s" % e)
for k in ("assoc_per_sec cpu_us_per_assoc peak_rss_bytes bytes_per_station "
          "stations workers connected wall_s retransmissions").split():
    if not num(o.get(k)):
        sys.exit("%s: %r, want a number" % (k, o.get(k)))
lat = o.get("latency_us")
if not isinstance(lat, dict):
    sys.exit("latency_us: %r, want an object" % lat)
for k in ("p50", "p90", "p99", "p999"):
    if not num(lat.get(k)):
        sys.exit("latency_us.%s: %r, want a number" % (k, lat.get(k)))
drops = o.get("drops")
if not isinstance(drops, dict) or not drops or \
        not all(num(v) for v in drops.values()):
    sys.exit("drops: %r, want an object of numbers" % drops)
if o.get("mode") != mode:
    sys.exit("mode: %r, want %r" % (o.get("mode"), mode))
if o["stations"] != stations or o["connected"] != stations:
    sys.exit("stations %s, connected %s, want %d each"
             % (o["stations"], o["connected"], stations))
if workers is not None and o["workers"] != workers:
    sys.exit("workers: %s, want %d" % (o["workers"], workers))
EOF
}

json_check_grep() {
	local f=$1 mode=$2 n=$3 w=${4:-} k num='-?[0-9][0-9.eE+-]*'
	if [ "$(grep -c . "$f")" -ne 1 ]; then
		echo "want one line of JSON"
		return
	fi
	for k in $NUM_KEYS; do
		grep -Eq "\"$k\":$num[,}]" "$f" && continue
		echo "$k: no number"
		return
	done
	for k in $LAT_KEYS; do
		grep -Eq "\"latency_us\":\{[^}]*\"$k\":$num[,}]" "$f" &&
			continue
		echo "latency_us.$k: no number"
		return
	done
	if ! grep -Eq "\"drops\":\{\"[a-z_]+\":$num" "$f"; then
		echo "drops: no object of numbers"
	elif ! grep -q "\"mode\":\"$mode\"" "$f"; then
		echo "mode: want $mode"
	elif ! grep -q "\"stations\":$n," "$f"; then
		echo "stations: want $n"
	elif ! grep -q "\"connected\":$n," "$f"; then
		echo "$(grep -o '"connected":[0-9]*' "$f"), want $n"
	elif [ -n "$w" ] && ! grep -q "\"workers\":$w," "$f"; then
		echo "workers: want $w"
	fi
}

json_check() {
	if command -v python3 >/dev/null; then
		json_check_python "$@" 2>&1
	else
		json_check_grep "$@"
	fi
}

# storm_case NAME MODE STATIONS WORKERS|"" ARGS...
storm_case() {
	local name=$1 mode=$2 n=$3 w=$4 rc why
	shift 4
	"$STORM" --mode "$mode" --stations "$n" --json "$@" \
		>"$TMP/$name.json" 2>"$TMP/$name.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name" "exit $rc, want 0: $(head -1 "$TMP/$name.err")"
		return
	fi
	why=$(json_check "$TMP/$name.json" "$mode" "$n" $w)
	if [ -n "$why" ]; then fail "$name" "$why"; else pass "$name"; fi
}

check_usage() {
	local rc
	"$STORM" --stations 3 >"$TMP/usage.out" 2>"$TMP/usage.err"
	rc=$?
	if [ $rc -ne 2 ]; then
		fail usage "exit $rc, want 2"
	elif ! grep -q '^usage: rapd-storm' "$TMP/usage.err"; then
		fail usage "no usage message on stderr"
	else
		pass usage
	fi
}

if [ ! -x "$STORM" ]; then
	for c in closed-200 replay-200 usage; do
		fail $c "$STORM not built"
	done
	exit 1
fi
storm_case closed-200 closed 200 ""
storm_case replay-200 replay 200 2 --workers 2 --seed 3
check_usage
exit $FAILED
