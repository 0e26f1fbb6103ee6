/*
 * render_html: the brief as one self-contained HTML5 page.
 *
 * The page has no script, no external resource and no network access: a
 * Content-Security-Policy meta tag allows nothing but the one inline style
 * sheet, named by its SHA-256 hash, so even markup that slipped through
 * could neither run, load nor restyle anything.  Every string of the brief
 * is untrusted and goes through one escape function (text, attributes and
 * SVG alike); it never reaches a URL, a style or a name.
 *
 * Layout: a centred column (max 60rem) that reflows down to phone width.
 * Tables scroll sideways inside a wrapper; line charts are one inline SVG
 * scaled by its viewBox; bar charts are a grid of HTML labels (ellipsized
 * by CSS, direction from their own text) beside one small SVG bar each.
 * Untrusted inline text sits in <bdi> or dir="auto" so right-to-left names
 * cannot reorder what surrounds them.
 *
 * The output depends on the brief alone: no clock, no locale (C numeric
 * formatting), coordinates printed with a fixed number of decimals.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>
#include <nettle/sha2.h>

#include "brief.h"
#include "buf.h"
#include "utf8.h"
#include "xalloc.h"

/* Line chart geometry, in viewBox units. */
#define LC_W	420.0
#define LC_H	210.0
#define LC_L	36.0	/* room for the y labels */
#define LC_R	12.0
#define LC_T	8.0
#define LC_B	24.0	/* room for the x labels */
#define LC_CH	6.8	/* mean width of a label character at 12px */
#define LC_XMAX	12	/* x labels are cut to this many characters */

#define NPAL	8	/* series colours before the palette repeats */
#define TD_SHORT 20	/* a column of cells this short is never wrapped */

/* An output in progress: after the first failed append nothing is added. */
struct html {
	struct buf	*b;
	int		 err;
};

