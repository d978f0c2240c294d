"""数据与方法 Data & method: sources, taxonomy, how extraction works, coverage and gaps, curated targets,
corrections, the map's provenance, and every table for download.

URL state: ?unverified=true includes unverified curated targets in the table.
"""

from functools import partial

import pandas as pd
import streamlit as st

from atlas import exports, methodology, ui
from atlas.cache import run
from atlas.i18n import (
    COMPARATOR_SYMBOLS,
    bilingual,
    code_label,
    doc_type_label,
    indicator_label,
    join_names,
    period_label,
)
from atlas.queries import about, core, headline
from atlas.queries.compare import method_label
from atlas.ui import lang, tr
from atlas.units import unit_label

L = lang()


def _label(frame: pd.DataFrame) -> list[str]:
    return [bilingual(z, e, L) for z, e in zip(frame["province"], frame["name_en"], strict=True)]


def _headers(config: dict) -> dict[str, str]:
    """Column → the header it shows (a column_config label or a plain string), in the config's order."""
    return {c: v if isinstance(v, str) else v["label"] for c, v in config.items()}


st.title(tr("about_title"))
st.caption(tr("about_intro"))

# --- Sources ---------------------------------------------------------------------------------------------------
st.header(tr("about_sources"))
st.caption(tr("about_sources_note"))
docs = run(core.documents)
docs["doc_type"] = [doc_type_label(c, L) for c in docs["doc_type"]]
english_names = dict(zip(*[run(core.provinces)[c] for c in ("province", "name_en")], strict=True))
docs["scope"] = [
    tr("scope_several") if s == "several" else bilingual(s, english_names.get(s), L) for s in docs["scope"]
]  # the one label order: 北京 in Chinese, "Beijing 北京" in English
if L == "en":  # the sidecar's English title where it has one
    docs["title"] = docs["title_en"].where(docs["title_en"].notna(), docs["title"])
docs["period"] = [period_label(a, b) for a, b in zip(docs["period_start"], docs["period_end"], strict=True)]
docs["review"] = [period_label(a, b) for a, b in zip(docs["review_start"], docs["review_end"], strict=True)]
for column in ("issuer", "doc_number", "issued_on", "publisher", "period", "review", "note"):
    docs[column] = docs[column].astype(object).where(docs[column].notna(), tr("unknown_value"))
doc_config = {
    "doc_id": tr("about_col_doc_id"),
    "title": tr("about_col_title"),
    "issuer": tr("about_col_issuer"),
    "doc_number": tr("about_col_doc_number"),
    "issued_on": tr("about_col_date"),
    "url": st.column_config.LinkColumn(tr("about_col_url")),
    "publisher": tr("about_col_publisher"),
    "scope": tr("about_col_scope"),
    "doc_type": tr("about_col_type"),
    "period": tr("about_col_period"),
    "review": tr("about_col_review"),
    "n_sections": st.column_config.NumberColumn(tr("about_col_sections"), format="%d"),
    "chars": st.column_config.NumberColumn(tr("about_col_chars"), format="%d"),
    "note": tr("about_col_note"),
}
# what each document is; every field of one document (who issued it, where it was found) below the table
doc_columns = ["doc_id", "title", "doc_type", "scope", "period", "review", "issued_on"]
ui.table(docs[doc_columns], hide_index=True, width="stretch", column_config=doc_config, key="about_documents")
ui.record_view(docs, _headers(doc_config), list(docs["title"]), key="about_document_pick")

# --- Theme taxonomy --------------------------------------------------------------------------------------------
st.header(tr("about_taxonomy"))
themes = run(core.themes)
themes["label"] = [bilingual(z, e, L) for z, e in zip(themes["name_zh"], themes["name_en"], strict=True)]
theme_labels = dict(zip(themes["theme_id"], themes["label"], strict=True))
ui.table(
    themes[["theme_id", "label", "definition_en" if L == "en" else "definition_zh", "example_terms"]],
    hide_index=True,
    width="stretch",
    column_config={
        "theme_id": tr("about_col_id"),
        "label": tr("about_col_theme"),
        "definition_zh": tr("about_col_definition"),
        "definition_en": tr("about_col_definition"),
        "example_terms": tr("about_col_terms"),
    },
)

# --- Extraction and accuracy -----------------------------------------------------------------------------------
st.header(tr("about_extraction"))
st.markdown(tr("about_extraction_text"))
st.subheader(tr("about_rule_counts"))
rule_counts = run(about.rule_counts)
rule_counts["table_name"] = [code_label("table", c, L) for c in rule_counts["table_name"]]
rule_counts["method"] = [method_label(m, L) for m in rule_counts["method"]]
ui.table(
    rule_counts,
    hide_index=True,
    width="stretch",
    column_config={
        "table_name": tr("about_col_table"),
        "method": tr("about_col_method"),
        "rule_id": tr("about_col_rule"),
        "n_rows": st.column_config.NumberColumn(tr("about_col_rows"), format="%d"),
        "n_provinces": st.column_config.NumberColumn(tr("about_col_provinces"), format="%d"),
        "n_documents": st.column_config.NumberColumn(tr("about_col_documents"), format="%d"),
    },
)
st.subheader(tr("about_rule_files"))
for rule_file in methodology.rule_files():
    with st.expander(rule_file.path):
        st.code(rule_file.text, language="yaml")

