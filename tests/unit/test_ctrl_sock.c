/*
 * test_ctrl_sock.c - the control interface's server (ctrl_sock.c) and
 * events (ctrl_event.c) over real UNIX datagram sockets in a temporary
 * directory, with clients bound in /tmp as wpa_ctrl binds them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rapd/ctrl.h>

#include "check.h"

static int no_sta(void *arg, struct ctrl_sta_info *out)
{
	return -ENOENT;
}

static int no_next(void *arg, const uint8_t *a, struct ctrl_sta_info *out)
{
	return -ENOENT;
}

static int kick(void *arg, const uint8_t *a, uint16_t r, bool tx)
{
	return -ENOENT;
}

static int unsupported(void *arg)
{
	return -EOPNOTSUPP;
}

static int reload(void *arg, bool reread)
{
	return -EOPNOTSUPP;
}

static int status(void *arg, struct ctrl_status *st)
{
	return -EOPNOTSUPP;
}

static int config(void *arg, struct ctrl_config *cf)
{
	return -EOPNOTSUPP;
}

static void terminate(void *arg)
{
	*(int *)arg += 1;
}

static void log_get(void *arg, int *level, bool *stamp)
{
}

static int log_set(void *arg, int level, int stamp)
{
	return 0;
}

static int acl(void *arg, enum ctrl_acl_list l, enum ctrl_acl_op op,
	       const uint8_t *mac)
{
	return 0;
}

static int acl_entry(void *arg, enum ctrl_acl_list l, unsigned i, uint8_t *m)
{
	return -ENOENT;
}

static int text(void *arg, char *buf, size_t len)
{
	return 0;
}

static const struct ctrl_backend_ops ops = {
	.status = status,
	.get_config = config,
	.sta_first = no_sta,
	.sta_next = no_next,
	.sta_get = no_next,
	.deauth = kick,
	.disassoc = kick,
	.reload = reload,
	.enable = unsupported,
	.disable = unsupported,
	.terminate = terminate,
	.log_level_get = log_get,
	.log_level_set = log_set,
	.acl = acl,
	.acl_entry = acl_entry,
	.mib = text,
	.stats = text,
};

static char base[64];	 /* mkdtemp'd */
static char dir[128];	 /* base/run: created by ctrl_open */
static char sock[160];	 /* dir/wlan0 */
static int terminated;

static struct ctrl *open_ctrl(const char *group, char *err, size_t errlen)
{
	struct ctrl_params p = {
		.dir = dir, .group = group, .ifname = "wlan0",
		.ops = &ops, .arg = &terminated,
	};

	return ctrl_open(&p, err, errlen);
}

static bool setup(void)
{
	strcpy(base, "/tmp/rapd-ctrl-XXXXXX");
	if (!mkdtemp(base))
		return false;
	snprintf(dir, sizeof(dir), "%s/run", base);
	snprintf(sock, sizeof(sock), "%s/wlan0", dir);
	return true;
}

static void teardown(void)
{
	rmdir(dir);
	rmdir(base);
}

/* A client as wpa_ctrl_open makes one: bound in /tmp, connected. */
static int client(int n, char *path, size_t len)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);

	snprintf(path, len, "/tmp/rapd_ctrl_test_%d-%d", (int)getpid(), n);
	unlink(path);
	strcpy(a.sun_path, path);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)))
		return -1;
	strcpy(a.sun_path, sock);
	if (connect(s, (struct sockaddr *)&a, sizeof(a))) {
		close(s);
		unlink(path);
		return -1;
	}
	return s;
}

