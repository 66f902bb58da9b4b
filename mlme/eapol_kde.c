/*
 * eapol_kde.c - the key data of EAPOL-Key frames: the element/KDE
 * iterator, the GTK, IGTK and PMKID KDEs, padding, and AES key wrap of the
 * key data of M3 and G1 (see include/rapd/eapol.h).
 *
 * Pure code: called by the workers' EAPOL state machines, by rapd-trace and
 * by the benchmark's simulated stations, from any thread. It owns nothing:
 * plaintext key data (GTK, IGTK) lives in the caller's buffer, which the
 * caller wipes.
 *
 * Follows IEEE Std 802.11-2020 12.7.2 (key data, its padding and its
 * encryption with NIST AES key wrap, RFC 3394), Table 12-9 (KDE selectors),
 * Figure 12-35 (KDE format), Figure 12-36 (GTK KDE), Figure 12-40 (IGTK
 * KDE).
 *
 * Layout: key data is a run of elements (ID, length, body), then padding.
 *   KDE       dd len 00-0f-ac type data...   (len = 4 + data length)
 *   GTK KDE   data = [key ID bits 0-1, Tx bit 2] [reserved] GTK
 *   IGTK KDE  data = key ID (2, little-endian) IPN (6) IGTK
 *   PMKID KDE data = PMKID (16)
 *   padding   dd 00 00 ... (the standard), or 00 00 ... (some real APs)
 *
 * Unwrapped key data of Harkonen's M3 (vectors.md section 4), 48 bytes:
 *   30 14 01 00 00 0f ac 04 ... 0c 00     RSN element (22 bytes)
 *   dd 16 00 0f ac 01                     KDE, 22 bytes, GTK
 *         01 00                           key ID 1, Tx 0, reserved
 *         d91cf489de428889c33d732d2e1065f7  GTK
 *   00 00                                 that AP's padding
 */
#include <rapd/eapol.h>

#include <string.h>

#include <rapd/bytes.h>

#define ELEM_VENDOR 0xdd
#define PAD_START_STD 0xdd
#define PAD_START_ZERO 0x00
#define GTK_MIN_LEN 5
#define GTK_KDE_HDR_LEN 2  /* key ID/Tx octet + reserved octet */
#define IGTK_KDE_HDR_LEN 8 /* key ID (2) + IPN (6) */
#define GTK_KEY_ID_MASK 0x03
#define GTK_TX_BIT 0x04
#define WRAP_MIN_PLAIN 16 /* two 64-bit blocks (RFC 3394) */
#define WRAP_BLOCK 8

static const uint8_t ieee80211_oui[3] = {0x00, 0x0f, 0xac};

