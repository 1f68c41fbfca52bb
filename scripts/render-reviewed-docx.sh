#!/usr/bin/env bash
# Renders a reviewed .docx (wenshu check FILE --format docx -o reviewed.docx) to PNG pages for a
# person to look at: LibreOffice → PDF (each comment a note icon on its text; LibreOffice 7.6+
# prints them in the margin instead), then pdftoppm.
#   scripts/render-reviewed-docx.sh reviewed.docx [out-dir] [first-page] [last-page]
# Needs libreoffice-writer-nogui, poppler-utils and a CJK font (fonts-wqy-zenhei or fonts-noto-cjk).
set -euo pipefail
in=$1; out=${2:-reviewed-png}; first=${3:-1}; last=${4:-2}
mkdir -p "$out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$in" "$work/reviewed.docx"
soffice "-env:UserInstallation=file://$work/profile" --headless --norestore \
  --convert-to 'pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}' \
  --outdir "$work" "$work/reviewed.docx" >/dev/null 2>&1
pdftoppm -q -r 80 -f "$first" -l "$last" -png "$work/reviewed.pdf" "$out/page"
ls "$out"/page*.png
