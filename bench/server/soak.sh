#!/usr/bin/env bash
# Soak test of `tamis serve`: a mix of routes with wrk for SECONDS (default 600), the server's RSS
# sampled every 30 s. Zero errors and a flat RSS are the goal.
#   bash bench/server/soak.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build/dev}"
SECS="${2:-600}"
CONNS="${3:-8}"
SHARED="${TAMIS_SHARED_DATA:-$ROOT/../shared/data}"
TMP="$(mktemp -d /tmp/tamis-soak.XXXXXX)"
SERVER=""
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$BUILD/bench/server/bench_api" --data "$TMP/data" --shared "$SHARED" --bodies-out "$TMP/bodies.jsonl" \
  --key-out "$TMP/key" --key-role supervisor --threads 1 --seconds 1 >/dev/null
"$BUILD/tools/tamis/tamis" --data "$TMP/data" -q serve --port 0 --port-file "$TMP/port" &
SERVER=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT="$(cat "$TMP/port")"
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
wrk -t1 -c"$CONNS" -d"${SECS}s" -s "$ROOT/bench/server/soak.lua" "http://127.0.0.1:$PORT" -- "$TMP/bodies.jsonl" "$(cat "$TMP/key")" \
  > "$TMP/wrk.out" &
WRK=$!
START_RSS=""
while kill -0 $WRK 2>/dev/null; do
  sleep 30
  R=$(rss)
  [ -z "$START_RSS" ] && START_RSS=$R
  echo "{\"t\":$SECONDS,\"server_rss_kb\":$R}"
done
wait $WRK || true
tail -1 "$TMP/wrk.out"
echo "{\"server_rss_kb_first_sample\":$START_RSS,\"server_rss_kb_end\":$(rss),\"connections\":$CONNS}"
