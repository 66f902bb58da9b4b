/*
 * fuzz_radiotap.c - libFuzzer target for the radiotap codec.
 *
 * The input is a captured packet (radiotap header and whatever follows).
 * It is walked three ways (plain; with a registered vendor namespace whose
 * fields have varied alignments; with field 14 read as an FCS), every
 * reported field is read byte by byte so the sanitizers see any range
 * outside the header, and rt_parse() runs on it. A field outside
 * [buf + 8, buf + it_len] or a verdict outside the enum aborts.
 */
#include <stdint.h>
#include <stdlib.h>

#include "rapd/radiotap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct rt_field_spec fuzz_fields[40] = {
	[0] = {1, 4}, [1] = {2, 2},  [2] = {4, 8},  [3] = {8, 8},  [5] = {1, 0},
	[7] = {3, 5}, [31] = {2, 2}, [33] = {1, 1}, [39] = {4, 4},
};

static const struct rt_vendor_ns fuzz_vendors[] = {
	{{0x00, 0x00, 0x00}, 0, fuzz_fields, 40},
	{{0xff, 0xff, 0xff}, 255, fuzz_fields, 8},
};

static const struct rt_iter_opts fuzz_opts[] = {
	{NULL, 0, false},
	{fuzz_vendors, 2, false},
	{fuzz_vendors, 1, true},
};

static void fuzz_walk(const uint8_t *data, size_t size,
		      const struct rt_iter_opts *opts)
{
	volatile uint8_t sink = 0;
	struct rt_iter it;
	int r;

	if (rt_iter_init(&it, data, size, opts) != RT_OK)
		return;
	while ((r = rt_iter_next(&it)) > 0) {
		if (it.data < data + 8 || it.size > it.len ||
		    it.data + it.size > data + it.len)
			abort();
		for (size_t i = 0; i < it.size; i++)
			sink ^= it.data[i];
	}
	if (r < RT_ERR_TLV_NOT_LAST || (r == 0 && it.end == RT_END_NONE))
		abort();
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_info info;
	enum rt_verdict v;

	for (size_t i = 0; i < sizeof(fuzz_opts) / sizeof(fuzz_opts[0]); i++)
		fuzz_walk(data, size, &fuzz_opts[i]);
	v = rt_parse(data, size, &info);
	if (v > RT_OK || v < RT_ERR_TLV_NOT_LAST)
		abort();
	if (v == RT_OK && (info.len < 8 || info.len > size))
		abort();
	return 0;
}
