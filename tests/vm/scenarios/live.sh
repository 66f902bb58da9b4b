#!/bin/bash
# live.sh - VM scenario: an access point in live mode (driver=nl80211) on
# mac80211_hwsim, with Debian's wpa_supplicant as the stations. Run it with
#   tests/vm/vm.sh -t 420 tests/vm/scenarios/live.sh AP [BUILD_DIR]
# AP is "rapd" ($RAPD_ROOT/BUILD_DIR/rapd, BUILD_DIR default build) or
# "hostapd" (Debian's, the reference the scenarios were written against:
# same configuration file, same event lines on stdout).
#
# One VM for everything: mac80211_hwsim radios=21; radio 0 (wlan0) is the
# AP, radios 1..20 are stations, each in its own network namespace staK so
# that IP traffic really crosses the simulated air. The AP runs twice:
#   run 1   scenarios 1 and 2, then SIGTERM (scenario 4, wlan0 was down);
#   run 2   scenario 3, then SIGTERM with 20 stations connected
#           (scenario 4 again, wlan0 was up before the AP started).
# Scenarios, each printing its duration, checks vm/live/AP/NAME:
#  1 WPA2-PSK: the AP beacons (ap-start-1) and answers hostapd_cli status
#    (ap-ctrl-1); station 1 reaches COMPLETED (wpa2-completed); `iw dev
#    wlan0 station dump` says "authorized: yes" (wpa2-authorized); the AP
#    printed AP-STA-CONNECTED for it (wpa2-ap-event); ping over the air
#    192.0.2.2 -> 192.0.2.1 (wpa2-ping). rapd runs with --capture
#    /tmp/live1.pcap.
#  2 Wrong passphrase, station 2: never COMPLETED (wrongpsk-not-completed);
#    AP-STA-POSSIBLE-PSK-MISMATCH on the AP's stdout (wrongpsk-mismatch);
#    the AP deauthenticates it after its retries: wpa_supplicant reports
#    CTRL-EVENT-DISCONNECTED reason=15, not locally generated
#    (wrongpsk-deauth), which hostapd 2.10 and rapd both cause; neither
#    prints AP-STA-DISCONNECTED for a station it never authorized; rapd
#    keeps no state of it afterwards: `hostapd_cli sta MAC` finds no
#    station (wrongpsk-ap-forgot).
#  3 20 stations, one wpa_supplicant each, networks enabled at once: all
#    COMPLETED at the same moment within STORM_SECS (storm-completed, with
#    the time until the last one's first COMPLETED and the disconnections
#    on the way), all authorized in the station dump (storm-authorized),
#    AP-STA-CONNECTED for each (storm-ap-events).
#  4 SIGTERM: the AP exits 0 within STOP_SECS (sigterm-exit-RUN) and
#    leaves phy0 as it found it: same interfaces, addresses, types,
#    channels and up/down state, no monitor interface (sigterm-restore-RUN).
#  5 rapd only: rapd --replay /tmp/live1.pcap --write OUT CONFIG exits 0,
#    CONFIG naming the live BSSID (replay-run); rapd-trace dump reads both
#    files (replay-dump); the replay answered station 1 of the trace
#    (replay-answers); rapd-trace check-handshake verifies station 1's
#    handshake in the live capture and finds station 2's MIC wrong
#    (replay-handshakes). A summary goes to
#    $RESULTS/live-replay-summary.txt. hostapd: SKIP.
# Every wait is bounded, and none assumes an order TCG may not keep: the
# kernel's "authorized" flag is polled, not read once after COMPLETED; a
# storm is over when all stations are COMPLETED together, not when each
# has been once (an AP may re-run a handshake it thinks timed out). A
# failed check prints the AP's output, the station's state and log, `iw
# dev` and the kernel log. Logs and captures are copied to
# $RESULTS/live/. Exits 1 if any check failed, 2 on usage.
set -u
: "${RAPD_ROOT:?run me through tests/vm/vm.sh}"
AP=${1:-}
BUILD_DIR=${2:-build}
case $AP in
rapd | hostapd) ;;
*)
	echo "usage: live.sh rapd|hostapd [BUILD_DIR]" >&2
	exit 2 ;;
esac
. "${BASH_SOURCE[0]%/*}/live_lib.sh"

