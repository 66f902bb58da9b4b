#!/bin/bash
# check_handshake.sh - `rapd-trace check-handshake` on the real captures.
#
# Usage, from the repository root: tests/trace/check_handshake.sh BUILD_DIR
#
# Each handshake capture must verify with its passphrase (exit 0, a
# "verified" line with MIC ok on M2, M3 and M4 - n-02.cap: M2 at least)
# and with its PMK given as --psk (the values of the captures' README); a
# wrong passphrase must give exit 1 and MIC bad; a missing or garbage file
# exit 2; missing or conflicting arguments the usage text and exit 2.
# Prints PASS/FAIL/SKIP trace/handshake-... lines; exits 1 if any FAIL.
set -u
. "$(dirname "$0")/lib.sh"
trace_init "$@"

# capture | SSID | passphrase | PMK | AP | STA | key descriptor version |
# MIC entries the line must show
CASES="wpa2.eapol.cap|Harkonen|12345678|ee51883793a6f68e9615fe73c80a3aa6f2dd0ea537bce627b929183cc6e57925|00:14:6c:7e:40:80|00:13:46:fe:32:0c|2|M2=ok,M3=ok,M4=ok
zn2i.pcap|dlink|12345678|4e3d23d83111c0a86fbf519912775d0dcd713659ab7615cfac435988771ae2cc|00:06:4f:12:34:56|00:11:22:33:44:57|2|M2=ok,M3=ok,M4=ok
n-02.cap|Neheb|bo\$\$password|fb57668cd338374412c26208d79aa5c30ce40a110224f3cfb592a8f2e8bf53e8|b0:b9:8a:56:8d:ea|2c:f0:a2:dd:bc:d0|3|M2=ok"

# run NAME EXPECTED_EXIT ARGS...: runs the tool, keeps stdout in $TMP/out
# and stderr in $TMP/err; a signal death (exit > 128) is a crash.
run() {
	local name=$1 want=$2 rc
	shift 2
	"$TOOL" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		sed 's/^/    /' "$TMP/out" "$TMP/err" >&2
		fail "$name" "exit $rc, want $want"
		return 1
	fi
	return 0
}

# The line of handshake AP/STA, or nothing.
hs_line() { # ap sta
	awk -F'\t' -v ap="$1" -v sta="$2" '$1 == ap && $2 == sta' "$TMP/out"
}

