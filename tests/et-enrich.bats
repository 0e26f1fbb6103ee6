#!/usr/bin/env bats
#
# et-enrich: comment records in, the same records out with mentions,
# signals, discovered names, language and the review flag.  The contract is
# the et-enrich spec and et-record(5); every program also gets the
# mandatory cases of the style guide.  Fixtures live in tests/data/et-enrich/:
# catalog.json (the entities of the matching cases), words.json (names that
# are everyday words), hand-written records; single comments are built with
# rec.  The real exports are read from $SHARED (../shared/data).

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	cd "$DATA" || return 1
	APIFY="$SHARED/apify"
	CAT="$DATA/catalog.json"
}

# rec TEXT [CAPTION [LIKES [SUBJECT]]]: one et-record(5) comment (an empty
# CAPTION or SUBJECT is null; LIKES is JSON, 0 by default).
rec() {
	jq -cn --arg t "$1" --arg c "${2-}" --arg l "${3:-0}" --arg s "${4-}" '
	    def orNull: if . == "" then null else . end;
	    {id: "instagram:1", platform: "instagram",
	     post: {id: "p1", shortcode: null, url: null, caption: ($c | orNull),
	            subject: ($s | orNull), posted_at: null},
	     author: "u1", text: $t, created_at: "2025-11-21T01:45:03Z",
	     likes: ($l | fromjson), replies: null, parent_id: null,
	     context: "direct"}'
}

# enrich TEXT CAPTION [OPTION...]: runs et-enrich OPTION... on rec TEXT CAPTION.
enrich() {
	rec "$1" "$2" >"$TMP/in.ndjson"
	shift 2
	run --separate-stderr et-enrich "$@" "$TMP/in.ndjson"
}

# jqo FILTER...: jq -c over the records of $output slurped into one array.
jqo() {
	jq -sc "$@" <<<"$output"
}

# mentions_are TEXT CAPTION WANT [OPTION...]: the mentions of TEXT under a
# post with CAPTION, with catalog.json, as [[entity, alias, how,
# confidence, span]...], are WANT.
mentions_are() {
	local text=$1 caption=$2 want=$3
	shift 3
	enrich "$text" "$caption" -c "$CAT" "$@"
	assert_success
	refute_stderr
	assert_equal "$(jq -c '[.mentions[] | [.entity, .alias, .how, .confidence, .span]]' <<<"$output")" "$want"
}

# sentiment_of TEXT [OPTION...]: prints [whole comment's value, score].
sentiment_of() {
	local text=$1
	shift
	rec "$text" "" | et-enrich "$@" |
	    jq -c '.signals[] | select(.type == "sentiment" and .entity == null) | [.value, .score]'
}

# entity_sentiment TEXT CAPTION ENTITY: prints [sentiment value, stance
# value, score] of ENTITY with catalog.json.
entity_sentiment() {
	rec "$1" "$2" | et-enrich -c "$CAT" | jq -c --arg e "$3" '
	    [(.signals[] | select(.type == "sentiment" and .entity == $e) | .value),
	     (.signals[] | select(.type == "stance" and .entity == $e) | .value),
	     (.signals[] | select(.type == "sentiment" and .entity == $e) | .score)]'
}

# real_enrich: ingest the real Apify exports (with their posts) and enrich
# them with the bundled catalog into $TMP/enr.ndjson.
real_enrich() {
	et-ingest --posts "$APIFY/instagram-posts.csv" \
	    --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv >"$TMP/real.ndjson"
	run --separate-stderr bash -c 'et-enrich -c "$1" "$2" >"$3"' _ \
	    "$ROOT/share/catalog.json" "$TMP/real.ndjson" "$TMP/enr.ndjson"
	assert_success
	refute_stderr
	assert_file_not_empty "$TMP/enr.ndjson"
}

# data_error_case FILE DIAG BEFORE ALL SUMMARY [OPTION...]: FILE holds bad
# records.  Without -k the run stops at the first and the texts BEFORE it
# are written; with -k every good record (ALL) is written and SUMMARY ("N of
# M") is reported.  Both exit 1.  DIAG is an ERE for the first diagnostic.
data_error_case() {
	local file=$1 diag=$2 before=$3 all=$4 summary=$5
	shift 5
	run --separate-stderr et-enrich "$@" "$file"
	assert_failure 1
	assert_equal "$(jqo 'map(.text // ._error.message)')" "$before"
	assert_stderr_line --regexp "^et-enrich: $diag\$"
	run --separate-stderr et-enrich -k "$@" "$file"
	assert_failure 1
	assert_equal "$(jqo 'map(.text // ._error.message)')" "$all"
	assert_stderr_line --regexp "^et-enrich: $diag\$"
	assert_stderr_line "et-enrich: $summary records rejected"
}

# ------------------------------------------------------------- matching

@test "et-enrich: full name, alias, unique first and last name, with their confidences" {
	mentions_are 'Blake Lively' '' '[["Blake Lively","Blake Lively","name",1,[0,12]]]'
	mentions_are 'omg blake lively!!' '' '[["Blake Lively","blake lively","name",1,[4,16]]]'
	mentions_are 'Blake was there' '' '[["Blake Lively","Blake","alias",0.9,[0,5]]]'
	mentions_are 'Deadpool 3' '' '[["Ryan Reynolds","Deadpool","alias",0.9,[0,8]]]'
	mentions_are 'I saw Ryan' '' '[["Ryan Reynolds","Ryan","first",0.75,[6,10]]]'
	mentions_are 'Reynolds again' '' '[["Ryan Reynolds","Reynolds","last",0.7,[0,8]]]'
	mentions_are 'nothing to see here' '' '[]'
}

@test "et-enrich: accents and case are folded: fátima finds Fátima Bosch" {
	mentions_are 'fátima' '' '[["Fátima Bosch","fátima","first",0.75,[0,7]]]'
	mentions_are 'go FATIMA' '' '[["Fátima Bosch","FATIMA","first",0.75,[3,9]]]'
	mentions_are 'Fatima Bosch won' '' '[["Fátima Bosch","Fatima Bosch","name",1,[0,12]]]'
	mentions_are 'FÁTIMA BOSCH' '' '[["Fátima Bosch","FÁTIMA BOSCH","name",1,[0,13]]]'
}

@test "et-enrich: possessive 's: Blake's, Blake’s, Blake Lively's" {
	enrich "Blake's dress" '' -c "$CAT"
	assert_success
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how, .confidence, .span[0], (.alias | startswith("Blake"))]))')" \
	    '[[["Blake Lively","alias",0.9,0,true]]]'
	enrich 'Blake’s dress' '' -c "$CAT"
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how]))')" '[[["Blake Lively","alias"]]]'
	enrich "Blake Lively's dress" '' -c "$CAT"
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how]))')" '[[["Blake Lively","name"]]]'
	# A plural is not a possessive.
	mentions_are 'the Blakes' '' '[]'
}

