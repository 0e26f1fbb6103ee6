#!/usr/bin/env bats
#
# et-render: an et-agg document in, the brief out as PDF, HTML, Markdown or
# text.  The real exports go through the whole pipeline; what the brief
# says is compared with the aggregate itself (jq); hostile names and
# comments are fed to every format.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	common_setup
	APIFY="$SHARED/apify"
}

# real_agg: the real exports through the pipeline into $TMP/agg.json.
real_agg() {
	et-ingest --posts "$APIFY/instagram-posts.csv" \
	    --posts "$APIFY/instagram-post-metadata.csv" \
	    "$APIFY"/instagram-comments-*.csv |
	    et-enrich -c "$ROOT/share/catalog.json" | et-agg -o "$TMP/agg.json"
}

# hostile_agg: an aggregate whose names, comments, captions and URLs try to
# break out of every format, into $TMP/hostile.json.
hostile_agg() {
	local bad i=0
	for bad in '<script>document.title="PWNED"</script>' \
	    '"><img src=x onerror=alert(1)>' '[click](javascript:alert(1))' \
	    'a | b | c' '<b>bold</b> &amp; <span foreground="red">x</span>' \
	    '=HYPERLINK("http://x")' '</style><style>body{display:none}</style>'; do
		erec "h$i" "2025-11-2$((i % 3))T1$i:00:00Z" "$bad" -0.4 "$i" instagram "$bad" "post$i" |
		    jq -c --arg b "$bad" '.post.caption = $b | .post.url = "javascript:alert(1)" | .discovered = [$b]'
		i=$((i + 1))
	done >"$TMP/hostile.ndjson"
	et-agg "$TMP/hostile.ndjson" -o "$TMP/hostile.json"
}

@test "et-render: --help, --version, unknown options" {
	run --separate-stderr et-render --help
	assert_success
	assert_line --regexp '^usage: et-render '
	assert_version et-render
	assert_unknown_option et-render /dev/null
	run --separate-stderr et-render -f docx /dev/null
	assert_failure 2
	assert_stderr_line -n 0 --regexp "^et-render: invalid --format 'docx'"
}

@test "et-render: real data: text names the entities with the aggregate's numbers, sections in order" {
	real_agg
	run --separate-stderr et-render -f txt "$TMP/agg.json"
	assert_success
	refute_stderr
	echo "$output" >"$TMP/brief.txt"
	# sections, in the documented order
	run grep -x -E 'At a glance|Executive summary|How to read the scores|What changed|Key risks|Top entities|Sentiment trend|Sentiment distribution|Emotion mix|Velocity alerts|Top posts|Representative comments|Storylines|Discovered names|Platform breakdown|Methodology' "$TMP/brief.txt"
	assert_output "$(printf '%s\n' 'At a glance' 'Executive summary' 'How to read the scores' \
	    'What changed' 'Key risks' 'Top entities' 'Sentiment trend' 'Sentiment distribution' \
	    'Emotion mix' 'Velocity alerts' 'Top posts' 'Representative comments' 'Storylines' \
	    'Discovered names' 'Platform breakdown' 'Methodology')"
	# every one of the top ten entities, with its mentions and mean
	jq -r '.entities[:10][] | [.name, (.mentions | tostring), (.sentiment.mean * 1000 | round)] | @tsv' "$TMP/agg.json" >"$TMP/want.tsv"
	while IFS=$'\t' read -r name n mean; do
		n=$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$n")
		m=$(awk -v m="$mean" 'BEGIN { if (m == 0) print "0.000"; else printf "%+.3f\n", m / 1000 }')
		grep -F -- "$name" "$TMP/brief.txt" | grep -F -- " $n " |
		    grep -q -F -- "$m" || fail "'$name' ($n, $m) not in the text brief"
	done <"$TMP/want.tsv"
	# the totals of the title page
	run jq -r '.totals | "\(.comments) \(.posts) \(.authors)"' "$TMP/agg.json"
	read -r c p a <<<"$output"
	grep -q -F "$(printf '%s comments on %s posts by %s authors' \
	    "$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$c")" "$p" \
	    "$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$a")")" "$TMP/brief.txt"
}

