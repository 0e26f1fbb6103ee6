/*
 * The brief's content, built from an et-agg(1) document: which sections
 * come in which order, every sentence of the executive summary and of the
 * one-line insights (rules over the numbers, nothing invented), and the
 * tables and chart data.  The renderers only draw these blocks.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "brief.h"
#include "json.h"
#include "timeparse.h"
#include "xalloc.h"

#define TOP_TABLE	25	/* entities in the table */
#define TOP_CHART	5	/* entities in the trend chart */
#define TOP_DIST	10	/* entities in the distribution chart */
#define TOP_QUOTED	5	/* entities with representative comments */
#define EXCERPT		160	/* characters of a caption in a table */

struct ctx {
	struct brief	*b;
	const struct jnode *doc;
	int		 err;		/* out of memory */
	double		 weak, strong;
};

/* ------------------------------------------------------------ strings */

static char *
sdup(struct ctx *c, const char *s)
{
	char *p = xstrndup(s, strlen(s));

	if (p == NULL)
		c->err = 1;
	return p;
}

static char *
sfmt(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2,
    3)));

static char *
sfmt(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = xmalloc((size_t)n + 1)) == NULL) {
		c->err = 1;
		return NULL;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * Control characters (C0, DEL, C1) become spaces: an escape sequence in a
 * comment must not reach a terminal, and no format wants them.
 */
static void
decontrol(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; p != NULL && *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7F)
			*p = ' ';
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			p[0] = ' ';
			p[1] = ' ';
			p++;
		}
	}
}

/* A JSON string member as a C string (a copy); "" when absent. */
static char *
jstr(struct ctx *c, const struct jnode *o, const char *k)
{
	const struct jnode *n = json_get(o, k, strlen(k));
	char *p;

	if (n == NULL || n->kind != J_STR)
		return sdup(c, "");
	if ((p = xstrndup(n->s, n->len)) == NULL)
		c->err = 1;
	/* a NUL inside would cut the string short: harmless */
	decontrol(p);
	return p;
}

static int
jhas(const struct jnode *o, const char *k)
{
	const struct jnode *n = json_get(o, k, strlen(k));

	return n != NULL && n->kind == J_NUM;
}

static double
jnum(const struct jnode *o, const char *k)
{
	const struct jnode *n = json_get(o, k, strlen(k));
	char tmp[64];

	if (n == NULL || n->kind != J_NUM || n->len >= sizeof(tmp))
		return 0;
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	return strtod(tmp, NULL);
}

static const struct jnode *
jarr(const struct jnode *o, const char *k)
{
	const struct jnode *n = json_get(o, k, strlen(k));

	return n != NULL && n->kind == J_ARR ? n : NULL;
}

static const struct jnode *
jobj(const struct jnode *o, const char *k)
{
	const struct jnode *n = json_get(o, k, strlen(k));

	return n != NULL && n->kind == J_OBJ ? n : NULL;
}

void
brief_number(char *out, size_t cap, double v)
{
	char t[32];
	size_t n, i, k = 0;

	if (!isfinite(v)) {
		snprintf(out, cap, "-");
		return;
	}
	if (fabs(v) >= 1e15 || v != floor(v)) {
		snprintf(out, cap, fabs(v) >= 1e15 ? "%.3g" : "%.2f", v);
		return;
	}
	n = (size_t)snprintf(t, sizeof(t), "%.0f", fabs(v));
	if (v < 0 && k + 1 < cap)
		out[k++] = '-';
	for (i = 0; i < n && k + 2 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = t[i];
	}
	out[k] = '\0';
}

static char *
count(struct ctx *c, double v)
{
	char t[40];

	brief_number(t, sizeof(t), v);
	return sdup(c, t);
}

void
brief_score(char *out, size_t cap, double v)
{
	if (!isfinite(v))
		snprintf(out, cap, "-");
	else if (fabs(v) < 0.0005)
		snprintf(out, cap, "0.000");
	else
		snprintf(out, cap, "%+.3f", v);
}

static char *
score(struct ctx *c, double v)
{
	char t[32];

	brief_score(t, sizeof(t), v);
	return sdup(c, t);
}

static const char *
label_words(const char *label)
{
	static const struct {
		const char *k, *v;
	} w[] = { { "strongly_negative", "strongly negative" },
	    { "negative", "negative" }, { "neutral", "neutral" },
	    { "positive", "positive" },
	    { "strongly_positive", "strongly positive" } };
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strcmp(label, w[i].k) == 0)
			return w[i].v;
	return "no score";
}

static enum tone
tone_of(const struct ctx *c, double v)
{
	if (v <= -c->strong)
		return TONE_SNEG;
	if (v <= -c->weak)
		return TONE_NEG;
	if (v < c->weak)
		return TONE_NEU;
	return v < c->strong ? TONE_POS : TONE_SPOS;
}

/* The band of a mean, in words. */
static const char *
band_words(const struct ctx *c, double v)
{
	static const char *const w[] = { "", "strongly positive", "positive",
	    "neutral", "negative", "strongly negative" };

	return w[tone_of(c, v)];
}

/*
 * A time member, parsed and written back in the canonical form (so that
 * cutting it is safe): fmt 'd' "2025-11-26", 'm' "2025-11-26 05:00",
 * 'h' "11-26 05h"; "-" when the member is not a time.
 */
static void
time_of(char *out, size_t cap, const struct jnode *o, const char *k,
    int fmt)
{
	const struct jnode *n = json_get(o, k, strlen(k));
	char t[21];
	int64_t v;

	if (n == NULL || n->kind != J_STR || time_parse(n->s, n->len,
	    &v) < 0) {
		snprintf(out, cap, "-");
		return;
	}
	time_format(v, t);
	if (fmt == 'd')
		snprintf(out, cap, "%.10s", t);
	else if (fmt == 'm')
		snprintf(out, cap, "%.10s %.5s", t, t + 11);
	else
		snprintf(out, cap, "%.5s %.2sh", t + 5, t + 11);
}

/* At most n characters of s, cut at a character boundary, with "…". */
static char *
excerpt(struct ctx *c, const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t i = 0, chars = 0, len = strlen(s);
	char *p;

	while (i < len && chars < n) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			break;
		i += (size_t)k;
		chars++;
	}
	if (i >= len)
		return sdup(c, s);
	if ((p = xmalloc(i + 4)) == NULL) {
		c->err = 1;
		return NULL;
	}
	memcpy(p, s, i);
	memcpy(p + i, "\xE2\x80\xA6", 4);	/* … and the NUL */
	return p;
}

