/*
 * render_pdf: the brief as an A4 portrait PDF (595 x 842 pt), drawn with
 * cairo and pango.
 *
 * The blocks are drawn top to bottom in order; a page break comes whenever
 * the next piece does not fit.  BK_TITLE is a title page of its own (no
 * footer).  Headings become PDF bookmarks and move to a new page when less
 * than a quarter of one is left or when the start of the block after them
 * would not fit.  Paragraphs and bullets wrap and flow across pages line by
 * line.  Big numbers are cards, four to a row at most.  Tables fit their
 * columns to the page (widths from the content, shared out fairly, a size
 * smaller when they would not fit), repeat the header row on every page,
 * stripe their rows, right-align numeric columns, mark toned cells with a
 * colour chip and keep every cell to one ellipsized line.  Quotes are
 * indented, at most six lines each, with a bar in their tone.  Line charts
 * plot each series on a -1..+1 axis, breaking the line at gaps; bar charts
 * are horizontal, stacked to 100 % of each bar when there are several
 * series.  Every page but the title page has a footer with the title, the
 * period and the page number.
 *
 * Block strings are untrusted: they are cleaned (bad UTF-8 replaced,
 * control characters turned into spaces, very long ones cut) and only
 * ever set as plain text, never as pango markup.  The bytes depend on the
 * brief alone: the PDF dates come from b->now, never from the clock, and
 * hinting is off so that metrics do not depend on the machine's settings.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "brief.h"
#include "buf.h"
#include "utf8.h"
#include "xalloc.h"

#define PAGE_W		595.0
#define PAGE_H		842.0
#define MARGIN		56.0		/* left, right and top */
#define CONTENT_W	(PAGE_W - 2 * MARGIN)
#define BODY_END	(PAGE_H - 68.0)	/* content stops here */
#define FOOTER_Y	(PAGE_H - 44.0)
#define NOWRAP		(-1.0)		/* text_new: natural width */

#define C_TEXT		0x202124
#define C_MUTED		0x5f6368
#define C_RULE		0xdadce0
#define C_FILL		0xf1f3f4	/* header rows, cards, bar tracks */
#define C_ZEBRA		0xf8f9fa
#define C_WHITE		0xffffff

#define CUT_BYTES	512	/* bytes kept per line of an ellipsized text */
#define CARD_H		60.0
#define ROW_H		16.0	/* table rows */
#define PAD		5.0	/* table cells, left and right */
#define CHIP_W		10.0
#define PLOT_H		150.0
#define AXIS_W		30.0
#define XLABEL_W	64.0
#define LEGEND_MAX	40	/* series named in a legend */
#define LEGEND_ROW	14.0
#define LEGEND_NAME_W	150.0
#define BAR_ROW		18.0
#define BAR_H		11.0
#define VALUE_W		60.0

/*
 * Emoji come from fontconfig's fallback (Noto Color Emoji).  Naming the
 * emoji font here would be worse: it has glyphs for the digits (keycap
 * bases), and numbers would be set in it.
 */
#define FAMILY		"DejaVu Sans"
#define MINUS		"\xe2\x88\x92"

enum font {
	F_TITLE, F_SUBTITLE, F_HEADING, F_SUBHEAD, F_BODY, F_NOTE, F_QUOTE,
	F_CELL, F_CELL_BOLD, F_CELL_SMALL, F_CELL_SMALL_BOLD, F_BIG, F_SMALL,
	F_AXIS, NFONT
};

static const char *const font_spec[NFONT] = {
	FAMILY " Bold 26", FAMILY " 12", FAMILY " Bold 15", FAMILY " Bold 10.5",
	FAMILY " 10", FAMILY " Italic 9", FAMILY " 9.5", FAMILY " 8.5",
	FAMILY " Bold 8.5", FAMILY " 7.5", FAMILY " Bold 7.5",
	FAMILY " Bold 20", FAMILY " 8", FAMILY " 7.5"
};

/* How a string is set: lines > 0 ellipsizes after that many lines. */
struct style {
	enum font	 font;
	uint32_t	 colour;
	int		 right;
	int		 lines;
};

static const struct style S_TITLE = { F_TITLE, C_TEXT, 0, 4 };
static const struct style S_SUBTITLE = { F_SUBTITLE, C_MUTED, 0, 3 };
static const struct style S_HEADING = { F_HEADING, C_TEXT, 0, 2 };
static const struct style S_SUBHEAD = { F_SUBHEAD, C_TEXT, 0, 1 };
static const struct style S_BODY = { F_BODY, C_TEXT, 0, 0 };
static const struct style S_NOTE = { F_NOTE, C_MUTED, 0, 3 };
static const struct style S_QUOTE = { F_QUOTE, C_TEXT, 0, 6 };
static const struct style S_CELL = { F_CELL, C_TEXT, 0, 1 };
static const struct style S_BIG = { F_BIG, C_TEXT, 0, 1 };
static const struct style S_LABEL = { F_SMALL, C_MUTED, 0, 1 };
static const struct style S_LABEL_R = { F_SMALL, C_MUTED, 1, 1 };
static const struct style S_AXIS = { F_AXIS, C_MUTED, 0, 1 };
static const struct style S_AXIS_R = { F_AXIS, C_MUTED, 1, 1 };

