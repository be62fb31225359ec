#!/bin/bash
# compare.sh [N]: puebla against omindex, recollindex and pdftotext on one
# generated corpus of N records (default 1000), in one run.
#
#   1. the corpus: build/bench/gen-corpus --seed $SEED --records N, kept in
#      build/bench/corpus-s$SEED-n$N and reused by later runs;
#   2. ingest: puebla, omindex -s spanish, recollindex with a private
#      config, each full, no-op, and after 1% of the files changed (the
#      same files, put back after each tool's run): wall seconds,
#      records/s, MB/s, peak RSS of the largest process (GNU time) and of
#      the whole process tree (sampled every 0.2 s), index size (du -sb);
#   3. the PDFs alone: pdftotext one by one, and with xargs -P2, the floor
#      of text extraction; puebla ingest of the same PDFs;
#   4. queries (bench/query-mix.tsv) as whole processes, $ROUNDS rounds:
#      puebla search, quest, recollq: p50/p95/p99 ms; puebla's searcher
#      in process (build/bench/search-latency): search and trace;
#   5. HTTP: puebla serve over the same index, wrk with bench/search-mix.lua
#      (HTTP_SECONDS=10): requests/s, p50, p99 (skipped without wrk);
#   6. a table of the figures and of the ratios puebla / other, on stdout
#      and in build/bench/compare-N.txt.
#
# The files changed in step 2 are put back (content and mtime) afterwards,
# so the cached corpus stays the generator's bytes.
# Run from anywhere after building. Knobs (environment): BUILD=<tree>/build
# SEED=1 ROUNDS=3 (process rounds) INPROC_ROUNDS=10 JOBS=2 (puebla --jobs and
# gen-corpus --jobs) KEEP=1 keeps the work directory. OTHERS=0 runs puebla
# alone (no omindex, recollindex, pdftotext, quest, recollq; their rows and
# ratios print "-"): for sizes where only puebla's own goals are asked, as
# 100k, whose other runs would take hours.
# Figures from a loaded machine are indicative only: compare the ratios.
set -euo pipefail

N=${1:-1000}
SEED=${SEED:-1}
ROUNDS=${ROUNDS:-3}
INPROC_ROUNDS=${INPROC_ROUNDS:-10}
OTHERS=${OTHERS:-1}
JOBS=${JOBS:-2}
src=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$src/build}
build=$(cd "$BUILD" && pwd)
puebla=$build/query/puebla
gen=$build/bench/gen-corpus
latency=$build/bench/search-latency
mix=$src/bench/query-mix.tsv
out=$build/bench
report=$out/compare-$N.txt

for bin in "$puebla" "$gen" "$latency"; do
  [ -x "$bin" ] || { echo "compare.sh: build first ($bin)" >&2; exit 2; }
done
tools=(/usr/bin/time)
[ "$OTHERS" = 1 ] && tools+=(omindex quest recollindex recollq pdftotext)
for tool in "${tools[@]}"; do
  command -v "$tool" > /dev/null || { echo "compare.sh: $tool not found (scripts/install-deps.sh)" >&2; exit 2; }
done

# ---- the corpus, once per seed and size -------------------------------------------------
corpus=$out/corpus-s$SEED-n$N
if [ ! -f "$corpus/manifest.jsonl" ]; then
  rm -rf "$corpus.tmp"
  t0=$EPOCHREALTIME
  "$gen" --seed "$SEED" --records "$N" --out "$corpus.tmp" --jobs "$JOBS"
  mv "$corpus.tmp" "$corpus"
  echo "compare.sh: generated $corpus in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s" >&2
