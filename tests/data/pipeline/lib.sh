# lib.sh - shell helpers of the pipeline tests, tests/trace/pipeline_*.sh
# (sourced, not run; it lives here because tests/run.sh runs every
# tests/trace/*.sh but lib.sh as a test).
#
# A test script calls pipe_init "$@" first: it checks the BUILD_DIR
# argument, moves to the repository root and sets
#   RAPD   the rapd binary of BUILD_DIR (absolute path)
#   TRACE  the rapd-trace binary of BUILD_DIR
#   DATA   tests/data/pipeline (configurations, ACL files, hex frames)
#   CAPS   the real captures, ${RAPD_CAPTURES:-../shared/captures} (may be
#          absent: the cases that read them are skipped)
#   TMP    a scratch folder removed on exit
#   BSSID  the AP's address when no configuration overrides it
# The result helpers print the lines tests/run.sh counts:
#   PASS pipeline/NAME | FAIL pipeline/NAME: why | SKIP pipeline/NAME: why
# FAILED is set to 1 by fail(); a script ends with `exit $FAILED`.
#
# Frames are examined through tshark (an independent dissector): frames_tsv
# turns a capture into one tab-separated line per frame,
#   number  subtype  ra  ta  status  aid  reason  msgnr  replay
# with subtype as tshark's wlan.fc.type_subtype in decimal (1 association
# response, 3 reassociation response, 5 probe response, 8 beacon, 10
# disassociation, 11 authentication, 12 deauthentication, 32 data), status,
# AID and reason in decimal, msgnr the EAPOL-Key message (1-4) and replay
# its replay counter; '-' where the frame has no such field.

FAILED=0
BSSID=02:72:61:70:64:00
ST_ASSOC_RESP=1
ST_REASSOC_RESP=3
ST_BEACON=8
ST_DISASSOC=10
ST_AUTH=11
ST_DEAUTH=12
# Every rapd run is bounded: a hang is a failure, not a stuck test suite.
RAPD_TIMEOUT=${RAPD_TIMEOUT:-120}

pipe_init() { # BUILD_DIR
	if [ $# -ne 1 ]; then
		echo "usage: $0 BUILD_DIR" >&2
		exit 2
	fi
	if ! BUILD=$(cd "$1" 2>/dev/null && pwd); then
		echo "$0: no build folder $1" >&2
		exit 2
	fi
	cd "$(dirname "$0")/../.." || exit 2
	# sort, comm and uniq compare MAC lists: one collation for all.
	export LC_ALL=C
	RAPD=$BUILD/rapd
	TRACE=$BUILD/rapd-trace
	DATA=tests/data/pipeline
	CAPS=${RAPD_CAPTURES:-../shared/captures}
	TMP=$(mktemp -d)
	trap 'rm -rf "$TMP"' EXIT
}

pass() { echo "PASS pipeline/$1"; }
skip() { echo "SKIP pipeline/$1: $2"; }
fail() {
	echo "FAIL pipeline/$1${2:+: $2}"
	FAILED=1
}

caps_present() { [ -d "$CAPS" ]; }

# True when the programs were built and tshark is there; otherwise every
# named case fails (a missing tool must not pass as a skip).
tools_present() { # names...
	local why= n
	[ -x "$RAPD" ] || why="$RAPD not built"
	[ -z "$why" ] && [ ! -x "$TRACE" ] && why="$TRACE not built"
	[ -z "$why" ] && ! command -v tshark >/dev/null && why="no tshark"
	[ -z "$why" ] && ! command -v text2pcap >/dev/null && why="no text2pcap"
	[ -z "$why" ] && return 0
	for n in "$@"; do
		fail "$n" "$why"
	done
	exit 1
}

# rapd_run TAG ARGS...: runs rapd ARGS with a time limit, stdout in
# $TMP/TAG.out, stderr in $TMP/TAG.err, exit status in RC. Returns 1 with
# the reason in WHY when the run did not end by itself: a time-out, a
# signal, a sanitizer report; 0 otherwise (whatever RC is).
rapd_run() {
	local tag=$1
	shift
	timeout "$RAPD_TIMEOUT" "$RAPD" "$@" >"$TMP/$tag.out" 2>"$TMP/$tag.err"
	RC=$?
	WHY=
	if [ $RC -eq 124 ]; then
		WHY="rapd $* did not end within $RAPD_TIMEOUT s"
	elif [ $RC -gt 128 ]; then
		WHY="rapd $* died of signal $((RC - 128))"
	elif grep -q 'Sanitizer\|runtime error:' "$TMP/$tag.err"; then
		WHY="rapd $*: sanitizer report: $(grep -m1 'Sanitizer\|runtime error:' "$TMP/$tag.err")"
	fi
	if [ -n "$WHY" ]; then
		sed 's/^/    /' "$TMP/$tag.err" | head -40 >&2
		return 1
	fi
	return 0
}

# The number of a summary line "KEY: N" of $TMP/TAG.out, or nothing.
summary() { # tag key
	awk -v k="$2: " 'index($0, k) == 1 { print substr($0, length(k) + 1);
		exit }' "$TMP/$1.out"
}

