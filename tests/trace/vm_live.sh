#!/bin/bash
# vm_live.sh BUILD_DIR - rapd's live mode (driver=nl80211) end to end: the
# host-side entry of tests/vm/scenarios/live.sh, run by tests/run.sh for
# each build folder like every tests/trace/*.sh.
#
# For "build" it boots the QEMU guest once (tests/vm/vm.sh -t 420) and runs
# the live scenarios with BUILD_DIR/rapd as the access point and Debian's
# wpa_supplicant as 20 stations on mac80211_hwsim; the scenario's PASS/FAIL
# lines (vm/live/rapd/...) and timings are printed as they come back.
# Other folders print one SKIP line: under TCG an ASan build is slow
# enough for the protocol timeouts (EAPOL, association) to fire, so its
# failures would say nothing about rapd.
#
# Result lines, as tests/run.sh counts them: the scenario's own, plus
#   SKIP vm/live: REASON        QEMU cannot run here (vm.sh exit 77), or
#                               not the "build" folder; exit 0
#   FAIL vm/live: REASON        the VM timed out (124) or did not boot
#                               (125), or the scenario failed without
#                               saying which check
# Exit 0 only if every check passed (or the run was skipped). A skip exits
# 0, not 77: run.sh counts any other non-zero exit without a FAIL line as
# a failure of the script.
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
BUILD_NAME=$(basename "$1")
cd "$(dirname "$0")/../.." || exit 2

case $BUILD_NAME in
build) ;;
build-asan*)
	echo "SKIP vm/live: the ASan build is not run in the VM (too slow" \
		"under TCG for the protocol timeouts)"
	exit 0 ;;
*)
	echo "SKIP vm/live: only the build folder runs in the VM, not $1"
	exit 0 ;;
esac
if [ ! -x "$BUILD_NAME/rapd" ]; then
	echo "FAIL vm/live: $BUILD_NAME/rapd not built"
	exit 1
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
tests/vm/vm.sh -t 420 tests/vm/scenarios/live.sh rapd "$BUILD_NAME" >"$out"
rc=$?
cat "$out"
echo "vm/live: the VM run took $(($(date +%s) - start)) s (exit $rc)"

case $rc in
0)
	if ! grep -q '^PASS vm/live/' "$out"; then
		echo "FAIL vm/live: the scenario passed no check"
		exit 1
	fi ;;
77)
	echo "SKIP vm/live: QEMU cannot run here (see vm.sh's message)"
	exit 0 ;;
124)
	echo "FAIL vm/live: the scenario or the VM ran out of time" ;;
125)
	echo "FAIL vm/live: the guest did not boot or stopped without a" \
		"result (build/vm/run-live/console.log)" ;;
*)
	grep -q '^FAIL ' "$out" ||
		echo "FAIL vm/live: the scenario exited $rc without a FAIL line" ;;
esac
exit $rc
