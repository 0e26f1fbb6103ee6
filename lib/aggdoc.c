/*
 * The final document of et-agg(1), computed from an agg state's rows: the
 * window is chosen, rows inside it are folded per entity, post, storyline
 * and name, and the derived sections (velocity, alerts, what changed,
 * risks) are read off those folds.  Every list has a total order, and
 * every number comes from integer sums, so the bytes depend only on the
 * state and the options.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "timeparse.h"
#include "xalloc.h"

#define DAY	86400
#define HOUR	3600

struct win {			/* sentiment over a span of hours */
	int64_t		 from, to;	/* hours, [from, to) */
	int64_t		 n, sum;
};

struct vel {
	struct win	 a, b;		/* earlier, later */
	int		 ok;		/* both sides have min_samples */
	double		 ma, mb, pct;
	int		 level;		/* 0 none, 1 alert, 2 critical */
	int64_t		 toxa, toxb;
};

struct plat {
	const char	*name;
	int64_t		 n, nsent, sum;
};

struct dpt {			/* a day of an entity's series */
	int64_t		 day, n, nsent, sum;
};

struct ent {
	const char	*name;
	int64_t		 v[T_COUNT];
	struct agg_row	 top;		/* its top comments */
	struct dpt	*days;		/* one per row: sorted, then merged */
	size_t		 ndays;
	struct plat	*plat;
	size_t		 nplat;
	struct vel	 v72, half;
};

struct doc {
	struct agg	*a;
	const struct agg_final *f;
	const struct agg_spec *sp;
	struct agg_row	*const *rows;
	size_t		 nrows;
	int64_t		 now, hour;	/* --now and its hour */
	int64_t		 dlo, dhi;	/* window days, inclusive */
	int64_t		 since, until;	/* the window, [since, until) */
	int64_t		 hlo;		/* window start (hours) */
	struct ent	*e;
	size_t		 ne;
	struct buf	*b;
	int		 rc;
};

/* ------------------------------------------------------------ output */

static void
put(struct doc *d, const char *s)
{
	d->rc |= buf_adds(d->b, s);
}

static void
puti(struct doc *d, int64_t v)
{
	d->rc |= buf_addi(d->b, v);
}

/* A number rounded to places decimals, shortest form, never "-0". */
static void
putnum(struct doc *d, double x, int places)
{
	char tmp[40];
	size_t n;

	if (!isfinite(x))
		x = 0;
	snprintf(tmp, sizeof(tmp), "%.*f", places, x);
	n = strlen(tmp);
	if (strchr(tmp, '.') != NULL) {
		while (n > 0 && tmp[n - 1] == '0')
			n--;
		if (n > 0 && tmp[n - 1] == '.')
			n--;
	}
	tmp[n] = '\0';
	put(d, strcmp(tmp, "-0") == 0 ? "0" : tmp);
}

static void
putstr(struct doc *d, const char *s)
{
	if (s == NULL)
		put(d, "null");
	else
		d->rc |= json_add_str(d->b, s, strlen(s));
}

static void
puttime(struct doc *d, int64_t t)
{
	char s[21];

	time_format(t, s);
	putstr(d, s);
}

static void
putdate(struct doc *d, int64_t day)
{
	char s[21];

	time_format(day * DAY, s);
	s[10] = '\0';
	putstr(d, s);
}

static void
key(struct doc *d, const char *k)
{
	size_t n = d->b->len;

	if (n > 0 && d->b->data[n - 1] != '{' && d->b->data[n - 1] != '[')
		put(d, ",");
	putstr(d, k);
	put(d, ":");
}

static void
comma(struct doc *d)
{
	size_t n = d->b->len;

	if (n > 0 && d->b->data[n - 1] != '{' && d->b->data[n - 1] != '[' &&
	    d->b->data[n - 1] != '\n')
		put(d, ",");
}

/* ------------------------------------------------------------ helpers */

static double
mean(int64_t sum, int64_t n)
{
	return n > 0 ? (double)sum / 1000 / (double)n : 0;
}

static const char *
label(const struct agg_spec *sp, double x)
{
	if (x <= -sp->strong)
		return "strongly_negative";
	if (x <= -sp->weak)
		return "negative";
	if (x < sp->weak)
		return "neutral";
	return x < sp->strong ? "positive" : "strongly_positive";
}

static int
in_window(const struct doc *d, int64_t day)
{
	return day >= d->dlo && day <= d->dhi;
}

static void
add_v(int64_t *dst, const int64_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (int64_t)((uint64_t)dst[i] + (uint64_t)src[i]);
}

