#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"
#include "xalloc.h"

#define MAX_TOKENS	65535

void
tokens_init(struct tokens *tk)
{
	memset(tk, 0, sizeof(*tk));
	buf_init(&tk->norm, 0);
}

void
tokens_free(struct tokens *tk)
{
	free(tk->t);
	buf_free(&tk->norm);
	tokens_init(tk);
}

const char *
tok_norm(const struct tokens *tk, size_t i)
{
	return tk->norm.data + tk->t[i].norm;
}

int
tok_is(const struct tokens *tk, size_t i, const char *w)
{
	size_t n = strlen(w);

	return tk->t[i].nlen == n && memcmp(tok_norm(tk, i), w, n) == 0;
}

/* Decodes one code point; invalid bytes count as one U+FFFD. */
static size_t
decode(const char *s, size_t n, int32_t *cp)
{
	utf8proc_ssize_t r;

	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	r = utf8proc_iterate((const uint8_t *)s,
	    (utf8proc_ssize_t)(n > 4 ? 4 : n), cp);

	if (r <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return (size_t)r;
}

static int
is_emoji(int32_t c)
{
	return (c >= 0x1F000 && c <= 0x1FAFF && !(c >= 0x1F3FB &&
	    c <= 0x1F3FF)) || (c >= 0x2600 && c <= 0x27BF) ||
	    (c >= 0x2300 && c <= 0x23FF) || (c >= 0x2B00 && c <= 0x2BFF) ||
	    c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299 ||
	    c == 0x2764 || c == 0x203C || c == 0x2049;
}

/* Parts of an emoji sequence that are not emoji of their own. */
static int
is_emoji_modifier(int32_t c)
{
	return c == 0xFE0F || c == 0xFE0E || (c >= 0x1F3FB && c <= 0x1F3FF) ||
	    c == 0x20E3 || (c >= 0xE0020 && c <= 0xE007F);
}

static int
is_word_cp(int32_t c)
{
	utf8proc_category_t k;

	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_';
	k = utf8proc_category(c);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ND) ||
	    k == UTF8PROC_CATEGORY_NL || k == UTF8PROC_CATEGORY_NO;
}

static int
is_joiner(int32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02BC || c == '-';
}

static int
is_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == 0xA0 || c == 0x2060 || c == 0x200B || c == 0x3000 ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202F || c == 0x205F || c == 0xFEFF || c == '\v' || c == '\f';
}

static const char *const emoticons[] = {
	":)", ":-)", ":(", ":-(", ":D", ":-D", "xD", "XD", ":P", ":-P", ":p",
	";)", ";-)", ":'(", "<3", "</3", ":/", ":-/", ":|", ":O", ":o", "=)",
	"=(", ":*", "^^", "^_^", "-_-", ":3", "D:", ":')", ":]", ":[", "=D",
	":c", ":C", "=p", "=P", "O.o", "o.O", "o.o", "O.O", ";D", ";d",
	":-p", ":-d", ";-P", ";-p", ";P", ";p", "xd", "Xd", "x)", "X)", ":S",
	":s", ":-S", ":b", ":d", ":-o", ":-O", "xP", "XP", ":-*", ":x", ":X",
	NULL
};

/*
 * A listed emoticon, or a short chunk built around ':', ';' or '=' with at
 * most two letters or digits (":l", "o:)", "=D", ">:p"); "2:30" is not.
 */
static int
is_emoticon(const char *s, size_t n)
{
	size_t i, alnum = 0, eyes = 0;

	if (n < 2 || n > 8)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c <= ' ')
			return 0;
		alnum += (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
		eyes += c == ':' || c == ';' || c == '=';
	}
	/* None listed has more than two letters or digits ("xD"). */
	if (alnum > 2)
		return 0;
	if (eyes > 0 && n <= 6)
		return 1;
	for (i = 0; emoticons[i] != NULL; i++)
		if (strlen(emoticons[i]) == n && memcmp(emoticons[i], s, n) == 0)
			return 1;
	return 0;
}

/*
 * A chunk of ASCII punctuation such as ":-)" or "(:" is an emoticon
 * candidate; runs of sentence marks ("...", "!!", "?!") are not.
 */
