#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "source.h"
#include "timeparse.h"

static const char *const format_names[] = {
	"unknown", "apify-comments", "apify-posts", "apify-metadata", "esuit",
	"record", "map"
};

enum src_format
src_format_parse(const char *name)
{
	int i;

	for (i = SF_APIFY_COMMENTS; i <= SF_RECORD; i++)
		if (strcmp(name, format_names[i]) == 0)
			return (enum src_format)i;
	return SF_UNKNOWN;
}

static int
has_prefix(const struct rowview *v, const char *prefix)
{
	const struct jnode *n;
	size_t len = strlen(prefix);

	if (v->obj == NULL)
		return rv_header_has_prefix(v->hdr, prefix);
	for (n = v->obj->child; n != NULL; n = n->next)
		if (n->klen >= len && memcmp(n->key, prefix, len) == 0)
			return 1;
	return 0;
}

enum src_format
src_detect(const struct rowview *v)
{
	if (rv_has(v, "id") && rv_has(v, "text") && rv_has(v, "created_at") &&
	    rv_has(v, "platform"))
		return SF_RECORD;
	if (has_prefix(v, "Post_Metadata"))
		return SF_APIFY_METADATA;
	if (rv_has(v, "shortCode") && (rv_has(v, "caption") ||
	    has_prefix(v, "latestComments")))
		return SF_APIFY_POSTS;
	if (rv_has(v, "text") && (rv_has(v, "pk") || rv_has(v, "media_id") ||
	    rv_has(v, "comment_like_count") || rv_has(v, "ownerUsername")))
		return SF_APIFY_COMMENTS;
	if (rv_has(v, "Comment") && rv_has(v, "Post URL"))
		return SF_ESUIT;
	return SF_UNKNOWN;
}

