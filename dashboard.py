"""Plan Atlas entry point: `streamlit run dashboard.py`.

Frames every page: language toggle, first-run database build, navigation, footer. Pages live in pages/.
"""

from pathlib import Path

import streamlit as st

from atlas.ui import ensure_database, footer, language_selector, tr

FAVICON = Path(__file__).parent / "assets" / "favicon.png"

# A local favicon: a :material/…: page icon makes the browser fetch an SVG from fonts.gstatic.com (not offline).
st.set_page_config(page_title="十四五规划对比 · Plan Atlas", page_icon=str(FAVICON), layout="wide")

language_selector()
if not ensure_database():
    st.stop()

PAGES = [
    st.Page("pages/overview.py", title=tr("page_overview"), icon=":material/table_view:", default=True),
    st.Page("pages/map.py", title=tr("page_map"), icon=":material/map:", url_path="map"),
    st.Page("pages/compare.py", title=tr("page_compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/province.py", title=tr("page_province"), icon=":material/location_city:", url_path="province"),
    st.Page("pages/themes.py", title=tr("page_themes"), icon=":material/grid_on:", url_path="themes"),
    st.Page("pages/search.py", title=tr("page_search"), icon=":material/search:", url_path="search"),
    st.Page("pages/about.py", title=tr("page_about"), icon=":material/info:", url_path="about"),
]

st.navigation(PAGES).run()
footer()
