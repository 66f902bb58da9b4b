/*
 * fuzz_ccmp - CCMP decryption and AES key unwrap on hostile bytes.
 *
 * Both see bytes from the air: a protected data frame, the wrapped key data
 * of an EAPOL-Key frame. The input's first 16 bytes are the key, the rest
 * the frame; a frame that decrypts must encrypt back to itself (same PN,
 * same key ID), which also exercises the header-length logic both share.
 */
#include <rapd/crypto.h>

#include <stdlib.h>
#include <string.h>

static struct crypto_ws *ws;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[4096], back[4096 + 16];
	size_t out_len, back_len;
	uint64_t pn;

	if (!ws) {
		if (crypto_init() || !(ws = crypto_ws_new()))
			abort();
	}
	if (size < 16 || size - 16 > sizeof(out))
		return 0;
	const uint8_t *key = data, *frame = data + 16;
	size_t len = size - 16;

	if (crypto_ccmp_decrypt(ws, key, frame, len, out, &out_len, &pn) == 0) {
		unsigned key_id = frame[crypto_mpdu_hdr_len(frame, len) + 3] >> 6;

		if (crypto_ccmp_encrypt(ws, key, pn, key_id, out, out_len, back,
					&back_len) != 0 ||
		    back_len != len)
			abort();
	}
	if (len >= 24 && len % 8 == 0)
		(void)crypto_aes_unwrap(ws, key, 16, frame, len, out);
	return 0;
}
