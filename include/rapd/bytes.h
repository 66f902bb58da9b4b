/*
 * bytes.h - byte order, MAC address and hex text helpers shared by every
 * layer (core, mlme and crypto alike).
 *
 * 802.11 and radiotap fields are little-endian, EAPOL-Key fields are
 * big-endian; these helpers read and write unaligned bytes so parsers never
 * cast a buffer to a wider type. Every helper is static inline, so using
 * one links no other layer's code (crypto/ depends on nothing above it).
 * All are pure, allocate nothing and are safe from any thread. Text
 * parsers read a NUL-terminated string and stop at the first byte that
 * does not fit: they never read past its NUL. They return 0 (or the value)
 * on success and -1 when the text is not what they parse.
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

/* The value of one hex digit of either case, or -1. */
static inline int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte two hex digits at s spell, or -1; s[1] is read only when s[0]
 * is a digit, so a NUL ends the read. */
static inline int hex_byte(const char *s)
{
	int hi = hex_digit(s[0]);
	int lo = hi < 0 ? -1 : hex_digit(s[1]);

	return lo < 0 ? -1 : hi << 4 | lo;
}

/* Writes b as two lowercase hex digits at out (no NUL). */
static inline void hex_put_byte(char *out, uint8_t b)
{
	static const char digits[] = "0123456789abcdef";

	out[0] = digits[b >> 4];
	out[1] = digits[b & 15];
}

/*
 * Decodes exactly out_len bytes of hex from s (no separators, either case).
 * Returns 0, or -1 if s is not exactly 2*out_len hex digits; out may then
 * hold some decoded bytes.
 */
static inline int hex_decode(const char *s, uint8_t *out, size_t out_len)
{
	for (size_t i = 0; i < out_len; i++) {
		int b = hex_byte(s + 2 * i);

		if (b < 0)
			return -1;
		out[i] = (uint8_t)b;
	}
	return s[2 * out_len] == '\0' ? 0 : -1;
}

/* Writes 2*len lowercase hex digits and a NUL into out. */
static inline void hex_encode(const uint8_t *in, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++)
		hex_put_byte(out + 2 * i, in[i]);
	out[2 * len] = '\0';
}

/* Formats aa:bb:cc:dd:ee:ff into buf (MAC_STR_LEN bytes) and returns buf. */
static inline char *mac_str(const uint8_t *mac, char *buf)
{
	for (int i = 0; i < ETH_ALEN_RAPD; i++) {
		hex_put_byte(buf + 3 * i, mac[i]);
		buf[3 * i + 2] = i < ETH_ALEN_RAPD - 1 ? ':' : '\0';
	}
	return buf;
}

/* Parses "aa:bb:cc:dd:ee:ff" (also '-' separated); 0, or -1 if not a MAC. */
static inline int mac_parse(const char *s, uint8_t *mac)
{
	for (int i = 0; i < ETH_ALEN_RAPD; i++) {
		int b = hex_byte(s);

		if (b < 0)
			return -1;
		mac[i] = (uint8_t)b;
		s += 2;
		if (i == ETH_ALEN_RAPD - 1)
			break;
		if (*s != ':' && *s != '-')
			return -1;
		s++;
	}
	return *s == '\0' ? 0 : -1;
}

#endif
