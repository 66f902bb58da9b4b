/*
 * test_crypto_captures.c - crypto/ against the bytes of real handshakes
 * recorded by real devices (shared/captures, see its README): the PMK from
 * the passphrase, the PTK from the nonces on the air, the MIC of each
 * EAPOL-Key frame recomputed over the captured bytes, the GTK unwrapped
 * from M3, and CCMP frames decrypted with the derived keys.
 *
 * The captures are read in place with libpcap and parsed here just enough
 * to reach the frames: DLT 105 is a bare 802.11 frame, DLT 127 puts a
 * radiotap header first (its length at bytes 2-3, little-endian; an FCS at
 * the end when the Flags field has bit 0x10). Each test SKIPs when the
 * captures folder is absent.
 */
#include "check.h"

#include <pcap/pcap.h>

#include "rapd/bytes.h"
#include "rapd/crypto.h"

#define DLT_80211 105
#define DLT_RADIOTAP 127
#define MAX_FRAMES 256
#define MAX_FRAME 2400
#define MIC_OFFSET 81
#define RT_FLAG_FCS 0x10

struct frame {
	size_t len;
	uint8_t data[MAX_FRAME];
};

struct capture {
	size_t n;
	struct frame f[MAX_FRAMES];
};

/* An EAPOL-Key frame found in a capture: 802.1X header onward. */
struct eapol {
	const struct frame *frame; /* the 802.11 frame carrying it */
	const uint8_t *p;
	size_t len;
};

static struct crypto_ws *ws;

/* Radiotap: the Flags field (present bit 1) follows the presence words
 * and TSFT (bit 0, 8 bytes aligned to 8) when that is present. */
static bool radiotap_has_fcs(const uint8_t *p, size_t rt_len)
{
	size_t off = 4;
	uint32_t first;

	do { /* bit 31 of a presence word: another word follows */
		if (off + 4 > rt_len)
			return false;
		off += 4;
	} while (p[off - 1] & 0x80);
	first = get_le32(p + 4);
	if (!(first & 2))
		return false;
	if (first & 1)
		off = ((off + 7) & ~(size_t)7) + 8;
	return off < rt_len && (p[off] & RT_FLAG_FCS);
}

/* Loads every frame of a capture as a bare 802.11 frame without FCS. */
static struct capture *load(const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(path, err);
	struct capture *cap = calloc(1, sizeof(*cap));
	struct pcap_pkthdr *h;
	const uint8_t *pkt;
	int dlt;

	CHECK(pc != NULL && cap != NULL);
	if (!pc || !cap) {
		if (pc)
			pcap_close(pc);
		free(cap);
		return NULL;
	}
	dlt = pcap_datalink(pc);
	CHECK(dlt == DLT_80211 || dlt == DLT_RADIOTAP);
	while (pcap_next_ex(pc, &h, &pkt) == 1 && cap->n < MAX_FRAMES) {
		size_t len = h->caplen, rt = 0;
		struct frame *f = &cap->f[cap->n];

		if (dlt == DLT_RADIOTAP) {
			if (len < 4 || (rt = pkt[2] | pkt[3] << 8) > len)
				continue;
			if (radiotap_has_fcs(pkt, rt) && len - rt >= 4)
				len -= 4;
		}
		if (len - rt > MAX_FRAME)
			continue;
		f->len = len - rt;
		memcpy(f->data, pkt + rt, f->len);
		cap->n++;
	}
	pcap_close(pc);
	return cap;
}

/* An unprotected data frame whose body is LLC/SNAP + 88-8e (802.1X). */
static bool find_eapol(const struct frame *f, struct eapol *e)
{
	static const uint8_t snap[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0,
					 0x88, 0x8e };
	size_t hl = crypto_mpdu_hdr_len(f->data, f->len);
	size_t body_len;

	if (!hl || (f->data[0] & 0x0c) != 0x08 || (f->data[1] & 0x40))
		return false;
	body_len = f->len - hl;
	if (body_len < 8 + 99 || memcmp(f->data + hl, snap, 8))
		return false;
	e->frame = f;
	e->p = f->data + hl + 8;
	e->len = 4 + get_be16(e->p + 2);
	if (e->p[1] != 3 || e->len > body_len - 8 || e->len < 99)
		return false;
	return true;
}

