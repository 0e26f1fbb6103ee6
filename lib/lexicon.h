/*
 * lexicon: word and emoji valences for the sentiment scorer.
 *
 * The base is the published VADER ratings (generated into lexicon_data.c by
 * tools/gen-lexicon.py); lexicon.c adds the toolkit's own entries for
 * comment and fan language and overrides ratings that mean otherwise in
 * comments.  Keys are normalised text (case-folded, accents kept, emoji
 * without variation selectors).  The table is built once and read-only after.
 */
#ifndef ET_LEXICON_H
#define ET_LEXICON_H

#include <stddef.h>

struct lex_entry {
	const char	*key;
	double		 valence;	/* -4 .. +4 */
};

extern const struct lex_entry lex_vader_words[];
extern const size_t lex_vader_nwords;
extern const struct lex_entry lex_vader_emoji[];
extern const size_t lex_vader_nemoji;

struct lexicon;

/* Builds the merged table; NULL when out of memory. */
struct lexicon *lexicon_new(void);
void	 lexicon_free(struct lexicon *l);
/* Looks up a key; 1 and *v set when present. */
int	 lexicon_get(const struct lexicon *l, const char *key, size_t len,
	    double *v);

/* Word classes the scorer's rules test, as bits of lexicon_class(). */
#define LC_NEGATION	0x01	/* not, never, don't, without, ... */
#define LC_BOOST_UP	0x02	/* very, really, so, ... */
#define LC_BOOST_DOWN	0x04	/* kind of, barely, slightly, ... */
#define LC_FAN		0x08	/* opens a fan-language rule: ate, mother */
#define LC_PHRASE_END	0x10	/* ends an idiom or booster phrase */
#define LC_NOT_NAME	0x20	/* capitalised, but not part of a name */

/* The classes of a word or phrase (0 for none). */
int	 lexicon_class(const struct lexicon *l, const char *key, size_t len);

#endif
