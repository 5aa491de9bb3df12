#!/usr/bin/env bash
# Configures and builds into ./build (incremental; ccache when available).
set -euo pipefail
cd "$(dirname "$0")/.."
# Quiet, but for what is left out (the VS Code extension's .vsix without npm).
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo | { grep -F "is skipped" || true; }
cmake --build build -j "$(nproc)"
