#!/bin/bash
# pipeline_replay.sh - rapd's whole pipeline over recorded traces (`rapd
# --replay IN --write OUT`), judged from the outside: exit status, summary
# lines, and the frames rapd wrote, dissected by tshark or compared as hex
# (rapd-trace frames).
#
# Usage, from the repository root: tests/trace/pipeline_replay.sh BUILD_DIR
#
# Cases (issue "The pipeline"):
#   record-replay-identity  a seeded simulation recorded with --record,
#                   replayed with the same seed: rapd sends the same
#                   non-beacon frames, in the same order per station
#   determinism-sim, determinism-n-02.cap  the output file is byte-identical
#                   for 1, 2 and 4 workers, 3 runs each
#   class3-unknown  a data frame from a station rapd does not know:
#                   deauthentication reason 7
#   class2-unauthenticated  an association request before authentication:
#                   deauthentication reason 6, no association response
#   malformed-FILE  each capture of ../shared/captures/malformed: exit 0, no
#                   crash, nothing sent but beacons, output tshark-clean
#   garbage         hand-made broken frames (garbage.txt): exit 0, each
#                   dropped and counted, none answered, output tshark-clean
#   input-skips-counted  every record of those files shows in the summary:
#                   "frames in" or a "dropped by input: REASON: N" line
#   real-FILE       wpa2.eapol.cap, zn2i.pcap, n-02.cap with their network's
#                   configuration: rapd answers what its station sends (see
#                   check_real_*), exit 0, output tshark-clean
#   unreadable-input, unwritable-output, usage  exit 1 with a message
#                   naming the file; --replay without --write: exit 2
# Not here: a retransmitted M2 and a lost M4 are proven frame by frame in
# the mlme unit tests; at pipeline level, lost frames are pipeline_sim.sh's
# "loss" case (a replay cannot make rapd's own frames get lost).
# Prints PASS/FAIL/SKIP pipeline/... lines; exits 1 if any FAIL.
set -u
. "$(dirname "$0")/../data/pipeline/lib.sh"
pipe_init "$@"
tools_present record-replay-identity determinism-sim class3-unknown \
	class2-unauthenticated garbage input-skips-counted unreadable-input \
	unwritable-output usage

# Inputs whose records must all be accounted for: "file|tag" lines.
SKIP_CHECKS=()

# replay NAME TAG IN [ARGS...]: rapd --replay IN --write $TMP/TAG.pcap
# ARGS; fails NAME and returns 1 unless it ends by itself with exit 0.
replay() {
	local name=$1 tag=$2 in=$3
	shift 3
	if ! rapd_run "$tag" --replay "$in" --write "$TMP/$tag.pcap" "$@"; then
		fail "$name" "$WHY"
		return 1
	fi
	if [ $RC -ne 0 ]; then
		fail "$name" "exit $RC, want 0: $(head -1 "$TMP/$tag.err")"
		return 1
	fi
}

# replay_tsv: replay, then frames_tsv of what rapd wrote ($TMP/TAG.pcap.tsv).
replay_tsv() {
	replay "$@" || return 1
	if ! frames_tsv "$TMP/$2.pcap"; then
		fail "$1" "$WHY"
		return 1
	fi
}

# Frames of TSV the AP sent to MAC, in order (tsv lines).
to_sta() { # tsv mac bssid
	awk -F'\t' -v b="${3:-$BSSID}" -v m="$2" '$4 == b && $3 == m' "$1"
}

# A hex frame file (text2pcap input, tests/data/pipeline) as a pcap of
# 802.11 frames (link type 105).
hex_pcap() { # txt out
	text2pcap -q -l 105 "$1" "$2" >/dev/null 2>"$2.err" && [ -s "$2" ]
}

# Stable sort of hex frames by receiver address: each station's frames
# in their original order.
by_station() { awk '{ print substr($0, 9, 12) " " $0 }' | sort -s -k1,1; }

