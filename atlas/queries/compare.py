"""Attribute evidence for a set of provinces, and the side-by-side comparison built from it.

One long evidence frame (every theme span, industry / platform mention, rule-extracted target and curated headline
target, each with its provenance) feeds both the Compare page and the Province profile. ``comparison_table`` and
``sources_table`` are pure functions over that frame, so what the page shows and what the downloads contain are
the same object.
"""

from __future__ import annotations

import math
from typing import Any

import duckdb
import pandas as pd

from atlas.db import fetch
from atlas.i18n import bilingual, t

ATTRIBUTE_TYPES = ("theme", "industry", "platform", "target")
CONTEXT_CHARS = 40
STATUS_ORDER = {"shared": 0, "partial": 1, "unique": 2}
_COMPARATOR_SYMBOLS = {"=": "", ">": ">", ">=": "≥", "~": "≈", "<": "<", "<=": "≤", "level": ""}

_EVIDENCE_SQL = """
WITH ev AS (
    SELECT 'theme' AS attr, e.theme_id AS item_key, th.name_zh AS item_zh, th.name_en AS item_en,
           th.sort_order AS item_order, e.province, e.doc_id, e.section_id, e.start_pos, e.end_pos, e.quote,
           e.method, e.rule_id, e.note, e.correction_id
    FROM theme_evidence e JOIN themes th USING (theme_id)
    UNION ALL BY NAME
    SELECT 'industry' AS attr, name AS item_key, name AS item_zh, name_en AS item_en, province, doc_id, section_id,
           start_pos, end_pos, quote, method, rule_id, note, correction_id
    FROM focus_industries
    UNION ALL BY NAME
    SELECT 'platform' AS attr, name AS item_key, name AS item_zh, kind AS detail, province, doc_id, section_id,
           start_pos, end_pos, quote, method, rule_id, note, correction_id
    FROM platforms
    UNION ALL BY NAME
    SELECT 'target' AS attr, indicator AS item_key, value, value_max, unit, comparator, target_year, province,
           doc_id, section_id, start_pos, end_pos, quote, method, rule_id, note, correction_id
    FROM targets
    UNION ALL BY NAME
    SELECT 'target' AS attr, indicator AS item_key, value, unit, comparator, target_year, baseline_value,
           baseline_year, province, method, rule_id, note, plan_title AS source_title, source_url,
           status AS verification
    FROM headline_targets
)
SELECT ev.attr, ev.item_key, ev.item_zh, ev.item_en, ev.item_order, ev.detail, ev.province,
       ev.value, ev.value_max, ev.unit, ev.comparator, ev.target_year, ev.baseline_value, ev.baseline_year,
       ev.doc_id, d.title AS doc_title, d.title_en AS doc_title_en, ev.section_id, ev.start_pos, ev.end_pos,
       ev.quote, ev.method, ev.rule_id, ev.note, ev.correction_id, ev.source_title, ev.source_url, ev.verification,
       substr(d.text, greatest(ev.start_pos - $ctx, 0) + 1, ev.start_pos - greatest(ev.start_pos - $ctx, 0))
           AS left_ctx,
       substr(d.text, ev.end_pos + 1, $ctx) AS right_ctx
FROM ev LEFT JOIN documents d USING (doc_id)
WHERE list_contains($provinces, ev.province)
ORDER BY ev.attr, ev.province, ev.item_key, ev.doc_id NULLS LAST, ev.start_pos NULLS LAST, ev.rule_id
"""