/* Newlines and tabs in a comment become spaces: one block of text. */
static void
flatten(char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s == '\n' || *s == '\r' || *s == '\t')
			*s = ' ';
}

size_t
brief_width(const char *s)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t i = 0, w = 0, len = strlen(s);
	int cw;

	while (i < len) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			i++;
			w++;
			continue;
		}
		i += (size_t)k;
		cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

/* ------------------------------------------------------------ blocks */

static struct block *
block(struct ctx *c, enum block_kind kind)
{
	struct block *p;

	if (c->err)
		return NULL;
	p = xrealloc(c->b->b, (c->b->n + 1) * sizeof(*p));
	if (p == NULL) {
		c->err = 1;
		return NULL;
	}
	c->b->b = p;
	p = &p[c->b->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	return p;
}

static void
text_block(struct ctx *c, enum block_kind kind, char *text)
{
	struct block *b = block(c, kind);

	if (b == NULL) {
		free(text);
		return;
	}
	b->text = text;
	if (text == NULL)
		c->err = 1;
}

static void
heading(struct ctx *c, const char *id, const char *text)
{
	struct block *b = block(c, BK_HEADING);

	if (b != NULL) {
		b->id = sdup(c, id);
		b->text = sdup(c, text);
	}
}

static void
note(struct ctx *c, const char *text)
{
	text_block(c, BK_NOTE, sdup(c, text));
}

static void
push_line(struct ctx *c, struct block *b, char *s)
{
	char **p;

	if (b == NULL || s == NULL) {
		free(s);
		c->err = 1;
		return;
	}
	if ((p = xrealloc(b->lines, (b->nlines + 1) * sizeof(*p))) == NULL) {
		free(s);
		c->err = 1;
		return;
	}
	b->lines = p;
	b->lines[b->nlines++] = s;
}

/* A table with ncols columns; headings "Name|#Mentions|..." ('#': numeric). */
static struct block *
table(struct ctx *c, const char *const *cols, size_t ncols)
{
	struct block *b = block(c, BK_TABLE);
	size_t i;

	if (b == NULL)
		return NULL;
	b->cols = xcalloc(ncols, sizeof(char *));
	b->numeric = xcalloc(ncols, 1);
	if (b->cols == NULL || b->numeric == NULL) {
		c->err = 1;
		return NULL;
	}
	b->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		b->numeric[i] = cols[i][0] == '#';
		b->cols[i] = sdup(c, cols[i] + (cols[i][0] == '#'));
	}
	return b;
}

/* Appends a row; cells[] are taken (owned by the table afterwards). */
static void
row(struct ctx *c, struct block *b, char **cells, const enum tone *tones)
{
	struct cell *p;
	size_t i;

	if (b == NULL || c->err || (p = xrealloc(b->cells, (b->nrows + 1) *
	    b->ncols * sizeof(*p))) == NULL) {
		for (i = 0; b != NULL && i < b->ncols; i++)
			free(cells[i]);
		c->err = 1;
		return;
	}
	b->cells = p;
	p += b->nrows * b->ncols;
	for (i = 0; i < b->ncols; i++) {
		p[i].text = cells[i];
		p[i].tone = tones != NULL ? tones[i] : TONE_NONE;
		if (cells[i] == NULL)
			c->err = 1;
	}
	b->nrows++;
}

/* ------------------------------------------------------------ sections */

static void
title(struct ctx *c)
{
	const struct jnode *w = jobj(c->doc, "window"), *t = jobj(c->doc,
	    "totals");
	struct block *b = block(c, BK_TITLE);
	char now[32], n1[32], n2[32], n3[32];

	if (b == NULL)
		return;
	b->text = sdup(c, c->b->title);
	push_line(c, b, sfmt(c, "Period: %s", c->b->period));
	time_of(now, sizeof(now), w, "now", 'm');
	push_line(c, b, sfmt(c, "Data up to %s UTC", now));
	brief_number(n1, sizeof(n1), jnum(t, "comments"));
	brief_number(n2, sizeof(n2), jnum(t, "posts"));
	brief_number(n3, sizeof(n3), jnum(t, "authors"));
	push_line(c, b, sfmt(c, "%s comments on %s posts by %s authors", n1,
	    n2, n3));
}

static void
bignums(struct ctx *c)
{
	const struct jnode *t = jobj(c->doc, "totals"), *s;
	const struct jnode *al = jarr(c->doc, "alerts");
	struct block *b;
	static const char *const labels[] = { "comments", "posts", "authors",
	    "entities", "likes" };
	size_t i;

	heading(c, "at-a-glance", "At a glance");
	if ((b = block(c, BK_BIGNUMS)) == NULL)
		return;
	if ((b->xlabels = xcalloc(8, sizeof(char *))) == NULL) {
		c->err = 1;
		return;
	}
	for (i = 0; i < 5; i++) {
		b->xlabels[b->nx++] = sdup(c, labels[i]);
		push_line(c, b, count(c, jnum(t, labels[i])));
	}
	s = jobj(t, "sentiment");
	b->xlabels[b->nx++] = sdup(c, "mean sentiment");
	push_line(c, b, jhas(s, "mean") ? score(c, jnum(s, "mean")) :
	    sdup(c, "-"));
	b->xlabels[b->nx++] = sdup(c, "alerts");
	push_line(c, b, count(c, al != NULL ? (double)al->n : 0));
	b->xlabels[b->nx++] = sdup(c, "needs review");
	push_line(c, b, sfmt(c, "%.0f%%", 100 * jnum(t, "review_share")));
}

/* The n-th entity object (in the document's order), or NULL. */
static const struct jnode *
entity(const struct ctx *c, size_t n)
{
	const struct jnode *e = jarr(c->doc, "entities");

	for (e = e ? e->child : NULL; e != NULL && n > 0; e = e->next)
		n--;
	return e;
}

