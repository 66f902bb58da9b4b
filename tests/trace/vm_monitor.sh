#!/bin/bash
# vm_monitor.sh BUILD_DIR - rapd with driver=monitor end to end: the host
# side of tests/vm/scenarios/monitor.sh (a QEMU guest with mac80211_hwsim:
# rapd beacons and completes a WPA2 handshake with Debian's wpa_supplicant
# through an active monitor interface, then puts the phy back on SIGTERM).
# Run by tests/run.sh like every tests/trace/*.sh; as vm_live.sh, only the
# "build" folder runs in the VM (the ASan build is too slow under TCG for
# protocol timeouts): others print a SKIP line. A skip where QEMU cannot
# run (vm.sh exit 77) is a SKIP line and exit 0.
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
BUILD_NAME=$(basename "$1")
cd "$(dirname "$0")/../.." || exit 2
if [ "$BUILD_NAME" != build ]; then
	echo "SKIP vm/monitor: only the build folder runs in the VM, not $1"
	exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
tests/vm/vm.sh -t 200 tests/vm/scenarios/monitor.sh "$BUILD_NAME" >"$out"
rc=$?
cat "$out"
echo "vm/monitor: the VM run took $(($(date +%s) - start)) s (exit $rc)"
case $rc in
0) exit 0 ;;
77)
	echo "SKIP vm/monitor: QEMU cannot run here"
	exit 0 ;;
124 | 125)
	echo "FAIL vm/monitor: the VM timed out or did not boot (vm.sh exit $rc)"
	exit 1 ;;
*)
	grep -q '^FAIL ' "$out" ||
		echo "FAIL vm/monitor: the scenario failed (exit $rc) without naming a check"
	exit 1 ;;
esac
