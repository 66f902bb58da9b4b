/*
 * sim_pop.c - the population of the simulated medium: n simulated WPA2
 * stations (mlme/simsta.c), their MACs, options, timer queue and the
 * gauges and counters of struct sim_stats (see include/rapd/sim.h).
 *
 * Run by the sim thread (sim_medium.c) once it starts; sim_pop_init by
 * the thread that opens the medium, before the sim thread exists;
 * sim_pop_free after it was joined. Owns the station array, the timer
 * queue, the two PMKs (the network's copy and a wrong passphrase's) and
 * the live counters; nothing here is shared with another thread.
 *
 * Options go to k of n stations spread evenly over the indexes (station
 * i has one when floor((i+1)k/n) > floor(ik/n)), so a storm of n stations
 * with 1% wrong passphrases meets one about every 100 stations, not all
 * at the end; a wrong passphrase and vanishing never fall on the same
 * station (see sta_opts). A wrong passphrase gives the station the PMK of
 * another passphrase (IEEE Std 802.11-2020 J.4: PBKDF2 over the same SSID): its
 * M2 MIC then fails at the AP, which ends with a deauthentication.
 */
#include "sim_pvt.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rapd/bytes.h>

/* A connected station's Null Data interval, unless params say otherwise:
 * well inside hostapd's default 300 s inactivity limit. */
#define SIM_KEEPALIVE_DEFAULT_NS 30000000000ull

/* Not the network's passphrase, whatever the configuration says. */
static const char wrong_passphrase[] = "rapd-sim: not the passphrase";

void sim_sta_mac(unsigned i, uint8_t mac[6])
{
	uint32_t v = i + 1;

	mac[0] = 0x02; /* locally administered, unicast */
	mac[1] = 0;
	mac[2] = 0;
	mac[3] = (uint8_t)(v >> 16);
	mac[4] = (uint8_t)(v >> 8);
	mac[5] = (uint8_t)v;
}

struct sim_sta *sim_pop_lookup(struct sim_pop *pop, const uint8_t mac[6])
{
	uint32_t v;

	if (mac[0] != 0x02 || mac[1] || mac[2])
		return NULL;
	v = (uint32_t)mac[3] << 16 | (uint32_t)mac[4] << 8 | mac[5];
	return v >= 1 && v <= pop->n ? &pop->sta[v - 1] : NULL;
}

struct sim_sta *sim_pop_of_timer(struct timer_node *tn)
{
	return (struct sim_sta *)((char *)tn - offsetof(struct sim_sta, tn));
}

/* How many of n stations a share names. */
static unsigned share_count(const struct sim_share *sh, unsigned n)
{
	double k;

	if (sh->count)
		return sh->count < n ? sh->count : n;
	k = sh->frac * (double)n + 0.5;
	return k <= 0 ? 0 : k >= (double)n ? n : (unsigned)k;
}

/* Whether station i is one of k spread evenly over n. */
static bool share_has(unsigned i, unsigned k, unsigned n)
{
	return (uint64_t)(i + 1) * k / n > (uint64_t)i * k / n;
}

static int set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "simulation: %s", msg);
	return -1;
}

static bool params_valid(const struct simsta_params *p)
{
	return p->step_timeout_ns && p->step_tries && p->handshake_timeout_ns &&
	       p->max_attempts && p->max_attempts <= UINT8_MAX &&
	       p->step_tries <= UINT8_MAX && p->restart_delay_ns;
}

static int make_pmks(struct sim_pop *pop, const struct sim_config *cfg,
		     char *err, size_t errlen)
{
	uint8_t key[CRYPTO_PMK_LEN];
	int rc;

	pop->pmk = *cfg->pmk;
	rc = crypto_psk_from_passphrase(wrong_passphrase, cfg->ssid,
					cfg->ssid_len, key);
	if (rc == 0)
		rc = crypto_pmk_init(&pop->wrong_pmk, key);
	crypto_wipe(key, sizeof(key));
	return rc ? set_err(err, errlen, "cannot derive a wrong PMK") : 0;
}

/*
 * Station i's options. Wrong passphrase and vanish go to disjoint
 * stations: the kw + kv of them spread over n, the j-th of those to
 * "wrong" when j is one of kw spread over kw + kv, else to "vanish".
 * Churn is drawn on its own (it only matters to stations that connect).
 */
static void sta_opts(const struct sim_config *cfg, unsigned i, unsigned n,
		     struct simsta_opts *o, bool *wrong)
{
	unsigned kw = share_count(&cfg->wrong_passphrase, n);
	unsigned kv = share_count(&cfg->vanish, n);
	unsigned j = (unsigned)((uint64_t)i * (kw + kv) / n);

