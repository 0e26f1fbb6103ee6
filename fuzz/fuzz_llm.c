/*
 * fuzz_llm: the answers of a chat-completions endpoint through lib/llm.
 *
 * The input is a response body.  It is read with llm_parse_reply for a
 * fixed batch of three comments, asking about 0, 1 and 2 entities, as
 * et-enrich --llm reads each reply.  When the body is itself a JSON
 * object, it is also checked with llm_parse_result for each comment, as an
 * answer read back from the cache is.
 * Checks: the count returned is that of ok[]; a reply refused whole says
 * why and accepts nothing; every comment not accepted was warned about,
 * and no accepted one was; an accepted answer is in range and leaves the
 * slots of entities not asked about at 0; written with llm_answer_json
 * and checked again, it gives the same answer and the same text.  A
 * failed check calls abort().
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/llm.h"

#define NITEMS	3

static const char t1[] = "what a lovely evening \xF0\x9F\x8C\x85";
static const char t2[] = "Mara Quinn carried the whole season";
static const char t3[] = "Mara Quinn > Jonah Vellacourt, sorry not sorry";

static const struct llm_item items[NITEMS] = {
	{ "instagram:1", 11, t1, sizeof(t1) - 1, { NULL }, 0 },
	{ "instagram:2", 11, t2, sizeof(t2) - 1, { "Mara Quinn" }, 1 },
	{ "x", 1, t3, sizeof(t3) - 1, { "Mara Quinn", "Jonah Vellacourt" },
	    2 },
};

struct warned {
	int	 item[NITEMS];
	int	 unknown;
};

static void
on_warn(void *ctx, const struct llm_item *it, const char *msg)
{
	struct warned *w = ctx;
	size_t k;

	if (msg == NULL || msg[0] == '\0')
		abort();
	if (it == NULL) {
		w->unknown++;
		return;
	}
	/* the item handed back is one of ours, not a copy */
	for (k = 0; k < NITEMS && it != &items[k]; k++)
		;
	if (k == NITEMS)
		abort();
	w->item[k]++;
}

/* lo <= v <= hi, false for NaN. */
static int
within(double v, double lo, double hi)
{
	return v >= lo && v <= hi;
}

static void
check_answer(const struct llm_item *it, const struct llm_answer *a)
{
	size_t k;

	if (!within(a->sentiment, -1, 1) || !within(a->toxicity, 0, 1) ||
	    (a->sarcasm != 0 && a->sarcasm != 1))
		abort();
	for (k = 0; k < LLM_MAX_ENTS; k++)
		if (k < it->nents ? !within(a->ent[k], -1, 1) : a->ent[k] != 0)
			abort();
	for (k = 0; k < EM_COUNT; k++)
		if (!within(a->emotion[k], 0, 1))
			abort();
}

/*
 * The cache keeps an answer as llm_answer_json writes it; that text must
 * pass the same check and mean the same.  %.9g loses digits, hence the
 * tolerance on the first trip; from then on the text is a fixed point.
 */
static void
round_trip(const struct llm_item *it, const struct llm_answer *a)
{
	struct llm_answer b;
	struct buf j1, j2;
	struct jdoc d;
	struct jerr e;
	char msg[200];
	size_t k;

	buf_init(&j1, 0);
	buf_init(&j2, 0);
	json_doc_init(&d, 0);
	if (llm_answer_json(&j1, it, a) < 0)
		goto out;
	if (json_parse(&d, j1.data, j1.len, &e) != JSON_OK)
		abort();
	if (llm_parse_result(d.root, it, &b, msg, sizeof(msg)) < 0)
		abort();
	check_answer(it, &b);
	if (fabs(a->sentiment - b.sentiment) > 1e-9 ||
	    fabs(a->toxicity - b.toxicity) > 1e-9 || a->sarcasm != b.sarcasm)
		abort();
	for (k = 0; k < LLM_MAX_ENTS; k++)
		if (fabs(a->ent[k] - b.ent[k]) > 1e-9)
			abort();
	for (k = 0; k < EM_COUNT; k++)
		if (fabs(a->emotion[k] - b.emotion[k]) > 1e-9)
			abort();
	if (llm_answer_json(&j2, it, &b) < 0)
		goto out;
	if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len) != 0)
		abort();
out:
	json_doc_free(&d);
	buf_free(&j1);
	buf_free(&j2);
}

static void
reply(const char *p, size_t n)
{
	struct llm_answer ans[NITEMS];
	struct warned w;
	char msg[300];
	int ok[NITEMS], rc, good = 0;
	size_t k;

	memset(&w, 0, sizeof(w));
	/* ok[] must be set whatever happens, so start it off as garbage */
	memset(ok, 0x5a, sizeof(ok));
	msg[0] = '\0';
	rc = llm_parse_reply(p, n, items, NITEMS, ans, ok, on_warn, &w, msg,
	    sizeof(msg));
	for (k = 0; k < NITEMS; k++) {
		if (ok[k] != 0 && ok[k] != 1)
			abort();
		good += ok[k];
	}
	if (rc == -2)
		return;
	if (rc == -1) {
		if (msg[0] == '\0' || good != 0 || w.unknown != 0)
			abort();
		for (k = 0; k < NITEMS; k++)
			if (w.item[k] != 0)
				abort();
		return;
	}
	if (rc != good)
		abort();
	for (k = 0; k < NITEMS; k++) {
		if (ok[k] ? w.item[k] != 0 : w.item[k] == 0)
			abort();
		if (ok[k]) {
			check_answer(&items[k], &ans[k]);
			round_trip(&items[k], &ans[k]);
		}
	}
}

/* The body as one answer, as the cache holds them. */
static void
direct(const char *p, size_t n)
{
	struct llm_answer a;
	struct jdoc d;
	struct jerr e;
	char msg[200];
	size_t k;

	json_doc_init(&d, (size_t)64 << 20);
	if (json_parse(&d, p, n, &e) != JSON_OK || d.root->kind != J_OBJ)
		goto out;
	for (k = 0; k < NITEMS; k++) {
		msg[0] = '\0';
		if (llm_parse_result(d.root, &items[k], &a, msg,
		    sizeof(msg)) < 0) {
			if (msg[0] == '\0')
				abort();
			continue;
		}
		check_answer(&items[k], &a);
		round_trip(&items[k], &a);
	}
out:
	json_doc_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* bodies are small; a long one only slows the fuzzer down */
	if (size > (1 << 20))
		return 0;
	reply((const char *)data, size);
	direct((const char *)data, size);
	return 0;
}
