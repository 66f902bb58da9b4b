/*
 * test_eapol.c - the EAPOL codec (mlme/eapol_key.c, mlme/eapol_kde.c).
 *
 * Vectors: the Harkonen handshake of vectors.md section 4 (published
 * bytes, from aircrack-ng's test suite): parse, classify, MICs with the
 * KCK, unwrap of M3's GTK (padded 00 00 by that AP), and rebuilding all
 * four frames bit for bit with the builder. Then the classifier's rules on
 * synthetic frames, KDE iteration and padding, every truncation and
 * corrupt lengths. The real captures are test_eapol_captures.c's.
 */
#include "check.h"

#include <rapd/bytes.h>
#include <rapd/crypto.h>
#include <rapd/eapol.h>

static struct crypto_ws *ws;

/* vectors.md section 4: 802.1X header onward. */
/* clang-format off */
#define ANONCE \
	"225854b0444de3af06d1492b852984f04cf6274c0e3218b8681756864db7a055"
#define SNONCE \
	"59168bc3a5df18d71efb6423f340088dab9e1ba2bbc58659e07b3764b0de8570"
#define Z8 "0000000000000000"
#define Z16 Z8 Z8
#define Z32 Z16 Z16
#define RSNE_BODY "0100000fac040100000fac040100000fac020100"
#define RSNE "3014" RSNE_BODY
#define M3_IV "192eeef7fd968ec80aee3dfb875e8222"
#define M3_RSC "3700000000000000"
#define M3_KEY_DATA                                                        \
	"3ca9185462eca4ab7ff51cd3a3e6179a8391f5ad824c9e09763794c680902ad3" \
	"bf0703452fbb7c1f5f1ee9f5bbd388ae559e78d27e6b121f"
#define GTK "d91cf489de428889c33d732d2e1065f7"
#define M2_MIC "d5355382b8a9b806dcaf99cdaf564eb6"
#define M3_MIC "1e228672d2dee930714f688c5746028d"
#define M4_MIC "9dc81ca6c4c729648de7f00b436335c8"

static const char *const m1_hex = "0103005f02008a0010" "0000000000000001"
	ANONCE Z16 Z8 Z8 Z16 "0000";
static const char *const m2_hex = "0103007502010a0010" "0000000000000001"
	SNONCE Z16 Z8 Z8 M2_MIC "0016" RSNE;
static const char *const m3_hex = "010300970213ca0010" "0000000000000002"
	ANONCE M3_IV M3_RSC Z8 M3_MIC "0038" M3_KEY_DATA;
static const char *const m4_hex = "0103005f02030a0010" "0000000000000002"
	Z32 Z16 Z8 Z8 M4_MIC "0000";
static const char *const kck_hex = "ea0e404633c802450302868ccaa749de";
static const char *const kek_hex = "5cba5abcb267e2de1d5e21e57accd507";
static const char *const m3_plain_hex =
	RSNE "dd16000fac010100" GTK "0000";
/* clang-format on */

/* The Harkonen frames' MIC algorithm (descriptor version 2). */
static enum eapol_verdict verify_sha1(const uint8_t *kck,
				      const struct eapol_key *k)
{
	return eapol_verify_mic(ws, CRYPTO_MIC_HMAC_SHA1, kck, k);
}

/* A frame decoded into a buffer with room to spare. */
struct frame {
	uint8_t b[EAPOL_KEY_MAX_LEN + 64];
	size_t len;
};

static void frame_from_hex(struct frame *f, const char *hex)
{
	uint8_t *b = check_unhex(hex, &f->len);

	memset(f->b, 0, sizeof(f->b));
	memcpy(f->b, b, f->len);
	free(b);
}

static void test_llc_snap(void)
{
	static const uint8_t snap[8] = {0xaa, 0xaa, 0x03, 0, 0, 0, 0x88, 0x8e};
	uint8_t body[10] = {0}, out[8];

	memcpy(body, snap, 8);
	CHECK(eapol_is_llc_snap(body, sizeof(body)));
	CHECK(eapol_is_llc_snap(body, 8));
	CHECK(!eapol_is_llc_snap(body, 7));
	body[7] = 0x8f; /* another ethertype */
	CHECK(!eapol_is_llc_snap(body, sizeof(body)));
	CHECK(eapol_put_llc_snap(out, out + 8) == out + 8);
	CHECK_MEM(out, snap, 8);
	CHECK(eapol_put_llc_snap(out, out + 7) == NULL);
	CHECK(eapol_put_llc_snap(NULL, out + 8) == NULL);
}

