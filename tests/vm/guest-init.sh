#!/bin/sh
# guest-init.sh - the guest side of tests/vm/vm.sh; POSIX sh on purpose.
#
# Stage 1 runs as /init of the small initramfs vm.sh builds (busybox sh,
# PID 1). It mounts the host's "/" (9p tag "hostroot", read-only) as the
# lower layer of an overlayfs on tmpfs, so the guest may write anywhere
# while the host stays untouched; mounts the writable results share (9p tag
# "results") on /results; and switch_roots into the overlay, running this
# same file again from the host's copy (GUEST_INIT in /results/job) as
# "guest-init.sh stage2". switch_root rather than chroot: the kernel runs
# /sbin/modprobe from init's root for on-demand modules (mac80211 asks for
# ccm and gcm when a key is installed), and that must be the host's kmod.
#
# Stage 2 (dash, still PID 1) runs the scenario under a time limit, writes
# its output, exit code and guest uptimes to /results, and stops the VM.
# Any failure prints a "rapd-vm: ..." line on the serial console and stops
# the VM too: the guest never waits for the host's timeout if it can help it.
#
# /results/job (written by vm.sh) holds GUEST_INIT, RAPD_ROOT, SCENARIO,
# SCENARIO_ARGS and SCENARIO_TIMEOUT; /results/timing gets "key uptime"
# lines; /results/output.log the scenario's stdout and stderr; /results/rc
# its exit code (124 when it ran out of time).

uptime_s() { read -r up rest </proc/uptime && echo "$up"; }

# reboot -f stops QEMU (it runs with -no-reboot); if even that fails, PID 1
# exiting panics the kernel, and panic=-1 reboots it.
stop_vm() {
	sync
	/bin/busybox reboot -f
	echo b >/proc/sysrq-trigger
	exit 1
}

die() {
	echo "rapd-vm: $*"
	stop_vm
}

# Stage 1 ------------------------------------------------------------------

load_initramfs_modules() {
	while read -r ko; do
		insmod "$ko" || die "insmod $ko failed"
	done </modules.order
}

# cache=loose lets the guest keep file data and attributes of the host root
# in its page cache: without it every exec and every module load goes back
# over virtio, which is slow under TCG. Safe because the share is read-only
# and a run does not need to see host changes made after it started.
# msize: larger 9p messages, fewer round trips.
mount_root_overlay() {
	mkdir -p /lower /rw /newroot
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro \
		hostroot /lower || die "cannot mount the host root over 9p"
	mount -t tmpfs -o mode=0755 tmpfs /rw || die "cannot mount tmpfs"
	mkdir -p /rw/upper /rw/work
	mount -t overlay overlay \
		-o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot ||
		die "cannot mount the overlay root"
}

# cache=none: each write reaches the host at once, so nothing is lost when
# the VM stops with reboot -f.
mount_results() {
	mkdir -p /newroot/results
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=none \
		results /newroot/results || die "cannot mount the results share"
}

# The host's /proc, /sys, /dev, /tmp and /run show through 9p otherwise.
mount_fresh_system_dirs() {
	mount -t proc proc /newroot/proc
	mount -t sysfs sysfs /newroot/sys
	mount -t devtmpfs devtmpfs /newroot/dev
	mkdir -p /newroot/dev/pts /newroot/dev/shm
	mount -t devpts devpts /newroot/dev/pts
	mount -t tmpfs tmpfs /newroot/dev/shm
	mount -t tmpfs tmpfs /newroot/tmp
	mount -t tmpfs -o mode=0755 tmpfs /newroot/run
	# devtmpfs lacks these; bash process substitution needs /dev/fd.
	ln -s /proc/self/fd /newroot/dev/fd
	ln -s /proc/self/fd/0 /newroot/dev/stdin
	ln -s /proc/self/fd/1 /newroot/dev/stdout
	ln -s /proc/self/fd/2 /newroot/dev/stderr
}

stage1() {
	/bin/busybox --install -s /bin
	export PATH=/bin
	mount -t proc proc /proc || die "cannot mount /proc"
	mount -t sysfs sysfs /sys || die "cannot mount /sys"
	mount -t devtmpfs devtmpfs /dev || die "cannot mount /dev"
	echo "rapd-vm: stage1 at $(uptime_s) s"
	load_initramfs_modules
	mount_root_overlay
	mount_results
	echo "init $(uptime_s)" >/newroot/results/timing
	. /newroot/results/job || die "no /results/job"
	mount_fresh_system_dirs
	umount /proc /sys /dev
	exec switch_root /newroot /bin/sh "$GUEST_INIT" stage2
	die "switch_root failed"
}

# Stage 2 ------------------------------------------------------------------

# timeout puts the scenario in its own process group and signals the whole
# group, so background helpers a scenario started end with it. The output
# goes straight to the share, not through a pipe: a helper left running
# in the background would hold a pipe open and stall the run.
run_scenario() {
	RAPD_ROOT=$RAPD_ROOT RESULTS=/results \
		timeout -k 5 "$SCENARIO_TIMEOUT" bash "$SCENARIO" $SCENARIO_ARGS \
		</dev/null >/results/output.log 2>&1
}

stage2() {
	export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	export HOME=/root LANG=C.UTF-8 TERM=dumb
	cd / || die "no /"
	. /results/job || die "no /results/job"
	hostname rapd-vm
	ip link set lo up
	echo "scenario_start $(uptime_s)" >>/results/timing
	echo "rapd-vm: running $SCENARIO $SCENARIO_ARGS"
	run_scenario
	rc=$?
	echo "scenario_end $(uptime_s)" >>/results/timing
	echo "$rc" >/results/rc
	echo "rapd-vm: exit code $rc"
	stop_vm
}

case ${1:-stage1} in
stage1) stage1 ;;
stage2) stage2 ;;
*) die "unknown stage $1" ;;
esac
