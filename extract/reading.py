"""Turn a file of unknown provenance into clean document text, or a clear error.

Plans arrive as UTF-8, UTF-8 with BOM, UTF-16, GB18030/GBK (common on government sites), scraped HTML, saved web
pages, Word files and PDFs. The cleaned text is what the database stores; every character offset in the project
refers to it. Web-page debris at the top (rules/cleaning.yaml) is removed here.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from extract import formats
from extract.paths import RULES

MAX_BYTES = 32 * 1024 * 1024  # a plan is a few MB at most; larger inputs are almost surely not a plan text
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")

_SCRIPT_STYLE = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(p|div|br|li|tr|h[1-6]|section|article|table|ul|ol)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*\b[^<>]*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n(?:[ \t\u3000]*\n)+")


class DocumentError(Exception):
    """A document that cannot be read; the message names the file and what to do about it."""


@dataclass(frozen=True)
class Document:
    path: str
    text: str  # cleaned text: the reference for all offsets
    sha256: str  # of the raw bytes, so a sidecar can be checked against the file
    encoding: str
    had_html: bool

    @property
    def chars(self) -> int:
        return len(self.text)


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read, decode and clean one document; raise DocumentError with an actionable message."""
    p = Path(path)
    if not p.exists():
        raise DocumentError(f"{p}: file not found")
    if not p.is_file():
        raise DocumentError(f"{p}: not a regular file")
    size = p.stat().st_size
    if size > max_bytes:
        raise DocumentError(
            f"{p}: file is {size / 2**20:.1f} MB, above the {max_bytes / 2**20:.0f} MB limit for one document; "
            "split it into separate documents (one plan per file)"
        )
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{p}: cannot read the file ({exc.strerror or exc})") from None
    text, encoding = decode_file(raw, p)
    cleaned, had_html = clean_text(text)
    cleaned = strip_head_debris(cleaned)
    if not cleaned.strip():
        raise DocumentError(f"{p}: the document is empty (no text left after cleaning)")
    return Document(str(p), cleaned, hashlib.sha256(raw).hexdigest(), encoding, had_html)


def decode_file(raw: bytes, path: Path) -> tuple[str, str]:
    """Text of a file by its kind: Word, PDF, saved web page, or plain text in any supported encoding."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return formats.docx_text(raw, str(path)), "docx"
        if suffix == ".pdf":
            return formats.pdf_text(raw, str(path)), "pdf"
    except formats.FormatError as exc:
        raise DocumentError(str(exc)) from None
    text, encoding = decode_bytes(raw, str(path))
    if suffix in (".html", ".htm"):
        main = formats.html_text(text)
        if main:
            return main, f"{encoding}+html"
    return text, encoding


def decode_bytes(raw: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or GB18030; refuse binary files."""
    if not raw.strip():
        raise DocumentError(f"{name}: the file is empty")
    if raw.startswith(_BINARY_SIGNATURES) or b"\x00" in raw[:4096]:
        raise DocumentError(f"{name}: looks like a binary file (PDF, Office, image…); convert it to plain text first")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name}: cannot decode as UTF-8 or GB18030/GBK (byte {exc.start}); save it as UTF-8 and retry"
        ) from None
    if _control_ratio(text) > 0.02:
        raise DocumentError(f"{name}: decodes only to control characters; it is probably binary, not text")
    return text, "gb18030"


def clean_text(text: str) -> tuple[str, bool]:
    """Strip HTML debris (tags, comments, scripts, entities) and normalise line ends; report whether HTML was seen."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    had_html = bool(_ANY_TAG.search(text) or _ENTITY.search(text))
    if had_html:
        text = _SCRIPT_STYLE.sub("", text)
        text = _COMMENT.sub("", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
        text = html.unescape(text).replace("\xa0", " ")
        text = _BLANK_LINES.sub("\n\n", text)
    return text, had_html


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)


@dataclass(frozen=True)
class _DebrisRules:
    head_lines: int
    whole_lines: list[tuple[str, re.Pattern[str]]]
    labels: list[tuple[str, re.Pattern[str], int]]
    breadcrumbs: list[tuple[str, re.Pattern[str], re.Pattern[str], int]]


@lru_cache(maxsize=1)
def _debris_rules() -> _DebrisRules:
    spec = yaml.safe_load((RULES / "cleaning.yaml").read_text(encoding="utf-8"))
    return _DebrisRules(
        int(spec["head_lines"]),
        [(r["id"], re.compile(r["pattern"])) for r in spec["debris"]],
        [(r["id"], re.compile(r["pattern"]), int(r["value_max_chars"])) for r in spec.get("label_lines", [])],
        [
            (r["id"], re.compile(r["start"]), re.compile(r["separator"]), int(r["crumb_max_chars"]))
            for r in spec.get("breadcrumbs", [])
        ],
    )


def strip_head_debris(text: str) -> str:
    """Drop whole lines of web-page debris (toolbars, breadcrumbs, 来源/时间 lines) among a document's first lines."""
    rules = _debris_rules()
    lines = text.split("\n")
    head, rest = lines[: rules.head_lines], lines[rules.head_lines :]
    drop: set[int] = set()
    i = 0
    while i < len(head):
        line = head[i].strip()
        if any(rx.match(line) for _, rx in rules.whole_lines):
            drop.add(i)
        for _, rx, max_chars in rules.labels:
            if rx.match(line):
                drop.add(i)
                nxt = head[i + 1].strip() if i + 1 < len(head) else ""
                if nxt and len(nxt) <= max_chars and not re.search(r"[，。；！？]", nxt):
                    drop.add(i + 1)
                    i += 1
        for _, start, separator, crumb_max in rules.breadcrumbs:
            if start.match(line):
                drop.add(i)
                j = i + 1
                last = ""
                while j < len(head):
                    crumb = head[j].strip()
                    if separator.match(crumb) or (
                        len(crumb) <= crumb_max
                        and (
                            crumb == last
                            or (j + 1 < len(head) and separator.match(head[j + 1].strip()))
                            or (j > 0 and separator.match(head[j - 1].strip()))
                        )
                    ):
                        drop.add(j)
                        last = crumb if not separator.match(crumb) else last
                        j += 1
                    else:
                        break
                i = j - 1
        i += 1
    if not drop:
        return text
    kept = [ln for k, ln in enumerate(head) if k not in drop]
    return "\n".join(kept + rest).lstrip("\n")


def debris_rule_ids() -> set[str]:
    r = _debris_rules()
    return {x[0] for x in r.whole_lines} | {x[0] for x in r.labels} | {x[0] for x in r.breadcrumbs}
