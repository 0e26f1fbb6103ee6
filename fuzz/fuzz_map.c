/*
 * fuzz_map: the input of et-ingest --map programs, through lib/jqmap and
 * the map format of lib/source.
 *
 * The input is one JSON value, as a row of a vendor export.  The first
 * byte picks one of a few --map programs (a field mapping as in
 * et-ingest(1), the identity, one that emits several objects, one that
 * emits non-objects); the rest is the row.  As et-ingest does, each output
 * of the program that is an object is mapped with src_map(SF_MAP) and
 * written with record_write.
 * Checks: jq errors come with a message; every record written parses and
 * passes record_check, as every record et-ingest writes must.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/jqmap.h"
#include "lib/record.h"
#include "lib/rowview.h"
#include "lib/source.h"

static const char *const programs[] = {
	"{text: .msg, author: .user, created_at: .ts, platform: \"tiktok\","
	" likes: .likes, post_id: .post, id: .id}",
	".",
	".items[]? // empty",
	"{text: .text, created_at: .created_at, post: .post, context: .context,"
	" parent_id: .parent_id, replies: .replies} , .text , 1",
};
#define NPROG	(sizeof(programs) / sizeof(programs[0]))

struct ctx {
	struct jdoc	 out, scratch, check;
	struct buf	 raw, rec;
	struct src_opts	 so;
	struct src_stats st;
};

static int
emit(void *ctxp, struct comment *c)
{
	struct ctx *x = ctxp;
	struct jerr e;
	char msg[200];
	int64_t t;

	buf_reset(&x->rec);
	if (record_write(&x->rec, c) < 0)
		return 1;
	if (json_parse(&x->check, x->rec.data, x->rec.len - 1, &e) != JSON_OK)
		abort();
	if (record_check(x->check.root, &t, msg, sizeof(msg)) < 0 ||
	    t != c->created_at)
		abort();
	return 0;
}

static int
on_output(void *ctxp, const char *json, size_t len)
{
	struct ctx *x = ctxp;
	struct rowview v = { 0 };
	struct jerr e;
	char msg[256];
	int rc;

	if (json_parse(&x->out, json, len, &e) != JSON_OK)
		abort();	/* jq's own output is valid JSON */
	if (x->out.root->kind != J_OBJ)
		return 0;	/* et-ingest rejects it */
	v.obj = x->out.root;
	json_doc_reset(&x->scratch);
	msg[0] = '\0';
	rc = src_map(SF_MAP, &v, &x->so, &x->scratch, &x->raw, "fuzz", 1,
	    emit, x, msg, sizeof(msg));
	if (rc == SRC_EDATA && msg[0] == '\0')
		abort();
	return 0;
}

static struct jqmap *maps[NPROG];

/* The programs live for the whole process; freed at exit for LSan. */
static void
free_maps(void)
{
	size_t i;

	for (i = 0; i < NPROG; i++)
		jqmap_free(maps[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx x;
	char err[512], msg[512];
	size_t i;
	int rc;

	if (size < 1 || size > 65536)
		return 0;
	if (maps[0] == NULL)
		atexit(free_maps);
	for (i = 0; i < NPROG; i++)
		if (maps[i] == NULL &&
		    (maps[i] = jqmap_new(programs[i], err, sizeof(err))) == NULL)
			abort();
	memset(&x, 0, sizeof(x));
	json_doc_init(&x.out, (size_t)1 << 24);
	json_doc_init(&x.scratch, 0);
	json_doc_init(&x.check, 0);
	buf_init(&x.raw, 0);
	buf_init(&x.rec, 0);
	x.so.stats = &x.st;
	msg[0] = '\0';
	rc = jqmap_run(maps[data[0] % NPROG], (const char *)data + 1, size - 1,
	    on_output, &x, msg, sizeof(msg));
	if (rc == -1 && msg[0] == '\0')
		abort();
	json_doc_free(&x.out);
	json_doc_free(&x.scratch);
	json_doc_free(&x.check);
	buf_free(&x.raw);
	buf_free(&x.rec);
	return 0;
}