enum msg { M1, M2, M3, M4 };

/* 12.7.6: message number from the Key Information Ack/MIC/Secure bits. */
static enum msg msg_number(const struct eapol *e)
{
	unsigned ki = get_be16(e->p + 5);
	bool ack = ki & 0x0080, mic = ki & 0x0100, secure = ki & 0x0200;

	if (ack)
		return mic ? M3 : M1;
	return secure ? M4 : M2;
}

/* Collects up to 4 copies of each message, in capture order. */
struct handshake {
	struct eapol m[4][4];
	size_t n[4];
};

static void collect(const struct capture *cap, struct handshake *hs)
{
	memset(hs, 0, sizeof(*hs));
	for (size_t i = 0; i < cap->n; i++) {
		struct eapol e;
		enum msg m;

		if (!find_eapol(&cap->f[i], &e))
			continue;
		m = msg_number(&e);
		if (hs->n[m] < 4)
			hs->m[m][hs->n[m]++] = e;
	}
}

/* Recomputes the MIC over the captured frame with its MIC field zeroed. */
static bool mic_ok(enum crypto_mic_alg alg, const uint8_t *kck,
		   const struct eapol *e, uint8_t carried[16])
{
	uint8_t copy[MAX_FRAME], mic[16];

	memcpy(copy, e->p, e->len);
	memcpy(carried, copy + MIC_OFFSET, 16);
	memset(copy + MIC_OFFSET, 0, 16);
	if (crypto_eapol_mic(ws, alg, kck, copy, e->len, mic))
		return false;
	return crypto_equal(mic, carried, 16);
}

/* Unwraps M3's key data and returns the GTK of its GTK KDE (12.7.2,
 * Table 12-10: dd len 00-0f-ac 01 KeyID/Tx reserved GTK). */
static size_t m3_gtk(const struct eapol *m3, const uint8_t *kek,
		     uint8_t gtk[32])
{
	uint8_t kd[512];
	size_t kd_len = get_be16(m3->p + 97), pos = 0;

	CHECK(kd_len >= 24 && kd_len <= sizeof(kd) + 8 &&
	      99 + kd_len <= m3->len);
	if (crypto_aes_unwrap(ws, kek, 16, m3->p + 99, kd_len, kd))
		return 0;
	kd_len -= 8;
	while (pos + 2 <= kd_len && pos + 2 + kd[pos + 1] <= kd_len) {
		const uint8_t *el = kd + pos;

		if (el[0] == 0xdd && el[1] >= 6 + 16 && el[1] <= 6 + 32 &&
		    el[2] == 0x00 && el[3] == 0x0f && el[4] == 0xac &&
		    el[5] == 0x01) {
			memcpy(gtk, el + 8, el[1] - 6u);
			return el[1] - 6u;
		}
		if (el[0] == 0xdd && el[1] == 0)
			break; /* the standard's dd 00.. padding */
		pos += 2 + el[1];
	}
	return 0;
}

/* Loads a capture that holds exactly one 4-way handshake; NULL (after a
 * failed CHECK) when it does not. The caller frees the capture. */
static struct capture *load_one_handshake(const char *path,
					  struct handshake *hs)
{
	struct capture *cap = load(path);

	if (!cap)
		return NULL;
	collect(cap, hs);
	CHECK(hs->n[M1] == 1 && hs->n[M2] == 1 && hs->n[M3] == 1 &&
	      hs->n[M4] == 1);
	if (check_failures) {
		free(cap);
		return NULL;
	}
	return cap;
}

