/*
 * rowview: one input row seen the same way whatever its container: a CSV
 * row with its header, or a parsed JSON object.  Format mappers look fields
 * up by '/'-separated path ("user/username"), which matches both a CSV
 * column of that name and nested JSON members.
 *
 * Ownership: a header index is owned by its creator (rv_header_free); a
 * struct rowview borrows everything it points at.
 */
#ifndef ET_ROWVIEW_H
#define ET_ROWVIEW_H

#include <stddef.h>

#include "buf.h"
#include "csvr.h"
#include "json.h"
#include "record.h"

struct rv_header;

struct rowview {
	const struct jnode	*obj;	/* JSON object, or NULL for CSV */
	const struct rv_header	*hdr;	/* CSV header */
	const struct csv_field	*f;	/* CSV fields (hdr's count of them) */
};

/* Builds a lookup index over a header row (copied). */
struct rv_header *rv_header_new(const struct csv_field *f, size_t n);
void	 rv_header_free(struct rv_header *h);
size_t	 rv_header_count(const struct rv_header *h);
/* Column index of name, or -1. */
long	 rv_header_find(const struct rv_header *h, const char *name,
	    size_t len);
/* 1 if some column name starts with prefix. */
int	 rv_header_has_prefix(const struct rv_header *h, const char *prefix);

/*
 * Looks up path.  Returns 1 and sets out for a non-empty string or a number
 * (its text); 0 when absent, null, empty, or a container.  CSV values are
 * always strings.
 */
int	 rv_get(const struct rowview *v, const char *path, struct strv *out);
/* 1 if the path exists at all (even empty or null). */
int	 rv_has(const struct rowview *v, const char *path);
/* Tries each path in a NULL-terminated list; returns 1 for the first hit. */
int	 rv_get_any(const struct rowview *v, const char *const *paths,
	    struct strv *out);

/*
 * Appends the row as a JSON object.  For CSV, every column as a string; with
 * prefix non-NULL only columns under prefix (stripped), skipping those under
 * prefix+skip.  For JSON, the object at prefix (or the whole object).
 */
int	 rv_to_json(const struct rowview *v, struct buf *b, const char *prefix,
	    const char *skip);

#endif
