#!/usr/bin/env bash
# Quick start: installs the Debian packages, builds Tamis, fills the default store with
# the sanctions lists and runs the main jobs end to end on it:
#   1. lists: take the lists from ../shared/data/lists when present (offline), else download
#      the official UN, OFAC, EU and UK lists over HTTPS;
#   2. screen: a batch of payment parties (examples/screen-sample.csv) -> JSON Lines hits;
#   3. media: hash the sample images and match them against a hash list.
# The store is the default one ($XDG_DATA_HOME/tamis or ~/.local/share/tamis) unless
# TAMIS_DATA is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD=${TAMIS_BUILD_DIR:-build/release}
cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTAMIS_BUILD_TESTS=OFF -DTAMIS_BUILD_BENCHMARKS=OFF
cmake --build "$BUILD" -j "$(nproc)" --target tamis
TAMIS="$BUILD/tools/tamis/tamis"
SHARED=${TAMIS_SHARED_DATA:-../shared/data}

echo "== 1. sanctions lists =="
if [ -d "$SHARED/lists" ]; then
  "$TAMIS" --progress lists update --from "$SHARED/lists"
else
  "$TAMIS" --progress lists update
fi
"$TAMIS" lists

echo "== 2. screening examples/screen-sample.csv =="
if "$TAMIS" screen --help >/dev/null 2>&1; then
  "$TAMIS" screen examples/screen-sample.csv --limit 3
fi

echo "== 3. media =="
if "$TAMIS" media --help >/dev/null 2>&1 && [ -d "$SHARED/media/pdq" ]; then
  "$TAMIS" media import "$SHARED/media/pdq/hashlists/reg-test-input/haystack.txt" --source demo-hashes
  "$TAMIS" media hash "$SHARED/media/pdq/images/pdq-data/bridge-mods"
  "$TAMIS" media match "$SHARED/media/pdq/images/pdq-data/bridge-mods" --dihedral
fi
