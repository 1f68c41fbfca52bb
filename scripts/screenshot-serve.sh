#!/bin/sh
# Starts `wenshu serve` on a free loopback port and uses its page in headless Chromium as a
# person would (scripts/drive-serve.py, over the DevTools protocol): opens the form, pastes the
# second seed document (title and body, 【第二篇】 up to 【第三篇】) into the textarea, picks the
# report language, clicks 检查 and saves the report the browser shows: screenshots for a person
# to look at. Then pastes the first seed document (no 存在问题, no 工作计划) the same way, to see
# missing parts pinned. Also shows the JSON API's answer in brief. Not part of .ci/run.
#
#   scripts/screenshot-serve.sh [zh|en]      (the report language picked in the form; default zh)
#
# Outputs in OUT=/tmp/wenshu-serve (override with the environment):
#   page.png        the form as it opens
#   report.png      the whole report page for the second document; report.pdf its print preview;
#                   report.html the page as the browser shows it
#   line-N.png      each line of the text with a finding or a section tag, close up
#   first/…         the same for the first document
#   WENSHU=path of the binary (default: built with swift build)
#
# Needs Chromium, Python 3, curl and CJK fonts (Debian: apt-get install -y chromium python3 curl fonts-noto-cjk).
set -eu
cd "$(dirname "$0")/.."

LANGUAGE=${1:-zh}
OUT=${OUT:-/tmp/wenshu-serve}

. scripts/chromium.sh
chromium_find screenshot-serve
command -v python3 >/dev/null 2>&1 || { echo "screenshot-serve: python3 is needed (apt-get install -y python3)" >&2; exit 2; }
command -v curl >/dev/null 2>&1 || { echo "screenshot-serve: curl is needed (apt-get install -y curl)" >&2; exit 2; }

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

# The first and second seed documents.
seed=Corpus/seed/zhengxie-zongjie-5pian.txt
awk '/【第三篇】/ { exit } found { print } /【第二篇】/ { found = 1; print }' "$seed" >"$work/second.txt"
awk '/【第二篇】/ { exit } found { print } /【第一篇】/ { found = 1; print }' "$seed" >"$work/first.txt"

rm -rf "$OUT"
echo "second document, pasted in the form ($LANGUAGE):"
python3 scripts/drive-serve.py "$url" "$work/second.txt" "$OUT" --lang="$LANGUAGE" --browser="$browser" | sed 's/^/  /'
echo "first document, pasted in the form ($LANGUAGE):"
python3 scripts/drive-serve.py "$url" "$work/first.txt" "$OUT/first" --lang="$LANGUAGE" --browser="$browser" | sed 's/^/  /'

echo "JSON API (POST /api/check, text/plain), second document:"
curl -sS -H 'Content-Type: text/plain; charset=utf-8' --data-binary "@$work/second.txt" "${url}api/check" |
    grep -o '"kind" : "[a-z-]*"\|"status" : "[a-z-]*"' | sort | uniq -c | sed 's/^/  /'
echo "form: $OUT/page.png"
echo "report: $OUT/report.png (print preview $OUT/report.pdf; close-ups $OUT/line-*.png; first document in $OUT/first/)"
