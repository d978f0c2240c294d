"""对比 Compare: what do 2–6 provinces (or a bloc) share, and what is unique to each? Every cell opens its sources.

URL state: ?p=北京&p=上海 (multiselect "p"), ?bloc=长三角 (selectbox "bloc"), ?show=shared|diff (filter),
?types=work_report (document types compared; all when absent).
"""

from functools import cache, partial

import pandas as pd
import streamlit as st

from atlas import exports, layout, ui
from atlas.cache import run
from atlas.highlight import block, escape, kwic, plain
from atlas.i18n import bilingual, doc_type_label, join_names
from atlas.queries import compare, core, delivery
from atlas.ui import doc_type_filter, lang, tr

SHOW_CODES = ("all", "shared", "diff")
MAX_CELL_ROWS = 300  # source lines listed under an opened cell; a scale corpus can hold thousands per cell
ROW_COLORS = {"shared": "background-color: #dff3df", "unique": "background-color: #fff4cc", "partial": ""}

L = lang()
provinces = run(core.provinces)
options = compare.selectable_provinces(provinces)
name_en = dict(zip(provinces["province"], provinces["name_en"], strict=True))
blocs = run(core.blocs)
bloc_members = {r.name_zh: list(r.members) for r in blocs.itertuples()}
bloc_en = dict(zip(blocs["name_zh"], blocs["name_en"], strict=True))
MAX_SELECTED = max([6, *(len(m) for m in bloc_members.values())])


def _apply_bloc() -> None:
    """Choosing a bloc fills the province list with its members."""
    bloc = st.session_state.get("bloc")
    if bloc in bloc_members:
        st.session_state["p"] = bloc_members[bloc]


def _sync_bloc() -> None:
    """Editing the province list by hand un-selects a bloc it no longer matches."""
    bloc = st.session_state.get("bloc")
    if bloc and sorted(st.session_state.get("p") or []) != sorted(bloc_members.get(bloc, [])):
        st.session_state["bloc"] = None


def _sync_show() -> None:
    value = st.session_state.get("cmp_show") or "all"
    if value == "all":
        st.query_params.pop("show", None)
    else:
        st.query_params["show"] = value


def _csv_file(tables: dict[str, pd.DataFrame], type_column: str) -> bytes:
    """The one-file CSV: the visible tables stacked under a type column."""
    return exports.csv_bytes(exports.stacked(tables, type_column))


st.title(tr("compare_title"))
st.caption(tr("compare_question"))

# The URL holds the stable names (?bloc=长三角&p=上海), not the labels a bound widget would write ("Shanghai 上海")
ui.url_seed("bloc", list(bloc_members), None)
if "p" not in st.session_state:  # ?p=… wins; else a bloc's members (/compare?bloc=长三角 opens them selected)
    asked = list(dict.fromkeys(v for v in st.query_params.get_all("p") if v in options))
    st.session_state["p"] = asked or list(bloc_members.get(st.session_state.get("bloc") or "", []))

c_bloc, c_prov = st.columns([1, 3])
bloc = c_bloc.selectbox(
    tr("compare_bloc"),
    list(bloc_members),
    placeholder=tr("compare_bloc_placeholder"),
    format_func=lambda b: bilingual(b, bloc_en.get(b), L),
    key="bloc",
    on_change=_apply_bloc,
)
selected = c_prov.multiselect(
    tr("compare_provinces"),
    options,
    placeholder=tr("compare_provinces_placeholder"),
    max_selections=MAX_SELECTED,
    format_func=lambda p: bilingual(p, name_en.get(p), L),
    key="p",
    on_change=_sync_bloc,
)
ui.url_write("bloc", bloc, None)
ui.url_write("p", selected, [])
if bloc in bloc_members:
    members = join_names([bilingual(m, name_en.get(m), L) for m in bloc_members[bloc]], L)
    c_bloc.caption(tr("compare_bloc_members").format(name=bloc if L == "zh" else bloc_en[bloc], members=members))

doc_types = doc_type_filter()

if "cmp_show" not in st.session_state:
    st.session_state["cmp_show"] = st.query_params.get("show") if st.query_params.get("show") in SHOW_CODES else "all"

if len(selected) < 2:
    st.info(tr("compare_need_two"))
