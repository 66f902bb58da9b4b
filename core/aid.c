/*
 * aid.c - the lock-free AID bitmap (contract in include/rapd/aid.h).
 *
 * Called by the workers (association, disassociation, station expiry) and
 * by the main thread at start-up (aid_map_init). Owns nothing but the bits
 * of the caller's struct aid_map. AIDs are 1..2007 (IEEE 802.11-2020
 * 9.4.1.8); AID 0 is never handed out.
 *
 * Layout: AID a is bit (a % 64) of word[a / 64], so the class of shard s
 * ({a : a % 64 == s}) is bit s of every word. The bits of AID 0 and of
 * AIDs above max are set at init and never cleared, so a scan needs no
 * range check beyond the word count: a set bit is simply "not free".
 *
 * Every claim is one atomic fetch_or of a single bit: it succeeds when the
 * bit was clear before, and when another thread won the bit first it
 * changed nothing, so there is no CAS loop to undo. A claim that loses
 * moves on to the next candidate; the system as a whole always progresses
 * (lock-free).
 */
#include <errno.h>

#include "rapd/aid.h"

_Static_assert(RAPD_SHARDS == AID_WORD_BITS,
	       "a shard class must be one bit position of every word");

static uint64_t aid_bit(uint16_t aid)
{
	return (uint64_t)1 << (aid % AID_WORD_BITS);
}

/* The bits of AID 0 and of AIDs above max stay set: never free. */
static uint64_t aid_reserved_bits(unsigned int word, uint16_t max)
{
	uint64_t bits = 0;
	unsigned int b;

	for (b = 0; b < AID_WORD_BITS; b++) {
		unsigned int aid = word * AID_WORD_BITS + b;

		if (aid < AID_MIN || aid > max)
			bits |= (uint64_t)1 << b;
	}
	return bits;
}

void aid_map_init(struct aid_map *m, uint16_t max_aid)
{
	unsigned int i;

	if (max_aid == 0 || max_aid > AID_MAX)
		max_aid = AID_MAX;
	m->max = max_aid;
	for (i = 0; i < AID_WORDS; i++)
		atomic_init(&m->word[i], aid_reserved_bits(i, max_aid));
}

/* 1 when this call set the bit (the AID is now ours), 0 when it was taken. */
static int aid_claim(struct aid_map *m, unsigned int word, uint64_t bit)
{
	uint64_t old;

	/* A plain load first: a taken AID costs no write to a shared line. */
	if (atomic_load_explicit(&m->word[word], memory_order_relaxed) & bit)
		return 0;
	old = atomic_fetch_or_explicit(&m->word[word], bit,
				       memory_order_acq_rel);
	return !(old & bit);
}

/* Deterministic path: the lowest free AID of shard's class. */
static uint16_t aid_alloc_in_class(struct aid_map *m, unsigned int shard)
{
	unsigned int aid = shard ? shard : RAPD_SHARDS; /* AID 0 is reserved */

	for (; aid <= m->max; aid += RAPD_SHARDS)
		if (aid_claim(m, aid / AID_WORD_BITS, aid_bit((uint16_t)aid)))
			return (uint16_t)aid;
	return 0;
}

/* Fallback (timing-dependent, see aid.h): the highest free AID. */
static uint16_t aid_alloc_any(struct aid_map *m)
{
	unsigned int i = AID_WORDS;

	while (i-- > 0) {
		uint64_t used =
			atomic_load_explicit(&m->word[i], memory_order_relaxed);

		while (~used) {
			unsigned int b =
				63 - (unsigned int)__builtin_clzll(~used);
			uint64_t bit = (uint64_t)1 << b;
			uint64_t old = atomic_fetch_or_explicit(
				&m->word[i], bit, memory_order_acq_rel);

			if (!(old & bit))
				return (uint16_t)(i * AID_WORD_BITS + b);
			used = old | bit; /* lost it: look again at this word */
		}
	}
	return 0;
}

uint16_t aid_alloc(struct aid_map *m, unsigned int shard)
{
	uint16_t aid;

	if (shard >= RAPD_SHARDS)
		return 0;
	aid = aid_alloc_in_class(m, shard);
	if (aid)
		return aid;
	return aid_alloc_any(m);
}

int aid_free(struct aid_map *m, uint16_t aid)
{
	uint64_t bit, old;

	if (aid < AID_MIN || aid > m->max)
		return -EINVAL;
	bit = aid_bit(aid);
	old = atomic_fetch_and_explicit(&m->word[aid / AID_WORD_BITS], ~bit,
					memory_order_release);
	return (old & bit) ? 0 : -EINVAL;
}

bool aid_in_use(const struct aid_map *m, uint16_t aid)
{
	if (aid < AID_MIN || aid > m->max)
		return false;
	return atomic_load_explicit(&m->word[aid / AID_WORD_BITS],
				    memory_order_relaxed) &
	       aid_bit(aid);
}

unsigned int aid_count(const struct aid_map *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < AID_WORDS; i++) {
		uint64_t used =
			atomic_load_explicit(&m->word[i], memory_order_relaxed);

		n += (unsigned int)__builtin_popcountll(
			used & ~aid_reserved_bits(i, m->max));
	}
	return n;
}
