/*
 * test_crypto_aes.c - known-answer tests of crypto/'s AES half: key wrap
 * (RFC 3394 section 4), AES-CMAC (RFC 4493 section 4, and OpenSSL's own
 * CMAC), CCMP (IEEE 802.11 M.6.4, then AAD and nonce rules checked
 * against hand-built AAD/nonce fed to OpenSSL's AES-CCM directly), and the
 * promise that the per-handshake path allocates nothing.
 */
#include "check.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "rapd/crypto.h"

static struct crypto_ws *ws;
static unsigned long openssl_allocs;

static void *count_malloc(size_t n, const char *file, int line)
{
	openssl_allocs++;
	return malloc(n);
}

static void *count_realloc(void *p, size_t n, const char *file, int line)
{
	openssl_allocs++;
	return realloc(p, n);
}

static void count_free(void *p, const char *file, int line)
{
	free(p);
}

/* RFC 3394 section 4 (vectors.md section 5): wrap, unwrap, tamper. */
static void test_keywrap_rfc3394(void)
{
	static const struct {
		size_t kek_len, p_len;
		const char *c;
	} v[] = {
		{ 16, 16, "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5" },
		{ 24, 16, "96778b25ae6ca435f92b5b97c050aed2468ab8a17ad84e5d" },
		{ 32, 16, "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7" },
		{ 24, 24, "031d33264e15d33268f24ec260743edce1c6c7ddee725a93"
			  "6ba814915c6762d2" },
		{ 32, 24, "a8f9bc1612c68b3ff6e6f4fbe30e71e4769c8b80a32cb895"
			  "8cd5d17d6b254da1" },
		{ 32, 32, "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326"
			  "cbc7f0e71a99f43bfb988b9b7a02dd21" },
	};
	uint8_t kek[32], plain[32], want[40], out[40], back[40];

	for (size_t i = 0; i < sizeof(kek); i++)
		kek[i] = (uint8_t)i;
	check_unhex_into("00112233445566778899aabbccddeeff"
			 "000102030405060708090a0b0c0d0e0f",
			 plain, sizeof(plain));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = v[i].p_len;

		check_unhex_upto(v[i].c, want, sizeof(want));
		CHECK(crypto_aes_wrap(ws, kek, v[i].kek_len, plain, n,
				      out) == 0);
		CHECK_MEM(out, want, n + 8);
		CHECK(crypto_aes_unwrap(ws, kek, v[i].kek_len, want, n + 8,
					back) == 0);
		CHECK_MEM(back, plain, n);
		/* In place, as the header allows. */
		CHECK(crypto_aes_unwrap(ws, kek, v[i].kek_len, out, n + 8,
					out) == 0);
		CHECK_MEM(out, plain, n);
		for (size_t bit = 0; bit < 8 * (n + 8); bit += 37) {
			memcpy(out, want, n + 8);
			out[bit / 8] ^= (uint8_t)(1 << (bit % 8));
			CHECK(crypto_aes_unwrap(ws, kek, v[i].kek_len, out,
						n + 8, back) == -1);
		}
	}
	CHECK(crypto_aes_wrap(ws, kek, 16, plain, 8, out) == -1);
	CHECK(crypto_aes_wrap(ws, kek, 16, plain, 20, out) == -1);
	CHECK(crypto_aes_wrap(ws, kek, 20, plain, 16, out) == -1);
	CHECK(crypto_aes_unwrap(ws, kek, 16, want, 16, back) == -1);
	CHECK(crypto_aes_unwrap(ws, kek, 16, want, 25, back) == -1);
	CHECK(crypto_aes_unwrap(NULL, kek, 16, want, 24, back) == -1);
}

static void evp_cmac(const uint8_t *key, const uint8_t *msg, size_t len,
		     uint8_t out[16])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[2] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
						 "AES-128-CBC", 0),
		OSSL_PARAM_construct_end(),
	};
	size_t out_len = 0;

	CHECK(ctx != NULL);
	if (ctx) {
		CHECK(EVP_MAC_init(ctx, key, 16, params) == 1);
		CHECK(EVP_MAC_update(ctx, msg, len) == 1);
		CHECK(EVP_MAC_final(ctx, out, &out_len, 16) == 1);
		CHECK_EQ_INT(out_len, 16);
	}
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
}

