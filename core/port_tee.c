/*
 * port_tee.c - the recorder: a port that wraps another (the sim medium)
 * and writes both directions of its traffic to a pcap file with radiotap,
 * each frame stamped with its ts_ns, so `rapd --simulate N --record FILE`
 * can be replayed through port_pcap_in.
 *
 * Called by the RX thread (recv: inner's recv, then the frame recorded as
 * received) and the TX thread (send: inner's send, then, when inner has no
 * TX status, the frame recorded as sent). Owns inner and the pcap output
 * port it records into (port_pcap_out.c).
 *
 * Shared between the two threads: the pcap writer (its record buffer and
 * stdio stream) and the counters. They are guarded by one mutex, held
 * only around port_pcap_out_write() (a header, a memcpy of at most
 * FRAME_DATA_MAX bytes and an fwrite into stdio's buffer). That lock is
 * chosen over a lock-free hand-off (one SPSC ring per direction drained
 * by a writer thread) on purpose: recording is a debugging and test aid,
 * not the benchmark path; when inner reports TX status only the RX thread
 * records, so the lock is never contended; otherwise the file gets the
 * two directions in the order the threads reached the lock, which a
 * replay does not depend on (each record carries its ts_ns); and a ring
 * would need a third thread and a bound whose overflow would silently
 * lose frames from the recording. inner's own recv and send run outside
 * the lock, as they would without the recorder.
 */
#include "rapd/port.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tee {
	struct port port; /* first: the port handed out */
	struct port *inner;
	struct port *out;     /* a pcap output port */
	bool record_tx;	      /* inner has no TX status echoes */
	pthread_mutex_t lock; /* guards out and stats */
	struct port_tee_stats stats;
};

static const struct port_ops tee_ops;

static struct tee *to_tee(struct port *p)
{
	return (struct tee *)p;
}

static void tee_record(struct tee *t, const struct frame *f, enum port_dir dir)
{
	int rc;

	pthread_mutex_lock(&t->lock);
	rc = port_pcap_out_write(t->out, f, dir);
	if (rc < 0)
		t->stats.write_errors++;
	else if (dir == PORT_DIR_RX)
		t->stats.rx_written++;
	else
		t->stats.tx_written++;
	pthread_mutex_unlock(&t->lock);
}

static int tee_recv(struct port *p, struct frame *f)
{
	struct tee *t = to_tee(p);
	int rc = port_recv(t->inner, f);

	if (rc == PORT_RECV_GOT)
		tee_record(t, f, PORT_DIR_RX);
	else if (rc == PORT_RECV_END)
		memcpy(p->rx_error, t->inner->rx_error, sizeof(p->rx_error));
	return rc;
}

static int tee_send(struct port *p, const struct frame *f)
{
	struct tee *t = to_tee(p);
	int rc = port_send(t->inner, f);

	/* A frame inner refused never went out: nothing to record. */
	if (rc == 0 && t->record_tx)
		tee_record(t, f, PORT_DIR_TX);
	return rc;
}

static int tee_close(struct port *p)
{
	struct tee *t = to_tee(p);
	int rc_inner = port_close(t->inner);
	int rc_out = port_close(t->out);
	bool lost = t->stats.write_errors != 0;

	pthread_mutex_destroy(&t->lock);
	free(t);
	if (rc_inner)
		return rc_inner;
	if (rc_out)
		return rc_out;
	return lost ? -EIO : 0;
}

static const struct port_ops tee_ops = {
	.recv = tee_recv,
	.send = tee_send,
	.close = tee_close,
};

struct port *port_tee_open(struct port *inner, const char *path,
			   uint8_t default_rate_500k, char *err, size_t errlen)
{
	struct tee *t = calloc(1, sizeof(*t));
	int rc;

	if (!t) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	rc = pthread_mutex_init(&t->lock, NULL);
	if (rc) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(rc));
		free(t);
		return NULL;
	}
	t->out = port_pcap_out_open(path, default_rate_500k, err, errlen);
	if (!t->out) {
		pthread_mutex_destroy(&t->lock);
		free(t);
		return NULL;
	}
	t->port.ops = &tee_ops;
	t->port.caps = inner->caps;
	t->inner = inner;
	t->record_tx = !(inner->caps & PORT_CAP_TX_STATUS);
	return &t->port;
}

int port_tee_stats(struct port *p, struct port_tee_stats *st)
{
	struct tee *t;

	if (!p || p->ops != &tee_ops)
		return -EINVAL;
	t = to_tee(p);
	pthread_mutex_lock(&t->lock);
	*st = t->stats;
	pthread_mutex_unlock(&t->lock);
	return 0;
}
