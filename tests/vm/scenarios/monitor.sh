#!/bin/bash
# monitor.sh - VM scenario: rapd with driver=monitor (no kernel AP: rapd
# beacons and answers everything through an active monitor interface whose
# MAC is the BSSID) on mac80211_hwsim radio 0, Debian's wpa_supplicant on
# radio 1 in its own network namespace. Run it with
#   tests/vm/vm.sh -t 240 tests/vm/scenarios/monitor.sh [BUILD_DIR]
#
# Checks, one PASS/FAIL line each (vm/monitor/NAME):
#   start        rapd starts; mon.wlan0 exists, type monitor, up, on
#                2437 MHz, its MAC the BSSID (wlan0's); wlan0 is down
#   completed    the station finds rapd's beacons and reaches COMPLETED
#                (WPA2-PSK: rapd's own 4-way handshake over the monitor
#                interface), rapd printed AP-STA-CONNECTED for it
#   sigterm      SIGTERM: exit 0, mon.wlan0 gone, wlan0 as it was
# The data plane (TAP, CCMP in rapd) is not there yet: no ping here.
set -u
: "${RAPD_ROOT:?run me through tests/vm/vm.sh}"
RAPD=$RAPD_ROOT/${1:-build}/rapd
FAILED=0
L=/tmp/mon
mkdir -p $L

now() { read -r up _ </proc/uptime && echo "$up"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
pass() { echo "PASS vm/monitor/$1"; }
fail() {
	echo "FAIL vm/monitor/$1${2:+: $2}"
	FAILED=1
}

# The state `iw dev` gives of phy0's interfaces (name, type, addr, up).
phy0_state() {
	local d n
	for d in /sys/class/ieee80211/phy0/device/net/*; do
		n=${d##*/}
		echo "$n $(cat "$d/address") $(cat "$d/operstate")" \
			"$(iw dev "$n" info | awk '/type/ { print $2 }')"
	done | sort
}

t0=$(now)
modprobe mac80211_hwsim radios=2 || { fail hwsim; exit 1; }
STA_IF=$(ls /sys/class/ieee80211/phy1/device/net/)
ip netns add sta1
iw phy phy1 set netns name sta1
BSSID=$(cat /sys/class/net/wlan0/address)
before=$(phy0_state)
echo "hwsim ready after $(since "$t0") s; wlan0 $BSSID; station $STA_IF"

cat >$L/ap.conf <<EOF
interface=wlan0
driver=monitor
ssid=rapd-monitor
hw_mode=g
channel=6
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=monitor-passphrase
EOF
cat >$L/sta.conf <<EOF
ctrl_interface=/var/run/wpa_supplicant
network={
	ssid="rapd-monitor"
	psk="monitor-passphrase"
	key_mgmt=WPA-PSK
	proto=RSN
	pairwise=CCMP
	scan_freq=2437
}
EOF

t1=$(now)
"$RAPD" -d -t $L/ap.conf >$L/ap.out 2>&1 &
AP=$!
for _ in $(seq 50); do
	grep -q AP-ENABLED $L/ap.out && break
	kill -0 $AP 2>/dev/null || break
	sleep 0.2
done
info=$(iw dev mon.wlan0 info 2>&1)
case "$info" in
*"type monitor"*"channel 6 (2437 MHz)"*)
	if [ "$(cat /sys/class/net/mon.wlan0/address)" = "$BSSID" ] &&
		[ "$(cat /sys/class/net/wlan0/operstate)" = down ]; then
		pass "start ($(since "$t1") s: mon.wlan0 monitor on 2437 MHz, MAC $BSSID)"
	else
		fail start "mon.wlan0 MAC $(cat /sys/class/net/mon.wlan0/address) or wlan0 not down"
	fi ;;
*)
	fail start "$(echo "$info" | tr '\n' ' ' | head -c 300)"
	tail -20 $L/ap.out ;;
esac

t2=$(now)
ip netns exec sta1 wpa_supplicant -B -D nl80211 -i "$STA_IF" \
	-c $L/sta.conf -f $L/wpas.log
state=
for _ in $(seq 150); do
	state=$(ip netns exec sta1 wpa_cli -i "$STA_IF" status 2>/dev/null |
		sed -n 's/^wpa_state=//p')
	[ "$state" = COMPLETED ] && break
	sleep 0.2
done
if [ "$state" = COMPLETED ] && grep -q "AP-STA-CONNECTED" $L/ap.out; then
	pass "completed ($(since "$t2") s after wpa_supplicant started)"
else
	fail completed "state=$state after $(since "$t2") s"
	tail -30 $L/ap.out
	grep -E "CTRL-EVENT|WPA:|Associated|Authentication" $L/wpas.log | tail -20
fi
ip netns exec sta1 wpa_cli -i "$STA_IF" terminate >/dev/null 2>&1

t3=$(now)
kill -TERM $AP
rc=timeout
for _ in $(seq 50); do
	if ! kill -0 $AP 2>/dev/null; then
		wait $AP
		rc=$?
		break
	fi
	sleep 0.2
done
after=$(phy0_state)
if [ "$rc" = 0 ] && [ "$after" = "$before" ]; then
	pass "sigterm (exit 0 after $(since "$t3") s; phy0 as before: $(echo $after))"
else
	fail sigterm "exit $rc; before: $(echo $before); after: $(echo $after)"
	tail -10 $L/ap.out
fi
echo "--- rapd's output"
grep -v "^$" $L/ap.out | tail -25
exit $FAILED
