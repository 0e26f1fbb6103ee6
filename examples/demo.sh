#!/usr/bin/env bash
# Run the et pipeline on the bundled example data (examples/data, fictional
# people in the real export shapes) and print a short summary.
# Usage: examples/demo.sh   (from anywhere; `make demo` builds first)
# Output goes to out/demo/ under the repository root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

data=examples/data
out=out/demo
mkdir -p "$out"

if [[ ! -x bin/et-ingest ]]; then
	echo "demo.sh: 'bin/et-ingest' is missing; run 'make' first" >&2
	exit 1
fi

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

# --- later stages (et-enrich, et-agg, et-render) are appended here ---------

echo "output:   $out/comments.ndjson (log: $out/ingest.log)"
