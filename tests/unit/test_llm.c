/*
 * Unit tests for lib/llm: the cache key, the request body, the checks on
 * one answer and on a whole reply, the answer's JSON, and the cache file.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/llm.h"
#include "unit.h"

#define MODEL	"gpt-4o-mini"

static char dir[] = "/tmp/et-test-llm.XXXXXX";

/* Three comments asking about 0, 1 and 2 entities, as in a batch. */
static const char text1[] = "what a lovely evening";
static const char text2[] = "Mara Quinn carried the whole season";
static const char text3[] = "Mara Quinn > Jonah Vellacourt, sorry not sorry";
static const struct llm_item batch[3] = {
	{ "instagram:1", 11, text1, sizeof(text1) - 1, { NULL }, 0 },
	{ "instagram:2", 11, text2, sizeof(text2) - 1, { "Mara Quinn" }, 1 },
	{ "x", 1, text3, sizeof(text3) - 1,
	    { "Mara Quinn", "Jonah Vellacourt" }, 2 },
};

static int
is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static void
test_key(void)
{
	struct llm_item it = batch[2];
	char k[65], k2[65];

	UNIT_CASE("key");
	llm_key(MODEL, &it, k);
	CHECK(is_hex64(k));
	llm_key(MODEL, &it, k2);
	CHECK_EQ_STR(k2, k);
	/* the id is not part of it: the same comment elsewhere is the same */
	it.id = "tiktok:77";
	it.idlen = 9;
	llm_key(MODEL, &it, k2);
	CHECK_EQ_STR(k2, k);
	llm_key("gpt-4o", &it, k2);
	CHECK(is_hex64(k2) && strcmp(k2, k) != 0);
	it.textlen--;
	llm_key(MODEL, &it, k2);
	CHECK(strcmp(k2, k) != 0);
	it = batch[2];
	it.ents[1] = "Jonah Vellacour";
	llm_key(MODEL, &it, k2);
	CHECK(strcmp(k2, k) != 0);
	it.nents = 1;
	llm_key(MODEL, &it, k2);
	CHECK(strcmp(k2, k) != 0);

	/*
	 * A text may hold NUL bytes (JSON "\u0000"); the boundary between
	 * the text and the entities must still count.
	 */
	UNIT_CASE("key: text with a NUL against text and entity");
	it = (struct llm_item){ "a", 1, "Mara\0Quinn", 10, { NULL }, 0 };
	llm_key(MODEL, &it, k);
	it = (struct llm_item){ "a", 1, "Mara", 4, { "Quinn" }, 1 };
	llm_key(MODEL, &it, k2);
	CHECK(strcmp(k2, k) != 0);
	UNIT_CASE(NULL);
}

/* n is the JSON string s[0..len). */
static int
str_is(const struct jnode *n, const char *s, size_t len)
{
	return n != NULL && n->kind == J_STR && n->len == len &&
	    memcmp(n->s, s, len) == 0;
}

static void
test_request(void)
{
	static const char odd[] = "He said \"wow\\\" \n\tthen left\r\n"
	    "Zo\xC3\xAB \xF0\x9F\x98\x8D \x01 and a NUL:\0end";
	struct llm_item items[4];
	const struct jnode *m, *c, *e, *ents, *s;
	struct jdoc d, u;
	struct jerr err;
	struct buf b;
	size_t i, k;

	UNIT_CASE("request");
	memcpy(items, batch, sizeof(batch));
	items[3] = (struct llm_item){ "odd \"id\"\n", 9, odd,
	    sizeof(odd) - 1, { "Zo\xC3\xAB \"Z\" Hart", "Mara Quinn" }, 2 };
	buf_init(&b, 0);
	json_doc_init(&d, 0);
	json_doc_init(&u, 0);
	CHECK_EQ_INT(llm_request(&b, MODEL, items, 4), 0);
	CHECK_EQ_INT(json_parse(&d, b.data, b.len, &err), JSON_OK);
	if (d.root == NULL || d.root->kind != J_OBJ)
		goto out;
	CHECK(json_str_is(json_get(d.root, "model", 5), MODEL));
	c = json_get(d.root, "temperature", 11);
	CHECK(c != NULL && c->kind == J_NUM && strtod(c->s, NULL) == 0);
	CHECK(json_str_is(json_path(d.root, "response_format/type"),
	    "json_object"));
	m = json_get(d.root, "messages", 8);
	CHECK(m != NULL && m->kind == J_ARR && m->n == 2);
	CHECK(json_str_is(json_path(d.root, "messages/0/role"), "system"));
	c = json_path(d.root, "messages/0/content");
	CHECK(c != NULL && c->kind == J_STR && c->len > 100);
	CHECK(json_str_is(json_path(d.root, "messages/1/role"), "user"));
	c = json_path(d.root, "messages/1/content");
	CHECK(c != NULL && c->kind == J_STR);
	if (c == NULL || c->kind != J_STR)
		goto out;

	/* the user message: the comments, as given */
	CHECK_EQ_INT(json_parse(&u, c->s, c->len, &err), JSON_OK);
	c = json_get(u.root, "comments", 8);
	CHECK(c != NULL && c->kind == J_ARR && c->n == 4);
	for (i = 0, e = c != NULL ? c->child : NULL; e != NULL && i < 4;
	    i++, e = e->next) {
		UNIT_CASE(items[i].id);
		CHECK(str_is(json_get(e, "id", 2), items[i].id,
		    items[i].idlen));
		CHECK(str_is(json_get(e, "text", 4), items[i].text,
		    items[i].textlen));
		ents = json_get(e, "entities", 8);
		CHECK(ents != NULL && ents->kind == J_ARR &&
		    ents->n == items[i].nents);
		if (ents == NULL || ents->kind != J_ARR)
			continue;
		for (k = 0, s = ents->child; s != NULL; k++, s = s->next)
			CHECK(k < items[i].nents && json_str_is(s,
			    items[i].ents[k]));
	}
	CHECK_EQ_INT(i, 4);

	/* appended to what b holds; no comments is an empty list */
	UNIT_CASE("request: appends");
	buf_reset(&b);
	buf_adds(&b, "[");
	CHECK_EQ_INT(llm_request(&b, MODEL, items, 0), 0);
	buf_adds(&b, "]");
	CHECK_EQ_INT(json_parse(&d, b.data, b.len, &err), JSON_OK);
	c = json_path(d.root, "0/messages/1/content");
	CHECK(c != NULL && c->kind == J_STR &&
	    c->len == strlen("{\"comments\":[]}") &&
	    memcmp(c->s, "{\"comments\":[]}", c->len) == 0);
out:
	UNIT_CASE(NULL);
	json_doc_free(&d);
	json_doc_free(&u);
	buf_free(&b);
}