/* RFC 4493 section 4, examples 1-4, then every length 0..70 against
 * OpenSSL's CMAC (complete and partial last blocks). */
static void test_aes_cmac(void)
{
	static const struct {
		size_t len;
		const char *mac;
	} v[] = {
		{ 0, "bb1d6929e95937287fa37d129b756746" },
		{ 16, "070a16b46b4d4144f79bdd9dd04a287c" },
		{ 40, "dfa66747de9ae63030ca32611497c827" },
		{ 64, "51f0bebf7e3b9d92fc49741779363cfe" },
	};
	uint8_t key[16], msg[72], mac[16], want[16];

	check_unhex_into("2b7e151628aed2a6abf7158809cf4f3c", key, sizeof(key));
	check_unhex_upto("6bc1bee22e409f96e93d7e117393172a"
			 "ae2d8a571e03ac9c9eb76fac45af8e51"
			 "30c81c46a35ce411e5fbc1191a0a52ef"
			 "f69f2445df4f9b17ad2b417be66c3710", msg, sizeof(msg));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		check_unhex_into(v[i].mac, want, sizeof(want));
		CHECK(crypto_aes_cmac(ws, key, msg, v[i].len, mac) == 0);
		CHECK_MEM(mac, want, 16);
		evp_cmac(key, msg, v[i].len, want);
		CHECK_MEM(mac, want, 16);
	}
	CHECK(crypto_aes_cmac(ws, key, NULL, 0, mac) == 0);
	check_unhex_into(v[0].mac, want, sizeof(want));
	CHECK_MEM(mac, want, 16);
	for (size_t len = 0; len <= 64; len++) {
		CHECK(crypto_aes_cmac(ws, key, msg, len, mac) == 0);
		evp_cmac(key, msg, len, want);
		CHECK_MEM(mac, want, 16);
	}
	CHECK(crypto_aes_cmac(NULL, key, msg, 16, mac) == -1);
}

/* IEEE Std 802.11-2012 M.6.4 (vectors.md section 6). */
static const char m64_tk[] = "c97c1f67ce371185514a8a19f2bdd52f";
static const uint64_t m64_pn = 0xb5039776e70cULL;
static const char m64_plain[] =
	"0848c32c0fd2e128a57c5030f1844408abaea5b8fcba8033"
	"f8ba1a55d02f85ae967bb62fb6cda8eb7e78a050";
static const char m64_mpdu[] =
	"0848c32c0fd2e128a57c5030f1844408abaea5b8fcba80330ce70020769703b5"
	"f3d0a2fe9a3dbf2342a643e43246e80c3c04d0197845ce0b16f97623";

