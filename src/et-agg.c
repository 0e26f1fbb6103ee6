/*
 * et-agg: enriched comment records in, the brief's numbers out.
 *
 * Reads et-record(5) enriched comments (NDJSON, plain or zstd) and writes
 * one JSON document (et-agg(1) documents every member): totals, entities
 * with sentiment, velocity and top comments, alerts, what changed, risks,
 * posts, storylines, discovered names.  With --partial it writes the
 * mergeable state instead; --merge reads such states.  Memory grows with
 * the number of keys (entities x days, entities x hours, posts x days,
 * authors x days, names x days), not with the number of records;
 * --max-rows caps it.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/agg.h"
#include "lib/diag.h"
#include "lib/input.h"
#include "lib/jqmap.h"
#include "lib/ndjson.h"
#include "lib/opt.h"
#include "lib/output.h"
#include "lib/prog.h"
#include "lib/xalloc.h"

static const char synopsis[] =
"usage: et-agg [-ehkuV] [-o file] [--partial] [--merge] [--since time]\n"
"              [--until time] [--days n] [--now time] [--where program]\n"
"              [--entity name] [--alerts file] [--top n] [--stats]\n"
"              [--errors=text|json|inline] [--rejects file]\n"
"              [--checkpoint file [--checkpoint-every n]]\n"
"              [--metrics file] [--progress | --no-progress] [file ...]\n";

static const char help[] =
"Aggregate enriched comment records into the brief's data: one JSON\n"
"document, or with --partial a mergeable state.\n"
"\n"
"      --checkpoint FILE    keep a checkpoint in FILE; a rerun resumes\n"
"      --checkpoint-every N commit output and checkpoint every N records\n"
"                           (100000)\n"
"  -e, --exit-status        exit 4 when no record was aggregated\n"
"      --errors=FORMAT      diagnostics as text, json or inline records\n"
"  -h, --help               show this help\n"
"  -k, --keep-going         skip bad records, report each, exit 1 at the end\n"
"      --max-record-size B  longest record accepted (16M)\n"
"      --metrics FILE       write Prometheus metrics to FILE at exit\n"
"  -o, --output FILE        write FILE atomically (.zst: compressed)\n"
"      --progress           show progress on stderr (default on a terminal)\n"
"      --no-progress        do not\n"
"      --rejects FILE       write rejected records to FILE\n"
"      --stats              print a JSON line of counts on stderr at exit\n"
"  -u, --unbuffered         flush after every record\n"
"  -V, --version            print the version\n"
"\n"
"Records and states:\n"
"      --entity NAME        count only these entities (repeatable)\n"
"      --max-rows N         cap on the state's rows (10000000)\n"
"      --merge              the inputs are --partial states: merge them\n"
"      --partial            write the mergeable state, not the document\n"
"      --since TIME         keep records created at or after TIME\n"
"      --until TIME         keep records created before TIME\n"
"      --where PROGRAM      keep records for which the jq PROGRAM is true\n"
"      --band-weak X        sentiment band edge (0.3)\n"
"      --band-strong X      strong sentiment band edge (0.7)\n"
"\n"
"The document:\n"
"      --alert-pct X        velocity change that alerts (30)\n"
"      --alerts FILE        also write the alerts to FILE as NDJSON\n"
"      --critical-pct X     velocity change that is critical (50)\n"
"      --days N             the N UTC days ending with --now's day\n"
"      --min-delta X        smallest change of mean that alerts (0.1)\n"
"      --min-samples N      signals needed on each side of a velocity (10)\n"
"      --near-zero X        smallest |previous mean| a change is relative to\n"
"                           (0.1)\n"
"      --now TIME           the end of the window (default: newest record)\n"
"      --risk-mentions N    mentions that make a negative entity a risk (20)\n"
"      --top N              entities listed (0: all; default 0)\n"
"      --top-names N        discovered names listed (0: all; 25)\n"
"      --top-posts N        posts listed (0: all; 10)\n"
"      --track-min N        sightings to recommend tracking a name (10)\n"
"      --velocity-hours N   span of each velocity window (72)\n"
"      --watch-min N        sightings to recommend watching a name (3)\n"
"\n"
"Exit status: 0 ok, 1 bad records, 2 usage, 3 system error, 4 no output (-e).\n"
"See et-agg(1), et-record(5) and et(7).\n";

enum {
	OPT_ALERT_PCT = OPT_FIRST_PROGRAM,
	OPT_ALERTS,
	OPT_BAND_STRONG,
	OPT_BAND_WEAK,
	OPT_CRITICAL_PCT,
	OPT_DAYS,
	OPT_ENTITY,
	OPT_MAX_ROWS,
	OPT_MERGE,
	OPT_MIN_DELTA,
	OPT_MIN_SAMPLES,
	OPT_NEAR_ZERO,
	OPT_NOW,
	OPT_PARTIAL,
	OPT_RISK_MENTIONS,
	OPT_SINCE,
	OPT_TOP,
	OPT_TOP_NAMES,
	OPT_TOP_POSTS,
	OPT_TRACK_MIN,
	OPT_UNTIL,
	OPT_VELOCITY_HOURS,
	OPT_WATCH_MIN,
	OPT_WHERE
};

#define MAX_ENTITIES	256

struct opts {
	struct common_opts c;
	struct agg_spec	 spec;
	struct agg_final f;
	const char	*entities[MAX_ENTITIES];
	const char	*alerts;
	long long	 max_rows;
	int		 partial, merge, filters;
};

struct run {
	struct prog	 p;
	struct opts	*o;
	struct agg	*a;
	struct jqmap	*where;
	int		 keep;		/* --where's verdict on this record */
	unsigned long	 skipped;	/* outside the window or --entity */
	long		 nline;		/* lines read of the current file */
};

