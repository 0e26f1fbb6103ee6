/*
 * Unit tests for the small modules: buf, utf8, idset, the option number
 * parsers, and the record writer and checker.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/idset.h"
#include "lib/json.h"
#include "lib/opt.h"
#include "lib/record.h"
#include "lib/utf8.h"
#include "tests/unit/unit.h"

static void
test_buf(void)
{
	struct buf b;
	int i;

	buf_init(&b, 8);
	CHECK(b.data != NULL && b.data[0] == '\0' && b.len == 0);
	CHECK_EQ_INT(buf_add(&b, "", 0), 0);
	CHECK_EQ_INT(buf_adds(&b, "12345"), 0);
	CHECK_EQ_INT(buf_add(&b, "678", 3), 0);
	CHECK_EQ_MEM(b.data, b.len, "12345678");
	/* At the cap every writer fails and leaves the buffer as it was. */
	CHECK_EQ_INT(buf_add(&b, "9", 1), -1);
	CHECK_EQ_INT(buf_adds(&b, "9"), -1);
	CHECK_EQ_INT(buf_addi(&b, 9), -1);
	CHECK_EQ_INT(buf_printf(&b, "%d", 9), -1);
	CHECK_EQ_INT(buf_grow(&b, 1), -1);
	CHECK_EQ_MEM(b.data, b.len, "12345678");
	CHECK_EQ_INT(buf_addc(&b, '9'), -1);
	CHECK_EQ_MEM(b.data, b.len, "12345678");
	buf_truncate(&b, 8);
	CHECK_EQ_INT(buf_grow(&b, 0), 0);
	CHECK_EQ_INT(buf_printf(&b, "%s", ""), 0);
	buf_truncate(&b, 3);
	CHECK_EQ_STR(b.data, "123");
	buf_truncate(&b, 5);
	CHECK_EQ_STR(b.data, "123");
	CHECK_EQ_INT(buf_add(&b, "abcdef", 6), -1);
	CHECK_EQ_STR(b.data, "123");
	CHECK_EQ_INT(buf_add(&b, "abcde", 5), 0);
	CHECK_EQ_STR(b.data, "123abcde");
	buf_reset(&b);
	CHECK(b.len == 0 && b.data[0] == '\0');
	buf_free(&b);
	buf_free(&b);
	CHECK(b.data != NULL && b.len == 0 && b.max == 8);

	/* A byte at a time up to the cap. */
	buf_init(&b, 100);
	for (i = 0; i < 100; i++)
		if (buf_addc(&b, (char)('a' + i % 26)) < 0)
			break;
	CHECK_EQ_INT(i, 100);
	CHECK_EQ_INT(buf_addc(&b, 'x'), -1);
	CHECK_EQ_INT(b.len, 100);
	CHECK_EQ_INT(b.data[100], '\0');
	buf_free(&b);

	/* No cap: 0 means SIZE_MAX / 2. */
	buf_init(&b, 0);
	CHECK(b.max == SIZE_MAX / 2);
	CHECK_EQ_INT(buf_grow(&b, SIZE_MAX), -1);
	CHECK_EQ_INT(buf_grow(&b, SIZE_MAX / 2 + 1), -1);
	CHECK_EQ_INT(buf_add(&b, "a\0b", 3), 0);
	CHECK(b.len == 3 && memcmp(b.data, "a\0b", 4) == 0);
	buf_reset(&b);
	CHECK_EQ_INT(buf_addi(&b, 0), 0);
	CHECK_EQ_INT(buf_addc(&b, ' '), 0);
	CHECK_EQ_INT(buf_addi(&b, -1), 0);
	CHECK_EQ_INT(buf_addc(&b, ' '), 0);
	CHECK_EQ_INT(buf_addi(&b, INT64_MAX), 0);
	CHECK_EQ_INT(buf_addc(&b, ' '), 0);
	CHECK_EQ_INT(buf_addi(&b, INT64_MIN), 0);
	CHECK_EQ_INT(buf_addc(&b, ' '), 0);
	CHECK_EQ_INT(buf_addi(&b, INT64_MIN + 1), 0);
	CHECK_EQ_STR(b.data, "0 -1 9223372036854775807 -9223372036854775808 "
	    "-9223372036854775807");
	buf_reset(&b);
	CHECK_EQ_INT(buf_printf(&b, "%s=%d;", "a", 42), 0);
	CHECK_EQ_INT(buf_printf(&b, "%0200d", 7), 0);
	CHECK_EQ_INT(b.len, 205);
	CHECK(memcmp(b.data, "a=42;000", 8) == 0 && b.data[204] == '7' &&
	    b.data[205] == '\0');
	buf_free(&b);

	/* buf_printf exactly to the cap. */
	buf_init(&b, 6);
	CHECK_EQ_INT(buf_printf(&b, "%d", 123456), 0);
	CHECK_EQ_STR(b.data, "123456");
	buf_truncate(&b, 0);
	CHECK_EQ_INT(buf_printf(&b, "%d", 1234567), -1);
	CHECK_EQ_INT(b.len, 0);
	buf_free(&b);
}

