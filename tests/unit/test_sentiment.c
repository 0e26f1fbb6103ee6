/*
 * Unit tests for lib/sentiment (over lib/text's tokens and lib/lexicon):
 * VADER's rules (boosters, negation within three words, "never so", "but",
 * capitals in mixed case, "!" emphasis, "kind of", "least", idioms), the
 * toolkit's additions (elongated words, fan language, emoji with or
 * without U+FE0F) and the clause mask, skip and bias of sent_score_ex.
 *
 * The checks are on signs and orderings, not on exact floats, except where
 * a value is obvious (no valence: 0; the same valence: equal).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/lexicon.h"
#include "lib/sentiment.h"
#include "lib/text.h"
#include "tests/unit/unit.h"

static struct lexicon *lex;
static struct tokens tk;

/* The compound score of the whole of s (and its result in *r, if given). */
static double
score_r(const char *s, struct sent_result *r)
{
	struct sent_result tmp;

	if (r == NULL)
		r = &tmp;
	memset(r, 0, sizeof(*r));
	if (!CHECK(text_tokenize(s, strlen(s), &tk) == 0))
		return NAN;
	sent_score(lex, &tk, NULL, r);
	return r->score;
}

static double
score(const char *s)
{
	return score_r(s, NULL);
}

/* Signs: +1 positive (>= 0.05), -1 negative (<= -0.05), 0 neutral. */
static const struct {
	const char	*text;
	int		 sign;
} signs[] = {
	/* plain lexicon words */
	{ "good", 1 }, { "bad", -1 }, { "I love this", 1 },
	{ "I hate this", -1 }, { "the table", 0 }, { "", 0 },
	{ "it is what it is", 0 }, { "stunning", 1 }, { "boring", -1 },
	/* negation: the three words before */
	{ "not good", -1 }, { "not bad", 1 }, { "isn't good", -1 },
	{ "isnt good", -1 }, { "not very good", -1 },
	{ "don't love it", -1 }, { "never good", -1 },
	{ "I did not think that the whole long movie was good", 1 },
	/* "never so" / "never this": more, not less */
	{ "never so good", 1 }, { "never this good", 1 },
	/* "without a doubt" is not a negation */
	{ "without a doubt good", 1 },
	/* "kind of" is a dampener, not the positive word "kind" */
	{ "she is kind", 1 }, { "kind of", 0 }, { "it is kind of sad", -1 },
	{ "it is kind of a mess", -1 },
	/* "least" */
	{ "the least good", -1 }, { "at least good", 1 },
	/* contrast */
	{ "the food was bad but the acting was great", 1 },
	{ "the food was great but the acting was awful", -1 },
	{ "I love Ryan but can't stand Blake", -1 },
	/* idioms (VADER looks for them three words into a sentence) */
	{ "this movie is the bomb", 1 }, { "oh yeah right great", -1 },
	/* elongated words and dropped g */
	{ "goooood", 1 }, { "loooove it", 1 }, { "sooo good", 1 },
	{ "lovin it", 1 }, { "hatin", -1 }, { "ewwwww", -1 },
	/* fan language */
	{ "she ate", 1 }, { "she ate that", 1 }, { "ate and left no crumbs", 1 },
	{ "she ate breakfast", 0 }, { "she ate lunch with him", 0 },
	{ "left no crumbs", 1 }, { "she is mother", 1 }, { "mothered", 1 },
	{ "who asked", -1 }, { "nobody asked", -1 }, { "no one asked", -1 },
	{ "not her doing interviews again", -1 },
	{ "can't wait", 1 }, { "cant wait", 1 }, { "can't stand him", -1 },
	{ "slay", 1 }, { "iconic", 1 }, { "flop", -1 }, { "cringe", -1 },
	{ "what a judas", -1 }, { "the hollywood bullies", -1 },
	{ "so corrupt", -1 }, { "such an underrated actor", 1 },
	/* emoji and emoticons */
	{ "\xF0\x9F\x94\xA5", 1 },			/* fire */
	{ "\xE2\x9D\xA4\xEF\xB8\x8F", 1 },		/* red heart + FE0F */
	{ "\xE2\x9D\xA4", 1 },				/* red heart */
	{ "\xF0\x9F\x98\x8D", 1 },			/* heart eyes */
	{ "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", 1 },	/* thumbs up, tone */
	{ "\xF0\x9F\xA4\xAE", -1 },			/* vomiting */
	{ "\xF0\x9F\x90\x8D", -1 },			/* snake */
	{ "\xF0\x9F\xA4\xA1", -1 },			/* clown */
	{ "\xF0\x9F\x91\x8E", -1 },			/* thumbs down */
	{ ":)", 1 }, { ":(", -1 }, { "<3", 1 },
	/* sarcasm turns praise around */
	{ "love this for her \xF0\x9F\x99\x84", -1 },
};

