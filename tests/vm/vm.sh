#!/bin/bash
# vm.sh - run one end-to-end scenario inside a QEMU guest with mac80211_hwsim.
#
# Why a VM: the host kernel has no wireless stack and cannot load modules,
# so rapd's live tests boot Debian's own kernel (linux-image-amd64, which
# ships mac80211_hwsim, cfg80211 and mac80211 as modules) under QEMU.
#
# The guest gets no disk image: its root file system is the host's "/",
# shared read-only over virtio-9p and made writable in the guest by an
# overlayfs on tmpfs (tests/vm/guest-init.sh). Every host binary, including
# build/rapd, therefore runs in the guest at the same path, unchanged.
# A second, writable 9p share (build/vm/run-NAME/ on the host, /results in
# the guest) carries the scenario's output and exit code back.
#
# usage: tests/vm/vm.sh [-t SECS] [-m MB] [-s CPUS] [-n] [-v] SCENARIO [ARGS...]
#   -t SECS  the scenario's time limit inside the guest (default 240); the
#            host kills QEMU BOOT_MARGIN (120) seconds after that
#   -m MB    guest memory (default 1024)
#   -s CPUS  guest vCPUs (default 2)
#   -n       do not check or install Debian packages
#   -v       stream the guest's serial console to stderr while it runs
# SCENARIO is a bash script (tests/vm/scenarios/*.sh); it runs as root in
# the guest with RAPD_ROOT (the repository root) and RESULTS (/results)
# exported, and its exit code is this script's exit code. Its output is
# printed on stdout once the VM has stopped; harness messages go to stderr.
# Exit codes of the harness itself: 2 usage, 77 QEMU cannot run here (skip),
# 124 the scenario or the VM ran out of time, 125 the guest did not boot or
# stopped without a result.
#
# Run VM scenarios one at a time: under TCG every VM takes a full core per
# vCPU, and two VMs on a 2-core host slow each other down enough for
# protocol timeouts (EAPOL, association) to fire spuriously.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VM_DIR=$ROOT/tests/vm
BUILD_DIR=$ROOT/build/vm
GUEST_INIT=$VM_DIR/guest-init.sh
TIMEOUT=240
BOOT_MARGIN=120
MEM=1024
CPUS=2
INSTALL=1
VERBOSE=0

# Everything the guest runs comes from the host's file system, so the
# guest's tools are installed here, on the host.
PACKAGES="qemu-system-x86 linux-image-amd64 busybox-static cpio kmod iw python3
	wpasupplicant hostapd iproute2 wireless-regdb"

# The initramfs only has to reach the 9p root: virtio PCI transport, 9p
# over virtio, and overlayfs. modprobe adds their dependencies.
INITRAMFS_MODULES="virtio_pci 9pnet_virtio 9p overlay"

say() { echo "vm: $*" >&2; }

usage() {
	sed -n '/^# usage:/,/^# Run VM/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
}

# Paths and arguments travel to the guest in a file read by a POSIX shell;
# allowing only plain characters keeps quoting out of the picture.
check_plain() { # what value
	case $2 in
	*[!A-Za-z0-9._/=:,+-]* | '')
		say "$1 '$2' has characters the guest hand-off does not allow"
		exit 2 ;;
	esac
}

