/*
 * conf_testutil.c - the shared state and parse helpers of the
 * configuration tests (see conf_testutil.h). Test code only, one thread.
 * Owns ct_conf (freed by the next ct_reset or the test's main) and the
 * copy of the last parse's diagnostics.
 */
#include "conf_testutil.h"

#define MSGS_MAX 400

static struct {
	unsigned n;
	char line[MSGS_MAX][256];
} msgs;
struct conf ct_conf;
struct conf_diag ct_diag;

static void collect(void *arg, enum conf_severity sev, const char *msg)
{
	(void)arg;
	(void)sev;
	if (msgs.n < MSGS_MAX)
		snprintf(msgs.line[msgs.n++], sizeof(msgs.line[0]), "%s", msg);
}

void ct_reset(void)
{
	conf_free(&ct_conf);
	conf_init(&ct_conf);
	memset(&msgs, 0, sizeof(msgs));
	ct_diag = (struct conf_diag){ .emit = collect };
}

int ct_parse_len(const char *text, size_t len)
{
	ct_reset();
	return conf_parse_buf("t.conf", text, len, &ct_conf, &ct_diag);
}

int ct_parse(const char *text)
{
	return ct_parse_len(text, strlen(text));
}

bool ct_has_msg(const char *want)
{
	for (unsigned i = 0; i < msgs.n; i++)
		if (!strcmp(msgs.line[i], want))
			return true;
	fprintf(stderr, "  missing message: %s\n  got %u:\n", want, msgs.n);
	for (unsigned i = 0; i < msgs.n && i < 10; i++)
		fprintf(stderr, "    %s\n", msgs.line[i]);
	return false;
}

bool ct_ssid_is(const char *want, size_t len)
{
	return ct_conf.ssid_len == len && !memcmp(ct_conf.ssid, want, len);
}
