"""Download files built from exactly the tables a page shows: CSV (UTF-8 with BOM) and XLSX. Streamlit-free.

Why a BOM: Excel on Windows opens a BOM-less UTF-8 CSV as the local code page and garbles Chinese. Why ASCII file
names: browsers and mail clients still mangle non-ASCII Content-Disposition names. Text cells that a spreadsheet
would run as a formula (starting with = + - @, tab or CR; OWASP "CSV injection") get a leading apostrophe in both
files, and the XLSX also stores every string explicitly as text, so a document quote can never become a live
formula. Only strings are touched: a number (-5.5) stays a number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CSV_ENCODING = "utf-8-sig"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def _csv_safe(value: object) -> object:
    """A string a spreadsheet would run as a formula, prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """One table as CSV, UTF-8 with BOM, header = the visible column labels, no index."""
    safe = table.map(_csv_safe) if not table.empty else table
    return safe.to_csv(index=False, lineterminator="\r\n").encode(CSV_ENCODING)


def stacked(tables: Mapping[str, pd.DataFrame], type_column: str) -> pd.DataFrame:
    """Several tables with the same columns from the third on, stacked under a leading type column.

    Used for the one-file CSV of a comparison shown as several tables (one per attribute type).
    """
    frames = []
    for name, table in tables.items():
        frame = table.copy()
        frame.insert(0, type_column, name)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[type_column])
    return pd.concat(frames, ignore_index=True).fillna("")


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name (max 31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    taken = set(taken)
    while candidate in taken:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per entry (in order), every cell stored as text or number, never a formula."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: list[str] = []
    for name, table in sheets.items():
        ws = wb.create_sheet(sheet_name(name, taken))
        taken.append(ws.title)
        ws.append([str(c) for c in table.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for record in table.itertuples(index=False):
            ws.append([_xlsx_value(v) for v in record])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl guesses '=…' is a formula; it is document text
                    cell.alignment = Alignment(wrap_text=len(cell.value) > 60, vertical="top")
        for i, column in enumerate(table.columns, 1):
            width = max([len(str(column))] + [len(str(v)) for v in table.iloc[:, i - 1].head(200)]) + 2
            ws.column_dimensions[get_column_letter(i)].width = min(max(width * 1.6, 8), 70)
        ws.freeze_panes = "A2"
    if not taken:
        wb.create_sheet("Sheet")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_value(v: object) -> object:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalar → Python
        return v.item()
    return _csv_safe(v)


def ascii_filename(stem: str, parts: Iterable[str], ext: str, max_len: int = 80) -> str:
    """A portable file name: lower-case ASCII letters, digits, '-' and '_' only, e.g. compare_beijing-shanghai.csv."""
    slug = "-".join(p for p in (re.sub(r"[^a-z0-9]+", "", s.lower()) for s in parts) if p)
    name = re.sub(r"[^a-z0-9_-]+", "_", stem.lower()).strip("_") or "export"
    if slug:
        name = f"{name}_{slug}"
    return f"{name[:max_len]}.{ext.lstrip('.')}"
