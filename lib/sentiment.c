#include <math.h>
#include <string.h>

#include "sentiment.h"

#define B_INCR		0.293
#define B_DECR		-0.293
#define C_INCR		0.733
#define N_SCALAR	-0.74
#define MAX_WORDS	4096
#define LC_NT		0x80	/* contains "n't" */
#define QDAMP		0.5	/* valence kept in a question */

static const struct {
	const char	*phrase;
	double		 v;
} idioms[] = {
	{ "the shit", 3 }, { "the bomb", 3 }, { "bad ass", 1.5 },
	{ "badass", 1.5 }, { "bus stop", 0 }, { "yeah right", -2 },
	{ "kiss of death", -1.5 }, { "to die for", 3 },
	{ "beating heart", 3.1 }, { "broken heart", -2.9 },
	{ NULL, 0 }
};

/* The scorer's view: word-like tokens of the selected clauses. */
struct view {
	const struct lexicon *lex;
	const struct tokens *tk;
	size_t		 w[MAX_WORDS];
	uint8_t		 skip[MAX_WORDS];	/* a name, not a word */
	uint8_t		 cls[MAX_WORDS];	/* lexicon_class bits, LC_NT */
	uint8_t		 has[MAX_WORDS];	/* in the lexicon */
	double		 val[MAX_WORDS];	/* its valence */
	size_t		 n;
	int		 cap_diff;
};

static const char *
norm(const struct view *v, size_t i)
{
	return tok_norm(v->tk, v->w[i]);
}

static int
is_n(const struct view *v, size_t i, const char *s, size_t n)
{
	return i < v->n && tok_eq(v->tk, v->w[i], s, n);
}

/* Word i of the view is the literal s. */
#define is(v, i, s)	is_n((v), (i), (s), sizeof(s) - 1)

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/*
 * Collapses runs of three or more equal letters to max_run ("loooove" ->
 * "love" with 1, "soooo" -> "soo" with 2); 0 when nothing changed.
 */
static size_t
squeeze(const char *w, size_t n, int max_run, char *out, size_t cap)
{
	size_t i, o = 0, run = 0, changed = 0;

	if (n >= cap)
		return 0;
	for (i = 0; i < n; i++) {
		run = i > 0 && w[i] == w[i - 1] ? run + 1 : 1;
		if (run > (size_t)max_run && w[i] >= 'a' && w[i] <= 'z') {
			changed += run == 3;	/* a real stretch: 3+ */
			continue;
		}
		out[o++] = w[i];
	}
	out[o] = '\0';
	return changed ? o : 0;
}

static int
lookup(const struct view *v, size_t i, double *val)
{
	const struct token *t = &v->tk->t[v->w[i]];
	char tmp[64];
	size_t n;
	int k;

	if (lexicon_get(v->lex, norm(v, i), t->nlen, val))
		return 1;
	if (t->kind != TK_WORD && t->kind != TK_HASHTAG)
		return 0;
	/* Dropped g: "lovin", "hatin". */
	if (t->nlen > 4 && t->nlen + 1 < sizeof(tmp) &&
	    memcmp(norm(v, i) + t->nlen - 2, "in", 2) == 0) {
		memcpy(tmp, norm(v, i), t->nlen);
		tmp[t->nlen] = 'g';
		if (lexicon_get(v->lex, tmp, t->nlen + 1, val))
			return 1;
	}
	/* Elongated words: "sooo good", "loooove". */
	for (k = 2; k >= 1; k--) {
		n = squeeze(norm(v, i), t->nlen, k, tmp, sizeof(tmp));
		if (n > 0 && lexicon_get(v->lex, tmp, n, val))
			return 1;
	}
	return 0;
}

/*
 * What each token of the last text scored turned out to be, so scoring the
 * same text again for another entity does not look every word up again.
 */
#define FACTS_CAP	4096
static _Thread_local struct {
	const struct tokens *tk;
	const struct lexicon *lex;
	uint32_t	 gen;
	uint8_t		 done[FACTS_CAP];
	uint8_t		 has[FACTS_CAP], cls[FACTS_CAP];
	double		 val[FACTS_CAP];
} facts;

