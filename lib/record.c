#include <stdio.h>
#include <string.h>

#include "record.h"
#include "timeparse.h"

static int
add_sv(struct buf *b, struct strv s)
{
	return s.p == NULL ? buf_add(b, "null", 4) :
	    json_add_str(b, s.p, s.len);
}

static int
add_time(struct buf *b, int has, int64_t t)
{
	char ts[21];

	if (!has)
		return buf_add(b, "null", 4);
	time_format(t, ts);
	ts[20] = '"';
	return buf_addc(b, '"') < 0 ? -1 : buf_add(b, ts, 21);
}

static int
add_int(struct buf *b, int has, int64_t v)
{
	return has ? buf_addi(b, v) : buf_add(b, "null", 4);
}

/* Appends in order; the writers' results are checked one by one. */
#define PUT(x)	do { if ((x) < 0) return -1; } while (0)
#define KEY(b, k)	PUT(buf_add((b), (k), sizeof(k) - 1))

int
record_write(struct buf *b, const struct comment *c)
{
	const struct post_info *p = &c->post;

	KEY(b, "{\"id\":");
	PUT(add_sv(b, c->id));
	KEY(b, ",\"platform\":");
	PUT(add_sv(b, c->platform));
	KEY(b, ",\"post\":{\"id\":");
	PUT(add_sv(b, p->id));
	KEY(b, ",\"shortcode\":");
	PUT(add_sv(b, p->shortcode));
	KEY(b, ",\"url\":");
	PUT(add_sv(b, p->url));
	KEY(b, ",\"caption\":");
	PUT(add_sv(b, p->caption));
	KEY(b, ",\"subject\":");
	PUT(add_sv(b, p->subject));
	KEY(b, ",\"posted_at\":");
	PUT(add_time(b, p->has_posted_at, p->posted_at));
	KEY(b, "},\"author\":");
	PUT(add_sv(b, c->author));
	KEY(b, ",\"text\":");
	PUT(add_sv(b, c->text));
	KEY(b, ",\"created_at\":");
	PUT(add_time(b, 1, c->created_at));
	KEY(b, ",\"likes\":");
	PUT(add_int(b, c->has_likes, c->likes));
	KEY(b, ",\"replies\":");
	PUT(add_int(b, c->has_replies, c->replies));
	KEY(b, ",\"parent_id\":");
	PUT(add_sv(b, c->parent_id));
	KEY(b, ",\"context\":");
	PUT(add_sv(b, c->context));
	KEY(b, ",\"source\":{\"format\":");
	PUT(json_add_str(b, c->format, strlen(c->format)));
	KEY(b, ",\"file\":");
	PUT(json_add_str(b, c->file, strlen(c->file)));
	KEY(b, ",\"line\":");
	PUT(add_int(b, c->line > 0, c->line));
	PUT(buf_addc(b, '}'));
	if (c->raw.p != NULL) {
		KEY(b, ",\"raw\":");
		PUT(buf_add(b, c->raw.p, c->raw.len));
	}
	if (c->extra.p != NULL)
		PUT(buf_add(b, c->extra.p, c->extra.len));
	KEY(b, "}\n");
	return 0;
}

static int
is_canonical_time(const struct jnode *n, int64_t *t)
{
	char ts[21];

	if (n == NULL || n->kind != J_STR || n->len != 20 ||
	    time_parse(n->s, n->len, t) < 0)
		return 0;
	time_format(*t, ts);
	return memcmp(ts, n->s, 20) == 0;
}

static int
is_count(const struct jnode *n)
{
	size_t i;

	if (n == NULL || n->kind == J_NULL)
		return 1;
	if (n->kind != J_NUM || n->len == 0 || n->len > 18)
		return 0;
	for (i = 0; i < n->len; i++)
		if (n->s[i] < '0' || n->s[i] > '9')
			return 0;
	return 1;
}

static int
str_or_null(const struct jnode *n)
{
	return n == NULL || n->kind == J_NULL || n->kind == J_STR;
}

static const char *
check_post(const struct jnode *post)
{
	static const char *keys[] = { "id", "shortcode", "url", "caption",
	    "subject" };
	const struct jnode *n;
	int64_t t;
	size_t i;

	if (post == NULL || post->kind == J_NULL)
		return NULL;
	if (post->kind != J_OBJ)
		return "'post' is not an object";
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!str_or_null(json_get(post, keys[i], strlen(keys[i]))))
			return "a 'post' field is not a string or null";
	n = json_get(post, "posted_at", 9);
	if (n != NULL && n->kind != J_NULL && !is_canonical_time(n, &t))
		return "'post.posted_at' is not an RFC 3339 UTC time";
	return NULL;
}

int
record_check(const struct jnode *obj, int64_t *created_at, char *msg,
    size_t msglen)
{
	const struct jnode *n;
	const char *why = NULL;

	if (obj == NULL || obj->kind != J_OBJ)
		why = "record is not a JSON object";
	else if ((n = json_get(obj, "id", 2)) == NULL || n->kind != J_STR ||
	    n->len == 0)
		why = "missing or empty string field 'id'";
	else if ((n = json_get(obj, "text", 4)) == NULL || n->kind != J_STR)
		why = "missing string field 'text'";
	else if (!is_canonical_time(json_get(obj, "created_at", 10),
	    created_at))
		why = "'created_at' is not an RFC 3339 UTC time "
		    "(YYYY-MM-DDTHH:MM:SSZ)";
	else if ((n = json_get(obj, "platform", 8)) == NULL ||
	    n->kind != J_STR || n->len == 0)
		why = "missing or empty string field 'platform'";
	else if (!str_or_null(json_get(obj, "author", 6)) ||
	    !str_or_null(json_get(obj, "parent_id", 9)))
		why = "'author' or 'parent_id' is not a string or null";
	else if (!is_count(json_get(obj, "likes", 5)) ||
	    !is_count(json_get(obj, "replies", 7)))
		why = "'likes' or 'replies' is not a non-negative integer";
	else if ((n = json_get(obj, "context", 7)) != NULL &&
	    n->kind != J_NULL && (n->kind != J_STR ||
	    !((n->len == 6 && memcmp(n->s, "direct", 6) == 0) ||
	    (n->len == 5 && memcmp(n->s, "reply", 5) == 0) ||
	    (n->len == 6 && memcmp(n->s, "thread", 6) == 0))))
		why = "'context' is not direct, reply or thread";
	else
		why = check_post(json_get(obj, "post", 4));
	if (why == NULL)
		return 0;
	snprintf(msg, msglen, "%s", why);
	return -1;
}
