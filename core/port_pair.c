/*
 * port_pair.c - one port made of two: frames are received from one port
 * and sent to another. Replay reads a trace and writes what rapd sends to a
 * second file: port_pair(pcap_in, pcap_out).
 *
 * recv is the RX thread's and touches only the input port; send is the TX
 * thread's and touches only the output port: the two share nothing, so no
 * lock. The capabilities are the input's (a file gives no TX status).
 */
#include <rapd/port.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

struct port_pair {
	struct port port; /* first: the struct port * is the pair */
	struct port *in, *out;
};

static int pair_recv(struct port *p, struct frame *f)
{
	struct port_pair *pp = (struct port_pair *)p;
	int r = port_recv(pp->in, f);

	if (r == PORT_RECV_END && port_rx_error(pp->in))
		snprintf(p->rx_error, sizeof(p->rx_error), "%s",
			 port_rx_error(pp->in));
	return r;
}

static int pair_send(struct port *p, const struct frame *f)
{
	return port_send(((struct port_pair *)p)->out, f);
}

static int pair_close(struct port *p)
{
	struct port_pair *pp = (struct port_pair *)p;
	int a = port_close(pp->in), b = port_close(pp->out);

	free(pp);
	return a ? a : b;
}

static const struct port_ops pair_ops = {
	.recv = pair_recv,
	.send = pair_send,
	.close = pair_close,
};

struct port *port_pair_open(struct port *in, struct port *out)
{
	struct port_pair *pp = calloc(1, sizeof(*pp));

	if (!pp) {
		errno = ENOMEM;
		return NULL;
	}
	pp->port.ops = &pair_ops;
	pp->port.caps = in->caps;
	pp->in = in;
	pp->out = out;
	return &pp->port;
}
