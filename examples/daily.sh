#!/usr/bin/env bash
# The daily et run, as docs/ops/runbook.md describes it: one day's exports
# in $ET_ROOT/in/DAY -> comment records -> enriched records -> aggregate ->
# brief, with checkpoints, metrics and logs; then the day is archived and
# old files are pruned.
#
# Usage: daily.sh [DAY]        DAY is YYYY-MM-DD (UTC); default $ET_DAY, else
#                              today
#
# Environment (default in brackets):
#   ET_ROOT              the tree [/srv/et]
#   ET_CATALOG           the entity catalog [$ET_ROOT/etc/catalog.json]
#   ET_METRICS           directory of the .prom files [$ET_ROOT/metrics]
#   ET_DAYS              days in the brief's window, ending with the
#                        newest comment [1]
#   ET_FORMATS           formats of the brief [pdf html md txt]
#   ET_CHECKPOINT_EVERY  records between checkpoints [100000]
#   ET_KEEP_IN, ET_KEEP_SPOOL, ET_KEEP_OUT, ET_KEEP_LOG, ET_KEEP_ENRICHED
#                        days to keep exports (and rejected rows), spool
#                        files, briefs, logs and enriched archives
#                        [30, 7, 90, 90, 400]; aggregates are kept for good
#
# Layout under $ET_ROOT:
#   in/DAY/comments/*  the exports to read (CSV, JSON, NDJSON, maybe .zst)
#   in/DAY/posts/*     posts and post-metadata exports, given with --posts
#   spool/DAY/         records, checkpoints, .part files, rejected rows
#   out/DAY/           aggregate.json.zst, alerts.ndjson, brief.{pdf,...}
#   archive/DAY/       what is kept: enriched records, aggregate, catalog,
#                      checksums of the inputs and briefs, versions
#   log/DAY/           each stage's standard error (diagnostics, --stats,
#                      --progress) and daily.log, this script's own lines
#
# A stage runs when its output is missing or older than one of its inputs
# (as make(1) decides), so a rerun of a finished day changes nothing and a
# rerun after a crash resumes the stage that was cut short from its
# checkpoint, with the same command line.  A checkpoint that a stage refuses
# (its inputs changed, or it is corrupt) is removed and the stage started
# afresh, once.
#
# Exit status: 0 when the brief was made, rejected rows or not (they are in
# spool/DAY/*.rejects.ndjson, the archive and the metrics); otherwise that of
# the stage that failed (et(7): 1 data, 2 usage, 3 system, 4 no comment;
# 128+N when it was killed by signal N), 4 when there is no export for DAY,
# 3 when another run holds the lock, 2 for a bad DAY.
set -euo pipefail
shopt -s nullglob
export LC_ALL=C

ET_ROOT=${ET_ROOT:-/srv/et}
day=${1:-${ET_DAY:-$(date -u +%F)}}
catalog=${ET_CATALOG:-$ET_ROOT/etc/catalog.json}
metrics=${ET_METRICS:-$ET_ROOT/metrics}
days=${ET_DAYS:-1}
formats=${ET_FORMATS:-pdf html md txt}
every=${ET_CHECKPOINT_EVERY:-100000}