static void
summary_dominance(struct ctx *c, struct buf *p)
{
	const struct jnode *e0 = entity(c, 0), *e1 = entity(c, 1),
	    *e2 = entity(c, 2);
	char n0[32], n1[32], n2[32], *a, *b2, *c2;

	if (e0 == NULL) {
		buf_adds(p, "No catalogued entity was mentioned in this "
		    "window. ");
		return;
	}
	a = jstr(c, e0, "name");
	brief_number(n0, sizeof(n0), jnum(e0, "mentions"));
	buf_printf(p, "%s dominated the conversation with %s mention%s "
	    "(%.0f%% share of voice)", a ? a : "", n0,
	    jnum(e0, "mentions") == 1 ? "" : "s",
	    100 * jnum(e0, "share_of_voice"));
	free(a);
	if (e1 != NULL) {
		b2 = jstr(c, e1, "name");
		brief_number(n1, sizeof(n1), jnum(e1, "mentions"));
		buf_printf(p, ", followed by %s (%s)", b2 ? b2 : "", n1);
		free(b2);
		if (e2 != NULL) {
			c2 = jstr(c, e2, "name");
			brief_number(n2, sizeof(n2), jnum(e2, "mentions"));
			buf_printf(p, " and %s (%s)", c2 ? c2 : "", n2);
			free(c2);
		}
	}
	buf_adds(p, ". ");
}

static void
summary_mood(struct ctx *c, struct buf *p)
{
	const struct jnode *t = jobj(c->doc, "totals");
	const struct jnode *s = jobj(t, "sentiment");
	char n[32], sc[32];

	if (!jhas(s, "mean"))
		return;
	brief_score(sc, sizeof(sc), jnum(s, "mean"));
	brief_number(n, sizeof(n), jnum(s, "n"));
	buf_printf(p, "Overall sentiment was %s (mean %s over %s comments). ",
	    band_words(c, jnum(s, "mean")), sc, n);
}

/* The extreme entity among those with at least min mentions. */
static const struct jnode *
extreme(const struct ctx *c, int neg, double min)
{
	const struct jnode *e = jarr(c->doc, "entities"), *best = NULL, *s;
	double m, bm = 0;

	for (e = e ? e->child : NULL; e != NULL; e = e->next) {
		s = jobj(e, "sentiment");
		if (jnum(e, "mentions") < min || !jhas(s, "mean"))
			continue;
		m = jnum(s, "mean");
		if (best == NULL || (neg ? m < bm : m > bm)) {
			best = e;
			bm = m;
		}
	}
	return best;
}

static void
summary_extremes(struct ctx *c, struct buf *p)
{
	double min = jnum(jobj(c->doc, "thresholds"), "risk_mentions");
	const struct jnode *lo = extreme(c, 1, min), *hi = extreme(c, 0, min);
	char s1[32], s2[32], *a, *b2;

	if (lo == NULL || hi == NULL || lo == hi)
		return;
	a = jstr(c, hi, "name");
	b2 = jstr(c, lo, "name");
	brief_score(s1, sizeof(s1), jnum(jobj(hi, "sentiment"), "mean"));
	brief_score(s2, sizeof(s2), jnum(jobj(lo, "sentiment"), "mean"));
	buf_printf(p, "Among entities with at least %.0f mentions, the warmest "
	    "was %s (%s) and the coldest %s (%s). ", min, a ? a : "", s1,
	    b2 ? b2 : "", s2);
	free(a);
	free(b2);
}

static void
summary_moves(struct ctx *c, struct buf *p)
{
	const struct jnode *ch = jobj(c->doc, "changes");
	const struct jnode *up = jarr(ch, "risers"), *dn = jarr(ch, "fallers");
	const struct jnode *x;
	char a[32], b2[32];
	char *n;
	int k;

	for (k = 0; k < 2; k++) {
		x = k == 0 ? (dn ? dn->child : NULL) : (up ? up->child : NULL);
		if (x == NULL)
			continue;
		n = jstr(c, x, "entity");
		brief_score(a, sizeof(a), jnum(x, "previous"));
		brief_score(b2, sizeof(b2), jnum(x, "recent"));
		buf_printf(p, "The biggest %s in the last %.0f hours was %s, "
		    "from %s to %s (%.0f and %.0f signals). ",
		    k == 0 ? "fall" : "rise", jnum(jobj(c->doc, "thresholds"),
		    "velocity_hours"), n ? n : "", a, b2, jnum(x, "n_previous"),
		    jnum(x, "n_recent"));
		free(n);
	}
	if ((dn == NULL || dn->n == 0) && (up == NULL || up->n == 0))
		buf_adds(p, "No entity's sentiment moved by 0.05 or more "
		    "between the last two velocity windows. ");
}

static void
summary_risks(struct ctx *c, struct buf *p)
{
	const struct jnode *r = jarr(c->doc, "risks"), *x;
	size_t crit = 0, neg = 0, tox = 0;

	for (x = r ? r->child : NULL; x != NULL; x = x->next) {
		const struct jnode *k = json_get(x, "kind", 4);

		if (k == NULL || k->kind != J_STR)
			continue;
		crit += k->len == 14 && memcmp(k->s, "critical_shift", 14) == 0;
		neg += k->len == 20 && memcmp(k->s, "negative_with_volume",
		    20) == 0;
		tox += k->len == 14 && memcmp(k->s, "toxicity_spike", 14) == 0;
	}
	if (crit + neg + tox == 0) {
		buf_adds(p, "No key risk was found.");
		return;
	}
	buf_printf(p, "Key risks: %zu critical downward shift%s, %zu "
	    "negative entit%s with volume, %zu toxicity spike%s.", crit,
	    crit == 1 ? "" : "s", neg, neg == 1 ? "y" : "ies", tox,
	    tox == 1 ? "" : "s");
}

static void
summary(struct ctx *c)
{
	struct buf p;

	heading(c, "summary", "Executive summary");
	buf_init(&p, 0);
	summary_dominance(c, &p);
	summary_mood(c, &p);
	summary_extremes(c, &p);
	text_block(c, BK_PARA, p.len ? sdup(c, p.data) : NULL);
	buf_reset(&p);
	summary_moves(c, &p);
	summary_risks(c, &p);
	text_block(c, BK_PARA, sdup(c, p.data));
	buf_free(&p);
}

