#!/usr/bin/env bats
#
# make deb (ci/deb.sh): the Debian package of the programs, man pages and
# catalog.  Its Depends must come from the libraries the programs link, and
# the package must install, run and remove cleanly.  The install test needs
# root (CI runs as root) and is skipped otherwise; it replaces an et package
# left installed by an earlier, aborted run, and removes et in teardown
# whatever happens.

bats_require_minimum_version 1.5.0

# One build for the file; the first test builds again and compares.
setup_file() {
	local root
	root="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
	DEB=$(make -C "$root" -s --no-print-directory deb)
	cp "$DEB" "$BATS_FILE_TMPDIR/first.deb"
	export DEB
}

setup() {
	load helpers
	common_setup
	PROGS=(et-ingest et-enrich et-agg et-render)
}

teardown() {
	if [[ -n ${INSTALLED-} ]]; then
		dpkg -P et >/dev/null 2>&1 || true
	fi
}

# deb_paths: the paths in the package, without the leading '.'.
deb_paths() {
	dpkg-deb -c "$DEB" | awk '{ print substr($6, 2) }'
}

# man_pages: the installed man page of each page in man/, e.g.
# /usr/share/man/man1/et-ingest.1.gz.
man_pages() {
	local m n
	for m in "$ROOT"/man/*.[157]; do
		n=${m##*/}
		printf '/usr/share/man/man%s/%s.gz\n' "${n##*.}" "$n"
	done
}

# owner_of PATH: the package that installed the file PATH, which dpkg may
# know under /lib or /usr/lib (merged /usr: one is a link to the other).
owner_of() {
	{ dpkg -S "$1" || dpkg -S "/usr${1#/usr}" || dpkg -S "${1#/usr}"; } 2>/dev/null |
	    sed -n '1s/[:,].*//p'
}

# dpkg_skips_man: dpkg is configured not to unpack man pages (Docker's slim
# images exclude /usr/share/man).
dpkg_skips_man() {
	cat /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d/* 2>/dev/null |
	    grep -q '^path-exclude[= ]*/usr/share/man'
}

@test "packaging: make deb prints the path of build/et_VERSION_ARCH.deb; again, the same bytes" {
	run --separate-stderr make -C "$ROOT" -s --no-print-directory deb
	assert_success
	assert_output "$DEB"
	assert_equal "${#lines[@]}" 1
	assert_equal "$DEB" \
	    "$ROOT/build/et_$(dpkg-deb -f "$DEB" Version)_$(dpkg --print-architecture).deb"
	assert_file_exist "$DEB"
	cmp "$BATS_FILE_TMPDIR/first.deb" "$DEB"
	run compgen -G "$ROOT/build/deb.*"
	assert_failure
}

@test "packaging: the control file: name, version, architecture, maintainer, section" {
	run dpkg-deb -f "$DEB" Package Architecture Section Priority
	assert_success
	assert_output "Package: et
Architecture: $(dpkg --print-architecture)
Section: text
Priority: optional"
	run dpkg-deb -f "$DEB" Version
	assert_success
	run dpkg --validate-version "$output"
	assert_success
	run dpkg-deb -f "$DEB" Maintainer
	assert_output --regexp '^[^<>]+ <[^<>@ ]+@[^<>@ ]+>$'
	run dpkg-deb -I "$DEB"
	assert_output --regexp 'Installed-Size: [1-9][0-9]*'
	assert_output --partial 'Description: comment-intelligence filters'
}

@test "packaging: Depends holds, with a minimum version, the package of every library the programs link" {
	run dpkg-deb -I "$DEB"
	assert_success
	assert_output --regexp ' Depends: .*libyajl2 \(>= [0-9]'
	assert_output --regexp ' Depends: .*libzstd1 \(>= [0-9]'
	assert_output --regexp ' Depends: .*libc6 \(>= [0-9]'
	# Independently of dpkg-shlibdeps: each NEEDED soname, through the
	# dynamic linker's choice of file, to the package that owns it.
	local depends prog soname path owner n=0
	depends=$(dpkg-deb -f "$DEB" Depends)
	for prog in "${PROGS[@]}"; do
		while read -r soname; do
			path=$(ldd "$ROOT/bin/$prog" | awk -v s="$soname" '$1 == s { print $3 }')
			[[ -n $path ]] || fail "ldd finds no file for $prog's $soname"
			owner=$(owner_of "$path")
			[[ -n $owner ]] || fail "no package owns $path"
			[[ ", $depends," == *", $owner "* || ", $depends," == *", $owner,"* ]] ||
				fail "$prog needs $soname ($owner), not in Depends: $depends"
			n=$((n + 1))
		done < <(objdump -p "$ROOT/bin/$prog" | awk '$1 == "NEEDED" { print $2 }')
	done
	# libc, libm, yajl, zstd, nettle, utf8proc, jq, csv at least
	((n >= 8))
}

