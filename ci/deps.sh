#!/bin/sh
# Install the Debian packages listed in ci/packages.txt that are missing.
# Idempotent, and quiet when everything is already installed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
list=$here/packages.txt

if [ ! -r "$list" ]; then
	echo "deps.sh: cannot read '$list'" >&2
	exit 1
fi

missing=
# One package per line; '#' starts a comment, blank lines are skipped.
while IFS= read -r line || [ -n "$line" ]; do
	pkg=$(printf '%s\n' "${line%%#*}" | tr -d ' \t\r')
	[ -n "$pkg" ] || continue
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) ||
		status=
	if [ "$status" != installed ]; then
		missing="$missing $pkg"
	fi
done <"$list"

[ -n "$missing" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: need root or sudo to install them" >&2
	exit 1
fi

echo "deps.sh: installing:$missing" >&2
# sudo resets the environment, so pass DEBIAN_FRONTEND through env(1).
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update
# shellcheck disable=SC2086 # the package list is split into words on purpose
$sudo env DEBIAN_FRONTEND=noninteractive \
	apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
	$missing