static void
how_to_read(struct ctx *c)
{
	const struct jnode *th = jobj(c->doc, "thresholds");
	struct block *b;

	heading(c, "how-to-read", "How to read the scores");
	b = block(c, BK_BULLETS);
	push_line(c, b, sfmt(c, "Sentiment runs from -1 (hostile) to +1 "
	    "(warm). Bands: strongly negative at or below %.2g, negative at or "
	    "below %.2g, neutral, positive from %.2g, strongly positive from "
	    "%.2g.", -c->strong, -c->weak, c->weak, c->strong));
	push_line(c, b, sdup(c, "Mean: every comment counts once. Weighted: "
	    "each comment weighs 1 + ln(1 + likes), so liked comments count "
	    "more."));
	push_line(c, b, sfmt(c, "Velocity compares an entity's mean over the "
	    "last %.0f hours with the %.0f hours before, when each side has "
	    "at least %.0f signals. The change is relative to the earlier "
	    "mean, but never to less than %.2g; an alert is a change above "
	    "%.0f%%, critical above %.0f%%, and only when the mean moved by "
	    "%.2g or more.", jnum(th, "velocity_hours"),
	    jnum(th, "velocity_hours"), jnum(th, "min_samples"),
	    jnum(th, "near_zero"), jnum(th, "alert_pct"),
	    jnum(th, "critical_pct"), jnum(th, "min_delta")));
	push_line(c, b, sdup(c, "Share of voice: an entity's mentions out of "
	    "all entity mentions in the window."));
}

static void
change_rows(struct ctx *c, struct block *t, const struct jnode *list,
    const char *what)
{
	const struct jnode *x;
	char *cells[6];
	enum tone tones[6] = { TONE_NONE };
	double d;

	for (x = list ? list->child : NULL; x != NULL; x = x->next) {
		d = jnum(x, "delta");
		cells[0] = sdup(c, what);
		cells[1] = jstr(c, x, "entity");
		cells[2] = score(c, jnum(x, "previous"));
		cells[3] = score(c, jnum(x, "recent"));
		cells[4] = score(c, d);
		cells[5] = sfmt(c, "%.0f / %.0f", jnum(x, "n_previous"),
		    jnum(x, "n_recent"));
		tones[2] = tone_of(c, jnum(x, "previous"));
		tones[3] = tone_of(c, jnum(x, "recent"));
		tones[4] = d > 0 ? TONE_POS : TONE_NEG;
		row(c, t, cells, tones);
	}
}

static void
what_changed(struct ctx *c)
{
	static const char *const cols[] = { "Change", "Entity", "#Before",
	    "#After", "#Delta", "#Signals" };
	const struct jnode *ch = jobj(c->doc, "changes");
	static const char *const keys[] = { "risers", "fallers",
	    "newly_negative", "newly_positive" };
	static const char *const words[] = { "rose", "fell",
	    "newly negative", "newly positive" };
	size_t i, n = 0;
	struct block *t;

	heading(c, "what-changed", "What changed");
	for (i = 0; i < 4; i++)
		n += jarr(ch, keys[i]) ? jarr(ch, keys[i])->n : 0;
	if (n == 0) {
		note(c, "No entity had enough signals in both velocity windows "
		    "to compare, or none moved.");
		return;
	}
	text_block(c, BK_PARA, sfmt(c, "Mean sentiment in the last %.0f hours "
	    "against the %.0f hours before.", jnum(jobj(c->doc,
	    "thresholds"), "velocity_hours"), jnum(jobj(c->doc, "thresholds"),
	    "velocity_hours")));
	t = table(c, cols, 6);
	for (i = 0; i < 4; i++)
		change_rows(c, t, jarr(ch, keys[i]), words[i]);
}

static void
key_risks(struct ctx *c)
{
	const struct jnode *r = jarr(c->doc, "risks"), *x;
	struct block *b;
	char *name, s1[32], s2[32];

	heading(c, "risks", "Key risks");
	if (r == NULL || r->n == 0) {
		note(c, "No critical shift, negative entity with volume or "
		    "toxicity spike in this window.");
		return;
	}
	b = block(c, BK_BULLETS);
	for (x = r->child; x != NULL; x = x->next) {
		const struct jnode *k = json_get(x, "kind", 4);

		name = jstr(c, x, "entity");
		if (name == NULL || k == NULL || k->kind != J_STR) {
			free(name);
			continue;
		}
		brief_score(s1, sizeof(s1), jnum(x, "previous"));
		brief_score(s2, sizeof(s2), jnum(x, jhas(x, "recent") ?
		    "recent" : "mean"));
		if (k->len == 14 && memcmp(k->s, "critical_shift", 14) == 0)
			push_line(c, b, sfmt(c, "Critical shift: %s fell from "
			    "%s to %s (%.1f%%).", name, s1, s2,
			    jnum(x, "change_pct")));
		else if (k->len == 20 && memcmp(k->s, "negative_with_volume",
		    20) == 0)
			push_line(c, b, sfmt(c, "Negative with volume: %s, mean "
			    "%s over %.0f mentions.", name, s2,
			    jnum(x, "mentions")));
		else
			push_line(c, b, sfmt(c, "Toxicity spike: %s, %.0f toxic "
			    "of %.0f signals recently against %.0f of %.0f "
			    "before.", name, jnum(x, "toxic_recent"),
			    jnum(x, "n_recent"), jnum(x, "toxic_previous"),
			    jnum(x, "n_previous")));
		free(name);
	}
}

/* The dominant emotion of an entity, or NULL. */
static const char *
main_emotion(const struct jnode *e, double *share)
{
	const struct jnode *em = jobj(e, "emotions"), *x;
	static char best[32];
	double n, bn = 0, all = 0;

	best[0] = '\0';
	for (x = em ? em->child : NULL; x != NULL; x = x->next) {
		if (x->kind != J_NUM)
			continue;
		n = strtod(x->s, NULL);
		all += n;
		if (n > bn) {
			bn = n;
			snprintf(best, sizeof(best), "%.*s", (int)x->klen,
			    x->key);
		}
	}
	*share = all > 0 ? bn / all : 0;
	return bn > 0 ? best : NULL;
}

