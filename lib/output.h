/*
 * output: writing to stdout, or to a file atomically (a temporary file
 * beside it, fsync, rename), zstd-compressed with content checksums when the
 * name ends in ".zst".
 *
 * Ownership: out_open returns a writer owned by the caller.  Exactly one of
 * out_close (commit) or out_abort (discard) releases it; out_abort(NULL) is a
 * no-op.  A temporary file is removed if the process gets SIGINT, SIGTERM or
 * SIGHUP before it is committed.  Functions return 0 or -1 with errno set.
 */
#ifndef ET_OUTPUT_H
#define ET_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

struct output;

/* path NULL or "-" is stdout.  unbuffered flushes after each out_record. */
struct output *out_open(const char *path, int unbuffered);
int	 out_write(struct output *o, const void *p, size_t n);
/* Writes one whole record line (n bytes ending in '\n'). */
int	 out_record(struct output *o, const void *p, size_t n);
/* Hands buffered bytes to the kernel (not to disk). */
int	 out_flush(struct output *o);
/*
 * Flushes, ends the compressed stream and fsyncs a file, short of renaming
 * it into place (so that two outputs can be made durable before either is
 * renamed).  Nothing may be written after it.
 */
int	 out_finish(struct output *o);
/* Flushes, finishes, fsyncs and renames into place; frees o. */
int	 out_close(struct output *o);
/* Discards a file output (removes the temporary file); frees o. */
void	 out_abort(struct output *o);
/* Uncompressed bytes written so far. */
uint64_t out_bytes(const struct output *o);

/*
 * Resumable outputs (--checkpoint): the file is written as PATH.part, in
 * place, and renamed to PATH by out_close; out_abort and signals keep it.
 * A mark is a committed length and a hash of the bytes just before it.
 */
struct out_mark {
	uint64_t	 len;
	uint64_t	 tail;
};

/*
 * Opens PATH.part: empty when at is NULL, else cut back to the mark, which
 * must match what the file holds (*mismatch 1 when it does not).  The file
 * is locked (flock) while open: another run with it open is *mismatch 2.
 */
struct output *out_open_part(const char *path, int unbuffered,
	    const struct out_mark *at, int *mismatch);
/*
 * Makes everything written so far durable: flushes, ends the zstd frame
 * (the next bytes start a new one), fsyncs, and fills in the mark.
 */
int	 out_commit(struct output *o, struct out_mark *m);
/* The PATH.part name of a resumable output, else NULL. */
const char *out_part_path(const struct output *o);
/* Compresses what is written from now on, whatever the name; 0 or -1. */
int	 out_set_zstd(struct output *o);

/* Installs the signal handlers that remove temporary files. */
void	 out_install_signals(void);

#endif