static int
where_output(void *ctx, const char *json, size_t len)
{
	struct run *r = ctx;

	if (!(len == 4 && memcmp(json, "null", 4) == 0) &&
	    !(len == 5 && memcmp(json, "false", 5) == 0))
		r->keep = 1;
	return 0;
}

/* 1 when --where keeps the record, 0 when not, -1 after rejecting it. */
static int
where_keeps(struct run *r, const struct nd_rec *rec)
{
	char msg[200];
	int rc;

	if (r->where == NULL)
		return 1;
	r->keep = 0;
	rc = jqmap_run(r->where, rec->line, rec->len, where_output, r, msg,
	    sizeof(msg));
	if (rc == -1) {
		prog_reject(&r->p, rec->lineno, 0, DK_TYPE, msg, rec->line,
		    rec->len, 0);
		return -1;
	}
	if (rc == -2) {
		prog_nomem(&r->p);
		return -1;
	}
	return r->keep;
}

static void
nomem(struct run *r)
{
	if (agg_full(r->a)) {
		diag_err("the state has more than --max-rows %lld rows",
		    r->o->max_rows);
		prog_status(&r->p, 3);
	} else
		prog_nomem(&r->p);
}

static void
process(struct run *r, const struct nd_rec *rec, long nline)
{
	char msg[200];
	int rc;

	if (r->o->merge) {
		r->p.in++;
		rc = agg_merge_line(r->a, rec->obj, rec->len, nline == 1, msg,
		    sizeof(msg));
		if (rc == AGG_EDATA) {
			/* a broken state cannot be merged in part */
			diag_data(r->p.file, rec->lineno, 0, DK_TYPE, "%s", msg);
			prog_status(&r->p, 1);
			r->p.stop = 1;
		} else if (rc < 0)
			nomem(r);
		return;
	}
	if (rec->obj->kind == J_OBJ && json_get(rec->obj, "_error", 6)) {
		r->skipped++;	/* an error report from upstream */
		return;
	}
	r->p.in++;
	if ((rc = where_keeps(r, rec)) <= 0) {
		r->skipped += rc == 0;
		return;
	}
	rc = agg_add(r->a, rec->obj, rec->len, msg, sizeof(msg));
	if (rc == AGG_EDATA)
		prog_reject(&r->p, rec->lineno, 0, DK_TYPE, msg, rec->line,
		    rec->len, 0);
	else if (rc < 0)
		nomem(r);
	else if (rc == 1)
		r->skipped++;
}

