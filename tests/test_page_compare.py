"""AppTest of the 对比 Compare page: URL-bound selection, bloc presets, shared/unique marking, cell sources."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.queries import compare

PAGE = "pages/compare.py"


def themes_of(db: Path, province: str, doc_type: str | None = None) -> dict[str, tuple[str, int]]:
    """theme_id → (name_zh, number of evidence spans), straight from the database (one document type, or all)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT theme_id, name_zh, count(*) FROM theme_evidence JOIN themes USING (theme_id) "
            "JOIN documents USING (doc_id) WHERE province = ? AND (? IS NULL OR doc_type = ?) GROUP BY ALL",
            [province, doc_type, doc_type],
        ).fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2]) for r in rows}


def cmp_table(at: AppTest, attr: str) -> pd.DataFrame:
    """The comparison table of one attribute type (its dataframe has key cmp_table_<attr>)."""
    (found,) = [d for d in at.dataframe if d.proto.id.endswith(f"cmp_table_{attr}")]
    return found.value


def open_compare(at: AppTest, **params: object) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_beijing_vs_shanghai_lists_beijing_themes_with_shared_ones_marked(dashboard: AppTest, built_db: Path) -> None:
    at = open_compare(dashboard, p=["北京", "上海"])
    assert at.multiselect(key="p").value == ["北京", "上海"]
    table = cmp_table(at, "theme")
    assert list(table.columns) == ["项目", "异同", "北京", "上海"]
    bj, sh = themes_of(built_db, "北京"), themes_of(built_db, "上海")
    assert bj and sh
    for theme_id, (name, n) in bj.items():
        row = table[table["项目"] == name]
        assert len(row) == 1, name
        assert row["北京"].iloc[0] == f"✓ {n}"
        expected = "共有" if theme_id in sh else "独有：北京"
        assert row["异同"].iloc[0] == expected
    # every row is a theme of at least one of the two, and the table holds nothing else
    assert len(table) == len(set(bj) | set(sh))
    assert (table["异同"] == "共有").sum() == len(set(bj) & set(sh)) > 0


def test_fewer_than_two_provinces_asks_for_more(dashboard: AppTest) -> None:
    at = open_compare(dashboard, p=["北京"])
    assert not at.dataframe
    assert any("至少选择两个省份" in i.value for i in at.info)


def test_bloc_in_url_selects_its_members_and_hand_edits_clear_the_bloc(dashboard: AppTest) -> None:
    at = open_compare(dashboard, bloc="长三角")
    assert at.multiselect(key="p").value == ["上海", "江苏", "浙江", "安徽"]
    assert list(cmp_table(at, "theme").columns)[2:] == ["上海", "江苏", "浙江", "安徽"]
    at.selectbox(key="bloc").set_value("京津冀").run()
    assert at.multiselect(key="p").value == ["北京", "天津", "河北"]
    at.multiselect(key="p").set_value(["北京", "天津"]).run()
    assert at.selectbox(key="bloc").value is None
    assert at.multiselect(key="p").value == ["北京", "天津"]


def test_shared_filter_keeps_only_shared_rows_and_goes_into_the_url(dashboard: AppTest) -> None:
    at = open_compare(dashboard, p=["北京", "上海", "广东"])
    n_all = len(cmp_table(at, "theme"))
    at.button_group(key="cmp_show").set_value("shared").run()
    shared = cmp_table(at, "theme")
    assert 0 < len(shared) < n_all
    assert set(shared["异同"]) == {"共有"}
    assert (shared[["北京", "上海", "广东"]] != "").all().all()
    assert at.query_params["show"] in ("shared", ["shared"])
    at.button_group(key="cmp_show").set_value("diff").run()
    assert "共有" not in set(cmp_table(at, "theme")["异同"])


def test_a_selected_cell_shows_its_source_quotes(dashboard: AppTest, built_db: Path) -> None:
    at = open_compare(dashboard, p=["北京", "上海"])
    first_item = cmp_table(at, "theme")["项目"].iloc[0]
    at.session_state["cmp_table_theme"] = {"selection": {"cells": [[0, "北京"]]}}
    at.run()
    assert not at.exception
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        quotes = [
            q
            for (q,) in con.execute(
                "SELECT quote FROM theme_evidence JOIN themes USING (theme_id) WHERE province = '北京' AND name_zh = ?",
                [first_item],
            ).fetchall()
        ]
    finally:
        con.close()
    assert quotes
    shown = "".join(m.value for m in at.markdown)
    assert f"来源：{first_item} · 北京" in shown
    for q in quotes:
        assert f">{q}</mark>" in shown
    assert "规则提取" in shown