/* Sends a request, lets the server answer, returns the reply length. */
static ssize_t request(struct ctrl *c, int s, const void *req, size_t len,
		       char *buf, size_t cap)
{
	struct pollfd pfd = { .fd = ctrl_fd(c), .events = POLLIN };
	ssize_t n;

	if (send(s, req, len, 0) != (ssize_t)len)
		return -1;
	if (poll(&pfd, 1, 1000) != 1)
		return -1;
	CHECK_EQ_INT(ctrl_handle(c), 1);
	n = recv(s, buf, cap - 1, MSG_DONTWAIT);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static void open_modes_and_cleanup(void)
{
	char err[256], path[108], buf[CTRL_REPLY_MAX];
	struct stat st;
	struct ctrl *c;
	int s;

	if (!setup())
		SKIP("no temporary directory");
	c = open_ctrl(NULL, err, sizeof(err));
	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "  %s\n", err);
		teardown();
		return;
	}
	CHECK(!stat(dir, &st) && S_ISDIR(st.st_mode));
	CHECK_EQ_INT(st.st_mode & 0777, 0770);
	CHECK(!stat(sock, &st) && S_ISSOCK(st.st_mode));
	CHECK_EQ_INT(st.st_mode & 0777, 0770);
	CHECK_EQ_INT(ctrl_handle(c), 0); /* nothing pending: no wait */

	s = client(1, path, sizeof(path));
	CHECK(s >= 0);
	CHECK_EQ_INT(request(c, s, "PING", 4, buf, sizeof(buf)), 5);
	CHECK(!strcmp(buf, "PONG\n"));
	CHECK_EQ_INT(request(c, s, "STA-FIRST", 9, buf, sizeof(buf)), 0);
	CHECK_EQ_INT(request(c, s, "STATUS", 6, buf, sizeof(buf)), 5);
	CHECK(!strcmp(buf, "FAIL\n"));
	CHECK_EQ_INT(request(c, s, "", 0, buf, sizeof(buf)), 16);
	CHECK(!strcmp(buf, "UNKNOWN COMMAND\n"));
	CHECK_EQ_INT(request(c, s, "TERMINATE", 9, buf, sizeof(buf)), 3);
	CHECK_EQ_INT(terminated, 1);
	close(s);
	unlink(path);

	ctrl_close(c);
	CHECK(stat(sock, &st) && errno == ENOENT);
	CHECK(stat(dir, &st) && errno == ENOENT);
	teardown();
}

static void oversized_datagram(void)
{
	static char big[CTRL_REQUEST_MAX + 100];
	char err[256], path[108], buf[64];
	struct ctrl *c;
	int s;

	if (!setup())
		SKIP("no temporary directory");
	c = open_ctrl(NULL, err, sizeof(err));
	s = client(2, path, sizeof(path));
	CHECK(c && s >= 0);
	if (c && s >= 0) {
		memcpy(big, "PING", 4);
		CHECK_EQ_INT(request(c, s, big, sizeof(big), buf, sizeof(buf)),
			     5);
		CHECK(!strcmp(buf, "FAIL\n"));
		CHECK_EQ_INT(request(c, s, "PING", 4, buf, sizeof(buf)), 5);
	}
	if (s >= 0)
		close(s);
	unlink(path);
	ctrl_close(c);
	teardown();
}

static void live_and_stale_socket(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char err[256], path[108], buf[16];
	struct ctrl *c, *c2;
	int s;

	if (!setup())
		SKIP("no temporary directory");
	c = open_ctrl(NULL, err, sizeof(err));
	CHECK(c != NULL);
	c2 = open_ctrl(NULL, err, sizeof(err));
	CHECK(c2 == NULL);
	CHECK(strstr(err, "in use") != NULL);
	ctrl_close(c);

	/* a socket file nobody listens on, as a crash leaves it */
	mkdir(dir, 0770);
	strcpy(a.sun_path, sock);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(s >= 0 && !bind(s, (struct sockaddr *)&a, sizeof(a)));
	close(s);
	c = open_ctrl(NULL, err, sizeof(err));
	CHECK(c != NULL);
	s = client(3, path, sizeof(path));
	CHECK(s >= 0);
	if (c && s >= 0)
		CHECK_EQ_INT(request(c, s, "PING", 4, buf, sizeof(buf)), 5);
	if (s >= 0)
		close(s);
	unlink(path);
	ctrl_close(c);
	teardown();
}

static void group_and_dir_left(void)
{
	char err[256], gid[16], extra[200];
	struct stat st;
	struct ctrl *c;

	if (!setup())
		SKIP("no temporary directory");
	c = open_ctrl("no-such-group-rapd", err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strstr(err, "no-such-group-rapd") != NULL);

	snprintf(gid, sizeof(gid), "%u", (unsigned)getgid());
	c = open_ctrl(gid, err, sizeof(err));
	CHECK(c != NULL);
	CHECK(!stat(sock, &st) && st.st_gid == getgid());
	CHECK(!stat(dir, &st) && st.st_gid == getgid());

	/* something else in the directory: it stays, the socket goes */
	snprintf(extra, sizeof(extra), "%s/other", dir);
	close(open(extra, O_CREAT | O_WRONLY, 0600));
	ctrl_close(c);
	CHECK(stat(sock, &st) && errno == ENOENT);
	CHECK(!stat(dir, &st));
	unlink(extra);
	teardown();
}

