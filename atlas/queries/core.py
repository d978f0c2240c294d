"""Reference data, build information and the province overview shared by every page."""

from __future__ import annotations

import duckdb
import pandas as pd

from atlas.db import fetch


def build_info(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: when and from what the database was built."""
    return fetch(con, "SELECT * FROM build_info")


def provinces(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All map regions (31 provinces, 全国, 台湾/香港/澳门) with their blocs as a list."""
    return fetch(
        con,
        """SELECT p.province, p.name_full, p.name_en, p.adcode, p.region, p.region_en, p.has_plan_data,
                  p.sort_order, list(b.name_zh ORDER BY b.bloc_id) FILTER (WHERE b.name_zh IS NOT NULL) AS blocs
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


def province_overview(con: duckdb.DuckDBPyConnection, doc_types: list[str] | None = None) -> pd.DataFrame:
    """One row per plan province: how many sources of the chosen document types speak for it and what was found.

    Counts are NULL (missing), not 0, for a province that no such document covers; `doc_ids` is a list.
    Without `doc_types` every type counts.
    """
    return fetch(
        con,
        """WITH sec AS (
               SELECT s.* FROM sections s JOIN documents d USING (doc_id)
               WHERE $types IS NULL OR list_contains($types, d.doc_type)),
           s AS (
               SELECT province, count(*) AS n_sections, count(DISTINCT doc_id) AS n_documents,
                      list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
               FROM sec GROUP BY province),
           t AS (SELECT province, count(DISTINCT theme_id) AS n_themes, count(*) AS theme_hits
                 FROM theme_evidence WHERE section_id IN (SELECT section_id FROM sec) GROUP BY province),
           i AS (SELECT province, count(DISTINCT name) AS n_industries FROM focus_industries
                 WHERE section_id IN (SELECT section_id FROM sec) GROUP BY province),
           pf AS (SELECT province, count(DISTINCT name) AS n_platforms FROM platforms
                  WHERE section_id IN (SELECT section_id FROM sec) GROUP BY province),
           tg AS (SELECT province, count(*) AS n_targets FROM targets
                  WHERE section_id IN (SELECT section_id FROM sec) GROUP BY province)
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
        {"types": list(doc_types) if doc_types else None},
    )


DOC_TYPE_ORDER = ("digest", "plan", "action_plan", "measures", "work_report", "national_plan", "news")


def doc_types(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The document types present (one row each, with how many documents), plans before reports."""
    frame = fetch(con, "SELECT doc_type, count(*) AS n_documents FROM documents GROUP BY doc_type")
    rank = {t: i for i, t in enumerate(DOC_TYPE_ORDER)}
    return frame.sort_values("doc_type", key=lambda c: c.map(lambda t: rank.get(t, len(rank)))).reset_index(drop=True)
