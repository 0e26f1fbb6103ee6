/*
 * http: transfers with retries over curl multi.  See http.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "http.h"
#include "xalloc.h"

#ifndef ET_VERSION
#define ET_VERSION "0"
#endif

enum { XS_WAITING, XS_ACTIVE, XS_DONE };

/* What one transfer keeps between attempts. */
struct xpriv {
	CURL		*e;
	struct curl_slist *hdrs;
	char		 cerr[CURL_ERROR_SIZE];
	struct http_xfer *x;
	double		 timeout;
	/* the stall timer: when a byte last moved either way */
	double		 moved;
	curl_off_t	 dl, ul;
	int		 stalled;
};

struct http {
	struct http_opts o;
	CURLM		*m;
	uint64_t	 rng;
};

static int curl_users;

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
http_opts_init(struct http_opts *o, double timeout, int retries)
{
	memset(o, 0, sizeof(*o));
	o->timeout = timeout;
	o->retries = retries;
	o->backoff = 1;
	o->backoff_max = 30;
	o->retry_after_max = 300;
}

struct http *
http_new(const struct http_opts *o)
{
	struct http *h;

	if (curl_users == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return NULL;
	curl_users++;
	if ((h = xcalloc(1, sizeof(*h))) == NULL ||
	    (h->m = curl_multi_init()) == NULL) {
		free(h);
		if (--curl_users == 0)
			curl_global_cleanup();
		return NULL;
	}
	h->o = *o;
	h->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
	    0x9e3779b97f4a7c15ULL;
	return h;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_multi_cleanup(h->m);
	free(h);
	if (--curl_users == 0)
		curl_global_cleanup();
}

/* A uniform number in [0, 1) (xorshift64*). */
static double
uniform(struct http *h)
{
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return (double)((h->rng * 0x2545F4914F6CDD1DULL) >> 11) /
	    9007199254740992.0;		/* 2^53 */
}

double
http_backoff(const struct http_opts *o, int k, double u)
{
	double d = o->backoff;

	while (--k > 0 && d < o->backoff_max)
		d *= 2;
	if (d > o->backoff_max)
		d = o->backoff_max;
	if (u < 0.5)
		u = 0.5;
	if (u > 1)
		u = 1;
	return d * u;
}

double
http_retry_after(const char *v, double now)
{
	const char *p;
	double d = 0;
	time_t t;

	while (*v == ' ' || *v == '\t')
		v++;
	for (p = v; *p >= '0' && *p <= '9'; p++)
		if ((d = d * 10 + (*p - '0')) > 1e9)
			d = 1e9;
	if (p > v) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		return *p == '\0' ? d : -1;
	}
	if (*v == '\0' || (t = curl_getdate(v, NULL)) == -1)
		return -1;
	return (double)t > now ? (double)t - now : 0;
}

int
http_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0;
}

