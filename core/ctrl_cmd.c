/*
 * ctrl_cmd.c - the control interface's dispatcher: one request in, the
 * reply bytes out, with hostapd's layouts so hostapd_cli parses them.
 *
 * Called by ctrl_handle() on the main thread (and by the fuzz target);
 * pure apart from the backend ops it calls and the client table it is
 * given. Owns nothing; writes only into the caller's reply buffer, with
 * a bound on every write. The key=value layouts are in ctrl_fmt.c.
 *
 * Follows hostapd/ctrl_iface.c hostapd_ctrl_iface_receive_process and
 * src/ap/ctrl_iface_ap.c (STA, STATUS, DEAUTHENTICATE), ctrl_iface_common.c
 * (ATTACH, DETACH, LEVEL): a command either matches exactly ("PING") or
 * is a name and a space followed by arguments ("STA <mac>"). Replies:
 * "OK\n" by default, "FAIL\n" on any error, "UNKNOWN COMMAND\n", "PONG\n";
 * key=value lines; STA* put the bare MAC on the first line, and STA-NEXT
 * after the last station is an empty reply. Where hostapd accepts
 * trailing garbage (atoi, a MAC followed by anything), rapd is strict and
 * answers FAIL.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/bytes.h>

#include "ctrl_pvt.h"

#define WLAN_REASON_PREV_AUTH_NOT_VALID 2

/* ---- argument parsing -------------------------------------------------- */

/* Splits the first space-separated token off *s: returns it, NUL ended,
 * and leaves *s after the space (or at the NUL). */
static char *next_token(char **s)
{
	char *tok = *s, *sp = strchr(tok, ' ');

	if (sp) {
		*sp = '\0';
		*s = sp + 1;
	} else {
		*s = tok + strlen(tok);
	}
	return tok;
}

/* A decimal in [0, max] with nothing after it; -1 otherwise. */
static long parse_uint(const char *s, long max)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

/* ---- STA, STA-FIRST, STA-NEXT ------------------------------------------ */

enum reply {
	REPLY_OK,   /* "OK\n" */
	REPLY_FAIL, /* "FAIL\n" */
	REPLY_TEXT, /* what the handler wrote, possibly nothing */
};

typedef enum reply (*cmd_fn)(const struct ctrl_req *rq, char *args,
			     struct ctrl_out *o);

static enum reply sta_reply(struct ctrl_out *o, int err,
			    const struct ctrl_sta_info *s)
{
	if (err)
		return REPLY_FAIL;
	ctrl_fmt_sta(o, s);
	return REPLY_TEXT;
}

static enum reply cmd_sta_first(const struct ctrl_req *rq, char *args,
				struct ctrl_out *o)
{
	struct ctrl_sta_info s = { 0 };
	int err = rq->ops->sta_first(rq->arg, &s);

	if (err == -ENOENT)
		return REPLY_TEXT; /* no station: an empty reply */
	return sta_reply(o, err, &s);
}

static enum reply cmd_sta(const struct ctrl_req *rq, char *args,
			  struct ctrl_out *o)
{
	struct ctrl_sta_info s = { 0 };
	uint8_t mac[6];

	if (mac_parse(args, mac))
		return REPLY_FAIL;
	return sta_reply(o, rq->ops->sta_get(rq->arg, mac, &s), &s);
}

static enum reply cmd_sta_next(const struct ctrl_req *rq, char *args,
			       struct ctrl_out *o)
{
	struct ctrl_sta_info s = { 0 };
	uint8_t mac[6];
	int err;

	if (mac_parse(args, mac))
		return REPLY_FAIL; /* also "STA-NEXT " that ends all_sta */
	err = rq->ops->sta_next(rq->arg, mac, &s);
	if (err == -ENODATA)
		return REPLY_TEXT; /* after the last: an empty reply */
	return sta_reply(o, err, &s);
}

/* ---- DEAUTHENTICATE, DISASSOCIATE ------------------------------------- */

