/*
 * affect: keyword and token-pattern rules for emotions, toxicity, risks,
 * sarcasm and language.  See affect.h for what is reported.
 *
 * Patterns are strings of normalised tokens separated by spaces.  In a
 * pattern token, '|' separates alternatives, a leading '~' makes the token
 * optional and "$name" stands for a class of tokens (see classes[]).
 * Emoji are written without U+FE0F, as the tokenizer drops it.  A pattern
 * matches whole tokens of one sentence only.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "affect.h"
#include "xalloc.h"

#define NOMATCH		((size_t)-1)

#define F_NONEG		0x01	/* a negation before it does not matter */
#define F_SENT		0x02	/* must open a sentence */
#define F_EMPH		0x04	/* needs capitals or a '!' right after */
#define F_ADJ		0x08	/* insult adjective: needs a person target */
#define F_NOUN		0x10	/* insult noun: needs a person target */
#define F_PERSON	0x20	/* names a person: aimed unless at oneself */
#define F_NEGSAD	0x40	/* negated ("not happy"): weak sadness */

struct cue {
	const char	*pat;
	float		 w;
	uint8_t		 what;		/* the emotion or the risk */
	uint8_t		 flags;
	const char	*name;		/* the rule's name */
};

/* Whom an insult hits; AIM_THING: a word between says it is no person. */
enum aim {
	AIM_NONE, AIM_THING, AIM_NEG, AIM_SELF, AIM_THIRD, AIM_YOU, AIM_ALONE
};

struct tinfo;

struct ctx {
	const struct tokens	*tk;
	const struct tinfo	*ti;		/* tokens [0, nti) looked up */
	size_t			 nti;
	const char		*text;
	size_t			 len;
	struct affect		*out;
	float			 best[EM_COUNT];	/* strongest cues */
	float			 toxbest;
	int			 targeted;	/* insults aimed at people */
	int			 at_you;	/* of which at "you" */
};

static const char *const emotion_names[EM_COUNT] = {
	"joy", "love", "anger", "disgust", "sadness", "surprise", "fear",
	"fatigue"
};

static const char *const risk_names[RISK_COUNT] = {
	"harassment", "threat", "slur", "doxxing", "self_harm"
};

/* Word classes used by patterns and by the targeting rules. */
static const char NEGATORS[] = "not|never|dont|doesnt|didnt|isnt|wasnt|"
    "arent|werent|wont|cant|cannot|aint|nor|neither|hardly|without|"
    "couldnt|wouldnt|shouldnt|havent|hasnt|nobody|noone";
static const char INTENS[] = "so|very|really|super|extremely|absolutely|"
    "totally|truly|incredibly|literally|too|completely|utterly|hella|mega";
static const char FIRST[] = "i|im|me|myself|ive|id|ill";
static const char SECOND[] = "you|u|ur|youre|yall|ya|yourself|ye|thou";
static const char THIRD[] = "she|he|they|her|him|them|shes|hes|theyre|"
    "herself|himself|themselves";
static const char PERSON_N[] = "woman|women|man|men|girl|girls|guy|guys|"
    "lady|ladies|person|people|human|humans|boy|boys|husband|wife|couple|"
    "actress|actor|actors|singer|family|fans|mom|mother|father|dad|"
    "brother|sister|prince|princess|duchess|duke|host|judge|judges|"
    "winner|contestant|author|writer|director|haters|hater|chick|dude|"
    "bro|mfs|mf|kid|kids|child|children|individual|creature";
static const char BODY_N[] = "face|body|teeth|nose|hair|skin|legs|arms|"
    "lips|eyes|head|feet|butt|belly|stomach|chin|forehead|smile|figure";
static const char FILLER[] = "is|are|was|were|be|been|being|am|looks|look|"
    "looked|looking|seems|seem|seemed|so|such|very|really|too|just|a|an|"
    "the|kinda|kind|of|sort|pretty|truly|extremely|literally|always|still|"
    "one|most|more|absolutely|totally|super|actually|also|even|plain|"
    "fucking|fking|damn|and|or|like|little|lil|bit|complete|total|"
    "absolute|utter|big|huge|massive|straight|as|real|genuinely|honestly|"
    "clearly|obviously|simply|whole|another|what|such|typical|certified|"
    "ultimate|biggest|dumbest|ugliest|r";
static const char IMPLICIT[] = "looks|look|is|seems|such|what|another|"
    "typical";
static const char FOLLOW_OK[] = "and|or|to|for|in|at|like|who|that|with|"
    "of|from|lol|lmao|af|asf|wtf|tbh|honestly|too|as|but|now|though|lately|"
    "today|again|anyway|ngl|fr|smh|omg|period|bro|sis|girl|haha|then|when|"
    "because|if|so|all|on|by|about|than|cause|bc|ever|yet|here|there";
static const char NAME_STOP[] = "i|it|its|this|that|these|those|the|what|"
    "everything|nothing|something|there|here|who|which|when|why|how|and|"
    "but|so|if|my|your|our|their|his|oh|wow|yes|no|ok|okay|please|thank|"
    "thanks|god|lord|jesus|all|every|some|any|just|also|one|omg|lol|lmao|"
    "love|happy|we|a|an|in|on|at|of|to|for|with|tv|movie|book|people|"
    "everyone|nobody|someone|anyone|well|now|then|today|yeah|yea|hey|"
    "hi|dear|sir|miss|mr|mrs|ms|dr|not|never|do|does|did|be|is|was|are|"
    "let|life|she|he|you|they|today|tonight|nobody|everybody|somebody";
static const char WHO[] = "you|u|ya|yall|her|him|them|she|he|they|ye";
static const char PRO[] = "her|him|them|they|she|he|you|u|me|yall|we|us|"
    "it|this|that|these|those";
static const char VIOL[] = "kill|murder|shoot|stab|hurt|beat|punch|slap|"
    "strangle|choke|smack|rape|burn|attack|bomb|drown|behead|lynch|"
    "torture|kidnap|assault|poison|hang|slit|whoop|"
    "unalive";
static const char VIOLED[] = "killed|murdered|shot|stabbed|hurt|beaten|"
    "beat|punched|slapped|strangled|choked|hanged|hung|raped|burned|burnt|"
    "attacked|lynched|executed|tortured|drowned|beheaded|poisoned|"
    "kidnapped|assaulted|stoned|whipped|flogged|smacked|unalived";
static const char POS[] = "love|loved|lovely|great|amazing|beautiful|"
    "gorgeous|good|nice|cute|wonderful|perfect|brave|stunning|iconic|icon|"
    "queen|congrats|congratulations|proud|classy|humble|genius|sweet|best|"
    "incredible|talented|authentic|relevant|inspiring|bravo|thanks|thank|"
    "happy|fantastic|awesome|brilliant|fabulous|original|groundbreaking|"
    "glad|wholesome|empowering|relatable";
static const char CLAIM[] = "natural|authentic|authenticity|real|genuine|"
    "humble|privacy|private|news|journalism|love|relevant|duchess|royal|"
    "princess|prince|talent|talented|iconic|brave|stunning|beauty|"
    "fairness|fair|accident|sorry|journalist|organic|honest|kind|"
    "feminist|mother|support|supportive|friend|friends|fan|fans|nice|"
    "sweet|classy|queen|icon|legend|happy|charity|work|wholesome|"
    "inclusive|empowering|strong|relatable|apology|interview|story";
static const char IRONY[] = "🙄|🤡|😒|🙃|😏";
static const char LAUGH[] = "lol|lmao|lmfao|rofl|xd|kkk";
static const char ING_NOUN[] = "thing|nothing|something|anything|"
    "everything|king|ring|wing|morning|evening|wedding|darling|being|"
    "building|ceiling|feeling|meaning|clothing|earring|pudding|sibling|"
    "spring|string|swing|sterling";
static const char LITOTES[] = "more|enough|happier|prouder";
static const char MENTION[] = "word|words|term|terms|phrase|definition|"
    "replace|with|and|or|spell|spelled|called";

/*
 * Compares a token's text with a pattern word.  Apostrophes and hyphens
 * are ignored on both sides.  With stretch, a run of a letter in the token
 * may be longer than in the word ("sooo" is "so", "ewww" is "ew", "looser"
 * is "loser"); a run of two stands only for one ("good" is not "goood").
 */
static int
word_eq(const char *t, size_t tn, const char *p, size_t pn, int stretch)
{
	size_t i = 0, j = 0, rt, rp;

	for (;;) {
		while (i < tn && (t[i] == '\'' || t[i] == '-'))
			i++;
		while (j < pn && (p[j] == '\'' || p[j] == '-'))
			j++;
		if (i == tn || j == pn)
			return i == tn && j == pn;
		if (t[i] != p[j])
			return 0;
		for (rt = 1; i + rt < tn && t[i + rt] == t[i]; rt++)
			;
		for (rp = 1; j + rp < pn && p[j + rp] == p[j]; rp++)
			;
		if (rt != rp && !(stretch && rp < rt && (rt >= 3 || rp == 1)))
			return 0;
		i += rt;
		j += rp;
	}
}

static int
aff_tok_eq(const struct tokens *tk, size_t i, const char *w, size_t wn)
{
	const struct token *t = &tk->t[i];

	return word_eq(tok_norm(tk, i), t->nlen, w, wn, t->kind == TK_WORD);
}

/*
 * The word lists, one bit each in a word's and a token's set of lists.
 * The insult bits stand for the one-word patterns of the toxicity table
 * with F_PERSON, and with any of F_ADJ, F_NOUN, F_PERSON.
 */
enum {
	IN_NEGATORS, IN_INTENS, IN_FIRST, IN_SECOND, IN_THIRD, IN_PERSON_N,
	IN_BODY_N, IN_FILLER, IN_IMPLICIT, IN_FOLLOW_OK, IN_NAME_STOP,
	IN_WHO, IN_PRO, IN_VIOL, IN_VIOLED, IN_POS, IN_CLAIM, IN_IRONY,
	IN_SLURS, IN_STREET, IN_LAUGH, IN_ING_NOUN, IN_NEVER, IN_AFTER_NEVER,
	IN_ONE, IN_NO, IN_NO_ZERO, IN_YOUR, IN_LITOTES, IN_MENTION,
	IN_INSULT_PERSON, IN_INSULT, IN_COUNT
};

enum { TAB_EMOTION, TAB_TOXICITY, TAB_RISK, TAB_SARCASM, TAB_COUNT };

/*
 * Every word of the lists, the patterns and the language table is kept
 * once in a dictionary, found by its canonical form: the text without
 * apostrophes and hyphens, each run of a character as one ("sooo" and
 * "so" are both "so", "don't" and "dont" both "dont").  Two words that
 * word_eq finds equal have the same canonical form, so looking a token's
 * form up and calling word_eq on the few words found there tells which
 * words of all the lists and patterns the token is, for the price of one
 * pass over it; each rule then tests a bit or a short sorted array instead
 * of scanning "a|b|c" strings.  Built once under pthread_once and only read
 * after.
 *
 * One quirk of the string matcher this replaced is kept so that results
 * stay the same: an alternative whose first byte is not the token's was
 * skipped unless it starts with ' or -, so a token that starts with ' or -
 * ("-:)", "ʼtis") is one only of the words that also start with one.
 */
#define CANON_MAX	32	/* longest canonical form of a word */
#define TI_WORDS	4	/* words one canonical form may stand for */

/* 32 bytes: a token's look-up reads one or two of these. */
struct word {
	uint64_t	 in;		/* IN_* bits */
	uint16_t	 off;		/* its text: word_chars[off..off + len) */
	uint16_t	 next;		/* next of its canonical form, + 1 */
	uint16_t	 first[TAB_COUNT];	/* its cues: cue_ents + 1 */
	int16_t		 lang;		/* index in lang_words, or -1 */
	uint8_t		 len;
	uint8_t		 pat;		/* in a list or a pattern: word_eq */
	uint8_t		 lead;		/* starts with ' or - (the quirk) */
	uint8_t		 tabs;		/* bit t: first[t] != 0 */
};

/*
 * What a token is, looked up once per call: the words word_eq finds it
 * equal to, which of them count after the quirk (tin: all but for a token
 * that starts with ' or -), and the lists those are in.
 */
struct tinfo {
	uint64_t	 in;		/* IN_* bits of the words in tin */
	uint16_t	 w[TI_WORDS];
	uint8_t		 nw;
	uint8_t		 tin;		/* bit k: w[k] counts */
	uint8_t		 weird;		/* starts with ' or - */
	uint8_t		 cls;		/* CL_* bits */
	uint8_t		 tabs;		/* tables with cues to try here */
	int16_t		 lang;		/* index in lang_words, or -1 */
};

/*
 * The classes of tokens that patterns name ("$who": see classes[]), and
 * names.  Each depends on the token alone, so tok_info() tells them once.
 */
enum {
	CL_WHO, CL_PRO, CL_VIOL, CL_VIOLED, CL_LAUGH, CL_ING, CL_NUM, CL_NAME
};

#define DICT_WORDS	4096
#define DICT_HASH	4096	/* canonical forms; a power of two */
#define WORD_CHARS	32768

