/*
 * ctrl_pvt.h - internals shared by core/ctrl_cmd.c (the dispatcher) and
 * core/ctrl_fmt.c (its reply formatters). Do not include directly: the
 * contract is include/rapd/ctrl.h.
 *
 * The dispatcher parses a request, asks the backend, and hands what it
 * got to a ctrl_fmt_* function that writes hostapd's layout through a
 * bounded cursor over the caller's reply buffer. All of it runs on the
 * caller's thread and owns nothing.
 */
#ifndef RAPD_CTRL_PVT_H
#define RAPD_CTRL_PVT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rapd/ctrl.h>

/* A bounded write cursor over the reply buffer. */
struct ctrl_out {
	char *buf;
	size_t cap;
	size_t len;
	bool full; /* a write did not fit: later ones are dropped too */
};

/* Appends one formatted write whole, or nothing: once a write does not
 * fit, o->full is set and every later write is dropped, so the reply
 * ends at the last whole write. */
__attribute__((format(printf, 2, 3))) void
ctrl_out_printf(struct ctrl_out *o, const char *fmt, ...);

/* hostapd_ctrl_iface_sta_mib's layout: STA, STA-FIRST, STA-NEXT. */
void ctrl_fmt_sta(struct ctrl_out *o, const struct ctrl_sta_info *s);
/* hostapd_ctrl_iface_status's layout, one BSS. */
void ctrl_fmt_status(struct ctrl_out *o, const struct ctrl_status *st);
/* hostapd_ctrl_iface_get_config's layout. */
void ctrl_fmt_config(struct ctrl_out *o, const struct ctrl_config *cf);
/* One "<mac> VLAN_ID=0" line of ACCEPT_ACL / DENY_ACL SHOW; false when
 * the reply is full and the listing should stop. */
bool ctrl_fmt_acl_entry(struct ctrl_out *o, const uint8_t *mac);

#endif