@test "et-enrich: @handles and #hashtags: the name run together, any case" {
	mentions_are '#BlakeLively' '' '[["Blake Lively","#BlakeLively","alias",0.9,[0,12]]]'
	mentions_are 'hi @blakelively' '' '[["Blake Lively","@blakelively","alias",0.9,[3,15]]]'
	mentions_are '@RyanReynolds' '' '[["Ryan Reynolds","@RyanReynolds","alias",0.9,[0,13]]]'
	mentions_are '#teamjustin' '' '[["Justin Baldoni","#teamjustin","alias",0.9,[0,11]]]'
	mentions_are '#harborlights' '' '[["Harbor Lights","#harborlights","alias",0.9,[0,13]]]'
	# Whole tokens: a longer handle is somebody else.
	mentions_are '@blakelivelyfan' '' '[]'
}

@test "et-enrich: whole words only: 'ate' not inside 'hate', 'king' not inside 'looking'" {
	local text
	for text in 'I hate it' 'whatever' 'looking good' 'the kingdom' 'Ryanair' 'Blakely'; do
		enrich "$text" '' -c words.json
		assert_success
		assert_equal "$(jqo 'map(.mentions)')" '[[]]'
	done
	enrich 'Ate is a brand' '' -c words.json
	assert_equal "$(jqo 'map(.mentions | map([.entity, .alias, .how]))')" '[[["Ate Collective","Ate","alias"]]]'
	enrich 'Ryanair' '' -c "$CAT"
	assert_equal "$(jqo 'map(.mentions)')" '[[]]'
}

@test "et-enrich: a first or last name that is an everyday word counts only when capitalised" {
	local text
	for text in 'king of horror' 'will you marry me' 'by the grace of god' 'a walk in the park'; do
		enrich "$text" '' -c words.json
		assert_success
		assert_equal "$(jqo 'map(.mentions)')" '[[]]'
	done
	enrich 'King is back' '' -c words.json
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how]))')" '[[["Stephen King","last"]]]'
	enrich 'Will was good' '' -c words.json
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how]))')" '[[["Will Poulter","first"]]]'
	enrich 'Grace was good' '' -c words.json
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how]))')" '[[["Grace Park","first"]]]'
	# "lively" is an everyday word too: "is lively" is not a second mention.
	enrich 'Blake Lively is so lively' '' -c words.json
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how, .alias]))')" '[[["Blake Lively","name","Blake Lively"]]]'
}

@test "et-enrich: titles are not first names; a suffix is not a last name" {
	mentions_are 'Prince is here' '' '[]'
	mentions_are 'Harry is here' '' '[["Prince Harry","Harry","last",0.7,[0,5]]]'
	mentions_are 'Prince Harry is here' '' '[["Prince Harry","Prince Harry","name",1,[0,12]]]'
	mentions_are 'Robert was great' '' '[["Robert Downey Jr.","Robert","first",0.75,[0,6]]]'
	mentions_are 'Downey was great' '' '[["Robert Downey Jr.","Downey","last",0.7,[0,6]]]'
}

@test "et-enrich: the longest match wins" {
	mentions_are 'Blake and Ryan are cute' '' '[["Blake and Ryan","Blake and Ryan","name",1,[0,14]]]'
	mentions_are 'ryan and blake' '' '[["Blake and Ryan","ryan and blake","alias",0.9,[0,14]]]'
	mentions_are 'Blake Lively Ryan' '' '[["Blake Lively","Blake Lively","name",1,[0,12]],["Ryan Reynolds","Ryan","first",0.75,[13,17]]]'
	mentions_are 'Fátima Bosch, Miss Mexico' '' '[["Fátima Bosch","Fátima Bosch","name",1,[0,13]],["Fátima Bosch","Miss Mexico","alias",0.9,[15,26]]]'
}

@test "et-enrich: an ambiguous first name is settled by the post: Simone under Simone Ledward-Boseman is not Simone Biles" {
	mentions_are 'Simone is so strong' 'Chadwick Boseman’s wife, Simone Ledward-Boseman, shares his words' \
	    '[["Simone Ledward-Boseman","Simone","caption",0.65,[0,6]]]'
	assert_equal "$(jq -c '.review' <<<"$output")" true
	mentions_are 'Simone is so strong' 'Simone Biles wins at the Olympics' \
	    '[["Simone Biles","Simone","caption",0.65,[0,6]]]'
	# The subject field settles it as well.
	rec 'Simone is so strong' '' 0 'Simone Biles' >"$TMP/in.ndjson"
	run --separate-stderr et-enrich -c "$CAT" "$TMP/in.ndjson"
	assert_success
	assert_equal "$(jqo 'map(.mentions | map([.entity, .how]))')" '[[["Simone Biles","caption"]]]'
	# So do the comment's own context words.
	mentions_are 'Simone the gymnast' '' '[["Simone Biles","Simone","caption",0.65,[0,6]]]'
	# Ambiguous needs review whatever --review-below says.
	enrich 'Simone is so strong' 'Simone Biles wins at the Olympics' -c "$CAT" --review-below 0.5
	assert_success
	assert_equal "$(jqo 'map(.review)')" '[true]'
}

@test "et-enrich: an ambiguous name that nothing settles is not a mention; no mention, no review" {
	mentions_are 'Simone is so strong' '' '[]'
	assert_equal "$(jq -c '.review' <<<"$output")" false
	mentions_are 'Simone is so strong' 'a day at the beach' '[]'
}

@test "et-enrich: context words are needed for a match that is not the full name; not phrases rule one out" {
	mentions_are 'Mara was great' '' '[]'
	mentions_are 'Mara Quinn was great' '' '[["Mara Quinn","Mara Quinn","name",1,[0,10]]]'
	mentions_are 'Mara was great in Harbor Lights' '' \
	    '[["Mara Quinn","Mara","alias",0.9,[0,4]],["Harbor Lights","Harbor Lights","name",1,[18,31]]]'
	mentions_are 'Mara was great' 'Harbor Lights season 3' '[["Mara Quinn","Mara","alias",0.9,[0,4]]]'
	mentions_are 'Blake Shelton sings' '' '[]'
	mentions_are 'Justin Bieber is here' '' '[]'
	mentions_are 'Serena Williams won' '' '[]'
	mentions_are 'Justin was here' '' '[["Justin Baldoni","Justin","first",0.75,[0,6]]]'
}