@test "et-render: Markdown: the entities table has the aggregate's rows, one cell per column" {
	real_agg
	run --separate-stderr et-render -o "$TMP/brief.md" "$TMP/agg.json"
	assert_success
	refute_output
	# the table under "## Top entities": name | mentions | band | mean ...
	awk '/^## Top entities/ { on = 1; next } /^## / { on = 0 } on && /^\| / && NR > 0' "$TMP/brief.md" |
	    tail -n +3 | awk -F' \\| ' '{ gsub(/^\| /, "", $1); gsub(/,/, "", $2); print $1 "\t" $2 }' >"$TMP/got.tsv"
	jq -r '.entities[:25][] | [.name, .mentions] | @tsv' "$TMP/agg.json" |
	    sed 's/\([][\\`*_{}#!|~<>]\)/\\\1/g' >"$TMP/want.tsv"
	run diff "$TMP/want.tsv" "$TMP/got.tsv"
	assert_success
}

@test "et-render: the format comes from -f, else from the output's extension, else text" {
	hostile_agg
	et-render -o "$TMP/b.md" "$TMP/hostile.json"
	et-render -f md "$TMP/hostile.json" >"$TMP/b2.md"
	cmp "$TMP/b.md" "$TMP/b2.md"
	et-render "$TMP/hostile.json" >"$TMP/b.txt"
	et-render -o "$TMP/b.text" "$TMP/hostile.json"
	cmp "$TMP/b.txt" "$TMP/b.text"
	run head -n 2 "$TMP/b.txt"
	assert_output $'Comment intelligence brief\n=========================='
	run head -n 1 "$TMP/b.md"
	assert_output '# Comment intelligence brief'
}

@test "et-render: Markdown cannot be forged: links, tables, tags and entities are escaped" {
	hostile_agg
	run --separate-stderr et-render -f md "$TMP/hostile.json"
	assert_success
	echo "$output" >"$TMP/b.md"
	# no live link, tag or entity from the input
	run grep -c -E '[^\\]\]\(|^\[|<script|<img|<b>|<span|</style' "$TMP/b.md"
	assert_output 0
	assert grep -q -F '\[click\](javascript:alert(1))' "$TMP/b.md"
	assert grep -q -F '&lt;script&gt;' "$TMP/b.md"
	# every table row has as many unescaped '|' as its header
	awk '/^\|/ { line = $0; gsub(/\\\|/, "", line); n = gsub(/\|/, "", line)
	    if (head && n != cols) { print "row " NR ": " n " != " cols; bad = 1 }
	    if (!head) { cols = n; head = 1 } next } { head = 0 }
	    END { exit bad }' "$TMP/b.md"
}

@test "et-render: text shows hostile strings as they are, on one line each" {
	hostile_agg
	run --separate-stderr et-render -f txt "$TMP/hostile.json"
	assert_success
	assert_output --partial '<script>document.title="PWNED"</script>'
	assert_output --partial '[click](javascript:alert(1))'
}

@test "et-render: an empty aggregate says so in each section" {
	et-agg </dev/null >"$TMP/empty.json"
	run --separate-stderr et-render -f txt "$TMP/empty.json"
	assert_success
	assert_line 'No catalogued entity was mentioned in this window.'
	assert_line 'No velocity alert in this window.'
	assert_line 'No post in this window.'
	run --separate-stderr et-render -f md "$TMP/empty.json"
	assert_success
	assert_line '_No velocity alert in this window._'
}

@test "et-render: bad input: not JSON, a partial state, another version, truncated: exit 1, no file" {
	echo '{"et_agg":1' >"$TMP/trunc.json"
	erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 | et-agg --partial >"$TMP/state"
	et-agg </dev/null | jq -c '.et_agg = 2' >"$TMP/v2.json"
	echo 'hello' >"$TMP/text.json"
	echo '{"et_agg":1}' >"$TMP/bare.json"
	for f in trunc.json state v2.json text.json bare.json; do
		run --separate-stderr et-render -o "$TMP/out.txt" "$TMP/$f"
		assert_failure 1
		assert_stderr_line -n 0 --regexp "^et-render: .*$f: "
		assert_file_not_exists "$TMP/out.txt"
	done
	run --separate-stderr et-render "$TMP/state"
	assert_stderr --partial "partial state"
	run --separate-stderr et-render "$TMP/v2.json"
	assert_stderr --partial "another version"
	run --separate-stderr et-render "$TMP/no-such-file"
	assert_failure 3
	run --separate-stderr et-render "$TMP/bare.json" "$TMP/bare.json"
	assert_failure 2
}

