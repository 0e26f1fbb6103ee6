/*
 * record: the comment record of et-record(5) and its NDJSON encoding.
 *
 * A struct comment only points at bytes owned by someone else (an input
 * row, a parsed document, the caller's buffers); it owns nothing.  A string
 * with p == NULL is written as null.
 */
#ifndef ET_RECORD_H
#define ET_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "json.h"

struct strv {
	const char	*p;
	size_t		 len;
};

struct post_info {
	struct strv	 id, shortcode, url, caption, subject;
	int64_t		 posted_at;
	int		 has_posted_at;
};

struct comment {
	struct strv	 id, platform, author, text, parent_id, context;
	struct post_info post;
	int64_t		 created_at;
	int64_t		 likes, replies;
	int		 has_likes, has_replies;
	const char	*format;	/* source.format */
	const char	*file;		/* source.file */
	long		 line;		/* source.line */
	struct strv	 raw;		/* serialized JSON for "raw", or NULL */
	struct strv	 extra;		/* ",\"k\":v..." members to append */
};

#define SV(s)	((struct strv){ (s), sizeof(s) - 1 })
#define SV_NULL	((struct strv){ NULL, 0 })

/* The largest likes or replies count a record holds (18 digits). */
#define RECORD_COUNT_MAX	999999999999999999LL

/* Appends the record as one JSON line ending in '\n'; 0 or -1. */
int	record_write(struct buf *b, const struct comment *c);

/*
 * Checks that obj is a record in the contract (types, the canonical time
 * form, known context values).  Returns 0, or -1 with a message in msg.
 * On success *created_at holds the record's time.
 */
int	record_check(const struct jnode *obj, int64_t *created_at,
	    char *msg, size_t msglen);

#endif