/* "<mac> [reason=N] [tx=0|1]". */
static enum reply kick(const struct ctrl_req *rq, char *args, bool deauth)
{
	long reason = WLAN_REASON_PREV_AUTH_NOT_VALID;
	bool tx = true;
	uint8_t mac[6];
	int err;

	if (mac_parse(next_token(&args), mac))
		return REPLY_FAIL;
	while (*args) {
		char *tok = next_token(&args);

		if (!strncmp(tok, "reason=", 7))
			reason = parse_uint(tok + 7, 0xffff);
		else if (!strcmp(tok, "tx=0") || !strcmp(tok, "tx=1"))
			tx = tok[3] == '1';
		else if (*tok) /* test=, p2p=: not supported */
			return REPLY_FAIL;
		if (reason < 0)
			return REPLY_FAIL;
	}
	if (deauth)
		err = rq->ops->deauth(rq->arg, mac, (uint16_t)reason, tx);
	else
		err = rq->ops->disassoc(rq->arg, mac, (uint16_t)reason, tx);
	return err ? REPLY_FAIL : REPLY_OK;
}

static enum reply cmd_deauth(const struct ctrl_req *rq, char *args,
			     struct ctrl_out *o)
{
	return kick(rq, args, true);
}

static enum reply cmd_disassoc(const struct ctrl_req *rq, char *args,
			       struct ctrl_out *o)
{
	return kick(rq, args, false);
}

/* ---- STATUS, GET_CONFIG ------------------------------------------------ */


static enum reply cmd_status(const struct ctrl_req *rq, char *args,
			     struct ctrl_out *o)
{
	struct ctrl_status st = { 0 };

	if (rq->ops->status(rq->arg, &st))
		return REPLY_FAIL;
	ctrl_fmt_status(o, &st);
	return REPLY_TEXT;
}


static enum reply cmd_get_config(const struct ctrl_req *rq, char *args,
				 struct ctrl_out *o)
{
	struct ctrl_config cf = { 0 };

	if (rq->ops->get_config(rq->arg, &cf))
		return REPLY_FAIL;
	ctrl_fmt_config(o, &cf);
	return REPLY_TEXT;
}

/* ---- PING, state changes, free text ------------------------------------ */

static enum reply cmd_ping(const struct ctrl_req *rq, char *args,
			   struct ctrl_out *o)
{
	ctrl_out_printf(o, "PONG\n");
	return REPLY_TEXT;
}

static enum reply errno_reply(int err)
{
	return err ? REPLY_FAIL : REPLY_OK;
}

static enum reply cmd_reload(const struct ctrl_req *rq, char *args,
			     struct ctrl_out *o)
{
	return errno_reply(rq->ops->reload(rq->arg, false));
}

static enum reply cmd_reload_config(const struct ctrl_req *rq, char *args,
				    struct ctrl_out *o)
{
	return errno_reply(rq->ops->reload(rq->arg, true));
}

static enum reply cmd_enable(const struct ctrl_req *rq, char *args,
			     struct ctrl_out *o)
{
	return errno_reply(rq->ops->enable(rq->arg));
}

static enum reply cmd_disable(const struct ctrl_req *rq, char *args,
			      struct ctrl_out *o)
{
	return errno_reply(rq->ops->disable(rq->arg));
}

static enum reply cmd_terminate(const struct ctrl_req *rq, char *args,
				struct ctrl_out *o)
{
	rq->ops->terminate(rq->arg);
	return REPLY_OK;
}

/* Free text from the backend, bounded by what is left of the reply. */
static enum reply backend_text(struct ctrl_out *o, int n)
{
	if (n < 0 || (size_t)n > o->cap - o->len)
		return REPLY_FAIL;
	o->len += (size_t)n;
	return REPLY_TEXT;
}

static enum reply cmd_mib(const struct ctrl_req *rq, char *args,
			  struct ctrl_out *o)
{
	return backend_text(o, rq->ops->mib(rq->arg, o->buf + o->len,
					    o->cap - o->len));
}

