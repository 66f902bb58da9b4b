/*
 * daemon.h - running in the background (hostapd's -B) and the pid file
 * (-P), with one difference from hostapd's bare daemon(3): the process
 * started from the shell waits until the daemon says it is up, and exits
 * with the daemon's verdict, so a refused configuration or a missing
 * interface shows in the exit code of `rapd -B ...`.
 *
 * Sequence, main thread only, before any other thread exists:
 *   log_open(...);            so -f FILE is opened (and refused) in the
 *                             foreground, and the daemon inherits it
 *   daemon_start();           -B; the foreground process waits in here
 *   daemon_pidfile_write(p);  -P
 *   ...set-up...;
 *   daemon_ready();           or daemon_failed(code) and exit
 *   ...run...;
 *   daemon_pidfile_remove();  at exit
 * Without -B, daemon_ready() and daemon_failed() do nothing, so the
 * caller needs no "if (background)" around them.
 *
 * Returns: 0 or a negative errno. Nothing here is thread-safe: the state
 * (the report channel, the pid file's path) is process-global and belongs
 * to the main thread.
 */
#ifndef RAPD_DAEMON_H
#define RAPD_DAEMON_H

/* -B: fork; the child calls setsid(), moves to "/" and reads stdin from
 * /dev/null. Its stdout and stderr stay the terminal's while it sets up
 * (a refusal is seen there); daemon_ready() points them at the -f log
 * file when one is open (log_redirect_stdio()), else at /dev/null. The foreground process
 * never returns: it exits 0 when the child calls daemon_ready(), the
 * child's code when it calls daemon_failed(), and, when the child ends
 * without either, the child's exit status (128 + the signal if one killed
 * it). Returns 0 in the child; -errno if the fork or its channel could not
 * be made (then nothing happened: still in the foreground, stdio intact).
 * A failure in the child's own set-up (setsid, chdir, dup2) is logged
 * at LOG_ERROR, the child exits and the foreground exits 1. stdout and stderr are flushed before the fork. */
int daemon_start(void);

/* The child is up: stdout and stderr leave the terminal (see
 * daemon_start) and the foreground process exits 0. Once only; later
 * calls, and calls without daemon_start(), do nothing. */
void daemon_ready(void);

/* The child's set-up failed: the foreground process exits with code
 * (1..255; anything else is reported as 1). The child itself goes on:
 * it cleans up and exits as it would in the foreground. */
void daemon_failed(int code);

/* -P: writes "PID\n" (getpid(), so call it after daemon_start()) to path,
 * mode 0644, through a temporary file in the same directory renamed over
 * path, so a reader sees the old content or the new, never part of it.
 * A relative path is taken from the directory rapd was started in, even
 * after daemon_start() moved to "/". Remembers path for
 * daemon_pidfile_remove(). 0 or -errno. */
int daemon_pidfile_write(const char *path);

/* Removes the pid file written by daemon_pidfile_write() if it still
 * holds our pid (another rapd may have taken the path over since), and
 * only from the process that wrote it (not from a forked child). */
void daemon_pidfile_remove(void);

#endif
