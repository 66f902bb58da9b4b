#!/bin/bash
# ctrl_storm.sh BUILD_DIR - the control interface keeps serving during a
# storm: 20 attached clients while 1000 simulated stations connect;
# hostapd_cli's requests are answered throughout; every client gets events
# and is still attached after the storm (it sees a deauthentication made
# then), though a reader this slow misses some: events never wait for a
# client (a UNIX datagram queue holds 10); a client that vanishes without
# DETACH changes nothing for the others. Prints PASS/FAIL/SKIP
# ctrl-storm/<case>.
set -u
source "$(dirname "$0")/../data/ctrl/lib.sh"
ctrl_init ctrl-storm "$@"
if ! command -v hostapd_cli >/dev/null; then
	echo "SKIP ctrl-storm/all: hostapd_cli absent"
	exit 0
fi
cc -std=gnu11 -O2 -o "$TMP/listen" tests/tools/ctrl_listen.c || exit 1
cli() { timeout 20 hostapd_cli -p "$DIR" -i wlan0 "$@" 2>&1; }

ctrl_start 1000 30 9 storm
for _ in $(seq 1 100); do [ -S "$DIR/wlan0" ] && break; sleep 0.05; done
# The stations start 250 ms after the AP: attach 20 clients now, and one
# more that vanishes after a second without detaching.
for i in $(seq 1 20); do
	"$TMP/listen" "$DIR" wlan0 AP-STA-CONNECTED \
		"AP-STA-DISCONNECTED 02:00:00:00:00:42" 60 >"$TMP/l$i" &
done
"$TMP/listen" "$DIR" wlan0 NONE NONE 1 >/dev/null &
answered=0 asked=0 tables=0
for _ in $(seq 1 200); do
	asked=$((asked + 1))
	[ "$(cli ping)" = PONG ] && answered=$((answered + 1))
	# rapd's own client, its stats table during the storm
	timeout 20 "$B/rapd-cli" -p "$DIR" -i wlan0 stats 2>/dev/null |
		grep -q '^ *0 ' && tables=$((tables + 1))
	n=$(cli status | sed -n 's/^num_sta\[0\]=//p')
	[ "$n" = 1000 ] && break
	sleep 0.1
done
[ "$answered" = "$asked" ] && [ "$n" = 1000 ] && pass served-during-storm ||
	fail served-during-storm "$answered/$asked pings answered, num_sta=$n"
[ "$tables" = "$asked" ] && pass rapd-cli-stats-during-storm ||
	fail rapd-cli-stats-during-storm "$tables of $asked tables"
sleep 0.5
[ "$(cli deauthenticate 02:00:00:00:00:42)" = OK ] || fail deauth "not OK"
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null
bad=0
for i in $(seq 1 20); do
	read -r got how <"$TMP/l$i"
	[ "$how" = stop ] && [ "$got" -gt 0 ] || bad=$((bad + 1))
done
[ "$bad" = 0 ] && pass events-to-20-clients ||
	fail events-to-20-clients "$bad clients lost: $(cat "$TMP"/l* | tr '\n' ' ')"
[ "$(cli ping)" = PONG ] && [ "$(cli all_sta | grep -c '^02:')" -ge 999 ] &&
	pass still-serving || fail still-serving "after the storm"
cli raw TERMINATE >/dev/null
exit $failed
