#!/bin/bash
# trace_dump.sh - `rapd-trace dump` against tshark, every frame, every column.
#
# Usage, from the repository root: tests/trace/trace_dump.sh BUILD_DIR
#
# For each capture of ${RAPD_CAPTURES:-../shared/captures} (and malformed/)
# with link type 105, 119 or 127, the 16 dump columns of every frame are
# compared with tshark's dissection of the same frame (table FIELDS below).
# Where rapd and tshark legitimately differ, DIFFERENCES lists the frame,
# the column, the value rapd must print and why: the test asserts that
# value and prints a note, it never drops a column. Every "malformed" verdict
# of rapd has to be declared there too. Extra cases built at run time:
#   dump-prism, dump-avs  zn2i.pcap's frames re-framed with a Prism or an
#                         AVS header (DLT 119), so both decoders meet tshark;
#   dump-robust           truncated, garbage and zero-length inputs: the
#                         tool must exit 0 or 2, never crash.
#   dump-pcapng-<capture> zn2i.pcap and n-02.cap rewritten as pcapng by
#                         editcap (tshark's package);
# Prints PASS/FAIL/SKIP trace/dump-<capture> lines; exits 1 if any FAIL.
# tshark comes from Debian's package (make deps installs it).
set -u
. "$(dirname "$0")/lib.sh"
trace_init "$@"

# The captures this test is about when the folder is absent (SKIP lines).
KNOWN="zn2i.pcap wpa2.eapol.cap n-02.cap
ieee802.11_meshhdr-oobr.pcap ieee802.11_parse_elements_oobr.pcap
ieee802.11_rates_oobr.pcap ieee802.11_tim_ie_oobr.pcap
radiotap-heapoverflow.pcap"

# tshark fields, in the order the comparison (cmp.awk) reads them.
FIELDS="frame.number frame.time_epoch frame.encap_type radiotap.length
prism.msgcode wlancap.length wlan_radio.frequency radiotap.channel.freq
radiotap.datarate wlan_radio.data_rate radiotap.dbm_antsignal
wlan_radio.signal_dbm radiotap.flags.fcs wlan.fc.type_subtype wlan.fc.tods
wlan.fc.fromds wlan.ra wlan.ta wlan.bssid wlan.da wlan.sa wlan.addr wlan.seq
wlan.ssid wlan.tag.number wlan_rsna_eapol.keydes.msgnr
wlan_rsna_eapol.keydes.key_info.key_type prism.did.channel"

# Declared differences: capture, frame, dump column, the value rapd prints,
# why it differs from tshark. Tab-separated.
DIFFERENCES="\
ieee802.11_meshhdr-oobr.pcap	1	malformed	malformed: radiotap version is not 0	it_version is 48: rapd refuses the header (radiotap.org: only version 0 exists); tshark marks it invalid and stops at 802.11 protocol version 3
ieee802.11_rates_oobr.pcap	1	malformed	malformed: radiotap version is not 0	it_version is 48: rapd refuses the header; tshark marks it invalid and goes on into the frame behind it
ieee802.11_rates_oobr.pcap	1	addr1	-	rapd stops at the refused radiotap header; tshark reads a protocol-version-1 frame behind it
ieee802.11_rates_oobr.pcap	1	seq	-	rapd stops at the refused radiotap header; tshark reads a protocol-version-1 frame behind it
radiotap-heapoverflow.pcap	1	malformed	malformed: radiotap version is not 0	it_version is 48: rapd refuses the header; tshark marks it invalid and has no bytes left for 802.11
ieee802.11_parse_elements_oobr.pcap	1	malformed	malformed: elements: truncated element	an element runs past the captured bytes; tshark reports the same frame as a malformed packet
ieee802.11_tim_ie_oobr.pcap	1	malformed	malformed: elements: truncated element	an element runs past the captured bytes (tshark: RSN suite counts too large)
ieee802.11_tim_ie_oobr.pcap	2	malformed	malformed: elements: truncated element	an element runs past the captured bytes; tshark stops quietly
ieee802.11_tim_ie_oobr.pcap	3	malformed	malformed: 802.11: truncated header	10 captured bytes hold no 24-byte management header: rapd's codec refuses the header
ieee802.11_tim_ie_oobr.pcap	3	type	-	10 bytes: rapd refuses the whole header; tshark names the type from the Frame Control octets alone
ieee802.11_tim_ie_oobr.pcap	3	addr1	-	10 bytes: rapd refuses the whole header; tshark shows the one address that fits
ieee802.11_tim_ie_oobr.pcap	4	malformed	malformed: elements: truncated element	an element runs past the captured bytes; tshark stops quietly"

