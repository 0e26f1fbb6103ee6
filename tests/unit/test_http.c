/*
 * Unit tests for the parts of lib/http that need no network (redacting
 * URLs, telling URLs and loopback hosts, Retry-After, the backoff) and for
 * in_read_secret of lib/input, which reads the tokens sent over HTTP.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/http.h"
#include "lib/input.h"
#include "unit.h"

#define SAME	NULL	/* the URL comes back unchanged */

static const struct {
	const char	*in;
	const char	*out;
} redacts[] = {
	{ "https://api.example.com/v2/items?token=abc123",
	    "https://api.example.com/v2/items?token=***" },
	/* parameter names in any case */
	{ "https://h.example/p?TOKEN=abc", "https://h.example/p?TOKEN=***" },
	{ "https://h.example/p?Key=abc&limit=10",
	    "https://h.example/p?Key=***&limit=10" },
	{ "https://h.example/p?api_key=s3cr3t&offset=0&limit=1000"
	    "&Access_Token=zz&password=hunter2",
	    "https://h.example/p?api_key=***&offset=0&limit=1000"
	    "&Access_Token=***&password=***" },
	/* nothing secret */
	{ "https://h.example/p?limit=10&format=json", SAME },
	{ "https://h.example/p?mytoken=a&tokens=b&keys=c&token", SAME },
	{ "https://h.example/p?x=token&y=key", SAME },
	/* an empty value, a value holding '=', empty parameters */
	{ "https://h.example/p?token=", "https://h.example/p?token=***" },
	{ "https://h.example/p?token=a=b&x=1",
	    "https://h.example/p?token=***&x=1" },
	{ "https://h.example/p?a=1&&token=t&",
	    "https://h.example/p?a=1&&token=***&" },
	/* a fragment ends the query, and is not a query itself */
	{ "https://h.example/p?token=abc#part-2",
	    "https://h.example/p?token=***#part-2" },
	{ "https://h.example/p?a=1#token=abc", SAME },
	{ "https://h.example/p#x?token=abc", SAME },
	/* the authority's user and password */
	{ "https://user:pa55@h.example:8443/x?y=1",
	    "https://***@h.example:8443/x?y=1" },
	{ "https://u:p@h.example/a@b?key=1",
	    "https://***@h.example/a@b?key=***" },
	{ "http://u:p@w@h.example/", "http://***@h.example/" },
	/* no query, no path */
	{ "https://h.example/p/q.json", SAME },
	{ "https://h.example", SAME },
	{ "https://h.example?token=1", "https://h.example?token=***" },
	/* no scheme: as is */
	{ "api.example.com/x?token=abc", SAME },
	{ "", SAME },
};

static void
test_redact(void)
{
	char out[512];
	size_t i;

	for (i = 0; i < sizeof(redacts) / sizeof(redacts[0]); i++) {
		UNIT_CASE(redacts[i].in);
		http_redact(redacts[i].in, out, sizeof(out));
		CHECK_EQ_STR(out, redacts[i].out != SAME ? redacts[i].out :
		    redacts[i].in);
	}
	UNIT_CASE(NULL);
}

/*
 * Cut short at every size, the output is a NUL-terminated prefix of the
 * whole and not a byte is written past outlen; the secrets never show.
 */
static void
test_redact_truncated(void)
{
	static const char url[] = "https://bob:hunter2@h.example/p?"
	    "token=s3cr3t&limit=5#top";
	char whole[256], out[128];
	size_t outlen, j;
	int bad = 0;

	UNIT_CASE("truncated");
	http_redact(url, whole, sizeof(whole));
	CHECK_EQ_STR(whole, "https://***@h.example/p?token=***&limit=5#top");
	for (outlen = 0; outlen <= strlen(whole) + 2; outlen++) {
		memset(out, 'Z', sizeof(out));
		http_redact(url, out, outlen);
		for (j = outlen; j < sizeof(out); j++)
			bad |= out[j] != 'Z';
		if (outlen == 0)
			continue;
		bad |= strlen(out) != (outlen - 1 < strlen(whole) ?
		    outlen - 1 : strlen(whole));
		bad |= strncmp(out, whole, strlen(out)) != 0;
		bad |= strstr(out, "hunter2") != NULL ||
		    strstr(out, "s3cr3t") != NULL;
	}
	CHECK(!bad);
	/* a URL without a scheme is cut the same way */
	memset(out, 'Z', sizeof(out));
	http_redact("no-scheme/at/all", out, 5);
	CHECK_EQ_STR(out, "no-s");
	CHECK(out[5] == 'Z');
	UNIT_CASE(NULL);
}