/*
 * The canonical forms, by hash.  No two forms of the dictionary have the
 * same hash (idx_build makes sure), so a token whose form hashes like one
 * is either of that form or of none; word_eq on the words then tells.
 */
static struct {
	uint32_t	 hash;
	uint16_t	 words;		/* first word + 1; 0: free */
} canon_tab[DICT_HASH];
static size_t ncanons;
static struct word dict[DICT_WORDS];
static size_t ndict;
static char word_chars[WORD_CHARS];
static size_t word_used;

/*
 * The canonical form of s[0..n) into out: apostrophes and hyphens dropped,
 * and a character dropped when the one before it is the same (word_eq
 * compares runs that apostrophes and hyphens end).  -1 when longer than
 * CANON_MAX: no word has such a form.
 */
static int
canon_of(const char *s, size_t n, char *out, uint32_t *hash)
{
	uint32_t h = 2166136261u;
	size_t k;
	int m = 0;

	for (k = 0; k < n; k++) {
		if (s[k] == '\'' || s[k] == '-' || (k > 0 && s[k - 1] == s[k]))
			continue;
		if (m == CANON_MAX)
			return -1;
		out[m++] = s[k];
		h = (h ^ (unsigned char)s[k]) * 16777619u;
	}
	*hash = h;
	return m;
}

/* The slot of canon_tab for hash h: its own, or the free one it would take. */
static size_t
canon_slot(uint32_t h)
{
	size_t j = h & (DICT_HASH - 1);

	while (canon_tab[j].words != 0 && canon_tab[j].hash != h)
		j = (j + 1) & (DICT_HASH - 1);
	return j;
}

/* tok_norm() without a call: this runs for every token. */
static inline const char *
norm_at(const struct tokens *tk, size_t i)
{
	return tk->norm.data + tk->t[i].norm;
}

/* 1 if w[0..n) is one of the '|'-separated words of alts. */
static int
str_in(const char *w, size_t n, const char *alts)
{
	const char *e;

	for (; *alts != '\0'; alts = *e != '\0' ? e + 1 : e) {
		e = alts + strcspn(alts, "|");
		if (word_eq(w, n, alts, (size_t)(e - alts), 0))
			return 1;
	}
	return 0;
}

/*
 * A capitalised word that is not a common word: a name.  At the start of
 * a sentence only with "'s" ("Harry's a moron").
 */
static int
name_like(const struct tokens *tk, size_t i, const struct tinfo *ti)
{
	const struct token *t = &tk->t[i];
	const char *s = norm_at(tk, i);

	if (t->kind != TK_WORD || !(t->flags & TF_CAPITAL) ||
	    (t->flags & TF_UPPER) || (ti->in & (1ull << IN_NAME_STOP |
	    1ull << IN_FIRST | 1ull << IN_SECOND | 1ull << IN_THIRD)))
		return 0;
	/* "Skincare is useless": a capital at a sentence start says little */
	return !(t->flags & TF_SENT_START) || (t->nlen > 2 &&
	    memcmp(s + t->nlen - 2, "'s", 2) == 0 &&
	    !str_in(s, t->nlen - 2, NAME_STOP));
}

/* "haha", "hahaha", "jajaja", "hehe", "lol", "lmao", "kkkk", "xD". */
static int
laugh_like(const struct tokens *tk, size_t i, const struct tinfo *ti)
{
	const char *s = norm_at(tk, i);
	size_t n = tk->t[i].nlen, k;

	/* the words of LAUGH start with l, r, x or k: no need to look */
	if ((ti->in >> IN_LAUGH) & 1)
		return 1;
	if (n < 4 || (s[0] != 'h' && s[0] != 'j' && s[0] != 'a'))
		return 0;
	for (k = 0; k < n; k++)
		if (strchr(k % 2 ? "aei" : "hj", s[k]) == NULL &&
		    !(s[0] == 'a' && strchr(k % 2 ? "h" : "a", s[k])))
			return 0;
	return 1;
}

/* A verb in -ing ("not her doing X"), not one of the nouns in -ing. */
static int
ing_like(const struct tokens *tk, size_t i, const struct tinfo *ti)
{
	const char *s = norm_at(tk, i);
	size_t n = tk->t[i].nlen;

	return tk->t[i].kind == TK_WORD && n >= 5 &&
	    memcmp(s + n - 3, "ing", 3) == 0 && !((ti->in >> IN_ING_NOUN) & 1);
}

/* The token's classes, once its lists are known. */
static unsigned
tok_classes(const struct tokens *tk, size_t i, const struct tinfo *ti)
{
	unsigned k = tk->t[i].kind, cls = 0;

	cls |= (unsigned)((ti->in >> IN_PRO) & 1) << CL_PRO;
	cls |= (unsigned)((ti->in >> IN_VIOL) & 1) << CL_VIOL;
	cls |= (unsigned)((ti->in >> IN_VIOLED) & 1) << CL_VIOLED;
	cls |= (unsigned)laugh_like(tk, i, ti) << CL_LAUGH;
	cls |= (unsigned)ing_like(tk, i, ti) << CL_ING;
	cls |= (unsigned)(k == TK_NUMBER) << CL_NUM;
	cls |= (unsigned)name_like(tk, i, ti) << CL_NAME;
	/* a person named or addressed: a pronoun, a @handle or a name */
	if (k == TK_HANDLE || ((ti->in >> IN_WHO) & 1) ||
	    (cls & 1u << CL_NAME))
		cls |= 1u << CL_WHO;
	return cls;
}

/* A token's words, lists and language word, from the dictionary. */
static void
tok_words(const struct tokens *tk, size_t i, struct tinfo *ti)
{
	const struct token *t = &tk->t[i];
	const char *s = norm_at(tk, i), *ws;
	const struct word *w;
	char cs[CANON_MAX];
	uint32_t h;
	uint16_t id;
	int same;
	size_t k;

	ti->in = 0;
	ti->nw = ti->tin = 0;
	ti->lang = -1;
	ti->weird = t->nlen > 0 && (s[0] == '\'' || s[0] == '-');
	if (canon_of(s, t->nlen, cs, &h) < 0)
		return;
	for (id = canon_tab[canon_slot(h)].words; id != 0; id = w->next) {
		w = &dict[id - 1];
		ws = word_chars + w->off;
		same = w->len == t->nlen;
		for (k = 0; same && k < w->len; k++)
			same = ws[k] == s[k];
		/* lang_words are compared whole, as strcmp did */
		if (w->lang >= 0 && same)
			ti->lang = w->lang;
		/* word_eq() holds for equal bytes: most matches are those */
		if (!w->pat || (!same &&
		    !word_eq(s, t->nlen, ws, w->len, t->kind == TK_WORD)))
			continue;
		if (!ti->weird || w->lead) {
			ti->tin |= (uint8_t)(1u << ti->nw);
			ti->in |= w->in;
		}
		ti->w[ti->nw++] = (uint16_t)(id - 1);
	}
}

/*
 * The classes that the cues tried everywhere start with, per table, and
 * the tables where such a cue starts otherwise (with a word, or optional).
 */
static uint8_t always_cls[TAB_COUNT];
static uint8_t always_any;

/* All that the rules ask of token i, looked up once. */
static void
tok_info(const struct tokens *tk, size_t i, struct tinfo *ti)
{
	size_t t, k;

	tok_words(tk, i, ti);
	ti->cls = (uint8_t)tok_classes(tk, i, ti);
	ti->tabs = always_any;
	for (t = 0; t < TAB_COUNT; t++)
		if (ti->cls & always_cls[t])
			ti->tabs |= (uint8_t)(1u << t);
	for (k = 0; k < ti->nw; k++)
		ti->tabs |= dict[ti->w[k]].tabs;
}

/*
 * The look-ups of a text's tokens: here for up to TI_CAP tokens, in memory
 * of the call's own for a longer text.  Should that allocation fail, the
 * tokens past TI_CAP are looked up again each time: slower, same results.
 */
#define TI_CAP	1024
static _Thread_local struct tinfo ti_cache[TI_CAP];

static const struct tinfo *
info(const struct ctx *c, size_t i, struct tinfo *tmp)
{
	if (i < c->nti)
		return &c->ti[i];
	tok_info(c->tk, i, tmp);
	return tmp;
}

/* 1 if token i is in list l (IN_*). */
static int
in_list(const struct ctx *c, size_t i, unsigned l)
{
	struct tinfo tmp;

	return i < c->tk->n && ((info(c, i, &tmp)->in >> l) & 1);
}

static int
tok_kind(const struct tokens *tk, size_t i, enum tok_kind k)
{
	return i < tk->n && tk->t[i].kind == k;
}

static int
is_punct(const struct tokens *tk, size_t i, char c)
{
	return tok_kind(tk, i, TK_PUNCT) && tok_norm(tk, i)[0] == c;
}

static int
is_capital(const struct tokens *tk, size_t i)
{
	return tk->t[i].kind == TK_WORD && (tk->t[i].flags & TF_CAPITAL);
}

static const struct {
	const char	*name;
	unsigned	 cl;		/* CL_* */
} classes[] = {
	{ "who", CL_WHO },
	{ "pro", CL_PRO },
	{ "viol", CL_VIOL },
	{ "violed", CL_VIOLED },
	{ "laugh", CL_LAUGH },
	{ "ing", CL_ING },
	{ "num", CL_NUM },
};

/*
 * A pattern token compiled: its words (dictionary indexes, sorted) and its
 * classes (CL_* bits).
 */
struct slot {
	uint16_t	 off, n;	/* words: slot_words[off..off + n) */
	uint8_t		 cls;
	uint8_t		 opt;		/* '~': may be left out */
};

/* A pattern compiled: slots[slot..slot + n). */
struct cpat {
	uint16_t	 slot, n;
};

#define SLOT_MAX	2048
#define SLOT_WORDS	8192

static struct slot slots[SLOT_MAX];
static size_t nslots;
static uint16_t slot_words[SLOT_WORDS];
static size_t nslot_words;

