/*
 * ndjson: reading NDJSON records one line at a time, for the stages that
 * consume records (et-enrich, et-agg).  Each non-blank line is checked as
 * UTF-8 and parsed strictly into a tree; a leading BOM on the first line,
 * CRLF line ends and blank lines are accepted.
 *
 * Ownership: the reader borrows its input; the record handed out (line
 * bytes and tree) belongs to the reader until the next nd_next().
 */
#ifndef ET_NDJSON_H
#define ET_NDJSON_H

#include <stddef.h>

#include "diag.h"
#include "input.h"
#include "json.h"

struct nd_reader;

struct nd_rec {
	const char	*line;		/* without the line end */
	size_t		 len;
	long		 lineno;
	struct jnode	*obj;		/* the parsed value */
};

struct nd_err {
	enum diag_kind	 kind;
	long		 col;
	char		 msg[160];
};

#define ND_EBAD		-1	/* a bad line: err says why; reading can go on */
#define ND_EIO		-2	/* read error or out of memory: in_error() */

struct nd_reader *nd_open(struct input *in, size_t max_record);
void	 nd_close(struct nd_reader *r);
/*
 * Hands back a line already read from the input (to detect its format), to
 * be read again first, as line lineno.  0, or -1 when out of memory.
 */
int	 nd_unread(struct nd_reader *r, const char *p, size_t n, long lineno);
/* Reads the next record: 1, 0 at end of input, ND_EBAD or ND_EIO. */
int	 nd_next(struct nd_reader *r, struct nd_rec *rec, struct nd_err *err);

#endif
