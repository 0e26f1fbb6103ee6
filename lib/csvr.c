#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "xalloc.h"

struct csvr {
	struct input	*in;
	struct csv_parser p;
	struct buf	 line, raw, fbuf;
	size_t		*offs;		/* field start offsets in fbuf */
	size_t		*lens;
	size_t		 nf, capf;
	struct csv_field *fields;
	size_t		 capfields;
	int		 rows;		/* rows completed in this feed */
	int		 touched;	/* a callback ran in this feed */
	int		 first;		/* no line read yet */
	int		 nomem;
	long		 start;
	char		*pending;	/* csvr_unread bytes */
	size_t		 npending;
	long		 pending_line;
	char		 err[200];
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
init_parser(struct csvr *r)
{
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&r->p, no_space);
	csv_set_realloc_func(&r->p, xrealloc);
	csv_set_free_func(&r->p, free);
}

struct csvr *
csvr_new(struct input *in, size_t max_record)
{
	struct csvr *r = xcalloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->in = in;
	r->first = 1;
	buf_init(&r->line, max_record);
	buf_init(&r->raw, max_record);
	buf_init(&r->fbuf, max_record);
	init_parser(r);
	return r;
}

void
csvr_free(struct csvr *r)
{
	if (r == NULL)
		return;
	csv_free(&r->p);
	buf_free(&r->line);
	buf_free(&r->raw);
	buf_free(&r->fbuf);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	free(r->pending);
	free(r);
}

static void
on_field(void *s, size_t len, void *ctx)
{
	struct csvr *r = ctx;
	size_t ncap;
	size_t *o, *l;

	r->touched = 1;
	if (r->nomem)
		return;
	if (r->nf == r->capf) {
		ncap = r->capf ? r->capf * 2 : 64;
		o = xrealloc(r->offs, ncap * sizeof(*o));
		if (o != NULL)
			r->offs = o;
		l = o != NULL ? xrealloc(r->lens, ncap * sizeof(*l)) : NULL;
		if (l == NULL) {
			r->nomem = 1;
			return;
		}
		r->lens = l;
		r->capf = ncap;
	}
	r->offs[r->nf] = r->fbuf.len;
	r->lens[r->nf] = len;
	if (r->fbuf.cap - r->fbuf.len > len) {	/* the common case, inline */
		memcpy(r->fbuf.data + r->fbuf.len, s, len);
		r->fbuf.len += len;
		r->fbuf.data[r->fbuf.len] = '\0';
	} else if (buf_add(&r->fbuf, s, len) < 0) {
		r->nomem = 1;
		return;
	}
	r->nf++;
}

static void
on_row(int term, void *ctx)
{
	struct csvr *r = ctx;

	(void)term;
	r->touched = 1;
	r->rows++;
}

static int
build_fields(struct csvr *r)
{
	struct csv_field *f;
	size_t i;

	if (r->nf > r->capfields) {
		f = xrealloc(r->fields, r->nf * sizeof(*f));
		if (f == NULL)
			return CSVR_ENOMEM;
		r->fields = f;
		r->capfields = r->nf;
	}
	for (i = 0; i < r->nf; i++) {
		r->fields[i].p = r->fbuf.data + r->offs[i];
		r->fields[i].len = r->lens[i];
	}
	return 1;
}

static int
fail(struct csvr *r, int code, const char *msg)
{
	snprintf(r->err, sizeof(r->err), "%s", msg);
	/* Start clean on the next line. */
	csv_free(&r->p);
	init_parser(r);
	r->nf = 0;
	buf_reset(&r->fbuf);
	return code;
}

static int
blank(const struct buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (b->data[i] != '\n' && b->data[i] != '\r')
			return 0;
	return 1;
}

/*
 * libcsv ends a row at any CR; a CR that is not part of the line's final
 * CRLF (a row that starts with one, or "\r\r\n") would silently end it
 * early.  Called once a row is complete on this line.
 */
