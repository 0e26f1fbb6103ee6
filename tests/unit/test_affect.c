/*
 * Unit tests for lib/affect: a table of comments in the style of the
 * Instagram exports (many taken from them), each with the emotions that must
 * and must not be found, the toxicity rule (NULL: no toxicity), the risks
 * (exactly), the sarcasm rule (NULL: none) and the language.  Half of the
 * rows are traps: words inside words, negation, idioms, insults at things.
 */
#include <stdio.h>
#include <string.h>

#include "lib/affect.h"
#include "lib/text.h"
#include "tests/unit/unit.h"

#define J	(1u << EM_JOY)
#define L	(1u << EM_LOVE)
#define AN	(1u << EM_ANGER)
#define DI	(1u << EM_DISGUST)
#define SA	(1u << EM_SADNESS)
#define SU	(1u << EM_SURPRISE)
#define FE	(1u << EM_FEAR)
#define FA	(1u << EM_FATIGUE)
#define ALL	((1u << EM_COUNT) - 1)
#define ONLY(m)	m, ALL & ~(m)		/* exactly these emotions */

#define HAR	(1u << RISK_HARASSMENT)
#define THR	(1u << RISK_THREAT)
#define SLU	(1u << RISK_SLUR)
#define DOX	(1u << RISK_DOXXING)
#define SELF	(1u << RISK_SELF_HARM)

