#!/usr/bin/env bash
# Every test: Catch2 (native core), node --test against the built package,
# and browser tests in Debian's Chromium. Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== core (Catch2 via ctest)"
ctest --test-dir build/native --output-on-failure --no-tests=error -j"$(nproc)"

echo "== package (node --test) and browser (Chromium)"
node --test --test-concurrency=2 tests/js/ tests/browser/

# Floods measure an honest client's latency under attack: alone, so that no
# other test's load is counted as the relay's.
echo "== relay under flood (node --test, alone)"
node --test tests/flood/
