/*
 * run.h - rapd's modes of operation, as main() dispatches them: replay a
 * trace, run against simulated stations. Each returns the process's exit
 * status and prints its own messages (stdout: events and the summary;
 * stderr: errors). Main thread only.
 */
#ifndef RAPD_RUN_H
#define RAPD_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include <rapd/config.h>

#define RUN_EXIT_USAGE 2

struct run_opts {
	const char *config;	/* NULL: the built-in default network */
	const char *ifname;	/* -i: overrides interface= */
	const char *replay;	/* --replay IN */
	const char *write;	/* --write OUT */
	const char *record;	/* --record FILE */
	const char *capture;	/* --capture FILE (live) */
	unsigned simulate;	/* --simulate N */
	unsigned workers;	/* --workers N, 0: config / CPUs */
	bool seeded;		/* --seed S */
	uint64_t seed;
	double duration;	/* --duration S, 0: until a signal */
	bool until_settled;	/* --until-settled: until all stations are */
	bool quiet;		/* -q: no per-event lines */
	bool list_phys;		/* --list-phys */
	/* Simulated stations' misbehaviour (run_sim.c) */
	unsigned sim_wrong_psk;	/* that many with a wrong passphrase */
	unsigned sim_vanish;	/* that many stop answering mid-handshake */
	double sim_loss;	/* frame loss rate on the medium, 0..1 */
	bool sim_churn;		/* stations leave and come back */
};

/* The built-in configuration (a WPA2-PSK network) used without CONFIG. */
extern const char run_default_config[];

/* Loads o->config (or the built-in one) into c, applying -i. Errors are
 * printed; returns 0 or -1. */
int run_load_config(const struct run_opts *o, struct conf *c);
/* Workers: --workers, else rapd_workers, else the number of CPUs. */
unsigned run_workers(const struct run_opts *o, const struct conf *c);

int run_replay(const struct run_opts *o);
int run_simulate(const struct run_opts *o);
/* `rapd CONFIG`: the access point on a real interface, driver=nl80211
 * (run_live.c). 0 after a clean stop (signal, TERMINATE); 1 on a refusal,
 * a failed set-up, or the interface going away. */
int run_live(const struct run_opts *o);
/* --list-phys (run_phys.c): 0 if at least one phy was listed, 1 if there
 * is none or nl80211 cannot be used (the reason on stderr). */
int run_list_phys(const struct run_opts *o);

#endif