@test "et-enrich: a pronoun refers to the post's subject (0.45) or to a person named earlier (0.55), by gender" {
	mentions_are 'She looks amazing' 'Blake Lively at the premiere' '[["Blake Lively","She","pronoun",0.45,[0,3]]]'
	mentions_are 'He looks amazing' 'Blake Lively and Ryan Reynolds at the premiere' '[["Ryan Reynolds","He","pronoun",0.45,[0,2]]]'
	mentions_are 'I saw Blake with Ryan. She was stunning' '' \
	    '[["Blake Lively","Blake","alias",0.9,[6,11]],["Ryan Reynolds","Ryan","first",0.75,[17,21]],["Blake Lively","She","pronoun",0.55,[23,26]]]'
	mentions_are 'I saw Blake with Ryan. He was stunning' '' \
	    '[["Blake Lively","Blake","alias",0.9,[6,11]],["Ryan Reynolds","Ryan","first",0.75,[17,21]],["Ryan Reynolds","He","pronoun",0.55,[23,25]]]'
	mentions_are 'Sam Rivers sang. They were great' '' \
	    '[["Sam Rivers","Sam Rivers","name",1,[0,10]],["Sam Rivers","They","pronoun",0.55,[17,21]]]'
	mentions_are 'Blake, you are amazing' '' \
	    '[["Blake Lively","Blake","alias",0.9,[0,5]],["Blake Lively","you","pronoun",0.55,[7,10]]]'
	mentions_are 'She was stunning' '' '[]'
	mentions_are 'the movie was great' 'Blake Lively at the It Ends With Us premiere' \
	    '[["It Ends With Us","movie","pronoun",0.45,[4,9]]]'
	mentions_are 'this couple is cute' 'Blake and Ryan at the Met Gala' \
	    '[["Blake and Ryan","couple","pronoun",0.45,[5,11]]]'
}

@test "et-enrich: a comment naming nobody is the post's subject: how caption, confidence 0.4, review" {
	mentions_are '🔥🔥' 'Blake Lively at the premiere' '[["Blake Lively",null,"caption",0.4,null]]'
	assert_equal "$(jq -c '.review' <<<"$output")" true
	mentions_are 'so true' 'Ryan Reynolds on set' '[["Ryan Reynolds",null,"caption",0.4,null]]'
	# The subject field names the subject.
	rec '😍' '' 0 'Blake Lively at the premiere' >"$TMP/in.ndjson"
	run --separate-stderr et-enrich -c "$CAT" "$TMP/in.ndjson"
	assert_equal "$(jqo 'map(.mentions)')" '[[{"entity":"Blake Lively","alias":null,"how":"caption","confidence":0.4,"span":null}]]'
	# No subject: nobody.
	mentions_are '🔥🔥' 'a day at the beach' '[]'
	mentions_are '🔥🔥' '' '[]'
	assert_equal "$(jq -c '.review' <<<"$output")" false
}

@test "et-enrich: --no-subject leaves nameless comments without mentions" {
	mentions_are '🔥🔥' 'Blake Lively at the premiere' '[]' --no-subject
	assert_equal "$(jq -c '[.review, (.signals | map(select(.entity != null)) | length)]' <<<"$output")" '[false,0]'
	# Named entities are still found.
	mentions_are 'Ryan!' 'Blake Lively at the premiere' '[["Ryan Reynolds","Ryan","first",0.75,[0,4]]]' --no-subject
	mentions_are 'She looks amazing' 'Blake Lively at the premiere' '[["Blake Lively","She","pronoun",0.45,[0,3]]]' --no-subject
}

@test "et-enrich: --review-below sets the confidence under which review is true" {
	local cap='Blake Lively at the premiere'
	enrich '🔥' "$cap" -c "$CAT"
	assert_equal "$(jqo 'map(.review)')" '[true]'
	enrich '🔥' "$cap" -c "$CAT" --review-below 0.4
	assert_equal "$(jqo 'map(.review)')" '[false]'
	enrich '🔥' "$cap" -c "$CAT" --review-below 0.41
	assert_equal "$(jqo 'map(.review)')" '[true]'
	enrich 'Ryan' '' -c "$CAT"
	assert_equal "$(jqo 'map(.review)')" '[false]'
	enrich 'Ryan' '' -c "$CAT" --review-below 0.8
	assert_equal "$(jqo 'map(.review)')" '[true]'
	enrich 'Blake Lively' '' -c "$CAT" --review-below 1
	assert_equal "$(jqo 'map(.review)')" '[false]'
	enrich 'Blake Lively' '' -c "$CAT" --review-below 0
	assert_equal "$(jqo 'map(.review)')" '[false]'
	for v in 2 -0.1 x '' 0.5x; do
		enrich 'Ryan' '' -c "$CAT" --review-below "$v"
		assert_failure 2
		refute_output
		assert_stderr_line --regexp "^et-enrich: .*--review-below"
	done
}

@test "et-enrich: a confidence equal to --review-below (last name 0.7, default 0.7) needs no review" {
	enrich 'Reynolds is here' '' -c "$CAT"
	assert_success
	assert_equal "$(jqo 'map([(.mentions | map([.how, .confidence])), .review])')" '[[[["last",0.7]],false]]'
	enrich 'Ryan is here' '' -c "$CAT" --review-below 0.75
	assert_equal "$(jqo 'map([(.mentions | map([.how, .confidence])), .review])')" '[[[["first",0.75]],false]]'
}

@test "et-enrich: without -c there are no mentions, only comment-level signals" {
	enrich 'Blake Lively is amazing' 'Blake Lively at the premiere'
	assert_success
	refute_stderr
	assert_equal "$(jqo 'map([.mentions, (.signals | map(.entity) | unique), .review])')" '[[[],[null],false]]'
}

# ------------------------------------------------------------ sentiment

@test "et-enrich: I love Ryan but can't stand Blake: Ryan positive, Blake negative" {
	run entity_sentiment "I love Ryan but can't stand Blake" '' 'Ryan Reynolds'
	assert_output --regexp '^\["positive","support",0\.[0-9]+\]$'
	run entity_sentiment "I love Ryan but can't stand Blake" '' 'Blake Lively'
	assert_output --regexp '^\["negative","oppose",-0\.[0-9]+\]$'
	run entity_sentiment "I can't stand Ryan but I love Blake" '' 'Ryan Reynolds'
	assert_output --regexp '^\["negative","oppose",'
	run entity_sentiment "I can't stand Ryan but I love Blake" '' 'Blake Lively'
	assert_output --regexp '^\["positive","support",'
}

@test "et-enrich: an entity named in passing beside the one a comment is about stays neutral" {
	run entity_sentiment 'I love Ryan Reynolds so much. I watched it with Blake Lively' '' 'Blake Lively'
	assert_output '["neutral","neutral",0]'
	run entity_sentiment 'I love Ryan Reynolds so much. I watched it with Blake Lively' '' 'Ryan Reynolds'
	assert_output --regexp '^\["positive","support",'
	# alone in the comment, the whole comment counts for it
	run entity_sentiment 'I love it so much. I watched it with Blake Lively' '' 'Blake Lively'
	assert_output --regexp '^\["positive",'
}

@test "et-enrich: short verdicts: 'X not really', 'X thank u next', 'X tho' keeps its clause" {
	run entity_sentiment 'Ryan would be good. Blake not really...' '' 'Blake Lively'
	assert_output --regexp '^\["negative",'
	run entity_sentiment 'Ryan would be good. Blake not really...' '' 'Ryan Reynolds'
	assert_output --regexp '^\["positive",'
	run entity_sentiment 'Ryan is a king, Blake thank u next' '' 'Blake Lively'
	assert_output --regexp '^\["negative",'
	run entity_sentiment 'Ryan is boring, Blake tho will forever be iconic' '' 'Blake Lively'
	assert_output --regexp '^\["positive",'
	run entity_sentiment 'Ryan is boring, Blake tho will forever be iconic' '' 'Ryan Reynolds'
	assert_output --regexp '^\["negative",'
}

