#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#ifdef ET_FAULT_INJECT
static long
fail_count(const char *var, long *state)
{
	const char *s;

	if (*state == 0) {
		s = getenv(var);
		*state = (s != NULL && *s != '\0') ? strtol(s, NULL, 10) : -1;
		if (*state == 0)
			*state = -1;
	}
	return *state;
}

/* Counts calls; returns 1 from the Nth call on. */
static int
should_fail(const char *var, long *state, long *calls)
{
	long n = fail_count(var, state);

	if (n < 0)
		return 0;
	return ++*calls >= n;
}

static long alloc_state, alloc_calls, write_state, write_calls;
/* An injected failure looks like a real one, errno included. */
#define FAIL_ALLOC() (should_fail("ET_FAIL_ALLOC", &alloc_state, \
	&alloc_calls) ? (errno = ENOMEM, 1) : 0)
#else
#define FAIL_ALLOC() 0
#endif

void *
xmalloc(size_t n)
{
	if (FAIL_ALLOC())
		return NULL;
	return malloc(n == 0 ? 1 : n);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	if (FAIL_ALLOC())
		return NULL;
	return calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size);
}

void *
xrealloc(void *p, size_t n)
{
	if (FAIL_ALLOC())
		return NULL;
	return realloc(p, n == 0 ? 1 : n);
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int
xfail_write(void)
{
#ifdef ET_FAULT_INJECT
	return should_fail("ET_FAIL_WRITE", &write_state, &write_calls);
#else
	return 0;
#endif
}

void
xkill_at(const char *var, unsigned long long n)
{
#ifdef ET_FAULT_INJECT
	static long after_state, commit_state;
	long *st = strcmp(var, "ET_KILL_AFTER") == 0 ? &after_state :
	    &commit_state;

	if (fail_count(var, st) == (long)n)
		raise(SIGKILL);
#else
	(void)var;
	(void)n;
#endif
}
