#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "idset.h"
#include "timeparse.h"
#include "xalloc.h"

#define EXCERPT		200	/* bytes of a comment kept for quoting */
/* Sums wrap rather than overflow on absurd partial states. */
#define ADD(x, y)	((x) = (int64_t)((uint64_t)(x) + (uint64_t)(y)))

const char *const agg_emotions[AGG_NEMO] = { "anger", "disgust", "fatigue",
	"fear", "joy", "love", "sadness", "surprise" };
const char *const agg_bands[AGG_NBANDS] = { "strongly_negative", "negative",
	"neutral", "positive", "strongly_positive" };
static const char *const kind_names[AK_NKIND] = { "auth", "day", "ent",
	"hour", "name", "post", "story" };
/* Counters each kind writes in a partial state. */
static const size_t kind_nv[AK_NKIND] = { 0, T_COUNT, T_COUNT, 3, 3, 4, 3 };

/*
 * Storylines: keyword families matched as whole words (ASCII letters folded
 * to lower case).  Sorted by word for bsearch; fam indexes agg_families.
 */
const char *const agg_families[] = { "lawsuit", "breakup", "engagement",
	"pregnancy", "feud", "comeback", "award", "casting", NULL };
static const struct kw {
	const char	*w;
	int		 fam;
} keywords[] = {
	{ "attorney", 0 }, { "attorneys", 0 }, { "audition", 7 },
	{ "auditioned", 7 }, { "award", 6 }, { "awards", 6 }, { "baby", 3 },
	{ "beef", 4 }, { "breakup", 1 }, { "broke", 1 }, { "cameo", 7 },
	{ "cast", 7 }, { "casted", 7 }, { "casting", 7 }, { "comeback", 5 },
	{ "comebacks", 5 }, { "court", 0 }, { "deposition", 0 },
	{ "diss", 4 }, { "divorce", 1 }, { "divorced", 1 }, { "divorcing", 1 },
	{ "dumped", 1 }, { "emmy", 6 }, { "emmys", 6 }, { "engaged", 2 },
	{ "engagement", 2 }, { "expecting", 3 }, { "feud", 4 },
	{ "feuding", 4 }, { "fiance", 2 }, { "fiancee", 2 }, { "golden", 6 },
	{ "grammy", 6 }, { "grammys", 6 }, { "judge", 0 }, { "lawsuit", 0 },
	{ "lawsuits", 0 }, { "lawyer", 0 }, { "lawyers", 0 }, { "miscast", 7 },
	{ "nominated", 6 }, { "nomination", 6 }, { "nominee", 6 },
	{ "oscar", 6 }, { "oscars", 6 }, { "pregnancy", 3 }, { "pregnant", 3 },
	{ "proposal", 2 }, { "proposed", 2 }, { "recast", 7 }, { "returns", 5 },
	{ "rivalry", 4 }, { "separated", 1 }, { "separation", 1 },
	{ "settlement", 0 }, { "shade", 4 }, { "split", 1 }, { "sue", 0 },
	{ "sued", 0 }, { "sues", 0 }, { "suing", 0 }, { "trial", 0 },
	{ "twins", 3 }, { "wedding", 2 },
};

struct agg {
	struct agg_spec	 spec;
	char		*where;
	char		**ents;
	char		*specjson;
	struct agg_row	**row;
	size_t		 n, cap, max_rows;
	uint32_t	*slot;		/* row index + 1; 0 is empty */
	size_t		 nslot;
	int		 full;
	uint64_t	 records;
	int64_t		 tmin, tmax;
	int		 has_time;
	struct buf	 scratch;	/* C strings of the record being read */
	int		 adopt;		/* take the spec of the first partial */
};

/* ------------------------------------------------------------ the map */

static uint64_t
row_hash(int kind, const char *k1, const char *k2, int64_t t)
{
	uint64_t h = idset_hash(k1, strlen(k1));

	h ^= idset_hash(k2, strlen(k2)) * 0x9E3779B97F4A7C15ULL;
	h ^= ((uint64_t)t + (uint64_t)kind * 0x100000001B3ULL) *
	    0xC2B2AE3D27D4EB4FULL;
	return h ^ (h >> 31);
}

static int
row_is(const struct agg_row *r, int kind, const char *k1, const char *k2,
    int64_t t)
{
	return r->kind == kind && r->t == t && strcmp(r->k1, k1) == 0 &&
	    strcmp(r->k2, k2) == 0;
}

static void
index_put(struct agg *a, size_t i)
{
	const struct agg_row *r = a->row[i];
	size_t j = row_hash(r->kind, r->k1, r->k2, r->t) & (a->nslot - 1);

	while (a->slot[j] != 0)
		j = (j + 1) & (a->nslot - 1);
	a->slot[j] = (uint32_t)(i + 1);
}

static int
reindex(struct agg *a, size_t nslot)
{
	uint32_t *s = xcalloc(nslot, sizeof(*s));
	size_t i;

	if (s == NULL)
		return -1;
	free(a->slot);
	a->slot = s;
	a->nslot = nslot;
	for (i = 0; i < a->n; i++)
		index_put(a, i);
	return 0;
}

