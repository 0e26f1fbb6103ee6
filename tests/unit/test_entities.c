/*
 * Unit tests for lib/entities: catalog_load (every error message, the
 * loaded entities), entities_find (full name, alias, unique first and last
 * name, accents and case, possessive, @handle and #hashtag, whole tokens,
 * everyday words, titles, longest match, ambiguity settled by the post,
 * context and "not" rules, pronouns, "the movie"/"this couple", "you", the
 * subject attribution), and post_ctx_build's choice of subject.
 *
 * A comment's mentions are compared as one string: for each mention
 * "entity|how|confidence|text" (text: the span as written, "-" for none),
 * joined by "; ".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/entities.h"
#include "lib/text.h"
#include "tests/unit/unit.h"

static const char catalog_json[] =
"[\n"
" {\"name\": \"Blake Lively\", \"type\": \"person\", \"pronouns\": \"she/her\",\n"
"  \"aliases\": [\"Blake\", \"BL\"], \"not\": [\"Blake Shelton\"]},\n"
" {\"name\": \"Ryan Reynolds\", \"type\": \"person\", \"pronouns\": \"he/him\",\n"
"  \"aliases\": [\"Deadpool\"]},\n"
" {\"name\": \"Blake and Ryan\", \"type\": \"couple\",\n"
"  \"aliases\": [\"Ryan and Blake\"]},\n"
" {\"name\": \"Justin Baldoni\", \"type\": \"person\", \"pronouns\": \"he/him\",\n"
"  \"aliases\": [\"Baldoni\", \"#TeamJustin\"], \"not\": [\"Justin Bieber\"]},\n"
" {\"name\": \"F\xC3\xA1tima Bosch\", \"type\": \"person\", \"pronouns\": \"she/her\"},\n"
" {\"name\": \"Simone Biles\", \"type\": \"person\", \"pronouns\": \"she/her\",\n"
"  \"context\": [\"Biles\", \"gymnast\", \"Olympics\"]},\n"
" {\"name\": \"Simone Ledward-Boseman\", \"type\": \"person\",\n"
"  \"pronouns\": \"she/her\", \"context\": [\"Chadwick\", \"widow\"]},\n"
" {\"name\": \"Chadwick Boseman\", \"type\": \"person\", \"pronouns\": \"he/him\"},\n"
" {\"name\": \"Stephen King\", \"type\": \"person\", \"pronouns\": \"he/him\"},\n"
" {\"name\": \"Will Poulter\", \"type\": \"person\", \"pronouns\": \"he/him\"},\n"
" {\"name\": \"Prince Harry\", \"type\": \"person\", \"pronouns\": \"he/him\"},\n"
" {\"name\": \"Ate Collective\", \"type\": \"brand\", \"aliases\": [\"Ate\"]},\n"
" {\"name\": \"Mara Quinn\", \"type\": \"person\", \"pronouns\": \"she/her\",\n"
"  \"aliases\": [\"Mara\"], \"context\": [\"Harbor\"]},\n"
" {\"name\": \"Harbor Lights\", \"type\": \"show\", \"aliases\": [\"#HarborLights\"]},\n"
" {\"name\": \"It Ends With Us\", \"type\": \"show\", \"aliases\": [\"IEWU\"]},\n"
" {\"name\": \"Sam Rivers\", \"type\": \"person\", \"pronouns\": \"they/them\"},\n"
" {\"name\": \"Robert Downey Jr.\", \"type\": \"person\", \"pronouns\": \"he/him\"},\n"
" {\"name\": \"Wicked\", \"type\": \"show\", \"context\": [\"Glinda\", \"Elphaba\"]}\n"
"]\n";

static struct catalog *cat;
static struct tokens tk;
static struct mentions ms;

/* Formats the mentions of text (with the post context, if any) into out. */
static void
find(const char *text, const struct post_ctx *post, char *out, size_t cap)
{
	const struct mention *m;
	size_t i, n = 0;

	out[0] = '\0';
	if (!CHECK(text_tokenize(text, strlen(text), &tk) == 0) ||
	    !CHECK(entities_find(cat, &tk, text, post, &ms) == 0))
		return;
	for (i = 0; i < ms.n && n < cap; i++) {
		m = &ms.m[i];
		n += (size_t)snprintf(out + n, cap - n, "%s%s|%s|%.2f|",
		    i ? "; " : "", catalog_entity(cat, m->entity)->name,
		    ent_how_name(m->how), m->confidence);
		if (n >= cap)
			break;
		if (m->ntok == 0)
			n += (size_t)snprintf(out + n, cap - n, "-");
		else
			n += (size_t)snprintf(out + n, cap - n, "%.*s",
			    (int)(m->end - m->start), text + m->start);
	}
}

