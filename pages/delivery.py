"""规划落实 Delivery: did each province meet its 十四五 target, what outcome does it report, what does it aim for next?

URL state: ?indicator=core_share_gdp, ?region=<region or bloc id>, ?unverified=1, ?province=广西 (the province whose
plan → outcome → next is shown). A click on the map sets the province.
"""

from __future__ import annotations

from functools import cache, partial

import streamlit as st

from atlas import charts, exports, layout, ui
from atlas.cache import run
from atlas.highlight import block, escape, md_code, plain
from atlas.i18n import bilingual
from atlas.params import province_param
from atlas.queries import core, delivery, headline
from atlas.queries import map as mapq
from atlas.ui import lang, render_chart, tr, url_seed, url_write

CHART_KEY = "delivery_map"
STATUS_COLORS = {
    "met": "#1a9850",
    "not_met": "#d73027",
    "lower_bound": "#fee08b",
    "not_comparable": "#fdae61",
    "no_number": "#abd9e9",
    "no_outcome": "#b2abd2",
    "no_target": "#f7f7f7",
}

L = lang()
provinces = run(core.provinces)
PLAN = list(provinces.loc[provinces["has_plan_data"], "province"])
NAME_EN = dict(zip(provinces["province"], provinces["name_en"], strict=True))


def label(province: str) -> str:
    return bilingual(province, NAME_EN.get(province), L)


def on_map_click() -> None:
    event = (st.session_state.get(CHART_KEY) or {}).get("chart_event") or {}
    name = event.get("name") if isinstance(event, dict) else None
    if name in PLAN:
        st.session_state["dprov"] = name


st.title(tr("delivery_title"))
st.caption(tr("delivery_question"))

if "delivery_unverified" not in st.session_state:
    st.session_state["delivery_unverified"] = st.query_params.get("unverified") == "1"
include_unverified = bool(st.session_state["delivery_unverified"])
indicators = run(delivery.delivery_indicators, include_unverified)
if indicators.empty:
    st.info(tr("delivery_no_indicator"))
    st.stop()
codes = list(indicators["indicator_id"])
names = {
    r.indicator_id: tr("delivery_indicator_option").format(
        name=r.name_en if L == "en" else r.name_zh, t=r.n_target, o=r.n_outcome, n=r.n_next
    )
    for r in indicators.itertuples(index=False)
}
filters = run(mapq.region_filters)
members = mapq.filter_members(filters)
filter_labels = mapq.filter_labels(filters, L)
REGIONS = ["all", *members]
default_indicator = "core_share_gdp" if "core_share_gdp" in codes else codes[0]
url_seed("indicator", codes, default_indicator)
url_seed("dregion", REGIONS, "all")
if "dregion" not in st.query_params and st.query_params.get("region") in REGIONS:
    st.session_state["dregion"] = st.query_params.get("region")
url_seed("dprov", PLAN, PLAN[0])
if st.query_params.get("province") and "dprov_seeded" not in st.session_state:
    resolved = province_param(st.query_params.get("province"), PLAN)
    if resolved is None:
        st.error(tr("province_param_unknown").format(name=md_code(st.query_params.get("province"))))
    else:
        st.session_state["dprov"] = resolved
st.session_state["dprov_seeded"] = True

# the indicator on a row of its own: its options (name and three counts) are long, in English most of all
indicator = st.selectbox(tr("delivery_indicator"), codes, format_func=names.get, key="indicator")
c2, c3 = st.columns([3, 2], vertical_alignment="bottom")
region = c2.selectbox(
    tr("delivery_region"),
    REGIONS,
    format_func=lambda f: tr("delivery_region_all") if f == "all" else filter_labels.get(f, f),
    key="dregion",
)
c3.toggle(tr("delivery_unverified"), key="delivery_unverified", help=tr("delivery_unverified_help"))
url_write("indicator", indicator, default_indicator)
url_write("region", region, "all")
url_write("unverified", "1" if include_unverified else "0", "0")

rows = run(delivery.delivery_rows, indicator, include_unverified)
in_view = rows if region == "all" else rows[rows["province"].isin(members.get(region, []))]
info = indicators.set_index("indicator_id").loc[indicator]
st.caption(
    tr("delivery_counts").format(
        n_outcome=int(in_view["outcome_value"].notna().sum()),
        curated=int((in_view["outcome_method"] == "curated").sum()),
        rule=int((in_view["outcome_method"] == "rule").sum()),
        n_target=int(in_view["target_value"].notna().sum()),
        n_judged=int(in_view["status"].isin(["met", "not_met"]).sum()),
    )
)
benchmark = run(headline.national_benchmark, indicator)
if not benchmark.empty:
    b = benchmark.iloc[0]
    value = delivery.side_value(
        {"x_value": b["value"], "x_unit": b["unit"], "x_comparator": b["comparator"], "x_year": b["target_year"]},
        "x",
        L,
    )
    st.caption(tr("delivery_benchmark").format(value=value, plan=b["plan_title"]))

