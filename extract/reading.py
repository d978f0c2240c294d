"""Turn a file of unknown provenance into clean document text, or a clear error.

Plans arrive as UTF-8, UTF-8 with BOM, UTF-16, GB18030/GBK (common on government sites), scraped HTML, saved web
pages, Word files and PDFs. The cleaned text is what the database stores; every character offset in the project
refers to it. Web-page debris at the top (rules/cleaning.yaml) is removed here.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import stat
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
    raw = read_bytes(p, max_bytes)
    text, encoding = decode_file(raw, p)
    cleaned, had_html = clean_text(text)
    cleaned = strip_head_debris(cleaned)
    if not cleaned.strip():
        raise DocumentError(f"{p}: the document is empty (no text left after cleaning)")
    return Document(str(p), cleaned, hashlib.sha256(raw).hexdigest(), encoding, had_html)


def read_bytes(p: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, opened once (no window between the checks and the read); every OSError becomes
    a DocumentError naming the file: not found (or vanished), permission denied, a directory, a device, an I/O
    error. The size limit is checked on the open file, before anything is read."""
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO must not hang the build
    except FileNotFoundError:
        raise DocumentError(f"{p}: file not found (was it moved or deleted?)") from None
    except PermissionError:
        raise DocumentError(f"{p}: permission denied; make the file readable (chmod a+r) and retry") from None
    except OSError as exc:
        raise DocumentError(f"{p}: cannot open the file ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise DocumentError(f"{p}: not a regular file ({kind}); give the path of a document file")
        if info.st_size > max_bytes:
            raise DocumentError(
                f"{p}: file is {info.st_size / 2**20:.1f} MB, above the {max_bytes / 2**20:.0f} MB limit for one "
                "document; split it into separate documents (one plan per file)"
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(f"{p}: cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # it grew after fstat
        raise DocumentError(f"{p}: file is above the {max_bytes / 2**20:.0f} MB limit for one document")
    return raw


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
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (BOM, or BOM-less by its NUL pattern) or GB18030; refuse
    binary files, and files that switch encoding midway (a UTF-8 heading over a GBK body)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(raw, "utf-16", name), "utf-16"
    bomless = _bomless_utf16(raw)
    if bomless:
        return _decode_utf16(raw, bomless, name), bomless
    if not raw.strip():
        raise DocumentError(f"{name}: the file is empty")
    if raw.startswith(_BINARY_SIGNATURES) or b"\x00" in raw[:4096]:
        raise DocumentError(f"{name}: looks like a binary file (PDF, Office, image…); convert it to plain text first")
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _not_one_encoding(raw, exc.start + 3, name) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    if _is_utf8_text(raw[:utf8_error]):
        raise _not_one_encoding(raw, utf8_error, name)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name}: cannot decode as UTF-8 (byte {utf8_error}) or GB18030/GBK (byte {exc.start}); "
            "save it as UTF-8 and retry"
        ) from None
    if _control_ratio(text) > 0.02:
        raise DocumentError(f"{name}: decodes only to control characters; it is probably binary, not text")
    return text, "gb18030"


_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def _is_utf8_text(prefix: bytes) -> bool:
    """Whether the bytes before the first invalid UTF-8 byte read as UTF-8 Chinese: at least two CJK characters
    (each three bytes in UTF-8). A GBK file hits an invalid UTF-8 sequence within a character or two, and the few
    GBK pairs that form valid UTF-8 (省 = CA A1) form two-byte sequences, not CJK characters."""
    try:
        text = prefix.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(_CJK.findall(text)) >= 2


def _not_one_encoding(raw: bytes, offset: int, name: str) -> DocumentError:
    line = raw[:offset].count(b"\n") + 1
    gbk = ""
    try:
        raw[offset:].decode("gb18030")
        gbk = " (the rest decodes as GB18030/GBK)"
    except UnicodeDecodeError:
        pass
    return DocumentError(
        f"{name}: mixed encodings: the file is UTF-8 up to byte {offset} (line {line}), but the bytes from there "
        f"on are not UTF-8{gbk}; it was probably pasted together from files in different encodings. "
        "Re-save the whole file as UTF-8 and retry"
    )


def _bomless_utf16(raw: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for BOM-less UTF-16 text, recognised by its NUL bytes: Chinese text has ASCII
    newlines, digits and punctuation, each a NUL in the high byte, so NULs sit (almost) only at odd positions (LE)
    or only at even ones (BE). Binary files have NULs at both."""
    sample = raw[:8192]
    if len(raw) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for nuls, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= max(2, len(sample) // 200) and others == 0:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec if _control_ratio(text) <= 0.02 else None
    return None


def _decode_utf16(raw: bytes, codec: str, name: str) -> str:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{name}: not valid UTF-16 (byte {exc.start}); save it as UTF-8 and retry") from None
    if not text.strip():
        raise DocumentError(f"{name}: the file is empty")
    if _control_ratio(text) > 0.02:
        raise DocumentError(f"{name}: decodes only to control characters; it is probably binary, not text")
    return text


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