check_identity() {
	local rec=$TMP/rec.pcap why=
	if ! rapd_run rec --simulate 20 --seed 7 --until-settled -q \
		--record "$rec"; then
		fail record-replay-identity "$WHY"
		return
	fi
	if [ $RC -ne 0 ]; then
		fail record-replay-identity "simulation: exit $RC: $(head -1 "$TMP/rec.err")"
		return
	fi
	replay record-replay-identity rep "$rec" --seed 7 -q || return
	ap_frames_hex "$rec" "$BSSID" >"$TMP/rec.hex"
	ap_frames_hex "$TMP/rep.pcap" "$BSSID" >"$TMP/rep.hex"
	if [ "$(wc -l <"$TMP/rec.hex")" -lt 100 ]; then
		why="the recording holds $(wc -l <"$TMP/rec.hex") AP frames, want >= 100 (5 per station)"
	elif ! cmp -s <(sort "$TMP/rec.hex") <(sort "$TMP/rep.hex"); then
		why="$(comm -23 <(sort "$TMP/rec.hex") <(sort "$TMP/rep.hex") | wc -l) recorded frames not replayed, $(comm -13 <(sort "$TMP/rec.hex") <(sort "$TMP/rep.hex") | wc -l) replayed frames not recorded; first: $(diff <(sort "$TMP/rec.hex") <(sort "$TMP/rep.hex") | grep -m1 '^[<>]')"
	elif ! cmp -s <(by_station <"$TMP/rec.hex") \
		<(by_station <"$TMP/rep.hex"); then
		why="same frames, but a station's frames come in another order: $(diff <(by_station <"$TMP/rec.hex") <(by_station <"$TMP/rep.hex") | grep -m1 '^[<>]' | cut -c1-60)"
	fi
	if [ -n "$why" ]; then
		fail record-replay-identity "$why"
	else
		pass record-replay-identity
	fi
}

# determinism NAME IN ARGS...: replays IN with 1, 2, 4 workers, 3 times
# each; every output must equal the first, and hold more than beacons.
determinism() {
	local name=$1 in=$2 w k first= why=
	shift 2
	for w in 1 2 4; do
		for k in 1 2 3; do
			replay "$name" "det$w$k" "$in" --workers $w -q "$@" ||
				return
			if [ -z "$first" ]; then
				first=$TMP/det$w$k.pcap
				if ! frames_tsv "$first"; then
					fail "$name" "$WHY"
					return
				fi
				awk -F'\t' -v b=$ST_BEACON '$2 != b { n++ }
					END { exit !(n > 0) }' "$first.tsv" ||
					why="the replay sent only beacons"
			elif ! cmp -s "$first" "$TMP/det$w$k.pcap"; then
				why="${why:+$why; }--workers $w run $k differs from --workers 1 run 1 ($(cmp "$first" "$TMP/det$w$k.pcap" 2>&1 | head -1))"
			fi
		done
	done
	if [ -n "$why" ]; then fail "$name" "$why"; else pass "$name"; fi
}

check_determinism() {
	local rec=$TMP/detrec.pcap
	# Vanishing stations and losses: timers, retransmissions, deauths.
	if ! rapd_run detrec --simulate 100 --seed 9 --vanish 5 --loss 0.02 \
		--until-settled -q --record "$rec"; then
		fail determinism-sim "$WHY"
	else
		determinism determinism-sim "$rec" --seed 9
	fi
	if caps_present && [ -f "$CAPS/n-02.cap" ]; then
		determinism determinism-n-02.cap "$CAPS/n-02.cap" --seed 3 \
			"$DATA/neheb.conf"
	else
		skip determinism-n-02.cap "$CAPS/n-02.cap absent"
	fi
}

# class_frame NAME HEX STA REASON: the frame of HEX comes from STA, which
# rapd does not know: it answers with one deauthentication, REASON, and
# nothing else addressed to STA.
class_frame() {
	local name=$1 hex=$2 sta=$3 reason=$4 got
	if ! hex_pcap "$hex" "$TMP/$name.in.pcap"; then
		fail "$name" "text2pcap $hex: $(head -1 "$TMP/$name.in.pcap.err")"
		return
	fi
	replay_tsv "$name" "$name" "$TMP/$name.in.pcap" --seed 1 || return
	got=$(to_sta "$TMP/$name.pcap.tsv" "$sta" | cut -f2,7 | tr '\t\n' ': ')
	if [ "$got" != "$ST_DEAUTH:$reason " ]; then
		fail "$name" "frames to $sta (subtype:reason) [$got], want one deauthentication [$ST_DEAUTH:$reason]"
	elif ! tshark_clean "$TMP/$name.pcap"; then
		fail "$name" "$WHY"
	else
		pass "$name"
	fi
}

