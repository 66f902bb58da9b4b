/*
 * simsta_names.c - short fixed names of the simulated station's states,
 * failures, verdicts and frame kinds (see include/rapd/simsta.h), for
 * logs, the sim summary and test messages.
 *
 * Pure, any thread; owns only these constant strings. The names are the
 * enum members in lowercase with '-' (SIMSTA_M3_BAD_MIC: "m3-bad-mic"), so
 * a summary line can be grepped back to the check that counted it.
 */
#include <rapd/simsta.h>

const char *simsta_state_name(enum simsta_state st)
{
	switch (st) {
	case SIMSTA_ST_IDLE:
		return "idle";
	case SIMSTA_ST_PROBING:
		return "probing";
	case SIMSTA_ST_AUTHENTICATING:
		return "authenticating";
	case SIMSTA_ST_ASSOCIATING:
		return "associating";
	case SIMSTA_ST_HANDSHAKE:
		return "handshake";
	case SIMSTA_ST_CONNECTED:
		return "connected";
	case SIMSTA_ST_FAILED:
		return "failed";
	case SIMSTA_ST_VANISHED:
		return "vanished";
	}
	return "?";
}

const char *simsta_fail_name(enum simsta_fail f)
{
	switch (f) {
	case SIMSTA_FAIL_NONE:
		return "none";
	case SIMSTA_FAIL_NO_AP:
		return "no-ap";
	case SIMSTA_FAIL_AUTH_TIMEOUT:
		return "auth-timeout";
	case SIMSTA_FAIL_AUTH_REJECTED:
		return "auth-rejected";
	case SIMSTA_FAIL_ASSOC_TIMEOUT:
		return "assoc-timeout";
	case SIMSTA_FAIL_ASSOC_REJECTED:
		return "assoc-rejected";
	case SIMSTA_FAIL_4WAY:
		return "4way";
	case SIMSTA_FAIL_DEAUTHED:
		return "deauthed";
	case SIMSTA_FAIL_COUNT:
		break;
	}
	return "?";
}

const char *simsta_verdict_name(enum simsta_verdict v)
{
	switch (v) {
	case SIMSTA_OK:
		return "ok";
	case SIMSTA_BAD_FRAME:
		return "bad-frame";
	case SIMSTA_NOT_FOR_US:
		return "not-for-us";
	case SIMSTA_NOT_FROM_AP:
		return "not-from-ap";
	case SIMSTA_UNEXPECTED:
		return "unexpected";
	case SIMSTA_LATE:
		return "late";
	case SIMSTA_UNHANDLED:
		return "unhandled";
	case SIMSTA_SILENT:
		return "silent";
	case SIMSTA_CRYPTO_FAILED:
		return "crypto-failed";
	case SIMSTA_BSS_BAD_ELEMS:
		return "bss-bad-elems";
	case SIMSTA_BSS_BAD_SSID:
		return "bss-bad-ssid";
	case SIMSTA_BSS_BAD_CAPAB:
		return "bss-bad-capab";
	case SIMSTA_BSS_NO_RATES:
		return "bss-no-rates";
	case SIMSTA_BSS_NO_RSN:
		return "bss-no-rsn";
	case SIMSTA_BSS_BAD_RSN:
		return "bss-bad-rsn";
	case SIMSTA_BSS_UNSUPPORTED:
		return "bss-unsupported";
	case SIMSTA_AUTH_BAD_ALG:
		return "auth-bad-alg";
	case SIMSTA_AUTH_BAD_SEQ:
		return "auth-bad-seq";
	case SIMSTA_AUTH_REFUSED:
		return "auth-refused";
	case SIMSTA_ASSOC_REFUSED:
		return "assoc-refused";
	case SIMSTA_ASSOC_BAD_AID:
		return "assoc-bad-aid";
	case SIMSTA_ASSOC_BAD_ELEMS:
		return "assoc-bad-elems";
	case SIMSTA_EAPOL_BAD_DATA:
		return "eapol-bad-data";
	case SIMSTA_EAPOL_UNDECRYPTABLE:
		return "eapol-undecryptable";
	case SIMSTA_EAPOL_PN_REPLAY:
		return "eapol-pn-replay";
	case SIMSTA_EAPOL_BAD_KEY:
		return "eapol-bad-key";
	case SIMSTA_EAPOL_BAD_DESC:
		return "eapol-bad-desc";
	case SIMSTA_EAPOL_BAD_MSG:
		return "eapol-bad-msg";
	case SIMSTA_M1_BAD_KEY_INFO:
		return "m1-bad-key-info";
	case SIMSTA_M1_BAD_KEY_LEN:
		return "m1-bad-key-len";
	case SIMSTA_M1_REPLAY:
		return "m1-replay";
	case SIMSTA_M1_ZERO_NONCE:
		return "m1-zero-nonce";
	case SIMSTA_M3_REPLAY:
		return "m3-replay";
	case SIMSTA_M3_BAD_MIC:
		return "m3-bad-mic";
	case SIMSTA_M3_BAD_KEY_INFO:
		return "m3-bad-key-info";
	case SIMSTA_M3_BAD_KEY_LEN:
		return "m3-bad-key-len";
	case SIMSTA_M3_ANONCE_CHANGED:
		return "m3-anonce-changed";
	case SIMSTA_M3_BAD_WRAP:
		return "m3-bad-wrap";
	case SIMSTA_M3_BAD_KEY_DATA:
		return "m3-bad-key-data";
	case SIMSTA_M3_NO_RSN:
		return "m3-no-rsn";
	case SIMSTA_M3_RSN_MISMATCH:
		return "m3-rsn-mismatch";
	case SIMSTA_M3_BAD_GTK:
		return "m3-bad-gtk";
	case SIMSTA_G1_REPLAY:
		return "g1-replay";
	case SIMSTA_G1_BAD_MIC:
		return "g1-bad-mic";
	case SIMSTA_G1_BAD_KEY_INFO:
		return "g1-bad-key-info";
	case SIMSTA_G1_BAD_WRAP:
		return "g1-bad-wrap";
	case SIMSTA_G1_BAD_GTK:
		return "g1-bad-gtk";
	case SIMSTA_LEAVE_BAD_STATE:
		return "leave-bad-state";
	case SIMSTA_VERDICT_COUNT:
		break;
	}
	return "?";
}

const char *simsta_tx_name(enum simsta_tx t)
{
	switch (t) {
	case SIMSTA_TX_PROBE:
		return "probe";
	case SIMSTA_TX_AUTH:
		return "auth";
	case SIMSTA_TX_ASSOC:
		return "assoc";
	case SIMSTA_TX_M2:
		return "m2";
	case SIMSTA_TX_M4:
		return "m4";
	case SIMSTA_TX_G2:
		return "g2";
	case SIMSTA_TX_DEAUTH:
		return "deauth";
	case SIMSTA_TX_DISASSOC:
		return "disassoc";
	case SIMSTA_TX_NULL:
		return "null";
	case SIMSTA_TX_COUNT:
		break;
	}
	return "?";
}