# rapd's type names are tshark's wlan.fc.type_subtype strings (read from
# `tshark -G values`) except for these codes (see mlme/frame.c): code,
# rapd's name, why.
NAME_OVERRIDES="\
6	Timing Advertisement	the standard's name (Table 9-1); tshark: Measurement Pilot
7	Reserved	tshark has no name
15	Reserved	the standard reserves it; tshark names a vendor's use
16	Reserved	tshark has no name
17	Reserved	tshark has no name
19	TACK	the standard's name; tshark has none
22	Control Frame Extension	the standard's name; tshark has none
45	Reserved	tshark has no name"

cat >"$TMP/cmp.awk" <<'EOF'
# Input files: names (code TAB name), differences, rapd dump, tshark fields.
function first(s,   a) { split(s, a, ","); return a[1] }
function hexval(s,   i, v) {
	s = tolower(s); sub(/^0x/, "", s); v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function bool01(s) {
	s = first(s)
	if (s == "True" || s == "1") return "1"
	if (s == "False" || s == "0") return "0"
	return "-"
}
function dash(s) { return s == "" ? "-" : s }
# tshark gives a Prism header's channel number, not its frequency: the
# 2.4 and 5 GHz channel plans of 802.11 Annex E turn it into MHz.
function chan_mhz(c) {
	if (c >= 1 && c <= 13) return 2407 + 5 * c
	if (c == 14) return 2484
	if (c >= 32 && c <= 196) return 5000 + 5 * c
	return "-"
}
# rtrace_put_escaped() in rapd-trace's dump.c, over tshark's hex bytes.
function escape_ssid(hex,   n, i, b, out) {
	n = length(hex) / 2
	if (n == 0) return "\"\""
	if (hex == "2d") return "\\x2d"
	out = ""
	for (i = 0; i < n; i++) {
		b = hexval(substr(hex, 2 * i + 1, 2))
		if (b == 92) out = out "\\\\"
		else if (b == 9) out = out "\\t"
		else if (b == 10) out = out "\\n"
		else if (b == 13) out = out "\\r"
		else if (b < 32 || b > 126 || b == 34)
			out = out sprintf("\\x%02x", b)
		else out = out sprintf("%c", b)
	}
	return out
}
function has_tag0(list,   a, n, i) {
	n = split(list, a, ",")
	for (i = 1; i <= n; i++) if (a[i] == "0") return 1
	return 0
}
function addr_n(list, k,   a) {
	return split(list, a, ",") >= k ? a[k] : "-"
}
# Third address as it is in the frame, from tshark's role-named fields.
function addr3(t,   code, type, ds, a) {
	if (t[14] == "") return addr_n(t[22], 3)
	code = hexval(t[14]); type = code >= 256 ? 1 : int(code / 16)
	if (type == 0) return dash(first(t[19]))
	if (type != 2) return "-"
	ds = bool01(t[15]) bool01(t[16])
	if (ds == "00") return dash(first(t[19]))
	if (ds == "01") return dash(first(t[21]))
	return dash(first(t[20]))
}
function expect(t, e,   tp, enc, m, kt) {
	e[1] = t[1]
	split(t[2], tp, "."); e[2] = tp[1] "." substr(tp[2] "000000", 1, 6)
	enc = t[3]
	e[3] = enc == 20 ? 105 : enc == 21 ? 119 : enc == 23 ? 127 : "?" enc
	if (enc == 23) e[4] = dash(first(t[4]))
	else if (t[5] != "") e[4] = 144
	else e[4] = dash(first(t[6]))
	e[5] = t[7] != "" ? first(t[7]) : dash(first(t[8]))
	if (e[5] == "-" && t[28] != "") e[5] = chan_mhz(first(t[28]))
	e[6] = t[9] != "" ? first(t[9]) : dash(first(t[10]))
	e[7] = t[11] != "" ? first(t[11]) : dash(first(t[12]))
	e[8] = bool01(t[13])
	e[9] = t[14] == "" ? "-" : \
		(hexval(t[14]) in name ? name[hexval(t[14])] : "?" t[14])
	e[10] = dash(first(t[17]))
	e[11] = dash(first(t[18]))
	e[12] = addr3(t)
	e[13] = dash(first(t[23]))
	if (first(t[24]) == "<MISSING>") e[14] = "\"\""  # empty SSID
	else if (t[24] != "") e[14] = escape_ssid(first(t[24]))
	else e[14] = has_tag0(t[25]) ? "\"\"" : "-"
	m = first(t[26]); kt = bool01(t[27])
	e[15] = m == "" ? "-" : (kt == "0" ? "G" m : m)
	e[16] = "-"
}
function same(c, r, e) {
	if (c == 6 && r != "-" && e != "-")  # rates: tshark keeps more digits
		return r - e < 0.1 && e - r < 0.1
	return r == e
}
BEGIN {
	FS = "\t"; files = 0
	split("index time linktype radio_len freq_mhz rate_mbps signal_dbm " \
	      "fcs type addr1 addr2 addr3 seq ssid eapol malformed", col, " ")
}
FNR == 1 { files++ }
files == 1 { name[$1] = $2; next }
files == 2 { if ($1 == cap) { k = $2 SUBSEP $3; want[k] = $4; why[k] = $5 }
	     next }
files == 3 { if (substr($0, 1, 1) != "#") rl[++nr] = $0; next }
files == 4 { tl[++nt] = $0; next }
END {
	bad = 0
	if (nr != nt) {
		printf "  %s: rapd prints %d frames, tshark %d\n", cap, nr, nt
		bad++
	}
	for (i = 1; i <= nr && i <= nt; i++) {
		split(rl[i], r, "\t"); split(tl[i], t, "\t"); expect(t, e)
		for (c = 1; c <= 16; c++) {
			at = sprintf("%s frame %d %s: rapd '%s'", cap, i, col[c], r[c])
			k = i SUBSEP col[c]
			if (!(k in want)) {
				if (same(c, r[c], e[c])) continue
				printf "  %s, tshark '%s'\n", at, e[c]
				bad++
				continue
			}
			seen[k] = 1
			if (r[c] == want[k]) {
				printf "  note: %s, tshark '%s': %s\n", at, e[c], why[k]
				continue
			}
			printf "  %s, declared '%s' (tshark '%s')\n", at, want[k], e[c]
			bad++
		}
	}
	for (k in want) if (!(k in seen)) {
		split(k, kk, SUBSEP)
		printf "  %s: declared difference frame %s %s not met\n",
			cap, kk[1], kk[2]
		bad++
	}
	exit bad > 0
}
EOF

# The names table: tshark's value strings, then rapd's overrides.
make_names() {
	tshark -G values 2>/dev/null |
		awk -F'\t' '$1 == "V" && $2 == "wlan.fc.type_subtype" {
			print $3 "\t" $4 }' >"$TMP/names"
	printf '%s\n' "$NAME_OVERRIDES" | cut -f1,2 >>"$TMP/names"
	for code in $(seq 50 63); do
		printf '%s\tReserved\n' "$code" >>"$TMP/names"
	done
}

