#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the unit and golden tests (ctest) and the
# shared conformance cases, the examples and the editor extension. Then a second build, build-asan,
# with AddressSanitizer and UndefinedBehaviorSanitizer (JIXIAO_SANITIZE; docs/decisions.md, 39) runs the
# same tests but the editor extension's: a sanitizer report
# anywhere, in a test binary or in a `jixiao` a test started, fails the run. The first run that fails
# stops the script (exit 1).
# Ends with `tests: N passed, M failed`, both runs summed, after each run's ctest summary.
# The build installs the VS Code extension's pinned npm packages (`npm ci`, only when node_modules is
# missing or older than the lockfile) and packages build/jixiao-perf-<version>.vsix, which ctest checks.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh

passed=0 failed=0
summary() { echo "tests: $passed passed, $failed failed"; }
# ctest_in DIR [ctest arguments]: ctest with its own output and summary; its counts are added to the
# totals (a ctest that failed without a summary counts as one failure). Returns ctest's status.
ctest_in() {
  local dir=$1 log rc=0 counts f n
  shift
  log=$(mktemp)
  (cd "$dir" && ctest --output-on-failure -j "$(nproc)" "$@") | tee "$log" || rc=$?
  counts=$(sed -nE 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1 \2/p' "$log" | tail -1)
  rm -f "$log"
  if [ -n "$counts" ]; then
    read -r f n <<<"$counts"
    failed=$((failed + f)) passed=$((passed + n - f))
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
  elif [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
  fi
  return "$rc"
}
ctest_in build || { summary; exit 1; }

# The sanitizer build: everything but the .vsix. ASan's reports go to files, so that one from a `jixiao`
# that a test script started, or whose stderr a test throws away, is not lost: each is printed and fails
# the run. UBSan (GCC's separate runtime) can only write to stderr; it aborts with exit 99, which no
# test expects.
JIXIAO_BUILD_DIR=build-asan ./scripts/build.sh -DJIXIAO_SANITIZE=ON -DJIXIAO_VSCODE_EXTENSION=OFF
reports=$PWD/build-asan/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
asan="detect_leaks=1:exitcode=99:log_path=$reports/asan:log_exe_name=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=99"
# Not here: the editor extension's tests (no C++). The JIT's random differential test gets 10 s
# instead of 20: its programs are 3x slower here.
status=0
ASAN_OPTIONS=$asan JIXIAO_JIT_FUZZ_SECONDS=10 ctest_in build-asan --timeout 900 -E '^vscode_extension\.' || status=1
if [ -n "$(ls -A "$reports")" ]; then
  for r in "$reports"/*; do echo "---- sanitizer report ${r#"$PWD"/}"; cat "$r"; done
  if [ "$status" -eq 0 ]; then
    echo "sanitizer reports (above) from tests that passed: counted as one failure"
    failed=$((failed + 1)) status=1
  fi
fi
summary
exit "$status"