static void test_ccmp_m64(void)
{
	uint8_t tk[16], plain[64], want[64], out[80], back[80];
	size_t plain_len, want_len, out_len = 0, back_len = 0;
	uint64_t pn = 0;

	check_unhex_into(m64_tk, tk, sizeof(tk));
	plain_len = check_unhex_upto(m64_plain, plain, sizeof(plain));
	want_len = check_unhex_upto(m64_mpdu, want, sizeof(want));
	CHECK_EQ_INT(crypto_mpdu_hdr_len(plain, plain_len), 24);
	CHECK(crypto_ccmp_encrypt(ws, tk, m64_pn, 0, plain, plain_len, out,
				  &out_len) == 0);
	CHECK_EQ_INT(out_len, want_len);
	CHECK_MEM(out, want, want_len);

	CHECK(crypto_ccmp_decrypt(ws, tk, want, want_len, back, &back_len,
				  &pn) == 0);
	CHECK_EQ_INT(back_len, plain_len);
	CHECK(pn == m64_pn);
	CHECK_EQ_INT(back[1], plain[1] & ~0x40); /* Protected cleared */
	CHECK_MEM(back + 2, plain + 2, plain_len - 2);

	/* One flipped bit anywhere the MIC covers fails, and out is wiped. */
	for (size_t bit = 0; bit < 8 * want_len; bit++) {
		size_t byte = bit / 8;
		/* Retry, PwrMgt, MoreData, Protected; subtype bits 4-6 */
		bool masked = (byte == 1 && bit % 8 >= 3 && bit % 8 <= 6) ||
			      (byte == 0 && bit % 8 >= 4 && bit % 8 <= 6) ||
			      byte == 2 || byte == 3 || /* Duration */
			      (byte == 22 && bit % 8 >= 4) || byte == 23 ||
			      byte == 26; /* CCMP header reserved octet */
		int rc;

		if (byte == 24 + 3) /* ExtIV/KeyID octet: own check below */
			continue;
		memcpy(out, want, want_len);
		out[byte] ^= (uint8_t)(1 << (bit % 8));
		memset(back, 0xee, sizeof(back));
		rc = crypto_ccmp_decrypt(ws, tk, out, want_len, back,
					 &back_len, &pn);
		if (masked) {
			CHECK(rc == 0);
		} else {
			CHECK(rc == -1);
			/* No plaintext leaks: out untouched or wiped. */
			CHECK(back[24] == 0xee || back[24] == 0);
			CHECK(!memcmp(back + 24, back + 25, plain_len - 25));
		}
	}
	memcpy(out, want, want_len);
	out[27] &= (uint8_t)~0x20; /* no ExtIV */
	CHECK(crypto_ccmp_decrypt(ws, tk, out, want_len, back, &back_len,
				  &pn) == -1);
	CHECK(crypto_ccmp_decrypt(ws, tk, want, 24 + 15, back, &back_len,
				  &pn) == -1);
	CHECK(crypto_ccmp_decrypt(ws, tk, want, 23, back, &back_len, &pn) ==
	      -1);
}

/* CCM through OpenSSL directly with a hand-written AAD and nonce. */
static void evp_ccm(const uint8_t *tk, const uint8_t *nonce,
		    const uint8_t *aad, size_t aad_len, const uint8_t *in,
		    size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	CHECK(ctx != NULL);
	if (!ctx)
		return;
	CHECK(EVP_EncryptInit_ex(ctx, EVP_aes_128_ccm(), NULL, NULL, NULL));
	CHECK(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 13, NULL));
	CHECK(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 8, NULL));
	CHECK(EVP_EncryptInit_ex(ctx, NULL, NULL, tk, nonce));
	CHECK(EVP_EncryptUpdate(ctx, NULL, &outl, NULL, (int)len));
	CHECK(EVP_EncryptUpdate(ctx, NULL, &outl, aad, (int)aad_len));
	CHECK(EVP_EncryptUpdate(ctx, out, &outl, in, (int)len));
	CHECK(EVP_EncryptFinal_ex(ctx, out + len, &outl));
	CHECK(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 8, out + len));
	EVP_CIPHER_CTX_free(ctx);
}

struct ccmp_case {
	const char *name, *hdr, *aad, *nonce;
	uint64_t pn;
};

/*
 * AAD and nonce written out by hand from 12.5.3.3.3/.4 for header shapes
 * M.6.4 does not cover. A1 = 02.., A2 = 04.., A3 = 06.., A4 = 0a..;
 * SeqCtl 0x1237 (seq 0x123, frag 7) masks to 07 00.
 */
static const struct ccmp_case ccmp_cases[] = {
	{ "QoS data, A4, +HTC, Retry, QC TID 5 with EOSP/ack/A-MSDU bits",
	  "88 8b 3a 01 020202020202 040404040404 060606060606 37 12"
	  " 0a0a0a0a0a0a b5 12 11223344",
	  "88 43 020202020202 040404040404 060606060606 07 00"
	  " 0a0a0a0a0a0a 05 00",
	  "05 040404040404 0000000a0b0c", 0xa0b0cULL },
	{ "QoS null-less data subtype 0xa8 (CF-Poll bits), PwrMgt, MoreData",
	  "a8 31 00 00 020202020202 040404040404 060606060606 37 12 07 ff",
	  "88 41 020202020202 040404040404 060606060606 07 00 07 00",
	  "07 040404040404 010203040506", 0x010203040506ULL },
	{ "non-QoS data with CF-Ack subtype bit, ToDS",
	  "18 01 00 00 020202020202 040404040404 060606060606 37 12",
	  "08 41 020202020202 040404040404 060606060606 07 00",
	  "00 040404040404 000000000001", 1 },
	{ "robust action frame (management), Retry",
	  "d0 08 3c 00 020202020202 040404040404 060606060606 37 12",
	  "d0 40 020202020202 040404040404 060606060606 07 00",
	  "10 040404040404 000000000002", 2 },
	{ "management frame with Order set: HT Control kept out of AAD",
	  "d0 80 3c 00 020202020202 040404040404 060606060606 37 12 11223344",
	  "d0 c0 020202020202 040404040404 060606060606 07 00",
	  "10 040404040404 000000000003", 3 },
};

