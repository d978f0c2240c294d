"""Which part of a document a position lies in: the review of the past ("review") or the plan ahead ("plan").

A stand-in until the outline of headings (extract/headings.py, another branch) lands: only the top-level headings
are read (一、… / 第一章 … / 第一部分 … on a line of their own), each classified by its words. Swap `Parts` for
the outline's `part_at(pos)` when it lands; the numbers extractor asks nothing else.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# a top-level heading: a short line of its own opening with 一、 / 第一章 / 第一部分
_NUMERAL = "[一二三四五六七八九十]{1,3}"
_HEADING = re.compile(rf"^[ \t\u3000]*(?:{_NUMERAL}、|第{_NUMERAL}[章部篇])[^\n。]{{0,48}}$", re.M)
_REVIEW = re.compile(r"回顾|成就|成绩|过去|发展基础|现状|发展环境")
_PLAN = re.compile(
    r"目标任务|工作安排|重点工作|主要工作|主要任务|重点任务|发展目标|主要考虑|总体要求|保障措施|工作部署"
)


def heading_part(heading: str) -> str | None:
    """review / plan for a heading that says which, None when it says neither (or both)."""
    review, plan = bool(_REVIEW.search(heading)), bool(_PLAN.search(heading))
    if review == plan:
        return None
    return "review" if review else "plan"


class Parts:
    """The top-level headings of text[start:end], each with its part; `part_at(pos)` is the part of the last heading
    before pos (None before the first heading or under a heading that says neither)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._starts: list[int] = []
        self._parts: list[str | None] = []
        self._ends: list[int] = []
        self._headings: list[str] = []
        for m in _HEADING.finditer(text, start, end):
            self._starts.append(m.start())
            self._ends.append(m.end())
            self._parts.append(heading_part(m.group()))
            self._headings.append(m.group().strip())

    def part_at(self, pos: int) -> str | None:
        k = bisect_right(self._starts, pos)
        return self._parts[k - 1] if k else None

    def heading_at(self, pos: int) -> str:
        """The text of the last top-level heading before pos ("" before the first)."""
        k = bisect_right(self._starts, pos)
        return self._headings[k - 1] if k else ""

    def in_heading(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos)
        return bool(k) and pos < self._ends[k - 1]