static const char css[] =
	":root{color-scheme:light}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:60rem;padding:1rem;color:#202124;"
	"background:#fff;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\","
	"Roboto,\"Noto Sans\",sans-serif;overflow-wrap:anywhere}\n"
	"h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}\n"
	"h2{font-size:1.25rem;line-height:1.3;margin:2rem 0 .5rem;"
	"padding-bottom:.25rem;border-bottom:1px solid #dadce0}\n"
	"h3{font-size:.9rem;margin:1rem 0 .5rem;color:#5f6368}\n"
	".sub{margin:0;color:#5f6368}\n"
	".note,.meta,.nd{color:#5f6368}\n"
	".nd{flex:none;white-space:nowrap}\n"
	".note{font-style:italic}\n"
	"ul{padding-inline-start:1.25rem}\n"
	"li:dir(rtl){margin-right:1.25rem}\n"
	".cards{display:grid;gap:.75rem;margin:1rem 0;"
	"grid-template-columns:repeat(auto-fill,minmax(9rem,1fr))}\n"
	".card{min-width:0;padding:.75rem;border:1px solid #dadce0;"
	"border-radius:.5rem}\n"
	".bn{font-size:1.75rem;font-weight:600;line-height:1.2;"
	"font-variant-numeric:tabular-nums;-webkit-line-clamp:2}\n"
	".bnl{color:#5f6368;font-size:.875rem;-webkit-line-clamp:3}\n"
	".bn,.bnl{display:-webkit-box;-webkit-box-orient:vertical;"
	"overflow:hidden}\n"
	".tw{overflow-x:auto;margin:1rem 0;border:1px solid #dadce0;"
	"border-radius:.5rem}\n"
	"table{border-collapse:collapse;width:100%;font-size:.875rem}\n"
	"th,td{max-width:22rem;padding:.4rem .5rem;text-align:start;"
	"vertical-align:top;border-bottom:1px solid #eceff1;"
	"overflow-wrap:break-word}\n"
	"th{background:#f8f9fa;font-weight:600}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums}\n"
	".num,.nw{white-space:nowrap}\n"
	".wd{min-width:8rem;overflow-wrap:anywhere}\n"
	"tbody tr:last-child td{border-bottom:0}\n"
	".chip{display:inline-block;max-width:100%;padding:0 .45rem;"
	"border-radius:.7rem;background:var(--c);color:#202124}\n"
	".chip.t-spos,.chip.t-sneg{color:#fff}\n"
	".q{margin:.75rem 0;padding:.5rem .75rem;background:#f8f9fa;"
	"border-inline-start:4px solid var(--c,#dadce0)}\n"
	".q p{margin:0;white-space:pre-line}\n"
	".meta{margin-top:.25rem;font-size:.8125rem}\n"
	"figure{margin:1rem 0}\n"
	"figcaption{font-weight:600;margin-bottom:.5rem}\n"
	".lc{display:block;width:100%;max-width:38rem;height:auto}\n"
	".lc text{font-size:12px;fill:#5f6368}\n"
	".lc line{stroke:#e8eaed;stroke-width:1}\n"
	".lc line.z{stroke:#9aa0a6}\n"
	".lc polyline{fill:none;stroke:var(--c);stroke-width:2;"
	"stroke-linejoin:round;stroke-linecap:round;"
	"vector-effect:non-scaling-stroke}\n"
	".lc circle{fill:var(--c)}\n"
	".lc .dash polyline{stroke-dasharray:6 3}\n"
	".legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0;"
	"padding:0;list-style:none;font-size:.875rem}\n"
	".legend li{display:flex;align-items:center;gap:.4rem;min-width:0;"
	"max-width:100%}\n"
	".sw{flex:none;width:.75rem;height:.75rem;border-radius:2px;"
	"background:var(--c)}\n"
	".lt,.bl{min-width:0;overflow:hidden;text-overflow:ellipsis;"
	"white-space:nowrap}\n"
	".bars{display:grid;gap:.35rem .6rem;align-items:center;"
	"grid-template-columns:fit-content(40%) minmax(3rem,1fr) auto;"
	"font-size:.875rem}\n"
	".bt{display:block;width:100%;height:1rem}\n"
	".bt rect{fill:var(--c)}\n"
	".bt .tr{fill:#f1f3f4}\n"
	".bv{text-align:right;white-space:nowrap;"
	"font-variant-numeric:tabular-nums}\n"
	"body>footer{margin-top:3rem;padding-top:.75rem;color:#5f6368;"
	"border-top:1px solid #dadce0;font-size:.8125rem}\n"
	".t-spos{--c:#1b7f3b}.t-pos{--c:#57b36a}.t-neu{--c:#9aa0a6}\n"
	".t-neg{--c:#f08c2e}.t-sneg{--c:#d93025}\n"
	".p0{--c:#1a73e8}.p1{--c:#e52592}.p2{--c:#12b5cb}.p3{--c:#9334e6}\n"
	".p4{--c:#e8710a}.p5{--c:#188038}.p6{--c:#f9ab00}.p7{--c:#795548}\n";

static const char *const tone_cls[] = {
	NULL, "t-spos", "t-pos", "t-neu", "t-neg", "t-sneg"
};

static const char *const pal_cls[NPAL] = {
	"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"
};

static void
h_add(struct html *h, const char *p, size_t n)
{
	if (!h->err && buf_add(h->b, p, n) < 0)
		h->err = 1;
}

/* Appends trusted text: literals of this file and numbers it formats. */
static void
h_lit(struct html *h, const char *s)
{
	h_add(h, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
h_fmt(struct html *h, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		h->err = 1;
	else
		h_add(h, tmp, (size_t)n);
}

/* The replacement for byte c, or NULL to copy it. */
static const char *
esc_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\t':
	case '\n':
	case '\r':	/* the parser folds CR LF into LF */
		return NULL;
	default:
		/* Control characters are HTML parse errors: U+FFFD. */
		return c < 0x20 || c == 0x7f ? "\xef\xbf\xbd" : NULL;
	}
}

static void
esc_valid(struct html *h, const char *s, size_t n)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		rep = esc_entity((unsigned char)s[i]);
		if (rep == NULL)
			continue;
		h_add(h, s + start, i - start);
		h_lit(h, rep);
		start = i + 1;
	}
	h_add(h, s + start, n - start);
}

/*
 * The one escape for untrusted text, safe in element content and in quoted
 * attribute values (HTML and SVG): & < > " ' become references, control
 * characters and bytes that are not UTF-8 become U+FFFD.
 */
static void
h_escn(struct html *h, const char *s, size_t n)
{
	long bad;

	while (n > 0 && !h->err) {
		bad = utf8_check(s, n);
		if (bad < 0) {
			esc_valid(h, s, n);
			return;
		}
		esc_valid(h, s, (size_t)bad);
		h_lit(h, "\xef\xbf\xbd");
		s += bad + 1;
		n -= (size_t)bad + 1;
	}
}