# has_mics LINE "M2=ok,M3=ok": every listed entry is in the line's MIC
# column.
has_mics() {
	local mics entry
	mics=$(cut -f4 <<<"$1")
	for entry in ${2//,/ }; do
		[[ ",$mics," == *",$entry,"* ]] || return 1
	done
}

check_case() { # capture ssid pass pmk ap sta keyver mics
	local cap=$1 ssid=$2 pass=$3 pmk=$4 ap=$5 sta=$6 kv=$7 mics=$8
	local name line mode arg
	for mode in passphrase psk; do
		name="handshake-$cap-$mode"
		if [ $mode = passphrase ]; then
			arg=(--ssid "$ssid" --passphrase "$pass")
		else
			arg=(--psk "$pmk")
		fi
		run "$name" 0 check-handshake "${arg[@]}" "$CAPS/$cap" || continue
		line=$(hs_line "$ap" "$sta")
		if [ -z "$line" ]; then
			fail "$name" "no handshake $ap $sta"
		elif [ "$(cut -f7 <<<"$line")" != verified ]; then
			fail "$name" "not verified: $line"
		elif ! has_mics "$line" "$mics"; then
			fail "$name" "want $mics in: $line"
		elif [ "$(cut -f5 <<<"$line")" != "$kv" ]; then
			fail "$name" "key descriptor version, want $kv: $line"
		else
			pass "$name"
		fi
	done
	name="handshake-$cap-wrong-passphrase"
	run "$name" 1 check-handshake --ssid "$ssid" \
		--passphrase "not-$pass" "$CAPS/$cap" || return
	line=$(hs_line "$ap" "$sta")
	if [ "$(cut -f7 <<<"$line")" != mic-failure ] ||
		! has_mics "$line" M2=bad; then
		fail "$name" "want mic-failure with M2=bad: $line"
	else
		pass "$name"
	fi
}

# Exit 2 and the usage text (or an error line) for bad invocations.
check_usage() {
	local name=handshake-usage ok=1 args
	local -a cases=(
		""
		"check-handshake"
		"check-handshake --ssid x --passphrase 12345678"
		"check-handshake --passphrase 12345678 FILE"
		"check-handshake --ssid x FILE"
		"check-handshake --ssid x --passphrase 12345678 --psk 00 FILE"
		"check-handshake --ssid x --passphrase short FILE"
		"check-handshake --psk 1234 FILE"
		"check-handshake --bogus FILE"
		"no-such-command"
		"dump"
		"dump a b"
	)
	for args in "${cases[@]}"; do
		# FILE is a real capture: only the arguments are wrong.
		# shellcheck disable=SC2086
		"$TOOL" ${args//FILE/$TMP/empty.pcap} >"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ $rc -ne 2 ] || ! grep -q . "$TMP/err"; then
			echo "    '$args': exit $rc, want 2 with a message" >&2
			ok=0
		fi
	done
	if "$TOOL" --help >"$TMP/out" && grep -q '^usage: rapd-trace' \
		"$TMP/out"; then :; else
		echo "    --help: want usage on stdout, exit 0" >&2
		ok=0
	fi
	[ $ok = 1 ] && pass $name || fail $name
}

# Exit 2, and no crash, for files that are not captures.
check_bad_files() {
	local name=handshake-bad-file ok=1 f
	printf 'this is not a capture file\n' >"$TMP/garbage.pcap"
	head -c 10 /dev/urandom >"$TMP/random.pcap"
	: >"$TMP/zero.pcap"
	for f in "$TMP/no-such-file.pcap" "$TMP/garbage.pcap" \
		"$TMP/random.pcap" "$TMP/zero.pcap" "$TMP"; do
		"$TOOL" check-handshake --ssid x --passphrase 12345678 "$f" \
			>"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ $rc -ne 2 ] || ! grep -q . "$TMP/err"; then
			echo "    $f: exit $rc, want 2 with a message" >&2
			ok=0
		fi
	done
	"$TOOL" check-handshake --ssid x --passphrase 12345678 \
		"$TMP/empty.pcap" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 1 ] || ! grep -q '^# 0 handshake' "$TMP/out"; then
		echo "    capture without frames: exit $rc, want 1" >&2
		ok=0
	fi
	[ $ok = 1 ] && pass $name || fail $name
}

# expect_hs NAME EXIT AP STA MESSAGES MICS FRAMES RESULT ARGS...: runs
# check-handshake and wants that exit and exactly that line for AP/STA.
expect_hs() {
	local name=$1 want=$2 ap=$3 sta=$4 line
	local expect="$3	$4	$5	$6	$7	$8"
	shift 8
	run "$name" "$want" check-handshake "$@" || return 1
	line=$(hs_line "$ap" "$sta" | cut -f1-4,6,7)
	if [ "$line" != "$expect" ]; then
		echo "    want: $expect" >&2
		echo "    got:  $line" >&2
		sed 's/^/    /' "$TMP/out" >&2
		fail "$name"
		return 1
	fi
}

# Pairing on captures rebuilt from the real ones at run time: copies,
# partial handshakes, two networks interleaved.
check_pairing() {
	local z=$TMP/z w=$TMP/w n=$TMP/n ok=1
	local za=00:06:4f:12:34:56 zs=00:11:22:33:44:57
	local wa=00:14:6c:7e:40:80 ws=00:13:46:fe:32:0c
	local na=b0:b9:8a:56:8d:ea ns=2c:f0:a2:dd:bc:d0
	local -a dl=(--ssid dlink --passphrase 12345678)
	pcap_split "$CAPS/zn2i.pcap" "$z"
	pcap_split "$CAPS/wpa2.eapol.cap" "$w"
	pcap_split "$CAPS/n-02.cap" "$n"

	# zn2i's M1..M4 are records 8..11.
	pcap_join "$TMP/copies.pcap" $z:1 $z:8 $z:8 $z:9 $z:10 $z:9 $z:11 $z:11
	expect_hs handshake-pairing-copies 0 $za $zs M1,M2,M3,M4 \
		M2=ok,M3=ok,M4=ok 2,3,4,5,6,7,8 verified \
		"${dl[@]}" "$TMP/copies.pcap" || ok=0
	pcap_join "$TMP/m1m2.pcap" $z:8 $z:9
	expect_hs handshake-pairing-m1m2 0 $za $zs M1,M2 M2=ok 1,2 verified \
		"${dl[@]}" "$TMP/m1m2.pcap" || ok=0
	pcap_join "$TMP/m2m3m4.pcap" $z:9 $z:10 $z:11
	expect_hs handshake-pairing-no-m1 0 $za $zs M2,M3,M4 \
		M2=ok,M3=ok,M4=ok 1,2,3 verified \
		"${dl[@]}" "$TMP/m2m3m4.pcap" || ok=0
	# zn2i's station repeats its SNonce in M4: M3 and M4 verify alone.
	pcap_join "$TMP/m3m4.pcap" $z:10 $z:11
	expect_hs handshake-pairing-m3m4 0 $za $zs M3,M4 M3=ok,M4=ok 1,2 \
		verified "${dl[@]}" "$TMP/m3m4.pcap" || ok=0
	pcap_join "$TMP/m1.pcap" $z:8 $z:8
	expect_hs handshake-pairing-m1-only 1 $za $zs M1 - 1,2 unchecked \
		"${dl[@]}" "$TMP/m1.pcap" || ok=0

	if editcap -F pcapng "$TMP/copies.pcap" "$TMP/copies.pcapng"; then
		expect_hs handshake-pairing-pcapng 0 $za $zs M1,M2,M3,M4 \
			M2=ok,M3=ok,M4=ok 2,3,4,5,6,7,8 verified \
			"${dl[@]}" "$TMP/copies.pcapng" || ok=0
	else
		fail handshake-pairing-pcapng "editcap (tshark's package) failed"
	fi

	# Harkonen and Neheb, interleaved; n-02's M1..M4 are 126,130,132,134.
	pcap_join "$TMP/mixed.pcap" $n:1 $w:1 $w:2 $n:126 $w:3 $n:130 $w:4 \
		$n:132 $n:134 $w:5
	expect_hs handshake-pairing-interleaved 0 $wa $ws M1,M2,M3,M4 \
		M2=ok,M3=ok,M4=ok 3,5,7,10 verified --ssid Harkonen \
		--passphrase 12345678 "$TMP/mixed.pcap" || ok=0
	[ $ok = 1 ] || return
	line=$(hs_line $na $ns | cut -f7)
	if [ "$line" != other-ssid:Neheb ]; then
		fail handshake-pairing-interleaved "Neheb: $line"
		return
	fi
	expect_hs handshake-pairing-interleaved 0 $na $ns M1,M2,M3,M4 \
		M2=ok,M3=ok,M4=ok 4,6,8,9 verified --psk \
		fb57668cd338374412c26208d79aa5c30ce40a110224f3cfb592a8f2e8bf53e8 \
		"$TMP/mixed.pcap" || return
	pass handshake-pairing
}

# A valid pcap without frames (LINKTYPE 127) for the usage cases: a
# capture that parses, so a failure can only come from the arguments.
printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00' \
	>"$TMP/empty.pcap"
printf '\x00\x00\x04\x00\x7f\x00\x00\x00' >>"$TMP/empty.pcap"

if tool_present handshake-usage handshake-bad-file; then
	check_usage
	check_bad_files
	while IFS='|' read -r cap ssid pass pmk ap sta kv mics; do
		if ! caps_present || [ ! -r "$CAPS/$cap" ]; then
			skip "handshake-$cap" "captures absent"
			continue
		fi
		check_case "$cap" "$ssid" "$pass" "$pmk" "$ap" "$sta" "$kv" \
			"$mics"
	done <<<"$CASES"
	if caps_present; then
		check_pairing
	else
		skip handshake-pairing "captures absent"
	fi
fi
exit $FAILED
