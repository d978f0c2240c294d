"""Plan Atlas entry point: `streamlit run dashboard.py` (`make run` builds the database first if it is missing).

Frames every page: language toggle, navigation, footer. Pages live in pages/; their list in atlas/navigation.py.
"""

import streamlit as st

from atlas.navigation import framed, navigate, page_config
from atlas.ui import database_ready, footer, language_selector, tr

page_config()

with framed():
    language_selector()
    if not database_ready():
        st.stop()
    navigate(tr).run()
    footer()