RAPD=$RAPD_ROOT/$BUILD_DIR/rapd
RAPD_TRACE=$RAPD_ROOT/$BUILD_DIR/rapd-trace
NSTA=20
SSID=rapd-live
PASSPHRASE=live-test-passphrase
WRONG_PASSPHRASE=not-the-passphrase
L=/tmp/live	# every file of the run; copied to $RESULTS/live at the end
AP_CONF=$L/ap.conf
WPA_CTRL=/var/run/wpa_supplicant
CAPTURE=/tmp/live1.pcap
STORM_SECS=150
STOP_SECS=10
case $AP in
rapd) AP_CTRL=/var/run/rapd ;;
hostapd) AP_CTRL=/var/run/hostapd ;;
esac

# Files ----------------------------------------------------------------------

write_configs() {
	printf '%s\n' "interface=$AP_IF" driver=nl80211 "ssid=$SSID" \
		hw_mode=g channel=6 wpa=2 wpa_key_mgmt=WPA-PSK \
		rsn_pairwise=CCMP "wpa_passphrase=$PASSPHRASE" \
		"ctrl_interface=$AP_CTRL" >"$AP_CONF"
	# The network starts disabled: wpa_events enables it, so the time to
	# COMPLETED counts from a known instant. One channel to scan.
	local psk
	for psk in good:$PASSPHRASE bad:$WRONG_PASSPHRASE; do
		printf '%s\n' "ctrl_interface=$WPA_CTRL" p2p_disabled=1 \
			'network={' "  ssid=\"$SSID\"" "  psk=\"${psk#*:}\"" \
			'  key_mgmt=WPA-PSK' '  proto=RSN' '  pairwise=CCMP' \
			'  scan_freq=2437' '  disabled=1' '}' \
			>"$L/sta-${psk%%:*}.conf"
	done
}

# Set-up ---------------------------------------------------------------------

setup() {
	local t0 out
	clock_cs
	t0=$CS
	# CCMP's ciphers would be loaded on demand at the first key; loading
	# them now keeps that out of the handshake timings.
	modprobe -a ccm gcm ctr cmac 2>/dev/null
	if ! out=$(modprobe mac80211_hwsim radios=$((NSTA + 1)) 2>&1) ||
		! wait_until 60 0.2 phys_present $((NSTA + 1)); then
		fail setup "modprobe mac80211_hwsim radios=$((NSTA + 1)):" \
			"${out:-timeout}"
		return 1
	fi
	radios_scan
	AP_IF=${RADIO_DEV[0]}
	if [ "$AP_IF" = - ] || ! move_stations "$NSTA"; then
		fail setup "could not move radios 1..$NSTA to their namespaces"
		diagnose "setup"
		return 1
	fi
	since "$t0"
	pass "setup ($((NSTA + 1)) radios, AP $AP_IF on ${RADIO_PHY[0]}," \
		"stations in sta1..sta$NSTA, $SINCE s)"
}

# The AP ---------------------------------------------------------------------

# Ready when the kernel says wlan0 is an AP beaconing our SSID, or as soon
# as the AP process has died (the caller reports that).
ap_ready() {
	ap_exited && return 0
	iw dev "$AP_IF" info >"$L/iwinfo" 2>&1 &&
		file_has "$L/iwinfo" "type AP" &&
		file_has "$L/iwinfo" "ssid $SSID"
}

ap_start() { # run capture-file|""
	local run=$1 capture=$2 cmd rc
	case $AP in
	rapd) cmd=("$RAPD" -t ${capture:+--capture "$capture"} "$AP_CONF") ;;
	hostapd) cmd=(hostapd -t "$AP_CONF") ;;
	esac
	AP_OUT=$L/ap-$run.out
	echo "  \$ ${cmd[*]} >$AP_OUT"
	"${cmd[@]}" >"$AP_OUT" 2>&1 &
	AP_PID=$!
	if ! wait_until 30 0.3 ap_ready; then
		fail "ap-start-$run" "no AP beaconing on $AP_IF after $WAITED s"
		diagnose "ap-start-$run"
		ap_kill
		return 1
	elif ap_exited; then
		wait "$AP_PID"
		rc=$?
		fail "ap-start-$run" "the AP exited ($rc) after $WAITED s"
		diagnose "ap-start-$run"
		return 1
	fi
	pass "ap-start-$run ($AP_IF beaconing \"$SSID\" after $WAITED s)"
	ap_check_ctrl "$run"
}

