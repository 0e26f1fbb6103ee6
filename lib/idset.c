#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "xalloc.h"

struct slot {
	uint64_t	 h;
	char		*s;	/* length-prefixed: size_t then bytes */
};

struct idset {
	struct slot	*t;
	size_t		 size, count, cap;
};

uint64_t
idset_hash(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
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
	for (i = 0; i < s->size; i++)
		free(s->t[i].s);
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
	c = xmalloc(sizeof(n) + n);
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
