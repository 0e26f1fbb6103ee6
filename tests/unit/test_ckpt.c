/*
 * Unit tests for lib/ckpt (checkpoints), the resumable outputs of
 * lib/output (out_open_part, out_commit) and in_skip of lib/input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/ckpt.h"
#include "lib/input.h"
#include "lib/output.h"
#include "unit.h"

static char dir[] = "/tmp/et-test-ckpt.XXXXXX";
static char path[256], in1[256], outp[256];

static char *const argv1[] = { "et-x", "a", "-o", "out", NULL };
static char *const argv2[] = { "et-x", "a", "-o", "out2", NULL };

struct vars {
	uint8_t		 u8;
	uint16_t	 u16;
	uint32_t	 u32;
	uint64_t	 u64;
	unsigned long	 ul;
	int		 status;
};

struct lines {
	char		 got[8][64];
	int		 n, firsts;
	int		 fail_at;	/* return -1 at this line (1-based) */
};

static int
save(void *ctx, struct buf *b)
{
	(void)ctx;
	return buf_adds(b, "first\nsecond line\n\nlast\n");
}

static int
load(void *ctx, const char *line, size_t len, int first, char *msg,
    size_t msglen)
{
	struct lines *l = ctx;

	if (l->n < 8)
		snprintf(l->got[l->n], sizeof(l->got[0]), "%.*s", (int)len,
		    line);
	l->n++;
	l->firsts += first;
	if (l->n == l->fail_at) {
		snprintf(msg, msglen, "no good");
		return -1;
	}
	return 0;
}

static void
write_file(const char *p, const char *s)
{
	FILE *f = fopen(p, "w");

	fputs(s, f);
	fclose(f);
}

static struct ckpt *
make(char *const *argv, struct vars *v)
{
	struct ckpt *c = ckpt_new(path, "et-x", 4, argv);

	CHECK(c != NULL);
	CHECK_EQ_INT(ckpt_add_file(c, in1), 0);
	CHECK_EQ_INT(ckpt_add_file(c, "-"), 0);
	CHECK_EQ_INT(CKPT_VAR(c, "u8", v->u8), 0);
	CHECK_EQ_INT(CKPT_VAR(c, "u16", v->u16), 0);
	CHECK_EQ_INT(CKPT_VAR(c, "u32", v->u32), 0);
	CHECK_EQ_INT(CKPT_VAR(c, "u64", v->u64), 0);
	CHECK_EQ_INT(CKPT_VAR(c, "ul", v->ul), 0);
	CHECK_EQ_INT(CKPT_VAR(c, "status", v->status), 0);
	c->nouts = 2;
	return c;
}