/* {"n":..,"mean":..,"weighted":..,"label":..} of a tally. */
static void
sentiment(struct doc *d, const int64_t *v)
{
	double m = mean(v[T_SUM], v[T_NSENT]);

	put(d, "{\"n\":");
	puti(d, v[T_NSENT]);
	if (v[T_NSENT] == 0) {
		put(d, ",\"mean\":null,\"weighted\":null,\"label\":null}");
		return;
	}
	put(d, ",\"mean\":");
	putnum(d, m, 3);
	put(d, ",\"weighted\":");
	putnum(d, v[T_WT] > 0 ? (double)v[T_WSUM] / 1000 / (double)v[T_WT] :
	    m, 3);
	put(d, ",\"label\":");
	putstr(d, label(d->sp, m));
	put(d, "}");
}

static void
bands(struct doc *d, const int64_t *v)
{
	int i;

	put(d, "{");
	for (i = 0; i < AGG_NBANDS; i++) {
		key(d, agg_bands[i]);
		puti(d, v[T_BAND + i]);
	}
	put(d, "}");
}

static void
emotions(struct doc *d, const int64_t *v)
{
	int i;

	put(d, "{");
	for (i = 0; i < AGG_NEMO; i++) {
		key(d, agg_emotions[i]);
		puti(d, v[T_EMO + i]);
	}
	put(d, "}");
}

static void
share(struct doc *d, int64_t part, int64_t whole)
{
	putnum(d, whole > 0 ? (double)part / (double)whole : 0, 3);
}

static void
item(struct doc *d, const struct agg_item *it)
{
	put(d, "{\"id\":");
	putstr(d, it->id);
	put(d, ",\"text\":");
	putstr(d, it->text);
	put(d, ",\"likes\":");
	puti(d, it->likes);
	put(d, ",\"score\":");
	if (it->has_score)
		putnum(d, (double)it->score / 1000, 3);
	else
		put(d, "null");
	put(d, ",\"created_at\":");
	puttime(d, it->time);
	put(d, "}");
}

static void
items(struct doc *d, const struct agg_row *r)
{
	size_t i;

	put(d, "[");
	for (i = 0; i < r->ntop; i++) {
		comma(d);
		item(d, &r->top[i]);
	}
	put(d, "]");
}

/* ------------------------------------------------------------ window */

static int64_t
floor_div(int64_t t, int64_t q)
{
	return t >= 0 ? t / q : -((-t + q - 1) / q);
}

static void
choose_window(struct doc *d)
{
	int64_t lo, hi;
	int has = agg_time_range(d->a, &lo, &hi);

	d->now = d->f->has_now ? d->f->now : has ? hi :
	    d->sp->has_since ? d->sp->since : 0;
	d->hour = floor_div(d->now, HOUR);
	d->dhi = floor_div(d->now, DAY);
	if (d->f->days > 0)
		d->dlo = d->dhi - d->f->days + 1;
	else
		d->dlo = floor_div(has && lo < d->now ? lo : d->now, DAY);
	/* whole UTC days, narrowed by the record filters */
	d->since = d->dlo * DAY;
	d->until = (d->dhi + 1) * DAY;
	if (d->sp->has_since && d->sp->since > d->since)
		d->since = d->sp->since;
	if (d->sp->has_until && d->sp->until < d->until)
		d->until = d->sp->until;
	if (d->until < d->since)
		d->until = d->since;	/* an empty window */
	d->hlo = floor_div(d->since, HOUR);
}

/* ------------------------------------------------------------ entities */

static int
ent_cmp_name(const void *x, const void *y)
{
	return strcmp(((const struct ent *)x)->name,
	    ((const struct ent *)y)->name);
}

static struct ent *
ent_find(struct doc *d, const char *name)
{
	struct ent k = { 0 };

	k.name = name;
	if (d->ne == 0)
		return NULL;
	return bsearch(&k, d->e, d->ne, sizeof(*d->e), ent_cmp_name);
}

static int
ent_plat(struct ent *e, const char *name, const int64_t *v)
{
	struct plat *p;
	size_t i;

	for (i = 0; i < e->nplat && strcmp(e->plat[i].name, name) != 0; i++)
		;
	if (i == e->nplat) {
		if ((p = xrealloc(e->plat, (i + 1) * sizeof(*p))) == NULL)
			return -1;
		e->plat = p;
		memset(&p[i], 0, sizeof(*p));
		p[i].name = name;
		e->nplat++;
	}
	e->plat[i].n += v[T_N];
	e->plat[i].nsent += v[T_NSENT];
	e->plat[i].sum += v[T_SUM];
	return 0;
}

/* Folds the "ent" rows of the window into one struct ent per entity. */
static int
fold_entities(struct doc *d)
{
	size_t i, k;
	const struct agg_row *r;
	struct ent *e = NULL;
	struct dpt *p;

	for (i = 0; i < d->nrows; i++) {
		r = d->rows[i];
		if (r->kind != AK_ENT || !in_window(d, r->t))
			continue;
		if (e == NULL || strcmp(e->name, r->k1) != 0) {
			if ((e = xrealloc(d->e, (d->ne + 1) * sizeof(*e))) ==
			    NULL)
				return -1;
			d->e = e;
			e = &d->e[d->ne++];
			memset(e, 0, sizeof(*e));
			e->name = r->k1;
		}
		add_v(e->v, r->v, T_COUNT);
		if ((p = xrealloc(e->days, (e->ndays + 1) * sizeof(*p))) ==
		    NULL)
			return -1;
		e->days = p;
		p[e->ndays++] = (struct dpt){ r->t, r->v[T_N], r->v[T_NSENT],
		    r->v[T_SUM] };
		if (ent_plat(e, r->k2, r->v) < 0)
			return -1;
		for (k = 0; k < r->ntop; k++)
			if (agg_top_offer(&e->top, &r->top[k],
			    strlen(r->top[k].text)) < 0)
				return -1;
	}
	return 0;
}