def attribute_evidence(con: duckdb.DuckDBPyConnection, provinces: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """One row per evidence span / curated record of every attribute type for the given provinces.

    Columns: attr (theme/industry/platform/target), item_key, labels, target fields, provenance (doc, section,
    offsets, quote, method, rule_id, note, correction_id), curated-source fields, and 40 characters of context.
    """
    return fetch(con, _EVIDENCE_SQL, {"provinces": list(provinces), "ctx": CONTEXT_CHARS})


def coverage(con: duckdb.DuckDBPyConnection, provinces: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Per requested province: English name and how many sections / curated targets speak for it.

    A province with no section has *missing* themes, industries and platforms (not zero); its targets are missing
    unless a curated headline target exists.
    """
    return fetch(
        con,
        """SELECT p.province, p.name_en, p.sort_order,
                  (SELECT count(*) FROM sections s WHERE s.province = p.province) AS n_sections,
                  (SELECT count(DISTINCT doc_id) FROM sections s WHERE s.province = p.province) AS n_documents,
                  (SELECT count(*) FROM headline_targets h WHERE h.province = p.province) AS n_curated_targets
           FROM provinces p WHERE list_contains($provinces, p.province) ORDER BY p.sort_order""",
        {"provinces": list(provinces)},
    )


# ---------------------------------------------------------------- pure helpers (no database) below


NATIONAL = "全国"


def selectable_provinces(provinces: pd.DataFrame) -> list[str]:
    """The pickable regions: the 31 plan provinces in reference order, then 全国 (the national benchmark) last.

    Last, not first: the first option is a selectbox's default, and a shared URL drops the default's parameter.
    """
    plan = provinces.loc[provinces["has_plan_data"]].sort_values("sort_order")["province"].tolist()
    return plan + ([NATIONAL] if (provinces["province"] == NATIONAL).any() else [])


def _num(v: Any) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _fmt_number(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) and abs(v) >= 1000 else f"{v:g}"


def format_target(row: pd.Series | dict) -> str:
    """'≥60%（2025）'-style text for one target row; the curated ones end in ✎."""
    value, value_max = _num(row.get("value")), _num(row.get("value_max"))
    if value is None:
        text = str(row.get("quote") or "")
    else:
        text = _COMPARATOR_SYMBOLS.get(str(row.get("comparator") or ""), "") + _fmt_number(value)
        if value_max is not None:
            text += "–" + _fmt_number(value_max)
        unit = row.get("unit")
        if isinstance(unit, str) and unit:
            text += unit if unit == "%" else f" {unit}"
    year = _num(row.get("target_year"))
    if year is not None:
        text += f"（{int(year)}）"
    if row.get("method") == "curated":
        text += " ✎"
    return text


def item_label(row: pd.Series | dict, lang: str) -> str:
    """Display label of an item: bilingual theme / industry names, readable target indicators."""
    if row["attr"] == "target":
        key = str(row["item_key"])
        if key.startswith("other:"):
            return key.split(":", 1)[1]
        label = t(f"compare_ind_{key}", lang)
        return key if label == f"compare_ind_{key}" else label
    zh, en = str(row.get("item_zh") or row["item_key"]), row.get("item_en")
    return bilingual(zh, en if isinstance(en, str) and en != zh else None, lang)


def province_label(province: str, name_en: str | None, lang: str) -> str:
    return bilingual(province, name_en, lang)


def covered_for(cov: pd.DataFrame, attr: str) -> set[str]:
    """Provinces whose sources can speak for this attribute type (others are 'missing', not empty)."""
    has = cov["n_sections"] > 0
    if attr == "target":
        has = has | (cov["n_curated_targets"] > 0)
    return set(cov.loc[has, "province"])


def comparison_table(
    evidence: pd.DataFrame, cov: pd.DataFrame, attr: str, lang: str, show: str = "all"
) -> tuple[pd.DataFrame, pd.Series]:
    """The visible comparison for one attribute type, and the status code of each row ('shared'/'partial'/'unique').

    Columns of the returned table, all display text: item, shared/unique, then one column per province (bilingual
    label, in ``cov`` order). ``show``: 'all', 'shared' (in every selected province) or 'diff' (everything else).
    """
    provinces = list(cov["province"])
    labels = {p: province_label(p, e, lang) for p, e in zip(cov["province"], cov["name_en"], strict=True)}
    covered = covered_for(cov, attr)
    item_col, status_col = t("compare_col_item", lang), t("compare_col_status", lang)
    columns = [item_col, status_col, *(labels[p] for p in provinces)]
    ev = evidence[evidence["attr"] == attr]
    rows: list[dict[str, Any]] = []
    for key, group in ev.groupby("item_key", sort=False):
        first = group.iloc[0]
        present = [p for p in provinces if (group["province"] == p).any()]
        if not present:
            continue
        n, k = len(provinces), len(present)
        code = "shared" if k == n else "unique" if k == 1 else "partial"
        if code == "shared":
            status = t("compare_status_shared", lang)
        elif code == "unique":
            status = t("compare_status_unique", lang).format(province=labels[present[0]])
        else:
            status = t("compare_status_partial", lang).format(k=k, n=n)
        row: dict[str, Any] = {item_col: item_label(first, lang), status_col: status}
        for p in provinces:
            cell = group[group["province"] == p]
            if p not in covered:
                row[labels[p]] = t("compare_missing", lang)
            elif cell.empty:
                row[labels[p]] = ""
            elif attr == "target":
                row[labels[p]] = "；".join(dict.fromkeys(format_target(r) for _, r in cell.iterrows()))
            else:
                row[labels[p]] = f"✓ {len(cell)}"
        order = first.get("item_order")
        rows.append(
            {
                **row,
                "_code": code,
                "_key": key,
                "_sort": (STATUS_ORDER[code], -k, _num(order) if _num(order) is not None else 1e9, -len(group)),
            }
        )
    if show == "shared":
        rows = [r for r in rows if r["_code"] == "shared"]
    elif show == "diff":
        rows = [r for r in rows if r["_code"] != "shared"]
    rows.sort(key=lambda r: (*r["_sort"], r[item_col]))
    table = pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)
    codes = pd.Series([r["_code"] for r in rows], dtype="object", name="status")
    table.attrs["item_keys"] = [r["_key"] for r in rows]
    table.attrs["provinces"] = dict(zip((labels[p] for p in provinces), provinces, strict=True))
    return table, codes


def method_label(method: Any, lang: str) -> str:
    return t("compare_method_curated" if method == "curated" else "compare_method_rule", lang)


def sources_table(evidence: pd.DataFrame, lang: str, items: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Provenance of every fact behind a comparison: type, item, province, document, quote, method, rule, position.

    ``items`` limits the rows to attr → visible item keys (what the page shows); None keeps everything.
    """
    ev = evidence
    if items is not None:
        keep = pd.Series(False, index=ev.index)
        for attr, keys in items.items():
            keep |= (ev["attr"] == attr) & ev["item_key"].isin(keys)
        ev = ev[keep]
    out: list[dict[str, Any]] = []
    for _, r in ev.iterrows():
        curated_source = r["method"] == "curated" and not isinstance(r.get("doc_id"), str)
        if curated_source:
            document = str(r.get("source_title") or "")
            quote = format_target(r) if r["attr"] == "target" else ""
            position = ""
        else:
            title_en = r.get("doc_title_en")
            document = str(title_en) if lang == "en" and isinstance(title_en, str) else str(r.get("doc_title") or "")
            quote = str(r.get("quote") or "")
            position = f"{int(r['start_pos'])}–{int(r['end_pos'])}" if _num(r.get("start_pos")) is not None else ""
        note = r.get("note") if isinstance(r.get("note"), str) else ""
        verification = r.get("verification")
        if isinstance(verification, str) and verification:
            note = "；".join(x for x in (t(f"compare_status_{verification}", lang), note) if x)
        out.append(
            {
                t("compare_col_type", lang): t(f"compare_attr_{r['attr']}", lang),
                t("compare_col_item", lang): item_label(r, lang),
                t("compare_col_province", lang): r["province"],
                t("compare_col_document", lang): document,
                t("compare_col_quote", lang): quote,
                t("compare_col_method", lang): method_label(r["method"], lang),
                t("compare_col_rule", lang): str(r["rule_id"]),
                t("compare_col_position", lang): position,
                t("compare_col_note", lang): note,
                t("compare_col_url", lang): r["source_url"] if isinstance(r.get("source_url"), str) else "",
            }
        )
    columns = [
        t(k, lang)
        for k in (
            "compare_col_type", "compare_col_item", "compare_col_province", "compare_col_document",
            "compare_col_quote", "compare_col_method", "compare_col_rule", "compare_col_position",
            "compare_col_note", "compare_col_url",
        )
    ]  # fmt: skip
    return pd.DataFrame(out, columns=columns)


def cell_evidence(evidence: pd.DataFrame, attr: str, item_key: str, province: str | None) -> pd.DataFrame:
    """The evidence rows behind one table cell (or, with province None, behind a whole item row)."""
    ev = evidence[(evidence["attr"] == attr) & (evidence["item_key"] == item_key)]
    if province is not None:
        ev = ev[ev["province"] == province]
    return ev