static void
on_line(void *ctx, const struct nd_rec *rec, const struct nd_err *err)
{
	struct run *r = ctx;

	if (rec == NULL) {
		/* the end of a file: a state has at least its header */
		if (r->o->merge && r->nline == 0) {
			diag_data(r->p.file, 1, 0, DK_TYPE, "not an et-agg "
			    "partial state: empty input");
			prog_status(&r->p, 1);
			r->p.stop = 1;
		}
		r->nline = 0;
		return;
	}
	r->nline++;
	if (err != NULL && r->o->merge) {
		/* a broken state cannot be merged in part */
		diag_data(r->p.file, rec->lineno, err->col, err->kind,
		    "not an et-agg partial state: %s", err->msg);
		prog_status(&r->p, 1);
		r->p.stop = 1;
	} else if (err != NULL) {
		r->p.in++;
		prog_reject(&r->p, rec->lineno, err->col, err->kind, err->msg,
		    rec->line, rec->len, 0);
	} else
		process(r, rec, r->nline);
}

static void
read_input(struct run *r, const char *path)
{
	prog_read_ndjson(&r->p, path, 0, on_line, r);
}

static int
int_opt(const char *name, const char *arg, long long min, long long max)
{
	long long v;

	if (parse_num(arg, min, max, &v) < 0)
		diag_usage("invalid %s '%s' (%lld to %lld)", name, arg, min,
		    max);
	return (int)v;
}

static double
num_opt(const char *name, const char *arg, double min, double max)
{
	char *end;
	double v = strtod(arg, &end);

	if (*arg == '\0' || *end != '\0' || !(v >= min && v <= max))
		diag_usage("invalid %s '%s' (%g to %g)", name, arg, min, max);
	return v;
}

static void
check_args(struct opts *o)
{
	if (o->merge && o->filters)
		diag_usage("--since, --until, --where, --entity and the band "
		    "edges apply when records are read, not with --merge");
	if (o->spec.has_since && o->spec.has_until &&
	    o->spec.since > o->spec.until)
		diag_usage("--since is after --until");
	if (!(o->spec.weak < o->spec.strong))
		diag_usage("--band-weak must be below --band-strong");
	if (o->f.alert_pct > o->f.critical_pct)
		diag_usage("--alert-pct is above --critical-pct");
	if (o->f.watch_min > o->f.track_min)
		diag_usage("--watch-min is above --track-min");
	if (o->partial && o->alerts != NULL)
		diag_usage("--alerts needs the final document, not --partial");
}