check_malformed() {
	local f name tag
	if ! caps_present || [ ! -d "$CAPS/malformed" ]; then
		skip malformed "$CAPS/malformed absent"
		return
	fi
	for f in "$CAPS"/malformed/*; do
		[ -f "$f" ] || continue
		name=malformed-$(basename "$f")
		tag=mal$(basename "$f" | tr -c 'a-zA-Z0-9\n' _)
		replay_tsv "$name" "$tag" "$f" --seed 1 || continue
		SKIP_CHECKS+=("$f|$tag")
		if awk -F'\t' -v b=$ST_BEACON '$2 != b { exit 1 }' \
			"$TMP/$tag.pcap.tsv"; then
			if tshark_clean "$TMP/$tag.pcap"; then
				pass "$name"
			else
				fail "$name" "$WHY"
			fi
		else
			fail "$name" "rapd answered: $(awk -F'\t' -v b=$ST_BEACON '$2 != b' "$TMP/$tag.pcap.tsv" | head -1)"
		fi
	done
}

# garbage.txt's stations: 99:11 (auth, no body), 99:12 (probe, broken
# SSID), 99:14 (cut header), 99:15 (reserved type), 99:16 (RTS) must get
# nothing; each frame is dropped and counted.
check_garbage() {
	local name=garbage in=$TMP/garbage.in.pcap s why= answered
	if ! hex_pcap "$DATA/garbage.txt" "$in"; then
		fail $name "text2pcap: $(head -1 "$in.err")"
		return
	fi
	replay_tsv $name garbage "$in" --seed 1 || return
	SKIP_CHECKS+=("$in|garbage")
	for s in 11 12 14 15 16; do
		answered=$(to_sta "$TMP/garbage.pcap.tsv" 02:00:00:00:99:$s)
		[ -n "$answered" ] && why="rapd answered 02:00:00:00:99:$s: $answered" && break
	done
	local in_n disp rxd
	in_n=$(summary garbage 'frames in' | awk '{ print $1 }')
	disp=$(summary garbage 'frames in' | sed -n 's/.*(to workers: \([0-9]*\))/\1/p')
	rxd=$(awk -F': ' '/^dropped by rx: / { s += $3 } END { print s + 0 }' \
		"$TMP/garbage.out")
	if [ -n "$why" ]; then
		:
	elif ! grep -q '^dropped by rx: malformed: [1-9]' "$TMP/garbage.out"; then
		why="no 'dropped by rx: malformed' line (cut headers, reserved type)"
	elif ! grep -q '^dropped by mlme: malformed.*: [1-9]' "$TMP/garbage.out"; then
		why="no 'dropped by mlme: malformed...' line (broken elements, missing body)"
	elif [ -z "$in_n" ] || [ -z "$disp" ] || [ $((disp + rxd)) -ne "$in_n" ]; then
		why="frames in: ${in_n:-?}, but to workers ${disp:-?} + dropped by rx $rxd"
	elif ! tshark_clean "$TMP/garbage.pcap"; then
		why=$WHY
	fi
	if [ -n "$why" ]; then fail $name "$why"; else pass $name; fi
}

# Every record of each replayed broken input shows in its summary: as
# "frames in", or in a line "dropped by input: REASON: N" (the records
# the input port skipped: truncated, runt, bad radiotap...).
check_input_skips() {
	local entry f tag records in_n skipped why=
	for entry in "${SKIP_CHECKS[@]}"; do
		f=${entry%|*}
		tag=${entry##*|}
		records=$(tshark -n -r "$f" -T fields -e frame.number 2>/dev/null | wc -l)
		in_n=$(summary "$tag" 'frames in' | awk '{ print $1 }')
		skipped=$(awk -F': ' '/^dropped by input: / { s += $3 }
			END { print s + 0 }' "$TMP/$tag.out")
		if [ $((${in_n:-0} + skipped)) -ne "$records" ]; then
			why="${why:+$why; }$(basename "$f"): $records records, frames in ${in_n:-?} + dropped by input $skipped"
		fi
	done
	if [ ${#SKIP_CHECKS[@]} -eq 0 ]; then
		fail input-skips-counted "no input replayed"
	elif [ -n "$why" ]; then
		fail input-skips-counted "$why"
	else
		pass input-skips-counted
	fi
}

# real NAME FILE CONF: replays a real capture with its network's
# configuration; sets T to the output's tsv. Returns 1 if skipped/failed.
real() {
	local name=real-$1 f=$CAPS/$1
	if ! caps_present || [ ! -f "$f" ]; then
		skip "$name" "$f absent"
		return 1
	fi
	replay_tsv "$name" "real$2" "$f" --seed 5 -q "$DATA/$2.conf" ||
		return 1
	if ! tshark_clean "$TMP/real$2.pcap"; then
		fail "$name" "$WHY"
		return 1
	fi
	T=$TMP/real$2.pcap.tsv
}

# what_sent TSV STA AP: the frames to STA as "subtype/status/aid/reason/
# msgnr" words, for messages.
what_sent() {
	to_sta "$1" "$2" "$3" | awk -F'\t' '{ printf "%s/%s/%s/%s/%s ", $2, $5, $6, $7, $8 }'
}

# Harkonen: the trace holds M1-M4 but no authentication or association, so
# the station's M2 and M4 are class 3 frames from a station rapd never
# associated: deauthentication reason 7, and no handshake of rapd's own.
check_real_harkonen() {
	local sta=00:13:46:fe:32:0c ap=00:14:6c:7e:40:80 frames other
	real wpa2.eapol.cap harkonen || return
	frames=$(to_sta "$T" $sta $ap)
	other=$(awk -F'\t' -v d=$ST_DEAUTH '$2 != d || $7 != 7' <<<"$frames")
	if [ -n "$frames" ] && [ -z "$other" ]; then
		pass real-wpa2.eapol.cap
	else
		fail real-wpa2.eapol.cap "frames to $sta (subtype/status/aid/reason/msgnr): [$(what_sent "$T" $sta $ap)], want deauthentications with reason 7 only"
	fi
}

# dlink: authentication and reassociation succeed (AID 1..2007), rapd
# starts its own handshake (M1), and the trace's M2, computed over the
# original AP's ANonce, fails rapd's MIC check: no M3, a MIC failure
# counted.
check_real_dlink() {
	local sta=00:11:22:33:44:57 ap=00:06:4f:12:34:56 why=
	real zn2i.pcap dlink || return
	why=$(to_sta "$T" $sta $ap | awk -F'\t' -v a=$ST_AUTH -v r=$ST_REASSOC_RESP '
		$2 == a && $5 == 0 { auth = 1 }
		$2 == r && $5 == 0 && $6 >= 1 && $6 <= 2007 { reassoc = 1 }
		$8 == 1 { m1 = 1 }
		$8 == 3 { m3 = 1 }
		END { if (!auth) print "no successful authentication response"
		      else if (!reassoc) print "no successful reassociation response with an AID"
		      else if (!m1) print "no M1"
		      else if (m3) print "an M3 answered an M2 that cannot verify" }')
	if [ -z "$why" ] && ! grep -q '^dropped by mlme: .*MIC.*: [1-9]' \
		"$TMP/realdlink.out"; then
		why="no MIC failure counted for the trace's M2"
	fi
	if [ -n "$why" ]; then
		fail real-zn2i.pcap "$why: [$(what_sent "$T" $sta $ap)]"
	else
		pass real-zn2i.pcap
	fi
}

# Neheb (5 GHz, WPA-PSK-SHA256; rapd offers no PMF, the station does not
# require it): probe responses, authentication and association succeed;
# the station never answers rapd's M1 (its M2 belongs to the original AP),
# so no M3, and the handshake times out: deauthentication reason 15, all
# on the trace's clock. Then the station authenticates again and
# reassociates: accepted.
check_real_neheb() {
	local sta=2c:f0:a2:dd:bc:d0 ap=b0:b9:8a:56:8d:ea why=
	real n-02.cap neheb || return
	why=$(to_sta "$T" $sta $ap | awk -F'\t' -v a=$ST_AUTH \
		-v s=$ST_ASSOC_RESP -v r=$ST_REASSOC_RESP -v d=$ST_DEAUTH '
		$2 == a && $5 == 0 { auth++ }
		$2 == s && $5 == 0 && $6 >= 1 && $6 <= 2007 { assoc = 1 }
		$2 == r && $5 == 0 && $6 >= 1 && $6 <= 2007 { reassoc = 1 }
		$8 == 1 { m1 = 1 }
		$8 == 3 { m3 = 1 }
		$2 == d && $7 == 15 && m1 { timeout = 1 }
		END { if (auth < 2) print auth + 0 " successful authentication responses, want 2"
		      else if (!assoc) print "no successful association response with an AID"
		      else if (!reassoc) print "no successful reassociation response with an AID"
		      else if (!m1) print "no M1"
		      else if (m3) print "an M3 without a valid M2"
		      else if (!timeout) print "no deauthentication reason 15 after the M1s" }')
	if [ -z "$why" ] && ! awk -F'\t' -v b=$ap '$4 == b && $2 == 5 &&
		$3 == "da:a1:19:63:32:22" { ok = 1 } END { exit !ok }' "$T"; then
		why="no probe response to da:a1:19:63:32:22's wildcard probe"
	fi
	if [ -n "$why" ]; then
		fail real-n-02.cap "$why: [$(what_sent "$T" $sta $ap)]"
	else
		pass real-n-02.cap
	fi
}

# want_exit NAME TAG CODE PATTERN: the last rapd_run ended by itself with
# exit CODE and a stderr line matching PATTERN (grep -E).
want_exit() {
	if [ -n "$WHY" ]; then
		fail "$1" "$WHY"
	elif [ $RC -ne "$3" ]; then
		fail "$1" "exit $RC, want $3: $(head -1 "$TMP/$2.err")"
	elif ! grep -Eq "$4" "$TMP/$2.err"; then
		fail "$1" "stderr does not match /$4/: $(head -1 "$TMP/$2.err")"
	else
		return 0
	fi
	return 1
}

check_errors() {
	local ok=1
	printf 'not a capture\n' >"$TMP/text.pcap"
	rapd_run nofile --replay "$TMP/absent.pcap" --write "$TMP/o1.pcap"
	want_exit unreadable-input nofile 1 "absent\.pcap.*(No such file|cannot|not)" || ok=0
	if [ $ok = 1 ]; then
		rapd_run notcap --replay "$TMP/text.pcap" --write "$TMP/o2.pcap"
		want_exit unreadable-input notcap 1 "text\.pcap" || ok=0
	fi
	if [ $ok = 1 ]; then
		rapd_run dir --replay "$TMP" --write "$TMP/o3.pcap"
		want_exit unreadable-input dir 1 "rapd: " || ok=0
	fi
	[ $ok = 1 ] && pass unreadable-input

	if hex_pcap "$DATA/class3.txt" "$TMP/w.pcap"; then
		rapd_run nowrite --replay "$TMP/w.pcap" \
			--write "$TMP/no/such/dir/out.pcap"
		want_exit unwritable-output nowrite 1 "out\.pcap" &&
			pass unwritable-output
	else
		fail unwritable-output "text2pcap: $(head -1 "$TMP/w.pcap.err")"
	fi

	ok=1
	rapd_run nowr --replay "$TMP/w.pcap"
	want_exit usage nowr 2 "write" || ok=0
	if [ $ok = 1 ]; then
		rapd_run simwr --simulate 1 --write "$TMP/o4.pcap"
		want_exit usage simwr 2 "write" || ok=0
	fi
	if [ $ok = 1 ]; then
		rapd_run both --simulate 1 --replay "$TMP/w.pcap" \
			--write "$TMP/o5.pcap"
		want_exit usage both 2 "choose one" || ok=0
	fi
	[ $ok = 1 ] && pass usage
}

check_identity
check_determinism
class_frame class3-unknown "$DATA/class3.txt" 02:00:00:00:99:01 7
class_frame class2-unauthenticated "$DATA/class2.txt" 02:00:00:00:99:02 6
check_malformed
check_garbage
check_input_skips
check_real_harkonen
check_real_dlink
check_real_neheb
check_errors
exit $FAILED