int
parse_count(struct strv s, int64_t *v)
{
	int64_t whole = 0, frac = 0, scale = 1, mult = 1;
	size_t i = 0;
	int digits = 0, fdigits = 0;

	while (i < s.len && s.p[i] == ' ')
		i++;
	for (; i < s.len; i++) {
		if (s.p[i] >= '0' && s.p[i] <= '9') {
			if (whole > (INT64_MAX - 9) / 10)
				return -1;
			whole = whole * 10 + (s.p[i] - '0');
			digits++;
		} else if (s.p[i] != ',' || digits == 0)
			break;
	}
	if (i < s.len && s.p[i] == '.') {
		for (i++; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			if (fdigits < 6) {
				frac = frac * 10 + (s.p[i] - '0');
				scale *= 10;
				fdigits++;
			}
	}
	while (i < s.len && s.p[i] == ' ')
		i++;
	if (i < s.len) {
		switch (s.p[i] | 0x20) {
		case 'k': mult = 1000; break;
		case 'm': mult = 1000000; break;
		case 'b': mult = 1000000000; break;
		default: return -1;
		}
		i++;
	}
	if (digits == 0 || i != s.len || whole > INT64_MAX / mult / 2)
		return -1;
	if (fdigits > 0 && mult == 1 && frac != 0)
		return -1;	/* "12.5" likes is not a count */
	*v = whole * mult + frac * mult / scale;
	return *v <= RECORD_COUNT_MAX ? 0 : -1;
}

/* Concatenates up to three parts into the scratch document. */
static struct strv
cat3(struct jdoc *d, struct strv a, struct strv b, struct strv c)
{
	size_t n = a.len + b.len + c.len;
	struct strv r = SV_NULL;
	char *p = json_doc_alloc(d, n + 1);

	if (p == NULL)
		return r;
	memcpy(p, a.p, a.len);
	memcpy(p + a.len, b.p, b.len);
	memcpy(p + a.len + b.len, c.p, c.len);
	p[n] = '\0';
	r.p = p;
	r.len = n;
	return r;
}

/* map_embedded's answer for an empty slot of a posts export row. */
#define SRC_EMPTY	-100

struct mapctx {
	const struct rowview *v;
	const struct src_opts *o;
	struct jdoc	*d;
	struct buf	*raw;
	const char	*file;
	long		 line;
	char		*msg;
	size_t		 msglen;
	int		 rounded;	/* post.id may be float-rounded */
};

/* A bad row: fmt takes up to two strings (the unused ones are NULL). */
static int
data_err(struct mapctx *m, const char *fmt, const char *a, const char *b)
{
	/* fmt uses none, one or both strings; extra arguments are allowed */
	/* cppcheck-suppress wrongPrintfScanfArgNum */
	snprintf(m->msg, m->msglen, fmt, a ? a : "", b ? b : "");
	return SRC_EDATA;
}

static int
get_time(struct mapctx *m, const char *const *paths, int64_t *t,
    int required, int *has)
{
	const char *first = paths[0];
	struct strv s;
	char shown[64];
	size_t n;

	*has = 0;
	for (; *paths != NULL; paths++) {
		if (!rv_get(m->v, *paths, &s))
			continue;
		if (time_parse(s.p, s.len, t) < 0) {
			n = s.len < 40 ? s.len : 40;
			memcpy(shown, s.p, n);
			shown[n] = '\0';
			return data_err(m, "unparseable time '%s' in '%s'",
			    shown, *paths);
		}
		*has = 1;
		return 0;
	}
	if (required)
		return data_err(m, "missing required field '%s'", first, NULL);
	return 0;
}

static int
get_count(struct mapctx *m, const char *const *paths, int64_t *v, int *has)
{
	struct strv s;
	char shown[40];
	size_t n;

	*has = 0;
	for (; *paths != NULL; paths++) {
		if (!rv_get(m->v, *paths, &s))
			continue;
		if (parse_count(s, v) < 0) {
			n = s.len < 30 ? s.len : 30;
			memcpy(shown, s.p, n);
			shown[n] = '\0';
			return data_err(m, "invalid count '%s' in '%s'", shown,
			    *paths);
		}
		*has = 1;
		return 0;
	}
	return 0;
}

/* Platform from a URL's host, or NULL. */
static const char *
platform_of_url(struct strv url)
{
	static const char *hosts[][2] = {
		{ "instagram.com", "instagram" }, { "tiktok.com", "tiktok" },
		{ "youtube.com", "youtube" }, { "youtu.be", "youtube" },
		{ "facebook.com", "facebook" }, { "twitter.com", "x" },
		{ "x.com", "x" }, { "threads.net", "threads" },
		{ "reddit.com", "reddit" }
	};
	const char *h, *e, *end;
	size_t i, n;

	if (url.p == NULL)
		return NULL;
	end = url.p + url.len;
	h = memmem(url.p, url.len, "://", 3);
	h = h != NULL ? h + 3 : url.p;
	for (e = h; e < end && *e != '/' && *e != '?' && *e != ':'; e++)
		;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		n = strlen(hosts[i][0]);
		if ((size_t)(e - h) >= n && memcmp(e - n, hosts[i][0], n) == 0 &&
		    (e - n == h || e[-(long)n - 1] == '.'))
			return hosts[i][1];
	}
	return NULL;
}

static struct strv
cstr(const char *s)
{
	struct strv r = { s, s ? strlen(s) : 0 };

	return r;
}

/* Gives a native id the "platform:" prefix unless it has one. */
static struct strv
qualify(struct mapctx *m, struct strv platform, struct strv id)
{
	if (id.p == NULL)
		return id;
	if (id.len > platform.len && id.p[platform.len] == ':' &&
	    memcmp(id.p, platform.p, platform.len) == 0)
		return id;
	return cat3(m->d, platform, SV(":"), id);
}

static void
join_post(struct mapctx *m, struct comment *c)
{
	struct post_info *p = &c->post;
	const struct post_info *q = NULL;
	struct strv code = p->shortcode;

	if (code.p == NULL)
		code = p->shortcode = shortcode_from_url(p->url);
	if (m->o->posts != NULL)
		q = postidx_find(m->o->posts, p->id, m->rounded, code);
	if (q != NULL) {
		p->id = q->id.p != NULL ? q->id : p->id;
		if (p->shortcode.p == NULL)
			p->shortcode = q->shortcode;
		if (p->url.p == NULL)
			p->url = q->url;
		if (p->caption.p == NULL)
			p->caption = q->caption;
		if (p->subject.p == NULL)
			p->subject = q->subject;
		if (!p->has_posted_at && q->has_posted_at) {
			p->posted_at = q->posted_at;
			p->has_posted_at = 1;
		}
		return;
	}
	if (m->o->posts != NULL || m->rounded)
		m->o->stats->unmatched++;
	if (m->rounded) {
		/* Never key anything on a rounded id. */
		m->o->stats->rounded++;
		p->id = SV_NULL;
	}
	if (p->id.p == NULL && p->shortcode.p != NULL && !m->rounded)
		p->id = p->shortcode;
}

