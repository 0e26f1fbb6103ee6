#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input.h"
#include "json.h"
#include "prog.h"
#include "utf8.h"
#include "xalloc.h"

double
prog_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Appends n with thousands separators. */
static void
add_count(struct buf *b, uint64_t n)
{
	char d[24];
	int len = snprintf(d, sizeof(d), "%llu", (unsigned long long)n), i;

	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_addc(b, ',');
		buf_addc(b, d[i]);
	}
}

/*
 * The --progress line: records, rate, and with a known input size the
 * percent read and the time left.  On a terminal it is redrawn in place;
 * to a file, a line every few seconds.
 */
static void
progress_line(struct prog *p, const struct input *in, int final)
{
	double now = prog_now(), dt = now - p->t0, frac;
	unsigned long n = p->in - p->in0;	/* read by this run */
	uint64_t done = p->bytes_done + (in ? in_bytes_read(in) : 0);
	struct buf b;
	long eta;

	buf_init(&b, 0);
	buf_printf(&b, "%s%s: ", p->progress == 1 ? "\r" : "", p->name);
	add_count(&b, p->in);
	buf_adds(&b, " records");
	if (dt > 0) {
		buf_adds(&b, ", ");
		add_count(&b, (uint64_t)(n / dt));
		buf_adds(&b, "/s");
	}
	if (p->total_bytes > 0) {
		frac = (double)done / (double)p->total_bytes;
		if (frac > 1)
			frac = 1;
		buf_printf(&b, ", %d%%", (int)(frac * 100));
		/* the time left at this run's own pace (a resumed run
		 * starts with part of the input read) */
		if (!final && done > p->done0 && p->total_bytes > done) {
			eta = (long)((now - p->t_first) * (double)(p->total_bytes -
			    done) / (double)(done - p->done0) + 0.5);
			buf_printf(&b, ", %ld:%02ld:%02ld left", eta / 3600,
			    eta / 60 % 60, eta % 60);
		}
	}
	if (final)
		buf_printf(&b, " in %.1f s", dt);
	buf_adds(&b, p->progress == 1 ? "\033[K" : "");
	if (final || p->progress == 2)
		buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	fflush(stderr);
	buf_free(&b);
	p->last_tick = now;
}

static void
progress_start(struct prog *p, const struct prog_resume *rs)
{
	struct stat st;
	int i;

	p->progress = p->c->progress < 0 ? isatty(2) :
	    p->c->progress ? (isatty(2) ? 1 : 2) : 0;
	p->last_tick = p->t0;
	p->in0 = p->in;
	if (!p->progress || rs == NULL)
		return;
	for (i = rs->first; i < rs->argc; i++) {
		if (strcmp(rs->argv[i], "-") == 0 ||
		    stat(rs->argv[i], &st) < 0 || !S_ISREG(st.st_mode)) {
			p->total_bytes = 0;
			return;
		}
		p->total_bytes += (uint64_t)st.st_size;
	}
}

/* What every start does before opening the outputs. */
static void
init(struct prog *p, const char *name, const struct common_opts *c)
{
	memset(p, 0, sizeof(*p));
	p->c = c;
	p->name = name;
	p->t0 = prog_now();
	buf_init(&p->tmp, 0);
	out_install_signals();
}

int
prog_start(struct prog *p, const char *name, const struct common_opts *c)
{
	init(p, name, c);
	p->out = out_open(c->output, c->unbuffered);
	if (p->out == NULL) {
		diag_sys("cannot create '%s'", c->output);
		return 3;
	}
	if (c->rejects != NULL && (p->rej = out_open(c->rejects, 1)) == NULL) {
		diag_sys("cannot create '%s'", c->rejects);
		out_abort(p->out);
		p->out = NULL;
		return 3;
	}
	return 0;
}

static int
open_part(struct prog *p, struct output **o, const char *path, int unbuf,
    size_t k)
{
	int mismatch;

	*o = out_open_part(path, unbuf, p->resuming && k != SIZE_MAX ?
	    &p->ck->outs[k] : NULL, &mismatch);
	if (*o != NULL)
		return 0;
	if (mismatch == 2) {
		diag_err("'%s.part' is in use by another run", path);
		return 3;
	}
	if (mismatch) {
		diag_err("checkpoint '%s' does not match '%s.part'; remove "
		    "both to start afresh", p->ck->path, path);
		return 1;
	}
	diag_sys("cannot create '%s.part'", path);
	return 3;
}

