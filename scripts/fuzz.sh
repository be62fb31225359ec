#!/bin/sh
# Runs puebla's libFuzzer harnesses (fuzz/, docs/fuzzing.md) one after
# another: configures and builds build-fuzz with clang (-DPUEBLA_FUZZ=ON:
# libFuzzer, ASan, UBSan), then gives each harness SECONDS (default 600)
# on its seed corpus fuzz/corpus/<name>/ and its dictionary fuzz/<name>.dict.
#
#   scripts/fuzz.sh [--merge] [SECONDS] [HARNESS…]   (default: all)
#
# New inputs go to build-fuzz/corpus/<name>/ (the repository's corpus is only
# read); crashes to build-fuzz/crashes/<name>/. With --merge, the new inputs
# that add coverage are minimized into fuzz/corpus/<name>/ (libFuzzer
# -merge=1) for a commit. Prints, per harness: executions, exec/s,
# coverage (cov: edges, ft: features), corpus size and crashes; the same
# table is kept in build-fuzz/summary.txt. Exit status 1 when a harness
# crashed. One fuzzer at a time: a lock stops a second run of the script.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

all="charset dates entities segment query"
merge=0
seconds=600
if [ "${1:-}" = "--merge" ]; then merge=1; shift; fi
case "${1:-}" in
  ''|*[!0-9]*) ;;
  *) seconds=$1; shift ;;
esac
harnesses=${*:-$all}
for h in $harnesses; do
  case " $all " in
    *" $h "*) ;;
    *) echo "fuzz.sh: no harness '$h' (harnesses: $all)" >&2; exit 2 ;;
  esac
done

# the longest input worth trying, per harness: a query or a date is short,
# a page of text is not
max_len () {
  case $1 in
    dates|query) echo 256 ;;
    entities) echo 1024 ;;
    *) echo 4096 ;;
  esac
}

command -v clang >/dev/null || { echo "fuzz.sh: clang is missing (scripts/install-deps.sh)" >&2; exit 2; }
build="build-fuzz"
mkdir -p "$build"
exec 9>"$build/.fuzz.lock"
flock -n 9 || { echo "fuzz.sh: another fuzz.sh is running (one fuzzer at a time)" >&2; exit 2; }

echo "== configure and build $build (clang, libFuzzer + ASan + UBSan)"
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPUEBLA_FUZZ=ON \
  -DPUEBLA_BUILD_TESTS=OFF >/dev/null
targets=""
for h in $harnesses; do targets="$targets --target fuzz-$h"; done
# shellcheck disable=SC2086
cmake --build "$build" -j2 $targets

summary="$build/summary.txt"
printf '%-9s %7s %10s %8s %6s %7s %6s %7s\n' harness seconds execs exec/s cov ft corpus crashes >"$summary.new"
failed=0
for h in $harnesses; do
  bin="$build/fuzz/fuzz-$h"
  new="$build/corpus/$h"
  crashes="$build/crashes/$h"
  log="$build/fuzz-$h.log"
  mkdir -p "$new" "$crashes"
  dict=""
  [ -f "fuzz/$h.dict" ] && dict="-dict=fuzz/$h.dict"
  echo "== fuzz-$h: ${seconds}s (log: $log)"
  # libFuzzer writes new inputs into the first directory only
  set +e
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 LSAN_OPTIONS=suppressions="$top/fuzz/lsan.supp" \
    "$bin" -max_total_time="$seconds" -max_len="$(max_len "$h")" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$crashes/" $dict "$new" "fuzz/corpus/$h" >"$log" 2>&1
  status=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
  cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
  found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    echo "fuzz-$h: stopped with status $status; inputs in $crashes/; the report:"
    grep -E 'ERROR|invariant failed|SUMMARY|runtime error' "$log" | head -n 5
  fi
  printf '%-9s %7s %10s %8s %6s %7s %6s %7s\n' "$h" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$found" >>"$summary.new"

  if [ "$merge" -eq 1 ]; then
    echo "== merge new coverage of fuzz-$h into fuzz/corpus/$h"
    # shellcheck disable=SC2086
    "$bin" -merge=1 -max_len="$(max_len "$h")" $dict "fuzz/corpus/$h" "$new" >"$build/merge-$h.log" 2>&1 \
      || { echo "fuzz.sh: merge of $h failed (see $build/merge-$h.log)" >&2; failed=1; }
    grep -E 'MERGE-OUTER: [0-9]+ new files' "$build/merge-$h.log" || true
  fi
done
mv "$summary.new" "$summary"
echo
cat "$summary"
exit "$failed"
