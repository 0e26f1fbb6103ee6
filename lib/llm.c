/*
 * llm: the request, the checks on the answer, and the cache.  See llm.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "digest.h"
#include "input.h"
#include "llm.h"
#include "output.h"
#include "xalloc.h"

static const char system_prompt[] =
"You score social-media comments. The user message is a JSON object "
"{\"comments\":[{\"id\":ID,\"text\":TEXT,\"entities\":[NAME,...]},...]}. "
"Reply with one JSON object and nothing else: "
"{\"results\":[{\"id\":ID,\"sentiment\":S,\"entities\":[{\"name\":NAME,"
"\"sentiment\":S},...],\"emotions\":{EMOTION:STRENGTH,...},"
"\"sarcasm\":true|false,\"toxicity\":T},...]} with one result per comment, "
"its id copied exactly. "
"sentiment is how the author feels, from -1 (very negative) to 1 (very "
"positive), 0 when neutral: first about the whole comment, then about "
"each entity listed for it, every listed name exactly once and no other. "
"An entity named only in passing gets 0. Read sarcasm for what it means, "
"not what it says. "
"emotions holds only emotions the comment expresses, each from 0 to 1, "
"named from: joy, love, anger, disgust, sadness, surprise, fear, fatigue "
"({} for none). "
"toxicity is abuse in the comment, from 0 (none) to 1 (severe).";

/*
 * The parts are hashed each after its length, so that no text (JSON
 * strings may hold NUL bytes) can pass for another text and entities.
 */
void
llm_key(const char *model, const struct llm_item *it, char hex[65])
{
	struct strv parts[2 * (3 + LLM_MAX_ENTS)];
	char lens[3 + LLM_MAX_ENTS][24];
	const char *p[3 + LLM_MAX_ENTS];
	size_t len[3 + LLM_MAX_ENTS], n = 0, k;

	p[n] = model;
	len[n++] = strlen(model);
	p[n] = LLM_PROMPT_VERSION;
	len[n++] = strlen(LLM_PROMPT_VERSION);
	p[n] = it->text;
	len[n++] = it->textlen;
	for (k = 0; k < it->nents && k < LLM_MAX_ENTS; k++) {
		p[n] = it->ents[k];
		len[n++] = strlen(it->ents[k]);
	}
	for (k = 0; k < n; k++) {
		snprintf(lens[k], sizeof(lens[k]), "%zu", len[k]);
		parts[2 * k].p = lens[k];
		parts[2 * k].len = strlen(lens[k]);
		parts[2 * k + 1].p = p[k];
		parts[2 * k + 1].len = len[k];
	}
	digest_parts_hex(parts, 2 * n, hex, 64);
	hex[64] = '\0';
}

int
llm_request(struct buf *b, const char *model, const struct llm_item *items,
    size_t n)
{
	struct buf user;
	size_t i, k;
	int rc = -1;

	buf_init(&user, 0);
	if (buf_adds(&user, "{\"comments\":[") < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if ((i > 0 && buf_addc(&user, ',') < 0) ||
		    buf_adds(&user, "{\"id\":") < 0 ||
		    json_add_str(&user, items[i].id, items[i].idlen) < 0 ||
		    buf_adds(&user, ",\"text\":") < 0 ||
		    json_add_str(&user, items[i].text, items[i].textlen) < 0 ||
		    buf_adds(&user, ",\"entities\":[") < 0)
			goto out;
		for (k = 0; k < items[i].nents; k++)
			if ((k > 0 && buf_addc(&user, ',') < 0) ||
			    json_add_str(&user, items[i].ents[k],
			    strlen(items[i].ents[k])) < 0)
				goto out;
		if (buf_adds(&user, "]}") < 0)
			goto out;
	}
	if (buf_adds(&user, "]}") < 0 ||
	    buf_adds(b, "{\"model\":") < 0 ||
	    json_add_str(b, model, strlen(model)) < 0 ||
	    buf_adds(b, ",\"temperature\":0,\"response_format\":{\"type\":"
	    "\"json_object\"},\"messages\":[{\"role\":\"system\","
	    "\"content\":") < 0 ||
	    json_add_str(b, system_prompt, sizeof(system_prompt) - 1) < 0 ||
	    buf_adds(b, "},{\"role\":\"user\",\"content\":") < 0 ||
	    json_add_str(b, user.data, user.len) < 0 ||
	    buf_adds(b, "}]}") < 0)
		goto out;
	rc = 0;
out:
	buf_free(&user);
	return rc;
}