#define GOOD_ENTS	"[{\"name\":\"Jonah Vellacourt\",\"sentiment\":-0.5}," \
	"{\"name\":\"Mara Quinn\",\"sentiment\":1}]"
#define GOOD_EMO	"{\"joy\":0.5,\"fatigue\":0.1}"

/* An answer for batch[2] with one member replaced (NULL: none). */
static const struct {
	const char	*sentiment, *entities, *emotions, *sarcasm, *toxicity;
	const char	*why;		/* NULL: accepted */
} results[] = {
	{ NULL, NULL, NULL, NULL, NULL, NULL },
	{ "1", NULL, NULL, NULL, NULL, NULL },
	{ "-1", NULL, NULL, NULL, NULL, NULL },
	{ "-0", NULL, NULL, NULL, NULL, NULL },
	{ "1e-1", NULL, NULL, NULL, NULL, NULL },
	{ "1.5", NULL, NULL, NULL, NULL, "sentiment missing or not from -1" },
	{ "-1.01", NULL, NULL, NULL, NULL, "sentiment missing or not from -1" },
	{ "1.0000001", NULL, NULL, NULL, NULL, "sentiment missing or not" },
	{ "\"0.5\"", NULL, NULL, NULL, NULL, "sentiment missing or not" },
	{ "null", NULL, NULL, NULL, NULL, "sentiment missing or not" },
	{ "", NULL, NULL, NULL, NULL, "sentiment missing or not" },
	/* entities */
	{ NULL, "{}", NULL, NULL, NULL, "entities missing or not an array" },
	{ NULL, "\"Mara Quinn\"", NULL, NULL, NULL, "entities missing or not" },
	{ NULL, "", NULL, NULL, NULL, "entities missing or not an array" },
	{ NULL, "[{\"name\":\"Mara Quinn\",\"sentiment\":0},{\"name\":"
	    "\"Jonah Vellacourt\",\"sentiment\":0},{\"name\":\"Dev Okafor\","
	    "\"sentiment\":0}]", NULL, NULL, NULL,
	    "unknown entity 'Dev Okafor'" },
	{ NULL, "[{\"name\":\"Mara Quinn\",\"sentiment\":0},{\"name\":"
	    "\"Jonah Vellacourt\",\"sentiment\":0},{\"name\":\"Mara Quinn\","
	    "\"sentiment\":0.5}]", NULL, NULL, NULL,
	    "entity 'Mara Quinn' scored twice" },
	{ NULL, "[{\"name\":\"Mara Quinn\",\"sentiment\":0},{\"name\":"
	    "\"MARA QUINN\",\"sentiment\":0}]", NULL, NULL, NULL,
	    "entity 'Mara Quinn' scored twice" },
	{ NULL, "[{\"name\":\"Mara Quinn\",\"sentiment\":0}]", NULL, NULL,
	    NULL, "no score for entity 'Jonah Vellacourt'" },
	{ NULL, "[]", NULL, NULL, NULL, "no score for entity 'Mara Quinn'" },
	{ NULL, "[{\"name\":\"Mara Quinn\",\"sentiment\":1.2},{\"name\":"
	    "\"Jonah Vellacourt\",\"sentiment\":0}]", NULL, NULL, NULL,
	    "sentiment of 'Mara Quinn' missing or not from -1 to 1" },
	{ NULL, "[{\"name\":\"Mara Quinn\",\"sentiment\":0},{\"name\":"
	    "\"Jonah Vellacourt\"}]", NULL, NULL, NULL,
	    "sentiment of 'Jonah Vellacourt' missing" },
	{ NULL, "[{\"sentiment\":0}]", NULL, NULL, NULL,
	    "an entity without a name" },
	{ NULL, "[{\"name\":7,\"sentiment\":0}]", NULL, NULL, NULL,
	    "an entity without a name" },
	{ NULL, "[\"Mara Quinn\",\"Jonah Vellacourt\"]", NULL, NULL, NULL,
	    "an entity without a name" },
	/* names that differ by ASCII case only are the same entity */
	{ NULL, "[{\"name\":\"mara quinn\",\"sentiment\":1},{\"name\":"
	    "\"JONAH vellacourt\",\"sentiment\":-0.5}]", NULL, NULL, NULL,
	    NULL },
	/* emotions */
	{ NULL, NULL, "{}", NULL, NULL, NULL },
	{ NULL, NULL, "{\"joy\":0,\"love\":1,\"anger\":0.5,\"disgust\":0.5,"
	    "\"sadness\":0.5,\"surprise\":0.5,\"fear\":0.5,\"fatigue\":0.5}",
	    NULL, NULL, NULL },
	{ NULL, NULL, "{\"happiness\":0.5}", NULL, NULL,
	    "unknown emotion 'happiness'" },
	{ NULL, NULL, "{\"joy\":1.2}", NULL, NULL,
	    "emotion 'joy' not from 0 to 1" },
	{ NULL, NULL, "{\"fear\":-0.1}", NULL, NULL,
	    "emotion 'fear' not from 0 to 1" },
	{ NULL, NULL, "{\"fear\":\"high\"}", NULL, NULL,
	    "emotion 'fear' not from 0 to 1" },
	{ NULL, NULL, "[]", NULL, NULL, "emotions missing or not an object" },
	{ NULL, NULL, "", NULL, NULL, "emotions missing or not an object" },
	/* sarcasm */
	{ NULL, NULL, NULL, "false", NULL, NULL },
	{ NULL, NULL, NULL, "", NULL, "sarcasm missing or not true or false" },
	{ NULL, NULL, NULL, "1", NULL, "sarcasm missing or not true or false" },
	{ NULL, NULL, NULL, "0", NULL, "sarcasm missing or not true or false" },
	{ NULL, NULL, NULL, "\"true\"", NULL, "sarcasm missing or not true" },
	{ NULL, NULL, NULL, "null", NULL, "sarcasm missing or not true" },
	/* toxicity */
	{ NULL, NULL, NULL, NULL, "0", NULL },
	{ NULL, NULL, NULL, NULL, "1", NULL },
	{ NULL, NULL, NULL, NULL, "-0.1", "toxicity missing or not from 0" },
	{ NULL, NULL, NULL, NULL, "2", "toxicity missing or not from 0 to 1" },
	{ NULL, NULL, NULL, NULL, "", "toxicity missing or not from 0 to 1" },
	{ NULL, NULL, NULL, NULL, "true", "toxicity missing or not from 0" },
};

