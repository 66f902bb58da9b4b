/*
 * simsta_pvt.h - private to mlme/simsta*.c: do not include directly
 * (include <rapd/simsta.h>).
 *
 * The seams between the management side of the simulated station
 * (simsta.c: scan, authentication, association, timers), the frames it
 * sends (simsta_tx.c) and its EAPOL side (simsta_eapol.c: 4-way and group
 * key handshakes). Same contract as
 * simsta.h: pure, single owner thread, no allocation.
 */
#ifndef RAPD_MLME_SIMSTA_PVT_H
#define RAPD_MLME_SIMSTA_PVT_H

#include <rapd/ieee80211.h>
#include <rapd/simsta.h>

/* The next free slot of out, or NULL when out is full. */
struct simsta_frame *simsta_slot(struct simsta_out *out);

/*
 * Completes a frame written into slot f up to cursor p (NULL: the writer
 * ran out of room, or f was NULL): counts it as kind, takes the next
 * sequence number and returns true, or counts a drop and returns false.
 */
bool simsta_commit(const struct simsta_ctx *ctx, struct simsta *s,
		   struct simsta_out *out, struct simsta_frame *f, uint8_t *p,
		   enum simsta_tx kind);

/* simsta_tx.c: the management and keep-alive frames the station sends,
 * each appended to out with the next sequence number. */
void simsta_send_probe(const struct simsta_ctx *ctx, struct simsta *s,
		       struct simsta_out *out);
void simsta_send_auth(const struct simsta_ctx *ctx, struct simsta *s,
		      struct simsta_out *out);
void simsta_send_assoc(const struct simsta_ctx *ctx, struct simsta *s,
		       struct simsta_out *out);
/* Deauthentication, or Disassociation when disassoc, with reason. */
void simsta_send_leave(const struct simsta_ctx *ctx, struct simsta *s,
		       struct simsta_out *out, bool disassoc, uint16_t reason);
void simsta_send_null(const struct simsta_ctx *ctx, struct simsta *s,
		      struct simsta_out *out);

/* Ends the current attempt with fail: back to IDLE for a new one after
 * restart_delay_ns, or FAILED once max_attempts attempts failed. */
void simsta_attempt_failed(const struct simsta_ctx *ctx, struct simsta *s,
			   enum simsta_fail fail, uint64_t now);

/* M4 was sent: CONNECTED, counted, churn timer armed (or vanish). */
void simsta_connected(const struct simsta_ctx *ctx, struct simsta *s,
		      uint64_t now);

/* Goes silent for good (the vanish option). */
void simsta_vanish(struct simsta *s);

/* simsta_eapol.c: fresh SNonce and handshake state after association. */
void simsta_handshake_begin(struct simsta *s);

/* simsta_eapol.c: forgets the keys and handshake state of a link. */
void simsta_handshake_reset(struct simsta *s);

/* simsta_eapol.c: a data frame (EAPOL-Key M1, M3 or G1 expected). */
enum simsta_verdict simsta_rx_data(const struct simsta_ctx *ctx,
				   struct simsta *s, const struct wlan_hdr *hdr,
				   uint64_t now, struct simsta_out *out);

#endif