static void test_hdr(void)
{
	static const uint8_t start[4] = {0x02, 0x01, 0x00, 0x00};
	struct eapol_hdr h;
	struct eapol_key k;
	struct frame f;

	frame_from_hex(&f, m1_hex);
	CHECK_EQ_INT(eapol_parse_hdr(f.b, f.len, &h), EAPOL_OK);
	CHECK_EQ_INT(h.version, 1);
	CHECK_EQ_INT(h.type, EAPOL_TYPE_KEY);
	CHECK_EQ_INT(h.body_len, 95);
	CHECK(h.body == f.b + 4);
	/* Trailing bytes after the body (padding) are ignored. */
	CHECK_EQ_INT(eapol_parse_hdr(f.b, f.len + 20, &h), EAPOL_OK);
	CHECK_EQ_INT(h.body_len, 95);
	CHECK_EQ_INT(eapol_parse_hdr(f.b, f.len - 1, &h), EAPOL_BAD_BODY_LEN);
	for (unsigned v = 0; v < 256; v++) {
		f.b[0] = (uint8_t)v;
		CHECK_EQ_INT(eapol_parse_hdr(f.b, f.len, &h),
			     v >= 1 && v <= 3 ? EAPOL_OK : EAPOL_BAD_VERSION);
	}
	CHECK_EQ_INT(eapol_parse_hdr(start, 4, &h), EAPOL_OK);
	CHECK_EQ_INT(h.type, EAPOL_TYPE_START);
	CHECK_EQ_INT(h.body_len, 0);
	CHECK_EQ_INT(eapol_parse_key(start, 4, &k), EAPOL_BAD_NOT_KEY);
	CHECK_EQ_INT(eapol_parse_hdr(start, 3, &h), EAPOL_BAD_SHORT);
}

/* What vectors.md section 4 says of each frame. */
struct vector_facts {
	const char *hex, *nonce, *mic;
	uint64_t replay_counter;
	uint16_t info, key_data_len;
	enum eapol_msg msg;
};

static void test_parse_vectors(void)
{
	const struct vector_facts vectors[4] = {
		{m1_hex, ANONCE, Z16, 1, 0x008a, 0, EAPOL_MSG_M1},
		{m2_hex, SNONCE, M2_MIC, 1, 0x010a, 22, EAPOL_MSG_M2},
		{m3_hex, ANONCE, M3_MIC, 2, 0x13ca, 56, EAPOL_MSG_M3},
		{m4_hex, Z32, M4_MIC, 2, 0x030a, 0, EAPOL_MSG_M4},
	};
	uint8_t nonce[32], mic[16], iv[16], rsc[8];
	struct eapol_key k;
	struct frame f;

	for (size_t i = 0; i < 4; i++) {
		const struct vector_facts *v = &vectors[i];

		frame_from_hex(&f, v->hex);
		CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_OK);
		CHECK(k.frame == f.b);
		CHECK_EQ_INT(k.frame_len, f.len);
		CHECK_EQ_INT(f.len, 99 + v->key_data_len);
		CHECK_EQ_INT(k.version, 1);
		CHECK_EQ_INT(k.desc_type, EAPOL_DESC_RSN);
		CHECK_EQ_INT(k.info, v->info);
		CHECK_EQ_INT(eapol_key_desc_version(&k), EAPOL_KEY_V_SHA1_AES);
		CHECK_EQ_INT(k.key_len, 16);
		CHECK_EQ_INT(k.replay_counter, v->replay_counter);
		CHECK(k.nonce == f.b + 17);
		check_unhex_into(v->nonce, nonce, 32);
		CHECK_MEM(k.nonce, nonce, 32);
		CHECK_EQ_INT(k.mic_offset, 81);
		CHECK(k.mic == f.b + 81);
		check_unhex_into(v->mic, mic, 16);
		CHECK_MEM(k.mic, mic, 16);
		CHECK_EQ_INT(k.key_data_len, v->key_data_len);
		CHECK(k.key_data == f.b + 99);
		CHECK_EQ_INT(eapol_classify(&k), v->msg);
	}
	/* M3's IV (non-zero, unused with version 2) and RSC. */
	frame_from_hex(&f, m3_hex);
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_OK);
	check_unhex_into(M3_IV, iv, 16);
	CHECK_MEM(k.iv, iv, 16);
	check_unhex_into(M3_RSC, rsc, 8);
	CHECK_MEM(k.rsc, rsc, 8);
	CHECK_EQ_INT(k.key_data[0], 0x3c); /* wrapped, not an element */
}

