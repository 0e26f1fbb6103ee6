#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "idset.h"
#include "json.h"
#include "xalloc.h"

#define MAX_KEY_TOKENS	8
#define MAX_KEY		512

/* One way a name can be written: a token sequence and who it names. */
struct cand {
	uint32_t	 entity;
	uint8_t		 how;
	int32_t		 next;		/* next candidate of the same key */
};

struct key {
	char		*s;
	size_t		 len;
	int32_t		 head;		/* what the table keeps for the string */
};

/* A set of strings by open addressing; the table doubles at half full. */
struct strtab {
	struct key	*t;
	size_t		 n, size;
};

struct catalog {
	struct entity	*e;
	size_t		 n;
	struct strtab	 keys;		/* name keys; head: first candidate */
	struct cand	*cands;
	size_t		 ncands, capcands;
	size_t		 maxtok;	/* longest key in tokens */
	struct strtab	 firsts;	/* first words of keys */
	struct strtab	 refs;		/* referring words; head: WC_ bits */
	struct tokens	 tk;		/* scratch for loading */
};

/* Classes of the words that refer to someone without naming them. */
#define WC_FEM		0x01	/* she, her */
#define WC_MASC		0x02	/* he, him */
#define WC_NEUT		0x04	/* they, them */
#define WC_YOU		0x08	/* you, your */
#define WC_SHOWWORD	0x10	/* movie, book, show */
#define WC_COUPLE	0x20	/* couple */
#define WC_DET		0x40	/* the, this, that, these */

static const struct {
	const char	*w;
	int		 cls;
} ref_words[] = {
	{ "she", WC_FEM }, { "her", WC_FEM }, { "hers", WC_FEM },
	{ "herself", WC_FEM }, { "she's", WC_FEM }, { "shes", WC_FEM },
	{ "he", WC_MASC }, { "him", WC_MASC }, { "his", WC_MASC },
	{ "himself", WC_MASC }, { "he's", WC_MASC },
	{ "they", WC_NEUT }, { "them", WC_NEUT }, { "their", WC_NEUT },
	{ "theirs", WC_NEUT }, { "themselves", WC_NEUT },
	{ "they're", WC_NEUT },
	{ "you", WC_YOU }, { "your", WC_YOU }, { "u", WC_YOU },
	{ "ur", WC_YOU }, { "yourself", WC_YOU }, { "you're", WC_YOU },
	{ "youre", WC_YOU },
	{ "movie", WC_SHOWWORD }, { "movies", WC_SHOWWORD },
	{ "film", WC_SHOWWORD }, { "book", WC_SHOWWORD },
	{ "books", WC_SHOWWORD }, { "show", WC_SHOWWORD },
	{ "series", WC_SHOWWORD }, { "novel", WC_SHOWWORD },
	{ "season", WC_SHOWWORD }, { "sequel", WC_SHOWWORD },
	{ "trailer", WC_SHOWWORD }, { "adaptation", WC_SHOWWORD },
	{ "couple", WC_COUPLE }, { "the", WC_DET }, { "this", WC_DET },
	{ "that", WC_DET }, { "these", WC_DET }
};

static const char *const type_names[] = { "person", "show", "couple",
	"brand" };
static const char *const how_names[] = { "name", "alias", "first", "last",
	"caption", "pronoun" };
static const float how_conf[] = { 1.0f, 0.9f, 0.75f, 0.7f, 0.65f, 0.45f };

/*
 * Names that are also everyday words: as a bare first or last name they
 * count only when capitalised ("Will", "Grace", "King").
 */
static const char *const common[] = {
	"will", "grace", "hope", "faith", "joy", "may", "june", "rose",
	"king", "bill", "mark", "chase", "hunter", "young", "long", "white",
	"black", "brown", "green", "gray", "grey", "love", "bell", "star",
	"page", "rich", "sky", "summer", "winter", "autumn", "dawn", "angel",
	"april", "august", "ray", "dean", "drew", "lane", "law", "miles",
	"park", "penny", "pierce", "reed", "rich", "river", "stone", "wood",
	"woods", "cash", "gay", "banks", "price", "may", "baker", "cook",
	"carter", "hall", "hill", "holly", "ivy", "jack", "jade", "kelly",
	"lily", "major", "mason", "miller", "north", "paris", "pat", "rock",
	"sage", "scott", "taylor", "case", "cole", "crystal", "day", "fox",
	"frank", "gene", "glen", "guy", "harper", "heather", "iris",
	"jewel", "justice", "ken", "lee", "max", "nick", "rob", "sandy",
	"shelby", "sterling", "storm", "sunny", "ted", "tom", "victor",
	"wade", "wolf", "young", "brad", "gal", "don", "art", "eve", "sue",
	NULL
};

