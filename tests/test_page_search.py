"""AppTest of the 搜索 Search page and the keyword_hits query: literal and regex search, wildcard and injection safety,
province filter, section placement, and escaping of the hit context."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from atlas.queries import search
from tests.conftest import DASHBOARD
from tests.test_page_province import HOSTILE, HOSTILE_TITLE

PAGE = "pages/search.py"


def texts(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    finally:
        con.close()


def open_search(at: AppTest, **params: object) -> AppTest:
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def hits_html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if 'class="pa-text"' in m.value)


@pytest.fixture
def con(built_db: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def test_keyword_search_counts_every_occurrence_and_places_it_in_a_section(dashboard: AppTest, built_db: Path) -> None:
    at = open_search(dashboard, q="工业互联网")
    assert at.text_input(key="q").value == "工业互联网"
    expected = sum(t.count("工业互联网") for t in texts(built_db).values())
    assert expected > 10
    assert any(f"共 {expected} 处" in s.value for s in at.success)
    summary = at.dataframe[0].value
    assert summary["命中数"].sum() == expected
    html = hits_html(at)
    assert html.count(">工业互联网</mark>") == min(expected, 200)
    assert "天津" in html


def test_hits_outside_every_section_are_labelled_so(con: duckdb.DuckDBPyConnection) -> None:
    hits = search.keyword_hits(con, "十四五")
    outside = hits[hits["province"].isna()]
    inside = hits[hits["province"].notna()]
    assert len(outside) and len(inside)
    sections = con.execute("SELECT doc_id, province, start_pos, end_pos FROM sections").fetchall()
    for h in inside.itertuples():
        assert any(d == h.doc_id and p == h.province and s <= h.start_pos < e for d, p, s, e in sections)
    for h in outside.itertuples():
        assert not any(d == h.doc_id and s <= h.start_pos < e for d, _, s, e in sections)


def test_like_wildcards_and_quotes_are_literal(con: duckdb.DuckDBPyConnection, built_db: Path) -> None:
    docs = texts(built_db)
    for keyword in ("%", "_", "\\", "'", "%数字%"):
        hits = search.keyword_hits(con, keyword)
        assert len(hits) == sum(t.count(keyword) for t in docs.values()), keyword
        assert (hits["match"] == keyword).all()
    assert search.escape_like("5%_a\\") == "5\\%\\_a\\\\"


def test_injection_attempt_is_just_a_keyword(dashboard: AppTest, built_db: Path) -> None:
    at = open_search(dashboard, q="'; DROP TABLE documents; --")
    assert any("没有找到" in w.value for w in at.warning)
    assert len(texts(built_db)) >= 2


def test_regex_mode_and_its_offsets(con: duckdb.DuckDBPyConnection, built_db: Path) -> None:
    hits = search.keyword_hits(con, "数据(交易|要素)", regex=True)
    docs = texts(built_db)
    assert len(hits) == sum(len(re.findall("数据(?:交易|要素)", t)) for t in docs.values()) > 0
    for h in hits.itertuples():
        assert docs[h.doc_id][h.start_pos : h.end_pos] == h.match
        assert h.match in ("数据交易", "数据要素")
    with pytest.raises(search.SearchError):
        search.keyword_hits(con, "数据(", regex=True)
    with pytest.raises(search.SearchError):
        search.keyword_hits(con, "x*", regex=True)


def test_bad_regex_shows_an_error_not_a_crash(dashboard: AppTest) -> None:
    at = open_search(dashboard, q="数据(", regex="true")
    assert at.toggle(key="regex").value is True
    assert any("无法检索" in e.value for e in at.error)


def test_province_filter_keeps_only_that_provinces_hits(dashboard: AppTest, con: duckdb.DuckDBPyConnection) -> None:
    everywhere = search.keyword_hits(con, "数字")
    at = open_search(dashboard, q="数字", prov=["广东"])
    assert at.multiselect(key="prov").value == ["广东"]
    summary = at.dataframe[0].value
    assert summary["省份"].tolist() == ["广东"]
    assert summary["命中数"].iloc[0] == (everywhere["province"] == "广东").sum() > 0
    assert "浙江" not in hits_html(at)


def test_hit_context_is_escaped(make_raw_dir: Callable[..., Path], db_from_raw: Callable[[Path], Path]) -> None:
    db_from_raw(make_raw_dir({"900_hostile": (HOSTILE, {"title": HOSTILE_TITLE, "scope": "宁夏"})}))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at = open_search(at, q="alert")
    html = hits_html(at)
    assert "&lt;script&gt;" in html and "&lt;b&gt;" in html and "&lt;i&gt;标题" in html
    assert "<script" not in html.lower() and "<b>" not in html and "<img" not in html
    assert html.count(">alert</mark>") == 3
    assert "宁夏" in html


def test_the_province_picker_speaks_english_and_the_url_keeps_stable_names(dashboard: AppTest) -> None:
    """issue 13: in English the picker reads "Guangdong 广东"; a link keeps ?prov=广东 and opens with it chosen."""
    dashboard.session_state["lang"] = "en"
    at = open_search(dashboard, q="数字", prov=["广东"])
    picker = at.multiselect(key="prov")
    assert picker.value == ["广东"] and "Guangdong 广东" in picker.options
    picker.set_value(["广东", "广西"]).run()
    assert at.query_params["prov"] == ["广东", "广西"]