static const struct {
	const char	*text, *caption, *subject, *want;
} cases[] = {
	/* full name, any case; accents removed */
	{ "Blake Lively", NULL, NULL, "Blake Lively|name|1.00|Blake Lively" },
	{ "omg blake lively!!", NULL, NULL,
	  "Blake Lively|name|1.00|blake lively" },
	{ "BLAKE LIVELY", NULL, NULL, "Blake Lively|name|1.00|BLAKE LIVELY" },
	{ "Fatima Bosch won", NULL, NULL,
	  "F\xC3\xA1tima Bosch|name|1.00|Fatima Bosch" },
	{ "FÁTIMA BOSCH", NULL, NULL,
	  "F\xC3\xA1tima Bosch|name|1.00|FÁTIMA BOSCH" },
	/* alias, first and last name */
	{ "Blake was there", NULL, NULL, "Blake Lively|alias|0.90|Blake" },
	{ "Deadpool 3", NULL, NULL, "Ryan Reynolds|alias|0.90|Deadpool" },
	{ "I saw Ryan", NULL, NULL, "Ryan Reynolds|first|0.75|Ryan" },
	{ "Reynolds again", NULL, NULL, "Ryan Reynolds|last|0.70|Reynolds" },
	{ "f\xC3\xA1tima", NULL, NULL, "F\xC3\xA1tima Bosch|first|0.75|f\xC3\xA1tima" },
	{ "fatima", NULL, NULL, "F\xC3\xA1tima Bosch|first|0.75|fatima" },
	{ "Bosch", NULL, NULL, "F\xC3\xA1tima Bosch|last|0.70|Bosch" },
	/* a suffix is neither first nor last name */
	{ "Downey was great", NULL, NULL,
	  "Robert Downey Jr.|last|0.70|Downey" },
	{ "Robert was great", NULL, NULL,
	  "Robert Downey Jr.|first|0.75|Robert" },
	{ "Robert Downey Jr. was great", NULL, NULL,
	  "Robert Downey Jr.|name|1.00|Robert Downey Jr" },
	{ "Jr was great", NULL, NULL, "" },
	/* hyphenated last name (with a context word) */
	{ "Ledward-Boseman, his widow, spoke", NULL, NULL,
	  "Simone Ledward-Boseman|last|0.70|Ledward-Boseman" },
	/* possessive */
	{ "Blake's dress", NULL, NULL, "Blake Lively|alias|0.90|Blake's" },
	{ "Blake\xE2\x80\x99s dress", NULL, NULL,
	  "Blake Lively|alias|0.90|Blake\xE2\x80\x99s" },
	{ "Blake Lively's dress", NULL, NULL,
	  "Blake Lively|name|1.00|Blake Lively's" },
	{ "Reynolds\xE2\x80\x99 wife", NULL, NULL,
	  "Ryan Reynolds|last|0.70|Reynolds" },
	/* handles and hashtags: the name run together, any case */
	{ "@blakelively hi", NULL, NULL,
	  "Blake Lively|alias|0.90|@blakelively" },
	{ "#BlakeLively", NULL, NULL, "Blake Lively|alias|0.90|#BlakeLively" },
	{ "#teamjustin", NULL, NULL, "Justin Baldoni|alias|0.90|#teamjustin" },
	{ "#HarborLights", NULL, NULL,
	  "Harbor Lights|alias|0.90|#HarborLights" },
	{ "#harborlights", NULL, NULL,
	  "Harbor Lights|alias|0.90|#harborlights" },
	/* whole tokens only */
	{ "I hate it", NULL, NULL, "" },
	{ "whatever", NULL, NULL, "" },
	{ "Blakes", NULL, NULL, "" },
	{ "Ryanair", NULL, NULL, "" },
	{ "@blakelivelyfan", NULL, NULL, "" },
	{ "#blake", NULL, NULL, "Blake Lively|alias|0.90|#blake" },
	{ "looking good", NULL, NULL, "" },
	{ "Ate is a brand", NULL, NULL, "Ate Collective|alias|0.90|Ate" },
	/* everyday words count as names only when capitalised */
	{ "king of horror", NULL, NULL, "" },
	{ "King is back", NULL, NULL, "Stephen King|last|0.70|King" },
	{ "stephen king", NULL, NULL, "Stephen King|name|1.00|stephen king" },
	{ "will you", NULL, NULL, "" },
	{ "Will was good", NULL, NULL, "Will Poulter|first|0.75|Will" },
	/* titles are not first names */
	{ "Prince is here", NULL, NULL, "" },
	{ "the prince", NULL, NULL, "" },
	{ "Harry is here", NULL, NULL, "Prince Harry|last|0.70|Harry" },
	/* longest match wins */
	{ "Blake and Ryan are cute", NULL, NULL,
	  "Blake and Ryan|name|1.00|Blake and Ryan" },
	{ "ryan and blake", NULL, NULL,
	  "Blake and Ryan|alias|0.90|ryan and blake" },
	{ "Blake Lively Ryan", NULL, NULL,
	  "Blake Lively|name|1.00|Blake Lively; Ryan Reynolds|first|0.75|Ryan" },
	/* a match never spans a sentence end */
	{ "I like Blake. Lively debate", NULL, NULL,
	  "Blake Lively|alias|0.90|Blake; Blake Lively|last|0.70|Lively" },
	/* the full name of a show needs its context too */
	{ "Wicked was great", NULL, NULL, "" },
	{ "Wicked was great, Glinda!", NULL, NULL,
	  "Wicked|name|1.00|Wicked" },
	{ "Wicked was great", "Elphaba and Glinda", NULL,
	  "Wicked|name|1.00|Wicked" },
	/* "not" rules out */
	{ "Blake Shelton sings", NULL, NULL, "" },
	{ "Justin Bieber is here", NULL, NULL, "" },
	{ "Justin was here", NULL, NULL, "Justin Baldoni|first|0.75|Justin" },
	/* a shared first name, settled by the post, else by context words */
	{ "Simone was there",
	  "Simone Ledward-Boseman honours Chadwick Boseman", NULL,
	  "Simone Ledward-Boseman|caption|0.65|Simone" },
	{ "Simone was there", "Simone Biles wins at the Olympics", NULL,
	  "Simone Biles|caption|0.65|Simone" },
	{ "Simone was there", NULL, "Simone Biles",
	  "Simone Biles|caption|0.65|Simone" },
	{ "Simone the gymnast", NULL, NULL,
	  "Simone Biles|caption|0.65|Simone" },
	{ "Simone the widow", NULL, NULL,
	  "Simone Ledward-Boseman|caption|0.65|Simone" },
	{ "Simone was there", NULL, NULL, "" },
	/* context words in the comment or the caption */
	{ "Mara was great", NULL, NULL, "" },
	{ "Mara was great in Harbor Lights", NULL, NULL,
	  "Mara Quinn|alias|0.90|Mara; Harbor Lights|name|1.00|Harbor Lights" },
	{ "Mara was great", "Harbor Lights season 3", NULL,
	  "Mara Quinn|alias|0.90|Mara" },
	{ "Mara Quinn was great", NULL, NULL,
	  "Mara Quinn|name|1.00|Mara Quinn" },
	/* pronouns: to the post's subject, or a person named earlier */
	{ "She looks amazing", "Blake Lively at the premiere", NULL,
	  "Blake Lively|pronoun|0.45|She" },
	{ "He looks amazing", "Blake Lively and Ryan Reynolds at the premiere",
	  NULL, "Ryan Reynolds|pronoun|0.45|He" },
	{ "I saw Blake with Ryan. She was stunning", NULL, NULL,
	  "Blake Lively|alias|0.90|Blake; Ryan Reynolds|first|0.75|Ryan; "
	  "Blake Lively|pronoun|0.55|She" },
	{ "I saw Blake with Ryan. He was stunning", NULL, NULL,
	  "Blake Lively|alias|0.90|Blake; Ryan Reynolds|first|0.75|Ryan; "
	  "Ryan Reynolds|pronoun|0.55|He" },
	{ "Sam Rivers sang. They were great", NULL, NULL,
	  "Sam Rivers|name|1.00|Sam Rivers; Sam Rivers|pronoun|0.55|They" },
	{ "She was stunning", NULL, NULL, "" },
	/* "you" after a name that opens the comment */
	{ "Blake, you are amazing", NULL, NULL,
	  "Blake Lively|alias|0.90|Blake; Blake Lively|pronoun|0.55|you" },
	{ "you are amazing", NULL, NULL, "" },
	/* "the movie", "this couple" */
	{ "the movie was great", "Blake Lively at the It Ends With Us premiere",
	  NULL, "It Ends With Us|pronoun|0.45|movie" },
	{ "this couple is cute", "Blake and Ryan at the Met Gala", NULL,
	  "Blake and Ryan|pronoun|0.45|couple" },
	{ "this book was better", "Harbor Lights: the finale", NULL,
	  "Harbor Lights|pronoun|0.45|book" },
	{ "the movie was great", NULL, NULL, "" },
	{ "the movie was great", "Blake Lively at the premiere", NULL,
	  "Blake Lively|caption|0.40|-" },
	/* naming nobody: the post's subject, no span */
	{ "\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5", "Blake Lively at the premiere",
	  NULL, "Blake Lively|caption|0.40|-" },
	{ "so true", "Ryan Reynolds on set", NULL,
	  "Ryan Reynolds|caption|0.40|-" },
	{ "\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5", NULL, NULL, "" },
	{ "\xF0\x9F\x94\xA5\xF0\x9F\x94\xA5", "a day at the beach", NULL, "" },
	{ "", "Blake Lively at the premiere", NULL,
	  "Blake Lively|caption|0.40|-" },
	{ "", NULL, NULL, "" },
};

