"""AppTest of the 主题 Themes page on a real build: heatmap JSON, ordering, one theme's provinces and quotes, who else.

Why: the matrix must hold exactly the database's counts (no province or theme dropped, missing never drawn as 0), the
clustered order must be the one atlas.ordering computes, and the tables must trace each quote to its document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import ordering

PAGE = "pages/themes.py"


def _open(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _heatmap(at: AppTest) -> dict[str, Any]:
    (el,) = [e for e in at.get("bidi_component") if e.key == "themes_heatmap"]
    return json.loads(el.proto.json)["options"]


def _cells(options: dict[str, Any]) -> dict[tuple[str, str], Any]:
    ys, xs = options["yAxis"][0]["data"], options["xAxis"][0]["data"]
    return {(ys[y], xs[x]): v for x, y, v in options["series"][0]["data"]}


@pytest.fixture
def con(built_db: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


@pytest.fixture
def names(con: duckdb.DuckDBPyConnection) -> tuple[list[str], dict[str, str]]:
    plan = [
        r[0] for r in con.execute("SELECT province FROM provinces WHERE has_plan_data ORDER BY sort_order").fetchall()
    ]
    themes = dict(con.execute("SELECT theme_id, name_zh FROM themes ORDER BY sort_order").fetchall())
    return plan, themes


def test_heatmap_holds_every_province_and_theme_with_database_counts(
    dashboard: AppTest, con: duckdb.DuckDBPyConnection, names: tuple[list[str], dict[str, str]]
) -> None:
    plan, themes = names
    at = _open(dashboard)
    at.button_group(key="tv").set_value("hits").run()
    assert not at.exception
    options = _heatmap(at)
    assert sorted(options["yAxis"][0]["data"]) == sorted(plan)
    assert sorted(options["xAxis"][0]["data"]) == sorted(themes.values())
    cells = _cells(options)
    assert len(cells) == 31 * len(themes)
    hits = {
        (p, themes[t]): n
        for p, t, n in con.execute("SELECT province, theme_id, count(*) FROM theme_evidence GROUP BY ALL").fetchall()
        if p in plan
    }
    for key, value in cells.items():
        assert value == hits.get(key, 0), key  # every province has a section, so 0 is a true "not found"


def test_default_presence_is_clustered_as_atlas_ordering_says(
    dashboard: AppTest, con: duckdb.DuckDBPyConnection, names: tuple[list[str], dict[str, str]]
) -> None:
    plan, themes = names
    at = _open(dashboard)
    options = _heatmap(at)
    assert {v for v in _cells(options).values()} <= {0, 1}
    long = con.execute("SELECT province, theme_id FROM theme_evidence GROUP BY ALL").df()
    long["v"] = 1
    matrix = (
        long.pivot(index="province", columns="theme_id", values="v").reindex(index=plan, columns=list(themes)).fillna(0)
    )
    assert options["yAxis"][0]["data"] == ordering.cluster_order(matrix)
    assert options["xAxis"][0]["data"] == [themes[t] for t in ordering.cluster_order(matrix.T)]
    assert any("聚类" in c.value for c in at.caption)


def test_sort_orders(
    dashboard: AppTest, con: duckdb.DuckDBPyConnection, names: tuple[list[str], dict[str, str]]
) -> None:
    plan, themes = names
    at = _open(dashboard)
    at.button_group(key="order").set_value("reference").run()
    options = _heatmap(at)
    assert options["yAxis"][0]["data"] == plan
    assert options["xAxis"][0]["data"] == list(themes.values())
    at.button_group(key="tv").set_value("hits").run()
    at.selectbox(key="theme").set_value("ai").run()
    at.button_group(key="order").set_value("theme").run()
    assert not at.exception
    options = _heatmap(at)
    ai = _cells(options)
    ys = options["yAxis"][0]["data"]
    column = [ai[(p, themes["ai"])] for p in ys]
    assert column == sorted(column, reverse=True)


def test_one_theme_lists_covering_provinces_and_traceable_quotes(
    dashboard: AppTest, con: duckdb.DuckDBPyConnection
) -> None:
    at = _open(dashboard)
    at.selectbox(key="theme").set_value("ai").run()
    assert not at.exception
    covering = at.dataframe[0].value
    expected = dict(
        con.execute(
            "SELECT e.province, count(*) FROM theme_evidence e JOIN provinces p USING (province) "
            "WHERE theme_id = 'ai' AND p.has_plan_data GROUP BY ALL"
        ).fetchall()
    )
    assert {lbl.split(" ")[0]: h for lbl, h in zip(covering["label"], covering["hits"], strict=True)} == expected
    quotes = at.dataframe[1].value
    assert len(quotes) == sum(expected.values())
    texts = dict(con.execute("SELECT title, text FROM documents").fetchall())
    for row in quotes.itertuples(index=False):
        start, end = (int(x) for x in row.offsets.split("–"))
        assert texts[row.title][start:end] == row.quote  # the quote is exactly the document text there
    one = sorted(expected)[0]
    at.multiselect(key="tp").set_value([one]).run()
    assert not at.exception
    only = at.dataframe[1].value
    assert len(only) == expected[one] and set(only["label"].str.split(" ").str[0]) == {one}


def test_who_else_lists_every_province_naming_a_platform(dashboard: AppTest, con: duckdb.DuckDBPyConnection) -> None:
    at = _open(dashboard)
    name, n = con.execute(
        "SELECT name, count(DISTINCT province) n FROM platforms JOIN provinces USING (province) "
        "WHERE has_plan_data GROUP BY name ORDER BY n DESC, name LIMIT 1"
    ).fetchone()
    assert at.selectbox(key="entity").value == name  # the most widely named platform first
    table = at.dataframe[-1].value
    expected = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT province FROM platforms JOIN provinces USING (province) WHERE has_plan_data AND name = ?",
            [name],
        ).fetchall()
    }
    assert set(table["label"].str.split(" ").str[0]) == expected and len(expected) == n
    assert any(f"{n}个省份" in m.value for m in at.markdown)


def test_industry_kind_without_data_says_so_or_lists(dashboard: AppTest, con: duckdb.DuckDBPyConnection) -> None:
    at = _open(dashboard)
    at.button_group(key="kind").set_value("industry").run()
    assert not at.exception
    n = con.execute("SELECT count(*) FROM focus_industries").fetchone()[0]
    if n == 0:
        assert any("尚无" in i.value for i in at.info)
    else:
        assert at.selectbox(key="entity").value in {
            r[0] for r in con.execute("SELECT name FROM focus_industries").fetchall()
        }
        assert len(at.dataframe[-1].value) >= 1


def test_url_restores_the_view(dashboard: AppTest) -> None:
    dashboard.query_params["tv"] = "density"
    dashboard.query_params["order"] = "total"
    dashboard.query_params["theme"] = "blockchain"
    dashboard.query_params["kind"] = "platform"
    at = _open(dashboard)
    assert at.button_group(key="tv").value == "density"
    assert at.button_group(key="order").value == "total"
    assert at.selectbox(key="theme").value == "blockchain"
    cells = _cells(_heatmap(at))
    assert any(isinstance(v, float) and v != int(v) for v in cells.values())  # per-1000-character values
    assert at.query_params.get("theme") in ("blockchain", ["blockchain"])


def test_invalid_url_values_fall_back_to_defaults(dashboard: AppTest) -> None:
    dashboard.query_params["tv"] = "<script>"
    dashboard.query_params["theme"] = "no_such_theme"
    at = _open(dashboard)
    assert at.button_group(key="tv").value == "present"
    assert at.selectbox(key="theme").value == "infrastructure"


def test_english(dashboard: AppTest) -> None:
    at = dashboard.run()
    at.button_group(key="lang").set_value("en").run()
    at = _open(at)
    assert at.title[0].value.startswith("Themes")
    options = _heatmap(at)
    assert "Artificial intelligence" in options["xAxis"][0]["data"]
    assert "Beijing 北京" in options["yAxis"][0]["data"]
    assert isinstance(at.dataframe[0].value, pd.DataFrame)
