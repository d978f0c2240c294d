"""Streamlit caching around the read-only connection and the named queries (the one Streamlit-aware data module).

The cache key includes the database stamp (path, inode, mtime), so a rebuild swapped in while the app serves is
picked up on the next rerun, while sessions mid-query keep reading the old file.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from atlas import db


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(stamp: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    return db.connect()


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(db.database_stamp())


@st.cache_data(max_entries=2048, show_spinner=False)
def _run(qualname: str, stamp: tuple[str, int, int], args: tuple, kwargs: tuple) -> pd.DataFrame:
    module_name, func_name = qualname.rsplit(".", 1)
    func = getattr(importlib.import_module(module_name), func_name)
    return func(_connection(stamp), *args, **dict(kwargs))


def run(query: Callable[..., pd.DataFrame], *args: Any, **kwargs: Any) -> pd.DataFrame:
    """Call a query function from atlas.queries with caching; returns a copy the caller may modify."""
    if not query.__module__.startswith("atlas.queries"):
        raise ValueError(f"{query.__module__}.{query.__name__} is not a named query in atlas.queries")
    args = tuple(tuple(a) if isinstance(a, list) else a for a in args)
    return _run(f"{query.__module__}.{query.__name__}", db.database_stamp(), args, tuple(sorted(kwargs.items())))
