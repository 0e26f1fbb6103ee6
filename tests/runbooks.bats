#!/usr/bin/env bats
#
# The operations documents and recipes: every ```sh block of docs/ops/*.md
# runs, in order, in a fresh ET_ROOT holding the example exports;
# examples/daily.sh makes, resumes, archives and prunes; a brief is made
# again byte for byte from its archived aggregate; examples/et-alerts.yml
# alerts only on metrics et writes; the systemd units verify.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	PATH="$ROOT/bin:$ROOT/examples:$PATH"
	# the example exports run from 2025-03-02 to 2025-03-08
	DAY=2025-03-08
	export PATH DAY
	cd "$TMP" || return 1
}

# make_root DIR DAY: an ET_ROOT as docs/ops/runbook.md lays it out, with
# the example exports delivered for DAY and the example catalog in etc/.
make_root() {
	local r=$1 d=$2 x=$ROOT/examples/data
	mkdir -p "$r/etc" "$r/in/$d/comments" "$r/in/$d/posts"
	cp "$ROOT/examples/catalog.json" "$r/etc/catalog.json"
	cp "$x/esuit.csv" "$x/instagram-comments.csv" "$x/instagram-posts.csv" \
		"$r/in/$d/comments/"
	cp "$x/instagram-posts.csv" "$x/instagram-post-metadata.csv" \
		"$r/in/$d/posts/"
}

# extract_blocks DOC DIR: writes the ```sh blocks of DOC to DIR/1.sh,
# DIR/2.sh, ... and prints their number.
extract_blocks() {
	mkdir -p "$2"
	awk -v dir="$2" '
		/^```sh$/ { n++; f = dir "/" n ".sh"; inb = 1; printf "" > f; next }
		/^```/ && inb { inb = 0; close(f); next }
		inb { print > f }
		END { print n + 0 }' "$1"
}

# run_doc NAME: runs the ```sh blocks of docs/ops/NAME.md in order, in one
# bash with -euo pipefail, in a fresh ET_ROOT ($TMP/NAME/root, also the
# working directory); fails naming the document and the block, with the
# block and the end of its standard error.
run_doc() {
	local doc=docs/ops/$1.md dir=$TMP/$1 n i b
	[ -f "$ROOT/$doc" ] || fail "$doc is missing"
	n=$(extract_blocks "$ROOT/$doc" "$dir/blocks")
	((n > 0)) || fail "$doc: no sh block"
	make_root "$dir/root" "$DAY"
	{
		# shellcheck disable=SC2016 # expanded by the driver
		echo 'trap '\''st=$?; ((st == 0)) || echo "__failed $__block $st" >&2'\'' EXIT'
		for ((i = 1; i <= n; i++)); do
			echo "__block=$i"
			echo "source '$dir/blocks/$i.sh'"
		done
	} >"$dir/driver.sh"
	# not bats' run, which warns about status 127 (a command not found in
	# a block), a failure to report like any other
	status=0
	(cd "$dir/root" && ET_ROOT="$dir/root" bash -euo pipefail "$dir/driver.sh") \
		>"$dir/stdout" 2>"$dir/stderr" || status=$?
	output=$(cat "$dir/stdout")
	stderr=$(cat "$dir/stderr")
	if ((status != 0)); then
		b=$(sed -n 's/^__failed \([0-9]*\) .*/\1/p' <<<"$stderr")
		fail "$(printf '%s: block %s of %s failed (exit %s)\n--- block %s:\n%s\n--- stderr (end):\n%s' \
			"$doc" "${b:-?}" "$n" "$status" "${b:-?}" \
			"$(cat "$dir/blocks/${b:-1}.sh")" "$(tail -n 15 <<<"$stderr")")"
	fi
}

# tree_sums DIR: the SHA-256 of every file under DIR but the logs, the
# metrics and the lock, by name, for comparing two runs.
tree_sums() {
	(cd "$1" && find . -type f ! -path './log/*' ! -path './metrics/*' \
		! -name .daily.lock -print0 | sort -z | xargs -0 sha256sum)
}

# prom_names FILE...: the metric names in Prometheus text files.
prom_names() {
	grep -hv '^#' "$@" | sed 's/[{ ].*//' | sort -u
}