fi
records=$corpus/records
bytes=$(du -sb "$records" | cut -f1)
n_pdf=$(grep -c '"form":"pdf"' "$corpus/manifest.jsonl" || true)
pdf_bytes=$(find "$records" -name '*.pdf' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

work=$out/work-n$N
rm -rf "$work"
mkdir -p "$work"
cleanup() {
  [ -n "${sampler:-}" ] && kill "$sampler" 2> /dev/null || true
  if [ -d "$work/backup" ]; then restore_changed; fi
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- measuring -------------------------------------------------------------------------

# tree_rss PID: the RSS (KiB) of PID and of its descendants, three levels deep
tree_rss() {
  local sum=0 p k v kids f
  local -a level=("$1") next
  for _ in 1 2 3 4; do
    next=()
    for p in "${level[@]}"; do
      if [ -r "/proc/$p/status" ]; then
        while read -r k v _; do
          if [ "$k" = "VmRSS:" ]; then sum=$((sum + v)); break; fi
        done 2> /dev/null < "/proc/$p/status" || true
      fi
      for f in /proc/"$p"/task/*/children; do
        [ -r "$f" ] || continue
        read -r -a kids 2> /dev/null < "$f" || true
        next+=("${kids[@]}")
      done
    done
    [ ${#next[@]} -gt 0 ] || break
    level=("${next[@]}")
  done
  echo "$sum"
}

# sample PID FILE: the peak of tree_rss PID into FILE until PID ends
sample() {
  local peak=0 now
  while [ -d "/proc/$1" ]; do
    now=$(tree_rss "$1")
    [ "$now" -gt "$peak" ] && peak=$now
    echo "$peak" > "$2"
    sleep 0.2
  done
}

declare -A WALL MAXRSS TREERSS
# measure NAME CMD…: wall seconds, peak RSS of the largest process (GNU
# time) and of the tree; stdout in $work/NAME.out, stderr in $work/NAME.err
measure() {
  local name=$1; shift
  local t0 t1 pid
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pid=$!
  sample "$pid" "$work/$name.tree" &
  sampler=$!
  local status=0
  wait "$pid" || status=$?
  t1=$EPOCHREALTIME
  wait "$sampler" 2> /dev/null || true
  sampler=""
  WALL[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  MAXRSS[$name]=$(tail -1 "$work/$name.time")
  TREERSS[$name]=$(cat "$work/$name.tree" 2> /dev/null || echo 0)
  echo "compare.sh: $name: ${WALL[$name]} s (exit $status)" >&2
  # puebla ingest exits 1 when a file failed: the figures stand, say so
  if [ "$status" -gt 1 ]; then
    echo "compare.sh: $name failed:" >&2
    tail -5 "$work/$name.err" >&2
    exit 1
  fi
}

# ---- puebla ------------------------------------------------------------------------------
pdb=$work/puebla-db
measure puebla-full "$puebla" ingest --json --quiet --jobs "$JOBS" --db "$pdb" "$records"
measure puebla-noop "$puebla" ingest --json --quiet --jobs "$JOBS" --db "$pdb" "$records"
puebla_failed=$(sed -n 's/.*"failed" *: *\([0-9]*\).*/\1/p' "$work/puebla-full.out" | head -1)
puebla_self_rss=$(sed -n 's/.*"max_rss_kib" *: *\([0-9]*\).*/\1/p' "$work/puebla-full.out" | head -1)

# 1% of the records: every 100th (from the 50th); of these, one in two
# UTF-8 text files gets a line more, the others are touched. The same
# change is made before each tool's run and undone after it.
changed=0 touched=0
restore_changed() {
  local f
  while IFS= read -r f; do
    cp -p "$work/backup/$f" "$corpus/$f"
  done < "$work/backup.list"
  rm -rf "$work/backup"
}
change_one_percent() {
  local i=0 line f
  changed=0 touched=0
  mkdir -p "$work/backup"
  : > "$work/backup.list"
  while IFS= read -r line; do
    if [ $((i % 100)) -eq 50 ]; then
      f=$(sed -n 's/.*"path":"\([^"]*\)".*/\1/p' <<< "$line")
      mkdir -p "$work/backup/$(dirname "$f")"
      cp -p "$corpus/$f" "$work/backup/$f"
      echo "$f" >> "$work/backup.list"
      if [[ $line == *'"encoding":"UTF-8"'* ]] && [ $((i / 100 % 2)) -eq 0 ]; then
        printf '\nAdenda de banco %d.\n' "$i" >> "$corpus/$f"
        changed=$((changed + 1))
      else
        touch "$corpus/$f"
        touched=$((touched + 1))
      fi
    fi
    i=$((i + 1))
  done < "$corpus/manifest.jsonl"
}
change_one_percent
measure puebla-1pct "$puebla" ingest --json --quiet --jobs "$JOBS" --db "$pdb" "$records"
restore_changed
puebla_db_bytes=$(du -sb "$pdb" | cut -f1)

odb=$work/omega-db
rconf=$work/recoll-conf
omega_db_bytes="" recoll_db_bytes=""
if [ "$OTHERS" = 1 ]; then
# ---- omindex -----------------------------------------------------------------------------
measure omindex-full omindex -s spanish --db "$odb" --url / "$records"
measure omindex-noop omindex -s spanish --db "$odb" --url / "$records"
change_one_percent
measure omindex-1pct omindex -s spanish --db "$odb" --url / "$records"
restore_changed
omega_db_bytes=$(du -sb "$odb" | cut -f1)

# ---- recollindex -------------------------------------------------------------------------
mkdir -p "$rconf"
cat > "$rconf/recoll.conf" << EOF
topdirs = $records
dbdir = $rconf/xapiandb
indexStemmingLanguages = spanish
loglevel = 1
EOF
measure recoll-full recollindex -c "$rconf"
measure recoll-noop recollindex -c "$rconf"
change_one_percent
measure recoll-1pct recollindex -c "$rconf"
restore_changed
recoll_db_bytes=$(du -sb "$rconf/xapiandb" | cut -f1)

# ---- the PDFs alone ----------------------------------------------------------------------
find "$records" -name '*.pdf' | sort > "$work/pdfs.list"
measure pdftotext-seq xargs -a "$work/pdfs.list" -d "\n" -I{} -P1 pdftotext -q {} /dev/null
measure pdftotext-p2 xargs -a "$work/pdfs.list" -d "\n" -I{} -P2 pdftotext -q {} /dev/null
# the same files, linked into a directory of their own (symbolic links:
# the same bytes in the page cache; a hard link would move the files'
# ctime, and a later ingest of the kept corpus would hash them all again)
mkdir -p "$work/pdf-only"
while IFS= read -r f; do ln -s "$f" "$work/pdf-only/$(basename "$f")"; done < "$work/pdfs.list"
measure puebla-pdf "$puebla" ingest --json --quiet --jobs "$JOBS" --db "$work/puebla-pdf-db" "$work/pdf-only"
fi

# ---- queries -----------------------------------------------------------------------------
# run_mix TOOL COLUMN: each query of the mix, $ROUNDS rounds after one to warm
# up, as a whole process; milliseconds into $work/TOOL.ms
run_mix() {
  local tool=$1 col=$2 round tag q a b c t0 t1 facets
  : > "$work/$tool.ms"
  for round in $(seq 0 "$ROUNDS"); do
    while IFS=$'\t' read -r tag a b c; do
      case $tag in '#'* | '' | trace) continue ;; esac
      case $col in 2) q=$a ;; 3) q=$b ;; 4) q=$c ;; esac
      facets=()
      [ "$tag" = facet ] && facets=(--facets)
      t0=$EPOCHREALTIME
      case $tool in
        puebla) "$puebla" search --db "$pdb" --limit 10 "${facets[@]}" "$q" > /dev/null 2>&1 || true ;;
        quest) quest -d "$odb" -s spanish -o and -f default,wildcard -m 10 "$q" > /dev/null 2>&1 || true ;;
        recollq) recollq -c "$rconf" -n 10 "$q" > /dev/null 2>&1 || true ;;
      esac
      t1=$EPOCHREALTIME
      [ "$round" -gt 0 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >> "$work/$tool.ms"
    done < "$mix"
  done
}
# percentiles FILE: "p50 p95 p99" of the numbers in FILE (nearest rank)
percentiles() {
  sort -g "$1" | awk '{ v[NR] = $1 }
    function at(q,  r) { r = int(q * NR + 0.999999); if (r < 1) r = 1; return v[r] }
    END { printf "%.2f %.2f %.2f\n", at(0.50), at(0.95), at(0.99) }'
}
run_mix puebla 2
read -r P50[0] P95[0] P99[0] <<< "$(percentiles "$work/puebla.ms")"
P50[1]=- P95[1]=- P99[1]=- P50[2]=- P95[2]=- P99[2]=-
if [ "$OTHERS" = 1 ]; then
  run_mix quest 3
  run_mix recollq 4
  read -r P50[1] P95[1] P99[1] <<< "$(percentiles "$work/quest.ms")"
  read -r P50[2] P95[2] P99[2] <<< "$(percentiles "$work/recollq.ms")"