/* Registers files and counters and loads the checkpoint; 0, 1 or 3. */
static int
load_checkpoint(struct prog *p, const struct prog_resume *rs)
{
	const struct common_opts *c = p->c;
	char msg[512];
	int i, rc;

	p->ck = ckpt_new(c->checkpoint, p->name, rs->argc, rs->argv);
	if (p->ck == NULL)
		goto nomem;
	if (c->checkpoint_every > 0)
		p->ck->every = (uint64_t)c->checkpoint_every;
	rc = 0;
	for (i = rs->first; i < rs->argc && rc == 0; i++)
		rc = ckpt_add_file(p->ck, rs->argv[i]);
	if (rs->first >= rs->argc)
		rc |= ckpt_add_file(p->ck, "-");
	for (i = 0; rs->aux[i] != NULL && rc == 0; i++)
		rc = ckpt_add_file(p->ck, rs->aux[i]);
	rc |= CKPT_VAR(p->ck, "in", p->in);
	rc |= CKPT_VAR(p->ck, "out", p->out_n);
	rc |= CKPT_VAR(p->ck, "rejected", p->rejected);
	rc |= CKPT_VAR(p->ck, "bytes_in", p->bytes_in);
	rc |= CKPT_VAR(p->ck, "bytes_out", p->bytes_out);
	rc |= CKPT_VAR(p->ck, "status", p->status);
	for (i = 0; rs->vars[i].name != NULL && rc == 0; i++)
		rc = ckpt_add_var(p->ck, rs->vars[i].name, rs->vars[i].v,
		    rs->vars[i].size);
	if (rc != 0)
		goto nomem;
	p->ck->nouts = (rs->out_at_end ? 0 : 1) + (c->rejects != NULL);
	switch (ckpt_load(p->ck, rs->load, rs->ctx, msg, sizeof(msg))) {
	case CKPT_RESUME:
		p->resuming = 1;
		p->bytes_out0 = p->bytes_out;
		diag_set_data_count(p->rejected);
		return 0;
	case CKPT_NONE:
		return 0;
	case CKPT_EBAD:
		diag_err("%s", msg);
		return 1;
	case CKPT_ESYS:
		diag_err("%s", msg);
		return 3;
	}
nomem:
	diag_err("out of memory");
	return 3;
}

int
prog_start_resumable(struct prog *p, const char *name,
    const struct common_opts *c, const struct prog_resume *rs)
{
	int rc;

	if (c->checkpoint == NULL) {
		rc = prog_start(p, name, c);
		p->rs = rs;
		progress_start(p, rs);
		return rc;
	}
	init(p, name, c);
	p->rs = rs;
	if ((rc = load_checkpoint(p, rs)) != 0)
		goto fail;
	progress_start(p, rs);
	/* an output written at the end starts afresh as FILE.part (not a
	 * new temporary name per run, which SIGKILL would leave behind) */
	if ((rc = open_part(p, &p->out, c->output, c->unbuffered,
	    rs->out_at_end ? SIZE_MAX : 0)) != 0)
		goto fail;
	if (c->rejects != NULL && (rc = open_part(p, &p->rej, c->rejects, 1,
	    rs->out_at_end ? 0 : 1)) != 0)
		goto fail;
	return 0;
fail:
	out_abort(p->out);
	p->out = NULL;
	ckpt_free(p->ck);
	p->ck = NULL;
	buf_free(&p->tmp);
	return rc;
}

int
prog_input_begin(struct prog *p, const char *path, struct ckpt_pos *at)
{
	struct stat st;

	memset(at, 0, sizeof(*at));
	if (p->ck == NULL)
		return 1;
	if (p->resuming && p->findex < p->ck->pos.file) {
		/* read to the end before the crash */
		if (p->progress && stat(path, &st) == 0)
			p->bytes_done += (uint64_t)st.st_size;
		p->findex++;
		return 0;
	}
	if (p->resuming && strcmp(path, "-") != 0)
		*at = p->ck->pos;
	p->resuming = 0;
	p->ck->pos.file = p->findex;
	p->ck->pos.offset = at->offset;
	p->ck->pos.line = at->line;
	p->ck->pos.rows = at->rows;
	return 1;
}

void
prog_input_end(struct prog *p, const struct input *in)
{
	p->findex++;
	if (in != NULL)
		p->bytes_done += in_bytes_read(in);
}

