"""Word, PDF and web-page input: the same real report (河北 2026) in four formats gives the same findings; a PDF
without a text layer or with a password, and a broken Word file, give a clear error (tests/fixtures/formats/ is
made by tools/make_format_fixtures.py: python-docx, a portal-style page, Chromium's print-to-PDF)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

from extract.formats import normalise_cjk
from extract.pipeline import extract_units
from extract.reading import DocumentError, read_document
from tests.paths import ROOT

FORMATS = ROOT / "tests" / "fixtures" / "formats"


def findings(path: Path) -> dict[str, object]:
    unit = extract_units(read_document(path).text, province="河北")[0]
    return {
        "themes": sorted(t.theme_id for t in unit.themes),
        "industries": sorted({i.name for i in unit.focus_industries}),
        "platforms": sorted({p.name for p in unit.platforms}),
        "targets": sorted((t.value, t.unit, t.year) for t in unit.targets),
    }


@pytest.fixture(scope="module")
def from_text() -> dict[str, object]:
    return findings(FORMATS / "hebei.txt")


@pytest.mark.parametrize("suffix", ["docx", "html", "pdf"])
def test_every_format_gives_the_same_findings_as_the_text(suffix: str, from_text: dict[str, object]) -> None:
    assert from_text["themes"] and from_text["platforms"]  # the report has findings to compare
    assert findings(FORMATS / f"hebei.{suffix}") == from_text


def test_pdf_text_reads_as_a_person_reads_it() -> None:
    text = read_document(FORMATS / "hebei.pdf").text
    assert "人民代表大会" in text  # ⺠ (a radical form the PDF font uses) came back as 民
    assert "\n1\n" not in text and not text.rstrip().endswith(("1", "2", "3"))  # no page numbers
    # lines of one paragraph are joined: the text has about as many lines as the original paragraphs
    original = (FORMATS / "hebei.txt").read_text(encoding="utf-8").strip().split("\n")
    assert abs(len(text.strip().split("\n")) - len(original)) <= len(original) // 10


def test_web_page_keeps_the_article_and_drops_the_portal() -> None:
    text = read_document(FORMATS / "hebei.html").text
    assert "版权所有" not in text and "政务公开" not in text and "字号" not in text
    assert "各位代表" in text


def test_kangxi_and_compatibility_forms_are_normalised_but_punctuation_is_not() -> None:
    assert normalise_cjk("⼯业互联⽹，⺠营") == "工业互联网，民营"


def _pdf(tmp_path: Path, name: str, password: str | None = None) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path


def test_scanned_pdf_without_text_layer_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no text layer"):
        read_document(_pdf(tmp_path, "scan.pdf"))


def test_password_protected_pdf_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="password-protected"):
        read_document(_pdf(tmp_path, "locked.pdf", password="secret"))


def test_broken_word_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError, match="not a readable Word"):
        read_document(path)


def test_cli_reads_a_word_file(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "extract", "extract", str(FORMATS / "hebei.docx"), "--province", "河北"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert '"encoding": "docx"' in out.stdout


def test_add_copies_the_file_writes_a_checked_sidecar_and_the_build_shows_it(tmp_path: Path) -> None:
    """`extract add` on a Word file: copied with a sidecar (sha256 included), and the rebuilt database holds it."""
    import duckdb
    import yaml

    raw = tmp_path / "raw"
    raw.mkdir()
    for p in (ROOT / "tests" / "fixtures" / "corpus").iterdir():
        (raw / p.name).write_bytes(p.read_bytes())
    out = subprocess.run(
        [sys.executable, "-m", "extract", "add", str(FORMATS / "hebei.docx"), "--scope", "Hebei", "--doc-type",
         "work_report", "--date", "2026-02-02", "--raw", str(raw)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
        env={**__import__("os").environ, "PLAN_ATLAS_BUILD_DIR": str(tmp_path / "build")},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    meta = yaml.safe_load((raw / "hebei.meta.yaml").read_text(encoding="utf-8"))
    assert meta["scope"] == "河北" and meta["title"] == "2026年河北省政府工作报告" and len(meta["sha256"]) == 64
    con = duckdb.connect(str(tmp_path / "build" / "plan_atlas.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT scope, doc_type FROM documents WHERE doc_id = 'hebei'").fetchone() == (
            "河北", "work_report")  # fmt: skip
    finally:
        con.close()
    again = subprocess.run(
        [sys.executable, "-m", "extract", "add", str(FORMATS / "hebei.docx"), "--scope", "河北", "--raw", str(raw),
         "--no-build"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert again.returncode == 1 and "already in" in again.stderr and "nothing was added" in again.stderr


def test_pdf_lines_ending_before_a_decimal_are_joined_and_radical_forms_read_as_characters() -> None:
    """Found in the 河北 PDF: a line ending in 增长 before '5.1倍' is one paragraph (5.1 is not a heading '5.'), and
    ⻦ / ⻣ (CJK RADICAL C-SIMPLIFIED BIRD / BONE) are the characters 鸟 / 骨."""
    from extract.formats import join_pdf_lines

    long = "新能源汽车产量增长"
    assert join_pdf_lines([long * 4, "5.1倍，综合算力指数全国第一。"]) == long * 4 + "5.1倍，综合算力指数全国第一。"
    assert join_pdf_lines([long * 4, "1.加快建设。"]).split("\n") == [long * 4, "1.加快建设。"]
    assert normalise_cjk("鸥⻦翔集，省属⻣干高校") == "鸥鸟翔集，省属骨干高校"
    text = read_document(FORMATS / "hebei.pdf").text
    assert "增长5.1倍" in text and "鸥鸟翔集" in text
