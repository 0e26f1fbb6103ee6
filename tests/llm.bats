#!/usr/bin/env bats
#
# et-enrich --llm: the comments the lexicon is unsure of are sent, in
# batches, to an OpenAI-compatible chat endpoint, and every answer is
# checked before it replaces the lexicon's signals.  The endpoint is the
# local test server (tests/httpd.py), whose fake model scores a comment
# from a few keywords ("love" 0.9, "hate" -0.8, "yeah right" -0.6 with
# sarcasm, "X is awful" -0.7 and "X is great" 0.8 for an entity X, "idiot"
# toxicity 0.8), answers in reverse order, and misbehaves on request
# (--fault N:KIND).
#
# tests/data/llm/comments.ndjson, with the catalog of examples/:
#
#	c1   two sentiment words                      not sent
#	c2   five words, no sentiment word (0.5)      sent: unsure
#	c3   "yeah right"                             sent: sarcasm
#	c4   Mara Quinn awful, Jonah Vellacourt great sent: contrast
#	c5   confident, 5000 likes                    sent: likes
#	c6   confident, 1200 likes, "idiot", a risk   sent: likes
#	c7   two sentiment words                      not sent
#	c8   empty text                               never sent
#	c9   nine entities, unsure                    never sent (over 8)
#	c10  eight entities, unsure                   sent: unsure
#	c11  one sentiment word (confidence 0.75)     sent below 0.8 only
#	c12  the post's subject, no sentiment word    sent: unsure

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	unset ET_LLM_KEY
	CAT="$ROOT/examples/catalog.json"
	IN="$DATA/comments.ndjson"
	MODEL=gpt-test
	L="llm:$MODEL"
	KEY="sk-et-LeakCanary-7Qx9vK3mW2pZ"
	cd "$TMP" || return 1
}

teardown() {
	stop_httpd
}

# url: the test server's chat endpoint.
url() {
	printf '%s/v1/chat/completions\n' "$BASE"
}

# llm [OPTION|FILE...]: runs et-enrich with the catalog and --llm on the
# test server with model $MODEL (last options win).
llm() {
	run --separate-stderr et-enrich -c "$CAT" --llm "$(url)" \
	    --llm-model "$MODEL" "$@"
}

# lexicon FILE: FILE enriched without --llm, into lex.ndjson.
lexicon() {
	et-enrich -c "$CAT" "$1" >lex.ndjson
}

# nreq: how many requests the server has seen.
nreq() {
	httpd_requests | wc -l
}

# sent: for each request, in arrival order, the ids of its comments.
sent() {
	httpd_requests |
	    jq -r '[.body.messages[-1].content | fromjson | .comments[].id] | join(",")'
}

# sent_sorted: the same, the lines sorted (concurrent requests).
sent_sorted() {
	sent | sort
}

# sigs ID: the signals of record ID in $output as [type, entity, value,
# score, confidence, model].
sigs() {
	jq -c --arg id "$1" 'select(.id == $id) |
	    [.signals[] | [.type, .entity, .value, .score, .confidence, .model]]' <<<"$output"
}

# models: for each record of $output, "ID MODEL,MODEL..." (distinct models).
models() {
	jq -r '"\(.id) \([.signals[].model] | unique | join(","))"' <<<"$output"
}

# rec_of FILE ID: record ID of FILE, compact.
rec_of() {
	jq -c --arg id "$2" 'select(.id == $id)' "$1"
}

# out_rec ID: record ID of $output, compact.
out_rec() {
	jq -c --arg id "$1" 'select(.id == $id)' <<<"$output"
}

# fallback_of FILE ID: record ID of FILE (enriched without --llm) as a
# fallback writes it: the lexicon's and the rules' signals marked, risks
# as they are.
fallback_of() {
	jq -c --arg id "$2" 'select(.id == $id) | .signals |= map(
	    if .model == "lexicon-1" or .model == "rules-1"
	    then .model += "+llm-fallback" else . end)' "$1"
}

# count KEY: KEY of the --stats line in $stderr.
count() {
	grep '^{"prog":' <<<"$stderr" | jq -c ".$1"
}

# unsure N: N records with no sentiment word, ids u1 to uN.
unsure() {
	jq -cn --argjson n "$1" '
	    range(1; $n + 1) | {id: "u\(.)", platform: "instagram",
	        text: "Who is this, take \(.)", created_at: "2025-11-21T02:00:00Z",
	        likes: 0}'
}

# ------------------------------------------------------------- answers

