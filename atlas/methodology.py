"""Files and download payloads behind the Data & method page. Streamlit-free.

Download payloads are built lazily (Streamlit calls them when the button is clicked), each on its own read-only
connection, so rendering the page never pays for a workbook nobody asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from atlas import db, exports
from atlas.queries import about
from extract.paths import REFERENCE, ROOT, RULES

XLSX_CELL_LIMIT = 32767  # Excel's maximum characters per cell
TRUNCATED = " …[truncated: see the CSV or the database file]"
DB_MIME = "application/octet-stream"


@dataclass(frozen=True)
class RuleFile:
    path: str  # relative to the project root, e.g. extract/rules/themes.yaml
    text: str


def rule_files() -> list[RuleFile]:
    """The extraction rule files (YAML), as shipped with this code."""
    return [
        RuleFile(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
        for p in sorted(RULES.glob("*.y*ml"))
        if p.is_file()
    ]


def map_notice() -> str:
    """The map asset's provenance notice (data/reference/NOTICE-map.md), Markdown."""
    return (REFERENCE / "NOTICE-map.md").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def accuracy() -> pd.DataFrame | None:
    """Precision, recall and F1 per field from extract.evaluate (the hand-labelled golden files), if available.

    Cached per process: the scores depend only on the code and the golden files, which a running app does not change.
    """
    try:
        module = importlib.import_module("extract.evaluate")
        cases = module.load_cases()
        scores = module.score(cases)
    except (ImportError, AttributeError, OSError):
        return None
    rows = [
        {"field": name, "tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision, "recall": s.recall, "f1": s.f1}
        for name, s in scores.items()
    ]
    frame = pd.DataFrame(rows)
    frame.attrs["n_cases"] = len(cases)
    return frame


def xlsx_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Cut text longer than an XLSX cell holds, marking the cut (the CSV and the database keep the full text)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [
                v[: XLSX_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
                if isinstance(v, str) and len(v) > XLSX_CELL_LIMIT
                else v
                for v in out[column]
            ]
    return out


def table_csv(table: str) -> bytes:
    """One database table as CSV (UTF-8 with BOM)."""
    con = db.connect()
    try:
        return exports.csv_bytes(about.table_rows(con, table))
    finally:
        con.close()


def all_tables_xlsx() -> bytes:
    """Every database table as one workbook, a sheet per table."""
    con = db.connect()
    try:
        names = about.export_tables(con)["table_name"]
        return exports.xlsx_bytes({name: xlsx_safe(about.table_rows(con, name)) for name in names})
    finally:
        con.close()


def database_bytes() -> bytes:
    """The DuckDB file being served, as bytes."""
    return Path(db.database_path()).read_bytes()