static void
test_find(void)
{
	struct post_ctx post;
	char got[1024], label[200];
	size_t i;
	int has_post;

	post_ctx_init(&post);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(label, sizeof(label), "'%s' / '%s' / '%s'",
		    cases[i].text, cases[i].caption ? cases[i].caption : "",
		    cases[i].subject ? cases[i].subject : "");
		UNIT_CASE(label);
		has_post = cases[i].caption != NULL || cases[i].subject != NULL;
		if (has_post)
			CHECK(post_ctx_build(cat, &post, cases[i].caption,
			    cases[i].caption ? strlen(cases[i].caption) : 0,
			    cases[i].subject, cases[i].subject ?
			    strlen(cases[i].subject) : 0) == 0);
		find(cases[i].text, has_post ? &post : NULL, got, sizeof(got));
		CHECK_EQ_STR(got, cases[i].want);
	}
	post_ctx_free(&post);
	UNIT_CASE(NULL);
}

/* Spans, tokens, clauses and the ambiguous flag of one comment. */
static void
test_fields(void)
{
	static const char text[] = "I love Ryan, but Blake? no";
	struct post_ctx post;

	UNIT_CASE("fields");
	CHECK(text_tokenize(text, strlen(text), &tk) == 0);
	CHECK(entities_find(cat, &tk, text, NULL, &ms) == 0);
	CHECK_EQ_INT(ms.n, 2);
	if (ms.n == 2) {
		CHECK_EQ_INT(ms.m[0].start, 7);
		CHECK_EQ_INT(ms.m[0].end, 11);
		CHECK_EQ_INT(ms.m[0].tok, 2);
		CHECK_EQ_INT(ms.m[0].ntok, 1);
		CHECK_EQ_INT(ms.m[0].ambiguous, 0);
		CHECK_EQ_INT(ms.m[1].start, 17);
		CHECK_EQ_INT(ms.m[1].end, 22);
		CHECK(ms.m[0].clause != ms.m[1].clause);
	}
	/* The ambiguous flag is set when several entities shared the name. */
	UNIT_CASE("ambiguous flag");
	post_ctx_init(&post);
	CHECK(post_ctx_build(cat, &post, "Simone Biles", 12, NULL, 0) == 0);
	CHECK(text_tokenize("Simone!", 7, &tk) == 0);
	CHECK(entities_find(cat, &tk, "Simone!", &post, &ms) == 0);
	CHECK_EQ_INT(ms.n, 1);
	if (ms.n == 1) {
		CHECK_EQ_INT(ms.m[0].ambiguous, 1);
		CHECK_EQ_INT(ms.m[0].how, HOW_CAPTION);
	}
	/* The subject attribution has no tokens and no span. */
	UNIT_CASE("subject attribution");
	CHECK(text_tokenize("wow", 3, &tk) == 0);
	CHECK(entities_find(cat, &tk, "wow", &post, &ms) == 0);
	CHECK_EQ_INT(ms.n, 1);
	if (ms.n == 1) {
		CHECK_EQ_INT(ms.m[0].ntok, 0);
		CHECK_EQ_INT(ms.m[0].start, 0);
		CHECK_EQ_INT(ms.m[0].end, 0);
		CHECK(ms.m[0].confidence > 0.39f && ms.m[0].confidence < 0.41f);
	}
	post_ctx_free(&post);
	UNIT_CASE(NULL);
}

