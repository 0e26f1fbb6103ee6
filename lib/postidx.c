#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "postidx.h"
#include "xalloc.h"

struct entry {
	struct post_info p;
	double		 approx;	/* id as a double, for rounded ids */
};

struct postidx {
	struct entry	*e;
	size_t		 n, cap;
	long		*byid, *bycode;	/* open addressing, -1 empty */
	size_t		 nslots;
};

struct postidx *
postidx_new(void)
{
	return xcalloc(1, sizeof(struct postidx));
}

static void
free_sv(struct strv *s)
{
	free((char *)s->p);
	s->p = NULL;
}

void
postidx_free(struct postidx *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->n; i++) {
		free_sv(&x->e[i].p.id);
		free_sv(&x->e[i].p.shortcode);
		free_sv(&x->e[i].p.url);
		free_sv(&x->e[i].p.caption);
		free_sv(&x->e[i].p.subject);
	}
	free(x->e);
	free(x->byid);
	free(x->bycode);
	free(x);
}

static long
lookup(const struct postidx *x, const long *tab, int code, struct strv k)
{
	size_t j;
	long i;
	const struct strv *s;

	if (x->nslots == 0 || k.p == NULL)
		return -1;
	j = idset_hash(k.p, k.len) & (x->nslots - 1);
	while ((i = tab[j]) >= 0) {
		s = code ? &x->e[i].p.shortcode : &x->e[i].p.id;
		if (s->len == k.len && memcmp(s->p, k.p, k.len) == 0)
			return i;
		j = (j + 1) & (x->nslots - 1);
	}
	return -1;
}

static void
insert(struct postidx *x, long *tab, struct strv k, long i)
{
	size_t j;

	if (k.p == NULL)
		return;
	j = idset_hash(k.p, k.len) & (x->nslots - 1);
	while (tab[j] >= 0)
		j = (j + 1) & (x->nslots - 1);
	tab[j] = i;
}

static int
rehash(struct postidx *x)
{
	size_t ns = x->nslots ? x->nslots * 2 : 64, i;
	long *a = xmalloc(ns * sizeof(*a)), *b = xmalloc(ns * sizeof(*b));

	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return -1;
	}
	for (i = 0; i < ns; i++)
		a[i] = b[i] = -1;
	free(x->byid);
	free(x->bycode);
	x->byid = a;
	x->bycode = b;
	x->nslots = ns;
	for (i = 0; i < x->n; i++) {
		if (lookup(x, a, 0, x->e[i].p.id) < 0)
			insert(x, a, x->e[i].p.id, (long)i);
		if (lookup(x, b, 1, x->e[i].p.shortcode) < 0)
			insert(x, b, x->e[i].p.shortcode, (long)i);
	}
	return 0;
}

static int
fill(struct strv *dst, struct strv src)
{
	char *c;

	if (dst->p != NULL || src.p == NULL)
		return 0;
	if ((c = xstrndup(src.p, src.len)) == NULL)
		return -1;
	dst->p = c;
	dst->len = src.len;
	return 0;
}

int
postidx_add(struct postidx *x, const struct post_info *p)
{
	struct entry *e, *ne;
	long i;
	int had_id, had_code;

	if (p->id.p == NULL && p->shortcode.p == NULL)
		return 0;
	i = lookup(x, x->byid, 0, p->id);
	if (i < 0)
		i = lookup(x, x->bycode, 1, p->shortcode);
	if (i < 0) {
		if (x->n == x->cap) {
			ne = xrealloc(x->e, (x->cap ? x->cap * 2 : 64) *
			    sizeof(*ne));
			if (ne == NULL)
				return -1;
			x->e = ne;
			x->cap = x->cap ? x->cap * 2 : 64;
		}
		i = (long)x->n++;
		memset(&x->e[i], 0, sizeof(x->e[i]));
	}
	e = &x->e[i];
	had_id = e->p.id.p != NULL;
	had_code = e->p.shortcode.p != NULL;
	if (fill(&e->p.id, p->id) < 0 || fill(&e->p.shortcode, p->shortcode) ||
	    fill(&e->p.url, p->url) < 0 || fill(&e->p.caption, p->caption) ||
	    fill(&e->p.subject, p->subject) < 0)
		return -1;
	if (!e->p.has_posted_at && p->has_posted_at) {
		e->p.posted_at = p->posted_at;
		e->p.has_posted_at = 1;
	}
	if (e->p.id.p != NULL)
		e->approx = strtod(e->p.id.p, NULL);
	if (x->n * 2 > x->nslots)
		return rehash(x);
	if (!had_id && e->p.id.p != NULL)
		insert(x, x->byid, e->p.id, i);
	if (!had_code && e->p.shortcode.p != NULL)
		insert(x, x->bycode, e->p.shortcode, i);
	return 0;
}

const struct post_info *
postidx_find(struct postidx *x, struct strv id, int rounded,
    struct strv shortcode)
{
	char tmp[64];
	double d;
	long i, hit = -1;
	size_t k;

	if ((i = lookup(x, x->byid, 0, id)) >= 0)
		return &x->e[i].p;
	if ((i = lookup(x, x->bycode, 1, shortcode)) >= 0)
		return &x->e[i].p;
	if (!rounded || id.p == NULL || id.len >= sizeof(tmp))
		return NULL;
	memcpy(tmp, id.p, id.len);
	tmp[id.len] = '\0';
	d = strtod(tmp, NULL);
	for (k = 0; k < x->n; k++) {
		if (x->e[k].p.id.p == NULL || x->e[k].approx != d)
			continue;
		if (hit >= 0)
			return NULL;	/* two posts round alike */
		hit = (long)k;
	}
	return hit >= 0 ? &x->e[hit].p : NULL;
}

int
id_beyond_double(struct strv s)
{
	static const char lim[] = "9007199254740992";
	size_t i;

	if (s.p == NULL || s.len == 0)
		return 0;
	for (i = 0; i < s.len; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	if (s.len != sizeof(lim) - 1)
		return s.len > sizeof(lim) - 1;
	return memcmp(s.p, lim, s.len) > 0;
}

struct strv
shortcode_from_url(struct strv url)
{
	static const char *marks[] = { "/p/", "/reel/", "/reels/", "/tv/" };
	struct strv r = SV_NULL;
	const char *s, *e, *end;
	size_t i;

	if (url.p == NULL)
		return r;
	end = url.p + url.len;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		s = memmem(url.p, url.len, marks[i], strlen(marks[i]));
		if (s == NULL)
			continue;
		s += strlen(marks[i]);
		for (e = s; e < end && *e != '/' && *e != '?' && *e != '#';
		    e++)
			;
		if (e > s) {
			r.p = s;
			r.len = (size_t)(e - s);
		}
		return r;
	}
	return r;
}