@test "et-enrich: negation: not good is negative, not bad positive" {
	run sentiment_of 'not good'
	assert_output --regexp '^\["negative",-0\.[0-9]+\]$'
	run sentiment_of 'not bad'
	assert_output --regexp '^\["positive",0\.[0-9]+\]$'
	run sentiment_of "this isn't great"
	assert_output --regexp '^\["negative",'
	run sentiment_of 'good'
	assert_output --regexp '^\["positive",'
}

@test "et-enrich: contrast: what follows but counts more" {
	run sentiment_of 'The dress was ugly but she was stunning'
	assert_output --regexp '^\["positive",'
	run sentiment_of 'She was stunning but the dress was ugly'
	assert_output --regexp '^\["negative",'
}

@test "et-enrich: emoji score alike with and without U+FE0F; 🔥 is positive" {
	local a b
	a=$(sentiment_of $'\u2764\ufe0f')
	b=$(sentiment_of $'\u2764')
	assert_equal "$a" "$b"
	assert_equal "$(jq -r '.[0]' <<<"$a")" positive
	assert_equal "$(sentiment_of $'love it \u2764\ufe0f')" "$(sentiment_of $'love it \u2764')"
	assert_equal "$(sentiment_of '👍🏽')" "$(sentiment_of '👍')"
	run sentiment_of '🔥'
	assert_output --regexp '^\["positive",0\.[0-9]+\]$'
	run sentiment_of '🤮'
	assert_output --regexp '^\["negative",'
}

@test "et-enrich: fan language: she ate is praise, she ate breakfast is not; who asked is negative" {
	run sentiment_of 'she ate'
	assert_output --regexp '^\["positive",'
	run sentiment_of 'she ate breakfast'
	assert_output '["neutral",0]'
	run sentiment_of 'who asked'
	assert_output --regexp '^\["negative",'
	run sentiment_of 'left no crumbs'
	assert_output --regexp '^\["positive",'
	run sentiment_of "I can't wait"
	assert_output --regexp '^\["positive",'
}

@test "et-enrich: names are not sentiment words: Blake Lively alone is neutral" {
	enrich 'Blake Lively' '' -c "$CAT"
	assert_success
	assert_equal "$(jqo 'map(.signals | map(select(.type == "sentiment" or .type == "stance") | [.type, .entity, .value, .score]))')" \
	    '[[["sentiment",null,"neutral",0],["sentiment","Blake Lively","neutral",0],["stance","Blake Lively","neutral",0]]]'
	# The word is still a word when it is not the name.
	enrich 'what a lively debate' '' -c "$CAT"
	assert_equal "$(jqo 'map([.mentions, .signals[0].value])')" '[[[],"positive"]]'
	enrich 'Blake Lively is so lively' '' -c "$CAT"
	assert_equal "$(jqo 'map(.signals[0].value)')" '["positive"]'
}

@test "et-enrich: cues aimed at one entity: Team Justin, #TeamJustin, boycott, better than" {
	run entity_sentiment 'Team Justin' '' 'Justin Baldoni'
	assert_output --regexp '^\["positive","support",'
	run entity_sentiment '#TeamJustin' '' 'Justin Baldoni'
	assert_output --regexp '^\["positive","support",'
	run entity_sentiment 'I believe Baldoni' '' 'Justin Baldoni'
	assert_output --regexp '^\["positive",'
	run entity_sentiment 'boycott Baldoni' '' 'Justin Baldoni'
	assert_output --regexp '^\["negative","oppose",'
	run entity_sentiment 'Ryan is so much better than Baldoni' '' 'Ryan Reynolds'
	assert_output --regexp '^\["positive",'
	run entity_sentiment 'Ryan is so much better than Baldoni' '' 'Justin Baldoni'
	assert_output --regexp '^\["negative",'
}

@test "et-enrich: sentiment and stance per entity, at the documented thresholds" {
	enrich 'I love Blake. Ryan is fine. Baldoni is terrible' '' -c "$CAT"
	assert_success
	run jqo '.[0].signals | map(select(.entity != null and (.type == "sentiment" or .type == "stance")))
	    | map(select(
	        (.type == "sentiment" and .value != (if .score >= 0.05 then "positive" elif .score <= -0.05 then "negative" else "neutral" end)) or
	        (.type == "stance" and .value != (if .score >= 0.3 then "support" elif .score <= -0.3 then "oppose" else "neutral" end))))
	    | length'
	assert_output 0
	enrich 'I love Blake. Ryan is fine. Baldoni is terrible' '' -c "$CAT"
	run jqo '.[0].signals | map(select(.entity != null) | [.type, .entity, .value])'
	assert_output '[["sentiment","Blake Lively","positive"],["stance","Blake Lively","support"],["sentiment","Ryan Reynolds","positive"],["stance","Ryan Reynolds","neutral"],["sentiment","Justin Baldoni","negative"],["stance","Justin Baldoni","oppose"]]'
	# Confidence: the entity's best mention times the sentiment confidence
	# (0.9 for two rated words, 0.75 for one, 0.5 for none).
	enrich 'Blake is great' '' -c "$CAT"
	run jqo '.[0].signals | map(select(.entity != null) | [.type, .confidence])'
	assert_output '[["sentiment",0.675],["stance",0.675]]'
	enrich 'Blake Lively' '' -c "$CAT"
	run jqo '.[0].signals | map([.entity, .confidence])'
	assert_output '[[null,0.5],["Blake Lively",0.5],["Blake Lively",0.5]]'
	enrich 'I love Blake Lively, she is amazing' '' -c "$CAT"
	run jqo '.[0].signals | map(select(.entity != null) | .confidence) | unique'
	assert_output '[0.9]'
}

# --------------------------------------------------------------- signals

