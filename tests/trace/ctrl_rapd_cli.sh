#!/bin/bash
# ctrl_rapd_cli.sh BUILD_DIR - rapd-cli, rapd's own control client, drives
# rapd.
#
# Starts `rapd --simulate 30` with a ctrl_interface in a scratch folder and
# runs BUILD_DIR/rapd-cli against it: ping, status, all_sta, list_sta, sta,
# deauthenticate (seen by an attached `rapd-cli -a` action script as
# AP-STA-DISCONNECTED), the stats table once and refreshed, interactive
# mode fed from stdin, bad usage, a missing folder, -i chosen from the
# folder, and terminate (rapd exits). Prints PASS/FAIL/SKIP ctrl-cli/<case>;
# exits 1 if any failed.
set -u
source "$(dirname "$0")/../data/ctrl/lib.sh"
ctrl_init ctrl-cli "$@"
CLI=$B/rapd-cli
if [ ! -x "$CLI" ] || [ ! -x "$B/rapd" ]; then
	fail build "$CLI or $B/rapd not built"
	exit 1
fi
cli() { timeout 30 "$CLI" -p "$DIR" -i wlan0 "$@" 2>&1; }
oneline() { tr '\n' ' ' <<<"$1" | cut -c1-300; }

ctrl_start 30 120 5 cli-test
ctrl_wait_sta 30

out=$(cli ping)
rc=$?
[ "$out" = PONG ] && [ $rc = 0 ] && pass ping || fail ping "'$out' exit $rc"

st=$(cli status)
grep -qx 'state=ENABLED' <<<"$st" && grep -qx 'num_sta\[0\]=30' <<<"$st" &&
	grep -qx 'ssid\[0\]=cli-test' <<<"$st" && pass status ||
	fail status "$(oneline "$st")"

# -i omitted: the only socket in the folder is chosen.
out=$(timeout 30 "$CLI" -p "$DIR" ping 2>&1)
[ "$out" = PONG ] && pass default-ifname || fail default-ifname "'$out'"

all=$(cli all_sta)
n=$(grep -c '^02:00:00:00:00:' <<<"$all")
auth=$(grep -c '^flags=\[AUTH\]\[ASSOC\]\[AUTHORIZED\]' <<<"$all")
[ "$n" = 30 ] && [ "$auth" = 30 ] && pass all_sta ||
	fail all_sta "$n stations listed, $auth authorized"

ls=$(cli list_sta)
[ "$(grep -cx '02:00:00:00:00:[0-9a-f][0-9a-f]' <<<"$ls")" = 30 ] &&
	[ "$(wc -l <<<"$ls")" = 30 ] && pass list_sta ||
	fail list_sta "$(oneline "$ls")"

sta=02:00:00:00:00:07
out=$(cli sta $sta)
[ "$(head -n1 <<<"$out")" = "$sta" ] && grep -q '^aid=' <<<"$out" &&
	pass sta || fail sta "$(oneline "$out")"

out=$(cli sta 02:00:00:00:99:99)
rc=$?
[ "$out" = FAIL ] && [ $rc = 1 ] && pass sta-unknown ||
	fail sta-unknown "'$out' exit $rc"

# An attached action script sees the deauthentication.
printf '#!/bin/sh\necho "$1 $2 $3" >> %s\n' "$TMP/events" >"$TMP/action.sh"
chmod +x "$TMP/action.sh"
timeout 100 "$CLI" -p "$DIR" -i wlan0 -a "$TMP/action.sh" \
	>"$TMP/action.out" 2>&1 &
apid=$!
sleep 1
victim=02:00:00:00:00:11
seen="wlan0 AP-STA-DISCONNECTED $victim"
r=$(cli deauthenticate $victim)
for _ in $(seq 1 40); do
	grep -q "$seen" "$TMP/events" 2>/dev/null && break
	sleep 0.25
done
events=$(cat "$TMP/events" 2>/dev/null)
if [ "$r" = OK ] && grep -q "$seen" <<<"$events"; then
	pass deauthenticate
