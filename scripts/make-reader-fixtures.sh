#!/usr/bin/env bash
# Makes the reader fixtures in Corpus/readers/ from the seed page with the real programs:
# LibreOffice (soffice, headless) and, for a look, poppler. Run from the repository root:
#   scripts/make-reader-fixtures.sh
# Needs libreoffice-writer-nogui and a CJK font (fonts-wqy-zenhei) so the PDFs carry the glyphs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Corpus/readers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile="file://$work/profile"
lo() { soffice "-env:UserInstallation=$profile" --headless --norestore "$@" >/dev/null 2>&1; }
mkdir -p "$out"
cp Corpus/seed/zhengxie-zongjie-5pian.txt "$work/seed.txt"
# 1. The seed as LibreOffice reads a UTF-8 text file (one paragraph a line), saved as .odt;
#    from that .odt: .doc (Word 97), .rtf, .pdf and .docx. LibreOffice cannot write .wps.
lo --infilter="Text (encoded):UTF8" --convert-to odt --outdir "$work" "$work/seed.txt"
for f in doc rtf pdf; do lo --convert-to "$f" --outdir "$work" "$work/seed.odt"; done
lo --convert-to "docx:MS Word 2007 XML" --outdir "$work" "$work/seed.odt"
# 2. The seed as an official document is printed: paragraphs with a first-line indent and no
#    blank lines, a running header, and a page number in the footer — one PDF with — N —, one
#    with 第N页 共M页 — written as flat ODF (.fodt) and exported by LibreOffice to PDF.
python3 - "$work" <<'PY'
import sys, html
work = sys.argv[1]
paras = [l.strip() for l in open(f"{work}/seed.txt", encoding="utf-8") if l.strip()]
def fodt(footer):
    body = "\n".join(f'<text:p text:style-name="Body">{html.escape(p)}</text:p>' for p in paras)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-indent="24pt" fo:text-align="justify"/>
  <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/>
 </style:style>
 <style:style style:name="Furniture" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.6cm" fo:margin-right="2.6cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:header><text:p text:style-name="Furniture">某县政协办公室　内部资料　注意保存</text:p></style:header>
  <style:footer><text:p text:style-name="Furniture">{footer}</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body></office:document>
'''
open(f"{work}/seed-paged-dash.fodt", "w", encoding="utf-8").write(fodt('— <text:page-number text:select-page="current">1</text:page-number> —'))
open(f"{work}/seed-paged-of.fodt", "w", encoding="utf-8").write(fodt('第<text:page-number text:select-page="current">1</text:page-number>页　共<text:page-count>1</text:page-count>页'))
PY
lo --convert-to pdf --outdir "$work" "$work/seed-paged-dash.fodt" "$work/seed-paged-of.fodt"
# 3. A PDF without a text layer, as a scanner gives: page 1 of the seed PDF rendered by pdftoppm
#    to a grey image, put alone on a page (a minimal PDF written here: LibreOffice Writer
#    cannot open a picture).
pdftoppm -r 50 -f 1 -l 1 -gray "$work/seed.pdf" "$work/scan"
python3 - "$work" <<'PY'
import sys, zlib, glob
work = sys.argv[1]
pgm = open(glob.glob(f"{work}/scan*.pgm")[0], "rb").read()
parts = pgm.split(maxsplit=4)          # P5 width height maxval pixels
w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
image = zlib.compress(pixels)
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
    b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(image)) + image + b"\nendstream",
]
content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
out = bytearray(b"%PDF-1.4\n")
offsets = []
for k, o in enumerate(objects, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % k + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for o in offsets: out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
open(f"{work}/scan-1.pdf", "wb").write(out)
PY
cp "$work/seed.doc" "$out/seed.doc"
cp "$work/seed.docx" "$out/seed.docx"
cp "$work/seed.odt" "$out/seed.odt"
cp "$work/seed.rtf" "$out/seed.rtf"
cp "$work/seed.pdf" "$out/seed.pdf"
cp "$work/seed-paged-dash.pdf" "$out/seed-paged-dash.pdf"
cp "$work/seed-paged-of.pdf" "$out/seed-paged-of.pdf"
cp "$work/scan-1.pdf" "$out/scanned.pdf"
ls -l "$out"