static void
parse_opt(struct opts *o, int ch, const char *arg)
{
	struct agg_final *f = &o->f;

	switch (ch) {
	case OPT_ALERT_PCT:
		f->alert_pct = num_opt("--alert-pct", arg, 0, 1e6);
		break;
	case OPT_ALERTS:
		o->alerts = arg;
		break;
	case OPT_BAND_STRONG:
		/* three places, as the state records them */
		o->spec.strong = round(num_opt("--band-strong", arg, 0, 1) *
		    1000) / 1000;
		o->filters = 1;
		break;
	case OPT_BAND_WEAK:
		o->spec.weak = round(num_opt("--band-weak", arg, 0, 1) *
		    1000) / 1000;
		o->filters = 1;
		break;
	case OPT_CRITICAL_PCT:
		f->critical_pct = num_opt("--critical-pct", arg, 0, 1e6);
		break;
	case OPT_DAYS:
		f->days = int_opt("--days", arg, 1, 36600);
		break;
	case OPT_ENTITY:
		if (o->spec.nentities == MAX_ENTITIES)
			diag_usage("more than %d --entity options",
			    MAX_ENTITIES);
		o->entities[o->spec.nentities++] = arg;
		o->filters = 1;
		break;
	case OPT_MAX_ROWS:
		o->max_rows = int_opt("--max-rows", arg, 1, INT_MAX);
		break;
	case OPT_MERGE:
		o->merge = 1;
		break;
	case OPT_MIN_DELTA:
		f->min_delta = num_opt("--min-delta", arg, 0, 2);
		break;
	case OPT_MIN_SAMPLES:
		f->min_samples = int_opt("--min-samples", arg, 1, INT_MAX);
		break;
	case OPT_NEAR_ZERO:
		f->near_zero = num_opt("--near-zero", arg, 0.001, 1);
		break;
	case OPT_NOW:
		opt_time("--now", arg, &f->now, &f->has_now);
		break;
	case OPT_PARTIAL:
		o->partial = 1;
		break;
	case OPT_RISK_MENTIONS:
		f->risk_mentions = int_opt("--risk-mentions", arg, 1, INT_MAX);
		break;
	case OPT_SINCE:
		opt_time("--since", arg, &o->spec.since,
		    &o->spec.has_since);
		o->filters = 1;
		break;
	case OPT_TOP:
		f->top = int_opt("--top", arg, 0, INT_MAX);
		break;
	case OPT_TOP_NAMES:
		f->top_names = int_opt("--top-names", arg, 0, INT_MAX);
		break;
	case OPT_TOP_POSTS:
		f->top_posts = int_opt("--top-posts", arg, 0, INT_MAX);
		break;
	case OPT_TRACK_MIN:
		f->track_min = int_opt("--track-min", arg, 1, INT_MAX);
		break;
	case OPT_UNTIL:
		opt_time("--until", arg, &o->spec.until,
		    &o->spec.has_until);
		o->filters = 1;
		break;
	case OPT_VELOCITY_HOURS:
		f->velocity_hours = int_opt("--velocity-hours", arg, 1, 8784);
		break;
	case OPT_WATCH_MIN:
		f->watch_min = int_opt("--watch-min", arg, 1, INT_MAX);
		break;
	case OPT_WHERE:
		o->spec.where = arg;
		o->filters = 1;
		break;
	}
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "alert-pct", required_argument, NULL, OPT_ALERT_PCT },
		{ "alerts", required_argument, NULL, OPT_ALERTS },
		{ "band-strong", required_argument, NULL, OPT_BAND_STRONG },
		{ "band-weak", required_argument, NULL, OPT_BAND_WEAK },
		{ "critical-pct", required_argument, NULL, OPT_CRITICAL_PCT },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "entity", required_argument, NULL, OPT_ENTITY },
		{ "max-rows", required_argument, NULL, OPT_MAX_ROWS },
		{ "merge", no_argument, NULL, OPT_MERGE },
		{ "min-delta", required_argument, NULL, OPT_MIN_DELTA },
		{ "min-samples", required_argument, NULL, OPT_MIN_SAMPLES },
		{ "near-zero", required_argument, NULL, OPT_NEAR_ZERO },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		{ "risk-mentions", required_argument, NULL, OPT_RISK_MENTIONS },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "top-names", required_argument, NULL, OPT_TOP_NAMES },
		{ "top-posts", required_argument, NULL, OPT_TOP_POSTS },
		{ "track-min", required_argument, NULL, OPT_TRACK_MIN },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "velocity-hours", required_argument, NULL,
		    OPT_VELOCITY_HOURS },
		{ "watch-min", required_argument, NULL, OPT_WATCH_MIN },
		{ "where", required_argument, NULL, OPT_WHERE },
		OPT_COMMON_LONG,
		OPT_CHECKPOINT_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":" OPT_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (opt_common(&o->c, ch, optarg))
			continue;
		if (ch < OPT_FIRST_PROGRAM)
			prog_bad_option(ch, argv);
		parse_opt(o, ch, optarg);
	}
	opt_help_version(&o->c, synopsis, help);
	o->spec.entities = o->entities;
	/* the output is one document: errors cannot go inline in it */
	if (diag_get_format() == DIAG_INLINE)
		diag_set_format(DIAG_TEXT);
	check_args(o);
}

