/*
 * et-enrich: comment records in, the same records out with who each
 * comment is about and how its author feels about each of them.
 *
 * Reads et-record(5) comments (NDJSON, plain or zstd), adds mentions,
 * signals, discovered, lang and review (lib/enrich.h), and writes each
 * record's original bytes with the new members spliced in before the final
 * brace, so everything else passes through untouched.  Streams one record
 * at a time; memory is the catalog plus one record.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/enrich.h"
#include "lib/entities.h"
#include "lib/http.h"
#include "lib/input.h"
#include "lib/lexicon.h"
#include "lib/llm.h"
#include "lib/ndjson.h"
#include "lib/opt.h"
#include "lib/output.h"
#include "lib/prog.h"
#include "lib/xalloc.h"

static const char synopsis[] =
"usage: et-enrich [-ehkuV] [-c catalog] [-o file] [--no-subject]\n"
"                 [--review-below x] [--rejects file] [--stats]\n"
"                 [--llm url --llm-model name [--llm-key-file file]\n"
"                 [--llm-budget n] [--llm-batch n] [--llm-jobs n]\n"
"                 [--llm-cache file] [--llm-timeout seconds]\n"
"                 [--llm-retries n] [--llm-below x] [--llm-likes n]]\n"
"                 [--errors=text|json|inline] [--max-record-size bytes]\n"
"                 [--checkpoint file [--checkpoint-every n]]\n"
"                 [--metrics file] [--progress | --no-progress] [file ...]\n";

static const char help[] =
"Add entity mentions, entity-targeted sentiment, emotion, toxicity, risk,\n"
"sarcasm, language and discovered names to comment records.\n"
"\n"
"  -c, --catalog FILE       the entities to find (JSON array)\n"
"      --checkpoint FILE    keep a checkpoint in FILE; a rerun resumes\n"
"      --checkpoint-every N commit output and checkpoint every N records\n"
"                           (100000)\n"
"  -e, --exit-status        exit 4 when no record was written\n"
"      --errors=FORMAT      diagnostics as text, json or inline records\n"
"  -h, --help               show this help\n"
"  -k, --keep-going         skip bad records, report each, exit 1 at the end\n"
"      --llm URL            ask this chat-completions endpoint about the\n"
"                           comments the lexicon is unsure of (off)\n"
"      --llm-batch N        comments per call (10)\n"
"      --llm-below X        ask when a sentiment's confidence is below X\n"
"                           (0.6)\n"
"      --llm-budget N       calls at most, retries included (100)\n"
"      --llm-cache FILE     keep answers in FILE (zstd) and reuse them\n"
"      --llm-jobs N         calls at once (4)\n"
"      --llm-key-file FILE  read the API key from FILE (else $ET_LLM_KEY)\n"
"      --llm-likes N        ask about comments with N likes or more (1000;\n"
"                           0: never for likes)\n"
"      --llm-model NAME     the model to ask for (required with --llm)\n"
"      --llm-retries N      retries of a failed call (3)\n"
"      --llm-timeout S      give up a call after S seconds without data (60)\n"
"      --max-record-size B  longest record accepted (16M)\n"
"      --no-subject         do not attribute nameless comments to the\n"
"                           post's subject\n"
"      --metrics FILE       write Prometheus metrics to FILE at exit\n"
"  -o, --output FILE        write FILE atomically (.zst: compressed)\n"
"      --progress           show progress on stderr (default on a terminal)\n"
"      --no-progress        do not\n"
"      --rejects FILE       write rejected records to FILE\n"
"      --review-below X     flag attributions less certain than X (0.7)\n"
"      --stats              print a JSON line of counts on stderr at exit\n"
"  -u, --unbuffered         flush after every record\n"
"  -V, --version            print the version\n"
"\n"
"Exit status: 0 ok, 1 bad records, 2 usage, 3 system error, 4 no output (-e).\n"
"See et-enrich(1), et-record(5) and et(7).\n";

enum {
	OPT_NO_SUBJECT = OPT_FIRST_PROGRAM,
	OPT_REVIEW_BELOW,
	OPT_LLM,
	OPT_LLM_BATCH,
	OPT_LLM_BELOW,
	OPT_LLM_BUDGET,
	OPT_LLM_CACHE,
	OPT_LLM_JOBS,
	OPT_LLM_KEY_FILE,
	OPT_LLM_LIKES,
	OPT_LLM_MODEL,
	OPT_LLM_RETRIES,
	OPT_LLM_TIMEOUT
};

#define KEY_MAX		4096
#define QUEUE_BYTES	((size_t)32 << 20)	/* records held for the LLM */
#define QUEUE_RECORDS	100000

