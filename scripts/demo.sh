#!/bin/sh
# Installs every dependency, builds puebla, ingests corpus/ and answers a
# search: the first command of README.md. Run from anywhere, as root (or
# with sudo rights for apt-get).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"

db="$top/build/demo-index"
echo
echo "\$ puebla ingest --db $db corpus"
./build/query/puebla ingest --db "$db" corpus
echo
echo "\$ puebla search --db $db '\"trata de personas\" Guatemala'"
./build/query/puebla search --db "$db" --limit 5 '"trata de personas" Guatemala'
