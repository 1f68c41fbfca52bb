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

. scripts/chromium.sh
chromium_find screenshot-report

if [ -z "${WENSHU:-}" ]; then
    swift build -c release --product wenshu >&2
    WENSHU=.build/release/wenshu
fi

# Status 1 means the documents have errors, which is what the report is for.
# shellcheck disable=SC2086
"$WENSHU" check $files --format html -o "$REPORT" "$@" || [ $? -eq 1 ]

chromium_png "$REPORT" "$SCREENSHOT" "$SIZE"
chromium_pdf "$REPORT" "$PDF"
echo "report: $REPORT"
echo "screenshot: $SCREENSHOT"
echo "print preview: $PDF"
