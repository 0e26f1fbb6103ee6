#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "json.h"
#include "utf8.h"
#include "xalloc.h"

struct arena_blk {
	struct arena_blk *prev;
	size_t		 cap, used;
	char		 mem[];
};

#define ARENA_MIN	(64 * 1024)

void
json_doc_init(struct jdoc *d, size_t max)
{
	d->blk = NULL;
	d->root = NULL;
	d->max = max == 0 ? SIZE_MAX / 2 : max;
	d->used = 0;
	d->over = 0;
	d->utf8_ok = 0;
	d->text = NULL;
	d->textlen = 0;
}

static void
free_chain(struct arena_blk *b)
{
	struct arena_blk *p;

	while (b != NULL) {
		p = b->prev;
		free(b);
		b = p;
	}
}

void
json_doc_reset(struct jdoc *d)
{
	struct arena_blk *b = d->blk;
	size_t total = 0;

	d->root = NULL;
	d->used = 0;
	d->over = 0;
	d->text = NULL;
	d->textlen = 0;
	if (b == NULL)
		return;
	if (b->prev == NULL) {
		b->used = 0;
		return;
	}
	/* Several blocks: replace them by one big enough for next time. */
	for (; b != NULL; b = b->prev)
		total += b->cap;
	free_chain(d->blk);
	d->blk = xmalloc(sizeof(*d->blk) + total);
	if (d->blk != NULL) {
		d->blk->prev = NULL;
		d->blk->cap = total;
		d->blk->used = 0;
	}
}

void
json_doc_free(struct jdoc *d)
{
	free_chain(d->blk);
	json_doc_init(d, d->max);
}

static void *
arena_alloc(struct jdoc *d, size_t n)
{
	struct arena_blk *b = d->blk, *nb;
	size_t cap;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n > d->max || d->used > d->max - n) {
		d->over = 1;
		return NULL;
	}
	if (b == NULL || b->cap - b->used < n) {
		cap = n > ARENA_MIN ? n : ARENA_MIN;
		if (b != NULL && b->cap * 2 > cap)
			cap = b->cap * 2;
		nb = xmalloc(sizeof(*nb) + cap);
		if (nb == NULL)
			return NULL;
		nb->prev = b;
		nb->cap = cap;
		nb->used = 0;
		d->blk = b = nb;
	}
	p = b->mem + b->used;
	b->used += n;
	d->used += n;
	return p;
}

void *
json_doc_alloc(struct jdoc *d, size_t n)
{
	return arena_alloc(d, n);
}

