"""One label helper, one order, one comparator table, units in the UI's language (hand-checked values)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from atlas.i18n import COMPARATOR_SYMBOLS, bilingual, indicator_label, join_names
from atlas.units import unit_label
from extract.records import COMPARATORS


def test_one_order_for_labels() -> None:
    assert bilingual("江苏", "Jiangsu", "zh") == "江苏"
    assert bilingual("江苏", "Jiangsu", "en") == "Jiangsu 江苏"
    assert bilingual("全国", None, "en") == "全国"


@pytest.mark.parametrize(
    ("names", "lang", "expected"),
    [
        (["上海", "江苏"], "zh", "上海、江苏"),
        (["Shanghai 上海", "Jiangsu 江苏"], "en", "Shanghai 上海, Jiangsu 江苏"),
        (None, "zh", ""),
        (math.nan, "en", ""),
        (pd.NA, "en", ""),
        (["a", None, math.nan, "b"], "en", "a, b"),
    ],
)
def test_lists_are_joined_in_the_ui_language(names: object, lang: str, expected: str) -> None:
    assert join_names(names, lang) == expected


def test_every_comparator_has_a_symbol() -> None:
    assert set(COMPARATORS) == set(COMPARATOR_SYMBOLS)
    assert COMPARATOR_SYMBOLS[">="] == "≥" and COMPARATOR_SYMBOLS["~"] == "≈"


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("万亿元", "trillion yuan"),
        ("亿元", "100 million yuan"),
        ("万个", "10,000 units"),
        ("万人次", "10,000 person-times"),
        ("个百分点", "percentage points"),
        ("%", "%"),
        ("EFLOPS", "EFLOPS"),
    ],
)
def test_units_in_english(unit: str, expected: str) -> None:
    assert unit_label(unit, "en") == expected
    assert unit_label(unit, "zh") == unit


def test_indicator_codes_never_reach_the_screen() -> None:
    assert indicator_label("core_share_gdp", "en") == "Core digital industries, share of GDP"
    assert indicator_label("core_share_gdp", "zh") == "数字经济核心产业增加值占GDP比重"
    assert indicator_label("other:算力规模", "en") == "算力规模"  # free text as written in the source
    assert indicator_label(None, "zh") == "未知"


def test_period_labels_read_nullable_integer_columns() -> None:
    """A sidecar's review years come from DuckDB as a nullable Int32 column, whose values are numpy integers."""
    from atlas.i18n import period_label

    review = pd.Series([2021, None], dtype="Int32")
    ends = pd.Series([2025, None], dtype="Int32")
    assert [period_label(a, b) for a, b in zip(review, ends, strict=True)] == ["2021–2025", None]
    assert period_label(2026, 2026) == "2026" and period_label(math.nan, None) is None