const char *
ent_type_name(enum ent_type t)
{
	return type_names[t];
}

const char *
ent_how_name(enum ent_how h)
{
	return how_names[h];
}

size_t
catalog_count(const struct catalog *c)
{
	return c->n;
}

const struct entity *
catalog_entity(const struct catalog *c, size_t i)
{
	return &c->e[i];
}

static int
is_common(const char *w, size_t n)
{
	size_t i;

	for (i = 0; common[i] != NULL; i++)
		if (strlen(common[i]) == n && memcmp(common[i], w, n) == 0)
			return 1;
	return 0;
}

static int
matchable(const struct token *t)
{
	return t->kind == TK_WORD || t->kind == TK_HANDLE ||
	    t->kind == TK_HASHTAG || t->kind == TK_NUMBER;
}

static struct key *
tab_find(const struct strtab *tab, const char *s, size_t len)
{
	size_t j;

	if (tab->size == 0)
		return NULL;
	j = idset_hash(s, len) & (tab->size - 1);
	while (tab->t[j].s != NULL) {
		if (tab->t[j].len == len && memcmp(tab->t[j].s, s, len) == 0)
			return &tab->t[j];
		j = (j + 1) & (tab->size - 1);
	}
	return NULL;
}

/* Adds s (copied) with head, or returns the entry already there. */
static struct key *
tab_add(struct strtab *tab, const char *s, size_t len, int32_t head)
{
	struct key *k, *nt;
	size_t ns, i, j;

	if ((k = tab_find(tab, s, len)) != NULL)
		return k;
	if ((tab->n + 1) * 2 > tab->size) {
		ns = tab->size ? tab->size * 2 : 128;
		if ((nt = xcalloc(ns, sizeof(*nt))) == NULL)
			return NULL;
		for (i = 0; i < tab->size; i++) {
			if (tab->t[i].s == NULL)
				continue;
			j = idset_hash(tab->t[i].s, tab->t[i].len) & (ns - 1);
			while (nt[j].s != NULL)
				j = (j + 1) & (ns - 1);
			nt[j] = tab->t[i];
		}
		free(tab->t);
		tab->t = nt;
		tab->size = ns;
	}
	j = idset_hash(s, len) & (tab->size - 1);
	while (tab->t[j].s != NULL)
		j = (j + 1) & (tab->size - 1);
	k = &tab->t[j];
	if ((k->s = xstrndup(s, len)) == NULL)
		return NULL;
	k->len = len;
	k->head = head;
	tab->n++;
	return k;
}

static void
tab_free(struct strtab *tab)
{
	size_t i;

	for (i = 0; i < tab->size; i++)
		free(tab->t[i].s);
	free(tab->t);
	memset(tab, 0, sizeof(*tab));
}

static struct key *
find_key(const struct catalog *c, const char *s, size_t len)
{
	return tab_find(&c->keys, s, len);
}

/* The WC_ class bits of token i (0 for most words). */
static int
ref_class(const struct catalog *c, const struct tokens *tk, size_t i)
{
	const struct key *k = tab_find(&c->refs, tok_norm(tk, i),
	    tk->t[i].nlen);

	return k != NULL ? k->head : 0;
}

/* Records that key s names entity e (the strongest "how" is kept). */
static int
add_key(struct catalog *c, const char *s, size_t len, uint32_t e,
    enum ent_how how)
{
	const char *sp = memchr(s, ' ', len);
	struct key *k;
	struct cand *nc;
	int32_t i;
	size_t j;

	if (len == 0)
		return 0;
	/* the first word, so that most tokens are ruled out fast */
	if (tab_add(&c->firsts, s, sp ? (size_t)(sp - s) : len, 0) == NULL ||
	    (k = tab_add(&c->keys, s, len, -1)) == NULL)
		return -1;
	for (i = k->head; i >= 0; i = c->cands[i].next)
		if (c->cands[i].entity == e) {
			if (how < c->cands[i].how)
				c->cands[i].how = (uint8_t)how;
			return 0;
		}
	if (c->ncands == c->capcands) {
		j = c->capcands ? c->capcands * 2 : 1024;
		if ((nc = xrealloc(c->cands, j * sizeof(*nc))) == NULL)
			return -1;
		c->cands = nc;
		c->capcands = j;
	}
	c->cands[c->ncands] = (struct cand){ e, (uint8_t)how, k->head };
	k->head = (int32_t)c->ncands++;
	return 0;
}