static void test_verify_mic_vectors(void)
{
	const char *const hex[3] = {m2_hex, m3_hex, m4_hex};
	uint8_t kck[16], before[sizeof(((struct frame *)0)->b)];
	struct eapol_key k;
	struct frame f;

	check_unhex_into(kck_hex, kck, 16);
	for (size_t i = 0; i < 3; i++) {
		frame_from_hex(&f, hex[i]);
		memcpy(before, f.b, sizeof(before));
		CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_OK);
		CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_OK);
		/* The caller's buffer is never written. */
		CHECK_MEM(f.b, before, sizeof(before));
		/* The AKM fixes the algorithm; the frame must agree. */
		CHECK_EQ_INT(eapol_verify_mic(ws, CRYPTO_MIC_AES_CMAC, kck, &k),
			     EAPOL_BAD_DESC_VERSION);
		kck[0] ^= 1;
		CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_BAD_MIC);
		kck[0] ^= 1;
		f.b[20] ^= 0x80; /* a nonce bit */
		CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_BAD_MIC);
		f.b[20] ^= 0x80;
		f.b[96] ^= 0x01; /* a MIC bit */
		CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_BAD_MIC);
	}
	frame_from_hex(&f, m1_hex);
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_OK);
	CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_BAD_NO_MIC_FLAG);
	/* Padding after the body is not covered by the MIC. */
	frame_from_hex(&f, m4_hex);
	memset(f.b + f.len, 0xee, 8);
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len + 8, &k), EAPOL_OK);
	CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_OK);
}

static void test_unwrap_m3(void)
{
	uint8_t kek[16], gtk_want[16], plain[64], plain_want[48];
	size_t plain_len = 0;
	struct eapol_kde_iter it;
	struct eapol_gtk gtk;
	struct eapol_kde kde;
	struct eapol_key k;
	struct frame f;

	check_unhex_into(kek_hex, kek, 16);
	check_unhex_into(GTK, gtk_want, 16);
	check_unhex_into(m3_plain_hex, plain_want, 48);
	frame_from_hex(&f, m3_hex);
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_OK);
	CHECK_EQ_INT(eapol_unwrap_key_data(ws, kek, &k, plain, sizeof(plain),
					   &plain_len),
		     EAPOL_OK);
	CHECK_EQ_INT(plain_len, 48);
	CHECK_MEM(plain, plain_want, 48);

	/* RSN element, GTK KDE, then the AP's 00 00 ends the data cleanly. */
	eapol_kde_iter_init(&it, plain, plain_len);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
	CHECK_EQ_INT(kde.id, 0x30);
	CHECK(!kde.is_kde);
	CHECK_EQ_INT(kde.elem_len, 22);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
	CHECK(kde.is_kde);
	CHECK_EQ_INT(kde.kde_type, EAPOL_KDE_GTK);
	CHECK_EQ_INT(kde.data_len, 18);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_END);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_END);

	memset(&gtk, 0, sizeof(gtk));
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, plain, sizeof(plain), &gtk),
		     EAPOL_OK);
	CHECK_EQ_INT(gtk.key_id, 1);
	CHECK(!gtk.tx);
	CHECK_EQ_INT(gtk.key_len, 16);
	CHECK(gtk.key == plain + 30);
	CHECK_MEM(gtk.key, gtk_want, 16);
}

/* Each reason an M3's key data is not unwrapped. */
static void test_unwrap_errors(void)
{
	uint8_t kek[16], plain[64];
	struct eapol_gtk gtk;
	struct eapol_key k;
	struct frame f;

	check_unhex_into(kek_hex, kek, 16);
	frame_from_hex(&f, m3_hex);
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_OK);
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, plain, 47, &gtk),
		     EAPOL_BAD_BUFFER);
	kek[15] ^= 1;
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, plain, sizeof(plain), &gtk),
		     EAPOL_BAD_UNWRAP);
	for (size_t i = 0; i < 48; i++)
		CHECK_EQ_INT(plain[i], 0); /* wiped after a failed unwrap */
	kek[15] ^= 1;
	k.info &= (uint16_t)~EAPOL_KI_ENC_KEY_DATA;
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, plain, sizeof(plain), &gtk),
		     EAPOL_BAD_NOT_ENCRYPTED);
	k.info = (k.info | EAPOL_KI_ENC_KEY_DATA) & ~EAPOL_KI_VERSION_MASK;
	k.info |= EAPOL_KEY_V_MD5_RC4;
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, plain, sizeof(plain), &gtk),
		     EAPOL_BAD_DESC_VERSION);
	k.info = 0x13ca;
	k.key_data_len = 52;
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, plain, sizeof(plain), &gtk),
		     EAPOL_BAD_WRAP_LEN);
	k.key_data_len = 16;
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, plain, sizeof(plain), &gtk),
		     EAPOL_BAD_WRAP_LEN);
}

/* Builds a frame with the Harkonen fields and the given flags. */
static enum eapol_msg classify_synthetic(uint16_t info, const uint8_t *nonce,
					 size_t kd_len)
{
	static const uint8_t kd[22] = {0x30, 0x14};
	struct eapol_key_params kp = {
		.version = EAPOL_VERSION_2004,
		.desc_type = EAPOL_DESC_RSN,
		.info = info,
		.key_len = 16,
		.replay_counter = 7,
		.nonce = nonce,
		.key_data = kd,
		.key_data_len = kd_len,
	};
	uint8_t buf[EAPOL_KEY_MAX_LEN];
	struct eapol_key k;
	uint8_t *end = eapol_build_key(buf, buf + sizeof(buf), &kp);

	CHECK(end == buf + 99 + kd_len);
	if (!end || eapol_parse_key(buf, (size_t)(end - buf), &k) != EAPOL_OK)
		return EAPOL_MSG_UNKNOWN;
	return eapol_classify(&k);
}