@test "llm: answers replace the unsure records' signals; the rest is untouched and the order kept" {
	start_httpd
	lexicon "$IN"
	llm "$IN"
	assert_success
	# shellcheck disable=SC2119 # no pattern: stderr must be empty
	refute_stderr
	# one request, with the model asked for, no key, every unsure comment
	# with its id, text and entities (in the order of first mention)
	assert_equal "$(nreq)" 1
	assert_equal "$(httpd_requests | jq -c '[.method, .path, .auth, .body.model]')" \
	    '["POST","/v1/chat/completions",null,"gpt-test"]'
	assert_equal "$(httpd_requests | jq -c '.body.messages[-1].content | fromjson')" \
	    "$(jq -c '{comments: [
	        {id: "c2", text: "Who is this person here", entities: []},
	        {id: "c3", text: "yeah right, she is so talented", entities: []},
	        {id: "c4", text: "Mara Quinn is awful but Jonah Vellacourt is great",
	         entities: ["Mara Quinn", "Jonah Vellacourt"]},
	        {id: "c5", text: "What a wonderful, brilliant performance, love it",
	         entities: []},
	        {id: "c6", text: "Mara Quinn you idiot, go kill yourself",
	         entities: ["Mara Quinn"]},
	        {id: "c10", text: .[9].text,
	         entities: ["Ines Rookwell", "Dev Okafor", "Zoë Hartigan",
	             "Harbor Lights", "Jonah Vellacourt", "The Velvet Hour",
	             "Celeste Marwood", "Mara Quinn"]},
	        {id: "c12", text: "she is on stage tonight again", entities: ["Mara Quinn"]}]}' \
	        -s "$IN")"
	# the input's order, although the server answers in reverse
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" \
	    'c1 c2 c3 c4 c5 c6 c7 c8 c9 c10 c11 c12'
	# records not sent: byte for byte what a run without --llm writes
	local n
	for n in 1 7 8 9 11; do
		assert_equal "$(sed -n "${n}p" <<<"$output")" "$(sed -n "${n}p" lex.ndjson)"
	done
	# records sent: only the signals differ (weights included, the same)
	for n in c2 c3 c4 c5 c6 c10 c12; do
		assert_equal "$(out_rec "$n" | jq -c 'del(.signals)')" \
		    "$(rec_of lex.ndjson "$n" | jq -c 'del(.signals)')"
		assert_equal "$(out_rec "$n" | jq -c '[.signals[].weight] | unique')" \
		    "$(rec_of lex.ndjson "$n" | jq -c '[.signals[].weight] | unique')"
	done
	# the fake model's verdicts, confidence 0.8, model llm:NAME
	assert_equal "$(sigs c2)" "[[\"sentiment\",null,\"neutral\",0,0.8,\"$L\"]]"
	assert_equal "$(sigs c3)" "[[\"sentiment\",null,\"negative\",-0.6,0.8,\"$L\"],[\"emotion\",null,\"anger\",0.6,0.8,\"$L\"],[\"sarcasm\",null,\"yeah_right\",null,0.8,\"$L\"]]"
	assert_equal "$(sigs c4)" "[[\"sentiment\",null,\"neutral\",0,0.8,\"$L\"],[\"sentiment\",\"Mara Quinn\",\"negative\",-0.7,0.8,\"$L\"],[\"stance\",\"Mara Quinn\",\"oppose\",-0.7,0.8,\"$L\"],[\"sentiment\",\"Jonah Vellacourt\",\"positive\",0.8,0.8,\"$L\"],[\"stance\",\"Jonah Vellacourt\",\"support\",0.8,0.8,\"$L\"]]"
	assert_equal "$(sigs c5)" "[[\"sentiment\",null,\"positive\",0.9,0.8,\"$L\"],[\"emotion\",null,\"joy\",0.7,0.8,\"$L\"]]"
	# toxicity from the answer; the risk stays the rule's
	assert_equal "$(sigs c6)" "[[\"sentiment\",null,\"neutral\",0,0.8,\"$L\"],[\"sentiment\",\"Mara Quinn\",\"neutral\",0,0.8,\"$L\"],[\"stance\",\"Mara Quinn\",\"neutral\",0,0.8,\"$L\"],[\"toxicity\",null,\"harassment\",0.8,0.8,\"$L\"],[\"risk\",null,\"harassment\",null,0.6,\"tell_to_die\"]]"
	assert_equal "$(out_rec c10 | jq -c '[.signals[] | select(.entity != null and .type == "sentiment") | .entity]')" \
	    '["Ines Rookwell","Dev Okafor","Zoë Hartigan","Harbor Lights","Jonah Vellacourt","The Velvet Hour","Celeste Marwood","Mara Quinn"]'
	assert_equal "$(out_rec c10 | jq -c --arg l "$L" '[.signals[] | [.value, .score, .confidence, .model]] | unique')" \
	    "[[\"neutral\",0,0.8,\"$L\"]]"
	# the lexicon's joy is gone: the model found no emotion
	assert_equal "$(sigs c12)" "[[\"sentiment\",null,\"neutral\",0,0.8,\"$L\"],[\"sentiment\",\"Mara Quinn\",\"neutral\",0,0.8,\"$L\"],[\"stance\",\"Mara Quinn\",\"neutral\",0,0.8,\"$L\"]]"
}

