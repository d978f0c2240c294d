"""The benchmark command runs end to end (quick mode, real corpus) and reports every measure; not timed.

Plus the scale-corpus generator: deterministic, valid sidecars, text recombined from real sentences.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.scale_corpus import ScaleSpec, corpus_sentences, generate
from extract.paths import RAW, ROOT
from extract.sources import load_source


@pytest.mark.slow
def test_bench_quick_runs_and_reports(tmp_path: Path) -> None:
    from bench.bench import discover_queries

    out = tmp_path / "results.md"
    env = {**os.environ, "PLAN_ATLAS_BUILD_DIR": str(tmp_path / "build")}
    env.pop("PLAN_ATLAS_DB", None)
    proc = subprocess.run(
        [sys.executable, "-m", "extract", "bench", "--quick", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    assert report.strip() in proc.stdout
    assert "Page raised" not in report and " raised:" not in proc.stderr
    for measure in (
        "Extraction, chars/s",
        "jieba.lcut, chars/s",
        "Extraction ÷ jieba, in-process",
        "Extraction ÷ jieba, end to end through the CLI",
        "Full build, wall s",
        "Build peak memory",
        "Slowest query p95, ms",
        "Empty Streamlit page, warm rerun ms",
        "Slowest warm rerun ÷ empty page",
        "Goals not met, and why",
    ):
        assert measure in report, measure
    assert "≤ 5×" in report and "≤ 3×" not in report, "issue 14: a warm rerun may take up to 5× an empty page"
    for page in sorted((ROOT / "pages").glob("*.py")):
        assert f"Page `{page.stem}`: warm rerun" in report, page.stem
    for name, _ in discover_queries():
        assert f"`{name}`" in report, name
    assert (tmp_path / "build" / "bench" / "bench_real" / "bench_real.duckdb").exists(), (
        "bench writes under the build dir"
    )


def test_scale_corpus_is_deterministic_and_valid(tmp_path: Path) -> None:
    spec = ScaleSpec(docs_per_province=1, target_mb=0.5, seed=3)
    raw = generate(tmp_path / "a", spec)
    again = generate(tmp_path / "b", spec)
    synthetic = sorted(raw.glob("scale_*.txt"))
    assert len(synthetic) == 31
    assert [p.read_bytes() for p in synthetic] == [(again / p.name).read_bytes() for p in synthetic]
    assert len({p.read_bytes() for p in synthetic}) == 31, "documents must differ (the build rejects duplicates)"
    assert {p.name for p in RAW.glob("*.txt")} <= {p.name for p in raw.glob("*.txt")}, "the real corpus is included"
    total = sum(p.stat().st_size for p in synthetic)
    assert 0.8 * spec.target_bytes <= total <= 1.3 * spec.target_bytes
    sentences = set(corpus_sentences())
    source = load_source(synthetic[0])
    assert source.scope and source.meta["note"].startswith("Synthetic")
    body = source.document.text.split("\n\n", 1)[1]
    pieces = [s for s in body.replace("\n", "").split("。") if s]
    assert pieces and sum(any(piece in s for s in sentences) for piece in pieces[:20]) >= len(pieces[:20]) * 0.8


def test_scale_corpus_is_reused_when_unchanged(tmp_path: Path) -> None:
    spec = ScaleSpec(docs_per_province=1, target_mb=0.2, seed=5)
    raw = generate(tmp_path, spec)
    marker = raw / "scale_01_001.txt"
    stamp, content = marker.stat().st_mtime_ns, marker.read_bytes()
    generate(tmp_path, spec)
    assert marker.stat().st_mtime_ns == stamp, "same parameters: the corpus is reused, not rewritten"
    generate(tmp_path, ScaleSpec(docs_per_province=1, target_mb=0.2, seed=6))
    assert marker.read_bytes() != content, "another seed: the corpus is regenerated"


def test_a_page_that_raises_is_a_failure_of_the_run(tmp_path: Path, fixture_db: Path) -> None:
    from bench import bench

    (tmp_path / "pages").mkdir()
    app = "import streamlit as st\nst.navigation([st.Page('pages/fine.py'), st.Page('pages/boom.py')]).run()\n"
    (tmp_path / "app.py").write_text(app, encoding="utf-8")
    (tmp_path / "pages" / "fine.py").write_text("import streamlit as st\nst.write('ok')\n", encoding="utf-8")
    (tmp_path / "pages" / "boom.py").write_text("raise ValueError('page is broken')\n", encoding="utf-8")
    bench.PAGE_FAILURES.clear()
    try:
        _, _, pages = bench.measure_reruns(fixture_db, reruns=1, app=tmp_path / "app.py")
        assert [f.split(":")[0] for f in bench.PAGE_FAILURES] == ["boom.py"]
        assert "page is broken" in bench.PAGE_FAILURES[0]
        assert pages["fine"] > 0
    finally:
        bench.PAGE_FAILURES.clear()
