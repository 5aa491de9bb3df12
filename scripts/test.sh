#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the unit and golden tests (ctest) and the
# shared conformance cases, the examples and the editor extension. Ends with ctest's summary.
# The build installs the VS Code extension's pinned npm packages (`npm ci`, only when node_modules is
# missing or older than the lockfile) and packages build/jixiao-perf-<version>.vsix, which ctest checks.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
