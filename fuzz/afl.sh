#!/usr/bin/env bash
# Runs AFL++ on fuzz harnesses built by 'make fuzz', one after another.
#
#   fuzz/afl.sh [-t SECONDS] [NAME ...]    (default: 60 s, every harness)
#
# Each harness NAME (fuzz/fuzz_NAME.c) starts from fuzz/corpus/NAME and
# keeps its findings in build/afl-out/NAME.  One summary line per harness:
# execs/s, paths (corpus entries), crashes.  Exit 1 if any harness crashed
# or hung, so CI fails on a finding; crashers are then in
# build/afl-out/NAME/default/crashes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

secs=60
if [ "${1:-}" = "-t" ]; then
	secs=$2
	shift 2
fi
if [ $# -eq 0 ]; then
	for f in fuzz/fuzz_*.c; do
		n=${f#fuzz/fuzz_}
		set -- "$@" "${n%.c}"
	done
fi

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1
status=0
for n in "$@"; do
	bin=build/afl/fuzz_$n
	out=build/afl-out/$n
	if [ ! -x "$bin" ]; then
		echo "afl.sh: $bin is missing; run 'make fuzz'" >&2
		exit 2
	fi
	mkdir -p "$out"
	# A second run resumes from the findings of the first.
	if [ -d "$out/default/queue" ]; then in=-; else in=fuzz/corpus/$n; fi
	afl-fuzz -i "$in" -o "$out" -V "$secs" -m none -t 1000+ \
		-- "$bin" >"$out/log" 2>&1 || {
		echo "afl.sh: afl-fuzz failed on $n; see $out/log" >&2
		tail -5 "$out/log" >&2
		exit 1
	}
	st=$out/default/fuzzer_stats
	get() { sed -n "s/^$1 *: *//p" "$st"; }
	echo "$n: $(get run_time) s, $(get execs_done) execs," \
		"$(get execs_per_sec) execs/s, $(get corpus_count) paths," \
		"$(get saved_crashes) crashes, $(get saved_hangs) hangs"
	if [ "$(get saved_crashes)" != 0 ] || [ "$(get saved_hangs)" != 0 ]; then
		status=1
	fi
done
exit $status