/* The row for the key, made empty when new; NULL when out of memory. */
static struct agg_row *
row_get(struct agg *a, int kind, const char *k1, const char *k2, int64_t t)
{
	struct agg_row *r, **p;
	size_t j;
	uint32_t s;

	j = row_hash(kind, k1, k2, t) & (a->nslot - 1);
	while ((s = a->slot[j]) != 0) {
		if (row_is(a->row[s - 1], kind, k1, k2, t))
			return a->row[s - 1];
		j = (j + 1) & (a->nslot - 1);
	}
	if (a->n >= a->max_rows || a->n >= UINT32_MAX - 1) {
		a->full = 1;
		return NULL;
	}
	if (a->n == a->cap) {
		p = xrealloc(a->row, (a->cap ? a->cap * 2 : 256) * sizeof(*p));
		if (p == NULL)
			return NULL;
		a->row = p;
		a->cap = a->cap ? a->cap * 2 : 256;
	}
	if ((r = xcalloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->kind = (uint8_t)kind;
	r->t = t;
	if ((r->k1 = xstrndup(k1, strlen(k1))) == NULL ||
	    (r->k2 = xstrndup(k2, strlen(k2))) == NULL) {
		free(r->k1);
		free(r);
		return NULL;
	}
	a->row[a->n] = r;
	a->slot[j] = (uint32_t)(a->n + 1);
	a->n++;
	if (a->n * 2 > a->nslot && reindex(a, a->nslot * 2) < 0)
		return NULL;
	return r;
}

static void
item_free(struct agg_item *it)
{
	free(it->id);
	free(it->text);
}

void
agg_row_clear(struct agg_row *r)
{
	size_t i;

	for (i = 0; i < r->ntop; i++)
		item_free(&r->top[i]);
	for (i = 0; i < r->nec; i++)
		free(r->ec[i].name);
	free(r->ec);
	free(r->url);
	free(r->caption);
	free(r->k1);
	free(r->k2);
	memset(r, 0, sizeof(*r));
}

static void
row_free(struct agg_row *r)
{
	agg_row_clear(r);
	free(r);
}

/* ------------------------------------------------------------ the spec */

/* A band edge (three places at most) in its shortest form. */
static int
add_edge(struct buf *b, double x)
{
	char t[32];
	size_t n;

	snprintf(t, sizeof(t), "%.3f", x);
	n = strlen(t);
	while (n > 1 && t[n - 1] == '0')
		n--;
	if (t[n - 1] == '.')
		n--;
	return buf_add(b, t, n);
}

static int
spec_json(struct agg *a)
{
	const struct agg_spec *s = &a->spec;
	struct buf b;
	char t[21];
	size_t i;
	int rc = 0;

	buf_init(&b, 0);
	rc |= buf_addlit(&b, "{\"since\":");
	if (s->has_since) {
		time_format(s->since, t);
		rc |= buf_printf(&b, "\"%s\"", t);
	} else
		rc |= buf_addlit(&b, "null");
	rc |= buf_addlit(&b, ",\"until\":");
	if (s->has_until) {
		time_format(s->until, t);
		rc |= buf_printf(&b, "\"%s\"", t);
	} else
		rc |= buf_addlit(&b, "null");
	rc |= buf_addlit(&b, ",\"where\":");
	rc |= s->where ? json_add_str(&b, s->where, strlen(s->where)) :
	    buf_addlit(&b, "null");
	rc |= buf_addlit(&b, ",\"entities\":[");
	for (i = 0; i < s->nentities; i++) {
		if (i > 0)
			rc |= buf_addc(&b, ',');
		rc |= json_add_str(&b, s->entities[i], strlen(s->entities[i]));
	}
	rc |= buf_addlit(&b, "],\"bands\":[");
	rc |= add_edge(&b, s->weak);
	rc |= buf_addc(&b, ',');
	rc |= add_edge(&b, s->strong);
	rc |= buf_addlit(&b, "]}");
	if (rc != 0) {
		buf_free(&b);
		return -1;
	}
	a->specjson = b.data;
	return 0;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
free_spec(struct agg *a)
{
	size_t i;

	for (i = 0; a->ents != NULL && i < a->spec.nentities; i++)
		free(a->ents[i]);
	free(a->ents);
	free(a->where);
	free(a->specjson);
	a->ents = NULL;
	a->where = NULL;
	a->specjson = NULL;
}

/* Copies spec into a (freeing an earlier one) and renders its JSON. */
static int
set_spec(struct agg *a, const struct agg_spec *spec)
{
	size_t i;
	char *w = NULL, **e = NULL;

	if (spec->where != NULL && (w = xstrndup(spec->where,
	    strlen(spec->where))) == NULL)
		return -1;
	if (spec->nentities > 0 && (e = xcalloc(spec->nentities,
	    sizeof(char *))) == NULL)
		goto fail;
	for (i = 0; i < spec->nentities; i++)
		if ((e[i] = xstrndup(spec->entities[i],
		    strlen(spec->entities[i]))) == NULL)
			goto fail;
	/* sorted, so that the order given does not matter */
	if (e != NULL)
		agg_qsort(e, spec->nentities, sizeof(char *), cmp_str);
	free_spec(a);
	a->spec = *spec;
	a->spec.where = a->where = w;
	a->spec.entities = (const char *const *)(a->ents = e);
	return spec_json(a);
fail:
	for (i = 0; e != NULL && i < spec->nentities; i++)
		free(e[i]);
	free(e);
	free(w);
	return -1;
}

struct agg *
agg_new(const struct agg_spec *spec, size_t max_rows)
{
	struct agg *a = xcalloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	buf_init(&a->scratch, 0);
	a->max_rows = max_rows ? max_rows : SIZE_MAX;
	if (set_spec(a, spec) < 0 || reindex(a, 1024) < 0) {
		agg_free(a);
		return NULL;
	}
	return a;
}

struct agg *
agg_new_merge(size_t max_rows)
{
	struct agg_spec sp = { 0 };
	struct agg *a;

	sp.weak = 0.3;
	sp.strong = 0.7;
	if ((a = agg_new(&sp, max_rows)) != NULL)
		a->adopt = 1;
	return a;
}

void
agg_free(struct agg *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		row_free(a->row[i]);
	free(a->row);
	free(a->slot);
	free_spec(a);
	buf_free(&a->scratch);
	free(a);
}

int
agg_full(const struct agg *a)
{
	return a->full;
}

const char *
agg_spec_json(const struct agg *a)
{
	return a->specjson;
}

const struct agg_spec *
agg_spec(const struct agg *a)
{
	return &a->spec;
}

size_t
agg_nrows(const struct agg *a)
{
	return a->n;
}

uint64_t
agg_records(const struct agg *a)
{
	return a->records;
}

int
agg_time_range(const struct agg *a, int64_t *min, int64_t *max)
{
	*min = a->tmin;
	*max = a->tmax;
	return a->has_time;
}

/* The spec's record filter: 1 when a record at time t is in range. */
static int
agg_in_range(const struct agg *a, int64_t t)
{
	return !(a->spec.has_since && t < a->spec.since) &&
	    !(a->spec.has_until && t >= a->spec.until);
}

static void
see_time(struct agg *a, int64_t lo, int64_t hi)
{
	if (!a->has_time || lo < a->tmin)
		a->tmin = lo;
	if (!a->has_time || hi > a->tmax)
		a->tmax = hi;
	a->has_time = 1;
}

/* ------------------------------------------------------------ merging */

/*
 * Orders quoted comments: more likes first, then by id; the rest breaks
 * ties between copies of one id, so that the order they come in (records
 * or states merged) never decides which copy stays.
 */
static int
item_before(const struct agg_item *x, const struct agg_item *y)
{
	int c;

	if (x->likes != y->likes)
		return x->likes > y->likes;
	if ((c = strcmp(x->id, y->id)) != 0)
		return c < 0;
	if (x->time != y->time)
		return x->time < y->time;
	if (x->has_score != y->has_score)
		return x->has_score > y->has_score;
	if (x->score != y->score)
		return x->score < y->score;
	return strcmp(x->text, y->text) < 0;
}

/*
 * Offers a comment to a row's top list; the strings are copied only when
 * it gets in.  One id is listed once: the copy that sorts first.
 */
int
agg_top_offer(struct agg_row *r, const struct agg_item *it, size_t textlen)
{
	struct agg_item c;
	size_t i, k;
	char *t;

	if ((t = xstrndup(it->text, textlen)) == NULL)
		return -1;
	c = *it;
	c.text = t;
	for (i = 0; i < r->ntop; i++)
		if (strcmp(r->top[i].id, it->id) == 0)
			break;
	if (i < r->ntop) {
		if (!item_before(&c, &r->top[i])) {
			free(t);
			return 0;
		}
		item_free(&r->top[i]);
		memmove(&r->top[i], &r->top[i + 1], (r->ntop - i - 1) *
		    sizeof(c));
		r->ntop--;
	}
	for (k = 0; k < r->ntop && item_before(&r->top[k], &c); k++)
		;
	if (k >= AGG_TOP) {
		free(t);
		return 0;
	}
	if ((c.id = xstrndup(it->id, strlen(it->id))) == NULL) {
		free(t);
		return -1;
	}
	if (r->ntop == AGG_TOP)
		item_free(&r->top[--r->ntop]);
	memmove(&r->top[k + 1], &r->top[k], (r->ntop - k) * sizeof(c));
	r->top[k] = c;
	r->ntop++;
	return 0;
}

int
agg_ec_add(struct agg_row *r, const char *name, int64_t n)
{
	struct agg_ecount *p;
	size_t i;

	for (i = 0; i < r->nec; i++)
		if (strcmp(r->ec[i].name, name) == 0) {
			ADD(r->ec[i].n, n);
			return 0;
		}
	if (r->nec == r->capec) {
		p = xrealloc(r->ec, (r->capec ? r->capec * 2 : 4) * sizeof(*p));
		if (p == NULL)
			return -1;
		r->ec = p;
		r->capec = r->capec ? r->capec * 2 : 4;
	}
	if ((r->ec[r->nec].name = xstrndup(name, strlen(name))) == NULL)
		return -1;
	r->ec[r->nec++].n = n;
	return 0;
}

/* Keeps one of two strings whatever the order they come in: the smaller. */
int
agg_keep_min(char **dst, const char *s, size_t n)
{
	char *c;

	if (s == NULL || (*dst != NULL && (strncmp(*dst, s, n) < 0 ||
	    (strncmp(*dst, s, n) == 0 && strlen(*dst) <= n))))
		return 0;
	if ((c = xstrndup(s, n)) == NULL)
		return -1;
	free(*dst);
	*dst = c;
	return 0;
}

/* Folds counter v (of the row's kind) into r. */
static void
merge_counters(struct agg_row *r, const int64_t *v)
{
	size_t i;

	if (r->kind == AK_NAME) {
		if (r->v[0] == 0 || v[1] < r->v[1])
			r->v[1] = v[1];
		if (r->v[0] == 0 || v[2] > r->v[2])
			r->v[2] = v[2];
		ADD(r->v[0], v[0]);
		return;
	}
	for (i = 0; i < kind_nv[r->kind]; i++)
		ADD(r->v[i], v[i]);
}

/* ------------------------------------------------------------ records */

struct recinfo {
	const char	*id, *platform, *text, *author;
	size_t		 textlen, authorlen;
	const struct jnode *post, *signals, *discovered;
	int64_t		 time, day, hour, likes;
	int		 review;
	/* the comment as a whole */
	int64_t		 score, weight;
	int		 has_score, tox, risk, sarc;
	unsigned	 emo;		/* bit per agg_emotions */
};

/* A number's text as thousandths, rounded; -1 when not a finite number. */
static int
milli(const struct jnode *n, int64_t *out)
{
	char tmp[64];
	double x;
	char *end;

	if (n == NULL || n->kind != J_NUM || n->len >= sizeof(tmp))
		return -1;
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	x = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(x) || fabs(x) > 1e12)
		return -1;
	*out = llround(x * 1000);
	return 0;
}

static int
band_of(const struct agg_spec *s, int64_t score)
{
	double x = (double)score / 1000;

	if (x <= -s->strong)
		return 0;
	if (x <= -s->weak)
		return 1;
	if (x < s->weak)
		return 2;
	return x < s->strong ? 3 : 4;
}

static int
emotion_index(const struct jnode *v)
{
	int i;

	for (i = 0; i < AGG_NEMO; i++)
		if (json_str_is(v, agg_emotions[i]))
			return i;
	return -1;
}

static const char *
cstr(const struct jnode *n, size_t *len)
{
	if (n == NULL || n->kind != J_STR)
		return NULL;
	if (len != NULL)
		*len = n->len;
	return n->s;
}

/*
 * Prepares the scratch space for the strings of one JSON text of len
 * bytes: unescaped, they and their NULs take at most twice that.
 */
static int
scratch_for(struct agg *a, size_t len)
{
	buf_reset(&a->scratch);
	return buf_grow(&a->scratch, 2 * len + 64);
}

/*
 * A string node as a C string in the scratch space; NULL when it is not a
 * string or holds a NUL.  Never moves the scratch (scratch_for sized it).
 */
static const char *
cs(struct agg *a, const struct jnode *n)
{
	char *p;

	if (n == NULL || n->kind != J_STR || memchr(n->s, '\0', n->len) ||
	    a->scratch.len + n->len + 1 > a->scratch.cap)
		return NULL;
	p = a->scratch.data + a->scratch.len;
	memcpy(p, n->s, n->len);
	p[n->len] = '\0';
	a->scratch.len += n->len + 1;
	return p;
}

static int
floor_div(int64_t t, int64_t d)
{
	return (int)(t >= 0 ? t / d : -((-t + d - 1) / d));
}

/* The comment-level signals: sentiment, emotions, toxicity, risk, sarcasm. */
static int
read_signals(struct recinfo *ri, char *msg, size_t msglen)
{
	const struct jnode *s;

	for (s = ri->signals->child; s != NULL; s = s->next) {
		const struct jnode *type = json_get(s, "type", 4);
		const struct jnode *ent = json_get(s, "entity", 6);
		int e;

		if (s->kind != J_OBJ || type == NULL || type->kind != J_STR) {
			snprintf(msg, msglen, "a signal has no 'type'");
			return AGG_EDATA;
		}
		if (ent != NULL && ent->kind != J_NULL && ent->kind != J_STR) {
			snprintf(msg, msglen, "a signal's 'entity' is not a "
			    "string or null");
			return AGG_EDATA;
		}
		if (ent != NULL && ent->kind == J_STR)
			continue;
		if (json_str_is(type, "sentiment")) {
			if (milli(json_get(s, "score", 5), &ri->score) < 0) {
				snprintf(msg, msglen, "a sentiment signal "
				    "has no numeric 'score'");
				return AGG_EDATA;
			}
			if (ri->score < -1000 || ri->score > 1000) {
				snprintf(msg, msglen, "a sentiment score is "
				    "outside [-1, 1]");
				return AGG_EDATA;
			}
			ri->has_score = 1;
			if (milli(json_get(s, "weight", 6), &ri->weight) < 0 ||
			    ri->weight < 0 || ri->weight > 1000000)
				ri->weight = 1000;
		} else if (json_str_is(type, "emotion")) {
			if ((e = emotion_index(json_get(s, "value", 5))) >= 0)
				ri->emo |= 1u << e;
		} else if (json_str_is(type, "toxicity"))
			ri->tox = 1;
		else if (json_str_is(type, "risk"))
			ri->risk = 1;
		else if (json_str_is(type, "sarcasm"))
			ri->sarc = 1;
	}
	return 0;
}

/* Reads the members agg_add uses; AGG_EDATA with msg when one is bad. */
static int
read_record(struct agg *a, const struct jnode *rec, struct recinfo *ri,
    char *msg, size_t msglen)
{
	const struct jnode *n;

	memset(ri, 0, sizeof(*ri));
	if (rec->kind != J_OBJ) {
		snprintf(msg, msglen, "record is not a JSON object");
		return AGG_EDATA;
	}
	n = json_get(rec, "id", 2);
	if ((ri->id = cs(a, n)) == NULL || n->len == 0) {
		snprintf(msg, msglen, "record has no string 'id'");
		return AGG_EDATA;
	}
	n = json_get(rec, "created_at", 10);
	if (n == NULL || n->kind != J_STR ||
	    time_parse(n->s, n->len, &ri->time) < 0) {
		snprintf(msg, msglen, "record has no valid 'created_at'");
		return AGG_EDATA;
	}
	ri->day = floor_div(ri->time, 86400);
	ri->hour = ri->time >= 0 ? ri->time / 3600 :
	    -((-ri->time + 3599) / 3600);
	ri->platform = cs(a, json_get(rec, "platform", 8));
	if (ri->platform == NULL || ri->platform[0] == '\0')
		ri->platform = "unknown";
	ri->text = cstr(json_get(rec, "text", 4), &ri->textlen);
	ri->author = cstr(json_get(rec, "author", 6), &ri->authorlen);
	n = json_get(rec, "likes", 5);
	if (n != NULL && n->kind == J_NUM && milli(n, &ri->likes) == 0)
		ri->likes = ri->likes > 0 ? ri->likes / 1000 : 0;
	else
		ri->likes = 0;
	ri->review = json_get(rec, "review", 6) != NULL &&
	    json_get(rec, "review", 6)->kind == J_TRUE;
	ri->post = json_get(rec, "post", 4);
	ri->discovered = json_get(rec, "discovered", 10);
	ri->signals = json_get(rec, "signals", 7);
	ri->weight = 1000;
	if (ri->signals == NULL || ri->signals->kind == J_NULL) {
		ri->signals = NULL;
		return 0;
	}
	if (ri->signals->kind != J_ARR) {
		snprintf(msg, msglen, "'signals' is not an array");
		return AGG_EDATA;
	}
	return read_signals(ri, msg, msglen);
}

static void
tally(const struct agg_spec *sp, struct agg_row *r, const struct recinfo *ri,
    int has_score, int64_t score)
{
	int i;

	r->v[T_N]++;
	if (has_score) {
		r->v[T_NSENT]++;
		r->v[T_SUM] += score;
		r->v[T_WSUM] += score * ri->weight;
		r->v[T_WT] += ri->weight;
		r->v[T_BAND + band_of(sp, score)]++;
	}
	ADD(r->v[T_LIKES], ri->likes);
	r->v[T_REVIEW] += ri->review;
	r->v[T_TOX] += ri->tox;
	r->v[T_RISK] += ri->risk;
	r->v[T_SARC] += ri->sarc;
	for (i = 0; i < AGG_NEMO; i++)
		r->v[T_EMO + i] += (ri->emo >> i) & 1;
}

/* Bytes of text to quote: at most EXCERPT, cut at a character start. */
static size_t
excerpt_len(const char *s, size_t n)
{
	if (n <= EXCERPT)
		return n;
	n = EXCERPT;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* The storyline families the text's words belong to, as bits. */
static unsigned
families_of(const char *s, size_t n)
{
	char w[16];
	size_t i = 0, k, lo, hi, mid;
	unsigned bits = 0;
	int c;

	while (i < n) {
		while (i < n && !isalnum((unsigned char)s[i]) &&
		    (unsigned char)s[i] < 0x80)
			i++;
		for (k = 0; i < n && (isalnum((unsigned char)s[i]) ||
		    (unsigned char)s[i] >= 0x80); i++)
			if (k < sizeof(w))
				w[k++] = (char)tolower((unsigned char)s[i]);
		if (k == 0 || k >= sizeof(w))
			continue;
		w[k] = '\0';
		lo = 0;
		hi = sizeof(keywords) / sizeof(keywords[0]);
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if ((c = strcmp(keywords[mid].w, w)) == 0) {
				bits |= 1u << keywords[mid].fam;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return bits;
}

/* The entity sentiment signals of a record, in record order. */
struct ents {
	const char	*name[64];
	int64_t		 score[64];
	size_t		 n;
};

static int
entities_of(struct agg *a, const struct recinfo *ri, struct ents *e)
{
	const struct jnode *s, *ent;
	const char *name;
	int64_t sc;
	size_t i;

	e->n = 0;
	for (s = ri->signals ? ri->signals->child : NULL; s != NULL;
	    s = s->next) {
		ent = json_get(s, "entity", 6);
		if (ent == NULL || ent->kind != J_STR || ent->len == 0 ||
		    !json_str_is(json_get(s, "type", 4), "sentiment") ||
		    (name = cs(a, ent)) == NULL)
			continue;
		if (milli(json_get(s, "score", 5), &sc) < 0 || sc < -1000 ||
		    sc > 1000)
			return -1;
		for (i = 0; i < e->n && strcmp(e->name[i], name) != 0; i++)
			;
		if (i < e->n || e->n == 64)
			continue;
		if (a->spec.nentities > 0 && bsearch(&name, a->spec.entities,
		    a->spec.nentities, sizeof(char *), cmp_str) == NULL)
			continue;
		e->name[e->n] = name;
		e->score[e->n++] = sc;
	}
	return 0;
}

static int
add_post(struct agg *a, const struct recinfo *ri, const struct ents *e)
{
	const char *key, *url, *cap;
	size_t i;
	struct agg_row *r;

	if (ri->post == NULL || ri->post->kind != J_OBJ)
		return 0;
	key = cs(a, json_get(ri->post, "id", 2));
	url = cs(a, json_get(ri->post, "url", 3));
	cap = cs(a, json_get(ri->post, "caption", 7));
	if (key == NULL || key[0] == '\0')
		key = url;
	if (key == NULL || key[0] == '\0')
		return 0;
	if ((r = row_get(a, AK_POST, key, "", ri->day)) == NULL)
		return -1;
	r->v[0]++;
	ADD(r->v[1], ri->likes);
	if (ri->has_score) {
		r->v[2]++;
		r->v[3] += ri->score;
	}
	if ((url != NULL && agg_keep_min(&r->url, url, strlen(url)) < 0) ||
	    (cap != NULL && agg_keep_min(&r->caption, cap, strlen(cap)) < 0))
		return -1;
	for (i = 0; i < e->n; i++)
		if (agg_ec_add(r, e->name[i], 1) < 0)
			return -1;
	return 0;
}

static int
add_stories(struct agg *a, const struct recinfo *ri, const struct ents *e)
{
	unsigned bits = ri->text ? families_of(ri->text, ri->textlen) : 0;
	struct agg_row *r;
	size_t i;
	int f;

	for (f = 0; agg_families[f] != NULL; f++) {
		if (!(bits >> f & 1))
			continue;
		if ((r = row_get(a, AK_STORY, agg_families[f], "", ri->day)) ==
		    NULL)
			return -1;
		r->v[0]++;
		if (ri->has_score) {
			r->v[1]++;
			r->v[2] += ri->score;
		}
		for (i = 0; i < e->n; i++)
			if (agg_ec_add(r, e->name[i], 1) < 0)
				return -1;
	}
	return 0;
}

static int
add_names(struct agg *a, const struct recinfo *ri, struct agg_item *it,
    size_t tlen)
{
	const struct jnode *d;
	const char *name;
	struct agg_row *r;
	int64_t one[3];

	if (ri->discovered == NULL || ri->discovered->kind != J_ARR)
		return 0;
	for (d = ri->discovered->child; d != NULL; d = d->next) {
		if ((name = cs(a, d)) == NULL || name[0] == '\0')
			continue;
		if ((r = row_get(a, AK_NAME, name, "", ri->day)) == NULL)
			return -1;
		one[0] = 1;
		one[1] = one[2] = ri->time;
		merge_counters(r, one);
		it->has_score = ri->has_score;
		it->score = ri->score;
		if (agg_top_offer(r, it, tlen) < 0)
			return -1;
	}
	return 0;
}

static int
add_author(struct agg *a, const struct recinfo *ri)
{
	char hex[17];

	if (ri->author == NULL)
		return 0;
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)
	    idset_hash(ri->author, ri->authorlen));
	return row_get(a, AK_AUTH, hex, "", ri->day) ? 0 : -1;
}

int
agg_add(struct agg *a, const struct jnode *rec, size_t textlen, char *msg,
    size_t msglen)
{
	struct recinfo ri;
	struct ents e;
	struct agg_row *r;
	struct agg_item it;
	size_t i, tlen;
	int rc;

	if (scratch_for(a, textlen) < 0)
		return -1;
	if ((rc = read_record(a, rec, &ri, msg, msglen)) != 0)
		return rc;
	if (entities_of(a, &ri, &e) < 0) {
		snprintf(msg, msglen, "an entity's sentiment signal has no "
		    "'score' in [-1, 1]");
		return AGG_EDATA;
	}
	if (!agg_in_range(a, ri.time) || (a->spec.nentities > 0 && e.n == 0))
		return 1;
	a->records++;
	see_time(a, ri.time, ri.time);
	if ((r = row_get(a, AK_DAY, ri.platform, "", ri.day)) == NULL)
		return -1;
	tally(&a->spec, r, &ri, ri.has_score, ri.score);
	tlen = ri.text != NULL ? excerpt_len(ri.text, ri.textlen) : 0;
	memset(&it, 0, sizeof(it));
	it.id = (char *)ri.id;
	it.text = (char *)(ri.text != NULL ? ri.text : "");
	it.likes = ri.likes;
	it.time = ri.time;
	for (i = 0; i < e.n; i++) {
		if ((r = row_get(a, AK_ENT, e.name[i], ri.platform, ri.day)) ==
		    NULL)
			return -1;
		tally(&a->spec, r, &ri, 1, e.score[i]);
		it.score = e.score[i];
		it.has_score = 1;
		if (agg_top_offer(r, &it, tlen) < 0)
			return -1;
		if ((r = row_get(a, AK_HOUR, e.name[i], "", ri.hour)) == NULL)
			return -1;
		r->v[0]++;
		r->v[1] += e.score[i];
		r->v[2] += ri.tox;
	}
	if (add_post(a, &ri, &e) < 0 || add_stories(a, &ri, &e) < 0 ||
	    add_names(a, &ri, &it, tlen) < 0 || add_author(a, &ri) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ partials */

static int
cmp_row(const void *x, const void *y)
{
	const struct agg_row *a = *(struct agg_row *const *)x;
	const struct agg_row *b = *(struct agg_row *const *)y;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->k1, b->k1)) != 0)
		return c;
	if ((c = strcmp(a->k2, b->k2)) != 0)
		return c;
	return a->t < b->t ? -1 : a->t > b->t;
}

static int
cmp_ec(const void *x, const void *y)
{
	return strcmp(((const struct agg_ecount *)x)->name,
	    ((const struct agg_ecount *)y)->name);
}

struct agg_row *const *
agg_rows_sorted(struct agg *a)
{
	size_t i;

	agg_qsort(a->row, a->n, sizeof(*a->row), cmp_row);
	for (i = 0; i < a->n; i++)
		agg_qsort(a->row[i]->ec, a->row[i]->nec, sizeof(struct agg_ecount),
		    cmp_ec);
	memset(a->slot, 0, a->nslot * sizeof(*a->slot));
	for (i = 0; i < a->n; i++)
		index_put(a, i);
	return a->row;
}

static int
put_opt_str(struct buf *b, const char *s)
{
	return s ? json_add_str(b, s, strlen(s)) : buf_addlit(b, "null");
}

static int
write_row(struct buf *b, const struct agg_row *r)
{
	size_t i;
	int rc = 0;

	rc |= buf_printf(b, "{\"r\":\"%s\",\"k\":", kind_names[r->kind]);
	rc |= json_add_str(b, r->k1, strlen(r->k1));
	if (r->kind == AK_DAY || r->kind == AK_ENT) {
		rc |= buf_addlit(b, ",\"k2\":");
		rc |= json_add_str(b, r->k2, strlen(r->k2));
	}
	rc |= buf_addlit(b, ",\"t\":");
	rc |= buf_addi(b, r->t);
	if (kind_nv[r->kind] > 0) {
		rc |= buf_addlit(b, ",\"v\":[");
		for (i = 0; i < kind_nv[r->kind]; i++) {
			if (i > 0)
				rc |= buf_addc(b, ',');
			rc |= buf_addi(b, r->v[i]);
		}
		rc |= buf_addc(b, ']');
	}
	if (r->kind == AK_ENT || r->kind == AK_NAME) {
		rc |= buf_addlit(b, ",\"top\":[");
		for (i = 0; i < r->ntop; i++) {
			const struct agg_item *it = &r->top[i];

			rc |= buf_adds(b, i ? ",[" : "[");
			rc |= json_add_str(b, it->id, strlen(it->id));
			rc |= buf_printf(b, ",%lld,", (long long)it->likes);
			if (it->has_score)
				rc |= buf_addi(b, it->score);
			else
				rc |= buf_addlit(b, "null");
			rc |= buf_printf(b, ",%lld,", (long long)it->time);
			rc |= json_add_str(b, it->text, strlen(it->text));
			rc |= buf_addc(b, ']');
		}
		rc |= buf_addc(b, ']');
	}
	if (r->kind == AK_POST || r->kind == AK_STORY) {
		rc |= buf_addlit(b, ",\"ec\":[");
		for (i = 0; i < r->nec; i++) {
			rc |= buf_adds(b, i ? ",[" : "[");
			rc |= json_add_str(b, r->ec[i].name,
			    strlen(r->ec[i].name));
			rc |= buf_printf(b, ",%lld]", (long long)r->ec[i].n);
		}
		rc |= buf_addc(b, ']');
	}
	if (r->kind == AK_POST) {
		rc |= buf_addlit(b, ",\"url\":");
		rc |= put_opt_str(b, r->url);
		rc |= buf_addlit(b, ",\"caption\":");
		rc |= put_opt_str(b, r->caption);
	}
	rc |= buf_addlit(b, "}\n");
	return rc ? -1 : 0;
}

int
agg_write_partial(struct agg *a, struct buf *out)
{
	struct agg_row *const *rows = agg_rows_sorted(a);
	size_t i;
	int rc = 0;

	rc |= buf_printf(out, "{\"et_agg_partial\":%d,\"spec\":%s,"
	    "\"records\":%llu,\"min_time\":", AGG_VERSION, a->specjson,
	    (unsigned long long)a->records);
	if (a->has_time)
		rc |= buf_printf(out, "%lld,\"max_time\":%lld}\n",
		    (long long)a->tmin, (long long)a->tmax);
	else
		rc |= buf_addlit(out, "null,\"max_time\":null}\n");
	for (i = 0; i < a->n && rc == 0; i++)
		rc |= write_row(out, rows[i]);
	return rc ? -1 : 0;
}

/* An integer member's value; -1 when it is not an integer in range. */
static int
int_of(const struct jnode *n, int64_t *out)
{
	char tmp[24];
	char *end;
	long long v;

	if (n == NULL || n->kind != J_NUM || n->len == 0 ||
	    n->len >= sizeof(tmp))
		return -1;
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	v = strtoll(tmp, &end, 10);
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int
bad(char *msg, size_t msglen, const char *what)
{
	snprintf(msg, msglen, "not an et-agg partial state: %s", what);
	return AGG_EDATA;
}

/* Takes the spec of a partial's header as this state's. */
static int
adopt_spec(struct agg *a, const struct jnode *spec, char *msg, size_t msglen)
{
	const struct jnode *n, *b;
	struct agg_spec sp;
	const char *ents[256];
	char *keep = a->specjson;
	size_t i = 0;

	memset(&sp, 0, sizeof(sp));
	if (scratch_for(a, 65536) < 0)
		return -1;
	n = json_get(spec, "since", 5);
	if (n != NULL && n->kind == J_STR &&
	    time_parse(n->s, n->len, &sp.since) == 0)
		sp.has_since = 1;
	n = json_get(spec, "until", 5);
	if (n != NULL && n->kind == J_STR &&
	    time_parse(n->s, n->len, &sp.until) == 0)
		sp.has_until = 1;
	sp.where = cs(a, json_get(spec, "where", 5));
	n = json_get(spec, "entities", 8);
	for (n = n && n->kind == J_ARR ? n->child : NULL; n != NULL &&
	    i < 256; n = n->next)
		if ((ents[i] = cs(a, n)) != NULL)
			i++;
	sp.entities = ents;
	sp.nentities = i;
	b = json_get(spec, "bands", 5);
	if (b == NULL || b->kind != J_ARR || b->n != 2 ||
	    b->child->kind != J_NUM || b->child->next->kind != J_NUM)
		return bad(msg, msglen, "header 'spec' lacks 'bands'");
	sp.weak = strtod(b->child->s, NULL);
	sp.strong = strtod(b->child->next->s, NULL);
	a->specjson = NULL;
	if (set_spec(a, &sp) < 0) {
		a->specjson = keep;
		return -1;
	}
	free(keep);
	a->adopt = 0;
	return 0;
}

static int
merge_header(struct agg *a, const struct jnode *o, char *msg, size_t msglen)
{
	const struct jnode *ver = json_get(o, "et_agg_partial", 14);
	const struct jnode *spec = json_get(o, "spec", 4);
	int64_t v, rec, lo, hi;
	struct buf b;
	int same, rc;

	if (o->kind != J_OBJ || ver == NULL)
		return bad(msg, msglen, "no 'et_agg_partial' header");
	if (int_of(ver, &v) < 0 || v != AGG_VERSION) {
		snprintf(msg, msglen, "partial state version %.*s, this "
		    "program reads version %d", (int)(ver->len < 20 ?
		    ver->len : 20), ver->s ? ver->s : "?", AGG_VERSION);
		return AGG_EDATA;
	}
	if (spec == NULL || spec->kind != J_OBJ ||
	    int_of(json_get(o, "records", 7), &rec) < 0 || rec < 0)
		return bad(msg, msglen, "header lacks 'spec' or 'records'");
	if (a->adopt && (rc = adopt_spec(a, spec, msg, msglen)) != 0)
		return rc;
	buf_init(&b, 0);
	if (json_dump(&b, spec) < 0) {
		buf_free(&b);
		return -1;
	}
	same = strcmp(b.data, a->specjson) == 0;
	buf_free(&b);
	if (!same) {
		snprintf(msg, msglen, "partial state made with other record "
		    "filters (window, --where, --entity or bands) than the "
		    "first");
		return AGG_EDATA;
	}
	a->records += (uint64_t)rec;
	if (int_of(json_get(o, "min_time", 8), &lo) == 0 &&
	    int_of(json_get(o, "max_time", 8), &hi) == 0 && lo <= hi)
		see_time(a, lo, hi);
	return 0;
}

static int
kind_of(const struct jnode *n)
{
	int k;

	for (k = 0; k < AK_NKIND; k++)
		if (json_str_is(n, kind_names[k]))
			return k;
	return -1;
}

static int
merge_top(struct agg *a, struct agg_row *r, const struct jnode *top,
    char *msg, size_t msglen)
{
	const struct jnode *t, *f[5];
	struct agg_item it;
	size_t k;

	if (top == NULL || top->kind != J_ARR || top->n > AGG_TOP)
		return bad(msg, msglen, "bad 'top'");
	for (t = top->child; t != NULL; t = t->next) {
		if (t->kind != J_ARR || t->n != 5)
			return bad(msg, msglen, "bad 'top' item");
		for (k = 0, f[0] = t->child; k < 4; k++)
			f[k + 1] = f[k]->next;
		memset(&it, 0, sizeof(it));
		it.id = (char *)cs(a, f[0]);
		it.text = (char *)cs(a, f[4]);
		if (it.id == NULL || it.text == NULL ||
		    int_of(f[1], &it.likes) < 0 || int_of(f[3], &it.time) < 0 ||
		    (f[2]->kind != J_NULL && int_of(f[2], &it.score) < 0))
			return bad(msg, msglen, "bad 'top' item");
		it.has_score = f[2]->kind != J_NULL;
		if (agg_top_offer(r, &it, f[4]->len) < 0)
			return -1;
	}
	return 0;
}

static int
merge_ec(struct agg *a, struct agg_row *r, const struct jnode *ec, char *msg,
    size_t msglen)
{
	const struct jnode *t;
	const char *name;
	int64_t n;

	if (ec == NULL || ec->kind != J_ARR)
		return bad(msg, msglen, "bad 'ec'");
	for (t = ec->child; t != NULL; t = t->next) {
		if (t->kind != J_ARR || t->n != 2 ||
		    (name = cs(a, t->child)) == NULL ||
		    int_of(t->child->next, &n) < 0)
			return bad(msg, msglen, "bad 'ec' item");
		if (agg_ec_add(r, name, n) < 0)
			return -1;
	}
	return 0;
}

static int
merge_post_text(struct agg *a, struct agg_row *r, const struct jnode *o)
{
	const char *u = cs(a, json_get(o, "url", 3));
	const char *c = cs(a, json_get(o, "caption", 7));

	if (u != NULL && agg_keep_min(&r->url, u, strlen(u)) < 0)
		return -1;
	if (c != NULL && agg_keep_min(&r->caption, c, strlen(c)) < 0)
		return -1;
	return 0;
}

int
agg_merge_line(struct agg *a, const struct jnode *o, size_t textlen,
    int header, char *msg, size_t msglen)
{
	const struct jnode *v, *x;
	const char *k, *k2 = "";
	int64_t t, vals[T_COUNT] = { 0 };
	struct agg_row *r;
	size_t i;
	int kind, rc;

	if (header)
		return merge_header(a, o, msg, msglen);
	if (scratch_for(a, textlen) < 0)
		return -1;
	if (o->kind != J_OBJ || (kind = kind_of(json_get(o, "r", 1))) < 0)
		return bad(msg, msglen, "a row without a known 'r'");
	v = json_get(o, "v", 1);
	if ((k = cs(a, json_get(o, "k", 1))) == NULL ||
	    int_of(json_get(o, "t", 1), &t) < 0 ||
	    ((kind == AK_DAY || kind == AK_ENT) &&
	    (k2 = cs(a, json_get(o, "k2", 2))) == NULL))
		return bad(msg, msglen, "a row without 'k' or 't'");
	if (kind_nv[kind] > 0 && (v == NULL || v->kind != J_ARR ||
	    v->n != kind_nv[kind]))
		return bad(msg, msglen, "a row with a wrong 'v'");
	for (i = 0, x = v && kind_nv[kind] ? v->child : NULL; x != NULL;
	    x = x->next, i++)
		if (int_of(x, &vals[i]) < 0)
			return bad(msg, msglen, "a row with a wrong 'v'");
	if ((r = row_get(a, kind, k, k2, t)) == NULL)
		return -1;
	merge_counters(r, vals);
	if (kind == AK_ENT || kind == AK_NAME)
		return merge_top(a, r, json_get(o, "top", 3), msg, msglen);
	if (kind == AK_POST || kind == AK_STORY) {
		if ((rc = merge_ec(a, r, json_get(o, "ec", 2), msg, msglen)) != 0)
			return rc;
		return kind == AK_POST ? merge_post_text(a, r, o) : 0;
	}
	return 0;
}

int
agg_merge_text(void *ap, const char *line, size_t len, int header, char *msg,
    size_t msglen)
{
	struct jdoc d;
	struct jerr e;
	int rc;

	json_doc_init(&d, len * 16 + ((size_t)1 << 20));
	rc = json_parse(&d, line, len, &e);
	if (rc == JSON_OK) {
		rc = agg_merge_line(ap, d.root, len, header, msg, msglen);
		rc = rc == AGG_EDATA ? -1 : rc < 0 ? -2 : 0;
	} else if (rc == JSON_ENOMEM)
		rc = -2;
	else {
		snprintf(msg, msglen, "%s", e.msg);
		rc = -1;
	}
	json_doc_free(&d);
	return rc;
}
