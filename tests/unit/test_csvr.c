/*
 * Unit tests for lib/csvr (and lib/input under it): each case writes a
 * small file, reads it with in_open + csvr_next and compares a transcript:
 * one "LINE:[field][field]" per row (\n, \r and NUL shown escaped),
 * "E<code>@LINE" per error, then "EOF".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/csvr.h"
#include "lib/input.h"
#include "tests/unit/unit.h"

static char tmpdir[] = "/tmp/et-test-csvr-XXXXXX";

/* Writes p[0..n) to tmpdir/name; returns the path (static storage). */
static const char *
put_file(const char *name, const void *p, size_t n)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(2);
	}
	if (n > 0 && fwrite(p, 1, n, fp) != n) {
		perror(path);
		exit(2);
	}
	fclose(fp);
	return path;
}

/* A temporary file from mkstemp holding p[0..n); path in out. */
static void
put_temp(char *out, size_t outlen, const void *p, size_t n)
{
	int fd;

	snprintf(out, outlen, "%s/in-XXXXXX", tmpdir);
	if ((fd = mkstemp(out)) < 0 || write(fd, p, n) != (ssize_t)n) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
}

static void
render(struct buf *o, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			buf_adds(o, "\\n");
		else if (p[i] == '\r')
			buf_adds(o, "\\r");
		else if (p[i] == '\0')
			buf_adds(o, "\\0");
		else
			buf_addc(o, p[i]);
	}
}

static void
add_row(struct buf *o, const struct csvr *r)
{
	const struct csv_field *f = csvr_fields(r);
	size_t i;

	buf_printf(o, "%ld:", csvr_line(r));
	for (i = 0; i < csvr_nfields(r); i++) {
		buf_addc(o, '[');
		render(o, f[i].p, f[i].len);
		buf_addc(o, ']');
	}
	buf_addc(o, '\n');
}

/* Reads r to its end into o; stops after errors that cannot progress. */
static void
drain(struct csvr *r, struct buf *o)
{
	long i;
	int rc;

	for (i = 0; i < 1000000; i++) {
		rc = csvr_next(r);
		if (rc == 0) {
			buf_adds(o, "EOF");
			return;
		}
		if (rc == 1) {
			add_row(o, r);
			continue;
		}
		buf_printf(o, "E%d@%ld\n", rc, csvr_line(r));
		if (rc == CSVR_EIO || rc == CSVR_ENOMEM)
			return;
	}
	buf_adds(o, "LOOP");
}

static void
transcript(const char *path, size_t max, struct buf *o)
{
	struct input *in;
	struct csvr *r;

	buf_reset(o);
	if ((in = in_open(path)) == NULL) {
		buf_adds(o, "OPEN FAILED");
		return;
	}
	if ((r = csvr_new(in, max)) == NULL) {
		buf_adds(o, "NEW FAILED");
		in_close(in);
		return;
	}
	drain(r, o);
	csvr_free(r);
	in_close(in);
}

#define LONG40	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

