/*
 * crypto.h - the WPA2-PSK primitives rapd needs, over OpenSSL 3.
 *
 * Contract
 * - crypto_init() runs once, in the main thread, before any other thread
 *   starts: it fetches every OpenSSL algorithm rapd uses. After it, nothing
 *   in this module fetches an algorithm again, so no call below pays for a
 *   provider lookup.
 * - Keys are prepared once and reused: a struct crypto_hmac_key holds the
 *   precomputed inner and outer hash states of one key (the PMK of a network,
 *   the KCK of a station), so each MAC costs two compression runs and no
 *   allocation.
 * - struct crypto_ws is a per-thread workspace (AES contexts). It is not
 *   thread-safe: each worker owns one. Calls that take a ws do not allocate
 *   once the ws exists.
 * - Every function wipes its temporaries (OPENSSL_cleanse). Callers wipe
 *   the structures they own with crypto_wipe() before freeing them.
 * - Return values: 0 on success, -1 on failure (bad arguments, a failed
 *   integrity or MIC check, or an OpenSSL error); on -1 the output is
 *   wiped. Nothing here prints. The HMAC-based derivations cannot fail with
 *   valid arguments (OpenSSL's SHA1_Update and friends always return 1) but
 *   still report -1 if OpenSSL ever did.
 *
 * Clauses are IEEE Std 802.11-2020 unless said otherwise.
 */
#ifndef RAPD_CRYPTO_H
#define RAPD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_PMK_LEN 32
#define CRYPTO_NONCE_LEN 32
#define CRYPTO_KCK_LEN 16
#define CRYPTO_KEK_LEN 16
#define CRYPTO_TK_LEN 16
#define CRYPTO_MIC_LEN 16
#define CRYPTO_PMKID_LEN 16
#define CRYPTO_CCMP_HDR_LEN 8
#define CRYPTO_CCMP_MIC_LEN 8

/* One scatter-gather piece of a MAC's input. */
struct crypto_buf {
	const uint8_t *p;
	size_t len;
};

enum crypto_hash {
	CRYPTO_SHA1,
	CRYPTO_SHA256,
};

/*
 * A prepared HMAC key: the hash states after absorbing key^ipad and
 * key^opad. Plain data, so it can be copied and embedded in a station.
 */
struct crypto_hmac_key {
	enum crypto_hash hash;
	uint8_t state[2][112]; /* inner, outer: SHA_CTX / SHA256_CTX storage */
};

/* PTK for CCMP-128 (12.7.1.3): KCK || KEK || TK. */
struct crypto_ptk {
	uint8_t kck[CRYPTO_KCK_LEN];
	uint8_t kek[CRYPTO_KEK_LEN];
	uint8_t tk[CRYPTO_TK_LEN];
};

/* A network's PMK with its PRF key prepared once (the PMK is the HMAC key
 * of every PTK derivation and PMKID of that network). */
struct crypto_pmk {
	uint8_t pmk[CRYPTO_PMK_LEN];
	struct crypto_hmac_key prf_sha1;
	struct crypto_hmac_key prf_sha256;
};

/* EAPOL-Key MIC algorithm, by key descriptor version (12.7.2 b.1). */
enum crypto_mic_alg {
	CRYPTO_MIC_HMAC_MD5 = 1,  /* version 1: old captures only */
	CRYPTO_MIC_HMAC_SHA1 = 2, /* version 2: WPA2 with CCMP */
	CRYPTO_MIC_AES_CMAC = 3,  /* version 3: AKM 6 (PSK-SHA256) */
};

struct crypto_ws;

/* Fetches the algorithms; call once before threads start (a second call
 * is a no-op). 0 or -1. */
int crypto_init(void);
/* Releases what crypto_init fetched; call after every thread stopped. */
void crypto_cleanup(void);

/* A per-thread workspace; NULL if OpenSSL fails or crypto_init has not
 * run. A ws keeps the AES key schedule of the last key it used until the
 * next call re-keys it; crypto_ws_free (NULL is fine) cleanses it. */
struct crypto_ws *crypto_ws_new(void);
void crypto_ws_free(struct crypto_ws *ws);