/* 1 if token i is one of the alternatives of slot s. */
static int
slot_match(const struct ctx *c, size_t i, const struct slot *s)
{
	const uint16_t *w = slot_words + s->off;
	const struct tinfo *ti;
	struct tinfo tmp;
	size_t k, lo, hi, mid;

	ti = info(c, i, &tmp);
	for (k = 0; s->n > 0 && k < ti->nw; k++) {
		if (!((ti->tin >> k) & 1))
			continue;
		for (lo = 0, hi = s->n; lo < hi;) {
			mid = (lo + hi) / 2;
			if (w[mid] == ti->w[k])
				return 1;
			if (w[mid] < ti->w[k])
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return (s->cls & ti->cls) != 0;
}

/*
 * Matches the n slots at s at token i, within the sentence of token start
 * (a comma does not stop "wait, what"); returns the end, or NOMATCH.
 */
static size_t
match_seq(const struct ctx *c, size_t i, const struct slot *s, size_t n,
    size_t start)
{
	const struct tokens *tk = c->tk;
	size_t r;

	if (n == 0)
		return i;
	if (i < tk->n && (i == start || !(tk->t[i].flags & TF_SENT_START)) &&
	    slot_match(c, i, s) &&
	    (r = match_seq(c, i + 1, s + 1, n - 1, start)) != NOMATCH)
		return r;
	return s->opt ? match_seq(c, i, s + 1, n - 1, start) : NOMATCH;
}

static int
same_clause(const struct tokens *tk, size_t a, size_t b)
{
	return a < tk->n && b < tk->n && tk->t[a].clause == tk->t[b].clause;
}

static int
is_negator(const struct ctx *c, size_t k, size_t i)
{
	if (in_list(c, k, IN_NEVER) && in_list(c, k + 1, IN_AFTER_NEVER))
		return 0;	/* "never been so happy" */
	if (k > 0 && in_list(c, k, IN_ONE) && in_list(c, k - 1, IN_NO))
		return 1;	/* "no one deserves ..." */
	return in_list(c, k, IN_NEGATORS) || (k + 1 == i &&
	    in_list(c, k, IN_NO_ZERO));
}

/*
 * 1 when a negation stands in the three tokens before token i, in its
 * clause and not behind a comma ("no, I'm happy").  Only words are negated.
 */
static int
negated(const struct ctx *c, size_t i)
{
	const struct tokens *tk = c->tk;
	size_t k, lim = i > 3 ? i - 3 : 0;

	if (tk->t[i].kind != TK_WORD)
		return 0;
	for (k = i; k > lim; k--) {
		if ((tk->t[k].flags & TF_COMMA_BEFORE) ||
		    !same_clause(tk, k - 1, i))
			break;
		if (is_negator(c, k - 1, i))
			return 1;
	}
	return 0;
}

static float
clamp01(float w)
{
	return w < 0 ? 0 : w > 1 ? 1 : w;
}

/* Raises a word cue for an intensifier, capitals and '!' in its sentence. */
static float
boost(const struct ctx *c, size_t i, size_t end)
{
	const struct tokens *tk = c->tk;
	float b = 0;
	size_t k;

	if (tk->t[i].kind != TK_WORD)
		return 0;
	if (i > 0 && same_clause(tk, i - 1, i) && in_list(c, i - 1, IN_INTENS))
		b += 0.15f;
	for (k = i; k < end; k++)
		if (tk->t[k].flags & TF_UPPER) {
			b += 0.1f;
			break;
		}
	for (k = end; k < tk->n && !(tk->t[k].flags & TF_SENT_START); k++)
		if (is_punct(tk, k, '!')) {
			b += 0.1f;
			break;
		}
	return b;
}

static void
add_emotion(struct ctx *c, enum emotion e, float w, const char *cue)
{
	float *v = &c->out->emotion[e];

	w = clamp01(w);
	*v = 1 - (1 - *v) * (1 - w);
	if (w > c->best[e]) {
		c->best[e] = w;
		c->out->emotion_cue[e] = cue;
	}
}

static void
add_toxicity(struct ctx *c, float w, const char *rule)
{
	w = clamp01(w);
	c->out->toxicity = 1 - (1 - c->out->toxicity) * (1 - w);
	if (w > c->toxbest) {
		c->toxbest = w;
		c->out->toxicity_rule = rule;
	}
}

static void
add_risk(struct ctx *c, enum risk r, const char *rule)
{
	static const float tox[RISK_COUNT] = { 0.9f, 0.95f, 0.9f, 0, 0 };

	if (!c->out->risk[r]) {
		c->out->risk[r] = 1;
		c->out->risk_rule[r] = rule;
	}
	if (tox[r] > 0)
		add_toxicity(c, tox[r], risk_names[r]);
}

static void
set_sarcasm(struct ctx *c, const char *rule)
{
	if (!c->out->sarcasm) {
		c->out->sarcasm = 1;
		c->out->sarcasm_rule = rule;
	}
}


#define E(pat, em, w, fl)	{ pat, w, em, fl, NULL }

/* Emotion cues.  Emoji are not negated; repeated ones add up. */
static const struct cue emotion_cues[] = {
	E("happy|happier|happiest|glad|joyful|joy|overjoyed|delighted",
	    EM_JOY, 0.6f, F_NEGSAD),
	E("be happier|prouder", EM_JOY, 0.65f, F_NONEG),
	E("excited|exciting|excitement|thrilled|ecstatic|hyped|pumped",
	    EM_JOY, 0.65f, F_NEGSAD),
	E("yay|woohoo|woo|hooray|hurray|yippee|lfg", EM_JOY, 0.65f, 0),
	E("cant|cannot wait", EM_JOY, 0.65f, 0),
	E("omg|omfg|oh yes|yess", EM_JOY, 0.7f, 0),
	E("lets go", EM_JOY, 0.55f, F_NONEG),
	E("yes", EM_JOY, 0.45f, F_EMPH),
	E("congrats|congratulations|congratulation|felicidades|parabens|"
	    "felicitaciones", EM_JOY, 0.55f, 0),
	E("proud|blessed|celebrate|celebrating|finally", EM_JOY, 0.4f,
	    F_NEGSAD),
	E("thank god|goodness", EM_JOY, 0.4f, 0),
	E("$laugh", EM_JOY, 0.5f, F_NONEG),
	E("im|i'm dead|deceased|weak|crying|screaming|dying", EM_JOY, 0.5f,
	    F_NONEG),
	E("i am dead|dying|crying|screaming", EM_JOY, 0.5f, F_NONEG),
	E("killed|kills|killing me", EM_JOY, 0.5f, F_NONEG),
	E("🥳", EM_JOY, 0.7f, 0),
	E("🎉|🎊|😂|🤣|😹|🤩", EM_JOY, 0.6f, 0),
	E("😁|😄|😃|😆|😀|😊|😸", EM_JOY, 0.5f, 0),
	E("☺|🙌|💃|🕺|🎂|🎈|🍾|🥂|🎁|:)|:D|=)|=D|xD|^^|^_^|:P|:p|:3|:]",
	    EM_JOY, 0.4f, 0),
	E("💀|😅|😜|🤪|😝|🤭", EM_JOY, 0.35f, 0),
	E("👏|🔥|🤗", EM_JOY, 0.25f, 0),

	E("love|loved|loving|lovin|luv|adore|adored|adoring|ily|ilysm|amo",
	    EM_LOVE, 0.65f, F_NEGSAD),
	E("obsessed|smitten|besotted", EM_LOVE, 0.6f, F_NEGSAD),
	E("in love", EM_LOVE, 0.75f, 0),
	E("loves|adorable|sweetheart|stanning|fav|favs|fave|faves|favorite|"
	    "favourite", EM_LOVE, 0.4f, 0),
	E("heartwarming|wholesome", EM_LOVE, 0.5f, 0),
	E("big|huge fan", EM_LOVE, 0.4f, 0),
	E("my queen|king", EM_LOVE, 0.5f, 0),
	E("marry me", EM_LOVE, 0.7f, 0),
	E("te|ti quiero|amo", EM_LOVE, 0.7f, 0),
	E("😍|🥰|❤🔥|😻", EM_LOVE, 0.7f, 0),
	E("❤|♥|💕|💞|💓|💗|💖|💘|💝|❣|😘|🫶|🩷|🧡|💛|💚|💙|💜|🖤|🤍|🤎|🩵|🩶|"
	    "<3|❤🩹", EM_LOVE, 0.55f, 0),
	E("💌|💋|🫂|😚|😙|💐", EM_LOVE, 0.4f, 0),

	E("angry|furious|livid|enraged|raging|infuriated|fuming", EM_ANGER,
	    0.75f, 0),
	E("disgusting|disgraceful behavior|behaviour", EM_ANGER, 0.75f, 0),
	E("pissed|outraged|outrageous|infuriating|rage|mad|madder",
	    EM_ANGER, 0.55f, 0),
	E("hate|hated|hating|hates|despise|loathe|detest", EM_ANGER, 0.55f, 0),
	E("cant stand", EM_ANGER, 0.55f, 0),
	E("how dare", EM_ANGER, 0.7f, 0),
	E("shame on", EM_ANGER, 0.6f, 0),
	E("fed up", EM_ANGER, 0.45f, 0),
	E("annoying|annoyed|irritating|irritated|unacceptable|ridiculous|"
	    "robbed|rigged|fraud|scam|boycott|disgrace|disgraceful|shameful|"
	    "shameless", EM_ANGER, 0.4f, 0),
	E("wtf|stfu", EM_ANGER, 0.4f, F_NONEG),
	E("what the hell|fuck|heck|f", EM_ANGER, 0.4f, F_NONEG),
	E("shut up", EM_ANGER, 0.35f, 0),
	E("😡|🤬", EM_ANGER, 0.8f, 0),
	E("😠|🖕|😤|👿|💢", EM_ANGER, 0.6f, 0),
	E("👎", EM_ANGER, 0.3f, 0),

	E("gross|disgusting|disgusted|vile|repulsive|revolting|sickening|"
	    "nauseating|repugnant", EM_DISGUST, 0.7f, 0),
	E("ew|yuck|yuk|nasty|icky|barf|puke|blech", EM_DISGUST, 0.6f, 0),
	E("makes me sick", EM_DISGUST, 0.6f, 0),
	E("throw up", EM_DISGUST, 0.5f, 0),
	E("cringe|cringey|cringy|cringeworthy|creepy|yikes|tacky|trashy",
	    EM_DISGUST, 0.4f, 0),
	E("🤮|🤢", EM_DISGUST, 0.75f, 0),
	E("💩|😬|🥴", EM_DISGUST, 0.3f, 0),

	E("sad|heartbroken|heartbreaking|devastated|devastating|grief|"
	    "grieving|tragic|mourn|mourning|condolences", EM_SADNESS, 0.7f, 0),
	E("heart broken", EM_SADNESS, 0.7f, 0),
	E("breaks|broke my heart", EM_SADNESS, 0.7f, 0),
	E("rip", EM_SADNESS, 0.65f, 0),
	E("rest in peace", EM_SADNESS, 0.65f, 0),
	E("gone too soon", EM_SADNESS, 0.65f, 0),
	E("disappointed|disappointing|disappointment|depressing|depressed|"
	    "unhappy|miserable|lonely|saddening|sadly|tragedy",
	    EM_SADNESS, 0.55f, 0),
	E("miss you|her|him|them|u", EM_SADNESS, 0.5f, 0),
	E("so|very|truly sorry", EM_SADNESS, 0.45f, 0),
	E("feel|felt bad|sorry", EM_SADNESS, 0.4f, 0),
	E("cant say goodbye", EM_SADNESS, 0.6f, 0),
	E("unfortunately|tears|cry|hurts|letdown", EM_SADNESS, 0.35f,
	    0),
	E("😢|💔|😿|:'(|</3", EM_SADNESS, 0.7f, 0),
	E("😞|😔|☹|🙁|😥|:(|=(|:[", EM_SADNESS, 0.55f, 0),
	E("😟|😓|🥺|🥲|😪", EM_SADNESS, 0.35f, 0),

	E("shocked|shook|speechless|stunned|mindblown|gobsmacked",
	    EM_SURPRISE, 0.7f, 0),
	E("wait what", EM_SURPRISE, 0.75f, 0),
	E("wow|woah|whoa|omg|omfg|shocking|surprised|surprising|unbelievable|"
	    "unexpected", EM_SURPRISE, 0.55f, 0),
	E("oh my god|gosh|goodness|lord", EM_SURPRISE, 0.55f, 0),
	E("no way", EM_SURPRISE, 0.5f, 0),
	E("plot twist", EM_SURPRISE, 0.55f, 0),
	E("jaw dropped|drop", EM_SURPRISE, 0.55f, 0),
	E("mind blown", EM_SURPRISE, 0.55f, 0),
	E("cant believe", EM_SURPRISE, 0.5f, 0),
	E("didnt expect", EM_SURPRISE, 0.5f, F_NONEG),
	E("did not expect", EM_SURPRISE, 0.5f, F_NONEG),
	E("didnt see that coming", EM_SURPRISE, 0.55f, F_NONEG),
	E("surprise|holy", EM_SURPRISE, 0.35f, 0),
	E("😱|🤯|😲|🙀", EM_SURPRISE, 0.7f, 0),
	E("😮|😯|:O|:o", EM_SURPRISE, 0.6f, 0),
	E("😳|😧|😦", EM_SURPRISE, 0.45f, 0),
	E("👀", EM_SURPRISE, 0.3f, 0),

	E("terrified|terrifying|frightened|petrified|horrified",
	    EM_FEAR, 0.8f, 0),
	E("scared|afraid|frightening|horrifying|fearful|panicking",
	    EM_FEAR, 0.65f, 0),
	E("worried|worrying|anxious|nervous|scary|fear|panic", EM_FEAR, 0.5f,
	    0),
	E("worry|anxiety|concerned|concerning|dangerous", EM_FEAR, 0.35f, 0),
	E("freaking|freaked out", EM_FEAR, 0.5f, 0),
	E("😨|😰", EM_FEAR, 0.7f, 0),
	E("😱", EM_FEAR, 0.3f, 0),

	E("over it", EM_FATIGUE, 0.65f, 0),
	E("enough already", EM_FATIGUE, 0.7f, 0),
	E("give it a rest", EM_FATIGUE, 0.7f, 0),
	E("make it stop", EM_FATIGUE, 0.65f, 0),
	E("sick and tired", EM_FATIGUE, 0.75f, 0),
	E("who|nobody|noone cares", EM_FATIGUE, 0.7f, 0),
	E("no one cares", EM_FATIGUE, 0.7f, 0),
	E("nobody|who asked", EM_FATIGUE, 0.6f, 0),
	E("no one asked", EM_FATIGUE, 0.6f, 0),
	E("couldnt care less", EM_FATIGUE, 0.65f, 0),
	E("tired|sick of", EM_FATIGUE, 0.65f, 0),
	E("so over|done", EM_FATIGUE, 0.6f, 0),
	E("done with", EM_FATIGUE, 0.55f, 0),
	E("here we go again", EM_FATIGUE, 0.6f, 0),
	E("not again", EM_FATIGUE, 0.55f, F_NONEG),
	E("enough is enough", EM_FATIGUE, 0.6f, 0),
	E("old news", EM_FATIGUE, 0.55f, 0),
	E("good riddance", EM_FATIGUE, 0.55f, 0),
	E("same old", EM_FATIGUE, 0.45f, 0),
	E("again ?", EM_FATIGUE, 0.5f, 0),
	E("move|moved|moving on", EM_FATIGUE, 0.5f, 0),
	E("dont care", EM_FATIGUE, 0.55f, F_NONEG),
	E("do not care", EM_FATIGUE, 0.55f, F_NONEG),
	E("stop posting|talking", EM_FATIGUE, 0.5f, 0),
	E("go away", EM_FATIGUE, 0.5f, 0),
	E("can we stop", EM_FATIGUE, 0.55f, 0),
	E("why is this news", EM_FATIGUE, 0.6f, 0),
	E("overexposed|oversaturated|yawn|zzz", EM_FATIGUE, 0.55f, 0),
	E("boring|bored|irrelevant|exhausting|exhausted", EM_FATIGUE, 0.45f,
	    0),
	E("enough", EM_FATIGUE, 0.45f, F_EMPH),
	E("🥱|😴|😮💨", EM_FATIGUE, 0.6f, 0),
	E("🙄|😑|-_-|😒", EM_FATIGUE, 0.35f, 0),
};

#define T(pat, w, fl, name)	{ pat, w, 0, fl, name }

/* Toxicity rules.  F_ADJ, F_NOUN and F_PERSON words must hit a person. */
static const struct cue toxicity_cues[] = {
	T("idiot|idiots|moron|morons|imbecile|imbeciles|dumbass|dumbasses|"
	    "jackass|scumbag|scumbags|lowlife|lowlifes|sociopath|psychopath|"
	    "dickhead|wanker|twat|bastard|bastards|douche|douchebag",
	    0.65f, F_PERSON, "insult"),
	T("loser|losers|clown|clowns|grifter|grifters|scammer|scammers|"
	    "psycho|degenerate|degenerates|hypocrite|hypocrites|"
	    "manipulator|narcissist|narcissists", 0.5f, F_PERSON, "insult"),
	T("dummy|dummies|weirdo|weirdos|troll|trolls", 0.4f, F_PERSON,
	    "insult"),
	T("liar|liars|narc|narcs|creep|creeps|freak|freaks|fraud|frauds|"
	    "disgrace", 0.4f, F_PERSON, "insult"),
	T("bitch|bitches|whore|whores|slut|sluts|skank|skanks|hoe|hoes|"
	    "asshole|assholes|cunt|cunts", 0.75f, F_PERSON, "insult"),
	T("gold|attention digger|diggers|seeker|seekers", 0.55f, F_PERSON,
	    "insult"),
	T("golddigger|golddiggers", 0.55f, F_PERSON, "insult"),
	T("piece of shit|crap|trash|garbage", 0.65f, F_NOUN, "insult"),
	T("waste of space|oxygen", 0.65f, F_NOUN, "insult"),
	T("stupid|dumb|idiotic|brainless|worthless|useless|vile|pathetic|"
	    "insufferable|talentless|trashy|classless", 0.55f, F_ADJ,
	    "insult"),
	T("disgusting|trash|garbage|evil|delusional|ignorant|greedy|"
	    "repulsive|nasty|despicable", 0.5f, F_ADJ, "insult"),
	T("fake|clueless|desperate|shallow|petty|miserable|annoying|bitter|"
	    "jealous|crazy|entitled", 0.3f, F_ADJ, "insult"),
	T("ugly|hideous|fugly|fat|obese|grotesque", 0.6f, F_ADJ,
	    "body_shaming"),
	T("anorexic|skeletal|bony|skinny|wrinkly|botched|manly", 0.35f,
	    F_ADJ, "body_shaming"),
	T("skeleton|whale|hag|dwarf", 0.5f, F_NOUN, "body_shaming"),
	T("eat a|some ~few burger|burgers|cheeseburger|cheeseburgers|"
	    "sandwich|sandwiches|meal|food|something", 0.45f, 0,
	    "body_shaming"),
	T("skin and bones", 0.45f, 0, "body_shaming"),
	T("animal|animals|vermin|parasite|parasites|cockroach|cockroaches|"
	    "rat|rats|subhuman|leech|leeches|pig|pigs|swine|ape|apes|monkey|"
	    "monkeys|creature|creatures|demon|demons|cow", 0.7f, F_NOUN,
	    "dehumanizing"),
	T("fuck|fucking|fucked|fuckin|fck|fk|fking|fkn|fuk|fucker|fcking|"
	    "motherfucker|motherfuckers|mofo|shit|shitty|bullshit|shitshow|"
	    "sht|shite|ass|goddamn|mf|mfs", 0.25f, F_NONEG, "profanity"),
	T("wtf|jfc|ffs|omfg|damn|dammit|crap|crappy|piss", 0.15f, F_NONEG,
	    "profanity"),
	T("🖕", 0.4f, 0, "profanity"),
	T("shut up", 0.35f, 0, "insult"),
	T("stfu", 0.4f, 0, "insult"),
	T("go to hell", 0.45f, 0, "insult"),
	T("nobody ~else likes|wants|loves you", 0.5f, F_NONEG, "insult"),
	T("no one ~else likes|wants|loves you", 0.5f, F_NONEG, "insult"),
	T("🤡", 0.3f, 0, "mockery"),
};

#define R(pat, risk, fl, name)	{ pat, 0, risk, fl, name }

/* Risks.  Idioms ("killing it", "this killed me", "slay") do not match. */
static const struct cue risk_cues[] = {
	R("kys", RISK_HARASSMENT, F_NONEG, "kys"),
	R("kill|unalive|neck|hang|off|end yourself|yourselves|urself|"
	    "yaself|yoself", RISK_HARASSMENT, 0, "tell_to_die"),
	R("kill ur|your self", RISK_HARASSMENT, 0, "tell_to_die"),
	R("go ~and die|rot", RISK_HARASSMENT, 0, "tell_to_die"),
	R("drop dead", RISK_HARASSMENT, 0, "tell_to_die"),
	R("die in a fire|hole|ditch", RISK_HARASSMENT, 0, "tell_to_die"),
	R("drink bleach", RISK_HARASSMENT, 0, "tell_to_die"),
	R("go play in traffic", RISK_HARASSMENT, 0, "tell_to_die"),
	R("walk|jump off a ~very ~high|short|tall cliff|bridge|pier|roof",
	    RISK_HARASSMENT, 0, "tell_to_die"),
	R("favor|favour and die", RISK_HARASSMENT, 0, "tell_to_die"),
	R("hope $who ~just ~would die|dies|rots|rot|burns|chokes",
	    RISK_HARASSMENT, 0, "wish_death"),
	R("hope $who gets|get cancer|hit|shot|killed", RISK_HARASSMENT, 0,
	    "wish_death"),
	R("$who should|deserves|deserve|needs|need ~to ~just die",
	    RISK_HARASSMENT, 0, "wish_death"),
	R("deserves|deserve to die", RISK_HARASSMENT, 0, "wish_death"),
	R("nobody would miss you|her|him", RISK_HARASSMENT, 0, "wish_death"),
	R("no one would miss you|her|him", RISK_HARASSMENT, 0, "wish_death"),

	R("i will|would|shall|could|can ~literally|personally|actually|just|"
	    "fucking $viol $who", RISK_THREAT, 0, "first_person_violence"),
	R("ill|id|imma|ima ~literally|personally|actually|just|fucking "
	    "$viol $who", RISK_THREAT, 0, "first_person_violence"),
	R("im|i ~am gonna|finna|wanna|going|want|plan|planning|ready ~to "
	    "~literally|personally|actually|just|fucking $viol $who",
	    RISK_THREAT, 0, "first_person_violence"),
	R("lets|we ~should $viol $who", RISK_THREAT, 0, "incitement"),
	R("someone|somebody|anyone|everyone|people should|needs|need|has|"
	    "gotta|must ~to $viol $who", RISK_THREAT, 0, "incitement"),
	R("hope someone|somebody $viol|kills|shoots|stabs|hurts|beats $who",
	    RISK_THREAT, 0, "incitement"),
	R("should|deserves|deserve|needs|need ~to be|get|gets $violed",
	    RISK_THREAT, 0, "deserves_violence"),
	R("ill find|hunt you|her|him|them", RISK_THREAT, 0, "find_you"),
	R("i will find|hunt you|her|him|them", RISK_THREAT, 0, "find_you"),
	R("i know where you|she|he|they live|lives", RISK_THREAT, 0,
	    "find_you"),
	R("watch your|ur back", RISK_THREAT, 0, "find_you"),

	R("her|his|their|your|ur ~home address|addy ~is", RISK_DOXXING, 0,
	    "address_phrase"),
	R("her|his|their|your|ur ~phone|cell number|digits is", RISK_DOXXING,
	    0, "address_phrase"),
	R("lives|living|live|stays at $num", RISK_DOXXING, 0,
	    "address_phrase"),
	R("dox|doxx|doxxed|doxed|doxxing|doxing", RISK_DOXXING, F_NONEG,
	    "address_phrase"),
	R("leak|post|share her|his|their address|number", RISK_DOXXING, 0,
	    "address_phrase"),

	R("kill|killing|unalive|hurt|hurting|cut|cutting|harm|harming|starve|"
	    "starving myself", RISK_SELF_HARM, 0, "self_harm_phrase"),
	R("kms|suicidal|selfharm|self-harm", RISK_SELF_HARM, F_NONEG,
	    "self_harm_phrase"),
	R("self harm", RISK_SELF_HARM, F_NONEG, "self_harm_phrase"),
	R("end|ending|take|taking my ~own life", RISK_SELF_HARM, 0,
	    "self_harm_phrase"),
	R("i want|wanna|wanted ~to die", RISK_SELF_HARM, 0,
	    "self_harm_phrase"),
	R("makes me want|wanna ~to die", RISK_SELF_HARM, 0,
	    "self_harm_phrase"),
	R("want|wanna ~to live|exist anymore", RISK_SELF_HARM, F_NONEG,
	    "self_harm_phrase"),
	R("dont want|wanna ~to be alive", RISK_SELF_HARM, F_NONEG,
	    "self_harm_phrase"),
	R("do not want|wanna ~to be alive", RISK_SELF_HARM, F_NONEG,
	    "self_harm_phrase"),
	R("i|im ~am better off dead", RISK_SELF_HARM, 0, "self_harm_phrase"),
	R("no reason to live", RISK_SELF_HARM, 0, "self_harm_phrase"),
	R("end it all", RISK_SELF_HARM, 0, "self_harm_phrase"),
};

#define S(pat, fl, name)	{ pat, 0, 0, fl, name }

/* Sarcasm cues that a pattern can say; the rest are in functions. */
static const struct cue sarcasm_cues[] = {
	S("yeah|yea|ya|yeh right", F_NONEG, "yeah_right"),
	S("sure jan", F_NONEG, "sure_jan"),
	S("oh great|wonderful|perfect|joy|goody|fantastic|lovely", F_NONEG,
	    "oh_great"),
	S("oh how nice|lovely", F_NONEG, "oh_great"),
	S("as if", F_NONEG | F_SENT, "as_if"),
	S("totally not", F_NONEG, "totally_not"),
	S("wow just wow", F_NONEG, "wow_just_wow"),
	S("not $pro $ing", F_NONEG | F_SENT, "not_her_doing"),
	S("the audacity", F_NONEG, "the_audacity"),
	S("what a surprise|shocker", F_NONEG, "mock_surprise"),
	S("big surprise", F_NONEG, "mock_surprise"),
	S("color|colour me shocked|surprised", F_NONEG, "mock_surprise"),
	S("said no one ~ever", F_NONEG, "said_no_one"),
};

/* Unambiguous slurs, matched as whole tokens only. */
static const char SLURS[] = "nigger|niggers|faggot|faggots|fagot|fagots|"
    "retard|retards|retarded|tranny|trannies|kike|kikes|spic|spics|chink|"
    "chinks|wetback|wetbacks|gook|gooks|raghead|ragheads|towelhead|"
    "towelheads|sandnigger|sandniggers|beaner|beaners|shemale|shemales|"
    "jigaboo|jigaboos|darkie|darkies|golliwog|gyppo|gyppos|paki|pakis";

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char STREET[] = "street|st|avenue|ave|road|rd|boulevard|blvd|"
    "lane|ln|drive|dr|court|ct|way|place|pl|terrace|circle|cir|highway|"
    "hwy|parkway|pkwy|calle|avenida|rua|rue|strasse";

static int
is_insult(const struct ctx *c, size_t k)
{
	return in_list(c, k, IN_INSULT);
}

/* A capitalised word that is not a common word: see name_like(). */
static int
is_name(const struct ctx *c, size_t i)
{
	struct tinfo tmp;

	return (info(c, i, &tmp)->cls >> CL_NAME) & 1;
}

static int
is_person(const struct ctx *c, size_t k)
{
	return tok_kind(c->tk, k, TK_HANDLE) || in_list(c, k, IN_PERSON_N) ||
	    in_list(c, k, IN_INSULT_PERSON) || is_name(c, k);
}

/* A word after a cue that makes the cue describe a thing ("a stupid idea"). */
static int
thing_after(const struct ctx *c, size_t end, size_t i)
{
	const struct tokens *tk = c->tk;

	return same_clause(tk, end, i) && tok_kind(tk, end, TK_WORD) &&
	    !in_list(c, end, IN_FOLLOW_OK) && !in_list(c, end, IN_FILLER) &&
	    !is_insult(c, end) && !is_person(c, end);
}

/*
 * Walks back from token i over filler words ("is", "such a", other
 * insults) to the person a word is said of.  A clause that starts with
 * "looks", "what a"... is said of the post's subject.
 */
static enum aim
aim_back(const struct ctx *c, size_t i)
{
	const struct tokens *tk = c->tk;
	size_t k, first = i;

	for (k = i; k > 0 && i - k < 8; k--) {
		/* a comma, a clause or emoji ("😂😂 delusional") start anew */
		if ((tk->t[k].flags & TF_COMMA_BEFORE) ||
		    !same_clause(tk, k - 1, i) || tok_kind(tk, k - 1,
		    TK_EMOJI) || tok_kind(tk, k - 1, TK_EMOTICON))
			break;
		first = k - 1;
		if (is_negator(c, k - 1, i))
			return AIM_NEG;
		if (in_list(c, k - 1, IN_FIRST))
			return AIM_SELF;
		if (tok_kind(tk, k - 1, TK_HANDLE) ||
		    in_list(c, k - 1, IN_SECOND))
			return AIM_YOU;
		if (in_list(c, k - 1, IN_THIRD) || is_person(c, k - 1))
			return AIM_THIRD;
		if (!in_list(c, k - 1, IN_FILLER) && !is_insult(c, k - 1))
			return AIM_THING;
	}
	if (i - k >= 8 || first == i)
		return AIM_NONE;
	return in_list(c, first, IN_IMPLICIT) ? AIM_THIRD : AIM_NONE;
}

static int
few_words(const struct tokens *tk)
{
	size_t i, n = 0;

	for (i = 0; i < tk->n; i++)
		n += tk->t[i].kind == TK_WORD;
	return n <= 2;
}

/*
 * An insult adjective: "she is ugly", "ugly woman", "her ugly face", not
 * "an ugly dress" or "stupid lies".
 */
static enum aim
aim_adj(const struct ctx *c, size_t i, size_t end, int body)
{
	const struct tokens *tk = c->tk;
	enum aim a;

	if (body && same_clause(tk, end, i) && in_list(c, end, IN_BODY_N))
		return i > 0 && in_list(c, i - 1, IN_YOUR) ? AIM_YOU :
		    AIM_THIRD;
	if (thing_after(c, end, i))
		return AIM_NONE;
	if ((a = aim_back(c, i)) != AIM_NONE && a != AIM_THING)
		return a;
	if (same_clause(tk, end, i) && is_person(c, end))
		return AIM_THIRD;
	/* "Pathetic!", "So ugly": said of the post's subject */
	return a == AIM_NONE && few_words(tk) ? AIM_ALONE : AIM_NONE;
}

static enum aim
aim(const struct ctx *c, const struct cue *q, size_t i, size_t end)
{
	enum aim a;

	if (q->flags & F_ADJ)
		return aim_adj(c, i, end,
		    strcmp(q->name, "body_shaming") == 0);
	if (thing_after(c, end, i))
		return AIM_NONE;	/* "animal lovers", "clown show" */
	a = aim_back(c, i);
	if ((a == AIM_NONE || a == AIM_THING) && (q->flags & F_PERSON))
		return AIM_THIRD;
	return a;
}

typedef void	fire_fn(struct ctx *, const struct cue *, size_t, size_t);

/* The fourth and later of a run of one emoji add nothing ("👎👎👎👎👎"). */
static int
long_run(const struct tokens *tk, size_t i)
{
	size_t k, n = tk->t[i].nlen;

	if (tk->t[i].kind != TK_EMOJI || i < 3)
		return 0;
	for (k = i - 3; k < i; k++)
		if (tk->t[k].nlen != n || memcmp(tok_norm(tk, k),
		    tok_norm(tk, i), n) != 0)
			return 0;
	return 1;
}

/* "could not love this more", "can't get enough": praise, not denial. */
static int
litotes(const struct ctx *c, size_t i, size_t end)
{
	size_t k;

	for (k = i; k < end + 3 && same_clause(c->tk, k, i); k++)
		if (in_list(c, k, IN_LITOTES))
			return 1;
	return 0;
}

static void
fire_emotion(struct ctx *c, const struct cue *q, size_t i, size_t end)
{
	if (long_run(c->tk, i))
		return;
	if (!(q->flags & F_NONEG) && negated(c, i) && !litotes(c, i, end)) {
		if (q->flags & F_NEGSAD)
			add_emotion(c, EM_SADNESS, 0.3f, q->pat);
		return;
	}
	add_emotion(c, (enum emotion)q->what, q->w + boost(c, i, end),
	    q->pat);
}

static void
fire_toxicity(struct ctx *c, const struct cue *q, size_t i, size_t end)
{
	enum aim a;
	float w = q->w;

	if (long_run(c->tk, i) || (!(q->flags & F_NONEG) && negated(c, i)))
		return;
	if (q->flags & (F_ADJ | F_NOUN | F_PERSON)) {
		a = aim(c, q, i, end);
		if (a == AIM_NONE || a == AIM_THING || a == AIM_NEG ||
		    a == AIM_SELF)
			return;
		if (a == AIM_ALONE)
			w *= 0.6f;
		c->targeted++;
		c->at_you += a == AIM_YOU;
	}
	add_toxicity(c, w, q->name);
}

static void
fire_risk(struct ctx *c, const struct cue *q, size_t i, size_t end)
{
	(void)end;
	if (!(q->flags & F_NONEG) && negated(c, i))
		return;
	add_risk(c, (enum risk)q->what, q->name);
}

static void
fire_sarcasm(struct ctx *c, const struct cue *q, size_t i, size_t end)
{
	(void)i;
	(void)end;
	set_sarcasm(c, q->name);
}

static int
cue_allowed(const struct tokens *tk, const struct cue *q, size_t i,
    size_t end)
{
	if ((q->flags & F_SENT) && !(tk->t[i].flags & TF_SENT_START))
		return 0;
	if ((q->flags & F_EMPH) && !(tk->t[i].flags & TF_UPPER) &&
	    !is_punct(tk, end, '!'))
		return 0;
	return 1;
}

static const struct {
	const struct cue	*cue;
	size_t			 n;
	fire_fn			*fire;
} tables[TAB_COUNT] = {
	{ emotion_cues, NELEM(emotion_cues), fire_emotion },
	{ toxicity_cues, NELEM(toxicity_cues), fire_toxicity },
	{ risk_cues, NELEM(risk_cues), fire_risk },
	{ sarcasm_cues, NELEM(sarcasm_cues), fire_sarcasm },
};

/* Sarcasm patterns that find_sarcasm weighs with other signs. */
static const char GOOD_FOR[] = "good for her|him|them|you|u";
static const char LOVE_THAT[] = "love that for her|him|them|you|u";

/*
 * The lists behind the IN_* bits, in their order (the insult bits come
 * from the toxicity table).
 */
static const char *const lists[] = {
	NEGATORS, INTENS, FIRST, SECOND, THIRD, PERSON_N, BODY_N, FILLER,
	IMPLICIT, FOLLOW_OK, NAME_STOP, WHO, PRO, VIOL, VIOLED, POS, CLAIM,
	IRONY, SLURS, STREET, LAUGH, ING_NOUN, "never", "been|felt|so", "one",
	"no", "no|zero", "your|ur", LITOTES, MENTION
};

/*
 * The cues of each table that a token may open, found from the words it
 * is: a cue is tried at a token only when one of the words of its first
 * pattern token is among the token's words.  Cues whose first token is a
 * class or optional are tried at every token.  At one token the cues are
 * tried in the order they always were (later cues of a table first, then
 * those tried everywhere in table order): ties between equal weights go
 * to the first that fires, and the order of the float sums matters too.
 */
struct cue_ent {
	uint16_t	 cue;
	uint16_t	 next;		/* + 1; 0: the end */
	uint8_t		 alone;
};

#define CUE_ENTS	4096
#define PAT_MAX		1024
#define ALWAYS_MAX	32

static struct cue_ent cue_ents[CUE_ENTS];
static size_t ncue_ents;
static struct cpat cpats[PAT_MAX];	/* cues' patterns, table by table */
static size_t cpat_base[TAB_COUNT];
static uint16_t always[TAB_COUNT][ALWAYS_MAX];
static size_t nalways[TAB_COUNT];
static struct cpat good_for, love_that;
static size_t lang_kana, lang_han;	/* indexes in scripts[] */
static uint8_t latin_letter[0x250];	/* counted as Latin letters */
static pthread_once_t idx_once = PTHREAD_ONCE_INIT;

/*
 * The tables are constant, so an overflow of these arrays shows on the
 * first call of any test run; it is a bug, not a condition to handle.
 */
static void
idx_full(void)
{
	abort();
}

/* The dictionary index of s[0..n), added if new. */
static uint16_t
intern(const char *s, size_t n)
{
	char cs[CANON_MAX], os[CANON_MAX];
	struct word *w;
	uint32_t h, oh;
	uint16_t id;
	size_t slot;
	int m;

	if ((m = canon_of(s, n, cs, &h)) < 0 || n > UINT8_MAX)
		idx_full();
	slot = canon_slot(h);
	if ((id = canon_tab[slot].words) != 0) {
		/* another form with this hash would be a lookup's undoing */
		w = &dict[id - 1];
		if (canon_of(word_chars + w->off, w->len, os, &oh) != m ||
		    memcmp(os, cs, (size_t)m) != 0)
			idx_full();
	} else if (++ncanons * 2 > DICT_HASH)
		idx_full();
	for (; id != 0; id = dict[id - 1].next)
		if (dict[id - 1].len == n &&
		    memcmp(word_chars + dict[id - 1].off, s, n) == 0)
			return (uint16_t)(id - 1);
	if (ndict >= DICT_WORDS || word_used + n > WORD_CHARS)
		idx_full();
	w = &dict[ndict];
	memcpy(word_chars + word_used, s, n);
	w->off = (uint16_t)word_used;
	word_used += n;
	w->len = (uint8_t)n;
	w->lead = n > 0 && (s[0] == '\'' || s[0] == '-');
	w->lang = -1;
	w->next = canon_tab[slot].words;
	canon_tab[slot].hash = h;
	canon_tab[slot].words = (uint16_t)++ndict;
	return (uint16_t)(ndict - 1);
}

/* A word of a list or pattern (not only of lang_words): see tok_words(). */
static uint16_t
intern_pat(const char *s, size_t n)
{
	uint16_t id = intern(s, n);

	dict[id].pat = 1;
	return id;
}

/* Sets bit l in the words of the '|'-separated alts. */
static void
mark_list(const char *alts, unsigned l)
{
	const char *e;

	for (; *alts != '\0'; alts = e + (*e == '|')) {
		e = alts + strcspn(alts, "|");
		dict[intern_pat(alts, (size_t)(e - alts))].in |= 1ull << l;
	}
}

static int
cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* Compiles pattern p into *cp: one slot per space-separated token. */
static void
compile(const char *p, struct cpat *cp)
{
	struct slot *s;
	const char *e, *a, *b;
	size_t k, n;

	cp->slot = (uint16_t)nslots;
	cp->n = 0;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		e = p + strcspn(p, " ");
		if (nslots >= SLOT_MAX)
			idx_full();
		s = &slots[nslots++];
		s->opt = *p == '~';
		s->off = (uint16_t)nslot_words;
		s->cls = 0;
		for (a = p + s->opt; a < e; a = b + (*b == '|')) {
			b = a + strcspn(a, "| ");
			if (*a == '$') {
				for (k = 0; k < NELEM(classes); k++)
					if (strlen(classes[k].name) ==
					    (size_t)(b - a - 1) && memcmp(
					    classes[k].name, a + 1,
					    (size_t)(b - a - 1)) == 0)
						s->cls |= (uint8_t)(1u <<
						    classes[k].cl);
				continue;	/* unknown: matches nothing */
			}
			if (nslot_words >= SLOT_WORDS)
				idx_full();
			slot_words[nslot_words++] =
			    intern_pat(a, (size_t)(b - a));
		}
		n = nslot_words - s->off;
		qsort(slot_words + s->off, n, sizeof(uint16_t), cmp_u16);
		s->n = (uint16_t)n;
		cp->n++;
		p = e;
	}
}

/* The bucket of a word in the index this one replaced: see cue_first(). */
static unsigned
old_bucket(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	char prev = '\0';
	size_t k;

	for (k = 0; k < n; k++) {
		if (s[k] == '\'' || s[k] == '-' || s[k] == prev)
			continue;
		prev = s[k];
		h = (h ^ (unsigned char)s[k]) * 16777619u;
	}
	return h % 512;
}

/*
 * Lists cue k of table t under the words of its first pattern token, or
 * among those tried everywhere.  alone: no other word of that token falls
 * in the same bucket of the former index, which then compared the token
 * with that one word by word_eq only, without the quirk (see struct word);
 * a token that starts with ' or - may thus open the cue with such a word.
 */
static void
cue_first(size_t t, size_t k)
{
	const char *pat = tables[t].cue[k].pat, *p, *e, *o, *oe;
	size_t first = strcspn(pat, " ");
	struct cue_ent *x;
	uint16_t w;
	unsigned b;
	int alone;

	if (*pat == '~' || memchr(pat, '$', first) != NULL) {
		if (nalways[t] >= ALWAYS_MAX)
			idx_full();
		always[t][nalways[t]++] = (uint16_t)k;
		return;
	}
	for (p = pat; p < pat + first; p = e + 1) {
		e = p + strcspn(p, "| ");
		b = old_bucket(p, (size_t)(e - p));
		alone = 1;
		for (o = pat; o < pat + first; o = oe + 1) {
			oe = o + strcspn(o, "| ");
			if (o != p && old_bucket(o, (size_t)(oe - o)) == b)
				alone = 0;
		}
		w = intern_pat(p, (size_t)(e - p));
		if (dict[w].first[t] != 0 &&
		    cue_ents[dict[w].first[t] - 1].cue == k)
			continue;	/* "a|a" */
		if (ncue_ents >= CUE_ENTS)
			idx_full();
		x = &cue_ents[ncue_ents];
		x->cue = (uint16_t)k;
		x->alone = (uint8_t)alone;
		x->next = dict[w].first[t];
		dict[w].first[t] = (uint16_t)++ncue_ents;
		dict[w].tabs |= (uint8_t)(1u << t);
	}
}

/*
 * Tries cue k of table t at token i; first: its first pattern token is
 * known to match (else the whole pattern is matched).
 */
static void
try_cue(struct ctx *c, size_t t, size_t k, size_t i, int first)
{
	const struct cue *q = &tables[t].cue[k];
	const struct cpat *cp = &cpats[cpat_base[t] + k];
	size_t end;

	if (first)
		end = match_seq(c, i + 1, slots + cp->slot + 1, cp->n - 1u, i);
	else
		end = match_seq(c, i, slots + cp->slot, cp->n, i);
	if (end != NOMATCH && end > i && cue_allowed(c->tk, q, i, end))
		tables[t].fire(c, q, i, end);
}

static void
scan(struct ctx *c, size_t t)
{
	const struct tokens *tk = c->tk;
	const struct tinfo *ti;
	const struct cue_ent *x;
	const struct slot *s0;
	struct tinfo tmp;
	uint16_t head[TI_WORDS];
	size_t i, k, nw;
	int best, alone;

	for (i = 0; i < tk->n; i++) {
		ti = info(c, i, &tmp);
		if (!((ti->tabs >> t) & 1))
			continue;	/* no cue to try */
		nw = ti->nw;
		for (k = 0; k < nw; k++)
			head[k] = dict[ti->w[k]].first[t];
		/*
		 * The cues opened by any of the token's words, later ones
		 * first: a merge of the words' lists, which run that way.
		 */
		for (;;) {
			best = -1;
			for (k = 0; k < nw; k++)
				if (head[k] != 0 &&
				    cue_ents[head[k] - 1].cue > best)
					best = cue_ents[head[k] - 1].cue;
			if (best < 0)
				break;
			alone = 0;
			for (k = 0; k < nw; k++) {
				if (head[k] == 0)
					continue;
				x = &cue_ents[head[k] - 1];
				if (x->cue == best) {
					alone |= x->alone;
					head[k] = x->next;
				}
			}
			if (!ti->weird || alone)
				try_cue(c, t, (size_t)best, i, 1);
			else
				try_cue(c, t, (size_t)best, i, 0);
		}
		for (k = 0; k < nalways[t]; k++) {
			/* most tokens are not of the class: say so first */
			s0 = &slots[cpats[cpat_base[t] + always[t][k]].slot];
			if (s0->opt)
				try_cue(c, t, always[t][k], i, 0);
			else if (slot_match(c, i, s0))
				try_cue(c, t, always[t][k], i, 1);
		}
	}
}

static int
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int
is_alnum(char ch)
{
	return is_digit(ch) || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z');
}

/*
 * Judges the digit groups of a run: 10 to 15 digits in at most 6 groups,
 * one long group only up to 12, and not a date, a list of years or a
 * number with thousands separators.
 */
static int
phone_groups(const int *g, int ng, int digits)
{
	int k, years = 0, thousands = 1;

	if (digits < 10 || digits > 15 || ng < 1 || ng > 6)
		return 0;
	if (ng == 1)
		return digits <= 12;
	for (k = 0; k < ng; k++) {
		years += g[k] == 4;
		if (k > 0 && g[k] != 3)
			thousands = 0;
	}
	if (years == ng || thousands)
		return 0;
	return !(ng >= 3 && g[0] == 4 && g[1] <= 2 && g[2] <= 2);
}

/* A phone number starting at s[i]; *end is where the run stopped. */
static int
phone_at(const char *s, size_t n, size_t i, size_t *end)
{
	int g[8], ng = 0, glen = 0, digits = 0, sep = 0;
	size_t j;

	for (j = i; j < n; j++) {
		if (is_digit(s[j])) {
			glen++, digits++, sep = 0;
			continue;
		}
		if (strchr(" -.()+", s[j]) == NULL || s[j] == '\0' || ++sep > 2)
			break;
		if (glen > 0 && ng < 8)
			g[ng++] = glen;
		glen = 0;
	}
	if (glen > 0 && ng < 8)
		g[ng++] = glen;
	*end = j;
	if (j < n && is_alnum(s[j]))
		return 0;
	return phone_groups(g, ng, digits);
}

static int
has_phone(const char *s, size_t n)
{
	size_t i, end, digits = 0;

	/* most comments do not have the ten digits a number needs */
	for (i = 0; i < n; i++)
		digits += (unsigned char)(s[i] - '0') < 10;
	if (digits < 10)
		return 0;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]) && s[i] != '+' && s[i] != '(')
			continue;
		if (i > 0 && is_alnum(s[i - 1]))
			continue;
		if (phone_at(s, n, i, &end))
			return 1;
		if (end > i)
			i = end - 1;
	}
	return 0;
}

