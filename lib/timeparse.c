#include <stdint.h>
#include <string.h>

#include "timeparse.h"

int64_t
time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void
time_format(int64_t t, char out[21])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400, y;
	unsigned m, d, hh, mm, ss, i;
	unsigned v[6];

	civil_from_days(days, &y, &m, &d);
	hh = (unsigned)(secs / 3600);
	mm = (unsigned)(secs / 60 % 60);
	ss = (unsigned)(secs % 60);
	v[0] = (unsigned)(y / 100 % 100);
	v[1] = (unsigned)(y % 100);
	v[2] = m;
	v[3] = d;
	v[4] = hh;
	v[5] = mm;
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	{
		static const int pos[6] = { 0, 2, 5, 8, 11, 14 };

		for (i = 0; i < 6; i++) {
			out[pos[i]] = (char)('0' + v[i] / 10);
			out[pos[i] + 1] = (char)('0' + v[i] % 10);
		}
	}
	out[17] = (char)('0' + ss / 10);
	out[18] = (char)('0' + ss % 10);
}

struct cur {
	const char *p, *e;
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads exactly n digits. */
static int
digits(struct cur *c, int n, unsigned *v)
{
	int i;

	if (c->e - c->p < n)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)c->p[i]))
			return -1;
		*v = *v * 10 + (unsigned)(c->p[i] - '0');
	}
	c->p += n;
	return 0;
}

/* Reads 1 to max digits. */
static int
number(struct cur *c, int max, unsigned *v)
{
	int n = 0;

	*v = 0;
	while (c->p < c->e && n < max && is_digit((unsigned char)*c->p)) {
		*v = *v * 10 + (unsigned)(*c->p - '0');
		c->p++;
		n++;
	}
	if (n == 0 || (c->p < c->e && is_digit((unsigned char)*c->p)))
		return -1;
	return 0;
}