check_scenario() { # scenario args...
	local a
	[ -f "$1" ] || { say "no scenario $1"; exit 2; }
	case $1 in
	/tmp/* | /run/* | /dev/* | /proc/* | /sys/*)
		# The guest mounts its own, empty, file systems there.
		say "$1 is not visible in the guest: move it elsewhere"
		exit 2 ;;
	esac
	for a in "$ROOT" "$@"; do check_plain argument "$a"; done
}

install_packages() {
	local p missing=""
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	say "installing:$missing"
	# Other sessions may hold the dpkg lock: wait for it rather than fail.
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 &&
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
			--no-install-recommends $missing >&2 # one word each
}

# The newest installed kernel whose modules include mac80211_hwsim.
find_kernel() {
	local v
	KVER=
	for v in $(ls /boot 2>/dev/null | sed -n 's/^vmlinuz-//p' | sort -V); do
		modprobe -S "$v" -n mac80211_hwsim 2>/dev/null && KVER=$v
	done
	[ -n "$KVER" ]
}

# Copies one module into the staging tree, uncompressed (busybox insmod
# may lack the decompressor), and prints its path inside the initramfs.
stage_module() { # ko-path stage-dir
	local name
	name=$(basename "$1")
	name=${name%.xz}
	name=${name%.zst}
	name=${name%.gz}
	case $1 in
	*.xz) xz -dc "$1" >"$2/lib/modules/$name" ;;
	*.zst) zstd -qdc "$1" >"$2/lib/modules/$name" ;;
	*.gz) gzip -dc "$1" >"$2/lib/modules/$name" ;;
	*) cp "$1" "$2/lib/modules/$name" ;;
	esac
	echo "/lib/modules/$name"
}

# Busybox, /init and the modules in load order. The order comes from the
# guest kernel's own modules.dep (modprobe -S KVER --show-depends prints
# dependencies first), so it follows Debian's kernel updates by itself.
build_initramfs() { # output
	local stage m ko
	stage=$(mktemp -d)
	mkdir -p "$stage"/bin "$stage"/dev "$stage"/proc "$stage"/sys \
		"$stage"/lib/modules
	cp /bin/busybox "$stage/bin/busybox"
	# /init's "#!/bin/sh" must resolve before busybox installs its applets.
	ln -s busybox "$stage/bin/sh"
	cp "$GUEST_INIT" "$stage/init"
	chmod 755 "$stage/init"
	# The kernel opens /dev/console for init before anything is mounted.
	mknod -m 600 "$stage/dev/console" c 5 1
	for m in $INITRAMFS_MODULES; do
		modprobe -S "$KVER" --show-depends "$m" |
			awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | while read -r ko; do
		stage_module "$ko" "$stage"
	done >"$stage/modules.order"
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$1.tmp" &&
		mv "$1.tmp" "$1"
	local rc=$?
	rm -rf "$stage"
	return $rc
}

# One VM at a time (see the top of this file); the lock also keeps two runs
# from rebuilding the initramfs or sharing a results folder at once.
wait_for_other_runs() {
	exec 9>"$BUILD_DIR/lock"
	flock -n 9 && return
	say "waiting for another VM run to finish"
	flock 9
}

initramfs_is_stale() { # file
	[ ! -s "$1" ] || [ "$GUEST_INIT" -nt "$1" ] || [ "$0" -nt "$1" ]
}

# The hand-off to the guest: read by both stages of guest-init.sh.
write_job() { # run-dir scenario args...
	local run=$1 scenario=$2
	shift 2
	{
		echo "GUEST_INIT=$GUEST_INIT"
		echo "RAPD_ROOT=$ROOT"
		echo "SCENARIO=$scenario"
		echo "SCENARIO_ARGS='$*'"
		echo "SCENARIO_TIMEOUT=$TIMEOUT"
	} >"$run/job"
}

# The kernel line: console on the one serial port; panic=-1 reboots, so
# QEMU stops, on a panic; 8250.nr_uarts=1 and edd=off skip probing absent
# serial ports and disks; random.trust_cpu=on seeds the RNG from RDRAND at
# once, so nothing waits for entropy; mitigations=off drops work that only
# costs time under emulation.
KERNEL_LINE="console=ttyS0 loglevel=4 panic=-1 rdinit=/init 8250.nr_uarts=1
	edd=off random.trust_cpu=on mitigations=off"

# 9p shares. multidevs=remap: the host's "/" spans several file systems
# (/proc, /work ...) whose inode numbers could collide in the guest.
# security_model=none: files keep the host's owners; QEMU runs as root.
SHARE_OPTS=security_model=none,multidevs=remap

# Fills QEMU_ARGS for one run.
# TCG, not KVM: this host's /dev/kvm is a PVM flavour on which the Debian
# kernel cannot run (-cpu host aborts, other CPU models hang).
# -cpu max gives the guest AES-NI and RDRAND (CCMP, getrandom) under TCG.
# -nodefaults -nic none: no NIC, no VGA, no disks; only the serial line.
# -no-reboot: the guest ends the run with "reboot -f", which stops QEMU.
# qboot: it jumps straight into the kernel's boot protocol, where SeaBIOS
# spends seconds on option ROMs and boot menus, which TCG makes slow.
qemu_args() { # run-dir initramfs
	local qboot=/usr/share/qemu/qboot.rom
	QEMU_ARGS=(-accel "tcg,thread=multi" -cpu max -smp "$CPUS" -m "$MEM"
		-nodefaults -no-user-config -display none -no-reboot -nic none
		-serial stdio -monitor none
		-kernel "/boot/vmlinuz-$KVER" -initrd "$2"
		-append "$(echo $KERNEL_LINE)" # echo: one line, single spaces
		-virtfs "local,path=/,mount_tag=hostroot,readonly=on,$SHARE_OPTS"
		-virtfs "local,path=$1,mount_tag=results,$SHARE_OPTS")
	[ -f "$qboot" ] && QEMU_ARGS+=(-bios "$qboot")
}

run_qemu() { # run-dir initramfs
	qemu_args "$@"
	timeout -k 10 $((TIMEOUT + BOOT_MARGIN)) \
		qemu-system-x86_64 "${QEMU_ARGS[@]}" </dev/null
}

boot_vm() { # run-dir initramfs
	if [ "$VERBOSE" = 1 ]; then
		run_qemu "$@" 2>&1 | tee "$1/console.log" >&2
		return "${PIPESTATUS[0]}"
	fi
	run_qemu "$@" >"$1/console.log" 2>&1
}

# The scenario's exit code if the guest wrote one, else the harness's own.
result_code() { # run-dir qemu-status
	if [ -s "$1/rc" ]; then
		cat "$1/rc"
	elif [ "$2" = 124 ] || [ "$2" = 137 ]; then
		say "QEMU killed after $((TIMEOUT + BOOT_MARGIN)) s"
		echo 124
	elif grep -q '^rapd-vm: stage1' "$1/console.log"; then
		say "the guest stopped without a result: see $1/console.log"
		echo 125
	else
		say "the guest kernel never ran /init: see $1/console.log"
		echo 125
	fi
}

report_timing() { # run-dir seconds
	local t="" k v
	if [ -f "$1/timing" ]; then
		while read -r k v; do t="$t $k=${v}s"; done <"$1/timing"
	fi
	say "VM ran $2 s (guest uptime at:$t)"
}

main() {
	local opt scenario name run initramfs start status rc
	while getopts "t:m:s:nvh" opt; do
		case $opt in
		t) TIMEOUT=$OPTARG ;;
		m) MEM=$OPTARG ;;
		s) CPUS=$OPTARG ;;
		n) INSTALL=0 ;;
		v) VERBOSE=1 ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -ge 1 ] || usage
	scenario=$(readlink -f "$1") || usage
	shift
	check_scenario "$scenario" "$@"

	if [ "$INSTALL" = 1 ] && ! install_packages; then
		say "SKIP: the VM packages cannot be installed"
		exit 77
	fi
	command -v qemu-system-x86_64 >/dev/null ||
		{ say "SKIP: no qemu-system-x86_64"; exit 77; }
	find_kernel ||
		{ say "SKIP: no /boot/vmlinuz-* with mac80211_hwsim"; exit 77; }

	mkdir -p "$BUILD_DIR" || exit 2
	wait_for_other_runs
	initramfs=$BUILD_DIR/initramfs-$KVER.cpio.gz
	if initramfs_is_stale "$initramfs"; then
		say "building $initramfs"
		build_initramfs "$initramfs" || { say "initramfs failed"; exit 125; }
	fi

	name=$(basename "$scenario" .sh)
	run=$BUILD_DIR/run-$name
	rm -rf "$run" && mkdir -p "$run" || exit 2
	write_job "$run" "$scenario" "$@"

	say "booting $KVER for $name (TCG, ${CPUS} vCPUs, ${MEM} MiB)"
	start=$(date +%s)
	boot_vm "$run" "$initramfs"
	status=$?
	rc=$(result_code "$run" "$status")
	[ -f "$run/output.log" ] && cat "$run/output.log"
	report_timing "$run" $(($(date +%s) - start))
	say "$name exit code $rc (logs in $run)"
	exit "$rc"
}

main "$@"
