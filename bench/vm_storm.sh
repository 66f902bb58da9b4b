#!/bin/bash
# vm_storm.sh - association storms of real wpa_supplicant stations against
# Debian's hostapd and against rapd (driver=nl80211) on mac80211_hwsim, in
# one QEMU guest (tests/vm/vm.sh), printed side by side.
#
# usage: bench/vm_storm.sh [--n LIST] [--repeat K] [--json] [--timeout SECS]
#   --n LIST        station counts, comma-separated, each 1..99; an item N:K
#                   runs that N K times instead of --repeat times
#                   (default 20,50,99:1)
#   --repeat K      runs per N and AP (default 3)
#   --json          one JSON object on stdout instead of the table
#   --timeout SECS  the guest's time limit (default: from the plan)
# Needs build/rapd (make build/rapd). Exit 0 when every storm ran, whatever
# its figures; 1 when the VM ran but the set-up, an AP or a station failed
# to start; otherwise vm.sh's code (77: QEMU cannot run here, 124: out of
# time, 125: the guest did not boot); 2 on a usage error.
#
# What is measured, per (N, AP, run), in guest seconds from the instant the
# network is enabled on every station (bench/vm_storm_guest.sh has the
# details): "all COMPLETED", when every station was COMPLETED at the same
# moment, ">L" if not within L = 40 + N s; "median first COMPLETED", the
# median over stations of each one's first COMPLETED (a station that never
# got there counts as later than any); "reconnections", the
# CTRL-EVENT-DISCONNECTED events of all stations before "all COMPLETED",
# each one a station torn down and starting over; "AP CPU", utime + stime
# of the AP process over the storm (its start-up left out). Each median row
# takes the median of the runs above it, a missed run counting as longer
# than any. The guest runs under TCG, where the stations and the AP share
# two emulated vCPUs: the figures compare the two APs with each other on
# this set-up, not with real hardware. Storms here are bimodal (a clean
# pass, or a cascade of timeouts): look at every run, not the median alone.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GUEST=bench/vm_storm_guest.sh
LIST=20,50,99:1
REPEAT=3
JSON=0
TIMEOUT=

