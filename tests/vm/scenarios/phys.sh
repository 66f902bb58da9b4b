#!/bin/bash
# phys.sh - VM scenario: `rapd --list-phys` against mac80211_hwsim, checked
# against what iw reads from the same kernel. Run it with
#   tests/vm/vm.sh tests/vm/scenarios/phys.sh [BUILD_DIR]
# BUILD_DIR (relative to the repository, default build) picks the rapd
# binary: build-asan runs the same checks under ASan+UBSan.
#
# Checks, one PASS/FAIL line each:
#   hwsim-load        modprobe mac80211_hwsim radios=2 succeeds;
#   list-phys         rapd --list-phys exits 0;
#   headline-PHY      phy0 and phy1 are listed with the AP and monitor modes
#                     and "active monitor: yes" (hwsim advertises it);
#   channels-PHY      every 2.4, 5, 6 and 60 GHz channel that
#                     `iw phy PHY channels` lists appears in rapd's ranges
#                     with the same state (disabled, no-IR, radar, or none),
#                     band by band; S1G, which rapd only counts, is left out.
# Exits 1 if any check failed. Runs inside the guest (as root) with
# RAPD_ROOT set by the harness.
set -u
: "${RAPD_ROOT:?run me through tests/vm/vm.sh}"
FAILED=0
OUT=/tmp/list-phys.out
RAPD=$RAPD_ROOT/${1:-build}/rapd

pass() { echo "PASS vm/phys/$1"; }
fail() {
	echo "FAIL vm/phys/$1${2:+: $2}"
	FAILED=1
}

# "BAND CHANNEL STATE" lines from iw: the band is iw's "Band N:" number
# (nl80211 band + 1); state is disabled, no-IR, radar, no-IR+radar or ok.
iw_channels() { # phy
	iw phy "$1" channels | awk '
	function flush() { if (ch != "" && band <= 4) print band, ch, st(); ch = "" }
	function st() {
		if (dis) return "disabled"
		if (noir && radar) return "no-IR+radar"
		if (noir) return "no-IR"
		if (radar) return "radar"
		return "ok"
	}
	/^Band [0-9]+:/ { flush(); band = $2 + 0; next }
	/\* [0-9.]+ MHz \[[0-9]+\]/ {
		flush()
		ch = $0; sub(/.*\[/, "", ch); sub(/\].*/, "", ch)
		dis = /disabled/; noir = 0; radar = 0; next
	}
	/No IR/ { noir = 1 }
	/Radar detection/ { radar = 1 }
	END { flush() }' | sort
}

# The same lines from rapd's block for PHY: each band line holds items
# "N", "N-M", optionally followed by " (flags)"; ranges are expanded over
# the channels iw knows (file $2), which is all a range can stand for.
rapd_channels() { # phy iw-lines
	awk -v phy="$1" -v known="$2" '
	BEGIN { while ((getline l < known) > 0) { split(l, f, " "); k[f[1] " " f[2]] = 1 } }
	$0 ~ "^" phy ": " { inphy = 1; next }
	/^[^ ]/ { inphy = 0 }
	!inphy || !/^  [0-9.]+ GHz: / { next }
	{
		band = ($1 == "2.4") ? 1 : ($1 == "5") ? 2 : ($1 == "60") ? 3 : ($1 == "6") ? 4 : 0
		line = $0; sub(/^  [^:]*: /, "", line)
		while (match(line, /^[0-9]+(-[0-9]+)?( \([^)]*\))?/)) {
			item = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1)
			sub(/^, /, "", line)
			s = "ok"
			if (item ~ /disabled/) s = "disabled"
			else if (item ~ /no-IR, radar/) s = "no-IR+radar"
			else if (item ~ /no-IR/) s = "no-IR"
			else if (item ~ /radar/) s = "radar"
			sub(/ .*/, "", item); n = split(item, r, "-")
			lo = r[1] + 0; hi = (n == 2) ? r[2] + 0 : lo
			for (c = lo; c <= hi; c++)
				if ((band " " c) in k) print band, c, s
		}
	}' "$OUT" | sort
}

load_hwsim() {
	local out
	if out=$(modprobe mac80211_hwsim radios=2 2>&1); then
		pass hwsim-load
	else
		fail hwsim-load "$out"
	fi
}

run_list_phys() {
	local rc
	"$RAPD" --list-phys >"$OUT" 2>/tmp/list-phys.err
	rc=$?
	echo "--- rapd --list-phys (exit $rc)"
	cat "$OUT" /tmp/list-phys.err
	echo "---"
	if [ $rc -eq 0 ]; then pass list-phys; else fail list-phys "exit $rc"; fi
}

check_headline() { # phy
	local line
	line=$(grep "^$1: " "$OUT")
	case $line in
	*modes*AP*monitor*"; active monitor: yes") pass "headline-$1" ;;
	"") fail "headline-$1" "not listed" ;;
	*) fail "headline-$1" "$line" ;;
	esac
}

check_channels() { # phy
	local iwf=/tmp/iw-$1 rf=/tmp/rapd-$1 n
	iw_channels "$1" >"$iwf"
	rapd_channels "$1" "$iwf" >"$rf"
	n=$(wc -l <"$iwf")
	if [ "$n" -eq 0 ]; then
		fail "channels-$1" "iw lists no channel"
	elif diff -u "$iwf" "$rf" >/tmp/diff-$1; then
		pass "channels-$1 ($n channels agree with iw, e.g. $(
			grep -E '^(1 (1|13|14)|2 (36|52)) ' "$iwf" | tr '\n' ';'))"
	else
		fail "channels-$1" "differs from iw: $(head -c 400 /tmp/diff-$1)"
	fi
}

echo "guest kernel $(uname -r)"
load_hwsim
run_list_phys
for phy in phy0 phy1; do
	check_headline "$phy"
	check_channels "$phy"
done
exit $FAILED
