#!/bin/bash
# tsan_pipeline.sh BUILD_DIR - rapd's threads (RX, workers, TX, the main
# thread, the simulated medium) under ThreadSanitizer.
#
# Builds rapd with -fsanitize=thread (make TSAN=1 build-tsan/rapd), then
# runs it through the cases where its threads meet:
#   storm        300 simulated stations, 2 workers, --until-settled:
#                every one connects
#   storm-churn  the same with 4 workers, 5% frame loss and churn
#   stop-duration --duration 0.5 in the middle of a 2000-station storm:
#                rapd stops its threads and exits (0, or 1 because not
#                every station had connected), nothing leaked
#   stop-sigint  the same storm stopped by SIGINT, sent 0.5 s after rapd
#                installed its handler (so its threads are running)
#   replay       a recording made by the normal build, replayed with 4
#                workers: the output must equal the normal build's replay
#                with 1 worker, byte for byte
# Each rapd run is under `timeout 300`, with TSAN_OPTIONS halt_on_error=1
# exitcode=66: any report fails its case. tests/stress/tsan.supp only
# silences liburcu's own internals (each entry says why); a report with
# rapd's code in a stack is a rapd bug and must not be suppressed.
# history_size=7 keeps enough history to restore both stacks of a report.
#
# Prints "PASS tsan/<case>" or "FAIL tsan/<case>: why" per case (the run's
# output, with any TSan report, goes to stderr on failure; every log stays
# in BUILD_DIR/tsan/pipeline/); exits 1 if a case failed. ASan and TSan
# cannot share a binary: for build-asan this prints SKIP, the normal suite
# runs it. About 30 s on two cores.
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
if [ "$(basename "$1")" = build-asan ]; then
	echo "SKIP tsan/pipeline: runs in the normal suite"
	exit 0
fi
mkdir -p "$1/tsan/pipeline" || exit 2
out=$(cd "$1/tsan/pipeline" && pwd) || exit 2
cd "$(dirname "$0")/../.." || exit 2

tsan_rapd=build-tsan/rapd
plain_rapd=build/rapd
failed=0

for target in "TSAN=1 $tsan_rapd" "$plain_rapd"; do
	# shellcheck disable=SC2086 # "TSAN=1 target" is meant to split
	if ! make -s WERROR=1 $target >"$out/build.log" 2>&1; then
		sed 's/^/    /' "$out/build.log" >&2
		echo "FAIL tsan/pipeline: make $target failed"
		exit 1
	fi
done

export TSAN_OPTIONS="halt_on_error=1 exitcode=66 history_size=7 \
suppressions=$PWD/tests/stress/tsan.supp"

# Some kernels' high mmap randomisation breaks older TSan runtimes at
# start-up; once that is seen, every later run goes without address
# randomisation (still a test: the threads are the same).
aslr_off=()