static void
test_signs(void)
{
	char label[160];
	size_t i;
	double s;

	for (i = 0; i < sizeof(signs) / sizeof(signs[0]); i++) {
		snprintf(label, sizeof(label), "%s", signs[i].text);
		UNIT_CASE(label);
		s = score(signs[i].text);
		CHECK(s >= -1 && s <= 1);
		if (!CHECK((signs[i].sign > 0 && s >= 0.05) ||
		    (signs[i].sign < 0 && s <= -0.05) ||
		    (signs[i].sign == 0 && s > -0.05 && s < 0.05)))
			fprintf(stderr, "\tscore %.3f, want sign %d\n", s,
			    signs[i].sign);
	}
	UNIT_CASE(NULL);
}

/* Strict orderings: score(lo) < score(hi). */
static const struct {
	const char	*lo, *hi;
} less[] = {
	/* boosters and capitals */
	{ "good", "very good" }, { "very good", "VERY good!!!" },
	{ "good", "extremely good" }, { "good", "really good" },
	{ "slightly good", "good" }, { "kinda good", "good" },
	{ "the movie was kind of good", "the movie was good" },
	{ "the movie was sort of good", "the movie was good" },
	{ "bad", "slightly bad" }, { "very bad", "bad" },
	{ "the movie was good", "the movie was GOOD" },
	/* "!" emphasis */
	{ "good", "good!" }, { "good!", "good!!" }, { "good!!", "good!!!" },
	{ "bad!", "bad" },
	/* negation weakens and flips */
	{ "not good", "good" }, { "bad", "not bad" },
	/* "but": what follows counts more */
	{ "great but bad", "bad but great" },
	/* elongated "sooo" boosts */
	{ "good", "sooo good" },
	/* more praise, more score */
	{ "good", "good and great" },
	{ "\xF0\x9F\x94\xA5", "\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5" },
	/* "never so good" is more than "good" */
	{ "good", "never so good" },
};

static void
test_orderings(void)
{
	char label[200];
	size_t i;
	double a, b;

	for (i = 0; i < sizeof(less) / sizeof(less[0]); i++) {
		snprintf(label, sizeof(label), "'%s' < '%s'", less[i].lo,
		    less[i].hi);
		UNIT_CASE(label);
		a = score(less[i].lo);
		b = score(less[i].hi);
		if (!CHECK(a < b))
			fprintf(stderr, "\t%.3f vs %.3f\n", a, b);
	}
	UNIT_CASE(NULL);
}

/* Pairs that must score exactly alike. */
static const struct {
	const char	*a, *b;
} same[] = {
	/* U+FE0F and skin tones do not change an emoji's valence */
	{ "\xE2\x9D\xA4\xEF\xB8\x8F", "\xE2\x9D\xA4" },
	{ "love it \xE2\x9D\xA4\xEF\xB8\x8F", "love it \xE2\x9D\xA4" },
	{ "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x91\x8D" },
	{ "\xE2\x98\xA0\xEF\xB8\x8F", "\xE2\x98\xA0" },
	/* case and accents fold; "!" counts up to 4 */
	{ "Good", "good" }, { "GOOD", "good" }, { "GOOD BAD", "good bad" },
	{ "good!!!!", "good!!!!!!!" },
	/* the typographic apostrophe is the ASCII one */
	{ "isn\xE2\x80\x99t good", "isn't good" },
	{ "can\xE2\x80\x99t wait", "can't wait" },
	/* punctuation around words does not matter */
	{ "good, good", "good good" },
};

static void
test_same(void)
{
	char label[200];
	size_t i;
	double a, b;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		snprintf(label, sizeof(label), "'%s' == '%s'", same[i].a,
		    same[i].b);
		UNIT_CASE(label);
		a = score(same[i].a);
		b = score(same[i].b);
		if (!CHECK(fabs(a - b) < 1e-9))
			fprintf(stderr, "\t%.4f vs %.4f\n", a, b);
	}
	UNIT_CASE(NULL);
}

