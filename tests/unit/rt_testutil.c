/*
 * rt_testutil.c - the radiotap tests' walk recorder (see rt_testutil.h).
 * Test code only, one thread; owns nothing.
 */
#include "rt_testutil.h"

#include "check.h"
#include "rapd/bytes.h"

void rtt_walk(const uint8_t *buf, size_t len,
	      const struct rt_iter_opts *opts, struct rtt_walk *w)
{
	struct rt_iter it;
	int r;

	memset(w, 0, sizeof(*w));
	r = rt_iter_init(&it, buf, len, opts);
	if (r != RT_OK) {
		w->rc = r;
		CHECK_EQ_INT(rt_iter_next(&it), r); /* init errors stick */
		return;
	}
	while ((r = rt_iter_next(&it)) > 0) {
		struct rtt_item *i = &w->items[w->n];

		CHECK(r == 1);
		CHECK(it.data >= buf && it.data + it.size <= buf + it.len);
		if (w->n == (int)RAPD_ARRAY_SIZE(w->items))
			break;
		i->ns = it.ns;
		i->index = it.index;
		i->off = (size_t)(it.data - buf);
		i->size = it.size;
		memcpy(i->oui, it.oui, 3);
		i->subns = it.subns;
		w->n++;
	}
	w->rc = r;
	w->end = it.end;
	w->end_index = it.index;
	/* The end, or the error, sticks. */
	CHECK_EQ_INT(rt_iter_next(&it), r);
}

void rtt_check_item(const struct rtt_walk *w, int k, enum rt_ns ns,
		    unsigned int index, size_t off, size_t size)
{
	CHECK(k < w->n);
	if (k >= w->n)
		return;
	CHECK_EQ_INT(w->items[k].ns, ns);
	CHECK_EQ_INT(w->items[k].index, index);
	CHECK_EQ_INT(w->items[k].off, off);
	CHECK_EQ_INT(w->items[k].size, size);
}
