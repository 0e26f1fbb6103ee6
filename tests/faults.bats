#!/usr/bin/env bats
#
# Fault injection across the programs (et(7) ENVIRONMENT): the Nth memory
# allocation (ET_FAIL_ALLOC) or the Nth write (ET_FAIL_WRITE) fails, for a
# range of N.  Every run must end in exit status 3 with a message, or
# succeed with the right output; never crash, and never leave an output
# file, a temporary file or a half-written one behind.  Under
# `make SANITIZE=address,undefined check` a leak or a memory error on any
# of these paths fails the run (its exit status is not 3).  Also: a full
# disk (/dev/full) and a reader that goes away (| head -1).

bats_require_minimum_version 1.5.0

setup_file() {
	local root
	root="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
	F="$BATS_FILE_TMPDIR"
	"$root/bin/et-ingest" "$root/../shared/data/apify/instagram-comments-1.csv" \
		-o "$F/comments.ndjson" 2>/dev/null
	head -300 "$F/comments.ndjson" >"$F/small.ndjson"
	"$root/bin/et-enrich" -c "$root/tests/data/et-enrich/catalog.json" \
		"$F/small.ndjson" -o "$F/enriched.ndjson"
	"$root/bin/et-agg" "$F/enriched.ndjson" -o "$F/agg.json"
}

setup() {
	load helpers
	common_setup
	F="$BATS_FILE_TMPDIR"
	ING="$ROOT/tests/data/et-ingest"
	ECAT="$ROOT/tests/data/et-enrich/catalog.json"
	mkdir -p "$TMP/o"
	run env ET_FAIL_ALLOC=1 et-ingest "$ING/comments.csv"
	((status != 0)) || skip "built without fault injection (FAULT_INJECT=0)"
}

teardown() {
	stop_httpd
}

