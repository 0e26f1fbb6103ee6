/*
 * text: splitting comment text into tokens for matching and scoring.
 *
 * A token is a word (letters, digits, marks, inner apostrophes and hyphens),
 * an @handle, a #hashtag, a number, one emoji (with its modifiers and
 * zero-width-joined parts), an emoticon such as ":)" or "<3", or one of the
 * punctuation marks that matter to scoring ('!' and '?').  Each token has
 * its place in the original text and a normalised form: case-folded, with
 * accents and compatibility forms removed ("Fátima" -> "fatima", "’" ->
 * "'"), emoji without variation selectors or skin tones.  Tokens also carry
 * the clause they are in: clauses end at . ; ! ? , and line breaks (not at
 * the dot of an initial or a title: "Michael B. Jordan", "Dr. Kay"), and a
 * new one starts at a contrast word (but, however, although, though,
 * whereas).
 *
 * Ownership: struct tokens owns its arrays; text_tokenize reuses them.
 * Token offsets index the text given and the tokens' norm buffer.
 */
#ifndef ET_TEXT_H
#define ET_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum tok_kind {
	TK_WORD, TK_NUMBER, TK_HANDLE, TK_HASHTAG, TK_EMOJI, TK_EMOTICON,
	TK_PUNCT
};

#define TF_UPPER	0x01	/* all cased letters upper case (2+ letters) */
#define TF_CAPITAL	0x02	/* starts with an upper-case letter */
#define TF_SENT_START	0x04	/* first token of a sentence */
#define TF_CONTRAST	0x08	/* a contrast word that opened its clause */
#define TF_COMMA_BEFORE	0x10	/* a comma separates it from the previous */
#define TF_GLUED	0x20	/* punctuation touches it ("ok.", "(no") */

struct token {
	uint32_t	 start, len;	/* in the text */
	uint32_t	 norm, nlen;	/* in the norm buffer */
	uint16_t	 clause;
	uint8_t		 kind;
	uint8_t		 flags;
};

struct tokens {
	struct token	*t;
	size_t		 n, cap;
	struct buf	 norm;
	uint16_t	 nclauses;
	uint32_t	 gen;		/* changes with every text tokenized */
};

void	tokens_init(struct tokens *tk);
void	tokens_free(struct tokens *tk);
/*
 * Tokenizes s[0..n) (valid UTF-8) into tk.  Returns 0, or -1 when out of
 * memory.  At most 65535 tokens are kept; the rest of a longer text is
 * ignored.
 */
int	text_tokenize(const char *s, size_t n, struct tokens *tk);
/* The normalised text of token i (NUL-terminated). */
const char *tok_norm(const struct tokens *tk, size_t i);
/* 1 if token i's normalised form equals the C string w. */
int	tok_is(const struct tokens *tk, size_t i, const char *w);
/* The same for n bytes at w; TOK_IS() takes a string literal. */
static inline int
tok_eq(const struct tokens *tk, size_t i, const char *w, size_t n)
{
	return tk->t[i].nlen == n &&
	    __builtin_memcmp(tk->norm.data + tk->t[i].norm, w, n) == 0;
}
#define TOK_IS(tk, i, lit)	tok_eq((tk), (i), (lit), sizeof(lit) - 1)

#endif
