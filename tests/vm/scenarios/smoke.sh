#!/bin/bash
# smoke.sh - the first VM scenario: does the guest have what the live tests
# need? Run it with tests/vm/vm.sh tests/vm/scenarios/smoke.sh.
#
# Checks, one PASS/FAIL line each:
#   hwsim-load    modprobe mac80211_hwsim radios=2 succeeds;
#   two-phys      iw list shows exactly two phys;
#   modes-PHY     each of them supports the AP and monitor interface modes
#                 (what rapd's driver=nl80211 set-up needs);
#   check-config  the host-built rapd runs in the guest unchanged:
#                 rapd --check-config rapd.conf.example exits 0.
# Exits 1 if any check failed. Runs inside the guest (as root) with
# RAPD_ROOT set by the harness. Each line gives its time: under TCG every
# fork+exec costs 0.1-0.5 s, so the script keeps external commands few.
set -u
: "${RAPD_ROOT:?run me through tests/vm/vm.sh}"
FAILED=0

now() { read -r up rest </proc/uptime && echo "$up"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
pass() { echo "PASS vm/smoke/$1"; }
fail() {
	echo "FAIL vm/smoke/$1${2:+: $2}"
	FAILED=1
}

load_hwsim() {
	local t0 out
	t0=$(now)
	if out=$(modprobe mac80211_hwsim radios=2 2>&1); then
		pass "hwsim-load ($(since "$t0") s)"
	else
		fail hwsim-load "$out"
	fi
}

# "PHY MODE" lines from the "Supported interface modes:" list of each phy
# in `iw list` (tab-indented: "\t\t * AP").
phy_modes() {
	awk '/^Wiphy / { phy = $2; inlist = 0; next }
	/^\tSupported interface modes:/ { inlist = 1; next }
	inlist && /^\t\t \* / { sub(/^\t\t \* /, ""); print phy, $0; next }
	{ inlist = 0 }' "$1"
}

check_phys() {
	local list=/tmp/iw-list modes=/tmp/phy-modes nphys phy
	if ! iw list >"$list" 2>&1; then
		fail two-phys "iw list: $(head -c 200 "$list")"
		return
	fi
	nphys=$(grep -c '^Wiphy ' "$list")
	if [ "$nphys" -eq 2 ]; then
		pass two-phys
	else
		fail two-phys "iw list shows $nphys phys"
	fi
	phy_modes "$list" >"$modes"
	for phy in $(awk '/^Wiphy / { print $2 }' "$list"); do
		if grep -qx "$phy AP" "$modes" && grep -qx "$phy monitor" "$modes"; then
			pass "modes-$phy"
		else
			fail "modes-$phy" "AP or monitor mode missing"
		fi
	done
}

check_config() {
	local t0 out rc
	t0=$(now)
	out=$("$RAPD_ROOT/build/rapd" --check-config \
		"$RAPD_ROOT/rapd.conf.example" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		pass "check-config ($(since "$t0") s)"
	else
		fail check-config "exit $rc: $(echo "$out" | tail -3)"
	fi
}

echo "guest kernel $(uname -r), $(nproc) vCPUs"
load_hwsim
check_phys
check_config
exit $FAILED
