/*
 * csvr: RFC 4180 CSV rows from an input, parsed by libcsv in strict mode.
 *
 * Rows are fed to libcsv one physical line at a time, so each row knows the
 * line it starts on and its exact original bytes (for --rejects).  A UTF-8
 * BOM at the start of the input is dropped; spaces around fields are kept;
 * CRLF and LF line ends are accepted; blank lines are skipped.
 *
 * Ownership: the reader borrows the input; fields and raw bytes belong to the
 * reader and are valid until the next csvr_next() or csvr_free().
 */
#ifndef ET_CSVR_H
#define ET_CSVR_H

#include <stddef.h>

#include "buf.h"
#include "input.h"

struct csv_field {
	const char	*p;
	size_t		 len;
};

#define CSVR_EPARSE	-1	/* malformed quoting, bare CR */
#define CSVR_ELIMIT	-2	/* row longer than the maximum */
#define CSVR_EIO	-3	/* read or decompression error */
#define CSVR_ENOMEM	-4
#define CSVR_EQUOTE	-5	/* quote still open at end of input */

struct csvr;

struct csvr *csvr_new(struct input *in, size_t max_record);
void	 csvr_free(struct csvr *r);
/* Reads the next row: 1, 0 at end of input, or a CSVR_E* code. */
int	 csvr_next(struct csvr *r);
/*
 * Feeds bytes that were already read from the input (e.g. a first line used
 * to detect the format) as if they came next; call before csvr_next.
 */
int	 csvr_unread(struct csvr *r, const char *p, size_t n, long lineno);
size_t	 csvr_nfields(const struct csvr *r);
const struct csv_field *csvr_fields(const struct csvr *r);
/* Physical line on which the current row (or failed row) starts. */
long	 csvr_line(const struct csvr *r);
const struct buf *csvr_raw(const struct csvr *r);
const char *csvr_error(const struct csvr *r);

#endif
