# live_lib.sh - helpers of tests/vm/scenarios/live.sh (sourced, not run).
#
# Runs in the guest, as root, under bash. Under TCG every fork+exec costs
# 0.1-0.5 s, so whatever runs inside a wait loop is a bash built-in: the
# clock is /proc/uptime read in centiseconds, a pause is `read -t` on a
# FIFO nobody writes to, a file is searched with mapfile. External
# commands (iw, ip, wpa_supplicant) run once per step, not once per poll,
# and the stations are watched by one python3 process (wpa_events) that
# listens to their control sockets instead of polling them.
#
# The caller sets AP (rapd or hostapd: the result lines are
# vm/live/$AP/NAME), L (the folder for logs and pid files), WPA_CTRL (the
# stations' control folder), and for the AP helpers AP_IF, AP_PID (the
# AP: a child of the caller, or with AP_DAEMON=1 a daemon it found in a
# pid file) and AP_OUT (its stdout, or its -f log file). Defines:
#   clock_cs / since STAMP     time stamps (CS) and elapsed seconds (SINCE)
#   nap SECS / wait_until      a pause; a bounded retry (WAITED: seconds)
#   file_has FILE TEXT         does FILE hold TEXT
#   count_lines FILE TEXT      lines of FILE holding TEXT (COUNT, LAST)
#   kv KEY "k=v ..."           one value of a key=value list (KV)
#   hex_of TEXT                TEXT's bytes in hex (HEX)
#   pass / fail / skip, indent the result lines and their diagnostics
#   phys_present N             does the kernel have N wiphys
#   radios_scan                RADIO_PHY, RADIO_IDX, RADIO_DEV, RADIO_MAC
#   move_stations N            radios 1..N into netns sta1..staN
#   phy_snapshot IDX FILE      a phy's interfaces, types, channels, up/down
#   sta_authorized FILE MAC    "authorized" of MAC in `iw station dump`
#   diagnose WHY K...          what helps after a failed check
#   ap_exited / ap_kill / ap_cpu   the AP process: gone? kill; CPU time
#   ap_start RUN CAPTURE       the AP as our child; ap-start-RUN, ap-ctrl-RUN
#   ap_start_daemon RUN        with -B -P -f -t (scenario 6): daemon-*
#   daemon_check_log           the -f log's event lines (daemon-log)
#   ap_stop RUN SNAPSHOT       SIGTERM (scenario 4): sigterm-exit/restore-RUN
#   ap_lines_about MAC         the AP's last lines naming MAC
#   ap_authorized / all_authorized  the kernel's station table
#   sta_start / sta_start_many / sta_stop   wpa_supplicant per station
#   ping_from NS ADDR          three pings from a station's namespace
#   wpa_events                 enable the stations' networks, follow them
#   events_of / storm_tally    read wpa_events' output
#   dump_summary               frames per type of a `rapd-trace dump`
# FAILED is set to 1 by fail().

FAILED=0

