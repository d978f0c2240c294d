"""Files from anywhere: every bad input gives a clear message naming the file and the problem, a non-zero exit
from the command line, and leaves the previously built database byte-identical and no temp files behind.

Inputs that are merely awkward (GBK, UTF-8 with BOM, scraped HTML, a <script> inside the text) build fine, and
document text that reaches HTML is escaped.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from database import build as build_module
from database.build import BuildError, build
from extract.paths import CURATED, ROOT
from extract.reading import MAX_BYTES, DocumentError, read_document
from tests.paths import FIXTURE_CORPUS

ZHEJIANG_TEXT = (
    "浙江省数字经济发展“十四五”规划\n"
    "加快建设国家数字经济创新发展试验区，推进产业数字化和数字产业化，大力发展云计算、大数据、人工智能。\n"
    "到2025年，数字经济增加值占地区生产总值比重达到60%左右。\n"
)
SCRIPT_PAYLOAD = "<script>alert('xss')</script>"


# ---------------------------------------------------------------- helpers


def _copy_raw(dest: Path) -> Path:
    """The fixture corpus: three short documents (the build takes any corpus)."""
    dest.mkdir(parents=True, exist_ok=True)
    for p in FIXTURE_CORPUS.iterdir():
        if p.is_file():
            shutil.copyfile(p, dest / p.name)
    return dest


def _add_doc(raw: Path, stem: str, data: bytes, scope: str = "浙江", **meta: object) -> Path:
    """Write <stem>.txt and its sidecar (no sha256, so the sidecar never disagrees with odd bytes)."""
    path = raw / f"{stem}.txt"
    path.write_bytes(data)
    fields = {"title": f"测试文档 {stem}", "scope": scope, "doc_type": "plan", **meta}
    (raw / f"{stem}.meta.yaml").write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(out_dir: Path) -> list[str]:
    return sorted(p.name for p in out_dir.iterdir() if ".building-" in p.name or p.name.endswith(".wal"))


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, **(env or {})},
    )


class Served:
    """A good database already built in out_dir; failing builds must leave it exactly as it was."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = build(
            name="plan_atlas",
            raw_dir=_copy_raw(out_dir.parent / "good_raw"),
            out_dir=out_dir,
            progress=False,
            with_accuracy=False,
        )
        self.sha = _sha(self.path)

    def assert_intact(self) -> None:
        assert _sha(self.path) == self.sha, "the previous database was modified by a failing build"
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3  # the fixture corpus
        finally:
            con.close()
        assert _leftovers(self.out_dir) == [], "a failing build left temp files behind"


@pytest.fixture
def served(tmp_path: Path) -> Served:
    return Served(tmp_path / "out")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return _copy_raw(tmp_path / "raw")


def _fails(served: Served, raw: Path, *needles: str) -> str:
    """Build raw into the served folder, expect BuildError mentioning every needle, and check nothing changed."""
    with pytest.raises(BuildError) as info:
        build(name="plan_atlas", raw_dir=raw, out_dir=served.out_dir, progress=False, with_accuracy=False)
    message = str(info.value)
    for needle in needles:
        assert needle in message, f"{needle!r} not in build error: {message}"
    served.assert_intact()
    return message


# ---------------------------------------------------------------- awkward but valid inputs