/* Fills what every format shares, then hands the record on. */
static int
finish(struct mapctx *m, struct comment *c, struct strv native,
    const char *raw_prefix, const char *raw_skip, src_emit_fn emit,
    void *ctx)
{
	char hex[65], ts[21];
	struct strv parts[5];
	const char *pl = m->o->platform;

	struct strv where;

	if (c->platform.p == NULL) {
		if (pl == NULL)
			pl = platform_of_url(c->post.url);
		c->platform = cstr(pl != NULL ? pl : "unknown");
	}
	/* What the row itself says of its post, so hash ids stay the same
	 * with or without --posts. */
	where = shortcode_from_url(c->post.url);
	if (where.p == NULL)
		where = c->post.url.p != NULL ? c->post.url : c->post.id;
	join_post(m, c);
	if (native.p != NULL)
		c->id = qualify(m, c->platform, native);
	else {
		time_format(c->created_at, ts);
		parts[0] = c->platform;
		parts[1] = where;
		parts[2] = c->author;
		parts[3] = (struct strv){ ts, 20 };
		parts[4] = c->text;
		digest_parts_hex(parts, 5, hex, 16);
		c->id = cat3(m->d, c->platform, SV(":h:"), cstr(hex));
	}
	c->parent_id = qualify(m, c->platform, c->parent_id);
	if (c->context.p == NULL)
		c->context = c->parent_id.p != NULL ? SV("reply") :
		    SV("direct");
	if (m->o->pseudo_key != NULL && c->author.p != NULL) {
		digest_hmac_hex(m->o->pseudo_key, m->o->pseudo_keylen,
		    c->author.p, c->author.len, hex, 16);
		c->author = cat3(m->d, SV("anon-"), cstr(hex), SV(""));
	}
	if (c->id.p == NULL || c->platform.p == NULL ||
	    (c->parent_id.p == NULL && c->context.p == NULL))
		return SRC_ENOMEM;
	c->file = m->file;
	c->line = m->line;
	if (m->o->keep_raw) {
		buf_reset(m->raw);
		if (rv_to_json(m->v, m->raw, raw_prefix, raw_skip) < 0)
			return SRC_ENOMEM;
		c->raw.p = m->raw->data;
		c->raw.len = m->raw->len;
	}
	return emit(ctx, c);
}

static int
need_text(struct mapctx *m, const char *const *paths, struct strv *text)
{
	const char *first = paths[0];

	for (; *paths != NULL; paths++) {
		if (rv_get(m->v, *paths, text))
			return 0;
		if (rv_has(m->v, *paths)) {
			*text = SV("");
			return 0;
		}
	}
	return data_err(m, "missing required field '%s'", first, NULL);
}

static int
map_apify_comment(struct mapctx *m, src_emit_fn emit, void *ctx)
{
	static const char *const k_id[] = { "pk", "id", "strong_id__", NULL };
	static const char *const k_text[] = { "text", NULL };
	static const char *const k_time[] = { "created_at", "created_at_utc",
	    "timestamp", NULL };
	static const char *const k_likes[] = { "comment_like_count",
	    "like_count", "likesCount", NULL };
	static const char *const k_replies[] = { "child_comment_count",
	    "repliesCount", NULL };
	static const char *const k_author[] = { "user/username",
	    "ownerUsername", "owner/username", NULL };
	static const char *const k_parent[] = { "parent_comment_id",
	    "replied_to_comment_id", "parentCommentId", NULL };
	static const char *const k_media[] = { "media_id", "postId",
	    "post_id", NULL };
	static const char *const k_url[] = { "postUrl", "post_url",
	    "inputUrl", NULL };
	static const char *const k_code[] = { "shortCode", "shortcode", NULL };
	struct comment c = { 0 };
	struct strv native = SV_NULL;
	int rc, has;

	c.format = format_names[SF_APIFY_COMMENTS];
	rv_get_any(m->v, k_id, &native);
	if ((rc = need_text(m, k_text, &c.text)) != 0 ||
	    (rc = get_time(m, k_time, &c.created_at, 1, &has)) != 0 ||
	    (rc = get_count(m, k_likes, &c.likes, &c.has_likes)) != 0 ||
	    (rc = get_count(m, k_replies, &c.replies, &c.has_replies)) != 0)
		return rc;
	rv_get_any(m->v, k_author, &c.author);
	rv_get_any(m->v, k_parent, &c.parent_id);
	rv_get_any(m->v, k_media, &c.post.id);
	rv_get_any(m->v, k_url, &c.post.url);
	rv_get_any(m->v, k_code, &c.post.shortcode);
	if (m->o->platform == NULL)
		c.platform = SV("instagram");
	m->rounded = id_beyond_double(c.post.id);
	return finish(m, &c, native, NULL, NULL, emit, ctx);
}

