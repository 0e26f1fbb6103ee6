/*
 * entities: the catalog of monitored entities and finding their mentions in
 * comment text.
 *
 * A catalog is a JSON array of {"name", "type" (person, show, couple,
 * brand), "aliases" [..], "context" [..], "not" [..], "pronouns"}.  Every
 * name and alias is tokenized like comment text (text.h) and stored in one
 * hash table keyed by its normalised token sequence, so finding mentions
 * costs a few lookups per token whatever the catalog's size.  People's
 * first and last names are added automatically (a name shared by several
 * entities is ambiguous and resolved from context), as is the name run
 * together ("blakelively") for handles and hashtags.
 *
 * Resolution, strongest first: the full name (confidence 1.0), an alias
 * (0.9), a unique first (0.75) or last name (0.7), an ambiguous name settled
 * by the post's caption or subject (0.65, how "caption"), a pronoun in a
 * clause without a name, referring to the post's subject (0.45), and a
 * comment naming nobody, taken to be about the post's subject (0.4, how
 * "caption").  "context" words, when given, must appear in the comment or
 * caption for a non-full-name match to count; "not" phrases rule one out.
 *
 * Ownership: the catalog owns everything it loaded; mention lists are
 * owned by the caller (struct mentions, reused per comment).
 */
#ifndef ET_ENTITIES_H
#define ET_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

enum ent_type { ET_PERSON, ET_SHOW, ET_COUPLE, ET_BRAND };
enum ent_how { HOW_NAME, HOW_ALIAS, HOW_FIRST, HOW_LAST, HOW_CAPTION,
	HOW_PRONOUN };

struct entity {
	char		*name;
	enum ent_type	 type;
	int		 gender;	/* 'f', 'm' or 0 (from "pronouns") */
	char		*context;	/* normalised words, NUL-separated */
	size_t		 ncontext;
	char		*not_;		/* normalised phrases, NUL-separated */
	size_t		 nnot;
};

struct catalog;

struct mention {
	uint32_t	 entity;
	enum ent_how	 how;
	float		 confidence;
	uint32_t	 tok, ntok;	/* tokens of the comment; ntok 0: none */
	uint32_t	 start, end;	/* byte span in the text; 0,0: none */
	uint16_t	 clause;
	uint8_t		 ambiguous;	/* several entities shared the name */
};

struct mentions {
	struct mention	*m;
	size_t		 n, cap;
	/* per-comment scratch: context and "not" verdicts per entity (0
	 * unknown, 1 yes, 2 no), the entities that have one, named clauses */
	uint8_t		*rule;
	uint32_t	*touched;
	size_t		 ntouched, nrule;
	uint8_t		*named;
	size_t		 nnamed;
};

/* The entities a post is about: from its caption and subject. */
struct post_ctx {
	uint32_t	*ents;		/* distinct, in order of appearance */
	size_t		 n, cap;
	long		 subject;	/* the entity the post is about, or -1 */
	struct tokens	 tk;		/* the caption's tokens */
};

/*
 * Loads a catalog from JSON text.  NULL on failure with a message in err
 * ("entity 3: missing 'name'", "duplicate name 'X'", or a JSON error); the
 * message is exactly "out of memory" when memory ran out.
 */
struct catalog *catalog_load(const char *json, size_t len, char *err,
	    size_t errlen);
void	 catalog_free(struct catalog *c);
size_t	 catalog_count(const struct catalog *c);
const struct entity *catalog_entity(const struct catalog *c, size_t i);
const char *ent_type_name(enum ent_type t);
const char *ent_how_name(enum ent_how h);

void	 post_ctx_init(struct post_ctx *p);
void	 post_ctx_free(struct post_ctx *p);
/* Finds the entities of a caption and subject text (either may be NULL). */
int	 post_ctx_build(const struct catalog *c, struct post_ctx *p,
	    const char *caption, size_t clen, const char *subject, size_t slen);

void	 mentions_init(struct mentions *m);
void	 mentions_free(struct mentions *m);
/*
 * Finds the mentions in a tokenized comment (text is what tk indexes),
 * resolving ambiguity and pronouns with the post context (may be NULL).
 * Returns 0, or -1 when out of memory.
 */
int	 entities_find(const struct catalog *c, const struct tokens *tk,
	    const char *text, const struct post_ctx *post,
	    struct mentions *out);

#endif