/* One line on what stands out about an entity: rules, in this order. */
static char *
insight(struct ctx *c, const struct jnode *e)
{
	const struct jnode *v = jobj(e, "velocity"), *s = jobj(e, "sentiment");
	const struct jnode *lv = json_get(v, "level", 5);
	double ment = jnum(e, "mentions"), tox = jnum(e, "toxicity"), sh;
	const char *emo;

	if (lv != NULL && lv->kind == J_STR && (lv->len == 8 ||
	    lv->len == 5) && (memcmp(lv->s, "critical", lv->len) == 0 ||
	    memcmp(lv->s, "alert", lv->len) == 0))
		return sfmt(c, "Velocity %.*s: %+.1f%% in %.0f h", (int)lv->len,
		    lv->s, jnum(v, "change_pct"), jnum(jobj(c->doc,
		    "thresholds"), "velocity_hours"));
	if (ment >= 10 && tox / ment >= 0.1)
		return sfmt(c, "Toxic language in %.0f%% of comments",
		    100 * tox / ment);
	if (jhas(s, "weighted") && jhas(s, "mean") &&
	    fabs(jnum(s, "weighted") - jnum(s, "mean")) >= 0.1)
		return sfmt(c, "Liked comments are %s than the rest",
		    jnum(s, "weighted") > jnum(s, "mean") ? "warmer" :
		    "colder");
	if ((emo = main_emotion(e, &sh)) != NULL && sh >= 0.4)
		return sfmt(c, "Mostly %s (%.0f%% of emotion signals)", emo,
		    100 * sh);
	if (jnum(e, "review_share") >= 0.5)
		return sfmt(c, "%.0f%% of attributions need review",
		    100 * jnum(e, "review_share"));
	return sdup(c, "Steady");
}

#define TOP_INSIGHTS	TOP_TABLE	/* every row gets a one-line insight */

static void
entities_table(struct ctx *c)
{
	static const char *const cols[] = { "Entity", "#Mentions",
	    "Sentiment", "#Mean", "#Weighted", "#Likes", "#Share",
	    "#Velocity" };
	const struct jnode *e, *s, *v;
	char *cells[8], *name, *why;
	enum tone tones[8] = { TONE_NONE };
	struct block *t, *ins;
	size_t i;

	heading(c, "entities", "Top entities");
	if (entity(c, 0) == NULL) {
		note(c, "No catalogued entity was mentioned in this window.");
		return;
	}
	t = table(c, cols, 8);
	for (i = 0; i < TOP_TABLE && (e = entity(c, i)) != NULL; i++) {
		s = jobj(e, "sentiment");
		v = jobj(e, "velocity");
		cells[0] = jstr(c, e, "name");
		cells[1] = count(c, jnum(e, "mentions"));
		cells[2] = sdup(c, jhas(s, "mean") ? band_words(c,
		    jnum(s, "mean")) : "-");
		cells[3] = jhas(s, "mean") ? score(c, jnum(s, "mean")) :
		    sdup(c, "-");
		cells[4] = jhas(s, "weighted") ? score(c,
		    jnum(s, "weighted")) : sdup(c, "-");
		cells[5] = count(c, jnum(e, "likes"));
		cells[6] = sfmt(c, "%.1f%%", 100 * jnum(e, "share_of_voice"));
		cells[7] = jhas(v, "change_pct") ? sfmt(c, "%+.1f%%",
		    jnum(v, "change_pct")) : sdup(c, "-");
		tones[2] = tones[3] = jhas(s, "mean") ? tone_of(c,
		    jnum(s, "mean")) : TONE_NONE;
		tones[4] = jhas(s, "weighted") ? tone_of(c,
		    jnum(s, "weighted")) : TONE_NONE;
		row(c, t, cells, tones);
	}
	/* one line on each of the most mentioned */
	ins = block(c, BK_BULLETS);
	for (i = 0; i < TOP_INSIGHTS && (e = entity(c, i)) != NULL; i++) {
		name = jstr(c, e, "name");
		why = insight(c, e);
		push_line(c, ins, name && why ? sfmt(c, "%s: %s", name, why) :
		    NULL);
		free(name);
		free(why);
	}
}

/* The index of date d in xl[0..n), or -1. */
static long
date_index(char **xl, size_t n, const char *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(xl[i], d) == 0)
			return (long)i;
	return -1;
}

/* The window's dates, one per day, as x labels. */
static int
window_dates(struct ctx *c, struct block *b)
{
	const struct jnode *w = jobj(c->doc, "window");
	char *s = jstr(c, w, "since"), *u = jstr(c, w, "until"), d[21];
	int64_t t0, t1, t;
	size_t n = 0;

	if (s == NULL || u == NULL || time_parse(s, strlen(s), &t0) < 0 ||
	    time_parse(u, strlen(u), &t1) < 0 || t1 - t0 > 400LL * 86400) {
		free(s);
		free(u);
		return -1;
	}
	free(s);
	free(u);
	t0 -= ((t0 % 86400) + 86400) % 86400;
	for (t = t0; t < t1; t += 86400)
		n++;
	if ((b->xlabels = xcalloc(n + 1, sizeof(char *))) == NULL) {
		c->err = 1;
		return -1;
	}
	for (t = t0; t < t1; t += 86400) {
		time_format(t, d);
		d[10] = '\0';
		b->xlabels[b->nx++] = sdup(c, d);
	}
	return 0;
}

static void
trend_chart(struct ctx *c)
{
	const struct jnode *e, *pt, *ser;
	struct block *b;
	struct series *s;
	size_t i, n = 0;
	long k;
	char *d;

	heading(c, "trend", "Sentiment trend");
	for (i = 0; i < TOP_CHART && entity(c, i) != NULL; i++)
		n++;
	if (n == 0 || (b = block(c, BK_LINECHART)) == NULL) {
		note(c, "No entity to chart in this window.");
		return;
	}
	b->text = sfmt(c, "Daily mean sentiment of the %zu most mentioned "
	    "entities", n);
	if (window_dates(c, b) < 0 || (b->series = xcalloc(n,
	    sizeof(*s))) == NULL) {
		c->err |= b->series == NULL && b->xlabels != NULL;
		return;
	}
	for (i = 0; i < n; i++) {
		e = entity(c, i);
		s = &b->series[b->nseries++];
		s->name = jstr(c, e, "name");
		s->v = xcalloc(b->nx + 1, sizeof(double));
		s->has = xcalloc(b->nx + 1, 1);
		if (s->v == NULL || s->has == NULL) {
			c->err = 1;
			return;
		}
		ser = jarr(e, "series");
		for (pt = ser ? ser->child : NULL; pt != NULL; pt = pt->next) {
			if (!jhas(pt, "mean") || (d = jstr(c, pt, "date")) ==
			    NULL)
				continue;
			if ((k = date_index(b->xlabels, b->nx, d)) >= 0) {
				s->v[k] = jnum(pt, "mean");
				s->has[k] = 1;
			}
			free(d);
		}
	}
}