@pytest.mark.parametrize(
    ("label", "data", "encoding"),
    [
        ("gbk", ZHEJIANG_TEXT.encode("gbk"), "gb18030"),
        ("bom", b"\xef\xbb\xbf" + ZHEJIANG_TEXT.encode("utf-8"), "utf-8-sig"),
        ("crlf", ZHEJIANG_TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, label: str, data: bytes, encoding: str) -> None:
    path = tmp_path / f"{label}.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == encoding
    assert doc.text == ZHEJIANG_TEXT  # no BOM character, no \r: offsets refer to clean text


def test_gbk_and_bom_documents_build_and_store_clean_text(raw: Path, tmp_path: Path) -> None:
    _add_doc(raw, "900_gbk", ZHEJIANG_TEXT.encode("gbk"), scope="浙江")
    _add_doc(raw, "901_bom", b"\xef\xbb\xbf" + ZHEJIANG_TEXT.replace("浙江省", "江苏省").encode("utf-8"), scope="江苏")
    path = build(raw_dir=raw, out_dir=tmp_path / "out", progress=False)
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = dict(con.execute("SELECT doc_id, encoding FROM documents WHERE doc_id LIKE '90%'").fetchall())
        texts = [r[0] for r in con.execute("SELECT text FROM documents WHERE doc_id LIKE '90%'").fetchall()]
        themes = con.execute("SELECT count(*) FROM theme_evidence WHERE doc_id = '900_gbk'").fetchone()[0]
    finally:
        con.close()
    assert rows == {"900_gbk": "gb18030", "901_bom": "utf-8-sig"}
    assert all(not t.startswith("\ufeff") for t in texts)
    assert themes > 0, "the GBK document was decoded into something the theme rules cannot read"


def test_gbk_file_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(ZHEJIANG_TEXT.encode("gbk"))
    out = _run_cli("extract", str(path), "--province", "浙江", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert '"encoding": "gb18030"' in out.stdout
    assert '"province": "浙江"' in out.stdout


def test_html_scrape_is_stripped(tmp_path: Path, raw: Path) -> None:
    scraped = (
        "<html><head><style>p{color:red}</style><script>var tracker = 1;</script></head><body>"
        "<div class='nav'>首页 &gt; 政策</div><!-- ad --><p>浙江省&nbsp;数字经济发展规划</p>"
        "<p>推进产业数字化，发展云计算和大数据。</p></body></html>"
    )
    path = tmp_path / "scrape.txt"
    path.write_text(scraped, encoding="utf-8")
    doc = read_document(path)
    assert doc.had_html
    assert "<" not in doc.text and "tracker" not in doc.text and "color:red" not in doc.text
    assert "首页 > 政策" in doc.text and "浙江省 数字经济发展规划" in doc.text
    _add_doc(raw, "902_html", scraped.encode("utf-8"), scope="浙江")
    built = build(raw_dir=raw, out_dir=tmp_path / "out", progress=False)
    con = duckdb.connect(str(built), read_only=True)
    try:
        assert con.execute("SELECT had_html FROM documents WHERE doc_id = '902_html'").fetchone()[0] is True
    finally:
        con.close()


# ---------------------------------------------------------------- unusable files: build keeps the old database


EMPTY = b""
BLANK = b"  \n\t\n"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
NUL_BINARY = bytes(range(256)) * 8
ONLY_TAGS = b"<html><body><div></div><script>x()</script></body></html>"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (EMPTY, "empty"),
        (BLANK, "empty"),
        (ONLY_TAGS, "empty"),
        (PDF, "binary"),
        (NUL_BINARY, "binary"),
    ],
    ids=["empty", "blank", "only-tags", "pdf", "nul-bytes"],
)
def test_unusable_document_fails_build_and_cli(served: Served, raw: Path, data: bytes, problem: str) -> None:
    path = _add_doc(raw, "910_bad", data)
    _fails(served, raw, str(path), problem)
    out = _run_cli("extract", str(path), "--province", "浙江")
    assert out.returncode != 0
    assert str(path) in out.stderr and problem in out.stderr


def test_100mb_file_is_refused_without_reading_it(served: Served, raw: Path) -> None:
    path = _add_doc(raw, "911_huge", ZHEJIANG_TEXT.encode("utf-8"), scope="浙江")
    with open(path, "r+b") as fh:  # sparse: 100 MB on paper, almost nothing on disk
        fh.truncate(100 * 1024 * 1024)
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(DocumentError, match="100.0 MB, above the"):
        read_document(path)
    _fails(served, raw, str(path), "MB limit")
    out = _run_cli("extract", str(path))
    assert out.returncode != 0 and str(path) in out.stderr and "limit" in out.stderr


def test_missing_file_and_directory_on_the_command_line(tmp_path: Path) -> None:
    out = _run_cli("extract", str(tmp_path / "nope.txt"))
    assert out.returncode != 0 and "nope.txt" in out.stderr and "not found" in out.stderr
    out = _run_cli("extract", str(tmp_path))
    assert out.returncode != 0 and "not a regular file" in out.stderr


def test_unknown_province_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(ZHEJIANG_TEXT, encoding="utf-8")
    out = _run_cli("extract", str(path), "--province", "Atlantis")
    assert out.returncode != 0
    assert "unknown province 'Atlantis'" in out.stderr


def test_unknown_province_in_a_sidecar(served: Served, raw: Path) -> None:
    _add_doc(raw, "912_atlantis", ZHEJIANG_TEXT.encode(), scope="Atlantis")
    _fails(served, raw, "912_atlantis.meta.yaml", "unknown province 'Atlantis'")


@pytest.mark.parametrize(
    ("sidecar", "problem"),
    [
        ("title: [unclosed\nscope: 浙江\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("title: 无范围\ndoc_type: plan\n", "scope: Field required"),
        ("title: x\nscope: 浙江\ndoc_type: plan\nauthor: someone\n", "author: Extra inputs are not permitted"),
        ("title: x\nscope: 浙江\ndoc_type: plan\nsha256: 0000\n", "sha256: String should match pattern"),
        (f"title: x\nscope: 浙江\ndoc_type: plan\nsha256: {'ab' * 32}\n", "does not match the file"),
        ("title: x\nscope: 全国\ndoc_type: plan\ncity: 杭州\n", "cannot name a city"),
        ("title: x\nscope: 浙江\ndoc_type: report\n", "doc_type: Input should be"),
        ("title: [a, b]\nscope: 浙江\ndoc_type: plan\n", "title: Input should be a valid string"),
        ("title: x\nscope: 浙江\ndoc_type: plan\ncity: [杭州, 宁波]\n", "city: Input should be a valid string"),
        ("title: x\nscope: 浙江\ndoc_type: plan\ndate: 2021-13-45\n", "date: Value error, not a calendar date"),
        ("a: &a [x, x]\nb: &b [*a, *a]\ntitle: *b\nscope: 浙江\ndoc_type: plan\n", "aliases (*name) are not allowed"),
        ("title: " + "长" * 400 + "\nscope: 浙江\ndoc_type: plan\n", "title: String should have at most 300"),
        ("title: x\nscope: 浙江\ndoc_type: plan\nurl: 'javascript:alert(1)'\n", "url: Value error"),
    ],
    ids=[
        "yaml-syntax",
        "not-mapping",
        "missing-scope",
        "unknown-field",
        "sha-malformed",
        "sha-mismatch",
        "national-city",
        "unknown-doc-type",
        "title-list",
        "city-list",
        "impossible-date",
        "yaml-alias",
        "huge-title",
        "script-url",
    ],
)
def test_malformed_sidecar(served: Served, raw: Path, sidecar: str, problem: str) -> None:
    (raw / "913_doc.txt").write_text(ZHEJIANG_TEXT, encoding="utf-8")
    (raw / "913_doc.meta.yaml").write_text(sidecar, encoding="utf-8")
    _fails(served, raw, "913_doc", problem)


def test_sidecar_in_gbk_is_refused(served: Served, raw: Path) -> None:
    (raw / "914_doc.txt").write_text(ZHEJIANG_TEXT, encoding="utf-8")
    (raw / "914_doc.meta.yaml").write_bytes("title: 浙江规划\nscope: 浙江\n".encode("gbk"))
    _fails(served, raw, "914_doc.meta.yaml", "UTF-8")


def test_document_without_sidecar(served: Served, raw: Path) -> None:
    (raw / "915_orphan.txt").write_text(ZHEJIANG_TEXT, encoding="utf-8")
    _fails(served, raw, "915_orphan.txt", "no metadata sidecar")


def test_missing_raw_folder_on_the_command_line(served: Served, tmp_path: Path) -> None:
    out = _run_cli(
        "build", "--raw", str(tmp_path / "no_such_dir"), "--quiet", env={"PLAN_ATLAS_BUILD_DIR": str(served.out_dir)}
    )
    assert out.returncode != 0
    assert "no_such_dir" in out.stderr and "not found" in out.stderr
    served.assert_intact()


def test_bad_raw_folder_on_the_command_line(served: Served, raw: Path) -> None:
    path = _add_doc(raw, "916_pdf", PDF)
    out = _run_cli("build", "--raw", str(raw), "--quiet", env={"PLAN_ATLAS_BUILD_DIR": str(served.out_dir)})
    assert out.returncode != 0
    assert str(path) in out.stderr and "binary" in out.stderr
    assert "previous database" in out.stderr
    served.assert_intact()


@pytest.fixture
def curated_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    monkeypatch.setattr(build_module, "CURATED", folder)
    return folder / "headline_targets.csv"


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda row: row.replace(",10,%,=,2025,", ",abc,%,=,2025,"), "value 'abc' is not a number"),
        (lambda row: "Atlantis" + row[row.index(",") :], "unknown province 'Atlantis'"),
        (lambda row: row.replace(",=,2025,", ",=,1899,"), "target_year '1899'"),
        (lambda row: row.replace(",high,", ",certain,"), "status 'certain'"),
    ],
    ids=["value", "province", "year", "status"],
)
def test_malformed_curated_row(served: Served, raw: Path, curated_copy: Path, edit, problem: str) -> None:
    lines = curated_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = edit(lines[1])
    curated_copy.write_text("".join(lines), encoding="utf-8")
    _fails(served, raw, str(curated_copy), "row 2", problem)