static void
setup(struct run *r, struct opts *o)
{
	char err[300];

	memset(r, 0, sizeof(*r));
	r->o = o;
	if (o->spec.where != NULL &&
	    (r->where = jqmap_new(o->spec.where, err, sizeof(err))) == NULL) {
		if (strcmp(err, "out of memory") == 0) {
			diag_err("out of memory");
			exit(3);
		}
		diag_usage("invalid --where program: %s", err);
	}
	r->a = o->merge ? agg_new_merge((size_t)o->max_rows) :
	    agg_new(&o->spec, (size_t)o->max_rows);
	if (r->a == NULL) {
		diag_err("out of memory");
		exit(3);
	}
}

/* The checkpoint's state: the partial state so far. */
static int
save_state(void *a, struct buf *b)
{
	return agg_write_partial(a, b);
}

/* Writes the document or the state, and the alerts file. */
static void
finish(struct run *r)
{
	struct buf doc, al;
	struct output *ao = NULL;
	int rc;

	buf_init(&doc, 0);
	buf_init(&al, 0);
	if (r->o->partial)
		rc = agg_write_partial(r->a, &doc);
	else
		rc = agg_document(r->a, &r->o->f, &doc, r->o->alerts ? &al :
		    NULL);
	if (rc < 0) {
		prog_nomem(&r->p);
		goto out;
	}
	if (r->o->alerts != NULL) {
		if ((ao = out_open(r->o->alerts, r->o->c.unbuffered)) == NULL) {
			diag_sys("cannot create '%s'", r->o->alerts);
			prog_status(&r->p, 3);
			goto out;
		}
		if (out_write(ao, al.data, al.len) < 0 || out_close(ao) < 0) {
			diag_sys("cannot write '%s'", r->o->alerts);
			prog_status(&r->p, 3);
			goto out;
		}
	}
	if (prog_put(&r->p, r->p.out, doc.data, doc.len) == 0)
		r->p.out_n++;
out:
	buf_free(&doc);
	buf_free(&al);
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct prog_resume rs = { 0 };
	struct run r;
	char extra[64];
	int i, status;

	signal(SIGPIPE, SIG_DFL);
	diag_init(argv[0]);
	diag_set_synopsis(synopsis);
	opt_common_init(&o.c);
	agg_final_defaults(&o.f);
	o.spec.weak = 0.3;
	o.spec.strong = 0.7;
	o.max_rows = 10000000;
	parse_args(argc, argv, &o);
	setup(&r, &o);
	rs.argc = argc;
	rs.argv = argv;
	rs.first = optind;
	rs.out_at_end = 1;
	rs.save = save_state;
	rs.load = agg_merge_text;
	rs.ctx = r.a;
	PROG_RESUME_VAR(&rs, "skipped", r.skipped);
	PROG_RESUME_VAR(&rs, "nline", r.nline);
	if ((status = prog_start_resumable(&r.p, "et-agg", &o.c, &rs)) != 0) {
		agg_free(r.a);
		jqmap_free(r.where);
		return status;
	}
	if (optind == argc)
		read_input(&r, "-");
	for (i = optind; i < argc && !r.p.stop; i++)
		read_input(&r, argv[i]);
	/* a run stopped by bad input writes nothing */
	if (r.p.status == 0 || (r.p.status == 1 && o.c.keep_going &&
	    !o.merge))
		finish(&r);
	else if (r.p.out != NULL && o.c.output != NULL &&
	    strcmp(o.c.output, "-") != 0) {
		out_abort(r.p.out);	/* leave the old file, if any */
		r.p.out = NULL;
	}
	snprintf(extra, sizeof(extra), ",\"skipped\":%lu", r.skipped);
	r.p.no_output = agg_records(r.a) == 0;
	status = prog_finish(&r.p, extra);
	agg_free(r.a);
	jqmap_free(r.where);
	return status;
}
