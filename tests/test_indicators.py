"""Indicator catalogue (data/reference/indicators.csv), matching and unit normalisation (extract/indicators.py), and
the curated headline outcomes' coverage of the 31 work reports.

Every wording below was read in the corpus (the report named in the comment), not made up.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from database.curated import load_no_outcome, load_outcomes
from extract.indicators import GROWTH_MARKERS, indicator_id, load_catalogue, load_units, normalise, normalise_text
from extract.paths import CURATED, RAW, REFERENCE
from extract.reading import read_document


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("数字经济核心产业增加值占GDP比重", "%", "core_share_gdp"),  # 江西
        ("数字经济核心产业增加值占地区生产总值比重", "%", "core_share_gdp"),  # 贵州
        ("数字经济核心产业增加值比重", "％", "core_share_gdp"),  # 陕西, full-width ％
        ("数字经济核心产业占比", "%", "core_share_gdp"),  # 甘肃
        ("数字经济占比", "%", "de_share_gdp"),  # 山东
        ("数字经济增加值占GDP比重提高", "百分点", "de_share_gdp"),  # curated 甘肃 target, a change in points
        ("数字经济核心产业增加值", "亿元", "core_value"),  # 湖北 超过6000亿元
        ("数字经济增加值", "万亿元", "de_value"),  # 福建 3.4万亿元
        ("数字经济规模", "万亿元", "de_value"),  # 江西, 河南
        ("数字经济增加值增长", "%", "de_growth"),  # 北京 8.7%
        ("数字经济核心产业增加值预计增长", "%", "core_growth"),  # 山西 10%
        ("数字经济核心产业增加值年均增长", "%", "core_growth"),  # 山西 十五五 8%以上
        ("数字经济增加值年均增速", "%", "de_growth"),  # curated 辽宁 target
        ("数字经济核心产业营收增长", "%", "core_revenue_growth"),  # 黑龙江 10.9%: revenue, not value added
        ("人工智能核心产业营收", "亿元", "ai_core_revenue"),  # 浙江 6800亿元
        ("地区生产总值", "万亿元", "gdp"),
        ("地区生产总值增长", "%", "gdp_growth"),  # every report
        ("全年GDP增长", "%", "gdp_growth"),  # 山西 4%
        ("人均地区生产总值", "万元", "gdp_per_capita"),  # longest wording beats 地区生产总值
        ("规上工业增加值增长", "%", "industrial_va_growth"),
        ("规模以上工业增加值年均增长", "％", "industrial_va_growth"),  # 陕西 6.5％左右
        ("5G基站", "万个", "base_stations_5g"),  # 湖北 18.8万个
        ("5G基站", "万座", "base_stations_5g"),  # 内蒙古 9.5万座
        ("算力规模", "万P", "compute_capacity"),  # 甘肃 11.4万P
        ("全省算力规模", "Eflops", "compute_capacity"),  # 贵州 160Eflops
        ("智算规模", "万P", "intelligent_compute"),  # 内蒙古 22万P
        ("全社会研发投入强度", "%", "rd_intensity"),  # 江苏 3.38%
        ("全社会研发经费投入强度", "%", "rd_intensity"),  # 重庆 3.25%
        ("全社会研发投入", "亿元", "rd_spending"),  # 广东 5350亿元
        ("全社会研发投入年均增长", "%", "rd_spending_growth"),  # 云南 10.5%
        ("一般公共预算收入增长", "%", "fiscal_revenue_growth"),
        ("地方一般公共预算收入", "万亿元", "fiscal_revenue"),  # 广东 1.39万亿元
        ("居民人均可支配收入增长", "%", "disposable_income_growth"),
        ("农村居民人均可支配收入", "元", "rural_income"),
        ("城镇新增就业", "万人", "urban_new_jobs"),  # 山东 124.9万人
        ("社会消费品零售总额增长", "%", "retail_sales_growth"),
        ("外贸进出口", "万亿元", "trade"),
        ("单位地区生产总值能耗累计下降", "%", "energy_intensity_decline"),  # 安徽 17%
        ("专精特新“小巨人”企业", "家", "srdi_little_giants"),
        ("专精特新中小企业", "家", "srdi_smes"),  # 江西 突破6000家
        ("科技型中小企业", "家", "tech_smes"),
        ("技术合同成交额", "亿元", "tech_contract_value"),  # 海南 90亿元
        ("高新技术企业", "家", "high_tech_enterprises"),  # 江西 7800家
        ("专精特新小巨人企业", "家", "srdi_little_giants"),  # quotes dropped by the target extractor
        ("2025年人均生产总值", "万元", "gdp_per_capita"),  # 陕西: not the GDP level
        ("工业增加值", "万亿元", "industrial_va"),  # 江西 1.19万亿元 (all industry)
        ("城镇化率", "%", "urbanisation_rate"),
        ("全社会研发经费支出相当于全市生产总值的比例", "%", "rd_intensity"),  # 上海
        ("服务业增加值占地区生产总值比重", "%", "services_share_gdp"),  # 江苏, 贵州
    ],
)
def test_real_wordings_map_to_their_indicator(text: str, unit: str, expected: str) -> None:
    assert indicator_id(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "why"),
    [
        ("数字经济核心产业增加值", "%", "a % never maps to a money indicator"),
        ("数字经济规模", "%", "a % never maps to a money indicator"),
        ("数字经济核心产业增加值占GDP比重", "亿元", "a share given in 亿元 is a unit mismatch, not a level"),
        ("地区生产总值", "%", "a % without 增长 is not the GDP level"),
        ("城镇调查失业率", "万人", "a rate never maps from a count"),
        ("5G基站", "亿元", "a count never maps from money"),
        ("5G基站万人拥有量", "座", "per 10,000 people (山西 33.7座) is not the number of stations"),
        ("高技术制造业增加值占规上工业增加值比重", "%", "a share of industry is not industrial growth"),
        ("海洋生产总值", "亿元", "marine output is not GDP (福建)"),
        ("数字经济增速", "%", "the digital economy's growth is not GDP growth (经济增速)"),
        ("数字经济增长引擎", None, "a slogan, not a quantity (河北)"),
        ("城乡居民人均可支配收入增长", "%", "urban and rural together (two figures) is not all residents"),
        ("数字经济规模全国位次", "位次（进入前N）", "a rank: unknown unit"),
        ("服务业对经济增长贡献率", "%", "a contribution to growth is not GDP growth"),
        ("城镇和农村居民人均可支配收入分别", "万元", "two figures, urban and rural (辽宁, 浙江)"),
        ("规上工业增加值", "亿元", "the above-size level is not all industry's value added"),
        ("工业经济总量", "万亿元", "industrial output is not GDP (重庆)"),
        ("增长", "%", "no quantity named"),
        ("", "%", "empty text"),
    ],
)
def test_wordings_that_must_not_map(text: str, unit: str | None, why: str) -> None:
    assert indicator_id(text, unit) is None, why


def test_a_core_share_never_maps_to_the_digital_economy_share() -> None:
    cat = load_catalogue()
    for wording in cat["core_share_gdp"].wordings:
        assert indicator_id(wording, "%") == "core_share_gdp", wording
    for wording in cat["de_share_gdp"].wordings:
        assert indicator_id(wording, "%") == "de_share_gdp", wording
    assert cat["core_share_gdp"].base == cat["de_share_gdp"].base == "GDP"


def test_growth_wordings_map_to_the_growth_twin_not_the_level() -> None:
    assert indicator_id("数字经济核心产业增加值增长", "%") == "core_growth"
    assert indicator_id("数字经济核心产业增加值增长", None) == "core_growth"
    assert indicator_id("数字经济核心产业增加值", None) == "core_value"
    # 增长到/增至 with a money unit states a level
    assert indicator_id("数字经济核心产业增加值增长到", "亿元") == "core_value"
    assert indicator_id("固定资产投资增长", "%") == "fixed_investment_growth"
    assert indicator_id("固定资产投资", "亿元") == "fixed_investment"
    assert indicator_id("规上工业增加值", "%") is None  # growth-only indicator without 增长


def test_every_wording_maps_back_to_its_own_indicator() -> None:
    """No wording is shadowed by a longer wording of another indicator (given its own canonical unit)."""
    cat = load_catalogue()
    for ind in cat.values():
        for wording in ind.wordings:
            needs_marker = ind.unit_family == "growth_pct" and not any(m in wording for m in GROWTH_MARKERS)
            text = wording + "增长" if needs_marker else wording
            assert indicator_id(text, ind.unit) == ind.id, (ind.id, wording)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (5.2, "万亿元", (52000.0, "亿元")),
        (3.4, "万亿元", (34000.0, "亿元")),
        (1.2, "千亿元", (1200.0, "亿元")),
        (6000, "亿元", (6000.0, "亿元")),
        (18.8, "万个", (188000.0, "个")),
        (9.5, "万座", (95000.0, "座")),
        (124.9, "万人", (1249000.0, "人")),
        (1.5, "万户", (15000.0, "户")),
        (4.5, "万元", (45000.0, "元")),
        (11.4, "万P", (114000.0, "P")),
        (160, "Eflops", (160000.0, "P")),
        (10.36, "百亿亿次/秒", (10360.0, "P")),
        (8.7, "%", (8.7, "%")),
        (9.5, "％", (9.5, "%")),
        (0.5, "个百分点", (0.5, "个百分点")),
        (0.5, "百分点", (0.5, "个百分点")),
        (3, "亿斤", (15000.0, "万吨")),
        (4.3, "倍", (4.3, "倍")),
    ],
)
def test_normalise(value: float, unit: str, expected: tuple[float, str]) -> None:
    assert normalise(value, unit) == expected


def test_normalise_to_the_indicators_unit_and_leave_unknown_units_alone() -> None:
    assert normalise(9.5, "万座", "base_stations_5g") == (95000.0, "个")
    assert normalise(4.5, "万元", "disposable_income") == (45000.0, "元")
    assert normalise(2.2, "万美元", "gdp_per_capita") == (22000.0, "美元")  # another currency is not converted
    assert normalise(10, "位次（进入前N）") == (10, "位次（进入前N）")


def test_catalogue_shape() -> None:
    cat = load_catalogue()
    assert 30 <= len(cat) <= 60
    units = load_units()
    for ind in cat.values():
        assert ind.unit in units, (ind.id, ind.unit)
        assert ind.name_zh and ind.name_en, ind.id
        if ind.unit_family == "share_pct":
            assert ind.base, f"{ind.id}: a share says what it is a share of"
    groups = {ind.group for ind in cat.values()} - {None}
    assert groups == {"core", "de"}


def test_seen_in_counts_the_documents_of_data_raw() -> None:
    """seen_in = the number of documents in data/raw whose cleaned text holds one of the indicator's wordings (a
    growth twin counts its level's wordings too); every indicator was seen, almost all in two documents or more."""
    texts = [normalise_text(read_document(p).text) for p in sorted(RAW.glob("*.txt"))]
    cat = load_catalogue()
    once = []
    for ind in cat.values():
        words = ind.wordings + (cat[ind.growth_of].wordings if ind.growth_of else ())
        seen = sum(any(w in t for w in words) for t in texts)
        assert ind.seen_in == seen, ind.id
        assert seen >= 1, ind.id
        if seen < 2:
            once.append(ind.id)
    assert sorted(once) == ["dc_racks", "de_share_gdp"]  # asked for by name; each stated in one report only