static void
h_esc(struct html *h, const char *s)
{
	if (s != NULL)
		h_escn(h, s, strlen(s));
}

/* Bytes in the first max code points of s; *cut says whether s is longer. */
static size_t
cp_prefix(const char *s, size_t max, int *cut)
{
	size_t i, ncp = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (ncp++ == max) {
			*cut = 1;
			return i;
		}
	}
	*cut = 0;
	return i;
}

/* Escapes at most max code points of s, with an ellipsis when cut. */
static void
h_esc_cut(struct html *h, const char *s, size_t max)
{
	size_t n;
	int cut;

	if (s == NULL)
		return;
	n = cp_prefix(s, max, &cut);
	h_escn(h, s, n);
	if (cut)
		h_lit(h, "\xe2\x80\xa6");
}

/* Untrusted text isolated from its neighbours' direction. */
static void
h_bdi(struct html *h, const char *s)
{
	h_lit(h, "<bdi>");
	h_esc(h, s);
	h_lit(h, "</bdi>");
}

/* An element holding untrusted text: <tag class="cls" dir="auto">s</tag>. */
static void
h_elem(struct html *h, const char *tag, const char *cls, const char *s)
{
	h_fmt(h, "<%s", tag);
	if (cls != NULL)
		h_fmt(h, " class=\"%s\"", cls);
	h_lit(h, " dir=\"auto\">");
	h_esc(h, s);
	h_fmt(h, "</%s>\n", tag);
}

/* Like h_elem, for text that CSS may cut: the whole of it as a tooltip. */
static void
h_tipped(struct html *h, const char *tag, const char *cls, const char *s)
{
	h_fmt(h, "<%s class=\"%s\" dir=\"auto\" title=\"", tag, cls);
	h_esc(h, s);
	h_lit(h, "\">");
	h_esc(h, s);
	h_fmt(h, "</%s>", tag);
}

static const char *
tone_class(enum tone t)
{
	if ((unsigned)t >= sizeof(tone_cls) / sizeof(tone_cls[0]))
		return NULL;
	return tone_cls[t];
}

/* The colour class of series i: its tone, else the palette. */
static const char *
series_class(const struct series *s, size_t i)
{
	const char *c = tone_class(s->tone);

	return c != NULL ? c : pal_cls[i % NPAL];
}

static const char *
str_at(char *const *v, size_t n, size_t i)
{
	return v != NULL && i < n && v[i] != NULL ? v[i] : "";
}

static int
has_value(const struct series *s, size_t i)
{
	if (s->v == NULL || !isfinite(s->v[i]))
		return 0;
	return s->has == NULL || s->has[i] != 0;
}

static void
put_csp(struct html *h)
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	char b64[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE) + 1];

	sha256_init(&c);
	sha256_update(&c, sizeof(css) - 1, (const uint8_t *)css);
	sha256_digest(&c, sizeof(d), d);
	base64_encode_raw(b64, sizeof(d), d);
	b64[sizeof(b64) - 1] = '\0';
	h_lit(h, "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'sha256-");
	h_lit(h, b64);
	h_lit(h, "'; base-uri 'none'; form-action 'none'\">\n");
}