# compare NAME FILE: dump FILE and compare it with tshark.
compare() {
	local name=$1 file=$2 base rc
	base=$(basename "$file")
	local -a targs=()
	for f in $FIELDS; do targs+=(-e "$f"); done
	"$TOOL" dump "$file" >"$TMP/rapd.tsv" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		sed 's/^/    /' "$TMP/err" >&2
		fail "$name" "rapd-trace dump exit $rc"
		return
	fi
	tshark -r "$file" -T fields -E occurrence=a -E aggregator=, \
		"${targs[@]}" >"$TMP/tshark.tsv" 2>/dev/null
	printf '%s\n' "$DIFFERENCES" >"$TMP/diff.tsv"
	if awk -v cap="$base" -f "$TMP/cmp.awk" "$TMP/names" \
		"$TMP/diff.tsv" "$TMP/rapd.tsv" "$TMP/tshark.tsv" >&2; then
		pass "$name"
	else
		fail "$name" "columns differ from tshark"
	fi
}

# --- DLT 119 captures built from zn2i.pcap ---------------------------------

le32() { # value -> 4 bytes, little-endian, as printf escapes
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) \
		$(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}
be32() {
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255))
}

# One Prism item: did, status 0, length 4, data.
prism_item() { printf '%s\\x00\\x00\\x04\\x00%s' "$(le32 "$1")" "$(le32 "$2")"; }

