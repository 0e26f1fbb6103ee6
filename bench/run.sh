#!/usr/bin/env bash
# Benchmark et-ingest on a large Apify comments export, against jq reading
# the same records as NDJSON (a yardstick for "how fast can a JSON tool go"),
# and et-enrich on the real comments repeated to the same number of records,
# with a 1,000-entity catalog and with the bundled 99-entity one.
#
# Usage: bench/run.sh            (or `make bench`; run from anywhere)
# Environment: BENCH_ROWS (default 1000000) rows in the generated CSV, and
# records in the generated et-enrich input.
#
# Generates, once, under bench/data/ (git-ignored):
#   apify-<N>.csv     the real comments cycled to N rows (bench/gen-apify.py)
#   apify-<N>.ndjson  the same records as written by bin/et-ingest
#   apify-10k.csv     a 10,000-row file, for the peak-memory comparison
#   catalog-1000.json share/catalog.json + 901 synthetic entities
#                     (bench/gen-catalog.py)
#   real.ndjson       the real exports ingested with their posts (7,875
#                     comments with captions: what et-enrich sees in use)
#   enrich-<N>.ndjson real.ndjson repeated to N records; copy k > 0 has
#                     "-k" appended to every id, so ids stay unique
#   enrich-10k.ndjson 10,000 of them, for the peak-memory comparison
#   agg-<N>.ndjson    enrich-<N>.ndjson enriched (bundled catalog): et-agg's
#                     input
#   *.zst             each stage's input compressed, for the zstd -d rows
# then prints one table: seconds, MB/s, records/s and peak RSS, with `jq -c .`
# and `zstd -d` over the same bytes as reference rates, and for each
# streaming stage how many times slower than `zstd -d` on its own input it
# is (aim: 5 at most); the whole pipeline, ingest | enrich | agg, on the N
# rows (aim: under 30 s at 1,000,000); the time et-agg takes to finalize
# ten partial states of agg-<N>.ndjson shifted a week apart
# (bench/shift-partial.py): the state of 10 x N comments; and et-enrich
# with --checkpoint.  The table also goes into bench/RESULTS.md, between
# the "latest make bench" markers.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."

rows=${BENCH_ROWS:-1000000}
if [[ ! $rows =~ ^[1-9][0-9]*$ ]]; then
	echo "bench: BENCH_ROWS must be a positive integer" >&2
	exit 2
fi
label() {
	if (($1 % 1000000 == 0)); then
		echo "$(($1 / 1000000))m"
	elif (($1 % 1000 == 0)); then
		echo "$(($1 / 1000))k"
	else
		echo "$1"
	fi
}
src=../shared/data/apify
data=bench/data
big=$data/apify-$(label "$rows").csv
nd=${big%.csv}.ndjson
small=$data/apify-10k.csv
ingest=bin/et-ingest
enrich=bin/et-enrich
agg=bin/et-agg
render=bin/et-render
real=$data/real.ndjson
en_big=$data/enrich-$(label "$rows").ndjson
en_small=$data/enrich-10k.ndjson
cat99=share/catalog.json
cat1000=$data/catalog-1000.json

for prog in "$ingest" "$enrich" "$agg" "$render"; do
	if [[ ! -x $prog ]]; then
		echo "bench: '$prog' is missing; run 'make' first" >&2
		exit 1
	fi
done
mkdir -p "$data"

gen() { # gen ROWS OUTPUT
	[[ -s $2 ]] && return 0
	if [[ ! -d $src ]]; then
		echo "bench: '$src' not found: the real exports must be" \
			"at ../shared/data beside the repository" >&2
		exit 1
	fi
	echo "bench: generating $2 ($1 rows)" >&2
	python3 bench/gen-apify.py "$src" "$1" "$2"
}
gen "$rows" "$big"
gen 10000 "$small"
if [[ ! -s $nd || $nd -ot $big || $nd -ot $ingest ]]; then
	echo "bench: writing $nd with $ingest" >&2
	"$ingest" "$big" -o "$nd"