static const struct {
	const char	*name;
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	size_t		 max;	/* 0: no limit */
	const char	*want;
} cases[] = {
	{ "simple", "a,b,c\n1,2,3\n", 0, 0,
	    "1:[a][b][c]\n2:[1][2][3]\nEOF" },
	{ "no final newline", "a,b\nc,d", 0, 0, "1:[a][b]\n2:[c][d]\nEOF" },
	{ "empty input", "", 0, 0, "EOF" },
	{ "only blank lines", "\n\r\n\n", 0, 0, "EOF" },
	{ "one field", "a\n", 0, 0, "1:[a]\nEOF" },
	{ "empty fields", ",\n,,\n\"\"\n", 0, 0,
	    "1:[][]\n2:[][][]\n3:[]\nEOF" },
	{ "quoted commas", "\"a,b\",\"c\",d\n", 0, 0, "1:[a,b][c][d]\nEOF" },
	{ "embedded newline", "h1,h2\n\"x\ny\",z\nnext,row\n", 0, 0,
	    "1:[h1][h2]\n2:[x\\ny][z]\n4:[next][row]\nEOF" },
	{ "two-line field at the end", "a\n\"b\nc\"", 0, 0,
	    "1:[a]\n2:[b\\nc]\nEOF" },
	{ "blank line inside quotes", "\"a\n\nb\",c\nd\n", 0, 0,
	    "1:[a\\n\\nb][c]\n4:[d]\nEOF" },
	{ "doubled quotes", "\"a\"\"b\",\"\"\"\",\"\"\n", 0, 0,
	    "1:[a\"b][\"][]\nEOF" },
	{ "CRLF", "a,b\r\nc,d\r\n", 0, 0, "1:[a][b]\n2:[c][d]\nEOF" },
	{ "CRLF inside quotes", "\"x\r\ny\",z\r\nq\r\n", 0, 0,
	    "1:[x\\r\\ny][z]\n3:[q]\nEOF" },
	{ "BOM only at start", "\xEF\xBB\xBF" "a,b\n\xEF\xBB\xBF" "c,d\n", 0, 0,
	    "1:[a][b]\n2:[\xEF\xBB\xBF" "c][d]\nEOF" },
	{ "BOM then quote", "\xEF\xBB\xBF\"a\",b\n", 0, 0, "1:[a][b]\nEOF" },
	{ "BOM only", "\xEF\xBB\xBF", 0, 0, "EOF" },
	{ "blank lines skipped", "\na\n\n\r\n\nb\n\n", 0, 0,
	    "2:[a]\n6:[b]\nEOF" },
	{ "spaces kept", " a , b ,\" c \"\n", 0, 0, "1:[ a ][ b ][ c ]\nEOF" },
	{ "space-only line", " \n", 0, 0, "1:[ ]\nEOF" },
	{ "NUL in a field", "a\0b,c\n", 6, 0, "1:[a\\0b][c]\nEOF" },
	{ "UTF-8 kept", "caf\xC3\xA9,\xF0\x9F\x98\x80\n", 0, 0,
	    "1:[caf\xC3\xA9][\xF0\x9F\x98\x80]\nEOF" },
	{ "unterminated quote", "a,b\n\"c,d\ne\n", 0, 0,
	    "1:[a][b]\nE-5@2\nEOF" },
	{ "unterminated quote, no newline", "\"abc", 0, 0, "E-5@1\nEOF" },
	{ "text after closing quote", "\"a\"x,y\nb,c\n", 0, 0,
	    "E-1@1\n2:[b][c]\nEOF" },
	{ "quote inside a bare field", "a\"b,c\nd\n", 0, 0,
	    "E-1@1\n2:[d]\nEOF" },
	{ "error on a later line", "a\n\"b\nc\"d\ne\n", 0, 0,
	    "1:[a]\nE-1@2\n4:[e]\nEOF" },
	{ "bare CR", "a\rb\nc\n", 0, 0, "E-1@1\n2:[c]\nEOF" },
	{ "bare CR before CRLF", "a,b\r\r\nc\n", 0, 0, "E-1@1\n2:[c]\nEOF" },
	{ "bare CR at line start", "\ra,b\nc\n", 0, 0, "E-1@1\n2:[c]\nEOF" },
	{ "CR ends a row mid-line at EOF", "a\rb", 0, 0, "E-1@1\nEOF" },
	{ "CR ends a row, the rest opens a quote", "id\n1\r\"b\nc\"\n2\n", 0, 0,
	    "1:[id]\nE-1@2\nE-1@3\n4:[2]\nEOF" },
	{ "line over the maximum", "a,b\n" LONG40 "\nc,d\n", 0, 16,
	    "1:[a][b]\nE-2@2\n3:[c][d]\nEOF" },
	{ "row over the maximum across lines",
	    "\"aaaaaaaaaa\nbbbbbbbbbb\",c\nx,y\n", 0, 16,
	    "E-2@1\n3:[x][y]\nEOF" },
	{ "row exactly the maximum", "1234567\n12345678\nab\n", 0, 8,
	    "1:[1234567]\nE-2@2\n3:[ab]\nEOF" },
	{ "last line over the maximum", "ab\n" LONG40, 0, 16,
	    "1:[ab]\nE-2@2\nEOF" },
};

static void
test_cases(void)
{
	struct buf o;
	char path[256];
	size_t i, n;

	buf_init(&o, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		UNIT_CASE(cases[i].name);
		n = cases[i].len ? cases[i].len : strlen(cases[i].in);
		put_temp(path, sizeof(path), cases[i].in, n);
		transcript(path, cases[i].max, &o);
		CHECK_EQ_STR(o.data, cases[i].want);
		unlink(path);
	}
	UNIT_CASE(NULL);
	buf_free(&o);
}

/* csvr_raw gives each row's (or failed row's) exact bytes. */
static void
test_raw(void)
{
	static const char in[] = "\xEF\xBB\xBFh\n\n\"x\ny\",z\r\n\n"
	    "plain\n\"a\"x\nlast";
	static const char *raws[] = { "\xEF\xBB\xBFh\n", "\"x\ny\",z\r\n",
	    "plain\n", "\"a\"x\n", "last" };
	static const long lines[] = { 1, 3, 6, 7, 8 };
	static const int rcs[] = { 1, 1, 1, CSVR_EPARSE, 1 };
	const char *path = put_file("raw.csv", in, sizeof(in) - 1);
	struct input *in_ = in_open(path);
	struct csvr *r = csvr_new(in_, 0);
	const struct buf *raw;
	size_t i;

	for (i = 0; i < 5; i++) {
		CHECK_EQ_INT(csvr_next(r), rcs[i]);
		CHECK_EQ_INT(csvr_line(r), lines[i]);
		raw = csvr_raw(r);
		CHECK_EQ_MEM(raw->data, raw->len, raws[i]);
	}
	CHECK(strstr(csvr_error(r), "quot") != NULL);
	CHECK_EQ_INT(csvr_next(r), 0);
	CHECK_EQ_INT(csvr_next(r), 0);
	csvr_free(r);
	in_close(in_);
}

