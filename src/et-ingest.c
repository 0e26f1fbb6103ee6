/*
 * et-ingest: social-media comment exports in, comment records out.
 *
 * Reads CSV, JSON arrays and NDJSON (plain or zstd-compressed) in the export
 * formats of source.h, or any shape through a jq --map program, and writes
 * one et-record(5) comment per line.  Streams one row at a time; the memory
 * that grows is the de-duplication set (one entry per distinct id, capped by
 * --max-ids) and the --posts index (one entry per post).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include "lib/csvr.h"
#include "lib/diag.h"
#include "lib/http.h"
#include "lib/idset.h"
#include "lib/input.h"
#include "lib/jqmap.h"
#include "lib/ndjson.h"
#include "lib/opt.h"
#include "lib/output.h"
#include "lib/postidx.h"
#include "lib/prog.h"
#include "lib/record.h"
#include "lib/rowview.h"
#include "lib/source.h"
#include "lib/utf8.h"
#include "lib/xalloc.h"

static const char synopsis[] =
"usage: et-ingest [-ehkuV] [-f format] [-o file] [--posts file]...\n"
"                 [--map program | --map-file file] [--platform name]\n"
"                 [--since time] [--until time] [--pseudonymize keyfile]\n"
"                 [--keep-raw | --drop-raw] [--max-ids n] [--rejects file]\n"
"                 [--stats] [--errors=text|json|inline]\n"
"                 [--max-record-size bytes]\n"
"                 [--checkpoint file [--checkpoint-every n]]\n"
"                 [--metrics file] [--progress | --no-progress]\n"
"                 [--token-file file] [--page-size n] [--timeout seconds]\n"
"                 [--retries n] [file | url ...]\n";

enum {
	OPT_DROP_RAW = OPT_FIRST_PROGRAM,
	OPT_KEEP_RAW,
	OPT_MAP,
	OPT_MAP_FILE,
	OPT_MAX_IDS,
	OPT_PLATFORM,
	OPT_POSTS,
	OPT_PAGE_SIZE,
	OPT_PSEUDONYMIZE,
	OPT_RETRIES,
	OPT_SINCE,
	OPT_TIMEOUT,
	OPT_TOKEN_FILE,
	OPT_UNTIL
};

#define MAX_POSTS_FILES	64
#define KEY_MAX		4096
#define URL_MAX		8192
#define TOKEN_MAX	4096

struct opts {
	struct common_opts c;
	enum src_format	 format;
	const char	*posts[MAX_POSTS_FILES];
	int		 nposts;
	const char	*map;
	const char	*map_file;
	const char	*platform;
	const char	*pseudo_file;
	int64_t		 since, until;
	int		 has_since, has_until;
	int		 keep_raw;
	long long	 max_ids;
	/* network sources */
	long long	 page_size;
	int		 page_size_set;
	long long	 retries;
	double		 timeout;
	const char	*token_file;
};

/* Everything one run carries from row to row. */
struct run {
	struct prog	 p;		/* outputs, status, counts */
	struct opts	*o;
	struct idset	*ids;
	struct postidx	*posts;
	struct jqmap	*map;
	struct http	*http;
	char		 token[TOKEN_MAX];
	unsigned long	 requests, retries;	/* of network sources */
	struct src_stats stats;
	struct src_opts	 so;
	unsigned char	 key[KEY_MAX];
	struct jdoc	 scratch, mapdoc;
	struct buf	 rec, raw, jqin, rejraw;
	unsigned long	 dups, filtered;
	int		 loading_posts;
	/* --checkpoint: rows of the current input read, and to pass over */
	struct input	*in;
	uint64_t	 rows, skip;
	/* the row at hand */
	long		 line;
	enum src_format	 fmt;
	const char	*rowbytes;
	const struct jnode *elem;	/* a JSON array's element, else NULL */
	size_t		 rowlen;
};

static const char help[] =
"Read comment exports (CSV, JSON, NDJSON; zstd; files or http(s) URLs) and\n"
"write comment records.\n"
"\n"
"      --checkpoint FILE    keep a checkpoint in FILE; a rerun resumes\n"
"      --checkpoint-every N commit output and checkpoint every N records\n"
"                           (100000)\n"
"  -e, --exit-status        exit 4 when no record was written\n"
"      --errors=FORMAT      diagnostics as text, json or inline records\n"
"  -f, --format FORMAT      apify-comments, apify-posts, apify-metadata,\n"
"                           esuit or record (default: detected per input)\n"
"  -h, --help               show this help\n"
"  -k, --keep-going         skip bad records, report each, exit 1 at the end\n"
"      --keep-raw           add the original row as \"raw\"\n"
"      --drop-raw           leave the original row out (default)\n"
"      --map PROGRAM        map each input object with a jq program\n"
"      --map-file FILE      read the jq program from FILE\n"
"      --max-ids N          distinct ids kept for de-duplication (10000000)\n"
"      --max-record-size B  longest record or row accepted (16M)\n"
"      --metrics FILE       write Prometheus metrics to FILE at exit\n"
"  -o, --output FILE        write FILE atomically (.zst: compressed)\n"
"      --page-size N        items per request of a paged URL (10000; 0: one\n"
"                           request)\n"
"      --platform NAME      platform of records whose source does not say\n"
"      --posts FILE         posts or post-metadata export to join (repeat)\n"
"      --pseudonymize KEY   replace authors by a keyed hash (key file)\n"
"      --progress           show progress on stderr (default on a terminal)\n"
"      --no-progress        do not\n"
"      --rejects FILE       write rejected records to FILE\n"
"      --retries N          retries of a failed request (5)\n"
"      --since TIME         keep records created at or after TIME\n"
"      --stats              print a JSON line of counts on stderr at exit\n"
"      --timeout S          give up a request after S seconds without data\n"
"                           (30)\n"
"      --token-file FILE    read the API token from FILE (else $APIFY_TOKEN)\n"
"      --until TIME         keep records created before TIME\n"
"  -u, --unbuffered         flush after every record\n"
"  -V, --version            print the version\n"
"\n"
"Exit status: 0 ok, 1 bad records, 2 usage, 3 system error, 4 no output (-e).\n"
"See et-ingest(1), et-record(5) and et(7).\n";