@test "et-enrich: signals have the documented shape; emotion, toxicity, risk and sarcasm appear" {
	{
		rec 'I love her so much, she is amazing!!! 😍'
		rec 'you stupid idiot, kill yourself'
		rec 'Oh great, another remake 🙄'
		rec 'her address is 123 Main St, call 555-123-4567'
		rec "I'm so tired of this"
	} >"$TMP/in.ndjson"
	run --separate-stderr et-enrich -c "$CAT" "$TMP/in.ndjson"
	assert_success
	refute_stderr
	# Every signal: these keys in this order, known types, numbers or null.
	assert_equal "$(jqo '[.[].signals[] | select(keys_unsorted != ["type","entity","value","score","confidence","weight","model"]
	    or (.type | IN("sentiment","stance","emotion","toxicity","risk","sarcasm") | not)
	    or (.value | type) != "string" or (.model | type) != "string"
	    or ((.score | type) != "number" and .score != null)
	    or (.confidence | type) != "number" or .confidence < 0 or .confidence > 1
	    or (.weight | type) != "number")] | length')" 0
	# The first signal is the comment's sentiment, and there is one.
	assert_equal "$(jqo 'map(.signals[0] | [.type, .entity, .model]) | unique')" '[["sentiment",null,"lexicon-1"]]'
	assert_equal "$(jqo 'map(.signals | map(select(.type == "sentiment" and .entity == null)) | length) | unique')" '[1]'
	# Emotions from the documented list, scored, whole comment, rules-1.
	assert_equal "$(jqo '[.[].signals[] | select(.type == "emotion") | select((.value | IN("joy","love","anger","disgust","sadness","surprise","fear","fatigue") | not) or .entity != null or .model != "rules-1" or (.score | type) != "number" or .score <= 0 or .score > 1)] | length')" 0
	assert_equal "$(jqo '.[0].signals | map(select(.type == "emotion") | .value) | index("love") != null')" true
	assert_equal "$(jqo '.[4].signals | map(select(.type == "emotion") | .value) | index("fatigue") != null')" true
	# Toxicity: value is the rule; risk: value from the list, model the rule.
	assert_equal "$(jqo '.[1].signals | map(select(.type == "toxicity")) | length')" 1
	assert_equal "$(jqo '.[1].signals | map(select(.type == "toxicity") | .score > 0 and .score <= 1 and (.value | type == "string" and length > 0))')" '[true]'
	assert_equal "$(jqo '[.[].signals[] | select(.type == "risk") | select((.value | IN("harassment","threat","slur","doxxing","self_harm") | not) or (.model | length) == 0 or .score != null)] | length')" 0
	assert_equal "$(jqo '.[1].signals | map(select(.type == "risk") | .value) | any(. == "harassment" or . == "threat")')" true
	assert_equal "$(jqo '.[3].signals | map(select(.type == "risk") | .value)')" '["doxxing"]'
	assert_equal "$(jqo '.[2].signals | map(select(.type == "sarcasm") | [.entity, .score, .confidence, (.value | length > 0)])')" '[[null,null,0.5,true]]'
	# Order: comment sentiment, entity signals, emotions, toxicity, risks, sarcasm.
	assert_equal "$(jqo '["stance","emotion","toxicity","risk","sarcasm"] as $o
	    | map(.signals | map(.type as $t | $o | index($t) // 0) | . == sort) | unique')" '[true]'
	assert_equal "$(jqo 'map(.signals | map(select(.type == "emotion") | .value) as $e
	    | ["joy","love","anger","disgust","sadness","surprise","fear","fatigue"] as $o
	    | ($e | map(. as $v | $o | index($v))) == ($e | map(. as $v | $o | index($v)) | sort)) | unique')" '[true]'

	# No sarcasm, toxicity or risk in plain praise.
	assert_equal "$(jqo '.[0].signals | map(select(.type == "sarcasm" or .type == "toxicity" or .type == "risk")) | length')" 0
}

@test "et-enrich: numbers are rounded to 3 decimals" {
	real_enrich
	run bash -c "grep -oE '\"(score|confidence|weight)\":-?[0-9]+\\.[0-9]{4,}' \"\$1\" | head -3" _ "$TMP/enr.ndjson"
	refute_output
	run bash -c "grep -c '\"score\":-\\?0\\.[0-9]' \"\$1\"" _ "$TMP/enr.ndjson"
	assert [ "$output" -gt 1000 ]
}

@test "et-enrich: weight is 1 + ln(1 + likes): 0 likes 1, 100 likes 5.615, null 1" {
	{
		rec 'nice' '' 0
		rec 'nice' '' 100
		rec 'nice' '' null
		rec 'nice' '' 1
	} >"$TMP/in.ndjson"
	run --separate-stderr et-enrich -c "$CAT" "$TMP/in.ndjson"
	assert_success
	assert_equal "$(jqo 'map(.signals | map(.weight) | unique)')" '[[1],[5.615],[1],[1.693]]'
}

@test "et-enrich: lang is und for emoji only, else en or the detected language" {
	{
		rec '😍😍😍'
		rec '🔥'
		rec ''
		rec 'I love this so much'
		rec 'es muy bonita la película, me encanta'
		rec 'привет как дела'
	} >"$TMP/in.ndjson"
	run --separate-stderr et-enrich "$TMP/in.ndjson"
	assert_success
	assert_equal "$(jqo 'map(.lang)')" '["und","und","und","en","es","ru"]'
}

@test "et-enrich: discovered: person-like names not in the catalog" {
	{
		rec 'I saw Margot Robbie at the Oscars'
		rec 'Link In Bio'
		rec 'Photo by Getty Images'
		rec 'Blake Lively and Margot Robbie and Emma Stone'
		rec 'i saw margot robbie'
		rec 'Happy Birthday Margot Robbie'
	} >"$TMP/in.ndjson"
	run --separate-stderr et-enrich -c "$CAT" "$TMP/in.ndjson"
	assert_success
	assert_equal "$(jqo 'map(.discovered)')" \
	    '[["Margot Robbie"],[],[],["Margot Robbie","Emma Stone"],[],["Margot Robbie"]]'
}

@test "et-enrich: empty text: no mentions, a neutral sentiment, lang und" {
	enrich '' '' -c "$CAT"
	assert_success
	refute_stderr
	assert_equal "$(jqo 'map([.mentions, .signals, .discovered, .lang, .review])')" \
	    '[[[],[{"type":"sentiment","entity":null,"value":"neutral","score":0,"confidence":0.5,"weight":1,"model":"lexicon-1"}],[],"und",false]]'
}

@test "et-enrich: a huge text (1 MB of words) is handled in reasonable time" {
	python3 -c '
import json, sys
w = " ".join(["Blake is great and Ryan is awful"] * 32768)
print(json.dumps({"id": "instagram:big", "platform": "instagram", "text": w,
    "created_at": "2025-11-21T01:45:03Z", "likes": None}))' >"$TMP/big.ndjson"
	assert [ "$(wc -c <"$TMP/big.ndjson")" -gt 1000000 ]
	# Without a catalog this takes a tenth of a second; matching is linear.
	run --separate-stderr timeout 5 et-enrich -c "$CAT" -o "$TMP/out.ndjson" "$TMP/big.ndjson"
	assert_success
	refute_stderr
	run jq -c '[.id, (.text | length > 1000000), (.mentions | length > 0), .signals[0].type, .lang]' "$TMP/out.ndjson"
	assert_output '["instagram:big",true,true,"sentiment","en"]'
}

# ---------------------------------------------------------------- catalog