static const struct {
	const char	*s;
	size_t		 n;
	long		 want;	/* -1: valid */
} utf8s[] = {
	{ "", 0, -1 },
	{ "plain ascii", 11, -1 },
	{ "\0\0", 2, -1 },
	{ "caf\xC3\xA9", 5, -1 },
	{ "\xE2\x82\xAC", 3, -1 },			/* U+20AC */
	{ "\xF0\x9F\x98\x80", 4, -1 },			/* U+1F600 */
	{ "\xC2\x80\xDF\xBF", 4, -1 },		/* U+0080, U+07FF */
	{ "\xE0\xA0\x80\xEF\xBF\xBF", 6, -1 },	/* U+0800, U+FFFF */
	{ "\xED\x9F\xBF\xEE\x80\x80", 6, -1 },	/* U+D7FF, U+E000 */
	/* U+10000, U+10FFFF */
	{ "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 8, -1 },
	{ "0123456789abcdef\xF0\x9F\x98\x80xyz", 23, -1 },
	{ "\xC0\x80", 2, 0 },				/* overlong NUL */
	{ "abc\xC1\xBF", 5, 3 },			/* overlong */
	{ "\xE0\x80\x80", 3, 0 },			/* overlong */
	{ "\xE0\x9F\xBF", 3, 0 },			/* overlong */
	{ "\xF0\x80\x80\x80", 4, 0 },			/* overlong */
	{ "\xF0\x8F\xBF\xBF", 4, 0 },			/* overlong */
	{ "\xED\xA0\x80", 3, 0 },			/* U+D800 */
	{ "x\xED\xBF\xBF", 4, 1 },			/* U+DFFF */
	{ "ab\xF4\x90\x80\x80", 6, 2 },			/* U+110000 */
	{ "\xF5\x80\x80\x80", 4, 0 },
	{ "\xF8\x88\x80\x80\x80", 5, 0 },
	{ "\xFF", 1, 0 },
	{ "\xFE", 1, 0 },
	{ "\x80", 1, 0 },
	{ "a\xBF", 2, 1 },
	{ "\xC3", 1, 0 },				/* truncated */
	{ "x\xE2\x82", 3, 1 },				/* truncated */
	{ "\xF0\x9F\x98", 3, 0 },			/* truncated */
	{ "\xC3(", 2, 0 },
	{ "\xE2(\xA1", 3, 0 },
	{ "\xE2\x82(", 3, 0 },
	{ "\xF0\x9F\x98(", 4, 0 },
	{ "\xC3\xA9\xC3", 3, 2 },
	{ "0123456789abcdef\x80", 17, 16 },	/* after the fast path */
	{ "01234567\xC3\xA9" "89abcdef\xFF", 19, 18 },
};

static void
test_utf8(void)
{
	char label[32];
	size_t i;

	for (i = 0; i < sizeof(utf8s) / sizeof(utf8s[0]); i++) {
		snprintf(label, sizeof(label), "utf8 #%zu", i);
		UNIT_CASE(label);
		CHECK_EQ_INT(utf8_check(utf8s[i].s, utf8s[i].n), utf8s[i].want);
	}
	UNIT_CASE(NULL);
	/* Only n bytes are looked at. */
	CHECK_EQ_INT(utf8_check("ab\xFF", 2), -1);
	CHECK_EQ_INT(utf8_check("\xC3\xA9", 1), 0);
}

static void
test_idset(void)
{
	struct idset *s;
	char id[32];
	int i, n, added = 0, dup = 0;

	/* The hash is deterministic, and differs for near inputs and lengths. */
	CHECK(idset_hash("foobar", 6) == idset_hash("foobar", 6));
	CHECK(idset_hash("foobar", 6) != idset_hash("foobaz", 6));
	CHECK(idset_hash("a", 1) != idset_hash("a\0", 2));
	CHECK(idset_hash("instagram:1234567890", 20) !=
	    idset_hash("instagram:1234567891", 20));

	s = idset_new(3);
	CHECK(s != NULL);
	CHECK_EQ_INT(idset_add(s, "a", 1), 1);
	CHECK_EQ_INT(idset_add(s, "a", 1), 0);
	CHECK_EQ_INT(idset_add(s, "b", 1), 1);
	CHECK_EQ_INT(idset_add(s, "", 0), 1);
	CHECK_EQ_INT(idset_count(s), 3);
	CHECK_EQ_INT(idset_add(s, "c", 1), -2);
	CHECK_EQ_INT(idset_add(s, "", 0), 0);
	CHECK_EQ_INT(idset_add(s, "b", 1), 0);
	CHECK_EQ_INT(idset_count(s), 3);
	idset_free(s);
	idset_free(NULL);

	/* Bytes, not C strings: NULs and prefixes are distinct. */
	s = idset_new(10);
	CHECK_EQ_INT(idset_add(s, "a\0b", 3), 1);
	CHECK_EQ_INT(idset_add(s, "a\0c", 3), 1);
	CHECK_EQ_INT(idset_add(s, "a", 1), 1);
	CHECK_EQ_INT(idset_add(s, "a\0", 2), 1);
	CHECK_EQ_INT(idset_add(s, "a\0b", 3), 0);
	CHECK_EQ_INT(idset_count(s), 4);
	idset_free(s);

	/* Many ids: the table grows several times, nothing is lost. */
	s = idset_new(200000);
	for (i = 0; i < 100000; i++) {
		n = snprintf(id, sizeof(id), "instagram:%d", i * 7919);
		added += idset_add(s, id, (size_t)n) == 1;
	}
	for (i = 0; i < 100000; i++) {
		n = snprintf(id, sizeof(id), "instagram:%d", i * 7919);
		dup += idset_add(s, id, (size_t)n) == 0;
	}
	CHECK_EQ_INT(added, 100000);
	CHECK_EQ_INT(dup, 100000);
	CHECK_EQ_INT(idset_count(s), 100000);
	CHECK_EQ_INT(idset_add(s, "new", 3), 1);
	idset_free(s);

	/* The cap holds while the table grows. */
	s = idset_new(5000);
	for (i = 0, added = 0; i < 6000; i++) {
		n = snprintf(id, sizeof(id), "%d", i);
		if (idset_add(s, id, (size_t)n) == 1)
			added++;
	}
	CHECK_EQ_INT(added, 5000);
	CHECK_EQ_INT(idset_add(s, "5999", 4), -2);
	CHECK_EQ_INT(idset_add(s, "4999", 4), 0);
	idset_free(s);
}

#define LL_MAX	9223372036854775807LL
#define LL_MIN	(-LL_MAX - 1)
#define NO	(-1)		/* must fail */

static const struct {
	int		 size;	/* parse_size, else parse_num */
	const char	*s;
	long long	 min, max, want;
	int		 rc;
} nums[] = {
	{ 0, "0", 0, 10, 0, 0 },
	{ 0, "10", 0, 10, 10, 0 },
	{ 0, "007", 0, 10, 7, 0 },
	{ 0, "-5", -10, 10, -5, 0 },
	{ 0, "11", 0, 10, 0, NO },
	{ 0, "-1", 0, 10, 0, NO },
	{ 0, "-11", -10, 10, 0, NO },
	{ 0, "9223372036854775807", LL_MIN, LL_MAX, LL_MAX, 0 },
	{ 0, "-9223372036854775808", LL_MIN, LL_MAX, LL_MIN, 0 },
	{ 0, "9223372036854775808", LL_MIN, LL_MAX, 0, NO },
	{ 0, "-9223372036854775809", LL_MIN, LL_MAX, 0, NO },
	{ 0, "", 0, 10, 0, NO },
	{ 0, " 5", 0, 10, 0, NO },
	{ 0, "+5", 0, 10, 0, NO },
	{ 0, "5 ", 0, 10, 0, NO },
	{ 0, "5x", 0, 10, 0, NO },
	{ 0, "0x10", 0, 100, 0, NO },
	{ 0, "1e3", 0, 10000, 0, NO },
	{ 0, "5K", 0, 10000, 0, NO },
	{ 0, "-", -10, 10, 0, NO },
	{ 1, "64", 64, 1LL << 30, 64, 0 },
	{ 1, "1K", 0, 1LL << 30, 1024, 0 },
	{ 1, "1k", 0, 1LL << 30, 1024, 0 },
	{ 1, "16M", 0, 1LL << 30, 16777216, 0 },
	{ 1, "2m", 0, 1LL << 30, 2097152, 0 },
	{ 1, "1G", 0, 1LL << 30, 1073741824, 0 },
	{ 1, "1g", 0, 1LL << 30, 1073741824, 0 },
	{ 1, "0K", 0, 10, 0, 0 },
	{ 1, "8589934591G", 0, LL_MAX, 8589934591LL << 30, 0 },
	{ 1, "8589934592G", 0, LL_MAX, 0, NO },
	{ 1, "9223372036854775807", 0, LL_MAX, LL_MAX, 0 },
	{ 1, "99999999999999999999", 0, LL_MAX, 0, NO },
	{ 1, "63", 64, 1LL << 30, 0, NO },
	{ 1, "2G", 64, 1LL << 30, 0, NO },
	{ 1, "1025M", 64, 1LL << 30, 0, NO },
	{ 1, "1T", 0, LL_MAX, 0, NO },
	{ 1, "1KB", 0, LL_MAX, 0, NO },
	{ 1, "1 K", 0, LL_MAX, 0, NO },
	{ 1, "K", 0, LL_MAX, 0, NO },
	{ 1, "", 0, LL_MAX, 0, NO },
	{ 1, "-1", LL_MIN, LL_MAX, 0, NO },
	{ 1, " 1", 0, LL_MAX, 0, NO },
	{ 1, "+1", 0, LL_MAX, 0, NO },
	{ 1, "1.5K", 0, LL_MAX, 0, NO },
	{ 1, "0x10", 0, LL_MAX, 0, NO },
};

static void
test_nums(void)
{
	long long v;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		UNIT_CASE(nums[i].s);
		v = 4242;
		rc = nums[i].size ?
		    parse_size(nums[i].s, nums[i].min, nums[i].max, &v) :
		    parse_num(nums[i].s, nums[i].min, nums[i].max, &v);
		CHECK_EQ_INT(rc, nums[i].rc);
		CHECK_EQ_INT(v, nums[i].rc == 0 ? nums[i].want : 4242);
	}
	UNIT_CASE(NULL);
	CHECK_EQ_INT(parse_num(NULL, 0, 10, &v), -1);
	CHECK_EQ_INT(parse_size(NULL, 0, 10, &v), -1);
}