@test "llm: which comments are sent: unsure, sarcasm, contrast, likes; never empty text or over 8 entities" {
	start_httpd
	llm "$IN"
	assert_success
	assert_equal "$(sent)" 'c2,c3,c4,c5,c6,c10,c12'
	# only sarcasm and contrast are left without the confidence and likes
	# reasons
	: >httpd.log
	llm --llm-below 0 --llm-likes 0 "$IN"
	assert_success
	assert_equal "$(sent)" 'c3,c4'
	# likes: at the threshold or above
	: >httpd.log
	llm --llm-below 0 --llm-likes 5000 "$IN"
	assert_success
	assert_equal "$(sent)" 'c3,c4,c5'
	: >httpd.log
	llm --llm-below 0 --llm-likes 1199 "$IN"
	assert_success
	assert_equal "$(sent)" 'c3,c4,c5,c6'
	# confidence: c11's 0.75 is below 0.8; at 0.3 not even the 0.5 of a
	# comment without sentiment words (c2, c10, c12) is
	: >httpd.log
	llm --llm-below 0.8 --llm-likes 0 "$IN"
	assert_success
	assert_equal "$(sent)" 'c2,c3,c4,c10,c11,c12'
	: >httpd.log
	llm --llm-below 0.3 --llm-likes 0 "$IN"
	assert_success
	assert_equal "$(sent)" 'c3,c4'
	# with nothing to ask, nothing is sent and the output is the lexicon's
	: >httpd.log
	lexicon "$IN"
	grep -v -e '"c3"' -e '"c4"' "$IN" >calm.ndjson
	grep -v -e '"c3"' -e '"c4"' lex.ndjson >calm-lex.ndjson
	llm --llm-below 0 --llm-likes 0 calm.ndjson
	assert_success
	assert_equal "$(nreq)" 0
	assert_equal "$output" "$(cat calm-lex.ndjson)"
}

@test "llm: --llm-likes N: a comment with N likes or more is sent, the threshold included" {
	start_httpd
	# confident comments: the likes are the only reason to send them
	jq -cn '(999, 1000, 1001, 1199, 1200, 5000) | {id: "l\(.)",
	    platform: "instagram", text: "I love this so much, amazing \(.)",
	    created_at: "2025-11-21T03:00:00Z", likes: .}' >likes.ndjson
	llm likes.ndjson
	assert_success
	assert_equal "$(sent)" l1000,l1001,l1199,l1200,l5000
	: >httpd.log
	llm --llm-likes 1200 likes.ndjson
	assert_success
	assert_equal "$(sent)" l1200,l5000
	: >httpd.log
	llm --llm-likes 1001 likes.ndjson
	assert_success
	assert_equal "$(sent)" l1001,l1199,l1200,l5000
}

@test "llm: batches of --llm-batch, several at once; --llm-jobs 1 gives the same output" {
	unsure 25 >in.ndjson
	# every request takes a second: concurrent ones arrive together
	start_httpd --fault 1:slow:1 --fault 2:slow:1 --fault 3:slow:1
	llm --llm-batch 10 in.ndjson
	assert_success
	cp <(printf '%s\n' "$output") jobs4.ndjson
	assert_equal "$(nreq)" 3
	assert_equal "$(sent_sorted)" "$(printf '%s\n' u1,u2,u3,u4,u5,u6,u7,u8,u9,u10 \
	    u11,u12,u13,u14,u15,u16,u17,u18,u19,u20 u21,u22,u23,u24,u25 | sort)"
	assert_equal "$(httpd_requests | jq -s 'map(.t) | max - min < 0.9')" true
	assert_equal "$(models | cut -d' ' -f2 | sort -u)" "$L"
	assert_equal "$(jq -r .id jobs4.ndjson | paste -sd ' ')" "$(jq -r .id in.ndjson | paste -sd ' ')"
	# one at a time: in order, each after the previous one's answer
	stop_httpd
	rm httpd.log
	start_httpd --fault 1:slow:1 --fault 2:slow:1 --fault 3:slow:1
	llm --llm-batch 10 --llm-jobs 1 in.ndjson
	assert_success
	assert_equal "$(sent)" "$(printf '%s\n' u1,u2,u3,u4,u5,u6,u7,u8,u9,u10 \
	    u11,u12,u13,u14,u15,u16,u17,u18,u19,u20 u21,u22,u23,u24,u25)"
	assert_equal "$(httpd_requests | jq -s '[.[1].t - .[0].t, .[2].t - .[1].t] | min >= 1')" true
	cmp jobs4.ndjson <(printf '%s\n' "$output")
}

