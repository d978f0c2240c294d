"""One province's profile: who it is, which document sections speak for it (with their text), what was found there.

The attributes themselves come from atlas.queries.compare.attribute_summary (the same facts the Compare page
shows); this module adds the province header, the section texts and the spans highlighted in them.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from atlas.db import fetch
from atlas.highlight import Span
from atlas.i18n import code_label, join_names, t
from atlas.queries.compare import format_target, item_label, method_label


def province_info(con: duckdb.DuckDBPyConnection, province: str) -> pd.DataFrame:
    """One row: names, region, blocs (lists), and how many sections / documents speak for the province."""
    return fetch(
        con,
        """SELECT p.province, p.name_full, p.name_en, p.region, p.region_en, p.has_plan_data,
                  (SELECT list(b.name_zh ORDER BY b.bloc_id) FROM bloc_members b
                   WHERE b.province = p.province) AS blocs,
                  (SELECT list(b.name_en ORDER BY b.bloc_id) FROM bloc_members b
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
                  d.period_start, d.period_end,
                  s.text AS section_text
           FROM sections s JOIN documents d USING (doc_id)
           WHERE s.province = ?
           ORDER BY d.doc_type = 'digest', s.doc_id, s.start_pos""",
        [province],
    )


def section_headings(con: duckdb.DuckDBPyConnection, province: str) -> pd.DataFrame:
    """The outline of each of the province's sections: headings (level, span, title, review/plan part), in order."""
    return fetch(
        con,
        """SELECT section_id, level, start_pos, end_pos, title, part, rule_id FROM headings
           WHERE province = ? ORDER BY section_id, start_pos""",
        [province],
    )


def outline_chunks(
    start: int, end: int, headings: pd.DataFrame, spans: list[Span]
) -> list[tuple[str | None, str | None, int, int, list[Span]]]:
    """A section cut at its top-level headings: (title, part, start, end, spans inside) per chunk, in order.

    Text before the first heading is a chunk with title None (the preamble); a section without headings is one
    chunk. Spans are handed to the chunk they start in (a span across a cut is clipped by the highlighter).
    """
    top = headings[headings["level"] == headings["level"].min()] if not headings.empty else headings
    cuts = [(int(h.start_pos), h.title, h.part if isinstance(h.part, str) else None) for h in top.itertuples()]
    bounds: list[tuple[str | None, str | None, int]] = []
    if not cuts or cuts[0][0] > start:
        bounds.append((None, None, start))
    bounds += [(title, part, pos) for pos, title, part in cuts]
    chunks = []
    ordered = sorted(spans, key=lambda s: s.start)
    k = 0
    for i, (title, part, a) in enumerate(bounds):
        b = bounds[i + 1][2] if i + 1 < len(bounds) else end
        inside = []
        while k < len(ordered) and ordered[k].start < b:
            inside.append(ordered[k])
            k += 1
        chunks.append((title, part, a, b, inside))
    return chunks


def part_key(section_id: str, index: int) -> str:
    """The widget key of the expander of a section's ``index``-th outline chunk (its open state lives under it)."""
    return f"prov_part_{section_id}_{index}"


def section_evidence(con: duckdb.DuckDBPyConnection, province: str) -> pd.DataFrame:
    """The spans to highlight in the province's sections: one row per (section, attr, item, rule, method) with the
    spans' offsets as parallel integer lists ``starts`` / ``ends`` (sorted).

    Grouped because a province can carry tens of thousands of spans at scale: a few thousand groups with integer
    lists travel to pandas far faster than one string-laden row per span.
    """
    return fetch(
        con,
        """WITH ev AS (
               SELECT section_id, 'theme' AS attr, theme_id AS item_key, rule_id, method, start_pos, end_pos
               FROM theme_evidence WHERE province = $p
               UNION ALL
               SELECT section_id, 'industry', name, rule_id, method, start_pos, end_pos
               FROM focus_industries WHERE province = $p
               UNION ALL
               SELECT section_id, 'platform', name, rule_id, method, start_pos, end_pos
               FROM platforms WHERE province = $p
               UNION ALL
               SELECT section_id, 'target', indicator, rule_id, method, start_pos, end_pos
               FROM targets WHERE province = $p)
           SELECT ev.section_id, ev.attr, ev.item_key, th.name_zh AS item_zh,
                  coalesce(th.name_en, (SELECT min(f.name_en) FROM focus_industries f
                                        WHERE ev.attr = 'industry' AND f.name = ev.item_key)) AS item_en,
                  ev.rule_id, ev.method, list(ev.start_pos ORDER BY ev.start_pos, ev.end_pos) AS starts,
                  list(ev.end_pos ORDER BY ev.start_pos, ev.end_pos) AS ends
           FROM ev LEFT JOIN themes th ON ev.attr = 'theme' AND th.theme_id = ev.item_key
           GROUP BY ALL ORDER BY ev.section_id, ev.attr, ev.item_key, ev.rule_id, ev.method""",
        {"p": province},
    )


# ---------------------------------------------------------------- pure helpers (no database) below


def attribute_table(summary: pd.DataFrame, attr: str, lang: str) -> pd.DataFrame:
    """One row per item of one attribute type for a single province: label, evidence count, quotes, method, rules.

    ``summary`` is ``compare.attribute_summary`` for the province (one row per item, counted, quotes and rule ids
    already joined in document order). Items with any curated row are marked ✎ (curated), the rest ⚙
    (rule-extracted). Targets list each stated value.
    """
    ev = summary[summary["attr"] == attr]
    item, count = t("compare_col_item", lang), t("province_col_evidence", lang)
    quotes, method, rule = t("province_col_quotes", lang), t("compare_col_method", lang), t("compare_col_rule", lang)
    if attr == "target":
        return _target_table(ev, lang)
    rows = []
    for _, group in ev.groupby("item_key", sort=False):
        first = group.iloc[0]
        n = int(group["n"].sum())
        curated = (group["n_curated"] > 0).any()
        row = {
            item: item_label(first, lang),
            count: n,
            quotes: join_names(list(dict.fromkeys(q for qs in group["quotes"] for q in qs)), "zh"),
            method: method_label("curated" if curated else "rule", lang),
            rule: ", ".join(dict.fromkeys(str(r) for rs in group["rule_ids"] for r in rs)),
        }
        if attr == "platform":
            detail = first.get("detail")
            row = {item: row[item], t("province_col_kind", lang): code_label("kind", detail, lang), **row}
        order = first.get("item_order")
        rows.append((0 if pd.isna(order) else int(order), -n, row[item], row))
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
                value: format_target(r, lang),
                quote: str(r["quote"]) if from_doc else "",
                method: method_label(r["method"], lang),
                doc: str(r["doc_title"] if from_doc else r.get("source_title") or ""),
                status: t(f"compare_status_{verification}", lang) if isinstance(verification, str) else "",
                url: r["source_url"] if isinstance(r.get("source_url"), str) else "",
                rule: str(r["rule_id"]),
            }
        )
    return pd.DataFrame(rows, columns=[item, value, quote, method, doc, status, url, rule])


def section_spans(spans: pd.DataFrame, section_id: str, kinds: list[str] | tuple[str, ...], lang: str) -> list[Span]:
    """Highlight spans of one section (from ``section_evidence``): the chosen kinds, labelled '类型：项目 · 规则'."""
    rows = spans[(spans["section_id"] == section_id) & spans["attr"].isin(list(kinds))]
    out = []
    for r in rows.to_dict("records"):
        attr = str(r["attr"])
        kind = t("label_colon", lang).format(label=t("compare_attr_" + attr, lang))
        label = f"{kind}{item_label(r, lang)} · {r['rule_id']}"
        curated = r["method"] == "curated"
        out.extend(Span(int(a), int(b), attr, label, curated) for a, b in zip(r["starts"], r["ends"], strict=True))
    out.sort(key=lambda s: (s.start, s.end))
    return out