/* The normalised words of s joined by single spaces, into out. */
static size_t
name_key(struct catalog *c, const char *s, size_t len, char *out,
    size_t cap, size_t *ntok)
{
	struct tokens *tk = &c->tk;
	size_t i, n = 0, m;

	*ntok = 0;
	if (text_tokenize(s, len, tk) < 0)
		return 0;
	for (i = 0; i < tk->n; i++) {
		if (!matchable(&tk->t[i]))
			continue;
		m = tk->t[i].nlen;
		if (n + m + 1 >= cap)
			return 0;
		if (n > 0)
			out[n++] = ' ';
		memcpy(out + n, tok_norm(tk, i), m);
		n += m;
		(*ntok)++;
	}
	out[n] = '\0';
	return n;
}

static int
add_name(struct catalog *c, const char *s, size_t len, uint32_t e,
    enum ent_how how)
{
	char key[MAX_KEY], run[MAX_KEY];
	size_t n, ntok, i, r = 0;

	if ((n = name_key(c, s, len, key, sizeof(key), &ntok)) == 0)
		return 0;
	if (ntok > MAX_KEY_TOKENS)
		return 0;
	if (ntok > c->maxtok)
		c->maxtok = ntok;
	if (add_key(c, key, n, e, how) < 0)
		return -1;
	if (ntok > 1) {		/* "blakelively" for #BlakeLively */
		for (i = 0; i < n; i++)
			if (key[i] != ' ')
				run[r++] = key[i];
		if (add_key(c, run, r, e, HOW_ALIAS) < 0)
			return -1;
	}
	if (ntok > 1 && n > 4 && memcmp(key, "the ", 4) == 0 &&
	    add_key(c, key + 4, n - 4, e, HOW_ALIAS) < 0)
		return -1;
	return 0;
}

/* First and last names of a person, when long enough to mean something. */
static int
add_parts(struct catalog *c, uint32_t e)
{
	char key[MAX_KEY];
	const char *first, *last;
	size_t n, ntok, flen, llen;
	static const char *const skip[] = { "jr", "sr", "ii", "iii", "iv",
	    NULL };
	static const char *const titles[] = { "prince", "princess", "king",
	    "queen", "dr", "sir", "lady", "lord", "miss", "mr", "mrs", "ms",
	    "duke", "duchess", "saint", "st", NULL };
	size_t t;

	n = name_key(c, c->e[e].name, strlen(c->e[e].name), key, sizeof(key),
	    &ntok);
	if (ntok < 2)
		return 0;
	first = key;
	flen = strcspn(key, " ");
	for (t = 0; titles[t] != NULL; t++)
		if (strlen(titles[t]) == flen && memcmp(titles[t], key, flen) == 0)
			flen = 0;	/* "Prince Harry": not a first name */
	last = strrchr(key, ' ') + 1;
	llen = n - (size_t)(last - key);
	for (t = 0; skip[t] != NULL; t++)
		if (strlen(skip[t]) == llen && memcmp(skip[t], last, llen) == 0) {
			/* "Robert Downey Jr.": the last name is "Downey" */
			if (ntok < 3)
				return 0;
			key[last - key - 1] = '\0';
			last = strrchr(key, ' ') + 1;
			llen = strlen(last);
			break;
		}
	if (flen > 2 && add_key(c, first, flen, e, HOW_FIRST) < 0)
		return -1;
	if (llen > 2 && add_key(c, last, llen, e, HOW_LAST) < 0)
		return -1;
	return 0;
}

/* Memory ran out: the message is exactly "out of memory" (entities.h). */
static int
nomem(char *err, size_t errlen)
{
	snprintf(err, errlen, "out of memory");
	return -1;
}

static int
fail(char *err, size_t errlen, const char *fmt, size_t i, const char *s)
{
	snprintf(err, errlen, fmt, i + 1, s);
	return -1;
}

/* Copies the normalised form of each string of an array, NUL-separated. */
static int
word_list(struct catalog *c, const struct jnode *arr, char **out, size_t *n,
    size_t i, const char *field, char *err, size_t errlen)
{
	const struct jnode *x;
	struct buf b;
	char key[MAX_KEY];
	size_t len, ntok;

	*out = NULL;
	*n = 0;
	if (arr == NULL || arr->kind == J_NULL)
		return 0;
	if (arr->kind != J_ARR)
		return fail(err, errlen, "entity %zu: '%s' is not an array", i,
		    field);
	buf_init(&b, 0);
	for (x = arr->child; x != NULL; x = x->next) {
		if (x->kind != J_STR) {
			buf_free(&b);
			return fail(err, errlen, "entity %zu: '%s' holds a "
			    "value that is not a string", i, field);
		}
		len = name_key(c, x->s, x->len, key, sizeof(key), &ntok);
		if (len == 0)
			continue;
		if (buf_add(&b, key, len + 1) < 0) {
			buf_free(&b);
			return nomem(err, errlen);
		}
		(*n)++;
	}
	*out = b.cap ? b.data : NULL;
	return 0;
}

