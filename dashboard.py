"""Plan Atlas entry point: `streamlit run dashboard.py` (`make run` builds the database first if it is missing).

Frames every page: language toggle, navigation, footer. Pages live in pages/; their list in atlas/navigation.py.
"""

from pathlib import Path

import streamlit as st

from atlas.navigation import framed, pages
from atlas.ui import database_ready, footer, language_selector, tr

FAVICON = Path(__file__).parent / "assets" / "favicon.png"

# A local favicon: a :material/…: page icon makes the browser fetch an SVG from fonts.gstatic.com (not offline).
st.set_page_config(page_title="十四五规划对比 · Plan Atlas", page_icon=str(FAVICON), layout="wide")

with framed():
    language_selector()
    if not database_ready():
        st.stop()
    st.navigation(pages(tr)).run()
    footer()
