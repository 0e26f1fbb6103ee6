/*
 * affect: rule-based emotions, toxicity, risk flags, sarcasm cues and a
 * language guess for one comment, over the tokens of text.h.
 *
 * Every rule is a keyword or a short token pattern matched on whole
 * normalised tokens, never on substrings ("hate" does not fire inside
 * "whatever", "ass" not inside "class").  Word matching ignores apostrophes
 * and hyphens ("dont" is "don't", "self harm" also "self-harm") and
 * tolerates stretched letters ("sooo", "loooove", "ewww").  Rules that a
 * preceding negation turns around ("not angry", "I don't hate her") are
 * dropped when one of not/never/n't... stands in the three tokens before
 * them in the same clause.  Insult words count as toxicity only when aimed
 * at a person ("she is ugly", "you idiot", "stupid grifters"), not at
 * things ("this book is trash").
 *
 * Ownership: struct affect holds only pointers to static strings; nothing
 * is allocated and nothing needs freeing.  The only state is an index of
 * the rules, built in static storage on first use under pthread_once and
 * read-only after, and per-thread scratch space for the tokens of the text
 * being analysed (a text of more than 1024 tokens has its own for the call),
 * so affect_analyze may run in several threads at once.
 */
#ifndef ET_AFFECT_H
#define ET_AFFECT_H

#include <stddef.h>

#include "text.h"

enum emotion {
	EM_JOY, EM_LOVE, EM_ANGER, EM_DISGUST, EM_SADNESS, EM_SURPRISE,
	EM_FEAR, EM_FATIGUE, EM_COUNT
};

enum risk {
	RISK_HARASSMENT, RISK_THREAT, RISK_SLUR, RISK_DOXXING, RISK_SELF_HARM,
	RISK_COUNT
};

struct affect {
	float		 emotion[EM_COUNT];	/* 0..1 strength; 0 = absent */
	const char	*emotion_cue[EM_COUNT];	/* strongest cue's pattern */
	float		 toxicity;		/* 0..1 */
	const char	*toxicity_rule;		/* strongest rule, or NULL */
	int		 risk[RISK_COUNT];	/* 1 when flagged */
	const char	*risk_rule[RISK_COUNT];	/* the rule that fired */
	int		 sarcasm;		/* 1 when sarcasm cues found */
	const char	*sarcasm_rule;
	const char	*lang;		/* ISO 639-1, or "und" */
};

/*
 * The names of emotions and risks as they appear in records: "joy",
 * "love", "anger", "disgust", "sadness", "surprise", "fear", "fatigue";
 * "harassment", "threat", "slur", "doxxing", "self_harm".  NULL for a value
 * out of range.
 */
const char *affect_emotion_name(enum emotion e);
const char *affect_risk_name(enum risk r);

/*
 * Analyses one comment: tk must be text_tokenize's tokens of text[0..len),
 * the original UTF-8 (the raw text is read for e-mail addresses, phone
 * numbers, "/s" and scare quotes).  Fills *out completely; never fails.
 *
 * Emotions: a cue's weight is raised by an intensifier before it ("so",
 * "really"), by capitals and by '!' in its sentence; several cues for one
 * emotion combine as 1 - prod(1 - w), a run of one emoji counting three
 * times at most.  emotion_cue is the pattern of the strongest cue (its
 * alternatives, not the words matched).  Sarcasm damps joy and love to
 * 0.3 of their value.  A loudly crying face counts as joy among happy cues
 * ("she gorgeous 😭😭❤"), as sadness among sad, angry or hostile ones, and
 * as weak sadness alone.
 *
 * Toxicity combines the rules that fired the same way; toxicity_rule names
 * the strongest: "insult", "body_shaming", "dehumanizing", "profanity",
 * "mockery", or the risk behind it ("harassment", "threat", "slur").
 * Risk rules: harassment "kys", "tell_to_die", "wish_death",
 * "sustained_abuse" (three insults at people, or two at "you"); threat
 * "first_person_violence", "incitement", "deserves_violence", "find_you";
 * slur "slur_list"; doxxing "phone_number", "email", "street_address",
 * "address_phrase"; self_harm "self_harm_phrase".  Sarcasm rules:
 * "yeah_right", "sure_jan", "oh_great", "as_if", "totally_not",
 * "wow_just_wow", "not_her_doing", "the_audacity", "mock_surprise",
 * "said_no_one", "good_for_her_eyeroll", "love_that_negative",
 * "positive_eyeroll", "slash_s", "scare_quotes".
 *
 * lang is "und" when the comment has no word tokens; else the language of
 * a non-Latin script that has most of the letters (ru or uk for Cyrillic,
 * ar or fa, he, el, th, hi, ko, ja, zh: a guess by script and a few
 * letters); else es, pt, fr, it, de or tr when that language scores more
 * than English and at least 3 (2 in a text of one or two words): 2 per
 * word only it uses ("que" is not one, "muy" is), 1 per word it shares,
 * 1 or 2 per word with a letter it writes (ñ, ã, ß, ş...); else "en".
 */
void	affect_analyze(const struct tokens *tk, const char *text, size_t len,
	    struct affect *out);

#endif
