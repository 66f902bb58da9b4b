/*
 * test_daemon.c - core/daemon.c: the pid file (content, mode, atomic
 * replace, relative path, removal only while it holds our pid) and
 * daemon_start() run for real.
 *
 * Each -B case forks a "starter" process S that calls daemon_start(),
 * as `rapd -B` would; the daemon D it forks runs a body (the checks a
 * real daemon's set-up would make) then reports. The test reads S's exit
 * code, which is the point of the design: 0 after daemon_ready(), the
 * code of daemon_failed(), D's own status if it ended silently. The test
 * process is a child subreaper (prctl), so D, orphaned when S exits, is
 * re-parented to it and reaped here rather than by init. alarm() bounds
 * every process, so a broken report channel fails instead of hanging.
 */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rapd/daemon.h>
#include <rapd/log.h>

#define PROCESS_TIMEOUT_S 20
/* D's body found something wrong: S exits with BODY_FAILED + which */
#define BODY_FAILED 20

struct scratch {
	char dir[64];
	char pidfile[128];
};

static void scratch_make(struct scratch *s)
{
	strcpy(s->dir, "/tmp/rapd-test-daemon-XXXXXX");
	if (!mkdtemp(s->dir))
		abort();
	snprintf(s->pidfile, sizeof(s->pidfile), "%s/rapd.pid", s->dir);
}

static void scratch_remove(const struct scratch *s)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(s->dir);

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", s->dir,
				 e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(s->dir);
}

static unsigned dir_entries(const char *dir)
{
	struct dirent *e;
	unsigned n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	buf[0] = '\0';
	if (fd < 0)
		return;
	n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
}

/* How a process ended: its exit code, or 1000 + the signal. */
static int wait_code(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : -1;
}

/* Waits for the orphaned daemon, now our child; its code as wait_code. */
static int wait_daemon(void)
{
	return wait_code(-1);
}

static void pidfile_written_and_removed(void)
{
	struct scratch s;
	char buf[64], want[32];
	struct stat st;

	scratch_make(&s);
	write_file(s.pidfile, "stale content, longer than a pid\n");
	CHECK_EQ_INT(daemon_pidfile_write(s.pidfile), 0);
	read_file(s.pidfile, buf, sizeof(buf));
	snprintf(want, sizeof(want), "%d\n", (int)getpid());
	CHECK(strcmp(buf, want) == 0);
	CHECK_EQ_INT(stat(s.pidfile, &st), 0);
	CHECK_EQ_INT(st.st_mode & 0777, 0644);
	CHECK_EQ_INT(dir_entries(s.dir), 1);	/* no temporary left */
	daemon_pidfile_remove();
	CHECK(access(s.pidfile, F_OK) != 0);
	scratch_remove(&s);
}

static void pidfile_kept_for_another_pid(void)
{
	struct scratch s;
	char buf[64];

	scratch_make(&s);
	CHECK_EQ_INT(daemon_pidfile_write(s.pidfile), 0);
	/* another rapd took the path over */
	write_file(s.pidfile, "1\n");
	daemon_pidfile_remove();
	read_file(s.pidfile, buf, sizeof(buf));
	CHECK(strcmp(buf, "1\n") == 0);
	scratch_remove(&s);
}

static void pidfile_kept_by_forked_child(void)
{
	struct scratch s;
	pid_t pid;

	scratch_make(&s);
	CHECK_EQ_INT(daemon_pidfile_write(s.pidfile), 0);
	pid = fork();
	if (pid == 0) {
		daemon_pidfile_remove();
		_exit(0);
	}
	CHECK_EQ_INT(wait_code(pid), 0);
	CHECK(access(s.pidfile, F_OK) == 0);
	daemon_pidfile_remove();
	CHECK(access(s.pidfile, F_OK) != 0);
	scratch_remove(&s);
}