static const char full_line[] =
    "{\"id\":\"instagram:c1\",\"platform\":\"instagram\","
    "\"post\":{\"id\":\"p1\",\"shortcode\":\"ABC123\","
    "\"url\":\"https://instagram.com/p/ABC123/\",\"caption\":\"cap \\u0001\","
    "\"subject\":\"Taylor Swift\",\"posted_at\":\"2025-11-20T00:00:00Z\"},"
    "\"author\":\"user_1\",\"text\":\"hi \\\"there\\\"\\n\xF0\x9F\x98\x80\","
    "\"created_at\":\"2025-11-21T01:45:03Z\",\"likes\":42,\"replies\":0,"
    "\"parent_id\":\"instagram:c0\",\"context\":\"reply\","
    "\"source\":{\"format\":\"csv\",\"file\":\"in \\\"1\\\".csv\","
    "\"line\":7},\"raw\":{\"k\":[1]},\"x\":true}\n";

static const char null_line[] =
    "{\"id\":\"tiktok:2\",\"platform\":\"tiktok\","
    "\"post\":{\"id\":null,\"shortcode\":null,\"url\":null,\"caption\":null,"
    "\"subject\":null,\"posted_at\":null},\"author\":null,\"text\":null,"
    "\"created_at\":\"1969-12-31T23:59:59Z\",\"likes\":null,"
    "\"replies\":null,\"parent_id\":null,\"context\":null,"
    "\"source\":{\"format\":\"ndjson\",\"file\":\"<stdin>\",\"line\":null}}\n";

