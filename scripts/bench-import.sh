#!/usr/bin/env bash
# Import benchmark: wall time and peak memory (max RSS) of `tamis lists import` per source and
# for a synthetic list of N entities (default 1,000,000), each into a fresh store, with a
# baseline in the same run: the sqlite3 shell loading the same file's rows into a table
# (`.import`, no parsing into entities, no JSON) -- the floor for "get these bytes into SQLite".
#   scripts/bench-import.sh [BUILD_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
N=${2:-1000000}
SHARED=${TAMIS_SHARED_DATA:-../shared/data}
TAMIS=$BUILD/tools/tamis/tamis
SYNTH=$BUILD/bench/lists/synth_watchlist
[ -x "$TAMIS" ] && [ -x "$SYNTH" ] || { echo "build first: cmake --build $BUILD --target tamis synth_watchlist"; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

measure() {  # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
  read -r secs user sys kb < "$WORK/time"
  printf "| %-40s | %8.2f | %8.2f | %8.1f |\n" "$label" "$secs" "$(echo "$user+$sys" | bc -l)" "$(echo "$kb/1024" | bc -l)"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| import | wall s | CPU s (user+sys) | peak MiB |"
echo "|---|---:|---:|---:|"
measure "un (1,003 entities)" "$TAMIS" -q --data "$WORK/s1" lists import "$SHARED/lists/un/UN_consolidated.xml"
measure "ofac (14,965 entities)" "$TAMIS" -q --data "$WORK/s2" lists import "$SHARED/lists/ofac/2024-05/sdn.csv" \
  "$SHARED/lists/ofac/2025-01/alt.csv" "$SHARED/lists/ofac/2025-01/add.csv" "$SHARED/lists/ofac/2025-01/sdn_comments.csv"
measure "eu (5 entities)" "$TAMIS" -q --data "$WORK/s3" lists import "$SHARED/lists/eu/sample_eu_fsf.xml"
measure "uk (41 entities)" "$TAMIS" -q --data "$WORK/s4" lists import "$SHARED/lists/uk/ConList-sample.csv"
measure "opensanctions senzing (1,319)" "$TAMIS" -q --data "$WORK/s5" lists import "$SHARED/lists/opensanctions/us_congress_senzing.json"
"$SYNTH" --shared "$SHARED" --count "$N" --out "$WORK/synth.csv" 2>"$WORK/synth.log"
measure "synthetic $N (tamis lists import)" "$TAMIS" -q --data "$WORK/s6" lists import "$WORK/synth.csv" --source synth
measure "baseline: sqlite3 .import same CSV" sqlite3 "$WORK/base.db" ".mode csv" ".import $WORK/synth.csv t"
cat "$WORK/synth.log"
