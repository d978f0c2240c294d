"""主题 Themes: the province × theme matrix (sortable, clustered), one theme's provinces and quotes, and "who else".

URL state: ?tv=hits&order=cluster&theme=ai&tp=四川&kind=platform&entity=… (stable codes, not the displayed labels), so
a copied link reopens the same view in either language.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import charts, ordering, ui
from atlas.cache import run
from atlas.highlight import plain
from atlas.i18n import bilingual, join_names
from atlas.queries import core
from atlas.queries import themes as themeq
from atlas.ui import lang, render_chart, tr, url_seed, url_write

VALUES = ("present", "hits", "density")
ORDERS = ("cluster", "total", "theme", "reference")
KINDS = ("industry", "platform")
QUOTE_LIMIT = 500

L = lang()
provinces = run(core.provinces)
plan = provinces[provinces["has_plan_data"]]
PLAN = list(plan["province"])
NAME_EN = dict(zip(provinces["province"], provinces["name_en"], strict=True))
theme_table = run(core.themes)
THEME_IDS = list(theme_table["theme_id"])
THEME_LABEL = {r.theme_id: (r.name_en if L == "en" else r.name_zh) for r in theme_table.itertuples(index=False)}


def label(province: str) -> str:
    return bilingual(province, NAME_EN.get(province), L)


def show_quotes(frame: pd.DataFrame) -> None:
    """Quotes with their province, document, offsets, method and rule: every row traceable to its source."""
    frame["label"] = [label(p) for p in frame["province"]]
    frame["offsets"] = [f"{s}–{e}" for s, e in zip(frame["start_pos"], frame["end_pos"], strict=True)]
    ui.table(
        frame[["label", "quote", "title", "offsets", "method", "rule_id"]],
        hide_index=True,
        width="stretch",
        column_config={
            "label": tr("col_province"),
            "quote": tr("themes_col_quote"),
            "title": tr("themes_col_document"),
            "offsets": tr("themes_col_offsets"),
            "method": tr("themes_col_method"),
            "rule_id": tr("themes_col_rule"),
        },
    )


st.title(tr("themes_title"))
st.caption(tr("themes_caption"))

url_seed("tv", VALUES, "present")
url_seed("order", ORDERS, "cluster")
url_seed("theme", THEME_IDS, THEME_IDS[0])
c1, c2 = st.columns(2)  # each segmented control gets half the row: "Per 1,000 chars" fits at 1400 px
value = c1.segmented_control(
    tr("themes_value"),
    VALUES,
    required=True,
    format_func=lambda v: tr(f"themes_v_{v}"),
    key="tv",
)
order = c2.segmented_control(
    tr("themes_order"),
    ORDERS,
    required=True,
    format_func=lambda o: tr(f"themes_o_{o}"),
    key="order",
)
c3, _ = st.columns([1, 2])
theme = c3.selectbox(tr("themes_pick"), THEME_IDS, format_func=lambda t: THEME_LABEL.get(t, t), key="theme")

url_write("tv", value, "present")
url_write("order", order, "cluster")
url_write("theme", theme, THEME_IDS[0])

long = run(themeq.theme_matrix)
matrix = long.pivot(index="province", columns="theme_id", values=value).reindex(index=PLAN, columns=THEME_IDS)
if order == "cluster":
    rows = ordering.cluster_order(matrix)
    cols = ordering.cluster_order(matrix.T)
elif order == "total":
    rows, cols = ordering.sort_order(matrix), THEME_IDS
elif order == "theme":
    rows, cols = ordering.sort_order(matrix, by=theme), THEME_IDS
else:
    rows, cols = PLAN, THEME_IDS
shown = matrix.loc[rows, cols]

chart = charts.heatmap(
    shown,
    title=tr("themes_heatmap"),
    value_label=tr(f"themes_v_{value}"),
    lang=L,
    column_labels=THEME_LABEL,
    decimals=1 if value == "density" else 0,
)
height = 160 + 22 * len(rows)
render_chart(chart, "themes_heatmap", f"{height}px")
if order == "cluster":
    st.caption(tr("themes_cluster_note"))
if value == "density":
    st.caption(tr("themes_density_note"))

# --- one theme: who covers it, and the quotes ---------------------------------------------------------------------
st.subheader(tr("label_colon").format(label=tr("themes_one")) + THEME_LABEL.get(theme, theme))
one = long[long["theme_id"] == theme].copy()
covering = one[one["hits"] > 0].sort_values(["hits", "sort_order"], ascending=[False, True])
missing = one[one["hits"].isna()]
absent = one[one["hits"] == 0]
st.markdown(tr("themes_covering").format(n=len(covering), total=len(one)))
covering["label"] = [label(p) for p in covering["province"]]
ui.table(
    covering[["label", "hits", "density", "n_sources"]],
    hide_index=True,
    width="stretch",
    column_config={
        "label": tr("col_province"),
        "hits": st.column_config.NumberColumn(tr("themes_col_hits"), format="%d"),
        "density": st.column_config.NumberColumn(tr("themes_col_density"), format="%.1f"),
        "n_sources": st.column_config.NumberColumn(tr("themes_col_n_sources"), format="%d"),
    },
)
if len(absent):
    names = join_names([label(p) for p in absent["province"]], L)
    st.caption(tr("label_colon").format(label=tr("themes_not_covering")) + names)
if len(missing):
    names = join_names([label(p) for p in missing["province"]], L)
    st.caption(tr("label_colon").format(label=tr("themes_not_extracted")) + names)

url_seed("tp", list(covering["province"]), [], multi=True)
# another theme may be covered by other provinces: keep only those still on offer
st.session_state["tp"] = [p for p in st.session_state["tp"] if p in set(covering["province"])]
quote_provinces = st.multiselect(
    tr("themes_quote_provinces"),
    list(covering["province"]),
    format_func=label,
    key="tp",
    placeholder=tr("themes_tp_placeholder"),
)
url_write("tp", list(quote_provinces), [])
quotes = run(themeq.theme_quotes, theme, list(quote_provinces), QUOTE_LIMIT)
st.markdown(f"**{tr('themes_quotes')}** ({len(quotes)})")
show_quotes(quotes)
if len(quotes) >= QUOTE_LIMIT:
    st.caption(tr("themes_quotes_limit").format(n=QUOTE_LIMIT))

# --- who else names the same focus industry / platform ------------------------------------------------------------
st.subheader(tr("themes_who_else"))
url_seed("kind", KINDS, "platform")
k1, k2 = st.columns([2, 5])
kind = k1.segmented_control(
    tr("themes_kind"),
    KINDS,
    required=True,
    format_func=lambda k: tr(f"themes_k_{k}"),
    key="kind",
)
url_write("kind", kind, "platform")
catalog = run(themeq.entity_catalog, kind)
if catalog.empty:
    st.info(tr("themes_none_extracted").format(kind=tr(f"themes_k_{kind}")))
else:
    counts = dict(zip(catalog["name"], catalog["n_provinces"], strict=True))
    url_seed("entity", list(catalog["name"]), catalog["name"].iloc[0])
    if st.session_state["entity"] not in counts:  # the kind changed: start at its most widely named entity
        st.session_state["entity"] = catalog["name"].iloc[0]
    entity = k2.selectbox(
        tr("themes_entity"),
        list(catalog["name"]),
        format_func=lambda n: f"{n} ({counts.get(n, 0)})",
        key="entity",
    )
    url_write("entity", entity, catalog["name"].iloc[0])
    mentions = run(themeq.who_else, kind, entity)
    n_prov = mentions["province"].nunique()
    st.markdown(plain(tr("themes_named_by").format(n=n_prov, name=entity)), unsafe_allow_html=True)
    show_quotes(mentions)
