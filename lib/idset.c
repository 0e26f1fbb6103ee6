#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "xalloc.h"

struct slot {
	uint64_t	 h;
	char		*s;	/* length-prefixed: size_t then bytes */
};

/* Id bytes live in large blocks rather than one allocation each. */
struct idblk {
	struct idblk	*prev;
	size_t		 used, cap;
	char		 mem[];
};

#define IDBLK_SIZE	(1024 * 1024)

struct idset {
	struct slot	*t;
	size_t		 size, count, cap;
	struct idblk	*blk;
};

uint64_t
idset_hash(const char *p, size_t n)
{
	/* Eight bytes at a time, each word mixed by multiply and rotate. */
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	uint64_t h = 0x6A09E667F3BCC909ULL ^ (n * k), w;

	while (n >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ (w * k)) * k;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ (w * k)) * k;
	h ^= h >> 32;
	return h;
}

struct idset *
idset_new(size_t cap)
{
	struct idset *s = xcalloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->size = 1024;
	s->cap = cap;
	s->t = xcalloc(s->size, sizeof(*s->t));
	if (s->t == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
idset_free(struct idset *s)
{
	size_t i;

	if (s == NULL)
		return;
	while (s->blk != NULL) {
		struct idblk *p = s->blk->prev;

		free(s->blk);
		s->blk = p;
	}
	(void)i;
	free(s->t);
	free(s);
}

static int
same(const struct slot *sl, uint64_t h, const char *p, size_t n)
{
	size_t len;

	if (sl->h != h)
		return 0;
	memcpy(&len, sl->s, sizeof(len));
	return len == n && memcmp(sl->s + sizeof(len), p, n) == 0;
}

static int
grow(struct idset *s)
{
	size_t nsize = s->size * 2, i, j;
	struct slot *nt = xcalloc(nsize, sizeof(*nt));

	if (nt == NULL)
		return -1;
	for (i = 0; i < s->size; i++) {
		if (s->t[i].s == NULL)
			continue;
		for (j = s->t[i].h & (nsize - 1); nt[j].s != NULL;
		    j = (j + 1) & (nsize - 1))
			;
		nt[j] = s->t[i];
	}
	free(s->t);
	s->t = nt;
	s->size = nsize;
	return 0;
}

static char *
store(struct idset *s, size_t n)
{
	struct idblk *b = s->blk;
	size_t cap;
	char *p;

	n = (n + 7) & ~(size_t)7;
	if (b == NULL || b->cap - b->used < n) {
		cap = n > IDBLK_SIZE ? n : IDBLK_SIZE;
		if ((b = xmalloc(sizeof(*b) + cap)) == NULL)
			return NULL;
		b->prev = s->blk;
		b->used = 0;
		b->cap = cap;
		s->blk = b;
	}
	p = b->mem + b->used;
	b->used += n;
	return p;
}

int
idset_add(struct idset *s, const char *p, size_t n)
{
	uint64_t h = idset_hash(p, n);
	size_t j;
	char *c;

	for (j = h & (s->size - 1); s->t[j].s != NULL;
	    j = (j + 1) & (s->size - 1))
		if (same(&s->t[j], h, p, n))
			return 0;
	if (s->count >= s->cap)
		return -2;
	c = store(s, sizeof(n) + n);
	if (c == NULL)
		return -1;
	memcpy(c, &n, sizeof(n));
	memcpy(c + sizeof(n), p, n);
	s->t[j].h = h;
	s->t[j].s = c;
	s->count++;
	if (s->count * 4 >= s->size * 3 && grow(s) < 0)
		return -1;
	return 1;
}

size_t
idset_count(const struct idset *s)
{
	return s->count;
}

int
idset_each(const struct idset *s, int (*fn)(void *ctx, const char *p,
    size_t n), void *ctx)
{
	size_t i, len;
	int rc;

	for (i = 0; i < s->size; i++) {
		if (s->t[i].s == NULL)
			continue;
		memcpy(&len, s->t[i].s, sizeof(len));
		if ((rc = fn(ctx, s->t[i].s + sizeof(len), len)) != 0)
			return rc;
	}
	return 0;
}
