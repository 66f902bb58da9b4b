#!/bin/sh
# run.sh SECONDS FUZZER... - runs each libFuzzer target for SECONDS from a
# seed corpus cut at run time (build-fuzz/corpus/<target>/) out of
# ../shared/captures and rapd's own test data, then prints one line per
# target: PASS fuzz/<target> or FAIL fuzz/<target> (a crash, a leak or a
# sanitizer report; the reproducer is kept in build-fuzz/crashes/).
set -u
secs=$1
shift
caps=${RAPD_CAPTURES:-../shared/captures}
out=build-fuzz
mkdir -p "$out/crashes" "$out/logs"
cc -std=gnu11 -O1 -Wall -Wextra -o "$out/mkseeds" tests/fuzz/mkseeds.c \
	$(pkg-config --cflags --libs libpcap) || exit 1

seed() { # target -> fills build-fuzz/corpus/target
	t=$1
	d=$out/corpus/$t
	rm -rf "$d"
	mkdir -p "$d"
	pcaps=""
	[ -d "$caps" ] && pcaps=$(ls "$caps"/*.cap "$caps"/*.pcap "$caps"/malformed/*.pcap 2>/dev/null)
	case $t in
	fuzz_radiotap)
		[ -d "$caps/radiotap-check" ] && cp "$caps"/radiotap-check/*.bin "$d"/
		[ -n "$pcaps" ] && "$out/mkseeds" radiotap "$d" $pcaps >/dev/null ;;
	fuzz_frame | fuzz_ccmp | fuzz_ap | fuzz_simsta)
		[ -n "$pcaps" ] && "$out/mkseeds" frame "$d" $pcaps >/dev/null ;;
	fuzz_eapol)
		[ -n "$pcaps" ] && "$out/mkseeds" eapol "$d" $pcaps >/dev/null ;;
	fuzz_config)
		cp rapd.conf.example "$d"/
		[ -d tests/data/config ] && cp tests/data/config/* "$d"/ 2>/dev/null ;;
	fuzz_ctrl) # one request per line, as fuzz_ctrl.c splits them
		printf 'PING' >"$d/ping"
		printf 'STA-FIRST' >"$d/sta_first"
		printf 'STATUS' >"$d/status"
		printf 'ATTACH\nLEVEL 2' >"$d/attach_level"
		printf 'DEAUTHENTICATE 02:00:00:00:00:01 reason=3 tx=0' >"$d/deauth"
		printf 'ACCEPT_ACL ADD_MAC 02:00:00:00:00:02' >"$d/acl_add"
		printf 'STA-NEXT 02:00:00:00:00:01' >"$d/sta_next"
		printf 'GET_CONFIG' >"$d/get_config"
		printf 'MIB' >"$d/mib"
		printf 'LOG_LEVEL DEBUG' >"$d/log_level" ;;
	esac
	# Never start from nothing: one empty input at least.
	: >"$d/empty"
}

rc=0
for f in "$@"; do
	t=$(basename "$f")
	seed "$t"
	log=$out/logs/$t.log
	if "$f" -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/crashes/$t-" "$out/corpus/$t" >"$log" 2>&1; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
		echo "PASS fuzz/$t (${runs:-?} runs in ${secs}s)"
	else
		echo "FAIL fuzz/$t (log: $log)"
		tail -n 30 "$log" >&2
		rc=1
	fi
done
exit $rc