/* Line chart series (and untoned bar series): distinguishable hues. */
static const uint32_t palette[] = {
	0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b,
	0xe377c2, 0x17becf, 0xbcbd22, 0x7f7f7f
};
#define NPALETTE	(sizeof(palette) / sizeof(palette[0]))

struct pdf {
	const struct brief	*b;
	struct buf		*out;
	cairo_surface_t		*surf;
	cairo_t			*cr;
	PangoContext		*pc;
	PangoFontDescription	*font[NFONT];
	struct buf		 tmp;	/* the cleaned text being set */
	struct buf		 line;	/* the footer line */
	double			 y;	/* top of the next thing drawn */
	int			 page;	/* 1-based, counting the title page */
	int			 fresh;	/* nothing drawn on this page yet */
	int			 bare;	/* this page gets no footer */
	int			 err;
};

/* The plot area of a line chart. */
struct plot {
	double	 x0, x1, top;
	size_t	 nx;
};

static void	new_page(struct pdf *);
static double	legend(struct pdf *, const struct block *, double, int);
static double	linechart_h(struct pdf *, const struct block *);
static double	bar_head_h(struct pdf *, const struct block *);

static const char *
str(const char *s)
{
	return s == NULL ? "" : s;
}

static void
set_hex(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0,
	    ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

static uint32_t
tone_hex(enum tone t)
{
	switch (t) {
	case TONE_SPOS:
		return 0x1b7f3b;
	case TONE_POS:
		return 0x57b36a;
	case TONE_NEU:
		return 0x9aa0a6;
	case TONE_NEG:
		return 0xf08c2e;
	case TONE_SNEG:
		return 0xd93025;
	default:
		return C_RULE;
	}
}

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf *p = closure;

	if (buf_add(p->out, data, len) < 0) {
		p->err = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Appends s[0..n) to p->tmp, bad UTF-8 bytes replaced by U+FFFD. */
static int
add_valid(struct pdf *p, const char *s, size_t n)
{
	long bad;
	size_t ok;

	while (n > 0) {
		bad = utf8_check(s, n);
		ok = bad < 0 ? n : (size_t)bad;
		if (buf_add(&p->tmp, s, ok) < 0)
			return -1;
		if (bad < 0)
			break;
		if (buf_addlit(&p->tmp, "\xef\xbf\xbd") < 0)
			return -1;
		s += ok + 1;
		n -= ok + 1;
	}
	return 0;
}

/*
 * Blanks what would break a line or start a paragraph: C0 and C1 controls,
 * U+2028 and U+2029 (a one-line cell must stay one line).
 */
static void
blank_breaks(char *s, size_t n)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			s[i] = ' ';
		else if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] < 0xa0)
			s[i] = s[i + 1] = ' ';
		else if (c == 0xe2 && i + 2 < n && s[i + 1] == '\x80' &&
		    (s[i + 2] == '\xa8' || s[i + 2] == '\xa9'))
			s[i] = s[i + 1] = s[i + 2] = ' ';
	}
}

/*
 * Returns s made safe to set: valid UTF-8 without control characters, cut
 * (on a character boundary, with an ellipsis) after max bytes.  The text
 * lives in p->tmp until the next call.
 */
static const char *
clean(struct pdf *p, const char *s, size_t max)
{
	size_t n = strlen(str(s));
	int cut = 0;

	s = str(s);
	if (n > max) {
		while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
			max--;
		n = max;
		cut = 1;
	}
	buf_reset(&p->tmp);
	if (add_valid(p, s, n) < 0 ||
	    (cut && buf_addlit(&p->tmp, "\xe2\x80\xa6") < 0)) {
		p->err = 1;
		return "";
	}
	blank_breaks(p->tmp.data, p->tmp.len);
	return p->tmp.data;
}