# ------------------------------------------------------------- bad answers

@test "llm: an answer with a wrong id: that comment falls back, the others are answered" {
	start_httpd --fault 1:llm-wrong-id
	lexicon "$IN"
	llm --stats "$IN"
	assert_success
	assert_stderr_line --partial "et-enrich: --llm: answer for 'c2' rejected: "
	assert_equal "$(out_rec c2)" "$(fallback_of lex.ndjson c2)"
	assert_equal "$(sigs c2)" '[["sentiment",null,"neutral",0,0.5,"lexicon-1+llm-fallback"]]'
	assert_equal "$(models | grep -v '^c2 ' | grep -c "llm-fallback")" 0
	assert_equal "$(models | grep -c " $L")" 6
	assert_equal "$(count llm_answered)/$(count llm_fallback)" 6/1
}

# fault_case FAULT ID: with FAULT on the one request (the sarcasm and
# contrast comments, c3 first), c3 falls back, rules' signals marked too,
# with a warning naming it; c4 is answered.
fault_case() {
	start_httpd --fault "1:$1"
	lexicon "$IN"
	llm --llm-below 0 --llm-likes 0 --stats "$IN"
	assert_success
	assert_equal "$(sent)" c3,c4
	assert_stderr_line --regexp "^et-enrich: --llm: answer for 'c3' rejected: $2; it keeps the lexicon's scores\$"
	assert_equal "$(out_rec c3)" "$(fallback_of lex.ndjson c3)"
	assert_equal "$(sigs c3)" '[["sentiment",null,"positive",0.754,0.9,"lexicon-1+llm-fallback"],["sarcasm",null,"yeah_right",null,0.5,"rules-1+llm-fallback"]]'
	assert_equal "$(models | grep '^c4 ')" "c4 $L"
	assert_equal "$(count llm_answered)/$(count llm_fallback)" 1/1
	# the records not sent are the lexicon's
	assert_equal "$(grep -v -e '"c3"' -e '"c4"' <<<"$output")" \
	    "$(grep -v -e '"c3"' -e '"c4"' lex.ndjson)"
	stop_httpd
	rm -f httpd.log
}

@test "llm: an out-of-range score, an unknown entity, a missing result: that comment falls back" {
	fault_case llm-range '.*(range|-1 to 1).*'
	fault_case llm-unknown-entity ".*unknown entity 'Nobody Known'.*"
	fault_case llm-missing '.*'
}

# batch_fails FAULT PATTERN: with FAULT on the only request, every comment
# sent falls back, with a warning matching PATTERN; exit 0.
batch_fails() {
	start_httpd --fault "1:$1"
	lexicon "$IN"
	llm --stats "$IN"
	assert_success
	assert_stderr_line --regexp "^et-enrich: --llm http://127\\.0\\.0\\.1:[0-9]+/v1/chat/completions: $2; 7 comments keep the lexicon's scores\$"
	local id
	for id in c2 c3 c4 c5 c6 c10 c12; do
		assert_equal "$(out_rec "$id")" "$(fallback_of lex.ndjson "$id")"
	done
	for id in c1 c7 c8 c9 c11; do
		assert_equal "$(out_rec "$id")" "$(rec_of lex.ndjson "$id")"
	done
	# the risk stays the rule's
	assert_equal "$(out_rec c6 | jq -c '.signals[] | select(.type == "risk") | .model')" '"tell_to_die"'
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)" 1/0/7
}

@test "llm: an answer that is not JSON, or a reply cut short: the whole batch falls back" {
	batch_fails llm-not-json '.*not JSON.*'
	stop_httpd
	rm httpd.log
	batch_fails malformed '.*not JSON.*'
}

# ------------------------------------------------------------- failed calls

