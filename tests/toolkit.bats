#!/usr/bin/env bats
# Checks that span programs: man pages, --help against the man page, install.

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
}

long_opts_help() {
	"$ROOT/bin/$1" --help | grep -o -- '--[a-z][a-z-]*' | sort -u
}

long_opts_man() {
	grep -o -- '^\.It Fl [a-zA-Z] , Fl \\-[a-z\\-]*\|^\.It Fl \\-[a-z\\-]*' \
	    "$ROOT/man/$1.1" | grep -o -- '\\-[a-z\\-]*$' |
	    sed 's/\\-/-/g; s/^/-/' | sort -u
}

@test "toolkit: every man page is mandoc -Tlint clean" {
	run mandoc -Tlint -Wwarning "$ROOT"/man/*.[157]
	assert_success
}

@test "toolkit: et-ingest --help and its man page list the same long options" {
	run diff <(long_opts_help et-ingest) <(long_opts_man et-ingest)
	assert_success
	[ "$(long_opts_help et-ingest | wc -l)" -gt 15 ]
}

@test "toolkit: et-enrich --help and its man page list the same long options" {
	run diff <(long_opts_help et-enrich) <(long_opts_man et-enrich)
	assert_success
	[ "$(long_opts_help et-enrich | wc -l)" -gt 10 ]
}

@test "toolkit: et-agg --help and its man page list the same long options" {
	run diff <(long_opts_help et-agg) <(long_opts_man et-agg)
	assert_success
	[ "$(long_opts_help et-agg | wc -l)" -gt 30 ]
}

@test "toolkit: et-render --help and its man page list the same long options" {
	run diff <(long_opts_help et-render) <(long_opts_man et-render)
	assert_success
	[ "$(long_opts_help et-render | wc -l)" -gt 4 ]
}

@test "toolkit: make install honours DESTDIR and PREFIX, uninstall removes" {
	stage=$BATS_TEST_TMPDIR/stage
	run make -C "$ROOT" -s install DESTDIR="$stage" PREFIX=/usr
	assert_success
	[ -x "$stage/usr/bin/et-ingest" ]
	[ -f "$stage/usr/share/man/man1/et-ingest.1" ]
	[ -f "$stage/usr/share/man/man5/et-record.5" ]
	[ -f "$stage/usr/share/man/man7/et.7" ]
	run "$stage/usr/bin/et-ingest" --version
	assert_success
	assert_output --regexp '^et-ingest \(et\) '
	run make -C "$ROOT" -s uninstall DESTDIR="$stage" PREFIX=/usr
	assert_success
	[ ! -e "$stage/usr/bin/et-ingest" ]
	[ ! -e "$stage/usr/share/man/man1/et-ingest.1" ]
}