/*
 * Resuming inside an input re-reads it from its start (CSV and JSON arrays
 * cannot be entered in the middle) and passes over the rows done before.
 */
static int
skip_row(struct run *r)
{
	if (r->loading_posts || r->rows >= r->skip)
		return 0;
	r->rows++;
	return 1;
}

static void
row_done(struct run *r)
{
	if (r->loading_posts || r->p.stop)
		return;
	r->rows++;
	prog_row_done(&r->p, r->in);
}

static void
set_status(struct run *r, int st)
{
	prog_status(&r->p, st);
}

static int
put_line(struct run *r, struct output *o, const char *p, size_t n)
{
	return prog_put(&r->p, o, p, n);
}

/* Reports the row at hand as bad (not as output while reading --posts). */
static void
reject(struct run *r, enum diag_kind kind, long col, const char *msg)
{
	const char *raw = r->rowbytes;
	size_t len = raw != NULL ? r->rowlen : 0;

	if (raw == NULL && r->elem != NULL && r->p.rej != NULL &&
	    !r->loading_posts) {
		/* an array's element has no bytes of its own: its JSON */
		buf_reset(&r->rejraw);
		if (json_dump(&r->rejraw, r->elem) == 0) {
			raw = r->rejraw.data;
			len = r->rejraw.len;
		}
	}
	prog_reject(&r->p, r->line, col, kind, msg, raw, len,
	    !r->loading_posts);
}

/* Window and de-duplication shared by every record; 1 keep, 0 drop, -1. */
static int
admit(struct run *r, int64_t t, const char *id, size_t idlen)
{
	int rc;

	if ((r->o->has_since && t < r->o->since) ||
	    (r->o->has_until && t >= r->o->until)) {
		r->filtered++;
		return 0;
	}
	rc = idset_add(r->ids, id, idlen);
	if (rc == 0)
		r->dups++;
	if (rc == -2) {
		diag_err("more than %lld distinct ids; raise --max-ids",
		    r->o->max_ids);
		set_status(r, 3);
	} else if (rc == -1)
		prog_nomem(&r->p);
	return rc == 1 ? 1 : rc == 0 ? 0 : -1;
}

static int
emit(void *ctx, struct comment *c)
{
	struct run *r = ctx;
	int rc = admit(r, c->created_at, c->id.p, c->id.len);

	if (rc <= 0)
		return rc < 0;
	buf_reset(&r->rec);
	if (record_write(&r->rec, c) < 0) {
		prog_nomem(&r->p);
		return 1;
	}
	if (put_line(r, r->p.out, r->rec.data, r->rec.len) < 0)
		return 1;
	r->p.out_n++;
	return 0;
}

/* A record already in the contract: checked, then copied byte for byte. */
static void
pass_record(struct run *r, const struct jnode *obj)
{
	char msg[160];
	int64_t t;
	const struct jnode *id;
	int rc;

	if (record_check(obj, &t, msg, sizeof(msg)) < 0) {
		reject(r, DK_TYPE, 0, msg);
		return;
	}
	id = json_get(obj, "id", 2);
	if (admit(r, t, id->s, id->len) <= 0)
		return;
	buf_reset(&r->rec);
	if (r->rowbytes != NULL)
		rc = buf_add(&r->rec, r->rowbytes, r->rowlen);
	else
		rc = json_dump(&r->rec, obj);
	if (rc < 0 || buf_addc(&r->rec, '\n') < 0) {
		prog_nomem(&r->p);
		return;
	}
	if (put_line(r, r->p.out, r->rec.data, r->rec.len) == 0)
		r->p.out_n++;
}

static void
map_result(struct run *r, int rc, const char *msg)
{
	if (rc == SRC_EDATA)
		reject(r, DK_TYPE, 0, msg);
	else if (rc == SRC_ENOMEM)
		prog_nomem(&r->p);
}

/* One output of the --map program becomes a record. */
static int
map_output(void *ctx, const char *json, size_t len)
{
	struct run *r = ctx;
	struct rowview v = { 0 };
	struct jerr e;
	char msg[256];
	int rc;

	rc = json_parse(&r->mapdoc, json, len, &e);
	if (rc == JSON_ENOMEM) {
		prog_nomem(&r->p);
		return 1;
	}
	if (rc != JSON_OK || r->mapdoc.root->kind != J_OBJ) {
		reject(r, DK_TYPE, 0, "--map output is not an object");
		return r->p.stop;
	}
	v.obj = r->mapdoc.root;
	rc = src_map(SF_MAP, &v, &r->so, &r->scratch, &r->raw, r->p.file,
	    r->line, emit, r, msg, sizeof(msg));
	map_result(r, rc, msg);
	return r->p.stop;
}

