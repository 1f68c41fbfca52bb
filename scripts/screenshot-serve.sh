#!/bin/sh
# Starts `wenshu serve` on a free loopback port, renders its page in headless Chromium, submits
# the second seed document (title and body, 【第二篇】 up to 【第三篇】) to POST /check as the page's
# form does, and renders the report it answers with: two screenshots for a person to look at.
# Also shows the JSON API's answer in brief. Not part of .ci/run.
#
#   scripts/screenshot-serve.sh
#
# Outputs (override with the environment):
#   PAGE_PNG=/tmp/wenshu-serve-page.png  REPORT_PNG=/tmp/wenshu-serve-report.png
#   REPORT=/tmp/wenshu-serve-report.html  SIZE=1280,1600  REPORT_SIZE=1280,2400
#   WENSHU=path of the binary (default: built with swift build)
#
# Needs Chromium, curl and CJK fonts (Debian: apt-get install -y chromium curl fonts-noto-cjk).
set -eu
cd "$(dirname "$0")/.."

PAGE_PNG=${PAGE_PNG:-/tmp/wenshu-serve-page.png}
REPORT_PNG=${REPORT_PNG:-/tmp/wenshu-serve-report.png}
REPORT=${REPORT:-/tmp/wenshu-serve-report.html}
SIZE=${SIZE:-1280,1600}
REPORT_SIZE=${REPORT_SIZE:-1280,2400}

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "screenshot-serve: no Chromium found; install it (Debian: apt-get install -y chromium fonts-noto-cjk)" >&2
    exit 2
fi
command -v curl >/dev/null 2>&1 || { echo "screenshot-serve: curl is needed (apt-get install -y curl)" >&2; exit 2; }
if command -v fc-list >/dev/null 2>&1 && ! fc-list :lang=zh | grep -q .; then
    echo "screenshot-serve: warning: no Chinese font installed (apt-get install -y fonts-noto-cjk); Chinese will show as boxes" >&2
fi

if [ -z "${WENSHU:-}" ]; then
    swift build --product wenshu >&2
    WENSHU=$(swift build --show-bin-path)/wenshu
fi

work=$(mktemp -d /tmp/wenshu-serve-shot.XXXXXX)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Port 0: the server picks a free port and prints its URL.
"$WENSHU" serve --port 0 >"$work/out" 2>"$work/err" &
server=$!
url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's/^wenshu serve: listening on \(http:[^ ]*\).*/\1/p' "$work/out")
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/err" >&2; echo "screenshot-serve: the server did not start" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "screenshot-serve: the server did not say where it listens" >&2; exit 1; }
echo "server: $url"

# The second seed document.
awk '/【第三篇】/ { exit } found { print } /【第二篇】/ { found = 1; print }' Corpus/seed/zhengxie-zongjie-5pian.txt >"$work/second.txt"

flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions"
# shellcheck disable=SC2086
"$browser" $flags --window-size="$SIZE" --screenshot="$PAGE_PNG" "$url" 2>/dev/null

# What the form posts: the text field, an empty file input, the automatic structure.
status=$(curl -sS -o "$REPORT" -w '%{http_code}' -F "text=<$work/second.txt" -F "file=@/dev/null;filename=" -F "structure=" "${url}check")
[ "$status" = 200 ] || { echo "screenshot-serve: POST /check answered $status" >&2; cat "$REPORT" >&2; exit 1; }
# shellcheck disable=SC2086
"$browser" $flags --window-size="$REPORT_SIZE" --screenshot="$REPORT_PNG" "file://$(realpath "$REPORT")" 2>/dev/null

echo "JSON API (POST /api/check, text/plain):"
curl -sS -H 'Content-Type: text/plain; charset=utf-8' --data-binary "@$work/second.txt" "${url}api/check" |
    grep -o '"kind" : "[a-z-]*"\|"status" : "[a-z-]*"' | sort | uniq -c | sed 's/^/  /'
echo "page: $PAGE_PNG"
echo "report: $REPORT"
echo "report screenshot: $REPORT_PNG"
