"""Analyst corrections: validated with file/row/problem, applied in the build (suppress, fix, add), logged in
corrections_log, and a correction that matches nothing stops the build."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import database.build as build_module
from database.build import BuildError, build
from database.corrections import COLUMNS, CorrectionError, apply_corrections, load_corrections
from extract.paths import CURATED

NATIONAL_DOC = "003_a031d1bd700990c2"


def write_corrections(path: Path, rows: list[dict[str, object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in COLUMNS} for r in rows)
    return path


def row(**kw: object) -> dict[str, object]:
    base = {"reason": "test reason", "curator": "tester", "date": "2026-11-21", "province": "北京"}
    return {**base, **kw}


# ------------------------------------------------------------------------------------------------- validation


def test_the_shipped_corrections_file_is_valid_and_each_has_a_reason() -> None:
    corrections = load_corrections(CURATED / "corrections.csv")
    assert corrections, "ship at least one real correction"
    assert all(c.reason and c.curator for c in corrections)


@pytest.mark.parametrize(
    ("kw", "problem"),
    [
        ({"action": "delete"}, "action 'delete'"),
        ({"table": "sections"}, "table 'sections'"),
        ({"province": "Atlantis"}, "unknown province 'Atlantis'"),
        ({"match": ""}, "match is empty"),
        ({"reason": ""}, "reason is empty"),
        ({"curator": ""}, "curator is empty"),
        ({"date": "21/11/2026"}, "date '21/11/2026'"),
        ({"field": "quote", "value": "x"}, "field 'quote' cannot be corrected in theme_evidence"),
        ({"field": "theme_id;theme_id", "value": "ai"}, "field lists 2 column(s) but value lists 1"),
        ({"field": "theme_id", "value": "no_such_theme"}, "theme_id 'no_such_theme' is not in"),
        ({"start_pos": "10"}, "give both start_pos and end_pos"),
        ({"start_pos": "10", "end_pos": "20"}, "end_pos - start_pos = 10 but match has 2 characters"),
        ({"action": "fix"}, "fix needs field and value"),
        ({"action": "add", "field": "theme_id", "value": "ai"}, "add needs doc_id, start_pos and end_pos"),
    ],
)
def test_bad_corrections_are_rejected_with_file_row_and_problem(tmp_path: Path, kw: dict, problem: str) -> None:
    good = row(correction_id="c-1", action="suppress", table="theme_evidence", match="5G")
    path = write_corrections(tmp_path / "corrections.csv", [good, {**good, "correction_id": "c-2", **kw}])
    with pytest.raises(CorrectionError) as exc:
        load_corrections(path)
    assert f"{path}: row 3: " in str(exc.value) and problem in str(exc.value)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    good = row(correction_id="c-1", action="suppress", table="theme_evidence", match="5G")
    with pytest.raises(CorrectionError, match="row 3: correction_id 'c-1' already used in row 2"):
        load_corrections(write_corrections(tmp_path / "c.csv", [good, good]))


# ------------------------------------------------------------------------------------------- applying to frames


def _frames() -> tuple[dict[str, pd.DataFrame], dict[str, str], pd.DataFrame]:
    text = "北京要发展5G和人工智能。天津建设大数据中心。"
    sections = pd.DataFrame(
        [
            {"section_id": "d#1", "doc_id": "d", "province": "北京", "start_pos": 0, "end_pos": 13},
            {"section_id": "d#2", "doc_id": "d", "province": "天津", "start_pos": 13, "end_pos": len(text)},
        ]
    )
    evidence = pd.DataFrame(
        [
            {"theme_id": "infrastructure", "doc_id": "d", "section_id": "d#1", "province": "北京", "start_pos": 5,
             "end_pos": 7, "quote": "5G", "method": "rule", "rule_id": "theme.infrastructure.term", "note": None,
             "correction_id": None},
            {"theme_id": "ai", "doc_id": "d", "section_id": "d#1", "province": "北京", "start_pos": 8, "end_pos": 12,
             "quote": "人工智能", "method": "rule", "rule_id": "theme.ai.term", "note": None, "correction_id": None},
        ]
    )  # fmt: skip
    return {"theme_evidence": evidence, "focus_industries": pd.DataFrame()}, {"d": text}, sections


def _load(tmp_path: Path, rows: list[dict[str, object]]) -> list:
    return load_corrections(write_corrections(tmp_path / "corrections.csv", rows))


def test_suppress_fix_and_add_change_the_frames_and_are_logged(tmp_path: Path) -> None:
    tables, texts, sections = _frames()
    corrections = _load(
        tmp_path,
        [
            row(correction_id="s1", action="suppress", table="theme_evidence", match="5G", doc_id="d"),
            row(correction_id="f1", action="fix", table="theme_evidence", match="人工智能", field="theme_id",
                value="frontier_tech", reason="really frontier"),
            row(correction_id="a1", action="add", table="theme_evidence", province="天津", doc_id="d",
                match="大数据中心", start_pos=17, end_pos=22, field="theme_id", value="big_data_cloud"),
        ],
    )  # fmt: skip
    log = apply_corrections(corrections, tables, texts, sections)
    ev = tables["theme_evidence"].set_index("quote")
    assert "5G" not in ev.index
    assert ev.loc["人工智能", "theme_id"] == "frontier_tech"
    assert ev.loc["人工智能", "method"] == "rule"
    assert ev.loc["人工智能", "correction_id"] == "f1" and ev.loc["人工智能", "note"] == "really frontier"
    added = ev.loc["大数据中心"]
    assert added["method"] == "curated" and added["rule_id"] == "a1" and added["correction_id"] == "a1"
    assert added["section_id"] == "d#2" and added["province"] == "天津"
    assert list(log["correction_id"]) == ["s1", "f1", "a1"]
    assert list(log["applied_rows"]) == [1, 1, 1]
    assert list(log["action"]) == ["suppress", "fix", "add"]


def test_a_suppress_can_be_narrowed_to_one_theme(tmp_path: Path) -> None:
    tables, texts, sections = _frames()
    (c,) = _load(
        tmp_path,
        [row(correction_id="s1", action="suppress", table="theme_evidence", match="5G", field="theme_id", value="ai")],
    )
    with pytest.raises(CorrectionError, match="matches nothing.*theme_id=ai"):
        apply_corrections([c], tables, texts, sections)


def test_a_correction_matching_nothing_fails_clearly(tmp_path: Path) -> None:
    tables, texts, sections = _frames()
    corrections = _load(tmp_path, [row(correction_id="s9", action="suppress", table="theme_evidence", match="6G")])
    with pytest.raises(CorrectionError) as exc:
        apply_corrections(corrections, tables, texts, sections)
    message = str(exc.value)
    assert "row 2" in message and "s9" in message and "matches nothing" in message and "'6G'" in message


def test_an_added_item_must_quote_the_document_inside_its_province(tmp_path: Path) -> None:
    tables, texts, sections = _frames()
    wrong_text = row(correction_id="a1", action="add", table="theme_evidence", doc_id="d", match="云计算",
                     start_pos=0, end_pos=3, field="theme_id", value="big_data_cloud")  # fmt: skip
    with pytest.raises(CorrectionError, match=r"the text at d\[0:3\] is '北京要', not '云计算'"):
        apply_corrections(_load(tmp_path, [wrong_text]), tables, texts, sections)
    wrong_province = row(correction_id="a2", action="add", table="theme_evidence", doc_id="d", match="大数据中心",
                         start_pos=17, end_pos=22, field="theme_id", value="big_data_cloud")  # fmt: skip
    with pytest.raises(CorrectionError, match=r"span \[17:22\] of d is not inside a section of 北京"):
        apply_corrections(_load(tmp_path, [wrong_province]), tables, texts, sections)


# ------------------------------------------------------------------------------------------------- in the build


def test_the_shipped_correction_is_applied_in_the_real_build(built_db: Path) -> None:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        log = con.execute("SELECT correction_id, action, table_name, applied_rows FROM corrections_log").fetchall()
        assert ("corr-0001", "suppress", "theme_evidence", 1) in log
        left = con.execute(
            "SELECT count(*) FROM theme_evidence WHERE doc_id = ? AND start_pos = 3795 AND theme_id = 'data_elements'",
            [NATIONAL_DOC],
        ).fetchone()[0]
        assert left == 0
    finally:
        con.close()


@pytest.fixture
def curated_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    monkeypatch.setattr(build_module, "CURATED", folder)
    return folder


def _beijing_rows(db: Path) -> tuple[tuple, str, tuple[int, int], str]:
    """A theme evidence row of 北京 to fix, and a span of 北京's section that is no evidence yet (to add)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        ev = con.execute(
            """SELECT theme_id, doc_id, province, start_pos, end_pos, quote FROM theme_evidence
               WHERE province = '北京' ORDER BY start_pos, theme_id LIMIT 1"""
        ).fetchone()
        doc_id, start, text = con.execute(
            """SELECT s.doc_id, s.start_pos, d.text FROM sections s JOIN documents d USING (doc_id)
               WHERE s.province = '北京'"""
        ).fetchone()
    finally:
        con.close()
    return ev, doc_id, (start, start + 4), text[start : start + 4]


