#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the repository's own files and runs the targets one
# after another. Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]   (default 600 s, all)
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pack_load quantity read_docx read_docx_body read_odt read_odt_body read_pdf read_ofd_page read_html engine)

mkdir -p logs corpus/pack_load corpus/quantity corpus/read_docx corpus/read_docx_body corpus/read_odt corpus/read_odt_body corpus/read_pdf corpus/read_ofd_page corpus/read_html corpus/engine
cp ../rules/*.toml ../tests/fixtures/packs/*.toml corpus/pack_load/
cp ../examples/* ../tests/fixtures/*.txt ../tests/fixtures/*.md corpus/engine/
cp ../tests/fixtures/page.html corpus/read_html/
cp ../tests/fixtures/pdf/*.pdf corpus/read_pdf/
# small PDFs too (the printed examples embed a CJK font and run slowly): one line of text in
# a standard font, and a page without text
python3 - <<'PY'
def pdf(content, font):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << " + font + " >> >>",
            "<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out, offs = "%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offs.append(len(out)); out += "%d 0 obj\n%s\nendobj\n" % (i + 1, o)
    x = len(out)
    out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + "".join("%010d 00000 n \n" % o for o in offs)
    return out + "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open("corpus/read_pdf/text.pdf", "w").write(pdf("BT /F1 12 Tf 72 720 Td (Bu shu XX 2023 - 3 -) Tj ET", "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"))
open("corpus/read_pdf/scan.pdf", "w").write(pdf("0 0 100 100 re f", ""))
PY
printf '%s' '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>一、主要举措</w:t></w:r></w:p><w:altChunk r:id="rId1"/><w:p><w:r><w:t>同布署</w:t></w:r></w:p><w:altChunk r:id="rId2"/>' > corpus/read_docx_body/a
printf '%s' '<text:h text:outline-level="1">一、主要举措</text:h><text:p>同布署<text:s text:c="3"/><text:note><text:note-body><text:p>截止</text:p></text:note-body></text:note></text:p><table:table><table:table-row><table:table-cell><text:p>XX</text:p></table:table-cell></table:table-row></table:table>' > corpus/read_odt_body/a
printf '%s' '<ofd:TextObject Boundary="20 30 160 10"><ofd:TextCode X="0" Y="8">一、同布署</ofd:TextCode></ofd:TextObject><ofd:TextObject Boundary="20 40 160 10"><ofd:TextCode X="0" Y="8">第 1 页</ofd:TextCode></ofd:TextObject>' > corpus/read_ofd_page/a
printf '%s' '百分之九十五点五' > corpus/quantity/a
printf '%s' '2023年12月31日' > corpus/quantity/b
printf '%s' '约1,234.5万' > corpus/quantity/c
printf '%s' '二〇二三年' > corpus/quantity/d
python3 - <<'PY'
import zipfile, io
body = ''.join(f'<w:p><w:pPr><w:pStyle w:val="{s}"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>' for s, t in
               [("Title", "XX区2023年法治政府建设情况报告"), ("Heading1", "一、主要举措"), ("Normal", "同布署,同落实。")])
doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       f'<w:body>{body}</w:body></w:document>')
with zipfile.ZipFile('corpus/read_docx/seed.docx', 'w') as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', doc)
PY

for t in "${targets[@]}"; do
  echo "== $t (${secs}s)"
  # a crash ends this target's run (its input is kept under artifacts/); go on with the next
  cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    > "logs/$t.log" 2>&1 || echo "   $t: stopped with a finding, see logs/$t.log and artifacts/$t/"
  grep -E 'Done [0-9]+ runs|SUMMARY|panicked at' "logs/$t.log" | tail -3 || true
done