fi
"$latency" --db "$pdb" --rounds "$INPROC_ROUNDS" --each "$mix" > "$work/inproc.txt"
inproc_search=$(grep '^search ' "$work/inproc.txt")
inproc_trace=$(grep '^trace ' "$work/inproc.txt")
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<< "$2"; }

# HTTP: puebla serve over the same index, wrk with bench/search-mix.lua (20
# researcher queries, facets on) for $HTTP_SECONDS s: requests/s, p50, p99
HTTP_SECONDS=${HTTP_SECONDS:-10}
http_rps=- http_p50=- http_p99=-
if command -v wrk > /dev/null; then
  "$puebla" serve --db "$pdb" --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.err" &
  serve_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2> /dev/null && break; sleep 0.1; done
  url=$(sed -n 's/.*listening on \(http:[^ ]*\)\/ .*/\1/p' "$work/serve.out")
  if [ -n "$url" ]; then
    wrk -t2 -c8 -d"${HTTP_SECONDS}s" --latency -s "$src/bench/search-mix.lua" "$url/api/search" > "$work/wrk.txt" 2>&1 || true
    read -r http_rps http_p50 http_p99 <<< "$(awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
      END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' "$work/wrk.txt")"
  fi
  kill "$serve_pid" 2> /dev/null || true
  wait "$serve_pid" 2> /dev/null || true
