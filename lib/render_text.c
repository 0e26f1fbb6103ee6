/*
 * The brief as plain text (for terminals and email) and as Markdown (for
 * chat and wikis).  Both draw every block of the brief; charts become the
 * tables of their numbers (dates by entity; bands as shares; emotions as
 * counts).  Markdown escapes every character of the brief's strings that
 * could make a link (autolinks included), an emphasis, a table cell or a
 * raw HTML tag, so untrusted text shows as itself.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "brief.h"
#include "xalloc.h"

#define WIDTH		78	/* text paragraphs wrap here */
#define MAX_CELL	48	/* widest text table cell, in columns */

struct out {
	struct buf	*b;
	int		 md;
	int		 rc;
};

static void
put(struct out *o, const char *s)
{
	o->rc |= buf_adds(o->b, s);
}

static void
putn(struct out *o, const char *s, size_t n)
{
	o->rc |= buf_add(o->b, s, n);
}

static void
pad(struct out *o, size_t n)
{
	while (n-- > 0)
		put(o, " ");
}

/* Markdown: s as literal text (no link, emphasis, cell break or tag). */
static void
md_text(struct out *o, const char *s)
{
	static const char special[] = "\\`*_{}[]#!|~<>&";
	const char *p = s;
	int start = 1;

	for (; *p != '\0'; p++) {
		if (*p == '&')
			put(o, "&amp;");
		else if (*p == '<')
			put(o, "&lt;");
		else if (*p == '>')
			put(o, "&gt;");
		else if (*p == '\n' || *p == '\r')
			put(o, " ");
		else if (strchr(special, *p) != NULL ||
		    (start && (*p == '-' || *p == '+' || *p == '=' ||
		    *p == '.')) ||
		    /* no autolink: "https\://", "www\." */
		    (*p == ':' && p[1] == '/' && p[2] == '/') ||
		    (*p == '.' && p - s >= 3 && (p - s == 3 ||
		    p[-4] == ' ') && strncasecmp(p - 3, "www", 3) == 0)) {
			put(o, "\\");
			putn(o, p, 1);
		} else
			putn(o, p, 1);
		start = *p == ' ' && start;
	}
}

static void
text(struct out *o, const char *s)
{
	if (o->md)
		md_text(o, s);
	else
		put(o, s);
}

/* The byte length of s's first w display columns (whole characters). */
static size_t
prefix_cols(const char *s, size_t w, size_t *got)
{
	char tmp[8];
	size_t i = 0, n, cw, cols = 0;

	while (s[i] != '\0') {
		n = 1;
		while (((unsigned char)s[i + n] & 0xC0) == 0x80 && n < 4)
			n++;
		memcpy(tmp, s + i, n);
		tmp[n] = '\0';
		cw = brief_width(tmp);
		if (cols + cw > w)
			break;
		cols += cw;
		i += n;
	}
	*got = cols;
	return i;
}

/* Emits a word longer than a line in line-long pieces; returns its rest. */
static char *
break_word(struct out *o, char *word, size_t indent)
{
	size_t n, got;

	while (brief_width(word) > WIDTH - indent) {
		n = prefix_cols(word, WIDTH - indent, &got);
		if (n == 0)
			n = 1;
		putn(o, word, n);
		memmove(word, word + n, strlen(word + n) + 1);
		put(o, "\n");
		pad(o, indent);
	}
	return word;
}

/* Plain text wrapped at WIDTH, each line after the first indented. */
static void
wrap(struct out *o, const char *s, size_t first, size_t indent)
{
	size_t col = first, wl;
	const char *p = s, *e;
	char *word;
	int fresh = 1;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ' '; e++)
			;
		if ((word = xstrndup(p, (size_t)(e - p))) == NULL) {
			o->rc = -1;
			return;
		}
		wl = brief_width(word);
		if (!fresh && col + 1 + wl > WIDTH) {
			put(o, "\n");
			pad(o, indent);
			col = indent;
		} else if (!fresh) {
			put(o, " ");
			col++;
		}
		if (wl > WIDTH - indent) {
			if (col > indent) {
				put(o, "\n");
				pad(o, indent);
			}
			break_word(o, word, indent);
			col = indent;
			wl = brief_width(word);
		}
		put(o, word);
		col += wl;
		fresh = 0;
		free(word);
		p = e;
	}
	put(o, "\n");
}

/* ------------------------------------------------------------ tables */

