#!/usr/bin/env bash
# Benchmark et-ingest on a large Apify comments export, against jq reading
# the same records as NDJSON (a yardstick for "how fast can a JSON tool go").
#
# Usage: bench/run.sh            (or `make bench`; run from anywhere)
# Environment: BENCH_ROWS (default 1000000) rows in the generated CSV.
#
# Generates, once, under bench/data/ (git-ignored):
#   apify-<N>.csv     the real comments cycled to N rows (bench/gen-apify.py)
#   apify-<N>.ndjson  the same records as written by bin/et-ingest
#   apify-10k.csv     a 10,000-row file, for the peak-memory comparison
# then prints one table: seconds, MB/s, records/s and peak RSS.
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

if [[ ! -x $ingest ]]; then
	echo "bench: '$ingest' is missing; run 'make' first" >&2
	exit 1
fi
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

# time_cmd NAME COMMAND: median wall seconds of COMMAND (a shell string).
time_cmd() {
	local name=$1 cmd=$2
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine --runs 3 --warmup 1 --style basic \
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

echo "bench: timing (3 runs after 1 warm-up; median)" >&2
t_ingest=$(time_cmd ingest "$ingest $big > /dev/null 2>&1")
t_jq=$(time_cmd jq "jq -c . $nd > /dev/null")
t_small=$(time_cmd small "$ingest $small > /dev/null 2>&1")
rss_ingest=$(peak_rss "$ingest" "$big")
rss_jq=$(peak_rss jq -c . "$nd")
rss_small=$(peak_rss "$ingest" "$small")

bytes_big=$(wc -c <"$big")
bytes_nd=$(wc -c <"$nd")
bytes_small=$(wc -c <"$small")

for v in "$t_ingest" "$t_jq" "$t_small" "$rss_ingest" "$rss_jq" "$rss_small"; do
	if [[ ! $v =~ ^[0-9]+(\.[0-9]+)?$ ]] || [[ $v =~ ^0+(\.0+)?$ ]]; then
		echo "bench: a measurement failed (got '$v')" >&2
		exit 1
	fi
done

# row NAME SECONDS BYTES RECORDS RSS_KIB
row() {
	awk -v n="$1" -v s="$2" -v b="$3" -v r="$4" -v k="$5" 'BEGIN {
		printf "%-34s %8.3f %8.1f %11.0f %9.1f\n",
		    n, s, b / s / 1e6, r / s, k / 1024 }'
}
echo
printf '%-34s %8s %8s %11s %9s\n' command seconds MB/s records/s "RSS MiB"
row "et-ingest $(basename "$big")" "$t_ingest" "$bytes_big" "$records" \
	"$rss_ingest"
row "jq -c . $(basename "$nd")" "$t_jq" "$bytes_nd" "$records" "$rss_jq"
row "et-ingest $(basename "$small")" "$t_small" "$bytes_small" \
	"$small_records" "$rss_small"
awk -v a="$t_ingest" -v b="$t_jq" 'BEGIN {
	printf "\net-ingest/jq records/s ratio: %.2f", b / a
	printf " (>1: et-ingest parses the CSV faster than jq re-prints NDJSON)\n"
}'
echo "MB/s counts input bytes (10^6); RSS is the peak resident set size."
