#!/usr/bin/env bash
# Builds every libFuzzer target with clang, AddressSanitizer and UndefinedBehaviorSanitizer,
# and runs each for SECONDS (default 60), seeded from ../shared/data (seeds are copied to a
# temporary corpus, never into the tree). Prints one line per fuzzer: runs, coverage, result.
#   scripts/fuzz.sh [SECONDS] [NAME_FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
FILTER=${2:-}
SHARED=${TAMIS_SHARED_DATA:-../shared/data}
BUILD=${TAMIS_FUZZ_BUILD_DIR:-build/fuzz}
bash scripts/install-deps.sh >/dev/null
CC=clang CXX=clang++ cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTAMIS_BUILD_FUZZERS=ON -DTAMIS_BUILD_TESTS=OFF -DTAMIS_BUILD_BENCHMARKS=OFF \
  -DTAMIS_SANITIZE=address,undefined >/dev/null
mapfile -t FUZZERS < <(cut -d' ' -f1 "$BUILD/fuzzers.txt" | grep -- "${FILTER}" || true)
cmake --build "$BUILD" -j "$(nproc)" --target "${FUZZERS[@]}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
seeds() {  # fuzzer name -> seed files
  case "$1" in
    *un_xml*) echo "$SHARED/lists/un/UN_consolidated.xml" ;;
    *eu_xml*) echo "$SHARED/lists/eu/sample_eu_fsf.xml" ;;
    *uk_conlist*) echo "$SHARED/lists/uk/ConList-sample.csv" ;;
    *ofac*) head -c 20000 "$SHARED/lists/ofac/2024-05/sdn.csv" > "$WORK/ofac-head.csv"; echo "$WORK/ofac-head.csv" ;;
    *ftm*) ls "$SHARED"/lists/opensanctions/*/entities.ftm.json ;;
    *senzing*) head -n 20 "$SHARED/lists/opensanctions/us_congress_senzing.json" > "$WORK/sz.json"; echo "$WORK/sz.json" ;;
    *watchlist*|*records*) ls "$SHARED"/names/positives_un_untreated.csv ;;
    *decode*|*image*) ls "$SHARED"/media/pdq/images/pdq-data/misc-images/*.jpg "$SHARED"/media/pdq/synthetic/*4x4*.png 2>/dev/null || true ;;
    *hashlist*|*mih*) ls "$SHARED"/media/pdq/hashlists/reg-test-input/short*.dat ;;
    *paxlst*) ls "$SHARED"/travel/gtas_apis_* "$SHARED"/travel/smooks_*PAXLST* ;;
    *pnrgov*) ls "$SHARED"/travel/gtas_pnr_* | grep -v pnrWithBags ;;
    *iso20022*) ls "$SHARED"/payments/*.xml "$SHARED"/payments/ballerina_mt103_pacs008/*.xml ;;
    *fuzz_mt*) ls "$SHARED"/payments/*.fin "$SHARED"/payments/*.rje "$SHARED"/payments/ballerina_mt103_pacs008/*.fin ;;
    *travel_input*) ls "$SHARED"/travel/gtas_apis_Test1.txt "$SHARED"/travel/gtas_pnr_pnrWithDoco.txt
             grep -v '^#' "$SHARED/travel/mrz_samples_cheminfo.txt" | cut -f3 | head -5 | tr '|' '\n' > "$WORK/mrz-lines"
             echo "$WORK/mrz-lines" ;;
    *mrz*) i=0; grep -v '^#' "$SHARED/travel/mrz_samples_cheminfo.txt" | cut -f3 | while read -r m; do
             echo "$m" | tr '|' '\n' > "$WORK/mrz-$i"; i=$((i + 1)); done; ls "$WORK"/mrz-* ;;
    *api_request*) printf '\001/v1/screen\n{"name":"Aiman al-Zawahiri","dob":"1951","threshold":0.8}' > "$WORK/api-1"
                   printf '\001/match/default?limit=3\n{"queries":{"q":{"schema":"Person","properties":{"name":["x"]}}}}' > "$WORK/api-2"
                   printf '\005/reconcile\nqueries=%%7B%%22q0%%22%%3A%%7B%%22query%%22%%3A%%22x%%22%%7D%%7D' > "$WORK/api-3"
                   printf '\001/v1/alerts/1/decision\n{"action":"propose","decision":"true_match","reason":"r"}' > "$WORK/api-4"
                   ls "$WORK"/api-* ;;
    *) ls "$SHARED"/names/cross_script_pairs.csv ;;
  esac
}
printf "%-28s %10s %8s  %s\n" fuzzer runs cov result
status=0
for f in "${FUZZERS[@]}"; do
  bin=$(grep "^$f " "$BUILD/fuzzers.txt" | cut -d' ' -f2)
  corpus="$WORK/corpus-$f"
  mkdir -p "$corpus"
  for s in $(seeds "$f"); do [ -f "$s" ] && cp "$s" "$corpus/"; done
  if "$bin" "$corpus" -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=3072 -print_final_stats=1 \
      -artifact_prefix="$WORK/$f-" >"$WORK/$f.log" 2>&1; then result=clean; else result="FOUND (see below)"; status=1; fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$WORK/$f.log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$WORK/$f.log" | tail -1 | grep -o '[0-9]*' || echo '?')
  printf "%-28s %10s %8s  %s\n" "$f" "$runs" "$cov" "$result"
  if [ "$result" != clean ]; then grep -A30 -E 'ERROR|runtime error' "$WORK/$f.log" | head -40; ls "$WORK"/$f-* 2>/dev/null || true; fi
done
exit $status