static void
test_round_trip(void)
{
	struct vars v = { 200, 60000, 4000000000u, UINT64_MAX, 12345, 1 };
	struct vars w = { 0 };
	struct lines l = { 0 };
	struct ckpt *c, *d;
	char msg[300];

	UNIT_CASE("round trip");
	c = make(argv1, &v);
	CHECK_EQ_INT(ckpt_load(c, load, &l, msg, sizeof(msg)), CKPT_NONE);
	c->pos = (struct ckpt_pos){ 1, 1000, 20, 19, 77 };
	c->outs[0] = (struct out_mark){ 555, 0xFFFFFFFFFFFFFFFFULL };
	c->outs[1] = (struct out_mark){ 0, 0 };
	CHECK_EQ_INT(ckpt_commit(c, 0, save, NULL), 0);
	d = make(argv1, &w);
	CHECK_EQ_INT(ckpt_load(d, load, &l, msg, sizeof(msg)), CKPT_RESUME);
	CHECK(memcmp(&c->pos, &d->pos, sizeof(c->pos)) == 0);
	CHECK(memcmp(c->outs, d->outs, sizeof(c->outs)) == 0);
	CHECK(v.u8 == w.u8 && v.u16 == w.u16 && v.u32 == w.u32 &&
	    v.u64 == w.u64 && v.ul == w.ul && v.status == w.status);
	CHECK_EQ_INT(l.n, 4);
	CHECK_EQ_INT(l.firsts, 1);
	CHECK_EQ_STR(l.got[1], "second line");
	CHECK_EQ_STR(l.got[2], "");
	CHECK_EQ_STR(l.got[3], "last");
	/* a state line the program refuses */
	l = (struct lines){ .fail_at = 2 };
	CHECK_EQ_INT(ckpt_load(d, load, &l, msg, sizeof(msg)), CKPT_EBAD);
	CHECK(strstr(msg, "state line 3: no good") != NULL);
	/* another command line */
	ckpt_free(d);
	d = make(argv2, &w);
	CHECK_EQ_INT(ckpt_load(d, load, &l, msg, sizeof(msg)), CKPT_EBAD);
	CHECK(strstr(msg, "another command line") != NULL);
	ckpt_free(d);
	/* another version */
	d = make(argv1, &w);
	d->version = "9.9";
	CHECK_EQ_INT(ckpt_load(d, load, &l, msg, sizeof(msg)), CKPT_EBAD);
	CHECK(strstr(msg, "another version") != NULL);
	ckpt_free(d);
	/* a changed input */
	sleep(0);
	write_file(in1, "changed, longer\n");
	d = make(argv1, &w);
	CHECK_EQ_INT(ckpt_load(d, load, &l, msg, sizeof(msg)), CKPT_EBAD);
	CHECK(strstr(msg, "has changed since checkpoint") != NULL);
	ckpt_free(d);
	/* a finished run's checkpoint: start afresh; then removed */
	write_file(in1, "input\n");
	ckpt_free(c);
	c = make(argv1, &v);
	CHECK_EQ_INT(ckpt_commit(c, 1, save, NULL), 0);
	d = make(argv1, &w);
	CHECK_EQ_INT(ckpt_load(d, load, &l, msg, sizeof(msg)), CKPT_NONE);
	CHECK_EQ_INT(ckpt_remove(d), 0);
	CHECK(access(path, F_OK) < 0 && errno == ENOENT);
	CHECK_EQ_INT(ckpt_remove(d), 0);
	ckpt_free(c);
	ckpt_free(d);
	UNIT_CASE(NULL);
}

/* Parses text as the checkpoint of make(argv1); returns the result. */
static int
parse(const char *text, char *msg, size_t msglen)
{
	struct vars w = { 0 };
	struct lines l = { 0 };
	struct ckpt *c = make(argv1, &w);
	int rc;

	msg[0] = '\0';
	rc = ckpt_parse(c, text, strlen(text), load, &l, msg, msglen);
	ckpt_free(c);
	return rc;
}