@test "llm: 429 with Retry-After, 500, a dropped connection: retried, then answered" {
	start_httpd --fault 1:status:429:1
	llm --stats "$IN"
	assert_success
	assert_stderr_line --regexp "^et-enrich: --llm http://127\\.0\\.0\\.1:[0-9]+/v1/chat/completions: HTTP 429.*; retry 1 of 3 in 1(\\.0)? s\$"
	assert_equal "$(httpd_requests | jq -c '.status')" "$(printf '429\n200')"
	assert_equal "$(httpd_requests | jq -s '.[1].t - .[0].t >= 1')" true
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)" 2/7/0
	cp <(printf '%s\n' "$output") want.ndjson
	local fault
	for fault in status:500 drop; do
		stop_httpd
		rm httpd.log
		start_httpd --fault "1:$fault"
		llm --stats "$IN"
		assert_success
		assert_stderr_line --partial '; retry 1 of 3 in '
		assert_equal "$(nreq)" 2
		assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)" 2/7/0
		cmp want.ndjson <(printf '%s\n' "$output")
	done
}

@test "llm: 401 (a wrong key) is not retried: every comment sent falls back, exit 0" {
	start_httpd --token right-key
	lexicon "$IN"
	run --separate-stderr env ET_LLM_KEY=wrong-key et-enrich -c "$CAT" \
	    --llm "$(url)" --llm-model "$MODEL" --stats "$IN"
	assert_success
	assert_equal "$(nreq)" 1
	assert_equal "$(httpd_requests | jq -c '[.auth, .status]')" '["Bearer wrong-key",401]'
	assert_stderr_line --regexp "^et-enrich: --llm http://127\\.0\\.0\\.1:[0-9]+/v1/chat/completions: HTTP 401.*; 7 comments keep the lexicon's scores\$"
	refute_stderr_line --partial retry
	local id
	for id in c2 c3 c4 c5 c6 c10 c12; do
		assert_equal "$(out_rec "$id")" "$(fallback_of lex.ndjson "$id")"
	done
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)" 1/0/7
}

@test "llm: a server too slow for --llm-timeout: the batch falls back" {
	# the server says nothing for 3 s after the request; 1 s is the limit
	start_httpd --fault 1:slow:3
	lexicon "$IN"
	local t0 t1
	t0=$(date +%s.%N)
	llm --llm-timeout 1 --llm-retries 0 --stats "$IN"
	t1=$(date +%s.%N)
	assert_success
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)" 1/0/7
	assert_stderr_line --regexp "^et-enrich: --llm http://127\\.0\\.0\\.1:[0-9]+/v1/chat/completions: .*; 7 comments keep the lexicon's scores\$"
	assert_equal "$(out_rec c3)" "$(fallback_of lex.ndjson c3)"
	assert_equal "$(models | grep -c llm-fallback)" 7
	# given up after about a second, not after the server's 3
	assert_equal "$(jq -n "$t1 - $t0 < 2.5")" true
}

# ------------------------------------------------------------- cache

@test "llm: --llm-cache: a second run asks nothing and writes the same bytes; another model asks again" {
	start_httpd
	llm --llm-cache c.zst --llm-batch 2 --stats "$IN"
	assert_success
	cp <(printf '%s\n' "$output") first.ndjson
	assert_equal "$(nreq)" 4
	assert_equal "$(count llm_answered)/$(count llm_cached)" 7/0
	zstd -qt c.zst
	assert_equal "$(zstd -dc c.zst | jq -c '[(.key | test("^[0-9a-f]{64}$")), (.answer | type)]' | sort -u)" \
	    '[true,"object"]'
	assert_equal "$(zstd -dc c.zst | wc -l)" 7
	cp c.zst c1.zst
	# again: no request, the same output, the same cache
	llm --llm-cache c.zst --llm-batch 2 --stats "$IN"
	assert_success
	assert_equal "$(nreq)" 4
	cmp first.ndjson <(printf '%s\n' "$output")
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_cached)" 0/0/7
	cmp c.zst c1.zst
	# another model misses the cache
	MODEL=gpt-other llm --llm-cache c.zst --llm-batch 2 --stats "$IN"
	assert_success
	assert_equal "$(nreq)" 8
	assert_equal "$(count llm_answered)/$(count llm_cached)" 7/0
	assert_equal "$(models | grep -c ' llm:gpt-other')" 7
	assert_equal "$(zstd -dc c.zst | wc -l)" 14
	# and the first model still hits it
	llm --llm-cache c.zst --llm-batch 2 --stats "$IN"
	assert_equal "$(nreq)" 8
	cmp first.ndjson <(printf '%s\n' "$output")
}

