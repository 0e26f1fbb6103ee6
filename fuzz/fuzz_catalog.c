/*
 * fuzz_catalog: catalog JSON through lib/entities.
 *
 * The input is loaded as a catalog.  When it loads, a few fixed comments
 * (and the first entities' own names, as comments and as captions) are
 * tokenized and searched with entities_find, with and without a post
 * context built by post_ctx_build.  When it does not load, the message
 * must be a non-empty string.
 * Checks: every mention names an entity of the catalog, its span lies
 * inside the text and ends after it starts, its tokens inside the token
 * list, its confidence in (0, 1]; the post's subject is -1 or an entity
 * and its entities are distinct.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/entities.h"
#include "lib/text.h"

#define MAX_NAMES	16

static const char *const comments[] = {
	"",
	"I love Ryan but can't stand Blake",
	"Blake Lively's dress \xF0\x9F\x94\xA5\xF0\x9F\x94\xA5 #BlakeLively @blakelively",
	"f\xC3\xA1tima won! she ate. He was there, they were too",
	"Simone, you are amazing. The movie? this couple. this book",
	"Mara and Dev & Mara, Zo\xC3\xAB Hartigan / Zoe / #Maradev",
	"\xF0\x9F\x98\x8D\xE2\x9D\xA4\xEF\xB8\x8F",
	"not Justin Bieber, Team Justin, I believe her, better than him",
	"King Will Grace looking hate king will grace",
	"a b c d e f g h i j k l m n o p q r s t u v w x y z",
};

static const char *const captions[] = {
	"Blake Lively and Ryan Reynolds at the It Ends With Us premiere",
	"Chadwick Boseman's wife, Simone Ledward-Boseman, shares his words",
	"Harbor Lights season 3: Mara Quinn & Dev Okafor",
};

static void
check_mentions(const struct catalog *c, const struct tokens *tk,
    size_t len, const struct mentions *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->m[i].entity >= catalog_count(c))
			abort();
		if (!(m->m[i].confidence > 0 && m->m[i].confidence <= 1))
			abort();
		if (m->m[i].how > HOW_PRONOUN)
			abort();
		if (m->m[i].ntok == 0)
			continue;
		if ((size_t)m->m[i].tok + m->m[i].ntok > tk->n)
			abort();
		if (m->m[i].start >= m->m[i].end || m->m[i].end > len)
			abort();
	}
}

static void
check_post(const struct catalog *c, const struct post_ctx *p)
{
	size_t i, k;

	if (p->subject < -1 || (p->subject >= 0 &&
	    (size_t)p->subject >= catalog_count(c)))
		abort();
	if (p->n > catalog_count(c))
		abort();
	for (i = 0; i < p->n; i++) {
		if (p->ents[i] >= catalog_count(c))
			abort();
		for (k = 0; k < i; k++)
			if (p->ents[k] == p->ents[i])
				abort();
	}
}

static void
find(const struct catalog *c, struct tokens *tk, struct mentions *m,
    const struct post_ctx *post, const char *text, size_t len)
{
	if (text_tokenize(text, len, tk) < 0)
		return;
	if (entities_find(c, tk, text, post, m) < 0)
		return;
	check_mentions(c, tk, len, m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog *c;
	struct tokens tk;
	struct mentions m;
	struct post_ctx post;
	char err[300];
	const char *name;
	size_t i, k, n;

	err[0] = '\0';
	c = catalog_load((const char *)data, size, err, sizeof(err));
	if (c == NULL) {
		if (err[0] == '\0' || memchr(err, '\0', sizeof(err)) == NULL)
			abort();
		return 0;
	}
	tokens_init(&tk);
	mentions_init(&m);
	post_ctx_init(&post);
	n = catalog_count(c) < MAX_NAMES ? catalog_count(c) : MAX_NAMES;
	for (i = 0; i < n; i++)
		if (catalog_entity(c, i)->name == NULL ||
		    catalog_entity(c, i)->name[0] == '\0')
			abort();
	/* Without a post. */
	for (i = 0; i < sizeof(comments) / sizeof(comments[0]); i++)
		find(c, &tk, &m, NULL, comments[i], strlen(comments[i]));
	/* With fixed captions, and with the entities' names as captions. */
	for (k = 0; k < sizeof(captions) / sizeof(captions[0]) + n; k++) {
		if (k < sizeof(captions) / sizeof(captions[0])) {
			name = captions[k];
			if (post_ctx_build(c, &post, name, strlen(name),
			    NULL, 0) < 0)
				continue;
		} else {
			name = catalog_entity(c, k -
			    sizeof(captions) / sizeof(captions[0]))->name;
			if (post_ctx_build(c, &post, NULL, 0, name,
			    strlen(name)) < 0)
				continue;
		}
		check_post(c, &post);
		for (i = 0; i < sizeof(comments) / sizeof(comments[0]); i++)
			find(c, &tk, &m, &post, comments[i],
			    strlen(comments[i]));
	}
	/* Each name as a comment, under the first entity's name. */
	if (n > 0 && post_ctx_build(c, &post, catalog_entity(c, 0)->name,
	    strlen(catalog_entity(c, 0)->name), NULL, 0) == 0)
		check_post(c, &post);
	for (i = 0; i < n; i++) {
		name = catalog_entity(c, i)->name;
		find(c, &tk, &m, &post, name, strlen(name));
		find(c, &tk, &m, NULL, name, strlen(name));
	}
	post_ctx_free(&post);
	mentions_free(&m);
	tokens_free(&tk);
	catalog_free(c);
	return 0;
}
