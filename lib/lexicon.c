#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "lexicon.h"
#include "xalloc.h"

/*
 * The toolkit's own ratings, on VADER's -4..+4 scale.  They add comment and
 * fan language the published lexicon lacks and correct ratings that mean
 * otherwise under a celebrity post ("🔥" is praise there, not danger).
 * Context-dependent phrases ("she ate", "mother", "💀" as laughter) are
 * handled by the scorer's rules, not here.
 */
static const struct lex_entry own[] = {
	/* words (only where the published lexicon has no rating) */
	{ "slay", 2.6 }, { "slayed", 2.6 }, { "slays", 2.6 },
	{ "slaying", 2.6 }, { "slayyy", 2.8 }, { "iconic", 2.6 },
	{ "legendary", 2.6 }, { "stunning", 3.0 }, { "obsessed", 1.8 },
	{ "yas", 2.0 }, { "yass", 2.2 }, { "yasss", 2.4 }, { "periodt", 1.2 },
	{ "wholesome", 2.4 }, { "flop", -2.0 }, { "flopped", -2.0 },
	{ "flops", -2.0 }, { "flopping", -2.0 }, { "ick", -2.0 },
	{ "cringe", -2.0 }, { "cringey", -2.0 }, { "cringy", -2.0 },
	{ "overrated", -2.0 }, { "underrated", 1.6 }, { "delusional", -2.2 },
	{ "nepo", -1.4 },
	{ "problematic", -1.6 }, { "grifter", -2.6 }, { "grifters", -2.6 },
	{ "narcissist", -2.6 }, { "narcissistic", -2.6 }, { "toxic", -2.4 },
	{ "bully", -2.4 }, { "bullied", -2.2 }, { "clowns", -2.0 },
	{ "fraud", -2.6 }, { "liar", -2.6 }, { "liars", -2.6 },
	{ "insufferable", -2.8 }, { "unbearable", -2.6 }, { "tacky", -1.8 },
	{ "trashy", -2.2 }, { "unwatchable", -2.6 }, { "miscast", -2.0 },
	{ "yikes", -1.4 }, { "ew", -1.8 }, { "eww", -2.0 }, { "ewww", -2.2 },
	{ "smh", -1.4 }, { "meh", -0.8 }, { "cutest", 2.6 }, { "gorg", 2.6 },
	{ "congrats", 2.4 }, { "bangers", 2.2 }, { "banger", 2.2 },
	{ "boycott", -2.2 }, { "unhinged", -1.8 }, { "spineless", -2.4 },
	{ "shady", -1.8 }, { "sux", -1.6 }, { "suxx", -1.8 },
	{ "icon", 1.8 }, { "legend", 2.2 }, { "snake", -2.0 },
	{ "snakes", -2.0 }, { "clown", -2.0 }, { "bots", -1.0 },
	{ "judas", -2.2 }, { "bullies", -2.2 }, { "corrupt", -2.2 },
	{ "corruption", -2.4 }, { "pedo", -3.0 },
	/* emoji (keys without U+FE0F; skin tones are dropped before lookup) */
	{ "\xF0\x9F\x94\xA5", 2.4 },		/* fire */
	{ "\xF0\x9F\x92\x80", 0.8 },		/* skull: laughter */
	{ "\xE2\x98\xA0", 0.8 },		/* skull and crossbones */
	{ "\xF0\x9F\x98\x82", 1.4 },		/* tears of joy */
	{ "\xF0\x9F\xA4\xA3", 1.4 },		/* rolling on the floor */
	{ "\xF0\x9F\x98\xAD", 0.3 },		/* loudly crying: mostly overwhelm */
	{ "\xF0\x9F\x90\x8D", -2.6 },		/* snake */
	{ "\xF0\x9F\xA4\xA1", -2.4 },		/* clown */
	{ "\xF0\x9F\x99\x84", -1.6 },		/* rolling eyes */
	{ "\xF0\x9F\xA4\xAE", -3.0 },		/* vomiting */
	{ "\xF0\x9F\xA4\xA2", -2.6 },		/* nauseated */
	{ "\xF0\x9F\x92\xA9", -2.2 },		/* pile of poo */
	{ "\xF0\x9F\x91\x8E", -2.2 },		/* thumbs down */
	{ "\xF0\x9F\x91\x8D", 1.6 },		/* thumbs up */
	{ "\xF0\x9F\x91\x8F", 2.0 },		/* clapping */
	{ "\xF0\x9F\x99\x8C", 2.0 },		/* raising hands */
	{ "\xF0\x9F\x92\xAF", 1.6 },		/* hundred points */
	{ "\xE2\x9D\xA4", 3.0 },		/* red heart */
	{ "\xF0\x9F\x98\x8D", 3.0 },		/* heart eyes */
	{ "\xF0\x9F\xA5\xB0", 3.0 },		/* three hearts */
	{ "\xF0\x9F\xA5\xB9", 2.0 },		/* holding back tears */
	{ "\xF0\x9F\xAB\xB6", 2.6 },		/* heart hands */
	{ "\xE2\x9C\xA8", 1.2 },		/* sparkles */
	{ "\xF0\x9F\x91\x91", 2.0 },		/* crown */
	{ "\xF0\x9F\x90\x90", 2.4 },		/* goat */
	{ "\xF0\x9F\x92\x85", 1.2 },		/* nail polish */
	{ "\xF0\x9F\x98\xA1", -2.6 },		/* pouting */
	{ "\xF0\x9F\xA4\xAC", -3.0 },		/* symbols on mouth */
	{ "\xF0\x9F\x98\xA4", -1.4 },		/* steam from nose */
	{ "\xF0\x9F\xA5\xB1", -1.4 },		/* yawning */
	{ "\xF0\x9F\x98\x92", -1.6 },		/* unamused */
	{ "\xF0\x9F\x96\x95", -3.0 },		/* middle finger */
	{ "\xF0\x9F\x9A\xA9", -2.0 },		/* red flag */
	{ "\xF0\x9F\x97\x91", -2.0 },		/* wastebasket */
	{ "\xF0\x9F\x92\x94", -2.0 },		/* broken heart */
	{ "\xF0\x9F\x99\x8F", 1.4 },		/* folded hands */
	{ "\xF0\x9F\x92\x99", 2.6 }, { "\xF0\x9F\x92\x9A", 2.6 },
	{ "\xF0\x9F\x92\x9B", 2.6 }, { "\xF0\x9F\x92\x9C", 2.6 },
	{ "\xF0\x9F\xA7\xA1", 2.6 }, { "\xF0\x9F\xA4\x8D", 2.6 },
	{ "\xF0\x9F\x96\xA4", 2.0 }, { "\xF0\x9F\x92\x95", 3.0 },
	{ "\xF0\x9F\x92\x96", 3.0 }, { "\xF0\x9F\x92\x97", 3.0 },
	{ "\xF0\x9F\x92\x93", 3.0 }, { "\xF0\x9F\x92\x9E", 3.0 },
	{ "\xF0\x9F\x98\x98", 2.6 }, { "\xF0\x9F\xA4\xA9", 3.0 },
	{ "\xF0\x9F\x98\x8A", 2.4 }, { "\xF0\x9F\xA5\xB3", 2.6 },
	{ "\xF0\x9F\x98\xAC", -0.6 }, { "\xF0\x9F\xA4\x94", -0.4 },
	{ "\xF0\x9F\x98\xB3", -0.4 }, { "\xF0\x9F\x91\x80", 0.0 },
	{ "\xF0\x9F\x8D\xBF", 0.0 }, { "\xE2\x98\x95", 0.0 },
	{ "\xF0\x9F\xA5\xB4", -0.6 }, { "\xF0\x9F\xA4\xA6", -1.6 },
	{ "\xF0\x9F\xA4\xB7", -0.4 }, { "\xF0\x9F\x98\xB4", -1.2 },
	{ "\xF0\x9F\x92\xA4", -1.2 },
	{ "\xF0\x9F\xA7\xA2", -1.8 },		/* billed cap: lying */
	{ "\xF0\x9F\xA5\xB5", 1.8 },		/* hot face */
	{ "\xF0\x9F\xA4\x8C", 2.0 }		/* pinched fingers */
};

