"""One clause walker: sentence and clause boundaries of a span, computed once by one pass, looked up by bisect.

Extractors used to walk backwards character by character from every match to its sentence or clause start, and to
rescan the sentence for context markers: quadratic on long sentences (a run of 到2025年…，到2025年…， with no 。).
Here a span's boundaries are found once (one regular-expression pass per set of break characters) and every
"where does the clause around position p start / end?" is a binary search. `Marks` does the same for the
positions of context markers (已, 力争, 预计 …): found once per unit, asked "the nearest one in [lo, p)".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter

SENTENCE_END = "。！？!?\n"
CLAUSE_END = "，。；：！？,;:!?\n"  # a comma-level clause
LIST_BREAKS = "。！？!?；;：:，、"  # a clause or an item of a 、-list


@lru_cache(maxsize=16)
def _break_re(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]")


class Boundaries:
    """Positions just after each break character of text[start:end] (one set of break characters)."""

    def __init__(self, text: str, start: int, end: int, chars: str) -> None:
        self.start, self.end = start, end
        self._after = [m.end() for m in _break_re(chars).finditer(text, start, end)]

    def start_of(self, pos: int) -> int:
        """The start of the piece holding pos: just after the last break before pos (text[i-1] is a break)."""
        k = bisect_right(self._after, pos)
        return self._after[k - 1] if k else self.start

    def end_of(self, pos: int) -> int:
        """The end of the piece holding pos, including its break character (or the span's end)."""
        k = bisect_right(self._after, pos)
        return self._after[k] if k < len(self._after) else self.end


class ClauseIndex:
    """Sentence, clause and list-item boundaries of text[start:end]."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.sentences = Boundaries(text, start, end, SENTENCE_END)
        self.clauses = Boundaries(text, start, end, CLAUSE_END)
        self.items = Boundaries(text, start, end, LIST_BREAKS)

    def sentence_start(self, pos: int) -> int:
        return self.sentences.start_of(pos)

    def sentence_end(self, pos: int) -> int:
        return self.sentences.end_of(pos)

    def clause_start(self, pos: int) -> int:
        return self.clauses.start_of(pos)

    def clause_end(self, pos: int) -> int:
        return self.clauses.end_of(pos)

    def item_start(self, pos: int) -> int:
        return self.items.start_of(pos)

    def item_end(self, pos: int) -> int:
        return self.items.end_of(pos)


_last: tuple[str, int, int, ClauseIndex] | None = None


def clause_index(text: str, start: int, end: int) -> ClauseIndex:
    """The index of text[start:end]; the last one is kept, since every extractor of a unit asks for the same span."""
    global _last
    last = _last
    if last is not None and last[0] is text and last[1] == start and last[2] == end:
        return last[3]
    index = ClauseIndex(text, start, end)
    _last = (text, start, end, index)
    return index


_END_START = itemgetter(1, 0)


class Marks:
    """Matches of some patterns in a span, found once; asked for the nearest one ending in [lo, pos]."""

    def __init__(self, found: Iterable[tuple[int, int, str]]) -> None:
        items = sorted(found, key=_END_START)
        self._ends = [e for _, e, _ in items]
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def last_before(self, lo: int, pos: int, blocked: Marks | None = None) -> tuple[int, int, str] | None:
        """The match (start, end, label) with the largest end ≤ pos that starts at or after lo, skipping any whose
        start lies inside a `blocked` match."""
        k = bisect_right(self._ends, pos) - 1
        while k >= 0:
            s, e, label = self._items[k]
            if e <= lo:
                return None
            if s >= lo and not (blocked is not None and blocked.covers(s)):
                return self._items[k]
            k -= 1
        return None

    def any_in(self, lo: int, pos: int) -> bool:
        return self.last_before(lo, pos) is not None

    def covers(self, x: int) -> bool:
        """Whether a match holds position x (matches are short: only those ending after x are looked at)."""
        k = bisect_right(self._ends, x)
        for j in range(k, min(k + 8, len(self._items))):
            s, e, _ = self._items[j]
            if s <= x < e:
                return True
        return False

    def between(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """Every match lying inside [lo, hi)."""
        a, b = bisect_left(self._ends, lo), bisect_right(self._ends, hi)
        return [m for m in self._items[a:b] if m[0] >= lo]


def find_marks(text: str, spans: Iterable[tuple[int, int]], patterns: Iterable[tuple[str, re.Pattern[str]]]) -> Marks:
    """Every match of each (label, pattern) inside each (start, end) span: one pass per pattern over each span."""
    spans, patterns = list(spans), list(patterns)
    return Marks(
        (m.start(), m.end(), label) for label, rx in patterns for s, e in spans for m in rx.finditer(text, s, e)
    )
