/*
 * test_port_live.c - the live monitor port's filter and refusals
 * (core/port_live.c, port_live_filter.c) and the decoding it shares with
 * the replay input (core/port_radio.c). The port itself on a TUN device:
 * test_port_live_tun.c; the record builders both use:
 * port_live_testutil.c.
 *
 * - The filter expression compiled by libpcap for link type 127 and run
 *   with pcap_offline_filter() over frames built behind radiotap headers:
 *   what reaches rapd and what stays in the kernel.
 * - Which radiotap header is rapd's own injection header.
 * - port_live_open() refusals: no such interface, "lo" (not radiotap).
 * Not covered here (no radio on the test host): mac80211's TX status
 * reports and real injection; the hwsim VM test does those.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "../../core/port_radio_pvt.h"
#include "check.h"
#include "port_live_testutil.h"
#include "rapd/bytes.h"
#include "rapd/ieee80211.h"
#include "rapd/port.h"

/* --- The filter ----------------------------------------------------- */

enum fkind { F_MGMT, F_DATA, F_CTRL };

/* One frame of the filter table and what each filter must do with it. */
struct fcase {
	const char *what;
	enum plt_hdr_kind hdr;
	enum fkind kind;
	uint8_t stype;		     /* F_MGMT, F_CTRL */
	uint8_t ds;		     /* F_DATA: WLAN_FC_TODS or FROMDS */
	const uint8_t *a1, *a2, *a3; /* F_CTRL: ra, ta (NULL: none) */
	int tid;		     /* F_DATA: < 0 not QoS */
	uint16_t ethertype;	     /* F_DATA */
	bool eapol_only;	     /* admitted by the default filter */
	bool all_data;		     /* admitted with data_frames */
};

