#!/usr/bin/env bats
#
# et-ingest reading http(s) URLs: Apify dataset paging (offset/limit, the
# X-Apify-Pagination-Total header), CSV/JSON/NDJSON pages, retries of
# transient failures (backoff, Retry-After), errors that are not retried,
# the API token (--token-file, APIFY_TOKEN; never shown anywhere), and
# checkpoints that resume at the last complete page.
#
# Every test talks to tests/httpd.py on 127.0.0.1 (start_httpd in
# helpers.bash), whose request log tells what et-ingest asked for.  The
# dataset served is tests/data/network/comments-25.json: 25 Apify comments
# on the three posts of tests/data/et-ingest/posts.csv, small enough to
# check by hand.  Runs join that posts file, so that every comment finds
# its post and stderr holds only what the network causes.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	cd "$TMP" || return 1
	COMMENTS="$DATA/comments-25.json"
	POSTS="$ROOT/tests/data/et-ingest/posts.csv"
	unset APIFY_TOKEN
}

teardown() {
	stop_httpd
}

# serve ARGS...: the test server with the comments as dataset "c", plus
# ARGS (--fault, --token, more --dataset); sets ITEMS to the dataset's
# items URL.
serve() {
	start_httpd --dataset c="$COMMENTS" "$@" || return 1
	ITEMS="$BASE/v2/datasets/c/items"
}

# ingest ARGS...: et-ingest joining the posts of the fixture.
ingest() {
	et-ingest --posts "$POSTS" "$@"
}

# reqs [FILTER]: jq -c FILTER over the server's requests as one array
# (default: the request paths).
reqs() {
	httpd_requests | jq -sc "${1:-map(.path)}"
}

# wait_reqs N: waits (at most 10 s) until the server has logged N requests.
# A slowed request is logged only when its answer is sent.
wait_reqs() {
	local i
	for ((i = 0; i < 100; i++)); do
		[[ -s "$TMP/httpd.log" ]] &&
		    (($(wc -l <"$TMP/httpd.log") >= $1)) && return 0
		sleep 0.1
	done
	return 1
}

# ere STRING: STRING quoted for use in an extended regular expression.
# shellcheck disable=SC2001 # one bracket expression; no ${//} equivalent
ere() {
	sed 's/[][\.*^$?+(){}|]/\\&/g' <<<"$1"
}

# records: the records of $output without .source, one per line.
records() {
	jq -c 'del(.source)' <<<"$output"
}

# file_records: what the same comments give read from the local file.
file_records() {
	ingest "$COMMENTS" | jq -c 'del(.source)'
}

# ---------------------------------------------------------------- paging

@test "network: --page-size 10 pages through 25 items in 3 requests, records as from the file" {
	serve
	run --separate-stderr ingest --page-size 10 "$ITEMS?format=json"
	assert_success
	refute_stderr
	assert_equal "$(reqs)" '["/v2/datasets/c/items?format=json&offset=0&limit=10","/v2/datasets/c/items?format=json&offset=10&limit=10","/v2/datasets/c/items?format=json&offset=20&limit=10"]'
	assert_equal "$(records)" "$(file_records)"
	assert_equal "$(jq -sc 'map(.id) | unique | length' <<<"$output")" 25
	# source.file is the page, source.line the line within it: the server
	# writes "[" on line 1 and one item per line after it.
	local want
	want=$(jq -nc --arg u "$ITEMS?format=json" '[range(25) |
	    {format: "apify-comments",
	     file: "\($u)&offset=\(. / 10 | floor * 10)&limit=10",
	     line: (. % 10 + 2)}]')
	assert_equal "$(jq -sc 'map(.source)' <<<"$output")" "$want"
}

