/*
 * rng.c - nonce sources: the kernel's CSPRNG through getrandom(2), or a
 * deterministic generator for --seed, replay and benchmarks.
 *
 * ANonces must be random and unpredictable (12.7.5, 12.7.6.2); system mode
 * reads getrandom(2) directly (no stdio, no open file: reading
 * /dev/urandom through stdio costs ~15 us). Seeded mode is xoshiro256**
 * (Blackman and Vigna), its state filled by two splitmix64 sequences, one
 * from the seed and one from the stream, so that the same (seed, stream)
 * gives the same bytes on every run and machine and different streams
 * (e.g. one per worker or station) do not overlap in practice. Output
 * bytes are taken little-endian from each 64-bit word, independent of the
 * host's byte order. Seeded mode is NOT secret: it is refused live.
 *
 * A struct crypto_rng belongs to one thread.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>

#include "rapd/crypto.h"

/* Keeps seed 0 / stream 0 away from the all-zero splitmix start. */
#define STREAM_SALT 0x6a09e667f3bcc909ULL

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t xoshiro256ss(uint64_t s[4])
{
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

void crypto_rng_init_system(struct crypto_rng *rng)
{
	OPENSSL_cleanse(rng, sizeof(*rng));
	rng->seeded = false;
}

void crypto_rng_init_seeded(struct crypto_rng *rng, uint64_t seed,
			    uint64_t stream)
{
	uint64_t a = seed, b = stream ^ STREAM_SALT;

	rng->seeded = true;
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&a) ^ splitmix64(&b);
	/* xoshiro's one forbidden state; unreachable in practice. */
	if (!(rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]))
		rng->s[0] = 1;
}

static int system_bytes(uint8_t *out, size_t len)
{
	while (len) {
		ssize_t got = getrandom(out, len, 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		out += got;
		len -= (size_t)got;
	}
	return 0;
}

int crypto_rng_bytes(struct crypto_rng *rng, uint8_t *out, size_t len)
{
	if (!rng->seeded)
		return system_bytes(out, len);
	while (len) {
		uint64_t w = xoshiro256ss(rng->s);

		for (int i = 0; i < 8 && len; i++, len--, w >>= 8)
			*out++ = (uint8_t)w;
	}
	return 0;
}
