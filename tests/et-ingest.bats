#!/usr/bin/env bats
#
# et-ingest: CSV/JSON/NDJSON exports to comment records.  The contract is
# et-ingest(1) and et-record(5); every program also gets the mandatory cases
# of the style guide (help, version, bad options, empty input, limits).
# Fixtures live in tests/data/et-ingest/ (small, hand-made or cut from the
# real exports); the real exports are read from $SHARED (../shared/data).
# Every test runs in the fixture directory, so source.file is the bare name.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	cd "$DATA" || return 1
	APIFY="$SHARED/apify"
}

# jqs FILTER...: jq -c over the records of $output slurped into one array.
jqs() {
	jq -sc "$@" <<<"$output"
}

# texts: the .text of every record in $output, as one JSON array.
texts() {
	jqs 'map(.text)'
}

# real_run: the documented real-data invocation.  Its 8.6 MB of stdout go
# to $TMP/real.ndjson (read back with realq) rather than into $output.
real_run() {
	run --separate-stderr bash -c 'et-ingest "$@" >"$0"' "$TMP/real.ndjson" \
	    --posts "$APIFY/instagram-posts.csv" \
	    --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv
	assert_file_not_empty "$TMP/real.ndjson"
}

# realq FILTER...: jq -c over the records of real_run slurped into one array.
realq() {
	jq -sc "$@" "$TMP/real.ndjson"
}

# posts_census: independent count (python3 csv) of the comments embedded in
# the real posts export and of the comment pks in the comments exports.
posts_census() {
	python3 - "$APIFY" <<'EOF'
import csv, glob, json, re, sys
d = sys.argv[1]
with open(d + '/instagram-posts.csv', encoding='utf-8-sig', newline='') as f:
    r = csv.reader(f)
    h = next(r)
    top = [i for i, c in enumerate(h) if re.fullmatch(r'latestComments/\d+/id', c)]
    rep = {i: h.index(re.sub(r'/replies/\d+/id$', '/id', c))
           for i, c in enumerate(h)
           if re.fullmatch(r'latestComments/\d+/replies/\d+/id', c)}
    embedded, replies = [], []
    for row in r:
        embedded += [row[i] for i in top if row[i]]
        for i, p in rep.items():
            if row[i]:
                embedded.append(row[i])
                replies.append([row[i], 'instagram:' + row[p]])
pks = []
for fn in sorted(glob.glob(d + '/instagram-comments-*.csv')):
    with open(fn, encoding='utf-8-sig', newline='') as f:
        pks += [x['pk'] for x in csv.DictReader(f)]
print(json.dumps({
    'embedded': len(embedded),
    'embedded_distinct': len(set(embedded)),
    'replies': sorted(map(list, {tuple(x) for x in replies})),
    'union': len(set(embedded) | set(pks)),
    'all': len(embedded) + len(pks)}))
EOF
}

# data_error_case FILE DIAG BEFORE ALL SUMMARY [OPTION...]: FILE holds one
# bad record.  Without -k the run stops there and the texts BEFORE it are
# written; with -k every good record (ALL) is written and SUMMARY ("N of M")
# is reported.  Both exit 1.  DIAG is an ERE for the text after "et-ingest: ".
data_error_case() {
	local file=$1 diag=$2 before=$3 all=$4 summary=$5
	shift 5
	run --separate-stderr et-ingest "$@" "$file"
	assert_failure 1
	assert_equal "$(texts)" "$before"
	assert_stderr_line --regexp "^et-ingest: $diag\$"
	run --separate-stderr et-ingest -k "$@" "$file"
	assert_failure 1
	assert_equal "$(texts)" "$all"
	assert_stderr_line --regexp "^et-ingest: $diag\$"
	assert_stderr_line "et-ingest: $summary records rejected"
}

# ---------------------------------------------------------------- real data

