/*
 * fuzz_agg: et-agg's two parsers, enriched records and partial states.
 *
 * The input's lines are folded into a state as records (agg_add); the
 * state is written as a partial, the partial is merged into a fresh state
 * and written again: the two partials must be the same bytes, and so must
 * the documents of the two states.  Then the input's lines are merged as a
 * partial state themselves (the first line as its header), and a state
 * that took them all must give a document.  A failed check calls abort().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/agg.h"
#include "lib/buf.h"
#include "lib/json.h"

#define MAX_DOC	(1 << 20)

/* Feeds each line of p[0..n) to fn; stops at the first nonzero result. */
static int
lines(struct jdoc *d, const char *p, size_t n, struct agg *a, int merge)
{
	const char *end = p + n, *nl;
	char msg[200];
	struct jerr e;
	int first = 1, rc;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl > p && json_parse(d, p, (size_t)(nl - p), &e) == JSON_OK) {
			rc = merge ? agg_merge_line(a, d->root, (size_t)(nl - p),
			    first, msg, sizeof(msg)) : agg_add(a, d->root,
			    (size_t)(nl - p), msg, sizeof(msg));
			if (rc < 0 && (merge || rc != AGG_EDATA))
				return rc;
			first = 0;
		} else if (merge)
			return AGG_EDATA;
		p = nl + (nl < end);
	}
	return 0;
}

static void
same(const struct buf *x, const struct buf *y)
{
	if (x->len != y->len || memcmp(x->data, y->data, x->len) != 0)
		abort();
}

static void
round_trip(struct jdoc *d, const uint8_t *data, size_t size)
{
	struct agg_spec sp = { 0 };
	struct agg_final f;
	struct agg *a, *b = NULL;
	struct buf p1, p2, d1, d2;

	sp.weak = 0.3;
	sp.strong = 0.7;
	agg_final_defaults(&f);
	buf_init(&p1, 0);
	buf_init(&p2, 0);
	buf_init(&d1, 0);
	buf_init(&d2, 0);
	if ((a = agg_new(&sp, 100000)) == NULL)
		goto out;
	if (lines(d, (const char *)data, size, a, 0) != 0 ||
	    agg_write_partial(a, &p1) < 0 ||
	    (b = agg_new_merge(100000)) == NULL)
		goto out;
	/* a state it wrote itself always merges */
	if (lines(d, p1.data, p1.len, b, 1) != 0)
		abort();
	if (agg_write_partial(b, &p2) < 0)
		goto out;
	same(&p1, &p2);
	if (agg_document(a, &f, &d1, NULL) < 0 ||
	    agg_document(b, &f, &d2, NULL) < 0)
		goto out;
	same(&d1, &d2);
out:
	agg_free(a);
	agg_free(b);
	buf_free(&p1);
	buf_free(&p2);
	buf_free(&d1);
	buf_free(&d2);
}

static void
as_partial(struct jdoc *d, const uint8_t *data, size_t size)
{
	struct agg_final f;
	struct agg *a = agg_new_merge(100000);
	struct buf out;

	buf_init(&out, 0);
	agg_final_defaults(&f);
	if (a != NULL && lines(d, (const char *)data, size, a, 1) == 0) {
		(void)agg_document(a, &f, &out, NULL);
		buf_reset(&out);
		(void)agg_write_partial(a, &out);
	}
	agg_free(a);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jdoc d;

	json_doc_init(&d, MAX_DOC);
	round_trip(&d, data, size);
	as_partial(&d, data, size);
	json_doc_free(&d);
	return 0;
}