refused() { # log
	grep -q 'unexpected memory mapping' "$1" &&
		[ ${#aslr_off[@]} -eq 0 ] && command -v setarch >/dev/null
}

# Runs rapd (TSan build) in the foreground; sets rc.
run_tsan() { # log args...
	local log=$1
	shift
	timeout 300 ${aslr_off[@]+"${aslr_off[@]}"} "$tsan_rapd" "$@" \
		>"$log" 2>&1
	rc=$?
	if refused "$log"; then
		aslr_off=(setarch "$(uname -m)" -R)
		run_tsan "$log" "$@"
	fi
}

fail_case() { # case why log
	echo "FAIL tsan/$1: $2"
	[ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/    /' "$3" >&2
	failed=1
}

# The verdict on one run: no TSan report, no timeout, an allowed exit
# status, nothing leaked. 0 if the case passes so far.
judge() { # case log rc allowed-status...
	local name=$1 log=$2 status=$3 allowed=1 s
	shift 3
	if grep -q 'ThreadSanitizer' "$log"; then
		fail_case "$name" "ThreadSanitizer report (exit $status)" "$log"
		return 1
	fi
	if [ "$status" -eq 124 ]; then
		fail_case "$name" "still running after 300 s" "$log"
		return 1
	fi
	for s in "$@"; do
		[ "$status" -eq "$s" ] && allowed=0
	done
	if [ $allowed -ne 0 ]; then
		fail_case "$name" "exit $status, expected $*" "$log"
		return 1
	fi
	if grep -q 'leaked' "$log"; then
		fail_case "$name" "frames or stations leaked" "$log"
		return 1
	fi
	return 0
}

storm_case() { # case "allowed-status..." args...
	local name=$1 allowed=$2
	shift 2
	run_tsan "$out/$name.log" "$@"
	# shellcheck disable=SC2086 # the allowed statuses are meant to split
	judge "$name" "$out/$name.log" $rc $allowed &&
		echo "PASS tsan/$name"
}

# The pid of timeout's child (rapd), or nothing yet.
child_of() { # pid
	local c=""
	if [ -r "/proc/$1/task/$1/children" ]; then
		read -r c _ <"/proc/$1/task/$1/children"
	else
		c=$(pgrep -P "$1" | head -n 1)
	fi
	echo "$c"
}

# True while pid runs (a child that exited stays a zombie until waited).
alive() { # pid
	local state
	state=$(cut -d ' ' -f 3 "/proc/$1/stat" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ]
}

# True once pid has a handler for SIGINT (bit 1 of SigCgt).
catches_sigint() { # pid
	local mask
	mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$mask" ] && [ $((0x$mask & 2)) -ne 0 ]
}

# Starts the 2000-station storm in the background, waits (up to 60 s)
# until rapd catches SIGINT: rapd installs its handler once its threads
# run. Sets tpid (timeout's) and rpid (rapd's; empty if it never did).
start_sigint_storm() { # log
	local i
	timeout 300 ${aslr_off[@]+"${aslr_off[@]}"} "$tsan_rapd" \
		--simulate 2000 --seed 1 -q --workers 4 >"$1" 2>&1 &
	tpid=$!
	rpid=""
	for ((i = 0; i < 600; i++)); do
		alive "$tpid" || break
		[ -z "$rpid" ] && rpid=$(child_of "$tpid")
		[ -n "$rpid" ] && catches_sigint "$rpid" && return 0
		sleep 0.1
	done
	rpid=""
}

sigint_case() {
	local name=stop-sigint log=$out/stop-sigint.log
	start_sigint_storm "$log"
	if [ -z "$rpid" ]; then
		if alive "$tpid"; then
			kill -KILL "$(child_of "$tpid")" 2>/dev/null
			wait "$tpid"
			fail_case $name "no SIGINT handler after 60 s" "$log"
			return
		fi
		wait "$tpid"
		rc=$?
		if refused "$log"; then
			aslr_off=(setarch "$(uname -m)" -R)
			sigint_case
			return
		fi
		judge $name "$log" $rc 0 1 && fail_case $name \
			"rapd exited ($rc) before it caught SIGINT" "$log"
		return
	fi
	sleep 0.5
	kill -INT "$rpid"
	wait "$tpid"
	rc=$?
	judge $name "$log" $rc 0 1 && echo "PASS tsan/$name"
}

replay_case() {
	local name=replay rec=$out/replay.pcap
	local o1=$out/replay-w1.pcap o4=$out/replay-w4.pcap
	rm -f "$rec" "$o1" "$o4"
	timeout 300 "$plain_rapd" --simulate 50 --seed 3 -q --until-settled \
		--record "$rec" >"$out/record.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		fail_case $name "recording with $plain_rapd: exit $rc" \
			"$out/record.log"
		return
	fi
	timeout 300 "$plain_rapd" --replay "$rec" --write "$o1" --seed 3 \
		--workers 1 >"$out/replay-w1.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		fail_case $name "$plain_rapd --replay --workers 1: exit $rc" \
			"$out/replay-w1.log"
		return
	fi
	run_tsan "$out/replay-w4.log" --replay "$rec" --write "$o4" --seed 3 \
		--workers 4
	judge $name "$out/replay-w4.log" $rc 0 || return
	if ! cmp "$o1" "$o4" >&2; then
		fail_case $name "4 workers (TSan) wrote other bytes than 1"
		return
	fi
	echo "PASS tsan/$name"
}

storm_case storm 0 --simulate 300 --seed 1 -q --workers 2 --until-settled
storm_case storm-churn 0 --simulate 300 --seed 1 -q --workers 4 \
	--loss 0.05 --churn --until-settled
storm_case stop-duration "0 1" --simulate 2000 --seed 1 -q --workers 2 \
	--duration 0.5
sigint_case
replay_case
exit $failed