usage() {
	sed -n '/^# usage:/,/^#   --timeout/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--n) [ $# -ge 2 ] || usage; LIST=$2; shift ;;
		--repeat) [ $# -ge 2 ] || usage; REPEAT=$2; shift ;;
		--json) JSON=1 ;;
		--timeout) [ $# -ge 2 ] || usage; TIMEOUT=$2; shift ;;
		*) usage ;;
		esac
		shift
	done
	[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || usage
	[ -z "$TIMEOUT" ] || [[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || usage
}

# LIST with --repeat applied, as the guest takes it (PLAN: "N:K,..."), the
# largest N (MAX_N) and a time limit covering every storm running to its
# limit (PLAN_SECS): boot and set-up, then per storm the AP's start, N
# stations started and stopped, and the storm's own limit of 40 + N s.
make_plan() {
	local item n k
	PLAN='' MAX_N=0 PLAN_SECS=180
	for item in ${LIST//,/ }; do
		if [[ $item =~ ^([0-9]+)(:([0-9]+))?$ ]]; then
			n=$((10#${BASH_REMATCH[1]}))
			k=${BASH_REMATCH[3]:-$REPEAT}
			k=$((10#$k))
		else
			usage
		fi
		((n >= 1 && n <= 99 && k >= 1)) || usage
		PLAN=$PLAN${PLAN:+,}$n:$k
		((n > MAX_N)) && MAX_N=$n
		PLAN_SECS=$((PLAN_SECS + 2 * k * (40 + n + 30 + n / 2)))
	done
	[ -n "$PLAN" ] || usage
}

# The guest's STORM lines as a table or JSON (python3, on the host).
read -r -d '' REPORT_PY <<'EOF'
import json, sys

path, as_json, plan, when, host = sys.argv[1], sys.argv[2] == '1', \
    sys.argv[3], sys.argv[4], sys.argv[5]
INF = float('inf')


def num(text):
    try:
        return float(text)
    except ValueError:
        return None


def median(values):
    v = sorted(values)
    if not v:
        return None
    m = len(v) // 2
    return v[m] if len(v) % 2 else (v[m - 1] + v[m]) / 2


def storm(words):
    f = dict(w.split('=', 1) for w in words if '=' in w)
    n = int(f['n'])
    firsts = [num(x) for x in f.get('firsts', '').split(',') if x]
    ok = f['status'] == 'ok'
    return {
        'n': n, 'ap': f['ap'], 'run': int(f['run']), 'status': f['status'],
        'limit_s': int(f.get('limit', 40 + n)),
        'all_completed_s': num(f.get('all', '-')),
        'median_first_completed_s':
            median([x if x is not None else INF for x in firsts])
            if ok and firsts else None,
        'last_first_completed_s': num(f.get('last_first', '-')),
        'reached': len([x for x in firsts if x is not None]),
        'reconnections': int(f.get('disconnections', 0)),
        'failed_attempts': int(f.get('temp_disabled', 0)),
        'assoc_rejections': int(f.get('assoc_rejections', 0)),
        'extra_completions': int(f.get('extra_completions', 0)),
        'ap_cpu_s': num(f.get('ap_cpu', '-')),
        'ap_cpu_window_s': num(f.get('ap_cpu_window', '-')),
        'ap_idle_cpu_percent': num(f.get('ap_idle_pct', '-')),
        'ap_cpu_total_s': num(f.get('ap_cpu_total', '-')),
        'ap_thread_cpu_s': [num(x) for x in
                            f.get('ap_threads', '').split(',') if x],
        'ap_netlink_errors': int(f.get('ap_netlink_errors', 0)),
        'enable_spread_s': num(f.get('enable_spread', '-')),
        'stations_start_s': num(f.get('sta_start', '-')),
        'first_completed_s': firsts,
    }


def medians(storms):
    groups = {}
    for s in storms:
        if s['status'] == 'ok':
            groups.setdefault((s['n'], s['ap']), []).append(s)
    rows = []
    for (n, ap), runs in sorted(groups.items()):
        def med(key, missed=None):
            return median([r[key] if r[key] is not None else missed
                           for r in runs
                           if r[key] is not None or missed is not None])
        rows.append({
            'n': n, 'ap': ap, 'runs': len(runs),
            'limit_s': runs[0]['limit_s'],
            'all_completed_s': med('all_completed_s', INF),
            'median_first_completed_s': med('median_first_completed_s'),
            'reconnections': med('reconnections'),
            'failed_attempts': med('failed_attempts'),
            'ap_cpu_s': med('ap_cpu_s'),
        })
    return rows


def secs(value, limit=None):
    if value is None:
        return '-'
    if value == INF:
        return '>%d' % limit
    return '%.2f' % value


def count(value):
    return '-' if value is None else '%g' % value


def all_cell(s):
    if s['all_completed_s'] is not None:
        return secs(s['all_completed_s'])
    return '>%d (%d/%d)' % (s['limit_s'], s['reached'], s['n'])


def print_table(head, rows):
    width = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print('  '.join(c.ljust(w) if i < 3 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(r, width))).rstrip())


def main_table(storms, meds):
    rows = []
    for m in meds:
        for s in storms:
            if (s['n'], s['ap'], s['status']) == (m['n'], m['ap'], 'ok'):
                rows.append((str(s['n']), s['ap'], str(s['run']),
                             all_cell(s),
                             secs(s['median_first_completed_s'],
                                  s['limit_s']),
                             count(s['reconnections']),
                             count(s['failed_attempts']),
                             secs(s['ap_cpu_s'])))
        rows.append((str(m['n']), m['ap'], 'median',
                     secs(m['all_completed_s'], m['limit_s']),
                     secs(m['median_first_completed_s'], m['limit_s']),
                     count(m['reconnections']), count(m['failed_attempts']),
                     secs(m['ap_cpu_s'])))
    for s in storms:
        if s['status'] != 'ok':
            rows.append((str(s['n']), s['ap'], str(s['run']), s['status'])
                        + ('-',) * 4)
    print_table(('N', 'AP', 'run', 'all COMPLETED (s)',
                 'median first COMPLETED (s)', 'reconnections',
                 'failed attempts', 'AP CPU (s)'), rows)


def details_table(storms):
    rows = []
    for s in sorted(storms, key=lambda s: (s['n'], s['ap'], s['run'])):
        if s['status'] == 'ok':
            rows.append((str(s['n']), s['ap'], str(s['run']),
                         secs(s['enable_spread_s']),
                         secs(s['stations_start_s']),
                         secs(s['ap_cpu_window_s']),
                         count(s['ap_idle_cpu_percent']),
                         secs(s['ap_cpu_total_s']),
                         count(s['assoc_rejections']),
                         count(s['ap_netlink_errors'])))
    print_table(('N', 'AP', 'run', 'enable spread (s)',
                 'stations start (s)', 'CPU window (s)',
                 'AP idle CPU (%)', 'AP CPU total (s)',
                 'assoc rejections', 'AP netlink errors'), rows)


def json_safe(value):
    if isinstance(value, float) and value == INF:
        return None
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    return value


storms = []
info = ''
with open(path, errors='replace') as f:
    for line in f:
        words = line.split()
        if words[:1] == ['STORM']:
            storms.append(storm(words[1:]))
        elif line.startswith('guest kernel'):
            info = line.strip()
meds = medians(storms)
if as_json:
    print(json.dumps(json_safe({
        'date': when, 'plan': plan, 'host': host, 'guest': info,
        'storms': storms, 'medians': meds}), indent=1))
else:
    print('%s; plan %s; %s' % (when, plan, host))
    print(info)
    print()
    main_table(storms, meds)
    print()
    details_table(storms)
EOF

main() {
	local out rc mem load0 load1 when host
	parse_args "$@"
	make_plan
	cd "$ROOT" || exit 2
	if [ ! -x build/rapd ]; then
		echo "vm_storm: build/rapd is not built (make build/rapd)" >&2
		exit 1
	fi
	# 100 radios and 99 stations need ~200 MiB more than 20 do.
	mem=1024
	((MAX_N > 50)) && mem=2048
	out=$(mktemp) || exit 2
	trap 'rm -f "$out"' EXIT
	echo "vm_storm: plan $PLAN, guest ${mem} MiB," \
		"time limit ${TIMEOUT:-$PLAN_SECS} s" >&2
	# TCG shares the host's CPUs: other work there slows the guest down.
	read -r load0 _ </proc/loadavg
	tests/vm/vm.sh -m "$mem" -t "${TIMEOUT:-$PLAN_SECS}" "$GUEST" \
		"$PLAN" >"$out"
	rc=$?
	read -r load1 _ </proc/loadavg
	# The guest's progress lines, for the record; the result on stdout.
	grep -v '^STORM ' "$out" >&2
	when="$(date -u '+%Y-%m-%d %H:%M UTC'), rapd $(git describe \
		--always --dirty 2>/dev/null || echo '?')"
	host="host: $(nproc) CPUs, load average $load0 before, $load1 after"
	python3 -c "$REPORT_PY" "$out" "$JSON" "$PLAN" "$when" "$host" ||
		{ [ "$rc" = 0 ] && rc=1; }
	exit "$rc"
}

main "$@"
