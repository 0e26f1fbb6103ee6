#include <pthread.h>
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

/*
 * Classes of ASCII bytes.  The tokenizer looks at every byte of every
 * comment, so it looks each one up here once rather than running a chain
 * of comparisons; the table is computed at compile time from the tests
 * below, and bits 16 to 23 hold the byte in lower case.  Bytes from 0x80
 * up are in no class: they belong to multi-byte code points, which are
 * decoded and looked up in utf8proc.
 */
#define C_UPPER	0x001	/* A-Z */
#define C_LOWER	0x002	/* a-z */
#define C_DIGIT	0x004	/* 0-9 */
#define C_WORD	0x008	/* letters, digits and '_' (see is_word_cp) */
#define C_SPACE	0x010	/* see is_space */
#define C_SEP	0x020	/* ends an emoticon chunk: space, tab, CR, LF */
#define C_PUNCT	0x040	/* ASCII punctuation: a word touching it is glued */
#define C_CHUNK	0x080	/* may be part of an emoticon: '!' to DEL */
#define C_EYES	0x100	/* ':', ';' and '=' */
#define C_MARK	0x200	/* marks and quotes; "...", "?!" are no emoticon */
#define C_ALNUM	0x400	/* letters and digits */
#define FOLDED(cl)	((char)((cl) >> 16))	/* the byte in lower case */

