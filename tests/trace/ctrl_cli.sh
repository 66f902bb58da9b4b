#!/bin/bash
# ctrl_cli.sh BUILD_DIR - Debian's stock hostapd_cli drives rapd.
#
# Starts `rapd --simulate 50` with a ctrl_interface in a scratch folder and
# runs hostapd_cli against it, as an operator would: ping, status, all_sta,
# sta, get_config, deauthenticate (seen by an attached `hostapd_cli -a`
# action script as AP-STA-DISCONNECTED), bad input, permissions, STATS and
# TERMINATE (the socket and its folder are gone afterwards).
# Prints PASS/FAIL/SKIP ctrl/<case>; exits 1 if any failed.
set -u
source "$(dirname "$0")/../data/ctrl/lib.sh"
ctrl_init ctrl "$@"
if ! command -v hostapd_cli >/dev/null; then
	echo "SKIP ctrl/all: hostapd_cli absent (scripts/install-deps installs it)"
	exit 0
fi
cli() { timeout 20 hostapd_cli -p "$DIR" -i wlan0 "$@" 2>&1; }

ctrl_start 50 120 5 ctrl-test
ctrl_wait_sta 50

[ "$(cli ping)" = PONG ] && pass ping || fail ping "no PONG"

st=$(cli status)
if grep -qx 'state=ENABLED' <<<"$st" && grep -qx 'num_sta\[0\]=50' <<<"$st" &&
	grep -qx 'ssid\[0\]=ctrl-test' <<<"$st"; then
	pass status
else
	fail status "$(tr '\n' ' ' <<<"$st")"
fi

all=$(cli all_sta)
n=$(grep -c '^02:00:00:00:00:' <<<"$all")
auth=$(grep -c '^flags=\[AUTH\]\[ASSOC\]\[AUTHORIZED\]' <<<"$all")
[ "$n" = 50 ] && [ "$auth" = 50 ] && pass all_sta ||
	fail all_sta "$n stations listed, $auth authorized"

sta=02:00:00:00:00:07
out=$(cli sta $sta)
if [ "$(head -n1 <<<"$out")" = "$sta" ] && grep -q '^aid=' <<<"$out" &&
	grep -q '^AKMSuiteSelector=00-0f-ac-2' <<<"$out"; then
	pass sta
else
	fail sta "$(tr '\n' ' ' <<<"$out")"
fi

cf=$(cli get_config)
grep -qx 'ssid=ctrl-test' <<<"$cf" && grep -q '^key_mgmt=WPA-PSK' <<<"$cf" &&
	pass get_config || fail get_config "$(tr '\n' ' ' <<<"$cf")"

# An attached client's action script sees the deauthentication.
printf '#!/bin/sh\necho "$2 $3" >> %s\n' "$TMP/events" >"$TMP/action.sh"
chmod +x "$TMP/action.sh"
timeout 100 hostapd_cli -p "$DIR" -i wlan0 -a "$TMP/action.sh" \
	>/dev/null 2>&1 &
apid=$!
sleep 1
victim=02:00:00:00:00:11
r=$(cli deauthenticate $victim)
for _ in $(seq 1 40); do
	grep -q "AP-STA-DISCONNECTED $victim" "$TMP/events" 2>/dev/null && break
	sleep 0.25
done
if [ "$r" = OK ] && grep -q "AP-STA-DISCONNECTED $victim" "$TMP/events" 2>/dev/null; then
	pass deauthenticate
else
	fail deauthenticate "reply '$r', events: $(tr '\n' ' ' <"$TMP/events" 2>/dev/null)"
fi

# Bad input: each gets its answer and rapd keeps serving.
[ "$(cli raw NO_SUCH_COMMAND)" = "UNKNOWN COMMAND" ] &&
	[ "$(cli sta 02:00:00:zz:00:01)" = FAIL ] &&
	[ "$(cli sta 02:00:00:00:99:99)" = FAIL ] &&
	[ "$(cli deauthenticate 02:00:00:00:99:99)" = FAIL ] &&
	[ "$(cli ping)" = PONG ] && pass bad-input || fail bad-input "see above"