# sweep VAR "N..." OUT CMD...: runs CMD (which writes OUT, in $TMP/o) with
# VAR=N for each N.  The exit status of a run without a fault: OUT must
# equal what that run writes.  Otherwise: exit 3, a message naming the program, and $TMP/o
# empty.
sweep() {
	local var=$1 ns=$2 out=$3 n prog ref=0
	shift 3
	prog=$(basename "$1")
	"$@" 2>/dev/null || ref=$?
	mv "$out" "$TMP/want"
	rm -f "$TMP"/o/*
	for n in $ns; do
		run --separate-stderr env "$var=$n" "$@"
		if ((status == ref)); then
			cmp "$out" "$TMP/want" || fail "$var=$n: wrong output"
			rm -f "$TMP"/o/*
			continue
		fi
		((status == 3)) || fail "$var=$n: exit $status: ${stderr_lines[0]-}"
		[[ ${stderr_lines[0]-} == "$prog: "* ]] || fail "$var=$n: message: ${stderr_lines[0]-}"
		[ -z "$(ls -A "$TMP/o")" ] || fail "$var=$n: left $(ls -A "$TMP/o")"
	done
}

@test "faults: et-ingest allocation failures, CSV with --posts, a JSON array and --map" {
	sweep ET_FAIL_ALLOC "$(seq 1 150)" "$TMP/o/out" \
		et-ingest --posts "$ING/posts.csv" "$ING/comments.csv" -o "$TMP/o/out"
	sweep ET_FAIL_ALLOC "$(seq 1 150)" "$TMP/o/out" \
		et-ingest "$ING/comments.json" -o "$TMP/o/out"
	sweep ET_FAIL_ALLOC "$(seq 1 150)" "$TMP/o/out.zst" \
		et-ingest --map-file "$ING/vendor-map.jq" "$ING/vendor.csv" -o "$TMP/o/out.zst"
}

@test "faults: et-enrich allocation failures while loading the catalog and enriching" {
	sweep ET_FAIL_ALLOC "$(seq 1 3 600)" "$TMP/o/out" \
		et-enrich -c "$ECAT" "$F/small.ndjson" -o "$TMP/o/out"
}

@test "faults: et-agg and et-render allocation failures with -o" {
	sweep ET_FAIL_ALLOC "$(seq 1 5 500)" "$TMP/o/out" \
		et-agg "$F/enriched.ndjson" -o "$TMP/o/out"
	sweep ET_FAIL_ALLOC "$(seq 1 9 900)" "$TMP/o/out.pdf" \
		et-render "$F/agg.json" -o "$TMP/o/out.pdf"
}

@test "faults: write failures (ET_FAIL_WRITE=N) are exit 3 and leave no file, in every program" {
	sweep ET_FAIL_WRITE "$(seq 1 40)" "$TMP/o/out" \
		et-ingest "$F/comments.ndjson" -o "$TMP/o/out"
	sweep ET_FAIL_WRITE "$(seq 1 12)" "$TMP/o/out.zst" \
		et-ingest "$F/comments.ndjson" -o "$TMP/o/out.zst"
	sweep ET_FAIL_WRITE "$(seq 1 8)" "$TMP/o/out" \
		et-enrich -c "$ECAT" "$F/small.ndjson" -o "$TMP/o/out"
	sweep ET_FAIL_WRITE "$(seq 1 5)" "$TMP/o/out" \
		et-agg "$F/enriched.ndjson" -o "$TMP/o/out"
	sweep ET_FAIL_WRITE "$(seq 1 5)" "$TMP/o/out.html" \
		et-render "$F/agg.json" -o "$TMP/o/out.html"
	# --rejects is written the same way
	sweep ET_FAIL_WRITE "$(seq 1 4)" "$TMP/o/out" \
		et-ingest -k --rejects "$TMP/o/rej" "$ING/ragged.csv" -o "$TMP/o/out"
}

# resume_sweep OUT "N..." CMD...: CMD writes OUT with --checkpoint ck and
# has been killed; for each N, from that same checkpoint, the resumed run
# with the Nth allocation failing ends in exit 3 or succeeds, and a rerun
# then ends with the output of an uninterrupted run ($TMP/want).
resume_sweep() {
	local out=$1 ns=$2 n
	shift 2
	cp ck "$TMP/ck.good"
	cp "$out.part" "$TMP/part.good"
	for n in $ns; do
		cp "$TMP/ck.good" ck
		cp "$TMP/part.good" "$out.part"
		run --separate-stderr env ET_FAIL_ALLOC="$n" "$@"
		if ((status != 0)); then
			((status == 3)) || fail "ET_FAIL_ALLOC=$n: exit $status: ${stderr_lines[0]-}"
			assert_file_exists ck
			"$@" 2>/dev/null || true
		fi
		cmp "$out" "$TMP/want" || fail "ET_FAIL_ALLOC=$n: wrong output"
		rm "$out"
	done
}

@test "faults: allocation failures while resuming at a checkpoint are exit 3 and keep it" {
	cd "$TMP/o" || return 1
	local enr=(et-enrich -c "$ECAT" "$F/comments.ndjson" -o out.zst
		--checkpoint ck --checkpoint-every 500)
	"${enr[@]}"
	mv out.zst "$TMP/want"
	ET_KILL_AFTER=1700 "${enr[@]}" 2>/dev/null || true
	resume_sweep out.zst "$(seq 1 9 300)" "${enr[@]}"
	# et-ingest's state is the de-duplication set, et-agg's its own
	local ing=(et-ingest "$F/comments.ndjson" -o out.zst --checkpoint ck
		--checkpoint-every 500)
	"${ing[@]}"
	mv out.zst "$TMP/want"
	ET_KILL_AFTER=1200 "${ing[@]}" 2>/dev/null || true
	resume_sweep out.zst "$(seq 1 3 120)" "${ing[@]}"
	local agg=(et-agg "$F/enriched.ndjson" -o agg.json --checkpoint ck
		--checkpoint-every 100)
	"${agg[@]}"
	mv agg.json "$TMP/want"
	ET_KILL_AFTER=250 "${agg[@]}" 2>/dev/null || true
	touch agg.json.part
	resume_sweep agg.json "$(seq 1 13 700)" "${agg[@]}"
}

@test "faults: a full disk (/dev/full) is exit 3 for every program" {
	local p
	for p in "et-ingest $F/small.ndjson" "et-enrich -c $ECAT $F/small.ndjson" \
		"et-agg $F/enriched.ndjson" "et-render -f md $F/agg.json"; do
		run --separate-stderr bash -c "$p >/dev/full"
		assert_failure 3
		assert_stderr_line -n 0 --regexp '^et-[a-z]+: .*No space left on device$'
	done
}

@test "faults: a reader that goes away (| head -1) ends each stage silently" {
	for _ in 1 2 3 4 5 6 7 8; do cat "$F/comments.ndjson"; done >"$TMP/big.ndjson"
	run --separate-stderr bash -c 'et-ingest "$1" | head -1; echo "${PIPESTATUS[0]}" >&2' _ "$TMP/big.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_stderr 141
	run --separate-stderr bash -c 'et-enrich -c "$2" "$1" | head -1; echo "${PIPESTATUS[0]}" >&2' _ "$TMP/big.ndjson" "$ECAT"
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_stderr 141
}

@test "faults: allocation failures over the network: et-ingest URL, et-enrich --llm" {
	start_httpd --dataset c="$ROOT/tests/data/network/comments-25.json"
	sweep ET_FAIL_ALLOC "$(seq 1 2 300)" "$TMP/o/out" \
		et-ingest --page-size 10 -o "$TMP/o/out" \
		"$BASE/v2/datasets/c/items?format=json"
	sweep ET_FAIL_ALLOC "$(seq 1 2 400)" "$TMP/o/out" \
		et-enrich -c "$ROOT/examples/catalog.json" -o "$TMP/o/out" \
		--llm "$BASE/v1/chat/completions" --llm-model m \
		"$ROOT/tests/data/llm/comments.ndjson"
}
