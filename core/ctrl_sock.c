/*
 * ctrl_sock.c - the control interface's server: the UNIX datagram socket
 * <ctrl_interface>/<ifname> that hostapd_cli talks to.
 *
 * Runs on the main thread only: ctrl_open() at start-up, ctrl_handle()
 * when poll() reports the socket readable, ctrl_event() when the daemon
 * has news, ctrl_close() at exit. Owns the socket, its path (unlinked on
 * close) and the attached clients; every request is answered with
 * ctrl_cmd_process() into a buffer of its own.
 *
 * Follows hostapd/ctrl_iface.c hostapd_ctrl_iface_init/deinit/receive and
 * src/common/wpa_ctrl.c: the directory is created 0770 whatever the umask
 * (an existing one is kept as it is), it and the socket get
 * ctrl_interface_group, the socket is chmod 0770. When the path is taken, a connect() tells a live daemon
 * (refuse to start) from a socket left by a crashed run (unlink, bind
 * again). Each request datagram (at most 4096 bytes) gets exactly one
 * reply datagram, sent to its sender's own bound socket (wpa_ctrl binds
 * /tmp/wpa_ctrl_<pid>-<n>). On exit the socket is unlinked and the
 * directory removed unless something else is in it.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rapd/bytes.h>
#include <rapd/ctrl.h>

#define HANDLE_BATCH 64 /* requests per ctrl_handle(): the loop stays live */

struct ctrl {
	int fd;
	struct sockaddr_un addr; /* our own path */
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const struct ctrl_backend_ops *ops;
	void *arg;
	struct ctrl_clients clients;
	uint64_t replies_lost; /* a sender gone or its queue full */
	char req[CTRL_REQUEST_MAX + 1];
	char reply[CTRL_REPLY_MAX];
};

static void set_err(char *err, size_t errlen, const char *what,
		    const char *path, int e)
{
	if (errlen)
		snprintf(err, errlen, "%s %s: %s", what, path, strerror(e));
}

/* ctrl_interface_group: a group name, else a numeric gid. */
static int resolve_group(const char *group, gid_t *gid)
{
	struct group gr, *res = NULL;
	char buf[4096];
	char *end;
	unsigned long v;

	if (!getgrnam_r(group, &gr, buf, sizeof(buf), &res) && res) {
		*gid = res->gr_gid;
		return 0;
	}
	errno = 0;
	v = strtoul(group, &end, 10);
	if (*group < '0' || *group > '9' || *end || errno || v > 0x7fffffff)
		return -ENOENT;
	*gid = (gid_t)v;
	return 0;
}

/* True if a daemon answers on the path (a live rapd or hostapd). */
static bool path_is_live(const struct sockaddr_un *a)
{
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool live;

	if (s < 0)
		return true; /* cannot tell: do not unlink someone's socket */
	live = connect(s, (const struct sockaddr *)a, sizeof(*a)) == 0;
	close(s);
	return live;
}

static int bind_path(int fd, const struct sockaddr_un *a, char *err,
		     size_t errlen)
{
	if (!bind(fd, (const struct sockaddr *)a, sizeof(*a)))
		return 0;
	if (errno != EADDRINUSE) {
		set_err(err, errlen, "bind", a->sun_path, errno);
		return -1;
	}
	if (path_is_live(a)) {
		if (errlen)
			snprintf(err, errlen, "%s is in use by a running "
				 "daemon", a->sun_path);
		return -1;
	}
	/* left by a run that crashed: replace it */
	if (unlink(a->sun_path) || bind(fd, (const struct sockaddr *)a,
					sizeof(*a))) {
		set_err(err, errlen, "replace stale socket", a->sun_path,
			errno);
		return -1;
	}
	return 0;
}

static int make_dir(const char *dir, bool have_gid, gid_t gid, char *err,
		    size_t errlen)
{
	if (!mkdir(dir, 0770)) {
		/* ours: 0770 whatever the umask, as the group needs it */
		if (chmod(dir, 0770)) {
			set_err(err, errlen, "chmod", dir, errno);
			return -1;
		}
	} else if (errno != EEXIST) {
		set_err(err, errlen, "mkdir", dir, errno);
		return -1;
	}
	if (have_gid && chown(dir, (uid_t)-1, gid)) {
		set_err(err, errlen, "chown", dir, errno);
		return -1;
	}
	return 0;
}