/* Writes member name with value v (NULL: dflt; "": left out). */
static void
member(struct buf *b, const char *name, const char *v, const char *dflt)
{
	if (v == NULL)
		v = dflt;
	if (*v == '\0')
		return;
	if (b->len > 1)
		buf_addc(b, ',');
	buf_printf(b, "\"%s\":%s", name, v);
}

static void
check_good(const struct llm_answer *a, size_t i)
{
	double sent = 0.25;
	size_t k;

	if (results[i].sentiment != NULL)
		sent = strtod(results[i].sentiment, NULL);
	CHECK(a->sentiment == sent);
	CHECK(a->ent[0] == 1 && a->ent[1] == -0.5);
	for (k = 2; k < LLM_MAX_ENTS; k++)
		CHECK(a->ent[k] == 0);
	CHECK_EQ_INT(a->sarcasm, results[i].sarcasm == NULL);
	CHECK(a->toxicity == (results[i].toxicity == NULL ? 0.125 :
	    strtod(results[i].toxicity, NULL)));
	if (results[i].emotions == NULL) {
		CHECK(a->emotion[EM_JOY] == 0.5 &&
		    a->emotion[EM_FATIGUE] == 0.1);
		for (k = 0; k < EM_COUNT; k++)
			CHECK(k == EM_JOY || k == EM_FATIGUE ||
			    a->emotion[k] == 0);
	} else if (strcmp(results[i].emotions, "{}") == 0) {
		for (k = 0; k < EM_COUNT; k++)
			CHECK(a->emotion[k] == 0);
	} else {
		CHECK(a->emotion[EM_JOY] == 0 && a->emotion[EM_LOVE] == 1 &&
		    a->emotion[EM_FEAR] == 0.5);
	}
}

