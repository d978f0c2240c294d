"""Files and download payloads behind the Data & method page. Streamlit-free.

Download payloads are built lazily (Streamlit calls them when the button is clicked), each on its own read-only
connection, so rendering the page never pays for a workbook nobody asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
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
