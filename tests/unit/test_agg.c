/*
 * Unit tests for lib/agg: folding records, the top-comment lists, the
 * partial state's round trip, and that adding records and merging states
 * commute (the same bytes whatever the split and the order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/agg.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "tests/unit/unit.h"

/* A record of entity e (NULL: none) with score s and likes l at time t. */
static void
record(struct buf *b, const char *id, const char *t, const char *e,
    double s, int likes, const char *text)
{
	buf_reset(b);
	buf_printf(b, "{\"id\":\"%s\",\"platform\":\"instagram\","
	    "\"post\":{\"id\":\"p1\",\"url\":null,\"caption\":\"c\"},"
	    "\"author\":\"a%s\",\"text\":\"%s\",\"created_at\":\"%s\","
	    "\"likes\":%d,\"discovered\":[\"Jane Roe\"],\"review\":true,"
	    "\"signals\":[{\"type\":\"sentiment\",\"entity\":null,"
	    "\"score\":%.3f,\"weight\":1},"
	    "{\"type\":\"emotion\",\"entity\":null,\"value\":\"joy\"}",
	    id, id, text, t, likes, s);
	if (e != NULL)
		buf_printf(b, ",{\"type\":\"sentiment\",\"entity\":\"%s\","
		    "\"score\":%.3f,\"weight\":1}", e, s);
	buf_adds(b, "]}");
}

static int
add(struct agg *a, struct jdoc *d, const struct buf *b)
{
	struct jerr e;
	char msg[200];

	if (json_parse(d, b->data, b->len, &e) != JSON_OK)
		return -99;
	return agg_add(a, d->root, b->len, msg, sizeof(msg));
}

static struct agg *
fresh(void)
{
	struct agg_spec sp = { 0 };

	sp.weak = 0.3;
	sp.strong = 0.7;
	return agg_new(&sp, 0);
}

/* Merges the partial text p into a; 0 or the first error. */
static int
merge_text(struct agg *a, struct jdoc *d, const char *p)
{
	const char *nl;
	struct jerr e;
	char msg[200];
	int first = 1, rc;

	for (; *p != '\0'; p = nl + 1, first = 0) {
		nl = strchr(p, '\n');
		if (json_parse(d, p, (size_t)(nl - p), &e) != JSON_OK)
			return -99;
		if ((rc = agg_merge_line(a, d->root, (size_t)(nl - p), first,
		    msg, sizeof(msg))) != 0)
			return rc;
	}
	return 0;
}

static const struct {
	const char	*id, *t, *e;
	double		 s;
	int		 likes;
} recs[] = {
	{ "r1", "2025-11-20T10:00:00Z", "Blake Lively", -0.8, 5 },
	{ "r2", "2025-11-20T11:00:00Z", "Blake Lively", 0.4, 50 },
	{ "r3", "2025-11-21T10:00:00Z", "Ryan Reynolds", 0.9, 0 },
	{ "r4", "2025-11-21T12:00:00Z", NULL, 0.1, 7 },
	{ "r5", "2025-11-22T10:00:00Z", "Blake Lively", -0.2, 50 },
	{ "r6", "2025-11-22T23:59:59Z", "Ryan Reynolds", 0.0, 1 },
	{ "r7", "2025-11-23T00:00:00Z", "Blake Lively", 0.75, 2 },
};
#define NRECS	(sizeof(recs) / sizeof(recs[0]))

static void
test_fold(void)
{
	struct agg *a = fresh();
	struct agg_row *const *rows;
	struct jdoc d;
	struct buf b;
	size_t i, n;
	int nent = 0, nday = 0;

	json_doc_init(&d, 0);
	buf_init(&b, 0);
	for (i = 0; i < NRECS; i++) {
		record(&b, recs[i].id, recs[i].t, recs[i].e, recs[i].s,
		    recs[i].likes, "x");
		CHECK_EQ_INT(add(a, &d, &b), 0);
	}
	CHECK_EQ_INT(agg_records(a), NRECS);
	rows = agg_rows_sorted(a);
	n = agg_nrows(a);
	for (i = 0; i < n; i++) {
		if (rows[i]->kind == AK_ENT &&
		    strcmp(rows[i]->k1, "Blake Lively") == 0 &&
		    rows[i]->t == 20412) {	/* 2025-11-20 */
			nent++;
			CHECK_EQ_INT(rows[i]->v[T_N], 2);
			CHECK_EQ_INT(rows[i]->v[T_SUM], -400);
			CHECK_EQ_INT(rows[i]->v[T_LIKES], 55);
			CHECK_EQ_INT(rows[i]->v[T_BAND + 0], 1);
			CHECK_EQ_INT(rows[i]->v[T_BAND + 3], 1);
			CHECK_EQ_INT(rows[i]->v[T_REVIEW], 2);
			CHECK_EQ_INT(rows[i]->v[T_EMO + 4], 2);	/* joy */
			/* top comments: more likes first */
			CHECK_EQ_INT(rows[i]->ntop, 2);
			CHECK_EQ_STR(rows[i]->top[0].id, "r2");
		}
		if (rows[i]->kind == AK_DAY)
			nday++;
	}
	CHECK_EQ_INT(nent, 1);
	CHECK_EQ_INT(nday, 4);		/* 20, 21, 22, 23 November */
	agg_free(a);
	json_doc_free(&d);
	buf_free(&b);
}