static void
look_up(struct view *v, size_t i)
{
	const struct token *t = &v->tk->t[v->w[i]];

	v->has[i] = (uint8_t)lookup(v, i, &v->val[i]);
	v->cls[i] = (uint8_t)lexicon_class(v->lex, norm(v, i), t->nlen);
	if (t->nlen >= 3 && memchr(norm(v, i), '\'', t->nlen) != NULL &&
	    memmem(norm(v, i), t->nlen, "n't", 3) != NULL)
		v->cls[i] |= LC_NT;
}

/* Looks each word up once per text: valence, classes. */
static void
classify(struct view *v)
{
	size_t i, ti;

	if (facts.tk != v->tk || facts.gen != v->tk->gen ||
	    facts.lex != v->lex) {
		facts.tk = v->tk;
		facts.gen = v->tk->gen;
		facts.lex = v->lex;
		memset(facts.done, 0, v->tk->n < FACTS_CAP ? v->tk->n :
		    FACTS_CAP);
	}
	for (i = 0; i < v->n; i++) {
		ti = v->w[i];
		if (ti < FACTS_CAP && facts.done[ti]) {
			v->has[i] = facts.has[ti];
			v->cls[i] = facts.cls[ti];
			v->val[i] = facts.val[ti];
			continue;
		}
		look_up(v, i);
		if (ti < FACTS_CAP) {
			facts.done[ti] = 1;
			facts.has[ti] = v->has[i];
			facts.cls[ti] = v->cls[i];
			facts.val[ti] = v->val[i];
		}
	}
}

static int
lex(const struct view *v, size_t i, double *val)
{
	*val = v->val[i];
	return v->has[i];
}

static int
in_lex(const struct view *v, size_t i)
{
	return v->has[i];
}

static int
upper(const struct view *v, size_t i)
{
	return (v->tk->t[v->w[i]].flags & TF_UPPER) != 0;
}

static double
booster_of(int cls)
{
	return cls & LC_BOOST_UP ? B_INCR : cls & LC_BOOST_DOWN ? B_DECR : 0;
}

/* The booster value of a phrase ("kind of", "sort of"). */
static double
booster(const struct view *v, const char *p)
{
	return booster_of(lexicon_class(v->lex, p, strlen(p)));
}

static int
negated(const struct view *v, size_t i)
{
	return (v->cls[i] & (LC_NEGATION | LC_NT)) != 0;
}

static double
scalar_inc_dec(const struct view *v, size_t i, double valence)
{
	double s = booster_of(v->cls[i]);

	if (s == 0)
		return 0;
	if (valence < 0)
		s = -s;
	if (upper(v, i) && v->cap_diff)
		s += valence > 0 ? C_INCR : -C_INCR;
	return s;
}

/*
 * "can't stop being vindictive", "couldn't help loving": a negated "stop"
 * or "help" between the negation and the word affirms it.
 */
static int
affirmed(const struct view *v, size_t neg, size_t i)
{
	size_t k;

	for (k = neg + 1; k < i; k++)
		if (is(v, k, "stop") || is(v, k, "stopping") ||
		    is(v, k, "help") || is(v, k, "stops"))
			return 1;
	return 0;
}

static double
negation_check(const struct view *v, double valence, size_t start, size_t i)
{
	if (start <= 2 && i > start && affirmed(v, i - start - 1, i))
		return valence;
	int so1 = is(v, i - 1, "so") || is(v, i - 1, "this");

	if (start == 0 && negated(v, i - 1))
		return valence * N_SCALAR;
	if (start == 1) {
		if (is(v, i - 2, "never") && so1)
			return valence * 1.25;
		if (is(v, i - 2, "without") && is(v, i - 1, "doubt"))
			return valence;
		if (negated(v, i - 2))
			return valence * N_SCALAR;
	}
	if (start == 2) {
		/* "so"/"this" right before the word intensifies it and
		 * outweighs a negation three words back, as in the reference
		 * ("haven't been this sore"). */
		if ((is(v, i - 3, "never") && (is(v, i - 2, "so") ||
		    is(v, i - 2, "this"))) || so1)
			return valence * 1.25;
		if (is(v, i - 3, "without") && (is(v, i - 2, "doubt") ||
		    is(v, i - 1, "doubt")))
			return valence;
		if (negated(v, i - 3))
			return valence * N_SCALAR;
	}
	return valence;
}

