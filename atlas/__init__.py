"""Plan Atlas dashboard package: data access, queries, chart builders and UI helpers for the Streamlit pages.

Kept importable without a running Streamlit app where possible, so the logic can be unit-tested.
"""