static void
test_parse_result(void)
{
	static const char *const notobj[] = { "[]", "0.5", "null", "\"{}\"",
	    "[{\"sentiment\":0}]" };
	struct llm_answer a;
	struct jdoc d;
	struct jerr e;
	struct buf b;
	char msg[200];
	size_t i;
	int rc;

	buf_init(&b, 0);
	json_doc_init(&d, 0);
	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		buf_reset(&b);
		buf_addc(&b, '{');
		member(&b, "id", NULL, "\"x\"");
		member(&b, "sentiment", results[i].sentiment, "0.25");
		member(&b, "entities", results[i].entities, GOOD_ENTS);
		member(&b, "emotions", results[i].emotions, GOOD_EMO);
		member(&b, "sarcasm", results[i].sarcasm, "true");
		member(&b, "toxicity", results[i].toxicity, "0.125");
		buf_addc(&b, '}');
		UNIT_CASE(b.data);
		if (!CHECK(json_parse(&d, b.data, b.len, &e) == JSON_OK))
			continue;
		msg[0] = '\0';
		memset(&a, 0x55, sizeof(a));
		rc = llm_parse_result(d.root, &batch[2], &a, msg, sizeof(msg));
		if (results[i].why == NULL) {
			CHECK_EQ_INT(rc, 0);
			if (rc == 0)
				check_good(&a, i);
		} else {
			CHECK_EQ_INT(rc, -1);
			if (!CHECK(strstr(msg, results[i].why) != NULL))
				fprintf(stderr, "\tmessage \"%s\"\n", msg);
		}
	}
	for (i = 0; i < sizeof(notobj) / sizeof(notobj[0]); i++) {
		UNIT_CASE(notobj[i]);
		CHECK_EQ_INT(json_parse(&d, notobj[i], strlen(notobj[i]), &e),
		    JSON_OK);
		CHECK_EQ_INT(llm_parse_result(d.root, &batch[2], &a, msg,
		    sizeof(msg)), -1);
		CHECK_EQ_STR(msg, "not an object");
	}
	UNIT_CASE("no node");
	CHECK_EQ_INT(llm_parse_result(NULL, &batch[0], &a, msg, sizeof(msg)),
	    -1);
	CHECK_EQ_STR(msg, "not an object");
	UNIT_CASE(NULL);
	json_doc_free(&d);
	buf_free(&b);
}

/* Only ASCII letters fold: the names are compared as bytes otherwise. */
static void
test_parse_result_names(void)
{
	static const struct llm_item it = { "y", 1, "Zo\xC3\xAB!", 5,
	    { "Zo\xC3\xAB Hart" }, 1 };
	static const struct {
		const char	*name;
		int		 rc;
	} names[] = {
		{ "Zo\xC3\xAB Hart", 0 },
		{ "zo\xC3\xAB HART", 0 },
		{ "ZO\xC3\x8B HART", -1 },
		{ "Zoe Hart", -1 },
		{ "Zo\xC3\xAB Hart ", -1 },
	};
	struct llm_answer a;
	struct jdoc d;
	struct jerr e;
	struct buf b;
	char msg[200];
	size_t i;

	buf_init(&b, 0);
	json_doc_init(&d, 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		UNIT_CASE(names[i].name);
		buf_reset(&b);
		buf_printf(&b, "{\"sentiment\":0,\"entities\":[{\"name\":"
		    "\"%s\",\"sentiment\":-0.75}],\"emotions\":{},"
		    "\"sarcasm\":false,\"toxicity\":0}", names[i].name);
		CHECK_EQ_INT(json_parse(&d, b.data, b.len, &e), JSON_OK);
		CHECK_EQ_INT(llm_parse_result(d.root, &it, &a, msg,
		    sizeof(msg)), names[i].rc);
		if (names[i].rc == 0)
			CHECK(a.ent[0] == -0.75);
		else
			CHECK(strstr(msg, "unknown entity") != NULL);
	}
	UNIT_CASE(NULL);
	json_doc_free(&d);
	buf_free(&b);
}

static int
same_answer(const struct llm_answer *a, const struct llm_answer *b)
{
	size_t k;

	for (k = 0; k < LLM_MAX_ENTS; k++)
		if (a->ent[k] != b->ent[k])
			return 0;
	for (k = 0; k < EM_COUNT; k++)
		if (a->emotion[k] != b->emotion[k])
			return 0;
	return a->sentiment == b->sentiment && a->sarcasm == b->sarcasm &&
	    a->toxicity == b->toxicity;
}

static void
test_answer_json(void)
{
	static const char want[] = "{\"sentiment\":0.25,\"entities\":["
	    "{\"name\":\"Mara Quinn\",\"sentiment\":1},{\"name\":"
	    "\"Jonah Vellacourt\",\"sentiment\":-0.5}],\"emotions\":"
	    "{\"joy\":0.5,\"fatigue\":0.1},\"sarcasm\":true,"
	    "\"toxicity\":0.125}";
	struct llm_answer a = { 0 }, b;
	struct jdoc d;
	struct jerr e;
	struct buf t;
	char msg[200];

	UNIT_CASE("answer json");
	a.sentiment = 0.25;
	a.ent[0] = 1;
	a.ent[1] = -0.5;
	a.emotion[EM_JOY] = 0.5;
	a.emotion[EM_FATIGUE] = 0.1;
	a.sarcasm = 1;
	a.toxicity = 0.125;
	buf_init(&t, 0);
	json_doc_init(&d, 0);
	CHECK_EQ_INT(llm_answer_json(&t, &batch[2], &a), 0);
	CHECK_EQ_STR(t.data, want);
	CHECK_EQ_INT(json_parse(&d, t.data, t.len, &e), JSON_OK);
	CHECK_EQ_INT(llm_parse_result(d.root, &batch[2], &b, msg,
	    sizeof(msg)), 0);
	CHECK(same_answer(&a, &b));
	/* no entities, no emotions */
	buf_reset(&t);
	memset(&a, 0, sizeof(a));
	CHECK_EQ_INT(llm_answer_json(&t, &batch[0], &a), 0);
	CHECK_EQ_STR(t.data, "{\"sentiment\":0,\"entities\":[],"
	    "\"emotions\":{},\"sarcasm\":false,\"toxicity\":0}");
	UNIT_CASE(NULL);
	json_doc_free(&d);
	buf_free(&t);
}