static void
run_map(struct run *r, const struct rowview *v)
{
	char msg[512];
	int rc;

	buf_reset(&r->jqin);
	if (rv_to_json(v, &r->jqin, NULL, NULL) < 0) {
		prog_nomem(&r->p);
		return;
	}
	rc = jqmap_run(r->map, r->jqin.data, r->jqin.len, map_output, r, msg,
	    sizeof(msg));
	if (rc == -1)
		reject(r, DK_TYPE, 0, msg);
	else if (rc == -2)
		prog_nomem(&r->p);
}

static void
add_post(struct run *r, const struct rowview *v)
{
	struct post_info p;

	if (r->fmt != SF_APIFY_POSTS && r->fmt != SF_APIFY_METADATA) {
		diag_err("'%s' is not a posts or post-metadata export",
		    r->p.file);
		set_status(r, 1);
		r->p.stop = 1;
		return;
	}
	src_post_info(r->fmt, v, &r->scratch, &p);
	if (postidx_add(r->posts, &p) < 0)
		prog_nomem(&r->p);
}

/* Detects the format from the first row of an input, once. */
static void
detect(struct run *r, const struct rowview *v)
{
	if (r->fmt != SF_UNKNOWN)
		return;
	if (r->map != NULL && !r->loading_posts)
		r->fmt = SF_MAP;
	else if (r->o->format != SF_UNKNOWN && !r->loading_posts)
		r->fmt = r->o->format;
	else
		r->fmt = src_detect(v);
}

static void
process_row(struct run *r, const struct rowview *v)
{
	char msg[256];
	int rc;

	json_doc_reset(&r->scratch);
	detect(r, v);
	if (r->loading_posts) {
		add_post(r, v);
		return;
	}
	r->p.in++;
	if (r->fmt == SF_MAP)
		run_map(r, v);
	else if (r->fmt == SF_RECORD && v->obj != NULL)
		pass_record(r, v->obj);
	else {
		rc = src_map(r->fmt, v, &r->so, &r->scratch, &r->raw, r->p.file,
		    r->line, emit, r, msg, sizeof(msg));
		map_result(r, rc, msg);
	}
}

/* A JSON object (NDJSON line or array element) as a row. */
static void
json_row(struct run *r, const struct jnode *obj)
{
	struct rowview v = { 0 };

	if (obj->kind != J_OBJ) {
		if (!r->loading_posts)
			r->p.in++;
		reject(r, DK_TYPE, 0, "record is not a JSON object");
		return;
	}
	if (json_get(obj, "_error", 6) != NULL && !r->loading_posts &&
	    r->rowbytes != NULL) {
		/* Another program's rejected record: pass it on untouched. */
		buf_reset(&r->rec);
		if (buf_add(&r->rec, r->rowbytes, r->rowlen) < 0 ||
		    buf_addc(&r->rec, '\n') < 0)
			prog_nomem(&r->p);
		else
			put_line(r, r->p.out, r->rec.data, r->rec.len);
		return;
	}
	v.obj = obj;
	process_row(r, &v);
}

static void
json_error(struct run *r, const struct jerr *e)
{
	if (e->code == JSON_ENOMEM)
		prog_nomem(&r->p);
	else
		reject(r, e->code == JSON_ELIMIT ? DK_LIMIT : DK_PARSE,
		    e->col, e->msg);
}

/* NDJSON input; first is the first non-blank line, already read. */
static void
read_ndjson(struct run *r, struct input *in, const struct buf *first)
{
	struct nd_reader *nd = nd_open(in, r->o->c.max_record);
	struct nd_rec rec;
	struct nd_err err;
	int rc;

	if (nd == NULL || nd_unread(nd, first->data, first->len,
	    in_lineno(in)) < 0) {
		prog_nomem(&r->p);
		nd_close(nd);
		return;
	}
	while (!r->p.stop && (rc = nd_next(nd, &rec, &err)) != 0) {
		r->line = rec.lineno;
		r->rowbytes = rec.line;
		r->rowlen = rec.len;
		if (rc == ND_EIO) {
			diag_err("cannot read '%s': %s", r->p.file,
			    in_error(in)[0] ? in_error(in) : "out of memory");
			set_status(r, 3);
			break;
		}
		if (skip_row(r))
			continue;
		if (rc == ND_EBAD) {
			if (!r->loading_posts)
				r->p.in++;
			reject(r, err.kind, err.col, err.msg);
		} else
			json_row(r, rec.obj);
		row_done(r);
	}
	nd_close(nd);
}

/* The size of the pieces long lines are read in: bounded by the record's. */
static size_t
piece_max(const struct run *r)
{
	size_t m = r->o->c.max_record;

	return m < ((size_t)1 << 20) ? m : (size_t)1 << 20;
}

/*
 * Arena bytes allowed for one array element: parsed values take several
 * times their text, so the cap is generous and still bounded.
 */
