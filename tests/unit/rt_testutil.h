/*
 * rt_testutil.h - what the radiotap tests (test_radiotap*.c) share: a walk
 * of a radiotap header with rt_iter_init/rt_iter_next that records every
 * item the iterator hands out, and a check of one recorded item.
 *
 * rtt_walk() CHECKs the iterator's own promises on the way (every item
 * lies inside the header, the end or the error sticks) and fills a
 * caller-owned struct rtt_walk; it keeps no pointer into the buffer.
 * Single-threaded test code.
 */
#ifndef RAPD_TEST_RT_TESTUTIL_H
#define RAPD_TEST_RT_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "rapd/radiotap.h"

struct rtt_item {
	enum rt_ns ns;
	unsigned int index;
	size_t off; /* of the field's data from the header start */
	size_t size;
	uint8_t oui[3];
	uint8_t subns;
};

struct rtt_walk {
	struct rtt_item items[32];
	int n;
	int rc; /* the final rt_iter_next() result, or init's verdict */
	enum rt_end end;
	unsigned int end_index;
};

/* Walks buf[0..len) with opts (NULL: no options) into w. */
void rtt_walk(const uint8_t *buf, size_t len,
	      const struct rt_iter_opts *opts, struct rtt_walk *w);
/* CHECKs that item k of w is field index of namespace ns at off, size. */
void rtt_check_item(const struct rtt_walk *w, int k, enum rt_ns ns,
		    unsigned int index, size_t off, size_t size);

#endif