static int
is_mailchar(char ch, int local)
{
	return is_alnum(ch) || ch == '.' || ch == '-' ||
	    (local && (ch == '_' || ch == '+' || ch == '%'));
}

/* local@domain.tld with a top-level domain of two letters or more. */
static int
has_email(const char *s, size_t n)
{
	const char *p;
	size_t at, a, b, dot, k;

	for (at = 1; at + 1 < n; at++) {
		if ((p = memchr(s + at, '@', n - 1 - at)) == NULL)
			break;
		at = (size_t)(p - s);
		for (a = at; a > 0 && is_mailchar(s[a - 1], 1); a--)
			;
		for (b = at + 1; b < n && is_mailchar(s[b], 0); b++)
			;
		while (b > at + 1 && s[b - 1] == '.')
			b--;
		if (a == at || s[a] == '.')
			continue;
		for (dot = b; dot > at + 1 && s[dot - 1] != '.'; dot--)
			;
		if (dot <= at + 2 || b - dot < 2)
			continue;
		for (k = dot; k < b && ((s[k] | 0x20) >= 'a' &&
		    (s[k] | 0x20) <= 'z'); k++)
			;
		if (k == b)
			return 1;
	}
	return 0;
}

static int
is_ordinal(const struct tokens *tk, size_t k)
{
	const char *s = tok_norm(tk, k);
	size_t n = tk->t[k].nlen;

	return tk->t[k].kind == TK_WORD && n >= 3 && is_digit(s[0]) &&
	    strchr("snrt", s[n - 2]) != NULL;
}

