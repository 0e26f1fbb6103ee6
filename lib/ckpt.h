/*
 * ckpt: checkpoints, so that a run killed at any moment can be re-run with
 * the same command line and continue where it stopped (--checkpoint,
 * et(7)).
 *
 * A checkpoint is one file, replaced atomically at every commit: one zstd
 * frame, with a content checksum, around lines of text.  The first line is
 * a JSON header:
 *
 *   {"et_checkpoint":1,"prog":NAME,"version":VERSION,"args":SHA256,
 *    "files":[[PATH,SIZE,SEC,NSEC],...],"pos":[FILE,OFFSET,LINE,ROWS,TOTAL],
 *    "vars":{NAME:N,...},"outputs":[[LENGTH,TAIL],...],"done":BOOL,
 *    "state":N}
 *
 * then N lines of the program's state, in the program's own format.  args
 * is the SHA-256 of the command line; files are the identities (size and
 * modification time) of every file the run reads; outputs are the marks
 * (out_open_part) of the resumable outputs.
 *
 * Ownership: ckpt_new returns a checkpoint owned by the caller, released by
 * ckpt_free.  The counters given to ckpt_add_var are borrowed and must
 * outlive it.  Functions never print; they return a status and, for
 * ckpt_load, a message.
 */
#ifndef ET_CKPT_H
#define ET_CKPT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "output.h"

#define CKPT_MAX_VARS	16
#define CKPT_MAX_OUTS	2

/* Where reading stands. */
struct ckpt_pos {
	uint64_t	 file;		/* index of the input being read */
	uint64_t	 offset;	/* its decoded bytes consumed */
	uint64_t	 line;		/* its physical lines consumed */
	uint64_t	 rows;		/* its rows consumed */
	uint64_t	 total;		/* rows consumed over all inputs */
};

/* ckpt_load results. */
#define CKPT_NONE	 0	/* no checkpoint (or a finished one): start */
#define CKPT_RESUME	 1	/* loaded: pos, vars, outs and state set */
#define CKPT_EBAD	-1	/* corrupt, truncated or not this run's */
#define CKPT_ESYS	-2	/* cannot read it (errno) */
#define CKPT_ENOMEM	-3

/* Appends the program's state as lines; 0 or -1 (out of memory). */
typedef int (*ckpt_save_fn)(void *ctx, struct buf *b);
/* Takes one state line (first: the first one); 0, -1 bad (msg), -2. */
typedef int (*ckpt_load_fn)(void *ctx, const char *line, size_t len,
    int first, char *msg, size_t msglen);

struct ckpt_file;

struct ckpt {
	char		*path;
	const char	*prog;
	const char	*version;	/* ET_VERSION (tests may change it) */
	char		 args[65];
	struct ckpt_file *files;
	size_t		 nfiles;
	struct {
		const char	*name;
		void		*v;
		size_t		 size;
	}		 vars[CKPT_MAX_VARS];
	size_t		 nvars;
	struct ckpt_pos	 pos;
	struct out_mark	 outs[CKPT_MAX_OUTS];
	size_t		 nouts;		/* set by the caller before loading */
	uint64_t	 every;		/* rows between commits */
};

/* NULL when out of memory.  argv[0] is left out of the digest. */
struct ckpt *ckpt_new(const char *path, const char *prog, int argc,
	    char *const *argv);
void	 ckpt_free(struct ckpt *c);
/* Records the identity of a file the run reads ("-": stdin); 0 or -1. */
int	 ckpt_add_file(struct ckpt *c, const char *path);
/* Registers an unsigned counter of size bytes (1, 2, 4 or 8); 0 or -1. */
int	 ckpt_add_var(struct ckpt *c, const char *name, void *v, size_t size);
#define CKPT_VAR(c, name, lv)	ckpt_add_var((c), (name), &(lv), sizeof(lv))
/*
 * Reads the checkpoint file, if there is one, checks that it belongs to
 * this program, version, command line and inputs, and restores it.  msg
 * gets a sentence for CKPT_EBAD ("checkpoint 'f' is corrupt: ...").
 */
int	 ckpt_load(struct ckpt *c, ckpt_load_fn fn, void *ctx, char *msg,
	    size_t msglen);
/* The same over the decoded text of a checkpoint (for tests and fuzzing). */
int	 ckpt_parse(struct ckpt *c, const char *text, size_t len,
	    ckpt_load_fn fn, void *ctx, char *msg, size_t msglen);
/*
 * Writes the checkpoint (pos, the counters, outs and, unless done, the
 * state from fn) atomically.  done marks a finished run.  0, or -1 with
 * errno set.
 */
int	 ckpt_commit(struct ckpt *c, int done, ckpt_save_fn fn, void *ctx);
/* Appends the header line (as ckpt_commit writes it) to b; 0 or -1. */
int	 ckpt_header(struct ckpt *c, int done, size_t nstate, struct buf *b);
/* Removes the checkpoint file; 0 or -1 with errno set. */
int	 ckpt_remove(struct ckpt *c);

#endif
