/*
 * nl_link.c - a network interface's index, up flag and MAC address, by
 * name: the link-level steps beside nl80211 (bring a monitor up, give an
 * active monitor the BSSID, restore what was found).
 *
 * Called by the main thread during set-up and restore. Owns nothing: each
 * call opens a datagram socket for its ioctls (SIOCGIFINDEX, SIOCGIFFLAGS,
 * SIOCSIFFLAGS, SIOCGIFHWADDR, SIOCSIFHWADDR; netdevice(7)) and closes it,
 * so no libnl-route is needed and nothing is shared between threads.
 *
 * The kernel sets a MAC only if the address family given matches the
 * link's hardware type (dev_set_mac_address): a monitor is
 * ARPHRD_IEEE80211_RADIOTAP, not Ethernet, so the type is read first.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <net/if.h>

#include "rapd/nl.h"

/* Any datagram socket carries the interface ioctls; AF_INET needs no
 * privilege, AF_PACKET stands in on a kernel built without IPv4. */
static int ioctl_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 && errno == EAFNOSUPPORT)
		fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

/* Runs one interface ioctl on ifr, whose name it fills in first. */
static int link_ioctl(const char *ifname, unsigned long req, struct ifreq *ifr)
{
	size_t len = ifname ? strnlen(ifname, IFNAMSIZ) : 0;
	int fd, rc = 0;

	if (len == 0 || len >= IFNAMSIZ)
		return -EINVAL;
	memcpy(ifr->ifr_name, ifname, len);
	ifr->ifr_name[len] = '\0';
	fd = ioctl_socket();
	if (fd < 0)
		return fd;
	if (ioctl(fd, req, ifr) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int nl_link_index(const char *ifname, uint32_t *ifindex)
{
	struct ifreq ifr = { 0 };
	int rc = link_ioctl(ifname, SIOCGIFINDEX, &ifr);

	if (rc == 0)
		*ifindex = (uint32_t)ifr.ifr_ifindex;
	return rc;
}

int nl_link_get_up(const char *ifname, bool *up)
{
	struct ifreq ifr = { 0 };
	int rc = link_ioctl(ifname, SIOCGIFFLAGS, &ifr);

	if (rc == 0)
		*up = (ifr.ifr_flags & IFF_UP) != 0;
	return rc;
}

/* Read, change one bit, write back: the other flags stay as they are. */
int nl_link_set_up(const char *ifname, bool up)
{
	struct ifreq ifr = { 0 };
	int rc = link_ioctl(ifname, SIOCGIFFLAGS, &ifr);

	if (rc < 0)
		return rc;
	if (up == ((ifr.ifr_flags & IFF_UP) != 0))
		return 0;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return link_ioctl(ifname, SIOCSIFFLAGS, &ifr);
}

int nl_link_get_addr(const char *ifname, uint8_t addr[6])
{
	struct ifreq ifr = { 0 };
	int rc = link_ioctl(ifname, SIOCGIFHWADDR, &ifr);

	if (rc == 0)
		memcpy(addr, ifr.ifr_hwaddr.sa_data, 6);
	return rc;
}

int nl_link_set_addr(const char *ifname, const uint8_t addr[6])
{
	struct ifreq ifr = { 0 };
	int rc = link_ioctl(ifname, SIOCGIFHWADDR, &ifr);

	if (rc < 0)
		return rc;
	/* sa_family keeps the link's hardware type, read above. */
	memcpy(ifr.ifr_hwaddr.sa_data, addr, 6);
	return link_ioctl(ifname, SIOCSIFHWADDR, &ifr);
}
