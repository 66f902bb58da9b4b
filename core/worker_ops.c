/*
 * worker_ops.c - the services a worker gives mlme (struct ap_ops): AIDs,
 * the station-place count, the MAC ACL, nonces.
 *
 * Thread: the calling worker. The AID map and the place counter are
 * shared by all workers through atomics (no lock); the ACL lists are
 * read-only. Nonces: getrandom(2) through the worker's own generator, or
 * with --seed a stream of its own for each station and handshake, so a
 * replay gives the same nonces whatever worker the station lands on.
 */
#include "pipe_pvt.h"

#include <rapd/acl.h>

static uint16_t op_aid_alloc(void *arg, unsigned shard)
{
	struct pipe_worker *w = arg;

	return aid_alloc(&w->p->aids, shard);
}

static void op_aid_free(void *arg, uint16_t aid)
{
	struct pipe_worker *w = arg;

	aid_free(&w->p->aids, aid);
}

static bool op_count_inc(void *arg, unsigned max)
{
	struct pipe_worker *w = arg;
	unsigned n = atomic_load_explicit(&w->p->sta_places,
					  memory_order_relaxed);

	do {
		if (n >= max)
			return false;
	} while (!atomic_compare_exchange_weak_explicit(
		&w->p->sta_places, &n, n + 1, memory_order_relaxed,
		memory_order_relaxed));
	return true;
}

static void op_count_dec(void *arg)
{
	struct pipe_worker *w = arg;

	atomic_fetch_sub_explicit(&w->p->sta_places, 1, memory_order_relaxed);
}

/* mlme calls it under the worker's RCU read lock (worker.c). */
static bool op_acl_allows(void *arg, const uint8_t mac[6])
{
	struct pipe_worker *w = arg;
	const struct acl *a = rcu_dereference(w->p->acl);

	return !a || acl_allows(a, mac);
}

static int op_nonce(void *arg, const uint8_t sta[6], uint32_t handshake_no,
		    uint8_t out[32])
{
	struct pipe_worker *w = arg;
	struct crypto_rng rng;
	int r;

	if (!w->p->pp.seeded)
		return crypto_rng_bytes(&w->rng, out, 32);
	crypto_rng_init_seeded(&rng, w->p->pp.seed,
			       sta_mac_key(sta) << 16 ^ handshake_no);
	r = crypto_rng_bytes(&rng, out, 32);
	crypto_wipe(&rng, sizeof(rng));
	return r;
}

const struct ap_ops pipe_ap_ops = {
	.aid_alloc = op_aid_alloc,
	.aid_free = op_aid_free,
	.sta_count_inc = op_count_inc,
	.sta_count_dec = op_count_dec,
	.acl_allows = op_acl_allows,
	.nonce = op_nonce,
	.gtk_rsc = NULL,
};
