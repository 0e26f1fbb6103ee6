#!/usr/bin/env bats
#
# et-agg: enriched records in, one JSON document out (et-agg(1)), or a
# mergeable partial state.  Records are written here with erec (hand-made
# enriched records with known scores); the real exports are ingested and
# enriched from $SHARED, and the document's numbers are checked against
# values computed independently with jq over the enriched records.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	APIFY="$SHARED/apify"
}

# doc FILTER: jq FILTER over the document in $output.
doc() {
	jq -c "$@" <<<"$output"
}

# real_agg: ingest and enrich the real exports into $TMP/enr.ndjson.
real_enrich() {
	et-ingest --posts "$APIFY/instagram-posts.csv" \
	    --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv |
	    et-enrich -c "$ROOT/share/catalog.json" -o "$TMP/enr.ndjson"
}

# ------------------------------------------------------------ the basics

@test "et-agg: --help, --version, unknown options" {
	run --separate-stderr et-agg --help
	assert_success
	assert_line --regexp '^usage: et-agg '
	assert_line --partial -- '--partial'
	assert_version et-agg
	assert_unknown_option et-agg /dev/null
}

@test "et-agg: empty input gives a document with zero totals, exit 0" {
	run --separate-stderr et-agg </dev/null
	assert_success
	refute_stderr
	assert_equal "$(doc '[.et_agg, .totals.comments, .totals.authors, .entities, .alerts, .posts]')" '[1,0,0,[],[],[]]'
}

@test "et-agg: records without signals count as comments, with no entity" {
	{
		erec a1 2025-11-20T10:00:00Z '' 0.5 | jq -c 'del(.signals, .mentions)'
		erec a2 2025-11-20T11:00:00Z 'Blake Lively' 0.5
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '[.totals.comments, .totals.sentiment.n, (.entities | map(.name))]')" '[2,1,["Blake Lively"]]'
}

# ------------------------------------------------------------ numbers

@test "et-agg: mean, like-weighted mean, band, likes and share of voice" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 1 0
		erec a2 2025-11-20T11:00:00Z 'Blake Lively' -1 100
		erec a3 2025-11-20T12:00:00Z 'Ryan Reynolds' 0.8 3
		erec a4 2025-11-20T13:00:00Z 'Ryan Reynolds' 0.72 0
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_success
	# Blake: mean 0; weighted (1*1 - 1*5.615) / 6.615 = -0.698
	assert_equal "$(doc '.entities[] | select(.name == "Blake Lively") | [.mentions, .sentiment, .likes, .share_of_voice, .distribution.strongly_negative, .distribution.strongly_positive]')" \
	    '[2,{"n":2,"mean":0,"weighted":-0.698,"label":"neutral"},100,0.5,1,1]'
	assert_equal "$(doc '.entities[] | select(.name == "Ryan Reynolds") | .sentiment.label')" '"strongly_positive"'
	assert_equal "$(doc '[.entities[].name]')" '["Blake Lively","Ryan Reynolds"]'
	assert_equal "$(doc '[.totals.mentions, .totals.likes, .totals.entities]')" '[4,103,2]'
}

@test "et-agg: the five bands at their edges (0.3 and 0.7, options)" {
	local s i=0
	for s in -0.7 -0.69 -0.3 -0.29 0.29 0.3 0.69 0.7; do
		erec "b$((i++))" 2025-11-20T10:00:00Z 'Blake Lively' "$s"
	done >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_equal "$(doc '.distribution')" \
	    '{"strongly_negative":1,"negative":2,"neutral":2,"positive":2,"strongly_positive":1}'
	run --separate-stderr et-agg --band-weak 0.1 --band-strong 0.5 "$TMP/in.ndjson"
	assert_equal "$(doc '.distribution')" \
	    '{"strongly_negative":2,"negative":2,"neutral":0,"positive":2,"strongly_positive":2}'
	run --separate-stderr et-agg --band-weak 0.8 --band-strong 0.5 "$TMP/in.ndjson"
	assert_failure 2
}