# Guest uptime in centiseconds (/proc/uptime has two decimals), into CS.
clock_cs() {
	local up
	read -r up _ </proc/uptime
	CS=$((10#${up/./}))
}

# Seconds since a clock_cs stamp, one decimal, into SINCE.
since() { # stamp
	local d
	clock_cs
	d=$((CS - $1))
	printf -v SINCE '%d.%d' $((d / 100)) $((d % 100 / 10))
}

# A pause without a fork: read with a time-out on a FIFO held open for
# reading and writing (so the read neither gets EOF nor blocks forever).
nap_init() {
	rm -f /tmp/live-nap
	mkfifo /tmp/live-nap && exec {NAP_FD}<>/tmp/live-nap
}

nap() { # seconds
	if [ -n "${NAP_FD-}" ]; then
		read -r -t "$1" -u "$NAP_FD" _
	else
		sleep "$1"
	fi
	return 0
}

# Runs CMD... every STEP seconds until it succeeds (0) or SECS (whole
# seconds) have passed (1). WAITED holds the seconds it took either way.
wait_until() { # secs step cmd...
	local limit=$(($1 * 100)) step=$2 t0
	shift 2
	clock_cs
	t0=$CS
	until "$@"; do
		clock_cs
		if ((CS - t0 >= limit)); then
			since "$t0"
			WAITED=$SINCE
			return 1
		fi
		nap "$step"
	done
	since "$t0"
	WAITED=$SINCE
}

# True if FILE holds TEXT (within one line; lines are joined by spaces,
# which no caller's TEXT spans).
file_has() { # file text
	local lines
	[ -r "$1" ] || return 1
	mapfile -t lines <"$1"
	[[ " ${lines[*]} " == *"$2"* ]]
}

# How many lines of FILE hold TEXT (COUNT), and the number (from 1) of the
# last one (LAST, 0 when none).
count_lines() { # file text
	local lines i
	COUNT=0 LAST=0
	[ -r "$1" ] || return 0
	mapfile -t lines <"$1"
	for i in "${!lines[@]}"; do
		[[ ${lines[i]} == *"$2"* ]] || continue
		COUNT=$((COUNT + 1))
		LAST=$((i + 1))
	done
}

# The bytes of TEXT (ASCII) as lower-case hex digits, into HEX.
hex_of() { # text
	local i
	HEX=
	for ((i = 0; i < ${#1}; i++)); do
		printf -v HEX '%s%02x' "$HEX" "'${1:i:1}"
	done
}

# The value of KEY in a "k=v k=v" list, into KV (empty when absent).
kv() { # key list
	local w
	KV=
	for w in $2; do
		[[ $w == "$1="* ]] && KV=${w#*=}
	done
	return 0
}

# pass NAME [DETAIL...] / skip NAME WHY... / fail NAME [WHY...]: the words
# after NAME are joined by spaces.
pass() { echo "PASS vm/live/$AP/$*"; }
skip() { echo "SKIP vm/live/$AP/$1: ${*:2}"; }
fail() {
	local why="${*:2}"
	echo "FAIL vm/live/$AP/$1${why:+: $why}"
	FAILED=1
}

# Indents a block of diagnostics under the result line it explains.
indent() { sed 's/^/    | /'; }

# For hwsim radio k (0-based, in wiphy index order): RADIO_PHY[k] (phy0),
# RADIO_IDX[k] (the N of iw's "phy#N"), RADIO_DEV[k] (its first netdev,
# read before the phy moves to another netns) and RADIO_MAC[k].
radios_scan() {
	local d n dev mac by_index=() row
	for d in /sys/class/ieee80211/*; do
		[ -r "$d/index" ] || continue
		read -r n <"$d/index"
		read -r mac <"$d/macaddress"
		dev=-
		for dev in "$d"/device/net/* -; do
			[ -e "$dev" ] && break
		done
		by_index[n]="${d##*/} $n ${dev##*/} $mac"
	done
	RADIO_PHY=() RADIO_IDX=() RADIO_DEV=() RADIO_MAC=()
	for row in "${by_index[@]}"; do
		set -- $row
		RADIO_PHY+=("$1") RADIO_IDX+=("$2") RADIO_DEV+=("$3")
		RADIO_MAC+=("$4")
	done
}

# True when the kernel has at least N wiphys.
phys_present() { # n
	local d n=0
	for d in /sys/class/ieee80211/*; do
		[ -e "$d" ] && n=$((n + 1))
	done
	[ $n -ge "$1" ]
}

# Radios 1..N into namespaces sta1..staN (after radios_scan): one
# `ip -batch` for the namespaces, one `iw` per phy (iw has no batch mode).
move_stations() { # n
	local k
	for ((k = 1; k <= $1; k++)); do
		echo "netns add sta$k"
	done | ip -batch - || return 1
	for ((k = 1; k <= $1; k++)); do
		iw phy "${RADIO_PHY[k]}" set netns name "sta$k" || return 1
	done
	# A moved netdev leaves the root namespace's /sys/class/net.
	for ((k = 1; k <= $1; k++)); do
		[ -e "/sys/class/net/${RADIO_DEV[k]}" ] && return 1
	done
	return 0
}

# The interfaces wiphy IDX has in this netns, one line each, in iw's
# order: the name, then iw's addr, ssid, type and channel lines as iw
# prints them (those it prints), then "up 0|1" (IFF_UP, "-" without a
# netdev). ifindex, wdev and txpower are left out: an AP may set the
# power, and an index says nothing a user relies on.
phy_snapshot() { # wiphy-index out-file
	local line in=0 rows=() name= rest= f
	iw dev >"$L/iwdev" 2>&1 || return 1
	while IFS= read -r line; do
		case $line in
		phy\#*)
			[ "$line" = "phy#$1" ] && in=1 || in=0 ;;
		$'\tInterface '* | $'\tUnnamed/non-netdev interface'*)
			[ -n "$name" ] && rows+=("$name$rest")
			name= rest=
			if [ $in = 1 ]; then
				name=${line#$'\t'}
				name=${name#Interface }
			fi ;;
		$'\t\taddr '* | $'\t\tssid '* | $'\t\ttype '* | \
		$'\t\tchannel '*)
			[ -n "$name" ] && rest="$rest ${line#$'\t\t'}" ;;
		esac
	done <"$L/iwdev"
	[ -n "$name" ] && rows+=("$name$rest")
	for line in "${rows[@]}"; do
		name=${line%% *}
		f=-
		[ -r "/sys/class/net/$name/flags" ] &&
			read -r f <"/sys/class/net/$name/flags"
		[ "$f" != - ] && f=$((f & 1))
		echo "$line up $f"
	done >"$2"
}

# "yes", "no" or "absent": the authorized flag of MAC in the output of
# `iw dev IF station dump` saved in FILE; into KV.
sta_authorized() { # file mac
	local line cur=
	KV=absent
	while IFS= read -r line; do
		case $line in
		"Station "*) cur=${line#Station }; cur=${cur%% *} ;;
		$'\tauthorized:'*)
			[ "$cur" = "$2" ] && KV=${line##*[[:space:]]} ;;
		esac
	done <"$1"
}

# The AP ---------------------------------------------------------------------

# What helps after a failed check: the AP's output, the state and log of
# the given stations, `iw dev`, the kernel log.
diagnose() { # why station-numbers...
	local k
	echo "  --- diagnostics: $1"
	shift
	echo "  AP pid ${AP_PID:--}, output ${AP_OUT:--} (last 25 lines):"
	[ -n "${AP_OUT-}" ] && tail -n 25 "$AP_OUT" | indent
	for k in "$@"; do
		echo "  station $k (${RADIO_DEV[k]}): $(wpa_cli -p "$WPA_CTRL" \
			-i "${RADIO_DEV[k]}" status 2>&1 | grep -E \
			'^(wpa_state|bssid)=' | tr '\n' ' ')"
		tail -n 12 "$L/wpas-$k.log" 2>&1 | indent
	done
	echo "  iw dev:"
	iw dev 2>&1 | indent
	echo "  dmesg (last 10 lines):"
	dmesg | tail -n 10 | indent
}

# A child AP stays a zombie after it exits until `wait`, and so may a
# daemon until init reaps it: the state letter in /proc/PID/stat tells
# whether it still runs. No AP_PID (a daemon whose pid file never came)
# counts as exited.
ap_exited() {
	local state
	[ -n "${AP_PID-}" ] || return 0
	read -r _ _ state _ 2>/dev/null <"/proc/$AP_PID/stat" || return 0
	[ "$state" = Z ]
}

# SIGKILL to an AP that failed, so that the next run finds the radio free;
# a daemon is not our child: a bounded wait for it to go.
ap_kill() {
	[ -n "${AP_PID-}" ] || return 0
	kill -KILL "$AP_PID" 2>/dev/null
	if [ "${AP_DAEMON:-0}" = 1 ]; then
		wait_until 5 0.1 ap_exited
	else
		wait "$AP_PID" 2>/dev/null
	fi
	return 0
}

# The AP's CPU time over its life so far (from /proc/PID/stat), printed:
# an idle AP that spins shows here, and it slows everything under TCG.
ap_cpu() {
	local f hz=100 up	# USER_HZ: 100 on x86 Linux
	read -r -a f <"/proc/$AP_PID/stat" || return
	read -r up _ </proc/uptime
	awk -v u="${f[13]}" -v s="${f[14]}" -v st="${f[21]}" -v up="$up" \
		-v hz="$hz" 'BEGIN { printf "  AP CPU time: user %.1f s," \
		" system %.1f s, over %.1f s of run\n", u / hz, s / hz,
		up - st / hz }'
}

# Is MAC authorized in the kernel's station table (file: the dump)?
ap_authorized() { # dump-file mac
	iw dev "$AP_IF" station dump >"$1" 2>&1
	sta_authorized "$1" "$2"
	[ "$KV" = yes ]
}

# Are at least N stations authorized in the kernel (count: AUTHORIZED)?
all_authorized() { # dump-file n
	iw dev "$AP_IF" station dump >"$1" 2>&1
	AUTHORIZED=$(grep -c $'^\tauthorized:\tyes' "$1")
	[ "$AUTHORIZED" -ge "$2" ]
}

# Starting and stopping it (the caller also sets RAPD, AP_CONF, SSID,
# AP_CTRL, NSTA and STOP_SECS).

# Ready when the kernel says wlan0 is an AP beaconing our SSID, or as soon
# as the AP process has died (the caller reports that).
ap_ready() {
	ap_exited || ap_beaconing
}

ap_beaconing() {
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
	AP_OUT=$L/ap-$run.out AP_DAEMON=0
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

# The pid file holds a live pid (into AP_PID).
pidfile_live() { # file
	read -r AP_PID 2>/dev/null <"$1" && [[ $AP_PID =~ ^[0-9]+$ ]] &&
		! ap_exited
}

# Scenario 6: the AP as a daemon with hostapd's flags, -B -P -f -t. The
# foreground command returns 0 only once the AP is up, so wlan0 must be
# an AP beaconing our SSID when it returns: one look, no wait. The pid
# file then names the daemon (AP_PID), whose -f log file is AP_OUT.
ap_start_daemon() { # run
	local run=$1 cmd rc comm pidfile=$L/ap.pid t0
	case $AP in
	rapd) cmd=("$RAPD") ;;
	hostapd) cmd=(hostapd) ;;
	esac
	cmd+=(-B -P "$pidfile" -f "$L/ap.log" -t "$AP_CONF")
	AP_OUT=$L/ap.log AP_DAEMON=1 AP_PID=
	echo "== scenario 6: the AP as a daemon"
	echo "  \$ ${cmd[*]} >$L/ap-$run.out"
	clock_cs
	t0=$CS
	timeout 60 "${cmd[@]}" >"$L/ap-$run.out" 2>&1
	rc=$?
	since "$t0"
	if [ $rc -ne 0 ]; then
		fail daemon-foreground "exit $rc after $SINCE s"
		indent <"$L/ap-$run.out"
	elif ap_beaconing; then
		pass "daemon-foreground (-B returned 0 after $SINCE s;" \
			"$AP_IF beaconing \"$SSID\" when it returned)"
	else
		fail daemon-foreground "-B returned 0 after $SINCE s with" \
			"no AP beaconing on $AP_IF: $(tr '\n' ' ' <"$L/iwinfo")"
	fi
	if ! wait_until 5 0.1 pidfile_live "$pidfile"; then
		fail daemon-pidfile "no live pid in $pidfile after $WAITED s:" \
			"$(head -c 40 "$pidfile" 2>&1)"
		AP_PID=
		diagnose daemon-pidfile
		return 1
	fi
	read -r comm <"/proc/$AP_PID/comm"
	if [ "$comm" = "$AP" ]; then
		pass "daemon-pidfile ($pidfile: pid $AP_PID, $comm," \
			"$WAITED s after -B returned)"
	else
		fail daemon-pidfile "pid $AP_PID is \"$comm\", not $AP"
	fi
	if [ $rc -ne 0 ] || ! wait_until 30 0.3 ap_ready || ap_exited; then
		diagnose "daemon-foreground"
		ap_kill
		return 1
	fi
	ap_check_ctrl "$run"
}

# The -f log file has the event lines, with -t's time stamps.
daemon_check_log() {
	local lines line n=0
	mapfile -t lines <"$AP_OUT"
	for line in "${lines[@]}"; do
		[[ $line =~ ^[0-9]+\.[0-9]+:\ .*AP-STA-CONNECTED ]] &&
			n=$((n + 1))
	done
	if [ $n -ge $NSTA ]; then
		pass "daemon-log ($AP_OUT: $n time-stamped AP-STA-CONNECTED)"
	else
		fail daemon-log "$AP_OUT: $n time-stamped AP-STA-CONNECTED" \
			"lines, not $NSTA"
		tail -n 5 "$AP_OUT" | indent
	fi
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
	local run=$1 t0 rc=-	# a daemon's status is not ours to read
	echo "== scenario 4: SIGTERM to the AP (run $run)"
	clock_cs
	t0=$CS
	if ap_exited; then
		[ "$AP_DAEMON" = 1 ] || { wait "$AP_PID"; rc=$?; }
		fail "sigterm-exit-$run" "the AP had already exited ($rc)"
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

# A daemon is not our child: its exit status is not ours to read, but
# its pid file must be gone (hostapd removes it too).
ap_check_exit() { # run
	local rc
	if [ "$AP_DAEMON" = 1 ]; then
		pass "sigterm-exit-$1 (pid $AP_PID gone $WAITED s after" \
			"SIGTERM; a daemon: no exit status to read)"
		if [ -e "$L/ap.pid" ]; then
			fail daemon-pidfile-removed "$L/ap.pid is still there"
		else
			pass "daemon-pidfile-removed ($L/ap.pid)"
		fi
		return
	fi
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

# The AP's last lines about MAC, for the record.
ap_lines_about() { # mac
	grep -F "$1" "$AP_OUT" | tail -n 8 | indent
}

# Stations -------------------------------------------------------------------

# Starts wpa_supplicant on station radio k in its namespace staK with
# CONF, logging to $L/wpas-K.log; -B returns once its control socket is up.
sta_start() { # k conf
	ip netns exec "sta$1" wpa_supplicant -B -t -D nl80211 \
		-i "${RADIO_DEV[$1]}" -c "$2" -f "$L/wpas-$1.log" \
		-P "$L/wpas-$1.pid"
}

# Starts several at once (each -B waits for its own initialisation).
sta_start_many() { # conf k...
	local conf=$1 k pids=() rc=0 pid
	shift
	for k in "$@"; do
		sta_start "$k" "$conf" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || rc=1
	done
	return $rc
}

STA_PIDS=()
stas_gone() {
	local pid
	for pid in "${STA_PIDS[@]}"; do
		[ -d "/proc/$pid" ] && return 1
	done
	return 0
}

# SIGTERM to the stations' wpa_supplicant (they are daemons, not our
# children) and a bounded wait for them to go.
sta_stop() { # k...
	local k pid
	STA_PIDS=()
	for k in "$@"; do
		read -r pid 2>/dev/null <"$L/wpas-$k.pid" || continue
		kill -TERM "$pid" 2>/dev/null && STA_PIDS+=("$pid")
	done
	wait_until 10 0.2 stas_gone ||
		echo "  note: wpa_supplicant still running after 10 s"
}

# ping from a station's namespace; busybox's when iputils is absent.
ping_from() { # netns address
	local ping=(ping)
	command -v ping >/dev/null || ping=(busybox ping)
	ip netns exec "$1" "${ping[@]}" -q -c 3 -i 0.2 -w 15 "$2" 2>&1
}

# wpa_events CTRL_DIR GOAL SECS IFNAME...: one python3 process ATTACHes to
# each station's wpa_supplicant control socket, sends ENABLE_NETWORK 0 to
# all of them at once (their network starts disabled), then follows their
# events until the GOAL is met or SECS have passed:
#   connected     every station is COMPLETED at the same moment: each has
#                 logged CTRL-EVENT-CONNECTED since its last
#                 CTRL-EVENT-DISCONNECTED, and a STATUS of all of them then
#                 says wpa_state=COMPLETED (an AP may still be re-running a
#                 handshake it thinks timed out: under TCG it happens);
#   disconnected  every station has logged CTRL-EVENT-DISCONNECTED.
# No polling while events flow and no exec per station, so 20 stations
# cost what one does. Output, times in seconds from the first enable:
#   STA IFNAME first=SECS|- state=WPA_STATE connected=N disconnected=N
#       temp_disabled=N assoc_rejected=N
#   EVENT IFNAME +SECS TEXT      (the events that matter, 12 per station)
#   RESULT goal=met|missed at=SECS|- last_first=SECS|- reached=N/M
#       enable_spread=SECS refused=N
# "first" is the station's first time at its goal event, last_first the
# latest of those. With WPA_EVENTS_READY=FILE in the environment, FILE is
# created once every station is attached and enabled: what the caller
# does after that, the events show. Exit 0 when the goal was met.
read -r -d '' WPA_EVENTS_PY <<'EOF'
import os, select, socket, sys, time

ctrl_dir, goal, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
CONNECTED = 'CTRL-EVENT-CONNECTED'
DISCONNECTED = 'CTRL-EVENT-DISCONNECTED'
KEEP = (CONNECTED, DISCONNECTED, 'CTRL-EVENT-SSID-TEMP-DISABLED',
        'CTRL-EVENT-ASSOC-REJECT', 'CTRL-EVENT-AUTH-REJECT',
        '4-Way Handshake failed')
GOAL_EVENT = {'connected': CONNECTED, 'disconnected': DISCONNECTED}[goal]


def uptime():
    with open('/proc/uptime') as f:
        return float(f.read().split()[0])


class Station:
    def __init__(self, n, ifname):
        self.ifname = ifname
        self.path = '/tmp/live-wpaev-%d-%d' % (os.getpid(), n)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.connect(os.path.join(ctrl_dir, ifname))
        self.first = None
        self.up = False
        self.state = '?'
        self.seen = dict.fromkeys(KEEP, 0)
        self.lines = []
        self.t0 = None

    def on_event(self, text):
        if self.t0 is None:
            return
        t = uptime() - self.t0
        for key in KEEP:
            if key in text:
                self.seen[key] += 1
                if len(self.lines) < 12:
                    self.lines.append('+%.2f %s' % (t, text))
        if CONNECTED in text:
            self.up = True
        elif DISCONNECTED in text:
            self.up = False
        if self.first is None and GOAL_EVENT in text:
            self.first = t

    def receive(self):
        msg = self.sock.recv(16384).decode(errors='replace')
        if msg.startswith('<'):
            self.on_event(msg.split('>', 1)[-1].strip())
            return None
        return msg

    def ask(self, cmd):
        self.sock.send(cmd.encode())
        end = time.monotonic() + 10
        while True:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return 'TIMEOUT'
            reply = self.receive()
            if reply is not None:
                return reply

    def status(self):
        self.state = '?'
        for line in self.ask('STATUS').splitlines():
            if line.startswith('wpa_state='):
                self.state = line[len('wpa_state='):]
        return self.state


def events_until(stations, deadline, done):
    by_fd = {s.sock.fileno(): s for s in stations}
    while not done():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        for fd in select.select(list(by_fd), [], [], min(left, 0.5))[0]:
            by_fd[fd].receive()
    return True


def wait_goal(stations, deadline):
    if goal == 'disconnected':
        return events_until(stations, deadline,
                            lambda: all(s.first is not None for s in stations))
    while events_until(stations, deadline,
                       lambda: all(s.up for s in stations)):
        if all(s.status() == 'COMPLETED' for s in stations):
            return True
        # Some station is re-running a handshake: let events flow a while.
        events_until(stations, min(deadline, time.monotonic() + 0.5),
                     lambda: False)
    return False


def report(stations, met, at, spread, refused):
    for s in stations:
        print('STA %s first=%s state=%s connected=%d disconnected=%d '
              'temp_disabled=%d assoc_rejected=%d' % (
                  s.ifname, '-' if s.first is None else '%.2f' % s.first,
                  s.state, s.seen[CONNECTED], s.seen[DISCONNECTED],
                  s.seen['CTRL-EVENT-SSID-TEMP-DISABLED'],
                  s.seen['CTRL-EVENT-ASSOC-REJECT']))
        for line in s.lines:
            print('EVENT %s %s' % (s.ifname, line))
    firsts = [s.first for s in stations if s.first is not None]
    print('RESULT goal=%s at=%s last_first=%s reached=%d/%d '
          'enable_spread=%.2f refused=%d' % (
              'met' if met else 'missed', '%.2f' % at if met else '-',
              '%.2f' % max(firsts) if firsts else '-', len(firsts),
              len(stations), spread, refused))


def main():
    stations = [Station(n, i) for n, i in enumerate(sys.argv[4:])]
    refused = 0
    try:
        for s in stations:
            refused += s.ask('ATTACH').strip() != 'OK'
        t0 = uptime()
        deadline = time.monotonic() + limit
        for s in stations:
            s.t0 = t0
            refused += s.ask('ENABLE_NETWORK 0').strip() != 'OK'
        spread = uptime() - t0
        if os.environ.get('WPA_EVENTS_READY'):
            open(os.environ['WPA_EVENTS_READY'], 'w').close()
        met = wait_goal(stations, deadline)
        at = uptime() - t0
        for s in stations:
            if goal != 'connected' or not met:
                s.status()
            s.ask('DETACH')
    finally:
        for s in stations:
            s.sock.close()
            os.unlink(s.path)
    report(stations, met, at, spread, refused)
    return 0 if met and not refused else 1


sys.exit(main())
EOF

wpa_events() { # ctrl-dir goal secs ifname...
	python3 -c "$WPA_EVENTS_PY" "$@"
}

# Reading results ------------------------------------------------------------

# The fields of a wpa_events output: STA_LINE (the station's "k=v" list)
# and RESULT_LINE.
events_of() { # file ifname
	local tag ifn rest
	STA_LINE= RESULT_LINE=
	while read -r tag ifn rest; do
		case $tag in
		STA) [ "$ifn" = "$2" ] && STA_LINE=$rest ;;
		RESULT) RESULT_LINE="$ifn $rest" ;;
		esac
	done <"$1"
}

# Counts the stations' lines of a wpa_events output: OK (COMPLETED),
# DISC (disconnections in all), REJ (association rejections), NOT (the
# others, "IFNAME(state)").
storm_tally() { # events-file
	local tag dev rest
	OK=0 DISC=0 REJ=0 NOT=
	while read -r tag dev rest; do
		[ "$tag" = STA ] || continue
		kv disconnected "$rest"
		DISC=$((DISC + KV))
		kv assoc_rejected "$rest"
		REJ=$((REJ + KV))
		kv state "$rest"
		if [ "$KV" = COMPLETED ]; then
			OK=$((OK + 1))
		else
			NOT="$NOT $dev($KV)"
		fi
	done <"$1"
}

# Frames per type and EAPOL messages of a `rapd-trace dump` listing.
dump_summary() { # dump-file
	awk -F'\t' 'NR > 1 { n++; type[$9]++; if ($15 != "-") eapol[$15]++ }
	END {
		printf "%d frames;", n
		for (t in type) printf " %s: %d;", t, type[t]
		for (m in eapol) printf " EAPOL %s: %d;", m, eapol[m]
		printf "\n"
	}' "$1"
}
