#!/bin/sh
# make-corpus.sh SRC COPIES OUT: a bigger corpus for benchmarks, made of
# COPIES copies of every text record in SRC (corpus/records), each copy a
# different document (its own closing line), so an index of it has
# COPIES × the records, with their real words, entities and tables.
set -eu
if [ $# -ne 3 ]; then
  echo "usage: $0 SRC COPIES OUT" >&2
  exit 2
fi
src=$1 copies=$2 out=$3
mkdir -p "$out"
n=0
for f in "$src"/*.txt; do
  base=$(basename "$f" .txt)
  i=1
  while [ "$i" -le "$copies" ]; do
    { cat "$f"; printf '\nCopia de banco %d de %s.\n' "$i" "$base"; } > "$out/$base-$i.txt"
    i=$((i + 1))
    n=$((n + 1))
  done
done
echo "make-corpus: $n files in $out" >&2
