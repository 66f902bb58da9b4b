#!/bin/bash
# vm_storm_guest.sh - VM scenario of bench/vm_storm.sh: the same storm of N
# real wpa_supplicant stations against Debian's hostapd and against rapd
# (driver=nl80211), one AP after the other in one guest. Run it through
#   tests/vm/vm.sh -m MB -t SECS bench/vm_storm_guest.sh PLAN [BUILD_DIR]
# PLAN is "N:K,N:K,...": K runs of an N-station storm per AP, N <= 99
# (mac80211_hwsim's radios= stops at 100 and radio 0 is the AP). rapd is
# $RAPD_ROOT/BUILD_DIR/rapd (BUILD_DIR default build).
#
# Set-up, once: mac80211_hwsim with max(N) + 1 radios; radio 0 (wlan0) is
# the AP, radios 1..max(N) go to network namespaces sta1..staN. Then, for
# each N and run k, both APs: hostapd first in odd runs, rapd first in even
# ones, so that a drift of the guest over the run does not favour one AP.
# One storm:
#   1. the AP starts (`hostapd -t CONF` or `rapd -t CONF`, the same
#      hostapd.conf but for ctrl_interface) and beacons on wlan0;
#   2. N wpa_supplicant start, one per station in its namespace, their
#      network disabled (the PSK in hex, so no PBKDF2 runs during the storm);
#   3. the AP's CPU ticks are read, then wpa_events (live_lib.sh) enables
#      the network on all N at once and follows their events until all are
#      COMPLETED together or LIMIT (40 + N) seconds have passed, and the
#      AP's ticks are read again: AP CPU is utime + stime of /proc/PID/stat
#      over the storm alone, its start-up left out (the window also holds
#      python3's start-up, ~1 s: the AP's idle CPU, measured while the
#      stations start, tells what that adds);
#   4. the stations get SIGTERM, then the AP; both are waited for.
# Every figure is guest uptime, counted from the first ENABLE_NETWORK.
#
# Output: progress lines for a reader, and one machine line per storm
# that vm_storm.sh reads (k=v words, times in seconds, "-" when absent):
#   STORM n= ap= run= status=ok|ap-failed|sta-failed all= last_first=
#       reached=R/N disconnections= extra_completions= assoc_rejections=
#       temp_disabled= ap_cpu= ap_cpu_total= ap_netlink_errors=
#       ap_cpu_window= ap_idle_pct= ap_threads=S1,S2,... enable_spread=
#       sta_start= limit= firsts=T1,T2,...
# all: the moment every station was COMPLETED together ("-" if that never
# happened within the limit); firsts: each station's first COMPLETED.
# A missed storm is a figure, not a failure. Each storm's AP output and
# station events are copied to $RESULTS/vm_storm/. Exit 0 when every storm
# ran, 1 when the set-up or an AP or a station failed to start, 2 on usage.
set -u
: "${RAPD_ROOT:?run me through bench/vm_storm.sh}"
PLAN=${1:-}
BUILD_DIR=${2:-build}
. "$RAPD_ROOT/tests/vm/scenarios/live_lib.sh"

RAPD=$RAPD_ROOT/$BUILD_DIR/rapd
SSID=rapd-storm
PASSPHRASE=storm-bench-passphrase
L=/tmp/vm_storm	# the run's files; each storm's are copied to $RESULTS
WPA_CTRL=/var/run/wpa_supplicant
STA_CONF=$L/sta.conf
SETUP_FAILED=0
HZ=100

usage() {
	echo "usage: vm_storm_guest.sh N:K[,N:K...] [BUILD_DIR]  (N 1..99)" >&2
	exit 2
}

