/*
 * bytes.h - byte order and MAC address helpers shared by every layer.
 *
 * 802.11 and radiotap fields are little-endian, EAPOL-Key fields are
 * big-endian; these helpers read and write unaligned bytes so parsers never
 * cast a buffer to a wider type. All are pure and safe from any thread.
 */
#ifndef RAPD_BYTES_H
#define RAPD_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RAPD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ETH_ALEN_RAPD 6

/* printf helpers: printf("%s", mac_str(m, buf)) with char buf[MAC_STR_LEN]. */
#define MAC_STR_LEN 18

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static inline bool mac_is_group(const uint8_t *mac)
{
	return mac[0] & 0x01;
}

static inline bool mac_is_broadcast(const uint8_t *mac)
{
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	return memcmp(mac, bc, 6) == 0;
}

static inline bool mac_equal(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, 6) == 0;
}

/* Formats aa:bb:cc:dd:ee:ff into buf (MAC_STR_LEN bytes) and returns buf. */
char *mac_str(const uint8_t *mac, char *buf);

/* Parses "aa:bb:cc:dd:ee:ff" (also '-' separated); 0 on success, -1 if not a MAC. */
int mac_parse(const char *s, uint8_t *mac);

/*
 * Decodes exactly out_len bytes of hex from s (no separators, either case).
 * Returns 0, or -1 if s is not exactly 2*out_len hex digits.
 */
int hex_decode(const char *s, uint8_t *out, size_t out_len);

/* Writes 2*len lowercase hex digits and a NUL into out. */
void hex_encode(const uint8_t *in, size_t len, char *out);

#endif
