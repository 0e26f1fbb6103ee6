/*
 * json: strict JSON parsing into a small arena-backed tree, lookups, and
 * compact writing.  Parsing uses yajl's callback parser: strict grammar,
 * UTF-8 validated, numbers kept as their literal text, no recursion.
 *
 * Ownership: a struct jdoc owns every node and string it parsed; they stay
 * valid until json_doc_reset() or json_doc_free().  Lookups return borrowed
 * pointers into the document.  Writers append to a caller's struct buf and
 * return 0 or -1 (the buffer's cap or memory ran out).
 */
#ifndef ET_JSON_H
#define ET_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum jkind { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jkind	 kind;
	const char	*key;	/* member name when the parent is an object */
	size_t		 klen;
	const char	*s;	/* string bytes (unescaped) or number text */
	size_t		 len;
	struct jnode	*parent, *child, *last, *next;
	size_t		 n;	/* number of children */
};

struct arena_blk;

struct jdoc {
	struct arena_blk *blk;	/* current block; older ones chained */
	struct jnode	*root;
	size_t		 max;	/* bytes the arena may hold */
	size_t		 used;
	int		 over;	/* an allocation went past max */
	int		 utf8_ok;	/* the caller checked the text's UTF-8 */
	const char	*text;	/* the text being parsed (json_parse) */
	size_t		 textlen;
};

/* Parse results. */
#define JSON_OK		 0
#define JSON_EPARSE	-1	/* syntax, invalid UTF-8, lone surrogate */
#define JSON_ENOMEM	-2
#define JSON_EDEPTH	-3	/* nesting deeper than JSON_MAX_DEPTH */
#define JSON_ETYPE	-4	/* a value of the wrong kind where asked */
#define JSON_ECANCEL	-5	/* a callback asked to stop */
#define JSON_ELIMIT	-6	/* a value larger than the document's max */
#define JSON_EUTF8	-7	/* internal: reported as JSON_EPARSE */

#define JSON_MAX_DEPTH	512

/* An error's detail: a message (static or in msg) and a 1-based column. */
struct jerr {
	int	 code;
	long	 col;
	char	 msg[160];
};

void	json_doc_init(struct jdoc *d, size_t max);
void	json_doc_reset(struct jdoc *d);
void	json_doc_free(struct jdoc *d);
/* Allocates n bytes in the arena; NULL when out of memory. */
void	*json_doc_alloc(struct jdoc *d, size_t n);
/* Copies n bytes into the arena (NUL-terminated); NULL when out of memory. */
char	*json_doc_strdup(struct jdoc *d, const char *s, size_t n);

/*
 * Parses exactly one JSON value from p[0..n) into d (reset first) and sets
 * d->root.  Returns JSON_OK or an error code with e filled in.  Strings
 * without escapes point into p, which must outlive the document's use;
 * set d->utf8_ok when p is already known to be valid UTF-8.
 */
int	json_parse(struct jdoc *d, const char *p, size_t n, struct jerr *e);

/*
 * A stream of JSON values inside a top-level array, fed in chunks (a chunk
 * must not end inside a \u escape; whole lines satisfy that).  on_elem is
 * called for each complete element with the document holding it; it returns
 * 0 to go on or nonzero to stop (JSON_ECANCEL).  The document is reset after
 * each element.
 */
struct jstream;
typedef int (*jstream_fn)(void *ctx, struct jdoc *d, struct jnode *elem,
    long line);
struct jstream *json_stream_new(size_t max, jstream_fn fn, void *ctx);
int	json_stream_feed(struct jstream *s, const char *p, size_t n, long line,
	    struct jerr *e);
/* Declares end of input; an unfinished array is an error. */
int	json_stream_finish(struct jstream *s, struct jerr *e);
void	json_stream_free(struct jstream *s);

/* The member named key (last one wins), or NULL; obj may be NULL. */
struct jnode *json_get(const struct jnode *obj, const char *key, size_t klen);
/*
 * Looks up a '/'-separated path: first as one flattened key, then member by
 * member (numeric segments index arrays).  NULL when absent.
 */
struct jnode *json_path(const struct jnode *obj, const char *path);

/* 1 when n is the string s (n may be NULL). */
int	json_str_is(const struct jnode *n, const char *s);
/* Appends s as a JSON string literal (quotes, escapes; UTF-8 kept). */
int	json_add_str(struct buf *b, const char *s, size_t n);
/* Appends a compact serialization of node (numbers as their text). */
int	json_dump(struct buf *b, const struct jnode *node);
/* Appends {"prog":..,"file":..,"line":..,"col":..,"kind":..,"message":..}. */
int	json_error_object(struct buf *b, const char *prog, const char *file,
	    long line, long col, const char *kind, const char *msg);

#endif
