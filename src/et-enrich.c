/*
 * et-enrich: comment records in, the same records out with who each
 * comment is about and how its author feels about each of them.
 *
 * Reads et-record(5) comments (NDJSON, plain or zstd), adds mentions,
 * signals, discovered, lang and review (lib/enrich.h), and writes each
 * record's original bytes with the new members spliced in before the final
 * brace, so everything else passes through untouched.  Streams one record
 * at a time; memory is the catalog plus one record.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/enrich.h"
#include "lib/entities.h"
#include "lib/input.h"
#include "lib/lexicon.h"
#include "lib/ndjson.h"
#include "lib/opt.h"
#include "lib/output.h"
#include "lib/prog.h"
#include "lib/xalloc.h"

static const char synopsis[] =
"usage: et-enrich [-ehkuV] [-c catalog] [-o file] [--no-subject]\n"
"                 [--review-below x] [--rejects file] [--stats]\n"
"                 [--errors=text|json|inline] [--max-record-size bytes]\n"
"                 [--checkpoint file [--checkpoint-every n]]\n"
"                 [--metrics file] [--progress | --no-progress] [file ...]\n";

static const char help[] =
"Add entity mentions, entity-targeted sentiment, emotion, toxicity, risk,\n"
"sarcasm, language and discovered names to comment records.\n"
"\n"
"  -c, --catalog FILE       the entities to find (JSON array)\n"
"      --checkpoint FILE    keep a checkpoint in FILE; a rerun resumes\n"
"      --checkpoint-every N commit output and checkpoint every N records\n"
"                           (100000)\n"
"  -e, --exit-status        exit 4 when no record was written\n"
"      --errors=FORMAT      diagnostics as text, json or inline records\n"
"  -h, --help               show this help\n"
"  -k, --keep-going         skip bad records, report each, exit 1 at the end\n"
"      --max-record-size B  longest record accepted (16M)\n"
"      --no-subject         do not attribute nameless comments to the\n"
"                           post's subject\n"
"      --metrics FILE       write Prometheus metrics to FILE at exit\n"
"  -o, --output FILE        write FILE atomically (.zst: compressed)\n"
"      --progress           show progress on stderr (default on a terminal)\n"
"      --no-progress        do not\n"
"      --rejects FILE       write rejected records to FILE\n"
"      --review-below X     flag attributions less certain than X (0.7)\n"
"      --stats              print a JSON line of counts on stderr at exit\n"
"  -u, --unbuffered         flush after every record\n"
"  -V, --version            print the version\n"
"\n"
"Exit status: 0 ok, 1 bad records, 2 usage, 3 system error, 4 no output (-e).\n"
"See et-enrich(1), et-record(5) and et(7).\n";

enum {
	OPT_NO_SUBJECT = OPT_FIRST_PROGRAM,
	OPT_REVIEW_BELOW
};

struct opts {
	struct common_opts c;
	const char	*catalog;
	struct enrich_opts e;
};

struct run {
	struct prog	 p;
	struct opts	*o;
	struct catalog	*cat;
	struct lexicon	*lex;
	struct enricher	*en;
	struct buf	 rec;
};

static int
enrichment_key(const struct jnode *n)
{
	static const char *const keys[] = { "mentions", "signals",
	    "discovered", "lang", "review", NULL };
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (strlen(keys[i]) == n->klen &&
		    memcmp(keys[i], n->key, n->klen) == 0)
			return 1;
	return 0;
}

/*
 * When an enriched record ends with the five members this program writes,
 * in its order, they start at the last ',"mentions":' of the line (inside a
 * JSON string that quote would be escaped).  Returns the length of the line
 * before them, or 0 when the record is not shaped so.
 */
static size_t
our_tail(const struct nd_rec *rec)
{
	static const char *const order[] = { "mentions", "signals",
	    "discovered", "lang", "review" };
	const struct jnode *n, *tail[5] = { 0 };
	const char *p = NULL, *q = rec->line, *end = rec->line + rec->len;
	size_t k, count = 0;

	for (n = rec->obj->child; n != NULL; n = n->next, count++) {
		for (k = 0; k < 4; k++)
			tail[k] = tail[k + 1];
		tail[4] = n;
	}
	for (k = 0; k < 5; k++)
		if (count < 6 || tail[k] == NULL ||
		    tail[k]->klen != strlen(order[k]) ||
		    memcmp(tail[k]->key, order[k], tail[k]->klen) != 0)
			return 0;
	while ((q = memmem(q, (size_t)(end - q), ",\"mentions\":", 12)) !=
	    NULL)
		p = q++;
	return p != NULL ? (size_t)(p - rec->line) : 0;
}

/*
 * The record without its closing brace: its own bytes, or, when it was
 * enriched before, the bytes before the old enrichment, or failing that its
 * members less the old enrichment, re-serialized.
 */
static int
record_head(struct run *r, const struct nd_rec *rec)
{
	const struct jnode *n;
	size_t len = rec->len;
	int again = 0, first = 1;

	for (n = rec->obj->child; n != NULL; n = n->next)
		again |= enrichment_key(n);
	buf_reset(&r->rec);
	if (!again) {
		while (len > 0 && rec->line[len - 1] != '}')
			len--;
		return buf_add(&r->rec, rec->line, len - 1);
	}
	if ((len = our_tail(rec)) > 0)
		return buf_add(&r->rec, rec->line, len);
	if (buf_addc(&r->rec, '{') < 0)
		return -1;
	for (n = rec->obj->child; n != NULL; n = n->next) {
		if (enrichment_key(n))
			continue;
		if ((!first && buf_addc(&r->rec, ',') < 0) ||
		    json_add_str(&r->rec, n->key, n->klen) < 0 ||
		    buf_addc(&r->rec, ':') < 0 || json_dump(&r->rec, n) < 0)
			return -1;
		first = 0;
	}
	return 0;
}