/* A number node in [lo, hi]: 0 and *v, or -1. */
static int
number(const struct jnode *n, double lo, double hi, double *v)
{
	char tmp[64];

	if (n == NULL || n->kind != J_NUM || n->len >= sizeof(tmp))
		return -1;
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	*v = strtod(tmp, NULL);
	return isfinite(*v) && *v >= lo && *v <= hi ? 0 : -1;
}

/* The index of the entity named s (exact, else ignoring ASCII case). */
static int
entity_index(const struct llm_item *it, const char *s, size_t len)
{
	size_t k;

	for (k = 0; k < it->nents; k++)
		if (strlen(it->ents[k]) == len &&
		    memcmp(it->ents[k], s, len) == 0)
			return (int)k;
	for (k = 0; k < it->nents; k++)
		if (strlen(it->ents[k]) == len &&
		    strncasecmp(it->ents[k], s, len) == 0)
			return (int)k;
	return -1;
}

static int
emotion_index(const char *s, size_t len)
{
	const char *name;
	int k;

	for (k = 0; k < EM_COUNT; k++) {
		name = affect_emotion_name((enum emotion)k);
		if (strlen(name) == len && memcmp(name, s, len) == 0)
			return k;
	}
	return -1;
}

int
llm_parse_result(const struct jnode *r, const struct llm_item *it,
    struct llm_answer *a, char *msg, size_t msglen)
{
	const struct jnode *n, *e, *name;
	int seen[LLM_MAX_ENTS] = { 0 };
	int k;
	size_t i;

	memset(a, 0, sizeof(*a));
	if (r == NULL || r->kind != J_OBJ) {
		snprintf(msg, msglen, "not an object");
		return -1;
	}
	if (number(json_get(r, "sentiment", 9), -1, 1, &a->sentiment) < 0) {
		snprintf(msg, msglen, "sentiment missing or not from -1 to 1");
		return -1;
	}
	n = json_get(r, "entities", 8);
	if (n == NULL || n->kind != J_ARR) {
		snprintf(msg, msglen, "entities missing or not an array");
		return -1;
	}
	for (e = n->child; e != NULL; e = e->next) {
		name = e->kind == J_OBJ ? json_get(e, "name", 4) : NULL;
		if (name == NULL || name->kind != J_STR) {
			snprintf(msg, msglen, "an entity without a name");
			return -1;
		}
		if ((k = entity_index(it, name->s, name->len)) < 0) {
			snprintf(msg, msglen, "unknown entity '%.*s'",
			    (int)(name->len > 80 ? 80 : name->len), name->s);
			return -1;
		}
		if (seen[k]++) {
			snprintf(msg, msglen, "entity '%s' scored twice",
			    it->ents[k]);
			return -1;
		}
		if (number(json_get(e, "sentiment", 9), -1, 1, &a->ent[k]) <
		    0) {
			snprintf(msg, msglen, "sentiment of '%s' missing or "
			    "not from -1 to 1", it->ents[k]);
			return -1;
		}
	}
	for (i = 0; i < it->nents; i++)
		if (!seen[i]) {
			snprintf(msg, msglen, "no score for entity '%s'",
			    it->ents[i]);
			return -1;
		}
	n = json_get(r, "emotions", 8);
	if (n == NULL || n->kind != J_OBJ) {
		snprintf(msg, msglen, "emotions missing or not an object");
		return -1;
	}
	for (e = n->child; e != NULL; e = e->next) {
		if ((k = emotion_index(e->key, e->klen)) < 0) {
			snprintf(msg, msglen, "unknown emotion '%.*s'",
			    (int)(e->klen > 40 ? 40 : e->klen), e->key);
			return -1;
		}
		if (number(e, 0, 1, &a->emotion[k]) < 0) {
			snprintf(msg, msglen, "emotion '%s' not from 0 to 1",
			    affect_emotion_name((enum emotion)k));
			return -1;
		}
	}
	n = json_get(r, "sarcasm", 7);
	if (n == NULL || (n->kind != J_TRUE && n->kind != J_FALSE)) {
		snprintf(msg, msglen, "sarcasm missing or not true or false");
		return -1;
	}
	a->sarcasm = n->kind == J_TRUE;
	if (number(json_get(r, "toxicity", 8), 0, 1, &a->toxicity) < 0) {
		snprintf(msg, msglen, "toxicity missing or not from 0 to 1");
		return -1;
	}
	return 0;
}