/* J.4.1: the PMK of a passphrase network, its PSK checked on the way. */
static void pmk_from_passphrase(const char *pass, const char *ssid,
				const char *psk_hex, struct crypto_pmk *pmk)
{
	uint8_t psk[32];

	CHECK(crypto_psk_from_passphrase(pass, (const uint8_t *)ssid,
					 strlen(ssid), psk) == 0);
	CHECK_HEX(psk, psk_hex);
	CHECK(crypto_pmk_init(pmk, psk) == 0);
	crypto_wipe(psk, sizeof(psk));
}

/* The PTK from the nonces of the first M1 and M2, after checking the
 * addresses of M1 (which travels AP -> STA). */
static void ptk_from_m1_m2(const struct handshake *hs,
			   const struct crypto_pmk *pmk, enum crypto_hash hash,
			   const char *aa_hex, const char *spa_hex,
			   struct crypto_ptk *ptk)
{
	const uint8_t *aa = hs->m[M1][0].frame->data + 10;
	const uint8_t *spa = hs->m[M1][0].frame->data + 4;

	CHECK_HEX(aa, aa_hex);
	CHECK_HEX(spa, spa_hex);
	CHECK(crypto_ptk_derive(pmk, hash, aa, spa, hs->m[M1][0].p + 17,
				hs->m[M2][0].p + 17, ptk) == 0);
}

static void check_ptk(const struct crypto_ptk *ptk, const char *kck_hex,
		      const char *kek_hex, const char *tk_hex)
{
	CHECK_HEX(ptk->kck, kck_hex);
	CHECK_HEX(ptk->kek, kek_hex);
	CHECK_HEX(ptk->tk, tk_hex);
}

/* wpa2.eapol.cap: Harkonen / 12345678, key descriptor version 2. */
static void test_capture_harkonen(void)
{
	const char *path = check_capture("wpa2.eapol.cap");
	struct capture *cap;
	struct handshake hs;
	struct crypto_pmk pmk;
	struct crypto_ptk ptk;
	uint8_t carried[16], gtk[32];

	if (!path)
		SKIP("captures absent");
	cap = load_one_handshake(path, &hs);
	if (!cap)
		return;
	pmk_from_passphrase("12345678", "Harkonen",
			    "ee51883793a6f68e9615fe73c80a3aa6"
			    "f2dd0ea537bce627b929183cc6e57925", &pmk);
	ptk_from_m1_m2(&hs, &pmk, CRYPTO_SHA1, "00146c7e4080", "001346fe320c",
		       &ptk);
	check_ptk(&ptk, "ea0e404633c802450302868ccaa749de",
		  "5cba5abcb267e2de1d5e21e57accd507",
		  "9b31e9ff220e132ae4f6ed9ef1acc885");
	CHECK(mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk.kck, &hs.m[M2][0], carried));
	CHECK_HEX(carried, "d5355382b8a9b806dcaf99cdaf564eb6");
	CHECK(mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk.kck, &hs.m[M3][0], carried));
	CHECK_HEX(carried, "1e228672d2dee930714f688c5746028d");
	CHECK(mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk.kck, &hs.m[M4][0], carried));
	CHECK_HEX(carried, "9dc81ca6c4c729648de7f00b436335c8");
	CHECK_EQ_INT(m3_gtk(&hs.m[M3][0], ptk.kek, gtk), 16);
	CHECK_HEX(gtk, "d91cf489de428889c33d732d2e1065f7");
	/* A wrong KCK fails every MIC. */
	ptk.kck[0] ^= 1;
	CHECK(!mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk.kck, &hs.m[M2][0], carried));
	crypto_wipe(&pmk, sizeof(pmk));
	free(cap);
}

/* Decrypts every protected frame of the given type (data 0x08, mgmt 0x00)
 * with key; counts successes and checks each with check_body. */
