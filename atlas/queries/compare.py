"""What was found for a set of provinces, and the side-by-side comparison built from it.

``attribute_summary`` (one row per item and province, with evidence counts, and every target whole) feeds both the
Compare page and the Province profile; ``item_evidence`` brings the spans of one item with their context when a cell
is opened, and ``source_rows`` every span for the sources table and the downloads. ``comparison_table`` and
``sources_table`` are pure functions over those frames, so what the page shows and what the downloads contain are
the same object. Aggregation happens in SQL: at scale one province carries tens of thousands of evidence spans.
"""

from __future__ import annotations

import math
from typing import Any

import duckdb
import pandas as pd

from atlas.db import fetch
from atlas.i18n import COMPARATOR_SYMBOLS, bilingual, doc_type_label, indicator_label, period_label, t
from atlas.units import unit_label

ATTRIBUTE_TYPES = ("theme", "industry", "platform", "target")
CONTEXT_CHARS = 40
STATUS_ORDER = {"shared": 0, "partial": 1, "unique": 2}

# Only documents of the chosen types ($types NULL = every type): a comparison never silently mixes a plan digest
# with a work report (the macros doc_of_type / curated_of_type in database/schema.sql; curated headline targets come
# from 十四五 plans, so they count as a plan or plan digest).

# Every rule-extracted span of the three named-item types (theme, industry, platform), for the chosen provinces only:
# the province predicate sits inside each branch so DuckDB filters each table before anything is combined.
_ITEM_ROWS = """
    SELECT 'theme' AS attr, theme_id AS item_key, province, doc_id, section_id, start_pos, end_pos, quote, method,
           rule_id, NULL::VARCHAR AS detail, note, correction_id
    FROM theme_evidence WHERE list_contains($provinces, province) AND doc_of_type(doc_id, $types)
    UNION ALL
    SELECT 'industry', name, province, doc_id, section_id, start_pos, end_pos, quote, method, rule_id, NULL, note,
           correction_id
    FROM focus_industries WHERE list_contains($provinces, province) AND doc_of_type(doc_id, $types)
    UNION ALL
    SELECT 'platform', name, province, doc_id, section_id, start_pos, end_pos, quote, method, rule_id, kind, note,
           correction_id
    FROM platforms WHERE list_contains($provinces, province) AND doc_of_type(doc_id, $types)
"""

# Item labels: theme names and order from the taxonomy, the industry's English name (one entity, one name).
_ITEM_LABELS = """
    SELECT 'theme' AS attr, theme_id AS item_key, name_zh AS item_zh, name_en AS item_en, sort_order AS item_order
    FROM themes
    UNION ALL
    SELECT 'industry', name, name, min(name_en), NULL FROM focus_industries
    WHERE list_contains($provinces, province) GROUP BY name
"""

# Every target row (rule-extracted from a document, or a curated headline target) with all its fields: targets are
# few (a handful per section), so they travel whole.
_TARGET_ROWS = """
    SELECT 'target' AS attr, t.indicator AS item_key, t.value, t.value_max, t.unit, t.comparator, t.target_year,
           t.province, t.doc_id, d.title AS doc_title, d.title_en AS doc_title_en, t.section_id, t.start_pos,
           t.end_pos, t.quote, t.method, t.rule_id, t.note, t.correction_id, d.doc_type, d.period_start, d.period_end
    FROM targets t LEFT JOIN (SELECT doc_id, title, title_en, doc_type, period_start, period_end FROM documents) d
        USING (doc_id)
    WHERE list_contains($provinces, t.province) AND ($types IS NULL OR list_contains($types, d.doc_type))
    UNION ALL BY NAME
    SELECT 'target' AS attr, indicator AS item_key, value, unit, comparator, target_year, baseline_value,
           baseline_year, province, method, rule_id, note, plan_title AS source_title, source_url,
           status AS verification
    FROM headline_targets WHERE list_contains($provinces, province) AND curated_of_type($types)
"""