char *
json_doc_strdup(struct jdoc *d, const char *s, size_t n)
{
	char *p = arena_alloc(d, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Parser state shared by json_parse and json_stream. */
struct pctx {
	struct jdoc	*d;
	struct jnode	*cur;		/* open container, NULL at top */
	const char	*key;
	size_t		 klen;
	int		 depth;
	int		 err;
	/* stream mode */
	int		 stream;
	int		 in_array;	/* saw the top-level '[' */
	int		 done;		/* saw the top-level ']' */
	long		 line, elem_line;
	jstream_fn	 fn;
	void		*fnctx;
};

static int
deliver(struct pctx *c, struct jnode *elem)
{
	int rc = c->fn(c->fnctx, c->d, elem, c->elem_line);

	json_doc_reset(c->d);
	if (rc != 0) {
		c->err = JSON_ECANCEL;
		return 0;
	}
	return 1;
}

static struct jnode *
add_node(struct pctx *c, enum jkind kind)
{
	struct jnode *n;

	if (c->stream && c->cur == NULL && !c->in_array) {
		c->err = JSON_ETYPE;
		return NULL;
	}
	n = arena_alloc(c->d, sizeof(*n));
	if (n == NULL) {
		c->err = JSON_ENOMEM;
		return NULL;
	}
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->parent = c->cur;
	if (c->cur == NULL) {
		c->d->root = n;
		c->elem_line = c->line;
	} else {
		if (c->cur->kind == J_OBJ) {
			n->key = c->key;
			n->klen = c->klen;
		}
		if (c->cur->last != NULL)
			c->cur->last->next = n;
		else
			c->cur->child = n;
		c->cur->last = n;
		c->cur->n++;
	}
	return n;
}

/* A scalar or closed container at the top of a stream is one element. */
static int
maybe_deliver(struct pctx *c, struct jnode *n)
{
	if (c->stream && n->parent == NULL)
		return deliver(c, n);
	return 1;
}

/* Bytes of the caller's text (no escapes to decode): no copy needed. */
static int
in_text(const struct pctx *c, const char *s, size_t len)
{
	const char *t = c->d->text;

	return t != NULL && s >= t && s + len <= t + c->d->textlen;
}

static int
scalar(struct pctx *c, enum jkind kind, const char *s, size_t len)
{
	struct jnode *n = add_node(c, kind);

	if (n == NULL)
		return 0;
	if (s != NULL && in_text(c, s, len)) {
		n->s = s;
		n->len = len;
	} else if (s != NULL) {
		n->s = json_doc_strdup(c->d, s, len);
		if (n->s == NULL) {
			c->err = JSON_ENOMEM;
			return 0;
		}
		n->len = len;
	}
	return maybe_deliver(c, n);
}

static int
cb_null(void *ctx)
{
	return scalar(ctx, J_NULL, NULL, 0);
}

static int
cb_bool(void *ctx, int v)
{
	return scalar(ctx, v ? J_TRUE : J_FALSE, NULL, 0);
}

static int
cb_number(void *ctx, const char *s, size_t len)
{
	return scalar(ctx, J_NUM, s, len);
}

/*
 * yajl checks only the shape of multi-byte sequences; overlong forms,
 * encoded surrogates and code points past U+10FFFF need the full check.
 */
static int
valid_utf8(struct pctx *c, const unsigned char *s, size_t len)
{
	if (c->d->utf8_ok || utf8_check((const char *)s, len) < 0)
		return 1;
	c->err = JSON_EUTF8;
	return 0;
}

static int
cb_string(void *ctx, const unsigned char *s, size_t len)
{
	if (!valid_utf8(ctx, s, len))
		return 0;
	return scalar(ctx, J_STR, (const char *)s, len);
}

static int
open_container(struct pctx *c, enum jkind kind)
{
	struct jnode *n;

	if (c->stream && c->depth == 0 && !c->in_array) {
		if (kind != J_ARR) {
			c->err = JSON_ETYPE;
			return 0;
		}
		c->in_array = 1;
		c->depth++;
		return 1;
	}
	if (c->depth >= JSON_MAX_DEPTH) {
		c->err = JSON_EDEPTH;
		return 0;
	}
	n = add_node(c, kind);
	if (n == NULL)
		return 0;
	c->cur = n;
	c->depth++;
	return 1;
}

static int
close_container(struct pctx *c)
{
	struct jnode *n = c->cur;

	c->depth--;
	if (n == NULL) {	/* the stream's top-level array */
		c->done = 1;
		return 1;
	}
	c->cur = n->parent;
	return maybe_deliver(c, n);
}

static int
cb_start_map(void *ctx)
{
	return open_container(ctx, J_OBJ);
}

static int
cb_map_key(void *ctx, const unsigned char *s, size_t len)
{
	struct pctx *c = ctx;

	if (!valid_utf8(c, s, len))
		return 0;
	c->key = in_text(c, (const char *)s, len) ? (const char *)s :
	    json_doc_strdup(c->d, (const char *)s, len);
	if (c->key == NULL) {
		c->err = JSON_ENOMEM;
		return 0;
	}
	c->klen = len;
	return 1;
}

static int
cb_end(void *ctx)
{
	return close_container(ctx);
}

static int
cb_start_array(void *ctx)
{
	return open_container(ctx, J_ARR);
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end
};

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static long
u_escape(const char *p, const char *end)
{
	long v = 0;
	int i, h;

	if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((h = hexval((unsigned char)p[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * yajl decodes an unpaired surrogate escape to '?' without complaint, which
 * would silently change the text; find them first.  Returns the offset of the
 * first bad escape or -1.
 */
static long
lone_surrogate(const char *p, size_t n)
{
	const char *s = p, *end = p + n;
	long v, w;

	while ((s = memchr(s, '\\', (size_t)(end - s))) != NULL) {
		if (s + 1 >= end)
			break;
		if (s[1] != 'u') {
			s += 2;
			continue;
		}
		v = u_escape(s, end);
		if (v >= 0xD800 && v <= 0xDBFF) {
			w = u_escape(s + 6, end);
			if (w < 0xDC00 || w > 0xDFFF)
				return s - p;
			s += 12;
			continue;
		}
		if (v >= 0xDC00 && v <= 0xDFFF)
			return s - p;
		s += 2;
	}
	return -1;
}

static void
set_err(struct jerr *e, int code, long col, const char *msg)
{
	e->code = code;
	e->col = col;
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
}

/* Turns yajl's error text into one lowercase line without a final period. */
static void
yajl_err(yajl_handle h, const char *p, size_t n, struct jerr *e)
{
	unsigned char *m = yajl_get_error(h, 0, (const unsigned char *)p, n);
	size_t len;
	char *s;

	set_err(e, JSON_EPARSE, (long)yajl_get_bytes_consumed(h) + 1,
	    m != NULL ? (char *)m : "invalid JSON");
	if (m != NULL)
		yajl_free_error(h, m);
	s = e->msg;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' ' ||
	    s[len - 1] == '.'))
		s[--len] = '\0';
}

static int
finish_err(struct pctx *c, yajl_handle h, const char *p, size_t n,
    struct jerr *e)
{
	long col = (long)yajl_get_bytes_consumed(h) + 1;

	if (c->err == JSON_ENOMEM && c->d->over)
		c->err = JSON_ELIMIT;
	switch (c->err) {
	case JSON_ELIMIT:
		set_err(e, JSON_ELIMIT, col, "record too large");
		break;
	case JSON_EUTF8:
		set_err(e, JSON_EPARSE, col, "invalid UTF-8 in a string");
		break;
	case JSON_ENOMEM:
		set_err(e, JSON_ENOMEM, col, "out of memory");
		break;
	case JSON_EDEPTH:
		set_err(e, JSON_EDEPTH, col, "nesting deeper than 512");
		break;
	case JSON_ETYPE:
		set_err(e, JSON_ETYPE, col, "expected a JSON array");
		break;
	case JSON_ECANCEL:
		set_err(e, JSON_ECANCEL, col, "stopped");
		break;
	default:
		yajl_err(h, p, n, e);
		break;
	}
	return e->code;
}

static int
check_surrogates(const char *p, size_t n, struct jerr *e)
{
	const char *q = p, *end = p + n;
	long off;

	/* Most lines have no \u escape at all; find that out fast. */
	while ((q = memchr(q, '\\', (size_t)(end - q))) != NULL &&
	    (q + 1 >= end || q[1] != 'u'))
		q += 2 > end - q ? end - q : 2;
	if (q == NULL || q >= end)
		return JSON_OK;
	if ((off = lone_surrogate(p, n)) < 0)
		return JSON_OK;
	set_err(e, JSON_EPARSE, off + 1, "unpaired UTF-16 surrogate escape");
	return JSON_EPARSE;
}

int
json_parse(struct jdoc *d, const char *p, size_t n, struct jerr *e)
{
	struct pctx c;
	yajl_handle h;
	int rc = JSON_OK;

	json_doc_reset(d);
	if ((rc = check_surrogates(p, n, e)) != JSON_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	c.d = d;
	d->text = p;
	d->textlen = n;
	h = yajl_alloc(&callbacks, NULL, &c);
	if (h == NULL) {
		set_err(e, JSON_ENOMEM, 0, "out of memory");
		return JSON_ENOMEM;
	}
	/* text checked already: yajl's own per-byte UTF-8 check is waste */
	if (d->utf8_ok)
		yajl_config(h, yajl_dont_validate_strings, 1);
	if (yajl_parse(h, (const unsigned char *)p, n) != yajl_status_ok ||
	    yajl_complete_parse(h) != yajl_status_ok)
		rc = finish_err(&c, h, p, n, e);
	yajl_free(h);
	if (rc == JSON_OK && d->root == NULL) {
		set_err(e, JSON_EPARSE, 1, "empty input");
		rc = JSON_EPARSE;
	}
	return rc;
}

struct jstream {
	struct pctx	 c;
	struct jdoc	 d;
	yajl_handle	 h;
};

struct jstream *
json_stream_new(size_t max, jstream_fn fn, void *ctx)
{
	struct jstream *s = xcalloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	json_doc_init(&s->d, max);
	s->c.d = &s->d;
	s->c.stream = 1;
	s->c.fn = fn;
	s->c.fnctx = ctx;
	s->h = yajl_alloc(&callbacks, NULL, &s->c);
	if (s->h == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

int
json_stream_feed(struct jstream *s, const char *p, size_t n, long line,
    struct jerr *e)
{
	int rc;

	if ((rc = check_surrogates(p, n, e)) != JSON_OK)
		return rc;
	s->c.line = line;
	if (yajl_parse(s->h, (const unsigned char *)p, n) != yajl_status_ok)
		return finish_err(&s->c, s->h, p, n, e);
	return JSON_OK;
}

int
json_stream_finish(struct jstream *s, struct jerr *e)
{
	if (yajl_complete_parse(s->h) != yajl_status_ok)
		return finish_err(&s->c, s->h, "", 0, e);
	if (!s->c.done) {
		set_err(e, JSON_EPARSE, 0, "unterminated JSON array");
		return JSON_EPARSE;
	}
	return JSON_OK;
}

void
json_stream_free(struct jstream *s)
{
	if (s == NULL)
		return;
	yajl_free(s->h);
	json_doc_free(&s->d);
	free(s);
}

struct jnode *
json_get(const struct jnode *obj, const char *key, size_t klen)
{
	struct jnode *n, *found = NULL;

	if (obj == NULL || obj->kind != J_OBJ)
		return NULL;
	for (n = obj->child; n != NULL; n = n->next)
		if (n->klen == klen && memcmp(n->key, key, klen) == 0)
			found = n;
	return found;
}

static struct jnode *
array_at(const struct jnode *arr, const char *seg, size_t len)
{
	struct jnode *n;
	size_t i, idx = 0;

	if (len == 0 || len > 9)
		return NULL;
	for (i = 0; i < len; i++) {
		if (seg[i] < '0' || seg[i] > '9')
			return NULL;
		idx = idx * 10 + (size_t)(seg[i] - '0');
	}
	for (n = arr->child; n != NULL && idx > 0; n = n->next)
		idx--;
	return n;
}

struct jnode *
json_path(const struct jnode *obj, const char *path)
{
	size_t len = strlen(path);
	const char *slash;
	struct jnode *n;

	if (obj == NULL)
		return NULL;
	if (obj->kind == J_OBJ && (n = json_get(obj, path, len)) != NULL)
		return n;
	slash = memchr(path, '/', len);
	if (slash == NULL)
		return obj->kind == J_ARR ? array_at(obj, path, len) : NULL;
	if (obj->kind == J_OBJ)
		n = json_get(obj, path, (size_t)(slash - path));
	else if (obj->kind == J_ARR)
		n = array_at(obj, path, (size_t)(slash - path));
	else
		return NULL;
	return n == NULL ? NULL : json_path(n, slash + 1);
}

static const char hexdig[] = "0123456789abcdef";

int
json_add_str(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run;
	char esc[6];

	if (buf_grow(b, n + 2) < 0 || buf_addc(b, '"') < 0)
		return -1;
	while (p < end) {
		run = p;
		while (p < end && *p >= 0x20 && *p != '"' && *p != '\\')
			p++;
		if (buf_add(b, run, (size_t)(p - run)) < 0)
			return -1;
		if (p == end)
			break;
		esc[0] = '\\';
		switch (*p) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hexdig[*p >> 4];
			esc[5] = hexdig[*p & 15];
			if (buf_add(b, esc, 6) < 0)
				return -1;
			p++;
			continue;
		}
		if (buf_add(b, esc, 2) < 0)
			return -1;
		p++;
	}
	return buf_addc(b, '"');
}

int
json_dump(struct buf *b, const struct jnode *node)
{
	const struct jnode *n;

	switch (node->kind) {
	case J_NULL:
		return buf_add(b, "null", 4);
	case J_FALSE:
		return buf_add(b, "false", 5);
	case J_TRUE:
		return buf_add(b, "true", 4);
	case J_NUM:
		return buf_add(b, node->s, node->len);
	case J_STR:
		return json_add_str(b, node->s, node->len);
	case J_ARR:
	case J_OBJ:
		if (buf_addc(b, node->kind == J_ARR ? '[' : '{') < 0)
			return -1;
		for (n = node->child; n != NULL; n = n->next) {
			if (n != node->child && buf_addc(b, ',') < 0)
				return -1;
			if (node->kind == J_OBJ &&
			    (json_add_str(b, n->key, n->klen) < 0 ||
			    buf_addc(b, ':') < 0))
				return -1;
			if (json_dump(b, n) < 0)
				return -1;
		}
		return buf_addc(b, node->kind == J_ARR ? ']' : '}');
	}
	return -1;
}

int
json_error_object(struct buf *b, const char *prog, const char *file,
    long line, long col, const char *kind, const char *msg)
{
	if (buf_adds(b, "{\"prog\":") < 0 ||
	    json_add_str(b, prog, strlen(prog)) < 0 ||
	    buf_adds(b, ",\"file\":") < 0)
		return -1;
	if (file != NULL ? json_add_str(b, file, strlen(file)) :
	    buf_adds(b, "null"))
		return -1;
	if (buf_adds(b, ",\"line\":") < 0 ||
	    (line > 0 ? buf_addi(b, line) : buf_adds(b, "null")) < 0 ||
	    buf_adds(b, ",\"col\":") < 0 ||
	    (col > 0 ? buf_addi(b, col) : buf_adds(b, "null")) < 0 ||
	    buf_adds(b, ",\"kind\":") < 0 ||
	    json_add_str(b, kind, strlen(kind)) < 0 ||
	    buf_adds(b, ",\"message\":") < 0 ||
	    json_add_str(b, msg, strlen(msg)) < 0)
		return -1;
	return buf_addc(b, '}');
}

int
json_str_is(const struct jnode *n, const char *s)
{
	return n != NULL && n->kind == J_STR && n->len == strlen(s) &&
	    memcmp(n->s, s, n->len) == 0;
}