/* Word classes (lexicon_class). */
static const char *const negations[] = {
	"aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt",
	"doesnt", "ain't", "aren't", "can't", "couldn't", "daren't", "didn't",
	"doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt",
	"mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
	"mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope",
	"nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt",
	"uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't",
	"uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't",
	"wouldn't", "rarely", "seldom", "despite",
	NULL
};

static const char *const incr[] = {
	"absolutely", "amazingly", "awfully", "completely", "considerable",
	"considerably", "decidedly", "deeply", "effing", "enormous",
	"enormously", "entirely", "especially", "exceptional",
	"exceptionally", "extreme", "extremely", "fabulously", "flipping",
	"flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
	"friggin", "fully", "fuckin", "fucking", "fuggin", "fugging",
	"greatly", "hella", "highly", "hugely", "incredible", "incredibly",
	"intensely", "major", "majorly", "more", "most", "particularly",
	"purely", "quite", "really", "remarkably", "so", "substantially",
	"thoroughly", "total", "totally", "tremendous", "tremendously",
	"uber", "unbelievably", "unusually", "utter", "utterly", "very",
	"sooo", "soooo", "sooooo", "literally", NULL
};

static const char *const decr[] = {
	"almost", "barely", "hardly", "just enough", "kind of", "kinda",
	"kindof", "kind-of", "less", "little", "marginal", "marginally",
	"occasional", "occasionally", "partly", "scarce", "scarcely",
	"slight", "slightly", "somewhat", "sort of", "sorta", "sortof",
	"sort-of", NULL
};

