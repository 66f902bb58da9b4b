/*
 * log.h - rapd's message lines, with hostapd's command-line switches:
 * -d (debug), -dd (excessive), -t (timestamps), -f FILE (a log file).
 *
 * Where a line goes:
 *   no file: ERROR and WARNING lines on stderr, the others on stdout;
 *   -f FILE: every line appended to FILE, nothing on stdout or stderr
 *            (under -B, daemon_start() points stdout and stderr at FILE
 *            too, through log_redirect_stdio()).
 * Line format, one line per log_msg() call:
 *   [SECONDS.MICROS: ]          with -t: wall clock, as hostapd prints it
 *   [rapd: | rapd: warning: ]   ERROR | WARNING (the other levels: none)
 *   the formatted message, then "\n" unless the message ends with one.
 * A line is built in a bounded buffer and reaches the kernel in one
 * write() (the file is opened O_APPEND), so concurrent writers and anyone
 * grepping the output see whole lines; stdout's stdio buffer is flushed
 * first so lines keep their order with printf() output. A line longer
 * than LOG_LINE_MAX bytes is cut and still ends with "\n".
 *
 * Threads: log_msg() and log_enabled() may be called from any thread
 * (the level is read atomically, the file descriptor survives
 * log_reopen()), but rapd logs from the main thread only: the RX, worker
 * and TX threads never log, they count, and the main thread reports the
 * counters. log_open(), log_close(), log_set_level() and
 * log_redirect_stdio() are for the main thread, with no other thread
 * logging during log_open() and log_close().
 *
 * Returns: 0 or a negative errno. Before log_open() (or after
 * log_close()) the defaults apply: INFO, no timestamps, no file.
 */
#ifndef RAPD_LOG_H
#define RAPD_LOG_H

#include <stdbool.h>

/* Most to least severe; a level lets through itself and those above.
 * Uses: ERROR, rapd cannot do what was asked (it exits or drops a
 * feature); WARNING, it goes on but something is off (an ignored key, a
 * refused client); INFO, what a user follows (stations coming and going,
 * start and stop); DEBUG (-d), each decision of the state machines;
 * EXCESSIVE (-dd), frame and message contents. Not <syslog.h>'s values:
 * a file using this header must not include <syslog.h>. */
enum log_level {
	LOG_ERROR,
	LOG_WARNING,
	LOG_INFO,
	LOG_DEBUG,
	LOG_EXCESSIVE,
};

/* The longest line written, prefixes and "\n" included. */
#define LOG_LINE_MAX 4096

/* Configures logging: level (INFO by default, -d DEBUG, -dd EXCESSIVE),
 * timestamps (-t), path (-f FILE: appended to, created mode 0640 less the
 * umask; NULL: stdout and stderr). A relative path is made absolute from
 * the current directory, so log_reopen() still finds it after
 * daemon_start() moved to "/". On failure the previous set-up stays and
 * the return is -errno (-ENAMETOOLONG for a path past PATH_MAX). */
int log_open(enum log_level level, bool timestamps, const char *path);

/* Closes the file, if any, and restores the defaults. */
void log_close(void);

/* SIGHUP (logrotate): opens the -f path anew, so lines go to a fresh
 * file once the old one was renamed. The new file takes the old one's
 * descriptor number with dup2(), so a log_msg() in another thread writes
 * to one file or the other, never to a closed descriptor; stdout and
 * stderr follow when log_redirect_stdio() pointed them at the file.
 * Async-signal-safe. 0 (also without a file) or -errno, the old file
 * then still in use. */
int log_reopen(void);

/* printf-style; a line above the level is not formatted at all. errno is
 * kept, so "%m" works and the caller's errno survives the call. */
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True if a line at this level would be written: lets a caller skip
 * building what only an enabled line prints. */
bool log_enabled(enum log_level level);

/* The control interface's LOG_LEVEL: changes level and timestamps at run
 * time, and reads them back. */
void log_set_level(enum log_level level, bool timestamps);
void log_get_level(enum log_level *level, bool *timestamps);

/* For daemon_start(): with a -f file, points stdout and stderr at it
 * (line-buffered stdout) and returns 1; without one returns 0 and changes
 * nothing; -errno if dup2() failed. */
int log_redirect_stdio(void);

#endif