static int
punct_chunk(const char *s, size_t n)
{
	size_t i, marks = 0;

	if (n < 2 || n > 8)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c <= ' ' || (c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return 0;
		marks += c == '.' || c == '!' || c == '?' || c == ',' ||
		    c == ';' || c == '"' || c == '\'' || c == '-' || c == '*';
	}
	return marks < n;
}

static int
emoticon_case(const char *s, size_t n)
{
	size_t i, up = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
		up += s[i] >= 'A' && s[i] <= 'Z';
	}
	return up ? TF_UPPER : 0;
}

struct tstate {
	struct tokens	*tk;
	const char	*s;		/* the text */
	size_t		 n;
	int		 brk;		/* a sentence ended since the last token */
	int		 comma;
	int		 in_clause;	/* tokens in the current clause */
	int		 nomem;
};

static struct token *
new_token(struct tstate *st, enum tok_kind kind, size_t start, size_t len)
{
	struct tokens *tk = st->tk;
	struct token *t, *nt;
	size_t ncap;

	if (tk->n >= MAX_TOKENS)
		return NULL;
	if (tk->n == tk->cap) {
		ncap = tk->cap ? tk->cap * 2 : 64;
		if ((nt = xrealloc(tk->t, ncap * sizeof(*nt))) == NULL)
			return NULL;
		tk->t = nt;
		tk->cap = ncap;
	}
	t = &tk->t[tk->n];
	memset(t, 0, sizeof(*t));
	t->kind = (uint8_t)kind;
	t->start = (uint32_t)start;
	t->len = (uint32_t)len;
	t->norm = (uint32_t)tk->norm.len;
	if (st->brk) {
		t->flags |= TF_SENT_START;
		if (st->in_clause)
			tk->nclauses++;
		st->in_clause = 0;
	}
	if (st->comma && tk->n > 0) {
		/* A comma also ends a clause: "Sabrina yes, Sydney no". */
		t->flags |= TF_COMMA_BEFORE;
		if (st->in_clause)
			tk->nclauses++;
		st->in_clause = 0;
	}
	st->brk = st->comma = 0;
	if (tk->n == 0)
		t->flags |= TF_SENT_START;
	return t;
}

/* Ends a token: its norm is what was appended since it began. */
static void
end_token(struct tstate *st, struct token *t)
{
	struct tokens *tk = st->tk;

	t->nlen = (uint32_t)(tk->norm.len - t->norm);
	/* Each norm is NUL-terminated; the NUL is not part of nlen. */
	if (buf_addc(&tk->norm, '\0') < 0)
		st->nomem = 1;
	if (t->kind == TK_WORD && st->in_clause && t->nlen >= 3 &&
	    (TOK_IS(tk, tk->n, "but") || TOK_IS(tk, tk->n, "however") ||
	    TOK_IS(tk, tk->n, "although") || TOK_IS(tk, tk->n, "though") ||
	    TOK_IS(tk, tk->n, "whereas"))) {
		tk->nclauses++;
		st->in_clause = 0;
		t->flags |= TF_CONTRAST;
	}
	t->clause = tk->nclauses;
	st->in_clause++;
	tk->n++;
}

static int
add_norm_word(struct tokens *tk, const char *s, size_t n)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r;
	char *tmp, *d;
	size_t i;
	int ascii = 1;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		if (buf_grow(&tk->norm, n + 1) < 0)
			return -1;
		d = tk->norm.data + tk->norm.len;
		for (i = 0; i < n; i++)
			d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i];
		tk->norm.len += n;
		d[n] = '\0';
		return 0;
	}
	/* Typographic apostrophes become ASCII before folding. */
	if ((tmp = xmalloc(n + 1)) == NULL)
		return -1;
	for (i = 0, d = tmp; i < n; i++) {
		if (i + 2 < n && memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
			*d++ = '\'';
			i += 2;
		} else if (i + 1 < n && memcmp(s + i, "\xCA\xBC", 2) == 0) {
			*d++ = '\'';
			i += 1;
		} else
			*d++ = s[i];
	}
	r = utf8proc_map((const utf8proc_uint8_t *)tmp, d - tmp, &out,
	    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	    UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
	free(tmp);
	if (r < 0)
		return buf_add(&tk->norm, s, n);
	i = buf_add(&tk->norm, out, (size_t)r) < 0;
	free(out);
	return i ? -1 : 0;
}

