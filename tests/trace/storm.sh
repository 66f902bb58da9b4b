#!/bin/bash
# storm.sh - rapd-storm, the association-storm benchmark, judged on what it
# reports rather than how fast: each mode runs small, exits 0, prints one
# JSON object with every figure scripts rely on, as numbers that agree
# with each other. NO timing is asserted: a benchmark never fails on a
# timing (the machine is shared; every run is kept short).
#
# Usage, from anywhere: tests/trace/storm.sh BUILD_DIR
#
# Cases (issue 6, "rapd-storm (bench/)"):
#   closed-50     --mode closed --stations 50 --json: every station
#                 connected; nothing on stderr (not a terminal: no bar)
#   replay-50     --mode replay --stations 50 --workers 2 --seed 3 --json:
#                 recorded by a child process, replayed through 2 workers
#   churn         --mode closed --stations 20 --duration 2 --churn --json:
#                 the window lasts the duration, stations came back (more
#                 associations than stations)
#   rate          --mode closed --stations 50 --rate 500 --json
#   table         the readable table names every figure
#   plot          --plot DIR: two PNGs and their .dat files (SKIP without
#                 gnuplot)
#   plot-missing  --plot with no gnuplot in PATH: exit 1 naming gnuplot,
#                 the figures still printed
#   crypto        --mode crypto --iterations 200 --json: per-handshake
#                 times of rapd and the baseline, ratio > 0, every step;
#                 the table prints the ratio
#   progress      under script(1), a terminal: the bar is drawn on stderr
#                 (SKIP without script)
#   usage         no --mode, and options of another mode: exit 2, usage
# JSON checks need python3 (SKIP lines otherwise). Every JSON check also
# asserts: latency p50 <= p90 <= p99 <= p999 (all > 0 when something
# connected), assoc_per_sec = connected / wall_s, cpu_us_per_assoc =
# cpu_s / connected, bytes_per_station = peak_rss_bytes / stations (to the
# printed precision).
# Prints PASS/FAIL/SKIP storm/CASE lines; exits 1 if any FAIL.
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
skip() { echo "SKIP storm/$1: $2"; }
fail() {
	echo "FAIL storm/$1${2:+: $2}"
	FAILED=1
}

HAVE_PY=0
command -v python3 >/dev/null && HAVE_PY=1

# storm_json_check FILE KEY=VALUE... -> WHY on stdout (empty when good).
# Keys: mode stations workers connected connected_gt duration rate churn.
storm_json_check() {
	python3 - "$@" <<'EOF' 2>&1
import json, sys
path, want = sys.argv[1], dict(a.split("=", 1) for a in sys.argv[2:])
num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
try:
    with open(path) as f:
        o = json.load(f)
except ValueError as e:
    sys.exit("not one JSON object: %s" % e)
for k in ("assoc_per_sec cpu_us_per_assoc peak_rss_bytes bytes_per_station "
          "stations workers connected wall_s cpu_s retransmissions "
          "frames_in frames_out").split():
    if not num(o.get(k)) or o[k] < 0:
        sys.exit("%s: %r, want a number >= 0" % (k, o.get(k)))
lat = o.get("latency_us")
if not isinstance(lat, dict) or not all(num(lat.get(k)) for k in
                                        ("p50", "p90", "p99", "p999")):
    sys.exit("latency_us: %r, want p50 p90 p99 p999 numbers" % lat)
p = [lat["p50"], lat["p90"], lat["p99"], lat["p999"]]
if p != sorted(p) or (o["connected"] and p[0] <= 0):
    sys.exit("latency_us: %r, want 0 < p50 <= p90 <= p99 <= p999" % p)
drops = o.get("drops")
if not isinstance(drops, dict) or \
        sorted(drops) != ["medium", "rx_ring", "tx_ring"] or \
        not all(num(v) and v >= 0 for v in drops.values()):
    sys.exit("drops: %r, want rx_ring tx_ring medium counts" % drops)
for k in ("duration_s", "rate"):
    if k not in o or not (o[k] is None or num(o[k])):
        sys.exit("%s: %r, want a number or null" % (k, o.get(k)))
if not isinstance(o.get("churn"), bool):
    sys.exit("churn: %r, want true or false" % o.get("churn"))
if o["wall_s"] <= 0:
    sys.exit("wall_s: %r, want > 0" % o["wall_s"])
c = o["connected"]
if abs(o["assoc_per_sec"] - c / o["wall_s"]) > 0.051 + 1e-6 * c / o["wall_s"]:
    sys.exit("assoc_per_sec %r != connected %d / wall_s %r"
             % (o["assoc_per_sec"], c, o["wall_s"]))
if c and abs(o["cpu_us_per_assoc"] - o["cpu_s"] * 1e6 / c) > \
        0.001 + 0.5 / c:
    sys.exit("cpu_us_per_assoc %r != cpu_s %r / connected %d"
             % (o["cpu_us_per_assoc"], o["cpu_s"], c))
if o["bytes_per_station"] != o["peak_rss_bytes"] // o["stations"]:
    sys.exit("bytes_per_station %r != peak_rss_bytes / stations"
             % o["bytes_per_station"])
exact = {"mode": str, "stations": int, "workers": int, "connected": int}
for k, conv in exact.items():
    if k in want and o[k] != conv(want[k]):
        sys.exit("%s: %r, want %s" % (k, o[k], want[k]))
if "connected_gt" in want and not c > int(want["connected_gt"]):
    sys.exit("connected: %d, want more than %s" % (c, want["connected_gt"]))
for k, key in (("duration", "duration_s"), ("rate", "rate")):
    v = float(want[k]) if k in want else None
    if o[key] != v:
        sys.exit("%s: %r, want %r" % (key, o[key], v))
if o["duration_s"] is not None and o["wall_s"] < o["duration_s"]:
    sys.exit("wall_s %r: shorter than the duration" % o["wall_s"])
if o["churn"] != (want.get("churn") == "true"):
    sys.exit("churn: %r, want %s" % (o["churn"], want.get("churn")))
EOF
}