/* A first line read by the caller and handed back with csvr_unread. */
static void
test_unread(void)
{
	static const char in1[] = "\xEF\xBB\xBFid,text\n1,\"multi\nline\"\n"
	    "2,x\n";
	static const char in2[] = "\"a\nb\",c\nd\n";
	struct input *in;
	struct csvr *r;
	struct buf line, o;

	buf_init(&line, 1024);
	buf_init(&o, 0);
	in = in_open(put_file("unread1.csv", in1, sizeof(in1) - 1));
	CHECK_EQ_INT(in_getline(in, &line), 1);
	r = csvr_new(in, 1024);
	CHECK_EQ_INT(csvr_unread(r, line.data, line.len, in_lineno(in)), 0);
	CHECK_EQ_INT(csvr_next(r), 1);
	CHECK_EQ_MEM(csvr_raw(r)->data, csvr_raw(r)->len,
	    "\xEF\xBB\xBFid,text\n");
	add_row(&o, r);
	drain(r, &o);
	CHECK_EQ_STR(o.data, "1:[id][text]\n2:[1][multi\\nline]\n4:[2][x]\n"
	    "EOF");
	csvr_free(r);
	in_close(in);

	/* The handed-back line opens a quote closed by the input. */
	buf_reset(&o);
	in = in_open(put_file("unread2.csv", in2, sizeof(in2) - 1));
	CHECK_EQ_INT(in_getline(in, &line), 1);
	r = csvr_new(in, 1024);
	CHECK_EQ_INT(csvr_unread(r, line.data, line.len, in_lineno(in)), 0);
	CHECK_EQ_INT(csvr_next(r), 1);
	CHECK_EQ_MEM(csvr_raw(r)->data, csvr_raw(r)->len, "\"a\nb\",c\n");
	add_row(&o, r);
	drain(r, &o);
	CHECK_EQ_STR(o.data, "1:[a\\nb][c]\n3:[d]\nEOF");
	csvr_free(r);
	in_close(in);
	buf_free(&line);
	buf_free(&o);
}

/* More fields than the first allocation, and rows across buffer refills. */
static void
test_large(void)
{
	struct buf in, o;
	struct input *inp;
	struct csvr *r;
	long i, rows = 0, bad = 0;
	char want[64];
	int rc;

	buf_init(&in, 0);
	buf_init(&o, 0);
	for (i = 0; i < 999; i++)
		buf_adds(&in, "f,");
	buf_adds(&in, "f\n");
	for (i = 2; i <= 100000; i++)
		buf_printf(&in, "%ld,\"text %ld\nmore\"\n", i, i);
	inp = in_open(put_file("large.csv", in.data, in.len));
	r = csvr_new(inp, 4096);
	CHECK_EQ_INT(csvr_next(r), 1);
	CHECK_EQ_INT(csvr_nfields(r), 1000);
	CHECK_EQ_MEM(csvr_fields(r)[999].p, csvr_fields(r)[999].len, "f");
	while ((rc = csvr_next(r)) == 1) {
		rows++;
		snprintf(want, sizeof(want), "text %ld\nmore", rows + 1);
		if (csvr_nfields(r) != 2 || csvr_line(r) != 2 * rows ||
		    csvr_fields(r)[1].len != strlen(want) ||
		    memcmp(csvr_fields(r)[1].p, want, strlen(want)) != 0)
			bad++;
	}
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(rows, 99999);
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(in_offset(inp), in.len);
	csvr_free(r);
	in_close(inp);
	buf_free(&in);
	buf_free(&o);
}

static int
zstd_file(const char *src, const char *dst)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "zstd -q -f -o '%s' '%s'", dst, src);
	return system(cmd);
}

