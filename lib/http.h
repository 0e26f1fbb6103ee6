/*
 * http: HTTP(S) transfers over libcurl with one retry policy for every
 * program: transient failures only (a connection that cannot be made or
 * breaks, a stalled transfer, 408, 429 and 5xx), capped exponential backoff
 * with jitter, and a 429's or 503's Retry-After obeyed.  Other 4xx answers
 * and every other error end the transfer at once.
 *
 * Several transfers run at once (curl multi), each with its own retries.
 * A response body goes to a file descriptor (truncated before each attempt,
 * so a retry never leaves the bytes of a failed one behind) or into a
 * buffer.  A bearer token is sent through curl's own authentication, so it
 * is never sent to another host after a redirect.
 *
 * Ownership: a struct http is owned by its creator (http_free); the
 * strings in struct http_opts and struct http_xfer are borrowed and must
 * outlive http_run.  Nothing here prints; on_retry lets the caller do so.
 */
#ifndef ET_HTTP_H
#define ET_HTTP_H

#include <stddef.h>

#include "buf.h"

struct http_xfer;

struct http_opts {
	double	 timeout;	/* s: to connect, and with no byte moving */
	int	 retries;	/* retries after the first attempt */
	double	 backoff;	/* s: the first wait; doubled each time */
	double	 backoff_max;	/* s: the longest wait */
	double	 retry_after_max; /* s: a longer Retry-After gives up */
	const char *bearer;	/* token for Authorization: Bearer, or NULL */
	const char *content_type; /* of request bodies */
	/* called before each wait to retry; delay in seconds */
	void	(*on_retry)(void *ctx, const struct http_xfer *x,
		    double delay);
	void	*ctx;
};

/* http_xfer.rc */
#define HTTP_OK		 0
#define HTTP_EREFUSED	-1	/* an answer not to retry (most 4xx) */
#define HTTP_EFAILED	-2	/* transient failures, retries exhausted */
#define HTTP_EERROR	-3	/* any other failure (TLS, bad URL, ...) */
#define HTTP_ESINK	-4	/* the body could not be stored (errno) */
#define HTTP_EBUDGET	-5	/* no calls left in the budget */
#define HTTP_ENOMEM	-6

struct http_xfer {
	/* the request */
	const char	*url;
	const char	*body;		/* POST this when not NULL */
	size_t		 bodylen;
	int		 fd;		/* the response body to this file, */
	struct buf	*mem;		/* or else into this buffer */
	/* the result */
	int		 rc;
	long		 status;	/* the last HTTP status, 0 for none */
	char		 reason[64];	/* its reason phrase */
	int		 attempts;
	long long	 total;		/* X-Apify-Pagination-Total, or -1 */
	int		 sink_errno;	/* for HTTP_ESINK */
	char		 err[256];	/* what went wrong, for messages */
	/* private to http.c */
	void		*h;
	double		 wake;
	double		 retry_after;
	int		 state;
};

/*
 * Sets o to the policy (backoff from 1 s, doubling to 30 s; Retry-After up
 * to 300 s) with the given timeout and retries, and nothing else.
 */
void	 http_opts_init(struct http_opts *o, double timeout, int retries);

struct http;

/* NULL when out of memory or libcurl cannot start. */
struct http *http_new(const struct http_opts *o);
void	 http_free(struct http *h);

/*
 * Runs the n transfers, at most jobs at once, each to its end (success or
 * failure: see rc).  *budget, when budget is not NULL, is the number of
 * requests that may still be sent, retries included; it is decremented per
 * request.  Returns 0, or -1 when out of memory before anything started.
 */
int	 http_run(struct http *h, struct http_xfer **x, size_t n, size_t jobs,
	    long *budget);

/*
 * Writes url to out (size outlen) with the values of query parameters that
 * carry secrets (token, key, api_key, access_token, password, and the
 * user:password of the authority) replaced by "***", so that the URL can be
 * shown in messages and records.
 */
void	 http_redact(const char *url, char *out, size_t outlen);

/* 1 when s starts with http:// or https:// (any case). */
int	 http_is_url(const char *s);

/* 1 when the URL's host is a loopback address or "localhost". */
int	 http_is_loopback(const char *url);

/* 1 when url is plain http to a host other than this machine's. */
int	 http_is_cleartext(const char *url);

/*
 * Parses a Retry-After value: delta seconds, or an HTTP date (now is the
 * current time in seconds since the epoch).  Returns the delay in seconds
 * (0 for a date in the past), or -1 when it is neither.
 */
double	 http_retry_after(const char *v, double now);

/*
 * The wait before retry number k (1 for the first retry): backoff *
 * 2^(k-1), capped at backoff_max, times a jitter factor u in [0.5, 1].
 */
double	 http_backoff(const struct http_opts *o, int k, double u);

#endif