@test "et-agg: daily series per UTC day, top comments by likes" {
	{
		erec a1 2025-11-20T23:59:59Z 'Blake Lively' 0.5 5 instagram 'first'
		erec a2 2025-11-21T00:00:00Z 'Blake Lively' -0.5 50 instagram 'second'
		erec a3 2025-11-21T10:00:00Z 'Blake Lively' 0.1 7 instagram 'third'
		erec a4 2025-11-21T11:00:00Z 'Blake Lively' 0.2 7 instagram 'fourth'
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '.entities[0].series')" \
	    '[{"date":"2025-11-20","mentions":1,"mean":0.5},{"date":"2025-11-21","mentions":3,"mean":-0.067}]'
	# likes first, then id: a3 before a4 at 7 likes
	assert_equal "$(doc '[.entities[0].top_comments[] | [.id, .likes, .text, .score]]')" \
	    '[["a2",50,"second",-0.5],["a3",7,"third",0.1],["a4",7,"fourth",0.2]]'
}

# ------------------------------------------------------------ velocity

# Alpha: 12 signals at 0.5 in the 72 h before the last 72 h, 12 at -0.2 in
# the last 72 h; --now 2025-11-26T05:30:00Z, so the recent span is the 72
# hours ending 2025-11-26T06:00:00Z.
velocity_fixture() {
	{
		series Alpha 0.5 12 p 2025-11-21 12
		series Alpha -0.2 12 r 2025-11-24 12
		series Beta 0.5 12 p 2025-11-21 12
		series Beta 0.5 9 r 2025-11-24 12
	} >"$TMP/vel.ndjson"
}

@test "et-agg: a velocity alert carries both windows, means, sample sizes, change and level" {
	velocity_fixture
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z "$TMP/vel.ndjson"
	assert_success
	# (-0.2 - 0.5) / 0.5 = -140 %: critical, down
	assert_equal "$(doc '.alerts | map(select(.kind == "velocity"))')" \
	    '[{"kind":"velocity","entity":"Alpha","level":"critical","direction":"down","previous":{"since":"2025-11-20T06:00:00Z","until":"2025-11-23T06:00:00Z","n":12,"mean":0.5},"recent":{"since":"2025-11-23T06:00:00Z","until":"2025-11-26T06:00:00Z","n":12,"mean":-0.2},"change_pct":-140}]'
	# Beta has 9 recent signals: fewer than --min-samples 10
	assert_equal "$(doc '.entities[] | select(.name == "Beta") | .velocity | [.recent.n, .change_pct, .level]')" '[9,null,"insufficient"]'
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z --min-samples 9 "$TMP/vel.ndjson"
	assert_equal "$(doc '.entities[] | select(.name == "Beta") | .velocity | [.change_pct, .level]')" '[0,"none"]'
	assert_equal "$(doc '.risks | map(select(.kind == "critical_shift") | .entity)')" '["Alpha"]'
	assert_equal "$(doc '.changes.fallers | map(.entity)')" '["Alpha"]'
	assert_equal "$(doc '.changes.newly_negative | map([.entity, .previous, .recent])')" '[]'
}

