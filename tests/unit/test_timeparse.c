/*
 * Unit tests for lib/timeparse.  Expected values come from GNU date, e.g.
 * date -u -d '2025-11-20T10:00:00+02:00' +%s, not from the code under test.
 */
#include <stdint.h>
#include <string.h>

#include "lib/timeparse.h"
#include "tests/unit/unit.h"

#define BAD	INT64_MIN	/* time_parse must fail */

static const struct {
	const char	*in;
	int64_t		 want;
} cases[] = {
	/* epoch numbers, unit told apart by magnitude */
	{ "1763689503", 1763689503 },
	{ "1763689503123", 1763689503 },
	{ "1763689503123456", 1763689503 },
	{ "1763689503123456789", 1763689503 },
	{ "1763689503.999", 1763689503 },
	{ "1763689503123.5", 1763689503 },
	{ "1763689503,5", 1763689503 },
	{ "0", 0 },
	{ "99999999999", 99999999999 },	/* under 1e11: seconds */
	{ "100000000000", 100000000 },		/* 1e11: milliseconds */
	{ "99999999999999", 99999999999 },	/* just under 1e14: ms */
	{ "100000000000000", 100000000 },	/* 1e14: microseconds */
	{ "100000000000000000", 100000000 },	/* 1e17: nanoseconds */
	{ "9223372036854775807", 9223372036 },	/* INT64_MAX ns */
	{ "  1763689503\t", 1763689503 },
	{ "253402300799", 253402300 },		/* read as ms */
	{ "1763689503.", BAD },
	{ ".5", BAD },
	{ "+1763689503", BAD },
	{ "-1", BAD },
	{ "1763689503abc", BAD },
	{ "12345678901234567890", BAD },	/* 20 digits */

	/* ISO 8601 / RFC 3339 */
	{ "2025-11-21T01:45:03Z", 1763689503 },
	{ "2025-11-20T10:00:00Z", 1763632800 },
	{ "2025-11-20t10:00:00z", 1763632800 },
	{ "2025-11-20T10:00:00", 1763632800 },
	{ "2025-11-20T10:00Z", 1763632800 },
	{ "2025-11-20T10:00:00+02:00", 1763625600 },
	{ "2025-11-20T10:00:00+0200", 1763625600 },
	{ "2025-11-20T10:00:00+02", 1763625600 },
	{ "2025-11-20T10:00:00-05", 1763650800 },
	{ "2025-11-20T10:00:00-05:00", 1763650800 },
	{ "2025-11-20T10:00:00+05:30", 1763613000 },
	{ "2025-11-20T10:00:00-00:30", 1763634600 },
	{ "2025-11-20T10:00:00 UTC", 1763632800 },
	{ "2025-11-20T10:00:00GMT", 1763632800 },
	{ "2025-11-20 10:00:00Z", 1763632800 },
	{ "2025-11-20 15:45:00", 1763653500 },
	{ "2025-11-20", 1763596800 },
	{ " 2025-11-20 ", 1763596800 },
	{ "2025-11-25T21:35:03.000Z", 1764106503 },
	{ "2025-11-25T21:35:03.123456789Z", 1764106503 },
	{ "2025-11-25T21:35:03,5+00:00", 1764106503 },
	{ "2024-02-29", 1709164800 },
	{ "2024-02-29T23:59:59Z", 1709251199 },
	{ "2000-02-29T12:34:56Z", 951827696 },
	{ "1969-12-31T23:59:59Z", -1 },
	{ "1900-01-01T00:00:00Z", -2208988800LL },
	{ "0001-01-01T00:00:00Z", TIME_MIN },
	{ "9999-12-31T23:59:59Z", TIME_MAX },
	{ "2023-02-29", BAD },
	{ "1900-02-29", BAD },
	{ "2025-13-01", BAD },
	{ "2025-00-10", BAD },
	{ "2025-11-31", BAD },
	{ "2025-11-00", BAD },
	{ "0000-01-01", BAD },			/* year 0 */
	{ "0000-12-31T23:59:59Z", BAD },
	{ "0001-01-01T00:00:00+00:01", BAD },	/* before TIME_MIN */
	{ "9999-12-31T23:59:59-00:01", BAD },	/* after TIME_MAX */
	{ "2025-11-20T25:00:00Z", BAD },
	{ "2025-11-20T24:00:00Z", BAD },
	{ "2025-11-20T10:60:00Z", BAD },
	{ "2025-11-20T10:00:61Z", BAD },
	{ "2025-11-20T10:00:00+24:00", BAD },
	{ "2025-11-20T10:00:00+02:60", BAD },
	{ "2025-11-20T10:00:00+2", BAD },
	{ "2025-11-20T10:00:00Zjunk", BAD },
	{ "2025-11-20T10:00:00.Z", BAD },
	{ "2025-11-20T", BAD },
	{ "2025-11-20T10", BAD },
	{ "2025-11-20x", BAD },
	{ "2025-11-20 junk", BAD },
	{ "2025-1-20", BAD },
	{ "2025/11/20", BAD },
	{ "20251120", 20251120 },		/* an epoch number */

	/* month names */
	{ "November 20, 2025", 1763596800 },
	{ "Nov 20 2025", 1763596800 },
	{ "Nov 20, 2025", 1763596800 },
	{ "nov. 20, 2025", 1763596800 },
	{ "NOVEMBER 20 2025", 1763596800 },
	{ "20 November 2025", 1763596800 },
	{ "20 Nov 2025", 1763596800 },
	{ "Sept 3, 2024", 1725321600 },
	{ "Sep 3, 2024", 1725321600 },
	{ "September 3, 2024", 1725321600 },
	{ "Thu, 20 Nov 2025 10:00:00 +0000", 1763632800 },
	{ "Thu, 20 Nov 2025 10:00:00 GMT", 1763632800 },
	{ "Thu, 20 Nov 2025 12:00:00 +0200", 1763632800 },
	{ "Thursday, November 20, 2025", 1763596800 },
	{ "November 20, 2025 at 3:45 PM", 1763653500 },
	{ "November 20, 2025 3:45pm", 1763653500 },
	{ "Nov 20, 2025 12:00 AM", 1763596800 },
	{ "Nov 20, 2025 12:00 PM", 1763640000 },
	{ "Nov 20, 2025 12:30:15 AM", 1763598615 },
	{ "Nov 20, 2025 10:00", 1763632800 },
	{ "Feb 29, 2024", 1709164800 },
	{ "Feb 29, 2023", BAD },
	{ "Nov 31, 2025", BAD },
	{ "Nov 20, 2025 13:00 PM", BAD },
	{ "Nov 20, 2025 0:30 AM", BAD },
	{ "Nov 20, 2025 foo", BAD },
	{ "Nov 20, 25", BAD },
	{ "Nov 20, 20251", BAD },
	{ "Nox 20, 2025", BAD },
	{ "Thu, 20 Nov 2025 10:00:00 +0000 x", BAD },
	{ "No 20 2025", BAD },

	/* not times at all */
	{ "", BAD },
	{ "   ", BAD },
	{ "yesterday", BAD },
	{ "now", BAD },
	{ "25:00", BAD },
	{ "10:00", BAD },
	{ "-", BAD },
	{ "T", BAD },
};

