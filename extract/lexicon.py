"""Leftmost-longest dictionary matching (Aho-Corasick) over term lists kept as data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

P = TypeVar("P")


@dataclass(frozen=True)
class Match(Generic[P]):
    start: int
    end: int
    term: str
    payloads: tuple[P, ...]


class Lexicon(Generic[P]):
    """Terms mapped to payloads; `scan` yields non-overlapping leftmost-longest matches.

    Longest-first matters in Chinese: 大数据中心 must not also count as 大数据, 工业互联网平台 not as 互联网.
    """

    def __init__(self, entries: Iterable[tuple[str, P]]) -> None:
        grouped: dict[str, list[P]] = {}
        for term, payload in entries:
            term = term.strip()
            if term:
                grouped.setdefault(term, []).append(payload)
        self._automaton = ahocorasick.Automaton()
        for term, payloads in grouped.items():
            self._automaton.add_word(term, (term, tuple(payloads)))
        self._empty = not grouped
        if not self._empty:
            self._automaton.make_automaton()

    def scan(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match[P]]:
        """Matches inside text[start:end], with absolute offsets."""
        if self._empty:
            return
        end = len(text) if end is None else end
        found: list[tuple[int, int, str, tuple[P, ...]]] = []
        for last, (term, payloads) in self._automaton.iter(text, start, end):
            first = last - len(term) + 1
            found.append((first, last + 1, term, payloads))
        # leftmost first, then longest
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        cursor = start
        for s, e, term, payloads in found:
            if s >= cursor:
                yield Match(s, e, term, payloads)
                cursor = e