/* The rule documented at eapol_classify, one case per line. */
static void test_classify_rules(void)
{
	uint8_t nonce[32];

	memset(nonce, 0x5a, sizeof(nonce));
	CHECK_EQ_INT(classify_synthetic(0x008a, nonce, 0), EAPOL_MSG_M1);
	CHECK_EQ_INT(classify_synthetic(0x010a, nonce, 22), EAPOL_MSG_M2);
	/* M2 of a PTK rekey has Secure set: still M2 (it has key data). */
	CHECK_EQ_INT(classify_synthetic(0x030a, nonce, 22), EAPOL_MSG_M2);
	CHECK_EQ_INT(classify_synthetic(0x13ca, nonce, 22), EAPOL_MSG_M3);
	CHECK_EQ_INT(classify_synthetic(0x030a, NULL, 0), EAPOL_MSG_M4);
	/* M4 repeating the SNonce, and M4 without Secure (WPA): M4. */
	CHECK_EQ_INT(classify_synthetic(0x030a, nonce, 0), EAPOL_MSG_M4);
	CHECK_EQ_INT(classify_synthetic(0x010a, NULL, 0), EAPOL_MSG_M4);
	CHECK_EQ_INT(classify_synthetic(0x1382, NULL, 22), EAPOL_MSG_G1);
	CHECK_EQ_INT(classify_synthetic(0x0302, NULL, 0), EAPOL_MSG_G2);
	CHECK_EQ_INT(classify_synthetic(0x0b0a, NULL, 0), EAPOL_MSG_REQUEST);
	CHECK_EQ_INT(classify_synthetic(0x0f02, NULL, 0), EAPOL_MSG_REQUEST);
	CHECK_EQ_INT(classify_synthetic(0x070a, NULL, 0), EAPOL_MSG_UNKNOWN);
	CHECK_EQ_INT(classify_synthetic(0x238a, NULL, 0), EAPOL_MSG_UNKNOWN);
	CHECK_EQ_INT(classify_synthetic(0x0082, NULL, 0), EAPOL_MSG_UNKNOWN);
	CHECK_EQ_INT(classify_synthetic(0x038a, nonce, 0), EAPOL_MSG_UNKNOWN);
	CHECK_EQ_INT(classify_synthetic(0x000a, NULL, 0), EAPOL_MSG_UNKNOWN);
	CHECK_EQ_INT(classify_synthetic(0x0002, NULL, 0), EAPOL_MSG_UNKNOWN);
	CHECK(strcmp(eapol_msg_str(EAPOL_MSG_M3), "M3/4") == 0);
	CHECK(strcmp(eapol_msg_str(EAPOL_MSG_G2), "G2/2") == 0);
}

/* Builds one of the four frames from its fields, sets the MIC, and
 * compares with the captured bytes. */
static void rebuild(const char *want_hex, const struct eapol_key_params *kp,
		    bool with_mic)
{
	uint8_t buf[EAPOL_KEY_MAX_LEN], kck[16], *end;
	struct eapol_key k;
	struct frame want;

	check_unhex_into(kck_hex, kck, 16);
	frame_from_hex(&want, want_hex);
	end = eapol_build_key(buf, buf + sizeof(buf), kp);
	CHECK(end == buf + want.len);
	if (!end)
		return;
	if (with_mic)
		CHECK_EQ_INT(eapol_set_mic(ws, CRYPTO_MIC_HMAC_SHA1, kck, buf,
					   want.len),
			     EAPOL_OK);
	CHECK_MEM(buf, want.b, want.len);
	CHECK_EQ_INT(eapol_parse_key(buf, want.len, &k), EAPOL_OK);
	if (with_mic)
		CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_OK);
}

static void test_rebuild_vectors(void)
{
	uint8_t anonce[32], snonce[32], iv[16], rsc[8], rsne[22], kd[56];
	struct eapol_key_params kp = {
		.version = EAPOL_VERSION_2001,
		.desc_type = EAPOL_DESC_RSN,
		.key_len = 16,
	};

	check_unhex_into(ANONCE, anonce, 32);
	check_unhex_into(SNONCE, snonce, 32);
	check_unhex_into(M3_IV, iv, 16);
	check_unhex_into(M3_RSC, rsc, 8);
	check_unhex_into(RSNE, rsne, 22);
	check_unhex_into(M3_KEY_DATA, kd, 56);

	kp.info = 0x008a, kp.replay_counter = 1, kp.nonce = anonce;
	rebuild(m1_hex, &kp, false);
	kp.info = 0x010a, kp.nonce = snonce;
	kp.key_data = rsne, kp.key_data_len = 22;
	rebuild(m2_hex, &kp, true);
	kp.info = 0x13ca, kp.replay_counter = 2, kp.nonce = anonce;
	kp.iv = iv, kp.rsc = rsc, kp.key_data = kd, kp.key_data_len = 56;
	rebuild(m3_hex, &kp, true);
	kp.info = 0x030a, kp.nonce = NULL, kp.iv = NULL, kp.rsc = NULL;
	kp.key_data = NULL, kp.key_data_len = 0;
	rebuild(m4_hex, &kp, true);
}

