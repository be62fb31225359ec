#!/bin/sh
# Install every build and test dependency of puebla from Debian 12's
# packages. Idempotent: a second run only checks. Run as root (or with sudo).
# clang and its runtimes (libclang-rt-14-dev holds libFuzzer) are for
# scripts/fuzz.sh only. xapian-omega (omindex, quest), recollcmd
# (recollindex, recollq), time (GNU time) and linux-perf are for the
# benchmarks of bench/compare.sh and docs/benchmarks.md only.
set -eu

PACKAGES="
  build-essential
  cmake
  pkg-config
  libglib2.0-dev
  libjson-glib-dev
  libxapian-dev
  libmagic-dev
  libmagic-mgc
  libmicrohttpd-dev
  libjemalloc-dev
  libpoppler-glib-dev
  libxml2-dev
  libarchive-dev
  unrtf
  antiword
  libcairo2-dev
  libtesseract-dev
  libleptonica-dev
  tesseract-ocr-spa
  tesseract-ocr-eng
  check
  xapian-tools
  poppler-utils
  wspanish
  qpdf
  chromium
  fonts-dejavu-core
  wrk
  clang
  libclang-rt-14-dev
  xapian-omega
  recollcmd
  time
  linux-perf
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all dependencies present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps: done"