struct opts {
	struct common_opts c;
	const char	*catalog;
	struct enrich_opts e;
	/* --llm */
	const char	*llm, *model, *key_file, *cache;
	long long	 budget, batch, jobs, retries, likes;
	double		 timeout, below;
	int		 llm_opts;	/* some --llm-* option was given */
};

/*
 * A record held back while the LLM is asked about it or one before it:
 * its finished line, or (ask) its input line, to enrich again with the
 * answer.
 */
struct held {
	char		*line;
	size_t		 len;
	long		 lineno;
	int		 ask;		/* 1: waiting for an answer; 2: for
					   the answer of lead (same key) */
	size_t		 lead;		/* when ask is 2: the held one asked */
	size_t		 item;		/* when ask is 1: its question */
	struct llm_item	 it;		/* when ask: id and text owned */
	char		 key[65];
	struct llm_answer a;
	int		 ok;		/* answered */
};

struct llm_state {
	struct http	*http;
	struct llm_cache *cache;
	char		 key[KEY_MAX];
	char		 model[200];	/* "llm:" and the model */
	char		 shown[2048];	/* the URL for messages */
	long		 left;		/* calls left in the budget */
	struct enrich_doubt_opts dopts;
	struct held	*q;
	size_t		 nq, cap, bytes, asks;
	struct jdoc	 doc;
	/* counted, and kept by --checkpoint */
	unsigned long	 calls, answered, cached, fallback, over;
};

struct run {
	struct prog	 p;
	struct opts	*o;
	struct catalog	*cat;
	struct lexicon	*lex;
	struct enricher	*en;
	struct buf	 rec;
	struct llm_state *llm;
};

static int
enrichment_key(const struct jnode *n)
{
	static const char *const keys[] = { "mentions", "signals",
	    "discovered", "lang", "review", NULL };
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (strlen(keys[i]) == n->klen &&
		    memcmp(keys[i], n->key, n->klen) == 0)
			return 1;
	return 0;
}

/*
 * When an enriched record ends with the five members this program writes,
 * in its order, they start at the last ',"mentions":' of the line (inside a
 * JSON string that quote would be escaped).  Returns the length of the line
 * before them, or 0 when the record is not shaped so.
 */
static size_t
our_tail(const struct nd_rec *rec)
{
	static const char *const order[] = { "mentions", "signals",
	    "discovered", "lang", "review" };
	const struct jnode *n, *tail[5] = { 0 };
	const char *p = NULL, *q = rec->line, *end = rec->line + rec->len;
	size_t k, count = 0;

	for (n = rec->obj->child; n != NULL; n = n->next, count++) {
		for (k = 0; k < 4; k++)
			tail[k] = tail[k + 1];
		tail[4] = n;
	}
	for (k = 0; k < 5; k++)
		if (count < 6 || tail[k] == NULL ||
		    tail[k]->klen != strlen(order[k]) ||
		    memcmp(tail[k]->key, order[k], tail[k]->klen) != 0)
			return 0;
	while ((q = memmem(q, (size_t)(end - q), ",\"mentions\":", 12)) !=
	    NULL)
		p = q++;
	return p != NULL ? (size_t)(p - rec->line) : 0;
}

/*
 * The record without its closing brace: its own bytes, or, when it was
 * enriched before, the bytes before the old enrichment, or failing that its
 * members less the old enrichment, re-serialized.
 */
static int
record_head(struct run *r, const struct nd_rec *rec)
{
	const struct jnode *n;
	size_t len = rec->len;
	int again = 0, first = 1;

	for (n = rec->obj->child; n != NULL; n = n->next)
		again |= enrichment_key(n);
	buf_reset(&r->rec);
	if (!again) {
		while (len > 0 && rec->line[len - 1] != '}')
			len--;
		return buf_add(&r->rec, rec->line, len - 1);
	}
	if ((len = our_tail(rec)) > 0)
		return buf_add(&r->rec, rec->line, len);
	if (buf_addc(&r->rec, '{') < 0)
		return -1;
	for (n = rec->obj->child; n != NULL; n = n->next) {
		if (enrichment_key(n))
			continue;
		if ((!first && buf_addc(&r->rec, ',') < 0) ||
		    json_add_str(&r->rec, n->key, n->klen) < 0 ||
		    buf_addc(&r->rec, ':') < 0 || json_dump(&r->rec, n) < 0)
			return -1;
		first = 0;
	}
	return 0;
}

