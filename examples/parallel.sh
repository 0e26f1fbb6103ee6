#!/usr/bin/env bash
# Enrich and aggregate an archive of comment records on every core, or on
# several hosts, with GNU parallel; the document is byte for byte the one
#
#	et-enrich -c CATALOG FILE... | et-agg [ET-AGG-OPTION...]
#
# gives, because et-agg's merge of --partial states is exact and does not
# depend on how the records were split or in which order (et-agg(1),
# PARTIAL STATES).
#
# How: the records (NDJSON, .zst or not) are decompressed once and cut by
# `parallel --pipe --round-robin` into blocks of whole lines, dealt to one
# long-lived job per job slot; each job runs
#
#	et-enrich -c CATALOG | et-agg --partial [RECORD-FILTER...]
#
# on its stream and writes one state, which parallel brings back (--results)
# into a temporary directory.  `et-agg --merge [ET-AGG-OPTION...]` of those
# states is the output.  The temporary directory is removed on exit.
#
# Other hosts (-S): the records go to the jobs through ssh's standard input,
# so no input file is transferred (no --transferfile); only the catalog is,
# with --basefile (rsync on both ends), into ~/et-parallel.XXXXXX/ on each
# host, and removed again at the end, failed runs included.  et-enrich and
# et-agg must be on the PATH of a non-interactive ssh session on each host,
# in the same version as here (checked before the run: another scorer would
# give another document), and bash must be there to run the job.
#
# Usage: examples/parallel.sh -h   (from anywhere; the programs are taken
# from the repository's bin/ when built, else from the PATH)
set -euo pipefail

prog=parallel.sh

usage() {
	cat <<'EOF'
usage: parallel.sh [-h] [-j jobs] [-S logins] [-b size] -c catalog
                   [file ...] [-- et-agg-option ...]

Enrich and aggregate comment records in parallel: the same document as
`et-enrich -c catalog file ... | et-agg et-agg-option ...`, byte for byte.

  -b, --block SIZE       bytes per block dealt to a job (parallel --block;
                         default 1M)
  -c, --catalog FILE     the entities to find (et-enrich -c); required
  -h, --help             show this help
  -j, --jobs N           job slots per host: a number, or a percentage of
                         the host's CPUs (default 100%: one per CPU)
  -S, --sshlogin LOGINS  run the jobs on these hosts (parallel --sshlogin,
                         comma-separated, repeatable): ':' is this host,
                         '4/host' a host taken to have 4 CPUs

The files hold NDJSON comment records, zstd-compressed or not; none or '-'
is the standard input.  Options after '--' go to et-agg: the record filters
(--since, --until, --where, --entity, --band-weak, --band-strong) to the
et-agg --partial of every job, all others (--days, --top, -o FILE,
--alerts FILE, --partial for a merged state, ...) to the final
et-agg --merge.

Other hosts need et-enrich and et-agg of the same version on the PATH of
an ssh session, bash, and rsync (the catalog is copied with --basefile);
the records go through ssh's standard input.  A diagnostic's line number
counts the lines of its job's share of the records.  More options for
parallel can come in $PARALLEL, e.g. PARALLEL='--joblog FILE', or
PARALLEL='--env PATH' to send this PATH to the other hosts when the
programs sit at the same place there.

Exit status: 0 ok, 1 bad records, 2 usage, 3 system error (as et(7)).
EOF
}

die() { # STATUS MESSAGE
	printf '%s: %s\n' "$prog" "$2" >&2
	exit "$1"
}

usage_error() {
	printf '%s: %s\n' "$prog" "$1" >&2
	printf "try '%s --help' for more information\n" "$prog" >&2
	exit 2
}

# The programs of this checkout when built, else those on the PATH.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -x $root/bin/et-enrich && -x $root/bin/et-agg ]]; then
	PATH="$root/bin:$PATH"
	export PATH
fi

# The block is the unit dealt to a job, so it is also the grain of the
# balance between jobs.  With --round-robin, parallel moved 260 MB of
# records here at about 270 MB/s with 256K to 1M blocks and slowed down with
# bigger ones (45 MB/s at 16M), while a job (et-enrich | et-agg --partial)
# takes some 25 MB/s: parallel's own default, 1M, keeps parallel from being
# the bottleneck up to about ten job slots.
catalog='' jobs='100%' block=1M
logins=() files=() filters=() merge_opts=()
need_arg() { # OPTION ARGC
	(($2 >= 2)) || usage_error "option '$1' needs an argument"
}
while (($#)); do
	case $1 in
	-h | --help)
		usage
		exit 0
		;;
	-c | --catalog) need_arg "$1" $# && catalog=$2 && shift ;;
	--catalog=*) catalog=${1#*=} ;;
	-j | --jobs) need_arg "$1" $# && jobs=$2 && shift ;;
	--jobs=*) jobs=${1#*=} ;;
	-S | --sshlogin) need_arg "$1" $# && logins+=("$2") && shift ;;
	--sshlogin=*) logins+=("${1#*=}") ;;
	-b | --block) need_arg "$1" $# && block=$2 && shift ;;
	--block=*) block=${1#*=} ;;
	--)
		shift
		break
		;;
	-?*) usage_error "unknown option '$1'" ;;
	*) files+=("$1") ;;
	esac
	shift