/* A layout of s in style st, w points wide (NOWRAP: its natural width). */
static PangoLayout *
text_new(struct pdf *p, const struct style *st, const char *s, double w)
{
	PangoLayout *l;
	size_t max;

	max = st->lines > 0 ? (size_t)st->lines * CUT_BYTES : SIZE_MAX;
	l = pango_layout_new(p->pc);
	pango_layout_set_font_description(l, p->font[st->font]);
	pango_layout_set_text(l, clean(p, s, max), -1);
	if (w >= 0) {
		pango_layout_set_width(l, (int)(fmax(w, 1) * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	if (st->lines > 0) {
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -st->lines);
	}
	/* Right-to-left text keeps the document's alignment. */
	pango_layout_set_auto_dir(l, FALSE);
	if (st->right)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	return l;
}

static double
text_w(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

static double
text_h(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void
show(struct pdf *p, PangoLayout *l, uint32_t colour, double x, double y)
{
	set_hex(p->cr, colour);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	p->fresh = 0;
}

/* Sets s at (x, y) in a box w wide; returns the height used. */
static double
put(struct pdf *p, const struct style *st, const char *s, double x, double y,
    double w)
{
	PangoLayout *l;
	double h;

	l = text_new(p, st, s, w);
	h = text_h(l);
	show(p, l, st->colour, x, y);
	g_object_unref(l);
	return h;
}

static double
measure(struct pdf *p, const struct style *st, const char *s)
{
	PangoLayout *l;
	double w;

	l = text_new(p, st, s, NOWRAP);
	w = text_w(l);
	g_object_unref(l);
	return w;
}

/* The height of the first n lines of l (fewer if it has fewer). */
static double
lines_h(PangoLayout *l, int n)
{
	PangoLayoutIter *it;
	PangoRectangle r;

	it = pango_layout_get_iter(l);
	do
		pango_layout_iter_get_line_extents(it, NULL, &r);
	while (--n > 0 && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return (double)(r.y + r.height) / PANGO_SCALE;
}

/* Draws l at x from p->y on, line by line, breaking pages between lines. */
static void
flow(struct pdf *p, PangoLayout *l, double x, uint32_t colour)
{
	PangoLayoutIter *it;
	PangoRectangle r;
	double origin = p->y, top, bottom, base;

	it = pango_layout_get_iter(l);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &r);
		top = (double)r.y / PANGO_SCALE;
		bottom = (double)(r.y + r.height) / PANGO_SCALE;
		if (origin + bottom > BODY_END && !p->fresh) {
			new_page(p);
			origin = p->y - top;
		}
		base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		set_hex(p->cr, colour);
		cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE,
		    origin + base);
		pango_cairo_show_layout_line(p->cr,
		    pango_layout_iter_get_line_readonly(it));
		p->fresh = 0;
		p->y = origin + bottom;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void
hrule(struct pdf *p, double x, double y, double w, double t, uint32_t c)
{
	set_hex(p->cr, c);
	cairo_rectangle(p->cr, x, y, w, t);
	cairo_fill(p->cr);
}

static void
footer(struct pdf *p)
{
	const char *title = str(p->b->title), *period = str(p->b->period);
	char num[32];

	buf_reset(&p->line);
	if (buf_adds(&p->line, title) < 0 ||
	    (*title != '\0' && *period != '\0' &&
	    buf_addlit(&p->line, " \xc2\xb7 ") < 0) ||
	    buf_adds(&p->line, period) < 0)
		p->err = 1;
	hrule(p, MARGIN, FOOTER_Y - 8, CONTENT_W, 0.5, C_RULE);
	put(p, &S_LABEL, p->line.data, MARGIN, FOOTER_Y, CONTENT_W - 80);
	snprintf(num, sizeof(num), "Page %d", p->page);
	put(p, &S_LABEL_R, num, PAGE_W - MARGIN - 70, FOOTER_Y, 70);
}

static void
finish_page(struct pdf *p)
{
	if (!p->bare)
		footer(p);
	cairo_show_page(p->cr);
}

/* Starts a new page, unless nothing has been drawn on this one. */
static void
new_page(struct pdf *p)
{
	if (p->fresh)
		return;
	finish_page(p);
	p->page++;
	p->y = MARGIN;
	p->fresh = 1;
	p->bare = 0;
}

/* Makes sure h points fit below p->y, breaking the page if need be. */
static void
need(struct pdf *p, double h)
{
	if (p->y + h > BODY_END)
		new_page(p);
}

/* Vertical space, except at the top of a page. */
static void
gap(struct pdf *p, double h)
{
	if (!p->fresh)
		p->y += h;
}

static void
draw_title(struct pdf *p, const struct block *k)
{
	double y = 250;
	size_t i;

	new_page(p);
	hrule(p, MARGIN, y, 56, 4, C_TEXT);
	y += 22;
	y += put(p, &S_TITLE, k->text, MARGIN, y, CONTENT_W) + 14;
	for (i = 0; i < k->nlines && y < BODY_END - 40; i++)
		y += put(p, &S_SUBTITLE, k->lines[i], MARGIN, y,
		    CONTENT_W) + 5;
	p->fresh = 0;
	p->bare = 1;
	new_page(p);
}

/* The height that must fit under a heading for the next block to start. */
static double
start_h(struct pdf *p, const struct block *k)
{
	size_t rows;

	if (k == NULL)
		return 0;
	switch (k->kind) {
	case BK_TABLE:
		rows = k->nrows < 3 ? k->nrows : 3;
		return ROW_H * (double)(rows + 1);
	case BK_BIGNUMS:
		return CARD_H;
	case BK_LINECHART:
		return linechart_h(p, k);
	case BK_BARCHART:
		return bar_head_h(p, k) + 3 * BAR_ROW;
	case BK_QUOTES:
		return 70;
	default:
		return 40;
	}
}

static void
draw_heading(struct pdf *p, const struct block *k, const struct block *next)
{
	PangoLayout *l;
	double h, want;
	char dest[64];

	l = text_new(p, &S_HEADING, k->text, CONTENT_W);
	h = text_h(l);
	want = h + 14 + start_h(p, next);
	if (want < (BODY_END - MARGIN) / 4)
		want = (BODY_END - MARGIN) / 4;
	gap(p, 16);
	need(p, want);
	show(p, l, C_TEXT, MARGIN, p->y);
	g_object_unref(l);
	snprintf(dest, sizeof(dest), "page=%d pos=[%.0f %.0f]", p->page,
	    MARGIN, p->y);
	cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT,
	    clean(p, k->text, 2 * CUT_BYTES), dest, 0);
	p->y += h + 4;
	hrule(p, MARGIN, p->y, CONTENT_W, 0.75, C_RULE);
	p->y += 10;
}

static void
draw_para(struct pdf *p, const struct block *k)
{
	PangoLayout *l;

	if (str(k->text)[0] == '\0')
		return;
	l = text_new(p, &S_BODY, k->text, CONTENT_W);
	pango_layout_set_line_spacing(l, 1.25f);
	need(p, lines_h(l, 2));		/* no lone first line */
	flow(p, l, MARGIN, C_TEXT);
	g_object_unref(l);
	p->y += 8;
}

static void
draw_note(struct pdf *p, const struct block *k)
{
	PangoLayout *l;

	if (str(k->text)[0] == '\0')
		return;
	l = text_new(p, &S_NOTE, k->text, CONTENT_W);
	need(p, text_h(l));
	show(p, l, S_NOTE.colour, MARGIN, p->y);
	p->y += text_h(l) + 8;
	g_object_unref(l);
}

static void
draw_bullets(struct pdf *p, const struct block *k)
{
	PangoLayout *l;
	size_t i;

	for (i = 0; i < k->nlines; i++) {
		l = text_new(p, &S_BODY, k->lines[i], CONTENT_W - 16);
		pango_layout_set_line_spacing(l, 1.2f);
		/* Items of up to four lines are not split. */
		need(p, lines_h(l, 4));
		put(p, &S_BODY, "\xe2\x80\xa2", MARGIN + 3, p->y, NOWRAP);
		flow(p, l, MARGIN + 16, C_TEXT);
		g_object_unref(l);
		p->y += 4;
	}
	p->y += 6;
}

static void
rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

static void
card(struct pdf *p, const struct block *k, size_t i, double x, double w)
{
	const char *value = i < k->nlines ? k->lines[i] : "";

	set_hex(p->cr, C_FILL);
	rounded(p->cr, x, p->y, w, CARD_H, 4);
	cairo_fill(p->cr);
	put(p, &S_BIG, value, x + 10, p->y + 9, w - 20);
	put(p, &S_LABEL, k->xlabels[i], x + 10, p->y + 39, w - 20);
}

static void
draw_bignums(struct pdf *p, const struct block *k)
{
	size_t per, i, j;
	double w;

	if (k->nx == 0)
		return;
	/* Rows as even as can be: 5 or 6 cards go 3 + 3, not 4 + 2. */
	per = (k->nx + (k->nx + 3) / 4 - 1) / ((k->nx + 3) / 4);
	w = (CONTENT_W - 10 * (double)(per - 1)) / (double)per;
	for (i = 0; i < k->nx; i += per) {
		need(p, CARD_H);
		for (j = i; j < k->nx && j < i + per; j++)
			card(p, k, j, MARGIN + (double)(j - i) * (w + 10), w);
		p->y += CARD_H + 10;
	}
	p->y += 4;
}

/*
 * Fits the widths w[0..n) into total: every column gets what it asks for
 * or an equal share of what the others leave, whichever is less (so a
 * long column cannot squeeze the short ones); then the result is scaled
 * up to the full total.
 */
static void
fit_widths(double *w, size_t n, double total)
{
	double left = total, share = total, sum = 0;
	size_t i, open = n;
	int changed;

	do {
		share = left / (double)open;
		changed = 0;
		for (i = 0; i < n; i++)
			if (w[i] > 0 && w[i] <= share) {
				left -= w[i];
				w[i] = -w[i];	/* settled */
				open--;
				changed = 1;
			}
	} while (changed && open > 0);
	for (i = 0; i < n; i++) {
		w[i] = w[i] > 0 ? share : -w[i];
		sum += w[i];
	}
	for (i = 0; i < n && sum > 0; i++)
		w[i] *= total / sum;
}

struct table {
	const struct block	*k;
	double			*w;
	unsigned char		*chip;	/* the column has toned cells */
	enum font		 body, head;
};

static const struct cell *
cell_at(const struct block *k, size_t r, size_t c)
{
	return &k->cells[r * k->ncols + c];
}

static int
is_num(const struct block *k, size_t c)
{
	return k->numeric != NULL && k->numeric[c];
}

/* Sets the natural column widths in t's fonts; returns their sum. */
static double
table_natural(struct pdf *p, struct table *t)
{
	const struct block *k = t->k;
	struct style head = { t->head, C_TEXT, 0, 1 };
	struct style body = { t->body, C_TEXT, 0, 1 };
	double m, sum = 0;
	size_t r, c;

	for (c = 0; c < k->ncols; c++) {
		t->w[c] = measure(p, &head, k->cols[c]);
		for (r = 0; r < k->nrows; r++) {
			m = measure(p, &body, cell_at(k, r, c)->text);
			if (m > t->w[c])
				t->w[c] = m;
			if (cell_at(k, r, c)->tone != TONE_NONE)
				t->chip[c] = 1;
		}
		/* Half a point so that rounding never ellipsizes. */
		t->w[c] += 2 * PAD + (t->chip[c] ? CHIP_W : 0) + 0.5;
		sum += t->w[c];
	}
	return sum;
}

static void
table_measure(struct pdf *p, struct table *t)
{
	/* Too wide: a smaller size before anything is cut. */
	if (table_natural(p, t) > CONTENT_W) {
		t->body = F_CELL_SMALL;
		t->head = F_CELL_SMALL_BOLD;
		table_natural(p, t);
	}
	fit_widths(t->w, t->k->ncols, CONTENT_W);
}

/* Cell c of column i in the row at p->y: one line, clipped to its column. */
static void
cell(struct pdf *p, const struct table *t, size_t i, const struct cell *c,
    double x, int head)
{
	struct style st = { head ? t->head : t->body, C_TEXT,
	    is_num(t->k, i), 1 };
	double w = t->w[i], cw = t->chip[i] ? CHIP_W : 0, tw;
	double cy = p->y + ROW_H / 2;
	PangoLayout *l;

	l = text_new(p, &st, c->text, w - 2 * PAD - cw);
	tw = text_w(l);
	cairo_save(p->cr);
	cairo_rectangle(p->cr, x, p->y - 4, w, ROW_H + 8);
	cairo_clip(p->cr);
	if (c->tone != TONE_NONE) {
		set_hex(p->cr, tone_hex(c->tone));
		cairo_new_path(p->cr);
		cairo_arc(p->cr, st.right ? x + w - PAD - tw - CHIP_W / 2 :
		    x + PAD + 3, cy, 3, 0, 2 * M_PI);
		cairo_fill(p->cr);
	}
	show(p, l, st.colour, x + PAD + cw, cy - text_h(l) / 2);
	cairo_restore(p->cr);
	g_object_unref(l);
}

static void
table_header(struct pdf *p, const struct table *t)
{
	struct cell c = { NULL, TONE_NONE };
	double x = MARGIN;
	size_t i;

	hrule(p, MARGIN, p->y, CONTENT_W, ROW_H, C_FILL);
	for (i = 0; i < t->k->ncols; i++) {
		c.text = t->k->cols[i];
		cell(p, t, i, &c, x, 1);
		x += t->w[i];
	}
	p->y += ROW_H;
	hrule(p, MARGIN, p->y - 0.75, CONTENT_W, 0.75, C_MUTED);
}

static void
table_row(struct pdf *p, const struct table *t, size_t r)
{
	double x = MARGIN;
	size_t i;

	if (p->y + ROW_H > BODY_END) {
		new_page(p);
		table_header(p, t);
	}
	if (r % 2 == 1)
		hrule(p, MARGIN, p->y, CONTENT_W, ROW_H, C_ZEBRA);
	for (i = 0; i < t->k->ncols; i++) {
		cell(p, t, i, cell_at(t->k, r, i), x, 0);
		x += t->w[i];
	}
	p->y += ROW_H;
}

static void
draw_table(struct pdf *p, const struct block *k)
{
	struct table t = { k, NULL, NULL, F_CELL, F_CELL_BOLD };
	size_t r;

	if (k->ncols == 0)
		return;
	t.w = xcalloc(k->ncols, sizeof(*t.w));
	t.chip = xcalloc(k->ncols, 1);
	if (t.w == NULL || t.chip == NULL) {
		p->err = 1;
		goto out;
	}
	table_measure(p, &t);
	need(p, ROW_H * (double)(1 + (k->nrows < 3 ? k->nrows : 3)));
	table_header(p, &t);
	for (r = 0; r < k->nrows; r++)
		table_row(p, &t, r);
	if (k->nrows == 0)
		put(p, &S_LABEL, "No rows.", MARGIN + PAD, p->y + 3, CONTENT_W);
	p->y += k->nrows == 0 ? ROW_H : 0;
	hrule(p, MARGIN, p->y, CONTENT_W, 0.5, C_RULE);
	p->y += 14;
out:
	free(t.w);
	free(t.chip);
}

static void
draw_quote(struct pdf *p, const struct quote *q)
{
	PangoLayout *t, *m;
	double th, h;

	t = text_new(p, &S_QUOTE, q->text, CONTENT_W - 16);
	pango_layout_set_line_spacing(t, 1.2f);
	m = text_new(p, &S_LABEL, q->meta, CONTENT_W - 16);
	th = text_h(t);
	h = th + (str(q->meta)[0] != '\0' ? 3 + text_h(m) : 0);
	need(p, h);
	hrule(p, MARGIN + 2, p->y, 3, h, tone_hex(q->tone));
	show(p, t, C_TEXT, MARGIN + 16, p->y);
	if (str(q->meta)[0] != '\0')
		show(p, m, C_MUTED, MARGIN + 16, p->y + th + 3);
	p->y += h + 10;
	g_object_unref(t);
	g_object_unref(m);
}

static void
draw_quotes(struct pdf *p, const struct block *k)
{
	size_t i;

	if (str(k->text)[0] != '\0') {
		gap(p, 4);
		need(p, 70);
		p->y += put(p, &S_SUBHEAD, k->text, MARGIN, p->y,
		    CONTENT_W) + 8;
	}
	for (i = 0; i < k->nquotes; i++)
		draw_quote(p, &k->quotes[i]);
	p->y += 4;
}

static uint32_t
series_colour(const struct block *k, size_t i)
{
	if (k->kind == BK_BARCHART && k->series[i].tone != TONE_NONE)
		return tone_hex(k->series[i].tone);
	return palette[i % NPALETTE];
}

static void
swatch(struct pdf *p, const struct block *k, size_t i, double x, double y)
{
	set_hex(p->cr, series_colour(k, i));
	if (k->kind == BK_LINECHART)
		cairo_rectangle(p->cr, x, y + 4, 12, 2.5);
	else
		cairo_rectangle(p->cr, x + 2, y + 1.5, 8, 8);
	cairo_fill(p->cr);
}

/* One legend entry: series i, or "+N more" when i is LEGEND_MAX. */
static double
legend_entry(struct pdf *p, const struct block *k, size_t i, double *x,
    double y, int draw)
{
	PangoLayout *l;
	const char *name;
	char more[48];
	double w, h = 0;

	name = i < LEGEND_MAX ? str(k->series[i].name) : more;
	if (i >= LEGEND_MAX)
		snprintf(more, sizeof(more), "+%zu more",
		    k->nseries - LEGEND_MAX);
	l = text_new(p, &S_LABEL, *name ? name : "\xe2\x80\x94",
	    LEGEND_NAME_W);
	w = 16 + text_w(l);
	if (*x > MARGIN && *x + w > MARGIN + CONTENT_W) {
		*x = MARGIN;
		h = LEGEND_ROW;
	}
	if (draw && i < LEGEND_MAX)
		swatch(p, k, i, *x, y + h);
	if (draw)
		show(p, l, C_TEXT, *x + 16, y + h);
	*x += w + 14;
	g_object_unref(l);
	return h;
}

static double
legend(struct pdf *p, const struct block *k, double y, int draw)
{
	size_t i, n = k->nseries < LEGEND_MAX ? k->nseries : LEGEND_MAX;
	double x = MARGIN, h = 0;

	if (k->nseries == 0)
		return 0;
	for (i = 0; i < n; i++)
		h += legend_entry(p, k, i, &x, y + h, draw);
	if (n < k->nseries)
		h += legend_entry(p, k, LEGEND_MAX, &x, y + h, draw);
	return h + LEGEND_ROW;
}

/* A chart's title, if it has one; returns its height with spacing. */
static double
chart_title(struct pdf *p, const struct block *k, int draw)
{
	PangoLayout *l;
	double h;

	if (str(k->text)[0] == '\0')
		return 0;
	l = text_new(p, &S_SUBHEAD, k->text, CONTENT_W);
	h = text_h(l) + 8;
	if (draw)
		show(p, l, C_TEXT, MARGIN, p->y);
	g_object_unref(l);
	return h;
}

static double
linechart_h(struct pdf *p, const struct block *k)
{
	return chart_title(p, k, 0) + 6 + PLOT_H + 20 + legend(p, k, 0, 0);
}

static double
px(const struct plot *pl, size_t i)
{
	if (pl->nx < 2)
		return (pl->x0 + pl->x1) / 2;
	return pl->x0 + 8 + (double)i * (pl->x1 - pl->x0 - 16) /
	    (double)(pl->nx - 1);
}

static double
py(const struct plot *pl, double v)
{
	v = v < -1 ? -1 : v > 1 ? 1 : v;
	return pl->top + (1 - v) / 2 * PLOT_H;
}

static void
line_grid(struct pdf *p, const struct plot *pl)
{
	static const char *const label[] = {
		"+1", "+0.5", "0", MINUS "0.5", MINUS "1"
	};
	PangoLayout *l;
	double y;
	int i;

	for (i = 0; i < 5; i++) {
		y = py(pl, 1 - 0.5 * i);
		hrule(p, pl->x0, y - (i == 2 ? 0.4 : 0.25), pl->x1 - pl->x0,
		    i == 2 ? 0.8 : 0.5, i == 2 ? C_MUTED : C_RULE);
		l = text_new(p, &S_AXIS_R, label[i], AXIS_W - 6);
		show(p, l, C_MUTED, pl->x0 - AXIS_W, y - text_h(l) / 2);
		g_object_unref(l);
	}
}

static void
line_xlabels(struct pdf *p, const struct block *k, const struct plot *pl)
{
	PangoLayout *l;
	double widest = 0, w, x, y = pl->top + PLOT_H, step = 1;
	size_t i;

	for (i = 0; i < k->nx; i++) {
		w = measure(p, &S_AXIS, k->xlabels[i]);
		widest = w > widest ? w : widest;
	}
	widest = widest < XLABEL_W ? widest : XLABEL_W;
	/* Every step-th label, so that neighbours never touch. */
	if (k->nx > 1)
		step = ceil((widest + 8) / (px(pl, 1) - px(pl, 0)));
	step = step < 1 ? 1 : step > (double)k->nx ? (double)k->nx : step;
	for (i = 0; i < k->nx; i += (size_t)step) {
		hrule(p, px(pl, i) - 0.25, y, 0.5, 3, C_MUTED);
		l = text_new(p, &S_AXIS, k->xlabels[i], XLABEL_W);
		w = text_w(l);
		x = px(pl, i) - w / 2;
		x = x < MARGIN ? MARGIN : x;
		x = x + w > MARGIN + CONTENT_W ? MARGIN + CONTENT_W - w : x;
		show(p, l, C_MUTED, x, y + 5);
		g_object_unref(l);
	}
}

static int
has_point(const struct series *s, size_t nx, size_t i)
{
	return i < nx && s->has != NULL && s->v != NULL && s->has[i] &&
	    isfinite(s->v[i]);
}

static void
line_series(struct pdf *p, const struct block *k, size_t j,
    const struct plot *pl)
{
	const struct series *s = &k->series[j];
	int run = 0;
	size_t i;

	set_hex(p->cr, series_colour(k, j));
	for (i = 0; i < k->nx; i++) {
		if (!has_point(s, k->nx, i)) {
			run = 0;
			continue;
		}
		if (run++)
			cairo_line_to(p->cr, px(pl, i), py(pl, s->v[i]));
		else
			cairo_move_to(p->cr, px(pl, i), py(pl, s->v[i]));
	}
	cairo_stroke(p->cr);
	/* A point with no neighbour draws no line: mark it. */
	for (i = 0; i < k->nx; i++)
		if (has_point(s, k->nx, i) &&
		    (i == 0 || !has_point(s, k->nx, i - 1)) &&
		    !has_point(s, k->nx, i + 1)) {
			cairo_new_sub_path(p->cr);
			cairo_arc(p->cr, px(pl, i), py(pl, s->v[i]), 2.2, 0,
			    2 * M_PI);
			cairo_fill(p->cr);
		}
}

static int
any_point(const struct block *k)
{
	size_t i, j;

	for (j = 0; j < k->nseries; j++)
		for (i = 0; i < k->nx; i++)
			if (has_point(&k->series[j], k->nx, i))
				return 1;
	return 0;
}

static void
draw_linechart(struct pdf *p, const struct block *k)
{
	struct plot pl = { MARGIN + AXIS_W, MARGIN + CONTENT_W, 0, k->nx };
	size_t i;

	need(p, linechart_h(p, k));
	p->y += chart_title(p, k, 1);
	pl.top = p->y + 6;
	line_grid(p, &pl);
	line_xlabels(p, k, &pl);
	cairo_save(p->cr);
	cairo_rectangle(p->cr, pl.x0, pl.top - 4, pl.x1 - pl.x0, PLOT_H + 8);
	cairo_clip(p->cr);
	cairo_set_line_width(p->cr, 1.6);
	cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(p->cr, CAIRO_LINE_CAP_ROUND);
	for (i = 0; i < k->nseries; i++)
		line_series(p, k, i, &pl);
	cairo_restore(p->cr);
	if (!any_point(k))
		put(p, &S_LABEL, "No data.", pl.x0 + 8, pl.top + 4, NOWRAP);
	p->y = pl.top + PLOT_H + 20;
	p->y += legend(p, k, p->y, 1) + 16;
}

/* A bar's share from series s: nothing for gaps and negative values. */
static double
bar_value(const struct block *k, size_t s, size_t i)
{
	const struct series *se = &k->series[s];

	return has_point(se, k->nx, i) && se->v[i] > 0 ? se->v[i] : 0;
}

static double
bar_head_h(struct pdf *p, const struct block *k)
{
	return chart_title(p, k, 0) + (k->nseries > 1 ?
	    legend(p, k, 0, 0) : 0);
}

static void
seg_label(struct pdf *p, double share, double x, double w, uint32_t bg)
{
	PangoLayout *l;
	char pct[16];
	double lum;

	snprintf(pct, sizeof(pct), "%.0f%%", share * 100);
	l = text_new(p, &S_AXIS, pct, NOWRAP);
	lum = 0.299 * ((bg >> 16) & 255) + 0.587 * ((bg >> 8) & 255) +
	    0.114 * (bg & 255);
	if (text_w(l) + 6 <= w)
		show(p, l, lum > 150 ? C_TEXT : C_WHITE,
		    x + (w - text_w(l)) / 2, p->y + (BAR_ROW - text_h(l)) / 2);
	g_object_unref(l);
}

static void
bar_stacked(struct pdf *p, const struct block *k, size_t i, double x,
    double w)
{
	double total = 0, sw, y = p->y + (BAR_ROW - BAR_H) / 2;
	size_t s;

	hrule(p, x, y, w, BAR_H, C_FILL);
	for (s = 0; s < k->nseries; s++)
		total += bar_value(k, s, i);
	if (total <= 0)
		return;
	for (s = 0; s < k->nseries; s++) {
		sw = bar_value(k, s, i) / total * w;
		if (sw <= 0)
			continue;
		hrule(p, x, y, sw, BAR_H, series_colour(k, s));
		seg_label(p, bar_value(k, s, i) / total, x, sw,
		    series_colour(k, s));
		x += sw;
	}
}

static void
bar_single(struct pdf *p, const struct block *k, size_t i, double x,
    double w, double max)
{
	const struct series *s = &k->series[0];
	double bw = max > 0 ? bar_value(k, 0, i) / max * w : 0;
	char num[48];
	PangoLayout *l;

	hrule(p, x, p->y + (BAR_ROW - BAR_H) / 2, bw, BAR_H,
	    series_colour(k, 0));
	if (!has_point(s, k->nx, i))
		return;
	brief_number(num, sizeof(num), s->v[i]);
	l = text_new(p, &S_LABEL, num, VALUE_W - 6);
	show(p, l, C_TEXT, x + bw + 5, p->y + (BAR_ROW - text_h(l)) / 2);
	g_object_unref(l);
}

static void
bar_rows(struct pdf *p, const struct block *k, double lw)
{
	double x = MARGIN + lw + 10, w = CONTENT_W - lw - 10, max = 0;
	PangoLayout *l;
	size_t i;

	if (k->nseries == 1)
		w -= VALUE_W;
	for (i = 0; i < k->nx; i++)
		max = fmax(max, bar_value(k, 0, i));
	for (i = 0; i < k->nx; i++) {
		if (p->y + BAR_ROW > BODY_END)
			new_page(p);
		l = text_new(p, &S_CELL, k->xlabels[i], lw);
		show(p, l, C_TEXT, MARGIN, p->y + (BAR_ROW - text_h(l)) / 2);
		g_object_unref(l);
		if (k->nseries > 1)
			bar_stacked(p, k, i, x, w);
		else
			bar_single(p, k, i, x, w, max);
		p->y += BAR_ROW;
	}
}

static void
draw_barchart(struct pdf *p, const struct block *k)
{
	double lw = 0, w;
	size_t i, rows = k->nx < 3 ? k->nx : 3;

	need(p, bar_head_h(p, k) + BAR_ROW * (double)(rows ? rows : 1));
	p->y += chart_title(p, k, 1);
	if (k->nseries == 0 || k->nx == 0) {
		p->y += put(p, &S_LABEL, "No data.", MARGIN, p->y,
		    CONTENT_W) + 12;
		return;
	}
	if (k->nseries > 1)
		p->y += legend(p, k, p->y, 1) - 4;
	for (i = 0; i < k->nx; i++) {
		w = measure(p, &S_CELL, k->xlabels[i]);
		lw = w > lw ? w : lw;
	}
	lw = fmin(fmax(lw, 20), CONTENT_W * 0.35);
	bar_rows(p, k, lw);
	p->y += 12;
}

static void
draw_block(struct pdf *p, const struct block *k, const struct block *next)
{
	switch (k->kind) {
	case BK_TITLE:
		draw_title(p, k);
		break;
	case BK_HEADING:
		draw_heading(p, k, next);
		break;
	case BK_PARA:
		draw_para(p, k);
		break;
	case BK_NOTE:
		draw_note(p, k);
		break;
	case BK_BULLETS:
		draw_bullets(p, k);
		break;
	case BK_BIGNUMS:
		draw_bignums(p, k);
		break;
	case BK_TABLE:
		draw_table(p, k);
		break;
	case BK_QUOTES:
		draw_quotes(p, k);
		break;
	case BK_LINECHART:
		draw_linechart(p, k);
		break;
	case BK_BARCHART:
		draw_barchart(p, k);
		break;
	}
}

/* Dates from b->now (clamped to years 1970-9999), never from the clock. */
static void
set_metadata(struct pdf *p)
{
	int64_t now = p->b->now;
	char date[32] = "1970-01-01T00:00:00";
	struct tm tm;
	time_t t;

	now = now < 0 ? 0 : now > 253402300799 ? 253402300799 : now;
	t = (time_t)now;
	if (gmtime_r(&t, &tm) != NULL)
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	cairo_pdf_surface_set_metadata(p->surf,
	    CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_MOD_DATE,
	    date);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE,
	    clean(p, p->b->title, CUT_BYTES));
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR,
	    "et-render");
}

/* Text at 72 dpi (points, not pixels), unhinted, in our fonts. */
static void
set_fonts(struct pdf *p)
{
	cairo_font_options_t *fo;
	int i;

	p->pc = pango_cairo_create_context(p->cr);
	pango_cairo_context_set_resolution(p->pc, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p->pc, fo);
	cairo_font_options_destroy(fo);
	for (i = 0; i < NFONT; i++)
		p->font[i] = pango_font_description_from_string(font_spec[i]);
}

static void
draw_all(struct pdf *p)
{
	const struct brief *b = p->b;
	size_t i;

	p->page = 1;
	p->y = MARGIN;
	p->fresh = 1;
	for (i = 0; i < b->n && !p->err; i++)
		draw_block(p, &b->b[i], i + 1 < b->n ? &b->b[i + 1] : NULL);
	/* A fresh last page stays blank and cairo drops it, unless alone. */
	if (!p->fresh || p->page == 1)
		finish_page(p);
}

int
render_pdf(const struct brief *b, struct buf *out)
{
	struct pdf p;
	size_t start = out->len;
	int rc = -1, i;

	memset(&p, 0, sizeof(p));
	p.b = b;
	p.out = out;
	buf_init(&p.tmp, 0);
	buf_init(&p.line, 0);
	p.surf = cairo_pdf_surface_create_for_stream(write_out, &p, PAGE_W,
	    PAGE_H);
	p.cr = cairo_create(p.surf);
	if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	set_metadata(&p);
	set_fonts(&p);
	draw_all(&p);
	if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_surface_finish(p.surf);
	if (cairo_surface_status(p.surf) == CAIRO_STATUS_SUCCESS && !p.err)
		rc = 0;
out:
	for (i = 0; i < NFONT; i++)
		if (p.font[i] != NULL)
			pango_font_description_free(p.font[i]);
	if (p.pc != NULL)
		g_object_unref(p.pc);
	cairo_destroy(p.cr);
	cairo_surface_destroy(p.surf);
	buf_free(&p.tmp);
	buf_free(&p.line);
	if (rc < 0)
		buf_truncate(out, start);
	return rc;
}
