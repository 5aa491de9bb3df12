#!/usr/bin/env bash
# Installs what building and testing Jixiao needs on Debian 12, and nothing when it is all there.
set -euo pipefail
packages=(g++ make cmake ccache python3 default-jre-headless antlr4 libantlr4-runtime-dev uuid-dev
  libfmt-dev libsqlite3-dev sqlite3 catch2 libcli11-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata libre2-dev libsimdjson-dev libjemalloc-dev pkg-config
  llvm-16-dev libzstd-dev libssl-dev clang-format-14)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm to package and test the VS Code extension: any Node >= 18 will do, so keep one that is there.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