@test "et-enrich: invalid catalogs are usage errors (exit 2) naming the file and the entity" {
	local -A cases=(
	    ['[{"name": "A", "type": "show"}']='invalid JSON'
	    ['{"name": "A", "type": "show"}']='.*not a JSON array'
	    ['[{"name": "A", "type": "show"}, {"type": "person"}]']="entity 2: missing 'name'"
	    ['[{"name": "", "type": "person"}]']="entity 1: missing 'name'"
	    ['[{"name": "A", "type": "actor"}]']="entity 1( \\('A'\\))?: .*'type'"
	    ['[{"name": "A B", "type": "person"}, {"name": "A B", "type": "couple"}]']="entity 2: duplicate name 'A B'"
	    ['[{"name": "A", "type": "show", "aliases": ["x", 3]}]']="entity 1( \\('A'\\))?: .*alias.*not a string"
	)
	local json
	for json in "${!cases[@]}"; do
		printf '%s\n' "$json" >"$TMP/cat.json"
		run --separate-stderr et-enrich -c "$TMP/cat.json" records.ndjson
		assert_failure 2
		refute_output
		assert_stderr_line -n 0 --regexp "^et-enrich: invalid catalog '$TMP/cat.json': ${cases[$json]}"
	done
}

@test "et-enrich: a missing or unreadable catalog is exit 3" {
	run --separate-stderr et-enrich -c "$TMP/none.json" records.ndjson
	assert_failure 3
	refute_output
	assert_stderr_line --regexp "^et-enrich: .*'$TMP/none.json'.*: No such file or directory$"
	run --separate-stderr et-enrich -c "$TMP" records.ndjson
	assert_failure 3
	refute_output
}

@test "et-enrich: a zstd-compressed catalog loads" {
	zstd -q -c "$CAT" >"$TMP/cat.json.zst"
	run --separate-stderr et-enrich -c "$CAT" records.ndjson
	local want=$output
	run --separate-stderr et-enrich -c "$TMP/cat.json.zst" records.ndjson
	assert_success
	refute_stderr
	assert_equal "$output" "$want"
}

@test "et-enrich: the bundled and example catalogs load" {
	run --separate-stderr et-enrich -c "$ROOT/share/catalog.json" records.ndjson
	assert_success
	refute_stderr
	run --separate-stderr et-enrich -c "$ROOT/examples/catalog.json" records.ndjson
	assert_success
	refute_stderr
	run --separate-stderr et-enrich -c "$ROOT/share/catalog.json" - < /dev/null
	assert_success
	refute_output
}

# ------------------------------------------------------------- records

@test "et-enrich: invalid records: exit 1, good records still out, with and without -k" {
	data_error_case mixed.ndjson "mixed\\.ndjson:2: 'created_at' is not an RFC 3339 UTC time.*" \
	    '["first good"]' '["first good","second good","boom","third good","fourth good"]' '3 of 7'
	run --separate-stderr et-enrich -k mixed.ndjson
	assert_stderr_line 'et-enrich: mixed.ndjson:5: record is not a JSON object'
	assert_stderr_line --regexp '^et-enrich: mixed\.ndjson:7:[0-9]+: .+'
}

@test "et-enrich: -k reports at most 100 data errors, then a count" {
	{
		rec 'good'
		for i in $(seq 150); do echo '[1]'; done
	} >"$TMP/many.ndjson"
	run --separate-stderr et-enrich -k "$TMP/many.ndjson"
	assert_failure 1
	assert_equal "$(jqo 'map(.text)')" '["good"]'
	assert_equal "$(grep -c "^et-enrich: $TMP/many.ndjson:[0-9]*: record is not a JSON object" <<<"$stderr")" 100
	assert_stderr_line 'et-enrich: further data errors suppressed'
	assert_equal "${stderr_lines[-1]}" 'et-enrich: 150 of 151 records rejected'
}

@test "et-enrich: records outside the contract are data errors naming what is wrong" {
	local -A cases=(
	    ['{"platform":"instagram","text":"x","created_at":"2025-11-21T01:45:03Z"}']="'id'"
	    ['{"id":"i:1","platform":"instagram","created_at":"2025-11-21T01:45:03Z"}']="'text'"
	    ['{"id":"i:1","platform":"instagram","text":7,"created_at":"2025-11-21T01:45:03Z"}']="'text'"
	    ['{"id":"i:1","text":"x","created_at":"2025-11-21T01:45:03Z"}']="'platform'"
	    ['{"id":"i:1","platform":"instagram","text":"x","created_at":"2025-11-21T01:45:03+01:00"}']="'created_at'"
	    ['{"id":"i:1","platform":"instagram","text":"x","created_at":"2025-11-21T01:45:03Z","likes":-1}']="'likes'"
	    ['{"id":"i:1","platform":"instagram","text":"x","created_at":"2025-11-21T01:45:03Z","likes":1.5}']="'likes'"
	    ['{"id":"i:1","platform":"instagram","text":"x","created_at":"2025-11-21T01:45:03Z","replies":"3"}']="'replies'"
	    ['{"id":"i:1","platform":"instagram","text":"x","created_at":"2025-11-21T01:45:03Z","context":"dm"}']="'context'"
	    ['{"id":"i:1","platform":"instagram","text":"x","created_at":"2025-11-21T01:45:03Z","post":[]}']="'post'"
	)
	local line
	for line in "${!cases[@]}"; do
		printf '%s\n' "$line" >"$TMP/r.ndjson"
		run --separate-stderr et-enrich "$TMP/r.ndjson"
		assert_failure 1
		refute_output
		assert_stderr_line --regexp "^et-enrich: $TMP/r\\.ndjson:1: .*${cases[$line]}"
	done
}

@test "et-enrich: --rejects gets _error objects with the original line" {
	run --separate-stderr et-enrich -k --rejects "$TMP/rej.ndjson" mixed.ndjson
	assert_failure 1
	assert_file_exists "$TMP/rej.ndjson"
	run jq -c '[keys_unsorted, ._error.prog, ._error.file, ._error.line, ._error.kind]' "$TMP/rej.ndjson"
	assert_output $'[["_error","raw"],"et-enrich","mixed.ndjson",2,"type"]\n[["_error","raw"],"et-enrich","mixed.ndjson",5,"type"]\n[["_error","raw"],"et-enrich","mixed.ndjson",7,"parse"]'
	assert_equal "$(jq -r '.raw' "$TMP/rej.ndjson")" "$(sed -n '2p;5p;7p' mixed.ndjson)"
}

@test "et-enrich: --errors=json prints JSON diagnostics with the documented keys" {
	run --separate-stderr et-enrich -k --errors=json mixed.ndjson
	assert_failure 1
	local d
	d=$(grep '^{' <<<"$stderr")
	assert_equal "$(jq -c 'keys_unsorted' <<<"$d" | sort -u)" '["prog","file","line","col","kind","message"]'
	assert_equal "$(jq -c '[.prog, .file, .line, .kind]' <<<"$d")" \
	    $'["et-enrich","mixed.ndjson",2,"type"]\n["et-enrich","mixed.ndjson",5,"type"]\n["et-enrich","mixed.ndjson",7,"parse"]'
}

@test "et-enrich: --errors=inline puts _error lines at the bad record's place" {
	run --separate-stderr et-enrich -k --errors=inline mixed.ndjson
	assert_failure 1
	run jqo 'map(if has("_error") then [._error.prog, ._error.line] else .text end)'
	assert_output '["first good",["et-enrich",2],"second good",["et-ingest",9],["et-enrich",5],"third good",["et-enrich",7],"fourth good"]'
}

