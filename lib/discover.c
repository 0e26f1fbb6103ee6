#include <string.h>

#include "discover.h"
#include "json.h"

#define MAX_NAMES	8

static int
namelike(const struct tokens *tk, size_t i, const struct lexicon *lex,
    const uint8_t *taken)
{
	const struct token *t = &tk->t[i];
	const char *w = tok_norm(tk, i);
	double v;
	size_t k;

	if (t->kind != TK_WORD || taken[i] || !(t->flags & TF_CAPITAL) ||
	    t->nlen < 2 || t->nlen > 20 ||
	    ((t->flags & TF_UPPER) && t->nlen > 3))
		return 0;
	for (k = 0; k < t->nlen; k++)
		if ((w[k] >= '0' && w[k] <= '9') || w[k] == '_')
			return 0;
	if ((lexicon_class(lex, w, t->nlen) & LC_NOT_NAME) ||
	    lexicon_get(lex, w, t->nlen, &v))
		return 0;
	if (t->nlen > 2 && memcmp(w + t->nlen - 2, "'s", 2) == 0)
		return !(lexicon_class(lex, w, t->nlen - 2) & LC_NOT_NAME);
	return 1;
}

/* Only spaces between two tokens: "Jamie Lee", not "Word: Increasingly". */
static int
spaced(const char *text, const struct token *a, const struct token *b)
{
	size_t k;

	for (k = a->start + a->len; k < b->start; k++)
		if (text[k] != ' ')
			return 0;
	return b->start > a->start + a->len;
}

int
discover_names(const struct tokens *tk, const char *text,
    const struct mentions *m, const struct lexicon *lex, struct buf *out)
{
	uint8_t taken[65536 / 8 * 8];
	char seen[MAX_NAMES][96];
	size_t nseen = 0, i, j, k, len, start, end;
	int first = 1, dup;

	memset(taken, 0, tk->n < sizeof(taken) ? tk->n : sizeof(taken));
	for (i = 0; i < m->n; i++)
		for (k = m->m[i].tok; k < m->m[i].tok + m->m[i].ntok &&
		    k < tk->n; k++)
			taken[k] = 1;
	if (buf_addc(out, '[') < 0)
		return -1;
	for (i = 0; i < tk->n && nseen < MAX_NAMES; i++) {
		for (j = i; j < tk->n && j - i < 3 && namelike(tk, j, lex,
		    taken) && tk->t[j].clause == tk->t[i].clause &&
		    (j == i || spaced(text, &tk->t[j - 1], &tk->t[j])); j++)
			;
		if (j - i < 2)
			continue;
		start = tk->t[i].start;
		end = tk->t[j - 1].start + tk->t[j - 1].len;
		if (end - start > 2 && memcmp(text + end - 2, "'s", 2) == 0)
			end -= 2;
		else if (end - start > 4 &&
		    memcmp(text + end - 4, "\xE2\x80\x99s", 4) == 0)
			end -= 4;
		len = end - start;
		for (k = 0, dup = 0; k < nseen; k++)
			dup |= strlen(seen[k]) == len &&
			    memcmp(seen[k], text + start, len) == 0;
		if (!dup && len < sizeof(seen[0])) {
			memcpy(seen[nseen], text + start, len);
			seen[nseen++][len] = '\0';
			if ((!first && buf_addc(out, ',') < 0) ||
			    json_add_str(out, text + start, len) < 0)
				return -1;
			first = 0;
		}
		i = j - 1;
	}
	return buf_addc(out, ']');
}
