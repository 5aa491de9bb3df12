#!/usr/bin/env bash
# Fuzzes the front-end (parse + check + format) and the ingestion readers with libFuzzer for a while,
# growing tests/fuzz/corpus/*. The test command replays those corpora on every run; a crash found here
# is saved as crash-* in the current folder: copy it into the corpus so it stays a regression test.
#   scripts/fuzz.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
need=(clang-16 libclang-rt-16-dev)
missing=(); for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then apt-get install -y --no-install-recommends "${missing[@]}"; fi
./scripts/build.sh >/dev/null   # generates the parser sources
out=build/fuzz; mkdir -p "$out"
flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-char8_t -I. -Ibuild/grammar/generated
       -isystem /usr/include/antlr4-runtime -DUSE_OS_TZDB=1 -DONLY_C_LOCALE=1 -DHAS_STRING_VIEW=1 -w)
front=(compiler/source/*.cpp compiler/diagnostics/*.cpp compiler/ast/*.cpp compiler/syntax/*.cpp compiler/check/*.cpp
       compiler/frontend/*.cpp stdlib/*.cpp build/grammar/generated/Perf*.cpp)
clang++-16 "${flags[@]}" tests/fuzz/fuzz_frontend.cpp "${front[@]}" -lantlr4-runtime -lfmt -o "$out/fuzz_frontend"
clang++-16 "${flags[@]}" tests/fuzz/fuzz_ingest.cpp runtime/table.cpp runtime/ingest/*.cpp runtime/time/*.cpp stdlib/grain.cpp \
  -lsimdjson -lsqlite3 -ldate-tz -o "$out/fuzz_ingest"
clang++-16 "${flags[@]}" -pthread tests/fuzz/fuzz_lsp.cpp lsp/*.cpp "${front[@]}" -lantlr4-runtime -lfmt -o "$out/fuzz_lsp"
"$out/fuzz_frontend" -max_total_time="$seconds" -timeout=10 tests/fuzz/corpus/frontend
"$out/fuzz_ingest" -max_total_time="$seconds" -timeout=10 tests/fuzz/corpus/ingest
"$out/fuzz_lsp" -max_total_time="$seconds" -timeout=10 tests/fuzz/corpus/lsp
