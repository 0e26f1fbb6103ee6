/*
 * enrich: what et-enrich adds to one comment record: mentions, signals,
 * discovered names, language and the review flag (et-record(5)).
 *
 * Entity-targeted sentiment: an entity is scored on the clauses that
 * mention it (by name, alias or pronoun).  When those clauses carry no
 * sentiment, the clauses that mention no entity are used, then the whole
 * comment.  A comment that names nobody is attributed to the post's subject
 * with low confidence.
 *
 * Like weighting: weight = 1 + ln(1 + likes), so a comment with 100 likes
 * counts about 5.6 times one without, and a viral one cannot drown the
 * rest.
 *
 * Ownership: the enricher borrows the catalog and lexicon and owns its
 * scratch state; it is reused record after record.
 */
#ifndef ET_ENRICH_H
#define ET_ENRICH_H

#include <stddef.h>

#include "buf.h"
#include "entities.h"
#include "json.h"
#include "lexicon.h"
#include "llm.h"

struct enrich_opts {
	double	 review_below;	/* attributions under this need review */
	int	 subject_fallback;	/* attribute nameless comments */
};

struct enricher;

struct enricher *enricher_new(const struct catalog *cat,
	    const struct lexicon *lex, const struct enrich_opts *o);
void	 enricher_free(struct enricher *e);

#define ENRICH_EDATA	-1	/* the record is unusable: msg says why */
#define ENRICH_ENOMEM	-2

/*
 * Appends the new members, starting with a comma
 * (",\"mentions\":[..],\"signals\":[..],\"discovered\":[..],\"lang\":..,
 * \"review\":..") for the record obj to out.  Returns 0 or an ENRICH_E code.
 */
int	 enrich_record(struct enricher *e, const struct jnode *obj,
	    struct buf *out, char *msg, size_t msglen);

/*
 * Scores from elsewhere (an LLM) for the next records: with mode
 * ENRICH_OV_ANSWER the sentiment, stance, emotion, toxicity and sarcasm
 * signals come from a (entity k being the kth entity in the order of first
 * mention) with model as their model; with ENRICH_OV_FALLBACK they keep
 * the lexicon's and rules' values and say so in their model.  Risks are
 * always the rules'.  NULL: none (the default).  ov is borrowed.
 */
enum { ENRICH_OV_NONE, ENRICH_OV_ANSWER, ENRICH_OV_FALLBACK };
struct enrich_override {
	int			 mode;
	const char		*model;
	const struct llm_answer	*a;
};
void	 enrich_set_override(struct enricher *e,
	    const struct enrich_override *ov);

/* Why the last record's scores may be wrong (enrich_doubt). */
/*
 * DOUBT_CONFIDENCE: a comment of four words or more whose sentiment (or an
 * entity's) has a confidence under below (0.5: no sentiment word), or
 * whose sentiment words cancel out.
 */
#define DOUBT_CONFIDENCE 0x1
#define DOUBT_SARCASM	 0x2	/* a sarcasm cue */
#define DOUBT_CONTRAST	 0x4	/* entities with different sentiments */
#define DOUBT_LIKES	 0x8	/* at least likes likes */

struct enrich_doubt_opts {
	double	 below;
	double	 likes;		/* 0: never */
};

struct enrich_doubt {
	unsigned	 reasons;
	size_t		 nents;		/* entities (may exceed LLM_MAX_ENTS) */
	const char	*ents[LLM_MAX_ENTS];	/* their names, borrowed */
};

/* After enrich_record: the reasons to doubt it, and its entities. */
void	 enrich_doubt(const struct enricher *e,
	    const struct enrich_doubt_opts *o, struct enrich_doubt *d);

/* Appends x rounded to 3 decimals in its shortest form ("0.5", "-0.125"). */
int	 enrich_num(struct buf *b, double x);

#endif