static void
test_record_write(void)
{
	struct comment c = {
		.id = SV("instagram:c1"),
		.platform = SV("instagram"),
		.author = SV("user_1"),
		.text = SV("hi \"there\"\n\xF0\x9F\x98\x80"),
		.parent_id = SV("instagram:c0"),
		.context = SV("reply"),
		.post = {
			.id = SV("p1"),
			.shortcode = SV("ABC123"),
			.url = SV("https://instagram.com/p/ABC123/"),
			.caption = SV("cap \x01"),
			.subject = SV("Taylor Swift"),
			.posted_at = 1763596800,
			.has_posted_at = 1,
		},
		.created_at = 1763689503,
		.likes = 42,
		.replies = 0,
		.has_likes = 1,
		.has_replies = 1,
		.format = "csv",
		.file = "in \"1\".csv",
		.line = 7,
		.raw = SV("{\"k\":[1]}"),
		.extra = SV(",\"x\":true"),
	};
	struct comment z = {
		.id = SV("tiktok:2"),
		.platform = SV("tiktok"),
		.author = SV_NULL,
		.text = SV_NULL,
		.parent_id = SV_NULL,
		.context = SV_NULL,
		.post = { .id = SV_NULL },
		.created_at = -1,
		.format = "ndjson",
		.file = "<stdin>",
		.line = 0,
		.raw = SV_NULL,
		.extra = SV_NULL,
	};
	struct buf b;
	struct jdoc d;
	struct jerr e;
	char msg[128];
	int64_t t = 0;

	buf_init(&b, 0);
	json_doc_init(&d, 0);
	CHECK_EQ_INT(record_write(&b, &c), 0);
	CHECK_EQ_STR(b.data, full_line);
	CHECK_EQ_INT(json_parse(&d, b.data, b.len - 1, &e), JSON_OK);
	CHECK_EQ_INT(record_check(d.root, &t, msg, sizeof(msg)), 0);
	CHECK_EQ_INT(t, 1763689503);

	buf_reset(&b);
	CHECK_EQ_INT(record_write(&b, &z), 0);
	CHECK_EQ_STR(b.data, null_line);
	CHECK_EQ_INT(json_parse(&d, b.data, b.len - 1, &e), JSON_OK);
	CHECK_EQ_INT(record_check(d.root, &t, msg, sizeof(msg)), -1);
	CHECK_EQ_STR(msg, "missing string field 'text'");
	buf_free(&b);

	/* A buffer too small for the record: -1. */
	buf_init(&b, 100);
	CHECK_EQ_INT(record_write(&b, &c), -1);
	buf_free(&b);
	json_doc_free(&d);
}