/* "123 Main St": a number, capitalised names, a street word. */
static int
has_street(const struct ctx *c)
{
	const struct tokens *tk = c->tk;
	size_t i, k;

	for (i = 0; i + 2 < tk->n; i++) {
		if (tk->t[i].kind != TK_NUMBER || tk->t[i].nlen > 6 ||
		    strspn(tok_norm(tk, i), "0123456789") != tk->t[i].nlen)
			continue;
		for (k = i + 1; k < tk->n && k - i <= 4 && same_clause(tk, k,
		    i); k++) {
			if (k > i + 1 && in_list(c, k, IN_STREET))
				return 1;
			if (!is_capital(tk, k) && !is_ordinal(tk, k))
				break;
		}
	}
	return 0;
}

static void
scan_raw_risks(struct ctx *c)
{
	const struct tokens *tk = c->tk;
	size_t i;

	for (i = 0; i < tk->n; i++)
		if (tk->t[i].kind == TK_WORD && in_list(c, i, IN_SLURS))
			add_risk(c, RISK_SLUR, "slur_list");
	if (has_phone(c->text, c->len))
		add_risk(c, RISK_DOXXING, "phone_number");
	if (has_email(c->text, c->len))
		add_risk(c, RISK_DOXXING, "email");
	if (has_street(c))
		add_risk(c, RISK_DOXXING, "street_address");
}