/* The host part of url: start and length (0 when there is none). */
static size_t
host_of(const char *url, const char **start)
{
	const char *p = strstr(url, "://"), *q, *at;
	size_t n;

	*start = url;
	if (p == NULL)
		return 0;
	p += 3;
	n = strcspn(p, "/?#");
	if ((at = memchr(p, '@', n)) != NULL) {
		for (q = at; (q = memchr(q + 1, '@', n - (size_t)(q + 1 - p)))
		    != NULL;)
			at = q;
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	*start = p;
	if (*p == '[') {
		q = memchr(p, ']', n);
		return q != NULL ? (size_t)(q - p + 1) : n;
	}
	q = memchr(p, ':', n);
	return q != NULL ? (size_t)(q - p) : n;
}

int
http_is_loopback(const char *url)
{
	const char *h;
	size_t n = host_of(url, &h);

	return (n == 9 && strncasecmp(h, "localhost", 9) == 0) ||
	    (n >= 4 && strncmp(h, "127.", 4) == 0 &&
	    strspn(h, "0123456789.") >= n) ||
	    (n == 5 && strncmp(h, "[::1]", 5) == 0);
}

int
http_is_cleartext(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 && !http_is_loopback(url);
}

static int
secret_name(const char *p, size_t n)
{
	static const char *const names[] = { "token", "key", "api_key",
	    "apikey", "access_token", "password", "secret", "sig",
	    "signature", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && strncasecmp(p, names[i], n) == 0)
			return 1;
	return 0;
}

/* Appends s[0..n) to out at *k, keeping room for the final NUL. */
static void
put(char *out, size_t outlen, size_t *k, const char *s, size_t n)
{
	while (n-- > 0 && *k + 1 < outlen)
		out[(*k)++] = *s++;
	out[*k] = '\0';
}

void
http_redact(const char *url, char *out, size_t outlen)
{
	const char *p = strstr(url, "://"), *host, *q, *eq, *amp;
	size_t k = 0, n;

	if (outlen == 0)
		return;
	out[0] = '\0';
	if (p == NULL) {
		put(out, outlen, &k, url, strlen(url));
		return;
	}
	n = host_of(url, &host);
	(void)n;
	if (host > p + 3) {		/* user:password@ */
		put(out, outlen, &k, url, (size_t)(p + 3 - url));
		put(out, outlen, &k, "***@", 4);
	} else
		put(out, outlen, &k, url, (size_t)(host - url));
	q = host + strcspn(host, "?#");
	put(out, outlen, &k, host, (size_t)(q - host));
	if (*q != '?') {
		put(out, outlen, &k, q, strlen(q));
		return;
	}
	put(out, outlen, &k, "?", 1);
	for (p = q + 1; *p != '\0' && *p != '#'; p = amp) {
		amp = p + strcspn(p, "&#");
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq != NULL && secret_name(p, (size_t)(eq - p))) {
			put(out, outlen, &k, p, (size_t)(eq + 1 - p));
			put(out, outlen, &k, "***", 3);
		} else
			put(out, outlen, &k, p, (size_t)(amp - p));
		if (*amp == '&')
			put(out, outlen, &k, "&", 1), amp++;
	}
	put(out, outlen, &k, p, strlen(p));
}

static size_t
on_header(char *s, size_t size, size_t nmemb, void *ctx)
{
	struct http_xfer *x = ctx;
	size_t n = size * nmemb, k;
	char v[128];

	if (n > 5 && memcmp(s, "HTTP/", 5) == 0) {
		/* a new response (after a redirect or a 100): start over */
		x->total = -1;
		x->retry_after = -1;
		x->reason[0] = '\0';
		k = strcspn(s, " ");
		if (k < n && strspn(s + k + 1, "0123456789") == 3 &&
		    k + 4 < n && s[k + 4] == ' ') {
			snprintf(x->reason, sizeof(x->reason), "%.*s",
			    (int)(n - k - 5), s + k + 5);
			x->reason[strcspn(x->reason, "\r\n")] = '\0';
		}
		return n;
	}
	k = n < sizeof(v) ? n : sizeof(v) - 1;
	memcpy(v, s, k);
	v[k] = '\0';
	v[strcspn(v, "\r\n")] = '\0';
	if (strncasecmp(v, "Retry-After:", 12) == 0)
		x->retry_after = http_retry_after(v + 12, (double)time(NULL));
	else if (strncasecmp(v, "X-Apify-Pagination-Total:", 25) == 0)
		x->total = strtoll(v + 25, NULL, 10);
	return n;
}

static size_t
on_body(char *s, size_t size, size_t nmemb, void *ctx)
{
	struct http_xfer *x = ctx;
	struct xpriv *pv = x->h;
	size_t n = size * nmemb, done = 0;
	long status = 0;
	ssize_t w;

	curl_easy_getinfo(pv->e, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299)
		return n;		/* an error page: not the data */
	if (x->mem != NULL) {
		if (buf_add(x->mem, s, n) < 0) {
			x->sink_errno = ENOMEM;
			return 0;
		}
		return n;
	}
	while (done < n) {
		if (xfail_write()) {
			x->sink_errno = EIO;
			return 0;
		}
		w = write(x->fd, s + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			x->sink_errno = w < 0 ? errno : EIO;
			return 0;
		}
		done += (size_t)w;
	}
	return n;
}

