/*
 * sentiment: a lexicon-and-rules valence scorer in the manner of VADER
 * (Hutto and Gilbert, 2014), over the tokens of text.h, with additions for
 * comment and fan language.
 *
 * VADER's rules: lexicon valence per token; boosters and dampeners in the
 * three tokens before; negation in the three tokens before (x -0.74);
 * "never so/this" (x 1.25); "least"; all-caps emphasis when the text mixes
 * cases; "but" (before x 0.5, after x 1.5); "!" (up to 4, +0.292 each) and
 * "?" emphasis; idioms ("the bomb", "yeah right"); the sum normalised by
 * x / sqrt(x^2 + 15) into [-1, 1].
 * Additions: emoji valences (with or without U+FE0F), fan praise ("she
 * ate", "ate that", "left no crumbs", "is mother", "mothered"), dismissals
 * ("who asked", "nobody asked"), "not her doing X" mockery, "I'm dead"
 * laughter, and sarcasm cues that turn praise around.
 *
 * The scorer reads the lexicon and the tokens; it keeps no state.
 */
#ifndef ET_SENTIMENT_H
#define ET_SENTIMENT_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "text.h"

struct sent_result {
	double	 score;		/* compound, -1 .. 1 */
	int	 nsent;		/* tokens that carried valence */
	int	 sarcasm;	/* a sarcasm cue turned praise around */
};

/*
 * Scores the tokens whose clause has mask[clause] != 0 (mask NULL: all).
 * The mask has tk->nclauses entries.
 */
void	sent_score(const struct lexicon *lex, const struct tokens *tk,
	    const uint8_t *mask, struct sent_result *out);
/*
 * Like sent_score, with bias (on the lexicon's -4..+4 scale) added to the
 * sum before normalising: cues aimed at one entity ("Team Justin").
 */
void	sent_score_bias(const struct lexicon *lex, const struct tokens *tk,
	    const uint8_t *mask, double bias, struct sent_result *out);
/*
 * The general form: skip (NULL or one byte per token) marks tokens that are
 * names ("Blake Lively", "Glenn Close") and must not count as words.
 */
void	sent_score_ex(const struct lexicon *lex, const struct tokens *tk,
	    const uint8_t *mask, const uint8_t *skip, double bias,
	    struct sent_result *out);

#endif
