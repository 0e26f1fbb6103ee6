#!/usr/bin/env bats
#
# --checkpoint and --checkpoint-every of et-ingest, et-enrich and et-agg
# (et(7), design guarantee 4): a run killed with SIGKILL at any moment and
# re-run with the same command line ends with output byte-identical to an
# uninterrupted run; a checkpoint that is corrupt, truncated or not this
# run's is refused.  Kills at exact points use the test builds'
# ET_KILL_AFTER=N (SIGKILL after N rows) and ET_KILL_COMMIT=N (SIGKILL
# inside the Nth commit, after the outputs are made durable and before the
# checkpoint is replaced); others come at random moments from outside.

bats_require_minimum_version 1.5.0

setup_file() {
	local root shared
	root="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
	shared="$root/../shared/data/apify"
	F="$BATS_FILE_TMPDIR"
	"$root/bin/et-ingest" "$shared"/instagram-comments-*.csv \
		-o "$F/comments.ndjson" 2>/dev/null
	zstd -q "$F/comments.ndjson" -o "$F/comments.ndjson.zst"
	"$root/bin/et-enrich" -c "$root/share/catalog.json" \
		"$F/comments.ndjson" -o "$F/enriched.ndjson"
	# four times the records, for kills at random moments
	for i in 1 2 3 4; do cat "$F/comments.ndjson"; done \
		>"$F/big.ndjson"
}

setup() {
	load helpers
	common_setup
	F="$BATS_FILE_TMPDIR"
	APIFY="$SHARED/apify"
	CAT="$ROOT/share/catalog.json"
	cd "$TMP" || return 1
}

# resume_until_done CMD...: runs CMD until it succeeds (at most 50 times);
# fails on any exit status but 0 and 137 (SIGKILL).
resume_until_done() {
	local i st
	for ((i = 0; i < 50; i++)); do
		st=0
		"$@" 2>"$TMP/err" || st=$?
		[ "$st" -eq 0 ] && return 0
		if [ "$st" -ne 137 ]; then
			cat "$TMP/err" >&2
			return 1
		fi
	done
	return 1
}

# kill_sweep OUT REF CMD...: for each N of $POINTS, kills CMD (which writes
# OUT with --checkpoint ck) after N rows, then after the Nth commit, reruns
# it, and checks that OUT equals REF byte for byte and that nothing is left
# behind.
kill_sweep() {
	local out=$1 ref=$2 n var st
	shift 2
	for var in ET_KILL_AFTER ET_KILL_COMMIT; do
		for n in $POINTS; do
			rm -f "$out"
			st=0
			env "$var=$n" "$@" 2>/dev/null || st=$?
			if [ "$st" -ne 137 ] && [ "$var" = ET_KILL_AFTER ]; then
				echo "$var=$n: exit $st, not killed" >&2
				return 1
			fi
			resume_until_done "$@"
			cmp "$out" "$ref" || {
				echo "$var=$n: output differs" >&2
				return 1
			}
			if [ -e ck ] || [ -e "$out.part" ]; then
				echo "$var=$n: checkpoint or part left" >&2
				return 1
			fi
		done
	done
}

# kill_randomly OUT REF TIMES CMD...: kills CMD at random moments (0 to 0.6
# s after it starts), TIMES runs, each resumed (killed again at random)
# until it completes; OUT must equal REF each time.  SIG (default KILL) is
# the signal sent.
kill_randomly() {
	local out=$1 ref=$2 times=$3 i pid
	shift 3
	for ((i = 0; i < times; i++)); do
		rm -f "$out"
		until [ -e "$out" ]; do
			"$@" 2>/dev/null &
			pid=$!
			sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
			kill -"${SIG:-KILL}" "$pid" 2>/dev/null || true
			wait "$pid" || true
		done
		cmp "$out" "$ref" || return 1
		[ ! -e ck ] || return 1
	done
}