static const struct {
	const char	*text;
	unsigned	 want, deny;	/* emotions present, absent */
	const char	*tox;		/* toxicity_rule; NULL: 0 */
	unsigned	 risks;		/* exactly these */
	const char	*sarc;		/* sarcasm_rule; NULL: none */
	const char	*lang;
} cases[] = {
	/* emotions */
	{ "Simone is so strong. Amazing woman ❤️", ONLY(L), NULL, 0, NULL,
	    "en" },
	{ "Happy birthday Goldie! 🎂🎉", ONLY(J), NULL, 0, NULL, "en" },
	{ "I can’t wait!! 🥳", ONLY(J), NULL, 0, NULL, "en" },
	{ "omg yes!!!", J, 0, NULL, 0, NULL, "en" },
	{ "I love the way they love each other! ❤️❤️", ONLY(L), NULL, 0, NULL,
	    "en" },
	{ "I’m obsessed 😍", ONLY(L), NULL, 0, NULL, "en" },
	{ "I am so angry right now 😡", ONLY(AN), NULL, 0, NULL, "en" },
	{ "🤢🤢🤢🤢🤮🤮🤮🤮", ONLY(DI), NULL, 0, NULL, "und" },
	{ "I’m so disappointed in ET.", ONLY(SA), NULL, 0, NULL, "en" },
	{ "RIP Princess Diana 😭", SA, J, NULL, 0, NULL, "en" },
	{ "Wait what?! 😱", SU, J | L | AN | SA, NULL, 0, NULL, "en" },
	{ "I was so scared, honestly terrified", ONLY(FE), NULL, 0, NULL,
	    "en" },
	{ "I’m so TIRED of them", ONLY(FA), NULL, 0, NULL, "en" },
	{ "Hungry for attention again? Geez, who cares.", ONLY(FA), NULL, 0,
	    NULL, "en" },
	{ "Wow so many mean people. They are obviously happy and in love, "
	    "get over it and move on.", FA | L, 0, NULL, 0, NULL, "en" },
	{ "Give it a rest 🥱", ONLY(FA), NULL, 0, NULL, "en" },

	/* 😭 by context: joy among happy words, sadness among sad ones */
	{ "She gorgeous 😭😭❤️❤️", J | L, SA, NULL, 0, NULL, "en" },
	{ "I am dying 😭😭😭😭", J, SA, NULL, 0, NULL, "en" },
	{ "I can't say goodbye 😭😭😭💚🩷", SA, J, NULL, 0, NULL, "en" },
	{ "😭😭😭", ONLY(SA), NULL, 0, NULL, "und" },

	/* negation and words inside words */
	{ "I'm not angry, just disappointed", SA, AN, NULL, 0, NULL, "en" },
	{ "I don't hate her", 0, AN, NULL, 0, NULL, "en" },
	{ "Whatever 😂", ONLY(J), NULL, 0, NULL, "en" },
	{ "I'm not happy about this", SA, J, NULL, 0, NULL, "en" },
	{ "She is in a class of her own", ONLY(0), NULL, 0, NULL, "en" },
	{ "Grass is greener, assess the classic bassist", ONLY(0), NULL, 0,
	    NULL, "en" },
	{ "I'm not over it yet", 0, FA, NULL, 0, NULL, "en" },
	{ "Could not love this more! 🔥❤️🔥", L, SA, NULL, 0, NULL, "en" },
	{ "I couldn't be happier", J, SA, NULL, 0, NULL, "en" },
	{ "Goodbye and good riddance", ONLY(FA), NULL, 0, NULL, "en" },

	/* toxicity aimed at people, not at things or oneself */
	{ "Ew shes ugly. This was RIGGED.", DI | AN, 0, "body_shaming", 0,
	    NULL, "en" },
	{ "What an idiot", 0, 0, "insult", 0, NULL, "en" },
	{ "I hope not because he’s your husband you idiot", 0, 0, "insult", 0,
	    NULL, "en" },
	{ "Stupid grifters💩", 0, 0, "insult", 0, NULL, "en" },
	{ "In other words, Harry is a moron", 0, 0, "insult", 0, NULL, "en" },
	{ "I'm such an idiot lol", J, 0, NULL, 0, NULL, "en" },
	{ "She's not ugly at all", 0, 0, NULL, 0, NULL, "en" },
	{ "This book is trash", 0, 0, NULL, 0, NULL, "en" },
	{ "Lmao her books are garbage so who cares.", FA, 0, NULL, 0, NULL,
	    "en" },
	{ "Skincare is even useless for adults. But okay.", 0, 0, NULL, 0,
	    NULL, "en" },
	{ "Cynthia could grow back her hair and take that stupid nose ring "
	    "out", 0, 0, NULL, 0, NULL, "en" },
	{ "Ariana Grande could eat a few cheeseburgers.", 0, 0,
	    "body_shaming", 0, NULL, "en" },
	{ "these people are animals", 0, 0, "dehumanizing", 0, NULL, "en" },
	{ "Or don’t kill any animals and make a vegan Wellington", 0, 0, NULL,
	    0, NULL, "en" },
	{ "lmao holy shit man 🤣", J, 0, "profanity", 0, NULL, "en" },
	{ "He looks like a clown 🤡", 0, 0, "insult", 0, NULL, "en" },
	{ "Shut up girl 😂", J, 0, "insult", 0, NULL, "en" },

	/* risks, and the idioms that look like them */
	{ "You are a stupid idiot and a loser", 0, 0, "harassment", HAR, NULL,
	    "en" },
	{ "just kys already", 0, 0, "harassment", HAR, NULL, "en" },
	{ "go die in a hole", 0, 0, "harassment", HAR, NULL, "en" },
	{ "I hope she dies", 0, 0, "harassment", HAR, NULL, "en" },
	{ "Most of this comment section should go play in traffic", 0, 0,
	    "harassment", HAR, NULL, "en" },
	{ "don't kill yourself over it lol", J, 0, NULL, 0, NULL, "en" },
	{ "I will find you and hurt you", 0, 0, "threat", THR, NULL, "en" },
	{ "I'll kill him if he touches her", 0, 0, "threat", THR, NULL, "en" },
	{ "Someone should punch her", 0, 0, "threat", THR, NULL, "en" },
	{ "He deserves to be shot", 0, 0, "threat", THR, NULL, "en" },
	{ "No wonder Joe tried to kill her", 0, 0, NULL, 0, NULL, "en" },
	{ "Taylor took a shot and this girl fired back and killed it", 0, 0,
	    NULL, 0, NULL, "en" },
	{ "The video of him still kills me 😂", J, 0, NULL, 0, NULL, "en" },
	{ "I'm dead 💀💀", J, SA, NULL, 0, NULL, "en" },
	{ "Kayla slayed that video. Slay queen 👑", 0, 0, NULL, 0, NULL,
	    "en" },
	{ "I would kill for her hair", 0, 0, NULL, 0, NULL, "en" },
	{ "what a retard", 0, 0, "slur", SLU, NULL, "en" },
	{ "Her address is 742 Evergreen Terrace", 0, 0, NULL, DOX, NULL,
	    "en" },
	{ "call her at (555) 123-4567", 0, 0, NULL, DOX, NULL, "en" },
	{ "email him john.doe@example.com", 0, 0, NULL, DOX, NULL, "en" },
	{ "Born 2025-11-21, she is 80 and her $400,000,000 house has 10 "
	    "rooms", 0, 0, NULL, 0, NULL, "en" },
	{ "I want to die, nobody would notice", 0, 0, NULL, SELF, NULL, "en" },
	{ "I don't want to die", 0, 0, NULL, 0, NULL, "en" },
	{ "I’m gonna die 😂 this is too funny", J, 0, NULL, 0, NULL, "en" },

	/* sarcasm */
	{ "Yeah right. Yuck! Who cares?", DI | FA, 0, NULL, 0, "yeah_right",
	    "en" },
	{ "Sure Jan", 0, 0, NULL, 0, "sure_jan", "en" },
	{ "Not her acting like she's the victim 🙄", 0, 0, NULL, 0,
	    "not_her_doing", "en" },
	{ "Not her fault the cast ruined the movie", 0, 0, NULL, 0, NULL,
	    "en" },
	{ "So brave 🙄", 0, 0, NULL, 0, "positive_eyeroll", "en" },
	{ "Good for her 🙄", 0, 0, NULL, 0, "good_for_her_eyeroll", "en" },
	{ "Good for her !!", 0, 0, NULL, 0, NULL, "en" },
	{ "Love that for her🥰", L, 0, NULL, 0, NULL, "en" },
	{ "Love that for her. Karma is real, she is so fake", 0, 0, "insult",
	    0, "love_that_negative", "en" },
	{ "I love her books, but boy did she get it wrong here 🙄", L, 0,
	    NULL, 0, NULL, "en" },
	{ "The audacity is wild. 😭💔", SA, J, NULL, 0, "the_audacity",
	    "en" },
	{ "what a great idea /s", 0, 0, NULL, 0, "slash_s", "en" },
	{ "more things to worry/stress out about", 0, 0, NULL, 0, NULL,
	    "en" },
	{ "Oooo there’s that super “relevant” word.", 0, 0, NULL, 0,
	    "scare_quotes", "en" },
	{ "Learn the definition of the word “iconic”.", 0, 0, NULL, 0, NULL,
	    "en" },

	/* language */
	{ "Que robo!!! Ella no merecía la corona", 0, 0, NULL, 0, NULL, "es" },
	{ "Hermosa Fátima ❤️🇲🇽", L, 0, NULL, 0, NULL, "es" },
	{ "Man kann sagen was man will, das ist die schönste "
	    "Liebeserklärung ❤️", L, 0, NULL, 0, NULL, "de" },
	{ "Mamma Mia 3… não! Deixa assim! Não mexe não pra não ficar "
	    "estragar! 😢", SA, 0, NULL, 0, NULL, "pt" },
	{ "WoW tu es vraiment magnifique et très très sexy ❤️", 0, 0, NULL, 0,
	    NULL, "fr" },
	{ "She is so sweet #elle est tres douce✨", 0, 0, NULL, 0, NULL,
	    "en" },
	{ "ET TV", 0, 0, NULL, 0, NULL, "en" },
	{ "Auguri di cuore 🥳🎉🎂❤️", J | L, 0, NULL, 0, NULL, "it" },
	{ "Yanlış karar, jürinin miyop sorunu var", 0, 0, NULL, 0, NULL,
	    "tr" },
	{ "Вечно с открытым ртом , но счастливая! 😍", L, 0, NULL, 0, NULL,
	    "ru" },
	{ "😂😂😂", ONLY(J), NULL, 0, NULL, "und" },
	{ "@gigihadid ❤️❤️", ONLY(L), NULL, 0, NULL, "und" },
	{ "", ONLY(0), NULL, 0, NULL, "und" },
};