void eapol_kde_iter_init(struct eapol_kde_iter *it, const uint8_t *kd,
			 size_t len)
{
	it->pos = kd;
	it->end = kd ? kd + len : kd;
	it->bad = EAPOL_OK;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/*
 * Is what is left at p (left > 0 bytes) padding? Returns EAPOL_KDE_END for
 * padding, EAPOL_KDE_BAD (it->bad set) for a broken dd padding, and
 * EAPOL_KDE_ITEM when p starts an element instead.
 */
static enum eapol_kde_step check_padding(struct eapol_kde_iter *it, size_t left)
{
	const uint8_t *p = it->pos;

	if (p[0] == PAD_START_ZERO && all_zero(p + 1, left - 1))
		return EAPOL_KDE_END;
	/* dd 00 cannot start a KDE (too short for the OUI): it is padding,
	 * and padding runs to the end. */
	if (p[0] == PAD_START_STD && (left == 1 || p[1] == 0)) {
		if (all_zero(p + 1, left - 1))
			return EAPOL_KDE_END;
		it->bad = EAPOL_BAD_KDE_PADDING;
		return EAPOL_KDE_BAD;
	}
	return EAPOL_KDE_ITEM;
}

static void fill_item(const uint8_t *p, struct eapol_kde *out)
{
	size_t len = p[1];

	out->id = p[0];
	out->elem = p;
	out->elem_len = 2 + len;
	out->is_kde = p[0] == ELEM_VENDOR && len >= EAPOL_KDE_OUI_TYPE_LEN &&
		      memcmp(p + 2, ieee80211_oui, sizeof(ieee80211_oui)) == 0;
	if (out->is_kde) {
		out->kde_type = p[5];
		out->data = p + 2 + EAPOL_KDE_OUI_TYPE_LEN;
		out->data_len = len - EAPOL_KDE_OUI_TYPE_LEN;
	} else {
		out->kde_type = 0;
		out->data = p + 2;
		out->data_len = len;
	}
}

enum eapol_kde_step eapol_kde_next(struct eapol_kde_iter *it,
				   struct eapol_kde *out)
{
	enum eapol_kde_step step;
	size_t left;

	if (it->bad != EAPOL_OK)
		return EAPOL_KDE_BAD;
	if (it->pos == it->end)
		return EAPOL_KDE_END;
	left = (size_t)(it->end - it->pos);
	step = check_padding(it, left);
	if (step == EAPOL_KDE_END)
		it->pos = it->end;
	if (step != EAPOL_KDE_ITEM)
		return step;
	if (left < 2 || (size_t)2 + it->pos[1] > left) {
		it->bad = EAPOL_BAD_KDE_LEN;
		return EAPOL_KDE_BAD;
	}
	fill_item(it->pos, out);
	it->pos += out->elem_len;
	return EAPOL_KDE_ITEM;
}

enum eapol_verdict eapol_kde_gtk(const struct eapol_kde *kde,
				 struct eapol_gtk *gtk)
{
	size_t key_len;

	if (!kde->is_kde || kde->kde_type != EAPOL_KDE_GTK ||
	    kde->data_len < GTK_KDE_HDR_LEN + GTK_MIN_LEN)
		return EAPOL_BAD_GTK_KDE;
	key_len = kde->data_len - GTK_KDE_HDR_LEN;
	if (key_len > EAPOL_GTK_MAX_LEN)
		return EAPOL_BAD_GTK_KDE;
	gtk->key_id = kde->data[0] & GTK_KEY_ID_MASK;
	gtk->tx = kde->data[0] & GTK_TX_BIT;
	gtk->key = kde->data + GTK_KDE_HDR_LEN;
	gtk->key_len = key_len;
	return EAPOL_OK;
}

static bool igtk_key_id_ok(unsigned key_id)
{
	return key_id == 4 || key_id == 5;
}

static bool igtk_len_ok(size_t len)
{
	return len == 16 || len == 32;
}

enum eapol_verdict eapol_kde_igtk(const struct eapol_kde *kde,
				  struct eapol_igtk *igtk)
{
	unsigned key_id;

	if (!kde->is_kde || kde->kde_type != EAPOL_KDE_IGTK ||
	    kde->data_len < IGTK_KDE_HDR_LEN ||
	    !igtk_len_ok(kde->data_len - IGTK_KDE_HDR_LEN))
		return EAPOL_BAD_IGTK_KDE;
	key_id = get_le16(kde->data);
	if (!igtk_key_id_ok(key_id))
		return EAPOL_BAD_IGTK_KDE;
	igtk->key_id = key_id;
	igtk->ipn = kde->data + 2;
	igtk->key = kde->data + IGTK_KDE_HDR_LEN;
	igtk->key_len = kde->data_len - IGTK_KDE_HDR_LEN;
	return EAPOL_OK;
}

enum eapol_verdict eapol_find_gtk(const uint8_t *kd, size_t len,
				  struct eapol_gtk *gtk)
{
	struct eapol_kde_iter it;
	struct eapol_kde kde;
	enum eapol_kde_step step;

	eapol_kde_iter_init(&it, kd, len);
	while ((step = eapol_kde_next(&it, &kde)) == EAPOL_KDE_ITEM) {
		if (kde.is_kde && kde.kde_type == EAPOL_KDE_GTK)
			return eapol_kde_gtk(&kde, gtk);
	}
	return step == EAPOL_KDE_END ? EAPOL_BAD_NO_GTK : it.bad;
}

/* Writes a KDE header for data_len bytes of data when the whole KDE fits;
 * returns where the data goes, or NULL. */
static uint8_t *put_kde_hdr(uint8_t *p, const uint8_t *end, uint8_t type,
			    size_t data_len)
{
	size_t body = EAPOL_KDE_OUI_TYPE_LEN + data_len;

	if (!p || body > UINT8_MAX || end < p || (size_t)(end - p) < 2 + body)
		return NULL;
	p[0] = ELEM_VENDOR;
	p[1] = (uint8_t)body;
	memcpy(p + 2, ieee80211_oui, sizeof(ieee80211_oui));
	p[5] = type;
	return p + 2 + EAPOL_KDE_OUI_TYPE_LEN;
}

uint8_t *eapol_put_gtk_kde(uint8_t *p, const uint8_t *end, unsigned key_id,
			   bool tx, const uint8_t *gtk, size_t gtk_len)
{
	if (key_id > GTK_KEY_ID_MASK || gtk_len < GTK_MIN_LEN ||
	    gtk_len > EAPOL_GTK_MAX_LEN)
		return NULL;
	p = put_kde_hdr(p, end, EAPOL_KDE_GTK, GTK_KDE_HDR_LEN + gtk_len);
	if (!p)
		return NULL;
	p[0] = (uint8_t)(key_id | (tx ? GTK_TX_BIT : 0));
	p[1] = 0;
	memcpy(p + GTK_KDE_HDR_LEN, gtk, gtk_len);
	return p + GTK_KDE_HDR_LEN + gtk_len;
}

uint8_t *eapol_put_pmkid_kde(uint8_t *p, const uint8_t *end,
			     const uint8_t pmkid[CRYPTO_PMKID_LEN])
{
	p = put_kde_hdr(p, end, EAPOL_KDE_PMKID, CRYPTO_PMKID_LEN);
	if (!p)
		return NULL;
	memcpy(p, pmkid, CRYPTO_PMKID_LEN);
	return p + CRYPTO_PMKID_LEN;
}

uint8_t *eapol_put_igtk_kde(uint8_t *p, const uint8_t *end, unsigned key_id,
			    const uint8_t ipn[EAPOL_IGTK_IPN_LEN],
			    const uint8_t *igtk, size_t igtk_len)
{
	if (!igtk_key_id_ok(key_id) || !igtk_len_ok(igtk_len))
		return NULL;
	p = put_kde_hdr(p, end, EAPOL_KDE_IGTK, IGTK_KDE_HDR_LEN + igtk_len);
	if (!p)
		return NULL;
	put_le16(p, (uint16_t)key_id);
	memcpy(p + 2, ipn, EAPOL_IGTK_IPN_LEN);
	memcpy(p + IGTK_KDE_HDR_LEN, igtk, igtk_len);
	return p + IGTK_KDE_HDR_LEN + igtk_len;
}

uint8_t *eapol_pad_key_data(const uint8_t *start, uint8_t *p,
			    const uint8_t *end)
{
	size_t len, target;

	if (!p || p < start || end < p)
		return NULL;
	len = (size_t)(p - start);
	if (len >= WRAP_MIN_PLAIN && len % WRAP_BLOCK == 0)
		return p;
	target = len < WRAP_MIN_PLAIN ? WRAP_MIN_PLAIN
				      : (len / WRAP_BLOCK + 1) * WRAP_BLOCK;
	if ((size_t)(end - p) < target - len)
		return NULL;
	p[0] = PAD_START_STD;
	memset(p + 1, 0, target - len - 1);
	return p + (target - len);
}

uint8_t *eapol_wrap_key_data(struct crypto_ws *ws,
			     const uint8_t kek[CRYPTO_KEK_LEN],
			     const uint8_t *plain, size_t len, uint8_t *out,
			     const uint8_t *end)
{
	if (!out || len < WRAP_MIN_PLAIN || len % WRAP_BLOCK != 0 ||
	    len > EAPOL_KEY_DATA_MAX - EAPOL_WRAP_OVERHEAD)
		return NULL;
	if (end < out || (size_t)(end - out) < len + EAPOL_WRAP_OVERHEAD)
		return NULL;
	if (crypto_aes_wrap(ws, kek, CRYPTO_KEK_LEN, plain, len, out) != 0)
		return NULL;
	return out + len + EAPOL_WRAP_OVERHEAD;
}

enum eapol_verdict eapol_unwrap_key_data(struct crypto_ws *ws,
					 const uint8_t kek[CRYPTO_KEK_LEN],
					 const struct eapol_key *key,
					 uint8_t *plain, size_t plain_size,
					 size_t *plain_len)
{
	size_t n = key->key_data_len;
	unsigned version = eapol_key_desc_version(key);

	if (key->desc_type != EAPOL_DESC_RSN ||
	    !(key->info & EAPOL_KI_ENC_KEY_DATA))
		return EAPOL_BAD_NOT_ENCRYPTED;
	/* Version 1 encrypts with RC4, which rapd does not do. */
	if (version != EAPOL_KEY_V_SHA1_AES && version != EAPOL_KEY_V_CMAC_AES)
		return EAPOL_BAD_DESC_VERSION;
	if (n % WRAP_BLOCK != 0 || n < WRAP_MIN_PLAIN + EAPOL_WRAP_OVERHEAD)
		return EAPOL_BAD_WRAP_LEN;
	if (plain_size < n - EAPOL_WRAP_OVERHEAD)
		return EAPOL_BAD_BUFFER;
	if (crypto_aes_unwrap(ws, kek, CRYPTO_KEK_LEN, key->key_data, n,
			      plain) != 0) {
		crypto_wipe(plain, n - EAPOL_WRAP_OVERHEAD);
		return EAPOL_BAD_UNWRAP;
	}
	*plain_len = n - EAPOL_WRAP_OVERHEAD;
	return EAPOL_OK;
}

enum eapol_verdict eapol_unwrap_gtk(struct crypto_ws *ws,
				    const uint8_t kek[CRYPTO_KEK_LEN],
				    const struct eapol_key *key, uint8_t *plain,
				    size_t plain_size, struct eapol_gtk *gtk)
{
	enum eapol_verdict v;
	size_t plain_len;

	v = eapol_unwrap_key_data(ws, kek, key, plain, plain_size, &plain_len);
	if (v != EAPOL_OK)
		return v;
	return eapol_find_gtk(plain, plain_len, gtk);
}
