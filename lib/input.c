#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "input.h"
#include "xalloc.h"

#define IN_BUFSZ	(256 * 1024)

struct input {
	int		 fd;
	int		 owned;
	int		 regular;
	char		*name;
	long		 lineno;
	uint64_t	 offset, nread;
	char		*buf;		/* decoded bytes */
	size_t		 pos, end;
	int		 eof;
	ZSTD_DCtx	*z;
	char		*zbuf;		/* compressed bytes */
	size_t		 zpos, zend;
	size_t		 zlast;		/* last ZSTD_decompressStream result */
	int		 zeof;
	in_flush_fn	 flush;
	void		*flushctx;
	char		 err[256];
};

static ssize_t
raw_read(struct input *in, char *p, size_t n)
{
	ssize_t r;

	if (!in->regular && in->flush != NULL)
		in->flush(in->flushctx);
	do
		r = read(in->fd, p, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		snprintf(in->err, sizeof(in->err), "%s", strerror(errno));
	else
		in->nread += (uint64_t)r;
	return r;
}

/* Reads until n bytes or EOF; for the magic-number probe. */
static ssize_t
read_full(struct input *in, char *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = raw_read(in, p + got, n - got);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int
setup(struct input *in)
{
	static const unsigned char magic[4] = { 0x28, 0xB5, 0x2F, 0xFD };
	ssize_t r;

	in->buf = xmalloc(IN_BUFSZ);
	if (in->buf == NULL)
		return -1;
	r = read_full(in, in->buf, 4);
	if (r < 0)
		return -1;
	in->end = (size_t)r;
	if (r < 4 || memcmp(in->buf, magic, 4) != 0)
		return 0;
	in->z = ZSTD_createDCtx();
	in->zbuf = xmalloc(IN_BUFSZ);
	if (in->z == NULL || in->zbuf == NULL) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(in->zbuf, in->buf, 4);
	in->zend = 4;
	in->end = 0;
	return 0;
}

struct input *
in_open(const char *path)
{
	struct input *in = xcalloc(1, sizeof(*in));
	struct stat st;
	int saved;

	if (in == NULL)
		return NULL;
	if (strcmp(path, "-") == 0) {
		in->fd = 0;
		in->name = xstrndup("<stdin>", 7);
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		in->owned = 1;
		in->name = xstrndup(path, strlen(path));
	}
	if (in->fd < 0 || in->name == NULL)
		goto fail;
	if (fstat(in->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			goto fail;
		}
		in->regular = S_ISREG(st.st_mode);
	}
	if (setup(in) < 0)
		goto fail;
	return in;
fail:
	saved = errno ? errno : ENOMEM;
	in_close(in);
	errno = saved;
	return NULL;
}

struct input *
in_open_fd(int fd, const char *name)
{
	struct input *in = xcalloc(1, sizeof(*in));
	int saved;

	if (in == NULL)
		return NULL;
	in->fd = fd;
	in->regular = 1;
	if ((in->name = xstrndup(name, strlen(name))) == NULL ||
	    lseek(fd, 0, SEEK_SET) < 0 || setup(in) < 0) {
		saved = errno ? errno : ENOMEM;
		in_close(in);
		errno = saved;
		return NULL;
	}
	return in;
}

void
in_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->owned && in->fd >= 0)
		close(in->fd);
	ZSTD_freeDCtx(in->z);
	free(in->zbuf);
	free(in->buf);
	free(in->name);
	free(in);
}

void
in_set_flush(struct input *in, in_flush_fn fn, void *ctx)
{
	in->flush = fn;
	in->flushctx = ctx;
}

/* Decompresses more bytes into buf; returns bytes produced, 0 at EOF, -1. */
static ssize_t
zfill(struct input *in)
{
	ZSTD_inBuffer zi;
	ZSTD_outBuffer zo = { in->buf, IN_BUFSZ, 0 };
	ssize_t r;

	while (zo.pos == 0) {
		if (in->zpos == in->zend && !in->zeof) {
			r = raw_read(in, in->zbuf, IN_BUFSZ);
			if (r < 0)
				return -1;
			in->zpos = 0;
			in->zend = (size_t)r;
			in->zeof = r == 0;
		}
		if (in->zpos == in->zend && in->zeof) {
			if (in->zlast != 0) {
				snprintf(in->err, sizeof(in->err),
				    "truncated zstd input");
				return -1;
			}
			return 0;
		}
		zi.src = in->zbuf;
		zi.size = in->zend;
		zi.pos = in->zpos;
		in->zlast = ZSTD_decompressStream(in->z, &zo, &zi);
		in->zpos = zi.pos;
		if (ZSTD_isError(in->zlast)) {
			snprintf(in->err, sizeof(in->err),
			    "corrupt zstd input: %s",
			    ZSTD_getErrorName(in->zlast));
			return -1;
		}
	}
	return (ssize_t)zo.pos;
}

/* Refills buf after it is used up; 1 more data, 0 EOF, -1 error. */
static int
fill(struct input *in)
{
	ssize_t r;

	if (in->eof)
		return 0;
	r = in->z != NULL ? zfill(in) : raw_read(in, in->buf, IN_BUFSZ);
	if (r < 0)
		return -1;
	in->pos = 0;
	in->end = (size_t)r;
	if (r == 0)
		in->eof = 1;
	return r > 0;
}

