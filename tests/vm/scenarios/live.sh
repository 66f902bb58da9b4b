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
# that IP traffic really crosses the simulated air. The AP runs four times:
#   run 1   scenarios 1 and 2, then SIGTERM (scenario 4, wlan0 was down);
#   run 2   a daemon (scenario 6): scenarios 3, 7, 8 and 9, then SIGTERM
#           with the stations connected (scenario 4 again, wlan0 was up);
#   runs 3, 4   rapd only, scenario 10 (wlan0 up, then down, before).
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
#  4 SIGTERM: the AP exits within STOP_SECS, with status 0 when it is our
#    child (sigterm-exit-RUN), and leaves phy0 as it found it: same
#    interfaces, addresses, types, channels and up/down state, no monitor
#    interface (sigterm-restore-RUN); a daemon's pid file is gone
#    (daemon-pidfile-removed).
#  5 rapd only: rapd --replay /tmp/live1.pcap --write OUT CONFIG exits 0,
#    CONFIG naming the live BSSID (replay-run); rapd-trace dump reads both
#    files (replay-dump); the replay answered station 1 of the trace
#    (replay-answers); rapd-trace check-handshake verifies station 1's
#    handshake in the live capture and finds station 2's MIC wrong
#    (replay-handshakes). A summary goes to
#    $RESULTS/live-replay-summary.txt. hostapd: SKIP.
#  6 The AP of run 2 started with -B -P ap.pid -f ap.log -t: the
#    foreground command returns 0 with wlan0 already beaconing
#    (daemon-foreground); the pid file names a live rapd/hostapd
#    (daemon-pidfile), to which SIGTERM and SIGHUP go; ap.log holds the
#    time-stamped AP-STA-CONNECTED lines of the storm (daemon-log).
#  7 rapd only: `iw dev wlan0 station del` station 1: the AP
#    deauthenticates it (reason 2) and it is COMPLETED again on its own
#    (kernel-del-station); AP-STA-DISCONNECTED, then AP-STA-CONNECTED again
#    (kernel-del-ap-events). hostapd 2.10 ignores that event: SKIP.
#  8 A station nobody owns (FAKE), injected by inject.py from mon20, a
#    plain monitor interface alone on radio 20 (station 20 stopped), with
#    dumpcap on it: authentication and association request; the AP's
#    association response goes unacknowledged, so the station dump never
#    lists FAKE (`iw event`: rapd never adds it; hostapd 2.10 adds it
#    unassociated at authentication and removes it) and the AP does not
#    call it associated (noack-no-station). Then
#    a To-DS data frame from FAKE, which the kernel drops and reports: the
#    AP sends FAKE a deauthentication or disassociation with reason 7,
#    found by tshark in the capture (class3-deauth).
#  9 ssid= changed in the configuration file, SIGHUP: station 1's passive
#    scan of channel 6 sees the new SSID from the BSSID (sighup-new-ssid);
#    the file is put back and SIGHUP sent again.
# 10 rapd only: `ip link set wlan0 down` under a running rapd (run 3), and
#    `iw dev mon.wlan0 del` (run 4): rapd logs "wlan0: interface went
#    down: stopping" (or "interface removed") and exits 1 within STOP_SECS
#    (link-down-exit, mon-del-exit), and phy0 is as before it started
#    (link-down-restore, mon-del-restore).
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
INJECT=${BASH_SOURCE[0]%/*}/inject.py
NSTA=20
SSID=rapd-live
PASSPHRASE=live-test-passphrase
WRONG_PASSPHRASE=not-the-passphrase
FAKE=02:de:ad:00:00:01	# a station MAC no interface owns: nothing ACKs it
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
	sta_counters "$mac"
	since "$t0"
	echo "-- scenario 1: $SINCE s"
}

# Scenario 2 -----------------------------------------------------------------

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
		out=$(timeout 20 hostapd_cli -p "$AP_CTRL" -i "$AP_IF" \
			sta "$1" 2>&1)
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

# Scenario 7 -----------------------------------------------------------------

# The station's side of a removal: disconnected by the AP with REASON,
# then COMPLETED again on its own (wpa_events' goal "connected" is met
# only by a CTRL-EVENT-CONNECTED after it started).
kdel_station() { # events-file reason
	local disc
	events_of "$1" "${RADIO_DEV[1]}"
	disc=$(grep -m1 -o 'EVENT .*CTRL-EVENT-DISCONNECTED .*' "$1")
	disc=${disc#EVENT * }
	kv at "$RESULT_LINE"
	if [[ $RESULT_LINE != goal=met* || ! $disc =~ \ reason=$2(\ |$) ]]
	then
		fail kernel-del-station "expected a deauthentication with" \
			"reason $2 and COMPLETED again within 30 s: $STA_LINE"
		indent <"$1"
		diagnose kernel-del-station 1
	elif [[ $disc == *locally_generated=1* ]]; then
		fail kernel-del-station "the station left by itself: $disc"
	else
		pass "kernel-del-station (station 1: at ${disc%% *} s" \
			"CTRL-EVENT-DISCONNECTED reason=$2, COMPLETED again" \
			"at $KV s)"
	fi
}

# The AP's side: AP-STA-DISCONNECTED, then one more AP-STA-CONNECTED after
# it than before the removal.
kdel_reconnected() { # mac connected-before
	local disc_at
	count_lines "$AP_OUT" "AP-STA-DISCONNECTED $1"
	disc_at=$LAST
	count_lines "$AP_OUT" "AP-STA-CONNECTED $1"
	[ "$disc_at" -gt 0 ] && [ "$COUNT" -gt "$2" ] &&
		[ "$LAST" -gt "$disc_at" ]
}

# `iw station del` on station 1: the kernel forgets it and tells the AP,
# which must deauthenticate it (rapd: reason 2, about 1 s after the
# kernel's event) so that the station starts again.
scenario_kernel_del() {
	local mac=${RADIO_MAC[1]} ev=$L/events-7 ready=$L/events-7.ready
	local t0 before evpid
	echo "== scenario 7: the kernel removes station 1 ($mac)"
	if [ "$AP" != rapd ]; then
		# Seen in this VM: no event line, station 1 COMPLETED for 30 s.
		skip kernel-del-station "hostapd 2.10 ignores the kernel's" \
			"DEL_STATION: it neither prints nor deauthenticates"
		return
	fi
	clock_cs
	t0=$CS
	count_lines "$AP_OUT" "AP-STA-CONNECTED $mac"
	before=$COUNT
	rm -f "$ready"
	WPA_EVENTS_READY=$ready wpa_events "$WPA_CTRL" connected 30 \
		"${RADIO_DEV[1]}" >"$ev" 2>&1 &
	evpid=$!
	if ! wait_until 15 0.1 [ -e "$ready" ] ||
		! iw dev "$AP_IF" station del "$mac"; then
		fail kernel-del-station "could not watch and remove station 1"
		wait "$evpid"
		return
	fi
	wait "$evpid"
	kdel_station "$ev" 2
	if wait_until 5 0.2 kdel_reconnected "$mac" "$before"; then
		pass "kernel-del-ap-events (AP-STA-DISCONNECTED $mac, then" \
			"AP-STA-CONNECTED $mac again)"
	else
		fail kernel-del-ap-events "no AP-STA-DISCONNECTED then" \
			"AP-STA-CONNECTED $mac on the AP's output"
		ap_lines_about "$mac"
	fi
	since "$t0"
	echo "-- scenario 7: $SINCE s"
}

# Scenario 8 -----------------------------------------------------------------

# The frames of a station nobody owns (FAKE): authentication (open, seq 1),
# association request (SSID, rates, RSN WPA2-PSK CCMP), and a To-DS data
# frame (LLC/SNAP IPv4). Sequence numbers are ours to give on a monitor
# interface. Into FAKE_AUTH, FAKE_ASSOC and FAKE_DATA.
fake_frames() {
	local ap=${RADIO_MAC[0]//:/} sta=${FAKE//:/} hdr len
	hdr="0000 $ap $sta $ap"	# duration, addr1, addr2, addr3
	hex_of "$SSID"
	printf -v len '%02x' ${#SSID}
	FAKE_AUTH="b000 $hdr 1000 0000 0100 0000"
	FAKE_ASSOC="0000 $hdr 2000 3104 0a00 00$len$HEX"
	FAKE_ASSOC+=" 0108 82848b960c121824 3204 3048606c"
	FAKE_ASSOC+=" 3014 0100 000fac04 0100 000fac04 0100 000fac02 0000"
	FAKE_DATA="0801 $hdr 3000 aaaa03000000 0800"
	FAKE_DATA+=" 45000014000100004000 0000 c0000264 c0000201"
}

# mon20: a plain monitor interface on radio 20 (in sta20), alone on its
# radio, on channel 6, and dumpcap on it. Alone: with wlan20 associated
# beside it, radio 20 sent none of the injected frames (seen in this VM:
# no TX echo, no answer); a monitor alone on its channel sends them, as
# in shared/hwsim-vm's injection test.
capture_start() {
	local ns=sta$NSTA
	MON_PID=
	sta_stop "$NSTA"
	ip -n "$ns" link set "${RADIO_DEV[NSTA]}" down
	ip netns exec "$ns" iw phy "${RADIO_PHY[NSTA]}" interface add mon20 \
		type monitor && ip -n "$ns" link set mon20 up &&
		ip netns exec "$ns" iw dev mon20 set freq 2437 || return 1
	ip netns exec "$ns" dumpcap -q -P -i mon20 -w "$L/mon20.pcap" \
		>"$L/dumpcap.out" 2>&1 &
	MON_PID=$!
	wait_until 20 0.2 file_has "$L/dumpcap.out" "Capturing on"
}

capture_stop() {
	[ -n "$MON_PID" ] && kill -TERM "$MON_PID" 2>/dev/null &&
		wait "$MON_PID"
	ip netns exec "sta$NSTA" iw dev mon20 del 2>/dev/null
	return 0
}

fake_listed() {
	iw dev "$AP_IF" station dump >"$L/stadump-8" 2>&1
	file_has "$L/stadump-8" "Station $FAKE"
}

# The frames to or from FAKE in the capture as tshark dissects them, one
# line each: number,subtype,sa,da,reason,status (into the file FAKE_ROWS).
fake_rows() { # pcap
	FAKE_ROWS=$L/fake-frames
	timeout 60 tshark -r "$1" -Y "wlan.addr == $FAKE" -T fields -E \
		separator=, -e frame.number -e wlan.fc.type_subtype -e wlan.sa \
		-e wlan.da -e wlan.fixed.reason_code \
		-e wlan.fixed.status_code >"$FAKE_ROWS" 2>"$L/tshark.err"
	echo "  frames to or from $FAKE (number,subtype,sa,da,reason,status):"
	indent <"$FAKE_ROWS"
}

# The first frame from the AP to FAKE of subtype SUBTYPE (0x000c, as
# tshark writes it) whose reason (field 5) or status (field 6) is VALUE:
# "#number" into FOUND, empty when none.
ap_sent_fake() { # subtype field value
	local row f
	FOUND=
	while IFS= read -r row; do
		IFS=, read -r -a f <<<"$row,"
		[ "${f[1]}" = "$1" ] && [ "${f[2]}" = "${RADIO_MAC[0]}" ] &&
			[ "${f[3]}" = "$FAKE" ] && [ "${f[$2 - 1]}" = "$3" ] &&
			FOUND="#${f[0]}" && return 0
	done <"$FAKE_ROWS"
	return 1
}

# What the kernel had of FAKE, from `iw event` (which a poll could miss)
# and the station dump polled for 3 s from the association request on:
# the reason to fail into WHY (empty: none), what was seen into SAW. rapd
# adds a station (NEW_STATION) only once its association response was
# ACKed, so none may appear; hostapd 2.10 adds it unassociated at
# authentication and must have removed it again. The listener must have
# heard station 20 leave, or its silence says nothing.
fake_in_kernel() { # listed-after|""
	local new
	WHY= SAW=
	count_lines "$L/iw-event" "del station ${RADIO_MAC[NSTA]}"
	[ "$COUNT" = 0 ] && WHY="iw event did not hear station $NSTA leave"
	count_lines "$L/iw-event" "new station $FAKE"
	new=$COUNT
	count_lines "$L/iw-event" "del station $FAKE"
	SAW="iw event: $new new, $COUNT del station $FAKE"
	if [ -n "$1" ]; then
		WHY="iw station dump lists it $1 s after it asked to associate"
	elif [ "$AP" = rapd ] && [ "$new" -gt 0 ]; then
		WHY="rapd added it to the kernel (new station event)"
	elif [ "$new" -gt "$COUNT" ]; then
		WHY="the kernel still has it ($SAW)"
	fi
}

# Nothing ACKed the AP's answers: the kernel does not have FAKE
# (fake_in_kernel), the AP does not call it associated, and the capture
# shows the association response (status 0) that went unacknowledged:
# without it the check would prove nothing.
noack_check() { # listed-after|"" hostapd_cli-output
	local flags
	flags=$(echo "$2" | grep -m1 -E '^(flags=|FAIL)')
	fake_in_kernel "$1"
	if [ -n "$WHY" ]; then
		fail noack-no-station "$WHY"
		indent <"$L/stadump-8"
		indent <"$L/iw-event"
	elif [[ $2 == *"[ASSOC]"* ]]; then
		fail noack-no-station "$AP has it associated: $flags"
	elif ! ap_sent_fake 0x0001 6 0x0000; then
		fail noack-no-station "the AP sent $FAKE no association" \
			"response with status 0"
		ap_lines_about "$FAKE"
	else
		pass "noack-no-station (association response $FOUND went" \
			"unacknowledged; never in iw station dump over 3 s;" \
			"$SAW; hostapd_cli sta: ${flags:-empty})"
	fi
}

# The AP's answer to FAKE's class 3 frame: a Deauthentication (0x000c)
# or Disassociation (0x000a) with reason 7.
class3_check() { # pcap
	if ap_sent_fake 0x000c 5 0x0007; then
		pass "class3-deauth (Deauthentication $FOUND to $FAKE," \
			"reason 7, in $1)"
	elif ap_sent_fake 0x000a 5 0x0007; then
		pass "class3-deauth (Disassociation $FOUND to $FAKE," \
			"reason 7, in $1)"
	else
		fail class3-deauth "no deauthentication or disassociation" \
			"with reason 7 to $FAKE in $1"
		indent <"$L/tshark.err"
		ap_lines_about "$FAKE"
	fi
}

# A station nobody owns authenticates and associates: nothing ACKs the
# AP's answers (noack-no-station). Its class 3 data frame then reaches a
# kernel that does not know it, which reports it to the AP: the AP answers
# with reason 7 (class3-deauth), seen on the air by mon20.
scenario_fake_station() {
	local t0 listed= sta inject ev_pid
	inject=(ip netns exec "sta$NSTA" python3 "$INJECT" mon20)
	echo "== scenario 8: a station nobody owns ($FAKE), from radio $NSTA"
	clock_cs
	t0=$CS
	fake_frames
	# Line-buffered: SIGTERM ends iw without flushing its stdio buffer.
	stdbuf -oL iw event -t >"$L/iw-event" 2>&1 &
	ev_pid=$!
	# iw must have subscribed before station 20 leaves (capture_start):
	# starting it takes up to a few seconds under TCG on a loaded host.
	nap 3
	if ! capture_start; then
		fail noack-no-station "no monitor interface or capture on" \
			"radio $NSTA"
		indent <"$L/dumpcap.out"
		capture_stop
		kill "$ev_pid"
		return
	fi
	"${inject[@]}" "$FAKE_AUTH" "$FAKE_ASSOC" >"$L/inject.out" 2>&1 ||
		fail noack-no-station "inject.py: $(tail -n 1 "$L/inject.out")"
	wait_until 3 0.3 fake_listed && listed=$WAITED
	# Still running, so it heard all along.
	kill "$ev_pid" 2>/dev/null ||
		fail noack-no-station "iw event: $(tail -n 1 "$L/iw-event")"
	wait "$ev_pid"
	sta=$(timeout 20 hostapd_cli -p "$AP_CTRL" -i "$AP_IF" sta "$FAKE" \
		2>&1)
	"${inject[@]}" "$FAKE_DATA" >>"$L/inject.out" 2>&1 ||
		fail class3-deauth "inject.py: $(tail -n 1 "$L/inject.out")"
	nap 2	# the kernel's event, the AP's answer
	capture_stop
	fake_rows "$L/mon20.pcap"
	noack_check "$listed" "$sta"
	class3_check "$L/mon20.pcap"
	since "$t0"
	echo "-- scenario 8: $SINCE s"
}

# Scenario 9 -----------------------------------------------------------------

# Has station 1's last scan a BSS of our BSSID named SSID? If not, a new
# passive scan of channel 6 (beacons only) for the next look.
scan_sees() { # ssid
	local dev=${RADIO_DEV[1]} line lines
	wpa_cli -p "$WPA_CTRL" -i "$dev" scan_results >"$L/scan" 2>&1
	mapfile -t lines <"$L/scan"
	for line in "${lines[@]}"; do
		[[ $line == "${RADIO_MAC[0]}"$'\t'*$'\t'"$1" ]] && return 0
	done
	wpa_cli -p "$WPA_CTRL" -i "$dev" scan freq=2437 passive=1 >/dev/null
	return 1
}

# ssid= changed in the AP's configuration, SIGHUP: the beacon carries the
# new SSID (rapd: SET_BEACON). The file and the SSID are put back after.
scenario_sighup() {
	local new=$SSID-hup t0
	echo "== scenario 9: SIGHUP with ssid=$new"
	clock_cs
	t0=$CS
	cp "$AP_CONF" "$L/ap.conf.orig"
	sed -i "s/^ssid=.*/ssid=$new/" "$AP_CONF"
	kill -HUP "$AP_PID"
	if wait_until 20 1 scan_sees "$new"; then
		pass "sighup-new-ssid (station 1's passive scan saw" \
			"\"$new\" from ${RADIO_MAC[0]} $WAITED s after SIGHUP)"
	else
		fail sighup-new-ssid "no beacon of \"$new\" in station 1's" \
			"scans after $WAITED s"
		indent <"$L/scan"
		tail -n 5 "$AP_OUT" | indent
	fi
	cp "$L/ap.conf.orig" "$AP_CONF"
	kill -HUP "$AP_PID"
	since "$t0"
	echo "-- scenario 9: $SINCE s"
}