/* The content without a Markdown code fence around it. */
static void
unfence(const char **p, size_t *n)
{
	const char *s = *p, *e = *p + *n, *nl;

	while (s < e && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r' ||
	    e[-1] == '\t'))
		e--;
	if (e - s >= 6 && memcmp(s, "```", 3) == 0 &&
	    memcmp(e - 3, "```", 3) == 0 &&
	    (nl = memchr(s, '\n', (size_t)(e - s))) != NULL && nl < e - 3) {
		s = nl + 1;
		e -= 3;
	}
	*p = s;
	*n = (size_t)(e - s);
}

static int
item_of(const struct llm_item *items, size_t n, const struct jnode *id)
{
	size_t i;

	if (id == NULL || id->kind != J_STR)
		return -1;
	for (i = 0; i < n; i++)
		if (items[i].idlen == id->len &&
		    memcmp(items[i].id, id->s, id->len) == 0)
			return (int)i;
	return -1;
}

int
llm_parse_reply(const char *body, size_t len, const struct llm_item *items,
    size_t n, struct llm_answer *ans, int *ok, llm_warn_fn warn, void *ctx,
    char *msg, size_t msglen)
{
	struct jdoc outer, inner;
	const struct jnode *c, *r;
	struct jerr e;
	char why[200];
	const char *p;
	size_t plen, i;
	int rc, k, good = 0;
	int *seen;

	for (i = 0; i < n; i++)
		ok[i] = 0;
	if ((seen = xcalloc(n + 1, sizeof(*seen))) == NULL)
		return -2;
	json_doc_init(&outer, (size_t)64 << 20);
	json_doc_init(&inner, (size_t)64 << 20);
	rc = json_parse(&outer, body, len, &e);
	if (rc == JSON_ENOMEM) {
		good = -2;
		goto out;
	}
	if (rc != JSON_OK) {
		snprintf(msg, msglen, "the reply is not JSON (%s)", e.msg);
		good = -1;
		goto out;
	}
	c = json_path(outer.root, "choices/0/message/content");
	if (c == NULL || c->kind != J_STR) {
		snprintf(msg, msglen, "the reply has no choices[0].message."
		    "content string");
		good = -1;
		goto out;
	}
	p = c->s;
	plen = c->len;
	unfence(&p, &plen);
	rc = json_parse(&inner, p, plen, &e);
	if (rc == JSON_ENOMEM) {
		good = -2;
		goto out;
	}
	r = rc == JSON_OK && inner.root->kind == J_OBJ ?
	    json_get(inner.root, "results", 7) : NULL;
	if (r == NULL || r->kind != J_ARR) {
		snprintf(msg, msglen, rc == JSON_OK ? "the answer has no "
		    "\"results\" array" : "the answer is not JSON");
		good = -1;
		goto out;
	}
	for (r = r->child; r != NULL; r = r->next) {
		k = item_of(items, n, r->kind == J_OBJ ? json_get(r, "id", 2) :
		    NULL);
		if (k < 0) {
			if (warn != NULL)
				warn(ctx, NULL, "an answer for a comment not "
				    "asked about");
			continue;
		}
		if (seen[k]++) {
			if (ok[k])
				good--;
			ok[k] = 0;
			if (warn != NULL)
				warn(ctx, &items[k], "answered twice");
			continue;
		}
		if (llm_parse_result(r, &items[k], &ans[k], why,
		    sizeof(why)) < 0) {
			if (warn != NULL)
				warn(ctx, &items[k], why);
			continue;
		}
		ok[k] = 1;
		good++;
	}
	for (i = 0; i < n; i++)
		if (!seen[i] && warn != NULL)
			warn(ctx, &items[i], "no answer");
out:
	json_doc_free(&outer);
	json_doc_free(&inner);
	free(seen);
	return good;
}

