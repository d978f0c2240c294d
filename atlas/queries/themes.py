"""Province × theme coverage, the quotes behind one theme, and "who else" names a focus industry or platform.

Provinces that no document covers are NULL (not yet extracted), never 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from atlas.db import fetch

ENTITY_KINDS = ("industry", "platform")

# Fixed SQL per entity kind (table names are never built from input).
_ENTITY_TABLE = {
    "industry": "SELECT name, name_en, NULL AS kind, doc_id, section_id, province, start_pos, end_pos, quote, "
    "method, rule_id, note, correction_id FROM focus_industries",
    "platform": "SELECT name, NULL AS name_en, kind, doc_id, section_id, province, start_pos, end_pos, quote, "
    "method, rule_id, note, correction_id FROM platforms",
}


def _entity_sql(kind: str) -> str:
    if kind not in _ENTITY_TABLE:
        raise ValueError(f"kind must be one of {ENTITY_KINDS}, got {kind!r}")
    return _ENTITY_TABLE[kind]


def theme_matrix(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Long form, one row per (plan province, theme): evidence hits, documents, hits per 1,000 section characters.

    hits/present/n_sources are NULL for a province without any section (not yet extracted).
    """
    return fetch(
        con,
        """WITH s AS (SELECT province, sum(end_pos - start_pos) AS section_chars FROM sections GROUP BY province),
           e AS (SELECT province, theme_id, count(*) AS hits, count(DISTINCT doc_id) AS n_sources
                 FROM theme_evidence GROUP BY province, theme_id)
           SELECT p.province, p.name_en, p.sort_order, t.theme_id, t.name_zh AS theme_zh, t.name_en AS theme_en,
                  t.sort_order AS theme_order,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(e.hits, 0) END AS hits,
                  CASE WHEN s.province IS NULL THEN NULL ELSE (coalesce(e.hits, 0) > 0)::INTEGER END AS present,
                  CASE WHEN s.province IS NULL THEN NULL
                       ELSE 1000.0 * coalesce(e.hits, 0) / nullif(s.section_chars, 0) END AS density,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(e.n_sources, 0) END AS n_sources
           FROM provinces p CROSS JOIN themes t
           LEFT JOIN s ON s.province = p.province
           LEFT JOIN e ON e.province = p.province AND e.theme_id = t.theme_id
           WHERE p.has_plan_data
           ORDER BY p.sort_order, t.sort_order""",
    )


def theme_quotes(
    con: duckdb.DuckDBPyConnection, theme_id: str, provinces: Sequence[str], limit: int = 500
) -> pd.DataFrame:
    """Evidence spans of one theme (optionally only some provinces) with their document, offsets and rule."""
    return fetch(
        con,
        """SELECT e.province, p.name_en, e.quote, d.title, e.doc_id, e.section_id, e.start_pos, e.end_pos,
                  e.method, e.rule_id, e.note, e.correction_id
           FROM theme_evidence e JOIN provinces p USING (province) JOIN documents d USING (doc_id)
           WHERE e.theme_id = $theme AND p.has_plan_data
             AND (len($provinces) = 0 OR list_contains($provinces, e.province))
           ORDER BY p.sort_order, e.doc_id, e.start_pos
           LIMIT $limit""",
        {"theme": theme_id, "provinces": list(provinces), "limit": int(limit)},
    )


def entity_catalog(con: duckdb.DuckDBPyConnection, kind: str) -> pd.DataFrame:
    """Every canonical focus-industry / platform name with how many provinces and mentions name it."""
    return fetch(
        con,
        f"""SELECT x.name, any_value(x.name_en) AS name_en, any_value(x.kind) AS kind,
                   count(DISTINCT x.province) AS n_provinces, count(*) AS n_mentions
            FROM ({_entity_sql(kind)}) x JOIN provinces p USING (province)
            WHERE p.has_plan_data
            GROUP BY x.name ORDER BY n_provinces DESC, x.name""",
    )


def who_else(con: duckdb.DuckDBPyConnection, kind: str, name: str) -> pd.DataFrame:
    """Every mention of one focus industry / platform: which provinces name it, where, and the quote."""
    return fetch(
        con,
        f"""SELECT x.province, p.name_en AS province_en, x.quote, d.title, x.doc_id, x.section_id, x.start_pos,
                   x.end_pos, x.method, x.rule_id, x.note, x.correction_id
            FROM ({_entity_sql(kind)}) x JOIN provinces p USING (province) JOIN documents d USING (doc_id)
            WHERE x.name = $name AND p.has_plan_data
            ORDER BY p.sort_order, x.doc_id, x.start_pos""",
        {"name": name},
    )
