/*
 * llm: asking an OpenAI-compatible chat-completions endpoint to score
 * comments, and trusting nothing it answers until it is checked.
 *
 * A request carries a batch of comments, each with an id, its text and the
 * entities it mentions.  The answer must be JSON: for each comment, matched
 * by its id (never by position), the sentiment towards the whole comment
 * and towards each entity asked about, the emotions, sarcasm and toxicity.
 * Every field is checked (kind, range, entity names); an answer that fails
 * any check is rejected whole, and the caller keeps the lexicon's result.
 *
 * The cache maps (model, prompt version, text and entities) to a checked
 * answer, kept in a zstd file, so that a rerun asks nothing again.
 *
 * Ownership: items and their strings are borrowed; a struct llm_cache owns
 * its entries (llm_cache_free).  Nothing here prints: llm_parse_reply
 * reports each rejected answer through its callback.
 */
#ifndef ET_LLM_H
#define ET_LLM_H

#include <stddef.h>

#include "affect.h"
#include "buf.h"
#include "json.h"

/* Changes whenever the prompt or the answer's shape changes. */
#define LLM_PROMPT_VERSION	"et-llm-1"
/* Comments that mention more entities are not sent. */
#define LLM_MAX_ENTS	8

struct llm_item {
	const char	*id;
	size_t		 idlen;
	const char	*text;
	size_t		 textlen;
	const char	*ents[LLM_MAX_ENTS];
	size_t		 nents;
};

struct llm_answer {
	double	 sentiment;		/* -1 .. 1, the whole comment */
	double	 ent[LLM_MAX_ENTS];	/* -1 .. 1, per item entity */
	double	 emotion[EM_COUNT];	/* 0 .. 1; 0 = absent */
	int	 sarcasm;
	double	 toxicity;		/* 0 .. 1 */
};

/* The cache key of an item asked of model: 64 hex digits and a NUL. */
void	 llm_key(const char *model, const struct llm_item *it, char hex[65]);

/* Appends the request body for items to b; 0, or -1 out of memory. */
int	 llm_request(struct buf *b, const char *model,
	    const struct llm_item *items, size_t n);

/*
 * Checks one answer object r (its "id" is the caller's business) for item
 * it and fills a.  0, or -1 with msg saying what was wrong.
 */
int	 llm_parse_result(const struct jnode *r, const struct llm_item *it,
	    struct llm_answer *a, char *msg, size_t msglen);

/* Told of every answer rejected: the item (NULL when unknown) and why. */
typedef void (*llm_warn_fn)(void *ctx, const struct llm_item *it,
    const char *msg);

/*
 * Reads a chat-completions response body: ok[k] is set to 1 and ans[k]
 * filled for each item with a good answer, else ok[k] is 0.  Returns the
 * number of good answers, -1 when the reply as a whole is unusable (msg
 * says why), -2 when out of memory.
 */
int	 llm_parse_reply(const char *body, size_t len,
	    const struct llm_item *items, size_t n, struct llm_answer *ans,
	    int *ok, llm_warn_fn warn, void *ctx, char *msg, size_t msglen);

/* Appends a's JSON (the cache's form) for item it to b; 0 or -1. */
int	 llm_answer_json(struct buf *b, const struct llm_item *it,
	    const struct llm_answer *a);

struct llm_cache;

/*
 * Loads the cache file path (zstd, one {"key":..,"answer":..} per line);
 * a file that does not exist is an empty cache.  NULL with errno set when
 * it cannot be read (ENOMEM, or EINVAL for a line that is not an entry,
 * with *line set).
 */
struct llm_cache *llm_cache_load(const char *path, long *line);
void	 llm_cache_free(struct llm_cache *c);
/* The answer's JSON text for key, or NULL. */
const char *llm_cache_get(const struct llm_cache *c, const char *key,
	    size_t *len);
/* Adds or replaces an entry; 0, or -1 out of memory. */
int	 llm_cache_put(struct llm_cache *c, const char *key, const char *json,
	    size_t len);
size_t	 llm_cache_count(const struct llm_cache *c);
/* Entries added since the load or the last save. */
size_t	 llm_cache_added(const struct llm_cache *c);
/* Writes the cache to path atomically (zstd); 0 or -1 (errno). */
int	 llm_cache_save(struct llm_cache *c, const char *path);

#endif