/* Enriches rec into r->rec (a whole line); 0, ENRICH_EDATA (msg), -2. */
static int
enrich_line(struct run *r, const struct nd_rec *rec, char *msg, size_t msglen)
{
	int rc;

	if (record_head(r, rec) < 0)
		return ENRICH_ENOMEM;
	rc = enrich_record(r->en, rec->obj, &r->rec, msg, msglen);
	if (rc == 0 && buf_add(&r->rec, "}\n", 2) < 0)
		rc = ENRICH_ENOMEM;
	return rc;
}

static void llm_flush(void *ctx);
static int llm_consider(struct run *r, const struct nd_rec *rec);
static int hold(struct run *r, const char *line, size_t len, int counted);

/* Writes a finished line, behind the records held for the LLM. */
static void
put_line(struct run *r, const char *line, size_t len, int counted)
{
	if (r->llm != NULL && r->llm->nq > 0) {
		if (hold(r, line, len, counted) < 0)
			prog_nomem(&r->p);
	} else if (counted)
		prog_emit(&r->p, line, len);
	else
		prog_put(&r->p, r->p.out, line, len);
}

/* prog_reject, with the held records written first (--errors=inline). */
static void
reject(struct run *r, long line, long col, enum diag_kind kind,
    const char *msg, const char *raw, size_t rawlen)
{
	if (r->llm != NULL && r->llm->nq > 0)
		llm_flush(r);
	prog_reject(&r->p, line, col, kind, msg, raw, rawlen, 1);
}

static void
process(struct run *r, const struct nd_rec *rec)
{
	char msg[200];
	int rc;

	if (rec->obj->kind == J_OBJ && json_get(rec->obj, "_error", 6)) {
		buf_reset(&r->rec);
		if (buf_add(&r->rec, rec->line, rec->len) == 0 &&
		    buf_addc(&r->rec, '\n') == 0)
			put_line(r, r->rec.data, r->rec.len, 0);
		return;
	}
	r->p.in++;
	if (rec->obj->kind != J_OBJ) {
		reject(r, rec->lineno, 0, DK_TYPE,
		    "record is not a JSON object", rec->line, rec->len);
		return;
	}
	rc = enrich_line(r, rec, msg, sizeof(msg));
	if (rc == ENRICH_EDATA) {
		reject(r, rec->lineno, 0, DK_TYPE, msg, rec->line, rec->len);
		return;
	}
	if (rc < 0)
		goto nomem;
	if (r->llm != NULL && (rc = llm_consider(r, rec)) != 0) {
		if (rc < 0)
			goto nomem;
		return;			/* held for the LLM */
	}
	put_line(r, r->rec.data, r->rec.len, 1);
	return;
nomem:
	prog_nomem(&r->p);
}

static void
on_line(void *ctx, const struct nd_rec *rec, const struct nd_err *err)
{
	struct run *r = ctx;

	if (rec == NULL)
		return;
	if (err != NULL) {
		r->p.in++;
		reject(r, rec->lineno, err->col, err->kind, err->msg,
		    rec->line, rec->len);
	} else
		process(r, rec);
}

/*
 * The LLM (--llm).  A record the lexicon is unsure of is held with its
 * input line; records after it are held finished, so the output keeps the
 * input's order.  When enough are held (a batch per job) or before a
 * checkpoint commits, the batches are sent at once, each answer is
 * checked, and the held records are written: the asked ones enriched
 * again with the answer, or with the lexicon's result marked as a
 * fallback.
 */

/* A new slot at the end of the held records (not counted yet). */
static struct held *
held_new(struct run *r)
{
	struct llm_state *l = r->llm;
	struct held *q;
	size_t cap;

	if (l->nq == l->cap) {
		cap = l->cap ? l->cap * 2 : 64;
		if ((q = xrealloc(l->q, cap * sizeof(*q))) == NULL)
			return NULL;
		l->q = q;
		l->cap = cap;
	}
	q = &l->q[l->nq];
	memset(q, 0, sizeof(*q));
	return q;
}

static int
hold(struct run *r, const char *line, size_t len, int counted)
{
	struct held *h = held_new(r);

	if (h == NULL || (h->line = xstrndup(line, len)) == NULL)
		return -1;
	h->len = len;
	h->lineno = counted ? 0 : -1;	/* -1: not a record (an _error) */
	r->llm->nq++;
	r->llm->bytes += len;
	return 0;
}

