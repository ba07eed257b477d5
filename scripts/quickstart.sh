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
  # One unreachable source must not stop the demo; the others are imported.
  "$TAMIS" --progress lists update || echo "(some lists could not be updated; see the messages above)"
fi
"$TAMIS" lists

echo "== 2. screening examples/screen-sample.csv (JSON Lines, one line per record) =="
"$TAMIS" screen examples/screen-sample.csv --limit 3
"$TAMIS" screen --name "Usama bin Muhammad bin Awad bin Ladin" --limit 1 --no-explain

echo "== 3. media: PDQ hashes against a hash list =="
if [ -d "$SHARED/media/pdq/images" ]; then
  IMAGES="$SHARED/media/pdq/images/pdq-data"
  LIST=$(mktemp --suffix=.csv)
  # A stand-in for a shared list of known content: the hash of one original photo.
  { echo "hash,type,tags,label"; "$TAMIS" media hash "$IMAGES/bridge-mods/aaa-orig.jpg" | \
      awk -F, '{print $1 ",pdq,source:quickstart;kind:demo,bridge original"}'; } > "$LIST"
  "$TAMIS" media import "$LIST" --source quickstart-demo
  rm -f "$LIST"
  # Edited copies (blur, crop, resize) and rotated/flipped copies are all found.
  "$TAMIS" media match "$IMAGES/bridge-mods" "$IMAGES/reg-test-input/dih" --dihedral | cut -c1-200
else
  echo "(no sample images: $SHARED/media/pdq/images not found)"
fi