# Checks PLAN and sets PLAN_N and PLAN_K (parallel arrays) and MAX_N.
parse_plan() {
	local item n k
	PLAN_N=() PLAN_K=() MAX_N=0
	for item in ${PLAN//,/ }; do
		[[ $item =~ ^([0-9]+):([0-9]+)$ ]] || usage
		n=$((10#${BASH_REMATCH[1]}))
		k=$((10#${BASH_REMATCH[2]}))
		((n >= 1 && n <= 99 && k >= 1)) || usage
		PLAN_N+=("$n") PLAN_K+=("$k")
		((n > MAX_N)) && MAX_N=$n
	done
	((MAX_N > 0)) || usage
}

# Set-up ---------------------------------------------------------------------

setup_radios() {
	local out t0
	clock_cs
	t0=$CS
	# CCMP's ciphers load on demand at the first key otherwise, inside
	# the first storm's timings.
	modprobe -a ccm gcm ctr cmac 2>/dev/null
	if ! out=$(modprobe mac80211_hwsim radios=$((MAX_N + 1)) 2>&1) ||
		! wait_until 60 0.2 phys_present $((MAX_N + 1)); then
		echo "set-up failed: modprobe mac80211_hwsim" \
			"radios=$((MAX_N + 1)): ${out:-timeout}"
		return 1
	fi
	radios_scan
	AP_IF=${RADIO_DEV[0]}
	if [ "$AP_IF" = - ] || ! move_stations "$MAX_N"; then
		echo "set-up failed: radios 1..$MAX_N to namespaces"
		return 1
	fi
	since "$t0"
	echo "set-up: $((MAX_N + 1)) radios, AP $AP_IF, stations in" \
		"sta1..sta$MAX_N, $SINCE s"
}

# Both APs read the same file but for ctrl_interface (hostapd_cli works
# against either). The stations get the PSK in hex: PBKDF2 then runs once,
# here, not in each wpa_supplicant.
write_configs() {
	local ap psk
	for ap in hostapd rapd; do
		printf '%s\n' "interface=$AP_IF" driver=nl80211 "ssid=$SSID" \
			hw_mode=g channel=6 wpa=2 wpa_key_mgmt=WPA-PSK \
			rsn_pairwise=CCMP "wpa_passphrase=$PASSPHRASE" \
			"ctrl_interface=/var/run/$ap" >"$L/$ap.conf"
	done
	psk=$(wpa_passphrase "$SSID" "$PASSPHRASE" |
		sed -n 's/^[[:space:]]*psk=\([0-9a-f]\{64\}\)$/\1/p')
	[ ${#psk} = 64 ] || return 1
	# disabled=1: wpa_events enables every network at one instant.
	printf '%s\n' "ctrl_interface=$WPA_CTRL" p2p_disabled=1 'network={' \
		"  ssid=\"$SSID\"" "  psk=$psk" '  key_mgmt=WPA-PSK' \
		'  proto=RSN' '  pairwise=CCMP' '  scan_freq=2437' \
		'  disabled=1' '}' >"$STA_CONF"
}

# The AP ---------------------------------------------------------------------

# Ready once wlan0 is an AP beaconing our SSID, or once the AP has died.
ap_beaconing() {
	ap_exited && return 0
	iw dev "$AP_IF" info >"$L/iwinfo" 2>&1 &&
		file_has "$L/iwinfo" "type AP" &&
		file_has "$L/iwinfo" "ssid $SSID"
}

# Starts $AP with AP_OUT as its output; AP_PID is our child.
ap_launch() { # tag
	local cmd
	case $AP in
	rapd) cmd=("$RAPD" -t "$L/rapd.conf") ;;
	hostapd) cmd=(hostapd -t "$L/hostapd.conf") ;;
	esac
	AP_OUT=$L/ap-$1.out
	"${cmd[@]}" >"$AP_OUT" 2>&1 &
	AP_PID=$!
	if wait_until 30 0.3 ap_beaconing && ! ap_exited; then
		return 0
	fi
	echo "  $AP did not start (${cmd[*]}): after $WAITED s"
	diagnose "$AP start"
	ap_kill
	return 1
}

# utime + stime so far, in clock ticks, of a /proc/PID/stat or
# /proc/PID/task/TID/stat file, into TICKS (0 once it is gone). The fields
# are counted after the ")" closing the command name.
stat_ticks() { # stat-file
	local line f
	TICKS=0
	read -r line 2>/dev/null <"$1" || return 0
	read -r -a f <<<"${line##*) }"
	TICKS=$((f[11] + f[12]))
}

ap_ticks() {
	stat_ticks "/proc/$AP_PID/stat"
}

# Each AP thread's CPU seconds over its life, in thread-id order (the
# main thread first), comma-separated, into THREADS: where an AP spends
# its time, idle or not. A glob sorts ids as text; an indexed array's keys
# come out in numeric order.
ap_threads() {
	local t by_tid=()
	THREADS=
	for t in /proc/"$AP_PID"/task/*; do
		stat_ticks "$t/stat"
		ticks_secs "$TICKS"
		by_tid[${t##*/}]=$SECS
	done
	for t in "${by_tid[@]}"; do
		THREADS=$THREADS${THREADS:+,}$t
	done
}

ap_terminate() {
	ap_exited || kill -TERM "$AP_PID" 2>/dev/null
	wait_until 10 0.1 ap_exited || ap_kill
	wait "$AP_PID" 2>/dev/null
	return 0
}

# Reading one storm ----------------------------------------------------------

# Ticks to seconds with two decimals, into SECS.
ticks_secs() { # ticks
	printf -v SECS '%d.%02d' $(($1 / HZ)) $(($1 % HZ * 100 / HZ))
}

# The "STA ..." lines of a wpa_events output summed (FIRSTS: the stations'
# first COMPLETED, comma-separated), and its RESULT line's words.
storm_figures() { # events-file
	local tag rest c
	FIRSTS='' DISC=0 EXTRA=0 REJ=0 TEMP=0
	while read -r tag _ rest; do
		[ "$tag" = STA ] || continue
		kv first "$rest"
		FIRSTS=$FIRSTS${FIRSTS:+,}$KV
		kv disconnected "$rest"
		DISC=$((DISC + KV))
		kv connected "$rest"
		c=$KV
		((c > 1)) && EXTRA=$((EXTRA + c - 1))
		kv assoc_rejected "$rest"
		REJ=$((REJ + KV))
		kv temp_disabled "$rest"
		TEMP=$((TEMP + KV))
	done <"$1"
	events_of "$1" -
	kv at "$RESULT_LINE"
	ALL=${KV:--}
	kv last_first "$RESULT_LINE"
	LAST_FIRST=${KV:--}
	kv reached "$RESULT_LINE"
	REACHED=${KV:-0/0}
	kv enable_spread "$RESULT_LINE"
	SPREAD=${KV:--}
	kv refused "$RESULT_LINE"
	REFUSED=${KV:-0}
}

# hostapd 2.10 loses nl80211 events in big storms (ENOBUFS), and says so.
netlink_errors() {
	local lines line
	NLERR=0
	mapfile -t lines <"$AP_OUT"
	for line in "${lines[@]}"; do
		[[ $line == *"nl_recvmsgs failed"* ]] && NLERR=$((NLERR + 1))
	done
	return 0
}

save_storm() { # tag events-file
	mkdir -p "$RESULTS/vm_storm" &&
		cp "$AP_OUT" "$RESULTS/vm_storm/$1.ap.out" &&
		cp "$2" "$RESULTS/vm_storm/$1.events"
	return 0
}

# One storm ------------------------------------------------------------------

# Prints the STORM line of a storm that could not run.
storm_failed() { # n run status
	echo "STORM n=$1 ap=$AP run=$2 status=$3 all=- last_first=-" \
		"reached=0/$1 limit=$((40 + $1))"
	SETUP_FAILED=1
}

# sta_stop, then SIGKILL to any wpa_supplicant still there: the next
# storm starts new ones on the same interfaces.
stations_end() { # n
	local pid
	sta_stop $(seq 1 "$1")
	stas_gone && return 0
	for pid in "${STA_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
	done
	wait_until 10 0.2 stas_gone ||
		echo "  note: wpa_supplicant still running after SIGKILL"
	return 0
}

# The stations' part: start N, enable and follow them, stop them. Sets
# the figures of storm_figures, STA_START, AP_CPU, WINDOW (the seconds
# AP_CPU covers: wpa_events' start-up, the storm, its closing STATUS
# queries) and IDLE_PCT (the AP's CPU, in % of one vCPU, while the
# stations started: their network disabled, it had nothing to answer).
storm_stations() { # n ev
	local n=$1 ev=$2 k devs=() t0 t1 idle before after
	for ((k = 1; k <= n; k++)); do
		devs+=("${RADIO_DEV[k]}")
	done
	ap_ticks
	idle=$TICKS
	clock_cs
	t0=$CS
	if ! sta_start_many "$STA_CONF" $(seq 1 "$n"); then
		stations_end "$n"
		return 1
	fi
	ap_ticks
	before=$TICKS
	clock_cs
	t1=$CS
	since "$t0"
	STA_START=$SINCE
	IDLE_PCT=$(((before - idle) * 100 * 100 / HZ / (t1 - t0 + 1)))
	wpa_events "$WPA_CTRL" connected $((40 + n)) "${devs[@]}" >"$ev" 2>&1
	ap_ticks
	after=$TICKS
	since "$t1"
	WINDOW=$SINCE
	stations_end "$n"
	ticks_secs $((after - before))
	AP_CPU=$SECS
	storm_figures "$ev"
}

storm() { # n run ap
	local n=$1 run=$2 tag=$1-$3-$2 ev
	AP=$3
	ev=$L/$tag.events
	if ! ap_launch "$tag"; then
		storm_failed "$n" "$run" ap-failed
		return
	fi
	if ! storm_stations "$n" "$ev"; then
		echo "  a wpa_supplicant did not start"
		ap_terminate
		storm_failed "$n" "$run" sta-failed
		return
	fi
	ap_ticks
	ticks_secs "$TICKS"
	local total=$SECS status=ok
	ap_threads
	ap_terminate
	netlink_errors
	save_storm "$tag" "$ev"
	# A refused ATTACH or ENABLE_NETWORK: the storm did not run as asked.
	[ "$REFUSED" = 0 ] || { status=sta-failed; SETUP_FAILED=1; }
	echo "  N=$n run $run $AP: all COMPLETED at $ALL s (last first" \
		"$LAST_FIRST s, reached $REACHED), disconnections $DISC," \
		"AP CPU $AP_CPU s; stations started in $STA_START s"
	echo "STORM n=$n ap=$AP run=$run status=$status all=$ALL" \
		"last_first=$LAST_FIRST reached=$REACHED" \
		"disconnections=$DISC extra_completions=$EXTRA" \
		"assoc_rejections=$REJ temp_disabled=$TEMP ap_cpu=$AP_CPU" \
		"ap_cpu_total=$total ap_netlink_errors=$NLERR" \
		"ap_cpu_window=$WINDOW ap_idle_pct=$IDLE_PCT" \
		"ap_threads=$THREADS" \
		"enable_spread=$SPREAD sta_start=$STA_START" \
		"limit=$((40 + n)) firsts=$FIRSTS"
}

# Main -----------------------------------------------------------------------

main() {
	local i n k t0 order
	parse_plan
	clock_cs
	t0=$CS
	echo "guest kernel $(uname -r), $(nproc) vCPUs," \
		"$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)" \
		"MiB; plan $PLAN; $(hostapd -v 2>&1 | head -n 1);" \
		"$(wpa_supplicant -v | head -n 1)"
	[ -x "$RAPD" ] || { echo "set-up failed: $RAPD not built"; return 1; }
	HZ=$(getconf CLK_TCK) || HZ=100
	mkdir -p "$L"
	nap_init
	setup_radios || return 1
	write_configs || { echo "set-up failed: wpa_passphrase"; return 1; }
	for i in "${!PLAN_N[@]}"; do
		n=${PLAN_N[i]}
		for ((k = 1; k <= PLAN_K[i]; k++)); do
			order="hostapd rapd"
			((k % 2 == 0)) && order="rapd hostapd"
			echo "== N=$n run $k/${PLAN_K[i]}: $order"
			for AP in $order; do
				storm "$n" "$k" "$AP"
			done
		done
	done
	since "$t0"
	echo "vm_storm total: $SINCE s"
	return $SETUP_FAILED
}

main