# hostapd's control protocol: the stock hostapd_cli serves both APs.
ap_check_ctrl() { # run
	local out
	out=$(timeout 20 hostapd_cli -p "$AP_CTRL" -i "$AP_IF" status 2>&1)
	case $out in
	*state=ENABLED*)
		pass "ap-ctrl-$1 (hostapd_cli status: state=ENABLED)" ;;
	*)
		fail "ap-ctrl-$1" "hostapd_cli status:" \
			"$(echo "$out" | head -n 3 | tr '\n' ' ')" ;;
	esac
}

# SIGTERM, a bounded wait for the exit, its status, and phy0 compared with
# the snapshot taken before the AP started (scenario 4).
ap_stop() { # run snapshot-before
	local run=$1 t0
	echo "== scenario 4: SIGTERM to the AP (run $run)"
	clock_cs
	t0=$CS
	if ap_exited; then
		wait "$AP_PID"
		fail "sigterm-exit-$run" "the AP had already exited ($?)"
		tail -n 10 "$AP_OUT" | indent
	else
		ap_cpu
		kill -TERM "$AP_PID"
		if wait_until "$STOP_SECS" 0.1 ap_exited; then
			ap_check_exit "$run"
		else
			fail "sigterm-exit-$run" "still running" \
				"$STOP_SECS s after SIGTERM"
			diagnose "sigterm-exit-$run"
			ap_kill
		fi
	fi
	ap_check_restored "$run" "$2"
	since "$t0"
	echo "-- scenario 4 (run $run): $SINCE s"
}

ap_check_exit() { # run
	local rc
	wait "$AP_PID"
	rc=$?
	if [ $rc -eq 0 ]; then
		pass "sigterm-exit-$1 (exit 0 after $WAITED s)"
	else
		fail "sigterm-exit-$1" "exit status $rc after $WAITED s"
		tail -n 10 "$AP_OUT" | indent
	fi
}

ap_check_restored() { # run snapshot-before
	local after=$L/phy0-after-$1
	phy_snapshot "${RADIO_IDX[0]}" "$after"
	if cmp -s "$2" "$after"; then
		pass "sigterm-restore-$1 ($(tr '\n' ';' <"$after"))"
	else
		fail "sigterm-restore-$1" "phy0 differs from before the AP"
		diff -u "$2" "$after" | indent
	fi
}

# Scenario 1 -----------------------------------------------------------------

scenario_wpa2() {
	local t0 ev=$L/events-1 dump=$L/stadump-1 dev=${RADIO_DEV[1]}
	local mac=${RADIO_MAC[1]} out
	echo "== scenario 1: WPA2-PSK, station 1 ($dev $mac)"
	clock_cs
	t0=$CS
	ip addr add 192.0.2.1/24 dev "$AP_IF"
	ip -n sta1 addr add 192.0.2.2/24 dev "$dev"
	if ! sta_start 1 "$L/sta-good.conf"; then
		fail wpa2-completed "wpa_supplicant did not start"
		diagnose wpa2 1
		return
	fi
	wpa_events "$WPA_CTRL" connected 60 "$dev" >"$ev" 2>&1
	events_of "$ev" "$dev"
	kv at "$RESULT_LINE"
	case $RESULT_LINE in
	goal=met*)
		pass "wpa2-completed (enable to COMPLETED $KV s)" ;;
	*)
		fail wpa2-completed "not COMPLETED within 60 s: $STA_LINE"
		indent <"$ev"
		diagnose wpa2-completed 1 ;;
	esac

	# The station is COMPLETED once it has sent M4; the AP authorizes
	# it in the kernel when M4 has arrived: a bounded wait for that.
	if wait_until 10 0.5 ap_authorized "$dump" "$mac"; then
		pass "wpa2-authorized (iw station dump: $mac authorized: yes" \
			"$WAITED s after COMPLETED)"
	else
		fail wpa2-authorized "iw station dump: $mac authorized: $KV" \
			"after $WAITED s"
		indent <"$dump"
	fi

	if wait_until 5 0.2 file_has "$AP_OUT" "AP-STA-CONNECTED $mac"; then
		pass "wpa2-ap-event (AP-STA-CONNECTED $mac)"
	else
		fail wpa2-ap-event "no AP-STA-CONNECTED $mac on the AP's stdout"
		tail -n 10 "$AP_OUT" | indent
	fi

	if out=$(ping_from sta1 192.0.2.1); then
		out=$(echo "$out" | grep -o '[0-9]* [a-z ]*received.*loss')
		pass "wpa2-ping (192.0.2.2 -> 192.0.2.1 over the air: $out)"
	else
		fail wpa2-ping "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
		diagnose wpa2-ping 1
	fi
	since "$t0"
	echo "-- scenario 1: $SINCE s"
}