static size_t
tree_limit(size_t max_record)
{
	return max_record * 16 + ((size_t)1 << 20);
}

static int
array_elem(void *ctx, struct jdoc *d, struct jnode *elem, long line)
{
	struct run *r = ctx;

	(void)d;
	if (skip_row(r))
		return 0;
	r->line = line;
	r->rowbytes = NULL;
	r->elem = elem;
	json_row(r, elem);
	r->elem = NULL;
	row_done(r);
	return r->p.stop;
}

/*
 * A JSON array; line holds its first piece, on line lineno (complete: the
 * piece ends its line).
 */
static void
read_array(struct run *r, struct input *in, struct buf *line, long lineno,
    int complete)
{
	struct jstream *s;
	struct jerr e;
	int first = 1, rc = 1;

	s = json_stream_new(tree_limit(r->o->c.max_record), array_elem, r);
	if (s == NULL) {
		prog_nomem(&r->p);
		return;
	}
	for (; !r->p.stop; first = 0) {
		if (!first && (rc = in_getpiece(in, line, piece_max(r),
		    &complete, &lineno)) <= 0)
			break;
		r->line = lineno;
		if (utf8_check(line->data, line->len) >= 0 && complete) {
			reject(r, DK_UTF8, 0, "invalid UTF-8");
			break;
		}
		if (json_stream_feed(s, line->data, line->len, lineno, &e) !=
		    JSON_OK) {
			if (e.code != JSON_ECANCEL)
				json_error(r, &e);
			break;
		}
	}
	if (rc == 0 && !r->p.stop && json_stream_finish(s, &e) != JSON_OK)
		json_error(r, &e);
	if (rc < 0) {
		diag_err("cannot read '%s': %s", r->p.file, in_error(in));
		set_status(r, 3);
	}
	json_stream_free(s);
}

static void
csv_rows(struct run *r, struct csvr *cr, struct rv_header *h)
{
	struct rowview v = { 0 };
	char msg[80];
	int rc;

	v.hdr = h;
	while (!r->p.stop && (rc = csvr_next(cr)) != 0) {
		if (rc != CSVR_EIO && rc != CSVR_ENOMEM && skip_row(r)) {
			if (rc == CSVR_EQUOTE)
				break;
			continue;
		}
		r->line = csvr_line(cr);
		r->rowbytes = csvr_raw(cr)->data;
		r->rowlen = csvr_raw(cr)->len;
		while (r->rowlen > 0 && (r->rowbytes[r->rowlen - 1] == '\n' ||
		    r->rowbytes[r->rowlen - 1] == '\r'))
			r->rowlen--;
		if (!r->loading_posts)
			r->p.in++;
		if (rc < 0) {
			if (rc == CSVR_EIO || rc == CSVR_ENOMEM) {
				diag_err("cannot read '%s': %s", r->p.file,
				    csvr_error(cr));
				set_status(r, 3);
			} else
				reject(r, rc == CSVR_ELIMIT ? DK_LIMIT :
				    DK_PARSE, 0, csvr_error(cr));
			row_done(r);
			if (rc == CSVR_EQUOTE)
				break;
			continue;
		}
		if (utf8_check(r->rowbytes, r->rowlen) >= 0)
			reject(r, DK_UTF8, 0, "invalid UTF-8");
		else if (csvr_nfields(cr) != rv_header_count(h)) {
			snprintf(msg, sizeof(msg), "expected %zu fields, "
			    "found %zu", rv_header_count(h), csvr_nfields(cr));
			reject(r, DK_PARSE, 0, msg);
		} else {
			if (!r->loading_posts)
				r->p.in--;	/* process_row counts it */
			v.f = csvr_fields(cr);
			process_row(r, &v);
		}
		row_done(r);
	}
}

static void
read_csv(struct run *r, struct input *in, struct buf *line)
{
	struct csvr *cr = csvr_new(in, r->o->c.max_record);
	struct rv_header *h = NULL;
	int rc;

	if (cr == NULL || csvr_unread(cr, line->data, line->len,
	    in_lineno(in)) < 0) {
		prog_nomem(&r->p);
		goto out;
	}
	rc = csvr_next(cr);
	r->line = csvr_line(cr);
	r->rowbytes = NULL;
	if (rc == CSVR_EIO || rc == CSVR_ENOMEM) {
		diag_err("cannot read '%s': %s", r->p.file, csvr_error(cr));
		set_status(r, 3);
		goto out;
	}
	if (rc <= 0) {
		if (rc < 0 && !r->loading_posts)
			r->p.in++;
		if (rc < 0)
			reject(r, rc == CSVR_ELIMIT ? DK_LIMIT : DK_PARSE, 0,
			    csvr_error(cr));
		goto out;
	}
	if (utf8_check(csvr_raw(cr)->data, csvr_raw(cr)->len) >= 0) {
		reject(r, DK_UTF8, 0, "invalid UTF-8 in the header row");
		goto out;
	}
	if ((h = rv_header_new(csvr_fields(cr), csvr_nfields(cr))) == NULL) {
		prog_nomem(&r->p);
		goto out;
	}
	csv_rows(r, cr, h);
out:
	rv_header_free(h);
	csvr_free(cr);
}

/*
 * Reads the open input in (a file, or a page of a network source),
 * dispatching on its first non-blank byte.
 */