/* Makes the outputs durable, then writes the checkpoint. */
static void
commit(struct prog *p)
{
	struct ckpt *ck = p->ck;
	size_t k = 0;

	if (p->rs->before_commit != NULL) {
		p->rs->before_commit(p->rs->ctx);
		if (p->status >= 3)
			return;
	}
	if (!p->rs->out_at_end && out_commit(p->out, &ck->outs[k++]) < 0) {
		diag_sys("write error");
		prog_status(p, 3);
		return;
	}
	if (p->rej != NULL && out_commit(p->rej, &ck->outs[k]) < 0) {
		diag_sys("cannot write rejects");
		prog_status(p, 3);
		return;
	}
	xkill_at("ET_KILL_COMMIT", ++p->commits);
	p->rejected = diag_data_count();
	p->bytes_out = p->bytes_out0 + out_bytes(p->out);
	if (ckpt_commit(ck, 0, p->rs->save, p->rs->ctx) < 0) {
		if (errno == ENOMEM)
			prog_nomem(p);
		else {
			diag_sys("cannot write checkpoint '%s'", ck->path);
			prog_status(p, 3);
		}
	}
}

void
prog_row_done(struct prog *p, const struct input *in)
{
	struct ckpt *ck = p->ck;

	if (p->progress && ++p->tick_rows == 1) {
		p->t_first = prog_now();
		p->done0 = p->bytes_done + in_bytes_read(in);
	}
	if (p->progress && p->tick_rows % 256 == 0 &&
	    prog_now() - p->last_tick >= (p->progress == 1 ? 0.5 : 5))
		progress_line(p, in, 0);
	if (ck == NULL)
		return;
	ck->pos.offset = in_offset(in);
	ck->pos.line = (uint64_t)in_lineno(in);
	ck->pos.rows++;
	ck->pos.total++;
	if (ck->pos.total % ck->every == 0 && p->status < 3) {
		if (p->hold)
			p->due = 1;
		else
			commit(p);
	}
	xkill_at("ET_KILL_AFTER", ck->pos.total);
}

void
prog_hold(struct prog *p, int on)
{
	p->hold = on;
	if (!on && p->due && p->ck != NULL && p->status < 3)
		commit(p);
	if (!on)
		p->due = 0;
}

void
prog_status(struct prog *p, int st)
{
	if (st > p->status)
		p->status = st;
	if (st == 3)
		p->stop = 1;
}

void
prog_nomem(struct prog *p)
{
	diag_err("out of memory");
	prog_status(p, 3);
}

int
prog_put(struct prog *p, struct output *o, const char *s, size_t n)
{
	if (out_record(o, s, n) == 0)
		return 0;
	diag_sys(o == p->out ? "write error" : "cannot write rejects");
	prog_status(p, 3);
	return -1;
}

int
prog_emit(struct prog *p, const char *s, size_t n)
{
	if (prog_put(p, p->out, s, n) < 0)
		return -1;
	p->out_n++;
	return 0;
}

/*
 * The original bytes of a rejected record: "raw" as a string, or
 * "raw_base64" when they are not UTF-8 and so cannot be a JSON string.
 */
static int
add_raw(struct buf *b, const char *s, size_t n)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v;
	size_t i;

	if (utf8_check(s, n) < 0) {
		if (buf_adds(b, ",\"raw\":") < 0)
			return -1;
		return json_add_str(b, s, n);
	}
	if (buf_adds(b, ",\"raw_base64\":\"") < 0)
		return -1;
	for (i = 0; i < n; i += 3) {
		v = (unsigned)(unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		if (buf_addc(b, b64[v >> 18 & 63]) < 0 ||
		    buf_addc(b, b64[v >> 12 & 63]) < 0 ||
		    buf_addc(b, i + 1 < n ? b64[v >> 6 & 63] : '=') < 0 ||
		    buf_addc(b, i + 2 < n ? b64[v & 63] : '=') < 0)
			return -1;
	}
	return buf_addc(b, '"');
}

void
prog_reject(struct prog *p, long line, long col, enum diag_kind kind,
    const char *msg, const char *raw, size_t rawlen, int inline_ok)
{
	diag_data(p->file, line, col, kind, "%s", msg);
	prog_status(p, 1);
	if (!p->c->keep_going)
		p->stop = 1;
	if (diag_get_format() == DIAG_INLINE && inline_ok) {
		buf_reset(&p->tmp);
		if (buf_adds(&p->tmp, "{\"_error\":") < 0 ||
		    diag_last_json(&p->tmp) < 0 || buf_adds(&p->tmp, "}\n") < 0)
			prog_nomem(p);
		else
			prog_put(p, p->out, p->tmp.data, p->tmp.len);
	}
	if (p->rej == NULL || p->status == 3)
		return;
	buf_reset(&p->tmp);
	if (buf_adds(&p->tmp, "{\"_error\":") < 0 ||
	    diag_last_json(&p->tmp) < 0 ||
	    add_raw(&p->tmp, raw ? raw : "", raw ? rawlen : 0) < 0 ||
	    buf_adds(&p->tmp, "}\n") < 0)
		prog_nomem(p);
	else
		prog_put(p, p->rej, p->tmp.data, p->tmp.len);
}

