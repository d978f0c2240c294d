"""Analyst corrections to extracted items (data/curated/corrections.csv): suppress, fix or add, each with a reason.

Corrections never touch raw text: they act on the extracted tables during the build, every applied correction is
logged in `corrections_log`, and a correction that no longer matches anything stops the build (the extraction
changed under it, so a person has to look again).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from database.csvrows import Code, CsvFileError, CsvRow, Name, Note, columns, read_rows
from extract.paths import REFERENCE
from extract.records import COMPARATORS, PLATFORM_KINDS
from extract.regions import UnknownProvince, resolve_province


class CorrectionRow(CsvRow):
    """One row of data/curated/corrections.csv (README there: the columns and what each action does)."""

    correction_id: Code
    action: Code
    table: Code
    province: Code
    doc_id: Code
    match: Note
    start_pos: Code
    end_pos: Code
    field: Name
    value: Note
    reason: Note
    curator: Name
    date: Code


COLUMNS = columns(CorrectionRow)
ACTIONS = ("suppress", "fix", "add")
# Columns a correction may set (fix, add) or filter on (suppress), with their types. Provenance is never editable.
FIELDS: dict[str, dict[str, type]] = {
    "theme_evidence": {"theme_id": str},
    "focus_industries": {"name": str, "name_en": str, "theme_id": str},
    "platforms": {"name": str, "kind": str},
    "targets": {
        "indicator": str, "value": float, "value_max": float, "unit": str, "comparator": str, "target_year": int,
    },
}  # fmt: skip
REQUIRED_FOR_ADD = {
    "theme_evidence": ("theme_id",),
    "focus_industries": ("name",),
    "platforms": ("name", "kind"),
    "targets": ("indicator", "comparator"),
}
NAME_TABLES = ("focus_industries", "platforms")  # there, `match` may also be the canonical name
LOG_COLUMNS = (
    "correction_id", "action", "table_name", "province", "doc_id", "match", "field", "value", "reason", "curator",
    "date", "applied_rows",
)  # fmt: skip
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CorrectionError(Exception):
    """A malformed correction, or one that matches nothing; the message names file, row and problem."""


@dataclass(frozen=True)
class Correction:
    correction_id: str
    action: str
    table: str
    province: str
    doc_id: str | None
    match: str
    start_pos: int | None
    end_pos: int | None
    fields: dict[str, Any]
    reason: str
    curator: str
    date: str
    where: str = field(default="", compare=False)  # "<file>: row <n>" for messages

    def log_row(self, applied: int) -> dict[str, Any]:
        return {
            "correction_id": self.correction_id,
            "action": self.action,
            "table_name": self.table,
            "province": self.province,
            "doc_id": self.doc_id,
            "match": self.match,
            "field": ";".join(self.fields) or None,
            "value": ";".join(_text(v) for v in self.fields.values()) or None,
            "reason": self.reason,
            "curator": self.curator,
            "date": self.date,
            "applied_rows": applied,
        }


def load_corrections(path: Path) -> list[Correction]:
    """Validated corrections in file order; a missing file means no corrections. All problems reported at once."""
    if not path.exists():
        return []
    out: list[Correction] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    try:
        for line, raw in read_rows(path, CorrectionRow):
            if isinstance(raw, str):
                problems.append(f"{path}: {raw}")
                continue
            try:
                c = _parse(raw, f"{path}: row {line}")
            except ValueError as exc:
                problems.append(f"{path}: row {line}: {exc}")
                continue
            if c.correction_id in seen:
                first = seen[c.correction_id]
                problems.append(f"{path}: row {line}: correction_id {c.correction_id!r} already used in row {first}")
                continue
            seen[c.correction_id] = line
            out.append(c)
    except CsvFileError as exc:
        raise CorrectionError(str(exc)) from None
    if problems:
        raise CorrectionError("\n".join(problems))
    return out


def _parse(raw: dict[str, str | None], where: str) -> Correction:
    r = {k: (v or "").strip() for k, v in raw.items() if k is not None}
    cid = r["correction_id"]
    if not _ID.match(cid):
        raise ValueError(f"correction_id {cid!r}: use letters, digits, '.', '_' or '-' (e.g. corr-0001)")
    action = r["action"]
    if action not in ACTIONS:
        raise ValueError(f"action {action!r}: use one of {', '.join(ACTIONS)}")
    table = r["table"]
    if table not in FIELDS:
        raise ValueError(f"table {table!r}: use one of {', '.join(FIELDS)}")
    try:
        province = resolve_province(r["province"])
    except UnknownProvince as exc:
        raise ValueError(f"province: {exc}") from None
    if not r["match"]:
        raise ValueError("match is empty: give the quote (or canonical name) the correction applies to")
    start, end = _int(r["start_pos"], "start_pos"), _int(r["end_pos"], "end_pos")
    if (start is None) != (end is None):
        raise ValueError("give both start_pos and end_pos, or neither")
    if start is not None and end is not None and end - start != len(r["match"]):
        raise ValueError(f"end_pos - start_pos = {end - start} but match has {len(r['match'])} characters")
    fields = _fields(r["field"], r["value"], table)
    if action == "add":
        if not r["doc_id"] or start is None:
            raise ValueError("add needs doc_id, start_pos and end_pos: an added item points to a span of a document")
        lacking = [f for f in REQUIRED_FOR_ADD[table] if f not in fields]
        if lacking:
            raise ValueError(f"add to {table} needs field(s) {', '.join(lacking)}")
    if action == "fix" and not fields:
        raise ValueError("fix needs field and value (the column(s) to change and their new value(s))")
    if not r["reason"]:
        raise ValueError("reason is empty: every correction says why")
    if not r["curator"]:
        raise ValueError("curator is empty: say who made the correction")
    if not _DATE.match(r["date"]):
        raise ValueError(f"date {r['date']!r}: use YYYY-MM-DD")
    return Correction(
        cid, action, table, province, r["doc_id"] or None, r["match"], start, end, fields,
        r["reason"], r["curator"], r["date"], where,
    )  # fmt: skip


def _int(text: str, column: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{column} {text!r} is not a non-negative integer")
    return int(text)


def _fields(names: str, values: str, table: str) -> dict[str, Any]:
    """`field` and `value` are parallel ';'-separated lists: field=indicator;value  value=core_share_gdp;10."""
    if not names and not values:
        return {}
    keys = [k.strip() for k in names.split(";")]
    vals = [v.strip() for v in values.split(";")]
    if len(keys) != len(vals):
        raise ValueError(f"field lists {len(keys)} column(s) but value lists {len(vals)}")
    allowed = FIELDS[table]
    out: dict[str, Any] = {}
    for k, v in zip(keys, vals, strict=True):
        if k not in allowed:
            raise ValueError(f"field {k!r} cannot be corrected in {table}; use one of {', '.join(allowed)}")
        if k in out:
            raise ValueError(f"field {k!r} given twice")
        out[k] = _typed(k, v, allowed[k])
    return out


def _typed(name: str, text: str, kind: type) -> Any:
    if text == "":
        raise ValueError(f"value for {name} is empty")
    if kind is float:
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"value for {name} {text!r} is not a number") from None
    if kind is int:
        if not text.isdigit():
            raise ValueError(f"value for {name} {text!r} is not an integer")
        return int(text)
    if name == "theme_id" and text not in _theme_ids():
        raise ValueError(f"theme_id {text!r} is not in data/reference/themes.csv")
    if name == "kind" and text not in PLATFORM_KINDS:
        raise ValueError(f"kind {text!r}: use one of {', '.join(PLATFORM_KINDS)}")
    if name == "comparator" and text not in COMPARATORS:
        raise ValueError(f"comparator {text!r}: use one of {' '.join(COMPARATORS)}")
    return text


def _theme_ids() -> set[str]:
    with open(REFERENCE / "themes.csv", encoding="utf-8") as fh:
        return {r["theme_id"] for r in csv.DictReader(fh)}


def _text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def apply_corrections(
    corrections: list[Correction],
    tables: dict[str, pd.DataFrame],
    texts: dict[str, str],
    sections: pd.DataFrame,
) -> pd.DataFrame:
    """Apply corrections in order to the attribute frames in `tables` (replaced in place); return the log frame."""
    log = []
    for c in corrections:
        if c.doc_id and c.doc_id not in texts:
            continue  # its document is not in this corpus (a fixture or partial build): nothing to correct
        frame = tables.get(c.table, pd.DataFrame())
        if c.action == "add":
            tables[c.table] = pd.concat([frame, pd.DataFrame([_added_row(c, texts, sections)])], ignore_index=True)
            log.append(c.log_row(1))
            continue
        mask = _matches(c, frame)
        n = int(mask.sum())
        if n == 0:
            raise CorrectionError(
                f"{c.where}: correction {c.correction_id} ({c.action} in {c.table}) matches nothing: no row with "
                f"quote or name {c.match!r} in {c.province}{_scope(c)}; the extraction may have changed, "
                "so check the correction and update or remove it"
            )
        if c.action == "suppress":
            tables[c.table] = frame.loc[~mask].reset_index(drop=True)
        else:
            frame = frame.copy()
            for column, value in c.fields.items():
                if column not in frame.columns:
                    frame[column] = None
                frame[column] = frame[column].astype(object)
                frame.loc[mask, column] = value
            for column in ("correction_id", "note"):
                frame[column] = frame[column].astype(object) if column in frame.columns else None
            frame.loc[mask, "correction_id"] = c.correction_id
            frame.loc[mask, "note"] = c.reason
            tables[c.table] = frame
        log.append(c.log_row(n))
    return pd.DataFrame(log, columns=list(LOG_COLUMNS))


def _scope(c: Correction) -> str:
    parts = []
    if c.doc_id:
        parts.append(f"document {c.doc_id}")
    if c.start_pos is not None:
        parts.append(f"span [{c.start_pos}:{c.end_pos}]")
    if c.action == "suppress" and c.fields:
        parts.append(", ".join(f"{k}={_text(v)}" for k, v in c.fields.items()))
    return (" (" + ", ".join(parts) + ")") if parts else ""


def _matches(c: Correction, frame: pd.DataFrame) -> pd.Series:
    if frame.empty or "quote" not in frame.columns:
        return pd.Series(False, index=frame.index, dtype=bool)
    hit = frame["quote"] == c.match
    if c.table in NAME_TABLES and "name" in frame.columns:
        hit = hit | (frame["name"] == c.match)
    mask = hit & (frame["province"] == c.province)
    if c.doc_id:
        mask &= frame["doc_id"] == c.doc_id
    if c.start_pos is not None:
        mask &= (frame["start_pos"] == c.start_pos) & (frame["end_pos"] == c.end_pos)
    if c.action == "suppress":  # for suppress, field/value narrow the match (e.g. one theme of a shared term)
        for column, value in c.fields.items():
            mask &= frame[column] == value
    return mask.fillna(False).astype(bool)


def _added_row(c: Correction, texts: dict[str, str], sections: pd.DataFrame) -> dict[str, Any]:
    assert c.doc_id is not None and c.start_pos is not None and c.end_pos is not None
    if c.doc_id not in texts:
        raise CorrectionError(f"{c.where}: correction {c.correction_id}: unknown doc_id {c.doc_id!r}")
    actual = texts[c.doc_id][c.start_pos : c.end_pos]
    if actual != c.match:
        raise CorrectionError(
            f"{c.where}: correction {c.correction_id}: the text at {c.doc_id}[{c.start_pos}:{c.end_pos}] is "
            f"{actual!r}, not {c.match!r}; an added item must quote the document exactly"
        )
    inside = sections[
        (sections["doc_id"] == c.doc_id)
        & (sections["province"] == c.province)
        & (sections["start_pos"] <= c.start_pos)
        & (sections["end_pos"] >= c.end_pos)
    ]
    if inside.empty:
        raise CorrectionError(
            f"{c.where}: correction {c.correction_id}: span [{c.start_pos}:{c.end_pos}] of {c.doc_id} is not "
            f"inside a section of {c.province}"
        )
    return {
        **c.fields,
        "doc_id": c.doc_id,
        "section_id": inside.iloc[0]["section_id"],
        "province": c.province,
        "start_pos": c.start_pos,
        "end_pos": c.end_pos,
        "quote": c.match,
        "method": "curated",
        "rule_id": c.correction_id,
        "note": c.reason,
        "correction_id": c.correction_id,
    }
