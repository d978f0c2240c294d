"""One province's profile: who it is, which document sections speak for it (with their text), what was found there.

The attributes themselves come from atlas.queries.compare.attribute_evidence (the same facts the Compare page
shows); this module adds the province header and the section texts the matched spans are highlighted in.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from atlas.db import fetch
from atlas.highlight import Span
from atlas.i18n import t
from atlas.queries.compare import format_target, item_label, method_label


def province_info(con: duckdb.DuckDBPyConnection, province: str) -> pd.DataFrame:
    """One row: names, region, blocs (';'-joined), and how many sections / documents speak for the province."""
    return fetch(
        con,
        """SELECT p.province, p.name_full, p.name_en, p.region, p.region_en, p.has_plan_data,
                  (SELECT string_agg(b.name_zh, ';' ORDER BY b.bloc_id) FROM bloc_members b
                   WHERE b.province = p.province) AS blocs,
                  (SELECT string_agg(b.name_en, ';' ORDER BY b.bloc_id) FROM bloc_members b
                   WHERE b.province = p.province) AS blocs_en,
                  (SELECT count(*) FROM sections s WHERE s.province = p.province) AS n_sections,
                  (SELECT count(DISTINCT doc_id) FROM sections s WHERE s.province = p.province) AS n_documents
           FROM provinces p WHERE p.province = ?""",
        [province],
    )


def province_sections(con: duckdb.DuckDBPyConnection, province: str) -> pd.DataFrame:
    """One row per section of the province, with its document's metadata and the section text itself.

    ``section_text`` is ``documents.text[start_pos:end_pos]``: span offsets minus ``start_pos`` index into it.
    """
    return fetch(
        con,
        """SELECT s.section_id, s.doc_id, s.province, s.city, s.start_pos, s.end_pos, s.method, s.rule_id,
                  d.title, d.title_en, d.issuer, d.doc_number, d.issued_on, d.url, d.publisher, d.scope, d.doc_type,
                  substr(d.text, s.start_pos + 1, s.end_pos - s.start_pos) AS section_text
           FROM sections s JOIN documents d USING (doc_id)
           WHERE s.province = ?
           ORDER BY d.doc_type = 'digest', s.doc_id, s.start_pos""",
        [province],
    )


# ---------------------------------------------------------------- pure helpers (no database) below


def attribute_table(evidence: pd.DataFrame, attr: str, lang: str) -> pd.DataFrame:
    """One row per item of one attribute type for a single province: label, evidence count, quotes, method, rules.

    Items with any curated row are marked ✎ (curated), the rest ⚙ (rule-extracted). Targets list each stated value.
    """
    ev = evidence[evidence["attr"] == attr]
    item, count = t("compare_col_item", lang), t("province_col_evidence", lang)
    quotes, method, rule = t("province_col_quotes", lang), t("compare_col_method", lang), t("compare_col_rule", lang)
    if attr == "target":
        return _target_table(ev, lang)
    rows = []
    for _, group in ev.groupby("item_key", sort=False):
        first = group.iloc[0]
        curated = (group["method"] == "curated").any()
        row = {
            item: item_label(first, lang),
            count: len(group),
            quotes: "、".join(dict.fromkeys(str(q) for q in group["quote"])),
            method: method_label("curated" if curated else "rule", lang),
            rule: "; ".join(dict.fromkeys(str(r) for r in group["rule_id"])),
        }
        if attr == "platform":
            row = {item: row[item], t("province_col_kind", lang): first.get("detail") or "", **row}
        order = first.get("item_order")
        rows.append((0 if pd.isna(order) else int(order), -len(group), row[item], row))
    rows.sort(key=lambda r: r[:3])
    columns = [item, *([t("province_col_kind", lang)] if attr == "platform" else []), count, quotes, method, rule]
    return pd.DataFrame([r[3] for r in rows], columns=columns)


def _target_table(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    item, value = t("compare_col_item", lang), t("province_col_value", lang)
    quote, method, doc = t("compare_col_quote", lang), t("compare_col_method", lang), t("compare_col_document", lang)
    status, url, rule = t("province_col_status", lang), t("compare_col_url", lang), t("compare_col_rule", lang)
    rows = []
    for _, r in ev.iterrows():
        from_doc = isinstance(r.get("doc_id"), str)
        verification = r.get("verification")
        rows.append(
            {
                item: item_label(r, lang),
                value: format_target(r),
                quote: str(r["quote"]) if from_doc else "",
                method: method_label(r["method"], lang),
                doc: str(r["doc_title"] if from_doc else r.get("source_title") or ""),
                status: t(f"compare_status_{verification}", lang) if isinstance(verification, str) else "",
                url: r["source_url"] if isinstance(r.get("source_url"), str) else "",
                rule: str(r["rule_id"]),
            }
        )
    return pd.DataFrame(rows, columns=[item, value, quote, method, doc, status, url, rule])


def section_spans(evidence: pd.DataFrame, section_id: str, kinds: list[str] | tuple[str, ...], lang: str) -> list[Span]:
    """Highlight spans of one section: every evidence row of the chosen kinds, labelled '类型：项目 (规则)'."""
    ev = evidence[(evidence["section_id"] == section_id) & evidence["attr"].isin(list(kinds))]
    spans = []
    for _, r in ev.iterrows():
        attr = str(r["attr"])
        label = f"{t('compare_attr_' + attr, lang)}：{item_label(r, lang)} · {r['rule_id']}"
        spans.append(Span(int(r["start_pos"]), int(r["end_pos"]), attr, label, r["method"] == "curated"))
    return spans
