/*
 * utf8: validation of UTF-8 text (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
#ifndef ET_UTF8_H
#define ET_UTF8_H

#include <stddef.h>

/* Returns -1 when p[0..n) is valid UTF-8, else the offset of the bad byte. */
long	utf8_check(const char *p, size_t n);

#endif
