#!/usr/bin/env bash
# Installs wenshu and its dictionaries under PREFIX (default /usr/local):
#   PREFIX/bin/wenshu and PREFIX/share/wenshu/dictionaries
set -euo pipefail
prefix="${1:-/usr/local}"
cd "$(dirname "$0")/.."
swift build -c release --product wenshu
install -d "$prefix/bin" "$prefix/share/wenshu"
install -m 755 .build/release/wenshu "$prefix/bin/wenshu"
rm -rf "$prefix/share/wenshu/dictionaries"
cp -R dictionaries "$prefix/share/wenshu/dictionaries"
echo "installed $prefix/bin/wenshu (dictionaries in $prefix/share/wenshu/dictionaries)"