@test "et-ingest: real data with --posts: 7875 unique records on 30 posts, all captioned, in range" {
	real_run
	assert_success
	refute_stderr
	run realq '{n: length,
	    ids: (map(.id) | unique | length),
	    posts: (map(.post.id) | unique | length),
	    null_post: map(select(.post.id == null)) | length,
	    no_caption: map(select((.post.caption // "") == "")) | length,
	    bad_time: map(select(.created_at | test("^2025-11-2[0-6]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$") | not)) | length,
	    platforms: (map(.platform) | unique),
	    formats: (map(.source.format) | unique)}'
	assert_output '{"n":7875,"ids":7875,"posts":30,"null_post":0,"no_caption":0,"bad_time":0,"platforms":["instagram"],"formats":["apify-comments"]}'
}

@test "et-ingest: real data: rounded media_id resolves to the exact post id, never to the rounded one" {
	real_run
	assert_success
	# Every media_id in the comments exports went through a double; none of
	# them may show up as a post.id.
	local rounded
	rounded=$(cat "$APIFY"/instagram-comments-*.csv |
	    grep -o '"37[0-9]\{17\}"' | sort -u | jq -sc '.')
	assert_equal "$(jq -c 'length > 25' <<<"$rounded")" true
	assert_equal "$(realq --argjson r "$rounded" 'map(.post.id) | unique | map(select(. as $p | any($r[]; . == $p)))')" '[]'
	assert_equal "$(realq 'map(.post.id | select(endswith("000"))) | length')" 0
	# The media_id 3770243824132977000 of comments-3 is post 3770243824132977270.
	assert_equal "$(realq 'map(select(.id == "instagram:18077749489905117") | .post.id)')" '["3770243824132977270"]'
}

@test "et-ingest: real data: the Colleen Hoover post (metadata export only) has 677 comments with its caption" {
	real_run
	assert_success
	local expect
	expect=$(grep -c '"3770243824132977000"' "$APIFY/instagram-comments-3.csv")
	assert_equal "$expect" 677
	run realq 'map(select(.post.id == "3770243824132977270") | .post)
	    | {n: length, shortcode: (map(.shortcode) | unique),
	       caption: (map(.caption | startswith("Colleen Hoover says the legal battle")) | unique),
	       quoted: (map(.caption | startswith("Entertainment Tonight on Instagram")) | unique)}'
	assert_output '{"n":677,"shortcode":["DRSmMhODnJ2"],"caption":[true],"quoted":[false]}'
}

@test "et-ingest: real data: comment pk 17847263706582747 is emitted exactly as documented" {
	real_run
	assert_success
	run realq --arg f "$APIFY/instagram-comments-1.csv" 'map(select(.id == "instagram:17847263706582747")) |
	    map({platform, post_id: .post.id, shortcode: .post.shortcode, author, text,
	         created_at, likes, parent_id, context, source,
	         file_ok: (.source.file == $f)} | del(.source.file))'
	assert_output '[{"platform":"instagram","post_id":"3770382866082320546","shortcode":"DRTFz2IDlCi","author":"user_6bb4c07c","text":"🔥🔥🔥🔥","created_at":"2025-11-21T01:45:03Z","likes":4,"parent_id":null,"context":"direct","source":{"format":"apify-comments","line":2},"file_ok":true}]'
}

@test "et-ingest: without --posts rounded ids give post.id null and a warning, exit 0" {
	run --separate-stderr et-ingest "$APIFY/instagram-comments-3.csv"
	assert_success
	assert_stderr_line --regexp '^et-ingest: 2751 comments .*rounded.*$'
	assert_equal "${#stderr_lines[@]}" 1
	run jqs '{n: length, post_ids: (map(.post.id) | unique)}'
	assert_output '{"n":2751,"post_ids":[null]}'
}

@test "et-ingest: the posts export as input: embedded comments and replies become records" {
	local census
	census=$(posts_census)
	run --separate-stderr et-ingest --stats "$APIFY/instagram-posts.csv"
	assert_success
	assert_equal "$(jq -c '.embedded_distinct' <<<"$census")" \
	    "$(jqs 'map(.id) | unique | length')"
	assert_equal "$(jqs 'length')" "$(jq -c '.embedded_distinct' <<<"$census")"
	# Replies: context "reply" and the parent's id in the record form.
	assert_equal "$(jqs 'map(select(.context == "reply") | [(.id | ltrimstr("instagram:")), .parent_id]) | sort')" \
	    "$(jq -c '.replies' <<<"$census")"
	assert_equal "$(jqs 'map(select(.context == "reply")) | length')" 11
	run jqs 'map(select(.context == "reply") | .parent_id | test("^instagram:[0-9]+$")) | unique'
	assert_output '[true]'
	assert_equal "$(jq -c '.duplicates' <<<"${stderr_lines[-1]}")" \
	    "$(jq -c '.embedded - .embedded_distinct' <<<"$census")"
}

@test "et-ingest: posts export plus comments exports: duplicates across inputs are dropped" {
	local census union dups
	census=$(posts_census)
	union=$(jq -c '.union' <<<"$census")
	run --separate-stderr bash -c 'et-ingest --stats "$@" >"$0"' "$TMP/real.ndjson" \
	    "$APIFY/instagram-posts.csv" "$APIFY"/instagram-comments-*.csv
	assert_success
	assert_equal "$(realq '{n: length, ids: (map(.id) | unique | length)}')" \
	    "{\"n\":$union,\"ids\":$union}"
	dups=$(jq -c '.duplicates' <<<"${stderr_lines[-1]}")
	assert [ "$dups" -gt 0 ]
	assert_equal "$dups" "$(jq -c '.all - .union' <<<"$census")"
}

@test "et-ingest: ESUIT sample: hash ids, subject, times and likes" {
	run --separate-stderr et-ingest "$SHARED/esuit/sample.csv"
	assert_success
	refute_stderr
	# Independent count: 5 comment rows (the data README's "6-row" counts
	# the header).
	local rows
	rows=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1]))))' "$SHARED/esuit/sample.csv")
	assert_equal "$(jqs 'length')" "$rows"
	assert_equal "$(jqs 'map(.id | test("^instagram:h:[0-9a-f]{16}$")) | unique')" '[true]'
	assert_equal "$(jqs 'map(.id) | unique | length')" "$rows"
	assert_equal "$(jqs '.[0] | {platform, url: .post.url, caption: .post.caption, subject: .post.subject, author, text, created_at, likes, format: .source.format, line: .source.line}')" \
	    '{"platform":"instagram","url":"https://instagram.com/p/ABC123/","caption":"Check out this amazing post!","subject":"Taylor Swift at Chiefs Game","author":"user_1","text":"Love this so much!","created_at":"2024-01-01T12:00:00Z","likes":42,"format":"esuit","line":2}'
	assert_equal "$(jqs 'map(.post.subject) | unique')" '["Blake Lively Interview","Taylor Swift at Chiefs Game"]'
	assert_equal "$(jqs 'map(.created_at)')" \
	    '["2024-01-01T12:00:00Z","2024-01-01T12:05:00Z","2024-01-01T12:10:00Z","2024-01-01T13:00:00Z","2024-01-01T13:15:00Z"]'
}

@test "et-ingest: ESUIT hash ids are stable across runs" {
	run --separate-stderr et-ingest "$SHARED/esuit/sample.csv"
	local first=$output
	run --separate-stderr et-ingest "$SHARED/esuit/sample.csv"
	assert_success
	assert_equal "$(jqs 'map(.id)')" "$(jq -sc 'map(.id)' <<<"$first")"
}

@test "et-ingest: the metadata export as input yields no records and a warning, exit 0" {
	run --separate-stderr et-ingest "$APIFY/instagram-post-metadata.csv"
	assert_success
	refute_output
	assert_stderr_line --regexp '^et-ingest: .*--posts'
	run --separate-stderr et-ingest metadata.csv
	assert_success
	refute_output
	assert_stderr_line --regexp '^et-ingest: .*--posts'
}

# ------------------------------------------------------------ containers

