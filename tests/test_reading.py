"""Decoding and cleaning: every encoding plans arrive in gives the same text and the same units."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.pipeline import extract_units
from extract.reading import DocumentError, clean_text, read_document
from tests.paths import DIGEST


def _units(path: Path) -> list[dict]:
    return [u.to_json() for u in extract_units(read_document(path).text)]


@pytest.fixture(scope="module")
def reference_text() -> str:
    return DIGEST.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("gb18030", b"", "gb18030")],
)
def test_reencoded_digest_gives_identical_text_and_units(
    tmp_path: Path, reference_text: str, encoding: str, prefix: bytes, detected: str
) -> None:
    path = tmp_path / "digest.txt"
    path.write_bytes(prefix + reference_text.encode(encoding))
    doc = read_document(path)
    assert doc.encoding == detected
    assert doc.text == reference_text
    assert _units(path) == _units(DIGEST)


def test_gbk_encoded_plan_text(tmp_path: Path) -> None:
    text = "浙江省“十四五”期间，建设国家数字经济创新发展试验区。"
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    doc = read_document(path)
    assert (doc.text, doc.encoding) == (text, "gb18030")


def test_html_debris_is_stripped_and_entities_decoded() -> None:
    raw = "<p>北京市&ldquo;十四五&rdquo;期间，发展5G&amp;大数据。</p><script>alert(1)</script><p>&nbsp;下一段</p>"
    cleaned, had_html = clean_text(raw)
    assert had_html
    assert "<" not in cleaned and "alert" not in cleaned and "&" not in cleaned.replace("5G&大数据", "")
    assert "北京市“十四五”期间，发展5G&大数据。" in cleaned
    assert "下一段" in cleaned


def test_plain_text_is_left_exactly_as_it_is() -> None:
    raw = "第一段。\r\n\r\n\r\n第二段 a<b 不是标签。"
    cleaned, had_html = clean_text(raw)
    assert not had_html
    assert cleaned == "第一段。\n\n\n第二段 a<b 不是标签。"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"<html><body><p></p></body></html>", "empty"),
    ],
)
def test_unreadable_files_raise_a_clear_error_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes("数字经济。".encode() * 1000)
    with pytest.raises(DocumentError, match="limit"):
        read_document(path, max_bytes=1000)