static void
test_parse_errors(void)
{
	struct vars v = { 1, 2, 3, 4, 5, 0 };
	struct ckpt *c = make(argv1, &v);
	struct buf good;
	char msg[300], text[4096], *p;
	static const struct {
		const char	*from, *to, *want;
	} cases[] = {
		{ "\"u8\":1", "\"u8\":256", "bad counter 'u8'" },
		{ "\"u16\":2", "\"u16\":-2", "bad counter 'u16'" },
		{ "\"u64\":4", "\"u64\":18446744073709551616", "bad counter" },
		{ "\"ul\":5", "\"ul\":5.5", "bad counter 'ul'" },
		{ "\"status\":0", "\"other\":0", "bad counter 'status'" },
		{ "\"pos\":[1,", "\"pos\":[2,", "bad position" },
		{ "\"pos\":[1,", "\"pos\":[1,2,", "bad position" },
		{ "\"outputs\":[[", "\"outputs\":[[1],[", "bad outputs" },
		{ "\"state\":2", "\"state\":3", "state is truncated" },
		{ "\"done\":false", "\"done\":0", "no done flag" },
		{ "\"prog\":\"et-x\"", "\"prog\":\"et-y\"",
		    "written by et-y, not et-x" },
		{ "\"et_checkpoint\":1", "\"et_checkpoint\":2",
		    "not an et checkpoint" },
		{ "{", "[", "not an et checkpoint" },
		{ ",-1,0,0]]", ",7,0,0]]", "has changed" },
	};
	size_t i, n;

	c->pos = (struct ckpt_pos){ 1, 10, 2, 2, 2 };
	buf_init(&good, 0);
	CHECK_EQ_INT(ckpt_header(c, 0, 2, &good), 0);
	CHECK_EQ_INT(buf_adds(&good, "a\nb\n"), 0);
	CHECK_EQ_INT(parse(good.data, msg, sizeof(msg)), CKPT_RESUME);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		UNIT_CASE(cases[i].to);
		p = strstr(good.data, cases[i].from);
		CHECK(p != NULL);
		if (p == NULL)
			continue;
		n = (size_t)(p - good.data);
		snprintf(text, sizeof(text), "%.*s%s%s", (int)n, good.data,
		    cases[i].to, p + strlen(cases[i].from));
		CHECK_EQ_INT(parse(text, msg, sizeof(msg)), CKPT_EBAD);
		CHECK(strstr(msg, cases[i].want) != NULL);
	}
	UNIT_CASE("no newline");
	CHECK_EQ_INT(parse("{\"et_checkpoint\":1}", msg, sizeof(msg)),
	    CKPT_EBAD);
	CHECK(strstr(msg, "no header") != NULL);
	UNIT_CASE("state without its last newline");
	good.data[good.len - 1] = '\0';
	CHECK_EQ_INT(parse(good.data, msg, sizeof(msg)), CKPT_EBAD);
	UNIT_CASE(NULL);
	buf_free(&good);
	ckpt_free(c);
}

static void
test_load_files(void)
{
	struct vars v = { 0 };
	struct ckpt *c = make(argv1, &v);
	char msg[300], cmd[600];

	UNIT_CASE("not zstd");
	write_file(path, "{\"et_checkpoint\":1}\n");
	CHECK_EQ_INT(ckpt_load(c, NULL, NULL, msg, sizeof(msg)), CKPT_EBAD);
	CHECK(strstr(msg, "is not an et checkpoint") != NULL);
	UNIT_CASE("truncated");
	CHECK_EQ_INT(ckpt_commit(c, 0, save, NULL), 0);
	CHECK_EQ_INT(truncate(path, 30), 0);
	CHECK_EQ_INT(ckpt_load(c, NULL, NULL, msg, sizeof(msg)), CKPT_EBAD);
	CHECK(strstr(msg, "is corrupt: truncated") != NULL);
	UNIT_CASE("a directory");
	unlink(path);
	CHECK_EQ_INT(mkdir(path, 0700), 0);
	CHECK_EQ_INT(ckpt_load(c, NULL, NULL, msg, sizeof(msg)), CKPT_ESYS);
	CHECK(strstr(msg, "cannot open checkpoint") != NULL);
	CHECK_EQ_INT(ckpt_commit(c, 0, save, NULL), -1);
	rmdir(path);
	snprintf(cmd, sizeof(cmd), "rm -f %s.part", path);
	CHECK_EQ_INT(system(cmd), 0);
	UNIT_CASE(NULL);
	ckpt_free(c);
}

