"""Plan → outcome → next per province and indicator (the `delivery` view / `delivery_for` macro of the build).

Every cell carries its document, span and method; a missing value is NULL, shown as missing. The status is
computed once, in the database (database/schema.sql), never re-derived here.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from atlas.db import fetch
from atlas.i18n import COMPARATOR_SYMBOLS, t
from atlas.units import unit_label

STATUSES = ("met", "not_met", "lower_bound", "not_comparable", "no_number", "no_outcome", "no_target")
SIDES = ("target", "outcome", "next")


def delivery_indicators(con: duckdb.DuckDBPyConnection, include_unverified: bool) -> pd.DataFrame:
    """The indicators with any province's target, outcome or next target, with how many provinces have each side
    and how many outcomes are curated vs rule-extracted; headline indicators (those with targets) first."""
    return fetch(
        con,
        """SELECT indicator_id, any_value(indicator_zh) AS name_zh, any_value(indicator_en) AS name_en,
                  count(target_value) AS n_target, count(outcome_value) AS n_outcome, count(next_value) AS n_next,
                  count(*) FILTER (WHERE outcome_method = 'curated') AS n_outcome_curated,
                  count(*) FILTER (WHERE outcome_method = 'rule') AS n_outcome_rule,
                  count(*) FILTER (WHERE status IN ('met', 'not_met')) AS n_judged
           FROM delivery_for($unverified) GROUP BY indicator_id
           ORDER BY n_target DESC, n_outcome DESC, n_next DESC, indicator_id""",
        {"unverified": bool(include_unverified)},
    )


def delivery_rows(con: duckdb.DuckDBPyConnection, indicator_id: str, include_unverified: bool) -> pd.DataFrame:
    """The 31 plan provinces for one indicator: target, outcome and next target with their sources, and a status."""
    return fetch(
        con,
        """SELECT * FROM delivery_for($unverified) WHERE indicator_id = $indicator ORDER BY sort_order""",
        {"indicator": indicator_id, "unverified": bool(include_unverified)},
    )


def provinces_rows(
    con: duckdb.DuckDBPyConnection, provinces: list[str] | tuple[str, ...], include_unverified: bool = False
) -> pd.DataFrame:
    """Delivery rows of the given provinces, only indicators where any of them has a target, outcome or next."""
    return fetch(
        con,
        """SELECT * FROM delivery_for($unverified)
           WHERE list_contains($provinces, province)
             AND indicator_id IN (SELECT indicator_id FROM delivery_for($unverified)
                                  WHERE list_contains($provinces, province)
                                    AND (target_value IS NOT NULL OR outcome_value IS NOT NULL
                                         OR next_value IS NOT NULL))
           ORDER BY indicator_id, sort_order""",
        {"provinces": list(provinces), "unverified": bool(include_unverified)},
    )


# ---------------------------------------------------------------- pure helpers (no database) below


def side_value(row: pd.Series | dict, side: str, lang: str) -> str | None:
    """'≥10%（2025）' for one side of a delivery row, in the UI's language; None when that side is missing."""
    value = row.get(f"{side}_value")
    if value is None or value != value:  # NULL arrives as None or NaN
        return None
    comparator = COMPARATOR_SYMBOLS.get(str(row.get(f"{side}_comparator") or ""), "")
    number = f"{value:,.0f}" if float(value).is_integer() and abs(value) >= 1000 else f"{value:g}"
    unit = unit_label(row.get(f"{side}_unit"), lang)
    text = f"{comparator}{number}" + (unit if unit == "%" or not unit else f" {unit}")
    year = row.get(f"{side}_year")
    if isinstance(year, int | float) and year == year:
        text += f"（{int(year)}）" if lang == "zh" else f" ({int(year)})"
    return text


def side_source(row: pd.Series | dict, side: str, lang: str) -> str | None:
    """Where one side comes from: document title, character span, method and rule (with the model score)."""
    method = row.get(f"{side}_method")
    if not isinstance(method, str):
        return None
    title = row.get(f"{side}_source")
    parts = [str(title)] if isinstance(title, str) else []
    start, end = row.get(f"{side}_start"), row.get(f"{side}_end")
    if isinstance(start, int | float) and start == start:
        parts.append(t("delivery_chars", lang).format(start=int(start), end=int(end)))
    parts.append(t("compare_method_curated" if method == "curated" else "compare_method_rule", lang))
    rule = str(row.get(f"{side}_rule") or "")
    score = row.get(f"{side}_score")
    if isinstance(score, float) and score == score:
        rule += " · " + t("delivery_score", lang).format(score=score)
    parts.append(rule)
    return " · ".join(p for p in parts if p)


def status_label(status: str, lang: str) -> str:
    return t(f"delivery_status_{status}", lang)