# Scenario 2 -----------------------------------------------------------------

# The AP's last lines about MAC, for the record.
ap_lines_about() { # mac
	grep -F "$1" "$AP_OUT" | tail -n 8 | indent
}

# What the station saw: never COMPLETED, then the AP's deauthentication
# (reason 15, 4-way handshake timeout), the first disconnection it had.
wrongpsk_station() { # events-file limit
	local disc
	events_of "$1" "${RADIO_DEV[2]}"
	kv connected "$STA_LINE"
	case $STA_LINE in
	"" | *" state=COMPLETED "*)
		fail wrongpsk-not-completed "${STA_LINE:-no wpa_events output}"
		indent <"$1" ;;
	*)
		if [ "$KV" = 0 ]; then
			kv first "$STA_LINE"
			pass "wrongpsk-not-completed (never COMPLETED;" \
				"disconnected $KV s after enable;" \
				"${STA_LINE#* })"
		else
			fail wrongpsk-not-completed "COMPLETED $KV time(s)"
		fi ;;
	esac
	disc=$(grep -m1 -o 'CTRL-EVENT-DISCONNECTED .*' "$1")
	case $disc in
	*locally_generated=1*)
		fail wrongpsk-deauth "the station left by itself: $disc" ;;
	*" reason=15"*)
		pass "wrongpsk-deauth (deauthenticated by the AP," \
			"${disc#CTRL-EVENT-DISCONNECTED })" ;;
	"")
		fail wrongpsk-deauth "no deauthentication within $2 s"
		indent <"$1"
		diagnose wrongpsk-deauth 2 ;;
	*)
		fail wrongpsk-deauth "reason is not 15: $disc" ;;
	esac
}

# What the AP printed. hostapd 2.10 prints AP-STA-DISCONNECTED only for a
# station it had authorized, and so does rapd; rapd must have forgotten
# the station once it deauthenticated it.
wrongpsk_ap() { # mac
	if wait_until 5 0.2 file_has "$AP_OUT" \
		"AP-STA-POSSIBLE-PSK-MISMATCH $1"; then
		pass "wrongpsk-mismatch (AP-STA-POSSIBLE-PSK-MISMATCH $1)"
	else
		fail wrongpsk-mismatch "not on the AP's stdout"
		ap_lines_about "$1"
	fi
	if [ "$AP" != rapd ]; then
		echo "  what $AP printed about $1:"
		ap_lines_about "$1"
	else
		local out
		out=$(timeout 20 hostapd_cli -p "$AP_CTRL" -i "$AP_IF" sta "$1" 2>&1)
		case $out in
		*flags=*) fail wrongpsk-ap-forgot "rapd still has it: $out" ;;
		*) pass "wrongpsk-ap-forgot (hostapd_cli sta: ${out:-empty})" ;;
		esac
	fi
}

scenario_wrong_psk() {
	local t0 ev=$L/events-2 limit=40
	echo "== scenario 2: wrong passphrase, station 2" \
		"(${RADIO_DEV[2]} ${RADIO_MAC[2]})"
	clock_cs
	t0=$CS
	if ! sta_start 2 "$L/sta-bad.conf"; then
		fail wrongpsk-not-completed "wpa_supplicant did not start"
		return
	fi
	# Until the station is disconnected (the AP's deauthentication), at
	# most $limit s: the AP resends M1 for a few seconds before giving up.
	wpa_events "$WPA_CTRL" disconnected $limit "${RADIO_DEV[2]}" \
		>"$ev" 2>&1
	wrongpsk_station "$ev" $limit
	wrongpsk_ap "${RADIO_MAC[2]}"
	since "$t0"
	echo "-- scenario 2: $SINCE s"
}

