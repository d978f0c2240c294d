"""Reference data, build information and the province overview shared by every page."""

from __future__ import annotations

import duckdb
import pandas as pd

from atlas.db import fetch


def build_info(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: when and from what the database was built."""
    return fetch(con, "SELECT * FROM build_info")


def provinces(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All map regions (31 provinces, 全国, 台湾/香港/澳门) with their blocs as a ';'-joined list."""
    return fetch(
        con,
        """SELECT p.province, p.name_full, p.name_en, p.adcode, p.region, p.region_en, p.has_plan_data,
                  p.sort_order, string_agg(b.name_zh, ';' ORDER BY b.bloc_id) AS blocs
           FROM provinces p LEFT JOIN bloc_members b USING (province)
           GROUP BY ALL ORDER BY p.sort_order""",
    )


def blocs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per bloc with its member provinces (those with plan data) as a list."""
    return fetch(
        con,
        """SELECT b.bloc_id, b.name_zh, b.name_en,
                  list(b.province ORDER BY p.sort_order) FILTER (WHERE p.has_plan_data) AS members
           FROM bloc_members b JOIN provinces p USING (province)
           GROUP BY ALL ORDER BY min(p.sort_order), b.bloc_id""",
    )


def themes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The theme taxonomy in its order."""
    return fetch(con, "SELECT * FROM themes ORDER BY sort_order")


def documents(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Document metadata (without the text), with the number of province sections found in each."""
    return fetch(
        con,
        """SELECT d.* EXCLUDE (text), count(s.section_id) AS n_sections
           FROM documents d LEFT JOIN sections s USING (doc_id)
           GROUP BY ALL ORDER BY d.doc_id""",
    )


def province_overview(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per plan province: how many sources speak for it and what was found there.

    Counts are NULL (missing), not 0, for a province that no document covers.
    """
    return fetch(
        con,
        """WITH s AS (
               SELECT province, count(*) AS n_sections, count(DISTINCT doc_id) AS n_documents,
                      string_agg(DISTINCT doc_id, ';' ORDER BY doc_id) AS doc_ids
               FROM sections GROUP BY province),
           t AS (SELECT province, count(DISTINCT theme_id) AS n_themes, count(*) AS theme_hits
                 FROM theme_evidence GROUP BY province),
           i AS (SELECT province, count(DISTINCT name) AS n_industries FROM focus_industries GROUP BY province),
           pf AS (SELECT province, count(DISTINCT name) AS n_platforms FROM platforms GROUP BY province),
           tg AS (SELECT province, count(*) AS n_targets FROM targets GROUP BY province)
           SELECT p.province, p.name_full, p.name_en, p.region, p.region_en, p.adcode,
                  s.n_sections, s.n_documents, s.doc_ids,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(t.n_themes, 0) END AS n_themes,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(t.theme_hits, 0) END AS theme_hits,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(i.n_industries, 0) END AS n_industries,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(pf.n_platforms, 0) END AS n_platforms,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(tg.n_targets, 0) END AS n_targets
           FROM provinces p
           LEFT JOIN s USING (province) LEFT JOIN t USING (province) LEFT JOIN i USING (province)
           LEFT JOIN pf USING (province) LEFT JOIN tg USING (province)
           WHERE p.has_plan_data
           ORDER BY p.sort_order""",
    )
