"""省份 Province profile: everything found for one province, next to the source text it was found in.

URL state: ?province=广西 (selectbox "province"; the map page sets the same key). Document text is rendered only
through atlas.highlight, which escapes it.
"""

import streamlit as st

from atlas import ui
from atlas.cache import run
from atlas.highlight import KIND_COLORS, block, escape, highlight, legend, md_code, md_label, plain
from atlas.i18n import bilingual, doc_type_label, join_names, period_label
from atlas.params import province_param
from atlas.queries import compare, core, delivery, profile
from atlas.ui import doc_type_filter, lang, tr

L = lang()


def known(value: object) -> str:
    """A metadata value as text; NULL / NaN / empty read 未知 (unknown), never "nan"."""
    return value if isinstance(value, str) and value.strip() else tr("province_unknown")


provinces = run(core.provinces)
options = compare.selectable_provinces(provinces)
name_en = dict(zip(provinces["province"], provinces["name_en"], strict=True))

asked = st.query_params.get("province")
if asked and "province" not in st.session_state:
    resolved = province_param(asked, options)  # ?province=guangxi / 桂 / 广西壮族自治区 → 广西
    if resolved is None:
        st.error(tr("province_param_unknown").format(name=md_code(asked)))
        del st.query_params["province"]  # the selector below starts from its default, and says so
    else:
        st.session_state["province"] = resolved

header = st.container()  # filled once the selection below is known, so the title stays on top
c_sel, c_link = st.columns([1, 3], vertical_alignment="bottom")
province = c_sel.selectbox(
    tr("province_select"), options, index=0, key="province", format_func=lambda p: bilingual(p, name_en.get(p), L)
)
# the URL keeps the stable name (?province=广西), not the label a bound widget would write ("Guangxi 广西")
ui.url_write("province", province, options[0])

info = run(profile.province_info, province).iloc[0]
header.title(bilingual(province, info["name_en"], L))
meta = [info["name_full"]]
region = info["region_en"] if L == "en" else info["region"]
if isinstance(region, str):
    meta.append(tr("province_region").format(region=region))
blocs = info["blocs_en"] if L == "en" else info["blocs"]
if hasattr(blocs, "__len__") and not isinstance(blocs, str) and len(blocs):  # NULL (no bloc) reads NA
    meta.append(tr("province_blocs").format(blocs=join_names(blocs, L)))
header.caption(" · ".join(meta))
header.caption(tr("province_question"))
c_link.page_link(
    "pages/compare.py",
    label=tr("province_open_compare"),
    icon=":material/compare_arrows:",
    query_params={"p": [province]},
)

doc_types = doc_type_filter()
evidence = run(compare.attribute_summary, [province], doc_types)
sections = run(profile.province_sections, province)
any_sections = not sections.empty
if doc_types:
    sections = sections[sections["doc_type"].isin(doc_types)]
spans = run(profile.section_evidence, province)
covered = not sections.empty
if not any_sections:
    st.warning(tr("province_no_sources"))
elif not covered:
    st.warning(tr("province_no_doc_of_type"))

metric_cols = st.columns(5)
for col, attr, key in zip(
    metric_cols,
    compare.ATTRIBUTE_TYPES,
    ("province_metric_themes", "province_metric_industries", "province_metric_platforms", "province_metric_targets"),
    strict=False,
):
    n = evidence.loc[evidence["attr"] == attr, "item_key"].nunique()
    has_source = covered or (attr == "target" and n > 0)
    col.metric(tr(key), n if has_source else tr("compare_missing"))
metric_cols[4].metric(
    tr("province_metric_documents"), sections["doc_id"].nunique() if covered else tr("compare_missing")
)
st.caption(tr("province_metrics_note"))

