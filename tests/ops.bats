#!/usr/bin/env bats
#
# Observability, shared by every program (et(7)): --progress and
# --no-progress, --stats, --metrics FILE (Prometheus textfile format).

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	APIFY="$SHARED/apify"
	CAT="$ROOT/share/catalog.json"
	cd "$TMP" || return 1
}

# Every sample line of a metrics file: a known name, the prog label (and
# for records the outcome), a number.
assert_metrics_format() {
	run grep -v '^#' "$1"
	assert_success
	local l
	for l in "${lines[@]}"; do
		[[ $l =~ ^et_[a-z_]+\{prog=\"et-(ingest|enrich|agg|render)\"(,outcome=\"(read|written|rejected)\")?\}\ [0-9]+(\.[0-9]+)?$ ]] ||
			fail "not a metrics line: $l"
	done
	# HELP and TYPE for every metric
	run grep -c '^# TYPE ' "$1"
	assert_output "$(grep -v '^#' "$1" | sed 's/{.*//' | sort -u | wc -l)"
}

@test "ops: --metrics writes the run's counts as Prometheus metrics, the same as --stats" {
	et-ingest "$APIFY"/instagram-comments-1.csv -o in.ndjson 2>/dev/null
	run --separate-stderr et-enrich -c "$CAT" in.ndjson -o out.ndjson \
		--stats --metrics enrich.prom
	assert_success
	assert_metrics_format enrich.prom
	local n bin bout
	n=$(jq -r .records_in <<<"$stderr")
	bin=$(jq -r .bytes_in <<<"$stderr")
	bout=$(jq -r .bytes_out <<<"$stderr")
	assert_equal "$n" "$(wc -l <in.ndjson)"
	assert_file_contains enrich.prom "^et_records_total{prog=\"et-enrich\",outcome=\"read\"} $n\$"
	assert_file_contains enrich.prom "^et_records_total{prog=\"et-enrich\",outcome=\"written\"} $n\$"
	assert_file_contains enrich.prom '^et_records_total{prog="et-enrich",outcome="rejected"} 0$'
	assert_file_contains enrich.prom "^et_input_bytes_total{prog=\"et-enrich\"} $bin\$"
	assert_file_contains enrich.prom "^et_output_bytes_total{prog=\"et-enrich\"} $bout\$"
	assert_file_contains enrich.prom '^et_exit_status{prog="et-enrich"} 0$'
	assert_file_contains enrich.prom '^# TYPE et_records_total counter$'
	assert_file_contains enrich.prom '^# TYPE et_run_seconds gauge$'
	# timestamps: now, in seconds since the epoch
	local t now
	t=$(sed -n 's/^et_last_success_timestamp_seconds{prog="et-enrich"} //p' enrich.prom)
	now=$(date +%s)
	((${t%.*} <= now && ${t%.*} > now - 60))
	# no entity, author or comment text anywhere in it
	run grep -c -i -e markle -e swift -e user_ enrich.prom
	assert_output 0
	# nothing else left in the directory
	assert_equal "$(find . -name '*.tmp.*' | wc -l)" 0
}

@test "ops: a failed run records its exit status and keeps the last success time" {
	et-ingest "$APIFY"/instagram-comments-1.csv -o in.ndjson 2>/dev/null
	et-enrich -c "$CAT" in.ndjson -o /dev/null --metrics m.prom
	local ok
	ok=$(grep '^et_last_success_timestamp_seconds' m.prom)
	sleep 1
	run --separate-stderr et-enrich -c "$CAT" missing.ndjson --metrics m.prom
	assert_failure 3
	assert_file_contains m.prom '^et_exit_status{prog="et-enrich"} 3$'
	assert_equal "$(grep '^et_last_success_timestamp_seconds' m.prom)" "$ok"
	assert_metrics_format m.prom
	# exit 1 with -k is a success (all input read); without -k it is not
	printf '{"id":"x:1"}\n' >>in.ndjson
	run --separate-stderr et-enrich -c "$CAT" in.ndjson -o /dev/null --metrics m.prom
	assert_failure 1
	assert_equal "$(grep '^et_last_success_timestamp_seconds' m.prom)" "$ok"
	sleep 1
	run --separate-stderr et-enrich -k -c "$CAT" in.ndjson -o /dev/null --metrics m.prom
	assert_failure 1
	assert_file_contains m.prom '^et_records_total{prog="et-enrich",outcome="rejected"} 1$'
	refute [ "$(grep '^et_last_success_timestamp_seconds' m.prom)" = "$ok" ]
	# -k does not make a run that stopped early a success
	ok=$(grep '^et_last_success_timestamp_seconds' m.prom)
	sleep 1
	run --separate-stderr et-ingest -k --posts "$APIFY/instagram-comments-1.csv" \
		"$APIFY/instagram-comments-1.csv" -o /dev/null --metrics m.prom
	assert_failure 1
	assert_stderr --partial "is not a posts or post-metadata export"
	assert_file_contains m.prom '^et_exit_status{prog="et-ingest"} 1$'
	run grep -c '^et_last_success_timestamp_seconds{prog="et-ingest"}' m.prom
	assert_output 0
	# a first run that fails has no success time at all
	run --separate-stderr et-agg missing.ndjson --metrics new.prom
	assert_failure 3
	run grep -c last_success new.prom
	assert_output 0
	# a metrics file that cannot be written is exit 3
	run --separate-stderr et-agg /dev/null --metrics nodir/m.prom
	assert_failure 3
	assert_stderr --partial "et-agg: cannot write metrics 'nodir/m.prom': No such file or directory"
}

@test "ops: --metrics and --stats in each program" {
	et-ingest "$APIFY"/instagram-comments-1.csv --metrics ingest.prom -o in.ndjson 2>/dev/null
	et-enrich -c "$CAT" in.ndjson --metrics enrich.prom -o en.ndjson
	et-agg en.ndjson --metrics agg.prom -o agg.json
	run --separate-stderr et-render agg.json -o brief.md --metrics render.prom --stats
	assert_success
	assert_stderr --regexp '^\{"prog":"et-render","records_in":1,"records_out":1,"rejected":0,"bytes_in":[0-9]+,"bytes_out":[0-9]+,"seconds":[0-9.]+\}$'
	assert_equal "$(jq -r .bytes_out <<<"$stderr")" "$(wc -c <brief.md)"
	local p
	for p in ingest enrich agg render; do
		assert_metrics_format $p.prom
		assert_file_contains $p.prom "^et_exit_status{prog=\"et-$p\"} 0\$"
	done
	assert_file_contains agg.prom "^et_records_total{prog=\"et-agg\",outcome=\"read\"} $(wc -l <en.ndjson)\$"
	assert_file_contains render.prom '^et_records_total{prog="et-render",outcome="written"} 1$'
	run --separate-stderr et-render missing.json --metrics render.prom
	assert_failure 3
	assert_file_contains render.prom '^et_exit_status{prog="et-render"} 3$'
}

@test "ops: --progress: records, rate, percent and time left; off by default when stderr is not a terminal" {
	et-ingest "$APIFY"/instagram-comments-*.csv -o in.ndjson 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8; do cat in.ndjson; done >big.ndjson
	local n
	n=$(wc -l <big.ndjson)
	# not a terminal: nothing unless asked
	run --separate-stderr et-enrich -c "$CAT" big.ndjson -o /dev/null
	assert_success
	assert_stderr ""
	run --separate-stderr et-enrich -c "$CAT" big.ndjson -o /dev/null --progress
	assert_success
	assert_equal "$n" 63000
	assert_stderr_line --regexp "^et-enrich: 63,000 records, [0-9,]+/s, 100% in [0-9.]+ s\$"
	run --separate-stderr et-enrich -c "$CAT" big.ndjson -o /dev/null --progress --no-progress
	assert_stderr ""
	# on a terminal: redrawn in place with \r, ending with a newline
	command -v script >/dev/null || skip "no script(1) for a terminal"
	run script -qec "et-enrich -c '$CAT' '$TMP/big.ndjson' -o /dev/null" /dev/null
	assert_success
	assert_output --partial $'\ret-enrich: '
	assert_output --regexp '[0-9]+%, [0-9]+:[0-9]{2}:[0-9]{2} left'
	assert_output --partial "100% in "
	# stdin: the size is unknown, so no percent
	run --separate-stderr bash -c 'et-ingest --progress <"$1" >/dev/null' _ in.ndjson
	assert_success
	assert_stderr --regexp "^et-ingest: [0-9,]+ records, [0-9,]+/s in [0-9.]+ s\$"
}
