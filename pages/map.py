"""地图 Map: the 31 provinces coloured by a chosen measure, a ranked bar and table with the same numbers.

Every widget is mirrored in the URL (?measure=hits&themes=ai&region=jingjinji&unverified=1&click=compare&compare=四川),
so a copied link reopens the same view. Clicking a province opens its profile or adds it to the comparison basket.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from atlas import charts, layout, ui
from atlas.cache import run
from atlas.i18n import COMPARATOR_SYMBOLS, bilingual, join_names
from atlas.queries import core, headline
from atlas.queries import map as mapq
from atlas.ui import lang, render_chart, tr, url_seed, url_write
from atlas.units import unit_label

THEME_MEASURES = ("presence", "hits", "density")
ENTITY_MEASURES = ("industries", "platforms", "targets")
HEADLINE_MEASURES = ("core_share_gdp", "de_share_gdp")
MEASURES = THEME_MEASURES + ENTITY_MEASURES + HEADLINE_MEASURES
CLICK_ACTIONS = ("profile", "compare")
CHART_KEY = "map"
DECIMALS = {"presence": 0, "hits": 0, "density": 1, "industries": 0, "platforms": 0, "targets": 0}

L = lang()
regions = run(mapq.map_regions)
NO_PLAN = set(regions.loc[~regions["has_plan_data"], "province"])
PLAN = list(regions.loc[regions["has_plan_data"], "province"])
NAME_EN = dict(zip(regions["province"], regions["name_en"], strict=True))


def label(province: str) -> str:
    return bilingual(province, NAME_EN.get(province), L)


def on_map_click() -> None:
    """Component callback: the clicked name is only in the component state during this callback, so act now."""
    event = (st.session_state.get(CHART_KEY) or {}).get("chart_event") or {}
    name = event.get("name") if isinstance(event, dict) else None
    if not name:
        return
    if name not in PLAN:
        st.session_state["map_notice"] = ("map_no_plan_data", name)
    elif st.session_state.get("click") == "compare":
        basket = list(st.session_state.get("compare") or [])
        if name not in basket:
            st.session_state["compare"] = basket + [name]
        st.session_state["map_notice"] = ("map_added", name)
    else:
        st.session_state["map_goto"] = name


goto = st.session_state.pop("map_goto", None)
if goto:
    st.switch_page("pages/province.py", query_params={"province": goto})

st.title(tr("map_title"))
st.caption(tr("map_caption"))

# --- filters (all bound to the URL) -------------------------------------------------------------------------------
theme_table = run(core.themes)
theme_ids = list(theme_table["theme_id"])
theme_names = {r.theme_id: (r.name_en if L == "en" else r.name_zh) for r in theme_table.itertuples(index=False)}
filters = run(mapq.region_filters)
filter_members = mapq.filter_members(filters)
filter_labels = mapq.filter_labels(filters, L)

REGION_OPTIONS = ["all", *filter_members]
url_seed("measure", MEASURES, "presence")
url_seed("themes", theme_ids, [], multi=True)
url_seed("region", REGION_OPTIONS, "all")
url_seed("click", CLICK_ACTIONS, "profile")
url_seed("compare", PLAN, [], multi=True)
if "map_unverified" not in st.session_state:  # a toggle: ?unverified=1
    st.session_state["map_unverified"] = st.query_params.get("unverified") == "1"

c1, c2, c3 = st.columns([5, 3, 2])  # the measure names are long (in English most of all): no cut label
measure = c1.selectbox(tr("map_measure"), MEASURES, format_func=lambda m: tr(f"map_m_{m}"), key="measure")
selected_themes = c2.multiselect(
    tr("map_themes"),
    theme_ids,
    format_func=lambda t: theme_names.get(t, t),
    key="themes",
    help=tr("map_themes_help"),
    placeholder=tr("map_themes_placeholder"),
    disabled=measure not in THEME_MEASURES,
)
region = c3.selectbox(
    tr("map_region"),
    REGION_OPTIONS,
    format_func=lambda f: tr("map_region_all") if f == "all" else filter_labels.get(f, f),
    key="region",
)
c4, c5, c6 = st.columns([3, 4, 3])  # room for the toggle label and both click choices
include_unverified = c4.toggle(
    tr("map_unverified"),
    key="map_unverified",
    help=tr("map_unverified_help"),
    disabled=measure not in HEADLINE_MEASURES,
)
click_action = c5.segmented_control(
    tr("map_click"),
    CLICK_ACTIONS,
    required=True,
    format_func=lambda a: tr(f"map_click_{a}"),
    key="click",
)
basket = c6.multiselect(
    tr("map_basket"),
    PLAN,
    format_func=label,
    key="compare",
    placeholder=tr("map_basket_placeholder"),
)
url_write("measure", measure, "presence")
url_write("themes", list(selected_themes), [])
url_write("region", region, "all")
url_write("unverified", "1" if include_unverified else "0", "0")
url_write("click", click_action, "profile")
url_write("compare", list(basket), [])
if basket and c6.button(f"{tr('map_open_compare')} ({len(basket)})", key="map_open_compare"):
    st.switch_page("pages/compare.py", query_params={"p": basket})

notice = st.session_state.pop("map_notice", None)
if notice:
    st.info(tr(notice[0]).format(name=label(notice[1])))

# --- the values ---------------------------------------------------------------------------------------------------
in_filter = set(PLAN) if region == "all" else set(filter_members.get(region, PLAN))
value_label = tr(f"map_m_{measure}")
sources_label = tr(  # what the sources count counts: curated rows for a headline value, documents otherwise
    "map_col_n_curated"
    if measure in HEADLINE_MEASURES
    else "map_col_n_evidence_docs"
    if measure in THEME_MEASURES
    else "map_col_n_item_docs"
)
benchmark = None
benchmark_text = None
if measure in HEADLINE_MEASURES:
    frame = run(headline.headline_map, measure, bool(include_unverified))
    frame["missing"] = [None if s == "value" else tr(f"map_state_{s}") for s in frame["state"]]
    bench = run(headline.national_benchmark, measure)
    if not bench.empty and not pd.isna(bench["value"].iloc[0]):
        b = bench.iloc[0]
        benchmark = float(b["value"])
        benchmark_text = tr("map_benchmark_note").format(
            value=f"{benchmark:g}", unit=b["unit"] or "", year=b["target_year"], plan=b["plan_title"]
        )
    decimals = 1
elif measure in ENTITY_MEASURES:
    frame = run(mapq.entity_measure, measure)
    frame["missing"] = [None if pd.notna(v) else tr("map_not_extracted") for v in frame["value"]]
    decimals = 0
else:
    frame = run(mapq.theme_measure, list(selected_themes), measure)
    frame["missing"] = [None if pd.notna(v) else tr("map_not_extracted") for v in frame["value"]]
    decimals = DECIMALS[measure]


def covered_names(covered: list[str]) -> list[str]:
    """Theme ids → their labels in taxonomy order."""
    ids = sorted(covered, key=lambda t: theme_ids.index(t) if t in theme_ids else len(theme_ids))
    return [theme_names.get(t, t) for t in ids]


def _is_list(value: object) -> bool:
    return hasattr(value, "__len__") and not isinstance(value, str) and len(value) > 0  # type: ignore[arg-type]


def tooltip(row: pd.Series) -> str:
    """Extra tooltip lines: why a value is missing, and where it comes from."""
    lines: list[str] = []
    if measure in HEADLINE_MEASURES:
        if isinstance(row.get("plan_title"), str):
            lines.append(f"{tr('map_tt_plan')}: {row['plan_title']}")
        if isinstance(row.get("status"), str):
            lines.append(f"{tr('map_tt_status')}: {tr('headline_status_' + row['status'])}")
        if isinstance(row.get("source_publisher"), str) or isinstance(row.get("source_url"), str):
            src = row.get("source_publisher") if isinstance(row.get("source_publisher"), str) else ""
            url = row.get("source_url") if isinstance(row.get("source_url"), str) else ""
            lines.append(f"{tr('map_tt_source')}: {src} {url}".strip())
    elif measure in THEME_MEASURES and _is_list(row.get("covered")):
        names = covered_names(row["covered"])
        lines.append(f"{tr('map_tt_themes')}:")
        lines += [join_names(names[i : i + 4], L) for i in range(0, len(names), 4)]  # short lines: narrow tooltip
    elif measure in ENTITY_MEASURES and _is_list(row.get("items")):
        items = join_names(row["items"], L)
        lines.append(items if len(items) <= 80 else items[:80] + "…")
    if row["province"] not in in_filter:
        lines.append(tr("map_filtered_out"))
    return "\n".join(lines)


frame["in_filter"] = frame["province"].isin(in_filter)
frame["tooltip"] = frame.apply(tooltip, axis=1)
shown = frame.copy()
outside = ~shown["in_filter"]
shown.loc[outside, "value"] = math.nan
shown.loc[outside, "missing"] = tr("map_filtered_out")
shown["missing_color"] = [charts.FILTERED_COLOR if o else None for o in outside]

chart = charts.choropleth(
    shown[["province", "value", "n_sources", "tooltip", "missing", "missing_color"]],
    title=value_label,
    value_label=value_label,
    lang=L,
    benchmark=benchmark,
    benchmark_label=tr("map_benchmark"),
    subtitle=None if region == "all" else filter_labels.get(region),
    decimals=decimals,
    # Shares of GDP are read against 0 (and the national line), so one distinct value is not drawn as the palest.
    vmin=0.0 if measure in HEADLINE_MEASURES else None,
    sources_label=sources_label,
)


render_chart(
    chart,
    CHART_KEY,
    "600px",
    with_map=True,
    events={"click": "function(p){return {name: p.name};}"},
    on_change=on_map_click,
)
if measure == "density":
    st.caption(tr("map_density_note"))
if measure in HEADLINE_MEASURES:
    st.caption(tr("map_headline_note"))
    if benchmark_text:
        st.caption(benchmark_text)

# --- ranked bar and table: the same numbers -----------------------------------------------------------------------
ranked = frame[frame["in_filter"]].copy()
st.subheader(tr("map_ranking"))
if ranked["value"].notna().any():
    bar = charts.ranked_bar(
        ranked[["province", "value"]],
        title=value_label,
        value_label=tr("map_col_value"),
        lang=L,
        benchmark=benchmark,
        benchmark_label=tr("map_benchmark"),
        decimals=decimals,
    )
    render_chart(bar, "map_bar", f"{max(240, 120 + 24 * int(ranked['value'].notna().sum()))}px")

ranked["label"] = [label(p) for p in ranked["province"]]
ranked["rank"] = ranked["value"].rank(ascending=False, method="min")
ranked["note"] = ranked["missing"].fillna("")
ranked = ranked.sort_values(["value", "label"], ascending=[False, True], na_position="last", kind="stable")
columns = ["rank", "label", "value", "n_sources", "note"]
details: list[str] = []  # the long text beside the numbers: a second table, so the first fits the page
config: dict[str, object] = {
    "rank": st.column_config.NumberColumn(tr("map_col_rank"), format="%d"),
    "label": tr("col_province"),
    "value": st.column_config.NumberColumn(tr(f"map_short_{measure}"), format=f"%.{decimals}f"),
    "n_sources": st.column_config.NumberColumn(sources_label, format="%d"),
    "note": tr("map_col_state"),
}
if measure in HEADLINE_MEASURES:
    ranked["value_text"] = [
        None if pd.isna(v) else f"{COMPARATOR_SYMBOLS.get(c, '')}{v:g}{unit_label(u, L)}".strip()
        for v, c, u in zip(ranked["value"], ranked["comparator"], ranked["unit"], strict=True)
    ]
    ranked["status_text"] = [tr(f"headline_status_{s}") if isinstance(s, str) else None for s in ranked["status"]]
    ranked["conflict"] = [
        headline.conflict_text(c, n, L)
        for c, n in zip(ranked["conflicts"], ranked["conflicting_no_target"], strict=True)
    ]
    columns = ["rank", "label", "value", "value_text", "target_year", "status_text", "n_sources", "note"]
    details = ["plan_title", "source_publisher", "source_url", "conflict"]
    details_title = tr("map_details_sources")
    config |= {
        "value_text": tr("map_col_stated"),
        "target_year": st.column_config.NumberColumn(tr("map_col_target_year"), format="%d"),
        "plan_title": tr("map_col_plan"),
        "status_text": tr("map_col_status"),
        "source_publisher": tr("map_col_source"),
        "source_url": st.column_config.LinkColumn(tr("map_col_url")),
        "conflict": tr("map_col_conflict"),
    }
elif measure in THEME_MEASURES:
    ranked["themes_text"] = [join_names(covered_names(c), L) if _is_list(c) else None for c in ranked["covered"]]
    columns += ["n_documents"]
    details = ["themes_text"]
    details_title = tr("map_details_themes")
    config |= {
        "n_documents": st.column_config.NumberColumn(tr("map_col_n_documents"), format="%d"),
        "themes_text": tr("map_tt_themes"),
    }
else:
    ranked["items"] = [join_names(v, L) if _is_list(v) else None for v in ranked["items"]]
    columns += ["n_documents"]
    details = ["items"]
    details_title = tr("map_details_items")
    config |= {
        "n_documents": st.column_config.NumberColumn(tr("map_col_n_documents"), format="%d"),
        "items": tr("map_col_items"),
    }

st.subheader(tr("map_table"))
ui.table(ranked[columns], hide_index=True, width="stretch", column_config=config, key="map_table")
listed = ranked[ranked[details].notna().any(axis=1)]
with st.expander(details_title.format(n=len(listed))):
    ui.table(
        listed[["label", *details]],
        hide_index=True,
        width="stretch",
        column_config=config,
        key="map_details",
        budget=layout.EXPANDER_BUDGET_PX,
    )