with st.container():
    st.subheader(tr("province_attributes"))
    st.caption(tr("province_curated_hint"))
    *tabs, delivery_tab = st.tabs([*(tr(f"compare_attr_{a}") for a in compare.ATTRIBUTE_TYPES), tr("page_delivery")])
    with delivery_tab:
        chain = delivery.province_table(run(delivery.provinces_rows, [province]), L)
        st.caption(tr("compare_delivery_caption"))
        if chain.empty:
            st.info(tr("compare_delivery_none"))
        else:
            # the values in the table; one indicator's quotes (original Chinese) in its record view below it
            item = tr("compare_col_item")
            values = [item, *(c for c in delivery.value_columns(L) if c != tr("col_province"))]
            ui.table(chain[values], hide_index=True, width="stretch", key="prov_table_delivery")
            ui.record_view(chain, {c: c for c in chain.columns}, list(chain[item]), key="prov_delivery_pick")
            st.page_link(
                "pages/delivery.py",
                label=tr("compare_open_delivery"),
                icon=":material/fact_check:",
                query_params={"province": province},
            )
    for attr, tab in zip(compare.ATTRIBUTE_TYPES, tabs, strict=True):
        with tab:
            table = profile.attribute_table(evidence, attr, L)
            if table.empty:
                st.info(tr("province_none") if covered else tr("compare_missing"))
            else:
                ui.table(
                    table,
                    hide_index=True,
                    width="stretch",
                    height="content",
                    key=f"prov_table_{attr}",
                    column_config={
                        tr("compare_col_url"): st.column_config.LinkColumn(
                            tr("compare_col_url"), display_text=tr("compare_link_open")
                        ),
                    },
                )

with st.container():
    st.subheader(tr("province_texts"))
    kinds = st.pills(
        tr("province_highlight"),
        compare.ATTRIBUTE_TYPES,
        selection_mode="multi",
        default=list(compare.ATTRIBUTE_TYPES),
        format_func=lambda a: tr(f"compare_attr_{a}"),
        key="prov_highlight",
    )
    st.markdown(
        legend({k: tr(f"compare_attr_{k}") for k in KIND_COLORS if k != "hit"}, tr("compare_method_curated")),
        unsafe_allow_html=True,
    )
    outlines = run(profile.section_headings, province)
    for s in sections.itertuples():
        title = s.title_en if L == "en" and isinstance(s.title_en, str) else s.title
        st.markdown(f"**{escape(title)}**", unsafe_allow_html=True)
        how = (
            tr("province_section_rule").format(rule=s.rule_id) if s.method == "rule" else tr("province_section_sidecar")
        )
        meta = tr("province_doc_meta").format(
            doc_type=doc_type_label(s.doc_type, L),
            period=known(period_label(s.period_start, s.period_end)),
            issuer=known(s.issuer),
            date=known(s.issued_on),
            number=known(s.doc_number),
        )
        where = tr("province_section_caption").format(start=s.start_pos, end=s.end_pos, method=how)
        st.markdown(plain(f"{meta} · {where}", caption=True), unsafe_allow_html=True)
        # every kind, so a part's label (and with it the expander's identity and open state) does not change when
        # the highlight kinds do; the text is marked with the chosen kinds only
        marks = profile.section_spans(spans, s.section_id, compare.ATTRIBUTE_TYPES, L)
        shown = set(kinds or [])
        heads = outlines[outlines["section_id"] == s.section_id]
        chunks = profile.outline_chunks(s.start_pos, s.end_pos, heads, marks)
        if len(chunks) == 1:  # no headings (a digest paragraph): the text as one box
            chosen = [m for m in marks if m.kind in shown]
            st.markdown(
                block(highlight(s.section_text, chosen, offset=s.start_pos), max_height_px=560), unsafe_allow_html=True
            )
            continue
        st.caption(tr("province_outline_hint"))
        for i, (title, part, a, b, inside) in enumerate(chunks):
            name = title if title is not None else tr("province_preamble")
            badge = f" · {tr('province_part_' + part)}" if part else ""
            # the outline is always there; a part's highlighted text is built only while it is open (issue 14: a
            # long work report re-rendered in full on every rerun)
            box = st.expander(
                f"{md_label(name)}{badge} ({len(inside)})", key=profile.part_key(s.section_id, i), on_change="rerun"
            )
            if box.open:
                text = s.section_text[a - s.start_pos : b - s.start_pos]
                chosen = [m for m in inside if m.kind in shown]
                box.markdown(block(highlight(text, chosen, offset=a), max_height_px=560), unsafe_allow_html=True)
