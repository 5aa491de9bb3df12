#!/usr/bin/env bash
# Configures and builds into ./build (incremental; ccache when available).
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hits across checkouts and build folders (CI builds a fresh clone): paths relative to the checkout,
# and the working folder left out of the hash of objects with debug information.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
build_dir=${JIXIAO_BUILD_DIR:-build}
# Quiet, but for what is left out (the VS Code extension's .vsix without npm).
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" | { grep -F "is skipped" || true; }
cmake --build "$build_dir" -j "$(nproc)"
