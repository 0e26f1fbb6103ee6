#include <jq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jqmap.h"
#include "xalloc.h"

struct jqmap {
	jq_state	*jq;
	char		 err[512];
};

static void
on_error(void *ctx, jv msg)
{
	struct jqmap *m = ctx;
	size_t n = strlen(m->err);
	jv s = jq_format_error(msg);

	if (jv_get_kind(s) == JV_KIND_STRING && n < sizeof(m->err) - 1)
		snprintf(m->err + n, sizeof(m->err) - n, "%s%s",
		    n ? "; " : "", jv_string_value(s));
	jv_free(s);
}

/* Folds a multi-line message onto one line. */
static void
one_line(char *s)
{
	char *d = s, *start = s;
	int space = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t' || *s == ' ') {
			space = 1;
			continue;
		}
		if (space && d > start)
			*d++ = ' ';
		space = 0;
		*d++ = *s;
	}
	*d = '\0';
}

struct jqmap *
jqmap_new(const char *program, char *err, size_t errlen)
{
	struct jqmap *m = xcalloc(1, sizeof(*m));

	if (m == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->jq = jq_init();
	if (m->jq == NULL) {
		free(m);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	jq_set_error_cb(m->jq, on_error, m);
	if (!jq_compile(m->jq, program)) {
		snprintf(err, errlen, "%s", m->err[0] ? m->err :
		    "cannot compile the jq program");
		one_line(err);
		jqmap_free(m);
		return NULL;
	}
	m->err[0] = '\0';
	return m;
}

void
jqmap_free(struct jqmap *m)
{
	if (m == NULL)
		return;
	jq_teardown(&m->jq);
	free(m);
}

static void
error_text(jv v, char *msg, size_t msglen)
{
	jv e = jv_invalid_get_msg(v);

	if (jv_get_kind(e) == JV_KIND_STRING)
		snprintf(msg, msglen, "jq: %s", jv_string_value(e));
	else {
		e = jv_dump_string(e, 0);
		snprintf(msg, msglen, "jq: error %s", jv_string_value(e));
	}
	jv_free(e);
}

int
jqmap_run(struct jqmap *m, const char *json, size_t len, jqmap_fn fn,
    void *ctx, char *msg, size_t msglen)
{
	jv in = jv_parse_sized(json, (int)len), out, s;
	int rc = 0;

	if (!jv_is_valid(in)) {
		error_text(in, msg, msglen);
		return -1;
	}
	jq_start(m->jq, in, 0);
	for (;;) {
		out = jq_next(m->jq);
		if (!jv_is_valid(out)) {
			if (jv_invalid_has_msg(jv_copy(out))) {
				error_text(out, msg, msglen);
				return -1;
			}
			jv_free(out);
			break;
		}
		s = jv_dump_string(out, 0);
		rc = fn(ctx, jv_string_value(s),
		    (size_t)jv_string_length_bytes(jv_copy(s)));
		jv_free(s);
		if (rc != 0)
			break;
	}
	return rc;
}