/* Joins words [from, to] with spaces into out; 0 if too long. */
static int
phrase(const struct view *v, size_t from, size_t to, char *out, size_t cap)
{
	size_t len = 0, k, n;

	for (k = from; k <= to; k++) {
		n = v->tk->t[v->w[k]].nlen;
		if (len + n + 2 > cap)
			return 0;
		if (k > from)
			out[len++] = ' ';
		memcpy(out + len, norm(v, k), n);
		len += n;
	}
	out[len] = '\0';
	return 1;
}

static int
idiom(const char *p, double *val)
{
	size_t k;

	for (k = 0; idioms[k].phrase != NULL; k++)
		if (strcmp(idioms[k].phrase, p) == 0) {
			*val = idioms[k].v;
			return 1;
		}
	return 0;
}

/* The idiom value of words [from, to], if they form one. */
static int
idiom_at(const struct view *v, size_t from, size_t to, double *x)
{
	char p[128];

	return to < v->n && (v->cls[to] & LC_PHRASE_END) &&
	    phrase(v, from, to, p, sizeof(p)) && idiom(p, x);
}

/* The booster value of words [from, to] ("kind of"), or 0. */
static double
boost_at(const struct view *v, size_t from, size_t to)
{
	char p[128];

	if (!(v->cls[to] & LC_PHRASE_END) || !phrase(v, from, to, p,
	    sizeof(p)))
		return 0;
	return booster(v, p);
}

static double
special_idioms(const struct view *v, double valence, size_t i)
{
	double x;

	if (idiom_at(v, i - 1, i, &x))
		valence = x;
	if (idiom_at(v, i - 2, i, &x))
		valence = x;
	if (idiom_at(v, i - 2, i - 1, &x))
		valence = x;
	if (idiom_at(v, i - 3, i - 1, &x))
		valence = x;
	if (idiom_at(v, i - 3, i - 2, &x))
		valence = x;
	if (i + 1 < v->n && idiom_at(v, i, i + 1, &x))
		valence = x;
	if (i + 2 < v->n && idiom_at(v, i, i + 2, &x))
		valence = x;
	valence += boost_at(v, i - 3, i - 2);
	valence += boost_at(v, i - 2, i - 1);
	return valence;
}

static double
least_check(const struct view *v, double valence, size_t i)
{
	if (i > 1 && is(v, i - 1, "least") && !in_lex(v, i - 1)) {
		if (!is(v, i - 2, "at") && !is(v, i - 2, "very"))
			valence *= N_SCALAR;
	} else if (i > 0 && is(v, i - 1, "least") && !in_lex(v, i - 1))
		valence *= N_SCALAR;
	return valence;
}

static int
is_pronoun(const struct view *v, size_t i)
{
	static const char *const p[] = { "she", "he", "they", "you", "u",
	    "her", "him", "them", "ya", "y'all", "yall", NULL };

	return i < v->n && in_list(p, norm(v, i));
}

/* Who can "eat" in fan talk: she ate, they ate, Zendaya ate; not "I ate". */
static int
fan_subject(const struct view *v, size_t i)
{
	static const char *const subj[] = { "she", "he", "they", "you", "u",
	    "y'all", "yall", "girl", "sis", "queen", "mother", "mama", "kids",
	    "baby", "everyone", "everybody", "cast", "look", "outfit", "dress",
	    "glasses", "fit", NULL };
	const struct token *t = &v->tk->t[v->w[i]];

	if (in_list(subj, norm(v, i)))
		return 1;
	return t->kind == TK_WORD && (t->flags & TF_CAPITAL) &&
	    !is(v, i, "i") && !in_lex(v, i);
}

/* Laughter in the text: "I'm dead" then means "that was funny". */
static int
laughing(const struct view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (is(v, i, "lol") || is(v, i, "lmao") || is(v, i, "lmfao") ||
		    is(v, i, "haha") || is(v, i, "hahaha") ||
		    is(v, i, "\xF0\x9F\x98\x82") || is(v, i, "\xF0\x9F\xA4\xA3") ||
		    is(v, i, "\xF0\x9F\x92\x80") || is(v, i, "\xF0\x9F\x98\xAD"))
			return 1;
	return 0;
}