else
	fail deauthenticate "reply '$r', events: $(oneline "$events")"
fi

stats=$(cli stats)
workers=$(sed -n 's/.*workers \([0-9]*\).*/\1/p' <<<"$stats" | head -n1)
row='^[0-9]+( +[0-9]+){10}$' # worker and its ten counters
rows=$(grep -cE "$row" <<<"$stats")
if [ -n "$workers" ] && [ "$workers" -ge 1 ] && [ "$rows" = "$workers" ] &&
	grep -q '^worker  *in  *out  *conn' <<<"$stats" &&
	grep -q '^total ' <<<"$stats"; then
	pass stats
else
	fail stats "$workers workers, $rows rows: $(oneline "$stats")"
fi

out=$(cli stats -r 0.2 -n 3)
rc=$?
[ $rc = 0 ] && [ "$(grep -c '^worker  *in  *out' <<<"$out")" = 3 ] &&
	pass stats-refresh || fail stats-refresh "exit $rc: $(oneline "$out")"

out=$(printf 'ping\nlist_sta\nquit\n' |
	timeout 30 "$CLI" -p "$DIR" -i wlan0 2>&1)
rc=$?
grep -qx PONG <<<"$out" && grep -qx "$sta" <<<"$out" && [ $rc = 0 ] &&
	pass interactive || fail interactive "exit $rc: $(oneline "$out")"

# End of input without quit ends the session too.
out=$(printf 'ping' | timeout 30 "$CLI" -p "$DIR" -i wlan0 2>&1)
rc=$?
[ "$out" = PONG ] && [ $rc = 0 ] && pass interactive-eof ||
	fail interactive-eof "exit $rc: $(oneline "$out")"

ok=1
for args in "no_such_command" "sta" "stats -r 0" "stats -n x" "-Z ping" \
	"-B ping"; do
	# shellcheck disable=SC2086
	out=$(timeout 30 "$CLI" -p "$DIR" -i wlan0 $args 2>&1) &&
		{ ok=0; echo "    '$args' exited 0: $out"; }
	[ -n "$out" ] || { ok=0; echo "    '$args' said nothing"; }
done
[ $ok = 1 ] && pass bad-usage || fail bad-usage "see above"

out=$(timeout 30 "$CLI" -p "$TMP/no-such-dir" ping 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "no-such-dir" <<<"$out" &&
	grep -qi 'no such file' <<<"$out" && pass no-daemon ||
	fail no-daemon "exit $rc: $(oneline "$out")"

out=$(timeout 30 "$CLI" -p "$DIR" -i wlan9 ping 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "wlan9" <<<"$out" && pass no-interface ||
	fail no-interface "exit $rc: $(oneline "$out")"

out=$(timeout 30 "$CLI" -h 2>&1)
rc=$?
[ $rc = 0 ] && grep -q '^usage: rapd-cli' <<<"$out" &&
	grep -q 'all_sta' <<<"$out" && pass help || fail help "exit $rc"

r=$(cli terminate)
for _ in $(seq 1 40); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.25
done
if [ "$r" = OK ] && ! kill -0 "$pid" 2>/dev/null; then
	pass terminate
	pid=
else
	fail terminate "reply '$r', rapd still running"
fi

# The action loop ends with rapd, and no client socket is left in /tmp.
for _ in $(seq 1 40); do
	kill -0 "$apid" 2>/dev/null || break
	sleep 0.25
done
if ! kill -0 "$apid" 2>/dev/null &&
	grep -q 'wlan0 CTRL-EVENT-TERMINATING' "$TMP/events" &&
	! ls /tmp/rapd_cli_"$apid"-* >/dev/null 2>&1 &&
	[ ! -s "$TMP/action.out" ]; then
	pass action-exit
	apid=
else
	fail action-exit "running, no TERMINATING, socket left, or: $(oneline \
		"$(cat "$TMP/action.out")")"
fi
exit $failed