int
src_post_info(enum src_format f, const struct rowview *v,
    struct jdoc *scratch, struct post_info *p)
{
	struct strv s, cap;
	const char *q, *end;
	int64_t t;

	(void)scratch;
	memset(p, 0, sizeof(*p));
	if (f == SF_APIFY_POSTS) {
		rv_get(v, "id", &p->id);
		rv_get(v, "shortCode", &p->shortcode);
		rv_get(v, "url", &p->url);
		rv_get(v, "caption", &p->caption);
		if (rv_get(v, "timestamp", &s) && time_parse(s.p, s.len, &t) == 0) {
			p->posted_at = t;
			p->has_posted_at = 1;
		}
		return 0;
	}
	if (f != SF_APIFY_METADATA)
		return -1;
	if (rv_get(v, "Post_Metadata/al:ios:url", &s) &&
	    (q = memmem(s.p, s.len, "id=", 3)) != NULL) {
		p->id.p = q + 3;
		p->id.len = s.len - (size_t)(q + 3 - s.p);
	}
	rv_get(v, "Post_Metadata/shortcode", &p->shortcode);
	if (!rv_get(v, "original_url", &p->url))
		rv_get(v, "Post_Metadata/al:android:url", &p->url);
	if (p->shortcode.p == NULL)
		p->shortcode = shortcode_from_url(p->url);
	/* og caption is 'Name on Instagram: "text"'; keep the text. */
	if (rv_get(v, "Post_Metadata/caption", &cap)) {
		end = cap.p + cap.len;
		q = memmem(cap.p, cap.len, " on Instagram: \"", 16);
		if (q != NULL && end[-1] == '"' && q + 16 < end) {
			p->caption.p = q + 16;
			p->caption.len = (size_t)(end - 1 - (q + 16));
		} else
			p->caption = cap;
	} else
		rv_get(v, "description", &p->caption);
	if (rv_get(v, "upload_date", &s) && time_parse(s.p, s.len, &t) == 0) {
		p->posted_at = t;
		p->has_posted_at = 1;
	}
	return 0;
}

/* One comment embedded in a posts export row, under prefix. */
static int
map_embedded(struct mapctx *m, const struct post_info *post,
    const char *prefix, struct strv parent, src_emit_fn emit, void *ctx)
{
	char k[7][96];
	const char *k_text[2], *k_time[2], *k_likes[2], *k_replies[2];
	const char *k_author[3];
	struct comment c = { 0 };
	struct strv native = SV_NULL;
	int rc, has;

	snprintf(k[0], sizeof(k[0]), "%sid", prefix);
	snprintf(k[1], sizeof(k[1]), "%stext", prefix);
	snprintf(k[2], sizeof(k[2]), "%stimestamp", prefix);
	snprintf(k[3], sizeof(k[3]), "%slikesCount", prefix);
	snprintf(k[4], sizeof(k[4]), "%srepliesCount", prefix);
	snprintf(k[5], sizeof(k[5]), "%sownerUsername", prefix);
	snprintf(k[6], sizeof(k[6]), "%sowner/username", prefix);
	k_text[0] = k[1], k_time[0] = k[2], k_likes[0] = k[3];
	k_replies[0] = k[4], k_author[0] = k[5], k_author[1] = k[6];
	k_text[1] = k_time[1] = k_likes[1] = k_replies[1] = k_author[2] = NULL;
	if (!rv_get(m->v, k[0], &native) && !rv_get(m->v, k[1], &c.text))
		return SRC_EMPTY;
	c.format = format_names[SF_APIFY_POSTS];
	c.post = *post;
	c.parent_id = parent;
	if ((rc = need_text(m, k_text, &c.text)) != 0 ||
	    (rc = get_time(m, k_time, &c.created_at, 1, &has)) != 0 ||
	    (rc = get_count(m, k_likes, &c.likes, &c.has_likes)) != 0 ||
	    (rc = get_count(m, k_replies, &c.replies, &c.has_replies)) != 0)
		return rc;
	rv_get_any(m->v, k_author, &c.author);
	if (m->o->platform == NULL)
		c.platform = SV("instagram");
	return finish(m, &c, native, prefix, "replies/", emit, ctx);
}