# Scenario 3 -----------------------------------------------------------------

# The stations' side of the storm, from wpa_events' output.
storm_stations() { # events-file
	local last_first
	events_of "$1" -
	storm_tally "$1"
	kv last_first "$RESULT_LINE"
	last_first=$KV
	kv at "$RESULT_LINE"
	case $RESULT_LINE in
	goal=met*)
		pass "storm-completed ($NSTA/$NSTA COMPLETED: the last" \
			"one's first COMPLETED $last_first s after the first" \
			"enable, all COMPLETED together at $KV s;" \
			"disconnections $DISC, association rejections $REJ)" ;;
	*)
		fail storm-completed "$OK/$NSTA COMPLETED after" \
			"$STORM_SECS s; not:$NOT"
		indent <"$1"
		diagnose storm-completed 1 ;;
	esac
	echo "  first COMPLETED per station (s):" $(awk '$1 == "STA" {
		sub(/first=/, "", $3); printf "%s=%s\n", $2, $3 }' "$1")
}

all_authorized() { # dump-file
	iw dev "$AP_IF" station dump >"$1" 2>&1
	AUTHORIZED=$(grep -c $'^\tauthorized:\tyes' "$1")
	[ "$AUTHORIZED" -ge $NSTA ]
}

# The AP's side: the kernel's station table and the AP's event lines.
storm_ap() { # dump-file
	local k missing=
	# The AP may still be finishing a handshake it re-ran: bounded wait.
	if wait_until 20 1 all_authorized "$1" $NSTA; then
		pass "storm-authorized (iw station dump:" \
			"$AUTHORIZED authorized)"
	else
		fail storm-authorized "iw station dump: $AUTHORIZED/$NSTA" \
			"authorized after $WAITED s"
	fi
	for ((k = 1; k <= NSTA; k++)); do
		file_has "$AP_OUT" "AP-STA-CONNECTED ${RADIO_MAC[k]}" ||
			missing="$missing ${RADIO_MAC[k]}"
	done
	if [ -z "$missing" ]; then
		pass "storm-ap-events (AP-STA-CONNECTED for all $NSTA)"
	else
		fail storm-ap-events "no AP-STA-CONNECTED for:$missing"
	fi
}

scenario_storm() {
	local t0 ev=$L/events-3 k devs=()
	echo "== scenario 3: $NSTA stations at once"
	clock_cs
	t0=$CS
	for ((k = 1; k <= NSTA; k++)); do
		devs+=("${RADIO_DEV[k]}")
	done
	if ! sta_start_many "$L/sta-good.conf" $(seq 1 $NSTA); then
		fail storm-completed "a wpa_supplicant did not start"
		diagnose storm
		return
	fi
	since "$t0"
	echo "  $NSTA wpa_supplicant started in $SINCE s; enabling all networks"
	wpa_events "$WPA_CTRL" connected $STORM_SECS "${devs[@]}" >"$ev" 2>&1
	storm_stations "$ev"
	storm_ap "$L/stadump-3"
	since "$t0"
	echo "-- scenario 3: $SINCE s"
}

# Scenario 5 -----------------------------------------------------------------

# rapd --replay of the live capture, with the live BSSID: wlan0's
# address, which a replay cannot ask the kernel for, so its configuration
# names it (bssid=).
replay_run() { # out-pcap
	local rc
	{ cat "$AP_CONF"; echo "bssid=${RADIO_MAC[0]}"; } >"$L/replay.conf"
	timeout 120 "$RAPD" --replay "$CAPTURE" --write "$1" \
		"$L/replay.conf" >"$L/replay.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		pass "replay-run (rapd --replay $CAPTURE --write $1" \
			"CONFIG+bssid: exit 0)"
	else
		fail replay-run "exit $rc"
		tail -n 15 "$L/replay.out" | indent
	fi
}

