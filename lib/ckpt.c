#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ckpt.h"
#include "digest.h"
#include "http.h"
#include "input.h"
#include "json.h"
#include "xalloc.h"

#ifndef ET_VERSION
#define ET_VERSION "0.1.0"
#endif

#define CKPT_MAX_TEXT	((size_t)1 << 36)

struct ckpt_file {
	char		*path;
	int64_t		 size;		/* -1: not a regular file */
	int64_t		 sec, nsec;
};

struct ckpt *
ckpt_new(const char *path, const char *prog, int argc, char *const *argv)
{
	struct ckpt *c = xcalloc(1, sizeof(*c));
	struct strv *parts;
	int i;

	if (c == NULL)
		return NULL;
	c->prog = prog;
	c->version = ET_VERSION;
	c->every = 100000;
	if ((c->path = xstrndup(path, strlen(path))) == NULL)
		goto fail;
	parts = xcalloc(argc > 1 ? (size_t)argc : 1, sizeof(*parts));
	if (parts == NULL)
		goto fail;
	for (i = 1; i < argc; i++) {
		parts[i - 1].p = argv[i];
		parts[i - 1].len = strlen(argv[i]);
	}
	digest_parts_hex(parts, argc > 1 ? (size_t)argc - 1 : 0, c->args, 64);
	free(parts);
	return c;
fail:
	ckpt_free(c);
	return NULL;
}

void
ckpt_free(struct ckpt *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i].path);
	free(c->files);
	free(c->path);
	free(c);
}

int
ckpt_add_file(struct ckpt *c, const char *path)
{
	struct ckpt_file *f;
	struct stat st;
	char shown[2048];

	if (http_is_url(path)) {	/* no secrets in the checkpoint */
		http_redact(path, shown, sizeof(shown));
		path = shown;
	}
	f = xrealloc(c->files, (c->nfiles + 1) * sizeof(*f));
	if (f == NULL)
		return -1;
	c->files = f;
	f += c->nfiles;
	memset(f, 0, sizeof(*f));
	if ((f->path = xstrndup(path, strlen(path))) == NULL)
		return -1;
	f->size = -1;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		f->size = (int64_t)st.st_size;
		f->sec = (int64_t)st.st_mtim.tv_sec;
		f->nsec = (int64_t)st.st_mtim.tv_nsec;
	}
	c->nfiles++;
	return 0;
}

int
ckpt_add_var(struct ckpt *c, const char *name, void *v, size_t size)
{
	if (c->nvars == CKPT_MAX_VARS || (size != 1 && size != 2 &&
	    size != 4 && size != 8))
		return -1;
	c->vars[c->nvars].name = name;
	c->vars[c->nvars].v = v;
	c->vars[c->nvars].size = size;
	c->nvars++;
	return 0;
}

static uint64_t
var_get(const struct ckpt *c, size_t i)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (c->vars[i].size) {
	case 1:
		memcpy(&u8, c->vars[i].v, 1);
		return u8;
	case 2:
		memcpy(&u16, c->vars[i].v, 2);
		return u16;
	case 4:
		memcpy(&u32, c->vars[i].v, 4);
		return u32;
	default:
		memcpy(&u64, c->vars[i].v, 8);
		return u64;
	}
}

/* Stores v in counter i; -1 when it does not fit. */
static int
var_set(const struct ckpt *c, size_t i, uint64_t v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	switch (c->vars[i].size) {
	case 1:
		if (v > UINT8_MAX)
			return -1;
		memcpy(c->vars[i].v, &u8, 1);
		break;
	case 2:
		if (v > UINT16_MAX)
			return -1;
		memcpy(c->vars[i].v, &u16, 2);
		break;
	case 4:
		if (v > UINT32_MAX)
			return -1;
		memcpy(c->vars[i].v, &u32, 4);
		break;
	default:
		memcpy(c->vars[i].v, &v, 8);
	}
	return 0;
}

