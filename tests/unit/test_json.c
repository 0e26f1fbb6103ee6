/* Unit tests for lib/json: parsing, lookups, writers and the array stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "tests/unit/unit.h"

#define SAME	((const char *)1)	/* dump equals the input */

static const struct {
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	int		 rc;
	const char	*dump;	/* when rc is JSON_OK */
} parses[] = {
	/* compact input is written back byte for byte */
	{ "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}", 0, JSON_OK,
	    SAME },
	{ "[]", 0, JSON_OK, SAME },
	{ "{}", 0, JSON_OK, SAME },
	{ "[[],{},[[]],{\"\":{}}]", 0, JSON_OK, SAME },
	{ "10000000000000001", 0, JSON_OK, SAME },
	{ "1.10", 0, JSON_OK, SAME },
	{ "-0", 0, JSON_OK, SAME },
	{ "1e400", 0, JSON_OK, SAME },
	{ "[0,-0.0,1E+2,-1.5e-3,123456789012345678901234567890]", 0, JSON_OK,
	    SAME },
	{ "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\"", 0, JSON_OK, SAME },
	{ "\"\\u0000\"", 0, JSON_OK, SAME },
	{ "\"caf\xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF\"", 0,
	    JSON_OK, SAME },
	{ "{\"a\":1,\"a\":2}", 0, JSON_OK, SAME },
	{ "{\"k\\n\\\"\":\"v\"}", 0, JSON_OK, SAME },
	{ "\"\\\\ud800\"", 0, JSON_OK, SAME },	/* an escaped backslash */
	/* other input is normalised */
	{ " { \"a\" : [ 1 , 2 ] }\n", 0, JSON_OK, "{\"a\":[1,2]}" },
	{ "\"\\ud83d\\ude00\"", 0, JSON_OK, "\"\xF0\x9F\x98\x80\"" },
	{ "\"\\uD83D\\uDE00\"", 0, JSON_OK, "\"\xF0\x9F\x98\x80\"" },
	{ "\"\\u00e9\\/\\u0041\"", 0, JSON_OK, "\"\xC3\xA9/A\"" },
	{ "\"\x7f\"", 0, JSON_OK, "\"\x7f\"" },
	/* syntax */
	{ "", 0, JSON_EPARSE, NULL },
	{ " \n ", 0, JSON_EPARSE, NULL },
	{ "{", 0, JSON_EPARSE, NULL },
	{ "[1,2", 0, JSON_EPARSE, NULL },
	{ "[1,]", 0, JSON_EPARSE, NULL },
	{ "{\"a\":1,}", 0, JSON_EPARSE, NULL },
	{ "{\"a\"}", 0, JSON_EPARSE, NULL },
	{ "{a:1}", 0, JSON_EPARSE, NULL },
	{ "'a'", 0, JSON_EPARSE, NULL },
	{ "nul", 0, JSON_EPARSE, NULL },
	{ "nope", 0, JSON_EPARSE, NULL },
	{ "\"abc", 0, JSON_EPARSE, NULL },
	{ "\"a\x01" "b\"", 0, JSON_EPARSE, NULL },
	{ "\"a\\x\"", 0, JSON_EPARSE, NULL },
	{ "\"\\u12\"", 0, JSON_EPARSE, NULL },
	{ "01", 0, JSON_EPARSE, NULL },
	{ "+1", 0, JSON_EPARSE, NULL },
	{ ".5", 0, JSON_EPARSE, NULL },
	{ "1.", 0, JSON_EPARSE, NULL },
	{ "1e", 0, JSON_EPARSE, NULL },
	{ "-", 0, JSON_EPARSE, NULL },
	{ "NaN", 0, JSON_EPARSE, NULL },
	{ "Infinity", 0, JSON_EPARSE, NULL },
	/* one value only */
	{ "1 2", 0, JSON_EPARSE, NULL },
	{ "{} {}", 0, JSON_EPARSE, NULL },
	{ "{\"a\":1} x", 0, JSON_EPARSE, NULL },
	{ "[1]]", 0, JSON_EPARSE, NULL },
	{ "1\0", 2, JSON_EPARSE, NULL },
	/* unpaired surrogate escapes */
	{ "\"\\ud800\"", 0, JSON_EPARSE, NULL },
	{ "\"\\udc00\"", 0, JSON_EPARSE, NULL },
	{ "\"\\uDBFF\"", 0, JSON_EPARSE, NULL },
	{ "\"x\\ud800y\"", 0, JSON_EPARSE, NULL },
	{ "\"\\ud800\\u0041\"", 0, JSON_EPARSE, NULL },
	{ "\"\\ude00\\ud83d\"", 0, JSON_EPARSE, NULL },
	{ "\"\\ud800\\\\udc00\"", 0, JSON_EPARSE, NULL },
	{ "[\"\\ud800\",\"\\udc00\"]", 0, JSON_EPARSE, NULL },
	{ "{\"\\ud800\":1}", 0, JSON_EPARSE, NULL },
	{ "\"\\ud800", 0, JSON_EPARSE, NULL },
	/* invalid UTF-8 */
	{ "\"\xff\"", 0, JSON_EPARSE, NULL },
	{ "\"\xc3(\"", 0, JSON_EPARSE, NULL },
	{ "\"\xc3\"", 0, JSON_EPARSE, NULL },
	{ "\"\x80\"", 0, JSON_EPARSE, NULL },
	{ "\"\xe2\x82\"", 0, JSON_EPARSE, NULL },
	{ "\"\xf8\x88\x80\x80\x80\"", 0, JSON_EPARSE, NULL },
	{ "\"\xc0\x80\"", 0, JSON_EPARSE, NULL },		/* overlong */
	{ "\"\xc1\xbf\"", 0, JSON_EPARSE, NULL },		/* overlong */
	{ "\"\xe0\x80\xaf\"", 0, JSON_EPARSE, NULL },	/* overlong */
	{ "\"\xed\xa0\x80\"", 0, JSON_EPARSE, NULL },	/* surrogate */
	/* above U+10FFFF */
	{ "\"\xf4\x90\x80\x80\"", 0, JSON_EPARSE, NULL },
	{ "{\"\xc0\x80\":1}", 0, JSON_EPARSE, NULL },
};