static void check_ccmp_case(const struct ccmp_case *c, const uint8_t *tk)
{
	uint8_t hdr[40], aad[32], nonce[13], frame[80], out[96], ref[64];
	uint8_t back[96];
	size_t hl = check_unhex_upto(c->hdr, hdr, sizeof(hdr));
	size_t aad_len = check_unhex_upto(c->aad, aad, sizeof(aad));
	size_t body = 21, out_len = 0, back_len = 0;
	uint64_t pn = 0;

	check_unhex_into(c->nonce, nonce, sizeof(nonce));
	memcpy(frame, hdr, hl);
	for (size_t i = 0; i < body; i++)
		frame[hl + i] = (uint8_t)(0xc0 + i);
	CHECK_EQ_INT(crypto_mpdu_hdr_len(frame, hl + body), hl);
	CHECK(crypto_ccmp_encrypt(ws, tk, c->pn, 2, frame, hl + body, out,
				  &out_len) == 0);
	CHECK_EQ_INT(out_len, hl + 8 + body + 8);
	CHECK_EQ_INT(out[1], hdr[1] | 0x40);
	CHECK_MEM(out + 2, hdr + 2, hl - 2);
	CHECK_EQ_INT(out[hl + 3], 2 << 6 | 0x20); /* key id 2, ExtIV */
	evp_ccm(tk, nonce, aad, aad_len, frame + hl, body, ref);
	CHECK_MEM(out + hl + 8, ref, body + 8);
	CHECK(crypto_ccmp_decrypt(ws, tk, out, out_len, back, &back_len,
				  &pn) == 0);
	CHECK_EQ_INT(back_len, hl + body);
	CHECK(pn == c->pn);
	CHECK_MEM(back, frame, hl + body);
	if (check_failures)
		fprintf(stderr, "  in case: %s\n", c->name);
}

static void test_ccmp_aad_nonce_rules(void)
{
	uint8_t tk[16];

	check_unhex_into(m64_tk, tk, sizeof(tk));
	for (size_t i = 0; i < sizeof(ccmp_cases) / sizeof(ccmp_cases[0]); i++)
		check_ccmp_case(&ccmp_cases[i], tk);
}

static void test_ccmp_limits(void)
{
	uint8_t tk[16] = { 1 }, frame[64] = { 0x08, 0x01 }, out[96], back[96];
	size_t out_len = 0, back_len = 0;
	uint64_t pn = 0;

	/* A header-only MPDU: empty body, MIC only. */
	CHECK(crypto_ccmp_encrypt(ws, tk, 5, 0, frame, 24, out, &out_len) ==
	      0);
	CHECK_EQ_INT(out_len, 40);
	CHECK(crypto_ccmp_decrypt(ws, tk, out, out_len, back, &back_len,
				  &pn) == 0);
	CHECK_EQ_INT(back_len, 24);
	CHECK(pn == 5);
	CHECK(crypto_ccmp_encrypt(ws, tk, 1ULL << 48, 0, frame, 30, out,
				  &out_len) == -1);
	CHECK(crypto_ccmp_encrypt(ws, tk, 1, 4, frame, 30, out, &out_len) ==
	      -1);
	CHECK(crypto_ccmp_encrypt(ws, tk, 1, 0, frame, 23, out, &out_len) ==
	      -1);
	frame[0] = 0xd4; /* ACK: a control frame is never protected */
	CHECK_EQ_INT(crypto_mpdu_hdr_len(frame, 30), 0);
	CHECK(crypto_ccmp_encrypt(ws, tk, 1, 0, frame, 30, out, &out_len) ==
	      -1);
	frame[0] = 0x09; /* protocol version 1 */
	CHECK_EQ_INT(crypto_mpdu_hdr_len(frame, 30), 0);
	CHECK_EQ_INT(crypto_mpdu_hdr_len(frame, 1), 0);

	CHECK(crypto_ccmp_pn_fresh(5, 6));
	CHECK(!crypto_ccmp_pn_fresh(5, 5));
	CHECK(!crypto_ccmp_pn_fresh(5, 4));
}

