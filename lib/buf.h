/*
 * buf: growable byte buffers with a size cap.
 *
 * Ownership: a struct buf owns its data.  data is never NULL after buf_init,
 * always NUL-terminated, may contain NULs; len is authoritative.  Growing
 * past max (0 means SIZE_MAX/2) or failing to allocate returns -1 and leaves
 * the buffer unchanged.  buf_free releases the data and re-initialises the
 * buffer; it may be called twice.
 */
#ifndef ET_BUF_H
#define ET_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
};

void	buf_init(struct buf *b, size_t max);
void	buf_free(struct buf *b);
/* Ensures room for n more bytes; 0 or -1. */
int	buf_grow(struct buf *b, size_t n);
int	buf_add(struct buf *b, const void *p, size_t n);
int	buf_adds(struct buf *b, const char *s);
/* Appends a string literal, its length known at compile time. */
#define buf_addlit(b, lit)	buf_add((b), (lit), sizeof(lit) - 1)
int	buf_addc(struct buf *b, char c);
/* Appends a decimal integer. */
int	buf_addi(struct buf *b, int64_t v);
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_reset(struct buf *b);
void	buf_truncate(struct buf *b, size_t len);

#endif
