/*
 * fuzz_brief: et-render's input, an et-agg document, through the brief
 * builder and the text, Markdown and HTML renderers (the PDF renderer draws
 * the same blocks through cairo; it is left out to keep the harness fast).
 * A document the builder accepts must render in every format, and the
 * output must be valid UTF-8 without control characters other than tab
 * and newline; a failed check calls abort().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/brief.h"
#include "lib/buf.h"
#include "lib/utf8.h"

static void
check(const struct buf *b)
{
	size_t i;

	if (utf8_check(b->data, b->len) >= 0)
		abort();
	for (i = 0; i < b->len; i++)
		if ((unsigned char)b->data[i] < 0x20 && b->data[i] != '\n' &&
		    b->data[i] != '\t')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct brief *br;
	struct buf out;
	char err[300];
	int (*const fn[])(const struct brief *, struct buf *) = {
		render_txt, render_md, render_html
	};
	size_t i;

	if ((br = brief_build((const char *)data, size, err,
	    sizeof(err))) == NULL)
		return 0;
	buf_init(&out, 0);
	for (i = 0; i < sizeof(fn) / sizeof(fn[0]); i++) {
		buf_reset(&out);
		if (fn[i](br, &out) == 0)
			check(&out);
	}
	buf_free(&out);
	brief_free(br);
	return 0;
}