@test "et-enrich: _error records pass through unchanged and are not counted" {
	run --separate-stderr et-enrich --stats records.ndjson
	assert_success
	assert_equal "$(sed -n 3p <<<"$output")" "$(sed -n 3p records.ndjson)"
	run jq -c '[.records_in, .records_out, .rejected]' <<<"${stderr_lines[-1]}"
	assert_output '[3,3,0]'
}

@test "et-enrich: unknown fields and the record's own bytes pass through; the new members go before the final brace" {
	run --separate-stderr et-enrich -c "$CAT" records.ndjson
	assert_success
	refute_stderr
	local i in out head
	for i in 1 2 4; do
		in=$(sed -n "${i}p" records.ndjson)
		out=$(sed -n "${i}p" <<<"$output")
		head=${in%\}*}
		assert_equal "${out:0:${#head}}" "$head"
		assert_equal "$(jq -c 'keys_unsorted[-5:]' <<<"$out")" '["mentions","signals","discovered","lang","review"]'
		assert_equal "$(jq -cS 'del(.mentions, .signals, .discovered, .lang, .review)' <<<"$out")" "$(jq -cS . <<<"$in")"
	done
	assert_equal "${#lines[@]}" 4
}

@test "et-enrich: a record enriched before gets its members replaced, not repeated" {
	run --separate-stderr et-enrich -c "$CAT" enriched.ndjson
	assert_success
	assert_equal "$(grep -o '"mentions"' <<<"$output" | wc -l)" 1
	assert_equal "$(grep -o '"lang"' <<<"$output" | wc -l)" 1
	run jqo 'map([keys_unsorted, .keep, (.mentions | map(.entity)), .discovered, .lang, .review])'
	assert_output '[[["id","platform","text","created_at","likes","keep","mentions","signals","discovered","lang","review"],true,["Blake Lively"],[],"en",false]]'
}

@test "et-enrich: idempotent on et-ingest output: enriching twice gives the same bytes as once" {
	et-ingest esuit.csv >"$TMP/in.ndjson"
	et-enrich -c "$CAT" "$TMP/in.ndjson" >"$TMP/once.ndjson"
	et-enrich -c "$CAT" "$TMP/once.ndjson" >"$TMP/twice.ndjson"
	assert_file_not_empty "$TMP/once.ndjson"
	assert_files_equal "$TMP/once.ndjson" "$TMP/twice.ndjson"
}

@test "et-enrich: idempotent on hand-written records: enriching twice gives the same bytes as once" {
	et-enrich -c "$CAT" records.ndjson >"$TMP/once.ndjson"
	et-enrich -c "$CAT" "$TMP/once.ndjson" >"$TMP/twice.ndjson"
	assert_file_not_empty "$TMP/once.ndjson"
	assert_files_equal "$TMP/once.ndjson" "$TMP/twice.ndjson"
}

@test "et-enrich: et-ingest | et-enrich: the subject field of an ESUIT export is the post's subject" {
	run --separate-stderr bash -c 'et-ingest "$1" | et-enrich -c "$2"' _ esuit.csv "$CAT"
	assert_success
	refute_stderr
	run jqo 'map([.text, (.mentions | map([.entity, .how, .confidence])), (.signals[0].weight)])'
	assert_output '[["She looks stunning 😍",[["Blake Lively","pronoun",0.45]],4.761],["🔥🔥🔥",[["Blake Lively","caption",0.4]],1],["Ryan is the best but the movie was boring",[["Ryan Reynolds","first",0.75],["It Ends With Us","pronoun",0.45]],5.615]]'
}

@test "et-enrich: zstd input gives the same records" {
	zstd -q -c records.ndjson >"$TMP/records.ndjson.zst"
	run --separate-stderr et-enrich -c "$CAT" records.ndjson
	local want=$output
	run --separate-stderr et-enrich -c "$CAT" "$TMP/records.ndjson.zst"
	assert_success
	assert_equal "$output" "$want"
}

# -------------------------------------------------------------- real data

@test "et-enrich: real data: 7875 records, every one with signals; Blake Lively clearly negative over 100+ mentions" {
	real_enrich
	run jq -sc '{n: length,
	    with_signals: map(select((.signals | length) > 0 and .signals[0].type == "sentiment")) | length,
	    keys: (map(keys_unsorted[-5:]) | unique)}' "$TMP/enr.ndjson"
	assert_output '{"n":7875,"with_signals":7875,"keys":[["mentions","signals","discovered","lang","review"]]}'
	run jq -sc '[.[] | select(any(.mentions[]; .entity == "Blake Lively"))] | length' "$TMP/enr.ndjson"
	assert [ "$output" -gt 100 ]
	run jq -sc '[.[].signals[] | select(.type == "sentiment" and .entity == "Blake Lively") | .score]
	    | {n: length, negative: (add / length < -0.2)}' "$TMP/enr.ndjson"
	assert_output --regexp '^\{"n":[1-9][0-9][0-9]+,"negative":true\}$'
}

# --------------------------------------------------------- mandatory cases

@test "et-enrich: --help prints the synopsis on stdout, exit 0" {
	run --separate-stderr et-enrich --help
	assert_success
	refute_stderr
	assert_line -n 0 --regexp '^usage: et-enrich '
	local item
	for item in '[-ehkuV]' '-c ' '-o ' '--no-subject' '--review-below ' \
	    '--rejects ' '--stats' '--errors=text|json|inline' '--max-record-size '; do
		assert_output --partial -- "$item"
	done
	run --separate-stderr et-enrich -h
	assert_success
	assert_line -n 0 --regexp '^usage: et-enrich '
}

@test "et-enrich: --version prints 'et-enrich (et) VERSION'" {
	assert_version et-enrich
}

@test "et-enrich: unknown option or missing value is a usage error" {
	assert_unknown_option et-enrich records.ndjson
	run --separate-stderr et-enrich -c
	assert_failure 2
	refute_output
	assert_stderr_line "try 'et-enrich --help' for more information"
}

@test "et-enrich: empty input gives no output, exit 0; -e makes it 4" {
	: >"$TMP/empty"
	run --separate-stderr et-enrich -c "$CAT" "$TMP/empty"
	assert_success
	refute_output
	refute_stderr
	run --separate-stderr et-enrich </dev/null
	assert_success
	refute_output
	refute_stderr
	printf '\n\n' >"$TMP/blank"
	run --separate-stderr et-enrich "$TMP/blank"
	assert_success
	refute_output
	run --separate-stderr et-enrich -e </dev/null
	assert_failure 4
	run --separate-stderr et-enrich -e records.ndjson
	assert_success
}