static void
check_invariants(const struct affect *a)
{
	int k;

	for (k = 0; k < EM_COUNT; k++)
		CHECK(a->emotion[k] >= 0 && a->emotion[k] <= 1 &&
		    (a->emotion[k] > 0) == (a->emotion_cue[k] != NULL));
	CHECK(a->toxicity >= 0 && a->toxicity <= 1);
	CHECK((a->toxicity > 0) == (a->toxicity_rule != NULL));
	for (k = 0; k < RISK_COUNT; k++)
		CHECK((a->risk[k] == 1) == (a->risk_rule[k] != NULL) &&
		    (a->risk[k] == 0 || a->risk[k] == 1));
	CHECK((a->sarcasm == 1) == (a->sarcasm_rule != NULL));
	CHECK(a->lang != NULL);
}

static void
check_case(struct tokens *tk, size_t c)
{
	struct affect a;
	unsigned got = 0, risks = 0;
	int k;

	UNIT_CASE(cases[c].text);
	CHECK_EQ_INT(text_tokenize(cases[c].text, strlen(cases[c].text), tk),
	    0);
	affect_analyze(tk, cases[c].text, strlen(cases[c].text), &a);
	check_invariants(&a);
	for (k = 0; k < EM_COUNT; k++)
		if (a.emotion[k] > 0)
			got |= 1u << k;
	for (k = 0; k < RISK_COUNT; k++)
		if (a.risk[k])
			risks |= 1u << k;
	CHECK_EQ_INT(got & cases[c].want, cases[c].want);
	CHECK_EQ_INT(got & cases[c].deny, 0);
	if (cases[c].tox == NULL)
		CHECK(a.toxicity == 0);
	else
		CHECK_EQ_STR(a.toxicity_rule, cases[c].tox);
	CHECK_EQ_INT(risks, cases[c].risks);
	if (cases[c].sarc == NULL)
		CHECK_EQ_INT(a.sarcasm, 0);
	else
		CHECK_EQ_STR(a.sarcasm_rule, cases[c].sarc);
	CHECK_EQ_STR(a.lang, cases[c].lang);
}