def _curated_codes() -> set[str]:
    codes = set()
    for name in ("headline_targets.csv", "no_target.csv", "outcomes.csv", "no_outcome.csv"):
        with open(CURATED / name, encoding="utf-8-sig", newline="") as fh:
            codes |= {r["indicator"] for r in csv.DictReader(fh)}
    return codes


def test_every_curated_indicator_code_is_in_the_catalogue() -> None:
    """Curated figures and extracted ones line up: each code is a catalogue id or a headline group; `other:<名称>`
    codes are free text, and those that name a catalogued quantity map to it."""
    cat = load_catalogue()
    groups = {ind.group for ind in cat.values()} - {None}
    codes = _curated_codes()
    assert codes
    for code in codes:
        if code.startswith("other:"):
            continue
        assert code in cat or code in groups, code
    with open(CURATED / "headline_targets.csv", encoding="utf-8-sig", newline="") as fh:
        others = {r["indicator"][6:]: indicator_id(r["indicator"][6:], r["unit"]) for r in csv.DictReader(fh)
                  if r["indicator"].startswith("other:")}  # fmt: skip
    assert others == {
        "数字经济增加值年均增速": "de_growth",
        "数字经济核心产业增加值占GDP比重较2020年提高": "core_share_gdp",
        "数字经济增加值占GDP比重提高": "de_share_gdp",
        "数字经济规模全国位次": None,  # a rank, no quantity of the catalogue
    }