# Scenario 10 ----------------------------------------------------------------

# rapd started alone, then its interface taken from under it by CMD...:
# rapd must log why it stops (one of WHY, "|"-separated), exit 1 within
# STOP_SECS (NAME-exit), and leave phy0 as the snapshot taken before it
# started (NAME-restore).
iface_gone() { # run name why cmd...
	local run=$1 name=$2 why=$3 before=$L/phy0-before-$1 rc said
	shift 3
	phy_snapshot "${RADIO_IDX[0]}" "$before"
	ap_start "$run" "" || return
	echo "  \$ $*"
	"$@"
	if ! wait_until "$STOP_SECS" 0.1 ap_exited; then
		fail "$name-exit" "rapd still running $STOP_SECS s after: $*"
		diagnose "$name-exit"
		ap_kill
		return
	fi
	wait "$AP_PID"
	rc=$?
	said=$(grep -m1 -o "$AP_IF: .*: stopping" "$AP_OUT")
	if [ $rc -eq 1 ] && [[ $said =~ ^$AP_IF:\ ($why):\ stopping$ ]]; then
		pass "$name-exit (exit 1 after $WAITED s: \"$said\")"
	else
		fail "$name-exit" "exit $rc after $WAITED s, said" \
			"\"${said:-nothing}\", expected" \
			"\"$AP_IF: $why: stopping\""
		tail -n 10 "$AP_OUT" | indent
	fi
	phy_snapshot "${RADIO_IDX[0]}" "$L/phy0-after-$run"
	if cmp -s "$before" "$L/phy0-after-$run"; then
		pass "$name-restore ($(tr '\n' ';' <"$before"))"
	else
		fail "$name-restore" "phy0 differs from before rapd"
		diff -u "$before" "$L/phy0-after-$run" | indent
	fi
}