/* A printable label for a case: bytes outside ASCII as \xHH, cut short. */
static const char *
label_of(size_t i, const char *s, size_t n)
{
	static char label[64];
	size_t j, k;

	k = (size_t)snprintf(label, sizeof(label), "#%zu ", i);
	for (j = 0; j < n && k + 5 < sizeof(label); j++) {
		if ((unsigned char)s[j] < 0x20 || (unsigned char)s[j] > 0x7e)
			k += (size_t)snprintf(label + k, sizeof(label) - k,
			    "\\x%02x", (unsigned char)s[j]);
		else
			label[k++] = s[j];
	}
	label[k] = '\0';
	return label;
}

static void
test_parse(void)
{
	struct jdoc d;
	struct jerr e;
	struct buf b;
	size_t i, n, len;
	int rc;

	json_doc_init(&d, 0);
	buf_init(&b, 0);
	for (i = 0; i < sizeof(parses) / sizeof(parses[0]); i++) {
		n = parses[i].len ? parses[i].len : strlen(parses[i].in);
		UNIT_CASE(label_of(i, parses[i].in, n));
		memset(&e, 0, sizeof(e));
		rc = json_parse(&d, parses[i].in, n, &e);
		CHECK_EQ_INT(rc, parses[i].rc);
		if (rc != JSON_OK) {
			CHECK_EQ_INT(e.code, rc);
			len = strlen(e.msg);
			CHECK(len > 0 && e.msg[len - 1] != '\n' &&
			    e.msg[len - 1] != '.');
			continue;
		}
		if (parses[i].rc != JSON_OK)
			continue;
		buf_reset(&b);
		CHECK(d.root != NULL && json_dump(&b, d.root) == 0);
		CHECK_EQ_MEM(b.data, b.len, parses[i].dump == SAME ?
		    parses[i].in : parses[i].dump);
	}
	UNIT_CASE(NULL);
	buf_free(&b);
	json_doc_free(&d);
}

