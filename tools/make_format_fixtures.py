"""Make tests/fixtures/formats/: one real work report (河北, 2026) as .txt, .docx, .html and .pdf.

The same text in four formats lets a test check that every input format gives the same findings. The .docx is
written with python-docx (one paragraph per line), the .html wraps the text in a portal-style page (navigation,
toolbar, footer), and the .pdf is that page printed by Debian's Chromium (`--print-to-pdf`). Run it again only when
the source report or the readers change: `python tools/make_format_fixtures.py`.
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "raw" / "gwr2026_130000_hebei.txt"
OUT = ROOT / "tests" / "fixtures" / "formats"
CHROMIUM = Path("/usr/bin/chromium")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import docx

    from extract.reading import read_document

    text = read_document(SOURCE).text
    paragraphs = [p for p in text.split("\n") if p.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "hebei.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(OUT / "hebei.docx")

    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(paragraphs[0])}</title>
<style>body{{font-family:'Noto Sans CJK SC',sans-serif;font-size:14px;margin:2cm}}</style></head><body>
<header><nav><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</nav></header>
<div class="toolbar">【字号：大 中 小】 打印 关闭</div>
<article>
{body}
</article>
<footer>版权所有：河北省人民政府办公厅 主办单位：河北省人民政府办公厅 网站标识码 1300000000</footer>
</body></html>"""
    (OUT / "hebei.html").write_text(page, encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        printable = Path(tmp) / "print.html"
        printable.write_text(
            page.replace("<header>", "<header style='display:none'>")
            .replace('<div class="toolbar">', '<div class="toolbar" style="display:none">')
            .replace("<footer>", "<footer style='display:none'>"),
            encoding="utf-8",
        )
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
             f"--print-to-pdf={OUT / 'hebei.pdf'}", printable.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    print(f"wrote {OUT}/hebei.{{txt,docx,html,pdf}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