# Run 3 from wlan0 up, run 4 from wlan0 down: each must find it so again.
scenario_iface_gone() {
	local t0
	echo "== scenario 10: the interface goes away under the AP"
	if [ "$AP" != rapd ]; then
		skip link-down "rapd's own contract (exit 1, interfaces" \
			"restored)"
		skip mon-del "hostapd 2.10 makes no monitor interface"
		return
	fi
	clock_cs
	t0=$CS
	ip link set "$AP_IF" up
	iface_gone 3 link-down "interface went down" \
		ip link set "$AP_IF" down
	ip link set "$AP_IF" down
	iface_gone 4 mon-del "interface went down|interface removed" \
		iw dev "mon.$AP_IF" del
	channel_refused
	since "$t0"
	echo "-- scenario 10: $SINCE s"
}

# A channel the regulatory domain does not allow an AP to start on (5 GHz
# channel 36 is no-IR in the world domain hwsim starts with): rapd refuses
# before touching anything: exit 1, the reason, phy0 unchanged.
channel_refused() {
	local conf=$L/ap-ch36.conf before=$L/phy0-before-ch36 rc out
	sed 's/^hw_mode=.*/hw_mode=a/; s/^channel=.*/channel=36/' "$AP_CONF" \
		>"$conf"
	phy_snapshot "${RADIO_IDX[0]}" "$before"
	out=$(timeout 30 "$RAPD" "$conf" 2>&1)
	rc=$?
	phy_snapshot "${RADIO_IDX[0]}" "$L/phy0-after-ch36"
	if [ $rc -eq 1 ] && [[ $out == *"channel 36 (5180 MHz) is"* ]] &&
		cmp -s "$before" "$L/phy0-after-ch36"; then
		pass "channel-refused (exit 1: $(echo "$out" | head -n 1))"
	else
		fail channel-refused "exit $rc: $(echo "$out" | head -n 3 |
			tr '\n' ' ')"
		diff -u "$before" "$L/phy0-after-ch36" | indent
	fi
}