static int
accept(struct cur *c, char ch)
{
	if (c->p < c->e && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

static void
skip_spaces(struct cur *c)
{
	while (c->p < c->e && *c->p == ' ')
		c->p++;
}

static int
days_in_month(int64_t y, unsigned m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

static int
word_eq(const char *w, size_t n, const char *lit)
{
	size_t i;

	if (strlen(lit) != n)
		return 0;
	for (i = 0; i < n; i++)
		if ((w[i] | 0x20) != lit[i])
			return 0;
	return 1;
}

/* Zone: Z, UTC, GMT, +HH, +HHMM, +HH:MM.  Missing zone is UTC. */
static int
zone(struct cur *c, int64_t *off)
{
	unsigned h, m = 0;
	int sign;

	*off = 0;
	skip_spaces(c);
	if (c->p == c->e)
		return 0;
	if (accept(c, 'Z') || accept(c, 'z'))
		return 0;
	if (c->e - c->p >= 3 && (word_eq(c->p, 3, "utc") ||
	    word_eq(c->p, 3, "gmt"))) {
		c->p += 3;
		if (c->p == c->e)
			return 0;
	}
	if (c->p < c->e && (*c->p == '+' || *c->p == '-')) {
		sign = *c->p++ == '-' ? -1 : 1;
		if (digits(c, 2, &h) < 0)
			return -1;
		if (c->p < c->e) {
			accept(c, ':');
			if (digits(c, 2, &m) < 0)
				return -1;
		}
		if (h > 23 || m > 59)
			return -1;
		*off = sign * (int64_t)(h * 3600 + m * 60);
		return 0;
	}
	return -1;
}

static int
frac(struct cur *c)
{
	if (accept(c, '.') || accept(c, ',')) {
		if (c->p == c->e || !is_digit((unsigned char)*c->p))
			return -1;
		while (c->p < c->e && is_digit((unsigned char)*c->p))
			c->p++;
	}
	return 0;
}

/* HH:MM[:SS[.frac]] [AM|PM]; secs receives seconds into the day. */
static int
clock_time(struct cur *c, int ampm_ok, int64_t *secs)
{
	unsigned h, m, s = 0;

	if (number(c, 2, &h) < 0 || !accept(c, ':') || digits(c, 2, &m) < 0)
		return -1;
	if (accept(c, ':') && (digits(c, 2, &s) < 0 || frac(c) < 0))
		return -1;
	skip_spaces(c);
	if (ampm_ok && c->e - c->p >= 2 && (word_eq(c->p, 2, "am") ||
	    word_eq(c->p, 2, "pm"))) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + ((c->p[0] | 0x20) == 'p' ? 12 : 0);
		c->p += 2;
	}
	if (h > 23 || m > 59 || s > 60)
		return -1;
	*secs = (int64_t)h * 3600 + m * 60 + s;
	return 0;
}

static int
finish(int64_t y, unsigned mo, unsigned d, int64_t secs, int64_t off,
    int64_t *t)
{
	if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    (int)d > days_in_month(y, mo))
		return -1;
	*t = time_days_from_civil(y, mo, d) * 86400 + secs - off;
	return *t < TIME_MIN || *t > TIME_MAX ? -1 : 0;
}

static int
iso(struct cur *c, int64_t *t)
{
	unsigned y, mo, d;
	int64_t secs = 0, off = 0;

	if (digits(c, 4, &y) < 0 || !accept(c, '-') || digits(c, 2, &mo) < 0 ||
	    !accept(c, '-') || digits(c, 2, &d) < 0)
		return -1;
	if (c->p < c->e && (*c->p == 'T' || *c->p == 't' || *c->p == ' ')) {
		c->p++;
		if (clock_time(c, 0, &secs) < 0 || zone(c, &off) < 0)
			return -1;
	}
	if (c->p != c->e)
		return -1;
	return finish(y, mo, d, secs, off, t);
}

static int
month_of(const char *w, size_t n)
{
	static const char *names[12] = {
		"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november",
		"december"
	};
	char full[16];
	int i;

	if (n < 3 || n >= sizeof(full))
		return 0;
	for (i = 0; i < 12; i++) {
		if (word_eq(w, n, names[i]))
			return i + 1;
		memcpy(full, names[i], 3);
		full[3] = '\0';
		if (word_eq(w, n, full) ||
		    (n == 4 && i == 8 && word_eq(w, n, "sept")))
			return i + 1;
	}
	return 0;
}

static size_t
word(struct cur *c)
{
	const char *s = c->p;

	while (c->p < c->e && is_alpha((unsigned char)*c->p))
		c->p++;
	return (size_t)(c->p - s);
}

static int
named(struct cur *c, int64_t *t)
{
	const char *w;
	size_t n;
	unsigned d, y;
	int m;
	int64_t secs = 0, off = 0;

	w = c->p;
	n = word(c);
	if (n > 0 && month_of(w, n) == 0) {	/* weekday */
		accept(c, '.');
		accept(c, ',');
		skip_spaces(c);
		w = c->p;
		n = word(c);
	}
	if (n > 0) {			/* Month D[,] YYYY */
		if ((m = month_of(w, n)) == 0)
			return -1;
		accept(c, '.');
		skip_spaces(c);
		if (number(c, 2, &d) < 0)
			return -1;
		accept(c, ',');
	} else {			/* D Month YYYY */
		if (number(c, 2, &d) < 0)
			return -1;
		skip_spaces(c);
		w = c->p;
		n = word(c);
		if ((m = month_of(w, n)) == 0)
			return -1;
		accept(c, '.');
		accept(c, ',');
	}
	skip_spaces(c);
	if (digits(c, 4, &y) < 0)
		return -1;
	if (c->p < c->e && is_digit((unsigned char)*c->p))
		return -1;
	accept(c, ',');
	skip_spaces(c);
	if (c->e - c->p >= 3 && word_eq(c->p, 2, "at") && c->p[2] == ' ') {
		c->p += 3;
		skip_spaces(c);
	}
	if (c->p < c->e) {
		if (clock_time(c, 1, &secs) < 0 || zone(c, &off) < 0)
			return -1;
	}
	if (c->p != c->e)
		return -1;
	return finish(y, (unsigned)m, d, secs, off, t);
}

static int
epoch(struct cur *c, int64_t *t)
{
	int64_t v = 0;
	int n = 0;

	while (c->p < c->e && is_digit((unsigned char)*c->p)) {
		if (++n > 19 || v > (INT64_MAX - (*c->p - '0')) / 10)
			return -1;
		v = v * 10 + (*c->p++ - '0');
	}
	if (n == 0 || frac(c) < 0 || c->p != c->e)
		return -1;
	if (v >= 100000000000000000LL)
		v /= 1000000000;
	else if (v >= 100000000000000LL)
		v /= 1000000;
	else if (v >= 100000000000LL)
		v /= 1000;
	*t = v;
	return v > TIME_MAX ? -1 : 0;
}

int
time_parse(const char *s, size_t n, int64_t *t)
{
	struct cur c = { s, s + n };
	const char *p;

	while (c.p < c.e && (*c.p == ' ' || *c.p == '\t'))
		c.p++;
	while (c.e > c.p && (c.e[-1] == ' ' || c.e[-1] == '\t'))
		c.e--;
	if (c.p == c.e)
		return -1;
	if (is_alpha((unsigned char)*c.p))
		return named(&c, t);
	for (p = c.p; p < c.e && is_digit((unsigned char)*p); p++)
		;
	if (p - c.p == 4 && p < c.e && *p == '-')
		return iso(&c, t);
	if (p < c.e && (*p == ' ' || is_alpha((unsigned char)*p)) &&
	    p - c.p <= 2)
		return named(&c, t);
	return epoch(&c, t);
}