#define REC(x)	"{\"id\":\"c1\",\"platform\":\"ig\",\"text\":\"t\"," \
		"\"created_at\":\"2025-11-21T01:45:03Z\"" x "}"
#define E_OBJ	"record is not a JSON object"
#define E_ID	"missing or empty string field 'id'"
#define E_TEXT	"missing string field 'text'"
#define E_TIME	"'created_at' is not an RFC 3339 UTC time"
#define E_PLAT	"missing or empty string field 'platform'"
#define E_AUTH	"'author' or 'parent_id' is not a string or null"
#define E_CNT	"'likes' or 'replies' is not a non-negative integer"
#define E_CTX	"'context' is not direct, reply or thread"
#define E_POST	"'post' is not an object"
#define E_PFLD	"a 'post' field is not a string or null"
#define E_PTIME	"'post.posted_at' is not an RFC 3339 UTC time"

static const struct {
	const char	*json;
	const char	*why;	/* NULL: valid; else the start of msg */
} recs[] = {
	{ REC(""), NULL },
	{ REC(",\"author\":null,\"parent_id\":\"c0\",\"likes\":0,"
	    "\"replies\":123456789012345678,\"context\":\"thread\","
	    "\"post\":{\"id\":\"p\",\"url\":null,\"posted_at\":"
	    "\"2025-11-20T00:00:00Z\"},\"extra\":{\"any\":[1,2]}"), NULL },
	{ REC(",\"context\":\"direct\",\"post\":null,\"likes\":null"), NULL },
	{ REC(",\"context\":\"reply\",\"post\":{\"posted_at\":null}"), NULL },
	{ REC(",\"text\":\"\""), NULL },
	{ "[]", E_OBJ },
	{ "\"x\"", E_OBJ },
	{ "{\"platform\":\"ig\",\"text\":\"t\","
	    "\"created_at\":\"2025-11-21T01:45:03Z\"}", E_ID },
	{ REC(",\"id\":\"\""), E_ID },
	{ REC(",\"id\":1"), E_ID },
	{ REC(",\"id\":null"), E_ID },
	{ "{\"id\":\"c1\",\"platform\":\"ig\","
	    "\"created_at\":\"2025-11-21T01:45:03Z\"}", E_TEXT },
	{ REC(",\"text\":null"), E_TEXT },
	{ REC(",\"text\":[]"), E_TEXT },
	{ "{\"id\":\"c1\",\"platform\":\"ig\",\"text\":\"t\"}", E_TIME },
	{ REC(",\"created_at\":null"), E_TIME },
	{ REC(",\"created_at\":1763689503"), E_TIME },
	{ REC(",\"created_at\":\"1763689503\""), E_TIME },
	{ REC(",\"created_at\":\"2025-11-21 01:45:03Z\""), E_TIME },
	{ REC(",\"created_at\":\"2025-11-21t01:45:03z\""), E_TIME },
	{ REC(",\"created_at\":\"2025-11-21T01:45:03+00:00\""), E_TIME },
	{ REC(",\"created_at\":\"2025-11-21T01:45:03.000Z\""), E_TIME },
	{ REC(",\"created_at\":\"2025-11-21T01:45Z\""), E_TIME },
	{ REC(",\"created_at\":\"2025-11-31T01:45:03Z\""), E_TIME },
	{ REC(",\"created_at\":\"2016-12-31T23:59:60Z\""), E_TIME },
	{ REC(",\"created_at\":\"November 21, 2025\""), E_TIME },
	{ REC(",\"platform\":\"\""), E_PLAT },
	{ REC(",\"platform\":null"), E_PLAT },
	{ "{\"id\":\"c1\",\"text\":\"t\","
	    "\"created_at\":\"2025-11-21T01:45:03Z\"}", E_PLAT },
	{ REC(",\"author\":1"), E_AUTH },
	{ REC(",\"author\":{}"), E_AUTH },
	{ REC(",\"parent_id\":true"), E_AUTH },
	{ REC(",\"likes\":-1"), E_CNT },
	{ REC(",\"likes\":1.5"), E_CNT },
	{ REC(",\"likes\":1e3"), E_CNT },
	{ REC(",\"likes\":\"3\""), E_CNT },
	{ REC(",\"likes\":-0"), E_CNT },
	{ REC(",\"replies\":1234567890123456789"), E_CNT },
	{ REC(",\"replies\":false"), E_CNT },
	{ REC(",\"context\":\"other\""), E_CTX },
	{ REC(",\"context\":\"Direct\""), E_CTX },
	{ REC(",\"context\":\"\""), E_CTX },
	{ REC(",\"context\":1"), E_CTX },
	{ REC(",\"post\":1"), E_POST },
	{ REC(",\"post\":[]"), E_POST },
	{ REC(",\"post\":{\"url\":1}"), E_PFLD },
	{ REC(",\"post\":{\"caption\":[]}"), E_PFLD },
	{ REC(",\"post\":{\"posted_at\":\"2025-11-20\"}"), E_PTIME },
	{ REC(",\"post\":{\"posted_at\":0}"), E_PTIME },
};