/*
 * The first line of an input, for read_stream: a piece of up to 1 MiB, so
 * that a JSON array on one long line can be streamed; a line that is not
 * an array's start is completed (up to --max-record-size).  Returns 1 (a
 * first non-blank line, or an array's first piece with *complete 0), 0 at
 * the end, -1 on error.
 */
static int
first_line(struct run *r, struct input *in, struct buf *line, int *complete,
    long *lineno)
{
	struct buf more;
	const char *p;
	long dummy;
	int rc, big;

	while ((rc = in_getpiece(in, line, piece_max(r), complete,
	    lineno)) == 1) {
		p = line->data;
		if (line->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '[' || (*complete && *p != '\n' && *p != '\0'))
			return 1;
		if (*complete || *p == '\0')
			continue;	/* a blank line */
		/* the rest of a long line that is not an array */
		buf_init(&more, 0);
		big = 0;
		while (!*complete && (rc = in_getpiece(in, &more,
		    piece_max(r), complete, &dummy)) == 1)
			if (!big && buf_add(line, more.data, more.len) < 0)
				big = 1;
		buf_free(&more);
		if (rc < 0)
			return -1;
		if (!big)
			return 1;
		if (skip_row(r))
			continue;
		r->line = *lineno;
		if (!r->loading_posts)
			r->p.in++;
		reject(r, DK_LIMIT, 0, "record too large");
		row_done(r);
		if (r->p.stop)
			return 0;
	}
	return rc;
}

/*
 * Reads the open input in (a file, or a page of a network source),
 * dispatching on its first non-blank byte.
 */
