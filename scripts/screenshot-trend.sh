#!/bin/sh
# Renders the trend page (`wenshu themes --by-year --format html`) in headless Chromium and saves
# a screenshot, for a person to look at. Not part of .ci/run.
#
#   scripts/screenshot-trend.sh [FILE-OR-DIR...] [-- THEMES-OPTIONS...]
#
# FILE-OR-DIR defaults to the 52 State Council reports (../shared/corpus/govreports). Outputs
# (override with the environment):
#   PAGE=/tmp/wenshu-trend.html  SCREENSHOT=/tmp/wenshu-trend.png  SIZE=1200,1100 (width,height)
#   WENSHU=path of the binary (default: a release build)
#
# Needs Chromium and CJK fonts (Debian: apt-get install -y chromium fonts-noto-cjk); without
# the fonts Chinese shows as boxes.
set -eu
cd "$(dirname "$0")/.."

PAGE=${PAGE:-/tmp/wenshu-trend.html}
SCREENSHOT=${SCREENSHOT:-/tmp/wenshu-trend.png}
SIZE=${SIZE:-1200,1100}

paths=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do paths="$paths $1"; shift; done
[ $# -gt 0 ] && shift
[ -n "$paths" ] || paths=../shared/corpus/govreports

. scripts/chromium.sh
chromium_find screenshot-trend

if [ -z "${WENSHU:-}" ]; then
    swift build -c release --product wenshu >&2
    WENSHU=.build/release/wenshu
fi

# shellcheck disable=SC2086
"$WENSHU" themes $paths --by-year --format html -o "$PAGE" "$@"

chromium_png "$PAGE" "$SCREENSHOT" "$SIZE"
echo "page: $PAGE"
echo "screenshot: $SCREENSHOT"
