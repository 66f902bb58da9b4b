/*
 * sim.h - the simulated medium: a frame port (port.h) whose far side is a
 * population of simulated WPA2 stations (simsta.h) living in-process, for
 * `rapd --simulate` and association-storm benchmarks.
 *
 *   TX thread ──port_send──▶ ring ──▶ sim thread ──▶ stations (simsta_rx)
 *   RX thread ◀─port_recv── ring ◀── sim thread ◀── stations, timers,
 *                                                   TX status echoes
 *
 * Contract
 * - Threads. sim_open() starts one "sim thread" that owns every station,
 *   their timer queue (on CLOCK_MONOTONIC), the loss generator and the
 *   counters. port_send() (TX thread only) copies the AP's frame into a
 *   frame of the send pool and pushes it into the SPSC ring to the sim
 *   thread; port_recv() (RX thread only) pops the sim thread's frames from
 *   the SPSC ring to the AP. Nothing else is shared with those two threads
 *   but the rings, the pools' return rings and two atomic flags.
 *   sim_stats() and sim_stop() may be called from any one other thread
 *   (the main thread); port_close() after the RX and TX threads were
 *   joined (it stops and joins the sim thread itself).
 * - Frames. A frame from the AP reaches the station its receiver address
 *   names; a group-addressed Beacon reaches every station that is
 *   scanning, another group-addressed management frame every station not
 *   done; group data reaches no one. Frames handed out by recv carry
 *   ts_ns = CLOCK_MONOTONIC when the sim thread made them, order = their
 *   rank in the output (0, 1, ...), the configured channel, signal and
 *   rate.
 * - TX status (caps = PORT_CAP_TX_STATUS): for every frame the AP sends,
 *   recv hands out an echo (FRAME_F_TX_STATUS, before any answer of the
 *   station to it), ACKED unless the frame was lost; group frames are
 *   echoed NOACK and ACKED. A frame the medium could not carry at all
 *   (ring or pool full, counted) gets no echo: the AP's own TX status
 *   timeout applies, as with a lost status report on a real card.
 * - Loss. Each frame, in either direction, is lost with probability
 *   loss_rate, drawn in the sim thread from a generator seeded by seed:
 *   a broadcast frame is lost for all its receivers or for none.
 * - Full rings never block: the frame is dropped and counted.
 * - End of input: with end_when_settled, recv returns PORT_RECV_END once
 *   every station is settled (see struct sim_stats) and the ring to the AP
 *   is empty; otherwise only after sim_stop().
 * - Errors: sim_open returns NULL with a one-line reason in err.
 *
 * Stations: index i (0 <= i < n) has MAC 02:00:00:hh:mm:ll with hhmmll =
 * i + 1, SNonce stream (seed, i), first probe at open time + start_delay
 * + i * start_interval. Options are given to k of n stations spread evenly
 * by index (station i has it when floor((i+1)k/n) > floor(ik/n)). A wrong
 * passphrase and vanishing go to disjoint stations (their counts may not
 * add up to more than n); churn is drawn on its own. Use
 * sim_stats.should_connect rather than recomputing who should connect.
 */
#ifndef RAPD_SIM_H
#define RAPD_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rapd/crypto.h>
#include <rapd/port.h>
#include <rapd/simsta.h>

#define SIM_STATIONS_MAX 0xfffffe /* MACs 02:00:00:00:00:01 .. ff:ff:ff */

/* How many of n stations get an option: count when nonzero, else
 * frac * n rounded to the nearest (frac in 0..1). */
struct sim_share {
	unsigned count;
	double frac;
};

struct sim_config {
	unsigned n_stations; /* 1..SIM_STATIONS_MAX */
	uint8_t bssid[6];    /* the AP's */
	uint8_t ssid[32];
	size_t ssid_len;	      /* 1..32 */
	const struct crypto_pmk *pmk; /* the network's; copied */
	uint64_t seed;		      /* 0: drawn from getrandom */