/* The authenticator's path: M3 key data = RSNE + GTK KDE, padded dd 00,
 * wrapped with the KEK; then the MIC; then everything read back. */
static void test_build_m3(void)
{
	uint8_t plain[64], wrapped[72], frame[EAPOL_KEY_MAX_LEN], *p, *end;
	uint8_t kck[16], kek[16], gtk_want[16], anonce[32], back[64];
	struct eapol_key_params kp = {
		.version = EAPOL_VERSION_2004,
		.desc_type = EAPOL_DESC_RSN,
		.info = 0x13ca,
		.key_len = 16,
		.replay_counter = 2,
	};
	struct eapol_gtk gtk;
	struct eapol_key k;
	size_t n;

	check_unhex_into(kck_hex, kck, 16);
	check_unhex_into(kek_hex, kek, 16);
	check_unhex_into(GTK, gtk_want, 16);
	check_unhex_into(ANONCE, anonce, 32);
	check_unhex_into(RSNE, plain, 22);
	p = eapol_put_gtk_kde(plain + 22, plain + sizeof(plain), 1, false,
			      gtk_want, 16);
	CHECK(p == plain + 46);
	p = eapol_pad_key_data(plain, p, plain + sizeof(plain));
	CHECK(p == plain + 48);
	if (!p)
		return;
	CHECK_EQ_INT(plain[46], 0xdd);
	CHECK_EQ_INT(plain[47], 0x00);
	end = eapol_wrap_key_data(ws, kek, plain, 48, wrapped,
				  wrapped + sizeof(wrapped));
	CHECK(end == wrapped + 56);
	CHECK(eapol_wrap_key_data(ws, kek, plain, 48, wrapped, wrapped + 55) ==
	      NULL);
	CHECK(eapol_wrap_key_data(ws, kek, plain, 44, wrapped,
				  wrapped + sizeof(wrapped)) == NULL);
	kp.nonce = anonce, kp.key_data = wrapped, kp.key_data_len = 56;
	end = eapol_build_key(frame, frame + sizeof(frame), &kp);
	CHECK(end == frame + 155);
	CHECK_EQ_INT(eapol_set_mic(ws, CRYPTO_MIC_HMAC_SHA1, kck, frame, 155),
		     EAPOL_OK);
	CHECK_EQ_INT(eapol_parse_key(frame, 155, &k), EAPOL_OK);
	CHECK_EQ_INT(eapol_classify(&k), EAPOL_MSG_M3);
	CHECK_EQ_INT(k.replay_counter, 2);
	CHECK_EQ_INT(verify_sha1(kck, &k), EAPOL_OK);
	CHECK_EQ_INT(eapol_unwrap_key_data(ws, kek, &k, back, sizeof(back), &n),
		     EAPOL_OK);
	CHECK_EQ_INT(n, 48);
	CHECK_MEM(back, plain, 48);
	CHECK_EQ_INT(eapol_unwrap_gtk(ws, kek, &k, back, sizeof(back), &gtk),
		     EAPOL_OK);
	CHECK_EQ_INT(gtk.key_id, 1);
	CHECK_MEM(gtk.key, gtk_want, 16);
	/* A frame whose flags or version do not fit the MIC asked for. */
	CHECK_EQ_INT(eapol_set_mic(ws, CRYPTO_MIC_AES_CMAC, kck, frame, 155),
		     EAPOL_BAD_DESC_VERSION);
	CHECK_EQ_INT(eapol_set_mic(ws, CRYPTO_MIC_HMAC_SHA1, kck, frame, 154),
		     EAPOL_BAD_BODY_LEN);
	frame[5] &= (uint8_t)~0x01; /* clear Key MIC (bit 8) */
	CHECK_EQ_INT(eapol_set_mic(ws, CRYPTO_MIC_HMAC_SHA1, kck, frame, 155),
		     EAPOL_BAD_NO_MIC_FLAG);
}