@test "runbooks: every fenced block is sh (run here) or text/ini (not run)" {
	local doc bad
	for doc in "$ROOT"/docs/ops/*.md; do
		# opening fences: every other fence line
		bad=$(awk '/^```/ { if (!inb) { if ($0 !~ /^```(sh|text|ini)$/) print FILENAME ":" NR ": " $0; inb = 1 } else inb = 0 }' "$doc")
		[ -z "$bad" ] || fail "untagged or unknown fence: $bad"
		# the fences are balanced
		(($(grep -c '^```' "$doc") % 2 == 0)) || fail "$doc: unbalanced fences"
	done
	run ls "$ROOT"/docs/ops
	assert_output "$(printf '%s\n' disaster-recovery.md incident-response.md performance.md runbook.md troubleshooting.md)"
}

@test "runbooks: the sh blocks are shellcheck-clean" {
	command -v shellcheck >/dev/null || skip "no shellcheck"
	local doc n name i
	for doc in "$ROOT"/docs/ops/*.md; do
		name=$(basename "$doc" .md)
		n=$(extract_blocks "$doc" "$TMP/$name")
		{
			echo '#!/usr/bin/env bash'
			echo ': "${ET_ROOT:?}" "${DAY:?}"'
			for ((i = 1; i <= n; i++)); do cat "$TMP/$name/$i.sh"; done
		} >"$TMP/$name.sh"
		run shellcheck -s bash "$TMP/$name.sh"
		[ "$status" -eq 0 ] || fail "docs/ops/$name.md: $output"
	done
}

@test "runbooks: runbook.md runs; its stage-by-stage commands make what daily.sh makes" {
	run_doc runbook
	local r=$TMP/runbook/root
	assert_file_exists "$r/out/$DAY/brief.pdf"
	assert_file_exists "$r/archive/$DAY/enriched.ndjson.zst"
	assert_file_exists "$r/out/week-$DAY/brief.pdf"
	assert_file_exists "$r/archive/week-$DAY/aggregate.json.zst"
	# the weekly metrics, relabelled, beside the daily ones
	assert_file_contains "$r/metrics/et-agg-weekly.prom" '^et_exit_status{run="weekly",prog="et-agg"} 0$'
	assert_file_contains "$r/metrics/et-agg.prom" '^et_exit_status{prog="et-agg"} 0$'
	# one day's records make the week: the same document as the day's with --days 7
	zstd -dc "$r/archive/week-$DAY/aggregate.json.zst" |
		cmp - <(et-agg --days 7 "$r/archive/$DAY/enriched.ndjson.zst")
	# daily.sh alone, in a tree at the same path (records name their
	# export's path): the same files as the stages run by hand
	tree_sums "$r" | grep -v -e ' ./[a-z]*/week-' >"$TMP/by-hand"
	mv "$r" "$r.by-hand"
	make_root "$r" "$DAY"
	ET_ROOT=$r daily.sh "$DAY" >/dev/null
	tree_sums "$r" | diff - "$TMP/by-hand"
}

@test "runbooks: troubleshooting.md runs" {
	run_doc troubleshooting
}

@test "runbooks: incident-response.md runs" {
	run_doc incident-response
	local r=$TMP/incident-response/root
	# the drill rejected its two bad rows, and the repaired row went through
	assert_output --partial $'parse\t'
	assert_output --partial "unparseable time 'yesterday' in 'Timestamp'"
	# the correction changed the brief
	assert_file_exists "$r/archive/$DAY/correction-1/brief.pdf"
	run grep -c 'Lumen & Rye' "$r/archive/$DAY/correction-1/changes.diff"
	assert [ "$output" -gt 0 ]
	# the archive as sent is kept; a rerun of the day, with the corrected
	# catalog, makes the corrected brief and leaves sent/ and correction-1/
	(cd "$r/archive/$DAY/sent" && sha256sum -c --quiet SHA256SUMS)
	(cd "$r/out/$DAY" && sha256sum -c --quiet "$r/archive/$DAY/sent/briefs.sha256")
	run --separate-stderr env ET_ROOT="$r" daily.sh "$DAY"
	assert_success
	assert_output --partial "enrich: "
	cmp "$r/out/$DAY/brief.pdf" "$r/archive/$DAY/correction-1/brief.pdf"
	(cd "$r/archive/$DAY/sent" && sha256sum -c --quiet SHA256SUMS)
	(cd "$r/archive/$DAY" && sha256sum -c --quiet SHA256SUMS)
}