@test "checkpoint: --checkpoint needs -o FILE; bad values are usage errors" {
	run --separate-stderr et-enrich --checkpoint ck "$F/comments.ndjson"
	assert_failure 2
	assert_stderr_line -n 0 "et-enrich: --checkpoint needs -o FILE"
	run --separate-stderr et-ingest --checkpoint ck -o - "$F/comments.ndjson"
	assert_failure 2
	assert_stderr_line -n 0 "et-ingest: --checkpoint needs -o FILE"
	run --separate-stderr et-agg --checkpoint ck -o /dev/null "$F/enriched.ndjson"
	assert_failure 2
	assert_stderr_line -n 0 "et-agg: --checkpoint needs -o FILE to be a regular file"
	run --separate-stderr et-enrich --checkpoint-every 10 -o x "$F/comments.ndjson"
	assert_failure 2
	assert_stderr_line -n 0 "et-enrich: --checkpoint-every needs --checkpoint"
	run --separate-stderr et-enrich --checkpoint ck --checkpoint-every 0 -o x "$F/comments.ndjson"
	assert_failure 2
	assert_stderr_line -n 0 --partial "invalid --checkpoint-every '0'"
	run --separate-stderr et-enrich --checkpoint x -o x "$F/comments.ndjson"
	assert_failure 2
	assert_stderr_line -n 0 "et-enrich: --checkpoint, -o and --rejects need different files"
	run --separate-stderr et-render --checkpoint ck -o x.txt /dev/null
	assert_failure 2
	assert_stderr_line -n 0 "et-render: unknown option '--checkpoint'"
	assert_equal "$(ls)" ""
}

@test "checkpoint: the output equals a run without it; the checkpoint and part file are gone" {
	et-enrich -c "$CAT" "$F/comments.ndjson" -o plain.ndjson
	et-enrich -c "$CAT" "$F/comments.ndjson" -o out.ndjson --checkpoint ck \
		--checkpoint-every 1000
	cmp out.ndjson plain.ndjson
	et-enrich -c "$CAT" "$F/comments.ndjson" -o out.ndjson.zst --checkpoint ck \
		--checkpoint-every 1000
	# one zstd frame per 1000 records: 8 frames for 7875 records
	run zstd -lv out.ndjson.zst
	assert_output --partial "# Zstandard Frames: 8"
	zstd -dc out.ndjson.zst | cmp - plain.ndjson
	assert_equal "$(find . -mindepth 1 | sort | tr '\n' ' ')" "./out.ndjson ./out.ndjson.zst ./plain.ndjson "
}

@test "checkpoint: et-ingest killed after N rows or inside a commit resumes to identical bytes (CSV, --posts)" {
	local cmd=(et-ingest --posts "$APIFY/instagram-posts.csv"
		--posts "$APIFY/instagram-post-metadata.csv"
		"$APIFY"/instagram-comments-*.csv -o out.zst --checkpoint ck
		--checkpoint-every 1000)
	"${cmd[@]}" 2>/dev/null
	mv out.zst ref.zst
	POINTS="1 999 1000 1001 2500 4000 4001 7000 7874 7875" \
		kill_sweep out.zst ref.zst "${cmd[@]}"
	run zstd -dc out.zst
	assert_equal "${#lines[@]}" 7875
}

@test "checkpoint: et-ingest resumes inside a JSON array and an NDJSON file, and across files" {
	jq -s . "$F/comments.ndjson" >array.json
	head -3000 "$F/comments.ndjson" >first.ndjson
	local cmd=(et-ingest array.json first.ndjson -o out.ndjson
		--checkpoint ck --checkpoint-every 700)
	"${cmd[@]}"
	mv out.ndjson ref.ndjson
	# the second file's records are all duplicates of the first's
	POINTS="1 700 6999 7875 7876 8000 9000 10874 10875" \
		kill_sweep out.ndjson ref.ndjson "${cmd[@]}"
	run --separate-stderr "${cmd[@]}" --stats
	assert_stderr --partial '"records_in":10875,"records_out":7875'
	assert_stderr --partial '"duplicates":3000'
}

