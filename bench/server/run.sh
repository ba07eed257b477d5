#!/usr/bin/env bash
# Load benchmark of `tamis serve` with wrk, beside the in-process baseline in the same run.
#   bash bench/server/run.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]
# Fills a temporary store with UN + OFAC from ../shared/data, measures the engine and the API in
# process (bench_api), then POST /v1/screen single-party requests over keep-alive with wrk.
# Prints JSON lines: the in-process figures, wrk's figures, the server's RSS before and after.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build/dev}"
SECS="${2:-20}"
CONNS="${3:-16}"
SHARED="${TAMIS_SHARED_DATA:-$ROOT/../shared/data}"
TMP="$(mktemp -d /tmp/tamis-bench-server.XXXXXX)"
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
SERVER=""
"$BUILD/bench/server/bench_api" --data "$TMP/data" --shared "$SHARED" --bodies-out "$TMP/bodies.jsonl" \
  --key-out "$TMP/key" --threads 2 --seconds "${INPROC_SECONDS:-10}"
"$BUILD/tools/tamis/tamis" --data "$TMP/data" -q serve --port 0 --port-file "$TMP/port" --threads "$CONNS" 2>"$TMP/serve.log" &
SERVER=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT="$(cat "$TMP/port")"
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
# Warm-up, then the measured run.
wrk -t1 -c"$CONNS" -d3s -s "$ROOT/bench/server/screen.lua" "http://127.0.0.1:$PORT" -- "$TMP/bodies.jsonl" "$(cat "$TMP/key")" >/dev/null
echo "{\"server_rss_kb_before\":$(rss)}"
wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s "$ROOT/bench/server/screen.lua" "http://127.0.0.1:$PORT" -- "$TMP/bodies.jsonl" "$(cat "$TMP/key")" | tail -1
echo "{\"server_rss_kb_after\":$(rss),\"connections\":$CONNS,\"server_threads\":$CONNS}"