static void
held_free(struct held *h)
{
	free(h->line);
	free((char *)h->it.id);
	free((char *)h->it.text);
}

/* The answer cached for h, checked again; 1 when there is a good one. */
static int
from_cache(struct llm_state *l, struct held *h)
{
	const char *text;
	char msg[200];
	struct jerr e;
	size_t len;

	if (l->cache == NULL ||
	    (text = llm_cache_get(l->cache, h->key, &len)) == NULL)
		return 0;
	if (json_parse(&l->doc, text, len, &e) != JSON_OK)
		return 0;
	return llm_parse_result(l->doc.root, &h->it, &h->a, msg,
	    sizeof(msg)) == 0;
}

/* Enriches the record of h again with its override; the line is r->rec. */
static int
reenrich(struct run *r, const char *line, size_t len, long lineno,
    const struct enrich_override *ov)
{
	struct llm_state *l = r->llm;
	struct nd_rec rec;
	struct jerr e;
	char msg[200];
	int rc;

	if ((rc = json_parse(&l->doc, line, len, &e)) != JSON_OK)
		return rc == JSON_ENOMEM ? -1 : -3;
	rec.line = line;
	rec.len = len;
	rec.lineno = lineno;
	rec.obj = l->doc.root;
	enrich_set_override(r->en, ov);
	rc = enrich_line(r, &rec, msg, sizeof(msg));
	enrich_set_override(r->en, NULL);
	return rc < 0 ? -1 : 0;
}

/*
 * Decides whether the LLM should see rec (enriched into r->rec): 0 when
 * not (write r->rec), 1 when it is held or written already, -1 out of
 * memory.
 */
static int
llm_consider(struct run *r, const struct nd_rec *rec)
{
	struct llm_state *l = r->llm;
	struct enrich_doubt d;
	const struct jnode *id, *text;
	struct enrich_override ov;
	struct held *h;
	size_t k;

	enrich_doubt(r->en, &l->dopts, &d);
	text = json_get(rec->obj, "text", 4);
	id = json_get(rec->obj, "id", 2);
	if (d.reasons == 0 || d.nents > LLM_MAX_ENTS || text == NULL ||
	    text->len == 0 || id == NULL || id->kind != J_STR)
		return 0;
	if ((h = held_new(r)) == NULL)
		return -1;
	if ((h->it.id = xstrndup(id->s, id->len)) == NULL ||
	    (h->it.text = xstrndup(text->s, text->len)) == NULL) {
		held_free(h);
		return -1;
	}
	h->it.idlen = id->len;
	h->it.textlen = text->len;
	h->it.nents = d.nents;
	for (k = 0; k < d.nents; k++)
		h->it.ents[k] = d.ents[k];
	llm_key(r->o->model, &h->it, h->key);
	if (from_cache(l, h)) {
		/* answered before: no call */
		l->cached++;
		ov.mode = ENRICH_OV_ANSWER;
		ov.model = l->model;
		ov.a = &h->a;
		k = rec->len;
		held_free(h);
		if (reenrich(r, rec->line, k, rec->lineno, &ov) < 0)
			return -1;
		put_line(r, r->rec.data, r->rec.len, 1);
		return 1;
	}
	for (k = 0; k < l->nq; k++)
		if (l->q[k].ask == 1 && memcmp(l->q[k].key, h->key, 64) == 0)
			break;
	if (k < l->nq) {
		/* the same question is pending: share its answer */
		h->ask = 2;
		h->lead = k;
	} else if ((l->asks + (size_t)r->o->batch) / (size_t)r->o->batch >
	    (size_t)(l->left > 0 ? l->left : 0)) {
		/* a batch more than the budget has left */
		l->over++;
		held_free(h);
		return 0;
	}
	if ((h->line = xstrndup(rec->line, rec->len)) == NULL) {
		held_free(h);
		return -1;
	}
	h->len = rec->len;
	h->lineno = rec->lineno;
	if (h->ask != 2) {
		h->ask = 1;
		l->asks++;
	}
	l->nq++;
	l->bytes += rec->len;
	if (l->asks >= (size_t)(r->o->batch * r->o->jobs) ||
	    l->bytes >= QUEUE_BYTES || l->nq >= QUEUE_RECORDS)
		llm_flush(r);
	return 1;
}

static void
on_llm_retry(void *ctx, const struct http_xfer *x, double delay)
{
	struct run *r = ctx;

	diag_warn("--llm %s: %s; retry %d of %lld in %.1f s", r->llm->shown,
	    x->err, x->attempts, r->o->retries, delay);
}

