/*
 * fuzz_ndjson: NDJSON lines through lib/json and lib/record.
 *
 * Each '\n'-separated line is parsed with json_parse; a parsed line goes
 * through record_check, json_path and json_dump, and the dump must parse
 * again and dump to the same bytes.  Every string and key of a parsed tree
 * must be valid UTF-8 (json.h: "UTF-8 validated"), and the tree's links must
 * agree with each other.  A failed check calls abort().  Then the whole
 * input is fed line by line to json_stream as one top-level array.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/record.h"
#include "lib/utf8.h"

#define MAX_DOC	(1 << 20)

/* Walks the tree without recursion, checking each node. */
static void
check_tree(const struct jnode *root)
{
	const struct jnode *n = root, *c;
	size_t count;

	while (n != NULL) {
		if (n->key != NULL && utf8_check(n->key, n->klen) >= 0)
			abort();
		if (n->kind == J_STR && utf8_check(n->s, n->len) >= 0)
			abort();
		if ((n->key != NULL) != (n->parent != NULL &&
		    n->parent->kind == J_OBJ))
			abort();
		for (count = 0, c = n->child; c != NULL; c = c->next) {
			if (c->parent != n || (c->next == NULL && c != n->last))
				abort();
			count++;
		}
		if (count != n->n)
			abort();
		if (n->child != NULL) {
			n = n->child;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
}

static void
check_line(struct jdoc *d, struct jdoc *d2, struct buf *b1, struct buf *b2,
    const char *p, size_t n)
{
	static const char *paths[] = { "id", "post/id", "source/line",
	    "a/b", "0", "0/0", "user/full_name" };
	struct jerr e;
	char msg[128];
	int64_t t;
	size_t i;

	if (json_parse(d, p, n, &e) != JSON_OK)
		return;
	if (d->root == NULL)
		abort();
	check_tree(d->root);
	if (record_check(d->root, &t, msg, sizeof(msg)) == 0 &&
	    (t < -62135596800LL || t > 253402300799LL))
		abort();
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		(void)json_path(d->root, paths[i]);
	buf_reset(b1);
	if (json_dump(b1, d->root) < 0)
		return;
	/* The dump is valid JSON and a fixed point of parse + dump. */
	if (json_parse(d2, b1->data, b1->len, &e) != JSON_OK)
		abort();
	buf_reset(b2);
	if (json_dump(b2, d2->root) < 0)
		return;
	if (b1->len != b2->len || memcmp(b1->data, b2->data, b1->len) != 0)
		abort();
}

static int
on_elem(void *ctx, struct jdoc *d, struct jnode *elem, long line)
{
	struct buf *b = ctx;
	char msg[128];
	int64_t t;

	(void)d;
	if (elem == NULL || line < 1)
		abort();
	(void)record_check(elem, &t, msg, sizeof(msg));
	buf_reset(b);
	(void)json_dump(b, elem);
	return 0;
}

static void
stream(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct jstream *s;
	struct jerr e;
	struct buf b;
	long line = 1;
	int rc = JSON_OK;

	buf_init(&b, 0);
	if ((s = json_stream_new(MAX_DOC, on_elem, &b)) == NULL) {
		buf_free(&b);
		return;
	}
	while (p < end && rc == JSON_OK) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		rc = json_stream_feed(s, p, (size_t)(nl - p), line++, &e);
		p = nl;
	}
	if (rc == JSON_OK)
		(void)json_stream_finish(s, &e);
	json_stream_free(s);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct jdoc d, d2;
	struct buf b1, b2;

	json_doc_init(&d, MAX_DOC);
	json_doc_init(&d2, 0);
	buf_init(&b1, 0);
	buf_init(&b2, 0);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		check_line(&d, &d2, &b1, &b2, p, (size_t)(nl - p));
		p = nl + (nl < end);
	}
	json_doc_free(&d);
	json_doc_free(&d2);
	buf_free(&b1);
	buf_free(&b2);
	stream(data, size);
	return 0;
}
