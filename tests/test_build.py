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

from database.build import BuildError, build
from database.checks import run_all
from tests.paths import FIXTURE_CORPUS, RAW, ROOT

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


def test_real_corpus_holds_the_digest_the_national_plan_and_31_work_reports(built: Path) -> None:
    """Facts read off ../shared/corpus: 002 (31 province sections), 003 (全国), 31 work reports of 2026."""
    con = duckdb.connect(str(built), read_only=True)
    try:
        assert con.execute("SELECT count(DISTINCT province) FROM sections WHERE province <> '全国'").fetchone() == (31,)
        types = dict(con.execute("SELECT doc_type, count(*) FROM documents GROUP BY ALL").fetchall())
        assert types == {"digest": 1, "national_plan": 1, "work_report": 31}
        row = con.execute(
            "SELECT scope, issuer, issued_on, period_start, review_start, review_end FROM documents "
            "WHERE doc_id = 'gwr2026_450000_guangxi'"
        ).fetchone()
        assert row == ("广西", "广西壮族自治区人民政府", "2026-02-07", 2026, 2021, 2025)
        # every province has at least 10,000 characters of its own text (河北's report, the shortest, has 9,832
        # characters as collected; with its digest section it passes)
        short = con.execute("SELECT province FROM coverage GROUP BY province HAVING sum(n_chars) < 10000").fetchall()
        assert short == []
        (n_info,) = con.execute("SELECT count(*) FROM build_info").fetchone()
        assert n_info == 1
    finally:
        con.close()
    assert run_all(built) == []


def test_fixture_corpus_builds_and_reports_the_provinces_it_lacks(fixture_db: Path) -> None:
    """A corpus without the digest builds: 浙江 and 广西 from the digest excerpt, 宁夏 from its report, 西藏 none."""
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        rows = dict(con.execute("SELECT province, sum(n_documents) FROM coverage GROUP BY ALL").fetchall())
        assert len(rows) == 31
        assert (rows["浙江"], rows["广西"], rows["宁夏"], rows["西藏"]) == (1, 1, 1, 0)
        assert con.execute("SELECT count(*) FROM provinces WHERE has_plan_data").fetchone() == (31,)
        head = con.execute("SELECT left(text, 30) FROM documents WHERE doc_id = 'fx_report_ningxia'").fetchone()[0]
        assert head.startswith("2026年宁夏回族自治区政府工作报告")  # the portal's breadcrumb and stamps are gone
    finally:
        con.close()


def test_build_on_the_command_line_reports_coverage(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "extract", "build", "--raw", str(ROOT / "tests/fixtures/corpus"), "--name", "fx"],
        cwd=ROOT,
        env={**os.environ, "PLAN_ATLAS_BUILD_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "coverage: 2 province(s) with a digest" in out.stderr
    assert "coverage: 1 province(s) with a work_report" in out.stderr
    assert "西藏" in out.stderr.split("no document for", 1)[1]


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
    shutil.copytree(FIXTURE_CORPUS, raw)
    return raw


def listing(folder: Path) -> list[str]:
    """The folder's files, without the build's lock file (it stays, so that waiting builds keep their lock)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def test_failed_build_leaves_the_previous_database_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = build(raw_dir=copy_raw(tmp_path), out_dir=out, progress=False, with_accuracy=False)
    before = sha(good)
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE_CORPUS, broken)
    (broken / "004_bad.txt").write_text("安徽省“十四五”期间，建设中国声谷。", encoding="utf-8")
    (broken / "004_bad.meta.yaml").write_text("title: 测试\nscope: Atlantis\ndoc_type: plan\n", encoding="utf-8")
    with pytest.raises(BuildError, match="004_bad.meta.yaml.*Atlantis"):
        build(raw_dir=broken, out_dir=out, progress=False, with_accuracy=False)
    assert sha(good) == before
    assert listing(out) == [good.name]
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
    ok = subprocess.run(
        [sys.executable, "-m", "extract", "build", "--raw", str(FIXTURE_CORPUS)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "[1/3]" in ok.stderr  # progress is shown
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
    good = build(raw_dir=raw, out_dir=out, progress=False, with_accuracy=False)
    before = sha(good)
    # enough distinct documents that the build takes a while
    digest = (RAW / "002_03734c23c7c98f48.txt").read_text(encoding="utf-8")
    for i in range(150):
        (raw / f"9{i:03d}.txt").write_text(f"第{i}版。\n" + digest * 3, encoding="utf-8")
        (raw / f"9{i:03d}.meta.yaml").write_text(
            f"title: 副本{i}\nscope: several\ndoc_type: digest\n", encoding="utf-8"
        )
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
    build(raw_dir=FIXTURE_CORPUS, out_dir=out, progress=False, with_accuracy=False)
    assert not list(out.glob(".*building*"))


def _input_checksum(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT input_checksum FROM build_info").fetchone()[0]


def test_input_checksum_covers_the_sidecars_of_the_folder_built(tmp_path: Path) -> None:
    """`build --raw DIR`: a sidecar edited in DIR changes the recorded input checksum (it read data/raw's before)."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_CORPUS, raw)
    first = _input_checksum(build(raw_dir=raw, out_dir=tmp_path / "a", progress=False, with_accuracy=False))
    sidecar = sorted(raw.glob("*.meta.yaml"))[0]
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\nnote: edited\n", encoding="utf-8")
    second = _input_checksum(build(raw_dir=raw, out_dir=tmp_path / "b", progress=False, with_accuracy=False))
    assert first != second