/*
 * 😭 is crying with laughter or joy in fan talk ("she gorgeous 😭😭❤"),
 * sadness beside sad, angry or hostile words, and weak sadness alone.
 */
static void
weigh_crying(struct ctx *c)
{
	static const char cry[] = "😭";
	const float *em = c->out->emotion;
	size_t i, n = 0;
	float more;

	for (i = 0; i < c->tk->n; i++)
		n += tok_kind(c->tk, i, TK_EMOJI) &&
		    aff_tok_eq(c->tk, i, cry, sizeof(cry) - 1);
	if (n == 0)
		return;
	more = n >= 3 ? 0.1f : 0;
	if (em[EM_SADNESS] > 0 || em[EM_ANGER] > 0 || em[EM_DISGUST] > 0 ||
	    em[EM_FEAR] > 0 || c->out->toxicity > 0)
		add_emotion(c, EM_SADNESS, 0.55f + more, cry);
	else if (em[EM_JOY] > 0 || em[EM_LOVE] > 0)
		add_emotion(c, EM_JOY, 0.45f + more, cry);
	else
		add_emotion(c, EM_SADNESS, 0.35f + more, cry);
}

static int
has_pattern(const struct ctx *c, const struct cpat *cp)
{
	size_t i;

	for (i = 0; i < c->tk->n; i++)
		if (match_seq(c, i, slots + cp->slot, cp->n, i) != NOMATCH)
			return 1;
	return 0;
}

static int
is_irony(const struct ctx *c, size_t i)
{
	return tok_kind(c->tk, i, TK_EMOJI) && in_list(c, i, IN_IRONY);
}

static int
has_irony(const struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->tk->n; i++)
		if (is_irony(c, i))
			return 1;
	return 0;
}

static int
is_praise(const struct ctx *c, size_t j)
{
	return tok_kind(c->tk, j, TK_WORD) && in_list(c, j, IN_POS) &&
	    !negated(c, j);
}

/*
 * Praise in the clause of an eye-roll, clown or unamused face, or in the
 * last clause with words before it ("So brave. 🙄"): two linear passes.
 */
static int
praise_eyeroll(const struct ctx *c)
{
	const struct tokens *tk = c->tk;
	size_t j;
	unsigned cl = 0;
	int seen = 0, praise = 0;

	for (j = 0; j < tk->n; j++) {
		if (tk->t[j].kind == TK_WORD) {
			if (!seen || tk->t[j].clause != cl)
				praise = 0;
			seen = 1;
			cl = tk->t[j].clause;
			praise |= is_praise(c, j);
		} else if (praise && is_irony(c, j))
			return 1;
	}
	for (j = tk->n, seen = 0; j-- > 0;) {
		if (is_praise(c, j)) {
			seen = 1;
			cl = tk->t[j].clause;
		} else if (seen && tk->t[j].clause == cl && is_irony(c, j))
			return 1;
	}
	return 0;
}

static int
quote_before(const char *s, size_t at)
{
	return (at >= 1 && s[at - 1] == '"') || (at >= 3 &&
	    (memcmp(s + at - 3, "\xe2\x80\x9c", 3) == 0 ||
	    memcmp(s + at - 3, "\xe2\x80\x9d", 3) == 0));
}

static int
quote_after(const char *s, size_t n, size_t at)
{
	return (at < n && s[at] == '"') || (at + 3 <= n &&
	    (memcmp(s + at, "\xe2\x80\x9d", 3) == 0 ||
	    memcmp(s + at, "\xe2\x80\x9c", 3) == 0));
}

/* Quoting a word to talk about it: "the word “iconic”", "replace “x”". */
static int
mention(const struct ctx *c, size_t j)
{
	size_t k;

	for (k = j; k > 0 && j - k < 3; k--)
		if (in_list(c, k - 1, IN_MENTION))
			return 1;
	return 0;
}

/* One or two words in quotes, one a claim: "“natural” look", "“love”". */
static int
scare_quotes(const struct ctx *c, const char *s, size_t n)
{
	const struct tokens *tk = c->tk;
	size_t j, k, words = 0, end;

	for (j = 0; j < tk->n; j++)
		words += tk->t[j].kind == TK_WORD;
	for (j = 0; j < tk->n; j++) {
		if (!tok_kind(tk, j, TK_WORD) || tk->t[j].start > n ||
		    !quote_before(s, tk->t[j].start) || mention(c, j))
			continue;
		for (k = j; k < j + 2 && tok_kind(tk, k, TK_WORD); k++) {
			end = (size_t)tk->t[k].start + tk->t[k].len;
			if (end > n || !quote_after(s, n, end))
				continue;
			if (words > k - j + 1 && (in_list(c, j, IN_CLAIM) ||
			    in_list(c, k, IN_CLAIM)))
				return 1;
			break;
		}
	}
	return 0;
}