def test_corrections_change_the_built_data_and_are_logged(built_db: Path, curated_dir: Path, tmp_path: Path) -> None:
    ev, doc_id, (s, e), quote = _beijing_rows(built_db)
    theme, ev_doc, _, ev_start, ev_end, ev_quote = ev
    shipped = pd.read_csv(curated_dir / "corrections.csv", dtype=str).fillna("").to_dict("records")
    write_corrections(
        curated_dir / "corrections.csv",
        [
            *shipped,
            row(correction_id="t-fix", action="fix", table="theme_evidence", doc_id=ev_doc, match=ev_quote,
                start_pos=ev_start, end_pos=ev_end, field="theme_id", value="governance", reason="test fix"),
            row(correction_id="t-add", action="add", table="theme_evidence", doc_id=doc_id, match=quote,
                start_pos=s, end_pos=e, field="theme_id", value="digital_inclusion", reason="test add"),
        ],
    )  # fmt: skip
    db = build(out_dir=tmp_path / "out", progress=False)
    con = duckdb.connect(str(db), read_only=True)
    try:
        log = con.execute("SELECT correction_id, action, applied_rows FROM corrections_log ORDER BY ALL").fetchall()
        assert ("t-add", "add", 1) in log and ("corr-0001", "suppress", 1) in log
        (n_fixed,) = [r[2] for r in log if r[0] == "t-fix"]
        fixed = con.execute(
            "SELECT theme_id, method, note FROM theme_evidence WHERE correction_id = 't-fix'"
        ).fetchall()
        assert len(fixed) == n_fixed >= 1
        assert set(fixed) == {("governance", "rule", "test fix")}
        assert theme != "governance" or n_fixed >= 1
        unfixed = con.execute(
            "SELECT count(*) FROM theme_evidence WHERE doc_id = ? AND start_pos = ? AND end_pos = ? "
            "AND correction_id IS NULL",
            [ev_doc, ev_start, ev_end],
        ).fetchone()[0]
        assert unfixed == 0
        added = con.execute(
            "SELECT theme_id, method, rule_id, quote, start_pos, end_pos, province FROM theme_evidence "
            "WHERE correction_id = 't-add'"
        ).fetchall()
        assert added == [("digital_inclusion", "curated", "t-add", quote, s, e, "北京")]
    finally:
        con.close()


def test_a_correction_matching_nothing_stops_the_build_and_keeps_the_old_database(
    curated_dir: Path, tmp_path: Path
) -> None:
    served = build(out_dir=tmp_path / "served", progress=False)
    before = hashlib.sha256(served.read_bytes()).hexdigest()
    path = write_corrections(
        curated_dir / "corrections.csv",
        [row(correction_id="gone", action="suppress", table="platforms", match="不存在的平台")],
    )
    with pytest.raises(BuildError) as exc:
        build(out_dir=served.parent, progress=False)
    message = str(exc.value)
    assert f"{path}: row 2" in message and "gone" in message and "matches nothing" in message
    assert hashlib.sha256(served.read_bytes()).hexdigest() == before
