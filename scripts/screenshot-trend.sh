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

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "screenshot-trend: no Chromium found; install it (Debian: apt-get install -y chromium fonts-noto-cjk)" >&2
    exit 2
fi
if command -v fc-list >/dev/null 2>&1 && ! fc-list :lang=zh | grep -q .; then
    echo "screenshot-trend: warning: no Chinese font installed (apt-get install -y fonts-noto-cjk); Chinese will show as boxes" >&2
fi

if [ -z "${WENSHU:-}" ]; then
    swift build -c release --product wenshu >&2
    WENSHU=.build/release/wenshu
fi

# shellcheck disable=SC2086
"$WENSHU" themes $paths --by-year --format html -o "$PAGE" "$@"

flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions"
# shellcheck disable=SC2086
"$browser" $flags --window-size="$SIZE" --screenshot="$SCREENSHOT" "file://$(realpath "$PAGE")" 2>/dev/null
echo "page: $PAGE"
echo "screenshot: $SCREENSHOT"
