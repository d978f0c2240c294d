"""One document's text → province units with themes, focus industries, platforms, targets and achieved figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from extract import headings, indicators, industries, platforms, targets, themes
from extract.records import Target, ThemeHit, Unit, evolve
from extract.regions import NATIONAL, resolve_province
from extract.segment import find_sections

EXTRACTOR_VERSION = "0.1.0"
WHOLE_DOCUMENT_RULE = "segment.whole_document"


def extract_units(
    text: str, province: str | None = None, city: str | None = None, meta: Mapping[str, Any] | None = None
) -> list[Unit]:
    """Units of a document: with `province`, the whole text is one unit; without, the digest's sections.

    `meta` is the document's sidecar (doc_type, date, period): it tells a result from a goal (a 2026 report's
    2025 is past).

    Raises UnknownProvince for a province name that matches nothing.
    """
    if province is not None:
        canonical = resolve_province(province)
        units = [Unit(canonical, city, *_trimmed(text))]
    else:
        units = [Unit(s.province, None, s.start, s.end) for s in find_sections(text)]
    for unit in units:
        fill_unit(text, unit, meta or {})
    return units


def fill_unit(text: str, unit: Unit, meta: Mapping[str, Any] | None = None) -> Unit:
    """Run every attribute extractor over the unit's span; each item records the heading path it sits under."""
    outline = headings.outline(text, unit.start, unit.end)
    unit.outline, unit.headings = outline, list(outline.headings)
    at = outline.label_at
    unit.themes = [
        ThemeHit(t.theme_id, [replace(e, heading=at(e.start)) for e in t.evidence])
        for t in themes.find_themes(text, unit.start, unit.end)
    ]
    found = industries.find_industries(text, unit.start, unit.end, meta)
    unit.focus_industries = [replace(i, heading=at(i.start)) for i in found]
    found_platforms = platforms.find_platforms(text, unit.start, unit.end)
    unit.platforms = [replace(p, heading=at(p.start)) for p in found_platforms]
    found_targets, found_achieved = targets.find_numbers(text, unit.start, unit.end, meta, found_platforms)
    unit.targets = [evolve(t, heading=at(t.start), indicator_id=_indicator(t)) for t in found_targets]
    unit.achieved = [evolve(a, heading=at(a.start), indicator_id=_indicator(a)) for a in found_achieved]
    return unit


def all_rule_ids() -> set[str]:
    """Every rule id the extractors can emit (used to check that each item's rule exists)."""
    return (
        {WHOLE_DOCUMENT_RULE, "segment.province_header"}
        | themes.all_rule_ids()
        | industries.all_rule_ids()
        | platforms.all_rule_ids()
        | targets.all_rule_ids()
    )


def _trimmed(text: str) -> tuple[int, int]:
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


__all__ = ["NATIONAL", "extract_units", "fill_unit", "all_rule_ids", "EXTRACTOR_VERSION"]


def _indicator(item: Target) -> str | None:
    """The catalogue indicator a target or achieved figure names (data/reference/indicators.csv), if any."""
    return item.indicator_id or indicators.indicator_id(item.indicator, item.unit)