@test "network: default page size, limit= in the URL, the Total header and --page-size 0" {
	serve
	# The default page is 10000 items: one request.
	run --separate-stderr ingest "$ITEMS?format=json"
	assert_success
	refute_stderr
	assert_equal "$(reqs)" '["/v2/datasets/c/items?format=json&offset=0&limit=10000"]'
	assert_equal "$(records)" "$(file_records)"
	# limit=5 is the page size.  The fifth page is full, but the Total
	# header says there is nothing after it: no sixth request.
	: >"$TMP/httpd.log"
	run --separate-stderr ingest "$ITEMS?limit=5&format=json"
	assert_success
	refute_stderr
	assert_equal "$(reqs)" '["/v2/datasets/c/items?limit=5&format=json&offset=0","/v2/datasets/c/items?limit=5&format=json&offset=5","/v2/datasets/c/items?limit=5&format=json&offset=10","/v2/datasets/c/items?limit=5&format=json&offset=15","/v2/datasets/c/items?limit=5&format=json&offset=20"]'
	assert_equal "$(records)" "$(file_records)"
	# An explicit --page-size beats limit=; offset= is the start.
	: >"$TMP/httpd.log"
	run --separate-stderr ingest --page-size 10 "$ITEMS?offset=12&limit=5"
	assert_success
	refute_stderr
	assert_equal "$(reqs)" '["/v2/datasets/c/items?offset=12&limit=10","/v2/datasets/c/items?offset=22&limit=10"]'
	assert_equal "$(records)" "$(file_records | tail -n 13)"
	# --page-size 0: one request for the URL exactly as given.
	: >"$TMP/httpd.log"
	run --separate-stderr ingest --page-size 0 "$ITEMS?format=json"
	assert_success
	refute_stderr
	assert_equal "$(reqs)" '["/v2/datasets/c/items?format=json"]'
	assert_equal "$(records)" "$(file_records)"
	assert_equal "$(jq -sc 'map(.source.file) | unique' <<<"$output")" "[\"$ITEMS?format=json\"]"
}

@test "network: CSV and JSONL pages give the same records as JSON pages" {
	# Apify's CSV export flattens nested keys with '/' (user/username);
	# the test server writes a nested object into one CSV cell, so the
	# CSV pages are served from a flattened copy of the same items.
	jq '[.[] | . + {"user/username": .user.username} | del(.user)]' \
	    "$COMMENTS" >"$TMP/flat.json"
	serve --dataset flat="$TMP/flat.json"
	local page
	for page in 'c/items?format=jsonl' 'flat/items?format=csv'; do
		run --separate-stderr ingest --page-size 10 "$BASE/v2/datasets/$page"
		assert_success
		refute_stderr
		assert_equal "$(records)" "$(file_records)"
	done
	assert_equal "$(reqs 'map(.path | sub("^/v2/datasets/[a-z]+/items"; ""))')" \
	    '["?format=jsonl&offset=0&limit=10","?format=jsonl&offset=10&limit=10","?format=jsonl&offset=20&limit=10","?format=csv&offset=0&limit=10","?format=csv&offset=10&limit=10","?format=csv&offset=20&limit=10"]'
	# JSONL: one item per line, counted from 1 again on every page.
	run --separate-stderr ingest --page-size 10 "$ITEMS?format=jsonl"
	assert_success
	assert_equal "$(jq -sc 'map(.source.line) | .[9:12]' <<<"$output")" '[10,1,2]'
}

# --------------------------------------------------------------- retries

@test "network: a 429 with Retry-After is retried after exactly that wait, no record twice" {
	serve --fault 2:status:429:1
	run --separate-stderr ingest --page-size 10 "$ITEMS?format=json"
	assert_success
	assert_equal "$(records)" "$(file_records)"
	assert_equal "$(jq -sc 'map(.id) | [length, (unique | length)]' <<<"$output")" '[25,25]'
	assert_stderr "et-ingest: $ITEMS?format=json&offset=10&limit=10: HTTP 429 Too Many Requests; retry 1 of 5 in 1.0 s"
	assert_equal "$(reqs 'map([.path, .status])')" '[["/v2/datasets/c/items?format=json&offset=0&limit=10",200],["/v2/datasets/c/items?format=json&offset=10&limit=10",429],["/v2/datasets/c/items?format=json&offset=10&limit=10",200],["/v2/datasets/c/items?format=json&offset=20&limit=10",200]]'
	assert_equal "$(reqs '.[2].t - .[1].t >= 1')" true
}

@test "network: a 500 is retried after a backoff and the run succeeds" {
	serve --fault 1:status:500
	run --separate-stderr ingest "$ITEMS?format=json"
	assert_success
	assert_equal "$(records)" "$(file_records)"
	assert_stderr --regexp "^et-ingest: $(ere "$ITEMS?format=json&offset=0&limit=10000"): HTTP 500 Internal Server Error; retry 1 of 5 in (0\\.[5-9]|1\\.0) s\$"
	assert_equal "$(reqs 'map(.status)')" '[500,200]'
	# The first backoff is 1 s jittered to 0.5-1 s.
	assert_equal "$(reqs '.[1].t - .[0].t >= 0.5')" true
}