@test "et-agg: alert thresholds: above 30 % alerts, above 50 % is critical, both options" {
	{
		series Gamma 0.5 10 p 2025-11-21 12
		series Gamma 0.3 10 r 2025-11-24 12
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z "$TMP/in.ndjson"
	assert_equal "$(doc '.alerts | map(select(.kind == "velocity") | [.level, .change_pct])')" '[["alert",-40]]'
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z --alert-pct 45 "$TMP/in.ndjson"
	assert_equal "$(doc '[.alerts[] | select(.kind == "velocity")] | length')" 0
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z --critical-pct 35 "$TMP/in.ndjson"
	assert_equal "$(doc '.alerts | map(select(.kind == "velocity") | .level)')" '["critical"]'
}

@test "et-agg: near-zero previous means: the change is relative to 0.1, small moves never alert" {
	{
		series Delta 0.02 10 p 2025-11-21 12
		series Delta 0.3 10 r 2025-11-24 12
		series Eps 0.01 10 p 2025-11-21 12
		series Eps 0.06 10 r 2025-11-24 12
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z "$TMP/in.ndjson"
	# Delta: (0.3 - 0.02) / 0.1 = 280 %, not 1400 %
	assert_equal "$(doc '.entities[] | select(.name == "Delta") | .velocity | [.change_pct, .level]')" '[280,"critical"]'
	# Eps: 0.05 / 0.1 = 50 % but a change of 0.05 is below --min-delta 0.1
	assert_equal "$(doc '.entities[] | select(.name == "Eps") | .velocity | [.change_pct, .level]')" '[50,"none"]'
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z --min-delta 0.01 --near-zero 0.5 "$TMP/in.ndjson"
	assert_equal "$(doc '.entities[] | select(.name == "Delta") | .velocity.change_pct')" 56
	assert_equal "$(doc '.entities[] | select(.name == "Eps") | .velocity | [.change_pct, .level]')" '[10,"none"]'
}

@test "et-agg: --alerts writes the alerts alone as NDJSON" {
	velocity_fixture
	run --separate-stderr et-agg --now 2025-11-26T05:30:00Z --alerts "$TMP/alerts.ndjson" "$TMP/vel.ndjson"
	assert_success
	assert_equal "$(jq -sc . "$TMP/alerts.ndjson")" "$(doc '.alerts')"
	assert_equal "$(wc -l <"$TMP/alerts.ndjson")" "$(doc '.alerts | length')"
	run --separate-stderr et-agg --partial --alerts "$TMP/a2" "$TMP/vel.ndjson"
	assert_failure 2
	assert_file_not_exists "$TMP/a2"
}

# ------------------------------------------------------------ windows

@test "et-agg: --now defaults to the newest record, never the clock; windows are whole UTC days" {
	velocity_fixture
	run --separate-stderr et-agg "$TMP/vel.ndjson"
	assert_equal "$(doc '.window')" \
	    '{"since":"2025-11-21T00:00:00Z","until":"2025-11-25T00:00:00Z","now":"2025-11-24T23:00:00Z","days":4}'
}

@test "et-agg: --since/--until keep records in range; --days N is N UTC days to --now's day" {
	{
		erec a1 2025-11-18T10:00:00Z 'Blake Lively' 0.5
		erec a2 2025-11-20T00:00:00Z 'Blake Lively' 0.5
		erec a3 2025-11-21T23:59:59Z 'Blake Lively' 0.5
		erec a4 2025-11-22T00:00:00Z 'Blake Lively' 0.5
	} >"$TMP/in.ndjson"
	# --until is exclusive, as in et-ingest
	run --separate-stderr et-agg --since 2025-11-20T00:00:00Z --until 2025-11-21T23:59:59Z "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '[.totals.comments, .window.since, .window.until]')" '[1,"2025-11-20T00:00:00Z","2025-11-21T00:00:00Z"]'
	run --separate-stderr et-agg --since 2025-11-20T00:00:00Z --until 2025-11-22T00:00:00Z "$TMP/in.ndjson"
	assert_equal "$(doc '[.totals.comments, .window.since, .window.until]')" '[2,"2025-11-20T00:00:00Z","2025-11-22T00:00:00Z"]'
	run --separate-stderr et-agg --days 2 "$TMP/in.ndjson"
	assert_equal "$(doc '[.totals.comments, .window.since, .window.days]')" '[2,"2025-11-21T00:00:00Z",2]'
	run --separate-stderr et-agg --days 1 --now 2025-11-20T12:00:00Z "$TMP/in.ndjson"
	assert_equal "$(doc '[.totals.comments, .window.until, .window.now]')" '[1,"2025-11-21T00:00:00Z","2025-11-20T12:00:00Z"]'
	run --separate-stderr et-agg --since 2025-11-22T00:00:01Z "$TMP/in.ndjson"
	assert_equal "$(doc '.totals.comments')" 0
	run --separate-stderr et-agg --since 2025-11-22T00:00:00Z --until 2025-11-21T00:00:00Z "$TMP/in.ndjson"
	assert_failure 2
	run --separate-stderr et-agg --days 0 "$TMP/in.ndjson"
	assert_failure 2
	run --separate-stderr et-agg --now yesterday "$TMP/in.ndjson"
	assert_failure 2
}

@test "et-agg: --where keeps records a jq program calls true; a bad program is exit 2" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 0 instagram
		erec a2 2025-11-20T11:00:00Z 'Blake Lively' -0.5 0 tiktok
		erec a3 2025-11-20T12:00:00Z 'Ryan Reynolds' 0.5 9 tiktok
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg --where '.platform == "instagram"' "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '[.totals.comments, .platforms]')" '[1,[{"platform":"instagram","comments":1,"share":1,"mean":0.5}]]'
	run --separate-stderr et-agg --where '.likes > 5' "$TMP/in.ndjson"
	assert_equal "$(doc '[.entities[].name]')" '["Ryan Reynolds"]'
	run --separate-stderr et-agg --where '.platform ==' "$TMP/in.ndjson"
	assert_failure 2
	assert_stderr_line -n 0 --regexp '^et-agg: invalid --where program'
	# a runtime error is a data error on that record
	run --separate-stderr et-agg -k --where '.text | tonumber > 1' "$TMP/in.ndjson"
	assert_failure 1
	assert_stderr_line --regexp '^et-agg: .*in\.ndjson:1: '
}

@test "et-agg: --entity counts only the named entities" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5
		erec a2 2025-11-20T11:00:00Z 'Ryan Reynolds' -0.5
		erec a3 2025-11-20T12:00:00Z 'Justin Baldoni' 0.2
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg --entity 'Ryan Reynolds' --entity 'Blake Lively' "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '[.totals.comments, [.entities[].name]]')" '[2,["Blake Lively","Ryan Reynolds"]]'
}