static const struct {
	const char	*s;
	int		 want;
} urls[] = {
	{ "http://x", 1 },
	{ "https://api.apify.com/v2/datasets/abc/items", 1 },
	{ "HTTPS://X", 1 },
	{ "Http://x", 1 },
	{ "hTtPs://", 1 },
	{ "ftp://x", 0 },
	{ "file:///etc/passwd", 0 },
	{ "-", 0 },
	{ "", 0 },
	{ "/tmp/comments.csv", 0 },
	{ "data/http.csv", 0 },
	{ "http:/x", 0 },
	{ "https:x", 0 },
	{ "http//x", 0 },
	{ " http://x", 0 },
};

static const struct {
	const char	*url;
	int		 want;
} loops[] = {
	{ "http://127.0.0.1/", 1 },
	{ "http://127.0.0.1", 1 },
	{ "http://127.1.2.3:8080/x", 1 },
	{ "http://localhost", 1 },
	{ "https://LOCALHOST:3000/v1/chat/completions", 1 },
	{ "http://[::1]:8080/", 1 },
	{ "http://[::1]", 1 },
	{ "http://user:pw@127.0.0.1:9/x", 1 },
	{ "http://user@localhost/?q=1", 1 },
	{ "http://localhost#frag", 1 },
	{ "http://128.0.0.1/", 0 },
	{ "http://10.0.0.1/", 0 },
	{ "https://example.com/", 0 },
	{ "http://localhost.example.com/", 0 },
	{ "http://localhostx/", 0 },
	{ "http://127.0.0.1.example.com/", 0 },
	{ "http://127.0.0.1@example.com/", 0 },
	{ "http://127.0.0.1:80@example.com/", 0 },
	{ "http://example.com/?next=http://127.0.0.1/", 0 },
	{ "http://example.com/127.0.0.1", 0 },
	{ "http://[::2]/", 0 },
	{ "localhost", 0 },
	{ "127.0.0.1:8080", 0 },
};

static void
test_url_checks(void)
{
	size_t i;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		UNIT_CASE(urls[i].s);
		CHECK_EQ_INT(http_is_url(urls[i].s), urls[i].want);
	}
	for (i = 0; i < sizeof(loops) / sizeof(loops[0]); i++) {
		UNIT_CASE(loops[i].url);
		CHECK_EQ_INT(http_is_loopback(loops[i].url), loops[i].want);
	}
	UNIT_CASE(NULL);
}

/* 2015-10-21T07:28:00Z, the date in the tests below */
#define DATE	1445412480.0

static const struct {
	const char	*v;
	double		 now;
	double		 want;
} afters[] = {
	{ "5", 0, 5 },
	{ " 120 ", 0, 120 },
	{ "0", 0, 0 },
	{ "\t7\r\n", 0, 7 },
	{ "007", 0, 7 },
	/* absurd delays are held at a billion seconds, not wrapped */
	{ "99999999999999999999999", 0, 1e9 },
	{ "Wed, 21 Oct 2015 07:28:00 GMT", DATE - 30, 30 },
	{ "Wed, 21 Oct 2015 07:28:00 GMT", DATE, 0 },
	{ "Wed, 21 Oct 2015 07:28:00 GMT", DATE + 3600, 0 },
	{ "Wednesday, 21-Oct-15 07:28:00 GMT", DATE - 60, 60 },
	{ "Wed Oct 21 07:28:00 2015", DATE - 1, 1 },
	{ "-1", 0, -1 },
	{ "-5", DATE, -1 },
	{ "5s", 0, -1 },
	{ "1.5", 0, -1 },
	{ "5 5", 0, -1 },
	{ "", 0, -1 },
	{ "   ", 0, -1 },
	{ "soon", 0, -1 },
};

static void
test_retry_after(void)
{
	char label[80];
	size_t i;

	for (i = 0; i < sizeof(afters) / sizeof(afters[0]); i++) {
		snprintf(label, sizeof(label), "Retry-After '%s'",
		    afters[i].v);
		UNIT_CASE(label);
		CHECK_EQ_INT((long long)http_retry_after(afters[i].v,
		    afters[i].now), (long long)afters[i].want);
	}
	UNIT_CASE(NULL);
}