# Permissions: a user outside ctrl_interface_group cannot use the socket.
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	chmod 755 "$TMP"
	out=$(timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
		hostapd_cli -p "$DIR" -i wlan0 ping 2>&1)
	[ "$out" != PONG ] && pass permissions || fail permissions "nobody got PONG"
else
	echo "SKIP ctrl/permissions: needs root and setpriv"
fi

# DENY_ACL: the station is sent away and refused when it comes back.
denied=02:00:00:00:00:21
r=$(cli deny_acl ADD_MAC $denied)
for _ in $(seq 1 40); do
	[ "$(cli sta $denied)" = FAIL ] && break
	sleep 0.25
done
sleep 1 # its retries (auth every 200 ms) are refused, not answered
if [ "$r" = OK ] && [ "$(cli sta $denied)" = FAIL ] &&
	grep -qi "^$denied" <<<"$(cli deny_acl SHOW)"; then
	pass deny_acl
else
	fail deny_acl "reply '$r'; sta: $(cli sta $denied | head -1)"
fi
[ "$(cli deny_acl DEL_MAC $denied)" = OK ] &&
	[ -z "$(cli deny_acl SHOW)" ] && [ "$(cli accept_acl SHOW)" = "" ] &&
	pass acl_del || fail acl_del "DEL_MAC or SHOW"

# DISABLE sends everyone away and silences the AP; ENABLE undoes it.
r=$(cli disable)
for _ in $(seq 1 40); do
	[ "$(cli status | sed -n 's/^num_sta\[0\]=//p')" = 0 ] && break
	sleep 0.25
done
st=$(cli status)
if [ "$r" = OK ] && grep -qx 'state=DISABLED' <<<"$st" &&
	grep -qx 'num_sta\[0\]=0' <<<"$st" && [ "$(cli disable)" = FAIL ] &&
	[ "$(cli enable)" = OK ] && grep -qx 'state=ENABLED' <<<"$(cli status)"; then
	pass disable_enable
else
	fail disable_enable "reply '$r', $(tr '\n' ' ' <<<"$st" | head -c 200)"
fi

# RELOAD applies the configuration again: everyone is sent away (they come
# back); RELOAD_CONFIG reads the file again (a new SSID here).
before=$(grep -c 'AP-STA-DISCONNECTED' "$TMP/events" 2>/dev/null)
r=$(cli reload)
for _ in $(seq 1 40); do
	after=$(grep -c 'AP-STA-DISCONNECTED' "$TMP/events" 2>/dev/null)
	[ "$((after - before))" -ge 10 ] && break
	sleep 0.25
done
[ "$r" = OK ] && [ "$((after - before))" -ge 10 ] && pass reload ||
	fail reload "reply '$r', $((after - before)) disconnections"
sed -i 's/^ssid=ctrl-test$/ssid=ctrl-reloaded/' "$TMP/rapd.conf"
r=$(cli raw RELOAD_CONFIG)
[ "$r" = OK ] && grep -qx 'ssid\[0\]=ctrl-reloaded' <<<"$(cli status)" &&
	pass reload_config || fail reload_config "reply '$r'"

stats=$(cli raw STATS)
grep -q '^stations=' <<<"$stats" && grep -q '^worker0_frames_in=' <<<"$stats" &&
	pass stats || fail stats "$(head -3 <<<"$stats" | tr '\n' ' ')"

cli raw TERMINATE >/dev/null
for _ in $(seq 1 40); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.25
done
if ! kill -0 "$pid" 2>/dev/null && [ ! -e "$DIR" ]; then
	pass terminate
	pid=
else
	fail terminate "rapd still running or $DIR left behind"
fi
exit $failed
