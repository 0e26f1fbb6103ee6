#include <stdint.h>
#include <string.h>

#include "utf8.h"

long
utf8_check(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p, *e = s + n;
	const unsigned char *start = s;
	unsigned c;
	uint64_t w;

	while (s < e) {
		/* Skip ASCII eight bytes at a time. */
		while (e - s >= 8) {
			memcpy(&w, s, 8);
			if (w & 0x8080808080808080ULL)
				break;
			s += 8;
		}
		if (s == e)
			break;
		c = *s;
		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (e - s < 2 || (s[1] & 0xC0) != 0x80)
				return s - start;
			s += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (e - s < 3 || (s[1] & 0xC0) != 0x80 ||
			    (s[2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && s[1] < 0xA0) ||
			    (c == 0xED && s[1] > 0x9F))
				return s - start;
			s += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (e - s < 4 || (s[1] & 0xC0) != 0x80 ||
			    (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80 ||
			    (c == 0xF0 && s[1] < 0x90) ||
			    (c == 0xF4 && s[1] > 0x8F))
				return s - start;
			s += 4;
		} else
			return s - start;
	}
	return -1;
}
