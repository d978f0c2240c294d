"""Column widths that fit a table into the page at 1400 px: no column pushed off the right edge. Streamlit-free.

Why: Streamlit's data grid sizes each column to its content and scrolls sideways when they add up to more than the
page; at 1400 px the right-most columns (a rule id, a source) were cut off. ``fit_widths`` estimates each column's
natural width from its header and cells (a CJK character is about twice a Latin one), keeps narrow columns as they
are and shares what is left among the wide ones, and says how tall a row must be for the text to wrap instead of
running under the next column. Rows grow up to MAX_ROW_PX; a page that has paragraphs to show gives them their own
place (an expander, a text block) rather than a cell.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping

import pandas as pd

BUDGET_PX = 900  # the main column at a 1400 px window is ~938 px: the grid's border and scroll bar take the rest
EXPANDER_BUDGET_PX = 866  # inside an expander the grid has ~904 px
CELL_PAD_PX = 17  # left and right padding of a grid cell
HEADER_EXTRA_PX = 10  # the header's sort arrow when sorted
MIN_TEXT_PX = 90
MAX_WORD_PX = 300  # a longer unbreakable piece (a URL) ends in the grid's ellipsis rather than widen the table
MAX_NATURAL_PX = 480  # no column asks for more than this, however long its longest cell
LINE_PX = 18  # one wrapped line of the grid's 14 px text
MIN_WRAP_ROW_PX = 70  # the grid wraps text only in rows taller than 64 px
MAX_ROW_PX = 140  # beyond this a row is a paragraph: such text belongs in its own place, not a cell
SAMPLE = 400  # rows looked at per column (the longest of a sample is enough to size a column)


def text_px(text: str) -> float:
    """Approximate rendered width of ``text`` in the grid's 14 px font."""
    width = 0.0
    for ch in text:
        width += 14.0 if unicodedata.east_asian_width(ch) in "WF" else 7.6
    return width


def token_px(text: str) -> float:
    """Width of the longest piece the grid cannot break (a Latin word or dotted id; CJK text breaks anywhere)."""
    widest = 0.0
    for word in text.split():
        run = 0.0
        for ch in word:
            if unicodedata.east_asian_width(ch) in "WF":
                widest, run = max(widest, run, 14.0), 0.0
            else:
                run += 7.6
        widest = max(widest, run)
    return widest


def _cells(series: pd.Series) -> list[str]:
    values = series.head(SAMPLE).tolist()
    out = []
    for v in values:
        if isinstance(v, (list, tuple)):
            v = ", ".join(map(str, v))
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        out.append(str(v))
    return out


def fit_widths(
    frame: pd.DataFrame, headers: Mapping[str, str] | None = None, budget: int = BUDGET_PX
) -> tuple[dict[str, int], int | None]:
    """Pixel width per column (by column name) adding up to at most ``budget``, and the row height the grid needs
    for the text to wrap (None when every cell fits on one line).

    ``headers`` maps a column to the header the user sees (its column_config label) where that differs.
    Numeric columns keep their natural width; text columns get the width that lets every cell fit in the fewest
    wrapped lines, never narrower than their header or their longest unbreakable word.
    """
    headers = headers or {}
    natural: dict[str, float] = {}
    floor: dict[str, float] = {}
    text_cols: list[str] = []
    for column in frame.columns:
        header = str(headers.get(column, column))
        head_px = text_px(header) + CELL_PAD_PX + HEADER_EXTRA_PX
        cells = _cells(frame[column])
        cell_px = max((text_px(c) for c in cells), default=0.0) + CELL_PAD_PX
        natural[column] = min(max(head_px, cell_px), MAX_NATURAL_PX)
        is_text = not pd.api.types.is_numeric_dtype(frame[column]) and cell_px > head_px
        word_px = max((token_px(c) for c in cells), default=0.0) + CELL_PAD_PX
        floor[column] = (
            min(max(head_px, min(word_px, MAX_WORD_PX), MIN_TEXT_PX), natural[column]) if is_text else natural[column]
        )
        if is_text:
            text_cols.append(column)
    widths = dict(natural)
    need = {c: max((text_px(x) for x in _cells(frame[c])), default=0.0) * 1.08 for c in text_cols}
    if sum(natural.values()) > budget and text_cols:
        fixed = sum(w for c, w in natural.items() if c not in text_cols)

        def at(lines: int) -> dict[str, float]:  # the width each text column needs to fit in this many lines
            return {c: min(natural[c], max(floor[c], need[c] / lines + CELL_PAD_PX)) for c in text_cols}

        # the fewest wrapped lines (the shortest rows) for which the text columns fit beside the fixed ones
        lines = next((n for n in range(1, 12) if fixed + sum(at(n).values()) <= budget), 12)
        widths.update(at(lines))
    lines = 1
    for column in text_cols:
        inner = widths[column] - CELL_PAD_PX
        for c in _cells(frame[column]):
            lines = max(lines, math.ceil(text_px(c) * 1.08 / inner))  # wrapping at word ends wastes some room
    if lines == 1:
        return {c: int(w) for c, w in widths.items()}, None
    return {c: int(w) for c, w in widths.items()}, min(max(MIN_WRAP_ROW_PX, 16 + LINE_PX * lines), MAX_ROW_PX)