/* Values time_format must write, each read back by time_parse. */
static const struct {
	int64_t		 t;
	const char	*want;
} formats[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ 1, "1970-01-01T00:00:01Z" },
	{ -1, "1969-12-31T23:59:59Z" },
	{ -86400, "1969-12-31T00:00:00Z" },
	{ -86401, "1969-12-30T23:59:59Z" },
	{ -2208988800LL, "1900-01-01T00:00:00Z" },
	{ TIME_MIN, "0001-01-01T00:00:00Z" },
	{ TIME_MAX, "9999-12-31T23:59:59Z" },
	{ 951827696, "2000-02-29T12:34:56Z" },
	{ 1709251199, "2024-02-29T23:59:59Z" },
	{ 1763689503, "2025-11-21T01:45:03Z" },
	{ 1764106503, "2025-11-25T21:35:03Z" },
	{ 4107542399LL, "2100-02-28T23:59:59Z" },
	{ 4107542400LL, "2100-03-01T00:00:00Z" },
};

static void
test_parse(void)
{
	char label[96];
	int64_t t;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(label, sizeof(label), "\"%s\"", cases[i].in);
		UNIT_CASE(label);
		t = 12345;
		rc = time_parse(cases[i].in, strlen(cases[i].in), &t);
		if (cases[i].want == BAD) {
			CHECK_EQ_INT(rc, -1);
		} else {
			CHECK_EQ_INT(rc, 0);
			CHECK_EQ_INT(t, cases[i].want);
		}
	}
	UNIT_CASE(NULL);
}