/* "they are cooked", "she's so cooked": done for, not dinner. */
static int
cooked(const struct view *v, size_t i, int end)
{
	return is(v, i, "cooked") && i > 0 && end && (is(v, i - 1, "is") ||
	    is(v, i - 1, "are") || is(v, i - 1, "so") ||
	    is(v, i - 1, "she's") || is(v, i - 1, "he's") ||
	    is(v, i - 1, "they're") || is(v, i - 1, "were") ||
	    is(v, i - 1, "was") || is(v, i - 1, "officially") ||
	    is(v, i - 1, "totally"));
}

/*
 * Fan language whose sense depends on its neighbours; returns 1 and sets
 * *val when it applies to word i.
 */
static int
fan_rule(const struct view *v, size_t i, double *val)
{
	const struct token *t = &v->tk->t[v->w[i]];
	int end = i + 1 >= v->n ||
	    v->tk->t[v->w[i + 1]].clause != t->clause ||
	    v->tk->t[v->w[i + 1]].kind == TK_EMOJI;

	if (is(v, i, "ate") && i > 0 && fan_subject(v, i - 1) && (end || is(v, i + 1, "that") ||
	    is(v, i + 1, "this") || is(v, i + 1, "and") ||
	    is(v, i + 1, "down") || is(v, i + 1, "it") ||
	    is(v, i + 1, "again") || is(v, i + 1, "no") ||
	    is(v, i + 1, "up")) && !is(v, i + 1, "it's")) {
		*val = 2.6;
		return 1;
	}
	/* "queen" and "the GOAT" as praise, not the monarch or the animal */
	if ((is(v, i, "queen") && !(i > 0 && is(v, i - 1, "the") &&
	    i + 1 < v->n && is(v, i + 1, "of"))) ||
	    (is(v, i, "goat") && (upper(v, i) || (i > 0 &&
	    is(v, i - 1, "the"))))) {
		*val = 1.8;
		return 1;
	}
	/* "she's serving", "served looks", "well deserved" */
	if ((is(v, i, "serving") || is(v, i, "served")) && (end ||
	    is(v, i + 1, "looks") || is(v, i + 1, "face"))) {
		*val = 1.8;
		return 1;
	}
	if (is(v, i, "deserved") && i > 0 && (is(v, i - 1, "well") ||
	    is(v, i - 1, "so") || is(v, i - 1, "much"))) {
		*val = 1.8;
		return 1;
	}
	/* "thank u next": good riddance */
	if (is(v, i, "thank") && (is(v, i + 1, "u") || is(v, i + 1, "you")) &&
	    is(v, i + 2, "next")) {
		*val = -2.0;
		return 1;
	}
	/* "Sabrina not really...": a verdict of its own at a clause's end */
	if (is(v, i, "really") && i > 0 && is(v, i - 1, "not") && end) {
		*val = -1.2;
		return 1;
	}
	/* "who cares", "who even cares", "nobody cares": dismissal */
	if (is(v, i, "cares") && i > 0 && (is(v, i - 1, "who") ||
	    is(v, i - 1, "nobody") || (is(v, i - 1, "even") && i > 1 &&
	    is(v, i - 2, "who")) || (is(v, i - 1, "one") && i > 1 &&
	    is(v, i - 2, "no")))) {
		*val = -1.8;
		return 1;
	}
	if (cooked(v, i, end)) {
		*val = -2.0;
		return 1;
	}
	if ((is(v, i, "crumbs") && i > 1 && is(v, i - 1, "no") &&
	    (is(v, i - 2, "left") || is(v, i - 2, "leave")))) {
		*val = 2.8;
		return 1;
	}
	if (is(v, i, "mothered") || is(v, i, "mothering") ||
	    (is(v, i, "mother") && i > 0 && (is(v, i - 1, "is") ||
	    is(v, i - 1, "she's") || is(v, i - 1, "shes") ||
	    is(v, i - 1, "being")) && (end || is(v, i + 1, "is")))) {
		*val = 2.6;
		return 1;
	}
	if ((is(v, i, "wait") || is(v, i, "stand")) && i > 0 &&
	    (is(v, i - 1, "can't") || is(v, i - 1, "cant") ||
	    is(v, i - 1, "cannot"))) {
		/* "can't wait" is eagerness, "can't stand" dislike. */
		*val = is(v, i, "wait") ? 1.0 : -2.4;
		return 1;
	}
	if (is(v, i, "asked") && i > 0 && (is(v, i - 1, "who") ||
	    is(v, i - 1, "nobody") || (i > 1 && is(v, i - 1, "one") &&
	    is(v, i - 2, "no")))) {
		*val = -2.0;
		return 1;
	}
	if (is(v, i, "dead") && i > 0 && (is(v, i - 1, "i'm") ||
	    is(v, i - 1, "im")) && end && laughing(v)) {
		*val = 1.2;
		return 1;
	}
	return 0;
}

