#!/bin/bash
# list_phys.sh BUILD_DIR - `rapd --list-phys` where there is no wireless.
#
# The build hosts have no cfg80211 (and may not even allow a generic
# netlink socket), so this checks the refusal path: exit code 1, one clear
# line on stderr ("nl80211 not available: ..." or "no wireless phy found"),
# nothing on stdout, no sanitizer report, and --list-phys with a CONFIG is
# a usage error (2). On a host that does have phys the first case instead
# checks that each listed phy has a "phyN: modes ..." line and exit 0.
# The listing itself is checked against iw in tests/vm/scenarios/phys.sh.
# Prints PASS/FAIL trace/list-phys-* lines; exits 1 if any failed.
set -u
. "$(dirname "$0")/lib.sh"
trace_init "$@"
RAPD=$BUILD/rapd

check_refusal() {
	local rc
	timeout 30 "$RAPD" --list-phys >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 0 ]; then
		# A host with wireless: the listing must be there.
		if grep -q '^phy[0-9]*: modes .*; active monitor: ' "$TMP/out"
		then pass list-phys-host
		else fail list-phys-host "exit 0 without a phy line"
		fi
		return
	fi
	if [ $rc -ne 1 ]; then
		fail list-phys-refusal "exit $rc, want 1: $(head -c 300 "$TMP/err")"
	elif ! grep -Eq '^rapd: (nl80211 not available: .+|no wireless phy found)$' \
		"$TMP/err"; then
		fail list-phys-refusal "unclear message: $(head -c 300 "$TMP/err")"
	elif [ -s "$TMP/out" ] || [ "$(wc -l <"$TMP/err")" -ne 1 ]; then
		fail list-phys-refusal "stdout not empty or more than one line"
	else
		pass "list-phys-refusal ($(cat "$TMP/err"))"
	fi
}

check_usage() {
	local rc
	timeout 30 "$RAPD" --list-phys rapd.conf.example >/dev/null 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q '^Usage: ' "$TMP/err"; then
		pass list-phys-usage
	else
		fail list-phys-usage "exit $rc, want 2 and the usage"
	fi
}

if [ ! -x "$RAPD" ]; then
	fail list-phys "$RAPD not built"
	exit 1
fi
check_refusal
check_usage
exit $FAILED
