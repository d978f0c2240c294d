"""`python -m extract add FILE --scope 广西 …`: put a new document into data/raw/ with a checked sidecar.

The file is read first (so an unreadable, scanned or empty file is refused before anything is written), the
sidecar is validated by the same schema the build uses, and only then are the copy and the sidecar written. Nothing
in data/raw/ is ever overwritten.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from extract.paths import RAW
from extract.reading import read_document
from extract.sources import DOCUMENT_SUFFIXES, SIDECAR_SUFFIX, SourceError, parse_sidecar_text

_SAFE_STEM = re.compile(r"[^0-9A-Za-z_\-\u4e00-\u9fff]+")


def add_document(path: Path, fields: dict[str, Any], raw_dir: Path = RAW) -> Path:
    """Copy `path` into raw_dir with a sidecar built from `fields`; return the new document's path."""
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise SourceError(f"{path}: unsupported file type; use one of {', '.join(DOCUMENT_SUFFIXES)}")
    document = read_document(path)  # raises DocumentError with the reason
    stem = _SAFE_STEM.sub("_", path.stem).strip("_") or "document"
    target = raw_dir / f"{stem}{path.suffix.lower()}"
    sidecar = raw_dir / f"{stem}{SIDECAR_SUFFIX}"
    if target.exists() or sidecar.exists() or any((raw_dir / f"{stem}{s}").exists() for s in DOCUMENT_SUFFIXES):
        raise SourceError(f"{target}: a document named {stem} is already in {raw_dir}; rename the file first")
    meta = {k: v for k, v in fields.items() if v is not None}
    meta.setdefault("title", _first_line(document.text))
    meta["sha256"] = document.sha256
    checked = parse_sidecar_text(yaml.safe_dump(meta, allow_unicode=True), str(sidecar))  # the build's own schema
    text = yaml.safe_dump({k: v for k, v in checked.items() if v is not None}, allow_unicode=True, sort_keys=False)
    raw_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    sidecar.write_text("# Sidecar written by `python -m extract add`.\n" + text, encoding="utf-8")
    return target


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return "untitled"