static enum reply cmd_stats(const struct ctrl_req *rq, char *args,
			    struct ctrl_out *o)
{
	return backend_text(o, rq->ops->stats(rq->arg, o->buf + o->len,
					      o->cap - o->len));
}

/* ---- ATTACH, DETACH, LEVEL, LOG_LEVEL ----------------------------------- */

static enum reply cmd_attach(const struct ctrl_req *rq, char *args,
			     struct ctrl_out *o)
{
	return errno_reply(ctrl_clients_attach(rq->clients, rq->from,
					       rq->fromlen));
}

static enum reply cmd_detach(const struct ctrl_req *rq, char *args,
			     struct ctrl_out *o)
{
	return errno_reply(ctrl_clients_detach(rq->clients, rq->from,
					       rq->fromlen));
}

static enum reply cmd_level(const struct ctrl_req *rq, char *args,
			    struct ctrl_out *o)
{
	long level = parse_uint(args, CTRL_MSG_ERROR);

	if (level < 0)
		return REPLY_FAIL;
	return errno_reply(ctrl_clients_level(rq->clients, rq->from,
					      rq->fromlen, (int)level));
}

static const char *const level_names[] = {
	[CTRL_MSG_EXCESSIVE] = "EXCESSIVE", [CTRL_MSG_MSGDUMP] = "MSGDUMP",
	[CTRL_MSG_DEBUG] = "DEBUG",	    [CTRL_MSG_INFO] = "INFO",
	[CTRL_MSG_WARNING] = "WARNING",	    [CTRL_MSG_ERROR] = "ERROR",
};

static enum reply log_level_show(const struct ctrl_req *rq, struct ctrl_out *o)
{
	int level = CTRL_MSG_INFO;
	bool stamp = false;
	const char *name = "?";

	rq->ops->log_level_get(rq->arg, &level, &stamp);
	if (level >= 0 && (size_t)level < RAPD_ARRAY_SIZE(level_names))
		name = level_names[level];
	ctrl_out_printf(o, "Current level: %s\nTimestamp: %d\n", name, stamp);
	return REPLY_TEXT;
}

/* "LOG_LEVEL" shows; "LOG_LEVEL <name> [<timestamp 0|1>]" sets. */
static enum reply cmd_log_level(const struct ctrl_req *rq, char *args,
				struct ctrl_out *o)
{
	char *name;
	long stamp = -1;
	int level = -1;

	while (*args == ' ')
		args++;
	if (!*args)
		return log_level_show(rq, o);
	name = next_token(&args);
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(level_names); i++)
		if (!strcasecmp(name, level_names[i]))
			level = (int)i;
	if (*args)
		stamp = parse_uint(args, 1);
	if (level < 0 || (*args && stamp < 0))
		return REPLY_FAIL;
	return errno_reply(rq->ops->log_level_set(rq->arg, level, (int)stamp));
}

/* ---- ACCEPT_ACL, DENY_ACL ---------------------------------------------- */

static enum reply acl_show(const struct ctrl_req *rq, enum ctrl_acl_list l,
			   struct ctrl_out *o)
{
	uint8_t mac[6];

	for (unsigned i = 0; !rq->ops->acl_entry(rq->arg, l, i, mac); i++)
		if (!ctrl_fmt_acl_entry(o, mac))
			break;
	return REPLY_TEXT;
}

