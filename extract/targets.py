"""Numeric targets (placeholder until the target rules land)."""

from __future__ import annotations

from extract.records import Target


def find_targets(text: str, start: int, end: int) -> list[Target]:
    return []


def all_rule_ids() -> set[str]:
    return set()