/*
 * Ends an attempt when no byte has moved, up or down, for the timeout:
 * curl's low-speed limit averages over a window, so a server that takes
 * the request and then goes quiet would be waited for longer.
 */
static int
on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct xpriv *pv = ctx;
	double now = mono();

	(void)dltotal;
	(void)ultotal;
	if (dlnow != pv->dl || ulnow != pv->ul || pv->moved == 0) {
		pv->dl = dlnow;
		pv->ul = ulnow;
		pv->moved = now;
		return 0;
	}
	if (now - pv->moved < pv->timeout)
		return 0;
	pv->stalled = 1;
	return 1;
}

static int
setup(struct http *h, struct http_xfer *x)
{
	struct xpriv *pv;
	CURL *e;
	int bad = 0;

	if ((pv = xcalloc(1, sizeof(*pv))) == NULL)
		return -1;
	if ((e = curl_easy_init()) == NULL) {
		free(pv);
		return -1;
	}
	pv->e = e;
	pv->x = x;
	x->h = pv;
	bad |= curl_easy_setopt(e, CURLOPT_URL, x->url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, pv) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, pv->cerr) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR,
	    "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(h->o.timeout * 1000)) != CURLE_OK;
	pv->timeout = h->o.timeout;
	bad |= curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_XFERINFODATA, pv) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, "et/" ET_VERSION) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, x) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, x) != CURLE_OK;
	if (h->o.bearer != NULL) {
		bad |= curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BEARER) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_XOAUTH2_BEARER,
		    h->o.bearer) != CURLE_OK;
	}
	if (x->body != NULL) {
		pv->hdrs = curl_slist_append(NULL, "Expect:");
		if (pv->hdrs != NULL && h->o.content_type != NULL) {
			char ct[128];
			struct curl_slist *l;

			snprintf(ct, sizeof(ct), "Content-Type: %s",
			    h->o.content_type);
			if ((l = curl_slist_append(pv->hdrs, ct)) == NULL)
				bad = 1;
			else
				pv->hdrs = l;
		}
		bad |= pv->hdrs == NULL;
		bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, pv->hdrs) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)x->bodylen) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->body) !=
		    CURLE_OK;
	}
	return bad ? -1 : 0;
}

static void
release(struct http_xfer *x)
{
	struct xpriv *pv = x->h;

	if (pv == NULL)
		return;
	curl_easy_cleanup(pv->e);
	curl_slist_free_all(pv->hdrs);
	free(pv);
	x->h = NULL;
}

/* Starts an attempt: 0, or -1 when it ended at once (rc is set). */
static int
start(struct http *h, struct http_xfer *x, long *budget)
{
	struct xpriv *pv = x->h;

	if (budget != NULL && *budget <= 0) {
		x->rc = HTTP_EBUDGET;
		snprintf(x->err, sizeof(x->err), "no calls left in the budget");
		return -1;
	}
	if (x->mem != NULL)
		buf_reset(x->mem);
	else if (ftruncate(x->fd, 0) < 0 || lseek(x->fd, 0, SEEK_SET) < 0) {
		x->rc = HTTP_ESINK;
		x->sink_errno = errno;
		snprintf(x->err, sizeof(x->err), "%s", strerror(errno));
		return -1;
	}
	x->status = 0;
	x->reason[0] = '\0';
	x->total = -1;
	x->retry_after = -1;
	x->sink_errno = 0;
	pv->cerr[0] = '\0';
	pv->moved = 0;
	pv->dl = pv->ul = 0;
	pv->stalled = 0;
	if (curl_multi_add_handle(h->m, pv->e) != CURLM_OK) {
		x->rc = HTTP_ENOMEM;
		snprintf(x->err, sizeof(x->err), "out of memory");
		return -1;
	}
	if (budget != NULL)
		(*budget)--;
	x->attempts++;
	x->state = XS_ACTIVE;
	return 0;
}