#define IN(c, lo, hi)	((c) >= (lo) && (c) <= (hi))
#define CLASS(c) (							\
	(IN(c, 'A', 'Z') ? C_UPPER | C_ALNUM | C_WORD : 0) |		\
	(IN(c, 'a', 'z') ? C_LOWER | C_ALNUM | C_WORD : 0) |		\
	(IN(c, '0', '9') ? C_DIGIT | C_ALNUM | C_WORD : 0) |		\
	((c) == '_' ? C_WORD : 0) |					\
	((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' ?	\
	    C_SPACE | C_SEP : 0) |					\
	((c) == '\v' || (c) == '\f' ? C_SPACE : 0) |			\
	(IN(c, '!', '/') || IN(c, ':', '@') || IN(c, '[', '`') ||	\
	    IN(c, '{', '~') ? C_PUNCT : 0) |				\
	(IN(c, '!', 0x7F) ? C_CHUNK : 0) |				\
	((c) == ':' || (c) == ';' || (c) == '=' ? C_EYES : 0) |		\
	((c) == '.' || (c) == '!' || (c) == '?' || (c) == ',' ||	\
	    (c) == ';' || (c) == '"' || (c) == '\'' || (c) == '-' ||	\
	    (c) == '*' ? C_MARK : 0) |					\
	(uint32_t)(IN(c, 'A', 'Z') ? (c) + 32 : (c)) << 16)
#define CLASS4(c)	CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define CLASS16(c)	CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), \
			CLASS4((c) + 12)
#define CLASS64(c)	CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), \
			CLASS16((c) + 48)

static const uint32_t ctab[256] = { CLASS64(0), CLASS64(64) };

#define CL(b)	ctab[(unsigned char)(b)]

/*
 * Decodes the code point of 2 to 4 bytes at s (of n); invalid bytes count
 * as one U+FFFD.  It makes the checks utf8proc_iterate makes (no overlong
 * forms, surrogates or code points past U+10FFFF), without the call.
 */
static size_t
decode_mb(const char *s, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0];

	if (c < 0xC2 || c > 0xF4)
		goto bad;
	if (c < 0xE0) {
		if (n < 2 || (u[1] & 0xC0) != 0x80)
			goto bad;
		*cp = (int32_t)((c & 0x1F) << 6 | (u[1] & 0x3F));
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
		    (c == 0xE0 && u[1] < 0xA0) || (c == 0xED && u[1] > 0x9F))
			goto bad;
		*cp = (int32_t)((c & 0x0F) << 12 | (u[1] & 0x3F) << 6 |
		    (u[2] & 0x3F));
		return 3;
	}
	/* Continuation bytes are 0x80 to 0xBF. */
	if (n < 4 || ((u[1] ^ 0x80) | (u[2] ^ 0x80) | (u[3] ^ 0x80)) > 0x3F ||
	    (c == 0xF0 && u[1] < 0x90) || (c == 0xF4 && u[1] > 0x8F))
		goto bad;
	*cp = (int32_t)((c & 0x07) << 18 | (u[1] & 0x3F) << 12 |
	    (u[2] & 0x3F) << 6 | (u[3] & 0x3F));
	return 4;
bad:
	*cp = 0xFFFD;
	return 1;
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

static int
is_flag_letter(int32_t c)
{
	return c >= 0x1F1E6 && c <= 0x1F1FF;
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
		return CL(c) & C_WORD;
	k = utf8proc_category(c);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ND) ||
	    k == UTF8PROC_CATEGORY_NL || k == UTF8PROC_CATEGORY_NO;
}

/* Whether s[0..n), n > 0, starts with a word code point. */
static int
word_at(const char *s, size_t n)
{
	int32_t c;

	if ((unsigned char)*s < 0x80)
		return CL(*s) & C_WORD;
	decode_mb(s, n, &c);
	return is_word_cp(c);
}

static int
is_apostrophe(int32_t c)
{
	return c == 0x2019 || c == 0x02BC;
}

static int
is_space(int32_t c)
{
	if (c < 0x80)
		return CL(c) & C_SPACE;
	return c == 0xA0 || c == 0x2060 || c == 0x200B || c == 0x3000 ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202F || c == 0x205F || c == 0xFEFF;
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
 * Most chunks looked up in the list are short words ("is", "ok"), so the
 * bytes its entries start with and their greatest length rule most out
 * before a string is compared.  Built from the list once, under
 * pthread_once, and only read after.
 */
static struct {
	uint8_t	 first[256], second[256];
	size_t	 maxlen;
} emo_idx;
static pthread_once_t emo_once = PTHREAD_ONCE_INIT;

static void
emo_build(void)
{
	size_t i, len;

	for (i = 0; emoticons[i] != NULL; i++) {
		len = strlen(emoticons[i]);
		emo_idx.first[(unsigned char)emoticons[i][0]] = 1;
		if (len > 1)
			emo_idx.second[(unsigned char)emoticons[i][1]] = 1;
		if (len > emo_idx.maxlen)
			emo_idx.maxlen = len;
	}
}

/* s[0..n), n >= 2, is in the list. */
static int
emoticon_listed(const char *s, size_t n)
{
	size_t i;

	pthread_once(&emo_once, emo_build);
	if (n > emo_idx.maxlen || !emo_idx.first[(unsigned char)s[0]] ||
	    !emo_idx.second[(unsigned char)s[1]])
		return 0;
	for (i = 0; emoticons[i] != NULL; i++)
		if (strlen(emoticons[i]) == n && memcmp(emoticons[i], s, n) == 0)
			return 1;
	return 0;
}

/*
 * An emoticon is a whole chunk of text (up to a space, tab or line break)
 * of 2 to 8 bytes from '!' to DEL: a listed one, or one built around ':',
 * ';' or '=' with at most two letters or digits and at most 6 bytes (":l",
 * "o:)", "=D", ">:p"; "2:30" is not), or a chunk of punctuation such as
 * ":-)" or "(:" that is not only sentence marks ("...", "!!", "?!").
 * Returns the length of the chunk at s[i] if it is one, else 0; *flags gets
 * TF_UPPER for one with capitals only (":D", "XD").
 */
static size_t
emoticon_at(const char *s, size_t n, size_t i, uint8_t *flags)
{
	size_t j, m, alnum = 0, eyes = 0, marks = 0;
	unsigned cl, all = 0;

	/* Most chunks are words: three letters or digits rule one out. */
	if (i + 2 < n && (CL(s[i]) & CL(s[i + 1]) & CL(s[i + 2]) & C_ALNUM))
		return 0;
	/* Give up at the first byte that rules the chunk out, without
	 * looking for its end. */
	for (j = i; j < n && j - i <= 8; j++) {
		cl = CL(s[j]);
		if (cl & C_SEP)
			break;
		if (!(cl & C_CHUNK))
			return 0;
		/* None listed has more than two letters or digits ("xD"). */
		if ((alnum += (cl & C_ALNUM) != 0) > 2)
			return 0;
		eyes += (cl & C_EYES) != 0;
		marks += (cl & C_MARK) != 0;
		all |= cl;
	}
	m = j - i;
	if (m < 2 || m > 8)
		return 0;
	if (!(eyes > 0 && m <= 6) && !(alnum == 0 && marks < m) &&
	    !emoticon_listed(s + i, m))
		return 0;
	*flags = !(all & C_LOWER) && (all & C_UPPER) ? TF_UPPER : 0;
	return m;
}

struct tstate {
	struct tokens	*tk;
	const char	*s;		/* the text */
	size_t		 n;
	int		 brk;		/* a sentence ended since the last token */
	int		 comma;
	int		 in_clause;	/* tokens in the current clause */
};

/*
 * Makes room in the norm buffer for the tokens of s[i..n), so that they
 * are appended without a check each.  A token takes at most twice the
 * bytes it covers for its norm and the NUL after it: a word folded as
 * ASCII, an emoticon and a '!' keep their length, an emoji drops its
 * modifiers and joiners.  Only a word folded by utf8proc can grow (U+FDFA,
 * 3 bytes, folds to 33), so add_norm_folded appends with checks, and
 * word_token reserves again after it; the one byte more is for that word's
 * own NUL.  The buffer is reused, so this seldom allocates.
 */
static int
reserve(struct tstate *st, size_t i)
{
	return buf_grow(&st->tk->norm, 2 * (st->n - i) + 1);
}

static int
grow_tokens(struct tokens *tk)
{
	size_t ncap = tk->cap ? tk->cap * 2 : 64;
	struct token *nt;

	if ((nt = xrealloc(tk->t, ncap * sizeof(*nt))) == NULL)
		return -1;
	tk->t = nt;
	tk->cap = ncap;
	return 0;
}

/*
 * Starts a token; end_token sets its nlen and clause.  text_tokenize stops
 * at MAX_TOKENS, and makes at most one token a step, so there is no check
 * for the limit here.
 */
static inline struct token *
new_token(struct tstate *st, enum tok_kind kind, size_t start, size_t len)
{
	struct tokens *tk = st->tk;
	struct token *t;
	uint8_t flags = 0;

	if (tk->n == tk->cap && grow_tokens(tk) < 0)
		return NULL;
	t = &tk->t[tk->n];
	if (st->brk) {
		flags |= TF_SENT_START;
		if (st->in_clause)
			tk->nclauses++;
		st->in_clause = 0;
	}
	if (st->comma && tk->n > 0) {
		/* A comma also ends a clause: "Sabrina yes, Sydney no". */
		flags |= TF_COMMA_BEFORE;
		if (st->in_clause)
			tk->nclauses++;
		st->in_clause = 0;
	}
	st->brk = st->comma = 0;
	if (tk->n == 0)
		flags |= TF_SENT_START;
	t->start = (uint32_t)start;
	t->len = (uint32_t)len;
	t->norm = (uint32_t)tk->norm.len;
	t->kind = (uint8_t)kind;
	t->flags = flags;
	return t;
}

/*
 * Ends a token: its norm is what was appended since it began.  A word
 * that opens a clause of its own (contrast) does so before this.
 */
static inline void
end_token(struct tstate *st, struct token *t)
{
	struct tokens *tk = st->tk;

	t->nlen = (uint32_t)(tk->norm.len - t->norm);
	/* Each norm is NUL-terminated; the NUL is not part of nlen.  There
	 * is room for it (reserve). */
	tk->norm.data[tk->norm.len++] = '\0';
	tk->norm.data[tk->norm.len] = '\0';
	t->clause = tk->nclauses;
	st->in_clause++;
	tk->n++;
}

/*
 * A contrast word inside a clause starts a new one ("Great cast but the
 * plot..."); sets the word's nlen to compare it.
 */
static void
contrast(struct tstate *st, struct token *t)
{
	struct tokens *tk = st->tk;

	t->nlen = (uint32_t)(tk->norm.len - t->norm);
	if (st->in_clause && t->nlen >= 3 &&
	    (TOK_IS(tk, tk->n, "but") || TOK_IS(tk, tk->n, "however") ||
	    TOK_IS(tk, tk->n, "although") || TOK_IS(tk, tk->n, "whereas") ||
	    /* "Cynthia tho will be iconic": after a clause's first word,
	     * "tho" belongs to it */
	    (st->in_clause > 1 && (TOK_IS(tk, tk->n, "though") ||
	    TOK_IS(tk, tk->n, "tho"))))) {
		tk->nclauses++;
		st->in_clause = 0;
		t->flags |= TF_CONTRAST;
	}
}

/* Typographic apostrophes become ASCII before folding. */
static utf8proc_int32_t
fold_apostrophe(utf8proc_int32_t c, void *data)
{
	(void)data;
	return is_apostrophe(c) ? '\'' : c;
}

#define FOLD	(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
		 UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK)
#define FOLD_STACK	64	/* code points; longer words use the heap */

/*
 * Appends the word s[0..n) case-folded, without accents and compatibility
 * forms.  This is what utf8proc_map does, but into a buffer on the stack
 * for words of ordinary length instead of two passes and a heap block.
 * The UTF-8 goes in place over the code points, with a NUL after them, so
 * the buffer has one byte more than the code points take.
 */
static int
add_norm_folded(struct tokens *tk, const char *s, size_t n)
{
	utf8proc_int32_t stack[FOLD_STACK + 1], *cp = stack;
	utf8proc_ssize_t r;
	int ret;

	r = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)n, cp, FOLD_STACK, FOLD, fold_apostrophe, NULL);
	if (r > FOLD_STACK) {
		if ((cp = xmalloc((size_t)r * sizeof(*cp) + 1)) == NULL)
			return -1;
		r = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)n, cp, r, FOLD, fold_apostrophe, NULL);
	}
	if (r >= 0)
		r = utf8proc_reencode(cp, r, FOLD);
	if (r < 0)
		ret = buf_add(&tk->norm, s, n);
	else
		ret = buf_add(&tk->norm, cp, (size_t)r);
	if (cp != stack)
		free(cp);
	return ret;
}

/*
 * A word, handle, hashtag or number starting at s[i] (a word code point,
 * or '@' or '#' before one).  One pass over it finds its end, notes which
 * kinds of letters it has and appends its norm: folded here when it is
 * ASCII but for typographic apostrophes (folding ASCII is lowering A-Z),
 * else by add_norm_folded over what was written.  Returns its end, or 0
 * when out of memory.
 */
static size_t
word_token(struct tstate *st, size_t i)
{
	struct tokens *tk = st->tk;
	const char *s = st->s;
	char *d = tk->norm.data + tk->norm.len;	/* room: see reserve */
	char lead = s[i];
	size_t n = st->n, body = i, j, k, m = 0;
	enum tok_kind kind = TK_WORD;
	struct token *t;
	uint32_t cl, seen = 0;	/* C_UPPER, C_LOWER, C_DIGIT */
	int capital, unicode = 0;
	int32_t c;

	if (lead == '@' || lead == '#')
		body = i + 1;
	capital = (CL(s[body]) & C_UPPER) != 0;	/* or in the loop */
	for (j = body; j < n; j += k) {
		/* Mostly a run of ASCII letters and digits. */
		while ((cl = CL(s[j])) & C_WORD) {
			seen |= cl;
			d[m++] = FOLDED(cl);
			if (++j == n)
				goto end;
		}
		if ((unsigned char)s[j] < 0x80) {
			k = 1;
			/* Dots inside handles; inner apostrophes and
			 * hyphens ("don't", "Ledward-Boseman"). */
			if (j > body && (s[j] == '.' ? lead == '@' :
			    (s[j] == '\'' || s[j] == '-') && j + 1 < n &&
			    word_at(s + j + 1, n - j - 1))) {
				d[m++] = s[j];
				continue;
			}
			break;
		}
		k = decode_mb(s + j, n - j, &c);
		if (is_word_cp(c)) {
			if (utf8proc_isupper(c)) {
				seen |= C_UPPER;
				capital |= j == body;
			} else if (utf8proc_islower(c))
				seen |= C_LOWER;
		} else if (!(is_apostrophe(c) && j > body && j + k < n &&
		    word_at(s + j + k, n - j - k)))
			break;
		/* Typographic apostrophes fold to '\''; for anything else
		 * not ASCII, utf8proc folds the word. */
		if (is_apostrophe(c))
			d[m++] = '\'';
		else
			unicode = 1;
	}
end:
	if (lead == '@') {
		kind = TK_HANDLE;
		/* Handles, the only words with dots, do not end in one
		 * ("@name." ends a sentence). */
		for (; j > body && s[j - 1] == '.'; j--)
			m--;
	} else if (lead == '#')
		kind = TK_HASHTAG;
	else if ((seen & (C_UPPER | C_LOWER | C_DIGIT)) == C_DIGIT)
		kind = TK_NUMBER;	/* digits and no letters */
	if ((t = new_token(st, kind, i, j - i)) == NULL)
		goto nomem;
	if ((j < n && (CL(s[j]) & C_PUNCT)) ||
	    (i > 0 && (CL(s[i - 1]) & C_PUNCT)))
		t->flags |= TF_GLUED;
	if ((seen & (C_UPPER | C_LOWER)) == C_UPPER)
		t->flags |= TF_UPPER;	/* letters, all upper case */
	if (capital)
		t->flags |= TF_CAPITAL;
	if (!unicode)
		tk->norm.len += m;
	else if (add_norm_folded(tk, s + body, j - body) < 0 ||
	    reserve(st, j) < 0)
		goto nomem;
	if (kind == TK_WORD)
		contrast(st, t);
	end_token(st, t);
	return j;
nomem:
	tk->norm.data[tk->norm.len] = '\0';	/* over what d had */
	return 0;
}

/*
 * One emoji, c of k bytes at s[i], with its modifiers and joined parts.
 * Returns its end, or 0 when out of memory.
 */
static size_t
emoji_token(struct tstate *st, size_t i, int32_t c, size_t k)
{
	struct buf *norm = &st->tk->norm;
	struct token *t = new_token(st, TK_EMOJI, i, 0);
	const char *s = st->s;
	size_t n = st->n, j = i;
	int join = 1;

	if (t == NULL)
		return 0;
	for (;;) {
		if (c == 0x200D)
			join = 1;
		else if (!is_emoji_modifier(c)) {
			if (!join || !(is_emoji(c) || is_flag_letter(c)))
				break;
			/* Modifiers and joiners stay out of the norm; room:
			 * see reserve. */
			memcpy(norm->data + norm->len, s + j, k);
			norm->len += k;
			join = is_flag_letter(c) &&
			    norm->len - t->norm == k;	/* flag: two letters */
		}
		/* What follows is mostly a space or a letter. */
		if ((j += k) == n || (unsigned char)s[j] < 0x80)
			break;
		k = decode_mb(s + j, n - j, &c);
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
	struct tokens *tk = st->tk;
	struct token *t;

	if (c == ',') {
		st->comma = 1;
		return 0;
	}
	if (c == '!' || c == '?') {
		int brk = st->brk;

		/* "!!!" and "?!" close one clause, not three */
		if (tk->n > 0 && tk->t[tk->n - 1].kind == TK_PUNCT &&
		    tk->t[tk->n - 1].start + 1 == i)
			st->brk = 0;
		if ((t = new_token(st, TK_PUNCT, i, 1)) == NULL)
			return -1;
		/* Room: see reserve. */
		tk->norm.data[tk->norm.len++] = (char)c;
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
	struct tstate st = { tk, s, n, 0, 0, 0 };
	size_t i = 0, j, k;
	struct token *t;
	uint8_t flags;
	uint32_t cl;
	int32_t c;

	tk->n = 0;
	tk->nclauses = 0;
	tk->gen++;
	buf_reset(&tk->norm);
	if (n > 0 && reserve(&st, 0) < 0)
		return -1;
	while (i < n && tk->n < MAX_TOKENS) {
		if ((unsigned char)s[i] >= 0x80) {
			/* No emoticon starts here: those are ASCII.  What
			 * is neither space, word nor emoji may be U+2026. */
			k = decode_mb(s + i, n - i, &c);
			if (is_space(c))
				i += k;
			else if (is_word_cp(c)) {
				if ((i = word_token(&st, i)) == 0)
					return -1;
			} else if (is_emoji(c) || is_flag_letter(c)) {
				if ((i = emoji_token(&st, i, c, k)) == 0)
					return -1;
			} else if (punct(&st, c, i) < 0)
				return -1;
			else
				i += k;
			continue;
		}
		cl = CL(s[i]);
		if (cl & C_SPACE) {
			if (s[i] == '\n')
				st.brk = 1;
			i++;
			continue;
		}
		/* An emoticon is a whole chunk; look for one only where a
		 * chunk starts, so long runs stay linear. */
		if ((i == 0 || (CL(s[i - 1]) & C_SEP)) &&
		    (j = emoticon_at(s, n, i, &flags)) > 0) {
			if ((t = new_token(&st, TK_EMOTICON, i, j)) == NULL)
				return -1;
			/* Looked up in lower case, as ":D" -> ":d"; one with
			 * capitals only counts as capitals (":D", "XD").
			 * Room: see reserve. */
			for (k = 0; k < j; k++)
				tk->norm.data[tk->norm.len++] =
				    FOLDED(CL(s[i + k]));
			t->flags |= flags;
			end_token(&st, t);
			i += j;
			continue;
		}
		if ((cl & C_WORD) || ((s[i] == '@' || s[i] == '#') &&
		    i + 1 < n && word_at(s + i + 1, n - i - 1))) {
			if ((i = word_token(&st, i)) == 0)
				return -1;
			continue;
		}
		if (punct(&st, (unsigned char)s[i], i) < 0)
			return -1;
		i++;
	}
	if (tk->n > 0)
		tk->nclauses++;
	return 0;
}
