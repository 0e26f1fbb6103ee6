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

for prog in bin/et-ingest bin/et-enrich bin/et-agg bin/et-render; do
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

# --- 3. aggregate: enriched records -> the brief's numbers ------------------
# Two shards aggregated apart and merged give the same document as one pass;
# the demo does it that way to show the pattern.
status=0
{
	head -n 75 "$out/enriched.ndjson" | bin/et-agg --partial -o "$out/part-1.state"
	tail -n +76 "$out/enriched.ndjson" | bin/et-agg --partial -o "$out/part-2.state"
	bin/et-agg --merge "$out/part-1.state" "$out/part-2.state" \
		--alerts "$out/alerts.ndjson" -o "$out/aggregate.json"
} 2>"$out/agg.log" || status=$?
cat "$out/agg.log" >&2
if ((status != 0)); then
	echo "demo.sh: et-agg failed (exit $status); see $out/agg.log" >&2
	exit "$status"
fi
if ! bin/et-agg "$out/enriched.ndjson" | cmp -s - "$out/aggregate.json"; then
	echo "demo.sh: merged shards differ from one pass" >&2
	exit 1
fi

echo
echo "== et-agg: two shards, --partial + --merge -> $out/aggregate.json"
jq -r '
	def pad(n): tostring | " " * (n - length) + .;
	def rpad(n): tostring | . + " " * (n - length);
	def f3: if . == null then "     -" else
		(. * 1000 | round) as $m
		| (if $m < 0 then -$m else $m end) as $a
		| (if $m < 0 then "-" else "+" end)
		  + ($a / 1000 | floor | tostring) + "."
		  + ("00" + ($a % 1000 | tostring) | .[-3:]) end;
	"window:   \(.window.since) .. \(.window.until) (\(.window.days) days)",
	"totals:   \(.totals.comments) comments, \(.totals.posts) posts,"
	  + " \(.totals.authors) authors, \(.totals.entities) entities;"
	  + " review share \(.totals.review_share)",
	"entities: mentions, mean, like-weighted, label",
	(.entities[:8][]
	 | "  \(.mentions | pad(5))  \(.sentiment.mean | f3)  "
	   + "\(.sentiment.weighted | f3)  \(.sentiment.label | rpad(17))  \(.name)"),
	"alerts:   \(.alerts | length)",
	(.alerts[:3][] | "  \(.level) \(.kind) \(.entity): \(.previous.mean) -> "
	   + "\(.recent.mean) (\(.change_pct) %, n \(.previous.n)/\(.recent.n))"),
	"storylines: " + ([.storylines[] | "\(.storyline) \(.comments)"]
	   | if length == 0 then "(none)" else join(", ") end),
	"discovered: " + ([.discovered[:3][] | "\(.name) (\(.count), \(.recommendation))"]
	   | if length == 0 then "(none)" else join(", ") end)
' "$out/aggregate.json"

# --- 4. render: the aggregate -> the brief, in every format ----------------
for f in pdf html md txt; do
	if ! bin/et-render -o "$out/brief.$f" "$out/aggregate.json"; then
		echo "demo.sh: et-render -f $f failed" >&2
		exit 1
	fi
done
echo
echo "== et-render: $out/aggregate.json -> $out/brief.{pdf,html,md,txt}"
sed -n '/^Executive summary/,/^How to read/p' "$out/brief.txt" | sed '$d'

echo "output:   $out/brief.pdf (also .html, .md, .txt), $out/aggregate.json," \
	"$out/alerts.ndjson, $out/enriched.ndjson, $out/comments.ndjson" \
	"(logs: $out/ingest.log, $out/enrich.log, $out/agg.log)"
