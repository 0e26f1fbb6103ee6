#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "input.h"
#include "json.h"
#include "prog.h"
#include "utf8.h"

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
	uint64_t bytes = p->out ? out_bytes(p->out) : 0;
	const char *o = p->c->output;

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
	struct input *in = in_open(path);
	struct nd_reader *nd;
	struct nd_rec rec;
	struct nd_err err;
	int rc = 0;

	if (in == NULL) {
		diag_sys("cannot open '%s'", path);
		prog_status(p, 3);
		return;
	}
	p->file = in_name(in);
	if (flush)
		in_set_flush(in, prog_flush, p);
	if ((nd = nd_open(in, p->c->max_record)) == NULL)
		prog_nomem(p);
	while (nd != NULL && !p->stop && (rc = nd_next(nd, &rec, &err)) != 0) {
		if (rc == ND_EIO) {
			diag_err("cannot read '%s': %s", p->file,
			    in_error(in)[0] ? in_error(in) : "out of memory");
			prog_status(p, 3);
		} else
			fn(ctx, &rec, rc == ND_EBAD ? &err : NULL);
	}
	if (nd != NULL && rc == 0 && !p->stop)
		fn(ctx, NULL, NULL);
	p->bytes_in += in_bytes_read(in);
	nd_close(nd);
	in_close(in);
}