@test "et-ingest: JSON array and NDJSON in the Apify comments shape give the same records as CSV" {
	local want
	run --separate-stderr et-ingest --posts posts.csv --posts metadata.csv comments.csv
	assert_success
	refute_stderr
	want=$(jq -c 'del(.source.file, .source.line)' <<<"$output")
	assert_equal "$(jqs 'length')" 4
	# The bare JSON number media_id 3770243824132977000 still finds its post.
	assert_equal "$(jqs 'map(.post.id)')" \
	    '["3770382866082320546","3770430922362218461","3770382866082320546","3770243824132977270"]'
	for f in comments.json comments.ndjson; do
		run --separate-stderr et-ingest --posts posts.csv --posts metadata.csv "$f"
		assert_success
		refute_stderr
		assert_equal "$(jq -c 'del(.source.file, .source.line)' <<<"$output")" "$want"
		assert_equal "$(jqs 'map(.source.file) | unique')" "[\"$f\"]"
	done
	assert_equal "$(jqs 'map(.source.line)')" '[1,2,3,4]'
}

@test "et-ingest: a pretty-printed JSON array gives each element's starting line" {
	run --separate-stderr et-ingest comments.json
	assert_success
	local want
	want=$(grep -n '^  {' comments.json | cut -d: -f1 | jq -sc '.')
	assert_equal "$want" '[2,12,22,32]'
	assert_equal "$(jqs 'map(.source.line)')" "$want"
}

@test "et-ingest: CSV source.line is the physical line after multi-line quoted fields" {
	run --separate-stderr et-ingest posts.csv
	assert_success
	run jqs 'map([.id, .source.line])'
	assert_output '[["instagram:18366136999095440",2],["instagram:18104443219673947",2],["instagram:18097436323789178",2],["instagram:18062187758636763",13],["instagram:18071893937047578",14]]'
}

# ------------------------------------------------------------------ --posts

@test "et-ingest: --posts: earlier files win for fields more than one provides" {
	run --separate-stderr et-ingest --posts posts-override.csv --posts metadata.csv comments.csv
	run jqs '.[3].post | {id, caption, posted_at}'
	assert_output '{"id":"3770243824132977270","caption":"Hand-made caption","posted_at":"2025-11-20T18:30:00Z"}'
	run --separate-stderr et-ingest --posts metadata.csv --posts posts-override.csv comments.csv
	run jqs '.[3].post | {id, caption: (.caption | startswith("Colleen Hoover says")), posted_at}'
	assert_output '{"id":"3770243824132977270","caption":true,"posted_at":"2025-11-20T00:00:00Z"}'
}

@test "et-ingest: --posts matches a shortcode taken from a /reel/ URL" {
	run --separate-stderr et-ingest --posts posts.csv esuit-reel.csv
	assert_success
	refute_stderr
	run jqs '.[0].post | {id, shortcode, caption: (.caption | startswith("Chadwick Boseman")), subject, posted_at}'
	assert_output '{"id":"3770382866082320546","shortcode":"DRTFz2IDlCi","caption":true,"subject":"Chadwick Boseman","posted_at":"2025-11-21T00:27:44Z"}'
}

# ------------------------------------------------------------ record format

@test "et-ingest: record format passes records and _error lines through byte for byte" {
	run --separate-stderr et-ingest records.ndjson
	assert_success
	refute_stderr
	et-ingest records.ndjson >"$TMP/out.ndjson"
	assert_files_equal records.ndjson "$TMP/out.ndjson"
	et-ingest -f record <records.ndjson >"$TMP/out2.ndjson"
	assert_files_equal records.ndjson "$TMP/out2.ndjson"
	# The unknown keys are still there, literal text included.
	assert_output --partial '"sentiment":0.50,"tags":["a", "b"]}'
}

@test "et-ingest: a record with a bad created_at is rejected with file:line" {
	run --separate-stderr et-ingest record-bad-time.ndjson
	assert_failure 1
	assert_equal "$(jqs 'map(.id)')" '["x:1"]'
	assert_stderr_line --regexp "^et-ingest: record-bad-time\\.ndjson:2(:[0-9]+)?: .*created_at"
}

# -------------------------------------------------------------------- --map

@test "et-ingest: --map turns a vendor CSV into records" {
	run --separate-stderr et-ingest --map '{text: .msg, author: .user, created_at: .ts, platform: "tiktok", post_url: .post}' vendor.csv
	assert_success
	refute_stderr
	run jqs 'map({platform, url: .post.url, author, text, created_at, likes, parent_id, context, line: .source.line,
	    id_ok: (.id | test("^tiktok:h:[0-9a-f]{16}$"))})'
	assert_output '[{"platform":"tiktok","url":"https://www.tiktok.com/@studio/video/7300000000000000001","author":"alice","text":"so good","created_at":"2025-11-20T10:00:00Z","likes":null,"parent_id":null,"context":"direct","line":2,"id_ok":true},{"platform":"tiktok","url":"https://www.tiktok.com/@studio/video/7300000000000000001","author":"bob","text":"meh","created_at":"2025-11-21T01:45:03Z","likes":null,"parent_id":null,"context":"direct","line":3,"id_ok":true},{"platform":"tiktok","url":"https://www.tiktok.com/@studio/video/7300000000000000002","author":"alice","text":"two\nlines","created_at":"2025-11-20T00:00:00Z","likes":null,"parent_id":null,"context":"direct","line":4,"id_ok":true}]'
}

@test "et-ingest: --map-file gives the same records as --map" {
	run --separate-stderr et-ingest --map '{text: .msg, author: .user, created_at: .ts, platform: "tiktok", post_url: .post}' vendor.csv
	local want=$output
	run --separate-stderr et-ingest --map-file vendor-map.jq vendor.csv
	assert_success
	refute_stderr
	assert_output "$want"
}

@test "et-ingest: --map emitting two objects per row gives two records, unknown keys kept last" {
	run --separate-stderr et-ingest --map '{text: .msg, created_at: .ts, platform: "tiktok", mood: "x"}, {text: (.msg + "!"), created_at: .ts, platform: "tiktok"}' vendor.csv
	assert_success
	assert_equal "$(texts)" '["so good","so good!","meh","meh!","two\nlines","two\nlines!"]'
	assert_equal "$(jqs 'map(.source.line)')" '[2,2,3,3,4,4]'
	run jqs '.[0] | [keys_unsorted, .mood]'
	assert_output '[["id","platform","post","author","text","created_at","likes","replies","parent_id","context","source","mood"],"x"]'
	run --separate-stderr et-ingest --map '{text: .msg, created_at: .ts, platform: "tiktok", mood: "x"}' vendor.csv
	run jqs 'map(has("mood")) | unique'
	assert_output '[true]'
}