static int
parse_type(const struct jnode *t, enum ent_type *type)
{
	size_t k;

	if (t == NULL)
		return -1;
	for (k = 0; k < 4 && t->kind == J_STR; k++)
		if (strlen(type_names[k]) == t->len &&
		    memcmp(type_names[k], t->s, t->len) == 0) {
			*type = (enum ent_type)k;
			return 0;
		}
	return -1;
}

static int
load_entity(struct catalog *c, const struct jnode *o, size_t i, char *err,
    size_t errlen)
{
	struct entity *e = &c->e[i];
	const struct jnode *name, *aliases, *pro, *a;

	if (o->kind != J_OBJ)
		return fail(err, errlen, "entity %zu: not an object%s", i, "");
	name = json_get(o, "name", 4);
	if (name == NULL || name->kind != J_STR || name->len == 0)
		return fail(err, errlen, "entity %zu: missing 'name'%s", i, "");
	if ((e->name = xstrndup(name->s, name->len)) == NULL)
		return nomem(err, errlen);
	if (parse_type(json_get(o, "type", 4), &e->type) < 0)
		return fail(err, errlen, "entity %zu ('%s'): 'type' must be "
		    "person, show, couple or brand", i, e->name);
	pro = json_get(o, "pronouns", 8);
	if (pro != NULL && pro->kind == J_STR && pro->len > 0)
		e->gender = pro->s[0] == 's' ? 'f' : pro->s[0] == 'h' ? 'm' : 0;
	if (word_list(c, json_get(o, "context", 7), &e->context, &e->ncontext,
	    i, "context", err, errlen) < 0 ||
	    word_list(c, json_get(o, "not", 3), &e->not_, &e->nnot, i, "not",
	    err, errlen) < 0)
		return -1;
	aliases = json_get(o, "aliases", 7);
	if (aliases != NULL && aliases->kind != J_ARR &&
	    aliases->kind != J_NULL)
		return fail(err, errlen, "entity %zu ('%s'): 'aliases' is not "
		    "an array", i, e->name);
	for (a = aliases ? aliases->child : NULL; a != NULL; a = a->next) {
		if (a->kind != J_STR)
			return fail(err, errlen, "entity %zu ('%s'): an alias "
			    "is not a string", i, e->name);
		if (add_name(c, a->s, a->len, (uint32_t)i, HOW_ALIAS) < 0)
			return nomem(err, errlen);
	}
	return 0;
}

/* Full names go in after every alias, so that they win ties. */
static int
add_full_names(struct catalog *c, char *err, size_t errlen)
{
	char key[MAX_KEY];
	struct key *k;
	size_t i, n, ntok;
	int32_t j;

	for (i = 0; i < c->n; i++) {
		n = name_key(c, c->e[i].name, strlen(c->e[i].name), key,
		    sizeof(key), &ntok);
		if (n == 0)
			return fail(err, errlen, "entity %zu ('%s'): the name "
			    "has no words", i, c->e[i].name);
		k = find_key(c, key, n);
		for (j = k ? k->head : -1; j >= 0; j = c->cands[j].next)
			if (c->cands[j].how == HOW_NAME)
				return fail(err, errlen, "entity %zu: duplicate "
				    "name '%s'", i, c->e[i].name);
		if (add_name(c, c->e[i].name, strlen(c->e[i].name),
		    (uint32_t)i, HOW_NAME) < 0 || (c->e[i].type == ET_PERSON &&
		    add_parts(c, (uint32_t)i) < 0))
			return nomem(err, errlen);
	}
	return 0;
}

/* "invalid JSON at line L, column C: msg" from a byte offset. */
static void
json_error_at(const char *json, size_t len, const struct jerr *e, char *err,
    size_t errlen)
{
	size_t off = e->col > 0 ? (size_t)e->col - 1 : 0, i;
	long line = 1, col = 1;

	for (i = 0; i < off && i < len; i++, col++)
		if (json[i] == '\n') {
			line++;
			col = 0;
		}
	snprintf(err, errlen, "invalid JSON at line %ld, column %ld: %s", line,
	    col, e->msg);
}

