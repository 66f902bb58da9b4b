# lib.sh - shell helpers shared by the rapd-trace tests (sourced, not run).
#
# A test script calls trace_init "$@" first: it checks the BUILD_DIR
# argument, moves to the repository root and sets
#   TOOL  the rapd-trace binary (absolute path)
#   CAPS  the real captures folder, ${RAPD_CAPTURES:-../shared/captures}
#         from the repository root (may be absent: see caps_present)
#   TMP   a scratch folder removed on exit
# and the result helpers print the lines tests/run.sh counts:
#   PASS trace/NAME | FAIL trace/NAME: why | SKIP trace/NAME: why
# FAILED is set to 1 by fail(); a script ends with `exit $FAILED`.

FAILED=0

trace_init() { # BUILD_DIR
	if [ $# -ne 1 ]; then
		echo "usage: $0 BUILD_DIR" >&2
		exit 2
	fi
	if ! BUILD=$(cd "$1" 2>/dev/null && pwd); then
		echo "$0: no build folder $1" >&2
		exit 2
	fi
	cd "$(dirname "$0")/../.." || exit 2
	TOOL=$BUILD/rapd-trace
	CAPS=${RAPD_CAPTURES:-../shared/captures}
	TMP=$(mktemp -d)
	trap 'rm -rf "$TMP"' EXIT
}

pass() { echo "PASS trace/$1"; }
skip() { echo "SKIP trace/$1: $2"; }
fail() {
	echo "FAIL trace/$1${2:+: $2}"
	FAILED=1
}

caps_present() { [ -d "$CAPS" ]; }

# True when the tool was built; otherwise every named test fails.
tool_present() { # names...
	[ -x "$TOOL" ] && return 0
	for n in "$@"; do
		fail "$n" "$TOOL not built"
	done
	return 1
}

# pcap_split SRC DIR: writes each record of the little-endian pcap SRC
# (16-byte record header + data) to DIR/1, DIR/2, ... and the 24-byte
# file header to DIR/hdr. Used to build captures at test time from the
# real ones (reordered, repeated, mixed); nothing is kept in the repo.
pcap_split() {
	local src=$1 dir=$2 off=24 n=0 cap size
	mkdir -p "$dir"
	size=$(stat -c %s "$src")
	head -c 24 "$src" >"$dir/hdr"
	while [ $((off + 16)) -le "$size" ]; do
		cap=$(od -An -tu4 -j $((off + 8)) -N 4 "$src" | tr -d ' ')
		n=$((n + 1))
		tail -c +$((off + 1)) "$src" | head -c $((16 + cap)) >"$dir/$n"
		off=$((off + 16 + cap))
	done
}

# pcap_join OUT DIR:N... : a pcap with the header of the first DIR and the
# listed records, in that order.
pcap_join() {
	local out=$1 first=1 spec
	shift
	for spec in "$@"; do
		if [ $first = 1 ]; then
			cat "${spec%%:*}/hdr" >"$out"
			first=0
		fi
		cat "${spec%%:*}/${spec##*:}" >>"$out"
	done
}