@test "llm: a cache file that is not a cache: a warning, an empty cache, the run goes on" {
	start_httpd
	printf 'this is not a cache\n' | zstd -q >bad.zst
	llm --llm-cache bad.zst --stats "$IN"
	assert_success
	assert_stderr_line "et-enrich: --llm-cache 'bad.zst': line 1 is not a cache entry; starting with an empty cache"
	assert_equal "$(nreq)" 1
	assert_equal "$(count llm_answered)/$(count llm_cached)" 7/0
	# plain text, not zstd, is no cache either
	printf '{"key":"abc"}\n' >bad2.zst
	llm --llm-cache bad2.zst "$IN"
	assert_success
	assert_stderr_line --partial "et-enrich: --llm-cache 'bad2.zst': line 1 is not a cache entry"
}

# ------------------------------------------------------------- budget

@test "llm: --llm-budget: the calls stop there; the comments left keep plain lexicon-1" {
	unsure 20 >in.ndjson
	lexicon in.ndjson
	start_httpd
	llm --llm-batch 5 --llm-budget 2 --stats in.ndjson
	assert_success
	assert_equal "$(nreq)" 2
	assert_equal "$(sent_sorted)" "$(printf '%s\n' u1,u2,u3,u4,u5 u6,u7,u8,u9,u10)"
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)/$(count llm_over_budget)" 2/10/0/10
	assert_equal "$(models | head -10 | cut -d' ' -f2 | sort -u)" "$L"
	# over budget: not a fallback, byte for byte the lexicon's
	assert_equal "$(tail -n 10 <<<"$output")" "$(tail -n 10 lex.ndjson)"
	refute_output --partial llm-fallback
}

@test "llm: --llm-budget counts retries: a 500 with a budget of 1 is not retried" {
	start_httpd --fault 1:status:500
	lexicon "$IN"
	llm --llm-budget 1 --stats "$IN"
	assert_success
	assert_equal "$(nreq)" 1
	assert_stderr_line --regexp "^et-enrich: --llm http://127\\.0\\.0\\.1:[0-9]+/v1/chat/completions: no calls left in the budget; 7 comments keep the lexicon's scores\$"
	local id
	for id in c2 c3 c4 c5 c6 c10 c12; do
		assert_equal "$(out_rec "$id")" "$(fallback_of lex.ndjson "$id")"
	done
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)/$(count llm_over_budget)" 1/0/7/0
	# no budget at all: nothing sent, all over budget
	: >httpd.log
	llm --llm-budget 0 --stats "$IN"
	assert_success
	assert_equal "$(nreq)" 0
	assert_equal "$output" "$(cat lex.ndjson)"
	assert_equal "$(count llm_calls)/$(count llm_over_budget)" 0/7
}

# ------------------------------------------------------------- the key

# no_key FILE...: KEY appears in none of FILE.
no_key() {
	local f
	for f in "$@"; do
		if grep -qF -- "$KEY" "$f"; then
			fail "the key is in $f"
		fi
	done
}

@test "llm: the key is sent as a bearer token and shows up nowhere else" {
	start_httpd --token "$KEY"
	printf '%s\n' "$KEY" >key
	llm --llm-key-file key --llm-cache c.zst --metrics m.prom --stats "$IN"
	assert_success
	assert_equal "$(httpd_requests | jq -r '[.auth, .status] | join(" ")')" "Bearer $KEY 200"
	assert_equal "$(count llm_answered)" 7
	printf '%s\n' "$output" >out
	printf '%s\n' "$stderr" >err
	zstd -dc c.zst >cache
	assert_file_not_empty m.prom
	no_key out err cache m.prom
	# from the environment
	rm c.zst m.prom
	run --separate-stderr env ET_LLM_KEY="$KEY" et-enrich -c "$CAT" \
	    --llm "$(url)" --llm-model "$MODEL" --llm-cache c.zst \
	    --metrics m.prom --stats "$IN"
	assert_success
	assert_equal "$(httpd_requests | jq -r '[.auth, .status] | join(" ")' | sort -u)" "Bearer $KEY 200"
	assert_equal "$(count llm_answered)" 7
	printf '%s\n' "$output" >out
	printf '%s\n' "$stderr" >err
	zstd -dc c.zst >cache
	no_key out err cache m.prom
	# a checkpoint left by a killed run
	run -137 env ET_KILL_AFTER=7 ET_LLM_KEY="$KEY" et-enrich -c "$CAT" \
	    --llm "$(url)" --llm-model "$MODEL" --checkpoint ck \
	    --checkpoint-every 3 -o ck.ndjson "$IN"
	assert_file_exists ck
	zstd -dc ck >ck.txt
	assert_file_not_empty ck.txt
	no_key ck ck.txt ck.ndjson.part
	run -137 env ET_KILL_AFTER=7 et-enrich -c "$CAT" --llm "$(url)" \
	    --llm-model "$MODEL" --llm-key-file key --checkpoint ck2 \
	    --checkpoint-every 3 -o ck2.ndjson "$IN"
	zstd -dc ck2 >ck2.txt
	no_key ck2 ck2.txt ck2.ndjson.part
}