static void
process(struct run *r, const struct nd_rec *rec)
{
	char msg[200];
	int rc;

	if (rec->obj->kind == J_OBJ && json_get(rec->obj, "_error", 6)) {
		buf_reset(&r->rec);
		if (buf_add(&r->rec, rec->line, rec->len) == 0 &&
		    buf_addc(&r->rec, '\n') == 0)
			prog_put(&r->p, r->p.out, r->rec.data, r->rec.len);
		return;
	}
	r->p.in++;
	if (rec->obj->kind != J_OBJ) {
		prog_reject(&r->p, rec->lineno, 0, DK_TYPE,
		    "record is not a JSON object", rec->line, rec->len, 1);
		return;
	}
	if (record_head(r, rec) < 0)
		goto nomem;
	rc = enrich_record(r->en, rec->obj, &r->rec, msg, sizeof(msg));
	if (rc == ENRICH_EDATA) {
		prog_reject(&r->p, rec->lineno, 0, DK_TYPE, msg, rec->line,
		    rec->len, 1);
		return;
	}
	if (rc < 0 || buf_add(&r->rec, "}\n", 2) < 0)
		goto nomem;
	prog_emit(&r->p, r->rec.data, r->rec.len);
	return;
nomem:
	prog_nomem(&r->p);
}

static void
on_line(void *ctx, const struct nd_rec *rec, const struct nd_err *err)
{
	struct run *r = ctx;

	if (rec == NULL)
		return;
	if (err != NULL) {
		r->p.in++;
		prog_reject(&r->p, rec->lineno, err->col, err->kind, err->msg,
		    rec->line, rec->len, 1);
	} else
		process(r, rec);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "catalog", required_argument, NULL, 'c' },
		{ "no-subject", no_argument, NULL, OPT_NO_SUBJECT },
		{ "review-below", required_argument, NULL, OPT_REVIEW_BELOW },
		OPT_COMMON_LONG,
		OPT_CHECKPOINT_LONG,
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":" OPT_COMMON_SHORT "c:",
	    longopts, NULL)) != -1) {
		if (opt_common(&o->c, ch, optarg))
			continue;
		switch (ch) {
		case 'c':
			o->catalog = optarg;
			break;
		case OPT_NO_SUBJECT:
			o->e.subject_fallback = 0;
			break;
		case OPT_REVIEW_BELOW:
			o->e.review_below = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' ||
			    !(o->e.review_below >= 0 && o->e.review_below <= 1))
				diag_usage("invalid --review-below '%s' "
				    "(0 to 1)", optarg);
			break;
		default:
			prog_bad_option(ch, argv);
		}
	}
	opt_help_version(&o->c, synopsis, help);
}

/* Reads the catalog file; exits 3 when unreadable, 2 when invalid. */
static struct catalog *
load_catalog(const char *path)
{
	struct input *in = in_open(path);
	struct buf text, line;
	struct catalog *c;
	char err[300];
	int rc;

	if (in == NULL) {
		diag_sys("cannot open catalog '%s'", path);
		exit(3);
	}
	buf_init(&text, (size_t)1 << 30);
	buf_init(&line, (size_t)1 << 30);
	while ((rc = in_getline(in, &line)) == 1)
		if (buf_add(&text, line.data, line.len) < 0) {
			rc = -1;
			break;
		}
	in_close(in);
	buf_free(&line);
	if (rc != 0) {
		diag_err("cannot read catalog '%s'", path);
		exit(3);
	}
	c = catalog_load(text.data, text.len, err, sizeof(err));
	buf_free(&text);
	if (c == NULL && strcmp(err, "out of memory") == 0) {
		diag_err("cannot load catalog '%s': out of memory", path);
		exit(3);
	}
	if (c == NULL)
		diag_usage("invalid catalog '%s': %s", path, err);
	return c;
}

static void
setup(struct run *r, struct opts *o)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	buf_init(&r->rec, 0);
	if (o->catalog != NULL)
		r->cat = load_catalog(o->catalog);
	r->lex = lexicon_new();
	r->en = r->lex ? enricher_new(r->cat, r->lex, &o->e) : NULL;
	if (r->en == NULL) {
		diag_err("out of memory");
		exit(3);
	}
}

static void
teardown(struct run *r)
{
	enricher_free(r->en);
	lexicon_free(r->lex);
	catalog_free(r->cat);
	buf_free(&r->rec);
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct prog_resume rs = { 0 };
	struct run r;
	int i, status;

	signal(SIGPIPE, SIG_DFL);
	diag_init(argv[0]);
	diag_set_synopsis(synopsis);
	opt_common_init(&o.c);
	o.e.review_below = 0.7;
	o.e.subject_fallback = 1;
	parse_args(argc, argv, &o);
	setup(&r, &o);
	rs.argc = argc;
	rs.argv = argv;
	rs.first = optind;
	rs.aux[0] = o.catalog;
	if ((status = prog_start_resumable(&r.p, "et-enrich", &o.c,
	    &rs)) != 0) {
		teardown(&r);
		return status;
	}
	if (optind == argc)
		prog_read_ndjson(&r.p, "-", 1, on_line, &r);
	for (i = optind; i < argc && !r.p.stop; i++)
		prog_read_ndjson(&r.p, argv[i], 1, on_line, &r);
	status = prog_finish(&r.p, NULL);
	teardown(&r);
	return status;
}