static void
test_table(void)
{
	struct tokens tk;
	size_t c;

	tokens_init(&tk);
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		check_case(&tk, c);
	UNIT_CASE(NULL);
	tokens_free(&tk);
}

/* Strength: an intensifier and capitals raise a cue; emoji runs saturate. */
static void
test_strength(void)
{
	static const char *const text[] = { "sad", "so sad", "SO SAD!!" };
	struct tokens tk;
	struct affect a;
	float prev = 0;
	size_t k;

	tokens_init(&tk);
	for (k = 0; k < 3; k++) {
		UNIT_CASE(text[k]);
		CHECK_EQ_INT(text_tokenize(text[k], strlen(text[k]), &tk), 0);
		affect_analyze(&tk, text[k], strlen(text[k]), &a);
		CHECK(a.emotion[EM_SADNESS] > prev);
		prev = a.emotion[EM_SADNESS];
	}
	UNIT_CASE("👎 run");
	CHECK_EQ_INT(text_tokenize("👎👎👎👎👎👎👎👎", 32, &tk), 0);
	affect_analyze(&tk, "👎👎👎👎👎👎👎👎", 32, &a);
	CHECK(a.emotion[EM_ANGER] > 0 && a.emotion[EM_ANGER] < 0.7f);
	UNIT_CASE(NULL);
	tokens_free(&tk);
}

static void
test_names(void)
{
	CHECK_EQ_STR(affect_emotion_name(EM_JOY), "joy");
	CHECK_EQ_STR(affect_emotion_name(EM_FATIGUE), "fatigue");
	CHECK(affect_emotion_name(EM_COUNT) == NULL);
	CHECK_EQ_STR(affect_risk_name(RISK_HARASSMENT), "harassment");
	CHECK_EQ_STR(affect_risk_name(RISK_SELF_HARM), "self_harm");
	CHECK(affect_risk_name(RISK_COUNT) == NULL);
}

int
main(void)
{
	test_table();
	test_strength();
	test_names();
	printf("test_affect: %zu table cases\n",
	    sizeof(cases) / sizeof(cases[0]));
	UNIT_MAIN_END();
}