@test "et-agg: platform breakdown overall and per entity" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 0 instagram
		erec a2 2025-11-20T11:00:00Z 'Blake Lively' -0.5 0 tiktok
		erec a3 2025-11-20T12:00:00Z 'Blake Lively' -0.1 0 tiktok
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_equal "$(doc '.entities[0].platforms')" \
	    '[{"platform":"tiktok","mentions":2,"mean":-0.3},{"platform":"instagram","mentions":1,"mean":0.5}]'
	assert_equal "$(doc '.platforms | map([.platform, .comments, .share])')" '[["tiktok",2,0.667],["instagram",1,0.333]]'
}

# ------------------------------------------------------------ sections

@test "et-agg: storylines match whole words only, with the entities involved" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' -0.5 0 instagram 'the lawsuit is a mess'
		erec a2 2025-11-20T11:00:00Z 'Blake Lively' -0.3 0 instagram 'she SUED him'
		erec a3 2025-11-20T12:00:00Z 'Ryan Reynolds' 0.5 0 instagram 'she pursued a career, and lawsuits'
		erec a4 2025-11-20T13:00:00Z 'Ryan Reynolds' 0.5 0 instagram 'engaged! and pregnant'
		erec a5 2025-11-20T14:00:00Z 'Ryan Reynolds' 0.5 0 instagram 'pursued, engagedly'
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '.storylines | map([.storyline, .comments, .mean, (.entities | map([.name, .comments]))])')" \
	    '[["lawsuit",3,-0.1,[["Blake Lively",2],["Ryan Reynolds",1]]],["engagement",1,0.5,[["Ryan Reynolds",1]]],["pregnancy",1,0.5,[["Ryan Reynolds",1]]]]'
}

@test "et-agg: discovered names: count, first and last seen, recommendation" {
	local i
	for ((i = 0; i < 12; i++)); do
		erec "d$i" "2025-11-2$((i / 6))T1$((i % 6)):00:00Z" '' 0.1 "$i" | jq -c '.discovered = ["Jane Roe"]'
	done >"$TMP/in.ndjson"
	for ((i = 0; i < 3; i++)); do
		erec "w$i" 2025-11-21T10:00:00Z '' 0.1 | jq -c '.discovered = ["Max Moe"]'
	done >>"$TMP/in.ndjson"
	erec z 2025-11-21T10:00:00Z '' 0.1 | jq -c '.discovered = ["Ann Bee"]' >>"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '.discovered | map([.name, .count, .recommendation])')" '[["Jane Roe",12,"track"],["Max Moe",3,"watch"],["Ann Bee",1,"ignore"]]'
	assert_equal "$(doc '.discovered[0] | [.first_seen, .last_seen, (.samples | map(.id))]')" \
	    '["2025-11-20T10:00:00Z","2025-11-21T15:00:00Z",["d11","d10","d9"]]'
	run --separate-stderr et-agg --track-min 20 --watch-min 2 --top-names 2 "$TMP/in.ndjson"
	assert_equal "$(doc '.discovered | map([.name, .recommendation])')" '[["Jane Roe","watch"],["Max Moe","watch"]]'
}