static void
test_post_ctx(void)
{
	static const struct {
		const char	*caption, *subject, *want;	/* subject */
		size_t		 n;				/* entities */
	} pc[] = {
		{ "Blake Lively and Ryan Reynolds at the premiere", NULL,
		  "Blake Lively", 2 },
		{ "Ryan Reynolds and Blake Lively at the premiere", NULL,
		  "Ryan Reynolds", 2 },
		/* a name in full beats an earlier first name */
		{ "Ryan took Blake Lively to the premiere", NULL,
		  "Blake Lively", 2 },
		/* the subject field wins */
		{ "Blake Lively at the premiere", "Ryan Reynolds",
		  "Ryan Reynolds", 2 },
		{ NULL, "It Ends With Us", "It Ends With Us", 1 },
		/* no entity: no subject */
		{ "a day at the beach", NULL, NULL, 0 },
		{ "She wore it well", NULL, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
		{ "", "", NULL, 0 },
		/* the same entity twice is one entity */
		{ "Blake Lively, Blake, BL", NULL, "Blake Lively", 1 },
	};
	struct post_ctx post;
	char label[200];
	size_t i;

	post_ctx_init(&post);
	CHECK_EQ_INT(post.subject, -1);
	CHECK_EQ_INT(post.n, 0);
	for (i = 0; i < sizeof(pc) / sizeof(pc[0]); i++) {
		snprintf(label, sizeof(label), "post '%s' / '%s'",
		    pc[i].caption ? pc[i].caption : "(null)",
		    pc[i].subject ? pc[i].subject : "(null)");
		UNIT_CASE(label);
		/* Built over the previous post: nothing may be left over. */
		CHECK(post_ctx_build(cat, &post, pc[i].caption,
		    pc[i].caption ? strlen(pc[i].caption) : 0, pc[i].subject,
		    pc[i].subject ? strlen(pc[i].subject) : 0) == 0);
		CHECK_EQ_INT(post.n, pc[i].n);
		if (pc[i].want == NULL)
			CHECK_EQ_INT(post.subject, -1);
		else if (CHECK(post.subject >= 0))
			CHECK_EQ_STR(catalog_entity(cat,
			    (size_t)post.subject)->name, pc[i].want);
	}
	post_ctx_free(&post);
	UNIT_CASE(NULL);
}

static void
test_entities(void)
{
	const struct entity *e;

	UNIT_CASE("entities");
	CHECK_EQ_INT(catalog_count(cat), 18);
	e = catalog_entity(cat, 0);
	CHECK_EQ_STR(e->name, "Blake Lively");
	CHECK_EQ_INT(e->type, ET_PERSON);
	CHECK_EQ_INT(e->gender, 'f');
	CHECK_EQ_INT(e->ncontext, 0);
	CHECK_EQ_INT(e->nnot, 1);
	CHECK_EQ_STR(e->not_, "blake shelton");
	e = catalog_entity(cat, 1);
	CHECK_EQ_INT(e->gender, 'm');
	CHECK_EQ_INT(catalog_entity(cat, 2)->type, ET_COUPLE);
	CHECK_EQ_INT(catalog_entity(cat, 11)->type, ET_BRAND);
	CHECK_EQ_INT(catalog_entity(cat, 13)->type, ET_SHOW);
	CHECK_EQ_INT(catalog_entity(cat, 15)->gender, 0);
	e = catalog_entity(cat, 5);
	CHECK_EQ_INT(e->ncontext, 3);
	CHECK_EQ_STR(e->context, "biles");
	CHECK_EQ_STR(e->context + 6, "gymnast");
	CHECK_EQ_STR(ent_type_name(ET_PERSON), "person");
	CHECK_EQ_STR(ent_type_name(ET_SHOW), "show");
	CHECK_EQ_STR(ent_type_name(ET_COUPLE), "couple");
	CHECK_EQ_STR(ent_type_name(ET_BRAND), "brand");
	CHECK_EQ_STR(ent_how_name(HOW_NAME), "name");
	CHECK_EQ_STR(ent_how_name(HOW_ALIAS), "alias");
	CHECK_EQ_STR(ent_how_name(HOW_FIRST), "first");
	CHECK_EQ_STR(ent_how_name(HOW_LAST), "last");
	CHECK_EQ_STR(ent_how_name(HOW_CAPTION), "caption");
	CHECK_EQ_STR(ent_how_name(HOW_PRONOUN), "pronoun");
	UNIT_CASE(NULL);
}

/* catalog_load's errors: NULL and the message. */
static const struct {
	const char	*json, *err;	/* err: a prefix of the message */
} bad[] = {
	{ "", "invalid JSON" },
	{ "[", "invalid JSON" },
	{ "[{\"name\": \"A\", \"type\": \"show\"},]", "invalid JSON" },
	{ "[{\"name\": \"A\", \"type\": \"show\"}] x", "invalid JSON" },
	{ "{\"name\": \"A\", \"type\": \"show\"}",
	  "the catalog is not a JSON array" },
	{ "\"x\"", "the catalog is not a JSON array" },
	{ "null", "the catalog is not a JSON array" },
	{ "[1]", "entity 1: not an object" },
	{ "[{\"name\": \"A\", \"type\": \"show\"}, []]",
	  "entity 2: not an object" },
	{ "[{\"type\": \"person\"}]", "entity 1: missing 'name'" },
	{ "[{\"name\": \"\", \"type\": \"person\"}]",
	  "entity 1: missing 'name'" },
	{ "[{\"name\": 7, \"type\": \"person\"}]",
	  "entity 1: missing 'name'" },
	{ "[{\"name\": null, \"type\": \"person\"}]",
	  "entity 1: missing 'name'" },
	{ "[{\"name\": \"A B\", \"type\": \"person\"}, {\"type\": \"show\"}]",
	  "entity 2: missing 'name'" },
	{ "[{\"name\": \"A\"}]",
	  "entity 1 ('A'): 'type' must be person, show, couple or brand" },
	{ "[{\"name\": \"A\", \"type\": \"actor\"}]",
	  "entity 1 ('A'): 'type' must be person, show, couple or brand" },
	{ "[{\"name\": \"A\", \"type\": \"Person\"}]",
	  "entity 1 ('A'): 'type' must be person, show, couple or brand" },
	{ "[{\"name\": \"A\", \"type\": 1}]",
	  "entity 1 ('A'): 'type' must be person, show, couple or brand" },
	{ "[{\"name\": \"A B\", \"type\": \"person\"},"
	  " {\"name\": \"A B\", \"type\": \"person\"}]",
	  "entity 2: duplicate name 'A B'" },
	{ "[{\"name\": \"Zoë Hart\", \"type\": \"person\"},"
	  " {\"name\": \"zoe hart\", \"type\": \"person\"}]",
	  "entity 2: duplicate name 'zoe hart'" },
	{ "[{\"name\": \"A\", \"type\": \"show\"},"
	  " {\"name\": \"B\", \"type\": \"show\"},"
	  " {\"name\": \"A\", \"type\": \"brand\"}]",
	  "entity 3: duplicate name 'A'" },
	{ "[{\"name\": \"A\", \"type\": \"show\", \"aliases\": [\"x\", 3]}]",
	  "entity 1 ('A'): an alias is not a string" },
	{ "[{\"name\": \"A\", \"type\": \"show\", \"aliases\": [null]}]",
	  "entity 1 ('A'): an alias is not a string" },
	{ "[{\"name\": \"A\", \"type\": \"show\", \"aliases\": \"x\"}]",
	  "entity 1 ('A'): 'aliases' is not an array" },
	{ "[{\"name\": \"A\", \"type\": \"show\", \"context\": [1]}]",
	  "entity 1: 'context' holds a value that is not a string" },
	{ "[{\"name\": \"A\", \"type\": \"show\", \"context\": \"x\"}]",
	  "entity 1: 'context' is not an array" },
	{ "[{\"name\": \"A\", \"type\": \"show\", \"not\": {}}]",
	  "entity 1: 'not' is not an array" },
	{ "[{\"name\": \"A\", \"type\": \"show\", \"not\": [true]}]",
	  "entity 1: 'not' holds a value that is not a string" },
	{ "[{\"name\": \"!!!\", \"type\": \"show\"}]",
	  "entity 1 ('!!!'): the name has no words" },
};

static const char *const good[] = {
	"[]",
	" [ ] \n",
	"[{\"name\": \"A\", \"type\": \"show\"}]",
	"[{\"name\": \"A\", \"type\": \"show\", \"aliases\": null,"
	" \"context\": null, \"not\": null, \"pronouns\": null}]",
	"[{\"name\": \"A\", \"type\": \"person\", \"pronouns\": \"they/them\","
	" \"aliases\": [], \"context\": [], \"not\": [], \"extra\": 1}]",
	/* an alias shared with another entity's name is not a duplicate */
	"[{\"name\": \"A\", \"type\": \"show\"},"
	" {\"name\": \"B\", \"type\": \"show\", \"aliases\": [\"A\"]}]",
};

static void
test_load_errors(void)
{
	struct catalog *c;
	char err[300], label[200];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(label, sizeof(label), "bad %zu: %s", i, bad[i].json);
		UNIT_CASE(label);
		strcpy(err, "(unset)");
		c = catalog_load(bad[i].json, strlen(bad[i].json), err,
		    sizeof(err));
		CHECK(c == NULL);
		catalog_free(c);
		if (!CHECK(strncmp(err, bad[i].err, strlen(bad[i].err)) == 0))
			fprintf(stderr, "\tgot \"%s\", want \"%s...\"\n", err,
			    bad[i].err);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(label, sizeof(label), "good %zu: %s", i, good[i]);
		UNIT_CASE(label);
		c = catalog_load(good[i], strlen(good[i]), err, sizeof(err));
		if (!CHECK(c != NULL))
			fprintf(stderr, "\t%s\n", err);
		catalog_free(c);
	}
	/* A length that stops short of the text: only len bytes are read. */
	UNIT_CASE("len");
	c = catalog_load("[]garbage", 2, err, sizeof(err));
	CHECK(c != NULL);
	catalog_free(c);
	catalog_free(NULL);
	UNIT_CASE(NULL);
}