def test_curated_file_missing_a_column(served: Served, raw: Path, curated_copy: Path) -> None:
    text = curated_copy.read_text(encoding="utf-8")
    curated_copy.write_text(text.replace(",status,", ",state,", 1), encoding="utf-8")
    _fails(served, raw, str(curated_copy), "missing column(s) status")


# ---------------------------------------------------------------- a document that tries to inject markup


@pytest.fixture
def script_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A database whose 宁夏 document carries <script> in its text (via entities that survive cleaning) and title."""
    base = tmp_path_factory.mktemp("script")
    raw = _copy_raw(base / "raw")
    body = (
        "宁夏回族自治区数字经济发展规划\n"
        "大力发展数字经济&lt;script&gt;alert('xss')&lt;/script&gt;，推进云计算、大数据和人工智能产业，"
        "建设工业互联网平台。<b onmouseover=alert(1)>数字政府</b>建设全面推进。\n"
        "到2025年，数字经济增加值占地区生产总值比重达到35%。\n"
    )
    _add_doc(raw, "920_script", body.encode("utf-8"), scope="宁夏", title=f"宁夏规划{SCRIPT_PAYLOAD}")
    yield build(raw_dir=raw, out_dir=base / "out", progress=False)


def test_script_document_builds_and_keeps_its_text_as_data(script_db: Path) -> None:
    con = duckdb.connect(str(script_db), read_only=True)
    try:
        text, title = con.execute("SELECT text, title FROM documents WHERE doc_id = '920_script'").fetchone()
        quotes = [r[0] for r in con.execute("SELECT quote FROM theme_evidence WHERE doc_id = '920_script'").fetchall()]
    finally:
        con.close()
    assert SCRIPT_PAYLOAD in text, "the payload must survive as text, or the escaping tests below prove nothing"
    assert "onmouseover" not in text  # a real tag is stripped as HTML debris
    assert SCRIPT_PAYLOAD in title
    assert quotes, "the script document should still yield theme evidence"


def _elements(node) -> Iterator:
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for child in children.values():
        yield from _elements(child)


def _html_payloads(at) -> list[str]:
    """Every string the browser will interpret as HTML: unsafe markdown, st.html, component/ECharts JSON."""
    found = []
    for el in _elements(at._tree):
        proto = getattr(el, "proto", None)
        if proto is None:
            continue
        kind = type(proto).__name__
        if kind == "Markdown" and proto.allow_html:
            found.append(proto.body)
        elif kind == "Html":
            found.append(proto.body)
        elif kind in ("ComponentInstance", "BidiComponent", "ArrowVegaLiteChart", "PlotlyChart", "DeckGlJsonChart"):
            found.append(str(proto))
    return found


def _page_files() -> list[str]:
    return sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", _page_files())
def test_script_document_is_escaped_on_every_page(script_db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """Open each page with 宁夏 (and the script document) selected; no unescaped payload may reach HTML."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PLAN_ATLAS_DB", str(script_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    # URL state of the pages: province page ?province=, compare ?p=&p=, search ?q=&prov=.
    params = {"province": "宁夏", "p": ["宁夏", "浙江"], "q": "数字经济", "prov": "宁夏"}
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    payloads = _html_payloads(at)
    for payload in payloads:
        assert "<script" not in payload.lower(), f"{page}: unescaped <script> rendered as HTML: {payload[:300]}"
        assert "onmouseover" not in payload.lower()
    if page in ("pages/province.py", "pages/search.py"):  # these render document text as HTML: prove it was shown
        assert any("&lt;script&gt;" in p for p in payloads), f"{page}: the script document's text was not rendered"


def test_highlight_helper_escapes_document_text() -> None:
    """The province page's highlighter escapes the text around and inside highlights, and hover labels."""
    from atlas.highlight import Span, escape, highlight, kwic, legend

    text = f"前文{SCRIPT_PAYLOAD}数字经济<img src=x onerror=alert(1)>后文"
    start = text.index("数字经济")
    spans = [Span(start, start + 4, "theme", label=SCRIPT_PAYLOAD), Span(0, start + 2, "industry")]
    outputs = {
        "highlight": highlight(text, spans),
        "highlight-offset": highlight(text[5:], spans, offset=5),
        "kwic": kwic(SCRIPT_PAYLOAD, "<b>数字</b>", "<img src=x onerror=alert(1)>", label=SCRIPT_PAYLOAD),
        "escape": escape(text),
        "legend": legend({"theme": SCRIPT_PAYLOAD}, curated_label=SCRIPT_PAYLOAD),
    }
    for name, out in outputs.items():
        assert "<script" not in out and "<img" not in out and "<b>" not in out, (name, out)
        assert "&lt;script&gt;" in out or "&lt;b&gt;" in out, (name, out)
    assert "<mark" in outputs["highlight"]


# ---------------------------------------------------------------- province names from a URL or the command line


@pytest.mark.parametrize(
    "name",
    ["guangxi", "Guangxi", " GUANGXI ", "广西", "广西壮族自治区", "桂", "Ｇｕａｎｇｘｉ", "Guangxi Zhuang"],
    ids=["lower", "title", "upper-padded", "short", "full", "abbreviation", "fullwidth", "alias"],
)
def test_every_spelling_of_guangxi_resolves(name: str) -> None:
    from atlas.params import province_param
    from extract.regions import find_province

    assert find_province(name) == "广西"
    assert province_param(name, ["北京", "广西"]) == "广西"


ABBREVIATIONS = {
    "京": "北京", "津": "天津", "冀": "河北", "晋": "山西", "蒙": "内蒙古", "辽": "辽宁", "吉": "吉林", "黑": "黑龙江",
    "沪": "上海", "苏": "江苏", "浙": "浙江", "皖": "安徽", "闽": "福建", "赣": "江西", "鲁": "山东", "豫": "河南",
    "鄂": "湖北", "湘": "湖南", "粤": "广东", "桂": "广西", "琼": "海南", "渝": "重庆", "川": "四川", "蜀": "四川",
    "黔": "贵州", "贵": "贵州", "滇": "云南", "云": "云南", "藏": "西藏", "陕": "陕西", "秦": "陕西", "甘": "甘肃",
    "陇": "甘肃", "青": "青海", "宁": "宁夏", "新": "新疆",
}  # fmt: skip


def test_one_character_abbreviations_resolve() -> None:
    from extract.regions import find_province, plan_provinces

    assert {find_province(a) for a in ABBREVIATIONS} == {p.province for p in plan_provinces()}
    for abbreviation, province in ABBREVIATIONS.items():
        assert find_province(abbreviation) == province, abbreviation


@pytest.mark.parametrize(
    "name",
    ["", "   ", "Atlantis", "广", "x" * 10_000, "北京;DROP TABLE", None, "🙂"],
    ids=["empty", "blank", "atlantis", "one-char-prefix", "huge", "injection", "none", "emoji"],
)
def test_unknown_province_is_none_not_beijing(name: str | None) -> None:
    from atlas.params import province_param
    from extract.regions import find_province

    assert find_province(name) is None  # type: ignore[arg-type]
    assert province_param(name, ["北京", "广西"]) is None


def test_province_param_refuses_a_province_the_page_cannot_show() -> None:
    from atlas.params import province_param

    assert province_param("全国", ["北京", "广西"]) is None  # a real name, but not one of the page's options
    assert province_param(["桂", "京"], ["北京", "广西"]) == "广西"  # ?province=桂&province=京: the first counts


def test_unknown_province_message_is_bilingual() -> None:
    from atlas.i18n import t

    assert "Atlantis" in t("province_param_unknown", "en").format(name="Atlantis")
    assert "Atlantis" in t("province_param_unknown", "zh").format(name="Atlantis")


def test_abbreviated_province_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(ZHEJIANG_TEXT, encoding="utf-8")
    out = _run_cli("extract", str(path), "--province", "浙", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert '"province": "浙江"' in out.stdout


# ---------------------------------------------------------------- encodings and read errors


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xff\xfe" + ZHEJIANG_TEXT.encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + ZHEJIANG_TEXT.encode("utf-16-be"), "utf-16"),
        (ZHEJIANG_TEXT.encode("utf-16-le"), "utf-16-le"),
        (ZHEJIANG_TEXT.encode("utf-16-be"), "utf-16-be"),
        (ZHEJIANG_TEXT.replace("\n", "\r\n").encode("utf-16"), "utf-16"),
    ],
    ids=["bom-le", "bom-be", "bomless-le", "bomless-be", "crlf-native"],
)
def test_utf16_is_decoded_not_called_binary(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert (doc.text, doc.encoding) == (ZHEJIANG_TEXT, encoding)


def test_utf16_document_builds(raw: Path, tmp_path: Path) -> None:
    _add_doc(raw, "930_utf16", b"\xff\xfe" + ZHEJIANG_TEXT.encode("utf-16-le"))
    path = build(raw_dir=raw, out_dir=tmp_path / "out", progress=False, with_accuracy=False)
    con = duckdb.connect(str(path), read_only=True)
    try:
        text, encoding = con.execute("SELECT text, encoding FROM documents WHERE doc_id = '930_utf16'").fetchone()
    finally:
        con.close()
    assert (text, encoding) == (ZHEJIANG_TEXT, "utf-16")


def test_utf8_title_line_over_a_gbk_body_is_not_mojibake(tmp_path: Path) -> None:
    """A UTF-8 heading pasted above a GBK body: decoding it all as GBK would garble the heading silently."""
    title, body = (
        "浙江省数字经济发展规划\n",
        "加快建设国家数字经济创新发展试验区。\n到2025年，数字经济增加值达到60%。\n",
    )
    path = tmp_path / "mixed.txt"
    path.write_bytes(title.encode("utf-8") + body.encode("gbk"))
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    offset = len(title.encode("utf-8"))
    assert str(path) in message and "mixed encodings" in message
    assert f"byte {offset}" in message and "line 2" in message


def test_utf8_file_with_gbk_bytes_appended_names_the_right_offset(tmp_path: Path) -> None:
    good = ZHEJIANG_TEXT.encode("utf-8")
    path = tmp_path / "appended.txt"
    path.write_bytes(good + "附件：浙江省数字经济重点项目表\n".encode("gbk"))
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert f"byte {len(good)}" in message, message
    assert f"line {ZHEJIANG_TEXT.count(chr(10)) + 1}" in message, message


def test_gbk_file_is_still_gbk(tmp_path: Path) -> None:
    """A whole-GBK file whose first characters happen to be valid UTF-8 (省 = CA A1) is not 'mixed'."""
    path = tmp_path / "gbk.txt"
    text = "省级数字经济发展规划\n" + ZHEJIANG_TEXT
    path.write_bytes(text.encode("gbk"))
    assert read_document(path).text == text


def _failing_open(monkeypatch: pytest.MonkeyPatch, target: Path, exc: OSError | None = None) -> None:
    """os.open of `target` raises `exc`; with exc None the file is deleted just before it is opened (it vanished)."""
    import extract.reading as reading

    real_open = os.open

    def fake_open(path, *args, **kwargs):
        if Path(path) == target:
            if exc is None:
                target.unlink(missing_ok=True)
            else:
                raise exc
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading.os, "open", fake_open)


