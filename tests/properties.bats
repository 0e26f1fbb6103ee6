#!/usr/bin/env bats
#
# Properties of the whole toolkit (design.md, guarantees 1 and 5):
# streaming in bounded memory, and the same bytes for the same input
# whatever the run, the locale or the time of day.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	APIFY="$SHARED/apify"
	CAT="$ROOT/share/catalog.json"
	cd "$TMP" || return 1
}

# peak_kib CMD...: the peak resident set size of CMD in KiB (stdout of CMD
# is discarded).
peak_kib() {
	/usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; return 1; }
	cat "$TMP/rss"
}

@test "properties: et-ingest and et-enrich stream: 1,000,000 records take no more memory than 10,000" {
	if ldd "$ROOT/bin/et-enrich" | grep -q libasan; then
		skip "sanitizer builds keep freed memory in quarantine"
	fi
	et-ingest "$APIFY"/instagram-comments-*.csv 2>/dev/null |
		head -5000 >5k.ndjson
	cat 5k.ndjson 5k.ndjson >10k.ndjson
	local i
	for ((i = 0; i < 100; i++)); do cat 10k.ndjson; done >1m.ndjson
	run wc -l <1m.ndjson
	assert_output 1000000
	local small big
	# et-ingest: the same 5,000 ids again and again, so that the one
	# state documented to grow (the de-duplication set) stays the same
	small=$(peak_kib et-ingest 10k.ndjson)
	big=$(peak_kib et-ingest 1m.ndjson)
	echo "et-ingest: $small KiB for 10k records, $big KiB for 1M" >&3
	((big - small < 3072))
	small=$(peak_kib et-enrich -c "$CAT" 10k.ndjson)
	big=$(peak_kib et-enrich -c "$CAT" 1m.ndjson)
	echo "et-enrich: $small KiB for 10k records, $big KiB for 1M" >&3
	((big - small < 3072))
}

@test "properties: every program gives the same bytes twice, under LC_ALL=C and C.UTF-8, and at another time" {
	local loc
	mkdir a b
	for loc in C C.UTF-8; do
		for d in a b; do
			LC_ALL=$loc et-ingest --posts "$APIFY/instagram-posts.csv" \
				--posts "$APIFY/instagram-post-metadata.csv" \
				"$APIFY"/instagram-comments-*.csv -o $d/in.zst 2>/dev/null
			LC_ALL=$loc et-enrich -c "$CAT" $d/in.zst -o $d/en.ndjson
			LC_ALL=$loc et-agg $d/en.ndjson -o $d/agg.json
			LC_ALL=$loc et-agg --partial $d/en.ndjson -o $d/state
			for f in pdf html md txt; do
				LC_ALL=$loc et-render $d/agg.json -o $d/brief.$f
			done
			mv $d $d.$loc
			mkdir $d
			# the second run a little later: no wall clock in any output
			sleep 1
		done
	done
	rmdir a b
	for d in a.C.UTF-8 b.C b.C.UTF-8; do
		for f in in.zst en.ndjson agg.json state brief.pdf brief.html brief.md brief.txt; do
			cmp "a.C/$f" "$d/$f"
		done
	done
}
