"""The offline China map asset and the pure chart builders.

Why: ECharts silently leaves unmatched names uncoloured and plotly silently inverts counter-clockwise rings, so the
joins, ring orientation and "grey, never zero" handling of missing data are checked here rather than by eye.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from atlas import charts

ROOT = Path(__file__).resolve().parents[1]
GEOJSON = ROOT / "data" / "reference" / "china.geo.json"
PROVINCES_CSV = ROOT / "data" / "reference" / "provinces.csv"


def _reference() -> list[dict[str, str]]:
    with open(PROVINCES_CSV, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _map_rows() -> list[dict[str, str]]:
    """All reference rows that should be map features: everything but 全国."""
    return [r for r in _reference() if r["province"] != "全国"]


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace formula: negative for clockwise rings (lon/lat, y up)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def _all_strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in (*_all_strings(k), *_all_strings(v))]
    if isinstance(obj, list):
        return [s for v in obj for s in _all_strings(v)]
    return []


def _plan_frame(missing: tuple[str, ...] = ()) -> pd.DataFrame:
    rows = [r for r in _reference() if r["has_plan_data"] == "true"]
    return pd.DataFrame(
        {
            "province": [r["province"] for r in rows],
            "value": [float("nan") if r["province"] in missing else float(i) for i, r in enumerate(rows)],
            "n_sources": [i % 3 for i in range(len(rows))],
        }
    )


# --- the GeoJSON asset -------------------------------------------------------------------------------------------


def test_geojson_is_small_and_has_34_features() -> None:
    assert GEOJSON.stat().st_size < 150 * 1024
    gj = json.loads(GEOJSON.read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == 34
    for f in gj["features"]:
        assert set(f["properties"]) == {"name", "id", "cp"}
        lon, lat = f["properties"]["cp"]
        assert 73 < lon < 136 and 3 < lat < 54


def test_features_join_provinces_csv_by_name_and_adcode() -> None:
    gj = charts.load_china_geojson()
    by_name = {f["properties"]["name"]: int(f["properties"]["id"]) for f in gj["features"]}
    ref = {r["province"]: int(r["adcode"]) for r in _map_rows()}
    assert len(ref) == 34
    assert by_name == ref  # same 34 names, each with the same adcode
    plan = {r["province"] for r in _reference() if r["has_plan_data"] == "true"}
    assert len(plan) == 31 and plan <= set(by_name)
    assert {"台湾", "香港", "澳门"} <= set(by_name)
    assert charts.map_feature_names() == set(by_name)


def test_rings_are_clockwise_and_closed() -> None:
    for f in charts.load_china_geojson()["features"]:
        for poly in _polygons(f["geometry"]):
            exterior, *holes = poly
            assert exterior[0] == exterior[-1] and len(exterior) >= 4, f["properties"]["name"]
            assert _signed_area(exterior[:-1]) < 0, f"{f['properties']['name']}: exterior not clockwise"
            for hole in holes:
                assert _signed_area(hole[:-1]) > 0, f"{f['properties']['name']}: hole not counter-clockwise"


def test_coordinates_rounded_to_two_decimals() -> None:
    for f in charts.load_china_geojson()["features"]:
        for poly in _polygons(f["geometry"]):
            for ring in poly:
                for x, y in ring:
                    assert round(x, 2) == x and round(y, 2) == y


# --- choropleth --------------------------------------------------------------------------------------------------


def test_choropleth_has_every_feature_and_greys_missing() -> None:
    chart = charts.choropleth(
        _plan_frame(missing=("广西", "新疆")), title="t", value_label="指数", benchmark=3.5, lang="zh"
    )
    options = json.loads(chart.dump_options())  # exactly what st_pyecharts sends
    (series,) = options["series"]
    assert series["type"] == "map" and series["map"] == charts.MAP_NAME == "china"
    items = {d["name"]: d for d in series["data"]}
    assert set(items) == charts.map_feature_names() and len(series["data"]) == 34

    grey = {"广西", "新疆", "台湾", "香港", "澳门"}
    for name, item in items.items():
        if name in grey:
            assert item.get("value") is None, name  # never zero
            assert item["itemStyle"]["areaColor"] == charts.NO_DATA_COLOR
            assert "无数据" in item["tooltip"]["formatter"]
        else:
            assert isinstance(item["value"], float) and not math.isnan(item["value"])
            assert "areaColor" not in item.get("itemStyle", {})
            assert "无数据" not in item["tooltip"]["formatter"]
            assert "来源数" in item["tooltip"]["formatter"]
    # 北京 is row 0 → value 0.0: a real zero is a coloured value, not "no data".
    assert items["北京"]["value"] == 0.0

    vm = options["visualMap"]  # pyecharts emits a single dict here
    assert vm["outOfRange"]["color"] == charts.NO_DATA_COLOR
    assert "3.5" in options["title"][0]["subtext"] and "无数据" in options["title"][0]["subtext"]


def test_choropleth_english_tooltips() -> None:
    chart = charts.choropleth(_plan_frame(), title="t", value_label="Index", lang="en")
    items = {d["name"]: d for d in charts.to_options(chart)["series"][0]["data"]}
    assert items["内蒙古"]["tooltip"]["formatter"].startswith("<b>Inner Mongolia 内蒙古</b>")
    assert "no data" in items["台湾"]["tooltip"]["formatter"]
    assert "sources: " in items["北京"]["tooltip"]["formatter"]


def test_choropleth_custom_missing_label_and_tooltip_text_escaped() -> None:
    df = pd.DataFrame({"province": ["北京"], "value": [1.0], "tooltip": ["<script>x</script>"]})
    chart = charts.choropleth(df, title="t", value_label="v", missing_label="未提及")
    items = {d["name"]: d for d in charts.to_options(chart)["series"][0]["data"]}
    assert "<script>" not in items["北京"]["tooltip"]["formatter"]
    assert "&lt;script&gt;" in items["北京"]["tooltip"]["formatter"]
    assert "未提及" in items["上海"]["tooltip"]["formatter"]


@pytest.mark.parametrize("bad", ["广西壮族自治区", "全国", "Beijing", "内蒙"])
def test_choropleth_rejects_names_not_on_the_map(bad: str) -> None:
    df = pd.DataFrame({"province": ["北京", bad], "value": [1.0, 2.0]})
    with pytest.raises(ValueError, match="not on the map"):
        charts.choropleth(df, title="t", value_label="v")


def test_choropleth_rejects_duplicates() -> None:
    df = pd.DataFrame({"province": ["北京", "北京"], "value": [1.0, 2.0]})
    with pytest.raises(ValueError, match="duplicate"):
        charts.choropleth(df, title="t", value_label="v")


def test_no_url_in_any_options() -> None:
    built = [
        charts.choropleth(_plan_frame(missing=("广西",)), title="t", value_label="v", benchmark=1.0, lang="en"),
        charts.heatmap(pd.DataFrame({"a": [1.0]}, index=["北京"]), title="h", value_label="v"),
        charts.ranked_bar(_plan_frame(), title="b", value_label="v", benchmark=2.0),
    ]
    for chart in built:
        text = chart.dump_options()
        assert "http" not in text and "//" not in "".join(_all_strings(json.loads(text)))


# --- heatmap and bars ---------------------------------------------------------------------------------------------


def test_heatmap_series_data() -> None:
    matrix = pd.DataFrame(
        {"数据要素": [1.0, float("nan")], "算力": [2.5, 0.0]},
        index=pd.Index(["北京", "内蒙古"], name="province"),
    )
    options = charts.to_options(
        charts.heatmap(matrix, title="h", value_label="得分", lang="en", column_labels={"算力": "Compute"})
    )
    (series,) = options["series"]
    assert series["type"] == "heatmap"
    assert series["data"] == [[0, 0, 1.0], [1, 0, 2.5], [0, 1, "-"], [1, 1, 0.0]]  # NaN empty, 0 kept
    assert options["xAxis"][0]["data"] == ["数据要素", "Compute"]
    assert options["yAxis"][0]["data"] == ["Beijing 北京", "Inner Mongolia 内蒙古"]
    assert options["yAxis"][0]["inverse"] is True
    assert options["visualMap"]["min"] == 0.0 and options["visualMap"]["max"] == 2.5


def test_ranked_bar_sorted_with_benchmark_line() -> None:
    df = pd.DataFrame({"province": ["北京", "上海", "广西", "西藏"], "value": [3.0, 5.0, float("nan"), 1.0]})
    options = charts.to_options(
        charts.ranked_bar(df, title="b", value_label="v", benchmark=2.0, benchmark_label="全国", highlight="北京")
    )
    (series,) = options["series"]
    assert series["type"] == "bar"
    assert options["yAxis"][0]["data"] == ["上海", "北京", "西藏"]  # high → low, NaN left out
    assert options["yAxis"][0]["type"] == "category" and options["yAxis"][0]["inverse"] is True
    assert options["xAxis"][0]["type"] == "value"
    assert series["data"] == [5.0, {"value": 3.0, "itemStyle": {"color": charts.HIGHLIGHT_COLOR}}, 1.0]
    assert series["markLine"]["data"] == [{"name": "全国", "xAxis": 2.0}]


def test_ranked_bar_without_benchmark_has_no_markline() -> None:
    df = pd.DataFrame({"province": ["北京", "上海"], "value": [1.0, 2.0]})
    options = charts.to_options(charts.ranked_bar(df, title="b", value_label="v", lang="en", top_n=1))
    assert "markLine" not in options["series"][0]
    assert options["yAxis"][0]["data"] == ["Shanghai 上海"]


def test_charts_module_does_not_import_streamlit_or_shapely() -> None:
    """streamlit_echarts fails outside a running app, and shapely is a generator-only dependency."""
    code = "import sys, atlas.charts; print(sorted(m for m in sys.modules if m.startswith(('streamlit', 'shapely'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
