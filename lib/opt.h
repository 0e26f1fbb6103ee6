/*
 * opt: numbers from option values, and the flags every program shares
 * (et(7)): -h -V -k -e -u -o FILE, --errors=, --rejects FILE, --stats,
 * --metrics FILE, --progress, --no-progress, --max-record-size BYTES.
 */
#ifndef ET_OPT_H
#define ET_OPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
	OPT_ERRORS = 1000,
	OPT_MAX_RECORD,
	OPT_REJECTS,
	OPT_STATS,
	OPT_CHECKPOINT,
	OPT_CHECKPOINT_EVERY,
	OPT_METRICS,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_FIRST_PROGRAM	/* programs number their own from here */
};

#define OPT_COMMON_SHORT "eho:kuV"

#define OPT_COMMON_LONG \
	{ "errors", required_argument, NULL, OPT_ERRORS }, \
	{ "exit-status", no_argument, NULL, 'e' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "keep-going", no_argument, NULL, 'k' }, \
	{ "max-record-size", required_argument, NULL, OPT_MAX_RECORD }, \
	{ "metrics", required_argument, NULL, OPT_METRICS }, \
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS }, \
	{ "progress", no_argument, NULL, OPT_PROGRESS }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "rejects", required_argument, NULL, OPT_REJECTS }, \
	{ "stats", no_argument, NULL, OPT_STATS }, \
	{ "unbuffered", no_argument, NULL, 'u' }, \
	{ "version", no_argument, NULL, 'V' }

/* --checkpoint and --checkpoint-every: the streaming stages only. */
#define OPT_CHECKPOINT_LONG \
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT }, \
	{ "checkpoint-every", required_argument, NULL, OPT_CHECKPOINT_EVERY }

#define OPT_DEFAULT_MAX_RECORD	(16u * 1024 * 1024)

struct common_opts {
	int		 keep_going;
	int		 exit_status;
	int		 unbuffered;
	int		 stats;
	int		 help;
	int		 version;
	const char	*output;
	const char	*rejects;
	size_t		 max_record;
	const char	*checkpoint;
	long long	 checkpoint_every;	/* 0: not given */
	const char	*metrics;	/* --metrics FILE */
	int		 progress;	/* 1 on, 0 off, -1 on a terminal */
};

void	opt_common_init(struct common_opts *c);
/* Handles a shared option; 1 if ch was one, 0 if not.  Bad values exit 2. */
int	opt_common(struct common_opts *c, int ch, const char *arg);
/* Prints "prog (et) VERSION". */
void	opt_version(FILE *fp);
/*
 * After the options are read: --help prints synopsis and help on stdout,
 * --version the version; either then exits 0.  Then checks the options
 * that go together (--checkpoint needs -o FILE); exits 2 if they do not.
 */
void	opt_help_version(const struct common_opts *c, const char *synopsis,
	    const char *help);
/* Parses a time option's value (timeparse); a bad one exits 2. */
void	opt_time(const char *name, const char *arg, int64_t *t, int *has);

/* Parses a decimal integer in [min, max]; 0 or -1 (strtonum-like). */
int	parse_num(const char *s, long long min, long long max, long long *out);
/*
 * Reads a secret (a token, a key) into out: from file (the value of the
 * option opt) when not NULL, else from the environment variable env, else
 * none (out empty).  Exits 3 when the file cannot be read, 2 when it does
 * not hold one noun on one line or the variable is too long.
 */
void	opt_secret(const char *file, const char *opt, const char *env,
	    const char *noun, char *out, size_t outlen);
/* Parses seconds (decimals allowed) from 0.001 to 86400; 0 or -1. */
int	parse_seconds(const char *s, double *out);
/* Like parse_num with an optional K, M or G (binary) suffix. */
int	parse_size(const char *s, long long min, long long max,
	    long long *out);

#endif