static void
test_backoff(void)
{
	static const double want[] = { 1, 2, 4, 8, 16, 32, 60, 60, 60, 60 };
	struct http_opts o = { 0 };
	char label[40];
	int k;

	o.backoff = 1;
	o.backoff_max = 60;
	for (k = 1; k <= 10; k++) {
		snprintf(label, sizeof(label), "backoff k=%d", k);
		UNIT_CASE(label);
		CHECK(http_backoff(&o, k, 1) == want[k - 1]);
	}
	UNIT_CASE("backoff jitter");
	/* u is clamped into [0.5, 1] */
	CHECK(http_backoff(&o, 3, 0.5) == 2);
	CHECK(http_backoff(&o, 3, 0.75) == 3);
	CHECK(http_backoff(&o, 3, 0.25) == 2);
	CHECK(http_backoff(&o, 3, 0) == 2);
	CHECK(http_backoff(&o, 3, -7) == 2);
	CHECK(http_backoff(&o, 3, 1.5) == 4);
	CHECK(http_backoff(&o, 9, 0.5) == 30);
	/* many retries do not overflow; a cap below the first wait holds */
	CHECK(http_backoff(&o, 100000, 1) == 60);
	o.backoff = 0.25;
	o.backoff_max = 0.1;
	CHECK(fabs(http_backoff(&o, 1, 1) - 0.1) < 1e-12);
	UNIT_CASE(NULL);
}

static char dir[] = "/tmp/et-test-http.XXXXXX";

static void
write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK_EQ_INT(fwrite(s, 1, n, f), n);
	fclose(f);
}

static const struct {
	const char	*name;
	const char	*text;
	size_t		 outlen;
	int		 rc;
	const char	*token;
} secrets[] = {
	{ "plain", "apify_api_Xy12", 64, 0, "apify_api_Xy12" },
	{ "newline", "apify_api_Xy12\n", 64, 0, "apify_api_Xy12" },
	{ "crlf", "apify_api_Xy12\r\n", 64, 0, "apify_api_Xy12" },
	{ "blank lines after", "sk-abc\n\n\r\n", 64, 0, "sk-abc" },
	{ "punctuation", "a!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", 64, 0,
	    "a!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" },
	{ "fits exactly", "1234567", 8, 0, "1234567" },
	{ "fits exactly, newline", "1234567\n", 8, 0, "1234567" },
	{ "empty", "", 64, -2, NULL },
	{ "only a newline", "\n", 64, -2, NULL },
	{ "two lines", "first\nsecond\n", 64, -2, NULL },
	{ "two lines, no newline", "first\nsecond", 64, -2, NULL },
	{ "a space", "sk abc\n", 64, -2, NULL },
	{ "leading space", " sk-abc\n", 64, -2, NULL },
	{ "a tab", "sk\tabc", 64, -2, NULL },
	{ "a DEL", "sk\x7f" "abc", 64, -2, NULL },
	{ "a control", "sk\x01" "abc", 64, -2, NULL },
	{ "too long", "12345678", 8, -2, NULL },
	{ "much too long", "123456789012345678901234567890", 8, -2, NULL },
};

static void
test_read_secret(void)
{
	char path[300], out[80];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		UNIT_CASE(secrets[i].name);
		snprintf(path, sizeof(path), "%s/secret%zu", dir, i);
		write_file(path, secrets[i].text, strlen(secrets[i].text));
		memset(out, 'Z', sizeof(out));
		rc = in_read_secret(path, out, secrets[i].outlen);
		CHECK_EQ_INT(rc, secrets[i].rc);
		if (rc == 0 && secrets[i].rc == 0)
			CHECK_EQ_STR(out, secrets[i].token);
		/* never a byte past the buffer it was given */
		CHECK(out[secrets[i].outlen] == 'Z');
		unlink(path);
	}
	UNIT_CASE("missing");
	snprintf(path, sizeof(path), "%s/no-such-file", dir);
	errno = 0;
	CHECK_EQ_INT(in_read_secret(path, out, sizeof(out)), -1);
	CHECK_EQ_INT(errno, ENOENT);
	UNIT_CASE(NULL);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_redact();
	test_redact_truncated();
	test_url_checks();
	test_retry_after();
	test_backoff();
	test_read_secret();
	rmdir(dir);
	UNIT_MAIN_END();
}