static int
stray_cr(const char *p, size_t n, int row_starts_here)
{
	if (row_starts_here && n > 0 && p[0] == '\r')
		return 1;
	return n >= 3 && p[n - 3] == '\r' && p[n - 2] == '\r' &&
	    p[n - 1] == '\n';
}

/* Gets the next physical line into r->line; like in_getline. */
static int
get_line(struct csvr *r, long *lineno)
{
	int rc;

	if (r->pending != NULL) {
		buf_reset(&r->line);
		/* it fitted when it was read: only memory can fail */
		rc = buf_add(&r->line, r->pending, r->npending) < 0 ? -3 : 1;
		*lineno = r->pending_line;
		free(r->pending);
		r->pending = NULL;
		return rc;
	}
	rc = in_getline(r->in, &r->line);
	*lineno = in_lineno(r->in);
	return rc;
}

static int
at_eof(struct csvr *r)
{
	r->rows = 0;
	if (csv_fini(&r->p, on_field, on_row, r) != 0)
		return fail(r, CSVR_EQUOTE, "unterminated quoted field");
	if (r->nomem)
		return fail(r, CSVR_ENOMEM, "out of memory");
	if (r->rows > 0)
		return build_fields(r);
	return 0;
}

int
csvr_next(struct csvr *r)
{
	const char *p;
	size_t n;
	long lineno;
	int rc;

	r->nf = 0;
	buf_reset(&r->fbuf);
	buf_reset(&r->raw);
	r->start = 0;
	for (;;) {
		rc = get_line(r, &lineno);
		if (rc == 0)
			return at_eof(r);
		if (r->start == 0)
			r->start = lineno;
		if (rc == -1)
			return fail(r, CSVR_EIO, in_error(r->in));
		if (rc == -2)
			return fail(r, CSVR_ELIMIT, "record too large");
		if (rc == -3)
			return fail(r, CSVR_ENOMEM, "out of memory");
		p = r->line.data;
		n = r->line.len;
		if (r->first && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
		r->first = 0;
		if (buf_add(&r->raw, r->line.data, r->line.len) < 0)
			return r->raw.len + r->line.len > r->raw.max ?
			    fail(r, CSVR_ELIMIT, "record too large") :
			    fail(r, CSVR_ENOMEM, "out of memory");
		r->rows = 0;
		r->touched = 0;
		if (csv_parse(&r->p, p, n, on_field, on_row, r) < n)
			return csv_error(&r->p) == CSV_ENOMEM ?
			    fail(r, CSVR_ENOMEM, "out of memory") :
			    fail(r, CSVR_EPARSE, "malformed quoting");
		if (r->nomem)
			return fail(r, CSVR_ENOMEM, "out of memory");
		if (r->rows > 1 || (r->rows == 1 && (r->p.pstate != 0 ||
		    stray_cr(p, n, r->raw.len == r->line.len))))
			return fail(r, CSVR_EPARSE,
			    "carriage return outside quotes");
		if (r->rows == 1)
			return build_fields(r);
		if (!r->touched && r->nf == 0 && blank(&r->line) &&
		    r->raw.len == r->line.len) {
			buf_reset(&r->raw);
			r->start = 0;
		}
	}
}

int
csvr_unread(struct csvr *r, const char *p, size_t n, long lineno)
{
	free(r->pending);
	r->pending = xstrndup(p, n);
	if (r->pending == NULL)
		return -1;
	r->npending = n;
	r->pending_line = lineno;
	return 0;
}

size_t
csvr_nfields(const struct csvr *r)
{
	return r->nf;
}

const struct csv_field *
csvr_fields(const struct csvr *r)
{
	return r->fields;
}

long
csvr_line(const struct csvr *r)
{
	return r->start;
}

const struct buf *
csvr_raw(const struct csvr *r)
{
	return &r->raw;
}

const char *
csvr_error(const struct csvr *r)
{
	return r->err;
}