# The 144-byte Prism header (msgcode 0x44, little-endian) for channel 4,
# 1 Mb/s, RSSI given as the signal.
prism_hdr() { # rssi
	printf '%s%s' "$(le32 0x44)" "$(le32 144)"
	printf 'wlan0\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'
	prism_item 0x00010044 0
	prism_item 0x00020044 0
	prism_item 0x00030044 4
	prism_item 0x00040044 $(($1 & 0xffffffff))
	prism_item 0x00050044 0
	prism_item 0x00060044 0
	prism_item 0x00070044 0
	prism_item 0x00080044 2
	prism_item 0x00090044 0
	prism_item 0x000A0044 0
}

# The 64-byte AVS header (big-endian) for channel 6, 11 Mb/s, -50 dBm.
avs_hdr() {
	printf '%s%s' "$(be32 0x80211001)" "$(be32 64)"
	printf '\\x00%.0s' $(seq 16)
	printf '%s%s%s' "$(be32 4)" "$(be32 6)" "$(be32 110)"
	printf '\\x00%.0s' $(seq 8)
	printf '%s%s' "$(be32 2)" "$(be32 $((-50 & 0xffffffff)))"
	printf '\\x00%.0s' $(seq 12)
}

# reframe_records KIND SRC: SRC's records (a radiotap pcap) with the
# radiotap header replaced by a KIND header, on stdout.
reframe_records() {
	local kind=$1 src=$2 hdr hlen off=24 cap rtlen len
	local -a b
	# shellcheck disable=SC2207 # od prints numbers only
	b=($(od -An -v -tu1 "$src"))
	while [ $((off + 16)) -le ${#b[@]} ]; do
		cap=$((b[off + 8] | b[off + 9] << 8 | b[off + 10] << 16))
		rtlen=$((b[off + 18] | b[off + 19] << 8))
		if [ "$kind" = prism ]; then
			hdr=$(prism_hdr $((-30 - off % 40)))
			hlen=144
		else
			hdr=$(avs_hdr)
			hlen=64
		fi
		len=$((cap - rtlen + hlen))
		printf "$(printf '\\x%02x' "${b[@]:off:8}")"
		printf "$(le32 $len)$(le32 $len)$hdr"
		printf "$(printf '\\x%02x' "${b[@]:off + 16 + rtlen:cap - rtlen}")"
		off=$((off + 16 + cap))
	done
}

# reframe KIND SRC OUT: a pcap with link type 119 (Prism or AVS headers)
# holding the 802.11 frames of the radiotap capture SRC.
reframe() {
	{
		printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00'
		printf '\x00\x00\x00\x00\x00\x00\x04\x00\x77\x00\x00\x00'
		reframe_records "$1" "$2"
	} >"$3"
}

# --- robustness -------------------------------------------------------------

# True (and the report shown) when a sanitizer complained in $TMP/err:
# in the ASan build an error may exit 1, which check-handshake also uses.
sanitized() {
	grep -q 'Sanitizer\|runtime error' "$TMP/err" || return 1
	sed 's/^/    /' "$TMP/err" >&2
}

# Inputs that are not well-formed captures: the tool must exit 0 (read),
# 1 (check-handshake found nothing) or 2 (unreadable), never crash.
robust() {
	local name=dump-robust ok=1 f rc cut
	local hdr='\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\x00'
	local rec0='\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	local rec3='\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x03\x00\x00\x00\x00\x00\x08'
	# 9 bytes: a radiotap header with Flags = FCS at end, and no frame.
	local rec9='\x00\x00\x00\x00\x00\x00\x00\x00\x09\x00\x00\x00\x09\x00\x00\x00\x00\x00\x09\x00\x02\x00\x00\x00\x10'
	for dlt in '\x69' '\x7f' '\x77'; do
		printf "$hdr$dlt\\x00\\x00\\x00$rec0$rec3$rec9$rec0" \
			>"$TMP/zero-$(printf %d "'$(printf "$dlt")")".pcap
	done
	printf "$hdr"'\x7f\x00\x00\x00' >"$TMP/garbage-tail.pcap"
	head -c 300 /dev/urandom >>"$TMP/garbage-tail.pcap"
	head -c 4096 /dev/urandom >"$TMP/random.bin"
	if caps_present; then
		for f in "$CAPS"/*.cap "$CAPS"/*.pcap; do
			[ -r "$f" ] || continue
			for cut in 10 24 40 100 333 1000; do
				head -c $cut "$f" >"$TMP/cut-$cut-$(basename "$f")"
			done
		done
	fi
	for f in "$TMP"/zero-*.pcap "$TMP"/garbage-tail.pcap \
		"$TMP"/random.bin "$TMP"/cut-*; do
		[ -e "$f" ] || continue
		"$TOOL" dump "$f" >/dev/null 2>"$TMP/err"
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 2 ] || sanitized; then
			echo "    dump $f: exit $rc" >&2
			ok=0
		fi
		"$TOOL" check-handshake --ssid x --passphrase 12345678 "$f" \
			>/dev/null 2>"$TMP/err"
		rc=$?
		if [ $rc -gt 2 ] || sanitized; then
			echo "    check-handshake $f: exit $rc" >&2
			ok=0
		fi
	done
	# Records too short for any frame are dumped as malformed, not
	# skipped: 4 lines each.
	for f in "$TMP"/zero-*.pcap; do
		if [ "$("$TOOL" dump "$f" | grep -c 'malformed: ')" -ne 4 ]; then
			echo "    $f: want 4 malformed records" >&2
			"$TOOL" dump "$f" | sed 's/^/    /' >&2
			ok=0
		fi
	done
	[ $ok = 1 ] && pass $name || fail $name
}

# --- main -------------------------------------------------------------------

tool_present dump-robust || exit 1
if ! command -v tshark >/dev/null; then
	for c in $KNOWN prism avs pcapng; do
		fail "dump-$c" "tshark not installed (make deps installs it)"
	done
	robust
	exit 1
fi
make_names
if caps_present; then
	for f in "$CAPS"/*.cap "$CAPS"/*.pcap "$CAPS"/*.pcapng \
		"$CAPS"/malformed/*.pcap "$CAPS"/malformed/*.pcapng; do
		[ -r "$f" ] || continue
		enc=$(tshark -r "$f" -c 1 -T fields -e frame.encap_type \
			2>/dev/null)
		case $enc in
		20 | 21 | 23) compare "dump-$(basename "$f")" "$f" ;;
		*) skip "dump-$(basename "$f")" "encapsulation $enc is not 802.11" ;;
		esac
	done
	for f in zn2i.pcap n-02.cap; do
		[ -r "$CAPS/$f" ] || continue
		editcap -F pcapng "$CAPS/$f" "$TMP/$f.pcapng" &&
			compare "dump-pcapng-$f" "$TMP/$f.pcapng"
	done
	if [ -r "$CAPS/zn2i.pcap" ]; then
		reframe prism "$CAPS/zn2i.pcap" "$TMP/zn2i-prism.pcap"
		compare dump-prism "$TMP/zn2i-prism.pcap"
		reframe avs "$CAPS/zn2i.pcap" "$TMP/zn2i-avs.pcap"
		compare dump-avs "$TMP/zn2i-avs.pcap"
	fi
else
	for c in $KNOWN prism avs pcapng; do
		skip "dump-$c" "captures absent"
	done
fi
robust
exit $FAILED
