/*
 * brief: the intelligence brief as a list of format-neutral blocks, built
 * from an et-agg(1) document.  Every renderer (render_txt, render_md,
 * render_html, render_pdf) draws the same blocks in the same order, so the
 * formats share their sections, numbers and words; a renderer decides only
 * how a block looks.
 *
 * All strings are UTF-8 and untrusted (names, comments, captions come from
 * the public): a renderer must escape them for its format and never pass
 * them to anything that interprets markup.  Numbers in cells are already
 * formatted as text.
 *
 * Ownership: a struct brief owns its blocks and every string in them;
 * brief_free(NULL) is a no-op.  Renderers borrow the brief and append to a
 * caller's struct buf, returning 0 or -1 (out of memory or the buffer's
 * cap).
 */
#ifndef ET_BRIEF_H
#define ET_BRIEF_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Sentiment tones, for colour: green positive, grey neutral, orange and
 * red negative.  TONE_NONE: no colour. */
enum tone {
	TONE_NONE, TONE_SPOS, TONE_POS, TONE_NEU, TONE_NEG, TONE_SNEG
};

enum block_kind {
	BK_TITLE,	/* text: the title; lines: subtitle lines */
	BK_HEADING,	/* text: a section heading; id: its anchor */
	BK_PARA,	/* text: a paragraph */
	BK_NOTE,	/* text: a one-line remark ("No alerts in this window.") */
	BK_BULLETS,	/* lines: a bulleted list */
	BK_BIGNUMS,	/* xlabels: labels; lines: their values (nx of each) */
	BK_TABLE,	/* cols/ncols, cells (nrows x ncols, row-major) */
	BK_QUOTES,	/* text: whose; quotes: the comments */
	BK_LINECHART,	/* text: title; xlabels: x axis (dates); series: one
			 * line each, values in [-1, 1], has[] = 0 for gaps */
	BK_BARCHART	/* text: title; xlabels: one bar per label; series:
			 * one segment each (stacked when nseries > 1, every
			 * bar then drawn as shares of its own total); tone
			 * per series */
};

struct cell {
	char		*text;
	enum tone	 tone;
};

struct series {
	char		*name;
	double		*v;		/* nx values */
	unsigned char	*has;		/* nx flags: 0 = no value */
	enum tone	 tone;		/* bar charts; TONE_NONE: palette */
};

struct quote {
	char		*text;		/* the comment (an excerpt) */
	char		*meta;		/* "1,234 likes · score +0.62" */
	enum tone	 tone;
};

struct block {
	enum block_kind	 kind;
	char		*id;		/* BK_HEADING: anchor, [a-z-]+ */
	char		*text;
	char		**lines;
	size_t		 nlines;
	char		**cols;		/* BK_TABLE: column headings */
	unsigned char	*numeric;	/* BK_TABLE: per column, right-align */
	size_t		 ncols;
	struct cell	*cells;		/* BK_TABLE: nrows * ncols */
	size_t		 nrows;
	char		**xlabels;
	size_t		 nx;
	struct series	*series;
	size_t		 nseries;
	struct quote	*quotes;
	size_t		 nquotes;
};

struct brief {
	struct block	*b;
	size_t		 n;
	char		*title;		/* "Comment intelligence brief" */
	char		*period;	/* "2025-11-20 – 2025-11-26 (UTC)" */
	int64_t		 now;		/* the aggregate's --now: the date the
					 * brief is "generated" (PDF metadata) */
};

/*
 * Builds the brief from an aggregate document (text[0..len)).  NULL with a
 * message in err when it is not JSON, not an et-agg document, of another
 * version, or lacks a member the brief needs; "out of memory" likewise.
 */
struct brief *brief_build(const char *text, size_t len, char *err,
	    size_t errlen);
void	 brief_free(struct brief *b);

/* The renderers: append the whole output to out. */
int	 render_txt(const struct brief *b, struct buf *out);
int	 render_md(const struct brief *b, struct buf *out);
int	 render_html(const struct brief *b, struct buf *out);
int	 render_pdf(const struct brief *b, struct buf *out);

/*
 * How every format writes numbers: brief_number "7,875" for whole numbers,
 * two decimals otherwise; brief_score a sentiment score, "+0.292", "-0.050",
 * "0.000".  Either writes "-" for a number that is not finite.
 */
void	 brief_number(char *out, size_t cap, double v);
void	 brief_score(char *out, size_t cap, double v);

/* Display width of UTF-8 text in terminal columns (utf8proc). */
size_t	 brief_width(const char *s);

#endif
