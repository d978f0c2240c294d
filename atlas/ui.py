"""Shared page furniture: language, database bootstrap, footer. Streamlit-aware; no SQL here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import streamlit as st

from atlas import db, layout, navigation
from atlas.cache import run
from atlas.highlight import escape
from atlas.i18n import LANG_LABELS, LANGS, doc_type_label, t
from atlas.queries import core

LANG_KEY = "lang"
LANG_MEMORY = "_atlas_lang"  # a plain copy of the widget's value: widget state is dropped in a run without it


def _language_in_url() -> str | None:
    """The language a link asks for: ?lang=en (or a label such as ?lang=English from older links)."""
    asked = st.query_params.get(LANG_KEY)
    by_label = {label: code for code, label in LANG_LABELS.items()}
    return asked if asked in LANGS else by_label.get(asked or "")


def language_selector() -> str:
    """Sidebar toggle kept in ?lang= so a shared URL opens in the same language. Chinese by default.

    The URL is written by hand rather than with `bind="query-params"`: a bound widget serialises its label
    (?lang=English) and drops a link's own ?lang=en on the first run of a deep link to another page."""
    if LANG_KEY not in st.session_state:
        asked = _language_in_url() or st.session_state.get(LANG_MEMORY)
        if asked in LANGS:
            st.session_state[LANG_KEY] = asked  # first run of a session, or a bare page run that dropped the widget
    default = {} if LANG_KEY in st.session_state else {"default": "zh"}  # a seeded value needs no default
    choice = st.sidebar.segmented_control(
        "语言 / Language", LANGS, required=True, format_func=LANG_LABELS.get, key=LANG_KEY, **default
    )
    choice = choice if choice in LANGS else "zh"
    url_write(LANG_KEY, choice, "zh")
    st.session_state[LANG_MEMORY] = choice
    return choice


def lang() -> str:
    """The active language (set by language_selector in dashboard.py, remembered across a bare page run)."""
    navigation.ensure_framed(lambda key: t(key, st.session_state.get(LANG_MEMORY, "zh")), lambda: None)
    value = st.session_state.get(LANG_KEY, st.session_state.get(LANG_MEMORY))
    return value if value in LANGS else "zh"


def tr(key: str) -> str:
    return t(key, lang())


def database_ready() -> bool:
    """The read side never builds: without a database it says how to build one (`make run` does it first)."""
    path = db.database_path()
    if path.exists():
        return True
    st.warning(tr("no_database").format(path=path))
    st.code("make build    # or: python -m extract build", language="bash")
    return False


def footer() -> None:
    """Build time, code version and document count on every page, linking to the Data & method page."""
    info = run(core.build_info)
    if info.empty:
        return
    row = info.iloc[0]
    st.divider()
    st.caption(
        t("footer", lang()).format(
            built_at=row["built_at"].strftime("%Y-%m-%d %H:%M UTC"), code=row["code_version"], n_docs=row["n_documents"]
        )
    )
    st.page_link("pages/about.py", label=tr("page_about"), icon=":material/info:")


def url_seed(key: str, options: Sequence[str], default: str | list[str], multi: bool = False) -> None:
    """Seed a widget's state from ?key= once.

    The URL holds stable codes (hits, ai, jingjinji), not the displayed labels that bind="query-params" would store,
    so a copied link works in either language. Unknown values fall back to the default.
    """
    if key in st.session_state:
        return
    if multi:
        st.session_state[key] = list(dict.fromkeys(v for v in st.query_params.get_all(key) if v in options))
    else:
        value = st.query_params.get(key)
        st.session_state[key] = value if value in options else default


def url_write(key: str, value: str | list[str] | None, default: str | list[str] | None) -> None:
    """Mirror a widget's value into the URL (left out when it is the default, to keep links short)."""
    if value == default or value in (None, []):
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
        st.query_params[key] = value


def render_chart(chart: object, key: str, height: str, *, with_map: bool = False, **kwargs: Any) -> Any:
    """Draw a pyecharts chart (with the offline China map registered when asked).

    streamlit_echarts can only be imported inside a running app, hence the local import.
    """
    from streamlit_echarts import Map, st_pyecharts

    from atlas import charts

    if with_map:
        kwargs["map"] = Map(charts.MAP_NAME, charts.load_china_geojson())
    return st_pyecharts(chart, key=key, height=height, **kwargs)