static void pidfile_relative_and_errors(void)
{
	struct scratch s;
	char cwd[512];

	scratch_make(&s);
	if (!getcwd(cwd, sizeof(cwd)) || chdir(s.dir) != 0)
		abort();
	CHECK_EQ_INT(daemon_pidfile_write("rapd.pid"), 0);
	if (chdir(cwd) != 0)
		abort();
	CHECK(access(s.pidfile, F_OK) == 0);
	daemon_pidfile_remove();	/* the absolute path was kept */
	CHECK(access(s.pidfile, F_OK) != 0);

	CHECK_EQ_INT(daemon_pidfile_write("/nonexistent-rapd/rapd.pid"),
		     -ENOENT);
	write_file(s.pidfile, "x\n");
	daemon_pidfile_remove();	/* nothing written: nothing removed */
	CHECK(access(s.pidfile, F_OK) == 0);
	scratch_remove(&s);
}

typedef void daemon_body(void *arg);

/* Forks S: it moves to dir, opens the log file (if any), and calls
 * daemon_start(); D runs body then exits 0. Returns S's pid. */
static pid_t start_daemon(const char *dir, const char *log_path,
			  daemon_body *body, void *arg)
{
	pid_t pid;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid != 0)
		return pid;
	alarm(PROCESS_TIMEOUT_S);
	if (chdir(dir) != 0 || log_open(LOG_INFO, false, log_path) != 0)
		_exit(98);
	if (daemon_start() != 0)
		_exit(99);
	alarm(PROCESS_TIMEOUT_S);	/* alarms are not inherited */
	body(arg);
	_exit(0);
}

static bool is_dev_null(int fd)
{
	struct stat st, null_st;

	return fstat(fd, &st) == 0 && stat("/dev/null", &null_st) == 0 &&
	       S_ISCHR(st.st_mode) && st.st_rdev == null_st.st_rdev;
}

/* What a real daemon would find, reported through the exit code. */
static void body_checks_then_ready(void *arg)
{
	const int *release = arg;
	char cwd[64], byte;

	if (getsid(0) != getpid())
		daemon_failed(BODY_FAILED + 1);
	if (!getcwd(cwd, sizeof(cwd)) || strcmp(cwd, "/") != 0)
		daemon_failed(BODY_FAILED + 2);
	if (!is_dev_null(0))
		daemon_failed(BODY_FAILED + 3);
	/* relative: the directory S started in, not "/" */
	if (daemon_pidfile_write("rapd.pid") != 0)
		daemon_failed(BODY_FAILED + 6);
	daemon_ready();
	/* stdout and stderr leave the terminal once it is up; no verdict
	 * can be sent any more, so the exit code tells */
	for (int fd = 1; fd <= 2; fd++)
		if (!is_dev_null(fd))
			_exit(BODY_FAILED + 3 + fd);
	close(release[1]);
	/* stays up until the test has looked at it */
	while (read(release[0], &byte, 1) < 0 && errno == EINTR)
		;
	daemon_pidfile_remove();
}

static void start_ready(void)
{
	struct scratch s;
	char buf[64];
	int release[2];
	pid_t starter;
	long daemon_pid;

	scratch_make(&s);
	CHECK_EQ_INT(pipe(release), 0);
	starter = start_daemon(s.dir, NULL, body_checks_then_ready, release);
	CHECK(starter > 0);
	close(release[0]);
	CHECK_EQ_INT(wait_code(starter), 0);
	/* written before daemon_ready(), so there once S has exited */
	read_file(s.pidfile, buf, sizeof(buf));
	daemon_pid = strtol(buf, NULL, 10);
	CHECK(daemon_pid > 0 && daemon_pid != starter);
	CHECK(daemon_pid > 0 && getsid((pid_t)daemon_pid) == daemon_pid);
	close(release[1]);
	CHECK_EQ_INT(wait_daemon(), 0);
	CHECK(access(s.pidfile, F_OK) != 0);	/* removed at its exit */
	scratch_remove(&s);
}

static void body_prints(void *arg)
{
	daemon_ready();
	printf("wlan0: AP-ENABLED\n");
	fputs("on stderr\n", stderr);
	log_msg(LOG_INFO, "logged");
	log_msg(LOG_ERROR, "an error");
	/* _exit: no stdio flush, stdout must be line-buffered already */
}