/* Last words of the idioms and booster phrases ("the bomb", "kind of"). */
static const char *const phrase_ends[] = {
	"shit", "bomb", "ass", "badass", "stop", "right", "death", "for",
	"heart", "of", "enough", NULL
};

/* Capitalised words that start sentences or name things, not people
 * (for discover.c). */
static const char *const not_names[] = {
	"birthday", "anniversary", "bday", "wedding", "congrats", "welcome",
	"goodbye", "hello", "hi", "hey", "dear", "sis", "bro", "girl", "lmao",
	"omg", "wtf", "idk", "tbh", "imo", "rip", "ps", "viva", "royal",
	"word", "plan",
	"i", "i'm", "im", "i've", "i'd", "i'll", "the", "a", "an", "and", "but",
	"or", "so", "if", "my", "me", "we", "us", "our", "you", "your", "u",
	"he", "she", "they", "him", "her", "his", "hers", "them", "their",
	"it", "its", "it's", "this", "that", "these", "those", "what", "why",
	"how", "when", "where", "who", "which", "is", "are", "was", "were",
	"be", "been", "do", "does", "did", "not", "no", "yes", "oh", "omg",
	"lol", "lmao", "wow", "ok", "okay", "please", "just", "all", "any",
	"every", "some", "one", "two", "three", "first", "last", "new", "old",
	"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "king", "queen",
	"prince", "princess", "duke", "duchess", "god", "jesus", "lord",
	"christ", "team", "happy", "merry", "thanksgiving", "christmas",
	"easter", "halloween", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday", "january", "february", "march",
	"april", "may", "june", "july", "august", "september", "october",
	"november", "december", "link", "bio", "getty", "images", "image",
	"photo", "photos", "video", "instagram", "tiktok", "youtube",
	"netflix", "hulu", "prime", "disney", "hbo", "max", "apple", "tv",
	"walk", "fame", "hollywood", "award", "awards", "show", "series",
	"season", "episode", "movie", "film", "book", "books", "part",
	"america", "american", "usa", "us", "uk", "la", "ny", "nyc", "world",
	"people", "everyone", "everybody", "nobody", "someone", "girl", "boy",
	"girls", "boys", "man", "woman", "men", "women", "baby", "mom", "dad",
	"mother", "father", "sister", "brother", "wife", "husband", "family",
	"congrats", "congratulations", "rip", "amen", "yes", "yeah", "ya",
	"can't", "cant", "don't", "dont", "im", "let", "let's", "get", "go",
	"is", "has", "have", "had", "will", "would", "should", "could", "can",
	"at", "in", "on", "of", "for", "to", "from", "with", "by", "as",
	"about", "after", "before", "over", "up", "out", "more", "most",
	"very", "too", "also", "still", "even", "really", "such", "here",
	"there", "now", "then", "again", "ever", "never", "always", "why",
	"true", "love", "like", "thank", "thanks", "best", "great", "good",
	NULL
};