static void
on_bad_answer(void *ctx, const struct llm_item *it, const char *msg)
{
	struct run *r = ctx;

	if (it != NULL)
		diag_warn("--llm: answer for '%.*s' rejected: %s; it keeps "
		    "the lexicon's scores", (int)it->idlen, it->id, msg);
	else
		diag_warn("--llm: answer rejected: %s", msg);
	(void)r;
}

/* Sends the held questions, then writes every held record in order. */
static void
llm_flush(void *ctx)
{
	struct run *r = ctx;
	struct llm_state *l = r->llm;
	struct http_xfer *x = NULL, **xp = NULL;
	struct llm_item *items = NULL;
	struct llm_answer *ans = NULL;
	struct buf *bodies = NULL, *replies = NULL, ajson;
	struct enrich_override ov;
	struct held *h;
	size_t i, k, b, nb = 0, batch = (size_t)r->o->batch;
	size_t *first = NULL, *count = NULL;
	int *ok = NULL, rc, fail = 0;
	char msg[300];

	buf_init(&ajson, 0);
	if (l->asks > 0) {
		nb = l->asks;		/* at most one batch per question */
		x = xcalloc(nb, sizeof(*x));
		xp = xcalloc(nb, sizeof(*xp));
		items = xcalloc(l->asks, sizeof(*items));
		ans = xcalloc(l->asks, sizeof(*ans));
		ok = xcalloc(l->asks, sizeof(*ok));
		bodies = xcalloc(nb, sizeof(*bodies));
		replies = xcalloc(nb, sizeof(*replies));
		first = xcalloc(nb, sizeof(*first));
		count = xcalloc(nb, sizeof(*count));
		if (x == NULL || xp == NULL || items == NULL || ans == NULL ||
		    ok == NULL || bodies == NULL || replies == NULL ||
		    first == NULL || count == NULL)
			goto nomem;
		/* batches of consecutive questions, no id twice in one */
		for (i = 0, k = 0, b = 0; i < l->nq; i++) {
			if (l->q[i].ask != 1)
				continue;
			h = &l->q[i];
			if (count[b] > 0) {
				size_t j;
				int dup = count[b] == batch;

				for (j = first[b]; j < k && !dup; j++)
					dup = items[j].idlen == h->it.idlen &&
					    memcmp(items[j].id, h->it.id,
					    h->it.idlen) == 0;
				if (dup)
					b++;
			}
			if (count[b] == 0)
				first[b] = k;
			h->item = k;
			items[k++] = h->it;
			count[b]++;
		}
		nb = b + 1;
		for (b = 0; b < nb; b++) {
			buf_init(&bodies[b], 0);
			buf_init(&replies[b], (size_t)16 << 20);
			if (llm_request(&bodies[b], r->o->model,
			    &items[first[b]], count[b]) < 0)
				goto nomem;
			x[b].url = r->o->llm;
			x[b].body = bodies[b].data;
			x[b].bodylen = bodies[b].len;
			x[b].mem = &replies[b];
			xp[b] = &x[b];
		}
		rc = http_run(l->http, xp, nb, (size_t)r->o->jobs, &l->left);
		if (rc < 0)
			goto nomem;
		for (b = 0; b < nb; b++) {
			l->calls += (unsigned long)x[b].attempts;
			if (x[b].rc != HTTP_OK) {
				if (x[b].rc == HTTP_ENOMEM)
					goto nomem;
				diag_warn("--llm %s: %s; %zu comments keep the "
				    "lexicon's scores", l->shown, x[b].err,
				    count[b]);
				continue;
			}
			rc = llm_parse_reply(replies[b].data, replies[b].len,
			    &items[first[b]], count[b], &ans[first[b]],
			    &ok[first[b]], on_bad_answer, r, msg, sizeof(msg));
			if (rc == -2)
				goto nomem;
			if (rc == -1)
				diag_warn("--llm %s: %s; %zu comments keep the "
				    "lexicon's scores", l->shown, msg,
				    count[b]);
		}
	}
	/* write the held records in order */
	for (i = 0; i < l->nq && !fail; i++) {
		h = &l->q[i];
		if (!h->ask) {
			if (h->lineno < 0)
				prog_put(&r->p, r->p.out, h->line, h->len);
			else
				prog_emit(&r->p, h->line, h->len);
			continue;
		}
		k = h->ask == 1 ? h->item : l->q[h->lead].item;
		ov.model = l->model;
		ov.a = ans != NULL ? &ans[k] : NULL;
		ov.mode = ok != NULL && ok[k] ? ENRICH_OV_ANSWER :
		    ENRICH_OV_FALLBACK;
		if (ov.mode == ENRICH_OV_ANSWER) {
			l->answered++;
			buf_reset(&ajson);
			if (h->ask == 1 && l->cache != NULL &&
			    (llm_answer_json(&ajson, &h->it,
			    &ans[k]) < 0 || llm_cache_put(l->cache, h->key,
			    ajson.data, ajson.len) < 0))
				fail = 1;
		} else
			l->fallback++;
		if (fail || reenrich(r, h->line, h->len, h->lineno, &ov) < 0)
			fail = 1;
		else
			prog_emit(&r->p, r->rec.data, r->rec.len);
	}
	goto out;
nomem:
	fail = 1;
out:
	if (fail)
		prog_nomem(&r->p);
	for (i = 0; i < l->nq; i++)
		held_free(&l->q[i]);
	l->nq = l->asks = l->bytes = 0;
	for (b = 0; b < nb && bodies != NULL && replies != NULL; b++) {
		/* zeroed when unused: buf_free is then a no-op */
		buf_free(&bodies[b]);
		buf_free(&replies[b]);
	}
	buf_free(&ajson);
	free(x);
	free(xp);
	free(items);
	free(ans);
	free(ok);
	free(bodies);
	free(replies);
	free(first);
	free(count);
}