/* A result for batch item i, its sentiment s. */
static void
result(struct buf *b, size_t i, double s)
{
	size_t k;

	if (b->len > 0 && b->data[b->len - 1] == '}')
		buf_addc(b, ',');
	buf_adds(b, "{\"id\":");
	json_add_str(b, batch[i].id, batch[i].idlen);
	buf_printf(b, ",\"sentiment\":%g,\"entities\":[", s);
	for (k = 0; k < batch[i].nents; k++) {
		buf_printf(b, "%s{\"name\":", k > 0 ? "," : "");
		json_add_str(b, batch[i].ents[k], strlen(batch[i].ents[k]));
		buf_printf(b, ",\"sentiment\":%g}", s / 2);
	}
	buf_adds(b, "],\"emotions\":{\"joy\":0.5},\"sarcasm\":false,"
	    "\"toxicity\":0}");
}

/* A chat-completions response body whose content is c. */
static void
wrap(struct buf *body, const char *c, size_t len)
{
	buf_reset(body);
	buf_adds(body, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
	    "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
	    "\"content\":");
	json_add_str(body, c, len);
	buf_adds(body, "},\"finish_reason\":\"stop\"}],\"usage\":"
	    "{\"total_tokens\":9}}");
}

struct warns {
	int	 n;
	int	 item[8];	/* index in batch, -1 for NULL */
	char	 msg[8][200];
};

static void
on_warn(void *ctx, const struct llm_item *it, const char *msg)
{
	struct warns *w = ctx;

	if (w->n < 8) {
		w->item[w->n] = it == NULL ? -1 : (int)(it - batch);
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", msg);
	}
	w->n++;
}

/* Parses content c as the reply for batch into ans and ok. */
static int
reply(const char *c, struct llm_answer *ans, int *ok, struct warns *w,
    char *msg, size_t msglen)
{
	struct buf body;
	int rc;

	buf_init(&body, 0);
	wrap(&body, c, strlen(c));
	memset(w, 0, sizeof(*w));
	msg[0] = '\0';
	ok[0] = ok[1] = ok[2] = 7;
	rc = llm_parse_reply(body.data, body.len, batch, 3, ans, ok, on_warn,
	    w, msg, msglen);
	buf_free(&body);
	return rc;
}