static int
transient_code(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/* Decides what an attempt that ended with c means. */
static void
finish(struct http *h, struct http_xfer *x, CURLcode c)
{
	struct xpriv *pv = x->h;
	double delay;
	int transient;

	curl_multi_remove_handle(h->m, pv->e);
	curl_easy_getinfo(pv->e, CURLINFO_RESPONSE_CODE, &x->status);
	x->state = XS_DONE;
	if (c == CURLE_WRITE_ERROR && x->sink_errno != 0) {
		x->rc = HTTP_ESINK;
		snprintf(x->err, sizeof(x->err), "%s",
		    strerror(x->sink_errno));
		return;
	}
	if (c == CURLE_OK && x->status >= 200 && x->status <= 299) {
		x->rc = HTTP_OK;
		return;
	}
	if (c == CURLE_OK) {
		snprintf(x->err, sizeof(x->err), "HTTP %ld%s%s", x->status,
		    x->reason[0] ? " " : "", x->reason);
		transient = x->status == 408 || x->status == 429 ||
		    x->status >= 500;
	} else if (c == CURLE_ABORTED_BY_CALLBACK && pv->stalled) {
		snprintf(x->err, sizeof(x->err), "timed out: no data for %g s",
		    h->o.timeout);
		transient = 1;
	} else {
		snprintf(x->err, sizeof(x->err), "%s", pv->cerr[0] ?
		    pv->cerr : curl_easy_strerror(c));
		transient = transient_code(c);
	}
	if (!transient) {
		x->rc = c == CURLE_OK ? HTTP_EREFUSED : HTTP_EERROR;
		return;
	}
	if (x->attempts > h->o.retries) {
		x->rc = HTTP_EFAILED;
		return;
	}
	delay = http_backoff(&h->o, x->attempts, 0.5 + uniform(h) / 2);
	if (c == CURLE_OK && (x->status == 429 || x->status == 503) &&
	    x->retry_after >= 0) {
		if (x->retry_after > h->o.retry_after_max) {
			x->rc = HTTP_EFAILED;
			snprintf(x->err + strlen(x->err), sizeof(x->err) -
			    strlen(x->err), " (Retry-After %.0f s is too long)",
			    x->retry_after);
			return;
		}
		delay = x->retry_after;
	}
	if (h->o.on_retry != NULL)
		h->o.on_retry(h->o.ctx, x, delay);
	x->wake = mono() + delay;
	x->state = XS_WAITING;
}

int
http_run(struct http *h, struct http_xfer **xs, size_t n, size_t jobs,
    long *budget)
{
	struct http_xfer *x;
	struct xpriv *pv;
	CURLMsg *msg;
	size_t i, active = 0, left = n;
	double now, next;
	int running, q, ms;

	if (jobs == 0)
		jobs = 1;
	for (i = 0; i < n; i++) {
		x = xs[i];
		x->rc = HTTP_OK;
		x->status = 0;
		x->attempts = 0;
		x->err[0] = '\0';
		x->state = XS_WAITING;
		x->wake = 0;
		x->total = -1;
		x->h = NULL;
	}
	for (i = 0; i < n; i++)
		if (setup(h, xs[i]) < 0) {
			for (i = 0; i < n; i++)
				release(xs[i]);
			return -1;
		}
	while (left > 0) {
		now = mono();
		next = now + 1;
		for (i = 0; i < n && active < jobs; i++) {
			x = xs[i];
			if (x->state != XS_WAITING)
				continue;
			if (x->wake > now) {
				if (x->wake < next)
					next = x->wake;
				continue;
			}
			if (start(h, x, budget) == 0)
				active++;
			else {
				x->state = XS_DONE;
				left--;
			}
		}
		if (active > 0)
			curl_multi_perform(h->m, &running);
		while ((msg = curl_multi_info_read(h->m, &q)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&pv);
			finish(h, pv->x, msg->data.result);
			active--;
			if (pv->x->state == XS_DONE)
				left--;
			next = mono();	/* start what can start */
		}
		if (left == 0)
			break;
		now = mono();
		ms = next > now ? (int)((next - now) * 1000) + 1 : 0;
		if (ms > 1000)
			ms = 1000;
		if (ms > 0)
			curl_multi_poll(h->m, NULL, 0, ms, NULL);
	}
	for (i = 0; i < n; i++)
		release(xs[i]);
	return 0;
}
