/*
 * source: the export formats et-ingest reads, their detection, and their
 * mapping onto comment records (et-record(5)).
 *
 * Ownership: strings a mapper creates live in the caller's scratch document
 * (reset per row by the caller); records passed to the emit callback are
 * valid only during the call.
 */
#ifndef ET_SOURCE_H
#define ET_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "postidx.h"
#include "record.h"
#include "rowview.h"

enum src_format {
	SF_UNKNOWN = 0,
	SF_APIFY_COMMENTS,
	SF_APIFY_POSTS,
	SF_APIFY_METADATA,
	SF_ESUIT,
	SF_RECORD,
	SF_MAP
};

struct src_stats {
	unsigned long	 unmatched;	/* comments whose post was not found */
	unsigned long	 rounded;	/* of those, with a rounded id */
	unsigned long	 metadata_rows;	/* rows of a posts-only export */
};

struct src_opts {
	const char	*platform;	/* --platform, or NULL */
	struct postidx	*posts;		/* --posts, or NULL */
	const unsigned char *pseudo_key;	/* --pseudonymize, or NULL */
	size_t		 pseudo_keylen;
	int		 keep_raw;
	struct src_stats *stats;
};

/* Called per record; a nonzero return stops the mapping and is returned. */
typedef int (*src_emit_fn)(void *ctx, struct comment *c);

#define SRC_EDATA	-1	/* bad row: message in msg */
#define SRC_ENOMEM	-2

/* SF_UNKNOWN for names other than the five documented formats. */
enum src_format src_format_parse(const char *name);
/* Detects the format from a CSV header or a first JSON record. */
enum src_format src_detect(const struct rowview *v);

/*
 * Maps one row to zero or more records, calling emit for each.  Returns 0,
 * SRC_EDATA (msg says why), SRC_ENOMEM, or emit's nonzero result.
 * file and line fill source.file and source.line.
 */
int	src_map(enum src_format f, const struct rowview *v,
	    const struct src_opts *o, struct jdoc *scratch,
	    struct buf *rawbuf, const char *file, long line,
	    src_emit_fn emit, void *ctx, char *msg, size_t msglen);

/* Reads the post described by an apify-posts or apify-metadata row. */
int	src_post_info(enum src_format f, const struct rowview *v,
	    struct jdoc *scratch, struct post_info *p);

/*
 * Parses a count: "42", "2,491", "46k", "1.2M"; 0, or -1 when it is none
 * or above RECORD_COUNT_MAX.
 */
int	parse_count(struct strv s, int64_t *v);

#endif