int
ckpt_header(struct ckpt *c, int done, size_t nstate, struct buf *b)
{
	const struct ckpt_pos *p = &c->pos;
	size_t i;

	if (buf_addlit(b, "{\"et_checkpoint\":1,\"prog\":") < 0 ||
	    json_add_str(b, c->prog, strlen(c->prog)) < 0 ||
	    buf_addlit(b, ",\"version\":") < 0 ||
	    json_add_str(b, c->version, strlen(c->version)) < 0 ||
	    buf_printf(b, ",\"args\":\"%s\",\"files\":[", c->args) < 0)
		return -1;
	for (i = 0; i < c->nfiles; i++)
		if ((i > 0 && buf_addc(b, ',') < 0) || buf_addc(b, '[') < 0 ||
		    json_add_str(b, c->files[i].path,
		    strlen(c->files[i].path)) < 0 ||
		    buf_printf(b, ",%lld,%lld,%lld]",
		    (long long)c->files[i].size, (long long)c->files[i].sec,
		    (long long)c->files[i].nsec) < 0)
			return -1;
	if (buf_printf(b, "],\"pos\":[%llu,%llu,%llu,%llu,%llu],\"vars\":{",
	    (unsigned long long)p->file, (unsigned long long)p->offset,
	    (unsigned long long)p->line, (unsigned long long)p->rows,
	    (unsigned long long)p->total) < 0)
		return -1;
	for (i = 0; i < c->nvars; i++)
		if (buf_printf(b, "%s\"%s\":%llu", i > 0 ? "," : "",
		    c->vars[i].name, (unsigned long long)var_get(c, i)) < 0)
			return -1;
	if (buf_addlit(b, "},\"outputs\":[") < 0)
		return -1;
	for (i = 0; i < c->nouts; i++)
		if (buf_printf(b, "%s[%llu,%llu]", i > 0 ? "," : "",
		    (unsigned long long)c->outs[i].len,
		    (unsigned long long)c->outs[i].tail) < 0)
			return -1;
	return buf_printf(b, "],\"done\":%s,\"state\":%zu}\n",
	    done ? "true" : "false", nstate);
}