static int received(int s, char *buf, size_t cap)
{
	ssize_t n = recv(s, buf, cap - 1, MSG_DONTWAIT);

	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static void events_levels(void)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x01, 0 };
	char err[256], path[108], path2[108], buf[256];
	struct ctrl *c;
	int s, s2;

	if (!setup())
		SKIP("no temporary directory");
	c = open_ctrl(NULL, err, sizeof(err));
	s = client(4, path, sizeof(path));
	s2 = client(5, path2, sizeof(path2));
	CHECK(c && s >= 0 && s2 >= 0);
	if (!c || s < 0 || s2 < 0)
		goto out;
	CHECK_EQ_INT(request(c, s, "ATTACH", 6, buf, sizeof(buf)), 3);
	CHECK_EQ_INT(request(c, s2, "ATTACH", 6, buf, sizeof(buf)), 3);
	CHECK_EQ_INT(ctrl_clients_attached(c), 2);
	CHECK_EQ_INT(request(c, s2, "LEVEL 4", 7, buf, sizeof(buf)), 3);

	CHECK_EQ_INT(ctrl_event_sta(c, "AP-STA-CONNECTED", mac), 1);
	CHECK_EQ_INT(received(s, buf, sizeof(buf)), 37);
	CHECK(!strcmp(buf, "<3>AP-STA-CONNECTED 02:00:00:00:01:00"));
	CHECK_EQ_INT(received(s2, buf, sizeof(buf)), -1);

	CHECK_EQ_INT(ctrl_event(c, CTRL_MSG_WARNING, "AP-DISABLED"), 2);
	CHECK_EQ_INT(received(s, buf, sizeof(buf)), 14);
	CHECK(!strcmp(buf, "<4>AP-DISABLED"));
	CHECK_EQ_INT(received(s2, buf, sizeof(buf)), 14);

	CHECK_EQ_INT(ctrl_event(c, CTRL_MSG_DEBUG, "noise"), 0);
	CHECK_EQ_INT(received(s, buf, sizeof(buf)), -1);

	CHECK_EQ_INT(request(c, s, "DETACH", 6, buf, sizeof(buf)), 3);
	CHECK_EQ_INT(ctrl_event(c, CTRL_MSG_ERROR, "x"), 1);
out:
	if (s >= 0)
		close(s);
	if (s2 >= 0)
		close(s2);
	unlink(path);
	unlink(path2);
	ctrl_close(c);
	teardown();
}

static void vanished_and_stuck_clients(void)
{
	char err[256], path[108], path2[108], buf[64];
	unsigned reached = 0;
	struct ctrl *c;
	int s, s2;

	if (!setup())
		SKIP("no temporary directory");
	c = open_ctrl(NULL, err, sizeof(err));
	s = client(6, path, sizeof(path));
	s2 = client(7, path2, sizeof(path2));
	CHECK(c && s >= 0 && s2 >= 0);
	if (!c || s < 0 || s2 < 0)
		goto out;
	CHECK_EQ_INT(request(c, s, "ATTACH", 6, buf, sizeof(buf)), 3);
	CHECK_EQ_INT(request(c, s2, "ATTACH", 6, buf, sizeof(buf)), 3);

	/* s vanishes: its socket file is gone (ENOENT) */
	close(s);
	s = -1;
	unlink(path);
	CHECK_EQ_INT(ctrl_event(c, CTRL_MSG_INFO, "AP-ENABLED"), 1);
	CHECK_EQ_INT(ctrl_clients_attached(c), 1);

	/* s2 never reads: its queue fills, and from then on its events are
	 * dropped, never blocking the caller; it stays attached (a slow
	 * reader is not a vanished one) and gets events again once it reads */
	for (int i = 0; i < 2000; i++)
		reached += ctrl_event(c, CTRL_MSG_INFO, "AP-STA-CONNECTED x");
	CHECK(reached > 0 && reached < 2000);
	CHECK_EQ_INT(ctrl_clients_attached(c), 1);
	while (received(s2, buf, sizeof(buf)) > 0)
		;
	CHECK_EQ_INT(ctrl_event(c, CTRL_MSG_INFO, "AP-STA-CONNECTED y"), 1);
out:
	if (s >= 0)
		close(s);
	if (s2 >= 0)
		close(s2);
	unlink(path);
	unlink(path2);
	ctrl_close(c);
	teardown();
}

static void bad_params(void)
{
	struct ctrl_params p = { .dir = "/tmp", .ifname = "a/b", .ops = &ops };
	char err[128], longdir[200];

	CHECK(ctrl_open(&p, err, sizeof(err)) == NULL);
	memset(longdir, 'd', sizeof(longdir) - 1);
	longdir[0] = '/';
	longdir[sizeof(longdir) - 1] = '\0';
	p.dir = longdir;
	p.ifname = "wlan0";
	CHECK(ctrl_open(&p, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "too long") != NULL);
	ctrl_close(NULL);
}

int main(void)
{
	check_begin("test_ctrl_sock");
	umask(027); /* ctrl_open must still give 0770 */
	RUN(open_modes_and_cleanup);
	RUN(oversized_datagram);
	RUN(live_and_stale_socket);
	RUN(group_and_dir_left);
	RUN(events_levels);
	RUN(vanished_and_stuck_clients);
	RUN(bad_params);
	return check_end();
}