static void
test_values(void)
{
	struct sent_result r;
	double s;

	/* Nothing to score: exactly 0, no valence carriers. */
	UNIT_CASE("empty");
	CHECK(score_r("", &r) == 0);
	CHECK_EQ_INT(r.nsent, 0);
	UNIT_CASE("no sentiment words");
	CHECK(score_r("the table is in the kitchen", &r) == 0);
	CHECK_EQ_INT(r.nsent, 0);
	/* "!" alone adds nothing to nothing */
	UNIT_CASE("!!! alone");
	CHECK(score("the table!!!") == 0);

	/* VADER: "good" is 1.9, normalised x / sqrt(x^2 + 15). */
	UNIT_CASE("good = 1.9 normalised");
	s = score_r("good", &r);
	CHECK(fabs(s - 1.9 / sqrt(1.9 * 1.9 + 15)) < 1e-6);
	CHECK_EQ_INT(r.nsent, 1);
	CHECK_EQ_INT(r.sarcasm, 0);
	UNIT_CASE("not good = 1.9 * -0.74 normalised");
	s = score("not good");
	CHECK(fabs(s - (-0.74 * 1.9) / sqrt(0.74 * 0.74 * 1.9 * 1.9 + 15)) <
	    1e-6);
	/* Two carriers counted. */
	UNIT_CASE("nsent 2");
	score_r("good and bad", &r);
	CHECK_EQ_INT(r.nsent, 2);

	/* Saturates but stays in range. */
	UNIT_CASE("saturation");
	s = score("love love love love love love love love love love "
	    "amazing amazing amazing wonderful!!!!!!!!");
	CHECK(s > 0.95 && s <= 1);
	s = score("hate hate hate hate hate hate hate awful awful awful "
	    "disgusting horrible!!!!!!");
	CHECK(s < -0.95 && s >= -1);

	/* Booster words carry no valence of their own. */
	UNIT_CASE("booster alone");
	CHECK(score("very") == 0);
	CHECK(score("extremely so") == 0);

	/* Caps emphasis needs mixed case: all-caps text is not shouting. */
	UNIT_CASE("caps in mixed case only");
	CHECK(score("GOOD movie") > score("good movie"));
	CHECK(fabs(score("GOOD MOVIE") - score("good movie")) < 1e-9);

	/* Sarcasm cue. */
	UNIT_CASE("sarcasm flag");
	s = score_r("wow so great \xF0\x9F\x99\x84", &r);
	CHECK(s < 0);
	CHECK_EQ_INT(r.sarcasm, 1);
	score_r("so great", &r);
	CHECK_EQ_INT(r.sarcasm, 0);
	UNIT_CASE(NULL);
}

/* The clause mask, skip (names) and bias of sent_score_ex. */
static void
test_mask_skip_bias(void)
{
	static const char text[] = "I love Ryan but I hate Blake";
	struct sent_result r;
	uint8_t mask[8], skip[16];
	size_t i;

	UNIT_CASE("mask");
	CHECK(text_tokenize(text, strlen(text), &tk) == 0);
	CHECK_EQ_INT(tk.nclauses, 2);
	memset(mask, 0, sizeof(mask));
	mask[0] = 1;
	sent_score(lex, &tk, mask, &r);
	CHECK(r.score >= 0.05);
	memset(mask, 0, sizeof(mask));
	mask[1] = 1;
	sent_score(lex, &tk, mask, &r);
	CHECK(r.score <= -0.05);
	memset(mask, 0, sizeof(mask));
	sent_score(lex, &tk, mask, &r);
	CHECK(r.score == 0);
	CHECK_EQ_INT(r.nsent, 0);

	/* A name is not a word: "Lively", "Grace", "Joy" skipped. */
	UNIT_CASE("skip");
	CHECK(text_tokenize("Blake Lively", 12, &tk) == 0);
	sent_score(lex, &tk, NULL, &r);
	CHECK(r.score > 0);		/* "lively" is a VADER word */
	memset(skip, 0, sizeof(skip));
	for (i = 0; i < tk.n; i++)
		skip[i] = 1;
	sent_score_ex(lex, &tk, NULL, skip, 0, &r);
	CHECK(r.score == 0);
	CHECK_EQ_INT(r.nsent, 0);
	CHECK(text_tokenize("Grace is awful", 14, &tk) == 0);
	memset(skip, 0, sizeof(skip));
	skip[0] = 1;
	sent_score_ex(lex, &tk, NULL, skip, 0, &r);
	CHECK(r.score <= -0.05);

	/* Bias: "Team Justin" has no lexicon word, the cue makes it count. */
	UNIT_CASE("bias");
	CHECK(text_tokenize("Team Justin", 11, &tk) == 0);
	sent_score_bias(lex, &tk, NULL, 0, &r);
	CHECK(r.score == 0);
	sent_score_bias(lex, &tk, NULL, 2.4, &r);
	CHECK(r.score >= 0.3);
	sent_score_bias(lex, &tk, NULL, -2.4, &r);
	CHECK(r.score <= -0.3);
	UNIT_CASE(NULL);
}

int
main(void)
{
	lex = lexicon_new();
	if (!CHECK(lex != NULL))
		UNIT_MAIN_END();
	tokens_init(&tk);
	test_signs();
	test_orderings();
	test_same();
	test_values();
	test_mask_skip_bias();
	tokens_free(&tk);
	lexicon_free(lex);
	UNIT_MAIN_END();
}
