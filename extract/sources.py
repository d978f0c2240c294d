"""Discover raw documents and their metadata sidecars in data/raw/, and validate them against a declared schema.

A document is `<doc_id>.<txt|htm|html|docx|pdf>` plus `<doc_id>.meta.yaml`. The raw file is never edited; the
sidecar says what it is (title, issuer, date, URL, document type, the period it speaks of, the province it speaks
for or "several"). Sidecars are untrusted input: YAML aliases are refused (alias bombs), every field is typed and
capped in size, and any problem is reported with the file and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extract.reading import Document, DocumentError, read_document
from extract.regions import NATIONAL, UnknownProvince, resolve_province

DOCUMENT_SUFFIXES = (".txt", ".htm", ".html", ".docx", ".pdf")
SIDECAR_SUFFIX = ".meta.yaml"
SEVERAL = "several"
MAX_SIDECAR_BYTES = 64 * 1024
DOC_TYPES = ("digest", "plan", "action_plan", "measures", "work_report", "national_plan", "news")
DocType = Literal["digest", "plan", "action_plan", "measures", "work_report", "national_plan", "news"]
Year = Field(default=None, ge=1949, le=2100)


class SourceError(Exception):
    """A raw document or sidecar that cannot be used; the message names the file and the problem."""


class Sidecar(BaseModel):
    """The metadata of one raw document (README: adding a document lists every field)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True, frozen=True)

    title: str = Field(min_length=1, max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    scope: str = Field(min_length=1, max_length=40)  # a province, 全国, or "several" (a multi-province digest)
    doc_type: DocType
    issuer: str | None = Field(default=None, max_length=200)
    doc_number: str | None = Field(default=None, max_length=100)
    date: str | None = Field(default=None, max_length=10)
    url: str | None = Field(default=None, max_length=2000)
    publisher: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=40)
    period_start: int | None = Year  # the years its plan part is for (a 十四五 plan: 2021–2025; a 2026 report: 2026)
    period_end: int | None = Year
    review_start: int | None = Year  # the years its review part reports on (a 2026 work report: 2021–2025)
    review_end: int | None = Year
    language: Literal["zh", "en"] = "zh"
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError as exc:
            raise ValueError(f"not a calendar date ({exc})") from None
        return value

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://[^\s<>\"']+$", value):
            raise ValueError("expected an http(s):// address without spaces or quotes")
        return value

    @field_validator("scope")
    @classmethod
    def _known_scope(cls, value: str) -> str:
        if value.lower() == SEVERAL:
            return SEVERAL
        try:
            return resolve_province(value)
        except UnknownProvince as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _consistent(self) -> Sidecar:
        if self.scope == NATIONAL and self.city:
            raise ValueError("a national document (scope 全国) cannot name a city")
        for a, b in (("period_start", "period_end"), ("review_start", "review_end")):
            lo, hi = getattr(self, a), getattr(self, b)
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{a} {lo} is after {b} {hi}")
        return self


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
    try:
        if not raw_dir.is_dir():
            raise SourceError(f"{raw_dir}: folder of raw documents not found")
        return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    except OSError as exc:
        raise SourceError(f"{raw_dir}: cannot list the folder of raw documents ({exc.strerror or exc})") from None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def load_source(path: Path) -> Source:
    """Read one document and its sidecar; raise SourceError naming the file on any problem."""
    sidecar = sidecar_path(path)
    if not _exists(sidecar):
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


def _exists(path: Path) -> bool:
    """Path.exists, with a folder that cannot be searched (permission denied) reported as a SourceError."""
    try:
        return path.exists()
    except OSError as exc:
        raise SourceError(f"{path}: cannot check whether it exists ({exc.strerror or exc})") from None


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without aliases (a few hundred bytes of nested aliases expand to gigabytes) or timestamps."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.YAMLError(f"YAML aliases (*name) are not allowed in a sidecar (line {mark.line + 1})")
        return super().compose_node(parent, index)


# Dates stay strings (validated by the schema), not datetime objects with their own surprises.
_NoAliasLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_sidecar_text(text: str, where: str) -> dict[str, Any]:
    """Validate sidecar YAML text; return its fields (scope normalised to a short name, 全国 or 'several')."""
    try:
        raw = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise SourceError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise SourceError(f"{where}: expected a mapping of fields (title, scope, doc_type, …)")
    try:
        model = Sidecar.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'sidecar'}: {e['msg']}" for e in exc.errors())
        raise SourceError(f"{where}: {problems}") from None
    return model.model_dump()


def read_sidecar(sidecar: Path) -> dict[str, Any]:
    """Read and validate a sidecar file (size-capped, UTF-8)."""
    try:
        size = sidecar.stat().st_size
        if size > MAX_SIDECAR_BYTES:
            raise SourceError(f"{sidecar}: {size} bytes; a sidecar holds a few fields (at most {MAX_SIDECAR_BYTES})")
        text = sidecar.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{sidecar}: not UTF-8; save the sidecar as UTF-8") from None
    except OSError as exc:
        raise SourceError(f"{sidecar}: cannot read ({exc.strerror or exc})") from None
    return parse_sidecar_text(text, str(sidecar))
