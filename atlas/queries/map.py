"""Per-province values the map can be coloured by (theme coverage, counts) and the region / bloc filters.

Every query returns exactly the 31 plan provinces, in reference order. A province that no document covers gets
NULL ("not yet extracted"), never 0; 0 means its sections were read and nothing was found.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from atlas.db import fetch
from atlas.i18n import bilingual, t

THEME_MEASURES = ("presence", "hits", "density")
ENTITY_MEASURES = ("industries", "platforms", "targets")

# Fixed SQL per entity measure (table names are never built from input). value: distinct canonical names for
# industries and platforms (one entity, one name), every stated target for targets.
_ENTITY_SQL = {
    "industries": "SELECT province, count(DISTINCT name) AS value, count(DISTINCT doc_id) AS n_sources, "
    "list(DISTINCT name ORDER BY name) AS items FROM focus_industries GROUP BY province",
    "platforms": "SELECT province, count(DISTINCT name) AS value, count(DISTINCT doc_id) AS n_sources, "
    "list(DISTINCT name ORDER BY name) AS items FROM platforms GROUP BY province",
    "targets": "SELECT province, count(*) AS value, count(DISTINCT doc_id) AS n_sources, "
    "list(DISTINCT indicator ORDER BY indicator) AS items FROM targets GROUP BY province",
}

_SECTIONS = """SELECT province, count(DISTINCT doc_id) AS n_documents, sum(end_pos - start_pos) AS section_chars
               FROM sections GROUP BY province"""


def theme_measure(con: duckdb.DuckDBPyConnection, themes: Sequence[str], measure: str) -> pd.DataFrame:
    """Coverage of the selected themes (all themes when none are selected) per province.

    measure: 'presence' = how many of the selected themes have >= 1 evidence span; 'hits' = evidence spans;
    'density' = evidence spans per 1,000 characters of the province's section text (so a long plan is not
    "stronger" just for being long). n_sources = documents the evidence comes from; covered = the theme ids found.
    """
    if measure not in THEME_MEASURES:
        raise ValueError(f"measure must be one of {THEME_MEASURES}, got {measure!r}")
    return fetch(
        con,
        f"""WITH sel AS (SELECT theme_id FROM themes WHERE len($themes) = 0 OR list_contains($themes, theme_id)),
           s AS ({_SECTIONS}),
           e AS (SELECT x.province, count(DISTINCT x.theme_id) AS n_covered, count(*) AS hits,
                        count(DISTINCT x.doc_id) AS n_sources,
                        list(DISTINCT x.theme_id ORDER BY x.theme_id) AS covered
                 FROM theme_evidence x WHERE x.theme_id IN (SELECT theme_id FROM sel) GROUP BY x.province)
           SELECT p.province, p.name_full, p.name_en, p.region, p.region_en,
                  CASE WHEN s.province IS NULL THEN NULL
                       WHEN $measure = 'presence' THEN coalesce(e.n_covered, 0)
                       WHEN $measure = 'hits' THEN coalesce(e.hits, 0)
                       ELSE 1000.0 * coalesce(e.hits, 0) / nullif(s.section_chars, 0) END::DOUBLE AS value,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(e.n_sources, 0) END AS n_sources,
                  s.n_documents, s.section_chars, e.covered,
                  (SELECT count(*) FROM sel) AS n_selected
           FROM provinces p LEFT JOIN s USING (province) LEFT JOIN e USING (province)
           WHERE p.has_plan_data ORDER BY p.sort_order""",
        {"themes": list(themes), "measure": measure},
    )


def entity_measure(con: duckdb.DuckDBPyConnection, kind: str) -> pd.DataFrame:
    """How many focus industries / platforms / targets each province's sections name (items = the names)."""
    if kind not in _ENTITY_SQL:
        raise ValueError(f"kind must be one of {tuple(_ENTITY_SQL)}, got {kind!r}")
    return fetch(
        con,
        f"""WITH s AS ({_SECTIONS}), e AS ({_ENTITY_SQL[kind]})
           SELECT p.province, p.name_full, p.name_en, p.region, p.region_en,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(e.value, 0) END::DOUBLE AS value,
                  CASE WHEN s.province IS NULL THEN NULL ELSE coalesce(e.n_sources, 0) END AS n_sources,
                  s.n_documents, s.section_chars, e.items
           FROM provinces p LEFT JOIN s USING (province) LEFT JOIN e USING (province)
           WHERE p.has_plan_data ORDER BY p.sort_order""",
    )


def region_filters(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Selectable filters: the four NBS regions (filter_id = English name) then the blocs (filter_id = bloc_id).

    members lists the plan provinces in each, in reference order.
    """
    return fetch(
        con,
        """SELECT 'region' AS kind, region_en AS filter_id, region AS name_zh, region_en AS name_en,
                  list(province ORDER BY sort_order) AS members, min(sort_order) AS first
           FROM provinces WHERE has_plan_data AND region IS NOT NULL GROUP BY ALL
           UNION ALL
           SELECT 'bloc', b.bloc_id, b.name_zh, b.name_en,
                  list(b.province ORDER BY p.sort_order) FILTER (WHERE p.has_plan_data), min(p.sort_order)
           FROM bloc_members b JOIN provinces p USING (province) GROUP BY ALL
           ORDER BY kind DESC, first, filter_id""",
    )


def map_regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every region drawn on the map (31 provinces + 台湾/香港/澳门) with whether plan data exists for it."""
    return fetch(
        con,
        """SELECT province, name_full, name_en, has_plan_data FROM provinces
           WHERE province <> '全国' ORDER BY sort_order""",
    )


# ---------------------------------------------------------------- pure helpers (no database) below


def filter_labels(filters: pd.DataFrame, lang: str) -> dict[str, str]:
    """filter_id → '区域 · 华东' / 'Bloc · Yangtze River Delta 长三角', for the region-or-bloc selectors."""
    return {
        r.filter_id: f"{t('map_region_prefix' if r.kind == 'region' else 'map_bloc_prefix', lang)} · "
        f"{bilingual(r.name_zh, r.name_en, lang)}"
        for r in filters.itertuples(index=False)
    }


def filter_members(filters: pd.DataFrame) -> dict[str, list[str]]:
    """filter_id → its plan provinces, in reference order."""
    return {r.filter_id: list(r.members) for r in filters.itertuples(index=False)}
