"""Leftmost-longest dictionary matching over term lists kept as data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, NamedTuple, TypeVar

P = TypeVar("P")


class Match(NamedTuple, Generic[P]):
    start: int
    end: int
    term: str
    payloads: tuple[P, ...]


def trie_pattern(terms: Iterable[str]) -> str:
    """A regular expression matching any of the terms, longest first at each position.

    The terms are factored into a trie (大数据(?:中心|平台)?…), so the regex engine tests one branch per character
    instead of every term, and a greedy optional tail makes the longest term win.
    """
    trie: dict[str, dict] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


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
        self._payloads = {term: tuple(payloads) for term, payloads in grouped.items()}
        self._pattern = re.compile(trie_pattern(grouped)) if grouped else None

    def payloads(self, term: str) -> tuple[P, ...]:
        return self._payloads[term]

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, term) of each match inside text[start:end]: `scan` without a Match object per hit."""
        if self._pattern is None:
            return []
        return [(*m.span(), m.group()) for m in self._pattern.finditer(text, start, len(text) if end is None else end)]

    def scan(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match[P]]:
        """Matches inside text[start:end], with absolute offsets."""
        if self._pattern is None:
            return
        payloads = self._payloads
        for m in self._pattern.finditer(text, start, len(text) if end is None else end):
            term = m.group()
            yield Match(m.start(), m.end(), term, payloads[term])
