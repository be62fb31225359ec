#!/bin/sh
# Fetches the malformed PDFs of qpdf's test suite and its OSS-Fuzz
# reproducers from Debian's qpdf source package into DEST (default
# build/qpdf-tests), for the hostile-input test (tests/check_hostile.c)
# and for trying puebla by hand. None of these files is committed.
#
# Uses a private deb-src list and apt state under DEST, so the system's
# apt configuration is left as it is. Exits 0 when DEST holds the files
# (fetched now or before), 77 when they cannot be had (no network, no
# apt): the test then skips.
set -eu
dest=${1:-build/qpdf-tests}
if [ -f "$dest/.complete" ]; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || exit 77
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
work="$dest/.apt"
mkdir -p "$work/lists/partial"
. /etc/os-release 2>/dev/null || true
suite=${VERSION_CODENAME:-bookworm}
printf 'deb-src http://deb.debian.org/debian %s main\n' "$suite" >"$work/sources.list"
apt_opts="-q -o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$work/lists -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
if ! timeout 60 apt-get $apt_opts update >"$work/log" 2>&1; then
  echo "fetch-qpdf-tests: cannot reach Debian's sources (see $work/log)" >&2
  exit 77
fi
# shellcheck disable=SC2086
if ! (cd "$work" && timeout 180 apt-get $apt_opts source --download-only qpdf >>"$work/log" 2>&1); then
  echo "fetch-qpdf-tests: cannot download qpdf's source (see $work/log)" >&2
  exit 77
fi
tarball=$(ls "$work"/qpdf_*.orig.tar.* | head -n 1)
mkdir -p "$dest/pdf" "$dest/fuzz"
# the PDFs of the test suite, flattened (names are unique enough with their directory)
tar -xzf "$tarball" -C "$work" --wildcards '*.pdf' '*/fuzz/qpdf_extra/*'
find "$work" -path "$work/qpdf-*" -name '*.pdf' -type f | while read -r f; do
  rel=${f#"$work"/qpdf-*/}
  cp "$f" "$dest/pdf/$(printf '%s' "$rel" | tr '/' '_')"
done
# OSS-Fuzz reproducers: named .pdf so that puebla treats them as the PDFs they try to be
for f in "$work"/qpdf-*/fuzz/qpdf_extra/*.fuzz; do
  [ -f "$f" ] && cp "$f" "$dest/fuzz/$(basename "$f").pdf"
done
rm -rf "$work"/qpdf-*
touch "$dest/.complete"
echo "fetch-qpdf-tests: $(ls "$dest/pdf" | wc -l) PDFs and $(ls "$dest/fuzz" | wc -l) fuzz reproducers in $dest"