static void
read_stream(struct run *r, struct input *in)
{
	struct buf line;
	const char *p;
	long lineno = 0;
	int rc, complete = 1;

	r->in = in;
	r->p.file = in_name(in);
	r->fmt = SF_UNKNOWN;
	if (!r->loading_posts)
		in_set_flush(in, prog_flush, &r->p);
	buf_init(&line, r->o->c.max_record);
	rc = first_line(r, in, &line, &complete, &lineno);
	p = line.data;
	if (rc == 1) {
		if (line.len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
	}
	if (rc == 1 && *p == '[')
		read_array(r, in, &line, lineno, complete);
	else if (rc == 1 && *p == '{')
		read_ndjson(r, in, &line);
	else if (rc == 1)
		read_csv(r, in, &line);
	else if (rc == -1) {
		diag_err("cannot read '%s': %s", r->p.file, in_error(in));
		set_status(r, 3);
	}
	buf_free(&line);
	if (!r->loading_posts)
		r->p.bytes_in += in_bytes_read(in);
	r->in = NULL;
}

/* Prints a retry of a network source as a warning. */
static void
on_retry(void *ctx, const struct http_xfer *x, double delay)
{
	char shown[URL_MAX];

	http_redact(x->url, shown, sizeof(shown));
	diag_warn("%s: %s; retry %d of %d in %.1f s", shown, x->err,
	    x->attempts, *(const int *)ctx, delay);
}

/*
 * Writes to out the URL with its query parameter name set to v (added
 * when absent); -1 when it does not fit.
 */
static int
set_param(const char *url, const char *name, unsigned long long v, char *out,
    size_t outlen)
{
	const char *q = strchr(url, '?'), *p, *amp, *frag;
	size_t n = strlen(name), k;
	int len;

	frag = url + strcspn(url, "#");
	if (q == NULL || q > frag) {
		len = snprintf(out, outlen, "%.*s?%s=%llu%s", (int)(frag - url),
		    url, name, v, frag);
		return len < 0 || (size_t)len >= outlen ? -1 : 0;
	}
	for (p = q + 1; p < frag; p = amp + 1) {
		amp = p + strcspn(p, "&#");
		if ((size_t)(amp - p) > n && p[n] == '=' &&
		    strncmp(p, name, n) == 0) {
			k = (size_t)(p - url);
			len = snprintf(out, outlen, "%.*s%s=%llu%s", (int)k,
			    url, name, v, amp);
			return len < 0 || (size_t)len >= outlen ? -1 : 0;
		}
		if (*amp != '&')
			break;
	}
	len = snprintf(out, outlen, "%.*s&%s=%llu%s", (int)(frag - url), url,
	    name, v, frag);
	return len < 0 || (size_t)len >= outlen ? -1 : 0;
}

/* The value of the query parameter name, or -1 when absent or not a number. */
static long long
get_param(const char *url, const char *name)
{
	const char *q = strchr(url, '?'), *p;
	size_t n = strlen(name);
	char *end;
	long long v;

	if (q == NULL)
		return -1;
	for (p = q + 1; *p != '\0' && *p != '#'; p += strcspn(p, "&#"),
	    p += *p == '&') {
		if (strncmp(p, name, n) != 0 || p[n] != '=')
			continue;
		v = strtoll(p + n + 1, &end, 10);
		return end > p + n + 1 && v >= 0 ? v : -1;
	}
	return -1;
}

/*
 * Reads a network source page by page.  Each page is spooled to an
 * unlinked temporary file and read once it is complete, so a retried page
 * never yields a record twice.  Apify dataset items ("/items" paths, or a
 * URL with limit=) are paged with offset and limit to their end.
 */
static void
read_url(struct run *r, const char *url)
{
	struct http_xfer x = { 0 };
	struct ckpt_pos at = { 0 };
	struct input *in;
	char page[URL_MAX], shown[URL_MAX], tmpl[4096];
	const char *tmpdir = getenv("TMPDIR"), *path;
	long long limit, offset;
	uint64_t before;
	int fd, paged;
	size_t plen;

	if (!r->loading_posts && !prog_input_begin(&r->p, url, &at))
		return;
	http_redact(url, shown, sizeof(shown));
	r->p.file = shown;
	if (strlen(url) + 64 >= URL_MAX) {
		diag_err("%s: URL too long", shown);
		set_status(r, 3);
		return;
	}
	path = url + strcspn(url, "?#");
	plen = (size_t)(path - url);
	limit = get_param(url, "limit");
	offset = get_param(url, "offset");
	paged = r->o->page_size > 0 && (limit > 0 || r->o->page_size_set ||
	    (plen > 6 && memcmp(path - 6, "/items", 6) == 0));
	if (r->o->page_size_set || limit <= 0)
		limit = r->o->page_size;
	if (offset < 0)
		offset = 0;
	r->rows = at.rows;
	r->skip = at.rows;
	if (paged) {
		offset += (long long)at.rows;
		/* whole pages were done: nothing to pass over */
	} else
		r->rows = 0;
	snprintf(tmpl, sizeof(tmpl), "%s/et-ingest.XXXXXX",
	    tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	if ((fd = mkstemp(tmpl)) < 0) {
		diag_sys("cannot create a temporary file in '%s'",
		    tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
		set_status(r, 3);
		return;
	}
	unlink(tmpl);
	x.fd = fd;
	for (;;) {
		if (paged && (set_param(url, "offset",
		    (unsigned long long)offset, tmpl, sizeof(tmpl)) < 0 ||
		    set_param(tmpl, "limit", (unsigned long long)limit, page,
		    sizeof(page)) < 0)) {
			diag_err("%s: URL too long", shown);
			set_status(r, 3);
			break;
		}
		x.url = paged ? page : url;
		http_redact(x.url, shown, sizeof(shown));
		r->p.file = shown;
		if (http_run(r->http, (struct http_xfer *[]){ &x }, 1, 1,
		    NULL) < 0) {
			prog_nomem(&r->p);
			break;
		}
		r->requests += (unsigned long)x.attempts;
		if (x.attempts > 0)
			r->retries += (unsigned long)x.attempts - 1;
		if (x.rc != HTTP_OK) {
			diag_err("cannot read '%s': %s%s", shown, x.err,
			    x.rc == HTTP_EFAILED ? (x.attempts > 1 ?
			    " (gave up after retries)" : "") : "");
			set_status(r, 3);
			break;
		}
		if ((in = in_open_fd(fd, shown)) == NULL) {
			diag_sys("cannot read '%s'", shown);
			set_status(r, 3);
			break;
		}
		before = r->rows;
		if (!r->loading_posts)
			prog_hold(&r->p, 1);
		read_stream(r, in);
		in_close(in);
		if (!r->loading_posts)
			prog_hold(&r->p, 0);
		offset += (long long)(r->rows - before);
		if (!paged || r->p.stop || r->rows - before < (uint64_t)limit ||
		    (x.total >= 0 && offset >= x.total))
			break;
	}
	close(fd);
	r->p.file = NULL;
	if (!r->loading_posts)
		prog_input_end(&r->p, NULL);
}

/* Reads one input: a file, "-" for stdin, or a URL. */
static void
read_input(struct run *r, const char *path)
{
	struct input *in;
	struct ckpt_pos at = { 0 };

	if (http_is_url(path)) {
		read_url(r, path);
		return;
	}
	if (!r->loading_posts && !prog_input_begin(&r->p, path, &at))
		return;
	r->rows = 0;
	r->skip = at.rows;
	if ((in = in_open(path)) == NULL) {
		diag_sys("cannot open '%s'", path);
		set_status(r, 3);
		return;
	}
	read_stream(r, in);
	if (!r->loading_posts)
		prog_input_end(&r->p, in);
	in_close(in);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "drop-raw", no_argument, NULL, OPT_DROP_RAW },
		{ "format", required_argument, NULL, 'f' },
		{ "keep-raw", no_argument, NULL, OPT_KEEP_RAW },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "map-file", required_argument, NULL, OPT_MAP_FILE },
		{ "max-ids", required_argument, NULL, OPT_MAX_IDS },
		{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
		{ "platform", required_argument, NULL, OPT_PLATFORM },
		{ "posts", required_argument, NULL, OPT_POSTS },
		{ "pseudonymize", required_argument, NULL, OPT_PSEUDONYMIZE },
		{ "retries", required_argument, NULL, OPT_RETRIES },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		OPT_COMMON_LONG,
		OPT_CHECKPOINT_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":" OPT_COMMON_SHORT "f:",
	    longopts, NULL)) != -1) {
		if (opt_common(&o->c, ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			if ((o->format = src_format_parse(optarg)) ==
			    SF_UNKNOWN)
				diag_usage("unknown format '%s'", optarg);
			break;
		case OPT_DROP_RAW:
			o->keep_raw = 0;
			break;
		case OPT_KEEP_RAW:
			o->keep_raw = 1;
			break;
		case OPT_MAP:
			o->map = optarg;
			break;
		case OPT_MAP_FILE:
			o->map_file = optarg;
			break;
		case OPT_MAX_IDS:
			if (parse_num(optarg, 1, 1LL << 40, &o->max_ids) < 0)
				diag_usage("invalid --max-ids '%s'", optarg);
			break;
		case OPT_PAGE_SIZE:
			if (parse_num(optarg, 0, 1000000000, &o->page_size) < 0)
				diag_usage("invalid --page-size '%s'", optarg);
			o->page_size_set = 1;
			break;
		case OPT_RETRIES:
			if (parse_num(optarg, 0, 100, &o->retries) < 0)
				diag_usage("invalid --retries '%s' (0 to 100)",
				    optarg);
			break;
		case OPT_TIMEOUT:
			if (parse_seconds(optarg, &o->timeout) < 0)
				diag_usage("invalid --timeout '%s'", optarg);
			break;
		case OPT_TOKEN_FILE:
			o->token_file = optarg;
			break;
		case OPT_PLATFORM:
			if (*optarg == '\0')
				diag_usage("empty --platform");
			o->platform = optarg;
			break;
		case OPT_POSTS:
			if (o->nposts == MAX_POSTS_FILES)
				diag_usage("too many --posts files");
			o->posts[o->nposts++] = optarg;
			break;
		case OPT_PSEUDONYMIZE:
			o->pseudo_file = optarg;
			break;
		case OPT_SINCE:
			opt_time("--since", optarg, &o->since,
			    &o->has_since);
			break;
		case OPT_UNTIL:
			opt_time("--until", optarg, &o->until,
			    &o->has_until);
			break;
		default:
			prog_bad_option(ch, argv);
		}
	}
	opt_help_version(&o->c, synopsis, help);
	if (o->map != NULL && o->map_file != NULL)
		diag_usage("--map and --map-file are exclusive");
	if ((o->map != NULL || o->map_file != NULL) && o->format != SF_UNKNOWN)
		diag_usage("-f and --map are exclusive");
	if (o->keep_raw && o->pseudo_file != NULL)
		diag_usage("--keep-raw would keep the authors --pseudonymize "
		    "hides");
}