static void
test_part_outputs(void)
{
	struct output *o;
	struct out_mark m, m2;
	struct stat st;
	int mismatch;
	char part[300];

	snprintf(part, sizeof(part), "%s.part", outp);
	UNIT_CASE("fresh part, commit, more");
	o = out_open_part(outp, 0, NULL, &mismatch);
	CHECK(o != NULL);
	CHECK_EQ_STR(out_part_path(o), part);
	CHECK_EQ_INT(out_write(o, "hello\n", 6), 0);
	CHECK_EQ_INT(out_commit(o, &m), 0);
	CHECK_EQ_INT(m.len, 6);
	CHECK_EQ_INT(out_write(o, "lost\n", 5), 0);
	CHECK_EQ_INT(out_flush(o), 0);
	out_abort(o);	/* a part file is kept */
	CHECK_EQ_INT(stat(part, &st), 0);
	CHECK_EQ_INT(st.st_size, 11);
	UNIT_CASE("resumed at the mark");
	o = out_open_part(outp, 0, &m, &mismatch);
	CHECK(o != NULL);
	CHECK_EQ_INT(out_write(o, "world\n", 6), 0);
	CHECK_EQ_INT(out_commit(o, &m2), 0);
	CHECK_EQ_INT(m2.len, 12);
	CHECK_EQ_INT(out_close(o), 0);
	CHECK_EQ_INT(stat(outp, &st), 0);
	CHECK_EQ_INT(st.st_size, 12);
	CHECK(access(part, F_OK) < 0);
	UNIT_CASE("a part that does not match");
	o = out_open_part(outp, 0, NULL, &mismatch);
	CHECK_EQ_INT(out_write(o, "hello\n", 6), 0);
	CHECK_EQ_INT(out_commit(o, &m), 0);
	out_abort(o);
	write_file(part, "jello\n");
	CHECK(out_open_part(outp, 0, &m, &mismatch) == NULL);
	CHECK_EQ_INT(mismatch, 1);
	write_file(part, "hell");
	CHECK(out_open_part(outp, 0, &m, &mismatch) == NULL);
	CHECK_EQ_INT(mismatch, 1);
	CHECK_EQ_INT(stat(part, &st), 0);
	CHECK_EQ_INT(st.st_size, 4);	/* left as it was */
	unlink(part);
	unlink(outp);
	UNIT_CASE(NULL);
}

static void
test_skip(void)
{
	char plain[300], zst[300], cmd[700];
	struct buf line;
	struct input *in;
	const char *names[2] = { plain, zst };
	int i;

	snprintf(plain, sizeof(plain), "%s/lines", dir);
	snprintf(zst, sizeof(zst), "%s/lines.zst", dir);
	write_file(plain, "one\ntwo\nthree\nfour\n");
	snprintf(cmd, sizeof(cmd), "zstd -q -f %s -o %s", plain, zst);
	if (system(cmd) != 0)
		zst[0] = '\0';
	buf_init(&line, 0);
	for (i = 0; i < 2; i++) {
		if (names[i][0] == '\0')
			continue;
		UNIT_CASE(names[i]);
		CHECK((in = in_open(names[i])) != NULL);
		CHECK_EQ_INT(in_skip(in, 8, 2), 0);
		CHECK_EQ_INT(in_getline(in, &line), 1);
		CHECK_EQ_MEM(line.data, line.len, "three\n");
		CHECK_EQ_INT(in_lineno(in), 3);
		CHECK_EQ_INT(in_offset(in), 14);
		in_close(in);
		CHECK((in = in_open(names[i])) != NULL);
		CHECK_EQ_INT(in_skip(in, 19, 4), 0);
		CHECK_EQ_INT(in_getline(in, &line), 0);
		in_close(in);
	}
	UNIT_CASE("past the end of zstd input");
	if (zst[0] != '\0') {
		in = in_open(zst);
		CHECK_EQ_INT(in_skip(in, 100, 0), -1);
		CHECK_EQ_STR(in_error(in), "input ends before the checkpoint");
		in_close(in);
	}
	UNIT_CASE(NULL);
	buf_free(&line);
	unlink(plain);
	unlink(zst);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/ck", dir);
	snprintf(in1, sizeof(in1), "%s/a", dir);
	snprintf(outp, sizeof(outp), "%s/out", dir);
	write_file(in1, "input\n");
	test_round_trip();
	test_parse_errors();
	test_load_files();
	test_part_outputs();
	test_skip();
	unlink(in1);
	unlink(path);
	rmdir(dir);
	UNIT_MAIN_END();
}
