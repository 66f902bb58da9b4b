/*
 * ctrl_event.c - the control interface's attached clients and the events
 * sent to them.
 *
 * Runs on the main thread only (ctrl_handle() for ATTACH/DETACH/LEVEL,
 * the daemon's ctrl_event() for events). Owns nothing but the fixed
 * table it is given: no allocation.
 *
 * hostapd's behaviour (ctrl_iface_common.c ctrl_iface_attach/detach/level,
 * hostapd_ctrl_iface_send_internal): a client is known by its socket
 * address; ATTACH sets its level to MSG_INFO; an event of level L goes to
 * every client whose level is at most L, as "<L>TEXT", sent with
 * MSG_DONTWAIT so a slow client never stalls the daemon. A client whose
 * socket is gone (ENOENT, ECONNREFUSED) is dropped at once, one that
 * fails more than CTRL_CLIENT_MAX_ERRORS sends in a row for another reason
 * is dropped too. A full queue (EAGAIN: a UNIX datagram receiver holds
 * net.unix.max_dgram_qlen, 10 by default, datagrams) is not a failure of
 * the client: during a storm a reader cannot keep up with one event per
 * station, so the event is dropped for it and counted, and it stays
 * attached (hostapd would detach it and its operator would see nothing
 * more).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rapd/ctrl.h>

/* Room for "<N>", the event text, and a NUL. */
#define EVENT_MAX (CTRL_REPLY_MAX)

void ctrl_clients_init(struct ctrl_clients *cl)
{
	memset(cl, 0, sizeof(*cl));
}

static bool same_addr(const struct ctrl_client *c, const struct sockaddr_un *a,
		      socklen_t alen)
{
	return c->addrlen == alen && memcmp(&c->addr, a, alen) == 0;
}

static struct ctrl_client *find(struct ctrl_clients *cl,
				const struct sockaddr_un *a, socklen_t alen)
{
	for (unsigned i = 0; i < cl->n; i++)
		if (same_addr(&cl->c[i], a, alen))
			return &cl->c[i];
	return NULL;
}

int ctrl_clients_attach(struct ctrl_clients *cl, const struct sockaddr_un *a,
			socklen_t alen)
{
	struct ctrl_client *c;

	if (alen > sizeof(*a))
		return -EINVAL;
	c = find(cl, a, alen);
	if (!c) {
		if (cl->n == CTRL_CLIENTS_MAX)
			return -ENOSPC;
		c = &cl->c[cl->n++];
		memset(c, 0, sizeof(*c));
		memcpy(&c->addr, a, alen);
		c->addrlen = alen;
	}
	c->level = CTRL_MSG_INFO;
	c->errors = 0;
	return 0;
}

static void remove_at(struct ctrl_clients *cl, unsigned i)
{
	cl->c[i] = cl->c[cl->n - 1];
	cl->n--;
}

int ctrl_clients_detach(struct ctrl_clients *cl, const struct sockaddr_un *a,
			socklen_t alen)
{
	for (unsigned i = 0; i < cl->n; i++) {
		if (same_addr(&cl->c[i], a, alen)) {
			remove_at(cl, i);
			return 0;
		}
	}
	return -ENOENT;
}

int ctrl_clients_level(struct ctrl_clients *cl, const struct sockaddr_un *a,
		       socklen_t alen, int level)
{
	struct ctrl_client *c = find(cl, a, alen);

	if (!c)
		return -ENOENT;
	c->level = level;
	return 0;
}

/* True when the client must go: its socket is gone, or it keeps failing. */
static bool send_failed(struct ctrl_clients *cl, struct ctrl_client *c,
			int err)
{
	if (err == ENOENT || err == ECONNREFUSED)
		return true;
	if (err == EAGAIN || err == EWOULDBLOCK) {
		cl->dropped++;
		return false;
	}
	c->errors++;
	return c->errors > CTRL_CLIENT_MAX_ERRORS;
}

unsigned ctrl_clients_send(struct ctrl_clients *cl, int fd, int level,
			   const char *text)
{
	char msg[EVENT_MAX];
	unsigned reached = 0;
	int n;

	n = snprintf(msg, sizeof(msg), "<%d>%s", level, text);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return 0; /* an event longer than a reply is a caller bug */

	for (unsigned i = 0; i < cl->n;) {
		struct ctrl_client *c = &cl->c[i];

		if (level < c->level) {
			i++;
			continue;
		}
		if (sendto(fd, msg, (size_t)n, MSG_DONTWAIT,
			   (const struct sockaddr *)&c->addr,
			   c->addrlen) >= 0) {
			c->errors = 0;
			reached++;
			i++;
		} else if (send_failed(cl, c, errno)) {
			remove_at(cl, i); /* i now holds the last client */
			cl->detached++;
		} else {
			i++;
		}
	}
	return reached;
}