st.subheader(tr("about_accuracy"))
scores = run(about.accuracy)
if scores.empty:
    st.info(tr("about_accuracy_none"))
else:
    scores["split"] = [tr(f"about_split_{s}") for s in scores["split"]]
    scores["field"] = [tr(f"field_{f}") for f in scores["field"]]
    ui.table(
        scores,
        hide_index=True,
        width="stretch",
        column_config={
            "split": tr("about_col_split"),
            "n_documents": st.column_config.NumberColumn(tr("about_col_documents"), format="%d"),
            "field": tr("about_col_field"),
            "precision": st.column_config.NumberColumn(tr("about_col_precision"), format="%.3f"),
            "recall": st.column_config.NumberColumn(tr("about_col_recall"), format="%.3f"),
            "f1": st.column_config.NumberColumn("F1", format="%.3f"),
        },
    )
    st.caption(tr("about_accuracy_caption"))

# --- Coverage and known gaps -----------------------------------------------------------------------------------
st.header(tr("about_coverage"))
st.markdown(tr("about_missing_states"))
coverage = run(about.headline_coverage)
coverage["label"] = _label(coverage)
missing = coverage[~coverage["has_target"]]
st.write(tr("about_headline_covered").format(n=int(coverage["has_target"].sum())))
st.write(tr("about_headline_missing").format(n=len(missing), names=join_names(missing["label"], L)))
overview = run(core.province_overview)
not_extracted = overview[overview["n_sections"].isna()]
if not_extracted.empty:
    st.write(tr("about_all_extracted"))
else:
    st.write(tr("about_not_extracted").format(names=join_names(_label(not_extracted), L)))
coverage["indicators"] = [join_names(ids, L, lambda i: indicator_label(i, L)) for ids in coverage["indicators"]]
coverage["statuses"] = [join_names(ss, L, lambda s: tr(f"headline_status_{s}")) for ss in coverage["statuses"]]
coverage["state"] = [
    tr("headline_state_value") if has else tr("headline_state_no_target_found") for has in coverage["has_target"]
]
ui.table(
    coverage[["label", "state", "n_targets", "n_verified", "indicators", "statuses"]],
    hide_index=True,
    width="stretch",
    column_config={
        "label": tr("col_province"),
        "state": tr("about_col_state"),
        "n_targets": st.column_config.NumberColumn(tr("about_col_n_targets"), format="%d"),
        "n_verified": st.column_config.NumberColumn(tr("about_col_n_verified"), format="%d"),
        "indicators": tr("about_col_indicators"),
        "statuses": tr("about_col_statuses"),
    },
)

# --- Curated headline targets ----------------------------------------------------------------------------------
st.header(tr("about_headline"))
st.caption(tr("about_headline_note"))
include_unverified = st.toggle(
    tr("headline_include_unverified"),
    key="unverified",
    help=tr("headline_include_unverified_help"),
    bind="query-params",
)
table = run(headline.headline_table, bool(include_unverified))
table["label"] = _label(table)
indicators = run(headline.headline_indicators)
indicator_labels = dict(zip(indicators["indicator"], indicators["label_en" if L == "en" else "label_zh"], strict=True))
table["indicator_label"] = [indicator_labels.get(i) or indicator_label(i, L) for i in table["indicator"]]
table["status_label"] = [tr(f"headline_status_{s}") for s in table["status"]]
table["target"] = [
    f"{COMPARATOR_SYMBOLS.get(c, '')}{v:g} {unit_label(u, L)}".strip()
    for c, v, u in zip(table["comparator"], table["value"], table["unit"], strict=True)
]
target_config = {
    "label": tr("col_province"),
    "indicator_label": tr("headline_indicator"),
    "target": tr("headline_value"),
    "target_year": st.column_config.NumberColumn(tr("headline_target_year"), format="%d"),
    "baseline_value": st.column_config.NumberColumn(tr("headline_baseline"), format="%g"),
    "baseline_year": st.column_config.NumberColumn(tr("headline_baseline_year"), format="%d"),
    "status_label": tr("headline_status"),
    "plan_title": tr("headline_plan"),
    "issuer": tr("headline_issuer"),
    "issue_date": tr("headline_issue_date"),
    "source_url": st.column_config.LinkColumn(tr("headline_source")),
    "source_publisher": tr("headline_publisher"),
    "conflict": st.column_config.CheckboxColumn(tr("headline_conflict")),
    "note": tr("headline_note"),
    "target_id": tr("about_col_rule"),
}
# the targets; every field of one target (its plan, issuer, source and note) below the table
target_columns = ["label", "indicator_label", "target", "target_year", "baseline_value", "baseline_year"]
target_columns += ["status_label", "conflict"]
ui.table(table[target_columns], hide_index=True, width="stretch", column_config=target_config, key="about_targets")
ui.record_view(
    table,
    _headers(target_config),
    [f"{a} · {b} · {c}" for a, b, c in zip(table["label"], table["indicator_label"], table["target"], strict=True)],
    key="about_target_pick",
)
bench = run(headline.national_benchmark, "core_share_gdp")
if not bench.empty:
    b = bench.iloc[0]
    st.caption(
        tr("headline_benchmark").format(
            value=f"{b['value']:g}",
            unit=b["unit"],
            year=int(b["target_year"]),
            plan=b["plan_title"],
            base=f"{b['baseline_value']:g}",
            base_year=int(b["baseline_year"]),
        )
    )