static void
distribution_chart(struct ctx *c)
{
	static const char *const bands[] = { "strongly_negative", "negative",
	    "neutral", "positive", "strongly_positive" };
	static const enum tone tones[] = { TONE_SNEG, TONE_NEG, TONE_NEU,
	    TONE_POS, TONE_SPOS };
	const struct jnode *e;
	struct block *b;
	size_t i, k, n = 0;

	heading(c, "distribution", "Sentiment distribution");
	for (i = 0; i < TOP_DIST && entity(c, i) != NULL; i++)
		n++;
	if (n == 0 || (b = block(c, BK_BARCHART)) == NULL) {
		note(c, "No entity to chart in this window.");
		return;
	}
	b->text = sfmt(c, "Share of each entity's comments in each band, "
	    "%zu most mentioned", n);
	b->xlabels = xcalloc(n, sizeof(char *));
	b->series = xcalloc(5, sizeof(*b->series));
	if (b->xlabels == NULL || b->series == NULL) {
		c->err = 1;
		return;
	}
	for (k = 0; k < 5; k++) {
		b->nseries++;	/* first: brief_free frees what is there */
		b->series[k].name = sdup(c, label_words(bands[k]));
		b->series[k].tone = tones[k];
		b->series[k].v = xcalloc(n, sizeof(double));
		b->series[k].has = xcalloc(n, 1);
		if (b->series[k].v == NULL || b->series[k].has == NULL) {
			c->err = 1;
			return;
		}
	}
	for (i = 0; i < n; i++) {
		e = entity(c, i);
		b->xlabels[b->nx++] = jstr(c, e, "name");
		for (k = 0; k < 5; k++) {
			b->series[k].v[i] = jnum(jobj(e, "distribution"),
			    bands[k]);
			b->series[k].has[i] = 1;
		}
	}
}

static void
emotion_chart(struct ctx *c)
{
	const struct jnode *em = jobj(c->doc, "emotions"), *x;
	struct block *b;
	double all = 0;

	heading(c, "emotions", "Emotion mix");
	for (x = em ? em->child : NULL; x != NULL; x = x->next)
		all += x->kind == J_NUM ? strtod(x->s, NULL) : 0;
	if (all == 0 || (b = block(c, BK_BARCHART)) == NULL) {
		note(c, "No emotion was found in this window's comments.");
		return;
	}
	b->text = sdup(c, "Comments showing each emotion");
	b->xlabels = xcalloc(em->n, sizeof(char *));
	b->series = xcalloc(1, sizeof(*b->series));
	b->nseries = b->series != NULL;
	if (b->xlabels == NULL || b->series == NULL ||
	    (b->series->v = xcalloc(em->n, sizeof(double))) == NULL ||
	    (b->series->has = xcalloc(em->n, 1)) == NULL) {
		c->err = 1;
		return;
	}
	b->series->name = sdup(c, "comments");
	b->series->tone = TONE_NONE;
	for (x = em->child; x != NULL; x = x->next) {
		if (x->kind != J_NUM)
			continue;
		if ((b->xlabels[b->nx] = xstrndup(x->key, x->klen)) == NULL) {
			c->err = 1;
			return;
		}
		decontrol(b->xlabels[b->nx]);
		b->series->v[b->nx] = strtod(x->s, NULL);
		b->series->has[b->nx++] = 1;
	}
}

static void
alerts_table(struct ctx *c)
{
	static const char *const cols[] = { "Entity", "Kind", "Level",
	    "#Before", "#n", "#After", "#n ", "#Change", "Windows" };
	const struct jnode *al = jarr(c->doc, "alerts"), *x, *p, *r;
	char *cells[9], ps[24], rs[24], ru[24];
	enum tone tones[9] = { TONE_NONE };
	struct block *t;

	heading(c, "alerts", "Velocity alerts");
	if (al == NULL || al->n == 0) {
		note(c, "No velocity alert in this window.");
		return;
	}
	t = table(c, cols, 9);
	for (x = al->child; x != NULL; x = x->next) {
		p = jobj(x, "previous");
		r = jobj(x, "recent");
		cells[0] = jstr(c, x, "entity");
		cells[1] = jstr(c, x, "kind");
		cells[2] = jstr(c, x, "level");
		cells[3] = score(c, jnum(p, "mean"));
		cells[4] = count(c, jnum(p, "n"));
		cells[5] = score(c, jnum(r, "mean"));
		cells[6] = count(c, jnum(r, "n"));
		cells[7] = sfmt(c, "%+.1f%%", jnum(x, "change_pct"));
		/* "11-20 06h > 11-23 06h > 11-26 06h": where the two
		 * spans start and where the recent one ends */
		time_of(ps, sizeof(ps), p, "since", 'h');
		time_of(rs, sizeof(rs), r, "since", 'h');
		time_of(ru, sizeof(ru), r, "until", 'h');
		cells[8] = sfmt(c, "%s > %s > %s", ps, rs, ru);
		tones[2] = cells[2] && strcmp(cells[2], "critical") == 0 ?
		    TONE_SNEG : TONE_NEG;
		tones[3] = tone_of(c, jnum(p, "mean"));
		tones[5] = tone_of(c, jnum(r, "mean"));
		row(c, t, cells, tones);
	}
}

/* A post's short reference: the last part of its URL path, else its id. */
static char *
post_ref(struct ctx *c, const struct jnode *x)
{
	char *u = jstr(c, x, "url"), *p, *r;
	size_t n;

	if (u == NULL)
		return NULL;
	n = strlen(u);
	while (n > 0 && u[n - 1] == '/')
		u[--n] = '\0';
	p = strrchr(u, '/');
	if (n == 0 || p == NULL || p[1] == '\0') {
		free(u);
		return jstr(c, x, "post");
	}
	r = sdup(c, p + 1);
	free(u);
	return r;
}

static void
posts_table(struct ctx *c)
{
	static const char *const cols[] = { "Post", "#Comments", "#Likes",
	    "#Mean", "Main entity", "Reference" };
	const struct jnode *ps = jarr(c->doc, "posts"), *x;
	char *cells[6], *cap;
	enum tone tones[6] = { TONE_NONE };
	struct block *t;

	heading(c, "posts", "Top posts");
	if (ps == NULL || ps->n == 0) {
		note(c, "No post in this window.");
		return;
	}
	t = table(c, cols, 6);
	for (x = ps->child; x != NULL; x = x->next) {
		cap = jstr(c, x, "caption");
		flatten(cap);
		cells[0] = cap != NULL && cap[0] != '\0' ? excerpt(c, cap,
		    EXCERPT) : jstr(c, x, "post");
		free(cap);
		cells[1] = count(c, jnum(x, "comments"));
		cells[2] = count(c, jnum(x, "likes"));
		cells[3] = jhas(x, "mean") ? score(c, jnum(x, "mean")) :
		    sdup(c, "-");
		cells[4] = jstr(c, x, "main_entity");
		cells[5] = post_ref(c, x);
		tones[3] = jhas(x, "mean") ? tone_of(c, jnum(x, "mean")) :
		    TONE_NONE;
		row(c, t, cells, tones);
	}
}

