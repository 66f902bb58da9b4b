#!/bin/bash
# pipeline_sim.sh - rapd's whole pipeline (RX, workers, TX threads, station
# table, mlme) against the simulated stations of `rapd --simulate`, judged
# from the outside: exit status, event lines, summary lines, and the frames
# on the simulated medium (--record), dissected by tshark.
#
# Usage, from the repository root: tests/trace/pipeline_sim.sh BUILD_DIR
#
# Cases (issue "The pipeline"):
#   sim-1000        1000 stations all connect; nothing left, nothing leaked
#   sim-1000-aids   every station's (last) successful association response
#                   carries an AID in 1..2007, all different
#   wrong-psk       2 of 10 with a wrong passphrase: never an M3, the AP's
#                   M1 retransmitted, then deauthentication reason 15, and
#                   AP-STA-POSSIBLE-PSK-MISMATCH; the 8 others connect
#   table-full      max_num_sta=4, 6 stations: the 2 extra ones refused
#                   with status 17, AP-REJECTED-MAX-STA, exit 1
#   acl-deny        deny_mac_file names station 4: its authentication is
#                   refused (status 1), the 5 others connect, exit 1
#   vanish-m3-retransmit  2 of 6 vanish after M2: M3 resent with growing
#                   replay counters, they never count as connected
#   vanish-deauth   ... and after the last retry the AP deauthenticates them
#                   (reason 15) before the run ends
#   loss            5% frame loss, 20 stations: all connect, losses and
#                   retransmissions show
#   churn           10 stations leave and come back: 2 connects each
#   tshark-clean    every recording above dissects without a malformed
#                   frame or an error-level expert item
# Which stations get --wrong-psk / --vanish follows sim.h's rule (k of n
# spread evenly by index). A station's own retries make the loss case
# independent of timing: no case asserts how long anything took.
# Prints PASS/FAIL/SKIP pipeline/... lines; exits 1 if any FAIL.
set -u
. "$(dirname "$0")/../data/pipeline/lib.sh"
pipe_init "$@"
tools_present sim-1000 sim-1000-aids wrong-psk table-full acl-deny \
	vanish-m3-retransmit vanish-deauth loss churn tshark-clean

RECORDINGS=()

# Stations of $TMP/TAG.out with at least one AP-STA-CONNECTED, sorted.
connected() { events "$1" AP-STA-CONNECTED | uniq; }

# The set difference A - B of two sorted lists given as strings.
minus() { comm -23 <(printf '%s\n' "$1" | sed '/^$/d') \
	<(printf '%s\n' "$2" | sed '/^$/d'); }

# Frames of TSV the AP sent to MAC, in order (tsv lines).
to_sta() { # tsv mac
	awk -F'\t' -v b="$BSSID" -v m="$2" '$4 == b && $3 == m' "$1"
}

# A run that must end on its own; records the capture for tshark-clean.
sim_run() { # name tag args...
	local name=$1 tag=$2
	shift 2
	RECORDINGS+=("$TMP/$tag.pcap")
	if ! rapd_run "$tag" --simulate "$@" --until-settled \
		--record "$TMP/$tag.pcap"; then
		fail "$name" "$WHY"
		return 1
	fi
	if ! frames_tsv "$TMP/$tag.pcap"; then
		fail "$name" "$WHY"
		return 1
	fi
}