def _reports() -> dict[str, tuple[str, str]]:
    """doc_id → (province, cleaned text) of the 31 provincial work reports."""
    out = {}
    for meta in sorted(RAW.glob("gwr2026_*.meta.yaml")):
        doc_id = meta.name.removesuffix(".meta.yaml")
        scope = yaml.safe_load(meta.read_text(encoding="utf-8"))["scope"]
        out[doc_id] = (scope, read_document(RAW / f"{doc_id}.txt").text)
    return out


def test_every_province_and_headline_group_has_an_outcome_or_a_no_outcome_record() -> None:
    """Each of the 31 reports was read for the core-industry group (share, value, growth) and the digital-economy
    group: it has an outcome row (a stated figure, with its span) or a no_outcome row, never both, and every row
    points at the province's own report."""
    reports = _reports()
    assert len(reports) == 31
    texts = {d: t for d, (_, t) in reports.items()}
    cat = load_catalogue()
    outcomes = load_outcomes(CURATED / "outcomes.csv", texts)
    none = load_no_outcome(CURATED / "no_outcome.csv", texts)
    stated, absent = set(), set()
    for r in outcomes:
        assert reports[r["doc_id"]][0] == r["province"], r["record_id"]
        assert r["year"] is not None and (r["kind"] == "achieved") == (r["year"] <= 2025), r["record_id"]
        stated.add((r["province"], cat[r["indicator"]].group))
    for r in none:
        assert reports[r["doc_id"]][0] == r["province"], r["record_id"]
        key = (r["province"], r["indicator"])
        assert key not in absent, f"{key} recorded twice"
        absent.add(key)
    assert not stated & absent, "a report both states a figure and states none"
    provinces = {p for p, _ in reports.values()}
    assert stated | absent == {(p, g) for p in provinces for g in ("core", "de")}


def test_reference_tables_are_plain_csv() -> None:
    for name in ("indicators.csv", "units.csv"):
        raw = Path(REFERENCE / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw, name