int
llm_answer_json(struct buf *b, const struct llm_item *it,
    const struct llm_answer *a)
{
	size_t k;
	int first = 1;

	if (buf_printf(b, "{\"sentiment\":%.9g,\"entities\":[",
	    a->sentiment) < 0)
		return -1;
	for (k = 0; k < it->nents; k++)
		if ((k > 0 && buf_addc(b, ',') < 0) ||
		    buf_adds(b, "{\"name\":") < 0 ||
		    json_add_str(b, it->ents[k], strlen(it->ents[k])) < 0 ||
		    buf_printf(b, ",\"sentiment\":%.9g}", a->ent[k]) < 0)
			return -1;
	if (buf_adds(b, "],\"emotions\":{") < 0)
		return -1;
	for (k = 0; k < EM_COUNT; k++) {
		if (a->emotion[k] <= 0)
			continue;
		if (buf_printf(b, "%s\"%s\":%.9g", first ? "" : ",",
		    affect_emotion_name((enum emotion)k), a->emotion[k]) < 0)
			return -1;
		first = 0;
	}
	return buf_printf(b, "},\"sarcasm\":%s,\"toxicity\":%.9g}",
	    a->sarcasm ? "true" : "false", a->toxicity);
}

/* The cache: open addressing on the key's first hex digits. */
struct centry {
	char	 key[65];
	char	*json;
	size_t	 len;
};

struct llm_cache {
	struct centry	*t;
	size_t		 cap, n, added;
};

static size_t
slot(const struct llm_cache *c, const char *key)
{
	size_t h = 0, i;

	for (i = 0; i < 16; i++)
		h = h * 16 + (size_t)(key[i] <= '9' ? key[i] - '0' :
		    (key[i] | 0x20) - 'a' + 10);
	h &= c->cap - 1;
	while (c->t[h].json != NULL && memcmp(c->t[h].key, key, 64) != 0)
		h = (h + 1) & (c->cap - 1);
	return h;
}

static int
grow(struct llm_cache *c)
{
	struct llm_cache bigger = *c;
	size_t i, h;

	bigger.cap = c->cap ? c->cap * 2 : 256;
	if ((bigger.t = xcalloc(bigger.cap, sizeof(*bigger.t))) == NULL)
		return -1;
	for (i = 0; i < c->cap; i++)
		if (c->t[i].json != NULL) {
			h = slot(&bigger, c->t[i].key);
			bigger.t[h] = c->t[i];
		}
	free(c->t);
	*c = bigger;
	return 0;
}

int
llm_cache_put(struct llm_cache *c, const char *key, const char *json,
    size_t len)
{
	struct centry *e;
	char *copy;

	if ((c->n + 1) * 2 > c->cap && grow(c) < 0)
		return -1;
	if ((copy = xstrndup(json, len)) == NULL)
		return -1;
	e = &c->t[slot(c, key)];
	if (e->json == NULL)
		c->n++;
	free(e->json);
	memcpy(e->key, key, 64);
	e->key[64] = '\0';
	e->json = copy;
	e->len = len;
	c->added++;
	return 0;
}