/* One handshake's worth of calls, then a data frame each way. */
static void handshake_path(const struct crypto_pmk *pmk)
{
	uint8_t aa[6] = { 2 }, spa[6] = { 4 }, an[32] = { 1 }, sn[32] = { 2 };
	uint8_t m[160] = { 1, 3 }, mic[16], kd[48] = { 0xdd }, wrapped[56];
	uint8_t mpdu[100] = { 0x88, 0x01 }, prot[120], plain[120], pmkid[16];
	struct crypto_ptk ptk;
	size_t n;
	uint64_t pn;

	CHECK(crypto_ptk_derive(pmk, CRYPTO_SHA1, aa, spa, an, sn, &ptk) ==
	      0);
	CHECK(crypto_ptk_derive(pmk, CRYPTO_SHA256, aa, spa, an, sn, &ptk) ==
	      0);
	CHECK(crypto_pmkid(pmk, CRYPTO_SHA1, aa, spa, pmkid) == 0);
	CHECK(crypto_eapol_mic(ws, CRYPTO_MIC_HMAC_SHA1, ptk.kck, m, 121,
			       mic) == 0);
	CHECK(crypto_eapol_mic(ws, CRYPTO_MIC_AES_CMAC, ptk.kck, m, 155,
			       mic) == 0);
	CHECK(crypto_eapol_mic(ws, CRYPTO_MIC_HMAC_MD5, ptk.kck, m, 99,
			       mic) == 0);
	CHECK(crypto_aes_wrap(ws, ptk.kek, 16, kd, 48, wrapped) == 0);
	CHECK(crypto_aes_unwrap(ws, ptk.kek, 16, wrapped, 56, kd) == 0);
	CHECK(crypto_ccmp_encrypt(ws, ptk.tk, 7, 0, mpdu, sizeof(mpdu), prot,
				  &n) == 0);
	CHECK(crypto_ccmp_decrypt(ws, ptk.tk, prot, n, plain, &n, &pn) == 0);
}

/* "Nothing on the per-handshake path fetches algorithms or allocates":
 * after one warm-up run, OpenSSL's allocator must not be called at all. */
static void test_no_allocation(void)
{
	uint8_t key[32] = { 9 };
	struct crypto_pmk pmk;
	unsigned long before;

	CHECK(crypto_pmk_init(&pmk, key) == 0);
	handshake_path(&pmk);
	before = openssl_allocs;
	for (int i = 0; i < 3; i++)
		handshake_path(&pmk);
	CHECK_EQ_INT(openssl_allocs - before, 0);
	if (openssl_allocs == 0)
		SKIP("allocator hook not installed");
}

int main(void)
{
	int hooked = CRYPTO_set_mem_functions(count_malloc, count_realloc,
					      count_free);

	check_begin("test_crypto_aes");
	if (crypto_init() != 0 || !(ws = crypto_ws_new())) {
		fprintf(stderr, "crypto_init or crypto_ws_new failed\n");
		return 1;
	}
	if (!hooked)
		fprintf(stderr, "CRYPTO_set_mem_functions refused\n");
	RUN(test_keywrap_rfc3394);
	RUN(test_aes_cmac);
	RUN(test_ccmp_m64);
	RUN(test_ccmp_aad_nonce_rules);
	RUN(test_ccmp_limits);
	RUN(test_no_allocation);
	crypto_ws_free(ws);
	crypto_cleanup();
	return check_end();
}
