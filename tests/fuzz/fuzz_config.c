/*
 * fuzz_config - the configuration reader on arbitrary bytes.
 *
 * The input is config text for conf_parse_buf (pure: no file, no crypto).
 * When it is accepted, the oracle is conf_print's promise: what it writes
 * reads back without error and prints the same text again. The secret is
 * set to a passphrase spelt "<hidden>" first, so that the masked line reads
 * back too.
 */
#include <rapd/config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *print(const struct conf *c, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	if (!f)
		abort();
	conf_print(c, f);
	if (fclose(f) != 0)
		abort();
	return out;
}

static void check_reads_back(struct conf *c)
{
	struct conf_diag diag = { 0 };
	struct conf again;
	char *first, *second;
	size_t first_len, second_len;

	if (c->wpa_psk_set || c->wpa_passphrase[0]) {
		c->wpa_psk_set = false;
		strcpy(c->wpa_passphrase, "<hidden>");
	}
	first = print(c, &first_len);
	conf_init(&again);
	if (conf_parse_buf("printed", first, first_len, &again, &diag) != 0)
		abort();
	second = print(&again, &second_len);
	if (first_len != second_len || memcmp(first, second, first_len))
		abort();
	conf_free(&again);
	free(first);
	free(second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_diag diag = { 0 };
	struct conf c;

	conf_init(&c);
	if (conf_parse_buf("fuzz", (const char *)data, size, &c, &diag) == 0)
		check_reads_back(&c);
	conf_free(&c);
	return 0;
}