void
prog_flush(void *ctx)
{
	struct prog *p = ctx;

	if (out_flush(p->out) < 0) {
		diag_sys("write error");
		prog_status(p, 3);
	}
}

int
prog_finish(struct prog *p, const char *extra)
{
	uint64_t bytes = p->bytes_out0 + (p->out ? out_bytes(p->out) : 0);
	const char *o = p->c->output;
	struct prog_counts k;

	/* every output durable before any is renamed into place */
	if (p->rej != NULL && p->status < 3 && out_finish(p->rej) < 0) {
		diag_sys("cannot write rejects");
		prog_status(p, 3);
	}
	if (p->out != NULL && p->status < 3 && out_finish(p->out) < 0) {
		diag_sys("write error");
		prog_status(p, 3);
	}
	/* a finished run: a rerun starts afresh even if killed from here */
	if (p->ck != NULL && p->status < 3 && ckpt_commit(p->ck, 1, NULL,
	    NULL) < 0) {
		diag_sys("cannot write checkpoint '%s'", p->ck->path);
		prog_status(p, 3);
	}
	if (p->rej != NULL) {
		if (p->status == 3)
			out_abort(p->rej);
		else if (out_close(p->rej) < 0) {
			diag_sys("cannot write rejects");
			prog_status(p, 3);
		}
	}
	if (p->out != NULL && p->status == 3 && o != NULL && strcmp(o, "-") != 0)
		out_abort(p->out);	/* no partial output file */
	else if (p->out != NULL && out_close(p->out) < 0 && p->status != 3) {
		diag_sys("write error");
		prog_status(p, 3);
	}
	p->out = p->rej = NULL;
	if (p->ck != NULL && p->status < 3 && ckpt_remove(p->ck) < 0) {
		diag_sys("cannot remove checkpoint '%s'", p->ck->path);
		prog_status(p, 3);
	}
	ckpt_free(p->ck);
	p->ck = NULL;
	diag_summary(p->in);
	if (p->progress)
		progress_line(p, NULL, 1);
	k.in = p->in;
	k.out = p->out_n;
	k.rejected = diag_data_count();
	k.bytes_in = p->bytes_in;
	k.bytes_out = bytes;
	k.seconds = prog_now() - p->t0;
	if (p->status == 0 && p->c->exit_status && (p->out_n == 0 ||
	    p->no_output))
		p->status = 4;
	/* -k goes on after bad records; anything else that stops a run
	 * leaves input unread */
	p->status = prog_report(p->c, p->name, &k, p->status, !p->stop ||
	    p->status == 0, extra);
	buf_free(&p->tmp);
	return p->status;
}

void
prog_bad_option(int ch, char **argv)
{
	const char *arg = argv[optind - 1];

	if (ch == ':')
		diag_usage("option '%s' needs a value", arg);
	if (strncmp(arg, "--", 2) == 0)
		diag_usage("unknown option '%s'", arg);
	diag_usage("unknown option '-%c'", optopt);
}

void
prog_read_ndjson(struct prog *p, const char *path, int flush,
    prog_line_fn fn, void *ctx)
{
	struct input *in;
	struct nd_reader *nd = NULL;
	struct nd_rec rec;
	struct nd_err err;
	struct ckpt_pos at;
	int rc = 0;

	if (!prog_input_begin(p, path, &at))
		return;
	if ((in = in_open(path)) == NULL) {
		diag_sys("cannot open '%s'", path);
		prog_status(p, 3);
		return;
	}
	p->file = in_name(in);
	if (flush)
		in_set_flush(in, prog_flush, p);
	if (at.offset > 0 && in_skip(in, at.offset, (long)at.line) < 0) {
		diag_err("cannot read '%s': %s", p->file, in_error(in));
		prog_status(p, 3);
	} else if ((nd = nd_open(in, p->c->max_record)) == NULL)
		prog_nomem(p);
	while (nd != NULL && !p->stop && (rc = nd_next(nd, &rec, &err)) != 0) {
		if (rc == ND_EIO) {
			diag_err("cannot read '%s': %s", p->file,
			    in_error(in)[0] ? in_error(in) : "out of memory");
			prog_status(p, 3);
			break;
		}
		fn(ctx, &rec, rc == ND_EBAD ? &err : NULL);
		if (!p->stop)
			prog_row_done(p, in);
	}
	if (nd != NULL && rc == 0 && !p->stop)
		fn(ctx, NULL, NULL);
	p->bytes_in += in_bytes_read(in);
	nd_close(nd);
	prog_input_end(p, in);
	in_close(in);
}