@test "et-ingest: --map runtime error is a data error, -k goes on" {
	local prog='if .user == "bob" then error("no bob") else {text: .msg, created_at: .ts} end'
	data_error_case vendor.csv 'vendor\.csv:3(:[0-9]+)?: .*no bob.*' \
	    '["so good"]' '["so good","two\nlines"]' '1 of 3' --map "$prog"
}

@test "et-ingest: --map program that does not compile is a usage error" {
	run --separate-stderr et-ingest --map '{text: ' vendor.csv
	assert_failure 2
	refute_output
	assert_stderr_line -n 0 --regexp '^et-ingest: .*--map'
	# Usage errors: one message line, then the synopsis, then the hint.
	assert_stderr_line -n 1 --regexp '^usage: et-ingest '
	assert_stderr_line "try 'et-ingest --help' for more information"
}

@test "et-ingest: --map-file that does not exist is exit 3" {
	run --separate-stderr et-ingest --map-file "$TMP/nope.jq" vendor.csv
	assert_failure 3
	refute_output
	assert_stderr_line --partial "'$TMP/nope.jq'"
}

# ------------------------------------------------------------- time formats

@test "et-ingest: time formats: epoch s/ms/us, ISO offsets to UTC, month names" {
	run --separate-stderr et-ingest times.csv
	assert_success
	refute_stderr
	run jqs 'map([.text, .created_at])'
	assert_output '[["epoch seconds","2025-11-21T01:45:03Z"],["epoch ms","2025-11-21T01:45:03Z"],["epoch us","2025-11-21T01:45:03Z"],["iso offset","2025-11-21T01:45:03Z"],["iso negative offset","2025-11-21T01:45:03Z"],["iso space fraction","2025-11-21T01:45:03Z"],["month name","2025-11-20T00:00:00Z"],["day month","2025-11-20T00:00:00Z"],["rfc 2822","2025-11-20T10:00:00Z"],["short month pm","2025-11-20T15:04:00Z"]]'
}

# ----------------------------------------------------------------------- -f

@test "et-ingest: -f forces the input format" {
	run --separate-stderr et-ingest posts.csv
	local want=$output
	run --separate-stderr et-ingest -f apify-posts posts.csv
	assert_success
	assert_output "$want"
	run --separate-stderr et-ingest --format=apify-comments comments.ndjson
	assert_success
	assert_equal "$(jqs 'length')" 4
	# Forced to a format the data is not in: every row lacks the fields.
	run --separate-stderr et-ingest -f esuit comments.csv
	assert_failure 1
	refute_output
	assert_stderr_line --regexp "^et-ingest: comments\\.csv:2: missing required field '.*'$"
	run --separate-stderr et-ingest -f record comments.ndjson
	assert_failure 1
	refute_output
	assert_stderr_line --regexp '^et-ingest: comments\.ndjson:1(:[0-9]+)?: '
}

@test "et-ingest: unknown -f value is a usage error" {
	run --separate-stderr et-ingest -f bogus comments.csv
	assert_failure 2
	refute_output
	assert_stderr_line --regexp "^et-ingest: .*'bogus'"
	assert_stderr_line "try 'et-ingest --help' for more information"
}

# ------------------------------------------------------------ since / until

@test "et-ingest: --since is inclusive and --until exclusive" {
	run --separate-stderr et-ingest --stats --since 2025-11-21T01:45:03Z --until 2025-11-25T19:01:15Z comments.csv
	assert_success
	assert_equal "$(jqs 'map(.created_at)')" '["2025-11-21T01:45:03Z","2025-11-23T06:36:32Z"]'
	assert_equal "$(jq -c '[.records_out, .filtered]' <<<"${stderr_lines[-1]}")" '[2,2]'
	# Any accepted time format: month name, epoch seconds.
	run --separate-stderr et-ingest --since 'November 21, 2025' --until 1764097275 comments.csv
	assert_success
	assert_equal "$(jqs 'map(.created_at)')" '["2025-11-21T01:45:03Z","2025-11-23T06:36:32Z"]'
	run --separate-stderr et-ingest --until 1764097276 comments.csv
	assert_equal "$(jqs 'length')" 4
}

@test "et-ingest: an unparseable --since or --until is a usage error" {
	run --separate-stderr et-ingest --since yesterday comments.csv
	assert_failure 2
	refute_output
	assert_stderr_line --regexp "^et-ingest: .*'yesterday'"
	run --separate-stderr et-ingest --until 2025-13-45 comments.csv
	assert_failure 2
	refute_output
	assert_stderr_line "try 'et-ingest --help' for more information"
}

# ------------------------------------------------------------ --pseudonymize