	memset(o, 0, sizeof(*o));
	*wrong = false;
	if (share_has(i, kw + kv, n)) {
		*wrong = share_has(j, kw, kw + kv);
		if (!*wrong)
			o->vanish_after = cfg->vanish_after;
	}
	if (share_has(i, share_count(&cfg->churn, n), n)) {
		o->churn_cycles = cfg->churn_cycles;
		o->churn_disassoc = cfg->churn_disassoc;
		o->churn_after_ns = cfg->churn_after_ns;
		o->churn_delay_ns = cfg->churn_delay_ns;
	}
}

static int make_station(struct sim_pop *pop, const struct sim_config *cfg,
			unsigned i, uint64_t t0)
{
	struct sim_sta *ss = &pop->sta[i];
	struct simsta_cfg c = {
		.ssid = cfg->ssid,
		.ssid_len = cfg->ssid_len,
		.pmk = &pop->pmk,
		.seed = pop->seed,
		.stream = i,
		.start_at = t0 + cfg->start_delay_ns +
			    (uint64_t)i * cfg->start_interval_ns,
	};

	sim_sta_mac(i, c.addr);
	memcpy(c.bssid, cfg->bssid, 6);
	sta_opts(cfg, i, pop->n, &c.opts, &ss->wrong_pass);
	if (ss->wrong_pass) {
		c.pmk = &pop->wrong_pmk;
		pop->st.wrong_passphrase++;
	} else if (!c.opts.vanish_after) {
		pop->st.should_connect++;
	}
	if (simsta_init(&ss->s, &c) != 0)
		return -1;
	ss->start_at = c.start_at;
	ss->cat = SIM_CAT_PENDING;
	timer_node_init(&ss->tn, i);
	return timer_set(pop->tq, &ss->tn, c.start_at);
}

static uint64_t pick_seed(const struct sim_config *cfg)
{
	struct crypto_rng rng;
	uint8_t b[8] = {0};

	if (cfg->seed)
		return cfg->seed;
	crypto_rng_init_system(&rng);
	crypto_rng_bytes(&rng, b, sizeof(b));
	return get_le64(b) | 1; /* never 0, which means "draw one" */
}

int sim_pop_init(struct sim_pop *pop, const struct sim_config *cfg,
		 struct crypto_ws *ws, uint64_t t0, char *err, size_t errlen)
{
	memset(pop, 0, sizeof(*pop));
	pop->n = cfg->n_stations;
	pop->params = cfg->params;
	if (!pop->params.step_timeout_ns) {
		simsta_params_default(&pop->params);
		pop->params.keepalive_ns = SIM_KEEPALIVE_DEFAULT_NS;
	}
	if (!params_valid(&pop->params))
		return set_err(err, errlen, "a station timer or count is 0");
	if (share_count(&cfg->wrong_passphrase, pop->n) +
		    share_count(&cfg->vanish, pop->n) >
	    pop->n)
		return set_err(err, errlen,
			       "more wrong passphrases and vanishing "
			       "stations than stations");
	if (make_pmks(pop, cfg, err, errlen) != 0)
		return -1;
	pop->sta = calloc(pop->n, sizeof(*pop->sta));
	pop->tq = timer_queue_create(pop->n);
	if (!pop->sta || !pop->tq) {
		sim_pop_free(pop);
		return set_err(err, errlen, "out of memory");
	}
	pop->seed = pick_seed(cfg);
	pop->ctx.params = &pop->params;
	pop->ctx.ws = ws;
	pop->ctx.cnt = &pop->st.sta;
	pop->st.stations = pop->n;
	pop->st.pending = pop->n;
	for (unsigned i = 0; i < pop->n; i++) {
		if (make_station(pop, cfg, i, t0) != 0) {
			sim_pop_free(pop);
			return set_err(err, errlen, "bad station settings");
		}
	}
	return 0;
}

void sim_pop_free(struct sim_pop *pop)
{
	/* first: destroying the queue marks the queued nodes idle */
	timer_queue_destroy(pop->tq);
	if (pop->sta) {
		for (unsigned i = 0; i < pop->n; i++)
			simsta_wipe(&pop->sta[i].s);
		free(pop->sta);
	}
	crypto_wipe(&pop->pmk, sizeof(pop->pmk));
	crypto_wipe(&pop->wrong_pmk, sizeof(pop->wrong_pmk));
	pop->sta = NULL;
	pop->tq = NULL;
}

static enum sim_cat cat_of(const struct simsta *s)
{
	switch (s->state) {
	case SIMSTA_ST_CONNECTED:
		return SIM_CAT_CONNECTED;
	case SIMSTA_ST_FAILED:
		return SIM_CAT_FAILED;
	case SIMSTA_ST_VANISHED:
		return SIM_CAT_VANISHED;
	case SIMSTA_ST_IDLE:
	case SIMSTA_ST_PROBING:
	case SIMSTA_ST_AUTHENTICATING:
	case SIMSTA_ST_ASSOCIATING:
	case SIMSTA_ST_HANDSHAKE:
		break;
	}
	return SIM_CAT_PENDING;
}

