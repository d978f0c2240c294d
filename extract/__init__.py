"""Plan Atlas extraction: documents → province units with themes, industries, platforms and targets.

Pure Python: no DuckDB, no Streamlit. `python -m extract --help` lists the commands.
"""
