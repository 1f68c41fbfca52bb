# Headless Chromium for the screenshot scripts (screenshot-report.sh, screenshot-trend.sh,
# screenshot-serve.sh), sourced by them (POSIX sh):
#
#   chromium_find NAME            sets $browser, or exits 2 saying what to install (NAME: the
#                                 calling script, for its messages); warns when no Chinese font
#   chromium_png HTML PNG [W,H]   renders the HTML file to a PNG screenshot of a W×H window
#                                 (default 1280,2400)
#   chromium_pdf HTML PDF         prints the HTML file to a PDF (A4 print layout, no header/footer)
#
# Debian: apt-get install -y chromium fonts-noto-cjk; without the fonts Chinese shows as boxes.

chromium_flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions"

chromium_find() {
    browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
    if [ -z "$browser" ]; then
        echo "$1: no Chromium found; install it (Debian: apt-get install -y chromium fonts-noto-cjk)" >&2
        exit 2
    fi
    if command -v fc-list >/dev/null 2>&1 && ! fc-list :lang=zh | grep -q .; then
        echo "$1: warning: no Chinese font installed (apt-get install -y fonts-noto-cjk); Chinese will show as boxes" >&2
    fi
}

# Chromium's own chatter goes to /dev/null; whether it wrote the file is checked instead.
chromium_png() {
    rm -f "$2"
    # shellcheck disable=SC2086
    "$browser" $chromium_flags --window-size="${3:-1280,2400}" --screenshot="$2" "file://$(realpath "$1")" 2>/dev/null
    [ -s "$2" ] || { echo "chromium.sh: Chromium wrote no screenshot of $1 to $2" >&2; return 1; }
}

chromium_pdf() {
    rm -f "$2"
    # shellcheck disable=SC2086
    "$browser" $chromium_flags --no-pdf-header-footer --print-to-pdf="$2" "file://$(realpath "$1")" 2>/dev/null
    [ -s "$2" ] || { echo "chromium.sh: Chromium wrote no PDF of $1 to $2" >&2; return 1; }
}