st.subheader(tr("about_no_target_records"))
no_target = run(headline.no_target_table)
if no_target.empty:
    st.caption(tr("about_no_target_empty"))
else:
    ui.table(no_target, hide_index=True, width="stretch")

# --- Corrections -----------------------------------------------------------------------------------------------
st.header(tr("about_corrections"))
st.caption(tr("about_corrections_note"))
log = run(about.corrections_log)
if log.empty:
    st.caption(tr("about_corrections_empty"))
else:
    log["action"] = [code_label("action", a, L) for a in log["action"]]
    log["table_name"] = [code_label("table", c, L) for c in log["table_name"]]
    log["set"] = [
        about.describe_fields(f, v, lambda c: code_label("field", c, L), theme_labels)
        for f, v in zip(log["field"], log["value"], strict=True)
    ]
    log_config = {
        "correction_id": tr("about_col_correction"),
        "province": tr("about_col_province"),
        "doc_id": tr("about_col_doc_id"),
        "set": tr("about_col_set"),
        "date": tr("about_col_date"),
        "action": tr("about_col_action"),
        "table_name": tr("about_col_table"),
        "match": tr("about_col_match"),
        "reason": tr("about_col_reason"),
        "curator": tr("about_col_curator"),
        "applied_rows": st.column_config.NumberColumn(tr("about_col_applied"), format="%d"),
    }
    # what each correction changes; every field of one correction (why, by whom, when) below the table
    log_columns = ["correction_id", "action", "table_name", "province", "match", "set", "applied_rows"]
    ui.table(log[log_columns], hide_index=True, width="stretch", column_config=log_config, key="about_corrections")
    ui.record_view(log, _headers(log_config), list(log["correction_id"]), key="about_correction_pick")
    corrected = run(about.corrected_rows)
    if not corrected.empty:
        st.subheader(tr("about_corrected_rows"))
        corrected["table_name"] = [code_label("table", c, L) for c in corrected["table_name"]]
        corrected["item"] = [theme_labels.get(i, i) for i in corrected["item"]]
        corrected["method"] = [method_label(m, L) for m in corrected["method"]]
        corrected["action"] = [code_label("action", a, L) for a in corrected["action"]]
        ui.table(
            corrected,
            hide_index=True,
            width="stretch",
            column_config={
                "table_name": tr("about_col_table"),
                "item": tr("about_col_item"),
                "doc_id": tr("about_col_doc_id"),
                "province": tr("about_col_province"),
                "start_pos": st.column_config.NumberColumn(tr("about_col_positions"), format="%d"),
                "end_pos": st.column_config.NumberColumn("–", format="%d"),
                "quote": tr("about_col_quote"),
                "method": tr("about_col_method"),
                "rule_id": tr("about_col_rule"),
                "note": tr("about_col_note"),
                "correction_id": tr("about_col_correction"),
                "action": tr("about_col_action"),
            },
        )

# --- Map provenance --------------------------------------------------------------------------------------------
st.header(tr("about_map"))
st.warning(tr("about_map_caveat"))
with st.expander(tr("about_map_notice")):
    st.markdown(methodology.map_notice())

# --- Downloads -------------------------------------------------------------------------------------------------
st.header(tr("about_downloads"))
st.caption(tr("about_downloads_note"))
c_xlsx, c_db = st.columns(2)
c_xlsx.download_button(
    tr("about_download_xlsx"),
    data=methodology.all_tables_xlsx,
    file_name="plan_atlas_all_tables.xlsx",
    mime=exports.XLSX_MIME,
    icon=":material/table:",
    key="about_dl_xlsx",
    on_click="ignore",
)
c_db.download_button(
    tr("about_download_db"),
    data=methodology.database_bytes,
    file_name="plan_atlas.duckdb",
    mime=methodology.DB_MIME,
    icon=":material/database:",
    key="about_dl_db",
    on_click="ignore",
)
st.caption(tr("about_xlsx_truncated"))
tables = run(about.export_tables)
columns = st.columns(3)
for i, row in enumerate(tables.itertuples()):
    columns[i % 3].download_button(
        tr("about_download_csv").format(table=row.table_name, n=row.n_rows),
        data=partial(methodology.table_csv, row.table_name),
        file_name=f"{row.table_name}.csv",
        mime=exports.CSV_MIME,
        icon=":material/download:",
        key=f"about_dl_{row.table_name}",
        on_click="ignore",
    )