static void
test_parse_reply(void)
{
	static const char *const fences[] = {
		"```json\n%s\n```",
		"```\n%s```",
		"\n  ```json\r\n%s\r\n```  \n",
		"  %s\n\n",
	};
	struct llm_answer ans[3];
	struct warns w;
	struct buf r, c;
	char msg[300];
	int ok[3];
	size_t i;

	buf_init(&r, 0);
	buf_init(&c, 0);

	UNIT_CASE("reply: reversed");
	buf_adds(&r, "{\"results\":[");
	result(&r, 2, -0.5);
	result(&r, 1, 0.5);
	result(&r, 0, 0.25);
	buf_adds(&r, "]}");
	CHECK_EQ_INT(reply(r.data, ans, ok, &w, msg, sizeof(msg)), 3);
	CHECK(ok[0] == 1 && ok[1] == 1 && ok[2] == 1);
	CHECK_EQ_INT(w.n, 0);
	CHECK(ans[0].sentiment == 0.25 && ans[1].sentiment == 0.5 &&
	    ans[2].sentiment == -0.5);
	CHECK(ans[1].ent[0] == 0.25 && ans[2].ent[0] == -0.25 &&
	    ans[2].ent[1] == -0.25 && ans[1].ent[1] == 0);

	UNIT_CASE("reply: code fences");
	for (i = 0; i < sizeof(fences) / sizeof(fences[0]); i++) {
		buf_reset(&c);
		buf_printf(&c, fences[i], r.data);
		CHECK_EQ_INT(reply(c.data, ans, ok, &w, msg, sizeof(msg)), 3);
		CHECK(ans[2].sentiment == -0.5);
	}

	UNIT_CASE("reply: an id not asked about");
	buf_reset(&r);
	buf_adds(&r, "{\"results\":[");
	result(&r, 0, 0.25);
	buf_adds(&r, ",{\"id\":\"instagram:9\",\"sentiment\":0,\"entities\":"
	    "[],\"emotions\":{},\"sarcasm\":false,\"toxicity\":0},7,"
	    "{\"id\":1,\"sentiment\":0}");
	result(&r, 1, 0.5);
	result(&r, 2, 1);
	buf_adds(&r, "]}");
	CHECK_EQ_INT(reply(r.data, ans, ok, &w, msg, sizeof(msg)), 3);
	CHECK(ok[0] == 1 && ok[1] == 1 && ok[2] == 1);
	CHECK_EQ_INT(w.n, 3);
	CHECK(w.item[0] == -1 && w.item[1] == -1 && w.item[2] == -1);
	CHECK_EQ_STR(w.msg[0], "an answer for a comment not asked about");

	UNIT_CASE("reply: answered twice");
	buf_reset(&r);
	buf_adds(&r, "{\"results\":[");
	result(&r, 0, 0.25);
	result(&r, 1, 0.5);
	result(&r, 2, -0.5);
	result(&r, 1, 0.75);
	result(&r, 1, 0.75);
	buf_adds(&r, "]}");
	CHECK_EQ_INT(reply(r.data, ans, ok, &w, msg, sizeof(msg)), 2);
	CHECK(ok[0] == 1 && ok[1] == 0 && ok[2] == 1);
	CHECK_EQ_INT(w.n, 2);
	CHECK(w.item[0] == 1 && w.item[1] == 1);
	CHECK_EQ_STR(w.msg[0], "answered twice");

	UNIT_CASE("reply: answered twice, the first refused");
	buf_reset(&r);
	buf_adds(&r, "{\"results\":[{\"id\":\"x\",\"sentiment\":9}");
	result(&r, 2, -0.5);
	result(&r, 0, 0.25);
	buf_adds(&r, "]}");
	CHECK_EQ_INT(reply(r.data, ans, ok, &w, msg, sizeof(msg)), 1);
	CHECK(ok[0] == 1 && ok[1] == 0 && ok[2] == 0);
	CHECK_EQ_INT(w.n, 3);
	CHECK(w.item[0] == 2 && strstr(w.msg[0], "sentiment") != NULL);
	CHECK(w.item[1] == 2 && strcmp(w.msg[1], "answered twice") == 0);
	CHECK(w.item[2] == 1 && strcmp(w.msg[2], "no answer") == 0);

	UNIT_CASE("reply: a result missing");
	buf_reset(&r);
	buf_adds(&r, "{\"results\":[");
	result(&r, 2, -0.5);
	result(&r, 0, 0.25);
	buf_adds(&r, "]}");
	CHECK_EQ_INT(reply(r.data, ans, ok, &w, msg, sizeof(msg)), 2);
	CHECK(ok[0] == 1 && ok[1] == 0 && ok[2] == 1);
	CHECK_EQ_INT(w.n, 1);
	CHECK(w.item[0] == 1);
	CHECK_EQ_STR(w.msg[0], "no answer");

	UNIT_CASE("reply: no results");
	CHECK_EQ_INT(reply("{\"results\":[]}", ans, ok, &w, msg,
	    sizeof(msg)), 0);
	CHECK(ok[0] == 0 && ok[1] == 0 && ok[2] == 0);
	CHECK_EQ_INT(w.n, 3);

	UNIT_CASE("reply: a refused result");
	buf_reset(&r);
	buf_adds(&r, "{\"results\":[");
	result(&r, 0, 0.25);
	result(&r, 1, 0.5);
	result(&r, 2, 1.5);
	buf_adds(&r, "]}");
	CHECK_EQ_INT(reply(r.data, ans, ok, &w, msg, sizeof(msg)), 2);
	CHECK(ok[0] == 1 && ok[1] == 1 && ok[2] == 0);
	CHECK_EQ_INT(w.n, 1);
	CHECK(w.item[0] == 2);
	CHECK_EQ_STR(w.msg[0], "sentiment missing or not from -1 to 1");

	UNIT_CASE("reply: content not JSON");
	CHECK_EQ_INT(reply("Sorry, I cannot help with that.", ans, ok, &w,
	    msg, sizeof(msg)), -1);
	CHECK(ok[0] == 0 && ok[1] == 0 && ok[2] == 0);
	CHECK_EQ_STR(msg, "the answer is not JSON");
	CHECK_EQ_INT(w.n, 0);
	CHECK_EQ_INT(reply("{\"results\":[", ans, ok, &w, msg, sizeof(msg)),
	    -1);
	CHECK_EQ_STR(msg, "the answer is not JSON");
	CHECK_EQ_INT(reply("```json\n```", ans, ok, &w, msg, sizeof(msg)),
	    -1);
	CHECK_EQ_STR(msg, "the answer is not JSON");

	UNIT_CASE("reply: no results array");
	CHECK_EQ_INT(reply("{\"result\":[]}", ans, ok, &w, msg, sizeof(msg)),
	    -1);
	CHECK_EQ_STR(msg, "the answer has no \"results\" array");
	CHECK(ok[0] == 0 && ok[1] == 0 && ok[2] == 0);
	CHECK_EQ_INT(reply("{\"results\":{}}", ans, ok, &w, msg,
	    sizeof(msg)), -1);
	CHECK_EQ_STR(msg, "the answer has no \"results\" array");
	CHECK_EQ_INT(reply("[{\"results\":[]}]", ans, ok, &w, msg,
	    sizeof(msg)), -1);
	CHECK_EQ_STR(msg, "the answer has no \"results\" array");

	buf_free(&r);
	buf_free(&c);
	UNIT_CASE(NULL);
}