static int
map_apify_posts(struct mapctx *m, src_emit_fn emit, void *ctx)
{
	struct post_info post;
	struct strv parent;
	char prefix[64], key[96], rprefix[96];
	int i, j, rc;

	src_post_info(SF_APIFY_POSTS, m->v, m->d, &post);
	for (i = 0; i < 100000; i++) {
		snprintf(prefix, sizeof(prefix), "latestComments/%d/", i);
		snprintf(key, sizeof(key), "%sid", prefix);
		if (!rv_has(m->v, key)) {
			snprintf(key, sizeof(key), "%stext", prefix);
			if (!rv_has(m->v, key))
				break;
		}
		rc = map_embedded(m, &post, prefix, SV_NULL, emit, ctx);
		if (rc == SRC_EMPTY)
			continue;
		if (rc != 0)
			return rc;
		snprintf(key, sizeof(key), "%sid", prefix);
		if (!rv_get(m->v, key, &parent))
			parent = SV_NULL;
		for (j = 0; j < 100000; j++) {
			snprintf(rprefix, sizeof(rprefix), "%sreplies/%d/",
			    prefix, j);
			snprintf(key, sizeof(key), "%sid", rprefix);
			if (!rv_has(m->v, key)) {
				snprintf(key, sizeof(key), "%stext", rprefix);
				if (!rv_has(m->v, key))
					break;
			}
			rc = map_embedded(m, &post, rprefix, parent, emit, ctx);
			if (rc != 0 && rc != SRC_EMPTY)
				return rc;
		}
	}
	return 0;
}

static int
map_esuit(struct mapctx *m, src_emit_fn emit, void *ctx)
{
	static const char *const k_text[] = { "Comment", NULL };
	static const char *const k_time[] = { "Timestamp", NULL };
	static const char *const k_likes[] = { "Likes", NULL };
	struct comment c = { 0 };
	int rc, has;

	c.format = format_names[SF_ESUIT];
	if ((rc = need_text(m, k_text, &c.text)) != 0 ||
	    (rc = get_time(m, k_time, &c.created_at, 1, &has)) != 0 ||
	    (rc = get_count(m, k_likes, &c.likes, &c.has_likes)) != 0)
		return rc;
	rv_get(m->v, "Username", &c.author);
	rv_get(m->v, "Post URL", &c.post.url);
	rv_get(m->v, "Caption", &c.post.caption);
	rv_get(m->v, "Subject", &c.post.subject);
	return finish(m, &c, SV_NULL, NULL, NULL, emit, ctx);
}

static int
known_key(const struct jnode *n)
{
	static const char *known[] = { "id", "platform", "post", "post_id",
	    "post_url", "shortcode", "caption", "subject", "posted_at",
	    "author", "text", "created_at", "likes", "replies", "parent_id",
	    "context", "source", NULL };
	size_t i;

	for (i = 0; known[i] != NULL; i++)
		if (strlen(known[i]) == n->klen &&
		    memcmp(known[i], n->key, n->klen) == 0)
			return 1;
	return 0;
}