@test "et-ingest: --pseudonymize replaces authors with anon-HMAC, same author same pseudonym" {
	printf '0123456789abcdef' >"$TMP/key"
	run --separate-stderr et-ingest posts.csv
	local authors
	authors=$(jqs 'map(.author)')
	assert_equal "$authors" '["user_c3f4fe15","user_7c6812aa","user_c3f4fe15","user_4e02b2ec","2957686736"]'
	local want
	want=$(python3 -c '
import hashlib, hmac, json, sys
key = open(sys.argv[1], "rb").read()
print(json.dumps(["anon-" + hmac.new(key, a.encode(), hashlib.sha256).hexdigest()[:16]
                  for a in json.loads(sys.argv[2])], separators=(",", ":")))' "$TMP/key" "$authors")
	run --separate-stderr et-ingest --pseudonymize "$TMP/key" posts.csv
	assert_success
	assert_equal "$(jqs 'map(.author)')" "$want"
	run jqs 'map(.author | test("^anon-[0-9a-f]{16}$")) | unique'
	assert_output '[true]'
	run --separate-stderr et-ingest --pseudonymize "$TMP/key" posts.csv
	run jqs '.[0].author == .[2].author and .[0].author != .[1].author'
	assert_output 'true'
	refute_output --partial 'user_c3f4fe15'
}

@test "et-ingest: --pseudonymize key errors: short key 2, missing key 3, with --keep-raw 2" {
	printf '0123456789abcde' >"$TMP/short"
	run --separate-stderr et-ingest --pseudonymize "$TMP/short" posts.csv
	assert_failure 2
	refute_output
	assert_stderr_line "try 'et-ingest --help' for more information"
	run --separate-stderr et-ingest --pseudonymize "$TMP/missing" posts.csv
	assert_failure 3
	refute_output
	assert_stderr_line --partial "'$TMP/missing'"
	assert_stderr_line --regexp '^et-ingest: .*: No such file or directory$'
	printf '0123456789abcdef' >"$TMP/key"
	run --separate-stderr et-ingest --pseudonymize "$TMP/key" --keep-raw posts.csv
	assert_failure 2
	refute_output
	assert_stderr_line "try 'et-ingest --help' for more information"
}

# ---------------------------------------------------------------------- raw

@test "et-ingest: --keep-raw adds the original row; --drop-raw does not" {
	run --separate-stderr et-ingest --keep-raw comments.csv
	assert_success
	run jqs '.[0] | [(keys_unsorted | last), .raw["user/username"], .raw.pk, .raw.media_id, (.raw | length)]'
	assert_output '["raw","user_6bb4c07c","17847263706582747","3770382866082320400",6]'
	run --separate-stderr et-ingest --keep-raw comments.ndjson
	assert_success
	# JSON input: the original object, numbers with their literal text.
	assert_line -n 0 --partial '"raw":{"comment_like_count":4,"created_at":1763689503,"media_id":3770382866082320400,"pk":"17847263706582747","text":"🔥🔥🔥🔥","user":{"username":"user_6bb4c07c"}}}'
	run --separate-stderr et-ingest --drop-raw comments.csv
	assert_success
	run jqs 'map(has("raw")) | unique'
	assert_output '[false]'
	run --separate-stderr et-ingest comments.csv
	run jqs 'map(has("raw")) | unique'
	assert_output '[false]'
}

# ----------------------------------------------------------------------- -o

@test "et-ingest: -o FILE writes the records to FILE and nothing to stdout" {
	run --separate-stderr et-ingest posts.csv
	local want=$output
	run --separate-stderr et-ingest -o "$TMP/out.ndjson" posts.csv
	assert_success
	refute_output
	assert_file_exists "$TMP/out.ndjson"
	assert_equal "$(cat "$TMP/out.ndjson")" "$want"
	run ls -A "$TMP"
	assert_output 'out.ndjson'
}

@test "et-ingest: -o FILE.zst writes zstd" {
	et-ingest posts.csv >"$TMP/plain.ndjson"
	run --separate-stderr et-ingest --output "$TMP/out.ndjson.zst" posts.csv
	assert_success
	refute_output
	run zstd -q -t "$TMP/out.ndjson.zst"
	assert_success
	zstdcat "$TMP/out.ndjson.zst" >"$TMP/unpacked.ndjson"
	assert_files_equal "$TMP/plain.ndjson" "$TMP/unpacked.ndjson"
}

@test "et-ingest: -o to a FIFO or a device writes into it, never replaces it" {
	et-ingest posts.csv >"$TMP/want.ndjson"
	mkfifo "$TMP/fifo"
	timeout 20 cat "$TMP/fifo" >"$TMP/got.ndjson" &
	run --separate-stderr timeout 20 et-ingest -o "$TMP/fifo" posts.csv
	wait
	assert_success
	assert [ -p "$TMP/fifo" ]
	assert_files_equal "$TMP/want.ndjson" "$TMP/got.ndjson"
	run --separate-stderr et-ingest -o /dev/null posts.csv
	assert_success
	assert [ -c /dev/null ]
	run ls -A "$TMP"
	assert_output $'fifo\ngot.ndjson\nwant.ndjson'
}

@test "et-ingest: .zst input is read transparently, from a file and from stdin" {
	zstd -q -c comments.csv >"$TMP/comments.csv.zst"
	run --separate-stderr et-ingest comments.csv
	local want
	want=$(jq -c 'del(.source.file)' <<<"$output")
	run --separate-stderr et-ingest "$TMP/comments.csv.zst"
	assert_success
	assert_equal "$(jq -c 'del(.source.file)' <<<"$output")" "$want"
	run --separate-stderr et-ingest <"$TMP/comments.csv.zst"
	assert_success
	assert_equal "$(jq -c 'del(.source.file)' <<<"$output")" "$want"
}

@test "et-ingest: -o into a directory that cannot be written is exit 3 and leaves no file" {
	run --separate-stderr et-ingest -o "$TMP/nodir/out.ndjson" comments.csv
	assert_failure 3
	refute_output
	assert_stderr_line --partial "'$TMP/nodir/out.ndjson'"
	assert_stderr_line --regexp '^et-ingest: .*: No such file or directory$'
	assert_file_not_exists "$TMP/nodir/out.ndjson"
	: >"$TMP/plain"
	run --separate-stderr et-ingest -o "$TMP/plain/out.ndjson" comments.csv
	assert_failure 3
	assert_stderr_line --regexp "^et-ingest: .*: Not a directory$"
	run ls -A "$TMP"
	assert_output 'plain'
	if ((EUID != 0)); then
		mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
		run --separate-stderr et-ingest -o "$TMP/ro/out.ndjson" comments.csv
		assert_failure 3
		refute_output
		run ls -A "$TMP/ro"
		refute_output
	fi
}

# ---------------------------------------------------------------- bad input

@test "et-ingest: ragged CSV row after a multi-line field: expected N fields at the right line" {
	data_error_case ragged.csv 'ragged\.csv:5: expected 7 fields, found 6' \
	    '["before\nspans three\nlines"]' '["before\nspans three\nlines","after"]' '1 of 3'
}

@test "et-ingest: unterminated quoted CSV field is a data error" {
	data_error_case unterminated.csv 'unterminated\.csv:3: unterminated quoted field' \
	    '["before"]' '["before"]' '1 of 2'
}

@test "et-ingest: invalid UTF-8 in CSV is a data error" {
	data_error_case bad-utf8.csv 'bad-utf8\.csv:3(:[0-9]+)?: invalid UTF-8' \
	    '["before"]' '["before","after"]' '1 of 3'
}

@test "et-ingest: invalid UTF-8 in NDJSON is a data error" {
	data_error_case bad-utf8.ndjson 'bad-utf8\.ndjson:2(:[0-9]+)?: invalid UTF-8' \
	    '["before"]' '["before","after"]' '1 of 3'
}

@test "et-ingest: NDJSON syntax error reports line and column" {
	data_error_case syntax.ndjson 'syntax\.ndjson:2:[1-9][0-9]*: .+' \
	    '["before"]' '["before","after"]' '1 of 3'
}

@test "et-ingest: a JSON line that is not an object is a data error" {
	data_error_case nonobject.ndjson 'nonobject\.ndjson:2(:[0-9]+)?: .*not a JSON object' \
	    '["before"]' '["before","after"]' '1 of 3'
}

@test "et-ingest: missing text column: format not detected, or missing field with -f" {
	data_error_case missing-text.csv 'missing-text\.csv:[12]: cannot detect the input format; use -f or --map' \
	    '[]' '[]' '1 of 1'
	data_error_case missing-text.csv "missing-text\\.csv:2: missing required field 'text'" \
	    '[]' '[]' '1 of 1' -f apify-comments
}

@test "et-ingest: missing created_at is a data error" {
	data_error_case missing-created-at.csv "missing-created-at\\.csv:3: missing required field 'created_at'" \
	    '["before"]' '["before","after"]' '1 of 3'
}

@test "et-ingest: unparseable time is a data error naming value and column" {
	data_error_case bad-time.csv "bad-time\\.csv:3: unparseable time 'yesterday' in 'Timestamp'" \
	    '["before"]' '["before","after"]' '1 of 3'
}

@test "et-ingest: -k reports at most 100 data errors, then a count" {
	awk 'BEGIN { print "pk,text,created_at"; print "1,good,1763689503"
	    for (i = 2; i <= 151; i++) print i ",bad,never" }' >"$TMP/many.csv"
	run --separate-stderr et-ingest -k "$TMP/many.csv"
	assert_failure 1
	assert_equal "$(texts)" '["good"]'
	assert_equal "$(grep -c "^et-ingest: $TMP/many.csv:[0-9]*: unparseable time 'never'" <<<"$stderr")" 100
	assert_stderr_line 'et-ingest: further data errors suppressed'
	assert_equal "${stderr_lines[-1]}" 'et-ingest: 150 of 151 records rejected'
}

