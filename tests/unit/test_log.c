/*
 * test_log.c - core/log.c: the level filter (-d, -dd), the "-t" timestamp
 * prefix, errors on stderr with "rapd: ", the -f file (append, mode,
 * relative path, reopen after a logrotate rename), one write() per line,
 * and stdout pointed at the file for -B.
 *
 * stdout and stderr are swapped for temporary files around the calls
 * under test (capture_begin/capture_end); the CHECKs run after they are
 * restored. Scratch files live in a mkdtemp() folder under /tmp.
 */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rapd/log.h>

#define OUT_MAX (2 * LOG_LINE_MAX)

struct capture {
	int out_fd, err_fd;
	int saved_out, saved_err;
	char out[OUT_MAX];
	char err[OUT_MAX];
};

static int scratch_fd(void)
{
	char path[] = "/tmp/rapd-test-log-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		abort();
	unlink(path);
	return fd;
}

static void capture_begin(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	c->out_fd = scratch_fd();
	c->err_fd = scratch_fd();
	c->saved_out = dup(STDOUT_FILENO);
	c->saved_err = dup(STDERR_FILENO);
	if (c->saved_out < 0 || c->saved_err < 0 ||
	    dup2(c->out_fd, STDOUT_FILENO) < 0 ||
	    dup2(c->err_fd, STDERR_FILENO) < 0)
		abort();
}

static void read_all(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
}

static void capture_end(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	dup2(c->saved_out, STDOUT_FILENO);
	dup2(c->saved_err, STDERR_FILENO);
	close(c->saved_out);
	close(c->saved_err);
	read_all(c->out_fd, c->out, sizeof(c->out));
	read_all(c->err_fd, c->err, sizeof(c->err));
	close(c->out_fd);
	close(c->err_fd);
}

/* The whole of a small file, "" if it cannot be read. */
static void read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);

	buf[0] = '\0';
	if (fd < 0)
		return;
	read_all(fd, buf, len);
	close(fd);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
}

static void make_dir(char *tmpl)
{
	if (!mkdtemp(tmpl))
		abort();
}

static void remove_dir(const char *dir)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(dir);
}

static void levels_filter(void)
{
	struct capture c;

	CHECK_EQ_INT(log_open(LOG_INFO, false, NULL), 0);
	CHECK(log_enabled(LOG_INFO));
	CHECK(!log_enabled(LOG_DEBUG));
	capture_begin(&c);
	log_msg(LOG_DEBUG, "debug %d", 1);
	log_msg(LOG_INFO, "info %d", 1);
	/* Not formatted at all above the level: formatting this bogus
	 * string pointer would crash the test. */
	log_msg(LOG_EXCESSIVE, "%s", (const char *)16);
	capture_end(&c);
	CHECK(strcmp(c.out, "info 1\n") == 0);
	CHECK(strcmp(c.err, "") == 0);

	CHECK_EQ_INT(log_open(LOG_DEBUG, false, NULL), 0);	/* -d */
	capture_begin(&c);
	log_msg(LOG_DEBUG, "debug %d", 2);
	log_msg(LOG_EXCESSIVE, "excessive %d", 2);
	capture_end(&c);
	CHECK(strcmp(c.out, "debug 2\n") == 0);

	CHECK_EQ_INT(log_open(LOG_EXCESSIVE, false, NULL), 0);	/* -dd */
	capture_begin(&c);
	log_msg(LOG_EXCESSIVE, "excessive %d", 3);
	capture_end(&c);
	CHECK(strcmp(c.out, "excessive 3\n") == 0);
	log_close();
	CHECK(!log_enabled(LOG_DEBUG));
}