@test "llm: the key is not on the command line of a running et-enrich" {
	start_httpd --token "$KEY" --fault 1:slow:3
	printf '%s\n' "$KEY" >key
	et-enrich -c "$CAT" --llm "$(url)" --llm-model "$MODEL" \
	    --llm-key-file key "$IN" >out 2>err 3>&- &
	local pid=$!
	# it sends at once, then waits three seconds for the answer
	sleep 1
	tr '\0' ' ' <"/proc/$pid/cmdline" >cmdline
	wait "$pid"
	assert_equal "$(cut -d' ' -f1 cmdline)" et-enrich
	grep -qF -- '--llm-key-file key' cmdline
	no_key cmdline out err
	assert_equal "$(httpd_requests | jq -r .auth)" "Bearer $KEY"
}

@test "llm: a key is never sent in clear text to another host" {
	local u=http://example.invalid/v1/chat/completions
	run --separate-stderr env ET_LLM_KEY="$KEY" et-enrich --llm "$u" \
	    --llm-model m /dev/null
	assert_failure 2
	refute_output
	assert_stderr_line "et-enrich: will not send the key in clear text to '$u'; use https"
	no_key <(printf '%s\n' "$stderr")
	printf '%s\n' "$KEY" >key
	run --separate-stderr et-enrich --llm "$u" --llm-model m \
	    --llm-key-file key /dev/null
	assert_failure 2
	assert_stderr_line --partial 'will not send the key in clear text'
	# without a key, or over https, it is allowed (nothing to ask here)
	run --separate-stderr et-enrich --llm "$u" --llm-model m /dev/null
	assert_success
	run --separate-stderr env ET_LLM_KEY="$KEY" et-enrich \
	    --llm https://example.invalid/v1/chat/completions --llm-model m /dev/null
	assert_success
}

# ------------------------------------------------------------- usage

@test "llm: usage errors exit 2; an unreadable key file 3, an empty one 2" {
	local u=http://127.0.0.1:9/v1/chat/completions args
	local -a cases=(
		"--llm $u"
		"--llm-model m"
		"--llm-batch 5"
		"--llm-cache c.zst"
		"--llm-key-file key"
		"--llm $u --llm-model m --llm-batch 0"
		"--llm $u --llm-model m --llm-batch 101"
		"--llm $u --llm-model m --llm-jobs 0"
		"--llm $u --llm-model m --llm-jobs 65"
		"--llm $u --llm-model m --llm-below 2"
		"--llm $u --llm-model m --llm-below -0.1"
		"--llm $u --llm-model m --llm-budget -1"
		"--llm $u --llm-model m --llm-timeout 0"
		"--llm $u --llm-model m --llm-retries x"
		"--llm $u --llm-model m --llm-likes -5"
		"--llm ftp://x --llm-model m"
		"--llm not-a-url --llm-model m"
	)
	for args in "${cases[@]}"; do
		# shellcheck disable=SC2086 # the words of the case
		run --separate-stderr et-enrich $args /dev/null
		[[ $status -eq 2 ]] || fail "et-enrich $args: exit $status, not 2"
		refute_output
		assert_stderr_line "try 'et-enrich --help' for more information"
	done
	# the key file: missing, empty, two lines
	run --separate-stderr et-enrich --llm "$u" --llm-model m \
	    --llm-key-file missing /dev/null
	assert_failure 3
	assert_stderr_line --partial "et-enrich: cannot read --llm-key-file 'missing'"
	: >empty
	run --separate-stderr et-enrich --llm "$u" --llm-model m \
	    --llm-key-file empty /dev/null
	assert_failure 2
	assert_stderr_line --partial "--llm-key-file 'empty' must hold one key on one line"
	printf 'one\ntwo\n' >two
	run --separate-stderr et-enrich --llm "$u" --llm-model m \
	    --llm-key-file two /dev/null
	assert_failure 2
	assert_stderr_line --partial "--llm-key-file 'two' must hold one key on one line"
}

