/*
 * et-render: an et-agg(1) document in, the intelligence brief out, as PDF,
 * HTML, Markdown or plain text.
 *
 * Reads one aggregate document (a file or the standard input, plain or
 * zstd), builds the brief's blocks (lib/brief.c) and draws them with the
 * renderer of the chosen format.  The whole document is held in memory
 * (it is small: it grows with entities and days, not with comments).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/brief.h"
#include "lib/diag.h"
#include "lib/input.h"
#include "lib/opt.h"
#include "lib/output.h"
#include "lib/prog.h"
#include "lib/xalloc.h"

static const char synopsis[] =
"usage: et-render [-hV] [-f pdf|html|md|txt] [-o file]\n"
"                 [--max-record-size bytes] [--metrics file]\n"
"                 [--progress | --no-progress] [--stats] [aggregate]\n";

static const char help[] =
"Draw the intelligence brief from an et-agg document.\n"
"\n"
"  -f, --format FORMAT      pdf, html, md or txt (default: from the\n"
"                           output's extension, else txt)\n"
"  -h, --help               show this help\n"
"      --max-record-size B  largest document accepted (256M)\n"
"      --metrics FILE       write Prometheus metrics to FILE at exit\n"
"  -o, --output FILE        write FILE atomically\n"
"      --progress           say what was drawn (default on a terminal)\n"
"      --no-progress        do not\n"
"      --stats              print a JSON line of counts on stderr at exit\n"
"  -V, --version            print the version\n"
"\n"
"Exit status: 0 ok, 1 bad input, 2 usage, 3 system error.\n"
"See et-render(1), et-agg(1) and et(7).\n";

enum fmt { F_NONE, F_PDF, F_HTML, F_MD, F_TXT };
static const char *const fmt_name[] = { "", "PDF", "HTML", "Markdown",
	"text" };

struct opts {
	struct common_opts c;
	enum fmt	 f;
};

static enum fmt
fmt_named(const char *s)
{
	static const struct {
		const char	*name;
		enum fmt	 f;
	} names[] = { { "pdf", F_PDF }, { "html", F_HTML }, { "htm", F_HTML },
	    { "md", F_MD }, { "markdown", F_MD }, { "txt", F_TXT },
	    { "text", F_TXT } };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].f;
	return F_NONE;
}

/* The format an output file's name asks for (F_NONE: none). */
static enum fmt
fmt_of_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	if (dot == NULL || strchr(dot, '/') != NULL)
		return F_NONE;
	return fmt_named(dot + 1);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		OPT_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":" OPT_COMMON_SHORT "f:",
	    longopts, NULL)) != -1) {
		if (opt_common(&o->c, ch, optarg))
			continue;
		if (ch != 'f')
			prog_bad_option(ch, argv);
		if ((o->f = fmt_named(optarg)) == F_NONE)
			diag_usage("invalid --format '%s' (pdf, html, md or "
			    "txt)", optarg);
	}
	opt_help_version(&o->c, synopsis, help);
	if (argc - optind > 1)
		diag_usage("one aggregate at a time");
	if (o->f == F_NONE)
		o->f = fmt_of_path(o->c.output);
	if (o->f == F_NONE)
		o->f = F_TXT;
}

/* Reads the whole input into b; 0, or 3 after saying why. */
static int
slurp(const char *path, struct buf *b, size_t max)
{
	struct input *in = in_open(path);
	struct buf piece;
	long lineno;
	int rc, complete;

	if (in == NULL) {
		diag_sys("cannot open '%s'", path);
		return 3;
	}
	buf_init(&piece, 0);
	while ((rc = in_getpiece(in, &piece, 1 << 20, &complete, &lineno)) ==
	    1) {
		if (b->len + piece.len > max) {
			rc = -2;
			break;
		}
		if (buf_add(b, piece.data, piece.len) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == -2)
		diag_err("'%s' is larger than --max-record-size", in_name(in));
	else if (rc != 0)
		diag_err("cannot read '%s': %s", in_name(in),
		    in_error(in)[0] ? in_error(in) : "out of memory");
	buf_free(&piece);
	in_close(in);
	return rc == 0 ? 0 : rc == -2 ? 1 : 3;
}

static int
draw(const struct brief *br, enum fmt f, struct buf *out)
{
	switch (f) {
	case F_PDF:
		return render_pdf(br, out);
	case F_HTML:
		return render_html(br, out);
	case F_MD:
		return render_md(br, out);
	default:
		return render_txt(br, out);
	}
}

/* --stats, --metrics and --progress: one aggregate in, one brief out. */
static int
report(const struct opts *o, int status, const struct buf *in,
    const struct buf *doc, double t0)
{
	struct prog_counts k = { 0 };
	int on = o->c.progress < 0 ? isatty(2) : o->c.progress;

	k.in = in->len > 0;
	k.out = status == 0;
	k.rejected = status == 1;
	k.bytes_in = in->len;
	k.bytes_out = status == 0 ? doc->len : 0;
	k.seconds = prog_now() - t0;
	if (on && status == 0)
		fprintf(stderr, "et-render: %s brief, %llu bytes, in %.1f s\n",
		    fmt_name[o->f], (unsigned long long)doc->len, k.seconds);
	return prog_report(&o->c, "et-render", &k, status, status == 0, NULL);
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct brief *br = NULL;
	struct output *out = NULL;
	struct buf in, doc;
	const char *path;
	char err[300];
	int status = 0;
	double t0 = prog_now();

	signal(SIGPIPE, SIG_DFL);
	diag_init(argv[0]);
	diag_set_synopsis(synopsis);
	opt_common_init(&o.c);
	o.c.max_record = 256u << 20;
	parse_args(argc, argv, &o);
	path = optind < argc ? argv[optind] : "-";
	buf_init(&in, 0);
	buf_init(&doc, 0);
	out_install_signals();
	if ((status = slurp(path, &in, o.c.max_record)) != 0)
		goto done;
	if ((br = brief_build(in.data, in.len, err, sizeof(err))) == NULL) {
		status = strcmp(err, "out of memory") == 0 ? 3 : 1;
		diag_err("%s: %s", strcmp(path, "-") == 0 ? "<stdin>" : path,
		    err);
		goto done;
	}
	if (draw(br, o.f, &doc) < 0) {
		diag_err("cannot draw the brief: out of memory");
		status = 3;
		goto done;
	}
	if ((out = out_open(o.c.output, 0)) == NULL) {
		diag_sys("cannot create '%s'", o.c.output);
		status = 3;
		goto done;
	}
	if (out_write(out, doc.data, doc.len) < 0) {
		diag_sys("write error");
		status = 3;
		goto done;
	}
	if (out_close(out) < 0) {
		diag_sys("write error");
		status = 3;
	}
	out = NULL;
done:
	out_abort(out);
	status = report(&o, status, &in, &doc, t0);
	brief_free(br);
	buf_free(&in);
	buf_free(&doc);
	return status;
}