# The MACs named by event lines "wlan0: EVENT MAC ..." of $TMP/TAG.out,
# one per event, sorted (repeats kept).
events() { # tag event
	awk -v e="$2" '$2 == e { print $3 }' "$TMP/$1.out" | sort
}

# The MAC of the simulator's station index i (0-based): 02:00:00 + i+1.
sta_mac() {
	local n=$(($1 + 1))
	printf '02:00:00:%02x:%02x:%02x\n' $((n >> 16 & 255)) \
		$((n >> 8 & 255)) $((n & 255))
}

# The stations of n given an option by the simulator, k of them spread
# evenly by index (sim.h: station i has it when floor((i+1)k/n) >
# floor(ik/n)), sorted.
sim_share() { # n k
	local i
	for ((i = 0; i < $1; i++)); do
		if (((i + 1) * $2 / $1 > i * $2 / $1)); then
			sta_mac "$i"
		fi
	done | sort
}

# Every station MAC of a simulation of n, sorted.
sim_all() { # n
	sim_share "$1" "$1"
}

# frames_tsv CAPTURE: writes CAPTURE.tsv (see the top of this file).
# Returns 1 (tshark's message in WHY) if tshark could not read it.
frames_tsv() {
	if ! tshark -n -r "$1" -T fields -E separator=/t -E occurrence=f \
		-e frame.number -e wlan.fc.type_subtype -e wlan.ra \
		-e wlan.ta -e wlan.fixed.status_code -e wlan.fixed.aid \
		-e wlan.fixed.reason_code -e wlan_rsna_eapol.keydes.msgnr \
		-e eapol.keydes.replay_counter >"$1.raw" 2>"$1.tshark"; then
		WHY="tshark -r $1: $(grep -v 'Running as user' "$1.tshark" | head -1)"
		return 1
	fi
	awk -F'\t' -v OFS='\t' '
	function dec(s,    i, n, c) {
		if (s == "")
			return "-"
		if (substr(s, 1, 2) != "0x")
			return s
		n = 0
		for (i = 3; i <= length(s); i++) {
			c = index("0123456789abcdef", tolower(substr(s, i, 1)))
			n = n * 16 + c - 1
		}
		return n
	}
	{
		print $1, dec($2), ($3 == "" ? "-" : $3), ($4 == "" ? "-" : $4),
		      dec($5), dec($6), dec($7), dec($8), dec($9)
	}' "$1.raw" >"$1.tsv"
}

# tshark_clean CAPTURE: 0 if tshark dissects every frame without a
# malformed packet or an error-level expert item; else 1 with the first
# offending frame (or tshark's own error) in WHY.
tshark_clean() {
	local bad
	if ! bad=$(tshark -n -r "$1" \
		-Y '_ws.malformed || _ws.expert.severity >= "Error"' \
		2>"$1.tshark"); then
		WHY="tshark -r $1: $(grep -v 'Running as user' "$1.tshark" | head -1)"
		return 1
	fi
	if [ -n "$bad" ]; then
		WHY="$(wc -l <<<"$bad") bad frame(s) in $(basename "$1"), first: $(head -1 <<<"$bad")"
		return 1
	fi
	return 0
}

# rapd-trace frames CAPTURE restricted to what the AP sent (addr2 =
# BSSID), beacons left out: the frames' hex, one per line, in file order.
ap_frames_hex() { # capture bssid
	local b=${2//:/}
	"$TRACE" frames "$1" | awk -v b="$b" '
		substr($3, 21, 12) == b && substr($3, 1, 2) != "80" { print $3 }'
}
