#!/usr/bin/env bash
# Fails when a C++ file of the repository is not as clang-format-14 writes it (.clang-format), and names
# the files; `clang-format-14 -i FILE` fixes one. The version is pinned because others format
# differently. The test command runs it through ctest (format.clang_format).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format-14 >/dev/null; then
  echo "clang-format-14 is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
bad=()
while IFS= read -r f; do
  clang-format-14 --dry-run --Werror "$f" 2>/dev/null || bad+=("$f")
done < <(git ls-files '*.cpp' '*.h')
if [ ${#bad[@]} -gt 0 ]; then
  echo "not formatted (clang-format-14 -i to fix):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "every C++ file is formatted"
