"""Named platforms (placeholder until the platform rules land)."""

from __future__ import annotations

from extract.records import Platform


def find_platforms(text: str, start: int, end: int) -> list[Platform]:
    return []


def all_rule_ids() -> set[str]:
    return set()