def attribute_summary(
    con: duckdb.DuckDBPyConnection, provinces: list[str] | tuple[str, ...], doc_types: list[str] | None = None
) -> pd.DataFrame:
    """What was found for the given provinces, one row per (attr, item, province), and every target row whole.

    Theme / industry / platform rows carry ``n`` (evidence spans), ``n_curated``, ``method`` ('curated' when any
    span is curated), the distinct quotes and rule ids (lists) in document order, and the
    platform kind (``detail``). Target rows are the stated targets themselves (n = 1) with their provenance and the
    curated-source fields. Aggregated in SQL because a province can carry tens of thousands of spans at scale; the
    spans themselves come from ``item_evidence`` (one item, with context) and ``source_rows`` (downloads).
    """
    sql = f"""
        WITH ev AS ({_ITEM_ROWS}),
        by_quote AS (  -- k: where a quote / rule first appears, in document order
            SELECT attr, item_key, province, quote, min({{'d': doc_id, 's': start_pos, 'r': rule_id}}) AS k,
                   count(*) AS n, count(*) FILTER (WHERE method = 'curated') AS n_curated,
                   arg_min(detail, {{'d': doc_id, 's': start_pos, 'r': rule_id}}) AS detail
            FROM ev GROUP BY ALL),
        by_rule AS (
            SELECT attr, item_key, province, rule_id, min({{'d': doc_id, 's': start_pos, 'r': rule_id}}) AS k
            FROM ev GROUP BY ALL),
        items AS (
            SELECT attr, item_key, province, sum(n)::BIGINT AS n, sum(n_curated)::BIGINT AS n_curated,
                   arg_min(detail, k) AS detail, list(quote ORDER BY k) AS quotes
            FROM by_quote GROUP BY ALL),
        rules AS (
            SELECT attr, item_key, province, list(rule_id ORDER BY k) AS rule_ids
            FROM by_rule GROUP BY ALL),
        labels AS ({_ITEM_LABELS})
        SELECT i.attr, i.item_key, coalesce(l.item_zh, i.item_key) AS item_zh, l.item_en, l.item_order, i.detail,
               i.province, i.n, i.n_curated, CASE WHEN i.n_curated > 0 THEN 'curated' ELSE 'rule' END AS method,
               i.quotes, r.rule_ids
        FROM items i JOIN rules r USING (attr, item_key, province) LEFT JOIN labels l USING (attr, item_key)
        UNION ALL BY NAME
        SELECT *, 1::BIGINT AS n, CASE WHEN method = 'curated' THEN 1 ELSE 0 END::BIGINT AS n_curated,
               [quote] AS quotes, [rule_id] AS rule_ids
        FROM ({_TARGET_ROWS})
        ORDER BY attr, province, item_key, doc_id NULLS LAST, start_pos NULLS LAST, rule_ids[1]"""
    return fetch(con, sql, {"provinces": list(provinces), "types": _types(doc_types)})


def _types(doc_types: list[str] | tuple[str, ...] | None) -> list[str] | None:
    return list(doc_types) if doc_types else None