/* Unknown members of a --map result, serialized for pass-through. */
static int
extra_members(struct mapctx *m, struct comment *c)
{
	const struct jnode *n;
	size_t start = m->raw->len;

	for (n = m->v->obj->child; n != NULL; n = n->next) {
		if (known_key(n))
			continue;
		if (buf_addc(m->raw, ',') < 0 ||
		    json_add_str(m->raw, n->key, n->klen) < 0 ||
		    buf_addc(m->raw, ':') < 0 || json_dump(m->raw, n) < 0)
			return SRC_ENOMEM;
	}
	if (m->raw->len > start) {
		c->extra.p = json_doc_strdup(m->d, m->raw->data + start,
		    m->raw->len - start);
		c->extra.len = m->raw->len - start;
		if (c->extra.p == NULL)
			return SRC_ENOMEM;
	}
	buf_truncate(m->raw, start);
	return 0;
}

static int
map_generic(struct mapctx *m, src_emit_fn emit, void *ctx)
{
	static const char *const k_text[] = { "text", NULL };
	static const char *const k_time[] = { "created_at", NULL };
	static const char *const k_ptime[] = { "post/posted_at", "posted_at",
	    NULL };
	static const char *const k_likes[] = { "likes", NULL };
	static const char *const k_replies[] = { "replies", NULL };
	static const char *const k_pid[] = { "post/id", "post_id", NULL };
	static const char *const k_purl[] = { "post/url", "post_url", NULL };
	static const char *const k_code[] = { "post/shortcode", "shortcode",
	    NULL };
	static const char *const k_cap[] = { "post/caption", "caption", NULL };
	static const char *const k_subj[] = { "post/subject", "subject", NULL };
	struct comment c = { 0 };
	struct strv native = SV_NULL, ctxv;
	int rc, has;

	c.format = format_names[SF_MAP];
	rv_get(m->v, "id", &native);
	if ((rc = need_text(m, k_text, &c.text)) != 0 ||
	    (rc = get_time(m, k_time, &c.created_at, 1, &has)) != 0 ||
	    (rc = get_time(m, k_ptime, &c.post.posted_at, 0,
	    &c.post.has_posted_at)) != 0 ||
	    (rc = get_count(m, k_likes, &c.likes, &c.has_likes)) != 0 ||
	    (rc = get_count(m, k_replies, &c.replies, &c.has_replies)) != 0)
		return rc;
	rv_get(m->v, "platform", &c.platform);
	rv_get(m->v, "author", &c.author);
	rv_get(m->v, "parent_id", &c.parent_id);
	rv_get_any(m->v, k_pid, &c.post.id);
	rv_get_any(m->v, k_purl, &c.post.url);
	rv_get_any(m->v, k_code, &c.post.shortcode);
	rv_get_any(m->v, k_cap, &c.post.caption);
	rv_get_any(m->v, k_subj, &c.post.subject);
	if (rv_get(m->v, "context", &ctxv)) {
		if (!(ctxv.len == 6 && memcmp(ctxv.p, "direct", 6) == 0) &&
		    !(ctxv.len == 5 && memcmp(ctxv.p, "reply", 5) == 0) &&
		    !(ctxv.len == 6 && memcmp(ctxv.p, "thread", 6) == 0))
			return data_err(m, "'context' must be direct, reply "
			    "or thread", NULL, NULL);
		c.context = ctxv;
	}
	if ((rc = extra_members(m, &c)) != 0)
		return rc;
	return finish(m, &c, native, NULL, NULL, emit, ctx);
}

int
src_map(enum src_format f, const struct rowview *v, const struct src_opts *o,
    struct jdoc *scratch, struct buf *rawbuf, const char *file, long line,
    src_emit_fn emit, void *ctx, char *msg, size_t msglen)
{
	struct mapctx m = { v, o, scratch, rawbuf, file, line, msg, msglen, 0 };

	switch (f) {
	case SF_APIFY_COMMENTS:
		return map_apify_comment(&m, emit, ctx);
	case SF_APIFY_POSTS:
		return map_apify_posts(&m, emit, ctx);
	case SF_APIFY_METADATA:
		o->stats->metadata_rows++;
		return 0;
	case SF_ESUIT:
		return map_esuit(&m, emit, ctx);
	case SF_MAP:
		return map_generic(&m, emit, ctx);
	default:
		snprintf(msg, msglen, "cannot detect the input format; "
		    "use -f or --map");
		return SRC_EDATA;
	}
}