/* The last success time recorded for prog in an earlier metrics file. */
static double
last_success(const char *path, const char *name)
{
	char line[512], key[128];
	double v = 0;
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return 0;
	n = (size_t)snprintf(key, sizeof(key),
	    "et_last_success_timestamp_seconds{prog=\"%s\"} ", name);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, n) == 0)
			v = strtod(line + n, NULL);
	fclose(f);
	return v;
}

/*
 * Writes the Prometheus textfile-collector metrics of the run, atomically.
 * A run succeeds when it reads all its input: exit status 0, or 1 when -k
 * skipped bad records and nothing stopped the run.
 */
static int
write_metrics(const struct common_opts *c, const char *name,
    const struct prog_counts *k, int status, int read_all)
{
	static const char *const outcome[] = { "read", "written",
	    "rejected" };
	unsigned long v[3] = { k->in, k->out, k->rejected };
	struct timespec ts;
	struct output *o;
	struct buf b;
	double now, ok;
	int i, rc = -1;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* to the millisecond */
	now = (double)ts.tv_sec + (double)(ts.tv_nsec - ts.tv_nsec % 1000000) /
	    1e9;
	ok = read_all && status <= 1 ? now : last_success(c->metrics, name);
	buf_init(&b, 0);
	buf_adds(&b, "# HELP et_records_total Records of the last run, by "
	    "outcome.\n# TYPE et_records_total counter\n");
	for (i = 0; i < 3; i++)
		buf_printf(&b, "et_records_total{prog=\"%s\",outcome=\"%s\"} "
		    "%lu\n", name, outcome[i], v[i]);
	buf_printf(&b, "# HELP et_input_bytes_total Bytes the last run read "
	    "(compressed as stored).\n# TYPE et_input_bytes_total counter\n"
	    "et_input_bytes_total{prog=\"%s\"} %llu\n"
	    "# HELP et_output_bytes_total Bytes the last run wrote "
	    "(before compression).\n# TYPE et_output_bytes_total counter\n"
	    "et_output_bytes_total{prog=\"%s\"} %llu\n"
	    "# HELP et_run_seconds How long the last run took.\n"
	    "# TYPE et_run_seconds gauge\net_run_seconds{prog=\"%s\"} %.3f\n"
	    "# HELP et_exit_status The exit status of the last run (et(7)).\n"
	    "# TYPE et_exit_status gauge\net_exit_status{prog=\"%s\"} %d\n"
	    "# HELP et_last_run_timestamp_seconds When the last run ended.\n"
	    "# TYPE et_last_run_timestamp_seconds gauge\n"
	    "et_last_run_timestamp_seconds{prog=\"%s\"} %.3f\n",
	    name, (unsigned long long)k->bytes_in, name,
	    (unsigned long long)k->bytes_out, name, k->seconds, name, status,
	    name, now);
	if (ok > 0)
		buf_printf(&b, "# HELP et_last_success_timestamp_seconds When a "
		    "run last read all its input.\n"
		    "# TYPE et_last_success_timestamp_seconds gauge\n"
		    "et_last_success_timestamp_seconds{prog=\"%s\"} %.3f\n",
		    name, ok);
	if (b.len == 0 || b.data[b.len - 1] != '\n') {
		errno = ENOMEM;
		goto out;
	}
	if ((o = out_open(c->metrics, 0)) == NULL)
		goto out;
	if (out_write(o, b.data, b.len) < 0) {
		out_abort(o);
		goto out;
	}
	rc = out_close(o);
out:
	buf_free(&b);
	return rc;
}

int
prog_report(const struct common_opts *c, const char *name,
    const struct prog_counts *k, int status, int read_all, const char *extra)
{
	if (c->stats)
		fprintf(stderr, "{\"prog\":\"%s\",\"records_in\":%lu,"
		    "\"records_out\":%lu,\"rejected\":%lu%s,\"bytes_in\":%llu,"
		    "\"bytes_out\":%llu,\"seconds\":%.3f}\n", name, k->in,
		    k->out, k->rejected, extra ? extra : "",
		    (unsigned long long)k->bytes_in,
		    (unsigned long long)k->bytes_out, k->seconds);
	if (c->metrics != NULL && write_metrics(c, name, k, status,
	    read_all) < 0) {
		diag_sys("cannot write metrics '%s'", c->metrics);
		if (status < 3)
			status = 3;
	}
	return status;
}