static void
test_values(void)
{
	static const char nums[] = "[10000000000000001,1.10,-0,1e400]";
	static const char *want[] = { "10000000000000001", "1.10", "-0",
	    "1e400" };
	struct jdoc d;
	struct jerr e;
	struct jnode *n;
	size_t i;

	json_doc_init(&d, 0);
	CHECK_EQ_INT(json_parse(&d, nums, strlen(nums), &e), JSON_OK);
	CHECK_EQ_INT(d.root->kind, J_ARR);
	CHECK_EQ_INT(d.root->n, 4);
	for (i = 0, n = d.root->child; i < 4 && n != NULL; i++, n = n->next) {
		CHECK_EQ_INT(n->kind, J_NUM);
		CHECK(n->parent == d.root && n->key == NULL);
		CHECK_EQ_MEM(n->s, n->len, want[i]);
	}
	CHECK(n == NULL && i == 4);

	CHECK_EQ_INT(json_parse(&d, "\"a\\u0000b\"", 10, &e), JSON_OK);
	CHECK_EQ_INT(d.root->kind, J_STR);
	CHECK(d.root->len == 3 && memcmp(d.root->s, "a\0b", 4) == 0);
	CHECK_EQ_INT(json_parse(&d, "\"\\ud83d\\ude00\"", 14, &e), JSON_OK);
	CHECK_EQ_MEM(d.root->s, d.root->len, "\xF0\x9F\x98\x80");
	CHECK_EQ_INT(json_parse(&d, "[true,false,null]", 17, &e), JSON_OK);
	CHECK(d.root->child->kind == J_TRUE &&
	    d.root->child->next->kind == J_FALSE &&
	    d.root->last->kind == J_NULL);

	/* Where the error is. */
	CHECK_EQ_INT(json_parse(&d, "[\"ok\",\"\\ud800\"]", 15, &e),
	    JSON_EPARSE);
	CHECK_EQ_INT(e.col, 8);
	CHECK(strstr(e.msg, "surrogate") != NULL);
	CHECK_EQ_INT(json_parse(&d, "{\"a\":1} x", 9, &e), JSON_EPARSE);
	CHECK(e.col > 1);
	json_doc_free(&d);
}

static void
test_depth(void)
{
	struct jdoc d;
	struct jerr e;
	struct buf b;
	int i;

	json_doc_init(&d, 0);
	buf_init(&b, 0);
	for (i = 0; i < 512; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 512; i++)
		buf_addc(&b, ']');
	CHECK_EQ_INT(json_parse(&d, b.data, b.len, &e), JSON_OK);
	buf_reset(&b);
	for (i = 0; i < 513; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 513; i++)
		buf_addc(&b, ']');
	CHECK_EQ_INT(json_parse(&d, b.data, b.len, &e), JSON_EDEPTH);
	CHECK_EQ_INT(e.code, JSON_EDEPTH);
	buf_reset(&b);
	for (i = 0; i < 513; i++)
		buf_adds(&b, "{\"a\":");
	buf_addc(&b, '1');
	for (i = 0; i < 513; i++)
		buf_addc(&b, '}');
	CHECK_EQ_INT(json_parse(&d, b.data, b.len, &e), JSON_EDEPTH);
	/* The document is usable again after an error. */
	CHECK_EQ_INT(json_parse(&d, "[1]", 3, &e), JSON_OK);
	buf_free(&b);
	json_doc_free(&d);
}

/* The arena's cap, and documents bigger than one arena block. */
static void
test_memory(void)
{
	struct jdoc d;
	struct jerr e;
	struct buf b, out;
	int i;

	json_doc_init(&d, 64);
	CHECK_EQ_INT(json_parse(&d, "[1,2,3]", 7, &e), JSON_ELIMIT);
	CHECK_EQ_INT(e.code, JSON_ELIMIT);
	json_doc_free(&d);

	json_doc_init(&d, 0);
	buf_init(&b, 0);
	buf_init(&out, 0);
	buf_addc(&b, '[');
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "%s{\"k%d\":\"value %d\"}", i ? "," : "", i, i);
	buf_addc(&b, ']');
	for (i = 0; i < 3; i++) {
		CHECK_EQ_INT(json_parse(&d, b.data, b.len, &e), JSON_OK);
		CHECK_EQ_INT(d.root->n, 20000);
		buf_reset(&out);
		CHECK_EQ_INT(json_dump(&out, d.root), 0);
		CHECK(out.len == b.len && memcmp(out.data, b.data, b.len) == 0);
		CHECK_EQ_INT(json_parse(&d, "{}", 2, &e), JSON_OK);
	}
	CHECK_EQ_STR(json_doc_strdup(&d, "abcdef", 3), "abc");
	json_doc_reset(&d);
	json_doc_reset(&d);
	buf_free(&b);
	buf_free(&out);
	json_doc_free(&d);
	json_doc_free(&d);
}