/* OPENSSL_cleanse. */
void crypto_wipe(void *p, size_t len);
/* Constant-time equality of two n-byte strings. */
bool crypto_equal(const uint8_t *a, const uint8_t *b, size_t n);

/* --- HMAC with prepared keys (RFC 2104) ------------------------------- */

/* Prepares a key of any length (one longer than the 64-byte block is
 * hashed first, RFC 2104 section 2); -1 for an unknown hash. */
int crypto_hmac_key_init(struct crypto_hmac_key *k, enum crypto_hash hash,
			 const uint8_t *key, size_t key_len);
/* MAC over the concatenation of n pieces; out gets 20 (SHA-1) or 32 bytes.
 * No allocation; safe from any thread on a shared const key. */
int crypto_hmac(const struct crypto_hmac_key *k, const struct crypto_buf *in,
		size_t n, uint8_t *out);

/* --- PSK (J.4, 12.7.1.3) --------------------------------------------- */

/* PBKDF2-HMAC-SHA1 (RFC 8018), any lengths; iterations >= 1. */
int crypto_pbkdf2_sha1(const uint8_t *pass, size_t pass_len,
		       const uint8_t *salt, size_t salt_len,
		       unsigned iterations, uint8_t *out, size_t out_len);
/* PSK = PBKDF2-HMAC-SHA1(passphrase, SSID, 4096, 32) (J.4.1); -1 unless
 * the passphrase is 8..63 characters coded 32..126 and the SSID 1..32
 * octets. */
int crypto_psk_from_passphrase(const char *passphrase, const uint8_t *ssid,
			       size_t ssid_len, uint8_t psk[CRYPTO_PMK_LEN]);
/* PSK from the 64 hex digits of wpa_psk (exactly 64, then the NUL). */
int crypto_psk_from_hex(const char *hex, uint8_t psk[CRYPTO_PMK_LEN]);
/* Prepares a network's PMK for PTK and PMKID derivation. */
int crypto_pmk_init(struct crypto_pmk *pmk, const uint8_t key[CRYPTO_PMK_LEN]);

/* --- Key derivation (12.7.1.2) --------------------------------------- */

/* PRF-SHA1: out_len bytes of HMAC-SHA1(K, A || 0 || B || i), i = 0, 1, ...
 * (one-octet i, so out_len <= 5120); k must be a CRYPTO_SHA1 key. */
int crypto_prf_sha1(const struct crypto_hmac_key *k, const char *label,
		    const uint8_t *data, size_t data_len, uint8_t *out,
		    size_t out_len);
/* KDF-SHA256 (12.7.1.6.2): HMAC-SHA256(K, i || label || data || bits),
 * i from 1, little-endian 16-bit i and length; out_bits a multiple of 8,
 * at most 65535; k must be a CRYPTO_SHA256 key. */
int crypto_kdf_sha256(const struct crypto_hmac_key *k, const char *label,
		      const uint8_t *data, size_t data_len, uint8_t *out,
		      size_t out_bits);

/* PTK from "Pairwise key expansion" and min/max(AA,SPA) || min/max(nonces):
 * with PRF-SHA1 (AKM 2, 384 bits) or KDF-SHA256 (AKM 6, 384 bits). */
int crypto_ptk_derive(const struct crypto_pmk *pmk, enum crypto_hash hash,
		      const uint8_t aa[6], const uint8_t spa[6],
		      const uint8_t anonce[CRYPTO_NONCE_LEN],
		      const uint8_t snonce[CRYPTO_NONCE_LEN],
		      struct crypto_ptk *ptk);

/* PMKID = Truncate-128(HMAC-SHA1 or -SHA256(PMK, "PMK Name" || AA || SPA)). */
int crypto_pmkid(const struct crypto_pmk *pmk, enum crypto_hash hash,
		 const uint8_t aa[6], const uint8_t spa[6],
		 uint8_t pmkid[CRYPTO_PMKID_LEN]);

/* --- EAPOL-Key MIC (12.7.2) ------------------------------------------ */

/* MIC over an EAPOL frame (802.1X header onward) whose MIC field the caller
 * zeroed. ws is needed for AES-CMAC only and may be NULL otherwise. */
