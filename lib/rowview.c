#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "rowview.h"
#include "xalloc.h"

struct rv_header {
	char	**names;
	size_t	 *lens;
	size_t	  n;
	long	 *slots;	/* open addressing: column index or -1 */
	size_t	  nslots;
};

struct rv_header *
rv_header_new(const struct csv_field *f, size_t n)
{
	struct rv_header *h = xcalloc(1, sizeof(*h));
	size_t i, j;

	if (h == NULL)
		return NULL;
	h->n = n;
	h->names = xcalloc(n, sizeof(*h->names));
	h->lens = xcalloc(n, sizeof(*h->lens));
	for (h->nslots = 16; h->nslots < n * 2; h->nslots *= 2)
		;
	h->slots = xmalloc(h->nslots * sizeof(*h->slots));
	if (h->names == NULL || h->lens == NULL || h->slots == NULL)
		goto fail;
	for (i = 0; i < h->nslots; i++)
		h->slots[i] = -1;
	for (i = 0; i < n; i++) {
		if ((h->names[i] = xstrndup(f[i].p, f[i].len)) == NULL)
			goto fail;
		h->lens[i] = f[i].len;
		if (rv_header_find(h, f[i].p, f[i].len) >= 0)
			continue;	/* duplicate column: first wins */
		j = idset_hash(f[i].p, f[i].len) & (h->nslots - 1);
		while (h->slots[j] >= 0)
			j = (j + 1) & (h->nslots - 1);
		h->slots[j] = (long)i;
	}
	return h;
fail:
	rv_header_free(h);
	return NULL;
}

void
rv_header_free(struct rv_header *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; h->names != NULL && i < h->n; i++)
		free(h->names[i]);
	free(h->names);
	free(h->lens);
	free(h->slots);
	free(h);
}

size_t
rv_header_count(const struct rv_header *h)
{
	return h->n;
}

long
rv_header_find(const struct rv_header *h, const char *name, size_t len)
{
	size_t j = idset_hash(name, len) & (h->nslots - 1);
	long i;

	while ((i = h->slots[j]) >= 0) {
		if (h->lens[i] == len && memcmp(h->names[i], name, len) == 0)
			return i;
		j = (j + 1) & (h->nslots - 1);
	}
	return -1;
}

int
rv_header_has_prefix(const struct rv_header *h, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < h->n; i++)
		if (h->lens[i] >= n && memcmp(h->names[i], prefix, n) == 0)
			return 1;
	return 0;
}

int
rv_get(const struct rowview *v, const char *path, struct strv *out)
{
	const struct jnode *n;
	long i;

	if (v->obj == NULL) {
		i = rv_header_find(v->hdr, path, strlen(path));
		if (i < 0 || v->f[i].len == 0)
			return 0;
		out->p = v->f[i].p;
		out->len = v->f[i].len;
		return 1;
	}
	n = json_path(v->obj, path);
	if (n == NULL || (n->kind != J_STR && n->kind != J_NUM) ||
	    n->len == 0)
		return 0;
	out->p = n->s;
	out->len = n->len;
	return 1;
}

int
rv_has(const struct rowview *v, const char *path)
{
	if (v->obj == NULL)
		return rv_header_find(v->hdr, path, strlen(path)) >= 0;
	return json_path(v->obj, path) != NULL;
}

int
rv_get_any(const struct rowview *v, const char *const *paths,
    struct strv *out)
{
	for (; *paths != NULL; paths++)
		if (rv_get(v, *paths, out))
			return 1;
	return 0;
}

static int
csv_to_json(const struct rowview *v, struct buf *b, const char *prefix,
    const char *skip)
{
	const struct rv_header *h = v->hdr;
	size_t i, pl = prefix ? strlen(prefix) : 0, sl = skip ? strlen(skip) : 0;
	int first = 1;

	if (buf_addc(b, '{') < 0)
		return -1;
	for (i = 0; i < h->n; i++) {
		if (pl && (h->lens[i] < pl ||
		    memcmp(h->names[i], prefix, pl) != 0))
			continue;
		if (sl && h->lens[i] >= pl + sl &&
		    memcmp(h->names[i] + pl, skip, sl) == 0)
			continue;
		if ((!first && buf_addc(b, ',') < 0) ||
		    json_add_str(b, h->names[i] + pl, h->lens[i] - pl) < 0 ||
		    buf_addc(b, ':') < 0 ||
		    json_add_str(b, v->f[i].p, v->f[i].len) < 0)
			return -1;
		first = 0;
	}
	return buf_addc(b, '}');
}

int
rv_to_json(const struct rowview *v, struct buf *b, const char *prefix,
    const char *skip)
{
	const struct jnode *n = v->obj;
	char path[256];
	size_t len;

	if (v->obj == NULL)
		return csv_to_json(v, b, prefix, skip);
	if (prefix != NULL) {
		len = strlen(prefix);
		if (len == 0 || len >= sizeof(path))
			return -1;
		memcpy(path, prefix, len - 1);	/* drop the trailing '/' */
		path[len - 1] = '\0';
		n = json_path(v->obj, path);
		if (n == NULL)
			return buf_add(b, "null", 4);
	}
	return json_dump(b, n);
}