# The kernel's traffic counters in `hostapd_cli sta` (rapd: GET_STATION),
# after the pings: rx_packets above 0 and an inactive_msec line.
sta_counters() { # mac
	local out rx
	out=$(timeout 20 hostapd_cli -p "$AP_CTRL" -i "$AP_IF" sta "$1" 2>&1)
	rx=$(echo "$out" | sed -n 's/^rx_packets=//p')
	if [ "${rx:-0}" -gt 0 ] && echo "$out" | grep -q '^inactive_msec='; then
		pass "wpa2-sta-counters (hostapd_cli sta: rx_packets=$rx" \
			"$(echo "$out" | grep -E '^(tx_packets|inactive_msec)=' |
				tr '\n' ' '))"
	else
		fail wpa2-sta-counters "no kernel counters: $(echo "$out" |
			tr '\n' ' ' | head -c 300)"
	fi
}

# Scenario 11 (rapd): ap_max_inactivity=6. A station's data goes to the
# kernel, never to rapd, so rapd must ask the kernel (GET_STATION) before
# it expires a station: pinging for 10 s keeps station 1 associated; once
# it is quiet, rapd deauthenticates it with reason 4 (inactivity).
disconnects() { grep -c 'CTRL-EVENT-DISCONNECTED' "$L/wpas-1.log"; }
inactive_deauth() { grep -q 'CTRL-EVENT-DISCONNECTED .*reason=4' "$L/wpas-1.log"; }