static void
quotes(struct ctx *c)
{
	const struct jnode *e, *tc, *x;
	struct block *b;
	struct quote *q;
	char lk[32], sc[32];
	size_t i, any = 0;

	heading(c, "comments", "Representative comments");
	for (i = 0; i < TOP_QUOTED && (e = entity(c, i)) != NULL; i++) {
		tc = jarr(e, "top_comments");
		if (tc == NULL || tc->n == 0 || (b = block(c, BK_QUOTES)) ==
		    NULL)
			continue;
		any++;
		b->text = jstr(c, e, "name");
		if ((b->quotes = xcalloc(tc->n, sizeof(*q))) == NULL) {
			c->err = 1;
			return;
		}
		for (x = tc->child; x != NULL; x = x->next) {
			q = &b->quotes[b->nquotes++];
			q->text = jstr(c, x, "text");
			flatten(q->text);
			brief_number(lk, sizeof(lk), jnum(x, "likes"));
			brief_score(sc, sizeof(sc), jnum(x, "score"));
			q->meta = jhas(x, "score") ? sfmt(c, "%s likes, score "
			    "%s", lk, sc) : sfmt(c, "%s likes", lk);
			q->tone = jhas(x, "score") ? tone_of(c,
			    jnum(x, "score")) : TONE_NONE;
		}
	}
	if (any == 0)
		note(c, "No comment to quote in this window.");
}

static void
storylines(struct ctx *c)
{
	static const char *const cols[] = { "Storyline", "#Comments",
	    "#Mean", "Entities involved" };
	const struct jnode *st = jarr(c->doc, "storylines"), *x, *en, *y;
	char *cells[4], *nm, cnt[32];
	enum tone tones[4] = { TONE_NONE };
	struct block *t;
	struct buf e;

	heading(c, "storylines", "Storylines");
	if (st == NULL || st->n == 0) {
		note(c, "No storyline keyword (lawsuit, breakup, engagement, "
		    "pregnancy, feud, comeback, award, casting) in this "
		    "window.");
		return;
	}
	t = table(c, cols, 4);
	buf_init(&e, 0);
	for (x = st->child; x != NULL; x = x->next) {
		buf_reset(&e);
		en = jarr(x, "entities");
		for (y = en ? en->child : NULL; y != NULL; y = y->next) {
			nm = jstr(c, y, "name");
			brief_number(cnt, sizeof(cnt), jnum(y, "comments"));
			buf_printf(&e, "%s%s (%s)", e.len ? ", " : "",
			    nm ? nm : "", cnt);
			free(nm);
		}
		cells[0] = jstr(c, x, "storyline");
		cells[1] = count(c, jnum(x, "comments"));
		cells[2] = jhas(x, "mean") ? score(c, jnum(x, "mean")) :
		    sdup(c, "-");
		cells[3] = sdup(c, e.len ? e.data : "-");
		tones[2] = jhas(x, "mean") ? tone_of(c, jnum(x, "mean")) :
		    TONE_NONE;
		row(c, t, cells, tones);
	}
	buf_free(&e);
}

static void
discovered(struct ctx *c)
{
	static const char *const cols[] = { "Name", "#Seen", "First seen",
	    "Last seen", "Recommendation", "Sample" };
	const struct jnode *d = jarr(c->doc, "discovered"), *x, *s;
	char *cells[6], a[24], b2[24], *txt;
	struct block *t;

	heading(c, "discovered", "Discovered names");
	if (d == NULL || d->n == 0) {
		note(c, "No name outside the catalog was seen in this window.");
		return;
	}
	text_block(c, BK_PARA, sdup(c, "Person-like names the catalog does not "
	    "track, with how often they were seen: track, watch or ignore."));
	t = table(c, cols, 6);
	for (x = d->child; x != NULL; x = x->next) {
		time_of(a, sizeof(a), x, "first_seen", 'd');
		time_of(b2, sizeof(b2), x, "last_seen", 'd');
		s = jarr(x, "samples");
		txt = s && s->child ? jstr(c, s->child, "text") : sdup(c, "");
		flatten(txt);
		cells[0] = jstr(c, x, "name");
		cells[1] = count(c, jnum(x, "count"));
		cells[2] = sdup(c, a);
		cells[3] = sdup(c, b2);
		cells[4] = jstr(c, x, "recommendation");
		cells[5] = txt ? excerpt(c, txt, 80) : NULL;
		free(txt);
		row(c, t, cells, NULL);
	}
}

static void
platforms(struct ctx *c)
{
	static const char *const cols[] = { "Platform", "#Comments",
	    "#Share", "#Mean" };
	const struct jnode *p = jarr(c->doc, "platforms"), *x;
	char *cells[4];
	enum tone tones[4] = { TONE_NONE };
	struct block *t;

	heading(c, "platforms", "Platform breakdown");
	if (p == NULL || p->n == 0) {
		note(c, "No comment in this window.");
		return;
	}
	t = table(c, cols, 4);
	for (x = p->child; x != NULL; x = x->next) {
		cells[0] = jstr(c, x, "platform");
		cells[1] = count(c, jnum(x, "comments"));
		cells[2] = sfmt(c, "%.1f%%", 100 * jnum(x, "share"));
		cells[3] = jhas(x, "mean") ? score(c, jnum(x, "mean")) :
		    sdup(c, "-");
		tones[3] = jhas(x, "mean") ? tone_of(c, jnum(x, "mean")) :
		    TONE_NONE;
		row(c, t, cells, tones);
	}
}