static void
test_get(void)
{
	static const char doc[] = "{\"a\":1,\"b\":2,\"a\":3,\"n\\u0000ul\":4,"
	    "\"\":5}";
	struct jdoc d;
	struct jerr e;
	struct jnode *n;

	json_doc_init(&d, 0);
	CHECK_EQ_INT(json_parse(&d, doc, strlen(doc), &e), JSON_OK);
	n = json_get(d.root, "a", 1);
	CHECK(n != NULL);
	CHECK_EQ_MEM(n->s, n->len, "3");
	CHECK(n != NULL && n->klen == 1 && n->key[0] == 'a');
	n = json_get(d.root, "n\0ul", 4);
	CHECK(n != NULL && n->len == 1 && n->s[0] == '4');
	CHECK(json_get(d.root, "n", 1) == NULL);
	n = json_get(d.root, "", 0);
	CHECK(n != NULL && n->s[0] == '5');
	CHECK(json_get(d.root, "c", 1) == NULL);
	CHECK(json_get(d.root, "ab", 2) == NULL);
	CHECK(json_get(NULL, "a", 1) == NULL);
	CHECK(json_get(d.root->child, "a", 1) == NULL);
	CHECK_EQ_INT(json_parse(&d, "[1]", 3, &e), JSON_OK);
	CHECK(json_get(d.root, "0", 1) == NULL);
	json_doc_free(&d);
}

static void
test_path(void)
{
	static const char doc[] = "{\"a/b\":1,\"a\":{\"b\":2,\"c\":[10,"
	    "{\"d\":\"x\"}],\"e/f\":3},\"arr\":[[5]],\"a/c\":null}";
	static const struct {
		const char	*path;
		const char	*dump;	/* NULL: absent */
	} paths[] = {
		{ "a/b", "1" },		/* the flattened key first */
		{ "a/c", "null" },
		{ "a/c/0", "10" },
		{ "a/c/1", "{\"d\":\"x\"}" },
		{ "a/c/1/d", "\"x\"" },
		{ "a/c/2", NULL },
		{ "a/c/x", NULL },
		{ "a/c/-1", NULL },
		{ "a/c/", NULL },
		{ "a/e/f", "3" },
		{ "arr/0/0", "5" },
		{ "arr/0", "[5]" },
		{ "a/b/c", NULL },
		{ "zz", NULL },
		{ "a/zz", NULL },
		{ "", NULL },
		{ "/", NULL },
	};
	struct jdoc d;
	struct jerr e;
	struct jnode *n;
	struct buf b;
	size_t i;

	json_doc_init(&d, 0);
	buf_init(&b, 0);
	CHECK_EQ_INT(json_parse(&d, doc, strlen(doc), &e), JSON_OK);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		UNIT_CASE(paths[i].path);
		n = json_path(d.root, paths[i].path);
		if (paths[i].dump == NULL) {
			CHECK(n == NULL);
			continue;
		}
		buf_reset(&b);
		CHECK(n != NULL && json_dump(&b, n) == 0);
		CHECK_EQ_STR(b.data, paths[i].dump);
	}
	UNIT_CASE(NULL);
	n = json_path(d.root, "a");
	CHECK(n != NULL && n->kind == J_OBJ && n->n == 3);
	CHECK(json_path(NULL, "a") == NULL);

	CHECK_EQ_INT(json_parse(&d, "[1,[2,3]]", 9, &e), JSON_OK);
	n = json_path(d.root, "1/1");
	CHECK(n != NULL && n->len == 1 && n->s[0] == '3');
	n = json_path(d.root, "0");
	CHECK(n != NULL && n->s[0] == '1');
	CHECK(json_path(d.root, "2") == NULL);
	CHECK(json_path(d.root, "0/0") == NULL);
	CHECK_EQ_INT(json_parse(&d, "7", 1, &e), JSON_OK);
	CHECK(json_path(d.root, "0") == NULL);
	buf_free(&b);
	json_doc_free(&d);
}