/* Bodies that are not a chat completion at all. */
static void
test_parse_reply_body(void)
{
	static const struct {
		const char	*body;
		const char	*why;
	} bodies[] = {
		{ "", "the reply is not JSON" },
		{ "<html>502 Bad Gateway</html>", "the reply is not JSON" },
		{ "{\"choices\":[{\"message\":{\"content\":\"{}\"}}]", "the "
		    "reply is not JSON" },
		{ "{}", "the reply has no choices[0].message.content string" },
		{ "{\"error\":{\"message\":\"rate limited\"}}",
		    "the reply has no choices[0].message.content string" },
		{ "{\"choices\":[]}", "the reply has no choices[0]" },
		{ "{\"choices\":{}}", "the reply has no choices[0]" },
		{ "{\"choices\":[{\"message\":{}}]}", "the reply has no" },
		{ "{\"choices\":[{\"message\":{\"content\":null}}]}",
		    "the reply has no choices[0].message.content string" },
		{ "{\"choices\":[{\"message\":{\"content\":{\"results\":"
		    "[]}}}]}", "the reply has no choices[0].message.content" },
		{ "[]", "the reply has no choices[0].message.content string" },
	};
	static const char one[] = "{\"choices\":[{\"message\":{\"content\":"
	    "\"{\\\"results\\\":[{\\\"id\\\":\\\"x\\\"}]}\"}}]}";
	static const char none[] = "{\"choices\":[{\"message\":{\"content\":"
	    "\"{\\\"results\\\":[]}\"}}]}";
	struct llm_answer ans[3];
	struct warns w = { 0 };
	char msg[300];
	int ok[3];
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		UNIT_CASE(bodies[i].body);
		ok[0] = ok[1] = ok[2] = 7;
		msg[0] = '\0';
		CHECK_EQ_INT(llm_parse_reply(bodies[i].body,
		    strlen(bodies[i].body), batch, 3, ans, ok, on_warn, &w,
		    msg, sizeof(msg)), -1);
		CHECK(ok[0] == 0 && ok[1] == 0 && ok[2] == 0);
		if (!CHECK(strncmp(msg, bodies[i].why,
		    strlen(bodies[i].why)) == 0))
			fprintf(stderr, "\tmessage \"%s\"\n", msg);
	}
	CHECK_EQ_INT(w.n, 0);
	/* no callback; no comments */
	UNIT_CASE("reply: no callback");
	CHECK_EQ_INT(llm_parse_reply(one, sizeof(one) - 1, batch, 3, ans, ok,
	    NULL, NULL, msg, sizeof(msg)), 0);
	CHECK_EQ_INT(llm_parse_reply(none, sizeof(none) - 1, batch, 0, ans,
	    ok, NULL, NULL, msg, sizeof(msg)), 0);
	UNIT_CASE(NULL);
}

static void
write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs(s, f);
	fclose(f);
}

/* The key of the nth test entry; answers differ by their sentiment. */
static void
nth_key(int n, char key[65])
{
	char text[40];
	struct llm_item it = { "i", 1, text, 0, { NULL }, 0 };

	it.textlen = (size_t)snprintf(text, sizeof(text), "comment %d", n);
	llm_key(MODEL, &it, key);
}

static void
nth_answer(int n, struct buf *b)
{
	buf_reset(b);
	buf_printf(b, "{\"sentiment\":%g,\"entities\":[],\"emotions\":{},"
	    "\"sarcasm\":false,\"toxicity\":0}", (n % 2001 - 1000) / 1000.0);
}

#define MANY	5000

/* Every one of the MANY entries is in c, with its own answer. */
static int
has_all(const struct llm_cache *c)
{
	char key[65];
	struct buf want;
	const char *got;
	size_t len;
	int n, bad = 0;

	buf_init(&want, 0);
	for (n = 0; n < MANY; n++) {
		nth_key(n, key);
		nth_answer(n, &want);
		got = llm_cache_get(c, key, &len);
		bad |= got == NULL || len != want.len ||
		    memcmp(got, want.data, len) != 0;
	}
	buf_free(&want);
	return !bad;
}

