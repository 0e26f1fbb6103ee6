#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "idset.h"
#include "output.h"
#include "xalloc.h"

#define OUT_BUFSZ	(128 * 1024)
#define MAX_TEMPS	8

struct output {
	int		 fd;
	char		*path, *tmp;
	int		 unbuffered;
	int		 direct;	/* fd opened on a non-regular file */
	int		 part;		/* resumable: tmp is PATH.part, kept */
	uint64_t	 flen;		/* bytes in the file */
	int		 finished;	/* out_finish done: nothing more to write */
	char		*buf;
	size_t		 len;
	uint64_t	 bytes;
	ZSTD_CCtx	*z;
	char		*zbuf;
	size_t		 zcap;
};

/* Temporary files to remove if a signal arrives before commit. */
static char *volatile temps[MAX_TEMPS];

static void
on_signal(int sig)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
out_install_signals(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
}

static void
track(char *tmp, int add)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++) {
		if (add && temps[i] == NULL) {
			temps[i] = tmp;
			return;
		}
		if (!add && temps[i] == tmp)
			temps[i] = NULL;
	}
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
open_temp(struct output *o, const char *path)
{
	size_t n = strlen(path);
	mode_t mask;

	o->path = xstrndup(path, n);
	o->tmp = xmalloc(n + 16);
	if (o->path == NULL || o->tmp == NULL) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	track(o->tmp, 1);
	mask = umask(0);
	umask(mask);
	fchmod(o->fd, 0666 & ~mask);
	return 0;
}

static void
destroy(struct output *o)
{
	if (o->tmp != NULL) {
		if (!o->part)
			track(o->tmp, 0);
		free(o->tmp);
	}
	ZSTD_freeCCtx(o->z);
	free(o->zbuf);
	free(o->buf);
	free(o->path);
	free(o);
}

