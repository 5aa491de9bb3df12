#!/usr/bin/env bash
# clang-tidy (.clang-tidy) over the project's own sources, on every core; prints each finding and exits 1
# when there is one. Needs a configured build (compile_commands.json): JIXIAO_BUILD_DIR, default build.
# Not part of the test command: it takes about 6 minutes on 2 cores. `scripts/tidy.sh FILE...` checks
# only those files.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${JIXIAO_BUILD_DIR:-build}
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: run scripts/build.sh first" >&2; exit 1; }
if [ $# -gt 0 ]; then
  files=("$@")
else
  # Not the two files that include the ANTLR parser: clang 14 cannot parse Debian's ANTLR runtime
  # headers (a deleted default constructor in InterpreterDataReader.h that GCC accepts).
  mapfile -t files < <(git ls-files '*.cpp' | grep -E '^(base|compiler|runtime|cli|lsp|stdlib|report|testing)/' |
    grep -v -E '^compiler/syntax/(parse|build_ast)\.cpp$')
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet >"$log" 2>/dev/null || true
grep -E '(warning|error): ' "$log" | sort -u || true
n=$(grep -cE '(warning|error): ' "$log" || true)
echo "clang-tidy: $n finding(s) in ${#files[@]} file(s)"
[ "$n" -eq 0 ]