/* Adds d (+1 or -1) to the gauge of category c for station ss. */
static void gauge(struct sim_stats *st, const struct sim_sta *ss,
		  enum sim_cat c, int d)
{
	switch (c) {
	case SIM_CAT_PENDING:
		st->pending += (unsigned)d;
		break;
	case SIM_CAT_CONNECTED:
		st->connected += (unsigned)d;
		if (!ss->wrong_pass)
			st->connected_ok += (unsigned)d;
		break;
	case SIM_CAT_FAILED: /* terminal: only ever entered */
		st->failed += (unsigned)d;
		st->failed_by[ss->s.fail] += (unsigned)d;
		if (ss->wrong_pass)
			st->wrong_passphrase_failed += (unsigned)d;
		break;
	case SIM_CAT_VANISHED:
		st->vanished += (unsigned)d;
		break;
	}
}

static void first_connect(struct sim_stats *st, struct sim_sta *ss)
{
	uint64_t ns = ss->s.connected_at > ss->start_at
			      ? ss->s.connected_at - ss->start_at
			      : 0;

	ss->connected_once = true;
	st->first_connects++;
	st->connect_ns_sum += ns;
	if (ns > st->connect_ns_max)
		st->connect_ns_max = ns;
}

void sim_pop_after(struct sim_pop *pop, struct sim_sta *ss)
{
	struct sim_stats *st = &pop->st;
	enum sim_cat c = cat_of(&ss->s);
	bool settled = c == SIM_CAT_FAILED || c == SIM_CAT_VANISHED ||
		       (c == SIM_CAT_CONNECTED && ss->s.churns_left == 0);

	if (ss->s.deadline == SIMSTA_NEVER)
		timer_cancel(pop->tq, &ss->tn);
	else
		timer_set(pop->tq, &ss->tn, ss->s.deadline); /* room for n */
	if (c != ss->cat) {
		gauge(st, ss, ss->cat, -1);
		gauge(st, ss, c, +1);
		ss->cat = c;
	}
	if (settled != ss->settled) {
		st->settled += settled ? 1u : (unsigned)-1;
		ss->settled = settled;
	}
	if (!ss->connected_once && ss->s.connected_at)
		first_connect(st, ss);
}

static void print_counts(FILE *out, const char *what, const uint64_t *v,
			 unsigned n, const char *(*name)(unsigned))
{
	fprintf(out, "sim: %s:", what);
	for (unsigned i = 0; i < n; i++)
		if (v[i])
			fprintf(out, " %s=%llu", name(i),
				(unsigned long long)v[i]);
	fputc('\n', out);
}

static const char *verdict_name(unsigned v)
{
	return simsta_verdict_name((enum simsta_verdict)v);
}

static const char *tx_name(unsigned t)
{
	return simsta_tx_name((enum simsta_tx)t);
}

void sim_stats_print(FILE *out, const struct sim_stats *st)
{
	fprintf(out,
		"sim: stations %u: connected %u (right passphrase %u), "
		"failed %u, vanished %u, pending %u, settled %u\n",
		st->stations, st->connected, st->connected_ok, st->failed,
		st->vanished, st->pending, st->settled);
	fprintf(out, "sim: failed by last failure:");
	for (unsigned f = 1; f < SIMSTA_FAIL_COUNT; f++)
		fprintf(out, " %s=%u", simsta_fail_name((enum simsta_fail)f),
			st->failed_by[f]);
	fprintf(out,
		"\nsim: should connect %u; wrong passphrase %u, of which "
		"failed %u%s\n",
		st->should_connect, st->wrong_passphrase,
		st->wrong_passphrase_failed,
		st->connected > st->connected_ok
			? " (AP BUG: a wrong passphrase connected)"
			: "");
	fprintf(out,
		"sim: connects %llu; first connects %llu, mean %.3f ms, "
		"max %.3f ms\n",
		(unsigned long long)st->connects,
		(unsigned long long)st->first_connects,
		st->first_connects ? (double)st->connect_ns_sum /
					     (double)st->first_connects / 1e6
				   : 0.0,
		(double)st->connect_ns_max / 1e6);
	fprintf(out,
		"sim: frames from AP %llu (lost %llu, not carried %llu), "
		"to AP %llu (lost %llu, not carried %llu), echoes %llu, "
		"to no station %llu\n",
		(unsigned long long)st->from_ap,
		(unsigned long long)st->lost_from_ap,
		(unsigned long long)st->full_from_ap,
		(unsigned long long)st->to_ap,
		(unsigned long long)st->lost_to_ap,
		(unsigned long long)st->full_to_ap,
		(unsigned long long)st->echoes,
		(unsigned long long)st->no_station);
	print_counts(out, "station verdicts", st->sta.verdict,
		     SIMSTA_VERDICT_COUNT, verdict_name);
	print_counts(out, "station frames", st->sta.tx, SIMSTA_TX_COUNT,
		     tx_name);
}