done

# The rest is for et-agg: record filters apply where records are read (the
# jobs), and et-agg --merge refuses them; --max-rows bounds both.
while (($#)); do
	case $1 in
	--since | --until | --where | --entity | --band-weak | --band-strong)
		(($# >= 2)) || usage_error "et-agg option '$1' needs an argument"
		filters+=("$1" "$2")
		shift
		;;
	--since=* | --until=* | --where=* | --entity=* | --band-weak=* | \
		--band-strong=*)
		filters+=("$1")
		;;
	--max-rows)
		(($# >= 2)) || usage_error "et-agg option '$1' needs an argument"
		filters+=("$1" "$2")
		merge_opts+=("$1" "$2")
		shift
		;;
	--max-rows=*)
		filters+=("$1")
		merge_opts+=("$1")
		;;
	*) merge_opts+=("$1") ;;
	esac
	shift
done

[[ -n $catalog ]] || usage_error "no catalog: give -c FILE"
# parallel's -j 0 (as many as it can) makes no sense with --round-robin.
[[ $jobs =~ ^[+-]?[0-9]+%?$ && ! $jobs =~ ^[+-]?0+%?$ ]] ||
	usage_error "invalid --jobs '$jobs'"
[[ $block =~ ^[1-9][0-9]*[kKmMgG]?$ ]] || usage_error "invalid --block '$block'"
for login in "${logins[@]}"; do
	[[ -n $login ]] || usage_error "empty --sshlogin"
done

for tool in et-enrich et-agg zstd; do
	command -v "$tool" >/dev/null ||
		die 3 "'$tool' not found; run 'make' in $root or install it"
done
# moreutils has a 'parallel' of its own, which takes other options.
parallel --version 2>/dev/null | grep -q '^GNU parallel' ||
	die 3 "GNU parallel not found (the Debian package 'parallel')"

why() { # FILE: why it cannot be read
	if [[ ! -e $1 ]]; then
		echo 'No such file or directory'
	elif [[ -d $1 ]]; then
		echo 'Is a directory'
	else
		echo 'Permission denied'
	fi
}
[[ -f $catalog && -r $catalog ]] ||
	die 3 "cannot open catalog '$catalog': $(why "$catalog")"
for f in "${files[@]}"; do
	[[ $f == - ]] || [[ -r $f && ! -d $f ]] ||
		die 3 "cannot open '$f': $(why "$f")"
done
if ((${#files[@]} == 0)); then
	[[ ! -t 0 ]] || usage_error "no input: give files or pipe records in"
	files=(-)
fi

# Is any login another host?  (':' and 'N/:' are this one.)
remote=0
for login in "${logins[@]}"; do
	IFS=, read -r -a parts <<<"$login"
	for part in "${parts[@]}"; do
		[[ $part =~ ^([0-9]+/)?:$ ]] || remote=1
	done
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/et-parallel.XXXXXX") ||
	die 3 "cannot create a temporary directory"
tmp=$(cd "$tmp" && pwd)
# parallel --cleanup removes the catalog from the other hosts after a run,
# but not after a failed one: then this does.
sent=0
cleanup() {
	if ((sent)); then
		parallel "${parallel_opts[@]}" --nonall \
			"rm -f -- $catalog_rel; rmdir -- ${catalog_rel%/*}" \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$tmp/states"

# The catalog goes where a job finds it by the same relative path here
# (jobs on ':' run in the directory parallel runs in, the parent of $tmp)
# and on other hosts (--basefile DIR/./REL is copied to REL under the
# remote home directory, where remote jobs run).
cp -- "$catalog" "$tmp/catalog.json"
base=$(dirname "$tmp")
catalog_rel=$(basename "$tmp")/catalog.json

# Check the catalog and the record filters here, once, before any work:
# et-enrich and et-agg print what is wrong.  The empty state is also what
# is merged when the input holds no record and no job ran.
status=0
et-enrich -c "$tmp/catalog.json" </dev/null >/dev/null || status=$?
((status == 0)) || exit "$status"
et-agg --partial "${filters[@]}" -o "$tmp/empty.state" </dev/null || status=$?
((status == 0)) || exit "$status"
# The options of the final merge too, on that state, so that a typo stops
# the run before the work rather than after it: the files it would write go
# to $tmp (of a repeated option, the last counts), its chatter (--stats) is
# shown only on failure, and -e's 4 for no record is no failure here.
check=("${merge_opts[@]}")
for opt in "${merge_opts[@]}"; do
	case $opt in
	--alerts | --alerts=* | --rejects | --rejects=* | --metrics | \
		--metrics=* | --checkpoint | --checkpoint=*)
		check+=("${opt%%=*}" "$tmp/check${opt%%=*}")
		;;
	esac
done
et-agg --merge "${check[@]}" -o "$tmp/check.out" "$tmp/empty.state" \
	2>"$tmp/check.err" || status=$?
if ((status != 0 && status != 4)); then
	cat -- "$tmp/check.err" >&2
	exit "$status"
fi
status=0

parallel_opts=(--will-cite --jobs "$jobs" --tmpdir "$tmp") send=()
for login in "${logins[@]}"; do
	parallel_opts+=(--sshlogin "$login")
done

if ((remote)); then
	# Same programs everywhere, or the document would depend on the host.
	want=$'et-enrich\t'$(et-enrich --version)$'\n'$'et-agg\t'$(et-agg --version)
	# shellcheck disable=SC2016 # expanded on each host
	versions='for p in et-enrich et-agg; do printf "%s\t" "$p"; "$p" --version || exit; done'
	report=$(parallel "${parallel_opts[@]}" --nonall --tag "$versions" 2>&1) ||
		status=$?
	bad=$(awk -F '\t' -v want="$want" '
		BEGIN { n = split(want, w, "\n"); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
		!(($2 "\t" $3) in ok) { print "  " $0 }' <<<"$report")
	if ((status != 0)) || [[ -n $bad ]]; then
		printf '%s: et-enrich and et-agg must be on the PATH of every host, as here:\n' \
			"$prog" >&2
		printf '  %s\n' "$(et-enrich --version)" "$(et-agg --version)" >&2
		printf '%s\n' "${bad:-$report}" >&2
		exit 3
	fi
	send=(--basefile "$base/./$catalog_rel" --cleanup)
	sent=1
fi

# The records, as one stream of plain lines: zstd -dcf passes what is not
# zstd through, but refuses an empty input.
decompress() {
	local f first
	for f in "${files[@]}"; do
		if [[ $f == - ]]; then
			LC_ALL=C IFS= read -r -d '' -n 1 first || [[ -n $first ]] ||
				continue
			{ printf '%s' "$first" && cat; } | zstd -dcf || return
		elif [[ -s $f ]]; then
			zstd -dcf -- "$f" || return
		fi
	done
}

# The job.  GNU parallel dies of SIGPIPE when it writes a block to a job
# that has stopped reading, and loses the job's diagnostics with it, so a
# job that fails reads the rest of its input before it exits.
# shellcheck disable=SC2016 # expanded by the job's bash, not here
job='c=$1; shift; set -o pipefail; et-enrich -c "$c" | et-agg --partial "$@" && exit; s=$?; cat >/dev/null; exit "$s"'

# --halt now,fail=1: stop at the first failed job, and exit with its
# status (1 bad record, 2 usage, 3 system error).  The decompression runs
# here, once; parallel then cuts plain lines.
decompress |
	(cd "$base" && parallel "${parallel_opts[@]}" "${send[@]}" \
		--pipe --round-robin \
		--block "$block" --halt now,fail=1 --results "$tmp/states/{#}" \
		-q bash -c "$job" et-parallel-job "$catalog_rel" "${filters[@]}" \
		>/dev/null 2>"$tmp/parallel.err") || status=$?

# The jobs' diagnostics, each once (every job reports a shared problem),
# then parallel's own but for its "This job failed:" and the command.
cat -- "$tmp"/states/*.err 2>/dev/null | awk '!seen[$0]++' >&2 || true
awk '/^parallel: This job failed:$/ { getline; next } { print }' \
	"$tmp/parallel.err" >&2
if ((status != 0)); then
	((status <= 3)) || die 3 "parallel failed (exit $status)"
	exit "$status"
fi
sent=0

states=("$tmp"/states/*[0-9])
[[ -e ${states[0]} ]] || states=("$tmp/empty.state")
et-agg --merge "${merge_opts[@]}" "${states[@]}"