@test "runbooks: disaster-recovery.md runs" {
	run_doc disaster-recovery
}

@test "runbooks: performance.md runs" {
	run_doc performance
}

@test "runbooks: daily.sh makes the day, is idempotent, runs a new day, archives and prunes" {
	local r=$TMP/r
	make_root "$r" "$DAY"
	run --separate-stderr env ET_ROOT="$r" daily.sh "$DAY"
	assert_success
	assert_output --partial "$DAY: done: $r/out/$DAY/brief.{pdf,html,md,txt}"
	local f
	for f in aggregate.json.zst alerts.ndjson brief.pdf brief.html brief.md brief.txt; do
		assert_file_exists "$r/out/$DAY/$f"
	done
	zstd -dc "$r/out/$DAY/aggregate.json.zst" | jq -e '.window.days == 1 and .totals.comments == 17' >/dev/null
	# metrics of each program, a success each
	for f in ingest enrich agg render; do
		assert_file_contains "$r/metrics/et-$f.prom" "^et_exit_status{prog=\"et-$f\"} 0\$"
		assert_file_contains "$r/metrics/et-$f.prom" '^et_last_success_timestamp_seconds'
		assert_file_exists "$r/log/$DAY/$f.log"
	done
	assert_file_contains "$r/log/$DAY/enrich.log" '^{"prog":"et-enrich","records_in":150,'
	assert_file_contains "$r/metrics/et-ingest.prom" '^et_records_total{prog="et-ingest",outcome="written"} 150$'
	# the archive: checksums hold, the briefs are those in out/
	(cd "$r/archive/$DAY" && sha256sum -c --quiet SHA256SUMS)
	(cd "$r/out/$DAY" && sha256sum -c --quiet "$r/archive/$DAY/briefs.sha256")
	run ls "$r/archive/$DAY"
	assert_output "$(printf '%s\n' SHA256SUMS aggregate.json.zst briefs.sha256 catalog.json enriched.ndjson.zst inputs.sha256 versions)"
	cmp "$r/archive/$DAY/aggregate.json.zst" "$r/out/$DAY/aggregate.json.zst"
	# nothing left behind
	run find "$r" -name '*.ck' -o -name '*.part' -o -name '*.tmp*'
	assert_output ""

	# the same day again: nothing runs, nothing changes
	local before
	before=$(tree_sums "$r")
	cp "$r/metrics/et-enrich.prom" "$TMP/enrich.prom"
	run --separate-stderr env ET_ROOT="$r" daily.sh "$DAY"
	assert_success
	refute_output --partial "enrich:"
	assert_equal "$(tree_sums "$r")" "$before"
	cmp "$r/metrics/et-enrich.prom" "$TMP/enrich.prom"

	# old days to prune: everything but the aggregate of a day long gone
	local old=2020-01-01 d
	for d in in spool out log archive; do
		mkdir -p "$r/$d/$old"
		touch "$r/$d/$old/x"
	done
	touch "$r/archive/$old/enriched.ndjson.zst" "$r/archive/$old/aggregate.json.zst" \
		"$r/archive/$old/rejects.ndjson.zst"
	find "$r"/*/"$old" -exec touch -d '2020-01-02' {} +

	# a new day: its own tree of files, the first day untouched
	local next=2025-03-09
	mkdir -p "$r/in/$next"
	cp -r "$r/in/$DAY"/* "$r/in/$next/"
	ET_DAY=$next ET_ROOT=$r run --separate-stderr daily.sh
	assert_success
	assert_output --partial "$next: done"
	(cd "$r/archive/$next" && sha256sum -c --quiet SHA256SUMS)
	# the same exports: the same aggregate and briefs
	cmp "$r/archive/$next/aggregate.json.zst" "$r/archive/$DAY/aggregate.json.zst"
	cmp "$r/out/$next/brief.pdf" "$r/out/$DAY/brief.pdf"
	assert_equal "$(tree_sums "$r" | grep " ./[a-z]*/$DAY/")" \
		"$(grep " ./[a-z]*/$DAY/" <<<"$before")"
	# pruned
	for d in in spool out log; do
		assert_not_exists "$r/$d/$old"
	done
	assert_file_not_exists "$r/archive/$old/enriched.ndjson.zst"
	assert_file_not_exists "$r/archive/$old/rejects.ndjson.zst"
	assert_file_exists "$r/archive/$old/aggregate.json.zst"
}

