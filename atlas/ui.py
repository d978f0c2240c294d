"""Shared page furniture: language, database bootstrap, footer. Streamlit-aware; no SQL here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from atlas import db
from atlas.cache import run
from atlas.i18n import LANG_LABELS, LANGS, t
from atlas.queries import core

LANG_KEY = "lang"


def _ensure_framed() -> None:
    """Make a deep link (/about on a fresh server) open inside dashboard.py's frame.

    Streamlit treats a `pages/` folder beside the entry script as the pre-`st.navigation` layout until the entry
    script has called `st.navigation` once in the process; a session that deep-links to a page before that runs
    pages/<page>.py bare (file names in the sidebar, no language toggle, no footer). Such a run switches that mode
    off and reruns, so dashboard.py frames the requested page. This runs from lang(), never at import time: a rerun
    raised during an import would leave a half-imported module behind for concurrent sessions.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        if not st.session_state.get("_atlas_reframed"):
            st.session_state["_atlas_reframed"] = True  # at most once per session, whatever happens
            st.rerun()


def language_selector() -> str:
    """Sidebar toggle bound to ?lang= so a shared URL opens in the same language. Chinese by default."""
    choice = st.sidebar.segmented_control(
        "语言 / Language",
        LANGS,
        default="zh",
        required=True,
        format_func=LANG_LABELS.get,
        key=LANG_KEY,
        bind="query-params",
    )
    return choice or "zh"


def lang() -> str:
    """The active language (set by language_selector in dashboard.py)."""
    _ensure_framed()
    value = st.session_state.get(LANG_KEY)
    return value if value in LANGS else "zh"


def tr(key: str) -> str:
    return t(key, lang())


def ensure_database() -> bool:
    """Build the database on first run (with a visible spinner) so `streamlit run dashboard.py` just works."""
    if db.database_path().exists():
        return True
    from extract.build import BuildError, build

    with st.spinner(tr("building_db")):
        try:
            build(progress=False)
        except BuildError as exc:
            st.error(tr("build_failed") + str(exc))
            return False
    return True


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
