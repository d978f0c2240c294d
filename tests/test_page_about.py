"""Data & method page: renders every section on the real build, shows curated targets with status and sources and
the corrections log, and offers every table as CSV, one XLSX and the DuckDB file."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from atlas import methodology

PAGE = "pages/about.py"


def _tables(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name <> 'text_bigrams' ORDER BY 1")
        return [r[0] for r in rows.fetchall()]  # the search index is derived, not offered for download
    finally:
        con.close()


def _frame_with(at: AppTest, column: str):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column!r}")


def _record_view(at: AppTest, header: str) -> str:
    """The HTML of the record view (ui.record_view) that has this header."""
    views = [m.value for m in at.markdown if f">{header}</div>" in m.value]
    assert views, f"no record view with {header!r}"
    return views[0]


def test_page_renders_every_section(dashboard: AppTest) -> None:
    dashboard.switch_page(PAGE)
    at = dashboard.run()
    assert not at.exception, [e.value for e in at.exception]
    headers = [h.value for h in at.header]
    assert headers == [
        "来源文档",
        "主题分类",
        "抽取方法",
        "覆盖范围与已知缺口",
        "人工整理的核心目标",
        "人工更正",
        "地图来源",
        "数据下载",
    ]
    docs = _frame_with(at, "doc_id")
    assert len(docs) == 33 and "text" not in docs.columns  # 002, 003 and the 31 work reports
    assert len(_frame_with(at, "definition_zh")) == 18
    rules = _frame_with(at, "rule_id")
    assert "theme.industrial_digitalization.term" in set(rules["rule_id"])
    assert any("审图号" in w.value for w in at.warning)
    text = " ".join(m.value for m in at.markdown)
    assert "尚未找到目标的省份" in text and "北京" in text


def test_curated_targets_show_status_and_source_and_unverified_only_with_the_toggle(dashboard: AppTest) -> None:
    dashboard.switch_page(PAGE)
    at = dashboard.run()
    default = _frame_with(at, "status_label")
    assert "未核实（转载来源）" not in set(default["status_label"])
    # the table keeps the targets; one target's plan and source link are in its record view below it
    pick = at.selectbox(key="about_target_pick")
    assert len(pick.options) == len(default)
    view = _record_view(at, "规划")
    assert "来源</div>" in view and 'href="https' in view
    at.toggle(key="unverified").set_value(True).run()
    assert not at.exception
    everything = _frame_with(at, "status_label")
    assert "未核实（转载来源）" in set(everything["status_label"])
    assert len(everything) > len(default)


def test_corrections_log_is_shown(dashboard: AppTest) -> None:
    dashboard.switch_page(PAGE)
    at = dashboard.run()
    log = _frame_with(at, "correction_id")
    assert "corr-0001" in set(log["correction_id"])
    assert (log["applied_rows"] >= 1).all()
    for i in range(len(log)):  # every correction's reason is shown in its record view
        at.selectbox(key="about_correction_pick").set_value(i).run()
        reason = _record_view(at, "理由").split("理由</div>", 1)[1].split("</div>", 1)[0]
        assert reason.removeprefix('<div style="overflow-wrap:anywhere">') not in ("", "缺失")


def test_downloads_are_offered_for_every_table_the_workbook_and_the_database(
    dashboard: AppTest, built_db: Path
) -> None:
    dashboard.switch_page(PAGE)
    at = dashboard.run()
    keys = {b.key for b in at.get("download_button")}
    tables = _tables(built_db)
    assert {"about_dl_xlsx", "about_dl_db"} <= keys
    assert {f"about_dl_{t}" for t in tables} <= keys


def test_download_payloads(built_db: Path, use_db) -> None:
    use_db(built_db)
    csv = methodology.table_csv("headline_targets")
    assert csv.startswith(b"\xef\xbb\xbf")
    assert "全国" in csv.decode("utf-8-sig") and "target_id" in csv.decode("utf-8-sig")
    docs_csv = methodology.table_csv("documents").decode("utf-8-sig")
    assert "文章来源:周宝印" in docs_csv  # the full text, untruncated

    wb = load_workbook(io.BytesIO(methodology.all_tables_xlsx()))
    assert sorted(wb.sheetnames) == sorted(_tables(built_db))
    longest = max(len(str(c.value or "")) for row in wb["documents"].iter_rows() for c in row)
    assert longest <= methodology.XLSX_CELL_LIMIT
    assert wb["corrections_log"]["A2"].value == "corr-0001"

    assert methodology.database_bytes() == built_db.read_bytes()


def test_page_in_english(dashboard: AppTest) -> None:
    dashboard.session_state["lang"] = "en"
    dashboard.switch_page(PAGE)
    at = dashboard.run()
    assert not at.exception
    assert at.header[0].value == "Source documents"
    assert any("Beijing 北京" in m.value for m in at.markdown)
    scopes = dict(zip(*[_frame_with(at, "doc_id")[c] for c in ("doc_id", "scope")], strict=True))
    assert scopes["gwr2026_110000_beijing"] == "Beijing 北京"
    assert scopes["002_03734c23c7c98f48"] == "Several provinces"  # a digest's scope, not the code "several"


def test_document_scopes_are_labels_in_chinese(dashboard: AppTest) -> None:
    dashboard.switch_page(PAGE)
    scopes = dict(zip(*[_frame_with(dashboard.run(), "doc_id")[c] for c in ("doc_id", "scope")], strict=True))
    assert scopes["gwr2026_110000_beijing"] == "北京" and scopes["002_03734c23c7c98f48"] == "多个省份"
    docs = _frame_with(dashboard, "doc_id").set_index("doc_id")
    assert docs.loc["gwr2026_110000_beijing", "review"] == "2021–2025"  # the sidecar's review years, not 未知


def test_measured_accuracy_is_shown(dashboard: AppTest) -> None:
    dashboard.switch_page(PAGE)
    at = dashboard.run()
    scores = _frame_with(at, "precision")
    assert set(scores["field"]) >= {"主题", "重点产业", "平台载体", "量化目标"}
    assert set(scores["split"]) == {"开发集", "留出集"}  # dev and held-out reported apart
    known = scores[["precision", "recall", "f1"]].dropna()
    assert known.apply(lambda c: c.between(0, 1)).all().all()
    assert any("tests/golden/" in c.value for c in at.caption)
