/*
 * live_kernel.c - the kernel's part of each station for driver=nl80211
 * (live_kernel_ops, struct pipe_kernel_ops): NEW_STATION when its
 * association response was ACKed, NEW_KEY (pairwise) and SET_STATION
 * authorized when its port opens, DEL_STATION when it leaves, the group
 * key (NEW_KEY + SET_KEY default) of each epoch, and GET_STATION for the
 * inactivity check (its data never reaches rapd in this mode).
 *
 * Threads: every function but open runs on the worker that opened the
 * context, on that worker's own netlink connection (libnl sockets are not
 * thread-safe). The struct live_iface is read-only while workers run.
 */
#include <rapd/live.h>

#include <stdlib.h>
#include <string.h>

#include <linux/nl80211.h>

#include <rapd/bytes.h>
#include <rapd/ieee80211.h>

#define CIPHER_SUITE_CCMP 0x000fac04u
#define STA_CAPAB_SHORT_PREAMBLE 0x0020

struct live_kctx {
	struct nl_conn *nl;
	uint32_t ifindex;
};

static void *lk_open(void *arg, unsigned worker)
{
	const struct live_iface *li = arg;
	struct live_kctx *k = calloc(1, sizeof(*k));

	(void)worker;
	if (!k)
		return NULL;
	if (nl_conn_open(&k->nl) != 0) {
		free(k);
		return NULL;
	}
	k->ifindex = li->ifindex;
	return k;
}

static void lk_close(void *wctx)
{
	struct live_kctx *k = wctx;

	nl_conn_close(k->nl);
	free(k);
}

/* The HT Capabilities element body (9.4.2.55), as the station sent it. */
static void ht_capa_body(const struct ie_ht_capab *h, uint8_t out[26])
{
	put_le16(out, h->info);
	out[2] = h->ampdu_params;
	memcpy(out + 3, h->mcs, 16);
	put_le16(out + 19, h->ext_capab);
	put_le32(out + 21, h->txbf_capab);
	out[25] = h->asel_capab;
}

static int lk_sta_add(void *wctx, const struct ap_sta *sta)
{
	struct live_kctx *k = wctx;
	struct nl_sta_params sp = {
		.aid = sta->aid, .listen_interval = sta->listen_int,
		.capability = sta->capab, .ht = sta->ht,
	};
	uint32_t flags = 1u << NL80211_STA_FLAG_AUTHENTICATED |
			 1u << NL80211_STA_FLAG_ASSOCIATED;

	memcpy(sp.addr, sta->addr, 6);
	sp.n_rates = sta->rates.n < sizeof(sp.rates) ? sta->rates.n
						     : sizeof(sp.rates);
	memcpy(sp.rates, sta->rates.rate, sp.n_rates);
	if (sta->ht)
		ht_capa_body(&sta->ht_capab, sp.ht_capa);
	if (sta->wmm)
		flags |= 1u << NL80211_STA_FLAG_WME;
	if (sta->capab & STA_CAPAB_SHORT_PREAMBLE)
		flags |= 1u << NL80211_STA_FLAG_SHORT_PREAMBLE;
	sp.flags_mask = flags | 1u << NL80211_STA_FLAG_AUTHORIZED;
	sp.flags_set = flags;
	return nl_sta_new(k->nl, k->ifindex, &sp);
}

static int lk_sta_authorize(void *wctx, const struct ap_sta *sta,
			    const uint8_t *tk)
{
	struct live_kctx *k = wctx;
	uint32_t auth = 1u << NL80211_STA_FLAG_AUTHORIZED;
	int rc;

	if (tk) {
		rc = nl_key_new(k->nl, k->ifindex, sta->addr, 0,
				CIPHER_SUITE_CCMP, tk, CRYPTO_TK_LEN, NULL, 0);
		if (rc != 0)
			return rc;
	}
	return nl_sta_set_flags(k->nl, k->ifindex, sta->addr, auth, auth);
}

static int lk_sta_del(void *wctx, const uint8_t addr[6])
{
	struct live_kctx *k = wctx;

	return nl_sta_del(k->nl, k->ifindex, addr);
}

static int lk_group_key(void *wctx, const struct wpa_group *g)
{
	static const uint8_t rsc[6]; /* a new key starts at PN 0 */
	struct live_kctx *k = wctx;
	int rc = nl_key_new(k->nl, k->ifindex, NULL, g->key_id,
			    CIPHER_SUITE_CCMP, g->gtk, WPA_GTK_LEN, rsc,
			    sizeof(rsc));

	return rc ? rc : nl_key_set_default(k->nl, k->ifindex, g->key_id);
}

static int lk_sta_inactive_ms(void *wctx, const uint8_t addr[6],
			      uint32_t *ms)
{
	struct live_kctx *k = wctx;
	struct nl_sta_info info;
	int rc = nl_sta_get(k->nl, k->ifindex, addr, &info);

	if (rc == 0)
		*ms = info.inactive_ms;
	return rc;
}

const struct pipe_kernel_ops live_kernel_ops = {
	.open = lk_open,
	.close = lk_close,
	.sta_add = lk_sta_add,
	.sta_authorize = lk_sta_authorize,
	.sta_del = lk_sta_del,
	.group_key = lk_group_key,
	.sta_inactive_ms = lk_sta_inactive_ms,
};