static size_t decrypt_all(const struct capture *cap, uint8_t type,
			  const uint8_t *key,
			  bool (*check_body)(const uint8_t *, size_t))
{
	static uint8_t out[MAX_FRAME];
	size_t ok = 0, out_len, hl;
	uint64_t pn;

	for (size_t i = 0; i < cap->n; i++) {
		const struct frame *f = &cap->f[i];

		if (f->len < 2 || (f->data[0] & 0x0c) != type ||
		    !(f->data[1] & 0x40))
			continue;
		if (crypto_ccmp_decrypt(ws, key, f->data, f->len, out,
					&out_len, &pn))
			continue;
		hl = crypto_mpdu_hdr_len(out, out_len);
		CHECK(hl && !(out[1] & 0x40));
		CHECK(check_body(out + hl, out_len - hl));
		ok++;
	}
	return ok;
}

static bool is_arp(const uint8_t *body, size_t len)
{
	static const uint8_t snap_arp[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0,
					     0x08, 0x06 };

	return len >= 8 + 28 && !memcmp(body, snap_arp, 8);
}

/* An 802.2 LLC body: SNAP (aa aa 03) or the null XID frame (00 01 af)
 * some stations broadcast after associating. */
static bool is_llc(const uint8_t *body, size_t len)
{
	if (len >= 8 && body[0] == 0xaa && body[1] == 0xaa && body[2] == 0x03)
		return true;
	return len >= 3 && body[0] == 0x00 && body[1] == 0x01 &&
	       (body[2] & 0xef) == 0xaf;
}

/* A Block Ack action frame (category 3), ADDBA request or response:
 * robust (9.4.1.11, Table 9-51), so protected under the TK with PMF. */
static bool is_addba(const uint8_t *body, size_t len)
{
	return len >= 3 && body[0] == 3 && body[1] <= 1;
}

/* Finds the M2 whose MIC verifies under the PTK from its SNonce and the
 * ANonce of M3 (the capture repeats M1/M2). */
static bool zn2i_ptk(const struct handshake *hs, const struct crypto_pmk *pmk,
		     struct crypto_ptk *ptk, uint8_t m2_mic[16])
{
	const uint8_t *aa = hs->m[M3][0].frame->data + 10;
	const uint8_t *spa = hs->m[M3][0].frame->data + 4;

	for (size_t i = 0; i < hs->n[M2]; i++) {
		CHECK(crypto_ptk_derive(pmk, CRYPTO_SHA1, aa, spa,
					hs->m[M3][0].p + 17,
					hs->m[M2][i].p + 17, ptk) == 0);
		if (mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk->kck, &hs->m[M2][i],
			   m2_mic))
			return true;
	}
	return false;
}

/* zn2i.pcap: dlink / 12345678, radiotap, a CCMP data frame with ARP. */
static void test_capture_dlink(void)
{
	const char *path = check_capture("zn2i.pcap");
	struct capture *cap;
	struct handshake hs;
	struct crypto_pmk pmk;
	struct crypto_ptk ptk;
	uint8_t carried[16];

	if (!path)
		SKIP("captures absent");
	cap = load(path);
	if (!cap)
		return;
	CHECK_EQ_INT(cap->n, 12);
	collect(cap, &hs);
	CHECK(hs.n[M1] >= 1 && hs.n[M2] >= 1 && hs.n[M3] == 1 &&
	      hs.n[M4] == 1);
	if (check_failures)
		goto out;
	pmk_from_passphrase("12345678", "dlink",
			    "4e3d23d83111c0a86fbf519912775d0d"
			    "cd713659ab7615cfac435988771ae2cc", &pmk);
	CHECK_HEX(hs.m[M3][0].frame->data + 10, "00064f123456");
	CHECK(zn2i_ptk(&hs, &pmk, &ptk, carried));
	CHECK_HEX(carried, "15b856857458dd153260fbd56651e084");
	check_ptk(&ptk, "4ed97b7f7224f2459cea8aa0e5c2b306",
		  "941279573df7a7a6b2a335f2883aec12",
		  "f920b3400ddb07ee9e60676dc89b8afc");
	CHECK(mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk.kck, &hs.m[M3][0], carried));
	CHECK(mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk.kck, &hs.m[M4][0], carried));
	/* Two protected QoS data frames; the one sent before this handshake
	 * was under another key; the other is the ARP request. */
	CHECK_EQ_INT(decrypt_all(cap, 0x08, ptk.tk, is_arp), 1);
	crypto_wipe(&pmk, sizeof(pmk));
