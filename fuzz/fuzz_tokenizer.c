/*
 * fuzz_tokenizer: arbitrary bytes through lib/text and lib/affect.
 *
 * text_tokenize must take any bytes, invalid UTF-8 included.  Every token
 * must lie inside the input, after the one before it, with valid UTF-8
 * text; its normalised form must lie inside the norm buffer, be valid
 * UTF-8 and end in a NUL; clause numbers must not go down and stay below
 * nclauses.  affect_analyze must then give strengths in [0, 1] and a rule
 * name for each thing it flags.  A broken invariant calls abort().  The
 * token arrays are kept from one input to the next, as callers reuse them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/affect.h"
#include "lib/text.h"
#include "lib/utf8.h"

static void
check_token(const struct tokens *tk, size_t i, size_t size)
{
	const struct token *t = &tk->t[i], *p = i > 0 ? t - 1 : NULL;

	if (t->len == 0 || (size_t)t->start + t->len > size)
		abort();
	if ((size_t)t->norm + t->nlen >= tk->norm.len + 1 ||
	    tk->norm.data[t->norm + t->nlen] != '\0')
		abort();
	if (t->clause >= tk->nclauses || t->kind > TK_PUNCT)
		abort();
	if (p != NULL && (t->start < p->start + p->len ||
	    t->norm < p->norm + p->nlen || t->clause < p->clause))
		abort();
	if (utf8_check(tok_norm(tk, i), t->nlen) >= 0)
		abort();
}

static void
check_affect(const struct affect *a)
{
	int k;

	for (k = 0; k < EM_COUNT; k++)
		if (!(a->emotion[k] >= 0 && a->emotion[k] <= 1) ||
		    (a->emotion[k] > 0) != (a->emotion_cue[k] != NULL))
			abort();
	if (!(a->toxicity >= 0 && a->toxicity <= 1) ||
	    (a->toxicity > 0) != (a->toxicity_rule != NULL))
		abort();
	for (k = 0; k < RISK_COUNT; k++)
		if ((a->risk[k] != 0 && a->risk[k] != 1) ||
		    (a->risk[k] == 1) != (a->risk_rule[k] != NULL))
			abort();
	if ((a->sarcasm == 1) != (a->sarcasm_rule != NULL) || a->lang == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tokens tk;
	static int ready;
	const char *s = (const char *)data;
	struct affect a;
	size_t i;

	if (!ready) {
		tokens_init(&tk);
		ready = 1;
	}
	if (text_tokenize(s, size, &tk) < 0)
		return 0;	/* out of memory */
	if (tk.n > 65535 || (tk.n > 0) != (tk.nclauses > 0))
		abort();
	for (i = 0; i < tk.n; i++) {
		check_token(&tk, i, size);
		/* a token's raw text is valid even when the input is not */
		if (utf8_check(s + tk.t[i].start, tk.t[i].len) >= 0)
			abort();
	}
	affect_analyze(&tk, s, size, &a);
	check_affect(&a);
	if (tk.n == 0 && strcmp(a.lang, "und") != 0)
		abort();
	return 0;
}