/* "/s" standing alone, the Reddit sarcasm tag. */
static int
has_slash_s(const char *s, size_t n)
{
	const char *p;
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if ((p = memchr(s + i, '/', n - 1 - i)) == NULL)
			break;
		i = (size_t)(p - s);
		if ((s[i + 1] | 0x20) == 's' &&
		    (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n') &&
		    (i + 2 == n || (!is_alnum(s[i + 2]) && s[i + 2] != '/')))
			return 1;
	}
	return 0;
}

static void
find_sarcasm(struct ctx *c)
{
	const float *em = c->out->emotion;
	int irony = has_irony(c);

	if (irony && has_pattern(c, &good_for))
		set_sarcasm(c, "good_for_her_eyeroll");
	if (has_pattern(c, &love_that) && (irony ||
	    c->out->toxicity > 0 || em[EM_ANGER] > 0 || em[EM_DISGUST] > 0 ||
	    em[EM_FATIGUE] > 0))
		set_sarcasm(c, "love_that_negative");
	if (irony && c->targeted == 0 && praise_eyeroll(c))
		set_sarcasm(c, "positive_eyeroll");
	if (has_slash_s(c->text, c->len))
		set_sarcasm(c, "slash_s");
	if (scare_quotes(c, c->text, c->len))
		set_sarcasm(c, "scare_quotes");
}

enum { L_EN, L_ES, L_PT, L_FR, L_IT, L_DE, L_TR, L_COUNT };

/*
 * Function words and a few very common words, accents stripped, with the
 * points they give en, es, pt, fr, it, de, tr: 2 for a word of that language
 * only, 1 for one shared with a neighbour or that looks like English.
 * Sorted by strcmp for bsearch.
 */
struct lang_word {
	const char	*word;
	const char	*pts;
};

static const struct lang_word lang_words[] = {
	{ "a", "1110000" }, { "aber", "0000020" }, { "about", "2000000" },
	{ "agora", "0020000" }, { "ahora", "0200000" }, { "al", "0100000" },
	{ "all", "2000000" }, { "alla", "0000200" }, { "alles", "0000020" },
	{ "ama", "0000002" }, { "amazing", "2000000" }, { "an", "2000000" },
	{ "anche", "0000200" }, { "ancora", "0000200" },
	{ "and", "2000000" }, { "antes", "0110000" }, { "ao", "0020000" },
	{ "aqui", "0220000" }, { "are", "2000000" }, { "as", "1010000" },
	{ "asi", "0200000" }, { "at", "2000000" }, { "au", "0001000" },
	{ "auch", "0000020" }, { "auf", "0000020" }, { "auguri", "0000200" },
	{ "aux", "0002000" }, { "avec", "0002000" }, { "be", "2000000" },
	{ "beautiful", "2000000" }, { "because", "2000000" },
	{ "been", "2000000" }, { "bella", "0100100" },
	{ "belle", "0002000" }, { "bellissima", "0000200" },
	{ "bellissimo", "0000200" }, { "ben", "0000001" },
	{ "bence", "0000002" }, { "bien", "0101000" }, { "bir", "0000002" },
	{ "birthday", "2000000" }, { "biz", "0000001" },
	{ "brava", "0000200" }, { "bravo", "0111100" }, { "bu", "0000002" },
	{ "but", "2000000" }, { "c'est", "0002000" }, { "ca", "0001000" },
	{ "can", "2000000" }, { "can't", "2000000" }, { "cant", "2000000" },
	{ "ce", "0002000" }, { "cest", "0002000" }, { "cette", "0002000" },
	{ "che", "0000200" }, { "ci", "0000200" }, { "cok", "0000002" },
	{ "com", "0020000" }, { "come", "0000100" }, { "comme", "0002000" },
	{ "como", "0110000" }, { "con", "0100100" }, { "cosa", "0000200" },
	{ "cuando", "0200000" }, { "cunku", "0000002" }, { "da", "0010101" },
	{ "daha", "0000002" }, { "dans", "0002000" }, { "das", "0010010" },
	{ "de", "0111001" }, { "degil", "0000002" }, { "degli", "0000200" },
	{ "dein", "0000020" }, { "del", "0100100" }, { "dela", "0020000" },
	{ "dele", "0020000" }, { "della", "0000200" },
	{ "delle", "0000200" }, { "dello", "0000200" }, { "dem", "0000020" },
	{ "den", "0000010" }, { "der", "0000020" }, { "des", "0002000" },
	{ "di", "0000100" }, { "did", "2000000" }, { "die", "0000010" },
	{ "diese", "0000020" }, { "dieser", "0000020" }, { "do", "1000000" },
	{ "doch", "0000020" }, { "does", "2000000" }, { "don't", "2000000" },
	{ "donde", "0200000" }, { "dont", "2000000" }, { "dos", "0010000" },
	{ "du", "0002020" }, { "e", "0010100" }, { "ein", "0000020" },
	{ "eine", "0000020" }, { "einen", "0000020" }, { "el", "0200000" },
	{ "ela", "0020000" }, { "ele", "0020000" }, { "eles", "0020000" },
	{ "ella", "0200000" }, { "elle", "0002000" }, { "ellos", "0200000" },
	{ "em", "0010000" }, { "en", "0101000" }, { "entonces", "0200000" },
	{ "er", "0000010" }, { "era", "0100000" }, { "es", "0201010" },
	{ "esa", "0200000" }, { "eso", "0200000" }, { "essa", "0020000" },
	{ "esse", "0020000" }, { "est", "0002000" }, { "esta", "0220000" },
	{ "estas", "0200000" }, { "este", "0110000" }, { "esto", "0200000" },
	{ "estou", "0020000" }, { "et", "0001000" }, { "etait", "0002000" },
	{ "ete", "0002000" }, { "eu", "0020000" },
	{ "felicidades", "0200000" }, { "feliz", "0200000" },
	{ "foi", "0020000" }, { "for", "2000000" }, { "from", "2000000" },
	{ "fue", "0200000" }, { "fur", "0000020" }, { "geld", "0000010" },
	{ "get", "2000000" }, { "gibi", "0000002" }, { "gli", "0000200" },
	{ "good", "2000000" }, { "got", "2000000" },
	{ "gracias", "0200000" }, { "grazie", "0000200" },
	{ "great", "2000000" }, { "gut", "0000010" }, { "guzel", "0000002" },
	{ "ha", "0000100" }, { "haben", "0000020" }, { "hace", "0200000" },
	{ "happy", "2000000" }, { "has", "2000000" }, { "hat", "0000010" },
	{ "have", "2000000" }, { "hay", "0100000" }, { "he", "2000000" },
	{ "he's", "2000000" }, { "her", "2000000" },
	{ "hermosa", "0200000" }, { "hermoso", "0200000" },
	{ "hes", "2000000" }, { "hier", "0000020" }, { "him", "2000000" },
	{ "his", "2000000" }, { "ho", "0000100" }, { "how", "2000000" },
	{ "i", "2000000" }, { "i'm", "2000000" }, { "ich", "0000020" },
	{ "icin", "0000002" }, { "if", "2000000" }, { "ihr", "0000020" },
	{ "il", "0001100" }, { "ile", "0000002" }, { "ils", "0002000" },
	{ "im", "2000000" }, { "immer", "0000020" }, { "in", "1000010" },
	{ "io", "0000200" }, { "is", "2000000" }, { "isn't", "2000000" },
	{ "isso", "0020000" }, { "ist", "0000020" }, { "isto", "0020000" },
	{ "it", "2000000" }, { "it's", "2000000" }, { "its", "2000000" },
	{ "j'ai", "0002000" }, { "ja", "0010000" }, { "jai", "0002000" },
	{ "jaja", "0200000" }, { "jajaja", "0200000" },
	{ "jajajaja", "0200000" }, { "je", "0002000" },
	{ "jetzt", "0000020" }, { "just", "2000000" },
	{ "kadar", "0000002" }, { "kann", "0000020" }, { "kkkk", "0020000" },
	{ "kkkkk", "0020000" }, { "know", "2000000" }, { "la", "0101100" },
	{ "las", "0200000" }, { "le", "0101100" }, { "lei", "0000100" },
	{ "les", "0102000" }, { "liebe", "0000020" }, { "like", "2000000" },
	{ "linda", "0110000" }, { "lindo", "0110000" }, { "lo", "0100100" },
	{ "lol", "2000000" }, { "look", "2000000" }, { "looks", "2000000" },
	{ "los", "0200000" }, { "love", "2000000" }, { "luce", "0000100" },
	{ "lui", "0002200" }, { "ma", "0001100" },
	{ "magnifique", "0002000" }, { "mais", "0011000" },
	{ "man", "0000010" }, { "mas", "0210000" }, { "me", "1101000" },
	{ "mehr", "0000020" }, { "mein", "0000020" }, { "mejor", "0200000" },
	{ "merci", "0002000" }, { "merece", "0200000" },
	{ "mes", "0002000" }, { "meu", "0020000" }, { "mi", "0100101" },
	{ "minha", "0020000" }, { "mit", "0000010" }, { "moi", "0002000" },
	{ "molto", "0000200" }, { "mon", "0002000" }, { "more", "2000000" },
	{ "mucho", "0200000" }, { "muito", "0020000" },
	{ "mujer", "0200000" }, { "muy", "0200000" }, { "my", "2000000" },
	{ "n'est", "0002000" }, { "na", "0010000" }, { "nada", "0100000" },
	{ "nao", "0020000" }, { "ne", "0001001" }, { "nel", "0000200" },
	{ "neresi", "0000002" }, { "nicht", "0000020" }, { "no", "1110100" },
	{ "noch", "0000020" }, { "non", "0001100" }, { "nos", "0110000" },
	{ "nossa", "0020000" }, { "not", "2000000" }, { "nous", "0002000" },
	{ "nunca", "0110000" }, { "nur", "0000020" }, { "o", "0110001" },
	{ "obrigada", "0020000" }, { "obrigado", "0020000" },
	{ "oder", "0000020" }, { "of", "2000000" }, { "omg", "2000000" },
	{ "on", "2000000" }, { "one", "2000000" }, { "onlar", "0000002" },
	{ "ont", "0002000" }, { "or", "2000000" }, { "os", "0010000" },
	{ "ou", "0011000" }, { "oui", "0002000" }, { "our", "2000000" },
	{ "out", "2000000" }, { "para", "0110000" },
	{ "parabens", "0020000" }, { "pas", "0002000" },
	{ "people", "2000000" }, { "per", "0000100" },
	{ "perche", "0000200" }, { "pero", "0200000" }, { "piu", "0000200" },
	{ "plus", "0001000" }, { "por", "0110000" }, { "porque", "0210000" },
	{ "pour", "0001000" }, { "pq", "0020000" }, { "pra", "0020000" },
	{ "propria", "0000200" }, { "proprio", "0000200" },
	{ "pues", "0200000" }, { "que", "0111000" }, { "quel", "0002000" },
	{ "quelle", "0002000" }, { "questa", "0000200" },
	{ "questo", "0000200" }, { "qui", "0002000" },
	{ "quien", "0200000" }, { "quoi", "0002000" },
	{ "really", "2000000" }, { "reina", "0200000" }, { "sa", "0002000" },
	{ "sadece", "0000002" }, { "sagen", "0000020" },
	{ "sao", "0020000" }, { "schon", "0000020" },
	{ "schone", "0000020" }, { "schonste", "0000020" },
	{ "se", "0111100" }, { "sehr", "0000020" }, { "sei", "0000200" },
	{ "sein", "0000020" }, { "sempre", "0010200" }, { "sen", "0000001" },
	{ "ser", "0210000" }, { "ses", "0002000" }, { "seu", "0020000" },
	{ "seus", "0020000" }, { "she", "2000000" }, { "she's", "2000000" },
	{ "shes", "2000000" }, { "should", "2000000" }, { "si", "0101100" },
	{ "sie", "0000020" }, { "siempre", "0200000" }, { "sim", "0010000" },
	{ "sin", "0100000" }, { "sind", "0000020" }, { "siz", "0000002" },
	{ "so", "2010010" }, { "solo", "0100100" }, { "son", "0101000" },
	{ "sono", "0000200" }, { "sont", "0002000" },
	{ "splende", "0000200" }, { "stella", "0000100" },
	{ "su", "0200000" }, { "sua", "0020200" }, { "suis", "0002000" },
	{ "suo", "0000200" }, { "sur", "0002000" }, { "sus", "0200000" },
	{ "ta", "0010000" }, { "tambem", "0020000" },
	{ "tambien", "0200000" }, { "tan", "0100000" }, { "tao", "0020000" },
	{ "te", "0111000" }, { "tem", "0020000" }, { "than", "2000000" },
	{ "thank", "2000000" }, { "thanks", "2000000" },
	{ "that", "2000000" }, { "the", "2000000" }, { "their", "2000000" },
	{ "them", "2000000" }, { "there", "2000000" },
	{ "these", "2000000" }, { "they", "2000000" },
	{ "they're", "2000000" }, { "theyre", "2000000" },
	{ "think", "2000000" }, { "this", "2000000" }, { "ti", "0000100" },
	{ "tiene", "0200000" }, { "titel", "0000010" }, { "to", "2000000" },
	{ "todo", "0110000" }, { "todos", "0200000" }, { "toi", "0002000" },
	{ "too", "2000000" }, { "tous", "0002000" }, { "tout", "0002000" },
	{ "tres", "0102000" }, { "trop", "0002000" },
	{ "troppo", "0000200" }, { "tu", "0111100" }, { "tudo", "0020000" },
	{ "tutti", "0000200" }, { "tutto", "0000200" }, { "um", "0010010" },
	{ "uma", "0020000" }, { "un", "0101100" }, { "una", "0100100" },
	{ "und", "0000020" }, { "une", "0002000" }, { "up", "2000000" },
	{ "vai", "0010100" }, { "var", "0000001" }, { "vc", "0020000" },
	{ "ve", "0000002" }, { "very", "2000000" }, { "vida", "0110000" },
	{ "viva", "0110100" }, { "voce", "0020000" }, { "von", "0000010" },
	{ "votre", "0002000" }, { "vous", "0002000" },
	{ "vraiment", "0002000" }, { "was", "2000010" }, { "we", "2000000" },
	{ "wenn", "0000020" }, { "were", "2000000" }, { "what", "2000000" },
	{ "when", "2000000" }, { "who", "2000000" }, { "why", "2000000" },
	{ "wie", "0000020" }, { "will", "2000010" }, { "wir", "0000020" },
	{ "wird", "0000020" }, { "with", "2000000" }, { "would", "2000000" },
	{ "wow", "2000000" }, { "y", "0200000" }, { "ya", "0100000" },
	{ "yes", "2000000" }, { "yo", "0200000" }, { "yok", "0000002" },
	{ "you", "2000000" }, { "you're", "2000000" }, { "your", "2000000" },
	{ "youre", "2000000" }, { "zu", "0000020" },
};

