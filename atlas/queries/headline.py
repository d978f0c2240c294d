"""Curated headline targets (share of GDP the digital economy should reach by 2025), per province and nationally.

Missing is never zero: every plan province gets a row with a `state` saying why it has a value or not
('value', 'unverified_hidden', 'plan_sets_none', 'no_target_found'), and `value` is NULL unless state = 'value'.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from atlas.db import fetch
from atlas.i18n import COMPARATOR_SYMBOLS, t
from atlas.units import unit_label

# The indicators the map can be coloured by. Each is its own scale: the broad digital economy (30–60 % of GDP) and
# its core industries (5–15 %) measure different things and must never share one.
INDICATORS = (
    ("core_share_gdp", "数字经济核心产业增加值占GDP比重", "Core digital industries, share of GDP", "%"),
    ("de_share_gdp", "数字经济增加值占GDP比重", "Digital economy, share of GDP", "%"),
    ("de_value", "数字经济规模（增加值）", "Digital economy, value added", "亿元"),
    ("core_value", "数字经济核心产业增加值", "Core digital industries, value added", "亿元"),
)
STATES = ("value", "unverified_hidden", "plan_sets_none", "no_target_found")

# Curated values in a unit other than the indicator's canonical one are converted (3 万亿元 = 30000 亿元) by the view
# headline_targets_n (database/schema.sql), so one scale holds. One pick per province: highest status, then the
# latest issue date, then the record id (deterministic).


def headline_indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The selectable indicators with labels, canonical unit and how many provinces have a (verified) value."""
    counts = fetch(
        con,
        """SELECT indicator, count(DISTINCT province) AS n_provinces,
                  count(DISTINCT province) FILTER (WHERE status <> 'unverified') AS n_provinces_verified
           FROM headline_targets h JOIN provinces p USING (province)
           WHERE p.has_plan_data GROUP BY indicator""",
    )
    frame = pd.DataFrame(INDICATORS, columns=["indicator", "label_zh", "label_en", "unit"])
    frame = frame.merge(counts, on="indicator", how="left")
    for column in ("n_provinces", "n_provinces_verified"):
        frame[column] = frame[column].fillna(0).astype(int)  # a count of curated rows: 0 is a true count here
    return frame


def headline_map(
    con: duckdb.DuckDBPyConnection, indicator: str, include_unverified: bool, target_year: int = 2025
) -> pd.DataFrame:
    """One row per each of the 31 plan provinces (always all 31) for one indicator, with value, source and state.

    Only targets for target_year count (the question is "what did each province commit to by 2025?").
    Unverified rows are left out unless include_unverified; a province whose only rows are unverified is then
    'unverified_hidden' (plan and source filled, value NULL). `conflict` lists the other curated values when
    sources disagree (`conflicts`, a list of {comparator, value, unit, plan_title, status}; a "sets none" record
    beside a value is `conflicting_no_target`); n_sources counts the curated rows behind the state shown.
    """
    return fetch(
        con,
        """WITH t AS (
               SELECT h.* FROM headline_targets_n h
               WHERE h.indicator = $indicator AND h.target_year = $year),
           shown AS (
               SELECT *, row_number() OVER (
                          PARTITION BY province ORDER BY status_rank, issue_date DESC NULLS LAST, target_id) AS rn,
                      count(*) OVER (PARTITION BY province) AS n
               FROM t WHERE $unverified OR status <> 'unverified'),
           v AS (
               SELECT a.*, (SELECT list({'comparator': b.comparator, 'value': b.value, 'unit': b.unit,
                                         'plan_title': b.plan_title, 'status': b.status} ORDER BY b.target_id)
                            FROM shown b
                            WHERE b.province = a.province AND b.rn > 1 AND b.value_n <> a.value_n) AS conflicts
               FROM shown a WHERE rn = 1),
           hidden AS (
               SELECT *, row_number() OVER (
                          PARTITION BY province ORDER BY status_rank, issue_date DESC NULLS LAST, target_id) AS rn,
                      count(*) OVER (PARTITION BY province) AS n
               FROM t WHERE NOT $unverified AND status = 'unverified'),
           nt AS (
               SELECT *, CASE status WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END AS status_rank
               FROM headline_no_target
               WHERE indicator = $indicator AND ($unverified OR status <> 'unverified')),
           none AS (
               SELECT *, row_number() OVER (
                          PARTITION BY province ORDER BY status_rank, issue_date DESC NULLS LAST, record_id) AS rn,
                      count(*) OVER (PARTITION BY province) AS n
               FROM nt)
           SELECT p.province, p.name_full, p.name_en,
                  CASE WHEN v.province IS NOT NULL THEN v.value_n END AS value,
                  CASE WHEN v.province IS NOT NULL THEN v.unit_n WHEN h.province IS NOT NULL THEN h.unit_n END
                      AS unit,
                  coalesce(v.comparator, h.comparator) AS comparator,
                  coalesce(v.target_year, h.target_year) AS target_year,
                  CASE WHEN v.province IS NOT NULL THEN v.baseline_n END AS baseline_value,
                  CASE WHEN v.province IS NOT NULL THEN v.baseline_year END AS baseline_year,
                  coalesce(v.plan_title, n.plan_title, h.plan_title) AS plan_title,
                  coalesce(v.issuer, n.issuer, h.issuer) AS issuer,
                  coalesce(v.issue_date, n.issue_date, h.issue_date) AS issue_date,
                  coalesce(v.status, n.status, h.status) AS status,
                  coalesce(v.source_url, n.source_url, h.source_url) AS source_url,
                  coalesce(v.source_publisher, n.source_publisher, h.source_publisher) AS source_publisher,
                  coalesce(v.note, n.note, h.note) AS note,
                  coalesce(v.target_id, n.record_id, h.target_id) AS record_id,
                  CAST(coalesce(v.n, n.n, h.n, 0) AS INTEGER) AS n_sources,
                  CASE WHEN v.province IS NOT NULL THEN 'value'
                       WHEN n.province IS NOT NULL THEN 'plan_sets_none'
                       WHEN h.province IS NOT NULL THEN 'unverified_hidden'
                       ELSE 'no_target_found' END AS state,
                  v.conflicts,
                  CASE WHEN v.province IS NOT NULL AND n.province IS NOT NULL
                       THEN {'plan_title': n.plan_title, 'status': n.status} END AS conflicting_no_target
           FROM provinces p
           LEFT JOIN v ON v.province = p.province
           LEFT JOIN (SELECT * FROM none WHERE rn = 1) n ON n.province = p.province
           LEFT JOIN (SELECT * FROM hidden WHERE rn = 1) h ON h.province = p.province
           WHERE p.has_plan_data
           ORDER BY p.sort_order""",
        {"indicator": indicator, "unverified": bool(include_unverified), "year": int(target_year)},
    )


