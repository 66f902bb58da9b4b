# lib.sh - what the control-interface tests (tests/trace/ctrl_*.sh) share:
# a scratch folder, result lines, and a simulated AP with a control socket.
# Sourced, not run (tests/run.sh runs every tests/trace/*.sh as a test).
#
#   ctrl_init PREFIX BUILD_DIR   sets B (absolute build folder), TMP, DIR
#                                (the ctrl_interface), failed=0, the EXIT
#                                trap that stops rapd ($pid) and an action
#                                client ($apid), and pass/fail printing
#                                "PASS PREFIX/case" / "FAIL PREFIX/case: why"
#   ctrl_start STATIONS DURATION SEED SSID
#                                writes $TMP/rapd.conf and starts
#                                `rapd --simulate` in the background ($pid)
#   ctrl_wait_sta N              polls `cli status` until num_sta[0]=N (the
#                                clock is never asserted); the caller defines
#                                cli() (hostapd_cli or rapd-cli)

ctrl_init() {
	CTRL_PREFIX=$1
	cd "$(dirname "$0")/../.." || exit 2
	B=$(cd "${2:?usage: $0 BUILD_DIR}" && pwd) || exit 2
	TMP=$(mktemp -d)
	DIR=$TMP/ctrl
	failed=0
	pid=
	apid=
	trap ctrl_cleanup EXIT
}

ctrl_cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	[ -n "$apid" ] && kill "$apid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$TMP"
}

pass() { echo "PASS $CTRL_PREFIX/$1"; }
fail() {
	echo "FAIL $CTRL_PREFIX/$1: $2"
	failed=1
}

ctrl_start() { # stations duration seed ssid
	cat >"$TMP/rapd.conf" <<CONF
interface=wlan0
ctrl_interface=$DIR
ctrl_interface_group=0
ssid=$4
hw_mode=g
channel=1
wpa=2
wpa_passphrase=$4-pass
CONF
	timeout 300 "$B/rapd" --simulate "$1" --duration "$2" --seed "$3" -q \
		"$TMP/rapd.conf" >"$TMP/rapd.out" 2>&1 &
	pid=$!
}

ctrl_wait_sta() { # n
	for _ in $(seq 1 120); do
		[ "$(cli status | sed -n 's/^num_sta\[0\]=//p')" = "$1" ] && return 0
		sleep 0.5
	done
	return 1
}