static void
test_record_check(void)
{
	struct jdoc d;
	struct jerr e;
	char msg[128], label[32];
	int64_t t;
	size_t i;

	json_doc_init(&d, 0);
	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		snprintf(label, sizeof(label), "record #%zu", i);
		UNIT_CASE(label);
		t = 0;
		memset(msg, 0, sizeof(msg));
		CHECK_EQ_INT(json_parse(&d, recs[i].json, strlen(recs[i].json),
		    &e), JSON_OK);
		if (recs[i].why == NULL) {
			CHECK_EQ_INT(record_check(d.root, &t, msg, sizeof(msg)),
			    0);
			CHECK_EQ_INT(t, 1763689503);
		} else {
			CHECK_EQ_INT(record_check(d.root, &t, msg, sizeof(msg)),
			    -1);
			CHECK(strncmp(msg, recs[i].why, strlen(recs[i].why))
			    == 0);
		}
	}
	UNIT_CASE(NULL);
	CHECK_EQ_INT(record_check(NULL, &t, msg, sizeof(msg)), -1);
	CHECK_EQ_STR(msg, E_OBJ);
	/* The message is cut to msglen. */
	CHECK_EQ_INT(record_check(NULL, &t, msg, 7), -1);
	CHECK_EQ_STR(msg, "record");
	json_doc_free(&d);
}

int
main(void)
{
	test_buf();
	test_utf8();
	test_idset();
	test_nums();
	test_record_write();
	test_record_check();
	UNIT_MAIN_END();
}