def item_evidence(
    con: duckdb.DuckDBPyConnection,
    attr: str,
    item_key: str,
    provinces: list[str] | tuple[str, ...],
    limit: int | None = None,
    doc_types: list[str] | None = None,
) -> pd.DataFrame:
    """Evidence rows of one item (a theme / industry / platform / target indicator) in the given provinces.

    Columns: labels, target fields, provenance (document, section, offsets, quote, method, rule_id, note,
    correction_id), curated-source fields, and 40 characters of context on each side. ``limit`` keeps the first rows
    in document order. The context is cut in Python from the few documents involved: DuckDB's substr walks a UTF-8
    string from its start, so cutting thousands of contexts in SQL costs far more than reading the texts once.
    """
    sql = f"""
        WITH ev AS (
            SELECT * FROM ({_ITEM_ROWS}) WHERE attr = $attr AND item_key = $item
            UNION ALL BY NAME
            SELECT * FROM ({_TARGET_ROWS}) WHERE $attr = 'target' AND item_key = $item),
        labels AS ({_ITEM_LABELS})
        SELECT ev.attr, ev.item_key, coalesce(l.item_zh, ev.item_key) AS item_zh, l.item_en, l.item_order, ev.detail,
               ev.province, ev.value, ev.value_max, ev.unit, ev.comparator, ev.target_year, ev.baseline_value,
               ev.baseline_year, ev.doc_id, d.title AS doc_title, d.title_en AS doc_title_en, d.doc_type AS doc_kind,
               ev.section_id,
               ev.start_pos, ev.end_pos, ev.quote, ev.method, ev.rule_id, ev.note, ev.correction_id, ev.source_title,
               ev.source_url, ev.verification
        FROM ev LEFT JOIN labels l USING (attr, item_key)
        LEFT JOIN (SELECT doc_id, title, title_en, doc_type FROM documents) d USING (doc_id)
        ORDER BY ev.province, ev.doc_id NULLS LAST, ev.start_pos NULLS LAST, ev.rule_id
        LIMIT $limit"""
    params = {"provinces": list(provinces), "attr": attr, "item": item_key, "limit": limit, "types": _types(doc_types)}
    rows = fetch(con, sql, params)
    docs = sorted({d for d in rows["doc_id"] if isinstance(d, str)})
    texts: dict[str, str] = {}
    if docs:
        found = fetch(con, "SELECT doc_id, text FROM documents WHERE list_contains($docs, doc_id)", {"docs": docs})
        texts = dict(zip(found["doc_id"], found["text"], strict=True))
    left, right = [], []
    for doc, start, end in zip(rows["doc_id"], rows["start_pos"], rows["end_pos"], strict=True):
        text = texts.get(doc) if isinstance(doc, str) else None
        if text is None or pd.isna(start):
            left.append(None)
            right.append(None)
            continue
        left.append(text[max(int(start) - CONTEXT_CHARS, 0) : int(start)])
        right.append(text[int(end) : int(end) + CONTEXT_CHARS])
    return rows.assign(
        left_ctx=pd.Series(left, index=rows.index, dtype=object),
        right_ctx=pd.Series(right, index=rows.index, dtype=object),
    )


def source_rows(
    con: duckdb.DuckDBPyConnection, provinces: list[str] | tuple[str, ...], doc_types: list[str] | None = None
) -> pd.DataFrame:
    """One row per evidence span / curated record for the given provinces, without context: what the sources
    table and the downloads list. Document titles come from a small per-document lookup, never the text.
    """
    sql = f"""
        WITH labels AS ({_ITEM_LABELS}),
        rows AS (
            SELECT ev.attr, ev.item_key, coalesce(l.item_zh, ev.item_key) AS item_zh, l.item_en, ev.province,
                   ev.doc_id, d.title AS doc_title, d.title_en AS doc_title_en, d.doc_type, d.period_start,
                   d.period_end, ev.start_pos,
                   ev.end_pos, ev.quote, ev.method, ev.rule_id, ev.note
            FROM ({_ITEM_ROWS}) ev LEFT JOIN labels l USING (attr, item_key)
            LEFT JOIN (SELECT doc_id, title, title_en, doc_type, period_start, period_end FROM documents) d
                USING (doc_id)
            UNION ALL BY NAME
            SELECT * FROM ({_TARGET_ROWS}))
        SELECT r.*, p.name_en AS province_en FROM rows r LEFT JOIN provinces p USING (province)
        ORDER BY attr, province, item_key, doc_id NULLS LAST, start_pos NULLS LAST, rule_id"""
    return fetch(con, sql, {"provinces": list(provinces), "types": _types(doc_types)})


