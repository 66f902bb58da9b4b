/*
 * conn.c - one client socket of rapd's control interface.
 *
 * Main thread only (rapd-cli has no other). Owns the socket and the path
 * it is bound to, unlinked on close. Follows the client side of hostapd's
 * control protocol (src/common/wpa_ctrl.c, interop.md 1.6): a datagram
 * socket of our own bound in /tmp (so the daemon can answer with sendto),
 * connected to <ctrl_interface>/<ifname>; one request datagram gets one
 * reply datagram; datagrams starting with '<' (or "IFNAME=") are events
 * of an attached client, never replies; a request gives up after 10 s.
 */
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned conn_counter;

void rcli_conn_init(struct rcli_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static int bind_local(struct rcli_conn *c, const char *client_dir)
{
	int n;

	c->local.sun_family = AF_UNIX;
	n = snprintf(c->local.sun_path, sizeof(c->local.sun_path),
		     "%s/rapd_cli_%d-%u", client_dir, (int)getpid(),
		     ++conn_counter);
	if (n < 0 || (size_t)n >= sizeof(c->local.sun_path))
		return -ENAMETOOLONG;
	if (!bind(c->fd, (struct sockaddr *)&c->local, sizeof(c->local)))
		return 0;
	if (errno != EADDRINUSE)
		return -errno;
	/* left by an earlier rapd-cli that had our pid and crashed */
	unlink(c->local.sun_path);
	if (bind(c->fd, (struct sockaddr *)&c->local, sizeof(c->local)))
		return -errno;
	return 0;
}

int rcli_conn_open(struct rcli_conn *c, const char *client_dir,
		   const char *path, char *err, size_t errlen)
{
	struct sockaddr_un peer = { .sun_family = AF_UNIX };
	int e;

	rcli_conn_init(c);
	if (strlen(path) >= sizeof(peer.sun_path)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(peer.sun_path, path);
	strcpy(c->peer, path);
	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		e = -errno;
		snprintf(err, errlen, "socket: %s", strerror(-e));
		return e;
	}
	e = bind_local(c, client_dir);
	if (e) {
		snprintf(err, errlen, "cannot bind a client socket in %s: %s",
			 client_dir, strerror(-e));
		c->local.sun_path[0] = '\0'; /* nothing of ours to unlink */
		rcli_conn_close(c);
		return e;
	}
	if (connect(c->fd, (struct sockaddr *)&peer, sizeof(peer))) {
		e = -errno;
		snprintf(err, errlen, "cannot connect to %s: %s%s", path,
			 strerror(-e), e == -ENOENT || e == -ECONNREFUSED ?
			 " (is rapd running, with this ctrl_interface?)" : "");
		rcli_conn_close(c);
		return e;
	}
	return 0;
}

void rcli_conn_close(struct rcli_conn *c)
{
	if (c->fd < 0)
		return;
	if (c->attached)
		rcli_detach(c); /* best effort: the daemon drops us anyway */
	close(c->fd);
	c->fd = -1;
	if (c->local.sun_path[0])
		unlink(c->local.sun_path);
	c->local.sun_path[0] = '\0';
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool is_event(const char *buf, size_t len)
{
	return (len > 0 && buf[0] == '<') ||
	       (len >= 7 && !memcmp(buf, "IFNAME=", 7));
}

int rcli_recv(struct rcli_conn *c, char *buf, size_t cap)
{
	ssize_t n = recv(c->fd, buf, cap - 1, MSG_DONTWAIT);

	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	buf[n] = '\0';
	return (int)n;
}

int rcli_request(struct rcli_conn *c, const char *cmd, char *reply,
		 size_t cap, rcli_event_fn on_event, void *arg)
{
	long long deadline = now_ms() + RCLI_TIMEOUT_MS;
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };

	if (send(c->fd, cmd, strlen(cmd), 0) < 0)
		return -errno;
	for (;;) {
		long long left = deadline - now_ms();
		int n;

		if (rcli_stop)
			return -EINTR;
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n <= 0)
			continue;
		n = rcli_recv(c, reply, cap);
		if (n == -EAGAIN)
			continue;
		if (n < 0)
			return n; /* ECONNREFUSED: the daemon went away */
		if (!is_event(reply, (size_t)n))
			return n;
		if (on_event)
			on_event(arg, reply);
	}
}

int rcli_attach(struct rcli_conn *c)
{
	char buf[64];
	int n = rcli_request(c, "ATTACH", buf, sizeof(buf), NULL, NULL);

	if (n < 0)
		return n;
	if (strcmp(buf, "OK\n"))
		return -EPROTO;
	c->attached = true;
	return 0;
}

int rcli_detach(struct rcli_conn *c)
{
	char buf[64];
	int n;

	c->attached = false;
	n = rcli_request(c, "DETACH", buf, sizeof(buf), NULL, NULL);
	if (n < 0)
		return n;
	return strcmp(buf, "OK\n") ? -EPROTO : 0;
}

const char *rcli_event_body(const char *text)
{
	const char *end;

	if (text[0] != '<')
		return text;
	end = strchr(text, '>');
	return end ? end + 1 : text;
}