static void
test_add_str(void)
{
	static const char in[] = "q\"b\\s/\n\r\t\b\f\x01\x1f\x7f\0"
	    "\xC3\xA9\xF0\x9F\x98\x80\xff";
	struct buf b;

	buf_init(&b, 0);
	CHECK_EQ_INT(json_add_str(&b, in, sizeof(in) - 1), 0);
	CHECK_EQ_STR(b.data, "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f"
	    "\\u0000\xC3\xA9\xF0\x9F\x98\x80\xff\"");
	buf_reset(&b);
	CHECK_EQ_INT(json_add_str(&b, "", 0), 0);
	CHECK_EQ_STR(b.data, "\"\"");
	buf_free(&b);

	/* Too big for the buffer's cap: -1, nothing written. */
	buf_init(&b, 4);
	CHECK_EQ_INT(json_add_str(&b, "abc", 3), -1);
	CHECK_EQ_INT(b.len, 0);
	CHECK_EQ_INT(json_add_str(&b, "ab", 2), 0);
	CHECK_EQ_STR(b.data, "\"ab\"");
	buf_free(&b);
}

static void
test_error_object(void)
{
	struct buf b;
	struct jdoc d;
	struct jerr e;

	buf_init(&b, 0);
	json_doc_init(&d, 0);
	CHECK_EQ_INT(json_error_object(&b, "ndpick", "in.ndjson", 3, 7,
	    "parse", "bad \"x\""), 0);
	CHECK_EQ_STR(b.data, "{\"prog\":\"ndpick\",\"file\":\"in.ndjson\","
	    "\"line\":3,\"col\":7,\"kind\":\"parse\",\"message\":"
	    "\"bad \\\"x\\\"\"}");
	CHECK_EQ_INT(json_parse(&d, b.data, b.len, &e), JSON_OK);
	buf_reset(&b);
	CHECK_EQ_INT(json_error_object(&b, "et-ingest", NULL, 0, -1, "io",
	    "a\nb\\"), 0);
	CHECK_EQ_STR(b.data, "{\"prog\":\"et-ingest\",\"file\":null,"
	    "\"line\":null,\"col\":null,\"kind\":\"io\","
	    "\"message\":\"a\\nb\\\\\"}");
	CHECK_EQ_INT(json_parse(&d, b.data, b.len, &e), JSON_OK);
	buf_free(&b);
	json_doc_free(&d);
}

struct sink {
	struct buf	 out;
	int		 calls, stop_after;
};

static int
on_elem(void *ctx, struct jdoc *d, struct jnode *elem, long line)
{
	struct sink *s = ctx;

	(void)d;
	s->calls++;
	buf_printf(&s->out, "%ld:", line);
	json_dump(&s->out, elem);
	buf_addc(&s->out, '\n');
	return s->stop_after > 0 && s->calls >= s->stop_after;
}

/* Feeds NULL-terminated lines numbered from 1; returns the first error. */
static int
stream(struct sink *s, size_t max, const char **lines, int *finish)
{
	struct jstream *js;
	struct jerr e;
	int rc = JSON_OK;
	long i;

	buf_init(&s->out, 0);
	s->calls = 0;
	js = json_stream_new(max, on_elem, s);
	if (js == NULL)
		return JSON_ENOMEM;
	for (i = 0; lines[i] != NULL && rc == JSON_OK; i++) {
		rc = json_stream_feed(js, lines[i], strlen(lines[i]), i + 1,
		    &e);
		if (rc != JSON_OK)
			CHECK_EQ_INT(e.code, rc);
	}
	*finish = rc == JSON_OK ? json_stream_finish(js, &e) : 99;
	json_stream_free(js);
	return rc;
}

