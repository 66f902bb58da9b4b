/*
 * sim_pvt.h - private to core/sim_medium.c and core/sim_pop.c: do not
 * include directly (the contract is include/rapd/sim.h).
 *
 * The population (sim_pop.c) is the stations, their timer queue and the
 * live counters; the medium (sim_medium.c) is the port, the rings, the
 * pools, the loss generator and the sim thread that drives the
 * population. Everything in struct sim_pop belongs to the sim thread once
 * it runs (sim_pop_init runs before it starts, sim_pop_free after it was
 * joined).
 */
#ifndef RAPD_CORE_SIM_PVT_H
#define RAPD_CORE_SIM_PVT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/sim.h>
#include <rapd/simsta.h>
#include <rapd/timer.h>

/* Where a station stands, for the gauges of struct sim_stats. */
enum sim_cat {
	SIM_CAT_PENDING,
	SIM_CAT_CONNECTED,
	SIM_CAT_FAILED,
	SIM_CAT_VANISHED,
};

struct sim_sta {
	struct simsta s;
	struct timer_node tn; /* key: the index */
	uint64_t start_at;    /* planned first probe: latency origin */
	enum sim_cat cat;     /* as counted in the gauges */
	bool settled;	      /* as counted in st.settled */
	bool wrong_pass;
	bool connected_once;
};

struct sim_pop {
	struct sim_sta *sta;
	unsigned n;
	uint64_t seed;
	struct crypto_pmk pmk;
	struct crypto_pmk wrong_pmk;
	struct simsta_params params;
	struct simsta_ctx ctx; /* counters: st.sta */
	struct timer_queue *tq;
	struct sim_stats st; /* live, sim thread only */
};

/*
 * Creates the n stations of cfg, first probes from t0 on (see sim.h), and
 * queues their timers. ws is the sim thread's crypto workspace. 0, or -1
 * with a reason in err (the population is then freed).
 */
int sim_pop_init(struct sim_pop *pop, const struct sim_config *cfg,
		 struct crypto_ws *ws, uint64_t t0, char *err, size_t errlen);
/* Wipes the stations' keys and PMKs, frees what init allocated. */
void sim_pop_free(struct sim_pop *pop);

/* The station with that MAC, or NULL. */
struct sim_sta *sim_pop_lookup(struct sim_pop *pop, const uint8_t mac[6]);

/* The station whose timer node this is. */
struct sim_sta *sim_pop_of_timer(struct timer_node *tn);

/* After any simsta call on ss: re-arms its timer, moves the gauges. */
void sim_pop_after(struct sim_pop *pop, struct sim_sta *ss);

static inline bool sim_pop_settled(const struct sim_pop *pop)
{
	return pop->st.settled == pop->n;
}

#endif