# --- the map: status per province -------------------------------------------------------------------------------
legend = {s: (delivery.status_label(s, L), STATUS_COLORS[s]) for s in delivery.STATUSES}
shown = in_view[["province", "status"]].copy()
shown["tooltip"] = [delivery.side_value(r, "outcome", L) or "" for r in in_view.to_dict("records")]
chart = charts.status_map(shown, title=tr("delivery_map_title"), legend=legend, lang=L, subtitle=names[indicator])
render_chart(
    chart,
    CHART_KEY,
    "600px",
    with_map=True,
    events={"click": "function(p){return {name: p.name};}"},
    on_change=on_map_click,
)
legend_html = " ".join(
    f'<span style="background:{color};padding:0 6px;border:1px solid #ccc;border-radius:2px;">&nbsp;</span> '
    f"{escape(text)}"
    for text, color in legend.values()
)
st.markdown(f'<div style="font-size:0.85rem">{legend_html}</div>', unsafe_allow_html=True)
st.caption(tr("delivery_statuses_note"))

# --- one province: plan → outcome → next -------------------------------------------------------------------------
province = st.selectbox(tr("delivery_province"), PLAN, format_func=label, key="dprov")
url_write("province", province, PLAN[0])
row = rows.set_index("province").loc[province].to_dict()
row["province"] = province
st.subheader(tr("delivery_province_view").format(province=label(province)))
st.markdown(plain(delivery.status_label(row["status"], L), strong=True), unsafe_allow_html=True)
cols = st.columns(3)
for col, side in zip(cols, delivery.SIDES, strict=True):
    with col.container(border=True):
        st.markdown(plain(tr(f"delivery_side_{side}"), strong=True), unsafe_allow_html=True)
        value = delivery.side_value(row, side, L)
        st.markdown(plain(value or tr("delivery_side_missing")), unsafe_allow_html=True)
        quote = row.get(f"{side}_quote")
        if isinstance(quote, str):
            st.markdown(block(escape(quote)), unsafe_allow_html=True)
        source = delivery.side_source(row, side, L)
        if source:
            st.markdown(plain(source, caption=True), unsafe_allow_html=True)
        if side == "target" and row.get("target_verification") == "unverified":
            st.markdown(plain(tr("delivery_unverified_mark"), caption=True), unsafe_allow_html=True)
        if side == "outcome" and not isinstance(row.get("outcome_method"), str):
            mention = row.get("mention_quote")
            if isinstance(mention, str) and row["status"] == "no_number":
                st.markdown(plain(tr("delivery_mention") + mention, caption=True), unsafe_allow_html=True)
            record = row.get("states_none_record")
            if isinstance(record, str):
                st.markdown(
                    plain(tr("delivery_states_none").format(record=record), caption=True), unsafe_allow_html=True
                )

# --- every province in the view ------------------------------------------------------------------------------------
st.subheader(tr("delivery_table"))
labels = {p: label(p) for p in PLAN}
table = delivery.delivery_table(in_view, L, labels)  # every column, for the downloads
ui.table(table[delivery.value_columns(L)], hide_index=True, width="stretch", key="delivery_table")
quotes = delivery.quote_table(in_view, L, labels)
with st.expander(tr("delivery_quotes").format(n=len(quotes))):
    ui.table(quotes, hide_index=True, width="stretch", key="delivery_quotes", budget=layout.EXPANDER_BUDGET_PX)
sources = delivery.sources_sheet(in_view, L)
file_names = [indicator, region]
d1, d2 = st.columns(2)
d1.download_button(
    tr("delivery_download_csv"),
    cache(partial(exports.csv_bytes, table)),
    file_name=exports.ascii_filename("plan_atlas_delivery", file_names, "csv"),
    mime=exports.CSV_MIME,
    icon=":material/download:",
    key="delivery_download_csv",
    on_click="ignore",
)
d2.download_button(
    tr("delivery_download_xlsx"),
    cache(partial(exports.xlsx_bytes, {tr("delivery_table"): table, tr("delivery_sheet_sources"): sources})),
    file_name=exports.ascii_filename("plan_atlas_delivery", file_names, "xlsx"),
    mime=exports.XLSX_MIME,
    icon=":material/table:",
    key="delivery_download_xlsx",
    on_click="ignore",
)
