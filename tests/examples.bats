#!/usr/bin/env bats
# The runnable examples under examples/ work as documented.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
}

@test "examples: demo.sh runs the pipeline on the bundled data and says where the output is" {
	run --separate-stderr "$ROOT/examples/demo.sh"
	assert_success
	assert_output --partial "records:  150 written"
	assert_output --partial "out/demo/enriched.ndjson"
	assert_output --partial "out/demo/aggregate.json"
	assert_output --partial "== et-agg: two shards"
	assert_output --partial "out/demo/brief.pdf"
	for f in pdf html md txt; do
		[ -s "$ROOT/out/demo/brief.$f" ]
	done
	run pdfinfo "$ROOT/out/demo/brief.pdf"
	assert_success
	run grep -c '^Top entities$' "$ROOT/out/demo/brief.txt"
	assert_output 1
	[ "$(wc -l < "$ROOT/out/demo/comments.ndjson")" -eq 150 ]
	[ "$(wc -l < "$ROOT/out/demo/enriched.ndjson")" -eq 150 ]
	# every enriched record still carries its ingested fields, in order
	run jq -e -s 'all(.[]; (keys_unsorted | .[0]) == "id" and has("signals"))' \
	    "$ROOT/out/demo/enriched.ndjson"
	assert_success
	# the aggregate counts every enriched record; its top entity is the
	# one most signals name
	[ "$(jq .totals.comments "$ROOT/out/demo/aggregate.json")" -eq 150 ]
	run jq -r -s '[.[].signals[] | select(.type == "sentiment" and .entity != null) | .entity]
	    | group_by(.) | max_by(length) | .[0]' "$ROOT/out/demo/enriched.ndjson"
	assert_equal "$(jq -r '.entities[0].name' "$ROOT/out/demo/aggregate.json")" "$output"
}

@test "examples: the example data is what make-data.py generates" {
	command -v python3 >/dev/null || skip "no python3"
	tmp=$BATS_TEST_TMPDIR/data
	mkdir -p "$tmp"
	cp "$ROOT"/examples/data/make-data.py "$tmp"/
	run python3 "$tmp/make-data.py"
	assert_success
	for f in instagram-comments.csv instagram-posts.csv \
	    instagram-post-metadata.csv esuit.csv; do
		cmp "$tmp/$f" "$ROOT/examples/data/$f"
	done
	cmp "$tmp/../catalog.json" "$ROOT/examples/catalog.json"
}
