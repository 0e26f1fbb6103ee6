#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndjson.h"
#include "utf8.h"
#include "xalloc.h"

struct nd_reader {
	struct input	*in;
	struct buf	 line;
	struct jdoc	 doc;
	int		 first;
	int		 pending;	/* line holds an unread line */
	long		 pending_line;
};

struct nd_reader *
nd_open(struct input *in, size_t max_record)
{
	struct nd_reader *r = xcalloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->in = in;
	r->first = 1;
	buf_init(&r->line, max_record);
	json_doc_init(&r->doc, 0);
	r->doc.utf8_ok = 1;	/* nd_next checks each line first */
	return r;
}

void
nd_close(struct nd_reader *r)
{
	if (r == NULL)
		return;
	buf_free(&r->line);
	json_doc_free(&r->doc);
	free(r);
}

static int
bad(struct nd_err *err, enum diag_kind kind, long col, const char *msg)
{
	err->kind = kind;
	err->col = col;
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
	return ND_EBAD;
}

int
nd_unread(struct nd_reader *r, const char *p, size_t n, long lineno)
{
	buf_reset(&r->line);
	if (buf_add(&r->line, p, n) < 0)
		return -1;
	r->pending = 1;
	r->pending_line = lineno;
	return 0;
}

int
nd_next(struct nd_reader *r, struct nd_rec *rec, struct nd_err *err)
{
	struct jerr e;
	const char *p;
	size_t n, i;
	long off;
	int rc;

	for (;;) {
		if (r->pending) {
			r->pending = 0;
			rc = 1;
			rec->lineno = r->pending_line;
		} else {
			rc = in_getline(r->in, &r->line);
			rec->lineno = in_lineno(r->in);
		}
		if (rc == 0)
			return 0;
		if (rc == -1)
			return ND_EIO;
		rec->line = NULL;
		rec->len = 0;
		if (rc == -2)
			return bad(err, DK_LIMIT, 0, "record too large");
		p = r->line.data;
		n = r->line.len;
		if (r->first && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3, n -= 3;
		r->first = 0;
		while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
			n--;
		for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
			;
		if (i < n)
			break;
	}
	rec->line = p;
	rec->len = n;
	if ((off = utf8_check(p, n)) >= 0)
		return bad(err, DK_UTF8, off + 1, "invalid UTF-8");
	rc = json_parse(&r->doc, p, n, &e);
	if (rc == JSON_ENOMEM)
		return ND_EIO;
	if (rc != JSON_OK)
		return bad(err, rc == JSON_ELIMIT ? DK_LIMIT : DK_PARSE, e.col,
		    e.msg);
	rec->obj = r->doc.root;
	return 1;
}