def delivery_table(rows: pd.DataFrame, lang: str, province_label: dict[str, str]) -> pd.DataFrame:
    """The visible table (and the download): one row per province, display text only, missing as the word missing."""
    missing = t("missing", lang)
    out = []
    for r in rows.to_dict("records"):
        record = {
            t("col_province", lang): province_label.get(r["province"], r["province"]),
            t("delivery_col_status", lang): status_label(r["status"], lang),
        }
        for side in SIDES:
            record[t(f"delivery_col_{side}", lang)] = side_value(r, side, lang) or missing
            quote = r.get(f"{side}_quote")
            record[t(f"delivery_col_{side}_quote", lang)] = quote if isinstance(quote, str) else ""
            record[t(f"delivery_col_{side}_source", lang)] = side_source(r, side, lang) or ""
        out.append(record)
    columns = [t("col_province", lang), t("delivery_col_status", lang)]
    for side in SIDES:
        columns += [t(f"delivery_col_{side}", lang), t(f"delivery_col_{side}_quote", lang)]
        columns.append(t(f"delivery_col_{side}_source", lang))
    return pd.DataFrame(out, columns=columns)


def value_columns(lang: str) -> list[str]:
    """The on-screen table's columns: province, status and the three values (quotes and sources are in
    quote_table, one row per side, so the table fits the page)."""
    return [t("col_province", lang), t("delivery_col_status", lang), *(t(f"delivery_col_{s}", lang) for s in SIDES)]


def quote_table(rows: pd.DataFrame, lang: str, province_label: dict[str, str]) -> pd.DataFrame:
    """Quotes and sources beside the table: one row per province and side that has a quote (the quote in the
    original Chinese), display text only."""
    out = []
    for r in rows.to_dict("records"):
        for side in SIDES:
            quote = r.get(f"{side}_quote")
            if not isinstance(quote, str):
                continue
            out.append(
                {
                    t("col_province", lang): province_label.get(r["province"], r["province"]),
                    t("delivery_col_side", lang): t(f"delivery_col_{side}", lang),
                    t("delivery_col_quote", lang): quote,
                    t("delivery_col_source", lang): side_source(r, side, lang) or t("missing", lang),
                }
            )
    columns = [t(k, lang) for k in ("col_province", "delivery_col_side", "delivery_col_quote", "delivery_col_source")]
    return pd.DataFrame(out, columns=columns)


def sources_sheet(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every cell's provenance, one row per (province, side) that has a value: the XLSX 'sources' sheet."""
    out = []
    for r in rows.to_dict("records"):
        for side in SIDES:
            if not isinstance(r.get(f"{side}_method"), str):
                continue
            out.append(
                {
                    "province": r["province"],
                    "indicator_id": r["indicator_id"],
                    "side": side,
                    "value": r.get(f"{side}_value"),
                    "unit": r.get(f"{side}_unit"),
                    "comparator": r.get(f"{side}_comparator"),
                    "year": r.get(f"{side}_year"),
                    "doc_id": r.get(f"{side}_doc_id"),
                    "start_pos": r.get(f"{side}_start"),
                    "end_pos": r.get(f"{side}_end"),
                    "quote": r.get(f"{side}_quote"),
                    "source": r.get(f"{side}_source"),
                    "method": r.get(f"{side}_method"),
                    "rule_id": r.get(f"{side}_rule"),
                    "score": r.get(f"{side}_score"),
                    "status": r["status"],
                }
            )
    return pd.DataFrame(out)


def chain_text(row: pd.Series | dict, lang: str) -> str:
    """'≥10%（2025） → 9.2%（2025） → 10%（2026） · 未达成': target → outcome → next and the status, missing as 缺失."""
    missing = t("missing", lang)
    sides = " → ".join(side_value(row, side, lang) or missing for side in SIDES)
    return f"{sides} · {status_label(str(row['status']), lang)}"


def comparison(rows: pd.DataFrame, lang: str, province_label: dict[str, str]) -> pd.DataFrame:
    """Indicators × provinces, each cell target → outcome → next with the status: the Compare page's delivery tab."""
    provinces = list(dict.fromkeys(rows["province"]))
    item = t("compare_col_item", lang)
    out = []
    for _, group in rows.groupby("indicator_id", sort=False):
        first = group.iloc[0]
        record = {item: first["indicator_en"] if lang == "en" else first["indicator_zh"]}
        by = {r["province"]: r for r in group.to_dict("records")}
        for p in provinces:
            record[province_label.get(p, p)] = chain_text(by[p], lang) if p in by else t("missing", lang)
        out.append(record)
    return pd.DataFrame(out, columns=[item, *(province_label.get(p, p) for p in provinces)])


def province_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One province's indicators: target, outcome, next (with quotes) and the status: the Province page's tab."""
    out = []
    for r in rows.to_dict("records"):
        record = {t("compare_col_item", lang): r["indicator_en"] if lang == "en" else r["indicator_zh"]}
        record[t("delivery_col_status", lang)] = status_label(r["status"], lang)
        for side in SIDES:
            record[t(f"delivery_col_{side}", lang)] = side_value(r, side, lang) or t("missing", lang)
            quote = r.get(f"{side}_quote")
            record[t(f"delivery_col_{side}_quote", lang)] = quote if isinstance(quote, str) else ""
        out.append(record)
    columns = [t("compare_col_item", lang), t("delivery_col_status", lang)]
    for side in SIDES:
        columns += [t(f"delivery_col_{side}", lang), t(f"delivery_col_{side}_quote", lang)]
    return pd.DataFrame(out, columns=columns)
