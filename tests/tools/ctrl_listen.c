/*
 * ctrl_listen.c - a minimal attached control-interface client for tests:
 * binds its own datagram socket (as wpa_ctrl does), connects to
 * DIR/IFNAME, sends ATTACH, then counts the events whose text starts with
 * PREFIX until an event starting with STOP comes or SECONDS pass, and
 * prints the count and whether STOP came ("123 stop" / "123 timeout").
 * It exits without DETACH: a client that vanishes, for the daemon to
 * notice.
 *
 *   ctrl_listen DIR IFNAME PREFIX STOP SECONDS
 */
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un me = { .sun_family = AF_UNIX }, ap = me;
	char buf[4096];
	long got = 0;
	bool stopped = false;
	time_t end;
	int fd;

	if (argc != 6)
		return 2;
	end = time(NULL) + atol(argv[5]);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	snprintf(me.sun_path, sizeof(me.sun_path), "/tmp/rapd_listen_%d",
		 (int)getpid());
	snprintf(ap.sun_path, sizeof(ap.sun_path), "%s/%s", argv[1], argv[2]);
	unlink(me.sun_path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof(me)) ||
	    connect(fd, (struct sockaddr *)&ap, sizeof(ap)) ||
	    send(fd, "ATTACH", 6, 0) != 6) {
		perror("ctrl_listen");
		unlink(me.sun_path);
		return 1;
	}
	while (time(NULL) < end && !stopped) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = 0;
		/* "<3>TEXT": skip the level */
		if (buf[0] != '<' || !strchr(buf, '>'))
			continue;
		if (!strncmp(strchr(buf, '>') + 1, argv[3], strlen(argv[3])))
			got++;
		if (!strncmp(strchr(buf, '>') + 1, argv[4], strlen(argv[4])))
			stopped = true;
	}
	printf("%ld %s\n", got, stopped ? "stop" : "timeout");
	unlink(me.sun_path);
	return 0;
}