int crypto_eapol_mic(struct crypto_ws *ws, enum crypto_mic_alg alg,
		     const uint8_t kck[CRYPTO_KCK_LEN], const uint8_t *frame,
		     size_t len, uint8_t mic[CRYPTO_MIC_LEN]);

/* AES-128-CMAC (RFC 4493) over len bytes. */
int crypto_aes_cmac(struct crypto_ws *ws, const uint8_t key[16],
		    const uint8_t *in, size_t len, uint8_t mac[16]);

/* --- AES key wrap (RFC 3394, 12.7.2 key data encryption) ------------- */

/* Wraps n bytes (n % 8 == 0, n >= 16) into n + 8 bytes of out. kek_len is
 * 16, 24 or 32. out may not overlap in. */
int crypto_aes_wrap(struct crypto_ws *ws, const uint8_t *kek, size_t kek_len,
		    const uint8_t *in, size_t n, uint8_t *out);
/* Unwraps n bytes (n % 8 == 0, n >= 24) into n - 8 bytes of out; -1 when
 * the integrity check value is wrong. out may equal in (in place) but may
 * not overlap it otherwise. Padding inside the plaintext (the standard's
 * dd 00.. or the 00 00 some APs send) is the caller's to strip. */
int crypto_aes_unwrap(struct crypto_ws *ws, const uint8_t *kek,
		      size_t kek_len, const uint8_t *in, size_t n,
		      uint8_t *out);

/* --- CCMP (12.5.3) ---------------------------------------------------- */

/* Header length of the 802.11 data/management MPDU starting at mpdu
 * (3 or 4 addresses, QoS Control, HT Control when +HTC/Order), or 0 if len
 * is too short or the frame is not a protocol-version-0 data or management
 * frame (9.2.4.1). */
size_t crypto_mpdu_hdr_len(const uint8_t *mpdu, size_t len);

/* Encrypts a plaintext MPDU (header + body, no FCS) with TK and 48-bit PN
 * and key_id 0..3: out = header (Protected bit set) || CCMP header ||
 * ciphertext || MIC, len + 16 bytes. out may not overlap in. The caller
 * owns the PN: it must never reuse one under the same TK. */
int crypto_ccmp_encrypt(struct crypto_ws *ws, const uint8_t tk[16],
			uint64_t pn, unsigned key_id, const uint8_t *in,
			size_t len, uint8_t *out, size_t *out_len);
/* Decrypts a protected MPDU (no FCS) into out (header, Protected bit
 * cleared, then plaintext body: len - 16 bytes); *pn gets the frame's PN,
 * which the caller checks with crypto_ccmp_pn_fresh. -1 on a short frame,
 * a frame crypto_mpdu_hdr_len refuses, a missing ExtIV bit or a MIC
 * failure (out is then wiped). out may not overlap in. */
int crypto_ccmp_decrypt(struct crypto_ws *ws, const uint8_t tk[16],
			const uint8_t *in, size_t len, uint8_t *out,
			size_t *out_len, uint64_t *pn);
/* Replay check (12.5.3.4.4): a received PN must exceed the last accepted. */
static inline bool crypto_ccmp_pn_fresh(uint64_t last_pn, uint64_t pn)
{
	return pn > last_pn;
}

/* --- Nonces ----------------------------------------------------------- */

/*
 * A nonce source. System mode reads getrandom(2) (no stdio, no fd). Seeded
 * mode (--seed, replay, benchmarks) is a deterministic generator: the same
 * seed and stream give the same bytes on every run and machine. One per
 * thread; not thread-safe.
 */
struct crypto_rng {
	bool seeded;
	uint64_t s[4];
};

void crypto_rng_init_system(struct crypto_rng *rng);
/* stream separates generators sharing one seed (e.g. per station). */
void crypto_rng_init_seeded(struct crypto_rng *rng, uint64_t seed,
			    uint64_t stream);
/* 0, or -1 if getrandom(2) fails (system mode only). */
int crypto_rng_bytes(struct crypto_rng *rng, uint8_t *out, size_t len);

#endif