@test "et-ingest: --rejects FILE gets _error objects with the original row" {
	run --separate-stderr et-ingest -k --rejects "$TMP/rej.ndjson" ragged.csv
	assert_failure 1
	assert_equal "$(texts)" '["before\nspans three\nlines","after"]'
	assert_file_exists "$TMP/rej.ndjson"
	run jq -c '[keys_unsorted, ._error.file, ._error.line, ._error.kind, ._error.message]' "$TMP/rej.ndjson"
	assert_output '[["_error","raw"],"ragged.csv",5,"parse","expected 7 fields, found 6"]'
	assert_equal "$(jq -r '.raw | rtrimstr("\n")' "$TMP/rej.ndjson")" "$(sed -n 5p ragged.csv)"
	# NDJSON: raw is the original line.
	run --separate-stderr et-ingest -k --rejects "$TMP/rej2.ndjson" syntax.ndjson
	assert_failure 1
	assert_equal "$(jq -r '.raw | rtrimstr("\n")' "$TMP/rej2.ndjson")" "$(sed -n 2p syntax.ndjson)"
	assert_equal "$(jq -c '[._error.line, ._error.kind]' "$TMP/rej2.ndjson")" '[2,"parse"]'
}

@test "et-ingest: --errors=json prints JSON diagnostics with the documented keys" {
	run --separate-stderr et-ingest -k --errors=json ragged.csv
	assert_failure 1
	local d
	d=$(grep '^{' <<<"$stderr")
	assert_equal "$(jq -c '[keys_unsorted, .]' <<<"$d")" \
	    '[["prog","file","line","col","kind","message"],{"prog":"et-ingest","file":"ragged.csv","line":5,"col":null,"kind":"parse","message":"expected 7 fields, found 6"}]'
	run --separate-stderr et-ingest --errors=json bad-utf8.csv
	assert_failure 1
	assert_equal "$(grep '^{' <<<"$stderr" | jq -c '[.file, .line, .kind, .message]')" \
	    '["bad-utf8.csv",3,"utf8","invalid UTF-8"]'
	run --separate-stderr et-ingest --errors=json syntax.ndjson
	assert_failure 1
	assert_equal "$(grep '^{' <<<"$stderr" | jq -c '[.file, .line, (.col | type == "number" and . >= 1), .kind]')" \
	    '["syntax.ndjson",2,true,"parse"]'
}

@test "et-ingest: --errors=inline puts _error lines at the bad record's position" {
	run --separate-stderr et-ingest -k --errors=inline ragged.csv
	assert_failure 1
	run jqs 'map(if has("_error") then ._error | [.prog, .file, .line, .col, .kind, .message] else .text end)'
	assert_output '["before\nspans three\nlines",["et-ingest","ragged.csv",5,null,"parse","expected 7 fields, found 6"],"after"]'
	run --separate-stderr et-ingest --errors=inline bad-time.csv
	assert_failure 1
	run jqs 'map(if has("_error") then ._error.line else .text end)'
	assert_output '["before",3]'
}

# ---------------------------------------------------------------- --stats

@test "et-ingest: --stats prints one JSON line with the documented keys" {
	run --separate-stderr bash -c 'et-ingest --stats comments.csv comments.ndjson >"$1"' _ "$TMP/out.ndjson"
	assert_success
	local s=${stderr_lines[-1]} size_in size_out
	size_in=$(cat comments.csv comments.ndjson | wc -c)
	size_out=$(wc -c <"$TMP/out.ndjson")
	run jq -c 'keys_unsorted' <<<"$s"
	assert_output '["prog","records_in","records_out","rejected","duplicates","filtered","bytes_in","bytes_out","seconds"]'
	run jq -c '[.prog, .records_in, .records_out, .rejected, .duplicates, .filtered, .bytes_in, .bytes_out, (.seconds | type == "number" and . >= 0)]' <<<"$s"
	assert_output "[\"et-ingest\",8,4,0,4,0,$size_in,$size_out,true]"
}

