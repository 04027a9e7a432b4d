#!/usr/bin/env bash
# Builds the native core + tests + benchmark tools (build/native) and the
# wasm module (build/wasm -> js/generated/), then bundles the package's
# entries (js/generated/bundle/). Incremental: cmake rebuilds only what
# changed.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

if [ ! -f build/native/CMakeCache.txt ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/native -j"$jobs"

# Emscripten 3.1.6 on Debian needs Debian's node modules (acorn) for -O2+.
export NODE_PATH=/usr/share/nodejs
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/wasm -j"$jobs"

# The package's entry points as apps import them (scripts/bundle.mjs).
node scripts/bundle.mjs
