#!/usr/bin/env bash
# Build a Debian binary package of et: what 'make install PREFIX=/usr' puts
# in place (programs, man pages, catalog), plus /usr/share/doc/et/copyright
# from NOTICE.  'make deb' runs it after 'make all'.
#
# Depends is not written by hand: dpkg-shlibdeps (dpkg-dev) reads the shared
# libraries the programs link and maps each to its package and minimum
# version.  The version is the Makefile's VERSION (git describe --tags
# --always --dirty, or its fallback without git), the string the programs
# print for --version, rewritten in Debian's syntax.
#
# Prints the path of build/et_VERSION_ARCH.deb on stdout; diagnostics go to
# stderr.  Idempotent: the staging tree is rebuilt on every run and files get
# the time of SOURCE_DATE_EPOCH (by default the last commit's), so the same
# build gives the same bytes.
#
# Environment: DEB_MAINTAINER (the Maintainer field), SOURCE_DATE_EPOCH,
# DEB_BUILD_OPTIONS=nostrip (keep the symbols), MAKE.
set -euo pipefail

die() {
	printf 'deb.sh: %s\n' "$*" >&2
	exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
make=${MAKE:-make}
maintainer=${DEB_MAINTAINER:-et maintainers <et-maintainers@example.org>}

for tool in "$make" dpkg dpkg-deb dpkg-shlibdeps strip gzip; do
	command -v "$tool" >/dev/null ||
		die "'$tool' not found (dpkg-dev, binutils: make deps)"
done

# deb_version DESCRIBE: git describe output (or any version) as a Debian
# version: 1.2.0 stays, v1.2.0-5-gabc1234 is 1.2.0+git5.abc1234, a bare hash
# abc1234 (no tag yet) is 0.0~gitabc1234, -rc1 becomes ~rc1 (sorts before
# the release), and -dirty becomes +dirty.
deb_version() {
	local v=${1#[vV]} dirty=
	if [[ $v == *-dirty ]]; then
		v=${v%-dirty}
		dirty=+dirty
	fi
	if [[ $v =~ ^(.+)-([0-9]+)-g([0-9a-f]+)$ ]]; then
		v="${BASH_REMATCH[1]//-/\~}+git${BASH_REMATCH[2]}.${BASH_REMATCH[3]}"
	elif [[ $v =~ ^[0-9a-f]{7,40}$ ]]; then
		v=0.0~git$v
	else
		v=${v//-/\~}
	fi
	v=${v//[^A-Za-z0-9.+\~]/.}
	[[ $v =~ ^[0-9] ]] || v=0.0~$v
	printf '%s%s\n' "$v" "$dirty"
}

# shellcheck disable=SC2016 # $(VERSION) is make's, not the shell's
describe=$("$make" -s --no-print-directory \
	--eval='deb-sh-version: ; @echo $(VERSION)' deb-sh-version) ||
	die "cannot read VERSION from the Makefile"
version=$(deb_version "$describe")
dpkg --validate-version "$version" 2>/dev/null ||
	die "'$describe' gives '$version', not a valid Debian version"
arch=$(dpkg --print-architecture) || die "dpkg --print-architecture failed"
out=build/et_${version}_${arch}.deb

if [[ -z ${SOURCE_DATE_EPOCH-} ]]; then
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null) ||
		SOURCE_DATE_EPOCH=
fi

mkdir -p build
work=$(mktemp -d "$root/build/deb.XXXXXX") ||
	die "cannot create a staging directory under build/"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The debhelper layout is what dpkg-shlibdeps expects: it reads
# debian/control, and finds a binary's package by the DEBIAN directory above
# it (debian/et/DEBIAN); nothing else of a source package is needed.
pkg=$work/debian/et
"$make" -s --no-print-directory install DESTDIR="$pkg" PREFIX=/usr >&2 ||
	die "make install into the staging tree failed"
[[ -x $pkg/usr/bin/et-ingest ]] ||
	die "make install left no usr/bin/et-ingest in the staging tree"
install -d "$pkg/DEBIAN" "$pkg/usr/share/doc/et"
install -m 644 NOTICE "$pkg/usr/share/doc/et/copyright"

case " ${DEB_BUILD_OPTIONS-} " in
*" nostrip "*) ;;
*) strip --strip-unneeded "$pkg"/usr/bin/* || die "strip failed" ;;
esac
gzip -9n "$pkg"/usr/share/man/man?/*

printf 'Source: et\n\nPackage: et\nArchitecture: any\n' >"$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O debian/et/usr/bin/*) ||
	die "dpkg-shlibdeps cannot work out the programs' library packages"
depends=$(sed -n 's/^shlibs:Depends=//p' <<<"$depends")
[[ -n $depends ]] || die "dpkg-shlibdeps found no library dependencies"

# Installed-Size in KiB, from the files' sizes (not du's blocks, which vary
# with the file system).
size=$(find "$pkg" -type f -printf '%s\n' |
	awk '{ s += $1 } END { printf "%d\n", (s + 1023) / 1024 }')

# Fonts are no shared library, so dpkg-shlibdeps cannot see them: et-render
# draws PDFs in DejaVu Sans with emoji from Noto Color Emoji through
# fontconfig's fallback (lib/render_pdf.c).
cat >"$pkg/DEBIAN/control" <<EOF
Package: et
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Recommends: fonts-dejavu-core, fonts-noto-color-emoji
Section: text
Priority: optional
Description: comment-intelligence filters for social-media exports
 A family of small Unix filters that turn raw social-media comment exports
 into an intelligence brief.  Each stage reads and writes NDJSON, so the
 stages compose with pipes, jq and GNU parallel:
 .
  et-ingest  CSV, JSON and NDJSON exports (.zst too) to comment records
  et-enrich  entity mentions, sentiment, stance, emotion and risk flags
  et-agg     the brief's numbers, with mergeable partial states
  et-render  the brief as PDF, HTML, Markdown or text
 .
 The bundled entity catalog is /usr/share/et/catalog.json.
EOF

find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -type f -exec chmod go-w {} +
if [[ -n $SOURCE_DATE_EPOCH ]]; then
	export SOURCE_DATE_EPOCH
	find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
fi

dpkg-deb --root-owner-group -Zxz --build "$pkg" "$work/et.deb" >/dev/null ||
	die "dpkg-deb failed to build the package"
mv -f "$work/et.deb" "$out"
printf '%s\n' "$root/$out"