@test "checkpoint: et-ingest's counters and --rejects survive a kill" {
	{
		head -2000 "$F/comments.ndjson"
		echo '{"broken'
		sed -n 2001,4000p "$F/comments.ndjson"
		echo '[1]'
		head -10 "$F/comments.ndjson"
	} >mixed.ndjson
	local cmd=(et-ingest -k --stats --rejects rej.ndjson mixed.ndjson
		-o out.ndjson --checkpoint ck --checkpoint-every 500)
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	local want=$stderr
	mv out.ndjson ref.ndjson
	mv rej.ndjson ref-rej.ndjson
	for n in 1 2000 2001 2002 3500 4001 4002 4011; do
		rm -f out.ndjson rej.ndjson
		ET_KILL_AFTER=$n "${cmd[@]}" 2>/dev/null || true
		run --separate-stderr "${cmd[@]}"
		assert_failure 1
		cmp out.ndjson ref.ndjson
		cmp rej.ndjson ref-rej.ndjson
		# the same counts and summary (the run time aside)
		assert_equal "$(tail -2 <<<"${stderr//\"seconds\":[0-9.]*/}")" \
			"$(tail -2 <<<"${want//\"seconds\":[0-9.]*/}")"
	done
}

@test "checkpoint: et-enrich killed at many points resumes to identical bytes (plain and .zst input)" {
	local in
	for in in comments.ndjson comments.ndjson.zst; do
		local cmd=(et-enrich -c "$CAT" "$F/$in" -o out.zst --checkpoint ck
			--checkpoint-every 1000)
		"${cmd[@]}"
		mv out.zst ref.zst
		POINTS="1 999 1000 1001 3999 4000 6543 7874 7875" \
			kill_sweep out.zst ref.zst "${cmd[@]}"
	done
}

@test "checkpoint: et-agg killed at many points resumes to identical bytes, and --merge too" {
	local cmd=(et-agg "$F/enriched.ndjson" -o agg.json --checkpoint ck
		--checkpoint-every 800)
	"${cmd[@]}"
	mv agg.json ref.json
	et-agg "$F/enriched.ndjson" | cmp - ref.json
	POINTS="1 799 800 801 4000 7874 7875" kill_sweep agg.json ref.json "${cmd[@]}"
	# partial states of three shards merged with a checkpoint
	head -3000 "$F/enriched.ndjson" | et-agg --partial -o s1
	sed -n 3001,6000p "$F/enriched.ndjson" | et-agg --partial -o s2
	sed -n '6001,$p' "$F/enriched.ndjson" | et-agg --partial -o s3
	local merge=(et-agg --merge s1 s2 s3 -o m.json --checkpoint ck
		--checkpoint-every 50)
	"${merge[@]}"
	cmp m.json ref.json
	local rows
	rows=$(cat s1 s2 s3 | wc -l)
	POINTS="1 49 50 51 $((rows / 2)) $((rows - 1)) $rows" \
		kill_sweep m.json ref.json "${merge[@]}"
}

@test "checkpoint: killed at random moments, each program resumes to identical bytes" {
	local ing=(et-ingest "$F/big.ndjson" "$F/comments.ndjson.zst"
		-o ing.zst --checkpoint ck --checkpoint-every 2000)
	"${ing[@]}"
	mv ing.zst ing-ref.zst
	kill_randomly ing.zst ing-ref.zst 4 "${ing[@]}"
	local enr=(et-enrich -c "$CAT" "$F/big.ndjson" -o enr.zst
		--checkpoint ck --checkpoint-every 3000)
	"${enr[@]}"
	mv enr.zst enr-ref.zst
	kill_randomly enr.zst enr-ref.zst 4 "${enr[@]}"
	zstd -dc enr.zst >big-enriched.ndjson
	local agg=(et-agg big-enriched.ndjson -o agg.json --checkpoint ck
		--checkpoint-every 3000)
	"${agg[@]}"
	mv agg.json agg-ref.json
	kill_randomly agg.json agg-ref.json 4 "${agg[@]}"
	# SIGTERM and SIGINT remove temporary files, but keep the checkpoint
	# and the .part files
	SIG=TERM kill_randomly enr.zst enr-ref.zst 2 "${enr[@]}"
	SIG=INT kill_randomly agg.json agg-ref.json 2 "${agg[@]}"
	run find . -name '*.tmp.*'
	assert_output ""
}

@test "checkpoint: a corrupt, truncated or foreign checkpoint is refused and nothing is touched" {
	local cmd=(et-enrich -c "$CAT" "$F/comments.ndjson" -o out.zst
		--checkpoint ck --checkpoint-every 1000)
	ET_KILL_AFTER=4500 "${cmd[@]}" 2>/dev/null || true
	cp ck ck.good
	cp out.zst.part part.good
	# truncated
	head -c 100 ck.good >ck
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr "et-enrich: checkpoint 'ck' is corrupt: truncated zstd input"
	cmp out.zst.part part.good
	assert_file_not_exists out.zst
	# one byte changed: the frame's checksum fails
	cp ck.good ck
	printf 'X' | dd of=ck bs=1 seek=40 conv=notrunc 2>/dev/null
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr --partial "et-enrich: checkpoint 'ck' is corrupt"
	# not zstd at all
	echo '{"et_checkpoint":1}' >ck
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr "et-enrich: 'ck' is not an et checkpoint"
	# valid zstd, bad header
	zstd -dc ck.good | sed 's/"pos":\[0,/"pos":[7,/' | zstd -q -o ck -f
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr "et-enrich: checkpoint 'ck' is corrupt: bad position"
	# another program's
	zstd -dc ck.good | sed 's/"prog":"et-enrich"/"prog":"et-agg"/' | zstd -q -o ck -f
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr "et-enrich: checkpoint 'ck' was written by et-agg, not et-enrich"
	cmp out.zst.part part.good
	# the good one still resumes
	cp ck.good ck
	"${cmd[@]}"
	"${cmd[@]/out.zst/ref.zst}"
	cmp out.zst ref.zst
}

@test "checkpoint: a changed command line or input is refused" {
	cp "$F/comments.ndjson" in.ndjson
	local cmd=(et-enrich -c "$CAT" in.ndjson -o out.zst --checkpoint ck
		--checkpoint-every 1000)
	ET_KILL_AFTER=2500 "${cmd[@]}" 2>/dev/null || true
	cp ck ck.good
	run --separate-stderr "${cmd[@]}" --no-subject
	assert_failure 1
	assert_stderr "et-enrich: checkpoint 'ck' was written for another command line"
	run --separate-stderr "${cmd[@]/1000/500}"
	assert_failure 1
	assert_stderr "et-enrich: checkpoint 'ck' was written for another command line"
	# same size, new contents: the modification time tells
	touch -d '2020-01-01' in.ndjson
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr "et-enrich: input 'in.ndjson' has changed since checkpoint 'ck' was written"
	touch -d '2020-01-01' in.ndjson
	cp "$F/comments.ndjson" in.ndjson
	cp ck.good ck
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr --partial "has changed since checkpoint"
	# the part file cut short
	cp -p "$F/comments.ndjson" in.ndjson
	rm ck out.zst.part
	ET_KILL_AFTER=2500 "${cmd[@]}" 2>/dev/null || true
	truncate -s 100 out.zst.part
	run --separate-stderr "${cmd[@]}"
	assert_failure 1
	assert_stderr "et-enrich: checkpoint 'ck' does not match 'out.zst.part'; remove both to start afresh"
	rm ck out.zst.part
	"${cmd[@]}"
	assert_file_not_exists ck
}

@test "checkpoint: two runs on the same files at once: the second is refused" {
	mkfifo fifo
	et-enrich -c "$CAT" fifo -o out.zst --checkpoint ck 2>/dev/null &
	local pid=$!
	# the first run holds out.zst.part from its start, then waits on fifo
	local i
	for ((i = 0; i < 100; i++)); do
		[ -e out.zst.part ] && break
		sleep 0.05
	done
	run --separate-stderr et-enrich -c "$CAT" fifo -o out.zst --checkpoint ck
	assert_failure 3
	assert_stderr "et-enrich: 'out.zst.part' is in use by another run"
	cat "$F/comments.ndjson" >fifo
	wait "$pid"
	zstd -dc out.zst | cmp - <(et-enrich -c "$CAT" "$F/comments.ndjson")
}

@test "checkpoint: a run that failed to write (exit 3) resumes once the disk is fixed" {
	local cmd=(et-enrich -c "$CAT" "$F/comments.ndjson" -o out.zst
		--checkpoint ck --checkpoint-every 1000)
	"${cmd[@]}"
	mv out.zst ref.zst
	local n
	for n in 1 3 8 17 30; do
		run --separate-stderr env ET_FAIL_WRITE=$n "${cmd[@]}"
		assert_failure 3
		assert_stderr --regexp "^et-enrich: (write error|cannot write checkpoint 'ck'): Input/output error$"
		assert_file_not_exists out.zst
		"${cmd[@]}"
		cmp out.zst ref.zst
		rm out.zst
	done
}

@test "checkpoint: a finished run's checkpoint starts afresh; stdin is read again (at-least-once, ids de-duplicated)" {
	local cmd=(et-ingest -o out.ndjson --checkpoint ck --checkpoint-every 1000)
	"${cmd[@]}" <"$F/comments.ndjson"
	mv out.ndjson ref.ndjson
	ET_KILL_AFTER=3500 "${cmd[@]}" <"$F/comments.ndjson" 2>/dev/null || true
	run --separate-stderr "${cmd[@]}" --stats <"$F/comments.ndjson"
	assert_failure 1
	assert_stderr --partial "another command line"
	run --separate-stderr "${cmd[@]}" <"$F/comments.ndjson"
	assert_success
	# the 3000 committed records came again and were dropped as duplicates
	cmp out.ndjson ref.ndjson
	# a checkpoint marked done (killed between finishing and removing it)
	ET_KILL_AFTER=3500 "${cmd[@]}" <"$F/comments.ndjson" 2>/dev/null || true
	zstd -dc ck | sed 's/"done":false/"done":true/' | zstd -q -o ck.new
	mv ck.new ck
	"${cmd[@]}" <"$F/comments.ndjson"
	cmp out.ndjson ref.ndjson
}