/* "ADD_MAC <mac>", "DEL_MAC <mac>", "SHOW", "CLEAR". */
static enum reply acl_cmd(const struct ctrl_req *rq, enum ctrl_acl_list l,
			  char *args, struct ctrl_out *o)
{
	char *sub = next_token(&args);
	enum ctrl_acl_op op;
	uint8_t mac[6];

	if (!strcmp(sub, "SHOW") && !*args)
		return acl_show(rq, l, o);
	if (!strcmp(sub, "CLEAR") && !*args)
		return errno_reply(rq->ops->acl(rq->arg, l, CTRL_ACL_CLEAR,
						NULL));
	if (!strcmp(sub, "ADD_MAC"))
		op = CTRL_ACL_ADD;
	else if (!strcmp(sub, "DEL_MAC"))
		op = CTRL_ACL_DEL;
	else
		return REPLY_FAIL;
	if (mac_parse(args, mac))
		return REPLY_FAIL;
	return errno_reply(rq->ops->acl(rq->arg, l, op, mac));
}

static enum reply cmd_accept_acl(const struct ctrl_req *rq, char *args,
				 struct ctrl_out *o)
{
	return acl_cmd(rq, CTRL_ACL_ACCEPT, args, o);
}

static enum reply cmd_deny_acl(const struct ctrl_req *rq, char *args,
			       struct ctrl_out *o)
{
	return acl_cmd(rq, CTRL_ACL_DENY, args, o);
}

/* ---- the table --------------------------------------------------------- */

/* A name ending in a space takes arguments; any other matches exactly. */
static const struct {
	const char *name;
	cmd_fn fn;
} commands[] = {
	{ "PING", cmd_ping },
	{ "STATUS", cmd_status },
	{ "MIB", cmd_mib },
	{ "STATS", cmd_stats },
	{ "STA-FIRST", cmd_sta_first },
	{ "STA ", cmd_sta },
	{ "STA-NEXT ", cmd_sta_next },
	{ "ATTACH", cmd_attach },
	{ "DETACH", cmd_detach },
	{ "LEVEL ", cmd_level },
	{ "DEAUTHENTICATE ", cmd_deauth },
	{ "DISASSOCIATE ", cmd_disassoc },
	{ "GET_CONFIG", cmd_get_config },
	{ "RELOAD", cmd_reload },
	{ "RELOAD_CONFIG", cmd_reload_config },
	{ "ENABLE", cmd_enable },
	{ "DISABLE", cmd_disable },
	{ "TERMINATE", cmd_terminate },
	{ "LOG_LEVEL", cmd_log_level },
	{ "LOG_LEVEL ", cmd_log_level },
	{ "ACCEPT_ACL ", cmd_accept_acl },
	{ "DENY_ACL ", cmd_deny_acl },
};

/* The handler for cmd, and where its arguments start; NULL if unknown. */
static cmd_fn lookup(char *cmd, char **args)
{
	for (size_t i = 0; i < RAPD_ARRAY_SIZE(commands); i++) {
		const char *name = commands[i].name;
		size_t n = strlen(name);

		if (name[n - 1] == ' ' ? !strncmp(cmd, name, n)
				       : !strcmp(cmd, name)) {
			*args = cmd + n; /* "" after an exact name */
			return commands[i].fn;
		}
	}
	return NULL;
}

static size_t put_fixed(char *reply, const char *text)
{
	size_t n = strlen(text);

	memcpy(reply, text, n);
	return n;
}

size_t ctrl_cmd_process(const struct ctrl_req *rq, const char *req,
			size_t len, char *reply, size_t cap)
{
	char cmd[CTRL_REQUEST_MAX + 1];
	struct ctrl_out o = { .buf = reply, .cap = cap };
	char *args;
	cmd_fn fn;

	if (len > CTRL_REQUEST_MAX)
		return put_fixed(reply, "FAIL\n");
	memcpy(cmd, req, len);
	cmd[len] = '\0'; /* an embedded NUL ends the command, as in hostapd */
	fn = lookup(cmd, &args);
	if (!fn)
		return put_fixed(reply, "UNKNOWN COMMAND\n");
	switch (fn(rq, args, &o)) {
	case REPLY_OK:
		return put_fixed(reply, "OK\n");
	case REPLY_FAIL:
		return put_fixed(reply, "FAIL\n");
	case REPLY_TEXT:
		return o.len;
	}
	return put_fixed(reply, "FAIL\n");
}
