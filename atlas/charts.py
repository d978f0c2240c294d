"""Pure chart builders (pyecharts) for the dashboard pages: choropleth map, province × theme heatmap, ranked bars.

Why a separate, Streamlit-free module: ``import streamlit_echarts`` fails outside a running app, and chart options are
the part worth unit-testing (names join the map, missing data is grey, nothing points at a CDN). Pages render the
returned charts with ``streamlit_echarts.st_pyecharts``; the map needs ``Map(MAP_NAME, load_china_geojson())``.

No ``JsCode`` anywhere: ``st_pyecharts`` serialises with ``chart.dump_options()``, which strips the quotes around
JsCode and would make the JSON unparsable. Tooltips are precomputed per item as plain (HTML-escaped) strings instead.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pandas as pd
from pyecharts import options as opts
from pyecharts.charts import Bar, HeatMap, Map
from pyecharts.charts.base import Base

from atlas.i18n import bilingual
from extract.paths import REFERENCE
from extract.regions import provinces

# Registering the GeoJSON under exactly this name makes ECharts add the 南海诸岛 inset, the 钓鱼岛 polygon for 台湾
# and its label offsets by itself.
MAP_NAME = "china"
GEOJSON_PATH = REFERENCE / "china.geo.json"

NO_DATA_COLOR = "#d3d3d3"
FILTERED_COLOR = "#efefef"  # lighter grey: has data, but outside the chosen filter
SCALE_COLORS = ["#e0f3f8", "#abd9e9", "#74add1", "#4575b4", "#313695"]  # light → dark blue, colour-blind safe
HIGHLIGHT_COLOR = "#d73027"
BORDER_COLOR = "#ffffff"
INSET_BORDER_COLOR = "#8c8c8c"
BENCHMARK_COLOR = "#d73027"

_TEXT = {
    "zh": {"no_data": "无数据", "sources": "来源数", "benchmark": "全国基准", "grey": "灰色"},
    "en": {"no_data": "no data", "sources": "sources", "benchmark": "national benchmark", "grey": "grey"},
}


def _t(lang: str, key: str) -> str:
    if lang not in _TEXT:
        raise ValueError(f"lang must be one of {sorted(_TEXT)}, got {lang!r}")
    return _TEXT[lang][key]


@lru_cache(maxsize=1)
def load_china_geojson() -> dict[str, Any]:
    """The committed offline map (see data/reference/NOTICE-map.md); cached because it is ~80 KB of JSON.

    Callers must not mutate the returned dict (it is shared).
    """
    with open(GEOJSON_PATH, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def map_feature_names() -> frozenset[str]:
    """Short names of the 34 map features; any other name would be silently left uncoloured by ECharts."""
    return frozenset(f["properties"]["name"] for f in load_china_geojson()["features"])


def _map_order() -> list[str]:
    """Map feature names in provinces.csv order (stable output), unknown extras last."""
    names = map_feature_names()
    ordered = [p.province for p in sorted(provinces(), key=lambda p: p.sort_order) if p.province in names]
    return ordered + sorted(names - set(ordered))


def english_name(province: str) -> str | None:
    """English name from provinces.csv, or None when the name is not a reference province."""
    for p in provinces():
        if p.province == province:
            return p.name_en
    return None


def display_name(province: str, lang: str) -> str:
    """The one province label (atlas.i18n.bilingual): '广西' in Chinese, 'Guangxi 广西' in English."""
    _t(lang, "no_data")
    return bilingual(province, english_name(province), lang)


def to_options(chart: Base) -> dict[str, Any]:
    """The options exactly as st_pyecharts sends them (handy in tests and for st_echarts)."""
    return json.loads(chart.dump_options())


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _fmt(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _check_names(names: Iterable[str]) -> None:
    names = list(names)
    unknown = sorted(set(names) - map_feature_names())
    if unknown:
        raise ValueError(f"province names not on the map (use short names like 广西, 内蒙古): {unknown}")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"duplicate provinces in choropleth input: {dupes}")


def choropleth(
    values: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    lang: str = "zh",
    missing_label: str | None = None,
    benchmark: float | None = None,
    benchmark_label: str | None = None,
    subtitle: str | None = None,
    decimals: int = 1,
    vmin: float | None = None,
    vmax: float | None = None,
    roam: bool = False,
    sources_label: str | None = None,
) -> Map:
    """Province choropleth on the offline China map; every one of the 34 features gets a data item.

    ``values``: columns ``province`` (short name as in provinces.csv), ``value`` (float or NaN), optionally
    ``n_sources`` (int) and ``tooltip`` (extra plain text). NaN provinces and provinces absent from ``values`` (such
    as 台湾/香港/澳门) are drawn grey with a "no data" tooltip: never omitted, never zero. Optional per-row columns
    ``missing`` (text shown instead of "no data" for that NaN row, e.g. why it is missing) and ``missing_color``
    (its grey, e.g. FILTERED_COLOR for provinces outside a filter) tell kinds of missing apart. Raises ValueError on a
    province name that is not a map feature (ECharts would silently leave it uncoloured), e.g. 全国: pass a national
    value as ``benchmark`` instead, which is shown in the subtitle.
    """
    if not {"province", "value"} <= set(values.columns):
        raise ValueError("choropleth needs columns 'province' and 'value'")
    _check_names(values["province"])
    no_data = missing_label or _t(lang, "no_data")
    rows = {r["province"]: r for r in values.to_dict("records")}

    items: list[opts.MapItem] = []
    present: list[float] = []
    for name in _map_order():
        row = rows.get(name, {})
        value = row.get("value")
        lines = [f"<b>{html.escape(display_name(name, lang))}</b>"]
        row_missing = row.get("missing")
        missing_text = row_missing if isinstance(row_missing, str) and row_missing else no_data
        row_color = row.get("missing_color")
        missing_color = row_color if isinstance(row_color, str) and row_color else NO_DATA_COLOR
        if _is_missing(value):
            lines.append(f"{html.escape(value_label)}: {html.escape(missing_text)}")
        else:
            present.append(float(value))
            lines.append(f"{html.escape(value_label)}: {_fmt(float(value), decimals)}")
        n_sources = row.get("n_sources")
        if not _is_missing(n_sources):
            lines.append(f"{html.escape(sources_label or _t(lang, 'sources'))}: {int(n_sources)}")
        extra = row.get("tooltip")
        if isinstance(extra, str) and extra.strip():
            lines.append(html.escape(extra.strip()).replace("\n", "<br/>"))
        tooltip = {"formatter": "<br/>".join(lines)}
        if _is_missing(value):
            # value stays absent (NaN in ECharts); the grey itemStyle is the colour, and also outOfRange below.
            items.append(
                opts.MapItem(
                    name=name,
                    value=None,
                    itemstyle_opts={"areaColor": missing_color, "color": missing_color, "borderColor": BORDER_COLOR},
                    tooltip_opts=tooltip,
                )
            )
        else:
            items.append(
                opts.MapItem(
                    name=name,
                    value=round(float(value), 6),
                    itemstyle_opts={"borderColor": BORDER_COLOR},
                    tooltip_opts=tooltip,
                )
            )

    lo = vmin if vmin is not None else (min(present) if present else 0.0)
    hi = vmax if vmax is not None else (max(present) if present else 1.0)
    if hi <= lo:
        hi = lo + 1.0

    sub_parts = [subtitle] if subtitle else []
    if benchmark is not None and not _is_missing(benchmark):
        sub_parts.append(f"{benchmark_label or _t(lang, 'benchmark')}: {_fmt(float(benchmark), decimals)}")
    sub_parts.append(f"{_t(lang, 'grey')} = {no_data}")

    chart = Map(init_opts=opts.InitOpts(width="100%", height="560px", animation_opts=opts.AnimationOpts(False)))
    chart.add(
        value_label,
        items,
        maptype=MAP_NAME,
        is_roam=roam,
        is_map_symbol_show=False,
        label_opts=opts.LabelOpts(is_show=False),
        # Series default applies only to regions without a data item, i.e. ECharts' own 南海诸岛 inset: a darker
        # outline keeps its dashes visible (provinces get a white border per item above).
        itemstyle_opts=opts.ItemStyleOpts(area_color=NO_DATA_COLOR, border_color=INSET_BORDER_COLOR, border_width=0.6),
        emphasis_label_opts=opts.LabelOpts(is_show=True),
        emphasis_itemstyle_opts=opts.ItemStyleOpts(area_color="#fdae61"),
    )
    chart.set_global_opts(
        title_opts=opts.TitleOpts(title=title, subtitle=" · ".join(sub_parts)),
        tooltip_opts=opts.TooltipOpts(trigger="item", formatter="{b}", is_confine=True),
        legend_opts=opts.LegendOpts(is_show=False),
        visualmap_opts=opts.VisualMapOpts(
            min_=lo,
            max_=hi,
            precision=decimals,
            is_calculable=False,
            range_text=[_fmt(hi, decimals), _fmt(lo, decimals)],
            range_color=SCALE_COLORS,
            out_of_range={"color": NO_DATA_COLOR},
            pos_left="left",
            pos_bottom="5%",
            series_index=0,
        ),
    )
    return chart


def status_map(
    values: pd.DataFrame,
    *,
    title: str,
    legend: Mapping[str, tuple[str, str]],
    lang: str = "zh",
    subtitle: str | None = None,
) -> Map:
    """Province map coloured by a category (a delivery status): ``values`` has ``province``, ``status`` (a key of
    ``legend``) and optionally ``tooltip``; ``legend`` maps status → (label, colour), in legend order. Regions without
    a row (台湾/香港/澳门) are grey "no data". The page draws the legend (atlas.highlight.legend-style) beside it."""
    if not {"province", "status"} <= set(values.columns):
        raise ValueError("status_map needs columns 'province' and 'status'")
    _check_names(values["province"])
    rows = {r["province"]: r for r in values.to_dict("records")}
    items: list[opts.MapItem] = []
    for name in _map_order():
        row = rows.get(name, {})
        label, color = legend.get(str(row.get("status")), (_t(lang, "no_data"), NO_DATA_COLOR))
        lines = [f"<b>{html.escape(display_name(name, lang))}</b>", html.escape(label)]
        extra = row.get("tooltip")
        if isinstance(extra, str) and extra.strip():
            lines.append(html.escape(extra.strip()).replace("\n", "<br/>"))
        items.append(
            opts.MapItem(
                name=name,
                value=None,
                itemstyle_opts={"areaColor": color, "color": color, "borderColor": BORDER_COLOR},
                tooltip_opts={"formatter": "<br/>".join(lines)},
            )
        )
    chart = Map(init_opts=opts.InitOpts(width="100%", height="560px", animation_opts=opts.AnimationOpts(False)))
    chart.add(
        title,
        items,
        maptype=MAP_NAME,
        is_roam=False,
        is_map_symbol_show=False,
        label_opts=opts.LabelOpts(is_show=False),
        itemstyle_opts=opts.ItemStyleOpts(area_color=NO_DATA_COLOR, border_color=INSET_BORDER_COLOR, border_width=0.6),
        emphasis_label_opts=opts.LabelOpts(is_show=True),
        # hover: a dark grey no status uses, so a highlighted province is never mistaken for a status colour
        emphasis_itemstyle_opts=opts.ItemStyleOpts(area_color="#737373", border_color="#252525", border_width=1.5),
    )
    chart.set_global_opts(
        title_opts=opts.TitleOpts(title=title, subtitle=subtitle or ""),
        tooltip_opts=opts.TooltipOpts(trigger="item", formatter="{b}", is_confine=True),
        legend_opts=opts.LegendOpts(is_show=False),
    )
    return chart


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    lang: str = "zh",
    column_labels: Mapping[str, str] | None = None,
    decimals: int = 1,
    vmin: float | None = None,
    vmax: float | None = None,
    height_px: int | None = None,
) -> HeatMap:
    """Heatmap of a province × theme matrix (index = provinces, top to bottom; columns = themes, left to right).

    Build the matrix with ``df.pivot(index="province", columns="theme", values="value")``. NaN cells are sent as
    ``"-"`` so ECharts leaves them empty instead of colouring them as zero. Province labels get the English name when
    lang='en'; ``column_labels`` optionally maps theme keys to display labels.
    """
    _t(lang, "no_data")
    rows = [str(r) for r in matrix.index]
    cols = [str(c) for c in matrix.columns]
    y_labels = [display_name(r, lang) if english_name(r) else r for r in rows]
    x_labels = [(column_labels or {}).get(c, c) for c in cols]
    data: list[list[Any]] = []
    present: list[float] = []
    for yi, (_, row) in enumerate(matrix.iterrows()):
        for xi, v in enumerate(row.tolist()):
            if _is_missing(v):
                data.append([xi, yi, "-"])
            else:
                present.append(float(v))
                data.append([xi, yi, round(float(v), 6)])
    lo = vmin if vmin is not None else (min(present) if present else 0.0)
    hi = vmax if vmax is not None else (max(present) if present else 1.0)
    if hi <= lo:
        hi = lo + 1.0

    chart = HeatMap(
        init_opts=opts.InitOpts(
            width="100%", height=f"{height_px or 120 + 22 * len(rows)}px", animation_opts=opts.AnimationOpts(False)
        )
    )
    chart.add_xaxis(x_labels)
    chart.add_yaxis(
        value_label,
        y_labels,
        data,
        label_opts=opts.LabelOpts(is_show=False),
    )
    chart.set_global_opts(
        title_opts=opts.TitleOpts(title=title),
        tooltip_opts=opts.TooltipOpts(trigger="item", is_confine=True),
        legend_opts=opts.LegendOpts(is_show=False),
        xaxis_opts=opts.AxisOpts(
            type_="category", axislabel_opts=opts.LabelOpts(rotate=30, interval=0), splitarea_opts=None
        ),
        yaxis_opts=opts.AxisOpts(type_="category", is_inverse=True, axislabel_opts=opts.LabelOpts(interval=0)),
        visualmap_opts=opts.VisualMapOpts(
            min_=lo,
            max_=hi,
            precision=decimals,
            is_calculable=False,
            range_text=[_fmt(hi, decimals), _fmt(lo, decimals)],
            range_color=SCALE_COLORS,
            orient="horizontal",
            pos_left="center",
            pos_bottom="0",
        ),
    )
    # Rotated theme names and long province labels stay inside the canvas; the bottom strip holds the visualMap.
    chart.options["grid"] = opts.GridOpts(pos_top=50, pos_bottom=60, pos_left=10, pos_right=30, is_contain_label=True)
    return chart


def ranked_bar(
    values: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    lang: str = "zh",
    benchmark: float | None = None,
    benchmark_label: str | None = None,
    highlight: str | None = None,
    decimals: int = 1,
    top_n: int | None = None,
) -> Bar:
    """Horizontal bars ranked high → low (top to bottom), with an optional national-benchmark reference line.

    ``values``: columns ``province`` (or any ``label``) and ``value``. NaN rows are left out: a ranking cannot place
    them, and a zero-length bar would read as zero. ``highlight`` colours one province's bar (e.g. the clicked one).
    """
    label_col = "province" if "province" in values.columns else "label"
    if not {label_col, "value"} <= set(values.columns):
        raise ValueError("ranked_bar needs columns 'province' (or 'label') and 'value'")
    _t(lang, "no_data")
    df = values[[label_col, "value"]].copy()
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df = df[df["value"].notna()].sort_values(["value", label_col], ascending=[False, True], kind="stable")
    if top_n is not None:
        df = df.head(top_n)
    names = [str(n) for n in df[label_col]]
    labels = [display_name(n, lang) if english_name(n) else n for n in names]
    items: list[Any] = []
    for name, v in zip(names, df["value"], strict=True):
        if name == highlight:
            items.append({"value": round(float(v), 6), "itemStyle": {"color": HIGHLIGHT_COLOR}})
        else:
            items.append(round(float(v), 6))

    markline = None
    if benchmark is not None and not _is_missing(benchmark):
        name = benchmark_label or _t(lang, "benchmark")
        markline = opts.MarkLineOpts(
            data=[opts.MarkLineItem(name=name, x=round(float(benchmark), 6))],
            symbol=["none", "none"],
            # The value axis is inverted vertically, so "start" puts the label at the top, clear of the axis labels.
            label_opts=opts.LabelOpts(formatter=f"{name}: {{c}}", position="start"),
            linestyle_opts=opts.LineStyleOpts(color=BENCHMARK_COLOR, type_="dashed", width=1.5),
        )

    chart = Bar(
        init_opts=opts.InitOpts(
            width="100%", height=f"{120 + 22 * len(labels)}px", animation_opts=opts.AnimationOpts(False)
        )
    )
    chart.add_xaxis(labels)
    chart.add_yaxis(
        value_label,
        items,
        color=SCALE_COLORS[3],
        label_opts=opts.LabelOpts(is_show=True, position="right", formatter="{c}"),
        markline_opts=markline,
    )
    chart.reversal_axis()
    chart.set_global_opts(
        title_opts=opts.TitleOpts(title=title),
        tooltip_opts=opts.TooltipOpts(trigger="axis", axis_pointer_type="shadow"),
        legend_opts=opts.LegendOpts(is_show=False),
        xaxis_opts=opts.AxisOpts(type_="value", name=value_label),
        yaxis_opts=opts.AxisOpts(type_="category", is_inverse=True, axislabel_opts=opts.LabelOpts(interval=0)),
    )
    return chart
