"""The database build: deterministic, checked, and atomic (a failed or killed build leaves the old file serving)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from extract.build import BuildError, build
from extract.checks import run_all
from tests.paths import RAW, ROOT

ATTRIBUTE_TABLES = ("sections", "theme_evidence", "focus_industries", "platforms", "targets", "headline_targets")


def table_rows(path: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(out_dir=tmp_path_factory.mktemp("db"), progress=False)


def test_build_contains_31_provinces_with_sections_and_the_documents(built: Path) -> None:
    con = duckdb.connect(str(built), read_only=True)
    try:
        assert con.execute("SELECT count(DISTINCT province) FROM sections WHERE province <> '全国'").fetchone() == (31,)
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (2,)
        assert con.execute("SELECT scope FROM documents ORDER BY doc_id").fetchall() == [("several",), ("全国",)]
        (n_info,) = con.execute("SELECT count(*) FROM build_info").fetchone()
        assert n_info == 1
    finally:
        con.close()
    assert run_all(built) == []


def test_every_quote_equals_the_document_text_at_its_span(built: Path) -> None:
    con = duckdb.connect(str(built), read_only=True)
    try:
        for table in ("theme_evidence", "focus_industries", "platforms", "targets"):
            rows = con.execute(
                f"SELECT a.quote, d.text, a.start_pos, a.end_pos, a.method, a.rule_id "
                f"FROM {table} a JOIN documents d USING (doc_id)"
            ).fetchall()
            for quote, text, start, end, method, rule in rows:
                assert text[start:end] == quote
                assert method in ("rule", "curated") and rule
    finally:
        con.close()


def test_two_builds_give_identical_attribute_tables(built: Path, tmp_path: Path) -> None:
    again = build(out_dir=tmp_path, progress=False)
    for table in ATTRIBUTE_TABLES:
        assert table_rows(again, table) == table_rows(built, table), table


def copy_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    return raw


def test_failed_build_leaves_the_previous_database_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = build(raw_dir=copy_raw(tmp_path), out_dir=out, progress=False)
    before = sha(good)
    broken = tmp_path / "broken"
    shutil.copytree(RAW, broken)
    (broken / "004_bad.txt").write_text("安徽省“十四五”期间，建设中国声谷。", encoding="utf-8")
    (broken / "004_bad.meta.yaml").write_text("title: 测试\nscope: Atlantis\n", encoding="utf-8")
    with pytest.raises(BuildError, match="004_bad.meta.yaml.*Atlantis"):
        build(raw_dir=broken, out_dir=out, progress=False)
    assert sha(good) == before
    assert [p.name for p in out.iterdir()] == [good.name]
    assert run_all(good) == []


def test_checks_reject_a_quote_that_does_not_match_its_span(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "tampered.duckdb"
    shutil.copy(built, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE theme_evidence SET quote = '伪造' WHERE rowid = (SELECT min(rowid) FROM theme_evidence)")
    con.close()
    problems = run_all(copy)
    assert any("differs from" in p for p in problems)


def test_build_cli_reports_failure_and_keeps_old_database(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PLAN_ATLAS_BUILD_DIR": str(out)}
    ok = subprocess.run([sys.executable, "-m", "extract", "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "[1/2]" in ok.stderr  # progress is shown
    db = out / "plan_atlas.duckdb"
    before = sha(db)
    empty = tmp_path / "empty_raw"
    empty.mkdir()
    bad = subprocess.run(
        [sys.executable, "-m", "extract", "build", "--raw", str(empty)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "no documents" in bad.stderr and "unchanged" in bad.stderr
    assert sha(db) == before


@pytest.mark.slow
def test_build_killed_midway_leaves_previous_database_usable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    raw = copy_raw(tmp_path)
    good = build(raw_dir=raw, out_dir=out, progress=False)
    before = sha(good)
    # enough distinct documents that the build takes a while
    digest = (RAW / "002_03734c23c7c98f48.txt").read_text(encoding="utf-8")
    for i in range(150):
        (raw / f"9{i:03d}.txt").write_text(f"第{i}版。\n" + digest * 3, encoding="utf-8")
        (raw / f"9{i:03d}.meta.yaml").write_text(f"title: 副本{i}\nscope: several\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract", "build", "--raw", str(raw), "--quiet"],
        cwd=ROOT,
        env={**os.environ, "PLAN_ATLAS_BUILD_DIR": str(out)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not list(out.glob(".*building*")):
        time.sleep(0.01)
    assert proc.poll() is None, "the build finished before it could be killed; make the input larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert sha(good) == before
    assert table_rows(good, "sections")  # still opens and answers
    # the next build cleans up the dead build's temporary file
    build(raw_dir=RAW, out_dir=out, progress=False)
    assert not list(out.glob(".*building*"))