/* A cell's text, cut to w columns with "…" in text mode. */
static void
cell(struct out *o, const char *s, size_t w, int right, int last)
{
	size_t sw = brief_width(s), n, got;

	if (o->md) {
		put(o, " ");
		md_text(o, s);
		put(o, " |");
		return;
	}
	if (sw > w) {
		n = prefix_cols(s, w - 1, &got);
		putn(o, s, n);
		put(o, "\xE2\x80\xA6");
		if (!last)
			pad(o, w - 1 - got);
		return;
	}
	if (right)
		pad(o, w - sw);
	put(o, s);
	if (!right && !last)
		pad(o, w - sw);
}

/* Draws a grid of strings: heads[ncols], rows of cells[nrows][ncols]. */
static void
grid(struct out *o, char *const *heads, const unsigned char *num,
    size_t ncols, char *const *cells, size_t nrows)
{
	size_t *w = xcalloc(ncols + 1, sizeof(*w)), i, j, k;

	if (w == NULL) {
		o->rc = -1;
		return;
	}
	for (j = 0; j < ncols; j++) {
		w[j] = brief_width(heads[j]);
		for (i = 0; i < nrows; i++)
			if ((k = brief_width(cells[i * ncols + j])) > w[j])
				w[j] = k;
		if (w[j] > MAX_CELL)
			w[j] = MAX_CELL;
		if (w[j] == 0)
			w[j] = 1;
	}
	for (j = 0, k = 0; j < ncols; j++)
		k += heads[j][0] != '\0';
	if (k > 0 || o->md) {	/* a text grid without headings has none */
		put(o, o->md ? "|" : "");
		for (j = 0; j < ncols; j++) {
			if (!o->md && j > 0)
				put(o, "  ");
			cell(o, heads[j], w[j], num[j], j + 1 == ncols);
		}
		put(o, "\n");
		put(o, o->md ? "|" : "");
		for (j = 0; j < ncols; j++) {
			if (o->md) {
				put(o, num[j] ? " ---: |" : " --- |");
				continue;
			}
			if (j > 0)
				put(o, "  ");
			for (k = 0; k < w[j]; k++)
				put(o, "-");
		}
		put(o, "\n");
	}
	for (i = 0; i < nrows; i++) {
		put(o, o->md ? "|" : "");
		for (j = 0; j < ncols; j++) {
			if (!o->md && j > 0)
				put(o, "  ");
			cell(o, cells[i * ncols + j], w[j], num[j],
			    j + 1 == ncols);
		}
		put(o, "\n");
	}
	free(w);
}

static void
table(struct out *o, const struct block *k)
{
	char **cells = xcalloc(k->nrows * k->ncols + 1, sizeof(char *));
	size_t i;

	if (cells == NULL) {
		o->rc = -1;
		return;
	}
	for (i = 0; i < k->nrows * k->ncols; i++)
		cells[i] = k->cells[i].text;
	grid(o, k->cols, k->numeric, k->ncols, cells, k->nrows);
	free(cells);
}

/* ------------------------------------------------------------ charts */

/* A chart as the table of its numbers. */
static void
chart_table(struct out *o, const struct block *k)
{
	size_t nc = k->nseries + 1, i, j, nrows = k->nx;
	char **heads = xcalloc(nc + 1, sizeof(char *));
	char **cells = xcalloc(nrows * nc + 1, sizeof(char *));
	unsigned char *num = xcalloc(nc + 1, 1);
	double total;
	char t[64];

	if (heads == NULL || cells == NULL || num == NULL)
		goto fail;
	heads[0] = k->kind == BK_LINECHART ? (char *)"Date" : (char *)"";
	for (j = 0; j < k->nseries; j++) {
		heads[j + 1] = k->series[j].name;
		num[j + 1] = 1;
	}
	for (i = 0; i < nrows; i++) {
		cells[i * nc] = xstrndup(k->xlabels[i], strlen(k->xlabels[i]));
		for (total = 0, j = 0; j < k->nseries; j++)
			total += k->series[j].v[i];
		for (j = 0; j < k->nseries; j++) {
			const struct series *s = &k->series[j];

			if (!s->has[i])
				snprintf(t, sizeof(t), "-");
			else if (k->kind == BK_LINECHART)
				brief_score(t, sizeof(t), s->v[i]);
			else if (k->nseries > 1)
				snprintf(t, sizeof(t), "%.0f%%", total > 0 ?
				    100 * s->v[i] / total : 0);
			else
				brief_number(t, sizeof(t), s->v[i]);
			cells[i * nc + j + 1] = xstrndup(t, strlen(t));
		}
	}
	for (i = 0; i < nrows * nc; i++)
		if (cells[i] == NULL)
			goto fail;
	grid(o, heads, num, nc, cells, nrows);
	goto out;
fail:
	o->rc = -1;
out:
	for (i = 0; cells != NULL && i < nrows * nc; i++)
		free(cells[i]);
	free(cells);
	free(heads);
	free(num);
}

