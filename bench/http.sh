#!/bin/sh
# http.sh: wrk against `puebla serve` over an index of corpus/records × COPIES.
#   1. reference: GET /api/health (no index work) — the ceiling of this machine;
#   2. the search mix (search-mix.lua: 20 researcher queries, facets on);
#   3. the same mix while IDLE connections are open and silent.
# Prints requests/s and latency percentiles of each, and the ratios to 1 and 2.
# Run from the top of the tree after building: bench/http.sh
# Knobs (environment): BUILD=build COPIES=200 DURATION=20s THREADS=2 CONNS=16
#   IDLE=1000 SERVE_FLAGS="--connections 2048 --timeout 60"
set -eu
BUILD=${BUILD:-build}
COPIES=${COPIES:-200}
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-16}
IDLE=${IDLE:-1000}
SERVE_FLAGS=${SERVE_FLAGS:---connections 2048 --timeout 60}
puebla=$BUILD/query/puebla
idle_bin=$BUILD/bench/idle-connections
command -v wrk >/dev/null || { echo "http.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
[ -x "$puebla" ] && [ -x "$idle_bin" ] || { echo "http.sh: build first ($puebla, $idle_bin)" >&2; exit 2; }

work=$(mktemp -d /tmp/puebla-bench-http-XXXXXX)
server=""
idle=""
cleanup() {
  [ -n "$idle" ] && kill "$idle" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

bench/make-corpus.sh corpus/records "$COPIES" "$work/corpus"
"$puebla" ingest -q --db "$work/db" "$work/corpus"
# shellcheck disable=SC2086
"$puebla" serve --db "$work/db" --listen 127.0.0.1:0 $SERVE_FLAGS > "$work/serve.out" 2> "$work/serve.err" &
server=$!
i=0
until grep -q "listening on" "$work/serve.out" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || { cat "$work/serve.err" >&2; exit 1; }; sleep 0.1
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\)\/ .*/\1/p' "$work/serve.out")
echo "http.sh: $(nproc) cores, serve $SERVE_FLAGS at $url, wrk -t$THREADS -c$CONNS -d$DURATION"

# run NAME wrk-args…: prints one line and keeps rps/p50/p99 in $work/NAME
run() {
  name=$1; shift
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" > "$work/$name.wrk" 2>&1
  awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF } /Socket errors/ { err = $0 }
    END { printf "%-12s %9.0f req/s   p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms   non-2xx %s %s\n",
                 name, rps, p50, p90, p99, bad ? bad : 0, err
          printf "%s %s %s\n", rps, p50, p99 > ("'"$work"'/" name ".fig") }' "$work/$name.wrk"
}

run health "$url/api/health"
run search "$url/api/search" -s bench/search-mix.lua
"$idle_bin" 127.0.0.1 "${url##*:}" "$IDLE" > "$work/idle.out" &
idle=$!
sleep 1
cat "$work/idle.out"
run search+idle "$url/api/search" -s bench/search-mix.lua
kill "$idle"; idle=""

awk 'FNR == 1 { k++; rps[k] = $1; p50[k] = $2; p99[k] = $3 }
     END { printf "search/health req/s %.3f;  search+idle/search: req/s %.3f, p50 %.2f, p99 %.2f\n",
                  rps[2] / rps[1], rps[3] / rps[2], p50[3] / p50[2], p99[3] / p99[2] }' \
  "$work/health.fig" "$work/search.fig" "$work/search+idle.fig"
