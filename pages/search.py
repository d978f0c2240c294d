"""搜索 Search: which provinces mention a term, and in what words? Keyword in context over every document text.

URL state: ?q=数据交易所 (text input "q"), ?regex=true (toggle "regex"), ?prov=广东&prov=浙江 (multiselect "prov").
"""

import pandas as pd
import streamlit as st

from atlas import ui
from atlas.cache import run
from atlas.highlight import block, escape, kwic, md_code
from atlas.i18n import bilingual
from atlas.queries import compare, core, search
from atlas.ui import lang, tr

MAX_SHOWN = 200
SUMMARY_PX = 270  # the per-province table's room in the left column at 1400 px

L = lang()
provinces = run(core.provinces)
options = compare.selectable_provinces(provinces)

st.title(tr("search_title"))
st.caption(tr("search_question"))
c_q, c_regex = st.columns([4, 1], vertical_alignment="bottom")
keyword = c_q.text_input(
    tr("search_keyword"), placeholder=tr("search_placeholder"), max_chars=search.MAX_KEYWORD_CHARS,
    key="q", bind="query-params",
)  # fmt: skip
regex = c_regex.toggle(tr("search_regex"), help=tr("search_regex_help"), key="regex", bind="query-params")
names_en = dict(zip(provinces["province"], provinces["name_en"], strict=True))
ui.url_seed("prov", options, [], multi=True)  # the URL keeps ?prov=广西, not the label a bound widget would write
chosen = st.multiselect(
    tr("search_provinces"), options, placeholder=tr("search_provinces_placeholder"), key="prov",
    format_func=lambda p: bilingual(p, names_en.get(p), L),
)  # fmt: skip
ui.url_write("prov", chosen, [])


def province_text(province: object, province_en: object) -> str:
    if not isinstance(province, str):
        return tr("search_outside")
    return bilingual(province, province_en if isinstance(province_en, str) else None, L)


if not keyword.strip():
    st.info(tr("search_hint"))
else:
    try:
        per_province = run(search.keyword_summary, keyword, bool(regex), chosen)
        hits = run(search.keyword_hits, keyword, bool(regex), chosen, MAX_SHOWN)
    except search.SearchError as exc:
        hits = None
        st.error(tr("search_error").format(error=md_code(exc)))
    if hits is not None and hits.empty:
        st.warning(tr("search_no_hits").format(q=md_code(keyword)))
    elif hits is not None:
        n_hits, n_docs = int(per_province["n_hits"].sum()), int(per_province["n_documents_total"].max())
        n_prov = int(per_province["province"].notna().sum())
        st.success(tr("search_summary").format(q=keyword, n=n_hits, n_prov=n_prov, n_docs=n_docs))
        left, right = st.columns([1, 2], gap="large")  # the left third: ~290 px at a 1400 px window
        with left:
            st.subheader(tr("search_by_province"))
            summary = pd.DataFrame(
                {
                    tr("compare_col_province"): [
                        province_text(p, e)
                        for p, e in zip(per_province["province"], per_province["province_en"], strict=True)
                    ],
                    tr("search_col_hits"): per_province["n_hits"].astype(int),
                    tr("search_col_documents"): per_province["n_documents"].astype(int),
                }
            )
            ui.table(summary, hide_index=True, width="stretch", key="search_summary_table", budget=SUMMARY_PX)
        with right:
            st.subheader(tr("search_hits"))
            if n_hits > MAX_SHOWN:
                st.caption(tr("search_showing").format(shown=MAX_SHOWN, n=n_hits))
            lines = []
            for h in hits.head(MAX_SHOWN).itertuples():
                title = h.title_en if L == "en" and isinstance(h.title_en, str) else h.title
                where = province_text(h.province, h.province_en)
                badge_color = "#e8eefc" if isinstance(h.province, str) else "#eeeeee"
                position = tr("search_position").format(pos=h.start_pos)
                lines.append(
                    f'<span style="background:{badge_color};border-radius:8px;padding:0 6px;font-size:0.85rem;">'
                    f'{escape(where)}</span> <small style="color:#666">{escape(title)} · {escape(position)}</small>'
                    f"<br>{kwic(h.left_ctx, h.match, h.right_ctx)}"
                )
            st.markdown(block("<hr style='margin:0.35rem 0'>".join(lines), max_height_px=700), unsafe_allow_html=True)