static void
methodology(struct ctx *c)
{
	const struct jnode *t = jobj(c->doc, "totals");
	char n[32];

	heading(c, "method", "Methodology");
	text_block(c, BK_PARA, sdup(c, "Comments were collected from the "
	    "exports, normalised and de-duplicated by id. Entities are found "
	    "by their names, aliases, handles and hashtags (whole words, "
	    "accents and case folded); a first or last name alone counts "
	    "when the post or the comment gives context, pronouns point at "
	    "the person last named or at the post's subject. Each mention "
	    "carries a confidence."));
	text_block(c, BK_PARA, sdup(c, "Sentiment comes from a valence "
	    "lexicon with rules for negation, boosters, contrast, emphasis, "
	    "emoji and fan language; the score that counts for an entity is "
	    "the one of the clauses that name it. Emotion, toxicity and risk "
	    "come from word rules. No comment is sent anywhere."));
	brief_number(n, sizeof(n), jnum(t, "review"));
	text_block(c, BK_PARA, sfmt(c, "An attribution is marked for review "
	    "when its confidence is low or the name is ambiguous: %s "
	    "comments (%.0f%%) carry an uncertain attribution, so read "
	    "entity figures as estimates.", n,
	    100 * jnum(t, "review_share")));
}

/* ------------------------------------------------------------ building */

static const char *
check_doc(const struct jnode *d)
{
	static const char *const objs[] = { "window", "filters", "thresholds",
	    "totals", "distribution", "emotions", "changes", NULL };
	static const char *const arrs[] = { "platforms", "entities",
	    "alerts", "risks", "posts", "storylines", "discovered", NULL };
	const struct jnode *v;
	size_t i;

	if (d == NULL || d->kind != J_OBJ)
		return "not an et-agg document: not a JSON object";
	v = json_get(d, "et_agg", 6);
	if (v == NULL) {
		if (json_get(d, "et_agg_partial", 14) != NULL)
			return "a partial state, not a document: finish it "
			    "with 'et-agg --merge'";
		return "not an et-agg document: no 'et_agg' version";
	}
	if (v->kind != J_NUM || v->len != 1 || v->s[0] != '1')
		return "et-agg document of another version (this program "
		    "reads version 1)";
	for (i = 0; objs[i] != NULL; i++)
		if (jobj(d, objs[i]) == NULL)
			return objs[i];
	for (i = 0; arrs[i] != NULL; i++)
		if (jarr(d, arrs[i]) == NULL)
			return arrs[i];
	return NULL;
}

static void
period(struct ctx *c)
{
	const struct jnode *w = jobj(c->doc, "window"), *n;
	char first[24], last[21];
	int64_t t;

	c->b->title = sdup(c, "Comment intelligence brief");
	time_of(first, sizeof(first), w, "since", 'd');
	n = json_get(w, "until", 5);
	/* until is exclusive: the last day is the one before */
	if (n != NULL && n->kind == J_STR && time_parse(n->s, n->len,
	    &t) == 0) {
		time_format(t > TIME_MIN ? t - 1 : t, last);
		last[10] = '\0';
	} else
		snprintf(last, sizeof(last), "-");
	c->b->period = sfmt(c, "%s to %s (UTC)", first, last);
	n = json_get(w, "now", 3);
	if (n != NULL && n->kind == J_STR && time_parse(n->s, n->len,
	    &t) == 0)
		c->b->now = t;
}

/* Whether text's first line is the header of an et-agg partial state. */
static int
first_line_is_state(struct jdoc *d, const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);
	struct jerr je;

	return nl != NULL && json_parse(d, text, (size_t)(nl - text), &je) ==
	    JSON_OK && d->root->kind == J_OBJ &&
	    json_get(d->root, "et_agg_partial", 14) != NULL;
}

struct brief *
brief_build(const char *text, size_t len, char *err, size_t errlen)
{
	struct ctx c;
	struct jdoc d;
	struct jerr je;
	const struct jnode *bands;
	const char *why;
	int rc;

	memset(&c, 0, sizeof(c));
	json_doc_init(&d, 0);
	if ((rc = json_parse(&d, text, len, &je)) != JSON_OK) {
		snprintf(err, errlen, rc == JSON_ENOMEM ? "out of memory" :
		    "not JSON (column %ld: %s)", je.col, je.msg);
		if (rc != JSON_ENOMEM && first_line_is_state(&d, text, len))
			snprintf(err, errlen, "a partial state, not a "
			    "document: finish it with 'et-agg --merge'");
		json_doc_free(&d);
		return NULL;
	}
	if ((why = check_doc(d.root)) != NULL) {
		snprintf(err, errlen, strchr(why, ' ') ? "%s" :
		    "not an et-agg document: no '%s'", why);
		json_doc_free(&d);
		return NULL;
	}
	c.doc = d.root;
	c.weak = 0.3;
	c.strong = 0.7;
	bands = jarr(jobj(d.root, "filters"), "bands");
	if (bands != NULL && bands->n == 2 && bands->child->kind == J_NUM &&
	    bands->child->next->kind == J_NUM) {
		c.weak = strtod(bands->child->s, NULL);
		c.strong = strtod(bands->child->next->s, NULL);
	}
	if ((c.b = xcalloc(1, sizeof(*c.b))) == NULL) {
		json_doc_free(&d);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	period(&c);
	title(&c);
	bignums(&c);
	summary(&c);
	how_to_read(&c);
	what_changed(&c);
	key_risks(&c);
	entities_table(&c);
	trend_chart(&c);
	distribution_chart(&c);
	emotion_chart(&c);
	alerts_table(&c);
	posts_table(&c);
	quotes(&c);
	storylines(&c);
	discovered(&c);
	platforms(&c);
	methodology(&c);
	json_doc_free(&d);
	if (c.err) {
		brief_free(c.b);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	return c.b;
}

static void
free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

void
brief_free(struct brief *b)
{
	struct block *k;
	size_t i, j;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		k = &b->b[i];
		free(k->id);
		free(k->text);
		free_strv(k->lines, k->nlines);
		free_strv(k->cols, k->ncols);
		free(k->numeric);
		for (j = 0; j < k->nrows * k->ncols; j++)
			free(k->cells[j].text);
		free(k->cells);
		free_strv(k->xlabels, k->nx);
		for (j = 0; j < k->nseries; j++) {
			free(k->series[j].name);
			free(k->series[j].v);
			free(k->series[j].has);
		}
		free(k->series);
		for (j = 0; j < k->nquotes; j++) {
			free(k->quotes[j].text);
			free(k->quotes[j].meta);
		}
		free(k->quotes);
	}
	free(b->b);
	free(b->title);
	free(b->period);
	free(b);
}