/* "not her doing X": mockery of X. */
static int
not_her_doing(const struct view *v, size_t i)
{
	const char *w = norm(v, i);
	size_t n = v->tk->t[v->w[i]].nlen;

	if (n <= 4 || memcmp(w + n - 3, "ing", 3) != 0)
		return 0;
	return i >= 2 && is(v, i - 2, "not") && is_pronoun(v, i - 1);
}

/*
 * A word of one or two letters touching punctuation ("ok.", "No!", "Ha,")
 * reads as an aside, not as a rating (as in the reference scorer, which
 * keeps such tokens with their punctuation).
 */
static int
glued_short(const struct view *v, size_t i)
{
	const struct token *t = &v->tk->t[v->w[i]];

	return t->kind == TK_WORD && t->nlen <= 2 && (t->flags & TF_GLUED);
}

/* "no" as a word of its own, not glued to punctuation. */
static int
is_no(const struct view *v, size_t i)
{
	return is(v, i, "no") && !glued_short(v, i);
}

static double
valence_at(const struct view *v, size_t i)
{
	double val = 0, s;
	size_t start;

	if ((v->cls[i] & LC_FAN) && fan_rule(v, i, &val))
		return val;
	if (not_her_doing(v, i))
		return -1.6;
	if (!lex(v, i, &val) || glued_short(v, i))
		return 0;
	if (is(v, i, "no") && i + 1 < v->n && in_lex(v, i + 1))
		val = 0;
	if ((i > 0 && is_no(v, i - 1)) || (i > 1 && is_no(v, i - 2)) ||
	    (i > 2 && is_no(v, i - 3) && (is(v, i - 1, "or") ||
	    is(v, i - 1, "nor"))))
		val *= N_SCALAR;
	if (upper(v, i) && v->cap_diff)
		val += val > 0 ? C_INCR : -C_INCR;
	for (start = 0; start < 3; start++) {
		if (i <= start || in_lex(v, i - (start + 1)))
			continue;
		s = scalar_inc_dec(v, i - (start + 1), val);
		if (start == 1)
			s *= 0.95;
		if (start == 2)
			s *= 0.9;
		val += s;
		val = negation_check(v, val, start, i);
		if (start == 2)
			val = special_idioms(v, val, i);
	}
	return least_check(v, val, i);
}

static int
sarcasm_cue(const struct view *v, double sum)
{
	size_t i;

	if (sum <= 0)
		return 0;
	for (i = 0; i < v->n; i++) {
		if (is(v, i, "\xF0\x9F\x99\x84") || is(v, i, "\xF0\x9F\x98\x92") ||
		    (is(v, i, "jan") && i > 0 && is(v, i - 1, "sure")))
			return 1;
	}
	return 0;
}

/*
 * Is the clause a real question: opening like one ("can someone", "is
 * it", "if") or asking why, what, how, who, where or when?
 */
static int
asks(const struct tokens *tk, size_t clause)
{
	static const char *const q[] = { "is", "are", "was", "were", "do",
	    "does", "did", "can", "could", "would", "will", "should", "shall",
	    "may", "might", "have", "has", "had", "what", "why", "how", "who",
	    "when", "where", "which", "whats", "what's", "anyone", "any",
	    "isn't", "aren't", "don't", "doesn't", "didn't", "can't", "won't",
	    "wouldn't", "shouldn't", "am", "if", "want", "wanna", "anybody",
	    "someone", "somebody", NULL };
	static const char *const wh[] = { "why", "what", "how", "who",
	    "where", "when", NULL };
	size_t i, k;
	int first = 1;

	for (i = 0; i < tk->n && tk->t[i].clause != clause; i++)
		;
	for (; i < tk->n && tk->t[i].clause == clause; i++) {
		if (tk->t[i].kind == TK_HANDLE)
			continue;	/* "@someone is it..." */
		if (tk->t[i].nlen > 8)
			continue;	/* no question word is that long */
		for (k = 0; first && q[k] != NULL; k++)
			if (tok_is(tk, i, q[k]))
				return 1;
		for (k = 0; wh[k] != NULL; k++)
			if (tok_is(tk, i, wh[k]))
				return 1;
		first = 0;
	}
	return 0;
}

