"""AppTest of the 地图 Map page on a real build: widgets → chart JSON and ranked table, against the database.

Why: the map is where "missing is not zero", "all 31 provinces join a map feature", "台湾/香港/澳门 grey, never
omitted", the separate headline scales with the national benchmark, and URL-restorable filters are visible; each is
asserted on what the page actually sends to the browser (the ECharts options) and shows in its table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import charts
from atlas.queries import headline

PAGE = "pages/map.py"
NO_PLAN = {"台湾", "香港", "澳门"}


def _open(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _charts(at: AppTest) -> dict[str, dict[str, Any]]:
    """The ECharts options of every streamlit-echarts component on the page, by widget key."""
    out = {}
    for el in at.get("bidi_component"):
        if el.proto.component_name.endswith("streamlit_echarts"):
            out[el.key] = json.loads(el.proto.json)
    return out


def _map_items(at: AppTest) -> dict[str, dict[str, Any]]:
    payload = _charts(at)["map"]
    assert payload["map"]["mapName"] == charts.MAP_NAME  # the offline GeoJSON travels with the chart
    (series,) = payload["options"]["series"]
    assert series["type"] == "map"
    return {item["name"]: item for item in series["data"]}


def _table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value  # the numbers; at.dataframe[1] holds the long text beside them (_details)


def _details(at: AppTest) -> pd.DataFrame:
    return at.dataframe[1].value


def _header(at: AppTest, column: str) -> str:
    """The header the table shows for a column (its column_config label)."""
    return json.loads(at.dataframe[0].proto.columns)[column]["label"]


@pytest.fixture
def con(built_db: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


@pytest.fixture
def plan_provinces(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0] for r in con.execute("SELECT province FROM provinces WHERE has_plan_data ORDER BY sort_order").fetchall()
    ]


def test_default_map_colours_all_31_and_greys_the_rest(dashboard: AppTest, plan_provinces: list[str]) -> None:
    at = _open(dashboard)
    items = _map_items(at)
    assert set(items) == set(charts.map_feature_names())  # every feature drawn, none omitted
    assert set(plan_provinces) <= set(items) and len(plan_provinces) == 31
    for name in plan_provinces:
        assert isinstance(items[name]["value"], int | float), name  # the corpus covers all 31 provinces
    for name in NO_PLAN:
        assert items[name].get("value") is None
        assert items[name]["itemStyle"]["areaColor"] == charts.NO_DATA_COLOR
        assert "无数据" in items[name]["tooltip"]["formatter"]
    table = _table(at)
    assert len(table) == 31
    # the table shows the same numbers as the map
    by_label = dict(zip(table["label"], table["value"], strict=True))
    for name in plan_provinces:
        label = next(lbl for lbl in by_label if lbl.split(" ")[0] == name)
        assert by_label[label] == pytest.approx(items[name]["value"])
    # what the count counts: documents with evidence (the digest and the 2026 work report), in the table too
    assert "有证据的文档数: 2" in items["北京"]["tooltip"]["formatter"]
    assert _header(at, "n_sources") == "有证据的文档数"


def test_theme_filter_counts_selected_themes(
    dashboard: AppTest, con: duckdb.DuckDBPyConnection, plan_provinces: list[str]
) -> None:
    at = _open(dashboard)
    at.multiselect(key="themes").set_value(["ai", "blockchain"]).run()
    assert not at.exception
    items = _map_items(at)
    expected = dict(
        con.execute(
            "SELECT province, count(DISTINCT theme_id) FROM theme_evidence "
            "WHERE theme_id IN ('ai', 'blockchain') GROUP BY province"
        ).fetchall()
    )
    for name in plan_provinces:
        assert items[name]["value"] == expected.get(name, 0), name  # 0 here is a true "read, not found"
    at.selectbox(key="measure").set_value("hits").run()
    items = _map_items(at)
    hits = dict(
        con.execute(
            "SELECT province, count(*) FROM theme_evidence WHERE theme_id IN ('ai', 'blockchain') GROUP BY province"
        ).fetchall()
    )
    assert {n: items[n]["value"] for n in plan_provinces} == {n: hits.get(n, 0) for n in plan_provinces}
    at.selectbox(key="measure").set_value("density").run()
    assert not at.exception
    assert any("每千字" in c.value or "1000" in c.value for c in at.caption)  # says what strength means


def test_region_filter_greys_out_others_distinctly(dashboard: AppTest) -> None:
    at = _open(dashboard)
    at.selectbox(key="region").set_value("jingjinji").run()
    assert not at.exception
    items = _map_items(at)
    inside = {"北京", "天津", "河北"}
    for name in inside:
        assert items[name].get("value") is not None
    assert items["上海"].get("value") is None
    assert items["上海"]["itemStyle"]["areaColor"] == charts.FILTERED_COLOR
    assert "不在所选区域" in items["上海"]["tooltip"]["formatter"]
    assert items["台湾"]["itemStyle"]["areaColor"] == charts.NO_DATA_COLOR  # no data ≠ filtered out
    table = _table(at)
    assert sorted(lbl.split(" ")[0] for lbl in table["label"]) == sorted(inside)


def test_entity_counts_match_the_database(dashboard: AppTest, con: duckdb.DuckDBPyConnection) -> None:
    at = _open(dashboard)
    at.selectbox(key="measure").set_value("platforms").run()
    assert not at.exception
    items = _map_items(at)
    counts = dict(con.execute("SELECT province, count(DISTINCT name) FROM platforms GROUP BY province").fetchall())
    for name, n in counts.items():
        if name in items:
            assert items[name]["value"] == n, name


def test_headline_core_share_with_benchmark_states_and_sources(
    dashboard: AppTest, con: duckdb.DuckDBPyConnection
) -> None:
    at = _open(dashboard)
    at.selectbox(key="measure").set_value("core_share_gdp").run()
    assert not at.exception
    payload = _charts(at)
    items = _map_items(at)
    expected = headline.headline_map(con, "core_share_gdp", False).set_index("province")
    bench = headline.national_benchmark(con, "core_share_gdp")
    assert not bench.empty and bench["value"].iloc[0] == pytest.approx(10.0)  # 全国: 10 % by 2025

    with_value = expected[expected["state"] == "value"]
    assert len(with_value) >= 1 and "江苏" in with_value.index
    for name, row in expected.iterrows():
        item = items[name]
        tip = item["tooltip"]["formatter"]
        if row["state"] == "value":
            assert item["value"] == pytest.approx(row["value"])
            status = {"high": "已核实（官方来源）", "medium": "官方来源（相关规划或后续修订）"}[row["status"]]
            assert row["plan_title"] in tip and f"核实状态: {status}" in tip
            assert (row["source_publisher"] or row["source_url"]) in tip
        else:
            assert item.get("value") is None  # never a zero
            state_text = {"no_target_found": "尚未找到目标", "plan_sets_none": "规划未设此目标"}.get(
                row["state"], "未核实"
            )
            assert state_text in tip, (name, tip)
    assert "全国基准: 10.0" in payload["map"]["options"]["title"][0]["subtext"]
    # the ranked bar carries the national line
    bar = payload["map_bar"]["options"]
    (mark,) = bar["series"][0]["markLine"]["data"]
    assert mark["xAxis"] == pytest.approx(10.0)
    table = _table(at)
    assert "status_text" in table.columns and _header(at, "n_sources") == "人工整理条数"  # curated rows
    assert {"plan_title", "source_publisher", "source_url", "conflict"} <= set(_details(at).columns)
    assert not (table["value"] == 0).any()


def test_unverified_toggle_brings_in_marked_rows(dashboard: AppTest, con: duckdb.DuckDBPyConnection) -> None:
    at = _open(dashboard)
    at.selectbox(key="measure").set_value("core_share_gdp").run()
    hidden = headline.headline_map(con, "core_share_gdp", False)
    hidden_names = list(hidden.loc[hidden["state"] == "unverified_hidden", "province"])
    assert hidden_names, "the curated data has unverified rows for core_share_gdp"
    before = _map_items(at)
    assert all(before[n].get("value") is None for n in hidden_names)
    at.toggle(key="map_unverified").set_value(True).run()
    assert not at.exception
    after = _map_items(at)
    for name in hidden_names:
        assert after[name].get("value") is not None
        assert "未核实（转载来源）" in after[name]["tooltip"]["formatter"]
    table = _table(at)
    assert table["status_text"].fillna("").str.contains("未核实").any()


def test_two_headline_indicators_never_share_a_scale(dashboard: AppTest) -> None:
    at = _open(dashboard)
    at.selectbox(key="measure").set_value("core_share_gdp").run()
    core = _charts(at)["map"]["options"]["visualMap"]
    core = core[0] if isinstance(core, list) else core
    at.selectbox(key="measure").set_value("de_share_gdp").run()
    assert not at.exception
    de = _charts(at)["map"]["options"]["visualMap"]
    de = de[0] if isinstance(de, list) else de
    assert (core["min"], core["max"]) != (de["min"], de["max"])
    assert core["min"] == de["min"] == 0.0  # shares of GDP are read from 0, never from the smallest value
    assert de["max"] >= 30 > core["max"]  # digital economy 30–60 %, core industries 5–15 %: own scale each


def test_url_restores_filters(dashboard: AppTest) -> None:
    dashboard.query_params["measure"] = "hits"
    dashboard.query_params["themes"] = ["ai", "data_elements"]
    dashboard.query_params["region"] = "East"
    dashboard.query_params["click"] = "compare"
    dashboard.query_params["unverified"] = "1"
    dashboard.query_params["compare"] = ["四川", "重庆"]
    at = _open(dashboard)
    assert not at.exception
    assert at.toggle(key="map_unverified").value is True
    assert at.multiselect(key="compare").value == ["四川", "重庆"]
    assert at.selectbox(key="measure").value == "hits"
    assert at.multiselect(key="themes").value == ["ai", "data_elements"]
    assert at.selectbox(key="region").value == "East"
    assert at.button_group(key="click").value == "compare"
    items = _map_items(at)
    assert items["四川"].get("value") is None and items["江苏"].get("value") is not None


def test_click_opens_the_profile(dashboard: AppTest) -> None:
    at = _open(dashboard)
    at.session_state["map_goto"] = "西藏"  # what the click callback stores for "open profile"
    at.run()
    assert not at.exception
    assert at.query_params.get("province") in ("西藏", ["西藏"])
    assert at.selectbox(key="province").value == "西藏"


def test_click_on_a_region_without_plan_data_shows_a_notice(dashboard: AppTest) -> None:
    at = _open(dashboard)
    at.session_state["map_notice"] = ("map_no_plan_data", "台湾")
    at.run()
    assert not at.exception
    assert any("台湾" in i.value and "不涉及" in i.value for i in at.info)


def test_basket_opens_compare_with_the_provinces(dashboard: AppTest) -> None:
    at = _open(dashboard)
    at.multiselect(key="compare").set_value(["四川", "重庆"]).run()
    at.button(key="map_open_compare").click().run()
    assert not at.exception
    assert at.multiselect(key="p").value == ["四川", "重庆"]


def test_english_labels(dashboard: AppTest) -> None:
    at = dashboard.run()
    at.button_group(key="lang").set_value("en").run()
    at = _open(at)
    assert at.title[0].value.startswith("Map")
    items = _map_items(at)
    assert "Tibet" in items["西藏"]["tooltip"]["formatter"]
    labels = _table(at)["label"]
    assert labels.str.match(r"^[A-Z][A-Za-z ]+ [\u4e00-\u9fff]+$").all(), list(labels)  # "Inner Mongolia 内蒙古"