static void test_builder_bounds(void)
{
	uint8_t kd[EAPOL_KEY_DATA_MAX + 1] = {0}, buf[EAPOL_KEY_MAX_LEN + 8];
	struct eapol_key_params kp = {
		.version = EAPOL_VERSION_2004,
		.desc_type = EAPOL_DESC_RSN,
		.info = 0x008a,
		.key_data = kd,
		.key_data_len = 10,
	};
	struct eapol_key k;
	uint8_t *end;

	for (size_t room = 0; room < 109; room++)
		CHECK(eapol_build_key(buf, buf + room, &kp) == NULL);
	CHECK(eapol_build_key(buf, buf + 109, &kp) == buf + 109);
	CHECK(eapol_build_key(NULL, buf + 109, &kp) == NULL);
	kp.key_data_len = EAPOL_KEY_DATA_MAX;
	end = eapol_build_key(buf, buf + sizeof(buf), &kp);
	CHECK(end == buf + EAPOL_KEY_MAX_LEN);
	CHECK_EQ_INT(eapol_parse_key(buf, EAPOL_KEY_MAX_LEN, &k), EAPOL_OK);
	kp.key_data_len = EAPOL_KEY_DATA_MAX + 1;
	CHECK(eapol_build_key(buf, buf + sizeof(buf), &kp) == NULL);
	kp.key_data_len = 10, kp.key_data = NULL;
	CHECK(eapol_build_key(buf, buf + sizeof(buf), &kp) == NULL);
	kp.key_data = kd, kp.version = 0;
	CHECK(eapol_build_key(buf, buf + sizeof(buf), &kp) == NULL);
	kp.version = 4;
	CHECK(eapol_build_key(buf, buf + sizeof(buf), &kp) == NULL);
	kp.version = EAPOL_VERSION_2010, kp.desc_type = 1;
	CHECK(eapol_build_key(buf, buf + sizeof(buf), &kp) == NULL);
	kp.desc_type = EAPOL_DESC_WPA;
	CHECK(eapol_build_key(buf, buf + sizeof(buf), &kp) == buf + 109);
	CHECK_EQ_INT(eapol_parse_key(buf, 109, &k), EAPOL_OK);
	CHECK_EQ_INT(k.desc_type, EAPOL_DESC_WPA);
	CHECK_EQ_INT(k.version, 3);
}

/* Every prefix of M3's plaintext key data iterates without reading past
 * it; cut inside the GTK KDE, the GTK is not found. */
static void truncate_key_data(void)
{
	uint8_t want[48];
	struct eapol_gtk gtk;

	check_unhex_into(m3_plain_hex, want, 48);
	for (size_t n = 0; n <= 48; n++) {
		uint8_t *t = malloc(n ? n : 1);
		enum eapol_verdict v;

		memcpy(t, want, n);
		v = eapol_find_gtk(t, n, &gtk);
		if (n >= 46)
			CHECK_EQ_INT(v, EAPOL_OK);
		else if (n == 0 || n == 22 || n == 23) /* ends, or lone dd */
			CHECK_EQ_INT(v, EAPOL_BAD_NO_GTK);
		else
			CHECK_EQ_INT(v, EAPOL_BAD_KDE_LEN);
		free(t);
	}
}

/* Every prefix of every vector is refused with the right reason. */
static void test_truncations(void)
{
	const char *const hex[4] = {m1_hex, m2_hex, m3_hex, m4_hex};
	struct eapol_key k;

	for (size_t i = 0; i < 4; i++) {
		size_t len;
		uint8_t *b = check_unhex(hex[i], &len);

		for (size_t n = 0; n < len; n++) {
			/* A fresh heap copy of n bytes, so ASan sees any
			 * read past the prefix. */
			uint8_t *t = malloc(n ? n : 1);

			memcpy(t, b, n);
			CHECK_EQ_INT(eapol_parse_key(t, n, &k),
				     n < 4 ? EAPOL_BAD_SHORT
					   : EAPOL_BAD_BODY_LEN);
			free(t);
		}
		CHECK_EQ_INT(eapol_parse_key(b, len, &k), EAPOL_OK);
		free(b);
	}
	truncate_key_data();
}

static void test_corrupt_lengths(void)
{
	struct eapol_key k;
	struct frame f;

	frame_from_hex(&f, m2_hex); /* 121 bytes, body 117, key data 22 */
	f.b[98] = 23;
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_KEY_DATA_LEN);
	f.b[97] = 0xff, f.b[98] = 0xff;
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_KEY_DATA_LEN);
	f.b[97] = 0, f.b[98] = 22;
	put_be16(f.b + 2, 116); /* body ends inside the key data */
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_KEY_DATA_LEN);
	put_be16(f.b + 2, 94); /* body ends inside the descriptor */
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_KEY_SHORT);
	put_be16(f.b + 2, 118); /* past the buffer */
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_BODY_LEN);
	put_be16(f.b + 2, 0xffff);
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_BODY_LEN);
	put_be16(f.b + 2, EAPOL_KEY_MAX_LEN - 3);
	CHECK_EQ_INT(eapol_parse_key(f.b, sizeof(f.b), &k), EAPOL_BAD_TOO_LONG);
	put_be16(f.b + 2, 117);
	f.b[1] = EAPOL_TYPE_EAP;
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_NOT_KEY);
	f.b[1] = EAPOL_TYPE_KEY;
	f.b[4] = 1; /* RC4 descriptor */
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_BAD_DESC_TYPE);
	f.b[4] = EAPOL_DESC_WPA;
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len, &k), EAPOL_OK);
	/* Body bytes after the key data are allowed and ignored. */
	frame_from_hex(&f, m4_hex);
	put_be16(f.b + 2, 95 + 6);
	CHECK_EQ_INT(eapol_parse_key(f.b, f.len + 6, &k), EAPOL_OK);
	CHECK_EQ_INT(k.frame_len, f.len + 6);
	CHECK_EQ_INT(k.key_data_len, 0);
	for (int v = EAPOL_OK; v <= EAPOL_BAD_CRYPTO; v++)
		CHECK(strcmp(eapol_verdict_str((enum eapol_verdict)v),
			     "unknown verdict") != 0);
}