/* ------------------------------------------------------------ blocks */

static void
title(struct out *o, const struct block *k)
{
	size_t i, w = brief_width(k->text);

	if (o->md) {
		put(o, "# ");
		md_text(o, k->text);
		put(o, "\n\n");
		for (i = 0; i < k->nlines; i++) {
			md_text(o, k->lines[i]);
			put(o, i + 1 < k->nlines ? "  \n" : "\n");
		}
		return;
	}
	put(o, k->text);
	put(o, "\n");
	while (w-- > 0)
		put(o, "=");
	put(o, "\n\n");
	for (i = 0; i < k->nlines; i++) {
		put(o, k->lines[i]);
		put(o, "\n");
	}
}

static void
heading(struct out *o, const struct block *k)
{
	size_t w = brief_width(k->text);

	if (o->md) {
		put(o, "## ");
		md_text(o, k->text);
		put(o, "\n");
		return;
	}
	put(o, k->text);
	put(o, "\n");
	while (w-- > 0)
		put(o, "-");
	put(o, "\n");
}

static void
bullets(struct out *o, const struct block *k)
{
	size_t i;

	for (i = 0; i < k->nlines; i++) {
		if (o->md) {
			put(o, "- ");
			md_text(o, k->lines[i]);
			put(o, "\n");
		} else {
			put(o, "  - ");
			wrap(o, k->lines[i], 4, 4);
		}
	}
}

static void
bignums(struct out *o, const struct block *k)
{
	static unsigned char num[] = { 0, 1 };
	static char *heads[] = { (char *)"", (char *)"" };
	char **cells = xcalloc(2 * k->nx + 1, sizeof(char *));
	size_t i;

	if (cells == NULL) {
		o->rc = -1;
		return;
	}
	for (i = 0; i < k->nx && i < k->nlines; i++) {
		cells[2 * i] = k->xlabels[i];
		cells[2 * i + 1] = k->lines[i];
	}
	grid(o, heads, num, 2, cells, i);
	free(cells);
}

static void
quotes(struct out *o, const struct block *k)
{
	size_t i;

	if (o->md) {
		put(o, "### ");
		md_text(o, k->text);
		put(o, "\n\n");
	} else
		wrap(o, k->text, 0, 0);
	for (i = 0; i < k->nquotes; i++) {
		if (o->md) {
			put(o, "> ");
			md_text(o, k->quotes[i].text);
			put(o, "  \n> \xE2\x80\x94 ");
			md_text(o, k->quotes[i].meta);
			put(o, "\n\n");
		} else {
			put(o, "  \xE2\x80\x9C");
			wrap(o, k->quotes[i].text, 3, 3);
			pad(o, 5);
			put(o, "\xE2\x80\x94 ");
			put(o, k->quotes[i].meta);
			put(o, "\n");
		}
	}
}

static void
draw(struct out *o, const struct block *k)
{
	switch (k->kind) {
	case BK_TITLE:
		title(o, k);
		break;
	case BK_HEADING:
		heading(o, k);
		break;
	case BK_PARA:
		if (o->md) {
			md_text(o, k->text);
			put(o, "\n");
		} else
			wrap(o, k->text, 0, 0);
		break;
	case BK_NOTE:
		put(o, o->md ? "_" : "");
		text(o, k->text);
		put(o, o->md ? "_\n" : "\n");
		break;
	case BK_BULLETS:
		bullets(o, k);
		break;
	case BK_BIGNUMS:
		bignums(o, k);
		break;
	case BK_TABLE:
		table(o, k);
		break;
	case BK_QUOTES:
		quotes(o, k);
		return;
	case BK_LINECHART:
	case BK_BARCHART:
		text(o, k->text);
		put(o, o->md ? "\n\n" : ":\n");
		chart_table(o, k);
		break;
	}
	put(o, "\n");
}

static int
render(const struct brief *b, struct buf *out, int md)
{
	struct out o = { out, md, 0 };
	size_t i;

	for (i = 0; i < b->n; i++)
		draw(&o, &b->b[i]);
	if (!md) {
		put(&o, "-- \n");
		put(&o, b->title);
		put(&o, ", ");
		put(&o, b->period);
		put(&o, "\n");
	}
	return o.rc ? -1 : 0;
}

int
render_txt(const struct brief *b, struct buf *out)
{
	return render(b, out, 0);
}

int
render_md(const struct brief *b, struct buf *out)
{
	return render(b, out, 1);
}
