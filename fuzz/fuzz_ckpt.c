/*
 * fuzz_ckpt: checkpoint files through lib/ckpt, with et-agg's state.
 *
 * The input is the decoded text of a checkpoint: a header line and lines
 * of state.  It is parsed as et-agg's checkpoint for the command line
 * "et-agg in.ndjson -o out.json --checkpoint ck" (in.ndjson does not
 * exist, so its identity is size -1), the state lines merged into an
 * agg_new_merge() state as et-agg does.
 * Checks: a bad checkpoint gives a message; a good one, written out again
 * (header and the state as agg_write_partial writes it) and parsed anew,
 * gives the same position, counters and outputs, and the same state.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/agg.h"
#include "lib/ckpt.h"
#include "lib/json.h"

static char *const argv[] = { "et-agg", "in.ndjson", "-o", "out.json",
	"--checkpoint", "ck", NULL };

struct run {
	struct agg	*a;
	uint64_t	 in, out, status;
	unsigned long	 skipped;
	long		 nline;
};

static struct ckpt *
setup(struct run *r)
{
	struct ckpt *c = ckpt_new("ck", "et-agg", 6, argv);

	memset(r, 0, sizeof(*r));
	r->a = agg_new_merge(100000);
	if (c == NULL || r->a == NULL)
		abort();
	c->version = "fuzz";
	if (ckpt_add_file(c, "in.ndjson") < 0 ||
	    CKPT_VAR(c, "in", r->in) < 0 || CKPT_VAR(c, "out", r->out) < 0 ||
	    CKPT_VAR(c, "status", r->status) < 0 ||
	    CKPT_VAR(c, "skipped", r->skipped) < 0 ||
	    CKPT_VAR(c, "nline", r->nline) < 0)
		abort();
	c->nouts = 1;
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r1, r2;
	struct ckpt *c1 = setup(&r1), *c2 = setup(&r2);
	struct buf text, s1, s2;
	char msg[600];
	size_t i, n = 0;
	int rc;

	buf_init(&text, 0);
	buf_init(&s1, 0);
	buf_init(&s2, 0);
	msg[0] = '\0';
	rc = ckpt_parse(c1, (const char *)data, size, agg_merge_text, r1.a, msg,
	    sizeof(msg));
	if (rc == CKPT_EBAD && msg[0] == '\0')
		abort();
	if (rc != CKPT_RESUME)
		goto out;
	/* written again, it reads back the same */
	if (agg_write_partial(r1.a, &s1) < 0)
		goto out;
	for (i = 0; i < s1.len; i++)
		n += s1.data[i] == '\n';
	if (ckpt_header(c1, 0, n, &text) < 0 ||
	    buf_add(&text, s1.data, s1.len) < 0)
		goto out;
	rc = ckpt_parse(c2, text.data, text.len, agg_merge_text, r2.a, msg,
	    sizeof(msg));
	if (rc == CKPT_ENOMEM)
		goto out;
	if (rc != CKPT_RESUME)
		abort();
	if (memcmp(&c1->pos, &c2->pos, sizeof(c1->pos)) != 0 ||
	    memcmp(c1->outs, c2->outs, sizeof(c1->outs)) != 0 ||
	    r1.in != r2.in || r1.out != r2.out || r1.status != r2.status ||
	    r1.skipped != r2.skipped || r1.nline != r2.nline)
		abort();
	if (agg_write_partial(r2.a, &s2) < 0)
		goto out;
	if (s1.len != s2.len || memcmp(s1.data, s2.data, s1.len) != 0)
		abort();
out:
	buf_free(&text);
	buf_free(&s1);
	buf_free(&s2);
	agg_free(r1.a);
	agg_free(r2.a);
	ckpt_free(c1);
	ckpt_free(c2);
	return 0;
}