fi
records=$(wc -l <"$nd")
records=${records// /}
if ((records != rows)); then
	echo "bench: warning: $nd has $records records for $rows rows" >&2
fi
small_records=$("$ingest" "$small" 2>/dev/null | wc -l)
small_records=${small_records// /}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- et-enrich inputs ---------------------------------------------------
if [[ ! -s $cat1000 || $cat1000 -ot bench/gen-catalog.py ||
	$cat1000 -ot $cat99 ]]; then
	echo "bench: writing $cat1000" >&2
	python3 bench/gen-catalog.py "$cat99" "$cat1000" 1000
fi
# The ingested real comments; replaced only when their bytes change, so a
# relinked et-ingest does not force the big file to be rewritten.
"$ingest" --posts "$src/instagram-posts.csv" \
	--posts "$src/instagram-post-metadata.csv" \
	"$src"/instagram-comments-*.csv -o "$tmp/real.ndjson"
if ! cmp -s "$tmp/real.ndjson" "$real"; then
	mv "$tmp/real.ndjson" "$real"
fi
# repeat N OUTPUT: the records of $real cycled to N, ids made unique.
repeat() {
	[[ -s $2 && ! $2 -ot $real ]] && return 0
	echo "bench: writing $2 ($1 records)" >&2
	awk -v n="$1" '
		{ a[NR] = $0 }
		END {
			if (NR == 0) {
				print "bench: no records to repeat" > "/dev/stderr"
				exit 1
			}
			for (k = 0; w < n; k++)
				for (i = 1; i <= NR && w < n; i++) {
					line = a[i]
					if (k) {
						if (!match(line, /^\{"id":"[^"\\]*"/)) {
							print "bench: record " i \
							    " does not start with an id" \
							    > "/dev/stderr"
							exit 1
						}
						line = substr(line, 1, RLENGTH - 1) "-" k \
						    substr(line, RLENGTH)
					}
					print line
					w++
				}
		}' "$real" >"$2.tmp.$$"
	mv "$2.tmp.$$" "$2"
}
repeat "$rows" "$en_big"
repeat 10000 "$en_small"
en_records=$(wc -l <"$en_big")
en_records=${en_records// /}
ag_big=$data/agg-$(label "$rows").ndjson
if [[ ! -s $ag_big || $ag_big -ot $en_big ]]; then
	echo "bench: writing $ag_big with $enrich" >&2
	"$enrich" -c "$cat99" "$en_big" -o "$ag_big"
fi
# Ten partial states, a week apart: the state of ten times as many comments.
"$agg" --partial "$ag_big" -o "$tmp/p.0"
for k in 1 2 3 4 5 6 7 8 9; do
	python3 bench/shift-partial.py $((k * 7)) <"$tmp/p.0" >"$tmp/p.$k"
done

# time_cmd NAME COMMAND [WARMUP]: median wall seconds of 3 runs of COMMAND
# (a shell string) after WARMUP (default 1) unmeasured ones.
time_cmd() {
	local name=$1 cmd=$2 warmup=${3:-1}
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine --runs 3 --warmup "$warmup" --style basic \
			--export-json "$tmp/$name.json" "$cmd" >&2
		jq -r '.results[0].median' "$tmp/$name.json"
	elif [[ -x /usr/bin/time ]]; then
		local i
		for i in 1 2 3; do
			/usr/bin/time -f %e -o "$tmp/$name.$i" sh -c "$cmd"
		done
		sort -n "$tmp/$name".[123] | sed -n 2p
	else
		python3 -c '
import statistics, subprocess, sys, time
def run():
    t = time.monotonic()
    subprocess.run(["sh", "-c", sys.argv[1]], check=True)
    return time.monotonic() - t
run()
print("%.3f" % statistics.median(run() for _ in range(3)))
' "$cmd"
	fi
}

# peak_rss COMMAND...: peak resident set size in KiB.  The command's output
# is discarded; its warnings were seen when the NDJSON was written.
peak_rss() {
	if [[ -x /usr/bin/time ]]; then
		/usr/bin/time -v -o "$tmp/rss" "$@" >/dev/null 2>&1
		sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' \
			"$tmp/rss"
	else
		# getrusage() alone over-reports: a child's ru_maxrss keeps the
		# high-water mark of the Python image it was forked from.  So poll
		# the child's own VmHWM, and use getrusage only without /proc.
		python3 -c '
import resource, subprocess, sys, time
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
hwm = 0
while p.poll() is None:
    try:
        with open("/proc/%d/status" % p.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
    except (OSError, ValueError):
        pass
    time.sleep(0.002)
if p.returncode:
    sys.exit("bench: %s exited %d" % (sys.argv[1], p.returncode))
print(hwm or resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$@"
	fi
}

# zstd copies of each stage's input, for the reference rate
for f in "$big" "$en_big" "$ag_big"; do
	if [[ ! -s $f.zst || $f.zst -ot $f ]]; then
		echo "bench: writing $f.zst" >&2
		zstd -q -f -T0 "$f" -o "$f.zst"
	fi
done

echo "bench: timing (3 runs after 1 warm-up; median)" >&2
t_ingest=$(time_cmd ingest "$ingest $big > /dev/null 2>&1")
t_jq=$(time_cmd jq "jq -c . $nd > /dev/null")
t_small=$(time_cmd small "$ingest $small > /dev/null 2>&1")
rss_ingest=$(peak_rss "$ingest" "$big")
rss_jq=$(peak_rss jq -c . "$nd")
rss_small=$(peak_rss "$ingest" "$small")
# The big et-enrich runs take minutes each: no warm-up run (their input was
# just written or read, so it is in the page cache anyway).
t_en1000=$(time_cmd en1000 \
	"$enrich -c $cat1000 $en_big > /dev/null 2>&1" 0)
t_en99=$(time_cmd en99 "$enrich -c $cat99 $en_big > /dev/null 2>&1" 0)
t_en_small=$(time_cmd ensmall \
	"$enrich -c $cat1000 $en_small > /dev/null 2>&1")
t_pipe=$(time_cmd pipe \
	"$ingest $big 2>/dev/null | $enrich -c $cat1000 > /dev/null 2>&1" 0)
rss_en1000=$(peak_rss "$enrich" -c "$cat1000" "$en_big")
rss_en99=$(peak_rss "$enrich" -c "$cat99" "$en_big")
rss_en_small=$(peak_rss "$enrich" -c "$cat1000" "$en_small")
t_agg=$(time_cmd agg "$agg $ag_big > /dev/null" 0)
t_whole=$(time_cmd whole "$ingest $big 2>/dev/null | $enrich -c $cat99 | $agg > /dev/null" 0)
t_ckpt=$(time_cmd ckpt "rm -f $tmp/ck; $enrich -c $cat99 $en_big -o $tmp/ck.zst --checkpoint $tmp/ck" 0)
t_plainzst=$(time_cmd plainzst "$enrich -c $cat99 $en_big -o $tmp/plain.zst" 0)
t_z_big=$(time_cmd zbig "zstd -dc $big.zst > /dev/null")
t_z_en=$(time_cmd zen "zstd -dc $en_big.zst > /dev/null")
t_z_ag=$(time_cmd zag "zstd -dc $ag_big.zst > /dev/null")
rss_agg=$(peak_rss "$agg" "$ag_big")
t_merge=$(time_cmd merge "$agg --merge $tmp/p.[0-9] > /dev/null")
rss_merge=$(peak_rss "$agg" --merge "$tmp"/p.[0-9])
bytes_ag_big=$(wc -c <"$ag_big")
# et-render: the real comments' aggregate cut to its 50 most mentioned
# entities, drawn in each format.
"$enrich" -c "$cat99" "$real" | "$agg" --top 50 -o "$tmp/agg50.json"
n50=$(jq '.entities | length' "$tmp/agg50.json")
declare -A t_render
for f in pdf html md txt; do
	t_render[$f]=$(time_cmd "render-$f" "$render -f $f $tmp/agg50.json > /dev/null")
done
rss_render=$(peak_rss "$render" -f pdf "$tmp/agg50.json")
bytes_states=$(cat "$tmp"/p.[0-9] | wc -c)

bytes_big=$(wc -c <"$big")
bytes_nd=$(wc -c <"$nd")
bytes_small=$(wc -c <"$small")
bytes_en_big=$(wc -c <"$en_big")
bytes_en_small=$(wc -c <"$en_small")

for v in "$t_ingest" "$t_jq" "$t_small" "$rss_ingest" "$rss_jq" "$rss_small" \
	"$t_en1000" "$t_en99" "$t_en_small" "$t_pipe" "$rss_en1000" \
	"$rss_en99" "$rss_en_small" "$t_agg" "$rss_agg" "$t_merge" \
	"$rss_merge" "${t_render[pdf]}" "${t_render[html]}" "${t_render[md]}" \
	"${t_render[txt]}" "$rss_render" "$t_whole" "$t_ckpt" "$t_plainzst" \
	"$t_z_big" "$t_z_en" "$t_z_ag"; do
	if [[ ! $v =~ ^[0-9]+(\.[0-9]+)?$ ]] || [[ $v =~ ^0+(\.0+)?$ ]]; then
		echo "bench: a measurement failed (got '$v')" >&2
		exit 1
	fi
done

# row NAME SECONDS BYTES RECORDS RSS_KIB [ZSTD_SECONDS]: one line of the
# table (RSS_KIB "-": not measured); ZSTD_SECONDS, the time zstd -d takes
# to give the same BYTES, adds how many times slower the row is.
row() {
	awk -v n="$1" -v s="$2" -v b="$3" -v r="$4" -v k="$5" -v z="${6:-}" \
	    'BEGIN {
		printf "%-56s %8.3f %8.1f %11.0f ", n, s, b / s / 1e6, r / s
		if (k == "-")
			printf "%9s", k
		else
			printf "%9.1f", k / 1024
		if (z != "")
			printf " %9.1f", s / z
		else
			printf " %9s", "-"
		printf "\n" }' | tee -a "$tmp/table"
}
echo
printf '%-56s %8s %8s %11s %9s %9s\n' command seconds MB/s records/s \
	"RSS MiB" "x zstd -d" | tee "$tmp/table"
row "et-ingest $(basename "$big")" "$t_ingest" "$bytes_big" "$records" \
	"$rss_ingest" "$t_z_big"
row "zstd -d $(basename "$big").zst" "$t_z_big" "$bytes_big" "$records" -
row "jq -c . $(basename "$nd")" "$t_jq" "$bytes_nd" "$records" "$rss_jq"
row "et-ingest $(basename "$small")" "$t_small" "$bytes_small" \
	"$small_records" "$rss_small"
row "et-enrich -c $(basename "$cat1000") $(basename "$en_big")" \
	"$t_en1000" "$bytes_en_big" "$en_records" "$rss_en1000"
row "et-enrich -c $(basename "$cat99") $(basename "$en_big")" \
	"$t_en99" "$bytes_en_big" "$en_records" "$rss_en99" "$t_z_en"
row "zstd -d $(basename "$en_big").zst" "$t_z_en" "$bytes_en_big" \
	"$en_records" -
row "et-enrich ... -o x.zst" "$t_plainzst" "$bytes_en_big" "$en_records" -
row "et-enrich ... -o x.zst --checkpoint ck" "$t_ckpt" "$bytes_en_big" \
	"$en_records" -
row "et-enrich -c $(basename "$cat1000") $(basename "$en_small")" \
	"$t_en_small" "$bytes_en_small" 10000 "$rss_en_small"
row "et-ingest $(basename "$big") | et-enrich -c $(basename "$cat1000")" \
	"$t_pipe" "$bytes_big" "$records" -
row "et-agg $(basename "$ag_big")" "$t_agg" "$bytes_ag_big" "$en_records" \
	"$rss_agg" "$t_z_ag"
row "zstd -d $(basename "$ag_big").zst" "$t_z_ag" "$bytes_ag_big" \
	"$en_records" -
row "et-ingest $(basename "$big") | et-enrich | et-agg" "$t_whole" \
	"$bytes_big" "$records" -
row "et-agg --merge (10 states of $(label "$rows") comments each)" \
	"$t_merge" "$bytes_states" $((10 * en_records)) "$rss_merge"
awk -v a="$t_ingest" -v b="$t_jq" 'BEGIN {
	printf "\net-ingest/jq records/s ratio: %.2f", b / a
	printf " (>1: et-ingest parses the CSV faster than jq re-prints NDJSON)\n"
}'
awk -v t="$t_en1000" -v r="$en_records" -v u="$t_en99" 'BEGIN {
	printf "et-enrich comments/s with 1,000 entities: %.0f", r / t
	printf " (aim: over 100,000: %s)\n", (r / t > 100000 ? "met" : "NOT met")
	printf "et-enrich time with 1,000 entities / with 99: %.2f\n", t / u
}'
awk -v a="$rss_en_small" -v b="$rss_en1000" -v n="$en_records" 'BEGIN {
	printf "et-enrich peak RSS, 10,000 -> %d records: %.1f -> %.1f MiB\n",
	    n, a / 1024, b / 1024 }'
bytes_a50=$(wc -c <"$tmp/agg50.json")
for f in pdf html md txt; do
	row "et-render -f $f ($n50-entity aggregate)" "${t_render[$f]}" \
		"$bytes_a50" 1 "$([[ $f == pdf ]] && echo "$rss_render" || echo -)"
done
awk -v t="${t_render[pdf]}" 'BEGIN {
	printf "et-render: the PDF of a 50-entity aggregate in %.3f s", t
	printf " (aim: under 1 s: %s)\n", (t < 1 ? "met" : "NOT met") }'
awk -v t="$t_merge" -v n=$((10 * en_records)) 'BEGIN {
	printf "et-agg: a document from the states of %d comments in %.3f s", n, t
	printf " (aim: under 1 s: %s)\n", (t < 1 ? "met" : "NOT met") }'