@test "runbooks: daily.sh killed in each stage resumes to identical output" {
	# every run in the same tree path, as records name their export's path
	local r=$TMP/r want
	make_root "$r" "$DAY"
	ET_ROOT=$r ET_CHECKPOINT_EVERY=20 daily.sh "$DAY" >/dev/null
	want=$(tree_sums "$r")

	# ET_KILL_AFTER (test builds, et(7)) kills the first program with
	# --checkpoint: et-ingest
	rm -rf "$r"
	make_root "$r" "$DAY"
	run --separate-stderr env ET_ROOT="$r" ET_CHECKPOINT_EVERY=20 ET_KILL_AFTER=50 daily.sh "$DAY"
	assert_failure 137
	assert_output --partial "ingest failed (exit 137)"
	assert_file_exists "$r/spool/$DAY/ingest.ck"
	assert_file_exists "$r/spool/$DAY/comments.ndjson.zst.part"
	assert_file_not_exists "$r/out/$DAY/brief.pdf"
	run --separate-stderr env ET_ROOT="$r" ET_CHECKPOINT_EVERY=20 daily.sh "$DAY"
	assert_success
	refute_output --partial "refused"
	assert_equal "$(tree_sums "$r")" "$want"

	# a later stage: a wrapper on the PATH sets ET_KILL_AFTER for it alone;
	# the rerun skips the stages before it and resumes it
	local p
	for p in et-enrich et-agg; do
		rm -rf "$r"
		make_root "$r" "$DAY"
		mkdir -p "$TMP/shim-$p"
		printf '#!/bin/sh\nET_KILL_AFTER=70 exec "%s" "$@"\n' "$ROOT/bin/$p" >"$TMP/shim-$p/$p"
		chmod +x "$TMP/shim-$p/$p"
		run --separate-stderr env PATH="$TMP/shim-$p:$PATH" ET_ROOT="$r" ET_CHECKPOINT_EVERY=20 daily.sh "$DAY"
		assert_failure 137
		assert_output --partial "${p#et-} failed (exit 137)"
		assert_file_exists "$r/spool/$DAY/${p#et-}.ck"
		run --separate-stderr env ET_ROOT="$r" ET_CHECKPOINT_EVERY=20 daily.sh "$DAY"
		assert_success
		refute_output --partial "ingest:"
		refute_output --partial "refused"
		assert_equal "$(tree_sums "$r")" "$want"
	done
}

@test "runbooks: daily.sh starts a stage afresh when its checkpoint is refused, and reruns on a late export" {
	local r=$TMP/r
	make_root "$r" "$DAY"
	run --separate-stderr env ET_ROOT="$r" ET_KILL_AFTER=50 ET_CHECKPOINT_EVERY=20 daily.sh "$DAY"
	assert_failure 137
	# an export re-collected meanwhile: same bytes, a new time
	touch "$r/in/$DAY/comments/esuit.csv"
	run --separate-stderr env ET_ROOT="$r" ET_CHECKPOINT_EVERY=20 daily.sh "$DAY"
	assert_success
	assert_output --partial "ingest: checkpoint refused (et-ingest: input '$r/in/$DAY/comments/esuit.csv' has changed since checkpoint '$r/spool/$DAY/ingest.ck' was written); starting afresh"
	make_root "$TMP/ref" "$DAY"
	ET_ROOT=$TMP/ref ET_CHECKPOINT_EVERY=20 daily.sh "$DAY" >/dev/null
	cmp "$r/out/$DAY/aggregate.json.zst" "$TMP/ref/out/$DAY/aggregate.json.zst"
	cmp "$r/out/$DAY/brief.pdf" "$TMP/ref/out/$DAY/brief.pdf"
	# a late export with a bad row: every stage runs again; the row is
	# quarantined and archived, and the run still succeeds
	{
		head -n 1 "$r/in/$DAY/comments/esuit.csv"
		echo 'https://instagram.com/p/late/,caption,,ana_k,Mara Quinn was brilliant,2025-03-08 20:00:00,7'
		echo 'https://instagram.com/p/late/,caption,,ben_o,so good,yesterday,4'
	} >"$r/in/$DAY/comments/late.csv"
	run --separate-stderr env ET_ROOT="$r" ET_CHECKPOINT_EVERY=20 daily.sh "$DAY"
	assert_success
	assert_output --partial "ingest: "
	assert_output --partial '"rejected":1'
	zstd -dc "$r/out/$DAY/aggregate.json.zst" | jq -e '.totals.comments == 18' >/dev/null
	zstd -dc "$r/archive/$DAY/rejects.ndjson.zst" | jq -e '._error.message == "unparseable time '\''yesterday'\'' in '\''Timestamp'\''"' >/dev/null
	assert_file_contains "$r/metrics/et-ingest.prom" '^et_exit_status{prog="et-ingest"} 1$'
	assert_file_contains "$r/archive/$DAY/inputs.sha256" ' comments/late.csv$'
}