static void
test_bad_records(void)
{
	static const char *const bad[] = {
		"[1]",
		"{\"created_at\":\"2025-11-20T10:00:00Z\"}",
		"{\"id\":\"x\",\"created_at\":\"tomorrow\"}",
		"{\"id\":\"x\",\"created_at\":\"2025-11-20T10:00:00Z\","
		    "\"signals\":{}}",
		"{\"id\":\"x\",\"created_at\":\"2025-11-20T10:00:00Z\","
		    "\"signals\":[{\"type\":\"sentiment\",\"entity\":null,"
		    "\"score\":\"high\"}]}",
		"{\"id\":\"x\",\"created_at\":\"2025-11-20T10:00:00Z\","
		    "\"signals\":[{\"type\":\"sentiment\",\"entity\":\"E\","
		    "\"score\":1.5}]}",
		"{\"id\":\"x\\u0000y\",\"created_at\":\"2025-11-20T10:00:00Z\"}",
	};
	struct agg *a = fresh();
	struct jdoc d;
	struct buf b;
	size_t i;

	json_doc_init(&d, 0);
	buf_init(&b, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		UNIT_CASE(bad[i]);
		buf_reset(&b);
		buf_adds(&b, bad[i]);
		CHECK_EQ_INT(add(a, &d, &b), AGG_EDATA);
	}
	UNIT_CASE(NULL);
	CHECK_EQ_INT(agg_records(a), 0);
	agg_free(a);
	json_doc_free(&d);
	buf_free(&b);
}

/* Aggregates recs[] split at k, the parts merged in either order. */
static void
test_commute(void)
{
	struct agg *whole = fresh(), *p1, *p2, *m;
	struct buf b, s1, s2, want, got;
	struct agg_final f;
	struct jdoc d;
	size_t i, k;
	int order;

	json_doc_init(&d, 0);
	buf_init(&b, 0);
	buf_init(&s1, 0);
	buf_init(&s2, 0);
	buf_init(&want, 0);
	buf_init(&got, 0);
	agg_final_defaults(&f);
	for (i = 0; i < NRECS; i++) {
		record(&b, recs[i].id, recs[i].t, recs[i].e, recs[i].s,
		    recs[i].likes, "x");
		add(whole, &d, &b);
	}
	CHECK_EQ_INT(agg_document(whole, &f, &want, NULL), 0);
	for (k = 0; k <= NRECS; k++)
		for (order = 0; order < 2; order++) {
			p1 = fresh();
			p2 = fresh();
			for (i = 0; i < NRECS; i++) {
				/* the second part in reverse order */
				size_t j = i < k ? i : NRECS - 1 - (i - k);

				record(&b, recs[j].id, recs[j].t, recs[j].e,
				    recs[j].s, recs[j].likes, "x");
				add(j < k ? p1 : p2, &d, &b);
			}
			buf_reset(&s1);
			buf_reset(&s2);
			agg_write_partial(p1, &s1);
			agg_write_partial(p2, &s2);
			m = agg_new_merge(0);
			CHECK_EQ_INT(merge_text(m, &d, order ? s2.data :
			    s1.data), 0);
			CHECK_EQ_INT(merge_text(m, &d, order ? s1.data :
			    s2.data), 0);
			buf_reset(&got);
			CHECK_EQ_INT(agg_document(m, &f, &got, NULL), 0);
			CHECK(got.len == want.len &&
			    memcmp(got.data, want.data, got.len) == 0);
			agg_free(p1);
			agg_free(p2);
			agg_free(m);
		}
	agg_free(whole);
	json_doc_free(&d);
	buf_free(&b);
	buf_free(&s1);
	buf_free(&s2);
	buf_free(&want);
	buf_free(&got);
}

static void
test_spec_mismatch(void)
{
	struct agg_spec sp = { 0 };
	struct agg *a, *b, *m;
	struct buf s1, s2;
	struct jdoc d;

	json_doc_init(&d, 0);
	buf_init(&s1, 0);
	buf_init(&s2, 0);
	sp.weak = 0.3;
	sp.strong = 0.7;
	a = agg_new(&sp, 0);
	sp.weak = 0.2;
	b = agg_new(&sp, 0);
	agg_write_partial(a, &s1);
	agg_write_partial(b, &s2);
	m = agg_new_merge(0);
	CHECK_EQ_INT(merge_text(m, &d, s1.data), 0);
	CHECK_EQ_INT(merge_text(m, &d, s2.data), AGG_EDATA);
	CHECK(strstr(agg_spec_json(m), "\"bands\":[0.3,0.7]") != NULL);
	agg_free(a);
	agg_free(b);
	agg_free(m);
	json_doc_free(&d);
	buf_free(&s1);
	buf_free(&s2);
}

static void
test_top(void)
{
	struct agg_row r;
	struct agg_item it;
	static const struct {
		const char	*id;
		int		 likes;
	} offers[] = { { "c", 5 }, { "a", 5 }, { "b", 9 }, { "a", 7 },
	    { "d", 1 }, { "a", 2 } };
	size_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < sizeof(offers) / sizeof(offers[0]); i++) {
		memset(&it, 0, sizeof(it));
		it.id = (char *)offers[i].id;
		it.text = (char *)"t";
		it.likes = offers[i].likes;
		CHECK_EQ_INT(agg_top_offer(&r, &it, 1), 0);
	}
	/* b 9, a 7 (its best copy, once), c 5; d never made it */
	CHECK_EQ_INT(r.ntop, 3);
	CHECK_EQ_STR(r.top[0].id, "b");
	CHECK_EQ_STR(r.top[1].id, "a");
	CHECK_EQ_INT(r.top[1].likes, 7);
	CHECK_EQ_STR(r.top[2].id, "c");
	agg_row_clear(&r);
}

int
main(void)
{
	test_fold();
	test_bad_records();
	test_commute();
	test_spec_mismatch();
	test_top();
	UNIT_MAIN_END();
}
