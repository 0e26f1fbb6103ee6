/*
 * jqmap: running a user's jq program (libjq) over JSON values, for
 * et-ingest --map.  Each input value may give zero or more outputs.
 *
 * Ownership: jqmap_new returns a program owned by the caller (jqmap_free).
 * Output texts passed to the callback are valid only during the call.
 */
#ifndef ET_JQMAP_H
#define ET_JQMAP_H

#include <stddef.h>

struct jqmap;

typedef int (*jqmap_fn)(void *ctx, const char *json, size_t len);

/* Compiles program; NULL with a message in err when it does not compile. */
struct jqmap *jqmap_new(const char *program, char *err, size_t errlen);
void	 jqmap_free(struct jqmap *m);
/*
 * Runs the program on the JSON text json[0..len).  Calls fn with each output
 * as compact JSON.  Returns 0, -1 for a jq error (message in msg), -2 out of
 * memory, or fn's nonzero result.
 */
int	 jqmap_run(struct jqmap *m, const char *json, size_t len, jqmap_fn fn,
	    void *ctx, char *msg, size_t msglen);

#endif