static void
test_cache(void)
{
	static const unsigned char zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };
	char path[300], missing[300], k1[65], k2[65], k3[65];
	unsigned char head[4];
	struct llm_cache *c, *d;
	const char *got;
	struct buf b;
	size_t len;
	long line;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "%s/llm-cache", dir);
	snprintf(missing, sizeof(missing), "%s/no-such-cache.zst", dir);
	buf_init(&b, 0);

	UNIT_CASE("cache: missing file");
	line = -5;
	c = llm_cache_load(missing, &line);
	CHECK(c != NULL);
	if (c == NULL) {
		buf_free(&b);
		return;
	}
	CHECK_EQ_INT(line, 0);
	CHECK_EQ_INT(llm_cache_count(c), 0);
	CHECK_EQ_INT(llm_cache_added(c), 0);
	nth_key(0, k1);
	CHECK(llm_cache_get(c, k1, &len) == NULL);

	UNIT_CASE("cache: put, get, replace");
	nth_key(1, k2);
	CHECK_EQ_INT(llm_cache_put(c, k1, "{\"a\":1}", 7), 0);
	CHECK_EQ_INT(llm_cache_count(c), 1);
	CHECK_EQ_INT(llm_cache_added(c), 1);
	got = llm_cache_get(c, k1, &len);
	CHECK_EQ_MEM(got, len, "{\"a\":1}");
	CHECK(llm_cache_get(c, k2, &len) == NULL);
	/* only len bytes are taken */
	CHECK_EQ_INT(llm_cache_put(c, k1, "{\"b\":22}xyz", 8), 0);
	CHECK_EQ_INT(llm_cache_count(c), 1);
	got = llm_cache_get(c, k1, &len);
	CHECK_EQ_MEM(got, len, "{\"b\":22}");
	/* a replacement is a change the file does not have yet */
	CHECK_EQ_INT(llm_cache_added(c), 2);

	/* keys alike in the digits that pick the slot still differ */
	UNIT_CASE("cache: same slot");
	memset(k2, '0', 64);
	k2[64] = '\0';
	memcpy(k3, k2, sizeof(k3));
	k3[63] = '1';
	CHECK_EQ_INT(llm_cache_put(c, k2, "{\"k\":2}", 7), 0);
	CHECK_EQ_INT(llm_cache_put(c, k3, "{\"k\":3}", 7), 0);
	got = llm_cache_get(c, k2, &len);
	CHECK_EQ_MEM(got, len, "{\"k\":2}");
	got = llm_cache_get(c, k3, &len);
	CHECK_EQ_MEM(got, len, "{\"k\":3}");
	CHECK_EQ_INT(llm_cache_count(c), 3);

	UNIT_CASE("cache: many");
	for (n = 0; n < MANY; n++) {
		nth_key(n, k1);
		nth_answer(n, &b);
		if (llm_cache_put(c, k1, b.data, b.len) < 0)
			break;
	}
	CHECK_EQ_INT(n, MANY);
	/* key 0 was there already, replaced now */
	CHECK_EQ_INT(llm_cache_count(c), MANY + 2);
	CHECK_EQ_INT(llm_cache_added(c), MANY + 4);
	CHECK(has_all(c));

	UNIT_CASE("cache: save and load");
	CHECK_EQ_INT(llm_cache_save(c, path), 0);
	CHECK_EQ_INT(llm_cache_added(c), 0);
	CHECK_EQ_INT(llm_cache_count(c), MANY + 2);
	f = fopen(path, "rb");
	CHECK(f != NULL && fread(head, 1, 4, f) == 4 &&
	    memcmp(head, zstd_magic, 4) == 0);
	if (f != NULL)
		fclose(f);
	d = llm_cache_load(path, &line);
	CHECK(d != NULL);
	if (d != NULL) {
		CHECK_EQ_INT(llm_cache_count(d), MANY + 2);
		CHECK_EQ_INT(llm_cache_added(d), 0);
		CHECK_EQ_INT(line, MANY + 2);
		CHECK(has_all(d));
		got = llm_cache_get(d, k3, &len);
		CHECK_EQ_MEM(got, len, "{\"k\":3}");
		nth_key(MANY, k1);
		CHECK(llm_cache_get(d, k1, &len) == NULL);
		CHECK_EQ_INT(llm_cache_put(d, k1, "{}", 2), 0);
		CHECK_EQ_INT(llm_cache_added(d), 1);
	}
	llm_cache_free(d);
	llm_cache_free(c);
	llm_cache_free(NULL);

	UNIT_CASE("cache: save an empty cache");
	c = llm_cache_load(missing, &line);
	CHECK(c != NULL && llm_cache_save(c, path) == 0);
	llm_cache_free(c);
	c = llm_cache_load(path, &line);
	CHECK(c != NULL && llm_cache_count(c) == 0);
	llm_cache_free(c);
	buf_free(&b);
	unlink(path);
	UNIT_CASE(NULL);
}

/* Plain text is read as well; a line that is not an entry refuses all. */
static void
test_cache_bad(void)
{
	static const char key[] = "\"0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef\"";
	static const struct {
		const char	*name;
		const char	*line;
	} bad[] = {
		{ "not JSON", "{\"key\":" },
		{ "not an object", "[1]" },
		{ "no key", "{\"answer\":{}}" },
		{ "no answer", "{\"key\":%s}" },
		{ "answer not an object", "{\"key\":%s,\"answer\":[]}" },
		{ "short key", "{\"key\":\"0123\",\"answer\":{}}" },
		{ "key not hex", "{\"key\":\"0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdeg\",\"answer\":{}}" },
		{ "key in capitals", "{\"key\":\"0123456789ABCDEF0123456789"
		    "abcdef0123456789abcdef0123456789abcdef\",\"answer\":{}}" },
		{ "key a number", "{\"key\":1,\"answer\":{}}" },
	};
	char path[300], text[1024];
	struct llm_cache *c;
	const char *got;
	size_t i, len;
	long line;

	snprintf(path, sizeof(path), "%s/plain-cache", dir);
	UNIT_CASE("cache: plain file, blank lines");
	snprintf(text, sizeof(text), "{\"key\":%s,\"answer\":{\"a\": 1}}\n\n"
	    "{\"answer\":{\"b\":[]},\"key\":%s}\n", key, key);
	write_file(path, text);
	c = llm_cache_load(path, &line);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_EQ_INT(llm_cache_count(c), 1);
		CHECK_EQ_INT(llm_cache_added(c), 0);
		/* written compact, and the last entry for a key wins */
		got = llm_cache_get(c, "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef", &len);
		CHECK_EQ_MEM(got, len, "{\"b\":[]}");
	}
	llm_cache_free(c);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		UNIT_CASE(bad[i].name);
		len = (size_t)snprintf(text, sizeof(text), "{\"key\":%s,"
		    "\"answer\":{}}\n\n", key);
		snprintf(text + len, sizeof(text) - len, bad[i].line, key);
		len = strlen(text);
		snprintf(text + len, sizeof(text) - len, "\n{\"key\":%s,"
		    "\"answer\":{}}\n", key);
		write_file(path, text);
		errno = 0;
		line = 0;
		c = llm_cache_load(path, &line);
		CHECK(c == NULL);
		CHECK_EQ_INT(errno, EINVAL);
		CHECK_EQ_INT(line, 3);
		llm_cache_free(c);
	}
	unlink(path);
	UNIT_CASE(NULL);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_key();
	test_request();
	test_parse_result();
	test_parse_result_names();
	test_answer_json();
	test_parse_reply();
	test_parse_reply_body();
	test_cache();
	test_cache_bad();
	rmdir(dir);
	UNIT_MAIN_END();
}