static size_t
count_lines(const char *p, size_t n)
{
	size_t k = 0;
	const char *e = p + n;

	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

int
ckpt_commit(struct ckpt *c, int done, ckpt_save_fn fn, void *ctx)
{
	struct buf head, state;
	struct output *o;
	int rc = -1, saved, mismatch;

	buf_init(&head, 0);
	buf_init(&state, 0);
	if (!done && fn != NULL && fn(ctx, &state) < 0) {
		errno = ENOMEM;
		goto out;
	}
	if (state.len > 0 && state.data[state.len - 1] != '\n' &&
	    buf_addc(&state, '\n') < 0) {
		errno = ENOMEM;
		goto out;
	}
	if (ckpt_header(c, done, count_lines(state.data, state.len),
	    &head) < 0) {
		errno = ENOMEM;
		goto out;
	}
	/* written as PATH.part and renamed: a fixed name, so that a run
	 * killed while writing it leaves nothing the next commit does not
	 * replace */
	if ((o = out_open_part(c->path, 0, NULL, &mismatch)) == NULL) {
		if (mismatch == 2)
			errno = EBUSY;
		goto out;
	}
	if (out_set_zstd(o) < 0 || out_write(o, head.data, head.len) < 0 ||
	    out_write(o, state.data, state.len) < 0) {
		saved = errno;
		out_abort(o);
		errno = saved;
		goto out;
	}
	rc = out_close(o);
out:
	saved = errno;
	buf_free(&head);
	buf_free(&state);
	errno = saved;
	return rc;
}

int
ckpt_remove(struct ckpt *c)
{
	if (unlink(c->path) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* Copies a number's text into tmp (NUL-terminated); -1 when n is none. */
static int
num_text(const struct jnode *n, char *tmp, size_t size)
{
	if (n == NULL || n->kind != J_NUM || n->len == 0 || n->len >= size)
		return -1;
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	errno = 0;
	return 0;
}

/* A non-negative integer member; -1 when absent or not one. */
static int
get_u64(const struct jnode *n, uint64_t *v)
{
	char tmp[24], *end;
	unsigned long long x;

	if (num_text(n, tmp, sizeof(tmp)) < 0 || tmp[0] == '-')
		return -1;
	x = strtoull(tmp, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	*v = x;
	return 0;
}

static int
get_i64(const struct jnode *n, int64_t *v)
{
	char tmp[24], *end;
	long long x;

	if (num_text(n, tmp, sizeof(tmp)) < 0)
		return -1;
	x = strtoll(tmp, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	*v = x;
	return 0;
}

#define BAD(...)	do { \
		snprintf(msg, msglen, __VA_ARGS__); \
		return CKPT_EBAD; \
	} while (0)

/* Checks the files: the same list, each unchanged. */
static int
check_files(struct ckpt *c, const struct jnode *files, char *msg,
    size_t msglen)
{
	const struct jnode *f, *e[4];
	int64_t size, sec, nsec;
	size_t i, k;

	if (files == NULL || files->kind != J_ARR)
		BAD("checkpoint '%s' is corrupt: no file list", c->path);
	if (files->n != c->nfiles)
		BAD("checkpoint '%s' was written for another command line",
		    c->path);
	for (f = files->child, i = 0; f != NULL; f = f->next, i++) {
		if (f->kind != J_ARR || f->n != 4)
			BAD("checkpoint '%s' is corrupt: bad file entry",
			    c->path);
		for (e[0] = f->child, k = 1; k < 4; k++)
			e[k] = e[k - 1]->next;
		if (e[0]->kind != J_STR || get_i64(e[1], &size) < 0 ||
		    get_i64(e[2], &sec) < 0 || get_i64(e[3], &nsec) < 0)
			BAD("checkpoint '%s' is corrupt: bad file entry",
			    c->path);
		if (!json_str_is(e[0], c->files[i].path))
			BAD("checkpoint '%s' was written for another command "
			    "line", c->path);
		if (size != c->files[i].size || sec != c->files[i].sec ||
		    nsec != c->files[i].nsec)
			BAD("input '%s' has changed since checkpoint '%s' was "
			    "written", c->files[i].path, c->path);
	}
	return 0;
}

static int
read_pos(struct ckpt *c, const struct jnode *pos, char *msg, size_t msglen)
{
	uint64_t v[5] = { 0 };
	const struct jnode *n;
	size_t i;

	if (pos == NULL || pos->kind != J_ARR || pos->n != 5)
		BAD("checkpoint '%s' is corrupt: bad position", c->path);
	for (n = pos->child, i = 0; n != NULL; n = n->next, i++)
		if (get_u64(n, &v[i]) < 0)
			BAD("checkpoint '%s' is corrupt: bad position",
			    c->path);
	if (v[0] >= c->nfiles || v[3] > v[4] || v[1] > INT64_MAX ||
	    v[2] > INT64_MAX / 2)
		BAD("checkpoint '%s' is corrupt: bad position", c->path);
	c->pos.file = v[0];
	c->pos.offset = v[1];
	c->pos.line = v[2];
	c->pos.rows = v[3];
	c->pos.total = v[4];
	return 0;
}

static int
read_vars(struct ckpt *c, const struct jnode *vars, char *msg,
    size_t msglen)
{
	const struct jnode *n;
	uint64_t v;
	size_t i;

	if (vars == NULL || vars->kind != J_OBJ || vars->n != c->nvars)
		BAD("checkpoint '%s' is corrupt: bad counters", c->path);
	for (i = 0; i < c->nvars; i++) {
		n = json_get(vars, c->vars[i].name, strlen(c->vars[i].name));
		if (get_u64(n, &v) < 0 || var_set(c, i, v) < 0)
			BAD("checkpoint '%s' is corrupt: bad counter '%s'",
			    c->path, c->vars[i].name);
	}
	return 0;
}

static int
read_outputs(struct ckpt *c, const struct jnode *outs, char *msg,
    size_t msglen)
{
	const struct jnode *o;
	size_t i;

	if (outs == NULL || outs->kind != J_ARR || outs->n != c->nouts)
		BAD("checkpoint '%s' is corrupt: bad outputs", c->path);
	for (o = outs->child, i = 0; o != NULL; o = o->next, i++)
		if (o->kind != J_ARR || o->n != 2 ||
		    get_u64(o->child, &c->outs[i].len) < 0 ||
		    get_u64(o->child->next, &c->outs[i].tail) < 0 ||
		    c->outs[i].len > INT64_MAX)
			BAD("checkpoint '%s' is corrupt: bad outputs",
			    c->path);
	return 0;
}

/* Checks and applies the header; 1 to resume, 0 for a finished run. */
static int
read_header(struct ckpt *c, const struct jnode *h, uint64_t *nstate,
    char *msg, size_t msglen)
{
	const struct jnode *n;
	int rc;

	n = h->kind == J_OBJ ? json_get(h, "et_checkpoint", 13) : NULL;
	if (n == NULL || n->kind != J_NUM || n->len != 1 || n->s[0] != '1' ||
	    (n = json_get(h, "prog", 4)) == NULL || n->kind != J_STR)
		BAD("'%s' is not an et checkpoint", c->path);
	if (!json_str_is(n, c->prog))
		BAD("checkpoint '%s' was written by %.*s, not %s", c->path,
		    (int)(n->len > 64 ? 64 : n->len), n->s, c->prog);
	if (!json_str_is(json_get(h, "version", 7), c->version))
		BAD("checkpoint '%s' was written by another version of et",
		    c->path);
	if (!json_str_is(json_get(h, "args", 4), c->args))
		BAD("checkpoint '%s' was written for another command line",
		    c->path);
	if ((rc = check_files(c, json_get(h, "files", 5), msg, msglen)) < 0)
		return rc;
	n = json_get(h, "done", 4);
	if (n == NULL || (n->kind != J_TRUE && n->kind != J_FALSE))
		BAD("checkpoint '%s' is corrupt: no done flag", c->path);
	if (n->kind == J_TRUE)
		return 0;
	if ((rc = read_pos(c, json_get(h, "pos", 3), msg, msglen)) < 0 ||
	    (rc = read_vars(c, json_get(h, "vars", 4), msg, msglen)) < 0 ||
	    (rc = read_outputs(c, json_get(h, "outputs", 7), msg,
	    msglen)) < 0)
		return rc;
	if (get_u64(json_get(h, "state", 5), nstate) < 0)
		BAD("checkpoint '%s' is corrupt: bad state count", c->path);
	return 1;
}

int
ckpt_parse(struct ckpt *c, const char *text, size_t len, ckpt_load_fn fn,
    void *ctx, char *msg, size_t msglen)
{
	struct jdoc d;
	struct jerr e;
	const char *nl, *p, *end = text + len;
	uint64_t nstate = 0, k;
	char sub[160];
	int rc;

	nl = memchr(text, '\n', len);
	if (nl == NULL)
		BAD("checkpoint '%s' is corrupt: no header", c->path);
	json_doc_init(&d, (size_t)1 << 24);
	rc = json_parse(&d, text, (size_t)(nl - text), &e);
	if (rc == JSON_ENOMEM) {
		json_doc_free(&d);
		return CKPT_ENOMEM;
	}
	if (rc != JSON_OK) {
		json_doc_free(&d);
		BAD("'%s' is not an et checkpoint", c->path);
	}
	rc = read_header(c, d.root, &nstate, msg, msglen);
	json_doc_free(&d);
	if (rc <= 0)
		return rc;
	p = nl + 1;
	if (count_lines(p, (size_t)(end - p)) != nstate ||
	    (end > p && end[-1] != '\n'))
		BAD("checkpoint '%s' is corrupt: state is truncated", c->path);
	for (k = 0; k < nstate; k++, p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		rc = fn != NULL ? fn(ctx, p, (size_t)(nl - p), k == 0, sub,
		    sizeof(sub)) : 0;
		if (rc == -2)
			return CKPT_ENOMEM;
		if (rc < 0)
			BAD("checkpoint '%s' is corrupt: state line %llu: %s",
			    c->path, (unsigned long long)k + 2, sub);
	}
	return CKPT_RESUME;
}

int
ckpt_load(struct ckpt *c, ckpt_load_fn fn, void *ctx, char *msg,
    size_t msglen)
{
	struct input *in;
	struct buf text, line;
	int rc;

	if ((in = in_open(c->path)) == NULL) {
		if (errno == ENOENT)
			return CKPT_NONE;
		if (errno == ENOMEM)
			return CKPT_ENOMEM;
		snprintf(msg, msglen, "cannot open checkpoint '%s': %s",
		    c->path, strerror(errno));
		return CKPT_ESYS;
	}
	buf_init(&text, CKPT_MAX_TEXT);
	buf_init(&line, CKPT_MAX_TEXT);
	if (!in_is_zstd(in)) {
		snprintf(msg, msglen, "'%s' is not an et checkpoint", c->path);
		rc = CKPT_EBAD;
		goto out;
	}
	while ((rc = in_getline(in, &line)) == 1)
		if (buf_add(&text, line.data, line.len) < 0) {
			rc = CKPT_ENOMEM;
			goto out;
		}
	if (rc < 0) {
		if (strncmp(in_error(in), "truncated", 9) == 0 ||
		    strncmp(in_error(in), "corrupt", 7) == 0) {
			snprintf(msg, msglen, "checkpoint '%s' is corrupt: %s",
			    c->path, in_error(in));
			rc = CKPT_EBAD;
		} else if (strcmp(in_error(in), strerror(ENOMEM)) == 0)
			rc = CKPT_ENOMEM;
		else {
			snprintf(msg, msglen, "cannot read checkpoint '%s': %s",
			    c->path, in_error(in));
			rc = CKPT_ESYS;
		}
		goto out;
	}
	rc = ckpt_parse(c, text.data, text.len, fn, ctx, msg, msglen);
out:
	buf_free(&line);
	buf_free(&text);
	in_close(in);
	return rc;
}
