#!/usr/bin/env bash
# Installs dependencies, builds everything with tests, and runs the whole test suite.
# Tests that need ../shared/data skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The web interface's browser tests (ctest web.e2e): playwright-core, pinned in web/package-lock.json,
# from the npm registry. Without it the test skips with a message.
if command -v npm >/dev/null 2>&1; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error) || echo "test.sh: npm ci in web/ failed: web.e2e will skip" >&2
fi
BUILD=${TAMIS_BUILD_DIR:-build/ci}
JOBS=${TAMIS_JOBS:-$(nproc)}
cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAMIS_BUILD_TESTS=ON \
  -DTAMIS_BUILD_BENCHMARKS=ON -DTAMIS_WERROR=OFF
cmake --build "$BUILD" -j "$JOBS"
cd "$BUILD"
ctest --output-on-failure -j "$JOBS" --timeout 600