/* Writes the cache when it learnt something; exit status 3 on failure. */
static void
llm_save(struct run *r)
{
	struct llm_state *l = r->llm;

	if (l == NULL || l->cache == NULL || llm_cache_added(l->cache) == 0)
		return;
	if (llm_cache_save(l->cache, r->o->cache) < 0) {
		diag_sys("cannot write --llm-cache '%s'", r->o->cache);
		prog_status(&r->p, 3);
	}
}

/* Before a checkpoint: the held records out, the cache saved. */
static void
llm_before_commit(void *ctx)
{
	struct run *r = ctx;

	llm_flush(r);
	llm_save(r);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "catalog", required_argument, NULL, 'c' },
		{ "llm", required_argument, NULL, OPT_LLM },
		{ "llm-batch", required_argument, NULL, OPT_LLM_BATCH },
		{ "llm-below", required_argument, NULL, OPT_LLM_BELOW },
		{ "llm-budget", required_argument, NULL, OPT_LLM_BUDGET },
		{ "llm-cache", required_argument, NULL, OPT_LLM_CACHE },
		{ "llm-jobs", required_argument, NULL, OPT_LLM_JOBS },
		{ "llm-key-file", required_argument, NULL, OPT_LLM_KEY_FILE },
		{ "llm-likes", required_argument, NULL, OPT_LLM_LIKES },
		{ "llm-model", required_argument, NULL, OPT_LLM_MODEL },
		{ "llm-retries", required_argument, NULL, OPT_LLM_RETRIES },
		{ "llm-timeout", required_argument, NULL, OPT_LLM_TIMEOUT },
		{ "no-subject", no_argument, NULL, OPT_NO_SUBJECT },
		{ "review-below", required_argument, NULL, OPT_REVIEW_BELOW },
		OPT_COMMON_LONG,
		OPT_CHECKPOINT_LONG,
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":" OPT_COMMON_SHORT "c:",
	    longopts, NULL)) != -1) {
		if (opt_common(&o->c, ch, optarg))
			continue;
		switch (ch) {
		case 'c':
			o->catalog = optarg;
			break;
		case OPT_NO_SUBJECT:
			o->e.subject_fallback = 0;
			break;
		case OPT_REVIEW_BELOW:
			o->e.review_below = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' ||
			    !(o->e.review_below >= 0 && o->e.review_below <= 1))
				diag_usage("invalid --review-below '%s' "
				    "(0 to 1)", optarg);
			break;
		case OPT_LLM:
			if (!http_is_url(optarg))
				diag_usage("--llm wants an http or https URL, "
				    "not '%s'", optarg);
			o->llm = optarg;
			break;
		case OPT_LLM_BATCH:
			if (parse_num(optarg, 1, 100, &o->batch) < 0)
				diag_usage("invalid --llm-batch '%s' "
				    "(1 to 100)", optarg);
			o->llm_opts = 1;
			break;
		case OPT_LLM_BELOW:
			o->below = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' ||
			    !(o->below >= 0 && o->below <= 1))
				diag_usage("invalid --llm-below '%s' (0 to 1)",
				    optarg);
			o->llm_opts = 1;
			break;
		case OPT_LLM_BUDGET:
			if (parse_num(optarg, 0, 1000000000, &o->budget) < 0)
				diag_usage("invalid --llm-budget '%s'", optarg);
			o->llm_opts = 1;
			break;
		case OPT_LLM_CACHE:
			o->cache = optarg;
			o->llm_opts = 1;
			break;
		case OPT_LLM_JOBS:
			if (parse_num(optarg, 1, 64, &o->jobs) < 0)
				diag_usage("invalid --llm-jobs '%s' (1 to 64)",
				    optarg);
			o->llm_opts = 1;
			break;
		case OPT_LLM_KEY_FILE:
			o->key_file = optarg;
			o->llm_opts = 1;
			break;
		case OPT_LLM_LIKES:
			if (parse_num(optarg, 0, 1LL << 53, &o->likes) < 0)
				diag_usage("invalid --llm-likes '%s'", optarg);
			o->llm_opts = 1;
			break;
		case OPT_LLM_MODEL:
			if (*optarg == '\0' || strlen(optarg) > 150)
				diag_usage("invalid --llm-model '%s'", optarg);
			o->model = optarg;
			break;
		case OPT_LLM_RETRIES:
			if (parse_num(optarg, 0, 100, &o->retries) < 0)
				diag_usage("invalid --llm-retries '%s' (0 to "
				    "100)", optarg);
			o->llm_opts = 1;
			break;
		case OPT_LLM_TIMEOUT:
			if (parse_seconds(optarg, &o->timeout) < 0)
				diag_usage("invalid --llm-timeout '%s'",
				    optarg);
			o->llm_opts = 1;
			break;
		default:
			prog_bad_option(ch, argv);
		}
	}
	opt_help_version(&o->c, synopsis, help);
	if (o->llm == NULL && (o->llm_opts || o->model != NULL))
		diag_usage("the --llm-* options need --llm");
	if (o->llm != NULL && o->model == NULL)
		diag_usage("--llm needs --llm-model");
}