@test "et-ingest: --max-ids exceeded is exit 3" {
	run --separate-stderr et-ingest --max-ids 2 comments.csv
	assert_failure 3
	assert_stderr_line --regexp '^et-ingest: .*--max-ids'
	run --separate-stderr et-ingest --max-ids 4 comments.csv
	assert_success
}

# --------------------------------------------------------- mandatory cases

@test "et-ingest: --help prints the synopsis on stdout, exit 0" {
	run --separate-stderr et-ingest --help
	assert_success
	refute_stderr
	assert_line -n 0 --regexp '^usage: et-ingest '
	# Every item of the documented synopsis.
	local item
	for item in '[-ehkuV]' '-f ' '-o ' '--posts ' '--map ' '--map-file ' \
	    '--platform ' '--since ' '--until ' '--pseudonymize ' '--keep-raw' \
	    '--drop-raw' '--max-ids ' '--rejects ' '--stats' \
	    '--errors=text|json|inline' '--max-record-size '; do
		assert_output --partial -- "$item"
	done
	run --separate-stderr et-ingest -h
	assert_success
	assert_line -n 0 --regexp '^usage: et-ingest '
}

@test "et-ingest: --version prints 'et-ingest (et) VERSION'" {
	assert_version et-ingest
}

@test "et-ingest: unknown option is a usage error" {
	assert_unknown_option et-ingest comments.csv
}

@test "et-ingest: empty input gives no output, exit 0" {
	: >"$TMP/empty"
	run --separate-stderr et-ingest "$TMP/empty"
	assert_success
	refute_output
	refute_stderr
	run --separate-stderr et-ingest </dev/null
	assert_success
	refute_output
	refute_stderr
	printf '\n\n' >"$TMP/blank"
	run --separate-stderr et-ingest "$TMP/blank"
	assert_success
	refute_output
}

@test "et-ingest: -e on empty input is exit 4, 0 when a record was written" {
	run --separate-stderr et-ingest -e </dev/null
	assert_failure 4
	refute_output
	run --separate-stderr et-ingest --exit-status --since 2030-01-01 comments.csv
	assert_failure 4
	refute_output
	run --separate-stderr et-ingest -e comments.csv
	assert_success
}

@test "et-ingest: stdin, - and a named file give the same records" {
	run --separate-stderr et-ingest comments.csv
	assert_success
	local want
	want=$(jq -c 'del(.source.file)' <<<"$output")
	assert_equal "$(jqs 'map(.source.file) | unique')" '["comments.csv"]'
	run --separate-stderr et-ingest <comments.csv
	assert_success
	assert_equal "$(jq -c 'del(.source.file)' <<<"$output")" "$want"
	assert_equal "$(jqs 'map(.source.file) | unique')" '["<stdin>"]'
	run --separate-stderr et-ingest - <comments.csv
	assert_success
	assert_equal "$(jq -c 'del(.source.file)' <<<"$output")" "$want"
	assert_equal "$(jqs 'map(.source.file) | unique')" '["<stdin>"]'
}

@test "et-ingest: operands are read in order, - in the middle is stdin" {
	run --separate-stderr et-ingest comments.ndjson - esuit-reel.csv <crlf.ndjson
	assert_success
	run jqs 'map(.source.file)'
	assert_output '["comments.ndjson","comments.ndjson","comments.ndjson","comments.ndjson","<stdin>","<stdin>","esuit-reel.csv"]'
}

@test "et-ingest: missing input file is exit 3" {
	run --separate-stderr et-ingest x
	assert_failure 3
	refute_output
	assert_stderr_line "et-ingest: cannot open 'x': No such file or directory"
	run --separate-stderr et-ingest comments.csv x
	assert_failure 3
	assert_stderr_line "et-ingest: cannot open 'x': No such file or directory"
}

@test "et-ingest: CRLF CSV input" {
	run --separate-stderr et-ingest crlf.csv
	assert_success
	refute_stderr
	run jqs 'map({author, likes, created_at, line: .source.line,
	    first: (.text | startswith("first")), second: (.text | endswith("second")),
	    cr: (.text | test("\r$"))})'
	assert_output '[{"author":"u1","likes":1,"created_at":"2024-01-01T12:00:00Z","line":2,"first":true,"second":true,"cr":false},{"author":"u2","likes":2,"created_at":"2024-01-01T12:01:00Z","line":4,"first":false,"second":false,"cr":false}]'
}

@test "et-ingest: CRLF NDJSON input, blank lines skipped but counted" {
	run --separate-stderr et-ingest crlf.ndjson
	assert_success
	refute_stderr
	run jqs 'map([.id, .text, .source.line])'
	assert_output '[["instagram:1","one",1],["instagram:3","three",3]]'
}

@test "et-ingest: CSV row over --max-record-size is a data error of kind limit" {
	data_error_case limit.csv 'limit\.csv:3: record too large' \
	    '["short one"]' '["short one","short two"]' '1 of 3' --max-record-size 1K
	run --separate-stderr et-ingest --errors=json --max-record-size 1K limit.csv
	assert_equal "$(grep '^{' <<<"$stderr" | jq -c '[.line, .kind]')" '[3,"limit"]'
}

@test "et-ingest: NDJSON record over --max-record-size is a data error of kind limit" {
	data_error_case limit.ndjson 'limit\.ndjson:2(:[0-9]+)?: record too large' \
	    '["short one"]' '["short one","short two"]' '1 of 3' --max-record-size 1K
	run --separate-stderr et-ingest --errors=json --max-record-size 1K limit.ndjson
	assert_equal "$(grep '^{' <<<"$stderr" | jq -c '[.line, .kind]')" '[2,"limit"]'
}