/* Loads the --map program and the --pseudonymize key; exits on failure. */
static void
load_aux(struct run *r)
{
	struct opts *o = r->o;
	char err[600], *text = NULL, *key;
	const char *prog = o->map;
	size_t len;

	if (o->map_file != NULL) {
		if ((text = in_slurp(o->map_file, 1 << 20, &len)) == NULL) {
			diag_sys("cannot read '%s'", o->map_file);
			exit(3);
		}
		prog = text;
	}
	if (prog != NULL && (r->map = jqmap_new(prog, err, sizeof(err))) ==
	    NULL) {
		if (strcmp(err, "out of memory") == 0) {
			diag_err("out of memory");
			exit(3);
		}
		diag_usage("invalid --map program: %s", err);
	}
	free(text);
	if (o->pseudo_file == NULL)
		return;
	if ((key = in_slurp(o->pseudo_file, KEY_MAX, &len)) == NULL) {
		diag_sys("cannot read key file '%s'", o->pseudo_file);
		exit(3);
	}
	while (len > 0 && (key[len - 1] == '\n' || key[len - 1] == '\r'))
		len--;
	if (len < 16) {
		free(key);
		diag_usage("key file '%s' holds fewer than 16 bytes",
		    o->pseudo_file);
	}
	memcpy(r->key, key, len);
	free(key);
	r->so.pseudo_key = r->key;
	r->so.pseudo_keylen = len;
}

static void
setup(struct run *r, struct opts *o)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	json_doc_init(&r->scratch, 0);
	json_doc_init(&r->mapdoc, o->c.max_record * 4);
	buf_init(&r->rec, 0);
	buf_init(&r->raw, 0);
	buf_init(&r->jqin, 0);
	buf_init(&r->rejraw, 0);
	r->so.platform = o->platform;
	r->so.keep_raw = o->keep_raw;
	r->so.stats = &r->stats;
	load_aux(r);
	r->ids = idset_new((size_t)o->max_ids);
	r->posts = postidx_new();
	if (r->ids == NULL || r->posts == NULL) {
		diag_err("out of memory");
		exit(3);
	}
	if (o->nposts > 0)
		r->so.posts = r->posts;
}

/*
 * For network sources: reads the token (--token-file, else $APIFY_TOKEN)
 * and starts libcurl.  Exits 2 for a token that would travel in clear
 * text, 3 when the token file cannot be read.
 */
static void
setup_http(struct run *r, int argc, char **argv)
{
	static struct http_opts ho;
	static int retries;
	struct opts *o = r->o;
	const char *url = NULL, *plain = NULL;
	char shown[URL_MAX];
	int k;

	for (k = 0; k < argc + o->nposts; k++) {
		const char *a = k < argc ? argv[k] : o->posts[k - argc];

		if (k < argc && k < optind)
			continue;
		if (!http_is_url(a))
			continue;
		url = a;
		if (http_is_cleartext(a))
			plain = a;
	}
	if (url == NULL)
		return;
	opt_secret(o->token_file, "--token-file", "APIFY_TOKEN", "token",
	    r->token, sizeof(r->token));
	if (r->token[0] != '\0' && plain != NULL) {
		http_redact(plain, shown, sizeof(shown));
		diag_usage("will not send the token in clear text to '%s'; "
		    "use https", shown);
	}
	retries = (int)o->retries;
	http_opts_init(&ho, o->timeout, retries);
	ho.bearer = r->token[0] != '\0' ? r->token : NULL;
	ho.on_retry = on_retry;
	ho.ctx = &retries;
	if ((r->http = http_new(&ho)) == NULL) {
		diag_err("cannot start libcurl: out of memory");
		exit(3);
	}
}