struct catalog *
catalog_load(const char *json, size_t len, char *err, size_t errlen)
{
	struct catalog *c = xcalloc(1, sizeof(*c));
	struct jdoc d;
	struct jerr e;
	const struct jnode *o;
	size_t i = 0;
	int rc;

	json_doc_init(&d, 0);
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	tokens_init(&c->tk);
	if ((rc = json_parse(&d, json, len, &e)) != JSON_OK) {
		if (rc == JSON_ENOMEM)
			nomem(err, errlen);
		else
			json_error_at(json, len, &e, err, errlen);
		goto fail;
	}
	if (d.root->kind != J_ARR) {
		snprintf(err, errlen, "the catalog is not a JSON array");
		goto fail;
	}
	if ((c->e = xcalloc(d.root->n, sizeof(*c->e))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (o = d.root->child; o != NULL; o = o->next, i++) {
		c->n = i + 1;
		if (load_entity(c, o, i, err, errlen) < 0)
			goto fail;
	}
	if (add_full_names(c, err, errlen) < 0)
		goto fail;
	for (i = 0; i < sizeof(ref_words) / sizeof(ref_words[0]); i++)
		if (tab_add(&c->refs, ref_words[i].w, strlen(ref_words[i].w),
		    ref_words[i].cls) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	json_doc_free(&d);
	return c;
fail:
	json_doc_free(&d);
	catalog_free(c);
	return NULL;
}

void
catalog_free(struct catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; c->e != NULL && i < c->n; i++) {
		free(c->e[i].name);
		free(c->e[i].context);
		free(c->e[i].not_);
	}
	tab_free(&c->keys);
	tab_free(&c->firsts);
	tab_free(&c->refs);
	free(c->cands);
	free(c->e);
	tokens_free(&c->tk);
	free(c);
}

void
mentions_init(struct mentions *m)
{
	memset(m, 0, sizeof(*m));
}

void
mentions_free(struct mentions *m)
{
	free(m->m);
	free(m->rule);
	free(m->touched);
	free(m->named);
	mentions_init(m);
}

static int
push(struct mentions *m, const struct mention *x)
{
	struct mention *nm;
	size_t ncap;

	if (m->n == m->cap) {
		ncap = m->cap ? m->cap * 2 : 16;
		if ((nm = xrealloc(m->m, ncap * sizeof(*nm))) == NULL)
			return -1;
		m->m = nm;
		m->cap = ncap;
	}
	m->m[m->n++] = *x;
	return 0;
}

/* Does the token list contain the phrase (normalised words, spaced)? */
static int
has_phrase(const struct tokens *tk, const char *ph)
{
	size_t i, k, n, off;
	const char *w;

	for (i = 0; i < tk->n; i++) {
		off = 0;
		for (k = i; k < tk->n; k++) {
			if (!matchable(&tk->t[k]))
				break;
			w = tok_norm(tk, k);
			n = tk->t[k].nlen;
			if (strncmp(ph + off, w, n) != 0)
				break;
			off += n;
			if (ph[off] == '\0')
				return 1;
			if (ph[off] != ' ')
				break;
			off++;
		}
	}
	return 0;
}

static int
any_phrase(const struct tokens *tk, const char *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, list += strlen(list) + 1)
		if (tk != NULL && has_phrase(tk, list))
			return 1;
	return 0;
}

static int
phrases_allow(const struct entity *x, const struct tokens *tk,
    const struct post_ctx *post)
{
	if (x->nnot > 0 && any_phrase(tk, x->not_, x->nnot))
		return 0;
	if (x->ncontext > 0 && !any_phrase(tk, x->context, x->ncontext) &&
	    (post == NULL || !any_phrase(&post->tk, x->context, x->ncontext)))
		return 0;
	return 1;
}

/*
 * Context and "not" rules for a match that is not the full name.  The
 * verdict is the same for every match of the entity in one comment, so it
 * is worked out once (memo may be NULL).
 */
static int
allowed(const struct catalog *c, uint32_t e, enum ent_how how,
    const struct tokens *tk, const struct post_ctx *post,
    struct mentions *memo)
{
	const struct entity *x = &c->e[e];
	int ok;

	/* A person's full name is enough; a show called "Wicked" is not. */
	if (how == HOW_NAME && x->type == ET_PERSON && strchr(x->name, ' '))
		return 1;
	if (x->nnot == 0 && x->ncontext == 0)
		return 1;
	if (memo != NULL && e < memo->nrule && memo->rule[e] != 0)
		return memo->rule[e] == 1;
	ok = phrases_allow(x, tk, post);
	if (memo != NULL && e < memo->nrule) {
		memo->rule[e] = ok ? 1 : 2;
		memo->touched[memo->ntouched++] = e;
	}
	return ok;
}

static int
in_post(const struct post_ctx *post, uint32_t e)
{
	size_t i;

	for (i = 0; post != NULL && i < post->n; i++)
		if (post->ents[i] == e)
			return 1;
	return 0;
}

/*
 * Settles a key that names several entities: the one the post is about,
 * or the one this comment also names in full.  -1 when still unclear.
 */
static long
settle(const struct catalog *c, const struct key *k, const struct tokens *tk,
    const struct post_ctx *post, struct mentions *sofar)
{
	struct mentions *memo = sofar;
	long hit = -1;
	int32_t j;
	size_t i;

	for (j = k->head; j >= 0; j = c->cands[j].next) {
		if (!allowed(c, c->cands[j].entity, c->cands[j].how, tk, post,
		    memo) ||
		    !in_post(post, c->cands[j].entity))
			continue;
		if (hit >= 0)
			return -1;
		hit = c->cands[j].entity;
	}
	if (hit >= 0)
		return hit;
	for (j = k->head; j >= 0; j = c->cands[j].next) {
		const struct entity *x = &c->e[c->cands[j].entity];

		if (x->ncontext == 0 || !allowed(c, c->cands[j].entity,
		    c->cands[j].how, tk, post, memo))
			continue;
		if (hit >= 0)
			return -1;
		hit = c->cands[j].entity;
	}
	if (hit >= 0)
		return hit;
	for (j = k->head; j >= 0; j = c->cands[j].next)
		for (i = 0; i < sofar->n; i++)
			if (sofar->m[i].entity == c->cands[j].entity &&
			    sofar->m[i].how <= HOW_ALIAS)
				return c->cands[j].entity;
	return -1;
}

/* Builds the key of tokens [i, i+n); 0 when they are not all words. */
static size_t
span_key(const struct tokens *tk, size_t i, size_t n, int strip_s, char *out,
    size_t cap)
{
	size_t k, len = 0, m;

	for (k = i; k < i + n; k++) {
		if (k >= tk->n || !matchable(&tk->t[k]) ||
		    (k > i && tk->t[k].clause != tk->t[i].clause))
			return 0;
		m = tk->t[k].nlen;
		if (k == i + n - 1 && strip_s && m > 2 &&
		    memcmp(tok_norm(tk, k) + m - 2, "'s", 2) == 0)
			m -= 2;
		else if (k == i + n - 1 && strip_s)
			return 0;
		if (len + m + 1 >= cap)
			return 0;
		if (k > i)
			out[len++] = ' ';
		memcpy(out + len, tok_norm(tk, k), m);
		len += m;
	}
	return len;
}

/* Tries to read a mention at token i; returns tokens used (0: none). */
static size_t
match_at(const struct catalog *c, const struct tokens *tk, size_t i,
    const struct post_ctx *post, struct mentions *out, int *err)
{
	char key[MAX_KEY];
	const struct key *k;
	struct mention m;
	size_t n, len;
	long e;
	int s, ncand;
	int32_t j;

	len = tk->t[i].nlen;
	if (tab_find(&c->firsts, tok_norm(tk, i), len) == NULL &&
	    (len < 3 || memcmp(tok_norm(tk, i) + len - 2, "'s", 2) != 0 ||
	    tab_find(&c->firsts, tok_norm(tk, i), len - 2) == NULL))
		return 0;	/* no name starts with this word */
	for (n = c->maxtok; n >= 1; n--) {
		for (s = 0; s < 2; s++) {
			if ((len = span_key(tk, i, n, s, key, sizeof(key))) == 0 ||
			    (k = find_key(c, key, len)) == NULL)
				continue;
			memset(&m, 0, sizeof(m));
			for (ncand = 0, j = k->head; j >= 0;
			    j = c->cands[j].next)
				ncand++;
			j = k->head;
			if (ncand == 1) {
				e = allowed(c, c->cands[j].entity,
				    c->cands[j].how, tk, post, out) ?
				    (long)c->cands[j].entity : -1;
				m.how = (enum ent_how)c->cands[j].how;
			} else {
				e = settle(c, k, tk, post, out);
				m.how = HOW_CAPTION;
				m.ambiguous = 1;
			}
			if (e < 0)
				continue;
			if (n == 1 && (m.how == HOW_FIRST || m.how == HOW_LAST) &&
			    !(tk->t[i].flags & TF_CAPITAL) &&
			    is_common(key, len))
				continue;
			m.entity = (uint32_t)e;
			m.confidence = how_conf[m.how];
			m.tok = (uint32_t)i;
			m.ntok = (uint32_t)n;
			m.start = tk->t[i].start;
			m.end = tk->t[i + n - 1].start + tk->t[i + n - 1].len;
			m.clause = tk->t[i].clause;
			if (push(out, &m) < 0)
				*err = 1;
			return n;
		}
	}
	return 0;
}

/* 'f', 'm' or 'n' for a third-person pronoun, else 0. */
static int
pronoun_gender(int cls)
{
	return cls & WC_FEM ? 'f' : cls & WC_MASC ? 'm' : cls & WC_NEUT ?
	    'n' : 0;
}

/*
 * "the movie", "this book", "that show", "this couple": a reference to a
 * show (or couple) in the comment or the post.  Returns 's', 'c' or 0.
 */
static int
nominal(const struct catalog *c, const struct tokens *tk, size_t i, int cls)
{
	if (!(cls & (WC_SHOWWORD | WC_COUPLE)) || i == 0 ||
	    !(ref_class(c, tk, i - 1) & WC_DET))
		return 0;
	return cls & WC_COUPLE ? 'c' : 's';
}

static int
fits(const struct entity *e, int g)
{
	if (g == 's')
		return e->type == ET_SHOW;
	if (g == 'c')
		return e->type == ET_COUPLE;
	if (e->type == ET_SHOW || e->type == ET_BRAND)
		return 0;
	if (g == 'n')
		return 1;
	return e->gender == 0 || e->gender == g;
}

/*
 * The entity a pronoun points at: the latest person named earlier in the
 * comment, else the post's subject or another entity of its caption.
 */
static long
antecedent(const struct catalog *c, const struct mentions *m, size_t tok,
    int g, const struct post_ctx *post, int *in_comment)
{
	size_t i;

	*in_comment = 1;
	for (i = m->n; i-- > 0;)
		if (m->m[i].ntok > 0 && m->m[i].tok < tok &&
		    fits(&c->e[m->m[i].entity], g))
			return m->m[i].entity;
	*in_comment = 0;
	if (post == NULL)
		return -1;
	if (post->subject >= 0 && fits(&c->e[post->subject], g))
		return post->subject;
	for (i = 0; i < post->n; i++)
		if (fits(&c->e[post->ents[i]], g))
			return post->ents[i];
	return -1;
}

static int
clause_named(const struct mentions *m, uint16_t clause)
{
	return clause < m->nnamed && m->named[clause];
}

/* Marks the clauses that name someone, before pronouns are read. */
static int
mark_named(const struct tokens *tk, struct mentions *m)
{
	size_t i, n = tk->nclauses ? tk->nclauses : 1;
	uint8_t *p;

	if (n > m->nnamed) {
		if ((p = xrealloc(m->named, n)) == NULL)
			return -1;
		m->named = p;
	}
	m->nnamed = n;
	memset(m->named, 0, n);
	for (i = 0; i < m->n; i++)
		if (m->m[i].clause < n)
			m->named[m->m[i].clause] = 1;
	return 0;
}

/*
 * Whom "you" addresses: an entity named by @handle, or named first thing
 * in the comment ("Colleen, you did this").  -1 when nobody is.
 */
static long
addressee(const struct tokens *tk, const struct mentions *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m->m[i].ntok > 0 && (tk->t[m->m[i].tok].kind == TK_HANDLE ||
		    m->m[i].tok == 0))
			return m->m[i].entity;
	return -1;
}