/* Runs the iterator over hex key data; returns the item count, or -1
 * and the verdict in *bad when it stops on a malformed item. */
static int count_items(const char *hex, enum eapol_verdict *bad)
{
	struct eapol_kde_iter it;
	struct eapol_kde kde;
	enum eapol_kde_step step;
	size_t len;
	uint8_t *b = check_unhex(hex, &len);
	int n = 0;

	eapol_kde_iter_init(&it, b, len);
	while ((step = eapol_kde_next(&it, &kde)) == EAPOL_KDE_ITEM)
		n++;
	*bad = it.bad;
	if (step == EAPOL_KDE_BAD)
		CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_BAD);
	free(b);
	return step == EAPOL_KDE_END ? n : -1;
}

static void test_kde_iter(void)
{
	static const uint8_t wpa_ie[7] = {0xdd, 0x05, 0x00, 0x50,
					  0xf2, 0x01, 0x01};
	static const uint8_t short_dd[5] = {0xdd, 0x03, 0x00, 0x0f, 0xac};
	enum eapol_verdict bad;
	struct eapol_kde_iter it;
	struct eapol_kde kde;

	CHECK_EQ_INT(count_items("", &bad), 0);
	CHECK_EQ_INT(count_items(RSNE, &bad), 1);
	CHECK_EQ_INT(count_items(RSNE "dd", &bad), 1);
	CHECK_EQ_INT(count_items(RSNE "dd00", &bad), 1);
	CHECK_EQ_INT(count_items(RSNE "dd0000000000", &bad), 1);
	CHECK_EQ_INT(count_items(RSNE "00", &bad), 1);
	CHECK_EQ_INT(count_items(RSNE "000000", &bad), 1);
	CHECK_EQ_INT(count_items("dd0000000000000000000000000000", &bad), 0);
	CHECK_EQ_INT(count_items(RSNE "dd000001", &bad), -1);
	CHECK_EQ_INT(bad, EAPOL_BAD_KDE_PADDING);
	CHECK_EQ_INT(count_items(RSNE "30", &bad), -1);
	CHECK_EQ_INT(bad, EAPOL_BAD_KDE_LEN);
	/* An RSN element one byte longer than the data. */
	CHECK_EQ_INT(count_items("3015" RSNE_BODY, &bad), -1);
	CHECK_EQ_INT(bad, EAPOL_BAD_KDE_LEN);
	/* An SSID-like 00 element followed by data is an element. */
	CHECK_EQ_INT(count_items("0001aa" RSNE, &bad), 2);
	/* A WPA vendor element is an element, not a KDE. */
	eapol_kde_iter_init(&it, wpa_ie, sizeof(wpa_ie));
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
	CHECK(!kde.is_kde);
	CHECK_EQ_INT(kde.id, 0xdd);
	CHECK_EQ_INT(kde.data_len, 5);
	/* dd with 3 bytes cannot hold OUI and type: not a KDE either. */
	eapol_kde_iter_init(&it, short_dd, sizeof(short_dd));
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
	CHECK(!kde.is_kde);
	eapol_kde_iter_init(&it, NULL, 0);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_END);
}