awk -v t="$t_whole" -v n="$records" 'BEGIN {
	printf "the whole pipeline on %d comments: %.1f s", n, t
	printf " (aim: under 30 s at 1,000,000: %s)\n", (t < 30 ? "met" : "NOT met") }'
awk -v i="$t_ingest" -v zi="$t_z_big" -v e="$t_en99" -v ze="$t_z_en" \
    -v a="$t_agg" -v za="$t_z_ag" 'BEGIN {
	printf "times slower than zstd -d on the same bytes: et-ingest %.1f,", i / zi
	printf " et-enrich %.1f, et-agg %.1f (aim: 5 at most: %s)\n", e / ze,
	    a / za, (i / zi <= 5 && e / ze <= 5 && a / za <= 5 ? "met" : "NOT met") }'
awk -v c="$t_ckpt" -v p="$t_plainzst" 'BEGIN {
	printf "et-enrich --checkpoint (every 100,000) / without: %.3f\n", c / p }'
echo "MB/s counts input bytes (10^6); RSS is the peak resident set size;"
echo "records/s of et-enrich are comments/s; the pipeline's MB/s counts CSV"
echo "bytes and its RSS (two processes) is not measured; et-agg --merge's"
echo "records/s counts the comments its states cover; et-render's records/s"
echo "is documents/s."

# The table into bench/RESULTS.md, between its markers.
res=bench/RESULTS.md
if grep -q '^<!-- latest make bench -->$' "$res"; then
	{
		sed '/^<!-- latest make bench -->$/q' "$res"
		echo
		echo "$(date -u +%Y-%m-%d), $(nproc) cores, BENCH_ROWS=$rows:"
		echo
		echo '```'
		cat "$tmp/table"
		echo '```'
		echo
		sed -n '/^<!-- end latest make bench -->$/,$p' "$res"
	} >"$tmp/res"
	cp "$tmp/res" "$res"
	echo "bench: table written to $res" >&2
fi