if [[ ! $day =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] ||
	! date -u -d "$day" >/dev/null 2>&1; then
	echo "daily.sh: invalid DAY '$day' (YYYY-MM-DD)" >&2
	exit 2
fi

in=$ET_ROOT/in/$day
work=$ET_ROOT/spool/$day
out=$ET_ROOT/out/$day
arch=$ET_ROOT/archive/$day
logs=$ET_ROOT/log/$day
mkdir -p "$work" "$out" "$arch" "$logs" "$metrics"

# say MESSAGE: one line on the standard output (the journal, under systemd)
# and in log/DAY/daily.log.
say() {
	printf '%s daily.sh: %s: %s\n' "$(date -u +%FT%TZ)" "$day" "$*" |
		tee -a "$logs/daily.log"
}

# One run at a time per tree: a second one (a manual rerun while the timer's
# is going) stops at once instead of waiting.
exec 9>>"$ET_ROOT/spool/.daily.lock"
if ! flock -n 9; then
	echo "daily.sh: another run holds '$ET_ROOT/spool/.daily.lock'" >&2
	exit 3
fi

comments=("$in"/comments/*)
posts=()
for f in "$in"/posts/*; do
	posts+=(--posts "$f")
done
if ((${#comments[@]} == 0)); then
	say "no export in '$in/comments'"
	exit 4
fi

# stale OUT IN...: true when OUT is missing or older than one of IN.
stale() {
	local o=$1 i
	shift
	[[ -e $o ]] || return 0
	for i; do
		[[ $i -nt $o ]] && return 0
	done
	return 1
}

# run_stage NAME OUT CKPT REJECTS CMD...: runs CMD, which writes OUT with
# --checkpoint CKPT (or no checkpoint when CKPT is empty), appending its
# standard error to log/DAY/NAME.log.  Status 1 after the closing count
# "prog: N of M records rejected" is rows skipped under -k: the run read
# all its input, which is not a failure.  A refused checkpoint (status 1,
# nothing written, the message names CKPT) is removed with the .part files
# and the stage run once more.  Any other failure ends the script with the
# stage's status.
run_stage() {
	local name=$1 o=$2 ck=$3 rej=$4 log=$logs/$1.log st=0 size
	shift 4
	{
		printf '== %s' "$(date -u +%FT%TZ)"
		printf ' %q' "$@"
		printf '\n'
	} >>"$log"
	size=$(stat -c %s "$log")
	"$@" 2>>"$log" || st=$?
	if ((st == 1)) && [[ -n $ck && ! -e $o ]] &&
		tail -c +$((size + 1)) "$log" | grep -qF "checkpoint '$ck'"; then
		say "$name: checkpoint refused ($(tail -n 1 "$log")); starting afresh"
		rm -f -- "$ck" "$ck.part" "$o.part" ${rej:+"$rej.part"}
		printf '== %s afresh\n' "$(date -u +%FT%TZ)" >>"$log"
		st=0
		"$@" 2>>"$log" || st=$?
	fi
	if ((st == 1)) && [[ -e $o ]] && tail -c +$((size + 1)) "$log" |
		grep -qE '^et-[a-z]+: [0-9]+ of [0-9]+ records rejected$'; then
		st=0
	fi
	if ((st != 0)) || [[ ! -e $o ]]; then
		say "$name failed (exit $st); see $log"
		exit "$((st == 0 ? 3 : st))"
	fi
	say "$name: $(grep '^{"prog":' "$log" | tail -n 1)"
}

# --- ingest: the day's exports -> comment records ---------------------------
if stale "$work/comments.ndjson.zst" "${comments[@]}" "$in"/posts/*; then
	run_stage ingest "$work/comments.ndjson.zst" "$work/ingest.ck" \
		"$work/ingest.rejects.ndjson" \
		et-ingest -k -e "${posts[@]}" \
		--rejects "$work/ingest.rejects.ndjson" \
		-o "$work/comments.ndjson.zst" \
		--checkpoint "$work/ingest.ck" --checkpoint-every "$every" \
		--metrics "$metrics/et-ingest.prom" --stats --progress \
		-- "${comments[@]}"
fi

# --- enrich: comment records -> mentions and signals ------------------------
if stale "$work/enriched.ndjson.zst" "$work/comments.ndjson.zst" "$catalog"; then
	run_stage enrich "$work/enriched.ndjson.zst" "$work/enrich.ck" \
		"$work/enrich.rejects.ndjson" \
		et-enrich -k -c "$catalog" \
		--rejects "$work/enrich.rejects.ndjson" \
		-o "$work/enriched.ndjson.zst" \
		--checkpoint "$work/enrich.ck" --checkpoint-every "$every" \
		--metrics "$metrics/et-enrich.prom" --stats --progress \
		-- "$work/comments.ndjson.zst"
fi

# --- aggregate: enriched records -> the brief's numbers ---------------------
if stale "$out/aggregate.json.zst" "$work/enriched.ndjson.zst"; then
	run_stage agg "$out/aggregate.json.zst" "$work/agg.ck" \
		"$work/agg.rejects.ndjson" \
		et-agg -k --days "$days" --alerts "$out/alerts.ndjson" \
		--rejects "$work/agg.rejects.ndjson" \
		-o "$out/aggregate.json.zst" \
		--checkpoint "$work/agg.ck" --checkpoint-every "$every" \
		--metrics "$metrics/et-agg.prom" --stats --progress \
		-- "$work/enriched.ndjson.zst"
fi

# --- render: the aggregate -> the brief, in each format ---------------------
for f in $formats; do
	if stale "$out/brief.$f" "$out/aggregate.json.zst"; then
		run_stage render "$out/brief.$f" "" "" \
			et-render -o "$out/brief.$f" \
			--metrics "$metrics/et-render.prom" --stats --progress \
			-- "$out/aggregate.json.zst"
	fi
done

# --- archive: what a brief can be made again from ---------------------------
# keep SRC NAME: copies SRC to archive/DAY/NAME, atomically.
keep() {
	cp -p -- "$1" "$arch/.$2.tmp"
	mv -f -- "$arch/.$2.tmp" "$arch/$2"
}
keep "$work/enriched.ndjson.zst" enriched.ndjson.zst
keep "$out/aggregate.json.zst" aggregate.json.zst
keep "$catalog" catalog.json
rejects=("$work"/*.rejects.ndjson)
if ((${#rejects[@]} > 0)) && [[ -n $(cat -- "${rejects[@]}" | head -c 1) ]]; then
	cat -- "${rejects[@]}" | zstd -q -c >"$arch/.rejects.tmp"
	mv -f -- "$arch/.rejects.tmp" "$arch/rejects.ndjson.zst"
else
	rm -f -- "$arch/rejects.ndjson.zst"
fi
(cd "$in" && sha256sum -- comments/* posts/*) >"$arch/.inputs.tmp"
mv -f -- "$arch/.inputs.tmp" "$arch/inputs.sha256"
briefs=("$out"/brief.*)
(cd "$out" && sha256sum -- "${briefs[@]##*/}" </dev/null) >"$arch/.briefs.tmp"
mv -f -- "$arch/.briefs.tmp" "$arch/briefs.sha256"
for p in et-ingest et-enrich et-agg et-render; do
	"$p" --version
done >"$arch/.versions.tmp"
mv -f -- "$arch/.versions.tmp" "$arch/versions"
sums=()
for f in aggregate.json.zst briefs.sha256 catalog.json enriched.ndjson.zst \
	inputs.sha256 rejects.ndjson.zst versions; do
	if [[ -e $arch/$f ]]; then
		sums+=("$f")
	fi
done
(cd "$arch" && sha256sum -- "${sums[@]}") >"$arch/.SHA256SUMS.tmp"
mv -f -- "$arch/.SHA256SUMS.tmp" "$arch/SHA256SUMS"
say "archived in $arch"

# --- prune: the retention of docs/ops/runbook.md ----------------------------
# prune DIR DAYS: removes the day directories under DIR last changed more
# than DAYS days ago.
prune() {
	find "$1" -mindepth 1 -maxdepth 1 -type d -mtime +"$2" \
		-exec rm -rf -- {} +
}
prune "$ET_ROOT/in" "${ET_KEEP_IN:-30}"
prune "$ET_ROOT/spool" "${ET_KEEP_SPOOL:-7}"
prune "$ET_ROOT/out" "${ET_KEEP_OUT:-90}"
prune "$ET_ROOT/log" "${ET_KEEP_LOG:-90}"
find "$ET_ROOT/archive" -name rejects.ndjson.zst -mtime +"${ET_KEEP_IN:-30}" -delete
find "$ET_ROOT/archive" -name enriched.ndjson.zst \
	-mtime +"${ET_KEEP_ENRICHED:-400}" -delete
say "done: $out/brief.{${formats// /,}}"