@test "runbooks: daily.sh fails cleanly: no export, a bad day, a bad catalog, a held lock" {
	local r=$TMP/r
	make_root "$r" "$DAY"
	run --separate-stderr env ET_ROOT="$r" daily.sh 2025-03-07
	assert_failure 4
	assert_output --partial "no export in '$r/in/2025-03-07/comments'"
	run --separate-stderr env ET_ROOT="$r" daily.sh 2025-02-30
	assert_failure 2
	assert_stderr "daily.sh: invalid DAY '2025-02-30' (YYYY-MM-DD)"
	echo '[{"name": "", "type": "person"}]' >"$r/etc/catalog.json"
	run --separate-stderr env ET_ROOT="$r" daily.sh "$DAY"
	assert_failure 2
	assert_output --partial "enrich failed (exit 2); see $r/log/$DAY/enrich.log"
	assert_file_contains "$r/log/$DAY/enrich.log" "^et-enrich: invalid catalog '$r/etc/catalog.json': entity 1: missing 'name'"
	cp "$ROOT/examples/catalog.json" "$r/etc/catalog.json"
	flock "$r/spool/.daily.lock" bash -c 'ET_ROOT="$1" daily.sh "$2"; echo "status $?"' _ "$r" "$DAY" >"$TMP/held" 2>&1
	assert_file_contains "$TMP/held" "another run holds '$r/spool/.daily.lock'"
	assert_file_contains "$TMP/held" '^status 3$'
	run --separate-stderr env ET_ROOT="$r" daily.sh "$DAY"
	assert_success
}

@test "runbooks: a brief is made again byte for byte from its archived aggregate (pdf, html)" {
	local r=$TMP/r
	make_root "$r" "$DAY"
	ET_ROOT=$r daily.sh "$DAY" >/dev/null
	local f
	for f in pdf html; do
		cp "$r/out/$DAY/brief.$f" "$TMP/sent.$f"
	done
	rm -rf "$r/out/$DAY"
	mkdir "$TMP/restore"
	for f in pdf html; do
		et-render -o "$TMP/restore/brief.$f" "$r/archive/$DAY/aggregate.json.zst"
		cmp "$TMP/restore/brief.$f" "$TMP/sent.$f"
	done
	# from the archived enriched records, through a new aggregate
	et-agg --days 1 "$r/archive/$DAY/enriched.ndjson.zst" | et-render -f pdf | cmp - "$TMP/sent.pdf"
	# the PDF carries the aggregate's window.now, never the clock
	if command -v pdfinfo >/dev/null; then
		run pdfinfo -isodates "$TMP/restore/brief.pdf"
		assert_success
		assert_line --regexp '^CreationDate: +2025-03-08T23:59:59Z$'
		assert_line --regexp '^ModDate: +2025-03-08T23:59:59Z$'
	fi
}