def test_english_labels_and_curated_targets(dashboard: AppTest) -> None:
    dashboard.run()
    dashboard.button_group(key="lang").set_value("en").run()
    at = open_compare(dashboard, p=["江苏", "上海"])
    targets = cmp_table(at, "target")
    assert list(targets.columns) == ["Item", "Shared / unique", "Jiangsu 江苏", "Shanghai 上海"]
    js = targets.loc[targets["Item"] == "Core digital industries, share of GDP", "Jiangsu 江苏"].iloc[0]
    assert "13.5% (2025) ✎" in js and ">10% (2025) ✎" in js


def test_missing_province_is_shown_as_missing_not_blank() -> None:
    evidence = pd.DataFrame(
        {
            "attr": ["theme"],
            "item_key": ["ai"],
            "item_zh": ["人工智能"],
            "item_en": ["AI"],
            "item_order": [1],
            "province": ["北京"],
            "method": ["rule"],
        }
    )
    cov = pd.DataFrame(
        {
            "province": ["北京", "上海"],
            "name_en": ["Beijing", "Shanghai"],
            "n_sections": [1, 0],
            "n_curated_targets": [0, 0],
        }
    )
    table, codes = compare.comparison_table(evidence, cov, "theme", "zh")
    assert table.iloc[0].tolist() == ["人工智能", "独有：北京", "✓ 1", "缺失"]
    assert codes.tolist() == ["unique"]


@pytest.mark.parametrize(
    ("row", "text"),
    [
        ({"value": 60.0, "unit": "%", "comparator": ">=", "target_year": 2025, "method": "rule"}, "≥60%（2025）"),
        (
            {"value": 3.0, "unit": "万亿元", "comparator": "=", "target_year": 2025, "method": "curated"},
            "3 万亿元（2025） ✎",
        ),  # noqa: E501
        ({"value": 25000.0, "unit": "亿元", "comparator": "~", "target_year": None, "method": "rule"}, "≈25,000 亿元"),
    ],
)
def test_target_cells_read_naturally(row: dict, text: str) -> None:
    assert compare.format_target(row) == text


def test_source_quotes_are_escaped(make_raw_dir, db_from_raw) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import DASHBOARD
    from tests.test_page_province import HOSTILE, HOSTILE_TITLE

    db_from_raw(make_raw_dir({"900_hostile": (HOSTILE, {"title": HOSTILE_TITLE, "scope": "宁夏"})}))
    at = open_compare(AppTest.from_file(DASHBOARD, default_timeout=60), p=["宁夏", "北京"])
    themes = cmp_table(at, "theme")
    row = int(themes.index[themes["项目"] == "数字政府"][0])
    at.session_state["cmp_table_theme"] = {"selection": {"cells": [[row, "宁夏"]]}}
    at.run()
    html = "".join(m.value for m in at.markdown)
    assert ">数字政府</mark>&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;标题" in html
    assert "<script" not in html.lower() and "<b>" not in html


def test_document_type_filter_compares_like_with_like(dashboard: AppTest, built_db: Path) -> None:
    """issue 10: a 十四五 digest paragraph and a 2026 work report are not silently counted together."""
    at = open_compare(dashboard, p=["北京", "上海"], types="digest")
    assert at.multiselect(key="types").value == ["digest"]
    table = cmp_table(at, "theme")
    digest_bj, all_bj = themes_of(built_db, "北京", "digest"), themes_of(built_db, "北京")
    assert sum(n for _, n in digest_bj.values()) < sum(n for _, n in all_bj.values())  # the filter has work to do
    for name, n in digest_bj.values():
        assert table.loc[table["项目"] == name, "北京"].iloc[0] == f"✓ {n}"
    at.multiselect(key="types").set_value(["work_report"]).run()
    targets = cmp_table(at, "target")
    assert not targets.empty
    assert not targets.map(lambda c: isinstance(c, str) and c.endswith("✎")).any().any()  # curated = plans
    sources = [d for d in at.dataframe if "文档类型与年份" in d.value.columns]
    assert sources and set(sources[0].value["文档类型与年份"]) == {"政府工作报告 · 2026"}  # type and the year it plans


def test_selectors_speak_english_and_the_url_keeps_stable_names(dashboard: AppTest) -> None:
    """issue 13: English pickers read "Shanghai 上海", "Yangtze River Delta 长三角"; links keep 上海, 长三角."""
    dashboard.session_state["lang"] = "en"
    at = open_compare(dashboard, bloc="长三角")
    assert at.multiselect(key="p").value == ["上海", "江苏", "浙江", "安徽"]
    assert "Shanghai 上海" in at.multiselect(key="p").options
    assert "Yangtze River Delta 长三角" in at.selectbox(key="bloc").options
    assert at.query_params["bloc"] in ("长三角", ["长三角"])
    at.multiselect(key="p").set_value(["上海", "北京"]).run()
    assert at.query_params["p"] == ["上海", "北京"] and "bloc" not in at.query_params  # a hand edit leaves the bloc