else:
    show = (
        st.segmented_control(
            tr("compare_show"),
            SHOW_CODES,
            format_func=lambda c: tr(f"compare_show_{c}"),
            key="cmp_show",
            on_change=_sync_show,
        )
        or "all"
    )
    evidence = run(compare.attribute_summary, selected, doc_types)
    cov = run(compare.coverage, selected, doc_types)
    cov = cov.set_index("province").loc[selected].reset_index()  # columns in the order the user chose
    st.caption(tr("compare_legend"))

    tables, visible_keys = {}, {}
    *tabs, delivery_tab = st.tabs([*(tr(f"compare_attr_{a}") for a in compare.ATTRIBUTE_TYPES), tr("page_delivery")])
    with delivery_tab:
        labels = {p: bilingual(p, name_en.get(p), L) for p in selected}
        chain = delivery.comparison(run(delivery.provinces_rows, selected), L, labels)
        st.caption(tr("compare_delivery_caption"))
        if chain.empty:
            st.info(tr("compare_delivery_none"))
        else:
            ui.table(chain, hide_index=True, width="stretch", key="cmp_table_delivery")
            st.page_link("pages/delivery.py", label=tr("compare_open_delivery"), icon=":material/fact_check:")
    for attr, tab in zip(compare.ATTRIBUTE_TYPES, tabs, strict=True):
        table, codes = compare.comparison_table(evidence, cov, attr, L, show)
        tables[tr(f"compare_attr_{attr}")] = table
        visible_keys[attr] = table.attrs["item_keys"]
        with tab:
            if table.empty:
                has_any = (evidence["attr"] == attr).any()
                st.info(tr("compare_empty_filter") if has_any else tr("compare_empty_attr"))
                continue
            styled = table.style.apply(lambda row, c=codes: [ROW_COLORS[c.iloc[row.name]]] * len(row), axis=1)
            event = ui.table(
                styled,
                hide_index=True,
                width="stretch",
                height="content",
                key=f"cmp_table_{attr}",
                on_select="rerun",
                selection_mode="single-cell",
            )
            cells = event.selection.cells if event is not None else []
            if not cells:
                st.caption(tr("compare_click_hint"))
                continue
            row_i, column = cells[0]
            if row_i >= len(table):
                continue
            item_key, item_text = table.attrs["item_keys"][row_i], table.iloc[row_i, 0]
            province = table.attrs["provinces"].get(column)
            cell = run(
                compare.item_evidence,
                attr,
                item_key,
                selected if province is None else [province],
                MAX_CELL_ROWS,
                doc_types,
            )
            total = compare.cell_evidence(evidence, attr, item_key, province)["n"].sum()
            if province is None:
                st.markdown(
                    plain(tr("compare_sources_item").format(item=item_text), strong=True), unsafe_allow_html=True
                )
            else:
                heading = tr("compare_sources_for").format(item=item_text, province=column)
                st.markdown(plain(heading, strong=True), unsafe_allow_html=True)
            if province is not None and province not in compare.covered_for(cov, attr):
                st.warning(tr("compare_missing_cell"))
            elif cell.empty:
                st.info(tr("compare_no_sources_cell"))
            else:
                lines = []
                for r in cell.itertuples():
                    method = compare.method_label(r.method, L)
                    if isinstance(r.doc_id, str):
                        title = r.doc_title_en if L == "en" and isinstance(r.doc_title_en, str) else r.doc_title
                        quote = kwic(r.left_ctx or "", r.quote, r.right_ctx or "", attr, curated=r.method == "curated")
                        kind = doc_type_label(r.doc_kind, L)
                        meta = f"{r.province} · {title} · {kind} · {r.start_pos}–{r.end_pos} · {method} · {r.rule_id}"
                    else:
                        quote = kwic("", compare.format_target(r._asdict(), L), "", attr, curated=True)
                        meta = f"{r.province} · {r.source_title} · {method} · {r.rule_id}"
                        if isinstance(r.source_url, str):
                            meta += f" · {r.source_url}"
                    lines.append(f"{quote}<br><small style='color:#666'>{escape(meta)}</small>")
                html = block("<hr style='margin:0.4rem 0'>".join(lines), max_height_px=420)
                st.markdown(html, unsafe_allow_html=True)
                if total > len(cell):
                    st.caption(tr("compare_cell_showing").format(shown=len(cell), n=int(total)))

    tables[tr("page_delivery")] = chain
    sources = compare.sources_table(run(compare.source_rows, selected, doc_types), L, visible_keys)
    with st.expander(tr("compare_all_sources").format(n=len(sources))):
        # what and where from, in a table that fits; every field of one source (method, rule,
        # position, note, link) in its record view below; the downloads hold every column
        shown = [tr(k) for k in ("compare_col_type", "compare_col_item", "compare_col_province", "compare_col_quote")]
        shown += [tr("compare_col_document"), tr("compare_col_doc_type")]
        ui.table(sources[shown], hide_index=True, width="stretch", budget=layout.EXPANDER_BUDGET_PX, key="cmp_sources")
        ui.record_view(
            sources,
            {c: c for c in sources.columns},
            [" · ".join(map(str, r)) for r in sources[shown[1:3]].itertuples(index=False)],
            key="cmp_source_pick",
        )

    st.subheader(tr("compare_download"))
    names = [name_en.get(p, p) for p in selected]
    type_column, sources_sheet = tr("compare_col_type"), tr("compare_sheet_sources")
    d1, d2 = st.columns(2)
    # The files are built only when a button is clicked (deferred data): the XLSX of a large selection holds tens of
    # thousands of source rows and took most of every rerun when built eagerly. The callables close over the tables
    # this run shows, so the file is exactly the visible comparison; cache() serves a repeated click at once.
    d1.download_button(
        tr("compare_download_csv"),
        cache(partial(_csv_file, tables, type_column)),
        file_name=exports.ascii_filename("plan_atlas_compare", names, "csv"),
        mime=exports.CSV_MIME,
        icon=":material/download:",
        key="cmp_download_csv",
        on_click="ignore",
    )
    d2.download_button(
        tr("compare_download_xlsx"),
        cache(partial(exports.xlsx_bytes, {**tables, sources_sheet: sources})),
        file_name=exports.ascii_filename("plan_atlas_compare", names, "xlsx"),
        mime=exports.XLSX_MIME,
        icon=":material/table:",
        key="cmp_download_xlsx",
        on_click="ignore",
    )