@test "et-ingest: NDJSON records shorter than --max-record-size are accepted" {
	# Lines of 166, 184, 167 and 302 bytes: only the last is over 200.
	run env LC_ALL=C awk '{ print length($0) }' comments.ndjson
	assert_output $'166\n184\n167\n302'
	run --separate-stderr et-ingest -k --max-record-size 200 comments.ndjson
	assert_failure 1
	assert_equal "$(jqs 'map(.id)')" '["instagram:17847263706582747","instagram:18069923474525948","instagram:18062187758636763"]'
	assert_stderr_line --regexp '^et-ingest: comments\.ndjson:4(:[0-9]+)?: record too large$'
	assert_stderr_line 'et-ingest: 1 of 4 records rejected'
}

@test "et-ingest: -k goes on after an over-long first line" {
	run --separate-stderr et-ingest -k --max-record-size 300 first-too-long.ndjson
	assert_failure 1
	assert_equal "$(texts)" '["short","short too"]'
	assert_stderr_line --regexp '^et-ingest: first-too-long\.ndjson:1(:[0-9]+)?: record too large$'
	assert_stderr_line 'et-ingest: 1 of 3 records rejected'
}

@test "et-ingest: | head -n1 on a large input: no stderr, SIGPIPE or 0" {
	awk -F, -v OFS=, 'NR == 1 { print; next }
	    { for (i = 1; i <= 200000; i++) { $1 = sprintf("\"18%015d\"", i); print } }' \
	    row.csv >"$TMP/big.csv"
	run --separate-stderr bash -c 'et-ingest "$1" | head -n1; exit "${PIPESTATUS[0]}"' _ "$TMP/big.csv"
	[[ $status -eq 141 || $status -eq 0 ]] || fail "et-ingest exited $status"
	refute_stderr
	assert_equal "${#lines[@]}" 1
	assert_equal "$(jq -c '[.id, .text, .source.line]' <<<"$output")" \
	    '["instagram:18000000000000001","a row to repeat, with a comma",2]'
}

@test "et-ingest: write error on stdout (/dev/full) is exit 3" {
	run --separate-stderr bash -c 'et-ingest posts.csv >/dev/full'
	assert_failure 3
	assert_stderr_line --regexp '^et-ingest: .*No space left on device$'
}

# ---------------------------------------------------------- determinism

@test "et-ingest: two runs give identical bytes" {
	et-ingest --posts "$APIFY/instagram-posts.csv" --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv "$SHARED/esuit/sample.csv" >"$TMP/a.ndjson"
	et-ingest --posts "$APIFY/instagram-posts.csv" --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv "$SHARED/esuit/sample.csv" >"$TMP/b.ndjson"
	assert_file_not_empty "$TMP/a.ndjson"
	assert_files_equal "$TMP/a.ndjson" "$TMP/b.ndjson"
}

@test "et-ingest: LC_ALL=C and LC_ALL=C.UTF-8 give identical bytes" {
	LC_ALL=C et-ingest --posts "$APIFY/instagram-posts.csv" --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv times.csv >"$TMP/c.ndjson"
	LC_ALL=C.UTF-8 et-ingest --posts "$APIFY/instagram-posts.csv" --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv times.csv >"$TMP/u.ndjson"
	assert_file_not_empty "$TMP/c.ndjson"
	assert_files_equal "$TMP/c.ndjson" "$TMP/u.ndjson"
}

@test "et-ingest: counts up to 18 digits are kept; larger ones are bad rows, never records et-ingest -f record refuses" {
	local max=999999999999999999
	run --separate-stderr bash -c 'printf "%s\n" "{\"text\":\"x\",\"created_at\":\"2024-08-10T12:00:00Z\",\"likes\":\"$1\"}" |
		et-ingest --map . | et-ingest -f record' _ "$max"
	assert_success
	assert_output --partial "\"likes\":$max,"
	run --separate-stderr bash -c 'printf "%s\n" "{\"text\":\"x\",\"created_at\":\"2024-08-10T12:00:00Z\",\"likes\":\"4600000000000000077\"}" |
		et-ingest --map .'
	assert_failure 1
	assert_output ""
	assert_stderr_line -n 0 "et-ingest: <stdin>:1: invalid count '4600000000000000077' in 'likes'"
	run --separate-stderr bash -c 'printf "%s\n" "{\"text\":\"x\",\"created_at\":\"2024-08-10T12:00:00Z\",\"replies\":\"1000000000000000k\"}" |
		et-ingest --map .'
	assert_failure 1
	assert_stderr_line -n 0 --partial "invalid count '1000000000000000k' in 'replies'"
}

@test "et-ingest: a JSON array on one line longer than --max-record-size streams element by element" {
	# 6,000 comments, 2.6 MB on one line, with two- and three-byte UTF-8
	# characters, so that pieces end inside characters.
	python3 -c '
import json, sys
items = [{"pk": str(10**9 + i), "text": "héllo wörld ✓ " * 30,
          "created_at": 1763689503, "user": {"username": "u%d" % i}}
         for i in range(6000)]
sys.stdout.write(json.dumps(items, ensure_ascii=False))' >"$TMP/one-line.json"
	run env LC_ALL=C awk 'END { print NR, (length($0) > 1048576) }' "$TMP/one-line.json"
	assert_output '1 1'
	run --separate-stderr et-ingest --stats --max-record-size 1M -o "$TMP/out.ndjson" \
	    "$TMP/one-line.json"
	assert_success
	assert_stderr_line --partial '"records_in":6000,"records_out":6000,"rejected":0'
	run jq -r 'select(.text != ("héllo wörld ✓ " * 30)) | .id' "$TMP/out.ndjson"
	assert_output ''
}

@test "et-ingest: a rejected element of a JSON array keeps its JSON in --rejects; its line is right without a final newline" {
	printf '[{"pk":"1","text":"x","created_at":"yesterday","user":{"username":"u"}}]' >"$TMP/bad.json"
	run --separate-stderr et-ingest -k --rejects "$TMP/rej.ndjson" "$TMP/bad.json"
	assert_failure 1
	assert_stderr_line "et-ingest: $TMP/bad.json:1: unparseable time 'yesterday' in 'created_at'"
	run jq -c '.raw | fromjson' "$TMP/rej.ndjson"
	assert_output '{"pk":"1","text":"x","created_at":"yesterday","user":{"username":"u"}}'
}