out:
	free(cap);
}

/* n-02.cap: Neheb / bo$$password, AKM 6: KDF-SHA256 and AES-CMAC MICs,
 * PMF (protected action frames under the TK), group data under the GTK. */
static void test_capture_neheb(void)
{
	const char *path = check_capture("n-02.cap");
	struct capture *cap;
	struct handshake hs;
	struct crypto_pmk pmk;
	struct crypto_ptk ptk;
	uint8_t carried[16], gtk[32];

	if (!path)
		SKIP("captures absent");
	cap = load_one_handshake(path, &hs);
	if (!cap)
		return;
	CHECK_EQ_INT(get_be16(hs.m[M2][0].p + 5) & 7, 3); /* descriptor v3 */
	pmk_from_passphrase("bo$$password", "Neheb",
			    "fb57668cd338374412c26208d79aa5c3"
			    "0ce40a110224f3cfb592a8f2e8bf53e8", &pmk);
	ptk_from_m1_m2(&hs, &pmk, CRYPTO_SHA256, "b0b98a568dea", "2cf0a2ddbcd0",
		       &ptk);
	check_ptk(&ptk, "2c76dc592c3b671bac230f6c9e38a062",
		  "a0ddc98f4ab4d6129022fc7f45fe9264",
		  "d72088051b391718cafa478a9b438c3d");
	CHECK(mic_ok(CRYPTO_MIC_AES_CMAC, ptk.kck, &hs.m[M2][0], carried));
	CHECK_HEX(carried, "2e13c40ca1c2e4e2037f99a2da18a46b");
	CHECK(mic_ok(CRYPTO_MIC_AES_CMAC, ptk.kck, &hs.m[M3][0], carried));
	CHECK(mic_ok(CRYPTO_MIC_AES_CMAC, ptk.kck, &hs.m[M4][0], carried));
	CHECK(!mic_ok(CRYPTO_MIC_HMAC_SHA1, ptk.kck, &hs.m[M2][0], carried));
	/* The five protected ADDBA action frames after the handshake
	 * (management nonce flag, 12.5.3.3.4); tshark decrypts the same
	 * five. Those before it were under an earlier TK. */
	CHECK_EQ_INT(decrypt_all(cap, 0x00, ptk.tk, is_addba), 5);
	/* Group data is under the GTK that M3 carries. The AP kept that GTK
	 * across this handshake, so all 81 protected data frames decrypt,
	 * not only the 15 after M3 that tshark can attribute to it. */
	CHECK_EQ_INT(m3_gtk(&hs.m[M3][0], ptk.kek, gtk), 16);
	CHECK_EQ_INT(decrypt_all(cap, 0x08, gtk, is_llc), 81);
	CHECK_EQ_INT(decrypt_all(cap, 0x08, ptk.tk, is_llc), 0);
	crypto_wipe(&pmk, sizeof(pmk));
	crypto_wipe(gtk, sizeof(gtk));
	free(cap);
}

int main(void)
{
	check_begin("test_crypto_captures");
	if (crypto_init() != 0 || !(ws = crypto_ws_new())) {
		fprintf(stderr, "crypto_init or crypto_ws_new failed\n");
		return 1;
	}
	RUN(test_capture_harkonen);
	RUN(test_capture_dlink);
	RUN(test_capture_neheb);
	crypto_ws_free(ws);
	crypto_cleanup();
	return check_end();
}
