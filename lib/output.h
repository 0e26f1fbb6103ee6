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
/* Flushes, finishes, fsyncs and renames into place; frees o. */
int	 out_close(struct output *o);
/* Discards a file output (removes the temporary file); frees o. */
void	 out_abort(struct output *o);
/* Uncompressed bytes written so far. */
uint64_t out_bytes(const struct output *o);

/* Installs the signal handlers that remove temporary files. */
void	 out_install_signals(void);

#endif
