#!/bin/sh
# run.sh SECONDS FUZZER... - runs each libFuzzer target (a path, or a bare
# name such as fuzz_frame for build-fuzz/fuzz_frame) for SECONDS from a
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

# A netlink message header, little-endian as on the test hosts: length
# and type (each under 256), no flags, sequence 0, port 0 (the kernel).
nl_hdr() {
	printf "\\$(printf %03o "$1")\\000\\000\\000"
	printf "\\$(printf %03o "$2")\\000\\000\\000"
	printf '\000\000\000\000\000\000\000\000'
}

# Canned kernel messages for fuzz_nl_events, into directory $1: nl80211
# (family 28, as the target and tests/unit/test_nl_*.c fake its id)
# events and GET_INTERFACE / GET_STATION / GET_WIPHY replies, and
# rtnetlink link messages. Attributes: length, type, value, padding.
nl_seeds() {
	idx7='\010\000\003\000\007\000\000\000'	# IFINDEX 7
	idx9='\010\000\003\000\011\000\000\000'	# IFINDEX 9
	mac='\012\000\006\000\002\021\042\063\104\125\000\000'
	wiphy0='\010\000\001\000\000\000\000\000'	# WIPHY 0
	ifi7='\000\000\000\000\007\000\000\000'	# AF_UNSPEC, index 7
	ifi7=$ifi7'\000\000\000\000\000\000\000\000'	# flags: down
	{ nl_hdr 40 28; printf '\023\000\000\000'"$idx7$mac"; } >"$1/new_sta"
	{ nl_hdr 40 28; printf '\123\000\000\000'"$idx7$mac"; } >"$1/class3"
	{ nl_hdr 28 28; printf '\020\000\000\000'"$idx7"; } >"$1/stop_ap"
	{ nl_hdr 32 17; printf "$ifi7"; } >"$1/dellink"
	{ nl_hdr 44 16; printf "$ifi7"'\012\000\003\000wlan1\000\000\000'; \
	} >"$1/newlink"
	cat "$1/new_sta" "$1/dellink" >"$1/two_events"
	{ # NEW_INTERFACE: index, name, wiphy, AP, wdev, MAC, channel
		nl_hdr 104 28
		printf '\007\000\000\000'"$idx9"
		printf '\012\000\004\000wlan1\000\000\000'
		printf '\010\000\001\000\001\000\000\000'
		printf '\010\000\005\000\003\000\000\000'
		printf '\014\000\231\000\002\000\000\000\001\000\000\000'
		printf "$mac"
		printf '\010\000\046\000\074\024\000\000'	# 5180 MHz
		printf '\010\000\237\000\003\000\000\000'	# 80 MHz
		printf '\010\000\240\000\132\024\000\000'	# 5210 MHz
	} >"$1/iface"
	{ # NEW_STATION with STA_INFO: inactive, rx bytes, signal, flags
		nl_hdr 84 28
		printf '\023\000\000\000'"$idx9$mac"'\054\000\025\200'
		printf '\010\000\001\000\334\005\000\000'
		printf '\014\000\027\000\322\004\000\000\000\000\000\000'
		printf '\005\000\007\000\326\000\000\000'
		printf '\014\000\021\000\002\000\000\000\002\000\000\000'
	} >"$1/station"
	{ # NEW_WIPHY part: name, features, iftypes AP and monitor, ciphers
		nl_hdr 72 28
		printf '\003\000\000\000'"$wiphy0"
		printf '\011\000\002\000phy0\000\000\000\000'
		printf '\010\000\217\000\000\000\002\000'
		printf '\014\000\040\200\004\000\003\000\004\000\006\000'
		printf '\014\000\071\000\004\254\017\000\002\254\017\000'
	} >"$1/wiphy_caps"
	{ # NEW_WIPHY part: band 0, channels 2412 and 2484 (no IR)
		nl_hdr 68 28
		printf '\003\000\000\000'"$wiphy0"
		printf '\050\000\026\200\044\000\000\200\040\000\001\200'
		printf '\014\000\000\200\010\000\001\000\154\011\000\000'
		printf '\020\000\001\200\010\000\001\000\264\011\000\000'
		printf '\004\000\003\000'
	} >"$1/wiphy_band"
	# The whole dump: both parts, then NLMSG_DONE.
	{ cat "$1/wiphy_caps" "$1/wiphy_band"; nl_hdr 20 3; \
	  printf '\000\000\000\000'; } >"$1/wiphy_dump"
}

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
	fuzz_port_radio) # a selector byte before each record
		[ -n "$pcaps" ] &&
			"$out/mkseeds" radio "$d" $pcaps >/dev/null ;;
	fuzz_nl_events)
		nl_seeds "$d" ;;
	fuzz_frame | fuzz_ccmp | fuzz_ap | fuzz_simsta | fuzz_data)
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
	case $f in
	*/*) ;;
	*) f=$out/$f ;;
	esac
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