/* Reads the catalog file; exits 3 when unreadable, 2 when invalid. */
static struct catalog *
load_catalog(const char *path)
{
	struct input *in = in_open(path);
	struct buf text, line;
	struct catalog *c;
	char err[300];
	int rc;

	if (in == NULL) {
		diag_sys("cannot open catalog '%s'", path);
		exit(3);
	}
	buf_init(&text, (size_t)1 << 30);
	buf_init(&line, (size_t)1 << 30);
	while ((rc = in_getline(in, &line)) == 1)
		if (buf_add(&text, line.data, line.len) < 0) {
			rc = -1;
			break;
		}
	in_close(in);
	buf_free(&line);
	if (rc != 0) {
		diag_err("cannot read catalog '%s'", path);
		exit(3);
	}
	c = catalog_load(text.data, text.len, err, sizeof(err));
	buf_free(&text);
	if (c == NULL && strcmp(err, "out of memory") == 0) {
		diag_err("cannot load catalog '%s': out of memory", path);
		exit(3);
	}
	if (c == NULL)
		diag_usage("invalid catalog '%s': %s", path, err);
	return c;
}

static void
setup(struct run *r, struct opts *o)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	buf_init(&r->rec, 0);
	if (o->catalog != NULL)
		r->cat = load_catalog(o->catalog);
	r->lex = lexicon_new();
	r->en = r->lex ? enricher_new(r->cat, r->lex, &o->e) : NULL;
	if (r->en == NULL) {
		diag_err("out of memory");
		exit(3);
	}
}

/*
 * Starts --llm: the key (--llm-key-file, else $ET_LLM_KEY, else none), the
 * cache and libcurl.  Exits 2 for a key that would travel in clear text,
 * 3 when a file cannot be read.
 */