const char *
llm_cache_get(const struct llm_cache *c, const char *key, size_t *len)
{
	const struct centry *e;

	if (c->cap == 0)
		return NULL;
	e = &c->t[slot(c, key)];
	if (e->json == NULL)
		return NULL;
	*len = e->len;
	return e->json;
}

size_t
llm_cache_count(const struct llm_cache *c)
{
	return c->n;
}

size_t
llm_cache_added(const struct llm_cache *c)
{
	return c->added;
}

void
llm_cache_free(struct llm_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->cap; i++)
		free(c->t[i].json);
	free(c->t);
	free(c);
}

static int
hex64(const struct jnode *k)
{
	return k != NULL && k->kind == J_STR && k->len == 64 &&
	    strspn(k->s, "0123456789abcdef") >= 64;
}

struct llm_cache *
llm_cache_load(const char *path, long *line)
{
	struct llm_cache *c = xcalloc(1, sizeof(*c));
	struct input *in;
	struct jdoc d;
	struct jerr e;
	struct buf l, ans;
	const struct jnode *k, *a;
	int rc, err = 0;

	*line = 0;
	if (c == NULL)
		return NULL;
	if ((in = in_open(path)) == NULL) {
		if (errno == ENOENT)
			return c;
		err = errno;
		free(c);
		errno = err;
		return NULL;
	}
	json_doc_init(&d, (size_t)64 << 20);
	buf_init(&l, (size_t)16 << 20);
	buf_init(&ans, 0);
	while ((rc = in_getline(in, &l)) == 1) {
		*line = in_lineno(in);
		if (l.len <= 1)
			continue;
		rc = json_parse(&d, l.data, l.len, &e);
		if (rc == JSON_ENOMEM) {
			err = ENOMEM;
			break;
		}
		k = rc == JSON_OK && d.root->kind == J_OBJ ?
		    json_get(d.root, "key", 3) : NULL;
		a = rc == JSON_OK && d.root->kind == J_OBJ ?
		    json_get(d.root, "answer", 6) : NULL;
		if (!hex64(k) || a == NULL || a->kind != J_OBJ) {
			err = EINVAL;
			break;
		}
		buf_reset(&ans);
		if (json_dump(&ans, a) < 0 ||
		    llm_cache_put(c, k->s, ans.data, ans.len) < 0) {
			err = ENOMEM;
			break;
		}
	}
	if (rc < 0 && err == 0)
		err = rc == -2 ? EINVAL : EIO;
	in_close(in);
	json_doc_free(&d);
	buf_free(&l);
	buf_free(&ans);
	if (err != 0) {
		llm_cache_free(c);
		errno = err;
		return NULL;
	}
	c->added = 0;
	return c;
}

int
llm_cache_save(struct llm_cache *c, const char *path)
{
	struct output *o = out_open(path, 0);
	struct buf b;
	size_t i;
	int err;

	if (o == NULL)
		return -1;
	buf_init(&b, 0);
	if (out_set_zstd(o) < 0)
		goto fail;
	for (i = 0; i < c->cap; i++) {
		if (c->t[i].json == NULL)
			continue;
		buf_reset(&b);
		if (buf_printf(&b, "{\"key\":\"%s\",\"answer\":", c->t[i].key) <
		    0 || buf_add(&b, c->t[i].json, c->t[i].len) < 0 ||
		    buf_adds(&b, "}\n") < 0) {
			errno = ENOMEM;
			goto fail;
		}
		if (out_record(o, b.data, b.len) < 0)
			goto fail;
	}
	buf_free(&b);
	if (out_close(o) < 0)
		return -1;
	c->added = 0;
	return 0;
fail:
	err = errno;
	buf_free(&b);
	out_abort(o);
	errno = err;
	return -1;
}