check_sim_1000() {
	local n=1000 tag=s1000 got dup why=
	if ! sim_run sim-1000 $tag $n --seed 5; then
		fail sim-1000-aids "no run"
		return
	fi
	got=$(connected $tag)
	if [ $RC -ne 0 ]; then
		why="exit $RC, want 0 ($(head -1 "$TMP/$tag.err"))"
	elif [ "$got" != "$(sim_all $n)" ]; then
		why="$(minus "$(sim_all $n)" "$got" | wc -l) stations without AP-STA-CONNECTED"
	elif [ "$(summary $tag 'stations connected')" != $n ]; then
		why="summary: stations connected: $(summary $tag 'stations connected')"
	elif ! grep -q "^sim: stations $n: connected $n " "$TMP/$tag.out"; then
		why="simulator: $(grep '^sim: stations' "$TMP/$tag.out")"
	elif [ "$(summary $tag 'stations left in table')" != 0 ]; then
		why="stations left in table: $(summary $tag 'stations left in table')"
	elif grep -qi 'leak' "$TMP/$tag.out" "$TMP/$tag.err"; then
		why="$(grep -hi -m1 'leak' "$TMP/$tag.out" "$TMP/$tag.err")"
	fi
	if [ -n "$why" ]; then fail sim-1000 "$why"; else pass sim-1000; fi

	# Last successful (re)association response per station: station AID.
	awk -F'\t' -v b="$BSSID" -v a=$ST_ASSOC_RESP -v r=$ST_REASSOC_RESP '
		$4 == b && ($2 == a || $2 == r) && $5 == 0 { aid[$3] = $6 }
		END { for (s in aid) print s "\t" aid[s] }' \
		"$TMP/$tag.pcap.tsv" | sort >"$TMP/aids"
	why=
	if [ "$(cut -f1 "$TMP/aids")" != "$(sim_all $n)" ]; then
		why="$(wc -l <"$TMP/aids") stations got a successful association response, want $n"
	elif [ "$(cut -f2 "$TMP/aids" | sort -n | uniq -d)" ]; then
		dup=$(cut -f2 "$TMP/aids" | sort -n | uniq -d | head -1)
		why="AID $dup given to $(awk -F'\t' -v a="$dup" '$2 == a { printf "%s ", $1 }' "$TMP/aids")"
	else
		why=$(awk -F'\t' '$2 !~ /^[0-9]+$/ || $2 < 1 || $2 > 2007 {
			print "AID out of 1..2007: " $1 " " $2; exit }' "$TMP/aids")
	fi
	if [ -n "$why" ]; then fail sim-1000-aids "$why"; else pass sim-1000-aids; fi
}

