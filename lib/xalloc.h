/*
 * xalloc: the allocation functions every module uses.
 *
 * They behave like malloc(3) and friends and return NULL on failure; callers
 * turn that into an error of their own.  In builds with -DET_FAULT_INJECT the
 * environment variable ET_FAIL_ALLOC=N makes the Nth allocation (1-based) and
 * every later one fail, so tests can check that each failure path is clean.
 * Memory returned here is released with free(3).
 */
#ifndef ET_XALLOC_H
#define ET_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrndup(const char *s, size_t n);

/* Returns 1 when the next write should fail (ET_FAIL_WRITE=N, test builds). */
int	 xfail_write(void);
/*
 * Kills the process with SIGKILL when the environment variable var
 * (ET_KILL_AFTER: rows read, ET_KILL_COMMIT: checkpoints begun) equals n
 * (test builds), to test resuming.
 */
void	 xkill_at(const char *var, unsigned long long n);

#endif
