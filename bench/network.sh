#!/usr/bin/env bash
# Benchmark the network paths against a local server (tests/httpd.py on
# 127.0.0.1), so that what is measured is et's own cost, not the Internet's:
#
#   1. et-ingest reading an Apify dataset of 100,000 comments (JSON items)
#      over HTTP, paged 10,000 at a time, against et-ingest reading the same
#      items from a file.  The server renders each page with Python's json
#      module, which bounds the rate; the pages' bytes are also fetched with
#      curl(1) alone as the yardstick.
#   2. et-enrich --llm on the real comments (7,875, with their posts)
#      against a fake model that answers at once: the share of comments
#      sent, the calls, the time with and without the LLM, and a second run
#      answered from the cache (no call).
#
# Usage: bench/network.sh   (or `make bench-network`; needs `make` first,
# and ../shared/data beside the repository; writes under bench/data/)
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=bench/data
src=../shared/data/apify
mkdir -p "$data"
for prog in bin/et-ingest bin/et-enrich; do
	[[ -x $prog ]] || { echo "bench: '$prog' is missing; run 'make' first" >&2; exit 1; }
done
[[ -d $src ]] || { echo "bench: '$src' not found" >&2; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

work=$(mktemp -d)
server=
cleanup() {
	[[ -n $server ]] && kill "$server" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# 100,000 Apify comment items as a JSON array: the real export's rows
# cycled, each with a distinct id (bench/gen-apify.py writes CSV; this is
# the same comments in the dataset-items shape et-ingest's JSON path reads).
items=$data/items-100k.json
if [[ ! -s $items ]]; then
	python3 - "$src" "$items" <<'EOF'
import csv, glob, json, sys
src, out = sys.argv[1], sys.argv[2]
rows = []
for path in sorted(glob.glob(src + "/instagram-comments-*.csv")):
    with open(path, newline="", encoding="utf-8") as f:
        rows.extend(csv.DictReader(f))
items = []
for k in range(100000):
    r = dict(rows[k % len(rows)])
    r["pk"] = "%s%07d" % (r["pk"], k)
    items.append(r)
with open(out, "w", encoding="utf-8") as f:
    json.dump(items, f, ensure_ascii=False)
EOF
fi

python3 tests/httpd.py --port-file "$work/port" --log /dev/null \
	--dataset c="$items" &
server=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
base="http://127.0.0.1:$(cat "$work/port")/v2/datasets/c/items?format=json"

echo "== et-ingest: 100,000 comments over HTTP (10 pages) against a file"
pages=$work/pages.sh
{
	echo 'set -e'
	for o in 0 10000 20000 30000 40000 50000 60000 70000 80000 90000; do
		echo "curl -sS -o /dev/null '$base&offset=$o&limit=10000'"
	done
} >"$pages"
hyperfine -w 1 -r 5 -N \
	-n "curl, the 10 pages alone" "bash $pages" \
	-n "et-ingest URL --page-size 10000" \
	"bin/et-ingest --page-size 10000 -o /dev/null $base" \
	-n "et-ingest file" "bin/et-ingest -o /dev/null $items"
/usr/bin/time -f "et-ingest URL: peak RSS %M KiB" \
	bin/et-ingest --page-size 10000 -o /dev/null "$base" 2>&1 | tail -1
/usr/bin/time -f "et-ingest file: peak RSS %M KiB" \
	bin/et-ingest -o /dev/null "$items" 2>&1 | tail -1

echo "== et-enrich --llm on the real comments (fake model on 127.0.0.1)"
real=$work/real.ndjson
bin/et-ingest --posts "$src/instagram-posts.csv" \
	--posts "$src/instagram-post-metadata.csv" \
	"$src"/instagram-comments-*.csv >"$real" 2>/dev/null
llm=(--llm "http://127.0.0.1:$(cat "$work/port")/v1/chat/completions"
	--llm-model bench --llm-budget 100000)
hyperfine -w 1 -r 5 -N \
	-n "et-enrich" "bin/et-enrich -c share/catalog.json -o /dev/null $real" \
	-n "et-enrich --llm" \
	"bin/et-enrich -c share/catalog.json ${llm[*]} -o /dev/null $real"
bin/et-enrich -c share/catalog.json "${llm[@]}" --llm-cache "$work/c.zst" \
	--stats -o /dev/null "$real" 2>&1 | tail -1
echo "cache: $(stat -c %s "$work/c.zst") bytes"
hyperfine -w 1 -r 5 -N -n "et-enrich --llm, all from the cache" \
	"bin/et-enrich -c share/catalog.json ${llm[*]} --llm-cache $work/c.zst -o /dev/null $real"
bin/et-enrich -c share/catalog.json "${llm[@]}" --llm-cache "$work/c.zst" \
	--stats -o /dev/null "$real" 2>&1 | tail -1