static int
ascii_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	    (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* A word, handle, hashtag or number starting at s[i]; returns its end. */
static size_t
scan_word(const char *s, size_t n, size_t i, size_t *body)
{
	int32_t c, d;
	size_t k, j;

	*body = i;
	if (s[i] == '@' || s[i] == '#')
		*body = i + 1;
	for (j = *body; j < n; j += k) {
		k = decode(s + j, n - j, &c);
		if (is_word_cp(c) || (c == '.' && s[i] == '@' && j > *body))
			continue;
		if (is_joiner(c) && j > *body && j + k < n) {
			decode(s + j + k, n - j - k, &d);
			if (is_word_cp(d))
				continue;
		}
		break;
	}
	while (j > *body && s[j - 1] == '.')
		j--;
	return j;
}

static int
word_token(struct tstate *st, const char *s, size_t i, size_t end,
    size_t body)
{
	struct token *t;
	enum tok_kind kind = TK_WORD;
	size_t k, letters = 0, upper = 0, digits = 0;
	int32_t c;

	for (k = body; k < end; k += decode(s + k, end - k, &c)) {
		decode(s + k, end - k, &c);
		if (c < 0x80) {		/* ASCII without a table look-up */
			if (c >= 'A' && c <= 'Z')
				upper++, letters++;
			else if (c >= 'a' && c <= 'z')
				letters++;
			else if (c >= '0' && c <= '9')
				digits++;
		} else if (utf8proc_isupper(c))
			upper++, letters++;
		else if (utf8proc_islower(c))
			letters++;
	}
	if (s[i] == '@')
		kind = TK_HANDLE;
	else if (s[i] == '#')
		kind = TK_HASHTAG;
	else if (letters == 0 && digits > 0)
		kind = TK_NUMBER;
	if ((t = new_token(st, kind, i, end - i)) == NULL)
		return -1;
	if ((end < st->n && ascii_punct(st->s[end])) ||
	    (i > 0 && ascii_punct(st->s[i - 1])))
		t->flags |= TF_GLUED;
	if (letters >= 1 && upper == letters)
		t->flags |= TF_UPPER;
	decode(s + body, end - body, &c);
	if (c < 0x80 ? (c >= 'A' && c <= 'Z') : utf8proc_isupper(c))
		t->flags |= TF_CAPITAL;
	if (add_norm_word(st->tk, s + body, end - body) < 0)
		return -1;
	end_token(st, t);
	return 0;
}

/* One emoji with its modifiers and joined parts; returns its end. */
static size_t
emoji_token(struct tstate *st, const char *s, size_t n, size_t i, int *err)
{
	struct token *t = new_token(st, TK_EMOJI, i, 0);
	size_t j = i, k;
	int32_t c;
	int join = 1;

	if (t == NULL) {
		*err = 1;
		return n;
	}
	while (j < n) {
		k = decode(s + j, n - j, &c);
		if (is_emoji_modifier(c)) {
			j += k;
			continue;
		}
		if (c == 0x200D) {
			join = 1;
			j += k;
			continue;
		}
		if (!join || !(is_emoji(c) || (c >= 0x1F1E6 && c <= 0x1F1FF)))
			break;
		if (buf_add(&st->tk->norm, s + j, k) < 0)
			*err = 1;
		join = c >= 0x1F1E6 && c <= 0x1F1FF &&
		    st->tk->norm.len - t->norm == k;	/* flag: two letters */
		j += k;
	}
	t->len = (uint32_t)(j - i);
	end_token(st, t);
	return j;
}

/* A '.' after an initial or a title ("Michael B. Jordan", "Dr. Kay"). */
static int
abbreviation(const struct tstate *st)
{
	static const char *const abbr[] = { "dr", "mr", "mrs", "ms", "st",
	    "jr", "sr", "vs", "mt", "ft", "prof", "sgt", "gen", "capt", NULL };
	const struct tokens *tk = st->tk;
	const struct token *t;
	size_t i;

	if (tk->n == 0 || st->brk)
		return 0;
	t = &tk->t[tk->n - 1];
	if (t->kind != TK_WORD || !(t->flags & TF_CAPITAL))
		return 0;
	if (t->nlen == 1)
		return 1;
	for (i = 0; abbr[i] != NULL; i++)
		if (tok_is(tk, tk->n - 1, abbr[i]))
			return 1;
	return 0;
}

static int
punct(struct tstate *st, int32_t c, size_t i)
{
	struct token *t;

	if (c == ',') {
		st->comma = 1;
		return 0;
	}
	if (c == '!' || c == '?') {
		int brk = st->brk;

		/* "!!!" and "?!" close one clause, not three */
		if (st->tk->n > 0 && st->tk->t[st->tk->n - 1].kind == TK_PUNCT &&
		    st->tk->t[st->tk->n - 1].start + 1 == i)
			st->brk = 0;
		if ((t = new_token(st, TK_PUNCT, i, 1)) == NULL ||
		    buf_addc(&st->tk->norm, (char)c) < 0)
			return -1;
		st->brk = brk;
		end_token(st, t);
	}
	if (c == '.' && abbreviation(st))
		return 0;
	if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' ||
	    c == 0x2026)
		st->brk = 1;
	return 0;
}