static void
setup_llm(struct run *r)
{
	static struct http_opts ho;
	struct opts *o = r->o;
	struct llm_state *l;
	long line;

	if (o->llm == NULL)
		return;
	if ((l = r->llm = xcalloc(1, sizeof(*l))) == NULL) {
		diag_err("out of memory");
		exit(3);
	}
	http_redact(o->llm, l->shown, sizeof(l->shown));
	snprintf(l->model, sizeof(l->model), "llm:%s", o->model);
	opt_secret(o->key_file, "--llm-key-file", "ET_LLM_KEY", "key", l->key,
	    sizeof(l->key));
	if (l->key[0] != '\0' && http_is_cleartext(o->llm))
		diag_usage("will not send the key in clear text to '%s'; use "
		    "https", l->shown);
	if (o->cache != NULL && (l->cache = llm_cache_load(o->cache,
	    &line)) == NULL) {
		if (errno != EINVAL) {
			diag_sys("cannot read --llm-cache '%s'", o->cache);
			exit(3);
		}
		diag_warn("--llm-cache '%s': line %ld is not a cache entry; "
		    "starting with an empty cache", o->cache, line);
		l->cache = llm_cache_load("/dev/null", &line);
		if (l->cache == NULL) {
			diag_err("out of memory");
			exit(3);
		}
	}
	l->left = (long)o->budget;
	l->dopts.below = o->below;
	l->dopts.likes = (double)o->likes;
	json_doc_init(&l->doc, o->c.max_record * 4);
	http_opts_init(&ho, o->timeout, (int)o->retries);
	ho.bearer = l->key[0] != '\0' ? l->key : NULL;
	ho.content_type = "application/json";
	ho.on_retry = on_llm_retry;
	ho.ctx = r;
	if ((l->http = http_new(&ho)) == NULL) {
		diag_err("cannot start libcurl: out of memory");
		exit(3);
	}
}

/* Ends the run: the held records, the cache, the report. */
static int
finish(struct run *r)
{
	struct llm_state *l = r->llm;
	char extra[300];

	if (l == NULL)
		return prog_finish(&r->p, NULL);
	if (r->p.status < 3)
		llm_flush(r);
	llm_save(r);
	snprintf(extra, sizeof(extra), ",\"llm_calls\":%lu,\"llm_answered\":"
	    "%lu,\"llm_cached\":%lu,\"llm_fallback\":%lu,"
	    "\"llm_over_budget\":%lu", l->calls, l->answered, l->cached,
	    l->fallback, l->over);
	return prog_finish(&r->p, extra);
}

static void
teardown_llm(struct run *r)
{
	struct llm_state *l = r->llm;
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nq; i++)
		held_free(&l->q[i]);
	free(l->q);
	http_free(l->http);
	llm_cache_free(l->cache);
	json_doc_free(&l->doc);
	explicit_bzero(l->key, sizeof(l->key));
	free(l);
	r->llm = NULL;
}

static void
teardown(struct run *r)
{
	teardown_llm(r);
	enricher_free(r->en);
	lexicon_free(r->lex);
	catalog_free(r->cat);
	buf_free(&r->rec);
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct prog_resume rs = { 0 };
	struct run r;
	int i, status;

	signal(SIGPIPE, SIG_DFL);
	diag_init(argv[0]);
	diag_set_synopsis(synopsis);
	opt_common_init(&o.c);
	o.e.review_below = 0.7;
	o.e.subject_fallback = 1;
	o.budget = 100;
	o.batch = 10;
	o.jobs = 4;
	o.retries = 3;
	o.likes = 1000;
	o.timeout = 60;
	o.below = 0.6;
	parse_args(argc, argv, &o);
	setup(&r, &o);
	setup_llm(&r);
	rs.argc = argc;
	rs.argv = argv;
	rs.first = optind;
	rs.aux[0] = o.catalog;
	if (r.llm != NULL) {
		rs.before_commit = llm_before_commit;
		rs.ctx = &r;
		PROG_RESUME_VAR(&rs, "llm_calls", r.llm->calls);
		PROG_RESUME_VAR(&rs, "llm_answered", r.llm->answered);
		PROG_RESUME_VAR(&rs, "llm_cached", r.llm->cached);
		PROG_RESUME_VAR(&rs, "llm_fallback", r.llm->fallback);
		PROG_RESUME_VAR(&rs, "llm_over_budget", r.llm->over);
	}
	if ((status = prog_start_resumable(&r.p, "et-enrich", &o.c,
	    &rs)) != 0) {
		teardown(&r);
		return status;
	}
	if (r.llm != NULL) {
		/* a resumed run has spent part of the budget */
		r.llm->left = o.budget > (long long)r.llm->calls ?
		    (long)(o.budget - (long long)r.llm->calls) : 0;
	}
	if (optind == argc)
		prog_read_ndjson(&r.p, "-", 1, on_line, &r);
	for (i = optind; i < argc && !r.p.stop; i++)
		prog_read_ndjson(&r.p, argv[i], 1, on_line, &r);
	status = finish(&r);
	teardown(&r);
	return status;
}
