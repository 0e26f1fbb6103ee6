/*
 * postidx: the posts known from --posts files, for attaching a comment's
 * post.  Posts are found by exact id, by shortcode, or (for ids an exporter
 * rounded through a double) by the unique post whose id rounds to the same
 * double.  Memory grows with the number of posts (captions included).
 *
 * Ownership: the index copies what is added; returned posts are borrowed
 * until postidx_free.
 */
#ifndef ET_POSTIDX_H
#define ET_POSTIDX_H

#include <stddef.h>

#include "record.h"

struct postidx;

struct postidx *postidx_new(void);
void	 postidx_free(struct postidx *x);
/*
 * Adds a post, or fills the missing fields of a post already known by the
 * same id or shortcode (earlier values win).  0, or -1 out of memory.
 */
int	 postidx_add(struct postidx *x, const struct post_info *p);
/*
 * Finds a post: exact id, then shortcode, then (rounded != 0) the unique
 * post whose id has the same double value.  NULL when none or ambiguous.
 */
const struct post_info *postidx_find(struct postidx *x, struct strv id,
	    int rounded, struct strv shortcode);

/* True if s is all digits and above 2^53, so a double cannot hold it. */
int	 id_beyond_double(struct strv s);
/* The shortcode in an Instagram URL (/p/X/, /reel/X/, /tv/X/), or NULL. */
struct strv shortcode_from_url(struct strv url);

#endif
