"""Achieved figures and the learned target / achieved / other model.

- Real text from a dev work report (data/raw/gwr2026_110000_beijing.txt, with its sidecar): results of the review
  part are achieved figures for 2025; the same kind of number in the 2026 plan part is a target, not a result.
- Forecasts by others are neither.
- The committed model (extract/model/numbers.json) is what `python -m extract train` produces from the dev labels.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from extract import targets
from extract.paths import RAW
from extract.pipeline import extract_units
from extract.reading import read_document
from extract.records import Target, Unit
from extract.sources import read_sidecar, sidecar_path

BEIJING = RAW / "gwr2026_110000_beijing.txt"


@pytest.fixture(scope="module")
def beijing() -> tuple[str, Unit]:
    text = read_document(BEIJING).text
    meta = read_sidecar(sidecar_path(BEIJING))
    (unit,) = extract_units(text, province=meta["scope"], meta=meta)
    return text, unit


def _on(items: list[Target], text: str, quote: str) -> list[Target]:
    i = text.index(quote)
    return [t for t in items if t.start < i + len(quote) and i < t.end]


@pytest.mark.parametrize(
    ("quote", "value", "unit"),
    [
        ("老旧小区改造完工1225个", 1225, "个"),
        ("全市地区生产总值5.2万亿元", 5.2, "万亿元"),
        ("一般公共预算收入增长4.8%", 4.8, "%"),
        ("3家国家实验室永久园区启用", 3, "家"),
    ],
)
def test_review_results_are_achieved(beijing: tuple[str, Unit], quote: str, value: float, unit: str) -> None:
    text, u = beijing
    found = [a for a in _on(u.achieved, text, quote) if a.value == value and a.unit == unit]
    assert found, [a.text for a in u.achieved[:5]]
    assert found[0].year == 2025  # a 2026 report's past year
    assert found[0].score is not None and 0.5 < found[0].score <= 1
    assert not [t for t in _on(u.targets, text, quote) if t.value == value]


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("地区生产总值增长5%左右", 5),
        ("新增轨道交通运营里程40公里以上", 40),
        ("细颗粒物年均浓度控制在29微克/立方米左右", 29),
    ],
)
def test_plan_part_numbers_are_targets_not_results(beijing: tuple[str, Unit], quote: str, value: float) -> None:
    text, u = beijing
    assert [t for t in _on(u.targets, text, quote) if t.value == value and t.year == 2026]
    assert not [a for a in _on(u.achieved, text, quote) if a.value == value]


@pytest.mark.parametrize(
    "text",
    ["据有关机构预计，到2025年全球工业互联网市场规模将达到5000亿美元。", "实施“数字赋能626”行动。"],
)
def test_forecasts_and_names_are_neither(text: str) -> None:
    (unit,) = extract_units(text, province="全国")
    assert unit.targets == [] and unit.achieved == []


def test_unit_json_has_achieved_with_rule_and_score(beijing: tuple[str, Unit]) -> None:
    _, u = beijing
    d = u.to_json()
    assert d["achieved"] and d["targets"]
    for item in d["achieved"] + d["targets"]:
        assert item["rule"] in targets.all_rule_ids()
        assert isinstance(item["score"], float)


def test_committed_model_is_reproduced_by_training() -> None:
    pytest.importorskip("sklearn")
    from evaluation.train import data_sha256, fit, training_rows

    committed: dict[str, Any] = json.loads(targets.MODEL_PATH.read_text(encoding="utf-8"))
    rows = training_rows()
    assert data_sha256(rows) == committed["training_sha256"], "rules or labels changed: run python -m extract train"
    model = fit(rows, committed["C"])
    assert model["features"] == committed["features"] and model["classes"] == committed["classes"]
    got_rows, want_rows = model["coef"] + [model["intercept"]], committed["coef"] + [committed["intercept"]]
    for got, want in zip(got_rows, want_rows, strict=True):
        assert got == pytest.approx(want, abs=1e-9)


def test_extraction_does_not_import_sklearn() -> None:
    import subprocess
    import sys

    code = "import sys; from extract.pipeline import extract_units; extract_units('到2025年达到5%。', '全国'); "
    code += "print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_respectively_gives_each_value_its_item() -> None:
    text = "六大优势产业、高技术制造业、绿色低碳优势产业增加值分别增长6.8%、12.3%、7.8%。"  # gwr2026_510000_sichuan
    found = [(c.item.indicator, c.item.value) for c in targets.candidates(text, 0, len(text), {})]
    assert found == [("六大优势产业增长", 6.8), ("高技术制造业增长", 12.3), ("绿色低碳优势产业增加值增长", 7.8)]


def test_object_after_the_number_joins_an_example_list() -> None:
    text = "完成燕莎桥等251座桥系桥下空间整治。"  # gwr2026_110000_beijing
    (c,) = targets.candidates(text, 0, len(text), {})
    assert c.item.value == 251 and c.item.indicator.endswith("桥系桥下空间整治")