/* Compressed input is detected by its magic and read like plain input. */
static void
test_zstd(void)
{
	static const char csv[] = "\xEF\xBB\xBFh1,h2\n\"x\ny\",z\r\n\n"
	    "last,row";
	char plain[256], zst[256], cmd[800];
	struct buf want, got;
	struct input *in;
	FILE *fp;
	long size;
	char *data, *p;
	int i;

	buf_init(&want, 0);
	buf_init(&got, 0);
	snprintf(plain, sizeof(plain), "%s", put_file("z.csv", csv,
	    sizeof(csv) - 1));
	snprintf(zst, sizeof(zst), "%s/z.csv.zst", tmpdir);
	CHECK_EQ_INT(zstd_file(plain, zst), 0);
	transcript(plain, 0, &want);
	CHECK_EQ_STR(want.data, "1:[h1][h2]\n2:[x\\ny][z]\n5:[last][row]\nEOF");
	transcript(zst, 0, &got);
	CHECK_EQ_STR(got.data, want.data);

	in = in_open(zst);
	CHECK(in != NULL && in_is_zstd(in));
	in_close(in);
	in = in_open(plain);
	CHECK(in != NULL && !in_is_zstd(in));
	in_close(in);

	/* Two frames one after the other read as one stream. */
	snprintf(plain, sizeof(plain), "%s", put_file("q.csv", "p,q\n", 4));
	snprintf(cmd, sizeof(cmd), "%s/q.csv.zst", tmpdir);
	CHECK_EQ_INT(zstd_file(plain, cmd), 0);
	snprintf(plain, sizeof(plain), "%s/two.zst", tmpdir);
	snprintf(cmd, sizeof(cmd), "cat '%s/q.csv.zst' '%s' > '%s'", tmpdir,
	    zst, plain);
	CHECK_EQ_INT(system(cmd), 0);
	transcript(plain, 0, &got);
	CHECK_EQ_STR(got.data, "1:[p][q]\n2:[\xEF\xBB\xBFh1][h2]\n"
	    "3:[x\\ny][z]\n6:[last][row]\nEOF");

	/* A large file crosses many decompression buffers. */
	buf_reset(&want);
	for (i = 1; i <= 60000; i++)
		buf_printf(&want, "%d,\"v%d\nw\"\n", i, i);
	snprintf(plain, sizeof(plain), "%s", put_file("big.csv", want.data,
	    want.len));
	snprintf(zst, sizeof(zst), "%s/big.csv.zst", tmpdir);
	CHECK_EQ_INT(zstd_file(plain, zst), 0);
	transcript(plain, 0, &want);
	transcript(zst, 0, &got);
	CHECK(want.len > 1000000);
	CHECK(got.len == want.len && memcmp(got.data, want.data,
	    want.len) == 0);

	/* Truncated and corrupt frames are read errors, not data. */
	fp = fopen(zst, "rb");
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	data = malloc((size_t)size);
	CHECK(fread(data, 1, (size_t)size, fp) == (size_t)size);
	fclose(fp);
	transcript(put_file("trunc.zst", data, (size_t)size / 2), 0, &got);
	p = strstr(got.data, "E-3@");
	CHECK(p != NULL && p[strcspn(p, "\n") + 1] == '\0');
	CHECK(p != NULL && p - got.data > 1000 &&
	    memcmp(got.data, want.data, (size_t)(p - got.data)) == 0);
	memset(data + 20, 0x55, (size_t)size - 40);
	transcript(put_file("corrupt.zst", data, (size_t)size), 0, &got);
	CHECK(strstr(got.data, "E-3@") != NULL);
	CHECK(strstr(got.data, "EOF") == NULL);
	transcript(put_file("magic.zst", "\x28\xB5\x2F\xFD", 4), 0, &got);
	CHECK(strncmp(got.data, "E-3@", 4) == 0);
	free(data);
	buf_free(&want);
	buf_free(&got);
}

static void
test_open(void)
{
	char path[300];
	struct input *in;
	struct buf line;

	snprintf(path, sizeof(path), "%s/missing.csv", tmpdir);
	errno = 0;
	CHECK(in_open(path) == NULL);
	CHECK_EQ_INT(errno, ENOENT);
	errno = 0;
	CHECK(in_open(tmpdir) == NULL);
	CHECK_EQ_INT(errno, EISDIR);
	in_close(NULL);

	/* Shorter than the 4-byte magic probe. */
	buf_init(&line, 0);
	snprintf(path, sizeof(path), "%s", put_file("short.csv", "a\nb", 3));
	in = in_open(path);
	CHECK(in != NULL);
	CHECK_EQ_STR(in_name(in), path);
	CHECK_EQ_INT(in_getline(in, &line), 1);
	CHECK_EQ_MEM(line.data, line.len, "a\n");
	CHECK_EQ_INT(in_getline(in, &line), 1);
	CHECK_EQ_MEM(line.data, line.len, "b");
	CHECK_EQ_INT(in_lineno(in), 2);
	CHECK_EQ_INT(in_getline(in, &line), 0);
	CHECK_EQ_INT(in_offset(in), 3);
	CHECK_EQ_INT(in_bytes_read(in), 3);
	in_close(in);
	buf_free(&line);
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_cases();
	test_raw();
	test_unread();
	test_large();
	test_zstd();
	test_open();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	UNIT_MAIN_END();
}
