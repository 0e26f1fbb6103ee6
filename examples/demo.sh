#!/usr/bin/env bash
# Run the et pipeline on the bundled example data (examples/data, fictional
# people in the real export shapes) and print a short summary.
# Usage: examples/demo.sh   (from anywhere; `make demo` builds first)
# Output goes to out/demo/ under the repository root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

data=examples/data
catalog=examples/catalog.json
out=out/demo

for prog in bin/et-ingest bin/et-enrich; do
	if [[ ! -x $prog ]]; then
		echo "demo.sh: '$prog' is missing; run 'make' first" >&2
		exit 1
	fi
done
mkdir -p "$out"

# --- 1. ingest: exports -> comment records ---------------------------------
# The posts export is both a --posts source (captions, times) and an input
# (its embedded latest comments, some of which repeat the comments export and
# are dropped as duplicates).  The metadata export adds the post that only it
# knows about.
status=0
bin/et-ingest \
	--posts "$data/instagram-posts.csv" \
	--posts "$data/instagram-post-metadata.csv" \
	"$data/instagram-comments.csv" \
	"$data/instagram-posts.csv" \
	"$data/esuit.csv" \
	-o "$out/comments.ndjson" --stats 2>"$out/ingest.log" || status=$?

# Warnings and diagnostics (everything but the --stats line).
grep -v '^{"prog":' "$out/ingest.log" >&2 || true
if ((status != 0)); then
	echo "demo.sh: et-ingest failed (exit $status); see $out/ingest.log" >&2
	exit "$status"
fi
stats=$(grep '^{"prog":"et-ingest"' "$out/ingest.log" | tail -n 1) || stats='{}'

echo "== et-ingest: $data -> $out/comments.ndjson"
jq -r '"records:  \(.records_out // "?") written"
	+ " (\(.duplicates // "?") duplicates dropped, \(.rejected // "?")"
	+ " rejected; \(.bytes_in // "?") bytes in, \(.seconds // "?") s)"' \
	<<<"$stats"

# One pass over the records; state is per post and per author, which is
# small for this data.
jq -n -r '
	def excerpt: (. // "") | gsub("[\\s\u2060]+"; " ") | ltrimstr(" ")
		| if length > 60 then .[0:57] + "..." else . end;
	reduce inputs as $r ({n: 0, posts: {}, authors: {}, min: null, max: null};
		.n += 1
		| ($r.post.id // $r.post.shortcode // $r.post.url // "(none)") as $k
		| .posts[$k].n += 1
		| .posts[$k].code = ($r.post.shortcode // $k)
		| .posts[$k].caption = ($r.post.caption // .posts[$k].caption)
		| if $r.author then .authors[$r.author] = 1 else . end
		| if .min == null or $r.created_at < .min
		  then .min = $r.created_at else . end
		| if .max == null or $r.created_at > .max
		  then .max = $r.created_at else . end)
	| "posts:    \(.posts | length)",
	  "authors:  \(.authors | length)",
	  "dates:    \(.min // "-") .. \(.max // "-")",
	  "top posts by comments:",
	  (.posts | to_entries | sort_by(-.value.n, .key) | .[0:3][]
	   | "  \(.value.n | tostring | " " * (5 - length) + .)  "
	     + "\(.value.code)  \(.value.caption | excerpt)")
' "$out/comments.ndjson"

# --- 2. enrich: comment records -> mentions, signals, discovered names ----
status=0
bin/et-enrich -c "$catalog" "$out/comments.ndjson" \
	-o "$out/enriched.ndjson" --stats 2>"$out/enrich.log" || status=$?

grep -v '^{"prog":' "$out/enrich.log" >&2 || true
if ((status != 0)); then
	echo "demo.sh: et-enrich failed (exit $status); see $out/enrich.log" >&2
	exit "$status"
fi
stats=$(grep '^{"prog":"et-enrich"' "$out/enrich.log" | tail -n 1) || stats='{}'

echo
echo "== et-enrich: -c $catalog -> $out/enriched.ndjson"
jq -r '"records:  \(.records_out // "?") written"
	+ " (\(.rejected // "?") rejected, \(.seconds // "?") s)"' <<<"$stats"

# Per entity: the sentiment signals aimed at it (one per comment that
# mentions it, or that is attributed to the post's subject).
jq -n -r '
	def pad(n): tostring | " " * (n - length) + .;
	def f3: (. * 1000 | round) as $m
		| (if $m < 0 then -$m else $m end) as $a
		| (if $m < 0 then "-" else "+" end)
		  + ($a / 1000 | floor | tostring) + "."
		  + ("00" + ($a % 1000 | tostring) | .[-3:]);
	def polarity: if . >= 0.05 then "positive"
		elif . <= -0.05 then "negative" else "neutral" end;
	reduce inputs as $r ({n: 0, review: 0, ent: {}, disc: {}};
		.n += 1
		| if $r.review == true then .review += 1 else . end
		| reduce ($r.signals // [] | .[]
			| select(.type == "sentiment" and .entity != null)) as $s
			(.; .ent[$s.entity].n += 1
			    | .ent[$s.entity].sum += $s.score)
		| reduce ($r.discovered // [] | .[]) as $d (.; .disc[$d] += 1))
	| "review:   \(.review) of \(.n) records flagged review:true",
	  "entities: mentions, mean sentiment, label",
	  (.ent | to_entries
	   | if length == 0 then "  (none)" else
		(sort_by(-.value.n, .key)[]
		 | (.value.sum / .value.n) as $mean
		 | "  \(.value.n | pad(5))  \($mean | f3)  "
		   + "\($mean | polarity | . + " " * (8 - length))  \(.key)")
	     end),
	  "top discovered names (not in the catalog):",
	  (.disc | to_entries
	   | if length == 0 then "  (none)" else
		(sort_by(-.value, .key) | .[0:3][]
		 | "  \(.value | pad(5))  \(.key)")
	     end)
' "$out/enriched.ndjson"

# --- later stages (et-agg, et-render) are appended here -------------------

echo "output:   $out/comments.ndjson, $out/enriched.ndjson" \
	"(logs: $out/ingest.log, $out/enrich.log)"