@test "et-render: huge input: 500 entities, very long, RTL and emoji names; text cells are cut" {
	local i long
	long=$(printf 'Name%.0s' $(seq 1 80))
	for ((i = 0; i < 500; i++)); do
		erec "e$i" 2025-11-20T10:00:00Z "Entity $i" 0.1
	done >"$TMP/big.ndjson"
	for i in 1 2 3; do
		erec "l$i" 2025-11-20T11:00:00Z "$long" 0.5
		erec "r$i" 2025-11-20T12:00:00Z 'שלום עולם مرحبا' -0.5
		erec "z$i" 2025-11-20T13:00:00Z 'Zoë 👍🏽🔥 Ñúñez' 0.9
	done >>"$TMP/big.ndjson"
	et-agg "$TMP/big.ndjson" -o "$TMP/big.json"
	run --separate-stderr et-render -f txt "$TMP/big.json"
	assert_success
	# table cells are at most 48 columns: the long name is cut with "…"
	assert_output --partial "NameNameNameNameNameNameNameNameNameNameNameName"
	refute_output --partial "$long"
	assert_output --partial '…'
	run --separate-stderr et-render -f md "$TMP/big.json"
	assert_success
	assert_output --partial 'Zoë 👍🏽🔥 Ñúñez'
	# the PDF paginates and shows the names; the HTML holds them whole
	run --separate-stderr et-render -o "$TMP/big.pdf" "$TMP/big.json"
	assert_success
	pdftotext "$TMP/big.pdf" "$TMP/big.txt"
	grep -q -F 'Zoë' "$TMP/big.txt"
	grep -q -E 'Page [0-9]+' "$TMP/big.txt"
	run --separate-stderr et-render -o "$TMP/big.html" "$TMP/big.json"
	assert_success
	grep -q -F "$long" "$TMP/big.html"
	grep -q -F 'שלום עולם مرحبا' "$TMP/big.html"
}

@test "et-render: the same input gives the same bytes, in every format" {
	hostile_agg
	local f
	for f in txt md; do
		a=$(et-render -f "$f" "$TMP/hostile.json" | md5sum)
		b=$(LC_ALL=C et-render -f "$f" "$TMP/hostile.json" | md5sum)
		assert_equal "$a" "$b"
	done
}

@test "et-render: write errors are exit 3 and leave no file" {
	hostile_agg
	run --separate-stderr et-render -o "$TMP/no/dir/b.txt" "$TMP/hostile.json"
	assert_failure 3
	run bash -c 'et-render "$1" >/dev/full' _ "$TMP/hostile.json"
	assert_failure 3
}

# ------------------------------------------------------------ PDF

