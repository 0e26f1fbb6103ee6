#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "affect.h"
#include "discover.h"
#include "enrich.h"
#include "record.h"
#include "sentiment.h"
#include "text.h"
#include "xalloc.h"

#define MAX_CLAUSES	65536
#define POST_CACHE	16	/* posts whose context is kept */
#define MODEL_LEXICON	"lexicon-1"
#define MODEL_RULES	"rules-1"
#define FALLBACK	"+llm-fallback"
#define LLM_CONF	0.8
/* Shorter comments without sentiment words are taken as neutral. */
#define DOUBT_WORDS	4

struct enricher {
	const struct catalog *cat;
	const struct lexicon *lex;
	struct enrich_opts opts;
	struct tokens	 tk;
	struct mentions	 m;
	struct postslot {
		struct post_ctx	 ctx;
		struct buf	 key;	/* caption, 0x1f, subject */
		unsigned long	 used;	/* clock of the last use */
		int		 valid;
	} posts[POST_CACHE];
	unsigned long	 clock;
	struct post_ctx	*post;		/* the current record's */
	struct affect	 aff;
	uint8_t		*mask;		/* per clause */
	uint8_t		*named;		/* clause mentions some entity */
	uint8_t		*names;		/* token is part of a name */
	/* the last record, for enrich_doubt, and its override */
	const struct enrich_override *ov;
	double		 minconf;	/* of its sentiment signals */
	int		 cancel;	/* its sentiment words cancel out */
	double		 weight;
	int		 mixed;		/* its entities' labels differ */
	size_t		 nents;
	const char	*ents[LLM_MAX_ENTS];
};

struct enricher *
enricher_new(const struct catalog *cat, const struct lexicon *lex,
    const struct enrich_opts *o)
{
	struct enricher *e = xcalloc(1, sizeof(*e));
	size_t i;

	if (e == NULL)
		return NULL;
	e->cat = cat;
	e->lex = lex;
	e->opts = *o;
	tokens_init(&e->tk);
	mentions_init(&e->m);
	for (i = 0; i < POST_CACHE; i++) {
		post_ctx_init(&e->posts[i].ctx);
		buf_init(&e->posts[i].key, 0);
	}
	e->mask = xcalloc(MAX_CLAUSES, 1);
	e->named = xcalloc(MAX_CLAUSES, 1);
	e->names = xcalloc(MAX_CLAUSES, 1);
	if (e->mask == NULL || e->named == NULL || e->names == NULL) {
		enricher_free(e);
		return NULL;
	}
	return e;
}

void
enricher_free(struct enricher *e)
{
	size_t i;

	if (e == NULL)
		return;
	tokens_free(&e->tk);
	mentions_free(&e->m);
	for (i = 0; i < POST_CACHE; i++) {
		post_ctx_free(&e->posts[i].ctx);
		buf_free(&e->posts[i].key);
	}
	free(e->mask);
	free(e->named);
	free(e->names);
	free(e);
}