/*
 * A question asks rather than asserts: "can someone recommend a good
 * editor?" is not praise.  Positive valence in a clause that ends in '?'
 * counts for less; "no explanation given?" stays a complaint.
 */
static void
question_damp(const struct view *v, double *sent)
{
	const struct tokens *tk = v->tk;
	size_t i, k, clause;

	for (i = 0; i < v->n; i++) {
		if (sent[i] <= 0)
			continue;	/* a complaint stays one as a question */
		clause = tk->t[v->w[i]].clause;
		for (k = v->w[i] + 1; k < tk->n && tk->t[k].clause == clause;
		    k++)
			if (tk->t[k].kind == TK_PUNCT &&
			    tok_norm(tk, k)[0] == '?') {
				if (asks(tk, clause))
					sent[i] *= QDAMP;
				break;
			}
	}
}

void
sent_score(const struct lexicon *lexi, const struct tokens *tk,
    const uint8_t *mask, struct sent_result *out)
{
	sent_score_bias(lexi, tk, mask, 0, out);
}

void
sent_score_bias(const struct lexicon *lexi, const struct tokens *tk,
    const uint8_t *mask, double bias, struct sent_result *out)
{
	sent_score_ex(lexi, tk, mask, NULL, bias, out);
}

void
sent_score_ex(const struct lexicon *lexi, const struct tokens *tk,
    const uint8_t *mask, const uint8_t *skip, double bias,
    struct sent_result *out)
{
	static _Thread_local struct view v;
	double sent[MAX_WORDS], sum = 0, punct = 0, fan;
	size_t i, but = (size_t)-1, upper_n = 0, cased = 0, ep = 0, qm = 0;

	v.lex = lexi;
	v.tk = tk;
	v.n = 0;
	for (i = 0; i < tk->n && v.n < MAX_WORDS; i++) {
		if (mask != NULL && !mask[tk->t[i].clause])
			continue;
		if (tk->t[i].kind == TK_PUNCT) {
			if (tok_norm(tk, i)[0] == '!')
				ep++;
			else
				qm++;
			continue;
		}
		cased++;
		upper_n += (tk->t[i].flags & TF_UPPER) != 0;
		v.skip[v.n] = skip != NULL && skip[i];
		v.w[v.n++] = i;
	}
	v.cap_diff = upper_n > 0 && upper_n < cased;
	classify(&v);
	out->nsent = 0;
	for (i = 0; i < v.n; i++) {
		if (v.skip[i])
			sent[i] = 0;
		else if ((v.cls[i] & LC_FAN) && fan_rule(&v, i, &fan))
			sent[i] = fan;	/* "not really" */
		else if (booster_of(v.cls[i]) != 0 ||
		    (is(&v, i, "kind") && is(&v, i + 1, "of")))
			sent[i] = 0;
		else
			sent[i] = valence_at(&v, i);
		if (sent[i] != 0)
			out->nsent++;
		if (but == (size_t)-1 && is(&v, i, "but"))
			but = i;
	}
	question_damp(&v, sent);
	for (i = 0; i < v.n; i++) {
		if (but != (size_t)-1 && i < but)
			sent[i] *= 0.5;
		else if (but != (size_t)-1 && i > but)
			sent[i] *= 1.5;
		sum += sent[i];
	}
	out->sarcasm = sarcasm_cue(&v, sum);
	if (out->sarcasm)
		sum = -sum * 0.6;
	if (bias != 0) {
		sum += bias;
		out->nsent++;
	}
	punct = (ep > 4 ? 4 : ep) * 0.292;
	if (qm > 1)
		punct += qm <= 3 ? qm * 0.18 : 0.96;
	if (sum > 0)
		sum += punct;
	else if (sum < 0)
		sum -= punct;
	out->score = sum / sqrt(sum * sum + 15);
	if (out->score > 1)
		out->score = 1;
	if (out->score < -1)
		out->score = -1;
}