READ_ERRORS = {
    "permission": (PermissionError(13, "Permission denied"), "permission denied"),
    "io-error": (OSError(5, "Input/output error"), "Input/output error"),
    "vanished": (None, "not found"),
}


@pytest.mark.parametrize("kind", READ_ERRORS)
def test_read_error_is_a_document_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(ZHEJIANG_TEXT, encoding="utf-8")
    exc, needle = READ_ERRORS[kind]
    _failing_open(monkeypatch, path, exc)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert str(path) in str(info.value) and needle in str(info.value)


@pytest.mark.parametrize("kind", READ_ERRORS)
def test_read_error_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    from extract.cli import main

    path = tmp_path / "doc.txt"
    path.write_text(ZHEJIANG_TEXT, encoding="utf-8")
    exc, needle = READ_ERRORS[kind]
    _failing_open(monkeypatch, path, exc)
    assert main(["extract", str(path), "--province", "浙江"]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and needle in err and "Traceback" not in err


@pytest.mark.parametrize("kind", READ_ERRORS)
def test_read_error_in_the_build(served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    path = _add_doc(raw, "931_doc", ZHEJIANG_TEXT.encode())
    exc, needle = READ_ERRORS[kind]
    _failing_open(monkeypatch, path, exc)
    _fails(served, raw, str(path), needle)


def test_a_directory_named_like_a_document_on_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "plan.txt"
    folder.mkdir()
    out = _run_cli("extract", str(folder))
    assert out.returncode != 0 and "not a regular file" in out.stderr and "Traceback" not in out.stderr


def test_unreadable_raw_folder_in_the_build(served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        if self == raw:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    _fails(served, raw, str(raw), "Permission denied")


def test_document_vanishing_after_it_was_read(served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file deleted mid-build (after reading, before the build checksums its inputs) is named as a read problem."""
    path = _add_doc(raw, "932_doc", ZHEJIANG_TEXT.encode())
    real_load = build_module.load_source

    def load_then_delete(p: Path):
        source = real_load(p)
        if p == path:
            p.unlink()
        return source

    monkeypatch.setattr(build_module, "load_source", load_then_delete)
    message = _fails(served, raw, str(path))
    assert "disk full" not in message, message


# ---------------------------------------------------------------- the build: duplicates, clashing names, disk


def _doc_ids(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize(
    "copy",
    [
        lambda b: b,
        lambda b: b"\xef\xbb\xbf" + b,
        lambda b: b.decode("utf-8").encode("gbk"),
        lambda b: b.replace(b"\n", b"\r\n"),
        lambda b: b"\xff\xfe" + b.decode("utf-8").encode("utf-16-le"),
    ],
    ids=["identical", "bom", "gbk", "crlf", "utf16"],
)
def test_same_text_twice_is_counted_once(raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], copy) -> None:
    original = sorted(FIXTURE_CORPUS.glob("*.txt"))[-1]
    _add_doc(raw, "zz_copy", copy(original.read_bytes()), scope="全国")  # sorts after the original: it is skipped
    path = build(raw_dir=raw, out_dir=tmp_path / "out", progress=False, with_accuracy=False)
    ids = _doc_ids(path)
    assert original.stem in ids and "zz_copy" not in ids and len(ids) == 3
    out = capsys.readouterr().out
    assert f"skipped zz_copy.txt: same text as {original.name}" in out


def test_same_stem_in_two_formats_is_a_clear_error(served: Served, raw: Path) -> None:
    _add_doc(raw, "940_x", ZHEJIANG_TEXT.encode())
    (raw / "940_x.html").write_text(f"<html><body><p>{ZHEJIANG_TEXT.replace('60%', '70%')}</p></body></html>")
    message = _fails(served, raw, "940_x.txt", "940_x.html")
    assert "Constraint" not in message and "same name" in message


def test_same_stem_in_two_formats_with_the_same_text_is_deduplicated(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_doc(raw, "941_x", ZHEJIANG_TEXT.rstrip("\n").encode())
    paragraphs = "".join(f"<p>{line}</p>" for line in ZHEJIANG_TEXT.splitlines())
    (raw / "941_x.html").write_text(f"<html><body>{paragraphs}</body></html>", encoding="utf-8")
    assert read_document(raw / "941_x.html").text == read_document(raw / "941_x.txt").text
    path = build(raw_dir=raw, out_dir=tmp_path / "out", progress=False, with_accuracy=False)
    assert "941_x" in _doc_ids(path)
    out = capsys.readouterr().out
    assert "skipped 941_x.txt" in out and "941_x.html" in out  # .html sorts first, so it is the one kept


def _half_written(exc: BaseException):
    """A _write that starts the temporary database, then fails the way a full or read-only disk does."""
    real_write = build_module._write

    def write(path: Path, *args, **kwargs):
        path.write_bytes(b"DUCK" * 1000)
        raise exc

    return real_write, write


@pytest.mark.parametrize(
    ("exc", "needles"),
    [
        (OSError(28, "No space left on device"), ("disk is full", "No space left on device")),
        (duckdb.IOException('Could not write file "x": No space left on device'), ("disk is full",)),
        (duckdb.FatalException("Failed to commit: No space left on device"), ("disk is full",)),
        (OSError(30, "Read-only file system"), ("not writable", "Read-only file system")),
        (PermissionError(13, "Permission denied"), ("not writable", "Permission denied")),
    ],
    ids=["enospc", "duckdb-io", "duckdb-fatal", "erofs", "eacces"],
)
def test_full_or_read_only_disk_keeps_the_previous_database(
    served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, needles: tuple[str, ...]
) -> None:
    monkeypatch.setattr(build_module, "_write", _half_written(exc)[1])
    message = _fails(served, raw, str(served.out_dir), *needles)
    assert "Traceback" not in message


def test_read_only_output_folder(served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be written: where the OS refuses it (non-root), and simulated (root may write anyway)."""
    served.out_dir.chmod(0o555)
    try:
        if os.geteuid() == 0:
            real_open = open

            def refusing_open(file, *args, **kwargs):
                if Path(file).parent == served.out_dir and args and args[0] != "rb":
                    raise OSError(30, "Read-only file system", str(file))
                return real_open(file, *args, **kwargs)

            monkeypatch.setattr("builtins.open", refusing_open)
        with pytest.raises(BuildError) as info:
            build(name="plan_atlas", raw_dir=raw, out_dir=served.out_dir, progress=False, with_accuracy=False)
        assert str(served.out_dir) in str(info.value)
    finally:
        monkeypatch.undo()
        served.out_dir.chmod(0o755)
    served.assert_intact()


def test_stale_temporary_that_cannot_be_removed(served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = served.out_dir / f".{served.path.name}.building-1-deadbeef"
    stale.write_bytes(b"half a database")
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == stale:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(BuildError) as info:
        build(name="plan_atlas", raw_dir=raw, out_dir=served.out_dir, progress=False, with_accuracy=False)
    assert stale.name in str(info.value) and "Permission denied" in str(info.value)
    monkeypatch.undo()
    stale.unlink()
    served.assert_intact()


# ---------------------------------------------------------------- the build: a time budget per document


def _slow_on(doc_marker: str, seconds: float, monkeypatch: pytest.MonkeyPatch) -> None:
    real = build_module.extract_units

    def slow(text: str, *args, **kwargs):
        if doc_marker in text:
            time.sleep(seconds)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(build_module, "extract_units", slow)


def test_document_over_the_time_budget_stops_the_build(
    served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _add_doc(raw, "950_slow", (ZHEJIANG_TEXT + "慢文档标记\n").encode())
    _slow_on("慢文档标记", 30, monkeypatch)
    started = time.monotonic()
    with pytest.raises(BuildError) as info:
        build(name="plan_atlas", raw_dir=raw, out_dir=served.out_dir, progress=False, with_accuracy=False,
              doc_budget_s=0.3)  # fmt: skip
    assert time.monotonic() - started < 15, "the budget did not interrupt the slow extraction"
    message = str(info.value)
    assert str(path) in message and "0.3 s" in message and "PLAN_ATLAS_DOC_BUDGET_S" in message
    served.assert_intact()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0), "the build left an alarm running"


def test_time_budget_from_the_environment(served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_doc(raw, "951_slow", (ZHEJIANG_TEXT + "慢文档标记\n").encode())
    _slow_on("慢文档标记", 30, monkeypatch)
    monkeypatch.setenv("PLAN_ATLAS_DOC_BUDGET_S", "0.3")
    _fails(served, raw, "951_slow.txt", "0.3 s")


def test_time_budget_setting_is_checked(served: Served, raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAN_ATLAS_DOC_BUDGET_S", "soon")
    _fails(served, raw, "PLAN_ATLAS_DOC_BUDGET_S", "'soon'")


def test_documents_within_the_budget_build(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_doc(raw, "952_slowish", (ZHEJIANG_TEXT + "慢文档标记\n").encode())
    _slow_on("慢文档标记", 0.05, monkeypatch)
    path = build(raw_dir=raw, out_dir=tmp_path / "out", progress=False, with_accuracy=False, doc_budget_s=5)
    assert "952_slowish" in _doc_ids(path)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_budget_off_the_main_thread(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGALRM works only in the main thread; a build started from another (the Streamlit server) runs unbudgeted."""
    import threading

    _add_doc(raw, "953_slowish", (ZHEJIANG_TEXT + "慢文档标记\n").encode())
    _slow_on("慢文档标记", 0.5, monkeypatch)
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["path"] = build(raw_dir=raw, out_dir=tmp_path / "out", progress=False, with_accuracy=False,
                                   doc_budget_s=0.1)  # fmt: skip
        except Exception as exc:  # noqa: BLE001 (reported below)
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert "error" not in result, result
    assert "953_slowish" in _doc_ids(result["path"])  # type: ignore[arg-type]


# ---------------------------------------------------------------- curated CSVs: encoding, size, quotes, schema

CURATED_FILES = ("headline_targets.csv", "corrections.csv", "outcomes.csv", "no_outcome.csv")


def _edit_curated(curated_copy: Path, name: str, edit) -> Path:
    path = curated_copy.with_name(name)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_bytes(edit(lines))
    return path


@pytest.mark.parametrize("name", CURATED_FILES)
def test_curated_file_in_gbk(served: Served, raw: Path, curated_copy: Path, name: str) -> None:
    path = _edit_curated(curated_copy, name, lambda lines: "".join(lines).encode("gbk"))
    _fails(served, raw, str(path), "not UTF-8", "GBK", "line 2")


@pytest.mark.parametrize("name", CURATED_FILES)
def test_curated_field_above_the_csv_module_limit(served: Served, raw: Path, curated_copy: Path, name: str) -> None:
    path = _edit_curated(
        curated_copy, name, lambda lines: "".join([lines[0], '"' + "长" * 200_000 + '"' + lines[1]]).encode()
    )
    _fails(served, raw, str(path), "row 2", "characters")


@pytest.mark.parametrize("name", CURATED_FILES)
def test_curated_field_above_the_size_cap(served: Served, raw: Path, curated_copy: Path, name: str) -> None:
    path = _edit_curated(curated_copy, name, lambda lines: "".join([lines[0], "x" * 20_000 + lines[1]]).encode())
    _fails(served, raw, str(path), "row 2", "at most 100 characters")


@pytest.mark.parametrize("name", CURATED_FILES)
def test_curated_unclosed_quote_names_its_line(served: Served, raw: Path, curated_copy: Path, name: str) -> None:
    def open_a_quote(lines: list[str]) -> bytes:
        fields = lines[1].rstrip("\r\n").split(",")
        fields[1] = '"' + fields[1].strip('"')  # opened, never closed
        return "".join([lines[0], ",".join(fields) + "\n", *lines[2:]]).encode()

    path = _edit_curated(curated_copy, name, open_a_quote)
    message = _fails(served, raw, str(path), "unclosed quote", "line 2")
    assert "missing" not in message and "empty" not in message, message


@pytest.mark.parametrize("name", CURATED_FILES)
def test_curated_unknown_column(served: Served, raw: Path, curated_copy: Path, name: str) -> None:
    def add_column(lines: list[str]) -> bytes:
        return "".join(ln.rstrip("\r\n") + (",author\n" if i == 0 else ",someone\n") for i, ln in enumerate(lines))

    path = _edit_curated(curated_copy, name, lambda lines: add_column(lines).encode())
    _fails(served, raw, str(path), "unknown column(s) author")


def test_curated_nul_byte(served: Served, raw: Path, curated_copy: Path) -> None:
    path = _edit_curated(
        curated_copy, "headline_targets.csv", lambda lines: "".join(lines).replace(",", ",\0", 20).encode()
    )
    _fails(served, raw, str(path), "NUL")


def test_curated_schema_is_declared_with_pydantic() -> None:
    from pydantic import BaseModel

    from database import corrections, curated

    for model, columns in (
        (curated.HeadlineTargetRow, curated.HEADLINE_COLUMNS),
        (curated.NoTargetRow, curated.NO_TARGET_COLUMNS),
        (curated.OutcomeRow, curated.OUTCOME_COLUMNS),
        (curated.NoOutcomeRow, curated.NO_OUTCOME_COLUMNS),
        (corrections.CorrectionRow, corrections.COLUMNS),
    ):
        assert issubclass(model, BaseModel) and model.model_config["extra"] == "forbid"
        assert tuple(model.model_fields) == columns
        for field in model.model_fields.values():
            caps = [m.max_length for m in field.metadata if hasattr(m, "max_length")]
            assert caps and max(caps) <= 10_000, field