static void start_with_log_file(void)
{
	struct scratch s;
	char path[256], buf[256];
	pid_t starter;

	scratch_make(&s);
	snprintf(path, sizeof(path), "%s/rapd.log", s.dir);
	starter = start_daemon(s.dir, "rapd.log", body_prints, NULL);
	CHECK_EQ_INT(wait_code(starter), 0);
	CHECK_EQ_INT(wait_daemon(), 0);
	read_file(path, buf, sizeof(buf));
	CHECK(strcmp(buf, "wlan0: AP-ENABLED\non stderr\nlogged\n"
			  "rapd: an error\n") == 0);
	scratch_remove(&s);
}

static void body_fails(void *arg)
{
	daemon_failed((int)(intptr_t)arg);
	daemon_ready();	/* too late: the verdict is already out */
}

static void start_failed(void)
{
	static const int codes[] = { 3, 0, 300 };
	static const int want[] = { 3, 1, 1 };
	struct scratch s;
	pid_t starter;

	scratch_make(&s);
	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		starter = start_daemon(s.dir, NULL, body_fails,
				       (void *)(intptr_t)codes[i]);
		CHECK_EQ_INT(wait_code(starter), want[i]);
		CHECK_EQ_INT(wait_daemon(), 0);
	}
	scratch_remove(&s);
}

static void body_dies(void *arg)
{
	int how = (int)(intptr_t)arg;

	if (how > 0)
		_exit(how);
	raise(-how);
}

static void start_dies_silently(void)
{
	static const int hows[] = { 5, 0, -SIGKILL };
	static const int want[] = { 5, 0, 128 + SIGKILL };
	struct scratch s;
	pid_t starter;

	scratch_make(&s);
	for (unsigned i = 0; i < sizeof(hows) / sizeof(hows[0]); i++) {
		starter = start_daemon(s.dir, NULL, body_dies,
				       (void *)(intptr_t)hows[i]);
		CHECK_EQ_INT(wait_code(starter), want[i]);
		/* S reaped D itself: nothing left for us. WNOHANG, not a
		 * blocking wait: the test may have other children (a test
		 * runner's output filter), which never end meanwhile. */
		CHECK(waitpid(-1, NULL, WNOHANG) <= 0);
	}
	scratch_remove(&s);
}

struct handshake {
	int sync[2];	/* D -> test: about to report */
	int go[2];	/* test -> D: S is dead, report now */
};

static void body_reports_late(void *arg)
{
	struct handshake *h = arg;
	char byte = 'r';

	close(h->sync[0]);
	close(h->go[1]);
	if (write(h->sync[1], &byte, 1) != 1)
		return;
	while (read(h->go[0], &byte, 1) < 0 && errno == EINTR)
		;
	daemon_ready();	/* nobody listens: EPIPE, not a SIGPIPE death */
}

/* S killed while it waits (a ^C in the shell): the daemon lives on. */
static void start_starter_killed(void)
{
	struct scratch s;
	struct handshake h;
	pid_t starter;
	char byte = 'g';

	scratch_make(&s);
	CHECK(pipe(h.sync) == 0 && pipe(h.go) == 0);
	starter = start_daemon(s.dir, NULL, body_reports_late, &h);
	close(h.sync[1]);
	close(h.go[0]);
	CHECK_EQ_INT(read(h.sync[0], &byte, 1), 1);
	CHECK_EQ_INT(kill(starter, SIGKILL), 0);
	CHECK_EQ_INT(wait_code(starter), 1000 + SIGKILL);
	CHECK_EQ_INT(write(h.go[1], &byte, 1), 1);
	CHECK_EQ_INT(wait_daemon(), 0);
	close(h.sync[0]);
	close(h.go[1]);
	scratch_remove(&s);
}

int main(void)
{
	check_begin("test_daemon");
	RUN(pidfile_written_and_removed);
	RUN(pidfile_kept_for_another_pid);
	RUN(pidfile_kept_by_forked_child);
	RUN(pidfile_relative_and_errors);
	RUN(start_ready);
	RUN(start_with_log_file);
	RUN(start_failed);
	RUN(start_dies_silently);
	RUN(start_starter_killed);
	return check_end();
}