static void
teardown(struct run *r)
{
	http_free(r->http);
	explicit_bzero(r->token, sizeof(r->token));
	jqmap_free(r->map);
	idset_free(r->ids);
	postidx_free(r->posts);
	json_doc_free(&r->scratch);
	json_doc_free(&r->mapdoc);
	buf_free(&r->rec);
	buf_free(&r->raw);
	buf_free(&r->jqin);
	buf_free(&r->rejraw);
}


static void
load_posts(struct run *r)
{
	int i;

	r->loading_posts = 1;
	for (i = 0; i < r->o->nposts && !r->p.stop; i++)
		read_input(r, r->o->posts[i]);
	r->loading_posts = 0;
}

static void
warn_unmatched(struct run *r)
{
	if (r->stats.metadata_rows > 0)
		diag_warn("%lu rows of a post-metadata export hold no comments;"
		    " give it with --posts", r->stats.metadata_rows);
	if (r->stats.unmatched == 0)
		return;
	if (r->o->nposts == 0)
		diag_warn("%lu comments have a post id rounded by the exporter"
		    " and no --posts to resolve it; their post.id is null",
		    r->stats.rounded);
	else
		diag_warn("%lu comments have no post in --posts (%lu with a "
		    "rounded id, left null)", r->stats.unmatched,
		    r->stats.rounded);
}

/* The checkpoint's state: the de-duplication set, one id per line. */
static int
save_id(void *ctx, const char *p, size_t n)
{
	struct buf *b = ctx;

	return json_add_str(b, p, n) < 0 || buf_addc(b, '\n') < 0 ? -1 : 0;
}

static int
save_state(void *ctx, struct buf *b)
{
	struct run *r = ctx;

	return idset_each(r->ids, save_id, b);
}

static int
load_state(void *ctx, const char *line, size_t len, int first, char *msg,
    size_t msglen)
{
	struct run *r = ctx;
	struct jerr e;
	int rc;

	(void)first;
	rc = json_parse(&r->scratch, line, len, &e);
	if (rc == JSON_ENOMEM)
		return -2;
	if (rc != JSON_OK || r->scratch.root->kind != J_STR) {
		snprintf(msg, msglen, "not an id");
		return -1;
	}
	rc = idset_add(r->ids, r->scratch.root->s, r->scratch.root->len);
	if (rc == -2) {
		snprintf(msg, msglen, "more than --max-ids ids");
		return -1;
	}
	return rc < 0 ? -2 : 0;
}

/* Ends the run; returns the exit status. */
static int
finish(struct run *r)
{
	char extra[160];

	warn_unmatched(r);
	snprintf(extra, sizeof(extra), ",\"duplicates\":%lu,\"filtered\":%lu",
	    r->dups, r->filtered);
	if (r->http != NULL)
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
		    ",\"http_requests\":%lu,\"http_retries\":%lu",
		    r->requests, r->retries);
	return prog_finish(&r->p, extra);
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct prog_resume rs = { 0 };
	struct run r;
	int i, k, status;

	signal(SIGPIPE, SIG_DFL);
	diag_init(argv[0]);
	diag_set_synopsis(synopsis);
	opt_common_init(&o.c);
	o.max_ids = 10000000;
	o.page_size = 10000;
	o.retries = 5;
	o.timeout = 30;
	parse_args(argc, argv, &o);
	setup(&r, &o);
	setup_http(&r, argc, argv);
	rs.argc = argc;
	rs.argv = argv;
	rs.first = optind;
	for (k = 0; k < o.nposts; k++)
		rs.aux[k] = o.posts[k];
	if (o.map_file != NULL)
		rs.aux[k++] = o.map_file;
	rs.aux[k] = o.pseudo_file;	/* NULL ends the list when absent */
	rs.save = save_state;
	rs.load = load_state;
	rs.ctx = &r;
	PROG_RESUME_VAR(&rs, "duplicates", r.dups);
	PROG_RESUME_VAR(&rs, "filtered", r.filtered);
	PROG_RESUME_VAR(&rs, "unmatched", r.stats.unmatched);
	PROG_RESUME_VAR(&rs, "rounded", r.stats.rounded);
	PROG_RESUME_VAR(&rs, "metadata_rows", r.stats.metadata_rows);
	if ((status = prog_start_resumable(&r.p, "et-ingest", &o.c,
	    &rs)) != 0) {
		teardown(&r);
		return status;
	}
	load_posts(&r);
	if (optind == argc)
		read_input(&r, "-");
	for (i = optind; i < argc && !r.p.stop; i++)
		read_input(&r, argv[i]);
	status = finish(&r);
	teardown(&r);
	return status;
}