static void
put_head(struct html *h, const struct brief *b)
{
	h_lit(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n");
	put_csp(h);
	h_lit(h, "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	/* No <bdi> in a title: FSI ... PDI isolate the parts instead. */
	h_lit(h, "\xe2\x81\xa8");
	h_esc(h, b->title != NULL ? b->title : "Brief");
	h_lit(h, "\xe2\x81\xa9");
	if (b->period != NULL && b->period[0] != '\0') {
		h_lit(h, " \xe2\x80\x94 \xe2\x81\xa8");
		h_esc(h, b->period);
		h_lit(h, "\xe2\x81\xa9");
	}
	h_lit(h, "</title>\n<style>");
	h_lit(h, css);
	h_lit(h, "</style>\n</head>\n<body>\n<main>\n");
}

static void
put_foot(struct html *h, const struct brief *b)
{
	h_lit(h, "</main>\n<footer>");
	h_bdi(h, b->title != NULL ? b->title : "Brief");
	if (b->period != NULL && b->period[0] != '\0') {
		h_lit(h, " \xc2\xb7 ");
		h_bdi(h, b->period);
	}
	h_lit(h, "</footer>\n</body>\n</html>\n");
}

static void
put_title(struct html *h, const struct block *bk)
{
	size_t i;

	h_lit(h, "<header>\n");
	h_elem(h, "h1", NULL, bk->text);
	for (i = 0; i < bk->nlines; i++)
		h_elem(h, "p", "sub", str_at(bk->lines, bk->nlines, i));
	h_lit(h, "</header>\n");
}

/* An anchor is used only when it is a plain [A-Za-z0-9_-]+ name. */
static int
id_ok(const char *id)
{
	return id != NULL && id[0] != '\0' && strspn(id, "abcdefghijklmnopqrstu"
	    "vwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(id);
}

static void
put_heading(struct html *h, const struct block *bk)
{
	h_lit(h, "<h2");
	if (id_ok(bk->id)) {
		h_lit(h, " id=\"");
		h_esc(h, bk->id);
		h_lit(h, "\"");
	}
	h_lit(h, " dir=\"auto\">");
	h_esc(h, bk->text);
	h_lit(h, "</h2>\n");
}

static void
put_bullets(struct html *h, const struct block *bk)
{
	size_t i;

	if (bk->nlines == 0)
		return;
	h_lit(h, "<ul>\n");
	for (i = 0; i < bk->nlines && !h->err; i++)
		h_elem(h, "li", NULL, str_at(bk->lines, bk->nlines, i));
	h_lit(h, "</ul>\n");
}

static void
put_bignums(struct html *h, const struct block *bk)
{
	size_t i;

	if (bk->nx == 0)
		return;
	h_lit(h, "<div class=\"cards\">\n");
	for (i = 0; i < bk->nx && !h->err; i++) {
		h_lit(h, "<div class=\"card\">");
		h_tipped(h, "div", "bn", str_at(bk->lines, bk->nlines, i));
		h_tipped(h, "div", "bnl", str_at(bk->xlabels, bk->nx, i));
		h_lit(h, "</div>\n");
	}
	h_lit(h, "</div>\n");
}

static int
col_numeric(const struct block *bk, size_t c)
{
	return bk->numeric != NULL && bk->numeric[c];
}

/*
 * Per column, the class of its cells: "num" (right-aligned), "nw" (short
 * text, kept on one line) or "wd" (long text: at least 8rem wide, broken
 * anywhere).  NULL when out of memory.
 */
static const char **
col_classes(const struct block *bk)
{
	const char **cls;
	const char *s;
	size_t r, c;
	int cut = 0;

	cls = xcalloc(bk->ncols, sizeof(*cls));
	for (c = 0; cls != NULL && c < bk->ncols; c++) {
		if (col_numeric(bk, c)) {
			cls[c] = "num";
			continue;
		}
		for (r = cut = 0; r < bk->nrows && !cut; r++) {
			s = bk->cells[r * bk->ncols + c].text;
			if (s != NULL)
				cp_prefix(s, TD_SHORT, &cut);
		}
		cls[c] = cut ? "wd" : "nw";
	}
	return cls;
}

static void
put_cell(struct html *h, const struct cell *cl, const char *cls)
{
	const char *tone = tone_class(cl->tone);
	int num = strcmp(cls, "num") == 0;

	h_fmt(h, "<td class=\"%s\"%s>", cls, num ? "" : " dir=\"auto\"");
	if (tone != NULL)
		h_fmt(h, "<span class=\"chip %s\">", tone);
	if (num)
		h_bdi(h, cl->text);
	else
		h_esc(h, cl->text);
	if (tone != NULL)
		h_lit(h, "</span>");
	h_lit(h, "</td>");
}

static void
put_thead(struct html *h, const struct block *bk)
{
	size_t c;

	h_lit(h, "<thead><tr>");
	for (c = 0; c < bk->ncols; c++) {
		if (col_numeric(bk, c))
			h_lit(h, "<th scope=\"col\" class=\"num\">");
		else
			h_lit(h, "<th scope=\"col\" dir=\"auto\">");
		h_esc(h, str_at(bk->cols, bk->ncols, c));
		h_lit(h, "</th>");
	}
	h_lit(h, "</tr></thead>\n");
}

static void
put_table(struct html *h, const struct block *bk)
{
	const char **cls = NULL;
	size_t r, c;

	if (bk->ncols == 0)
		return;
	if (bk->cells != NULL && bk->nrows > 0 &&
	    (cls = col_classes(bk)) == NULL) {
		h->err = 1;
		return;
	}
	h_lit(h, "<div class=\"tw\">\n<table>\n");
	put_thead(h, bk);
	h_lit(h, "<tbody>\n");
	if (bk->nrows == 0 || bk->cells == NULL)
		h_fmt(h, "<tr><td class=\"nd\" colspan=\"%zu\">No rows."
		    "</td></tr>\n", bk->ncols);
	for (r = 0; cls != NULL && r < bk->nrows && !h->err; r++) {
		h_lit(h, "<tr>");
		for (c = 0; c < bk->ncols; c++)
			put_cell(h, &bk->cells[r * bk->ncols + c], cls[c]);
		h_lit(h, "</tr>\n");
	}
	h_lit(h, "</tbody>\n</table>\n</div>\n");
	free(cls);
}

static void
put_quotes(struct html *h, const struct block *bk)
{
	const struct quote *q;
	const char *tone;
	size_t i;

	h_lit(h, "<section class=\"quotes\">\n");
	if (bk->text != NULL && bk->text[0] != '\0')
		h_elem(h, "h3", NULL, bk->text);
	for (i = 0; bk->quotes != NULL && i < bk->nquotes && !h->err; i++) {
		q = &bk->quotes[i];
		tone = tone_class(q->tone);
		if (tone != NULL)
			h_fmt(h, "<blockquote class=\"q %s\">\n", tone);
		else
			h_lit(h, "<blockquote class=\"q\">\n");
		h_elem(h, "p", NULL, q->text);
		if (q->meta != NULL && q->meta[0] != '\0')
			h_elem(h, "footer", "meta", q->meta);
		h_lit(h, "</blockquote>\n");
	}
	h_lit(h, "</section>\n");
}

static double
lc_x(size_t i, size_t nx)
{
	double w = LC_W - LC_L - LC_R;

	if (nx < 2)
		return LC_L + w / 2;
	return LC_L + w * (double)i / (double)(nx - 1);
}

static double
lc_y(double v)
{
	if (v > 1)
		v = 1;
	if (v < -1)
		v = -1;
	return LC_T + (LC_H - LC_T - LC_B) * (1 - v) / 2;
}

static void
lc_grid(struct html *h)
{
	static const double ys[] = { 1, 0.5, 0, -0.5, -1 };
	static const char *const lab[] = {
		"+1", "+0.5", "0", "\xe2\x88\x92" "0.5", "\xe2\x88\x92" "1"
	};
	size_t i;
	double y;

	for (i = 0; i < 5; i++) {
		y = lc_y(ys[i]);
		h_fmt(h, "<line%s x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		    "y2=\"%.1f\"/>", ys[i] == 0 ? " class=\"z\"" : "", LC_L,
		    LC_W - LC_R, y, y);
		h_fmt(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s"
		    "</text>\n", LC_L - 5, y + 4, lab[i]);
	}
}

/* Every how many x labels one is drawn, so that they do not overlap. */
static size_t
lc_step(const struct block *bk, double *labw)
{
	const unsigned char *s;
	size_t i, j, ncp, w, maxw = 1, step;

	for (i = 0; i < bk->nx; i++) {
		s = (const unsigned char *)str_at(bk->xlabels, bk->nx, i);
		/* As drawn: LC_XMAX code points and an ellipsis at most;
		 * those of 3 or more bytes (CJK, emoji) count double. */
		for (j = ncp = w = 0; s[j] != '\0' && ncp <= LC_XMAX; j++) {
			if ((s[j] & 0xc0) == 0x80)
				continue;
			ncp++;
			w += s[j] >= 0xe0 ? 2 : 1;
		}
		if (w > maxw)
			maxw = w;
	}
	*labw = (double)maxw * LC_CH + 10;
	/* Labels pushed in from the edges take up one more label's room. */
	step = (size_t)ceil((double)bk->nx * *labw /
	    (LC_W - LC_L - LC_R - *labw));
	return step < 1 ? 1 : step;
}

static void
lc_xlabels(struct html *h, const struct block *bk)
{
	const char *s;
	double labw, x;
	size_t i, step = lc_step(bk, &labw);

	for (i = 0; i < bk->nx && !h->err; i += step) {
		s = str_at(bk->xlabels, bk->nx, i);
		if (s[0] == '\0')
			continue;
		x = fmax(lc_x(i, bk->nx), labw / 2);
		x = fmin(x, LC_W - labw / 2);
		h_fmt(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
		    "<title>", x, LC_H - 6);
		h_esc(h, s);
		h_lit(h, "</title>");
		h_esc_cut(h, s, LC_XMAX);
		h_lit(h, "</text>\n");
	}
}

/* A point with no neighbour: a dot, with its value as a tooltip. */
static void
lc_dot(struct html *h, const struct block *bk, const struct series *s,
    size_t i)
{
	h_fmt(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>",
	    lc_x(i, bk->nx), lc_y(s->v[i]));
	h_esc(h, s->name);
	h_lit(h, " \xc2\xb7 ");
	h_esc(h, str_at(bk->xlabels, bk->nx, i));
	h_fmt(h, ": %+.2f</title></circle>\n", s->v[i]);
}

/* Points i..j, all with values, as one polyline. */
static void
lc_run(struct html *h, const struct block *bk, const struct series *s,
    size_t i, size_t j)
{
	h_lit(h, "<polyline points=\"");
	for (; i <= j && !h->err; i++)
		h_fmt(h, "%.1f,%.1f%s", lc_x(i, bk->nx), lc_y(s->v[i]),
		    i < j ? " " : "");
	h_lit(h, "\"><title>");
	h_esc(h, s->name);
	h_lit(h, "</title></polyline>\n");
}

static void
lc_series(struct html *h, const struct block *bk, size_t k)
{
	const struct series *s = &bk->series[k];
	size_t i = 0, j;

	h_fmt(h, "<g class=\"%s%s\">\n", series_class(s, k),
	    k >= NPAL ? " dash" : "");
	while (i < bk->nx && !h->err) {
		if (!has_value(s, i)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < bk->nx && has_value(s, j + 1); j++)
			;
		if (j == i)
			lc_dot(h, bk, s, i);
		else
			lc_run(h, bk, s, i, j);
		i = j + 1;
	}
	h_lit(h, "</g>\n");
}

static int
series_empty(const struct series *s, size_t nx)
{
	size_t i;

	for (i = 0; i < nx; i++)
		if (has_value(s, i))
			return 0;
	return 1;
}

static void
put_legend(struct html *h, const struct block *bk)
{
	const struct series *s;
	size_t k;

	h_lit(h, "<ul class=\"legend\">\n");
	for (k = 0; k < bk->nseries && !h->err; k++) {
		s = &bk->series[k];
		h_fmt(h, "<li class=\"%s\"><span class=\"sw\"></span>",
		    series_class(s, k));
		h_tipped(h, "span", "lt", s->name);
		if (series_empty(s, bk->nx))
			h_lit(h, "<span class=\"nd\">(no data)</span>");
		h_lit(h, "</li>\n");
	}
	h_lit(h, "</ul>\n");
}

static void
put_caption(struct html *h, const struct block *bk)
{
	h_lit(h, "<figure>\n");
	if (bk->text != NULL && bk->text[0] != '\0')
		h_elem(h, "figcaption", NULL, bk->text);
}

static void
put_linechart(struct html *h, const struct block *bk)
{
	size_t k;

	put_caption(h, bk);
	if (bk->nx == 0 || bk->nseries == 0 || bk->series == NULL) {
		h_lit(h, "<p class=\"note\">No data.</p>\n</figure>\n");
		return;
	}
	h_fmt(h, "<svg class=\"lc\" viewBox=\"0 0 %.0f %.0f\" role=\"img\"",
	    LC_W, LC_H);
	if (bk->text != NULL && bk->text[0] != '\0') {
		h_lit(h, " aria-label=\"");
		h_esc(h, bk->text);
		h_lit(h, "\"");
	}
	h_lit(h, ">\n");
	lc_grid(h);
	lc_xlabels(h, bk);
	for (k = 0; k < bk->nseries && !h->err; k++)
		lc_series(h, bk, k);
	h_lit(h, "</svg>\n");
	put_legend(h, bk);
	h_lit(h, "</figure>\n");
}

/* Bar i's total of positive values over all series. */
static double
bar_total(const struct block *bk, size_t i)
{
	double t = 0;
	size_t k;

	for (k = 0; k < bk->nseries; k++)
		if (has_value(&bk->series[k], i) && bk->series[k].v[i] > 0)
			t += bk->series[k].v[i];
	return t;
}

/* Bar i's segment of series k, from x to x + w percent, with a tooltip. */
static void
bar_seg(struct html *h, const struct block *bk, size_t k, size_t i,
    double x, double w)
{
	const struct series *s = &bk->series[k];
	char val[48];

	brief_number(val, sizeof(val), s->v[i]);
	h_fmt(h, "<rect class=\"%s\" x=\"%.2f\" width=\"%.2f\" "
	    "height=\"10\"><title>", series_class(s, k), x, w);
	h_esc(h, s->name);
	h_fmt(h, ": %s", val);
	if (bk->nseries > 1)
		h_fmt(h, " (%.1f%%)", w);
	h_lit(h, "</title></rect>");
}

static void
bar_segments(struct html *h, const struct block *bk, size_t i, double max)
{
	const struct series *s;
	double x = 0, v, t = bk->nseries > 1 ? bar_total(bk, i) : max;
	size_t k;

	for (k = 0; k < bk->nseries && t > 0; k++) {
		s = &bk->series[k];
		if (!has_value(s, i) || s->v[i] <= 0)
			continue;
		v = s->v[i] / t * 100;
		bar_seg(h, bk, k, i, x, v);
		x += v;
	}
}

static void
bar_row(struct html *h, const struct block *bk, size_t i, double max)
{
	char val[48];
	double v;

	h_tipped(h, "div", "bl", str_at(bk->xlabels, bk->nx, i));
	h_lit(h, "<svg class=\"bt\" viewBox=\"0 0 100 10\" "
	    "preserveAspectRatio=\"none\" aria-hidden=\"true\">"
	    "<rect class=\"tr\" width=\"100\" height=\"10\"/>");
	bar_segments(h, bk, i, max);
	if (bk->nseries > 1)
		v = bar_total(bk, i);
	else
		v = has_value(&bk->series[0], i) ? bk->series[0].v[i] : NAN;
	brief_number(val, sizeof(val), v);
	h_fmt(h, "</svg><div class=\"bv\">%s</div>\n", val);
}

static void
put_barchart(struct html *h, const struct block *bk)
{
	double max = 0;
	size_t i;

	put_caption(h, bk);
	if (bk->nx == 0 || bk->nseries == 0 || bk->series == NULL) {
		h_lit(h, "<p class=\"note\">No data.</p>\n</figure>\n");
		return;
	}
	if (bk->nseries > 1)
		put_legend(h, bk);
	for (i = 0; i < bk->nx; i++)
		if (has_value(&bk->series[0], i) && bk->series[0].v[i] > max)
			max = bk->series[0].v[i];
	h_lit(h, "<div class=\"bars\">\n");
	for (i = 0; i < bk->nx && !h->err; i++)
		bar_row(h, bk, i, max);
	h_lit(h, "</div>\n</figure>\n");
}

static void
put_block(struct html *h, const struct block *bk)
{
	switch (bk->kind) {
	case BK_TITLE:
		put_title(h, bk);
		break;
	case BK_HEADING:
		put_heading(h, bk);
		break;
	case BK_PARA:
		h_elem(h, "p", NULL, bk->text);
		break;
	case BK_NOTE:
		h_elem(h, "p", "note", bk->text);
		break;
	case BK_BULLETS:
		put_bullets(h, bk);
		break;
	case BK_BIGNUMS:
		put_bignums(h, bk);
		break;
	case BK_TABLE:
		put_table(h, bk);
		break;
	case BK_QUOTES:
		put_quotes(h, bk);
		break;
	case BK_LINECHART:
		put_linechart(h, bk);
		break;
	case BK_BARCHART:
		put_barchart(h, bk);
		break;
	}
}

int
render_html(const struct brief *b, struct buf *out)
{
	struct html h = { out, 0 };
	size_t start = out->len, i;

	put_head(&h, b);
	for (i = 0; i < b->n && !h.err; i++)
		put_block(&h, &b->b[i]);
	put_foot(&h, b);
	if (h.err) {
		buf_truncate(out, start);
		return -1;
	}
	return 0;
}
