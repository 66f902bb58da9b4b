#!/bin/bash
# config.sh BUILD_DIR - `rapd --check-config` on good and bad files.
#
# Run from anywhere (it works in the repository root), e.g.
#   tests/trace/config.sh build     or     tests/trace/config.sh build-asan
# Each case runs BUILD_DIR/rapd on a file from tests/data/config (or one made
# in a temporary directory), checks the exit code and greps stdout/stderr.
# Prints "PASS config/<case>" or "FAIL config/<case>" per case, the reasons
# on stderr, and exits 1 if any case failed. Nothing here needs root or an
# interface: checking a config touches none.
set -u
cd "$(dirname "$0")/../.." || exit 1

if [ $# -ne 1 ]; then
	echo "usage: tests/trace/config.sh BUILD_DIR" >&2
	exit 2
fi
rapd=$1/rapd
data=tests/data/config
if [ ! -x "$rapd" ]; then
	echo "FAIL config/build ($rapd not found: build it first)"
	exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0

# begin NAME ARGS...: runs rapd ARGS (at most 30 s), keeps stdout, stderr
# and the exit code of case NAME.
begin() {
	name=$1
	shift
	problems=""
	timeout 30 "$rapd" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
}

problem() {
	problems="$problems$1; "
}
expect_rc() {
	[ "$rc" -eq "$1" ] || problem "exit code $rc, want $1"
}
expect_out_line() { # a whole line of stdout
	grep -qxF -- "$1" "$tmp/$name.out" || problem "no stdout line '$1'"
}
expect_err() { # a substring of stderr
	grep -qF -- "$1" "$tmp/$name.err" || problem "stderr lacks '$1'"
}
reject_out() {
	! grep -qF -- "$1" "$tmp/$name.out" || problem "stdout shows '$1'"
}
expect_no_out() {
	[ ! -s "$tmp/$name.out" ] || problem "stdout is not empty"
}

end() {
	if [ -z "$problems" ]; then
		echo "PASS config/$name"
		return
	fi
	echo "FAIL config/$name"
	echo "config/$name: $problems" >&2
	head -n 20 "$tmp/$name.err" | sed 's/^/    stderr: /' >&2
	failed=1
}

# The bundled example: valid, secret masked.
begin example --check-config rapd.conf.example
expect_rc 0
expect_out_line "ssid=rapd"
expect_out_line "wpa=2"
expect_out_line "wpa_passphrase=<hidden>"
reject_out "change-this-passphrase"
[ ! -s "$tmp/$name.err" ] || problem "warnings on the example"
end

# What --check-config prints is a config that reads back the same.
name=example-reads-back
problems=""
sed 's/^wpa_passphrase=<hidden>$/wpa_passphrase=change-this-passphrase/' \
	"$tmp/example.out" >"$tmp/printed.conf"
begin example-reads-back --check-config "$tmp/printed.conf"
expect_rc 0
cmp -s "$tmp/example.out" "$tmp/example-reads-back.out" ||
	problem "the printed config prints differently"
end

# The hostapd tutorial config with inline comments loads as written.
begin tutorial --check-config "$data/tutorial.conf"
expect_rc 0
expect_out_line "ssid=somename"
expect_out_line "channel=10"
expect_out_line "country_code=US"
expect_out_line "wpa_passphrase=<hidden>"
reject_out "somepassword"
expect_err "$data/tutorial.conf:5: warning: ieee80211n: HT is not allowed"
end

begin bad-beacon --check-config "$data/bad-beacon.conf"
expect_rc 1
expect_err "$data/bad-beacon.conf:6: beacon_int: 10 is out of range"
expect_no_out
end

begin unknown-key --check-config "$data/unknown-key.conf"
expect_rc 0
expect_err \
	"$data/unknown-key.conf:5: warning: unknown key 'no_such_key' ignored"
expect_out_line "interface=wlan0"
end

# Features rapd lacks are refused by name, every one of them.
begin refused --check-config "$data/refused.conf"
expect_rc 1
unsupported="is not supported by rapd"
expect_err "$data/refused.conf:7: ieee80211ac: 802.11ac (VHT) $unsupported"
expect_err "$data/refused.conf:8: wpa_key_mgmt: SAE $unsupported"
expect_err "$data/refused.conf:9: wep_key0: WEP $unsupported"
expect_no_out
end

begin crlf --check-config "$data/crlf.conf"
expect_rc 0
expect_out_line "ssid=crlf"
expect_out_line "channel=36"
end

begin missing-file --check-config "$tmp/no-such.conf"
expect_rc 1
expect_err "$tmp/no-such.conf: cannot read: No such file or directory"
expect_no_out
end

begin directory --check-config "$data"
expect_rc 1
expect_err "$data: not a regular file"
end

# Binary garbage (the start of the rapd executable): errors, no crash.
head -c 16384 "$rapd" >"$tmp/garbage.bin"
begin garbage --check-config "$tmp/garbage.bin"
expect_rc 1
expect_err "$tmp/garbage.bin:1: "
expect_no_out
end

# A PSK given as hex is a secret too.
printf 'interface=wlan0\nssid=psk\nchannel=1\nwpa=2\nwpa_psk=%s\n' \
	0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef \
	>"$tmp/psk.conf"
begin psk --check-config "$tmp/psk.conf"
expect_rc 0
expect_out_line "wpa_psk=<hidden>"
reject_out "0123456789abcdef"
end

begin help --help
expect_rc 0
grep -q -- "--check-config FILE" "$tmp/help.out" || problem "no usage text"
end

begin version --version
expect_rc 0
grep -q '^rapd ' "$tmp/version.out" || problem "no version line"
end

begin bad-option --no-such-option
expect_rc 2
end

exit $failed