@test "network: --stats counts the requests and the retries; a run on files has no such keys" {
	serve --fault 2:status:503
	run --separate-stderr ingest --stats --page-size 10 "$ITEMS?format=json"
	assert_success
	assert_equal "$(tail -n 1 <<<"$stderr" | jq -c '[.records_out, .http_requests, .http_retries]')" '[25,4,1]'
	run --separate-stderr ingest --stats "$DATA/comments-25.json"
	assert_success
	assert_equal "$(tail -n 1 <<<"$stderr" | jq -c 'has("http_requests")')" false
}

@test "network: a connection dropped mid-page is retried; output identical to a clean run" {
	serve --fault 2:drop
	ingest --page-size 10 "$ITEMS?format=json" >"$TMP/faulty.ndjson" 2>"$TMP/faulty.err"
	ingest --page-size 10 "$ITEMS?format=json" >"$TMP/clean.ndjson"
	cmp "$TMP/faulty.ndjson" "$TMP/clean.ndjson"
	assert_equal "$(jq -sc 'map(.id) | [length, (unique | length)]' "$TMP/faulty.ndjson")" '[25,25]'
	run cat "$TMP/faulty.err"
	assert_output --regexp "^et-ingest: $(ere "$ITEMS?format=json&offset=10&limit=10"): [^;]+; retry 1 of 5 in [0-9.]+ s\$"
	assert_equal "$(reqs 'map(.status) | .[:4]')" '[200,null,200,200]'
}

@test "network: a 401 is not retried: exit 3, one request, no output file" {
	serve --token right
	export APIFY_TOKEN=wrong
	run --separate-stderr ingest -o out.ndjson "$ITEMS"
	assert_failure 3
	refute_output
	assert_stderr "et-ingest: cannot read '$ITEMS?offset=0&limit=10000': HTTP 401 Unauthorized"
	assert_equal "$(reqs 'map([.status, .auth])')" '[[401,"Bearer wrong"]]'
	assert_file_not_exists out.ndjson
	# Nothing else was left behind either (no temporary output).
	assert_equal "$(ls -A)" "$(printf '%s\n' httpd.log httpd.port)"
}

@test "network: a server that stalls past --timeout is given up on after the retries" {
	serve --fault 1:slow:3 --fault 2:slow:3
	run --separate-stderr ingest --timeout 1 --retries 1 "$ITEMS"
	assert_failure 3
	refute_output
	assert_stderr_line -n 0 --regexp "^et-ingest: $(ere "$ITEMS?offset=0&limit=10000"): .*; retry 1 of 1 in [0-9.]+ s\$"
	assert_stderr_line -n 1 --regexp "^et-ingest: cannot read '$(ere "$ITEMS?offset=0&limit=10000")': .*([Tt]oo slow|[Tt]imed out|[Tt]imeout).* \\(gave up after retries\\)\$"
	assert_equal "${#stderr_lines[@]}" 2
	# A third request would have been answered at once; there is none.
	wait_reqs 2
	assert_equal "$(reqs 'map(.fault)')" '["slow:3","slow:3"]'
}

@test "network: retries exhausted: exactly 1 + --retries requests, exit 3, 'gave up'" {
	serve --fault 1:status:503 --fault 2:status:503 --fault 3:status:503
	run --separate-stderr ingest --retries 2 -o out.ndjson "$ITEMS?format=json"
	assert_failure 3
	refute_output
	local url="$ITEMS?format=json&offset=0&limit=10000"
	assert_stderr_line -n 0 --regexp "^et-ingest: $(ere "$url"): HTTP 503 Service Unavailable; retry 1 of 2 in (0\\.[5-9]|1\\.0) s\$"
	assert_stderr_line -n 1 --regexp "^et-ingest: $(ere "$url"): HTTP 503 Service Unavailable; retry 2 of 2 in (1\\.[0-9]|2\\.0) s\$"
	assert_stderr_line -n 2 "et-ingest: cannot read '$url': HTTP 503 Service Unavailable (gave up after retries)"
	assert_equal "${#stderr_lines[@]}" 3
	assert_equal "$(reqs 'map(.status)')" '[503,503,503]'
	# The second backoff is 2 s jittered to 1-2 s.
	assert_equal "$(reqs '.[2].t - .[1].t >= 1')" true
	assert_file_not_exists out.ndjson
}

