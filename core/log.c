/*
 * log.c - rapd's message lines: level filter, hostapd's "-t" timestamp
 * prefix, stdout/stderr or an append-only log file, logrotate reopen.
 *
 * Callers: the main thread (rapd's other threads never log, see log.h);
 * log_msg() is nevertheless safe from any thread: the level and the file
 * descriptor are atomics and each line is one write(). log_reopen() only
 * uses async-signal-safe calls.
 *
 * Owns: the log file's descriptor (log_fd, -1 without a file) and its
 * absolute path. stdout and stderr belong to the process; this file only
 * writes to them, or points them at the log file (log_redirect_stdio).
 *
 * Follows hostapd's command line (hostapd(8)): -d / -dd raise the level,
 * -t prefixes "seconds.microseconds: " taken from the wall clock (as
 * hostapd's wpa_debug_print_timestamp() does), -f FILE appends to FILE.
 */
#include <rapd/log.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_FILE_MODE 0640
#define LOG_OPEN_FLAGS (O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY)

static _Atomic int log_level_now = LOG_INFO;
static atomic_bool log_stamps;
static _Atomic int log_fd = -1;
/* stdout and stderr were pointed at log_fd: log_reopen moves them too */
static atomic_bool log_owns_stdio;
/* stdout's buffer once it writes to the file (log_redirect_stdio) */
static char stdout_buf[BUFSIZ];
/* Written by log_open before log_fd is published, read by log_reopen */
static char log_path[PATH_MAX];

/* The absolute form of path into out, from the current directory. */
static int absolute_path(const char *path, char *out, size_t len)
{
	size_t dir_len;

	if (path[0] == '/') {
		if (strlen(path) >= len)
			return -ENAMETOOLONG;
		strcpy(out, path);
		return 0;
	}
	if (!getcwd(out, len))
		return errno == ERANGE ? -ENAMETOOLONG : -errno;
	dir_len = strlen(out);
	if (dir_len + 1 + strlen(path) >= len)
		return -ENAMETOOLONG;
	if (dir_len > 1)
		out[dir_len++] = '/';
	strcpy(out + dir_len, path);
	return 0;
}

/* Opens the log file on a descriptor above stderr: started with stdin
 * closed, open() would return 0, which daemon_start() then points at
 * /dev/null. */
static int open_file(const char *path)
{
	int fd = open(path, LOG_OPEN_FLAGS, LOG_FILE_MODE);
	int high;

	if (fd < 0 || fd > STDERR_FILENO)
		return fd < 0 ? -errno : fd;
	high = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	if (high < 0)
		high = -errno;
	close(fd);
	return high;
}

int log_open(enum log_level level, bool timestamps, const char *path)
{
	char abs_path[PATH_MAX];
	int fd = -1;
	int rc;

	if (path) {
		rc = absolute_path(path, abs_path, sizeof(abs_path));
		if (rc)
			return rc;
		fd = open_file(abs_path);
		if (fd < 0)
			return fd;
	}
	log_close();
	if (path)
		memcpy(log_path, abs_path, sizeof(log_path));
	atomic_store(&log_fd, fd);
	log_set_level(level, timestamps);
	return 0;
}

void log_close(void)
{
	int fd = atomic_exchange(&log_fd, -1);

	if (fd >= 0)
		close(fd);
	log_path[0] = '\0';
	atomic_store(&log_owns_stdio, false);
	log_set_level(LOG_INFO, false);
}

int log_reopen(void)
{
	int old = atomic_load(&log_fd);
	int fresh, rc = 0;

	if (old < 0)
		return 0;
	fresh = open(log_path, LOG_OPEN_FLAGS, LOG_FILE_MODE);
	if (fresh < 0)
		return -errno;
	/* dup2 swaps the file under the number atomically, so a writer
	 * never meets a closed descriptor; dup2 also clears FD_CLOEXEC on
	 * the copy, which fcntl restores. */
	if (dup2(fresh, old) < 0 || fcntl(old, F_SETFD, FD_CLOEXEC) < 0)
		rc = -errno;
	if (rc == 0 && atomic_load(&log_owns_stdio) &&
	    (dup2(fresh, STDOUT_FILENO) < 0 || dup2(fresh, STDERR_FILENO) < 0))
		rc = -errno;
	close(fresh);
	return rc;
}

bool log_enabled(enum log_level level)
{
	return (int)level <=
	       atomic_load_explicit(&log_level_now, memory_order_relaxed);
}

void log_set_level(enum log_level level, bool timestamps)
{
	atomic_store(&log_level_now, (int)level);
	atomic_store(&log_stamps, timestamps);
}

void log_get_level(enum log_level *level, bool *timestamps)
{
	*level = (enum log_level)atomic_load(&log_level_now);
	*timestamps = atomic_load(&log_stamps);
}

int log_redirect_stdio(void)
{
	int fd = atomic_load(&log_fd);

	if (fd < 0)
		return 0;
	fflush(stdout);
	fflush(stderr);
	if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
		return -errno;
	/* A regular file makes stdio buffer stdout fully; line buffering
	 * keeps each printf()'d line one write, as on a terminal. glibc
	 * ignores the mode change of a stream already used unless it is
	 * given a buffer, hence the static one. */
	setvbuf(stdout, stdout_buf, _IOLBF, sizeof(stdout_buf));
	atomic_store(&log_owns_stdio, true);
	return 1;
}

/* "SECONDS.MICROS: " with -t, "rapd: " for errors and warnings. */
static size_t line_prefix(enum log_level level, char *buf, size_t len)
{
	struct timespec now;
	size_t used = 0;
	int n;

	if (atomic_load(&log_stamps) &&
	    clock_gettime(CLOCK_REALTIME, &now) == 0) {
		n = snprintf(buf, len, "%lld.%06ld: ", (long long)now.tv_sec,
			     now.tv_nsec / 1000);
		if (n > 0)
			used = (size_t)n < len ? (size_t)n : len - 1;
	}
	if (level == LOG_ERROR || level == LOG_WARNING) {
		n = snprintf(buf + used, len - used, "%s",
			     level == LOG_ERROR ? "rapd: " : "rapd: warning: ");
		if (n > 0)
			used += (size_t)n < len - used ? (size_t)n
						       : len - used - 1;
	}
	return used;
}

/* All of buf in as few write() calls as the kernel allows: one for
 * anything a pipe or a file takes whole. */
static void write_line(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* a log line has nowhere else to go */
		buf += n;
		len -= (size_t)n;
	}
}

static int line_fd(enum log_level level)
{
	int fd = atomic_load(&log_fd);

	if (fd >= 0)
		return fd;
	return level <= LOG_WARNING ? STDERR_FILENO : STDOUT_FILENO;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	int saved_errno = errno;
	size_t used;
	va_list ap;
	int n;

	if (!log_enabled(level))
		return;
	used = line_prefix(level, line, sizeof(line));
	errno = saved_errno; /* for "%m" */
	va_start(ap, fmt);
	n = vsnprintf(line + used, sizeof(line) - used, fmt, ap);
	va_end(ap);
	/* A cut message leaves its last byte (vsnprintf's NUL) for "\n". */
	if (n > 0)
		used += (size_t)n < sizeof(line) - used
				? (size_t)n
				: sizeof(line) - 1 - used;
	if (used == 0 || line[used - 1] != '\n')
		line[used++] = '\n';
	fflush(stdout);
	write_line(line_fd(level), line, used);
	errno = saved_errno;
}
