/*
 * unit: the checks of tests/unit (after redis testhelp.h).  A failed check
 * prints "file:line: failed: expr [case]" to stderr, where case is the label
 * last set with UNIT_CASE() (for table rows), and is counted; tests go on.
 * UNIT_MAIN_END() prints "N passed, M failed" and returns 1 if any failed.
 */
#ifndef ET_UNIT_H
#define ET_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;
static const char *unit_case;

static inline int
unit_check(int ok, const char *file, int line, const char *expr)
{
	if (ok) {
		unit_pass++;
		return 1;
	}
	unit_fail++;
	fprintf(stderr, "%s:%d: failed: %s%s%s%s\n", file, line, expr,
	    unit_case ? " [" : "", unit_case ? unit_case : "",
	    unit_case ? "]" : "");
	return 0;
}

#define UNIT_CASE(name)	(unit_case = (name))
#define CHECK(c)	unit_check(!!(c), __FILE__, __LINE__, #c)
#define CHECK_EQ_INT(a, b) do { long long ua_ = (a), ub_ = (b); \
	if (!unit_check(ua_ == ub_, __FILE__, __LINE__, #a " == " #b)) \
	    fprintf(stderr, "\tgot %lld, want %lld\n", ua_, ub_); } while (0)
#define CHECK_EQ_STR(a, b) do { const char *ua_ = (a), *ub_ = (b); \
	if (!unit_check(ua_ && ub_ && strcmp(ua_, ub_) == 0, __FILE__, \
	    __LINE__, #a " == " #b)) fprintf(stderr, "\tgot \"%s\", want " \
	    "\"%s\"\n", ua_ ? ua_ : "(null)", ub_ ? ub_ : "(null)"); } while (0)
#define CHECK_EQ_MEM(p, n, s) do { const char *up_ = (const char *)(p), \
	*us_ = (s); size_t un_ = (n); if (!unit_check(up_ && \
	un_ == strlen(us_) && memcmp(up_, us_, un_) == 0, __FILE__, __LINE__, \
	#p " == " #s)) fprintf(stderr, "\tgot \"%.*s\" (%zu), want \"%s\"\n", \
	(int)(up_ ? un_ : 0), up_ ? up_ : "", un_, us_); } while (0)
#define UNIT_MAIN_END() do { printf("%d passed, %d failed\n", unit_pass, \
	unit_fail); return unit_fail != 0; } while (0)

#endif
