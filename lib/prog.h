/*
 * prog: what the main loop of every program shares: the exit status of
 * et(7), the output and --rejects files, reporting a rejected record (the
 * diagnostic, the --errors=inline line and the --rejects line), and the end
 * of a run (commit or discard the output, the summary, --stats).
 *
 * Messages go through diag; nothing here exits.  A struct prog owns its
 * outputs and scratch buffer until prog_finish(); the strings it is given
 * are borrowed.
 */
#ifndef ET_PROG_H
#define ET_PROG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ckpt.h"
#include "diag.h"
#include "input.h"
#include "ndjson.h"
#include "opt.h"
#include "output.h"

struct prog {
	const struct common_opts *c;
	const char	*name;		/* "et-ingest", for --stats */
	struct output	*out, *rej;
	struct buf	 tmp;
	unsigned long	 in, out_n;	/* records read, records written */
	uint64_t	 bytes_in;
	int		 status;	/* worst exit status so far */
	int		 stop;		/* the run must end */
	const char	*file;		/* the input being read */
	double		 t0;
	/* --checkpoint */
	struct ckpt	*ck;
	const struct prog_resume *rs;
	int		 resuming;	/* until the checkpoint's input */
	uint64_t	 findex;	/* index of the input being read */
	unsigned long	 rejected;
	unsigned long	 commits;
	uint64_t	 bytes_out0;	/* output bytes of the runs before */
	uint64_t	 bytes_out;
	/* --progress */
	int		 progress;	/* 0 off, 1 on a terminal, 2 to a file */
	uint64_t	 total_bytes;	/* of the inputs; 0 when unknown */
	uint64_t	 bytes_done;	/* of inputs finished */
	double		 last_tick;
	unsigned long	 in0;		/* records read before this run */
	double		 t_first;	/* this run's first row: when, and */
	uint64_t	 done0;		/* input bytes read by then */
	unsigned long	 tick_rows;
	int		 no_output;	/* for -e: nothing counted (et-agg) */
	int		 hold, due;	/* prog_hold: commits wait */
};

/* What a run did, for --stats, --metrics and --progress. */
struct prog_counts {
	unsigned long	 in, out, rejected;
	uint64_t	 bytes_in, bytes_out;
	double		 seconds;
};

/* What --checkpoint needs to know of a program. */
struct prog_resume {
	int		 argc;
	char	       **argv;
	int		 first;		/* argv index of the first operand */
	const char	*aux[70];	/* other files read; NULL ends */
	int		 out_at_end;	/* the output is written at the end */
	ckpt_save_fn	 save;		/* the program's state, or NULL */
	ckpt_load_fn	 load;
	void		*ctx;
	/* before each commit: write out what the program holds back */
	void		(*before_commit)(void *ctx);
	struct {
		const char	*name;
		void		*v;
		size_t		 size;
	}		 vars[8];	/* counters to keep; name NULL ends */
};

/* Adds the unsigned lvalue lv to rs's counters as nm. */
#define PROG_RESUME_VAR(rs, nm, lv)	do { \
		int i_ = 0; \
		while ((rs)->vars[i_].name != NULL) \
			i_++; \
		(rs)->vars[i_].name = (nm); \
		(rs)->vars[i_].v = &(lv); \
		(rs)->vars[i_].size = sizeof(lv); \
	} while (0)

/*
 * Opens the output and the rejects file and starts the clock.  Returns 0,
 * or 3 after reporting why a file could not be created.
 */
int	 prog_start(struct prog *p, const char *name,
	    const struct common_opts *c);
/*
 * prog_start for the stages with --checkpoint: with it, loads the
 * checkpoint (a run to resume) and opens the outputs as resumable ones.
 * Returns 0, 1 (a checkpoint that is not this run's), or 3.  rs must
 * outlive the run.
 */
int	 prog_start_resumable(struct prog *p, const char *name,
	    const struct common_opts *c, const struct prog_resume *rs);
/*
 * Before reading the next input (path): 0 when the checkpoint says it was
 * read to the end (skip it), else 1; then *at holds how much of it was
 * read before (zero unless resuming inside it; always zero for stdin,
 * which is read again from its start: at-least-once).
 */
int	 prog_input_begin(struct prog *p, const char *path,
	    struct ckpt_pos *at);
/* After input in (it may be NULL when it could not be opened). */
void	 prog_input_end(struct prog *p, const struct input *in);
/*
 * After a row of in has been fully handled: every --checkpoint-every rows,
 * commits a checkpoint; now and then, updates --progress.
 */
void	 prog_row_done(struct prog *p, const struct input *in);
/*
 * Holds commits back (on) while a unit of input that must not be cut (a
 * page of a network source) is read; turning it off makes the commit that
 * came due meanwhile, so a resumed run starts after a whole unit.
 */
void	 prog_hold(struct prog *p, int on);
/*
 * The end of a run's report: the --stats line (extra adds members) and the
 * --metrics file, where the run counts as a success when it read all its
 * input (read_all) with exit status 0 or 1.  Returns status, or 3 when the
 * metrics could not be written.  For programs without a struct prog too.
 */
int	 prog_report(const struct common_opts *c, const char *name,
	    const struct prog_counts *k, int status, int read_all,
	    const char *extra);
/* Seconds on the monotonic clock. */
double	 prog_now(void);
/* Raises the exit status to st (never lowers it); 3 stops the run. */
void	 prog_status(struct prog *p, int st);
/* Reports running out of memory: exit status 3. */
void	 prog_nomem(struct prog *p);
/* Writes one whole line to o (the output or the rejects); -1 on error. */
int	 prog_put(struct prog *p, struct output *o, const char *s, size_t n);
/* Writes a record line to the output and counts it. */
int	 prog_emit(struct prog *p, const char *s, size_t n);
/*
 * Reports a rejected record at line/col of p->file: the diagnostic, the
 * {"_error":...} line of --errors=inline (when inline_ok), and the
 * --rejects line with the original bytes (as "raw", or "raw_base64" when
 * they are not UTF-8).  Without -k the run stops.
 */
void	 prog_reject(struct prog *p, long line, long col, enum diag_kind kind,
	    const char *msg, const char *raw, size_t rawlen, int inline_ok);
/*
 * What prog_read_ndjson hands over: a parsed line (err NULL), a bad line
 * (err says why; rec has its bytes and line number), or, once at the end
 * of a file read to the end, neither (rec and err NULL).
 */
typedef void (*prog_line_fn)(void *ctx, const struct nd_rec *rec,
    const struct nd_err *err);
/*
 * Reads the NDJSON input path ("-": stdin; zstd by magic) line by line and
 * calls fn for each non-blank line until the run stops.  flush: hand the
 * output to the kernel before a read would block.  A file that cannot be
 * opened or read is reported, with exit status 3.
 */
void	 prog_read_ndjson(struct prog *p, const char *path, int flush,
	    prog_line_fn fn, void *ctx);
/* An in_set_flush() callback: hands the output's buffer to the kernel. */
void	 prog_flush(void *p);
/*
 * Ends the run: commits the outputs, or discards a file output after a
 * system error; prints the summary and, with --stats, one JSON line whose
 * members extra (",\"k\":v...", may be NULL) adds to.  Returns the exit
 * status (4 with -e when nothing was written).
 */
int	 prog_finish(struct prog *p, const char *extra);
/*
 * Reports what getopt_long returned as ch (':' for a missing value, else
 * '?'; the option string must start with ':'); exits 2.
 */
void	 prog_bad_option(int ch, char **argv) __attribute__((noreturn));

#endif
