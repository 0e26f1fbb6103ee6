#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "input.h"
#include "json.h"
#include "prog.h"
#include "utf8.h"
#include "xalloc.h"

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
prog_start(struct prog *p, const char *name, const struct common_opts *c)
{
	memset(p, 0, sizeof(*p));
	p->c = c;
	p->name = name;
	p->t0 = now_seconds();
	buf_init(&p->tmp, 0);
	out_install_signals();
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

	if (c->checkpoint == NULL)
		return prog_start(p, name, c);
	memset(p, 0, sizeof(*p));
	p->c = c;
	p->name = name;
	p->rs = rs;
	p->t0 = now_seconds();
	buf_init(&p->tmp, 0);
	out_install_signals();
	if ((rc = load_checkpoint(p, rs)) != 0)
		goto fail;
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
	memset(at, 0, sizeof(*at));
	if (p->ck == NULL)
		return 1;
	if (p->resuming && p->findex < p->ck->pos.file) {
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
prog_input_end(struct prog *p)
{
	p->findex++;
}

/* Makes the outputs durable, then writes the checkpoint. */
static void
commit(struct prog *p)
{
	struct ckpt *ck = p->ck;
	size_t k = 0;

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
prog_row_done(struct prog *p, uint64_t offset, uint64_t line)
{
	struct ckpt *ck = p->ck;

	if (ck == NULL)
		return;
	ck->pos.offset = offset;
	ck->pos.line = line;
	ck->pos.rows++;
	ck->pos.total++;
	if (ck->pos.total % ck->every == 0 && p->status < 3)
		commit(p);
	xkill_at("ET_KILL_AFTER", ck->pos.total);
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
	if (p->c->stats)
		fprintf(stderr, "{\"prog\":\"%s\",\"records_in\":%lu,"
		    "\"records_out\":%lu,\"rejected\":%lu%s,\"bytes_in\":%llu,"
		    "\"bytes_out\":%llu,\"seconds\":%.3f}\n", p->name, p->in,
		    p->out_n, diag_data_count(), extra ? extra : "",
		    (unsigned long long)p->bytes_in, (unsigned long long)bytes,
		    now_seconds() - p->t0);
	buf_free(&p->tmp);
	if (p->status == 0 && p->c->exit_status && p->out_n == 0)
		p->status = 4;
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
			prog_row_done(p, in_offset(in), (uint64_t)in_lineno(in));
	}
	if (nd != NULL && rc == 0 && !p->stop)
		fn(ctx, NULL, NULL);
	p->bytes_in += in_bytes_read(in);
	nd_close(nd);
	in_close(in);
	prog_input_end(p);
}