static void errors_on_stderr(void)
{
	struct capture c;

	CHECK_EQ_INT(log_open(LOG_INFO, false, NULL), 0);
	capture_begin(&c);
	log_msg(LOG_ERROR, "%s: cannot open", "x.conf");
	log_msg(LOG_WARNING, "key %s ignored", "foo");
	log_msg(LOG_INFO, "wlan0: AP-ENABLED");
	capture_end(&c);
	CHECK(strcmp(c.err, "rapd: x.conf: cannot open\n"
			    "rapd: warning: key foo ignored\n") == 0);
	CHECK(strcmp(c.out, "wlan0: AP-ENABLED\n") == 0);

	/* LOG_LEVEL ERROR: warnings go, errors stay */
	log_set_level(LOG_ERROR, false);
	capture_begin(&c);
	log_msg(LOG_WARNING, "quiet");
	log_msg(LOG_ERROR, "loud");
	log_msg(LOG_INFO, "quiet");
	capture_end(&c);
	CHECK(strcmp(c.err, "rapd: loud\n") == 0);
	CHECK(strcmp(c.out, "") == 0);
	log_close();
}

static void set_and_get_level(void)
{
	enum log_level level;
	bool stamps;

	log_get_level(&level, &stamps);
	CHECK_EQ_INT(level, LOG_INFO);
	CHECK(!stamps);
	log_set_level(LOG_EXCESSIVE, true);
	log_get_level(&level, &stamps);
	CHECK_EQ_INT(level, LOG_EXCESSIVE);
	CHECK(stamps);
	CHECK(log_enabled(LOG_EXCESSIVE));
	log_close();
	log_get_level(&level, &stamps);
	CHECK_EQ_INT(level, LOG_INFO);
	CHECK(!stamps);
}

/* "SECONDS.MICROS: " + rest, SECONDS within [lo, hi]. */
static void check_stamped(const char *line, const char *rest, time_t lo,
			  time_t hi)
{
	char pattern[128];
	regmatch_t m[2];
	regex_t re;
	long long secs;

	snprintf(pattern, sizeof(pattern), "^([0-9]+)\\.[0-9]{6}: %s\n$",
		 rest);
	CHECK_EQ_INT(regcomp(&re, pattern, REG_EXTENDED), 0);
	CHECK_EQ_INT(regexec(&re, line, 2, m, 0), 0);
	regfree(&re);
	secs = strtoll(line, NULL, 10);
	CHECK(secs >= (long long)lo && secs <= (long long)hi);
}

static void timestamps(void)
{
	struct capture c;
	time_t before, after;

	CHECK_EQ_INT(log_open(LOG_DEBUG, true, NULL), 0);	/* -d -t */
	before = time(NULL);
	capture_begin(&c);
	log_msg(LOG_DEBUG, "tx M1/4 to %s", "02:00:00:00:00:01");
	log_msg(LOG_ERROR, "no %s", "interface");
	capture_end(&c);
	after = time(NULL);
	check_stamped(c.out, "tx M1/4 to 02:00:00:00:00:01", before, after);
	check_stamped(c.err, "rapd: no interface", before, after);
	log_close();
}

static void newline_and_errno(void)
{
	char want[128];
	struct capture c;

	log_close();
	capture_begin(&c);
	printf("printf()'d first\n");	/* stays first: stdio is flushed */
	log_msg(LOG_INFO, "ends with one\n");
	log_msg(LOG_INFO, "%s", "");
	errno = ENOENT;
	log_msg(LOG_INFO, "open: %m");
	CHECK_EQ_INT(errno, ENOENT);
	capture_end(&c);
	snprintf(want, sizeof(want),
		 "printf()'d first\nends with one\n\nopen: %s\n",
		 strerror(ENOENT));
	CHECK(strcmp(c.out, want) == 0);
}

static void long_line_cut(void)
{
	static char big[3 * LOG_LINE_MAX];
	struct capture c;
	size_t len;

	memset(big, 'x', sizeof(big) - 1);
	log_open(LOG_INFO, true, NULL);
	capture_begin(&c);
	log_msg(LOG_ERROR, "%s", big);
	capture_end(&c);
	len = strlen(c.err);
	CHECK_EQ_INT(len, LOG_LINE_MAX);
	CHECK(len > 0 && c.err[len - 1] == '\n');
	CHECK(strchr(c.err, '\n') == c.err + len - 1);
	CHECK(strstr(c.err, ": rapd: xxx") != NULL);
	log_close();
}