/* Words that open one of the scorer's fan-language rules. */
static const char *const fan[] = {
	"ate", "crumbs", "mother", "mothered", "mothering", "asked", "dead",
	"wait", "stand", "queen", "goat", "serving", "served", "deserved",
	"cooked", "cares", "thank", "really", NULL
};

struct slot {
	const char	*key;
	size_t		 len;
	double		 v;
};

struct lexicon {
	struct slot	*t;
	size_t		 size;
	struct slot	*cls;		/* word -> class bits (in .v) */
	size_t		 clsize;
};

static void
put_in(struct slot *t, size_t size, const char *key, double v, int add)
{
	size_t len = strlen(key);
	size_t j = idset_hash(key, len) & (size - 1);

	while (t[j].key != NULL) {
		if (t[j].len == len && memcmp(t[j].key, key, len) == 0)
			break;
		j = (j + 1) & (size - 1);
	}
	t[j].key = key;
	t[j].len = len;
	t[j].v = add ? (double)((int)t[j].v | (int)v) : v;
}

static void
put(struct lexicon *l, const char *key, double v)
{
	put_in(l->t, l->size, key, v, 0);
}

static const struct slot *
get_in(const struct slot *t, size_t size, const char *key, size_t len)
{
	size_t j = idset_hash(key, len) & (size - 1);

	while (t[j].key != NULL) {
		if (t[j].len == len && memcmp(t[j].key, key, len) == 0)
			return &t[j];
		j = (j + 1) & (size - 1);
	}
	return NULL;
}

static void
put_class(struct lexicon *l, const char *const *words, int bit)
{
	for (; *words != NULL; words++)
		put_in(l->cls, l->clsize, *words, bit, 1);
}

struct lexicon *
lexicon_new(void)
{
	struct lexicon *l = xcalloc(1, sizeof(*l));
	size_t n = lex_vader_nwords + lex_vader_nemoji +
	    sizeof(own) / sizeof(own[0]), i;
	double v;

	if (l == NULL)
		return NULL;
	for (l->size = 1024; l->size < n * 2; l->size *= 2)
		;
	if ((l->t = xcalloc(l->size, sizeof(*l->t))) == NULL) {
		free(l);
		return NULL;
	}
	l->clsize = 2048;
	if ((l->cls = xcalloc(l->clsize, sizeof(*l->cls))) == NULL) {
		lexicon_free(l);
		return NULL;
	}
	put_class(l, negations, LC_NEGATION);
	put_class(l, incr, LC_BOOST_UP);
	put_class(l, decr, LC_BOOST_DOWN);
	put_class(l, fan, LC_FAN);
	put_class(l, phrase_ends, LC_PHRASE_END);
	put_class(l, not_names, LC_NOT_NAME);
	for (i = 0; i < lex_vader_nwords; i++)
		put(l, lex_vader_words[i].key, lex_vader_words[i].valence);
	for (i = 0; i < lex_vader_nemoji; i++)
		put(l, lex_vader_emoji[i].key, lex_vader_emoji[i].valence);
	/* The toolkit's words fill gaps; they never replace a published
	 * rating of a word.  Emoji ratings are the toolkit's own. */
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if ((unsigned char)own[i].key[0] >= 0x80 ||
		    !lexicon_get(l, own[i].key, strlen(own[i].key), &v))
			put(l, own[i].key, own[i].valence);
	return l;
}

void
lexicon_free(struct lexicon *l)
{
	if (l == NULL)
		return;
	free(l->t);
	free(l->cls);
	free(l);
}

int
lexicon_get(const struct lexicon *l, const char *key, size_t len, double *v)
{
	const struct slot *x = get_in(l->t, l->size, key, len);

	if (x == NULL)
		return 0;
	*v = x->v;
	return 1;
}

int
lexicon_class(const struct lexicon *l, const char *key, size_t len)
{
	const struct slot *x = get_in(l->cls, l->clsize, key, len);

	return x == NULL ? 0 : (int)x->v;
}