@test "et-agg: top posts: comments, likes, mean, main entity, caption" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 1 instagram x p1
		erec a2 2025-11-20T11:00:00Z 'Ryan Reynolds' 0.3 2 instagram x p2
		erec a3 2025-11-20T12:00:00Z 'Ryan Reynolds' -0.1 3 instagram x p2
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	assert_equal "$(doc '.posts')" \
	    '[{"post":"p2","url":"https://x/p2","caption":"caption of p2","comments":2,"likes":5,"mean":0.1,"main_entity":"Ryan Reynolds"},{"post":"p1","url":"https://x/p1","caption":"caption of p1","comments":1,"likes":1,"mean":0.5,"main_entity":"Blake Lively"}]'
	assert_equal "$(doc '.totals.posts')" 2
	run --separate-stderr et-agg --top-posts 1 "$TMP/in.ndjson"
	assert_equal "$(doc '.posts | map(.post)')" '["p2"]'
}

# ------------------------------------------------------------ real data

@test "et-agg: real data: the dominant entities and their numbers match jq over the records" {
	real_enrich
	run --separate-stderr et-agg "$TMP/enr.ndjson"
	assert_success
	echo "$output" >"$TMP/doc.json"
	# the big threads: Meghan Markle first; Goldie Hawn and Colleen
	# Hoover among the five most mentioned, Blake Lively in the top 15
	assert_equal "$(doc '.entities[0].name')" '"Meghan Markle"'
	run jq -r '[.entities[:5][].name] | index("Goldie Hawn", "Colleen Hoover") != null' "$TMP/doc.json"
	assert_output $'true\ntrue'
	run jq -r '[.entities[:15][].name] | index("Blake Lively") != null' "$TMP/doc.json"
	assert_output true
	# totals, computed independently
	run jq -sc '[length, ([.[].author] | unique | length),
	    ([.[].post.id] | unique | length), (map(.likes // 0) | add),
	    (map(select(.review)) | length)]' "$TMP/enr.ndjson"
	assert_equal "$(jq -c '.totals | [.comments, .authors, .posts, .likes, .review]' "$TMP/doc.json")" "$output"
	# per entity: mentions, mean and like-weighted mean, likes
	for e in 'Meghan Markle' 'Goldie Hawn' 'Colleen Hoover' 'Blake Lively'; do
		run jq -sc --arg e "$e" '
		    def r3: . * 1000 | round / 1000;
		    [.[] | . as $r | .signals[] | select(.type == "sentiment" and .entity == $e)
		     | {s: .score, w: .weight, l: ($r.likes // 0)}] |
		    [length, (map(.s) | add / length | r3),
		     ((map(.s * .w) | add) / (map(.w) | add) | r3), (map(.l) | add)]' "$TMP/enr.ndjson"
		assert_equal "$(jq -c --arg e "$e" '.entities[] | select(.name == $e) | [.mentions, .sentiment.mean, .sentiment.weighted, .likes]' "$TMP/doc.json")" "$output"
	done
}

# ------------------------------------------------------------ partials

@test "et-agg: --partial then --merge equals one pass, byte for byte" {
	velocity_fixture
	head -n 20 "$TMP/vel.ndjson" >"$TMP/a"
	tail -n +21 "$TMP/vel.ndjson" >"$TMP/b"
	et-agg --partial "$TMP/a" -o "$TMP/a.p"
	et-agg --partial "$TMP/b" -o "$TMP/b.p.zst"
	et-agg --now 2025-11-26T05:30:00Z "$TMP/vel.ndjson" -o "$TMP/one.json"
	run --separate-stderr et-agg --merge --now 2025-11-26T05:30:00Z "$TMP/b.p.zst" "$TMP/a.p"
	assert_success
	assert_equal "$output" "$(cat "$TMP/one.json")"
	# merged partials stay partial with --partial, and merge again
	et-agg --merge --partial "$TMP/a.p" "$TMP/b.p.zst" -o "$TMP/ab.p"
	run --separate-stderr et-agg --merge --now 2025-11-26T05:30:00Z "$TMP/ab.p"
	assert_equal "$output" "$(cat "$TMP/one.json")"
}

@test "et-agg: property: random splits into 1..8 parts, merged in random orders, equal one pass" {
	real_enrich
	et-agg "$TMP/enr.ndjson" -o "$TMP/one.json"
	local seed k i parts order
	for seed in 1 2 3 4 5 6; do
		k=$(( (seed * 5) % 8 + 1 ))
		rm -f "$TMP"/part.* "$TMP"/*.p
		# shuffle the records, then cut into k parts of random sizes
		shuf --random-source=<(yes "$seed") "$TMP/enr.ndjson" >"$TMP/shuf"
		split -n "r/$k" "$TMP/shuf" "$TMP/part."
		for i in "$TMP"/part.*; do
			et-agg --partial "$i" -o "$i.p"
		done
		order=$(printf '%s\n' "$TMP"/part.*.p | shuf --random-source=<(yes "x$seed"))
		# merge in two levels: pairs first when there are several
		parts=()
		while read -r i; do parts+=("$i"); done <<<"$order"
		if [ "${#parts[@]}" -ge 3 ]; then
			et-agg --merge --partial "${parts[0]}" "${parts[2]}" -o "$TMP/m.p"
			parts=("$TMP/m.p" "${parts[1]}" "${parts[@]:3}")
		fi
		run --separate-stderr et-agg --merge "${parts[@]}"
		assert_success
		[ "$output" = "$(cat "$TMP/one.json")" ] ||
			fail "seed $seed, $k parts: merged output differs"
	done
}

@test "et-agg: partials with other record filters or another version are refused" {
	velocity_fixture
	et-agg --partial "$TMP/vel.ndjson" -o "$TMP/a.p"
	et-agg --partial --since 2025-11-22T00:00:00Z "$TMP/vel.ndjson" -o "$TMP/b.p"
	run --separate-stderr et-agg --merge "$TMP/a.p" "$TMP/b.p" -o "$TMP/out.json"
	assert_failure 1
	refute_output
	assert_stderr_line -n 0 --regexp "^et-agg: .*b\\.p:1: .*other record filters"
	assert_file_not_exists "$TMP/out.json"
	sed '1s/"et_agg_partial":1/"et_agg_partial":2/' "$TMP/a.p" >"$TMP/v2.p"
	run --separate-stderr et-agg --merge "$TMP/v2.p"
	assert_failure 1
	assert_stderr_line -n 0 --regexp "^et-agg: .*v2\\.p:1: partial state version 2"
	# not a partial at all: an enriched record, a truncated state
	run --separate-stderr et-agg --merge "$TMP/vel.ndjson"
	assert_failure 1
	assert_stderr_line -n 0 --regexp "not an et-agg partial state"
	head -c 2000 "$TMP/a.p" >"$TMP/trunc.p"
	run --separate-stderr et-agg --merge "$TMP/trunc.p"
	assert_failure 1
	refute_output
	run --separate-stderr et-agg --merge --since 2025-11-22T00:00:00Z "$TMP/a.p"
	assert_failure 2
	assert_stderr_line -n 0 --regexp '^et-agg: .*not with --merge'
}

# ------------------------------------------------------------ bad input

@test "et-agg: a bad record stops the run with exit 1 and writes nothing; -k skips it" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5
		echo '{"id": "x", "created_at": "yesterday"}'
		echo '{not json'
		erec a2 2025-11-20T11:00:00Z 'Blake Lively' -0.5 | jq -c '.signals[1].score = 7'
		erec a3 2025-11-20T12:00:00Z 'Blake Lively' 0.1
	} >"$TMP/in.ndjson"
	echo old >"$TMP/out.json"
	run --separate-stderr et-agg "$TMP/in.ndjson" -o "$TMP/out.json"
	assert_failure 1
	assert_stderr_line -n 0 --regexp "^et-agg: .*in\\.ndjson:2: .*'created_at'"
	assert_equal "$(cat "$TMP/out.json")" old
	run --separate-stderr et-agg -k "$TMP/in.ndjson"
	assert_failure 1
	assert_stderr_line --regexp "in\\.ndjson:3:"
	assert_stderr_line --regexp "in\\.ndjson:4: .*\\[-1, 1\\]"
	assert_stderr_line 'et-agg: 3 of 5 records rejected'
	assert_equal "$(doc '[.totals.comments, .entities[0].sentiment.mean]')" '[2,0.3]'
}

@test "et-agg: write errors: /dev/full and a missing directory are exit 3" {
	erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson" -o "$TMP/no/such/dir.json"
	assert_failure 3
	run bash -c 'et-agg "$1" >/dev/full' _ "$TMP/in.ndjson"
	assert_failure 3
	run --separate-stderr et-agg "$TMP/no-such-file"
	assert_failure 3
	assert_stderr_line -n 0 --regexp "^et-agg: cannot open"
}

@test "et-agg: --max-rows caps the state: exit 3 with a clear message" {
	velocity_fixture
	run --separate-stderr et-agg --max-rows 10 "$TMP/vel.ndjson"
	assert_failure 3
	assert_stderr_line -n 0 --regexp '^et-agg: the state has more than --max-rows 10 rows'
	refute_output
}

@test "et-agg: determinism: two runs, LC_ALL=C and C.UTF-8, give identical bytes" {
	velocity_fixture
	a=$(et-agg "$TMP/vel.ndjson" | md5sum)
	b=$(LC_ALL=C et-agg "$TMP/vel.ndjson" | md5sum)
	c=$(LC_ALL=C.UTF-8 et-agg "$TMP/vel.ndjson" | md5sum)
	assert_equal "$a" "$b"
	assert_equal "$a" "$c"
}

@test "et-agg: --stats prints one JSON line with the counts" {
	velocity_fixture
	run --separate-stderr et-agg --stats --since 2025-11-24T00:00:00Z "$TMP/vel.ndjson"
	assert_success
	assert_equal "$(jq -c '[.prog, .records_in, .records_out, .rejected, .skipped]' <<<"$stderr")" '["et-agg",45,1,0,24]'
}

@test "et-agg: _error lines from upstream are skipped; --errors=inline reports on stderr" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5
		echo '{"_error":{"prog":"et-enrich","file":"x","line":2,"col":0,"kind":"type","message":"m"}}'
		echo '{"id": 7}'
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg -k --errors=inline --stats "$TMP/in.ndjson"
	assert_failure 1
	assert_equal "$(doc '.totals.comments')" 1
	assert_stderr_line --regexp "^et-agg: .*in\\.ndjson:3: record has no string 'id'"
	assert_equal "$(tail -n 1 <<<"$stderr" | jq -c '[.records_in, .rejected, .skipped]')" '[2,1,1]'
}

@test "et-agg: a window with no records: --since after the data is empty, not inverted" {
	erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 >"$TMP/in.ndjson"
	run --separate-stderr et-agg --since 2025-12-01T00:00:00Z "$TMP/in.ndjson"
	assert_success
	assert_equal "$(doc '[.totals.comments, .window]')" \
	    '[0,{"since":"2025-12-01T00:00:00Z","until":"2025-12-02T00:00:00Z","now":"2025-12-01T00:00:00Z","days":1}]'
	run --separate-stderr et-agg --since 2025-12-01T00:00:00Z --now 2025-11-20T00:00:00Z "$TMP/in.ndjson"
	assert_equal "$(doc '.window | [.since, .until, .days]')" '["2025-12-01T00:00:00Z","2025-12-01T00:00:00Z",0]'
	run --separate-stderr et-agg -e --since 2025-12-01T00:00:00Z "$TMP/in.ndjson"
	assert_failure 4
}

@test "et-agg: one id seen twice: the same top comment whatever the order" {
	{
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 3
		erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 9
		erec a2 2025-11-20T11:00:00Z 'Blake Lively' 0.5 5
	} >"$TMP/in.ndjson"
	run --separate-stderr et-agg "$TMP/in.ndjson"
	local want=$output
	assert_equal "$(doc '[.entities[0].top_comments[] | [.id, .likes]]')" '[["a1",9],["a2",5]]'
	tac "$TMP/in.ndjson" >"$TMP/rev.ndjson"
	run --separate-stderr et-agg "$TMP/rev.ndjson"
	assert_equal "$output" "$want"
}

@test "et-agg: allocation failures (ET_FAIL_ALLOC=N) are exit 3 with no output, never a crash" {
	velocity_fixture
	run --separate-stderr env ET_FAIL_ALLOC=1 et-agg "$TMP/vel.ndjson"
	((status != 0)) || skip "built without fault injection (FAULT_INJECT=0)"
	et-agg --partial "$TMP/vel.ndjson" -o "$TMP/p"
	local n
	for n in $(seq 1 7 400); do
		for args in "$TMP/vel.ndjson" "--merge $TMP/p"; do
			# shellcheck disable=SC2086 # args: words on purpose
			run --separate-stderr env ET_FAIL_ALLOC="$n" et-agg $args -o "$TMP/out.json"
			if ((status == 0)); then
				assert_file_exists "$TMP/out.json"
				continue
			fi
			((status == 3)) || fail "ET_FAIL_ALLOC=$n $args: exit $status: ${stderr_lines[0]-}"
			assert_stderr_line -n 0 --regexp '^et-agg: '
			assert_file_not_exists "$TMP/out.json"
		done
		rm -f "$TMP/out.json"
	done
}