def national_benchmark(con: duckdb.DuckDBPyConnection, indicator: str) -> pd.DataFrame:
    """The 全国 row(s) for one indicator (core industries 10 % of GDP by 2025, from 7.8 % in 2020); may be empty."""
    return fetch(
        con,
        """SELECT value_n AS value, unit_n AS unit, comparator, baseline_n AS baseline_value, baseline_year,
                   target_year, plan_title, issuer, issue_date, status, source_url, source_publisher, note, target_id
            FROM headline_targets_n t
            WHERE province = '全国' AND indicator = $indicator
            ORDER BY status_rank, issue_date DESC NULLS LAST, target_id""",
        {"indicator": indicator},
    )


def headline_table(con: duckdb.DuckDBPyConnection, include_unverified: bool) -> pd.DataFrame:
    """Every curated headline target with its plan, status and source (全国 first), for tables and downloads."""
    return fetch(
        con,
        """SELECT t.target_id, t.province, p.name_full, p.name_en, t.indicator, t.comparator, t.value, t.unit,
                   t.value_n AS value_normalised, t.unit_n AS unit_normalised, t.target_year,
                   t.baseline_value, t.baseline_year, t.plan_title, t.issuer, t.issue_date, t.status,
                   t.source_url, t.source_publisher, t.note, t.method, t.rule_id,
                   count(*) OVER (PARTITION BY t.province, t.indicator) > 1
                       AND count(DISTINCT t.value_n) OVER (PARTITION BY t.province, t.indicator) > 1 AS conflict
            FROM headline_targets_n t JOIN provinces p USING (province)
            WHERE $unverified OR t.status <> 'unverified'
            ORDER BY p.sort_order, t.indicator, t.status_rank, t.target_id""",
        {"unverified": bool(include_unverified)},
    )


def no_target_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Curated records that a plan was read and sets no such target ("the plan sets none")."""
    return fetch(
        con,
        """SELECT n.*, p.name_full, p.name_en FROM headline_no_target n JOIN provinces p USING (province)
           ORDER BY p.sort_order, n.indicator, n.record_id""",
    )


def conflict_text(conflicts: object, no_target: object, lang: str) -> str | None:
    """The other curated sources of a headline value, in the UI's language ('≥13.5% · 某规划 · 官方来源'), or None."""
    parts = []
    if hasattr(conflicts, "__iter__") and not isinstance(conflicts, str | dict):
        for c in conflicts:  # type: ignore[union-attr]
            value = f"{COMPARATOR_SYMBOLS.get(c['comparator'], '')}{c['value']:g}"
            unit = unit_label(c["unit"], lang)
            value += unit if unit == "%" else f" {unit}"
            parts.append(f"{value} · {c['plan_title']} · {t('headline_status_' + c['status'], lang)}")
    if isinstance(no_target, dict):
        label = t("headline_conflict_no_target", lang)
        parts.append(f"{label} · {no_target['plan_title']} · {t('headline_status_' + no_target['status'], lang)}")
    return " | ".join(parts) or None