int
enrich_num(struct buf *b, double x)
{
	char tmp[32], *e = tmp + sizeof(tmp), *p = e;
	long long v = llround(x * 1000);
	unsigned long long u = v < 0 ? (unsigned long long)-v :
	    (unsigned long long)v;
	int frac = (int)(u % 1000), digits = 3;

	if (v == 0)
		return buf_addc(b, '0');
	/* the fraction without trailing zeros, then the integer part */
	while (digits > 0 && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	while (digits-- > 0) {
		*--p = (char)('0' + frac % 10);
		frac /= 10;
	}
	if (p != e)
		*--p = '.';
	u /= 1000;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return buf_add(b, p, (size_t)(e - p));
}

static const char *
str_of(const struct jnode *n, size_t *len)
{
	if (n == NULL || n->kind != J_STR) {
		*len = 0;
		return NULL;
	}
	*len = n->len;
	return n->s;
}

static int
same_key(const struct buf *k, const char *cap, size_t clen, const char *subj,
    size_t slen)
{
	return k->len == clen + slen + 1 &&
	    (clen == 0 || memcmp(k->data, cap, clen) == 0) &&
	    (slen == 0 || memcmp(k->data + clen + 1, subj, slen) == 0);
}

/*
 * Finds the context of the record's post among the last few posts seen,
 * building it (caption and subject matched once) when it is new.
 */
static int
update_post(struct enricher *e, const struct jnode *post)
{
	struct postslot *slot = NULL, *x;
	const char *cap, *subj;
	size_t clen, slen, i;

	cap = str_of(json_get(post, "caption", 7), &clen);
	subj = str_of(json_get(post, "subject", 7), &slen);
	e->clock++;
	for (i = 0; i < POST_CACHE; i++) {
		x = &e->posts[i];
		if (x->valid && same_key(&x->key, cap, clen, subj, slen)) {
			x->used = e->clock;
			e->post = &x->ctx;
			return 0;
		}
		if (slot == NULL || !x->valid || (slot->valid &&
		    x->used < slot->used))
			slot = x;
	}
	buf_reset(&slot->key);
	slot->valid = 0;
	if (buf_add(&slot->key, cap ? cap : "", clen) < 0 ||
	    buf_addc(&slot->key, '\x1f') < 0 ||
	    buf_add(&slot->key, subj ? subj : "", slen) < 0 ||
	    post_ctx_build(e->cat, &slot->ctx, cap, clen, subj, slen) < 0)
		return -1;
	slot->valid = 1;
	slot->used = e->clock;
	e->post = &slot->ctx;
	return 0;
}

static double
weight_of(const struct jnode *obj)
{
	const struct jnode *n = json_get(obj, "likes", 5);
	double likes = 0;

	if (n != NULL && n->kind == J_NUM)
		likes = strtod(n->s, NULL);
	return 1 + log1p(likes > 0 ? likes : 0);
}

static const char *
label(double s)
{
	return s >= 0.05 ? "positive" : s <= -0.05 ? "negative" : "neutral";
}

/* Appends one signal object (leading comma when not first). */
static int
signal(struct buf *b, int *first, const char *type, const char *entity,
    const char *value, int has_score, double score, double conf,
    double weight, const char *model)
{
	if ((!*first && buf_addc(b, ',') < 0) ||
	    buf_addlit(b, "{\"type\":") < 0 ||
	    json_add_str(b, type, strlen(type)) < 0 ||
	    buf_addlit(b, ",\"entity\":") < 0 ||
	    (entity ? json_add_str(b, entity, strlen(entity)) :
	    buf_addlit(b, "null")) < 0 ||
	    buf_addlit(b, ",\"value\":") < 0 ||
	    json_add_str(b, value, strlen(value)) < 0 ||
	    buf_addlit(b, ",\"score\":") < 0 ||
	    (has_score ? enrich_num(b, score) : buf_addlit(b, "null")) < 0 ||
	    buf_addlit(b, ",\"confidence\":") < 0 || enrich_num(b, conf) < 0 ||
	    buf_addlit(b, ",\"weight\":") < 0 || enrich_num(b, weight) < 0 ||
	    buf_addlit(b, ",\"model\":") < 0 ||
	    json_add_str(b, model, strlen(model)) < 0 ||
	    buf_addc(b, '}') < 0)
		return -1;
	*first = 0;
	return 0;
}

/*
 * The model of a signal the LLM would make (lexicon or rules): the LLM's
 * with an answer, the method's marked as a fallback after a failure.
 */
static const char *
model_of(struct enricher *e, int rules)
{
	const struct enrich_override *ov = e->ov;

	if (ov == NULL || ov->mode == ENRICH_OV_NONE)
		return rules ? MODEL_RULES : MODEL_LEXICON;
	if (ov->mode == ENRICH_OV_ANSWER)
		return ov->model;
	return rules ? MODEL_RULES FALLBACK : MODEL_LEXICON FALLBACK;
}

static int
answered(const struct enricher *e)
{
	return e->ov != NULL && e->ov->mode == ENRICH_OV_ANSWER;
}

/*
 * Keeps what enrich_doubt reports of one sentiment: how many words carried
 * it.  The attribution's own doubt is the review flag's business.
 */
static void
note_conf(struct enricher *e, double conf)
{
	if (conf < e->minconf)
		e->minconf = conf;
}

static double
sent_conf(const struct sent_result *r)
{
	if (r->nsent == 0)
		return 0.5;
	return r->nsent >= 2 ? 0.9 : 0.75;
}

/* cue_at's answer for "better than X": X gets the clause's opposite. */
#define CUE_THAN	1000.0

static int
tok_at(const struct tokens *tk, long i, const char *w)
{
	return i >= 0 && (size_t)i < tk->n && tok_is(tk, (size_t)i, w);
}

/*
 * Words aimed at one entity that the lexicon cannot see: "Team Justin",
 * "#TeamJustin", "justice for X", "I stand with X", "I believe X" (for),
 * "except X", "boycott X", "won't watch ... X" (against).
 */
static double
cue_at(const struct tokens *tk, const struct mention *m)
{
	long i = (long)m->tok;
	const char *w;
	long k;

	if (m->ntok == 0)
		return 0;
	w = tok_norm(tk, (size_t)i);
	if (tk->t[i].kind == TK_HASHTAG || tk->t[i].kind == TK_HANDLE) {
		if (strncmp(w, "team", 4) == 0 || strncmp(w, "justicefor", 10) ==
		    0 || strncmp(w, "istandwith", 10) == 0)
			return 2.4;
		if (strncmp(w, "boycott", 7) == 0)
			return -2.4;
	}
	if (tok_at(tk, i - 1, "team") || (tok_at(tk, i - 1, "for") &&
	    tok_at(tk, i - 2, "justice")) || (tok_at(tk, i - 1, "with") &&
	    tok_at(tk, i - 2, "stand")) || (tok_at(tk, i - 1, "believe") &&
	    tok_at(tk, i - 2, "i")))
		return 2.4;
	if (tok_at(tk, i - 1, "than") || tok_at(tk, i - 2, "than"))
		return CUE_THAN;
	if (tok_at(tk, i - 1, "except") || (tok_at(tk, i - 1, "for") &&
	    tok_at(tk, i - 2, "except")) || tok_at(tk, i - 1, "boycott"))
		return -1.8;
	for (k = i - 1; k >= 0 && k >= i - 6 &&
	    tk->t[k].clause == tk->t[i].clause; k--)
		if ((tok_at(tk, k, "watch") || tok_at(tk, k, "support") ||
		    tok_at(tk, k, "see")) && (tok_at(tk, k - 1, "won't") ||
		    tok_at(tk, k - 1, "wont") || tok_at(tk, k - 1, "never") ||
		    tok_at(tk, k - 1, "not") || tok_at(tk, k - 1, "can't")))
			return -2.2;
	return 0;
}

/* Scores entity x on its clauses, falling back as enrich.h says. */
static void
entity_score(struct enricher *e, uint32_t x, struct sent_result *r,
    float *best)
{
	const struct tokens *tk = &e->tk;
	size_t i, nc = tk->nclauses ? tk->nclauses : 1;
	int whole = 0, any = 0, others = 0;

	double bias = 0, cue;
	int than = 0;

	memset(e->mask, 0, nc);
	*best = 0;
	for (i = 0; i < e->m.n; i++) {
		if (e->m.m[i].entity != x) {
			others |= e->m.m[i].how != HOW_PRONOUN;
			continue;
		}
		cue = cue_at(tk, &e->m.m[i]);
		if (cue == CUE_THAN)
			than = 1;
		else
			bias += cue;
		if (e->m.m[i].confidence > *best)
			*best = e->m.m[i].confidence;
		if (e->m.m[i].clause == 0xFFFF)
			whole = 1;
		else if (e->m.m[i].clause < nc)
			e->mask[e->m.m[i].clause] = 1;
	}
	if (!whole) {
		sent_score_ex(e->lex, tk, e->mask, e->names, bias, r);
		if (r->nsent > 0) {
			/* "so much better than Cole": Cole is worse; but in
			 * "a bigger jackass than X", X is one too. */
			if (than && r->score > 0)
				r->score = -r->score;
			return;
		}
		for (i = 0; i < nc; i++)
			any |= e->mask[i] = !e->named[i];
		if (any) {
			sent_score_ex(e->lex, tk, e->mask, e->names, bias, r);
			if (r->nsent > 0)
				return;
		}
		if (others) {
			/* named in passing beside someone the comment is
			 * about: "your interview with Bailey and Goldblum" */
			memset(e->mask, 0, nc);
			sent_score_ex(e->lex, tk, e->mask, e->names, bias, r);
			return;
		}
	}
	sent_score_ex(e->lex, tk, NULL, e->names, bias, r);
}

static int
entity_signals(struct enricher *e, struct buf *b, int *first, double w)
{
	const struct entity *ent;
	struct sent_result r;
	size_t i, k, nc = e->tk.nclauses ? e->tk.nclauses : 1;
	float best;
	double conf;
	const char *stance, *lab0 = NULL;

	memset(e->named, 0, nc);
	for (i = 0; i < e->m.n; i++)
		if (e->m.m[i].clause < nc)
			e->named[e->m.m[i].clause] = 1;
	for (i = 0; i < e->m.n; i++) {
		for (k = 0; k < i && e->m.m[k].entity != e->m.m[i].entity; k++)
			;
		if (k < i)
			continue;	/* scored at its first mention */
		ent = catalog_entity(e->cat, e->m.m[i].entity);
		entity_score(e, e->m.m[i].entity, &r, &best);
		conf = best * sent_conf(&r);
		note_conf(e, sent_conf(&r));
		if (lab0 == NULL)
			lab0 = label(r.score);
		else if (strcmp(lab0, label(r.score)) != 0)
			e->mixed = 1;
		if (e->nents < LLM_MAX_ENTS && answered(e)) {
			r.score = (float)e->ov->a->ent[e->nents];
			conf = LLM_CONF;
		}
		if (e->nents < LLM_MAX_ENTS)
			e->ents[e->nents] = ent->name;
		e->nents++;
		if (signal(b, first, "sentiment", ent->name, label(r.score), 1,
		    r.score, conf, w, model_of(e, 0)) < 0)
			return -1;
		stance = r.score >= 0.3 ? "support" : r.score <= -0.3 ?
		    "oppose" : "neutral";
		if (signal(b, first, "stance", ent->name, stance, 1, r.score,
		    conf, w, model_of(e, 0)) < 0)
			return -1;
	}
	return 0;
}

static int
affect_signals(struct enricher *e, struct buf *b, int *first, double w)
{
	const struct affect *a = &e->aff;
	const struct llm_answer *ans = answered(e) ? e->ov->a : NULL;
	double v, conf = ans != NULL ? LLM_CONF : 0.6;
	int k;

	for (k = 0; k < EM_COUNT; k++) {
		v = ans != NULL ? ans->emotion[k] : a->emotion[k];
		if (v > 0 && signal(b, first, "emotion", NULL,
		    affect_emotion_name((enum emotion)k), 1, v, conf, w,
		    model_of(e, 1)) < 0)
			return -1;
	}
	v = ans != NULL ? ans->toxicity : a->toxicity;
	if (v > 0 && signal(b, first, "toxicity", NULL,
	    a->toxicity_rule ? a->toxicity_rule : "toxic", 1, v, conf, w,
	    model_of(e, 1)) < 0)
		return -1;
	for (k = 0; k < RISK_COUNT; k++)
		if (a->risk[k] && signal(b, first, "risk", NULL,
		    affect_risk_name((enum risk)k), 0, 0, 0.6, w,
		    a->risk_rule[k] ? a->risk_rule[k] : MODEL_RULES) < 0)
			return -1;
	if ((ans != NULL ? ans->sarcasm : a->sarcasm) &&
	    signal(b, first, "sarcasm", NULL,
	    a->sarcasm_rule ? a->sarcasm_rule : "sarcasm", 0, 0,
	    ans != NULL ? LLM_CONF : 0.5, w, model_of(e, 1)) < 0)
		return -1;
	return 0;
}

static int
mentions_json(struct enricher *e, const char *text, struct buf *b,
    int *review)
{
	const struct mention *m;
	const char *name;
	size_t i;

	if (buf_addlit(b, ",\"mentions\":[") < 0)
		return -1;
	for (i = 0; i < e->m.n; i++) {
		m = &e->m.m[i];
		name = catalog_entity(e->cat, m->entity)->name;
		if (m->confidence + 1e-6 < e->opts.review_below || m->ambiguous)
			*review = 1;
		if ((i > 0 && buf_addc(b, ',') < 0) ||
		    buf_addlit(b, "{\"entity\":") < 0 ||
		    json_add_str(b, name, strlen(name)) < 0 ||
		    buf_addlit(b, ",\"alias\":") < 0 ||
		    (m->ntok ? json_add_str(b, text + m->start,
		    m->end - m->start) : buf_addlit(b, "null")) < 0 ||
		    buf_addlit(b, ",\"how\":\"") < 0 ||
		    buf_adds(b, ent_how_name(m->how)) < 0 ||
		    buf_addlit(b, "\",\"confidence\":") < 0 ||
		    enrich_num(b, m->confidence) < 0 ||
		    buf_addlit(b, ",\"span\":") < 0)
			return -1;
		if (m->ntok && (buf_addc(b, '[') < 0 ||
		    buf_addi(b, m->start) < 0 || buf_addc(b, ',') < 0 ||
		    buf_addi(b, m->end) < 0 || buf_addc(b, ']') < 0))
			return -1;
		if (!m->ntok && buf_addlit(b, "null") < 0)
			return -1;
		if (buf_addc(b, '}') < 0)
			return -1;
	}
	return buf_addc(b, ']');
}

/*
 * A lower-case one-word alias, first or last name that is also a rated
 * word ("what a lively debate") is the word, not Blake Lively.
 */
static void
drop_word_names(struct enricher *e)
{
	const struct mention *m;
	const struct token *t;
	size_t i, k = 0;
	double v;

	for (i = 0; i < e->m.n; i++) {
		m = &e->m.m[i];
		t = m->ntok == 1 ? &e->tk.t[m->tok] : NULL;
		if (t != NULL && m->how != HOW_NAME && m->how != HOW_PRONOUN &&
		    !(t->flags & TF_CAPITAL) && t->kind == TK_WORD &&
		    lexicon_get(e->lex, tok_norm(&e->tk, m->tok), t->nlen, &v))
			continue;
		e->m.m[k++] = *m;
	}
	e->m.n = k;
}

static int
analyse(struct enricher *e, const struct jnode *obj, const char *text,
    size_t len)
{
	if (text_tokenize(text, len, &e->tk) < 0)
		return -1;
	e->m.n = 0;
	if (e->cat == NULL)
		return 0;
	if (update_post(e, json_get(obj, "post", 4)) < 0)
		return -1;
	if (entities_find(e->cat, &e->tk, text, e->post, &e->m) < 0)
		return -1;
	drop_word_names(e);
	if (!e->opts.subject_fallback && e->m.n == 1 &&
	    e->m.m[0].ntok == 0)
		e->m.n = 0;
	return 0;
}

/* Tokens that spell a name ("Lively", "Close") are not sentiment words. */
static void
mark_names(struct enricher *e)
{
	const struct mention *m;
	size_t i, k;

	memset(e->names, 0, e->tk.n);
	for (i = 0; i < e->m.n; i++) {
		m = &e->m.m[i];
		if (m->how == HOW_PRONOUN)
			continue;
		for (k = m->tok; k < (size_t)m->tok + m->ntok && k < e->tk.n;
		    k++)
			e->names[k] = 1;
	}
}

int
enrich_record(struct enricher *e, const struct jnode *obj, struct buf *out,
    char *msg, size_t msglen)
{
	const struct jnode *t;
	struct sent_result whole;
	int64_t created;
	double w, conf;
	int first = 1, review = 0;

	if (record_check(obj, &created, msg, msglen) < 0)
		return ENRICH_EDATA;
	t = json_get(obj, "text", 4);
	if (analyse(e, obj, t->s, t->len) < 0)
		return ENRICH_ENOMEM;
	affect_analyze(&e->tk, t->s, t->len, &e->aff);
	mark_names(e);
	sent_score_ex(e->lex, &e->tk, NULL, e->names, 0, &whole);
	w = weight_of(obj);
	e->weight = w;
	e->minconf = 1;
	note_conf(e, sent_conf(&whole));
	e->cancel = whole.nsent >= 2 && fabs(whole.score) < 0.05;
	e->mixed = 0;
	e->nents = 0;
	conf = sent_conf(&whole);
	if (answered(e)) {
		whole.score = (float)e->ov->a->sentiment;
		conf = LLM_CONF;
	}
	if (mentions_json(e, t->s, out, &review) < 0 ||
	    buf_addlit(out, ",\"signals\":[") < 0 ||
	    signal(out, &first, "sentiment", NULL, label(whole.score), 1,
	    whole.score, conf, w, model_of(e, 0)) < 0 ||
	    entity_signals(e, out, &first, w) < 0 ||
	    affect_signals(e, out, &first, w) < 0 ||
	    buf_addlit(out, "],\"discovered\":") < 0 ||
	    discover_names(&e->tk, t->s, &e->m, e->lex, out) < 0 ||
	    buf_addlit(out, ",\"lang\":") < 0 ||
	    json_add_str(out, e->aff.lang, strlen(e->aff.lang)) < 0 ||
	    buf_adds(out, review ? ",\"review\":true" : ",\"review\":false") <
	    0)
		return ENRICH_ENOMEM;
	return 0;
}

void
enrich_set_override(struct enricher *e, const struct enrich_override *ov)
{
	e->ov = ov;
}

void
enrich_doubt(const struct enricher *e, const struct enrich_doubt_opts *o,
    struct enrich_doubt *d)
{
	size_t k, words = 0;

	memset(d, 0, sizeof(*d));
	for (k = 0; k < e->tk.n; k++)
		words += e->tk.t[k].kind == TK_WORD;
	if ((words >= DOUBT_WORDS && e->minconf < o->below) || e->cancel)
		d->reasons |= DOUBT_CONFIDENCE;
	if (e->aff.sarcasm)
		d->reasons |= DOUBT_SARCASM;
	if (e->nents >= 2 && e->mixed)
		d->reasons |= DOUBT_CONTRAST;
	/* the integer count back from the weight */
	if (o->likes > 0 && floor(expm1(e->weight - 1) + 0.5) >= o->likes)
		d->reasons |= DOUBT_LIKES;
	d->nents = e->nents;
	for (k = 0; k < e->nents && k < LLM_MAX_ENTS; k++)
		d->ents[k] = e->ents[k];
}