static const char *const lang_codes[L_COUNT] = {
	"en", "es", "pt", "fr", "it", "de", "tr"
};

/* Letters that only some languages write (one bonus per word). */
static const struct {
	const char	*seq;
	int8_t		 pts[L_COUNT];
} marks[] = {
	{ "ñ", { 0, 2, 0, 0, 0, 0, 0 } }, { "ã", { 0, 0, 2, 0, 0, 0, 0 } },
	{ "õ", { 0, 0, 2, 0, 0, 0, 0 } }, { "ç", { 0, 0, 1, 1, 0, 0, 1 } },
	{ "ß", { 0, 0, 0, 0, 0, 2, 0 } }, { "ä", { 0, 0, 0, 0, 0, 1, 0 } },
	{ "ö", { 0, 0, 0, 0, 0, 1, 1 } }, { "ü", { 0, 0, 0, 0, 0, 1, 1 } },
	{ "è", { 0, 0, 0, 1, 1, 0, 0 } }, { "ê", { 0, 0, 1, 1, 0, 0, 0 } },
	{ "à", { 0, 0, 1, 1, 1, 0, 0 } }, { "ò", { 0, 0, 0, 0, 1, 0, 0 } },
	{ "ù", { 0, 0, 0, 1, 1, 0, 0 } }, { "á", { 0, 1, 1, 0, 0, 0, 0 } },
	{ "í", { 0, 1, 1, 0, 0, 0, 0 } }, { "ó", { 0, 1, 1, 0, 0, 0, 0 } },
	{ "ú", { 0, 1, 1, 0, 0, 0, 0 } }, { "é", { 0, 1, 1, 1, 0, 0, 0 } },
	{ "ı", { 0, 0, 0, 0, 0, 0, 2 } }, { "ş", { 0, 0, 0, 0, 0, 0, 2 } },
	{ "ğ", { 0, 0, 0, 0, 0, 0, 2 } },
};

static int
has_seq(const char *s, size_t n, const char *seq)
{
	size_t m = strlen(seq);
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) >= m &&
	    (p = memchr(p, (unsigned char)seq[0], (size_t)(end - p) - m + 1)) !=
	    NULL) {
		if (memcmp(p, seq, m) == 0)
			return 1;
		p++;
	}
	return 0;
}

static const struct {
	int32_t		 lo, hi;
	const char	*code;
} scripts[] = {
	{ 0x0370, 0x03FF, "el" }, { 0x0400, 0x052F, "ru" },
	{ 0x0590, 0x05FF, "he" }, { 0x0600, 0x06FF, "ar" },
	{ 0x0750, 0x077F, "ar" }, { 0x0900, 0x097F, "hi" },
	{ 0x0E00, 0x0E7F, "th" }, { 0x1100, 0x11FF, "ko" },
	{ 0x3040, 0x30FF, "ja" }, { 0x4E00, 0x9FFF, "zh" },
	{ 0xAC00, 0xD7AF, "ko" },
};

/*
 * Scores word token i for each language, and counts its letters by script
 * (latin gets the rest): one pass over its text for both.
 */
static void
score_word(const struct ctx *c, size_t i, const char *text, size_t len,
    int *score, int *count, int *latin)
{
	const struct token *t = &c->tk->t[i];
	const struct lang_word *w = NULL;
	struct tinfo tmp;
	utf8proc_int32_t cp;
	utf8proc_ssize_t r;
	size_t l, m, k, e = (size_t)t->start + t->len;
	int16_t lw;
	int ascii = 1;

	/* the dictionary holds lang_words, compared whole */
	if ((lw = info(c, i, &tmp)->lang) >= 0)
		w = &lang_words[lw];
	for (l = 0; w != NULL && l < L_COUNT; l++)
		score[l] += w->pts[l] - '0';
	if (e > len)
		return;
	for (k = t->start; k < e; k += r > 0 ? (size_t)r : 1) {
		if ((unsigned char)text[k] < 0x80) {
			/* no script of scripts[] is ASCII */
			r = 1;
			*latin += latin_letter[(unsigned char)text[k]];
			continue;
		}
		ascii = 0;
		r = utf8proc_iterate((const utf8proc_uint8_t *)text + k,
		    (utf8proc_ssize_t)(e - k), &cp);
		if (r <= 0)
			continue;
		for (m = 0; m < NELEM(scripts); m++)
			if (cp >= scripts[m].lo && cp <= scripts[m].hi)
				break;
		if (m < NELEM(scripts))
			count[m]++;
		else if (cp < 0x250 && latin_letter[cp])
			(*latin)++;
	}
	if (ascii)
		return;		/* no marks */
	for (m = 0; m < NELEM(marks); m++)
		if (has_seq(text + t->start, t->len, marks[m].seq))
			for (l = 0; l < L_COUNT; l++)
				score[l] += marks[m].pts[l];
}

/* The script of most letters when it is not Latin; NULL otherwise. */
static const char *
main_script(int *count, int latin)
{
	size_t m, kana = lang_kana, han = lang_han;
	int best = 0;

	if (count[kana] > 0)
		count[kana] += count[han], count[han] = 0;
	for (m = 1; m < NELEM(scripts); m++)
		if (count[m] > count[best])
			best = (int)m;
	return count[best] > latin ? scripts[best].code : NULL;
}

/* Letters that tell Ukrainian from Russian, Persian from Arabic. */
static const char *
refine_script(const char *code, const char *text, size_t len)
{
	static const char *const uk[] = { "і", "ї", "є", "ґ" };
	static const char *const fa[] = { "پ", "چ", "ژ", "گ", "ی" };
	size_t k;

	for (k = 0; strcmp(code, "ru") == 0 && k < NELEM(uk); k++)
		if (has_seq(text, len, uk[k]))
			return "uk";
	for (k = 0; strcmp(code, "ar") == 0 && k < NELEM(fa); k++)
		if (has_seq(text, len, fa[k]))
			return "fa";
	return code;
}

static const char *
detect_lang(const struct ctx *c, const char *text, size_t len)
{
	const struct tokens *tk = c->tk;
	int score[L_COUNT] = { 0 }, words = 0, best = L_ES, l;
	int count[NELEM(scripts)] = { 0 }, latin = 0;
	const char *script;
	size_t i;

	for (i = 0; i < tk->n; i++)
		if (tk->t[i].kind == TK_WORD) {
			words++;
			score_word(c, i, text, len, score, count, &latin);
		}
	if (words == 0)
		return "und";
	if ((script = main_script(count, latin)) != NULL)
		return refine_script(script, text, len);
	if (has_seq(text, len, "¿") || has_seq(text, len, "¡"))
		score[L_ES] += 2;
	for (l = L_ES + 1; l < L_COUNT; l++)
		if (score[l] > score[best])
			best = l;
	/* short texts: "Hermosa Fátima", "Parabéns!!" */
	if (score[best] > score[L_EN] && (score[best] >= 3 ||
	    (score[best] >= 2 && words <= 2)))
		return lang_codes[best];
	return "en";
}

/*
 * Builds, once: the dictionary with the lists' bits, the compiled patterns,
 * the cues each word opens, and the tables of the language guess.
 */
static void
idx_build(void)
{
	const struct slot *s0;
	const struct cue *q;
	size_t t, k, l, n;
	uint16_t id;
	int32_t cp;

	for (l = 0; l < NELEM(lists); l++)
		mark_list(lists[l], (unsigned)l);
	for (t = 0; t < TAB_COUNT; t++) {
		cpat_base[t] = t == 0 ? 0 : cpat_base[t - 1] + tables[t - 1].n;
		if (cpat_base[t] + tables[t].n > PAT_MAX)
			idx_full();
		for (k = 0; k < tables[t].n; k++) {
			compile(tables[t].cue[k].pat,
			    &cpats[cpat_base[t] + k]);
			cue_first(t, k);
		}
	}
	for (t = 0; t < TAB_COUNT; t++)
		for (k = 0; k < nalways[t]; k++) {
			s0 = &slots[cpats[cpat_base[t] + always[t][k]].slot];
			if (s0->opt || s0->n > 0)
				always_any |= (uint8_t)(1u << t);
			else
				always_cls[t] |= s0->cls;
		}
	compile(GOOD_FOR, &good_for);
	compile(LOVE_THAT, &love_that);
	/* the insult bits: one-word patterns of the toxicity table */
	for (k = 0; k < NELEM(toxicity_cues); k++) {
		q = &toxicity_cues[k];
		if (strchr(q->pat, ' ') != NULL)
			continue;
		if (q->flags & F_PERSON)
			mark_list(q->pat, IN_INSULT_PERSON);
		if (q->flags & (F_ADJ | F_NOUN | F_PERSON))
			mark_list(q->pat, IN_INSULT);
	}
	for (k = 0; k < NELEM(lang_words); k++) {
		id = intern(lang_words[k].word, strlen(lang_words[k].word));
		dict[id].lang = (int16_t)k;
	}
	/* a token stands for at most TI_WORDS words */
	for (k = 0; k < DICT_HASH; k++) {
		n = 0;
		for (id = canon_tab[k].words; id != 0; id = dict[id - 1].next)
			n += dict[id - 1].pat;
		if (n > TI_WORDS)
			idx_full();
	}
	for (k = 0; k < NELEM(scripts); k++) {
		if (strcmp(scripts[k].code, "ja") == 0)
			lang_kana = k;
		if (strcmp(scripts[k].code, "zh") == 0)
			lang_han = k;
	}
	for (cp = 0x41; cp < 0x250; cp++)
		latin_letter[cp] = utf8proc_category(cp) <=
		    UTF8PROC_CATEGORY_LO;
}

const char *
affect_emotion_name(enum emotion e)
{
	return (unsigned)e < EM_COUNT ? emotion_names[e] : NULL;
}

const char *
affect_risk_name(enum risk r)
{
	return (unsigned)r < RISK_COUNT ? risk_names[r] : NULL;
}

void
affect_analyze(const struct tokens *tk, const char *text, size_t len,
    struct affect *out)
{
	struct tinfo *ti = ti_cache, *big = NULL;
	struct ctx c;
	size_t i, nti;

	pthread_once(&idx_once, idx_build);
	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.tk = tk;
	c.text = text != NULL ? text : "";
	c.len = text != NULL ? len : 0;
	c.out = out;
	/* each token is looked up once; every rule then reads ti */
	nti = tk->n < TI_CAP ? tk->n : TI_CAP;
	if (tk->n > TI_CAP && (big = xmalloc(tk->n * sizeof(*big))) != NULL) {
		ti = big;
		nti = tk->n;
	}
	for (i = 0; i < nti; i++)
		tok_info(tk, i, &ti[i]);
	c.ti = ti;
	c.nti = nti;
	out->lang = detect_lang(&c, c.text, c.len);
	scan(&c, TAB_EMOTION);
	scan(&c, TAB_TOXICITY);
	scan(&c, TAB_RISK);
	scan_raw_risks(&c);
	if (c.targeted >= 3 || c.at_you >= 2)
		add_risk(&c, RISK_HARASSMENT, "sustained_abuse");
	weigh_crying(&c);
	scan(&c, TAB_SARCASM);
	find_sarcasm(&c);
	if (out->sarcasm) {
		/* "love that for her 🙄" is not love */
		out->emotion[EM_JOY] *= 0.3f;
		out->emotion[EM_LOVE] *= 0.3f;
	}
	free(big);
}