@test "et-enrich: stdin, - and a named file give the same records" {
	run --separate-stderr et-enrich -c "$CAT" records.ndjson
	assert_success
	local want=$output
	run --separate-stderr et-enrich -c "$CAT" <records.ndjson
	assert_success
	assert_equal "$output" "$want"
	run --separate-stderr et-enrich -c "$CAT" - <records.ndjson
	assert_success
	assert_equal "$output" "$want"
	# shellcheck disable=SC2094 # the same file read twice, nothing written
	run --separate-stderr et-enrich -c "$CAT" crlf.ndjson - records.ndjson <records.ndjson
	assert_success
	assert_equal "${#lines[@]}" 10
}

@test "et-enrich: missing input file is exit 3" {
	run --separate-stderr et-enrich x
	assert_failure 3
	refute_output
	assert_stderr_line "et-enrich: cannot open 'x': No such file or directory"
	run --separate-stderr et-enrich records.ndjson x
	assert_failure 3
	assert_stderr_line "et-enrich: cannot open 'x': No such file or directory"
	# 3 takes precedence over 1.
	run --separate-stderr et-enrich -k mixed.ndjson x
	assert_failure 3
	assert_stderr_line "et-enrich: cannot open 'x': No such file or directory"
}

@test "et-enrich: CRLF input: the CR is not part of the record, blank lines skipped" {
	run --separate-stderr et-enrich -c "$CAT" crlf.ndjson
	assert_success
	refute_stderr
	refute_output --partial $'\r'
	run jqo 'map([.id, .text, (.mentions | map(.entity)), .signals[0].value])'
	assert_output '[["instagram:1","Blake is great",["Blake Lively"],"positive"],["instagram:3","Ryan is awful",["Ryan Reynolds"],"negative"]]'
}

@test "et-enrich: invalid UTF-8 is a data error" {
	data_error_case bad-utf8.ndjson 'bad-utf8\.ndjson:2(:[0-9]+)?: invalid UTF-8' \
	    '["before"]' '["before","after"]' '1 of 3'
}

@test "et-enrich: a record over --max-record-size is a data error of kind limit" {
	data_error_case limit.ndjson 'limit\.ndjson:2(:[0-9]+)?: record too large' \
	    '["short one"]' '["short one","short two"]' '1 of 3' --max-record-size 1K
	run --separate-stderr et-enrich --errors=json --max-record-size 1K limit.ndjson
	assert_equal "$(grep '^{' <<<"$stderr" | jq -c '[.line, .kind]')" '[2,"limit"]'
	run --separate-stderr et-enrich --max-record-size 2K limit.ndjson
	assert_success
	for v in 10 63 2G x -1; do
		run --separate-stderr et-enrich --max-record-size "$v" limit.ndjson
		assert_failure 2
		refute_output
		assert_stderr_line "try 'et-enrich --help' for more information"
	done
}

@test "et-enrich: | head -n1 on a large input: no stderr, SIGPIPE or 0" {
	local r
	r=$(rec 'Blake is great and she ate' 'Blake Lively at the premiere')
	yes "$r" | head -n 20000 >"$TMP/big.ndjson"
	run --separate-stderr bash -c 'et-enrich -c "$1" "$2" | head -n1; exit "${PIPESTATUS[0]}"' _ "$CAT" "$TMP/big.ndjson"
	[[ $status -eq 141 || $status -eq 0 ]] || fail "et-enrich exited $status"
	refute_stderr
	assert_equal "${#lines[@]}" 1
	assert_equal "$(jq -c '[.id, .mentions[0].entity]' <<<"$output")" '["instagram:1","Blake Lively"]'
}

@test "et-enrich: write error on stdout (/dev/full) is exit 3" {
	run --separate-stderr bash -c 'et-enrich -c "$1" records.ndjson >/dev/full' _ "$CAT"
	assert_failure 3
	assert_stderr_line --regexp '^et-enrich: .*No space left on device$'
}

@test "et-enrich: allocation failures (ET_FAIL_ALLOC=N) are exit 3, never a crash or a usage error" {
	run --separate-stderr env ET_FAIL_ALLOC=1 et-enrich -c "$CAT" records.ndjson
	((status != 0)) || skip "built without fault injection (FAULT_INJECT=0)"
	run --separate-stderr et-enrich -c "$CAT" records.ndjson
	local want=$output n
	# The catalog's allocations come first, then the records'.
	for n in $(seq 1 2 300); do
		run --separate-stderr env ET_FAIL_ALLOC="$n" et-enrich -c "$CAT" records.ndjson
		if ((status == 0)); then
			assert_equal "$output" "$want"
			continue
		fi
		((status == 3)) || fail "ET_FAIL_ALLOC=$n: exit $status: ${stderr_lines[0]-}"
		assert_stderr_line -n 0 --regexp '^et-enrich: '
	done
}

@test "et-enrich: -o writes the file; into a missing directory it is exit 3 and leaves nothing" {
	run --separate-stderr et-enrich -c "$CAT" -o "$TMP/out.ndjson" records.ndjson
	assert_success
	refute_output
	assert_equal "$(wc -l <"$TMP/out.ndjson")" 4
	run --separate-stderr et-enrich -c "$CAT" -o "$TMP/nodir/out.ndjson" records.ndjson
	assert_failure 3
	refute_output
	assert_file_not_exists "$TMP/nodir/out.ndjson"
}

@test "et-enrich: --stats prints one JSON line with the documented keys" {
	run --separate-stderr bash -c 'et-enrich -k --stats mixed.ndjson records.ndjson >"$1"' _ "$TMP/out.ndjson"
	assert_failure 1
	local s=${stderr_lines[-1]} size_in size_out
	size_in=$(cat mixed.ndjson records.ndjson | wc -c)
	size_out=$(wc -c <"$TMP/out.ndjson")
	run jq -c 'keys_unsorted' <<<"$s"
	assert_output '["prog","records_in","records_out","rejected","bytes_in","bytes_out","seconds"]'
	run jq -c '[.prog, .records_in, .records_out, .rejected, .bytes_in, .bytes_out, (.seconds | type == "number" and . >= 0)]' <<<"$s"
	assert_output "[\"et-enrich\",10,7,3,$size_in,$size_out,true]"
}

# ---------------------------------------------------------- determinism

@test "et-enrich: two runs, and LC_ALL=C and C.UTF-8, give identical bytes" {
	et-ingest --posts "$APIFY/instagram-posts.csv" --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv >"$TMP/real.ndjson"
	LC_ALL=C.UTF-8 et-enrich -c "$ROOT/share/catalog.json" "$TMP/real.ndjson" records.ndjson >"$TMP/a.ndjson"
	LC_ALL=C.UTF-8 et-enrich -c "$ROOT/share/catalog.json" "$TMP/real.ndjson" records.ndjson >"$TMP/b.ndjson"
	LC_ALL=C et-enrich -c "$ROOT/share/catalog.json" "$TMP/real.ndjson" records.ndjson >"$TMP/c.ndjson"
	assert_file_not_empty "$TMP/a.ndjson"
	assert_files_equal "$TMP/a.ndjson" "$TMP/b.ndjson"
	assert_files_equal "$TMP/a.ndjson" "$TMP/c.ndjson"
}