# storm_case NAME EXPECTATIONS -- ARGS...: runs rapd-storm --json ARGS.
storm_case() {
	local name=$1 rc why
	local -a want=()
	shift
	while [ "$1" != -- ]; do
		want+=("$1")
		shift
	done
	shift
	"$STORM" --json "$@" >"$TMP/$name.json" 2>"$TMP/$name.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name" "exit $rc, want 0: $(head -1 "$TMP/$name.err")"
		return 1
	fi
	if [ -s "$TMP/$name.err" ]; then
		fail "$name" "stderr not empty: $(head -c 200 "$TMP/$name.err")"
		return 1
	fi
	if [ $HAVE_PY = 0 ]; then
		skip "$name" "python3 missing: JSON not checked"
		return 0
	fi
	why=$(storm_json_check "$TMP/$name.json" "${want[@]}")
	if [ -n "$why" ]; then fail "$name" "$why"; else pass "$name"; fi
}

check_table() {
	local k missing=""
	"$STORM" --mode closed --stations 20 >"$TMP/table.out" \
		2>"$TMP/table.err" || {
		fail table "exit $?: $(head -1 "$TMP/table.err")"
		return
	}
	for k in "connected (4-way done)" "associations per second" \
		"CPU per association" "handshake latency p99.9" "peak RSS" \
		"bytes per station" "ring drops" "retransmissions"; do
		grep -qF "$k" "$TMP/table.out" || missing="$missing, $k"
	done
	if [ -n "$missing" ]; then
		fail table "no ${missing#, }"
	else
		pass table
	fi
}

png_ok() { [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = \
	89504e470d0a1a0a ]; }

check_plot() {
	local d=$TMP/plot f
	if ! command -v gnuplot >/dev/null; then
		skip plot "gnuplot not installed (Debian: gnuplot-nox)"
		return
	fi
	"$STORM" --mode closed --stations 30 --rate 200 --json \
		--plot "$d" >"$TMP/plot.json" 2>"$TMP/plot.err" || {
		fail plot "exit $?: $(head -1 "$TMP/plot.err")"
		return
	}
	for f in throughput latency_cdf; do
		if ! png_ok "$d/$f.png"; then
			fail plot "$f.png missing or not a PNG"
			return
		elif [ "$(grep -vc '^#' "$d/$f.dat")" -lt 2 ]; then
			fail plot "$f.dat: fewer than 2 rows"
			return
		fi
	done
	# The last reading's total is the run's association count.
	if [ "$(tail -1 "$d/throughput.dat" | awk '{print $3}')" != 30 ]; then
		fail plot "throughput.dat does not end at 30 associations"
	elif [ "$(tail -1 "$d/latency_cdf.dat" | awk '{print $2}')" != \
		1.000000 ]; then
		fail plot "latency_cdf.dat does not end at 1"
	else
		pass plot
	fi
}