# ------------------------------------------------------------- checkpoint

@test "llm: --checkpoint: a killed run resumed writes the same output and keeps the call count" {
	start_httpd
	local -a cmd=(et-enrich -c "$CAT" --llm "$(url)" --llm-model "$MODEL"
		--checkpoint ck --checkpoint-every 3 -o out.ndjson --stats "$IN")
	mkdir ref run
	# uninterrupted: each commit (rows 3, 6, 9, 12) sends what is held:
	# c2 c3 | c4 c5 c6 | nothing (c7 c8 c9) | c10 c12
	cd ref || return 1
	run --separate-stderr "${cmd[@]}"
	assert_success
	assert_equal "$(nreq)" 3
	assert_equal "$(count llm_calls)/$(count llm_answered)" 3/7
	cd ../run || return 1
	# killed after row 7: the commits at rows 3 and 6 made two calls,
	# and the checkpoint of row 6 counts them
	run -137 env ET_KILL_AFTER=7 "${cmd[@]}"
	assert_equal "$(nreq)" 5
	assert_file_exists ck
	# resumed from row 6: only c10 c12 are asked (one call), yet the count
	# is the whole run's, as in the uninterrupted one
	run --separate-stderr "${cmd[@]}"
	assert_success
	assert_equal "$(nreq)" 6
	assert_equal "$(httpd_requests | tail -n 1 |
	    jq -r '[.body.messages[-1].content | fromjson | .comments[].id] | join(",")')" c10,c12
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_fallback)" 3/7/0
	cmp out.ndjson ../ref/out.ndjson
	assert_file_not_exists ck
}

@test "llm: a resumed run does not spend the budget again" {
	start_httpd
	# a budget of 2: both spent before the kill, none left after
	local -a cmd=(et-enrich -c "$CAT" --llm "$(url)" --llm-model "$MODEL"
		--llm-budget 2 --checkpoint ck --checkpoint-every 3 -o out.ndjson
		--stats "$IN")
	run -137 env ET_KILL_AFTER=7 "${cmd[@]}"
	assert_equal "$(nreq)" 2
	run --separate-stderr "${cmd[@]}"
	assert_success
	assert_equal "$(nreq)" 2
	assert_equal "$(count llm_calls)/$(count llm_answered)/$(count llm_over_budget)" 2/5/2
	# c10 and c12 were over budget: the lexicon's, no fallback mark
	lexicon "$IN"
	assert_equal "$(rec_of out.ndjson c10)" "$(rec_of lex.ndjson c10)"
	assert_equal "$(rec_of out.ndjson c12)" "$(rec_of lex.ndjson c12)"
	refute_output --partial llm-fallback
}

# ------------------------------------------------------------- --stats

@test "llm: --stats has the llm_ counts with --llm only" {
	start_httpd
	llm --stats "$IN"
	assert_success
	assert_equal "$(grep '^{"prog":' <<<"$stderr" | jq -c '[to_entries[] | select(.key | startswith("llm_"))] | from_entries')" \
	    '{"llm_calls":1,"llm_answered":7,"llm_cached":0,"llm_fallback":0,"llm_over_budget":0}'
	run --separate-stderr et-enrich -c "$CAT" --stats "$IN"
	assert_success
	assert_equal "$(grep '^{"prog":' <<<"$stderr" | jq -c 'keys_unsorted')" \
	    '["prog","records_in","records_out","rejected","bytes_in","bytes_out","seconds"]'
}

@test "llm: the same question pending twice is asked once; both records get the answer" {
	start_httpd
	# c2 twice more under other ids, between other records
	jq -c 'select(.id == "c2" or .id == "c3")' "$IN" >dups.ndjson
	jq -c 'select(.id == "c2") | .id = "c2b"' "$IN" >>dups.ndjson
	jq -c 'select(.id == "c2") | .id = "c2c"' "$IN" >>dups.ndjson
	llm --stats dups.ndjson
	assert_success
	assert_equal "$(sent)" 'c2,c3'
	assert_equal "$(count llm_calls)/$(count llm_answered)" 1/4
	assert_equal "$(sigs c2b)" "$(sigs c2)"
	assert_equal "$(sigs c2c)" "[[\"sentiment\",null,\"neutral\",0,0.8,\"$L\"]]"
	assert_equal "$(jq -r .id <<<"$output" | paste -sd,)" c2,c3,c2b,c2c
}