@test "packaging: the package holds the programs, every man page, the catalog, and only /usr" {
	run deb_paths
	assert_success
	local p
	for p in "${PROGS[@]}"; do
		assert_line "/usr/bin/$p"
	done
	while read -r p; do
		assert_line "$p"
	done < <(man_pages)
	assert_line /usr/share/et/catalog.json
	assert_line /usr/share/doc/et/copyright
	run grep -v -e '^/$' -e '^/usr/' <<<"$output"
	refute_output
	# Owned by root, whoever built it.
	run awk '$2 != "root/root"' < <(dpkg-deb -c "$DEB")
	refute_output
	# The catalog is the repository's.
	dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./usr/share/et/catalog.json >"$TMP/catalog.json"
	cmp "$ROOT/share/catalog.json" "$TMP/catalog.json"
}

@test "packaging: deb.sh fails with a message, leaving no stage and the old package, when a step fails" {
	mkdir -p "$TMP/fake"
	printf '#!/bin/sh\necho "dpkg-shlibdeps: error: broken on purpose" >&2\nexit 2\n' \
	    >"$TMP/fake/dpkg-shlibdeps"
	chmod +x "$TMP/fake/dpkg-shlibdeps"
	run --separate-stderr env PATH="$TMP/fake:$PATH" "$ROOT/ci/deb.sh"
	assert_failure 1
	refute_output
	assert_stderr_line "deb.sh: dpkg-shlibdeps cannot work out the programs' library packages"
	run compgen -G "$ROOT/build/deb.*"
	assert_failure
	cmp "$BATS_FILE_TMPDIR/first.deb" "$DEB"
	# A missing tool is named before anything is built.
	rm "$TMP/fake/dpkg-shlibdeps"
	local t
	for t in bash dirname make dpkg dpkg-deb strip gzip; do
		ln -s "$(command -v "$t")" "$TMP/fake/$t"
	done
	run --separate-stderr env PATH="$TMP/fake" "$ROOT/ci/deb.sh"
	assert_failure 1
	refute_output
	assert_stderr "deb.sh: 'dpkg-shlibdeps' not found (dpkg-dev, binutils: make deps)"
}

@test "packaging: dpkg -i installs programs that run a pipeline; dpkg -r removes every file" {
	((EUID == 0)) || skip "installing a package needs root (dpkg -i)"
	local p version
	version=$(dpkg-deb -f "$DEB" Version)
	# teardown purges et from here on, also when an assertion fails.
	INSTALLED=1
	# An earlier run killed before its teardown may have left et
	# installed: dpkg -i replaces it.
	run dpkg -i "$DEB"
	assert_success
	run dpkg-query -W -f '${db:Status-Status} ${Version}' et
	assert_output "installed $version"

	for p in "${PROGS[@]}"; do
		assert_file_executable "/usr/bin/$p"
	done
	run --separate-stderr /usr/bin/et-ingest --version
	assert_success
	assert_output --regexp '^et-ingest \(et\) [0-9A-Za-z.+~-]+$'

	# The installed programs and catalog only: absolute paths, not PATH
	# (which has $ROOT/bin first).
	run --separate-stderr bash -c 'set -o pipefail
	    /usr/bin/et-ingest "$1" |
	    /usr/bin/et-enrich -c /usr/share/et/catalog.json |
	    /usr/bin/et-agg | /usr/bin/et-render -f txt' _ \
	    "$ROOT/tests/data/et-ingest/comments.csv"
	assert_success
	assert_line -n 0 'Comment intelligence brief'
	assert_line '4 comments on 0 posts by 4 authors'
	# names from the installed catalog, a sentiment from the lexicon
	assert_output --partial 'Blake Lively'
	assert_output --partial 'Justin Baldoni'
	assert_output --partial 'Overall sentiment was positive'

	if dpkg_skips_man; then
		echo "# dpkg excludes /usr/share/man here: man pages not checked" >&3
	else
		while read -r p; do
			assert_file_exist "$p"
		done < <(man_pages)
		if command -v man >/dev/null; then
			run man -aw et-ingest
			assert_success
			assert_line /usr/share/man/man1/et-ingest.1.gz
		fi
	fi

	run dpkg -r et
	assert_success
	run --separate-stderr dpkg-query -W -f '${db:Status-Status}' et
	[[ $output == '' || $output == not-installed || $output == config-files ]] ||
		fail "et is still '$output' after dpkg -r"
	# Every file is gone, and the directories only et had.
	while read -r p; do
		[[ $p == */ ]] || assert_not_exist "$p"
	done < <(deb_paths)
	assert_not_exist /usr/share/et
	assert_not_exist /usr/share/doc/et
}