@test "network: connection refused: exit 3, the message names the redacted URL" {
	local dead
	start_httpd
	dead=$BASE
	stop_httpd
	run --separate-stderr ingest --retries 1 "$dead/v2/datasets/c/items?token=s3cr3t&format=json"
	assert_failure 3
	refute_output
	local url="$dead/v2/datasets/c/items?token=***&format=json&offset=0&limit=10000"
	assert_stderr_line -n 0 --regexp "^et-ingest: $(ere "$url"): .*; retry 1 of 1 in [0-9.]+ s\$"
	assert_stderr_line -n 1 --regexp "^et-ingest: cannot read '$(ere "$url")': .*([Cc]onnect|refused).*\$"
	refute_stderr --partial s3cr3t
}

# ------------------------------------------------------------- bad pages

@test "network: a malformed JSON page is a data error at the page URL, not retried" {
	serve --fault 1:malformed
	run --separate-stderr ingest "$ITEMS?format=json"
	assert_failure 1
	# The 24 items before the broken last one are written.
	assert_equal "$(records)" "$(file_records | head -n 24)"
	assert_stderr_line -n 0 --regexp "^et-ingest: $(ere "$ITEMS?format=json&offset=0&limit=10000"):26:[0-9]+: .+\$"
	refute_stderr --partial retry
	assert_equal "$(reqs 'length')" 1
}

# ----------------------------------------------------------------- token

@test "network: the token from APIFY_TOKEN or --token-file reaches the server; the file wins" {
	serve --token tok-a
	printf 'tok-a\n' >"$TMP/token"
	APIFY_TOKEN=tok-a run --separate-stderr ingest --page-size 10 "$ITEMS"
	assert_success
	refute_stderr
	assert_equal "$(records)" "$(file_records)"
	assert_equal "$(reqs 'map(.auth) | unique')" '["Bearer tok-a"]'
	: >"$TMP/httpd.log"
	APIFY_TOKEN=tok-b run --separate-stderr ingest --token-file "$TMP/token" "$ITEMS"
	assert_success
	refute_stderr
	assert_equal "$(reqs 'map([.auth, .status])')" '[["Bearer tok-a",200]]'
	# Without a token no Authorization header is sent.
	: >"$TMP/httpd.log"
	run --separate-stderr ingest "$ITEMS"
	assert_failure 3
	assert_equal "$(reqs 'map([.auth, .status])')" '[[null,401]]'
}