# The M1s the AP sent a wrong-passphrase station before its first
# deauthentication must be the configured 4 (wpa_pairwise_update_count)
# with growing replay counters, and the deauthentication reason 15.
wrong_psk_station() { # tsv mac -> WHY
	local frames
	frames=$(to_sta "$1" "$2")
	WHY=$(awk -F'\t' -v d=$ST_DEAUTH -v m="$2" '
		$8 == 3 { print m ": got an M3"; exit }
		$2 == d && !deauth { deauth = 1; reason = $7
			if (m1 != 4) { print m ": " m1 + 0 " M1 before the deauthentication, want 4"; exit } }
		$8 == 1 && !deauth { if (m1 && $9 + 0 <= last) { print m ": M1 replay counter " $9 " after " last; exit }
			m1++; last = $9 + 0 }
		END { if (!deauth) print m ": no deauthentication"
		      else if (reason != 15) print m ": deauthentication reason " reason ", want 15" }' <<<"$frames" | head -1)
	[ -z "$WHY" ]
}

check_wrong_psk() {
	local n=10 k=2 tag=wp wrong got why= s
	sim_run wrong-psk $tag $n --seed 3 --wrong-psk $k || return
	wrong=$(sim_share $n $k)
	got=$(connected $tag)
	if [ $RC -ne 0 ]; then
		why="exit $RC, want 0 ($(head -1 "$TMP/$tag.err"))"
	elif [ "$(events $tag AP-STA-POSSIBLE-PSK-MISMATCH | uniq)" != "$wrong" ]; then
		why="AP-STA-POSSIBLE-PSK-MISMATCH for [$(events $tag AP-STA-POSSIBLE-PSK-MISMATCH | uniq | tr '\n' ' ')], want [$(tr '\n' ' ' <<<"$wrong")]"
	elif [ "$got" != "$(minus "$(sim_all $n)" "$wrong")" ]; then
		why="connected [$(tr '\n' ' ' <<<"$got")], want all but [$(tr '\n' ' ' <<<"$wrong")]"
	else
		for s in $wrong; do
			wrong_psk_station "$TMP/$tag.pcap.tsv" "$s" && continue
			why=$WHY
			break
		done
	fi
	if [ -n "$why" ]; then fail wrong-psk "$why"; else pass wrong-psk; fi
}

check_table_full() {
	local n=6 max=4 tag=full got extra why= s
	sim_run table-full $tag $n --seed 2 "$DATA/full.conf" || return
	got=$(connected $tag)
	extra=$(minus "$(sim_all $n)" "$got")
	if [ "$(wc -l <<<"$got")" -ne $max ]; then
		why="$(wc -l <<<"$got") stations connected, want $max"
	elif [ "$(summary $tag 'stations connected')" != $max ]; then
		why="summary: stations connected: $(summary $tag 'stations connected')"
	fi
	for s in $extra; do
		[ -n "$why" ] && break
		# (Re)association or authentication responses, by status.
		why=$(to_sta "$TMP/$tag.pcap.tsv" "$s" | awk -F'\t' -v m="$s" '
			$2 == 11 || $2 == 1 || $2 == 3 { n++; st[$5]++ }
			END { if (17 in st) exit
			      printf "%s: no authentication or association response with status 17 (%d responses, statuses:", m, n
			      for (x in st) printf " %s", x; print ")" }')
	done
	if [ -z "$why" ] &&
		[ "$(minus "$extra" "$(events $tag AP-REJECTED-MAX-STA | uniq)")" ]; then
		why="no AP-REJECTED-MAX-STA for $(minus "$extra" "$(events $tag AP-REJECTED-MAX-STA | uniq)" | tr '\n' ' ')"
	fi
	[ -z "$why" ] && [ $RC -ne 1 ] && why="exit $RC, want 1"
	if [ -n "$why" ]; then fail table-full "$why"; else pass table-full; fi
}

check_acl_deny() {
	local n=6 tag=acl denied=02:00:00:00:00:04 got frames why=
	sim_run acl-deny $tag $n --seed 2 "$DATA/acl.conf" || return
	got=$(connected $tag)
	frames=$(to_sta "$TMP/$tag.pcap.tsv" $denied)
	if [ "$got" != "$(minus "$(sim_all $n)" $denied)" ]; then
		why="connected [$(tr '\n' ' ' <<<"$got")], want all but $denied"
	elif ! awk -F'\t' '$2 == 11 { n++; if ($5 != 1) bad = 1 }
		END { exit !(n > 0 && !bad) }' <<<"$frames"; then
		why="$denied: authentication responses, want status 1: $(awk -F'\t' '$2 == 11 { printf "%s ", $5 }' <<<"$frames")"
	elif awk -F'\t' '$2 == 1 || $2 == 3 || $8 != "-" { exit 1 }' \
		<<<"$frames"; then
		[ $RC -ne 1 ] && why="exit $RC, want 1 (the simulator expected $denied to connect)"
	else
		why="$denied was refused, yet got an association response or an EAPOL-Key frame"
	fi
	if [ -n "$why" ]; then fail acl-deny "$why"; else pass acl-deny; fi
}

check_vanish() {
	local n=6 k=2 tag=van gone got why= dwhy= s frames
	if ! sim_run vanish-m3-retransmit $tag $n --seed 3 --vanish $k; then
		fail vanish-deauth "no run"
		return
	fi
	gone=$(sim_share $n $k)
	got=$(connected $tag)
	if [ $RC -ne 0 ]; then
		why="exit $RC, want 0 ($(head -1 "$TMP/$tag.err"))"
	elif [ "$got" != "$(minus "$(sim_all $n)" "$gone")" ]; then
		why="connected [$(tr '\n' ' ' <<<"$got")], want all but [$(tr '\n' ' ' <<<"$gone")]"
	elif [ "$(summary $tag 'stations left in table')" != 0 ]; then
		why="stations left in table: $(summary $tag 'stations left in table')"
	fi
	for s in $gone; do
		frames=$(to_sta "$TMP/$tag.pcap.tsv" "$s")
		[ -z "$why" ] && why=$(awk -F'\t' -v m="$s" '
			$8 == 3 { if (n && $9 + 0 <= last) { print m ": M3 replay counter " $9 " after " last; exit }
				n++; last = $9 + 0 }
			END { if (n < 2) print m ": " n + 0 " M3, want it retransmitted" }' <<<"$frames" | head -1)
		[ -z "$dwhy" ] && dwhy=$(awk -F'\t' -v m="$s" -v d=$ST_DEAUTH '
			$8 == 3 { m3 = NR; deauth = "" }
			$2 == d && m3 { deauth = $7 }
			END { if (deauth == "") print m ": no deauthentication after its last M3 (the recording ends " (m3 ? "after the M3 retries" : "without M3") ")"
			      else if (deauth != 15) print m ": deauthentication reason " deauth ", want 15" }' <<<"$frames")
	done
	if [ -n "$why" ]; then
		fail vanish-m3-retransmit "$why"
	else
		pass vanish-m3-retransmit
	fi
	if [ -n "$dwhy" ]; then fail vanish-deauth "$dwhy"; else pass vanish-deauth; fi
}

check_loss() {
	local n=20 tag=loss got lost sent resent why=
	sim_run loss $tag $n --seed 11 --loss 0.05 || return
	got=$(connected $tag)
	# "sim: frames from AP F (lost A, ...), to AP T (lost B, ...)"
	lost=$(sed -n 's/^sim: frames from AP .*(lost \([0-9]*\),.*to AP .*(lost \([0-9]*\),.*/\1 + \2/p' "$TMP/$tag.out")
	# "sim: station frames: probe=P auth=A assoc=S m2=M m4=N ..."
	sent=$(grep '^sim: station frames:' "$TMP/$tag.out" | tr ' ' '\n' |
		awk -F= '$1 ~ /^(probe|auth|assoc|m2|m4)$/ { s += $2 } END { print s + 0 }')
	# Answers the AP gave a station twice: the same subtype (and EAPOL-Key
	# message), probe responses aside (a beacon may stand for one).
	resent=$(awk -F'\t' -v b="$BSSID" '$4 == b && $3 != "ff:ff:ff:ff:ff:ff" &&
		$2 != 5 { if (++seen[$3 " " $2 " " $8] == 2) r++ }
		END { print r + 0 }' "$TMP/$tag.pcap.tsv")
	if [ $RC -ne 0 ]; then
		why="exit $RC, want 0 ($(head -1 "$TMP/$tag.err"))"
	elif [ "$got" != "$(sim_all $n)" ]; then
		why="$(minus "$(sim_all $n)" "$got" | wc -l) stations did not connect"
	elif [ -z "$lost" ] || [ $((lost)) -eq 0 ]; then
		why="no frame lost: '$(grep '^sim: frames' "$TMP/$tag.out")'"
	elif [ "$resent" -eq 0 ] && [ "$sent" -le $((5 * n)) ]; then
		why="$((lost)) frames lost but no retransmission: AP repeated nothing, stations sent $sent frames"
	fi
	if [ -n "$why" ]; then fail loss "$why"; else pass loss; fi
}

check_churn() {
	local n=10 tag=churn why=
	sim_run churn $tag $n --seed 4 --churn || return
	if [ $RC -ne 0 ]; then
		why="exit $RC, want 0 ($(head -1 "$TMP/$tag.err"))"
	elif [ "$(events $tag AP-STA-CONNECTED | uniq -c | awk '$1 != 2')" ] ||
		[ "$(events $tag AP-STA-CONNECTED | uniq)" != "$(sim_all $n)" ]; then
		why="AP-STA-CONNECTED per station, want 2 each: $(events $tag AP-STA-CONNECTED | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')"
	elif [ "$(events $tag AP-STA-DISCONNECTED | uniq)" != "$(sim_all $n)" ]; then
		why="AP-STA-DISCONNECTED for [$(events $tag AP-STA-DISCONNECTED | uniq | tr '\n' ' ')], want every station"
	elif ! grep -q "^sim: connects $((2 * n));" "$TMP/$tag.out"; then
		why="simulator: '$(grep '^sim: connects' "$TMP/$tag.out")', want $((2 * n)) connects"
	fi
	if [ -n "$why" ]; then fail churn "$why"; else pass churn; fi
}

check_tshark_clean() {
	local f why=
	for f in "${RECORDINGS[@]}"; do
		[ -s "$f" ] || continue
		tshark_clean "$f" && continue
		why="${why:+$why; }$WHY"
	done
	if [ ${#RECORDINGS[@]} -eq 0 ]; then
		fail tshark-clean "no recording"
	elif [ -n "$why" ]; then
		fail tshark-clean "$why"
	else
		pass tshark-clean
	fi
}

check_sim_1000
check_wrong_psk
check_table_full
check_acl_deny
check_vanish
check_loss
check_churn
check_tshark_clean
exit $FAILED
