#!/usr/bin/env bash
# Installs dependencies, builds everything with tests, and runs the whole test suite.
# Tests that need ../shared/data skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD=${TAMIS_BUILD_DIR:-build/ci}
JOBS=${TAMIS_JOBS:-$(nproc)}
cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAMIS_BUILD_TESTS=ON \
  -DTAMIS_BUILD_BENCHMARKS=ON -DTAMIS_WERROR=OFF
cmake --build "$BUILD" -j "$JOBS"
cd "$BUILD"
ctest --output-on-failure -j "$JOBS" --timeout 600
