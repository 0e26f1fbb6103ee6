/*
 * agg: the aggregation state of et-agg(1).  Enriched records are folded
 * into rows keyed by (kind, key, key2, time bucket) that hold only integer
 * counters and bounded top-K lists, so that adding records and merging
 * states commute exactly: any split of the input, aggregated part by part
 * and merged in any order, gives the same state, hence the same bytes.
 * Scores are kept in thousandths (the records carry three places) and
 * weights in thousandths too; sums are 64-bit integers.
 *
 * Memory grows with the number of distinct keys (entities x days x
 * platforms, entities x hours, posts x days, authors x days, discovered
 * names x days), never with the number of records; max_rows caps it.
 *
 * Ownership: an agg owns its rows; strings passed in are copied.  Functions
 * return 0, -1 when out of memory (or over max_rows, agg_full() says which)
 * or AGG_EDATA with a message for bad input.
 */
#ifndef ET_AGG_H
#define ET_AGG_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "json.h"

#define AGG_EDATA	-2
#define AGG_TOP		3	/* top comments kept per entity and day */
#define AGG_NBANDS	5
#define AGG_NEMO	8
#define AGG_VERSION	1

/* Tally counters, the v[] of "day" and "ent" rows. */
enum {
	T_N, T_NSENT, T_SUM, T_WSUM, T_WT, T_LIKES, T_REVIEW, T_TOX, T_RISK,
	T_SARC, T_BAND, T_EMO = T_BAND + AGG_NBANDS, T_COUNT = T_EMO + AGG_NEMO
};

/* Row kinds, in the order partial states list them. */
enum agg_kind { AK_AUTH, AK_DAY, AK_ENT, AK_HOUR, AK_NAME, AK_POST, AK_STORY,
	AK_NKIND };

struct agg_item {		/* a quoted comment: top comments, samples */
	char		*id, *text;
	int64_t		 likes, score, time;
	int		 has_score;
};

struct agg_ecount {
	char		*name;
	int64_t		 n;
};

struct agg_row {
	uint8_t		 kind;
	char		*k1, *k2;	/* k2 is "" unless the kind has one */
	int64_t		 t;		/* day or hour since the epoch */
	int64_t		 v[T_COUNT];
	struct agg_item	 top[AGG_TOP];
	size_t		 ntop;
	struct agg_ecount *ec;		/* entity counts (post, story) */
	size_t		 nec, capec;
	char		*url, *caption;	/* post rows */
};

/* What selects and buckets records: fixed for a state, compared on merge. */
struct agg_spec {
	int64_t		 since, until;
	int		 has_since, has_until;
	const char	*where;		/* jq program text, or NULL */
	const char	*const *entities;	/* --entity names */
	size_t		 nentities;
	double		 weak, strong;	/* sentiment band edges */
};

struct agg;

extern const char *const agg_emotions[AGG_NEMO];
extern const char *const agg_bands[AGG_NBANDS];
extern const char *const agg_families[];

/* A new empty state; spec is copied.  NULL when out of memory. */
struct agg *agg_new(const struct agg_spec *spec, size_t max_rows);
/* A state for --merge: it takes the spec of the first partial merged. */
struct agg *agg_new_merge(size_t max_rows);
void	 agg_free(struct agg *a);
/* 1 when the last -1 came from max_rows rather than memory. */
int	 agg_full(const struct agg *a);
/* The spec as canonical JSON (borrowed). */
const char *agg_spec_json(const struct agg *a);

/*
 * Folds one enriched record (parsed from textlen bytes of JSON) in.
 * AGG_EDATA when it is not one (no id, no valid created_at, malformed
 * signals); 1 when the window or --entity leaves it out.
 */
int	 agg_add(struct agg *a, const struct jnode *rec, size_t textlen,
	    char *msg, size_t msglen);

/* Appends the state as a partial (NDJSON: header, then sorted rows). */
int	 agg_write_partial(struct agg *a, struct buf *out);
/*
 * Merges one line of a partial state (textlen: the line's length); header
 * says whether it is the first line of its file, which must be a header
 * whose version and spec equal this state's.
 */
int	 agg_merge_line(struct agg *a, const struct jnode *obj, size_t textlen,
	    int header, char *msg, size_t msglen);
/*
 * agg_merge_line over the text of the line (a ckpt_load_fn for et-agg's
 * checkpoints): 0, -1 when it is not a line of a state (msg says why), -2
 * when out of memory (or over max_rows).
 */
int	 agg_merge_text(void *a, const char *line, size_t len, int header,
	    char *msg, size_t msglen);

/*
 * Row helpers (for the document writer, which folds rows into scratch
 * rows): offer a comment to a top list (strings copied when it gets in),
 * add to an entity count, keep the smaller of two strings, free a row's
 * contents.  0 or -1.
 */
int	 agg_top_offer(struct agg_row *r, const struct agg_item *it,
	    size_t textlen);
int	 agg_ec_add(struct agg_row *r, const char *name, int64_t n);
int	 agg_keep_min(char **dst, const char *s, size_t n);
void	 agg_row_clear(struct agg_row *r);

/* Access for the document writer. */
size_t	 agg_nrows(const struct agg *a);
struct agg_row *const *agg_rows_sorted(struct agg *a);
uint64_t agg_records(const struct agg *a);
int	 agg_time_range(const struct agg *a, int64_t *min, int64_t *max);
const struct agg_spec *agg_spec(const struct agg *a);

/* qsort, but n < 2 is a no-op (an empty array may be NULL). */
static inline void
agg_qsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* Options of the final document. */
struct agg_final {
	int64_t		 now;
	int		 has_now;
	int		 days;		/* 0: the whole range */
	int		 top;		/* entities listed (0: all) */
	int		 top_posts, top_names;
	int		 velocity_hours, min_samples;
	double		 alert_pct, critical_pct, near_zero, min_delta;
	int		 risk_mentions, track_min, watch_min;
};

void	 agg_final_defaults(struct agg_final *f);
/*
 * Writes the final document (one JSON line) to doc and, when alerts is not
 * NULL, the alerts as NDJSON to alerts.
 */
int	 agg_document(struct agg *a, const struct agg_final *f,
	    struct buf *doc, struct buf *alerts);

#endif