/* Each write() on a SOCK_SEQPACKET socket is one packet: a line must
 * arrive as exactly one, prefix and newline included. */
static void one_write_per_line(void)
{
	static char big[LOG_LINE_MAX];
	static char pkt[2 * LOG_LINE_MAX];
	int sv[2], saved;
	ssize_t n;

	CHECK_EQ_INT(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	memset(big, 'y', LOG_LINE_MAX / 2);
	log_open(LOG_INFO, true, NULL);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(sv[0], STDOUT_FILENO);
	log_msg(LOG_INFO, "%s and %d more", big, 7);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	n = recv(sv[1], pkt, sizeof(pkt) - 1, MSG_DONTWAIT);
	CHECK(n > LOG_LINE_MAX / 2);
	if (n > 0) {
		pkt[n] = '\0';
		CHECK(strstr(pkt, "yy and 7 more\n") != NULL);
		CHECK(pkt[n - 1] == '\n');
	}
	CHECK(recv(sv[1], pkt, sizeof(pkt), MSG_DONTWAIT) < 0);
	close(sv[0]);
	close(sv[1]);
	log_close();
}

static void file_appends(void)
{
	char dir[] = "/tmp/rapd-test-log-XXXXXX";
	char old_path[512], new_path[512], buf[OUT_MAX];
	struct capture c;
	struct stat st;
	mode_t mask;

	make_dir(dir);
	snprintf(old_path, sizeof(old_path), "%s/old.log", dir);
	snprintf(new_path, sizeof(new_path), "%s/new.log", dir);
	write_file(old_path, "before\n");
	CHECK_EQ_INT(log_open(LOG_INFO, false, old_path), 0);
	capture_begin(&c);
	printf("printed ");	/* stays on stdout, flushed before */
	log_msg(LOG_INFO, "info");
	log_msg(LOG_ERROR, "error");
	log_msg(LOG_DEBUG, "debug");
	capture_end(&c);
	read_file(old_path, buf, sizeof(buf));
	CHECK(strcmp(buf, "before\ninfo\nrapd: error\n") == 0);
	CHECK(strcmp(c.out, "printed ") == 0);
	CHECK(strcmp(c.err, "") == 0);

	mask = umask(022);
	CHECK_EQ_INT(log_open(LOG_INFO, false, new_path), 0);
	umask(mask);
	CHECK_EQ_INT(stat(new_path, &st), 0);
	CHECK_EQ_INT(st.st_mode & 0777, 0640);
	log_close();
	remove_dir(dir);
}

static void file_unopenable(void)
{
	struct capture c;

	CHECK_EQ_INT(log_open(LOG_DEBUG, false, NULL), 0);
	CHECK_EQ_INT(log_open(LOG_INFO, false, "/nonexistent-rapd/x.log"),
		     -ENOENT);
	/* the previous set-up stays */
	CHECK(log_enabled(LOG_DEBUG));
	capture_begin(&c);
	log_msg(LOG_INFO, "still here");
	capture_end(&c);
	CHECK(strcmp(c.out, "still here\n") == 0);
	log_close();
}

/* logrotate: rename the file, SIGHUP (log_reopen), lines in a new one. */
static void reopen_after_rename(void)
{
	char dir[] = "/tmp/rapd-test-log-XXXXXX";
	char path[512], rotated[512], buf[OUT_MAX];
	char cwd[512];

	CHECK_EQ_INT(log_reopen(), 0);	/* no file: nothing to do */
	make_dir(dir);
	snprintf(path, sizeof(path), "%s/rapd.log", dir);
	snprintf(rotated, sizeof(rotated), "%s/rapd.log.1", dir);
	/* A relative -f path, then a move to "/" as daemon_start does:
	 * reopen must still find the file in the start directory. */
	if (!getcwd(cwd, sizeof(cwd)) || chdir(dir) != 0)
		abort();
	CHECK_EQ_INT(log_open(LOG_INFO, false, "rapd.log"), 0);
	if (chdir("/") != 0)
		abort();
	log_msg(LOG_INFO, "first");
	CHECK_EQ_INT(rename(path, rotated), 0);
	log_msg(LOG_INFO, "second");
	CHECK_EQ_INT(log_reopen(), 0);
	log_msg(LOG_INFO, "third");
	read_file(rotated, buf, sizeof(buf));
	CHECK(strcmp(buf, "first\nsecond\n") == 0);
	read_file(path, buf, sizeof(buf));
	CHECK(strcmp(buf, "third\n") == 0);
	CHECK(access("/rapd.log", F_OK) != 0);
	log_close();
	if (chdir(cwd) != 0)
		abort();
	remove_dir(dir);
}

/* In a child, as the daemon would: stdout and stderr pointed at the file,
 * stdout line-buffered (_exit flushes nothing), and moved by a reopen. */
static int redirected_child(const char *path, const char *rotated)
{
	if (log_open(LOG_INFO, false, path) != 0 || log_redirect_stdio() != 1)
		return 10;
	printf("event one\n");
	fputs("stderr one\n", stderr);
	if (rename(path, rotated) != 0 || log_reopen() != 0)
		return 11;
	printf("event two\n");
	log_msg(LOG_INFO, "log two");
	return 0;
}

static void redirect_stdio(void)
{
	char dir[] = "/tmp/rapd-test-log-XXXXXX";
	char path[512], rotated[512], buf[OUT_MAX];
	int status = -1;
	pid_t pid;

	log_close();
	CHECK_EQ_INT(log_redirect_stdio(), 0);	/* no file: untouched */
	make_dir(dir);
	snprintf(path, sizeof(path), "%s/d.log", dir);
	snprintf(rotated, sizeof(rotated), "%s/d.log.1", dir);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		_exit(redirected_child(path, rotated));
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	read_file(rotated, buf, sizeof(buf));
	CHECK(strcmp(buf, "event one\nstderr one\n") == 0);
	read_file(path, buf, sizeof(buf));
	CHECK(strcmp(buf, "event two\nlog two\n") == 0);
	remove_dir(dir);
}

/* Started with stdin closed, the file must not land on descriptor 0,
 * which daemon_start() points at /dev/null. */
static int stdin_closed_child(const char *path)
{
	int null_fd;

	close(STDIN_FILENO);
	if (log_open(LOG_INFO, false, path) != 0)
		return 10;
	null_fd = open("/dev/null", O_RDWR);
	if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0)
		return 11;
	log_msg(LOG_INFO, "kept");
	return 0;
}

static void file_above_stdio(void)
{
	char dir[] = "/tmp/rapd-test-log-XXXXXX";
	char path[512], buf[OUT_MAX];
	pid_t pid;
	int status = -1;

	make_dir(dir);
	snprintf(path, sizeof(path), "%s/s.log", dir);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		_exit(stdin_closed_child(path));
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	read_file(path, buf, sizeof(buf));
	CHECK(strcmp(buf, "kept\n") == 0);
	remove_dir(dir);
}

int main(void)
{
	check_begin("test_log");
	RUN(levels_filter);
	RUN(errors_on_stderr);
	RUN(set_and_get_level);
	RUN(timestamps);
	RUN(newline_and_errno);
	RUN(long_line_cut);
	RUN(one_write_per_line);
	RUN(file_appends);
	RUN(file_unopenable);
	RUN(reopen_after_rename);
	RUN(redirect_stdio);
	RUN(file_above_stdio);
	return check_end();
}