static int
pronouns(const struct catalog *c, const struct tokens *tk,
    const struct post_ctx *post, struct mentions *out)
{
	size_t i, nexplicit = out->n;
	struct mention m;
	long e;
	int g, near, cls;

	for (i = 0; i < tk->n; i++) {
		if (tk->t[i].kind != TK_WORD || (cls = ref_class(c, tk, i)) == 0 ||
		    clause_named(out, tk->t[i].clause))
			continue;
		if (cls & WC_YOU) {
			if ((e = addressee(tk, out, nexplicit)) < 0)
				continue;
			near = 1;
		} else if ((g = pronoun_gender(cls)) == 0 &&
		    (g = nominal(c, tk, i, cls)) == 0)
			continue;
		else if ((e = antecedent(c, out, i, g, post, &near)) < 0)
			continue;
		memset(&m, 0, sizeof(m));
		m.entity = (uint32_t)e;
		m.how = HOW_PRONOUN;
		m.confidence = near ? 0.55f : how_conf[HOW_PRONOUN];
		m.tok = (uint32_t)i;
		m.ntok = 1;
		m.start = tk->t[i].start;
		m.end = tk->t[i].start + tk->t[i].len;
		m.clause = tk->t[i].clause;
		if (push(out, &m) < 0)
			return -1;
		/* one pronoun mention per clause is enough */
		while (i + 1 < tk->n && tk->t[i + 1].clause == m.clause)
			i++;
	}
	return 0;
}