check_plot_missing() {
	local rc
	mkdir -p "$TMP/nopath"
	PATH=$TMP/nopath "$STORM" --mode closed --stations 10 --json \
		--plot "$TMP/plot2" >"$TMP/plot2.json" 2>"$TMP/plot2.err"
	rc=$?
	if [ $rc -ne 1 ]; then
		fail plot-missing "exit $rc, want 1"
	elif ! grep -q 'gnuplot not found' "$TMP/plot2.err"; then
		fail plot-missing "stderr does not name gnuplot"
	elif ! grep -q '"assoc_per_sec"' "$TMP/plot2.json"; then
		fail plot-missing "the figures were not printed"
	elif ls "$TMP"/plot2/*.png >/dev/null 2>&1; then
		fail plot-missing "a PNG was written"
	else
		pass plot-missing
	fi
}

check_crypto() {
	local why
	local ratio_line='^  whole handshake +[0-9.]+ +[0-9.]+ +[0-9.]+x$'
	"$STORM" --mode crypto --iterations 200 --json \
		>"$TMP/crypto.json" 2>"$TMP/crypto.err" || {
		fail crypto "exit $?: $(head -1 "$TMP/crypto.err")"
		return
	}
	"$STORM" --mode crypto --iterations 50 >"$TMP/crypto.out" 2>&1 || {
		fail crypto "table: exit $?: $(head -1 "$TMP/crypto.out")"
		return
	}
	if ! grep -Eq "$ratio_line" "$TMP/crypto.out"; then
		fail crypto "the table has no whole-handshake ratio"
		return
	fi
	if [ $HAVE_PY = 0 ]; then
		skip crypto "python3 missing: JSON not checked"
		return
	fi
	why=$(python3 - "$TMP/crypto.json" <<'EOF' 2>&1
import json, sys
o = json.load(open(sys.argv[1]))
c = o["crypto"]
pos = lambda v: isinstance(v, (int, float)) and v > 0
if o["mode"] != "crypto" or o["iterations"] != 200:
    sys.exit("mode/iterations: %r %r" % (o["mode"], o["iterations"]))
for k in ("rapd_us_per_handshake", "baseline_us_per_handshake", "ratio"):
    if not pos(c.get(k)):
        sys.exit("crypto.%s: %r, want > 0" % (k, c.get(k)))
r = c["baseline_us_per_handshake"] / c["rapd_us_per_handshake"]
if abs(c["ratio"] - r) > 0.01 * r:
    sys.exit("ratio %r != baseline / rapd %r" % (c["ratio"], r))
steps = "anonce ptk m2_mic m3_wrap m3_mic m4_mic".split()
if sorted(c.get("steps", {})) != sorted(steps):
    sys.exit("crypto.steps: %r" % sorted(c.get("steps", {})))
for s in steps:
    for k in ("rapd_us", "baseline_us", "ratio"):
        if not pos(c["steps"][s].get(k)):
            sys.exit("crypto.steps.%s.%s: %r" % (s, k, c["steps"][s].get(k)))
EOF
)
	if [ -n "$why" ]; then fail crypto "$why"; else pass crypto; fi
}

check_progress() {
	if ! command -v script >/dev/null; then
		skip progress "script(1) missing: no terminal to test with"
		return
	fi
	# 30 stations at 100/s: about 0.3 s, so the bar is drawn a few times.
	script -qec "'$STORM' --mode closed --stations 30 --rate 100 --json \
		>/dev/null" /dev/null >"$TMP/tty.out" 2>&1
	if grep -aq 'closed \[[#.]*\] [0-9]*/30 associations' \
		"$TMP/tty.out"; then
		pass progress
	else
		fail progress "no progress bar on a terminal"
	fi
}

check_usage() {
	local rc args
	for args in "--stations 3" "--mode closed --stations 3 --churn" \
		"--mode replay --stations 3 --rate 10" \
		"--mode crypto --stations 3"; do
		# shellcheck disable=SC2086 # word splitting wanted
		"$STORM" $args >"$TMP/usage.out" 2>"$TMP/usage.err"
		rc=$?
		if [ $rc -ne 2 ]; then
			fail usage "$args: exit $rc, want 2"
			return
		elif ! grep -q '^usage: rapd-storm' "$TMP/usage.err"; then
			fail usage "$args: no usage message on stderr"
			return
		fi
	done
	pass usage
}

CASES="closed-50 replay-50 churn rate table plot plot-missing crypto progress
usage"
if [ ! -x "$STORM" ]; then
	for c in $CASES; do
		fail "$c" "$STORM not built"
	done
	exit 1
fi
storm_case closed-50 mode=closed stations=50 connected=50 -- \
	--mode closed --stations 50
storm_case replay-50 mode=replay stations=50 connected=50 workers=2 -- \
	--mode replay --stations 50 --workers 2 --seed 3
storm_case churn mode=closed stations=20 connected_gt=20 duration=2 \
	churn=true -- --mode closed --stations 20 --duration 2 --churn
storm_case rate mode=closed stations=50 connected=50 rate=500 -- \
	--mode closed --stations 50 --rate 500
check_table
check_plot
check_plot_missing
check_crypto
check_progress
check_usage
exit $FAILED