def doc_type_filter(container: Any = None) -> list[str] | None:
    """The document-type filter every page that compares provinces shares: bound to ?types= (codes, so a link
    works in either language). Returns the chosen codes, or None for "every type" (nothing chosen)."""
    codes = run(core.doc_types)["doc_type"].tolist()
    url_seed("types", codes, codes, multi=True)
    chosen = (container or st).multiselect(
        tr("filter_doc_types"),
        codes,
        key="types",
        format_func=lambda c: doc_type_label(c, lang()),
        help=tr("filter_doc_types_help"),
        placeholder=tr("filter_doc_types_all"),
    )
    url_write("types", chosen, codes)
    return list(chosen) or None


def table(
    data: Any, *, column_config: dict[str, Any] | None = None, budget: int = layout.BUDGET_PX, **kwargs: Any
) -> Any:
    """st.dataframe with column widths that fit the page (atlas.layout.fit_widths) and wrapped text where needed.

    Takes st.dataframe's arguments. A column's width from ``column_config`` is kept when it is a number of pixels;
    "small" / "medium" / "large" and unset widths are replaced by the fitted ones. ``budget``: the pixels the table
    has (the page's main column at 1400 px by default; less inside st.columns)."""
    frame = getattr(data, "data", data)  # a pandas Styler holds its frame in .data
    config = dict(column_config or {})
    order = list(kwargs.get("column_order") or frame.columns)
    visible = [c for c in order if c in frame.columns and not (c in config and config[c] is None)]
    headers = {}
    for c in visible:
        entry = config.get(c)
        label = entry if isinstance(entry, str) else (entry or {}).get("label")
        headers[c] = label or str(c)
    budget -= 0 if kwargs.get("hide_index") else 60
    measured = frame[visible].copy()
    for c in visible:  # a link column that shows a fixed text ("open source") is as wide as that text, not its URL
        entry = config.get(c)
        shown = ((entry or {}).get("type_config") or {}).get("display_text") if isinstance(entry, dict) else None
        if isinstance(shown, str) and "(" not in shown:  # a regular expression's group shows part of the URL
            measured[c] = [shown if isinstance(v, str) else v for v in measured[c]]
    widths, row_height = layout.fit_widths(measured, headers, budget)
    for c in visible:
        entry = config.get(c)
        entry = {"label": entry} if isinstance(entry, str) else dict(entry or {})
        if not isinstance(entry.get("width"), int):
            entry["width"] = widths[c]
        config[c] = entry
    if row_height and "row_height" not in kwargs:
        kwargs["row_height"] = row_height
    kwargs.setdefault("placeholder", tr("missing"))  # an empty cell reads 缺失 / missing, never the grid's "None"
    return st.dataframe(data, column_config=config, **kwargs)


def _field_html(value: Any) -> str:
    """One value of a record view: missing as the word missing, a flag as yes / no, a URL as a link (wrapped)."""
    if value is None or (isinstance(value, float) and value != value):
        return escape(tr("missing"))
    if isinstance(value, bool | np.bool_):  # a numpy flag too
        return escape(tr("yes") if value else tr("no"))
    if hasattr(value, "strftime"):
        return escape(value.strftime("%Y-%m-%d"))
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if text.startswith(("http://", "https://")) and " " not in text:
        return f'<a href="{escape(text)}" target="_blank" rel="noopener noreferrer">{escape(text)}</a>'
    return escape(text)


def record_view(frame: Any, headers: dict[str, str], labels: Sequence[str], key: str) -> None:
    """Every field of one row, picked by its label: the detail a wide table leaves out, in a list that wraps
    (a header beside each value) rather than a table that scrolls sideways. ``headers`` maps a column to its
    header in the UI language; only those columns are shown, in that order."""
    if len(frame) == 0:
        return
    i = st.selectbox(tr("record_pick"), range(len(frame)), format_func=lambda n: labels[n], key=key)
    row = frame.iloc[i or 0]
    cells = "".join(
        f'<div class="pa-key" style="font-weight:600">{escape(header)}</div>'
        f'<div class="pa-val" style="overflow-wrap:anywhere">{_field_html(row[column])}</div>'
        for column, header in headers.items()
    )
    st.markdown(
        '<div class="pa-record" style="display:grid;grid-template-columns:max-content 1fr;gap:0.25rem 1rem;'
        f'font-size:0.9rem">{cells}</div>',
        unsafe_allow_html=True,
    )
