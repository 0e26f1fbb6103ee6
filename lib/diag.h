/*
 * diag: the toolkit's diagnostics, in the format of et(7).
 *
 *   prog: FILE:LINE[:COL]: message        (data errors)
 *   prog: message: strerror(errno)         (system errors)
 *   prog: message                          (usage errors, then the synopsis)
 *
 * With --errors=json each diagnostic is one JSON object per line on stderr
 * with keys prog, file, line, col, kind, message.  With --errors=inline data
 * errors are not printed; the program writes diag_last_json() into its output
 * instead.  This module is the one part of lib/ that prints; diag_usage() is
 * the one function that exits.  Strings passed in are borrowed.
 */
#ifndef ET_DIAG_H
#define ET_DIAG_H

#include "buf.h"

enum diag_format { DIAG_TEXT, DIAG_JSON, DIAG_INLINE };
enum diag_kind { DK_PARSE, DK_UTF8, DK_LIMIT, DK_TYPE, DK_IO, DK_USAGE };

/* At most this many data diagnostics are printed per run. */
#define DIAG_MAX_PRINTED 100

void	 diag_init(const char *argv0);
const char *diag_prog(void);
/* Parses "text", "json" or "inline"; -1 when unknown. */
int	 diag_parse_format(const char *s);
void	 diag_set_format(enum diag_format f);
enum diag_format diag_get_format(void);
/* The synopsis printed after a usage error. */
void	 diag_set_synopsis(const char *synopsis);

/* Reports a data error; line/col <= 0 are omitted.  Counts it. */
void	 diag_data(const char *file, long line, long col, enum diag_kind kind,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Reports a system error with ": strerror(errno)" appended (errno saved). */
void	 diag_sys(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports a system error without errno. */
void	 diag_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a warning line "prog: message"; not counted. */
void	 diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the usage error and synopsis hint, exits 2. */
void	 diag_usage(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* Appends the last data diagnostic as {"prog":..,...}; 0 or -1. */
int	 diag_last_json(struct buf *out);
unsigned long diag_data_count(void);
/* Sets the count (a run resumed at a checkpoint). */
void	 diag_set_data_count(unsigned long n);
/* Prints "prog: N of M records rejected" when any data error was seen. */
void	 diag_summary(unsigned long records);

#endif
