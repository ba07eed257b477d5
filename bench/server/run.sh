#!/usr/bin/env bash
# Load benchmark of `tamis serve` with wrk, beside the in-process baseline in the same run.
#   bash bench/server/run.sh [BUILD_DIR] [SECONDS] [CONNECTIONS] [ENGINES]
# Fills a temporary store with UN + OFAC from ../shared/data, measures the engine and the API in
# process (bench_api), then POST /v1/screen single-party requests over keep-alive with wrk against
# each HTTP engine in ENGINES (default "beast httplib": the event-loop front and cpp-httplib's
# thread-per-connection front, the baseline).
# Environment: WRK_CPU=N pins wrk to CPU N and SERVER_CPUS=LIST pins the server (taskset), for
# runs where the load generator must not share the server's cores; unset, both float over all.
# Prints JSON lines: the in-process figures, wrk's figures per engine, the server's RSS before
# and after each run, and the CPU time the server and wrk spent per request (from /proc and
# /usr/bin/time): on a shared, loaded machine the rate depends on what else runs, the CPU cost
# per request much less, and 2 cores / (server + wrk CPU per request) is the rate two dedicated
# cores would give.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build/dev}"
SECS="${2:-20}"
CONNS="${3:-16}"
ENGINES="${4:-beast httplib}"
SHARED="${TAMIS_SHARED_DATA:-$ROOT/../shared/data}"
TMP="$(mktemp -d /tmp/tamis-bench-server.XXXXXX)"
SERVER=""
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$BUILD/bench/server/bench_api" --data "$TMP/data" --shared "$SHARED" --bodies-out "$TMP/bodies.jsonl" \
  --key-out "$TMP/key" --threads 2 --seconds "${INPROC_SECONDS:-10}"
WRK=(wrk)
[ -n "${WRK_CPU:-}" ] && WRK=(taskset -c "$WRK_CPU" wrk)
SRV=()
[ -n "${SERVER_CPUS:-}" ] && SRV=(taskset -c "$SERVER_CPUS")
for ENGINE in $ENGINES; do
  THREADS=0
  [ "$ENGINE" = httplib ] && THREADS="$CONNS"  # a thread per connection
  rm -f "$TMP/port"
  "${SRV[@]}" "$BUILD/tools/tamis/tamis" --data "$TMP/data" -q serve --engine "$ENGINE" --port 0 --port-file "$TMP/port" \
    --threads "$THREADS" 2>"$TMP/serve.log" &
  SERVER=$!
  for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
  PORT="$(cat "$TMP/port")"
  rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
  cpu() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) / t}' "/proc/$SERVER/stat"; }
  # Warm-up, then the measured run.
  "${WRK[@]}" -t1 -c"$CONNS" -d3s -s "$ROOT/bench/server/screen.lua" "http://127.0.0.1:$PORT" -- "$TMP/bodies.jsonl" "$(cat "$TMP/key")" >/dev/null
  BEFORE=$(rss)
  CPU0=$(cpu)
  LINE=$(/usr/bin/time -f '%U %S' -o "$TMP/wrk.time" "${WRK[@]}" -t1 -c"$CONNS" -d"${SECS}s" --latency -s "$ROOT/bench/server/screen.lua" "http://127.0.0.1:$PORT" -- \
    "$TMP/bodies.jsonl" "$(cat "$TMP/key")" | tail -1)
  CPU1=$(cpu)
  REQS=$(echo "$LINE" | sed 's/.*"requests":\([0-9]*\).*/\1/')
  COST=$(awk -v a="$CPU0" -v b="$CPU1" -v n="$REQS" -v w="$(awk '{print $1 + $2}' "$TMP/wrk.time")" \
    'BEGIN { s = (b - a) * 1e6 / n; c = w * 1e6 / n; printf "\"server_cpu_us_per_request\":%.1f,\"wrk_cpu_us_per_request\":%.1f,\"rps_on_2_dedicated_cores\":%.0f", s, c, 2e6 / (s + c) }')
  echo "{\"engine\":\"$ENGINE\",$COST,\"connections\":$CONNS,\"server_threads\":$THREADS,\"server_rss_kb_before\":$BEFORE,\"server_rss_kb_after\":$(rss),\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"wrk\":$LINE}"
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
done