@test "network: the token never shows in records, messages, files, checkpoints or argv" {
	local tok=tok-7f3c9a1e5b dir pid args i
	printf '%s\n' "$tok" >"$TMP/token"
	# One more item, with a bad time: a rejected record and a diagnostic.
	jq '. + [{pk: "18199999999999999", text: "when?", created_at: "yesterday",
	    comment_like_count: 0, media_id: 3770382866082320400,
	    user: {username: "user_late"}}]' "$COMMENTS" >"$TMP/bad.json"

	# (1) The token in a file: everything a run writes.
	dir="$TMP/file"
	mkdir "$dir"
	serve --token "$tok" --dataset bad="$TMP/bad.json" --fault 1:status:500
	run --separate-stderr ingest -k --token-file "$TMP/token" --page-size 10 \
	    --stats --rejects "$dir/rejects.ndjson" --metrics "$dir/metrics.prom" \
	    -o "$dir/out.ndjson" "$BASE/v2/datasets/bad/items?format=json"
	assert_failure 1
	assert_stderr_line --partial 'HTTP 500 Internal Server Error; retry 1 of 5'
	assert_stderr_line "et-ingest: $BASE/v2/datasets/bad/items?format=json&offset=20&limit=10:7: unparseable time 'yesterday' in 'created_at'"
	assert_stderr_line --regexp '^\{"prog":"et-ingest","records_in":26,"records_out":25,"rejected":1,'
	assert_equal "$(jq -sc 'length' "$dir/out.ndjson")" 25
	assert_equal "$(jq -sc 'length' "$dir/rejects.ndjson")" 1
	assert_file_not_empty "$dir/metrics.prom"
	printf '%s' "$output" >"$dir/stdout"
	printf '%s' "$stderr" >"$dir/stderr"
	# A run killed mid-page leaves its checkpoint behind.
	run env ET_KILL_AFTER=15 et-ingest --posts "$POSTS" --token-file "$TMP/token" \
	    --page-size 10 --checkpoint "$dir/ck" --checkpoint-every 5 \
	    -o "$dir/ck-out.ndjson" "$ITEMS"
	assert_equal "$status" 137
	assert_file_exists "$dir/ck"
	zstd -qdc "$dir/ck" >"$dir/ck.txt"
	assert_file_not_empty "$dir/ck.txt"
	stop_httpd

	# The command line of a running et-ingest, while the server stalls.
	serve --token "$tok" --fault 1:slow:3
	et-ingest --posts "$POSTS" --token-file "$TMP/token" -o "$dir/slow.ndjson" \
	    "$ITEMS" 2>"$dir/slow.err" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		args=$(tr '\0' ' ' <"/proc/$pid/cmdline")
		[[ $args == "et-ingest "* ]] && break
		sleep 0.02
	done
	wait "$pid"
	assert_equal "$args" "et-ingest --posts $POSTS --token-file $TMP/token -o $dir/slow.ndjson $ITEMS "
	assert_equal "$(jq -sc 'length' "$dir/slow.ndjson")" 25
	run grep -rlF "$tok" "$dir"
	assert_failure 1
	refute_output
	stop_httpd

	# (2) The token in the URL (and in APIFY_TOKEN for the bearer): every
	# output shows the URL with token=***.
	dir="$TMP/url"
	mkdir "$dir"
	export APIFY_TOKEN=$tok
	serve --token "$tok" --dataset bad="$TMP/bad.json" --fault 1:status:500
	local url="$BASE/v2/datasets/bad/items?token=$tok&format=json"
	local shown="$BASE/v2/datasets/bad/items?token=***&format=json"
	run --separate-stderr ingest -k --page-size 10 --stats \
	    --rejects "$dir/rejects.ndjson" --metrics "$dir/metrics.prom" \
	    -o "$dir/out.ndjson" "$url"
	assert_failure 1
	assert_stderr_line --regexp "^et-ingest: $(ere "$shown&offset=0&limit=10"): HTTP 500 Internal Server Error; retry 1 of 5 in [0-9.]+ s\$"
	assert_stderr_line "et-ingest: $shown&offset=20&limit=10:7: unparseable time 'yesterday' in 'created_at'"
	assert_equal "$(jq -sc 'map(.source.file) | unique' "$dir/out.ndjson")" \
	    "[\"$shown&offset=0&limit=10\",\"$shown&offset=10&limit=10\",\"$shown&offset=20&limit=10\"]"
	assert_equal "$(jq -c '._error.file' "$dir/rejects.ndjson")" "\"$shown&offset=20&limit=10\""
	printf '%s' "$output" >"$dir/stdout"
	printf '%s' "$stderr" >"$dir/stderr"
	run env ET_KILL_AFTER=15 et-ingest --posts "$POSTS" --page-size 10 \
	    --checkpoint "$dir/ck" --checkpoint-every 5 -o "$dir/ck-out.ndjson" \
	    "$BASE/v2/datasets/c/items?token=$tok"
	assert_equal "$status" 137
	zstd -qdc "$dir/ck" >"$dir/ck.txt"
	assert grep -qF 'token=***' "$dir/ck.txt"
	run grep -rlF "$tok" "$dir"
	assert_failure 1
	refute_output
}

@test "network: a token is never sent in clear text to another host" {
	serve
	export APIFY_TOKEN=tok-abc
	# Refused before anything is read: not even the local URL is fetched.
	run --separate-stderr ingest "$ITEMS" "http://example.invalid/v2/datasets/x/items?key=k1&format=csv"
	assert_failure 2
	refute_output
	assert_stderr_line -n 0 "et-ingest: will not send the token in clear text to 'http://example.invalid/v2/datasets/x/items?key=***&format=csv'; use https"
	refute_stderr --partial k1
	assert_equal "$(reqs 'length')" 0
	# The loopback host is fine.
	run --separate-stderr ingest "$ITEMS"
	assert_success
	refute_stderr
	# Without a token the URL gets as far as the request.
	unset APIFY_TOKEN
	run --separate-stderr ingest --retries 0 --timeout 2 "http://example.invalid/v2/datasets/x/items"
	assert_failure 3
	refute_output
	assert_stderr --regexp "^et-ingest: cannot read 'http://example\\.invalid/v2/datasets/x/items\\?offset=0&limit=10000': .+\$"
	refute_stderr --partial 'clear text'
}