static void
judge(struct doc *d, struct vel *v)
{
	double base;

	v->ok = v->a.n >= d->f->min_samples && v->b.n >= d->f->min_samples;
	v->ma = mean(v->a.sum, v->a.n);
	v->mb = mean(v->b.sum, v->b.n);
	if (!v->ok)
		return;
	/* relative to |previous|, but never to less than near_zero: a move
	 * from +0.01 to +0.05 is not a 400 % shift */
	base = fabs(v->ma) > d->f->near_zero ? fabs(v->ma) : d->f->near_zero;
	v->pct = 100 * (v->mb - v->ma) / base;
	v->level = fabs(v->mb - v->ma) < d->f->min_delta ? 0 :
	    fabs(v->pct) > d->f->critical_pct ? 2 :
	    fabs(v->pct) > d->f->alert_pct ? 1 : 0;
}

/* Velocity: the last velocity_hours to --now's hour vs the span before,
 * and the window's first half vs its second. */
static void
velocity(struct doc *d)
{
	int64_t vh = d->f->velocity_hours, mid;
	const struct agg_row *r;
	struct ent *e;
	size_t i;

	mid = d->hlo + (d->hour + 1 - d->hlo) / 2;
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		e->v72.b.from = d->hour + 1 - vh;
		e->v72.b.to = d->hour + 1;
		e->v72.a.from = d->hour + 1 - 2 * vh;
		e->v72.a.to = e->v72.b.from;
		e->half.a.from = d->hlo;
		e->half.a.to = e->half.b.from = mid;
		e->half.b.to = d->hour + 1;
	}
	for (i = 0; i < d->nrows; i++) {
		r = d->rows[i];
		if (r->kind != AK_HOUR || (e = ent_find(d, r->k1)) == NULL)
			continue;
		if (r->t >= e->v72.a.from && r->t < e->v72.a.to) {
			e->v72.a.n += r->v[0];
			e->v72.a.sum += r->v[1];
			e->v72.toxa += r->v[2];
		} else if (r->t >= e->v72.b.from && r->t < e->v72.b.to) {
			e->v72.b.n += r->v[0];
			e->v72.b.sum += r->v[1];
			e->v72.toxb += r->v[2];
		}
		if (r->t >= e->half.a.from && r->t < e->half.a.to) {
			e->half.a.n += r->v[0];
			e->half.a.sum += r->v[1];
		} else if (r->t >= e->half.b.from && r->t < e->half.b.to) {
			e->half.b.n += r->v[0];
			e->half.b.sum += r->v[1];
		}
	}
	for (i = 0; i < d->ne; i++) {
		judge(d, &d->e[i].v72);
		judge(d, &d->e[i].half);
	}
}