int
text_tokenize(const char *s, size_t n, struct tokens *tk)
{
	struct tstate st = { tk, s, n, 0, 0, 0, 0 };
	size_t i = 0, j, k, body;
	int32_t c;
	int err = 0;

	tk->n = 0;
	tk->nclauses = 0;
	tk->gen++;
	buf_reset(&tk->norm);
	while (i < n && tk->n < MAX_TOKENS && !err) {
		k = decode(s + i, n - i, &c);
		if (is_space(c)) {
			if (c == '\n')
				st.brk = 1;
			i += k;
			continue;
		}
		/* An emoticon is a whole chunk of at most 8 bytes; look for
		 * one only where a chunk starts, so long runs stay linear. */
		j = i;
		if (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' ||
		    s[i - 1] == '\t' || s[i - 1] == '\r')
			for (; j < n && j - i <= 8 && s[j] != ' ' &&
			    s[j] != '\n' && s[j] != '\t' && s[j] != '\r'; j++)
				;
		if (j > i && j - i <= 8 && (j == n || s[j] == ' ' ||
		    s[j] == '\n' || s[j] == '\t' || s[j] == '\r') &&
		    (is_emoticon(s + i, j - i) || punct_chunk(s + i, j - i))) {
			struct token *t = new_token(&st, TK_EMOTICON, i, j - i);

			if (t == NULL || buf_add(&tk->norm, s + i, j - i) < 0)
				return -1;
			/* Looked up in lower case, as ":D" -> ":d"; one with
			 * capitals only counts as capitals (":D", "XD"). */
			t->flags |= emoticon_case(s + i, j - i);
			for (k = t->norm; k < tk->norm.len; k++)
				if (tk->norm.data[k] >= 'A' &&
				    tk->norm.data[k] <= 'Z')
					tk->norm.data[k] += 32;
			end_token(&st, t);
			i = j;
			continue;
		}
		if (is_word_cp(c) || ((c == '@' || c == '#') && i + 1 < n &&
		    (decode(s + i + 1, n - i - 1, &c), is_word_cp(c)))) {
			j = scan_word(s, n, i, &body);
			if (word_token(&st, s, i, j, body) < 0)
				return -1;
			i = j;
			continue;
		}
		decode(s + i, n - i, &c);
		if (is_emoji(c) || (c >= 0x1F1E6 && c <= 0x1F1FF)) {
			i = emoji_token(&st, s, n, i, &err);
			continue;
		}
		if (punct(&st, c, i) < 0)
			return -1;
		i += k;
	}
	if (tk->n > 0)
		tk->nclauses++;
	return err || st.nomem ? -1 : 0;
}