# Both captures through rapd-trace dump; the replay must have answered
# station 1 of the trace (authentication, association, M1).
replay_dumps() { # out-pcap summary-file
	local f d n
	for f in "$CAPTURE" "$1"; do
		d=$L/${f##*/}.dump
		if "$RAPD_TRACE" dump "$f" >"$d" 2>&1 &&
			[ "$(wc -l <"$d")" -gt 1 ]; then
			pass "replay-dump ($f: $(dump_summary "$d"))"
			echo "$f: $(dump_summary "$d")" >>"$2"
		else
			fail replay-dump "rapd-trace dump $f: $(tail -n 2 "$d")"
		fi
	done
	n=$(awk -F'\t' -v sta="${RADIO_MAC[1]}" -v ap="${RADIO_MAC[0]}" '
		$10 == sta && $11 == ap {
			if ($9 == "Authentication") a = 1
			if ($9 == "Association Response") r = 1
			if ($15 == "1") m = 1
		}
		END { print a + r + m }' "$d")
	if [ "$n" = 3 ]; then
		pass "replay-answers (the replay sent station 1" \
			"authentication, association response and M1)"
	else
		fail replay-answers "station 1 got $n of authentication," \
			"association response and M1 from the replay"
	fi
}

# The live capture's handshakes checked by rapd-trace with the passphrase.
replay_handshakes() { # summary-file
	local hs=$L/handshakes rc
	"$RAPD_TRACE" check-handshake --ssid "$SSID" \
		--passphrase "$PASSPHRASE" "$CAPTURE" >"$hs" 2>&1
	rc=$?
	{ echo "check-handshake $CAPTURE (exit $rc):"; cat "$hs"; } >>"$1"
	if [ $rc -eq 0 ] &&
		grep -F "${RADIO_MAC[1]}" "$hs" | grep -q 'verified' &&
		grep -F "${RADIO_MAC[2]}" "$hs" | grep -q 'mic-failure'; then
		pass "replay-handshakes (station 1 verified, station 2" \
			"mic-failure: $(tail -n 1 "$hs"))"
	else
		fail replay-handshakes "exit $rc"
		indent <"$hs"
	fi
}

scenario_replay() {
	local t0 out=$L/replay-out.pcap sum=$RESULTS/live-replay-summary.txt
	echo "== scenario 5: replay of the live capture"
	if [ "$AP" != rapd ]; then
		skip replay "hostapd has no --capture"
		return
	fi
	clock_cs
	t0=$CS
	: >"$sum"
	replay_run "$out"
	replay_dumps "$out" "$sum"
	replay_handshakes "$sum"
	{ echo "rapd --replay:"; cat "$L/replay.out"; } >>"$sum"
	since "$t0"
	echo "-- scenario 5: $SINCE s"
}

# Main -----------------------------------------------------------------------

save_logs() {
	mkdir -p "$RESULTS/live" &&
		cp "$L"/* "$RESULTS/live/" 2>/dev/null
	[ -f "$CAPTURE" ] && cp "$CAPTURE" "$RESULTS/live/"
	return 0
}

main() {
	local t0 before1=$L/phy0-before-1 before2=$L/phy0-before-2
	local capture=
	clock_cs
	t0=$CS
	echo "guest kernel $(uname -r), $(nproc) vCPUs; AP: $AP"
	if [ "$AP" = rapd ] && [ ! -x "$RAPD" ]; then
		fail setup "$RAPD not built"
		return
	fi
	mkdir -p "$L"
	nap_init
	setup || return
	write_configs

	phy_snapshot "${RADIO_IDX[0]}" "$before1"
	echo "  phy0 before run 1: $(tr '\n' ';' <"$before1")"
	[ "$AP" = rapd ] && capture=$CAPTURE
	if ap_start 1 "$capture"; then
		scenario_wpa2
		scenario_wrong_psk
		sta_stop 1 2
		ap_stop 1 "$before1"
	fi

	# Run 2 starts from an interface that is up: the AP must leave it up.
	ip link set "$AP_IF" up
	phy_snapshot "${RADIO_IDX[0]}" "$before2"
	echo "  phy0 before run 2: $(tr '\n' ';' <"$before2")"
	if ap_start 2 ""; then
		scenario_storm
		ap_stop 2 "$before2"
	fi
	sta_stop $(seq 1 $NSTA)

	scenario_replay
	since "$t0"
	echo "live scenario total: $SINCE s"
}

main
save_logs
exit $FAILED
