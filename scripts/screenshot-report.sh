#!/bin/sh
# Renders `wenshu check --format html` in headless Chromium and saves a screenshot (and a PDF, to
# see the print layout), for a person to look at. Not part of .ci/run.
#
#   scripts/screenshot-report.sh [FILE...] [-- CHECK-OPTIONS...]
#
# FILE defaults to the bundled seed page. Outputs (override with the environment):
#   REPORT=/tmp/report.html  SCREENSHOT=/tmp/wenshu-report.png  PDF=/tmp/wenshu-report.pdf
#   SIZE=1280,2400 (window width,height of the screenshot)  WENSHU=path of the binary
#
# Needs Chromium and CJK fonts (Debian: apt-get install -y chromium fonts-noto-cjk); without
# the fonts Chinese shows as boxes.
set -eu
cd "$(dirname "$0")/.."

REPORT=${REPORT:-/tmp/report.html}
SCREENSHOT=${SCREENSHOT:-/tmp/wenshu-report.png}
PDF=${PDF:-/tmp/wenshu-report.pdf}
SIZE=${SIZE:-1280,2400}

files=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do files="$files $1"; shift; done
[ $# -gt 0 ] && shift
[ -n "$files" ] || files=Corpus/seed/zhengxie-zongjie-5pian.txt

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "screenshot-report: no Chromium found; install it (Debian: apt-get install -y chromium fonts-noto-cjk)" >&2
    exit 2
fi
if command -v fc-list >/dev/null 2>&1 && ! fc-list :lang=zh | grep -q .; then
    echo "screenshot-report: warning: no Chinese font installed (apt-get install -y fonts-noto-cjk); Chinese will show as boxes" >&2
fi

if [ -z "${WENSHU:-}" ]; then
    swift build -c release --product wenshu >&2
    WENSHU=.build/release/wenshu
fi

# Status 1 means the documents have errors, which is what the report is for.
# shellcheck disable=SC2086
"$WENSHU" check $files --format html -o "$REPORT" "$@" || [ $? -eq 1 ]

flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions"
# shellcheck disable=SC2086
"$browser" $flags --window-size="$SIZE" --screenshot="$SCREENSHOT" "file://$(realpath "$REPORT")" 2>/dev/null
# shellcheck disable=SC2086
"$browser" $flags --no-pdf-header-footer --print-to-pdf="$PDF" "file://$(realpath "$REPORT")" 2>/dev/null
echo "report: $REPORT"
echo "screenshot: $SCREENSHOT"
echo "print preview: $PDF"