static int
start_zstd(struct output *o)
{
	o->z = ZSTD_createCCtx();
	o->zcap = ZSTD_CStreamOutSize();
	o->zbuf = xmalloc(o->zcap);
	if (o->z == NULL || o->zbuf == NULL) {
		errno = ENOMEM;
		return -1;
	}
	ZSTD_CCtx_setParameter(o->z, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(o->z, ZSTD_c_checksumFlag, 1);
	return 0;
}

struct output *
out_open(const char *path, int unbuffered)
{
	struct output *o = xcalloc(1, sizeof(*o));
	struct stat st;
	int saved;

	if (o == NULL)
		return NULL;
	o->fd = 1;
	o->unbuffered = unbuffered;
	o->buf = xmalloc(OUT_BUFSZ);
	if (o->buf == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	if (path == NULL || strcmp(path, "-") == 0)
		return o;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* /dev/null, a FIFO, a terminal: write into it; renaming a
		 * file over it would replace the device */
		if ((o->fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
			goto fail;
		o->direct = 1;
	} else if (open_temp(o, path) < 0)
		goto fail;
	if (ends_with(path, ".zst") && start_zstd(o) < 0)
		goto fail;
	return o;
fail:
	saved = errno;
	out_abort(o);
	errno = saved;
	return NULL;
}

static int
write_all(struct output *o, const char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		if (xfail_write()) {
			errno = EIO;
			return -1;
		}
		r = write(o->fd, p, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		o->flen += (uint64_t)r;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Pushes bytes through the compressor (if any) to the file. */
static int
emit(struct output *o, const char *p, size_t n, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer zi = { p, n, 0 };
	ZSTD_outBuffer zo;
	size_t left;

	if (o->z == NULL)
		return write_all(o, p, n);
	do {
		zo.dst = o->zbuf;
		zo.size = o->zcap;
		zo.pos = 0;
		left = ZSTD_compressStream2(o->z, &zo, &zi, mode);
		if (ZSTD_isError(left)) {
			errno = EIO;
			return -1;
		}
		if (write_all(o, o->zbuf, zo.pos) < 0)
			return -1;
	} while (mode == ZSTD_e_continue ? zi.pos < zi.size : left != 0);
	return 0;
}

int
out_flush(struct output *o)
{
	int rc = 0;

	if (o->len > 0)
		rc = emit(o, o->buf, o->len, ZSTD_e_continue);
	o->len = 0;
	return rc;
}

int
out_write(struct output *o, const void *p, size_t n)
{
	o->bytes += n;
	if (n > OUT_BUFSZ - o->len) {
		if (out_flush(o) < 0)
			return -1;
		if (n > OUT_BUFSZ)
			return emit(o, p, n, ZSTD_e_continue);
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return 0;
}

int
out_record(struct output *o, const void *p, size_t n)
{
	if (out_write(o, p, n) < 0)
		return -1;
	return o->unbuffered ? out_flush(o) : 0;
}

static int
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, rc = 0;

	dir = slash == NULL ? xstrndup(".", 1) :
	    xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (dir == NULL)
		return 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		rc = fsync(fd) < 0 && errno != EINVAL ? -1 : 0;
		close(fd);
	}
	free(dir);
	return rc;
}

int
out_finish(struct output *o)
{
	int rc;

	if (o->finished)
		return 0;
	rc = out_flush(o);
	if (rc == 0 && o->z != NULL)
		rc = emit(o, "", 0, ZSTD_e_end);
	if (rc == 0 && o->tmp != NULL && fsync(o->fd) < 0)
		rc = -1;
	o->finished = rc == 0;
	return rc;
}

int
out_close(struct output *o)
{
	int rc, saved;

	rc = out_finish(o);
	if (o->direct && close(o->fd) < 0 && rc == 0)
		rc = -1;
	if (o->tmp == NULL) {
		saved = errno;
		destroy(o);
		errno = saved;
		return rc;
	}
	saved = errno;
	if (close(o->fd) < 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(o->tmp, o->path) < 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0)
		sync_dir(o->path);
	else if (!o->part)
		unlink(o->tmp);
	destroy(o);
	errno = saved;
	return rc;
}

void
out_abort(struct output *o)
{
	if (o == NULL)
		return;
	if (o->tmp != NULL) {
		close(o->fd);
		if (!o->part)
			unlink(o->tmp);
	} else if (o->direct)
		close(o->fd);
	destroy(o);
}

uint64_t
out_bytes(const struct output *o)
{
	return o->bytes;
}

int
out_set_zstd(struct output *o)
{
	if (o->z != NULL)
		return 0;
	return start_zstd(o);
}

/* A 64-bit hash of the last bytes before len (the mark's tail). */
static int
tail_hash(int fd, uint64_t len, uint64_t *h)
{
	char b[4096];
	size_t n = len < sizeof(b) ? (size_t)len : sizeof(b), got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(fd, b + got, n - got, (off_t)(len - n + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		got += (size_t)r;
	}
	*h = idset_hash(b, n);
	return 0;
}

struct output *
out_open_part(const char *path, int unbuffered, const struct out_mark *at,
    int *mismatch)
{
	struct output *o = xcalloc(1, sizeof(*o));
	struct stat st;
	uint64_t h;
	size_t n = strlen(path);
	int saved;

	*mismatch = 0;
	if (o == NULL)
		return NULL;
	o->unbuffered = unbuffered;
	o->part = 1;
	o->fd = -1;
	o->buf = xmalloc(OUT_BUFSZ);
	o->path = xstrndup(path, n);
	o->tmp = xmalloc(n + 6);
	if (o->buf == NULL || o->path == NULL || o->tmp == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	snprintf(o->tmp, n + 6, "%s.part", path);
	o->fd = open(o->tmp, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (o->fd < 0)
		goto fail;
	if (flock(o->fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			*mismatch = 2;
		goto fail;
	}
	if (at == NULL && ftruncate(o->fd, 0) < 0)
		goto fail;
	if (at != NULL) {
		if (fstat(o->fd, &st) < 0)
			goto fail;
		if ((uint64_t)st.st_size < at->len) {
			*mismatch = 1;
			errno = EINVAL;
			goto fail;
		}
		if (tail_hash(o->fd, at->len, &h) < 0)
			goto fail;
		if (h != at->tail) {
			*mismatch = 1;
			errno = EINVAL;
			goto fail;
		}
		if (ftruncate(o->fd, (off_t)at->len) < 0 ||
		    lseek(o->fd, (off_t)at->len, SEEK_SET) < 0)
			goto fail;
		o->flen = at->len;
	}
	if (ends_with(path, ".zst") && start_zstd(o) < 0)
		goto fail;
	return o;
fail:
	saved = errno;
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	free(o->tmp);
	o->tmp = NULL;
	destroy(o);
	errno = saved;
	return NULL;
}

int
out_commit(struct output *o, struct out_mark *m)
{
	if (out_flush(o) < 0)
		return -1;
	if (o->z != NULL && emit(o, "", 0, ZSTD_e_end) < 0)
		return -1;
	if (fsync(o->fd) < 0 && errno != EINVAL)
		return -1;
	m->len = o->flen;
	return tail_hash(o->fd, o->flen, &m->tail);
}

const char *
out_part_path(const struct output *o)
{
	return o->part ? o->tmp : NULL;
}