def coverage(
    con: duckdb.DuckDBPyConnection, provinces: list[str] | tuple[str, ...], doc_types: list[str] | None = None
) -> pd.DataFrame:
    """Per requested province: English name and how many sections (of documents of the chosen types) / curated
    targets speak for it.

    A province with no section has *missing* themes, industries and platforms (not zero); its targets are missing
    unless a curated headline target exists.
    """
    return fetch(
        con,
        """SELECT p.province, p.name_en, p.sort_order,
                  (SELECT count(*) FROM sections s
                   WHERE s.province = p.province AND doc_of_type(doc_id, $types)) AS n_sections,
                  (SELECT count(DISTINCT doc_id) FROM sections s
                   WHERE s.province = p.province AND doc_of_type(doc_id, $types)) AS n_documents,
                  (SELECT count(*) FROM headline_targets h WHERE h.province = p.province AND curated_of_type($types))
                      AS n_curated_targets
           FROM provinces p WHERE list_contains($provinces, p.province) ORDER BY p.sort_order""",
        {"provinces": list(provinces), "types": _types(doc_types)},
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


def format_target(row: pd.Series | dict, lang: str = "zh") -> str:
    """'≥60%（2025）' ('≥60% (2025)' in English) for one target row, unit in the UI's language; curated ends in ✎."""
    value, value_max = _num(row.get("value")), _num(row.get("value_max"))
    if value is None:
        text = str(row.get("quote") or "")
    else:
        text = COMPARATOR_SYMBOLS.get(str(row.get("comparator") or ""), "") + _fmt_number(value)
        if value_max is not None:
            text += "–" + _fmt_number(value_max)
        unit = unit_label(row.get("unit"), lang)
        if unit:
            text += unit if unit == "%" else f" {unit}"
    year = _num(row.get("target_year"))
    if year is not None:
        text += f"（{int(year)}）" if lang == "zh" else f" ({int(year)})"
    if row.get("method") == "curated":
        text += " ✎"
    return text


def item_label(row: pd.Series | dict, lang: str) -> str:
    """Display label of an item: bilingual theme / industry names, readable target indicators."""
    if row["attr"] == "target":
        return indicator_label(str(row["item_key"]), lang)
    zh = row.get("item_zh")
    zh = zh if isinstance(zh, str) and zh else str(row["item_key"])  # NaN is truthy: test the type
    en = row.get("item_en")
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

    ``evidence`` is ``attribute_summary`` (rows counted by their ``n``) or any span-level frame (one per row).

    Columns of the returned table, all display text: item, shared/unique, then one column per province (bilingual
    label, in ``cov`` order). ``show``: 'all', 'shared' (in every selected province) or 'diff' (everything else).
    """
    provinces = list(cov["province"])
    labels = {p: province_label(p, e, lang) for p, e in zip(cov["province"], cov["name_en"], strict=True)}
    covered = covered_for(cov, attr)
    item_col, status_col = t("compare_col_item", lang), t("compare_col_status", lang)
    columns = [item_col, status_col, *(labels[p] for p in provinces)]
    ev = evidence[evidence["attr"] == attr]
    weighted = "n" in ev.columns
    groups: dict[Any, list[dict[str, Any]]] = {}  # plain dicts: per-group pandas indexing dominated at scale
    for r in ev.to_dict("records"):
        groups.setdefault(r["item_key"], []).append(r)
    rows: list[dict[str, Any]] = []
    for key, group in groups.items():
        first = group[0]
        by_province: dict[str, list[dict[str, Any]]] = {}
        for r in group:
            by_province.setdefault(r["province"], []).append(r)
        present = [p for p in provinces if p in by_province]
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
            cell = by_province.get(p, [])
            if p not in covered:
                row[labels[p]] = t("compare_missing", lang)
            elif not cell:
                row[labels[p]] = ""
            elif attr == "target":
                sep = "；" if lang == "zh" else "; "
                row[labels[p]] = sep.join(dict.fromkeys(format_target(r, lang) for r in cell))
            else:
                row[labels[p]] = f"✓ {sum(int(r['n']) for r in cell) if weighted else len(cell)}"
        order = _num(first.get("item_order"))
        total = sum(int(r["n"]) for r in group) if weighted else len(group)
        rows.append(
            {
                **row,
                "_code": code,
                "_key": key,
                "_sort": (STATUS_ORDER[code], -k, order if order is not None else 1e9, -total),
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


def _text(series: pd.Series) -> pd.Series:
    """Strings as they are, anything else (missing) as ''."""
    return series.map(lambda v: v if isinstance(v, str) else "").astype(object)


def _province(province: str, name_en: object, lang: str) -> str:
    return bilingual(province, name_en if isinstance(name_en, str) else None, lang)


def sources_table(evidence: pd.DataFrame, lang: str, items: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Provenance of every fact behind a comparison: type, item, province, document and its type, quote, method,
    rule, position.

    ``evidence`` is span-level (``source_rows``). ``items`` limits the rows to attr → visible item keys (what the
    page shows); None keeps everything. Column-wise, not row by row: at scale this is tens of thousands of rows.
    """
    ev = evidence
    if items is not None:
        keep = pd.Series(False, index=ev.index)
        for attr, keys in items.items():
            keep |= (ev["attr"] == attr) & ev["item_key"].isin(keys)
        ev = ev[keep]
    ev = ev.reset_index(drop=True)
    columns = [
        t(k, lang)
        for k in (
            "compare_col_type", "compare_col_item", "compare_col_province", "compare_col_document",
            "compare_col_doc_type", "compare_col_quote", "compare_col_method", "compare_col_rule",
            "compare_col_position", "compare_col_note", "compare_col_url",
        )
    ]  # fmt: skip
    if ev.empty:
        return pd.DataFrame(columns=columns)

    def col(name: str) -> pd.Series:
        return ev[name] if name in ev.columns else pd.Series([None] * len(ev), index=ev.index, dtype=object)

    from_doc = col("doc_id").map(lambda v: isinstance(v, str))
    curated_source = (col("method") == "curated") & ~from_doc
    title = _text(col("doc_title"))
    if lang == "en":
        title_en = _text(col("doc_title_en"))
        title = title_en.where(title_en != "", title)
    document = title.where(~curated_source, _text(col("source_title")))
    quote = _text(col("quote")).where(~curated_source, "")
    is_target = curated_source & (ev["attr"] == "target")
    if is_target.any():
        quote = quote.copy()
        quote[is_target] = [format_target(r, lang) for r in ev[is_target].to_dict("records")]
    start, end = col("start_pos"), col("end_pos")
    has_pos = start.notna() & ~curated_source
    position = pd.Series("", index=ev.index, dtype=object)
    position[has_pos] = [f"{int(a)}–{int(b)}" for a, b in zip(start[has_pos], end[has_pos], strict=True)]
    note = _text(col("note"))
    verification = _text(col("verification"))
    if (verification != "").any():
        status = verification.map(lambda v: t(f"compare_status_{v}", lang) if v else "")
        sep = "；" if lang == "zh" else "; "
        note = pd.Series([sep.join(x for x in pair if x) for pair in zip(status, note, strict=True)], index=ev.index)
    keys = ["attr", "item_key", "item_zh", "item_en"]
    label_rows = ev.reindex(columns=keys).astype(object).where(ev.reindex(columns=keys).notna(), None)
    labels = {k: item_label(dict(zip(keys, k, strict=True)), lang) for k in set(map(tuple, label_rows.to_numpy()))}
    period = [period_label(a, b) for a, b in zip(col("period_start"), col("period_end"), strict=True)]
    doc_type = pd.Series(
        [
            (doc_type_label(c, lang) + (f" · {p}" if p else "")) if isinstance(c, str) else ""
            for c, p in zip(col("doc_type"), period, strict=True)
        ],
        index=ev.index,
        dtype=object,
    )
    doc_type = doc_type.where(~curated_source, doc_type_label("plan", lang))  # curated targets come from plans
    values = [
        ev["attr"].map(lambda a: t(f"compare_attr_{a}", lang)),
        [labels[tuple(k)] for k in label_rows.to_numpy()],
        [_province(p, e, lang) for p, e in zip(ev["province"], col("province_en"), strict=True)],
        document,
        doc_type,
        quote,
        col("method").map(lambda m: method_label(m, lang)),
        col("rule_id").astype(str),
        position,
        note,
        _text(col("source_url")),
    ]
    out = dict(zip(columns, values, strict=True))
    return pd.DataFrame(out, columns=columns)


def cell_evidence(evidence: pd.DataFrame, attr: str, item_key: str, province: str | None) -> pd.DataFrame:
    """The evidence rows behind one table cell (or, with province None, behind a whole item row)."""
    ev = evidence[(evidence["attr"] == attr) & (evidence["item_key"] == item_key)]
    if province is not None:
        ev = ev[ev["province"] == province]
    return ev
