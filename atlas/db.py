"""The only place the read side opens the database: read-only, by path, with a stamp that changes on rebuild."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from extract.paths import db_path


def database_path() -> Path:
    return db_path()


def database_stamp(path: Path | None = None) -> tuple[str, int, int]:
    """Identifies one build of the file: a rebuild swaps the file, so inode and mtime change."""
    p = path or database_path()
    st = p.stat()
    return (str(p), st.st_ino, st.st_mtime_ns)


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Read-only connection: pages can never write, and many processes may read at once.

    `duckdb.connect(path)` hands back the database instance already open on that path in this process, which after
    a rebuild's swap is the old, replaced file; attaching into a fresh in-memory connection opens the file now at
    the path, so a running app picks up a rebuild.
    """
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS atlas (READ_ONLY)", [str(path or database_path())])
    con.execute("USE atlas")
    return con


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> pd.DataFrame:
    """Run one parameterised query on its own cursor (cursors make one connection safe across threads)."""
    cur = con.cursor()
    try:
        try:
            cur.execute("USE atlas")  # a cursor of connect()'s connection starts in the in-memory catalog
        except duckdb.CatalogException:
            pass  # a plain connection opened on the file itself (tests, tools) is already in it
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()