int
in_getline(struct input *in, struct buf *line)
{
	char *nl;
	size_t n;
	int r, toolong = 0;

	buf_reset(line);
	for (;;) {
		if (in->pos == in->end) {
			r = fill(in);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
		}
		nl = memchr(in->buf + in->pos, '\n', in->end - in->pos);
		n = nl != NULL ? (size_t)(nl - (in->buf + in->pos)) + 1 :
		    in->end - in->pos;
		if (!toolong && buf_add(line, in->buf + in->pos, n) < 0) {
			if (line->len + n <= line->max) {
				snprintf(in->err, sizeof(in->err), "%s",
				    strerror(ENOMEM));
				return -1;
			}
			toolong = 1;
		}
		in->pos += n;
		in->offset += n;
		if (nl != NULL) {
			in->lineno++;
			return toolong ? -2 : 1;
		}
	}
	if (line->len == 0 && !toolong)
		return 0;
	in->lineno++;
	return toolong ? -2 : 1;
}

int
in_getpiece(struct input *in, struct buf *piece, size_t max, int *complete,
    long *lineno)
{
	char *nl;
	size_t n;
	int r;

	buf_reset(piece);
	*complete = 0;
	*lineno = in->lineno + 1;
	while (piece->len < max) {
		if (in->pos == in->end) {
			r = fill(in);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
		}
		n = in->end - in->pos;
		if (n > max - piece->len)
			n = max - piece->len;
		nl = memchr(in->buf + in->pos, '\n', n);
		if (nl != NULL)
			n = (size_t)(nl - (in->buf + in->pos)) + 1;
		if (buf_add(piece, in->buf + in->pos, n) < 0) {
			snprintf(in->err, sizeof(in->err), "%s",
			    strerror(ENOMEM));
			return -1;
		}
		in->pos += n;
		in->offset += n;
		if (nl != NULL) {
			in->lineno++;
			*complete = 1;
			return 1;
		}
	}
	if (piece->len == 0)
		return 0;
	if (in->pos == in->end && in->eof)
		in->lineno++;
	return 1;
}

int
in_skip(struct input *in, uint64_t n, long lines)
{
	uint64_t target = in->offset + n;
	size_t k;
	int r;

	if (in->z == NULL && in->regular && in->offset == 0) {
		/* plain file: the decoded offset is the file position */
		if (lseek(in->fd, (off_t)target, SEEK_SET) < 0) {
			snprintf(in->err, sizeof(in->err), "%s",
			    strerror(errno));
			return -1;
		}
		in->pos = in->end = 0;
		in->offset = target;
		in->nread = target;
		in->lineno += lines;
		return 0;
	}
	while (in->offset < target) {
		if (in->pos == in->end) {
			if ((r = fill(in)) < 0)
				return -1;
			if (r == 0) {
				snprintf(in->err, sizeof(in->err),
				    "input ends before the checkpoint");
				return -1;
			}
		}
		k = in->end - in->pos;
		if (k > target - in->offset)
			k = (size_t)(target - in->offset);
		in->pos += k;
		in->offset += k;
	}
	in->lineno += lines;
	return 0;
}

const char *
in_name(const struct input *in)
{
	return in->name;
}

long
in_lineno(const struct input *in)
{
	return in->lineno;
}

uint64_t
in_offset(const struct input *in)
{
	return in->offset;
}

uint64_t
in_bytes_read(const struct input *in)
{
	return in->nread;
}

int
in_is_zstd(const struct input *in)
{
	return in->z != NULL;
}

const char *
in_error(const struct input *in)
{
	return in->err;
}

char *
in_slurp(const char *path, size_t max, size_t *len)
{
	struct input *in = in_open(path);
	struct buf b, line;
	int rc, saved;

	if (in == NULL)
		return NULL;
	buf_init(&b, max);
	buf_init(&line, max);
	while ((rc = in_getline(in, &line)) == 1)
		if (buf_add(&b, line.data, line.len) < 0) {
			rc = -2;
			break;
		}
	buf_free(&line);
	saved = rc == -2 ? EFBIG : errno ? errno : EIO;
	in_close(in);
	if (rc != 0) {
		buf_free(&b);
		errno = saved;
		return NULL;
	}
	*len = b.len;
	if (b.cap == 0)
		return xstrndup("", 0);
	return b.data;
}

int
in_read_secret(const char *path, char *out, size_t outlen)
{
	char *text;
	size_t len, i;

	if ((text = in_slurp(path, outlen + 1, &len)) == NULL)
		return errno == EFBIG ? -2 : -1;
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (len >= outlen) {
		explicit_bzero(text, len);
		free(text);
		return -2;
	}
	for (i = 0; i < len && (unsigned char)text[i] > ' ' &&
	    text[i] != 0x7f; i++)
		;
	if (len == 0 || i < len) {
		explicit_bzero(text, len);
		free(text);
		return -2;
	}
	memcpy(out, text, len);
	out[len] = '\0';
	explicit_bzero(text, len);
	free(text);
	return 0;
}
