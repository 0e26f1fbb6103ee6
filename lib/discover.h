/*
 * discover: person-like names in a comment that the catalog does not know,
 * for editors to decide what to track.  A candidate is a run of two or
 * three capitalised words in one clause ("Jamie Lee Curtis"), none of them
 * an everyday word (one the sentiment lexicon rates, or a listed sentence
 * starter, title, month, day or phrase such as "Link In Bio" or "Getty
 * Images"), not shouted in capitals, and not part of a catalog mention.
 */
#ifndef ET_DISCOVER_H
#define ET_DISCOVER_H

#include "buf.h"
#include "entities.h"
#include "lexicon.h"
#include "text.h"

/* Appends a JSON array of the names found (as written, deduplicated). */
int	discover_names(const struct tokens *tk, const char *text,
	    const struct mentions *m, const struct lexicon *lex,
	    struct buf *out);

#endif
