#!/usr/bin/env bats
# Scaling out: examples/parallel.sh (GNU parallel on cores and hosts) and the
# Hadoop Streaming recipe of examples/hadoop-streaming.md give the document of
# the serial pipeline, byte for byte, on the real Apify exports.

bats_require_minimum_version 1.5.0

# The records of the real exports, their serial document and the scripts of
# the Hadoop page, made once for the file.
setup_file() {
	load helpers
	BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR common_setup
	FIX=$BATS_FILE_TMPDIR/fix
	mkdir -p "$FIX"
	local apify=$SHARED/apify
	et-ingest --posts "$apify/instagram-posts.csv" \
	    --posts "$apify/instagram-post-metadata.csv" \
	    "$apify"/instagram-comments-*.csv >"$FIX/records.ndjson"
	zstd -q "$FIX/records.ndjson" -o "$FIX/records.ndjson.zst"
	et-enrich -c "$ROOT/share/catalog.json" "$FIX/records.ndjson" \
	    >"$FIX/enriched.ndjson"
	et-agg "$FIX/enriched.ndjson" >"$FIX/serial.json"
	for f in et-hadoop.sh simulate-hadoop.sh; do
		awk -v name="$f" '$0 == "```bash file=" name { on = 1; next }
		    on && /^```$/ { exit } on' \
		    "$ROOT/examples/hadoop-streaming.md" >"$FIX/$f"
	done
	export FIX
}

setup() {
	load helpers
	common_setup
	PAR=$ROOT/examples/parallel.sh
	CAT=$ROOT/share/catalog.json
	REC=$FIX/records.ndjson
	SERIAL=$FIX/serial.json
	HADOOP=$FIX/et-hadoop.sh
}

# KEY<TAB>VALUE lines, as streaming hands them to a combiner or reducer.
kv() {
	sed 's/$/\t/' "$@"
}

@test "scaleout: the input is the real exports, and no et output holds a raw tab" {
	[ "$(wc -l <"$REC")" -gt 7000 ]
	[ "$(wc -l <"$FIX/enriched.ndjson")" -eq "$(wc -l <"$REC")" ]
	[ "$(jq .totals.comments "$SERIAL")" -eq "$(wc -l <"$REC")" ]
	et-agg --partial "$FIX/enriched.ndjson" >"$TMP/state"
	run grep -c $'\t' "$REC" "$FIX/enriched.ndjson" "$TMP/state" "$SERIAL"
	assert_failure 1
	# A tab in a comment is written as the JSON escape \t by every stage,
	# down to the document's quote of the comment.
	printf '%s\n' 'id,ownerUsername,text,timestamp,postUrl' \
	    $'1,ann,"I love Ariana Grande,\tshe is wonderful",2025-11-20T10:00:00.000Z,https://www.instagram.com/p/X/' \
	    >"$TMP/tab.csv"
	et-ingest "$TMP/tab.csv" >"$TMP/tab.ndjson"
	et-enrich -c "$CAT" "$TMP/tab.ndjson" >"$TMP/tab.enriched"
	et-agg --partial "$TMP/tab.enriched" >"$TMP/tab.state"
	et-agg "$TMP/tab.enriched" >"$TMP/tab.json"
	for f in tab.ndjson tab.enriched tab.state tab.json; do
		grep -F 'Ariana Grande,\tshe' "$TMP/$f"
	done
	run grep -c $'\t' "$TMP"/tab.{ndjson,enriched,state,json}
	assert_failure 1
}

@test "scaleout: what both recipes rest on: states of any split, merged in any order or grouping, give the serial bytes" {
	cd "$TMP"
	# round-robin lines, as parallel deals blocks, and shuffled records
	split -n r/4 "$FIX/enriched.ndjson" part.
	for p in part.a?; do
		shuf "$p" | et-agg --partial >"$p.state"
	done
	et-agg --merge part.aa.state part.ab.state part.ac.state part.ad.state >fwd.json
	et-agg --merge part.ad.state part.ac.state part.ab.state part.aa.state >rev.json
	et-agg --merge --partial part.ad.state part.ab.state >db.state
	et-agg --merge --partial part.ac.state part.aa.state >ca.state
	et-agg --merge ca.state db.state >tree.json
	for f in fwd.json rev.json tree.json; do
		cmp "$f" "$SERIAL"
	done
}

@test "scaleout: parallel.sh -j 1, 2 and 4 give the serial document byte for byte" {
	for j in 1 2 4; do
		# parallel reads more options from $PARALLEL: a log of the jobs
		PARALLEL="--joblog $TMP/jobs.$j" run --separate-stderr \
		    "$PAR" -j "$j" -b 256K -c "$CAT" "$REC"
		assert_success
		refute_stderr
		cmp <(printf '%s\n' "$output") "$SERIAL"
		# one job per slot, each with its share of the records
		[ "$(tail -n +2 "$TMP/jobs.$j" | wc -l)" -eq "$j" ]
	done
}

@test "scaleout: parallel.sh reads standard input, '-', and .zst files and streams" {
	"$PAR" -j 2 -c "$CAT" "$FIX/records.ndjson.zst" >"$TMP/zst.json"
	cmp "$TMP/zst.json" "$SERIAL"
	"$PAR" -j 2 -c "$CAT" - <"$FIX/records.ndjson.zst" >"$TMP/zst-stdin.json"
	cmp "$TMP/zst-stdin.json" "$SERIAL"
	# files in order, compressed or not, empty or not, like cat
	head -n 1000 "$REC" >"$TMP/head.ndjson"
	tail -n +1001 "$REC" | zstd -q >"$TMP/tail.ndjson.zst"
	: >"$TMP/empty.ndjson"
	"$PAR" -j 3 -c "$CAT" "$TMP/head.ndjson" "$TMP/empty.ndjson" - \
	    <"$TMP/tail.ndjson.zst" >"$TMP/mixed.json"
	cmp "$TMP/mixed.json" "$SERIAL"
	# no record at all: what et-agg makes of no record
	"$PAR" -c "$CAT" </dev/null >"$TMP/none.json"
	et-agg </dev/null | cmp - "$TMP/none.json"
}

@test "scaleout: parallel.sh --sshlogin ':' and '1/:' (this host, through parallel's remote path) give the same bytes" {
	for login in : 1/: 3/:; do
		PARALLEL="--joblog $TMP/jobs" run --separate-stderr \
		    "$PAR" -S "$login" -b 256K -c "$CAT" "$REC"
		assert_success
		refute_stderr
		cmp <(printf '%s\n' "$output") "$SERIAL"
	done
	# N/: counts N CPUs, and -j's default of 100% is one job per CPU
	[ "$(tail -n +2 "$TMP/jobs" | wc -l)" -eq 3 ]
}

@test "scaleout: parallel.sh over ssh to 127.0.0.1 gives the same bytes and leaves nothing there" {
	# ET_TEST_SSH: the ssh command to use (default ssh), e.g. with -p or -i
	local ssh=${ET_TEST_SSH:-ssh}
	command -v rsync >/dev/null ||
	    skip "no rsync (parallel --basefile sends the catalog with it)"
	# shellcheck disable=SC2086 # $ssh is a command line
	$ssh -o BatchMode=yes -o ConnectTimeout=3 127.0.0.1 true 2>/dev/null ||
	    skip "no sshd on 127.0.0.1 that lets this user in without a password"
	# The remote PATH lacks this checkout's bin/: send ours (parallel --env).
	PARALLEL_SSH=$ssh PARALLEL="--env PATH" run --separate-stderr \
	    "$PAR" -j 2 -S 127.0.0.1 -c "$CAT" "$REC" -- --days 7
	assert_success
	et-agg --days 7 "$FIX/enriched.ndjson" >"$TMP/serial7.json"
	cmp <(printf '%s\n' "$output") "$TMP/serial7.json"
	# a bad record there: et-enrich's diagnostic comes back, and its status
	{ head -n 3000 "$REC"; echo '{"id":"x","created_at":"2025-11-20T10:00:00Z"}'
	    tail -n +3001 "$REC"; } >"$TMP/bad.ndjson"
	PARALLEL_SSH=$ssh PARALLEL="--env PATH" run --separate-stderr \
	    "$PAR" -j 1 -S 127.0.0.1 -c "$CAT" "$TMP/bad.ndjson"
	assert_failure 1
	refute_output
	assert_stderr_line --regexp "^et-enrich: <stdin>:[0-9]+: missing string field 'text'\$"
	# the catalog sent with --basefile is gone again, after both runs
	# shellcheck disable=SC2086
	run $ssh -o BatchMode=yes 127.0.0.1 'ls -d ~/et-parallel.* 2>/dev/null'
	refute_output
}

@test "scaleout: parallel.sh gives record filters to the jobs and other et-agg options to the merge" {
	local where='any(.signals[]; .type == "sentiment" and .entity != null and .score < -0.1)'
	et-agg --since 2025-11-22 --where "$where" --days 3 --top 5 \
	    --alerts "$TMP/serial.alerts" "$FIX/enriched.ndjson" >"$TMP/serial.json"
	run --separate-stderr "$PAR" -j 3 -S 1/: -c "$CAT" "$REC" -- \
	    --since=2025-11-22 --where "$where" --days 3 --top 5 \
	    --alerts "$TMP/par.alerts" -o "$TMP/par.json"
	assert_success
	refute_output
	cmp "$TMP/par.json" "$TMP/serial.json"
	cmp "$TMP/par.alerts" "$TMP/serial.alerts"
	# --partial: the merged state, as et-agg --partial of all the records
	"$PAR" -j 2 -c "$CAT" "$REC" -- --partial >"$TMP/par.state"
	et-agg --partial "$FIX/enriched.ndjson" | cmp - "$TMP/par.state"
}

@test "scaleout: the Hadoop Streaming simulation of hadoop-streaming.md gives the serial bytes" {
	[ -s "$HADOOP" ]
	[ -s "$FIX/simulate-hadoop.sh" ]
	run --separate-stderr bash "$FIX/simulate-hadoop.sh" "$REC" "$CAT"
	assert_success
	refute_stderr
	cmp <(printf '%s\n' "$output") "$SERIAL"
	# record filters to the combiner and reducer, document options after --
	bash "$FIX/simulate-hadoop.sh" "$REC" "$CAT" --since 2025-11-22 -- \
	    --days 3 --top 5 >"$TMP/hadoop.json"
	et-agg --since 2025-11-22 --days 3 --top 5 "$FIX/enriched.ndjson" |
	    cmp - "$TMP/hadoop.json"
}

@test "scaleout: et-hadoop.sh without the combiner, with it run again on its output, and with several reducers" {
	local enr=$FIX/enriched.ndjson
	cd "$TMP"
	# no combiner: the sorted records straight to the reducer
	LC_ALL=C sort "$enr" | kv | bash "$HADOOP" reduce >none.json
	cmp none.json "$SERIAL"
	# spills combined, then the spills' states combined again, with records
	split -n l/5 "$enr" spill.
	for s in spill.aa spill.ab spill.ac spill.ad; do
		kv "$s" | bash "$HADOOP" combine >"$s.state"
	done
	[ "$(wc -l <spill.aa.state)" -eq 1 ]
	kv spill.aa.state spill.ab.state spill.ae | bash "$HADOOP" combine >ab.state
	kv spill.ac.state spill.ad.state | bash "$HADOOP" combine >cd.state
	LC_ALL=C sort ab.state cd.state | kv | bash "$HADOOP" reduce >twice.json
	cmp twice.json "$SERIAL"
	# several reducers that combine, one without input; their part files
	# reduced where wanted, also as the default separator leaves them
	split -n r/3 "$enr" part.
	: >part.ad
	for p in part.aa part.ab part.ac part.ad; do
		kv "$p" | bash "$HADOOP" combine >"$p.out"
	done
	[ ! -s part.ad.out ]
	cat part.*.out | bash "$HADOOP" reduce >reducers.json
	cmp reducers.json "$SERIAL"
	kv part.*.out | bash "$HADOOP" reduce >reducers-tab.json
	cmp reducers-tab.json "$SERIAL"
	# a state line decodes to an ordinary state file
	base64 -d <part.aa.out >aa.state.zst
	et-agg --partial part.aa | cmp - <(zstd -dc aa.state.zst)
	# no input at all
	bash "$HADOOP" reduce </dev/null >empty.json
	et-agg </dev/null | cmp - empty.json
	run --separate-stderr bash "$HADOOP" combine -- --days 3
	assert_failure 2
	assert_stderr --partial "usage: et-hadoop.sh"
}

@test "scaleout: et-ingest in the mapper, one split per export file, gives the serial bytes on these exports" {
	local apify=$SHARED/apify f
	cp "$apify/instagram-posts.csv" "$TMP/posts.csv"
	cp "$apify/instagram-post-metadata.csv" "$TMP/post-metadata.csv"
	cp "$CAT" "$TMP/catalog.json"
	cd "$TMP"
	for f in "$apify"/instagram-comments-*.csv; do
		# the mapper of the page, one map task per file
		bash -c 'set -o pipefail; et-ingest --posts posts.csv --posts post-metadata.csv - | et-enrich -c catalog.json' <"$f" |
		    LC_ALL=C sort | kv | bash "$HADOOP" combine
	done >maps.out
	[ "$(wc -l <maps.out)" -eq 3 ]
	LC_ALL=C sort maps.out | kv | bash "$HADOOP" reduce >ingest.json
	cmp ingest.json "$SERIAL"
}

@test "scaleout: parallel.sh -h prints the usage on stdout" {
	run --separate-stderr "$PAR" -h
	assert_success
	refute_stderr
	assert_line --index 0 --regexp '^usage: parallel\.sh '
	assert_output --partial "--sshlogin"
	run --separate-stderr "$PAR" --help
	assert_success
}

@test "scaleout: parallel.sh: bad usage and bad data fail clearly and leave no temporary file" {
	export TMPDIR=$TMP/tmpdir
	mkdir "$TMPDIR"
	run --separate-stderr "$PAR" --bogus -c "$CAT" "$REC"
	assert_failure 2
	refute_output
	assert_stderr_line -n 0 "parallel.sh: unknown option '--bogus'"
	assert_stderr_line "try 'parallel.sh --help' for more information"
	run --separate-stderr "$PAR" "$REC"
	assert_failure 2
	assert_stderr_line -n 0 "parallel.sh: no catalog: give -c FILE"
	run --separate-stderr "$PAR" -c
	assert_failure 2
	assert_stderr_line -n 0 "parallel.sh: option '-c' needs an argument"
	run --separate-stderr "$PAR" -c "$TMP/nope.json" "$REC"
	assert_failure 3
	refute_output
	assert_stderr "parallel.sh: cannot open catalog '$TMP/nope.json': No such file or directory"
	run --separate-stderr "$PAR" -c "$CAT" "$TMP/nope.ndjson"
	assert_failure 3
	assert_stderr "parallel.sh: cannot open '$TMP/nope.ndjson': No such file or directory"
	run --separate-stderr "$PAR" -j lots -c "$CAT" "$REC"
	assert_failure 2
	assert_stderr_line -n 0 "parallel.sh: invalid --jobs 'lots'"
	# a catalog that et-enrich refuses, bad et-agg options: found before the
	# work, reported by the program
	printf '{"not": "an array"}\n' >"$TMP/bad-catalog.json"
	run --separate-stderr "$PAR" -c "$TMP/bad-catalog.json" "$REC"
	assert_failure
	refute_output
	assert_stderr_line -n 0 --regexp '^et-enrich: '
	run --separate-stderr "$PAR" -c "$CAT" "$REC" -- --days never
	assert_failure 2
	refute_output
	assert_stderr_line -n 0 --partial "et-agg: invalid --days 'never'"
	run --separate-stderr "$PAR" -c "$CAT" "$REC" -- --where '.text |'
	assert_failure 2
	assert_stderr_line -n 0 --partial "et-agg: invalid --where program"
	# a bad record in the middle: et-enrich's diagnostic, its exit status,
	# no document, and no "parallel: This job failed" noise
	{ head -n 3000 "$REC"; echo '{"id":"x","created_at":"2025-11-20T10:00:00Z"}'
	    tail -n +3001 "$REC"; } >"$TMP/bad.ndjson"
	run --separate-stderr "$PAR" -j 2 -c "$CAT" "$TMP/bad.ndjson" -- -o "$TMP/out.json"
	assert_failure 1
	refute_output
	assert_stderr_line --regexp "^et-enrich: <stdin>:[0-9]+: missing string field 'text'\$"
	refute_stderr_line --partial "This job failed"
	[ ! -e "$TMP/out.json" ]
	# nothing left behind in TMPDIR
	run ls -A "$TMPDIR"
	refute_output
}

@test "scaleout: parallel.sh and the scripts of hadoop-streaming.md are shellcheck-clean" {
	command -v shellcheck >/dev/null || skip "no shellcheck"
	run shellcheck -x "$PAR" "$HADOOP" "$FIX/simulate-hadoop.sh"
	assert_success
}
