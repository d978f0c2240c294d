"""Queries for the Data & method page: how each fact was produced (rule counts), coverage, corrections, exports."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from atlas.db import fetch


def rule_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows per (table, method, rule id): how much of the database each rule or curated record produced."""
    return fetch(
        con,
        """WITH a AS (
               SELECT 'sections' AS table_name, method, rule_id, province, doc_id FROM sections
               UNION ALL SELECT 'theme_evidence', method, rule_id, province, doc_id FROM theme_evidence
               UNION ALL SELECT 'focus_industries', method, rule_id, province, doc_id FROM focus_industries
               UNION ALL SELECT 'platforms', method, rule_id, province, doc_id FROM platforms
               UNION ALL SELECT 'targets', method, rule_id, province, doc_id FROM targets
               UNION ALL SELECT 'headline_targets', method, 'curated.headline_targets', province, NULL
                         FROM headline_targets
               UNION ALL SELECT 'headline_no_target', method, 'curated.no_target', province, NULL
                         FROM headline_no_target)
           SELECT table_name, method, rule_id, count(*) AS n_rows, count(DISTINCT province) AS n_provinces,
                  count(DISTINCT doc_id) AS n_documents
           FROM a GROUP BY ALL ORDER BY table_name, n_rows DESC, rule_id""",
    )


def headline_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per plan province: which curated headline targets it has (NULL, not 0, when none was found)."""
    return fetch(
        con,
        """WITH h AS (
               SELECT province, count(*) AS n_targets,
                      count(*) FILTER (WHERE status <> 'unverified') AS n_verified,
                      list(DISTINCT indicator ORDER BY indicator) AS indicators,
                      list(DISTINCT status ORDER BY status) AS statuses
               FROM headline_targets GROUP BY province),
           n AS (SELECT province, count(*) AS n_no_target FROM headline_no_target GROUP BY province)
           SELECT p.province, p.name_full, p.name_en, p.region, p.region_en,
                  h.n_targets, h.n_verified, h.indicators, h.statuses, n.n_no_target,
                  h.province IS NOT NULL AS has_target
           FROM provinces p LEFT JOIN h USING (province) LEFT JOIN n USING (province)
           WHERE p.has_plan_data ORDER BY p.sort_order""",
    )


def corrections_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every applied analyst correction with the number of rows it changed."""
    return fetch(con, "SELECT * FROM corrections_log ORDER BY correction_id")


def corrected_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows of the attribute tables that a correction fixed or added (suppressed rows are only in the log)."""
    return fetch(
        con,
        """WITH a AS (
               SELECT 'theme_evidence' AS table_name, theme_id AS item, doc_id, province, start_pos, end_pos, quote,
                      method, rule_id, note, correction_id FROM theme_evidence
               UNION ALL SELECT 'focus_industries', name, doc_id, province, start_pos, end_pos, quote, method,
                      rule_id, note, correction_id FROM focus_industries
               UNION ALL SELECT 'platforms', name, doc_id, province, start_pos, end_pos, quote, method, rule_id,
                      note, correction_id FROM platforms
               UNION ALL SELECT 'targets', indicator, doc_id, province, start_pos, end_pos, quote, method, rule_id,
                      note, correction_id FROM targets)
           SELECT a.*, l.action FROM a JOIN corrections_log l USING (correction_id)
           ORDER BY correction_id, doc_id, start_pos""",
    )


def export_tables(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every data table of the database with its row count, for the full download (not the search index
    text_bigrams: millions of rows derived from documents.text, rebuilt by every build)."""
    tables = fetch(
        con,
        """SELECT table_name, estimated_size AS n_rows FROM duckdb_tables()
           WHERE database_name = current_database() AND schema_name = 'main' AND table_name <> 'text_bigrams'
           ORDER BY table_name""",
    )
    return tables


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """All rows of one database table (named by a value from export_tables; passed as a parameter, never formatted)."""
    known = set(export_tables(con)["table_name"])
    if table not in known:
        raise ValueError(f"unknown table {table!r}")
    return fetch(con, "SELECT * FROM query_table($table)", {"table": table})


def accuracy(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The extractor's accuracy per split and field, as the build measured it (empty if the build did not)."""
    return fetch(
        con,
        """SELECT split, field, n_documents, tp, fp, fn, precision, recall, f1 FROM accuracy
           ORDER BY split = 'holdout', list_position(['themes', 'industries', 'platforms', 'targets', 'achieved'],
                                                     field)""",
    )


def describe_fields(fields: object, values: object, field_label: Callable[[str], str], theme_labels: dict) -> str:
    """A correction's ';'-separated fields and values as 'theme = Data elements' (labels, not column codes)."""
    if not isinstance(fields, str) or not fields:
        return ""
    names = [f.strip() for f in fields.split(";")]
    vals = [v.strip() for v in values.split(";")] if isinstance(values, str) else [""] * len(names)
    parts = []
    for name, value in zip(names, vals, strict=False):
        shown = theme_labels.get(value, value) if name == "theme_id" else value
        parts.append(f"{field_label(name)} = {shown}")
    return "; ".join(parts)
