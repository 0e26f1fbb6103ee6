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

/* Appends x rounded to 3 decimals in its shortest form ("0.5", "-0.125"). */
int	 enrich_num(struct buf *b, double x);

#endif
