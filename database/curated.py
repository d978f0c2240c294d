"""Hand-curated facts (data/curated/*.csv): load, validate row by row, and name the file and row on error."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from database.csvrows import Code, CsvFileError, CsvRow, Name, Note, Url, columns, read_rows
from extract.regions import UnknownProvince, resolve_province

HEADLINE_INDICATORS = ("de_share_gdp", "core_share_gdp", "de_value", "core_value")


class HeadlineTargetRow(CsvRow):
    """data/curated/headline_targets.csv (README there: one row = one target from one plan)."""

    province: Code
    plan_title: Name
    issuer: Name
    issue_date: Code
    indicator: Code
    value: Code
    unit: Code
    comparator: Code
    target_year: Code
    baseline_value: Code
    baseline_year: Code
    source_url: Url
    source_publisher: Name
    status: Code
    note: Note


class NoTargetRow(CsvRow):
    """data/curated/no_target.csv: the plan was read and sets no such target."""

    province: Code
    indicator: Code
    plan_title: Name
    issuer: Name
    issue_date: Code
    source_url: Url
    source_publisher: Name
    status: Code
    curator: Name
    checked_on: Code
    note: Note


class OutcomeRow(CsvRow):
    """data/curated/outcomes.csv: a headline outcome (or next target) quoted from a work report of the corpus."""

    province: Code
    doc_id: Code
    kind: Code
    indicator: Code
    value: Code
    unit: Code
    comparator: Code
    year: Code
    quote: Note
    note: Note


class NoOutcomeRow(CsvRow):
    """data/curated/no_outcome.csv: the report was read and states no figure for this indicator group."""

    province: Code
    doc_id: Code
    indicator: Code
    searched: Note
    note: Note


HEADLINE_COLUMNS = columns(HeadlineTargetRow)
NO_TARGET_COLUMNS = columns(NoTargetRow)
STATUSES = ("high", "medium", "unverified")
COMPARATORS = ("=", ">", ">=", "~", "<", "<=")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class CuratedError(Exception):
    """A malformed curated row; the message names file, row and problem."""


@dataclass(frozen=True)
class RowProblem:
    file: Path
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.line}: {self.problem}"


def load_headline_targets(path: Path) -> list[dict[str, Any]]:
    """Validated headline targets; every problem in the file is reported at once (rows reach parsers stripped)."""
    return _load(path, HeadlineTargetRow, lambda raw, line: _headline_row(raw, f"curated.headline_targets#{line}"))


def load_no_target(path: Path) -> list[dict[str, Any]]:
    """Validated "the plan was read and sets no such target" records; a missing file means none recorded."""
    if not path.exists():
        return []
    return _load(path, NoTargetRow, lambda raw, line: _no_target_row(raw, f"curated.no_target#{line}"))


def _load(path: Path, schema: type[CsvRow], parse: Any) -> list[dict[str, Any]]:
    """Rows of `path` checked against `schema` (database/csvrows.py), then parsed; all row problems at once."""
    rows, problems = [], []
    try:
        for line, raw in read_rows(path, schema):
            if isinstance(raw, str):
                problems.append(f"{path}: {raw}")
                continue
            try:
                rows.append(parse(raw, line))
            except ValueError as exc:
                problems.append(str(RowProblem(path, line, str(exc))))
    except CsvFileError as exc:
        raise CuratedError(str(exc)) from None
    if problems:
        raise CuratedError("\n".join(problems))
    return rows


def _no_target_row(r: dict[str, str], record_id: str) -> dict[str, Any]:
    province = _province(r["province"])
    if r["indicator"] not in HEADLINE_INDICATORS:
        raise ValueError(f"indicator {r['indicator']!r}: use one of {', '.join(HEADLINE_INDICATORS)}")
    if not r["plan_title"]:
        raise ValueError("plan_title is empty: name the plan that was read and sets no such target")
    status = _status(r["status"], r["source_url"])
    if not r["curator"]:
        raise ValueError("curator is empty: say who read the plan")
    return {
        "record_id": record_id,
        "province": province,
        "indicator": r["indicator"],
        "plan_title": r["plan_title"],
        "issuer": r["issuer"] or None,
        "issue_date": _date(r["issue_date"], "issue_date"),
        "source_url": r["source_url"] or None,
        "source_publisher": r["source_publisher"] or None,
        "status": status,
        "curator": r["curator"],
        "checked_on": _date(r["checked_on"], "checked_on", required=True),
        "note": r["note"] or None,
        "method": "curated",
        "rule_id": record_id,
    }


def _province(text: str) -> str:
    try:
        return resolve_province(text)
    except UnknownProvince as exc:
        raise ValueError(f"province: {exc}") from None


def _status(status: str, source_url: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"status {status!r}: use one of {', '.join(STATUSES)}")
    if status in ("high", "medium") and not source_url.startswith(("http://", "https://")):
        raise ValueError(f"status {status} needs a source_url (government site or official media)")
    if source_url and not source_url.startswith(("http://", "https://")):
        raise ValueError(f"source_url {source_url!r} is not an http(s) URL")
    return status


def _date(text: str, column: str, required: bool = False) -> str | None:
    if not text:
        if required:
            raise ValueError(f"{column} is empty (YYYY-MM-DD)")
        return None
    if not _DATE.match(text):
        raise ValueError(f"{column} {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def _headline_row(r: dict[str, str], target_id: str) -> dict[str, Any]:
    province = _province(r["province"])
    indicator = r["indicator"]
    if indicator not in HEADLINE_INDICATORS and not (indicator.startswith("other:") and len(indicator) > 6):
        raise ValueError(f"indicator {indicator!r}: use one of {', '.join(HEADLINE_INDICATORS)} or other:<名称>")
    if not r["plan_title"]:
        raise ValueError("plan_title is empty: every curated target names the plan that sets it")
    value = _number(r["value"], "value", required=True)
    if not r["unit"]:
        raise ValueError("unit is empty (%, 亿元, 万亿元, …)")
    if indicator.endswith("share_gdp") and r["unit"] != "%":
        raise ValueError(f"unit {r['unit']!r}: a share of GDP is given in %")
    if indicator.endswith("share_gdp") and not 0 < value <= 100:
        raise ValueError(f"value {value}: a share of GDP lies between 0 and 100")
    if r["comparator"] not in COMPARATORS:
        raise ValueError(f"comparator {r['comparator']!r}: use one of {' '.join(COMPARATORS)}")
    year = _year(r["target_year"], "target_year", required=True)
    status = _status(r["status"], r["source_url"])
    return {
        "target_id": target_id,
        "province": province,
        "indicator": indicator,
        "value": value,
        "unit": r["unit"],
        "comparator": r["comparator"],
        "target_year": year,
        "baseline_value": _number(r["baseline_value"], "baseline_value"),
        "baseline_year": _year(r["baseline_year"], "baseline_year"),
        "plan_title": r["plan_title"],
        "issuer": r["issuer"] or None,
        "issue_date": _date(r["issue_date"], "issue_date"),
        "source_url": r["source_url"] or None,
        "source_publisher": r["source_publisher"] or None,
        "status": status,
        "note": r["note"] or None,
        "method": "curated",
        "rule_id": target_id,
    }


def _number(text: str, column: str, required: bool = False) -> float | None:
    if not text:
        if required:
            raise ValueError(f"{column} is empty")
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{column} {text!r} is not a finite number")
    return value


def _year(text: str, column: str, required: bool = False) -> int | None:
    if not text:
        if required:
            raise ValueError(f"{column} is empty")
        return None
    if not text.isdigit() or not 2000 <= int(text) <= 2050:
        raise ValueError(f"{column} {text!r} is not a year between 2000 and 2050")
    return int(text)


OUTCOME_COLUMNS = columns(OutcomeRow)
NO_OUTCOME_COLUMNS = columns(NoOutcomeRow)
OUTCOME_INDICATORS = (*HEADLINE_INDICATORS, "core_growth", "de_growth")
OUTCOME_KINDS = ("achieved", "next_target")
OUTCOME_UNITS = ("%", "亿元", "万亿元")


def load_outcomes(path: Path, texts: dict[str, str]) -> list[dict[str, Any]]:
    """Curated headline outcomes (and next targets) read off the corpus's own documents, each with its exact span.

    The span is where the quote occurs in the document's cleaned text: a quote that is absent or occurs twice is a
    row problem. Rows for a document that is not in this corpus (a fixture build) are left out.
    """
    if not path.exists():
        return []
    rows = _load(path, OutcomeRow, lambda raw, line: _outcome_row(raw, f"curated.outcomes#{line}", texts))
    return [r for r in rows if r is not None]


def load_no_outcome(path: Path, texts: dict[str, str]) -> list[dict[str, Any]]:
    """Curated "the report was read and states no figure for this indicator group" records."""
    if not path.exists():
        return []
    rows = _load(path, NoOutcomeRow, lambda raw, line: _no_outcome_row(raw, f"curated.no_outcome#{line}", texts))
    return [r for r in rows if r is not None]


def _outcome_row(r: dict[str, str], record_id: str, texts: dict[str, str]) -> dict[str, Any] | None:
    doc_id = r["doc_id"]
    if doc_id not in texts:
        return None
    if r["kind"] not in OUTCOME_KINDS:
        raise ValueError(f"kind {r['kind']!r} is not one of {', '.join(OUTCOME_KINDS)}")
    if r["indicator"] not in OUTCOME_INDICATORS:
        raise ValueError(f"indicator {r['indicator']!r} is not one of {', '.join(OUTCOME_INDICATORS)}")
    if r["unit"] not in OUTCOME_UNITS:
        raise ValueError(f"unit {r['unit']!r} is not one of {', '.join(OUTCOME_UNITS)}")
    if r["comparator"] not in COMPARATORS:
        raise ValueError(f"comparator {r['comparator']!r} is not one of {', '.join(COMPARATORS)}")
    quote, text = r["quote"], texts[doc_id]
    start = text.find(quote) if quote else -1
    if start < 0:
        raise ValueError(f"quote {quote!r} is not in document {doc_id}")
    if text.find(quote, start + 1) >= 0:
        raise ValueError(f"quote {quote!r} occurs more than once in {doc_id}; quote more of the sentence")
    return {
        "record_id": record_id, "province": _province(r["province"]), "doc_id": doc_id, "kind": r["kind"],
        "indicator": r["indicator"], "value": _number(r["value"], "value", required=True), "unit": r["unit"],
        "comparator": r["comparator"], "year": _year(r["year"], "year"), "start_pos": start,
        "end_pos": start + len(quote), "quote": quote, "note": r["note"] or None, "method": "curated",
        "rule_id": record_id,
    }  # fmt: skip


def _no_outcome_row(r: dict[str, str], record_id: str, texts: dict[str, str]) -> dict[str, Any] | None:
    if r["doc_id"] not in texts:
        return None
    if r["indicator"] not in ("core", "de"):
        raise ValueError(f"indicator {r['indicator']!r} is not core or de")
    if not r["searched"]:
        raise ValueError("searched is empty: say which terms the report was read for")
    return {
        "record_id": record_id, "province": _province(r["province"]), "doc_id": r["doc_id"],
        "indicator": r["indicator"], "searched": r["searched"], "note": r["note"] or None, "method": "curated",
        "rule_id": record_id,
    }  # fmt: skip
