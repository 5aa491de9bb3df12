#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build, and run the example
# project end to end (check the rules, then evaluate them over the example's events into results.db).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
example=examples/battery-plant
echo "== jixiao check $example"
./build/jixiao check "$example"
echo "== jixiao fmt --check $example"
./build/jixiao fmt --check "$example"
echo "== jixiao run $example --data $example/data --out build/results.db"
./build/jixiao run "$example" --data "$example/data" --out build/results.db
