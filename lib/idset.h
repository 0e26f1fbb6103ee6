/*
 * idset: a set of byte strings (record ids) for de-duplication, with a cap
 * on the number of members.  Memory: about 24 bytes per slot plus the
 * strings themselves; the table doubles when 3/4 full.
 *
 * Ownership: the set copies what it is given and frees it in idset_free.
 */
#ifndef ET_IDSET_H
#define ET_IDSET_H

#include <stddef.h>
#include <stdint.h>

struct idset;

struct idset *idset_new(size_t cap);
void	 idset_free(struct idset *s);
/* Adds s: 1 added, 0 already present, -1 out of memory, -2 cap reached. */
int	 idset_add(struct idset *s, const char *p, size_t n);
size_t	 idset_count(const struct idset *s);
/* Calls fn for every member, in table order, until fn returns nonzero. */
int	 idset_each(const struct idset *s,
	    int (*fn)(void *ctx, const char *p, size_t n), void *ctx);
/* A 64-bit hash of p[0..n) (multiply-rotate over 8-byte words). */
uint64_t idset_hash(const char *p, size_t n);

#endif