/* Only n bytes are read: no NUL needed, the rest is ignored. */
static void
test_length(void)
{
	char s[10];
	int64_t t = 0;

	memcpy(s, "2025-11-20", 10);
	CHECK_EQ_INT(time_parse(s, sizeof(s), &t), 0);
	CHECK_EQ_INT(t, 1763596800);
	CHECK_EQ_INT(time_parse("2025-11-20T10:00:00Zjunk", 20, &t), 0);
	CHECK_EQ_INT(t, 1763632800);
	CHECK_EQ_INT(time_parse("17636895031", 10, &t), 0);
	CHECK_EQ_INT(t, 1763689503);
	CHECK_EQ_INT(time_parse("2025-11-20", 0, &t), -1);
	CHECK_EQ_INT(time_parse("2025\0-11-20", 11, &t), -1);
}

static void
test_format(void)
{
	char out[21], label[32];
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		snprintf(label, sizeof(label), "%lld",
		    (long long)formats[i].t);
		UNIT_CASE(label);
		memset(out, 'x', sizeof(out));
		time_format(formats[i].t, out);
		CHECK_EQ_STR(out, formats[i].want);
		t = 0;
		CHECK_EQ_INT(time_parse(out, 20, &t), 0);
		CHECK_EQ_INT(t, formats[i].t);
	}
	UNIT_CASE(NULL);
}

/* Every second-of-day offset and days across the whole range survive. */
static void
test_round_trip(void)
{
	char out[21];
	int64_t t, back;
	long bad = 0, n = 0;

	for (t = TIME_MIN; t <= TIME_MAX - 7777777; t += 7777777 + t % 13) {
		time_format(t, out);
		if (time_parse(out, 20, &back) != 0 || back != t)
			bad++;
		n++;
	}
	for (t = -86400 * 3; t < 86400 * 3; t += 17) {
		time_format(t, out);
		if (time_parse(out, 20, &back) != 0 || back != t)
			bad++;
		n++;
	}
	CHECK(n > 40000);
	CHECK_EQ_INT(bad, 0);
}

static void
test_days(void)
{
	CHECK_EQ_INT(time_days_from_civil(1970, 1, 1), 0);
	CHECK_EQ_INT(time_days_from_civil(1969, 12, 31), -1);
	CHECK_EQ_INT(time_days_from_civil(2000, 3, 1), 11017);
	CHECK_EQ_INT(time_days_from_civil(2025, 11, 20), 20412);
	CHECK_EQ_INT(time_days_from_civil(1, 1, 1), -719162);
	CHECK_EQ_INT(time_days_from_civil(9999, 12, 31), 2932896);
}

/*
 * 19 digits above INT64_MAX must be refused, not wrapped (last, because
 * with -fsanitize=undefined the overflow stops the program).
 */
static void
test_overflow(void)
{
	static const char *in[] = { "9223372036854775808",
	    "9999999999999999999", "9763689503123456481" };
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		UNIT_CASE(in[i]);
		CHECK_EQ_INT(time_parse(in[i], strlen(in[i]), &t), -1);
	}
	UNIT_CASE(NULL);
}

int
main(void)
{
	test_parse();
	test_length();
	test_format();
	test_round_trip();
	test_days();
	test_overflow();
	UNIT_MAIN_END();
}