/* Forgets the last comment's verdicts; sizes the memo to the catalog. */
static int
reset_memo(const struct catalog *c, struct mentions *m)
{
	size_t i;

	if (m->nrule < c->n) {
		free(m->rule);
		free(m->touched);
		m->rule = xcalloc(c->n, 1);
		m->touched = xcalloc(c->n, sizeof(*m->touched));
		m->nrule = m->rule && m->touched ? c->n : 0;
		m->ntouched = 0;
		return m->nrule ? 0 : -1;
	}
	for (i = 0; i < m->ntouched; i++)
		m->rule[m->touched[i]] = 0;
	m->ntouched = 0;
	return 0;
}

int
entities_find(const struct catalog *c, const struct tokens *tk,
    const char *text, const struct post_ctx *post, struct mentions *out)
{
	struct mention m;
	size_t i, used;
	int err = 0;

	(void)text;
	out->n = 0;
	if (reset_memo(c, out) < 0)
		return -1;
	for (i = 0; i < tk->n && !err;) {
		used = matchable(&tk->t[i]) ? match_at(c, tk, i, post, out,
		    &err) : 0;
		i += used ? used : 1;
	}
	if (err || mark_named(tk, out) < 0 || pronouns(c, tk, post, out) < 0)
		return -1;
	if (out->n == 0 && post != NULL && post->subject >= 0) {
		memset(&m, 0, sizeof(m));
		m.entity = (uint32_t)post->subject;
		m.how = HOW_CAPTION;
		m.confidence = 0.4f;
		m.clause = 0xFFFF;	/* the whole comment */
		if (push(out, &m) < 0)
			return -1;
	}
	return 0;
}