fi

load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ---------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b > 0) printf "%.2f", a / b; else printf "-" }'; }
{
  echo "bench/compare.sh $N: $N records (seed $SEED), $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $n_pdf PDFs ($(awk -v b="$pdf_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at start $load_start, at end $load_end"
  echo "$("$puebla" --version 2> /dev/null | head -1 || echo '?'), jobs $JOBS; $(dpkg-query -W -f '${Package} ${Version}; ' xapian-omega recollcmd poppler-utils 2> /dev/null)"
  echo
  printf '%-28s %9s %9s %8s %14s %14s %10s\n' "ingest" "wall s" "records/s" "MB/s" "RSS max MiB" "RSS tree MiB" "index MB"
  row() { # name label records db_bytes bytes; "-" for a run not made (OTHERS=0)
    if [ -z "${WALL[$1]:-}" ]; then
      printf '%-28s %9s %9s %8s %14s %14s %10s\n' "$2" - - - - - -
      return
    fi
    printf '%-28s %9.2f %9.1f %8.2f %14.1f %14.1f %10s\n' "$2" "${WALL[$1]}" \
      "$(awk -v n="$3" -v s="${WALL[$1]}" 'BEGIN { print (s > 0 ? n / s : 0) }')" \
      "$(awk -v b="$5" -v s="${WALL[$1]}" 'BEGIN { print (s > 0 ? b / 1e6 / s : 0) }')" \
      "$(awk -v k="${MAXRSS[$1]}" 'BEGIN { print k / 1024 }')" \
      "$(awk -v k="${TREERSS[$1]}" 'BEGIN { print k / 1024 }')" \
      "$(if [ -n "$4" ]; then awk -v b="$4" 'BEGIN { printf "%.1f", b / 1e6 }'; else echo -; fi)"
  }
  row puebla-full "puebla ingest, full" "$N" "$puebla_db_bytes" "$bytes"
  row puebla-noop "puebla ingest, no-op" "$N" "" "$bytes"
  row puebla-1pct "puebla ingest, 1% changed" "$N" "" "$bytes"
  row omindex-full "omindex, full" "$N" "$omega_db_bytes" "$bytes"
  row omindex-noop "omindex, no-op" "$N" "" "$bytes"
  row omindex-1pct "omindex, 1% changed" "$N" "" "$bytes"
  row recoll-full "recollindex, full" "$N" "$recoll_db_bytes" "$bytes"
  row recoll-noop "recollindex, no-op" "$N" "" "$bytes"
  row recoll-1pct "recollindex, 1% changed" "$N" "" "$bytes"
  row pdftotext-seq "pdftotext PDFs, 1 at a time" "$n_pdf" "" "$pdf_bytes"
  row pdftotext-p2 "pdftotext PDFs, xargs -P2" "$n_pdf" "" "$pdf_bytes"
  row puebla-pdf "puebla ingest, PDFs only" "$n_pdf" "" "$pdf_bytes"
  echo "(puebla full: $puebla_failed failed; puebla's own peak RSS $(awk -v k="$puebla_self_rss" 'BEGIN { printf "%.1f", k / 1024 }') MiB; 1% changed = $changed files with new content + $touched touched)"
  echo
  printf '%-34s %8s %8s %8s\n' "queries ($(grep -cv -e '^#' -e '^trace' "$mix") x $ROUNDS)" "p50 ms" "p95 ms" "p99 ms"
  printf '%-34s %8s %8s %8s\n' "puebla search (process)" "${P50[0]}" "${P95[0]}" "${P99[0]}"
  printf '%-34s %8s %8s %8s\n' "quest (process)" "${P50[1]}" "${P95[1]}" "${P99[1]}"
  printf '%-34s %8s %8s %8s\n' "recollq (process)" "${P50[2]}" "${P95[2]}" "${P99[2]}"
  printf '%-34s %8s %8s %8s\n' "puebla searcher (in process)" "$(field p50 "$inproc_search")" "$(field p95 "$inproc_search")" "$(field p99 "$inproc_search")"
  printf '%-34s %8s %8s %8s\n' "puebla trace (in process)" "$(field p50 "$inproc_trace")" "$(field p95 "$inproc_trace")" "$(field p99 "$inproc_trace")"
  echo "puebla serve, wrk -t2 -c8 ${HTTP_SECONDS}s, search mix:  $http_rps req/s, p50 $http_p50 ms, p99 $http_p99 ms"
  echo
  echo "ratios puebla / other (goal of issue 7 in brackets)"
  echo "  full ingest wall / recollindex:       $(ratio "${WALL[puebla-full]}" "${WALL[recoll-full]:-}")   [<= 0.50]"
  echo "  full ingest wall / omindex:           $(ratio "${WALL[puebla-full]}" "${WALL[omindex-full]:-}")   [<= 0.25]"
  echo "  PDFs only / pdftotext -P2:            $(ratio "${WALL[puebla-pdf]:-}" "${WALL[pdftotext-p2]:-}")   [<= 1.50]"
  echo "  PDFs only / pdftotext 1 at a time:    $(ratio "${WALL[puebla-pdf]:-}" "${WALL[pdftotext-seq]:-}")"
  echo "  no-op ingest / omindex no-op:         $(ratio "${WALL[puebla-noop]}" "${WALL[omindex-noop]:-}")   [<= 1.00]"
  echo "  no-op ingest / recollindex no-op:     $(ratio "${WALL[puebla-noop]}" "${WALL[recoll-noop]:-}")"
  echo "  1% changed / omindex 1% changed:      $(ratio "${WALL[puebla-1pct]}" "${WALL[omindex-1pct]:-}")"
  echo "  1% changed / recollindex 1% changed:  $(ratio "${WALL[puebla-1pct]}" "${WALL[recoll-1pct]:-}")"
  echo "  search p50 / quest p50:               $(ratio "${P50[0]}" "${P50[1]}")   [<= 1.00]"
  echo "  search p95 / quest p95:               $(ratio "${P95[0]}" "${P95[1]}")"
  echo "  search p50 / recollq p50:             $(ratio "${P50[0]}" "${P50[2]}")"
  echo "  peak RSS tree / recollindex:          $(ratio "${TREERSS[puebla-full]}" "${TREERSS[recoll-full]:-}")"
  echo "  peak RSS tree / omindex:              $(ratio "${TREERSS[puebla-full]}" "${TREERSS[omindex-full]:-}")"
  echo "  index size / omindex:                 $(ratio "$puebla_db_bytes" "$omega_db_bytes")"
  echo "  index size / recollindex:             $(ratio "$puebla_db_bytes" "$recoll_db_bytes")"
  echo "  in-process search p99:                $(field p99 "$inproc_search") ms   [< 5 ms at 100k]"
  echo "  puebla peak RSS (own + workers):      $(awk -v k="${TREERSS[puebla-full]}" 'BEGIN { printf "%.0f", k / 1024 }') MiB   [< 300 MiB at 100k]"
  echo
  echo "slowest in-process queries (median ms):"
  grep '^  ' "$work/inproc.txt" | head -8
} | tee "$report"
echo "compare.sh: written to $report" >&2
