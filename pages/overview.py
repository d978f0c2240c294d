"""总览 Overview: the 31 provinces with what was found for each and which documents back it."""

import streamlit as st

from atlas import ui
from atlas.cache import run
from atlas.i18n import bilingual, doc_type_label, join_names, period_label, t
from atlas.queries import core
from atlas.ui import doc_type_filter, lang, tr

st.title(tr("app_title"))
st.caption(tr("app_caption"))

chosen = doc_type_filter() or run(core.doc_types)["doc_type"].tolist()

overview = run(core.province_overview, chosen)
docs = run(core.documents)
docs = docs[docs["doc_type"].isin(chosen)]

c1, c2, c3 = st.columns(3)
c1.metric(tr("n_provinces_covered"), f"{int(overview['n_sections'].notna().sum())} / {len(overview)}")
c2.metric(tr("n_documents"), len(docs))
c3.metric(tr("n_theme_evidence"), int(overview["theme_hits"].sum(skipna=True)))
st.caption(tr("counts_say").format(types=join_names(chosen, lang(), lambda c: doc_type_label(c, lang()))))

title_column = "title_en" if lang() == "en" else "title"
titles = {
    r.doc_id: tr("overview_source").format(
        title=getattr(r, title_column) if isinstance(getattr(r, title_column), str) else r.title,
        doc_type=doc_type_label(r.doc_type, lang()),
        period=period_label(r.period_start, r.period_end) or tr("unknown_value"),
    )
    for r in docs.itertuples(index=False)
}
overview["label"] = [bilingual(z, e, lang()) for z, e in zip(overview["province"], overview["name_en"], strict=True)]
overview["region_label"] = overview["region_en"] if lang() == "en" else overview["region"]
overview["sources"] = [
    t("missing", lang()) if not hasattr(ids, "__len__") or isinstance(ids, str) or len(ids) == 0
    else ("；" if lang() == "zh" else "; ").join(titles.get(i, i) for i in ids)
    for ids in overview["doc_ids"]
]  # fmt: skip

st.subheader(tr("overview_table"))
st.caption(tr("overview_note"))
ui.table(
    overview[
        [
            "label",
            "region_label",
            "n_themes",
            "theme_hits",
            "n_industries",
            "n_platforms",
            "n_targets",
            "n_documents",
            "sources",
        ]
    ],  # fmt: skip
    hide_index=True,
    width="stretch",
    column_config={
        "label": tr("col_province"),
        "region_label": tr("col_region"),
        "n_themes": st.column_config.NumberColumn(tr("col_n_themes"), format="%d"),
        "theme_hits": st.column_config.NumberColumn(tr("col_theme_hits"), format="%d"),
        "n_industries": st.column_config.NumberColumn(tr("col_n_industries"), format="%d"),
        "n_platforms": st.column_config.NumberColumn(tr("col_n_platforms"), format="%d"),
        "n_targets": st.column_config.NumberColumn(tr("col_n_targets"), format="%d"),
        "n_documents": st.column_config.NumberColumn(tr("col_n_documents"), format="%d"),
        "sources": st.column_config.TextColumn(tr("col_sources"), width="large"),
    },
)
