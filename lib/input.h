/*
 * input: reading files, "-" and stdin line by line, with zstd-compressed
 * input (detected by its magic bytes, not the name) decompressed on the fly.
 *
 * Ownership: in_open returns a reader owned by the caller, released with
 * in_close (in_close(NULL) is a no-op).  Lines are appended to the caller's
 * buffer.  On failure functions return -1 and in_error() describes it.
 */
#ifndef ET_INPUT_H
#define ET_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct input;

/* Called before a read(2) that may block (input not a regular file). */
typedef void (*in_flush_fn)(void *ctx);

/* Opens path ("-" means stdin); NULL with errno set on failure. */
struct input *in_open(const char *path);
/*
 * Reads the file open on fd from its start, shown as name; the descriptor
 * stays the caller's (in_close leaves it open).
 */
struct input *in_open_fd(int fd, const char *name);
void	 in_close(struct input *in);
void	 in_set_flush(struct input *in, in_flush_fn fn, void *ctx);

/*
 * Reads one physical line (with its '\n', if any) into line (reset first).
 * Returns 1 for a line, 0 at end of input, -1 on a read or decompression
 * error, -2 when the line is longer than line->max (the rest of that line is
 * skipped, so reading can go on).
 */
int	 in_getline(struct input *in, struct buf *line);

/*
 * Reads up to max bytes, stopping after a '\n': one line, or a piece of a
 * longer one.  Returns 1 (with *complete set when the piece ends a line),
 * 0 at end of input, -1 on error.  *lineno gets the line the piece is on.
 */
int	 in_getpiece(struct input *in, struct buf *piece, size_t max,
	    int *complete, long *lineno);

/*
 * Skips n decoded bytes holding lines lines (to resume at a checkpoint):
 * a seek for a plain file, else reading.  0, or -1 (in_error says why).
 */
int	 in_skip(struct input *in, uint64_t n, long lines);

/* The display name: the operand as given, or "<stdin>". */
const char *in_name(const struct input *in);
/* Physical line number of the line last returned (1-based). */
long	 in_lineno(const struct input *in);
/* Decompressed bytes returned so far. */
uint64_t in_offset(const struct input *in);
/* Bytes read from the file (compressed bytes for zstd input). */
uint64_t in_bytes_read(const struct input *in);
int	 in_is_zstd(const struct input *in);
const char *in_error(const struct input *in);

/*
 * Reads the whole of path (plain or zstd) into a new NUL-terminated string
 * of at most max bytes; NULL with errno set (EFBIG when longer).
 */
char	*in_slurp(const char *path, size_t max, size_t *len);
/*
 * Reads a secret (a token or key) from path into out: one line of
 * printable characters without spaces.  0; -1 when the file cannot be read
 * (errno); -2 when it is empty, holds more, or does not fit.  The copies
 * it made are wiped.
 */
int	 in_read_secret(const char *path, char *out, size_t outlen);

#endif
