#!/usr/bin/env bash
# The VS Code extension's checks, for ctest: the TypeScript compiles (`tsc --noEmit`) and the
# TextMate grammar tokenizes the sample files as their assertions say. Runs offline: the build
# (vscode-extension/CMakeLists.txt) has installed vscode-extension/node_modules from the lockfile.
set -euo pipefail
ext="${1:-$(dirname "$0")/../../vscode-extension}"
cd "$ext"
if ! command -v node >/dev/null; then
  echo "node is not installed: the extension cannot be checked" >&2
  exit 1
fi
if [ ! -d node_modules ]; then
  echo "vscode-extension/node_modules is missing: build the project (it runs \`npm ci\` when npm is found)" >&2
  exit 1
fi
npx --no-install tsc --noEmit -p .
npx --no-install vscode-tmgrammar-test -g syntaxes/perf.tmLanguage.json 'test/grammar/*.perf'