@test "network: --token-file: missing is exit 3, empty or two lines exit 2, nothing requested" {
	serve
	run --separate-stderr ingest --token-file "$TMP/none" "$ITEMS"
	assert_failure 3
	refute_output
	assert_stderr "et-ingest: cannot read --token-file '$TMP/none': No such file or directory"
	: >"$TMP/empty"
	run --separate-stderr ingest --token-file "$TMP/empty" "$ITEMS"
	assert_failure 2
	refute_output
	assert_stderr_line -n 0 "et-ingest: --token-file '$TMP/empty' must hold one token on one line"
	printf 'tok-1\ntok-2\n' >"$TMP/two"
	run --separate-stderr ingest --token-file "$TMP/two" "$ITEMS"
	assert_failure 2
	refute_output
	assert_stderr_line -n 0 "et-ingest: --token-file '$TMP/two' must hold one token on one line"
	refute_stderr --partial tok-
	assert_equal "$(reqs 'length')" 0
}

# ------------------------------------------------------------ checkpoint

@test "network: a killed run resumes at the page after the last complete one, same output" {
	serve --token tok-ck
	export APIFY_TOKEN=tok-ck
	local cmd=(ingest --page-size 10 --checkpoint ck --checkpoint-every 5)
	ingest --page-size 10 "$ITEMS" >want.ndjson
	# Killed at the 15th row, in the middle of the second page.
	ET_KILL_AFTER=15 run "${cmd[@]}" -o out.ndjson "$ITEMS"
	assert_equal "$status" 137
	assert_file_not_exists out.ndjson
	zstd -qdc ck >ck.txt
	assert grep -qF "$ITEMS" ck.txt
	refute grep -qF tok-ck ck.txt
	local before
	before=$(reqs 'length')
	run --separate-stderr "${cmd[@]}" -o out.ndjson "$ITEMS"
	assert_success
	refute_stderr
	cmp out.ndjson want.ndjson
	assert_file_not_exists ck
	# The rerun asked for the second and third pages only.
	assert_equal "$(reqs ".[$before:] | map(.path)")" '["/v2/datasets/c/items?offset=10&limit=10","/v2/datasets/c/items?offset=20&limit=10"]'
}

# ---------------------------------------------------------------- --posts

@test "network: --posts URL: posts served as JSON items join like the local posts file" {
	serve --dataset posts="$DATA/posts.json"
	local want
	want=$(et-ingest --posts "$POSTS" "$COMMENTS")
	run --separate-stderr et-ingest --posts "$BASE/v2/datasets/posts/items" "$COMMENTS"
	assert_success
	refute_stderr
	assert_equal "$output" "$want"
	assert_equal "$(reqs)" '["/v2/datasets/posts/items?offset=0&limit=10000"]'
	run jq -sc 'map(.post | [.id, .shortcode, (.caption | length > 0), .posted_at]) | unique' <<<"$output"
	assert_output '[["3770382866082320546","DRTFz2IDlCi",true,"2025-11-21T00:27:44Z"],["3770430922362218461","DRTQvKBjGfd",true,"2025-11-21T02:03:17Z"],["3773785004535804914","DRfLXeeDXPy",true,"2025-11-25T17:04:37Z"]]'
}

# ------------------------------------------------------------------ usage

@test "network: bad --page-size, --timeout and --retries values are usage errors" {
	serve
	local bad
	for bad in '--page-size -1' '--page-size x' '--timeout 0' '--timeout -1' \
	    '--timeout x' '--retries x' '--retries 101' '--retries -1'; do
		# shellcheck disable=SC2086 # option and value are two words
		run --separate-stderr et-ingest $bad "$ITEMS"
		assert_failure 2
		refute_output
		assert_stderr_line -n 0 --regexp "^et-ingest: invalid ${bad% *} '$(ere "${bad#* }")'"
	done
	assert_equal "$(reqs 'length')" 0
}