/* An empty catalog finds nothing, even with a post. */
static void
test_empty_catalog(void)
{
	struct catalog *c;
	struct post_ctx post;
	char err[300];

	UNIT_CASE("empty catalog");
	c = catalog_load("[]", 2, err, sizeof(err));
	if (!CHECK(c != NULL))
		return;
	CHECK_EQ_INT(catalog_count(c), 0);
	post_ctx_init(&post);
	CHECK(post_ctx_build(c, &post, "Blake Lively", 12, "x", 1) == 0);
	CHECK_EQ_INT(post.subject, -1);
	CHECK(text_tokenize("Blake Lively, she", 17, &tk) == 0);
	CHECK(entities_find(c, &tk, "Blake Lively, she", &post, &ms) == 0);
	CHECK_EQ_INT(ms.n, 0);
	post_ctx_free(&post);
	catalog_free(c);
	UNIT_CASE(NULL);
}

/*
 * A large catalog (20000 generated people) still finds the right entity
 * by full name, first name, last name and handle.
 */
static void
test_large_catalog(void)
{
	struct buf b;
	struct catalog *c;
	char err[300], text[200];
	size_t i;

	UNIT_CASE("large catalog");
	buf_init(&b, 0);
	buf_addc(&b, '[');
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "%s{\"name\":\"Firstx%zu Lastx%zu\","
		    "\"type\":\"person\"}", i ? "," : "", i, i);
	buf_addc(&b, ']');
	c = catalog_load(b.data, b.len, err, sizeof(err));
	buf_free(&b);
	if (!CHECK(c != NULL))
		return;
	CHECK_EQ_INT(catalog_count(c), 20000);
	snprintf(text, sizeof(text), "firstx12345 lastx12345 and Firstx777, "
	    "then Lastx19999 and @firstx4lastx4");
	CHECK(text_tokenize(text, strlen(text), &tk) == 0);
	CHECK(entities_find(c, &tk, text, NULL, &ms) == 0);
	CHECK_EQ_INT(ms.n, 4);
	if (ms.n == 4) {
		CHECK_EQ_STR(catalog_entity(c, ms.m[0].entity)->name,
		    "Firstx12345 Lastx12345");
		CHECK_EQ_INT(ms.m[0].how, HOW_NAME);
		CHECK_EQ_INT(ms.m[1].entity, 777);
		CHECK_EQ_INT(ms.m[1].how, HOW_FIRST);
		CHECK_EQ_INT(ms.m[2].entity, 19999);
		CHECK_EQ_INT(ms.m[2].how, HOW_LAST);
		CHECK_EQ_INT(ms.m[3].entity, 4);
		CHECK_EQ_INT(ms.m[3].how, HOW_ALIAS);
	}
	catalog_free(c);
	UNIT_CASE(NULL);
}

int
main(void)
{
	char err[300];

	tokens_init(&tk);
	mentions_init(&ms);
	cat = catalog_load(catalog_json, sizeof(catalog_json) - 1, err,
	    sizeof(err));
	if (!CHECK(cat != NULL)) {
		fprintf(stderr, "\t%s\n", err);
		UNIT_MAIN_END();
	}
	test_entities();
	test_find();
	test_fields();
	test_post_ctx();
	test_load_errors();
	test_empty_catalog();
	test_large_catalog();
	catalog_free(cat);
	mentions_free(&ms);
	tokens_free(&tk);
	UNIT_MAIN_END();
}
