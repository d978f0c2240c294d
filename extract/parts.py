"""Which part of a document a position lies in, for the numbers model: the review of the past ("review") or the plan
ahead ("plan"), and the top-level heading it sits under.

One detector for the whole extractor: this reads extract.headings' outline (the same headings and parts every item's
`heading` comes from), so the numbers model and the province page never disagree about where the review ends.
"""

from __future__ import annotations

from bisect import bisect_right

from extract import headings


class Parts:
    """The top-level headings of text[start:end] and the outline's review / plan part at any position."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._outline = headings.outline(text, start, end)
        found = self._outline.headings
        top = min((h.level for h in found), default=1)
        tops = [h for h in found if h.level == top]
        self._starts = [h.start for h in tops]
        self._ends = [h.end for h in tops]
        self._titles = [h.title for h in tops]

    def part_at(self, pos: int) -> str | None:
        return self._outline.part_at(pos)

    def heading_at(self, pos: int) -> str:
        """The title of the last top-level heading before pos ("" before the first)."""
        k = bisect_right(self._starts, pos)
        return self._titles[k - 1] if k else ""

    def in_heading(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos)
        return bool(k) and pos < self._ends[k - 1]