@test "runbooks: et-alerts.yml is a rule file that alerts only on metrics et writes" {
	local y=$ROOT/examples/et-alerts.yml
	assert_file_exists "$y"
	# the names every program writes
	et-ingest "$ROOT/examples/data/esuit.csv" -o in.ndjson --metrics ingest.prom
	et-enrich -c "$ROOT/examples/catalog.json" in.ndjson -o en.ndjson --metrics enrich.prom
	et-agg en.ndjson -o agg.json --metrics agg.prom
	et-render agg.json -o brief.txt --metrics render.prom
	prom_names ingest.prom enrich.prom agg.prom render.prom >written
	prom_names ingest.prom >w1
	local p
	for p in enrich agg render; do
		prom_names $p.prom | diff - w1
	done
	# every et_ name in the rules is one et writes; the main ones are used
	grep -o '\bet_[a-z_]*' "$y" | sort -u >used
	run comm -23 used written
	assert_output ""
	for p in et_records_total et_run_seconds et_exit_status \
		et_last_run_timestamp_seconds et_last_success_timestamp_seconds; do
		grep -qx "$p" used || fail "no alert uses $p"
	done
	# rule-file structure
	assert_file_contains "$y" '^groups:$'
	local alerts
	alerts=$(grep -c '^ *- alert: Et[A-Za-z]*$' "$y")
	assert_equal "$(grep -c '^ *expr:' "$y")" "$alerts"
	assert_equal "$(grep -c '^ *summary:' "$y")" "$alerts"
	assert_equal "$(grep -c '^ *severity:' "$y")" "$alerts"
	for p in EtNoRecentSuccess EtSystemError EtRejectedShareHigh EtRunSlow EtMetricsMissing; do
		assert_file_contains "$y" "^ *- alert: $p\$"
	done
	# the exact parse, when PyYAML is there: the file is YAML of the rule
	# file's shape, and every identifier in an expression is a metric et
	# writes, a PromQL function or keyword, or a label
	python3 -c 'import yaml' 2>/dev/null || skip "no python3 yaml module for the full check"
	run python3 - "$y" written <<'EOF'
import re, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
written = set(open(sys.argv[2]).read().split())
words = {"and", "or", "unless", "on", "ignoring", "by", "without",
         "group_left", "group_right", "bool", "offset", "d", "h", "m", "s"}
labels = {"prog", "outcome", "run", "instance", "job"}
assert set(doc) == {"groups"}, doc.keys()
seen = set()
for g in doc["groups"]:
    assert set(g) <= {"name", "interval", "rules"} and g["name"], g
    for r in g["rules"]:
        assert set(r) <= {"alert", "expr", "for", "labels", "annotations"}, r
        assert r["alert"] not in seen, r["alert"]
        seen.add(r["alert"])
        assert r["labels"]["severity"] in ("critical", "warning"), r
        assert r["annotations"]["summary"] and r["annotations"]["description"], r
        assert re.fullmatch(r"[0-9]+[smhd]", r.get("for", "0s")), r
        e = re.sub(r'"[^"]*"', "", r["expr"])
        e = re.sub(r"\[[^]]*\]", "", e)
        assert e.count("(") == e.count(")") and e.count("{") == e.count("}"), r
        for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", e):
            w = m.group(0)
            if e[m.end():].lstrip().startswith("(") or w in words or w in labels:
                continue
            if w not in written:
                sys.exit(f"{r['alert']}: '{w}' is not a metric et writes")
print(len(seen), "alerts")
EOF
	assert_success
}

@test "runbooks: daily.sh and this file are shellcheck-clean; the systemd units verify" {
	if command -v shellcheck >/dev/null; then
		shellcheck -x "$ROOT/examples/daily.sh" "$BATS_TEST_FILENAME"
	fi
	local s=$ROOT/examples/et-daily.service t=$ROOT/examples/et-daily.timer
	assert_file_exists "$s"
	assert_file_exists "$t"
	assert_file_contains "$s" '^ExecStart=/usr/local/libexec/et/daily.sh$'
	assert_file_contains "$s" '^User=et$'
	assert_file_contains "$t" '^Unit=et-daily.service$'
	command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
	# verified with daily.sh where it is, and man:et(7) found in man/
	mkdir -p units man/man7
	sed "s|^ExecStart=.*|ExecStart=$ROOT/examples/daily.sh|" "$s" >units/et-daily.service
	cp "$t" units/
	ln -s "$ROOT/man/et.7" man/man7/et.7
	run env MANPATH="$TMP/man" systemd-analyze verify units/et-daily.service units/et-daily.timer
	assert_success
	assert_output ""
	run systemd-analyze calendar "$(sed -n 's/^OnCalendar=//p' "$t")"
	assert_success
}
