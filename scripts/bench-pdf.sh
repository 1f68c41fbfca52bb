#!/usr/bin/env bash
# Benchmark: reading a ~100-page PDF. Makes one PDF of State Council reports from
# ../shared/corpus/govreports (printed as an official document: 12 pt, first-line indents, a
# running header, 第N页 共M页 in the footer) with LibreOffice, then times, with /usr/bin/time:
# pdftotext alone, `wenshu check` on the PDF, and `wenshu check` on the same text as .txt.
#   swift build -c release --product wenshu && scripts/bench-pdf.sh [pages] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-100}; rounds=${2:-3}
W=${WENSHU:-.build/release/wenshu}
shared=${SHARED:-../shared}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# About 1,450 characters a page at 12 pt on A4: take whole reports until there is enough text.
python3 - "$shared/corpus/govreports" "$work" "$pages" <<'PY'
import sys, os, html
src, work, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
paras, total = [], 0
for name in sorted(os.listdir(src)):
    if not name.endswith(".txt"): continue
    text = open(os.path.join(src, name), encoding="utf-8").read()
    # The reports wrap lines inside paragraphs (blank line between paragraphs): rejoin.
    for block in text.split("\n\n"):
        p = "".join(l.strip() for l in block.split("\n")).strip()
        if p: paras.append(p); total += len(p)
    if total >= pages * 1450: break
open(f"{work}/bench.txt", "w", encoding="utf-8").write("\n\n".join(paras) + "\n")
body = "\n".join(f'<text:p text:style-name="Body">{html.escape(p)}</text:p>' for p in paras)
open(f"{work}/bench.fodt", "w", encoding="utf-8").write(f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles><style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="24pt" fo:text-align="justify"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
<style:style style:name="F" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style></office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.6cm" fo:margin-right="2.6cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"><style:header><text:p text:style-name="F">政府工作报告汇编</text:p></style:header><style:footer><text:p text:style-name="F">第<text:page-number text:select-page="current">1</text:page-number>页 共<text:page-count>1</text:page-count>页</text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>''')
PY
soffice "-env:UserInstallation=file://$work/profile" --headless --norestore --convert-to pdf --outdir "$work" "$work/bench.fodt" >/dev/null 2>&1
n=$(pdfinfo "$work/bench.pdf" | awk '/^Pages:/ {print $2}')
echo "PDF: $n pages, $(du -k "$work/bench.pdf" | cut -f1) KiB; text: $(wc -m < "$work/bench.txt") characters"
echo
echo "| step | round | wall s | user CPU s | max RSS (MiB) |"
echo "|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  for step in pdftotext pdf txt; do
    case $step in
      pdftotext) cmd=(pdftotext -q -bbox-layout -enc UTF-8 "$work/bench.pdf" "$work/out.html") ;;
      pdf) cmd=("$W" check --format json -o "$work/pdf.json" "$work/bench.pdf") ;;
      txt) cmd=("$W" check --format json -o "$work/txt.json" "$work/bench.txt") ;;
    esac
    /usr/bin/time -f "%e %U %M" -o "$work/time" "${cmd[@]}" >/dev/null 2>&1 || true
    read -r secs user kb < <(tail -1 "$work/time")
    echo "| $step | $r | $secs | $user | $((kb / 1024)) |"
  done
done
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def load(f):
    d = json.load(open(f))
    return d, [x['kind'] for doc in d['documents'] for x in doc['findings']]
p, pk = load(f"{work}/pdf.json"); t, tk = load(f"{work}/txt.json")
print()
print(f"documents: pdf {len(p['documents'])}, txt {len(t['documents'])}; findings: pdf {len(pk)}, txt {len(tk)}; "
      f"furniture taken out: {[(f['kind'], f['text'], len(f['pages'])) for f in p.get('pageFurniture', [])]}")
PY
