#!/bin/bash
# live_refuse.sh BUILD_DIR - `rapd CONFIG` (the live access point, either
# driver) where it
# must refuse: each refusal is exit 1 with one clear "rapd: ..." line, and
# nothing on the host changed (the links are as before). The build hosts
# have no wireless, which makes most of these reachable here; the live
# set-up itself is tested in the VM (tests/vm/scenarios/live.sh,
# monitor.sh).
# Also the command-line rules of live mode (exit 2): --seed, --capture
# with another mode, no CONFIG; and -B / -P on a refusal: the parent
# reports the child's failure, no pid file is left behind.
set -u
. "$(dirname "$0")/lib.sh"
trace_init "$@"
RAPD=$BUILD/rapd

conf() { # name key=value...
	local f=$TMP/$1.conf
	shift
	printf '%s\n' ssid=rapd-live hw_mode=g channel=6 wpa=2 \
		wpa_key_mgmt=WPA-PSK rsn_pairwise=CCMP \
		wpa_passphrase=correct-horse "$@" >"$f"
	echo "$f"
}

links() { ip -o link 2>/dev/null | sed 's/^[0-9]*: //' | sort; }

# expect NAME RC REGEX args...: exit code RC and stderr matching REGEX.
expect() {
	local name=$1 want=$2 re=$3 rc
	shift 3
	timeout 30 "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		fail "live-$name" "exit $rc, want $want: $(head -c 300 "$TMP/err")"
	elif ! grep -Eq -- "$re" "$TMP/err"; then
		fail "live-$name" "unclear message: $(head -c 300 "$TMP/err")"
	else
		pass "live-$name ($(grep -E -- "$re" "$TMP/err" | head -1))"
	fi
}

before=$(links)
expect no-interface 1 '^rapd: wlan9: no such interface$' \
	"$RAPD" "$(conf nowlan interface=wlan9)"
expect cmdline-interface 1 '^rapd: wlx0: no such interface$' \
	"$RAPD" -i wlx0 "$(conf nowlan2 interface=wlan0)"
# lo exists but is no wireless interface; a host without cfg80211 says
# so first.
expect not-wireless 1 '^rapd: (lo: not a wireless interface .*|nl80211 not available: .*)$' \
	"$RAPD" "$(conf lo interface=lo)"
# driver=monitor goes through the same checks.
expect driver-monitor 1 '^rapd: wlan9: no such interface$' \
	"$RAPD" "$(conf mon interface=wlan9 driver=monitor)"
expect bad-config 1 'channel: 400 is out of range' \
	"$RAPD" "$(conf badch interface=lo channel=400)"
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	chmod 755 "$TMP"
	expect not-root 1 '^rapd: must run as root to configure lo' \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$RAPD" "$(conf root interface=lo)"
else
	skip live-not-root "needs root and setpriv"
fi
expect seed-refused 2 'never a live interface' \
	"$RAPD" --seed 1 "$(conf seed interface=lo)"
expect capture-with-simulate 2 '--capture is for the live' \
	"$RAPD" --simulate 1 --capture "$TMP/c.pcap"
expect no-config 2 'nothing to do' "$RAPD"

# -B: the parent waits for the child's set-up and exits with its code;
# -P: no pid file left after a refusal.
expect background-refusal 1 'no such interface' \
	"$RAPD" -B -P "$TMP/rapd.pid" "$(conf bg interface=wlan9)"
if [ -e "$TMP/rapd.pid" ]; then
	fail live-pidfile-removed "$TMP/rapd.pid left behind"
else
	pass live-pidfile-removed
fi
if [ "$(links)" = "$before" ]; then
	pass live-links-untouched
else
	fail live-links-untouched "ip link differs after the refusals"
fi
exit $FAILED