static void test_kde_builders(void)
{
	static const uint8_t gtk[32] = {1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t ipn[6] = {9, 0, 0, 0, 0, 0};
	uint8_t pmkid[16], buf[128], *p;
	struct eapol_kde_iter it;
	struct eapol_kde kde;
	struct eapol_igtk igtk;
	struct eapol_gtk g;

	memset(pmkid, 0x44, sizeof(pmkid));
	p = eapol_put_pmkid_kde(buf, buf + sizeof(buf), pmkid);
	CHECK(p == buf + 22);
	p = eapol_put_gtk_kde(p, buf + sizeof(buf), 2, true, gtk, 32);
	CHECK(p == buf + 22 + 40);
	p = eapol_put_igtk_kde(p, buf + sizeof(buf), 4, ipn, gtk, 16);
	CHECK(p == buf + 62 + 30);
	if (!p)
		return;
	eapol_kde_iter_init(&it, buf, (size_t)(p - buf));
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
	CHECK(kde.is_kde && kde.kde_type == EAPOL_KDE_PMKID);
	CHECK_EQ_INT(kde.data_len, 16);
	CHECK_MEM(kde.data, pmkid, 16);
	CHECK_EQ_INT(eapol_kde_gtk(&kde, &g), EAPOL_BAD_GTK_KDE);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
	CHECK_EQ_INT(eapol_kde_gtk(&kde, &g), EAPOL_OK);
	CHECK_EQ_INT(g.key_id, 2);
	CHECK(g.tx);
	CHECK_EQ_INT(g.key_len, 32);
	CHECK_MEM(g.key, gtk, 32);
	CHECK_EQ_INT(eapol_kde_igtk(&kde, &igtk), EAPOL_BAD_IGTK_KDE);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_ITEM);
	CHECK_EQ_INT(eapol_kde_igtk(&kde, &igtk), EAPOL_OK);
	CHECK_EQ_INT(igtk.key_id, 4);
	CHECK_MEM(igtk.ipn, ipn, 6);
	CHECK_EQ_INT(igtk.key_len, 16);
	CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_END);
	CHECK_EQ_INT(eapol_find_gtk(buf, (size_t)(p - buf), &g), EAPOL_OK);
	CHECK_EQ_INT(eapol_find_gtk(buf, 22, &g), EAPOL_BAD_NO_GTK);
	/* A lone dd at the end is padding; dd and a length is not. */
	CHECK_EQ_INT(eapol_find_gtk(buf, 23, &g), EAPOL_BAD_NO_GTK);
	CHECK_EQ_INT(eapol_find_gtk(buf, 24, &g), EAPOL_BAD_KDE_LEN);

	CHECK(eapol_put_gtk_kde(buf, buf + sizeof(buf), 4, false, gtk, 16) ==
	      NULL);
	CHECK(eapol_put_gtk_kde(buf, buf + sizeof(buf), 0, false, gtk, 4) ==
	      NULL);
	CHECK(eapol_put_gtk_kde(buf, buf + sizeof(buf), 0, false, gtk, 33) ==
	      NULL);
	CHECK(eapol_put_gtk_kde(buf, buf + 23, 0, false, gtk, 16) == NULL);
	CHECK(eapol_put_gtk_kde(buf, buf + 24, 0, false, gtk, 16) == buf + 24);
	CHECK(eapol_put_pmkid_kde(buf, buf + 21, pmkid) == NULL);
	CHECK(eapol_put_pmkid_kde(NULL, buf + 22, pmkid) == NULL);
	CHECK(eapol_put_igtk_kde(buf, buf + sizeof(buf), 3, ipn, gtk, 16) ==
	      NULL);
	CHECK(eapol_put_igtk_kde(buf, buf + sizeof(buf), 5, ipn, gtk, 24) ==
	      NULL);
}

static void test_pad(void)
{
	uint8_t buf[64];

	for (size_t len = 0; len <= 40; len++) {
		size_t want = len < 16 ? 16 : (len + 7) / 8 * 8;
		uint8_t *p;
		struct eapol_kde_iter it;
		struct eapol_kde kde;

		memset(buf, 0x77, sizeof(buf));
		p = eapol_pad_key_data(buf, buf + len, buf + sizeof(buf));
		CHECK(p == buf + want);
		if (want > len) {
			CHECK_EQ_INT(buf[len], 0xdd);
			for (size_t i = len + 1; i < want; i++)
				CHECK_EQ_INT(buf[i], 0);
		}
		CHECK_EQ_INT(buf[want], 0x77); /* nothing written past it */
		if (want > len)
			CHECK(eapol_pad_key_data(buf, buf + len,
						 buf + want - 1) == NULL);
		/* Padding alone iterates to a clean end. */
		eapol_kde_iter_init(&it, buf + len, want - len);
		CHECK_EQ_INT(eapol_kde_next(&it, &kde), EAPOL_KDE_END);
	}
	CHECK(eapol_pad_key_data(buf, NULL, buf + 16) == NULL);
}


int main(void)
{
	check_begin("test_eapol");
	if (crypto_init() != 0 || !(ws = crypto_ws_new())) {
		fprintf(stderr, "crypto_init failed\n");
		return 1;
	}
	RUN(test_llc_snap);
	RUN(test_hdr);
	RUN(test_parse_vectors);
	RUN(test_verify_mic_vectors);
	RUN(test_unwrap_m3);
	RUN(test_unwrap_errors);
	RUN(test_classify_rules);
	RUN(test_rebuild_vectors);
	RUN(test_build_m3);
	RUN(test_builder_bounds);
	RUN(test_truncations);
	RUN(test_corrupt_lengths);
	RUN(test_kde_iter);
	RUN(test_kde_builders);
	RUN(test_pad);
	crypto_ws_free(ws);
	crypto_cleanup();
	return check_end();
}
