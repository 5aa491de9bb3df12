#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the unit and golden tests (ctest) and the
# shared conformance cases, the examples and the editor extension. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
# The VS Code extension's type check and grammar tests need its pinned npm packages.
(cd vscode-extension && npm ci --no-audit --no-fund --loglevel=error)
(cd build && ctest --output-on-failure -j "$(nproc)")
