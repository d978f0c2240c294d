"""Focus industries (placeholder until the industry rules land)."""

from __future__ import annotations

from extract.records import Industry


def find_industries(text: str, start: int, end: int) -> list[Industry]:
    return []


def all_rule_ids() -> set[str]:
    return set()
