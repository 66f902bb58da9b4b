/*
 * fuzz_eapol.c - libFuzzer target for the EAPOL codec.
 *
 * Input: an 802.1X frame (what follows LLC/SNAP; seeds are cut from the
 * captures by tests/fuzz/mkseeds.c). Runs the 802.1X header and EAPOL-Key
 * parsers, the classifier, the MIC check (its bounded stack copy), the key
 * data unwrap, and the KDE iterator over the key data and over the whole
 * input. Properties checked beyond "no crash": a parsed frame rebuilt from
 * its fields parses back to the same fields, and the iterator always makes
 * progress and stops.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/crypto.h>
#include <rapd/eapol.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct crypto_ws *ws;
static const uint8_t fuzz_key[16] = {0x5c, 0xba, 0x5a, 0xbc, 0xb2, 0x67,
				     0xe2, 0xde, 0x1d, 0x5e, 0x21, 0xe5,
				     0x7a, 0xcc, 0xd5, 0x07};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (crypto_init() != 0 || !(ws = crypto_ws_new()))
		abort();
	return 0;
}

static void walk_kdes(const uint8_t *kd, size_t len)
{
	struct eapol_kde_iter it;
	struct eapol_kde kde;
	struct eapol_igtk igtk;
	struct eapol_gtk gtk;
	size_t items = 0;

	eapol_kde_iter_init(&it, kd, len);
	while (eapol_kde_next(&it, &kde) == EAPOL_KDE_ITEM) {
		if (kde.elem_len < 2 || ++items > len)
			abort(); /* no progress */
		(void)eapol_kde_gtk(&kde, &gtk);
		(void)eapol_kde_igtk(&kde, &igtk);
	}
	(void)eapol_find_gtk(kd, len, &gtk);
}

/* Rebuilds the frame from its parsed fields: it must parse back alike. */
static void check_rebuild(const struct eapol_key *k)
{
	struct eapol_key_params kp = {
		.version = k->version,
		.desc_type = k->desc_type,
		.info = k->info,
		.key_len = k->key_len,
		.replay_counter = k->replay_counter,
		.nonce = k->nonce,
		.iv = k->iv,
		.rsc = k->rsc,
		.key_data = k->key_data,
		.key_data_len = k->key_data_len,
	};
	uint8_t buf[EAPOL_KEY_MAX_LEN];
	struct eapol_key b;
	uint8_t *end = eapol_build_key(buf, buf + sizeof(buf), &kp);

	if (!end || eapol_parse_key(buf, (size_t)(end - buf), &b) != EAPOL_OK)
		abort();
	if (b.info != k->info || b.replay_counter != k->replay_counter ||
	    b.key_data_len != k->key_data_len ||
	    eapol_classify(&b) != eapol_classify(k) ||
	    memcmp(b.nonce, k->nonce, EAPOL_NONCE_LEN) != 0 ||
	    memcmp(b.key_data, k->key_data, k->key_data_len) != 0)
		abort();
}

static void fuzz_key_frame(const struct eapol_key *k)
{
	uint8_t plain[EAPOL_KEY_MAX_LEN];
	enum crypto_mic_alg alg;
	struct eapol_gtk gtk;
	size_t n;

	(void)eapol_msg_str(eapol_classify(k));
	if (eapol_key_mic_alg(k, &alg))
		(void)eapol_verify_mic(ws, alg, fuzz_key, k);
	walk_kdes(k->key_data, k->key_data_len);
	if (eapol_unwrap_key_data(ws, fuzz_key, k, plain, sizeof(plain), &n) ==
	    EAPOL_OK)
		walk_kdes(plain, n);
	(void)eapol_unwrap_gtk(ws, fuzz_key, k, plain, sizeof(plain), &gtk);
	check_rebuild(k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eapol_hdr hdr;
	struct eapol_key key;
	enum eapol_verdict v;

	(void)eapol_is_llc_snap(data, size);
	if (eapol_parse_hdr(data, size, &hdr) == EAPOL_OK &&
	    hdr.body + hdr.body_len > data + size)
		abort();
	v = eapol_parse_key(data, size, &key);
	(void)eapol_verdict_str(v);
	if (v == EAPOL_OK) {
		if (key.frame_len > size ||
		    key.key_data + key.key_data_len > data + key.frame_len)
			abort();
		fuzz_key_frame(&key);
	}
	walk_kdes(data, size);
	return 0;
}
