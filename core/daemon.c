/*
 * daemon.c - hostapd's -B (run in the background) and -P (pid file), with
 * the foreground process waiting for the daemon's verdict.
 *
 * Caller: the main thread, before any other thread starts (fork() copies
 * only the calling thread) and at exit for the pid file.
 *
 * Owns: the report channel (report_fd, the daemon's end of a socketpair
 * whose other end the foreground process reads), the directory rapd was
 * started in, and the pid file's absolute path and the pid written there.
 *
 * The report is one byte: 0 up, 1..255 the exit code the foreground
 * process passes on. A socketpair rather than a pipe because send() takes
 * MSG_NOSIGNAL: if the foreground process was killed meanwhile, the
 * daemon gets EPIPE, not a SIGPIPE that would kill it. When the daemon
 * ends without reporting, the foreground reads end-of-file and takes the
 * daemon's exit status from waitpid(): it is the daemon's parent.
 *
 * stdout and stderr stay the foreground process's until daemon_ready():
 * what the daemon says while it sets up (a refusal, above all) reaches
 * the user's terminal; only once it is up do they go to the log file or
 * /dev/null (hostapd daemonizes after its set-up for the same reason).
 *
 * Follows: hostapd(8) -B and -P; the steps of daemon(3) (fork, setsid,
 * chdir "/", stdio to /dev/null).
 */
#include <rapd/daemon.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rapd/log.h>

#define PIDFILE_MODE 0644
#define DAEMON_EXIT_SETUP 1 /* the child's own set-up failed */

static int report_fd = -1;
static char start_dir[PATH_MAX]; /* empty: daemon_start() not called */
static char pid_path[PATH_MAX];	 /* empty: no pid file written */
static pid_t pid_written;

/* Sends the verdict once; the foreground process exits on it. */
static void report(uint8_t code)
{
	ssize_t n;

	if (report_fd < 0)
		return;
	do {
		n = send(report_fd, &code, 1, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	/* n < 0 (EPIPE): nobody waits any more; the daemon goes on. */
	close(report_fd);
	report_fd = -1;
}

static int redirect_stdio(void);

void daemon_ready(void)
{
	int rc;

	if (report_fd < 0)
		return;
	rc = redirect_stdio();
	if (rc < 0)
		log_msg(LOG_WARNING, "stdout and stderr left as they were: %s",
			strerror(-rc));
	report(0);
}

void daemon_failed(int code)
{
	report(code >= 1 && code <= 255 ? (uint8_t)code : DAEMON_EXIT_SETUP);
}

/* Foreground side: the daemon's verdict, or how it ended without one. */
static int wait_verdict(int fd, pid_t child)
{
	uint8_t code;
	ssize_t n;
	int status;

	do {
		n = recv(fd, &code, 1, 0);
	} while (n < 0 && errno == EINTR);
	if (n == 1)
		return code;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return DAEMON_EXIT_SETUP;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return DAEMON_EXIT_SETUP;
}

static int dup_null(int target)
{
	int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC), rc = 0;

	if (null_fd < 0)
		return -errno;
	if (dup2(null_fd, target) < 0)
		rc = -errno;
	close(null_fd);
	return rc;
}

/* At daemon_ready: stdout and stderr to the log file, else /dev/null. */
static int redirect_stdio(void)
{
	int rc = log_redirect_stdio(); /* 1: they go to the file now */

	if (rc != 0)
		return rc < 0 ? rc : 0;
	rc = dup_null(STDOUT_FILENO);
	return rc ? rc : dup_null(STDERR_FILENO);
}

/* Child side: a session of its own, no hold on the start directory, no
 * terminal input. */
static int detach(void)
{
	if (setsid() < 0)
		return -errno;
	if (chdir("/") < 0)
		return -errno;
	return dup_null(STDIN_FILENO);
}

int daemon_start(void)
{
	int sv[2], rc;
	pid_t pid;

	if (!getcwd(start_dir, sizeof(start_dir)))
		return errno == ERANGE ? -ENAMETOOLONG : -errno;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(sv[0]);
		close(sv[1]);
		start_dir[0] = '\0';
		return rc;
	}
	if (pid > 0) {
		close(sv[1]);
		/* _exit: the atexit handlers and stdio buffers are the
		 * daemon's now. */
		_exit(wait_verdict(sv[0], pid));
	}
	close(sv[0]);
	report_fd = sv[1];
	rc = detach();
	if (rc < 0) {
		log_msg(LOG_ERROR, "cannot run in the background: %s",
			strerror(-rc));
		daemon_failed(DAEMON_EXIT_SETUP);
		_exit(DAEMON_EXIT_SETUP);
	}
	return 0;
}

/* path made absolute from the start directory (or the current one). */
static int pidfile_path(const char *path, char *out, size_t len)
{
	const char *dir = start_dir;
	size_t dir_len;

	if (path[0] == '/') {
		if (strlen(path) >= len)
			return -ENAMETOOLONG;
		strcpy(out, path);
		return 0;
	}
	if (!dir[0]) {
		if (!getcwd(out, len))
			return errno == ERANGE ? -ENAMETOOLONG : -errno;
		dir = out;
	}
	dir_len = strlen(dir);
	if (dir_len + 1 + strlen(path) >= len)
		return -ENAMETOOLONG;
	if (dir != out)
		memcpy(out, dir, dir_len);
	if (dir_len > 1)
		out[dir_len++] = '/';
	strcpy(out + dir_len, path);
	return 0;
}

/* "PID\n" into a fresh temporary beside path, then renamed over it. */
static int pidfile_replace(const char *path, pid_t pid)
{
	char tmp[PATH_MAX];
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, PIDFILE_MODE) < 0 || dprintf(fd, "%d\n", (int)pid) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int daemon_pidfile_write(const char *path)
{
	char abs_path[PATH_MAX];
	pid_t pid = getpid();
	int rc;

	rc = pidfile_path(path, abs_path, sizeof(abs_path));
	if (rc == 0)
		rc = pidfile_replace(abs_path, pid);
	if (rc < 0)
		return rc;
	memcpy(pid_path, abs_path, sizeof(pid_path));
	pid_written = pid;
	return 0;
}

/* The pid the file holds, or -1 if it is unreadable or not a pid. */
static long pidfile_read(const char *path)
{
	char buf[32];
	char *end;
	ssize_t n;
	long pid;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno || end == buf || (*end != '\n' && *end != '\0') || pid <= 0)
		return -1;
	return pid;
}

void daemon_pidfile_remove(void)
{
	if (!pid_path[0] || getpid() != pid_written)
		return;
	if (pidfile_read(pid_path) == (long)pid_written)
		unlink(pid_path);
	pid_path[0] = '\0';
}
