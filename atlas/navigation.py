"""The dashboard's page list, and the frame every page runs in (language toggle, navigation, footer).

Streamlit still honours the pre-`st.navigation` layout when a `pages/` folder sits beside the entry script: until
`st.navigation` has been called once in the server process, a deep link such as `/province?province=广西` opened
first on a fresh server runs `pages/province.py` bare, outside dashboard.py. `ensure_framed` notices that with
public API only (dashboard.py marks the runs it frames) and answers it the supported way: it declares the app's
pages with `st.navigation` (which switches the folder layout off for the process) and reruns, so the requested page
opens inside the frame. The browser test `test_deep_links_open_framed_on_a_fresh_server` guards it on upgrades.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

# (file, url path, string key of the title, material icon); the first is the default page.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("pages/overview.py", "", "page_overview", ":material/table_view:"),
    ("pages/map.py", "map", "page_map", ":material/map:"),
    ("pages/compare.py", "compare", "page_compare", ":material/compare_arrows:"),
    ("pages/delivery.py", "delivery", "page_delivery", ":material/fact_check:"),
    ("pages/province.py", "province", "page_province", ":material/location_city:"),
    ("pages/themes.py", "themes", "page_themes", ":material/grid_on:"),
    ("pages/search.py", "search", "page_search", ":material/search:"),
    ("pages/about.py", "about", "page_about", ":material/info:"),
)

FAVICON = Path(__file__).resolve().parent.parent / "assets" / "favicon.png"
_RUN = threading.local()  # each session's script runs in its own thread; dashboard.py marks its runs here
_BARE_RUNS = "_atlas_bare_runs"  # consecutive bare runs of this session; a framed run resets it
MAX_BARE_RUNS = 2  # more in a row means st.navigation no longer switches the folder layout off: render bare
_DECLARED = threading.Event()  # st.navigation has been called in this server process


def page_config() -> None:
    """Title, local favicon and wide layout. The favicon must be local: without it, a page's :material/…: icon
    becomes the favicon and the browser fetches it from fonts.gstatic.com (not offline)."""
    st.set_page_config(page_title="十四五规划对比 · Plan Atlas", page_icon=str(FAVICON), layout="wide")


def pages(title: Callable[[str], str]) -> list[st.Page]:
    """The st.Page list, titled in the active language by `title(string_key)`."""
    out = []
    for i, (path, url_path, key, icon) in enumerate(PAGES):
        if i == 0:
            out.append(st.Page(path, title=title(key), icon=icon, default=True))
        else:
            out.append(st.Page(path, title=title(key), icon=icon, url_path=url_path))
    return out


@contextmanager
def framed() -> Iterator[None]:
    """Wrap dashboard.py's run: pages rendered inside know they are framed."""
    _RUN.framed = True
    st.session_state[_BARE_RUNS] = 0
    try:
        yield
    finally:
        _RUN.framed = False


def navigate(title: Callable[[str], str]) -> st.navigation:
    """dashboard.py's st.navigation call. The first one in a server process switches the folder layout off, which
    changes the ids of the widgets already drawn in that run (the language toggle): a click on them would be lost.
    That one run is therefore drawn again at once, before the browser sees its widgets."""
    nav = st.navigation(pages(title))
    if not _DECLARED.is_set():
        _DECLARED.set()
        st.rerun()
    return nav


def is_framed() -> bool:
    return bool(getattr(_RUN, "framed", False))


def ensure_framed(title: Callable[[str], str], keep_state: Callable[[], object]) -> None:
    """A page run bare (deep link on a fresh server): declare the pages, rerun inside dashboard.py's frame.

    `keep_state` renders the frame's own widgets (the language toggle) first, so their values survive the rerun.
    """
    if is_framed():
        return
    keep_state()
    page_config()
    st.navigation(pages(title), position="hidden")
    _DECLARED.set()  # the rerun below draws the frame's widgets again under their lasting ids
    st.session_state[_BARE_RUNS] = st.session_state.get(_BARE_RUNS, 0) + 1
    if st.session_state[_BARE_RUNS] <= MAX_BARE_RUNS:
        st.rerun()
