/*
 * test_port_tee.c - the recorder (core/port_tee.c) around a scripted
 * in-memory port: both directions recorded with their ts_ns and read back
 * through the input port, sends left to the echoes when the inner port
 * reports TX status, inner's results and errors passed through, the
 * ownership of inner on success and failure, an RX and a TX thread
 * recording at once (every record whole, each direction in order), and
 * the recording dissected cleanly by tshark (SKIP when absent).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rapd/bytes.h"
#include "rapd/ieee80211.h"
#include "rapd/port.h"

#define NTHREAD_FRAMES 3000 /* < 4096: the sequence number names each */

static char tmpdir[64];
static struct frame fr;

static const uint8_t ap[6] = {0x02, 0x00, 0x00, 0x00, 0x01, 0x00};
static const uint8_t sta[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

/*
 * The inner port: recv hands out n_rx frames, make_frame(i, false) or,
 * when bit i of echo_mask is set, the echo of make_frame(i, true), not
 * ACKed; then it ends (with end_error if set). send counts, or fails with
 * send_rc.
 */
struct mock {
	struct port port;
	int n_rx, i_rx;
	uint32_t echo_mask;
	int n_sent;
	int send_rc;
	const char *end_error;
	int closed;
	uint64_t last_tx_ts;
};

static const char *tmp_path(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/*
 * Authentication frame i (its sequence number), station to AP (rx) or AP
 * to station (tx).
 */
static void make_frame(struct frame *f, int i, bool tx)
{
	uint8_t *p = f->data, *end = f->data + FRAME_DATA_MAX;

	memset(f, 0, offsetof(struct frame, data));
	p = wlan_put_mgmt_hdr(p, end, WLAN_STYPE_AUTH, tx ? sta : ap,
			      tx ? ap : sta, ap, (uint16_t)(i & 0xfff));
	p = wlan_put_auth(p, end, WLAN_AUTH_OPEN, tx ? 2 : 1,
			  WLAN_STATUS_SUCCESS);
	f->len = (uint32_t)(p - f->data);
	f->ts_ns = 1000000000ull * (uint64_t)(i + 1) + (tx ? 500 : 0);
	if (!tx) {
		f->signal_dbm = -42;
		f->rate_500k = 2;
		f->freq_mhz = 2412;
	}
}

static int mock_recv(struct port *p, struct frame *f)
{
	struct mock *m = (struct mock *)p;

	if (m->i_rx >= m->n_rx) {
		if (m->end_error)
			snprintf(p->rx_error, sizeof(p->rx_error), "%s",
				 m->end_error);
		return PORT_RECV_END;
	}
	if (m->i_rx < 32 && (m->echo_mask >> m->i_rx & 1)) {
		make_frame(f, m->i_rx++, true);
		f->flags = FRAME_F_TX_STATUS;
	} else {
		make_frame(f, m->i_rx++, false);
	}
	return PORT_RECV_GOT;
}

static int mock_send(struct port *p, const struct frame *f)
{
	struct mock *m = (struct mock *)p;

	if (m->send_rc)
		return m->send_rc;
	m->n_sent++;
	m->last_tx_ts = f->ts_ns;
	return 0;
}

static int mock_close(struct port *p)
{
	((struct mock *)p)->closed++;
	return 0;
}

static const struct port_ops mock_ops = {
	.recv = mock_recv,
	.send = mock_send,
	.close = mock_close,
};

static void mock_init(struct mock *m, unsigned caps, int n_rx)
{
	memset(m, 0, sizeof(*m));
	m->port.ops = &mock_ops;
	m->port.caps = caps;
	m->n_rx = n_rx;
}

static struct port *open_tee(struct mock *m, const char *path)
{
	char err[256] = "";
	struct port *t = port_tee_open(&m->port, path, 2, err, sizeof(err));

	if (!t)
		fprintf(stderr, "  open: %s\n", err);
	CHECK(t != NULL);
	return t;
}

static struct port *open_in(const char *path)
{
	char err[256] = "";
	struct port *p = port_pcap_in_open(path, err, sizeof(err));

	if (!p)
		fprintf(stderr, "  open: %s\n", err);
	CHECK(p != NULL);
	return p;
}

/*
 * Reads the next record and compares it with make_frame(i, tx), read back
 * with flags and rate.
 */
static void check_next(struct port *in, int i, bool tx, uint16_t flags,
		       uint8_t rate)
{
	static struct frame want;

	make_frame(&want, i, tx);
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(fr.len, want.len);
	CHECK_MEM(fr.data, want.data, want.len);
	CHECK(fr.ts_ns == want.ts_ns);
	CHECK_EQ_INT(fr.flags, flags);
	CHECK_EQ_INT(fr.rate_500k, rate);
	CHECK_EQ_INT(fr.signal_dbm, want.signal_dbm);
	CHECK_EQ_INT(fr.freq_mhz, want.freq_mhz);
}

/* No TX status from inner: received and sent frames both recorded. */
static void test_both_directions(void)
{
	const char *path = tmp_path("both.pcap");
	struct port_tee_stats st;
	struct port *t, *in;
	struct mock m;
	int i;

	mock_init(&m, 0, 2);
	t = open_tee(&m, path);
	if (!t)
		return;
	CHECK_EQ_INT(t->caps, 0);
	for (i = 0; i < 2; i++) {
		CHECK_EQ_INT(port_recv(t, &fr), PORT_RECV_GOT);
		make_frame(&fr, i, true);
		CHECK_EQ_INT(port_send(t, &fr), 0);
	}
	CHECK_EQ_INT(m.n_sent, 2);
	CHECK(m.last_tx_ts == fr.ts_ns);
	CHECK_EQ_INT(port_recv(t, &fr), PORT_RECV_END);
	CHECK(port_rx_error(t) == NULL);
	CHECK_EQ_INT(port_tee_stats(t, &st), 0);
	CHECK_EQ_INT(st.rx_written, 2);
	CHECK_EQ_INT(st.tx_written, 2);
	CHECK_EQ_INT(st.write_errors, 0);
	CHECK_EQ_INT(port_close(t), 0);
	CHECK_EQ_INT(m.closed, 1);
	in = open_in(path);
	if (!in)
		return;
	for (i = 0; i < 2; i++) {
		check_next(in, i, false, 0, 2);
		check_next(in, i, true, FRAME_F_TX_STATUS | FRAME_F_ACKED, 2);
	}
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_END);
	port_close(in);
	unlink(path);
}

/* Inner reports TX status: the echo is the record, the send is not. */
static void test_echo_stands_for_send(void)
{
	const char *path = tmp_path("echo.pcap");
	struct port_tee_stats st;
	struct port *t, *in;
	struct mock m;

	mock_init(&m, PORT_CAP_TX_STATUS, 1);
	m.echo_mask = 1;
	t = open_tee(&m, path);
	if (!t)
		return;
	CHECK_EQ_INT(t->caps, PORT_CAP_TX_STATUS);
	make_frame(&fr, 0, true);
	CHECK_EQ_INT(port_send(t, &fr), 0);
	CHECK_EQ_INT(m.n_sent, 1);
	/* The echo: here the frame came back not ACKed. */
	CHECK_EQ_INT(port_recv(t, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(port_tee_stats(t, &st), 0);
	CHECK_EQ_INT(st.tx_written, 0);
	CHECK_EQ_INT(st.rx_written, 1);
	port_close(t);
	in = open_in(path);
	if (!in)
		return;
	check_next(in, 0, true, FRAME_F_TX_STATUS, 0);
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_END);
	port_close(in);
	unlink(path);
}

/* inner's failures come through; a refused frame is not recorded. */
static void test_inner_results(void)
{
	const char *path = tmp_path("fail.pcap");
	struct port_tee_stats st;
	struct port *t;
	struct mock m;

	mock_init(&m, 0, 0);
	m.send_rc = -EIO;
	m.end_error = "medium torn down";
	t = open_tee(&m, path);
	if (!t)
		return;
	make_frame(&fr, 0, true);
	CHECK_EQ_INT(port_send(t, &fr), -EIO);
	CHECK_EQ_INT(port_recv(t, &fr), PORT_RECV_END);
	CHECK(port_rx_error(t) != NULL);
	if (port_rx_error(t))
		CHECK(strcmp(port_rx_error(t), "medium torn down") == 0);
	/* A frame the writer refuses is counted, inner still got it. */
	m.send_rc = 0;
	fr.len = 4;
	CHECK_EQ_INT(port_send(t, &fr), 0);
	CHECK_EQ_INT(port_tee_stats(t, &st), 0);
	CHECK_EQ_INT(st.tx_written, 0);
	CHECK_EQ_INT(st.write_errors, 1);
	CHECK_EQ_INT(port_tee_stats(&m.port, &st), -EINVAL);
	CHECK_EQ_INT(port_close(t), -EIO);
	CHECK_EQ_INT(m.closed, 1);
	unlink(path);
}

/* Failing to open leaves inner to the caller. */
static void test_open_fail(void)
{
	char err[256] = "";
	struct mock m;

	mock_init(&m, 0, 0);
	CHECK(port_tee_open(&m.port, tmp_path("no/dir/x.pcap"), 2, err,
			    sizeof(err)) == NULL);
	CHECK(strstr(err, "no/dir/x.pcap") != NULL);
	CHECK_EQ_INT(m.closed, 0);
}

static void *rx_thread(void *arg)
{
	static struct frame f;
	struct port *t = arg;
	int n = 0;

	while (port_recv(t, &f) == PORT_RECV_GOT)
		n++;
	return (void *)(intptr_t)n;
}

static void *tx_thread(void *arg)
{
	static struct frame f;
	struct port *t = arg;
	int i, bad = 0;

	for (i = 0; i < NTHREAD_FRAMES; i++) {
		make_frame(&f, i, true);
		bad += port_send(t, &f) != 0;
	}
	return (void *)(intptr_t)bad;
}

/*
 * The RX and TX threads record at once: every record is whole and each
 * direction keeps its order (the two interleave as they reached the lock).
 */
static void test_two_threads(void)
{
	const char *path = tmp_path("threads.pcap");
	int next[2] = {0, 0};
	struct port *t, *in;
	pthread_t rx, tx;
	void *n_rx, *bad_tx;
	struct mock m;
	bool is_tx;

	mock_init(&m, 0, NTHREAD_FRAMES);
	t = open_tee(&m, path);
	if (!t)
		return;
	CHECK(pthread_create(&rx, NULL, rx_thread, t) == 0);
	CHECK(pthread_create(&tx, NULL, tx_thread, t) == 0);
	pthread_join(rx, &n_rx);
	pthread_join(tx, &bad_tx);
	CHECK_EQ_INT((intptr_t)n_rx, NTHREAD_FRAMES);
	CHECK_EQ_INT((intptr_t)bad_tx, 0);
	CHECK_EQ_INT(port_close(t), 0);
	in = open_in(path);
	if (!in)
		return;
	while (next[0] + next[1] < 2 * NTHREAD_FRAMES) {
		if (port_recv(in, &fr) != PORT_RECV_GOT)
			break;
		is_tx = fr.flags & FRAME_F_TX_STATUS;
		CHECK_EQ_INT(fr.len, 30);
		CHECK_EQ_INT(get_le16(fr.data + 22) >> 4, next[is_tx]);
		CHECK(mac_equal(fr.data + 4, is_tx ? sta : ap));
		next[is_tx]++;
	}
	CHECK_EQ_INT(next[0], NTHREAD_FRAMES);
	CHECK_EQ_INT(next[1], NTHREAD_FRAMES);
	CHECK_EQ_INT(port_recv(in, &fr), PORT_RECV_END);
	port_close(in);
	unlink(path);
}

/* The recording dissects without malformed or error-level expert info. */
static void test_tshark_clean(void)
{
	const char *path = tmp_path("ts.pcap");
	char cmd[512], out[1024] = "";
	struct port *t;
	struct mock m;
	FILE *pp;
	size_t n;

	if (system("command -v tshark >/dev/null 2>&1") != 0)
		SKIP("tshark absent");
	mock_init(&m, 0, 2);
	m.echo_mask = 2; /* a received frame, then an echo not ACKed */
	t = open_tee(&m, path);
	if (!t)
		return;
	CHECK_EQ_INT(port_recv(t, &fr), PORT_RECV_GOT);
	make_frame(&fr, 0, true);
	CHECK_EQ_INT(port_send(t, &fr), 0);
	CHECK_EQ_INT(port_recv(t, &fr), PORT_RECV_GOT);
	CHECK_EQ_INT(port_close(t), 0);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -Y '_ws.malformed || "
		 "_ws.expert.severity >= error' -T fields -e frame.number "
		 "2>/dev/null; tshark -r %s 2>/dev/null | wc -l",
		 path, path);
	pp = popen(cmd, "r");
	CHECK(pp != NULL);
	if (!pp)
		return;
	n = fread(out, 1, sizeof(out) - 1, pp);
	out[n] = 0;
	CHECK_EQ_INT(pclose(pp), 0);
	/* Nothing flagged, then the count of frames tshark read. */
	CHECK(strcmp(out, "3\n") == 0);
	if (strcmp(out, "3\n"))
		fprintf(stderr, "  tshark:\n%s", out);
	unlink(path);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rapd-test-port-tee-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	check_begin("test_port_tee");
	RUN(test_both_directions);
	RUN(test_echo_stands_for_send);
	RUN(test_inner_results);
	RUN(test_open_fail);
	RUN(test_two_threads);
	RUN(test_tshark_clean);
	rmdir(tmpdir);
	return check_end();
}
