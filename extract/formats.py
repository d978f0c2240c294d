"""Word, PDF and saved web pages → plain text as a person reads it, before cleaning.

- `.docx`: paragraphs (and table cells) in document order, one per line (python-docx).
- `.pdf`: the text layer (pypdf), with Kangxi radicals and CJK compatibility ideographs mapped to the ordinary
  characters (⼯ → 工), running headers/footers and page numbers dropped, and the lines of one paragraph joined.
  A PDF without a text layer (a scan) or with a password is refused with a clear message.
- `.html`/`.htm`: the main text of the page (trafilatura, offline), falling back to stripping all markup.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter

_PAGE_NUMBER = re.compile(r"^[\s\-—–·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[\s\-—–·•]*$")
_SENTENCE_END = "。！？；：」』”）)!?;:"
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十]+[章节部分])"
)
_MIN_PDF_CHARS_PER_PAGE = 20


class FormatError(Exception):
    """A document in a known format that yields no readable text (scan, password, corrupt file)."""


# CJK Radicals Supplement forms that PDF fonts emit for whole simplified characters and that NFKC leaves alone
# (Unicode names: CJK RADICAL CIVILIAN → 民, C-SIMPLIFIED LONG → 长, …). Component-only radicals are not mapped.
_RADICAL_FORMS = "⺠⻓⻔⻅⻆⻛⻜⻢⻋⻚⻝⻘⻨⻩⻉⻄⺟⻬⻮⻰⻳⻦⻣⻥⻤⻧⻪⻙⻡"
_ORDINARY_CHARS = "民长门见角风飞马车页食青麦黄贝西母齐齿龙龟鸟骨鱼鬼卤黾韦首"
RADICAL_SUPPLEMENT = dict(zip(_RADICAL_FORMS, _ORDINARY_CHARS, strict=True))


def normalise_cjk(text: str) -> str:
    """Kangxi radicals (U+2F00–2FDF), CJK radical supplements and compatibility ideographs → ordinary characters.

    Only those code points are NFKC-normalised: full-width punctuation (，：) must stay as the text has it.
    """

    def fix(ch: str) -> str:
        o = ord(ch)
        if ch in RADICAL_SUPPLEMENT:
            return RADICAL_SUPPLEMENT[ch]
        if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
            return unicodedata.normalize("NFKC", ch)
        return ch

    return "".join(fix(ch) if ord(ch) >= 0x2E80 else ch for ch in text)


def docx_text(raw: bytes, name: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FormatError(f"{name}: not a readable Word (.docx) file ({exc.__class__.__name__})") from None
    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in row]
                    lines.append("\t".join(c for c in cells if c))
    return "\n".join(lines)


def pdf_text(raw: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise FormatError(f"{name}: the PDF is password-protected; save an unprotected copy and retry")
            except (NotImplementedError, PdfReadError):
                raise FormatError(
                    f"{name}: the PDF is password-protected; save an unprotected copy and retry"
                ) from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except FormatError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise FormatError(f"{name}: not a readable PDF ({exc.__class__.__name__}: {exc})") from None
    if not pages or sum(len(p.strip()) for p in pages) < _MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise FormatError(
            f"{name}: the PDF has no text layer (a scan?); run OCR on it first or get the text version of the document"
        )
    return join_pdf_lines(drop_running_lines([normalise_cjk(p).split("\n") for p in pages]))


def drop_running_lines(pages: list[list[str]]) -> list[str]:
    """Lines of all pages without page numbers and without headers/footers repeated on most pages."""
    if len(pages) >= 3:
        edges = Counter(line.strip() for lines in pages for line in {*(lines[:2]), *(lines[-2:])} if line.strip())
        running = {line for line, n in edges.items() if n >= max(3, len(pages) // 2)}
    else:
        running = set()
    out: list[str] = []
    for lines in pages:
        out += [ln for ln in lines if ln.strip() and ln.strip() not in running and not _PAGE_NUMBER.match(ln)]
    return out


def join_pdf_lines(lines: list[str]) -> str:
    """Join the visual lines of one paragraph; a paragraph ends at closing punctuation or before a heading.

    A short line (well under the page's usual line length) also ends a paragraph: titles and headings do not run on.
    """
    widths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    full = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[str] = []
    current = ""
    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            continue
        if current and _HEADING_START.match(line):
            paragraphs.append(current)
            current = ""
        current += line
        if line[-1] in _SENTENCE_END or len(line) < full * 0.8:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def html_text(markup: str) -> str | None:
    """The main text of a saved web page, one paragraph per line; None when no main text is found."""
    import trafilatura

    text = trafilatura.extract(
        markup, output_format="txt", include_comments=False, include_tables=True, favor_recall=True, with_metadata=False
    )
    return text or None
