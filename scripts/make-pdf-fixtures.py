#!/usr/bin/env python3
"""Makes tests/fixtures/pdf/*.pdf from the example reports (examples/*.txt), as an office
prints a report to PDF: one paragraph per line, the title centred, 16 pt, A4, with the CJK
font embedded (Debian's fonts-noto-cjk) by headless Chromium. The PDFs are committed; run
this again when the examples change. Needs chromium and fonts-noto-cjk.
"""
import html
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "pdf")

STYLE = """<style>
@page { size: A4; margin: 30mm 26mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 16pt; line-height: 1.6; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.title { text-indent: 0; text-align: center; font-size: 20pt; margin-bottom: 1em; }
</style>"""


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in sorted(os.listdir(os.path.join(ROOT, "examples"))):
        if not name.endswith(".txt"):
            continue
        lines = [l for l in open(os.path.join(ROOT, "examples", name), encoding="utf-8").read().splitlines() if l.strip()]
        body = f'<p class="title">{html.escape(lines[0])}</p>' + "".join(
            f"<p>{html.escape(l)}</p>" for l in lines[1:]
        )
        with tempfile.TemporaryDirectory() as work:
            page = os.path.join(work, "r.html")
            with open(page, "w", encoding="utf-8") as f:
                f.write(f"<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8>{STYLE}</head><body>{body}</body></html>")
            pdf = os.path.join(OUT, name[:-4] + ".pdf")
            subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", f"--user-data-dir={work}/profile",
                 "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + page],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            print(os.path.relpath(pdf, ROOT), os.path.getsize(pdf))


if __name__ == "__main__":
    main()