	uint64_t start_delay_ns;     /* before station 0's first probe */
	uint64_t start_interval_ns;  /* between stations' first probes */
	double loss_rate;	     /* 0 <= loss < 1, both directions */
	struct simsta_params params; /* zeroed: simsta_params_default
				      * with a 30 s keep-alive */

	struct sim_share wrong_passphrase; /* a PMK from another passphrase */
	struct sim_share vanish;	   /* with vanish_after below */
	uint8_t vanish_after;		   /* 1..4 (simsta_opts) */
	struct sim_share churn;		   /* with the churn fields below */
	uint8_t churn_cycles;		   /* >= 1 when churn is used */
	bool churn_disassoc;
	uint64_t churn_after_ns;
	uint64_t churn_delay_ns;

	bool end_when_settled;	   /* recv ends once all stations settled */
	uint64_t settle_linger_ns; /* ... and stayed so this long (lets the
				    * AP's last retransmissions play out) */
	unsigned ring_size;	   /* each direction; power of two; 0: 4096 */
	uint16_t freq_mhz;	   /* 0: 2412 */
	int8_t signal_dbm;	   /* 0: -40 */
	uint8_t rate_500k;	   /* 0: port_default_rate_500k(freq) */
};

/* sim_config_init: everything zero but ring size 4096, 2412 MHz. */
void sim_config_init(struct sim_config *cfg);

/*
 * What the medium and its stations did. Gauges (pending .. settled)
 * describe the stations now; the rest count since sim_open. A station is
 * settled when it is FAILED or VANISHED, or CONNECTED with no churn left.
 */
struct sim_stats {
	unsigned stations;
	unsigned pending;   /* scanning, joining or in the handshake */
	unsigned connected; /* CONNECTED now */
	unsigned failed;    /* FAILED */
	unsigned failed_by[SIMSTA_FAIL_COUNT]; /* FAILED, by last failure */
	unsigned vanished;
	unsigned settled;
	unsigned should_connect;	  /* right passphrase, no vanish */
	unsigned wrong_passphrase;	  /* stations given a wrong one */
	unsigned wrong_passphrase_failed; /* of those, FAILED (expected) */
	unsigned connected_ok;		  /* CONNECTED with the right one */

	uint64_t connects;	 /* times any station reached CONNECTED */
	uint64_t first_connects; /* stations that connected at least once */
	uint64_t connect_ns_sum; /* first probe to first M4, summed */
	uint64_t connect_ns_max;

	uint64_t from_ap;      /* frames the AP sent (port_send) */
	uint64_t to_ap;	       /* station frames handed to recv */
	uint64_t echoes;       /* TX status echoes handed to recv */
	uint64_t lost_from_ap; /* dropped by the loss rate */
	uint64_t lost_to_ap;
	uint64_t full_from_ap;	    /* send pool or ring full: not carried */
	uint64_t full_to_ap;	    /* sim pool or ring full: not carried */
	uint64_t no_station;	    /* unicast to a MAC no station has */
	struct simsta_counters sta; /* the stations' verdicts and frames */
};

/*
 * Caller: the main thread, after crypto_init() (the sim thread gets its
 * own crypto workspace; a wrong passphrase's PMK is derived here).
 * Opens the medium and starts the sim thread. Returns the port (caps =
 * PORT_CAP_TX_STATUS), or NULL with a reason in err[0..errlen).
 */
struct port *sim_open(const struct sim_config *cfg, char *err, size_t errlen);

/*
 * Caller: the main thread. A snapshot, at most ~50 ms old while the sim
 * thread runs and exact after sim_stop(). 0, or -EINVAL if p is not a
 * sim port.
 */
int sim_stats(struct port *p, struct sim_stats *st);

/* Caller: the main thread. Stops the sim thread (stations freeze; recv
 * then returns END once the ring is drained). Idempotent. */
void sim_stop(struct port *p);

/* The MAC of station index i. */
void sim_sta_mac(unsigned i, uint8_t mac[6]);

/* Prints the summary (one line per figure) to out. */
void sim_stats_print(FILE *out, const struct sim_stats *st);

#endif