/* Rows name a header kind (PLT_HDR_*) and addresses (plt_*) by suffix. */
/* clang-format off */
#define FMGMT(w, h, st, a1, a2, a3, in)                                      \
	{w, PLT_HDR_##h, F_MGMT, WLAN_STYPE_##st, 0, plt_##a1, plt_##a2,     \
	 plt_##a3, -1, 0, in, in}
#define FDATA(w, h, ds, a1, a2, a3, tid, et, in, in_all)                     \
	{w, PLT_HDR_##h, F_DATA, 0, WLAN_FC_##ds, plt_##a1, plt_##a2,        \
	 plt_##a3, tid, et, in, in_all}
#define FCTRL_RA(w, st, ra)                                                  \
	{w, PLT_HDR_RX, F_CTRL, WLAN_STYPE_##st, 0, plt_##ra, NULL, NULL,    \
	 -1, 0, 0, 0}
#define FCTRL_RA_TA(w, st, ra, ta)                                           \
	{w, PLT_HDR_RX, F_CTRL, WLAN_STYPE_##st, 0, plt_##ra, plt_##ta,      \
	 NULL, -1, 0, 0, 0}
/* clang-format on */

static const struct fcase fcases[] = {
	FMGMT("auth", RX, AUTH, bss, sta, bss, true),
	FMGMT("assoc req", RX, ASSOC_REQ, bss, sta, bss, true),
	FMGMT("wildcard probe", RX, PROBE_REQ, bcast, sta, bcast, true),
	FMGMT("directed probe", RX, PROBE_REQ, bss, sta, bss, true),
	FMGMT("deauth", RX, DEAUTH, bss, sta, bss, true),
	FMGMT("disassoc", RX, DISASSOC, bss, sta, bss, true),
	FMGMT("action", RX, ACTION, bss, sta, bss, true),
	FDATA("eapol", RX, TODS, bss, sta, bss, -1, 0x888e, true, true),
	FDATA("qos eapol", RX, TODS, bss, sta, bss, 6, 0x888e, true, true),
	/* rapd's own transmissions, as the monitor reports them */
	FMGMT("auth echo", ECHO, AUTH, sta, bss, bss, true),
	FMGMT("assoc resp", ECHO_FAIL, ASSOC_RESP, sta, bss, bss, true),
	FMGMT("probe resp", ECHO, PROBE_RESP, sta, bss, bss, true),
	FMGMT("group deauth", ECHO, DEAUTH, bcast, bss, bss, true),
	FDATA("eapol echo", ECHO, FROMDS, sta, bss, bss, -1, 0x888e, true,
	      true),
	FDATA("qos eapol echo", ECHO_FAIL, FROMDS, sta, bss, bss, 0, 0x888e,
	      true, true),
	/* beacons (ours too), other networks, control frames */
	FMGMT("beacon", RX, BEACON, bcast, other, other, false),
	FMGMT("our beacon", ECHO, BEACON, bcast, bss, bss, false),
	FMGMT("other auth", RX, AUTH, other, sta, other, false),
	FMGMT("other probe resp", RX, PROBE_RESP, sta, other, other, false),
	FMGMT("probe to other", RX, PROBE_REQ, other, sta, other, false),
	FCTRL_RA("ack", ACK, bss),
	FCTRL_RA_TA("rts", RTS, bss, sta),
	FCTRL_RA("cts", CTS, bss),
	/* data: EAPOL only, unless data_frames; never another BSS's */
	FDATA("ipv4", RX, TODS, bss, sta, bss, -1, 0x0800, false, true),
	FDATA("qos ipv6", RX, TODS, bss, sta, bss, 5, 0x86dd, false, true),
	FDATA("ipv4 echo", ECHO, FROMDS, sta, bss, bss, 0, 0x0800, false, true),
	FDATA("other eapol", RX, TODS, other, sta, other, -1, 0x888e, false,
	      false),
	FDATA("other ipv4", RX, FROMDS, sta, other, other, -1, 0x0800, false,
	      false),
};

static void rec_case(struct plt_rec *r, const struct fcase *c,
		     enum plt_hdr_kind h)
{
	switch (c->kind) {
	case F_MGMT:
		plt_rec_mgmt(r, h, c->stype, c->a1, c->a2, c->a3);
		break;
	case F_DATA:
		plt_rec_data(r, h, c->ds, c->a1, c->a2, c->a3, c->tid,
			     c->ethertype);
		break;
	case F_CTRL:
		plt_rec_ctrl(r, c->stype, c->a1, c->a2);
		break;
	}
}

/* Compiles plt_bss's filter as the live port does, for link type 127. */
static bool filter_compile(pcap_t *dead, struct bpf_program *prog,
			   bool data_frames)
{
	char text[PORT_LIVE_FILTER_MAX];

	CHECK(port_live_filter(plt_bss, data_frames, text, sizeof(text)) > 0);
	if (pcap_compile(dead, prog, text, 1, PCAP_NETMASK_UNKNOWN) == 0)
		return true;
	fprintf(stderr, "  compile: %s\n", pcap_geterr(dead));
	CHECK(0);
	return false;
}

/* Runs every case under its own header and one with two presence words. */
static void filter_run(const struct bpf_program *prog, bool data_frames)
{
	const enum plt_hdr_kind extra = PLT_HDR_RX_EXT;
	struct pcap_pkthdr ph;
	struct plt_rec r;
	size_t k;
	int v;

	for (k = 0; k < 2 * RAPD_ARRAY_SIZE(fcases); k++) {
		const struct fcase *c = &fcases[k / 2];
		bool want = data_frames ? c->all_data : c->eapol_only;
		bool got;

		rec_case(&r, c, k % 2 && c->kind != F_CTRL ? extra : c->hdr);
		memset(&ph, 0, sizeof(ph));
		ph.caplen = ph.len = (bpf_u_int32)r.len;
		v = pcap_offline_filter(prog, &ph, r.b);
		got = v != 0;
		if (got != want)
			fprintf(stderr, "  %s%s: %s\n", c->what,
				k % 2 ? " (2 presence words)" : "",
				got ? "admitted" : "refused");
		CHECK(got == want);
	}
}

static void test_filter(void)
{
	pcap_t *dead = pcap_open_dead(DLT_IEEE802_11_RADIO, 65535);
	struct bpf_program prog;

	CHECK(dead != NULL);
	if (!dead)
		return;
	if (filter_compile(dead, &prog, false)) {
		filter_run(&prog, false);
		pcap_freecode(&prog);
	}
	if (filter_compile(dead, &prog, true)) {
		filter_run(&prog, true);
		pcap_freecode(&prog);
	}
	pcap_close(dead);
}

static void test_filter_text(void)
{
	char buf[PORT_LIVE_FILTER_MAX];
	int n = port_live_filter(plt_bss, false, buf, sizeof(buf));

	CHECK(n > 0 && (size_t)n == strlen(buf));
	CHECK(strstr(buf, "02:00:00:00:01:00") != NULL);
	CHECK(strstr(buf, "0x888e") != NULL);
	CHECK(port_live_filter(plt_bss, true, buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "0x888e") == NULL);
	CHECK_EQ_INT(port_live_filter(plt_bss, false, buf, (size_t)n), -ENOSPC);
	CHECK_EQ_INT(buf[0], '\0');
	CHECK_EQ_INT(port_live_filter(plt_bss, false, buf, (size_t)n + 1), n);
	CHECK_EQ_INT(port_live_filter(plt_bss, false, NULL, 0), -ENOSPC);
}

/* --- Shared decoding: the injection header test --------------------- */

static void test_injection_hdr(void)
{
	static const enum plt_hdr_kind kinds[] = {
		PLT_HDR_RX,	   PLT_HDR_RX_EXT, PLT_HDR_ECHO,
		PLT_HDR_ECHO_FAIL, PLT_HDR_INJECT,
	};
	struct port_radio_rec pr;
	struct plt_rec r;
	size_t k;

	for (k = 0; k < RAPD_ARRAY_SIZE(kinds); k++) {
		plt_rec_mgmt(&r, kinds[k], WLAN_STYPE_AUTH, plt_sta, plt_bss,
			     plt_bss);
		CHECK_EQ_INT(port_radio_locate(r.b, r.len, r.len,
					       PORT_RADIO_RADIOTAP, &pr),
			     PORT_IN_OK);
		CHECK_EQ_INT(port_radio_is_injection_hdr(&pr.rt),
			     kinds[k] == PLT_HDR_INJECT);
		CHECK_EQ_INT(pr.len, r.mpdu_len);
	}
}

/* --- Opening: refusals ---------------------------------------------- */

static void test_open_refusals(void)
{
	struct port_live_params lp = plt_params("rapdnosuch0");
	char err[PORT_ERR_LEN] = "";
	struct port_live_stats st;

	CHECK(port_live_open(&lp, err, sizeof(err)) == NULL);
	CHECK(strcmp(err, "rapdnosuch0: no such interface") == 0);
	CHECK(port_live_open(NULL, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "interface name") != NULL);
	lp.ifname = "";
	CHECK(port_live_open(&lp, NULL, 0) == NULL);
	lp.ifname = "a-name-far-too-long-for-linux";
	err[0] = '\0';
	CHECK(port_live_open(&lp, err, sizeof(err)) == NULL);
	CHECK(err[0] != '\0');
	CHECK_EQ_INT(port_live_stats(NULL, &st), -EINVAL);
}

static void test_open_lo(void)
{
	struct port_live_params lp = plt_params("lo");
	char err[PORT_ERR_LEN] = "";
	struct port *p = port_live_open(&lp, err, sizeof(err));

	CHECK(p == NULL);
	port_close(p);
	if (strstr(err, "permission denied"))
		SKIP("capturing on lo needs CAP_NET_RAW");
	if (strcmp(err, "lo: link type EN10MB, not a monitor interface "
			"(802.11 + radiotap)") != 0) {
		fprintf(stderr, "  err: %s\n", err);
		CHECK(0);
	}
}

int main(void)
{
	check_begin("test_port_live");
	RUN(test_filter_text);
	RUN(test_filter);
	RUN(test_injection_hdr);
	RUN(test_open_refusals);
	RUN(test_open_lo);
	return check_end();
}
