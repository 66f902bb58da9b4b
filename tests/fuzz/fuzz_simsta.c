/*
 * fuzz_simsta.c - libFuzzer target for the simulated station's receive
 * path (mlme/simsta.c, mlme/simsta_eapol.c): every frame it takes comes
 * from the air.
 *
 * Input: byte 0 picks the station's state (scanning, authenticating,
 * associating, in the 4-way handshake after M1, connected) and its AKM;
 * then records of [kind, len, bytes]: kind 0 hands the bytes over as a
 * whole frame, kind 1 behind a management header from the BSS (subtype in
 * the low bits of the kind octet's upper half), kind 2 behind a FromDS
 * data header and LLC/SNAP (an EAPOL frame), kind 3 runs the timer. The
 * headers put the fuzzer past the address checks at once. Properties
 * beyond "no crash": every verdict has a name, the station never emits
 * more than SIMSTA_OUT_MAX frames, each within SIMSTA_FRAME_MAX, and after
 * its timer ran its deadline is in the future (or it is IDLE, about to
 * scan): a caller never spins on it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/crypto.h>
#include <rapd/eapol.h>
#include <rapd/ie.h>
#include <rapd/ieee80211.h>
#include <rapd/simsta.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t bssid[6] = {0x02, 0xaa, 0, 0, 0, 1};
static const uint8_t addr[6] = {0x02, 0, 0, 0, 0, 7};
static struct crypto_ws *ws;
static struct crypto_pmk pmk;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t key[CRYPTO_PMK_LEN];

	(void)argc;
	(void)argv;
	memset(key, 0x11, sizeof(key));
	if (crypto_init() != 0 || !(ws = crypto_ws_new()) ||
	    crypto_pmk_init(&pmk, key) != 0)
		abort();
	return 0;
}

/* Puts s where byte 0 says, with what that state would have learnt. */
static void force_state(struct simsta *s, uint8_t sel)
{
	static const enum simsta_state st[] = {
		SIMSTA_ST_PROBING,     SIMSTA_ST_AUTHENTICATING,
		SIMSTA_ST_ASSOCIATING, SIMSTA_ST_HANDSHAKE,
		SIMSTA_ST_CONNECTED,
	};
	struct rsn_config rsn = {.group_cipher = RSN_CIPHER_CCMP,
				 .pairwise_ciphers = RSN_CIPHER_CCMP};
	uint8_t *p;

	s->state = st[(sel & 0x0f) % 5];
	s->akm = sel & 0x10 ? RSN_AKM_PSK_SHA256 : RSN_AKM_PSK;
	rsn.akms = s->akm;
	p = rsn_put_ie(s->ap_rsn, s->ap_rsn + sizeof(s->ap_rsn), &rsn);
	s->ap_rsn_len = (uint16_t)(p - s->ap_rsn);
	memcpy(s->own_rsn, s->ap_rsn, s->ap_rsn_len);
	s->own_rsn_len = (uint8_t)s->ap_rsn_len;
	s->ap_rates.n = 1;
	s->ap_rates.rate[0] = 0x02;
	s->eapol_version = EAPOL_VERSION_2004;
	memset(&s->ptk, 0x3c, sizeof(s->ptk));
	memset(s->anonce, 0x5a, sizeof(s->anonce));
	if (s->state >= SIMSTA_ST_HANDSHAKE) {
		s->m1_seen = sel & 0x20;
		s->replay_seen = true;
		s->replay = 1;
	}
	s->ptk_installed = s->state == SIMSTA_ST_CONNECTED;
	s->deadline = 1000;
}

/* Builds record bytes into frame behind the header its kind asks for. */
static size_t wrap(uint8_t kind, const uint8_t *b, size_t n, uint8_t *frame,
		   size_t size)
{
	const uint8_t *end = frame + size;
	uint8_t *p = frame;

	switch (kind & 3) {
	case 1:
		p = wlan_put_mgmt_hdr(p, end, kind >> 4, addr, bssid, bssid, 0);
		break;
	case 2:
		p = wlan_put_data_hdr(p, end, WLAN_FC_FROMDS, addr, bssid,
				      bssid, 0, -1);
		p = eapol_put_llc_snap(p, end);
		break;
	default:
		break;
	}
	if (!p || (size_t)(end - p) < n)
		return 0;
	memcpy(p, b, n);
	return (size_t)(p + n - frame);
}

static void check_out(const struct simsta *s, const struct simsta_out *out,
		      uint64_t now, bool timer)
{
	if (out->n > SIMSTA_OUT_MAX)
		abort();
	for (unsigned i = 0; i < out->n; i++)
		if (out->f[i].len > SIMSTA_FRAME_MAX || out->f[i].len < 10)
			abort();
	if (timer && s->deadline <= now && s->state != SIMSTA_ST_IDLE)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t frame[4096];
	struct simsta_counters cnt;
	struct simsta_params params;
	struct simsta_ctx ctx = {.params = &params, .ws = ws, .cnt = &cnt};
	struct simsta_cfg cfg = {.ssid = (const uint8_t *)"fuzz",
				 .ssid_len = 4,
				 .pmk = &pmk,
				 .seed = 1};
	struct simsta_out out;
	struct simsta s;
	uint64_t now = 1000;
	size_t i = 1;

	if (size < 1)
		return 0;
	memset(&cnt, 0, sizeof(cnt));
	simsta_params_default(&params);
	params.keepalive_ns = 1000000;
	memcpy(cfg.addr, addr, 6);
	memcpy(cfg.bssid, bssid, 6);
	if (simsta_init(&s, &cfg) != 0)
		abort();
	force_state(&s, data[0]);
	while (i + 2 <= size) {
		uint8_t kind = data[i];
		size_t n = data[i + 1], len;

		i += 2;
		if (n > size - i)
			n = size - i;
		simsta_out_reset(&out);
		now += 1000;
		if ((kind & 3) == 3) {
			now = s.deadline == SIMSTA_NEVER ? now : s.deadline;
			simsta_timeout(&ctx, &s, now, &out);
		} else {
			len = wrap(kind, data + i, n, frame, sizeof(frame));
			if (simsta_verdict_name(simsta_rx(&ctx, &s, frame, len,
							  now, &out))[0] == '?')
				abort();
		}
		check_out(&s, &out, now, (kind & 3) == 3);
		i += n;
	}
	simsta_wipe(&s);
	return 0;
}
