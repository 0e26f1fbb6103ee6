/*
 * timeparse: reading the timestamps found in exports and writing RFC 3339.
 *
 * Accepted (surrounding spaces ignored):
 *   epoch numbers: seconds, or milli-, micro- or nanoseconds told apart by
 *     magnitude (below 1e11 seconds, 1e14 ms, 1e17 us, else ns), with an
 *     optional fraction;
 *   ISO 8601 / RFC 3339: YYYY-MM-DD, YYYY-MM-DD[T ]HH:MM[:SS[.frac]] with an
 *     optional zone Z, UTC, GMT, +HH, +HHMM or +HH:MM (no zone means UTC);
 *   month names: "November 20, 2025", "Nov 20 2025", "20 November 2025",
 *     "Thu, 20 Nov 2025 10:00:00 +0000", with an optional time (HH:MM[:SS],
 *     optional AM/PM) and zone.
 * Fractions of a second are dropped (times are kept to the second).
 */
#ifndef ET_TIMEPARSE_H
#define ET_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

/* Earliest and latest accepted: 0001-01-01 .. 9999-12-31T23:59:59Z. */
#define TIME_MIN	(-62135596800LL)
#define TIME_MAX	(253402300799LL)

/* Parses s[0..n) into seconds since the epoch (UTC); 0 or -1. */
int	time_parse(const char *s, size_t n, int64_t *t);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" and a NUL into out (21 bytes). */
void	time_format(int64_t t, char out[21]);
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t	time_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