@test "et-render: real data: the PDF opens, and pdftotext shows the sections, names and numbers" {
	real_agg
	run --separate-stderr et-render -o "$TMP/brief.pdf" "$TMP/agg.json"
	assert_success
	run pdfinfo "$TMP/brief.pdf"
	assert_success
	assert_line --regexp '^Pages: +[0-9]+$'
	pages=$(pdfinfo "$TMP/brief.pdf" | awk '/^Pages:/ { print $2 }')
	[ "$pages" -ge 5 ]
	pdftotext -layout "$TMP/brief.pdf" "$TMP/brief.txt"
	for s in 'At a glance' 'Executive summary' 'How to read the scores' 'What changed' \
	    'Key risks' 'Top entities' 'Sentiment trend' 'Sentiment distribution' 'Emotion mix' \
	    'Velocity alerts' 'Top posts' 'Representative comments' 'Storylines' \
	    'Discovered names' 'Platform breakdown' 'Methodology'; do
		grep -q -F "$s" "$TMP/brief.txt" || fail "no section '$s' in the PDF"
	done
	# the five most mentioned entities, each on a line with its mean
	jq -r '.entities[:5][] | [.name, (.sentiment.mean * 1000 | round)] | @tsv' "$TMP/agg.json" |
	while IFS=$'\t' read -r name mean; do
		m=$(awk -v m="$mean" 'BEGIN { if (m == 0) print "0.000"; else printf "%+.3f\n", m / 1000 }')
		grep -F -- "$name" "$TMP/brief.txt" | grep -q -F -- "$m" ||
		    fail "'$name' with $m not in the PDF text"
	done
	# the totals of the title page, and page numbers in the footer
	c=$(jq -r '.totals.comments' "$TMP/agg.json" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
	grep -q -F "$c comments" "$TMP/brief.txt"
	grep -q -E 'Page 2\b' "$TMP/brief.txt"
}

@test "et-render: PDF pages rasterize, and the charts are drawn (not blank)" {
	hostile_agg
	et-render -o "$TMP/b.pdf" "$TMP/hostile.json"
	pdftoppm -png -r 30 "$TMP/b.pdf" "$TMP/page"
	run ls "$TMP"
	assert_output --partial 'page-1.png'
	# a page is not one flat colour: PNG files of blank pages are tiny
	for p in "$TMP"/page-*.png; do
		[ "$(wc -c <"$p")" -gt 1500 ] || fail "$p looks blank"
	done
}

@test "et-render: PDF: pango markup in names and comments is shown, not applied" {
	hostile_agg
	et-render -o "$TMP/b.pdf" "$TMP/hostile.json"
	run pdftotext "$TMP/b.pdf" -
	assert_output --partial '<b>bold</b>'
	assert_output --partial '<span foreground="red">x</span>'
}

@test "et-render: PDF and HTML are byte-identical across runs; the PDF's dates come from the data" {
	hostile_agg
	et-render -o "$TMP/a.pdf" "$TMP/hostile.json"
	sleep 1
	LC_ALL=C et-render -o "$TMP/b.pdf" "$TMP/hostile.json"
	cmp "$TMP/a.pdf" "$TMP/b.pdf"
	run pdfinfo "$TMP/a.pdf"
	now=$(jq -r '.window.now' "$TMP/hostile.json")
	assert_line --regexp "^CreationDate: .*${now:0:4}"
	et-render -f html "$TMP/hostile.json" >"$TMP/a.html"
	et-render -f html "$TMP/hostile.json" >"$TMP/b.html"
	cmp "$TMP/a.html" "$TMP/b.html"
}

# ------------------------------------------------------------ HTML

# chrome ARGS...: headless Chromium, quiet.
chrome() {
	command -v chromium >/dev/null || skip "no chromium"
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu \
	    --no-first-run --disable-dev-shm-usage --user-data-dir="$TMP/chrome" "$@" 2>/dev/null
}

@test "et-render: HTML is one self-contained page: no script, no external resource" {
	real_agg
	et-render -o "$TMP/b.html" "$TMP/agg.json"
	run grep -c -i -E '<script|<link |src="http|href="http|@import|url\(' "$TMP/b.html"
	assert_output 0
	grep -q 'Content-Security-Policy' "$TMP/b.html"
	grep -q '<svg' "$TMP/b.html"
	name=$(jq -r '.entities[0].name' "$TMP/agg.json")
	grep -q -F "$name" "$TMP/b.html"
}

@test "et-render: HTML renders in headless Chromium: the screenshot is not blank" {
	real_agg
	et-render -o "$TMP/b.html" "$TMP/agg.json"
	chrome --screenshot="$TMP/shot.png" --window-size=400,3000 "file://$TMP/b.html"
	assert_file_exists "$TMP/shot.png"
	[ "$(wc -c <"$TMP/shot.png")" -gt 20000 ]
	# the rendered text has the entities, as laid out by the browser
	chrome --dump-dom "file://$TMP/b.html" >"$TMP/dom.html"
	name=$(jq -r '.entities[0].name' "$TMP/agg.json")
	grep -q -F "$name" "$TMP/dom.html"
}

@test "et-render: hostile names and comments cannot run or change the HTML page (checked in Chromium)" {
	hostile_agg
	et-render -o "$TMP/b.html" "$TMP/hostile.json"
	chrome --dump-dom "file://$TMP/b.html" >"$TMP/dom.html"
	# no element, attribute or style came from the input: the live DOM
	# holds only the page's own tags, one style sheet, no handlers or links
	run python3 -c '
import sys
from html.parser import HTMLParser
bad = []
styles = 0
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        global styles
        if tag in ("script", "img", "iframe", "object", "embed", "link", "a"):
            bad.append(tag)
        styles += tag == "style"
        for k, v in attrs:
            if k.startswith("on") or k in ("href", "src", "style"):
                bad.append(tag + " " + k)
P().feed(open(sys.argv[1], encoding="utf-8").read())
print(" ".join(bad) or "clean", styles)' "$TMP/dom.html"
	assert_output 'clean 1'
	# the page's own title (the first; charts have escaped tooltips)
	run bash -c 'grep -o -E "<title>[^<]*" "$1" | head -n 1' _ "$TMP/dom.html"
	assert_output --partial 'Comment intelligence brief'
	refute_output --partial PWNED
	# and the text is there, as text
	grep -q -F '&lt;script&gt;document.title="PWNED"&lt;/script&gt;' "$TMP/dom.html"
	chrome --screenshot="$TMP/shot.png" --window-size=1200,2000 "file://$TMP/b.html"
	[ "$(wc -c <"$TMP/shot.png")" -gt 20000 ]
}

@test "et-render: control characters and autolinks: a comment's escape sequence never reaches the terminal" {
	erec a1 2025-11-20T10:00:00Z 'Blake Lively' 0.5 0 instagram \
	    $'evil \e[31mred\e[0m \a https://x.example www.evil.example' | et-agg >"$TMP/a.json"
	for f in txt md html; do
		et-render -f "$f" "$TMP/a.json" >"$TMP/out.$f"
		run grep -c -P '[\x00-\x08\x0b-\x1f\x7f]' "$TMP/out.$f"
		assert_output 0
	done
	grep -q -F 'evil [31mred' "$TMP/out.txt"
	grep -q -F 'https\://x.example www\.evil.example' "$TMP/out.md"
}

@test "et-render: PDF: accented names and emoji in comments are drawn (emoji as colour glyphs)" {
	{
		erec z1 2025-11-20T13:00:00Z 'Zoë Ñúñez' 0.9 50 instagram 'Slay queen 👑🔥 👍🏽 so proud of Zoë, café'
		erec z2 2025-11-20T14:00:00Z 'José Álvarez' -0.5 5 instagram 'شكرا لك 😡 nope'
	} | et-agg >"$TMP/emo.json"
	et-render -o "$TMP/emo.pdf" "$TMP/emo.json"
	run pdftotext "$TMP/emo.pdf" -
	assert_output --partial 'Zoë Ñúñez'
	assert_output --partial 'José Álvarez'
	assert_output --partial 'so proud of Zoë, café'
	# colour emoji go in as small images, one per glyph drawn
	run bash -c 'pdfimages -list "$1" | awk "NR > 2 && \$3 == \"image\"" | wc -l' _ "$TMP/emo.pdf"
	[ "$output" -ge 4 ]
}

@test "et-render: allocation failures (ET_FAIL_ALLOC=N) are exit 3 with no output file, never a crash" {
	hostile_agg
	run --separate-stderr env ET_FAIL_ALLOC=1 et-render -f txt "$TMP/hostile.json"
	((status != 0)) || skip "built without fault injection (FAULT_INJECT=0)"
	local n f
	for f in txt md html pdf; do
		for n in $(seq 1 13 600); do
			run --separate-stderr env ET_FAIL_ALLOC="$n" et-render -f "$f" -o "$TMP/out" "$TMP/hostile.json"
			if ((status == 0)); then
				rm -f "$TMP/out"
				continue
			fi
			((status == 3)) || fail "ET_FAIL_ALLOC=$n -f $f: exit $status: ${stderr_lines[0]-}"
			assert_stderr_line -n 0 --regexp '^et-render: '
			assert_file_not_exists "$TMP/out"
		done
	done
}