/* Directory, socket, bind, group and mode; the path is unlinked on error. */
static int setup_socket(struct ctrl *c, const struct ctrl_params *p,
			char *err, size_t errlen)
{
	gid_t gid = 0;
	bool have_gid = p->group && p->group[0];

	if (have_gid && resolve_group(p->group, &gid)) {
		if (errlen)
			snprintf(err, errlen, "ctrl_interface_group %s: no "
				 "such group", p->group);
		return -1;
	}
	if (make_dir(p->dir, have_gid, gid, err, errlen))
		return -1;
	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		set_err(err, errlen, "socket for", c->addr.sun_path, errno);
		return -1;
	}
	if (bind_path(c->fd, &c->addr, err, errlen))
		return -1;
	if ((have_gid && lchown(c->addr.sun_path, (uid_t)-1, gid)) ||
	    chmod(c->addr.sun_path, 0770)) {
		set_err(err, errlen, "chown/chmod", c->addr.sun_path, errno);
		unlink(c->addr.sun_path);
		return -1;
	}
	return 0;
}

static bool params_ok(const struct ctrl_params *p, char *err, size_t errlen)
{
	size_t path_len;

	if (!p->dir || !p->dir[0] || !p->ifname || !p->ifname[0] ||
	    strchr(p->ifname, '/') || !p->ops) {
		if (errlen)
			snprintf(err, errlen, "control interface: no "
				 "directory, interface name or backend");
		return false;
	}
	path_len = strlen(p->dir) + 1 + strlen(p->ifname);
	if (path_len >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		if (errlen)
			snprintf(err, errlen, "control socket path too "
				 "long: %s/%s", p->dir, p->ifname);
		return false;
	}
	return true;
}

struct ctrl *ctrl_open(const struct ctrl_params *p, char *err, size_t errlen)
{
	struct ctrl *c;

	if (!params_ok(p, err, errlen))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		set_err(err, errlen, "control interface", p->dir, ENOMEM);
		return NULL;
	}
	c->fd = -1;
	c->ops = p->ops;
	c->arg = p->arg;
	ctrl_clients_init(&c->clients);
	strcpy(c->dir, p->dir); /* fits: checked with the path */
	c->addr.sun_family = AF_UNIX;
	snprintf(c->addr.sun_path, sizeof(c->addr.sun_path), "%s/%s", p->dir,
		 p->ifname);
	if (setup_socket(c, p, err, errlen)) {
		if (c->fd >= 0)
			close(c->fd);
		free(c);
		return NULL;
	}
	return c;
}

int ctrl_fd(const struct ctrl *c)
{
	return c->fd;
}

/* Answers one datagram of n bytes (n > CTRL_REQUEST_MAX: it was cut). */
static void answer(struct ctrl *c, size_t n, const struct sockaddr_un *from,
		   socklen_t fromlen)
{
	struct ctrl_req rq = {
		.ops = c->ops,
		.arg = c->arg,
		.clients = &c->clients,
		.from = from,
		.fromlen = fromlen,
	};
	size_t len = ctrl_cmd_process(&rq, c->req, n, c->reply,
				      sizeof(c->reply));

	if (sendto(c->fd, c->reply, len, MSG_DONTWAIT,
		   (const struct sockaddr *)from, fromlen) < 0)
		c->replies_lost++; /* the client times out and may retry */
}

unsigned ctrl_handle(struct ctrl *c)
{
	unsigned done = 0;

	while (done < HANDLE_BATCH) {
		struct sockaddr_un from;
		socklen_t fromlen = sizeof(from);
		ssize_t n;

		/* MSG_TRUNC: the datagram's real length, to refuse long ones */
		n = recvfrom(c->fd, c->req, CTRL_REQUEST_MAX + 1,
			     MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break; /* EAGAIN: nothing more pending */
		}
		if (fromlen > sizeof(from))
			fromlen = sizeof(from);
		answer(c, (size_t)n, &from, fromlen);
		done++;
	}
	return done;
}

unsigned ctrl_event(struct ctrl *c, int level, const char *text)
{
	return ctrl_clients_send(&c->clients, c->fd, level, text);
}

unsigned ctrl_event_sta(struct ctrl *c, const char *name, const uint8_t *addr)
{
	char text[128], mac[MAC_STR_LEN];
	int n = snprintf(text, sizeof(text), "%s %s", name,
			 mac_str(addr, mac));

	if (n < 0 || (size_t)n >= sizeof(text))
		return 0; /* event names are short constants */
	return ctrl_event(c, CTRL_MSG_INFO, text);
}

unsigned ctrl_clients_attached(const struct ctrl *c)
{
	return c->clients.n;
}

void ctrl_close(struct ctrl *c)
{
	if (!c)
		return;
	close(c->fd);
	unlink(c->addr.sun_path);
	/* ENOTEMPTY: another daemon's socket lives there; leave it */
	rmdir(c->dir);
	free(c);
}
