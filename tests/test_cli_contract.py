"""The public CLI contract (shared/spec/extract-cli.md): JSON shape, spans, province options, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.pipeline import all_rule_ids
from extract.reading import read_document
from extract.records import PLATFORM_KINDS
from extract.themes import theme_ids
from tests.paths import DIGEST, NATIONAL, ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def items(unit: dict) -> list[dict]:
    out = [ev for theme in unit["themes"] for ev in theme["evidence"]]
    return out + unit["focus_industries"] + unit["platforms"] + unit["targets"]


@pytest.fixture(scope="module")
def digest_json() -> dict:
    result = run_cli("extract", str(DIGEST), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_digest_gives_31_units_obeying_the_contract(digest_json: dict) -> None:
    text = read_document(DIGEST).text
    doc = digest_json["document"]
    assert doc["chars"] == len(text) and doc["encoding"] == "utf-8" and len(doc["sha256"]) == 64
    units = digest_json["units"]
    assert len(units) == 31
    assert len({u["province"] for u in units}) == 31
    known_rules, known_themes = all_rule_ids(), set(theme_ids())
    for unit in units:
        assert set(unit) == {
            "province", "city", "start", "end", "themes", "focus_industries", "platforms", "targets", "achieved"
        }  # fmt: skip
        for named in unit["focus_industries"] + unit["platforms"]:
            assert named["name"] and named["canonical"]
        assert unit["city"] is None
        for theme in unit["themes"]:
            assert theme["theme_id"] in known_themes
            assert theme["hits"] == len(theme["evidence"]) > 0
        for item in items(unit):
            assert text[item["start"] : item["end"]] == item["text"]
            assert unit["start"] <= item["start"] < item["end"] <= unit["end"]
            assert item["rule"] in known_rules
        for platform in unit["platforms"]:
            assert platform["kind"] in PLATFORM_KINDS
        for target in unit["targets"]:
            assert target["comparator"] in {"=", ">", ">=", "~", "level"}


def test_gbk_copy_gives_the_same_units(tmp_path: Path) -> None:
    """Copies without the sidecar (its date and period tell a result from a goal), UTF-8 and GB18030, agree."""
    utf8, gbk = tmp_path / "digest_utf8.txt", tmp_path / "digest_gbk.txt"
    utf8.write_text(DIGEST.read_text(encoding="utf-8"), encoding="utf-8")
    gbk.write_bytes(DIGEST.read_text(encoding="utf-8").encode("gb18030"))
    plain = json.loads(run_cli("extract", str(utf8), "--format", "json").stdout)
    result = run_cli("extract", str(gbk), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["document"]["encoding"] == "gb18030"
    assert payload["units"] == plain["units"]


@pytest.mark.parametrize("name", ["全国", "National"])
def test_province_option_makes_the_whole_document_one_unit(name: str) -> None:
    result = run_cli("extract", str(NATIONAL), "--province", name, "--format", "json")
    assert result.returncode == 0, result.stderr
    units = json.loads(result.stdout)["units"]
    assert [u["province"] for u in units] == ["全国"]
    assert units[0]["themes"], "the national plan should touch several themes"


@pytest.mark.parametrize("name", ["广西", "广西壮族自治区", "Guangxi", "guangxi"])
def test_every_spelling_of_a_province_resolves(tmp_path: Path, name: str) -> None:
    path = tmp_path / "city.txt"
    path.write_text("南宁市加快建设中国—东盟信息港，发展数字经济。", encoding="utf-8")
    result = run_cli("extract", str(path), "--province", name, "--city", "南宁", "--format", "json")
    assert result.returncode == 0, result.stderr
    (unit,) = json.loads(result.stdout)["units"]
    assert (unit["province"], unit["city"]) == ("广西", "南宁")


def test_table_format_is_readable() -> None:
    result = run_cli("extract", str(DIGEST), "--format", "table")
    assert result.returncode == 0
    assert "31 units" in result.stdout and "== 新疆" in result.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", (), "empty"),
        (b"%PDF-1.4 binary", (), "binary"),
        ("浙江".encode(), ("--province", "Atlantis"), "unknown province"),
    ],
)
def test_errors_go_to_stderr_with_nonzero_exit(tmp_path: Path, content: bytes, args: tuple, message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = run_cli("extract", str(path), *args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert message in result.stderr


def test_missing_file() -> None:
    result = run_cli("extract", "no/such/file.txt")
    assert result.returncode != 0 and "not found" in result.stderr