static int
ent_cmp_rank(const void *x, const void *y)
{
	const struct ent *a = x, *b = y;

	if (a->v[T_N] != b->v[T_N])
		return a->v[T_N] > b->v[T_N] ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void
win(struct doc *d, const struct win *w, double m)
{
	put(d, "{\"since\":");
	puttime(d, w->from * HOUR);
	put(d, ",\"until\":");
	puttime(d, w->to * HOUR);
	put(d, ",\"n\":");
	puti(d, w->n);
	put(d, ",\"mean\":");
	if (w->n > 0)
		putnum(d, m, 3);
	else
		put(d, "null");
	put(d, "}");
}

static const char *const levels[] = { "none", "alert", "critical" };

static void
velocity_obj(struct doc *d, const struct vel *v)
{
	put(d, "{\"previous\":");
	win(d, &v->a, v->ma);
	put(d, ",\"recent\":");
	win(d, &v->b, v->mb);
	put(d, ",\"change_pct\":");
	if (v->ok)
		putnum(d, v->pct, 1);
	else
		put(d, "null");
	put(d, ",\"level\":");
	putstr(d, v->ok ? levels[v->level] : "insufficient");
	put(d, "}");
}

static int
plat_cmp(const void *x, const void *y)
{
	const struct plat *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
dpt_cmp(const void *x, const void *y)
{
	const struct dpt *a = x, *b = y;

	return a->day < b->day ? -1 : a->day > b->day;
}

/* Sorts an entity's days and merges the platforms of each day. */
static void
merge_days(struct ent *e)
{
	size_t i, k = 0;

	agg_qsort(e->days, e->ndays, sizeof(*e->days), dpt_cmp);
	for (i = 0; i < e->ndays; i++) {
		if (k > 0 && e->days[k - 1].day == e->days[i].day) {
			e->days[k - 1].n += e->days[i].n;
			e->days[k - 1].nsent += e->days[i].nsent;
			e->days[k - 1].sum += e->days[i].sum;
		} else
			e->days[k++] = e->days[i];
	}
	e->ndays = k;
}

static void
entity(struct doc *d, struct ent *e, int64_t all_mentions)
{
	size_t i;

	put(d, "{\"name\":");
	putstr(d, e->name);
	put(d, ",\"mentions\":");
	puti(d, e->v[T_N]);
	put(d, ",\"share_of_voice\":");
	share(d, e->v[T_N], all_mentions);
	put(d, ",\"sentiment\":");
	sentiment(d, e->v);
	put(d, ",\"distribution\":");
	bands(d, e->v);
	put(d, ",\"likes\":");
	puti(d, e->v[T_LIKES]);
	put(d, ",\"emotions\":");
	emotions(d, e->v);
	put(d, ",\"toxicity\":");
	puti(d, e->v[T_TOX]);
	put(d, ",\"risk\":");
	puti(d, e->v[T_RISK]);
	put(d, ",\"sarcasm\":");
	puti(d, e->v[T_SARC]);
	put(d, ",\"review\":");
	puti(d, e->v[T_REVIEW]);
	put(d, ",\"review_share\":");
	share(d, e->v[T_REVIEW], e->v[T_N]);
	put(d, ",\"velocity\":");
	velocity_obj(d, &e->v72);
	put(d, ",\"halves\":");
	velocity_obj(d, &e->half);
	put(d, ",\"top_comments\":");
	items(d, &e->top);
	put(d, ",\"series\":[");
	merge_days(e);
	for (i = 0; i < e->ndays; i++) {
		comma(d);
		put(d, "{\"date\":");
		putdate(d, e->days[i].day);
		put(d, ",\"mentions\":");
		puti(d, e->days[i].n);
		put(d, ",\"mean\":");
		if (e->days[i].nsent > 0)
			putnum(d, mean(e->days[i].sum, e->days[i].nsent), 3);
		else
			put(d, "null");
		put(d, "}");
	}
	put(d, "],\"platforms\":[");
	for (i = 0; i < e->nplat; i++) {
		comma(d);
		put(d, "{\"platform\":");
		putstr(d, e->plat[i].name);
		put(d, ",\"mentions\":");
		puti(d, e->plat[i].n);
		put(d, ",\"mean\":");
		putnum(d, mean(e->plat[i].sum, e->plat[i].nsent), 3);
		put(d, "}");
	}
	put(d, "]}");
}

/* ------------------------------------------------------------ totals */

struct totals {
	int64_t		 v[T_COUNT];
	int64_t		 posts, authors, mentions;
	struct plat	*plat;
	size_t		 nplat;
};

static int
fold_totals(struct doc *d, struct totals *t)
{
	const struct agg_row *r, *prev = NULL;
	struct plat *p;
	size_t i, k;

	for (i = 0; i < d->nrows; i++) {
		r = d->rows[i];
		if (!in_window(d, r->t))
			continue;
		if (r->kind == AK_DAY) {
			add_v(t->v, r->v, T_COUNT);
			for (k = 0; k < t->nplat &&
			    strcmp(t->plat[k].name, r->k1) != 0; k++)
				;
			if (k == t->nplat) {
				p = xrealloc(t->plat, (k + 1) * sizeof(*p));
				if (p == NULL)
					return -1;
				t->plat = p;
				memset(&p[k], 0, sizeof(*p));
				p[k].name = r->k1;
				t->nplat++;
			}
			t->plat[k].n += r->v[T_N];
			t->plat[k].nsent += r->v[T_NSENT];
			t->plat[k].sum += r->v[T_SUM];
		} else if ((r->kind == AK_AUTH || r->kind == AK_POST) &&
		    (prev == NULL || prev->kind != r->kind ||
		    strcmp(prev->k1, r->k1) != 0)) {
			/* rows of one key are adjacent: count it once */
			if (r->kind == AK_AUTH)
				t->authors++;
			else
				t->posts++;
			prev = r;
		}
	}
	for (i = 0; i < d->ne; i++)
		t->mentions += d->e[i].v[T_N];
	agg_qsort(t->plat, t->nplat, sizeof(*t->plat), plat_cmp);
	return 0;
}

static void
totals_obj(struct doc *d, const struct totals *t)
{
	size_t i;

	put(d, ",\"totals\":{\"comments\":");
	puti(d, t->v[T_N]);
	put(d, ",\"posts\":");
	puti(d, t->posts);
	put(d, ",\"authors\":");
	puti(d, t->authors);
	put(d, ",\"entities\":");
	puti(d, (int64_t)d->ne);
	put(d, ",\"mentions\":");
	puti(d, t->mentions);
	put(d, ",\"likes\":");
	puti(d, t->v[T_LIKES]);
	put(d, ",\"review\":");
	puti(d, t->v[T_REVIEW]);
	put(d, ",\"review_share\":");
	share(d, t->v[T_REVIEW], t->v[T_N]);
	put(d, ",\"toxicity\":");
	puti(d, t->v[T_TOX]);
	put(d, ",\"risk\":");
	puti(d, t->v[T_RISK]);
	put(d, ",\"sentiment\":");
	sentiment(d, t->v);
	put(d, "},\"distribution\":");
	bands(d, t->v);
	put(d, ",\"emotions\":");
	emotions(d, t->v);
	put(d, ",\"platforms\":[");
	for (i = 0; i < t->nplat; i++) {
		comma(d);
		put(d, "{\"platform\":");
		putstr(d, t->plat[i].name);
		put(d, ",\"comments\":");
		puti(d, t->plat[i].n);
		put(d, ",\"share\":");
		share(d, t->plat[i].n, t->v[T_N]);
		put(d, ",\"mean\":");
		if (t->plat[i].nsent > 0)
			putnum(d, mean(t->plat[i].sum, t->plat[i].nsent), 3);
		else
			put(d, "null");
		put(d, "}");
	}
	put(d, "]");
}

/* ------------------------------------------------------------ alerts */

static void
alert(struct doc *d, const struct ent *e, const struct vel *v,
    const char *kind)
{
	put(d, "{\"kind\":");
	putstr(d, kind);
	put(d, ",\"entity\":");
	putstr(d, e->name);
	put(d, ",\"level\":");
	putstr(d, levels[v->level]);
	put(d, ",\"direction\":");
	putstr(d, v->mb >= v->ma ? "up" : "down");
	put(d, ",\"previous\":");
	win(d, &v->a, v->ma);
	put(d, ",\"recent\":");
	win(d, &v->b, v->mb);
	put(d, ",\"change_pct\":");
	putnum(d, v->pct, 1);
	put(d, "}");
}

/* Alerts, most severe first, then by |change|, then by name. */
struct aref {
	const struct ent *e;
	const struct vel *v;
	const char	*kind;
};

static int
aref_cmp(const void *x, const void *y)
{
	const struct aref *a = x, *b = y;
	double pa = fabs(a->v->pct), pb = fabs(b->v->pct);
	int c;

	if (a->v->level != b->v->level)
		return a->v->level > b->v->level ? -1 : 1;
	if (pa != pb)
		return pa > pb ? -1 : 1;
	if ((c = strcmp(a->kind, b->kind)) != 0)
		return c;
	return strcmp(a->e->name, b->e->name);
}

static int
alerts(struct doc *d, struct buf *nd)
{
	struct aref *r = xcalloc(2 * d->ne + 1, sizeof(*r));
	struct buf *keep = d->b;
	size_t i, n = 0;

	if (r == NULL)
		return -1;
	for (i = 0; i < d->ne; i++) {
		if (d->e[i].v72.ok && d->e[i].v72.level > 0)
			r[n++] = (struct aref){ &d->e[i], &d->e[i].v72,
			    "velocity" };
		if (d->e[i].half.ok && d->e[i].half.level > 0)
			r[n++] = (struct aref){ &d->e[i], &d->e[i].half,
			    "halves" };
	}
	agg_qsort(r, n, sizeof(*r), aref_cmp);
	put(d, ",\"alerts\":[");
	for (i = 0; i < n; i++) {
		comma(d);
		alert(d, r[i].e, r[i].v, r[i].kind);
	}
	put(d, "]");
	if (nd != NULL) {
		d->b = nd;
		for (i = 0; i < n; i++) {
			alert(d, r[i].e, r[i].v, r[i].kind);
			put(d, "\n");
		}
		d->b = keep;
	}
	free(r);
	return 0;
}

/* ------------------------------------------------------------ changes */

static int
by_delta(const void *x, const void *y)
{
	const struct ent *a = *(struct ent *const *)x;
	const struct ent *b = *(struct ent *const *)y;
	double da = a->v72.mb - a->v72.ma, db = b->v72.mb - b->v72.ma;

	if (da != db)
		return da > db ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
by_delta_up(const void *x, const void *y)
{
	const struct ent *a = *(struct ent *const *)x;
	const struct ent *b = *(struct ent *const *)y;
	double da = a->v72.mb - a->v72.ma, db = b->v72.mb - b->v72.ma;

	if (da != db)
		return da < db ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void
change(struct doc *d, const struct ent *e)
{
	put(d, "{\"entity\":");
	putstr(d, e->name);
	put(d, ",\"previous\":");
	putnum(d, e->v72.ma, 3);
	put(d, ",\"recent\":");
	putnum(d, e->v72.mb, 3);
	put(d, ",\"delta\":");
	putnum(d, e->v72.mb - e->v72.ma, 3);
	put(d, ",\"n_previous\":");
	puti(d, e->v72.a.n);
	put(d, ",\"n_recent\":");
	puti(d, e->v72.b.n);
	put(d, "}");
}

#define MOVERS	5

static void
movers(struct doc *d, struct ent **p, size_t n, int up)
{
	size_t i, k;
	double delta;

	for (i = 0, k = 0; i < n && k < MOVERS; i++) {
		delta = p[i]->v72.mb - p[i]->v72.ma;
		if (up ? delta >= 0.05 : delta <= -0.05) {
			comma(d);
			change(d, p[i]);
			k++;
		}
	}
}

/* Risers and fallers (largest moves first), then label crossings. */
static int
changes(struct doc *d)
{
	struct ent **p = xcalloc(2 * d->ne + 1, sizeof(*p)), **q;
	size_t i, n = 0;
	double w = d->sp->weak;

	if (p == NULL)
		return -1;
	for (i = 0; i < d->ne; i++)
		if (d->e[i].v72.ok)
			p[n++] = &d->e[i];
	q = p + n;
	memcpy(q, p, n * sizeof(*p));
	agg_qsort(p, n, sizeof(*p), by_delta);
	agg_qsort(q, n, sizeof(*q), by_delta_up);
	put(d, ",\"changes\":{\"risers\":[");
	movers(d, p, n, 1);
	put(d, "],\"fallers\":[");
	movers(d, q, n, 0);
	put(d, "],\"newly_negative\":[");
	for (i = 0; i < n; i++)
		if (q[i]->v72.ma > -w && q[i]->v72.mb <= -w) {
			comma(d);
			change(d, q[i]);
		}
	put(d, "],\"newly_positive\":[");
	for (i = 0; i < n; i++)
		if (p[i]->v72.ma < w && p[i]->v72.mb >= w) {
			comma(d);
			change(d, p[i]);
		}
	put(d, "]}");
	free(p);
	return 0;
}

static void
risk_head(struct doc *d, const char *kind, const struct ent *e)
{
	comma(d);
	put(d, "{\"kind\":");
	putstr(d, kind);
	put(d, ",\"entity\":");
	putstr(d, e->name);
}

/*
 * Key risks: critical downward shifts; entities with volume whose mean is
 * negative; toxicity spikes (the recent span's toxic share at least twice
 * the span before, with at least 5 toxic comments).
 */
static void
risks(struct doc *d, const struct ent *const *rank)
{
	const struct ent *e;
	const struct vel *v;
	double m, sa, sb;
	size_t i;

	put(d, ",\"risks\":[");
	for (i = 0; i < d->ne; i++) {
		e = rank[i];
		v = &e->v72;
		if (v->ok && v->level == 2 && v->mb < v->ma) {
			risk_head(d, "critical_shift", e);
			put(d, ",\"previous\":");
			putnum(d, v->ma, 3);
			put(d, ",\"recent\":");
			putnum(d, v->mb, 3);
			put(d, ",\"change_pct\":");
			putnum(d, v->pct, 1);
			put(d, "}");
		}
	}
	for (i = 0; i < d->ne; i++) {
		e = rank[i];
		m = mean(e->v[T_SUM], e->v[T_NSENT]);
		if (e->v[T_N] >= d->f->risk_mentions && e->v[T_NSENT] > 0 &&
		    m <= -d->sp->weak) {
			risk_head(d, "negative_with_volume", e);
			put(d, ",\"mentions\":");
			puti(d, e->v[T_N]);
			put(d, ",\"mean\":");
			putnum(d, m, 3);
			put(d, "}");
		}
	}
	for (i = 0; i < d->ne; i++) {
		e = rank[i];
		v = &e->v72;
		if (!v->ok || v->toxb < 5)
			continue;
		sa = (double)v->toxa / (double)v->a.n;
		sb = (double)v->toxb / (double)v->b.n;
		if (sb >= 2 * sa) {
			risk_head(d, "toxicity_spike", e);
			put(d, ",\"toxic_previous\":");
			puti(d, v->toxa);
			put(d, ",\"n_previous\":");
			puti(d, v->a.n);
			put(d, ",\"toxic_recent\":");
			puti(d, v->toxb);
			put(d, ",\"n_recent\":");
			puti(d, v->b.n);
			put(d, "}");
		}
	}
	put(d, "]");
}

/* ------------------------------------------------------------ posts etc. */

/* Rows of one kind and key folded together over the window. */
struct fold {
	struct agg_row	 r;
	const char	*key;
	int64_t		 n;		/* sort key */
};

static int
fold_cmp(const void *x, const void *y)
{
	const struct fold *a = x, *b = y;
	int c;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if (a->r.v[1] != b->r.v[1] && a->r.kind == AK_POST)
		return a->r.v[1] > b->r.v[1] ? -1 : 1;
	if (a->r.kind == AK_NAME && a->r.v[2] != b->r.v[2])
		return a->r.v[2] > b->r.v[2] ? -1 : 1;
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	return 0;
}

static void
free_folds(struct fold *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		agg_row_clear(&f[i].r);
	free(f);
}

/* Folds the window's rows of kind into one struct fold per key; 0 or -1. */
static int
fold_kind(struct doc *d, int kind, struct fold **out, size_t *nout)
{
	struct fold *f = NULL, *p, *cur = NULL;
	const struct agg_row *r;
	size_t i, k, n = 0;

	for (i = 0; i < d->nrows; i++) {
		r = d->rows[i];
		if (r->kind != kind || !in_window(d, r->t))
			continue;
		if (cur == NULL || strcmp(cur->key, r->k1) != 0) {
			if ((p = xrealloc(f, (n + 1) * sizeof(*f))) == NULL)
				goto fail;
			f = p;
			cur = &f[n++];
			memset(cur, 0, sizeof(*cur));
			cur->key = r->k1;
			cur->r.kind = (uint8_t)kind;
		}
		if (kind == AK_NAME) {
			if (cur->r.v[0] == 0 || r->v[1] < cur->r.v[1])
				cur->r.v[1] = r->v[1];
			if (cur->r.v[0] == 0 || r->v[2] > cur->r.v[2])
				cur->r.v[2] = r->v[2];
			cur->r.v[0] += r->v[0];
		} else
			add_v(cur->r.v, r->v, 4);
		for (k = 0; k < r->ntop; k++)
			if (agg_top_offer(&cur->r, &r->top[k],
			    strlen(r->top[k].text)) < 0)
				goto fail;
		for (k = 0; k < r->nec; k++)
			if (agg_ec_add(&cur->r, r->ec[k].name, r->ec[k].n) < 0)
				goto fail;
		if ((r->url && agg_keep_min(&cur->r.url, r->url,
		    strlen(r->url)) < 0) || (r->caption &&
		    agg_keep_min(&cur->r.caption, r->caption,
		    strlen(r->caption)) < 0))
			goto fail;
		cur->n = cur->r.v[0];
	}
	agg_qsort(f, n, sizeof(*f), fold_cmp);
	*out = f;
	*nout = n;
	return 0;
fail:
	free_folds(f, n);
	return -1;
}

static int
ec_cmp(const void *x, const void *y)
{
	const struct agg_ecount *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
posts(struct doc *d)
{
	size_t n = 0, i;
	struct fold *f = NULL;
	struct agg_row *r;

	if (fold_kind(d, AK_POST, &f, &n) < 0)
		return -1;
	put(d, ",\"posts\":[");
	for (i = 0; i < n && (d->f->top_posts == 0 ||
	    i < (size_t)d->f->top_posts); i++) {
		r = &f[i].r;
		agg_qsort(r->ec, r->nec, sizeof(*r->ec), ec_cmp);
		comma(d);
		put(d, "{\"post\":");
		putstr(d, f[i].key);
		put(d, ",\"url\":");
		putstr(d, r->url);
		put(d, ",\"caption\":");
		putstr(d, r->caption);
		put(d, ",\"comments\":");
		puti(d, r->v[0]);
		put(d, ",\"likes\":");
		puti(d, r->v[1]);
		put(d, ",\"mean\":");
		if (r->v[2] > 0)
			putnum(d, mean(r->v[3], r->v[2]), 3);
		else
			put(d, "null");
		put(d, ",\"main_entity\":");
		putstr(d, r->nec > 0 ? r->ec[0].name : NULL);
		put(d, "}");
	}
	put(d, "]");
	free_folds(f, n);
	return 0;
}

#define STORY_ENTITIES	5

static int
storylines(struct doc *d)
{
	size_t n = 0, i, k;
	struct fold *f = NULL;
	struct agg_row *r;

	if (fold_kind(d, AK_STORY, &f, &n) < 0)
		return -1;
	put(d, ",\"storylines\":[");
	for (i = 0; i < n; i++) {
		r = &f[i].r;
		agg_qsort(r->ec, r->nec, sizeof(*r->ec), ec_cmp);
		comma(d);
		put(d, "{\"storyline\":");
		putstr(d, f[i].key);
		put(d, ",\"comments\":");
		puti(d, r->v[0]);
		put(d, ",\"mean\":");
		if (r->v[1] > 0)
			putnum(d, mean(r->v[2], r->v[1]), 3);
		else
			put(d, "null");
		put(d, ",\"entities\":[");
		for (k = 0; k < r->nec && k < STORY_ENTITIES; k++) {
			comma(d);
			put(d, "{\"name\":");
			putstr(d, r->ec[k].name);
			put(d, ",\"comments\":");
			puti(d, r->ec[k].n);
			put(d, "}");
		}
		put(d, "]}");
	}
	put(d, "]");
	free_folds(f, n);
	return 0;
}

static int
discovered(struct doc *d)
{
	size_t n = 0, i;
	struct fold *f = NULL;
	struct agg_row *r;

	if (fold_kind(d, AK_NAME, &f, &n) < 0)
		return -1;
	put(d, ",\"discovered\":[");
	for (i = 0; i < n && (d->f->top_names == 0 ||
	    i < (size_t)d->f->top_names); i++) {
		r = &f[i].r;
		comma(d);
		put(d, "{\"name\":");
		putstr(d, f[i].key);
		put(d, ",\"count\":");
		puti(d, r->v[0]);
		put(d, ",\"first_seen\":");
		puttime(d, r->v[1]);
		put(d, ",\"last_seen\":");
		puttime(d, r->v[2]);
		put(d, ",\"recommendation\":");
		putstr(d, r->v[0] >= d->f->track_min ? "track" :
		    r->v[0] >= d->f->watch_min ? "watch" : "ignore");
		put(d, ",\"samples\":");
		items(d, r);
		put(d, "}");
	}
	put(d, "]");
	free_folds(f, n);
	return 0;
}

/* ------------------------------------------------------------ document */

void
agg_final_defaults(struct agg_final *f)
{
	memset(f, 0, sizeof(*f));
	f->top = 0;
	f->top_posts = 10;
	f->top_names = 25;
	f->velocity_hours = 72;
	f->min_samples = 10;
	f->alert_pct = 30;
	f->critical_pct = 50;
	f->near_zero = 0.1;
	f->min_delta = 0.1;
	f->risk_mentions = 20;
	f->track_min = 10;
	f->watch_min = 3;
}

static void
head(struct doc *d)
{
	put(d, "{\"et_agg\":");
	puti(d, AGG_VERSION);
	put(d, ",\"window\":{\"since\":");
	puttime(d, d->since);
	put(d, ",\"until\":");
	puttime(d, d->until);
	put(d, ",\"now\":");
	puttime(d, d->now);
	put(d, ",\"days\":");
	puti(d, d->until > d->since ? floor_div(d->until - 1, DAY) -
	    floor_div(d->since, DAY) + 1 : 0);
	put(d, "},\"filters\":");
	put(d, agg_spec_json(d->a));
	put(d, ",\"thresholds\":{\"velocity_hours\":");
	puti(d, d->f->velocity_hours);
	put(d, ",\"min_samples\":");
	puti(d, d->f->min_samples);
	put(d, ",\"alert_pct\":");
	putnum(d, d->f->alert_pct, 3);
	put(d, ",\"critical_pct\":");
	putnum(d, d->f->critical_pct, 3);
	put(d, ",\"near_zero\":");
	putnum(d, d->f->near_zero, 3);
	put(d, ",\"min_delta\":");
	putnum(d, d->f->min_delta, 3);
	put(d, ",\"risk_mentions\":");
	puti(d, d->f->risk_mentions);
	put(d, ",\"track_min\":");
	puti(d, d->f->track_min);
	put(d, ",\"watch_min\":");
	puti(d, d->f->watch_min);
	put(d, "}");
}

static void
free_doc(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->ne; i++) {
		agg_row_clear(&d->e[i].top);
		free(d->e[i].days);
		free(d->e[i].plat);
	}
	free(d->e);
}

int
agg_document(struct agg *a, const struct agg_final *f, struct buf *out,
    struct buf *nd)
{
	struct totals t;
	struct doc d;
	struct ent **rank = NULL;
	size_t i;
	int rc = -1;

	memset(&d, 0, sizeof(d));
	memset(&t, 0, sizeof(t));
	d.a = a;
	d.f = f;
	d.sp = agg_spec(a);
	d.b = out;
	d.rows = agg_rows_sorted(a);
	d.nrows = agg_nrows(a);
	choose_window(&d);
	if (fold_entities(&d) < 0)
		goto out;
	velocity(&d);
	if (fold_totals(&d, &t) < 0)
		goto out;
	if ((rank = xcalloc(d.ne + 1, sizeof(*rank))) == NULL)
		goto out;
	agg_qsort(d.e, d.ne, sizeof(*d.e), ent_cmp_rank);
	for (i = 0; i < d.ne; i++) {
		rank[i] = &d.e[i];
		agg_qsort(d.e[i].plat, d.e[i].nplat, sizeof(struct plat), plat_cmp);
	}
	head(&d);
	totals_obj(&d, &t);
	put(&d, ",\"entities\":[");
	for (i = 0; i < d.ne && (f->top == 0 || i < (size_t)f->top); i++) {
		comma(&d);
		entity(&d, &d.e[i], t.mentions);
	}
	put(&d, "]");
	if (alerts(&d, nd) < 0 || changes(&d) < 0)
		goto out;
	risks(&d, (const struct ent *const *)rank);
	if (posts(&d) < 0 || storylines(&d) < 0 || discovered(&d) < 0)
		goto out;
	put(&d, "}\n");
	rc = d.rc ? -1 : 0;
out:
	free(rank);
	free(t.plat);
	free_doc(&d);
	return rc;
}