static void
test_stream(void)
{
	static const char *good[] = { "[\n", "  {\"a\":1,\n",
	    "   \"b\":[1,2]},\n", "  2,\n", "  \"s\",\n", "  null, true,\n",
	    "  [1,\n", "   2]\n", "]\n", NULL };
	static const char *one[] = { "[1,\"two\",{\"3\":[]}]", NULL };
	static const char *empty[] = { "\n", "[\n", "]\n", "\n", NULL };
	static const char *blank[] = { "\n", "  \n", NULL };
	static const char *object[] = { "{\"a\":1}\n", NULL };
	static const char *scalar[] = { "1\n", NULL };
	static const char *string[] = { "\"x\"\n", NULL };
	static const char *open[] = { "[1,\n", "2\n", NULL };
	static const char *twice[] = { "[1]\n", "[2]\n", NULL };
	static const char *lone[] = { "[\"a\",\n", "\"\\ud800\"]\n", NULL };
	static const char *bad[] = { "[1,\n", "2,,\n", "]\n", NULL };
	static const char *big[] = { "[\"", "0123456789abcdef0123456789abcdef",
	    "0123456789abcdef0123456789abcdef", "\"]", NULL };
	struct sink s = { .stop_after = 0 };
	int fin;

	CHECK_EQ_INT(stream(&s, 0, good, &fin), JSON_OK);
	CHECK_EQ_INT(fin, JSON_OK);
	CHECK_EQ_STR(s.out.data, "2:{\"a\":1,\"b\":[1,2]}\n4:2\n5:\"s\"\n"
	    "6:null\n6:true\n7:[1,2]\n");
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, one, &fin), JSON_OK);
	CHECK_EQ_INT(fin, JSON_OK);
	CHECK_EQ_STR(s.out.data, "1:1\n1:\"two\"\n1:{\"3\":[]}\n");
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, empty, &fin), JSON_OK);
	CHECK_EQ_INT(fin, JSON_OK);
	CHECK_EQ_INT(s.calls, 0);
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, blank, &fin), JSON_OK);
	CHECK(fin != JSON_OK);
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, object, &fin), JSON_ETYPE);
	CHECK_EQ_INT(s.calls, 0);
	buf_free(&s.out);
	CHECK_EQ_INT(stream(&s, 0, scalar, &fin), JSON_ETYPE);
	buf_free(&s.out);
	CHECK_EQ_INT(stream(&s, 0, string, &fin), JSON_ETYPE);
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, open, &fin), JSON_OK);
	CHECK_EQ_INT(fin, JSON_EPARSE);
	CHECK_EQ_STR(s.out.data, "1:1\n2:2\n");
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, twice, &fin), JSON_EPARSE);
	CHECK_EQ_STR(s.out.data, "1:1\n");
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, lone, &fin), JSON_EPARSE);
	CHECK_EQ_STR(s.out.data, "1:\"a\"\n");
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 0, bad, &fin), JSON_EPARSE);
	CHECK_EQ_STR(s.out.data, "1:1\n2:2\n");
	buf_free(&s.out);

	CHECK_EQ_INT(stream(&s, 64, big, &fin), JSON_ELIMIT);
	buf_free(&s.out);

	s.stop_after = 2;
	CHECK_EQ_INT(stream(&s, 0, one, &fin), JSON_ECANCEL);
	CHECK_EQ_STR(s.out.data, "1:1\n1:\"two\"\n");
	buf_free(&s.out);
}

/* Many elements through one small document: it is reset between them. */
static void
test_stream_many(void)
{
	struct sink s = { .stop_after = 0 };
	struct jstream *js;
	struct jerr e;
	char line[128];
	long i, bad = 0;
	int n;

	buf_init(&s.out, 0);
	js = json_stream_new(4096, on_elem, &s);
	CHECK(js != NULL);
	CHECK_EQ_INT(json_stream_feed(js, "[\n", 2, 1, &e), JSON_OK);
	for (i = 2; i <= 50001; i++) {
		n = snprintf(line, sizeof(line),
		    "{\"id\":\"%ld\",\"v\":[%ld]}%s\n", i, i,
		    i < 50001 ? "," : "");
		if (json_stream_feed(js, line, (size_t)n, i, &e) != JSON_OK)
			bad++;
		buf_reset(&s.out);
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(json_stream_feed(js, "]", 1, i, &e), JSON_OK);
	CHECK_EQ_INT(json_stream_finish(js, &e), JSON_OK);
	CHECK_EQ_INT(s.calls, 50000);
	json_stream_free(js);
	json_stream_free(NULL);
	buf_free(&s.out);
}

int
main(void)
{
	test_parse();
	test_values();
	test_depth();
	test_memory();
	test_get();
	test_path();
	test_add_str();
	test_error_object();
	test_stream();
	test_stream_many();
	UNIT_MAIN_END();
}
