#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json.h"

static const char *prog = "et";
static const char *synopsis;
static enum diag_format format = DIAG_TEXT;
static unsigned long data_count;

/* The last data diagnostic, kept for --errors=inline and --rejects. */
static struct {
	char	 file[512];
	long	 line, col;
	enum diag_kind kind;
	char	 msg[1024];
} last;

static const char *kind_names[] = {
	"parse", "utf8", "limit", "type", "io", "usage"
};

void
diag_init(const char *argv0)
{
	const char *s = strrchr(argv0, '/');

	prog = s != NULL ? s + 1 : argv0;
}

const char *
diag_prog(void)
{
	return prog;
}

int
diag_parse_format(const char *s)
{
	if (strcmp(s, "text") == 0)
		return DIAG_TEXT;
	if (strcmp(s, "json") == 0)
		return DIAG_JSON;
	if (strcmp(s, "inline") == 0)
		return DIAG_INLINE;
	return -1;
}

void
diag_set_format(enum diag_format f)
{
	format = f;
}

enum diag_format
diag_get_format(void)
{
	return format;
}

void
diag_set_synopsis(const char *s)
{
	synopsis = s;
}

static void
json_line(const char *file, long line, long col, enum diag_kind kind,
    const char *msg)
{
	struct buf b;

	buf_init(&b, 0);
	if (json_error_object(&b, prog, file, line, col, kind_names[kind],
	    msg) == 0 && buf_addc(&b, '\n') == 0)
		fputs(b.data, stderr);
	buf_free(&b);
}

void
diag_data(const char *file, long line, long col, enum diag_kind kind,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last.msg, sizeof(last.msg), fmt, ap);
	va_end(ap);
	snprintf(last.file, sizeof(last.file), "%s", file ? file : "<stdin>");
	last.line = line;
	last.col = col;
	last.kind = kind;
	data_count++;
	if (format == DIAG_INLINE)
		return;
	if (data_count == DIAG_MAX_PRINTED + 1) {
		fprintf(stderr, "%s: further data errors suppressed\n", prog);
		return;
	}
	if (data_count > DIAG_MAX_PRINTED)
		return;
	if (format == DIAG_JSON) {
		json_line(last.file, line, col, kind, last.msg);
		return;
	}
	fprintf(stderr, "%s: %s", prog, last.file);
	if (line > 0)
		fprintf(stderr, ":%ld", line);
	if (line > 0 && col > 0)
		fprintf(stderr, ":%ld", col);
	fprintf(stderr, ": %s\n", last.msg);
}

static void
vsys(int err, const char *fmt, va_list ap)
{
	char msg[1024];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err != 0) {
		n = strlen(msg);
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(err));
	}
	if (format == DIAG_JSON)
		json_line(NULL, 0, 0, DK_IO, msg);
	else
		fprintf(stderr, "%s: %s\n", prog, msg);
}

void
diag_sys(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vsys(err, fmt, ap);
	va_end(ap);
}

void
diag_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsys(0, fmt, ap);
	va_end(ap);
}

void
diag_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
diag_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (synopsis != NULL)
		fprintf(stderr, "%s", synopsis);
	fprintf(stderr, "try '%s --help' for more information\n", prog);
	exit(2);
}

int
diag_last_json(struct buf *out)
{
	return json_error_object(out, prog, last.file, last.line, last.col,
	    kind_names[last.kind], last.msg);
}

void
diag_set_data_count(unsigned long n)
{
	data_count = n;
}

unsigned long
diag_data_count(void)
{
	return data_count;
}

void
diag_summary(unsigned long records)
{
	if (data_count > 0 && format != DIAG_INLINE)
		fprintf(stderr, "%s: %lu of %lu records rejected\n", prog,
		    data_count, records);
}