void
post_ctx_init(struct post_ctx *p)
{
	memset(p, 0, sizeof(*p));
	p->subject = -1;
	tokens_init(&p->tk);
}

void
post_ctx_free(struct post_ctx *p)
{
	free(p->ents);
	tokens_free(&p->tk);
	post_ctx_init(p);
}

static int
add_post_ents(const struct catalog *c, struct post_ctx *p,
    const char *s, size_t n, uint32_t *counts, size_t ncounts)
{
	struct mentions m;
	size_t i, k;
	uint32_t *ne;
	int rc = 0;

	mentions_init(&m);
	if (text_tokenize(s, n, &p->tk) < 0 ||
	    entities_find(c, &p->tk, s, NULL, &m) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < m.n; i++) {
		if (m.m[i].how == HOW_PRONOUN || m.m[i].ntok == 0)
			continue;
		if (m.m[i].entity < ncounts && m.m[i].how <= HOW_ALIAS)
			counts[m.m[i].entity]++;
		for (k = 0; k < p->n && p->ents[k] != m.m[i].entity; k++)
			;
		if (k < p->n)
			continue;
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 8;
			if ((ne = xrealloc(p->ents, p->cap * sizeof(*ne))) ==
			    NULL) {
				rc = -1;
				break;
			}
			p->ents = ne;
		}
		p->ents[p->n++] = m.m[i].entity;
	}
	mentions_free(&m);
	return rc;
}

int
post_ctx_build(const struct catalog *c, struct post_ctx *p,
    const char *caption, size_t clen, const char *subject, size_t slen)
{
	uint32_t *counts = xcalloc(c->n ? c->n : 1, sizeof(*counts));
	size_t i, best = 0;
	int rc = 0;

	p->n = 0;
	p->subject = -1;
	if (counts == NULL)
		return -1;
	if (subject != NULL && slen > 0) {
		rc = add_post_ents(c, p, subject, slen, counts, c->n);
		if (rc == 0 && p->n > 0)
			best = 1;	/* the subject field names it */
	}
	if (rc == 0 && caption != NULL)
		rc = add_post_ents(c, p, caption, clen, counts, c->n);
	if (rc == 0 && p->n > 0) {
		p->subject = p->ents[0];
		for (i = 0; i < p->n && !best; i++)
			if (counts[p->ents[i]] > 0) {
				p->subject = p->ents[i];
				break;
			}
		if (caption != NULL && rc == 0)
			rc = text_tokenize(caption, clen, &p->tk);
	}
	free(counts);
	return rc;
}