scenario_inactivity() {
	local t0 ev=$L/events-11 dev=${RADIO_DEV[1]} before n
	echo "== scenario 11: inactivity (ap_max_inactivity=6)"
	if [ "$AP" != rapd ]; then
		skip inactivity "hostapd polls an idle station before it" \
			"expires it; rapd's contract here is the kernel's counter"
		return
	fi
	clock_cs
	t0=$CS
	cp "$AP_CONF" "$L/ap.conf.saved"
	echo ap_max_inactivity=6 >>"$AP_CONF"
	ap_start 5 "" || { cp "$L/ap.conf.saved" "$AP_CONF"; return; }
	ip addr replace 192.0.2.1/24 dev "$AP_IF"
	sta_start 1 "$L/sta-good.conf"
	wpa_events "$WPA_CTRL" connected 60 "$dev" >"$ev" 2>&1
	before=$(disconnects)
	ip netns exec sta1 busybox ping -q -c 10 -i 1 -w 15 192.0.2.1 \
		>/dev/null 2>&1
	n=$(disconnects)
	if [ "$n" -eq "$before" ]; then
		pass "inactivity-kept (10 s of pings, kept past 6 s:" \
			"rapd read the kernel's inactivity)"
	else
		fail inactivity-kept "disconnected while pinging"
		tail -n 10 "$AP_OUT" | indent
	fi
	if wait_until 25 0.5 inactive_deauth; then
		pass "inactivity-deauth (reason 4 $WAITED s after the pings" \
			"stopped)"
	else
		fail inactivity-deauth "no deauthentication with reason 4" \
			"within 25 s of silence"
		grep 'CTRL-EVENT-DISCONNECTED' "$L/wpas-1.log" | indent
	fi
	sta_stop 1
	kill -TERM "$AP_PID"
	wait_until "$STOP_SECS" 0.1 ap_exited || ap_kill
	cp "$L/ap.conf.saved" "$AP_CONF"
	since "$t0"
	echo "-- scenario 11: $SINCE s"
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
	if ap_start_daemon 2; then
		scenario_storm
		daemon_check_log
		scenario_kernel_del
		scenario_fake_station
		scenario_sighup
		ap_stop 2 "$before2"
	fi
	sta_stop $(seq 1 $NSTA)

	scenario_iface_gone
	scenario_inactivity
	scenario_replay
	since "$t0"
	echo "live scenario total: $SINCE s"
}

main
save_logs
exit $FAILED
