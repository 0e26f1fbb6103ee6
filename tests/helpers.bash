# shellcheck shell=bash
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats' run
#
# Shared setup for the tests/<prog>.bats suites.  A suite's setup() does
#
#	load helpers
#	common_setup
#
# and gets the bats libraries, ROOT (the repository root), PATH with
# $ROOT/bin first, SHARED (the shared real data, ../shared/data relative to
# ROOT, as in CI), DATA (tests/data/<prog>) and TMP (an empty directory of
# its own per test, under BATS_TEST_TMPDIR, removed by bats).

common_setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	bats_load_library bats-file

	ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
	SHARED="$ROOT/../shared/data"
	PATH="$ROOT/bin:$PATH"
	DATA="$ROOT/tests/data/$(basename "$BATS_TEST_FILENAME" .bats)"
	# bats keeps its own files (run --separate-stderr) in BATS_TEST_TMPDIR;
	# TMP is a subdirectory so that a test can list what it wrote.
	TMP="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$TMP"
	export ROOT SHARED PATH DATA TMP
}

# bats-assert checks $output only; these run the same checks on the
# $stderr / $stderr_lines that `run --separate-stderr` sets.  They shadow
# output and lines with locals, which bats-assert reads (dynamic scope).

# assert_stderr [-p|--partial|-e|--regexp] [EXPECTED]: like assert_output;
# without EXPECTED, stderr must be non-empty.
assert_stderr() {
	local output="$stderr"
	assert_output "$@"
}

# refute_stderr [-p|--partial|-e|--regexp] [UNEXPECTED]: like refute_output;
# without UNEXPECTED, stderr must be empty.
# shellcheck disable=SC2120 # the bats files pass patterns; helpers may not
refute_stderr() {
	local output="$stderr"
	refute_output "$@"
}

# assert_stderr_line [-n INDEX] [-p|--partial|-e|--regexp] EXPECTED: like
# assert_line, on the lines of stderr.
# shellcheck disable=SC2034 # output, lines: read by assert_line
assert_stderr_line() {
	local output="$stderr"
	local -a lines=("${stderr_lines[@]}")
	assert_line "$@"
}

# refute_stderr_line [-n INDEX] [-p|--partial|-e|--regexp] UNEXPECTED
# shellcheck disable=SC2034 # output, lines: read by refute_line
refute_stderr_line() {
	local output="$stderr"
	local -a lines=("${stderr_lines[@]}")
	refute_line "$@"
}

# assert_version PROG: -V and --version print "PROG (et) VERSION" on stdout.
assert_version() {
	run --separate-stderr "$1" --version
	assert_success
	# shellcheck disable=SC2119 # no pattern: stderr must be empty
	refute_stderr
	assert_output --regexp "^$1 \\(et\\) [0-9A-Za-z.+~-]+\$"
	run --separate-stderr "$1" -V
	assert_success
	assert_output --regexp "^$1 \\(et\\) "
}

# assert_unknown_option PROG OPERAND: --bogus and -Z are usage errors (2)
# with the option named and the --help hint, and nothing on stdout.
assert_unknown_option() {
	run --separate-stderr "$1" --bogus "$2"
	assert_failure 2
	refute_output
	assert_stderr_line -n 0 --regexp "^$1: .*bogus"
	assert_stderr_line "try '$1 --help' for more information"
	run --separate-stderr "$1" -Z "$2"
	assert_failure 2
	refute_output
	assert_stderr_line "try '$1 --help' for more information"
}

# erec ID TIME ENTITY SCORE [LIKES [PLATFORM [TEXT [POST]]]]: one enriched
# record whose comment and entity sentiment are SCORE (an empty ENTITY:
# no entity).  The weight is 1 + ln(1 + likes), as et-enrich writes it.
erec() {
	jq -cn --arg id "$1" --arg t "$2" --arg e "$3" --argjson s "$4" \
	    --argjson l "${5:-0}" --arg p "${6:-instagram}" \
	    --arg x "${7:-a comment}" --arg post "${8:-p1}" '
	    ((1 + (1 + $l | log)) * 1000 | round / 1000) as $w |
	    def sig($ent): {type: "sentiment", entity: $ent,
	        value: (if $s >= 0.05 then "positive" elif $s <= -0.05
	                then "negative" else "neutral" end),
	        score: $s, confidence: 0.9, weight: $w, model: "lexicon-1"};
	    {id: $id, platform: $p,
	     post: {id: $post, shortcode: null, url: ("https://x/" + $post),
	            caption: ("caption of " + $post), subject: null,
	            posted_at: null},
	     author: ("u" + $id), text: $x, created_at: $t, likes: $l,
	     replies: null, parent_id: null, context: "direct",
	     mentions: (if $e == "" then [] else [{entity: $e, alias: $e,
	         how: "name", confidence: 1, span: [0, 1]}] end),
	     signals: ([sig(null)] + (if $e == "" then [] else [sig($e)] end)),
	     discovered: [], lang: "en", review: false}'
}

# series ENTITY SCORE N FIRST_ID DAY HOUR0: N records of ENTITY with SCORE,
# one per hour from DAY HOUR0 on.
series() {
	local i t0
	t0=$(date -u -d "$5 $6:00" +%s)
	for ((i = 0; i < $3; i++)); do
		erec "$1-$4-$i" "$(date -u -d "@$((t0 + i * 3600))" +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2"
	done
}

# start_httpd ARGS...: starts tests/httpd.py on 127.0.0.1 (a port of its
# own) with ARGS (--dataset, --fault, --token), logging its requests to
# $TMP/httpd.log; sets HTTPD_PID and BASE (http://127.0.0.1:PORT).  Proxy
# variables are cleared so that libcurl talks to it directly.  Call
# stop_httpd in teardown().
start_httpd() {
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
	rm -f "$TMP/httpd.port"
	python3 "$ROOT/tests/httpd.py" --port-file "$TMP/httpd.port" \
	    --log "$TMP/httpd.log" "$@" 3>&- &
	HTTPD_PID=$!
	local i
	for ((i = 0; i < 100; i++)); do
		[[ -s "$TMP/httpd.port" ]] && break
		sleep 0.05
	done
	[[ -s "$TMP/httpd.port" ]] || return 1
	BASE="http://127.0.0.1:$(cat "$TMP/httpd.port")"
	export BASE HTTPD_PID
}

stop_httpd() {
	if [[ -n "${HTTPD_PID:-}" ]]; then
		kill "$HTTPD_PID" 2>/dev/null || true
		wait "$HTTPD_PID" 2>/dev/null || true
		HTTPD_PID=
	fi
}

# httpd_requests: the server's log so far, one JSON object per request,
# in arrival order.
httpd_requests() {
	jq -sc 'sort_by(.n)[]' "$TMP/httpd.log"
}
