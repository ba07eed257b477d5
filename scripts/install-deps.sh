#!/usr/bin/env bash
# Installs the Debian 12 packages Tamis builds and tests with. Idempotent: when every
# package is already installed it does nothing (no network). Run as root.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  ccache                                 # compiler cache (used when present; speeds rebuilds)
  clang-14 libclang-rt-14-dev            # fuzzers (libFuzzer) and sanitizers
  libicu-dev                             # Unicode normalisation, transliteration
  libpugixml-dev                         # XML lists (UN, EU)
  libsimdjson-dev                        # JSON lists, config
  libsqlite3-dev sqlite3                 # the embedded store
  libcurl4-openssl-dev libssl-dev        # list downloads (HTTPS), SHA-256/MD5
  openssl                                # test certificates for tamis serve --tls-cert
  libjpeg62-turbo-dev libpng-dev libwebp-dev libgif-dev   # image decoding for PDQ
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev  # video decoding for vPDQ
  libcli11-dev libfmt-dev libspdlog-dev  # command line, formatting, logs
  libcpp-httplib-dev                     # HTTP parsing helpers, test client
  libboost-dev                           # Boost.Beast/Asio: the event-loop HTTP front of tamis serve
  wrk time                               # HTTP load benchmark of tamis serve (and its CPU time)
  libgtest-dev libgmock-dev libbenchmark-dev              # tests and benchmarks
  libfaiss-dev                           # FAISS baseline in the hash-index benchmark
  postgresql postgresql-contrib          # pg_trgm baseline; the PostgreSQL store backend
  libpq-dev                              # PostgreSQL client library (store backend)
  chromium                               # headless browser for the web UI's end-to-end tests
  pybind11-dev python3-dev               # the Python module `tamis`
  python3-distributed python3-pandas python3-pytest  # Dask batch screening and its tests
)

# Node.js and npm (for playwright-core, the web UI's browser tests): Debian's packages when the
# machine has no node/npm of its own (a node from elsewhere, which brings its own npm, is kept).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
