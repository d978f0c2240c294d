"""Discover raw documents and their metadata sidecars in data/raw/, and validate them.

A document is `<doc_id>.txt` (or .htm/.html) plus `<doc_id>.meta.yaml`. The raw file is never edited; the sidecar
says what it is (title, issuer, date, URL, the province it speaks for or "several").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extract.reading import Document, DocumentError, read_document
from extract.regions import NATIONAL, UnknownProvince, resolve_province

DOCUMENT_SUFFIXES = (".txt", ".htm", ".html")
SIDECAR_SUFFIX = ".meta.yaml"
SEVERAL = "several"
REQUIRED_FIELDS = ("title", "scope")
KNOWN_FIELDS = {
    "title", "title_en", "issuer", "doc_number", "date", "url", "publisher", "scope", "city", "doc_type",
    "language", "sha256", "note",
}  # fmt: skip


class SourceError(Exception):
    """A raw document or sidecar that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Source:
    doc_id: str
    path: Path
    meta: dict[str, Any]
    document: Document

    @property
    def scope(self) -> str:
        return str(self.meta["scope"])


def discover(raw_dir: Path) -> list[Path]:
    """Document files in raw_dir, sorted by name so builds are deterministic."""
    if not raw_dir.is_dir():
        raise SourceError(f"{raw_dir}: folder of raw documents not found")
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)


def load_source(path: Path) -> Source:
    """Read one document and its sidecar; raise SourceError naming the file on any problem."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        raise SourceError(f"{path}: no metadata sidecar; create {sidecar.name} (see README: adding a document)")
    meta = read_sidecar(sidecar)
    try:
        document = read_document(path)
    except DocumentError as exc:
        raise SourceError(str(exc)) from None
    expected = meta.get("sha256")
    if expected and str(expected) != document.sha256:
        raise SourceError(
            f"{sidecar}: sha256 {expected} does not match the file ({document.sha256}); "
            "the raw file changed after its sidecar was written: check it and update the sidecar"
        )
    return Source(path.stem, path, meta, document)


def read_sidecar(sidecar: Path) -> dict[str, Any]:
    """Parse and validate a sidecar; scope is normalised to a canonical short name, 全国 or 'several'."""
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(f"{sidecar}: not valid UTF-8 YAML ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(meta, dict):
        raise SourceError(f"{sidecar}: expected a mapping of fields (title, scope, …)")
    missing = [f for f in REQUIRED_FIELDS if not meta.get(f)]
    if missing:
        raise SourceError(f"{sidecar}: missing required field(s) {', '.join(missing)}")
    unknown = sorted(set(meta) - KNOWN_FIELDS)
    if unknown:
        raise SourceError(f"{sidecar}: unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_FIELDS))}")
    scope = str(meta["scope"]).strip()
    if scope.lower() != SEVERAL:
        try:
            scope = resolve_province(scope)
        except UnknownProvince as exc:
            raise SourceError(f"{sidecar}: scope: {exc}") from None
    else:
        scope = SEVERAL
    meta = dict(meta)
    meta["scope"] = scope
    if meta.get("date") is not None:
        meta["date"] = str(meta["date"])
    sha = meta.get("sha256")
    if sha is not None and not re.fullmatch(r"[0-9a-f]{64}", str(sha)):
        raise SourceError(f"{sidecar}: sha256 {sha!r} is not 64 lowercase hex digits; fix it or delete the line")
    if scope == NATIONAL and meta.get("city"):
        raise SourceError(f"{sidecar}: a national document (scope 全国) cannot name a city")
    return meta
