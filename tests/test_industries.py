"""Focus industries (issue 11): candidates from rules, keep / reject from the learned model.

Cases are sentences of real documents in data/raw that no golden file labels (Tianjin, Shanghai and Guangdong work
reports), so the rules and the model were not fitted to them. Also: the committed model is what retraining on the
repository's dev labels gives, and extraction scores it without scikit-learn.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extract import industries
from extract.paths import ROOT
from extract.reading import read_document

META = {"doc_type": "work_report", "date": "2026"}


def _found(doc: str, quote: str) -> list[tuple[str, str]]:
    text = read_document(ROOT / "data" / "raw" / f"{doc}.txt").text
    start = text.index(quote)
    items = industries.find_industries(text, start, start + len(quote), META)
    for i in items:
        assert text[i.start : i.end] == i.text and i.rule in industries.all_rule_ids() and i.score is not None
    return [(i.text, i.name) for i in items]


POSITIVE = [
    # a long list closed by 等新兴产业, members in and outside the catalogue
    ("gwr2026_440000_guangdong",
     "做大做强新能源、新材料、智能网联汽车、智能机器人、医药和医疗器械、航空航天、集成电路、低空经济、生物制造等新兴产业",
     ["新能源", "新材料", "航空航天", "集成电路", "低空经济", "生物制造"]),
    # industries outside the catalogue, in a list closed by 等重点产业
    ("gwr2026_440000_guangdong", "大力发展影视、演艺、动漫影视、网络游戏、电子竞技、网络视听等重点产业",
     ["网络游戏", "电子竞技", "网络视听"]),
    # 等未来产业 after a compound development verb
    ("gwr2026_310000_shanghai", "大力培育发展脑机接口、第四代半导体等未来产业", ["脑机接口", "第四代半导体"]),
]  # fmt: skip

NEGATIVE = [
    ("gwr2026_440000_guangdong", "培育壮大科技领军企业，支持高新技术企业和科技型中小企业发展。"),
    ("gwr2026_440000_guangdong", "加快新兴产业发展壮大和未来产业成形成势。"),
    ("gwr2026_310000_shanghai", "整体提升幼儿园办园质量，大力发展普惠托育和托幼一体化服务。"),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "quote", "expected"), POSITIVE)
def test_focus_industries_found(doc: str, quote: str, expected: list[str]) -> None:
    names = [t for t, _ in _found(doc, quote)]
    assert set(expected) <= set(names), names


@pytest.mark.parametrize(("doc", "quote"), NEGATIVE)
def test_not_focus_industries(doc: str, quote: str) -> None:
    assert _found(doc, quote) == []


def test_name_as_written_canonical_alongside() -> None:
    """跨境电商 stays 跨境电商 (the text's wording); the entity it maps to rides along."""
    got = _found("gwr2026_120000_tianjin", "做大跨境电商、海外仓、“保税+”业态规模")
    assert ("跨境电商", "电子商务") in got
    got = _found("gwr2026_310000_shanghai", "大力培育发展脑机接口、第四代半导体等未来产业")
    assert ("第四代半导体", "半导体") in got


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        # 以及 joins two members whole: no 工业互联网以
        ("围绕大数据和云计算、工业互联网以及车联网等重点领域", {"工业互联网", "车联网"}, {"工业互联网以"}),
        # a count or a rank before the name is not part of it
        ("培育10个以上省级数据产业集群", {"数据产业集群"}, {"10个以上省级数据产业集群"}),
        ("大力发展三大先导产业，以现代服务业为支撑", {"先导产业", "现代服务业"}, {"三大先导产业", "以现代服务业"}),
        # a facility is no sector, whatever technology names it
        ("发展5G、工业互联网、大数据中心等新基建", {"5G", "工业互联网"}, {"大数据中心"}),
    ],
)
def test_candidates_are_names(text: str, wanted: set[str], unwanted: set[str]) -> None:
    """Candidates are the shortest natural names: no joiner, count, rank, lead-in word or facility word in them."""
    names = {item.text for item, _ in industries.candidates(text, 0, len(text))}
    assert wanted <= names and not unwanted & names, names


def test_items_explain_themselves() -> None:
    text = "大力发展人工智能、低空经济等新兴产业。"
    (item, *_) = industries.find_industries(text, 0, len(text))
    out = item.to_json()
    assert out["name"] == "人工智能" and out["canonical"] == "人工智能" and out["rule"] == "industry.list"
    assert 0.0 <= out["score"] <= 1.0


def test_retraining_reproduces_the_committed_model() -> None:
    pytest.importorskip("sklearn")
    from evaluation import train_industries

    committed = json.loads(industries.MODEL_PATH.read_text(encoding="utf-8"))
    rows = train_industries.training_rows()
    assert train_industries.data_sha256(rows) == committed["training_sha256"]
    model = train_industries.fit(rows, committed["C"])
    assert model["features"] == committed["features"]
    assert abs(model["intercept"] - committed["intercept"]) <= 1e-9
    assert all(abs(a - b) <= 1e-9 for a, b in zip(model["coef"], committed["coef"], strict=True))
    assert committed["threshold"] == industries.THRESHOLD


def test_extraction_does_not_import_sklearn() -> None:
    code = (
        "import sys; from extract import industries as i; t='培育云计算、大数据等新兴产业。';"
        "assert i.find_industries(t, 0, len(t)); assert 'sklearn' not in sys.modules, 'sklearn imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
